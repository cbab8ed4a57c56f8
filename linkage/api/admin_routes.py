"""Administration endpoints: places, enrolment codes, revocation, imports, merges, consent."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from sqlalchemy import select

from linkage import (
    city_cards,
    consent,
    devices,
    keys,
    live,
    merge_suggestions,
    municipalities,
    places,
    protection,
    questions,
    residents,
    unit,
)
from linkage.api.deps import EngineDep, SettingsDep, require_admin
from linkage.api.models import (
    CityCardFormat,
    CityCardFormatBody,
    Conflict,
    ConsentDefinition,
    ConsentRecorded,
    ConsentRequest,
    Done,
    EnrolmentCode,
    EnrolmentCodeRequest,
    ImportReport,
    Incident,
    KeyRotated,
    Location,
    MergeRequest,
    Municipality,
    MunicipalityBody,
    OrionStatus,
    PollingSiteBody,
    Question,
    QuestionBody,
    RotateRequest,
    Shelter,
    ShelterBody,
    ShelterStatusBody,
)
from linkage.api.protection_models import ProtectionClear
from linkage.api.suggestion_models import (
    AcceptSuggestion,
    MergeSuggestion,
    RejectSuggestion,
    SuggestionState,
)
from linkage.consent import iso
from linkage.merge import merge_persons
from linkage.ngsi import OrionPublisher
from linkage.problems import Problem, problem_responses
from linkage.scope import EntityId
from linkage.tables import field_conflicts, incidents

router = APIRouter(prefix="/v1/admin", tags=["admin"], dependencies=[Depends(require_admin)])
Id = Annotated[EntityId, Path()]
PersonId = Annotated[str, Path(min_length=1, max_length=64)]
ADMIN = "admin"
CSV_LIMIT = 3 * 1024 * 1024
MAX_ROW_ID = 2**31 - 1  # conflict and incident ids are 32-bit


@router.put(
    "/municipalities/{municipality_id}",
    response_model=Done,
    responses=problem_responses(401, 413, 422),
)
def put_municipality(municipality_id: Id, body: MunicipalityBody, engine: EngineDep) -> Done:
    """Create a municipality or rename it."""
    unit.run(
        engine,
        lambda conn: municipalities.upsert_municipality(conn, municipality_id, body.name),
    )
    return Done(ok=True)


@router.get("/municipalities", response_model=list[Municipality], responses=problem_responses(401))
def get_municipalities(engine: EngineDep) -> list[Municipality]:
    """Every municipality."""
    rows = unit.read(engine, municipalities.list_municipalities)
    return [Municipality.model_validate(m) for m in rows]


@router.put(
    "/shelters/{shelter_id}", response_model=Done, responses=problem_responses(401, 413, 422)
)
def put_shelter(shelter_id: Id, body: ShelterBody, engine: EngineDep, request: Request) -> Done:
    """Create a shelter (closed) or replace its details; its status stays as it was.

    Its municipality must exist (422 ``unknown-municipality`` otherwise).
    """
    where = (body.location.lat, body.location.lon) if body.location else None
    unit.write(
        engine,
        lambda conn: (
            None,
            places.upsert_shelter(
                conn, shelter_id, body.municipality_id, body.name, body.capacity, where, body.kind
            ),
        ),
    )
    live.nudge(request.app)
    return Done(ok=True)


@router.put(
    "/shelters/{shelter_id}/status",
    response_model=Done,
    responses=problem_responses(401, 404, 413, 422),
)
def put_shelter_status(
    shelter_id: Id, body: ShelterStatusBody, engine: EngineDep, request: Request
) -> Done:
    """Open a shelter to evacuees (it shows as open on the public map) or close it."""
    is_open = body.status == "open"
    unit.write(engine, lambda conn: (None, places.set_shelter_open(conn, shelter_id, is_open)))
    live.nudge(request.app)
    return Done(ok=True)


@router.put(
    "/municipalities/{municipality_id}/questions/{question_id}",
    response_model=Done,
    responses=problem_responses(401, 409, 413, 422),
)
def put_question(
    municipality_id: Id, question_id: Id, body: QuestionBody, engine: EngineDep
) -> Done:
    """Define an additional question for the shelter forms of the municipality's kiosks, or
    change its labels, choices or whether it is active (its subject and kind are fixed:
    409 ``question-kind-fixed``). Kiosks receive it through the feed."""
    definition = body.model_dump()
    unit.write(
        engine,
        lambda conn: (
            None,
            questions.upsert_question(conn, municipality_id, question_id, definition),
        ),
    )
    return Done(ok=True)


@router.get(
    "/municipalities/{municipality_id}/questions",
    response_model=list[Question],
    responses=problem_responses(401, 404, 422),
)
def get_questions(municipality_id: Id, engine: EngineDep) -> list[Question]:
    """The municipality's questions, retired ones too."""
    rows = unit.read(engine, lambda conn: questions.list_questions(conn, municipality_id))
    return [Question.model_validate(q) for q in rows]


