"""Administration of early voting: elections, sites, the roll, declarations, incidents, tallies."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Response
from sqlalchemy import Connection

from kazasu_protocol.canonical import canonical_json
from linkage import keys, unit
from linkage.api.deps import EngineDep, require_admin
from linkage.api.models import Done
from linkage.api.voting_models import (
    DeclarationIssued,
    DeclarationRequest,
    Election,
    ElectionBody,
    LinkRequest,
    PollingSite,
    ResolveRequest,
    RollReport,
    SiteBody,
    Tally,
    Voter,
    VotingIncident,
)
from linkage.feed import Change
from linkage.problems import Problem, problem_responses
from linkage.scope import EntityId
from linkage.tables import voters
from linkage.voting import declarations, elections, incidents, roll, tallies
from linkage.voting.voters import payloads, voter_payload, voter_query

router = APIRouter(prefix="/v1/admin", tags=["voting-admin"], dependencies=[Depends(require_admin)])
ElectionId = Annotated[EntityId, Path()]
SiteId = Annotated[EntityId, Path()]
# No control characters: PostgreSQL text cannot hold NUL.
RecordId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")]
CSV_LIMIT = 64 * 1024 * 1024


@router.put(
    "/elections/{election_id}", response_model=Done, responses=problem_responses(401, 409, 413, 422)
)
def put_election(election_id: ElectionId, body: ElectionBody, engine: EngineDep) -> Done:
    """Create an election or change its name and early-voting days."""
    unit.write(
        engine,
        lambda conn: (
            None,
            elections.upsert_election(conn, election_id, body.name, body.voting_days),
        ),
    )
    return Done(ok=True)


@router.get("/elections", response_model=list[Election], responses=problem_responses(401))
def get_elections(engine: EngineDep) -> list[Election]:
    """Every election with its days and sites."""
    return [Election.model_validate(e) for e in unit.read(engine, elections.list_elections)]


@router.put(
    "/elections/{election_id}/sites/{site_id}",
    response_model=PollingSite,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def put_site(
    election_id: ElectionId, site_id: SiteId, body: SiteBody, engine: EngineDep
) -> PollingSite:
    """Create or update a polling site: name, outage procedure, PIN and staff-code rules, days."""

    def work(conn: Connection) -> tuple[PollingSite, list[Change]]:
        changes = elections.upsert_site(
            conn,
            site_id,
            election_id,
            body.election_name,
            body.name,
            body.outage_procedure,
            body.pin_required,
            body.staff_code_allowed,
            body.voting_days,
        )
        site = elections.get_site(conn, site_id)
        assert site is not None  # just written
        return PollingSite.model_validate(site.payload()), changes

    return unit.write(engine, work)


@router.get(
    "/elections/{election_id}/sites",
    response_model=list[PollingSite],
    responses=problem_responses(401, 422),
)
def get_sites(election_id: ElectionId, engine: EngineDep) -> list[PollingSite]:
    """The polling sites of an election."""
    sites = unit.read(engine, lambda conn: elections.sites_of(conn, election_id))
    return [PollingSite.model_validate(s.payload()) for s in sites]


@router.post(
    "/elections/{election_id}/roll",
    response_model=RollReport,
    responses=problem_responses(401, 404, 413, 422),
)
def import_roll(
    election_id: ElectionId,
    engine: EngineDep,
    csv_text: Annotated[
        str, Body(media_type="text/csv", description="The electoral roll, UTF-8 CSV with a header")
    ],
) -> RollReport:
    """Import the electoral roll: every row or none (422 ``roll-rejected`` lists row errors)."""
    if len(csv_text) > CSV_LIMIT:
        raise Problem(413, "body-too-large", "Roll too large")
    report = unit.write(
        engine, lambda conn: roll.import_roll(conn, election_id, csv_text.lstrip("\ufeff"))
    )
    return RollReport(
        created=report.created,
        updated=report.updated,
        linked=report.linked,
        ambiguous=report.ambiguous,
    )


@router.get(
    "/elections/{election_id}/voters",
    response_model=list[Voter],
    responses=problem_responses(401, 422),
)
def get_voters(
    election_id: ElectionId,
    engine: EngineDep,
    after: Annotated[
        str, Query(max_length=64, pattern=r"^[^\x00]*$", description="Last voter id read")
    ] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[Voter]:
    """The roll with each voter's status, in voter id order."""

    def read(conn: Connection) -> list[Voter]:
        rows = conn.execute(
            voter_query()
            .where(voters.c.election_id == election_id, voters.c.voter_id > after)
            .order_by(voters.c.voter_id)
            .limit(limit)
        ).all()
        return [Voter.model_validate(p) for p in payloads(conn, rows)]

    return unit.read(engine, read)


