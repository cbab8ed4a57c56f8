"""The sync API: push events, pull the change feed, page through the initial snapshot, and
bring an arriving person into the device's scope."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import Connection

from kazasu_protocol.person_item import COMPACT
from linkage import (
    PROTOCOL_VERSION,
    arrivals,
    cardlink,
    counterlink,
    feed,
    ingest,
    live,
    questions,
    snapshot,
    unit,
)
from linkage.api.arrival_models import ArrivalRequest, ArrivalResponse
from linkage.api.deps import DeviceDep, EngineDep, SettingsDep, require_protocol
from linkage.api.json_body import JsonRoute
from linkage.api.models import (
    PullResponse,
    PushRequest,
    PushResponse,
    SnapshotResponse,
)
from linkage.canonical import canonical_json_bytes
from linkage.problems import Problem, problem_responses
from linkage.scope import EntityId, shelter_key

router = APIRouter(
    prefix="/v1/sync",
    tags=["sync"],
    dependencies=[Depends(require_protocol)],
    route_class=JsonRoute,
)


@router.post(
    "/push", response_model=PushResponse, responses=problem_responses(400, 401, 403, 409, 413, 422)
)
def push(
    body: PushRequest,
    device: DeviceDep,
    engine: EngineDep,
    settings: SettingsDep,
    request: Request,
) -> Response:
    """Store a batch of the device's events; idempotent, acknowledged contiguously."""
    trust = counterlink.CardTrust(settings.trust_anchors, settings.revocation_check)
    batch = ingest.prepare(device, body.events, settings.max_clock_ahead_s * 1000, trust)
    try:
        result = unit.write(engine, lambda conn: ingest.push(conn, batch))
    except Problem as exc:
        if exc.kind == "outside-scope":  # nothing was stored; the refusal is kept
            refused = exc
            unit.run(engine, lambda conn: ingest.record_refusal(conn, device, refused))
        raise
    live.nudge(request.app)  # check-ins change occupancy on the public map
    # Written as PushResponse says, without building and validating a model per outcome.
    answer = {
        "protocol": PROTOCOL_VERSION,
        "device_id": device.device_id,
        "acked_seq": result.acked_seq,
        "results": [
            {
                "event_id": o.event_id,
                "device_seq": o.device_seq,
                "status": o.status,
                "reason": o.reason,
            }
            for o in result.outcomes
        ],
    }
    return Response(orjson.dumps(answer), media_type="application/json")


@router.get(
    "/changes", response_model=PullResponse, responses=problem_responses(400, 401, 403, 422)
)
def changes(
    device: DeviceDep,
    engine: EngineDep,
    after: Annotated[int, Query(ge=0, le=2**62, description="Last position already applied")] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    shelter: Annotated[EntityId | None, Query(description="Only this shelter's changes")] = None,
) -> Response:
    """Changes after ``after`` in commit order, filtered by scope and consent."""
    keys = device.scope_keys
    if shelter is not None:
        if shelter_key(shelter) not in keys:
            raise Problem(403, "outside-scope", "Shelter outside this device's scope", shelter)
        keys = frozenset({shelter_key(shelter)})
    shelters = [shelter] if shelter is not None else list(device.scope.shelters)

    def read(conn: Connection) -> bytes:
        # A shelter kiosk also reads its shelters' municipalities' questions.
        return feed.page_text(conn, questions.feed_keys(conn, keys, shelters), after, limit)

    return Response(unit.read(engine, read), media_type="application/json")


@router.get(
    "/snapshot", response_model=SnapshotResponse, responses=problem_responses(400, 401, 422)
)
def snapshot_page(
    device: DeviceDep,
    engine: EngineDep,
    page_token: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
    person_items: Annotated[
        str | None,
        Query(
            max_length=40,
            description="`compact`: person items in the compact form (docs/protocol/sync.md,"
            ' "Snapshot"). Any other value is ignored.',
        ),
    ] = None,
    household_items: Annotated[
        str | None,
        Query(
            max_length=40,
            description="`compact`: household items in the compact form (docs/protocol/sync.md,"
            ' "Snapshot"). Any other value is ignored.',
        ),
    ] = None,
) -> Response:
    """One page of the current state of the device's scope; resumable with its token."""
    # The entities whose items the kiosk asked for in the compact form.
    compact = {
        entity
        for entity, asked in (("person", person_items), ("household", household_items))
        if asked == COMPACT
    }
    position, items, token, total = unit.read(
        engine, lambda conn: snapshot.page(conn, device, page_token, limit, compact)
    )
    # Built from the database's own values, so it is returned without a second validation.
    body: dict[str, object] = {
        "protocol": PROTOCOL_VERSION,
        "snapshot_position": position,
        "items": items,
        "next_page_token": token,
        "total_items": total,
    }
    if "person" in compact:
        body["person_items"] = COMPACT
    if "household" in compact:
        body["household_items"] = COMPACT
    return Response(canonical_json_bytes(body), media_type="application/json")


@router.post(
    "/arrivals",
    response_model=ArrivalResponse,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503),
)
def arrival(
    body: ArrivalRequest, device: DeviceDep, engine: EngineDep, settings: SettingsDep
) -> ArrivalResponse:
    """Bring a person who arrived at one of the device's shelters into its scope, with their
    household, on a signed pass or a card's proof; audited."""
    if body.code is not None:
        code = body.code
        found = unit.write(
            engine, lambda conn: arrivals.by_pass(conn, device, body.shelter_id, code)
        )
    else:
        card = body.card
        assert card is not None  # the model requires one of the two
        arrivals.require_shelter(device, body.shelter_id)
        certificate, intermediates, signature = cardlink.parse_proof(
            card.certificate, card.intermediates, card.signature
        )
        nonce = unit.write(
            engine, lambda conn: (cardlink.spend_challenge(conn, device, card.challenge_id), [])
        )
        key = cardlink.verify_card(settings, nonce, certificate, intermediates, signature)
        found = unit.write(
            engine, lambda conn: arrivals.by_card(conn, device, body.shelter_id, key)
        )
    return ArrivalResponse.model_validate(
        {
            "protocol": PROTOCOL_VERSION,
            "person_id": found.person_id,
            "via": found.via,
            "dv_protected": found.dv_protected,
            "members": found.members,
            "items": found.items,
        }
    )
