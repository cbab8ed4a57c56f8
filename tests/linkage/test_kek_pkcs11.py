"""The key-encryption key on a PKCS#11 token (SoftHSM2 here): made on the token and never out
of it, sealing the QR-signing keys the database holds; a wrong PIN or a missing token stops
signing only, saying why; keys move between the key file and the token and back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pkcs11
import pytest
from fastapi.testclient import TestClient
from pkcs11 import Attribute, KeyType, ObjectClass
from pkcs11.exceptions import AttributeSensitive
from sqlalchemy import ColumnElement, create_engine, select

from kazasu_protocol import b64url
from linkage import kek
from linkage.app import create_app
from linkage.cli import main
from linkage.config import Pkcs11Kek, Settings
from linkage.kek_pkcs11 import TokenKek
from linkage.problems import Problem
from linkage.tables import persons, signing_keys
from tests.linkage.softhsm import USER_PIN, SoftHsm
from tests.linkage.test_keys_at_rest import RESIDENTS, _clear_seeds

TOKEN = "kazasu-kek"
KEY = "kazasu-signing-kek"


@pytest.fixture
def hsm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SoftHsm]:
    """A SoftHSM2 store with one initialised token, which this process's module sees."""
    made = SoftHsm(tmp_path / "softhsm")
    made.init_token(TOKEN)
    monkeypatch.setenv("SOFTHSM2_CONF", str(made.conf))
    for name in ("KAZASU_DATABASE_URL", "KAZASU_SIGNING_KEK"):
        monkeypatch.delenv(name, raising=False)
    # SoftHSM2 reads its configuration and tokens when initialised: earlier tests' are gone.
    pkcs11.lib(made.module).reinitialize()
    yield made


def _use_token(monkeypatch: pytest.MonkeyPatch, hsm: SoftHsm, **changes: str) -> None:
    for name, value in (hsm.env(TOKEN) | changes).items():
        monkeypatch.setenv(name, value)


def _config(hsm: SoftHsm, pin: str = USER_PIN, token: str = TOKEN) -> Pkcs11Kek:
    return Pkcs11Kek(hsm.module, token, KEY, pin)


