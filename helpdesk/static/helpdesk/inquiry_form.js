// The employee's inquiry form (helpdesk/inquiry_form.py): FAQs and procedures matching the question while it is
// typed. Each is a submit button, so opening one keeps everything typed (the server keeps it as a draft).
(function () {
  const form = document.querySelector("[data-inquiry-form]");
  if (!form) return;
  const question = form.querySelector("[name=question]");
  const box = form.querySelector("[data-inquiry-suggestions]");
  const list = box.querySelector("ul");
  let timer = null;
  let controller = null;

  function seen() {
    if (form.querySelector("[name=suggestions_seen]")) return;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "suggestions_seen";
    input.value = "1";
    form.appendChild(input);
  }

  function item(result) {
    const li = document.createElement("li");
    const type = document.createElement("span");
    type.className = "inquiry-suggestions__type";
    type.textContent = result.type_label;
    const open = document.createElement("button");
    open.type = "submit";
    open.name = "open";
    open.value = result.id;
    open.className = "link-button";
    open.textContent = result.title;
    open.dataset.testid = "inquiry-open-" + result.id;
    const snippet = document.createElement("p");
    snippet.innerHTML = result.snippet;  // escaped by the server, with <mark> around the matched words
    li.append(type, " ", open, snippet);
    return li;
  }

  async function suggest() {
    const q = question.value.trim();
    if (q.length < 3) return;
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(form.dataset.suggestionsUrl + "?" + new URLSearchParams({ q: q }), { signal: controller.signal, credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      list.replaceChildren(...data.results.map(item));
      box.hidden = data.results.length === 0;
      if (data.results.length) seen();
    } catch (error) {
      if (error.name !== "AbortError") box.hidden = true;
    }
  }

  question.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 400);
  });
  if (question.value.trim() && box.hidden) suggest();
})();
