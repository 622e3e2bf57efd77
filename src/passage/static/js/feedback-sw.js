// The feedback page's service worker: keeps the page and its script so that the page opens
// again without a network. Pages are fetched from the network first (fresh translations and
// CSRF token), from the cache when offline. Submissions are not handled here: the page keeps
// them in its own queue and sends them itself (static/js/feedback.js).
"use strict";
var CACHE = "passage-feedback-v1";
var KEPT = ["/feedback", "/feedback/follow", "/static/js/feedback.js"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(KEPT); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key !== CACHE; }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || KEPT.indexOf(url.pathname) < 0) {
    return;
  }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(url.pathname);
  }));
});
