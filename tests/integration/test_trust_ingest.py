"""What the platform takes from a kiosk: only writes within the kiosk's scope, never a cleared
DV protection, and never a stamp that outruns the platform's clock.

Real platform processes (SQLite and PostgreSQL) and real enrolled kiosks. A forged event is
put into a kiosk's outbox exactly as its own services would, so the real sync pushes it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from kiosk.app import Kiosk
from kiosk.model import Household, Person
from sync.errors import Refused
from tests.integration.conftest import KioskMaker
from tests.integration.platform_server import ADMIN_TOKEN, REPO, PlatformServer

FAR_AHEAD_S = 40 * 365 * 86400  # a kiosk whose clock is decades ahead


def municipalities(platform: PlatformServer) -> None:
    """S-001 belongs to M-001, S-002 to M-002 (kiosks are enrolled first, which made them M-1)."""
    for m, s in (("M-001", "S-001"), ("M-002", "S-002")):
        platform.admin("PUT", f"/municipalities/{m}", json={"name": f"市 {m}"})
        body = {"municipality_id": m, "name": f"避難所 {s}", "capacity": 100}
        platform.admin("PUT", f"/shelters/{s}", json=body)


def family(kiosk: Kiosk, protected: bool = False) -> tuple[str, str, str]:
    """A household of two at the kiosk's shelter: (household id, person id, other member id)."""
    household = kiosk.people.register_household("staff", Household("", address="一丁目"))
    hid = household.household_id
    person = Person(
        "p-victim", "被害 花子", "ひがい はなこ", household_id=hid, dv_protected=protected
    )
    kiosk.people.register("staff", person)
    kiosk.people.register(
        "staff", Person("p-member", "被害 一郎", "ひがい いちろう", household_id=hid)
    )
    return hid, person.person_id, "p-member"


def forge(kiosk: Kiosk, type_: str, payload: dict[str, Any]) -> None:
    """Put an event into the kiosk's outbox as its own services would."""
    with kiosk.store.transaction() as tx:
        tx.emit(type_, payload)


def row(platform: PlatformServer, sql: str, **params: Any) -> Any:
    engine = create_engine(platform.database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).first()
    finally:
        engine.dispose()


def person_fields(platform: PlatformServer, person_id: str) -> dict[str, Any]:
    found = row(platform, "SELECT fields FROM persons WHERE person_id = :p", p=person_id)
    return dict(json.loads(found.fields))


def incidents(platform: PlatformServer, kind: str) -> list[dict[str, Any]]:
    return [
        i for i in platform.admin("GET", "/incidents", params={"limit": 1000}) if i["kind"] == kind
    ]


def held(kiosk: Kiosk, person_id: str) -> Person:
    return kiosk.people.get(person_id)


