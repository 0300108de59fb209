"""Pictures of a table's cells, drawn again only when a cell looks different (issue 17).

A verdict or STOP flip moves every calendar row (their heights change), so Qt repaints all ~50
visible cells: each asked its seven painted roles through Python, its words laid out and shaped
twice (elided, then drawn) by the style: ~0.2 M instructions a cell, ~10 M a flip, for cells that
mostly look exactly as they did one or two edits ago. :class:`CellPictures` keeps what the delegate
painted for a cell, keyed by what the cell shows (its model's paint key: words, icon, colours,
font, alignment), its size and everything of the view that painting reads (palette, font, style,
focus and activation, direction, word wrap, elision, icon size, pixel ratio); the next paint of
an equal cell copies the picture.

The picture is the delegate's own paint, drawn on the view's background colour, so its pixels are
the ones painting straight onto the viewport gives; that holds for the Fusion style (tested pixel
for pixel) with a plain background. With another style, a non-solid background or alternating row
colours, and for the current, selected or hovered cell (their looks follow focus, selection and the
mouse), cells are painted as before.

The style is known without asking Qt for it while the view shows the style the program chose at
start (``app.chosen_style``: no change of the view's style since, no style sheet on it): the first
QStyle object to reach Python makes PySide build its Python types for QStyle and QCommonStyle with
their hundreds of enum members (~44 M instructions, ~5 ms, once per process), which was the first
edit's largest part (issue 17). Otherwise the style's name is read, as before.

Pictures are made only once the view has shown one change (a case just opened keeps no pictures:
its peak memory is unchanged) and are bounded in bytes.
"""

from __future__ import annotations

from typing import Callable, Hashable

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QCursor, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from ..app import chosen_style

#: The most bytes of pictures kept for a view; when a new one would pass it, all are dropped.
PICTURE_BYTES = 4 * 1024 * 1024
#: The styles whose item painting was compared pixel for pixel with the pictures.
TESTED_STYLES = frozenset({"fusion"})


