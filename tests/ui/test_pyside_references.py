"""Guard against PySide6 builds that drop references to None/True/False (PySide6 6.12.0 on CPython 3.11).

With such a build the window aborts ("Fatal Python error: bool_dealloc") after about fifty signal
emits; the pinned version must keep these counts from falling.
"""

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QTableView


class _Emitter(QObject):
    changed = Signal()


class _NoneModel(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 20

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 5

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def _counts():
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def test_signal_emits_keep_references_to_true(qtbot):
    emitter = _Emitter()
    received = []
    emitter.changed.connect(lambda: received.append(1))
    before = sys.getrefcount(True)
    for _ in range(500):
        emitter.changed.emit()
    assert len(received) == 500
    assert sys.getrefcount(True) >= before


def test_none_through_qvariants_and_models_keeps_its_references(qtbot):
    combo = QComboBox()
    combo.addItem("not set", None)
    view = QTableView()
    qtbot.addWidget(combo)
    qtbot.addWidget(view)
    view.setModel(_NoneModel())
    view.resize(400, 300)
    before = _counts()
    for _ in range(200):
        combo.currentData()
        view.viewport().repaint()
    after = _counts()
    assert all(a >= b for a, b in zip(after, before)), (before, after)
