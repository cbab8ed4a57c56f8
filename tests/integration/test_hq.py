"""The headquarters end to end: two shelter kiosks and an event kiosk sync with a real platform
on PostgreSQL, and staff signed in with the card see in Chromium what the kiosks count.

The HQ figures are the sum of the shelter kiosks' own counts; the event's attendees count
nowhere at HQ, the event site appears in no public view, and its attendees' records are gone
from the platform and the event's kiosk after the retention. With a tile server configured, the
shelters are markers on map tiles, saying their congestion as the table does.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import make_url

from kiosk.app import Kiosk
from tests.integration.citizen_web import DESKTOP, chromium, sign_in
from tests.integration.conftest import _sql
from tests.integration.hq_world import EVENT, EVENT_NAME, SECOND_NAME, City, build_city
from tests.integration.shelter_map import TileServer, tiles
from tests.integration.test_shelter_map import WAIT_MS, _Environ


@pytest.fixture
def city(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[City]:
    monkeypatch.setenv("KAZASU_JPKI_TRUST_ANCHORS", "")  # restored after the test
    server: str = request.getfixturevalue("postgres_server")
    name = f"hq_{uuid.uuid4().hex[:10]}"
    _sql(server, f"CREATE DATABASE {name}")
    with ExitStack() as stack:
        stack.callback(_sql, server, f"DROP DATABASE {name} WITH (FORCE)")
        yield build_city(
            stack, tmp_path, make_url(server).set(database=name).render_as_string(False)
        )


def test_hq_shows_the_sum_of_the_shelter_kiosks_counts_and_the_event_stays_private(
    city: City,
) -> None:
    counts = city.kiosk_counts()
    expected = {
        "present": sum(c.present for c in counts),
        "households": sum(c.households_present for c in counts),
        "day": sum(c.day for c in counts),
        "night": sum(c.night for c in counts),
        "needs_care": sum(c.needs_care_people for c in counts),
        "outside": sum(sum(c.staying_outside.values()) for c in counts),
    }
    # The scene is what the kiosks say it is: 2 + 3 present, 2 needing care, 2 in a car.
    assert (expected["present"], expected["needs_care"], expected["outside"]) == (5, 3, 2)

    with chromium() as browser:
        page = browser.new_context(locale="ja-JP").new_page()
        sign_in(city.world, page)
        page.goto(city.world.base + "/hq")
        shown = {key: int(page.locator(f'[data-total="{key}"]').inner_text()) for key in expected}
        assert shown == expected
        for site, c in zip(city.shelters, counts, strict=True):
            row = page.locator(f'tr[data-shelter-id="{site.site_id}"]')
            assert row.locator('[data-field="households"]').inner_text() == str(
                c.households_present
            )
        assert EVENT_NAME not in page.content()
        # No tile server: the SVG plot is the map.
        assert page.locator("svg.hq-map circle").count() == 2
        assert page.locator("#hq-tile-map").count() == 0
        page.goto(city.world.base + "/shelters")
        assert EVENT_NAME not in page.content()

    public = httpx.get(city.world.platform.url + "/v1/public/shelters").json()
    assert EVENT not in {s["shelter_id"] for s in public["shelters"]}

    # Forty days after the event, its attendees' records go, and its kiosk forgets them.
    platform, kiosk = city.world.platform, city.event.kiosk
    assert _held(kiosk) == 2
    ended = (date.today() - timedelta(days=40)).isoformat()
    platform.cli("event-end", EVENT, "--on", ended)
    (purged,) = platform.cli("purge-events")
    assert (purged["shelter_id"], purged["people"], purged["retention_days"]) == (EVENT, 2, 30)
    city.event.sync.run_once()
    assert _held(kiosk) == 0
    assert [c.present for c in city.kiosk_counts()] == [c.present for c in counts]


def test_with_a_tile_server_the_shelters_are_markers_on_the_map(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ExitStack() as stack:
        server: TileServer = stack.enter_context(tiles(_Environ(monkeypatch)))
        city = build_city(stack, tmp_path)
        browser = stack.enter_context(chromium())
        context = browser.new_context(viewport=DESKTOP, locale="en-GB")
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        sign_in(city.world, page)
        page.goto(city.world.base + "/hq?lang=en")
        markers = page.locator("#hq-tile-map .leaflet-marker-icon")
        expect(markers).to_have_count(2, timeout=WAIT_MS)
        for site in city.shelters:
            row = page.locator(f'tr[data-shelter-id="{site.site_id}"]')
            level = row.locator(".level").inner_text()
            name = row.locator("th").inner_text().splitlines()[0]
            marker = page.locator(".leaflet-marker-icon", has=page.locator(f"text={level}"))
            expect(marker.first).to_have_attribute("title", f"{name} — {level}")
        # Keyboard: a marker opens its figures, the same as the table's.
        first = page.locator(f'.leaflet-marker-icon[title^="{SECOND_NAME}"]')
        first.focus()
        page.keyboard.press("Enter")
        expect(page.locator(".leaflet-popup-content")).to_contain_text("3 people / 4")
        page.wait_for_function("document.querySelectorAll('.leaflet-tile-loaded').length > 0")
        # The map took the plot's place; the plot is still in the page for no-script browsers.
        assert not page.locator("svg.hq-map").is_visible()
        assert page.locator("svg.hq-map circle").count() == 2
        assert EVENT_NAME not in page.content()
        assert server.requests, "no tile was asked for"
        assert {_origin(u) for u in asked} == {_origin(city.world.base), server.origin}
        context.close()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _held(kiosk: Kiosk) -> int:
    with kiosk.store.reading() as conn:
        return int(conn.execute("SELECT count(*) FROM persons").fetchone()[0])
