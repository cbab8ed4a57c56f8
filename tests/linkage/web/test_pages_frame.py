"""The frame every citizen page shares: languages, security headers, the built front-end."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from linkage.app import create_app
from linkage.config import Settings
from linkage.web import STATIC_DIR
from linkage.web.i18n import LANGUAGES, catalogue, negotiate


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.sqlite3'}", admin_token="-")
    return TestClient(create_app(settings), base_url="https://testserver")


def test_japanese_is_the_default_and_english_is_one_switch_away(client: TestClient) -> None:
    ja = client.get("/")
    assert ja.status_code == 200
    assert '<html lang="ja" data-lang="ja">' in ja.text
    assert "住民サービス" in ja.text
    assert 'href="/?lang=en"' in ja.text

    en = client.get("/?lang=en")
    assert '<html lang="en" data-lang="en">' in en.text
    assert "Resident services" in en.text
    # The choice is remembered for the next pages.
    assert '<html lang="en" data-lang="en">' in client.get("/").text


def test_the_browser_language_is_used_when_nothing_was_chosen() -> None:
    assert negotiate(None, None, "en-GB,en;q=0.9") == "en"
    assert negotiate(None, None, "fr-FR") == "ja"
    assert negotiate("ja", "en", "en") == "ja"
    assert negotiate("xx", "en", None) == "en"


def test_pages_allow_nothing_from_other_origins(client: TestClient) -> None:
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "http" not in page.text.replace('href="/', "").split("<main")[0].lower()


def test_every_message_has_japanese_and_english() -> None:
    for key, texts in catalogue().items():
        for lang in LANGUAGES:
            assert texts[lang].strip(), f"{key} lacks {lang}"


def test_the_built_front_end_is_served(client: TestClient) -> None:
    if not (STATIC_DIR / "dist" / "site.css").exists():
        pytest.fail("the front-end is not built: run `make web`")
    css = client.get("/static/dist/site.css")
    assert css.status_code == 200
    assert "text/css" in css.headers["content-type"]
    assert client.get("/static/dist/site.js").status_code == 200
