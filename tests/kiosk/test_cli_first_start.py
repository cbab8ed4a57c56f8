"""A new kiosk's first start from the command line: ``staff-add`` and ``staff`` add the first
administrator (codes come from the environment or a prompt and never come back out), and
``trust-anchors`` sets the CA certificates that card proofs must chain to."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding

from cardio.virtualcard.pki import make_ca
from kiosk.settings import trust_anchors_pem
from kiosk.store import Store

REPO = Path(__file__).resolve().parents[2]
CARD_KEY = "jpki:" + "ab" * 32


def cli(data: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, Any, str]:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--data", str(data), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        env=os.environ | {"KAZASU_PASSPHRASE": "operator passphrase"} | (env or {}),
    )
    out = json.loads(done.stdout) if done.stdout.strip() else None
    return done.returncode, out, done.stderr


def test_an_administrator_with_a_card_and_staff_with_a_code(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli(data, "init")[0] == 0
    code, admin, _ = cli(
        data, "staff-add", "admin1", "管理 太郎", "--role", "admin", "--card-key", CARD_KEY
    )
    assert code == 0
    assert admin == {
        "staff_id": "admin1",
        "name": "管理 太郎",
        "role": "admin",
        "card": True,
        "code": False,
        "active": True,
    }
    code, _, _ = cli(
        data, "staff-add", "desk2", "受付 花子", "--with-code", env={"KAZASU_STAFF_CODE": "135790"}
    )
    assert code == 0
    code, members, _ = cli(data, "staff")
    assert [(m["staff_id"], m["role"], m["code"]) for m in members] == [
        ("admin1", "admin", False),
        ("desk2", "staff", True),
    ]
    assert "135790" not in json.dumps(members) and "hash" not in json.dumps(members)
    code, entries, _ = cli(data, "audit", "--limit", "5")
    assert [e["action"] for e in entries].count("staff.add") == 2


def test_bad_staff_input_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli(data, "init")[0] == 0
    code, _, err = cli(data, "staff-add", "admin1", "管理 太郎")
    assert code == 1 and "needs a card or a code" in err
    code, _, err = cli(data, "staff-add", "desk2", "受付", "--with-code")
    assert code == 1 and "KAZASU_STAFF_CODE" in err
    code, _, err = cli(
        data, "staff-add", "desk2", "受付", "--with-code", env={"KAZASU_STAFF_CODE": "12"}
    )
    assert code == 1 and "at least 6 digits" in err
    assert cli(data, "staff")[1] == []


def test_trust_anchors_are_set_from_pem_files_and_bad_files_change_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli(data, "init")[0] == 0
    first, second = tmp_path / "a.pem", tmp_path / "b.pem"
    first.write_bytes(make_ca().certificate.public_bytes(Encoding.PEM))
    second.write_bytes(make_ca().certificate.public_bytes(Encoding.PEM))
    code, anchors, _ = cli(data, "trust-anchors", str(first), str(second))
    assert code == 0 and len(anchors) == 2 and "TEST" in anchors[0]["subject"]
    garbage = tmp_path / "c.pem"
    garbage.write_text("not a certificate", encoding="utf-8")
    code, _, err = cli(data, "trust-anchors", str(garbage))
    assert code == 1 and "not PEM certificates" in err
    code, _, err = cli(data, "trust-anchors", str(tmp_path / "missing.pem"))
    assert code == 1 and "cannot read" in err
    with Store.open(data, lambda: "operator passphrase", use_os_keystore=False) as store:
        assert trust_anchors_pem(store) == first.read_bytes() + second.read_bytes()
