// The search box: asks Pagefind (the index of the page's language, made by
// `build` under pagefind/) as the reader types, and lists the pages found.
// Loaded by site.js the first time the box gets focus.

const shown = 8;

export function attach(form) {
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("search.css", import.meta.url).href;
  document.head.append(style);
  const input = form.querySelector("input");
  const list = form.querySelector("ol");
  const status = form.querySelector("[role=status]");
  const root = new URL(form.dataset.root, location.href);
  const engine = import(new URL("pagefind/pagefind.js", root).href);
  let asked = 0;
  let timer;

  function say(text, results) {
    list.replaceChildren(...results.map((r) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.meta.title || r.url;
      const p = document.createElement("p");
      p.innerHTML = r.excerpt;
      li.append(a, p);
      return li;
    }));
    list.hidden = results.length === 0;
    status.textContent = text;
  }

  async function run() {
    const q = input.value.trim();
    const mine = ++asked;
    if (!q) return say("", []);
    try {
      const found = await (await engine).search(q);
      const data = await Promise.all(found.results.slice(0, shown).map((r) => r.data()));
      if (mine !== asked) return;
      const n = found.results.length;
      say(n ? form.dataset.count.replace("{n}", n) : form.dataset.none, data);
    } catch {
      if (mine === asked) say(form.dataset.error, []);
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      input.value = "";
      run();
    }
  });
  form.addEventListener("submit", run);
  run();
}
