"""A real platform process for integration tests: ``kazasu-platform serve`` on 127.0.0.1,
on a SQLite file or a PostgreSQL database, with the admin calls the tests need."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import requests

from linkage import cli

REPO = Path(__file__).resolve().parents[2]
ADMIN_TOKEN = "integration-admin-token"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PlatformServer:
    """A running platform and its admin API."""

    def __init__(self, url: str, database_url: str, data: Path | None = None) -> None:
        self.url = url
        self.database_url = database_url
        self.data = data
        self.ca: str | None = None
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"

    def admin(self, method: str, path: str, **kw: Any) -> Any:
        """Call the admin API; raise on any error."""
        response = self.http.request(
            method, f"{self.url}/v1/admin{path}", timeout=30, verify=self.ca or True, **kw
        )
        response.raise_for_status()
        return response.json()

    def cli(self, *args: str) -> Any:
        """Run a ``kazasu-platform`` command on this platform's data and database, in this
        process; its JSON."""
        return json.loads(
            _command_here(["--data", str(self.data), "--database-url", self.database_url, *args])
        )

    def shelter(self, shelter_id: str, name: str = "避難所", capacity: int = 500) -> None:
        """Create or update a shelter, open (its kiosks take its status from the platform)."""
        self.admin("PUT", "/municipalities/M-1", json={"name": "統合試験市"})
        body = {"municipality_id": "M-1", "name": name, "capacity": capacity}
        self.admin("PUT", f"/shelters/{shelter_id}", json=body)
        self.admin("PUT", f"/shelters/{shelter_id}/status", json={"status": "open"})

    def enrolment_code(self, *shelters: str) -> str:
        """A one-time code for a kiosk serving these shelters."""
        body = {"scope": {"shelters": list(shelters)}, "label": "integration kiosk"}
        return str(self.admin("POST", "/enrolment-codes", json=body)["code"])


@contextmanager
def running_platform(
    data: Path,
    database_url: str | None = None,
    tls: bool = False,
    public_url: str | None = None,
    options: Sequence[str] = (),
) -> Iterator[PlatformServer]:
    """Start ``kazasu-platform serve`` and wait until it answers; stop it afterwards.

    With ``tls`` the platform serves HTTPS with a development CA made in its data folder.
    ``public_url`` is the address people and kiosks reach it at (e.g. a proxy in front of it).
    ``options`` are more of ``serve``'s options (``--body-limit``, say).
    """
    env = os.environ | {"KAZASU_ADMIN_TOKEN": ADMIN_TOKEN, "PYTHONPATH": str(REPO)}
    options_here = [
        "--data",
        str(data),
        *(["--database-url", database_url] if database_url else []),
    ]
    args = [sys.executable, "-m", "linkage.cli", *options_here]
    # Migrated, and its certificates made, by the same commands in this process: a process of
    # their own would load the platform's code once more per test (seconds on a slow machine).
    _command_here([*options_here, "migrate"])
    ca: str | None = None
    if tls:
        ca = str(json.loads(_command_here([*options_here, "dev-ca"]))["ca"])
    # The server's log goes to a file: a pipe nobody reads would fill and stall the server.
    data.mkdir(parents=True, exist_ok=True)
    log_path = data / "serve.log"
    serve = [*(["--public-url", public_url] if public_url else []), *options]
    process, url = serve_on_free_port(args, env, log_path, ca, serve)
    server = PlatformServer(url, database_url or f"sqlite:///{data / 'platform.sqlite3'}", data)
    server.ca = ca
    try:
        yield server
    finally:
        # An idle connection of the admin calls left open would hold the server's graceful
        # shutdown for its whole timeout (5 s) over TLS.
        server.http.close()
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def _command_here(argv: list[str]) -> str:
    """Run a ``kazasu-platform`` command in this process; what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(argv)
    if code != 0:
        raise RuntimeError(f"kazasu-platform {' '.join(argv)}: {err.getvalue()}")
    return out.getvalue()


def serve_on_free_port(
    args: list[str],
    env: dict[str, str],
    log_path: Path,
    ca: str | None = None,
    serve: Sequence[str] = (),
    startup_s: float = 60,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``args serve --port P *serve`` on a free port ``P``, its output appended to
    ``log_path``, and wait until it answers; the process and its base URL. With ``ca`` it
    serves HTTPS (``--dev-tls``), checked against that CA."""
    # Another process may take the free port before the server binds it: try a few ports.
    for _ in range(3):
        port = free_port()
        logged = log_path.stat().st_size if log_path.exists() else 0
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                [*args, "serve", "--port", str(port), *(["--dev-tls"] if ca else []), *serve],
                env=env,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        url = f"{'https' if ca else 'http'}://127.0.0.1:{port}"
        deadline = time.monotonic() + startup_s
        while process.poll() is None and time.monotonic() < deadline:
            # Whatever took the port would answer too: only once this process says it has
            # bound the port is an answer from it.
            if _says_running(log_path, logged, url) and _answers(url, ca):
                return process, url
            time.sleep(0.1)
        process.kill()
        process.wait()
    raise RuntimeError(f"the platform did not start: {log_path.read_text(errors='replace')}")


def _says_running(log_path: Path, logged: int, url: str) -> bool:
    """Whether the server's log, past its first ``logged`` bytes, says it serves ``url``."""
    with open(log_path, "rb") as log:
        log.seek(logged)
        return f"running on {url} ".encode() in log.read()


def _answers(url: str, ca: str | None) -> bool:
    try:
        # A public list, quick to answer: the OpenAPI document takes seconds to make.
        requests.get(f"{url}/v1/public/shelters", timeout=5, verify=ca or True)
    except (requests.ConnectionError, requests.Timeout):
        return False
    return True
