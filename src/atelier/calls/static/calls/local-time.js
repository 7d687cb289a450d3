// Shows a call's dates in the reader's own time zone, beside the call's (no inline JS: CSP).
(function () {
  "use strict";
  var readerZone;
  try {
    readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  var language = document.documentElement.lang || undefined;
  var format = new Intl.DateTimeFormat(language, {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: readerZone,
  });
  document.querySelectorAll("[data-reader-time]").forEach(function (box) {
    if (box.getAttribute("data-call-zone") === readerZone) {
      return;
    }
    box.querySelectorAll("time[datetime]").forEach(function (element) {
      var moment = new Date(element.getAttribute("datetime"));
      if (!isNaN(moment.getTime())) {
        element.textContent = format.format(moment);
      }
    });
    box.querySelectorAll("[data-reader-zone]").forEach(function (element) {
      element.textContent = readerZone.replace(/_/g, " ");
    });
    box.hidden = false;
  });
})();
