"""The citizen web's household form keeps the platform's field rules (docs/protocol/events.md):
a refused field is named next to it and nothing is stored."""

from __future__ import annotations

import re

import pytest

from tests.linkage.web.conftest import Web
from tests.linkage.web.test_prereg import household_form, stored


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("m0-name", "試験\n花子", "使えない文字が含まれています。"),
        ("m0-name", "試験\u202e花子", "使えない文字が含まれています。"),
        ("m1-name", "試験\x1b[2J一郎", "使えない文字が含まれています。"),
        ("address", "霞が関\ue000", "使えない文字が含まれています。"),
        ("m1-allergies", "卵\t小麦", "使えない文字が含まれています。"),
        ("car_plate", "品川\u200b500", "使えない文字が含まれています。"),
        ("m1-birth_date", "0001-01-01", "1900年1月1日から今日までの日付にしてください。"),
    ],
)
def test_a_form_field_breaking_the_rules_is_named_and_nothing_is_stored(
    web: Web, field: str, value: str, message: str
) -> None:
    web.sign_in(web.resident())
    page = web.page("/my/household")
    before = stored(web)
    answer = web.client.post("/my/household", data=household_form(page, **{field: value}))
    assert answer.status_code == 422
    error = re.search(rf'id="{field}-error">([^<]+)<', answer.text)
    assert error and message in error.group(1), field
    assert stored(web) == before


def test_line_breaks_typed_in_a_free_text_box_are_kept(web: Web) -> None:
    web.sign_in(web.resident())
    page = web.page("/my/household")
    answer = web.client.post(
        "/my/household", data=household_form(page, **{"m1-allergies": "卵\r\n小麦"})
    )
    assert answer.status_code == 200 and answer.url.path == "/my/pass"
