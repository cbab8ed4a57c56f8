"""``kazasu-kiosk link-card``: a card linked at the counter from the command line, for operators
and tests (docs/decisions/counter-linking.md).

Exit codes as the kiosk's: 0 linked or queued, 1 refused or nothing linked (the candidates are
printed), 2 bad usage, 3 store or key problem.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cardio.card_errors import CardError, NoCardError
from cardio.transport import CardTransport
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from kiosk.cardlink import Candidate, ReaderLink, link_at_reader
from kiosk.cli import EXIT_REFUSED, CommandFailed, open_kiosk
from sync.cardlink import PlatformChallenges, pushed
from sync.engine import SyncEngine


def register(add: Callable[..., Any]) -> None:
    """Add ``link-card`` to the kiosk's command line."""
    p = add(
        "link-card",
        cmd_link_card,
        help="link the card on the reader to a resident of this kiosk (card-info PIN on stdin)",
    )
    p.add_argument("--person", help="the person to link; without it, the one full match")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--reader", help="the reader whose name contains this text")
    source.add_argument("--virtual", type=Path, metavar="PROFILE", help="an in-process card")
    p.add_argument("--wait", type=float, default=10.0, help="seconds to wait for a card (10)")
    p.add_argument("--json", action="store_true", help="print JSON")


def cmd_link_card(args: argparse.Namespace) -> None:
    """Read the card, show its candidates, link it and push the link if the platform answers.

    Standard input holds the card-info PIN and, on a second line, the authentication PIN when
    the holder set the two apart. Exit 0 when linked or queued.
    """
    pin = _secret("Card-info PIN / 券面事項入力補助用暗証番号 (4 digits): ")
    auth_pin = _secret("", optional=True)
    kiosk = open_kiosk(args)
    engine = SyncEngine(kiosk.store)
    kiosk.cardlink.challenges = PlatformChallenges(engine)
    try:
        with _card(args) as transport:
            result = link_at_reader(
                kiosk.cardlink, args.actor, transport, pin, args.person, auth_pin or None
            )
        status = "candidates"
        if result.linked is not None:
            status = "linked" if pushed(engine, result.linked.device_seq) else "queued"
    except CardError as exc:
        raise CommandFailed(EXIT_REFUSED, "card: {detail}", detail=exc) from exc
    finally:
        engine.close()
    _print(args.json, _report(status, result))
    if result.linked is None:
        full = sum(1 for c in result.candidates if c.full)
        raise CommandFailed(
            EXIT_REFUSED,
            "nothing linked: {full} people match the card's name, birth date and address"
            " (exactly one must); choose one with --person",
            full=full,
        )


def _report(status: str, result: ReaderLink) -> dict[str, Any]:
    linked = result.linked
    return {
        "status": status,
        "person_id": linked.person_id if linked else None,
        "card_key": result.read.card_key,
        "via": linked.via if linked else None,
        "other_cards": linked.other_cards if linked else None,
        "items": result.read.items.wire() | {"exact": result.read.items.exact},
        "candidates": [_candidate(c) for c in result.candidates],
        "apdus": result.apdus,
        "elapsed_ms": round(result.elapsed_ms, 1),
    }


def _candidate(candidate: Candidate) -> dict[str, Any]:
    person = candidate.person
    return {
        "person_id": person.person_id,
        "name": person.name,
        "furigana": person.furigana,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "address": person.address,
        "matched": [m.value for m in candidate.matched],
        "has_this_card": candidate.has_this_card,
    }


def _print(as_json: bool, report: dict[str, Any]) -> None:
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(f"{report['status']}: {report['person_id'] or '-'} ({report['items']['name']})")
    for c in report["candidates"]:
        print(f"  {c['person_id']}  {c['name']}  {c['birth_date']}  matched: {c['matched']}")


def _secret(prompt: str, optional: bool = False) -> str:
    if sys.stdin.isatty():
        return "" if optional else getpass.getpass(prompt)
    return sys.stdin.readline().strip()


@contextmanager
def _card(args: argparse.Namespace) -> Iterator[CardTransport]:
    if args.virtual is not None:
        with InProcessTransport(VirtualMyNumberCard(CardProfile.load(args.virtual))) as transport:
            yield transport
        return
    from cardio.pcsc import PcscContext, PcscTransport, list_readers

    with PcscContext() as context:
        reader = context.choose_reader(args.reader)
        deadline = time.monotonic() + args.wait
        while not any(r.card_present for r in list_readers(context) if r.name == reader):
            if time.monotonic() > deadline:
                raise NoCardError()
            time.sleep(0.1)
        with PcscTransport(context, reader) as transport:
            yield transport
