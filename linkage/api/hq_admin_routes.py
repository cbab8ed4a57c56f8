"""Administration of the headquarters: staff roles, the city's open-data shelter lists, and
event sites' last day and retention (docs/decisions/hq.md); the command line's twins."""

from __future__ import annotations

from datetime import date
from typing import Annotated, cast

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import Response

from linkage import event_sites, hq, hq_staff, live, shelter_opendata, unit
from linkage.api.deps import EngineDep, require_admin
from linkage.api.hq_models import (
    EventEnd,
    EventPurge,
    PurgeRequest,
    Role,
    ShelterImport,
    StaffChange,
    StaffGrant,
)
from linkage.api.models import Done
from linkage.consent import iso
from linkage.csvimport import decode_csv
from linkage.problems import Problem, problem_responses
from linkage.scope import EntityId

router = APIRouter(prefix="/v1/admin", tags=["headquarters"], dependencies=[Depends(require_admin)])
Id = Annotated[EntityId, Path()]
PersonId = Annotated[str, Path(min_length=1, max_length=64)]
RoleName = Annotated[Role, Path()]
ADMIN = "admin"
# An open-data list is a few thousand sites at most.
CSV_LIMIT = 3 * 1024 * 1024


@router.get(
    "/hq-staff", response_model=list[StaffGrant], responses=problem_responses(401, 404, 422)
)
def get_staff(
    engine: EngineDep, municipality_id: Annotated[EntityId | None, Query()] = None
) -> list[StaffGrant]:
    """Every headquarters role held, or those of one municipality (404 if it is unknown)."""
    return [
        StaffGrant(
            person_id=g.person_id,
            municipality_id=g.municipality_id,
            role=cast(Role, g.role),
            granted_by=g.granted_by,
            granted_at=iso(g.granted_at_ms),
        )
        for g in unit.read(engine, lambda c: hq_staff.grants(c, municipality_id))
    ]


@router.put(
    "/hq-staff/{municipality_id}/{person_id}/{role}",
    response_model=StaffChange,
    responses=problem_responses(401, 404, 422),
)
def grant_role(
    municipality_id: Id, person_id: PersonId, role: RoleName, engine: EngineDep
) -> StaffChange:
    """Give a person a headquarters role for a municipality (audited; a repeat changes
    nothing). 404 for an unknown person, 422 for an unknown municipality."""
    changed = unit.write(
        engine, lambda c: (hq_staff.grant(c, person_id, municipality_id, role, ADMIN), [])
    )
    return StaffChange(
        person_id=person_id, municipality_id=municipality_id, role=role, changed=changed
    )


@router.delete(
    "/hq-staff/{municipality_id}/{person_id}/{role}",
    response_model=StaffChange,
    responses=problem_responses(401, 422),
)
def revoke_role(
    municipality_id: Id, person_id: PersonId, role: RoleName, engine: EngineDep
) -> StaffChange:
    """Take a headquarters role away (audited; ``changed`` is false if it was not held)."""
    changed = unit.write(
        engine, lambda c: (hq_staff.revoke(c, person_id, municipality_id, role, ADMIN), [])
    )
    return StaffChange(
        person_id=person_id, municipality_id=municipality_id, role=role, changed=changed
    )


@router.post(
    "/shelters/import",
    response_model=ShelterImport,
    responses=problem_responses(401, 413, 422),
)
def import_shelters(
    request: Request,
    engine: EngineDep,
    municipality_id: Annotated[EntityId, Query()],
    data: Annotated[
        bytes, Body(media_type="text/csv", description="The list as the city publishes it")
    ],
) -> ShelterImport:
    """Create or update the municipality's shelters from its open-data list (指定避難所一覧 or
    指定緊急避難場所一覧, UTF-8 or Shift_JIS). All or nothing: any wrong row refuses the list
    with 422 ``invalid-rows`` and every row's error in ``errors``, and nothing is stored."""
    if len(data) > CSV_LIMIT:
        raise Problem(413, "body-too-large", "Shelter list too large")
    text = decode_csv(data)
    counts = unit.write(
        engine, lambda c: shelter_opendata.import_shelters(c, municipality_id, text)
    )
    live.nudge(request.app)
    return ShelterImport(created=counts["created"], updated=counts["updated"])


@router.get(
    "/shelters/export",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "The list"},
        **problem_responses(401, 404, 422),
    },
)
def export_shelters(engine: EngineDep, municipality_id: Annotated[EntityId, Query()]) -> Response:
    """The municipality's shelters (event sites left out) in 指定避難所一覧's columns plus
    種別, UTF-8 with a byte-order mark and CRLF: what ``import`` reads back unchanged."""
    body = unit.read(engine, lambda c: shelter_opendata.export_shelters(c, municipality_id, 404))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{municipality_id}-shelters.csv"'},
    )


@router.put(
    "/shelters/{shelter_id}/last-day",
    response_model=Done,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def put_last_day(shelter_id: Id, body: EventEnd, engine: EngineDep) -> Done:
    """Record an event site's last day: its attendees' records are deleted the retention days
    after it. 404 for an unknown site, 409 ``not-an-event`` for a site that is not an event."""
    try:
        last_day = date.fromisoformat(body.ends_on)
    except ValueError as exc:
        raise Problem(422, "invalid-date", "Not a date", body.ends_on) from exc
    unit.run(engine, lambda c: event_sites.set_end(c, shelter_id, last_day))
    return Done(ok=True)


@router.post(
    "/events/purge",
    response_model=list[EventPurge],
    responses=problem_responses(401, 413, 422),
)
def purge_events(
    engine: EngineDep, body: Annotated[PurgeRequest | None, Body()] = None
) -> list[EventPurge]:
    """Delete the attendees' records of every event whose last day is the retention days
    before today (Japan time) or more and was not purged since; one audited entry per event."""
    given = body.retention_days if body is not None else None
    retention = event_sites.retention_days() if given is None else given
    today = hq.today()
    done = unit.write(engine, lambda c: event_sites.purge_ended(c, today, retention, ADMIN))
    return [
        EventPurge(
            shelter_id=d["shelter_id"],
            ends_on=d["ends_on"],
            retention_days=d["retention_days"],
            people=d["people"],
            presences=d["presences"],
            events=d["events"],
            actor=d["actor"],
            at=iso(d["at_ms"]),
        )
        for d in done
    ]
