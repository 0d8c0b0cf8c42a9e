// The agent console (helpdesk/console.py): live suggestions while the question is typed, one key to link a
// suggestion and copy its answer, 定型文 inserted at the cursor, and Alt+letter keys for every action.
(function () {
  const root = document.querySelector("[data-console]");
  if (!root) return;
  const form = root.querySelector("#console-form");
  const question = form.querySelector("#id_question");
  const answer = form.querySelector("#id_answer");
  const list = root.querySelector("[data-suggestions]");
  const status = root.querySelector("[data-suggestion-status]");
  const templates = root.querySelector("[data-templates]");
  const references = root.querySelector("[data-references]");
  const escalation = root.querySelector("[data-escalation]");
  let caret = null;
  let timer = null;
  let controller = null;

  function portal() {
    const select = form.querySelector("[name=portal]");
    return select ? select.value : root.dataset.portal;
  }

  async function suggest() {
    const q = question.value.trim();
    if (q.length < 2) { list.replaceChildren(); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    const params = new URLSearchParams({ q: q, portal: portal(), exclude: root.dataset.exclude || "" });
    try {
      const response = await fetch(root.dataset.suggestionsUrl + "?" + params, { signal: controller.signal, credentials: "same-origin" });
      if (!response.ok) { status.textContent = "候補を取得できませんでした。"; return; }
      const data = await response.json();
      list.replaceChildren(...data.results.map(item));
      status.textContent = data.results.length ? data.results.length + "件の候補（Alt+J で選び、Enter で参照に追加して回答に写す）" : "候補は見つかりませんでした。";
    } catch (error) {
      if (error.name !== "AbortError") status.textContent = "候補を取得できませんでした。";
    }
  }

  function item(result) {
    const li = document.createElement("li");
    li.setAttribute("role", "option");
    li.tabIndex = -1;
    li.dataset.key = result.key;
    li.dataset.answer = result.answer;
    li.dataset.title = result.title;
    li.dataset.url = result.url;
    const type = document.createElement("span");
    type.className = "type";
    type.textContent = result.type_label;
    const link = document.createElement("a");
    link.href = result.url;
    link.target = "_blank";
    link.rel = "noopener";
    link.tabIndex = -1;
    link.textContent = result.title;
    const snippet = document.createElement("p");
    snippet.innerHTML = result.snippet;  // escaped by the server, with <mark> around the matched words
    li.append(type, link, snippet);
    return li;
  }

  function addReference(key, title, url) {
    if (references.querySelector('[data-reference="' + CSS.escape(key) + '"]')) return false;
    const empty = references.querySelector("[data-references-empty]");
    if (empty) empty.remove();
    const li = document.createElement("li");
    li.dataset.reference = key;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "reference";
    input.value = key;
    const link = document.createElement("a");
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = title;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "button button-small button-secondary";
    remove.dataset.removeReference = "";
    remove.textContent = "外す";
    li.append(input, link, " ", remove);
    references.appendChild(li);
    return true;
  }

  function insertIntoAnswer(text, replaceEmpty) {
    const at = caret === null ? answer.value.length : caret;
    if (replaceEmpty && !answer.value.trim()) {
      answer.value = text;
    } else {
      const before = answer.value.slice(0, at);
      const glue = before && !before.endsWith("\n") ? "\n" : "";
      answer.value = before + glue + text + answer.value.slice(at);
    }
    answer.focus();
    caret = answer.value.length;
    answer.setSelectionRange(caret, caret);
  }

  function linkSuggestion(li) {
    const added = addReference(li.dataset.key, li.dataset.title, li.dataset.url);
    if (li.dataset.answer) insertIntoAnswer(li.dataset.answer, true);
    status.textContent = added ? "「" + li.dataset.title + "」を参照に追加し、回答に写しました。" : "「" + li.dataset.title + "」は参照に追加済みです。";
  }

  function focusFirst(container) {
    const first = container.querySelector("[role=option]");
    if (first) first.focus();
    return Boolean(first);
  }

  function listKeys(container, onChoose, event) {
    const current = event.target.closest("[role=option]");
    if (!current || !container.contains(current)) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const options = Array.from(container.querySelectorAll("[role=option]"));
      const next = options[options.indexOf(current) + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) next.focus();
    } else if (event.key === "Enter") {
      event.preventDefault();
      onChoose(current);
    } else if (event.key === "Escape") {
      event.preventDefault();
      question.focus();
    }
  }

  function press(shortcut) {
    const button = form.querySelector('button[data-shortcut="' + shortcut + '"]');
    if (button) form.requestSubmit(button);
    return Boolean(button);
  }

  question.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 250);
  });
  answer.addEventListener("blur", function () { caret = answer.selectionStart; });
  list.addEventListener("keydown", function (event) { listKeys(list, linkSuggestion, event); });
  list.addEventListener("click", function (event) {
    const li = event.target.closest("[role=option]");
    if (li && !event.target.closest("a")) linkSuggestion(li);
  });
  templates.addEventListener("keydown", function (event) {
    listKeys(templates, function (li) { insertIntoAnswer(li.dataset.body, false); }, event);
  });
  templates.addEventListener("click", function (event) {
    const li = event.target.closest("[role=option]");
    if (li) insertIntoAnswer(li.dataset.body, false);
  });
  references.addEventListener("click", function (event) {
    if (event.target.matches("[data-remove-reference]")) event.target.closest("li").remove();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      const inEscalation = escalation && escalation.contains(document.activeElement);
      if (inEscalation) form.requestSubmit(escalation.querySelector("button[value=escalate]"));
      else press("S");
      return;
    }
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const letter = event.code.startsWith("Key") ? event.code.slice(3) : "";
    let handled = true;
    if (letter === "Q") question.focus();
    else if (letter === "A") answer.focus();
    else if (letter === "J") handled = focusFirst(list);
    else if (letter === "T") handled = focusFirst(templates);
    else if (letter === "E" && escalation) {
      escalation.open = true;
      escalation.querySelector("select, textarea, input").focus();
    } else handled = letter !== "" && press(letter);
    if (handled) event.preventDefault();
  });

  if (question.value.trim()) suggest();
  if (!root.dataset.exclude) question.focus();
})();
