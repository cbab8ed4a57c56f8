"""The online ballot (phone first): contests with the 模擬 banner of a mock election, encrypted
in the browser, then cast or audited; the tracker and a link to the public bulletin board.

The page gives the browser the election context; the choice never reaches the server in
plaintext — only the encrypted ballot with its proofs, or, when the voter audits, the ballot
with the nonces that open it (that ballot can never be cast). The board is public.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import Connection, select

from linkage import unit
from linkage.api.deps import EngineDep
from linkage.evote_service import ballot_box, board, keying, settings
from linkage.evote_service.contests import contests_of
from linkage.problems import Problem
from linkage.tables import elections, evote_settings
from linkage.web.my import add_service
from linkage.web.render import render
from linkage.web.session import CsrfPersonSession, PersonSession

router = APIRouter()
add_service("/my/ballot", "ballot.title", "ballot.hint")
BALLOT_LIMIT = 512 * 1024  # characters of a ballot or audit document


def _open_elections(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(elections.c.election_id, elections.c.name)
        .join(evote_settings, evote_settings.c.election_id == elections.c.election_id)
        .order_by(elections.c.election_id)
    )
    out = []
    for r in rows:
        rules = settings.get(conn, r.election_id)
        if settings.is_open(rules) and rules.keyed:
            out.append({"election_id": r.election_id, "name": r.name, "mock": rules.mock})
    return out


@router.get("/my/ballot", include_in_schema=False)
def ballots(request: Request, _current: PersonSession, engine: EngineDep) -> HTMLResponse:
    """The elections open for online voting now."""
    return render(request, "ballots.html", {"elections": unit.read(engine, _open_elections)})


def _ballot_page(conn: Connection, person_id: str, election_id: str) -> dict[str, Any]:
    rules = settings.get(conn, election_id)
    name: str = conn.execute(
        select(elections.c.name).where(elections.c.election_id == election_id)
    ).scalar_one()
    values: dict[str, Any] = {
        "election_id": election_id,
        "name": name,
        "mock": rules.mock,
        "problem": None,
        "contests": [c.payload() for c in contests_of(conn, election_id)],
        "context": None,
    }
    try:
        settings.require_open(rules)
        ballot_box.voter_of(conn, person_id, election_id)
        values["context"] = json.dumps(keying.context_document(conn, election_id))
    except Problem as problem:
        values["problem"] = problem.kind
    return values


@router.get("/my/ballot/{election_id}", include_in_schema=False)
def ballot_page(
    request: Request, election_id: str, current: PersonSession, engine: EngineDep
) -> HTMLResponse:
    """The ballot of an election, or why the person cannot vote online in it."""
    pid = str(current.person_id)
    values = unit.read(engine, lambda conn: _ballot_page(conn, pid, election_id))
    return render(request, "ballot.html", values)


def _document(text: str, what: str) -> dict[str, Any]:
    # Its length was checked with the form (``BALLOT_LIMIT``).
    try:
        value = json.loads(text)
    except ValueError:
        raise Problem(422, f"invalid-{what}", f"The {what} is not JSON") from None
    if not isinstance(value, dict):
        raise Problem(422, f"invalid-{what}", f"The {what} is not a JSON object")
    return value


@router.post("/my/ballot/{election_id}/cast", include_in_schema=False)
def cast(
    election_id: str,
    current: CsrfPersonSession,
    engine: EngineDep,
    ballot: str = Form(max_length=BALLOT_LIMIT),
) -> JSONResponse:
    """Cast the encrypted ballot: the tracker, whether it replaced an earlier online ballot,
    and where the board is. Nothing recorded here names the ballot next to the person."""
    pid = str(current.person_id)
    document = _document(ballot, "ballot")
    done = unit.write(engine, lambda conn: ballot_box.cast(conn, pid, election_id, document))
    return JSONResponse(
        {
            "tracker": done.tracker,
            "replaced_earlier": done.replaced_earlier,
            "board": f"/board/{election_id}?tracker={done.tracker}",
        },
        status_code=201,
    )


@router.post("/my/ballot/{election_id}/audit", include_in_schema=False)
def audit(
    election_id: str,
    _current: CsrfPersonSession,
    engine: EngineDep,
    ballot: str = Form(max_length=BALLOT_LIMIT),
    opened: str = Form(max_length=BALLOT_LIMIT),
) -> JSONResponse:
    """Keep an audited ballot on the board (it is never counted): its code and the choices it
    encrypts, as the platform reads them from the revealed nonces."""
    document, nonces = _document(ballot, "ballot"), _document(opened, "audit")
    code, choices = unit.write(
        engine, lambda conn: (ballot_box.audit(conn, election_id, document, nonces), [])
    )
    return JSONResponse({"code": code, "choices": choices}, status_code=201)


@router.get("/board/{election_id}", include_in_schema=False)
def board_page(
    request: Request, election_id: str, engine: EngineDep, tracker: str = ""
) -> HTMLResponse:
    """The public bulletin board of an election; ``tracker`` is highlighted when listed."""
    wanted = tracker.strip().lower() if len(tracker) <= 128 else ""
    found = unit.read(engine, lambda conn: board.board(conn, election_id))
    listed = any(b["tracker"] == wanted for b in found["ballots"])
    return render(request, "board.html", {"board": found, "wanted": wanted, "listed": listed})
