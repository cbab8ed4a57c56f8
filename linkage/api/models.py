"""Request and answer bodies of the HTTP API (what docs/openapi.json describes)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    field_validator,
)

from linkage import fields
from linkage.envelope import EventIn, events_as_written
from linkage.ingest import Status
from linkage.json_int import WHOLE
from linkage.passes import DEFAULT_PASS_DAYS
from linkage.scope import EntityId, Scope


def _plain_text(value: str) -> str:
    # The characters every text field refuses (docs/protocol/events.md, "Field rules").
    reason = fields.char_problem(value)
    if reason is not None:
        raise ValueError(fields.REASONS[reason])
    return value


def _person_id(value: str) -> str:
    reason = fields.id_problem("person_id", value)
    if reason is not None:
        raise ValueError(fields.REASONS[reason])
    return value


# Every character ``fields.char_problem`` refuses, as code-point ranges (control, format,
# private-use, line/paragraph separator and noncharacters; a test keeps the two in step), so the
# published pattern says what the validator does. Lone surrogates cannot be written in a
# pattern and stay the validator's alone.
REFUSED_CHARS = (
    (0x0, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD),
    (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2), (0x180E, 0x180E), (0x200B, 0x200F),
    (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xE000, 0xF8FF), (0xFDD0, 0xFDEF),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0xFFFE, 0xFFFF), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    *((plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF) for plane in range(1, 14)),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F), (0xEFFFE, 0x10FFFF),
)  # fmt: skip


def _char(code: int) -> str:
    # \uXXXX reads the same in every regex dialect that checks the pattern; past the BMP only
    # the character itself does.
    return f"\\u{code:04x}" if code < 0x10000 else chr(code)


TEXT_PATTERN = "^[^" + "".join(f"{_char(a)}-{_char(b)}" for a, b in REFUSED_CHARS) + "]+$"
# Names are shown to people, and PostgreSQL text cannot hold NUL.
Text = Annotated[
    str,
    Field(min_length=1, max_length=200, pattern=TEXT_PATTERN),
    AfterValidator(_plain_text),
]


def _refused(code: int) -> bool:
    return any(a <= code <= b for a, b in REFUSED_CHARS)


# The spaces ``str.strip`` removes that are not refused anyway (U+0020, U+00A0, U+3000, ...).
SPACES = "".join(_char(c) for c in range(0x3001) if chr(c).isspace() and not _refused(c))
_ALLOWED = "[^" + "".join(f"{_char(a)}-{_char(b)}" for a, b in REFUSED_CHARS) + "]"
_VISIBLE = "[^" + SPACES + "".join(f"{_char(a)}-{_char(b)}" for a, b in REFUSED_CHARS) + "]"
# Plain text with at least one character that is not a space, so the pattern refuses what the
# validator refuses before the surrounding spaces are trimmed.
NOT_BLANK_PATTERN = f"^{_ALLOWED}*{_VISIBLE}{_ALLOWED}*$"


def _trimmed(value: str) -> str:
    return value.strip()


# Kept in the audit or with a decision: who acted, and why.
Reason = Annotated[
    str,
    Field(min_length=1, max_length=500, pattern=NOT_BLANK_PATTERN),
    AfterValidator(_plain_text),
    AfterValidator(_trimmed),
]
Actor = Annotated[
    str,
    Field(min_length=1, max_length=64, pattern=NOT_BLANK_PATTERN),
    AfterValidator(_plain_text),
    AfterValidator(_trimmed),
]
PersonIdText = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_person_id)]
# The most events a push may carry, stated to devices in ``GET /v1/devices/me``. Part of a
# push's cost is the same for every batch (the request, the transaction and its commit, the
# statements' planning): 5,000 a batch instead of 1,000 is about 30 ms less processor time for a
# push of 10,000 (docs/decisions/kiosk-sync.md, "Push, ninth round: the batch's own cost").
# A kiosk that is not told sends at most 1,000.
MAX_BATCH = 5000


class Strict(BaseModel):
    """Bodies refuse unknown fields, so that typos are reported instead of ignored, and take
    each value only as its own JSON type: ``false`` is no number, ``0`` no date or flag."""

    model_config = ConfigDict(extra="forbid", strict=True)


class SigningKey(BaseModel):
    """One of the platform's QR-signing public keys (docs/protocol/signed-qr.md, key set)."""

    kid: str
    issuer: str
    alg: Literal["Ed25519"]
    public_key: Annotated[str, Field(description="32-byte Ed25519 public key, base64url")]
    active: bool = Field(description="Whether this key signs codes issued now")
    not_before: str = Field(description="RFC 3339: the key issues codes from this time")
    not_after: str | None = Field(
        description="RFC 3339: the key issues codes until then; null: open"
    )


