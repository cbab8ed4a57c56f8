"""The public shelter map in headless Chromium against a real platform and a real kiosk.

A platform process (``kazasu-platform serve``) with shelters placed on the map, a kiosk with its
SQLCipher store checking people in and syncing, a tile server on 127.0.0.1 standing in for the
operator's (it draws plain grid tiles), and Debian's Chromium through Playwright.
``python -m tests.integration.shelter_map OUT_DIR`` saves the page at phone and desktop widths
(docs/screenshots/web-map-*.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Iterator, MutableMapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.app import Kiosk
from kiosk.model import Person, Shelter
from kiosk.store import Store
from sync.engine import SyncEngine
from tests.integration.citizen_web import DESKTOP, PHONE, chromium
from tests.integration.platform_server import PlatformServer, running_platform

# Three shelters of one town: two open, one closed.
SHELTERS = [
    ("S1", "第一小学校 体育館", 4, (35.6940, 139.7536), True),
    ("S2", "市民体育館", 200, (35.6895, 139.7450), True),
    ("S3", "北公民館", 60, (35.7010, 139.7480), False),
]
CROWDED = "S1"


class TileServer:
    """Serves the same plain 256-pixel grid tile for every ``/{z}/{x}/{y}.png``; counts asks."""

    def __init__(self) -> None:
        image = np.full((256, 256, 3), (232, 238, 240), dtype=np.uint8)
        for i in range(0, 256, 32):
            image[i, :] = image[:, i] = (205, 212, 216)
        self.tile = cv2.imencode(".png", image)[1].tobytes()
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(server.tile)))
                self.end_headers()
                self.wfile.write(server.tile)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        """Scheme, host and port of the server."""
        return f"http://127.0.0.1:{self._http.server_address[1]}"

    @property
    def template(self) -> str:
        """The tile URL template the platform is configured with."""
        return self.origin + "/{z}/{x}/{y}.png"

    def close(self) -> None:
        """Stop serving."""
        self._http.shutdown()
        self._http.server_close()


@dataclass
class Town:
    """The platform with its shelters and the crowded shelter's kiosk."""

    platform: PlatformServer
    kiosk: Kiosk
    sync: SyncEngine
    base: str
    arrivals: int = 0

    def check_in(self, count: int) -> None:
        """Register ``count`` walk-ins at the kiosk, check them in and sync."""
        for _ in range(count):
            self.arrivals += 1
            person = self.kiosk.people.register(
                "staff", Person("", f"避難 {self.arrivals}", "ひなん")
            )
            self.kiosk.presence.check_in("staff", person.person_id, CROWDED)
        self.sync.run_once()


def start_town(stack: ExitStack, folder: Path) -> Town:
    """Start the platform (its environment chooses the tile server) and place the shelters."""
    platform = stack.enter_context(running_platform(folder / "platform"))
    platform.admin("PUT", "/municipalities/M-1", json={"name": "統合試験市"})
    for shelter_id, name, capacity, (lat, lon), is_open in SHELTERS:
        body = {
            "municipality_id": "M-1",
            "name": name,
            "capacity": capacity,
            "location": {"lat": lat, "lon": lon},
        }
        platform.admin("PUT", f"/shelters/{shelter_id}", json=body)
        status = {"status": "open" if is_open else "closed"}
        platform.admin("PUT", f"/shelters/{shelter_id}/status", json=status)
    store = Store.create(folder / "kiosk", "kiosk passphrase", use_os_keystore=False)
    stack.callback(store.close)
    kiosk = Kiosk.over(store)
    kiosk.shelters.add("setup", Shelter(CROWDED, SHELTERS[0][1], capacity=SHELTERS[0][2]))
    sync = SyncEngine(store)
    sync.enrol(platform.url, platform.enrolment_code(CROWDED), "entrance")
    # Browsers reach the platform by name: a secure context, as for the other citizen pages.
    return Town(platform, kiosk, sync, platform.url.replace("127.0.0.1", "localhost"))


@contextmanager
def tiles(environ: MutableMapping[str, str]) -> Iterator[TileServer]:
    """A tile server, named to platforms started meanwhile through ``environ``."""
    server = TileServer()
    environ["KAZASU_MAP_TILE_URL"] = server.template
    environ["KAZASU_MAP_ATTRIBUTION"] = "試験用の地図タイル / test tiles"
    try:
        yield server
    finally:
        del environ["KAZASU_MAP_TILE_URL"], environ["KAZASU_MAP_ATTRIBUTION"]
        server.close()


def screenshots(out: Path) -> None:
    """The map page at phone and desktop widths, in Japanese, and the desktop one in English."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        stack.enter_context(tiles(os.environ))
        town = start_town(stack, Path(tmp))
        town.check_in(3)
        browser = stack.enter_context(chromium())
        for label, viewport, lang in (
            ("phone", PHONE, "ja"),
            ("desktop", DESKTOP, "ja"),
            ("desktop-en", DESKTOP, "en"),
        ):
            context = browser.new_context(viewport=viewport, locale="ja-JP")
            page = context.new_page()
            page.goto(f"{town.base}/shelters?lang={lang}")
            page.wait_for_selector(".leaflet-marker-icon", state="attached")
            page.wait_for_function("document.querySelectorAll('.leaflet-tile-loaded').length > 0")
            page.screenshot(path=str(out / f"web-map-{label}.png"), full_page=True)
            context.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    screenshots(target)
    print(f"saved the shelter map to {target}")
