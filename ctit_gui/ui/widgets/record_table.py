"""The plumbing shared by the read-only record tables (the case list, a case's history)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class RecordTableModel(QAbstractTableModel):
    """Rows of immutable records, replaced as a whole; subclasses give the headers and the cells."""

    #: Number of columns; subclasses set it with their COL_* constants.
    COLUMNS = 0

    def __init__(self, parent=None):
        super().__init__(parent)
        self.records: list = []

    def set_records(self, records: list) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def header_tips(self) -> dict[int, str]:
        return {}

    def record_at(self, index: QModelIndex):
        """The record behind a valid cell of this model, else None."""
        if not index.isValid() or not 0 <= index.row() < len(self.records) or not 0 <= index.column() < self.COLUMNS:
            return None
        return self.records[index.row()]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMNS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips().get(section)
        return None
