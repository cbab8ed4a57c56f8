"""A kiosk killed with SIGKILL at random moments loses no acknowledged check-in."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk import outbox
from kiosk.app import Kiosk
from kiosk.model import Person
from kiosk.people import write_person
from kiosk.store import Store
from tests.kiosk.builders import PASSPHRASE

PEOPLE = 1000
REPO = Path(__file__).resolve().parents[2]


def _start(folder: Path, person_ids: list[str]) -> subprocess.Popen[str]:
    env = os.environ | {"KAZASU_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.kiosk.crash_worker", str(folder), "S1", *person_ids],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


@pytest.mark.slow
def test_sigkill_during_1000_check_ins_loses_nothing_acknowledged(kiosk: Kiosk) -> None:
    folder = kiosk.folder
    ids = [f"p-{i:04d}" for i in range(PEOPLE)]
    with kiosk.store.transaction() as tx:
        for person_id in ids:
            write_person(tx.conn, Person(person_id, f"避難 {person_id}", "ひなん"))
    kiosk.close()
    rng = random.Random(20261126)
    acknowledged: set[str] = set()
    kills = 0
    while len(acknowledged) < PEOPLE:
        todo = [p for p in ids if p not in acknowledged]
        worker = _start(folder, todo)
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "READY"
        time.sleep(rng.uniform(0.0, 0.3))
        worker.send_signal(signal.SIGKILL)
        kills += 1
        output, _ = worker.communicate()
        acknowledged.update(
            line.split()[1] for line in output.splitlines() if line.startswith("ACK")
        )

        # The store must open with the same key, be intact, and hold every acknowledged check-in.
        with Store.open(folder, lambda: PASSPHRASE, use_os_keystore=False) as store:
            assert store.integrity_ok()
            present = {p.person_id for p in Kiosk.over(store).presence.present("S1")}
            assert acknowledged <= present
            with store.reading() as conn:
                # One event per check-in that happened, never two, in an unbroken chain.
                assert outbox.verify(conn) == len(present)
            acknowledged |= present  # committed just before the kill, not yet printed
    assert kills >= 3, "the soak must actually interrupt the worker"
