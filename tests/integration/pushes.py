"""What the push tests watch of a kiosk's pushes, and a platform from before the push limits
were stated."""

from __future__ import annotations

from typing import Any

import pytest

from sync.client import PlatformClient
from sync.errors import Refused


def pushes_sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Every push the kiosk sends from now on: (its body's bytes, the acked seq or the refusal's
    status)."""
    sent: list[tuple[int, int]] = []
    push = PlatformClient.push

    def counted(client: PlatformClient, batch: bytes) -> int:
        try:
            acked = push(client, batch)
        except Refused as refused:
            sent.append((len(batch), refused.status))
            raise
        sent.append((len(batch), acked))
        return acked

    monkeypatch.setattr(PlatformClient, "push", counted)
    return sent


def states_no_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The platform answers ``GET /v1/devices/me`` without ``max_batch`` and ``body_limit``, as
    one from before the limits were stated does."""
    answer = PlatformClient._call

    def older(client: PlatformClient, method: str, path: str, **kw: Any) -> dict[str, Any]:
        body = answer(client, method, path, **kw)
        if path == "/v1/devices/me":
            del body["max_batch"], body["body_limit"]
        return body

    monkeypatch.setattr(PlatformClient, "_call", older)
