"""A system in dark mode, as Qt 6.11 presents it to a Fusion application: the palette the application
has from its start. Offscreen Qt (these tests) reports no colour scheme and never goes dark, so the
palette is given to the application before it is built (``QApplication.setPalette`` before the
QApplication exists: it starts with it, as it starts with the platform theme's).

Two dark palettes, each as Qt builds it:

* ``windows``: Windows 10/11 in dark mode (qtbase ``qwindowstheme.cpp``,
  ``populateDarkSystemBasePalette``, and ``systemPalette``'s disabled words; Qt >= 6.5 default
  ``darkmode=2``), with Windows' default accent #0078d4 (its inactive highlight is not modelled);
* ``fusion``: Qt's dark Fusion palette, what a platform theme reporting dark gives Fusion (measured
  here with PySide6 6.11.3, offscreen, through the Linux desktop portal reporting dark).
"""

from __future__ import annotations

#: role -> (active and inactive, disabled); "#aarrggbb" where not opaque.
FUSION_DARK = {
    "WindowText": ("#f0f0f0", "#828282"), "Button": ("#323232", "#323232"), "Light": ("#4b4b4b", "#4b4b4b"),
    "Midlight": ("#2a2a2a", "#2a2a2a"), "Dark": ("#212121", "#bebebe"), "Mid": ("#262626", "#262626"),
    "Text": ("#f0f0f0", "#828282"), "BrightText": ("#4b4b4b", "#4b4b4b"), "ButtonText": ("#f0f0f0", "#828282"),
    "Base": ("#242424", "#323232"), "Window": ("#323232", "#323232"), "Shadow": ("#191919", "#252525"),
    "Highlight": ("#308cc6", "#919191"), "HighlightedText": ("#f0f0f0", "#f0f0f0"), "Link": ("#308cc6", "#308cc6"),
    "LinkVisited": ("#ff00ff", "#ff00ff"), "AlternateBase": ("#2b2b2b", "#2b2b2b"),
    "ToolTipBase": ("#ffffdc", "#ffffdc"), "ToolTipText": ("#000000", "#000000"),
    "PlaceholderText": ("#80f0f0f0", "#80f0f0f0"), "Accent": ("#308cc6", "#919191"),
}


def windows_dark() -> dict[str, tuple[str, str]]:
    """Qt's Windows dark palette (``populateDarkSystemBasePalette``, then ``systemPalette``'s
    disabled group), for the default accent."""
    from PySide6.QtGui import QColor

    foreground, background, accent = QColor("white"), QColor(0x1E, 0x1E, 0x1E), QColor("#0078d4")
    lighter = accent.lighter(120).lighter(120)
    darkest = accent.darker(120).darker(120).darker(120)
    button = background.lighter(200)
    window = background
    disabled = QColor((foreground.red() + button.red()) // 2, (foreground.green() + button.green()) // 2,
                      (foreground.blue() + button.blue()) // 2)
    normal = {
        "WindowText": foreground, "Text": foreground, "BrightText": lighter.lighter(120),
        "Button": button, "ButtonText": foreground, "Light": button.lighter(200), "Midlight": button.lighter(150),
        "Dark": button.darker(200), "Mid": button.darker(150), "Shadow": QColor("black"),
        "Base": background.lighter(150), "Window": window, "Highlight": accent,
        "HighlightedText": QColor("black" if accent.lightness() > 128 else "white"),
        "Link": lighter.lighter(120), "LinkVisited": lighter, "AlternateBase": darkest,
        "ToolTipBase": button, "ToolTipText": foreground.darker(120),
        "PlaceholderText": QColor(255, 255, 255, 128), "Accent": lighter,
    }
    off = dict(normal, WindowText=disabled, Text=disabled, ButtonText=disabled, Base=window, Accent=disabled)
    return {role: (colour.name(QColor.NameFormat.HexArgb), off[role].name(QColor.NameFormat.HexArgb))
            for role, colour in normal.items()}


def palette_of(colours: dict[str, tuple[str, str]]):
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    for name, (normal, disabled) in colours.items():
        role = getattr(QPalette.ColorRole, name)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role, QColor(normal))
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def dark_system(name: str) -> None:
    """Start the coming application on the dark system ``name`` ("windows" or "fusion"). Call before
    the QApplication exists."""
    from PySide6.QtWidgets import QApplication

    QApplication.setPalette(palette_of(windows_dark() if name == "windows" else FUSION_DARK))
