// What the public shelter map and the headquarters' map share: the configured tile server's
// map, and a shelter's marker that says its congestion in words (the colour is a second cue),
// with its figures in a popup.
import L from "leaflet";

export function tileMap(element, url, attribution) {
  const map = L.map(element, { keyboard: true });
  L.tileLayer(url, { attribution: attribution || "", maxZoom: 18 }).addTo(map);
  return map;
}

export function congestionMarker(at, name, level, label, figures) {
  const badge = document.createElement("span");
  badge.className = "level level-" + level;
  badge.textContent = label;
  const icon = L.divIcon({ className: "shelter-marker", html: badge.outerHTML, iconSize: [0, 0] });
  const title = name + " — " + label;
  const marker = L.marker(at, { icon, keyboard: true, title, alt: title });
  const popup = document.createElement("div");
  const heading = document.createElement("strong");
  heading.textContent = name;
  const line = document.createElement("p");
  line.textContent = label + " ・ " + figures;
  popup.append(heading, line);
  marker.bindPopup(popup);
  return marker;
}
