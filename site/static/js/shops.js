/* Shop search: "use my location" fills latitude/longitude from the phone and searches (hidden without GPS). */
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  if (!navigator.geolocation || !button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById("lat").value = p.coords.latitude.toFixed(5);
      document.getElementById("lon").value = p.coords.longitude.toFixed(5);
      document.getElementById("district").value = "";
      document.getElementById("shop-search").submit();
    }, function () { button.disabled = true; });
  });
})();
