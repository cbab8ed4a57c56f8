"""The words more than one page of the desk shows: reasons, refusals, blocks, incidents, errors.

Their translation context is ``PollWorkerTexts``.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from kiosk.errors import InvalidInput, KioskError, NotFound, Refused, error_text
from kiosk.voting.desk import ClaimRejected, when_text
from kiosk.voting.model import DeclarationReason, Incident, OutageProcedure, PollingSite, Voter
from kiosk.voting.results import Block, CodeRefusal, Voted, Where


def reason_text(reason: DeclarationReason) -> str:
    """A statutory reason in words (Public Offices Election Act art. 48-2 (1))."""
    texts = {
        DeclarationReason.WORK: QCoreApplication.translate(
            "PollWorkerTexts", "1. Work, or an errand (study, local events, weddings, funerals…)"
        ),
        DeclarationReason.TRAVEL: QCoreApplication.translate(
            "PollWorkerTexts", "2. Travel or a stay outside the voting district"
        ),
        DeclarationReason.ILLNESS: QCoreApplication.translate(
            "PollWorkerTexts",
            "3. Illness, injury, pregnancy, old age, disability or childbirth making walking "
            "difficult, or detention",
        ),
        DeclarationReason.REMOTE_ISLAND: QCoreApplication.translate(
            "PollWorkerTexts", "4. Living or staying on a remote island"
        ),
        DeclarationReason.OUTSIDE_MUNICIPALITY: QCoreApplication.translate(
            "PollWorkerTexts", "5. Living outside the municipality"
        ),
        DeclarationReason.DISASTER: QCoreApplication.translate(
            "PollWorkerTexts", "6. A disaster or bad weather"
        ),
    }
    return texts[reason]


def code_refusal_text(refusal: CodeRefusal) -> str:
    """Why a declaration QR code was refused, and what to do."""
    texts = {
        CodeRefusal.FORGED: QCoreApplication.translate(
            "PollWorkerTexts",
            "This code is not genuine (its signature does not verify). Do not accept it.",
        ),
        CodeRefusal.EXPIRED: QCoreApplication.translate(
            "PollWorkerTexts", "This declaration code has expired. Declare at the desk instead."
        ),
        CodeRefusal.NOT_YET_VALID: QCoreApplication.translate(
            "PollWorkerTexts", "This code is not valid yet. Check the kiosk's clock."
        ),
        CodeRefusal.UNKNOWN_KEY: QCoreApplication.translate(
            "PollWorkerTexts",
            "This code was signed with a key the kiosk does not hold. Sync the kiosk.",
        ),
        CodeRefusal.REVOKED_KEY: QCoreApplication.translate(
            "PollWorkerTexts",
            "This code was signed with a key the platform revoked. Do not accept it; "
            "search the roll instead.",
        ),
        CodeRefusal.INVALID: QCoreApplication.translate(
            "PollWorkerTexts", "This code cannot be read. Search the roll instead."
        ),
        CodeRefusal.NOT_A_DECLARATION: QCoreApplication.translate(
            "PollWorkerTexts", "This is not a declaration code. Search the roll instead."
        ),
        CodeRefusal.WRONG_ELECTION: QCoreApplication.translate(
            "PollWorkerTexts",
            "This declaration is for another election. Declare at the desk instead.",
        ),
        CodeRefusal.UNKNOWN_DECLARATION: QCoreApplication.translate(
            "PollWorkerTexts",
            "This declaration has not reached the kiosk. Search the roll and declare at the desk.",
        ),
        CodeRefusal.SUPERSEDED: QCoreApplication.translate(
            "PollWorkerTexts",
            "The voter declared again: this code is replaced by the newer declaration.",
        ),
        CodeRefusal.ALREADY_USED: QCoreApplication.translate(
            "PollWorkerTexts",
            "This declaration was already used. Search the roll to see the voter's status.",
        ),
    }
    return texts[refusal]


def voted_text(voted: Voted) -> str:
    """Where and when the voter voted, in words."""
    when = when_text(voted.at_ms)
    if voted.where is Where.HERE and voted.provisional:
        return QCoreApplication.translate(
            "PollWorkerTexts", "Voted provisionally at this site ({site}) at {when}."
        ).format(site=voted.site_name, when=when)
    if voted.where is Where.HERE:
        return QCoreApplication.translate(
            "PollWorkerTexts", "Voted at this site ({site}) at {when}."
        ).format(site=voted.site_name, when=when)
    if voted.where is Where.OTHER_SITE and voted.provisional:
        return QCoreApplication.translate(
            "PollWorkerTexts", "Voted provisionally at {site} at {when}."
        ).format(site=voted.site_name, when=when)
    if voted.where is Where.OTHER_SITE:
        return QCoreApplication.translate("PollWorkerTexts", "Voted at {site} at {when}.").format(
            site=voted.site_name, when=when
        )
    return QCoreApplication.translate("PollWorkerTexts", "Voted online at {when}.").format(
        when=when
    )


def block_text(
    block: Block, voted: Voted | None, site: PollingSite | None, detail: str = ""
) -> str:
    """A hard block in words (an outage's by ``site``'s procedure): there is no button past it."""
    if block is Block.ALREADY_VOTED and voted is not None:
        return QCoreApplication.translate(
            "PollWorkerTexts", "Already voted — do not issue a ballot. {where}"
        ).format(where=voted_text(voted))
    if block is Block.VOTED_ONLINE and voted is not None:
        return QCoreApplication.translate(
            "PollWorkerTexts",
            "{where} Issuing a paper ballot cancels the online vote; a second poll worker "
            "confirms it.",
        ).format(where=voted_text(voted))
    if block is Block.NOT_VOTING_DAY:
        return QCoreApplication.translate(
            "PollWorkerTexts",
            "This site does not hold early voting today. Do not issue a ballot.",
        )
    if block is Block.NO_DECLARATION:
        return QCoreApplication.translate(
            "PollWorkerTexts", "No declaration: the voter declares at the desk first."
        )
    if site is not None and site.outage_procedure is OutageProcedure.HARD_BLOCK:
        return QCoreApplication.translate(
            "PollWorkerTexts",
            "The platform cannot be reached, and this site's procedure is to issue no "
            "ballot during an outage. Ask the voter to come back later or to go to another "
            "site. ({detail})",
        ).format(detail=detail)
    return QCoreApplication.translate(
        "PollWorkerTexts", "The platform cannot be reached. ({detail})"
    ).format(detail=detail)


def incident_text(
    incident: Incident, site_names: Mapping[str, str], voters: Mapping[str, Voter]
) -> str:
    """An incident in one line, its sites and voter by name where the kiosk knows them."""
    sites = ", ".join(site_names.get(s, s) for s in incident.sites)
    kind = {
        "double_issue": QCoreApplication.translate(
            "PollWorkerTexts", "Two ballots issued to one voter"
        ),
        "revoked_device_claim": QCoreApplication.translate(
            "PollWorkerTexts", "A revoked device tried to issue a ballot"
        ),
        "unknown_voter": QCoreApplication.translate(
            "PollWorkerTexts", "A ballot for a voter not on the roll"
        ),
        "outside_election": QCoreApplication.translate(
            "PollWorkerTexts", "A ballot recorded outside this election"
        ),
        "claim_id_replayed": QCoreApplication.translate(
            "PollWorkerTexts", "A ballot claim reused another device's claim id"
        ),
    }.get(incident.kind, incident.kind)
    voter = voters.get(incident.voter_id or "")
    who = (
        QCoreApplication.translate("PollWorkerTexts", "{name} (roll number {number})").format(
            name=voter.name, number=voter.roll_number
        )
        if voter is not None
        else incident.voter_id or "-"
    )
    return QCoreApplication.translate(
        "PollWorkerTexts", "{kind} — voter {voter}, sites: {sites}, {when}"
    ).format(kind=kind, voter=who, sites=sites, when=when_text(incident.created_at_ms))


def desk_error_text(error: KioskError) -> str:
    """Plain words for a refusal of the desk."""
    if isinstance(error, ClaimRejected):
        return QCoreApplication.translate(
            "PollWorkerTexts", "The platform refused the ballot ({kind}): {detail}"
        ).format(kind=error.kind, detail=error_text(error))
    if isinstance(error, Refused):
        texts = {
            "same_worker": QCoreApplication.translate(
                "PollWorkerTexts", "The second poll worker must be someone else."
            ),
            "second_worker_required": QCoreApplication.translate(
                "PollWorkerTexts", "A second poll worker must confirm with their own card or code."
            ),
            "wrong_code": QCoreApplication.translate(
                "PollWorkerTexts", "Unknown staff ID or wrong code."
            ),
            "codes_not_allowed": QCoreApplication.translate(
                "PollWorkerTexts", "This site accepts staff cards only."
            ),
            "disabled": QCoreApplication.translate(
                "PollWorkerTexts", "This staff account is disabled."
            ),
            "already_declared": QCoreApplication.translate(
                "PollWorkerTexts", "The voter has a declaration already: use it."
            ),
            "already_voted": QCoreApplication.translate(
                "PollWorkerTexts", "The voter has already voted."
            ),
        }
        if error.reason in texts:
            return texts[error.reason]
    if isinstance(error, NotFound):
        return QCoreApplication.translate("PollWorkerTexts", "Not found: {detail}").format(
            detail=error_text(error)
        )
    if isinstance(error, InvalidInput):
        return QCoreApplication.translate("PollWorkerTexts", "Please check: {detail}").format(
            detail=error_text(error)
        )
    return error_text(error)


def tries_text(tries: int | None) -> str:
    """The PIN tries a card has left, or nothing before the card was asked."""
    if tries is None:
        return ""
    if tries <= 1:
        return QCoreApplication.translate(
            "PollWorkerTexts", "1 try left: the kiosk will not try the PIN."
        )
    return QCoreApplication.translate("PollWorkerTexts", "PIN tries left: {tries}").format(
        tries=tries
    )
