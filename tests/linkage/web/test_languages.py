"""The citizen pages in the languages foreign residents read: every catalogue has every key of
the pages, the browser's language and the menu choose one, and the page says which it is."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from linkage.app import create_app
from linkage.config import Settings
from linkage.web import i18n
from linkage.web.i18n import EASY_JAPANESE, LANGUAGE_NAMES, LANGUAGES, catalogue, negotiate

FOREIGN = ("zh-Hans", "ko", "vi", "pt")
# The same word in English and in these languages, so the same text is right.
SAME_AS_ENGLISH = {
    "ko": {"consents.data.separator"},
    "vi": {"site.nav", "consents.data.separator"},
    "pt": {"site.nav", "consents.data.separator", "prereg.dis.visual", "prereg.dis.mental"},
}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
KANJI = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.sqlite3'}", admin_token="-")
    return TestClient(create_app(settings), base_url="https://testserver")


@pytest.fixture
def messages_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the catalogues the loader reads instead, to break on purpose."""
    copy = tmp_path / "messages"
    shutil.copytree(i18n.MESSAGES_DIR, copy)
    monkeypatch.setattr(i18n, "MESSAGES_DIR", copy)
    catalogue.cache_clear()
    yield copy
    catalogue.cache_clear()


def resident_texts() -> dict[str, Mapping[str, str]]:
    """The catalogue without the staff pages' keys (those stay Japanese and English)."""
    staff = {
        key
        for name in i18n.STAFF_PAGES
        for key in json.loads((i18n.MESSAGES_DIR / name).read_text(encoding="utf-8"))
    }
    return {key: texts for key, texts in catalogue().items() if key not in staff}


def test_staff_pages_stay_japanese_and_english() -> None:
    hq = json.loads((i18n.MESSAGES_DIR / "hq.json").read_text(encoding="utf-8"))
    key, texts = next(iter(hq.items()))
    assert catalogue()[key]["ko"] == texts["en"]
    assert catalogue()[key][EASY_JAPANESE] == texts["ja"]


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang not in ("ja", "en")])
def test_every_key_of_every_page_is_translated_with_its_placeholders(lang: str) -> None:
    folder = i18n.MESSAGES_DIR / lang
    assert sorted(p.name for p in folder.glob("*.json")) == sorted(
        p.name for p in i18n.MESSAGES_DIR.glob("*.json") if p.name not in i18n.STAFF_PAGES
    )
    for key, texts in resident_texts().items():
        assert texts[lang].strip(), f"{key} lacks {lang}"
        assert sorted(PLACEHOLDER.findall(texts[lang])) == sorted(
            PLACEHOLDER.findall(texts["en"])
        ), f"{lang} {key}"


@pytest.mark.parametrize("lang", FOREIGN)
def test_a_foreign_language_never_leaves_a_text_in_english(lang: str) -> None:
    same = {key for key, texts in resident_texts().items() if texts[lang] == texts["en"]}
    assert same == SAME_AS_ENGLISH.get(lang, set())


def test_easy_japanese_is_rewritten_and_keeps_no_kanji_but_the_examples() -> None:
    texts = resident_texts()
    rewritten = [key for key, t in texts.items() if t[EASY_JAPANESE] != t["ja"]]
    assert len(rewritten) > 0.9 * len(texts)
    for key, t in texts.items():
        # Kanji only where English has them too: example names such as 鈴木 花子.
        assert set(KANJI.findall(t[EASY_JAPANESE])) <= set(KANJI.findall(t["en"])), key


def test_a_missing_translation_stops_the_catalogue_from_loading(messages_copy: Path) -> None:
    page = messages_copy / "vi" / "prereg.json"
    page.write_text(
        page.read_text(encoding="utf-8").replace('"prereg.title"', '"prereg.title.typo"'),
        encoding="utf-8",
    )
    with pytest.raises(i18n.CatalogueError, match=r"vi/prereg.json: lacks prereg\.title"):
        catalogue()


def test_a_missing_language_file_stops_the_catalogue_from_loading(messages_copy: Path) -> None:
    (messages_copy / "ko" / "declare.json").unlink()
    with pytest.raises(i18n.CatalogueError, match=r"ko/declare\.json is missing"):
        catalogue()


def test_the_browser_asks_for_a_language_by_its_tag_and_weights() -> None:
    assert negotiate(None, None, "vi-VN,vi;q=0.9,en;q=0.5") == "vi"
    assert negotiate(None, None, "zh-CN,zh;q=0.9") == "zh-Hans"
    assert negotiate(None, None, "zh-Hans-CN") == "zh-Hans"
    assert negotiate(None, None, "zh-TW") == "ja"  # traditional script is not offered
    assert negotiate(None, None, "ko;q=0.5, pt-BR;q=0.8") == "pt"
    assert negotiate(None, None, "pt-BR;q=0, ko") == "ko"
    assert negotiate(None, None, "tl-PH") == "ja"
    assert negotiate(EASY_JAPANESE, "en", "ko") == EASY_JAPANESE
    assert negotiate(None, "zh-Hans", "en") == "zh-Hans"
    assert negotiate("ja-x-unknown", None, None) == "ja"


@pytest.mark.parametrize(
    ("lang", "html", "title"),
    [
        ("zh-Hans", '<html lang="zh-Hans" data-lang="zh-Hans">', "居民服务"),
        ("ko", '<html lang="ko" data-lang="ko">', "주민 서비스"),
        ("vi", '<html lang="vi" data-lang="vi">', "Dịch vụ cư dân"),
        ("pt", '<html lang="pt" data-lang="pt">', "Serviços ao morador"),
        (EASY_JAPANESE, '<html lang="ja" data-lang="ja-x-easy">', "じゅうみん　サービス"),
    ],
)
def test_a_chosen_language_is_the_pages_language_and_is_remembered(
    client: TestClient, lang: str, html: str, title: str
) -> None:
    page = client.get(f"/?lang={lang}")
    assert html in page.text and title in page.text
    assert html in client.get("/").text


def test_the_browser_language_is_used_until_one_is_chosen(client: TestClient) -> None:
    page = client.get("/", headers={"Accept-Language": "vi-VN,vi;q=0.9"})
    assert '<html lang="vi" data-lang="vi">' in page.text
    assert "kz_lang" not in page.headers.get("set-cookie", "")
    chosen = client.get("/?lang=ko", headers={"Accept-Language": "vi-VN"})
    assert '<html lang="ko"' in chosen.text
    assert '<html lang="ko"' in client.get("/", headers={"Accept-Language": "vi-VN"}).text


def test_every_page_has_a_menu_naming_each_language_in_its_own_script(
    client: TestClient,
) -> None:
    page = client.get("/?lang=pt").text
    menu = page.split('class="lang-menu"')[1].split("</details>")[0]
    assert 'Idioma / <span lang="en">Language</span>' in menu
    for lang, name in LANGUAGE_NAMES.items():
        tag = "ja" if lang == EASY_JAPANESE else lang
        link = f'<a href="/?lang={lang}" lang="{tag}" hreflang="{tag}"'
        assert link in menu and f">{name}</a>" in menu, lang
    assert 'lang="pt" hreflang="pt" aria-current="true">Português</a>' in menu
