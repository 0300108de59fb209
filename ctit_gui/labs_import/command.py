"""``labs import``: preview (and with ``-o`` apply) a lab result file to a case file.

Exit 2 with one line per problem, and nothing written, for another patient's file, a unit not in
the table, a value the case format refuses, or two final counts on one treatment day.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from ..core.errors import InputError
from ..core.lab_results import ImportPreview, PreviewItem
from ..i18n import N_, _, wrap

#: Each result's state as the text preview names it (translated where printed).
STATE_WORDS = {"apply": N_("APPLY"), "alternative": N_("not chosen"), "choose": N_("CHOOSE"),
               "confirm": N_("needs confirmation"), "unchanged": N_("unchanged"), "refused": N_("not applied")}


def add_labs_commands(sub, date_type) -> None:
    labs = sub.add_parser("labs", help=_("lab results from the hospital's systems (FHIR R4, HL7 v2)"))
    labs_sub = labs.add_subparsers(dest="labs_command", required=True, parser_class=type(labs))
    imp = labs_sub.add_parser("import", help=_("show what a FHIR R4 or HL7 v2 result file would change; "
                                             "with -o write the updated case"))
    imp.add_argument("case", type=Path, metavar=_("case"), help=_("the case file (JSON)"))
    imp.add_argument("results", type=Path, metavar=_("results"), help=_("FHIR R4 JSON (Bundle or Observation) or HL7 v2 ORU^R01 file"))
    imp.add_argument("--json", action="store_true", help=_("print JSON"))
    imp.add_argument("-o", "--output", type=Path, default=None, help=_("write the updated case here"))
    imp.add_argument("--today", type=date_type, default=None,
                     help=_("results after this date are refused (default: today)"))
    imp.add_argument("--accept-preliminary", dest="accept_preliminary", action="store_true",
                     help=_("apply preliminary results too (each is listed)"))


def _item_lines(item: PreviewItem) -> list[str]:
    r = item.result
    state = _(STATE_WORDS[item.state])
    old = item.old or _("(none)")
    head = f"[{state}] {item.field}: {old} → {item.new}" if item.target else f"[{state}] {r.name or r.code}"
    lines = [head,
             "    " + _("sent {value}, {range}, collected {collected}, status {status}", value=r.value_text(),
                       range=r.range_text(), collected=r.collected_text, status=r.status_sent),
             "    " + _("source {source}", source=r.source)]
    lines += [f"    {line}" for line in wrap(item.reason.text, 96)]
    if item.uln_note and item.state in ("apply", "confirm", "choose", "alternative"):
        lines.append(f"    {item.uln_note}")
    lines += [f"    {effect}" for effect in item.effects]
    return lines


def print_preview(preview: ImportPreview, out) -> None:
    print(_("Lab results from {source}", source=preview.source), file=out)
    for item in preview.items:
        for line in _item_lines(item):
            print(line, file=out)
    print(_("{count} change(s) to apply", count=len(preview.applied)), file=out)


def run_labs_command(args: argparse.Namespace, out, protocols) -> int:
    from ..core.lab_results import apply_preview, build_preview
    from ..outputs import write_private
    from ..core.session import read_case
    from ..outputs import check_target, is_stdout
    from . import read_results, site_lab_codes

    if args.output is not None:
        check_target(args.output)  # refuse a device, pipe or folder before reading anything

    if args.output is not None and is_stdout(args.output):
        out = sys.stderr  # -o -: the updated case goes to standard output, the preview beside it on stderr
    case = read_case(args.case, protocols, args.today or date.today())
    from .. import i18n

    with i18n.using(i18n.ENGLISH if args.json else i18n.language()):  # JSON keeps the English words
        results = read_results(args.results)  # where in the file, in words: "Observation (no id)"
        preview = build_preview(case, results, protocols, args.today or date.today(), site=site_lab_codes(),
                                accept_preliminary=args.accept_preliminary)
        problems = preview.command_line_problems()
    if problems:
        if args.json:
            print(json.dumps({**preview.to_dict(), "problems": problems, "written": None}, indent=2,
                             ensure_ascii=False), file=out)
        raise InputError(problems + [_("nothing was written")])
    new_case = apply_preview(case, preview, protocols)
    if args.output is not None:
        # patient data: 0600, atomic, never over a device, pipe or folder (shared with sheet and export)
        write_private(args.output, (new_case.to_json() + "\n").encode("utf-8"))
    if args.json:
        print(json.dumps({**preview.to_dict(), "problems": [], "written": str(args.output) if args.output else None},
                         indent=2, ensure_ascii=False), file=out)
    else:
        print_preview(preview, out)
        if args.output is not None:
            print(_("wrote {path}", path=args.output), file=out)
        elif preview.applied:
            print(_("nothing written: give -o NEW_CASE.json to write the updated case"), file=out)
    return 0
