"""Command-line handlers: ``cases import|list|export``, ``audit show|verify``, ``store init|migrate|copy``.

``add_store_commands(subparsers)`` registers them on the program's parser; each handler
takes the parsed arguments and an output stream and returns the exit status. Problems
raise :class:`~ctit_gui.core.errors.InputError` (exit status 2); ``audit verify`` exits 1
when the trail is broken.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from ..i18n import _
from .errors import StoreError

STORE_COMMANDS = frozenset({"cases", "audit", "store", "ward"})
EXIT_BROKEN = 1
_STATUS_CHOICES = ("screening", "on_treatment", "stopped", "completed", "unknown")


def _case_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("a case id is a whole number from 1, as `cases list` shows (got {value})",
                                           value=repr(text)))
    return value


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("must be a real date written YYYY-MM-DD (got {value})",
                                           value=repr(text))) from None


def _anchor(text: str):
    from .audit import parse_anchor
    from .errors import StoreError

    try:
        return parse_anchor(text)
    except StoreError as exc:
        raise argparse.ArgumentTypeError(exc.messages[0]) from None


def add_store_commands(subparsers) -> None:
    """Register ``cases`` and ``audit`` (each with ``--data-dir``) on the program's subparsers."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", dest="data_dir", type=str, default=argparse.SUPPRESS, metavar="FOLDER",
                        help=_("the case store's folder (default: $CTIT_DATA_DIR, else the per-user data folder)"))

    common.add_argument("--store", dest="store", default=argparse.SUPPRESS, metavar="STORE",
                        help=_("the case store: a PostgreSQL connection string (postgresql://HOST/DB, "
                             "'host=… dbname=…', 'service=NAME') or an SQLite store folder "
                             "(default: $CTIT_STORE, else the --data-dir folder)"))

    cases = subparsers.add_parser("cases", parents=[common], help=_("the case store: import, list, export cases"))
    cases_sub = cases.add_subparsers(dest="store_command", required=True,
                                     metavar="{import,list,export,close,reopen}")
    imported = cases_sub.add_parser("import", parents=[common], help=_("store a case file; prints its store id"))
    imported.add_argument("case", type=Path)
    imported.set_defaults(store_handler=cases_import)
    listed = cases_sub.add_parser("list", parents=[common], help=_("the stored cases with their status"))
    listed.add_argument("--patient", help=_("part of the patient id"))
    listed.add_argument("--trial")
    listed.add_argument("--arm")
    listed.add_argument("--status", choices=_STATUS_CHOICES)
    listed.add_argument("--today", type=_date, default=None, help=_("date the status is for (default: today)"))
    listed.add_argument("--json", action="store_true", help=_("print JSON"))
    listed.set_defaults(store_handler=cases_list)
    exported = cases_sub.add_parser("export", parents=[common], help=_("write a stored case's latest revision"))
    exported.add_argument("case_id", type=_case_id, metavar="ID")
    exported.add_argument("-o", "--output", type=Path, required=True, help=_("the case file (- for standard output)"))
    exported.set_defaults(store_handler=cases_export)
    closed = cases_sub.add_parser("close", parents=[common],
                                  help=_("close a case (it leaves the ward's worklist; audited with the reason)"))
    closed.add_argument("case_id", type=_case_id, metavar="ID")
    closed.add_argument("--reason", required=True, choices=("screen_failure", "withdrawn", "course_completed", "other"))
    closed.add_argument("--note", default=None, help=_("why (required with --reason other)"))
    closed.set_defaults(store_handler=cases_close)
    reopened = cases_sub.add_parser("reopen", parents=[common], help=_("reopen a closed case (back on the worklist)"))
    reopened.add_argument("case_id", type=_case_id, metavar="ID")
    reopened.set_defaults(store_handler=cases_reopen)

    ward = subparsers.add_parser("ward", parents=[common],
                                 help=_("the ward's worklist today (every open case), or the shift handover PDF"))
    ward.add_argument("--today", type=_date, default=None, help=_("the ward's date (default: today)"))
    ward.add_argument("--trial", default=None, help=_("only this trial's cases"))
    ward.add_argument("--json", action="store_true", help=_("print JSON"))
    ward.add_argument("--handover", action="store_true", help=_("write the one-page shift handover PDF (-o FILE)"))
    ward.add_argument("-o", "--output", type=Path, default=None, help=_("the handover PDF (- for standard output)"))
    ward.add_argument("--paper", choices=("a4", "letter"), default="a4")
    ward.add_argument("--generated-at", dest="generated_at", default=None,
                      help=_("handover generation time as ISO 8601 (default: now); the same store state and time "
                           "give the same bytes; --today defaults to its date"))
    ward.set_defaults(store_handler=ward_command)

    trail = subparsers.add_parser("audit", parents=[common], help=_("the audit trail: a case's history, verify"))
    trail_sub = trail.add_subparsers(dest="store_command", required=True, metavar="{show,verify,anchor}")
    shown = trail_sub.add_parser("show", parents=[common], help=_("who did what when to a case"))
    shown.add_argument("case_id", type=_case_id, metavar="ID")
    shown.add_argument("--json", action="store_true", help=_("print JSON"))
    shown.set_defaults(store_handler=audit_show)
    verified = trail_sub.add_parser("verify", parents=[common], help=_("walk the hash chain; exit 1 if broken"))
    verified.add_argument("--anchor", dest="anchors", action="append", default=[], type=_anchor, metavar="N:HASH",
                          help=_("a chain head printed earlier (audit anchor, a sheet's footer); repeatable: "
                               "fails if that entry changed or the trail is shorter"))
    verified.set_defaults(store_handler=audit_verify)
    anchored = trail_sub.add_parser("anchor", parents=[common],
                                    help=_("print the chain head as N:HASH (keep it outside the store)"))
    anchored.set_defaults(store_handler=audit_anchor)

    admin = subparsers.add_parser("store", parents=[common], help=_("set up the shared ward store on PostgreSQL"))
    admin_sub = admin.add_subparsers(dest="store_command", required=True, metavar="{init,migrate,copy}")
    init = admin_sub.add_parser("init", parents=[common], help=_("create the store's tables and roles in an empty "
                                "PostgreSQL database (run as the site's database administrator)"))
    init.set_defaults(store_handler=store_init)
    migrate = admin_sub.add_parser("migrate", parents=[common], help=_("upgrade an older store (backup first)"))
    migrate.add_argument("--backup-dir", type=Path, default=None, metavar="FOLDER",
                         help=_("where the PostgreSQL backup (pg_dump) goes (default: the current folder)"))
    migrate.set_defaults(store_handler=store_migrate)
    copy = admin_sub.add_parser("copy", help=_("copy a workstation's SQLite store, with its full history, "
                                "into the PostgreSQL ward store"))
    copy.add_argument("--from", dest="source", type=Path, required=True, metavar="SQLITE_FOLDER")
    copy.add_argument("--to", dest="target", required=True, metavar="URL")
    copy.set_defaults(store_handler=store_copy)


