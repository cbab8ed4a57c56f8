"""Staff accounts and sign-in, and the kiosk's settings."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk import audit
from kiosk.app import Kiosk
from kiosk.errors import InvalidInput, NotFound, Refused
from kiosk.settings import Settings, SettingsService
from kiosk.staff import Role, Session, StaffService, require_admin
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


def test_a_disabled_account_cannot_sign_in_and_can_be_enabled_again(kiosk: Kiosk) -> None:
    staff = StaffService(kiosk.store)
    staff.add(STAFF, "t01", "田中 一郎", Role.ADMIN, card_key=CARD)
    staff.add(STAFF, "v07", "ボランティア", Role.STAFF, code="246810")
    staff.set_active(STAFF, "v07", False)
    with pytest.raises(Refused, match="disabled"):
        staff.sign_in_code("v07", "246810", allowed=True)
    with kiosk.store.reading() as conn:
        actions = [e.action for e in audit.entries(conn, 2)]
    assert actions == ["staff.sign_in_failed", "staff.disable"]
    staff.set_active(STAFF, "v07", True)
    assert staff.sign_in_code("v07", "246810", allowed=True).staff_id == "v07"


def test_the_last_active_administrator_cannot_be_disabled(kiosk: Kiosk) -> None:
    staff = StaffService(kiosk.store)
    staff.add(STAFF, "t01", "田中 一郎", Role.ADMIN, card_key=CARD)
    with pytest.raises(Refused, match="last active administrator"):
        staff.set_active(STAFF, "t01", False)
    staff.add(STAFF, "t02", "鈴木 二郎", Role.ADMIN, code="135790")
    staff.set_active(STAFF, "t01", False)
    with pytest.raises(Refused, match="disabled"):
        staff.sign_in_card(CARD)
    with pytest.raises(NotFound):
        staff.set_active(STAFF, "nobody", False)


@pytest.mark.parametrize("staff_id", ["", "has space", "-dash", "x" * 33])
def test_a_staff_id_must_be_typeable_at_sign_in(kiosk: Kiosk, staff_id: str) -> None:
    with pytest.raises(InvalidInput, match="staff id"):
        StaffService(kiosk.store).add(STAFF, staff_id, "名前", Role.STAFF, code="246810")
    assert StaffService(kiosk.store).members() == []


def test_only_an_administrator_session_passes_require_admin() -> None:
    admin = Session("t01", "田中", Role.ADMIN, "card")
    assert require_admin(admin) is admin
    for session in (None, Session("v07", "ボランティア", Role.STAFF, "code")):
        with pytest.raises(Refused) as refused:
            require_admin(session)
        assert refused.value.reason == "not_admin"
