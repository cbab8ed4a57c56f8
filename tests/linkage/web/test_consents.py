"""The consent dashboard: consents in force, their history, one-action withdrawal, receipts."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, select

from linkage import consent, unit
from linkage.tables import changes
from tests.linkage.web.conftest import Web, form_token


def test_each_consent_says_what_it_shares_with_whom(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    assert "避難所の受付キオスクへの共有" in page
    assert "登録・利用した避難所のキオスク" in page
    assert "同意しています" in page
    english = web.page("/my/consents?lang=en")
    assert "Sharing your registration with shelter kiosks" in english


def test_a_confirmed_withdrawal_is_recorded_in_the_history_and_sent_to_kiosks(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    done = web.client.post(
        "/my/consents/kiosk-roster/withdraw",
        data={"csrf_token": form_token(page), "confirm": "yes"},
    )
    assert done.status_code == 200 and "取り消しました。" in done.text
    assert "取り消し済み" in done.text

    def check(conn: Connection) -> None:
        assert consent.current_state(conn, hanako.person_id, "kiosk-roster").state == "withdrawn"
        ops: Sequence[str] = (
            conn.execute(select(changes.c.op).where(changes.c.person_id == hanako.person_id))
            .scalars()
            .all()
        )
        # The kiosks get a deletion, and no earlier copy of the person stays in the feed.
        assert ops == ["delete"]

    unit.read(web.engine, check)


def test_withdrawing_needs_the_csrf_token(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    for data in ({}, {"csrf_token": "x" * 43}):
        answer = web.client.post("/my/consents/kiosk-roster/withdraw", data=data)
        assert answer.status_code == 403
    state = unit.read(
        web.engine, lambda conn: consent.current_state(conn, hanako.person_id, "kiosk-roster")
    )
    assert state.state == "given"


def test_the_receipt_downloads_with_the_history(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    web.client.post("/my/consents/relative-lookup/give", data={"csrf_token": form_token(page)})
    answer = web.client.get("/my/consents/receipt.json")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    receipt = json.loads(answer.text)
    assert receipt["pii_principal"] == {"id": hanako.person_id}
    given = {r["definition"]["id"]: r["status"] for r in receipt["consent_records"]}
    assert given == {"kiosk-roster": "active", "relative-lookup": "active"}


def test_an_unknown_consent_changes_nothing(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    answer = web.client.post(
        "/my/consents/no-such-thing/withdraw", data={"csrf_token": form_token(page)}
    )
    assert "変更できませんでした" in answer.text


def test_a_finder_code_is_shown_once_and_can_be_withdrawn(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    made = web.client.post("/my/consents/finder-codes", data={"csrf_token": form_token(page)})
    code = re.search(r"data-finder-code>([A-Z0-9-]+)<", made.text)
    assert code and len(code.group(1)) == 11
    assert code.group(1) not in web.page("/my/consents")
    grant = re.search(r'action="(/my/consents/grants/[^"]+/withdraw)"', made.text)
    assert grant
    web.client.post(grant.group(1), data={"csrf_token": form_token(made.text)})
    assert "/my/consents/grants/" not in web.page("/my/consents")


def test_the_consent_page_speaks_plain_words_not_keys(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    shared = re.search(r'id="def-kiosk-roster".*?</dl>', page, re.S)
    assert shared
    for key in ("identity", "household", "card-link", "whereabouts"):
        assert key not in shared.group(0).replace('id="def-kiosk-roster"', "")
    assert "氏名・生年月日などの本人情報" in shared.group(0)
    assert "Your name, birth date and other identity details" in web.page("/my/consents?lang=en")
    # The history names how a consent was given in words, not as a method key.
    assert ">test<" not in page


def test_history_times_are_japan_time(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    recorded = unit.read(web.engine, lambda conn: consent.history(conn, hanako.person_id))
    at = datetime.fromisoformat(recorded[0]["recorded_at"]).astimezone(timezone(timedelta(hours=9)))
    page = web.page("/my/consents")
    assert f"{at:%Y-%m-%d %H:%M}（日本時間）" in page


def test_withdrawing_asks_first_and_says_what_stops_working(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    asked = web.client.post(
        "/my/consents/kiosk-roster/withdraw", data={"csrf_token": form_token(page)}
    )
    assert asked.status_code == 200
    assert "QRコードでの受付" in asked.text and 'name="confirm" value="yes"' in asked.text
    state = unit.read(
        web.engine, lambda conn: consent.current_state(conn, hanako.person_id, "kiosk-roster")
    )
    assert state.state == "given"  # nothing changed until confirmed
    done = web.client.post(
        "/my/consents/kiosk-roster/withdraw",
        data={"csrf_token": form_token(asked.text), "confirm": "yes"},
    )
    assert done.url.query == b"done=withdrawn" or "done=withdrawn" in str(done.url)
    assert "QRコードでの受付はできなくなりました" in done.text
