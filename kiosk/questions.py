"""Questions administrators add without a schema change, and the answers to them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from kiosk.errors import InvalidInput, NotFound
from kiosk.store import Store

KINDS = ("text", "yesno", "number", "choice")
_ID = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class Question:
    """An extra question on the person or household form."""

    question_id: str
    applies_to: str
    kind: str
    label_ja: str
    label_en: str
    choices: tuple[str, ...] = ()
    active: bool = True


class QuestionService:
    """Adds questions and keeps answers, checked against each question's kind."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, actor: str, question: Question) -> Question:
        """Add a question (administrators only; the caller checks the role)."""
        if not _ID.match(question.question_id):
            raise InvalidInput("a question id is 2-40 lowercase letters, digits or _")
        if question.applies_to not in ("person", "household"):
            raise InvalidInput("a question applies to a person or a household")
        if question.kind not in KINDS:
            raise InvalidInput(f"a question's kind is one of {', '.join(KINDS)}")
        if question.kind == "choice" and not question.choices:
            raise InvalidInput("a choice question needs its choices")
        if not question.label_ja.strip() or not question.label_en.strip():
            raise InvalidInput("a question needs a Japanese and an English label")
        with self.store.transaction() as tx:
            tx.conn.execute(
                "INSERT INTO questions (question_id, applies_to, kind, label_ja, label_en,"
                " choices, active) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    question.question_id,
                    question.applies_to,
                    question.kind,
                    question.label_ja,
                    question.label_en,
                    json.dumps(list(question.choices), ensure_ascii=False),
                    int(question.active),
                ),
            )
            tx.audit(actor, "question.add", question.question_id)
        return question

    def all(self, applies_to: str | None = None) -> list[Question]:
        """Active questions, optionally only those for persons or households."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT question_id, applies_to, kind, label_ja, label_en, choices, active"
                " FROM questions WHERE active = 1 AND (? IS NULL OR applies_to = ?)"
                " ORDER BY question_id",
                (applies_to, applies_to),
            ).fetchall()
        return [Question(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), True) for r in rows]

    def answer(self, actor: str, subject_id: str, question_id: str, value: Any) -> None:
        """Record an answer for a person or household; the value must suit the question."""
        question = next((q for q in self.all() if q.question_id == question_id), None)
        if question is None:
            raise NotFound(f"no question {question_id}")
        _check(question, value)
        table = "persons" if question.applies_to == "person" else "households"
        column = "person_id" if question.applies_to == "person" else "household_id"
        with self.store.transaction() as tx:
            exists = tx.conn.execute(f"SELECT 1 FROM {table} WHERE {column} = ?", (subject_id,))
            if exists.fetchone() is None:
                raise NotFound(f"no {question.applies_to} {subject_id}")
            tx.conn.execute(
                "INSERT OR REPLACE INTO answers (subject_id, question_id, value) VALUES (?, ?, ?)",
                (subject_id, question_id, json.dumps(value, ensure_ascii=False)),
            )
            tx.emit(
                f"{question.applies_to}.updated",
                {column: subject_id, "fields": {f"q:{question_id}": value}},
            )
            tx.audit(actor, "question.answer", subject_id, question=question_id)

    def answers(self, subject_id: str) -> dict[str, Any]:
        """Every answer recorded for a person or household."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT question_id, value FROM answers WHERE subject_id = ?", (subject_id,)
            ).fetchall()
        return {r[0]: json.loads(r[1]) for r in rows}


def _check(question: Question, value: Any) -> None:
    ok = {
        "text": isinstance(value, str),
        "yesno": isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "choice": value in question.choices,
    }[question.kind]
    if not ok:
        raise InvalidInput(f"{value!r} is not a valid answer to '{question.label_en}'")
