"""Supplies counted at a shelter's kiosk reach headquarters through a real platform process:
the municipality's totals show them, and an HQ entry made later reaches the shelter's kiosks,
item by item, without undoing what the kiosk entered of other items."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine

from kiosk.model import Person
from linkage import supplies, unit
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import PlatformServer


def test_supplies_entered_at_the_kiosk_are_totalled_at_hq_and_hqs_later_entry_returns(
    platform: PlatformServer, make_kiosk: KioskMaker
) -> None:
    store_room, sync = make_kiosk("store-room", ("S-1",))
    desk, desk_sync = make_kiosk("desk", ("S-1",), local_shelters=False)
    desk_sync.run_once()  # provisioned before any entry: the rest comes through the feed
    for name, fields in (("乳児 花子", {"birth_date": "2026-01-10"}), ("大人 太郎", {})):
        person = store_room.people.register("staff:a", Person.from_dict(
            {"person_id": "", "name": name, "furigana": "かな"} | fields))  # fmt: skip
        store_room.presence.check_in("staff:a", person.person_id, "S-1")
    store_room.supplies.save("staff:a", "S-1", {"water": (120, 30), "diapers": (16, 40)})
    sync.run_once()

    engine = create_engine(platform.database_url)
    try:
        municipality: str = unit.read(
            engine,
            lambda c: c.exec_driver_sql(
                "SELECT municipality_id FROM shelters WHERE shelter_id = 'S-1'"
            ).scalar_one(),
        )
        totals = {
            s.item: (s.stock, s.requested, s.suggested)
            for s in unit.read(engine, lambda c: supplies.totals(c, municipality, date.today()))
        }
        # The platform suggests from the same people by the same rule as the kiosk.
        assert totals["water"] == (120, 30, 6) and totals["diapers"] == (16, 40, 8)
        kiosk_view = {s.item: s.suggested for s in store_room.supplies.of_shelter("S-1")}
        assert kiosk_view == {item: need for item, (_, _, need) in totals.items()}

        # HQ enters water afterwards; the kiosks receive it and keep the kiosk's diapers.
        def hq_entry(conn):  # type: ignore[no-untyped-def]
            supplies.set_supply(conn, "S-1", "water", 200, 0, "p-hq")
            return None, supplies.changes(conn, "S-1")

        unit.write(engine, hq_entry)
    finally:
        engine.dispose()
    sync.run_once()
    desk_sync.run_once()
    # A kiosk enrolled afterwards finds them in its snapshot.
    late, late_sync = make_kiosk("late", ("S-1",), local_shelters=False)
    late_sync.run_once()
    for kiosk in (store_room, desk, late):
        kept = {s.item: (s.stock, s.requested) for s in kiosk.supplies.of_shelter("S-1")}
        assert kept["water"] == (200, 0) and kept["diapers"] == (16, 40)
