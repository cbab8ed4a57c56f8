"""The kiosk's settings, typed and checked, kept in the encrypted store's meta table.

Keeping them in the store (rather than a file beside it) means the data folder holds nothing
but the store and its wrapped key, and every change is audited with who made it.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from kiosk.errors import InvalidInput
from kiosk.store import Store

META_KEY = "settings"
LANGUAGES = ("ja", "en")
UI_SCALES = (1.0, 1.25, 1.5, 2.0)
BACKUP_INTERVALS_MIN = (0, 15, 30, 60, 120, 240, 480, 1440)


@dataclass(frozen=True)
class Settings:
    """Everything an administrator sets at the kiosk."""

    language: str = "ja"
    reader: str = ""
    """Part of the reader's name to use; empty for the first reader, ``virtual`` for demos."""
    camera: str = ""
    """A device index (``0``), a stream URL or a file; empty for no camera."""
    ui_scale: float = 1.0
    idle_timeout_s: int = 90
    """Back to the attract screen after this long without a touch (staff screens included)."""
    confirmation_s: int = 5
    """How long the confirmation stays on screen after a tap."""
    repeat_tap_s: int = 60
    """A tap of the same card within this many seconds shows the confirmation again instead of
    reversing it (people tap again "to be sure"); 0 turns this off."""
    kiosk_mode: bool = False
    """Full screen, and only signed-in staff may leave the program."""
    shelter_id: str = ""
    staff_code_allowed: bool = False
    """Whether staff may sign in with a code instead of card and PIN at this site."""
    backup_folder: str = ""
    """Where scheduled backups go (a USB stick); empty for none."""
    backup_interval_min: int = 60
    """Minutes between scheduled backups; 0 for none."""
    backup_keep: int = 24
    """How many of this kiosk's backups to keep in the folder (the oldest go first)."""

    def check(self) -> Settings:
        """Return self if every value is acceptable; raise InvalidInput naming the first bad one."""
        if self.language not in LANGUAGES:
            raise InvalidInput("language must be one of {choices}", choices=", ".join(LANGUAGES))
        if self.ui_scale not in UI_SCALES:
            raise InvalidInput(
                "UI scale must be one of {choices}", choices=", ".join(map(str, UI_SCALES))
            )
        if not 15 <= self.idle_timeout_s <= 3600:
            raise InvalidInput("idle timeout must be between 15 and 3600 seconds")
        if not 2 <= self.confirmation_s <= 30:
            raise InvalidInput("confirmation time must be between 2 and 30 seconds")
        if not 0 <= self.repeat_tap_s <= 600:
            raise InvalidInput("repeat-tap window must be between 0 and 600 seconds")
        if self.backup_interval_min not in BACKUP_INTERVALS_MIN:
            choices = ", ".join(map(str, BACKUP_INTERVALS_MIN))
            raise InvalidInput("backup interval must be one of {choices} minutes", choices=choices)
        if not 1 <= self.backup_keep <= 1000:
            raise InvalidInput("backups to keep must be between 1 and 1000")
        return self

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Build from stored JSON; fields this version does not know are ignored."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in known:
                continue
            default = known[name].default
            if isinstance(default, bool) and not isinstance(value, bool):
                raise InvalidInput("{name}: expected true or false", name=name)
            if isinstance(default, float) and isinstance(value, int | float):
                value = float(value)
            elif type(value) is not type(default):
                raise InvalidInput(
                    "{name}: expected {kind}", name=name, kind=type(default).__name__
                )
            values[name] = value
        return cls(**values).check()


class SettingsService:
    """Reads and writes the settings."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load(self) -> Settings:
        """The saved settings, or the defaults when none were saved."""
        with self.store.reading() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
        return Settings() if row is None else Settings.from_dict(json.loads(row[0]))

    def save(self, actor: str, settings: Settings) -> Settings:
        """Check and save; the audit entry lists the names of the fields that changed."""
        settings.check()
        before = dataclasses.asdict(self.load())
        after = dataclasses.asdict(settings)
        changed = sorted(k for k in after if before[k] != after[k])
        if not changed:
            return settings
        with self.store.transaction() as tx:
            tx.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (META_KEY, json.dumps(after, sort_keys=True)),
            )
            tx.audit(actor, "settings.change", "kiosk", fields=changed)
        return settings


TRUST_ANCHORS_META = "card_trust_anchors"


def trust_anchors_pem(store: Store) -> bytes | None:
    """The PEM certificates that card holder proofs must chain to, if configured."""
    with store.reading() as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (TRUST_ANCHORS_META,)).fetchone()
    return None if row is None else str(row[0]).encode("ascii")


def save_trust_anchors_pem(store: Store, actor: str, pem: bytes) -> None:
    """Configure the card trust anchors (PEM text of one or more CA certificates)."""
    if b"-----BEGIN CERTIFICATE-----" not in pem:
        raise InvalidInput("trust anchors must be PEM certificates")
    with store.transaction() as tx:
        tx.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (TRUST_ANCHORS_META, pem.decode("ascii")),
        )
        tx.audit(actor, "trust_anchors.replace", "kiosk")
