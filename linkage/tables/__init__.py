"""The platform's tables (SQLAlchemy Core). Times are milliseconds since the epoch, UTC.

JSON documents are kept as text holding canonical JSON so that feed pages can be written
out without decoding and re-encoding every payload.

One module per room, all on the one ``metadata``; every table is importable from here.
"""

from __future__ import annotations

from linkage.tables.cards import (
    card_challenges,
    card_link_proofs,
    card_links,
    city_card_formats,
    city_cards,
)
from linkage.tables.consents import (
    consent_definition_versions,
    consent_definitions,
    consent_records,
)
from linkage.tables.devices import (
    challenges,
    changes,
    devices,
    enrolment_codes,
    events,
    feed_counter,
    incidents,
    sessions,
    signing_keys,
)
from linkage.tables.evote import (
    evote_ballots,
    evote_candidates,
    evote_contests,
    evote_paper_counts,
    evote_partials,
    evote_results,
    evote_settings,
    evote_voter_ballots,
)
from linkage.tables.hq import event_purges, hq_staff, shelter_supplies
from linkage.tables.meta import ID, metadata
from linkage.tables.partners import (
    disclosures,
    partner_assertions,
    partner_clients,
    partner_purposes,
    partner_requests,
    partner_tokens,
    partners,
    pseudonym_secrets,
)
from linkage.tables.people import (
    arrival_audit,
    field_conflicts,
    household_members,
    households,
    merge_suggestions,
    person_match_keys,
    person_scopes,
    person_verifications,
    persons,
    presence,
    protection_audit,
)
from linkage.tables.places import municipalities, questions, shelters
from linkage.tables.voting import (
    ballot_claims,
    declarations,
    elections,
    polling_sites,
    voters,
    voting_incidents,
)
from linkage.tables.web import (
    digital_auth_links,
    lookup_grants,
    oidc_flows,
    oidc_links,
    web_audit,
    web_sessions,
    web_sign_ins,
)

__all__ = [
    "ID",
    "arrival_audit",
    "ballot_claims",
    "card_challenges",
    "card_link_proofs",
    "card_links",
    "challenges",
    "changes",
    "city_card_formats",
    "city_cards",
    "consent_definition_versions",
    "consent_definitions",
    "consent_records",
    "declarations",
    "devices",
    "digital_auth_links",
    "disclosures",
    "elections",
    "enrolment_codes",
    "event_purges",
    "events",
    "evote_ballots",
    "evote_candidates",
    "evote_contests",
    "evote_paper_counts",
    "evote_partials",
    "evote_results",
    "evote_settings",
    "evote_voter_ballots",
    "feed_counter",
    "field_conflicts",
    "household_members",
    "households",
    "hq_staff",
    "incidents",
    "lookup_grants",
    "merge_suggestions",
    "metadata",
    "municipalities",
    "oidc_flows",
    "oidc_links",
    "partner_assertions",
    "partner_clients",
    "partner_purposes",
    "partner_requests",
    "partner_tokens",
    "partners",
    "person_match_keys",
    "person_scopes",
    "person_verifications",
    "persons",
    "polling_sites",
    "presence",
    "protection_audit",
    "pseudonym_secrets",
    "questions",
    "sessions",
    "shelter_supplies",
    "shelters",
    "signing_keys",
    "voters",
    "voting_incidents",
    "web_audit",
    "web_sessions",
    "web_sign_ins",
]
