"""Shelters published to a FIWARE Orion context broker as NGSI v2 entities.

Each shelter is an ``EmergencyShelter`` entity upserted with ``POST /v2/op/update``
(``actionType`` ``append``: created when missing, attributes replaced when present). The
publisher runs on its own thread, off every request: the watcher hands it each public state
it reads; it sends the entities that differ from what Orion last acknowledged, in batches,
and on any failure waits (1 s doubling to a minute) and tries again with the newest state.
The state lives in the database, so nothing is lost while Orion is away: the next attempt
carries whatever is current, and a restarted process publishes every shelter once.

An entity that leaves the public document (a shelter made an event site) is deleted from the
broker. A process remembers what it published, and before its first publication it asks the
broker for the ``EmergencyShelter`` entities of the platform's municipalities
(``refMunicipality``, page by page), so one left behind while no process ran (a site made an
event site, a shelter removed) is deleted too; other publishers' entities in the same tenant
(another city's) are left alone.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from kazasu_protocol.canonical import canonical_json
from linkage.canonical import now_ms
from linkage.consent import iso
from linkage.occupancy import ShelterState
from linkage.public_shelters import PublicView

log = logging.getLogger(__name__)

ENTITY_TYPE = "EmergencyShelter"
BATCH = 100  # entities per request, well inside Orion's 1 MB request limit
PAGE = 1000  # entities per listing page: Orion's largest
# Orion refuses these characters in attribute values (its "forbidden characters"); a shelter
# name such as 公民館(北) is published with the full-width forms instead.
_FORBIDDEN = str.maketrans(
    {
        "<": "＜",
        ">": "＞",
        '"': "＂",
        "'": "＇",
        "=": "＝",
        ";": "；",
        "(": "（",
        ")": "）",
    }
)


@dataclass(frozen=True)
class OrionConfig:
    """Where and how to publish: the broker's base URL and its tenant headers."""

    url: str
    service: str | None = None  # Fiware-Service (tenant)
    service_path: str | None = None  # Fiware-ServicePath, e.g. /shelters
    token: str | None = None  # X-Auth-Token, for a broker behind a PEP proxy
    ca_file: str | None = None  # to verify an HTTPS broker with a private CA
    timeout_s: float = 10.0
    retry_min_s: float = 1.0  # the first pause after a failure; it doubles with each one
    retry_max_s: float = 60.0
    # Everything is sent again this often, in case the broker lost its data.
    refresh_s: float = 600.0


def entity_id(shelter_id: str) -> str:
    """The NGSI id of a shelter (platform shelter ids use only characters NGSI allows)."""
    return f"urn:ngsi-ld:{ENTITY_TYPE}:{shelter_id}"


def entity(state: ShelterState) -> dict[str, Any]:
    """The NGSI v2 entity of one shelter, without a modification time."""
    attrs: dict[str, Any] = {
        "id": entity_id(state.shelter_id),
        "type": ENTITY_TYPE,
        "name": {"type": "Text", "value": state.name.translate(_FORBIDDEN)},
        "status": {"type": "Text", "value": "open" if state.is_open else "closed"},
        "occupancy": {"type": "Number", "value": state.occupancy if state.is_open else 0},
        "congestionLevel": {"type": "Text", "value": state.congestion.value},
        "refMunicipality": {"type": "Text", "value": state.municipality_id},
    }
    if state.capacity is not None:
        attrs["capacity"] = {"type": "Number", "value": state.capacity}
    if state.latitude is not None and state.longitude is not None:
        attrs["location"] = {
            "type": "geo:json",
            "value": {"type": "Point", "coordinates": [state.longitude, state.latitude]},
        }
    return attrs


class PublishFailed(Exception):
    """Orion did not take a batch (unreachable, or answered with an error)."""


@dataclass
class PublisherStatus:
    """How publishing goes, for operators."""

    published: int = 0  # entities Orion acknowledged since start
    failures: int = 0  # consecutive failed attempts
    last_error: str | None = None
    last_success_ms: int | None = None


