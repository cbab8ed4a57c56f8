"""``kazasu-kiosk show-code``: a QR code acted on at a shelter's entrance from the command line,
as the camera would. A pass of someone the kiosk never held is an arrival asked of the platform;
a code that is not valid is turned away with its reason and nothing is recorded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.integration.conftest import KIOSK_PASSPHRASE, KioskMaker
from tests.integration.platform_server import REPO, PlatformServer
from tests.integration.test_arrivals import arrival_audit, family_at_a, issue_pass, kiosk_b


def show_code(data: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data", str(data), "--actor", "staff:t01",
         "show-code", "--shelter", "S2", "-"],
        input=code + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=os.environ | {"PYTHONPATH": str(REPO), "KAZASU_PASSPHRASE": KIOSK_PASSPHRASE},
        timeout=60,
    )  # fmt: skip


def test_a_pass_shown_at_a_kiosk_that_never_held_the_person_checks_them_in_there(
    make_kiosk: KioskMaker, platform: PlatformServer, tmp_path: Path
) -> None:
    family = family_at_a(make_kiosk)
    code = issue_pass(platform, family.person_id)["code"]
    kiosk, _, _ = kiosk_b(make_kiosk)

    forged = show_code(tmp_path / "b", code[:-3] + ("AAA" if not code.endswith("AAA") else "BBB"))
    assert forged.returncode == 1 and "turned away (invalid_code)" in forged.stderr
    assert json.loads(forged.stdout)["refusal"] == "invalid_code"
    assert kiosk.people.find(family.person_id) is None and arrival_audit(platform) == []

    shown = show_code(tmp_path / "b", code)
    assert shown.returncode == 0, shown.stderr
    answer = json.loads(shown.stdout)
    assert (answer["outcome"], answer["person_id"], answer["name"]) == (
        "checked_in",
        family.person_id,
        "鈴木 花子",
    )
    assert answer["provisional"] is False
    where = kiosk.presence.where(family.person_id)
    assert where is not None and where.present and where.shelter_id == "S2"
    [(person, device, shelter, via, _)] = arrival_audit(platform)
    assert (person, device, shelter, via) == (family.person_id, kiosk.store.device_id, "S2", "pass")