def run_store_command(args: argparse.Namespace, out) -> int:
    import sqlite3

    from .errors import StoreUnusable

    try:
        return args.store_handler(args, out)
    except sqlite3.DatabaseError as exc:  # damage the open-time check did not see: no traceback, exit 3
        raise StoreUnusable([_("the case store could not be read ({why}); it may be damaged: nothing was written; "
                               "restore it from the latest backup", why=exc)], damaged=True) from None


def _location(args: argparse.Namespace):
    return getattr(args, "store", None) or getattr(args, "data_dir", None)


def _open(args: argparse.Namespace, *, read_only: bool = False):
    """Open the store; on a PostgreSQL server that asks for a password, prompt for it (never stored)."""
    from . import open_store
    from .location import is_postgres, resolve_store

    location = resolve_store(_location(args))
    try:
        return open_store(location, read_only=read_only)
    except StoreError as exc:
        if not (is_postgres(location) and _asks_password(exc) and sys.stdin.isatty()):
            raise
    import getpass

    return open_store(location, read_only=read_only, password=getpass.getpass(_("ward store password: ")))


def _asks_password(exc: Exception) -> bool:
    text = " ".join(getattr(exc, "messages", [str(exc)]))
    return "no password supplied" in text or "password authentication failed" in text


def _postgres_location(args: argparse.Namespace, what: str) -> str:
    from .location import is_postgres, resolve_store

    location = resolve_store(_location(args))
    if not is_postgres(location):
        raise StoreError([_("`store {what}` needs --store with a PostgreSQL connection string "
                            "(postgresql://HOST/DB or 'host=… dbname=…'); the SQLite store sets itself up", what=what)])
    return str(location)