@pytest.mark.parametrize(
    "forged",
    [
        ("person.updated", {"person_id": "p-victim", "fields": {"name": "乗っ取り 太郎"}}),
        ("person.card_linked", {"person_id": "p-victim", "card_key": "jpki:" + "ab" * 32}),
        (
            "household.member_added",
            {"household_id": "{hid}", "person_id": "p-mine", "relation": "spouse"},
        ),
        ("household.updated", {"household_id": "{hid}", "fields": {"address": "別の住所"}}),
        (
            "person.registered",
            {
                "person_id": "p-mine",
                "household_id": "{hid}",
                "fields": {"name": "侵入", "furigana": "しんにゅう"},
                "source": "walk_in",
            },
        ),
        (
            "shelter.moved",
            {"person_id": "p-victim", "from_shelter_id": "S-002", "to_shelter_id": "S-001"},
        ),
        (
            "ballot.issued",
            {
                "claim_id": "c-1",
                "voter_id": "v-1",
                "election_id": "E-1",
                "issued_by": "a",
                "confirmed_by": "b",
            },
        ),
    ],
    ids=lambda f: f[0],
)
def test_a_kiosk_cannot_write_about_a_person_or_household_outside_its_scope(
    make_kiosk: KioskMaker, platform: PlatformServer, forged: tuple[str, dict[str, Any]]
) -> None:
    owner, owner_sync = make_kiosk("owner", ("S-001",))
    attacker, attacker_sync = make_kiosk("attacker", ("S-002",))
    municipalities(platform)
    hid, victim, _ = family(owner)
    owner_sync.run_once()
    attacker.people.register("staff", Person("p-mine", "自分 の人", "じぶん の ひと"))
    attacker_sync.run_once()
    before = person_fields(platform, victim)
    type_, payload = forged
    forge(
        attacker,
        type_,
        {k: v.format(hid=hid) if isinstance(v, str) else v for k, v in payload.items()},
    )

    with pytest.raises(Refused) as refused:
        attacker_sync.run_once()

    assert (refused.value.status, refused.value.kind) == (403, "outside-scope")
    assert person_fields(platform, victim) == before
    assert row(platform, "SELECT count(*) AS n FROM card_links").n == 0
    members = row(
        platform, "SELECT count(*) AS n FROM household_members WHERE household_id = :h", h=hid
    )
    assert members.n == 2
    household = row(platform, "SELECT fields FROM households WHERE household_id = :h", h=hid)
    assert json.loads(household.fields)["address"] == "一丁目"
    assert row(platform, "SELECT count(*) AS n FROM presence").n == 0
    assert [i["device_id"] for i in incidents(platform, "push-outside-scope")] == [
        attacker_sync.store.device_id
    ]
    # The kiosk that holds the person keeps working.
    owner.people.update("staff", victim, phone="090-0000-0000")
    owner_sync.run_once()
    assert person_fields(platform, victim)["phone"] == "090-0000-0000"


