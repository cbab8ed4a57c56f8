"""A throwaway PostgreSQL server for the tests, from the distribution's binaries.

pytest-postgresql drives ``pg_ctl``. PostgreSQL refuses to run as root, so when the tests
run as root ``pg_ctl`` is run through ``runuser`` as the unprivileged ``postgres`` system
user, in a temporary folder that user owns. ``KAZASU_TEST_POSTGRES_URL`` names an existing
server instead.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import port_for
import psycopg
from pytest_postgresql.executors import PostgreSQLExecutor
from sqlalchemy import Engine, text

UNPRIVILEGED_USER = "postgres"


def find_pg_ctl() -> str | None:
    """The newest ``pg_ctl`` of the distribution's PostgreSQL packages, or on the PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_major, reverse=True)
    return found[0] if found else shutil.which("pg_ctl")


def _major(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def _wrapper(folder: Path, pg_ctl: str, user: str) -> str:
    # Run as the unprivileged user from a folder it can enter.
    script = folder / "pg_ctl-as-user"
    script.write_text(f'#!/bin/sh\ncd "{folder}"\nexec runuser -u {user} -- "{pg_ctl}" "$@"\n')
    script.chmod(stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    return str(script)


# Tests need no crash safety from a server they throw away; benchmarks measure the real thing.
FAST_OPTIONS = "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"


@contextmanager
def throwaway_server(durable: bool = False) -> Iterator[str]:
    """Start a server and yield a URL of its maintenance database; stop it afterwards."""
    pg_ctl = find_pg_ctl()
    if pg_ctl is None:
        raise RuntimeError("PostgreSQL binaries not found: install the postgresql package")
    folder = Path(tempfile.mkdtemp(prefix="kazasu-pg-"))
    executable = pg_ctl
    if os.geteuid() == 0:
        account = pwd.getpwnam(UNPRIVILEGED_USER)
        folder.chmod(0o755)
        os.chown(folder, account.pw_uid, account.pw_gid)
        executable = _wrapper(folder, pg_ctl, UNPRIVILEGED_USER)
    port = port_for.select_random()
    executor = PostgreSQLExecutor(
        executable=executable,
        host="127.0.0.1",
        port=port,
        datadir=str(folder / "data"),
        unixsocketdir=str(folder),
        logfile=str(folder / "postgresql.log"),
        startparams="-w",
        dbname="postgres",
        user="postgres",
        # pytest-postgresql starts the server with -F (no fsync); a durable one turns it back on.
        postgres_options=" -c max_connections=200 " + ("-c fsync=on" if durable else FAST_OPTIONS),
    )
    executor.start()
    try:
        executor.wait_for_postgres()
        _wait_until_accepting(port)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        executor.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_until_accepting(port: int, timeout_s: float = 60.0) -> None:
    # pg_ctl can report the server started while it still answers "the database system is
    # starting up" (seen on a loaded machine); tests must not race that.
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres").close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def a_session_waits_on_a_lock(engine: Engine, timeout_s: float = 30.0) -> bool:
    """Wait until some session of the server waits for a lock (another transaction's row);
    False if none did within ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            waiting: int = conn.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            ).scalar_one()
        if waiting:
            return True
        time.sleep(0.05)
    return False
