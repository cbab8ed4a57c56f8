"""``kazasu-card sign``: the card answers a web sign-in challenge (the platform side is in
tests/integration/test_citizen_web.py, against a real platform process)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from cardio import cli
from cardio.mynumber import sign_nonce
from cardio.mynumber.verification import load_certificate, verify_signature
from cardio.virtualcard import CardProfile, InProcessTransport, VirtualMyNumberCard
from sync import card_cli

NONCE = bytes(range(32))
TEXT = "http://127.0.0.1:9/v1/web/sign-in/si-0192-ab#AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"


@pytest.fixture
def card_file(tmp_path: Path) -> Path:
    assert cli.main(["make-test-card", "--out", str(tmp_path)]) == 0
    return tmp_path / "card.json"


def test_the_card_signs_the_nonce_after_the_pin(card_file: Path) -> None:
    card = VirtualMyNumberCard(CardProfile.load(card_file))
    with InProcessTransport(card) as transport:
        signed = sign_nonce(transport, "1234", NONCE)
    certificate = load_certificate(signed.certificate)
    verify_signature(certificate, NONCE, signed.signature)
    assert len(signed.intermediates) == 1


@pytest.mark.parametrize(
    "text",
    [
        "not a sign-in text",
        TEXT.split("#")[0],  # no nonce
        TEXT[:-4],  # a nonce cut short
        TEXT.replace("/v1/web/sign-in/", "/v1/admin/"),
        "ftp://127.0.0.1/v1/web/sign-in/si-1#" + TEXT.split("#")[1],
    ],
)
def test_a_text_that_is_not_a_sign_in_challenge_is_refused_before_the_pin(
    text: str, card_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    code = card_cli.main(["sign", text, "--json", "--virtual", str(card_file)])
    assert code == cli.EXIT_USAGE
    assert json.loads(capsys.readouterr().out)["error"] == "bad_challenge"
    # The PIN was not read: it is still waiting on standard input.
    assert sys.stdin.readline() == "1234\n"


def test_an_unreachable_platform_is_exit_10(
    card_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    code = card_cli.main(["sign", TEXT, "--json", "--virtual", str(card_file)])
    assert code == cli.EXIT_PLATFORM
    assert json.loads(capsys.readouterr().out)["error"] == "platform_unreachable"


def test_the_card_tools_alone_cannot_answer_and_say_so_before_the_pin(
    card_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # cardio/ never reaches the platform: only the installed kazasu-card (sync/) posts.
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    code = cli.main(["sign", TEXT, "--json", "--virtual", str(card_file)])
    assert code == cli.EXIT_USAGE
    assert json.loads(capsys.readouterr().out)["error"] == "no_platform_client"
    assert sys.stdin.readline() == "1234\n"
