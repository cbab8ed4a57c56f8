"""Benchmark ``ui``: the citizen screen's responsiveness and the kiosk's footprint.

- ``tap_to_confirmation_ms_p95``: from the reader reporting a card in its field to the
  confirmation screen painted, over a 100,000-person roster (target ≤ 150 ms). The card is the
  virtual one, in-process, so the figure is the kiosk's own work: the card flow, the store, Qt.
- ``cold_start_s``: from starting a Python process to the attract screen painted (target ≤ 2 s),
  including opening the encrypted store with the passphrase; median and worst of the runs, with
  the child's own split (imports, store, window, first paint).
- ``baseline_qt_start_s``: the same measurement for a process that only imports Qt and paints a
  label, run interleaved with the cold starts: the floor any Qt kiosk pays on this machine now,
  so a slow run on a busy machine can be told from a slow kiosk. The load average is recorded.
- ``rss_mb``: the process's resident memory after 1,000 check-ins through the screens.
- ``tap_pcsc_to_paint_ms_p95``: the same tap through the real card stack, the virtual card
  connecting to vpcd → pcscd → pyscard → the kiosk's device thread (target ≤ 100 ms), split into
  pcscd's part and the kiosk's; ``lift_pcsc_to_waiting_ms_p95``: the card taken away until the
  device thread reports the reader empty. ``vpcd_driver`` says whether pcscd waits on our build
  of vpcd's driver (packaging/vpcd) or polls Debian's every 400 ms.

    make bench NAME=ui
    KAZASU_BENCH_PERSONS=20000 make bench NAME=ui    # a smaller roster
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Only what the kiosk itself imports is imported here: the cold-start child runs this module,
# and the benchmark's own tools (store filler, virtual cards) must not count as start-up.
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from kiosk.app import Kiosk
from kiosk.store import Store
from ui.app import build, shutdown
from ui.boot import application, freeze_start_up_heap

if TYPE_CHECKING:
    from cardio.virtualcard import VirtualMyNumberCard
    from cardio.virtualcard.reader import VirtualReader
    from ui.window import MainWindow

PASSPHRASE = "benchmark passphrase"
PERSONS = int(os.environ.get("KAZASU_BENCH_PERSONS", "100000"))
CARDS = 20
TAPS = 200
CHECKINS = 1_000
COLD_STARTS = 9
PCSC_TAPS = int(os.environ.get("KAZASU_BENCH_PCSC_TAPS", "60"))
PCSCD_POLL_S = 0.4
"""How often pcscd asks a reader without a polling thread of its own whether a card is there."""
INSTALL_VPCD_DRIVER = Path(__file__).resolve().parent.parent / "packaging" / "vpcd" / "install.sh"


def wait(condition: object, timeout_s: float = 10.0) -> None:
    """Run the event loop until ``condition()`` holds."""
    deadline = time.perf_counter() + timeout_s
    while not condition():  # type: ignore[operator]
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen did not get there in time")
        loop = QEventLoop()
        QTimer.singleShot(1, loop.quit)
        loop.exec()


def make_store(folder: Path, persons: int) -> tuple[Kiosk, list[str]]:
    """A kiosk store with ``persons`` people at shelter S1."""
    from benchmarks.store import fill
    from kiosk.model import Shelter
    from kiosk.settings import Settings, SettingsService
    from ui.app import VIRTUAL_READER

    store = Store.create(folder, PASSPHRASE, use_os_keystore=False)
    kiosk = Kiosk.over(store)
    kiosk.shelters.add("bench", Shelter("S1", "ベンチマーク小学校", capacity=persons))
    ids, _ = fill(store, persons)
    SettingsService(store).save(
        "bench", Settings(shelter_id="S1", reader=VIRTUAL_READER, confirmation_s=30)
    )
    return kiosk, ids


def link_cards(
    kiosk: Kiosk, person_ids: list[str], cards: list[VirtualMyNumberCard] | None = None
) -> list[VirtualMyNumberCard]:
    """A virtual card for each of ``person_ids``, linked to that person in the store; the
    ``cards`` given are linked in turn (another kiosk's), new ones made for the rest."""
    from cardio.virtualcard import VirtualMyNumberCard
    from cardio.virtualcard.pki import make_ca
    from cardio.virtualcard.profile import new_test_profile
    from kazasu_protocol.jpki import card_key

    cards = list(cards or [])
    if len(cards) < len(person_ids):
        ca = make_ca()
        cards += [
            VirtualMyNumberCard(new_test_profile(ca, f"bench-{n}"))
            for n in range(len(cards), len(person_ids))
        ]
    for person_id, card in zip(person_ids, cards, strict=False):
        kiosk.people.link_identifier("bench", person_id, card_key(card.profile.auth_certificate))
    return cards[: len(person_ids)]


def open_window(kiosk: Kiosk, arrived: list[float]) -> tuple[MainWindow, VirtualReader]:
    """The kiosk's window on a virtual reader, shown and waiting for a card; the moment each
    card arrives is appended to ``arrived``."""
    from cardio.device import DeviceState, DeviceStatus
    from cardio.virtualcard.reader import VirtualReader
    from kiosk.settings import Settings

    def device(settings: Settings, report: object) -> VirtualReader:
        def on_status(status: DeviceStatus) -> None:
            if status.state is DeviceState.CARD_PRESENT:
                arrived.append(time.perf_counter())
            report(status)  # type: ignore[operator]

        return VirtualReader(on_status)

    window = build(kiosk, device)
    # As the program's start does (ui/boot.py): here it also leaves out of the collector's
    # passes the benchmark's own heap, the platform's code among it, which a kiosk has not.
    window.after_first_paint(freeze_start_up_heap)
    window.resize(1280, 800)
    window.show()
    wait(lambda: window.ctx.card.status.state is DeviceState.WAITING_FOR_CARD)
    reader = window.ctx.card.device
    assert isinstance(reader, VirtualReader)
    return window, reader


def measure_taps(window: MainWindow, reader: VirtualReader, cards: list[VirtualMyNumberCard],
                 arrived: list[float], taps: int = TAPS, gap_s: float = 0.0,
                 going: Callable[[], bool] | None = None) -> list[float]:  # fmt: skip
    """Tap ``taps`` times, the cards in turn; returns the arrival-to-painted times in ms.

    ``gap_s`` is the time from one card lifted to the next one tapped, as in a queue. With
    ``going``, tapping also stops before a tap when ``going()`` is false.
    """
    from cardio.device import DeviceState

    painted: list[float] = []
    window.confirmation_painted.connect(lambda: painted.append(time.perf_counter()))
    samples = []
    for n in range(taps):
        # The entrance screen is back, and painted, before the next card comes, as in the
        # card-stack taps: in service the answer's time-out or its OK button brings it back
        # well before the next person taps, so its repaint is not part of that tap.
        window.show_attract()
        next_at = time.perf_counter() + gap_s
        wait(lambda at=next_at: time.perf_counter() >= at)
        QCoreApplication.processEvents()
        if going is not None and not going():
            break
        before = len(painted)
        reader.insert(cards[n % len(cards)])
        wait(lambda b=before: len(painted) > b)
        samples.append((painted[-1] - arrived[-1]) * 1000)
        reader.remove()
        wait(lambda: reader.status.state is DeviceState.WAITING_FOR_CARD)
    return samples


def measure_pcsc_taps(kiosk: Kiosk, cards: list[VirtualMyNumberCard]) -> dict[str, list[float]]:
    """Tap cards over vpcd → pcscd → pyscard → the kiosk's device thread; times in ms.

    ``total`` runs from ``VpcdCard.insert()`` to the confirmation painted, ``pcscd`` from the
    insert to the device thread's card-present status, ``kiosk`` from there to the paint;
    ``lift`` from ``VpcdCard.remove()`` to the device thread's waiting-for-card status.
    """
    from cardio.device import DeviceState, DeviceStatus
    from cardio.pcsc.device import DeviceThread
    from cardio.virtualcard.vpcd import MIN_ABSENCE_S, VpcdCard
    from devtools.demo import VPCD_READER
    from kiosk.settings import Settings

    arrived: list[float] = []
    emptied: list[float] = []
    # With Debian's driver pcscd looks for the card on its own clock: inserts at random phases
    # of it, as people tap.
    phase = random.Random(21)

    def device(settings: Settings, report: object) -> DeviceThread:
        def on_status(status: DeviceStatus) -> None:
            if status.state is DeviceState.CARD_PRESENT:
                arrived.append(time.perf_counter())
            elif status.state is DeviceState.WAITING_FOR_CARD:
                emptied.append(time.perf_counter())
            report(status)  # type: ignore[operator]

        return DeviceThread(on_status, reader=VPCD_READER)

    window = build(kiosk, device)
    window.resize(1280, 800)
    window.show()
    painted: list[float] = []
    window.confirmation_painted.connect(lambda: painted.append(time.perf_counter()))
    total, pcscd, ours, lift = [], [], [], []
    try:
        wait(lambda: window.ctx.card.status.state is DeviceState.WAITING_FOR_CARD)
        for n in range(PCSC_TAPS):
            window.show_attract()
            wait(lambda: not window.tapping)
            # vpcd's card holds back a re-insert until pcscd can have seen it gone.
            settle = time.perf_counter() + MIN_ABSENCE_S + phase.uniform(0, PCSCD_POLL_S)
            wait(lambda s=settle: time.perf_counter() > s)
            before = len(painted)
            served = VpcdCard(cards[n % len(cards)])
            inserted = time.perf_counter()
            served.insert()
            wait(lambda b=before: len(painted) > b)
            total.append((painted[-1] - inserted) * 1000)
            pcscd.append((arrived[-1] - inserted) * 1000)
            ours.append((painted[-1] - arrived[-1]) * 1000)
            before = len(emptied)
            lifted = time.perf_counter()
            served.remove()
            wait(lambda b=before: len(emptied) > b)
            lift.append((emptied[-1] - lifted) * 1000)
            wait(lambda: window.ctx.card.status.state is DeviceState.WAITING_FOR_CARD)
    finally:
        shutdown(window)
    return {"total": total, "pcscd": pcscd, "kiosk": ours, "lift": lift}


def check_ins(window: MainWindow, person_ids: list[str]) -> None:
    """Check people in through the screens' own path: counter on the worker, then the screen."""
    ctx = window.ctx
    for person_id in person_ids:
        ctx.tasks.run(lambda p=person_id: ctx.counter.tap(ctx.actor, p), window.show_answer)  # type: ignore[misc]
    wait(lambda: ctx.tasks.pending == 0, timeout_s=600)


def rss_mb() -> float:
    """Resident memory of this process."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


BASELINE = """
import time
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(["baseline"])
label = QLabel("ready")
label.resize(1280, 800)
label.show()
app.processEvents()
label.grab()
print("ready", flush=True)
"""


def cold_start(folder: Path) -> tuple[float, dict[str, float]]:
    """Seconds from launching a process to its attract screen painted, and the child's split."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.ui", "--cold-start", str(folder)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"KAZASU_PASSPHRASE": PASSPHRASE},
        cwd=Path(__file__).resolve().parent.parent,
    )
    elapsed = time.perf_counter() - start
    word, *phases = done.stdout.split()
    assert word == "ready", done.stderr
    split = {k: float(v) for k, v in (p.split("=") for p in phases)}
    return elapsed, {"python_and_imports": elapsed - sum(split.values())} | split


