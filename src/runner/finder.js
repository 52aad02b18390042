// Finds elements the way a person does: by accessible name or visible text.
// Injected into every page by the runner; `__entGuide.find(kind, text)`
// returns JSON with the matches (and their boxes) or, when nothing matches,
// every visible candidate's names so the runner can name near misses.
window.__entGuide = window.__entGuide || (function () {
  "use strict";
  const SKIP = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "HEAD", "TITLE", "META", "LINK"]);
  const CONTROLS = new Set(["INPUT", "SELECT", "TEXTAREA"]);

  function norm(s) {
    return String(s || "").replace(/\s+/g, " ").trim().replace(/\s*:+$/, "").trim();
  }

  function shown(el) {
    if (!(el instanceof Element)) return false;
    if (typeof el.checkVisibility === "function" &&
        !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }

  // Visible text of `node`; form controls inside are left out, so a wrapping
  // label's text is its words, not its options.
  function textOf(node) {
    let out = "";
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        out += child.data;
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        if (SKIP.has(child.tagName) || CONTROLS.has(child.tagName)) continue;
        const style = getComputedStyle(child);
        if (style.display === "none" || style.visibility === "hidden") continue;
        if (child.tagName === "IMG") out += " " + (child.getAttribute("alt") || "") + " ";
        else if (child.tagName === "BR") out += " ";
        else {
          const block = style.display !== "inline";
          out += (block ? " " : "") + textOf(child) + (block ? " " : "");
        }
      }
    }
    return out;
  }

  function transformed(el, text) {
    const t = getComputedStyle(el).textTransform;
    if (t === "uppercase") return text.toLocaleUpperCase();
    if (t === "lowercase") return text.toLocaleLowerCase();
    return text;
  }

  function byIds(ids) {
    return ids.split(/\s+/).map(id => document.getElementById(id))
      .filter(Boolean).map(e => textOf(e)).join(" ");
  }

  // Every name a person could use for `el`.
  function names(el) {
    const out = [];
    const add = s => { const n = norm(s); if (n && !out.includes(n)) out.push(n); };
    const lb = el.getAttribute("aria-labelledby");
    if (lb) add(byIds(lb));
    add(el.getAttribute("aria-label"));
    if (el.labels) for (const l of el.labels) { const t = textOf(l); add(t); add(transformed(l, t)); }
    const tag = el.tagName;
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (tag === "INPUT" && ["submit", "button", "reset"].includes(type)) {
      add(el.value); add(transformed(el, el.value));
    }
    if ((tag === "INPUT" && type === "image") || tag === "IMG") add(el.getAttribute("alt"));
    if (!CONTROLS.has(tag)) { const t = textOf(el); add(t); add(transformed(el, t)); }
    add(el.getAttribute("title"));
    add(el.getAttribute("placeholder"));
    return out;
  }

  const QUERIES = {
    click: "a[href], button, input[type=submit], input[type=button], input[type=reset], input[type=image], " +
      "input[type=checkbox], input[type=radio], summary, [role=button], [role=link], [role=tab], " +
      "[role=menuitem], [role=option], [role=checkbox], [role=radio], [onclick]",
    field: "input:not([type]), input[type=text], input[type=password], input[type=email], input[type=tel], " +
      "input[type=number], input[type=search], input[type=url], input[type=date], textarea, " +
      "[contenteditable=true], [role=textbox]",
    select: "select, [role=combobox], [role=listbox]",
    check: "input[type=checkbox], input[type=radio], [role=checkbox], [role=radio], [role=switch]",
    file: "input[type=file]",
  };

  // The element a person sees for `el`: a hidden checkbox or file input is
  // reached through its visible label.
  function visibleFace(el) {
    if (shown(el)) return el;
    if (el.labels) for (const l of el.labels) if (shown(l)) return l;
    return null;
  }

  function box(el) {
    const r = el.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height,
      page_x: r.left + window.scrollX, page_y: r.top + window.scrollY };
  }

  function describe(el) {
    const tag = el.tagName.toLowerCase();
    const type = el.getAttribute("type");
    return type ? `${tag}[type=${type}]` : tag;
  }

  function candidates(kind) {
    const out = [];
    if (kind === "text") {
      for (const k of Object.keys(QUERIES)) for (const c of candidates(k)) {
        if (!out.some(o => o.el === c.el)) out.push(c);
      }
      // A drop-down's options are what a person sees once it is open.
      for (const sel of document.querySelectorAll("select")) {
        if (!shown(sel)) continue;
        for (const o of sel.options) {
          const n = norm(o.textContent);
          if (n) out.push({ el: o, face: sel, names: [n], text: true });
        }
      }
      const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_ELEMENT);
      for (let el = walker.currentNode; el; el = walker.nextNode()) {
        if (SKIP.has(el.tagName) || !shown(el) || out.some(o => o.el === el)) continue;
        const t = textOf(el);
        const n = [norm(t), norm(transformed(el, t))].filter(Boolean);
        if (el.tagName === "IMG" && el.getAttribute("alt")) n.push(norm(el.getAttribute("alt")));
        if (el.getAttribute("title")) n.push(norm(el.getAttribute("title")));
        if (n.length) out.push({ el, face: el, names: n, text: true });
      }
      return out;
    }
    for (const el of document.querySelectorAll(QUERIES[kind])) {
      const face = visibleFace(el);
      if (!face) continue;
      const n = names(el);
      if (n.length) out.push({ el, face, names: n });
    }
    return out;
  }

  function find(kind, wanted) {
    const target = norm(wanted);
    const all = candidates(kind);
    let hits = all.filter(c => c.names.includes(target));
    if (!hits.length) {
      const low = target.toLocaleLowerCase();
      hits = all.filter(c => c.names.some(n => n.toLocaleLowerCase() === low));
    }
    let contained = false;
    if (!hits.length && kind === "text" && target.length >= 2) {
      hits = all.filter(c => c.text && c.names.some(n => n.includes(target)));
      contained = true;
    }
    // An element whose text is only its child's text is the same thing seen
    // twice: keep the innermost.
    hits = hits.filter(h => !hits.some(o => o !== h && h.el.contains(o.el)));
    window.__entGuideFound = hits.map(h => h.el);
    const result = {
      matches: hits.map((h, i) => ({
        index: i, tag: describe(h.el), name: h.names[0], box: box(h.face),
        disabled: !!h.el.disabled || h.el.getAttribute("aria-disabled") === "true",
      })),
      contained,
      names: [],
    };
    if (!hits.length) {
      const seen = new Set();
      for (const c of all) for (const n of c.names) {
        if (n.length <= 80 && !seen.has(n)) { seen.add(n); result.names.push(n); }
        if (seen.size >= 400) break;
      }
    }
    return JSON.stringify(result);
  }

  function found(i) { return (window.__entGuideFound || [])[i] || null; }

  // Scrolls match `i` into view and says whether its centre really receives
  // a click (nothing on top of it).
  function aim(i) {
    const el = found(i);
    if (!el || !el.isConnected) return JSON.stringify({ gone: true });
    const face = visibleFace(el) || el;
    const r0 = face.getBoundingClientRect();
    if (r0.top < 0 || r0.left < 0 || r0.bottom > innerHeight || r0.right > innerWidth) {
      face.scrollIntoView({ block: "center", inline: "nearest", behavior: "instant" });
    }
    // An inline element broken over two lines: aim at its first fragment,
    // not at the middle of its bounding box (which may be outside it).
    const rects = [...face.getClientRects()].filter(q => q.width > 0 && q.height > 0);
    const r = rects[0] || face.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const top = document.elementFromPoint(x, y);
    const ok = !!top && (face.contains(top) || el.contains(top) ||
      (el.labels && [...el.labels].some(l => l.contains(top))));
    return JSON.stringify({ gone: false, x, y, ok, covered_by: ok || !top ? null : describe(top) + " " + norm(textOf(top)).slice(0, 60) });
  }

  function focus(i) {
    const el = found(i);
    if (!el) return false;
    el.focus();
    if (typeof el.select === "function") el.select();
    else if (el.isContentEditable) document.execCommand("selectAll");
    return document.activeElement === el;
  }

  function changed(i) {
    const el = found(i);
    if (!el) return false;
    el.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function value(i) { const el = found(i); return el ? String(el.value ?? el.textContent) : null; }

  function choose(i, option) {
    const el = found(i);
    if (!el || !el.options) return JSON.stringify({ ok: false, options: [] });
    const want = norm(option);
    const opts = [...el.options];
    let o = opts.find(x => norm(x.textContent) === want) ||
      opts.find(x => norm(x.textContent).toLocaleLowerCase() === want.toLocaleLowerCase());
    if (!o) return JSON.stringify({ ok: false, options: opts.map(x => norm(x.textContent)) });
    el.focus();
    el.value = o.value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
    return JSON.stringify({ ok: true, options: [] });
  }

  function checked(i) { const el = found(i); return !!el && (el.checked === true || el.getAttribute("aria-checked") === "true"); }

  // Everything the capture must wait for: the document, its fonts and images.
  function ready() {
    return document.readyState === "complete" &&
      (!document.fonts || document.fonts.status === "loaded") &&
      [...document.images].every(img => img.complete);
  }

  // `names` and `QUERIES` also serve the preview's recorder, which names what a
  // person clicks with these same rules.
  return { find, found, aim, focus, changed, value, choose, checked, ready, norm, names, QUERIES };
})();
