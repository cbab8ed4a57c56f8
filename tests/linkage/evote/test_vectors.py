"""The shared test vectors: Python makes exactly docs/protocol/evote-vectors.json, the browser's
module (run by node) makes exactly the same, and a ballot the browser made with real
randomness verifies in Python."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from linkage.evote.ballot import verify_audit, verify_ballot
from linkage.evote.context import context_from_json
from linkage.evote.errors import EvoteError
from linkage.evote.group import scalar_hex
from tests.linkage.evote.vectors import VECTORS, build

ROOT = Path(__file__).resolve().parents[3]
NODE_MODULES = ROOT / "linkage/web/frontend/node_modules/@noble/curves"


def test_python_makes_the_published_vectors() -> None:
    assert json.loads(VECTORS.read_text(encoding="utf-8")) == build()


@pytest.fixture(scope="module")
def browser() -> dict[str, Any]:
    if shutil.which("node") is None or not NODE_MODULES.is_dir():
        pytest.fail("node and the front-end's npm packages are needed (make web)")
    done = subprocess.run(
        ["node", str(Path(__file__).with_name("check_vectors.mjs")), str(VECTORS)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_the_browser_makes_the_published_vectors(browser: dict[str, Any]) -> None:
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    expected = sum(len(vectors[k]) for k in ("hashes", "base_mul", "encryptions"))
    # Each ballot: the ballot, its audit, its tracker and its opening.
    assert browser["checked"] == expected + 4 * len(vectors["ballots"])


def test_a_browser_ballot_verifies_in_python(browser: dict[str, Any]) -> None:
    context = context_from_json(browser["context"])
    checked = verify_ballot(context, browser["ballot"])
    assert checked.code == browser["ballot"]["code"]
    assert verify_audit(context, browser["ballot"], browser["audit"]) == browser["choices"]


def test_a_browser_ballot_with_a_corrupted_proof_is_refused(browser: dict[str, Any]) -> None:
    context = context_from_json(browser["context"])
    ballot = copy.deepcopy(browser["ballot"])
    ballot["contests"][1]["selections"][3]["proof"]["responses"][1] = scalar_hex(42)
    with pytest.raises(EvoteError) as refused:
        verify_ballot(context, ballot)
    assert refused.value.where == "ballot.contests[1].selections[3].proof"


def test_the_verifier_opens_an_audited_ballot_the_browser_saved(
    browser: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "audited.json"
    path.write_text(json.dumps(browser["audited"]), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "linkage.evote.verify", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout) == {"valid": True, "choices": browser["choices"]}
    shown = copy.deepcopy(browser["audited"])
    shown["choices"]["contest-1"] = ["c1-1"]
    path.write_text(json.dumps(shown), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "linkage.evote.verify", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (
        1,
        "invalid: choices: are not what the opened ballot encrypts",
    )
