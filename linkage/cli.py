"""``kazasu-platform``: serve the platform, migrate its database, administer it."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Connection, Engine, inspect

from kazasu_protocol.kz1 import CodeRefused
from linkage import (
    city_cards,
    consent,
    devca,
    devices,
    event_sites,
    evote_cli,
    hq,
    hq_staff,
    kek,
    keys,
    merge_suggestions,
    migrate,
    municipalities,
    passes,
    places,
    protection,
    questions,
    residents,
    shelter_opendata,
    unit,
    voting_cli,
)
from linkage.api.models import Municipality, QuestionBody, ShelterBody
from linkage.api.protection_models import ProtectionClear
from linkage.config import (
    DEFAULT_BODY_LIMIT,
    DEFAULT_HOST,
    DEFAULT_MAX_CLOCK_AHEAD_S,
    DEFAULT_PASS_DAYS,
    DEFAULT_PORT,
    PKCS11_ENV,
    Settings,
    card_trust,
    default_data_dir,
    default_issuer,
    load_admin_token,
    map_tiles,
    orion_config,
    pkcs11_kek,
    public_url,
    resolve_database_url,
)
from linkage.csvimport import csv_file_lines
from linkage.db import checkpoint, make_engine
from linkage.feed import Encoded
from linkage.merge import merge_persons
from linkage.partners import cli as partner_cli
from linkage.problems import Problem
from linkage.scope import EntityId, Scope
from linkage.web import digital_auth

EntityIdAdapter: TypeAdapter[str] = TypeAdapter(EntityId)
# The token holding the key-encryption key the stored keys are sealed with before a rekey.
OLD_PKCS11_ENV = "KAZASU_OLD_SIGNING_KEK_PKCS11"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kazasu-platform", description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="data folder (SQLite, admin token)")
    parser.add_argument(
        "--database-url", default=None, help="PostgreSQL URL (or KAZASU_DATABASE_URL)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

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

    town = sub.add_parser("municipality", help="create or rename a municipality")
    town.add_argument("municipality_id")
    town.add_argument("--name", required=True)
    sub.add_parser("municipalities", help="list the municipalities")

    shelter = sub.add_parser("shelter", help="create or update a shelter")
    shelter.add_argument("shelter_id")
    shelter.add_argument("--municipality", required=True)
    shelter.add_argument("--name", required=True)
    shelter.add_argument("--capacity", type=int, default=None)
    shelter.add_argument("--lat", type=float, default=None, help="latitude (WGS 84), for the map")
    shelter.add_argument("--lon", type=float, default=None, help="longitude (WGS 84)")
    shelter.add_argument(
        "--kind",
        default="designated",
        choices=["designated", "welfare", "emergency", "other", "event"],
        help="the shelter's kind, or event: a community event's site, never published",
    )

    _event_and_hq_commands(sub)

    status = sub.add_parser("shelter-status", help="open a shelter to evacuees or close it")
    status.add_argument("shelter_id")
    status.add_argument("status", choices=["open", "closed"])

    _question_and_card_commands(sub)

    site = sub.add_parser("polling-site", help="create or rename a polling site")
    site.add_argument("site_id")
    site.add_argument("--election", required=True)
    site.add_argument("--election-name", default=None)
    site.add_argument("--name", required=True)

    code = sub.add_parser("enrolment-code", help="make a one-time enrolment code")
    group = code.add_mutually_exclusive_group(required=True)
    group.add_argument("--shelter", action="append", help="a shelter of the scope (repeatable)")
    group.add_argument("--polling-site")
    code.add_argument("--label", required=True)
    code.add_argument("--hours", type=int, default=72)

    revoke = sub.add_parser("revoke", help="revoke a device")
    revoke.add_argument("device_id")

    lst = sub.add_parser(
        "import-shelters",
        help="create or update a municipality's shelters from its open data list (指定避難所一覧 "
        "or 指定緊急避難場所一覧 CSV)",
    )
    lst.add_argument("csv", type=Path)
    lst.add_argument("--municipality", required=True)
    out = sub.add_parser(
        "export-shelters", help="write a municipality's shelters as 指定避難所一覧 CSV to stdout"
    )
    out.add_argument("--municipality", required=True)

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

    issue = sub.add_parser("issue-pass", help="sign a pre-registration pass (QR text)")
    issue.add_argument("person_id")
    issue.add_argument("--days", type=int, default=passes.DEFAULT_PASS_DAYS)
    issue.add_argument("--shelter", default=None, help="the shelter the pass names")

    check = sub.add_parser("check-qr", help="verify a signed QR code's text")
    check.add_argument("text")

    rot = sub.add_parser("rotate-signing-key", help="publish a new QR-signing key")
    rot.add_argument(
        "--lead-hours",
        type=float,
        default=0.0,
        help="publish now, start signing with it this much later (kiosks learn it first)",
    )
    revoke_key = sub.add_parser(
        "revoke-signing-key",
        help="revoke a QR-signing key: kiosks refuse every code it signed (after their next sync)",
    )
    revoke_key.add_argument("kid")
    _kek_commands(sub)
    voting_cli.add_commands(sub)
    evote_cli.add_commands(sub)
    partner_cli.add_commands(sub)
    return parser


def _event_and_hq_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        default=int(
            os.environ.get("KAZASU_EVENT_RETENTION_DAYS", event_sites.DEFAULT_RETENTION_DAYS)
        ),
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


def _question_and_card_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    question = sub.add_parser(
        "question", help="define a question on the shelter forms of a municipality's kiosks"
    )
    question.add_argument("municipality_id")
    question.add_argument("question_id")
    question.add_argument("--applies-to", required=True, choices=["person", "household"])
    question.add_argument("--kind", required=True, choices=["text", "yesno", "number", "choice"])
    question.add_argument("--label-ja", required=True)
    question.add_argument("--label-en", required=True)
    question.add_argument("--choice", action="append", default=[], help="a choice (repeatable)")
    question.add_argument("--retired", action="store_true", help="retire it from the forms")
    listed = sub.add_parser("questions", help="list a municipality's questions")
    listed.add_argument("municipality_id")
    card_format = sub.add_parser(
        "city-card-format",
        help="define a municipality's own QR ID card format (<prefix>:<code>:<card id>)",
    )
    card_format.add_argument("municipality_id")
    card_format.add_argument("--prefix", required=True)
    card_format.add_argument("--code", required=True, help="the 6-digit local government code")
    card_format.add_argument(
        "--id-pattern", required=True, help="anchored pattern, e.g. ^[0-9]{8}$"
    )
    shown = sub.add_parser("city-card-formats", help="show a municipality's city card format")
    shown.add_argument("municipality_id")


def _kek_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub.add_parser(
        "kek-init-pkcs11",
        help=f"make the key-encryption key on the PKCS#11 token {PKCS11_ENV} names, if absent",
    )
    rekey = sub.add_parser(
        "rekey-signing-keys",
        help="re-seal every stored QR-signing key under the configured key-encryption key",
    )
    old = rekey.add_mutually_exclusive_group(required=True)
    old.add_argument("--old-kek-file", type=Path, help="the key file the keys are sealed with now")
    old.add_argument(
        "--old-pkcs11",
        action="store_true",
        help=f"the keys are sealed now by the token {OLD_PKCS11_ENV} and its companions name",
    )


def _print(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kazasu-platform``."""
    args = _parser().parse_args(argv)
    if args.command == "openapi":
        from linkage.app import create_app  # the web application: only serve and openapi

        app = create_app(Settings(database_url="sqlite://", admin_token="-"))
        _print(app.openapi())
        return 0
    data_dir: Path = args.data or default_data_dir()
    if args.command == "dev-ca":
        pin = devca.make_dev_ca(data_dir, tuple(args.host or ("127.0.0.1", "localhost")))
        files = devca.dev_tls(data_dir)
        _print({"ca": str(files.ca), "cert": str(files.cert), "key": str(files.key), "pin": pin})
        return 0
    try:
        if args.command == "kek-init-pkcs11":
            return _kek_init_pkcs11()
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
    if args.command == "migrate":
        sealer = _bind_kek(data_dir, engine, may_create=True)
        migrate.upgrade(engine)
        _ready_or_warn(sealer)
        print("database is up to date")
        return 0
    if not migrate.is_current(engine):
        print(
            "error: the database schema is not current; run `kazasu-platform migrate`",
            file=sys.stderr,
        )
        return 1
    if args.command == "rekey-signing-keys":
        return _rekey(args, data_dir, engine)
    sealer = _bind_kek(data_dir, engine, may_create=False)
    if args.command == "serve":
        # A database migrated without the key-encryption key at hand is sealed now.
        if _ready_or_warn(sealer) and unit.write(engine, lambda c: (keys.seal_clear_keys(c), [])):
            checkpoint(engine)
        return _serve(args, data_dir, url, sealer)
    if args.command == "digital-auth-key":
        try:
            _print(digital_auth.create_rp_key(data_dir, sealer))
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    _admin(args, engine)
    return 0


