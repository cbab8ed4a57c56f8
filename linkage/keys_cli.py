"""The device and key commands of ``kazasu-platform``: enrolment codes and revoking devices,
signed passes and codes, the QR-signing keys and the key-encryption key they are sealed with."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect

from kazasu_protocol.kz1 import CodeRefused
from linkage import consent, devices, kek, keys, passes, unit
from linkage.cli_output import print_json
from linkage.config import PKCS11_ENV, default_issuer, pkcs11_kek
from linkage.db import checkpoint
from linkage.problems import Problem
from linkage.scope import Scope

# The token holding the key-encryption key the stored keys are sealed with before a rekey.
OLD_PKCS11_ENV = "KAZASU_OLD_SIGNING_KEK_PKCS11"
COMMANDS = frozenset(
    {
        "enrolment-code",
        "revoke",
        "issue-pass",
        "check-qr",
        "rotate-signing-key",
        "revoke-signing-key",
    }
)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the device and key subcommands to the CLI's subparsers."""
    code = sub.add_parser("enrolment-code", help="make a one-time enrolment code")
    group = code.add_mutually_exclusive_group(required=True)
    group.add_argument("--shelter", action="append", help="a shelter of the scope (repeatable)")
    group.add_argument("--polling-site")
    code.add_argument("--label", required=True)
    code.add_argument("--hours", type=int, default=72)

    revoke = sub.add_parser("revoke", help="revoke a device")
    revoke.add_argument("device_id")

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


def run(args: argparse.Namespace, engine: Engine) -> bool:
    """Run a device or key command; False when the command is not one of them."""
    cmd = args.command
    if cmd not in COMMANDS:
        return False
    if cmd == "enrolment-code":
        scope = Scope(shelters=args.shelter or [], polling_site=args.polling_site)
        code, expires = unit.write(
            engine,
            lambda c: (devices.create_enrolment_code(c, scope, args.label, args.hours * 3600), []),
        )
        print_json({"code": code, "expires_at": consent.iso(expires), "scope": scope.model_dump()})
    elif cmd == "revoke":
        unit.run(engine, lambda c: devices.revoke(c, args.device_id))
    elif cmd == "issue-pass":
        issued = unit.read(
            engine,
            lambda c: passes.issue_pass(c, args.person_id, args.days * 24 * 3600, args.shelter),
        )
        print_json(
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
        print_json({"kid": kid, "not_before": keys.rfc3339(start)})
    elif cmd == "revoke-signing-key":
        done = unit.write(engine, lambda c: keys.revoke(c, args.kid, "admin-cli", default_issuer()))
        print_json(
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

    return True


def bind_kek(data_dir: Path, engine: Engine, may_create: bool) -> kek.Kek:
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


def ready_or_warn(sealer: kek.Kek) -> bool:
    """Whether ``sealer`` can seal now; if not, say why (the platform serves and syncs without
    it, only signing answers 503)."""
    try:
        sealer.check()
    except Problem as problem:
        print(f"warning: {problem.title}: {problem.detail}", file=sys.stderr)
        return False
    return True


def kek_init_pkcs11() -> int:
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
    print_json({"token": config.token_label, "key": config.key_label, "created": created})
    return 0


def rekey(args: argparse.Namespace, data_dir: Path, engine: Engine) -> int:
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
    print_json({"resealed": done, "kek": new.where})
    return 0


def _holds_sealed_key(conn: Connection) -> bool:
    return inspect(conn).has_table("signing_keys") and keys.holds_sealed_key(conn)


def _check_qr(engine: Engine, text: str) -> None:
    try:
        body = unit.read(engine, lambda c: passes.check_code(c, text))
    except CodeRefused as refused:
        raise Problem(422, "code-refused", "The code is not valid", refused.reason.value) from None
    said = {"valid": True, "type": body.type.name.lower(), **dataclasses.asdict(body)}
    # Declarations carry a date, which JSON spells as ISO text.
    print(json.dumps(said, ensure_ascii=False, indent=2, default=str))
