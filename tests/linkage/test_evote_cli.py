"""``kazasu-platform``'s online-voting commands: the office sets the period and rules, the
contests and candidates, closes the period and enters paper counts; bad input is refused with
a specific message and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linkage.cli import main
from tests.linkage.polling_place import today


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str]:
    try:
        code = main(["--data", str(data), *args])
    except SystemExit as exit_:  # argparse refuses a malformed argument
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_an_election_office_sets_up_online_voting_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    assert _run(capsys, tmp_path, "migrate")[0] == 0
    day = today().isoformat()
    assert _run(capsys, tmp_path, "election", "E-1", "--name", "市長選挙", "--day", day)[0] == 0
    assert (
        _run(capsys, tmp_path, "voting-site", "P-1", "--election", "E-1", "--name", "市役所")[0]
        == 0
    )
    code, out = _run(
        capsys, tmp_path, "online-settings", "E-1", "--opens", "2020-11-20T08:30+09:00",
        "--closes", "2020-11-28T20:00+09:00", "--mock", "--trustees", "3", "--quorum", "2",
    )  # fmt: skip
    assert code == 0, out
    shown = json.loads(out)
    assert shown["mock"] is True and shown["paper_cancels_online"] is True
    assert (shown["trustees"], shown["quorum"]) == (3, 2)

    contest = ("contest", "mayor", "--election", "E-1", "--title", "市長選挙")
    people = ("--candidate", "c1=山田一郎", "--candidate", "c2=佐藤花子")
    assert _run(capsys, tmp_path, *contest, *people)[0] == 0
    code, out = _run(capsys, tmp_path, "contests", "E-1")
    assert [k["candidate_id"] for k in json.loads(out)[0]["candidates"]] == ["c1", "c2"]

    # Refused, nothing changed: a time without its offset, a candidate without a name, more
    # choices than candidates, a period that ends before it starts.
    code, out = _run(capsys, tmp_path, "online-settings", "E-1", "--opens", "2026-11-20T08:30",
                     "--closes", "2026-11-28T20:00+09:00")  # fmt: skip
    assert code != 0 and "offset" in out
    code, out = _run(capsys, tmp_path, *contest, "--candidate", "c3")
    assert code != 0 and "ID=NAME" in out
    code, out = _run(capsys, tmp_path, *contest, *people, "--choices", "3")
    assert code == 1 and "number of choices" in out
    code, out = _run(capsys, tmp_path, "online-settings", "E-1", "--opens",
                     "2026-11-28T20:00+09:00", "--closes", "2026-11-20T08:30+09:00")  # fmt: skip
    assert code == 1 and "close after it opens" in out
    assert json.loads(_run(capsys, tmp_path, "contests", "E-1")[1])[0]["choices"] == 1

    counts = tmp_path / "counts.json"
    counts.write_text(json.dumps({"mayor": {"c1": 7, "c2": 3}}), encoding="utf-8")
    paper = ("paper-counts", str(counts), "--election", "E-1", "--site", "P-1", "--by", "o-1")
    assert _run(capsys, tmp_path, *paper)[0] == 0
    counts.write_text("{not json", encoding="utf-8")
    code, out = _run(capsys, tmp_path, *paper)
    assert code == 1 and "not readable JSON" in out
    counts.write_text(json.dumps({"mayor": {"c1": 7}}), encoding="utf-8")
    code, out = _run(capsys, tmp_path, *paper)
    assert code == 1 and "exactly the contest's candidates" in out

    # The period set above lies in the past: it closes once.
    code, out = _run(capsys, tmp_path, "close-online", "E-1")
    assert code == 0 and json.loads(out) == {"destroyed_links": 0}
    code, out = _run(capsys, tmp_path, "close-online", "E-1")
    assert code == 1 and "already closed" in out
