"""``kazasu-platform serve --workers N``: N platform processes answer on one port, stop
together on SIGTERM, and one that dies takes the others down so a supervisor restarts all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.integration.platform_server import serve_on_free_port

REPO = Path(__file__).resolve().parents[2]


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
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """A platform on SQLite served by two processes: its parent, its URL and its log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")}
    cli = [sys.executable, "-m", "linkage.cli", "--data", str(tmp_path)]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True, cwd=REPO)
    log = tmp_path / "serve.log"
    parent, url = serve_on_free_port(cli, env, log, serve=["--workers", "2"])
    yield parent, url, log
    if parent.poll() is None:
        parent.kill()
        parent.wait()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="several processes need fork")
def test_two_processes_answer_on_one_port_and_stop_together(
    served: tuple[subprocess.Popen[bytes], str, Path],
) -> None:
    parent, url, _ = served
    workers = _children(parent.pid)
    assert len(workers) == 2
    for _ in range(20):
        r = requests.get(f"{url}/v1/public/shelters", timeout=5)
        assert r.status_code == 200
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(timeout=30) == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="several processes need fork")
def test_a_process_that_dies_takes_the_others_down_with_a_failure_status(
    served: tuple[subprocess.Popen[bytes], str, Path],
) -> None:
    parent, _, log = served
    first, second = _children(parent.pid)
    os.kill(first, signal.SIGKILL)
    assert parent.wait(timeout=30) == 1
    assert not Path(f"/proc/{second}").exists()
    assert f"platform process {first} exited" in log.read_text()


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