def store_init(args: argparse.Namespace, out) -> int:
    from .pg import init_store

    print(init_store(_postgres_location(args, "init")), file=out)
    return 0


def store_migrate(args: argparse.Namespace, out) -> int:
    from .clock import utc_now
    from .location import is_postgres, resolve_store

    location = resolve_store(_location(args))
    if is_postgres(location):
        from .pg import migrate_store

        print(migrate_store(str(location), args.backup_dir or Path.cwd(), utc_now), file=out)
        return 0
    with _open(args) as store:  # the SQLite store migrates on open, after its own backup
        if store.migrated_from is None:
            print(_("the case store {path} is already at the current store format: nothing to do", path=store.path),
                  file=out)
        else:
            print(_("migrated the case store {path} from format {format} (backup: {backup})", path=store.path,
                    format=store.migrated_from, backup=store.backup), file=out)
    return 0


def store_copy(args: argparse.Namespace, out) -> int:
    from .copy import copy_store
    from .location import is_postgres

    if not is_postgres(args.target):
        raise StoreError([_("{option} must be a PostgreSQL connection string (postgresql://HOST/DB or "
                            "'host=… dbname=…')", option="--to")])
    print(copy_store(args.source, args.target), file=out)
    return 0


def cases_import(args: argparse.Namespace, out) -> int:
    from ..core.errors import InputError
    from ..core.session import parse_case_json
    from .hashing import sha256_bytes

    path: Path = args.case
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([_("{file}: cannot be read ({why})", file=str(path), why=exc.strerror)]) from None
    try:
        case = parse_case_json(raw)
    except InputError as exc:
        raise InputError([f"{path.name}: {m}" for m in exc.messages]) from None
    with _open(args) as store:
        same = [s.case_id for s in store.list_cases(patient=case.patient.id, trial=case.trial)
                if s.patient_id == case.patient.id]
        saved = store.import_case(case, source=path.name, source_sha256=sha256_bytes(raw))
    if same:
        print(_("note: patient {patient} already had case {cases} on {trial}", patient=case.patient.id,
                cases=", ".join(map(str, same)), trial=case.trial), file=sys.stderr)
    print(saved.case_id, file=out)
    return 0


def cases_list(args: argparse.Namespace, out) -> int:
    from .clock import local_text

    with _open(args, read_only=True) as store:
        found = store.list_cases(patient=args.patient, trial=args.trial, arm=args.arm, status=args.status,
                                 today=args.today)
    if args.json:
        rows = [{"id": s.case_id, "patient_id": s.patient_id, "trial": s.trial, "arm": s.arm,
                 "status": s.status.kind, "status_day": s.status.day, "status_text": s.status.text,
                 "revision": s.revision, "changed_at": s.changed_at.isoformat(), "changed_by": s.changed_by,
                 "why": s.why} for s in found]
        print(json.dumps(rows, indent=2, ensure_ascii=False), file=out)
        return 0
    if not found:
        print(_("no cases"), file=out)
        return 0
    from .. import i18n
    from ..i18n import pad
    from .changes import WHY_WORDS

    def right(text: str, width: int) -> str:  # by terminal columns: a CJK character takes two
        return " " * max(0, width - i18n.display_width(text)) + text

    # English exactly as scripts read it; other languages: the words translated, columns by display width
    heads = (_("ID"), _("PATIENT"), _("TRIAL"), _("ARM"), _("STATUS"), _("REV"), _("LAST CHANGED"), _("BY"))
    print(f"{right(heads[0], 4)}  {pad(heads[1], 14)} {pad(heads[2], 12)} {pad(heads[3], 17)} "
          f"{pad(heads[4], 21)} {right(heads[5], 4)}  {pad(heads[6], 29)} {heads[7]}", file=out)
    for s in found:
        why = s.why if i18n.language() == i18n.ENGLISH else i18n.translate_text(WHY_WORDS.get(s.why, s.why))
        print(f"{s.case_id:>4}  {pad(s.patient_id, 14)} {pad(s.trial, 12)} {pad(s.arm, 17)} {pad(s.status.words, 21)} "
              f"{s.revision:>4}  {pad(local_text(s.changed_at), 29)} {s.changed_by} ({why})", file=out)
    return 0


