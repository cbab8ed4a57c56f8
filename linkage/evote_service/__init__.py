"""Online early voting at the platform: contests, the online period, casting, the ballot box,
the bulletin board and the tally (the cryptography is ``linkage.evote``)."""
