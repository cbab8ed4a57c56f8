"""``kazasu-platform serve --workers N``: N platform processes answer on one port, stop
together on SIGTERM, and one that dies takes the others down so a supervisor restarts all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """A platform on SQLite served by two processes; its parent and port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")}
    cli = [sys.executable, "-m", "linkage.cli", "--data", str(tmp_path)]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True, cwd=REPO)
    port = _free_port()
    parent = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/v1/public/shelters", timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    yield parent, port
    if parent.poll() is None:
        parent.kill()
        parent.wait()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="several processes need fork")
def test_two_processes_answer_on_one_port_and_stop_together(
    served: tuple[subprocess.Popen[str], int],
) -> None:
    parent, port = served
    workers = _children(parent.pid)
    assert len(workers) == 2
    for _ in range(20):
        r = requests.get(f"http://127.0.0.1:{port}/v1/public/shelters", timeout=5)
        assert r.status_code == 200
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(timeout=30) == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="several processes need fork")
def test_a_process_that_dies_takes_the_others_down_with_a_failure_status(
    served: tuple[subprocess.Popen[str], int],
) -> None:
    parent, _ = served
    first, second = _children(parent.pid)
    os.kill(first, signal.SIGKILL)
    assert parent.wait(timeout=30) == 1
    assert not Path(f"/proc/{second}").exists()
    assert parent.stderr is not None
    assert f"platform process {first} exited" in parent.stderr.read()


def test_fewer_than_one_process_is_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")}
    cli = [sys.executable, "-m", "linkage.cli", "--data", str(tmp_path)]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True, cwd=REPO)
    refused = subprocess.run(
        [*cli, "serve", "--port", "0", "--workers", "0"],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert refused.returncode == 2
    assert "--workers must be at least 1" in refused.stderr
