"""Table models that remember what each cell answered, until its row changes (issue 17).

Painting a cell asks seven roles of it, thousands of times per edit; the calendar and the criteria
table answer each (row, column, role) once and again only after the row's inputs change. Roles,
brushes and the role-data span are shared here so both models read them the same way.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QModelRoleData, Qt
from PySide6.QtGui import QBrush, QColor

#: Roles as module constants: looking ``Qt.ItemDataRole.X`` up goes through PySide's attribute
#: hooks each time, thousands of times per edit while the views paint.
ACCESSIBLE_ROLE = Qt.ItemDataRole.AccessibleTextRole
BACKGROUND_ROLE = Qt.ItemDataRole.BackgroundRole
DECORATION_ROLE = Qt.ItemDataRole.DecorationRole
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole
EDIT_ROLE = Qt.ItemDataRole.EditRole
FONT_ROLE = Qt.ItemDataRole.FontRole
FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole
ALIGNMENT_ROLE = Qt.ItemDataRole.TextAlignmentRole
TOOLTIP_ROLE = Qt.ItemDataRole.ToolTipRole
USER_ROLE = Qt.ItemDataRole.UserRole
#: Item flags as constants: built with ``|`` on every call, Python's enum arithmetic ran for every
#: painted cell (the views ask each cell's flags as they paint it).
NO_FLAGS = Qt.ItemFlag.NoItemFlags
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE = READ_ONLY | Qt.ItemFlag.ItemIsEditable


def role_items(role_data):
    """A span of role data as Qt passes it, or one QModelRoleData as a Python caller may."""
    return (role_data,) if isinstance(role_data, QModelRoleData) else role_data


@lru_cache(maxsize=32)
def brush(colour: str) -> QBrush:
    """One brush per colour (the views copy it): not a new Qt object per cell and role.

    The style is given (the default, solid) so that PySide picks the constructor at once: from a
    colour alone it first tries the gradient one and builds the QGradient type (its 169 presets,
    ~13 M instructions at start; issue 17)."""
    return QBrush(QColor(colour), Qt.BrushStyle.SolidPattern)


class RememberedCells:
    """``data()`` and ``multiData()`` from ``self._cells[row][column, role]``, filled by
    ``self._data(row_value, column, role)`` for the roles in ``_ROLES`` (None for any other).

    The model keeps ``self._cells`` (one dict per row, emptied when that row changes) and says
    which sequence its rows are in through :meth:`_row_values`. Put this class before
    ``QAbstractTableModel`` in the model's bases."""

    _ROLES: frozenset = frozenset()

    def _row_values(self):
        raise NotImplementedError

    def data(self, index, role=DISPLAY_ROLE):
        try:  # asked before: an invalid index (column -1) is never stored
            return self._cells[index.row()][index.column(), role]
        except (IndexError, KeyError):
            pass
        if not index.isValid() or not 0 <= index.row() < len(self._row_values()):
            return None
        return self._cell(index.row(), index.column(), role)

    def multiData(self, index, roleDataSpan) -> None:  # noqa: N803 - Qt's name
        """Every role a view asks of a cell at once (painting asks seven): one call into Python
        instead of one per role. Same answers as :meth:`data`."""
        roleDataSpan = role_items(roleDataSpan)
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._row_values()):
            for item in roleDataSpan:
                item.clearData()
            return
        column = index.column()
        cells = self._cells[row]
        for item in roleDataSpan:  # the remembered answer read here: no Python call per role
            role = item.role()
            try:
                value = cells[column, role]
            except KeyError:
                value = self._cell(row, column, role)
            item.setData(value)

    def _cell(self, row: int, column: int, role: int):
        """``data()`` of a cell by row and column, remembered until the row's inputs change."""
        cells = self._cells[row]
        try:
            return cells[column, role]
        except KeyError:
            pass
        value = cells[column, role] = (self._data(self._row_values()[row], column, role)
                                       if role in self._ROLES else None)
        return value
