"""What changed between two versions of a case, as audit actions; and merging two edits.

The store calls :func:`diff_cases` on every save, so each revision's audit entries say
which field changed from what to what, which criterion was answered, which platelet
count was entered. The window adds its own actions (banners, PDF exports) with the
builders below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from .. import i18n
from ..core.case import Case
from ..core.errors import dotted, problems_from_validation
from ..i18n import N_, _
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


def banner_action(raised: bool, kind: str, text: str, day: int | None = None, message=None) -> AuditAction:
    """A warning banner shown (``raised``) or gone; ``kind`` is the plan event kind, e.g. ``stop``.

    ``text`` is the banner's English words, recorded as shown; ``message`` (a core
    :class:`~ctit_gui.core.messages.Message`) its structured form, recorded beside them as ``text_message``
    so the history can show the banner in the reader's language."""
    detail = {"kind": kind, "text": text, "day": day}
    if message is not None:
        detail["text_message"] = message.to_record()
    return AuditAction("banner_raised" if raised else "banner_cleared", detail)


def banner_text(detail: dict) -> str:
    """A recorded banner's words in the current language: from its structured form where the entry has one;
    otherwise (an entry recorded before it was kept, or one this version cannot read) the English text as
    recorded, labelled as such in another language. The stored entry is never changed."""
    text = str(detail.get("text") or "")
    if i18n.language() == i18n.ENGLISH:
        return text
    from ..core.messages import from_record

    try:
        shown = from_record(detail["text_message"])
        if shown.english == text:  # the structured form says what the recorded words say
            return shown.render()
    except (KeyError, ValueError, TypeError):
        pass
    return _("recorded text: {text}", text=text)


def labs_imported_action(file_name: str, file_sha256: str, source_ids: list[str], changes: list[str]) -> AuditAction:
    """Lab results applied from a file: its name, sha256, message / Bundle ids and each change in words."""
    return AuditAction("labs_imported", {"file": file_name, "file_sha256": file_sha256, "source_ids": source_ids,
                                         "changes": changes})


def pdf_export_action(pdf_sha256: str, file_name: str, revision: int, case_sha256: str) -> AuditAction:
    return AuditAction("pdf_exported", {"file": file_name, "pdf_sha256": pdf_sha256, "revision": revision,
                                        "case_sha256": case_sha256})


def _show(value: object) -> str:
    if value is None:
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _plt(check: dict | None) -> str:
    if not check:
        return _("(none)")
    text = f"{check.get('value')} {check.get('unit')}"
    if check.get("bleeding_risk") is not None:
        text += _(", bleeding risk {answer}", answer=_show(check["bleeding_risk"]))
    return text


def _arm(trial: str | None, arm_id: object) -> str:
    """A recorded arm id in words (``core.render.arm_words``: the id in English, the arm's label in another
    language); the entry keeps the id, whatever it recorded."""
    if not isinstance(arm_id, str):
        return str(arm_id)
    from ..core.render import arm_words

    return arm_words(trial if isinstance(trial, str) else None, arm_id)


def _answer(value: object) -> str:
    return {True: _("yes"), False: _("no")}.get(value, _("unknown"))  # type: ignore[arg-type]


#: Why a revision was saved, in words (the trail stores the English key).
WHY_WORDS = {"autosave": N_("saved automatically"), "saved": N_("saved"), "edited": N_("edited"),
             "created": N_("created"), "imported": N_("imported")}
#: Banner kinds in words (the trail stores the kind).
BANNER_WORDS = {"stop": N_("STOP"), "rescue": N_("RESCUE"), "overdue": N_("PLT check overdue"),
                "incomplete": N_("incomplete"), "dose_adjustment": N_("dose adjusted (site rule)"),
                "dose_review": N_("dose review"), "response": N_("endpoint reached"), "grade4": N_("GRADE 4 COUNT"),
                "undefined_rules": N_("No stop, rescue or endpoint rule in the registry")}


