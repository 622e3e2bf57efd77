// Passage: read a certificate QR code with the device camera (jsQR), fill the QR text field and
// submit the form. An enhancement only: without JavaScript or a camera, paste the text or
// upload a photo (decoded on the server).
(function () {
  "use strict";

  var script = document.currentScript;
  var box = document.querySelector(".camera");
  var form = document.getElementById("certificate-form");
  var field = document.getElementById("qr_text");
  if (!box || !form || !field || !window.jsQR) return;
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;

  var button = document.getElementById("camera-start");
  var video = document.getElementById("camera-video");
  var status = document.getElementById("camera-status");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  box.hidden = false;

  function say(key) {
    status.textContent = script.dataset[key] || "";
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
  }

  function scan() {
    if (!stream) return;
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: "dontInvert" });
      if (code && code.data) {
        field.value = code.data;
        say("found");
        stop();
        form.requestSubmit();
        return;
      }
    }
    window.requestAnimationFrame(scan);
  }

  button.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        video.play();
        say("scanning");
        window.requestAnimationFrame(scan);
      })
      .catch(function () { say("noCamera"); });
  });
  window.addEventListener("pagehide", stop);
})();
