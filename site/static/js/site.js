/* Behaviour every page may use, loaded with `defer` from base.html. The Content-Security-Policy allows scripts
   from our static files only, so pages carry data-* attributes instead of inline handlers. */
(function () {
  "use strict";

  // <select data-autosubmit>: choosing an option submits its form (the form works with its button without JS)
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) select.form.submit();
    });
  });

  // <a data-back href="/">: go back a page when there is one, else follow the link
  document.querySelectorAll("a[data-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  });
})();
