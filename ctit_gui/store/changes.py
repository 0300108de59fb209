"""What changed between two versions of a case, as audit actions; and merging two edits.

The store calls :func:`diff_cases` on every save, so each revision's audit entries say
which field changed from what to what, which criterion was answered, which platelet
count was entered. The window adds its own actions (banners, PDF exports) with the
builders below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from ..core.case import Case
from ..core.errors import dotted, problems_from_validation
from .hashing import canonical_json

Path = tuple[str | int, ...]

#: Every action the audit trail knows, in the order a history lists them within one save.
ACTIONS = ("store_migrated", "case_created", "case_imported", "revision_saved", "field_changed",
           "criterion_answered", "plt_entered", "plt_removed", "banner_raised", "banner_cleared",
           "pdf_exported", "case_exported", "labs_imported", "case_closed", "case_reopened")


@dataclass(frozen=True)
class AuditAction:
    """One thing that happened to a case; ``detail`` holds JSON values only."""

    action: str
    detail: dict = field(default_factory=dict)

    def describe(self) -> str:
        return describe(self.action, self.detail)


def _flatten(case: Case) -> dict[Path, object]:
    """Leaves of the case; one entry per criterion answer and per platelet check (by day)."""
    flat: dict[Path, object] = {}

    def walk(prefix: Path, value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk((*prefix, key), item)
        else:
            flat[prefix] = value

    for key, value in case.to_dict().items():
        if key == "answers":
            flat.update({("answers", cid): answer for cid, answer in value.items() if answer is not None})
        elif key == "platelet_checks":
            flat.update({("platelet_checks", c["day"]): {k: v for k, v in c.items() if k != "day"} for c in value})
        else:
            walk((key,), value)
    return flat


def _keys(*flats: dict[Path, object]) -> list[Path]:
    seen: dict[Path, None] = {}
    for flat in flats:
        seen.update(dict.fromkeys(flat))
    return list(seen)


def diff_cases(old: Case, new: Case) -> list[AuditAction]:
    """Audit actions turning ``old`` into ``new``: field changed, criterion answered, PLT entered/removed."""
    before, after = _flatten(old), _flatten(new)
    actions = []
    for path in _keys(after, before):
        was, now = before.get(path), after.get(path)
        if was == now:
            continue
        if path[0] == "answers":
            actions.append(AuditAction("criterion_answered", {"criterion": path[1], "old": was, "new": now}))
        elif path[0] == "platelet_checks":
            kind = "plt_removed" if now is None else "plt_entered"
            actions.append(AuditAction(kind, {"day": path[1], "old": was, "new": now}))
        else:
            actions.append(AuditAction("field_changed", {"field": dotted(path), "old": was, "new": now}))
    return actions


def banner_action(raised: bool, kind: str, text: str, day: int | None = None) -> AuditAction:
    """A warning banner shown (``raised``) or gone; ``kind`` is the plan event kind, e.g. ``stop``."""
    return AuditAction("banner_raised" if raised else "banner_cleared", {"kind": kind, "text": text, "day": day})


def labs_imported_action(file_name: str, file_sha256: str, source_ids: list[str], changes: list[str]) -> AuditAction:
    """Lab results applied from a file: its name, sha256, message / Bundle ids and each change in words."""
    return AuditAction("labs_imported", {"file": file_name, "file_sha256": file_sha256, "source_ids": source_ids,
                                         "changes": changes})


def pdf_export_action(pdf_sha256: str, file_name: str, revision: int, case_sha256: str) -> AuditAction:
    return AuditAction("pdf_exported", {"file": file_name, "pdf_sha256": pdf_sha256, "revision": revision,
                                        "case_sha256": case_sha256})


def _show(value: object) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _plt(check: dict | None) -> str:
    if not check:
        return "(none)"
    text = f"{check.get('value')} {check.get('unit')}"
    if check.get("bleeding_risk") is not None:
        text += f", bleeding risk {_show(check['bleeding_risk'])}"
    return text


def _answer(value: object) -> str:
    return {True: "yes", False: "no"}.get(value, "unknown")  # type: ignore[arg-type]


def describe(action: str, d: dict) -> str:
    """One English line for a history view or ``audit show``."""
    short = lambda key: str(d.get(key) or "")[:12]  # noqa: E731 — the footer prints 12 characters
    if action == "field_changed":
        return f"{d['field']}: {_show(d['old'])} → {_show(d['new'])}"
    if action == "criterion_answered":
        return f"criterion {d['criterion']} answered: {_answer(d['old'])} → {_answer(d['new'])}"
    if action == "plt_entered":
        if d.get("old") is None:
            return f"PLT day {d['day']} entered: {_plt(d['new'])}"
        return f"PLT day {d['day']} changed: {_plt(d['old'])} → {_plt(d['new'])}"
    if action == "plt_removed":
        return f"PLT day {d['day']} removed (was {_plt(d['old'])})"
    if action == "case_created":
        return f"case created: patient {d['patient_id']}, {d['trial']} arm {d['arm']}"
    if action == "case_imported":
        return (f"case imported from {d['source']} (file sha256 {short('source_sha256')}): "
                f"patient {d['patient_id']}, {d['trial']} arm {d['arm']}")
    if action == "case_exported":
        return f"revision {d['revision']} exported to {d['file']} (file sha256 {short('file_sha256')})"
    if action == "revision_saved":
        return f"revision {d['revision']} saved ({d['why']}); case hash {short('case_sha256')}"
    if action in ("banner_raised", "banner_cleared"):
        where = f" (day {d['day']})" if d.get("day") is not None else ""
        return f"banner {action.split('_')[1]}: {d['kind']}{where}: {d['text']}"
    if action == "pdf_exported":
        return (f"PDF dosing sheet of revision {d['revision']} exported: {d['file']} "
                f"(sha256 {short('pdf_sha256')}); case hash {short('case_sha256')}")
    if action == "case_closed":
        note = f": {d['note']}" if d.get("note") else ""
        return f"case closed ({str(d['reason']).replace('_', ' ')}{note}); it leaves the ward's worklist"
    if action == "case_reopened":
        return f"case reopened (was closed: {str(d.get('was') or '').replace('_', ' ')}); back on the worklist"
    if action == "labs_imported":
        return (f"lab results imported from {d['file']} ({', '.join(d.get('source_ids') or []) or 'no id'}, "
                f"file sha256 {short('file_sha256')}): {len(d.get('changes') or [])} value(s)")
    if action == "store_migrated":
        return f"store migrated from format {d['from_version']} to {d['to_version']} (backup {d['backup']})"
    return f"{action}: {canonical_json(d)}"


@dataclass(frozen=True)
class MergeResult:
    """``case`` is None when the merged values do not make a valid case (see ``conflicts``)."""

    case: Case | None
    kept_from_mine: tuple[str, ...]
    conflicts: tuple[str, ...]


def _unflatten(flat: dict[Path, object]) -> dict:
    data: dict = {}
    checks = []
    for path, value in flat.items():
        if path[0] == "platelet_checks":
            checks.append({"day": path[1], **value})  # type: ignore[dict-item]
            continue
        node = data
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    if checks:
        data["platelet_checks"] = sorted(checks, key=lambda c: c["day"])
    return data


def _label(path: Path) -> str:
    if path[0] == "platelet_checks":
        return f"PLT day {path[1]}"
    if path[0] == "answers":
        return f"criterion {path[1]}"
    return dotted(path)


def merge_edits(base: Case, mine: Case, theirs: Case) -> MergeResult:
    """Re-apply my edits (``base`` → ``mine``) on top of a newer revision (``theirs``).

    A field both sides changed to different values keeps theirs and is listed in ``conflicts``.
    """
    b, m, t = _flatten(base), _flatten(mine), _flatten(theirs)
    merged: dict[Path, object] = {}
    kept, conflicts = [], []
    for path in _keys(t, m, b):
        old, my, their = b.get(path), m.get(path), t.get(path)
        value = their
        show = _plt if path[0] == "platelet_checks" else _show
        if my != old and my != their:
            if their == old:
                value = my
                kept.append(_label(path))
            else:
                conflicts.append(f"{_label(path)}: yours {show(my)}, theirs {show(their)} (theirs kept)")
        if value is not None:
            merged[path] = value
    try:
        case = Case.model_validate(_unflatten(merged))
    except ValidationError as exc:
        return MergeResult(None, tuple(kept), tuple(conflicts) + tuple(str(p) for p in problems_from_validation(exc)))
    return MergeResult(case, tuple(kept), tuple(conflicts))