def _cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> object:
    assert main(["--data", str(data), *args]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def _platform_with_resident(capsys: pytest.CaptureFixture[str], data: Path) -> str:
    """Migrate a data folder's platform and register one resident; their person id."""
    csv = data.parent / "residents.csv"
    csv.write_text(RESIDENTS, encoding="utf-8")
    for args in (
        ["migrate"],
        ["municipality", "M", "--name", "みどり市"],
        ["shelter", "S-001", "--municipality", "M", "--name", "体育館"],
        ["import-residents", str(csv), "--municipality", "M"],
    ):
        assert main(["--data", str(data), *args]) == 0, capsys.readouterr().err
    capsys.readouterr()
    return _column(data, persons.c.person_id)[0]


def _column(data: Path, column: ColumnElement[str]) -> list[str]:
    engine = create_engine(f"sqlite:///{data / 'platform.sqlite3'}")
    with engine.connect() as conn:
        values = list(conn.execute(select(column)).scalars())
    engine.dispose()
    return values


def _stored(data: Path) -> dict[str, str]:
    engine = create_engine(f"sqlite:///{data / 'platform.sqlite3'}")
    with engine.connect() as conn:
        rows = conn.execute(select(signing_keys.c.kid, signing_keys.c.private_key)).all()
    engine.dispose()
    return {r.kid: r.private_key for r in rows}


def _signs_and_verifies(capsys: pytest.CaptureFixture[str], data: Path, person_id: str) -> str:
    """Issue a pass and check it as a verifier would; the key id that signed it."""
    issued = _cli(capsys, data, "issue-pass", person_id)
    assert isinstance(issued, dict)
    checked = _cli(capsys, data, "check-qr", issued["code"])
    assert isinstance(checked, dict) and checked["valid"] is True
    assert checked["subject"] == person_id and checked["kid"] == issued["kid"]
    return str(issued["kid"])


def test_kek_init_makes_a_sensitive_unextractable_aes_256_key_on_the_token_once(
    hsm: SoftHsm,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_token(monkeypatch, hsm)
    data = tmp_path / "data"
    assert _cli(capsys, data, "kek-init-pkcs11") == {"token": TOKEN, "key": KEY, "created": True}
    assert _cli(capsys, data, "kek-init-pkcs11") == {"token": TOKEN, "key": KEY, "created": False}
    with pkcs11.lib(hsm.module).get_token(token_label=TOKEN).open(user_pin=USER_PIN) as session:
        found = list(session.get_objects({Attribute.CLASS: ObjectClass.SECRET_KEY}))
        assert len(found) == 1
        key = found[0]
        assert key[Attribute.KEY_TYPE] == KeyType.AES and key[Attribute.VALUE_LEN] == 32
        assert key[Attribute.LABEL] == KEY and key[Attribute.TOKEN] is True
        assert key[Attribute.SENSITIVE] is True and key[Attribute.EXTRACTABLE] is False
        assert key[Attribute.NEVER_EXTRACTABLE] is True
        with pytest.raises(AttributeSensitive):
            key[Attribute.VALUE]


def test_with_a_token_the_platform_seals_keys_on_it_and_the_database_holds_no_clear_key(
    hsm: SoftHsm,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_token(monkeypatch, hsm)
    data = tmp_path / "data"
    _cli(capsys, data, "kek-init-pkcs11")
    person_id = _platform_with_resident(capsys, data)
    for _ in range(2):
        _cli(capsys, data, "rotate-signing-key")
    stored = _stored(data)
    assert len(stored) == 3
    assert all(value.startswith("p11kek1:") for value in stored.values())
    # No key file was made beside the database: the token holds the only key-encryption key.
    assert not (data / "signing-kek").exists()
    public_keys = {b64url.decode(k) for k in _column(data, signing_keys.c.public_key)}
    raw = b"".join(p.read_bytes() for p in data.iterdir() if p.name.startswith("platform.sqlite3"))
    assert _clear_seeds(raw, public_keys) == []
    assert _signs_and_verifies(capsys, data, person_id) in stored


def test_a_seed_sealed_by_the_token_for_one_key_id_does_not_open_as_another(
    hsm: SoftHsm,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_token(monkeypatch, hsm)
    _cli(capsys, tmp_path, "kek-init-pkcs11")
    sealer = TokenKek(_config(hsm))
    sealed = sealer.seal("k-a", bytes(range(32)))
    assert sealer.open("k-a", sealed) == bytes(range(32))
    with pytest.raises(Problem) as refused:
        sealer.open("k-b", sealed)
    assert refused.value.status == 503 and refused.value.kind == "signing-key-locked"
    assert "does not open key k-b" in str(refused.value.detail)


def test_a_wrong_pin_refuses_to_sign_saying_so_and_is_never_tried_again(
    hsm: SoftHsm,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_token(monkeypatch, hsm)
    data = tmp_path / "data"
    _cli(capsys, data, "kek-init-pkcs11")
    person_id = _platform_with_resident(capsys, data)

    monkeypatch.setenv("KAZASU_SIGNING_KEK_PKCS11_PIN", "0000")
    assert main(["--data", str(data), "issue-pass", person_id]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "refused the PIN" in captured.err and "KAZASU_SIGNING_KEK_PKCS11_PIN" in captured.err

    # A process told a wrong PIN does not try it again, even once it would be right: every
    # retry would spend one of the token's tries.
    wrong = TokenKek(_config(hsm, pin="0000"))
    with pytest.raises(Problem) as first:
        wrong.check()
    assert "refused the PIN" in first.value.title
    token = pkcs11.lib(hsm.module).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=USER_PIN) as session:
        session.set_pin(USER_PIN, "0000")
    with pytest.raises(Problem) as again:
        wrong.check()
    assert "refused the PIN" in again.value.title
    assert "not tried again" in str(again.value.detail)
    assert kek.ready(TokenKek(_config(hsm, pin="0000")))


def test_a_missing_token_or_key_stops_signing_with_503_but_the_platform_still_serves(
    hsm: SoftHsm,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_token(monkeypatch, hsm)
    data = tmp_path / "data"
    _cli(capsys, data, "kek-init-pkcs11")
    person_id = _platform_with_resident(capsys, data)
    url = f"sqlite:///{data / 'platform.sqlite3'}"
    admin = {"Authorization": "Bearer t"}
    for sealer, says in (
        (TokenKek(_config(hsm, token="not-plugged-in")), "NoSuchToken"),
        (TokenKek(Pkcs11Kek(hsm.module, TOKEN, "no-such-key", USER_PIN)), "kek-init-pkcs11"),
    ):
        app = create_app(Settings(database_url=url, admin_token="t", kek=sealer))
        with TestClient(app) as client:
            refused = client.post(f"/v1/admin/persons/{person_id}/pass", json={}, headers=admin)
            assert refused.status_code == 503, refused.text
            assert refused.json()["type"].endswith("/signing-key-locked")
            assert says in refused.json()["detail"]
            # Everything else is served: the municipalities, the shelters, the key set.
            assert client.get("/v1/admin/municipalities", headers=admin).status_code == 200
            assert client.get("/v1/public/shelters").status_code == 200
    # The migrations need no token either: without one no new key is made, and they say so.
    capsys.readouterr()
    monkeypatch.setenv("KAZASU_SIGNING_KEK_PKCS11_TOKEN", "not-plugged-in")
    assert main(["--data", str(data), "migrate"]) == 0
    assert "warning: The PKCS#11 token cannot be used" in capsys.readouterr().err


def test_a_key_sealed_under_the_key_file_is_refused_by_the_token_with_the_way_to_move_it(
    hsm: SoftHsm,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    person_id = _platform_with_resident(capsys, data)
    _use_token(monkeypatch, hsm)
    _cli(capsys, data, "kek-init-pkcs11")
    assert main(["--data", str(data), "issue-pass", person_id]) == 1
    err = capsys.readouterr().err
    assert "sealed by KAZASU_SIGNING_KEK or a signing-kek file" in err
    assert "rekey-signing-keys" in err


def test_rekey_moves_the_keys_from_the_key_file_onto_the_token_and_back(
    hsm: SoftHsm,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    person_id = _platform_with_resident(capsys, data)
    rotated = _cli(capsys, data, "rotate-signing-key")
    assert isinstance(rotated, dict)
    # Revoking the key that issues makes a third; the revoked one stays stored, sealed.
    _cli(capsys, data, "revoke-signing-key", rotated["kid"])
    before = _stored(data)
    assert len(before) == 3 and all(v.startswith("kek1:") for v in before.values())
    signer = _signs_and_verifies(capsys, data, person_id)

    # Onto the token: every key, revoked ones too, then the key file is no longer needed.
    _use_token(monkeypatch, hsm)
    _cli(capsys, data, "kek-init-pkcs11")
    old_file = tmp_path / "old-signing-kek"
    (data / "signing-kek").rename(old_file)
    moved = _cli(capsys, data, "rekey-signing-keys", "--old-kek-file", str(old_file))
    assert isinstance(moved, dict) and sorted(moved["resealed"]) == sorted(before)
    on_token = _stored(data)
    assert all(v.startswith("p11kek1:") for v in on_token.values())
    assert _signs_and_verifies(capsys, data, person_id) == signer
    # Run again, it finds every key already sealed by the token and changes nothing.
    again = _cli(capsys, data, "rekey-signing-keys", "--old-kek-file", str(old_file))
    assert again == {"resealed": [], "kek": moved["kek"]}
    assert _stored(data) == on_token

    # And back to a key file: with none configured, rekeying makes a new one.
    for name, value in hsm.env(TOKEN).items():
        monkeypatch.delenv(name)
        monkeypatch.setenv(name.replace("KAZASU_", "KAZASU_OLD_"), value)
    back = _cli(capsys, data, "rekey-signing-keys", "--old-pkcs11")
    assert isinstance(back, dict) and sorted(back["resealed"]) == sorted(before)
    assert all(v.startswith("kek1:") for v in _stored(data).values())
    new_file = data / "signing-kek"
    assert oct(new_file.stat().st_mode & 0o777) == oct(0o600)
    assert new_file.read_bytes() != old_file.read_bytes()
    assert _signs_and_verifies(capsys, data, person_id) == signer


def test_rekey_with_an_old_key_that_opens_nothing_changes_nothing(
    hsm: SoftHsm,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    _platform_with_resident(capsys, data)
    before = _stored(data)
    wrong = tmp_path / "wrong-kek"
    wrong.write_text(b64url.encode(bytes(32)) + "\n", encoding="ascii")
    # Rotating the key file: the current one moved aside, a wrong one given as the old.
    (data / "signing-kek").rename(tmp_path / "real-kek")
    assert main(["--data", str(data), "rekey-signing-keys", "--old-kek-file", str(wrong)]) == 1
    assert "does not open" in capsys.readouterr().err
    assert _stored(data) == before
    assert not (data / "signing-kek").exists()

    _use_token(monkeypatch, hsm)
    _cli(capsys, data, "kek-init-pkcs11")
    assert main(["--data", str(data), "rekey-signing-keys", "--old-kek-file", str(wrong)]) == 1
    assert "does not open" in capsys.readouterr().err
    assert _stored(data) == before


def test_the_pin_may_come_from_an_owner_only_file_and_a_loose_one_is_refused(
    hsm: SoftHsm,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use_token(monkeypatch, hsm)
    monkeypatch.delenv("KAZASU_SIGNING_KEK_PKCS11_PIN")
    pin_file = tmp_path / "pin"
    pin_file.write_text(USER_PIN + "\n", encoding="ascii")
    pin_file.chmod(0o644)
    monkeypatch.setenv("KAZASU_SIGNING_KEK_PKCS11_PIN_FILE", str(pin_file))
    data = tmp_path / "data"
    assert main(["--data", str(data), "kek-init-pkcs11"]) == 1
    assert "readable by others" in capsys.readouterr().err
    pin_file.chmod(0o600)
    assert _cli(capsys, data, "kek-init-pkcs11") == {"token": TOKEN, "key": KEY, "created": True}
    # Both at once is ambiguous, and so is a token beside a key in the environment.
    monkeypatch.setenv("KAZASU_SIGNING_KEK_PKCS11_PIN", USER_PIN)
    assert main(["--data", str(data), "kek-init-pkcs11"]) == 1
    assert "not both" in capsys.readouterr().err
    monkeypatch.delenv("KAZASU_SIGNING_KEK_PKCS11_PIN")
    monkeypatch.setenv("KAZASU_SIGNING_KEK", b64url.encode(bytes(32)))
    assert main(["--data", str(data), "migrate"]) == 1
    assert "both KAZASU_SIGNING_KEK and KAZASU_SIGNING_KEK_PKCS11" in capsys.readouterr().err
