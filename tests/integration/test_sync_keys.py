"""The platform's QR-signing keys reach kiosks, and a rotation reaches them before it is used."""

from __future__ import annotations

from kiosk.app import Kiosk
from kiosk.counter import Confirmation, Counter, stored_keys
from kiosk.model import Household, Person
from kiosk.presence import Outcome
from sync.engine import SyncEngine
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer


def resident(make_kiosk: KioskMaker) -> tuple[Kiosk, SyncEngine, str]:
    """A kiosk with one registered resident (in a household, as a pass needs), synced."""
    kiosk, engine = make_kiosk("a")
    household = kiosk.people.register_household("staff", Household("", shelter_id="S1"))
    person = kiosk.people.register(
        "staff", Person("", "鈴木 花子", "すずき はなこ", household_id=household.household_id)
    )
    engine.run_once()
    return kiosk, engine, person.person_id


def test_a_pass_signed_by_the_platform_checks_the_person_in_offline(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    kiosk, _, person_id = resident(make_kiosk)
    issued = platform.admin("POST", f"/persons/{person_id}/pass", json={"valid_days": 14})
    answer = Counter(kiosk, "S1").show_code("self-service", issued["code"])
    assert isinstance(answer, Confirmation)
    assert (answer.outcome, answer.person_id) == (Outcome.CHECKED_IN, person_id)


def test_a_rotated_key_is_held_before_the_platform_signs_with_it(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    kiosk, engine, person_id = resident(make_kiosk)
    rotated = platform.admin("POST", "/signing-keys/rotate", json={"lead_s": 0})
    assert stored_keys(kiosk.store).get(rotated["kid"]) is None
    engine.run_once()
    assert stored_keys(kiosk.store).get(rotated["kid"]) is not None
    issued = platform.admin("POST", f"/persons/{person_id}/pass", json={"valid_days": 14})
    assert issued["kid"] == rotated["kid"]
    answer = Counter(kiosk, "S1").show_code("self-service", issued["code"])
    assert isinstance(answer, Confirmation)
