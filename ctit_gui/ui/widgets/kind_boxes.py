"""A coloured box per kind (ok, fail, stop…) under a widget's words, without a style sheet on the widget.

A new style sheet on a banner or chip re-polished it and its labels at every flip of its kind (issue 17).
Instead each kind's box is a frame with that kind's style sheet, set once when the kind is first shown,
in a layer under the words; the kind shown has its box at the widget's place, the others are folded to
no size — moved, not hidden: a hidden child shown again asks the window for a second paint. The layer
has no layout: a widget shown in a parent with a layout lays out every layout up to the window at once.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QFrame, QWidget

from .icons import BACKGROUNDS, COLOURS


class KindBoxes:
    """The boxes of one widget, in ``layer``: named ``name`` (their style sheets' selector), with
    ``radius`` px corners; ``panel``: a styled panel over an auto-filled background, as a QFrame
    whose own style sheet drew the box."""

    def __init__(self, layer: QWidget, name: str, radius: int, panel: bool = False):
        self.layer, self.name, self.radius, self.panel = layer, name, radius, panel
        self.boxes: dict[str, QFrame] = {}  # per kind, made when the kind is first shown
        self.kind: str | None = None

    def show(self, kind: str, place: QRect) -> None:
        """The box of ``kind`` at ``place``; the box shown before folds."""
        for other, box in self.boxes.items():
            if other != kind:
                box.setGeometry(0, 0, 0, 0)
        self.kind = kind
        self._box(kind).setGeometry(place)

    def place(self, place: QRect) -> None:
        """The box shown (if any) moved to ``place``."""
        box = self.boxes.get(self.kind)
        if box is not None:
            box.setGeometry(place)

    def _box(self, kind: str) -> QFrame:
        box = self.boxes.get(kind)
        if box is None:
            box = self.boxes[kind] = QFrame(self.layer)
            box.setObjectName(self.name)
            if self.panel:
                box.setFrameShape(QFrame.Shape.StyledPanel)
                box.setAutoFillBackground(True)
            box.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # tips and clicks: the widget's
            box.setStyleSheet(f"QFrame#{self.name} {{ background: {BACKGROUNDS[kind]}; "
                              f"border: 1px solid {COLOURS[kind]}; border-radius: {self.radius}px; }}")
            box.show()
        return box
