"""Japanese first, English second for everyone; six more languages for residents at the entrance.

Source strings in the code are English; ``kazasu_<code>.qm`` is compiled from the ``.ts`` of the
same name by ``make translations`` (pyside6-lrelease). The kiosk's language (settings: Japanese
or English) is the base translator, which every screen uses. A resident who picks a language on
the entrance gets a second translator installed over it for their own visit: its catalogue holds
only the citizen contexts (``CITIZEN_CONTEXTS``), so a string it lacks falls through to the base.
Switching the kiosk's language also installs Qt's own catalogue (``qtbase_ja``: file and print
dialogs, standard buttons) and switches the core's message catalogue (kiosk/i18n.py), whose
errors the screens show. Installing or removing a translator makes Qt send every widget a
LanguageChange event, on which it retranslates itself.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kiosk import i18n as core
from kiosk.timefmt import people_date

I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"
LANGUAGES = {"ja": "日本語", "en": "English"}
"""The languages of every screen, staff screens included (the settings choose one)."""

EASY_JAPANESE = "ja-x-easy"
"""やさしい日本語: Japanese in short sentences with furigana (BCP 47 private use, as on the web)."""

CITIZEN_LANGUAGES = {
    "ja": "日本語",
    EASY_JAPANESE: "やさしい にほんご",
    "en": "English",
    "zh-Hans": "中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "pt": "Português",
}
"""The entrance's choices, each named in its own script, in the order the buttons show them."""

CITIZEN_LANGUAGE_NAMES = {
    "ja": "Japanese",
    EASY_JAPANESE: "Easy Japanese",
    "en": "English",
    "zh-Hans": "Chinese (Simplified)",
    "ko": "Korean",
    "vi": "Vietnamese",
    "pt": "Portuguese",
}
"""The English name of each choice, added to its button's accessible name."""

CITIZEN_CONTEXTS = (
    "AttractScreen",
    "ConfirmationScreen",
    "PinPad",
    "Messages",
    "WalkInWizard",
    "PersonForm",
    "RecordForm",
    "FormDialog",
)
"""The translation contexts a resident reads (the entrance, and the walk-in form staff may hand
over); the resident-only catalogues hold exactly these."""

_QT_LOCALES = {EASY_JAPANESE: "ja", "zh-Hans": "zh_CN"}


class Languages:
    """Holds the installed translators: the kiosk's own, and a resident's over it."""

    def __init__(self) -> None:
        self._translators: list[QTranslator] = []
        self._visitor: QTranslator | None = None
        self.current = ""
        self.visitor = ""

    def switch(self, language: str) -> None:
        """Show every screen in ``language`` (``ja`` or ``en``) from now on (ending any visit)."""
        self.end_visit()
        if language == self.current:
            return
        app = _app()
        core.set_language(language)
        for old in self._translators:
            app.removeTranslator(old)
        self._translators = [_load(language)]
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

    def visit(self, language: str) -> None:
        """Show the citizen screens in ``language`` (one of ``CITIZEN_LANGUAGES``) until
        ``end_visit``: the choice of the one person at the entrance now."""
        if language not in CITIZEN_LANGUAGES:
            raise ValueError(f"no citizen language {language!r}: one of {list(CITIZEN_LANGUAGES)}")
        self.end_visit()
        if language != self.current:
            self._visitor = _load(language)
            _app().installTranslator(self._visitor)
            # What reads the locale (the administrators' questions, written in Japanese and
            # English) follows: Japanese wording for easy Japanese, English for the others.
            QLocale.setDefault(QLocale(_QT_LOCALES.get(language, language)))
        self.visitor = language

    def end_visit(self) -> None:
        """Back to the kiosk's own language (the next person may read another)."""
        if self._visitor is not None:
            _app().removeTranslator(self._visitor)
            self._visitor = None
            QLocale.setDefault(QLocale(self.current))
        self.visitor = ""

    @property
    def shown(self) -> str:
        """The language the citizen screens are in now."""
        return self.visitor or self.current


def _app() -> QCoreApplication:
    app = QCoreApplication.instance()
    assert app is not None
    return app


def _load(language: str) -> QTranslator:
    translator = QTranslator(_app())
    qm = I18N / f"kazasu_{language}.qm"
    if not translator.load(str(qm)):
        raise FileNotFoundError(f"{qm} is missing: run 'make translations'")
    return translator


class StartupLanguage:
    """The locale's language, Japanese where it names none (the setting's default), for what is
    shown before the store (and its language setting) is open: the start-up progress and the
    start-up dialogs."""

    def __enter__(self) -> StartupLanguage:
        app = _app()
        self.translator = QTranslator(app)
        language = core.language_from_environment() or "ja"
        if self.translator.load(str(I18N / f"kazasu_{language}.qm")):
            app.installTranslator(self.translator)
        return self

    def __exit__(self, *exc: object) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeTranslator(self.translator)


def tr(context: str, text: str) -> str:
    """Translate ``text`` outside a widget (``context`` is the class name lupdate records)."""
    return QCoreApplication.translate(context, text)


def shown_date(day: date) -> str:
    """A date as people read it on screen: 和暦 in Japanese (令和7年12月5日), ISO in English."""
    return people_date(day, core.current_language())
