// Suggestions under the header search box while typing; the list comes from the search app's suggest endpoint.
(function () {
  const input = document.querySelector("[data-testid=search-input]");
  const list = document.querySelector("[data-testid=search-suggestions]");
  if (!input || !list) return;
  let timer = null;
  let controller = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(async function () {
      const q = input.value.trim();
      if (q.length < 2) { list.hidden = true; return; }
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), { signal: controller.signal, credentials: "same-origin" });
        if (!response.ok) { list.hidden = true; return; }
        const data = await response.json();
        list.replaceChildren(...data.suggestions.map(function (item) {
          const li = document.createElement("li");
          li.setAttribute("role", "option");
          const a = document.createElement("a");
          a.href = item.url;
          a.textContent = item.title;
          li.appendChild(a);
          return li;
        }));
        list.hidden = data.suggestions.length === 0;
      } catch (error) {
        if (error.name !== "AbortError") list.hidden = true;
      }
    }, 200);
  });
  input.addEventListener("keydown", function (event) { if (event.key === "Escape") list.hidden = true; });
})();

// Filters that apply as soon as a choice is made (no inline handlers: the Content-Security-Policy forbids them).
document.querySelectorAll("[data-submit-on-change]").forEach(function (field) {
  field.addEventListener("change", function () { field.form.submit(); });
});