@router.put(
    "/elections/{election_id}/voters/{voter_id}/link",
    response_model=Voter,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def link_voter(
    election_id: ElectionId, voter_id: RecordId, body: LinkRequest, engine: EngineDep
) -> Voter:
    """Link a roll entry to a registered person (or unlink it for good with null)."""

    def work(conn: Connection) -> tuple[Voter, list[Change]]:
        changes = roll.link(conn, election_id, voter_id, body.person_id)
        return Voter.model_validate(voter_payload(conn, voter_id)), changes

    return unit.write(engine, work)


@router.post(
    "/elections/{election_id}/declarations",
    status_code=201,
    response_model=DeclarationIssued,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def declare(
    election_id: ElectionId, body: DeclarationRequest, engine: EngineDep
) -> DeclarationIssued:
    """A declaration for a person whose identity the caller verified; returns its QR text."""
    issued = unit.write(
        engine,
        lambda conn: declarations.make_online(
            conn, body.person_id, election_id, body.vote_date, body.reason
        ),
    )
    return DeclarationIssued(
        declaration_id=issued.declaration_id,
        election_id=issued.election_id,
        voter_id=issued.voter_id,
        person_id=issued.person_id,
        vote_date=issued.vote_date.isoformat(),
        reason=issued.reason,
        code=issued.code,
        issued_at=str(keys.rfc3339(issued.issued_at)),
        expires_at=str(keys.rfc3339(issued.expires_at)),
    )


@router.get(
    "/elections/{election_id}/incidents",
    response_model=list[VotingIncident],
    responses=problem_responses(401, 422),
)
def get_incidents(
    election_id: ElectionId,
    engine: EngineDep,
    open_only: Annotated[bool, Query(description="Only unresolved incidents")] = False,
) -> list[VotingIncident]:
    """The election's incidents (double issues, revoked devices' claims, ...), oldest first."""
    found = unit.read(
        engine, lambda conn: incidents.list_incidents(conn, election_id, not open_only)
    )
    return [VotingIncident.model_validate(i) for i in found]


@router.post(
    "/voting-incidents/{incident_id}/resolve",
    response_model=Done,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def resolve_incident(incident_id: RecordId, body: ResolveRequest, engine: EngineDep) -> Done:
    """Close an incident with a note; every kiosk of the election sees it resolved."""
    unit.write(engine, lambda conn: (None, incidents.resolve(conn, incident_id, body.note)))
    return Done(ok=True)


@router.get(
    "/elections/{election_id}/tallies",
    response_model=Tally,
    responses={
        **problem_responses(401, 404, 422),
        200: {
            "description": "The tally (JSON, or CSV with Japanese headers)",
            "content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}},
        },
    },
)
def get_tally(
    election_id: ElectionId,
    engine: EngineDep,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    """Voters by site, day and sex, with double issues marked; as JSON or CSV."""
    result = unit.read(engine, lambda conn: tallies.tally(conn, election_id))
    if format == "csv":
        # A byte order mark, so that spreadsheet programs read the Japanese headers as UTF-8.
        return Response(
            "\ufeff" + tallies.to_csv(result),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="tally-{election_id}.csv"'},
        )
    return Response(canonical_json(result), media_type="application/json")
