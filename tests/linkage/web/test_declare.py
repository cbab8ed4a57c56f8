"""Online early-voting declaration: election, day, statutory reason → a signed code."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import Connection, func, insert, select

from kazasu_protocol.kz1 import CodeType, DeclarationClaims
from linkage import passes, unit
from linkage.canonical import new_id
from linkage.tables import declarations, elections, voters
from linkage.voting.elections import today
from tests.linkage.web.conftest import Resident, Web, form_token

ELECTION = "E-2026"


def election_with(web: Web, *on_roll: Resident) -> list[str]:
    days = [(today() + timedelta(days=d)).isoformat() for d in range(3)]

    def work(conn: Connection) -> None:
        conn.execute(
            insert(elections).values(
                election_id=ELECTION, name="市長選挙", voting_days=json.dumps(days)
            )
        )
        for i, resident in enumerate(on_roll):
            conn.execute(
                insert(voters).values(
                    voter_id=new_id("v"),
                    election_id=ELECTION,
                    roll_number=str(i + 1),
                    family_name="試験",
                    given_name="花子",
                    family_name_kana="シケン",
                    given_name_kana="ハナコ",
                    birth_date="1985-04-01",
                    sex="female",
                    address="千代田区",
                    person_id=resident.person_id,
                    link_method="admin",
                    link_source="admin",
                    created_at_ms=0,
                    updated_at_ms=0,
                )
            )

    unit.run(web.engine, work)
    return days


def test_a_voter_declares_and_gets_a_signed_declaration_code(web: Web) -> None:
    hanako = web.resident()
    days = election_with(web, hanako)
    web.sign_in(hanako)
    page = web.page("/my/declaration")
    assert "市長選挙" in page
    done = web.client.post(
        "/my/declaration",
        data={
            "csrf_token": form_token(page),
            "election_id": ELECTION,
            "vote_date": days[1],
            "reason": "2",
        },
    )
    assert done.status_code == 200
    assert "カードをかざす" in done.text
    code = re.search(r"data-declaration-code>([^<]+)<", done.text)
    assert code

    def check(conn: Connection) -> None:
        body = passes.check_code(conn, code.group(1), CodeType.DECLARATION)
        assert body.subject == hanako.person_id
        assert isinstance(body.claims, DeclarationClaims)
        assert (body.claims.election_id, body.claims.vote_date.isoformat(), body.claims.reason) == (
            ELECTION,
            days[1],
            2,
        )

    unit.read(web.engine, check)


def test_someone_not_on_the_roll_is_told_next_to_the_election(web: Web) -> None:
    hanako = web.resident()
    days = election_with(web)
    web.sign_in(hanako)
    page = web.page("/my/declaration")
    answer = web.client.post(
        "/my/declaration",
        data={
            "csrf_token": form_token(page),
            "election_id": ELECTION,
            "vote_date": days[0],
            "reason": "1",
        },
    )
    assert answer.status_code == 404
    error = re.search(r'id="election_id-error">([^<]+)<', answer.text)
    assert error and "選挙人名簿" in error.group(1)


def test_a_missing_reason_or_a_day_outside_the_period_stores_nothing(web: Web) -> None:
    hanako = web.resident()
    days = election_with(web, hanako)
    web.sign_in(hanako)
    page = web.page("/my/declaration")
    for data, field in (
        ({"election_id": ELECTION, "vote_date": days[0]}, "reason"),
        ({"election_id": ELECTION, "vote_date": "2000-01-01", "reason": "1"}, "vote_date"),
    ):
        answer = web.client.post("/my/declaration", data={"csrf_token": form_token(page), **data})
        assert answer.status_code == 422
        assert re.search(rf'id="{field}-error"', answer.text), field
    refused = web.client.post(
        "/my/declaration",
        data={"election_id": ELECTION, "vote_date": days[0], "reason": "1"},
    )
    assert refused.status_code == 403
    count = unit.read(
        web.engine,
        lambda conn: conn.execute(select(func.count()).select_from(declarations)).scalar_one(),
    )
    assert count == 0
