/* The menu as a disclosure button on narrow screens, folded by the
   stylesheet before the first paint (see base.html); Escape closes it and
   gives focus back to the button. Without JavaScript the menu stays open. */
(function () {
  var b = document.querySelector(".menu-toggle"), nav = document.getElementById("site-nav");
  if (!b || !nav) return;
  function show(open) {
    b.setAttribute("aria-expanded", open);
    nav.classList.toggle("open", open);
  }
  b.onclick = function () { show(b.getAttribute("aria-expanded") != "true"); };
  document.addEventListener("keydown", function (e) {
    // The button is shown (offsetParent) on narrow screens only.
    if (e.key == "Escape" && b.offsetParent && nav.classList.contains("open")) { show(false); b.focus(); }
  });
})();

/* Search, shown by the stylesheet where it can work (`js-search`, see
   base.html); its code (assets/search.js) and Pagefind load the first
   time the box gets focus. */
(function () {
  var form = document.querySelector("form.search");
  if (!form || !window.URL || !document.documentElement.classList.contains("js-search")) return;
  var input = form.querySelector("input");
  function load() {
    import(new URL("assets/search.js", new URL(form.dataset.root, location.href)).href)
      .then(function (m) { m.attach(form); });
  }
  // The box is shown before this script arrives: it may have focus already.
  if (document.activeElement == input) load();
  else input.addEventListener("focus", load, { once: true });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
})();

/* Offline: the service worker of the page's language, registered where
   the page links its web app manifest (built sites only: the preview
   links none, so it is never cached). */
(function () {
  var m = document.querySelector("link[rel=manifest]");
  if (m && navigator.serviceWorker) navigator.serviceWorker.register(new URL("sw.js", m.href)).catch(function () {});
})();
