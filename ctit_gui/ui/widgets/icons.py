"""Status icons drawn with QPainter: a distinct shape for each status, so colour is never alone.

ok = check mark in a green circle, fail = cross in a red circle, unknown = "?" in an
amber circle, warning = "!" in an amber triangle, info = "i" in a blue circle,
stop = white bar in a red octagon.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

#: Colours with enough contrast against white for the glyphs (WCAG AA for large graphics).
COLOURS = {
    "ok": "#2e7d32",
    "fail": "#c62828",
    "stop": "#c62828",
    "unknown": "#9a5b00",  # amber dark enough for WCAG AA (5.1) on its own light fill; #b26a00 was 3.99
    "warning": "#9a5b00",
    "info": "#1565c0",
    "note": "#546e7a",
}

#: Light backgrounds for rows and banners, paired with the colours above.
BACKGROUNDS = {
    "ok": "#e8f5e9",
    "fail": "#ffebee",
    "stop": "#ffebee",
    "unknown": "#fff8e1",
    "warning": "#fff8e1",
    "info": "#e3f2fd",
    "note": "#eceff1",
}


def _glyph(painter: QPainter, rect: QRectF, text: str) -> None:
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(rect.height() * 0.62))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _draw(kind: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(COLOURS.get(kind, COLOURS["note"]))
    rect = QRectF(1, 1, size - 2, size - 2)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)  # (not QBrush(colour): that builds PySide's QGradient type, see cell_cache.brush)
    if kind == "warning":
        painter.drawPolygon(QPolygonF([QPointF(size / 2, 1), QPointF(size - 1, size - 1), QPointF(1, size - 1)]))
        _glyph(painter, rect.adjusted(0, size * 0.15, 0, 0), "!")
    elif kind == "stop":
        centre, radius = rect.center(), rect.width() / 2
        points = [QPointF(centre.x() + radius * math.cos(math.radians(22.5 + 45 * i)),
                          centre.y() + radius * math.sin(math.radians(22.5 + 45 * i))) for i in range(8)]
        painter.drawPolygon(QPolygonF(points))
        painter.setBrush(QColor("white"))
        painter.drawRect(QRectF(size * 0.25, size * 0.42, size * 0.5, size * 0.16))
    else:
        painter.drawEllipse(rect)
        pen = QPen(QColor("white"), max(1.5, size / 8), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        if kind == "ok":
            path = QPainterPath(QPointF(size * 0.27, size * 0.52))
            path.lineTo(size * 0.44, size * 0.69)
            path.lineTo(size * 0.74, size * 0.33)
            painter.strokePath(path, pen)
        elif kind == "fail":
            painter.setPen(pen)
            painter.drawLine(QPointF(size * 0.32, size * 0.32), QPointF(size * 0.68, size * 0.68))
            painter.drawLine(QPointF(size * 0.68, size * 0.32), QPointF(size * 0.32, size * 0.68))
        else:
            _glyph(painter, rect, {"unknown": "?", "info": "i", "note": "i"}.get(kind, "?"))
    painter.end()
    return pixmap


@lru_cache(maxsize=64)
def status_pixmap(kind: str, size: int = 16) -> QPixmap:
    return _draw(kind, size)


@lru_cache(maxsize=32)
def status_icon(kind: str) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48):
        icon.addPixmap(_draw(kind, size))
    return icon
