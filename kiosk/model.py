"""The shelter domain: people, households, shelters, as in the municipal registration card.

Fields follow shared/domain/shelters.md. Values are plain (str, bool, date) so that a record
round-trips through JSON, CSV and events without loss.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Self, TypeVar

from kiosk.errors import InvalidInput

_R = TypeVar("_R")


class Sex(StrEnum):
    """ISO 5218 codes, as the card's card-info application gives them."""

    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    NOT_APPLICABLE = "9"


class Disability(StrEnum):
    """Disability kinds a shelter plans care for."""

    PHYSICAL = "physical"
    VISUAL = "visual"
    HEARING = "hearing"
    MENTAL = "mental"
    INTELLECTUAL = "intellectual"
    DEVELOPMENTAL = "developmental"


class Damage(StrEnum):
    """Damage to the household's home."""

    UNKNOWN = ""
    NONE = "none"
    DESTROYED = "destroyed"
    HALF = "half"
    PARTIAL = "partial"
    FLOOD_ABOVE_FLOOR = "flood_above_floor"
    FLOOD_BELOW_FLOOR = "flood_below_floor"


class Tenure(StrEnum):
    """Whether the home is owned or rented."""

    UNKNOWN = ""
    OWNED = "owned"
    RENTED = "rented"


class Staying(StrEnum):
    """Where the household is staying; everything but SHELTER counts as outside."""

    SHELTER = "shelter"
    HOME = "home"
    CAR = "car"
    TENT = "tent"
    OTHER = "other"


class ShelterStatus(StrEnum):
    """Whether a shelter takes people in."""

    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Pet:
    """An animal in the household's pet register."""

    kind: str
    name: str = ""
    count: int = 1
    notes: str = ""


@dataclass(frozen=True)
class Car:
    """The household's car and where it is parked."""

    model: str = ""
    plate: str = ""
    colour: str = ""
    parked_at: str = ""


class Record:
    """JSON conversions shared by the records that travel in events and files."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return _to_dict(self)

    def to_compact_dict(self) -> dict[str, Any]:
        """JSON-ready fields that differ from their defaults (for storage)."""
        return _compact(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from JSON-ready fields, checking each; unknown fields are an error."""
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Person(Record):
    """A household member. ``person_id`` is pseudonymous; the individual number never appears."""

    person_id: str
    name: str
    furigana: str
    sex: Sex = Sex.UNKNOWN
    birth_date: date | None = None
    household_id: str | None = None
    relation: str = ""
    address: str = ""
    phone: str = ""
    pregnant: bool = False
    nursing: bool = False
    care_required: bool = False
    disabilities: tuple[Disability, ...] = ()
    allergies: str = ""
    medication: str = ""
    consent_relatives: bool = False
    consent_publish: bool = False
    # The safety list names the shelter too (safety-publication-shelter); only with the above.
    consent_publish_shelter: bool = False
    dv_protected: bool = False
    provisional: bool = False

    def needs_care(self) -> bool:
        """Whether the person is 要配慮者 (needs consideration) by any recorded kind."""
        return bool(
            self.pregnant
            or self.nursing
            or self.care_required
            or self.disabilities
            or self.allergies
            or self.medication
        )

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day``, if the birth date is known."""
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


@dataclass(frozen=True)
class Household(Record):
    """A household as on the registration card; members are Persons with its id."""

    household_id: str
    shelter_id: str | None = None
    registration_no: str = ""
    registered_on: date | None = None
    representative_id: str | None = None
    phone: str = ""
    address: str = ""
    tenure: Tenure = Tenure.UNKNOWN
    damage: Damage = Damage.UNKNOWN
    water_out: bool = False
    power_out: bool = False
    gas_out: bool = False
    livable: bool | None = None
    staying: Staying = Staying.SHELTER
    car: Car = field(default_factory=Car)
    pets: tuple[Pet, ...] = ()


# The one site kind that is not a shelter (docs/decisions/hq.md, "Event sites").
EVENT_KIND = "event"


@dataclass(frozen=True)
class Shelter:
    """A shelter (or a polling place's or an event's site)."""

    shelter_id: str
    name: str
    kind: str = "designated"
    capacity: int = 0
    status: ShelterStatus = ShelterStatus.OPEN
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""

    @property
    def is_event_site(self) -> bool:
        """Whether the platform made this site a community event's (kind ``event``): people
        attend it, nobody shelters there."""
        return self.kind == EVENT_KIND


# Per-class caches: every row read or written passes through these.
_FIELDS: dict[type, tuple[tuple[str, object], ...]] = {}
_DEFAULTS: dict[type, dict[str, Any]] = {}
_PLAIN: dict[type, dict[str, type]] = {}
_REQUIRED: dict[type, frozenset[str]] = {}
# Stands for the default of a field that has none: no JSON value equals it.
_NO_DEFAULT = object()
_ANNOTATIONS: dict[type, dict[str, object]] = {}


def _fields(cls: type) -> tuple[tuple[str, object], ...]:
    """(name, annotation) of a record class's fields."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple((f.name, f.type) for f in dataclasses.fields(cls))
    return found


