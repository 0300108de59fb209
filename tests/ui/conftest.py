"""Qt fixtures for the window tests: no modal dialog ever blocks, a fixed 'today', a shown window."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"

#: Day 7 of the example NCT07334093 case (day 1 = 2026-02-03).
TODAY = date(2026, 2, 9)
#: A day on which every example's dates (screening, day 1, its counts) have passed: the window judges dates
#: against its own today, so a case dated after it would show "after today" problems.
AFTER_EXAMPLES = date(2026, 6, 30)


@dataclass
class Dialogs:
    """Stands in for every modal dialog: records what was shown, answers from queues."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)
    open_names: list[str] = field(default_factory=list)
    save_names: list[str] = field(default_factory=list)
    questions: list[QMessageBox.StandardButton] = field(default_factory=list)

    def kinds(self) -> list[str]:
        return [kind for kind, _title, _text in self.shown]

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch) -> Dialogs:
    """Replace QMessageBox and QFileDialog's static functions; an unplanned question fails the test."""
    record = Dialogs()

    def message(kind: str, answer):
        def show(_parent, title, text, *_args, **_kwargs):
            record.shown.append((kind, title, text))
            return answer
        return staticmethod(show)

    def question(_parent, title, text, *_args, **_kwargs):
        record.shown.append(("question", title, text))
        if not record.questions:
            pytest.fail(f"unexpected question dialog: {title}: {text}")
        return record.questions.pop(0)

    def file_name(queue: list[str], kind: str):
        def pick(_parent, caption="", directory="", *_args, **_kwargs):
            record.shown.append((kind, caption, directory))
            return (queue.pop(0) if queue else "", "")
        return staticmethod(pick)

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, message(kind, QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "about", message("about", None))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", file_name(record.open_names, "open"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", file_name(record.save_names, "save"))
    return record


@dataclass
class SignIns:
    """Stands in for the sign-in dialog: answers (name, secret) from a queue; empty queue = Cancel."""

    answers: list[tuple[str, str]] = field(default_factory=list)
    asked: list[dict] = field(default_factory=list)


@pytest.fixture(autouse=True)
def sign_ins(monkeypatch) -> SignIns:
    from ctit_gui.ui.dialogs.sign_in import SignInDialog

    record = SignIns()

    def exec_(dialog):
        record.asked.append({"postgres": dialog.postgres, "title": dialog.windowTitle(), "problem": dialog.problem})
        if not record.answers:
            return SignInDialog.DialogCode.Rejected
        name, secret = record.answers.pop(0)
        dialog.name_field.setText(name)
        dialog.secret_field.setText(secret)
        return SignInDialog.DialogCode.Accepted

    monkeypatch.setattr(SignInDialog, "exec", exec_)
    return record


@pytest.fixture(params=["sqlite", "postgresql"])
def ward_store(request, monkeypatch):
    """The window store tests run on both stores: the test's SQLite folder, or a fresh PostgreSQL
    database (``CTIT_STORE``). Live refresh is off here (these test autosave and conflicts as a
    window meets them without a notification); test_store_live.py tests it."""
    if request.param == "postgresql":
        from ctit_gui.ui.ward.store_session import StoreSession

        monkeypatch.setenv("CTIT_STORE", request.getfixturevalue("pg_database"))
        monkeypatch.setattr(StoreSession, "LIVE", False)
    return request.param


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path_factory):
    """QSettings (the last folder used) start empty in every test."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(folder))
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))


@pytest.fixture
def example(tmp_path):
    """A copy of an example case in the test's folder: tests may save over it, never over examples/."""
    def copy(name: str) -> Path:
        target = tmp_path / "cases" / name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes((EXAMPLES_DIR / name).read_bytes())
        return target
    return copy


def leave_quietly(window) -> None:
    """At teardown: whatever a test left unsaved or half-typed is dropped without a question."""
    window.setWindowModified(False)
    for date_field, _text in window.patient_panel.half_typed_dates():
        date_field.set_date(None)


def case_window(qtbot, protocols, path, today, width: int, height: int):
    """A shown window of the given size with a case file opened, as a clinician opens it (File → Open)."""
    from ctit_gui.ui.main_window import MainWindow

    win = MainWindow(protocols, today=lambda: today)
    qtbot.addWidget(win, before_close_func=leave_quietly)
    win.resize(width, height)
    win.show()
    qtbot.waitExposed(win)
    win.load_path(path)
    return win


@pytest.fixture
def window(qtbot, protocols):
    """The main window at 1280×800, shown, with 'today' fixed to day 7 of the example case."""
    from ctit_gui.ui.main_window import MainWindow

    win = MainWindow(protocols, today=lambda: TODAY)
    # closing at teardown must not ask about unsaved changes
    qtbot.addWidget(win, before_close_func=leave_quietly)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def eligible_case(qtbot, window, dialogs, example):
    """The window with the eligible NCT07334093 example (baseline PLT 32; day 7 PLT 85: the study drug stops
    from day 8, the endpoint is met) opened through File → Open, as a ward opens a case, and its chart shown."""
    dialogs.open_names.append(str(example("nct07334093-experimental-eligible.json")))
    window.open_action.trigger()
    window.ensure_chart()
    qtbot.wait(50)
    return window
