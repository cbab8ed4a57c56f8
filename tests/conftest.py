"""Fixtures and hooks for the whole suite."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests through pcscd share its one vpcd reader: with several workers
    (pytest-xdist, ``--dist loadgroup``) they all run on one of them."""
    for item in items:
        if item.get_closest_marker("pcsc"):
            item.add_marker(pytest.mark.xdist_group("pcsc"))
