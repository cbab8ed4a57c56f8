"""Roll copy benchmark: a polling site's kiosk holding a city's electoral roll offline.

The roll arrives as ``voter`` feed changes applied as sync does (``kiosk.feed_apply``, the
real path, in pages of 2,000 like the pull), into a real SQLCipher store. Then what a poll
worker does at the desk, timed on the kiosk's own store:

- ``apply_voters_per_s``: how fast the roll copy is written (provisioning a site's kiosk);
- ``search_kana_ms_p50`` / ``_p95``: furigana prefix search as typed (hiragana, one to four
  characters of a family name), ``search_name_ms_p95``: kanji name search,
  ``search_birth_ms_p95``: everyone born on one day;
- ``card_ms_p95``: the roll entry of a tapped card; ``view_ms_p95``: the whole desk view of a
  voter (entry, declarations, ballots, incidents, the block);
- ``full_scan_ms_p50``: the baseline of the same run: reading every roll entry once (what a
  search without its indexes would cost).

``KAZASU_BENCH_VOTERS`` sets the roll's size (default 100,000, a mid-sized city).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.harness import median, percentile, time_ms, write_result
from kiosk.counter import stored_keys
from kiosk.feed_apply import apply_page
from kiosk.feed_page import Applied
from kiosk.store import Store
from kiosk.voting.desk import ClaimAccepted, ClaimAlreadyVoted, ClaimUnavailable, VotingDesk

FAMILY = [
    ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"),
    ("伊藤", "イトウ"), ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"),
    ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"), ("山田", "ヤマダ"),
]  # fmt: skip
GIVEN = [
    ("花子", "ハナコ"), ("太郎", "タロウ"), ("蓮", "レン"), ("陽菜", "ヒナ"), ("一", "ハジメ"),
    ("美咲", "ミサキ"), ("健", "ケン"), ("結衣", "ユイ"), ("翔", "ショウ"), ("葵", "アオイ"),
]  # fmt: skip
PAGE = 2000
SAMPLES = 200


class Unreachable:
    """The desk's claim while the platform is away (never called by this benchmark)."""

    def claim(self, *args: Any) -> ClaimAccepted | ClaimAlreadyVoted:
        raise ClaimUnavailable("offline")

    def lookup_declaration(self, code: str) -> None:
        return None


def voter(n: int, rng: random.Random) -> dict[str, Any]:
    family, given = rng.choice(FAMILY), rng.choice(GIVEN)
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 76))
    return {
        "entity": "voter",
        "payload": {
            "voter_id": f"v-{n:07d}",
            "election_id": "E-BENCH",
            "roll_number": str(n),
            "name": f"{family[0]}\u3000{given[0]}",
            "kana": f"{family[1]}\u3000{given[1]}",
            "birth_date": born.isoformat(),
            "sex": rng.choice(["male", "female"]),
            "address": f"架空市本町{n % 50}-{n % 7}",
            "person_id": f"p-{n:07d}",
            "card_keys": [f"jpki:{n:064x}"] if n % 3 == 0 else [],
            "status": "not_voted",
            "voted_site_id": None,
            "voted_at_ms": None,
            "claim_id": None,
            "voted_kind": None,
        },
    }


def main() -> None:
    """Build the roll copy, time the desk's reads, write ``results/roll.json``."""
    count = int(os.environ.get("KAZASU_BENCH_VOTERS", "100000"))
    rng = random.Random(20261126)
    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.create(Path(tmp) / "kiosk", "benchmark passphrase", use_os_keystore=False)
        site = {
            "entity": "polling_site",
            "payload": {
                "site_id": "PS-1", "election_id": "E-BENCH", "election_name": "選挙",
                "name": "本庁舎", "voting_days": [today.isoformat()],
                "outage_procedure": "provisional", "pin_required": False,
                "staff_code_allowed": True,
            },
        }  # fmt: skip
        start = time.perf_counter()
        for first in range(0, count, PAGE):
            changes = [site] if first == 0 else []
            changes += [voter(n, rng) for n in range(first, min(count, first + PAGE))]
            with store.transaction() as tx:
                apply_page(tx, changes, Applied())
        apply_s = time.perf_counter() - start
        desk = VotingDesk(store, "PS-1", Unreachable(), lambda: stored_keys(store))
        kana = ["さ", "さと", "すずき", "たかは", "やまだ は", "こばやし"]
        names = ["佐藤", "鈴木 一", "山本健", "中村"]
        born = [date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 76)) for _ in range(50)]
        queries = [(rng.choice(kana), "") for _ in range(SAMPLES)]
        search_kana = [time_ms(partial(desk.search, *q), 1)[0] for q in queries]
        search_name = [time_ms(partial(desk.search, q), 1)[0] for q in names * 50]
        search_birth = [time_ms(partial(desk.search, "", b.isoformat()), 1)[0] for b in born]
        ids = [rng.randrange(count) for _ in range(SAMPLES)]
        cards = [time_ms(partial(desk.find_card, f"jpki:{n - n % 3:064x}"), 1)[0] for n in ids]
        views = [time_ms(partial(desk.view, f"v-{n:07d}"), 1)[0] for n in ids]

        def scan() -> None:
            with store.reading() as conn:
                conn.execute("SELECT data FROM voters").fetchall()

        full_scan = time_ms(scan, 5)
        size_mb = sum(p.stat().st_size for p in (Path(tmp) / "kiosk").iterdir()) / 1e6
        store.close()
    write_result(
        "roll",
        {"voters": count, "page": PAGE, "samples": SAMPLES},
        {
            "apply_voters_per_s": round(count / apply_s),
            "store_mb": round(size_mb, 1),
            "search_kana_ms_p50": round(median(search_kana), 2),
            "search_kana_ms_p95": round(percentile(search_kana, 95), 2),
            "search_name_ms_p95": round(percentile(search_name, 95), 2),
            "search_birth_ms_p95": round(percentile(search_birth, 95), 2),
            "card_ms_p95": round(percentile(cards, 95), 2),
            "view_ms_p95": round(percentile(views, 95), 2),
            "full_scan_ms_p50": round(median(full_scan), 1),
            "load_average": os.getloadavg()[0],
        },
    )
