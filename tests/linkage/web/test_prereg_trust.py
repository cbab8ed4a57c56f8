"""Pre-registration as a resident on a phone meets it: short form, their digits, clear errors.

Full-width digits typed on a Japanese keyboard are accepted; the error summary names each
field and lists them in the order of the page; the form shows one row per member with an
"add member" button and keeps the rarely needed parts folded.
"""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from linkage import unit
from linkage.tables import households
from tests.linkage.web.conftest import Web
from tests.linkage.web.test_prereg import household_form, stored


def test_full_width_digits_are_accepted_and_stored_as_ascii(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/household")
    done = web.client.post(
        "/my/household",
        data=household_form(page, phone="０９０－１２３４－５６７８", **{"pet0-count": "２"}),
    )
    assert done.status_code == 200 and done.url.path == "/my/pass", done.text[:500]
    fields = json.loads(
        unit.read(
            web.engine,
            lambda conn: conn.execute(
                select(households.c.fields).where(households.c.household_id == hanako.household_id)
            ).scalar_one(),
        )
    )
    assert fields["phone"] == "090-1234-5678"
    assert fields["pets"] == [{"kind": "犬", "count": 2}]


def test_every_error_names_its_field_in_the_order_of_the_page(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/household")
    before = stored(web)
    answer = web.client.post(
        "/my/household",
        data=household_form(
            page,
            shelter_id="",
            phone="call me",
            agree_roster="<drop>",
            **{"pet0-count": "many", "m1-furigana": "Ichiro"},
        ),
    )
    assert answer.status_code == 422
    summary = re.search(r'id="error-summary".*?</ul>', answer.text, re.S)
    assert summary
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))
    assert [name for name, _ in links] == [
        "shelter_id",
        "phone",
        "pet0-count",
        "m1-furigana",
        "agree_roster",
    ]
    texts = dict(links)
    assert texts["phone"].startswith("電話番号")
    assert texts["pet0-count"].startswith("ペット1の数")
    assert texts["m1-furigana"].startswith("2人目 ふりがな")
    assert stored(web) == before


def test_the_form_shows_one_row_per_member_and_adds_one_on_request(web: Web) -> None:
    hanako = web.resident()
    web.sign_in(hanako)
    page = web.page("/my/household")
    assert 'name="m0-name"' in page and 'name="m1-name"' not in page
    assert 'name="add_member"' in page
    before = stored(web)
    data = household_form(page, add_member="1", **{"m1-name": "<drop>"})
    data = {k: v for k, v in data.items() if not k.startswith("m1-")}
    more = web.client.post("/my/household", data=data)
    assert more.status_code == 200
    assert 'name="m1-name"' in more.text and 'name="m2-name"' not in more.text
    assert 'value="千代田区霞が関1-1"' in more.text  # what was typed stays
    assert "field-error" not in more.text  # adding a row is not a mistake
    assert stored(web) == before
    # Care needs, disabilities and the like stay folded until wanted.
    folded = r"<details[^>]*>\s*<summary>[^<]*</summary>[^<]*<fieldset>\s*<legend>配慮"
    assert re.search(folded, page)
