"""The entrance counter: what happens when someone taps a card or shows a code.

Given a card key, a QR code's text or a city ID, the counter finds the person, checks them in
or out according to where they are now, and returns what the confirmation screen shows: the
person's name and the members of their household present here. When it cannot, it returns a
plain reason the screen turns into words (most often: please go to the staff desk).

Someone this kiosk does not hold is an arrival (kiosk/arrivals.py): with a valid signed pass
the platform is asked for their records, or, offline, they are checked in provisionally with
what the pass carries; with a card the holder proves it with the PIN and the platform is asked.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Concatenate, ParamSpec

from cardio.qr.cityid import CityIdError, CityIdRegistry
from cardio.qr.signed import (
    CodeType,
    KeySet,
    NotASignedCode,
    PassClaims,
    Reason,
    SignedCode,
    SignedCodeError,
    verify,
)
from kiosk import citycards, revoked_keys
from kiosk.app import Kiosk
from kiosk.arrivals import (
    ArrivalRefused,
    ArrivalSource,
    ArrivalUnavailable,
    Prover,
    is_provisional_arrival,
    record_provisional,
)
from kiosk.errors import Refused
from kiosk.model import Person
from kiosk.presence import Outcome
from kiosk.store import Store

QR_KEYS_META = "qr_keys"
REPEAT_WINDOW_S = 60
"""A tap of the same person within this many seconds repeats the confirmation (the default of
the ``repeat_tap_s`` setting)."""
LOCAL_PASS_PREFIX = "KZL:"
"""A pass the kiosk shows a walk-in: identification only, like a city card (docs/design.md §2)."""


class Refusal(StrEnum):
    """Why nobody was checked in or out."""

    UNKNOWN_PERSON = "unknown_person"
    INVALID_CODE = "invalid_code"
    EXPIRED_CODE = "expired_code"
    REVOKED_KEY = "revoked_key"
    NOT_A_PASS = "not_a_pass"
    UNREADABLE_CODE = "unreadable_code"
    SHELTER_CLOSED = "shelter_closed"
    NO_SHELTER = "no_shelter"
    CARD_NEEDS_PIN = "card_needs_pin"
    """The card is not known here; with its PIN the platform can be asked for the holder."""
    CARD_NOT_REGISTERED = "card_not_registered"
    NOT_SHARED = "not_shared"
    """The person does not share their data with shelter kiosks (consent withdrawn)."""


@dataclass(frozen=True)
class TurnedAway:
    """Nothing was recorded; ``detail`` is an English line for the audit and for staff."""

    refusal: Refusal
    detail: str = ""


@dataclass(frozen=True)
class Confirmation:
    """Someone was checked in, checked out or moved here."""

    outcome: Outcome
    person_id: str
    name: str
    furigana: str
    household_present: tuple[str, ...]
    previous_shelter_id: str | None = None
    provisional: bool = False
    """Checked in offline with a pass: the name and household follow at the next sync."""
    repeated: bool = False
    """The same person again within the repeat window: shown again, nothing recorded."""
    may_leave: bool = False
    """Already checked in here: checking out takes a deliberate second step (``leave``)."""


Answer = Confirmation | TurnedAway


def stored_keys(store: Store) -> KeySet:
    """The platform's QR signing keys held by this kiosk (none before the first sync), with
    the ids of the keys the platform revoked."""
    with store.reading() as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (QR_KEYS_META,)).fetchone()
        revoked = revoked_keys.revoked(conn)
    held = KeySet([]) if row is None else KeySet.from_json(row[0])
    return KeySet([k for kid in held.kids() if (k := held.get(kid)) is not None], revoked)


def save_keys(store: Store, actor: str, keys: KeySet) -> None:
    """Keep the platform's QR signing keys (the sync worker calls this with each new set)."""
    with store.transaction() as tx:
        tx.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (QR_KEYS_META, keys.to_json())
        )
        tx.audit(actor, "qr_keys.replace", "kiosk", keys=len(keys))


P = ParamSpec("P")


def _serving(
    method: Callable[Concatenate[Counter, P], Answer],
) -> Callable[Concatenate[Counter, P], Answer]:
    """The counter serves someone while ``method`` runs: the kiosk's background work waits."""

    @functools.wraps(method)
    def serve(counter: Counter, /, *args: P.args, **kwargs: P.kwargs) -> Answer:
        with counter.kiosk.serving():
            return method(counter, *args, **kwargs)

    return serve


