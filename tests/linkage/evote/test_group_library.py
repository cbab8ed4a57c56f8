"""The group's library leaves nothing behind: a process that loads the ballot code as the platform
does and computes with it writes no file to the temporary folder. (The library the group once
used unpacked a 2.7 MB copy of libsodium there at every import and never removed it.) The
system's libsodium it uses instead is one of the Debian packages ``make`` installs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pysodium

ROOT = Path(__file__).resolve().parents[3]

# The platform's application built as the server builds it, then every vector (base and variable
# multiplications, sums, differences, encryptions, ballots with their proofs) computed again, and
# the published ballots parsed and verified.
_SCRIPT = """
import json
from linkage.app import create_app
from linkage.config import Settings
from linkage.evote.ballot import verify_ballot
from linkage.evote.context import context_from_json
from tests.linkage.evote.vectors import VECTORS, build

create_app(Settings(database_url="sqlite://", admin_token="-"))
published = json.loads(VECTORS.read_text(encoding="utf-8"))
assert build() == published
for case in published["ballots"]:
    verify_ballot(context_from_json(case["context"]), case["ballot"])
"""


def test_a_process_that_computes_ballots_leaves_the_temporary_folder_empty(tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temporary)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in temporary.iterdir()) == []


def test_make_installs_the_libsodium_the_group_loads() -> None:
    loaded = Path(pysodium.sodium._name).name  # libsodium.so.23: Debian's libsodium23
    name, _, version = loaded.partition(".so.")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    listed = re.search(r"^APT_PACKAGES :=((?:.*\\\n)*.*)$", makefile, re.M)
    assert listed
    assert f"{name}{version}" in listed.group(1).replace("\\\n", " ").split()
