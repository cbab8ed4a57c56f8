"""``linkage.tables`` holds one module per room, all on the one ``metadata``; every table is
importable from the package by its own name."""

from __future__ import annotations

from linkage import tables
from linkage.tables import metadata


def test_every_table_on_the_metadata_is_importable_from_the_package_by_its_name() -> None:
    for name, table in metadata.tables.items():
        assert getattr(tables, name, None) is table, name


def test_the_package_exports_the_tables_the_metadata_and_the_identifier_length() -> None:
    assert set(tables.__all__) == {*metadata.tables, "metadata", "ID"}
    assert tables.ID == 64
