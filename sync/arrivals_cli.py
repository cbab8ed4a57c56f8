"""``kazasu-kiosk show-code``: a QR code shown at the entrance, from the command line, for
operators and tests.

The counter acts on it as on a code held to the kiosk's camera (kiosk/counter.py): a signed
pass of someone this kiosk does not hold is an arrival, asked of the platform
(docs/protocol/sync.md, "Arrivals"). Exit codes as the kiosk's: 0 someone was checked in, out
or moved, 1 turned away (nothing recorded; the reason is printed), 2 bad usage, 3 store or key
problem.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from kiosk.cli import EXIT_REFUSED, CommandFailed, open_kiosk
from kiosk.counter import Confirmation, Counter
from sync.arrivals import PlatformArrivals


def register(add: Callable[..., Any]) -> None:
    """Add ``show-code`` to the kiosk's command line."""
    p = add(
        "show-code",
        cmd_show_code,
        help="act on a QR code's text (a pass, a kiosk pass, a city ID) at a shelter's entrance",
    )
    p.add_argument("code", help="the QR code's text; '-' reads it from standard input")
    p.add_argument("--shelter", required=True, help="the shelter whose entrance this is")


def cmd_show_code(args: argparse.Namespace) -> None:
    """Check in, out or move whoever the code names; print what the confirmation shows."""
    code = sys.stdin.readline().strip() if args.code == "-" else args.code
    kiosk = open_kiosk(args)
    arrivals = PlatformArrivals(kiosk.store)
    try:
        answer = Counter(kiosk, args.shelter, arrivals=arrivals).show_code(args.actor, code)
    finally:
        arrivals.close()
    if not isinstance(answer, Confirmation):
        print(json.dumps({"refusal": answer.refusal.value, "detail": answer.detail}))
        raise CommandFailed(
            EXIT_REFUSED,
            "turned away ({refusal}): {detail}",
            refusal=answer.refusal.value,
            detail=answer.detail,
        )
    print(
        json.dumps(
            {
                "outcome": answer.outcome.value,
                "person_id": answer.person_id,
                "name": answer.name,
                "furigana": answer.furigana,
                "household_present": list(answer.household_present),
                "previous_shelter_id": answer.previous_shelter_id,
                "provisional": answer.provisional,
            },
            ensure_ascii=False,
        )
    )
