"""The municipalities, their shelters and the questions on their shelter forms."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Double, Integer, String, Table, Text, false

from linkage.tables.meta import ID, metadata

municipalities = Table(
    "municipalities",
    metadata,
    Column("municipality_id", String(ID), primary_key=True),
    Column("name", Text, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
)

shelters = Table(
    "shelters",
    metadata,
    Column("shelter_id", String(ID), primary_key=True),
    Column("municipality_id", String(ID), nullable=False),
    Column("name", Text, nullable=False),
    Column("capacity", Integer, nullable=True),
    # WGS 84 degrees, for the public map; both or neither.
    Column("latitude", Double, nullable=True),
    Column("longitude", Double, nullable=True),
    # Opened by staff when the shelter takes people in; the public map shows it as open.
    Column("is_open", Boolean, nullable=False, server_default=false()),
    # designated, welfare (福祉避難所), emergency (緊急避難場所) or other.
    Column("kind", String(16), nullable=False, server_default="designated"),
    # The HLC of the last opening or closing (an administrator's, or a kiosk's at the door):
    # a later one wins, whatever order they arrive in.
    Column("status_hlc", String(128), nullable=True),
    # As the municipality's open data list gives them (linkage/shelter_opendata.py); the
    # disasters it serves are a JSON list of the list's words (洪水, 地震 …).
    Column("name_kana", Text, nullable=True),
    Column("address", Text, nullable=True),
    Column("hazards", Text, nullable=True),
    # An event site's last day (ISO), and when its attendees' records were deleted after it.
    Column("ends_on", String(10), nullable=True),
    Column("purged_at_ms", BigInteger, nullable=True),
)

# The administrator's additional questions on the shelter forms, per municipality; kiosks of
# the municipality's shelters receive them through the feed.
questions = Table(
    "questions",
    metadata,
    Column("municipality_id", String(ID), primary_key=True),
    Column("question_id", String(ID), primary_key=True),
    Column("applies_to", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("label_ja", Text, nullable=False),
    Column("label_en", Text, nullable=False),
    Column("choices", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
)
