"""A provisioning worker whose conversion fails, for tests: the target a test gives
``PageReader``'s process instead of ``sync.provisioner.work`` (a spawned process imports it by
name, so it lives in a module of its own)."""

from __future__ import annotations

from multiprocessing.connection import Connection
from typing import Any

from sync import provisioner


def _failing(*_: Any) -> Any:
    raise RuntimeError("a conversion that fails")


def work_whose_conversion_fails(bodies: Connection, heads: Connection, *rest: Any) -> None:
    """``provisioner.work`` with every page's conversion raising."""
    # The module's own names, replaced in this process only.
    vars(provisioner).update(prepare=_failing, _fast_rows=_failing)
    provisioner.work(bodies, heads, *rest)