def _json_defaults(cls: type) -> dict[str, Any]:
    """The JSON form of each field's default, for fields that have one."""
    found = _DEFAULTS.get(cls)
    if found is None:
        found = _DEFAULTS[cls] = {}
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING:
                found[f.name] = _json_value(f.default)
            elif f.default_factory is not dataclasses.MISSING:
                found[f.name] = _json_value(f.default_factory())
    return found


def _json_value(value: Any) -> Any:
    # Plain JSON types first: they are nearly every value.
    if value is None or type(value) in (str, bool, int, float):
        return value
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Car):
        return dataclasses.asdict(value)
    if isinstance(value, tuple):
        return [dataclasses.asdict(v) if isinstance(v, Pet) else str(v) for v in value]
    return value


def _to_dict(record: Any) -> dict[str, Any]:
    return {name: _json_value(getattr(record, name)) for name, _ in _fields(type(record))}


def compact_json(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (JSON fields already accepted by ``cls.from_dict``) without default values.

    The same as ``cls.from_dict(data).to_compact_dict()`` up to equivalent spellings, without
    converting twice: a provisioning kiosk does this for every person it receives.
    """
    defaults = _json_defaults(cls)
    return {k: v for k, v in data.items() if k not in defaults or v != defaults[k]}


def _compact(record: Any) -> dict[str, Any]:
    defaults = _json_defaults(type(record))
    # Identity fields have no default, so they always stay and a row reads on its own.
    return {k: v for k, v in _to_dict(record).items() if k not in defaults or v != defaults[k]}


def _plain_types(cls: type) -> dict[str, type]:
    """The Python type of each field that a JSON value of that type fills as it is."""
    found = _PLAIN.get(cls)
    if found is None:
        simple: dict[object, type] = {"str": str, "bool": bool}
        found = _PLAIN[cls] = {n: simple[a] for n, a in _fields(cls) if a in simple}
    return found


def _annotations(cls: type) -> dict[str, object]:
    """Each field's annotation by name."""
    found = _ANNOTATIONS.get(cls)
    if found is None:
        found = _ANNOTATIONS[cls] = dict(_fields(cls))
    return found


def _from_dict(cls: type[_R], data: dict[str, Any]) -> _R:
    try:
        return cls(**_converted(cls, data))
    except TypeError as exc:
        raise InvalidInput(str(exc)) from None


def checked_fields(cls: type, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``data`` checked as ``cls.from_dict(data)`` checks it, without making the record, in one
    pass: (the fields whose JSON value is not their value as it is, converted; ``data`` without
    default values, as ``compact_json`` gives it). A field ``data`` gives and the first leaves
    out is its JSON value as it is; one ``data`` leaves out has its default.

    A provisioning kiosk does this for every person it receives and needs only a few of the
    values; most fields are text or flags sent as such, which need no conversion.
    """
    known = _names_checked(cls, data)
    plain = _plain_types(cls)
    defaults = _json_defaults(cls)
    converted: dict[str, Any] = {}
    compact: dict[str, Any] = {}
    for name, value in data.items():
        if type(value) is not plain.get(name):
            converted[name] = _coerce(name, known[name], value)
        if defaults.get(name, _NO_DEFAULT) != value:
            compact[name] = value
    return converted, compact


def checked_compact(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """``cls.from_dict(data).to_compact_dict()`` without making the record: the same checks
    (an error is raised where ``from_dict`` raises one) and the same fields, in the same order,
    with the same JSON values.

    A value that is its field's default as JSON, and of the same type, needs neither the
    check (the default converts) nor the conversion back (it is left out): a provisioning
    kiosk does this for every household it receives, most of whose fields are their defaults.
    """
    _names_checked(cls, data)
    plain = _plain_types(cls)
    defaults = _json_defaults(cls)
    compact: dict[str, Any] = {}
    for name, annotation in _fields(cls):
        if name not in data:
            continue
        value = data[name]
        default = defaults.get(name, _NO_DEFAULT)
        if type(value) is type(default) and value == default:
            continue
        if type(value) is not plain.get(name):
            value = _json_value(_coerce(name, annotation, value))
        if value != default:
            compact[name] = value
    return compact


def _names_checked(cls: type, data: dict[str, Any]) -> dict[str, object]:
    """The record's field annotations, once ``data`` is known to name no unknown field and
    every required one."""
    known = _annotations(cls)
    unknown = data.keys() - known.keys()
    if unknown:
        raise InvalidInput("unknown field(s): {names}", names=", ".join(sorted(unknown)))
    if not _required(cls) <= data.keys():
        missing = [name for name, _ in _fields(cls) if name in _required(cls) - data.keys()]
        raise InvalidInput("missing field(s): {names}", names=", ".join(missing))
    return known


def _required(cls: type) -> frozenset[str]:
    """The fields without a default."""
    found = _REQUIRED.get(cls)
    if found is None:
        found = _REQUIRED[cls] = frozenset(_annotations(cls).keys() - _json_defaults(cls).keys())
    return found


def _converted(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` converted field by field to the record's types; unknown fields are an error."""
    known = _annotations(cls)
    unknown = data.keys() - known.keys()
    if unknown:
        raise InvalidInput("unknown field(s): {names}", names=", ".join(sorted(unknown)))
    plain = _plain_types(cls)
    # Most fields are text or flags sent as such: they skip the per-field conversion, which
    # is most of a provisioning kiosk's work per person.
    return {
        name: value if type(value) is plain.get(name) else _coerce(name, known[name], value)
        for name, value in data.items()
    }


_ENUMS: dict[str, type[StrEnum]] = {
    "sex": Sex,
    "tenure": Tenure,
    "damage": Damage,
    "staying": Staying,
    "status": ShelterStatus,
}


def _coerce(name: str, annotation: object, value: Any) -> Any:
    """Turn a JSON value into the field's type, or say which field is wrong."""
    # The common case first: text for a text field, a boolean for a flag.
    if annotation == "str" and type(value) is str:
        return value
    if annotation == "bool" and type(value) is bool:
        return value
    try:
        if name in _ENUMS:
            return _ENUMS[name](value)
        if name in ("birth_date", "registered_on"):
            return None if value in (None, "") else date.fromisoformat(str(value))
        if name == "disabilities":
            return tuple(Disability(v) for v in value)
        if name == "pets":
            return tuple(Pet(**p) for p in value)
        if name == "car":
            return Car(**value)
        if annotation == "bool":
            raise ValueError("expected true or false")
        if annotation == "str":
            raise ValueError("expected text")
    except (ValueError, TypeError) as exc:
        raise InvalidInput("{name}: {exc}", name=name, exc=exc) from None
    return value
