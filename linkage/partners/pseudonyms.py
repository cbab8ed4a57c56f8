"""Pairwise pseudonyms: what a partner knows a resident by.

``HMAC-SHA256(secret, municipality|partner|person_id)``: stable for one partner, different for
every other, so two partners cannot join what they received, and none can recover the person
id without the secret. The secret is sealed under the platform's key-encryption key like the
QR-signing keys (linkage/kek.py). A partner may ask about a pseudonym again: each disclosure
row keeps the subject it was sent under, so the subjects a partner holds are those it received.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from collections.abc import Iterable

from sqlalchemy import Connection, insert, select

from linkage import kek
from linkage.canonical import now_ms
from linkage.db import key_in
from linkage.tables import disclosures, pseudonym_secrets

SECRET_ID = "pairwise-1"
PREFIX = "pp-"


def ensure_secret(conn: Connection) -> str:
    """The sealed secret, made and sealed first unless the platform has one."""
    stored: str | None = conn.execute(
        select(pseudonym_secrets.c.sealed).where(pseudonym_secrets.c.secret_id == SECRET_ID)
    ).scalar()
    if stored is not None:
        return stored
    sealed = kek.of(conn).seal(SECRET_ID, secrets.token_bytes(32))
    conn.execute(
        insert(pseudonym_secrets).values(secret_id=SECRET_ID, sealed=sealed, created_at_ms=now_ms())
    )
    return sealed


def secret(conn: Connection) -> bytes:
    """The opened secret (503 when the key-encryption key is not at hand)."""
    return kek.of(conn).open(SECRET_ID, ensure_secret(conn))


def pseudonyms_of(
    key: bytes, municipality_id: str, partner_id: str, person_ids: Iterable[str]
) -> list[str]:
    """The partner's pseudonyms of many people, in the order given.

    One-shot ``hmac.digest`` (OpenSSL's HMAC in one call): no HMAC object per person.
    """
    stem = f"{municipality_id}|{partner_id}|".encode()
    encode = base64.urlsafe_b64encode
    # A 32-byte digest is 43 base64url characters and one "=" of padding, left off.
    return [
        PREFIX + encode(hmac.digest(key, stem + pid.encode(), "sha256"))[:43].decode("ascii")
        for pid in person_ids
    ]


def resolve(conn: Connection, partner_id: str, subjects: list[str]) -> set[str]:
    """The people behind the subjects this partner was given before (others are unknown)."""
    return set(
        conn.execute(
            select(disclosures.c.person_id)
            .where(
                disclosures.c.partner_id == partner_id,
                key_in(conn, disclosures.c.subject, subjects),
            )
            .distinct()
        ).scalars()
    )
