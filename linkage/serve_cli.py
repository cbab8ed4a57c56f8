"""The platform's own commands of ``kazasu-platform``: serve it, migrate its database, make a
development CA, print the OpenAPI document, make the Digital Authentication App's key."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import Any, TypeVar

from linkage import devca, kek, keys
from linkage.config import (
    DEFAULT_BODY_LIMIT,
    DEFAULT_HOST,
    DEFAULT_MAX_CLOCK_AHEAD_S,
    DEFAULT_PASS_DAYS,
    DEFAULT_PORT,
    Settings,
    card_trust,
    default_controller,
    default_issuer,
    load_admin_token,
    map_tiles,
    orion_config,
    public_url,
)
from linkage.evote_service import link_keys
from linkage.problems import Problem

T = TypeVar("T")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the serve, set-up and migrate subcommands to the CLI's subparsers."""
    serve = sub.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument(
        "--public-url",
        default=os.environ.get("KAZASU_PUBLIC_URL") or None,
        help="the https URL people and kiosks reach the platform at (or KAZASU_PUBLIC_URL); "
        "required unless --host is loopback",
    )
    serve.add_argument("--body-limit", type=int, default=DEFAULT_BODY_LIMIT)
    serve.add_argument("--tls-cert", default=None, help="certificate (PEM) kiosks pin")
    serve.add_argument("--tls-key", default=None, help="its private key (PEM)")
    serve.add_argument(
        "--trust-anchor",
        type=Path,
        action="append",
        default=[],
        help="JPKI CA certificate (PEM) card links must chain to (repeatable)",
    )

    serve.add_argument(
        "--dev-tls", action="store_true", help="serve with the data folder's dev-ca certificate"
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="platform processes sharing the port (docs/scaling.md); default 1",
    )
    serve.add_argument(
        "--max-clock-ahead",
        type=int,
        default=None,
        metavar="SECONDS",
        help="events stamped further ahead of this clock are ordered as when they arrived "
        f"(or KAZASU_MAX_CLOCK_AHEAD_S; default {DEFAULT_MAX_CLOCK_AHEAD_S})",
    )

    devca = sub.add_parser("dev-ca", help="make a development CA and server certificate")
    devca.add_argument(
        "--host", action="append", default=None, help="name or IP the certificate is for"
    )

    sub.add_parser("migrate", help="bring the database schema up to date")
    sub.add_parser("openapi", help="print the OpenAPI document")
    sub.add_parser(
        "digital-auth-key",
        help="make the key for the Digital Authentication App; print its public JWKS",
    )


def pass_days() -> int:
    """Days a citizen-page pass lasts: ``KAZASU_PASS_DAYS``, else a year; 1 to 366."""
    value = os.environ.get("KAZASU_PASS_DAYS", "").strip()
    if not value:
        return DEFAULT_PASS_DAYS
    if not value.isdigit() or not 1 <= int(value) <= keys.MAX_CODE_LIFETIME_S // 86400:
        raise Problem(422, "invalid-request", "KAZASU_PASS_DAYS must be 1 to 366 days", value)
    return int(value)


def _max_clock_ahead(option: int | None) -> int:
    """The clock bound: the option, then ``KAZASU_MAX_CLOCK_AHEAD_S``, then the default."""
    value = option if option is not None else os.environ.get("KAZASU_MAX_CLOCK_AHEAD_S")
    seconds = DEFAULT_MAX_CLOCK_AHEAD_S if value is None else int(value)
    if seconds < 0:
        raise Problem(422, "invalid-request", "The clock bound cannot be negative", str(seconds))
    return seconds


def serve(args: argparse.Namespace, data_dir: Path, url: str, sealer: kek.Kek) -> int:
    """Run the HTTP service as ``args`` says, sealing with ``sealer``."""
    # The web application is loaded by the commands that serve it only: the others (imports
    # among them) start a second sooner without it.
    import uvicorn

    from linkage.app import create_app
    from linkage.web import digital_auth

    refused = _workers_problem(args.workers, sealer)
    if refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    anchors, revocation_check = card_trust(args.trust_anchor)
    try:
        tile_url, attribution = map_tiles()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        digital = digital_auth.from_environment(data_dir, sealer)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    cert, key = args.tls_cert, args.tls_key
    try:
        public = public_url(args.public_url, args.host, args.port, bool(cert) or args.dev_tls)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.dev_tls:
        files = devca.dev_tls(data_dir)
        cert, key = str(files.cert), str(files.key)
    # The pin handed to kiosks is the served certificate's; KAZASU_TLS_PIN is for TLS ended in
    # front of the platform (a load balancer), where this process cannot see the certificate.
    pin = devca.pin_of_file(Path(cert)) if cert else os.environ.get("KAZASU_TLS_PIN")
    settings = Settings(
        database_url=url,
        admin_token=load_admin_token(data_dir),
        body_limit=args.body_limit,
        tls_pin=pin,
        controller=default_controller(),
        issuer=default_issuer(),
        trust_anchors=anchors,
        revocation_check=revocation_check,
        orion=orion_config(),
        map_tile_url=tile_url,
        map_attribution=attribution,
        kek=sealer,
        evote_link_keys=link_keys.folder_in(data_dir),
        public_url=public,
        max_clock_ahead_s=_max_clock_ahead(args.max_clock_ahead),
        digital_auth=digital,
        pass_days=pass_days(),
    )
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "ssl_certfile": cert,
        "ssl_keyfile": key,
        "log_level": "info",
        # Live map streams stay open; on shutdown they are given this long, then closed.
        "timeout_graceful_shutdown": 5,
    }
    if args.workers == 1:
        uvicorn.run(_frozen(create_app(settings)), **options)
    else:
        from linkage import workers

        return workers.serve(lambda: _frozen(create_app(settings)), args.workers, **options)
    return 0


def _frozen(app: T) -> T:
    """``app``, with the collector settled for serving (``settle_collector``)."""
    settle_collector()
    return app


# The collector's thresholds while serving: a young generation of 50,000 objects where the
# interpreter's default is 700, and older generations collected less often. A push of 1,000
# events allocates some hundreds of thousands of objects that nearly all die with the
# request, by reference counting; with the default each few hundred of them set off a walk
# of every young object, those of the requests in flight in other threads too (with 25
# devices pushing into one process, about a tenth of its processor time).
COLLECTOR_THRESHOLDS = (50_000, 20, 100)


def settle_collector() -> None:
    """Move every object made so far out of the garbage collector's walks and set its
    thresholds for serving (``COLLECTOR_THRESHOLDS``).

    The application is about 220,000 objects (modules, models, routes, validators) that live
    as long as the process. A push of 10,000 events allocates enough to set off a full
    collection or two, and each walked all of them again: 90-250 ms on a loaded 2-core
    machine, inside a push, with the interpreter lock held. With ``--workers`` each process
    builds and freezes its own application after the fork.
    """
    gc.freeze()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)


def _workers_problem(count: int, sealer: kek.Kek) -> str | None:
    """Why ``serve`` cannot run ``count`` processes here, or None."""
    if count < 1:
        return "--workers must be at least 1"
    if count == 1:
        return None
    if not hasattr(os, "fork"):
        return "--workers needs a system that can fork (Linux); run one process per machine"
    if not isinstance(sealer, kek.KeyKek):
        # A PKCS#11 library initialised before a fork must not be used by the children.
        return "--workers needs the key-encryption key in a file, not on a PKCS#11 token"
    return None
