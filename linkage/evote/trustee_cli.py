"""``kazasu-trustee``: a trustee's steps of the key ceremony and of the tally, over files the
election commission passes between its members (docs/protocol/evote.md, "Key ceremony").

Public files (parameters, trustee records, share messages, complaints, the context, partial
decryptions) may travel any way; the key file never leaves its trustee. The passphrase comes
from ``$KAZASU_TRUSTEE_PASSPHRASE`` or a prompt."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from linkage.evote import dkg, tally
from linkage.evote.context import ElectionParameters, context_from_json, parameters_from_json
from linkage.evote.errors import EvoteError
from linkage.evote.trustee_file import read_secret, write_secret

PASSPHRASE_ENV = "KAZASU_TRUSTEE_PASSPHRASE"


def _passphrase(confirm: bool) -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if value is not None:
        return value
    first = getpass.getpass("Trustee passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise EvoteError("passphrase", "the two passphrases differ")
    return first


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EvoteError(str(path), f"cannot be read as JSON ({error})") from None


def _json_list(path: Path) -> list[object]:
    value = _read_json(path)
    if not isinstance(value, list):
        raise EvoteError(str(path), "must be a JSON list as kazasu-trustee writes it")
    return value


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _publics(params: ElectionParameters, paths: Sequence[Path]) -> list[dkg.TrusteePublic]:
    records = sorted(
        (_read_json(p) for p in paths),
        key=lambda r: r.get("index", 0) if isinstance(r, dict) else 0,
    )
    return dkg.verify_public_records(params, records, "trustees")


def _new(args: argparse.Namespace) -> int:
    params = parameters_from_json(_read_json(args.parameters), "parameters")
    if args.key.exists():
        raise EvoteError(str(args.key), "exists already; a trustee key is never overwritten")
    secret = dkg.new_trustee(params, args.index, args.name)
    write_secret(args.key, secret, _passphrase(confirm=True))
    _write_json(args.public, dkg.public_record(secret))
    print(json.dumps({"index": args.index, "key": str(args.key), "public": str(args.public)}))
    return 0


def _shares(args: argparse.Namespace) -> int:
    secret = read_secret(args.key, _passphrase(confirm=False))
    publics = _publics(secret.parameters, args.publics)
    _write_json(args.out, dkg.make_shares(secret, publics))
    print(json.dumps({"index": secret.index, "shares": str(args.out)}))
    return 0


def _receive(args: argparse.Namespace) -> int:
    passphrase = _passphrase(confirm=False)
    secret = read_secret(args.key, passphrase)
    publics = _publics(secret.parameters, args.publics)
    messages = [m for path in args.shares for m in _json_list(path)]
    updated, complaints = dkg.receive_shares(secret, publics, messages)
    if complaints:
        _write_json(args.complaints, complaints)
        accused = sorted({c["from"] for c in complaints})
        print(f"refused: shares from trustee(s) {accused} are wrong or missing", file=sys.stderr)
        print(json.dumps({"complaints": str(args.complaints)}))
        return 1
    write_secret(args.key, updated, passphrase)
    print(json.dumps({"index": secret.index, "key_share": "stored"}))
    return 0


def _complaint(args: argparse.Namespace) -> int:
    params = parameters_from_json(_read_json(args.parameters), "parameters")
    publics = _publics(params, args.publics)
    justified = [
        dkg.complaint_is_justified(params, publics, c) for c in _read_json(args.complaints)
    ]
    print(json.dumps({"justified": justified}))
    return 0 if all(justified) else 1


def _context(args: argparse.Namespace) -> int:
    params = parameters_from_json(_read_json(args.parameters), "parameters")
    context = dkg.election_context(params, _publics(params, args.publics))
    _write_json(args.out, context.to_json())
    print(json.dumps({"public_key": context.public_key.hex(), "context": str(args.out)}))
    return 0


def _decrypt(args: argparse.Namespace) -> int:
    context = context_from_json(_read_json(args.context))
    secret = read_secret(args.key, _passphrase(confirm=False))
    _write_json(args.out, tally.partial_decrypt(context, secret, _read_json(args.tally)))
    print(json.dumps({"index": secret.index, "partial": str(args.out)}))
    return 0


def _combine(args: argparse.Namespace) -> int:
    context = context_from_json(_read_json(args.context))
    result = tally.combine(context, _read_json(args.tally), [_read_json(p) for p in args.partials])
    _write_json(args.out, result)
    print(json.dumps({"trustees_present": result["trustees_present"], "result": str(args.out)}))
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line: one sub-command per ceremony or tally step."""
    top = argparse.ArgumentParser(prog="kazasu-trustee", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("new", help="step 1: a new trustee key file and its public record")
    p.add_argument("--parameters", type=Path, required=True)
    p.add_argument("--index", type=int, required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--key", type=Path, required=True)
    p.add_argument("--public", type=Path, required=True)
    p.set_defaults(run=_new)
    p = sub.add_parser("shares", help="step 2: the encrypted shares for the other trustees")
    p.add_argument("--key", type=Path, required=True)
    p.add_argument("--publics", type=Path, nargs="+", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=_shares)
    p = sub.add_parser("receive", help="step 3: check the shares received and store the key share")
    p.add_argument("--key", type=Path, required=True)
    p.add_argument("--publics", type=Path, nargs="+", required=True)
    p.add_argument("--shares", type=Path, nargs="+", required=True)
    p.add_argument("--complaints", type=Path, default=Path("complaints.json"))
    p.set_defaults(run=_receive)
    p = sub.add_parser("check-complaints", help="anyone: are the published complaints justified")
    p.add_argument("--parameters", type=Path, required=True)
    p.add_argument("--publics", type=Path, nargs="+", required=True)
    p.add_argument("--complaints", type=Path, required=True)
    p.set_defaults(run=_complaint)
    p = sub.add_parser("context", help="anyone: the joint public key and the election context")
    p.add_argument("--parameters", type=Path, required=True)
    p.add_argument("--publics", type=Path, nargs="+", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=_context)
    p = sub.add_parser("decrypt", help="tally: this trustee's partial decryption with proofs")
    p.add_argument("--key", type=Path, required=True)
    p.add_argument("--context", type=Path, required=True)
    p.add_argument("--tally", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=_decrypt)
    p = sub.add_parser("combine", help="tally: the counts from at least k partial decryptions")
    p.add_argument("--context", type=Path, required=True)
    p.add_argument("--tally", type=Path, required=True)
    p.add_argument("--partials", type=Path, nargs="+", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=_combine)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run one step; exit 0 done, 1 refused (the reason on standard error)."""
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except EvoteError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    raise SystemExit(main())
