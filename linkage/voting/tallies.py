"""Tallies of an election: voters by site, day and sex, with double issues marked."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import Connection, select

from linkage.tables import ballot_claims, voters, voting_incidents
from linkage.voting import incidents
from linkage.voting.elections import day_of_ms, election_days, sites_of

SEX_JA = {"male": "男", "female": "女", "other": "その他", "unknown": "不明"}
CSV_HEADER = ("投票所ID", "投票所名", "投票日", "性別", "投票者数", "重複交付", "インシデントID")


def tally(conn: Connection, election_id: str) -> dict[str, Any]:
    """Voters who voted, by site, day (Japan) and sex; each row also counts the ballots of
    double-issue incidents issued there and names those incidents."""
    election_days(conn, election_id)  # 404 for an unknown election
    names = {s.site_id: s.name for s in sites_of(conn, election_id)}
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}

    def row(site_id: str, day: str, sex: str) -> dict[str, Any]:
        key = (site_id, day, sex)
        if key not in rows:
            rows[key] = {
                "site_id": site_id,
                "site_name": names.get(site_id, site_id),
                "day": day,
                "sex": sex,
                "voters": 0,
                "double_issues": 0,
                "incident_ids": [],
            }
        return rows[key]

    claims = conn.execute(
        select(ballot_claims.c.site_id, ballot_claims.c.claimed_at_ms, voters.c.sex)
        .join(voters, voters.c.voter_id == ballot_claims.c.voter_id)
        .where(ballot_claims.c.election_id == election_id)
    )
    for c in claims:
        row(c.site_id, day_of_ms(c.claimed_at_ms).isoformat(), c.sex)["voters"] += 1
    sexes: dict[str, str] = {
        r.voter_id: r.sex
        for r in conn.execute(
            select(voters.c.voter_id, voters.c.sex).where(voters.c.election_id == election_id)
        )
    }
    doubles = conn.execute(
        select(voting_incidents).where(
            voting_incidents.c.election_id == election_id,
            voting_incidents.c.kind == incidents.DOUBLE_ISSUE,
        )
    ).all()
    for incident in doubles:
        sex = sexes.get(incident.voter_id, "unknown")
        for claim in json.loads(incident.detail).get("claims", []):
            target = row(claim["site_id"], day_of_ms(claim["at_ms"]).isoformat(), sex)
            target["double_issues"] += 1
            if incident.incident_id not in target["incident_ids"]:
                target["incident_ids"].append(incident.incident_id)
    ordered = [rows[k] for k in sorted(rows)]
    return {
        "election_id": election_id,
        "rows": ordered,
        "total_voters": sum(r["voters"] for r in ordered),
        "incidents": incidents.list_incidents(conn, election_id),
    }


def to_csv(result: dict[str, Any]) -> str:
    """The tally as CSV with Japanese headers (UTF-8; the caller adds a BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in result["rows"]:
        writer.writerow(
            [
                r["site_id"],
                r["site_name"],
                r["day"],
                SEX_JA.get(r["sex"], r["sex"]),
                r["voters"],
                r["double_issues"],
                " ".join(r["incident_ids"]),
            ]
        )
    writer.writerow(["合計", "", "", "", result["total_voters"], "", ""])
    return out.getvalue()
