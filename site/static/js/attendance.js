// Attendance screen (Wagtail admin): keeps the present/absent counts in step with the radios, so staff
// check the totals before saving. External file because the Content-Security-Policy forbids inline scripts.
(function () {
  var form = document.querySelector("[data-attendance-form]");
  if (!form) return;
  function count() {
    form.querySelector("[data-count=present]").textContent = form.querySelectorAll("input[value=present]:checked").length;
    form.querySelector("[data-count=absent]").textContent = form.querySelectorAll("input[value=absent]:checked").length;
  }
  form.addEventListener("change", count);
  count();
})();
