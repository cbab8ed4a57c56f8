"""The municipality and shelter commands of ``kazasu-platform``: municipalities, their shelters
and open-data lists, polling sites, the shelter forms' questions, the city card formats."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Engine

from linkage import city_cards, municipalities, places, questions, shelter_opendata, unit
from linkage.api.models import Municipality, QuestionBody, ShelterBody
from linkage.cli_output import print_json
from linkage.csvimport import csv_file_lines
from linkage.problems import Problem
from linkage.scope import EntityId

EntityIdAdapter: TypeAdapter[str] = TypeAdapter(EntityId)
COMMANDS = frozenset(
    {
        "municipality",
        "municipalities",
        "shelter",
        "shelter-status",
        "question",
        "questions",
        "city-card-format",
        "city-card-formats",
        "polling-site",
        "import-shelters",
        "export-shelters",
    }
)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the municipality and shelter subcommands to the CLI's subparsers."""
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

    site = sub.add_parser("polling-site", help="create or rename a polling site")
    site.add_argument("site_id")
    site.add_argument("--election", required=True)
    site.add_argument("--election-name", default=None)
    site.add_argument("--name", required=True)

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


def run(args: argparse.Namespace, engine: Engine) -> bool:
    """Run a municipality or shelter command; False when the command is not one of them."""
    cmd = args.command
    if cmd not in COMMANDS:
        return False
    if cmd == "municipality":
        town = _municipality(args)
        unit.run(
            engine,
            lambda c: municipalities.upsert_municipality(c, town.municipality_id, town.name),
        )
    elif cmd == "municipalities":
        print_json(unit.read(engine, municipalities.list_municipalities))
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
        print_json(unit.read(engine, lambda c: questions.list_questions(c, args.municipality_id)))
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
        print_json(unit.read(engine, lambda c: city_cards.get_format(c, args.municipality_id)))
    elif cmd == "city-card-formats":
        print_json(unit.read(engine, lambda c: city_cards.get_format(c, args.municipality_id)))
    elif cmd == "polling-site":
        unit.run(
            engine,
            lambda c: places.upsert_polling_site(
                c, args.site_id, args.election, args.election_name, args.name
            ),
        )
    elif cmd == "import-shelters":
        with csv_file_lines(args.csv) as lines:
            listed = lines.read()  # an open-data list is a few thousand sites at most
        print_json(
            unit.write(
                engine, lambda c: shelter_opendata.import_shelters(c, args.municipality, listed)
            )
        )
    elif cmd == "export-shelters":
        sys.stdout.buffer.write(
            unit.read(engine, lambda c: shelter_opendata.export_shelters(c, args.municipality))
        )
    return True


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
