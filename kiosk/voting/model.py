"""The early-voting records a polling-site kiosk holds, read from the platform's feed.

Every ``from_feed`` checks the types and values of what arrived and raises ``InvalidInput``
naming the field, so a change this kiosk cannot read is refused whole (kiosk/feed_apply.py).
A voter record holds what the roll says about a person, never a vote's content, and never the
individual number.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import Any, TypeVar

from kiosk.errors import InvalidInput

_E = TypeVar("_E", bound=StrEnum)


class OutageProcedure(StrEnum):
    """What a site does when the platform cannot be reached."""

    HARD_BLOCK = "hard_block"
    PROVISIONAL = "provisional"


class VoterStatus(StrEnum):
    """Whether the roll records a ballot issued to the voter."""

    NOT_VOTED = "not_voted"
    VOTED = "voted"


class DeclarationState(StrEnum):
    """A declaration is made (online or at the desk), then completed at the desk."""

    MADE = "made"
    COMPLETED = "completed"


class MadeVia(StrEnum):
    """Where a declaration was made."""

    ONLINE = "online"
    DESK = "desk"


class DeclarationReason(IntEnum):
    """The statutory reasons of the Public Offices Election Act art. 48-2 (1), in its order."""

    WORK = 1
    TRAVEL = 2
    ILLNESS = 3
    REMOTE_ISLAND = 4
    OUTSIDE_MUNICIPALITY = 5
    DISASTER = 6


def _str(data: dict[str, Any], name: str, *, empty: bool = False) -> str:
    value = data.get(name)
    if not isinstance(value, str) or (not empty and not value):
        if empty:
            raise InvalidInput("{name}: expected a string", name=name)
        raise InvalidInput("{name}: expected a non-empty string", name=name)
    return value


def claim_digest(claim_id: str) -> str:
    """How the feed names a claim: lowercase hex SHA-256 of the claim id's UTF-8."""
    return hashlib.sha256(claim_id.encode("utf-8")).hexdigest()


def _claim_digest(data: dict[str, Any]) -> str | None:
    # Entries stored before the feed carried digests hold the claim id itself.
    digest = _opt_str(data, "claim_digest")
    old = _opt_str(data, "claim_id")
    return digest if digest is not None or old is None else claim_digest(old)


