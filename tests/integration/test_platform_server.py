"""The test platform's start: the server a test talks to is the one it started.

A port chosen free can be taken by another test's server (pytest runs two workers) before the
platform binds it. The platform then cannot bind and exits, and whatever took the port answers
in its place: a test would create shelters on one platform and read another's database.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from tests.integration import platform_server
from tests.integration.platform_server import running_platform


class _Impostor(BaseHTTPRequestHandler):
    """Answers every GET with no shelters, as the platform's public shelter document does."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        body = b'{"shelters": []}'
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port another server listens on, answering what the platform's readiness probe asks."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Impostor)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def test_a_platform_whose_port_was_taken_starts_on_another_not_behind_the_taker(
    taken_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ports = iter([taken_port])
    free = platform_server.free_port
    monkeypatch.setattr(platform_server, "free_port", lambda: next(ports, None) or free())
    with running_platform(tmp_path / "platform") as server:
        assert server.url != f"http://127.0.0.1:{taken_port}"
        server.shelter("S1")
        # The admin call reached the platform over the database this test reads.
        answer = requests.get(f"{server.url}/v1/public/shelters", timeout=10).json()
        assert [s["shelter_id"] for s in answer["shelters"]] == ["S1"]
