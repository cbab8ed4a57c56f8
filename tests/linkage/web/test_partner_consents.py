"""The dashboard's partners: each partner and purpose in plain words, give and withdraw each,
and every disclosure listed with the partner, the items and the version agreed to."""

from __future__ import annotations

from typing import Any

from joserfc.jwk import ECKey, KeySet

from linkage import unit
from linkage.partners import consents
from tests.linkage.kiosk_double import ADMIN
from tests.linkage.partners.conftest import PartnerClient
from tests.linkage.web.conftest import Web, form_token

DEFINITION = "deli-delivery"


def _admin(web: Web, method: str, path: str, expect: int = 200, **kw: Any) -> Any:
    answer = web.client.request(method, f"/v1/admin{path}", headers=ADMIN, **kw)
    assert answer.status_code == expect, answer.text
    return answer.json()


def _partner(web: Web, **definition: Any) -> PartnerClient:
    _admin(web, "PUT", "/municipalities/M-1", json={"name": "試験市"})
    body = {"municipality_id": "M-1", "name": "みどり配達", "kind": "company"}
    _admin(web, "PUT", "/partners/deli", json=body)
    _admin(
        web,
        "PUT",
        "/partners/deli/purposes/delivery",
        json={"description": "配達", "items": ["name", "whereabouts"]},
    )
    _admin(
        web,
        "POST",
        "/consent-definitions",
        expect=201,
        json={
            "definition_id": DEFINITION,
            "partner_id": "deli",
            "purpose_id": "delivery",
            "title": "避難所への食料品の配達",
            "purpose": "あなたのいる避難所に注文した食料品を届けるため",
            "items": ["name", "whereabouts"],
            "retention": "配達から30日",
            **definition,
        },
    )
    key = ECKey.generate_key("P-256", auto_kid=True)
    issued = _admin(
        web,
        "POST",
        "/partners/deli/clients",
        expect=201,
        json={"jwks": KeySet([key]).as_dict(private=False)},
    )
    client = PartnerClient(
        "deli", issued["client_id"], key, "https://testserver/v1/partner/token", web.client
    )
    client.sign_in()
    return client


def test_the_resident_gives_sees_the_disclosure_and_withdraws(web: Web) -> None:
    deli = _partner(web)
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    assert "みどり配達" in page and "あなたのいる避難所に注文した食料品を届けるため" in page
    assert "同意していません（提供していません）" in page
    assert "まだ誰もあなたの情報を受け取っていません。" in page

    given = web.client.post(
        f"/my/consents/{DEFINITION}/give", data={"csrf_token": form_token(page)}
    )
    assert given.status_code == 200 and "同意しています" in given.text
    assert len(deli.subjects("delivery")) == 1

    page = web.page("/my/consents")
    assert "「避難所への食料品の配達」第1版への同意" in page
    assert "氏名、いる避難所" in page

    asked = web.client.post(
        f"/my/consents/{DEFINITION}/withdraw", data={"csrf_token": form_token(page)}
    )
    assert "同意を取り消しますか" in asked.text  # asked once more first
    web.client.post(
        f"/my/consents/{DEFINITION}/withdraw",
        data={"csrf_token": form_token(page), "confirm": "yes"},
    )
    assert deli.subjects("delivery") == {}
    english = web.page("/my/consents?lang=en")
    assert "Your consent to “避難所への食料品の配達”, version 1" in english
    assert "Withdrawn (not shared)" in english


def test_a_new_version_is_shown_as_asking_again(web: Web) -> None:
    _partner(web)
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    web.client.post(f"/my/consents/{DEFINITION}/give", data={"csrf_token": form_token(page)})
    _admin(
        web,
        "PUT",
        f"/consent-definitions/{DEFINITION}",
        json={
            "title": "避難所への食料品の配達",
            "purpose": "食料品と日用品を届けるため",
            "items": ["name", "whereabouts"],
            "retention": "配達から30日",
        },
    )

    page = web.page("/my/consents")

    assert "内容が変わりました。改めて同意するまで提供しません" in page
    assert "第2版" in page
    renewed = web.client.post(
        f"/my/consents/{DEFINITION}/give", data={"csrf_token": form_token(page)}
    )
    assert "同意しています" in renewed.text


