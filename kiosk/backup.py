"""Encrypted backups of the store to a chosen folder (a USB stick), and bringing one back.

A backup is two files named for the device and the time: ``kazasu-<device>-<UTC time>.kzbackup``,
a SQLCipher export under the store's own key (never in the clear), and ``….kzbackup.key``, the
key wrapped under the administrator passphrase exactly as ``key.wrapped`` holds it. Restoring on
the same computer takes the key from the OS key store; anywhere else the passphrase of the time
the backup was taken unwraps it. Both files are written to a temporary name, flushed to disk and
renamed, so a stick pulled out mid-write never holds half a backup under a backup's name.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from kiosk.errors import InvalidInput, Refused, StoreDamaged, StoreError
from kiosk.keys import KeyManager, PassphraseSource, WrappedKey
from kiosk.store import DB_NAME, Store, check_copy

SUFFIX = ".kzbackup"
KEY_SUFFIX = ".key"
META_LAST = "backup.last"
# Files of a data folder that a restore or a reinit sets aside (never deletes).
STORE_FILES = (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", "key.wrapped", "key.wrapped.next")
_NAME = re.compile(r"^kazasu-(?P<device>.+)-(?P<time>\d{8}T\d{9}Z)\.kzbackup$")
SCHEDULE_ACTOR = "kiosk:schedule"
"""The audit log's name for the backups the running kiosk writes on its schedule."""
log = logging.getLogger(__name__)


class BackupProblem(StrEnum):
    """Why a backup was not written, in kinds staff can act on."""

    NO_FOLDER = "no_folder"
    FOLDER_MISSING = "folder_missing"
    FULL = "full"
    NOT_WRITABLE = "not_writable"


class BackupFailed(InvalidInput):
    """No backup was written (nothing half-written is left under a backup's name); ``problem``
    says why, the message gives the detail."""

    def __init__(
        self, problem: BackupProblem, folder: Path | None, detail: str, /, **params: object
    ) -> None:
        super().__init__(detail, **params)
        self.problem = problem
        self.folder = folder


@dataclass(frozen=True)
class BackupFile:
    """One backup in a folder."""

    path: Path
    device_id: str
    taken_at: datetime


def backup_name(device_id: str, moment: datetime) -> str:
    """The file name of a backup of ``device_id`` taken at ``moment``; names sort by time."""
    utc = moment.astimezone(UTC)
    return f"kazasu-{device_id}-{utc:%Y%m%dT%H%M%S}{utc.microsecond // 1000:03d}Z{SUFFIX}"


def backups_in(folder: Path, device_id: str | None = None) -> list[BackupFile]:
    """The backups in ``folder`` (of one device if given), oldest first."""
    found = []
    for path in folder.glob(f"kazasu-*{SUFFIX}"):
        match = _NAME.match(path.name)
        if match is None or (device_id is not None and match["device"] != device_id):
            continue
        taken = datetime.strptime(match["time"][:-4], "%Y%m%dT%H%M%S").replace(
            microsecond=int(match["time"][-4:-1]) * 1000, tzinfo=UTC
        )
        found.append(BackupFile(path, match["device"], taken))
    return sorted(found, key=lambda b: b.taken_at)


def write_backup(store: Store, folder: Path, keep: int, actor: str) -> Path:
    """Write a backup of ``store`` into ``folder`` and keep only the newest ``keep`` of this
    device there; returns the backup's path. Audited."""
    if keep < 1:
        raise InvalidInput("keep at least one backup")
    if not folder.is_dir():
        raise BackupFailed(
            BackupProblem.FOLDER_MISSING,
            folder,
            "the backup folder {folder} does not exist (is the USB stick in?)",
            folder=folder,
        )
    final = folder / backup_name(store.device_id, store.now())
    tmp = final.with_name(final.name + ".tmp")
    key_final = final.with_name(final.name + KEY_SUFFIX)
    try:
        # Made 0600 before SQLCipher writes into it.
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        store.export_to(tmp)
        _fsync(tmp)
        _write_atomically(key_final, store.keys.wrapped_path.read_bytes())
        os.replace(tmp, final)
        _fsync_dir(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        # The stick may have gone: removing what was half-written may fail too.
        problem = BackupProblem.FULL if exc.errno == errno.ENOSPC else BackupProblem.NOT_WRITABLE
        if not folder.is_dir():
            problem = BackupProblem.FOLDER_MISSING
        reason = exc.strerror or str(exc)
        raise BackupFailed(
            problem,
            folder,
            "cannot write the backup in {folder}: {strerror}",
            folder=folder,
            strerror=reason,
        ) from exc
    with store.transaction() as tx:
        store.set_meta(tx, META_LAST, store.now().isoformat())
        tx.audit(actor, "store.backup", final.name, folder=str(folder))
    for old in backups_in(folder, store.device_id)[:-keep]:
        old.path.with_name(old.path.name + KEY_SUFFIX).unlink(missing_ok=True)
        old.path.unlink(missing_ok=True)
    return final


def last_backup(store: Store) -> datetime | None:
    """When this store was last backed up, if ever."""
    with store.reading() as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_LAST,)).fetchone()
    return None if row is None else datetime.fromisoformat(str(row[0]))


