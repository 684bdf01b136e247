// ringtrace: progressive additions to server-rendered pages. Every page
// works without this file; with it, the ring graph can be zoomed, panned
// and filtered by indicator kind.
(function () {
  "use strict";
  function graph() {
    var svg = document.getElementById("ring-graph");
    var tools = document.getElementById("graph-tools");
    if (!svg || !tools) return;
    tools.hidden = false;
    var vb = svg.getAttribute("viewBox").split(/\s+/).map(Number);
    var full = vb.slice();
    function apply() { svg.setAttribute("viewBox", vb.join(" ")); }
    function zoom(f, cx, cy) {
      var w = vb[2] * f, h = vb[3] * f;
      if (w < full[2] / 12 || w > full[2] * 1.5) return;
      if (cx === undefined) { cx = vb[0] + vb[2] / 2; cy = vb[1] + vb[3] / 2; }
      vb = [cx - (cx - vb[0]) * f, cy - (cy - vb[1]) * f, w, h];
      apply();
    }
    tools.querySelector("[data-zoom=in]").addEventListener("click", function () { zoom(0.75); });
    tools.querySelector("[data-zoom=out]").addEventListener("click", function () { zoom(1 / 0.75); });
    tools.querySelector("[data-zoom=reset]").addEventListener("click", function () { vb = full.slice(); apply(); });
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      var r = svg.getBoundingClientRect();
      var cx = vb[0] + (e.clientX - r.left) / r.width * vb[2];
      var cy = vb[1] + (e.clientY - r.top) / r.height * vb[3];
      zoom(e.deltaY < 0 ? 0.85 : 1 / 0.85, cx, cy);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (e) {
      if (e.target.closest("a")) return;
      drag = { x: e.clientX, y: e.clientY, vb: vb.slice() };
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      vb[0] = drag.vb[0] - (e.clientX - drag.x) / r.width * vb[2];
      vb[1] = drag.vb[1] - (e.clientY - drag.y) / r.height * vb[3];
      apply();
    });
    svg.addEventListener("pointerup", function () { drag = null; });
    var boxes = tools.querySelectorAll("input[data-kind]");
    function filter() {
      var off = {};
      boxes.forEach(function (b) { if (!b.checked) off[b.getAttribute("data-kind")] = true; });
      svg.querySelectorAll("[data-kind]").forEach(function (el) {
        el.classList.toggle("hidden", !!off[el.getAttribute("data-kind")]);
      });
    }
    boxes.forEach(function (b) { b.addEventListener("change", filter); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", graph);
  } else {
    graph();
  }
})();
