/* Evaluation form: rating 50 indicators on a phone takes a while, and the page saves with its
   button. Nothing is lost when the page is left, the phone locks or the connection drops: a copy
   stays on this device (js/local-copy.js) until the form is saved, is offered back on the next
   visit, and the sticky bar says "not saved yet" while there are changes. Leaving the page with
   unsaved changes asks first. */
(function () {
  "use strict";
  var form = document.getElementById("evaluation-form");
  if (!form || !window.UniformLocalCopy) return;
  var copy = window.UniformLocalCopy(form, "uniform:evaluation:" + form.dataset.evaluation);
  var state = document.getElementById("unsaved-state");
  var dirty = false;
  var submitting = false;

  function changed() {
    dirty = true;
    copy.keep();
    if (state) state.hidden = false;
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty && !submitting) { e.preventDefault(); e.returnValue = ""; }
  });
  copy.offer(document.getElementById("local-draft"), changed);
})();
