"""An online election set up as the office and the trustees do it: contests, the online
period, the key ceremony (held here in memory by three trustees, any two of whom decrypt), and
voters on the roll with verified links who declared."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, update

from linkage import unit
from linkage.evote import dkg, tally
from linkage.evote.ballot import encrypt_ballot
from linkage.evote.context import ElectionContext, context_from_json, parameters_from_json
from linkage.feed import Change
from linkage.tables import voters
from linkage.voting.declarations import make_online
from tests.linkage.kiosk_double import ADMIN
from tests.linkage.polling_place import roll_csv, today

ELECTION = "E-2026"
HOUR = 3_600_000
MAYOR = [("c1", "山田一郎"), ("c2", "佐藤花子"), ("c3", "鈴木次郎")]


@dataclass
class OnlineElection:
    """The election under test, its context and the trustees' secrets."""

    client: TestClient
    engine: Engine
    context: ElectionContext
    trustees: list[dkg.TrusteeSecret]
    trustee_records: list[dict[str, Any]]
    voter_ids: list[str] = field(default_factory=list)

    def keys(self) -> tuple[dict[str, Any], list[Any], list[Any]]:
        """The key ceremony's result, for another platform holding the same election."""
        return self.context.to_json(), self.trustee_records, self.trustees

    def ballot(self, *chosen: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """A ballot for the mayor's contest choosing ``chosen`` (as the browser makes it)."""
        return encrypt_ballot(self.context, {"mayor": list(chosen)})

    def board(self) -> dict[str, str]:
        """Tracker → state on the public board."""
        r = self.client.get(f"/v1/public/elections/{ELECTION}/board")
        assert r.status_code == 200, r.text
        return {b["tracker"]: b["status"] for b in r.json()["ballots"]}

    def online(self, **rules: Any) -> None:
        """Change the online settings (the period is open now unless given)."""
        set_online(self.client, **rules)

    def decrypt(self, *present: int) -> None:
        """The trustees ``present`` fetch the encrypted tally and send their partials."""
        r = self.client.get(f"/v1/admin/elections/{ELECTION}/online/tally", headers=ADMIN)
        assert r.status_code == 200, r.text
        for index in present:
            partial = tally.partial_decrypt(self.context, self.trustees[index - 1], r.json())
            answer = self.client.put(
                f"/v1/admin/elections/{ELECTION}/online/partials/{index}",
                json=partial,
                headers=ADMIN,
            )
            assert answer.status_code == 200, answer.text


def set_online(client: TestClient, **rules: Any) -> None:
    """PUT the online settings: open an hour ago, closing in a day, 3 trustees, quorum 2."""
    now = int(time.time() * 1000)
    body = {
        "mock": False,
        "opens_at_ms": now - HOUR,
        "closes_at_ms": now + 24 * HOUR,
        "trustees": 3,
        "quorum": 2,
        **rules,
    }
    r = client.put(f"/v1/admin/elections/{ELECTION}/online", json=body, headers=ADMIN)
    assert r.status_code == 200, r.text


def ceremony(parameters: dict[str, Any]) -> tuple[dict[str, Any], list[Any], list[Any]]:
    """The trustees' key ceremony: (context document, public records, secrets with shares)."""
    params = parameters_from_json(parameters, "parameters")
    secrets = [dkg.new_trustee(params, i, f"委員{i}") for i in range(1, params.trustees + 1)]
    records = [dkg.public_record(s) for s in secrets]
    publics = dkg.verify_public_records(params, records, "trustees")
    messages = [m for s in secrets for m in dkg.make_shares(s, publics)]
    done = []
    for s in secrets:
        keyed, complaints = dkg.receive_shares(s, publics, messages)
        assert complaints == []
        done.append(keyed)
    context = dkg.election_context(params, publics).to_json()
    return context, records, done


def online_election(
    client: TestClient,
    engine: Engine,
    mock: bool = False,
    keys: tuple[dict[str, Any], list[Any], list[Any]] | None = None,
) -> OnlineElection:
    """Election E-2026 (early voting yesterday to tomorrow, site P-01), a mayor's contest, the
    online period open now, the key ceremony held and its context stored (``keys``: the
    result of a ceremony held for another platform's same election, to store instead)."""
    r = client.put(
        f"/v1/admin/elections/{ELECTION}",
        json={"name": "市長選挙", "voting_days": [today().isoformat()]},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    r = client.put(
        f"/v1/admin/elections/{ELECTION}/sites/P-01", json={"name": "市役所"}, headers=ADMIN
    )
    assert r.status_code == 200, r.text
    r = client.put(
        f"/v1/admin/elections/{ELECTION}/contests/mayor",
        json={
            "title": "市長選挙",
            "choices": 1,
            "candidates": [{"candidate_id": c, "name": n} for c, n in MAYOR],
        },
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    set_online(client, mock=mock)
    params = client.get(f"/v1/admin/elections/{ELECTION}/online/parameters", headers=ADMIN)
    assert params.status_code == 200, params.text
    context, records, secrets = keys or ceremony(params.json())
    r = client.put(
        f"/v1/admin/elections/{ELECTION}/online/context",
        json={"context": context, "trustee_records": records},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    return OnlineElection(client, engine, context_from_json(context), secrets, records)


def enrol_voters(election: OnlineElection, *person_ids: str, declared: bool = True) -> list[str]:
    """Put the people on the roll, linked by the office (a verified link), and let each
    declare online; their voter ids in order."""
    r = election.client.post(
        f"/v1/admin/elections/{ELECTION}/roll",
        content=roll_csv(len(person_ids)).encode(),
        headers={**ADMIN, "Content-Type": "text/csv"},
    )
    assert r.status_code == 200, r.text

    def work(conn: Connection) -> tuple[list[str], list[Change]]:
        ids: list[str] = []
        for n, pid in enumerate(person_ids, start=1):
            voter_id: str = conn.execute(
                update(voters)
                .where(voters.c.election_id == ELECTION, voters.c.roll_number == f"{n:06d}")
                .values(person_id=pid, link_method="admin", link_source="admin")
                .returning(voters.c.voter_id)
            ).scalar_one()
            ids.append(voter_id)
            if declared:
                make_online(conn, pid, ELECTION, today(), 1)
        return ids, []

    ids: list[str] = unit.write(election.engine, work)
    election.voter_ids += ids
    return ids