def cases_export(args: argparse.Namespace, out) -> int:
    from ..outputs import check_target, is_stdout

    if not is_stdout(args.output):
        check_target(args.output)
    with _open(args, read_only=True) as store:
        stored, digest = store.export_case(args.case_id, args.output)
        anchor, recorded = store.last_export_anchor, store.last_export_recorded
    where = sys.stderr if is_stdout(args.output) else out
    print(_("wrote {path} (case {case} revision {revision}, sha256 {sha256}, audit anchor {anchor})",
            path=args.output, case=stored.case_id, revision=stored.revision, sha256=digest, anchor=anchor), file=where)
    if not recorded:
        print(_("note: the store is read-only, so this export is not recorded in its audit trail"), file=sys.stderr)
    return 0
    return 0


def audit_show(args: argparse.Namespace, out) -> int:
    from .clock import local_text

    with _open(args, read_only=True) as store:
        stored = store.load(args.case_id)
        history = store.history(args.case_id)
    if args.json:
        rows = [{"seq": e.seq, "at": e.at.isoformat(), "user": e.user, "action": e.action, "detail": e.detail,
                 "text": e.describe(), "program_version": e.program_version, "protocol_sha256": e.protocol_sha256,
                 "entry_hash": e.entry_hash} for e in history]
        print(json.dumps(rows, indent=2, ensure_ascii=False), file=out)
        return 0
    case = stored.case
    print(_("case {case}: patient {patient}, {trial} arm {arm}; latest revision {revision}", case=stored.case_id,
            patient=case.patient.id, trial=case.trial, arm=case.arm, revision=stored.revision), file=out)
    for entry in history:
        protocol = (_("protocol {sha256}", sha256=entry.protocol_sha256[:12]) if entry.protocol_sha256
                    else _("no protocol"))
        print(f"#{entry.seq:<5} {local_text(entry.at)}  {entry.user:<12} {entry.describe()}  "
              f"[v{entry.program_version}, {protocol}]", file=out)
    return 0


def audit_verify(args: argparse.Namespace, out) -> int:
    with _open(args, read_only=True) as store:
        report = store.verify(args.anchors)
        where = store.path
    print(f"{where}: {report.summary()}", file=out)
    for problem in report.problems[1:]:
        print("  " + _("also: {problem}", problem=problem), file=out)
    return 0 if report.ok else EXIT_BROKEN


def audit_anchor(args: argparse.Namespace, out) -> int:
    with _open(args, read_only=True) as store:
        report = store.verify()
        where = store.path
    if not report.ok:
        print(f"{where}: {report.summary()}", file=out)
        print(_("no anchor printed: an anchor of a broken trail would vouch for it"), file=out)
        return EXIT_BROKEN
    if report.anchor is None:
        print(_("{where}: the audit trail is empty; there is nothing to anchor yet", where=where), file=out)
        return 0
    print(_("{where}: audit trail intact: {entries} entries; keep this line outside the store "
            "and check it later with `audit verify --anchor N:HASH`:", where=where, entries=report.entries), file=out)
    print(str(report.anchor), file=out)
    return 0


