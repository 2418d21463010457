/* Small helpers for forms and sharing, loaded with `defer` (no inline scripts). Pages work without them:
   the controls they drive stay hidden until this file runs. */
(function () {
  "use strict";

  // <label hidden><input type="checkbox" data-show-password="id_password"> show password</label>
  document.querySelectorAll("[data-show-password]").forEach(function (box) {
    var input = document.getElementById(box.getAttribute("data-show-password"));
    if (!input) return;
    var label = box.closest("label");
    if (label) label.hidden = false;
    box.addEventListener("change", function () {
      input.type = box.checked ? "text" : "password";
    });
  });

  function copyFallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  // <button hidden data-copy="text" data-copied="Copied">Copy</button>
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    var label = button.textContent;
    function done() {
      button.textContent = button.getAttribute("data-copied") || label;
      button.setAttribute("data-state", "copied");
      window.setTimeout(function () { button.textContent = label; }, 2500);
    }
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { if (copyFallback(text)) done(); });
      } else if (copyFallback(text)) {
        done();
      }
    });
  });
})();
