"""The window's language: Qt's tr() served from the program's gettext catalogue, Qt's own words,
the CJK font, the per-user choice and View → Language.

* :class:`CatalogueTranslator` answers every ``self.tr()`` / ``QCoreApplication.translate()`` from
  the same ``resources/i18n`` catalogue the core, sheet and command line use (one mechanism; see
  ``docs/translations.md``), with the same placeholder safety (:func:`ctit_gui.i18n.lookup`).
* Qt's standard buttons, file dialogs and context menus come from ``qtbase_zh_CN.qm``, shipped
  with PySide6 (and kept by the bundle).
* The font embedded in the PDF sheet (WenQuanYi Micro Hei) is registered with Qt, so a
  workstation without a Chinese font still shows Chinese.
* The language is remembered per user (QSettings ``language``); the first start follows the
  system locale (zh_* → Chinese). Switching rebuilds the window at once, keeping the case, its
  store revision and the window's place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtGui import QAction, QActionGroup, QFont

from .. import i18n
from ..resources import resource_path

SETTINGS_KEY = "language"
#: The font the sheet embeds; registered with Qt for the window.
CJK_FONT_FILE = ("fonts", "wqy-microhei.ttc")


class CatalogueTranslator(QTranslator):
    """A QTranslator whose words come from the program's gettext catalogue for one language."""

    def __init__(self, code: str, parent=None):
        super().__init__(parent)
        self.code = code

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt's signature
        if not source_text:
            return None
        return i18n.lookup(source_text, context=disambiguation or None, code=self.code)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def language(self) -> str:
        return self.code.replace("_", "-")


_installed: list[QTranslator] = []
_originals: dict[str, object] = {}  # the application's font and locale before Chinese was applied
_font_families: list[str] = []


def qt_translations_folder() -> Path:
    from PySide6.QtCore import QLibraryInfo  # (imported when used, for Chinese: see register_cjk_font)

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def register_cjk_font() -> list[str]:
    """Register the embedded CJK font with Qt once; the families it adds (empty if it cannot).

    QFontDatabase (and QLibraryInfo) are imported when Chinese is applied, not with the module: the
    first import builds PySide's type with its enums, ~5 M instructions of an English start (issue 17)."""
    if _font_families:
        return list(_font_families)
    from PySide6.QtGui import QFontDatabase

    path = resource_path(*CJK_FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
    if font_id >= 0:
        _font_families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return list(_font_families)


def apply_language(code: str, app=None) -> str:
    """Make ``code`` the window's language now: catalogue, Qt's own words, the CJK font."""
    app = app or QCoreApplication.instance()
    code = i18n.set_language(code)
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    if code != i18n.ENGLISH:
        qt_words = QTranslator(app)
        if qt_words.load(f"qtbase_{code}", str(qt_translations_folder())):
            QCoreApplication.installTranslator(qt_words)
            _installed.append(qt_words)
        ours = CatalogueTranslator(code, app)
        QCoreApplication.installTranslator(ours)
        _installed.append(ours)
        families = register_cjk_font()
        if families and hasattr(app, "font"):
            _originals.setdefault("font", QFont(app.font()))
            font = QFont(_originals["font"])
            # The system's own face first (Latin as the user knows it), the embedded CJK face for
            # every character it lacks: Chinese renders on a workstation without Chinese fonts.
            existing = [f for f in font.families() if f not in families] or [font.family()]
            font.setFamilies(existing + families)
            app.setFont(font)
        _originals.setdefault("locale", QLocale())
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:  # back to what the application had before any switch: its font and locale
        if "font" in _originals and hasattr(app, "setFont"):
            app.setFont(_originals["font"])
        if "locale" in _originals:
            QLocale.setDefault(_originals["locale"])
    return code


def saved_language(settings: QSettings | None = None) -> str | None:
    settings = settings or QSettings()
    value = settings.value(SETTINGS_KEY)
    try:
        return i18n.normalize(str(value)) if value else None
    except i18n.LanguageError:
        return None


def save_language(code: str, settings: QSettings | None = None) -> None:
    settings = settings or QSettings()
    settings.setValue(SETTINGS_KEY, code)
    settings.sync()


def startup_language(requested: str | None = None, settings: QSettings | None = None,
                     system_locale: str | None = None) -> str:
    """--lang if given, else the user's saved choice, else the system locale (zh_* → Chinese)."""
    if requested:
        return i18n.normalize(requested)
    saved = saved_language(settings)
    if saved:
        return saved
    return i18n.system_language(system_locale if system_locale is not None else QLocale.system().name())


def add_language_menu(window, menu) -> QActionGroup:
    """View → Language: English / 中文（简体）, each in its own words; switches at once."""
    submenu = menu.addMenu(window.tr("&Language"))
    group = QActionGroup(window)
    group.setExclusive(True)
    for code in i18n.LANGUAGES:
        item = QAction(i18n.LANGUAGE_NAMES[code], window)
        item.setCheckable(True)
        item.setChecked(code == i18n.language())
        item.setData(code)
        item.setStatusTip(window.tr("Show the window in this language (remembered for you)"))
        group.addAction(item)
        submenu.addAction(item)
    group.triggered.connect(lambda item: switch_language(window, item.data()))
    window.language_menu = submenu
    window.language_actions = group
    return group


def switch_language(window, code: str):
    """Remember ``code`` and rebuild the window in it at once; returns the window now shown."""
    code = i18n.normalize(code)
    save_language(code)
    if code == i18n.language():
        return window
    apply_language(code)
    replacement = rebuild_window(window)
    replacement.statusBar().showMessage(replacement.tr("Language: {language}").format(
        language=i18n.LANGUAGE_NAMES[code]), 5000)
    return replacement


#: The window shown now (after a language switch, the rebuilt one); tests and app.py read it.
current_window = None


def rebuild_window(old):
    """The same case, store revision, size and place in a new window built in the current language."""
    global current_window
    from .main_window import MainWindow

    session = old.store_session
    if session.active:
        session.flush()
    new = MainWindow(old.protocols, today=old.today)
    new.load_chart_after_paint = old.load_chart_after_paint
    new.setGeometry(old.geometry())
    if old.isMaximized():
        new.setWindowState(old.windowState())
    modified = old.isWindowModified()
    new.set_state(old.state)
    new.files.path = old.files.path
    if session.active:
        store = session.store
        session.timer.stop()
        session.store = None  # the new window owns the open store from now on
        new.ward.attach_store(store)
        mine = new.store_session
        for name in ("case_id", "base_revision", "base_case", "last_saved", "stale", "problem", "kept_actions"):
            setattr(mine, name, getattr(session, name))
        session.offline_timer.stop()
        if session.offline_since is not None:  # still offline: the same "since", the same backoff, the same refusal
            mine.offline_since = session.offline_since
            mine._offline_attempt = session._offline_attempt
            mine.refused_text = session.refused_text
            if mine.refused_text:
                mine.offline_timer.stop()
        if mine.offline_since is not None:  # the journal again, now with the case's ids and audit entries
            new.setWindowModified(modified)
            mine.went_offline(mine.kept_case())
        if mine.case_id is not None:
            mine._set_status(new.tr("Case {case_id}, revision {revision} (language changed)").format(
                case_id=mine.case_id, revision=mine.base_revision))
        new.ward.case_list.setVisible(old.ward.case_list.isVisible())
    new.setWindowModified(modified)
    new.update_title()
    if modified and session is not None:
        new.store_session.schedule()
    new.show()
    if old.chart is not None:
        new.ensure_chart()
    old.hide()
    old.setWindowModified(False)
    old.deleteLater()
    current_window = new
    return new
