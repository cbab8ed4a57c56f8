"""A headless demonstration of the kiosk core: ``make run`` until the screens exist.

Creates (or reopens) a data folder, adds two shelters and made-up residents, checks some of
them in and out, and prints the roster and the counts.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from devtools import demo_people
from kiosk.app import Kiosk
from kiosk.keys import passphrase_from_env
from kiosk.model import Shelter
from kiosk.people import add_household, add_person
from kiosk.store import Store

ACTOR = "demo:staff"
DEMO_PASSPHRASE = "demo-passphrase"
SHELTERS = (
    Shelter("S1", "架空市立第一小学校", "designated", 300, latitude=35.68, longitude=139.76),
    Shelter("S2", "架空市民センター", "designated", 120, latitude=35.69, longitude=139.70),
)


def seed(kiosk: Kiosk, households: int) -> None:
    """Add the demo shelters and residents to an empty store.

    The residents are registered as a roster import is, with their events: the platform then
    knows them, so the demo's later writes about them (card links, check-ins) are within the
    kiosk's scope rather than refused with everything after them.
    """
    for shelter in SHELTERS:
        kiosk.shelters.add(ACTOR, shelter)
    with kiosk.store.transaction() as tx:
        for household, members in demo_people.households(households, shelter_ids=("S1", "S2")):
            add_household(tx, household)
            for person in members:
                add_person(tx, person, "import")
        tx.audit(ACTOR, "demo.seed", "store", households=households)


def main(argv: list[str] | None = None) -> int:
    """Run the demo; prints JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--households", type=int, default=40)
    args = parser.parse_args(argv)
    # Made-up people only: like `make run`, the demo has a passphrase of its own unless
    # KAZASU_PASSPHRASE gives one, so the README's one line works as written.
    secret = passphrase_from_env() or DEMO_PASSPHRASE
    if (args.data / "kiosk.db").exists():
        store = Store.open(args.data, lambda: secret)
    else:
        store = Store.create(args.data, secret)
    with store:
        kiosk = Kiosk.over(store)
        if not kiosk.shelters.all():
            seed(kiosk, args.households)
        arrivals = kiosk.people.search("さ", limit=12)
        for person in arrivals:
            kiosk.presence.check_in(ACTOR, person.person_id, "S1")
        kiosk.presence.check_out(ACTOR, arrivals[0].person_id, "S1", "帰宅")
        kiosk.presence.check_in(ACTOR, arrivals[1].person_id, "S2")  # moved to S2
        for shelter in kiosk.shelters.all():
            present = kiosk.presence.present(shelter.shelter_id)
            counts = kiosk.counts.for_shelter(shelter.shelter_id)
            report = {
                "shelter": shelter.name,
                "present": [kiosk.people.get(p.person_id).name for p in present],
                "counts": counts.__dict__,
            }
            print(json.dumps(report, ensure_ascii=False, indent=2))
        print(
            f"data folder: {args.data} (try: kazasu-kiosk --data {args.data} roster --shelter S1)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
