"""The published schema of an early-voting day refuses the days the platform refuses."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from pydantic import ValidationError

from linkage.api.voting_models import ElectionBody
from linkage.app import create_app
from linkage.config import Settings

DAYS = ["1999-12-31", "2000-01-01", "2099-12-31", "2100-01-01", "0042-12-25", "2586-07-03"]


def _published_valid(body: dict[str, Any]) -> bool:
    document = create_app(Settings(database_url="sqlite://", admin_token="-")).openapi()
    schema = {**document["components"]["schemas"]["ElectionBody"], "components": {}}
    validator = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
    return bool(validator.is_valid(body))


@pytest.mark.parametrize("day", DAYS)
def test_the_published_voting_day_refuses_what_the_platform_refuses(day: str) -> None:
    body = {"name": "参院選", "voting_days": [day]}
    try:
        ElectionBody.model_validate(body)
        accepted = True
    except ValidationError:
        accepted = False
    assert _published_valid(body) == accepted