class Counter:
    """Checks people in and out at one shelter from what they tap or show."""

    def __init__(
        self,
        kiosk: Kiosk,
        shelter_id: str,
        keys: KeySet | None = None,
        city_ids: CityIdRegistry | None = None,
        clock: Callable[[], float] = time.time,
        arrivals: ArrivalSource | None = None,
        asking: Callable[[], None] = lambda: None,
        repeat_window_s: int = REPEAT_WINDOW_S,
    ) -> None:
        self.kiosk = kiosk
        self.shelter_id = shelter_id
        self.keys = keys if keys is not None else stored_keys(kiosk.store)
        # None: the city card formats the platform gave this kiosk, read at each scan.
        self.city_ids = city_ids
        self._clock = clock
        self.arrivals = arrivals
        # Called (on the calling thread) just before the platform is asked, so that a screen
        # can say "checking" for the moment it takes.
        self._asking = asking
        self.repeat_window_s = repeat_window_s
        # What each person's last tap here recorded and when: people tap again "to be sure"
        # while the confirmation is up, and that must not reverse what was just recorded.
        self._recent: dict[str, tuple[float, Confirmation]] = {}

    @_serving
    def tap(self, actor: str, identifier: str) -> Answer:
        """Check in whoever ``identifier`` (card key, city ID, person id) belongs to.

        Anyone not checked in here is checked in (moved, if they were recorded at another
        shelter). The same person again within the repeat window gets the same confirmation
        and nothing is recorded. Someone already checked in here is told so and offered the
        check-out (``may_leave``), which ``leave`` records.
        """
        if not self.shelter_id:
            return TurnedAway(Refusal.NO_SHELTER, "the kiosk has no shelter set")
        person = self.kiosk.people.find(identifier)
        if person is None:
            if identifier.startswith("jpki:") and self._can_ask():
                return TurnedAway(Refusal.CARD_NEEDS_PIN, "a card this kiosk does not hold")
            if identifier.startswith(citycards.PREFIX):
                return TurnedAway(Refusal.CARD_NOT_REGISTERED, "a city card linked to nobody here")
            return TurnedAway(Refusal.UNKNOWN_PERSON, f"no person for {identifier.split(':')[0]}")
        repeated = self._repeated(person.person_id)
        if repeated is not None:
            # Built afresh: a provisional arrival's name may have come since.
            return self._confirmation(
                repeated.outcome, person, repeated.previous_shelter_id, repeated=True
            )
        where = self.kiosk.presence.where(person.person_id)
        if where is not None and where.present and where.shelter_id == self.shelter_id:
            return self._confirmation(Outcome.ALREADY_PRESENT, person, None, may_leave=True)
        try:
            result = self.kiosk.presence.check_in(actor, person.person_id, self.shelter_id)
        except Refused as exc:
            if exc.reason == "shelter_closed":
                return TurnedAway(Refusal.SHELTER_CLOSED, str(exc))
            raise
        return self._remember(
            self._confirmation(result.outcome, person, result.previous_shelter_id)
        )

    @_serving
    def leave(self, actor: str, person_id: str) -> Answer:
        """Check out someone checked in here who confirmed they are leaving (the second step
        after a tap that answered ``may_leave``)."""
        person = self.kiosk.people.get(person_id)
        result = self.kiosk.presence.check_out(actor, person_id, self.shelter_id)
        return self._remember(self._confirmation(result.outcome, person, None))

    def _repeated(self, person_id: str) -> Confirmation | None:
        now = self._clock()
        self._recent = {
            pid: seen for pid, seen in self._recent.items() if now - seen[0] < self.repeat_window_s
        }
        seen = self._recent.get(person_id)
        return None if seen is None else seen[1]

    def _remember(self, confirmation: Confirmation) -> Confirmation:
        if self.repeat_window_s > 0:
            self._recent[confirmation.person_id] = (self._clock(), confirmation)
        return confirmation

    def _confirmation(
        self,
        outcome: Outcome,
        person: Person,
        previous_shelter_id: str | None,
        may_leave: bool = False,
        repeated: bool = False,
    ) -> Confirmation:
        return Confirmation(
            outcome,
            person.person_id,
            person.name,
            person.furigana,
            self._household_present(person.person_id, person.household_id),
            previous_shelter_id,
            is_provisional_arrival(self.kiosk.store, person.person_id),
            repeated=repeated,
            may_leave=may_leave,
        )

    @_serving
    def show_code(self, actor: str, text: str) -> Answer:
        """Act on a QR code's text: a signed pass, a walk-in's kiosk pass, or a city card.

        A valid pass of someone this kiosk does not hold is an arrival: the platform is asked
        for them, or, when it cannot be asked, they are checked in provisionally.
        """
        signed = self._signed_pass(text)
        unknown = signed is not None and self.kiosk.people.find(signed.subject) is None
        if signed is not None and unknown and self.shelter_id:
            return self._arrive_with_pass(actor, text, signed)
        identifier = self.identify_code(text)
        if isinstance(identifier, TurnedAway):
            return identifier
        return self.tap(actor, identifier)

    @_serving
    def arrive_with_card(self, actor: str, prove: Prover) -> Answer:
        """Ask the platform for the holder of a card this kiosk does not hold, then check them
        in; ``prove`` has the card sign the platform's nonce after its PIN."""
        if not self.shelter_id:
            return TurnedAway(Refusal.NO_SHELTER, "the kiosk has no shelter set")
        if self.arrivals is None or not self.arrivals.available():
            return TurnedAway(Refusal.UNKNOWN_PERSON, "no platform to ask about the card")
        self._asking()
        try:
            person_id = self.arrivals.by_card(self.shelter_id, prove)
        except ArrivalUnavailable as exc:
            return TurnedAway(Refusal.UNKNOWN_PERSON, f"the platform could not be asked: {exc}")
        except ArrivalRefused as exc:
            return _refused_arrival(exc)
        return self.tap(actor, person_id)

    def _arrive_with_pass(self, actor: str, text: str, code: SignedCode) -> Answer:
        if self.arrivals is not None and self.arrivals.available():
            self._asking()
            try:
                return self.tap(actor, self.arrivals.by_pass(self.shelter_id, text))
            except ArrivalRefused as exc:
                return _refused_arrival(exc)
            except ArrivalUnavailable:
                pass  # offline: the pass alone will do, provisionally
        claims = code.claims
        assert isinstance(claims, PassClaims)  # the expected type was checked
        record_provisional(
            self.kiosk.store, actor, code.subject, claims.household_id, self.shelter_id, code.kid
        )
        return self.tap(actor, code.subject)

    def _can_ask(self) -> bool:
        return self.arrivals is not None and self.arrivals.available()

    def _signed_pass(self, text: str) -> SignedCode | None:
        """The code if ``text`` is a pass valid with the keys held here, else None."""
        try:
            return verify(text, self.keys, now=int(self._clock()), expected_type=CodeType.PASS)
        except SignedCodeError:
            return None

    def identify_code(self, text: str) -> str | TurnedAway:
        """The identifier a code stands for, or why it is refused."""
        if text.startswith(LOCAL_PASS_PREFIX):
            walk_in = self.kiosk.people.find(text[len(LOCAL_PASS_PREFIX) :])
            # Only walk-ins get kiosk passes; a platform id in one was typed by someone.
            if walk_in is None or not walk_in.provisional:
                return TurnedAway(Refusal.INVALID_CODE, "not a pass this kiosk issued")
            return walk_in.person_id
        try:
            code = verify(text, self.keys, now=int(self._clock()), expected_type=CodeType.PASS)
        except NotASignedCode:
            pass
        except SignedCodeError as exc:
            if exc.reason is Reason.EXPIRED:
                return TurnedAway(Refusal.EXPIRED_CODE, str(exc))
            if exc.reason is Reason.WRONG_TYPE:
                return TurnedAway(Refusal.NOT_A_PASS, str(exc))
            if exc.reason is Reason.KEY_REVOKED:
                return TurnedAway(Refusal.REVOKED_KEY, str(exc))
            return TurnedAway(Refusal.INVALID_CODE, f"{exc.reason.value}: {exc}")
        else:
            assert isinstance(code.claims, PassClaims)
            return code.subject
        registry = self.city_ids or citycards.registry(self.kiosk.store)
        try:
            city = registry.parse(text)
        except CityIdError as exc:
            return TurnedAway(Refusal.INVALID_CODE, str(exc))
        if city is None:
            return TurnedAway(Refusal.UNREADABLE_CODE, "not a code this kiosk knows")
        return f"city:{city.scheme}:{city.opaque_id}"

    def _household_present(self, person_id: str, household_id: str | None) -> tuple[str, ...]:
        if household_id is None:
            return ()
        here = []
        for member in self.kiosk.people.members(household_id):
            if member.person_id == person_id:
                continue
            where = self.kiosk.presence.where(member.person_id)
            if where is not None and where.present and where.shelter_id == self.shelter_id:
                here.append(member.name)
        return tuple(here)


def _refused_arrival(refused: ArrivalRefused) -> TurnedAway:
    if refused.kind == "card-not-registered":
        return TurnedAway(Refusal.CARD_NOT_REGISTERED, str(refused))
    if refused.kind == "not-shared":
        return TurnedAway(Refusal.NOT_SHARED, str(refused))
    if refused.reason == "key_revoked":
        return TurnedAway(Refusal.REVOKED_KEY, str(refused))
    if refused.reason == "expired":
        return TurnedAway(Refusal.EXPIRED_CODE, str(refused))
    if refused.kind == "code-refused":
        return TurnedAway(Refusal.INVALID_CODE, f"{refused.reason}: {refused}")
    return TurnedAway(Refusal.UNKNOWN_PERSON, f"{refused.kind}: {refused}")


def local_pass_text(person_id: str) -> str:
    """The text of the QR code a walk-in is shown to check in with next time."""
    return LOCAL_PASS_PREFIX + person_id
