"""Made-up residents for demos and benchmarks: plausible Japanese names, ages and needs.

Deterministic for a given seed, so a demo and a benchmark can be repeated exactly.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from kiosk.model import Disability, Household, Person, Sex, Staying

FAMILY = (
    ("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"), ("田中", "たなか"),
    ("伊藤", "いとう"), ("渡辺", "わたなべ"), ("山本", "やまもと"), ("中村", "なかむら"),
    ("小林", "こばやし"), ("加藤", "かとう"), ("吉田", "よしだ"), ("山田", "やまだ"),
    ("佐々木", "ささき"), ("山口", "やまぐち"), ("松本", "まつもと"), ("井上", "いのうえ"),
    ("木村", "きむら"), ("林", "はやし"), ("斎藤", "さいとう"), ("清水", "しみず"),
)  # fmt: skip
GIVEN_MALE = (
    ("太郎", "たろう"), ("一郎", "いちろう"), ("健太", "けんた"), ("翔", "しょう"),
    ("大輔", "だいすけ"), ("誠", "まこと"), ("蓮", "れん"), ("悠真", "ゆうま"),
)  # fmt: skip
GIVEN_FEMALE = (
    ("花子", "はなこ"), ("陽子", "ようこ"), ("美咲", "みさき"), ("さくら", "さくら"),
    ("由美", "ゆみ"), ("恵子", "けいこ"), ("陽菜", "ひな"), ("結衣", "ゆい"),
)  # fmt: skip
TOWNS = ("本町", "緑町", "栄町", "旭町", "若葉台", "港南", "山手", "川端")


def households(
    count: int, seed: int = 1, shelter_ids: tuple[str, ...] = ("S1",)
) -> Iterator[tuple[Household, list[Person]]]:
    """``count`` households of 1-5 members (2.5 on average), with ids ``h-…`` and ``p-…``."""
    rng = random.Random(seed)
    today = date(2026, 11, 26)
    for h in range(count):
        family, family_kana = rng.choice(FAMILY)
        address = f"架空市{rng.choice(TOWNS)}{rng.randint(1, 9)}-{rng.randint(1, 30)}"
        household = Household(
            household_id=f"h-{seed}-{h:07d}",
            shelter_id=shelter_ids[h % len(shelter_ids)],
            address=address,
            staying=Staying.SHELTER if rng.random() < 0.85 else rng.choice(list(Staying)[1:]),
        )
        members = []
        for m in range(rng.choice((1, 1, 2, 2, 3, 3, 4, 5))):
            male = rng.random() < 0.5
            given, given_kana = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
            age = rng.randint(0, 95)
            members.append(
                Person(
                    person_id=f"p-{seed}-{h:07d}-{m}",
                    name=f"{family} {given}",
                    furigana=f"{family_kana} {given_kana}",
                    sex=Sex.MALE if male else Sex.FEMALE,
                    birth_date=today - timedelta(days=age * 365 + rng.randint(0, 364)),
                    household_id=household.household_id,
                    address=address,
                    care_required=age > 80 and rng.random() < 0.3,
                    disabilities=(rng.choice(list(Disability)),) if rng.random() < 0.05 else (),
                    allergies="卵" if rng.random() < 0.03 else "",
                    consent_relatives=rng.random() < 0.7,
                )
            )
        yield household, members
