"""QR-signing keys at rest: sealed under a key-encryption key kept outside the database, and
every file and folder of the platform readable by its owner only."""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, insert, select, text

from kazasu_protocol import b64url
from linkage import kek, keys, migrate
from linkage.cli import main
from linkage.db import make_engine
from linkage.tables import persons, signing_keys
from tests.linkage.kiosk_double import ADMIN, Platform

RESIDENTS = (
    "external_ref,family_name,given_name,birth_date,household_ref,designated_shelter_id,"
    "kiosk_consent\n"
    "r1,中村,優,1990-03-04,H1,S-001,yes\n"
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _owner_only(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` (and itself) whose mode lets anyone but the owner in."""
    loose = {}
    for path in [folder, *folder.rglob("*")]:
        wanted = 0o700 if path.is_dir() else 0o600
        if _mode(path) != wanted:
            loose[str(path.relative_to(folder.parent))] = oct(_mode(path))
    return loose


def _clear_seeds(data: bytes, public_keys: set[bytes]) -> list[str]:
    """Text in ``data`` that is the private seed of one of ``public_keys`` (base64url or hex,
    wherever it starts: SQLite writes a row's values side by side), and any PEM private key."""
    found = [m.decode() for m in re.findall(rb"-----BEGIN [A-Z ]*PRIVATE KEY-----", data)]
    candidates: set[bytes] = set()
    for run in re.findall(rb"[A-Za-z0-9_-]{43,}", data):
        candidates.update(run[i : i + 43] for i in range(len(run) - 42))
    for run in re.findall(rb"[0-9a-fA-F]{64,}", data):
        candidates.update(run[i : i + 64] for i in range(len(run) - 63))
    for token in candidates:
        try:
            text = token.decode()
            seed = bytes.fromhex(text) if len(token) == 64 else b64url.decode(text)
        except ValueError:
            continue
        if len(seed) != 32:
            continue
        public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
        if public in public_keys:
            found.append(text)
    return found


def test_migrate_leaves_the_data_folder_and_every_file_in_it_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    monkeypatch.delenv("KAZASU_SIGNING_KEK", raising=False)
    data = tmp_path / "data"
    assert main(["--data", str(data), "migrate"]) == 0
    assert main(["--data", str(data), "rotate-signing-key"]) == 0
    assert (data / "platform.sqlite3").exists()
    assert _owner_only(data) == {}


def test_the_development_ca_is_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert main(["--data", str(data), "dev-ca"]) == 0
    assert _owner_only(data) == {}


def test_a_database_file_made_readable_by_others_is_closed_again_when_opened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "platform.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    engine.dispose()
    assert {p.name: oct(_mode(p)) for p in tmp_path.iterdir()} == {
        p.name: oct(0o600) for p in tmp_path.iterdir()
    }


def test_the_database_holds_no_clear_signing_key(platform: Platform, tmp_path: Path) -> None:
    for _ in range(3):
        r = platform.client.post("/v1/admin/signing-keys/rotate", json={}, headers=ADMIN)
        assert r.status_code == 200, r.text
    with platform.engine.connect() as conn:
        encoded: list[str] = list(conn.execute(select(signing_keys.c.public_key)).scalars())
        public_keys = {b64url.decode(k) for k in encoded}
        stored = "\n".join(conn.execute(select(signing_keys.c.private_key)).scalars())
    assert len(public_keys) == 4
    if platform.engine.dialect.name == "sqlite":
        # What another local user could copy: the database file and its write-ahead log.
        database = Path(str(platform.engine.url.database))
        raw = b"".join(
            p.read_bytes() for p in database.parent.iterdir() if p.name.startswith(database.name)
        )
    else:
        raw = stored.encode()
    assert _clear_seeds(raw, public_keys) == []
    assert _clear_seeds(stored.encode(), public_keys) == []


def test_without_the_key_encryption_key_the_platform_refuses_to_sign_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    monkeypatch.delenv("KAZASU_SIGNING_KEK", raising=False)
    data = tmp_path / "data"
    csv = tmp_path / "residents.csv"
    csv.write_text(RESIDENTS, encoding="utf-8")
    for args in (
        ["migrate"],
        ["municipality", "M", "--name", "みどり市"],
        ["shelter", "S-001", "--municipality", "M", "--name", "体育館"],
        ["import-residents", str(csv), "--municipality", "M"],
    ):
        assert main(["--data", str(data), *args]) == 0, capsys.readouterr().err
    engine = create_engine(f"sqlite:///{data / 'platform.sqlite3'}")
    with engine.connect() as conn:
        person_id: str = conn.execute(select(persons.c.person_id)).scalar_one()
    engine.dispose()
    assert main(["--data", str(data), "issue-pass", person_id]) == 0
    capsys.readouterr()

    (data / "signing-kek").unlink()
    assert main(["--data", str(data), "issue-pass", person_id]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "key-encryption key" in captured.err
    assert "KAZASU_SIGNING_KEK" in captured.err and "signing-kek" in captured.err

    # A wrong key is no better than none, and says so.
    monkeypatch.setenv("KAZASU_SIGNING_KEK", b64url.encode(bytes(32)))
    assert main(["--data", str(data), "issue-pass", person_id]) == 1
    assert "does not open" in capsys.readouterr().err


def test_clear_keys_of_an_older_platform_are_sealed_by_migrate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    monkeypatch.delenv("KAZASU_SIGNING_KEK", raising=False)
    data = tmp_path / "data"
    data.mkdir()
    url = f"sqlite:///{data / 'platform.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine, "0009")
    seed = Ed25519PrivateKey.generate()
    public = seed.public_key().public_bytes_raw()
    with engine.begin() as conn:
        conn.execute(
            insert(signing_keys).values(
                kid="k-old",
                public_key=b64url.encode(public),
                private_key=b64url.encode(seed.private_bytes_raw()),
                created_at_ms=0,
                issuer="kazasu-platform",
                not_before_s=0,
                not_after_s=None,
            )
        )
    engine.dispose()
    assert main(["--data", str(data), "migrate"]) == 0
    raw = b"".join(p.read_bytes() for p in data.iterdir() if p.name.startswith("platform.sqlite3"))
    assert _clear_seeds(raw, {public}) == []
    # Sealed, the same key still signs (it was not replaced), with the key file migrate made.
    engine = make_engine(url)
    kek.bind(engine, kek.load(data))
    with engine.connect() as conn:
        key = keys.signing_key(conn, int(time.time()))
    engine.dispose()
    assert (key.kid, key.seed) == ("k-old", seed.private_bytes_raw())


def _read_from_another_process(path: Path) -> list[int]:
    """What another process (a backup, an administrator's query) reads from ``t`` and closes."""
    script = (
        "import json, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1])\n"
        "print(json.dumps([r[0] for r in db.execute('SELECT x FROM t ORDER BY x')]))\n"
        "db.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    return list(json.loads(done.stdout))


def test_opening_the_database_again_keeps_the_locks_that_protect_its_open_connections(
    tmp_path: Path,
) -> None:
    # `serve` opens the database for its checks, then again for the application. Making the
    # second engine must not drop this process's SQLite locks (closing any descriptor of the
    # file drops them all): another process closing the file would then fold the write-ahead
    # log into it and delete it under the open connections, and every later write be lost.
    path = tmp_path / "platform.sqlite3"
    first = make_engine(f"sqlite:///{path}")
    with first.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    second = make_engine(f"sqlite:///{path}")
    with second.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (1)"))
    assert _read_from_another_process(path) == [1]

    with second.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (2)"))

    assert _read_from_another_process(path) == [1, 2]
    first.dispose()
    second.dispose()
