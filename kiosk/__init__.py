"""Kazasu kiosk core: domain, services, encrypted store, keys and audit. No Qt, no hardware."""
