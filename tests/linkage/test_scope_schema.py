"""The published schema of a device scope accepts exactly the scopes the platform accepts."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from pydantic import ValidationError

from linkage.app import create_app
from linkage.config import Settings
from linkage.scope import Scope

SCOPES: list[dict[str, Any]] = [
    {},
    {"shelters": []},
    {"polling_site": None},
    {"shelters": [], "polling_site": None},
    {"shelters": ["S-001"]},
    {"shelters": ["S-001", "S-002"], "polling_site": None},
    {"polling_site": "P-01"},
    {"shelters": [], "polling_site": "P-01"},
    {"shelters": ["S-001"], "polling_site": "P-01"},
]


def _published() -> dict[str, Any]:
    document = create_app(Settings(database_url="sqlite://", admin_token="-")).openapi()
    schema: dict[str, Any] = document["components"]["schemas"]["Scope"]
    return schema


def _accepted(scope: dict[str, Any]) -> bool:
    try:
        Scope.model_validate(scope)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("scope", SCOPES, ids=repr)
def test_the_published_scope_schema_refuses_what_the_platform_refuses(
    scope: dict[str, Any],
) -> None:
    published_ok = jsonschema_rs.Draft202012Validator(_published()).is_valid(scope)
    assert published_ok == _accepted(scope)
