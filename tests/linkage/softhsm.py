"""A SoftHSM2 token store in a folder of its own, for tests of the PKCS#11 key-encryption key."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

# Where Debian (and its derivatives) and a source build put the SoftHSM2 PKCS#11 module.
MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
USER_PIN = "4821"
SO_PIN = "75319"


def module() -> str:
    """The SoftHSM2 module's path; the test is skipped where SoftHSM2 is not installed."""
    found = next((m for m in MODULES if Path(m).exists()), None)
    if found is None or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 is not installed (apt-get install softhsm2)")
    return found


class SoftHsm:
    """Tokens kept under ``folder``; ``SOFTHSM2_CONF`` names its configuration."""

    def __init__(self, folder: Path) -> None:
        self.module = module()
        self.tokens = folder / "tokens"
        self.tokens.mkdir(parents=True)
        self.conf = folder / "softhsm2.conf"
        lines = (f"directories.tokendir = {self.tokens}", "objectstore.backend = file")
        self.conf.write_text("\n".join((*lines, "log.level = ERROR", "")), encoding="ascii")

    def init_token(self, label: str, pin: str = USER_PIN) -> None:
        """Initialise a new token in the first free slot."""
        init = ["softhsm2-util", "--init-token", "--free", "--label", label]
        subprocess.run(
            [*init, "--pin", pin, "--so-pin", SO_PIN],
            env=os.environ | {"SOFTHSM2_CONF": str(self.conf)},
            check=True,
            capture_output=True,
        )

    def env(self, token: str, prefix: str = "KAZASU_SIGNING_KEK_PKCS11") -> dict[str, str]:
        """The platform's settings naming ``token`` with the user PIN."""
        return {prefix: self.module, f"{prefix}_TOKEN": token, f"{prefix}_PIN": USER_PIN}
