"""Japanese first, English second: Qt translators loaded from resources/i18n, switched live.

Source strings in the code are English; ``kazasu_ja.qm`` and ``kazasu_en.qm`` are compiled from
the ``.ts`` files by ``make translations`` (pyside6-lrelease). Switching installs the other
translators — the kiosk's own, and Qt's (``qtbase_ja``: file and print dialogs, standard
buttons) — and the core's message catalogue (kiosk/i18n.py), whose errors the screens show; Qt
sends every widget a LanguageChange event that makes it retranslate itself.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kiosk import i18n as core
from kiosk.timefmt import people_date

I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"
LANGUAGES = {"ja": "日本語", "en": "English"}


class Languages:
    """Holds the installed translators and swaps them."""

    def __init__(self) -> None:
        self._translators: list[QTranslator] = []
        self.current = ""

    def switch(self, language: str) -> None:
        """Show every screen in ``language`` (``ja`` or ``en``) from now on."""
        if language == self.current:
            return
        app = QCoreApplication.instance()
        assert app is not None
        core.set_language(language)
        for old in self._translators:
            app.removeTranslator(old)
        own = QTranslator(app)
        qm = I18N / f"kazasu_{language}.qm"
        if not own.load(str(qm)):
            raise FileNotFoundError(f"{qm} is missing: run 'make translations'")
        self._translators = [own]
        qt = QTranslator(app)
        # A language Qt has no catalogue of keeps its dialogs in English.
        if qt.load(
            f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            self._translators.append(qt)
        for translator in self._translators:
            app.installTranslator(translator)
        QLocale.setDefault(QLocale(language))
        self.current = language


def tr(context: str, text: str) -> str:
    """Translate ``text`` outside a widget (``context`` is the class name lupdate records)."""
    return QCoreApplication.translate(context, text)


def shown_date(day: date) -> str:
    """A date as people read it on screen: 和暦 in Japanese (令和7年12月5日), ISO in English."""
    return people_date(day, core.current_language())
