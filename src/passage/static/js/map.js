// Passage restriction map: a progressive enhancement of the server-rendered table on /map.
// Boundaries (world-atlas, ISO 3166 numeric ids) and Leaflet are served locally; no tiles.
(function () {
  "use strict";

  var el = document.getElementById("map");
  var kit = window.PassageMapKit;
  if (!el || !window.L || !window.PassageWorld || !kit || !window.fetch) return;

  var colour = kit.colour, getJSON = kit.getJSON;
  var levelLabels = JSON.parse(el.dataset.levelLabels);
  var statusLabels = JSON.parse(el.dataset.statusLabels);
  var state = { date: el.dataset.date, levels: {}, countries: {}, request: 0, poeRequest: 0 };

  var form = document.getElementById("map-form");
  var dateInput = document.getElementById("map-date");
  var slider = document.getElementById("map-slider");
  var label = document.getElementById("map-date-label");
  var poeToggle = document.getElementById("map-poes");
  var status = document.getElementById("map-status");
  var table = document.getElementById("map-table");
  var say = kit.sayer(status);

  function noDataPattern() {
    var tile = document.createElement("canvas");
    tile.width = tile.height = 8;
    var ctx = tile.getContext("2d");
    ctx.fillStyle = colour("--map-no-data");
    ctx.fillRect(0, 0, 8, 8);
    ctx.strokeStyle = colour("--map-no-data-line");
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(-2, 10); ctx.lineTo(10, -2);
    ctx.moveTo(-2, 2); ctx.lineTo(2, -2);
    ctx.moveTo(6, 10); ctx.lineTo(10, 6);
    ctx.stroke();
    return ctx.createPattern(tile, "repeat");
  }

  var LEVEL_COLOURS = kit.levelColours();
  var NO_DATA = noDataPattern();

  function levelText(level) {
    return kit.levelText(level, levelLabels, el.dataset.noDataLabel);
  }

  // --- the map -------------------------------------------------------------------------------
  var map = kit.worldMap(el);
  var countriesLayer = null;
  var poeLayer = null;  // what is on the map: the clusters of the markers
  var poeMarkers = null;  // one marker per point of entry, recoloured in place

  function countryOf(feature) {
    return state.countries[feature.id];
  }

  function styleFor(feature) {
    var info = countryOf(feature);
    var level = info ? state.levels[info.iso3] : undefined;
    var known = level !== undefined && level !== null;
    return {
      fillColor: known ? LEVEL_COLOURS[level] : NO_DATA, fillOpacity: 1,
      color: colour("--map-border"), weight: 0.6, opacity: 0.9
    };
  }

  function tooltipFor(layer) {
    var info = countryOf(layer.feature);
    var name = info ? info.name : (layer.feature.properties || {}).name || "";
    return window.PassageWorld.tooltipText(name + " — " + levelText(info ? state.levels[info.iso3] : undefined) +
      (info ? staleText(info.iso3) : ""));
  }

  function addCountries(topology) {
    var shapes = window.PassageWorld.countries(topology);
    countriesLayer = L.geoJSON(shapes, {
      style: styleFor,
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(function () { return tooltipFor(layer); }, { sticky: true });
        layer.on("click", function () {
          var info = countryOf(feature);
          if (info) window.location.href = "/countries/" + encodeURIComponent(info.iso3) + "?date=" + state.date;
        });
        layer.on("mouseover", function () { layer.setStyle({ weight: 2 }); });
        layer.on("mouseout", function () { layer.setStyle({ weight: 0.6 }); });
      }
    }).addTo(map);
  }

  // --- levels on a date ----------------------------------------------------------------------
  // A level whose measures were last checked too long before the date says so.
  function staleText(iso3) {
    var since = (state.stale || {})[iso3];
    return since ? " · " + el.dataset.staleLabel.replace("{date}", since) : "";
  }

  function updateTable() {
    if (!table) return;
    table.querySelectorAll("tr[data-iso3]").forEach(function (row) {
      row.querySelector(".map-level-cell").textContent = levelText(state.levels[row.dataset.iso3]) +
        staleText(row.dataset.iso3);
      var link = row.querySelector("a");
      if (link) link.href = "/countries/" + row.dataset.iso3 + "?date=" + state.date;
    });
    document.querySelectorAll("[data-map-date]").forEach(function (node) { node.textContent = state.date; });
  }

  function loadLevels(day) {
    var request = ++state.request;
    say(el.dataset.loadingLabel);
    return getJSON(el.dataset.levelsUrl + "?date=" + encodeURIComponent(day)).then(function (body) {
      if (request !== state.request) return;
      state.levels = body.levels;
      state.stale = {};
      (body.stale || []).forEach(function (iso3) { state.stale[iso3] = (body.last_verified || {})[iso3] || "?"; });
      if (countriesLayer) countriesLayer.setStyle(styleFor);
      updateTable();
      say(el.dataset.countLabel.replace("{n}", Object.keys(body.levels).length).replace("{date}", day));
    }).catch(function () { say(el.dataset.errorLabel); });
  }

  // --- points of entry -----------------------------------------------------------------------
  function poeMarker(feature, latlng) {
    var poeStatus = feature.properties.status;
    return L.circleMarker(latlng, {
      radius: 4, weight: 1, color: "#222", fillOpacity: 0.95,
      fillColor: kit.poeColour(poeStatus)
    });
  }

  function poeTooltip(p) {
    return window.PassageWorld.tooltipText(
      p.name + " (" + p.code + ") — " + kit.poeStatusText(p, statusLabels, el.dataset.staleLabel));
  }

  // The points (about 1.7 MB for every airport) are fetched once; each later date fetches only
  // the statuses by id (a few kB) and recolours the markers in place.
  function buildPoes(day) {
    state.building = true;
    getJSON(el.dataset.poesUrl + "?date=" + encodeURIComponent(day)).then(function (body) {
      state.building = false;
      poeMarkers = L.geoJSON(body, {
        pointToLayer: poeMarker,
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(function () { return poeTooltip(feature.properties); });
          layer.on("click", function () { window.location.href = "/poes/" + feature.properties.id; });
        }
      });
      poeLayer = clustered(poeMarkers);
      if (poeToggle.checked) poeLayer.addTo(map);
      if (day !== state.date) recolourPoes(state.date);
    }).catch(function () { state.building = false; say(el.dataset.errorLabel); });
  }

  // Thousands of points of entry are grouped into clusters that show how many they hold and
  // open as the map zooms in (leaflet.markercluster); without the plugin, every point is drawn.
  function clustered(markers) {
    if (!L.markerClusterGroup) return markers;
    var group = L.markerClusterGroup({
      chunkedLoading: true, animate: false, showCoverageOnHover: false,
      maxClusterRadius: 45, disableClusteringAtZoom: 7
    });
    group.addLayers(markers.getLayers());
    return group;
  }

  function recolourPoes(day) {
    var request = ++state.poeRequest;
    getJSON(el.dataset.poeStatusesUrl + "?date=" + encodeURIComponent(day)).then(function (body) {
      if (request !== state.poeRequest || !poeMarkers) return;
      poeMarkers.eachLayer(function (layer) {
        var p = layer.feature.properties;
        p.status = body.statuses[p.id] || "unknown";
        p.last_verified_on = (body.stale || {})[p.id] || null;
        p.stale = Boolean(p.last_verified_on);
        layer.setStyle({ fillColor: kit.poeColour(p.status) });
      });
    }).catch(function () { say(el.dataset.errorLabel); });
  }

  function loadPoes(day) {
    if (!poeToggle || !poeToggle.checked) return;
    if (poeLayer) recolourPoes(day);
    else if (!state.building) buildPoes(day);
  }

  // --- date controls -------------------------------------------------------------------------
  kit.dateControls({
    start: el.dataset.start, slider: slider, dateInput: dateInput, form: form, label: label,
    onShow: function (day) { state.date = day; },
    onGo: function (day) {
      history.replaceState(null, "", "?date=" + day);
      loadLevels(day);
      loadPoes(day);
    }
  });
  if (poeToggle) {
    poeToggle.addEventListener("change", function () {
      if (poeToggle.checked) {
        if (poeLayer) poeLayer.addTo(map);
        loadPoes(state.date);
      } else if (poeLayer) map.removeLayer(poeLayer);
    });
  }

  kit.reveal(el);
  if (table) table.open = false;

  kit.loadWorld(el)
    .then(function (results) {
      state.countries = results[1];
      addCountries(results[0]);
      return loadLevels(state.date);
    })
    .then(function () { loadPoes(state.date); })
    .catch(function () { say(el.dataset.errorLabel); });
}());