def test_kiosks_keep_writing_about_people_their_feed_or_their_desk_gave_them(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    first, first_sync = make_kiosk("first", ("S-001",))
    second, second_sync = make_kiosk("second", ("S-001",))
    other, other_sync = make_kiosk("other", ("S-002",))
    municipalities(platform)
    hid, victim, member = family(first)
    first_sync.run_once()
    second_sync.run_once()  # the person reached the second kiosk of S-001 through its feed
    second.people.update("staff", victim, phone="03-1111-1111")
    second.people.link_identifier("staff", victim, "jpki:" + "cd" * 32)
    second.people.update_household("staff", hid, address="二丁目")
    second_sync.run_once()
    # The person turns up at S-002 (a pass read offline); from then on S-002 may write too.
    forge(other, "shelter.checked_in", {"person_id": member, "shelter_id": "S-002"})
    forge(other, "person.updated", {"person_id": member, "fields": {"allergies": "卵"}})
    other_sync.run_once()

    assert person_fields(platform, victim)["phone"] == "03-1111-1111"
    assert person_fields(platform, member)["allergies"] == "卵"
    link = row(
        platform, "SELECT person_id FROM card_links WHERE card_key = :k", k="jpki:" + "cd" * 32
    )
    assert link.person_id == victim
    assert incidents(platform, "push-outside-scope") == []


def test_a_kiosk_sets_dv_protection_but_cannot_clear_it(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    owner, owner_sync = make_kiosk("owner", ("S-001",))
    municipalities(platform)
    _, victim, _ = family(owner)
    owner.people.update("staff", victim, dv_protected=True)
    owner_sync.run_once()
    assert person_fields(platform, victim)["dv_protected"] is True

    owner.people.update("staff", victim, dv_protected=False, phone="080-2222-2222")
    owner_sync.run_once()

    fields = person_fields(platform, victim)
    assert fields["dv_protected"] is True
    assert fields["phone"] == "080-2222-2222"  # the rest of the edit stands
    refused = incidents(platform, "dv-clear-refused")
    assert [(i["device_id"], i["detail"]["person_id"]) for i in refused] == [
        (owner_sync.store.device_id, victim)
    ]
    owner_sync.run_once()
    assert held(owner, victim).dv_protected is True  # the kiosk is told it still holds


def test_only_the_persons_municipality_administrator_clears_dv_protection_with_a_reason(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    owner, owner_sync = make_kiosk("owner", ("S-001",))
    municipalities(platform)
    _, victim, _ = family(owner, protected=True)
    owner_sync.run_once()
    clear = f"{platform.url}/v1/admin/persons/{victim}/dv-protection/clear"

    wrong = platform.http.post(clear, json={"municipality_id": "M-002", "reason": "本人申出"})
    no_reason = platform.http.post(clear, json={"municipality_id": "M-001", "reason": "  "})
    assert (wrong.status_code, wrong.json()["type"]) == (403, "/problems/outside-municipality")
    assert no_reason.status_code == 422
    assert person_fields(platform, victim)["dv_protected"] is True

    done = subprocess.run(
        [
            *(sys.executable, "-m", "linkage.cli", "--database-url", platform.database_url),
            *("dv-clear", victim, "--municipality", "M-001", "--reason", "本人が窓口で解除を申出"),
            *("--actor", "clerk-7"),
        ],
        env=os.environ | {"KAZASU_ADMIN_TOKEN": ADMIN_TOKEN, "PYTHONPATH": str(REPO)},
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert person_fields(platform, victim)["dv_protected"] is False
    audit = row(
        platform,
        "SELECT actor, municipality_id, reason FROM protection_audit WHERE person_id = :p",
        p=victim,
    )
    assert tuple(audit) == ("clerk-7", "M-001", "本人が窓口で解除を申出")
    again = platform.http.post(clear, json={"municipality_id": "M-001", "reason": "再度"})
    assert (again.status_code, again.json()["type"]) == (409, "/problems/not-protected")
    owner_sync.run_once()
    assert held(owner, victim).dv_protected is False


def test_a_far_future_stamp_is_kept_flagged_and_ordered_as_when_it_arrived(
    make_kiosk: KioskMaker, platform: PlatformServer
) -> None:
    # Kiosks correct their stamps by the offset learned at enrolment and at each session, so
    # a stamp outruns the platform's clock when the clock jumps after the kiosk's last session
    # (e.g. a failing clock battery while offline): here, decades ahead.
    skew = [0.0]
    right, right_sync = make_kiosk("right", ("S-001",))
    wrong, wrong_sync = make_kiosk("wrong", ("S-001",), wall=lambda: time.time() + skew[0])
    municipalities(platform)
    _, victim, _ = family(right)
    right_sync.run_once()
    wrong_sync.run_once()
    skew[0] = FAR_AHEAD_S
    wrong.people.update("staff", victim, phone="999")
    wrong.presence.check_in("staff", victim, "S-001")
    wrong_sync.run_once()

    # Kept: the check-in and the edit count, as of their arrival.
    assert person_fields(platform, victim)["phone"] == "999"
    assert row(platform, "SELECT state FROM presence WHERE person_id = :p", p=victim).state == "in"
    flagged = incidents(platform, "clock-ahead")
    assert [(i["device_id"], i["detail"]["count"]) for i in flagged] == [
        (wrong_sync.store.device_id, 2)
    ]
    # Later correct edits win.
    right_sync.run_once()
    right.people.update("staff", victim, phone="03-3333-3333")
    right.presence.check_out("staff", victim, "S-001")
    right_sync.run_once()
    assert person_fields(platform, victim)["phone"] == "03-3333-3333"
    assert row(platform, "SELECT state FROM presence WHERE person_id = :p", p=victim).state == "out"
    stored = row(
        platform,
        "SELECT count(*) AS n FROM events WHERE device_id = :d",
        d=wrong_sync.store.device_id,
    )
    assert stored.n == 2
