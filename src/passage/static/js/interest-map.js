// Passage: where travellers of interest entered, as circles on country outlines (no tiles, no
// third-party servers). The table on the page lists the same travellers without JavaScript.
(function () {
  "use strict";

  var el = document.getElementById("interest-map");
  if (!el || !window.L || !window.PassageWorld || !window.fetch) return;
  var points = JSON.parse(el.dataset.points || "[]");
  el.innerHTML = "";
  var map = L.map(el, { preferCanvas: true, attributionControl: false, minZoom: 1, maxZoom: 9, zoomSnap: 0.25 });
  map.fitBounds([[-40, -20], [40, 60]]);

  fetch(el.dataset.topologyUrl, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (topology) {
      if (!topology) return;
      L.geoJSON(window.PassageWorld.countries(topology), {
        style: { color: "#57606a", weight: 0.6, fillColor: "#f3f6f9", fillOpacity: 1 }
      }).addTo(map).bringToBack();
    });

  var bounds = [];
  points.forEach(function (point) {
    var marker = L.circleMarker([point.lat, point.lon], {
      radius: 6 + Math.min(18, Math.sqrt(point.count) * 4),
      color: "#a4161a", weight: 2, fillColor: "#d7301f", fillOpacity: 0.6
    }).addTo(map);
    marker.bindTooltip(window.PassageWorld.tooltipText(point.name + ": " + point.count + " " + el.dataset.countLabel));
    bounds.push([point.lat, point.lon]);
  });
  if (bounds.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 5 });
})();
