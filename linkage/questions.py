"""The administrator's additional questions on the shelter forms, defined per municipality.

A question reaches the kiosks of the municipality's shelters through the feed (entity
``question``, scope key ``municipality:<id>``). Questions are retired, never deleted: answers
already given keep their meaning. A question's subject and kind are fixed once defined, since
answers already given were checked against them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import Connection, insert, select, update

from linkage.canonical import now_ms
from linkage.feed import Change
from linkage.municipalities import require_municipality
from linkage.problems import Problem
from linkage.tables import questions, shelters

MUNICIPALITY_PREFIX = "municipality:"
APPLIES_TO = ("person", "household")
KINDS = ("text", "yesno", "number", "choice")
# As the kiosk's own question ids (kiosk/questions.py): answers travel as fields "q:<id>".
QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def municipality_key(municipality_id: str) -> str:
    """The feed scope key of a municipality's questions."""
    return MUNICIPALITY_PREFIX + municipality_id


def upsert_question(
    conn: Connection, municipality_id: str, question_id: str, definition: dict[str, Any]
) -> list[Change]:
    """Define a question or change its labels, choices or whether it is active.

    ``definition`` holds ``applies_to``, ``kind``, ``label_ja``, ``label_en``, ``choices`` and
    ``active``. Returns the feed change for the municipality's kiosks.
    """
    require_municipality(conn, municipality_id)
    _check(question_id, definition)
    values = {
        "applies_to": definition["applies_to"],
        "kind": definition["kind"],
        "label_ja": definition["label_ja"],
        "label_en": definition["label_en"],
        "choices": json.dumps(list(definition["choices"]), ensure_ascii=False),
        "active": bool(definition["active"]),
        "updated_at_ms": now_ms(),
    }
    key = (questions.c.municipality_id == municipality_id) & (
        questions.c.question_id == question_id
    )
    existing = conn.execute(select(questions).where(key)).first()
    before = None if existing is None else question_payload(existing)
    if existing is None:
        conn.execute(
            insert(questions).values(
                municipality_id=municipality_id, question_id=question_id, **values
            )
        )
    elif (existing.applies_to, existing.kind) != (values["applies_to"], values["kind"]):
        raise Problem(
            409,
            "question-kind-fixed",
            "A question's subject and kind cannot change",
            f"{question_id} is a {existing.kind} question about a {existing.applies_to}; "
            "answers were checked against that. Define a new question instead.",
        )
    else:
        conn.execute(update(questions).where(key).values(**values))
    row = conn.execute(select(questions).where(key)).one()
    if question_payload(row) == before:
        return []  # a repeated PUT adds nothing to the feed
    return [
        Change(
            municipality_key(municipality_id),
            "question",
            question_id,
            "upsert",
            question_payload(row),
            None,
        )
    ]


def list_questions(conn: Connection, municipality_id: str) -> list[dict[str, Any]]:
    """Every question of a municipality (retired ones too), by id."""
    require_municipality(conn, municipality_id, status=404)
    rows = conn.execute(
        select(questions)
        .where(questions.c.municipality_id == municipality_id)
        .order_by(questions.c.question_id)
    )
    return [question_payload(r) for r in rows]


def question_payload(row: Any) -> dict[str, Any]:
    """A question's definition as the feed, the snapshot and the admin API carry it."""
    return {
        "question_id": row.question_id,
        "municipality_id": row.municipality_id,
        "applies_to": row.applies_to,
        "kind": row.kind,
        "label_ja": row.label_ja,
        "label_en": row.label_en,
        "choices": json.loads(row.choices),
        "active": bool(row.active),
    }


def municipalities_of(conn: Connection, shelter_ids: list[str]) -> list[str]:
    """The municipalities of these shelters, by id."""
    if not shelter_ids:
        return []
    rows = conn.execute(
        select(shelters.c.municipality_id)
        .where(shelters.c.shelter_id.in_(shelter_ids))
        .distinct()
        .order_by(shelters.c.municipality_id)
    )
    return [r.municipality_id for r in rows]


def feed_keys(
    conn: Connection, shelter_keys: frozenset[str], shelter_ids: list[str]
) -> frozenset[str]:
    """The scope keys a shelter kiosk reads: its shelters' and their municipalities' questions."""
    return shelter_keys | {municipality_key(m) for m in municipalities_of(conn, shelter_ids)}


def _check(question_id: str, d: dict[str, Any]) -> None:
    problems = []
    if not QUESTION_ID.match(question_id):
        problems.append("a question id is 2-40 lowercase letters, digits or _, a letter first")
    if d["applies_to"] not in APPLIES_TO:
        problems.append(f"applies_to is one of {', '.join(APPLIES_TO)}")
    if d["kind"] not in KINDS:
        problems.append(f"kind is one of {', '.join(KINDS)}")
    if d["kind"] == "choice" and not d["choices"]:
        problems.append("a choice question needs its choices")
    if d["kind"] != "choice" and d["choices"]:
        problems.append("only a choice question has choices")
    if len(set(d["choices"])) != len(d["choices"]):
        problems.append("choices must differ from each other")
    if problems:
        raise Problem(422, "invalid-question", "Invalid question", "; ".join(problems))
