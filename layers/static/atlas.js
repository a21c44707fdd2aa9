/*
 * Pakistan Critical Minerals Atlas: map-side code.
 *
 * Sites arrive as one compact, column-oriented JSON object per layer (see layers/sites.py) and
 * are drawn as canvas markers, so 10,000 sites cost one canvas, not 10,000 DOM nodes. Every text
 * value in that JSON was HTML- and Jinja-escaped in Python (layers/text.py), so it is inserted
 * as markup here without further escaping; nothing here builds markup from unescaped input.
 */
(function () {
  "use strict";
  if (window.Atlas) { return; }

  // ---- canvas markers with a shape per site type -------------------------------------------
  var ShapeMarker = L.CircleMarker.extend({
    options: { shape: "circle" },
    _updatePath: function () {
      var renderer = this._renderer;
      var shape = this.options.shape;
      if (shape === "circle" || !(renderer instanceof L.Canvas)) {
        return L.CircleMarker.prototype._updatePath.call(this);
      }
      if (!renderer._drawing || this._empty()) { return; }
      var p = this._point, ctx = renderer._ctx, s = Math.max(Math.round(this._radius), 1);
      ctx.beginPath();
      if (shape === "square") {
        ctx.rect(p.x - s * 0.9, p.y - s * 0.9, s * 1.8, s * 1.8);
      } else if (shape === "triangle") {
        ctx.moveTo(p.x, p.y - s * 1.2);
        ctx.lineTo(p.x + s * 1.1, p.y + s * 0.85);
        ctx.lineTo(p.x - s * 1.1, p.y + s * 0.85);
        ctx.closePath();
      } else if (shape === "diamond") {
        ctx.moveTo(p.x, p.y - s * 1.3);
        ctx.lineTo(p.x + s * 1.1, p.y);
        ctx.lineTo(p.x, p.y + s * 1.3);
        ctx.lineTo(p.x - s * 1.1, p.y);
        ctx.closePath();
      } else if (shape === "star") {
        for (var i = 0; i < 10; i++) {
          var r = i % 2 === 0 ? s * 1.4 : s * 0.6;
          var a = Math.PI / 5 * i - Math.PI / 2;
          if (i === 0) { ctx.moveTo(p.x + r * Math.cos(a), p.y + r * Math.sin(a)); }
          else { ctx.lineTo(p.x + r * Math.cos(a), p.y + r * Math.sin(a)); }
        }
        ctx.closePath();
      }
      renderer._fillStroke(ctx, this);
    }
  });

  function shapeMarker(latlng, options) { return new ShapeMarker(latlng, options); }

  // ---- popups built on demand from the compact columns --------------------------------------
  function row(label, value) {
    return value ? "<tr><th>" + label + "</th><td>" + value + "</td></tr>" : "";
  }

  // d.fields holds [label, values] for each field the site schema shows (geo/fields.py).
  function sitePopup(d, i) {
    var t = d.tables;
    var minerals = d.minerals[i].map(function (m) { return t.minerals[m]; }).join(", ");
    var lat = d.lat[i].toFixed(5), lon = d.lon[i].toFixed(5);
    var url = t.urls[d.url[i]];
    var source = t.sources[d.source[i]];
    var sourceHtml = url
      ? '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + source + "</a>"
      : source;
    return "<div class='atlas-popup'><h4>" + d.name[i] + "</h4><table>" +
      row("Type", t.types[d.type[i]]) +
      row("Minerals", minerals) +
      row("Status", t.statuses[d.status[i]]) +
      d.fields.map(function (f) { return row(f[0], f[1][i]); }).join("") +
      row("Province (source)", t.provinces[d.province[i]]) +
      row("Falls in", t.provinces[d.unit[i]]) +
      row("Location", t.precisions[d.precision[i]]) +
      row("Coordinates", lat + ", " + lon) +
      row("Source", sourceHtml) +
      row("Id", d.id[i]) +
      "</table></div>";
  }

  // The hidden id lets streamlit-folium report which site was clicked (it returns the
  // tooltip's text), so the page can show the full record beside the map.
  function siteTooltip(d, i) {
    return d.name[i] + "<span class='atlas-id'>\u2016" + d.id[i] + "</span>";
  }

  function siteMarker(d, i, style) {
    var hollow = d.hollow[i] === 1;
    var marker = shapeMarker([d.lat[i], d.lon[i]], {
      shape: style.shape,
      radius: style.radius,
      color: d.tables.colours[d.colour[i]],
      weight: hollow ? 2.5 : 1,
      opacity: 0.95,
      fillColor: d.tables.colours[d.colour[i]],
      fillOpacity: hollow ? 0.25 : 0.9,
      dashArray: hollow ? "3 3" : null,
      atlasSite: d.id[i]
    });
    // Tooltip and popup objects are created on first use: with 10,000 markers, binding them up
    // front costs more than drawing. The marker's own listeners run before the click reaches
    // its layer group, where streamlit-folium reads the tooltip to report the clicked site.
    marker._atlas = { d: d, i: i };
    marker.on("mouseover", onSiteHover);
    marker.on("click", onSiteClick);
    return marker;
  }

  function ensureBound(marker) {
    if (marker.getTooltip()) { return; }
    var d = marker._atlas.d, i = marker._atlas.i;
    marker.bindTooltip(siteTooltip(d, i), { direction: "top", offset: [0, -4] });
    marker.bindPopup(function () { return sitePopup(d, i); }, { maxWidth: 380, maxHeight: 360 });
  }

  function onSiteHover() {
    if (!this.getTooltip()) { ensureBound(this); this.openTooltip(); }
  }

  function onSiteClick(e) {
    if (!this.getTooltip()) { ensureBound(this); this.openPopup(e.latlng); }
  }

  // ---- aggregated overview for very large layers --------------------------------------------
  function cellDegrees(zoom) { return 360 / Math.pow(2, zoom) / 4; }

  function overview(group, d, style, opts) {
    var drawn = L.layerGroup().addTo(group);
    var map = null;
    function redraw() {
      if (!map) { return; }
      drawn.clearLayers();
      var zoom = map.getZoom();
      var bounds = map.getBounds().pad(0.1);
      if (zoom >= opts.detailZoom) {
        var shown = 0;
        for (var i = 0; i < d.n && shown < opts.maxDetail; i++) {
          if (bounds.contains([d.lat[i], d.lon[i]])) {
            drawn.addLayer(siteMarker(d, i, style));
            shown++;
          }
        }
        if (shown < opts.maxDetail) { return; }
        drawn.clearLayers();
      }
      var size = cellDegrees(zoom), cells = {};
      for (var j = 0; j < d.n; j++) {
        var key = Math.floor(d.lat[j] / size) + ":" + Math.floor(d.lon[j] / size);
        var c = cells[key] || (cells[key] = { n: 0, lat: 0, lon: 0 });
        c.n++; c.lat += d.lat[j]; c.lon += d.lon[j];
      }
      Object.keys(cells).forEach(function (key) {
        var c = cells[key], latlng = [c.lat / c.n, c.lon / c.n];
        if (!bounds.contains(latlng)) { return; }
        var cell = L.circleMarker(latlng, {
          radius: Math.min(4 + Math.sqrt(c.n), 28), color: "#333333", weight: 1,
          fillColor: style.cellColour, fillOpacity: 0.55, atlasCell: c.n
        });
        cell.bindTooltip(c.n + " " + style.label + ": zoom in to see each one");
        cell.on("click", function () { map.setView(latlng, Math.min(zoom + 2, map.getMaxZoom())); });
        drawn.addLayer(cell);
      });
    }
    group.on("add", function () { map = group._map; map.on("moveend", redraw); redraw(); });
    group.on("remove", function () { if (map) { map.off("moveend", redraw); } map = null; });
    if (group._map) { map = group._map; map.on("moveend", redraw); redraw(); }
  }

  // ---- public entry point: fill one FeatureGroup with one layer of sites --------------------
  // p: {data: compact columns, style: {shape, radius, label, cellColour}, options: {cluster,
  // aggregateAbove, detailZoom, maxDetail}} (layers/sites.py)
  function addSites(group, p) {
    var d = p.data, style = p.style, opts = p.options;
    if (d.n > opts.aggregateAbove) { return overview(group, d, style, opts); }
    var target = group;
    if (opts.cluster && L.markerClusterGroup) {
      target = L.markerClusterGroup({
        chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45
      });
      group.addLayer(target);
    }
    var markers = new Array(d.n);
    for (var i = 0; i < d.n; i++) { markers[i] = siteMarker(d, i, style); }
    if (target.addLayers) { target.addLayers(markers); }
    else { for (var k = 0; k < markers.length; k++) { target.addLayer(markers[k]); } }
  }

  // ---- controls: fullscreen, mouse position, measure ----------------------------------------
  // Icons are inline SVG: headless and minimal systems often lack emoji or symbol fonts.
  var ICONS = {
    fullscreen: '<svg viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="#222" stroke-width="2"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5"/></svg>',
    measure: '<svg viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="#222" stroke-width="1.6"><rect x="1" y="5" width="14" height="6" rx="1"/><path d="M4 5v3M7 5v2M10 5v3M13 5v2"/></svg>'
  };

  function button(container, icon, title, onClick) {
    var a = L.DomUtil.create("a", "atlas-button", container);
    a.href = "#"; a.title = title; a.setAttribute("role", "button");
    a.setAttribute("aria-label", title); a.innerHTML = ICONS[icon];
    L.DomEvent.on(a, "click", function (e) { L.DomEvent.stop(e); onClick(a); });
    return a;
  }

  var Fullscreen = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function (map) {
      var box = L.DomUtil.create("div", "leaflet-bar atlas-control");
      button(box, "fullscreen", "Full screen", function () {
        var el = map.getContainer();
        var doc = document;
        if (doc.fullscreenElement) { doc.exitFullscreen(); return; }
        // Inside an iframe that may not allow the Fullscreen API, fall back to filling the
        // frame; either way Leaflet must re-measure the map.
        var done = function () { map.invalidateSize(); };
        if (el.requestFullscreen) {
          el.requestFullscreen().then(done, function () {
            L.DomUtil.hasClass(el, "atlas-maximised")
              ? L.DomUtil.removeClass(el, "atlas-maximised")
              : L.DomUtil.addClass(el, "atlas-maximised");
            done();
          });
        }
      });
      return box;
    }
  });

  var MousePosition = L.Control.extend({
    options: { position: "bottomleft" },
    onAdd: function (map) {
      var box = L.DomUtil.create("div", "atlas-mouse-position");
      box.textContent = "lat, lon";
      map.on("mousemove", function (e) {
        box.textContent = e.latlng.lat.toFixed(5) + ", " + e.latlng.lng.toFixed(5);
      });
      return box;
    }
  });

  var Measure = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function (map) {
      var box = L.DomUtil.create("div", "leaflet-bar atlas-control");
      var points = [], line = null, label = null, active = false;
      function total() {
        var m = 0;
        for (var i = 1; i < points.length; i++) { m += map.distance(points[i - 1], points[i]); }
        return m;
      }
      function reset() {
        points = [];
        if (line) { map.removeLayer(line); line = null; }
        if (label) { map.removeLayer(label); label = null; }
      }
      function onClick(e) {
        points.push(e.latlng);
        if (!line) { line = L.polyline(points, { color: "#d7301f", weight: 3, dashArray: "6 4" }).addTo(map); }
        line.setLatLngs(points);
        var km = total() / 1000;
        var text = km < 10 ? km.toFixed(2) + " km" : km.toFixed(1) + " km";
        if (!label) { label = L.tooltip({ permanent: true, direction: "right" }); }
        label.setLatLng(e.latlng).setContent("Straight line: " + text);
        if (!map.hasLayer(label)) { label.addTo(map); }
      }
      var b = button(box, "measure", "Measure a distance (click points; click the button again to stop)", function () {
        active = !active;
        L.DomUtil[active ? "addClass" : "removeClass"](b, "atlas-active");
        if (active) { reset(); map.on("click", onClick); map.getContainer().style.cursor = "crosshair"; }
        else { map.off("click", onClick); map.getContainer().style.cursor = ""; }
      });
      return box;
    }
  });

  function addControls(map) {
    if (map._atlasControls) { return; }
    map._atlasControls = true;
    new Fullscreen().addTo(map);
    new Measure().addTo(map);
    new MousePosition().addTo(map);
  }

  // ---- projects: stars where they are, dashed lines to their sites (layers/projects.py) -----
  function addProjects(group, d) {
    d.lines.forEach(function (l) {
      L.polyline(l, { color: "#b8860b", weight: 2, opacity: 0.8, dashArray: "5 4" }).addTo(group);
    });
    d.anchors.forEach(function (a) {
      var m = shapeMarker([a.lat, a.lon], {
        shape: "star", radius: 11, color: "#7f5a00", weight: 1, fillColor: "#ffd700",
        fillOpacity: 0.95, atlasProjects: a.ids
      });
      m.bindTooltip(a.tooltip);
      m.bindPopup(a.popup, { maxWidth: 420, maxHeight: 360 });
      group.addLayer(m);
    });
  }

  // ---- heat map of [lat, lon] points (layers/heat.py) -----------------------------------------
  function addHeat(group, points) {
    L.heatLayer(points, { radius: 18, blur: 16, minOpacity: 0.35, maxZoom: 10 }).addTo(group);
  }

  // ---- controls that come and go with their layer group --------------------------------------
  function tieControl(group, ctrl, onAdd, onRemove) {
    var map = null;
    function on() { map = group._map; ctrl.addTo(map); if (onAdd) { onAdd(map); } }
    function off() { if (map && onRemove) { onRemove(map); } ctrl.remove(); map = null; }
    group.on("add", on);
    group.on("remove", off);
    if (group._map) { on(); }
  }

  // The legend (layers/legend.py): collapsible, removed with its group.
  function addLegend(group, html) {
    var ctrl = L.control({ position: "bottomright" });
    ctrl.onAdd = function () {
      var d = L.DomUtil.create("div", "atlas-legend");
      d.innerHTML = "<a href='#' class='atlas-legend-toggle' role='button'>Legend</a>" +
        "<div class='atlas-legend-body'>" + html + "</div>";
      L.DomEvent.on(d.firstChild, "click", function (e) {
        L.DomEvent.stop(e);
        d.classList.toggle("atlas-collapsed");
      });
      L.DomEvent.disableClickPropagation(d);
      L.DomEvent.disableScrollPropagation(d);
      return d;
    };
    tieControl(group, ctrl);
  }

  // A raster's legend and the value under the pointer (layers/raster.py): d.values is a coarse
  // Web Mercator grid whose north-west corner is (d.west, d.north).
  function addRasterReadout(group, d) {
    var box = null, ctrl = L.control({ position: "bottomright" });
    ctrl.onAdd = function () {
      box = L.DomUtil.create("div", "atlas-legend atlas-raster");
      box.innerHTML = d.legend + "<div class='atlas-raster-value'>&nbsp;</div>";
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    function show(e) {
      var p = L.CRS.EPSG3857.project(e.latlng);
      var col = Math.floor((p.x - d.west) / d.cellX);
      var row = Math.floor((d.north - p.y) / d.cellY);
      var inside = col >= 0 && row >= 0 && col < d.cols && row < d.rows;
      var v = inside ? d.values[row * d.cols + col] : null;
      box.lastChild.innerHTML = v === null ? "&nbsp;" : d.label + ": <b>" + v + "</b> " + d.units;
    }
    tieControl(group, ctrl,
      function (map) { map.on("mousemove click", show); },
      function (map) { map.off("mousemove click", show); });
  }

  // The best cells of the siting surface (layers/siting.py). Plain Leaflet popups: folium's
  // Popup needs jQuery, which the offline page does not load.
  function addBestCells(group, cells) {
    cells.forEach(function (c) {
      var first = c.rank === 1;
      var m = L.circleMarker([c.lat, c.lon], {
        radius: first ? 14 : 6, color: "#d7301f", weight: first ? 4 : 2, fill: false,
        atlasBestCell: c.rank
      });
      m.bindTooltip(c.text);
      m.bindPopup(c.text, { maxWidth: 280 });
      group.addLayer(m);
    });
  }

  // Markers inside a cluster are not on the map themselves, so clusters are asked for theirs.
  function countSites(map) {
    var ids = {};
    function note(layer) {
      if (layer.options && layer.options.atlasSite) { ids[layer.options.atlasSite] = true; }
    }
    map.eachLayer(function (layer) {
      note(layer);
      if (L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup) {
        layer.getLayers().forEach(note);
      }
    });
    return Object.keys(ids).length;
  }

  window.Atlas = {
    ShapeMarker: ShapeMarker,
    shapeMarker: shapeMarker,
    addSites: addSites,
    addProjects: addProjects,
    addHeat: addHeat,
    addLegend: addLegend,
    addRasterReadout: addRasterReadout,
    addBestCells: addBestCells,
    addControls: addControls,
    countSites: countSites
  };
})();
