"""``kazasu-kiosk self-test``: can this machine run the kiosk? Qt, the store, cards, camera, the
kiosk's own files (translations, theme, package metadata), the reading dictionary that suggests
furigana and provisioning's worker process, also inside the installed bundle.

Qt, the card stack, the camera stack and the worker process are each checked in a child
process: the kiosk core does not import them, and a missing native library or display can abort a
process outright.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.furigana import DICTIONARY, suggest_furigana
from kiosk.keys import PassphraseSource
from kiosk.store import Store

PROBES = {
    "qt": ["-m", "ui.selftest"],
    "card": ["-m", "cardio.selftest", "card"],
    "camera": ["-m", "cardio.selftest", "camera"],
    "resources": ["-m", "ui.selftest", "resources"],
    "provisioning": ["-m", "sync.selftest"],
}
PROBE_TIMEOUT_S = 60


@dataclass(frozen=True)
class Check:
    """One check's outcome; ``detail`` names what is missing when it failed."""

    name: str
    ok: bool
    detail: str


def check_store(data: Path, passphrase: PassphraseSource) -> Check:
    """The store opens with the available key and passes the full integrity check (SQLite's
    and SQLCipher's check of every page)."""
    try:
        with Store.open(data, passphrase) as store:
            problems = store.integrity_problems()
            if problems:
                return Check("store", False, f"the store is damaged: {'; '.join(problems[:3])}")
            return Check("store", True, f"schema {store.schema_version()}")
    except KioskError as exc:
        return Check("store", False, str(exc))


FURIGANA_SAMPLE = ("山﨑\u3000一郎", "やまざき\u3000いちろう")
"""A name whose reading needs the dictionary's personal names (a variant kanji, too)."""


def check_furigana() -> Check:
    """The reading dictionary loads and reads a name as expected."""
    name, expected = FURIGANA_SAMPLE
    try:
        reading = suggest_furigana(name)
    except Exception as exc:  # a missing dictionary or native library: report, don't crash
        return Check("furigana", False, f"sudachidict_{DICTIONARY}: {exc}")
    if reading != expected:
        return Check("furigana", False, f"{name} read as {reading!r}, expected {expected}")
    return Check("furigana", True, f"sudachidict_{DICTIONARY}: {name} → {reading}")


def probe(name: str) -> Check:
    """Run one child-process check."""
    try:
        done = subprocess.run(
            [sys.executable, *PROBES[name]],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            cwd=Path(__file__).resolve().parent.parent,
        )
    except subprocess.TimeoutExpired:
        return Check(name, False, f"no answer within {PROBE_TIMEOUT_S} s")
    lines = done.stdout.strip().splitlines()
    try:
        answer = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        error = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        return Check(name, False, error)
    return Check(name, bool(answer["ok"]), str(answer["detail"]))


def run(data: Path, passphrase: PassphraseSource) -> list[Check]:
    """Every check, in order."""
    return [
        probe("qt"),
        check_store(data, passphrase),
        probe("card"),
        probe("camera"),
        probe("resources"),
        check_furigana(),
        probe("provisioning"),
    ]