def cases_close(args: argparse.Namespace, out) -> int:
    from ..core.worklist import WORKLIST_WORDS  # the closure reasons in words

    with _open(args) as store:
        saved = store.close_case(args.case_id, args.reason, args.note)
    print(_("closed case {case} ({reason}): revision {revision}", case=saved.case_id,
            reason=_(WORKLIST_WORDS[args.reason]), revision=saved.revision), file=out)
    return 0


def cases_reopen(args: argparse.Namespace, out) -> int:
    with _open(args) as store:
        saved = store.reopen_case(args.case_id)
    print(_("reopened case {case}: revision {revision}", case=saved.case_id, revision=saved.revision), file=out)
    return 0


def ward_command(args: argparse.Namespace, out) -> int:
    """``ward``: the worklist as text or JSON; ``ward --handover -o FILE.pdf``: the handover sheet."""
    from ..core.worklist import worklist

    if args.handover and args.output is None:
        raise StoreError([_("--handover needs -o FILE.pdf (where to write the handover sheet)")])
    if args.output is not None and not args.handover:
        raise StoreError([_("-o is for the handover sheet: add --handover")])
    generated_at = None
    if args.handover:
        from ..sheet.export import parse_generated_at

        generated_at = parse_generated_at(args.generated_at)
    today = args.today or (generated_at.date() if generated_at is not None else date.today())
    with _open(args) as store:
        if args.trial is not None and args.trial not in store.protocols:
            raise StoreError([_("{option}: must be one of {allowed} (got {value})", option="--trial",
                                allowed=", ".join(sorted(store.protocols)), value=repr(args.trial))])
        listed = worklist(store.ward_entries(), today, store.protocols, trial=args.trial)
        where = store.path
    if args.handover:
        from ..sheet.handover import export_handover

        digest = export_handover(listed, args.output, paper=args.paper, generated_at=generated_at,
                                 store_name=str(where))
        print(_("wrote {path} (sha256 {sha256})", path=args.output, sha256=digest),
              file=sys.stderr if str(args.output) == "-" else out)
        return 0
    if args.json:
        print(json.dumps(listed.to_dict(), indent=2, ensure_ascii=False), file=out)
        return 0
    print(ward_text(listed), file=out, end="")
    return 0


def ward_text(listed) -> str:
    """The worklist as plain text: one block per case, most urgent first (in the current language)."""
    problem = _("problem:")
    labels = {"today": _("today:"), "next": _("next check:"), "alert": _("alert:"),
              "also": _("also:"), "last": _("last count:")}
    from ..core.render import date_text
    from ..i18n import display_width, pad

    width = max(display_width(v) for v in labels.values())  # columns: a CJK character takes two

    def case_words(key) -> str:
        return _("case {id}", id=key)

    labels = {k: pad(v, width) for k, v in labels.items()}
    lines = [_("Ward worklist {date}", date=date_text(listed.today))
             + (f" — {listed.trial}" if listed.trial else "")
             + _(": {count} open case(s)", count=len(listed.items))]
    if not listed.items:
        lines.append(_("no open cases"))
    for item in listed.items:
        lines.append("")
        lines.append(f"[{item.headline}] {item.patient_id}  ({case_words(item.key)})  {item.trial} · "
                     f"{item.arm_words}" + (f"  · {item.day_words}" if item.day_words else ""))
        if item.status is None:
            lines.extend(f"    {pad(problem, width)} {p}" for p in item.problems)
            continue
        lines.append(f"    {labels['today']} {item.today.words}")
        lines.append(f"    {labels['next']} {item.next_check_shown}")
        lines.append(f"    {labels['alert']} {item.alert_words}")
        for alert in item.status.alerts[1:]:
            lines.append(f"    {labels['also']} {alert.words}")
        lines.append(f"    {labels['last']} {item.last_count_words}")
    if listed.closed:
        lines.append("")
        lines.append(_("Closed (not on the list): ") + _("; ").join(
            f"{c.patient_id} ({case_words(c.key)}, {c.reason_words})" for c in listed.closed))
    return "\n".join(lines) + "\n"
