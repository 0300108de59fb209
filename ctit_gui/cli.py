"""The command line: a thin front end over the clinical core (and, lazily, the sheet).

Bad input exits with status 2 and one line per problem; no traceback reaches a user.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from datetime import date
from pathlib import Path

from . import PROGRAM_NAME, __version__
from .core.case import Case
from .core.eligibility import VERDICT_WORDS, Eligibility, assess_eligibility
from .core.errors import InputError
from .core.plan import Plan
from .core.units import format_number, unit_label
from .core.words import STATE_WORDS, word
from .labs_import.command import add_labs_commands, run_labs_command
from .store.commands import STORE_COMMANDS, add_store_commands, run_store_command

EXIT_BAD_INPUT = 2


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a real date written YYYY-MM-DD (got {text!r})") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own usage errors use the same exit status
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ctit-dosing", description=f"{PROGRAM_NAME} {__version__}")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--store", dest="store", default=None, metavar="STORE",
                        help="the case store for cases/audit/store commands: a PostgreSQL connection string "
                             "or an SQLite store folder (also after the subcommand; default: $CTIT_STORE)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="eligibility verdict, criterion by criterion")
    check.add_argument("case", type=Path)
    check.add_argument("--json", action="store_true", help="print JSON")
    check.add_argument("--today", type=_date, default=None,
                       help="date the case is judged on: no date in the case may be after it (default: today)")

    plan = sub.add_parser("plan", help="the 14-day dosing plan and the events its platelet checks raise")
    plan.add_argument("case", type=Path)
    plan.add_argument("--json", action="store_true", help="print JSON")
    plan.add_argument("--today", type=_date, default=None,
                      help="date for overdue checks; no date in the case may be after it (default: today)")

    sub.add_parser("schema", help="print the case file's JSON Schema")
    sub.add_parser("protocols", help="list the loaded trial protocols and their hashes")

    sheet = sub.add_parser("sheet", help="write the printable PDF dosing sheet")
    sheet.add_argument("case", type=Path)
    sheet.add_argument("-o", "--output", type=Path, required=True, help="the PDF file (- for standard output)")
    sheet.add_argument("--paper", choices=("a4", "letter"), default="a4")
    sheet.add_argument("--generated-at", dest="generated_at", default=None,
                       help="generation time as ISO 8601 (default: now); the same time gives the same bytes")
    sheet.add_argument("--today", type=_date, default=None,
                       help="date for overdue checks (default: the --generated-at date)")
    add_store_commands(sub)
    add_labs_commands(sub, _date)
    return parser


def _print_check(eligibility: Eligibility, out) -> None:
    print(f"{eligibility.trial}  arm {eligibility.arm}", file=out)
    print(f"Verdict: {VERDICT_WORDS[eligibility.verdict].upper()}", file=out)
    print(file=out)
    marks = {True: "yes", False: "no", None: "unknown"}
    for result in eligibility.criteria:
        status = "note" if result.kind == "note" else marks[result.holds]
        decided = result.decided_by
        if not result.applicable:  # never "yes/no [attested]" for a criterion that does not apply
            status, decided = "n/a", "does not apply"
        flag = "  <- blocking" if result.blocking else ""
        print(f"{result.id:<6} {result.kind:<9} {status:<7} [{decided}]{flag}", file=out)
        for line in textwrap.wrap(result.reason, 96):
            print(f"       {line}", file=out)
    print(file=out)
    print("Registry texts: use --json, or see the window's criterion list.", file=out)


def _print_plan(plan: Plan, out) -> None:
    print(f"{plan.trial}  arm {plan.arm}", file=out)
    if plan.dosing_block:
        print(plan.block_text, file=out)
        if plan.blocking:
            print(f"Blocking criteria: {', '.join(plan.blocking)}", file=out)
        print(file=out)
    for day in plan.days:
        when = f"{day.date.isoformat()} {day.date.strftime('%a')}" if day.date else "(day 1 not set)"
        mark = STATE_WORDS["checkpoint"] if day.checkpoint else ""
        if day.state == "planned":
            doses = "; ".join(d.text for d in day.doses)
            if day.conditional_on is not None:
                key = "conditional_stop" if plan.limits.stop_plt_at_least is not None else "conditional_site"
                doses += f" — {word(key, day=day.conditional_on)}"
        elif day.state == "withhold":
            doses = f"{day.state_text}: " + "; ".join(d.text for d in day.doses)
        else:
            doses = day.state_text
        plt = ""
        if day.platelet_check:  # the canonical unit, with what was entered when it differs
            check = day.platelet_check
            plt = f"PLT {format_number(day.platelet_count, 2)} ×10⁹/L"
            if check.unit != "10^9/L":
                plt += f" (entered {format_number(check.value, 2)} {unit_label(check.unit)})"
            if day.ctcae_grade:
                plt += f", CTCAE grade {day.ctcae_grade}"
        print(f"day {day.day:>2}  {when:<15} {mark:<10} {doses}  {plt}".rstrip(), file=out)
    print(file=out)
    for event in plan.events:
        later = "" if event.current else " (history: a later count supersedes it)"
        print(f"[{event.kind.upper()}] {event.text}{later}", file=out)
        print(f"    rule: {event.rule}", file=out)
    if plan.stop_day_reading is not None and plan.stop_day is not None:
        reading = plan.stop_day_reading
        print(f"Stop day: {reading.text}" + (f" (source: {reading.source})" if reading.source else ""), file=out)
    if plan.undefined_rules_note:
        print(plan.undefined_rules_note, file=out)
    if plan.response.defined:
        reached = {True: f"reached on day {plan.response.day}", False: "not reached", None: "unknown"}
        print(f"Primary endpoint: {reached[plan.response.reached]}", file=out)
    for note in plan.notes:
        print(f"Note: {note}", file=out)


def _run(args: argparse.Namespace, out) -> int:
    from .core.session import assess, default_protocols, read_case

    if args.command in STORE_COMMANDS:
        return run_store_command(args, out)
    if args.command == "schema":
        print(json.dumps(Case.model_json_schema(by_alias=True), indent=2, ensure_ascii=False), file=out)
        return 0
    protocols = default_protocols()
    if args.command == "protocols":
        for trial_id, loaded in protocols.items():
            arms = ", ".join(a.id for a in loaded.protocol.arms)
            print(f"{trial_id}  {loaded.short_hash}  {loaded.protocol.short_title}  (arms: {arms})", file=out)
        return 0
    if args.command == "labs":
        return run_labs_command(args, out, protocols)
    if args.command == "sheet":
        from .sheet.export import parse_generated_at

        generated_at = parse_generated_at(args.generated_at)
        args.today = args.today or generated_at.date()
    case = read_case(args.case, protocols, args.today or date.today())
    if args.command == "check":
        eligibility = assess_eligibility(protocols[case.trial].protocol, case)
        if args.json:
            print(json.dumps(eligibility.to_dict(), indent=2, ensure_ascii=False), file=out)
        else:
            _print_check(eligibility, out)
        return 0
    if args.command == "plan":
        plan = assess(case, protocols, args.today or date.today()).plan
        if args.json:
            print(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False), file=out)
        else:
            _print_plan(plan, out)
        return 0
    if args.command == "sheet":
        from .sheet.export import export_sheet, parse_generated_at

        generated_at = parse_generated_at(args.generated_at)
        # Overdue checks are judged on the sheet's own date, so one case and one time give one file.
        assessment = assess(case, protocols, args.today or generated_at.date())
        digest = export_sheet(assessment, args.output, paper=args.paper, generated_at=generated_at)
        print(f"wrote {args.output} (sha256 {digest})", file=sys.stderr if str(args.output) == "-" else out)
        return 0
    raise AssertionError(f"unhandled command {args.command}")


EXIT_BROKEN_PIPE = 141  # what Unix tools report when the reader (``head``) stops reading


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        try:
            return _run(args, sys.stdout)
        finally:
            sys.stdout.flush()
    except InputError as exc:
        for message in exc.messages:
            print(f"error: {message}", file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_BAD_INPUT)  # 3: store damaged or unusable
    except BrokenPipeError:
        # `ctit-dosing plan case.json | head`: the reader has gone; end quietly, no traceback.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
