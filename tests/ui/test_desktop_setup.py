"""Setting the kiosk up on a real desktop: what Qt needs, a plain self-test, a clean stop.

``make run`` on Debian must install every library Qt's xcb platform loads; ``kazasu-kiosk
self-test`` on a machine without a display must say that, not Qt's plugin message; stopping
``make run`` (Ctrl-C, SIGTERM) must stop the platform it started; the README's headless demo
line must work as written.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import PySide6
import pytest

from kiosk.store import Store
from tests.ui.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
NO_DISPLAY = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def _apt_packages() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    found = re.search(r"^APT_PACKAGES :=((?:.*\\\n)*.*)$", text, re.M)
    assert found
    return set(found.group(1).replace("\\\n", " ").split())


def _debian_package(soname: str) -> str:
    """Debian's name for the package of a shared library: libxcb-icccm.so.4 → libxcb-icccm4."""
    name, _, version = soname.partition(".so.")
    return f"{name}{'-' if name[-1].isdigit() else ''}{version}"


def test_the_makefile_installs_every_library_qts_xcb_platform_loads() -> None:
    qt = Path(PySide6.__file__).parent / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    wanted = set()
    for library in (plugin, *(qt / "lib").glob("libQt6XcbQpa.so*")):
        listed = subprocess.run(["ldd", str(library)], capture_output=True, text=True).stdout
        wanted |= set(re.findall(r"^\s*(lib(?:xcb|xkbcommon)[\w-]*\.so\.\d+)", listed, re.M))
    assert "libxcb-icccm.so.4" in wanted  # the one Qt's message never names
    missing = {_debian_package(s) for s in wanted} - _apt_packages()
    assert not missing, f"add to APT_PACKAGES: {sorted(missing)}"


def test_self_test_without_a_display_says_so_plainly(tmp_path: Path) -> None:
    Store.create(tmp_path / "data", PASSPHRASE, use_os_keystore=False).close()
    env = {k: v for k, v in os.environ.items() if k not in NO_DISPLAY}
    env["KAZASU_PASSPHRASE"] = PASSPHRASE
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data", str(tmp_path / "data"), "self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    checks = {c["name"]: c for c in json.loads(done.stdout)}
    assert done.returncode == 1
    assert not checks["qt"]["ok"]
    detail = checks["qt"]["detail"]
    assert detail.startswith("no display"), detail
    assert "QT_QPA_PLATFORM=offscreen" in detail
    assert "qt: no display" in done.stderr
    assert "platform plugin" not in done.stderr


def _children(pid: int) -> set[int]:
    """Every living descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_stopping_make_run_stops_the_platform_it_started(
    tmp_path: Path, stop: signal.Signals
) -> None:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    demo = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "devtools.demo",
            "--data",
            str(tmp_path / "data"),
            "--in-process-cards",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=ROOT,
    )
    children: set[int] = set()
    try:
        assert demo.stdout is not None
        seen = []
        deadline = time.monotonic() + 240
        for line in demo.stdout:
            seen.append(line)
            if line.startswith("Staff sign-in:") or time.monotonic() > deadline:
                break
        assert any(line.startswith("Demo platform:") for line in seen), "".join(seen)
        children = _children(demo.pid)
        assert children, "the demo started no platform process"
        demo.send_signal(stop)
        assert demo.wait(30) == 0
        time.sleep(0.5)
        assert not [c for c in children if _alive(c)], "children left running"
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
        for child in children:  # whatever a failed stop left behind
            if _alive(child):
                os.kill(child, signal.SIGKILL)


def test_the_readmes_headless_demo_line_works_as_written(tmp_path: Path) -> None:
    line = re.search(
        r"`(python -m devtools\.headless_demo --data DIR)`", (ROOT / "README.md").read_text()
    )
    assert line
    command = line.group(1).replace("python", sys.executable, 1).replace("DIR", str(tmp_path))
    env = {k: v for k, v in os.environ.items() if k != "KAZASU_PASSPHRASE"}
    done = subprocess.run(
        command.split(), capture_output=True, text=True, env=env, timeout=300, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert "data folder:" in done.stdout
