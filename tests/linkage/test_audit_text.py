"""A reason or an actor kept in the audit is plain text with something in it, and the
published schema says so: the platform and the OpenAPI document refuse the same values."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from pydantic import BaseModel, ValidationError

from linkage.api.protection_models import ProtectionClear
from linkage.api.suggestion_models import AcceptSuggestion, RejectSuggestion
from linkage.app import create_app
from linkage.config import Settings

BLANK_OR_UNPRINTABLE = [" ", "\u3000", "\f", "\x1f", " moved\u202e", "by\x00 admin", "\ue000"]


def _published(model: type[BaseModel]) -> dict[str, Any]:
    document = create_app(Settings(database_url="sqlite://", admin_token="-")).openapi()
    schema: dict[str, Any] = document["components"]["schemas"][model.__name__]
    return schema


def _refused_by_both(model: type[BaseModel], body: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        model.model_validate(body)
    assert not jsonschema_rs.Draft202012Validator(_published(model)).is_valid(body)


@pytest.mark.parametrize("text", BLANK_OR_UNPRINTABLE, ids=repr)
def test_a_reason_that_is_blank_or_unprintable_is_refused_and_documented_so(text: str) -> None:
    _refused_by_both(ProtectionClear, {"municipality_id": "M1", "reason": text})
    _refused_by_both(RejectSuggestion, {"reason": text})


@pytest.mark.parametrize("text", BLANK_OR_UNPRINTABLE, ids=repr)
def test_an_actor_that_is_blank_or_unprintable_is_refused_and_documented_so(text: str) -> None:
    _refused_by_both(ProtectionClear, {"municipality_id": "M1", "reason": "moved", "actor": text})
    _refused_by_both(AcceptSuggestion, {"actor": text})
    _refused_by_both(RejectSuggestion, {"actor": text})


def test_a_reason_and_an_actor_are_kept_without_surrounding_spaces() -> None:
    body = {"municipality_id": "M1", "reason": "  moved away\u3000", "actor": " 山田 "}
    assert jsonschema_rs.Draft202012Validator(_published(ProtectionClear)).is_valid(body)
    clear = ProtectionClear.model_validate(body)
    assert (clear.reason, clear.actor) == ("moved away", "山田")
