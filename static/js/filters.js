/* The practice list's filters: the page sends them closed so that, on a phone,
   the results come first. On a screen wide enough for two columns they are
   opened beside the results. Without this script they stay one click away. */
(function () {
  "use strict";
  var panel = document.getElementById("filter-panel");
  if (!panel || !window.matchMedia) {
    return;
  }
  // The width at which site.css puts filters and results side by side.
  var wide = window.matchMedia("(min-width: 52rem)");
  function follow() {
    if (wide.matches) {
      panel.open = true;
    }
  }
  follow();
  if (wide.addEventListener) {
    wide.addEventListener("change", follow);
  }
})();