class SigningKeySet(BaseModel):
    """The platform's current QR-signing key set, for a kiosk to replace the one it holds."""

    protocol: int
    qr_signing_keys: list[SigningKey]


class EnrolRequest(Strict):
    """A kiosk's request to enrol."""

    code: Annotated[str, Field(min_length=4, max_length=40)]
    public_key: Annotated[
        str,
        Field(
            min_length=43,
            max_length=43,
            pattern=r"^[A-Za-z0-9_-]{43}$",
            description="Ed25519, 32 bytes base64url without padding",
        ),
    ]
    label: Annotated[str, Field(max_length=200)] | None = None


class EnrolResponse(BaseModel):
    """What an enrolled kiosk must keep."""

    protocol: int
    device_id: str
    scope: Scope
    qr_signing_keys: list[SigningKey]
    tls_pin: str | None
    platform_time_ms: int = Field(
        description="The platform's clock when it answered (ms since the epoch): the kiosk "
        "learns its clock's offset from it"
    )


class ChallengeResponse(BaseModel):
    """A challenge to sign with the device key."""

    challenge_id: str
    nonce: str
    expires_in: int


class SessionRequest(Strict):
    """The signed challenge."""

    challenge_id: Annotated[str, Field(min_length=1, max_length=64)]
    signature: Annotated[str, Field(min_length=1, max_length=200)]


class SessionResponse(BaseModel):
    """A short-lived bearer token."""

    token: str
    token_type: Literal["Bearer"]
    expires_in: int
    platform_time_ms: int = Field(
        description="The platform's clock when it answered (ms since the epoch): the kiosk "
        "learns its clock's offset from it at each session"
    )


class DeviceInfo(BaseModel):
    """What the platform knows of the calling device."""

    device_id: str
    scope: Scope
    acked_seq: int
    head_hash: str
    max_batch: int = Field(description="The most events a push may carry.")
    body_limit: int = Field(description="The most bytes a request body may have.")


class PushRequest(Strict):
    """A batch of events from one device."""

    events: Annotated[list[EventIn], Field(min_length=1, max_length=MAX_BATCH)]

    @field_validator("events", mode="wrap")
    @classmethod
    def _as_written_first(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # Nearly every push writes its integers as integers: validated without a call into
        # Python per number. Any other body is validated in full, with its value or its 422
        # as before.
        if isinstance(value, list) and 1 <= len(value) <= MAX_BATCH:
            events = events_as_written(value)
            if events is not None:
                return events
        return handler(value)


class EventOutcome(BaseModel):
    """What became of one pushed event."""

    event_id: str
    device_seq: int
    status: Status
    reason: str | None


class PushResponse(BaseModel):
    """The answer to a push."""

    protocol: int
    device_id: str
    acked_seq: int = Field(description="Every event 1..acked_seq of the device is stored.")
    results: list[EventOutcome]


class FeedChange(BaseModel):
    """One change of the feed."""

    position: int
    entity: Literal[
        "shelter",
        "supplies",
        "question",
        "person",
        "household",
        "presence",
        "conflict",
        "polling_site",
        "voter",
        "declaration",
        "voting_incident",
    ]
    entity_id: str
    op: Literal["upsert", "delete", "merge"]
    payload: dict[str, Any]


class PullResponse(BaseModel):
    """A page of the change feed."""

    protocol: int
    changes: list[FeedChange]
    next_after: int
    has_more: bool


class SnapshotItem(BaseModel):
    """One entity's current state."""

    entity: Literal[
        "shelter",
        "question",
        "person",
        "household",
        "presence",
        "polling_site",
        "voter",
        "declaration",
        "voting_incident",
    ]
    entity_id: str
    payload: dict[str, Any]


class SnapshotResponse(BaseModel):
    """A page of the initial snapshot."""

    protocol: int
    snapshot_position: int = Field(description="Pull the feed from here once the snapshot is done.")
    items: list[SnapshotItem]
    next_page_token: str | None
    total_items: int = Field(description="Items in the whole snapshot, counted at its first page.")
    person_items: Literal["compact"] | None = Field(
        None, description="`compact` when the page's person items are compact, as asked."
    )
    household_items: Literal["compact"] | None = Field(
        None, description="`compact` when the page's household items are compact, as asked."
    )


class Location(Strict):
    """A point in WGS 84 degrees."""

    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
    lon: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]