def _opt_str(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidInput("{name}: expected a string or null", name=name)
    return value or None


def _bool(data: dict[str, Any], name: str) -> bool:
    value = data.get(name)
    if not isinstance(value, bool):
        raise InvalidInput("{name}: expected true or false", name=name)
    return value


def _opt_int(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput("{name}: expected an integer or null", name=name)
    return value


def _date(text: Any, name: str) -> date:
    if not isinstance(text, str):
        raise InvalidInput("{name}: expected an ISO date", name=name)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            "{name}: {text} is not an ISO date", name=name, text=repr(text)
        ) from None


def _enum(kind: type[_E], data: dict[str, Any], name: str) -> _E:
    value = data.get(name)
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise InvalidInput(
            "{name}: {value} is not one of {allowed}", name=name, value=repr(value), allowed=allowed
        ) from None


def reason_of(value: Any, name: str = "reason") -> DeclarationReason:
    """A statutory reason from its number (1-6)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput("{name}: expected 1 to 6", name=name)
    try:
        return DeclarationReason(value)
    except ValueError:
        raise InvalidInput(
            "{name}: {value} is not a statutory reason (1 to 6)", name=name, value=value
        ) from None


def _strings(data: dict[str, Any], name: str) -> tuple[str, ...]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput("{name}: expected a list of strings", name=name)
    return tuple(value)


@dataclass(frozen=True)
class PollingSite:
    """An early-voting site of an election; sites of the same election all reach the kiosk."""

    site_id: str
    election_id: str
    election_name: str
    name: str
    voting_days: tuple[date, ...]
    outage_procedure: OutageProcedure
    pin_required: bool
    staff_code_allowed: bool

    @classmethod
    def from_feed(cls, data: dict[str, Any]) -> PollingSite:
        """Read a ``polling_site`` upsert."""
        days = data.get("voting_days")
        if not isinstance(days, list):
            raise InvalidInput("voting_days: expected a list of ISO dates")
        return cls(
            site_id=_str(data, "site_id"),
            election_id=_str(data, "election_id"),
            election_name=_str(data, "election_name"),
            name=_str(data, "name"),
            voting_days=tuple(_date(d, "voting_days") for d in days),
            outage_procedure=_enum(OutageProcedure, data, "outage_procedure"),
            pin_required=_bool(data, "pin_required"),
            staff_code_allowed=_bool(data, "staff_code_allowed"),
        )


@dataclass(frozen=True)
class Voter:
    """An entry of the electoral roll (選挙人名簿) as the site's kiosk holds it."""

    voter_id: str
    election_id: str
    roll_number: str
    name: str
    kana: str
    birth_date: date
    sex: str
    address: str
    person_id: str | None
    card_keys: tuple[str, ...]
    status: VoterStatus
    voted_site_id: str | None
    voted_at_ms: int | None
    claim_digest: str | None
    """SHA-256 (hex) of the claim id that holds the ballot: this kiosk recognises its own."""
    voted_kind: str | None = None
    """``online`` (a claim at a site) or ``provisional`` (recorded offline)."""

    @classmethod
    def from_feed(cls, data: dict[str, Any]) -> Voter:
        """Read a ``voter`` upsert."""
        roll_number = data.get("roll_number")
        if isinstance(roll_number, int) and not isinstance(roll_number, bool):
            roll_number = str(roll_number)
        card_keys = _strings(data, "card_keys")
        if any(not key.startswith("jpki:") for key in card_keys):
            raise InvalidInput("card_keys: every card key starts with jpki:")
        return cls(
            voter_id=_str(data, "voter_id"),
            election_id=_str(data, "election_id"),
            roll_number=_str({"roll_number": roll_number}, "roll_number", empty=True),
            name=_str(data, "name"),
            kana=_str(data, "kana", empty=True),
            birth_date=_date(data.get("birth_date"), "birth_date"),
            sex=_str(data, "sex", empty=True),
            address=_str(data, "address", empty=True),
            person_id=_opt_str(data, "person_id"),
            card_keys=card_keys,
            status=_enum(VoterStatus, data, "status"),
            voted_site_id=_opt_str(data, "voted_site_id"),
            voted_at_ms=_opt_int(data, "voted_at_ms"),
            claim_digest=_claim_digest(data),
            voted_kind=_opt_str(data, "voted_kind"),
        )


@dataclass(frozen=True)
class Declaration:
    """A declaration (宣誓書) of an early voter: the day, and the statutory reason."""

    declaration_id: str
    election_id: str
    voter_id: str | None
    person_id: str | None
    vote_date: date
    reason: DeclarationReason
    made_via: MadeVia
    state: DeclarationState
    completed_at_ms: int | None
    made_at_ms: int | None = None
    completed_site_id: str | None = None

    @classmethod
    def from_feed(cls, data: dict[str, Any]) -> Declaration:
        """Read a ``declaration`` upsert."""
        return cls(
            declaration_id=_str(data, "declaration_id"),
            election_id=_str(data, "election_id"),
            voter_id=_opt_str(data, "voter_id"),
            person_id=_opt_str(data, "person_id"),
            vote_date=_date(data.get("vote_date"), "vote_date"),
            reason=reason_of(data.get("reason")),
            made_via=_enum(MadeVia, data, "made_via"),
            state=_enum(DeclarationState, data, "state"),
            completed_at_ms=_opt_int(data, "completed_at_ms"),
            made_at_ms=_opt_int(data, "made_at_ms"),
            completed_site_id=_opt_str(data, "completed_site_id"),
        )

    def to_json(self) -> dict[str, Any]:
        """The record as the feed writes it."""
        return {
            "declaration_id": self.declaration_id,
            "election_id": self.election_id,
            "voter_id": self.voter_id,
            "person_id": self.person_id,
            "vote_date": self.vote_date.isoformat(),
            "reason": int(self.reason),
            "made_via": self.made_via.value,
            "state": self.state.value,
            "completed_at_ms": self.completed_at_ms,
            "made_at_ms": self.made_at_ms,
            "completed_site_id": self.completed_site_id,
        }


@dataclass(frozen=True)
class Incident:
    """Something about an election that people must look at (a ballot issued twice, say)."""

    incident_id: str
    election_id: str
    voter_id: str | None
    kind: str
    sites: tuple[str, ...]
    detail: dict[str, Any]
    created_at_ms: int
    resolved: bool
    note: str | None = None

    @classmethod
    def from_feed(cls, data: dict[str, Any]) -> Incident:
        """Read a ``voting_incident`` upsert."""
        created = _opt_int(data, "created_at_ms")
        if created is None:
            raise InvalidInput("created_at_ms: expected an integer")
        return cls(
            incident_id=_str(data, "incident_id"),
            election_id=_str(data, "election_id"),
            voter_id=_opt_str(data, "voter_id"),
            kind=_str(data, "kind"),
            sites=_strings(data, "sites"),
            detail=_detail(data),
            created_at_ms=created,
            resolved=_bool(data, "resolved"),
            note=_opt_str(data, "note"),
        )


def _detail(data: dict[str, Any]) -> dict[str, Any]:
    value = data.get("detail")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput("detail: expected an object")
    return value
