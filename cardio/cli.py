"""``kazasu-card``: list readers, make and emulate test cards, identify and verify cards, and
read the verified basic items of a card's signing certificate.

Exit codes (also in docs/card.md): 0 done; 1 internal error; 2 usage; 3 reader or PC/SC service
unavailable; 4 no card or card removed; 5 not a My Number Card or its answer was invalid;
6 wrong or malformed PIN or signing password; 7 PIN or signing password refused (one try
left) or locked; 8 verification failed; 9 a file given on the command line could not be used;
10 the platform could not be reached or refused the card's answer to a sign-in challenge.
"""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from cardio.card_errors import (
    CardCommunicationError,
    CardDataError,
    CardError,
    CardRemovedError,
    CardResponseError,
    NoCardError,
    NotMyNumberCardError,
    PinBlockedError,
    PinFormatError,
    PinTriesTooFewError,
    ReaderError,
    VerificationError,
    WrongPinError,
)
from cardio.mynumber import (
    SignedNonce,
    TrustAnchors,
    identify,
    prove_holder,
    read_basic_items,
    read_signature_items,
    sign_nonce,
)
from cardio.mynumber.cardinfo import CardText
from cardio.transport import CardTransport
from cardio.virtualcard import CardProfile, Faults, InProcessTransport, VirtualMyNumberCard
from cardio.virtualcard.pki import (
    HolderItems,
    Issued,
    Purpose,
    issue_signing_certificate,
    issue_user_certificate,
    make_ca,
)
from cardio.virtualcard.profile import (
    DEFAULT_SIGN_PASSWORD,
    SIGN_PASSWORD_PATTERN,
    ProfileError,
    card_profile,
    issue_card_certificates,
)
from kazasu_protocol.websignin import SignInChallenge, parse_challenge
from kiosk.i18n import (
    SOURCE_LANGUAGE,
    current_language,
    language_from_environment,
    set_language,
    translate,
)
from kiosk.timefmt import people_date

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_READER = 3
EXIT_NO_CARD = 4
EXIT_BAD_CARD = 5
EXIT_WRONG_PIN = 6
EXIT_PIN_REFUSED = 7
EXIT_NOT_VERIFIED = 8
EXIT_BAD_FILE = 9
EXIT_PLATFORM = 10

_EXIT_CODES: list[tuple[type[Exception], int]] = [
    (ReaderError, EXIT_READER),
    (NoCardError, EXIT_NO_CARD),
    (CardRemovedError, EXIT_NO_CARD),
    (CardCommunicationError, EXIT_NO_CARD),
    (NotMyNumberCardError, EXIT_BAD_CARD),
    (CardResponseError, EXIT_BAD_CARD),
    (CardDataError, EXIT_BAD_CARD),
    (WrongPinError, EXIT_WRONG_PIN),
    (PinFormatError, EXIT_WRONG_PIN),
    (PinTriesTooFewError, EXIT_PIN_REFUSED),
    (PinBlockedError, EXIT_PIN_REFUSED),
    (VerificationError, EXIT_NOT_VERIFIED),
    (ProfileError, EXIT_BAD_FILE),
]

TRUST_ANCHOR_FILE = "trust-anchor.pem"
CA_KEY_FILE = "ca-key.pem"
SIGN_TRUST_ANCHOR_FILE = "sign-trust-anchor.pem"
SIGN_CA_KEY_FILE = "sign-ca-key.pem"


class AnswerRefused(Exception):
    """The card's answer to a sign-in challenge was not taken: ``error`` for ``--json``."""

    def __init__(
        self, error: str, message: str, extra: dict[str, Any], params: Mapping[str, object]
    ) -> None:
        super().__init__(message.format(**params))
        self.error, self.message, self.extra, self.params = error, message, extra, params


# Posts the card's answer to the platform the challenge names (``ca``: a CA file for its TLS);
# raises AnswerRefused. The platform is sync's to reach (sync/card_cli.py), never cardio's.
AnswerPoster = Callable[[SignInChallenge, SignedNonce, Path | None], None]


