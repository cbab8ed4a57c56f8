"""Browser sessions kept on the server, their cookie, and CSRF tokens.

Every browser gets a session row on its first page (anonymous until a sign-in): the row holds
the CSRF token every state-changing form must echo, and binds a pending sign-in to the browser
that asked for it. Signing in replaces the session with a new one (a new cookie value), so a
value planted before sign-in is worthless after it. Sessions end after 15 idle minutes, two
hours at most, or at sign-out.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Form, Request, Response
from sqlalchemy import Connection, Engine, delete, insert, select, update

from linkage import people, unit
from linkage.canonical import now_ms
from linkage.tables import web_sessions

COOKIE = "__Host-kz_session"
IDLE_S = 15 * 60
ABSOLUTE_S = 2 * 3600
ANONYMOUS_S = 30 * 60


@dataclass(frozen=True)
class Session:
    """A browser's session: who is signed in (None: nobody) and the CSRF token."""

    session_hash: str
    person_id: str | None
    auth_method: str | None
    csrf_token: str
    new_cookie: str | None = None


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _load(conn: Connection, cookie: str) -> Session | None:
    now = now_ms()
    row = conn.execute(
        select(web_sessions).where(web_sessions.c.session_hash == _hash(cookie))
    ).first()
    if row is None or row.expires_at_ms < now or row.idle_expires_at_ms < now:
        return None
    idle = IDLE_S if row.person_id else ANONYMOUS_S
    conn.execute(
        update(web_sessions)
        .where(web_sessions.c.session_hash == row.session_hash)
        .values(idle_expires_at_ms=min(now + idle * 1000, row.expires_at_ms))
    )
    return _session(conn, row)


def _session(conn: Connection, row: Any) -> Session:
    # A walk-in merged into another record since sign-in is that record from now on.
    person_id = people.resolve(conn, row.person_id) if row.person_id else None
    method = row.auth_method if person_id else None
    return Session(row.session_hash, person_id, method, row.csrf_token)


def _create(conn: Connection, person_id: str | None, method: str | None) -> Session:
    cookie = secrets.token_urlsafe(32)
    now = now_ms()
    lifetime = ABSOLUTE_S if person_id else ANONYMOUS_S
    idle = IDLE_S if person_id else ANONYMOUS_S
    # Expired rows are swept here, so no separate job is needed.
    conn.execute(delete(web_sessions).where(web_sessions.c.expires_at_ms < now))
    session_hash, csrf = _hash(cookie), secrets.token_urlsafe(32)
    conn.execute(
        insert(web_sessions).values(
            session_hash=session_hash,
            person_id=person_id,
            auth_method=method,
            csrf_token=csrf,
            created_at_ms=now,
            expires_at_ms=now + lifetime * 1000,
            idle_expires_at_ms=now + idle * 1000,
        )
    )
    return Session(session_hash, person_id, method, csrf, cookie)


def get_session(request: Request) -> Session:
    """This request's session, made anonymous if the browser has none (cookie set on render)."""
    cached: Session | None = getattr(request.state, "web_session", None)
    if cached is not None:
        return cached
    cookie = request.cookies.get(COOKIE)
    engine = _engine(request)

    def work(conn: Connection) -> Session:
        found = _load(conn, cookie) if cookie else None
        return found or _create(conn, None, None)

    session = unit.write(engine, lambda conn: (work(conn), []))
    request.state.web_session = session
    return session


def sign_in(request: Request, conn: Connection, person_id: str, method: str) -> Session:
    """Replace the browser's session with a new one for ``person_id``."""
    old: Session | None = getattr(request.state, "web_session", None)
    if old is not None:
        conn.execute(delete(web_sessions).where(web_sessions.c.session_hash == old.session_hash))
    session = _create(conn, person_id, method)
    request.state.web_session = session
    return session


def sign_out(request: Request) -> None:
    """End the browser's session; the next page starts an anonymous one."""
    session = get_session(request)
    unit.run(
        _engine(request),
        lambda conn: conn.execute(
            delete(web_sessions).where(web_sessions.c.session_hash == session.session_hash)
        ),
    )
    request.state.web_session = None


def store_cookie(request: Request, response: Response) -> None:
    """Send the session cookie when the session is new (Secure, HttpOnly, SameSite=Lax)."""
    session: Session | None = getattr(request.state, "web_session", None)
    if session is not None and session.new_cookie:
        response.set_cookie(
            COOKIE,
            session.new_cookie,
            max_age=ABSOLUTE_S if session.person_id else ANONYMOUS_S,
            path="/",
            secure=True,
            httponly=True,
            samesite="lax",
        )


class CsrfRejected(Exception):
    """A form came without this session's CSRF token; nothing was done."""


def check_csrf(request: Request, csrf_token: Annotated[str, Form(max_length=128)] = "") -> Session:
    """Refuse (403) a form whose CSRF token is missing or not this session's."""
    session = peek_session(request)
    if (
        session is None
        or not csrf_token
        or not secrets.compare_digest(csrf_token.encode(), session.csrf_token.encode())
    ):
        raise CsrfRejected()
    request.state.web_session = session
    return session


def check_csrf_person(session: Annotated[Session, Depends(check_csrf)]) -> Session:
    """A form with a valid CSRF token from a signed-in person."""
    if session.person_id is None:
        raise SignInRequired()
    return session


def require_person(request: Request) -> Session:
    """The signed-in session; others are sent to the sign-in page."""
    session = get_session(request)
    if session.person_id is None:
        raise SignInRequired()
    return session


class SignInRequired(Exception):
    """Raised by pages that need a signed-in person; answered with a redirect to sign-in."""


def peek_session(request: Request) -> Session | None:
    """The browser's live session if it has one, read only (public pages write nothing)."""
    cached: Session | None = getattr(request.state, "web_session", None)
    if cached is not None:
        return cached
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    now = now_ms()

    def read(conn: Connection) -> Session | None:
        row = conn.execute(
            select(web_sessions).where(web_sessions.c.session_hash == _hash(cookie))
        ).first()
        if row is None or row.expires_at_ms < now or row.idle_expires_at_ms < now:
            return None
        return _session(conn, row)

    return unit.read(_engine(request), read)


def template_values(request: Request) -> dict[str, Any]:
    """What every template needs from the session: the CSRF token, who is signed in."""
    session = peek_session(request)
    if session is None:
        return {"csrf_token": "", "signed_in": None}
    return {"csrf_token": session.csrf_token, "signed_in": session.person_id}


CsrfSession = Annotated[Session, Depends(check_csrf)]
CsrfPersonSession = Annotated[Session, Depends(check_csrf_person)]
PersonSession = Annotated[Session, Depends(require_person)]
AnySession = Annotated[Session, Depends(get_session)]
