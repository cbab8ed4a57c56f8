"""The kiosk's Qt-free message catalogue: what the core, ``kazasu-kiosk`` and ``kazasu-card`` say.

Messages are written in English in the code with ``{name}`` placeholders; the English text is the
message's stable id (gettext's convention). ``resources/i18n/core/<language>.po`` holds the
translations, compiled to ``.mo`` by ``make translations`` and read with the standard library's
gettext. The screens switch the language with the kiosk's language setting; the command lines
take it from the locale (see ``language_from_environment``).
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

CATALOGUES = Path(__file__).resolve().parent.parent / "resources" / "i18n" / "core"
SOURCE_LANGUAGE = "en"

_language = SOURCE_LANGUAGE


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is written; it is translated where shown."""
    return message


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language``; the English source text for a language the core
    has no catalogue of."""
    compiled = CATALOGUES / f"{language}.mo"
    if compiled.exists():
        with compiled.open("rb") as file:
            return gettext.GNUTranslations(file)
    if (CATALOGUES / f"{language}.po").exists():
        raise FileNotFoundError(f"{compiled} is missing: run 'make translations'")
    return gettext.NullTranslations()


def set_language(language: str) -> None:
    """Say every core message in ``language`` (``ja``, ``en``, …) from now on."""
    global _language
    catalogue(language)
    _language = language


def current_language() -> str:
    """The language core messages are said in."""
    return _language


def translate(
    message: str, params: Mapping[str, object] | None = None, language: str | None = None
) -> str:
    """``message`` in ``language`` (the current one by default), placeholders filled."""
    text = catalogue(language or _language).gettext(message)
    return text.format(**params) if params else text


def language_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The language a command line's locale asks for: ``ja`` for ``ja_*`` (or a Japanese Windows
    user locale), ``en`` for any other named locale, None when it names none (unset, ``C``)."""
    env = os.environ if environ is None else environ
    # The order gettext and setlocale use: the first variable that is set decides.
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "").split(":")[0]
        if not value:
            continue
        code = value.split(".")[0].split("_")[0].lower()
        if code in ("c", "posix"):
            return None
        return "ja" if code == "ja" else SOURCE_LANGUAGE
    if environ is None:
        # Windows sets no locale variables: its user locale reads "Japanese_Japan".
        name = locale.getlocale()[0] or ""
        if name.lower().startswith(("ja", "japanese")):
            return "ja"
    return None
