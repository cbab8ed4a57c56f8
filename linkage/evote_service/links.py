"""The voter-to-ballot links of an open online period, kept so that a re-vote supersedes the
voter's earlier ballot and a desk's paper ballot cancels it, and shredded at close.

A row of ``evote_voter_ballots`` holds the voter's tag (HMAC-SHA-256 of the election and voter
under the election's link key) and the ballot id sealed under the same key (AES-256-GCM, the
tag as associated data so a sealed id moved onto another voter's row does not open). Without
the key, which is never in the database (``link_keys``), a row names neither.
"""

from __future__ import annotations

import hmac
import secrets
from hashlib import sha256

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, delete, insert, select, update

from linkage.evote_service import link_keys
from linkage.problems import Problem
from linkage.tables import evote_settings, evote_voter_ballots

NONCE_BYTES = 12
_CONTEXT = b"kazasu-evote-link/1\x00"


def _mac(key: bytes, *parts: str) -> str:
    message = _CONTEXT + b"\x00".join(p.encode() for p in parts)
    return hmac.new(key, message, sha256).hexdigest()


def voter_tag(key: bytes, election_id: str, voter_id: str) -> str:
    """The voter's tag in the links table: who it is, for the holder of the key only."""
    return _mac(key, "voter", election_id, voter_id)


def key_check(key: bytes) -> str:
    """A value the database keeps to tell the right key from another one (not the key)."""
    return _mac(key, "check")


def seal(key: bytes, tag: str, ballot_id: str) -> str:
    """The ballot id as the links table holds it."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, ballot_id.encode(), _CONTEXT + tag.encode())
    return (nonce + sealed).hex()


def unseal(key: bytes, tag: str, stored: str) -> str:
    """The ballot id sealed in a links row (503 when the key does not open it)."""
    raw = bytes.fromhex(stored)
    try:
        return (
            AESGCM(key)
            .decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _CONTEXT + tag.encode())
            .decode()
        )
    except InvalidTag:
        raise _wrong_key("a voter's link does not open with the election's link key") from None


def _wrong_key(detail: str) -> Problem:
    return Problem(
        503, "link-key-mismatch", "The election's link key is not the one in use", detail
    )


def key_for(conn: Connection, election_id: str) -> bytes:
    """The election's link key, made (and its check value stored) on the first cast.

    Refused (503 ``link-key-lost``) when the key was made but its file is gone before close:
    re-votes and paper ballots could then no longer find a voter's earlier ballot, and a voter
    would be counted twice, so casting and cancelling stop until the file is restored (or the
    office closes the period early; docs/decisions/online-voting.md).
    """
    found = key_if_made(conn, election_id)
    if found is not None:
        return found
    key = link_keys.of(conn).create(election_id)
    _store_check(conn, election_id, key)
    return key


def key_if_made(conn: Connection, election_id: str) -> bytes | None:
    """The election's link key; None when none was ever made, so no link exists (refused as
    in ``key_for`` when it was made and is gone, 503 ``link-key-mismatch`` when the file holds
    another key)."""
    keys = link_keys.of(conn)
    check: str | None = conn.execute(
        select(evote_settings.c.link_key_check).where(evote_settings.c.election_id == election_id)
    ).scalar_one()
    key = keys.get(election_id)
    if key is None:
        if check is None:
            return None
        raise Problem(
            503,
            "link-key-lost",
            "The election's link key is gone: online re-votes and paper cancellations "
            "cannot find earlier ballots",
            f"restore {keys.path(election_id)}, or close the online period early",
        )
    if check is None:
        # Made by a cast whose transaction did not commit: no link uses it yet.
        _store_check(conn, election_id, key)
    elif not hmac.compare_digest(check, key_check(key)):
        raise _wrong_key(f"{keys.path(election_id)} holds another key than the one made for it")
    return key


def _store_check(conn: Connection, election_id: str, key: bytes) -> None:
    conn.execute(
        update(evote_settings)
        .where(evote_settings.c.election_id == election_id)
        .values(link_key_check=key_check(key))
    )


def find(conn: Connection, election_id: str, voter_id: str, key: bytes) -> str | None:
    """The voter's current online ballot id (its row locked), or None."""
    tag = voter_tag(key, election_id, voter_id)
    stored = conn.execute(
        select(evote_voter_ballots.c.sealed_ballot)
        .where(
            evote_voter_ballots.c.election_id == election_id,
            evote_voter_ballots.c.voter_tag == tag,
        )
        .with_for_update()
    ).scalar_one_or_none()
    return None if stored is None else unseal(key, tag, stored)


def put(conn: Connection, election_id: str, voter_id: str, key: bytes, ballot_id: str) -> None:
    """Make ``ballot_id`` the voter's current online ballot."""
    tag = voter_tag(key, election_id, voter_id)
    sealed = seal(key, tag, ballot_id)
    changed = conn.execute(
        update(evote_voter_ballots)
        .where(
            evote_voter_ballots.c.election_id == election_id,
            evote_voter_ballots.c.voter_tag == tag,
        )
        .values(sealed_ballot=sealed)
    ).rowcount
    if not changed:
        conn.execute(
            insert(evote_voter_ballots).values(
                election_id=election_id, voter_tag=tag, sealed_ballot=sealed
            )
        )


def drop(conn: Connection, election_id: str, voter_id: str, key: bytes) -> None:
    """Destroy the voter's link (a desk's paper ballot cancelled the online one)."""
    conn.execute(
        delete(evote_voter_ballots).where(
            evote_voter_ballots.c.election_id == election_id,
            evote_voter_ballots.c.voter_tag == voter_tag(key, election_id, voter_id),
        )
    )
