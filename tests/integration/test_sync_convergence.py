"""Two kiosks edit the same person and household fields; whichever edit the platform keeps,
the platform and both kiosks end holding the same value in every field, and a kiosk whose
edit lost shows staff what it lost. Each test runs against the real platform on SQLite and
PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from kiosk.app import Kiosk
from kiosk.model import Household, Person
from sync.client import PlatformClient
from sync.engine import SyncEngine
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer
from tests.integration.test_sync_clocks import restarted, skewed

DAY_S = 24 * 3600
SHELTERS = ("S1",)
PERSON_FIELDS = ("phone", "allergies")
HOUSEHOLD_FIELDS = ("address", "phone")


def on_platform(platform: PlatformServer, table: str, key: str, entity_id: str) -> dict[str, Any]:
    """The fields the platform holds for a person or household."""
    engine = create_engine(platform.database_url)
    with engine.connect() as conn:
        fields: str = conn.execute(
            text(f"SELECT fields FROM {table} WHERE {key} = :id"), {"id": entity_id}
        ).scalar_one()
    engine.dispose()
    parsed: dict[str, Any] = json.loads(fields)
    return parsed


def held(kiosk: Kiosk, person_id: str, household_id: str) -> dict[str, Any]:
    """The edited fields a kiosk holds, person's and household's."""
    person = kiosk.people.get(person_id).to_dict()
    household = kiosk.people.household(household_id).to_dict()
    return {f"person.{f}": person[f] for f in PERSON_FIELDS} | {
        f"household.{f}": household[f] for f in HOUSEHOLD_FIELDS
    }


def platform_holds(platform: PlatformServer, person_id: str, household_id: str) -> dict[str, Any]:
    """The edited fields the platform holds, person's and household's."""
    person = on_platform(platform, "persons", "person_id", person_id)
    household = on_platform(platform, "households", "household_id", household_id)
    return {f"person.{f}": person.get(f) for f in PERSON_FIELDS} | {
        f"household.{f}": household.get(f) for f in HOUSEHOLD_FIELDS
    }


def edit(kiosk: Kiosk, actor: str, person_id: str, household_id: str, value: str) -> None:
    """Set every edited field of the person and the household to values made of ``value``."""
    digit = str(ord(value) % 10)
    kiosk.people.update(actor, person_id, phone=f"090-{digit * 4}-0001", allergies=f"{value} 卵")
    kiosk.people.update_household(
        actor, household_id, address=f"{value}町 1-1", phone=f"03-{digit * 4}-0002"
    )


def phone(value: str) -> str:
    """The person's phone number ``edit`` sets for ``value``."""
    return f"090-{str(ord(value) % 10) * 4}-0001"


def registered(kiosk: Kiosk) -> tuple[str, str]:
    """A household and a member of it, registered at the kiosk; returns (person, household)."""
    household = kiosk.people.register_household(
        "staff:a", Household("", shelter_id="S1", address="元の住所")
    )
    person = kiosk.people.register(
        "staff:a", Person("", "競合 太郎", "きょうごう たろう", household_id=household.household_id)
    )
    return person.person_id, household.household_id


@pytest.mark.parametrize(
    "drift_s", [-10, -3 * DAY_S, 3 * DAY_S], ids=["10s-slow", "3d-slow", "3d-fast"]
)
def test_an_edit_made_after_pulling_another_kiosks_edit_converges_field_by_field(
    make_kiosk: KioskMaker, platform: PlatformServer, drift_s: float
) -> None:
    # B's clock drifts after B learned its offset, so no offset covers it: only the stamps B
    # saw in the feed can order its edit after A's.
    b_skew = [0.0]
    a, sync_a = make_kiosk("a", SHELTERS)
    b, sync_b = make_kiosk("b", SHELTERS, wall=skewed(b_skew))
    person_id, household_id = registered(a)
    sync_a.run_once()
    sync_b.run_once()
    edit(a, "staff:a", person_id, household_id, "A")
    sync_a.run_once()
    sync_b.run_once()
    assert held(b, person_id, household_id) == held(a, person_id, household_id)

    b_skew[0] = drift_s
    b, _ = restarted(b, sync_b, skewed(b_skew))
    sync_b = SyncEngine(b.store)
    try:
        edit(b, "staff:b", person_id, household_id, "B")
        for engine in (sync_b, sync_a, sync_b):
            engine.run_once()
        on_a = held(a, person_id, household_id)
        assert held(b, person_id, household_id) == on_a
        assert platform_holds(platform, person_id, household_id) == on_a
        # B edited after seeing A's values: its edit is the later one.
        assert on_a["person.phone"] == phone("B")
    finally:
        sync_b.close()
        b.close()


def editing_before_pull(edits: list[Callable[[], None]]) -> Callable[..., PlatformClient]:
    """A client factory whose clients make ``edits`` (once) as the pull begins: staff saving a
    form while the sync thread is between its push and its pull."""

    class Client(PlatformClient):
        def changes(self, after: int, limit: int) -> dict[str, Any]:
            while edits:
                edits.pop(0)()
            return super().changes(after, limit)

    return Client


def test_a_kiosk_whose_edit_lost_receives_the_winner_and_shows_the_conflict(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    b_skew = [0.0]
    a, sync_a = make_kiosk("a", SHELTERS)
    b, sync_b = make_kiosk("b", SHELTERS, wall=skewed(b_skew))
    person_id, household_id = registered(a)
    sync_a.run_once()
    sync_b.run_once()
    edit(a, "staff:a", person_id, household_id, "A")
    sync_a.run_once()

    # B saves its edit after its push, before it pulls A's, with a clock that slipped 10 s
    # back since its session began: its edit is stamped before A's.
    def slip_and_edit() -> None:
        b_skew[0] = -10
        edit(b, "staff:b", person_id, household_id, "B")

    sync_b.close()
    sync_b = SyncEngine(b.store, editing_before_pull([slip_and_edit]))
    sync_b.run_once()
    assert sync_b.waiting() > 0
    for engine in (sync_b, sync_a, sync_b):
        engine.run_once()

    on_a = held(a, person_id, household_id)
    assert on_a["person.phone"] == phone("A")
    assert held(b, person_id, household_id) == on_a
    assert platform_holds(platform, person_id, household_id) == on_a
    lost = {(c.entity, c.field): c for c in b.people.conflicts()}
    assert lost[("person", "phone")].lost_value == phone("B")
    assert lost[("person", "phone")].kept_value == phone("A")
    assert lost[("household", "address")].lost_value == "B町 1-1"
