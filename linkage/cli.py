"""``kazasu-platform``: serve the platform, migrate its database, administer it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Engine

from linkage import (
    devca,
    evote_cli,
    hq_cli,
    keys,
    keys_cli,
    migrate,
    people_cli,
    places_cli,
    serve_cli,
    unit,
    voting_cli,
)
from linkage.cli_output import print_json
from linkage.config import Settings, default_data_dir, resolve_database_url
from linkage.db import checkpoint, make_engine
from linkage.evote_service import link_keys
from linkage.partners import cli as partner_cli
from linkage.problems import Problem
from linkage.serve_cli import pass_days as pass_days  # public here before serve_cli held it

# The administration commands by room: each room's module adds its subcommands (``add_commands``),
# names them (``COMMANDS``) and runs them on a current database (``run``).
ADMIN_ROOMS = (places_cli, hq_cli, people_cli, keys_cli, voting_cli, evote_cli, partner_cli)
_ADMIN: dict[str, Callable[[argparse.Namespace, Engine], bool]] = {
    command: room.run for room in ADMIN_ROOMS for command in room.COMMANDS
}


def build_parser() -> argparse.ArgumentParser:
    """The command line: the platform's own commands, then each room's."""
    parser = argparse.ArgumentParser(prog="kazasu-platform", description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="data folder (SQLite, admin token)")
    parser.add_argument(
        "--database-url", default=None, help="PostgreSQL URL (or KAZASU_DATABASE_URL)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve_cli.add_commands(sub)
    for room in ADMIN_ROOMS:
        room.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kazasu-platform``."""
    args = build_parser().parse_args(argv)
    if args.command == "openapi":
        from linkage.app import create_app  # loaded only by the commands that need it

        app = create_app(Settings(database_url="sqlite://", admin_token="-"))
        print_json(app.openapi())
        return 0
    data_dir: Path = args.data or default_data_dir()
    if args.command == "dev-ca":
        pin = devca.make_dev_ca(data_dir, tuple(args.host or ("127.0.0.1", "localhost")))
        files = devca.dev_tls(data_dir)
        print_json(
            {"ca": str(files.ca), "cert": str(files.cert), "key": str(files.key), "pin": pin}
        )
        return 0
    try:
        if args.command == "kek-init-pkcs11":
            return keys_cli.kek_init_pkcs11()
        url = resolve_database_url(args.database_url, data_dir)
        return _run(args, data_dir, url)
    except Problem as problem:
        print(
            f"error: {problem.title}" + (f": {problem.detail}" if problem.detail else ""),
            file=sys.stderr,
        )
        return 1


def _run(args: argparse.Namespace, data_dir: Path, url: str) -> int:
    engine = make_engine(url)
    # Its connections are closed when the command ends, so that a program running commands
    # in its own process (the tests' platforms) keeps no file or server connection open.
    try:
        return _command(engine, args, data_dir, url)
    finally:
        engine.dispose()


def _command(engine: Engine, args: argparse.Namespace, data_dir: Path, url: str) -> int:
    """Run ``args``' command on ``engine``; its exit status."""
    link_keys.bind(engine, link_keys.LinkKeys(link_keys.folder_in(data_dir)))
    if args.command == "migrate":
        sealer = keys_cli.bind_kek(data_dir, engine, may_create=True)
        migrate.upgrade(engine)
        keys_cli.ready_or_warn(sealer)
        print("database is up to date")
        return 0
    if not migrate.is_current(engine):
        print(
            "error: the database schema is not current; run `kazasu-platform migrate`",
            file=sys.stderr,
        )
        return 1
    if args.command == "rekey-signing-keys":
        return keys_cli.rekey(args, data_dir, engine)
    sealer = keys_cli.bind_kek(data_dir, engine, may_create=False)
    if args.command == "serve":
        # A database migrated without the key-encryption key at hand is sealed now.
        if keys_cli.ready_or_warn(sealer) and unit.write(
            engine, lambda c: (keys.seal_clear_keys(c), [])
        ):
            checkpoint(engine)
        return serve_cli.serve(args, data_dir, url, sealer)
    if args.command == "digital-auth-key":
        from linkage.web import digital_auth  # as create_app above

        try:
            print_json(digital_auth.create_rp_key(data_dir, sealer))
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    _admin(args, engine)
    return 0


def _admin(args: argparse.Namespace, engine: Engine) -> None:
    """Run an administration command through its room's table entry."""
    _ADMIN[args.command](args, engine)


if __name__ == "__main__":
    raise SystemExit(main())
