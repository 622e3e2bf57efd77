// Passage population mobility map: a progressive enhancement of the tables on /map/mobility.
// One request per date of the slider (/api/v1/map/mobility) brings every layer the reader may
// see; boundaries (world-atlas 110m) and Leaflet are served locally; no tiles.
(function () {
  "use strict";

  var el = document.getElementById("mobility-map");
  var kit = window.PassageMapKit;
  if (!el || !window.L || !window.PassageWorld || !kit || !window.fetch) return;

  var colour = kit.colour, getJSON = kit.getJSON;
  var levelLabels = JSON.parse(el.dataset.levelLabels);
  var statusLabels = JSON.parse(el.dataset.statusLabels);
  var names = JSON.parse(el.dataset.names);
  var state = { date: el.dataset.date, days: Number(el.dataset.days), data: null, countries: {}, request: 0 };

  var form = document.getElementById("mobility-form");
  var dateInput = document.getElementById("mobility-date");
  var daysInput = document.getElementById("mobility-days");
  var slider = document.getElementById("mobility-slider");
  var label = document.getElementById("mobility-date-label");
  var status = document.getElementById("mobility-status");
  var toggles = document.querySelectorAll("input[data-layer]");

  var say = kit.sayer(status);

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  function placeName(place) { return names[place.code] || place.name; }
  function levelText(level) { return kit.levelText(level, levelLabels, el.dataset.noDataLabel); }
  function strandedText(count) { return count === null ? el.dataset.withheldLabel : String(count); }
  function poeStatusText(p) { return kit.poeStatusText(p, statusLabels, el.dataset.staleLabel); }

  // --- the map and its layers ------------------------------------------------------------------
  var map = kit.worldMap(el);
  var LEVEL_COLOURS = kit.levelColours();
  var countriesLayer = null;
  var groups = { poes: L.featureGroup(), flows: L.featureGroup(), stranded: L.featureGroup() };

  function shown(layer) {
    var toggle = document.querySelector("input[data-layer='" + layer + "']");
    return Boolean(toggle && toggle.checked);
  }

  function countryStyle(feature) {
    var info = state.countries[feature.id];
    var level = info && state.data ? state.data.levels.levels[info.iso3] : undefined;
    var known = shown("levels") && level !== undefined && level !== null;
    return {
      fillColor: known ? LEVEL_COLOURS[level] : colour("--map-no-data"), fillOpacity: known ? 1 : 0.6,
      color: colour("--map-border"), weight: 0.6, opacity: 0.9
    };
  }

  function countryTooltip(feature) {
    var info = state.countries[feature.id];
    if (!info) return window.PassageWorld.tooltipText((feature.properties || {}).name || "");
    var level = state.data ? state.data.levels.levels[info.iso3] : undefined;
    return window.PassageWorld.tooltipText((names[info.iso3] || info.name) + " — " + levelText(level));
  }

  function addCountries(topology) {
    countriesLayer = L.geoJSON(window.PassageWorld.countries(topology), {
      style: countryStyle,
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(function () { return countryTooltip(feature); }, { sticky: true });
      }
    }).addTo(map);
    Object.keys(groups).forEach(function (key) { groups[key].addTo(map); });
  }

  function drawPoes(points) {
    groups.poes.clearLayers();
    points.forEach(function (p) {
      if (p.lat === null || p.lon === null) return;
      L.circleMarker([p.lat, p.lon], {
        radius: 5, weight: 1, color: "#222", fillOpacity: 0.95,
        fillColor: kit.poeColour(p.status)
      }).bindTooltip(window.PassageWorld.tooltipText(p.name + " (" + p.code + ") — " + poeStatusText(p)))
        .addTo(groups.poes);
    });
  }

  // An arrow: a line from origin to destination, as wide as its share of the largest count,
  // and a head drawn as a triangle short of the destination.
  function arrow(movement, widest) {
    var a = movement.origin, b = movement.destination;
    var weight = 2 + 10 * Math.sqrt(movement.count / widest);
    var text = fill(el.dataset.movementLabel, { origin: placeName(a), destination: placeName(b), n: movement.count });
    var dy = b.lat - a.lat, dx = b.lon - a.lon, length = Math.sqrt(dx * dx + dy * dy) || 1;
    var size = Math.min(length * 0.18, 1.2 + weight * 0.15);
    var tipLat = b.lat - dy / length * size * 0.3, tipLon = b.lon - dx / length * size * 0.3;
    var baseLat = tipLat - dy / length * size, baseLon = tipLon - dx / length * size;
    var side = [-dx / length * size * 0.5, dy / length * size * 0.5];
    var tooltip = window.PassageWorld.tooltipText(text);
    var flowColour = colour("--map-flow");
    L.polyline([[a.lat, a.lon], [baseLat, baseLon]], { color: flowColour, weight: weight, opacity: 0.8 })
      .bindTooltip(tooltip, { sticky: true }).addTo(groups.flows);
    L.polygon([[tipLat, tipLon], [baseLat + side[0], baseLon + side[1]], [baseLat - side[0], baseLon - side[1]]],
      { color: flowColour, weight: 1, fillColor: flowColour, fillOpacity: 0.9 })
      .bindTooltip(tooltip).addTo(groups.flows);
  }

  function drawFlows(layer) {
    groups.flows.clearLayers();
    if (!layer) return;
    var drawn = layer.movements.filter(function (m) {
      return m.origin.lat !== null && m.destination.lat !== null;
    });
    var widest = Math.max.apply(null, [1].concat(drawn.map(function (m) { return m.count; })));
    drawn.forEach(function (movement) { arrow(movement, widest); });
  }

  function drawStranded(layer) {
    groups.stranded.clearLayers();
    if (!layer) return;
    var largest = Math.max.apply(null, [1].concat(layer.countries.map(function (c) { return c.count || 0; })));
    layer.countries.forEach(function (c) {
      if (c.lat === null || c.lon === null) return;
      var withheld = c.count === null;
      L.circleMarker([c.lat, c.lon], {
        radius: withheld ? 7 : 7 + 18 * Math.sqrt(c.count / largest), weight: 2,
        color: colour("--map-stranded"), dashArray: withheld ? "4 3" : null,
        fillColor: colour("--map-stranded"), fillOpacity: withheld ? 0 : 0.45
      }).bindTooltip(window.PassageWorld.tooltipText(fill(el.dataset.strandedLabel,
        { country: names[c.iso3] || c.name, n: strandedText(c.count) }))).addTo(groups.stranded);
    });
  }

  function applyToggles() {
    ["poes", "flows", "stranded"].forEach(function (key) {
      if (shown(key)) { if (!map.hasLayer(groups[key])) groups[key].addTo(map); }
      else if (map.hasLayer(groups[key])) map.removeLayer(groups[key]);
    });
    if (countriesLayer) countriesLayer.setStyle(countryStyle);
  }

  // --- the tables ---------------------------------------------------------------------------
  function cell(tag, text) {
    var node = document.createElement(tag);
    node.textContent = text;
    return node;
  }

  function placeText(place) {
    return placeName(place) + (place.lat === null ? " (" + el.dataset.notPlacedLabel + ")" : "");
  }

  function fillRows(id, rows, empty) {
    var body = document.getElementById(id);
    if (!body) return;
    body.textContent = "";
    rows.forEach(function (row) { body.appendChild(row); });
    if (!rows.length && empty) body.appendChild(empty);
  }

  // The countries with a level or stranded migrants on the date, by name in the page's language.
  function countryRows(data) {
    var stranded = {};
    if (data.stranded) {
      data.stranded.countries.forEach(function (c) { if (c.iso3 in names) stranded[c.iso3] = c.count; });
    }
    var codes = Object.keys(data.levels.levels).concat(Object.keys(stranded).filter(function (iso3) {
      return !(iso3 in data.levels.levels);
    })).filter(function (iso3) { return iso3 in names; });
    codes.sort(function (a, b) { return names[a].localeCompare(names[b]); });
    return codes.map(function (iso3) {
      var row = document.createElement("tr");
      row.dataset.iso3 = iso3;
      var head = document.createElement("th");
      head.scope = "row";
      var link = cell("a", names[iso3]);
      link.href = "/countries/" + iso3 + "?date=" + data.date;
      head.appendChild(link);
      row.appendChild(head);
      row.appendChild(cell("td", levelText(data.levels.levels[iso3])));
      if (data.stranded) row.appendChild(cell("td", strandedText(iso3 in stranded ? stranded[iso3] : 0)));
      return row;
    });
  }

  function updateTables(data) {
    var rows = countryRows(data);
    fillRows("mobility-country-rows", rows);
    document.querySelectorAll("[data-country-count]").forEach(function (n) { n.textContent = rows.length; });
    var total = document.querySelector("[data-stranded-total]");
    if (total && data.stranded) total.textContent = strandedText(data.stranded.total);
    fillRows("mobility-poe-rows", data.poes.points.map(function (p) {
      var row = document.createElement("tr");
      var head = document.createElement("th");
      head.scope = "row";
      var link = cell("a", p.name);
      link.href = "/poes/" + p.id;
      head.appendChild(link);
      head.appendChild(document.createTextNode(" "));
      head.appendChild(cell("code", p.code));
      row.appendChild(head);
      row.appendChild(cell("td", names[p.country] || p.country));
      row.appendChild(cell("td", poeStatusText(p)));
      return row;
    }));
    document.querySelectorAll("[data-poe-count]").forEach(function (n) { n.textContent = data.poes.points.length; });
    if (data.flows) {
      var body = document.getElementById("mobility-flow-rows");
      var empty = null;
      if (body && body.dataset.empty) {
        empty = document.createElement("tr");
        var note = cell("td", body.dataset.empty);
        note.colSpan = 4;
        empty.appendChild(note);
      }
      fillRows("mobility-flow-rows", data.flows.movements.map(function (m) {
        var row = document.createElement("tr");
        [placeText(m.origin), placeText(m.destination), String(m.count), m.points.join(", ")]
          .forEach(function (text) { row.appendChild(cell("td", text)); });
        return row;
      }), empty);
      document.querySelectorAll("[data-flow-count]").forEach(function (n) { n.textContent = data.flows.movements.length; });
      document.querySelectorAll("[data-flows-from]").forEach(function (n) { n.textContent = data.flows.from; });
    }
    document.querySelectorAll("[data-map-date]").forEach(function (n) { n.textContent = data.date; });
  }

  // --- one date ------------------------------------------------------------------------------
  function load(day) {
    var request = ++state.request;
    say(el.dataset.loadingLabel);
    var url = el.dataset.mobilityUrl + "?date=" + encodeURIComponent(day) + "&days=" + state.days;
    return getJSON(url).then(function (data) {
      if (request !== state.request) return;
      state.data = data;
      if (countriesLayer) countriesLayer.setStyle(countryStyle);
      drawPoes(data.poes.points);
      drawFlows(data.flows);
      drawStranded(data.stranded);
      updateTables(data);
      fitOnce();
      say(fill(el.dataset.countLabel, { n: Object.keys(data.levels.levels).length, date: day }));
    }).catch(function () { say(el.dataset.errorLabel); });
  }

  // The first time there are movements or stranded migrants to show, zoom to them (the world
  // stays one zoom-out away): at phone width a whole-world view hides a region's arrows.
  function fitOnce() {
    if (state.fitted) return;
    var bounds = null;
    ["flows", "stranded"].forEach(function (key) {
      if (!groups[key].getLayers().length) return;
      var found = groups[key].getBounds();
      bounds = bounds ? bounds.extend(found) : L.latLngBounds(found.getSouthWest(), found.getNorthEast());
    });
    if (!bounds || !bounds.isValid()) return;
    state.fitted = true;
    map.fitBounds(bounds.pad(0.6), { maxZoom: 5 });
  }

  var dates = kit.dateControls({
    start: el.dataset.start, slider: slider, dateInput: dateInput, form: form, label: label,
    onShow: function (day) { state.date = day; },
    onGo: function (day) {
      history.replaceState(null, "", "?date=" + day + "&days=" + state.days);
      load(day);
    }
  });
  if (daysInput) {
    daysInput.addEventListener("change", function () {
      state.days = Number(daysInput.value);
      dates.go(state.date);
    });
  }
  toggles.forEach(function (toggle) { toggle.addEventListener("change", applyToggles); });

  kit.reveal(el);
  document.querySelectorAll(".map-table").forEach(function (table) { table.open = false; });

  kit.loadWorld(el)
    .then(function (results) {
      state.countries = results[1];
      addCountries(results[0]);
      return load(state.date);
    })
    .catch(function () { say(el.dataset.errorLabel); });
}());
