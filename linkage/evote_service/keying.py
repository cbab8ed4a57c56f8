"""The election key: the parameters the trustees' key ceremony starts from, and the context it
produces, which every ballot is made and checked in."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select, update

from kazasu_protocol.canonical import canonical_json
from linkage.evote import dkg
from linkage.evote.context import ElectionContext, context_from_json, parameters
from linkage.evote.errors import EvoteError
from linkage.evote_service import settings
from linkage.evote_service.contests import manifest
from linkage.problems import Problem
from linkage.tables import elections, evote_ballots, evote_settings


def parameters_of(conn: Connection, election_id: str) -> dict[str, Any]:
    """The ceremony's parameters: the election, the trustee counts and the manifest of its
    contests (422 while a contest is missing)."""
    rules = settings.get(conn, election_id)
    name: str = conn.execute(
        select(elections.c.name).where(elections.c.election_id == election_id)
    ).scalar_one()
    try:
        made = parameters(
            election_id, rules.trustees, rules.quorum, manifest(conn, election_id, name, rules.mock)
        )
    except EvoteError as exc:
        raise Problem(409, "no-contests", "Set the election's contests first", str(exc)) from None
    return made.to_json()


def put_context(
    conn: Connection, election_id: str, context: Any, trustee_records: Any
) -> ElectionContext:
    """Store the ceremony's context with the trustees' public records: both must check, and be
    made from this election's current parameters. Refused once a ballot was cast."""
    rules = settings.get(conn, election_id)
    if rules.keyed and _has_ballots(conn, election_id):
        raise Problem(409, "ballots-cast", "Ballots were cast in the stored context")
    expected = parameters_of(conn, election_id)
    try:
        parsed = context_from_json(context)
        publics = dkg.verify_public_records(parsed.parameters, trustee_records, "trustees")
        remade = dkg.election_context(parsed.parameters, publics)
    except EvoteError as exc:
        raise Problem(422, "invalid-context", "The context does not check", str(exc)) from None
    if parsed.parameters.to_json() != expected:
        raise Problem(
            422,
            "context-mismatch",
            "The context was made from other parameters than the election's",
        )
    if remade.to_json() != parsed.to_json():
        raise Problem(422, "invalid-context", "The context is not the trustees' records' one")
    if (
        conn.execute(
            select(evote_settings.c.election_id).where(evote_settings.c.election_id == election_id)
        ).first()
        is None
    ):
        raise Problem(409, "no-online-settings", "Set the online period first")
    conn.execute(
        update(evote_settings)
        .where(evote_settings.c.election_id == election_id)
        .values(context=canonical_json(context), trustee_records=canonical_json(trustee_records))
    )
    return parsed


def context_of(conn: Connection, election_id: str) -> ElectionContext:
    """The stored context (409 before the key ceremony's result is stored)."""
    row = conn.execute(
        select(evote_settings.c.context).where(evote_settings.c.election_id == election_id)
    ).first()
    if row is None or row.context is None:
        raise Problem(409, "not-keyed", "The election's key ceremony has not been stored")
    return context_from_json(json.loads(row.context))


def context_document(conn: Connection, election_id: str) -> dict[str, Any]:
    """The stored context document, for the ballot page and verifiers."""
    return context_of(conn, election_id).to_json()


def trustee_records(conn: Connection, election_id: str) -> list[dict[str, Any]]:
    """The trustees' public ceremony records, index order."""
    text = conn.execute(
        select(evote_settings.c.trustee_records).where(evote_settings.c.election_id == election_id)
    ).scalar_one_or_none()
    if text is None:
        raise Problem(409, "not-keyed", "The election's key ceremony has not been stored")
    records: list[dict[str, Any]] = json.loads(text)
    return records


def _has_ballots(conn: Connection, election_id: str) -> bool:
    """Whether a ballot was cast or audited in the stored context."""
    found = conn.execute(
        select(evote_ballots.c.ballot_id).where(evote_ballots.c.election_id == election_id).limit(1)
    ).first()
    return found is not None
