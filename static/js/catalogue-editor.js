/* Catalogue editor: drag and drop to reorder clusters, indicators, levels and activities.
   The ↑ ↓ buttons do the same without a mouse (and without JavaScript). */
(function () {
  "use strict";
  var editor = document.getElementById("editor");
  if (!editor) return;
  var url = editor.dataset.reorderUrl;
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;
  var dragged = null;

  function itemOf(el) { return el && el.closest(".sortable > [data-id]"); }

  editor.addEventListener("mousedown", function (e) {
    if (!e.target.classList.contains("drag-handle")) return;
    var item = itemOf(e.target);
    if (item) item.setAttribute("draggable", "true");
  });
  editor.addEventListener("dragstart", function (e) {
    dragged = itemOf(e.target);
    if (!dragged) return;
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", dragged.dataset.id);
    dragged.classList.add("dragging");
  });
  editor.addEventListener("dragover", function (e) {
    if (!dragged) return;
    var over = itemOf(e.target);
    if (!over || over === dragged || over.parentElement !== dragged.parentElement) return;
    e.preventDefault();
    var box = over.getBoundingClientRect();
    var after = e.clientY > box.top + box.height / 2;
    over.parentElement.insertBefore(dragged, after ? over.nextSibling : over);
  });
  editor.addEventListener("dragend", function () {
    if (!dragged) return;
    var list = dragged.parentElement;
    dragged.classList.remove("dragging");
    dragged.removeAttribute("draggable");
    dragged = null;
    var body = new URLSearchParams();
    body.append("kind", list.dataset.kind);
    if (list.dataset.parent) body.append("parent", list.dataset.parent);
    Array.prototype.forEach.call(list.children, function (child) {
      if (child.dataset.id) body.append("ids", child.dataset.id);
    });
    fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
      body: body,
      credentials: "same-origin"
    }).then(function (r) {
      if (!r.ok) { window.location.reload(); }
      else if (list.dataset.kind === "levels") { window.location.reload(); } // level numbers change
    });
  });
})();
