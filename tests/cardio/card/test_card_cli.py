"""``kazasu-card``: its output, and exit codes a script can act on."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cardio import cli

from .conftest import Pcscd, card_present, wait_for


@pytest.fixture(scope="module")
def test_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("card")
    assert cli.main(["make-test-card", "--out", str(out)]) == 0
    return out


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], stdin: str = ""
) -> tuple[int, dict[str, Any]]:
    sys_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = cli.main(args)
    finally:
        sys.stdin = sys_stdin
    return code, json.loads(capsys.readouterr().out)


def test_make_test_card_writes_profile_anchors_and_ca_keys(test_card: Path) -> None:
    assert {p.name for p in test_card.iterdir()} == {
        "card.json",
        "trust-anchor.pem",
        "ca-key.pem",
        "sign-trust-anchor.pem",
        "sign-ca-key.pem",
    }
    assert (test_card / "card.json").stat().st_mode & 0o077 == 0
    assert (test_card / "sign-ca-key.pem").stat().st_mode & 0o077 == 0
    auth = (test_card / "trust-anchor.pem").read_bytes()
    assert (test_card / "sign-trust-anchor.pem").read_bytes() != auth


def test_a_second_card_reuses_the_ca(test_card: Path) -> None:
    anchor = (test_card / "trust-anchor.pem").read_bytes()
    assert cli.main(["make-test-card", "--out", str(test_card), "--card", "second.json"]) == 0
    assert (test_card / "trust-anchor.pem").read_bytes() == anchor
    (test_card / "second.json").unlink()


def test_identify_prints_the_card_key(test_card: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, body = run(["identify", "--json", "--virtual", str(test_card / "card.json")], capsys)
    assert code == 0
    assert str(body["card_key"]).startswith("jpki:")
    assert body["apdus"] == 3
    assert set(body) >= {"serial_number", "issuer", "elapsed_ms"}


def test_verify_reads_the_pin_from_stdin(
    test_card: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["verify", "--json", "--virtual", str(test_card / "card.json")]
    args += ["--trust-anchor", str(test_card / "trust-anchor.pem")]
    code, body = run(args, capsys, "1234\n")
    assert (code, body["proven"], body["pin_tries_left"]) == (0, True, 3)

    code, body = run(args, capsys, "9999\n")
    assert code == cli.EXIT_WRONG_PIN
    assert (body["proven"], body["error"], body["pin_tries_left"]) == (False, "pin_wrong", 2)


def test_verify_against_another_anchor_exits_8(
    test_card: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["make-test-card", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    args = ["verify", "--json", "--virtual", str(test_card / "card.json")]
    args += ["--trust-anchor", str(tmp_path / "trust-anchor.pem")]
    code, body = run(args, capsys, "1234\n")
    assert (code, body["error"]) == (cli.EXIT_NOT_VERIFIED, "certificate_untrusted")


def test_an_expired_test_card_exits_8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["make-test-card", "--out", str(tmp_path), "--expired"]) == 0
    capsys.readouterr()
    args = ["verify", "--json", "--virtual", str(tmp_path / "card.json")]
    args += ["--trust-anchor", str(tmp_path / "trust-anchor.pem")]
    code, body = run(args, capsys, "1234\n")
    assert (code, body["error"]) == (cli.EXIT_NOT_VERIFIED, "certificate_expired")


def test_info_prints_the_four_items(test_card: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, body = run(["info", "--json", "--virtual", str(test_card / "card.json")], capsys, "1234")
    assert code == 0
    assert body["name"] == {
        "text": "試験 太郎",
        "exact": True,
        "raw_hex": "試験 太郎".encode().hex(),
    }
    assert (body["birth_date_iso"], body["sex"]) == ("1985-04-01", "male")


def test_a_malformed_pin_exits_6_without_touching_the_card(
    test_card: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, body = run(["info", "--json", "--virtual", str(test_card / "card.json")], capsys, "12")
    assert (code, body["error"]) == (cli.EXIT_WRONG_PIN, "pin_format")


def signature_info(folder: Path, anchor: str = "sign-trust-anchor.pem") -> list[str]:
    args = ["signature-info", "--json", "--virtual", str(folder / "card.json")]
    return [*args, "--trust-anchor", str(folder / anchor)]


def test_signature_info_prints_the_verified_items(
    test_card: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, body = run(signature_info(test_card), capsys, "TEST1234\n")
    assert (code, body["verified"]) == (0, True)
    assert body["name"] == {
        "text": "試験 太郎",
        "exact": True,
        "raw_hex": "試験 太郎".encode().hex(),
    }
    assert body["address"]["text"] == "東京都千代田区霞が関二丁目1番2号"
    assert (body["birth_date_iso"], body["birth_era"], body["sex"]) == (
        "1985-04-01",
        "showa",
        "male",
    )
    assert body["name_substitute"] is None
    assert body["password_tries_left"] == 5
    assert "TEST for digital signature" in body["chain"][-1]


def test_signature_info_with_a_wrong_password_exits_6(
    test_card: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, body = run(signature_info(test_card), capsys, "WRONG1\n")
    assert code == cli.EXIT_WRONG_PIN
    assert (body["verified"], body["error"], body["pin_tries_left"]) == (
        False,
        "sign_password_wrong",
        4,
    )
    code, body = run(signature_info(test_card), capsys, "12\n")
    assert (code, body["error"]) == (cli.EXIT_WRONG_PIN, "sign_password_format")


def test_signature_info_against_the_authentication_anchor_exits_8(
    test_card: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, body = run(signature_info(test_card, "trust-anchor.pem"), capsys, "TEST1234\n")
    assert (code, body["error"]) == (cli.EXIT_NOT_VERIFIED, "certificate_untrusted")


def test_an_expired_signing_certificate_exits_8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make = ["make-test-card", "--out", str(tmp_path), "--expired", "--sign-password", "ABC123"]
    assert cli.main(make) == 0
    capsys.readouterr()
    code, body = run(signature_info(tmp_path), capsys, "abc123\n")
    assert (code, body["error"]) == (cli.EXIT_NOT_VERIFIED, "certificate_expired")


def test_a_malformed_signing_password_for_a_test_card_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["make-test-card", "--out", str(tmp_path), "--sign-password", "short"])
    assert exit_.value.code == cli.EXIT_USAGE
    assert not (tmp_path / "card.json").exists()


def test_a_broken_profile_exits_9(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert cli.main(["identify", "--virtual", str(bad)]) == cli.EXIT_BAD_FILE
    assert "kazasu-card:" in capsys.readouterr().err


@pytest.mark.pcsc
def test_emulate_and_identify_through_pcscd(pcscd: Pcscd, test_card: Path) -> None:
    emulator = subprocess.Popen(
        [sys.executable, "-m", "cardio.cli", "emulate", str(test_card / "card.json")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(card_present, 15)
        done = subprocess.run(
            [sys.executable, "-m", "cardio.cli", "identify", "--json", "--reader", "Virtual PCD"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        body = json.loads(done.stdout)
        assert body["apdus"] == 3 and body["reader"] == "Virtual PCD 00 00"
    finally:
        emulator.send_signal(signal.SIGTERM)
        emulator.wait(timeout=10)
    assert emulator.returncode == 0
    assert wait_for(lambda: not card_present(), 10)
    time.sleep(0.6)  # let pcscd see the card gone before the next test puts one back


@pytest.mark.pcsc
def test_no_card_on_the_reader_exits_4(pcscd: Pcscd, capsys: pytest.CaptureFixture[str]) -> None:
    code, body = run(
        ["identify", "--json", "--reader", "Virtual PCD 00 01", "--wait", "0.3"], capsys
    )
    assert (code, body["error"]) == (cli.EXIT_NO_CARD, "no_card")
