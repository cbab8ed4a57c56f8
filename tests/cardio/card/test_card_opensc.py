"""OpenSC's JPKI driver, written against real My Number Cards, binds the virtual card.

pkcs15-tool → pcscd → vpcd → the virtual card: the driver selects the JPKI application, asks both
passwords' tries (the authentication PIN's EF 0018 and the signing password's EF 001B), and lists
the four certificates; the authentication certificate it reads is the one ``kazasu-card
identify`` identifies.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from cryptography import x509

from cardio.virtualcard import VirtualMyNumberCard
from cardio.virtualcard.vpcd import VpcdCard
from kazasu_protocol.jpki import card_key

from .conftest import VPCD_READER

pytestmark = pytest.mark.pcsc

TIMEOUT_S = 60


def pkcs15_tool(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("pkcs15-tool")
    if binary is None:
        pytest.skip("OpenSC is not installed (Debian package opensc)")
    return subprocess.run(
        [binary, "--reader", VPCD_READER, *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def test_pkcs15_tool_lists_both_certificates_of_the_virtual_card(
    vpcd_card: VpcdCard, card: VirtualMyNumberCard
) -> None:
    listed = pkcs15_tool("--list-certificates")
    assert listed.returncode == 0, listed.stderr
    assert "X.509 Certificate [User Authentication Certificate]" in listed.stdout
    assert "X.509 Certificate [Digital Signature Certificate]" in listed.stdout
    assert "X.509 Certificate [User Authentication Certificate CA]" in listed.stdout
    assert "X.509 Certificate [Digital Signature Certificate CA]" in listed.stdout
    assert card.individual_number_selections == 0


def test_pkcs15_tool_reads_the_certificate_kazasu_card_identifies(
    vpcd_card: VpcdCard, card: VirtualMyNumberCard
) -> None:
    # ID 01 is the user-authentication certificate (EF 000A) in OpenSC's JPKI emulator.
    read = pkcs15_tool("--read-certificate", "01")
    assert read.returncode == 0, read.stderr
    from_opensc = x509.load_pem_x509_certificate(read.stdout.encode("ascii"))
    identified = subprocess.run(
        [sys.executable, "-m", "cardio.cli", "identify", "--json", "--reader", VPCD_READER],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert identified.returncode == 0, identified.stderr
    identity = json.loads(identified.stdout)
    assert from_opensc == card.profile.auth_certificate
    assert identity["card_key"] == card_key(from_opensc)
    assert int(identity["serial_number"]) == from_opensc.serial_number
    assert card.individual_number_selections == 0
