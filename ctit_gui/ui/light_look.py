"""The window's light look on a system in dark mode (Windows 10/11 "dark", a Linux desktop's dark
appearance): the program paints its own light fills (calendar and criteria cells, banners, the
header's chips) with dark words, designed for a light window and for monochrome print.

What Qt 6.11 does (qtbase sources: ``qwindowstheme.cpp``, ``qapplication.cpp``; Qt's documentation
of ``QStyleHints::colorScheme``): on Windows in dark mode the platform theme hands every style,
Fusion included, a dark system palette (window #1e1e1e, white text; since Qt 6.5 the default,
``-platform windows:darkmode=2``), and ``QApplication`` prefers it to the style's own palette; on
a Linux desktop that reports dark, Fusion gets Qt's dark Fusion palette (window #323232, text
#f0f0f0; measured here through the desktop portal). Unchanged, the words the program paints black
for its light fills stand black on the dark table wherever a cell has no fill (the dose
instructions of the calendar, "yes — met" of the criteria: contrast 1.2-1.5), and its dark grey
hints and notes stand on a near-black window (2.3-3.1; ``tests/ui/test_light_look.py``).

The supported way to keep the light look is ``QStyleHints.setColorScheme(Qt.ColorScheme.Light)``
(Qt >= 6.8): an explicit scheme overrides the system's and ignores its later changes (dusk and
dawn), and Qt reads the system palette again at once. It must be called once the QApplication
exists (before, Qt only warns "Must construct a QGuiApplication before accessing a platform theme
hint." and nothing changes: measured with PySide6 6.11). It is a request: Windows' theme honours
it (``QWindowsTheme::requestColorScheme``); not every platform does (the Linux desktop portal's
theme keeps reporting dark; the offscreen platform reports Unknown), and Windows' high-contrast
themes bypass it. So, in addition, :func:`keep_light` gives the application Fusion's standard light
palette whenever the palette it has is dark (light words on a dark window), at start and whenever
the application's palette changes later: also under a dark high-contrast theme, whose palette would
put white words beside the program's light fills.

When: right after the start-up frame's first paint, before the protocols load and the window is
built (``app._load_protocols``), only while the application has the program's look (its Fusion
style, no ``-style`` or ``-stylesheet`` from the command line: then the look, colours included,
is the user's). Not before the first paint: the first ``Qt.ColorScheme`` to reach Python builds
PySide's whole ``Qt`` namespace type (~126 M instructions, 19 % of the first paint; the window's
modules build it anyway a moment later), and the request itself costs Qt ~2.3 M (its theme-change
handling, even when nothing changes), 0.34 % of the first paint. On a system in dark mode the
"Loading…" frame may therefore be painted dark once; it holds no coloured fills.
"""

from __future__ import annotations


def light_palette():
    """Fusion's standard light palette, every role of every group set: built as Qt 6.5+ builds
    Fusion's palette of a light system (qtbase ``qplatformtheme.cpp``; ``tests/ui/test_light_look.py``
    compares every colour with the palette a light system gives). Not asked of Fusion: its
    ``standardPalette()`` follows the system's scheme (dark on a dark system), and asking Qt for the
    style object costs ~44 M instructions (``app.chosen_style``)."""
    from PySide6.QtGui import QColor, QPalette

    Group, Role = QPalette.ColorGroup, QPalette.ColorRole
    window = QColor(239, 239, 239)
    mid = window.darker(130)
    dark = window.darker(150)
    shadow = dark.darker(135)
    palette = QPalette(QColor(0, 0, 0), window, window.lighter(150), dark, mid, QColor(0, 0, 0), QColor(255, 255, 255))
    for role, colour in ((Role.Midlight, mid.lighter(110)), (Role.Button, window), (Role.Shadow, shadow),
                         (Role.HighlightedText, QColor(255, 255, 255)), (Role.PlaceholderText, QColor(0, 0, 0, 128))):
        palette.setColor(role, colour)
    for group in (Group.Active, Group.Inactive):
        palette.setColor(group, Role.Highlight, QColor(48, 140, 198))
        palette.setColor(group, Role.Accent, QColor(48, 140, 198))
    disabled_text = QColor(190, 190, 190)
    for role, colour in ((Role.Text, disabled_text), (Role.WindowText, disabled_text), (Role.ButtonText, disabled_text),
                         (Role.Base, window), (Role.Dark, QColor(209, 209, 209).darker(110)),
                         (Role.Shadow, shadow.lighter(150)), (Role.Highlight, QColor(145, 145, 145)),
                         (Role.Accent, QColor(145, 145, 145))):
        palette.setColor(Group.Disabled, role, colour)
    return palette


def is_dark(palette) -> bool:
    """Light words on a darker window: the palette of a dark scheme (or a dark high-contrast theme)."""
    from PySide6.QtGui import QPalette

    roles = QPalette.ColorRole
    return palette.color(roles.Window).lightness() < palette.color(roles.WindowText).lightness()


def keep_light(app) -> bool:
    """Give ``app`` Fusion's light palette if the one it has is dark; True if it did."""
    if not is_dark(app.palette()):
        return False
    app.setPalette(light_palette())
    return True


def request_light_scheme(app) -> None:
    """Ask Qt for the light colour scheme (Qt >= 6.8): an explicit scheme overrides the system's."""
    from PySide6.QtCore import Qt

    app.styleHints().setColorScheme(Qt.ColorScheme.Light)


def _palette_changed(_palette) -> None:
    """A palette the system gives later (its dark scheme at dusk, where the request is not honoured)
    is made light again while the application keeps the program's look."""
    from PySide6.QtCore import QCoreApplication

    from .app import chosen_style

    if chosen_style() is not None:
        keep_light(QCoreApplication.instance())


def keep_light_look(app) -> None:
    """The program's light look on any system: the light scheme requested, a dark palette replaced
    now and whenever one comes later."""
    request_light_scheme(app)
    keep_light(app)
    if not getattr(app, "_ctit_palette_watched", False):  # once per application (a test may start twice)
        app._ctit_palette_watched = True
        app.paletteChanged.connect(_palette_changed)
