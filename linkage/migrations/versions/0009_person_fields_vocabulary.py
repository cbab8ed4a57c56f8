"""person fields in the kiosk's vocabulary: name, furigana and ISO 5218 sex codes

Imported residents were stored with the resident list's split names (family_name, given_name,
their _kana forms) and sex as male/female/other/unknown, which a kiosk cannot read. Stored
persons and the feed's person upserts are rewritten to ``name``/``furigana`` (parts joined by a
full-width space) and sex codes "0"/"1"/"2"/"9".

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SEPARATOR = "\u3000"
SEX_CODES = {"unknown": "0", "male": "1", "female": "2", "other": "9"}
OLD_SEXES = {code: word for word, code in SEX_CODES.items()}
NAME_PARTS = {
    "name": ("family_name", "given_name"),
    "furigana": ("family_name_kana", "given_name_kana"),
}


def _canonical(value: Any) -> str:
    # As linkage.canonical writes it (searches rely on the exact text); kept here so this
    # revision does not change with the application.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def to_kiosk(fields: dict[str, Any], hlcs: dict[str, str]) -> bool:
    """Rewrite old-vocabulary fields (and their HLCs) in place; whether anything changed."""
    changed = False
    for new, parts in NAME_PARTS.items():
        if not any(p in fields for p in parts):
            continue
        values = [str(fields.pop(p, "") or "").strip() for p in parts]
        stamps = [hlcs.pop(p) for p in parts if p in hlcs]
        if new not in fields:
            fields[new] = SEPARATOR.join(v for v in values if v)
            if stamps:
                hlcs[new] = max(stamps)
        changed = True
    if "name" in fields and "furigana" not in fields:
        fields["furigana"] = ""
        if "name" in hlcs:
            hlcs["furigana"] = hlcs["name"]
        changed = True
    if fields.get("sex") in SEX_CODES:
        fields["sex"] = SEX_CODES[fields["sex"]]
        changed = True
    return changed


def to_lists(fields: dict[str, Any], hlcs: dict[str, str]) -> bool:
    """The way back for imported residents: split names at the first full-width space."""
    changed = False
    for new, (family, given) in NAME_PARTS.items():
        if new not in fields:
            continue
        value = str(fields.pop(new) or "")
        first, _, rest = value.partition(SEPARATOR)
        fields.update({k: v for k, v in ((family, first), (given, rest)) if v})
        stamp = hlcs.pop(new, None)
        if stamp is not None:
            hlcs.update({k: stamp for k in (family, given) if k in fields})
        changed = True
    if fields.get("sex") in OLD_SEXES:
        fields["sex"] = OLD_SEXES[fields["sex"]]
        changed = True
    return changed


def _rewrite(convert: Any, residents_only: bool) -> None:
    conn = op.get_bind()
    query = "SELECT person_id, fields, field_hlc FROM persons"
    if residents_only:
        query += " WHERE external_ref IS NOT NULL"
    for row in conn.execute(sa.text(query)).all():
        fields, hlcs = json.loads(row.fields), json.loads(row.field_hlc)
        if convert(fields, hlcs):
            conn.execute(
                sa.text("UPDATE persons SET fields = :f, field_hlc = :h WHERE person_id = :p"),
                {"f": _canonical(fields), "h": _canonical(hlcs), "p": row.person_id},
            )
    # The feed keeps earlier upserts for kiosks still paging towards the head.
    feed = conn.execute(
        sa.text("SELECT position, payload FROM changes WHERE entity = 'person' AND op = 'upsert'")
    ).all()
    for row in feed:
        payload = json.loads(row.payload)
        if residents_only and payload.get("kind") != "resident":
            continue
        if isinstance(payload.get("fields"), dict) and convert(payload["fields"], {}):
            conn.execute(
                sa.text("UPDATE changes SET payload = :p WHERE position = :n"),
                {"p": _canonical(payload), "n": row.position},
            )


def upgrade() -> None:
    """Rewrite every stored person and feed person upsert to the kiosk's vocabulary."""
    _rewrite(to_kiosk, residents_only=False)


def downgrade() -> None:
    """Give imported residents their split names and sex words back (others kept as they are)."""
    _rewrite(to_lists, residents_only=True)
