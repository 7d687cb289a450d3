// The contribution form: podcast fields only for podcast episodes, the licence's address only
// for another licence. Without JavaScript every field stays visible.
(function () {
  "use strict";

  function bind(name) {
    var control = document.querySelector('[data-controls="' + name + '"]');
    if (!control) {
      return;
    }
    var attribute = "data-shown-for-" + name;
    var dependents = document.querySelectorAll("[" + attribute + "]");
    function update() {
      dependents.forEach(function (element) {
        element.hidden = element.getAttribute(attribute) !== control.value;
      });
    }
    control.addEventListener("change", update);
    update();
  }

  function start() {
    bind("kind");
    bind("licence");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
