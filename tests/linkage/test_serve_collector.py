"""``serve`` settles the garbage collector for serving: the application frozen out of its walks,
a larger young generation."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from linkage import serve_cli


@pytest.fixture
def collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


class _Made:
    """An object the collector tracks."""


@pytest.mark.usefixtures("collector")
def test_settled_collector_freezes_what_exists_and_sets_serving_thresholds() -> None:
    made_before = _Made()
    serve_cli.settle_collector()
    assert gc.get_threshold() == serve_cli.COLLECTOR_THRESHOLDS
    assert gc.get_freeze_count() > 0
    assert not any(o is made_before for o in gc.get_objects())  # frozen objects are not walked


@pytest.mark.usefixtures("collector")
def test_frozen_app_is_returned_as_is() -> None:
    app = object()
    assert serve_cli._frozen(app) is app
    assert gc.get_threshold() == serve_cli.COLLECTOR_THRESHOLDS