def test_a_statute_basis_has_no_button_and_cannot_be_changed(web: Web) -> None:
    _partner(web, legal_basis="statute", statute="災害対策基本法")
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    assert "法律に基づく提供（同意は不要）：災害対策基本法" in page
    assert f"/my/consents/{DEFINITION}/" not in page

    refused = web.client.post(
        f"/my/consents/{DEFINITION}/give", data={"csrf_token": form_token(page)}
    )

    assert "変更できませんでした。何も変わっていません。" in refused.text


ENGLISH = {
    "title": "Food delivery to your shelter",
    "purpose": "To bring the groceries you ordered to the shelter you are at",
    "retention": "30 days after delivery",
}


def test_the_wording_is_shown_in_the_residents_language_else_in_japanese(web: Web) -> None:
    deli = _partner(web, translations={"en": ENGLISH})
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    web.client.post(f"/my/consents/{DEFINITION}/give", data={"csrf_token": form_token(page)})
    deli.subjects("delivery")

    english = web.page("/my/consents?lang=en")
    korean = web.page("/my/consents?lang=ko")
    japanese = web.page("/my/consents?lang=ja")

    assert ENGLISH["title"] in english and ENGLISH["purpose"] in english
    assert ENGLISH["retention"] in english and "避難所への食料品の配達" not in english
    assert "Your consent to “Food delivery to your shelter”, version 1" in english
    # No Korean wording was given: the Japanese, not the English, is shown.
    assert "あなたのいる避難所に注文した食料品を届けるため" in korean
    assert ENGLISH["title"] not in korean
    assert "あなたのいる避難所に注文した食料品を届けるため" in japanese
    assert ENGLISH["title"] not in japanese


def test_new_wording_in_any_language_is_a_new_version_asked_again(web: Web) -> None:
    _partner(web, translations={"en": ENGLISH})
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/consents")
    web.client.post(f"/my/consents/{DEFINITION}/give", data={"csrf_token": form_token(page)})
    changed = _admin(
        web,
        "PUT",
        f"/consent-definitions/{DEFINITION}",
        json={
            "title": "避難所への食料品の配達",
            "purpose": "あなたのいる避難所に注文した食料品を届けるため",
            "items": ["name", "whereabouts"],
            "retention": "配達から30日",
            "translations": {"en": ENGLISH | {"retention": "90 days after delivery"}},
        },
    )

    english = web.page("/my/consents?lang=en")

    assert changed["version"] == 2
    assert "90 days after delivery" in english and "Version 2" in english
    versions = unit.read(web.engine, lambda c: consents.versions(c, DEFINITION))
    assert [v["translations"]["en"]["retention"] for v in versions] == [
        "30 days after delivery",
        "90 days after delivery",
    ]


def test_a_translation_in_an_unknown_language_or_missing_a_text_changes_nothing(
    web: Web,
) -> None:
    _partner(web)
    body = {
        "title": "避難所への食料品の配達",
        "purpose": "あなたのいる避難所に注文した食料品を届けるため",
        "items": ["name", "whereabouts"],
        "retention": "配達から30日",
    }

    _admin(
        web,
        "PUT",
        f"/consent-definitions/{DEFINITION}",
        expect=422,
        json=body | {"translations": {"fr": ENGLISH}},
    )
    _admin(
        web,
        "PUT",
        f"/consent-definitions/{DEFINITION}",
        expect=422,
        json=body | {"translations": {"en": {"title": "Food delivery"}}},
    )

    assert len(unit.read(web.engine, lambda c: consents.versions(c, DEFINITION))) == 1