class MunicipalityBody(Strict):
    """A municipality's details."""

    name: Text


class Municipality(MunicipalityBody):
    """A municipality (shelters and resident lists belong to one)."""

    municipality_id: str


class ShelterBody(Strict):
    """A shelter's details (whether it is open is set apart, by its status)."""

    municipality_id: EntityId
    name: Text
    capacity: Annotated[int, Field(ge=0, le=1_000_000), WHOLE] | None = None
    location: Location | None = Field(default=None, description="Where it is, for the map")
    kind: Literal["designated", "welfare", "emergency", "other", "event"] = Field(
        default="designated",
        description="designated shelter, welfare shelter (福祉避難所), emergency evacuation "
        "site (緊急避難場所), other, or event: a community event's site (地域イベント), "
        "never published as a shelter",
    )


class Shelter(ShelterBody):
    """A shelter."""

    shelter_id: str
    open: bool = Field(description="Whether it takes people in now")


class QuestionBody(Strict):
    """An additional question on the shelter forms of a municipality's kiosks."""

    applies_to: Literal["person", "household"]
    kind: Literal["text", "yesno", "number", "choice"]
    label_ja: Text
    label_en: Text
    choices: list[Text] = Field(default_factory=list, max_length=50)
    active: bool = Field(default=True, description="False retires it from the forms")


class Question(QuestionBody):
    """A question as the municipality's kiosks receive it."""

    question_id: str
    municipality_id: str


class CityCardFormatBody(Strict):
    """A municipality's own QR ID card: ``<prefix>:<municipality_code>:<card id>``."""

    prefix: str = Field(max_length=16, description="1-16 capital letters or digits, a letter first")
    municipality_code: str = Field(
        max_length=6, description="The 6-digit local government code, check digit included"
    )
    id_pattern: str = Field(
        max_length=100,
        description="Anchored pattern of the card id (^...$): letters, digits, -, \\d and "
        "[...] classes, each with an optional {n}, {m,n} or ?; ids of at most 64 characters",
    )


class CityCardFormat(CityCardFormatBody):
    """A city card format as the municipality's kiosks receive it."""

    municipality_id: str


class ShelterStatusBody(Strict):
    """Open a shelter to evacuees or close it."""

    status: Literal["open", "closed"]


class PollingSiteBody(Strict):
    """A polling site's details; the election is created when ``election_name`` is given."""

    election_id: EntityId
    election_name: Text | None = None
    name: Text


class EnrolmentCodeRequest(Strict):
    """Ask for a one-time enrolment code bound to a scope."""

    scope: Scope
    label: Text
    ttl_s: Annotated[int, Field(ge=60, le=30 * 24 * 3600), WHOLE] = 72 * 3600


class EnrolmentCode(BaseModel):
    """A one-time code, shown once."""

    code: str
    expires_at: str
    scope: Scope


class Done(BaseModel):
    """A plain acknowledgement."""

    ok: Literal[True]


class RowError(BaseModel):
    """Why one CSV row was not imported."""

    row: int
    external_ref: str | None
    errors: list[str]


class ImportReport(BaseModel):
    """How an import went."""

    created: int
    updated: int
    errors: list[RowError]


class MergeRequest(Strict):
    """Merge a provisional person into an existing one."""

    from_person_id: EntityId
    into_person_id: EntityId


class ConsentRequest(Strict):
    """A grant or withdrawal of one consent definition."""

    definition_id: EntityId
    state: Literal["given", "withdrawn"]
    method: Annotated[str, Field(min_length=1, max_length=64)] = "staff"


class ConsentRecorded(BaseModel):
    """The new consent record."""

    record_id: str


