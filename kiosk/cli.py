"""``kazasu-kiosk``: the kiosk's services from the command line, for operators and tests.

Results are printed as JSON on standard output; errors as one line on standard error.
Exit codes: 0 done, 1 refused or invalid (nothing changed), 2 bad usage, 3 store or key problem.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import sqlcipher3
from cryptography import x509

from kiosk import audit, backup, outbox, selftest
from kiosk.app import Kiosk
from kiosk.duplicates import Candidate, PossibleDuplicate
from kiosk.errors import InvalidInput, KioskError, NotFound, Refused, StoreError, StoreKeyError
from kiosk.furigana import suggest_furigana
from kiosk.i18n import SOURCE_LANGUAGE, language_from_environment, set_language, translate
from kiosk.keys import passphrase_from_env
from kiosk.model import Household, Person, Shelter, ShelterStatus, Staying
from kiosk.paths import add_data_argument
from kiosk.questions import Question
from kiosk.roster_csv import import_csv
from kiosk.settings import save_trust_anchors_pem
from kiosk.staff import Role, StaffMember
from kiosk.store import Store, damaged, is_damage

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_STORE = 3
COMMANDS_GROUP = "kazasu.kiosk.commands"


def _prompt_passphrase(confirm: bool = False) -> str | None:
    secret = passphrase_from_env()
    if secret is not None or not sys.stdin.isatty():
        return secret
    first = getpass.getpass("Administrator passphrase / 管理者パスフレーズ: ")
    if confirm and getpass.getpass("Again / もう一度: ") != first:
        raise InvalidInput("the two passphrases differ")
    return first


def _emit(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


class CommandFailed(KioskError):
    """A command added by another part failed; ``code`` is the exit code it documents."""

    def __init__(self, code: int, message: str, /, **params: object) -> None:
        super().__init__(message, **params)
        self.code = code


def open_kiosk(args: argparse.Namespace) -> Kiosk:
    """The kiosk of the data folder named on the command line (for commands of other parts)."""
    return Kiosk.over(Store.open(args.data, _prompt_passphrase))


def cmd_init(args: argparse.Namespace) -> None:
    secret = _prompt_passphrase(confirm=True)
    if secret is None:
        raise InvalidInput("set KAZASU_PASSPHRASE or run from a terminal to enter a passphrase")
    with Store.create(args.data, secret) as store:
        _emit({"data": str(args.data), "device_id": store.device_id})


def cmd_shelter_add(args: argparse.Namespace) -> None:
    kiosk = open_kiosk(args)
    shelter = Shelter(
        args.id, args.name, args.kind, args.capacity, ShelterStatus.OPEN, args.lat, args.lon
    )
    _emit(kiosk.shelters.add(args.actor, shelter).__dict__)


def cmd_shelter_list(args: argparse.Namespace) -> None:
    _emit([s.__dict__ for s in open_kiosk(args).shelters.all()])


def cmd_shelter_status(args: argparse.Namespace) -> None:
    status = ShelterStatus.OPEN if args.command == "open" else ShelterStatus.CLOSED
    _emit(open_kiosk(args).shelters.set_status(args.actor, args.id, status).__dict__)


def cmd_map_shelter(args: argparse.Namespace) -> None:
    kiosk = open_kiosk(args)
    events = kiosk.shelters.map_to(args.actor, args.local, args.to)
    _emit({"local": args.local, "platform": args.to, "events_readdressed": events})


def cmd_unmapped_shelters(args: argparse.Namespace) -> None:
    kiosk = open_kiosk(args)
    _emit(
        {
            "unmapped": [s.__dict__ for s in kiosk.shelters.unmapped()],
            "platform": [s.__dict__ for s in kiosk.shelters.platform_shelters()],
        }
    )


def cmd_household_add(args: argparse.Namespace) -> None:
    household = Household("", shelter_id=args.shelter, staying=Staying(args.staying))
    _emit(open_kiosk(args).people.register_household(args.actor, household).to_dict())


def _furigana_needed(name: str) -> InvalidInput:
    # A suggestion is never stored unchecked: the operator confirms it by passing it back.
    reading = suggest_furigana(name)
    if reading is None:
        return InvalidInput("--furigana is required: no reading to suggest for this name")
    return InvalidInput(
        "--furigana is required; suggested reading (check it): {reading}", reading=reading
    )


def cmd_person_add(args: argparse.Namespace) -> None:
    if not (args.furigana or "").strip():
        raise _furigana_needed(args.name)
    kiosk = open_kiosk(args)
    fields: dict[str, Any] = {
        "person_id": args.person_id or "",
        "name": args.name,
        "furigana": args.furigana,
        "sex": args.sex,
        "birth_date": args.birth_date,
        "household_id": args.household,
        "address": args.address,
        "consent_relatives": args.consent_relatives,
        "consent_publish": args.consent_publish,
        "consent_publish_shelter": args.consent_publish_shelter,
    }
    # A walk-in (no platform id) is first compared with everyone held here.
    ruled_out = None if args.person_id else args.not_duplicate_of
    try:
        # The card is linked in the registration's transaction: refused, nothing is stored.
        person = kiosk.people.register(
            args.actor,
            Person.from_dict(fields),
            "walk_in",
            ruled_out,
            args.card_key or None,
            args.check_in,
        )
    except PossibleDuplicate as exc:
        _emit({"possible_duplicates": [_candidate_row(c) for c in exc.candidates]})
        raise
    _emit(person.to_dict())


def _candidate_row(candidate: Candidate) -> dict[str, Any]:
    p = candidate.person
    return {
        "person_id": p.person_id,
        "name": p.name,
        "furigana": p.furigana,
        "birth_date": p.birth_date,
        "household": candidate.household,
        "shelter_id": candidate.shelter_id,
        "shelter": candidate.shelter_name,
        "dv_protected": p.dv_protected,
    }


def cmd_person_show(args: argparse.Namespace) -> None:
    kiosk = open_kiosk(args)
    person = kiosk.people.find(args.id)
    if person is None:
        raise NotFound("no person for {id}", id=args.id)
    where = kiosk.presence.where(person.person_id)
    _emit({"person": person.to_dict(), "presence": where.__dict__ if where else None})


def cmd_search(args: argparse.Namespace) -> None:
    _emit([p.to_dict() for p in open_kiosk(args).people.search(args.query, args.limit)])


def _person_for(kiosk: Kiosk, identifier: str) -> str:
    person = kiosk.people.find(identifier)
    if person is None:
        raise NotFound(
            "no person for {identifier}: please register at the staff desk", identifier=identifier
        )
    return person.person_id


def cmd_checkin(args: argparse.Namespace) -> None:
    kiosk = open_kiosk(args)
    result = kiosk.presence.check_in(args.actor, _person_for(kiosk, args.id), args.shelter)
    _emit(result.__dict__)


def cmd_checkout(args: argparse.Namespace) -> None:
    kiosk = open_kiosk(args)
    person_id = _person_for(kiosk, args.id)
    _emit(kiosk.presence.check_out(args.actor, person_id, args.shelter, args.reason).__dict__)


def cmd_link_city_card(args: argparse.Namespace) -> None:
    """Link a city card (its QR text) to a person whose My Number Card was linked here."""
    kiosk = open_kiosk(args)
    _emit(kiosk.citycards.link(args.actor, args.person, args.code).__dict__)


def cmd_move(args: argparse.Namespace) -> None:
    kiosk = open_kiosk(args)
    _emit(kiosk.presence.move(args.actor, _person_for(kiosk, args.id), args.to).__dict__)


def cmd_roster(args: argparse.Namespace) -> None:
    kiosk = open_kiosk(args)
    rows = []
    for presence in kiosk.presence.present(args.shelter):
        person = kiosk.people.get(presence.person_id)
        rows.append(
            {
                "person_id": person.person_id,
                "name": person.name,
                "furigana": person.furigana,
                "household_id": person.household_id,
                "since": presence.since,
                "needs_care": person.needs_care(),
            }
        )
    _emit({"shelter_id": args.shelter, "present": len(rows), "people": rows})


def cmd_print_roster(args: argparse.Namespace) -> None:
    doc = open_kiosk(args).roster_printout(args.shelter, args.actor)
    # The drawing needs Qt, which kiosk/ does not import: the screens' renderer runs in a
    # child process, offscreen, with the document on its standard input.
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "ui.printing", "roster", "--pdf", str(args.pdf)],
        input=doc.to_json(),
        text=True,
        capture_output=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise InvalidInput("cannot write {pdf}: {last}", pdf=args.pdf, last=last)
    _emit({"file": str(args.pdf), "pages": len(doc.pages), "people": doc.people})


def cmd_counts(args: argparse.Namespace) -> None:
    day = date.fromisoformat(args.date) if args.date else None
    counts = open_kiosk(args).counts.for_shelter(args.shelter, day)
    _emit(counts.__dict__ | {"occupancy": round(counts.occupancy, 3)})


def cmd_export(args: argparse.Namespace) -> None:
    rows = open_kiosk(args).export_roster_csv(args.shelter, args.out, args.actor)
    _emit({"file": str(args.out), "rows": rows})


def cmd_import(args: argparse.Namespace) -> None:
    report = import_csv(open_kiosk(args).store, args.file, args.shelter, args.actor)
    _emit(
        {
            "imported": report.ok,
            "persons": report.persons,
            "households": report.households,
            "errors": [e.__dict__ for e in report.errors],
        }
    )
    if not report.ok:
        first = report.errors[0]
        raise Refused(
            "import_failed",
            "{count} problem(s), the first at {first}; nothing was imported",
            count=len(report.errors),
            first=first,
        )


def cmd_question_add(args: argparse.Namespace) -> None:
    question = Question(
        args.id, args.applies_to, args.kind, args.label_ja, args.label_en, tuple(args.choice)
    )
    _emit(open_kiosk(args).questions.add(args.actor, question).__dict__)


def cmd_audit_verify(args: argparse.Namespace) -> None:
    kiosk = open_kiosk(args)
    # Opening ran the quick check; here every page is read and its HMAC checked.
    problems = kiosk.store.integrity_problems()
    if problems:
        raise damaged(kiosk.store.folder / "kiosk.db", f"fails its check ({problems[0]})")
    with kiosk.store.reading() as conn:
        report = audit.verify(conn)
        events = outbox.verify(conn)
    _emit(report.__dict__ | {"outbox_events": events})
    if not report.ok:
        raise Refused(
            "audit_broken",
            "the audit log was altered at entry {first_bad}",
            first_bad=report.first_bad,
        )


def cmd_audit_show(args: argparse.Namespace) -> None:
    with open_kiosk(args).store.reading() as conn:
        _emit([e.__dict__ for e in audit.entries(conn, args.limit)])


def cmd_outbox(args: argparse.Namespace) -> None:
    with open_kiosk(args).store.reading() as conn:
        _emit({"waiting": outbox.waiting(conn), "device_id": outbox.device_of(conn)})


def cmd_rekey(args: argparse.Namespace) -> None:
    kiosk = open_kiosk(args)
    new = os.environ.get("KAZASU_NEW_PASSPHRASE")
    if new is None and sys.stdin.isatty():
        new = getpass.getpass("New administrator passphrase / 新しいパスフレーズ: ")
    if not new:
        raise InvalidInput("set KAZASU_NEW_PASSPHRASE or run from a terminal")
    kiosk.store.rekey(new)
    with kiosk.store.transaction() as tx:
        tx.audit(args.actor, "store.rekey", str(args.data))
    _emit({"rekeyed": True})


def cmd_backup(args: argparse.Namespace) -> None:
    kiosk = open_kiosk(args)
    settings = kiosk.settings.load()
    if args.if_due and not backup.backup_due(kiosk.store, settings.backup_interval_min):
        _emit({"backup": None, "due": False})
        return
    folder = args.folder or (Path(settings.backup_folder) if settings.backup_folder else None)
    if folder is None:
        raise InvalidInput("name a backup folder, or set one in the kiosk's settings")
    keep = args.keep or settings.backup_keep
    _emit({"backup": str(backup.write_backup(kiosk.store, folder, keep, args.actor))})


def cmd_restore(args: argparse.Namespace) -> None:
    store = backup.restore_backup(
        args.data, args.file, _prompt_passphrase, args.actor, over_healthy=args.i_understand
    )
    with store:
        _emit({"restored": str(args.file), "device_id": store.device_id})


def cmd_reinit(args: argparse.Namespace) -> None:
    if not args.i_understand:
        raise InvalidInput(
            "reinit makes a new, empty store with a new device id (the data and the enrolment "
            "are set aside): add --i-understand"
        )
    secret = _prompt_passphrase(confirm=True)
    if secret is None:
        raise InvalidInput("set KAZASU_PASSPHRASE or run from a terminal to enter a passphrase")
    with backup.reinit(args.data, secret, args.actor) as store:
        _emit({"data": str(args.data), "device_id": store.device_id})


def cmd_staff_add(args: argparse.Namespace) -> None:
    code = None
    if args.with_code:
        code = os.environ.get("KAZASU_STAFF_CODE")
        if code is None and sys.stdin.isatty():
            code = getpass.getpass("Staff code / 職員コード: ")
        if not code:
            raise InvalidInput("set KAZASU_STAFF_CODE or run from a terminal to enter the code")
    staff = open_kiosk(args).staff
    member = staff.add(args.actor, args.id, args.name, Role(args.role), args.card_key, code)
    _emit(_staff_row(member))


def cmd_staff_list(args: argparse.Namespace) -> None:
    _emit([_staff_row(m) for m in open_kiosk(args).staff.members()])


def _staff_row(member: StaffMember) -> dict[str, Any]:
    # The code's salt and hash stay in the store.
    return {
        "staff_id": member.staff_id,
        "name": member.name,
        "role": member.role.value,
        "card": member.card_key is not None,
        "code": member.code_hash is not None,
        "active": member.active,
    }


def cmd_trust_anchors(args: argparse.Namespace) -> None:
    try:
        pem = b"".join(path.read_bytes() for path in args.pem)
    except OSError as exc:
        raise InvalidInput(
            "cannot read {filename}: {strerror}", filename=exc.filename, strerror=exc.strerror
        ) from exc
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise InvalidInput("not PEM certificates: {exc}", exc=exc) from exc
    save_trust_anchors_pem(open_kiosk(args).store, args.actor, pem)
    _emit(
        [
            {"subject": c.subject.rfc4514_string(), "not_after": c.not_valid_after_utc}
            for c in certificates
        ]
    )


def cmd_self_test(args: argparse.Namespace) -> None:
    checks = selftest.run(args.data, _prompt_passphrase)
    _emit([c.__dict__ for c in checks])
    failed = [f"{c.name}: {c.detail}" for c in checks if not c.ok]
    if failed:
        problems = "; ".join(failed)
        raise Refused("self_test_failed", problems)


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser."""
    parser = argparse.ArgumentParser(prog="kazasu-kiosk", description=__doc__)
    add_data_argument(parser)
    parser.add_argument(
        "--actor",
        default=os.environ.get("KAZASU_ACTOR", f"cli:{getpass.getuser()}"),
        help="who is acting, for the audit log (default: $KAZASU_ACTOR or cli:<user>)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, handler: Callable[[argparse.Namespace], None], **kw: Any) -> Any:
        p = sub.add_parser(name, **kw)
        p.set_defaults(handler=handler)
        return p

    add("init", cmd_init, help="create a data folder with a new encrypted store")
    p = add("shelter-add", cmd_shelter_add, help="add a shelter")
    p.add_argument("id")
    p.add_argument("name")
    p.add_argument("--capacity", type=int, default=0)
    p.add_argument("--kind", default="designated")
    p.add_argument("--lat", type=float)
    p.add_argument("--lon", type=float)
    add("shelters", cmd_shelter_list, help="list shelters")
    for name in ("open", "close"):
        add(name, cmd_shelter_status, help=f"{name} a shelter").add_argument("id")
    p = add(
        "map-shelter",
        cmd_map_shelter,
        help="make a local shelter (defined before enrolment) one of the platform's shelters",
    )
    p.add_argument("local", help="the local shelter's id")
    p.add_argument("--to", required=True, help="the platform shelter's id")
    add(
        "unmapped-shelters",
        cmd_unmapped_shelters,
        help="local shelters waiting to be mapped, and the platform shelters to map them onto",
    )
    p = add("household-add", cmd_household_add, help="add a household")
    p.add_argument("--shelter")
    p.add_argument("--staying", default="shelter", choices=[s.value for s in Staying])
    p = add("register", cmd_person_add, help="register a person (a walk-in without --person-id)")
    p.add_argument("--name", required=True)
    p.add_argument("--furigana", help="the name's reading; left out, a suggestion is printed")
    p.add_argument("--sex", default="0", choices=["0", "1", "2", "9"])
    p.add_argument("--birth-date")
    p.add_argument("--household")
    p.add_argument("--address", default="")
    p.add_argument("--person-id")
    p.add_argument("--card-key", help="link a card key (jpki:…) or city ID (city:…)")
    p.add_argument("--check-in", metavar="SHELTER", help="check the person in there at once")
    p.add_argument("--consent-relatives", action="store_true")
    p.add_argument("--consent-publish", action="store_true")
    p.add_argument("--consent-publish-shelter", action="store_true")
    p.add_argument(
        "--not-duplicate-of",
        nargs="+",
        default=[],
        metavar="ID",
        help="people a possible-duplicate refusal named that this is not (audited)",
    )
    add("show", cmd_person_show, help="a person and their presence").add_argument("id")
    p = add("search", cmd_search, help="search by name or furigana")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    for name, handler in (("checkin", cmd_checkin), ("checkout", cmd_checkout)):
        p = add(name, handler, help=f"{name} a person (id, card key or city ID)")
        p.add_argument("id")
        p.add_argument("--shelter", required=True)
        if name == "checkout":
            p.add_argument("--reason", default="")
    p = add(
        "link-city-card",
        cmd_link_city_card,
        help="link a city card to a person whose My Number Card was linked at this counter",
    )
    p.add_argument("--person", required=True)
    p.add_argument("--code", required=True, help="the text of the city card's QR code")
    p = add("move", cmd_move, help="move a present person to another shelter")
    p.add_argument("id")
    p.add_argument("--to", required=True)
    add("roster", cmd_roster, help="who is present, as JSON").add_argument(
        "--shelter", required=True
    )
    p = add("print-roster", cmd_print_roster, help="print the 避難者名簿 (roster) to a PDF file")
    p.add_argument("--shelter", required=True)
    p.add_argument("--pdf", type=Path, required=True)
    p = add("counts", cmd_counts, help="the figures a shelter reports")
    p.add_argument("--shelter", required=True)
    p.add_argument("--date", help="local date for day and night counts (default today)")
    p = add("export-csv", cmd_export, help="export the roster (UTF-8 with BOM)")
    p.add_argument("out", type=Path)
    p.add_argument("--shelter", required=True)
    p = add("import-csv", cmd_import, help="import a resident list (all rows or none)")
    p.add_argument("file", type=Path)
    p.add_argument("--shelter", required=True)
    p = add("question-add", cmd_question_add, help="add a question to the forms")
    p.add_argument("id")
    p.add_argument("--applies-to", choices=["person", "household"], default="person")
    p.add_argument("--kind", choices=["text", "yesno", "number", "choice"], default="text")
    p.add_argument("--label-ja", required=True)
    p.add_argument("--label-en", required=True)
    p.add_argument("--choice", action="append", default=[])
    add("audit-verify", cmd_audit_verify, help="check the audit log and outbox hash chains")
    p = add("audit", cmd_audit_show, help="the newest audit entries")
    p.add_argument("--limit", type=int, default=50)
    add("outbox", cmd_outbox, help="events waiting to be synced")
    add("rekey", cmd_rekey, help="re-encrypt the store under a new key and passphrase")
    p = add("backup", cmd_backup, help="write an encrypted backup (default: the set folder)")
    p.add_argument("folder", type=Path, nargs="?")
    p.add_argument("--keep", type=int, help="backups of this kiosk to keep there")
    p.add_argument("--if-due", action="store_true", help="only when the schedule says so")
    p = add("restore", cmd_restore, help="bring back a backup (the replaced files are kept)")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--i-understand", action="store_true", help="also over a store that is not damaged"
    )
    p = add("reinit", cmd_reinit, help="start over with a new, empty store (files kept aside)")
    p.add_argument("--i-understand", action="store_true")
    p = add("staff-add", cmd_staff_add, help="add a staff account (the first administrator)")
    p.add_argument("id")
    p.add_argument("name")
    p.add_argument("--role", choices=[r.value for r in Role], default=Role.STAFF.value)
    p.add_argument("--card-key", help="the staff member's card key (jpki:…)")
    p.add_argument(
        "--with-code",
        action="store_true",
        help="a sign-in code from $KAZASU_STAFF_CODE or a prompt",
    )
    add("staff", cmd_staff_list, help="staff accounts")
    p = add(
        "trust-anchors",
        cmd_trust_anchors,
        help="set the CA certificates (PEM) that staff and citizen card proofs must chain to",
    )
    p.add_argument("pem", type=Path, nargs="+")
    add("self-test", cmd_self_test, help="check Qt, the store, the card and the camera stacks")
    # Other parts (sync) add their commands through entry points, so kiosk/ imports none of them.
    for extension in entry_points(group=COMMANDS_GROUP):
        extension.load()(add)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = build_parser().parse_args(argv)
    set_language(language_from_environment() or SOURCE_LANGUAGE)
    try:
        args.handler(args)
    except (StoreKeyError, StoreError) as exc:
        _say_error(exc)
        return EXIT_STORE
    except sqlcipher3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        # Damage the quick check at opening could not see (a page it does not read).
        _say_error(damaged(args.data / "kiosk.db", f"failed ({exc})"))
        return EXIT_STORE
    except CommandFailed as exc:
        _say_error(exc)
        return exc.code
    except Refused as exc:
        # The reason is a stable code scripts match on: never translated.
        text = translate(
            "refused ({reason}): {message}", {"reason": exc.reason, "message": exc.text()}
        )
        print(text, file=sys.stderr)
        return EXIT_REFUSED
    except KioskError as exc:
        _say_error(exc)
        return EXIT_REFUSED
    return 0


def _say_error(error: KioskError) -> None:
    print(translate("error: {message}", {"message": error.text()}), file=sys.stderr)


if __name__ == "__main__":
    # Through the imported module: the commands other parts add raise kiosk.cli's
    # CommandFailed, which this module's own copy (named __main__) would not catch.
    from kiosk import cli

    raise SystemExit(cli.main())
