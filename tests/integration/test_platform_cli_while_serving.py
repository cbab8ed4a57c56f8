"""The platform's command line works on the database of a platform that is serving (SQLite):
what the command writes, the server sees, and what the server writes afterwards stays.

A process that closes a descriptor of the SQLite file drops every lock it holds on it; the server
then looked idle to the command, which removed the write-ahead log the server still wrote into.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kazasu_protocol import b64url
from sync.client import PlatformClient
from tests.integration.platform_server import running_platform


def test_codes_made_on_the_command_line_while_serving_enrol_kiosks(tmp_path: Path) -> None:
    with running_platform(tmp_path / "platform") as platform:
        platform.shelter("S1")
        for label in ("first", "second", "third"):
            made = platform.cli("enrolment-code", "--label", label, "--shelter", "S1")
            public = (
                Ed25519PrivateKey.generate()
                .public_key()
                .public_bytes(Encoding.Raw, PublicFormat.Raw)
            )
            client = PlatformClient(platform.url)
            try:
                assert client.enrol(str(made["code"]), b64url.encode(public), label).device_id
            finally:
                client.close()
            # The server writes between the commands, as a serving platform does.
            platform.shelter(f"S-{label}")