class ConsentDefinition(BaseModel):
    """A storage or sharing definition."""

    definition_id: str
    kind: Literal["storage", "sharing"]
    title: str
    purpose: str
    data_categories: list[str]
    recipients: list[str]
    retention: str
    version: int = Field(1, description="The version in force; a new one asks residents again")
    partner_id: str | None = Field(None, description="The partner a sharing definition serves")
    purpose_id: str | None = None
    legal_basis: Literal["consent", "statute"] = "consent"
    statute: str | None = Field(None, description="The statute a statute basis rests on")
    mode: Literal["opt-in", "opt-out"] = "opt-in"
    includes_protected: bool = Field(
        False, description="Whether DV-protected people are disclosed (a statute basis only)"
    )
    translations: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="A partner definition's title, purpose and retention in other languages",
    )


class Conflict(BaseModel):
    """A field write that lost to a newer one."""

    conflict_id: int
    entity: str
    entity_id: str
    field: str
    kept_value: Any
    kept_hlc: str
    lost_value: Any
    lost_hlc: str
    event_id: str | None


class Incident(BaseModel):
    """Something staff must look at."""

    incident_id: int
    kind: str
    device_id: str | None
    detail: dict[str, Any]
    created_at: str


class RotateRequest(Strict):
    """When the new key starts issuing: a lead time lets kiosks learn it before it is used."""

    lead_s: Annotated[int, Field(ge=0, le=90 * 24 * 3600), WHOLE] = 0


class KeyRotated(BaseModel):
    """The new signing key and when it starts issuing."""

    kid: str
    not_before: str


class PassRequest(Strict):
    """A pre-registration pass to sign: how long it lives, the shelter it names (optional)."""

    valid_days: Annotated[int, Field(ge=1, le=366), WHOLE] = DEFAULT_PASS_DAYS
    shelter_id: EntityId | None = None


class PassIssued(BaseModel):
    """A signed pass: the KZ1 text for the QR code and what it says."""

    code: str = Field(description="KZ1 text; encode it as one alphanumeric-mode QR segment")
    kid: str
    person_id: str
    household_id: str
    shelter_id: str | None
    issued_at: str
    expires_at: str


class CardChallenge(BaseModel):
    """A nonce for a My Number Card to sign."""

    challenge_id: str
    nonce: str = Field(description="32 bytes, base64url: the card signs these bytes")
    expires_in: int


class CardLinkRequest(Strict):
    """The card's proof for a challenge, and the person to link it to."""

    challenge_id: Annotated[str, Field(min_length=1, max_length=64)]
    person_id: PersonIdText
    certificate: Annotated[
        str,
        Field(
            min_length=1,
            max_length=8000,
            description="User-authentication certificate: base64url DER, or PEM",
        ),
    ]
    intermediates: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=8000)]],
        Field(max_length=3, description="CA certificates from the card (never trusted alone)"),
    ] = []
    signature: Annotated[
        str,
        Field(
            min_length=1,
            max_length=1400,
            description="Over the nonce bytes: RSA PKCS#1 v1.5 SHA-256, or ECDSA P-384 SHA-384",
        ),
    ]


class CardLinked(BaseModel):
    """A card linked to a person on the card's own proof."""

    card_key: str
    person_id: str
    assurance: Literal["verified"]


class PublicLocation(BaseModel):
    """A point in WGS 84 degrees."""

    lat: float
    lon: float


class PublicShelter(BaseModel):
    """One shelter as the public sees it; a closed one shows no count."""

    shelter_id: str
    municipality_id: str
    name: str
    location: PublicLocation | None
    status: Literal["open", "closed"]
    capacity: int | None
    occupancy: int | None = Field(description="People present now; null while closed")
    congestion: Literal["vacant", "somewhat_crowded", "crowded", "full", "unknown", "closed"] = (
        Field(
            description="Occupancy over capacity: below 50 % vacant, below 80 % somewhat_crowded, "
            "below 100 % crowded, else full; unknown without a capacity; closed"
        )
    )


class PublicShelters(BaseModel):
    """The public shelter document."""

    shelters: list[PublicShelter]


class OrionStatus(BaseModel):
    """How this process publishes shelters to a FIWARE Orion broker."""

    configured: bool
    url: str | None = None
    published: int = Field(default=0, description="Entities the broker acknowledged since start")
    failures: int = Field(default=0, description="Failed attempts in a row (0: all delivered)")
    last_error: str | None = None
    last_success: str | None = Field(default=None, description="ISO 8601, last delivery")
