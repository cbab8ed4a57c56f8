"""The live shelter stream over real HTTP: Server-Sent Events from a uvicorn server.

The first event is the current document; a check-in pushed by a kiosk brings the next one;
a client that reconnects with the ``Last-Event-ID`` it saw is sent nothing until a change.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from sqlalchemy import Engine

from linkage.app import create_app
from linkage.config import Settings
from tests.linkage.kiosk_double import ADMIN, Platform


@contextmanager
def _serving(engine: Engine, settings: Settings) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(dataclasses.replace(settings, public_poll_s=0.5), engine)
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


class _Events:
    """Reads a text/event-stream one event at a time."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines

    def next(self) -> dict[str, Any]:
        """The next event with a name (comments and the retry field skipped)."""
        fields: dict[str, str] = {}
        for line in self._lines:
            if line == "":
                if "event" in fields:
                    return {"id": fields.get("id"), "data": json.loads(fields["data"])}
                fields = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(": ")
                fields[name] = value
        raise AssertionError("the stream ended")


def _occupancy(event: dict[str, Any]) -> Any:
    return event["data"]["shelters"][0]["occupancy"]


def test_the_stream_sends_the_document_and_then_each_change(
    engine: Engine, settings: Settings
) -> None:
    with _serving(engine, settings) as url, httpx.Client(base_url=url, timeout=30) as http:
        platform = Platform(http, engine)  # type: ignore[arg-type]
        kiosk = platform.kiosk("S-001")
        http.put("/v1/admin/shelters/S-001/status", json={"status": "open"}, headers=ADMIN)
        with http.stream("GET", "/v1/public/shelters/events") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            events = _Events(stream.iter_lines())
            first = events.next()
            assert _occupancy(first) == 0
            assert first["id"] == http.get("/v1/public/shelters").headers["etag"]
            kiosk.event(
                "person.registered",
                {"person_id": "w-a", "household_id": None, "fields": {}, "source": "walk_in"},
            )
            kiosk.event("shelter.checked_in", {"person_id": "w-a", "shelter_id": "S-001"})
            assert kiosk.push().status_code == 200
            second = events.next()
            assert _occupancy(second) == 1
            assert second["id"] != first["id"]

        # Reconnecting with the last id seen: nothing is resent until the state changes.
        seen = second["id"]
        with http.stream(
            "GET", "/v1/public/shelters/events", headers={"Last-Event-ID": seen}
        ) as stream:
            events = _Events(stream.iter_lines())
            kiosk.event("shelter.checked_out", {"person_id": "w-a", "shelter_id": "S-001"})
            assert kiosk.push().status_code == 200
            third = events.next()
            assert _occupancy(third) == 0


def test_the_stream_never_carries_an_event_site(engine: Engine, settings: Settings) -> None:
    with _serving(engine, settings) as url, httpx.Client(base_url=url, timeout=30) as http:
        platform = Platform(http, engine)  # type: ignore[arg-type]
        kiosk = platform.kiosk("S-001", "E-001")
        body = {"municipality_id": "M-001", "name": "夏祭り", "capacity": 50, "kind": "event"}
        assert http.put("/v1/admin/shelters/E-001", json=body, headers=ADMIN).is_success
        for site in ("S-001", "E-001"):
            http.put(f"/v1/admin/shelters/{site}/status", json={"status": "open"}, headers=ADMIN)
        with http.stream("GET", "/v1/public/shelters/events") as stream:
            events = _Events(stream.iter_lines())
            first = events.next()
            assert [s["shelter_id"] for s in first["data"]["shelters"]] == ["S-001"]
            for person_id, site in (("w-a", "E-001"), ("w-b", "S-001")):
                kiosk.event(
                    "person.registered",
                    {
                        "person_id": person_id,
                        "household_id": None,
                        "fields": {},
                        "source": "walk_in",
                    },
                )
                kiosk.event("shelter.checked_in", {"person_id": person_id, "shelter_id": site})
            assert kiosk.push().status_code == 200
            second = events.next()
            assert [s["shelter_id"] for s in second["data"]["shelters"]] == ["S-001"]