def _bind_kek(data_dir: Path, engine: Engine, may_create: bool) -> kek.Kek:
    """Find the key-encryption key and bind it to ``engine``.

    A new key file is made only where no stored key is sealed yet (a new platform, or one
    whose keys are still in clear): a new key would open none of the sealed ones.
    """
    try:
        found = kek.load(data_dir)
    except ValueError as exc:
        raise Problem(500, "bad-kek", "The key-encryption key is unusable", str(exc)) from None
    # A token's key is made by `kek-init-pkcs11`, never as a side effect.
    unfound = isinstance(found, kek.KeyKek) and found.key is None
    if unfound and may_create and not unit.read(engine, _holds_sealed_key):
        found = kek.create(data_dir)
    kek.bind(engine, found)
    return found


def _ready_or_warn(sealer: kek.Kek) -> bool:
    """Whether ``sealer`` can seal now; if not, say why (the platform serves and syncs without
    it, only signing answers 503)."""
    try:
        sealer.check()
    except Problem as problem:
        print(f"warning: {problem.title}: {problem.detail}", file=sys.stderr)
        return False
    return True


def _kek_init_pkcs11() -> int:
    """Make the key-encryption key on the configured token unless it holds one."""
    try:
        config = pkcs11_kek()
    except ValueError as exc:
        raise Problem(500, "bad-kek", "The PKCS#11 settings are unusable", str(exc)) from None
    if config is None:
        raise Problem(
            500, "bad-kek", "No PKCS#11 token is configured", f"set {PKCS11_ENV} (docs/platform.md)"
        )
    from linkage.kek_pkcs11 import create_key

    created = create_key(config)
    _print({"token": config.token_label, "key": config.key_label, "created": created})
    return 0


