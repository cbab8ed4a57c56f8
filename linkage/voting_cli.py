"""The early-voting commands of ``kazasu-platform`` (each has an admin API twin)."""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from linkage import keys, unit
from linkage.cli_output import print_json
from linkage.csvimport import csv_file_lines
from linkage.feed import Encoded
from linkage.problems import Problem
from linkage.voting import declarations, elections, incidents, roll, tallies, voters

COMMANDS = frozenset(
    {
        "election",
        "elections",
        "voting-site",
        "import-roll",
        "link-voter",
        "voters",
        "declare",
        "voting-incidents",
        "resolve-voting-incident",
        "tally",
    }
)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def add_commands(sub: Any) -> None:
    """Add the early-voting subcommands to the CLI's subparsers."""
    el = sub.add_parser("election", help="create or update an election and its voting days")
    el.add_argument("election_id")
    el.add_argument("--name", required=True)
    el.add_argument("--day", type=_day, action="append", default=[], help="a voting day")
    el.add_argument("--from", dest="first", type=_day, help="first day of a range of days")
    el.add_argument("--to", dest="last", type=_day, help="last day of the range")

    sub.add_parser("elections", help="list elections with their days and sites")

    site = sub.add_parser("voting-site", help="create or update a polling site and its settings")
    site.add_argument("site_id")
    site.add_argument("--election", required=True)
    site.add_argument("--election-name", default=None)
    site.add_argument("--name", required=True)
    site.add_argument("--outage", choices=elections.OUTAGE_PROCEDURES, default="hard_block")
    site.add_argument("--no-pin", action="store_true", help="card taps without the PIN")
    site.add_argument("--staff-code", action="store_true", help="staff may sign in by code")
    site.add_argument("--day", type=_day, action="append", default=None, help="the site's days")

    imp = sub.add_parser("import-roll", help="import an electoral roll (CSV, all or nothing)")
    imp.add_argument("csv", type=Path)
    imp.add_argument("--election", required=True)

    link = sub.add_parser("link-voter", help="link a roll entry to a person, or unlink it")
    link.add_argument("voter_id")
    link.add_argument("--election", required=True)
    group = link.add_mutually_exclusive_group(required=True)
    group.add_argument("--person")
    group.add_argument("--unlink", action="store_true")

    vot = sub.add_parser("voters", help="an election's roll with each voter's status (JSON)")
    vot.add_argument("election_id")

    dec = sub.add_parser("declare", help="a declaration for a verified person; prints its code")
    dec.add_argument("person_id")
    dec.add_argument("--election", required=True)
    dec.add_argument("--date", type=_day, required=True)
    dec.add_argument("--reason", type=int, required=True, choices=range(1, 7))

    inc = sub.add_parser("voting-incidents", help="an election's incidents")
    inc.add_argument("election_id")
    inc.add_argument("--open", action="store_true", help="only unresolved ones")

    res = sub.add_parser("resolve-voting-incident", help="close an incident with a note")
    res.add_argument("incident_id")
    res.add_argument("--note", required=True)

    tal = sub.add_parser("tally", help="voters by site, day and sex, double issues marked")
    tal.add_argument("election_id")
    tal.add_argument("--format", choices=["json", "csv"], default="json")
    tal.add_argument("--out", type=Path, default=None, help="write to this file")


def _range(first: date | None, last: date | None) -> list[date]:
    if first is None and last is None:
        return []
    if first is None or last is None or last < first:
        raise Problem(422, "invalid-days", "Give --from and --to, the first not after the last")
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def run(args: argparse.Namespace, engine: Engine) -> bool:
    """Run an early-voting command; False when the command is not one of them."""
    cmd = args.command
    if cmd not in COMMANDS:
        return False
    if cmd == "election":
        days = args.day + _range(args.first, args.last)
        unit.write(
            engine,
            lambda c: (None, elections.upsert_election(c, args.election_id, args.name, days)),
        )
    elif cmd == "elections":
        print_json(unit.read(engine, elections.list_elections))
    elif cmd == "voting-site":
        unit.write(
            engine,
            lambda c: (
                None,
                elections.upsert_site(
                    c,
                    args.site_id,
                    args.election,
                    args.election_name,
                    args.name,
                    args.outage,
                    not args.no_pin,
                    args.staff_code,
                    args.day,
                ),
            ),
        )
    elif cmd == "import-roll":
        with csv_file_lines(args.csv) as lines:

            def work(c: Connection) -> tuple[roll.RollReport, list[Encoded]]:
                lines.seek(0)  # a retried transaction reads the file again from its start
                return roll.import_roll(c, args.election, lines)

            report = unit.write(engine, work)
        print_json(vars(report))
    elif cmd == "link-voter":
        person = None if args.unlink else args.person
        unit.write(engine, lambda c: (None, roll.link(c, args.election, args.voter_id, person)))
    elif cmd == "voters":
        print_json(unit.read(engine, lambda c: voters.roll_of(c, args.election_id)))
    elif cmd == "declare":
        issued = unit.write(
            engine,
            lambda c: declarations.make_online(
                c, args.person_id, args.election, args.date, args.reason
            ),
        )
        print_json(
            {
                **vars(issued),
                "vote_date": issued.vote_date.isoformat(),
                "issued_at": keys.rfc3339(issued.issued_at),
                "expires_at": keys.rfc3339(issued.expires_at),
            }
        )
    elif cmd == "voting-incidents":
        print_json(
            unit.read(
                engine, lambda c: incidents.list_incidents(c, args.election_id, not args.open)
            )
        )
    elif cmd == "resolve-voting-incident":
        unit.write(engine, lambda c: (None, incidents.resolve(c, args.incident_id, args.note)))
    else:
        _tally(engine, args)
    return True


def _tally(engine: Engine, args: argparse.Namespace) -> None:
    result = unit.read(engine, lambda c: tallies.tally(c, args.election_id))
    if args.format == "csv":
        # With a byte order mark, as the API serves it, for spreadsheet programs.
        text = "\ufeff" + tallies.to_csv(result)
    else:
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8", newline="")
    else:
        print(text, end="")