@router.put(
    "/municipalities/{municipality_id}/city-card-format",
    response_model=Done,
    responses=problem_responses(401, 413, 422),
)
def put_city_card_format(municipality_id: Id, body: CityCardFormatBody, engine: EngineDep) -> Done:
    """Define the municipality's own QR ID card format, or change it (422
    ``invalid-city-card-format`` names what is wrong). Kiosks receive it through the feed."""
    unit.write(
        engine,
        lambda conn: (
            None,
            city_cards.put_format(
                conn, municipality_id, body.prefix, body.municipality_code, body.id_pattern
            ),
        ),
    )
    return Done(ok=True)


@router.get(
    "/municipalities/{municipality_id}/city-card-format",
    response_model=CityCardFormat,
    responses=problem_responses(401, 404, 422),
)
def get_city_card_format(municipality_id: Id, engine: EngineDep) -> CityCardFormat:
    """The municipality's city card format (404 ``no-city-card-format`` when none is set)."""
    row = unit.read(engine, lambda conn: city_cards.get_format(conn, municipality_id))
    return CityCardFormat.model_validate(row)


@router.get("/orion", response_model=OrionStatus, responses=problem_responses(401))
def orion_status(request: Request) -> OrionStatus:
    """How this process publishes shelters to the Orion broker (each process publishes alone)."""
    live_state: live.Live | None = getattr(request.app.state, "live", None)
    publishers = [
        p for p in (live_state.publishers if live_state else []) if isinstance(p, OrionPublisher)
    ]
    if not publishers:
        return OrionStatus(configured=False)
    publisher = publishers[0]
    status = publisher.status
    return OrionStatus(
        configured=True,
        url=publisher.config.url,
        published=status.published,
        failures=status.failures,
        last_error=status.last_error,
        last_success=iso(status.last_success_ms) if status.last_success_ms else None,
    )


@router.get("/shelters", response_model=list[Shelter], responses=problem_responses(401))
def get_shelters(engine: EngineDep) -> list[Shelter]:
    """Every shelter."""
    return [_shelter(s) for s in unit.read(engine, places.list_shelters)]


def _shelter(row: dict[str, Any]) -> Shelter:
    located = row["latitude"] is not None and row["longitude"] is not None
    return Shelter(
        shelter_id=row["shelter_id"],
        municipality_id=row["municipality_id"],
        name=row["name"],
        capacity=row["capacity"],
        location=Location(lat=row["latitude"], lon=row["longitude"]) if located else None,
        kind=row["kind"],
        open=bool(row["is_open"]),
    )


