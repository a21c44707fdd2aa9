/*
 * Pakistan Critical Minerals Atlas: map-side code.
 *
 * Sites arrive as one compact, column-oriented JSON object per layer (see layers/points.py) and
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

  // ---- short popups built on demand from the compact columns -------------------------------
  // The full record lives in the page's details panel; the popup says what the site is.
  function row(label, value) {
    return value ? "<tr><th>" + label + "</th><td>" + value + "</td></tr>" : "";
  }

  function sitePopup(d, i) {
    var t = d.tables;
    var minerals = d.minerals[i].map(function (m) { return t.minerals[m]; }).join(", ");
    // d.fields holds [label, values] for each field the site schema shows (geo/model/fields.py).
    // Long values are cut short: the full text is in the panel beside the map.
    var more = (d.fields || []).map(function (f) { return row(f[0], shorten(f[1][i])); }).join("");
    return "<div class='atlas-popup'><h4>" + d.name[i] + "</h4><table>" +
      row("Type", t.types[d.type[i]]) +
      row("Minerals", minerals) +
      row("Location", t.precisions[d.precision[i]]) + more +
      "</table><div class='atlas-popup-more'>Details: the full record, its source and projects " +
      "are in the panel beside the map</div></div>";
  }

  // Values are already HTML-escaped; a cut never splits an entity such as "&amp;".
  function shorten(value) {
    if (!value || value.length <= 70) { return value; }
    var cut = value.slice(0, 66), amp = cut.lastIndexOf("&");
    if (amp > 56 && cut.indexOf(";", amp) < 0) { cut = cut.slice(0, amp); }
    return cut.replace(/\s+\S*$/, "") + "\u2026";
  }

  function siteMarker(d, i, style) {
    var hollow = d.hollow[i] === 1;
    var marker = shapeMarker([d.lat[i], d.lon[i]], {
      shape: style.shape,
      radius: style.radius,
      // A dark rim keeps light colours (marble, barite) readable on any fill or basemap.
      color: hollow ? d.tables.colours[d.colour[i]] : "#222222",
      weight: hollow ? 2.5 : 1,
      opacity: 0.95,
      fillColor: d.tables.colours[d.colour[i]],
      fillOpacity: hollow ? 0.25 : 0.9,
      dashArray: hollow ? "3 3" : null,
      atlasSite: d.id[i]
    });
    // Tooltip and popup objects are created on first use: with 10,000 markers, binding them up
    // front costs more than drawing.
    marker._atlas = { d: d, i: i };
    marker.on("mouseover", onSiteHover);
    marker.on("click", onSiteClick);
    return marker;
  }

  function ensureBound(marker) {
    if (marker.getTooltip()) { return; }
    var d = marker._atlas.d, i = marker._atlas.i;
    marker.bindTooltip(d.name[i], { direction: "top", offset: [0, -4] });
    marker.bindPopup(function () { return sitePopup(d, i); }, { maxWidth: 280, autoPanPadding: [20, 20] });
  }

  function onSiteHover() {
    if (!this.getTooltip()) { ensureBound(this); this.openTooltip(); }
  }

  function onSiteClick(e) {
    var fresh = !this.getTooltip();
    ensureBound(this);
    if (fresh) { this.openPopup(e.latlng); }
    var map = this._map;
    if (map) { map._atlasSelected = this.options.atlasSite; }
    report({ site: this.options.atlasSite });
  }

  // ---- map -> page messages (layers/events.py reads them) ----------------------------------
  // streamlit-folium returns only its own fields, so the atlas sends its events next to them:
  // {atlas: {kind fields..., nonce, seq}}. The nonce tells a reloaded map's events from an old
  // one's; seq makes a repeated click on the same site a new event.
  var nonce = Math.random().toString(36).slice(2, 10), seq = 0;
  function report(event) {
    seq += 1;
    event.nonce = nonce;
    event.seq = seq;
    window.__atlasLastEvent = event;
    var st = window.Streamlit, g = window.__GLOBAL_DATA__;
    if (!st || !st.setComponentValue) { return; }
    var base = (g && g.previous_data) || {};
    var value = {};
    Object.keys(base).forEach(function (k) { value[k] = base[k]; });
    value.atlas = event;
    st.setComponentValue(value);
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
    legendOf(map);
    watchTiles(map);
    new Fullscreen().addTo(map);
    new Measure().addTo(map);
    new MousePosition().addTo(map);
  }

  // Counting what is drawn, for tests and for the page: markers of sites, whatever renderer.
  // ---- ports, rail heads and economic zones: diamonds with a tooltip (layers/infrastructure.py)
  function addInfrastructure(group, features) {
    features.forEach(function (f) {
      var icon = L.divIcon({ html: f.icon, iconSize: [16, 16], iconAnchor: [8, 8], className: "" });
      L.marker([f.lat, f.lon], { icon: icon }).bindTooltip(f.tooltip, { sticky: false }).addTo(group);
    });
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

  // (legend, raster readout, provinces, view: see below)

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

  // ---- the legend: one box per map, sections added and removed with their layers ------------
  // Expanded it may take at most LEGEND_SHARE of the map's area; the fit (setView) keeps a strip
  // of the map's width free for it, so at the fitted view it covers no site.
  var LEGEND_SHARE = 0.11, LEGEND_WIDTH = 196, LEGEND_MARGIN = 10;
  var Legend = L.Control.extend({
    options: { position: "bottomright" },
    initialize: function () { this._sections = {}; this._collapsed = false; },
    onAdd: function (map) {
      var box = L.DomUtil.create("div", "atlas-legend");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Legend");
      box.style.width = LEGEND_WIDTH + "px";
      var toggle = L.DomUtil.create("a", "atlas-legend-toggle", box);
      toggle.href = "#";
      toggle.setAttribute("role", "button");
      toggle.textContent = "Legend";
      this._body = L.DomUtil.create("div", "atlas-legend-body", box);
      this._readout = L.DomUtil.create("div", "atlas-legend-readout", box);
      this._box = box;
      this._toggle = toggle;
      var self = this;
      L.DomEvent.on(toggle, "click", function (e) {
        L.DomEvent.stop(e);
        self.setCollapsed(!self._collapsed, true);
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      map.on("resize", function () { self._fitSize(); });
      this._render();
      return box;
    },
    setSection: function (key, order, html) {
      this._sections[key] = { order: order, html: html };
      this._render();
    },
    removeSection: function (key) {
      delete this._sections[key];
      this._render();
    },
    setCollapsed: function (collapsed, fromUser) {
      if (collapsed === this._collapsed && !fromUser) { return; }
      this._collapsed = collapsed;
      if (this._box) {
        L.DomUtil[collapsed ? "addClass" : "removeClass"](this._box, "atlas-collapsed");
        this._toggle.setAttribute("aria-expanded", collapsed ? "false" : "true");
        this._fitSize();
      }
      if (fromUser) { report({ legend: collapsed ? "closed" : "open" }); }
    },
    readout: function (html) {
      if (this._readout) { this._readout.innerHTML = html || ""; this._fitSize(); }
    },
    // Width kept free at the right of a fitted view.
    reserve: function () { return LEGEND_WIDTH + 2 * LEGEND_MARGIN; },
    _render: function () {
      if (!this._body) { return; }
      var sections = this._sections;
      var keys = Object.keys(sections).sort(function (a, b) {
        return sections[a].order - sections[b].order;
      });
      this._body.innerHTML = keys.map(function (k) {
        return "<section class='atlas-legend-section' data-key='" + k + "'>" + sections[k].html + "</section>";
      }).join("");
      this._box.style.display = keys.length ? "" : "none";
      this._fitSize();
    },
    _fitSize: function () {
      var map = this._map;
      if (!map || !this._box) { return; }
      var size = map.getSize();
      var budget = Math.floor(LEGEND_SHARE * size.x * size.y / LEGEND_WIDTH);
      var chrome = this._toggle.offsetHeight + this._readout.offsetHeight + 12;
      this._body.style.maxHeight = Math.max(60, budget - chrome) + "px";
    }
  });

  function legendOf(map) {
    if (!map._atlasLegend) { map._atlasLegend = new Legend(); map._atlasLegend.addTo(map); }
    return map._atlasLegend;
  }

  // p: {key, order, html} (layers/legend.py)
  function addLegendSection(group, p) {
    var map = null;
    function on() { map = group._map; legendOf(map).setSection(p.key, p.order, p.html); }
    function off() { if (map) { legendOf(map).removeSection(p.key); } map = null; }
    group.on("add", on);
    group.on("remove", off);
    if (group._map) { on(); }
  }

  // A raster's key joins the legend; the value under the pointer shows in its readout line.
  // d.values is a coarse Web Mercator grid whose north-west corner is (d.west, d.north).
  function addRasterReadout(group, d) {
    var map = null, key = "raster:" + d.label;
    function show(e) {
      var p = L.CRS.EPSG3857.project(e.latlng);
      var col = Math.floor((p.x - d.west) / d.cellX);
      var row = Math.floor((d.north - p.y) / d.cellY);
      var inside = col >= 0 && row >= 0 && col < d.cols && row < d.rows;
      var v = inside ? d.values[row * d.cols + col] : null;
      legendOf(map).readout(v === null ? "" :
        "<span class='atlas-raster-value'>" + d.label + ": <b>" + v + "</b> " + d.units + "</span>");
    }
    function on() {
      map = group._map;
      legendOf(map).setSection(key, d.order || 30, "<div class='atlas-raster'>" + d.legend + "</div>");
      map.on("mousemove click", show);
    }
    function off() {
      if (map) { map.off("mousemove click", show); legendOf(map).removeSection(key); legendOf(map).readout(""); }
      map = null;
    }
    group.on("add", on);
    group.on("remove", off);
    if (group._map) { on(); }
  }

  // ---- provinces: outlines or a choropleth (layers/provinces.py) ----------------------------
  // They draw in their own pane under the place names and the site markers, so neither a fill
  // nor a label ever covers a site. Hovering is found by a point-in-polygon test on the map's own
  // mousemove (a lower canvas gets no mouse events) and written into the legend's readout, which
  // sits inside the map box and so never clips at its edge.
  // p: {data: FeatureCollection, fillOpacity, fields: [[property, label], ...]}
  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }

  function inFeature(lon, lat, g) {
    var polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    for (var p = 0; p < polygons.length; p++) {
      if (!inRing(lon, lat, polygons[p][0])) { continue; }
      var hole = false;
      for (var h = 1; h < polygons[p].length; h++) { if (inRing(lon, lat, polygons[p][h])) { hole = true; } }
      if (!hole) { return true; }
    }
    return false;
  }

  function paneOf(map, name, z) {
    if (!map.getPane(name)) { map.createPane(name).style.zIndex = z; map.getPane(name).style.pointerEvents = "none"; }
    return name;
  }

  function addProvinces(group, p) {
    var map = null, layer = null, current = null, byFeature = [];
    function readout(f) {
      return "<table class='atlas-unit'>" + p.fields.map(function (pair) {
        var v = f.properties[pair[0]];
        return v === "" || v === undefined ? "" : "<tr><th>" + pair[1] + "</th><td>" + v + "</td></tr>";
      }).join("") + "</table>";
    }
    function hover(e) {
      var found = null;
      for (var i = 0; i < byFeature.length; i++) {
        if (inFeature(e.latlng.lng, e.latlng.lat, byFeature[i].feature.geometry)) { found = byFeature[i]; break; }
      }
      if (found === current) { return; }
      if (current) { current.setStyle({ weight: 1.2 }); }
      current = found;
      if (found) { found.setStyle({ weight: 3 }); }
      legendOf(map).readout(found ? readout(found.feature) : "");
    }
    function on() {
      map = group._map;
      if (!layer) {
        var renderer = L.canvas({ pane: paneOf(map, "atlas-provinces", 370) });
        layer = L.geoJSON(p.data, {
          renderer: renderer, interactive: false,
          style: function (f) {
            return { color: "#5a5a5a", weight: 1.2, fillColor: f.properties._fill, fillOpacity: p.fillOpacity };
          },
          onEachFeature: function (f, l) { byFeature.push(l); }
        });
        group.addLayer(layer);
      }
      map.on("mousemove", hover);
    }
    function off() {
      if (map) { map.off("mousemove", hover); legendOf(map).readout(""); }
      map = null; current = null;
    }
    group.on("add", on);
    group.on("remove", off);
    if (group._map) { on(); }
  }

  // ---- the view: fit to the filtered sites, follow the selected site -------------------------
  // v: {key, bounds [[s, w], [n, e]] | null, pinned, maxZoom, legend: "open"|"closed",
  //     selected: {id, lat, lon, pan} | null}  (layers/view.py)
  function fitTo(map, bounds, maxZoom) {
    var size = map.getSize(), legend = legendOf(map);
    var right = size.x > 2.5 * legend.reserve() ? legend.reserve() : 24;
    map.fitBounds(L.latLngBounds(bounds), {
      paddingTopLeft: [28, 28], paddingBottomRight: [right, 28], maxZoom: maxZoom, animate: false
    });
  }

  function setView(group, v) {
    var map = group._map || null;
    if (!map) { group.once("add", function () { setView(group, v); }); return; }
    var legend = legendOf(map);
    legend.setCollapsed(v.legend === "closed", false);
    var first = map._atlasFitKey === undefined;
    if (v.key !== map._atlasFitKey) {
      map._atlasFitKey = v.key;
      if (v.bounds && (first || !v.pinned)) { fitTo(map, v.bounds, v.maxZoom); }
    }
    var s = v.selected;
    if (!s) { map._atlasSelected = null; return; }
    var ll = [s.lat, s.lon];
    L.circleMarker(ll, {
      radius: 16, color: "#111111", weight: 6, opacity: 0.55, fill: false, interactive: false
    }).addTo(group);
    L.circleMarker(ll, {
      radius: 16, color: "#00d5ff", weight: 3, fill: false, interactive: false,
      atlasHighlight: s.id
    }).addTo(group);
    if (s.pan && s.pan !== map._atlasPanKey) {
      map._atlasPanKey = s.pan;
      map.setView(ll, Math.max(map.getZoom(), v.selectZoom || 7), { animate: false });
    }
    map._atlasSelected = s.id;
  }

  // ---- the bundled offline basemap (layers/offline.py): land, borders, provinces, and place
  // names as real text elements (selectable, read by screen readers, found by Ctrl+F) ----------
  var offlineGroups = [];

  function addOfflineBasemap(group, d) {
    var built = false, labels = null, map = null;
    offlineGroups.push(group);
    group._atlasOffline = true;
    function build() {
      built = true;
      var m = group._map;
      if (!m.getPane("atlas-base")) {
        m.createPane("atlas-base").style.zIndex = 150;
        // Names sit under the site markers (overlay pane, 400): a label never hides a site.
        var lp = m.createPane("atlas-labels");
        lp.style.zIndex = 390;
        lp.style.pointerEvents = "none";
      }
      var renderer = L.canvas({ pane: "atlas-base", padding: 0.5 });
      L.geoJSON(d.countries, {
        renderer: renderer, interactive: false,
        style: function (f) {
          var home = f.properties.iso_a3 === "PAK";
          return { color: "#8c8c8c", weight: home ? 1.4 : 0.8, fillColor: home ? "#fbf8f1" : "#ece8df", fillOpacity: 1 };
        }
      }).addTo(group);
      L.geoJSON(d.provinces, {
        renderer: renderer, interactive: false,
        style: function () { return { color: "#a39c8c", weight: 0.8, dashArray: "4 3", fill: false }; }
      }).addTo(group);
      labels = L.layerGroup().addTo(group);
    }
    function label(text, cls) {
      return L.divIcon({ className: "atlas-place " + cls, html: "<span>" + text + "</span>", iconSize: null });
    }
    function place() {
      if (!labels || !map) { return; }
      labels.clearLayers();
      var zoom = map.getZoom(), taken = [], bounds = map.getBounds().pad(0.05);
      function free(pt, w, h) {
        for (var i = 0; i < taken.length; i++) {
          var t = taken[i];
          if (pt.x < t.x + t.w && pt.x + w > t.x && pt.y < t.y + t.h && pt.y + h > t.y) { return false; }
        }
        taken.push({ x: pt.x, y: pt.y, w: w, h: h });
        return true;
      }
      function put(item, cls, size, dot) {
        var ll = L.latLng(item[1], item[2]);
        if (!bounds.contains(ll)) { return; }
        var pt = map.latLngToLayerPoint(ll), w = item[0].length * size * 0.56 + 6, h = size + 1;
        var box = dot ? L.point(pt.x - 3, pt.y - h / 2) : L.point(pt.x - w / 2, pt.y - h / 2);
        if (!free(box, w + (dot ? 6 : 0), h)) { return; }
        L.marker(ll, { icon: label(item[0], cls), interactive: false, keyboard: false, pane: "atlas-labels" }).addTo(labels);
      }
      // Priority when labels would overlap: seas and countries, capitals, provinces, towns.
      d.seas.forEach(function (s) { put(s, "atlas-sea", 13, false); });
      d.countryLabels.forEach(function (c) { put(c, "atlas-country", 12, false); });
      d.places.forEach(function (p) { if (p[4]) { put(p, "atlas-city atlas-capital", 11, true); } });
      if (zoom >= 5) { d.provinceLabels.forEach(function (p) { put(p, "atlas-province", 11, false); }); }
      var minPop = zoom < 5.5 ? 1000000 : zoom < 6.5 ? 300000 : zoom < 7.5 ? 100000 : 0;
      d.places.forEach(function (p) {
        if (!p[4] && p[3] >= minPop) { put(p, "atlas-city", 11, true); }
      });
    }
    function on() {
      map = group._map;
      if (!built) { build(); }
      if (map.attributionControl) { map.attributionControl.addAttribution(d.attribution); }
      L.DomUtil.addClass(map.getContainer(), "atlas-offline-on");
      map.on("zoomend moveend", place);
      place();
    }
    function off() {
      if (map) {
        map.off("zoomend moveend", place);
        if (map.attributionControl) { map.attributionControl.removeAttribution(d.attribution); }
        L.DomUtil.removeClass(map.getContainer(), "atlas-offline-on");
      }
      map = null;
    }
    group.on("add", on);
    group.on("remove", off);
    if (group._map) { on(); }
  }

  // ---- tiles that fail to load: switch to the offline basemap and say so --------------------
  function notice(map, text) {
    var box = map.getContainer().querySelector(".atlas-notice");
    if (!box) {
      box = L.DomUtil.create("div", "atlas-notice", map.getContainer());
      box.setAttribute("role", "status");
      L.DomEvent.disableClickPropagation(box);
    }
    box.innerHTML = "<span></span><a href='#' role='button' aria-label='Dismiss'>\u00d7</a>";
    box.firstChild.textContent = text;
    L.DomEvent.on(box.lastChild, "click", function (e) { L.DomEvent.stop(e); box.remove(); });
  }

  function watchTiles(map) {
    function watch(layer) {
      if (!(layer instanceof L.TileLayer) || layer._atlasWatched) { return; }
      layer._atlasWatched = true;
      var loaded = 0, failed = 0;
      layer.on("tileload", function () { loaded++; });
      layer.on("tileerror", function () {
        failed++;
        if (failed < 3 || loaded > 0 || !layer._map || !offlineGroups.length) { return; }
        map.removeLayer(layer);
        map.addLayer(offlineGroups[0]);
        notice(map, "The tile server could not be reached, so the map shows the bundled " +
          "offline basemap (Natural Earth, GeoNames). Choose another basemap in the layer menu.");
      });
    }
    map.eachLayer(watch);
    map.on("layeradd", function (e) { watch(e.layer); });
  }

  window.Atlas = {
    ShapeMarker: ShapeMarker,
    shapeMarker: shapeMarker,
    addSites: addSites,
    addProjects: addProjects,
    addInfrastructure: addInfrastructure,
    addHeat: addHeat,
    addLegendSection: addLegendSection,
    addRasterReadout: addRasterReadout,
    addProvinces: addProvinces,
    addBestCells: addBestCells,
    addControls: addControls,
    addOfflineBasemap: addOfflineBasemap,
    watchTiles: watchTiles,
    setView: setView,
    legend: legendOf,
    report: report,
    countSites: countSites
  };
})();
