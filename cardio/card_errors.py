"""Every failure of the card layer, one type per thing a poll worker can do something about.

Each error has a stable ``code`` the UI translates and an English ``message`` saying what to do;
``message_id`` and ``params`` find that message in the core catalogue (kiosk/i18n.py) for the
command line's language.
"""

from __future__ import annotations

from typing import ClassVar

from kiosk.i18n import N_


class CardError(Exception):
    """Base of all card-layer errors."""

    code: ClassVar[str] = "card_error"
    default_message: ClassVar[str] = N_("The card could not be read. Place it on the reader again.")

    def __init__(self, message: str | None = None, /, **params: object) -> None:
        self.message_id = message or self.default_message
        self.params = params
        self.message = self.message_id.format(**params) if params else self.message_id
        super().__init__(self.message)


class ReaderError(CardError):
    """The reader side is not usable (service, device)."""

    code = "reader_error"
    default_message = N_("The card reader is not usable. Check its cable.")


class PcscUnavailableError(ReaderError):
    """The PC/SC service (pcscd, or the Windows smart card service) is not running."""

    code = "pcsc_unavailable"
    default_message = N_(
        "The smart card service is not running. It is restarted automatically; "
        "if this persists, restart the kiosk."
    )


class NoReaderError(ReaderError):
    """No reader is connected, or the chosen one is not."""

    code = "no_reader"
    default_message = N_("No card reader is connected. Plug in the card reader.")


class ReaderGoneError(ReaderError):
    """The reader disappeared while in use."""

    code = "reader_gone"
    default_message = N_("The card reader was disconnected. Plug it in again.")


class NoCardError(CardError):
    """No card is on the reader."""

    code = "no_card"
    default_message = N_("No card on the reader. Place the card on the reader.")


class CardRemovedError(CardError):
    """The card left the reader's field during an exchange."""

    code = "card_removed"
    default_message = N_(
        "The card was moved away while it was being read. "
        "Place it on the reader again and hold it still until the screen says done."
    )


class CardCommunicationError(CardError):
    """The reader reported a transmission failure that is not a removal."""

    code = "card_communication"
    default_message = N_(
        "The reader could not talk to the card. Place the card on the reader again."
    )


class NotMyNumberCardError(CardError):
    """The card does not have the expected application."""

    code = "not_my_number_card"
    default_message = N_(
        "This card is not a My Number Card, or its certificate application is not available. "
        "Ask the person for their My Number Card."
    )


class CardResponseError(CardError):
    """The card answered a command with an unexpected status word."""

    code = "card_response"
    default_message = N_("The card gave an unexpected answer. Place it on the reader again.")

    def __init__(self, step: str, sw: int, message: str | None = None) -> None:
        self.step = step
        self.sw = sw
        super().__init__(
            message
            or N_(
                "The card gave an unexpected answer. Place it on the reader again. "
                "({step}: status {status})"
            ),
            step=step,
            status=f"{sw >> 8:02X} {sw & 0xFF:02X}",
        )


class CardDataError(CardError):
    """The card's data is malformed: cut short, too long, or not the expected structure."""

    code = "card_data"
    default_message = N_(
        "The card's data could not be understood. Place it on the reader again; "
        "if this repeats, the card may be damaged: refer the person to the municipal office."
    )


class TruncatedResponseError(CardDataError):
    """An answer carried fewer bytes than the card's own structure says it must."""

    code = "card_data_truncated"
    default_message = N_(
        "The card's answer was cut short. Hold the card still on the reader and try again."
    )


class OversizedResponseError(CardDataError):
    """An answer carried more bytes than asked for, or a length beyond any real card's."""

    code = "card_data_oversized"
    default_message = N_("The card sent more data than expected. Place it on the reader again.")


class CertificateFormatError(CardDataError):
    """The certificate on the card is not valid DER / X.509."""

    code = "certificate_format"
    default_message = N_(
        "The certificate on the card is unreadable. The card may be damaged: "
        "refer the person to the municipal office."
    )


