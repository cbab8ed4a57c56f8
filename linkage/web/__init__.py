"""The platform's citizen web pages: server-rendered, mobile first, Japanese and English.

Layout::

    linkage/web/
      __init__.py      install(app): the static mount and every page module's router
      render.py        render(request, "page.html", {...}): Jinja2, language, security headers
      i18n.py          the message catalogues (messages/<page>.json, Japanese and English)
      templates/       base.html (header, language switch, styles) and one template per page
      static/          files served at /static/ ; static/dist/ is the npm build's output
      frontend/        package.json + src/*.js, src/*.css: every file in src/ is an entry point
                       bundled by esbuild into static/dist/<name>.js|.css

Adding a page (e.g. ``linkage/web/shelter_map.py``):

1. Write a module with ``router = APIRouter()`` and its routes. HTML routes are declared
   with ``include_in_schema=False`` and answer ``render(request, "shelter_map.html", {...})``;
   JSON routes for other programs stay in the OpenAPI document.
2. Its template extends ``base.html`` and fills ``{% block title %}`` and
   ``{% block content %}``; ``{% block head %}`` adds e.g.
   ``<link rel="stylesheet" href="/static/dist/map.css">``. Texts come from ``t("key")``.
3. Its texts go in ``messages/<page>.json`` as ``{"key": {"ja": "…", "en": "…"}}``.
4. Front-end code or npm packages: add ``frontend/src/<page>.js`` (and ``.css``), and the
   package to ``frontend/package.json`` + ``package-lock.json`` (``npm install --save-exact``
   there). ``make web`` (part of ``make setup``) runs ``npm ci`` and the build. The built
   files are not committed; pages load nothing from outside the platform (the
   Content-Security-Policy allows this origin only).
5. Add the module's router to ``ROUTERS`` below.

A form that changes anything carries ``<input type="hidden" name="csrf_token"
value="{{ csrf_token }}">`` and its route depends on ``linkage.web.session.check_csrf``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from linkage.web import (
    ballot,
    consents,
    declare,
    digital_auth,
    family,
    home,
    hq,
    my,
    oidc,
    prereg,
    safety,
    shelter_map,
    signin,
)
from linkage.web.render import finish, render
from linkage.web.session import CsrfRejected, SignInRequired

STATIC_DIR = Path(__file__).with_name("static")

ROUTERS: tuple[APIRouter, ...] = (
    home.router,
    signin.router,
    oidc.router,
    digital_auth.router,
    my.router,
    prereg.router,
    consents.router,
    family.router,
    declare.router,
    ballot.router,
    shelter_map.router,
    safety.router,
    hq.router,
)


def install(app: FastAPI) -> None:
    """Serve the static files and every page of the citizen web on ``app``."""
    # check_dir off: a platform installed without the front-end build still serves the API.
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.state.oidc = oidc.from_environment()
    app.state.digital_auth = app.state.settings.digital_auth
    safety.install(app)

    @app.exception_handler(SignInRequired)
    async def _sign_in_first(request: Request, _exc: SignInRequired) -> Response:
        response = RedirectResponse("/sign-in", status_code=303)
        finish(request, response)
        return response

    @app.exception_handler(hq.NotStaff)
    async def _not_staff(request: Request, _exc: hq.NotStaff) -> HTMLResponse:
        return render(
            request,
            "message.html",
            {
                "title_key": "hq.title",
                "message_key": "hq.not_staff",
                "back_key": "error.back",
                "back_href": "/",
                "error": True,
            },
            status=403,
        )

    @app.exception_handler(CsrfRejected)
    async def _csrf(request: Request, _exc: CsrfRejected) -> HTMLResponse:
        return render(
            request,
            "message.html",
            {
                "title_key": "error.title",
                "message_key": "error.csrf",
                "back_key": "error.back",
                "back_href": "/",
                "error": True,
            },
            status=403,
        )
