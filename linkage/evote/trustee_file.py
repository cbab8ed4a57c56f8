"""A trustee's secret in a file of its own, encrypted under the trustee's passphrase: scrypt
derives an AES-256-GCM key; the header (format, KDF parameters, election, index) is
authenticated with the secret, so neither can be altered unnoticed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from linkage.evote.dkg import TrusteeSecret, secret_from_json
from linkage.evote.errors import EvoteError, WrongPassphrase

FILE_FORMAT = "kazasu-trustee-key/1"
# scrypt at 2^17 × 8 × 1 takes 128 MiB and about half a second: fine once per ceremony step,
# costly for someone trying passphrases against a stolen file.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
MIN_PASSPHRASE = 12


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def write_secret(path: Path, secret: TrusteeSecret, passphrase: str) -> None:
    """Encrypt ``secret`` under ``passphrase`` into ``path`` (written whole, then renamed)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise EvoteError("passphrase", f"must be at least {MIN_PASSPHRASE} characters")
    salt, nonce = os.urandom(16), os.urandom(12)
    header: dict[str, Any] = {
        "format": FILE_FORMAT,
        "election_id": secret.parameters.election_id,
        "index": secret.index,
        "kdf": {"name": "scrypt", "salt": salt.hex(), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
        "nonce": nonce.hex(),
    }
    plaintext = json.dumps(secret.to_json(), sort_keys=True).encode("utf-8")
    ciphertext = AESGCM(_key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(
        nonce, plaintext, _aad(header)
    )
    body = {**header, "ciphertext": ciphertext.hex()}
    partial = path.with_name(path.name + ".new")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(body, handle, indent=2)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def read_secret(path: Path, passphrase: str) -> TrusteeSecret:
    """Open a trustee's key file; a wrong passphrase (or an altered file) is ``WrongPassphrase``."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EvoteError(str(path), f"cannot be read as a trustee key file ({error})") from None
    if not isinstance(body, dict) or body.get("format") != FILE_FORMAT:
        raise EvoteError(str(path), f"is not a {FILE_FORMAT} file")
    header = {k: body.get(k) for k in ("format", "election_id", "index", "kdf", "nonce")}
    kdf = body.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise EvoteError(str(path), "the key file's header is damaged")
    try:
        key = _key(
            passphrase, bytes.fromhex(kdf["salt"]), int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        )
        plaintext = AESGCM(key).decrypt(
            bytes.fromhex(str(body.get("nonce"))),
            bytes.fromhex(str(body.get("ciphertext"))),
            _aad(header),
        )
    except InvalidTag:
        raise WrongPassphrase(
            str(path), "the passphrase is wrong for this trustee key file (or the file was altered)"
        ) from None
    except (KeyError, TypeError, ValueError):
        raise EvoteError(str(path), "the key file's header is damaged") from None
    return secret_from_json(json.loads(plaintext))


def _aad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
