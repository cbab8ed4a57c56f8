"""Rendering of the citizen pages: Jinja2 templates, the language, security headers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from linkage.web import session
from linkage.web.i18n import LANGUAGE_NAMES, LANGUAGES, html_lang, negotiate, translate

TEMPLATES_DIR = Path(__file__).with_name("templates")
LANG_COOKIE = "kz_lang"
LANG_COOKIE_AGE_S = 365 * 24 * 3600

# Pages load nothing from outside the platform: scripts, styles, images and form targets are
# this origin's only (QR codes are inline SVG or data: PNG).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

# Links in the header for everyone (path, message key), added by page modules.
NAV_LINKS: list[tuple[str, str]] = []


def add_nav_link(path: str, key: str) -> None:
    """Show a link to ``path`` labelled ``t(key)`` in every page's header."""
    if (path, key) not in NAV_LINKS:
        NAV_LINKS.append((path, key))


# Extra values every template sees, added by page modules (e.g. the signed-in person).
ContextHook = Callable[[Request], dict[str, Any]]
_context_hooks: list[ContextHook] = []


def add_context_hook(hook: ContextHook) -> None:
    """Give every template the values ``hook(request)`` returns."""
    _context_hooks.append(hook)


def language(request: Request) -> str:
    """The language this request's page is shown in."""
    return negotiate(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
    )


def switch_url(request: Request, lang: str) -> str:
    """The current page's URL in another language."""
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    query["lang"] = lang
    return f"{request.url.path}?{urlencode(query)}"


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render ``template`` in the request's language with the security headers."""
    lang = language(request)

    def t(key: str, **values: object) -> str:
        return translate(lang, key, **values)

    values: dict[str, Any] = {
        "request": request,
        "lang": lang,
        "html_lang": html_lang(lang),
        "html_lang_of": html_lang,
        "languages": LANGUAGE_NAMES,
        "t": t,
        "switch_url": lambda other: switch_url(request, other),
        "nav_links": NAV_LINKS,
        "signed_in": None,
        "csrf_token": "",
    }
    values.update(session.template_values(request))
    for hook in _context_hooks:
        values.update(hook(request))
    values.update(context or {})
    html = environment.get_template(template).render(values)
    response = HTMLResponse(html, status_code=status)
    finish(request, response)
    return response


def finish(request: Request, response: Response) -> None:
    """Add the security headers and the session cookie; remember a ``?lang=`` choice."""
    session.store_cookie(request, response)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES and chosen != request.cookies.get(LANG_COOKIE):
        response.set_cookie(
            LANG_COOKIE,
            chosen,
            max_age=LANG_COOKIE_AGE_S,
            secure=True,
            httponly=True,
            samesite="lax",
        )
