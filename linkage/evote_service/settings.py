"""An election's online-voting settings and its online period."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from linkage.canonical import now_ms
from linkage.problems import Problem
from linkage.tables import evote_settings
from linkage.voting.elections import election_days


@dataclass(frozen=True)
class Settings:
    """How an election votes online (docs/decisions/online-voting.md)."""

    election_id: str
    mock: bool
    opens_at_ms: int | None
    closes_at_ms: int | None
    closed_at_ms: int | None
    paper_cancels_online: bool
    revote_allowed: bool
    trustees: int
    quorum: int
    keyed: bool  # the key ceremony's context is stored

    def payload(self) -> dict[str, Any]:
        """The settings as the admin API shows them."""
        return asdict(self)


def get(conn: Connection, election_id: str) -> Settings:
    """An election's settings (defaults until set); 404 for an unknown election."""
    election_days(conn, election_id)
    row = conn.execute(
        select(evote_settings).where(evote_settings.c.election_id == election_id)
    ).first()
    if row is None:
        return Settings(election_id, False, None, None, None, True, True, 1, 1, False)
    return Settings(
        election_id,
        bool(row.mock),
        row.opens_at_ms,
        row.closes_at_ms,
        row.closed_at_ms,
        bool(row.paper_cancels_online),
        bool(row.revote_allowed),
        row.trustees,
        row.quorum,
        row.context is not None,
    )


def put(
    conn: Connection,
    election_id: str,
    mock: bool,
    opens_at_ms: int,
    closes_at_ms: int,
    paper_cancels_online: bool = True,
    revote_allowed: bool = True,
    trustees: int = 1,
    quorum: int = 1,
) -> Settings:
    """Set an election's online period, rules and trustee counts. Refused once the period was
    closed, for a period that ends before it starts, for a quorum outside 1..trustees, and for
    other trustee counts once the key ceremony's context is stored."""
    current = get(conn, election_id)
    if current.closed_at_ms is not None:
        raise Problem(409, "online-period-closed", "The online period is closed", election_id)
    if closes_at_ms <= opens_at_ms:
        raise Problem(422, "invalid-period", "The online period must close after it opens")
    if not 1 <= quorum <= trustees:
        raise Problem(422, "invalid-quorum", "The quorum must be from 1 to the trustee count")
    if current.keyed and (trustees, quorum, mock) != (
        current.trustees,
        current.quorum,
        current.mock,
    ):
        raise Problem(
            409,
            "keyed",
            "The key ceremony was held: the trustee counts and the mock flag can no longer change",
        )
    values = {
        "trustees": trustees,
        "quorum": quorum,
        "mock": mock,
        "opens_at_ms": opens_at_ms,
        "closes_at_ms": closes_at_ms,
        "paper_cancels_online": paper_cancels_online,
        "revote_allowed": revote_allowed,
    }
    exists = conn.execute(
        select(evote_settings.c.election_id).where(evote_settings.c.election_id == election_id)
    ).first()
    if exists is None:
        conn.execute(insert(evote_settings).values(election_id=election_id, **values))
    else:
        conn.execute(
            update(evote_settings)
            .where(evote_settings.c.election_id == election_id)
            .values(**values)
        )
    return get(conn, election_id)


def is_open(settings: Settings, at_ms: int | None = None) -> bool:
    """Whether ballots may be cast online now."""
    at = now_ms() if at_ms is None else at_ms
    return (
        settings.closed_at_ms is None
        and settings.opens_at_ms is not None
        and settings.closes_at_ms is not None
        and settings.opens_at_ms <= at < settings.closes_at_ms
    )


def has_closed(settings: Settings, at_ms: int | None = None) -> bool:
    """Whether the online period is over (closed by the office, or past its closing time)."""
    at = now_ms() if at_ms is None else at_ms
    return settings.closed_at_ms is not None or (
        settings.closes_at_ms is not None and at >= settings.closes_at_ms
    )


def require_open(settings: Settings) -> None:
    """Refuse (409) a cast outside the online period."""
    if not is_open(settings):
        raise Problem(
            409,
            "online-period-not-open",
            "Online voting is not open for this election",
            settings.election_id,
        )
