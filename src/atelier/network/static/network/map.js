/* The organisation map: Leaflet with clustered markers, drawn over the list that works alone. */
(function () {
  "use strict";

  function popupContent(point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    box.appendChild(link);
    var where = [point.city, point.country].filter(Boolean).join(", ");
    if (where) {
      var meta = document.createElement("div");
      meta.textContent = where;
      box.appendChild(meta);
    }
    return box;
  }

  function draw(element, points) {
    var tiles = JSON.parse(element.dataset.tiles || "{}");
    var map = L.map(element, { scrollWheelZoom: false }).setView([52, 14], 4);
    if (tiles.url) {
      L.tileLayer(tiles.url, { maxZoom: 18, attribution: tiles.attribution || "" }).addTo(map);
    }
    var cluster = L.markerClusterGroup();
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lng], { title: point.name, alt: point.name });
      marker.bindPopup(popupContent(point));
      cluster.addLayer(marker);
      bounds.push([point.lat, point.lng]);
    });
    map.addLayer(cluster);
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 10 });
    }
    element.dataset.markers = String(points.length);
  }

  function start() {
    var element = document.getElementById("organisation-map");
    if (!element || typeof L === "undefined") {
      return;
    }
    fetch(element.dataset.pointsUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("map data " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (!data.points.length) {
          return;
        }
        element.closest("[data-map-section]").hidden = false;
        draw(element, data.points);
      })
      .catch(function () {
        /* The list below the map stays the way to browse. */
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
