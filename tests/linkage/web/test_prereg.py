"""Pre-registration: the household form, its checks, the consents and the signed passes."""

from __future__ import annotations

import json
import re
from typing import Any

import cv2
import numpy as np
from pyzbar import pyzbar
from sqlalchemy import func, select

from kazasu_protocol.kz1 import CodeType, PassClaims
from linkage import consent, passes, unit
from linkage.tables import changes, households, persons
from tests.linkage.web.conftest import SHELTER, Web, form_token


def household_form(page: str, **overrides: str) -> dict[str, str]:
    """A complete, valid form for a household of two, as a resident would fill it in."""
    own = re.search(r'name="m0-person_id" value="([^"]*)"', page)
    assert own
    data = {
        "csrf_token": form_token(page),
        "shelter_id": SHELTER,
        "address": "千代田区霞が関1-1",
        "phone": "090-1234-5678",
        "tenure": "owned",
        "damage": "half",
        "water_out": "on",
        "livable": "no",
        "staying": "shelter",
        "car_model": "軽自動車",
        "car_plate": "品川 500 あ 12-34",
        "car_colour": "白",
        "car_parked_at": "校庭",
        "pet0-kind": "犬",
        "pet0-count": "1",
        "m0-person_id": own.group(1),
        "m0-name": "試験 花子",
        "m0-furigana": "しけん はなこ",
        "m0-sex": "2",
        "m0-birth_date": "1985-04-01",
        "m0-relation": "本人",
        "m0-consent_relatives": "on",
        "m0-medication": "降圧剤",
        "m1-name": "試験 一郎",
        "m1-furigana": "シケン イチロウ",
        "m1-sex": "1",
        "m1-birth_date": "2015-06-30",
        "m1-relation": "子",
        "m1-dis-hearing": "on",
        "m1-allergies": "卵",
        "agree_roster": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != "<drop>"}


def stored(web: Web) -> dict[str, int]:
    def count(conn: Any) -> dict[str, int]:
        return {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in (("persons", persons), ("households", households), ("feed", changes))
        }

    return unit.read(web.engine, count)


def test_a_household_is_registered_and_gets_a_signed_pass_per_member(web: Web) -> None:
    hanako = web.resident("試験 花子")
    web.sign_in(hanako)
    page = web.page("/my/household")
    assert 'name="m0-furigana"' in page and 'lang="ja"' in page
    done = web.client.post("/my/household", data=household_form(page))
    assert done.status_code == 200 and done.url.path == "/my/pass"
    codes = re.findall(r"data-pass-code>([^<]+)<", done.text)
    assert len(codes) == 2
    assert done.text.count("<svg") == 2

    def check(conn: Any) -> None:
        subjects = set()
        for code in codes:
            body = passes.check_code(conn, code, CodeType.PASS)
            assert isinstance(body.claims, PassClaims)
            assert body.claims.household_id == hanako.household_id
            assert body.claims.shelter_id == SHELTER
            subjects.add(body.subject)
        assert hanako.person_id in subjects
        child = (subjects - {hanako.person_id}).pop()
        fields = json.loads(
            conn.execute(select(persons.c.fields).where(persons.c.person_id == child)).scalar_one()
        )
        assert fields["furigana"] == "シケン イチロウ"
        assert fields["disabilities"] == ["hearing"] and fields["allergies"] == "卵"
        # Each member's own consents: Hanako agreed to relatives being told, her son did not.
        assert consent.current_state(conn, hanako.person_id, "relative-lookup").state == "given"
        assert consent.current_state(conn, child, "relative-lookup") is None
        assert consent.current_state(conn, child, consent.KIOSK_SHARING).state == "given"
        household = json.loads(
            conn.execute(
                select(households.c.fields).where(households.c.household_id == hanako.household_id)
            ).scalar_one()
        )
        assert household["damage"] == "half" and household["water_out"] is True
        assert household["car"]["plate"] == "品川 500 あ 12-34"
        assert household["pets"] == [{"kind": "犬", "count": 1}]
        assert household["representative_id"] == hanako.person_id

    unit.read(web.engine, check)


