"""Several platform processes answering on one listening socket (``serve --workers N``).

The platform keeps nothing between requests in a process's memory that another process would
need: every write is one database transaction, feed positions come from the database's counter
row (linkage/feed.py), and the live map's watcher reads the database (linkage/live.py). So N
copies of the application, forked after the socket is bound, answer as one platform, and the
kernel hands each new connection to whichever copy accepts it first. Each copy has its own
connection pool. The NGSI publisher, when configured, runs in every copy; its upserts are
idempotent, so Orion receives the same entity state up to N times.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import uvicorn
from fastapi import FastAPI


def serve(make_app: Callable[[], FastAPI], workers: int, **options: Any) -> int:
    """Serve ``make_app()`` with uvicorn ``options`` in ``workers`` forked processes; the exit
    status: 0 once stopped by SIGINT or SIGTERM, 1 if a process ended by itself.

    Each process builds its own application (engine, pool, watcher) after the fork, so no
    database connection is ever shared. SIGINT and SIGTERM are passed on to every process; a
    process that ends by itself takes the others down, so that a supervisor restarts the whole.
    """
    config = uvicorn.Config(make_app, factory=True, **options)
    sock = config.bind_socket()
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            try:
                uvicorn.Server(config).run(sockets=[sock])
            finally:
                os._exit(0)
        children.append(pid)
    sock.close()
    stopping, status = False, 0

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            _signal(pid, signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while children:
        pid, _ = os.wait()
        children.remove(pid)
        if not stopping:
            print(f"platform process {pid} exited; stopping the others", file=sys.stderr)
            status = 1
            stop(signal.SIGTERM, None)
    return status


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it has exited already
        os.kill(pid, signum)
