"""The people commands of ``kazasu-platform``: resident lists, merging people and the merge
suggestions, consents and their receipts, clearing DV protection."""

from __future__ import annotations

import argparse
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Connection, Engine

from linkage import consent, merge_suggestions, protection, residents, unit
from linkage.api.protection_models import ProtectionClear
from linkage.cli_output import print_json
from linkage.config import default_controller
from linkage.csvimport import csv_file_lines
from linkage.feed import Encoded
from linkage.merge import merge_persons
from linkage.problems import Problem

COMMANDS = frozenset(
    {
        "import-residents",
        "merge",
        "merge-suggestions",
        "merge-suggestion-accept",
        "merge-suggestion-reject",
        "consent",
        "dv-clear",
        "consent-receipt",
    }
)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the people subcommands to the CLI's subparsers."""
    imp = sub.add_parser("import-residents", help="import a resident list (CSV)")
    imp.add_argument("csv", type=Path)
    imp.add_argument("--municipality", required=True)

    merge = sub.add_parser("merge", help="merge a provisional person into an existing one")
    merge.add_argument("from_person_id")
    merge.add_argument("into_person_id")

    sugg = sub.add_parser("merge-suggestions", help="list people who may be someone known")
    sugg.add_argument("--state", default="open", choices=[*merge_suggestions.STATES, "all"])
    sugg.add_argument("--municipality", default=None)
    for verb, text in (("accept", "merge the two people"), ("reject", "keep the two apart")):
        decide = sub.add_parser(f"merge-suggestion-{verb}", help=f"{text} (recorded)")
        decide.add_argument("suggestion_id", type=int)
        decide.add_argument("--actor", default="admin-cli", help="who decides, for the record")
        if verb == "reject":
            decide.add_argument("--reason", default=None, help="why they are different people")

    cons = sub.add_parser("consent", help="record a consent grant or withdrawal")
    cons.add_argument("person_id")
    cons.add_argument("definition_id")
    cons.add_argument("state", choices=["given", "withdrawn"])
    cons.add_argument("--method", default="staff")

    dv = sub.add_parser("dv-clear", help="clear a person's DV protection (audited)")
    dv.add_argument("person_id")
    dv.add_argument("--municipality", required=True, help="the person's municipality")
    dv.add_argument("--reason", required=True)
    dv.add_argument("--actor", default="admin-cli", help="who clears it, for the audit")

    receipt = sub.add_parser("consent-receipt", help="print a person's consent receipt")
    receipt.add_argument("person_id")


def run(args: argparse.Namespace, engine: Engine) -> bool:
    """Run a people command; False when the command is not one of them."""
    cmd = args.command
    if cmd not in COMMANDS:
        return False
    if cmd == "import-residents":
        with csv_file_lines(args.csv) as lines:

            def work(c: Connection) -> tuple[residents.ImportReport, list[Encoded]]:
                lines.seek(0)  # a retried transaction reads the file again from its start
                return residents.import_residents(c, args.municipality, lines, "admin-cli")

            report = unit.write(engine, work)
        print_json({"created": report.created, "updated": report.updated, "errors": report.errors})
    elif cmd == "merge":
        unit.write(
            engine, lambda c: (None, merge_persons(c, args.from_person_id, args.into_person_id))
        )
    elif cmd == "merge-suggestions":
        state = None if args.state == "all" else args.state
        print_json(
            unit.read(engine, lambda c: merge_suggestions.listing(c, state, args.municipality))
        )
    elif cmd == "merge-suggestion-accept":
        unit.write(
            engine, lambda c: (None, merge_suggestions.accept(c, args.suggestion_id, args.actor))
        )
        print(f"suggestion {args.suggestion_id} accepted: the two people are merged")
    elif cmd == "merge-suggestion-reject":
        unit.run(
            engine,
            lambda c: merge_suggestions.reject(c, args.suggestion_id, args.actor, args.reason),
        )
        print(f"suggestion {args.suggestion_id} rejected: the two stay apart")
    elif cmd == "consent":
        record_id = unit.write(
            engine,
            lambda c: consent.record(
                c, args.person_id, args.definition_id, args.state, args.method, "admin-cli"
            ),
        )
        print_json({"record_id": record_id})
    elif cmd == "dv-clear":
        request = _clear_request(args)
        unit.write(
            engine,
            lambda c: (
                None,
                protection.clear(
                    c, args.person_id, request.municipality_id, request.reason, args.actor
                ),
            ),
        )
        print(f"DV protection of {args.person_id} cleared")
    elif cmd == "consent-receipt":
        print_json(
            unit.read(engine, lambda c: consent.receipt(c, args.person_id, default_controller()))
        )
    return True


def _clear_request(args: argparse.Namespace) -> ProtectionClear:
    """The municipality and reason, checked as the admin API checks them."""
    try:
        return ProtectionClear.model_validate(
            {"municipality_id": args.municipality, "reason": args.reason}
        )
    except ValidationError as exc:
        wrong = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise Problem(422, "invalid-request", "Invalid clearing", wrong) from None
