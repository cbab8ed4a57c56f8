"""Online voting against the real platform process, on SQLite and PostgreSQL: eight browsers
of one voter casting at once leave one counted ballot; a polling-site kiosk (its real desk and
claim client) sees the online vote and issues a paper ballot only deliberately, which cancels it;
after that the voter cannot cast online."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import make_url

from kiosk.voting.results import Block, Blocked, Issued
from linkage.evote.ballot import encrypt_ballot
from linkage.evote.context import ElectionContext, context_from_json
from tests.integration.citizen_web import (
    ELECTION,
    World,
    chromium,
    declare,
    open_election,
    sign_in,
    start_world,
)
from tests.integration.conftest import _sql
from tests.integration.polling import FIRST, poll_kiosk, voters
from tests.integration.test_online_voting import key_ceremony

SITE = "V1"


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    """The platform with an election open online, Hanako on its roll with her card linked."""
    url = None
    if request.param == "postgresql":
        server: str = request.getfixturevalue("postgres_server")
        name = f"it_{uuid.uuid4().hex[:12]}"
        _sql(server, f"CREATE DATABASE {name}")
        url = make_url(server).set(database=name).render_as_string(False)
    try:
        with ExitStack() as stack:
            yield start_world(stack, tmp_path, url)
    finally:
        if url is not None:
            _sql(server, f"DROP DATABASE {name} WITH (FORCE)")


def open_online(world: World) -> tuple[str, ElectionContext]:
    """The election with its polling site, open online; its first day and context."""
    day = open_election(world)
    world.platform.admin(
        "PUT",
        f"/elections/{ELECTION}/sites/{SITE}",
        json={"name": "期日前投票所", "staff_code_allowed": True, "pin_required": False},
    )
    key_ceremony(world)
    context = context_from_json(
        world.platform.http.get(
            f"{world.platform.url}/v1/public/elections/{ELECTION}/context"
        ).json()
    )
    return day, context


def signed_in_page(browser: Browser, world: World) -> Page:
    """A browser of its own, signed in with Hanako's card."""
    page = browser.new_context().new_page()
    sign_in(world, page)
    return page


def fire_cast(page: Page, world: World, ballot: dict[str, object]) -> None:
    """Start a cast from the page (as its script does) without waiting for the answer."""
    page.goto(f"{world.base}/my/ballot/{ELECTION}")
    page.evaluate(
        """(ballot) => {
            const form = document.getElementById("ballot-form");
            const body = new URLSearchParams({csrf_token: form.dataset.csrf, ballot});
            window.castAnswer = fetch(location.pathname + "/cast", {method: "POST", body})
                .then((r) => r.status);
        }""",
        json.dumps(ballot),
    )


def board(world: World) -> dict[str, str]:
    answer = world.platform.http.get(f"{world.platform.url}/v1/public/elections/{ELECTION}/board")
    return {b["tracker"]: b["status"] for b in answer.json()["ballots"]}


def test_eight_browsers_casting_at_once_leave_one_counted_ballot(world: World) -> None:
    day, context = open_online(world)
    with chromium() as browser:
        pages = [signed_in_page(browser, world) for _ in range(8)]
        declare(pages[0], world, day)
        ballots = [encrypt_ballot(context, {"mayor": [f"c{1 + n % 3}"]})[0] for n in range(8)]
        for page, ballot in zip(pages, ballots, strict=True):
            fire_cast(page, world, ballot)
        answers = [page.evaluate("window.castAnswer") for page in pages]
    assert answers == [201] * 8
    states = list(board(world).values())
    assert states.count("counted") == 1 and states.count("superseded") == 7


def test_the_desk_sees_the_online_vote_and_its_paper_ballot_cancels_it(
    world: World, tmp_path: Path
) -> None:
    day, context = open_online(world)
    with chromium() as browser:
        page = signed_in_page(browser, world)
        declare(page, world, day)
        fire_cast(page, world, encrypt_ballot(context, {"mayor": ["c1"]})[0])
        assert page.evaluate("window.castAnswer") == 201
        (tracker,) = board(world)

        poll = poll_kiosk(tmp_path / "poll", world.platform, SITE, world.platform.url)
        try:
            hanako = voters(world.platform)["1"]["voter_id"]
            view = poll.desk.view(hanako)
            assert view.block is Block.VOTED_ONLINE
            declaration = view.declaration.declaration_id if view.declaration else None
            held = poll.desk.issue(FIRST, poll.second(), hanako, declaration)
            assert isinstance(held, Blocked) and held.block is Block.VOTED_ONLINE
            assert board(world) == {tracker: "counted"}
            issued = poll.desk.issue(FIRST, poll.second(), hanako, declaration, cancel_online=True)
            assert isinstance(issued, Issued), issued
            assert board(world) == {tracker: "cancelled"}
            assert voters(world.platform)["1"]["voted_site_id"] == SITE
        finally:
            poll.close()

        # Voted at a desk: no online ballot any more.
        fire_cast(page, world, encrypt_ballot(context, {"mayor": ["c2"]})[0])
        assert page.evaluate("window.castAnswer") == 409
    assert board(world) == {tracker: "cancelled"}