class PinError(CardError):
    """Base of PIN-related refusals and failures."""

    code = "pin_error"


class PinFormatError(PinError):
    """The PIN typed is not four digits; nothing was sent to the card."""

    code = "pin_format"
    default_message = N_("The PIN is 4 digits. Ask the person to enter it again.")


class WrongPinError(PinError):
    """The card rejected the PIN; ``tries_left`` attempts remain."""

    code = "pin_wrong"

    def __init__(self, tries_left: int) -> None:
        self.tries_left = tries_left
        super().__init__(
            N_("Wrong PIN. {tries_left} tries left before the card's PIN is locked."),
            tries_left=tries_left,
        )


class PinTriesTooFewError(PinError):
    """Only one try is left: the kiosk refuses to risk locking the card."""

    code = "pin_one_try_left"

    def __init__(self, tries_left: int = 1) -> None:
        self.tries_left = tries_left
        super().__init__(
            N_(
                "Only one PIN try is left, so the kiosk will not try the PIN. "
                "The person can reset the PIN counter at the municipal office; "
                "identify them another way for now."
            )
        )


class PinBlockedError(PinError):
    """The PIN is locked on the card."""

    code = "pin_blocked"
    default_message = N_(
        "The PIN of this card is locked. It can be unlocked only at the municipal office; "
        "identify the person another way for now."
    )


class SignPasswordFormatError(PinFormatError):
    """The signing password typed is not 6-16 letters and digits; nothing was sent to the card."""

    code = "sign_password_format"
    default_message = N_(
        "The signature password is 6 to 16 characters, letters A-Z and digits 0-9. "
        "Ask the person to enter it again."
    )


class WrongSignPasswordError(WrongPinError):
    """The card rejected the signing password; ``tries_left`` attempts remain."""

    code = "sign_password_wrong"

    def __init__(self, tries_left: int) -> None:
        self.tries_left = tries_left
        PinError.__init__(
            self,
            N_("Wrong signature password. {tries_left} tries left before the card locks it."),
            tries_left=tries_left,
        )


class SignPasswordTriesTooFewError(PinTriesTooFewError):
    """Only one try of the signing password is left: the kiosk will not risk locking it."""

    code = "sign_password_one_try_left"

    def __init__(self, tries_left: int = 1) -> None:
        self.tries_left = tries_left
        PinError.__init__(
            self,
            N_(
                "Only one try of the signature password is left, so the kiosk will not try it. "
                "The person can reset it at the municipal office; fill in the form by hand for now."
            ),
        )


class SignPasswordBlockedError(PinBlockedError):
    """The signing password is locked on the card."""

    code = "sign_password_blocked"
    default_message = N_(
        "The signature password of this card is locked. It can be reset only at the municipal "
        "office; fill in the form by hand for now."
    )


class VerificationError(CardError):
    """The card's proof did not hold."""

    code = "verification_failed"
    default_message = N_("The card could not be verified. Do not accept it as proof of identity.")


class SignatureInvalidError(VerificationError):
    """The signature over the kiosk's nonce does not verify with the certificate's key."""

    code = "signature_invalid"
    default_message = N_(
        "The card's signature is not valid. Do not accept the card as proof of identity; "
        "call a supervisor."
    )


class CertificateChainError(VerificationError):
    """The certificate was not issued by any configured trust anchor."""

    code = "certificate_untrusted"
    default_message = N_(
        "The card's certificate was not issued by a trusted authority. "
        "Do not accept the card as proof of identity; call a supervisor."
    )


class CertificateValidityError(VerificationError):
    """A certificate in the chain is expired or not yet valid."""

    code = "certificate_expired"
    default_message = N_(
        "The card's certificate is expired or not yet valid. The person can renew it at the "
        "municipal office; identify them another way for now."
    )


class ForbiddenFileError(CardError):
    """A command would have touched the individual-number file. A programming error, never I/O."""

    code = "forbidden_file"
    default_message = N_("Refused to access the individual-number file.")
