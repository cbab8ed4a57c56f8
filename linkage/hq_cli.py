"""The headquarters commands of ``kazasu-platform``: event sites' last days and the purge of
their attendees' records, and the headquarters staff's roles."""

from __future__ import annotations

import argparse
from datetime import date

from sqlalchemy import Engine

from linkage import event_sites, hq, hq_staff, unit
from linkage.cli_output import print_json

COMMANDS = frozenset({"event-end", "purge-events", "hq-staff"})


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the headquarters subcommands to the CLI's subparsers."""
    ends = sub.add_parser("event-end", help="record an event site's last day")
    ends.add_argument("shelter_id")
    ends.add_argument("--on", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
    purge = sub.add_parser(
        "purge-events",
        help="delete the attendees' records of events that ended the retention days ago or more",
    )
    purge.add_argument(
        "--retention-days",
        type=int,
        default=event_sites.retention_days(),
        help="days kept after an event's last day (KAZASU_EVENT_RETENTION_DAYS, default 30)",
    )

    staff = sub.add_parser(
        "hq-staff", help="give a person a headquarters role for a municipality, or take it away"
    )
    staff.add_argument("person_id")
    staff.add_argument("--municipality", required=True)
    staff.add_argument(
        "--role", required=True, choices=["hq-viewer", "inquiry-operator", "event-organiser"]
    )
    staff.add_argument("--revoke", action="store_true", help="take the role away")


def run(args: argparse.Namespace, engine: Engine) -> bool:
    """Run a headquarters command; False when the command is not one of them."""
    cmd = args.command
    if cmd not in COMMANDS:
        return False
    if cmd == "event-end":
        unit.run(engine, lambda c: event_sites.set_end(c, args.shelter_id, args.on))
        print_json({"shelter_id": args.shelter_id, "ends_on": args.on.isoformat()})
    elif cmd == "purge-events":
        today = hq.today()
        print_json(
            unit.write(
                engine,
                lambda c: event_sites.purge_ended(c, today, args.retention_days, "admin-cli"),
            )
        )
    elif cmd == "hq-staff":
        if args.revoke:
            changed = unit.write(
                engine,
                lambda c: (
                    hq_staff.revoke(c, args.person_id, args.municipality, args.role, "admin-cli"),
                    [],
                ),
            )
        else:
            changed = unit.write(
                engine,
                lambda c: (
                    hq_staff.grant(c, args.person_id, args.municipality, args.role, "admin-cli"),
                    [],
                ),
            )
        print_json({"person_id": args.person_id, "role": args.role, "changed": changed})
    return True
