"""RFC 9457 problem details: one exception type and the handlers that render it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "/problems/"


class ProblemBody(BaseModel):
    """The JSON body of every error answer."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None


class Problem(Exception):
    """An error that becomes a problem+json answer; ``kind`` names the problem type."""

    def __init__(
        self, status: int, kind: str, title: str, detail: str | None = None, **extra: Any
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The problem document."""
        out: dict[str, Any] = {"type": TYPE_BASE + self.kind, "title": self.title}
        out["status"] = self.status
        if self.detail is not None:
            out["detail"] = self.detail
        out.update(self.extra)
        return out


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> JSONResponse:
    """Render ``problem`` as an answer with the problem+json media type."""
    return JSONResponse(
        problem.body(), status_code=problem.status, media_type=MEDIA_TYPE, headers=headers
    )


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries documenting problem answers with these statuses."""
    return {
        status: {"model": ProblemBody, "content": {MEDIA_TYPE: {}}, "description": "Problem"}
        for status in statuses
    }


def invalid_request(exc: RequestValidationError) -> Problem:
    """The 422 problem listing where a request does not match its schema."""
    errors = [
        {"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg", ""))}
        for err in exc.errors()
    ]
    return Problem(422, "invalid-request", "Invalid request", errors=errors)


_STATUS_KINDS = {
    400: ("bad-request", "Bad request"),
    401: ("unauthenticated", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    413: ("body-too-large", "Request body too large"),
}


def http_problem(exc: StarletteHTTPException) -> Problem:
    """The problem for an HTTP error raised by the framework (unknown path, wrong method)."""
    kind, title = _STATUS_KINDS.get(exc.status_code, ("http-error", "HTTP error"))
    return Problem(exc.status_code, kind, title, str(exc.detail) if exc.detail else None)


def install(app: FastAPI) -> None:
    """Make every error of ``app`` a problem+json answer."""

    @app.exception_handler(Problem)
    async def _problem(_request: Request, exc: Problem) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem_response(exc, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(invalid_request(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(http_problem(exc))
