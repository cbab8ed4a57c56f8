"""The tally after the online period closed: the homomorphic sum of the counted ballots, the
trustees' partial decryptions (checked as they arrive), the combined online counts added to the
polling places' paper counts, and the published election record."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from kazasu_protocol.canonical import canonical_json
from linkage.canonical import now_ms
from linkage.evote import tally
from linkage.evote.ballot import read_cast_ballot
from linkage.evote.context import ElectionContext
from linkage.evote.errors import EvoteError
from linkage.evote.record import build_record
from linkage.evote_service import keying, paper_counts, settings
from linkage.evote_service.status import AUDITED, COUNTED
from linkage.problems import Problem
from linkage.tables import evote_ballots, evote_partials, evote_results

MOCK_LABEL = "模擬"


def _closed_context(conn: Connection, election_id: str) -> ElectionContext:
    if settings.get(conn, election_id).closed_at_ms is None:
        raise Problem(409, "online-period-open", "Close the online period before the tally")
    return keying.context_of(conn, election_id)


def _cast(conn: Connection, election_id: str) -> list[Any]:
    return list(
        conn.execute(
            select(evote_ballots)
            .where(evote_ballots.c.election_id == election_id, evote_ballots.c.status != AUDITED)
            .order_by(evote_ballots.c.tracker)
        )
    )


def encrypted_tally(conn: Connection, election_id: str) -> dict[str, Any]:
    """The encrypted tally of the counted ballots, for the trustees to decrypt (409 before the
    period closed)."""
    context = _closed_context(conn, election_id)
    # Every ballot was checked when it was cast; the record's verifier checks them all again.
    counted = (
        read_cast_ballot(context, json.loads(r.ballot))
        for r in _cast(conn, election_id)
        if r.status == COUNTED
    )
    return tally.aggregate(context, counted)


def put_partial(conn: Connection, election_id: str, trustee: int, partial: Any) -> None:
    """Keep a trustee's partial decryption once its proofs check against the tally (422
    otherwise, and for a partial of another trustee than the one named)."""
    context = _closed_context(conn, election_id)
    cts = tally.tally_ciphertexts(context, encrypted_tally(conn, election_id))
    try:
        index, _ = tally.check_partial(context, cts, partial, "partial")
    except EvoteError as exc:
        raise Problem(
            422, "invalid-partial", "The partial decryption does not check", str(exc)
        ) from None
    if index != trustee:
        raise Problem(422, "trustee-mismatch", "The partial decryption is another trustee's")
    conn.execute(
        delete(evote_partials).where(
            evote_partials.c.election_id == election_id, evote_partials.c.trustee == trustee
        )
    )
    conn.execute(
        insert(evote_partials).values(
            election_id=election_id,
            trustee=trustee,
            partial=canonical_json(partial),
            received_at_ms=now_ms(),
        )
    )


def publish(conn: Connection, election_id: str) -> dict[str, Any]:
    """Combine the partial decryptions (at least the quorum's), add the paper counts, and
    publish the result and the election record; publishing again (corrected paper counts)
    replaces both."""
    context = _closed_context(conn, election_id)
    encrypted = encrypted_tally(conn, election_id)
    partials = [
        json.loads(r.partial)
        for r in conn.execute(
            select(evote_partials)
            .where(evote_partials.c.election_id == election_id)
            .order_by(evote_partials.c.trustee)
        )
    ]
    try:
        combined = tally.combine(context, encrypted, partials)
    except EvoteError as exc:
        raise Problem(
            409, "tally-incomplete", "The tally cannot be decrypted yet", str(exc)
        ) from None
    cast = _cast(conn, election_id)
    record = build_record(
        context,
        keying.trustee_records(conn, election_id),
        [
            {
                "ballot": json.loads(r.ballot),
                "tracker": r.tracker,
                # Superseded by a re-vote or cancelled by a paper ballot: not counted.
                "state": "counted" if r.status == COUNTED else "cancelled",
            }
            for r in cast
        ],
        [
            json.loads(r.ballot)
            for r in conn.execute(
                select(evote_ballots.c.ballot)
                .where(
                    evote_ballots.c.election_id == election_id,
                    evote_ballots.c.status == AUDITED,
                )
                .order_by(evote_ballots.c.tracker)
            )
        ],
        combined,
    )
    result = _result(conn, election_id, combined)
    conn.execute(delete(evote_results).where(evote_results.c.election_id == election_id))
    conn.execute(
        insert(evote_results).values(
            election_id=election_id,
            result=canonical_json(result),
            record=canonical_json(record),
            published_at_ms=now_ms(),
        )
    )
    return result


def _result(conn: Connection, election_id: str, combined: dict[str, Any]) -> dict[str, Any]:
    paper, sites = paper_counts.totals(conn, election_id)
    mock = settings.get(conn, election_id).mock
    contests = []
    for contest in combined["contests"]:
        cid = contest["contest_id"]
        rows = []
        for selection in contest["selections"]:
            online = int(selection["count"])
            on_paper = paper.get(cid, {}).get(selection["candidate_id"], 0)
            rows.append(
                {
                    "candidate_id": selection["candidate_id"],
                    "online": online,
                    "paper": on_paper,
                    "total": online + on_paper,
                }
            )
        contests.append({"contest_id": cid, "candidates": rows})
    out: dict[str, Any] = {
        "election_id": election_id,
        "mock": mock,
        "online_ballots": combined["ballots"],
        "trustees_present": combined["trustees_present"],
        "paper_sites": sites,
        "contests": contests,
    }
    if mock:
        out["label"] = MOCK_LABEL
    return out


def published(conn: Connection, election_id: str, what: str) -> dict[str, Any]:
    """The published ``result`` or ``record`` (404 before publication)."""
    row = conn.execute(
        select(evote_results).where(evote_results.c.election_id == election_id)
    ).first()
    if row is None:
        raise Problem(404, "not-published", "The result is not published yet", election_id)
    value: dict[str, Any] = json.loads(row.result if what == "result" else row.record)
    return value
