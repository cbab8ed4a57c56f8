"""The online-voting commands of ``kazasu-platform`` (each has an admin API twin)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from linkage import unit
from linkage.cli_output import print_json
from linkage.evote_service import closing, contests, paper_counts, settings
from linkage.problems import Problem

COMMANDS = frozenset({"online-settings", "contest", "contests", "close-online", "paper-counts"})


def _moment(text: str) -> int:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time (2026-11-20T08:30+09:00): {text}") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"give the time's offset, e.g. +09:00: {text}")
    return int(moment.timestamp() * 1000)


def _candidate(text: str) -> contests.Candidate:
    cid, sep, name = text.partition("=")
    if not sep or not cid or not name:
        raise argparse.ArgumentTypeError(f"a candidate is ID=NAME: {text}")
    return contests.Candidate(cid, name, None)


def add_commands(sub: Any) -> None:
    """Add the online-voting subcommands to the CLI's subparsers."""
    st = sub.add_parser("online-settings", help="set an election's online period and rules")
    st.add_argument("election_id")
    st.add_argument("--opens", type=_moment, required=True, help="ISO time with offset")
    st.add_argument("--closes", type=_moment, required=True, help="ISO time with offset")
    st.add_argument("--mock", action="store_true", help="a mock election (outputs say 模擬)")
    st.add_argument(
        "--paper-keeps-online",
        action="store_true",
        help="a paper ballot does not cancel an online one (the default is that it does)",
    )
    st.add_argument("--no-revote", action="store_true", help="an online ballot is final")
    st.add_argument("--trustees", type=int, default=1)
    st.add_argument("--quorum", type=int, default=1)

    co = sub.add_parser("contest", help="create or replace a contest and its candidates")
    co.add_argument("contest_id")
    co.add_argument("--election", required=True)
    co.add_argument("--title", required=True)
    co.add_argument("--title-en", default=None)
    co.add_argument("--choices", type=int, default=1, help="how many a voter may choose")
    co.add_argument("--position", type=int, default=0)
    co.add_argument(
        "--candidate", type=_candidate, action="append", default=[], help="ID=NAME, in order"
    )

    ls = sub.add_parser("contests", help="list an election's contests")
    ls.add_argument("election_id")

    cl = sub.add_parser(
        "close-online", help="close the online period: destroy the voter-to-ballot links"
    )
    cl.add_argument("election_id")

    pc = sub.add_parser("paper-counts", help="enter a polling place's paper counts (JSON file)")
    pc.add_argument("json", type=Path, help='{"contest": {"candidate": votes, ...}, ...}')
    pc.add_argument("--election", required=True)
    pc.add_argument("--site", required=True)
    pc.add_argument("--by", required=True, help="who entered the counts")


def _counts(path: Path) -> paper_counts.Counts:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Problem(
            422, "unreadable-counts", "The counts file is not readable JSON", str(exc)
        ) from None
    if not isinstance(value, dict) or not all(
        isinstance(by, dict)
        and all(isinstance(v, int) and not isinstance(v, bool) for v in by.values())
        for by in value.values()
    ):
        raise Problem(
            422,
            "invalid-counts",
            'The counts are {"contest": {"candidate": votes}} in whole numbers',
        )
    return value


def run(args: argparse.Namespace, engine: Engine) -> bool:
    """Run an online-voting command; False when the command is not one of them."""
    cmd = args.command
    if cmd not in COMMANDS:
        return False
    if cmd == "online-settings":
        done = unit.write(
            engine,
            lambda c: (
                settings.put(
                    c,
                    args.election_id,
                    args.mock,
                    args.opens,
                    args.closes,
                    not args.paper_keeps_online,
                    not args.no_revote,
                    args.trustees,
                    args.quorum,
                ),
                [],
            ),
        )
        print_json(done.payload())
    elif cmd == "contest":
        contest = contests.Contest(
            args.contest_id, args.title, args.title_en, args.choices, tuple(args.candidate)
        )
        unit.run(engine, lambda c: contests.put_contest(c, args.election, contest, args.position))
    elif cmd == "contests":
        print_json(
            [
                c.payload()
                for c in unit.read(engine, lambda c: contests.contests_of(c, args.election_id))
            ]
        )
    elif cmd == "close-online":
        print_json({"destroyed_links": closing.close(engine, args.election_id)})
    else:
        counts = _counts(args.json)
        unit.run(
            engine,
            lambda c: paper_counts.put(c, args.election, args.site, counts, args.by),
        )
    return True
