"""Benchmark ``languages``: how quickly a resident's language choice shows, on the kiosk and web.

- ``kiosk_choose_ms_p95``: from a language button pressed on the entrance to the entrance
  retranslated and repainted. Installing the resident's translator makes Qt send every widget
  a LanguageChange, the hidden staff console's too, so the figure covers the whole window.
- ``kiosk_back_to_japanese_ms_p95``: the same for the end of the visit (the translator removed).
- ``web_catalogue_load_ms``: loading and checking every page's catalogue in seven languages,
  which the platform does once, on the first page it renders.

    make bench NAME=languages
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.ui import make_store, wait
from ui.app import build, shutdown
from ui.boot import application
from ui.i18n import CITIZEN_LANGUAGES

ROUNDS = 20
PERSONS = 1_000


def main() -> None:
    """Run the benchmark and write benchmarks/results/languages.json."""
    from benchmarks.harness import median, percentile, time_ms, write_result
    from linkage.web.i18n import catalogue

    application()
    choose: list[float] = []
    back: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        kiosk, _ = make_store(Path(tmp) / "data", PERSONS)
        window = build(kiosk)
        window.resize(1280, 800)
        window.show()
        wait(lambda: window._console is not None)  # the staff screens exist, as in service
        attract = window.attract
        japanese = attract.no_card.text()  # differs in every language, easy Japanese too
        codes = [code for code in CITIZEN_LANGUAGES if code != "ja"]
        for _ in range(ROUNDS):
            for code in codes:
                start = time.perf_counter()
                attract.languages[code].click()
                wait(lambda: attract.no_card.text() != japanese)
                attract.repaint()
                choose.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                window.end_visit()
                wait(lambda: attract.no_card.text() == japanese)
                attract.repaint()
                back.append((time.perf_counter() - start) * 1000)
        shutdown(window)
        kiosk.close()

    def load() -> None:
        catalogue.cache_clear()
        catalogue()

    loads = time_ms(load, 20)
    write_result(
        "languages",
        {"rounds": ROUNDS, "languages": codes, "persons": PERSONS,
         "platform": os.environ["QT_QPA_PLATFORM"]},
        {
            "kiosk_choose_ms_p95": round(percentile(choose, 95), 1),
            "kiosk_choose_ms_median": round(median(choose), 1),
            "kiosk_back_to_japanese_ms_p95": round(percentile(back, 95), 1),
            "kiosk_back_to_japanese_ms_median": round(median(back), 1),
            "web_catalogue_load_ms_median": round(median(loads), 1),
            "web_catalogue_load_ms_max": round(max(loads), 1),
        },
    )  # fmt: skip


if __name__ == "__main__":
    main()
