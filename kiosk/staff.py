"""Staff accounts, roles and sign-in at the kiosk.

Staff sign in with their own My Number Card and PIN (the card layer proves the holder; this
module maps the proven card key to an account), or with a staff code where the site allows it.
Accounts live in the store's meta table; codes are kept only as salted scrypt hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass, replace
from enum import StrEnum

from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.fields import check
from kiosk.store import Store, Tx

META_KEY = "staff"
_STAFF_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
MIN_CODE = 6
# Cheaper than the store key's scrypt: a sign-in must feel instant, and codes are only an
# option a site turns on for itself.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def staff_key(staff_id: str) -> str:
    """The form two ids of one person share: NFKC, case folded, surrounding spaces removed
    (the platform compares poll workers by the same rule, docs/protocol/voting.md)."""
    return unicodedata.normalize("NFKC", staff_id).casefold().strip()


def same_staff(first: str, second: str) -> bool:
    """Whether two staff ids name the same person (``s1``, ``S1`` and ``ｓ１`` do)."""
    return staff_key(first) == staff_key(second)


class Role(StrEnum):
    """What a signed-in person may do: staff run the shelter, administrators also the kiosk."""

    STAFF = "staff"
    ADMIN = "admin"


@dataclass(frozen=True)
class StaffMember:
    """A staff account."""

    staff_id: str
    name: str
    role: Role
    card_key: str | None = None
    code_salt: str | None = None
    code_hash: str | None = None
    active: bool = True


@dataclass(frozen=True)
class Session:
    """A signed-in staff member; ``actor`` is what the audit log records."""

    staff_id: str
    name: str
    role: Role
    method: str

    @property
    def actor(self) -> str:
        """The audit log's name for this person."""
        return f"staff:{self.staff_id}"

    @property
    def is_admin(self) -> bool:
        """Whether the kiosk's settings may be changed."""
        return self.role is Role.ADMIN


def require_admin(session: Session | None) -> Session:
    """The session, if it is an administrator's; anything else is refused."""
    if session is None or not session.is_admin:
        raise Refused("not_admin", "only an administrator may do this")
    return session


class StaffService:
    """Adds staff accounts and signs staff in and out, auditing each attempt."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def members(self) -> list[StaffMember]:
        """Every staff account, by id."""
        with self.store.reading() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
        if row is None:
            return []
        return [
            StaffMember(**(entry | {"role": Role(entry["role"])})) for entry in json.loads(row[0])
        ]

    def add(
        self,
        actor: str,
        staff_id: str,
        name: str,
        role: Role,
        card_key: str | None = None,
        code: str | None = None,
    ) -> StaffMember:
        """Add an account that signs in with a card, a code, or both."""
        if not name.strip():
            raise InvalidInput("a staff account needs a name")
        check("staff_name", name)
        if not _STAFF_ID.match(staff_id):
            raise InvalidInput("a staff id is 1-32 letters, digits, - or _ (typed at sign-in)")
        if card_key is None and code is None:
            raise InvalidInput("a staff account needs a card or a code to sign in with")
        if card_key is not None and not card_key.startswith("jpki:"):
            raise InvalidInput("a staff card key starts with jpki:")
        salt = hashed = None
        if code is not None:
            if len(code) < MIN_CODE or not code.isdigit():
                raise InvalidInput("a staff code is at least {minimum} digits", minimum=MIN_CODE)
            salt = secrets.token_hex(16)
            hashed = _hash(code, salt)
        member = StaffMember(staff_id, name, role, card_key, salt, hashed)
        existing = self.members()
        if any(same_staff(m.staff_id, staff_id) for m in existing):
            raise Refused("exists", "staff {staff_id} already exists", staff_id=staff_id)
        if card_key is not None and any(m.card_key == card_key for m in existing):
            raise Refused("linked_elsewhere", "this card already belongs to a staff account")
        with self.store.transaction() as tx:
            _write(tx, [*existing, member])
            tx.audit(actor, "staff.add", staff_id, role=role.value, card=card_key is not None)
        return member

    def set_active(self, actor: str, staff_id: str, active: bool) -> StaffMember:
        """Disable an account (it can no longer sign in) or enable it again.

        Accounts are disabled, never deleted, so the audit log's ``staff:<id>`` keeps naming
        someone. The last active administrator cannot be disabled: nobody could undo it.
        """
        existing = self.members()
        member = next((m for m in existing if m.staff_id == staff_id), None)
        if member is None:
            raise NotFound("no staff account {staff_id}", staff_id=staff_id)
        if member.active == active:
            return member
        admins = [m for m in existing if m.role is Role.ADMIN and m.active]
        if not active and admins == [member]:
            raise Refused("last_admin", "the last active administrator cannot be disabled")
        changed = replace(member, active=active)
        with self.store.transaction() as tx:
            _write(tx, [changed if m is member else m for m in existing])
            tx.audit(actor, "staff.enable" if active else "staff.disable", staff_id)
        return changed

    def sign_in_card(self, proven_card_key: str) -> Session:
        """Sign in the owner of a card whose holder the card layer has just proven."""
        member = next((m for m in self.members() if m.card_key == proven_card_key), None)
        if member is None:
            self._audit_failure("card", "unknown card")
            raise NotFound("this card does not belong to a staff account")
        if not member.active:
            self._audit_failure("card", f"disabled account {member.staff_id}")
            raise Refused("disabled", "this staff account is disabled")
        return self._begin(member, "card")

    def sign_in_code(self, staff_id: str, code: str, allowed: bool) -> Session:
        """Sign in with a staff code; refused where the site does not allow codes."""
        if not allowed:
            raise Refused("codes_not_allowed", "this site accepts staff cards only")
        member = next((m for m in self.members() if m.staff_id == staff_id), None)
        if (
            member is None
            or member.code_salt is None
            or member.code_hash is None
            or not hmac.compare_digest(_hash(code, member.code_salt), member.code_hash)
        ):
            self._audit_failure("code", staff_id)
            raise Refused("wrong_code", "unknown staff id or wrong code")
        if not member.active:
            self._audit_failure("code", f"disabled account {staff_id}")
            raise Refused("disabled", "this staff account is disabled")
        return self._begin(member, "code")

    def sign_out(self, session: Session) -> None:
        """End a session."""
        with self.store.transaction() as tx:
            tx.audit(session.actor, "staff.sign_out", session.staff_id)

    def _begin(self, member: StaffMember, method: str) -> Session:
        session = Session(member.staff_id, member.name, member.role, method)
        with self.store.transaction() as tx:
            tx.audit(session.actor, "staff.sign_in", member.staff_id, method=method)
        return session

    def record_wrong_pin(self, tries_left: int) -> None:
        """Audit a staff card whose PIN the card refused (the card is not proven, so it is not
        named; the tries left show a guessing attempt)."""
        self._audit_failure("card", f"wrong PIN, {tries_left} tries left")

    def _audit_failure(self, method: str, detail: str) -> None:
        with self.store.transaction() as tx:
            tx.audit("kiosk", "staff.sign_in_failed", method, detail=detail)


def _write(tx: Tx, members: list[StaffMember]) -> None:
    tx.conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (META_KEY, json.dumps([asdict(m) for m in members])),
    )


def _hash(code: str, salt: str) -> str:
    return hashlib.scrypt(code.encode(), salt=bytes.fromhex(salt), **_SCRYPT).hex()