def baseline_start() -> float:
    """Seconds from launching a process that only imports Qt to its label painted."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", BASELINE], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "ready", done.stderr
    return time.perf_counter() - start


def cold_start_child(folder: Path) -> None:
    """In the child: open the store, show the window, exit once the attract screen painted.

    Prints ``ready`` and the seconds spent opening the store, building the window and painting
    it first; the parent attributes the rest to the interpreter's start and the imports.
    """
    imported = time.perf_counter()
    app = application()
    kiosk = Kiosk.over(Store.open(folder))
    opened = time.perf_counter()
    window = build(kiosk)
    built = time.perf_counter()
    window.show()
    wait(lambda: window.attract.isVisible() and window.ctx.languages.current == "ja")
    app.processEvents()
    window.attract.grab()  # the attract screen fully painted once
    painted = time.perf_counter()
    print(
        f"ready store={opened - imported:.3f}"
        f" window={built - opened:.3f} paint={painted - built:.3f}",
        flush=True,
    )
    shutdown(window)
    kiosk.close()


def pcsc_figures(kiosk: Kiosk, cards: list[VirtualMyNumberCard]) -> dict[str, object]:
    """The tap through pcscd as result keys, or why it could not be measured."""
    from benchmarks.harness import median, percentile
    from devtools.demo import start_pcscd, vpcd_available

    if not vpcd_available():
        return {"tap_pcsc_to_paint_ms_p95": None, "pcsc_skipped": "pcscd or vpcd not installed"}
    ours = subprocess.run(["sh", str(INSTALL_VPCD_DRIVER), "--check"], check=False).returncode == 0
    started = start_pcscd()
    load_before = os.getloadavg()[0]
    try:
        times = measure_pcsc_taps(kiosk, cards)
    finally:
        if started is not None:
            started.terminate()
            started.wait(timeout=10)
    lift = times.pop("lift")
    return {
        "tap_pcsc_to_paint_ms_p95": round(percentile(times["total"], 95), 1),
        "tap_pcsc_to_paint_ms_median": round(median(times["total"]), 1),
        "tap_pcsc_split_ms_p95": {k: round(percentile(v, 95), 1) for k, v in times.items()},
        "tap_pcsc_split_ms_median": {k: round(median(v), 1) for k, v in times.items()},
        "lift_pcsc_to_waiting_ms_p95": round(percentile(lift, 95), 1),
        "lift_pcsc_to_waiting_ms_median": round(median(lift), 1),
        "pcsc_taps": len(times["total"]),
        "pcsc_load_average_1min_before_after": [
            round(load_before, 2),
            round(os.getloadavg()[0], 2),
        ],
        "pcscd": "started for the run" if started is not None else "already running",
        "vpcd_driver": (
            "ours: pcscd waits on it (packaging/vpcd)"
            if ours
            else "Debian's: pcscd polls it every 400 ms"
        ),
    }


def main() -> None:
    """Run the benchmark and write benchmarks/results/ui.json."""
    from benchmarks.harness import median, percentile, write_result

    application()
    with tempfile.TemporaryDirectory() as tmp:
        kiosk, ids = make_store(Path(tmp) / "data", PERSONS)
        cards = link_cards(kiosk, [ids[(n * 997) % len(ids)] for n in range(CARDS)])
        arrived: list[float] = []
        window, reader = open_window(kiosk, arrived)
        samples = measure_taps(window, reader, cards, arrived)
        check_ins(window, ids[-CHECKINS:])
        memory = rss_mb()
        shutdown(window)
        pcsc = pcsc_figures(kiosk, cards)
        kiosk.close()
        load_before = os.getloadavg()
        starts, splits, baselines = [], [], []
        for _ in range(COLD_STARTS):
            elapsed, split = cold_start(Path(tmp) / "data")
            starts.append(elapsed)
            splits.append(split)
            baselines.append(baseline_start())
        load_after = os.getloadavg()
    write_result(
        "ui",
        {"persons": len(ids), "taps": TAPS, "check_ins": CHECKINS, "cold_starts": COLD_STARTS,
         "platform": os.environ["QT_QPA_PLATFORM"], "card": "virtual, in-process"},
        {
            "tap_to_confirmation_ms_p95": round(percentile(samples, 95), 1),
            "tap_to_confirmation_ms_median": round(median(samples), 1),
            "cold_start_s": round(median(starts), 2),
            "cold_start_s_max": round(max(starts), 2),
            "cold_start_split_s_median": {
                k: round(median([s[k] for s in splits]), 3) for k in splits[0]
            },
            "baseline_qt_start_s": round(median(baselines), 2),
            "baseline_qt_start_s_max": round(max(baselines), 2),
            "load_average_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
            "rss_mb": round(memory, 1),
        } | pcsc,
    )  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["--cold-start"]:
        cold_start_child(Path(sys.argv[2]))
    else:
        main()
