// Passage: what the restriction map (/map) and the population mobility map (/map/mobility) share,
// as window.PassageMapKit. Loaded after world.js and before either map's own script.
(function () {
  "use strict";

  var DAY = 86400000;
  var css = null;

  // A colour of the page's stylesheet (the map's custom properties, e.g. --map-level-2).
  function colour(name) {
    if (!css) css = getComputedStyle(document.documentElement);
    return css.getPropertyValue(name).trim();
  }

  // The fill of restriction levels 0 to 4, in order.
  function levelColours() {
    return [0, 1, 2, 3, 4].map(function (level) { return colour("--map-level-" + level); });
  }

  // The fill of a point of entry with a status (open, closed, ...).
  function poeColour(status) {
    return colour("--map-poe-" + status) || colour("--map-poe-unknown");
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
  }

  // A function that writes a message in the status line (if the page has one).
  function sayer(status) {
    return function (message) { if (status) status.textContent = message; };
  }

  // A level as "2 · Partial restrictions", or the map's no-data label.
  function levelText(level, levelLabels, noDataLabel) {
    return level === undefined || level === null ? noDataLabel : level + " · " + levelLabels[level];
  }

  // A point of entry's status in words, and how stale it is if it is.
  function poeStatusText(p, statusLabels, staleLabel) {
    return (statusLabels[p.status] || p.status) +
      (p.stale ? " · " + staleLabel.replace("{date}", p.last_verified_on) : "");
  }

  // The world map without tiles, fitted to the inhabited latitudes.
  function worldMap(el) {
    var map = L.map(el, {
      preferCanvas: true, attributionControl: false, minZoom: 1, maxZoom: 8, zoomSnap: 0.25,
      worldCopyJump: false, maxBounds: [[-75, -220], [88, 220]], maxBoundsViscosity: 0.8
    });
    map.fitBounds([[-56, -168], [78, 180]]);
    return map;
  }

  // The country outlines (world-atlas topology) and the countries by ISO numeric id.
  function loadWorld(el) {
    return Promise.all([getJSON(el.dataset.topologyUrl), getJSON(el.dataset.countriesUrl)]);
  }

  // Show the controls that need the script and drop the no-script note inside the map.
  function reveal(el) {
    document.querySelectorAll(".js-only").forEach(function (node) { node.hidden = false; });
    var fallback = el.querySelector(".map-fallback");
    if (fallback) fallback.remove();
  }

  // The date slider (a day offset from options.start), the date field and the form, kept in step.
  // options.onShow(day) runs whenever a day is shown; options.onGo(day) when the map should load
  // it (at once from the field or the form, 250 ms after the slider stops moving).
  function dateControls(options) {
    var start = Date.parse(options.start + "T00:00:00Z");
    var slider = options.slider, dateInput = options.dateInput;
    var current = null;
    var pending = null;

    function dateAt(offset) {
      return new Date(start + offset * DAY).toISOString().slice(0, 10);
    }

    function offsetOf(day) {
      return Math.round((Date.parse(day + "T00:00:00Z") - start) / DAY);
    }

    function show(day) {
      current = day;
      options.label.textContent = day;
      slider.setAttribute("aria-valuetext", day);
      dateInput.value = day;
      options.onShow(day);
    }

    function go(day) {
      show(day);
      options.onGo(day);
    }

    slider.addEventListener("input", function () {
      show(dateAt(Number(slider.value)));
      clearTimeout(pending);
      pending = setTimeout(function () { go(current); }, 250);
    });
    dateInput.addEventListener("change", function () {
      if (!dateInput.value) return;
      slider.value = String(offsetOf(dateInput.value));
      go(dateAt(Number(slider.value)));
    });
    options.form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (dateInput.value) go(dateInput.value);
    });
    return { go: go, dateAt: dateAt, offsetOf: offsetOf };
  }

  window.PassageMapKit = {
    colour: colour,
    levelColours: levelColours,
    poeColour: poeColour,
    getJSON: getJSON,
    sayer: sayer,
    levelText: levelText,
    poeStatusText: poeStatusText,
    worldMap: worldMap,
    loadWorld: loadWorld,
    reveal: reveal,
    dateControls: dateControls
  };
}());
