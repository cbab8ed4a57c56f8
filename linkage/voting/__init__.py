"""Early voting at the platform: elections and sites, the roll, ballot claims, declarations,
incidents and tallies (docs/protocol/voting.md)."""
