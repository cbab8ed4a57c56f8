"""Benchmark ``arrivals``: a person the kiosk does not hold, from scan or tap to checked in.

A real platform process on SQLite on loopback; kiosk A at shelter S1 registers households
(two people each) and syncs; kiosk B at S2, which never saw them, checks each in as they
arrive: with the platform's signed pass (``pass``), with a linked virtual card proven with its
PIN over a fresh platform challenge (``card``: challenge, the card's RSA signature in process,
the arrival), and offline with the pass (``pass_offline``: the provisional check-in, the platform
behind a partitioned proxy). Each arrival is timed from the counter's call to its confirmation,
through the platform's answer, the records' storage and the check-in (the target: 1 s).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.harness import median, percentile, time_ms, write_result
from cardio import cli as card_cli
from cardio.mynumber import SignedNonce, sign_nonce
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from kazasu_protocol.jpki import card_key
from kiosk.app import Kiosk
from kiosk.counter import Confirmation, Counter
from kiosk.model import Household, Person, Shelter
from kiosk.store import Store
from sync.arrivals import PlatformArrivals
from sync.engine import SyncEngine
from tests.integration.platform_server import PlatformServer, running_platform
from tests.tooling.faultproxy import FaultProxy

ARRIVALS = 30
PIN = "1234"
TARGET_MS = 1000.0


def main() -> None:
    """Measure and write ``benchmarks/results/arrivals.json``."""
    with tempfile.TemporaryDirectory(prefix="kazasu-bench-arrivals-") as tmp:
        work = Path(tmp)
        cards = work / "cards"
        for i in range(ARRIVALS):
            made = card_cli.main(["make-test-card", "--out", str(cards), "--card", f"c{i}.json"])
            assert made == 0
        os.environ["KAZASU_JPKI_TRUST_ANCHORS"] = str(cards / card_cli.TRUST_ANCHOR_FILE)
        with running_platform(work / "platform") as platform:
            metrics = _measure(platform, work, cards)
    params = {"arrivals": ARRIVALS, "household_size": 2, "database": "sqlite", "loopback": True}
    write_result("arrivals", params, metrics)


def _measure(platform: PlatformServer, work: Path, cards: Path) -> dict[str, object]:
    a, a_sync = _kiosk(platform, work / "a", "S1", platform.url)
    people: list[str] = []
    for i in range(3 * ARRIVALS):
        household = a.people.register_household("staff", Household("", shelter_id="S1"))
        hid = household.household_id
        person = a.people.register("staff", Person("", f"住民 {i}", "じゅうみん", household_id=hid))
        a.people.register("staff", Person("", f"家族 {i}", "かぞく", household_id=hid))
        people.append(person.person_id)
    card_files = [cards / f"c{i}.json" for i in range(ARRIVALS)]
    for pid, card in zip(people[ARRIVALS : 2 * ARRIVALS], card_files, strict=True):
        a.people.link_identifier("staff", pid, card_key(CardProfile.load(card).auth_certificate))
    a_sync.run_once()
    passes = [_pass(platform, pid) for pid in people]
    out: dict[str, object] = {"target_ms": TARGET_MS}
    with FaultProxy(platform.url) as proxy:
        b, b_sync = _kiosk(platform, work / "b", "S2", proxy.url)
        arrivals = PlatformArrivals(b.store)
        counter = Counter(b, "S2", arrivals=arrivals)
        out["pass"] = _series(lambda i: counter.show_code("bench", passes[i]))
        out["card"] = _series(lambda i: counter.arrive_with_card("bench", _prover(card_files[i])))
        proxy.partition(True)
        offset = 2 * ARRIVALS
        out["pass_offline"] = _series(lambda i: counter.show_code("bench", passes[offset + i]))
        proxy.partition(False)
        arrivals.close()
        b_sync.close()
        b.close()
    a_sync.close()
    a.close()
    return out


def _series(arrive: Callable[[int], object]) -> dict[str, float | bool]:
    counter = iter(range(ARRIVALS))

    def one() -> None:
        answer = arrive(next(counter))
        assert isinstance(answer, Confirmation), answer

    samples = time_ms(one, ARRIVALS)
    return {
        "median_ms": round(median(samples), 1),
        "p95_ms": round(percentile(samples, 95), 1),
        "max_ms": round(max(samples), 1),
        "within_target": max(samples) < TARGET_MS,
    }


def _kiosk(
    platform: PlatformServer, folder: Path, shelter: str, url: str
) -> tuple[Kiosk, SyncEngine]:
    platform.shelter(shelter)
    store = Store.create(folder, "bench passphrase", use_os_keystore=False)
    kiosk = Kiosk.over(store)
    kiosk.shelters.add("setup", Shelter(shelter, f"避難所 {shelter}"))
    engine = SyncEngine(store)
    engine.enrol(url, platform.enrolment_code(shelter), folder.name)
    engine.run_once()
    return kiosk, engine


def _pass(platform: PlatformServer, person_id: str) -> str:
    issued = platform.admin("POST", f"/persons/{person_id}/pass", json={"valid_days": 7})
    return str(issued["code"])


def _prover(card: Path) -> Callable[[bytes], SignedNonce]:
    def prove(nonce: bytes) -> SignedNonce:
        with InProcessTransport(VirtualMyNumberCard(CardProfile.load(card))) as transport:
            return sign_nonce(transport, PIN, nonce)

    return prove
