"""Online early voting: the office's settings, contests, closing and paper counts (admin), and
the public bulletin board."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path

from linkage import unit
from linkage.api.deps import EngineDep, require_admin
from linkage.api.evote_models import (
    Board,
    Closed,
    Contest,
    ContestBody,
    ContextBody,
    OnlineSettings,
    OnlineSettingsBody,
    PaperCountsBody,
)
from linkage.api.models import Done
from linkage.evote_service import (
    board,
    closing,
    contests,
    counting,
    keying,
    paper_counts,
    settings,
)
from linkage.problems import problem_responses
from linkage.scope import EntityId

admin = APIRouter(
    prefix="/v1/admin/elections/{election_id}",
    tags=["evote-admin"],
    dependencies=[Depends(require_admin)],
)
public = APIRouter(prefix="/v1/public/elections/{election_id}", tags=["evote-public"])
ElectionId = Annotated[EntityId, Path()]
ContestId = Annotated[EntityId, Path()]
SiteId = Annotated[EntityId, Path()]
Trustee = Annotated[int, Path(ge=1, le=100)]


@admin.put(
    "/online",
    response_model=OnlineSettings,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def put_online(
    election_id: ElectionId, body: OnlineSettingsBody, engine: EngineDep
) -> OnlineSettings:
    """Set the online period, the re-voting and paper rules, and the trustee counts."""
    done = unit.write(
        engine,
        lambda conn: (
            settings.put(
                conn,
                election_id,
                body.mock,
                body.opens_at_ms,
                body.closes_at_ms,
                body.paper_cancels_online,
                body.revote_allowed,
                body.trustees,
                body.quorum,
            ),
            [],
        ),
    )
    return OnlineSettings.model_validate(done.payload())


@admin.get("/online", response_model=OnlineSettings, responses=problem_responses(401, 404, 422))
def get_online(election_id: ElectionId, engine: EngineDep) -> OnlineSettings:
    """The online settings (defaults until set) and whether the period was closed."""
    found = unit.read(engine, lambda conn: settings.get(conn, election_id))
    return OnlineSettings.model_validate(found.payload())


@admin.post("/online/close", response_model=Closed, responses=problem_responses(401, 404, 409, 422))
def close_online(election_id: ElectionId, engine: EngineDep) -> Closed:
    """Close the online period after its closing time: the voter-to-ballot links are destroyed."""
    return Closed(destroyed_links=closing.close(engine, election_id))


@admin.put(
    "/contests/{contest_id}",
    response_model=Done,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def put_contest(
    election_id: ElectionId, contest_id: ContestId, body: ContestBody, engine: EngineDep
) -> Done:
    """Create or replace a contest with its candidates (until the key ceremony)."""
    contest = contests.Contest(
        contest_id,
        body.title,
        body.title_en,
        body.choices,
        tuple(contests.Candidate(c.candidate_id, c.name, c.name_en) for c in body.candidates),
    )
    unit.run(engine, lambda conn: contests.put_contest(conn, election_id, contest, body.position))
    return Done(ok=True)


@admin.delete(
    "/contests/{contest_id}", response_model=Done, responses=problem_responses(401, 404, 409, 422)
)
def delete_contest(election_id: ElectionId, contest_id: ContestId, engine: EngineDep) -> Done:
    """Remove a contest (until the key ceremony)."""
    unit.run(engine, lambda conn: contests.delete_contest(conn, election_id, contest_id))
    return Done(ok=True)


@admin.get("/contests", response_model=list[Contest], responses=problem_responses(401, 422))
def get_contests(election_id: ElectionId, engine: EngineDep) -> list[Contest]:
    """The contests in ballot order."""
    found = unit.read(engine, lambda conn: contests.contests_of(conn, election_id))
    return [Contest.model_validate(c.payload()) for c in found]


@admin.put(
    "/paper-counts/{site_id}",
    response_model=Done,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def put_paper_counts(
    election_id: ElectionId, site_id: SiteId, body: PaperCountsBody, engine: EngineDep
) -> Done:
    """Enter (or correct) a polling place's paper ballots per contest and candidate."""
    unit.run(
        engine,
        lambda conn: paper_counts.put(conn, election_id, site_id, body.counts, body.entered_by),
    )
    return Done(ok=True)


@public.get("/board", response_model=Board, responses=problem_responses(404, 422))
def get_board(election_id: ElectionId, engine: EngineDep) -> Board:
    """The bulletin board: every ballot's tracker and state, in tracker order."""
    return Board.model_validate(unit.read(engine, lambda conn: board.board(conn, election_id)))


@admin.get(
    "/online/parameters",
    response_model=dict[str, Any],
    responses=problem_responses(401, 404, 409, 422),
)
def get_parameters(election_id: ElectionId, engine: EngineDep) -> dict[str, Any]:
    """The key ceremony's parameters (``kazasu-trustee new --parameters``)."""
    return unit.read(engine, lambda conn: keying.parameters_of(conn, election_id))


@admin.put(
    "/online/context", response_model=Done, responses=problem_responses(401, 404, 409, 413, 422)
)
def put_context(election_id: ElectionId, body: ContextBody, engine: EngineDep) -> Done:
    """Store the key ceremony's context and the trustees' public records (both checked)."""
    unit.run(
        engine,
        lambda conn: keying.put_context(conn, election_id, body.context, body.trustee_records),
    )
    return Done(ok=True)


@admin.get(
    "/online/tally", response_model=dict[str, Any], responses=problem_responses(401, 404, 409, 422)
)
def get_tally(election_id: ElectionId, engine: EngineDep) -> dict[str, Any]:
    """The encrypted tally of the counted ballots, for the trustees (after the period closed)."""
    return unit.read(engine, lambda conn: counting.encrypted_tally(conn, election_id))


@admin.put(
    "/online/partials/{trustee}",
    response_model=Done,
    responses=problem_responses(401, 404, 409, 413, 422),
)
def put_partial(
    election_id: ElectionId,
    trustee: Trustee,
    engine: EngineDep,
    partial: Annotated[dict[str, Any], Body(description="``kazasu-trustee decrypt``'s output")],
) -> Done:
    """A trustee's partial decryption of the tally, kept once its proofs check."""
    unit.run(engine, lambda conn: counting.put_partial(conn, election_id, trustee, partial))
    return Done(ok=True)


@admin.post(
    "/online/result", response_model=dict[str, Any], responses=problem_responses(401, 404, 409, 422)
)
def publish_result(election_id: ElectionId, engine: EngineDep) -> dict[str, Any]:
    """Combine the partial decryptions with the paper counts; publish result and record."""
    return unit.write(engine, lambda conn: (counting.publish(conn, election_id), []))


@public.get("/context", response_model=dict[str, Any], responses=problem_responses(404, 409, 422))
def get_context(election_id: ElectionId, engine: EngineDep) -> dict[str, Any]:
    """The election context ballots are made in (what the ballot page encrypts with)."""
    return unit.read(engine, lambda conn: keying.context_document(conn, election_id))


@public.get("/result", response_model=dict[str, Any], responses=problem_responses(404, 422))
def get_result(election_id: ElectionId, engine: EngineDep) -> dict[str, Any]:
    """The published result: online, paper and total votes per candidate."""
    return unit.read(engine, lambda conn: counting.published(conn, election_id, "result"))


@public.get("/record", response_model=dict[str, Any], responses=problem_responses(404, 422))
def get_record(election_id: ElectionId, engine: EngineDep) -> dict[str, Any]:
    """The published election record, for ``kazasu-verify``."""
    return unit.read(engine, lambda conn: counting.published(conn, election_id, "record"))
