"""Online early voting end to end, once, on PostgreSQL, through the real parts: a
``kazasu-platform serve`` process, headless Chromium with the built ballot page, and a virtual
My Number Card answering the sign-in challenge through ``kazasu-card sign``.

Hanako signs in with her card, declares, opens the ballot, audits one encryption (the page shows
what it held), encrypts again and casts; her tracker is on the board. She votes again: the
first tracker is superseded. The period closes, two of three trustees decrypt, the office
publishes, and ``kazasu-verify`` finds the record valid.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Page
from sqlalchemy import make_url

from linkage.evote import tally
from linkage.evote.context import context_from_json
from tests.integration.citizen_web import (
    ELECTION,
    PHONE,
    World,
    chromium,
    declare,
    open_election,
    sign_in,
    start_world,
)
from tests.integration.conftest import _sql
from tests.integration.platform_server import REPO
from tests.linkage.evote_election import MAYOR, ceremony

DIST = REPO / "linkage/web/static/dist"
HOUR = 3_600_000


@pytest.fixture
def world(postgres_server: str, tmp_path: Path) -> Iterator[World]:
    """The platform on a fresh PostgreSQL database, Hanako with her card linked."""
    name = f"it_{uuid.uuid4().hex[:12]}"
    _sql(postgres_server, f"CREATE DATABASE {name}")
    url = make_url(postgres_server).set(database=name).render_as_string(False)
    try:
        with ExitStack() as stack:
            yield start_world(stack, tmp_path, url)
    finally:
        _sql(postgres_server, f"DROP DATABASE {name} WITH (FORCE)")


def online(world: World, opens: int, closes: int) -> None:
    world.platform.admin(
        "PUT",
        f"/elections/{ELECTION}/online",
        json={"mock": True, "opens_at_ms": opens, "closes_at_ms": closes, "trustees": 3,
              "quorum": 2},
    )  # fmt: skip


def key_ceremony(world: World) -> list[object]:
    """Contest, period and the trustees' ceremony; the trustees' secrets."""
    world.platform.admin(
        "PUT",
        f"/elections/{ELECTION}/contests/mayor",
        json={
            "title": "市長選挙",
            "title_en": "Mayor",
            "choices": 1,
            "candidates": [{"candidate_id": c, "name": n} for c, n in MAYOR],
        },
    )
    now = int(time.time() * 1000)
    online(world, now - HOUR, now + HOUR)
    parameters = world.platform.admin("GET", f"/elections/{ELECTION}/online/parameters")
    context, records, secrets = ceremony(parameters)
    world.platform.admin(
        "PUT",
        f"/elections/{ELECTION}/online/context",
        json={"context": context, "trustee_records": records},
    )
    return secrets


def vote(page: Page, world: World, candidate: str) -> str:
    """Choose, encrypt and cast on the ballot page; the tracker shown."""
    page.goto(f"{world.base}/my/ballot/{ELECTION}")
    page.check(f"input[name=mayor][value={candidate}]")
    page.click("#encrypt")
    page.wait_for_selector("#encrypted:not([hidden])")
    page.click("#cast")
    page.wait_for_selector("#cast-done:not([hidden])", timeout=30_000)
    return page.locator("#tracker").text_content() or ""


def test_sign_in_declare_audit_cast_revote_tally_and_verify(world: World, tmp_path: Path) -> None:
    assert (DIST / "ballot.js").exists() and (DIST / "evote.js").exists(), "build: make web"
    day = open_election(world)
    secrets = key_ceremony(world)
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        sign_in(world, page)
        declare(page, world, day)

        page.goto(f"{world.base}/my/ballot/{ELECTION}")
        assert page.locator("[data-mock]").count() == 1  # 模擬
        assert "模擬" in page.title()
        page.check("input[name=mayor][value=c2]")
        page.click("#encrypt")
        page.wait_for_selector("#encrypted:not([hidden])")
        page.click("#audit")
        page.wait_for_selector("#audited:not([hidden])", timeout=30_000)
        opened = page.locator("#audit-choices li").first
        assert opened.get_attribute("data-chosen") == "c2"
        assert "佐藤花子" in (opened.text_content() or "")
        page.click("#again")
        page.check("input[name=mayor][value=c1]")
        page.click("#encrypt")
        page.wait_for_selector("#encrypted:not([hidden])")
        page.click("#cast")
        page.wait_for_selector("#cast-done:not([hidden])", timeout=30_000)
        first = page.locator("#tracker").text_content() or ""
        assert page.locator("#replaced").is_hidden()
        page.click("#board-link")
        page.wait_for_selector("[data-found=yes]")
        assert page.locator("tr.highlight [data-status]").get_attribute("data-status") == (
            "counted"
        )

        second = vote(page, world, "c3")
        assert page.locator("#replaced").is_visible()
    board = {
        b["tracker"]: b["status"]
        for b in world.platform.http.get(
            f"{world.platform.url}/v1/public/elections/{ELECTION}/board"
        ).json()["ballots"]
    }
    assert board[first] == "superseded" and board[second] == "counted"
    assert list(board.values()).count("audited") == 1

    now = int(time.time() * 1000)
    online(world, now - 2 * HOUR, now - 1)
    closed = world.platform.admin("POST", f"/elections/{ELECTION}/online/close")
    assert closed == {"destroyed_links": 1}
    encrypted = world.platform.admin("GET", f"/elections/{ELECTION}/online/tally")
    context = context_from_json(
        world.platform.http.get(
            f"{world.platform.url}/v1/public/elections/{ELECTION}/context"
        ).json()
    )
    for index in (2, 3):
        partial = tally.partial_decrypt(context, secrets[index - 1], encrypted)  # type: ignore[arg-type]
        world.platform.admin("PUT", f"/elections/{ELECTION}/online/partials/{index}", json=partial)
    result = world.platform.admin("POST", f"/elections/{ELECTION}/online/result")
    counts = {c["candidate_id"]: c["online"] for c in result["contests"][0]["candidates"]}
    assert counts == {"c1": 0, "c2": 0, "c3": 1} and result["label"] == "模擬"

    record = tmp_path / "record.json"
    record.write_text(
        json.dumps(
            world.platform.http.get(
                f"{world.platform.url}/v1/public/elections/{ELECTION}/record"
            ).json()
        ),
        encoding="utf-8",
    )
    verified = subprocess.run(
        [sys.executable, "-m", "linkage.evote.verify", str(record)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert world.person_id not in record.read_text(encoding="utf-8")