def _rekey(args: argparse.Namespace, data_dir: Path, engine: Engine) -> int:
    """Re-seal every stored key under the configured key-encryption key, opening them with the
    old one. With no key configured at all, a new key file is made (rotating the file key)."""
    try:
        new = kek.load(data_dir)
        old: kek.Kek
        if args.old_pkcs11:
            from linkage.kek_pkcs11 import TokenKek

            config = pkcs11_kek(OLD_PKCS11_ENV)
            if config is None:
                raise ValueError(f"--old-pkcs11 needs {OLD_PKCS11_ENV} and its companions")
            old = TokenKek(config)
        else:
            old = kek.load_file(args.old_kek_file)
    except ValueError as exc:
        raise Problem(500, "bad-kek", "The key-encryption key is unusable", str(exc)) from None
    made = None
    if isinstance(new, kek.KeyKek) and new.key is None:
        new = kek.create(data_dir)
        made = kek.path_in(data_dir)
    try:
        done = unit.write(engine, lambda c: (kek.reseal(c, old, new), []))
    except BaseException:
        if made is not None:
            made.unlink()  # it seals nothing: the next run may make its own
        raise
    # SQLite: the values sealed with the old key leave the freed pages and the WAL too.
    checkpoint(engine)
    _print({"resealed": done, "kek": new.where})
    return 0


def _holds_sealed_key(conn: Connection) -> bool:
    return inspect(conn).has_table("signing_keys") and keys.holds_sealed_key(conn)


