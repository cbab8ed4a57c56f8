"""Backups of the store to a folder (a USB stick) and restoring one: encrypted under the store's
own key, written whole or not at all, named by device and time, the oldest pruned; a restore
brings the data and the enrolment back and sets the replaced files aside."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk import outbox
from kiosk.app import Kiosk
from kiosk.backup import (
    KEY_SUFFIX,
    SCHEDULE_ACTOR,
    BackupFailed,
    BackupProblem,
    backup_due,
    backups_in,
    reinit,
    restore_backup,
    write_backup,
)
from kiosk.errors import InvalidInput, Refused, StoreDamaged, StoreError, WrongPassphrase
from kiosk.store import DB_NAME, Store
from tests.kiosk.builders import PASSPHRASE, STAFF, FakeWall, add_person

REPO = Path(__file__).resolve().parents[2]


def test_a_backup_is_encrypted_whole_and_restores_the_data_and_device_id(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    person = add_person(kiosk, name="佐藤 花子", furigana="さとう はなこ")
    stick = tmp_path / "stick"
    stick.mkdir()
    path = write_backup(kiosk.store, stick, keep=5, actor=STAFF)
    assert path.name.startswith(f"kazasu-{kiosk.store.device_id}-")
    assert path.name.endswith(".kzbackup")
    raw = path.read_bytes()
    assert b"SQLite format 3" not in raw and "佐藤".encode() not in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(stick.glob("*.tmp")) == []
    device_id = kiosk.store.device_id
    folder = kiosk.store.folder
    kiosk.close()
    (folder / DB_NAME).write_bytes(b"")

    with restore_backup(folder, path, lambda: PASSPHRASE, STAFF, use_os_keystore=False) as store:
        assert store.device_id == device_id
        assert Kiosk.over(store).people.get(person.person_id).name == "佐藤 花子"
        assert store.integrity_ok()
        with store.reading() as conn:
            actions = [r[0] for r in conn.execute("SELECT action FROM audit").fetchall()]
        assert actions[-1] == "store.restore"
    # The damaged file is kept beside it, for whoever looks into what happened.
    assert [p.name for p in folder.glob(f"{DB_NAME}.before-restore-*")]


def test_a_backup_restores_on_another_computer_with_the_passphrase(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    add_person(kiosk)
    stick = tmp_path / "stick"
    stick.mkdir()
    path = write_backup(kiosk.store, stick, keep=5, actor=STAFF)
    elsewhere = tmp_path / "new-pc"
    with pytest.raises(WrongPassphrase):
        restore_backup(elsewhere, path, lambda: "not the passphrase", STAFF, use_os_keystore=False)
    assert not elsewhere.exists() or not (elsewhere / DB_NAME).exists()
    with restore_backup(elsewhere, path, lambda: PASSPHRASE, STAFF, use_os_keystore=False) as s:
        assert s.device_id == kiosk.store.device_id


def test_only_the_newest_backups_are_kept(kiosk: Kiosk, wall: FakeWall, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    for _ in range(5):
        write_backup(kiosk.store, stick, keep=3, actor=STAFF)
        wall.t += 3600
    kept = backups_in(stick, kiosk.store.device_id)
    assert len(kept) == 3
    assert kept[-1].taken_at - kept[0].taken_at == timedelta(hours=2)
    assert sorted(p.name for p in stick.iterdir()) == sorted(
        [b.path.name for b in kept] + [b.path.name + KEY_SUFFIX for b in kept]
    )


def test_a_missing_folder_is_named_and_nothing_is_written(kiosk: Kiosk, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="USB stick"):
        write_backup(kiosk.store, tmp_path / "not-plugged-in", keep=3, actor=STAFF)


def test_the_schedule_says_when_a_backup_is_due(
    kiosk: Kiosk, wall: FakeWall, tmp_path: Path
) -> None:
    assert not backup_due(kiosk.store, 0)
    assert backup_due(kiosk.store, 60)
    write_backup(kiosk.store, tmp_path, keep=3, actor=STAFF)
    wall.t += 59 * 60
    assert not backup_due(kiosk.store, 60)
    wall.t += 60
    assert backup_due(kiosk.store, 60)


def test_the_running_kiosk_writes_a_due_backup_once_and_audits_it_as_the_schedule(
    kiosk: Kiosk, wall: FakeWall, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    assert kiosk.backups.run_if_due("", 60, 3) is None  # no folder chosen: no schedule
    assert kiosk.backups.run_if_due(str(stick), 0, 3) is None  # interval 0: no schedule
    outcome = kiosk.backups.run_if_due(str(stick), 60, 3)
    assert outcome is not None and outcome.error is None and outcome.path is not None
    assert outcome.path.parent == stick and outcome.path.exists()
    assert kiosk.backups.last() == outcome.at
    with kiosk.store.reading() as conn:
        row = conn.execute("SELECT actor, action FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    assert tuple(row) == (SCHEDULE_ACTOR, "store.backup")
    wall.t += 30 * 60
    assert kiosk.backups.run_if_due(str(stick), 60, 3) is None
    assert len(backups_in(stick)) == 1


def test_a_failed_scheduled_backup_is_tried_again_one_interval_later(
    kiosk: Kiosk, wall: FakeWall, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"  # not plugged in yet
    failed = kiosk.backups.run_if_due(str(stick), 15, 3)
    assert failed is not None and failed.path is None
    assert isinstance(failed.error, BackupFailed)
    assert failed.error.problem is BackupProblem.FOLDER_MISSING and failed.error.folder == stick
    assert failed.retry_at == failed.at + timedelta(minutes=15)
    stick.mkdir()
    wall.t += 14 * 60
    assert kiosk.backups.run_if_due(str(stick), 15, 3) is None  # not every minute
    assert list(stick.iterdir()) == []
    wall.t += 60
    written = kiosk.backups.run_if_due(str(stick), 15, 3)
    assert written is not None and written.path is not None and written.path.exists()


def test_a_backup_by_hand_names_what_is_missing(kiosk: Kiosk, tmp_path: Path) -> None:
    with pytest.raises(BackupFailed) as no_folder:
        kiosk.backups.write(STAFF, "  ", 3)
    assert no_folder.value.problem is BackupProblem.NO_FOLDER
    with pytest.raises(BackupFailed) as missing:
        kiosk.backups.write(STAFF, str(tmp_path / "pulled-out"), 3)
    assert missing.value.problem is BackupProblem.FOLDER_MISSING
    assert kiosk.backups.last() is None


@pytest.fixture
def full_stick(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB file system, smaller than any store: a USB stick with no room left."""
    folder = tmp_path / "full-stick"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip("mounting a small file system needs root")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_stick_is_named_as_full_and_keeps_no_half_backup(
    kiosk: Kiosk, full_stick: Path
) -> None:
    with pytest.raises(BackupFailed, match="cannot write the backup") as full:
        kiosk.backups.write(STAFF, str(full_stick), 3)
    assert full.value.problem is BackupProblem.FULL
    assert list(full_stick.iterdir()) == []
    assert kiosk.backups.last() is None


