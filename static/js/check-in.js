/* Check-in scanner: reads a badge's QR code with the phone's camera (jsQR, vendored) and
   sends the same form as the typed code. Without a camera or JavaScript the typed-code form
   works on its own. */
(function () {
  "use strict";
  var panel = document.getElementById("scanner");
  var form = document.getElementById("code-form");
  if (!panel || !form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia ||
      typeof window.jsQR !== "function") {
    return;
  }
  var start = document.getElementById("scan-start");
  var video = panel.querySelector("video");
  var status = panel.querySelector("[role=status]");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  start.hidden = false;

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    panel.hidden = true;
  }

  function tick() {
    if (!stream) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height,
                              { inversionAttempts: "dontInvert" });
      if (found && found.data) {
        form.elements.code.value = found.data;
        form.elements.via.value = "scan";
        status.textContent = found.data;
        stop();
        form.submit();
        return;
      }
    }
    window.requestAnimationFrame(tick);
  }

  start.addEventListener("click", function () {
    panel.hidden = false;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.setAttribute("playsinline", "");
        video.play();
        window.requestAnimationFrame(tick);
      })
      .catch(function () {
        status.textContent = panel.dataset.noCamera;
      });
  });
  panel.querySelector("[data-stop]").addEventListener("click", stop);
})();
