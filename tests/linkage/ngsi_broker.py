"""A small NGSI v2 context broker for tests: the endpoints the platform's publisher uses.

It serves ``POST /v2/op/update`` (``append``: create the entity or replace the attributes
sent), ``GET /v2/entities`` (by type, one ``attr=='value'`` query, paged) and
``GET /v2/entities/{id}`` over real HTTP, keeps entities per
tenant (``Fiware-Service`` and ``Fiware-ServicePath``), and refuses what Orion refuses: ids
and types with forbidden characters, string values with ``<>"'=;()``, geo:json that is not
GeoJSON, a body that is not JSON. Orion itself needs MongoDB, which test machines may lack.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit

FORBIDDEN_VALUE = re.compile(r"[<>\"'=;()]")
FORBIDDEN_ID = re.compile(r"[<>\"'=;()\s?/#&]")
Tenant = tuple[str, str]


class BadRequest(Exception):
    """What Orion answers 400 to."""


class NotFound(Exception):
    """Orion's answer to deleting an entity it does not hold."""


class NgsiBroker:
    """The broker on 127.0.0.1; ``entities(tenant)`` and ``requests`` tell what it received."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._store: dict[Tenant, dict[str, dict[str, Any]]] = {}
        self.requests: list[dict[str, Any]] = []
        broker = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                broker._handle(self, "POST")

            def do_GET(self) -> None:
                broker._handle(self, "GET")

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The broker's base URL."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    def entities(self, tenant: Tenant = ("", "/")) -> dict[str, dict[str, Any]]:
        """Entities of a tenant by id (a copy)."""
        with self._lock:
            copied: dict[str, dict[str, Any]] = json.loads(json.dumps(self._store.get(tenant, {})))
        return copied

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(handler.path)
        tenant = (
            handler.headers.get("Fiware-Service", "").lower(),
            handler.headers.get("Fiware-ServicePath", "/"),
        )
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        with self._lock:
            self.requests.append({"method": method, "path": url.path, "tenant": tenant})
        try:
            if method == "POST" and url.path == "/v2/op/update":
                if handler.headers.get_content_type() != "application/json":
                    return _answer(handler, 415, {"error": "UnsupportedMediaType"})
                self._update(tenant, _json(raw))
                return _answer(handler, 204, None)
            if method == "GET" and url.path == "/v2/entities":
                return _answer(handler, 200, self._listing(tenant, parse_qs(url.query)))
            if method == "GET" and url.path.startswith("/v2/entities/"):
                found = self.entities(tenant).get(unquote(url.path.removeprefix("/v2/entities/")))
                if found is None:
                    return _answer(handler, 404, {"error": "NotFound"})
                return _answer(handler, 200, found)
        except BadRequest as bad:
            return _answer(handler, 400, {"error": "BadRequest", "description": str(bad)})
        except NotFound:
            return _answer(handler, 404, {"error": "NotFound"})
        _answer(handler, 404, {"error": "NotFound"})

    def _listing(self, tenant: Tenant, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        # Orion's paging (limit 20 by default, 1000 at most, from offset) and the one simple
        # query the publisher sends: ``attr=='value'``.
        wanted = query.get("type", [None])[0]
        listed = [e for e in self.entities(tenant).values() if wanted in (None, e["type"])]
        if "q" in query:
            name, _, value = query["q"][0].partition("==")
            value = value.strip("'")
            listed = [e for e in listed if e.get(name, {}).get("value") == value]
        limit = int(query.get("limit", ["20"])[0])
        if not 1 <= limit <= 1000:
            raise BadRequest("limit must be 1 to 1000")
        offset = int(query.get("offset", ["0"])[0])
        return sorted(listed, key=lambda e: str(e["id"]))[offset : offset + limit]

    def _update(self, tenant: Tenant, body: Any) -> None:
        action = body.get("actionType") if isinstance(body, dict) else None
        if action not in ("append", "delete"):
            raise BadRequest("only actionType append and delete are served here")
        entities = body.get("entities")
        if not isinstance(entities, list) or not entities:
            raise BadRequest("entities must be a non-empty list")
        checked = [_entity(e) for e in entities]
        with self._lock:
            store = self._store.setdefault(tenant, {})
            if action == "delete":
                if any(e["id"] not in store for e in checked):
                    raise NotFound()
                for entity in checked:
                    del store[entity["id"]]
                return
            for entity in checked:
                current = store.setdefault(entity["id"], {"id": entity["id"], "type": ""})
                current.update(entity)


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise BadRequest("body is not JSON") from exc


def _entity(entity: Any) -> dict[str, Any]:
    if not isinstance(entity, dict):
        raise BadRequest("an entity must be an object")
    for key in ("id", "type"):
        value = entity.get(key)
        if not isinstance(value, str) or not 0 < len(value) <= 256 or FORBIDDEN_ID.search(value):
            raise BadRequest(f"invalid entity {key}")
    out: dict[str, Any] = {"id": entity["id"], "type": entity["type"]}
    for name, attribute in entity.items():
        if name in ("id", "type"):
            continue
        if not isinstance(attribute, dict) or "value" not in attribute:
            raise BadRequest(f"attribute {name} needs a value")
        kind = attribute.get("type", "Text")
        _check_value(attribute["value"], name)
        if kind == "geo:json":
            value = attribute["value"]
            if not (
                isinstance(value, dict)
                and value.get("type") == "Point"
                and isinstance(value.get("coordinates"), list)
                and len(value["coordinates"]) == 2
                and -180 <= value["coordinates"][0] <= 180
                and -90 <= value["coordinates"][1] <= 90
            ):
                raise BadRequest(f"attribute {name} is not a GeoJSON point")
        out[name] = {"type": kind, "value": attribute["value"], "metadata": {}}
    return out


def _check_value(value: Any, name: str) -> None:
    if isinstance(value, str) and FORBIDDEN_VALUE.search(value):
        raise BadRequest(f"Invalid characters in attribute value of {name}")
    if isinstance(value, dict):
        for inner in value.values():
            _check_value(inner, name)
    if isinstance(value, list):
        for inner in value:
            _check_value(inner, name)


def _answer(handler: BaseHTTPRequestHandler, status: int, body: Any) -> None:
    data = b"" if body is None else json.dumps(body).encode()
    handler.send_response(status)
    if data:
        handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
