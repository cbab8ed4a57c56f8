"""Pre-registration for shelters: the household, its members, the consents, then the passes.

The signed-in person fills in their household as on a municipal evacuee registration card and
chooses the shelter they would go to. Storing it shares the household with that shelter's
kiosks (the required agreement on the form), records each member's two card consents
(whereabouts to relatives, safety published), and leads to a signed pre-registration pass per
member (KZ1 type 0x01) to show on a phone or print.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection, select

from linkage import consent, merge_suggestions, passes, people, unit
from linkage.api.deps import EngineDep
from linkage.canonical import new_id, platform_hlc
from linkage.feed import Change
from linkage.scope import shelter_key
from linkage.tables import household_members, persons, shelters
from linkage.web import audit, household_form, localtime, qrimage
from linkage.web.my import add_service, display_name
from linkage.web.render import finish, language, render
from linkage.web.session import CsrfPersonSession, PersonSession

router = APIRouter()
add_service("/my/household", "prereg.title", "prereg.hint")
ADULT_AGE = 18
METHOD = "web-pre-registration"
RELATIVES, PUBLISH = "relative-lookup", "safety-publication"
PersonId = Annotated[str, Path(min_length=1, max_length=64)]


@dataclass(frozen=True)
class MemberView:
    """A household member as the signed-in person may see them."""

    person_id: str
    fields: dict[str, Any]
    relation: str
    shareable: bool


def is_adult(birth_date: str, today: date | None = None) -> bool:
    """Whether someone born on ``birth_date`` (ISO) is 18 or older; unknown counts as adult."""
    try:
        born = date.fromisoformat(birth_date)
    except ValueError:
        return True
    day = today or date.today()
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day)) >= ADULT_AGE


def household_of(conn: Connection, person_id: str) -> tuple[str | None, list[MemberView]]:
    """The person's household and the members they may see (themselves first).

    A member protected from domestic violence is left out for everyone but themselves.
    """
    row = conn.execute(select(persons.c.household_id).where(persons.c.person_id == person_id)).one()
    if row.household_id is None:
        return None, []
    rows = conn.execute(
        select(
            persons.c.person_id,
            persons.c.fields,
            persons.c.shareable,
            household_members.c.relation,
        )
        .join(household_members, household_members.c.person_id == persons.c.person_id)
        .where(
            household_members.c.household_id == row.household_id,
            persons.c.merged_into.is_(None),
        )
        .order_by(persons.c.created_at_ms, persons.c.person_id)
    ).all()
    members = []
    for r in rows:
        fields = json.loads(r.fields)
        if r.person_id != person_id and people.is_protected(fields):
            continue
        members.append(MemberView(r.person_id, fields, r.relation, r.shareable))
    members.sort(key=lambda m: m.person_id != person_id)
    return row.household_id, members


def _shelters(conn: Connection) -> list[tuple[str, str]]:
    rows = conn.execute(select(shelters.c.shelter_id, shelters.c.name).order_by(shelters.c.name))
    return [(r.shelter_id, r.name) for r in rows]


def _form_values(household: dict[str, Any], members: list[MemberView]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in ("phone", "address", "tenure", "damage", "staying"):
        values[name] = str(household.get(name) or "")
    values["shelter_id"] = str(household.get("shelter_id") or "")
    livable = household.get("livable")
    values["livable"] = "" if livable is None else ("yes" if livable else "no")
    for outage in ("water_out", "power_out", "gas_out"):
        if household.get(outage):
            values[outage] = "on"
    for part, value in (household.get("car") or {}).items():
        values[f"car_{part}"] = str(value)
    for i, pet in enumerate(household.get("pets") or []):
        values[f"pet{i}-kind"] = str(pet.get("kind", ""))
        values[f"pet{i}-count"] = str(pet.get("count", ""))
    for i, m in enumerate(members):
        p = f"m{i}-"
        values[p + "person_id"] = m.person_id
        for name in ("sex", "birth_date", "allergies", "medication"):
            values[p + name] = str(m.fields.get(name) or "")
        values[p + "name"] = display_name(m.fields)
        values[p + "furigana"] = str(m.fields.get("furigana") or "")
        values[p + "relation"] = m.relation if m.relation != "member" else ""
        for flag in (*household_form.MEMBER_FLAGS, "consent_relatives", "consent_publish"):
            if m.fields.get(flag):
                values[p + flag] = "on"
        if people.is_protected(m.fields):
            values[p + "dv_protected"] = "on"
        for d in m.fields.get("disabilities") or []:
            values[f"{p}dis-{d}"] = "on"
    return values


def _page(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str],
    shelter_list: list[tuple[str, str]],
    status: int = 200,
    added: bool = False,
) -> HTMLResponse:
    # One row per member (and per pet) shown or posted; the "add" buttons bring one more, so
    # the form on a phone is as long as the household, not as the largest household.
    rows = sum(1 for k in values if k.endswith("-name") and k.startswith("m"))
    pets = sum(1 for k, v in values.items() if k.startswith("pet") and k.endswith("-kind") and v)
    ordered = sorted(errors, key=household_form.page_position)

    def filled(*names: str) -> bool:
        # A folded part opens when something in it was chosen (not left as it was) or is wrong.
        return any(
            values.get(n, "") not in ("", household_form.UNCHOSEN.get(n)) or n in errors
            for n in names
        )

    return render(
        request,
        "prereg.html",
        {
            "v": values,
            "errors": {name: errors[name] for name in ordered},
            "labels": {name: household_form.field_label(name) for name in ordered},
            "shelters": shelter_list,
            "member_rows": min(max(rows, 1) + added, household_form.MAX_MEMBERS),
            "added": added,
            "pet_rows": min(household_form.MAX_PETS, pets + 1),
            "filled": filled,
            "f": household_form,
        },
        status=status,
    )


@router.get("/my/household", include_in_schema=False)
def form(request: Request, current: PersonSession, engine: EngineDep) -> HTMLResponse:
    """The form, filled in with what the platform already holds."""
    pid = str(current.person_id)

    def load(conn: Connection) -> tuple[dict[str, str], list[tuple[str, str]]]:
        household_id, members = household_of(conn, pid)
        household = people.load_household(conn, household_id).fields if household_id else {}
        if not members:
            own = people.load_record(conn, pid).fields
            members = [MemberView(pid, own, "", False)]
        return _form_values(household, members), _shelters(conn)

    values, shelter_list = unit.read(engine, load)
    return _page(request, values, {}, shelter_list)


@router.post("/my/household", include_in_schema=False)
async def submit(request: Request, current: CsrfPersonSession, engine: EngineDep) -> Response:
    """Check the form; store it all, or nothing and say what to correct next to each field."""
    pid = str(current.person_id)
    posted = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    shelter_list = unit.read(engine, _shelters)
    if "add_member" in posted:
        return _page(request, posted, {}, shelter_list, added=True)
    parsed = household_form.parse(posted, {s for s, _ in shelter_list}, date.today())
    own_ids = unit.read(engine, lambda conn: {m.person_id for m in household_of(conn, pid)[1]})
    own_ids.add(pid)
    for m in parsed.members:
        if m.person_id and m.person_id not in own_ids:
            parsed.errors[f"m{m.index}-name"] = "prereg.error.member"
    if pid not in {m.person_id for m in parsed.members}:
        parsed.errors["m0-name"] = "prereg.error.self"
    if parsed.errors:
        return _page(request, parsed.values, parsed.errors, shelter_list, status=422)
    unit.write(engine, lambda conn: (None, _store(conn, pid, parsed)))
    response = RedirectResponse("/my/pass", status_code=303)
    finish(request, response)
    return response


def _store(conn: Connection, pid: str, parsed: household_form.Parsed) -> list[Change]:
    hlc = platform_hlc()
    row = conn.execute(select(persons.c.household_id).where(persons.c.person_id == pid)).one()
    household_id = row.household_id or new_id("h")
    people.ensure_household(conn, household_id)
    shelter_id = parsed.household.shelter_id
    record = people.load_household(conn, household_id)
    fields = dict(parsed.household.fields, shelter_id=shelter_id, representative_id=pid)
    if not record.fields.get("registered_on"):
        fields["registered_on"] = date.today().isoformat()
    record.merge(fields, hlc)
    changes = people.save_record(conn, "household", household_id, record, None)
    member_ids = []
    created: list[str] = []
    for m in parsed.members:
        values = dict(m.fields)
        relation = str(values.pop("relation") or "member")
        # Every adult agrees for themselves (shelters.md): for another adult the boxes are not
        # taken from the representative; they decide on their own consent page.
        decides = m.person_id == pid or not is_adult(str(values.get("birth_date", "")))
        if decides:
            values.update(consent_relatives=m.relatives, consent_publish=m.publish)
        if m.protect:
            values["dv_protected"] = True  # set here, cleared only by staff
        mid = m.person_id or new_id("p")
        if m.person_id:
            own = people.load_record(conn, mid)
            own.merge(values, hlc)
            changes += people.save_record(conn, "person", mid, own, None)
        else:
            people.create_person(conn, mid, "pre-registered", values, hlc)
            created.append(mid)
        people.add_member(conn, household_id, mid, relation)
        people.add_scope(conn, mid, shelter_key(shelter_id))
        choices = [("roster-storage", True), (consent.KIOSK_SHARING, True)]
        if decides:
            choices += [(RELATIVES, m.relatives), (PUBLISH, m.publish)]
        for definition, wanted in choices:
            now = consent.current_state(conn, mid, definition)
            if (now is None and wanted) or (now is not None and (now.state == "given") != wanted):
                state = "given" if wanted else "withdrawn"
                changes += consent.record(conn, mid, definition, state, METHOD, pid)[1]
        changes += people.person_changes(conn, mid)
        member_ids.append(mid)
    merge_suggestions.suggest(conn, created)
    changes += people.household_changes(conn, household_id)
    audit.record(conn, pid, "pre-registration", household_id, members=len(member_ids))
    return changes


@router.get("/my/pass", include_in_schema=False)
def pass_page(request: Request, current: PersonSession, engine: EngineDep) -> Response:
    """A signed pass per member the person may see, as QR codes to show, save or print.

    A member who withdrew kiosk sharing gets no pass: the page names them and says that QR
    check-in no longer works for them, from the moment of the withdrawal.
    """
    pid = str(current.person_id)
    valid_s = request.app.state.settings.pass_days * 86400
    lang = language(request)

    def issue(conn: Connection) -> tuple[list[dict[str, Any]], list[str]]:
        household_id, members = household_of(conn, pid)
        if household_id is None:
            return [], []
        shelter_id = people.load_household(conn, household_id).fields.get("shelter_id")
        out, withdrawn = [], []
        for m in members:
            if not m.shareable:
                withdrawn.append(display_name(m.fields))
                continue
            issued = passes.issue_pass(conn, m.person_id, valid_s, shelter_id)
            out.append(
                {
                    "person_id": m.person_id,
                    "name": m.fields.get("name", ""),
                    "code": issued.code,
                    "svg": qrimage.svg(issued.code, str(m.fields.get("name", ""))),
                    "expires": localtime.day(issued.expires_at, lang),
                }
            )
        return out, withdrawn

    issued, withdrawn = unit.read(engine, issue)
    if not issued and not withdrawn:
        response = RedirectResponse("/my/household", status_code=303)
        finish(request, response)
        return response
    return render(request, "pass.html", {"passes": issued, "withdrawn": withdrawn})


@router.get("/my/pass/{person_id}.png", include_in_schema=False)
def pass_png(
    person_id: PersonId, request: Request, current: PersonSession, engine: EngineDep
) -> Response:
    """One member's pass as a PNG file to keep on the phone or print."""
    pid = str(current.person_id)

    def issue(conn: Connection) -> str | None:
        household_id, members = household_of(conn, pid)
        member = next((m for m in members if m.person_id == person_id and m.shareable), None)
        if household_id is None or member is None:
            return None
        shelter_id = people.load_household(conn, household_id).fields.get("shelter_id")
        valid_s = request.app.state.settings.pass_days * 86400
        return passes.issue_pass(conn, person_id, valid_s, shelter_id).code

    code = unit.read(engine, issue)
    if code is None:
        # The same answer for someone else's id as for an id that does not exist.
        return render(
            request,
            "message.html",
            {
                "title_key": "pass.title",
                "message_key": "error.not_found",
                "back_key": "my.title",
                "back_href": "/my",
                "error": True,
            },
            status=404,
        )
    response = Response(
        qrimage.png(code),
        media_type="image/png",
        headers={"Content-Disposition": f'attachment; filename="kazasu-pass-{person_id}.png"'},
    )
    finish(request, response)
    return response
