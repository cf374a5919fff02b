/* Evaluation form: rating 50 indicators on a phone takes a while. It saves by itself, as the
   feedback sheet does (js/autosave.js): each change is sent with the revision the last save
   returned, a copy stays on this device until the server has it and is offered back on the next
   visit, and a save meeting somebody else's shows their text beside one's own, which stays.
   "Bewaren" and the signature wait for the save in flight (the signature then signs the
   revision just saved). Leaving the page while a change is not saved asks first. */
(function () {
  "use strict";
  var form = document.getElementById("evaluation-form");
  if (!form || !window.UniformAutosave || !form.querySelector("[name^=level-], [name^=self-], [name=mentor_advice], [name=school_assessment]")) return;
  window.UniformAutosave(form, {
    url: form.dataset.autosave,
    key: "uniform:evaluation:" + form.dataset.evaluation,
    texts: document.getElementById("evaluation-texts"),
    banner: document.getElementById("local-draft"),
    guard: [document.getElementById("sign-form")],
  });
})();
