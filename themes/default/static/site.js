/* The menu as a disclosure button on narrow screens; Escape closes it and
   gives focus back to the button. Without JavaScript the menu stays open. */
(function () {
  var b = document.querySelector(".menu-toggle"), nav = document.getElementById("site-nav");
  if (!b || !nav || !window.matchMedia) return;
  var narrow = matchMedia("(max-width: 59.99rem)");
  function show(open) {
    b.setAttribute("aria-expanded", open);
    nav.hidden = !open && narrow.matches;
  }
  b.hidden = false;
  b.onclick = function () { show(b.getAttribute("aria-expanded") != "true"); };
  document.addEventListener("keydown", function (e) {
    if (e.key == "Escape" && narrow.matches && !nav.hidden) { show(false); b.focus(); }
  });
  if (narrow.addEventListener) narrow.addEventListener("change", function () { show(false); });
  show(false);
})();

/* Search, shown only with JavaScript; its code (assets/search.js) and
   Pagefind load the first time the box gets focus. */
(function () {
  var form = document.querySelector("form.search");
  // Browsers do not load modules from file://: search needs the site served.
  if (!form || !window.URL || location.protocol == "file:") return;
  form.hidden = false;
  form.querySelector("input").addEventListener("focus", function () {
    import(new URL("assets/search.js", new URL(form.dataset.root, location.href)).href)
      .then(function (m) { m.attach(form); });
  }, { once: true });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
})();
