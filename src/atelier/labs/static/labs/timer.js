// Round timer: remaining time from data attributes (no inline script); stops when paused.
(function () {
  "use strict";

  function format(seconds) {
    var sign = seconds < 0 ? "−" : "";
    var s = Math.abs(seconds);
    var m = Math.floor(s / 60);
    var r = s % 60;
    return sign + m + ":" + (r < 10 ? "0" : "") + r;
  }

  function tick(el) {
    var value = el.querySelector("[data-lab-timer-value]");
    var remaining;
    if (el.dataset.paused === "1" || !el.dataset.endsAt) {
      remaining = parseInt(el.dataset.remaining, 10);
    } else {
      remaining = Math.round((Date.parse(el.dataset.endsAt) - Date.now()) / 1000);
    }
    if (isNaN(remaining)) {
      return;
    }
    value.textContent = format(remaining);
    el.classList.toggle("lab-timer-over", remaining < 0);
  }

  function start() {
    var timers = document.querySelectorAll("[data-lab-timer]");
    timers.forEach(tick);
    window.setInterval(function () {
      document.querySelectorAll("[data-lab-timer]").forEach(tick);
    }, 1000);
  }

  window.atelierLabTimer = {
    update: function (lab) {
      document.querySelectorAll("[data-lab-timer]").forEach(function (el) {
        el.dataset.paused = lab.paused ? "1" : "";
        el.dataset.remaining = String(lab.remaining);
        el.dataset.endsAt = new Date(Date.now() + lab.remaining * 1000).toISOString();
        tick(el);
      });
    },
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