def describe(action: str, d: dict) -> str:
    """One line for a history view or ``audit show``, in the current language (English by default)."""
    short = lambda key: str(d.get(key) or "")[:12]  # noqa: E731 — the footer prints 12 characters
    if action == "field_changed":
        # an arm change names the arm without its trial: the one trial with an arm of that id words it
        value = (lambda v: _show(v) if v is None else _arm(None, v)) if d["field"] == "arm" else _show
        return f"{d['field']}: {value(d['old'])} → {value(d['new'])}"
    if action == "criterion_answered":
        return _("criterion {criterion} answered: {old} → {new}", criterion=d["criterion"], old=_answer(d["old"]),
                 new=_answer(d["new"]))
    if action == "plt_entered":
        if d.get("old") is None:
            return _("PLT day {day} entered: {new}", day=d["day"], new=_plt(d["new"]))
        return _("PLT day {day} changed: {old} → {new}", day=d["day"], old=_plt(d["old"]), new=_plt(d["new"]))
    if action == "plt_removed":
        return _("PLT day {day} removed (was {old})", day=d["day"], old=_plt(d["old"]))
    if action == "case_created":
        return _("case created: patient {patient}, {trial} arm {arm}", patient=d["patient_id"], trial=d["trial"],
                 arm=_arm(d["trial"], d["arm"]))
    if action == "case_imported":
        return _("case imported from {source} (file sha256 {sha}): patient {patient}, {trial} arm {arm}",
                 source=d["source"], sha=short("source_sha256"), patient=d["patient_id"], trial=d["trial"],
                 arm=_arm(d["trial"], d["arm"]))
    if action == "case_exported":
        return _("revision {revision} exported to {file} (file sha256 {sha})", revision=d["revision"],
                 file=d["file"], sha=short("file_sha256"))
    if action == "revision_saved":
        why = d["why"]  # the English line names the stored key, as it always did
        if i18n.language() != i18n.ENGLISH and why in WHY_WORDS:
            why = i18n.translate_text(WHY_WORDS[why])
        return _("revision {revision} saved ({why}); case hash {hash}", revision=d["revision"], why=why,
                 hash=short("case_sha256"))
    if action in ("banner_raised", "banner_cleared"):
        kind = d["kind"]
        if i18n.language() != i18n.ENGLISH and kind in BANNER_WORDS:
            kind = i18n.translate_text(BANNER_WORDS[kind])
        where = _(" (day {day})", day=d["day"]) if d.get("day") is not None else ""
        # The banner's own words (English) are the record of what was shown; other languages render its
        # structured form, or show the recorded words labelled as such (banner_text).
        if action == "banner_raised":
            return _("banner raised: {kind}{where}: {text}", kind=kind, where=where, text=banner_text(d))
        return _("banner cleared: {kind}{where}: {text}", kind=kind, where=where, text=banner_text(d))
    if action == "pdf_exported":
        return _("PDF dosing sheet of revision {revision} exported: {file} (sha256 {sha}); case hash {hash}",
                 revision=d["revision"], file=d["file"], sha=short("pdf_sha256"), hash=short("case_sha256"))
    if action == "case_closed":
        note = f": {d['note']}" if d.get("note") else ""
        return _("case closed ({reason}{note}); it leaves the ward's worklist",
                 reason=str(d["reason"]).replace("_", " "), note=note)
    if action == "case_reopened":
        return _("case reopened (was closed: {was}); back on the worklist",
                 was=str(d.get("was") or "").replace("_", " "))
    if action == "labs_imported":
        return _("lab results imported from {file} ({ids}, file sha256 {sha}): {count} value(s)", file=d["file"],
                 ids=", ".join(d.get("source_ids") or []) or _("no id"), sha=short("file_sha256"),
                 count=len(d.get("changes") or []))
    if action == "store_migrated":
        return _("store migrated from format {old} to {new} (backup {backup})", old=d["from_version"],
                 new=d["to_version"], backup=d["backup"])
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
