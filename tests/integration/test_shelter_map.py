"""The public shelter map end to end: a kiosk checks people in, the open page follows.

Debian's headless Chromium shows ``/shelters`` from a real platform process; a real kiosk
checks people in and syncs, and the list (and, with a tile server configured, the map's
markers) change without a reload. The page loads nothing but the platform and the tiles.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from tests.integration.citizen_web import PHONE, chromium
from tests.integration.shelter_map import CROWDED, TileServer, Town, start_town, tiles

# Machines running the whole suite are busy; a page that is right but slow still passes.
WAIT_MS = 15_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


@pytest.fixture
def town(tmp_path: Path) -> Iterator[Town]:
    with ExitStack() as stack:
        yield start_town(stack, tmp_path)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _crowded_item(page: Page) -> str:
    return page.locator(f'[data-shelter-id="{CROWDED}"]').inner_text()


def test_the_list_follows_kiosk_check_ins_without_tiles_or_reload(
    town: Town, browser: Browser
) -> None:
    town.check_in(1)
    context = browser.new_context(viewport=PHONE, locale="ja-JP")
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(town.base + "/shelters")
    assert page.locator("#shelter-map").count() == 0  # no tile server: the list alone
    item = page.locator(f'[data-shelter-id="{CROWDED}"]')
    expect(item).to_contain_text("避難者 1 人", timeout=WAIT_MS)
    expect(item).to_contain_text("空き", timeout=WAIT_MS)
    # The stream is up.
    expect(page.locator("#shelter-updated")).to_contain_text("最新の状況", timeout=WAIT_MS)

    town.check_in(3)  # 4 of 4
    expect(item).to_contain_text("避難者 4 人", timeout=WAIT_MS)
    expect(item).to_contain_text("満員", timeout=WAIT_MS)
    closed = page.locator('[data-shelter-id="S3"]')
    expect(closed).to_contain_text("閉鎖中", timeout=WAIT_MS)
    # Open shelters are listed before closed ones.
    ids = page.locator("[data-shelter-id]").evaluate_all("els => els.map(e => e.dataset.shelterId)")
    assert ids == ["S1", "S2", "S3"]
    assert {_origin(u) for u in asked} == {_origin(town.base)}
    context.close()


def test_markers_say_their_level_and_follow_check_ins(
    tmp_path: Path, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ExitStack() as stack:
        server: TileServer = stack.enter_context(tiles(_Environ(monkeypatch)))
        town = start_town(stack, tmp_path)
        town.check_in(2)  # 2 of 4: somewhat crowded
        context = browser.new_context(viewport=PHONE, locale="en-GB")
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        blocked: list[str] = []
        page.on("requestfailed", lambda request: _record_failure(blocked, request, server))
        page.goto(town.base + "/shelters?lang=en")
        markers = page.locator(".leaflet-marker-icon")
        expect(markers).to_have_count(3, timeout=WAIT_MS)
        marker = page.locator(".leaflet-marker-icon", has_text="Somewhat crowded")
        expect(marker).to_have_attribute(
            "title", "第一小学校 体育館 — Somewhat crowded", timeout=WAIT_MS
        )
        # Keyboard: markers are in the tab order and Enter opens the details.
        expect(marker).to_have_attribute("tabindex", "0", timeout=WAIT_MS)
        marker.focus()
        page.keyboard.press("Enter")
        expect(page.locator(".leaflet-popup-content")).to_contain_text(
            "2 people / capacity 4", timeout=WAIT_MS
        )
        page.wait_for_function("document.querySelectorAll('.leaflet-tile-loaded').length > 0")

        town.check_in(2)  # 4 of 4
        expect(page.locator(".leaflet-marker-icon", has_text="Full")).to_have_count(
            1, timeout=WAIT_MS
        )
        expect(page.locator(f'[data-shelter-id="{CROWDED}"]')).to_contain_text(
            "4 people", timeout=WAIT_MS
        )
        assert server.requests, "no tile was asked for"
        assert {_origin(u) for u in asked} == {_origin(town.base), server.origin}
        assert blocked == []
        context.close()


class _Environ(dict[str, str]):
    """os.environ through monkeypatch, so that the test leaves it as it found it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        super().__init__()
        self._monkeypatch = monkeypatch

    def __setitem__(self, key: str, value: str) -> None:
        self._monkeypatch.setenv(key, value)

    def __delitem__(self, key: str) -> None:
        self._monkeypatch.delenv(key, raising=False)


def _record_failure(blocked: list[str], request: Request, tiles: TileServer) -> None:
    # Leaflet cancels the tiles of a view it has left (the popup pans the map): not a refusal.
    if _origin(request.url) == tiles.origin and request.failure == "net::ERR_ABORTED":
        return
    blocked.append(f"{request.url}: {request.failure}")
