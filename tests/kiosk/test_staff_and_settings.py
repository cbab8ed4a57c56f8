"""Staff accounts and sign-in, and the kiosk's settings."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk import audit
from kiosk.app import Kiosk
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.settings import Settings, SettingsService
from kiosk.staff import Role, StaffService
from kiosk.status import Link, local_status
from tests.kiosk.builders import STAFF, add_person

CARD = "jpki:" + "cd" * 32


def test_staff_sign_in_by_proven_card_is_audited(kiosk: Kiosk) -> None:
    staff = StaffService(kiosk.store)
    staff.add(STAFF, "t01", "田中 一郎", Role.ADMIN, card_key=CARD)
    session = staff.sign_in_card(CARD)
    assert (session.actor, session.is_admin, session.method) == ("staff:t01", True, "card")
    with kiosk.store.reading() as conn:
        assert audit.entries(conn, 1)[0].action == "staff.sign_in"


def test_an_unknown_card_does_not_sign_in_and_the_attempt_is_audited(kiosk: Kiosk) -> None:
    with pytest.raises(NotFound):
        StaffService(kiosk.store).sign_in_card(CARD)
    with kiosk.store.reading() as conn:
        assert audit.entries(conn, 1)[0].action == "staff.sign_in_failed"


def test_staff_codes_work_only_where_the_site_allows_them(kiosk: Kiosk) -> None:
    staff = StaffService(kiosk.store)
    staff.add(STAFF, "v07", "ボランティア", Role.STAFF, code="246810")
    with pytest.raises(Refused, match="cards only"):
        staff.sign_in_code("v07", "246810", allowed=False)
    with pytest.raises(Refused, match="wrong code"):
        staff.sign_in_code("v07", "111111", allowed=True)
    assert staff.sign_in_code("v07", "246810", allowed=True).role is Role.STAFF
    assert "246810" not in str(staff.members())


def test_a_staff_card_belongs_to_one_account(kiosk: Kiosk) -> None:
    staff = StaffService(kiosk.store)
    staff.add(STAFF, "a", "A", Role.STAFF, card_key=CARD)
    with pytest.raises(Refused):
        staff.add(STAFF, "b", "B", Role.STAFF, card_key=CARD)
    with pytest.raises(InvalidInput):
        staff.add(STAFF, "c", "C", Role.STAFF)


def test_settings_round_trip_and_reject_bad_values(kiosk: Kiosk) -> None:
    service = SettingsService(kiosk.store)
    assert service.load() == Settings()
    changed = dataclasses.replace(Settings(), language="en", ui_scale=1.5, shelter_id="S1")
    service.save(STAFF, changed)
    assert service.load() == changed
    with pytest.raises(InvalidInput):
        service.save(STAFF, dataclasses.replace(changed, language="fr"))
    with pytest.raises(InvalidInput):
        Settings.from_dict({"kiosk_mode": "yes"})
    with kiosk.store.reading() as conn:
        entry = audit.entries(conn, 1)[0]
    assert entry.detail == {"fields": ["language", "shelter_id", "ui_scale"]}


def test_local_status_counts_waiting_events_and_is_not_enrolled(kiosk: Kiosk) -> None:
    before = local_status(kiosk.store)
    add_person(kiosk)
    after = local_status(kiosk.store)
    assert (after.link, after.online, after.enrolled) == (Link.NOT_ENROLLED, False, False)
    assert after.waiting == before.waiting + 1
