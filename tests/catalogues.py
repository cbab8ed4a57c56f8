"""The compiled message catalogues the tests read, rebuilt when older than their sources (what
``make translations`` does, for a test run started without it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
BIN = Path(sys.executable).parent


def _stale(source: Path, compiled: Path) -> bool:
    return not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime


def compile_stale() -> None:
    """Compile every Qt .ts to .qm and every core .po to .mo that is missing or older."""
    for ts in I18N.glob("*.ts"):
        qm = ts.with_suffix(".qm")
        if _stale(ts, qm):
            subprocess.run(
                [str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True
            )
    for po in (I18N / "core").glob("*.po"):
        mo = po.with_suffix(".mo")
        if _stale(po, mo):
            subprocess.run(
                [str(BIN / "pybabel"), "-q", "compile", "-i", str(po), "-o", str(mo)], check=True
            )