class OrionPublisher:
    """Keeps Orion's shelter entities equal to the latest public state (see module doc)."""

    def __init__(
        self, config: OrionConfig, municipalities: Callable[[], list[str]] | None = None
    ) -> None:
        self.config = config
        # The platform's municipalities: whose entities on the broker are this platform's.
        self._municipalities = municipalities
        self._swept = municipalities is None
        self.status = PublisherStatus()
        self._latest: tuple[ShelterState, ...] | None = None
        self._acked: dict[str, str] = {}
        # Every entity this process published: one that leaves the public document (a shelter
        # made an event site) is deleted from the broker, not left there stale.
        self._published: set[str] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._session = requests.Session()
        self._thread = threading.Thread(target=self._run, name="orion-publisher", daemon=True)

    def wants_updates(self) -> bool:
        """The publisher always wants the current state."""
        return True

    def update(self, view: PublicView) -> None:
        """Take the newest state; older ones not yet sent are superseded by it."""
        with self._lock:
            self._latest = view.states
        self._wake.set()

    def start(self) -> None:
        """Start publishing."""
        self._thread.start()

    def stop(self) -> None:
        """Stop publishing (the state stays in the database for the next start)."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=self.config.timeout_s + 5)
        self._session.close()

    def _run(self) -> None:
        refresh_at = time.monotonic() + self.config.refresh_s
        while not self._stop.is_set():
            if self.status.failures:
                delay = self.config.retry_min_s * 2 ** (self.status.failures - 1)
                # New states during the pause are taken when it ends; only stopping cuts it.
                if self._stop.wait(min(delay, self.config.retry_max_s)):
                    return
            else:
                self._wake.wait(max(0.0, refresh_at - time.monotonic()))
            self._wake.clear()
            if self._stop.is_set():
                return
            if time.monotonic() >= refresh_at:
                self._acked.clear()
                refresh_at = time.monotonic() + self.config.refresh_s
            self._publish_latest()

    def _publish_latest(self) -> None:
        with self._lock:
            states = self._latest
        if states is None:
            return
        pending = [
            e for e in (entity(s) for s in states) if self._acked.get(e["id"]) != canonical_json(e)
        ]
        try:
            if not self._swept and self._municipalities is not None:
                # What an earlier process published is this one's to keep right.
                for m in self._municipalities():
                    self._published |= self._listed(m)
                self._swept = True
            gone = sorted(self._published - {entity_id(s.shelter_id) for s in states})
            for start in range(0, len(pending), BATCH):
                batch = pending[start : start + BATCH]
                self._send("append", batch)
                for e in batch:
                    self._acked[e["id"]] = canonical_json(e)
                    self._published.add(e["id"])
                self.status.published += len(batch)
            for start in range(0, len(gone), BATCH):
                ids = gone[start : start + BATCH]
                self._send("delete", [{"id": i, "type": ENTITY_TYPE} for i in ids])
                for i in ids:
                    self._published.discard(i)
                    self._acked.pop(i, None)
        except PublishFailed as failed:
            self.status.failures += 1
            self.status.last_error = str(failed)
            log.warning(
                "publishing shelters to Orion failed (%s attempts): %s",
                self.status.failures,
                failed,
            )
            return
        if pending or gone:
            self.status.last_success_ms = now_ms()
        self.status.failures = 0
        self.status.last_error = None

    def _listed(self, municipality_id: str) -> set[str]:
        """The ids of the broker's shelter entities of one municipality."""
        found: set[str] = set()
        offset = 0
        while True:
            params: dict[str, str | int] = {
                "type": ENTITY_TYPE,
                "q": f"refMunicipality=='{municipality_id}'",
                "attrs": "refMunicipality",
                "limit": PAGE,
                "offset": offset,
            }
            answer = self._request("GET", "/v2/entities", params=params)
            try:
                page = answer.json()
            except ValueError as exc:
                raise PublishFailed("the broker's entity list is not JSON") from exc
            if not isinstance(page, list):
                raise PublishFailed("the broker's entity list is not a list")
            found |= {str(e["id"]) for e in page if isinstance(e, dict) and "id" in e}
            if len(page) < PAGE:
                return found
            offset += PAGE

    def _send(self, action: str, batch: list[dict[str, Any]]) -> None:
        stamp = iso(now_ms())
        body = {
            "actionType": action,
            "entities": batch
            if action == "delete"
            else [{**e, "dateModified": {"type": "DateTime", "value": stamp}} for e in batch],
        }
        self._request("POST", "/v2/op/update", json=body)

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {}
        if self.config.service:
            headers["Fiware-Service"] = self.config.service
        if self.config.service_path:
            headers["Fiware-ServicePath"] = self.config.service_path
        if self.config.token:
            headers["X-Auth-Token"] = self.config.token
        try:
            answer = self._session.request(
                method,
                self.config.url.rstrip("/") + path,
                headers=headers,
                timeout=self.config.timeout_s,
                # Passed per request: REQUESTS_CA_BUNDLE would override a session setting.
                verify=self.config.ca_file or True,
                **kwargs,
            )
        except requests.RequestException as exc:
            raise PublishFailed(f"{type(exc).__name__}: {exc}") from exc
        if not answer.ok:
            raise PublishFailed(f"HTTP {answer.status_code}: {answer.text[:200]}")
        return answer
