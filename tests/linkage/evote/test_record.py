"""The election record and kazasu-verify: a valid record is accepted with its counts; a
corruption of any part is refused naming the first failure; the verifier needs nothing but the
record file."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from linkage.evote import tally
from linkage.evote.ballot import encrypt_ballot, tracker_of, verify_ballot
from linkage.evote.context import context_from_json
from linkage.evote.errors import EvoteError
from linkage.evote.group import base_mul, scalar_hex
from linkage.evote.record import build_record
from linkage.evote.verify import verify_record
from tests.linkage.evote.election import ceremony

ROOT = Path(__file__).resolve().parents[3]
CAST = [
    ({"contest-1": ["c1-2"], "contest-2": ["c2-1", "c2-4"]}, "counted"),
    ({"contest-1": ["c1-3"]}, "cancelled"),  # the same voter's later ballot replaced it
    ({"contest-1": ["c1-2"], "contest-2": ["c2-4"]}, "counted"),
    ({}, "counted"),
    ({"contest-1": ["c1-5"], "contest-2": ["c2-5", "c2-1"]}, "counted"),
    ({"contest-1": ["c1-2"]}, "counted"),
]
COUNTS = {
    "contest-1": {"c1-1": 0, "c1-2": 3, "c1-3": 0, "c1-4": 0, "c1-5": 1},
    "contest-2": {"c2-1": 2, "c2-2": 0, "c2-3": 0, "c2-4": 2, "c2-5": 1},
}


def make_record() -> dict[str, Any]:
    """A 3-of-5 election with six cast ballots (one cancelled), one audited, decrypted by
    trustees 1, 3 and 5 (2 and 4 absent)."""
    done = ceremony(5, 3)
    context = done.context
    cast, counted = [], []
    for choices, state in CAST:
        ballot, _ = encrypt_ballot(context, choices)
        checked = verify_ballot(context, ballot)
        cast.append(
            {"ballot": ballot, "tracker": tracker_of(context, checked.code), "state": state}
        )
        if state == "counted":
            counted.append(checked)
    shown = {"contest-1": ["c1-4"], "contest-2": ["c2-2"]}
    audited_ballot, audit = encrypt_ballot(context, shown)
    audited = [{"ballot": audited_ballot, "audit": audit, "choices": shown}]
    encrypted = tally.aggregate(context, counted)
    partials = [tally.partial_decrypt(context, done.secrets[i - 1], encrypted) for i in (1, 3, 5)]
    result = tally.combine(context, encrypted, partials)
    return build_record(context, done.records, cast, audited, result)


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    return make_record()


def test_a_valid_record_gives_the_counts(record: dict[str, Any]) -> None:
    summary = verify_record(record, workers=1)
    assert (summary.counted, summary.cancelled, summary.audited) == (5, 1, 1)
    assert summary.counts == COUNTS


def test_the_record_lists_the_same_ballots_whatever_order_they_were_cast_in(
    record: dict[str, Any],
) -> None:
    context = context_from_json(record["context"])
    reversed_order = build_record(
        context,
        record["trustees"],
        list(reversed(record["ballots"])),
        record["audited"],
        record["tally"],
    )
    assert reversed_order == record
    trackers = [e["tracker"] for e in record["ballots"]]
    assert trackers == sorted(trackers)


def test_several_processes_name_the_same_first_failure(record: dict[str, Any]) -> None:
    assert verify_record(record, workers=2, chunk=2).counts == COUNTS
    bad = copy.deepcopy(record)
    bad["ballots"][5]["ballot"]["contests"][0]["selections"][0]["proof"]["challenges"][0] = (
        scalar_hex(3)
    )
    bad["ballots"][3]["ballot"]["code"] = scalar_hex(3)
    with pytest.raises(EvoteError) as refused:
        verify_record(bad, workers=2, chunk=2)
    assert refused.value.where == "ballots[3].ballot.code"


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(record: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node: Any = record
        for key in parents:
            node = node[int(key)] if key.lstrip("-").isdigit() else node[key]
        node[int(last) if last.lstrip("-").isdigit() else last] = value

    return change


def _swap_ballots(record: dict[str, Any]) -> None:
    record["ballots"][1], record["ballots"][2] = record["ballots"][2], record["ballots"][1]


def _cancelled(record: dict[str, Any]) -> int:
    (at,) = [n for n, e in enumerate(record["ballots"]) if e["state"] == "cancelled"]
    return at


def _count_the_cancelled(record: dict[str, Any]) -> None:
    record["ballots"][_cancelled(record)]["state"] = "counted"


def _drop_last_ballot(record: dict[str, Any]) -> None:
    record["ballots"].pop()


def _repeat_ballot(record: dict[str, Any]) -> None:
    record["ballots"].append(copy.deepcopy(record["ballots"][0]))


def _cast_the_audited(record: dict[str, Any]) -> None:
    record["audited"][0]["ballot"] = copy.deepcopy(record["ballots"][3]["ballot"])


ANOTHER = base_mul(987654321).hex()
CORRUPTIONS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("format", _set("format", "kazasu-election-record/0"), "format"),
    (
        "manifest",
        _set("context/parameters/manifest/contests/0/limit", 2),
        "trustees[0].commitment_proofs[0]",
    ),
    ("quorum", _set("context/parameters/quorum", 2), "trustees[0].commitments"),
    (
        "trustee commitment",
        _set("trustees/1/commitments/2", ANOTHER),
        "trustees[1].commitment_proofs[2]",
    ),
    (
        "trustee proof",
        _set("trustees/4/communication_proof/response", scalar_hex(9)),
        "trustees[4].communication_proof",
    ),
    ("base hash", _set("context/base_hash", scalar_hex(1)), "context.base_hash"),
    ("public key", _set("context/public_key", ANOTHER), "context.public_key"),
    ("key share", _set("context/key_shares/3", ANOTHER), "context.key_shares"),
    (
        "extended base hash",
        _set("context/extended_base_hash", scalar_hex(1)),
        "context.extended_base_hash",
    ),
    (
        "selection proof",
        _set("ballots/2/ballot/contests/1/selections/3/proof/responses/1", scalar_hex(5)),
        "ballots[2].ballot.contests[1].selections[3].proof",
    ),
    (
        "ciphertext",
        _set("ballots/4/ballot/contests/0/selections/0/alpha", ANOTHER),
        "ballots[4].ballot.contests[0].selections[0].proof",
    ),
    (
        "contest proof",
        _set("ballots/0/ballot/contests/1/proof/challenges/0", scalar_hex(5)),
        "ballots[0].ballot.contests[1].proof",
    ),
    ("ballot code", _set("ballots/1/ballot/code", scalar_hex(5)), "ballots[1].ballot.code"),
    ("ballot state", _set("ballots/2/state", "audited"), "ballots[2].state"),
    ("tracker", _set("ballots/3/tracker", scalar_hex(5)), "ballots[3].tracker"),
    ("ballot order", _swap_ballots, "ballots[2].tracker"),
    ("repeated ballot", _repeat_ballot, "ballots[6].ballot.ballot_id"),
    ("ballot dropped", _drop_last_ballot, "box_commitment"),
    ("cancelled counted", _count_the_cancelled, "box_commitment"),
    ("box commitment", _set("box_commitment", scalar_hex(5)), "box_commitment"),
    ("audited choices", _set("audited/0/choices/contest-1", ["c1-1"]), "audited[0].choices"),
    (
        "audited nonce",
        _set("audited/0/audit/contests/1/selections/1/nonce", scalar_hex(5)),
        "audited[0].audit.contests[1].selections[1]",
    ),
    ("audited ballot also cast", _cast_the_audited, "audited[0].audit.ballot_id"),
    ("tally count of ballots", _set("tally/ballots", 6), "tally.ballots"),
    (
        "tally ciphertext",
        _set("tally/contests/0/selections/1/ciphertext/beta", ANOTHER),
        "tally.contests[0].selections[1].ciphertext",
    ),
    ("trustees present", _set("tally/trustees_present", [1, 3]), "tally.trustees_present"),
    (
        "decryption share",
        _set("tally/contests/1/selections/0/shares/1/share", ANOTHER),
        "tally[trustee 3].contests[1].selections[0].proof",
    ),
    (
        "decryption proof",
        _set("tally/contests/0/selections/4/shares/2/proof/challenge", scalar_hex(5)),
        "tally[trustee 5].contests[0].selections[4].proof",
    ),
    (
        "count",
        _set("tally/contests/0/selections/1/count", 4),
        "tally.contests[0].selections[1].count",
    ),
    (
        "non-canonical element",
        _set("ballots/0/ballot/contests/0/selections/0/beta", "F" * 64),
        "ballots[0].ballot.contests[0].selections[0].beta",
    ),
]


@pytest.mark.parametrize(
    ("change", "where"),
    [pytest.param(change, where, id=name) for name, change, where in CORRUPTIONS],
)
def test_a_corrupted_record_is_refused_naming_the_failure(
    record: dict[str, Any], change: Callable[[dict[str, Any]], None], where: str
) -> None:
    bad = copy.deepcopy(record)
    change(bad)
    with pytest.raises(EvoteError) as refused:
        verify_record(bad, workers=1)
    assert refused.value.where == where, str(refused.value)


def _verify(path: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "linkage.evote.verify", str(path), "--workers", "1", *more],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_kazasu_verify_exit_codes(record: dict[str, Any], tmp_path: Path) -> None:
    good = tmp_path / "record.json"
    good.write_text(json.dumps(record), encoding="utf-8")
    replaced = record["ballots"][_cancelled(record)]["tracker"]
    mine = next(e["tracker"] for e in record["ballots"] if e["state"] == "counted")
    done = _verify(good, "--tracker", mine, "--tracker", replaced, "--tracker", "00" * 32)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(done.stdout)
    assert summary["counts"] == COUNTS
    assert summary["trackers"] == {
        mine: "counted",
        replaced: "cancelled",
        "00" * 32: "not in the record",
    }
    assert summary["box_commitment"] == record["box_commitment"]
    # The commitment the board showed at close, given back: the same passes, another fails.
    assert _verify(good, "--box-commitment", record["box_commitment"].upper()).returncode == 0
    changed = _verify(good, "--box-commitment", scalar_hex(7))
    assert changed.returncode == 1 and changed.stdout.startswith("invalid: box_commitment:")
    bad_record = copy.deepcopy(record)
    bad_record["tally"]["contests"][1]["selections"][4]["count"] = 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_record), encoding="utf-8")
    done = _verify(bad)
    assert done.returncode == 1
    assert done.stdout.startswith("invalid: tally.contests[1].selections[4].count:")
    unreadable = tmp_path / "cut.json"
    unreadable.write_text(json.dumps(record)[:1000], encoding="utf-8")
    assert _verify(unreadable).returncode == 2
    assert _verify(tmp_path / "missing.json").returncode == 2


def test_the_verifier_needs_no_database_or_platform_module(
    record: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    script = (
        "import sys, runpy\n"
        f"sys.argv = ['kazasu-verify', {str(path)!r}, '--workers', '1']\n"
        "try:\n"
        "    runpy.run_module('linkage.evote.verify', run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'psycopg', 'fastapi', 'requests', 'httpx', 'sqlite3')"
        " or (m.startswith('linkage.') and not m.startswith('linkage.evote'))]\n"
        "assert loaded == [], loaded\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