def main(argv: Sequence[str] | None = None, post_answer: AnswerPoster | None = None) -> int:
    """Run the command line; returns the exit code.

    ``post_answer`` sends ``sign``'s answer; without it ``sign`` refuses before the PIN.
    """
    args = _parser().parse_args(argv)
    set_language(language_from_environment() or SOURCE_LANGUAGE)
    args.post_answer = post_answer
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except CardError as exc:
        return _fail(args, exc.code, exc.message_id, _exit_code(exc), _extra(exc), exc.params)
    except ProfileError as exc:
        return _fail(args, "bad_profile", str(exc), EXIT_BAD_FILE, {})
    except (OSError, ValueError) as exc:
        return _fail(args, "bad_file", str(exc), EXIT_BAD_FILE, {})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kazasu-card", description="My Number Card tools for Kazasu kiosks."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    readers = commands.add_parser("readers", help="list card readers and whether a card is on")
    readers.add_argument("--json", action="store_true", help="print JSON")
    readers.set_defaults(handler=_readers)

    make = commands.add_parser("make-test-card", help="write a test CA, card profile, anchor")
    make.add_argument("--out", type=Path, required=True, help="folder to write into")
    make.add_argument("--card", default="card.json", help="profile file name (card.json)")
    make.add_argument("--key-type", choices=("rsa", "ec"), default="rsa")
    make.add_argument("--pin", default="1234", help="both PINs of the card (1234)")
    make.add_argument(
        "--sign-password",
        type=_sign_password,
        default=DEFAULT_SIGN_PASSWORD,
        help=f"signing password, 6-16 of A-Z and 0-9 ({DEFAULT_SIGN_PASSWORD})",
    )
    make.add_argument("--name", default="試験 太郎")
    make.add_argument("--address", default="東京都千代田区霞が関二丁目1番2号")
    make.add_argument("--birth-date", default="19850401", help="YYYYMMDD")
    make.add_argument("--sex", default="1", choices=("1", "2", "9"), help="ISO 5218 code")
    make.add_argument("--expired", action="store_true", help="issue expired certificates")
    make.set_defaults(handler=_make_test_card)

    emulate = commands.add_parser("emulate", help="put a virtual card on the vpcd reader")
    emulate.add_argument("profile", type=Path)
    emulate.add_argument("--host", default="127.0.0.1")
    emulate.add_argument("--port", type=int, default=35963, help="vpcd port (35963)")
    emulate.add_argument("--delay-ms", type=float, default=0.0, help="slow every answer")
    emulate.add_argument("--truncate-to", type=int, help="cut answers to N data bytes")
    emulate.add_argument("--remove-after", type=int, help="leave after N commands")
    emulate.add_argument(
        "--status",
        action="append",
        default=[],
        metavar="INS=SW",
        help="answer instruction INS with status SW, both hex (e.g. B0=6A82)",
    )
    emulate.set_defaults(handler=_emulate)

    for name, handler, text in (
        ("identify", _identify, "identify the card on the reader (no PIN)"),
        ("verify", _verify, "prove the holder: PIN, signature over a nonce, chain"),
        ("info", _info, "read the four basic items (PIN of the card-info application)"),
        (
            "signature-info",
            _signature_info,
            "read and verify the four basic items of the signing certificate (signing password)",
        ),
        ("sign", _sign_in, "answer a web sign-in challenge: PIN, signature, post to the platform"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--json", action="store_true", help="print JSON")
        source = sub.add_mutually_exclusive_group()
        source.add_argument("--reader", help="use the reader whose name contains this text")
        source.add_argument("--virtual", type=Path, metavar="PROFILE", help="in-process card")
        sub.add_argument("--wait", type=float, default=10.0, help="seconds to wait for a card (10)")
        if name == "sign":
            sub.add_argument(
                "challenge",
                help="the sign-in text the page shows (URL#nonce); '-' reads it from stdin",
            )
            sub.add_argument("--ca", type=Path, help="CA file to trust for the platform's TLS")
        if name in ("verify", "signature-info"):
            sub.add_argument(
                "--trust-anchor",
                type=Path,
                action="append",
                required=True,
                metavar="PEM",
                help=(
                    "CA certificate(s) to trust; repeat for several files"
                    if name == "verify"
                    else "signing CA certificate(s) to trust; repeat for several files"
                ),
            )
        sub.set_defaults(handler=handler)
    return parser


def _readers(args: argparse.Namespace) -> int:
    # Imported here so that --virtual works where the PC/SC library is missing.
    from cardio.pcsc import PcscContext, list_readers

    with PcscContext() as context:
        readers = list_readers(context)
    if args.json:
        rows = [
            {"name": r.name, "card_present": r.card_present, "atr": r.atr.hex()} for r in readers
        ]
        _print_json({"readers": rows})
    elif not readers:
        print(translate("No card reader is connected."))
    else:
        for r in readers:
            state = translate("card") if r.card_present else translate("empty")
            print(f"{r.name}\t{state}")
    return EXIT_OK


def _sign_password(text: str) -> str:
    if not SIGN_PASSWORD_PATTERN.fullmatch(text):
        raise argparse.ArgumentTypeError("the signing password is 6-16 of A-Z and 0-9")
    return text


def _make_test_card(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    ca = _load_or_make_ca(args.out, args.key_type, TRUST_ANCHOR_FILE, CA_KEY_FILE)
    sign_ca = _load_or_make_ca(
        args.out, args.key_type, SIGN_TRUST_ANCHOR_FILE, SIGN_CA_KEY_FILE, "signature"
    )
    holder = HolderItems(args.name, args.address, args.birth_date, args.sex)
    user = signer = None
    if args.expired:
        long_ago = datetime.now(UTC) - timedelta(days=6 * 365)
        user = issue_user_certificate(ca, args.key_type, not_before=long_ago)
        signer = issue_signing_certificate(sign_ca, holder, args.key_type, not_before=long_ago)
    certificates = issue_card_certificates(
        ca, holder, args.key_type, user=user, sign_ca=sign_ca, signer=signer
    )
    profile = card_profile(certificates, holder, args.card, args.sign_password)
    profile.auth_pin = profile.card_info_pin = args.pin
    card_path = args.out / args.card
    profile.save(card_path)
    print(f"card profile:       {card_path}")
    print(f"trust anchor:       {args.out / TRUST_ANCHOR_FILE}")
    print(f"CA key:             {args.out / CA_KEY_FILE} (test use only)")
    print(f"signing anchor:     {args.out / SIGN_TRUST_ANCHOR_FILE}")
    print(f"signing CA key:     {args.out / SIGN_CA_KEY_FILE} (test use only)")
    return EXIT_OK


def _load_or_make_ca(
    folder: Path,
    key_type: str,
    anchor_name: str,
    key_name: str,
    purpose: Purpose = "authentication",
) -> Issued:
    anchor, key_file = folder / anchor_name, folder / key_name
    if anchor.exists() and key_file.exists():
        key = serialization.load_pem_private_key(key_file.read_bytes(), None)
        if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
            raise ValueError(f"{key_file}: not an RSA or EC key")
        return Issued(x509.load_pem_x509_certificate(anchor.read_bytes()), key)
    ca = make_ca("ec" if key_type == "ec" else "rsa", purpose=purpose)
    anchor.write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
    key_file.touch(mode=0o600)
    key_file.write_bytes(
        ca.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca


def _emulate(args: argparse.Namespace) -> int:
    from cardio.virtualcard.vpcd import VpcdCard

    faults = Faults(
        delay_s=args.delay_ms / 1000,
        truncate_to=args.truncate_to,
        remove_after=args.remove_after,
        status_words=_parse_status_words(args.status),
    )
    card = VirtualMyNumberCard(CardProfile.load(args.profile), faults)
    vpcd = VpcdCard(card, args.host, args.port)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    vpcd.insert()
    print(
        translate(
            "Virtual card waiting for vpcd at {host}:{port}; Ctrl-C removes it.",
            {"host": args.host, "port": args.port},
        )
    )
    announced = False
    while not done.wait(0.2):
        if vpcd.connected.is_set() != announced:
            announced = vpcd.connected.is_set()
            if announced:
                print(translate("card on the reader"), flush=True)
            else:
                print(translate("card off the reader"), flush=True)
    vpcd.remove()
    return EXIT_OK


def _parse_status_words(items: list[str]) -> dict[int, int]:
    out: dict[int, int] = {}
    for item in items:
        ins, _, sw = item.partition("=")
        try:
            out[int(ins, 16)] = int(sw, 16)
        except ValueError as exc:
            raise ValueError(f"--status {item}: expected INS=SW in hex, e.g. B0=6A82") from exc
    return out


def _identify(args: argparse.Namespace) -> int:
    with _card(args) as (transport, reader):
        identity = identify(transport)
    body = {
        "card_key": identity.card_key,
        "serial_number": str(identity.serial_number),
        "serial_number_hex": f"{identity.serial_number:x}",
        "issuer": identity.issuer,
        "apdus": identity.apdus,
        "elapsed_ms": round(identity.elapsed_ms, 3),
        "reader": reader,
    }
    if args.json:
        _print_json(body)
    else:
        print(f"card key: {identity.card_key}")
        print(f"issuer:   {identity.issuer}")
        print(f"serial:   {identity.serial_number:x}")
        print(f"{identity.apdus} APDUs, {identity.elapsed_ms:.1f} ms")
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    anchors = TrustAnchors.from_pem_files(args.trust_anchor)
    pin = _read_pin()
    with _card(args) as (transport, reader):
        proof = prove_holder(transport, pin, anchors)
    body = {
        "proven": True,
        "card_key": proof.card_key,
        "serial_number_hex": f"{proof.serial_number:x}",
        "issuer": proof.issuer,
        "not_after": proof.not_after.isoformat(),
        "chain": list(proof.chain),
        "key_type": proof.key_type,
        "pin_tries_left": proof.pin_tries_left,
        "apdus": proof.apdus,
        "elapsed_ms": round(proof.elapsed_ms, 3),
        "reader": reader,
    }
    if args.json:
        _print_json(body)
    else:
        print(translate("Card holder proven. card key: {card_key}", {"card_key": proof.card_key}))
    return EXIT_OK


def _sign_in(args: argparse.Namespace) -> int:
    # Lines on standard input: the challenge first when given as '-', then the PIN.
    text = sys.stdin.readline().strip() if args.challenge == "-" else args.challenge.strip()
    challenge = parse_challenge(text)
    if challenge is None:
        return _fail(
            args,
            "bad_challenge",
            "This is not a sign-in text: copy the whole text the page shows (it ends in #…).",
            EXIT_USAGE,
            {},
        )
    post: AnswerPoster | None = args.post_answer
    if post is None:
        return _fail(
            args,
            "no_platform_client",
            "This program cannot reach a platform: run `kazasu-card sign` as installed.",
            EXIT_USAGE,
            {},
        )
    host = challenge.host
    if not args.json:
        print(translate("Signing in at {host}.", {"host": host}), file=sys.stderr)
    pin = _read_pin()
    with _card(args) as (transport, _reader):
        signed = sign_nonce(transport, pin, challenge.nonce)
    try:
        post(challenge, signed, args.ca)
    except AnswerRefused as refused:
        return _fail(
            args, refused.error, refused.message, EXIT_PLATFORM, refused.extra, refused.params
        )
    if args.json:
        _print_json({"ok": True, "platform": host})
    else:
        print(translate("The card answered. Continue in the browser."))
    return EXIT_OK


def _info(args: argparse.Namespace) -> int:
    pin = _read_pin()
    with _card(args) as (transport, _reader):
        items = read_basic_items(transport, pin)
    if args.json:
        body = asdict(items)
        for key in ("name", "address", "birth_date"):
            body[key] = _text_json(getattr(items, key))
        _print_json(body)
    else:
        for key in ("name", "address", "birth_date"):
            text: CardText | None = getattr(items, key)
            print(f"{key}: {text.text if text else '-'}")
        print(f"sex: {items.sex or '-'}")
    return EXIT_OK


def _signature_info(args: argparse.Namespace) -> int:
    anchors = TrustAnchors.from_pem_files(args.trust_anchor)
    password = _read_secret("Signature password (6-16 letters and digits): ")
    with _card(args) as (transport, reader):
        result = read_signature_items(transport, password, anchors)
    items = result.items
    if args.json:
        body: dict[str, Any] = {"verified": True}
        for key in ("name", "name_substitute", "address", "address_substitute", "birth_date"):
            body[key] = _text_json(getattr(items, key))
        body |= {
            "birth_date_iso": items.birth_date_iso,
            "birth_era": items.birth_era,
            "sex": items.sex,
            "sex_code": items.sex_code,
            "serial_number_hex": f"{result.serial_number:x}",
            "issuer": result.issuer,
            "not_after": result.not_after.isoformat(),
            "chain": list(result.chain),
            "key_type": result.key_type,
            "password_tries_left": result.password_tries_left,
            "apdus": result.apdus,
            "elapsed_ms": round(result.elapsed_ms, 3),
            "reader": reader,
        }
        _print_json(body)
    else:
        print(translate("Signing certificate verified."))
        print(translate("name: {name}", {"name": items.name.text}))
        print(translate("address: {address}", {"address": items.address.text}))
        born = items.birth_date_iso
        birth = people_date(date.fromisoformat(born), current_language()) if born else None
        print(translate("birth date: {date}", {"date": birth or items.birth_date.text}))
        print(translate("sex: {sex}", {"sex": items.sex}))
    return EXIT_OK


def _text_json(text: CardText | None) -> dict[str, Any] | None:
    if text is None:
        return None
    return {"text": text.text, "exact": text.exact, "raw_hex": text.raw.hex()}


@contextmanager
def _card(args: argparse.Namespace) -> Iterator[tuple[CardTransport, str]]:
    if args.virtual is not None:
        card = VirtualMyNumberCard(CardProfile.load(args.virtual))
        with InProcessTransport(card) as transport:
            yield transport, "virtual"
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
            yield transport, reader


def _read_pin() -> str:
    return _read_secret("PIN (4 digits): ")


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def _exit_code(exc: Exception) -> int:
    return next((code for kind, code in _EXIT_CODES if isinstance(exc, kind)), EXIT_INTERNAL)


def _extra(exc: CardError) -> dict[str, Any]:
    tries = getattr(exc, "tries_left", None)
    if isinstance(exc, PinBlockedError):
        tries = 0
    return {"pin_tries_left": tries} if tries is not None else {}


def _fail(
    args: argparse.Namespace,
    code: str,
    message: str,
    exit_code: int,
    extra: dict[str, Any],
    params: Mapping[str, object] | None = None,
) -> int:
    """Report a failure: JSON keeps its English ``message`` (machine output is stable), the
    text on standard error is in the command line's language."""
    if getattr(args, "json", False):
        english = message.format(**params) if params else message
        body: dict[str, Any] = {"ok": False, "error": code, "message": english, **extra}
        if args.handler is _verify:
            body["proven"] = False
        if args.handler is _signature_info:
            body["verified"] = False
        _print_json(body)
    else:
        print(f"kazasu-card: {translate(message, params)}", file=sys.stderr)
    return exit_code


def _print_json(body: dict[str, Any]) -> None:
    print(json.dumps(body, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    raise SystemExit(main())
