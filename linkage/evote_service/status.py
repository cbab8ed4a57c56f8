"""The states of a ballot in the ballot box (all of them shown on the bulletin board)."""

# The voter's final ballot: it goes into the tally.
COUNTED = "counted"
# Replaced by the same voter's later online ballot.
SUPERSEDED = "superseded"
# Cancelled by a paper ballot issued at a polling-site desk.
CANCELLED = "cancelled"
# Opened by the voter to check the encryption; never counted.
AUDITED = "audited"
