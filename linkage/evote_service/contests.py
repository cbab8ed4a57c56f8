"""Contests and their candidates: what an online ballot asks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from linkage.problems import Problem
from linkage.tables import evote_candidates, evote_contests, evote_settings
from linkage.voting.elections import election_days


@dataclass(frozen=True)
class Candidate:
    """One choice of a contest."""

    candidate_id: str
    name: str
    name_en: str | None


@dataclass(frozen=True)
class Contest:
    """A question on the ballot: choose at most ``choices`` of the candidates."""

    contest_id: str
    title: str
    title_en: str | None
    choices: int
    candidates: tuple[Candidate, ...]

    def payload(self) -> dict[str, Any]:
        """The contest as the API and the ballot page show it."""
        return {
            "contest_id": self.contest_id,
            "title": self.title,
            "title_en": self.title_en,
            "choices": self.choices,
            "candidates": [
                {"candidate_id": c.candidate_id, "name": c.name, "name_en": c.name_en}
                for c in self.candidates
            ],
        }


def contests_of(conn: Connection, election_id: str) -> list[Contest]:
    """An election's contests in ballot order, each with its candidates in ballot order."""
    cands: dict[str, list[Candidate]] = {}
    for c in conn.execute(
        select(evote_candidates)
        .where(evote_candidates.c.election_id == election_id)
        .order_by(evote_candidates.c.position)
    ):
        cands.setdefault(c.contest_id, []).append(Candidate(c.candidate_id, c.name, c.name_en))
    return [
        Contest(r.contest_id, r.title, r.title_en, r.choices, tuple(cands.get(r.contest_id, [])))
        for r in conn.execute(
            select(evote_contests)
            .where(evote_contests.c.election_id == election_id)
            .order_by(evote_contests.c.position, evote_contests.c.contest_id)
        )
    ]


def _refuse_once_keyed(conn: Connection, election_id: str) -> None:
    # The key ceremony binds the manifest into the election context that every ballot proves
    # against; a changed ballot would no longer match it.
    if conn.execute(
        select(evote_settings.c.election_id).where(
            evote_settings.c.election_id == election_id, evote_settings.c.context.is_not(None)
        )
    ).first():
        raise Problem(409, "keyed", "The key ceremony was held: the contests can no longer change")


def put_contest(conn: Connection, election_id: str, contest: Contest, position: int) -> None:
    """Create or replace a contest with its candidates (refused once the key ceremony was held).

    A contest needs at least one candidate, distinct candidate ids, and between 1 and the
    number of candidates choices.
    """
    election_days(conn, election_id)  # 404 for an unknown election
    _refuse_once_keyed(conn, election_id)
    ids = [c.candidate_id for c in contest.candidates]
    if not ids:
        raise Problem(422, "no-candidates", "A contest needs at least one candidate")
    if len(set(ids)) != len(ids):
        raise Problem(422, "duplicate-candidate", "Candidate ids repeat", ", ".join(ids))
    if not 1 <= contest.choices <= len(ids):
        raise Problem(
            422,
            "invalid-choices",
            "The number of choices must be between 1 and the number of candidates",
            str(contest.choices),
        )
    key = (evote_contests.c.election_id == election_id) & (
        evote_contests.c.contest_id == contest.contest_id
    )
    conn.execute(delete(evote_contests).where(key))
    conn.execute(
        delete(evote_candidates).where(
            evote_candidates.c.election_id == election_id,
            evote_candidates.c.contest_id == contest.contest_id,
        )
    )
    conn.execute(
        insert(evote_contests).values(
            election_id=election_id,
            contest_id=contest.contest_id,
            title=contest.title,
            title_en=contest.title_en,
            choices=contest.choices,
            position=position,
        )
    )
    conn.execute(
        insert(evote_candidates),
        [
            {
                "election_id": election_id,
                "contest_id": contest.contest_id,
                "candidate_id": c.candidate_id,
                "name": c.name,
                "name_en": c.name_en,
                "position": i,
            }
            for i, c in enumerate(contest.candidates)
        ],
    )


def delete_contest(conn: Connection, election_id: str, contest_id: str) -> None:
    """Remove a contest (refused once the key ceremony was held; 404 for an unknown one)."""
    _refuse_once_keyed(conn, election_id)
    gone = conn.execute(
        delete(evote_contests).where(
            evote_contests.c.election_id == election_id,
            evote_contests.c.contest_id == contest_id,
        )
    ).rowcount
    if not gone:
        raise Problem(404, "unknown-contest", "Unknown contest", contest_id)
    conn.execute(
        delete(evote_candidates).where(
            evote_candidates.c.election_id == election_id,
            evote_candidates.c.contest_id == contest_id,
        )
    )


def manifest(conn: Connection, election_id: str, name: str, mock: bool) -> dict[str, Any]:
    """The manifest the key ceremony binds: the election, whether it is a mock one, and its
    contests with their candidates in ballot order and how many a voter may choose."""
    return {
        "election_id": election_id,
        "name": name,
        "mock": mock,
        "contests": [
            {
                "contest_id": c.contest_id,
                "title": c.title,
                "limit": c.choices,
                "candidates": [
                    {"candidate_id": k.candidate_id, "name": k.name} for k in c.candidates
                ],
            }
            for c in contests_of(conn, election_id)
        ],
    }
