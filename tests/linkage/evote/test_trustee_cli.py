"""kazasu-trustee: a 2-of-3 key ceremony and a tally over files, each trustee's key file under
their own passphrase."""

from __future__ import annotations

import json
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linkage.evote import tally
from linkage.evote.ballot import encrypt_ballot, verify_ballot
from linkage.evote.context import context_from_json
from linkage.evote.trustee_cli import PASSPHRASE_ENV, main
from tests.linkage.evote.election import manifest

PASSPHRASES = {
    1: "first trustee's passphrase",
    2: "二番目の委員のパスフレーズ",
    3: "third trustee, third phrase",
}


def _run(monkeypatch: pytest.MonkeyPatch, passphrase: str | None, command: str) -> int:
    """Run ``kazasu-trustee`` with ``command`` (words separated by spaces)."""
    if passphrase is None:
        monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    else:
        monkeypatch.setenv(PASSPHRASE_ENV, passphrase)
    return main(command.split())


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Steps 1 and 2 of the ceremony done by all three trustees (scrypt makes them slow, so the
    tests share them and each works on a copy)."""
    folder = tmp_path_factory.mktemp("ceremony")
    params = folder / "parameters.json"
    body = {"election_id": "e-cli", "trustees": 3, "quorum": 2, "manifest": manifest(2, 3, (1,))}
    params.write_text(json.dumps(body), encoding="utf-8")
    publics = " ".join(str(folder / f"{i}.public.json") for i in (1, 2, 3))
    with pytest.MonkeyPatch.context() as monkeypatch:
        for i in (1, 2, 3):
            new = f"new --parameters {params} --index {i} --name 委員{i}"
            new += f" --key {folder}/{i}.key --public {folder}/{i}.public.json"
            assert _run(monkeypatch, PASSPHRASES[i], new) == 0
        for i in (1, 2, 3):
            shares = f"shares --key {folder}/{i}.key --publics {publics}"
            assert (
                _run(monkeypatch, PASSPHRASES[i], f"{shares} --out {folder}/shares-{i}.json") == 0
            )
    yield folder


@pytest.fixture
def ceremony_dir(started: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "ceremony"
    shutil.copytree(started, folder)
    return folder


def _publics(folder: Path) -> str:
    return " ".join(str(folder / f"{i}.public.json") for i in (1, 2, 3))


def _shares(folder: Path) -> str:
    return " ".join(str(folder / f"shares-{i}.json") for i in (1, 2, 3))


def test_a_ceremony_and_a_tally_over_files(
    ceremony_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = ceremony_dir
    assert stat.S_IMODE((d / "1.key").stat().st_mode) == 0o600
    assert "coefficients" not in (d / "1.key").read_text(encoding="utf-8")
    for i in (1, 2, 3):
        receive = f"receive --key {d}/{i}.key --publics {_publics(d)} --shares {_shares(d)}"
        assert _run(monkeypatch, PASSPHRASES[i], receive) == 0
    context_cmd = f"context --parameters {d}/parameters.json --publics {_publics(d)}"
    assert _run(monkeypatch, None, f"{context_cmd} --out {d}/context.json") == 0
    context = context_from_json(_read(d / "context.json"))
    ballots = [
        verify_ballot(context, encrypt_ballot(context, c)[0])
        for c in ({"contest-1": ["c1-2"]}, {"contest-1": ["c1-2"], "contest-2": ["c2-3"]})
    ]
    (d / "tally.json").write_text(json.dumps(tally.aggregate(context, ballots)), encoding="utf-8")
    for i in (1, 3):  # trustee 2 is absent
        decrypt = f"decrypt --key {d}/{i}.key --context {d}/context.json --tally {d}/tally.json"
        assert _run(monkeypatch, PASSPHRASES[i], f"{decrypt} --out {d}/partial-{i}.json") == 0
    combine = f"combine --context {d}/context.json --tally {d}/tally.json"
    combine += f" --partials {d}/partial-1.json {d}/partial-3.json --out {d}/result.json"
    assert _run(monkeypatch, None, combine) == 0
    result = _read(d / "result.json")
    counts = [[s["count"] for s in c["selections"]] for c in result["contests"]]
    assert counts == [[0, 2, 0], [0, 0, 1]]
    assert result["trustees_present"] == [1, 3]


def test_a_wrong_passphrase_is_refused_and_nothing_changes(
    ceremony_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ceremony_dir
    before = (d / "2.key").read_bytes()
    receive = f"receive --key {d}/2.key --publics {_publics(d)} --shares {_shares(d)}"
    assert _run(monkeypatch, PASSPHRASES[1], receive) == 1
    assert "the passphrase is wrong for this trustee key file" in capsys.readouterr().err
    assert (d / "2.key").read_bytes() == before
    new = f"new --parameters {d}/parameters.json --index 1 --name x --public {d}/new.json --key"
    assert _run(monkeypatch, "too short", f"{new} {d}/new.key") == 1
    assert "at least 12 characters" in capsys.readouterr().err
    assert not (d / "new.key").exists()
    assert _run(monkeypatch, PASSPHRASES[1], f"{new} {d}/1.key") == 1
    assert "never overwritten" in capsys.readouterr().err


def test_a_bad_share_is_refused_with_a_complaint_anyone_can_check(
    ceremony_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ceremony_dir
    messages = _read(d / "shares-2.json")
    for message in messages:
        if message["to"] == 3:
            flipped = bytearray(bytes.fromhex(message["ciphertext"]))
            flipped[0] ^= 1
            message["ciphertext"] = flipped.hex()
    (d / "shares-2.json").write_text(json.dumps(messages), encoding="utf-8")
    before = (d / "3.key").read_bytes()
    receive = f"receive --key {d}/3.key --publics {_publics(d)} --shares {_shares(d)}"
    assert _run(monkeypatch, PASSPHRASES[3], f"{receive} --complaints {d}/complaints.json") == 1
    assert "trustee(s) [2]" in capsys.readouterr().err
    assert (d / "3.key").read_bytes() == before
    check = f"check-complaints --parameters {d}/parameters.json --publics {_publics(d)}"
    assert _run(monkeypatch, None, f"{check} --complaints {d}/complaints.json") == 0
    assert json.loads(capsys.readouterr().out) == {"justified": [True]}


def test_a_shares_file_that_is_not_a_list_is_refused(
    ceremony_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ceremony_dir
    (d / "shares-2.json").write_text('{"from": 2}', encoding="utf-8")
    receive = f"receive --key {d}/1.key --publics {_publics(d)} --shares {_shares(d)}"
    assert _run(monkeypatch, PASSPHRASES[1], receive) == 1
    assert "shares-2.json: must be a JSON list" in capsys.readouterr().err
