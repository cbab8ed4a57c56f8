"""Identity apart from the ballot box, against someone holding copies: a backup of the database
taken in the middle of the online period (a copy of the SQLite file, or ``pg_dump``) together
with everything that remains after close does not pair any voter with a ballot id or tracker;
the links survive a restart until close, and a lost link key stops casting with a clear error
instead of letting a voter be counted twice; the closed box and the record keep no order of
casting."""

from __future__ import annotations

import dataclasses
import hmac
import json
import re
import shutil
import sqlite3
import subprocess
import time
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi.testclient import TestClient
from sqlalchemy import Engine, make_url, select

from linkage import unit
from linkage.app import create_app
from linkage.config import Settings
from linkage.db import make_engine
from linkage.evote_service import ballot_box, link_keys, links
from linkage.problems import Problem
from linkage.tables import evote_ballots, evote_voter_ballots
from tests.linkage.conftest import TEST_KEK
from tests.linkage.evote_election import (
    ELECTION,
    OnlineElection,
    enrol_voters,
    online_election,
)
from tests.linkage.kiosk_double import ADMIN, Platform
from tests.linkage.polling_place import claim, site_kiosk
from tests.linkage.postgres_server import find_pg_ctl
from tests.linkage.web.conftest import CA, Web, form_token
from tests.linkage.web.test_ballot import cast

PAGE = f"/my/ballot/{ELECTION}"


def cast_as(engine: Engine, person_id: str, ballot: dict[str, Any]) -> str:
    """A signed-in person's cast, as the ballot page's endpoint makes it; the tracker."""
    done = unit.write(engine, lambda conn: ballot_box.cast(conn, person_id, ELECTION, ballot))
    return done.tracker


def close(election: OnlineElection) -> None:
    """Move the period into the past and close it."""
    past = int(time.time() * 1000)
    election.online(opens_at_ms=past - 7_200_000, closes_at_ms=past - 1, trustees=3, quorum=2)
    r = election.client.post(f"/v1/admin/elections/{ELECTION}/online/close", headers=ADMIN)
    assert r.status_code == 200, r.text


