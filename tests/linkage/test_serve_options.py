"""``kazasu-platform serve``: beyond this machine it needs the public URL it builds links from."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _serve(data: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run ``serve`` and expect it to refuse at once (a server that starts is killed)."""
    migrate = [sys.executable, "-m", "linkage.cli", "--data", str(data), "migrate"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAZASU_")}
    subprocess.run(migrate, env=env, check=True, capture_output=True, cwd=REPO)
    serve = [sys.executable, "-m", "linkage.cli", "--data", str(data), "serve", "--port", "0"]
    try:
        return subprocess.run(
            [*serve, *options], env=env, capture_output=True, text=True, cwd=REPO, timeout=30
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"serve {' '.join(options)} started instead of refusing")


def test_serving_beyond_loopback_without_a_public_url_refuses_to_start(tmp_path: Path) -> None:
    refused = _serve(tmp_path, "--host", "0.0.0.0")
    assert refused.returncode == 2
    assert "--public-url" in refused.stderr


@pytest.mark.parametrize(
    "url",
    [
        "ftp://kazasu.city.example",
        "http://kazasu.city.example",  # plain http only on this machine
        "https://kazasu.city.example/?next=x",
        "https://kazasu.city.example/#top",
        "kazasu.city.example",
    ],
)
def test_a_public_url_that_is_not_a_plain_https_origin_is_refused(tmp_path: Path, url: str) -> None:
    refused = _serve(tmp_path, "--host", "0.0.0.0", "--public-url", url)
    assert refused.returncode == 2
    assert "--public-url" in refused.stderr
