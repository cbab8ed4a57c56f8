"""Integers as JSON Schema counts them: ``2`` and ``2.0`` are one number, ``true`` is none."""

from __future__ import annotations

from pydantic import BeforeValidator

# Every integer up to this magnitude is exactly a float; past it ``2.0e17`` may not be what was
# written (the decoder has already rounded it), so only the plain spelling is taken there.
EXACT = 2**53


def _whole(value: object) -> object:
    # JSON has one number type and OpenAPI 3.1 (JSON Schema) counts 2.0 as the integer 2, so an
    # encoder that writes every number with a fraction is not refused. Booleans, text and
    # fractions fall through to the strict integer check and are refused there.
    if isinstance(value, float) and value.is_integer():
        if abs(value) > EXACT:
            raise ValueError("past 2**53 an integer must be written without a fraction")
        return int(value)
    return value


# Put last in an integer's ``Annotated`` (after its ``Field`` bounds, which then still apply and
# still appear in the schema): ``Annotated[int, Field(ge=1), WHOLE]``.
WHOLE = BeforeValidator(_whole)
