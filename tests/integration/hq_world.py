"""A city on a disaster day, for the headquarters' end-to-end test and its screenshots.

Two shelter kiosks (the citizen web's world's shelter S1 and a second, S2) and one kiosk at a
community event's site (E1), each with its own SQLCipher store and enrolled with a real
platform; people with care needs, a household sleeping in its car, arrivals and a departure,
all synced. Hanako (whose card is linked) is made headquarters staff and the event's organiser.
``python -m tests.integration.hq_world OUT_DIR`` saves the HQ view's (its map on a local test
tile server) and the event roster's screenshots.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from kiosk.app import Kiosk
from kiosk.counts import Counts
from kiosk.model import Disability, Household, Person, Shelter, Staying
from kiosk.store import Store
from sync.engine import SyncEngine
from tests.integration.citizen_web import DESKTOP, SHELTER, World, chromium, sign_in, start_world
from tests.integration.shelter_map import tiles

SECOND, SECOND_NAME = "S2", "第二中学校"
EVENT, EVENT_NAME = "E1", "夏祭り会場"
MUNICIPALITY = "M-1"


@dataclass
class Site:
    """A kiosk at one site, with its sync engine."""

    site_id: str
    kiosk: Kiosk
    sync: SyncEngine


@dataclass
class City:
    """The world of the citizen web with a second shelter and an event site."""

    world: World
    shelters: list[Site]
    event: Site

    def sync_all(self) -> None:
        """Every kiosk pushes and pulls once."""
        for site in [*self.shelters, self.event]:
            site.sync.run_once()

    def kiosk_counts(self) -> list[Counts]:
        """Each shelter kiosk's own figures for its shelter."""
        return [s.kiosk.counts.for_shelter(s.site_id) for s in self.shelters]


def _kiosk(world: World, folder: Path, site_id: str, name: str) -> Site:
    store = Store.create(folder / f"kiosk-{site_id}", "kiosk passphrase", use_os_keystore=False)
    kiosk = Kiosk.over(store)
    kiosk.shelters.add("setup", Shelter(site_id, name, capacity=20))
    sync = SyncEngine(store)
    sync.enrol(world.platform.url, world.platform.enrolment_code(site_id), f"kiosk {site_id}")
    return Site(site_id, kiosk, sync)


def _arrive(
    site: Site, name: str, furigana: str, household: str | None = None, **extra: object
) -> str:
    person = site.kiosk.people.register(
        "staff",
        Person("", name, furigana, household_id=household, **extra),  # type: ignore[arg-type]
    )
    site.kiosk.presence.check_in("staff", person.person_id, site.site_id)
    return person.person_id


def build_city(stack: ExitStack, folder: Path, database_url: str | None = None) -> City:
    """The platform and the three kiosks, people checked in, everything synced."""
    world = start_world(stack, folder, database_url)
    platform = world.platform
    platform.shelter(SHELTER, "第一小学校", capacity=10)
    platform.admin(
        "PUT",
        f"/shelters/{SHELTER}",
        json={
            "municipality_id": MUNICIPALITY,
            "name": "第一小学校",
            "capacity": 10,
            "location": {"lat": 35.0116, "lon": 135.7681},
        },
    )
    platform.shelter(SECOND, SECOND_NAME, capacity=4)
    platform.admin(
        "PUT",
        f"/shelters/{SECOND}",
        json={
            "municipality_id": MUNICIPALITY,
            "name": SECOND_NAME,
            "capacity": 4,
            "location": {"lat": 35.0210, "lon": 135.7560},
        },
    )
    platform.shelter(EVENT, EVENT_NAME)
    platform.admin(
        "PUT",
        f"/shelters/{EVENT}",
        json={
            "municipality_id": MUNICIPALITY,
            "name": EVENT_NAME,
            "capacity": 300,
            "kind": "event",
        },
    )
    first = Site(SHELTER, world.kiosk, world.sync)
    second = _kiosk(world, folder, SECOND, SECOND_NAME)
    event = _kiosk(world, folder, EVENT, EVENT_NAME)

    family = first.kiosk.people.register_household("staff", Household("", shelter_id=SHELTER))
    _arrive(first, "避難 花子", "ひなん はなこ", family.household_id, pregnant=True, allergies="卵")
    _arrive(
        first,
        "避難 一郎",
        "ひなん いちろう",
        family.household_id,
        disabilities=(Disability.HEARING,),
    )
    leaving = _arrive(first, "避難 次郎", "ひなん じろう")
    first.kiosk.presence.check_out("staff", leaving, SHELTER)
    _arrive(second, "中学 三郎", "ちゅうがく さぶろう", care_required=True)
    _arrive(second, "中学 四郎", "ちゅうがく しろう")
    _arrive(second, "中学 五郎", "ちゅうがく ごろう")
    car = second.kiosk.people.register_household(
        "staff", Household("", shelter_id=SECOND, staying=Staying.CAR)
    )
    for name, kana in (("車中 六郎", "しゃちゅう ろくろう"), ("車中 七子", "しゃちゅう ななこ")):
        second.kiosk.people.register("staff", Person("", name, kana, household_id=car.household_id))
    _arrive(event, "参加 八郎", "さんか はちろう")
    _arrive(event, "参加 九子", "さんか くこ")
    city = City(world, [first, second], event)
    city.sync_all()
    for role in ("hq-viewer", "event-organiser"):
        platform.cli("hq-staff", world.person_id, "--municipality", MUNICIPALITY, "--role", role)
    for site in (second, event):
        stack.callback(site.kiosk.close)
        stack.callback(site.sync.close)
    return city


def screenshots(out: Path) -> None:
    """The HQ view in Japanese and English and the event roster, at desktop width:
    docs/screenshots/hq-*.png."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        stack.enter_context(tiles(os.environ))  # the map on (test grid) tiles
        city = build_city(stack, Path(tmp))
        browser = stack.enter_context(chromium())
        page = browser.new_context(viewport=DESKTOP, locale="ja-JP").new_page()
        sign_in(city.world, page)
        for lang in ("ja", "en"):
            page.goto(city.world.base + f"/hq?lang={lang}")
            page.wait_for_selector(".leaflet-marker-icon", state="attached")
            page.wait_for_function("document.querySelectorAll('.leaflet-tile-loaded').length > 0")
            page.screenshot(path=str(out / f"hq-overview-{lang}.png"), full_page=True)
        page.goto(city.world.base + f"/hq/events/{EVENT}?lang=ja")
        page.screenshot(path=str(out / "hq-event-roster-ja.png"), full_page=True)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    target.mkdir(parents=True, exist_ok=True)
    screenshots(target)
    print(f"saved the headquarters view to {target}")
