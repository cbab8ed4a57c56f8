"""Japanese first, English second: Qt translators loaded from resources/i18n, switched live.

Source strings in the code are English; ``kazasu_ja.qm`` and ``kazasu_en.qm`` are compiled from
the ``.ts`` files by ``make translations`` (pyside6-lrelease). Switching installs the other
translator, and Qt sends every widget a LanguageChange event that makes it retranslate itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"
LANGUAGES = {"ja": "日本語", "en": "English"}


class Languages:
    """Holds the installed translator and swaps it."""

    def __init__(self) -> None:
        self._translator: QTranslator | None = None
        self.current = ""

    def switch(self, language: str) -> None:
        """Show every screen in ``language`` (``ja`` or ``en``) from now on."""
        if language == self.current:
            return
        app = QCoreApplication.instance()
        assert app is not None
        if self._translator is not None:
            app.removeTranslator(self._translator)
        translator = QTranslator(app)
        qm = I18N / f"kazasu_{language}.qm"
        if not translator.load(str(qm)):
            raise FileNotFoundError(f"{qm} is missing: run 'make translations'")
        app.installTranslator(translator)
        QLocale.setDefault(QLocale(language))
        self._translator = translator
        self.current = language


class StartupLanguage:
    """Japanese for what is shown before the store (and its language setting) is open: the
    start-up progress and the start-up dialogs."""

    def __enter__(self) -> StartupLanguage:
        app = QCoreApplication.instance()
        assert app is not None
        self.translator = QTranslator(app)
        if self.translator.load(str(I18N / "kazasu_ja.qm")):
            app.installTranslator(self.translator)
        return self

    def __exit__(self, *exc: object) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeTranslator(self.translator)


def tr(context: str, text: str) -> str:
    """Translate ``text`` outside a widget (``context`` is the class name lupdate records)."""
    return QCoreApplication.translate(context, text)
