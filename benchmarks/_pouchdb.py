"""PouchDB baseline for the ``sync`` benchmark (a helper, not a benchmark of its own).

Replicates the same kind of documents from a PouchDB client to a PouchDB Server, both from the
npm registry, with LevelDB storage on disk, over 127.0.0.1:

- push: ``push_docs`` documents of about ``push_doc_bytes`` bytes, client → server;
- pull: ``pull_docs`` documents of about ``pull_doc_bytes`` bytes, server → a fresh client.

Filling the source database is not timed. The Node side lives in ``benchmarks/pouchdb``; its
dependencies are installed with ``npm ci`` from the committed lock file on first use.

    python -c "from benchmarks._pouchdb import run_pouchdb; print(run_pouchdb(500, 1000))"
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent / "pouchdb"
SERVER_BIN = HERE / "node_modules" / "pouchdb-server" / "bin" / "pouchdb-server"
SCRIPT = HERE / "replicate.js"
# PouchDB's own default is 100, but 500 was as fast as or faster than 100, 250 and 1000 for
# both directions on a 2-core machine: the ratios are meant against PouchDB at its best.
DEFAULT_BATCH_SIZE = 500
STARTUP_TIMEOUT_S = 30.0


def ensure_node_deps() -> None:
    """Install the Node dependencies from the lock file unless they are already there."""
    stamp = HERE / "node_modules" / ".package-lock.json"
    lock = HERE / "package-lock.json"
    if SERVER_BIN.exists() and stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    if shutil.which("npm") is None:
        raise RuntimeError("the PouchDB baseline needs Node.js and npm on PATH")
    # --omit=optional leaves out pouchdb-server's SQLite adapter, whose native build is slow
    # and unused here; the LevelDB adapter is a direct dependency, so it stays.
    subprocess.run(
        ["npm", "ci", "--omit=optional", "--no-audit", "--no-fund"],
        cwd=HERE,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"pouchdb-server exited early:\n{log.read_text(errors='replace')}")
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"pouchdb-server did not answer on {url} in {STARTUP_TIMEOUT_S:.0f} s")


def run_pouchdb(
    push_docs: int = 10_000,
    pull_docs: int = 100_000,
    push_doc_bytes: int = 300,
    pull_doc_bytes: int = 500,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, float]:
    """Run the PouchDB push and pull replications and return their figures.

    Starts a PouchDB Server on LevelDB in a temporary folder on a free 127.0.0.1 port, runs
    ``replicate.js`` against it and stops the server. Returns ``pouchdb_push_s`` and
    ``pouchdb_pull_s`` (wall seconds of each replication; the sync benchmark reports them as
    ``pouchdb_push_10k_s`` and ``pouchdb_pull_100k_s`` at the default sizes) together with
    ``push_docs``, ``pull_docs`` and ``batch_size`` as given. A count of 0 skips that half.
    """
    ensure_node_deps()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="kazasu-pouchdb-") as tmp:
        work = Path(tmp)
        log = work / "server.log"
        # The server writes its config.json and log.txt to the working directory: keep them
        # in the temporary folder, not in the repository.
        with log.open("wb") as log_file:
            server = subprocess.Popen(
                [
                    *("node", str(SERVER_BIN), "--host", "127.0.0.1", "--port", str(port)),
                    *("--dir", str(work / "server-db"), "--config", str(work / "config.json")),
                    "--no-stdout-logs",
                ],
                cwd=work,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_until_up(url + "/", server, log)
            done = subprocess.run(
                [
                    *("node", str(SCRIPT), "--server", url, "--workdir", str(work)),
                    *("--push-docs", str(push_docs), "--pull-docs", str(pull_docs)),
                    *("--push-bytes", str(push_doc_bytes), "--pull-bytes", str(pull_doc_bytes)),
                    *("--batch-size", str(batch_size)),
                ],
                cwd=HERE,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise RuntimeError(f"replicate.js failed:\n{done.stderr}")
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    result: dict[str, float] = {
        "push_docs": float(push_docs),
        "pull_docs": float(pull_docs),
        "batch_size": float(batch_size),
    }
    if "push_s" in figures:
        result["pouchdb_push_s"] = float(figures["push_s"])
    if "pull_s" in figures:
        result["pouchdb_pull_s"] = float(figures["pull_s"])
    return result
