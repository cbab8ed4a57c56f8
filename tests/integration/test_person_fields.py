"""Whoever registered a person — the resident list, the citizen web or a kiosk — the shelter's
kiosk can read them after a sync: one vocabulary of person fields. The roll finds only the
people whose attributes were proven (the resident register); walk-ins and what a citizen typed
on the web are never matched to it.

A real platform process, a kiosk syncing with it, headless Chromium for the web form.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import make_url

from kiosk.model import Sex
from tests.integration.citizen_web import SHELTER, World, chromium, sign_in, start_world
from tests.integration.conftest import _sql

RESIDENTS = (
    "external_ref,family_name,given_name,family_name_kana,given_name_kana,sex,birth_date,"
    "address,designated_shelter_id,kiosk_consent\n"
    f"r1,山田,太郎,ヤマダ,タロウ,male,1950-01-02,千代田区永田町２－３,{SHELTER},yes\n"
)
ROLL = (
    "roll_number,family_name,given_name,birth_date,sex,address\n"
    "1,山田,太郎,1950-01-02,male,千代田区永田町2-3\n"
    "2,試験,花子,1985-04-01,female,千代田区霞が関1-1\n"
    "3,試験,次郎,1980-07-07,male,千代田区霞が関1-1\n"
    "4,鈴木,三郎,1950-03-03,male,南区\n"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    """Platform, kiosk and card, on each database the platform runs on."""
    monkeypatch.setenv("KAZASU_JPKI_TRUST_ANCHORS", "")  # restored after the test
    with ExitStack() as stack:
        if request.param == "sqlite":
            yield start_world(stack, tmp_path)
            return
        server: str = request.getfixturevalue("postgres_server")
        name = f"f_{uuid.uuid4().hex[:10]}"
        _sql(server, f"CREATE DATABASE {name}")
        stack.callback(_sql, server, f"DROP DATABASE {name} WITH (FORCE)")
        url = make_url(server).set(database=name).render_as_string(False)
        yield start_world(stack, tmp_path, url)


@pytest.fixture
def page() -> Iterator[Page]:
    browser: Browser
    with chromium() as browser:
        context = browser.new_context(locale="ja-JP")
        yield context.new_page()
        context.close()


def _pre_register_adult(page: Page, world: World) -> None:
    """Hanako (registered at the kiosk) adds the household's address and her husband."""
    page.goto(world.base + "/my/household")
    page.select_option("#shelter_id", SHELTER)
    page.fill("#address", "千代田区霞が関1-1")
    page.fill("#m0-birth_date", "1985-04-01")
    page.click("button[name=add_member]")
    page.fill("#m1-name", "試験 次郎")
    page.fill("#m1-furigana", "しけん じろう")
    page.select_option("#m1-sex", "1")
    page.fill("#m1-birth_date", "1980-07-07")
    page.check("#agree_roster")
    page.click("form[action='/my/household'] .actions button[type=submit]")
    page.wait_for_url("**/my/pass")


def test_imported_web_and_kiosk_people_reach_the_kiosk_and_only_the_imported_is_matched_to_the_roll(
    world: World, page: Page
) -> None:
    platform = world.platform
    report = platform.admin(
        "POST",
        "/residents/import",
        params={"municipality_id": "M-1"},
        data=RESIDENTS.encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert (report["created"], report["errors"]) == (1, [])
    sign_in(world, page)
    _pre_register_adult(page, world)

    # One sync takes the imported resident and the web-registered husband in whole.
    world.sync.run_once()
    [taro] = world.kiosk.people.search("やまだ")
    assert (taro.name, taro.furigana, taro.sex) == (
        "山田\u3000太郎",
        "ヤマダ\u3000タロウ",
        Sex.MALE,
    )
    assert (taro.birth_date, taro.address) == (date(1950, 1, 2), "千代田区永田町２－３")
    [jiro] = world.kiosk.people.search("しけんじろう")
    assert (jiro.name, jiro.sex, jiro.birth_date) == ("試験 次郎", Sex.MALE, date(1980, 7, 7))
    hanako = world.kiosk.people.get(world.person_id)
    assert hanako.birth_date == date(1985, 4, 1)  # the kiosk walk-in, completed on the web
    assert jiro.household_id == hanako.household_id

    days = [(date.today() + timedelta(days=d)).isoformat() for d in range(3)]
    platform.admin("PUT", "/elections/E-1", json={"name": "市長選挙", "voting_days": days})
    roll = platform.admin(
        "POST", "/elections/E-1/roll", data=ROLL.encode(), headers={"Content-Type": "text/csv"}
    )
    assert (roll["linked"], roll["ambiguous"]) == (1, [])
    voters: list[dict[str, Any]] = platform.admin("GET", "/elections/E-1/voters")
    linked = {v["roll_number"]: v["person_id"] for v in voters}
    assert linked == {
        "1": taro.person_id,  # the resident register proved his name, birth date and address
        "2": None,  # a kiosk walk-in whose birth date she typed on the web herself
        "3": None,  # typed on the web by his spouse
        "4": None,
    }
