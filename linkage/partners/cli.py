"""The partner commands of ``kazasu-platform`` (each has an admin API twin)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, Engine

from linkage import unit
from linkage.api.partner_models import (
    ClientBody,
    DefinitionBody,
    NewDefinition,
    PartnerBody,
    PurposeBody,
    RotateBody,
)
from linkage.cli_output import print_json
from linkage.partners import consents, credentials, disclosures, registry
from linkage.problems import Problem

COMMANDS = frozenset(
    {
        "partner",
        "partners",
        "partner-purpose",
        "partner-status",
        "partner-client",
        "partner-client-rotate",
        "partner-client-revoke",
        "consent-definition",
        "consent-definition-version",
        "disclosures",
    }
)
Body = TypeVar("Body", bound=BaseModel)


def _wording_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", required=True, help="what residents see first")
    parser.add_argument("--purpose-text", required=True, help="why, in plain words")
    parser.add_argument("--item", action="append", required=True, help="a data item (repeat)")
    parser.add_argument("--retention", required=True, help="how long the partner keeps it")
    parser.add_argument(
        "--translation",
        nargs=4,
        action="append",
        default=[],
        metavar=("LANG", "TITLE", "PURPOSE", "RETENTION"),
        help="the wording in another residents' language, e.g. en (repeat); the above is Japanese",
    )
    parser.add_argument("--basis", choices=["consent", "statute"], default="consent")
    parser.add_argument("--statute", default=None, help="the statute a statute basis rests on")
    parser.add_argument("--mode", choices=["opt-in", "opt-out"], default="opt-in")
    parser.add_argument(
        "--includes-protected",
        action="store_true",
        help="disclose DV-protected people too (statute only; each such disclosure is flagged)",
    )


def add_commands(sub: Any) -> None:
    """Add the partner commands to ``kazasu-platform``."""
    partner = sub.add_parser("partner", help="register a partner or rename it")
    partner.add_argument("partner_id")
    partner.add_argument("--municipality", required=True)
    partner.add_argument("--name", required=True)
    partner.add_argument("--kind", choices=["public", "company", "ngo"], required=True)
    sub.add_parser("partners", help="list the partners and their purposes")
    purpose = sub.add_parser("partner-purpose", help="register a partner's purpose and items")
    purpose.add_argument("partner_id")
    purpose.add_argument("purpose_id")
    purpose.add_argument("--description", required=True)
    purpose.add_argument("--item", action="append", default=[], help="a data item (repeat)")
    purpose.add_argument(
        "--aggregate",
        action="append",
        default=[],
        help=f"an aggregate granted to the purpose: {', '.join(registry.AGGREGATES)} (repeat)",
    )
    status = sub.add_parser("partner-status", help="suspend a partner or make it active")
    status.add_argument("partner_id")
    status.add_argument("status", choices=["active", "suspended"])
    client = sub.add_parser("partner-client", help="issue OAuth client credentials")
    client.add_argument("partner_id")
    how = client.add_mutually_exclusive_group(required=True)
    how.add_argument("--jwks", type=Path, help="the partner's public JWK set (private_key_jwt)")
    how.add_argument(
        "--secret", action="store_true", help="a client secret (public bodies only); shown once"
    )
    client.add_argument("--expires-at-ms", type=int, default=None)
    rotate = sub.add_parser("partner-client-rotate", help="replace a client's keys or secret")
    rotate.add_argument("client_id")
    rotate.add_argument("--jwks", type=Path, default=None, help="the new public JWK set")
    revoke = sub.add_parser("partner-client-revoke", help="revoke a partner client")
    revoke.add_argument("client_id")
    made = sub.add_parser("consent-definition", help="create a partner's consent definition")
    made.add_argument("definition_id")
    made.add_argument("--partner", required=True)
    made.add_argument("--purpose", required=True)
    _wording_options(made)
    version = sub.add_parser(
        "consent-definition-version", help="put a new version of a definition in force"
    )
    version.add_argument("definition_id")
    _wording_options(version)
    shown = sub.add_parser("disclosures", help="what a partner received (with person ids)")
    shown.add_argument("partner_id")
    shown.add_argument("--protected", action="store_true", help="only DV-protected people")


def _checked(model: type[Body], value: dict[str, Any]) -> Body:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise Problem(422, "invalid-request", "Invalid input", f"{where}: {first['msg']}") from None


def _jwks(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Problem(422, "invalid-jwks", "The JWK set file cannot be read", str(exc)) from None
    if not isinstance(value, dict):
        raise Problem(422, "invalid-jwks", "A JWK set is a JSON object with keys")
    return value


def _wording(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "title": args.title,
        "purpose": args.purpose_text,
        "items": args.item,
        "retention": args.retention,
        "legal_basis": args.basis,
        "statute": args.statute,
        "mode": args.mode,
        "includes_protected": args.includes_protected,
        "translations": {
            lang: {"title": title, "purpose": purpose, "retention": retention}
            for lang, title, purpose, retention in args.translation
        },
    }


def _to_wording(body: DefinitionBody) -> consents.Wording:
    return consents.Wording(
        body.title,
        body.purpose,
        list(body.items),
        body.retention,
        body.legal_basis,
        body.statute,
        body.mode,
        body.includes_protected,
        {lang: text.model_dump() for lang, text in body.translations.items()},
    )


def run(args: argparse.Namespace, engine: Engine) -> bool:
    """Run a partner command; False when the command is not one of them."""
    cmd = args.command
    if cmd not in COMMANDS:
        return False
    if cmd in ("partner", "partner-purpose", "partner-status"):
        _change_partner(args, engine)
        print_json(unit.read(engine, lambda c: _partner(c, args.partner_id)))
    elif cmd == "partners":
        print_json(unit.read(engine, registry.list_partners))
    elif cmd == "partner-client":
        b = _checked(
            ClientBody,
            {
                "auth_method": "client_secret_basic" if args.secret else "private_key_jwt",
                "jwks": _jwks(args.jwks),
                "expires_at_ms": args.expires_at_ms,
            },
        )
        print_json(
            unit.write(
                engine,
                lambda c: (
                    credentials.create_client(
                        c, args.partner_id, b.auth_method, b.jwks, b.expires_at_ms
                    ),
                    [],
                ),
            )
        )
    elif cmd == "partner-client-rotate":
        r = _checked(RotateBody, {"jwks": _jwks(args.jwks)})
        print_json(
            unit.write(engine, lambda c: (credentials.rotate(c, args.client_id, r.jwks), []))
        )
    elif cmd == "partner-client-revoke":
        unit.run(engine, lambda c: credentials.revoke(c, args.client_id))
        print_json({"client_id": args.client_id, "revoked": True})
    elif cmd == "consent-definition":
        d = _checked(
            NewDefinition,
            {
                "definition_id": args.definition_id,
                "partner_id": args.partner,
                "purpose_id": args.purpose,
                **_wording(args),
            },
        )
        made = unit.write(
            engine,
            lambda c: (
                consents.create(c, d.definition_id, d.partner_id, d.purpose_id, _to_wording(d)),
                [],
            ),
        )
        print_json({"definition_id": d.definition_id, "version": made})
    elif cmd == "consent-definition-version":
        w = _checked(DefinitionBody, _wording(args))
        version = unit.write(
            engine, lambda c: (consents.new_version(c, args.definition_id, _to_wording(w)), [])
        )
        print_json({"definition_id": args.definition_id, "version": version})
    else:
        print_json(unit.read(engine, lambda c: _disclosures(c, args.partner_id, args.protected)))
    return True


def _change_partner(args: argparse.Namespace, engine: Engine) -> None:
    if args.command == "partner":
        p = _checked(
            PartnerBody,
            {"municipality_id": args.municipality, "name": args.name, "kind": args.kind},
        )
        unit.run(
            engine,
            lambda c: registry.upsert_partner(
                c, args.partner_id, p.municipality_id, p.name, p.kind
            ),
        )
    elif args.command == "partner-purpose":
        u = _checked(
            PurposeBody,
            {"description": args.description, "items": args.item, "aggregates": args.aggregate},
        )
        unit.run(
            engine,
            lambda c: registry.set_purpose(
                c,
                args.partner_id,
                args.purpose_id,
                u.description,
                list(u.items),
                list(u.aggregates),
            ),
        )
    else:
        unit.run(engine, lambda c: registry.set_status(c, args.partner_id, args.status))


def _partner(conn: Connection, partner_id: str) -> dict[str, Any]:
    """The partner as ``partners`` lists it."""
    return next(p for p in registry.list_partners(conn) if p["partner_id"] == partner_id)


def _disclosures(conn: Connection, partner_id: str, protected: bool) -> list[dict[str, Any]]:
    registry.require_partner(conn, partner_id)
    return disclosures.of_partner(conn, partner_id, protected)
