// The search box: asks Pagefind (the index of the page's language, made by
// `build` under pagefind/) as the reader types, and lists the pages found.
// Loaded by site.js the first time the box gets focus.
//
// Other languages: when the reader's language finds nothing, or the French
// pages hold the query as a phrase (French interface words such as
// "emploi du temps", typed by a reader of another language), the pages
// found in the other languages follow, each labelled with its language
// and linked to the reader's own version of that page. They come from a
// second Pagefind instance that merges the other languages' indexes (the
// same bundle, reached by another path, as Pagefind merges each bundle
// once). The words (counts, "nothing found", other languages) come from
// assets/words.json rather than from every page.

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
  const lang = document.documentElement.lang;
  const bundle = new URL("pagefind/", root).href;
  const engine = import(bundle + "pagefind.js");
  const words = fetch(new URL("words.json", import.meta.url))
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  let others;
  let asked = 0;
  let timer;

  // The other languages' indexes, in a Pagefind instance of their own.
  function otherEngine() {
    others ||= engine.then(async (pf) => {
      const entry = await (await fetch(bundle + "pagefind-entry.json")).json();
      const codes = Object.keys(entry.languages).filter((c) => c !== lang);
      const other = pf.createInstance({ basePath: bundle });
      for (const c of codes) await other.mergeIndex(bundle + "./", { language: c });
      return other;
    });
    return others;
  }

  // The language of a result's page (its first folder under the root).
  const langOf = (url) => new URL(url, location.href).href.slice(root.href.length).split("/")[0];

  function item(r, foreign, w) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = r.url;
    a.textContent = r.meta.title || r.url;
    li.append(a);
    if (foreign) {
      a.lang = foreign;
      a.dir = "auto";
      const name = new Intl.DisplayNames([lang], { type: "language" }).of(foreign);
      const tag = document.createElement("span");
      tag.className = "search-lang";
      tag.textContent = ` (${name})`;
      const mine = document.createElement("a");
      mine.href = new URL(r.url, location.href).href.replace(root.href + foreign + "/", root.href + lang + "/");
      mine.textContent = w.search_here || lang;
      mine.className = "search-here";
      li.append(tag, " ", mine);
    }
    const p = document.createElement("p");
    p.innerHTML = r.excerpt;
    if (foreign) p.lang = foreign;
    li.append(p);
    return li;
  }

  function say(text, results, foreign, w) {
    const items = results.map((r) => item(r, null, w));
    if (foreign.length) {
      const h = document.createElement("li");
      h.className = "search-other";
      h.textContent = w.search_other || "";
      items.push(h, ...foreign.map((r) => item(r, langOf(r.url), w)));
    }
    list.replaceChildren(...items);
    list.hidden = items.length === 0;
    status.textContent = text;
  }

  async function run() {
    const q = input.value.trim();
    const mine = ++asked;
    if (!q) return say("", [], [], {});
    try {
      const found = await (await engine).search(q);
      const data = await Promise.all(found.results.slice(0, shown).map((r) => r.data()));
      if (mine !== asked) return;
      const n = found.results.length;
      const w = (await words)[lang] || {};
      let foreign = [];
      // Nothing here: any other language. Otherwise French pages holding
      // the query as a phrase (the intranet's own words), for readers of
      // other languages.
      if (n === 0 || lang !== "fr") {
        const phrase = `"${q.replaceAll('"', "")}"`;
        const more = await (await otherEngine()).search(n === 0 ? q : phrase);
        const all = await Promise.all(more.results.slice(0, shown * 2).map((r) => r.data()));
        if (mine !== asked) return;
        // Merged indexes may answer pages where no word matched: dropped.
        foreign = all
          .filter((r) => r.locations && r.locations.length > 0)
          .filter((r) => langOf(r.url) !== lang && (n === 0 || langOf(r.url) === "fr"))
          .slice(0, shown);
      }
      say(n ? (w.search_count || "{n}").replace("{n}", n) : w.search_none || "", data, foreign, w);
    } catch {
      const w = (await words)[lang] || {};
      if (mine === asked) say(w.search_error || "Search could not load.", [], [], {});
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
