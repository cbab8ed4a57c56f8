"""TLS: the development CA, ``serve --dev-tls`` on 127.0.0.1 and the pin kiosks receive."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from linkage import devca
from linkage.cli import main
from tests.integration.platform_server import serve_on_free_port
from tests.linkage.kiosk_double import ADMIN_TOKEN, b64url

STARTUP_S = 30


def _cli(data: Path, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "linkage.cli", "--data", str(data), *args],
        check=True,
        capture_output=True,
        text=True,
        env=_env(),
    ).stdout
    return json.loads(out) if out.strip().startswith("{") else {}


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "KAZASU_DATABASE_URL"}
    return {**env, "KAZASU_ADMIN_TOKEN": ADMIN_TOKEN, "KAZASU_TLS_PIN": "sha256/not-this-one"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, str]]:
    """A platform serving HTTPS with its development certificate: (base URL, data, pin)."""
    data = tmp_path_factory.mktemp("platform")
    pin = str(_cli(data, "dev-ca")["pin"])
    _cli(data, "migrate")
    _cli(data, "municipality", "M", "--name", "x")
    _cli(data, "shelter", "S-001", "--municipality", "M", "--name", "x")
    cli = [sys.executable, "-m", "linkage.cli", "--data", str(data)]
    ca = str(devca.dev_tls(data).ca)
    process, url = serve_on_free_port(cli, _env(), data / "serve.log", ca, startup_s=STARTUP_S)
    try:
        yield url, data, pin
    finally:
        process.terminate()
        process.wait(10)


def test_a_client_trusting_the_dev_ca_reaches_the_platform(
    served: tuple[str, Path, str],
) -> None:
    url, data, _ = served
    r = requests.get(f"{url}/openapi.json", verify=str(devca.dev_tls(data).ca), timeout=10)
    assert r.status_code == 200
    r = requests.get(
        url.replace("127.0.0.1", "localhost") + "/openapi.json",
        verify=str(devca.dev_tls(data).ca),
        timeout=10,
    )
    assert r.status_code == 200


def test_a_client_trusting_another_ca_refuses_the_connection(
    served: tuple[str, Path, str], tmp_path: Path
) -> None:
    url, _, _ = served
    devca.make_dev_ca(tmp_path)
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{url}/openapi.json", verify=str(devca.dev_tls(tmp_path).ca), timeout=10)


def test_the_enrolment_answer_carries_the_pin_of_the_served_certificate(
    served: tuple[str, Path, str],
) -> None:
    url, data, pin = served
    code = _cli(data, "enrolment-code", "--shelter", "S-001", "--label", "desk")["code"]
    public = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    r = requests.post(
        f"{url}/v1/devices/enrol",
        json={"code": code, "public_key": b64url(public)},
        verify=str(devca.dev_tls(data).ca),
        timeout=10,
    )
    assert r.status_code == 201, r.text
    assert r.json()["tls_pin"] == pin == devca.pin_of_file(devca.dev_tls(data).cert)
    assert pin.startswith("sha256/") and len(pin) == len("sha256/") + 44


def test_dev_ca_keys_are_owner_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path), "dev-ca"]) == 0
    printed = json.loads(capsys.readouterr().out)
    files = devca.dev_tls(tmp_path)
    assert printed["pin"] == devca.pin_of_file(files.cert)
    assert files.key.stat().st_mode & 0o777 == 0o600
    assert files.ca_key.stat().st_mode & 0o777 == 0o600
