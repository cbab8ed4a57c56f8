"""Kazasu's personal-data linkage platform: the service that kiosks enrol with and sync to.

It shares nothing with the kiosk parts but the wire protocol described in ``docs/protocol/``.
"""

PROTOCOL_VERSION = 1
"""Version of the sync protocol this platform speaks (``docs/protocol/sync.md``)."""
