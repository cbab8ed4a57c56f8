"""The kiosk's encrypted store: one SQLCipher file in a data folder, with forward migrations.

Every write goes through ``Store.transaction()``, which hands out a ``Tx`` that writes the state
change, its outbox event and its audit entry together, so a crash keeps all three or none.
"""

from __future__ import annotations

import errno
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from kiosk import audit, outbox
from kiosk.checkpoints import Checkpoints
from kiosk.counter_cuts import CounterCuts
from kiosk.errors import StoreDamaged, StoreError, WrongKey
from kiosk.foreground import Foreground
from kiosk.hlc import HybridClock
from kiosk.keys import KeyManager, PassphraseSource, passphrase_from_env
from kiosk.migrations import LATEST, MIGRATIONS, PERSON_SEARCH_INDEXES
from kiosk.sqlite import Connection
from kiosk.store_lock import StoreLock

DB_NAME = "kiosk.db"
PAGE_SIZE = 4096
"""SQLCipher 4's page size: a whole store file is a multiple of it."""
# SQLite's answers for pages that fail their check (SQLCipher: their HMAC) or a file too short.
DAMAGE_ERRORS = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
META_CLOCK_OFFSET = "clock.offset_ms"
# A learned offset that moves by more than this is written to the audit log; the jitter of
# each session's measurement is not.
AUDITED_OFFSET_CHANGE_MS = 1000


@dataclass
class Tx:
    """An open write transaction: the change, its event and its audit entry commit together."""

    conn: Connection
    clock: HybridClock
    device_id: str
    now: datetime
    emitted: int = 0

    def emit(self, type_: str, payload: dict[str, Any]) -> outbox.Event:
        """Append an event to the outbox in this transaction."""
        self.emitted += 1
        return outbox.append(self.conn, self.clock, self.device_id, type_, payload)

    def audit(self, actor: str, action: str, target: str, **detail: Any) -> None:
        """Record who did what, in this transaction."""
        audit.record(self.conn, actor, action, target, detail, self.now)

    def remember_clock(self) -> None:
        """Store the clock's state in this transaction: after applying stamps observed from
        other devices, so the next process's events order after them too."""
        self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('hlc', ?)",
            ("{}:{}".format(*self.clock.state),),
        )


def is_damage(exc: BaseException) -> bool:
    """Whether a database error means damaged pages (not a constraint or a programming error)."""
    return (
        isinstance(exc, sqlcipher3.DatabaseError)
        and getattr(exc, "sqlite_errorname", None) in DAMAGE_ERRORS
    )


def damaged(path: Path, what: str) -> StoreDamaged:
    """The error for a damaged store file, naming the damage and what to do."""
    return StoreDamaged(
        "the store is damaged: {path} {what}; restore the latest backup "
        "('kazasu-kiosk restore FILE'); see the installation guide, 'A damaged store'",
        path=path,
        what=what,
    )


def _shape_damage(path: Path) -> StoreDamaged | None:
    """Damage visible without the key: an empty file, or one that ends inside a page."""
    size = path.stat().st_size
    if size == 0:
        return damaged(path, "is empty")
    if size % PAGE_SIZE:
        return damaged(path, f"ends inside a page ({size} bytes): it was cut short")
    return None


def _os_error(exc: sqlcipher3.OperationalError, what: str) -> OSError:
    """SQLite's failure to write a file, as the OSError it stands for (a full disk is ENOSPC)."""
    # sqlcipher_export reports a failure inside it as a plain SQLITE_ERROR with SQLite's text.
    full = getattr(exc, "sqlite_errorname", None) == "SQLITE_FULL" or "disk is full" in str(exc)
    return OSError(errno.ENOSPC if full else errno.EIO, f"{what}: {exc}")


# The store connection's settings of its WAL that ``Store.checkpoints_aside`` changes.
_WAL = ("wal_autocheckpoint", "journal_size_limit")

# Without an adapter for None, sqlcipher3 looks for one on every None it binds and fails twice
# (its adaptation protocol, each miss an exception raised and cleared): about 1.2 µs a value,
# and a snapshot binds one for most people (no birth date or no household) and for every
# household (no shelter). With it, None is found at once and still bound as NULL.
sqlcipher3.register_adapter(type(None), lambda value: value)


# A connection's page cache (KiB): SQLCipher's default, said here because a first provisioning
# makes it larger for a while and then sets it back to this (kiosk/feed_apply.py).
PAGE_CACHE_KIB = 8000


