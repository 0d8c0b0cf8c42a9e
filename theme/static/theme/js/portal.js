// The portal's only script (no inline scripts, so the Content-Security-Policy can stay strict):
// the header search box's suggestions as a WAI-ARIA 1.2 combobox, and the collapsible menu on small screens.

// Search suggestions: a list autocomplete combobox (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/).
// Focus stays in the box; ↑/↓ move the active option (aria-activedescendant), Enter opens it (or searches when
// none is active), Esc closes the list (or clears the box when it is closed), leaving the box closes it.
(function () {
  const input = document.querySelector("[data-testid=search-input]");
  const list = document.querySelector("[data-testid=search-suggestions]");
  const status = document.querySelector("[data-testid=search-suggestions-status]");
  if (!input || !list) return;
  const DELAY_MS = 200;
  const MIN_LENGTH = 2;
  let timer = null;
  let controller = null;
  let active = -1;

  function options() {
    return Array.from(list.querySelectorAll("[role=option]"));
  }

  // -1 means no active option; move() wraps around the ends.
  function setActive(index) {
    const items = options();
    active = index >= 0 && index < items.length ? index : -1;
    items.forEach(function (item, position) {
      item.setAttribute("aria-selected", position === active ? "true" : "false");
    });
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function move(step) {
    const count = options().length;
    if (count) setActive(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
  }

  function open() {
    if (!options().length) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function choose(item) {
    window.location.assign(item.dataset.url);
  }

  function render(suggestions) {
    list.replaceChildren(...suggestions.map(function (suggestion, position) {
      const item = document.createElement("li");
      item.id = "site-search-option-" + position;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.className = "site-search__option";
      item.dataset.url = suggestion.url;
      if (suggestion.type_label) {
        const type = document.createElement("span");
        type.className = "site-search__type site-search__type--" + (suggestion.type || "other");
        type.textContent = suggestion.type_label;
        const separator = document.createElement("span");
        separator.className = "visually-hidden";
        separator.textContent = "：";
        item.append(type, separator);
      }
      const title = document.createElement("span");
      title.className = "site-search__title";
      title.textContent = suggestion.title;
      item.appendChild(title);
      return item;
    }));
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (status) status.textContent = suggestions.length ? "候補が" + suggestions.length + "件あります。" : "";
    if (suggestions.length) open(); else close();
  }

  async function load() {
    const query = input.value.trim();
    if (query.length < MIN_LENGTH) { render([]); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const url = new URL(input.dataset.suggestUrl, window.location.href);
      url.searchParams.set("q", query);
      const response = await fetch(url, { signal: controller.signal, credentials: "same-origin" });
      if (!response.ok) { render([]); return; }
      const data = await response.json();
      if (document.activeElement === input) render(data.suggestions || []);
    } catch (error) {
      if (error.name !== "AbortError") render([]);
    }
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(load, DELAY_MS);
  });

  input.addEventListener("keydown", function (event) {
    const expanded = !list.hidden;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!expanded) { open(); setActive(0); } else move(1);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!expanded) { open(); setActive(options().length - 1); } else move(-1);
        break;
      case "Enter":
        if (expanded && active >= 0) {
          event.preventDefault();
          choose(options()[active]);
        }
        break;
      case "Escape":
        if (expanded) { event.preventDefault(); close(); } else if (input.value) { event.preventDefault(); input.value = ""; }
        break;
      default:
        break;
    }
  });

  input.addEventListener("blur", close);
  // Pressing an option must not take the focus from the box first, or the list would close before the click.
  list.addEventListener("mousedown", function (event) { event.preventDefault(); });
  list.addEventListener("click", function (event) {
    const item = event.target.closest("[role=option]");
    if (item) choose(item);
  });
  list.addEventListener("mousemove", function (event) {
    const item = event.target.closest("[role=option]");
    if (item) setActive(options().indexOf(item));
  });
})();

// The main menu folds behind a 「メニュー」 button on small screens; without this script it simply stays open.
(function () {
  const button = document.querySelector("[data-testid=menu-toggle]");
  const menu = document.getElementById(button ? button.getAttribute("aria-controls") : "");
  if (!button || !menu) return;
  function set(expanded) {
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    menu.classList.toggle("is-collapsed", !expanded);
  }
  button.hidden = false;
  set(false);
  button.addEventListener("click", function () { set(button.getAttribute("aria-expanded") !== "true"); });
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && window.getComputedStyle(button).display !== "none") {
      set(false);
      button.focus();
    }
  });
})();

// Filters that apply as soon as a choice is made (no inline handlers: the Content-Security-Policy forbids them).
document.querySelectorAll("[data-submit-on-change]").forEach(function (field) {
  field.addEventListener("change", function () { field.form.submit(); });
});
