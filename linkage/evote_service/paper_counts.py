"""The paper ballots counted at the polling places, as the election office enters them."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from linkage.canonical import now_ms
from linkage.evote_service.contests import contests_of
from linkage.problems import Problem
from linkage.tables import evote_paper_counts
from linkage.voting.elections import get_site

Counts = dict[str, dict[str, int]]  # contest id -> candidate id -> votes


def put(conn: Connection, election_id: str, site_id: str, counts: Counts, entered_by: str) -> None:
    """Replace a polling place's paper counts. Every contest and candidate of the election must
    be given, with a whole number of votes from 0; anything else is refused and nothing is
    changed."""
    site = get_site(conn, site_id)
    if site is None or site.election_id != election_id:
        raise Problem(404, "unknown-site", "Unknown polling site of this election", site_id)
    expected = {
        c.contest_id: {k.candidate_id for k in c.candidates} for c in contests_of(conn, election_id)
    }
    if not expected:
        raise Problem(409, "no-contests", "The election has no contests to count")
    if set(counts) != set(expected):
        raise Problem(
            422,
            "contests-mismatch",
            "Give counts for exactly the election's contests",
            ", ".join(sorted(set(counts) ^ set(expected))),
        )
    for contest_id, by_candidate in counts.items():
        if set(by_candidate) != expected[contest_id]:
            raise Problem(
                422,
                "candidates-mismatch",
                "Give counts for exactly the contest's candidates",
                contest_id,
            )
        bad = sorted(k for k, v in by_candidate.items() if isinstance(v, bool) or v < 0)
        if bad:
            raise Problem(422, "invalid-count", "A count is a whole number from 0", ", ".join(bad))
    conn.execute(
        delete(evote_paper_counts).where(
            evote_paper_counts.c.election_id == election_id,
            evote_paper_counts.c.site_id == site_id,
        )
    )
    at = now_ms()
    conn.execute(
        insert(evote_paper_counts),
        [
            {
                "election_id": election_id,
                "site_id": site_id,
                "contest_id": contest_id,
                "candidate_id": candidate_id,
                "votes": votes,
                "entered_by": entered_by,
                "entered_at_ms": at,
            }
            for contest_id, by_candidate in counts.items()
            for candidate_id, votes in by_candidate.items()
        ],
    )


def totals(conn: Connection, election_id: str) -> tuple[Counts, list[str]]:
    """The paper votes per contest and candidate summed over the polling places, and the sites
    whose counts were entered."""
    out: Counts = {}
    sites: set[str] = set()
    for r in conn.execute(
        select(evote_paper_counts).where(evote_paper_counts.c.election_id == election_id)
    ):
        by = out.setdefault(r.contest_id, {})
        by[r.candidate_id] = by.get(r.candidate_id, 0) + r.votes
        sites.add(r.site_id)
    return out, sorted(sites)
