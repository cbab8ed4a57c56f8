"""``kazasu-platform``: serve the platform, migrate its database, administer it."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Engine

from linkage import (
    consent,
    devca,
    devices,
    keys,
    migrate,
    municipalities,
    passes,
    places,
    questions,
    residents,
    unit,
    voting_cli,
)
from linkage.api.models import Municipality, QuestionBody, ShelterBody
from linkage.app import create_app
from linkage.config import (
    DEFAULT_BODY_LIMIT,
    Settings,
    card_trust,
    default_data_dir,
    default_issuer,
    load_admin_token,
    map_tiles,
    orion_config,
    resolve_database_url,
)
from linkage.db import make_engine
from linkage.merge import merge_persons
from linkage.problems import Problem
from linkage.qr.body import CodeRefused
from linkage.scope import EntityId, Scope

EntityIdAdapter: TypeAdapter[str] = TypeAdapter(EntityId)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kazasu-platform", description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="data folder (SQLite, admin token)")
    parser.add_argument(
        "--database-url", default=None, help="PostgreSQL URL (or KAZASU_DATABASE_URL)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
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

    devca = sub.add_parser("dev-ca", help="make a development CA and server certificate")
    devca.add_argument(
        "--host", action="append", default=None, help="name or IP the certificate is for"
    )

    sub.add_parser("migrate", help="bring the database schema up to date")
    sub.add_parser("openapi", help="print the OpenAPI document")

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
        "--kind", default="designated", choices=["designated", "welfare", "emergency", "other"]
    )

    status = sub.add_parser("shelter-status", help="open a shelter to evacuees or close it")
    status.add_argument("shelter_id")
    status.add_argument("status", choices=["open", "closed"])

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

    imp = sub.add_parser("import-residents", help="import a resident list (CSV)")
    imp.add_argument("csv", type=Path)
    imp.add_argument("--municipality", required=True)

    merge = sub.add_parser("merge", help="merge a provisional person into an existing one")
    merge.add_argument("from_person_id")
    merge.add_argument("into_person_id")

    cons = sub.add_parser("consent", help="record a consent grant or withdrawal")
    cons.add_argument("person_id")
    cons.add_argument("definition_id")
    cons.add_argument("state", choices=["given", "withdrawn"])
    cons.add_argument("--method", default="staff")

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
    voting_cli.add_commands(sub)
    return parser


def _print(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kazasu-platform``."""
    args = _parser().parse_args(argv)
    if args.command == "openapi":
        app = create_app(Settings(database_url="sqlite://", admin_token="-"))
        _print(app.openapi())
        return 0
    data_dir: Path = args.data or default_data_dir()
    if args.command == "dev-ca":
        pin = devca.make_dev_ca(data_dir, tuple(args.host or ("127.0.0.1", "localhost")))
        files = devca.dev_tls(data_dir)
        _print({"ca": str(files.ca), "cert": str(files.cert), "key": str(files.key), "pin": pin})
        return 0
    url = resolve_database_url(args.database_url, data_dir)
    try:
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
        migrate.upgrade(engine)
        print("database is up to date")
        return 0
    if not migrate.is_current(engine):
        print(
            "error: the database schema is not current; run `kazasu-platform migrate`",
            file=sys.stderr,
        )
        return 1
    if args.command == "serve":
        return _serve(args, data_dir, url)
    _admin(args, engine)
    return 0


def _admin(args: argparse.Namespace, engine: Engine) -> None:
    if voting_cli.run(args, engine):
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
    elif cmd == "import-residents":
        text = args.csv.read_text(encoding="utf-8-sig")
        report = unit.write(
            engine, lambda c: residents.import_residents(c, args.municipality, text, "admin-cli")
        )
        _print({"created": report.created, "updated": report.updated, "errors": report.errors})
    elif cmd == "merge":
        unit.write(
            engine, lambda c: (None, merge_persons(c, args.from_person_id, args.into_person_id))
        )
    elif cmd == "consent":
        record_id = unit.write(
            engine,
            lambda c: consent.record(
                c, args.person_id, args.definition_id, args.state, args.method, "admin-cli"
            ),
        )
        _print({"record_id": record_id})
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


def _serve(args: argparse.Namespace, data_dir: Path, url: str) -> int:
    import uvicorn

    anchors, revocation_check = card_trust(args.trust_anchor)
    try:
        tile_url, attribution = map_tiles()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    cert, key = args.tls_cert, args.tls_key
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
    )
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        ssl_certfile=cert,
        ssl_keyfile=key,
        log_level="info",
        # Live map streams stay open; on shutdown they are given this long, then closed.
        timeout_graceful_shutdown=5,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
