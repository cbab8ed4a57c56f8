"""The citizen pages in the residents' languages, in headless Chromium against a real platform:
the browser's language picks Vietnamese, the pre-registration form explains a mistake in it,
the menu switches to Korean for the following pages, and each script is drawn by a font that
has its glyphs (Chromium's own report of the fonts it used)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.integration.citizen_web import PHONE, SHELTER, World, chromium, sign_in, start_world


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("KAZASU_JPKI_TRUST_ANCHORS", "")  # restored after the test
    with ExitStack() as stack:
        yield start_world(stack, tmp_path)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as running:
        yield running


def fonts_drawing(page: Page, selector: str) -> set[str]:
    """The platform fonts Chromium drew ``selector``'s text with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {f["familyName"] for f in fonts if f["glyphCount"] > 0}


def test_pre_registration_in_vietnamese_then_korean_from_the_menu(
    world: World, browser: Browser
) -> None:
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    sign_in(world, page)
    page.goto(world.base + "/my/household")
    assert page.get_attribute("html", "lang") == "vi"
    assert page.text_content("h1") == "Đăng ký trước nơi sơ tán"
    assert fonts_drawing(page, "h1") == {"DejaVu Sans"}

    page.select_option("#shelter_id", SHELTER)
    page.click("button[name=add_member]")
    page.wait_for_selector("#m1-name")
    page.fill("#m1-name", "試験 一郎")
    page.fill("#m1-furigana", "Ichiro")  # not kana
    page.check("#agree_roster")
    page.click("form[action='/my/household'] .actions button[type=submit]")
    page.wait_for_selector("#m1-furigana-error")
    assert "Hãy viết bằng hiragana hoặc katakana." in (
        page.text_content("#m1-furigana-error") or ""
    )

    menu = page.locator(".lang-menu")
    assert "Ngôn ngữ / Language: Tiếng Việt" in " ".join(
        menu.locator("summary").inner_text().split()
    )
    menu.locator("summary").click()
    menu.get_by_role("link", name="한국어").click()
    page.wait_for_url("**/my/household?lang=ko")
    assert page.get_attribute("html", "lang") == "ko"
    assert page.text_content("h1") == "대피소 사전 등록"
    assert fonts_drawing(page, "h1") == {"Noto Sans CJK KR"}
    # The choice is kept (a cookie) over the browser's Vietnamese.
    page.goto(world.base + "/my")
    assert page.get_attribute("html", "lang") == "ko"
    assert page.text_content("h1") == "마이페이지"

    menu.locator("summary").click()
    menu.get_by_role("link", name="中文（简体）").click()
    page.wait_for_url("**/my?lang=zh-Hans")
    assert page.get_attribute("html", "lang") == "zh-Hans"
    assert fonts_drawing(page, "h1") == {"Noto Sans CJK SC"}
    context.close()
