// The header's menu (a <details> disclosure): folded on narrow screens, where its
// button opens it; always open on wide ones, where the button is not shown. Without
// JavaScript it simply stays open.
(function () {
  "use strict";
  var menu = document.querySelector("[data-site-menu]");
  if (!menu || !window.matchMedia) return;
  var narrow = window.matchMedia("(max-width: 48rem)");
  function fit() {
    menu.open = !narrow.matches;
  }
  fit();
  if (narrow.addEventListener) narrow.addEventListener("change", fit);
})();
