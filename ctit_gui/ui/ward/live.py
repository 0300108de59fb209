"""Live refresh from the PostgreSQL ward store: LISTEN/NOTIFY watched from the Qt event loop.

:class:`LiveWatch` keeps one extra connection (same sign-in) that LISTENs on the store's channel;
a :class:`QSocketNotifier` on its socket wakes the event loop when the server sends something, so
nothing polls and no thread is needed. Each notification names ``CASE_ID:REVISION``. A dropped
connection is re-opened with backoff (1, 2, 4 … 30 s); after it is back the window re-reads,
since notifications sent meanwhile were lost.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

BACKOFF_S = (1, 2, 4, 8, 15, 30)


class LiveWatch(QObject):
    case_changed = Signal(int, int)  # case id, revision saved by any workstation
    connection_changed = Signal(bool, str)  # listening?, why not (empty when listening)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self._store = store
        self._conn = None
        self._notifier: QSocketNotifier | None = None
        self._attempt = 0
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.start)
        self.listening = False

    def start(self) -> bool:
        from ...store.pg import CHANNEL

        self._drop()
        try:
            self._conn = self._store.connection.open_listener()
            self._conn.execute(f"LISTEN {CHANNEL}")
        except Exception as exc:  # the server is unreachable: try again later
            self._drop()
            self._schedule_retry(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return False
        self._notifier = QSocketNotifier(self._conn.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)
        was_retrying = self._attempt > 0
        self._attempt = 0
        self._retry.stop()  # started from outside (the window is back online) while a retry was pending
        self.listening = True
        self.connection_changed.emit(True, "")
        if was_retrying:
            self.case_changed.emit(0, 0)  # notifications sent while away were lost: re-read everything
        return True

    def stop(self) -> None:
        self._retry.stop()
        self._drop()

    def _drop(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
            self._conn = None
        self.listening = False

    def _schedule_retry(self, why: str) -> None:
        delay = BACKOFF_S[min(self._attempt, len(BACKOFF_S) - 1)]
        self._attempt += 1
        self.connection_changed.emit(False, why)
        self._retry.start(delay * 1000)

    def _readable(self, *_args) -> None:
        pgconn = self._conn.pgconn if self._conn is not None else None
        if pgconn is None:
            return
        try:
            pgconn.consume_input()
        except Exception as exc:  # the server went away
            self._drop()
            self._schedule_retry(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return
        while True:
            note = pgconn.notifies()
            if note is None:
                break
            try:
                case_id, revision = (int(part) for part in note.extra.decode().split(":"))
            except ValueError:
                continue
            self.case_changed.emit(case_id, revision)
