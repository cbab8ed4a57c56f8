"""Online early voting (linkage/evote_service)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    true,
)

from linkage.tables.meta import ID, metadata

# Online early voting (linkage/evote_service): an election's online settings and period.
evote_settings = Table(
    "evote_settings",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    # Every output of a mock election is marked 模擬.
    Column("mock", Boolean, nullable=False, server_default=false()),
    Column("opens_at_ms", BigInteger, nullable=True),
    Column("closes_at_ms", BigInteger, nullable=True),
    # Set when the period was closed and the voter-to-ballot links destroyed.
    Column("closed_at_ms", BigInteger, nullable=True),
    Column("paper_cancels_online", Boolean, nullable=False, server_default=true()),
    Column("revote_allowed", Boolean, nullable=False, server_default=true()),
    # How many trustees share the election key, and how many of them decrypt the tally.
    Column("trustees", Integer, nullable=False, server_default="1"),
    Column("quorum", Integer, nullable=False, server_default="1"),
    # The election context (linkage.evote) the key ceremony produced: ballots are made in it;
    # the trustees' public ceremony records, for the election record.
    Column("context", Text, nullable=True),
    Column("trustee_records", Text, nullable=True),
    # Tells the election's link key (linkage/evote_service/link_keys.py, never stored here)
    # from another one while the period is open; None before the first cast and after close.
    Column("link_key_check", String(64), nullable=True),
    # The commitment to the closed ballot box (linkage.evote.record), published at close.
    Column("box_commitment", String(64), nullable=True),
)

evote_contests = Table(
    "evote_contests",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("contest_id", String(ID), primary_key=True),
    Column("title", Text, nullable=False),
    Column("title_en", Text, nullable=True),
    # How many candidates a voter may choose (the seats of the contest).
    Column("choices", Integer, nullable=False),
    Column("position", Integer, nullable=False),
)

evote_candidates = Table(
    "evote_candidates",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("contest_id", String(ID), primary_key=True),
    Column("candidate_id", String(ID), primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_en", Text, nullable=True),
    Column("position", Integer, nullable=False),
)

# The ballot box: ciphertexts and proofs only. Nothing here names a voter or tells the order
# of casting: the ballot id is the browser's random one, the tracker a hash of the ballot, the
# cast time rounded to the hour while the period is open and removed at close, when the box is
# rewritten in tracker order (linkage/evote_service/closing.py).
evote_ballots = Table(
    "evote_ballots",
    metadata,
    Column("ballot_id", String(ID), primary_key=True),
    Column("election_id", String(ID), nullable=False),
    # A cast ballot's tracker; an audited ballot's code.
    Column("tracker", String(ID), nullable=False, unique=True),
    # The ballot; an audited one as {"ballot", "audit", "choices"}.
    Column("ballot", Text, nullable=False),
    # counted | superseded | cancelled | audited
    Column("status", String(16), nullable=False),
    Column("cast_hour_ms", BigInteger, nullable=True),
    Index("ix_evote_ballots_election", "election_id", "status"),
)

# Which ballot is a voter's current one, for re-voting and for a desk's paper ballot to cancel
# it: the voter as a tag and the ballot id sealed, both under the election's link key, which is
# not in the database (linkage/evote_service/links.py); every row is destroyed at close.
evote_voter_ballots = Table(
    "evote_voter_ballots",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("voter_tag", String(64), primary_key=True),
    Column("sealed_ballot", String(128), nullable=False),
)

# A trustee's partial decryption of the tally, with its proofs (the core's JSON).
evote_partials = Table(
    "evote_partials",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("trustee", Integer, primary_key=True),
    Column("partial", Text, nullable=False),
    Column("received_at_ms", BigInteger, nullable=False),
)

# The paper ballots counted at a polling place, entered by the election office.
evote_paper_counts = Table(
    "evote_paper_counts",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("site_id", String(ID), primary_key=True),
    Column("contest_id", String(ID), primary_key=True),
    Column("candidate_id", String(ID), primary_key=True),
    Column("votes", Integer, nullable=False),
    Column("entered_by", String(ID), nullable=False),
    Column("entered_at_ms", BigInteger, nullable=False),
)

# The published result and election record (the core's record builder's JSON).
evote_results = Table(
    "evote_results",
    metadata,
    Column("election_id", String(ID), primary_key=True),
    Column("result", Text, nullable=False),
    Column("record", Text, nullable=False),
    Column("published_at_ms", BigInteger, nullable=False),
)