def test_a_healthy_store_is_not_replaced_without_being_told(kiosk: Kiosk, tmp_path: Path) -> None:
    path = write_backup(kiosk.store, tmp_path, keep=3, actor=STAFF)
    add_person(kiosk)
    with pytest.raises(Refused, match="would lose"):
        restore_backup(kiosk.store.folder, path, lambda: PASSPHRASE, STAFF, use_os_keystore=False)
    with kiosk.store.reading() as conn:
        assert outbox.waiting(conn) == 1


def test_a_damaged_backup_is_refused_and_changes_nothing(kiosk: Kiosk, tmp_path: Path) -> None:
    add_person(kiosk)
    path = write_backup(kiosk.store, tmp_path, keep=3, actor=STAFF)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    folder = kiosk.store.folder
    kiosk.close()
    (folder / DB_NAME).write_bytes(b"")
    with pytest.raises(StoreDamaged, match="damaged"):
        restore_backup(folder, path, lambda: PASSPHRASE, STAFF, use_os_keystore=False)
    assert (folder / DB_NAME).read_bytes() == b""


def test_reinit_starts_over_with_the_old_files_set_aside(kiosk: Kiosk) -> None:
    folder = kiosk.store.folder
    old_id = kiosk.store.device_id
    kiosk.close()
    with pytest.raises(StoreError):
        Store.create(folder, PASSPHRASE, use_os_keystore=False)
    with reinit(folder, PASSPHRASE, STAFF, use_os_keystore=False) as store:
        assert store.device_id != old_id
    assert list(folder.glob("key.wrapped.replaced-*"))
    assert list(folder.glob(f"{DB_NAME}.replaced-*"))


def cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"KAZASU_DATA": str(folder), "KAZASU_PASSPHRASE": PASSPHRASE}
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )


def test_backup_restore_and_reinit_from_the_command_line(tmp_path: Path) -> None:
    data, stick = tmp_path / "data", tmp_path / "stick"
    stick.mkdir()
    assert cli(data, "init").returncode == 0
    assert cli(data, "shelter-add", "S1", "第一小学校").returncode == 0
    done = cli(data, "backup", str(stick), "--keep", "2")
    assert done.returncode == 0, done.stderr
    (data / DB_NAME).write_bytes(b"")
    assert cli(data, "shelters").returncode == 3
    assert cli(data, "reinit").returncode == 1
    backup = next(stick.glob("*.kzbackup"))
    done = cli(data, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    shelters = cli(data, "shelters")
    assert shelters.returncode == 0 and "第一小学校" in shelters.stdout
    assert cli(data, "restore", str(backup)).returncode == 1  # healthy: refused
    assert cli(data, "reinit", "--i-understand").returncode == 0
    assert "第一小学校" not in cli(data, "shelters").stdout