def backup_due(store: Store, interval_min: int) -> bool:
    """Whether a scheduled backup every ``interval_min`` minutes (0: none) is due now."""
    if interval_min <= 0:
        return False
    last = last_backup(store)
    return last is None or (store.now() - last).total_seconds() >= interval_min * 60


@dataclass(frozen=True)
class BackupOutcome:
    """What one scheduled round did: a backup written, or why none could be."""

    at: datetime
    path: Path | None = None
    error: BackupFailed | None = None
    retry_at: datetime | None = None
    """After a failure: when the schedule tries again."""


class BackupService:
    """Backups of one kiosk's store, on demand and on the schedule set in its settings.

    A scheduled backup that fails is tried again one interval later, not at every check: a
    missing USB stick must not make the kiosk retry (and log) every minute.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._failed_at: datetime | None = None

    def write(self, actor: str, folder: str, keep: int) -> Path:
        """Write a backup into ``folder`` now, keeping the newest ``keep``; audited."""
        if not folder.strip():
            raise BackupFailed(BackupProblem.NO_FOLDER, None, "no backup folder is chosen")
        path = write_backup(self.store, Path(folder.strip()), keep, actor)
        self._failed_at = None
        return path

    def last(self) -> datetime | None:
        """When this store was last backed up, if ever."""
        return last_backup(self.store)

    def run_if_due(self, folder: str, interval_min: int, keep: int) -> BackupOutcome | None:
        """Write the scheduled backup if one is due (None when nothing was due)."""
        now = self.store.now()
        retry_at = self._retry_at(interval_min)
        if not folder.strip() or not backup_due(self.store, interval_min):
            return None
        if retry_at is not None and now < retry_at:
            return None
        try:
            path = self.write(SCHEDULE_ACTOR, folder, keep)
        except BackupFailed as exc:
            self._failed_at = now
            log.warning("scheduled backup failed (%s): %s", exc.problem.value, exc)
            return BackupOutcome(now, error=exc, retry_at=self._retry_at(interval_min))
        return BackupOutcome(now, path=path)

    def _retry_at(self, interval_min: int) -> datetime | None:
        failed = self._failed_at
        return None if failed is None else failed + timedelta(minutes=interval_min)


def restore_backup(
    folder: Path,
    backup: Path,
    passphrase: PassphraseSource,
    actor: str,
    over_healthy: bool = False,
    use_os_keystore: bool | None = None,
) -> Store:
    """Make ``backup`` the store of ``folder``; returns it open. The files it replaces are set
    aside beside it, never deleted. A store that still opens and passes its check is replaced
    only with ``over_healthy``: a restore loses what happened since the backup."""
    key_file = backup.with_name(backup.name + KEY_SUFFIX)
    if not backup.is_file() or not key_file.is_file():
        raise InvalidInput(
            "{backup} is not a Kazasu backup with its {suffix} file beside it",
            backup=backup,
            suffix=KEY_SUFFIX,
        )
    keys = KeyManager(folder, use_os_keystore)
    wrapped = WrappedKey.from_json(key_file.read_text(encoding="utf-8"))
    key = keys.key_of(wrapped, passphrase)
    device_id = check_copy(backup, key)
    if not over_healthy and (folder / DB_NAME).exists():
        try:
            Store.open(folder, passphrase, use_os_keystore=use_os_keystore).close()
        except StoreDamaged:
            pass
        else:
            raise Refused(
                "store_healthy",
                "the store in {folder} opens and passes its check: restoring would lose what "
                "happened since the backup (add --i-understand to restore anyway)",
                folder=folder,
            )
    folder.mkdir(parents=True, exist_ok=True)
    set_aside(folder, "before-restore")
    tmp = folder / f"{DB_NAME}.restoring"
    shutil.copyfile(backup, tmp)
    os.chmod(tmp, 0o600)
    _fsync(tmp)
    keys.install(wrapped, key)
    os.replace(tmp, folder / DB_NAME)
    _fsync_dir(folder)
    store = Store.open(folder, passphrase, use_os_keystore=use_os_keystore)
    if store.device_id != device_id:
        raise StoreError("{folder} does not hold the restored store", folder=folder)
    with store.transaction() as tx:
        tx.audit(actor, "store.restore", backup.name, device_id=device_id)
    return store


def reinit(folder: Path, passphrase: str, actor: str, use_os_keystore: bool | None = None) -> Store:
    """Start over with a new, empty store (a new device id, no enrolment): the old files are
    set aside, not deleted. Only on an administrator's explicit word."""
    aside = set_aside(folder, "replaced")
    store = Store.create(folder, passphrase, use_os_keystore=use_os_keystore)
    with store.transaction() as tx:
        tx.audit(actor, "store.reinit", str(folder), set_aside=[p.name for p in aside])
    return store


def set_aside(folder: Path, why: str) -> list[Path]:
    """Rename the store's files in ``folder`` to ``<name>.<why>-<UTC time>``; returns the new
    paths."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    moved = []
    for name in STORE_FILES:
        path = folder / name
        if path.exists():
            target = folder / f"{name}.{why}-{stamp}"
            os.replace(path, target)
            moved.append(target)
    if moved:
        _fsync_dir(folder)
    return moved


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    # Windows cannot open a folder to flush it; its renames are durable once they return.
    if os.name != "nt":
        _fsync(folder)
