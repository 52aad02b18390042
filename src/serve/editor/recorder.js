// The preview's recorder, served after the runner's finder.js in the
// preview's mock intranet only. Each click, typed field, chosen option,
// ticked box or attached file is named by the finder's own rules
// (__entGuide.names) and posted to the editor that opened this tab (or
// framed it), at the editor's origin only. `count` is how many elements the
// runner would find under that name: more than one cannot be replayed.
(function () {
  "use strict";
  const me = document.currentScript;
  const editor = me && me.dataset.editor;
  const to = window.opener || (window.parent !== window ? window.parent : null);
  const G = window.__entGuide;
  if (!editor || !to || !G || !G.names) return;
  const Q = G.QUERIES;

  // The name a person reads on the screen: the element's (or its label's)
  // rendered text when it is one of the finder's names, else its first.
  function nameOf(el) {
    const names = G.names(el);
    const seen = [el.innerText];
    if (el.labels) for (const l of el.labels) seen.push(l.innerText);
    for (const s of seen) {
      const n = G.norm(s);
      if (n && names.includes(n)) return n;
    }
    return names[0] || "";
  }

  function post(action, el, kind, extra) {
    const name = nameOf(el);
    let count = 0;
    let same = false;
    if (name) {
      const found = JSON.parse(G.find(kind, name));
      count = found.matches.length;
      same = found.matches.some(m => G.found(m.index) === el);
    }
    const step = Object.assign({ action, name, count, same, page: location.pathname }, extra);
    try { to.postMessage({ entGuideStep: step }, editor); } catch (e) { /* the editor is gone */ }
  }

  const posted = new WeakMap();
  function fill(el) {
    if (posted.get(el) === el.value) return;
    posted.set(el, el.value);
    post("fill", el, "field", { value: el.value });
  }

  document.addEventListener("click", e => {
    if (!e.isTrusted || !(e.target instanceof Element)) return;
    const el = e.target.closest(Q.click);
    // Boxes are recorded as ticked, by their change.
    if (!el || el.matches(Q.check)) return;
    post("click", el, "click", {});
  }, true);

  document.addEventListener("change", e => {
    const el = e.target;
    if (!e.isTrusted || !(el instanceof Element)) return;
    if (el.matches(Q.check)) {
      if (el.checked) post("check", el, "check", {});
    } else if (el.matches(Q.select)) {
      const o = el.selectedOptions && el.selectedOptions[0];
      post("select", el, "select", { value: o ? G.norm(o.textContent) : el.value });
    } else if (el.matches(Q.file)) {
      const f = el.files && el.files[0];
      post("upload", el, "file", { value: f ? f.name : "file.pdf" });
    } else if (el.matches(Q.field)) {
      fill(el);
    }
  }, true);

  // Enter submits a form before the field's change is seen everywhere.
  document.addEventListener("keydown", e => {
    const el = e.target;
    if (e.isTrusted && e.key === "Enter" && el instanceof Element && el.matches(Q.field)) fill(el);
  }, true);
})();
