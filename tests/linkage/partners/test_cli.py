"""``kazasu-platform`` partner commands: register, issue keys, define, review; bad input changes
nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from joserfc.jwk import ECKey, KeySet

from linkage import unit
from linkage.cli import main
from linkage.config import sqlite_url
from linkage.db import make_engine
from linkage.partners import consents


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_administrator_registers_a_partner_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    assert _run(capsys, tmp_path, "migrate")[0] == 0
    assert _run(capsys, tmp_path, "municipality", "M", "--name", "みどり市")[0] == 0
    partner = (
        "partner",
        "deli",
        "--municipality",
        "M",
        "--name",
        "みどり配達",
        "--kind",
        "company",
    )
    assert _run(capsys, tmp_path, *partner)[0] == 0
    purpose = ("partner-purpose", "deli", "delivery", "--description", "配達")
    assert _run(capsys, tmp_path, *purpose, "--item", "name", "--item", "address")[0] == 0
    key = ECKey.generate_key("P-256", auto_kid=True)
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(KeySet([key]).as_dict(private=False)))

    code, out, _ = _run(capsys, tmp_path, "partner-client", "deli", "--jwks", str(jwks))
    assert code == 0
    issued = json.loads(out)
    assert issued["auth_method"] == "private_key_jwt" and issued["client_secret"] is None

    wording = ("--title", "配達", "--purpose-text", "届けるため", "--retention", "30日")
    code, out, _ = _run(
        capsys, tmp_path, "consent-definition", "deli-delivery", "--partner", "deli",
        "--purpose", "delivery", "--item", "name", *wording,
    )  # fmt: skip
    assert code == 0 and json.loads(out) == {"definition_id": "deli-delivery", "version": 1}
    code, out, _ = _run(
        capsys, tmp_path, "consent-definition-version", "deli-delivery",
        "--item", "name", "--item", "address", *wording,
    )  # fmt: skip
    assert json.loads(out)["version"] == 2
    assert _run(capsys, tmp_path, "partner-status", "deli", "suspended")[0] == 0
    code, out, _ = _run(capsys, tmp_path, "partners")
    assert json.loads(out)[0]["status"] == "suspended"
    assert _run(capsys, tmp_path, "partner-client-revoke", issued["client_id"])[0] == 0
    code, out, _ = _run(capsys, tmp_path, "disclosures", "deli")
    assert json.loads(out) == []


def test_bad_partner_input_is_refused_with_a_specific_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    assert _run(capsys, tmp_path, "migrate")[0] == 0
    assert _run(capsys, tmp_path, "municipality", "M", "--name", "みどり市")[0] == 0
    partner = ("partner", "deli", "--municipality", "M", "--name", "D", "--kind", "company")
    assert _run(capsys, tmp_path, *partner)[0] == 0
    private = tmp_path / "private.json"
    private.write_text(json.dumps({"keys": [ECKey.generate_key("P-256").as_dict(private=True)]}))

    cases = [
        (("partner-purpose", "deli", "p", "--description", "d", "--item", "my_number"), "items"),
        (("partner-client", "deli", "--jwks", str(private)), "Send only the public key"),
        (("partner-client", "deli", "--secret"), "Only public bodies"),
        (("partner-client", "deli", "--jwks", str(tmp_path / "none.json")), "cannot be read"),
        (("partner-status", "nobody", "active"), "Unknown partner"),
    ]
    for args, said in cases:
        code, out, err = _run(capsys, tmp_path, *args)
        assert code == 1 and said in err, (args, err)
    code, out, _ = _run(capsys, tmp_path, "partners")
    assert json.loads(out)[0]["purposes"] == []


def test_a_purpose_is_granted_supply_totals_and_a_definition_worded_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAZASU_DATABASE_URL", raising=False)
    assert _run(capsys, tmp_path, "migrate")[0] == 0
    assert _run(capsys, tmp_path, "municipality", "M", "--name", "みどり市")[0] == 0
    partner = ("partner", "deli", "--municipality", "M", "--name", "D", "--kind", "company")
    assert _run(capsys, tmp_path, *partner)[0] == 0

    code, out, _ = _run(
        capsys, tmp_path, "partner-purpose", "deli", "relief", "--description", "物資",
        "--aggregate", "supply-totals",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["purposes"] == [
        {
            "purpose_id": "relief",
            "description": "物資",
            "items": [],
            "aggregates": ["supply-totals"],
        }
    ]
    purpose = ("partner-purpose", "deli", "delivery", "--description", "配達", "--item", "name")
    assert _run(capsys, tmp_path, *purpose)[0] == 0
    code, out, _ = _run(
        capsys, tmp_path, "consent-definition", "deli-delivery", "--partner", "deli",
        "--purpose", "delivery", "--item", "name", "--title", "配達",
        "--purpose-text", "届けるため", "--retention", "30日",
        "--translation", "en", "Delivery", "To deliver", "30 days",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["version"] == 1
    engine = make_engine(sqlite_url(tmp_path))
    (made,) = unit.read(engine, lambda c: consents.versions(c, "deli-delivery"))
    engine.dispose()
    assert made["title"] == "配達"
    assert made["translations"] == {
        "en": {"title": "Delivery", "purpose": "To deliver", "retention": "30 days"}
    }

    relief = ("partner-purpose", "deli", "p", "--description", "d")
    cases = [
        (relief, "At least one data item"),
        ((*relief, "--aggregate", "all"), "aggregates"),
        (
            ("consent-definition-version", "deli-delivery", "--item", "name", "--title", "t",
             "--purpose-text", "p", "--retention", "r", "--translation", "fr", "T", "P", "R"),
            "translations",
        ),
    ]  # fmt: skip
    for args, said in cases:
        code, out, err = _run(capsys, tmp_path, *args)
        assert code == 1 and said in err, (args, err)
