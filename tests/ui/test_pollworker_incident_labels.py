"""Every voting incident kind reaches the poll worker as words, in Japanese first and English,
never as its wire code."""

from __future__ import annotations

import pytest

from kiosk.voting.model import Incident
from tests.ui.conftest import Scene
from ui.screens.pollworker.texts import incident_text

KINDS = {
    "double_issue": ("2枚", "Two ballots"),
    "revoked_device_claim": ("失効", "revoked device"),
    "unknown_voter": ("名簿", "not on the roll"),
    "outside_election": ("選挙", "outside this election"),
    "claim_id_replayed": ("別の端末", "another device"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_incident_kind_is_named_in_words_in_both_languages(scene: Scene, kind: str) -> None:
    incident = Incident("i-1", "E-1", None, kind, ("PS-1",), {}, 1_764_162_000_000, False)
    for language, expected in zip(("ja", "en"), KINDS[kind], strict=True):
        scene.window.ctx.languages.switch(language)
        shown = incident_text(incident, {}, {})
        assert kind not in shown, shown
        assert expected in shown, shown
