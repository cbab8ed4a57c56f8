"""Online early voting's cryptographic core (docs/protocol/evote.md): ristretto255 group,
exponential ElGamal, zero-knowledge proofs, the trustees' key ceremony, ballots, the tally, the
election record and its verifier."""
