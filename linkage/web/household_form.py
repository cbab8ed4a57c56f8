"""The pre-registration form: every field of a municipal evacuee registration card, checked.

``parse`` turns the posted form into a ``Household`` with its ``Member``s and a dict of
errors keyed by field name (message keys of ``messages/prereg.json``); nothing is stored
unless that dict is empty. Field names follow the kiosk's records (``name``, ``furigana``,
``care_required`` …) so that what a resident enters reaches shelter kiosks as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from linkage import fields as rules

MAX_MEMBERS = 12
MAX_PETS = 6
SEXES = ("0", "1", "2", "9")
TENURES = ("", "owned", "rented")
DAMAGES = ("", "none", "destroyed", "half", "partial", "flood_above_floor", "flood_below_floor")
STAYING = ("shelter", "home", "car", "tent", "other")
LIVABLE = ("", "yes", "no")
# What a select shows before anyone chooses: not a sign that the part was filled in.
UNCHOSEN = {"staying": STAYING[0]}
DISABILITIES = ("physical", "visual", "hearing", "mental", "intellectual", "developmental")
MEMBER_FLAGS = ("pregnant", "nursing", "care_required")
# Hiragana, katakana, the long-vowel mark, the middle dot and spaces: how furigana is written.
KANA = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc\u30fb\u3000 ]+$")
PHONE = re.compile(r"^[0-9+\-() ]{6,20}$")
# What a Japanese keyboard types for digits and a phone number's signs, read as ASCII: the
# full-width forms, and the long-vowel mark and dashes people type for a hyphen.
_NARROW = str.maketrans(
    {
        **{chr(0xFF10 + d): str(d) for d in range(10)},
        "\uff0d": "-",
        "\u30fc": "-",
        "\u2010": "-",
        "\u2212": "-",
        "\uff0b": "+",
        "\uff08": "(",
        "\uff09": ")",
        "\u3000": " ",
    }
)
HOUSEHOLD_ORDER = (
    "shelter_id",
    "address",
    "phone",
    "tenure",
    "damage",
    "water_out",
    "power_out",
    "gas_out",
    "livable",
    "staying",
    "car_model",
    "car_plate",
    "car_colour",
    "car_parked_at",
)
MEMBER_ORDER = (
    "name",
    "furigana",
    "sex",
    "birth_date",
    "relation",
    *MEMBER_FLAGS,
    *(f"dis-{d}" for d in DISABILITIES),
    "allergies",
    "medication",
    "consent_relatives",
    "consent_publish",
    "dv_protected",
)
# The folded part of a member's row: opened when anything in it is filled in or wrong.
MEMBER_DETAILS = MEMBER_ORDER[5:-3]
_PET = re.compile(r"^pet(\d+)-(kind|count)$")
_MEMBER = re.compile(r"^m(\d+)-(.+)$")


def narrow(value: str) -> str:
    """A number typed with full-width digits (０９０－…) as ASCII; other text unchanged."""
    return value.translate(_NARROW)


def page_position(name: str) -> tuple[int, int, int]:
    """Where the field ``name`` is on the form, to list errors in the order they are met."""
    if name in HOUSEHOLD_ORDER:
        return 0, HOUSEHOLD_ORDER.index(name), 0
    if pet := _PET.match(name):
        return 1, int(pet.group(1)), int(pet.group(2) == "count")
    if member := _MEMBER.match(name):
        part = member.group(2)
        return 2, int(member.group(1)), MEMBER_ORDER.index(part) if part in MEMBER_ORDER else 0
    return 3, 0, 0


def field_label(name: str) -> list[tuple[str, dict[str, int]]]:
    """The message keys (with their values) that name the field ``name`` on the page."""
    if pet := _PET.match(name):
        return [(f"prereg.pet_{pet.group(2)}", {"number": int(pet.group(1)) + 1})]
    if member := _MEMBER.match(name):
        part = member.group(2).replace("dis-", "dis.")
        return [("prereg.member", {"number": int(member.group(1)) + 1}), (f"prereg.{part}", {})]
    return [("prereg.shelter" if name == "shelter_id" else f"prereg.{name}", {})]


@dataclass
class Member:
    """One member as entered; ``person_id`` is set for someone already in the household."""

    index: int
    person_id: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    relatives: bool = False
    publish: bool = False
    protect: bool = False


@dataclass
class Household:
    """The household part of the form."""

    fields: dict[str, Any] = field(default_factory=dict)
    shelter_id: str = ""
    agreed: bool = False


@dataclass
class Parsed:
    """The whole form, the values to show again, and the errors by field name."""

    household: Household
    members: list[Member]
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)


# The message of each refusal of the field rules; the rest are characters that cannot be used.
_MESSAGES = {
    "empty": "prereg.error.required",
    "too_long": "prereg.error.too_long",
    "pattern": "prereg.error.phone",
}


def _text(
    form: dict[str, str], name: str, errors: dict[str, str], rule: str, required: bool = False
) -> str:
    """The posted value of ``name`` under the field rule ``rule`` (docs/protocol/events.md).

    Kept as typed (no Unicode normalisation); a text box's line breaks arrive as CRLF and are
    kept as LF where the rule allows them.
    """
    value = form.get(name, "").strip()
    if rule in rules.MULTILINE:
        value = value.replace("\r\n", "\n")
    reason = rules.text_problem(rule, value)
    if required and not value:
        errors[name] = "prereg.error.required"
    elif reason is not None:
        errors[name] = _MESSAGES.get(reason, "prereg.error.control")
    return value


def _choice(
    form: dict[str, str], name: str, allowed: tuple[str, ...], errors: dict[str, str]
) -> str:
    value = form.get(name, allowed[0])
    if value not in allowed:
        errors[name] = "prereg.error.choice"
        return allowed[0]
    return value


def _member(form: dict[str, str], i: int, errors: dict[str, str], today: date) -> Member | None:
    prefix = f"m{i}-"
    keys = [k for k in form if k.startswith(prefix)]
    person_id = form.get(prefix + "person_id", "")
    entered = [k for k in keys if form[k].strip() and not k.endswith(("person_id", "-sex"))]
    if not person_id and not entered:
        return None  # an empty row added for convenience
    member = Member(i, person_id)
    f = member.fields
    f["name"] = _text(form, prefix + "name", errors, "name", required=True)
    furigana = _text(form, prefix + "furigana", errors, "furigana", required=True)
    if furigana and prefix + "furigana" not in errors and not KANA.match(furigana):
        errors[prefix + "furigana"] = "prereg.error.kana"
    f["furigana"] = furigana
    f["sex"] = _choice(form, prefix + "sex", SEXES, errors)
    born = form.get(prefix + "birth_date", "").strip()
    if not born:
        errors[prefix + "birth_date"] = "prereg.error.required"
    else:
        reason = rules.birth_date_problem(born, today)
        if reason == "not_a_date":
            errors[prefix + "birth_date"] = "prereg.error.date"
        elif reason is not None:
            errors[prefix + "birth_date"] = "prereg.error.date_range"
        f["birth_date"] = born
    f["relation"] = _text(form, prefix + "relation", errors, "relation")
    for flag in MEMBER_FLAGS:
        f[flag] = form.get(prefix + flag) == "on"
    f["disabilities"] = [d for d in DISABILITIES if form.get(f"{prefix}dis-{d}") == "on"]
    f["allergies"] = _text(form, prefix + "allergies", errors, "allergies")
    f["medication"] = _text(form, prefix + "medication", errors, "medication")
    member.relatives = form.get(prefix + "consent_relatives") == "on"
    member.publish = form.get(prefix + "consent_publish") == "on"
    member.protect = form.get(prefix + "dv_protected") == "on"
    return member


def parse(form: dict[str, str], known_shelters: set[str], today: date) -> Parsed:
    """Read and check the posted form (values as strings, checkboxes ``on``)."""
    errors: dict[str, str] = {}
    household = Household()
    h = household.fields
    form = {k: narrow(v) if k == "phone" or _PET.match(k) else v for k, v in form.items()}
    h["phone"] = _text(form, "phone", errors, "phone")
    if h["phone"] and "phone" not in errors and not PHONE.match(h["phone"]):
        errors["phone"] = "prereg.error.phone"
    h["address"] = _text(form, "address", errors, "address", required=True)
    h["tenure"] = _choice(form, "tenure", TENURES, errors)
    h["damage"] = _choice(form, "damage", DAMAGES, errors)
    for outage in ("water_out", "power_out", "gas_out"):
        h[outage] = form.get(outage) == "on"
    livable = _choice(form, "livable", LIVABLE, errors)
    h["livable"] = None if livable == "" else livable == "yes"
    h["staying"] = _choice(form, "staying", STAYING, errors)
    h["car"] = {
        part: _text(form, f"car_{part}", errors, f"car.{part}")
        for part in ("model", "plate", "colour", "parked_at")
    }
    pets = []
    for i in range(MAX_PETS):
        kind = _text(form, f"pet{i}-kind", errors, "pet.kind")
        count_text = form.get(f"pet{i}-count", "").strip()
        if not kind and not count_text:
            continue
        if not kind:
            errors[f"pet{i}-kind"] = "prereg.error.required"
        count = 1
        if count_text:
            digits = count_text.isascii() and count_text.isdigit()
            if not digits or not 1 <= int(count_text) <= 99:
                errors[f"pet{i}-count"] = "prereg.error.count"
            else:
                count = int(count_text)
        pets.append({"kind": kind, "count": count})
    h["pets"] = pets
    household.shelter_id = form.get("shelter_id", "")
    if household.shelter_id not in known_shelters:
        errors["shelter_id"] = "prereg.error.shelter"
    household.agreed = form.get("agree_roster") == "on"
    if not household.agreed:
        errors["agree_roster"] = "prereg.error.agree"
    members = [m for i in range(MAX_MEMBERS) if (m := _member(form, i, errors, today)) is not None]
    if not members:
        errors["m0-name"] = "prereg.error.no_members"
    return Parsed(household, members, errors, dict(form))
