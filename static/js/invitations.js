/* The invitation form (templates/uniform/invitations.html). Without this script the form works
   as it is: a plain select of every student record one may invite. With it, the student field
   only shows for the student role, lists the students of the chosen school, gets a search box,
   and choosing a student fills in their email address and name (unless typed already). */
(function () {
  "use strict";

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function init() {
    var form = document.querySelector("form[data-invitation-form]");
    if (!form) return;
    var target = form.querySelector("select[name=target]");
    var student = form.querySelector("select[data-student-picker]");
    if (!target || !student) return;
    var wrapper = student.closest("#div_id_student") || student.parentNode;
    var email = form.querySelector("input[name=email]");
    var name = form.querySelector("input[name=full_name]");
    var empty = student.options[0] && student.options[0].value === "" ? student.options[0] : null;
    var records = Array.prototype.filter.call(student.options, function (o) { return o.value !== ""; });

    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1";
    search.placeholder = form.getAttribute("data-search-label") || "";
    search.setAttribute("aria-label", search.placeholder);
    search.setAttribute("aria-controls", student.id);
    search.autocomplete = "off";
    student.parentNode.insertBefore(search, student);

    function chosenTarget() {
      return target.options[target.selectedIndex] || null;
    }

    function render() {
      var option = chosenTarget();
      var school = option ? option.getAttribute("data-school") : "";
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var selected = student.value;
      while (student.options.length) student.remove(0);
      if (empty) student.add(empty);
      records.forEach(function (o) {
        var text = fold(o.textContent + " " + (o.getAttribute("data-email") || ""));
        var fits = (!school || o.getAttribute("data-school") === school) &&
          words.every(function (w) { return text.indexOf(w) !== -1; });
        if (fits || o.value === selected) student.add(o);
      });
      student.value = selected;
    }

    function showOrHide() {
      var option = chosenTarget();
      var forStudents = option && option.getAttribute("data-role") === "student";
      wrapper.hidden = !(forStudents || student.value);
    }

    // What this script (or the "invite" link) filled in; typed values are never overwritten.
    var filled = {email: "", name: ""};
    var initial = student.options[student.selectedIndex];
    if (initial && initial.value) {
      if (email && email.value === initial.getAttribute("data-email")) filled.email = email.value;
      if (name && name.value === initial.getAttribute("data-name")) filled.name = name.value;
    }
    function fill(input, key, value) {
      if (!input) return;
      if (input.value === "" || input.value === filled[key]) {
        input.value = value || "";
        filled[key] = input.value;
      }
    }

    target.addEventListener("change", function () {
      var option = chosenTarget();
      var current = student.options[student.selectedIndex];
      if (current && current.value && (!option || option.getAttribute("data-role") !== "student" ||
          current.getAttribute("data-school") !== option.getAttribute("data-school"))) {
        student.value = "";
        applyStudent();
      }
      render();
      showOrHide();
    });
    search.addEventListener("input", render);
    search.addEventListener("keydown", function (e) {
      if (e.key === "Enter") e.preventDefault();  // searching never sends the invitation
    });
    function applyStudent() {
      var option = student.options[student.selectedIndex];
      var chosen = option && option.value ? option : null;
      fill(email, "email", chosen && chosen.getAttribute("data-email"));
      fill(name, "name", chosen && chosen.getAttribute("data-name"));
    }
    student.addEventListener("change", applyStudent);

    render();
    showOrHide();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
