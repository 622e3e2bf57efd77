// Passage: country outlines from the world-atlas topology, ready for Leaflet (shared by the
// restriction map and the travellers-of-interest map).
(function () {
  "use strict";

  // Rings that cross the antimeridian (Russia, Fiji, the Aleutians) jump from +180 to -180;
  // keep each ring continuous so that Leaflet does not draw a band across the whole map.
  function unwrapRing(ring) {
    for (var i = 1; i < ring.length; i++) {
      var step = ring[i][0] - ring[i - 1][0];
      if (step > 180) ring[i][0] -= 360;
      else if (step < -180) ring[i][0] += 360;
    }
  }

  function unwrap(geometry) {
    if (!geometry) return;
    if (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon") return;
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polygons.forEach(function (polygon) { polygon.forEach(unwrapRing); });
  }

  // The countries of a world-atlas topology as GeoJSON, each ring continuous.
  function countries(topology) {
    var shapes = topojson.feature(topology, topology.objects.countries);
    shapes.features.forEach(function (feature) { unwrap(feature.geometry); });
    return shapes;
  }

  // Tooltip content as text, never markup: Leaflet sets a string as innerHTML, and names come
  // from data (points of entry, countries) that anyone with an import right can write.
  function tooltipText(text) {
    var node = document.createElement("span");
    node.textContent = text;
    return node;
  }

  window.PassageWorld = { countries: countries, tooltipText: tooltipText };
})();