class CellPictures:
    """The cell pictures of one table view; its delegates draw through :meth:`draw`, its
    ``paintEvent`` calls :meth:`begin` first and :meth:`end` after, its ``changeEvent`` calls
    :meth:`style_changed` on every ``StyleChange``."""

    def __init__(self, view: QTableView, paint_key: Callable[[int, int], Hashable]):
        self.view = view
        self._paint_key = paint_key
        self._pictures: dict[tuple, QPixmap] = {}
        self._bytes = 0
        self._contexts: dict[tuple, int] = {}
        self._context = -1  # this paint's context (an index into _contexts); -1: paint as before
        self._excluded: frozenset = frozenset()
        self._background = QColor()
        self._ratio = 1
        #: Off until the view has shown a change (:meth:`in_use`): a window just opened keeps no pictures.
        self.enabled = False
        self._wanted = False
        #: The view shows the program's chosen style (``app.chosen_style``): True until its style changes.
        self._chosen_style = True
        self._style = None  # the style whose name was last read, and whether it is one of TESTED_STYLES
        self._style_tested = False
        self._style_changes = 0  # (in the context key: a picture is never of another style)
        self.made = 0  # pictures drawn (tests)

    def in_use(self) -> None:
        """The view shows a change: pictures start once that change is painted (from a zero timer,
        :meth:`end`). When the style must be asked its name (not the program's chosen style), that
        read, which makes PySide build its Python type for ``QStyle`` (~44 M instructions, once per
        process), is done there: not in the frame that shows the clinician's first edit."""
        self._wanted = True

    def _start(self) -> None:
        if not self._style_chosen():
            self._style_fits(self.view.style())
        self.enabled = True

    def style_changed(self) -> None:
        """The view's style changed (its ``StyleChange`` event: another style for it or the
        application, a style sheet set or removed): no picture of the old one is used again, and
        from now on the style is asked its name."""
        self._chosen_style = False
        self._style = None
        self._style_changes += 1
        self._contexts.clear()
        self.clear()

    def _style_chosen(self) -> bool:
        """The view paints in the program's chosen style, one of :data:`TESTED_STYLES` (known without
        a QStyle object in Python)."""
        view = self.view
        return (self._chosen_style and chosen_style() in TESTED_STYLES
                and not view.testAttribute(Qt.WidgetAttribute.WA_StyleSheet)
                and not view.testAttribute(Qt.WidgetAttribute.WA_SetStyle))

    def _style_fits(self, style) -> bool:
        if style is not self._style:
            self._style, self._style_tested = style, style.name() in TESTED_STYLES
        return self._style_tested

    def clear(self) -> None:
        self._pictures.clear()
        self._bytes = 0

    def begin(self) -> None:
        """Read what this paint's cells depend on besides their own look (once per paint event)."""
        self._context = -1
        if not self.enabled:
            return
        view = self.view
        viewport = view.viewport()
        ratio = viewport.devicePixelRatio()
        if not (self._style_chosen() or self._style_fits(view.style())) or view.alternatingRowColors() \
                or not viewport.autoFillBackground() or ratio != int(ratio) \
                or viewport.backgroundRole() != QPalette.ColorRole.Base:
            return
        palette = viewport.palette()
        background = palette.base()
        if background.style() != Qt.BrushStyle.SolidPattern or background.color().alpha() != 255:
            return
        icon = view.iconSize()
        context = (view.palette().cacheKey(), palette.cacheKey(), view.font().key(), self._style_changes,
                   view.isActiveWindow(), view.hasFocus(), view.isEnabled(), view.isRightToLeft(),
                   view.wordWrap(), view.textElideMode(), icon.width(), icon.height(), ratio)
        self._context = self._contexts.setdefault(context, len(self._contexts))
        if len(self._contexts) > 64:  # (focus, activation… come and go: a handful in use)
            self._contexts.clear()
            self.clear()
            self._context = self._contexts.setdefault(context, 0)
        self._background = background.color()
        self._ratio = int(ratio)
        excluded = {(index.row(), index.column()) for index in view.selectionModel().selectedIndexes()}
        current = view.currentIndex()
        excluded.add((current.row(), current.column()))
        if viewport.underMouse():
            under = view.indexAt(viewport.mapFromGlobal(QCursor.pos()))
            excluded.add((under.row(), under.column()))
        self._excluded = frozenset(excluded)

    def end(self) -> None:
        self._context = -1
        if self._wanted and not self.enabled:
            self._wanted = False
            QTimer.singleShot(0, self.view, self._start)  # (not after the view is gone)

    def draw(self, painter: QPainter, option, index, paint) -> bool:
        """Draw the cell's picture (made with ``paint`` if new); False: the caller paints it."""
        if self._context < 0:
            return False
        row, column = index.row(), index.column()
        if (row, column) in self._excluded:
            return False
        rect = option.rect
        width, height = rect.width(), rect.height()
        key = (self._context, self._paint_key(row, column), width, height)
        picture = self._pictures.get(key)
        if picture is None:
            picture = self._make(key, width, height, option, index, paint)
        painter.drawPixmap(rect.x(), rect.y(), picture)
        return True

    def _make(self, key: tuple, width: int, height: int, option, index, paint) -> QPixmap:
        ratio = self._ratio
        size = width * height * ratio * ratio * 4
        if self._bytes + size > PICTURE_BYTES:
            self.clear()
        picture = QPixmap(width * ratio, height * ratio)
        picture.setDevicePixelRatio(ratio)
        picture.fill(self._background)
        cell = QStyleOptionViewItem(option)
        cell.rect = QRect(0, 0, width, height)
        painter = QPainter(picture)
        paint(painter, cell, index)
        painter.end()
        self._pictures[key] = picture
        self._bytes += size
        self.made += 1
        return picture


class PicturedCell:
    """Put before a ``QStyledItemDelegate`` class: its cells are drawn through the view's
    :class:`CellPictures` (``pictures``), and painted as before when that declines."""

    pictures: CellPictures | None = None

    def paint(self, painter, option, index) -> None:
        pictures = self.pictures
        if pictures is None or not pictures.draw(painter, option, index, super().paint):
            super().paint(painter, option, index)
