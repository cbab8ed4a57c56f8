"""The headquarters' pages: staff by role per municipality, every shelter's figures, the report
as CSV and PDF, and relatives' inquiries that follow consent and DV protection, audited."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from joserfc.jwk import ECKey, KeySet
from pypdf import PdfReader
from sqlalchemy import Connection, insert, select, update

from linkage import consent, hq_staff, supplies, unit
from linkage.app import create_app
from linkage.config import Settings
from linkage.feed import Change
from linkage.partners import credentials, registry
from linkage.problems import Problem
from linkage.tables import households, municipalities, presence, shelters, web_audit
from tests.linkage.web.conftest import SHELTER, Resident, Web, browser, form_token

TOWN = "M-1"


def _site(web: Web, shelter_id: str, name: str, kind: str = "designated", **extra: object) -> None:
    unit.run(
        web.engine,
        lambda conn: conn.execute(
            insert(shelters).values(
                shelter_id=shelter_id,
                municipality_id=TOWN,
                name=name,
                kind=kind,
                is_open=True,
                **extra,
            )
        ),
    )


def _staff(web: Web, role: str, name: str = "職員 一郎") -> Resident:
    person = web.resident(name)

    def work(conn: Connection) -> None:
        if (
            conn.execute(
                select(municipalities).where(municipalities.c.municipality_id == TOWN)
            ).first()
            is None
        ):
            conn.execute(
                insert(municipalities).values(municipality_id=TOWN, name="架空市", created_at_ms=0)
            )
        hq_staff.grant(conn, person.person_id, TOWN, role, "test")

    unit.run(web.engine, work)
    return person


def _at(web: Web, resident: Resident, shelter_id: str = SHELTER, state: str = "in") -> None:
    unit.run(
        web.engine,
        lambda conn: conn.execute(
            insert(presence).values(
                person_id=resident.person_id,
                shelter_id=shelter_id,
                state=state,
                hlc="000000000000000001:00000:k",
                event_id="e-" + resident.person_id,
            )
        ),
    )


def _household(web: Web, resident: Resident, **fields: object) -> None:
    unit.run(
        web.engine,
        lambda conn: conn.execute(
            update(households)
            .where(households.c.household_id == resident.household_id)
            .values(fields=json.dumps(fields))
        ),
    )


def test_the_view_is_for_staff_with_a_role_of_the_municipality(web: Web) -> None:
    assert web.client.get("/hq", follow_redirects=False).headers["location"] == "/sign-in"
    outsider = web.resident("住民 花子")
    web.sign_in(outsider)
    refused = web.client.get("/hq")
    assert refused.status_code == 403 and "職員用" in refused.text
    assert web.client.get("/hq/report.csv").status_code == 403
    viewer = _staff(web, hq_staff.VIEWER)
    web.sign_in(viewer)
    assert "第一小学校" in web.page("/hq")
    # A viewer does not answer relatives: that is the operator's role.
    assert web.client.get("/hq/inquiry").status_code == 403


def test_the_view_totals_every_shelter_and_leaves_event_sites_out(web: Web) -> None:
    _site(web, "S-002", "第二中学校", capacity=10, latitude=35.0, longitude=135.0)
    _site(web, "E-001", "夏祭り会場", kind="event")
    mother = web.resident("避難 花子", pregnant=True, allergies="卵")
    son = web.resident("避難 一郎", household_id=mother.household_id, disabilities=["hearing"])
    other = web.resident("避難 次郎")
    in_car = web.resident("車中 三郎")
    _household(web, in_car, shelter_id="S-002", staying="car")
    guest = web.resident("参加 四郎")
    for person, site in ((mother, SHELTER), (son, SHELTER), (other, "S-002"), (guest, "E-001")):
        _at(web, person, site)
    web.sign_in(_staff(web, hq_staff.VIEWER))
    page = web.page("/hq")
    assert "夏祭り会場" not in page
    assert 'data-total="present">3<' in page
    assert 'data-total="households">2<' in page
    assert 'data-total="needs_care">2<' in page
    assert 'data-total="outside">1<' in page
    assert "車中泊 1" in page and "聴覚障害 1" in page
    assert 'class="level-vacant"' in page  # S-002 plotted by its congestion

    report = web.client.get("/hq/report.csv")
    assert report.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    header, total = rows[0], rows[-1]
    assert [r[0] for r in rows[1:-1]] == [SHELTER, "S-002"]
    assert total[header.index("避難者数")] == "3"
    assert total[header.index("要配慮:妊婦")] == "1"
    assert total[header.index("避難所外:車中泊")] == "1"

    pdf = web.client.get("/hq/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "避難所状況報告" in text and "第二中学校" in text and "夏祭り会場" not in text


def _ask(web: Web, **form: str) -> tuple[int, str]:
    page = web.page("/hq/inquiry")
    answer = web.client.post("/hq/inquiry", data={"csrf_token": form_token(page), **form})
    return answer.status_code, answer.text


def _relatives(web: Web, resident: Resident, state: str) -> None:
    unit.write(
        web.engine,
        lambda conn: (
            None,
            consent.record(conn, resident.person_id, "relative-lookup", state, "test", "t")[1],
        ),
    )


def test_an_inquiry_is_answered_as_the_person_consented_and_audited(web: Web) -> None:
    agreed = web.resident("試験 花子", birth_date="1980-01-02")
    _relatives(web, agreed, "given")
    _at(web, agreed)
    silent = web.resident("試験 太郎", birth_date="1975-05-05")
    _at(web, silent)
    protected = web.resident("保護 花子", birth_date="1990-03-03", dv_protected=True)
    _relatives(web, protected, "given")
    _at(web, protected)
    operator = _staff(web, hq_staff.OPERATOR)
    web.sign_in(operator)

    found = _ask(web, relationship="長女", name="試験　花子", birth_date="1980-01-02")
    assert found[0] == 200 and "無事で、第一小学校 に避難しています" in found[1]
    nothing = "お答えできる情報はありません"
    # Without the consent, protected, part of a name or the wrong birth date: one answer.
    for form in (
        {"name": "試験 太郎", "birth_date": "1975-05-05"},
        {"name": "保護 花子", "birth_date": "1990-03-03"},
        {"name": "試験", "birth_date": "1980-01-02"},
        {"name": "試験 花子", "birth_date": "1980-01-03"},
    ):
        status, text = _ask(web, relationship="兄", **form)
        assert status == 200 and nothing in text and "第一小学校" not in text, form

    _relatives(web, agreed, "withdrawn")
    assert nothing in _ask(web, relationship="長女", name="試験 花子", birth_date="1980-01-02")[1]

    rows = unit.read(
        web.engine,
        lambda conn: conn.execute(
            select(web_audit).where(web_audit.c.actor == operator.person_id)
        ).all(),
    )
    searches = [json.loads(r.detail) for r in rows if r.action == "hq-inquiry"]
    assert len(searches) == 6
    assert searches[0]["relationship"] == "長女" and searches[0]["answered"] == 1
    reached = {
        (r.subject, json.loads(r.detail)["answered"])
        for r in rows
        if r.action == "hq-inquiry.reached"
    }
    assert (protected.person_id, False) in reached and (agreed.person_id, True) in reached


def test_an_inquiry_needs_a_relationship_and_a_full_name_with_birth_date_or_a_code(
    web: Web,
) -> None:
    web.sign_in(_staff(web, hq_staff.OPERATOR))
    status, text = _ask(web, relationship="", name="試験 花子", birth_date="")
    assert status == 422
    assert "関係を入力してください" in text and "生年月日を入力してください" in text
    status, text = _ask(web, relationship="友人", name="試験 花子", birth_date="1980-13-01")
    assert status == 422 and "1980-01-02 の形で" in text
    rows: Sequence[str] = unit.read(
        web.engine, lambda conn: conn.execute(select(web_audit.c.action)).scalars().all()
    )
    assert "hq-inquiry" not in rows  # nothing was searched


def test_a_finder_code_finds_the_person_who_made_it(web: Web) -> None:
    person = web.resident("試験 花子")
    _at(web, person)
    own = browser(web)
    Web(own, web.engine).sign_in(person)
    page = own.get("/my/consents").text
    made = own.post("/my/consents/finder-codes", data={"csrf_token": form_token(page)}).text
    code = made.split("data-finder-code>")[1].split("<")[0]
    web.sign_in(_staff(web, hq_staff.OPERATOR))
    status, text = _ask(web, relationship="友人", code=code)
    assert status == 200 and "試験 花子: 無事で、第一小学校 に避難しています" in text
    status, text = _ask(web, relationship="友人", code="AAAA-BBBB-CC")
    assert "お答えできる情報はありません" in text


def _publish(web: Web, resident: Resident, *definitions: str, state: str = "given") -> None:
    def work(conn: Connection) -> tuple[None, list[Change]]:
        for d in definitions:
            consent.record(conn, resident.person_id, d, state, "test", "t")
        return None, []

    unit.write(web.engine, work)


def test_the_safety_list_shows_only_who_chose_it_by_full_name(web: Web) -> None:
    _site(web, "E-001", "防災フェア", kind="event")
    listed = web.resident("安全 花子")
    _publish(web, listed, "safety-publication")
    _at(web, listed)
    named = web.resident("安全 太郎")
    _publish(web, named, "safety-publication", "safety-publication-shelter")
    _at(web, named)
    kiosk_consent = web.resident("安全 次郎", consent_publish=True)
    _at(web, kiosk_consent)
    unlisted = web.resident("非公開 花子")
    _at(web, unlisted)
    protected = web.resident("保護 三郎", dv_protected=True)
    _publish(web, protected, "safety-publication")
    _at(web, protected)
    at_event = web.resident("行事 四郎")
    _publish(web, at_event, "safety-publication")
    _at(web, at_event, "E-001")

    def search(name: str) -> str:
        return web.page("/safety?" + urlencode({"name": name}))

    assert "無事・避難所に避難しています" in search("安全花子")
    assert "第一小学校" not in search("安全 花子")
    assert "無事・第一小学校 に避難しています" in search("安全 太郎")
    assert "無事・避難所に避難しています" in search("安全 次郎")
    for name in ("安全", "非公開 花子", "保護 三郎", "行事 四郎"):
        assert "この氏名で公表されている方はいません" in search(name), name
    assert web.client.get("/safety?name=%E5%AE%89%E5%85%A8%E2%80%AE").status_code == 422
    assert "kz_session" not in web.client.get("/safety").headers.get("set-cookie", "")


def test_the_kiosk_forms_safety_list_boxes_name_the_shelter_and_a_withdrawal_wins(
    web: Web,
) -> None:
    # Ticked on the kiosk's registration form: both safety-list boxes, or only the first.
    both = web.resident("窓口 一郎", consent_publish=True, consent_publish_shelter=True)
    _at(web, both)
    first = web.resident("窓口 二郎", consent_publish=True)
    _at(web, first)
    shelter_only = web.resident("窓口 三郎", consent_publish_shelter=True)
    _at(web, shelter_only)
    withdrawn = web.resident("窓口 四郎", consent_publish=True, consent_publish_shelter=True)
    _at(web, withdrawn)
    _publish(web, withdrawn, "safety-publication-shelter", state="withdrawn")

    def search(name: str) -> str:
        return web.page("/safety?" + urlencode({"name": name}))

    assert "無事・第一小学校 に避難しています" in search("窓口 一郎")
    assert "無事・避難所に避難しています" in search("窓口 二郎")
    # Naming the shelter is no consent to being listed.
    assert "この氏名で公表されている方はいません" in search("窓口 三郎")
    assert "無事・避難所に避難しています" in search("窓口 四郎")


def test_roles_are_granted_per_municipality_and_refused_for_unknowns(web: Web) -> None:
    person = web.resident("職員 二郎")
    unit.run(
        web.engine,
        lambda conn: conn.execute(
            insert(municipalities).values(municipality_id=TOWN, name="架空市", created_at_ms=0)
        ),
    )
    assert unit.write(
        web.engine, lambda c: (hq_staff.grant(c, person.person_id, TOWN, hq_staff.VIEWER, "t"), [])
    )
    assert not unit.write(
        web.engine, lambda c: (hq_staff.grant(c, person.person_id, TOWN, hq_staff.VIEWER, "t"), [])
    )
    assert unit.read(web.engine, lambda c: hq_staff.roles_of(c, person.person_id)) == {
        TOWN: {hq_staff.VIEWER}
    }
    for (who, town, role), status in (
        ((person.person_id, "M-9", hq_staff.VIEWER), 422),
        ((person.person_id, TOWN, "admin"), 422),
        (("p-none", TOWN, hq_staff.VIEWER), 404),
    ):

        def grant(c: Connection, who: str = who, town: str = town, role: str = role) -> Any:
            return hq_staff.grant(c, who, town, role, "t"), []

        with pytest.raises(Problem) as refused:
            unit.write(web.engine, grant)
        assert refused.value.status == status
    assert unit.write(
        web.engine, lambda c: (hq_staff.revoke(c, person.person_id, TOWN, hq_staff.VIEWER, "t"), [])
    )
    assert unit.read(web.engine, lambda c: hq_staff.roles_of(c, person.person_id)) == {}


def test_organisers_see_their_events_attendance_and_roster_and_nothing_else(web: Web) -> None:
    _site(web, "E-001", "夏祭り会場", kind="event")
    came = web.resident("参加 花子")
    left = web.resident("参加 太郎")
    _at(web, came, "E-001")
    _at(web, left, "E-001", state="out")
    web.sign_in(_staff(web, hq_staff.VIEWER, "本部 一郎"))
    assert web.client.get("/hq/events").status_code == 403
    organiser = _staff(web, hq_staff.ORGANISER, "主催 花子")
    web.sign_in(organiser)
    listing = web.page("/hq/events")
    assert "夏祭り会場" in listing and "第一小学校" not in listing
    assert '<tr data-site-id="E-001">' in listing and "<td>1</td><td>2</td>" in listing
    roster = web.page("/hq/events/E-001")
    assert "参加 花子" in roster and "会場にいます" in roster and "退出済み" in roster
    # A shelter is not an event: its roster is not the organiser's to see.
    assert web.client.get(f"/hq/events/{SHELTER}").status_code == 404
    views: Sequence[str] = unit.read(
        web.engine,
        lambda conn: (
            conn.execute(
                select(web_audit.c.subject).where(
                    web_audit.c.actor == organiser.person_id, web_audit.c.action == "event-roster"
                )
            )
            .scalars()
            .all()
        ),
    )
    assert views == ["E-001"]


def test_supplies_are_entered_at_hq_suggested_from_the_roster_and_totalled(web: Web) -> None:
    _site(web, "S-002", "第二中学校")
    baby = web.resident("乳児 花子", birth_date=(date.today() - timedelta(days=200)).isoformat())
    allergic = web.resident("対応 太郎", allergies="小麦")
    elder = web.resident("介護 次郎", care_required=True)
    for person, site in ((baby, SHELTER), (allergic, SHELTER), (elder, "S-002")):
        _at(web, person, site)
    web.sign_in(_staff(web, hq_staff.VIEWER))
    page = web.page("/hq/supplies")
    form = {f"{item}.{part}": "0" for item in supplies.ITEMS for part in ("stock", "requested")}
    form |= {"water.stock": "120", "water.requested": "30", "formula.requested": "2"}
    saved = web.client.post(
        f"/hq/supplies/{SHELTER}",
        data={"csrf_token": form_token(page), **form},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    second = form | {"water.stock": "10", "water.requested": "5", "formula.requested": "0"}
    web.client.post("/hq/supplies/S-002", data={"csrf_token": form_token(page), **second})
    totals = {
        s.item: (s.stock, s.requested, s.suggested)
        for s in unit.read(web.engine, lambda c: supplies.totals(c, TOWN, date.today()))
    }
    assert totals["water"] == (130, 35, 9)
    assert totals["formula"] == (0, 2, 1)
    assert totals["diapers"][2] == 8
    assert totals["allergen_free_meals"][2] == 3 and totals["adult_diapers"][2] == 6
    assert (
        '<tr data-item="water"><th scope="row">飲料水（L）</th><td>130</td><td>35</td><td>9</td>'
        in web.page("/hq/supplies")
    )

    wrong = web.client.post(
        f"/hq/supplies/{SHELTER}", data={"csrf_token": form_token(page), **form, "food.stock": "-3"}
    )
    assert wrong.status_code == 422 and "0以上の整数で入力してください" in wrong.text
    assert unit.read(web.engine, lambda c: supplies.totals(c, TOWN, date.today()))[0].stock == 130
    # A site of another municipality, or an event, is not this staff member's to write.
    _site(web, "E-001", "夏祭り", kind="event")
    refused = web.client.post("/hq/supplies/S-404", data={"csrf_token": form_token(page), **form})
    assert refused.status_code == 403


def _supplier_token(web: Web) -> str:
    """A supplier of the town granted the supply totals for its purpose, and its token."""

    def work(conn: Connection) -> None:
        registry.upsert_partner(conn, "supplier", TOWN, "物資 株式会社", "company")
        registry.set_purpose(conn, "supplier", "relief", "物資", [], ["supply-totals"])
        jwks = dict(KeySet([ECKey.generate_key("P-256", auto_kid=True)]).as_dict(private=False))
        client = credentials.create_client(conn, "supplier", "private_key_jwt", jwks, None)
        credentials.store_token(conn, "supplier-token", client["client_id"], "supplier")

    unit.run(web.engine, work)
    return "supplier-token"


def test_a_supplier_partner_receives_the_totals_the_supplies_page_shows(
    web: Web, settings: Settings
) -> None:
    _site(web, "S-002", "第二中学校")
    web.sign_in(_staff(web, hq_staff.VIEWER))
    baby = web.resident("乳児 花子", birth_date=(date.today() - timedelta(days=200)).isoformat())
    _at(web, baby)
    for i in range(5):
        _at(web, web.resident(f"介護 {i}", linked=False, care_required=True), "S-002")
    page = web.page("/hq/supplies")
    form = {f"{item}.{part}": "3" for item in supplies.ITEMS for part in ("stock", "requested")}
    for shelter_id in (SHELTER, "S-002"):
        web.client.post(f"/hq/supplies/{shelter_id}", data={"csrf_token": form_token(page), **form})
    shown = {
        item: tuple(int(n) for n in figures)
        for item, *figures in re.findall(
            r'<tr data-item="([a-z_]+)"><th scope="row">[^<]*</th>'
            r"<td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>",
            web.page("/hq/supplies").split('id="supplies-totals"')[1],
        )
    }
    headers = {"Authorization": f"Bearer {_supplier_token(web)}"}

    answer = web.client.get(
        "/v1/partner/aggregates/supplies", params={"purpose_id": "relief"}, headers=headers
    )
    # With the smallest cell at 1 nothing is withheld: every figure is the page's.
    with TestClient(
        create_app(dataclasses.replace(settings, partner_min_cell=1), web.engine)
    ) as unwithheld:
        whole = unwithheld.get(
            "/v1/partner/aggregates/supplies", params={"purpose_id": "relief"}, headers=headers
        )

    assert answer.status_code == 200 and whole.status_code == 200, answer.text
    assert list(shown) == list(supplies.ITEMS)
    given = {
        i["item"]: (i["stock"], i["requested"], i["suggested"]) for i in answer.json()["items"]
    }
    assert {
        i["item"]: (i["stock"], i["requested"], i["suggested"]) for i in whole.json()["items"]
    } == shown
    assert given["water"] == shown["water"] == (6, 6, 18)
    assert given["adult_diapers"] == shown["adult_diapers"] == (6, 6, 30)  # five people: shown
    assert given["diapers"] == (6, 6, None) and shown["diapers"] == (6, 6, 8)  # one infant
