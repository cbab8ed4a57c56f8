"""What the sync worker reports. The types are the kiosk core's (kiosk/status.py), so the
screens read a status without importing sync/."""

from __future__ import annotations

from kiosk.status import Link, SyncStatus

__all__ = ["Link", "SyncStatus"]
