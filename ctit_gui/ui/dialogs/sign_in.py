"""Who is working: sign-in to the PostgreSQL ward store, or a name and staff id on the SQLite store.

On the ward store each clinician signs in with their own database role; the password goes to the
server only and is never saved (not in settings, not in a file). The server, not this program,
decides who the audit names (``session_user``). The SQLite store of a single workstation cannot
check anyone: the window asks for a name and staff id and the audit records them marked
"not authenticated".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout


def unauthenticated_user(name: str, staff_id: str) -> str:
    """The audit's "who" on the SQLite store: the name and staff id the user typed, marked unchecked."""
    note = QCoreApplication.translate("sign_in", "not authenticated")
    staff = staff_id.strip()
    if staff:
        return QCoreApplication.translate("sign_in", "{name} (staff id {staff}; {note})").format(
            name=name.strip(), staff=staff, note=note)
    return QCoreApplication.translate("sign_in", "{name} ({note})").format(name=name.strip(), note=note)


class SignInDialog(QDialog):
    """Name and password (ward store) or name and staff id (workstation store)."""

    def __init__(self, parent, *, postgres: bool, where: str, name: str = "", problem: str = ""):
        super().__init__(parent)
        self.postgres = postgres
        self.problem = problem
        self.setWindowTitle(self.tr("Sign in to the ward store") if postgres else self.tr("Who is working?"))
        layout = QVBoxLayout(self)
        if postgres:
            intro = self.tr("Ward store: {where}\nSign in with your own user name. The password goes to the "
                            "ward store server only and is never saved. Leave it empty where the site uses "
                            "certificates or Kerberos.").format(where=where)
        else:
            intro = self.tr("This workstation's store cannot check who you are. Your name and staff id are "
                            "recorded with every change, marked \"not authenticated\".")
        text = QLabel(intro, self)
        text.setWordWrap(True)
        layout.addWidget(text)
        if problem:
            warning = QLabel(problem, self)
            warning.setWordWrap(True)
            warning.setStyleSheet("color: #b71c1c;")
            layout.addWidget(warning)
        form = QFormLayout()
        self.name_field = QLineEdit(name, self)
        self.secret_field = QLineEdit(self)
        if postgres:
            self.secret_field.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(self.tr("User name"), self.name_field)
            form.addRow(self.tr("Password"), self.secret_field)
        else:
            form.addRow(self.tr("Your name"), self.name_field)
            form.addRow(self.tr("Staff id"), self.secret_field)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in") if postgres else self.tr("OK"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def _accept(self) -> None:
        if self.name_field.text().strip():
            self.accept()
        else:
            self.name_field.setFocus()

    def name(self) -> str:
        return self.name_field.text().strip()

    def secret(self) -> str:
        """The password (ward store) or the staff id (workstation store)."""
        return self.secret_field.text()

    def forget(self) -> None:
        """Clear the password field once used: the window keeps no copy."""
        self.secret_field.clear()
