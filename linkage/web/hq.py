"""The disaster headquarters' pages (災害対策本部): every shelter of a municipality at once, the
shelter status report, each shelter's supplies, relatives' inquiries answered by call-centre
staff, and the attendance of community events for their organisers.

Staff sign in as anyone does (card, or the city's OpenID Connect provider once connected) and
are let in by their role for a municipality (``linkage.hq_staff``); others get a plain 403.
The overview reloads itself every 30 seconds, so it follows the kiosks' syncs; its charts and
the shelter plot are SVG drawn here, so the page needs no script and loads nothing from outside.
With a tile server configured (the public map's setting, ``KAZASU_MAP_TILE_URL``), the bundled
Leaflet draws the same shelters on map tiles, markers coloured and labelled by congestion; the
SVG plot stays for browsers without scripts, and is what shows when there are no tiles.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection, select

from linkage import event_sites, hq, hq_report, hq_staff, supplies, unit
from linkage.api.deps import EngineDep
from linkage.canonical import now_ms
from linkage.config import Settings
from linkage.feed import Change
from linkage.occupancy import Congestion
from linkage.tables import municipalities, shelters
from linkage.web import audit
from linkage.web.consents import code_hash
from linkage.web.i18n import translate
from linkage.web.localtime import minute
from linkage.web.render import finish, language, render
from linkage.web.session import AnySession, CsrfPersonSession, SignInRequired
from linkage.web.shelter_map import allow_tiles
from linkage.whereabouts import Inquiry, answer_inquiry, check_inquiry

router = APIRouter()
REFRESH_S = 30
INQUIRIES_PER_HOUR = 120
HOUR_S = 3600
# The plot of shelters: width and height of the SVG, and its margin, in pixels.
PLOT_W, PLOT_H, PLOT_M = 640, 360, 24
CHART_H = 160


class NotStaff(Exception):
    """A signed-in person without the role a headquarters page needs."""


def _staff(request: Request, session: Any, role: str) -> tuple[str, dict[str, set[str]]]:
    if session.person_id is None:
        raise SignInRequired()
    roles = unit.read(request.app.state.engine, lambda c: hq_staff.roles_of(c, session.person_id))
    allowed = {m: r for m, r in roles.items() if role in r}
    if not allowed:
        raise NotStaff()
    return str(session.person_id), allowed


def _municipality(chosen: str | None, allowed: dict[str, set[str]]) -> str:
    if chosen in allowed:
        return str(chosen)
    return sorted(allowed)[0]


def _names(conn: Connection, ids: list[str]) -> dict[str, str]:
    rows = conn.execute(
        select(municipalities.c.municipality_id, municipalities.c.name).where(
            municipalities.c.municipality_id.in_(ids)
        )
    )
    return {r.municipality_id: r.name for r in rows}


def plot(figures: list[hq.ShelterFigures]) -> list[dict[str, Any]]:
    """Each located shelter's point on the plot (longitude across, latitude up), with its level."""
    located = [f for f in figures if f.latitude is not None and f.longitude is not None]
    if not located:
        return []
    lats = [float(f.latitude or 0) for f in located]
    lons = [float(f.longitude or 0) for f in located]
    # One scale for both axes, so distances keep their proportions; a single point is centred.
    span = max(max(lats) - min(lats), max(lons) - min(lons)) or 1.0
    scale = min(PLOT_W, PLOT_H) - 2 * PLOT_M
    points = []
    for f, lat, lon in zip(located, lats, lons, strict=True):
        x = PLOT_M + (lon - min(lons)) / span * scale if len(located) > 1 else PLOT_W / 2
        y = PLOT_H - PLOT_M - (lat - min(lats)) / span * scale if len(located) > 1 else PLOT_H / 2
        points.append({"x": round(x, 1), "y": round(y, 1), "f": f})
    return points


def tile_markers(figures: list[hq.ShelterFigures], lang: str) -> list[dict[str, Any]]:
    """Each located shelter as the tile map's script draws it: where, its level in the page's
    language, and the figures its popup shows."""
    return [
        {
            "id": f.shelter_id,
            "name": f.name,
            "lat": f.latitude,
            "lon": f.longitude,
            "level": f.congestion.value,
            "label": translate(lang, f"hq.level.{f.congestion.value}"),
            "figures": translate(lang, "hq.map.figures", n=f.present)
            + (f" / {f.capacity}" if f.capacity is not None else ""),
        }
        for f in figures
        if f.latitude is not None and f.longitude is not None
    ]


def chart(flows: list[hq.Flow]) -> dict[str, Any]:
    """Bars of arrivals and departures per hour, scaled to the busiest hour."""
    top = max([1, *(max(f.arrivals, f.departures) for f in flows)])
    width = 600 / max(1, len(flows))
    bars = []
    for i, f in enumerate(flows):
        a = f.arrivals / top * CHART_H
        d = f.departures / top * CHART_H
        bars.append(
            {
                "x": round(i * width, 1),
                "w": round(width / 2 - 1, 1),
                "a": round(a, 1),
                "d": round(d, 1),
                "flow": f,
                "label": hq.hour_label(f.start_ms),
            }
        )
    return {"bars": bars, "top": top, "height": CHART_H}


