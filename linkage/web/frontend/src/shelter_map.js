// The shelter map page: the server-rendered list is redrawn from the public document as it
// changes (Server-Sent Events, or polling with the ETag where streams do not get through),
// and, when the page names a tile server, a Leaflet map shows the same shelters as markers
// that say their congestion in words.
import L from "leaflet";
import { congestionMarker, tileMap } from "./map/markers.js";

const POLL_MS = 15000;

function format(text, values) {
  return text.replace(/\{(\w+)\}/g, (_m, name) => String(values[name]));
}

function figures(shelter, texts) {
  if (shelter.status !== "open") return texts["map.closed"];
  let line = texts["map.open"] + " ・ " + format(texts["map.people"], { n: shelter.occupancy });
  if (shelter.capacity === null) return line + " ・ " + texts["map.no_capacity"];
  return line + " / " + format(texts["map.capacity"], { n: shelter.capacity });
}

function ordered(shelters) {
  return shelters.slice().sort((a, b) => {
    const open = (a.status !== "open") - (b.status !== "open");
    return open || (a.shelter_id < b.shelter_id ? -1 : a.shelter_id > b.shelter_id ? 1 : 0);
  });
}

function badge(shelter, texts) {
  const span = document.createElement("span");
  span.className = "level level-" + shelter.congestion;
  span.textContent = texts["level." + shelter.congestion];
  return span;
}

function drawList(list, shelters, texts) {
  const items = ordered(shelters).map((shelter) => {
    const item = document.createElement("li");
    item.className = "shelter-item";
    item.dataset.shelterId = shelter.shelter_id;
    const head = document.createElement("div");
    head.className = "shelter-head";
    const name = document.createElement("h3");
    name.className = "shelter-name";
    name.textContent = shelter.name;
    const level = badge(shelter, texts);
    level.dataset.field = "congestion";
    head.append(name, level);
    const line = document.createElement("p");
    line.className = "shelter-figures";
    line.dataset.field = "figures";
    line.textContent = figures(shelter, texts);
    item.append(head, line);
    return item;
  });
  list.replaceChildren(...items);
}

function startMap(app, texts) {
  const element = document.getElementById("shelter-map");
  if (!element || !app.dataset.tileUrl) return null;
  const map = tileMap(element, app.dataset.tileUrl, app.dataset.attribution);
  map.setView([35.68, 139.76], 5);
  const layer = L.layerGroup().addTo(map);
  let placed = false;
  return function draw(shelters) {
    layer.clearLayers();
    const points = [];
    for (const shelter of ordered(shelters)) {
      if (!shelter.location) continue;
      const at = [shelter.location.lat, shelter.location.lon];
      points.push(at);
      const label = texts["level." + shelter.congestion];
      const line = figures(shelter, texts);
      congestionMarker(at, shelter.name, shelter.congestion, label, line).addTo(layer);
    }
    if (!placed && points.length) {
      map.fitBounds(points, { padding: [40, 40], maxZoom: 15 });
      placed = true;
    }
  };
}

function start() {
  const app = document.getElementById("shelter-map-app");
  if (!app) return;
  const texts = JSON.parse(app.dataset.texts);
  const list = document.getElementById("shelter-list");
  const status = document.getElementById("shelter-updated");
  const drawMap = startMap(app, texts);
  let etag = app.dataset.etag;

  function stamp(key) {
    const time = new Date().toLocaleTimeString(document.documentElement.lang, {
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    status.textContent = format(status.dataset[key], { time });
  }

  // The list came with the page; the map is drawn from the first document received.
  let mapDrawn = !drawMap;

  function show(document_, tag) {
    const changed = tag !== etag;
    etag = tag;
    if (changed) drawList(list, document_.shelters, texts);
    if (drawMap && (changed || !mapDrawn)) {
      drawMap(document_.shelters);
      mapDrawn = true;
    }
    stamp("textLive");
  }

  async function poll() {
    try {
      const response = await fetch(app.dataset.jsonUrl, {
        headers: mapDrawn ? { "If-None-Match": etag } : {},
        cache: "no-cache",
      });
      if (response.status === 200) show(await response.json(), response.headers.get("ETag"));
      else if (response.status === 304) stamp("textLive");
    } catch (_error) {
      stamp("textOffline");
    }
    setTimeout(poll, POLL_MS);
  }

  if (!window.EventSource) {
    poll();
    return;
  }
  const source = new EventSource(app.dataset.eventsUrl);
  let failures = 0;
  source.addEventListener("shelters", (event) => {
    failures = 0;
    show(JSON.parse(event.data), event.lastEventId);
  });
  source.addEventListener("open", () => {
    failures = 0;
  });
  source.addEventListener("error", () => {
    failures += 1;
    stamp("textOffline");
    // The browser reconnects by itself; after several failures in a row (a proxy that
    // cuts streams), polling takes over.
    if (failures >= 3) {
      source.close();
      poll();
    }
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
