"""Check a frozen kiosk bundle the way ``make dist`` does: ``python build/check_frozen.py DIR``.

Both programs of the bundle (``kazasu`` and ``kazasu-console``) run their self-test offscreen
over a new encrypted data folder made by the bundle itself, with the PC/SC service and the
virtual reader when they are installed (pcscd is started for the check if it is not running).
Every check must pass, QR decoding must use the bundled zbar, and the bundle must know itself as
frozen. The screens program must then start in kiosk mode and log that its screens are shown.
The card command of the console program must list the PC/SC readers and the log
file must exist. Exits 0 when all of that holds; otherwise prints what failed and exits 1.

``--without-pcsc-service`` accepts a card check that found no PC/SC service, as long as the card
protocols themselves worked: Windows starts its smart card service only once a reader has been
plugged in, which a build machine never has.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHECKS = ["qt", "store", "card", "camera", "resources", "furigana", "provisioning"]
VPCD_CONFIG = Path("/etc/reader.conf.d/vpcd")
VPCD_READER = "Virtual PCD 00 00"
PASSPHRASE = "frozen bundle check"
TIMEOUT_S = 300
SCREENS_TIMEOUT_S = 120  # a start-up dialog (no store, wrong key) would wait for a person forever


def environment() -> dict[str, str]:
    """What the frozen programs run with: offscreen Qt, the passphrase, no inherited data folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("KAZASU_DATA", "PYTHONPATH")}
    return env | {"QT_QPA_PLATFORM": "offscreen", "KAZASU_PASSPHRASE": PASSPHRASE}


def programs(bundle: Path) -> tuple[Path, Path]:
    """The screens program and the console program of ``bundle``."""
    suffix = ".exe" if sys.platform == "win32" else ""
    return bundle / f"kazasu{suffix}", bundle / f"kazasu-console{suffix}"


def _readers(console: Path) -> list[str]:
    done = subprocess.run(
        [str(console), "card", "readers", "--json"],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=TIMEOUT_S,
    )
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError:
        return []
    readers = answer.get("readers") if isinstance(answer, dict) else None
    return [r["name"] for r in readers] if isinstance(readers, list) else []


@contextmanager
def pcsc_service(console: Path) -> Iterator[None]:
    """pcscd with the vpcd reader for the duration: the running one, or one started here."""
    binary = shutil.which("pcscd") or shutil.which("/usr/sbin/pcscd")
    if binary is None or not VPCD_CONFIG.exists() or not console.is_file():
        yield
        return
    if VPCD_READER in _readers(console):
        yield
        return
    process = subprocess.Popen(
        [binary, "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 15
        while VPCD_READER not in _readers(console) and time.monotonic() < deadline:
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def self_test(program: Path, data: Path) -> tuple[int, list[dict[str, object]]]:
    """Run ``program --self-test`` over ``data``; its exit code and its checks."""
    done = subprocess.run(
        [str(program), "--data", str(data), "--self-test"],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=TIMEOUT_S,
    )
    try:
        checks = json.loads(done.stdout)
    except json.JSONDecodeError:
        checks = []
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
    return done.returncode, checks


NO_SERVICE = "card protocols work, but the PC/SC service does not answer"
SHOWN = "screens shown (full screen)"


def screens_start(gui: Path, data: Path) -> list[str]:
    """Start the screens program in kiosk mode over ``data`` and wait until its log says the
    screens are shown; then end it. What it logged is the evidence (it has no console)."""
    log_file = data / "logs" / "kazasu.log"
    before = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
    process = subprocess.Popen(
        [str(gui), "--data", str(data), "--kiosk"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment(),
    )
    deadline = time.monotonic() + SCREENS_TIMEOUT_S
    logged = ""
    while SHOWN not in logged and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        logged = log_file.read_text(encoding="utf-8")[len(before) :] if log_file.exists() else ""
    exited = process.poll()
    process.terminate()
    stderr = process.communicate(timeout=30)[1].decode(errors="replace")
    print(f"{gui.name:16} screens    {'ok' if SHOWN in logged else 'FAILED':7} {SHOWN}")
    if SHOWN in logged and "CRITICAL" not in logged:
        return []
    if exited is not None:
        return [f"{gui.name} exited with {exited} before showing the screens: {stderr[-2000:]}"]
    return [f"{gui.name} did not show the screens: log {logged[-2000:]!r}"]


def problems(bundle: Path, data: Path, without_pcsc_service: bool = False) -> list[str]:
    """Everything wrong with ``bundle``; empty when it passes."""
    gui, console = programs(bundle)
    found = [f"{p} is missing" for p in (gui, console) if not p.is_file()]
    if found:
        return found
    made = subprocess.run(
        [str(console), "--data", str(data), "init"],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=TIMEOUT_S,
    )
    if made.returncode != 0:
        return [f"init failed: {made.stderr.strip()}"]
    # A Windows program built without a console may have no standard output to answer on: there
    # the console program speaks for the bundle (both run the same code).
    for program in (console,) if sys.platform == "win32" else (console, gui):
        code, checks = self_test(program, data)
        by_name = {str(c["name"]): c for c in checks}
        if list(by_name) != CHECKS:
            found.append(f"{program.name}: checks {list(by_name)}, expected {CHECKS}")
            continue
        excused = without_pcsc_service and str(by_name["card"]["detail"]).startswith(NO_SERVICE)
        found += [
            f"{program.name}: {name}: {c['detail']}"
            for name, c in by_name.items()
            if not c["ok"] and not (name == "card" and excused)
        ]
        if code != 0 and not excused:
            found.append(f"{program.name}: self-test exit code {code}")
        if not str(by_name["camera"]["detail"]).endswith("(zbar/2+zbar)"):
            found.append(f"{program.name}: QR decoding without zbar: {by_name['camera']['detail']}")
        if " frozen;" not in str(by_name["resources"]["detail"]):
            found.append(f"{program.name}: not running frozen: {by_name['resources']['detail']}")
        for c in checks:
            print(
                f"{program.name:16} {c['name']:10} {'ok' if c['ok'] else 'FAILED':7} {c['detail']}"
            )
    found += screens_start(gui, data)
    if sys.platform.startswith("linux") and not any(bundle.glob("_internal/libzbar.so*")):
        found.append("libzbar is not in the bundle")
    if VPCD_CONFIG.exists() and VPCD_READER not in _readers(console):
        found.append(f"kazasu-console card readers does not list {VPCD_READER}")
    if not (data / "logs" / "kazasu.log").is_file():
        found.append("no log file in the data folder")
    return found


def main(argv: list[str]) -> int:
    """Check the bundle named on the command line."""
    flags = [a for a in argv if a.startswith("--")]
    folders = [a for a in argv if not a.startswith("--")]
    if len(folders) != 1 or not set(flags) <= {"--without-pcsc-service"}:
        print(__doc__, file=sys.stderr)
        return 2
    bundle = Path(folders[0]).resolve()
    _, console = programs(bundle)
    with tempfile.TemporaryDirectory() as tmp, pcsc_service(console):
        found = problems(bundle, Path(tmp) / "data", "--without-pcsc-service" in flags)
    for problem in found:
        print(f"FAILED: {problem}", file=sys.stderr)
    print(f"frozen bundle {bundle}: {'FAILED' if found else 'all checks passed'}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
