"""A virtual My Number Card for tests and demos, in-process or behind pcscd via vpcd.

It emulates the JPKI user-authentication application and the card-info application, including
an individual-number file whose selection is counted so tests can prove it never happens.
"""

from cardio.virtualcard.card import VirtualMyNumberCard
from cardio.virtualcard.faults import Faults
from cardio.virtualcard.profile import CardProfile, ProfileError, new_test_profile
from cardio.virtualcard.transport import InProcessTransport

__all__ = [
    "CardProfile",
    "Faults",
    "InProcessTransport",
    "ProfileError",
    "VirtualMyNumberCard",
    "new_test_profile",
]