# A dispatch with one flat branch per admin subcommand.
def _admin(args: argparse.Namespace, engine: Engine) -> None:  # noqa: C901
    if voting_cli.run(args, engine) or evote_cli.run(args, engine) or partner_cli.run(args, engine):
        return
    cmd = args.command
    if cmd == "municipality":
        town = _municipality(args)
        unit.run(
            engine,
            lambda c: municipalities.upsert_municipality(c, town.municipality_id, town.name),
        )
    elif cmd == "municipalities":
        _print(unit.read(engine, municipalities.list_municipalities))
    elif cmd == "shelter":
        body = _shelter_body(args)
        where = (body.location.lat, body.location.lon) if body.location else None
        unit.write(
            engine,
            lambda c: (
                None,
                places.upsert_shelter(
                    c,
                    args.shelter_id,
                    body.municipality_id,
                    body.name,
                    body.capacity,
                    where,
                    body.kind,
                ),
            ),
        )
    elif cmd == "event-end":
        unit.run(engine, lambda c: event_sites.set_end(c, args.shelter_id, args.on))
        _print({"shelter_id": args.shelter_id, "ends_on": args.on.isoformat()})
    elif cmd == "purge-events":
        today = hq.today()
        _print(
            unit.write(
                engine,
                lambda c: event_sites.purge_ended(c, today, args.retention_days, "admin-cli"),
            )
        )
    elif cmd == "hq-staff":
        if args.revoke:
            changed = unit.write(
                engine,
                lambda c: (hq_staff.revoke(c, args.person_id, args.municipality, args.role), []),
            )
        else:
            changed = unit.write(
                engine,
                lambda c: (
                    hq_staff.grant(c, args.person_id, args.municipality, args.role, "admin-cli"),
                    [],
                ),
            )
        _print({"person_id": args.person_id, "role": args.role, "changed": changed})
    elif cmd == "shelter-status":
        is_open = args.status == "open"
        unit.write(engine, lambda c: (None, places.set_shelter_open(c, args.shelter_id, is_open)))
    elif cmd == "question":
        definition = _question_body(args).model_dump()
        unit.write(
            engine,
            lambda c: (
                None,
                questions.upsert_question(c, args.municipality_id, args.question_id, definition),
            ),
        )
    elif cmd == "questions":
        _print(unit.read(engine, lambda c: questions.list_questions(c, args.municipality_id)))
    elif cmd == "city-card-format":
        unit.write(
            engine,
            lambda c: (
                None,
                city_cards.put_format(
                    c, args.municipality_id, args.prefix, args.code, args.id_pattern
                ),
            ),
        )
        _print(unit.read(engine, lambda c: city_cards.get_format(c, args.municipality_id)))
    elif cmd == "city-card-formats":
        _print(unit.read(engine, lambda c: city_cards.get_format(c, args.municipality_id)))
    elif cmd == "polling-site":
        unit.run(
            engine,
            lambda c: places.upsert_polling_site(
                c, args.site_id, args.election, args.election_name, args.name
            ),
        )
    elif cmd == "enrolment-code":
        scope = Scope(shelters=args.shelter or [], polling_site=args.polling_site)
        code, expires = unit.write(
            engine,
            lambda c: (devices.create_enrolment_code(c, scope, args.label, args.hours * 3600), []),
        )
        _print({"code": code, "expires_at": consent.iso(expires), "scope": scope.model_dump()})
    elif cmd == "revoke":
        unit.run(engine, lambda c: devices.revoke(c, args.device_id))
    elif cmd == "import-shelters":
        with csv_file_lines(args.csv) as lines:
            listed = lines.read()  # an open-data list is a few thousand sites at most
        _print(
            unit.write(
                engine, lambda c: shelter_opendata.import_shelters(c, args.municipality, listed)
            )
        )
    elif cmd == "export-shelters":
        sys.stdout.buffer.write(
            unit.read(engine, lambda c: shelter_opendata.export_shelters(c, args.municipality))
        )
    elif cmd == "import-residents":
        with csv_file_lines(args.csv) as lines:

            def work(c: Connection) -> tuple[residents.ImportReport, list[Encoded]]:
                lines.seek(0)  # a retried transaction reads the file again from its start
                return residents.import_residents(c, args.municipality, lines, "admin-cli")

            report = unit.write(engine, work)
        _print({"created": report.created, "updated": report.updated, "errors": report.errors})
    elif cmd == "merge":
        unit.write(
            engine, lambda c: (None, merge_persons(c, args.from_person_id, args.into_person_id))
        )
    elif cmd == "merge-suggestions":
        state = None if args.state == "all" else args.state
        _print(unit.read(engine, lambda c: merge_suggestions.listing(c, state, args.municipality)))
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
        _print({"record_id": record_id})
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
        _print(unit.read(engine, lambda c: consent.receipt(c, args.person_id, _controller())))
    elif cmd == "issue-pass":
        issued = unit.read(
            engine,
            lambda c: passes.issue_pass(c, args.person_id, args.days * 24 * 3600, args.shelter),
        )
        _print(
            {
                **vars(issued),
                "issued_at": keys.rfc3339(issued.issued_at),
                "expires_at": keys.rfc3339(issued.expires_at),
            }
        )
    elif cmd == "check-qr":
        _check_qr(engine, args.text)
    elif cmd == "rotate-signing-key":
        lead_s = round(args.lead_hours * 3600)
        kid, start = unit.write(engine, lambda c: (keys.rotate(c, default_issuer(), lead_s), []))
        _print({"kid": kid, "not_before": keys.rfc3339(start)})
    elif cmd == "revoke-signing-key":
        done = unit.write(engine, lambda c: keys.revoke(c, args.kid, "admin-cli", default_issuer()))
        _print(
            {
                "kid": done.kid,
                "revoked_at": keys.rfc3339(done.revoked_at_ms // 1000),
                "replaced_by": done.replaced_by,
            }
        )
        if done.was_issuing and done.replaced_by is None:
            print(
                "warning: no QR-signing key issues now; run `kazasu-platform rotate-signing-key`"
                " once the key-encryption key is available",
                file=sys.stderr,
            )


def _municipality(args: argparse.Namespace) -> Municipality:
    """The municipality's id and name, checked as the admin API checks them."""
    try:
        EntityIdAdapter.validate_python(args.municipality_id)
        return Municipality.model_validate(
            {"municipality_id": args.municipality_id, "name": args.name}
        )
    except ValidationError as exc:
        wrong = "; ".join(e["msg"] for e in exc.errors())
        raise Problem(422, "invalid-request", "Invalid municipality", wrong) from None


def _clear_request(args: argparse.Namespace) -> ProtectionClear:
    """The municipality and reason, checked as the admin API checks them."""
    try:
        return ProtectionClear.model_validate(
            {"municipality_id": args.municipality, "reason": args.reason}
        )
    except ValidationError as exc:
        wrong = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise Problem(422, "invalid-request", "Invalid clearing", wrong) from None


def _shelter_body(args: argparse.Namespace) -> ShelterBody:
    """The shelter's details, checked as the admin API checks them."""
    if (args.lat is None) != (args.lon is None):
        raise Problem(422, "invalid-request", "Give both --lat and --lon, or neither")
    location = None if args.lat is None else {"lat": args.lat, "lon": args.lon}
    try:
        return ShelterBody.model_validate(
            {
                "municipality_id": args.municipality,
                "name": args.name,
                "capacity": args.capacity,
                "location": location,
                "kind": args.kind,
            }
        )
    except ValidationError as exc:
        wrong = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise Problem(422, "invalid-request", "Invalid shelter details", wrong) from None


def _question_body(args: argparse.Namespace) -> QuestionBody:
    """The question's definition, checked as the admin API checks it."""
    try:
        EntityIdAdapter.validate_python(args.municipality_id)
        return QuestionBody.model_validate(
            {
                "applies_to": args.applies_to,
                "kind": args.kind,
                "label_ja": args.label_ja,
                "label_en": args.label_en,
                "choices": args.choice,
                "active": not args.retired,
            }
        )
    except ValidationError as exc:
        wrong = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise Problem(422, "invalid-request", "Invalid question", wrong) from None


def _check_qr(engine: Engine, text: str) -> None:
    try:
        body = unit.read(engine, lambda c: passes.check_code(c, text))
    except CodeRefused as refused:
        raise Problem(422, "code-refused", "The code is not valid", refused.reason.value) from None
    said = {"valid": True, "type": body.type.name.lower(), **dataclasses.asdict(body)}
    # Declarations carry a date, which JSON spells as ISO text.
    print(json.dumps(said, ensure_ascii=False, indent=2, default=str))


def _controller() -> str:
    return os.environ.get("KAZASU_CONTROLLER", Settings("", "").controller)


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


def _serve(args: argparse.Namespace, data_dir: Path, url: str, sealer: kek.Kek) -> int:
    import uvicorn

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
        controller=_controller(),
        issuer=default_issuer(),
        trust_anchors=anchors,
        revocation_check=revocation_check,
        orion=orion_config(),
        map_tile_url=tile_url,
        map_attribution=attribution,
        kek=sealer,
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
    # The web application, loaded by the commands that serve it only: an import or an
    # administrator's command starts without it.
    from linkage.app import create_app

    if args.workers == 1:
        uvicorn.run(create_app(settings), **options)
    else:
        from linkage import workers

        return workers.serve(lambda: create_app(settings), args.workers, **options)
    return 0


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


if __name__ == "__main__":
    raise SystemExit(main())