@router.get("/hq", include_in_schema=False)
def overview(
    request: Request,
    session: AnySession,
    engine: EngineDep,
    municipality: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    """Every shelter of the municipality: people, households, care needs, outside, the map."""
    _, allowed = _staff(request, session, hq_staff.VIEWER)
    chosen = _municipality(municipality, allowed)
    at = now_ms()

    def read(conn: Connection) -> dict[str, Any]:
        rows = hq.figures(conn, chosen)
        return {
            "figures": rows,
            "totals": hq.totals(rows),
            "flows": chart(hq.flows(conn, chosen, at)),
            "names": _names(conn, sorted(allowed)),
        }

    values = unit.read(engine, read)
    settings: Settings = request.app.state.settings
    markers = tile_markers(values["figures"], language(request))
    response = render(
        request,
        "hq.html",
        values
        | {
            "municipality": chosen,
            "allowed": sorted(allowed),
            "can_inquire": hq_staff.OPERATOR in allowed[chosen],
            "points": plot(values["figures"]),
            "plot": {"w": PLOT_W, "h": PLOT_H},
            "at": minute(at),
            "care_kinds": hq.CARE_KINDS,
            "outside": hq.OUTSIDE,
            "levels": [c.value for c in Congestion],
            "tile_url": settings.map_tile_url if markers else None,
            "attribution": settings.map_attribution,
            "markers_json": json.dumps(markers, ensure_ascii=False),
        },
    )
    allow_tiles(response, settings)
    response.headers["Refresh"] = str(REFRESH_S)
    return response


def _report(
    request: Request, session: Any, municipality: str | None
) -> tuple[str, str, list[hq.ShelterFigures], int]:
    person, allowed = _staff(request, session, hq_staff.VIEWER)
    chosen = _municipality(municipality, allowed)

    def read(conn: Connection) -> tuple[str, list[hq.ShelterFigures]]:
        audit.record(conn, person, "hq-report", chosen)
        return _names(conn, [chosen]).get(chosen, chosen), hq.figures(conn, chosen)

    name, rows = unit.write(request.app.state.engine, lambda c: (read(c), []))
    return chosen, name, rows, now_ms()


@router.get("/hq/report.csv", include_in_schema=False)
def report_csv(
    request: Request,
    session: AnySession,
    municipality: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The shelter status report (避難所状況報告) as CSV for Excel."""
    chosen, _, rows, _ = _report(request, session, municipality)
    response = Response(
        hq_report.as_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="shelter-report-{chosen}.csv"'},
    )
    finish(request, response)
    return response


@router.get("/hq/report.pdf", include_in_schema=False)
def report_pdf(
    request: Request,
    session: AnySession,
    municipality: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The shelter status report as a printable PDF."""
    chosen, name, rows, at = _report(request, session, municipality)
    response = Response(
        hq_report.as_pdf(name, rows, at),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="shelter-report-{chosen}.pdf"'},
    )
    finish(request, response)
    return response


@router.get("/hq/inquiry", include_in_schema=False)
def inquiry_form(request: Request, session: AnySession) -> HTMLResponse:
    """The relatives' inquiry form for call-centre staff."""
    _staff(request, session, hq_staff.OPERATOR)
    return render(request, "hq_inquiry.html", {"errors": {}, "v": {}, "answers": None})


@router.post("/hq/inquiry", include_in_schema=False)
def inquiry(
    request: Request,
    session: CsrfPersonSession,
    engine: EngineDep,
    relationship: Annotated[str, Form(max_length=100)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    birth_date: Annotated[str, Form(max_length=20)] = "",
    code: Annotated[str, Form(max_length=40)] = "",
) -> HTMLResponse:
    """Search for a person on a caller's behalf: by full name and birth date, or by the finder
    code the person gave; answered only as the person's consent and protection allow, and
    audited with the staff member and the stated relationship."""
    staff, allowed = _staff(request, session, hq_staff.OPERATOR)
    asked = Inquiry(relationship.strip(), name.strip(), birth_date.strip(), code.strip())
    typed = {"relationship": relationship, "name": name, "birth_date": birth_date, "code": code}
    errors = {k: f"hq.inquiry.error.{k}.{v}" for k, v in check_inquiry(asked).items()}
    if errors:
        return render(
            request, "hq_inquiry.html", {"errors": errors, "v": typed, "answers": None}, 422
        )

    def work(conn: Connection) -> list[Any] | None:
        if audit.recent(conn, staff, "hq-inquiry", HOUR_S) >= INQUIRIES_PER_HOUR:
            return None
        answers, reached = answer_inquiry(
            conn, asked, set(allowed), code_hash(asked.code) if asked.code else None
        )
        told = {a.person_id for a in answers}
        audit.record(
            conn,
            staff,
            "hq-inquiry",
            None,
            relationship=asked.relationship,
            by="code" if asked.code else "name-and-birth-date",
            reached=len(reached),
            answered=len(told),
        )
        for pid in reached:
            audit.record(
                conn,
                staff,
                "hq-inquiry.reached",
                pid,
                relationship=asked.relationship,
                answered=pid in told,
            )
        return answers

    answers = unit.write(engine, lambda conn: (work(conn), []))
    if answers is None:
        return render(
            request,
            "hq_inquiry.html",
            {"errors": {}, "v": typed, "answers": None, "limited": True},
            429,
        )
    return render(request, "hq_inquiry.html", {"errors": {}, "v": {}, "answers": answers})


@router.get("/hq/events", include_in_schema=False)
def event_list(
    request: Request,
    session: AnySession,
    engine: EngineDep,
    municipality: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    """The municipality's event sites with their attendance, for organisers."""
    _, allowed = _staff(request, session, hq_staff.ORGANISER)
    chosen = _municipality(municipality, allowed)
    sites = unit.read(engine, lambda conn: event_sites.event_sites_of(conn, chosen))
    return render(request, "hq_events.html", {"sites": sites, "site": None, "roster": []})


@router.get("/hq/events/{shelter_id}", include_in_schema=False)
def event_roster(
    request: Request,
    session: AnySession,
    engine: EngineDep,
    shelter_id: Annotated[str, Path(min_length=1, max_length=64)],
) -> HTMLResponse:
    """One event's roster: who came, who is there now; audited per view."""
    person, allowed = _staff(request, session, hq_staff.ORGANISER)

    def read(conn: Connection) -> tuple[Any, list[event_sites.Attendee]] | None:
        found = [
            s
            for m in sorted(allowed)
            for s in event_sites.event_sites_of(conn, m)
            if s.shelter_id == shelter_id
        ]
        if not found:
            return None
        audit.record(conn, person, "event-roster", shelter_id)
        return found[0], event_sites.roster(conn, shelter_id)

    shown = unit.write(engine, lambda conn: (read(conn), []))
    if shown is None:
        return render(
            request,
            "message.html",
            {
                "title_key": "hq.events.title",
                "message_key": "hq.events.unknown",
                "back_key": "hq.events.back",
                "back_href": "/hq/events",
                "error": True,
            },
            status=404,
        )
    site, people = shown
    return render(request, "hq_events.html", {"sites": [], "site": site, "roster": people})


def _supplies_page(engine: Any, chosen: str, extra: dict[str, Any]) -> dict[str, Any]:
    def read(conn: Connection) -> dict[str, Any]:
        today = hq.today()
        rows = hq.figures(conn, chosen)
        return {
            "shelters": [(f, supplies.of_shelter(conn, f.shelter_id, today)) for f in rows],
            "totals": supplies.totals(conn, chosen, today),
        }

    return unit.read(engine, read) | {"municipality": chosen, "errors": {}} | extra


@router.get("/hq/supplies", include_in_schema=False)
def supplies_view(
    request: Request,
    session: AnySession,
    engine: EngineDep,
    municipality: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    """Each shelter's stock, requests and the roster's suggestion, and the totals."""
    _, allowed = _staff(request, session, hq_staff.VIEWER)
    chosen = _municipality(municipality, allowed)
    return render(request, "hq_supplies.html", _supplies_page(engine, chosen, {}))


@router.post("/hq/supplies/{shelter_id}", include_in_schema=False)
async def supplies_update(
    request: Request,
    session: CsrfPersonSession,
    engine: EngineDep,
    shelter_id: Annotated[str, Path(min_length=1, max_length=64)],
) -> Response:
    """Record one shelter's stock and requests (every item's two numbers in one form)."""
    person, allowed = _staff(request, session, hq_staff.VIEWER)
    form = await request.form()
    wanted: dict[str, tuple[int, int]] = {}
    errors: dict[str, str] = {}
    for item in supplies.ITEMS:
        numbers = []
        for part in ("stock", "requested"):
            text = str(form.get(f"{item}.{part}", "0")).strip() or "0"
            if not text.isascii() or not text.isdigit() or int(text) > supplies.MAX_QUANTITY:
                errors[f"{item}.{part}"] = "hq.supplies.error.quantity"
                numbers.append(0)
            else:
                numbers.append(int(text))
        wanted[item] = (numbers[0], numbers[1])

    def work(conn: Connection) -> tuple[str | None, list[Change]]:
        site = conn.execute(
            select(shelters.c.municipality_id).where(shelters.c.shelter_id == shelter_id)
        ).first()
        if site is None or site.municipality_id not in allowed:
            return None, []
        if errors:
            return str(site.municipality_id), []
        for item, (stock, requested) in wanted.items():
            supplies.set_supply(conn, shelter_id, item, stock, requested, person)
        audit.record(conn, person, "hq-supplies", shelter_id)
        # The shelter's kiosks show what HQ entered (a later kiosk entry wins per item).
        return str(site.municipality_id), supplies.changes(conn, shelter_id)

    chosen = unit.write(engine, work)
    if chosen is None:
        raise NotStaff()
    if errors:
        values = _supplies_page(engine, chosen, {"errors": errors, "at": shelter_id})
        return render(request, "hq_supplies.html", values, status=422)
    response = RedirectResponse(f"/hq/supplies?municipality={chosen}", status_code=303)
    finish(request, response)
    return response
