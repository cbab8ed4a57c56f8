"""``kazasu-kiosk link-city-card`` refuses, changing nothing, what it cannot link."""

from __future__ import annotations

from tests.kiosk.test_cli import Cli, cli

__all__ = ["cli"]


def test_a_city_card_of_no_synced_format_is_refused_naming_why(cli: Cli) -> None:
    person = cli.run(
        "register", "--name", "山田 太郎", "--furigana", "やまだ たろう", "--sex", "1"
    )  # fmt: skip
    before = cli.run("outbox")
    cli.run(
        "link-city-card", "--person", person["person_id"], "--code", "YAPPURU:282227:00012345",
        code=1,
    )  # fmt: skip
    assert "not a city card of a format this kiosk was given by the platform" in cli.stderr
    assert cli.run("outbox") == before
