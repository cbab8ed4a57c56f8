"""Pre-registration passes: signed by the platform, verified offline with the published keys."""

from __future__ import annotations

import calendar
import json
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from kazasu_protocol import b64url
from kazasu_protocol.kz1 import CodeRefused, CodeType, PassClaims, Reason, TrustedKey, verify
from linkage.cli import main
from linkage.db import make_engine
from linkage.tables import persons
from tests.linkage.kiosk_double import ADMIN, Kiosk, Platform

RESIDENTS = (
    "external_ref,family_name,given_name,birth_date,household_ref,designated_shelter_id,"
    "kiosk_consent\n"
    "r1,中村,優,1990-03-04,H1,S-001,yes\n"
    "r2,中村,陽,1992-05-06,,S-001,yes\n"
    "r3,田中,健,1950-01-02,H2,S-001,no\n"
)


def _person(platform: Platform, ref: str) -> str:
    with platform.engine.connect() as conn:
        return str(
            conn.execute(select(persons.c.person_id).where(persons.c.external_ref == ref)).scalar()
        )


def _kiosk_keys(kiosk: Kiosk) -> dict[str, TrustedKey]:
    """The key set as a kiosk holds it, from GET /v1/devices/keys alone."""
    listed = kiosk.client.get("/v1/devices/keys", headers=kiosk.headers).json()
    return {
        k["kid"]: TrustedKey(
            k["kid"],
            k["issuer"],
            b64url.decode(k["public_key"]),
            _epoch(k["not_before"]),
            None if k["not_after"] is None else _epoch(k["not_after"]),
        )
        for k in listed["qr_signing_keys"]
    }


def _epoch(text: str) -> int:
    return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


def _issue(platform: Platform, person_id: str, **body: object) -> dict[str, object]:
    r = platform.client.post(f"/v1/admin/persons/{person_id}/pass", json=body, headers=ADMIN)
    assert r.status_code == 201, r.text
    issued: dict[str, object] = r.json()
    return issued


def test_a_pass_verifies_at_a_kiosk_with_the_keys_it_fetched(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    platform.import_residents(RESIDENTS)
    pid = _person(platform, "r1")
    issued = _issue(platform, pid, valid_days=3, shelter_id="S-001")
    code = str(issued["code"])
    assert code.startswith("KZ1:")
    body = verify(code, _kiosk_keys(kiosk), int(time.time()), CodeType.PASS)
    assert body.subject == pid == issued["person_id"]
    assert body.claims == PassClaims("h-M-001-H1", "S-001")
    assert body.expires_at - body.issued_at == 3 * 24 * 3600
    assert body.kid == issued["kid"]


def test_passes_signed_before_a_rotation_still_verify_and_new_ones_use_the_new_key(
    platform: Platform,
) -> None:
    kiosk = platform.kiosk("S-001")
    platform.import_residents(RESIDENTS)
    pid = _person(platform, "r1")
    before = _issue(platform, pid)
    rotated = platform.client.post("/v1/admin/signing-keys/rotate", json={}, headers=ADMIN).json()
    after = _issue(platform, pid)
    assert after["kid"] == rotated["kid"] != before["kid"]
    held = _kiosk_keys(kiosk)
    now = int(time.time())
    assert verify(str(before["code"]), held, now).kid == before["kid"]
    assert verify(str(after["code"]), held, now).kid == after["kid"]
    with pytest.raises(CodeRefused) as refused:
        verify(str(after["code"]), _without(held, str(after["kid"])), now)
    assert refused.value.reason == Reason.UNKNOWN_KEY


def _without(held: dict[str, TrustedKey], kid: str) -> dict[str, TrustedKey]:
    return {k: v for k, v in held.items() if k != kid}


def test_a_merged_walk_in_gets_a_pass_for_the_person_it_became(platform: Platform) -> None:
    kiosk = platform.kiosk("S-001")
    platform.import_residents(RESIDENTS)
    pid = _person(platform, "r1")
    kiosk.event(
        "person.registered",
        {"person_id": "w-1", "household_id": None, "fields": {}, "source": "walk_in"},
    )
    kiosk.push()
    merged = platform.client.post(
        "/v1/admin/persons/merge",
        json={"from_person_id": "w-1", "into_person_id": pid},
        headers=ADMIN,
    )
    assert merged.status_code == 200, merged.text
    assert _issue(platform, "w-1")["person_id"] == pid


@pytest.mark.parametrize(
    ("ref", "status", "problem"),
    [("r2", 409, "no-household"), ("r3", 409, "not-shared"), (None, 404, "unknown-person")],
)
def test_passes_are_refused_when_they_could_not_work_at_the_door(
    platform: Platform, ref: str | None, status: int, problem: str
) -> None:
    platform.shelter("S-001")
    platform.import_residents(RESIDENTS)
    pid = _person(platform, ref) if ref else "p-nobody"
    r = platform.client.post(f"/v1/admin/persons/{pid}/pass", json={}, headers=ADMIN)
    assert r.status_code == status
    assert r.json()["type"] == f"/problems/{problem}"


def test_a_pass_naming_an_unknown_shelter_is_refused(platform: Platform) -> None:
    platform.shelter("S-001")
    platform.import_residents(RESIDENTS)
    r = platform.client.post(
        f"/v1/admin/persons/{_person(platform, 'r1')}/pass",
        json={"shelter_id": "S-404"},
        headers=ADMIN,
    )
    assert r.status_code == 404
    assert r.json()["type"] == "/problems/unknown-shelter"


def test_the_cli_issues_a_pass_and_checks_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    monkeypatch.setenv("KAZASU_ISSUER", "https://platform.city.example")
    data = ["--data", str(tmp_path)]
    assert main([*data, "migrate"]) == 0
    main([*data, "municipality", "M-001", "--name", "x"])
    main([*data, "shelter", "S-001", "--municipality", "M-001", "--name", "x"])
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(RESIDENTS, encoding="utf-8")
    main([*data, "import-residents", str(csv_file), "--municipality", "M-001"])
    capsys.readouterr()
    engine = make_engine(f"sqlite:///{tmp_path / 'platform.sqlite3'}")
    with engine.connect() as conn:
        pid = conn.execute(
            select(persons.c.person_id).where(persons.c.external_ref == "r1")
        ).scalar()
    engine.dispose()
    assert main([*data, "issue-pass", str(pid), "--days", "2", "--shelter", "S-001"]) == 0
    issued = json.loads(capsys.readouterr().out)
    assert main([*data, "check-qr", issued["code"]]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert checked["valid"] and checked["type"] == "pass" and checked["subject"] == pid
    assert checked["issuer"] == "https://platform.city.example"
    tampered = issued["code"][:-1] + ("0" if issued["code"][-1] != "0" else "1")
    assert main([*data, "check-qr", tampered]) == 1
    assert "not valid" in capsys.readouterr().err
