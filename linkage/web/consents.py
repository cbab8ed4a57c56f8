"""The consent dashboard: each consent in force, what it shares with whom, its history, and
every disclosure partners received about the person.

One action withdraws a consent (or gives it again); the receipt downloads as the ISO/IEC TS
27560-shaped JSON of ``linkage.consent.receipt``, with the codes the person made so that a
relative can find them. Withdrawing ``kiosk-roster`` removes the person from every kiosk at
its next sync, as a withdrawal at the counter does.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection, insert, select, update

from linkage import consent, unit
from linkage.api.deps import EngineDep
from linkage.canonical import new_id, now_ms
from linkage.partners import consents as partner_consents
from linkage.partners import disclosures
from linkage.people import is_protected
from linkage.problems import Problem
from linkage.tables import lookup_grants, persons
from linkage.web import audit, localtime
from linkage.web.i18n import catalogue
from linkage.web.my import add_service, display_name
from linkage.web.render import finish, language, render
from linkage.web.session import CsrfPersonSession, PersonSession

router = APIRouter()
add_service("/my/consents", "consents.title", "consents.hint")
METHOD = "web-dashboard"
# The states a withdrawal changes: a grant (of this or an older version) or an opt-out not used.
IN_FORCE = ("given", "renew", "opt-out")
DefinitionId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9-]+$")]
GrantId = Annotated[str, Path(min_length=1, max_length=64)]
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over a phone
CODE_LENGTH = 10
CODE_TTL_S = 7 * 86400


def code_hash(code: str) -> str:
    """The stored form of a finder code, from what a person typed (case and dashes ignored)."""
    normal = "".join(c for c in code.upper() if c in CODE_ALPHABET)
    return hashlib.sha256(normal.encode()).hexdigest()


def _grants(conn: Connection, pid: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(lookup_grants, persons.c.fields)
        .outerjoin(persons, persons.c.person_id == lookup_grants.c.finder_id)
        .where(lookup_grants.c.person_id == pid, lookup_grants.c.withdrawn_at_ms.is_(None))
        .order_by(lookup_grants.c.created_at_ms)
    )
    out = []
    for r in rows:
        if r.finder_id is None and r.code_expires_at_ms < now_ms():
            continue
        out.append(
            {
                "grant_id": r.grant_id,
                "finder": display_name(json.loads(r.fields)) if r.fields else None,
                "created": localtime.minute(r.created_at_ms)[:10],
                "expires": localtime.minute(r.code_expires_at_ms)[:10],
            }
        )
    return out


def shown_state(conn: Connection, pid: str, definition: dict[str, Any]) -> str:
    """How a definition stands for the person, as the page says it: ``given``, ``withdrawn``,
    ``none``, ``renew`` (a new version asks again), ``opt-out`` (in force until withdrawn) or
    ``statute`` (shared by law, no consent asked)."""
    state = partner_consents.state(conn, pid, definition)
    return "opt-out" if state == "none" and definition["mode"] == "opt-out" else state


def _dashboard(conn: Connection, pid: str) -> dict[str, Any]:
    history = consent.history(conn, pid)
    fields = json.loads(
        conn.execute(select(persons.c.fields).where(persons.c.person_id == pid)).scalar_one()
    )
    every = [dict(d, state=shown_state(conn, pid, d)) for d in consent.definitions(conn)]
    return {
        "definitions": [d for d in every if d["partner_id"] is None],
        "partners": [d for d in every if d["partner_id"] is not None],
        # Shown in Japan time: a withdrawal at 08:30 must not read as 23:30 the day before.
        "history": [dict(e, at=localtime.minute_of(e["recorded_at"])) for e in reversed(history)],
        "disclosures": [
            dict(d, at=localtime.minute(d["disclosed_at_ms"]))
            for d in disclosures.of_person(conn, pid)
        ],
        "grants": _grants(conn, pid),
        "protected": is_protected(fields),
    }


def _page(
    request: Request, engine: EngineDep, pid: str, extra: dict[str, Any] | None = None
) -> HTMLResponse:
    values = unit.read(engine, lambda conn: _dashboard(conn, pid))
    # A partner's wording in the resident's language where the administrator gave it.
    lang = language(request)
    values["partners"] = [partner_consents.worded(d, lang) for d in values["partners"]]
    titles = {d["definition_id"]: d["title"] for d in values["partners"]}
    for x in values["disclosures"]:
        x["title"] = titles.get(x["definition_id"], x["title"])
    values.update(extra or {})
    values["known"] = known_definition
    values["known_method"] = lambda method: f"consents.method.{method}" in catalogue()
    values["known_data"] = lambda kind: f"consents.data.{kind}" in catalogue()
    return render(request, "consents.html", values)


def _state_of(conn: Connection, pid: str, definition_id: str) -> str | None:
    found = [d for d in consent.definitions(conn) if d["definition_id"] == definition_id]
    return shown_state(conn, pid, found[0]) if found else None


def known_definition(definition_id: str) -> bool:
    """Whether the catalogue has texts for a definition (else the stored English is shown)."""
    return f"consent.def.{definition_id}.title" in catalogue()


@router.get("/my/consents", include_in_schema=False)
def dashboard(request: Request, current: PersonSession, engine: EngineDep) -> HTMLResponse:
    """Every consent of the signed-in person, with its history and the finder codes."""
    return _page(request, engine, str(current.person_id))


@router.post("/my/consents/{definition_id}/{action}", include_in_schema=False)
def change(
    definition_id: DefinitionId,
    action: Annotated[str, Path(pattern=r"^(withdraw|give)$")],
    request: Request,
    current: CsrfPersonSession,
    engine: EngineDep,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Withdraw (or give again) one consent: a new record, the kiosks told at their next sync.

    A withdrawal is asked once more first, saying what stops working; only the answer
    ``confirm=yes`` withdraws.
    """
    pid = str(current.person_id)
    state = "withdrawn" if action == "withdraw" else "given"
    if state == "withdrawn" and confirm != "yes":
        shown = unit.read(engine, lambda conn: _state_of(conn, pid, definition_id))
        if shown in IN_FORCE:
            return render(
                request,
                "consent_withdraw.html",
                {"definition_id": definition_id, "known": known_definition},
            )

    def work(conn: Connection) -> tuple[None, list[Any]]:
        consent.require_definition(conn, definition_id)
        now = _state_of(conn, pid, definition_id)
        if now == "statute":
            raise Problem(409, "statute-basis", "Shared by law: there is no consent to change")
        if (state == "given" and now == "given") or (state == "withdrawn" and now not in IN_FORCE):
            return None, []
        _, changes = consent.record(conn, pid, definition_id, state, METHOD, pid)
        audit.record(conn, pid, f"consent.{state}", definition_id)
        return None, changes

    try:
        unit.write(engine, work)
    except Problem:
        return _page(request, engine, pid, {"failed": True})
    response = RedirectResponse(
        f"/my/consents?done={state}&what={definition_id}#def-{definition_id}", status_code=303
    )
    finish(request, response)
    return response


