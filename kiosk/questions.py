"""Questions administrators add without a schema change, and the answers to them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from kiosk.errors import InvalidInput, NotFound
from kiosk.fields import check
from kiosk.sqlite import Connection
from kiosk.store import Store, Tx

KINDS = ("text", "yesno", "number", "choice")
APPLIES_TO = ("person", "household")
_SUBJECTS = {"person": ("persons", "person_id"), "household": ("households", "household_id")}
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
            raise InvalidInput("a question's kind is one of {kinds}", kinds=", ".join(KINDS))
        if question.kind == "choice" and not question.choices:
            raise InvalidInput("a choice question needs its choices")
        if not question.label_ja.strip() or not question.label_en.strip():
            raise InvalidInput("a question needs a Japanese and an English label")
        for label in (question.label_ja, question.label_en, *question.choices):
            check("label", label)
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

    def all(self, applies_to: str | None = None, inactive: bool = False) -> list[Question]:
        """Active questions (with ``inactive``, the retired ones too), optionally only those for
        persons or households."""
        with self.store.reading() as conn:
            rows = conn.execute(
                "SELECT question_id, applies_to, kind, label_ja, label_en, choices, active"
                " FROM questions WHERE (active = 1 OR ?) AND (? IS NULL OR applies_to = ?)"
                " ORDER BY question_id",
                (int(inactive), applies_to, applies_to),
            ).fetchall()
        return [
            Question(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), bool(r[6]))
            for r in rows
        ]

    def set_active(self, actor: str, question_id: str, active: bool) -> None:
        """Retire a question from the forms, or bring it back (administrators only).

        Questions are retired, never deleted: their answers stay readable and keep their meaning.
        """
        with self.store.transaction() as tx:
            found = tx.conn.execute(
                "UPDATE questions SET active = ? WHERE question_id = ?", (int(active), question_id)
            )
            if found.rowcount == 0:
                raise NotFound("no question {question_id}", question_id=question_id)
            tx.audit(actor, "question.enable" if active else "question.disable", question_id)

    def answer_all(
        self, actor: str, applies_to: str, subject_id: str, answers: dict[str, Any]
    ) -> list[str]:
        """Record a form's answers for one person or household in one transaction.

        ``None`` (or empty text) clears an answer. Every answer is checked before anything is
        written; only the answers that changed are written and sent. Returns their ids.
        """
        checked = check_answers(self.all(applies_to), answers)
        with self.store.transaction() as tx:
            changed = write_answers(tx, applies_to, subject_id, checked)
            if changed:
                tx.audit(actor, "question.answer", subject_id, questions=changed)
        return changed

    def answer(self, actor: str, subject_id: str, question_id: str, value: Any) -> None:
        """Record an answer for a person or household; the value must suit the question."""
        question = next((q for q in self.all() if q.question_id == question_id), None)
        if question is None:
            raise NotFound("no question {question_id}", question_id=question_id)
        _check(question, value)
        table = "persons" if question.applies_to == "person" else "households"
        column = "person_id" if question.applies_to == "person" else "household_id"
        with self.store.transaction() as tx:
            exists = tx.conn.execute(f"SELECT 1 FROM {table} WHERE {column} = ?", (subject_id,))
            if exists.fetchone() is None:
                raise _no_subject(question.applies_to, subject_id)
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


def store_definition(conn: Connection, question: Question) -> None:
    """Write a question the platform defined, as received: the headquarters' definition
    replaces a local one with the same id (answers keep their id and their values)."""
    conn.execute(
        "INSERT OR REPLACE INTO questions (question_id, applies_to, kind, label_ja, label_en,"
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


def check_answers(questions: list[Question], answers: dict[str, Any]) -> dict[str, Any]:
    """``answers`` checked against the active ``questions`` they answer; empty text is None."""
    known = {q.question_id: q for q in questions}
    checked: dict[str, Any] = {}
    for question_id, value in answers.items():
        question = known.get(question_id)
        if question is None:
            raise InvalidInput("no active question {question_id}", question_id=question_id)
        if isinstance(value, str) and not value.strip():
            value = None
        if value is not None:
            _check(question, value.strip() if isinstance(value, str) else value)
            value = value.strip() if isinstance(value, str) else value
        checked[question_id] = value
    return checked


def write_answers(tx: Tx, applies_to: str, subject_id: str, answers: dict[str, Any]) -> list[str]:
    """Write checked answers of a person or household that exists; sends only what changed."""
    table, column = _SUBJECTS[applies_to]
    exists = tx.conn.execute(f"SELECT 1 FROM {table} WHERE {column} = ?", (subject_id,))
    if exists.fetchone() is None:
        raise _no_subject(applies_to, subject_id)
    rows = tx.conn.execute(
        "SELECT question_id, value FROM answers WHERE subject_id = ?", (subject_id,)
    ).fetchall()
    current = {r[0]: json.loads(r[1]) for r in rows}
    changed = {k: v for k, v in answers.items() if current.get(k) != v}
    for question_id, value in changed.items():
        if value is None:
            tx.conn.execute(
                "DELETE FROM answers WHERE subject_id = ? AND question_id = ?",
                (subject_id, question_id),
            )
        else:
            tx.conn.execute(
                "INSERT OR REPLACE INTO answers (subject_id, question_id, value) VALUES (?, ?, ?)",
                (subject_id, question_id, json.dumps(value, ensure_ascii=False)),
            )
    if changed:
        tx.emit(
            f"{applies_to}.updated",
            {column: subject_id, "fields": {f"q:{k}": v for k, v in changed.items()}},
        )
    return sorted(changed)


def _check(question: Question, value: Any) -> None:
    ok = {
        "text": isinstance(value, str),
        "yesno": isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "choice": value in question.choices,
    }[question.kind]
    if not ok:
        raise InvalidInput(
            "{value} is not a valid answer to '{question}'",
            value=repr(value),
            question=question.label_en,
        )
    if question.kind == "text":
        check("answer", value)


def _no_subject(applies_to: str, subject_id: str) -> NotFound:
    if applies_to == "person":
        return NotFound("no person {person_id}", person_id=subject_id)
    return NotFound("no household {household_id}", household_id=subject_id)
