"""Plain-language words for what went wrong, for citizens and for staff."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cardio.card_errors import CardError, PinTriesTooFewError, WrongPinError
from kiosk.counter import Refusal, TurnedAway


def refusal_text(turned: TurnedAway) -> str:
    """What a citizen reads when the counter did nothing."""
    texts = {
        Refusal.UNKNOWN_PERSON: QCoreApplication.translate(
            "Messages", "We could not find you. Please go to the staff desk."
        ),
        Refusal.INVALID_CODE: QCoreApplication.translate(
            "Messages", "This code cannot be used. Please go to the staff desk."
        ),
        Refusal.EXPIRED_CODE: QCoreApplication.translate(
            "Messages", "This code has expired. Show a new one, or go to the staff desk."
        ),
        Refusal.REVOKED_KEY: QCoreApplication.translate(
            "Messages",
            "This code was signed with a withdrawn key and cannot be used. "
            "Please go to the staff desk.",
        ),
        Refusal.NOT_A_PASS: QCoreApplication.translate(
            "Messages", "This is not a shelter pass. Please go to the staff desk."
        ),
        Refusal.UNREADABLE_CODE: QCoreApplication.translate(
            "Messages", "This code is not one we know. Please go to the staff desk."
        ),
        Refusal.SHELTER_CLOSED: QCoreApplication.translate(
            "Messages", "This shelter is closed. Please ask the staff."
        ),
        Refusal.NO_SHELTER: QCoreApplication.translate(
            "Messages", "This kiosk is not set up yet. Please ask the staff."
        ),
        Refusal.CARD_NEEDS_PIN: QCoreApplication.translate(
            "Messages",
            "This shelter does not have your registration yet. "
            "Enter your card's 4-digit PIN to bring it here.",
        ),
        Refusal.CARD_NOT_REGISTERED: QCoreApplication.translate(
            "Messages", "This card is not registered. Please register at the staff desk."
        ),
        Refusal.NOT_SHARED: QCoreApplication.translate(
            "Messages",
            "Your registration is not shared with shelters. Please go to the staff desk.",
        ),
    }
    return texts[turned.refusal]


def card_error_text(error: Exception) -> str:
    """What a citizen or staff member reads when the card could not be used."""
    if isinstance(error, WrongPinError):
        return QCoreApplication.translate("Messages", "Wrong PIN. {tries} tries left.").format(
            tries=error.tries_left
        )
    if isinstance(error, PinTriesTooFewError):
        return QCoreApplication.translate(
            "Messages",
            "Only one PIN try is left, so the kiosk will not try it. "
            "The PIN can be reset at the city office.",
        )
    if not isinstance(error, CardError):
        # Not the card but the kiosk (its store, say): trying the card again may not help.
        return QCoreApplication.translate(
            "Messages", "The kiosk could not finish this. Please ask the staff."
        )
    code = error.code
    texts = {
        "card_removed": QCoreApplication.translate(
            "Messages", "The card moved away too soon. Please hold it still and try again."
        ),
        "no_card": QCoreApplication.translate(
            "Messages", "No card on the reader. Please place your card on the reader."
        ),
        "not_my_number_card": QCoreApplication.translate(
            "Messages", "This card cannot be used. Please use your My Number Card."
        ),
        "pin_format": QCoreApplication.translate("Messages", "The PIN is 4 digits."),
        "pin_blocked": QCoreApplication.translate(
            "Messages", "This card's PIN is locked. It can be unlocked at the city office."
        ),
        "certificate_untrusted": QCoreApplication.translate(
            "Messages", "This card could not be verified. Please call a supervisor."
        ),
        "certificate_expired": QCoreApplication.translate(
            "Messages", "This card's certificate has expired."
        ),
        "signature_invalid": QCoreApplication.translate(
            "Messages", "This card could not be verified. Please call a supervisor."
        ),
        "pcsc_unavailable": QCoreApplication.translate(
            "Messages", "The card reader is not working. Please ask the staff."
        ),
        "no_reader": QCoreApplication.translate(
            "Messages", "The card reader is not connected. Please ask the staff."
        ),
    }
    return texts.get(
        code,
        QCoreApplication.translate("Messages", "The card could not be read. Please try again."),
    )
