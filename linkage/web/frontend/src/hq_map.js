// The headquarters' map on tiles: the shelters the page lists, as markers on the configured
// tile server's map, each a badge with its congestion in words (the colour is a second cue).
// Without this script, or without tiles, the page's SVG plot shows the same shelters.
import { congestionMarker, tileMap } from "./map/markers.js";

function start() {
  const element = document.getElementById("hq-tile-map");
  if (!element || !element.dataset.tileUrl) return;
  const markers = JSON.parse(element.dataset.markers);
  if (!markers.length) return;
  // The map takes the plot's place: shown before Leaflet measures it.
  element.hidden = false;
  document.getElementById("tiles-help").hidden = false;
  document.getElementById("hq-plot").hidden = true;
  const map = tileMap(element, element.dataset.tileUrl, element.dataset.attribution);
  const points = [];
  for (const m of markers) {
    const at = [m.lat, m.lon];
    points.push(at);
    congestionMarker(at, m.name, m.level, m.label, m.figures).addTo(map);
  }
  map.fitBounds(points, { padding: [40, 40], maxZoom: 15 });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
