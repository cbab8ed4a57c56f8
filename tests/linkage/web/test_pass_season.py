"""The pass lasts the season it is printed for, says until when, and shows a withdrawal at once.

A printed pass is kept on the fridge for the typhoon season: it is valid for a year by default
(a platform setting, ``KAZASU_PASS_DAYS``), the page gives the last day in Japan time, and
withdrawing the kiosk-sharing consent revokes it: the pass page says so straight away.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta, timezone

import pytest

from kazasu_protocol.kz1 import CodeType
from linkage import passes, unit
from linkage.cli import pass_days
from linkage.config import DEFAULT_PASS_DAYS
from linkage.problems import Problem
from tests.linkage.web.conftest import Web, form_token
from tests.linkage.web.test_prereg import household_form

JST = timezone(timedelta(hours=9))


def _register(web: Web) -> list[str]:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/household")
    done = web.client.post("/my/household", data=household_form(page))
    assert done.url.path == "/my/pass"
    return re.findall(r"data-pass-code>([^<]+)<", done.text)


def test_a_pass_is_valid_for_a_year_by_default_and_says_its_last_day_in_japan_time(
    web: Web,
) -> None:
    assert DEFAULT_PASS_DAYS == 365
    codes = _register(web)
    body = unit.read(web.engine, lambda conn: passes.check_code(conn, codes[0], CodeType.PASS))
    assert body.expires_at - body.issued_at == 365 * 86400
    last_day = datetime.fromtimestamp(body.expires_at, JST).date()
    page = web.page("/my/pass")
    assert f"{last_day.year}年{last_day.month}月{last_day.day}日まで有効" in page
    english = web.page("/my/pass?lang=en")
    assert f"Valid until {last_day.isoformat()} (Japan time)" in english


def test_the_pass_lifetime_is_a_platform_setting(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    state = web.client.app.state  # type: ignore[attr-defined]
    state.settings = dataclasses.replace(state.settings, pass_days=120)
    codes = _register(web)
    body = unit.read(web.engine, lambda conn: passes.check_code(conn, codes[0], CodeType.PASS))
    assert body.expires_at - body.issued_at == 120 * 86400
    monkeypatch.setenv("KAZASU_PASS_DAYS", "30")
    assert pass_days() == 30
    monkeypatch.setenv("KAZASU_PASS_DAYS", "400")
    with pytest.raises(Problem):
        pass_days()  # a code lives 366 days at most
    monkeypatch.delenv("KAZASU_PASS_DAYS")
    assert pass_days() == DEFAULT_PASS_DAYS


def test_withdrawing_kiosk_sharing_shows_on_the_pass_page_at_once(web: Web) -> None:
    codes = _register(web)
    assert len(codes) == 2
    page = web.page("/my/consents")
    confirmed = {"csrf_token": form_token(page), "confirm": "yes"}
    web.client.post("/my/consents/kiosk-roster/withdraw", data=confirmed)
    passes_page = web.page("/my/pass")
    # Her own pass is gone and the page says why and what no longer works; her son's stays.
    assert len(re.findall(r"data-pass-code>", passes_page)) == 1
    assert "試験 花子" in passes_page
    assert "QRコードでの受付はできません" in passes_page
    assert 'href="/my/consents"' in passes_page
