// The public feedback page, offline first. A submission (with its photos, made smaller here)
// is kept on the device (localStorage) with an id made here, then sent to /api/v1/feedback; it leaves the queue only when the
// server answered (201: stored, or already stored under that id), so a send cut half-way is
// sent again and stored once. The queue is sent on load, when the network returns and every
// 30 s. The page installs as a web app: /feedback/sw.js keeps it for opening offline.
(function () {
  "use strict";
  var QUEUE = "passage-feedback-queue";
  var CODES = "passage-feedback-codes";
  var sending = false;
  var RETRY_MS = 3000;

  function read(key) {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function write(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function show(form) {
    var box = document.getElementById("feedback-queue");
    var list = document.getElementById("feedback-codes");
    if (!box || !list) { return; }
    var waiting = read(QUEUE).length;
    box.hidden = waiting === 0;
    box.textContent = form.dataset.waiting.replace("{count}", String(waiting));
    list.textContent = "";
    read(CODES).forEach(function (entry) {
      var item = document.createElement("li");
      item.textContent = entry.error ? form.dataset.rejected + " " + entry.error : form.dataset.sent + " ";
      if (entry.code) {
        var code = document.createElement("strong");
        code.className = "token";
        code.dir = "ltr";
        code.textContent = entry.code;
        item.appendChild(code);
      }
      list.appendChild(item);
    });
  }

  function settle(id, entry) {
    write(QUEUE, read(QUEUE).filter(function (item) { return item.client_id !== id; }));
    if (entry) { write(CODES, read(CODES).concat([entry])); }
  }

  function sendOne(form, item) {
    return fetch("/api/v1/feedback", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.elements.csrf_token.value },
      body: JSON.stringify(item)
    }).then(function (response) {
      if (response.status === 201) {
        return response.json().then(function (body) {
          settle(item.client_id, body.code ? { code: body.code } : null);
          return true;
        });
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 403) {
        return response.json().then(function (body) {
          settle(item.client_id, { error: body.detail || body.error });
          return true;
        });
      }
      return false;  // throttled or the server is unwell: keep it, try later
    });
  }

  function flush(form) {
    if (sending) { return Promise.resolve(); }
    sending = true;
    var queue = read(QUEUE);
    var step = function (index) {
      if (index >= queue.length) { return Promise.resolve(); }
      return sendOne(form, queue[index]).then(function (goOn) {
        show(form);
        return goOn ? step(index + 1) : undefined;
      });
    };
    return step(0).catch(function () { /* offline: the queue stays */ }).then(function () {
      sending = false;
      show(form);
      // Something is still waiting (a flaky network, a busy server): try again shortly while
      // the device says it is online; the "online" event covers the rest.
      if (read(QUEUE).length && navigator.onLine) {
        window.setTimeout(function () { flush(form); }, RETRY_MS);
      }
    });
  }

  function collect(form) {
    var item = { client_id: newId() };
    ["category", "message", "language", "place", "contact", "interpreter_language", "latitude", "longitude", "website"].forEach(function (name) {
      var field = form.elements[name];
      var value = field ? field.value.trim() : "";
      if (value) { item[name] = (name === "latitude" || name === "longitude") ? Number(value) : value; }
    });
    item.consent_to_refer = !!(form.elements.consent_to_refer && form.elements.consent_to_refer.checked);
    var files = form.elements.photos ? Array.prototype.slice.call(form.elements.photos.files, 0, 3) : [];
    return Promise.all(files.map(shrink)).then(function (photos) {
      if (photos.length) { item.photos = photos; }
      return item;
    });
  }

  // A photo is made smaller on the phone (at most 1600 px, JPEG) so that it fits in the
  // queue and costs little to send; drawing it on a canvas also leaves its metadata behind.
  // The server strips metadata again whatever it receives.
  function shrink(file) {
    var raw = new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
    if (!window.createImageBitmap) { return raw; }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return canvas.toDataURL("image/jpeg", 0.8);
    }, function () { return raw; });
  }

  function locate(form) {
    var button = document.getElementById("feedback-locate");
    if (!button || !navigator.geolocation) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        form.elements.latitude.value = position.coords.latitude.toFixed(3);
        form.elements.longitude.value = position.coords.longitude.toFixed(3);
        document.getElementById("feedback-location").textContent = form.elements.latitude.value + ", " + form.elements.longitude.value;
      });
    });
  }

  function start() {
    var form = document.getElementById("feedback-form");
    if (!form) { return; }
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/feedback/sw.js", { scope: "/feedback" }).catch(function () {});
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.elements.category.value || form.elements.message.value.trim().length < 3) {
        form.submit();  // the server shows what is missing, in the reader's language
        return;
      }
      collect(form).then(function (item) {
        try {
          write(QUEUE, read(QUEUE).concat([item]));
        } catch (e) {  // the phone's storage is full: keep the form as it is
          var box = document.getElementById("feedback-queue");
          box.hidden = false;
          box.textContent = form.dataset.full;
          return;
        }
        form.reset();
        show(form);
        flush(form);
      });
    });
    window.addEventListener("online", function () { flush(form); });
    setInterval(function () { flush(form); }, 30000);
    locate(form);
    show(form);
    flush(form);
  }

  window.passageFeedback = { flush: function () { return flush(document.getElementById("feedback-form")); } };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
