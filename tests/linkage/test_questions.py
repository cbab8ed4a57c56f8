"""The administrator's questions are defined at the platform per municipality and reach the
kiosks of that municipality's shelters, through the feed and the snapshot."""

from __future__ import annotations

from typing import Any

from tests.linkage.kiosk_double import ADMIN, Platform

PETS = {
    "applies_to": "household",
    "kind": "choice",
    "label_ja": "ペット",
    "label_en": "Pets",
    "choices": ["犬", "猫"],
}


def _put(platform: Platform, town: str, question_id: str, body: dict[str, Any]) -> Any:
    return platform.client.put(
        f"/v1/admin/municipalities/{town}/questions/{question_id}", json=body, headers=ADMIN
    )


def test_a_question_reaches_the_kiosks_of_its_municipality_only(platform: Platform) -> None:
    platform.client.put("/v1/admin/municipalities/M-002", json={"name": "隣町"}, headers=ADMIN)
    ours = platform.kiosk("S-001")
    theirs = platform.kiosk("S-900")
    # The double makes its shelters in M-001; this one is the neighbouring town's.
    platform.client.put(
        "/v1/admin/shelters/S-900",
        json={"municipality_id": "M-002", "name": "隣町の避難所"},
        headers=ADMIN,
    )
    assert _put(platform, "M-001", "pets", PETS).status_code == 200
    seen = [c for c in ours.pull_all()[0] if c["entity"] == "question"]
    assert [(c["entity_id"], c["payload"]["choices"]) for c in seen] == [("pets", ["犬", "猫"])]
    assert [c for c in theirs.pull_all()[0] if c["entity"] == "question"] == []
    snapshot = platform.client.get("/v1/sync/snapshot", headers=ours.headers).json()
    assert [i["entity"] for i in snapshot["items"]] == ["shelter", "question"]
    assert snapshot["items"][1]["payload"] == seen[0]["payload"]
    # Repeating the definition adds nothing; retiring it is a change.
    _, cursor = ours.pull_all()
    assert _put(platform, "M-001", "pets", PETS).status_code == 200
    assert ours.pull_all(after=cursor)[0] == []
    assert _put(platform, "M-001", "pets", PETS | {"active": False}).status_code == 200
    [retired] = ours.pull_all(after=cursor)[0]
    assert retired["payload"]["active"] is False
    listed = platform.client.get("/v1/admin/municipalities/M-001/questions", headers=ADMIN)
    assert [q["question_id"] for q in listed.json()] == ["pets"]


def test_a_questions_subject_and_kind_cannot_change(platform: Platform) -> None:
    assert _put(platform, "M-001", "pets", PETS).status_code == 200
    r = _put(platform, "M-001", "pets", PETS | {"kind": "text", "choices": []})
    assert r.status_code == 409 and r.json()["type"] == "/problems/question-kind-fixed"


def test_a_question_that_does_not_hold_together_is_refused_and_nothing_is_stored(
    platform: Platform,
) -> None:
    for question_id, body, problem in [
        ("pets", PETS | {"choices": []}, "invalid-question"),
        ("pets", PETS | {"kind": "text"}, "invalid-question"),
        ("pets", PETS | {"choices": ["犬", "犬"]}, "invalid-question"),
        ("Pets", PETS, "invalid-question"),
        ("pets", PETS | {"kind": "colour"}, "invalid-request"),
    ]:
        r = _put(platform, "M-001", question_id, body)
        assert (r.status_code, r.json()["type"]) == (422, f"/problems/{problem}"), body
    r = _put(platform, "M-404", "pets", PETS)
    assert r.json()["type"] == "/problems/unknown-municipality"
    listed = platform.client.get("/v1/admin/municipalities/M-001/questions", headers=ADMIN)
    assert listed.json() == []
