"""``kazasu-kiosk enrol`` and ``kazasu-kiosk sync``: the sync engine from the command line.

Exit codes beyond the kiosk's own: 4 the platform could not be reached (try again later),
5 the kiosk and the platform speak different protocol versions, 6 the platform refused (a
revoked device included: retrying will not help).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from kiosk.cli import CommandFailed, open_kiosk
from kiosk.errors import InvalidInput
from sync import arrivals_cli, cardlink_cli
from sync.engine import SyncEngine
from sync.errors import (
    DeviceRevoked,
    Incompatible,
    NotEnrolled,
    Refused,
    Transient,
    Unauthorized,
)

EXIT_OFFLINE = 4
EXIT_INCOMPATIBLE = 5
EXIT_REFUSED = 6


def register(add: Callable[..., Any]) -> None:
    """Add the sync commands to the kiosk's command line."""
    p = add("enrol", cmd_enrol, help="enrol this kiosk with a platform (one-time code)")
    p.add_argument("--platform", required=True, help="the platform's base URL")
    p.add_argument("--code", required=True, help="the one-time enrolment code")
    p.add_argument("--label", default="kiosk", help="a name staff recognise")
    p.add_argument("--ca", help="CA certificate (PEM) to verify the platform's TLS with")
    add("sync", cmd_sync, help="one sync round now: provision, push, pull")
    cardlink_cli.register(add)
    arrivals_cli.register(add)


def _run(step: Callable[[], Any]) -> Any:
    try:
        return step()
    except DeviceRevoked as exc:
        # Revocation is for good: retrying will not help, so it is not "offline".
        raise CommandFailed(EXIT_REFUSED, "refused: {detail}", detail=exc) from exc
    except (Transient, Unauthorized) as exc:
        raise CommandFailed(EXIT_OFFLINE, "offline: {detail}", detail=exc) from exc
    except Incompatible as exc:
        raise CommandFailed(EXIT_INCOMPATIBLE, str(exc)) from exc
    except (Refused, NotEnrolled) as exc:
        raise CommandFailed(EXIT_REFUSED, "refused: {detail}", detail=exc) from exc


def _checked_arguments(platform_url: str, ca: str | None) -> bool | str:
    """What to verify TLS with; bad input is refused here, before it can pass for "offline"."""
    parts = urlsplit(platform_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput("not a platform address (http:// or https://…): {url}", url=platform_url)
    if ca is None:
        return True
    try:
        with open(ca, "rb"):
            pass
    except OSError as exc:
        raise InvalidInput(
            "cannot read the CA file {ca}: {strerror}", ca=ca, strerror=exc.strerror
        ) from exc
    return ca


def cmd_enrol(args: argparse.Namespace) -> None:
    """Enrol and print the device id and scope."""
    verify = _checked_arguments(args.platform, args.ca)
    kiosk = open_kiosk(args)
    engine = SyncEngine(kiosk.store)
    enrolment = _run(lambda: engine.enrol(args.platform, args.code, args.label, verify))
    print(json.dumps({"device_id": enrolment.device_id, "scope": enrolment.scope}))


def cmd_sync(args: argparse.Namespace) -> None:
    """Run one round and print what it did."""
    kiosk = open_kiosk(args)
    engine = SyncEngine(kiosk.store)
    report = _run(engine.run_once)
    print(
        json.dumps(
            {
                "pushed": report.pushed,
                "pulled": report.pulled,
                "provisioned": report.provisioned,
                "waiting": engine.waiting(),
                "conflicts": report.applied.conflicts,
                "clock_offset_ms": kiosk.store.clock_offset_ms,
            }
        )
    )
