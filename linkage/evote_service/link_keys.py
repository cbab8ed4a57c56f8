"""Each election's link key: a random 32-byte key, one file per election in the data folder's
``evote-link-keys`` folder, never in the database, destroyed when the online period closes.

The rows that tie a voter to their current online ballot (``links``) hold only a tag keyed by it
and the ballot id sealed under it, so a copy of the database, its write-ahead log or a backup
taken during the online period tells nothing once the key is gone (crypto-shredding).

The key-encryption key (linkage/kek.py) is not used to keep it: that key outlives every
election (it seals the QR-signing keys), so a link key sealed by it and stored in the database
would open again from any backup of that database. The key file is read on every use (nothing
is cached), so several platform processes share it and a restart finds it; its loss before
close is refused, never worked around (``links.key_for``).

The folder travels with the database engine a process opened (``bind``), like the
key-encryption key.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import weakref
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine

from linkage.config import create_secret_file, ensure_data_dir
from linkage.problems import Problem

FOLDER = "evote-link-keys"
KEY_BYTES = 32


def folder_in(data_dir: Path) -> Path:
    """Where the link keys live in a data folder."""
    return data_dir / FOLDER


@dataclass(frozen=True)
class LinkKeys:
    """The folder of link-key files (``folder`` None: this process has none)."""

    folder: Path | None

    def path(self, election_id: str) -> Path:
        """The key file of an election (named by a hash, since ids may hold any character)."""
        name = hashlib.sha256(election_id.encode()).hexdigest()[:32]
        return self._require() / f"{name}.key"

    def get(self, election_id: str) -> bytes | None:
        """The election's key, or None when its file does not exist."""
        try:
            key = self.path(election_id).read_bytes()
        except FileNotFoundError:
            return None
        if len(key) != KEY_BYTES:
            raise Problem(
                503,
                "link-key-unusable",
                "The election's link key file is damaged",
                f"{self.path(election_id)} is not {KEY_BYTES} bytes",
            )
        return key

    def create(self, election_id: str) -> bytes:
        """Make the election's key (owner-only from its creation); an existing one stays."""
        ensure_data_dir(self._require())
        path = self.path(election_id)
        key = secrets.token_bytes(KEY_BYTES)
        try:
            create_secret_file(path, key)
        except FileExistsError:
            found = self.get(election_id)
            assert found is not None  # it exists, and keys are never deleted but at close
            return found
        _sync_folder(path.parent)
        return key

    def destroy(self, election_id: str) -> bool:
        """Overwrite the election's key file with zeros and remove it; whether there was one."""
        path = self.path(election_id)
        try:
            fd = os.open(path, os.O_WRONLY)
        except FileNotFoundError:
            return False
        with os.fdopen(fd, "wb") as fh:
            fh.write(bytes(KEY_BYTES))
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()
        _sync_folder(path.parent)
        return True

    def _require(self) -> Path:
        if self.folder is None:
            raise Problem(
                503,
                "link-keys-not-configured",
                "This platform process has no folder for the online ballots' link keys",
                "start it with a data folder (kazasu-platform serve --data …)",
            )
        return self.folder


def _sync_folder(folder: Path) -> None:
    # The file's creation or removal is durable only once its folder is.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_bound: weakref.WeakKeyDictionary[Engine, LinkKeys] = weakref.WeakKeyDictionary()


def bind(engine: Engine, keys: LinkKeys) -> None:
    """Let every connection of ``engine`` find the link keys in ``keys``."""
    _bound[engine] = keys


def for_engine(engine: Engine) -> LinkKeys:
    """The link keys bound to ``engine`` (a process without a folder when none is)."""
    return _bound.get(engine) or LinkKeys(None)


def of(conn: Connection) -> LinkKeys:
    """The link keys bound to this connection's engine."""
    return for_engine(conn.engine)
