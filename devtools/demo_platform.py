"""A local platform for the demo: ``kazasu-platform`` on SQLite in a folder, as a child process.

The demo shelters are created with the platform's own admin commands, which write its database
directly, so nothing here speaks HTTP. The port is chosen once and kept in the folder, because
an enrolled kiosk remembers the platform's address.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from kiosk.model import Shelter

MUNICIPALITY = "demo-city"
MUNICIPALITY_NAME = "デモ市"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DemoPlatform:
    """The platform process over ``folder`` and the admin commands the demo needs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None
        port_file = folder / "port"
        if port_file.exists():
            self.port = int(port_file.read_text())
        else:
            folder.mkdir(parents=True, exist_ok=True)
            self.port = _free_port()
            port_file.write_text(str(self.port))

    @property
    def url(self) -> str:
        """The platform's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def admin(self, *args: str) -> str:
        """Run one ``kazasu-platform`` command on the folder and return what it printed."""
        done = subprocess.run(
            [sys.executable, "-m", "linkage.cli", "--data", str(self.folder), *args],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"kazasu-platform {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def prepare(self, shelters: Iterable[Shelter]) -> None:
        """Bring the database up to date and create (or update) the demo shelters, open as the
        demo's are: the platform's definition is what its kiosks then hold."""
        self.admin("migrate")
        self.admin("municipality", MUNICIPALITY, "--name", MUNICIPALITY_NAME)
        for shelter in shelters:
            capacity = [] if shelter.capacity is None else ["--capacity", str(shelter.capacity)]
            located = shelter.latitude is not None and shelter.longitude is not None
            where = ["--lat", str(shelter.latitude), "--lon", str(shelter.longitude)]
            self.admin(
                "shelter",
                shelter.shelter_id,
                "--municipality",
                MUNICIPALITY,
                "--name",
                shelter.name,
                "--kind",
                shelter.kind,
                *capacity,
                *(where if located else []),
            )
            self.admin("shelter-status", shelter.shelter_id, shelter.status.value)

    def enrolment_code(self, shelter_ids: Iterable[str], label: str) -> str:
        """A one-time enrolment code for a kiosk serving these shelters."""
        args = ["enrolment-code", "--label", label]
        for shelter_id in shelter_ids:
            args += ["--shelter", shelter_id]
        return str(json.loads(self.admin(*args))["code"])

    def start(self) -> None:
        """Start serving; the kiosk's sync worker retries until the service answers."""
        log = open(self.folder / "platform.log", "ab")  # noqa: SIM115 - kept for the child
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "linkage.cli",
                "--data",
                str(self.folder),
                "serve",
                "--port",
                str(self.port),
            ],
            stdout=log,
            stderr=log,
        )
        log.close()

    def stop(self) -> None:
        """Stop the service (it finishes the request in hand)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
