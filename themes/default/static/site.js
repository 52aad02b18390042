/* The menu as a disclosure button on narrow screens. Without JavaScript
   the menu simply stays open above the page. */
(function () {
  var button = document.querySelector(".menu-toggle");
  var nav = document.getElementById("site-nav");
  if (!button || !nav || !window.matchMedia) return;
  var narrow = window.matchMedia("(max-width: 59.99rem)");
  function show(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.hidden = !open && narrow.matches;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    show(button.getAttribute("aria-expanded") !== "true");
  });
  if (narrow.addEventListener) narrow.addEventListener("change", function () { show(false); });
  show(false);
})();
