"""A trustee's key file: opened only with its passphrase, its header bound to its content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linkage.evote import dkg
from linkage.evote.context import parameters
from linkage.evote.errors import EvoteError, WrongPassphrase
from linkage.evote.trustee_file import read_secret, write_secret
from tests.linkage.evote.election import manifest

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dkg.TrusteeSecret]:
    secret = dkg.new_trustee(parameters("e", 3, 2, manifest()), 2, "委員 2")
    path = tmp_path_factory.mktemp("key") / "2.key"
    write_secret(path, secret, PASSPHRASE)
    return path, secret


def test_the_passphrase_opens_the_file(written: tuple[Path, dkg.TrusteeSecret]) -> None:
    path, secret = written
    assert read_secret(path, PASSPHRASE) == secret


def test_a_wrong_passphrase_is_refused_as_such(written: tuple[Path, dkg.TrusteeSecret]) -> None:
    path, _ = written
    with pytest.raises(WrongPassphrase, match="the passphrase is wrong"):
        read_secret(path, PASSPHRASE + " ")


@pytest.mark.parametrize(
    ("field", "value", "refusal"),
    [
        ("index", 3, WrongPassphrase),  # the header is authenticated with the secret
        ("kdf", {"name": "scrypt", "salt": "00" * 16, "n": 2**30, "r": 8, "p": 1}, EvoteError),
        ("kdf", {"name": "pbkdf2"}, EvoteError),
        ("format", "kazasu-trustee-key/0", EvoteError),
    ],
)
def test_an_altered_header_is_refused(
    written: tuple[Path, dkg.TrusteeSecret],
    tmp_path: Path,
    field: str,
    value: object,
    refusal: type[EvoteError],
) -> None:
    path, _ = written
    body = json.loads(path.read_text(encoding="utf-8"))
    body[field] = value
    altered = tmp_path / "altered.key"
    altered.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(refusal):
        read_secret(altered, PASSPHRASE)
