"""Family safety lookup: household and consenting people only, never a protected person."""

from __future__ import annotations

import re
from collections.abc import Sequence

from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from linkage import unit
from linkage.tables import presence, shelters, web_audit
from linkage.web.family import CODE_TRIES_PER_HOUR, LOOKUPS_PER_HOUR
from tests.linkage.web.conftest import SHELTER, Resident, Web, browser, form_token


def check_in(web: Web, resident: Resident, site: str = SHELTER) -> None:
    unit.run(
        web.engine,
        lambda conn: conn.execute(
            insert(presence).values(
                person_id=resident.person_id,
                shelter_id=site,
                state="in",
                hlc="000000000000000001:00000:k",
                event_id="e-" + resident.person_id,
            )
        ),
    )


def finder_code(web: Web, client: TestClient) -> str:
    page = client.get("/my/consents").text
    made = client.post("/my/consents/finder-codes", data={"csrf_token": form_token(page)})
    found = re.search(r"data-finder-code>([A-Z0-9-]+)<", made.text)
    assert found
    return found.group(1)


def test_household_members_are_found_at_their_shelter(web: Web) -> None:
    hanako = web.resident("試験 花子")
    son = web.resident("試験 一郎", household_id=hanako.household_id)
    check_in(web, son)
    web.sign_in(hanako)
    page = web.page("/my/family")
    assert "試験 一郎" in page and "第一小学校 に避難しています" in page


def test_a_person_protected_from_violence_is_absent_from_every_page_of_others(web: Web) -> None:
    abuser = web.resident("加害 太郎")
    victim = web.resident("保護 花子", household_id=abuser.household_id, dv_protected=True)
    check_in(web, victim)
    # Even a finder code the protected person made does not reveal them.
    other = browser(web)
    Web(other, web.engine).sign_in(victim)
    code = finder_code(web, other)
    web.sign_in(abuser)
    page = web.client.post(
        "/my/family/code", data={"csrf_token": form_token(web.page("/my/family")), "code": code}
    ).text
    for path in ("/my/family", "/my/household", "/my/pass", "/my", "/my/consents"):
        assert "保護 花子" not in web.page(path), path
    assert "保護 花子" not in page
    assert victim.person_id not in web.page("/my/household")


def test_someone_outside_the_household_is_found_only_after_giving_a_code(web: Web) -> None:
    hanako = web.resident("試験 花子")
    aunt = web.resident("親戚 春子")
    check_in(web, aunt)
    aunt_browser = browser(web)
    Web(aunt_browser, web.engine).sign_in(aunt)
    web.sign_in(hanako)
    assert "親戚 春子" not in web.page("/my/family")

    code = finder_code(web, aunt_browser)
    page = web.page("/my/family")
    done = web.client.post(
        "/my/family/code", data={"csrf_token": form_token(page), "code": code.lower()}
    )
    assert done.url.path == "/my/family"
    assert "親戚 春子" in done.text and "第一小学校" in done.text
    # The code works once.
    again = web.client.post("/my/family/code", data={"csrf_token": form_token(page), "code": code})
    assert again.status_code == 422

    # The aunt withdraws: she disappears from Hanako's page.
    consents = aunt_browser.get("/my/consents").text
    grant = re.search(r'action="(/my/consents/grants/[^"]+/withdraw)"', consents)
    assert grant
    aunt_browser.post(grant.group(1), data={"csrf_token": form_token(consents)})
    assert "親戚 春子" not in web.page("/my/family")


def test_a_wrong_code_is_explained_by_the_field_and_reveals_nobody(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/family")
    answer = web.client.post(
        "/my/family/code", data={"csrf_token": form_token(page), "code": "ABCDE-FGHJK"}
    )
    assert answer.status_code == 422
    error = re.search(r'id="code-error">([^<]+)<', answer.text)
    assert error and "このコードは使えません" in error.group(1)


def test_code_attempts_are_limited(web: Web) -> None:
    hanako = web.resident()
    aunt = web.resident("親戚 春子")
    aunt_browser = browser(web)
    Web(aunt_browser, web.engine).sign_in(aunt)
    code = finder_code(web, aunt_browser)
    web.sign_in(hanako)
    page = web.page("/my/family")
    for _ in range(CODE_TRIES_PER_HOUR):
        web.client.post("/my/family/code", data={"csrf_token": form_token(page), "code": "X"})
    # Even the right code is refused once the tries are used up.
    answer = web.client.post("/my/family/code", data={"csrf_token": form_token(page), "code": code})
    assert "入力が多すぎます" in answer.text
    assert "親戚 春子" not in answer.text


def test_lookups_are_audited_per_person_and_rate_limited(web: Web) -> None:
    hanako = web.resident()
    son = web.resident("試験 一郎", household_id=hanako.household_id)
    web.sign_in(hanako)
    web.page("/my/family")
    shown: Sequence[str] = unit.read(
        web.engine,
        lambda conn: (
            conn.execute(
                select(web_audit.c.subject).where(
                    web_audit.c.actor == hanako.person_id,
                    web_audit.c.action == "family-lookup.shown",
                )
            )
            .scalars()
            .all()
        ),
    )
    assert shown == [son.person_id]
    for _ in range(LOOKUPS_PER_HOUR - 1):
        web.client.get("/my/family")
    limited = web.client.get("/my/family")
    assert limited.status_code == 429
    assert "試験 一郎" not in limited.text


def test_no_page_says_whether_an_id_belongs_to_someone(web: Web) -> None:
    hanako = web.resident()
    stranger = web.resident("他人 太郎")
    web.sign_in(hanako)
    nobody = "p-00000000-0000-7000-8000-000000000000"
    known = web.client.get(f"/my/pass/{stranger.person_id}.png")
    unknown = web.client.get(f"/my/pass/{nobody}.png")
    assert known.status_code == unknown.status_code == 404
    # The pages differ only in the address they were asked for.
    assert known.text.replace(stranger.person_id, "ID") == unknown.text.replace(nobody, "ID")


def test_a_relative_at_a_community_event_is_not_told_where_they_are(web: Web) -> None:
    hanako = web.resident("試験 花子")
    son = web.resident("試験 一郎", household_id=hanako.household_id)
    unit.run(
        web.engine,
        lambda conn: conn.execute(
            insert(shelters).values(
                shelter_id="E-001", municipality_id="M-1", name="夏祭り会場", kind="event"
            )
        ),
    )
    check_in(web, son, "E-001")
    web.sign_in(hanako)
    page = web.page("/my/family")
    # He is listed (he is of her household), but as at no shelter: the event is never named.
    assert "試験 一郎" in page
    assert "夏祭り会場" not in page and "避難しています" not in page
    assert "避難所での受付の記録はありません" in page
