/* On every page. Logging out on a shared tablet leaves nothing of the people on it behind:
   copies of feedback sheets kept on the device (js/feedback-sheet.js) are removed. */
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form[data-logout]")) return;
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var name = localStorage.key(i);
        if (name && name.indexOf("uniform:") === 0) localStorage.removeItem(name);
      }
    } catch (err) { /* storage unavailable: nothing kept either */ }
  });
})();
