"""Schema versions of the kiosk store, each a forward migration from the one before.

A released version's SQL never changes; a new version appends a step. Tests keep a fixture
database of every released version and migrate it to the newest.
"""

from __future__ import annotations

SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE shelters (
    shelter_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity >= 0),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    latitude REAL,
    longitude REAL,
    address TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Person and household rows are large (their JSON), so they keep rowid tables.
CREATE TABLE households (
    household_id TEXT PRIMARY KEY,
    -- No foreign key: synced households may belong to shelters outside this kiosk's list.
    shelter_id TEXT,
    data TEXT NOT NULL
);

CREATE TABLE persons (
    person_id TEXT PRIMARY KEY,
    household_id TEXT REFERENCES households (household_id),
    name_key TEXT NOT NULL,
    furigana_key TEXT NOT NULL,
    birth_date TEXT,
    sex TEXT NOT NULL,
    dv_protected INTEGER NOT NULL DEFAULT 0,
    provisional INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL
);
CREATE INDEX persons_furigana ON persons (furigana_key);
CREATE INDEX persons_name ON persons (name_key);
CREATE INDEX persons_household ON persons (household_id);

CREATE TABLE identifiers (
    identifier TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons (person_id)
) WITHOUT ROWID;
CREATE INDEX identifiers_person ON identifiers (person_id);

CREATE TABLE presence (
    person_id TEXT PRIMARY KEY REFERENCES persons (person_id),
    shelter_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('in', 'out')),
    hlc TEXT NOT NULL,
    since TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX presence_shelter ON presence (shelter_id, state);

CREATE TABLE stays (
    stay_id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL,
    shelter_id TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    left_at TEXT
);
CREATE INDEX stays_shelter ON stays (shelter_id, entered_at);
CREATE INDEX stays_open ON stays (person_id) WHERE left_at IS NULL;

CREATE TABLE questions (
    question_id TEXT PRIMARY KEY,
    applies_to TEXT NOT NULL CHECK (applies_to IN ('person', 'household')),
    kind TEXT NOT NULL CHECK (kind IN ('text', 'yesno', 'number', 'choice')),
    label_ja TEXT NOT NULL,
    label_en TEXT NOT NULL,
    choices TEXT NOT NULL DEFAULT '[]',
    active INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

CREATE TABLE answers (
    subject_id TEXT NOT NULL,
    question_id TEXT NOT NULL REFERENCES questions (question_id),
    value TEXT NOT NULL,
    PRIMARY KEY (subject_id, question_id)
) WITHOUT ROWID;

CREATE TABLE outbox (
    device_seq INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    hlc TEXT NOT NULL,
    type TEXT NOT NULL,
    schema INTEGER NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    acknowledged INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

# Version 2: what sync brings from the platform — field conflicts staff can see, and walk-in
# merges (a provisional id that now stands for another person); acknowledged events pruned.
SCHEMA_V2 = """
CREATE TABLE conflicts (
    conflict_id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    kept_value TEXT NOT NULL,
    kept_hlc TEXT NOT NULL,
    lost_value TEXT NOT NULL,
    lost_hlc TEXT NOT NULL
);
CREATE INDEX conflicts_entity ON conflicts (entity_id);

CREATE TABLE merges (
    from_person_id TEXT PRIMARY KEY,
    into_person_id TEXT NOT NULL
) WITHOUT ROWID;

-- Events the platform has stored are deleted from the outbox (the chain head stays in meta),
-- so a flag for them is not needed.
ALTER TABLE outbox DROP COLUMN acknowledged;
"""

# Version 3: early voting at a polling site — the election's sites, the site's copy of the roll
# (kept so voters can be matched offline), declarations, incidents the platform reports, and the
# ballots this kiosk issued (who, when, by whom; never a vote's content).
SCHEMA_V3 = """
CREATE TABLE polling_sites (
    site_id TEXT PRIMARY KEY,
    election_id TEXT NOT NULL,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX polling_sites_election ON polling_sites (election_id);

CREATE TABLE voters (
    voter_id TEXT PRIMARY KEY,
    election_id TEXT NOT NULL,
    person_id TEXT,
    name_key TEXT NOT NULL,
    kana_key TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX voters_kana ON voters (election_id, kana_key);
CREATE INDEX voters_name ON voters (election_id, name_key);
CREATE INDEX voters_birth ON voters (election_id, birth_date);
CREATE INDEX voters_person ON voters (election_id, person_id);

CREATE TABLE voter_cards (
    card_key TEXT NOT NULL,
    voter_id TEXT NOT NULL REFERENCES voters (voter_id),
    PRIMARY KEY (card_key, voter_id)
) WITHOUT ROWID;
CREATE INDEX voter_cards_voter ON voter_cards (voter_id);

CREATE TABLE declarations (
    declaration_id TEXT PRIMARY KEY,
    election_id TEXT NOT NULL,
    voter_id TEXT,
    person_id TEXT,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX declarations_voter ON declarations (voter_id);
CREATE INDEX declarations_person ON declarations (election_id, person_id);

-- One row per ballot this kiosk handed out or tried to: 'claiming' while the platform is asked
-- (a crash leaves it, and the same claim id is used again), then 'issued' or 'provisional'.
CREATE TABLE ballot_issues (
    claim_id TEXT PRIMARY KEY,
    election_id TEXT NOT NULL,
    voter_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('claiming', 'issued', 'provisional')),
    at TEXT NOT NULL,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX ballot_issues_voter ON ballot_issues (election_id, voter_id);

CREATE TABLE voting_incidents (
    incident_id TEXT PRIMARY KEY,
    election_id TEXT NOT NULL,
    voter_id TEXT,
    resolved INTEGER NOT NULL,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX voting_incidents_election ON voting_incidents (election_id, resolved);
"""

# Version 4 (arrivals): people checked in offline with a signed pass this kiosk did not hold.
# The row stays until the platform's record of the person replaces what the pass carried.
SCHEMA_V4_ARRIVALS = """
CREATE TABLE provisional_arrivals (
    person_id TEXT PRIMARY KEY,
    shelter_id TEXT NOT NULL,
    kid TEXT NOT NULL,
    at TEXT NOT NULL
) WITHOUT ROWID;
"""

# Version 5 (supplies): each shelter's stock and requests per item, entered here or at HQ;
# ``hlc`` is the entry's stamp, and the later entry of an item wins (kiosk/supplies.py).
SCHEMA_V5_SUPPLIES = """
CREATE TABLE supplies (
    shelter_id TEXT NOT NULL,
    item TEXT NOT NULL,
    stock INTEGER NOT NULL,
    requested INTEGER NOT NULL,
    hlc TEXT NOT NULL,
    PRIMARY KEY (shelter_id, item)
) WITHOUT ROWID;
"""

# The persons table's search indexes (version 1). A first provisioning into an empty store
# builds them once after its last page instead of row by row (kiosk/feed_apply.py), and a store
# opened without them (the kiosk stopped in between) builds them again (kiosk/store.py). The
# household index stays: a tap reads the members of the household.
PERSON_SEARCH_INDEXES: dict[str, str] = {
    "persons_furigana": "CREATE INDEX IF NOT EXISTS persons_furigana ON persons (furigana_key)",
    "persons_name": "CREATE INDEX IF NOT EXISTS persons_name ON persons (name_key)",
}

# Index = schema version reached after the step.
MIGRATIONS: tuple[str, ...] = (
    SCHEMA_V1,
    SCHEMA_V2,
    SCHEMA_V3,
    SCHEMA_V4_ARRIVALS,
    SCHEMA_V5_SUPPLIES,
)

LATEST = len(MIGRATIONS)