@router.get("/my/consents/receipt.json", include_in_schema=False)
def receipt(request: Request, current: PersonSession, engine: EngineDep) -> Response:
    """The consent receipt to keep, with the person's finder codes in force."""
    pid = str(current.person_id)
    controller = request.app.state.settings.controller

    def build(conn: Connection) -> dict[str, Any]:
        body = consent.receipt(conn, pid, controller)
        body["lookup_grants"] = [
            {"grant_id": g["grant_id"], "redeemed": g["finder"] is not None, "since": g["created"]}
            for g in _grants(conn, pid)
        ]
        body["language"] = language(request)
        return body

    body = unit.read(engine, build)
    response = Response(
        json.dumps(body, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="kazasu-consent-receipt.json"'},
    )
    finish(request, response)
    return response


@router.post("/my/consents/finder-codes", include_in_schema=False)
def new_code(request: Request, current: CsrfPersonSession, engine: EngineDep) -> Response:
    """A one-time code for a relative: whoever redeems it may see which shelter you are at."""
    pid = str(current.person_id)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))

    def work(conn: Connection) -> None:
        now = now_ms()
        conn.execute(
            insert(lookup_grants).values(
                grant_id=new_id("lg"),
                person_id=pid,
                finder_id=None,
                code_hash=code_hash(code),
                created_at_ms=now,
                code_expires_at_ms=now + CODE_TTL_S * 1000,
            )
        )
        audit.record(conn, pid, "finder-code.created", None)

    unit.run(engine, work)
    shown = f"{code[:5]}-{code[5:]}"
    return _page(request, engine, pid, {"new_code": shown})


@router.post("/my/consents/grants/{grant_id}/withdraw", include_in_schema=False)
def withdraw_grant(
    grant_id: GrantId, request: Request, current: CsrfPersonSession, engine: EngineDep
) -> Response:
    """Stop someone finding you (or cancel a code nobody redeemed yet)."""
    pid = str(current.person_id)

    def work(conn: Connection) -> None:
        done = conn.execute(
            update(lookup_grants)
            .where(
                lookup_grants.c.grant_id == grant_id,
                lookup_grants.c.person_id == pid,
                lookup_grants.c.withdrawn_at_ms.is_(None),
            )
            .values(withdrawn_at_ms=now_ms(), code_hash=None)
        ).rowcount
        if done:
            audit.record(conn, pid, "finder-grant.withdrawn", grant_id)

    unit.run(engine, work)
    response = RedirectResponse("/my/consents?done=withdrawn", status_code=303)
    finish(request, response)
    return response