@router.put(
    "/polling-sites/{site_id}",
    response_model=Done,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def put_polling_site(site_id: Id, body: PollingSiteBody, engine: EngineDep) -> Done:
    """Create or rename a polling site."""
    unit.run(
        engine,
        lambda conn: places.upsert_polling_site(
            conn, site_id, body.election_id, body.election_name, body.name
        ),
    )
    return Done(ok=True)


@router.post(
    "/enrolment-codes",
    status_code=201,
    response_model=EnrolmentCode,
    responses=problem_responses(401, 404, 413, 422),
)
def post_enrolment_code(body: EnrolmentCodeRequest, engine: EngineDep) -> EnrolmentCode:
    """A one-time enrolment code bound to a scope; shown once, stored only as a hash."""
    code, expires = unit.write(
        engine,
        lambda conn: (devices.create_enrolment_code(conn, body.scope, body.label, body.ttl_s), []),
    )
    return EnrolmentCode(code=code, expires_at=iso(expires), scope=body.scope)


@router.post(
    "/devices/{device_id}/revoke", response_model=Done, responses=problem_responses(401, 404, 422)
)
def revoke_device(
    device_id: Annotated[str, Path(min_length=1, max_length=64)], engine: EngineDep
) -> Done:
    """Revoke a device; it is refused from its next request on."""
    unit.run(engine, lambda conn: devices.revoke(conn, device_id))
    return Done(ok=True)


@router.post(
    "/residents/import",
    response_model=ImportReport,
    responses=problem_responses(401, 413, 422),
)
def import_residents(
    engine: EngineDep,
    municipality_id: Annotated[EntityId, Query()],
    csv_text: Annotated[
        str, Body(media_type="text/csv", description="The resident list, UTF-8 CSV with a header")
    ],
) -> ImportReport:
    """Import a resident list; rows with errors are reported and skipped."""
    if len(csv_text) > CSV_LIMIT:
        raise Problem(413, "body-too-large", "Resident list too large")
    report = unit.write(
        engine,
        lambda conn: residents.import_residents(conn, municipality_id, csv_text, ADMIN),
    )
    return ImportReport.model_validate(
        {"created": report.created, "updated": report.updated, "errors": report.errors}
    )


@router.post(
    "/persons/merge", response_model=Done, responses=problem_responses(401, 404, 409, 413, 422)
)
def merge(body: MergeRequest, engine: EngineDep) -> Done:
    """Merge a walk-in's provisional person into an existing person."""
    unit.write(
        engine, lambda conn: (None, merge_persons(conn, body.from_person_id, body.into_person_id))
    )
    return Done(ok=True)


@router.get(
    "/merge-suggestions",
    response_model=list[MergeSuggestion],
    responses=problem_responses(401, 422),
)
def get_merge_suggestions(
    engine: EngineDep,
    state: Annotated[SuggestionState | None, Query()] = "open",
    municipality_id: Annotated[EntityId | None, Query()] = None,
    after: Annotated[int, Query(ge=0, le=MAX_ROW_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[MergeSuggestion]:
    """People registered at a kiosk or on the web who may be someone known, oldest first.

    Of a DV-protected person only the id and the flag are shown.
    """
    rows = unit.read(
        engine,
        lambda conn: merge_suggestions.listing(conn, state, municipality_id, after, limit),
    )
    return [MergeSuggestion.model_validate(r) for r in rows]


@router.post(
    "/merge-suggestions/{suggestion_id}/accept",
    response_model=Done,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def accept_merge_suggestion(
    suggestion_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)],
    engine: EngineDep,
    body: AcceptSuggestion | None = None,
) -> Done:
    """Merge the suggestion's newer registration into the person it matches; kiosks of both
    receive the merge. 409 ``suggestion-decided`` when it was decided already."""
    actor = body.actor if body is not None else ADMIN
    unit.write(engine, lambda conn: (None, merge_suggestions.accept(conn, suggestion_id, actor)))
    return Done(ok=True)


@router.post(
    "/merge-suggestions/{suggestion_id}/reject",
    response_model=Done,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def reject_merge_suggestion(
    suggestion_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)],
    engine: EngineDep,
    body: RejectSuggestion | None = None,
) -> Done:
    """Keep the two people apart; the pair is never suggested again."""
    actor, reason = (body.actor, body.reason) if body is not None else (ADMIN, None)
    unit.run(engine, lambda conn: merge_suggestions.reject(conn, suggestion_id, actor, reason))
    return Done(ok=True)


@router.post(
    "/persons/{person_id}/consents",
    status_code=201,
    response_model=ConsentRecorded,
    responses=problem_responses(401, 404, 413, 422),
)
def post_consent(person_id: PersonId, body: ConsentRequest, engine: EngineDep) -> ConsentRecorded:
    """Record a grant or withdrawal; a withdrawal reaches kiosks as a deletion."""
    record_id = unit.write(
        engine,
        lambda conn: consent.record(
            conn, person_id, body.definition_id, body.state, body.method, ADMIN
        ),
    )
    return ConsentRecorded(record_id=record_id)


@router.post(
    "/persons/{person_id}/dv-protection/clear",
    response_model=Done,
    responses=problem_responses(401, 403, 404, 409, 413, 422),
)
def clear_dv_protection(person_id: PersonId, body: ProtectionClear, engine: EngineDep) -> Done:
    """Clear a person's DV protection: only for the person's municipality, with a reason,
    audited. No kiosk and no citizen-web write can clear it."""
    unit.write(
        engine,
        lambda conn: (
            None,
            protection.clear(conn, person_id, body.municipality_id, body.reason, body.actor),
        ),
    )
    return Done(ok=True)


@router.get("/persons/{person_id}/consent-receipt", responses=problem_responses(401, 404, 422))
def consent_receipt(
    person_id: PersonId, engine: EngineDep, settings: SettingsDep
) -> dict[str, Any]:
    """The person's consent receipt: every definition's record and its history."""
    return unit.read(engine, lambda conn: consent.receipt(conn, person_id, settings.controller))


@router.get(
    "/consent-definitions", response_model=list[ConsentDefinition], responses=problem_responses(401)
)
def consent_definitions(engine: EngineDep) -> list[ConsentDefinition]:
    """The storage and sharing definitions people consent to."""
    return [ConsentDefinition.model_validate(d) for d in unit.read(engine, consent.definitions)]


@router.get("/conflicts", response_model=list[Conflict], responses=problem_responses(401, 422))
def conflicts(
    engine: EngineDep,
    after: Annotated[int, Query(ge=0, le=MAX_ROW_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[Conflict]:
    """Field conflicts for staff to review, oldest first."""
    rows = unit.read(
        engine,
        lambda conn: conn.execute(
            select(field_conflicts)
            .where(field_conflicts.c.conflict_id > after)
            .order_by(field_conflicts.c.conflict_id)
            .limit(limit)
        ).all(),
    )
    return [
        Conflict(
            conflict_id=r.conflict_id,
            entity=r.entity,
            entity_id=r.entity_id,
            field=r.field,
            kept_value=json.loads(r.kept_value),
            kept_hlc=r.kept_hlc,
            lost_value=json.loads(r.lost_value),
            lost_hlc=r.lost_hlc,
            event_id=r.event_id,
        )
        for r in rows
    ]


@router.get("/incidents", response_model=list[Incident], responses=problem_responses(401, 422))
def get_incidents(
    engine: EngineDep,
    after: Annotated[int, Query(ge=0, le=MAX_ROW_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[Incident]:
    """Incidents (refused events, double card links, ...), oldest first."""
    rows = unit.read(
        engine,
        lambda conn: conn.execute(
            select(incidents)
            .where(incidents.c.incident_id > after)
            .order_by(incidents.c.incident_id)
            .limit(limit)
        ).all(),
    )
    return [
        Incident(
            incident_id=r.incident_id,
            kind=r.kind,
            device_id=r.device_id,
            detail=json.loads(r.detail),
            created_at=iso(r.created_at_ms),
        )
        for r in rows
    ]


@router.post(
    "/signing-keys/rotate", response_model=KeyRotated, responses=problem_responses(401, 413, 422)
)
def rotate_key(
    engine: EngineDep, settings: SettingsDep, body: RotateRequest | None = None
) -> KeyRotated:
    """Publish a new QR-signing key that takes over after ``lead_s``; old keys stay published."""
    lead_s = body.lead_s if body is not None else 0
    kid, start = unit.write(engine, lambda conn: (keys.rotate(conn, settings.issuer, lead_s), []))
    return KeyRotated(kid=kid, not_before=str(keys.rfc3339(start)))