def _connect(path: Path, key: bytes) -> Connection:
    conn: Connection = sqlcipher3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=30
    )
    # A wrong key makes SQLCipher print page errors to stderr; the WrongKey below says it better.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        # NOTADB: the first page fails its check, which is what a wrong key looks like. Any
        # other failure means the key opened the file and a later page is bad or missing.
        if getattr(exc, "sqlite_errorname", None) == "SQLITE_NOTADB":
            raise WrongKey("the key does not open {path}", path=path) from None
        raise damaged(path, f"cannot be read ({exc})") from None
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit that returned is on disk, WAL included, before we acknowledge anyone
    # (a snapshot's slices, acknowledged to nobody, commit at NORMAL: ``Store.transaction``).
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Temporary tables and sort spills stay in memory, never in plaintext temp files.
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    return conn


class Store:
    """An open kiosk store. Use ``Store.create`` or ``Store.open``."""

    def __init__(
        self,
        folder: Path,
        conn: Connection,
        keys: KeyManager,
        wall: Callable[[], float] = time.time,
        fresh: bool = False,
        reconnect: Callable[[], Connection] | None = None,
    ) -> None:
        self.folder = folder
        self.conn = conn
        self.keys = keys
        self._wall = wall
        # Another connection to the same file, for checkpoints outside the store's lock
        # (``checkpoints_aside``); without it SQLite's automatic checkpoints are all there is.
        self._reconnect = reconnect
        self._lock = StoreLock()
        # The connection's ``synchronous``: FULL (``_connect``) but inside a transaction that is
        # not durable (``transaction``).
        self._durable = True
        # Called after a commit that added events: the sync worker's wake-up, so a local write
        # reaches the platform at once instead of at the next timed round.
        self.on_events: list[Callable[[], None]] = []
        # The counter's work before the background's: the sync worker waits while it is busy.
        self.foreground = Foreground()
        if not fresh and self.schema_version() == 0:
            # Only ``create`` makes a schema: an opened file without one lost its data, and a
            # new store here would take a new device id and drop the enrolment.
            raise damaged(folder / DB_NAME, "holds no kiosk data")
        self._migrate()
        self.device_id = self.meta("device_id")
        wall_ms, counter = self.meta("hlc").split(":")
        offset = self.meta_or_none(META_CLOCK_OFFSET)
        self.clock = HybridClock(
            self.device_id, (int(wall_ms), int(counter)), wall, int(offset or 0)
        )

    @classmethod
    def create(
        cls,
        folder: Path,
        passphrase: str,
        wall: Callable[[], float] = time.time,
        use_os_keystore: bool | None = None,
    ) -> Store:
        """Make a new data folder with a new random key."""
        folder.mkdir(parents=True, exist_ok=True)
        if (folder / DB_NAME).exists():
            shape = _shape_damage(folder / DB_NAME)
            raise shape or StoreError("{folder} already holds a kiosk store", folder=folder)
        keys = KeyManager(folder, use_os_keystore)
        if keys.wrapped_path.exists():
            # The store file is gone but its key is here: this kiosk held data (maybe an
            # enrolment). A new store is made only on purpose.
            raise StoreError(
                "{folder} holds the key of a kiosk store whose file is missing: restore a "
                "backup ('kazasu-kiosk restore FILE') or start over with "
                "'kazasu-kiosk reinit --i-understand'",
                folder=folder,
            )
        install_id = str(uuid.uuid4())
        key = keys.create(passphrase, install_id)
        conn = _connect(folder / DB_NAME, key)
        return cls(folder, conn, keys, wall, fresh=True, reconnect=_reconnect(folder, key))

    @classmethod
    def open(
        cls,
        folder: Path,
        passphrase: PassphraseSource = passphrase_from_env,
        wall: Callable[[], float] = time.time,
        use_os_keystore: bool | None = None,
    ) -> Store:
        """Open an existing data folder; a wrong passphrase or key changes nothing."""
        path = folder / DB_NAME
        if not path.exists():
            raise StoreError(
                "no kiosk store in {folder}: run 'kazasu-kiosk init' first", folder=folder
            )
        shape = _shape_damage(path)
        if shape is not None:
            raise shape
        keys = KeyManager(folder, use_os_keystore)
        last: WrongKey | None = None
        for key, was_pending in keys.candidates(passphrase):
            try:
                conn = _connect(path, key)
            except WrongKey as exc:
                last = exc
                continue
            keys.settle(keys.install_id(), key, was_pending)
            problems = _check(conn, "quick_check")
            if problems:
                conn.close()
                raise damaged(path, f"fails its check ({problems[0]})")
            try:
                return cls(folder, conn, keys, wall, reconnect=_reconnect(folder, key))
            except BaseException:
                conn.close()
                raise
        assert last is not None
        raise last

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, durable: bool = True) -> Iterator[Tx]:
        """A write transaction; commits durably on success, rolls back everything on error.

        ``durable=False`` is for work that is done again when it is lost, and that nobody is
        told of before it is durable (a snapshot's slices: the token moves with them). Its
        commit does not wait for the disk (WAL with ``synchronous=NORMAL``): a power cut may
        undo it, with any later such commits, but never leaves the store inconsistent, and the
        next durable commit (a tap's, the snapshot's last slice) makes it durable with
        everything before it. Every other transaction commits with ``synchronous=FULL``.
        """
        with self._lock:
            self._synchronous(durable)
            try:
                with self._transaction() as tx:
                    yield tx
            finally:
                if not durable:
                    # Set back at once, so that the connection is FULL for anyone else; if
                    # this fails, the next durable transaction sets it before it begins.
                    self._synchronous(True)
        if tx.emitted:
            for listener in self.on_events:
                listener()

    @contextmanager
    def _transaction(self) -> Iterator[Tx]:
        saved = self.clock.state
        self.conn.execute("BEGIN IMMEDIATE")
        tx = Tx(self.conn, self.clock, self.device_id, self.now())
        try:
            yield tx
        except BaseException:
            # SQLite has rolled back already a transaction whose change was interrupted
            # (``CounterCuts``).
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            # Timestamps handed out in a rolled-back transaction were never seen by anyone.
            self.clock = HybridClock(self.device_id, saved, self._wall, self.clock.offset_ms)
            raise
        self.conn.execute("COMMIT")

    def _synchronous(self, durable: bool) -> None:
        """Set the connection's ``synchronous`` for the next transaction (SQLite takes it only
        outside one), unless it is set already."""
        if self._durable is not durable:
            self.conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
            self._durable = durable

    @contextmanager
    def checkpoints_aside(self) -> Iterator[Checkpoints | None]:
        """For a long run of transactions (a first provisioning): no checkpoint inside a
        commit, under the store's lock, but ``Checkpoints`` from another connection, and the
        WAL's file cut back to their bound when the WAL starts over. SQLite's automatic
        checkpoint and the file's limit are set back after, as they were, also when the block
        fails. None (and nothing changed) for a store without another connection."""
        if self._reconnect is None:
            yield None
            return
        with self._lock:
            before = [int(self.conn.execute(f"PRAGMA {name}").fetchone()[0]) for name in _WAL]
        with ExitStack() as stack:
            # Set back last: after the checkpoints' last one, so that a tap's commit does not
            # find the provisioning's WAL to copy.
            stack.callback(self._wal_settings, *before)
            wal = self.folder / f"{DB_NAME}-wal"
            checkpoints = stack.enter_context(
                Checkpoints(self._reconnect(), wal, foreground=self.foreground)
            )
            self._wal_settings(0, checkpoints.bound_bytes)
            yield checkpoints

    def counter_cuts(self) -> CounterCuts:
        """Blocks of this store's statements that the counter interrupts, for a long run of
        background writes (a first provisioning's slices): the write transaction of a cut
        block is rolled back whole, and is the caller's to do again."""
        return CounterCuts(self.conn, self.foreground)

    def _wal_settings(self, autocheckpoint: int, size_limit: int) -> None:
        with self._lock:
            for name, value in zip(_WAL, (autocheckpoint, size_limit), strict=True):
                self.conn.execute(f"PRAGMA {name} = {value}")

    def contended(self) -> bool:
        """Whether another thread waits for the store now: a long run of transactions (a
        provisioning's slices) lets it go first."""
        return self._lock.waited_for()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """The connection for reads, held against concurrent writers of this process."""
        with self._lock:
            yield self.conn

    def now(self) -> datetime:
        """The kiosk's time, aware, in UTC: its wall clock corrected by the learned offset."""
        return datetime.fromtimestamp(self.clock.physical_ms() / 1000, UTC)

    @property
    def clock_offset_ms(self) -> int | None:
        """How far the platform's clock is ahead of this kiosk's (negative: behind), as last
        learned; None before the kiosk has reached a platform."""
        with self._lock:
            value = self.meta_or_none(META_CLOCK_OFFSET)
        return None if value is None else int(value)

    def learn_clock_offset(self, offset_ms: int) -> None:
        """Correct the kiosk's stamps by ``offset_ms`` from now on, in this process and the next."""
        with self._lock:
            previous = self.clock_offset_ms
            with self.transaction() as tx:
                self.set_meta(tx, META_CLOCK_OFFSET, str(offset_ms))
                if previous is None or abs(offset_ms - previous) > AUDITED_OFFSET_CHANGE_MS:
                    detail = {"offset_ms": offset_ms, "previous_ms": previous}
                    tx.audit("sync", "clock.offset", self.device_id, **detail)
            self.clock.offset_ms = offset_ms

    def meta(self, key: str) -> str:
        """A value from the store's meta table."""
        value = self.meta_or_none(key)
        if value is None:
            raise StoreError("the store has no '{key}' setting", key=key)
        return value

    def meta_or_none(self, key: str) -> str | None:
        """A value from the store's meta table, or None where it has none."""
        with self._lock:
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def schema_version(self) -> int:
        """The schema version of the open database."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def rekey(self, passphrase: str) -> None:
        """Re-encrypt the database under a new random key, wrapped by ``passphrase``.

        The new wrapped copy is written first; if the process dies before it replaces the old
        one, ``Store.open`` finds which key the database has and finishes the change.
        """
        with self._lock:
            install_id = self.keys.install_id()
            key = self.keys.prepare_rekey(passphrase, install_id)
            self.conn.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
            self._reconnect = _reconnect(self.folder, key)
            self.keys.commit_rekey(install_id, key)

    def set_meta(self, tx: Tx, key: str, value: str) -> None:
        """Set a meta value inside a transaction."""
        tx.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def readdress(self, device_id: str) -> int:
        """Take the device id the platform gave at enrolment; returns events re-addressed.

        Events made before enrolment have never left the kiosk, so their envelopes (device id,
        HLC suffix, hash chain) are rewritten under the new id in one transaction.
        """
        with self.transaction() as tx:
            if outbox.acknowledged_seq(tx.conn) > 0:
                raise StoreError("this kiosk's events already reached a platform under its id")
            self.set_meta(tx, "device_id", device_id)
            count = outbox.readdress(tx.conn, device_id)
        self.device_id = device_id
        self.clock = HybridClock(device_id, self.clock.state, self._wall, self.clock.offset_ms)
        return count

    def integrity_ok(self) -> bool:
        """Whether the full check passes (see ``integrity_problems``)."""
        return not self.integrity_problems()

    def integrity_problems(self) -> list[str]:
        """What SQLite's full ``integrity_check`` and SQLCipher's check of every page's HMAC
        find wrong, in words; empty when the store is sound."""
        with self._lock:
            return _check(self.conn, "integrity_check") or _check(
                self.conn, "cipher_integrity_check"
            )

    def export_to(self, path: Path) -> None:
        """Write a copy of the whole store to ``path`` (a new or empty file), encrypted under
        the store's own key: SQLCipher's export into an attached database, which takes the
        main database's key when none is given, so the copy is never in the clear.

        Raises OSError when the file cannot be written (a full or pulled-out USB stick)."""
        with self._lock:
            try:
                self.conn.execute("ATTACH DATABASE ? AS backup", (str(path),))
            except sqlcipher3.OperationalError as exc:
                raise _os_error(exc, f"cannot open {path.name}") from exc
            try:
                # One self-contained file: no WAL beside it on the stick.
                self.conn.execute("PRAGMA backup.journal_mode = DELETE")
                self.conn.execute("SELECT sqlcipher_export('backup')")
                self.conn.execute(f"PRAGMA backup.user_version = {self.schema_version()}")
            except sqlcipher3.OperationalError as exc:
                raise _os_error(exc, f"cannot write {path.name}") from exc
            finally:
                self.conn.execute("DETACH DATABASE backup")

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > LATEST:
            raise StoreError(
                "the store has schema version {version}, newer than this program ({latest}): "
                "update the kiosk software",
                version=version,
                latest=LATEST,
            )
        for target in range(version + 1, LATEST + 1):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(MIGRATIONS[target - 1]):
                    self.conn.execute(statement)
                if target == 1:
                    self._seed_meta()
                self.conn.execute(f"PRAGMA user_version = {target}")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        # A first provisioning builds these at its end; a kiosk stopped before it gets them here.
        for statement in PERSON_SEARCH_INDEXES.values():
            self.conn.execute(statement)

    def _seed_meta(self) -> None:
        self.conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("device_id", f"local-{secrets.token_hex(8)}"), ("hlc", "0:0")],
        )


def _reconnect(folder: Path, key: bytes) -> Callable[[], Connection]:
    """Opens another connection to the store's file under its key."""
    return lambda: _connect(folder / DB_NAME, key)


def check_copy(path: Path, key: bytes) -> str:
    """Check a copy of a store (a backup) fully under ``key`` without changing it; returns
    the device id it belongs to. Raises StoreDamaged or WrongKey."""
    shape = _shape_damage(path)
    if shape is not None:
        raise shape
    conn = _connect(path, key)
    try:
        problems = _check(conn, "integrity_check") or _check(conn, "cipher_integrity_check")
        if problems:
            raise damaged(path, f"fails its check ({problems[0]})")
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) == 0:
            raise damaged(path, "holds no kiosk data")
        return str(conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0])
    finally:
        conn.close()


def _check(conn: Connection, pragma: str) -> list[str]:
    """The problems a checking pragma reports; a page too damaged to read is one too."""
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlcipher3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return [str(exc)]
    return [str(r[0]) for r in rows if str(r[0]) != "ok"]


def _statements(script: str) -> list[str]:
    """Split a migration into statements; triggers keep their inner semicolons."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            if buffer.strip():
                out.append(buffer.strip())
            buffer = ""
    return out