def backup(engine: Engine, folder: Path) -> list[tuple[str, str, str]]:
    """Back the database up as an operator would during the period, and read the link rows
    out of the copy: a copy of the SQLite file (with its write-ahead log), or ``pg_dump``."""
    if engine.dialect.name == "sqlite":
        source = Path(str(engine.url.database))
        for suffix in ("", "-wal"):
            if Path(f"{source}{suffix}").exists():
                shutil.copy(f"{source}{suffix}", folder / f"backup.sqlite3{suffix}")
        with sqlite3.connect(folder / "backup.sqlite3") as copy:
            rows = copy.execute(
                "SELECT election_id, voter_tag, sealed_ballot FROM evote_voter_ballots"
            ).fetchall()
        return [tuple(r) for r in rows]
    pg_ctl = find_pg_ctl()
    assert pg_ctl is not None
    url = make_url(engine.url.render_as_string(False))
    dump = subprocess.run(
        [
            str(Path(pg_ctl).with_name("pg_dump")),
            f"--dbname=postgresql://{url.username}@{url.host}:{url.port}/{url.database}",
            "--data-only",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    (folder / "backup.sql").write_text(dump)
    copied = re.search(
        r"COPY public\.evote_voter_ballots \(([^)]*)\) FROM stdin;\n(.*?)\n\\\.", dump, re.S
    )
    assert copied, "the dump has the links table"
    return [tuple(line.split("\t")) for line in copied.group(2).splitlines()]


def keys_an_attacker_finds(data_folder: Path) -> list[bytes]:
    """The keys left after close: the key-encryption key, every 32-byte file of the data
    folder, and zeros."""
    found = [TEST_KEK.key or b"", bytes(32)]
    for path in data_folder.rglob("*"):
        if path.is_file() and path.stat().st_size == 32:
            found.append(path.read_bytes())
    return found


def opens(key: bytes, tag: str, sealed: str) -> str | None:
    raw = bytes.fromhex(sealed)
    try:
        return (
            AESGCM(key)
            .decrypt(raw[:12], raw[12:], b"kazasu-evote-link/1\x00" + tag.encode())
            .decode()
        )
    except (InvalidTag, ValueError):
        return None


def test_a_backup_taken_during_the_period_pairs_no_voter_with_a_ballot_after_close(
    web: Web, tmp_path: Path
) -> None:
    election = online_election(web.client, web.engine)
    people = [web.resident() for _ in range(3)]
    voter_ids = enrol_voters(election, *(p.person_id for p in people))
    trackers = [cast_as(web.engine, p.person_id, election.ballot("c1")[0]) for p in people]
    trackers.append(cast_as(web.engine, people[0].person_id, election.ballot("c2")[0]))
    with web.engine.connect() as conn:
        ballot_ids = {r.ballot_id for r in conn.execute(select(evote_ballots.c.ballot_id))}
    key_file = link_keys.for_engine(web.engine).path(ELECTION)
    key = key_file.read_bytes()
    copied = backup(web.engine, tmp_path)
    assert len(copied) == 3

    # With the key, as anyone holding it during the period could, the copy pairs each voter
    # with their current ballot: that is what the key's destruction takes away.
    with_key = {}
    for election_id, tag, sealed in copied:
        for voter_id in voter_ids:
            if tag == links.voter_tag(key, election_id, voter_id):
                with_key[voter_id] = opens(key, tag, sealed)
    assert set(with_key) == set(voter_ids) and set(with_key.values()) <= ballot_ids
    close(election)

    assert not key_file.exists()
    assert not any(link_keys.folder_in(tmp_path).iterdir())
    with web.engine.connect() as conn:
        assert conn.execute(select(evote_voter_ballots)).all() == []
    secrets = ballot_ids | set(trackers)
    candidates = keys_an_attacker_finds(tmp_path)
    for election_id, tag, sealed in copied:
        # The tag is no voter's id, nor a hash of one under any key left.
        for voter_id in voter_ids:
            assert voter_id not in tag and voter_id not in sealed
            assert tag != sha256(f"{election_id}{voter_id}".encode()).hexdigest()
            for candidate in candidates:
                message = (
                    b"kazasu-evote-link/1\x00" + f"voter\x00{election_id}\x00{voter_id}".encode()
                )
                assert tag != hmac.new(candidate, message, sha256).hexdigest()
        # The sealed ballot id holds no ballot id or tracker and opens under no key left.
        assert not any(s in sealed for s in secrets)
        assert all(opens(candidate, tag, sealed) is None for candidate in candidates)


def test_the_links_survive_a_restart_until_close(web: Web, settings: Settings) -> None:
    election = online_election(web.client, web.engine)
    hanako = web.resident()
    enrol_voters(election, hanako.person_id)
    web.sign_in(hanako)
    first = cast(web, election.ballot("c1")[0]).json()["tracker"]
    web.client.close()

    # Another process on the same database and data folder: it finds the key file again.
    restarted = dataclasses.replace(
        settings, trust_anchors=(CA.certificate,), public_url="https://testserver"
    )
    engine = make_engine(settings.database_url)
    with TestClient(create_app(restarted, engine), base_url="https://testserver") as client:
        again = Web(client, engine)
        again.sign_in(hanako)
        token = form_token(again.page(PAGE))
        r = client.post(
            f"{PAGE}/cast",
            data={"csrf_token": token, "ballot": json.dumps(election.ballot("c2")[0])},
        )
        assert r.status_code == 201, r.text
        assert r.json()["replaced_earlier"] is True
        board = client.get(f"/v1/public/elections/{ELECTION}/board").json()
        assert {b["tracker"]: b["status"] for b in board["ballots"]} == {
            first: "superseded",
            r.json()["tracker"]: "counted",
        }
    engine.dispose()


def test_a_lost_link_key_stops_casting_and_cancelling_until_it_is_back(web: Web) -> None:
    election = online_election(web.client, web.engine)
    hanako, taro = web.resident(), web.resident("試験 太郎")
    hanako_voter, _ = enrol_voters(election, hanako.person_id, taro.person_id)
    web.sign_in(hanako)
    first = cast(web, election.ballot("c1")[0]).json()["tracker"]
    key_file = link_keys.for_engine(web.engine).path(ELECTION)
    kept = key_file.read_bytes()
    key_file.unlink()

    # Without the key a re-vote could not find the earlier ballot: refused, nothing changed.
    r = cast(web, election.ballot("c2")[0])
    assert r.status_code == 503 and r.json()["type"].endswith("/link-key-lost"), r.text
    assert str(key_file) in r.json()["detail"]
    with pytest.raises(Problem) as refused:
        cast_as(web.engine, taro.person_id, election.ballot("c3")[0])
    assert refused.value.kind == "link-key-lost"
    kiosk = site_kiosk(Platform(web.client, web.engine), "P-01")
    r = claim(kiosk, hanako_voter, cancel_online=True)
    assert r.status_code == 503 and r.json()["type"].endswith("/link-key-lost"), r.text
    assert election.board() == {first: "counted"}
    # Another key in its place is told apart from the one the links were made with.
    key_file.write_bytes(bytes(32))
    r = cast(web, election.ballot("c2")[0])
    assert r.status_code == 503 and r.json()["type"].endswith("/link-key-mismatch"), r.text
    assert election.board() == {first: "counted"}

    key_file.write_bytes(kept)
    again = cast(web, election.ballot("c2")[0])
    assert again.status_code == 201 and again.json()["replaced_earlier"] is True
    assert election.board() == {first: "superseded", again.json()["tracker"]: "counted"}


def test_the_closed_box_and_the_record_keep_no_order_of_casting(
    web: Web, other_engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    """Two platforms hold the same election (one key ceremony); the same ballots are cast in
    different orders, with a re-vote and an audit; after close both publish the same list."""
    first = online_election(web.client, web.engine)
    other_settings = dataclasses.replace(
        settings,
        database_url=other_engine.url.render_as_string(False),
        evote_link_keys=link_keys.folder_in(tmp_path / "other"),
    )
    ballots = [first.ballot(c) for c in ("c1", "c2", "c2", "c3", "c1")]
    revote, audited = ballots[3][0], ballots[4]
    records = []
    with TestClient(create_app(other_settings, other_engine)) as other_client:
        second = online_election(other_client, other_engine, keys=first.keys())
        for election, engine, order in (
            (first, web.engine, [0, 1, 2]),
            (second, other_engine, [2, 0, 1]),
        ):
            people = [Web(election.client, engine).resident() for _ in range(3)]
            enrol_voters(election, *(p.person_id for p in people))
            if order[0] == 2:
                unit.write(engine, lambda c: (ballot_box.audit(c, ELECTION, *audited), []))
            for n in order:
                cast_as(engine, people[n].person_id, ballots[n][0])
                if n == 0:
                    cast_as(engine, people[0].person_id, revote)
            if order[0] != 2:
                unit.write(engine, lambda c: (ballot_box.audit(c, ELECTION, *audited), []))
            close(election)
            board = election.client.get(f"/v1/public/elections/{ELECTION}/board").json()
            listed = [b["tracker"] for b in board["ballots"]]
            assert listed == sorted(listed)
            assert all(b["cast_hour_ms"] is None for b in board["ballots"])
            page = election.client.get(f"/board/{ELECTION}").text
            assert f'id="box-commitment">{board["box_commitment"]}<' in page
            # The box itself is stored in tracker order: rowid or PostgreSQL's physical order.
            position = "rowid" if engine.dialect.name == "sqlite" else "ctid"
            with engine.connect() as conn:
                stored = [
                    r[0]
                    for r in conn.exec_driver_sql(
                        f"SELECT tracker FROM evote_ballots ORDER BY {position}"
                    )
                ]
            assert stored == sorted(stored)
            election.decrypt(1, 2)
            r = election.client.post(f"/v1/admin/elections/{ELECTION}/online/result", headers=ADMIN)
            assert r.status_code == 200, r.text
            record = election.client.get(f"/v1/public/elections/{ELECTION}/record").json()
            assert record["box_commitment"] == board["box_commitment"]
            records.append(record)
    assert records[0]["ballots"] == records[1]["ballots"]
    assert records[0]["audited"] == records[1]["audited"]
    assert records[0]["box_commitment"] == records[1]["box_commitment"]
    assert [e["state"] for e in records[0]["ballots"]].count("cancelled") == 1


def test_a_close_interrupted_before_the_key_went_removes_it_when_run_again(web: Web) -> None:
    election = online_election(web.client, web.engine)
    hanako = web.resident()
    enrol_voters(election, hanako.person_id)
    cast_as(web.engine, hanako.person_id, election.ballot("c1")[0])
    key_file = link_keys.for_engine(web.engine).path(ELECTION)
    kept = key_file.read_bytes()
    close(election)
    # As if the process had stopped between the closing commit and the key's removal.
    key_file.write_bytes(kept)
    again = web.client.post(f"/v1/admin/elections/{ELECTION}/online/close", headers=ADMIN)
    assert again.status_code == 409 and again.json()["type"].endswith("/online-period-closed")
    assert not key_file.exists()
