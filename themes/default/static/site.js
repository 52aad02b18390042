/* The menu as a disclosure button on narrow screens, folded by the
   stylesheet before the first paint (see base.html); Escape closes it and
   gives focus back to the button. Without JavaScript the menu stays open.
   Then search, shown by the stylesheet where it can work ("js-search", see
   base.html): its code (assets/search.js) and Pagefind load the first time
   the box gets focus. Then offline: the service worker of the page's
   language, registered where the page links its web app manifest (built
   sites only: the preview links none, so it is never cached). */
(function (d) {
var b = d.querySelector(".menu-toggle"), nav = d.getElementById("site-nav"), f = d.querySelector("form.search"), m = d.querySelector("link[rel=manifest]"), i;
function show(o) { b.setAttribute("aria-expanded", o); nav.classList.toggle("open", o); }
if (b && nav) {
b.onclick = function () { show(b.getAttribute("aria-expanded") != "true"); };
// The button is shown (offsetParent) on narrow screens only.
d.addEventListener("keydown", function (e) { if (e.key == "Escape" && b.offsetParent && nav.classList.contains("open")) { show(false); b.focus(); } });
}
if (f && d.documentElement.classList.contains("js-search")) {
i = f.querySelector("input");
function load() { import(new URL("assets/search.js", new URL(f.dataset.root, location.href)).href).then(function (s) { s.attach(f); }); }
// The box is shown before this script arrives: it may have focus already.
if (d.activeElement == i) load(); else i.addEventListener("focus", load, { once: true });
f.addEventListener("submit", function (e) { e.preventDefault(); });
}
if (m && navigator.serviceWorker) navigator.serviceWorker.register(new URL("sw.js", m.href)).catch(function () {});
})(document);
