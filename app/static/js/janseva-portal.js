/* The portal's report form: "Use my location" asks the browser (no map tiles, no network). */
(function () {
  var button = document.querySelector(".janseva-locate");
  if (!button) return;
  var status = document.querySelector(".janseva-locate-status");
  var latitude = document.querySelector("input[name=latitude]");
  var longitude = document.querySelector("input[name=longitude]");
  button.addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = button.dataset.failed; return; }
    status.textContent = button.dataset.busy;
    navigator.geolocation.getCurrentPosition(function (position) {
      latitude.value = position.coords.latitude.toFixed(6);
      longitude.value = position.coords.longitude.toFixed(6);
      status.textContent = button.dataset.done;
    }, function () {
      status.textContent = button.dataset.failed;
    }, {enableHighAccuracy: true, timeout: 15000});
  });
})();
