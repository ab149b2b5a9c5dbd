// The postman's page: works from the last copy without network, says so plainly, and never
// pretends a hand-over happened offline (the code is checked on the server only).
(function () {
  var script = document.currentScript;
  var banner = document.querySelector(".janseva-offline");
  function showState() { if (banner) banner.hidden = navigator.onLine; }
  window.addEventListener("online", showState);
  window.addEventListener("offline", showState);
  showState();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(script.dataset.sw, {scope: "./"}).catch(function () {});
  }
  document.querySelectorAll(".janseva-needs-network").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!navigator.onLine) { event.preventDefault(); window.alert(script.dataset.needsNetwork); }
    });
  });
  if (navigator.geolocation && document.querySelector(".janseva-otp-form")) {
    navigator.geolocation.getCurrentPosition(function (position) {
      document.querySelectorAll(".janseva-otp-form").forEach(function (form) {
        form.latitude.value = position.coords.latitude;
        form.longitude.value = position.coords.longitude;
      });
    }, function () {}, {maximumAge: 600000, timeout: 5000});
  }
})();
