"""The one ``MetaData`` every table of the platform is on, and the identifiers' length."""

from __future__ import annotations

from sqlalchemy import MetaData

metadata = MetaData()

ID = 64  # length of every identifier column
