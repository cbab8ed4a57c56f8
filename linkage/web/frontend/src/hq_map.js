// The headquarters' map on tiles: the shelters the page lists, as markers on the configured
// tile server's map, each a badge with its congestion in words (the colour is a second cue).
// Without this script, or without tiles, the page's SVG plot shows the same shelters.
import L from "leaflet";

function badge(marker) {
  const span = document.createElement("span");
  span.className = "level level-" + marker.level;
  span.textContent = marker.label;
  return span;
}

function start() {
  const element = document.getElementById("hq-tile-map");
  if (!element || !element.dataset.tileUrl) return;
  const markers = JSON.parse(element.dataset.markers);
  if (!markers.length) return;
  // The map takes the plot's place: shown before Leaflet measures it.
  element.hidden = false;
  document.getElementById("tiles-help").hidden = false;
  document.getElementById("hq-plot").hidden = true;
  const map = L.map(element, { keyboard: true });
  L.tileLayer(element.dataset.tileUrl, {
    attribution: element.dataset.attribution || "",
    maxZoom: 18,
  }).addTo(map);
  const points = [];
  for (const m of markers) {
    const at = [m.lat, m.lon];
    points.push(at);
    const icon = L.divIcon({ className: "shelter-marker", html: badge(m).outerHTML, iconSize: [0, 0] });
    const title = m.name + " — " + m.label;
    const marker = L.marker(at, { icon, keyboard: true, title, alt: title });
    const popup = document.createElement("div");
    const name = document.createElement("strong");
    name.textContent = m.name;
    const line = document.createElement("p");
    line.textContent = m.label + " ・ " + m.figures;
    popup.append(name, line);
    marker.bindPopup(popup);
    marker.addTo(map);
  }
  map.fitBounds(points, { padding: [40, 40], maxZoom: 15 });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
