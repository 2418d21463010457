/* Catalogue search: suggestions under the search box as the person types (2+ characters, 200 ms pause). */
(function () {
  "use strict";
  var q = document.getElementById("q"), ul = document.getElementById("suggest"), timer;
  if (!q || !ul || !window.fetch) return;
  q.addEventListener("input", function () {
    clearTimeout(timer);
    var value = q.value.trim();
    if (value.length < 2) { ul.hidden = true; return; }
    timer = setTimeout(function () {
      fetch("/search/suggest/?q=" + encodeURIComponent(value)).then(function (r) { return r.json(); }).then(function (d) {
        ul.textContent = "";
        d.suggestions.forEach(function (s) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = s.url;
          a.textContent = s.title;
          li.appendChild(a);
          ul.appendChild(li);
        });
        ul.hidden = !d.suggestions.length;
      }).catch(function () { ul.hidden = true; });
    }, 200);
  });
})();
