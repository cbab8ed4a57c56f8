"""Online early-voting declaration (宣誓書): election, date and statutory reason, then a code.

The declaration itself is ``linkage.voting.declarations.make_online``; this page collects the
three answers from the signed-in (card-verified) person, explains refusals next to the field
they concern (a person the roll cannot be matched to by verified data is told what to do; what
they typed on the household page is never used for that, and whether anyone voted is told only
to a person whose roll link is verified), and shows the signed declaration code (KZ1 type 0x02)
with what happens next: a card tap, or the code, at the polling place's desk completes it.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Connection, select

from linkage import keys, unit
from linkage.api.deps import EngineDep
from linkage.problems import Problem
from linkage.tables import elections
from linkage.voting.declarations import REASONS, make_online
from linkage.voting.elections import today
from linkage.web import audit, qrimage
from linkage.web.my import add_service
from linkage.web.render import render
from linkage.web.session import CsrfPersonSession, PersonSession

router = APIRouter()
add_service("/my/declaration", "declare.title", "declare.hint")

# Problems of make_online, by the field they concern and the message that explains them.
PROBLEM_FIELDS = {
    "unknown-election": ("election_id", "declare.error.election"),
    "not-a-voting-day": ("vote_date", "declare.error.not_a_day"),
    "date-passed": ("vote_date", "declare.error.passed"),
    "invalid-reason": ("reason", "declare.error.reason"),
    "not-on-roll": ("election_id", "declare.error.not_matched"),
    "already-voted": ("election_id", "declare.error.voted"),
}


def _open_elections(conn: Connection) -> list[dict[str, Any]]:
    """Elections with an early-voting day from today on, with those days."""
    out = []
    for row in conn.execute(select(elections).order_by(elections.c.election_id)):
        days = [d for d in json.loads(row.voting_days or "[]") if d >= today().isoformat()]
        if days:
            out.append({"election_id": row.election_id, "name": row.name, "days": days})
    return out


def _form(
    request: Request,
    engine: EngineDep,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    open_elections = unit.read(engine, _open_elections)
    return render(
        request,
        "declare.html",
        {"elections": open_elections, "v": values, "errors": errors, "reasons": list(REASONS)},
        status=status,
    )


@router.get("/my/declaration", include_in_schema=False)
def form(request: Request, _current: PersonSession, engine: EngineDep) -> HTMLResponse:
    """The declaration form."""
    return _form(request, engine, {}, {})


@router.post("/my/declaration", include_in_schema=False)
async def declare(request: Request, current: CsrfPersonSession, engine: EngineDep) -> Response:
    """Declare; on success show the signed code and what to do at the polling place."""
    pid = str(current.person_id)
    posted = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    values = {k: posted.get(k, "").strip() for k in ("election_id", "vote_date", "reason")}
    errors: dict[str, str] = {}
    if not values["election_id"]:
        errors["election_id"] = "declare.error.election"
    try:
        vote_date = date.fromisoformat(values["vote_date"])
    except ValueError:
        errors["vote_date"] = "declare.error.date"
    reason = int(values["reason"]) if values["reason"].isdigit() else 0
    if reason not in REASONS:
        errors["reason"] = "declare.error.reason"
    if errors:
        return _form(request, engine, values, errors, status=422)

    def work(conn: Connection) -> tuple[Any, list[Any]]:
        issued, changes = make_online(conn, pid, values["election_id"], vote_date, reason)
        audit.record(conn, pid, "declaration.online", issued.declaration_id)
        return issued, changes

    try:
        issued = unit.write(engine, work)
    except Problem as problem:
        field, message = PROBLEM_FIELDS.get(problem.kind, ("election_id", "declare.error.other"))
        return _form(request, engine, values, {field: message}, status=problem.status)
    name: str = unit.read(
        engine,
        lambda conn: conn.execute(
            select(elections.c.name).where(elections.c.election_id == issued.election_id)
        ).scalar_one(),
    )
    png = base64.b64encode(qrimage.png(issued.code)).decode("ascii")
    return render(
        request,
        "declared.html",
        {
            "election": name,
            "vote_date": issued.vote_date.isoformat(),
            "reason": issued.reason,
            "code": issued.code,
            "svg": qrimage.svg(issued.code, name),
            "png_data": f"data:image/png;base64,{png}",
            "expires": str(keys.rfc3339(issued.expires_at))[:10],
        },
    )