def test_the_pass_downloads_as_a_png(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/household")
    web.client.post("/my/household", data=household_form(page))
    png = web.client.get(f"/my/pass/{hanako.person_id}.png")
    assert png.status_code == 200
    assert "attachment" in png.headers["content-disposition"]
    # A camera reading the saved image gets a pass the platform signed for her.
    image = cv2.imdecode(np.frombuffer(png.content, np.uint8), cv2.IMREAD_GRAYSCALE)
    (symbol,) = pyzbar.decode(image, symbols=[pyzbar.ZBarSymbol.QRCODE])
    body = unit.read(
        web.engine, lambda conn: passes.check_code(conn, symbol.data.decode(), CodeType.PASS)
    )
    assert body.subject == hanako.person_id


def test_bad_input_is_explained_next_to_each_field_and_nothing_is_stored(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/household")
    before = stored(web)
    answer = web.client.post(
        "/my/household",
        data=household_form(
            page,
            **{
                "m1-furigana": "Ichiro",
                "m1-birth_date": "2999-01-01",
                "phone": "call me",
                "agree_roster": "<drop>",
                "pet0-count": "many",
            },
        ),
    )
    assert answer.status_code == 422
    text = answer.text
    for field, message in (
        ("m1-furigana", "ひらがなかカタカナで入力してください。"),
        ("m1-birth_date", "1900年1月1日から今日までの日付にしてください。"),
        ("phone", "数字とハイフンで入力してください"),
        ("agree_roster", "登録には同意が必要です。"),
        ("pet0-count", "1から99までの数にしてください。"),
    ):
        error = re.search(rf'id="{field}-error">([^<]+)<', text)
        assert error and message in error.group(1), field
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', text), field
    # What was typed is kept for correcting.
    assert 'value="Ichiro"' in text
    assert stored(web) == before


def test_a_row_for_someone_outside_the_household_is_refused(web: Web) -> None:
    hanako = web.resident()
    stranger = web.resident("他人 太郎")
    web.sign_in(hanako)
    page = web.page("/my/household")
    before = stored(web)
    answer = web.client.post(
        "/my/household", data=household_form(page, **{"m1-person_id": stranger.person_id})
    )
    assert answer.status_code == 422
    assert stored(web) == before


def test_the_form_needs_its_csrf_token(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/household")
    before = stored(web)
    for token in ("<drop>", "wrong"):
        answer = web.client.post("/my/household", data=household_form(page, csrf_token=token))
        assert answer.status_code == 403
    assert stored(web) == before


def test_the_pages_need_a_signed_in_person(web: Web) -> None:
    for path in ("/my", "/my/household", "/my/pass"):
        answer = web.client.get(path, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, "/sign-in")


def test_another_adults_consents_are_theirs_to_give(web: Web) -> None:
    hanako = web.resident("試験 花子")
    husband = web.resident("試験 太郎", household_id=hanako.household_id)
    web.sign_in(hanako)
    page = web.page("/my/household")
    row = next(i for i in range(3) if f'name="m{i}-person_id" value="{husband.person_id}"' in page)
    form = household_form(page, **{"m1-name": "<drop>", "m1-furigana": "<drop>"})
    form = {k: v for k, v in form.items() if not k.startswith("m1-")}
    form.update(
        {
            f"m{row}-person_id": husband.person_id,
            f"m{row}-name": "試験 太郎",
            f"m{row}-furigana": "しけん たろう",
            f"m{row}-birth_date": "1980-01-01",
            f"m{row}-consent_relatives": "on",
            f"m{row}-consent_publish": "on",
        }
    )
    assert web.client.post("/my/household", data=form).url.path == "/my/pass"

    def check(conn: Any) -> None:
        assert consent.current_state(conn, husband.person_id, "relative-lookup") is None
        assert consent.current_state(conn, husband.person_id, "safety-publication") is None
        assert consent.current_state(conn, hanako.person_id, "relative-lookup").state == "given"

    unit.read(web.engine, check)
