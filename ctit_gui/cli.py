"""The command line: a thin front end over the clinical core (and, lazily, the sheet).

Bad input exits with status 2 and one line per problem; no traceback reaches a user.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
from datetime import date
from pathlib import Path

from . import PROGRAM_NAME, __version__
from . import i18n
from .core.case import Case
from .core.eligibility import VERDICT_WORDS, Eligibility, assess_eligibility
from .core.errors import InputError
from .core.plan import Plan, conditional_key
from .core.render import (
    arm_words, block_text, criterion_reason, date_words, day_state_text, event_heading, id_list, planned_dose_words,
    protocol_sentence, state_words,
)
from .core.units import format_number, unit_label
from .i18n import _
from .labs_import.command import add_labs_commands, run_labs_command
from .store.commands import STORE_COMMANDS, add_store_commands, run_store_command

EXIT_BAD_INPUT = 2


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("must be a real date written YYYY-MM-DD (got {value})",
                                           value=repr(text))) from None


def error_line(message: str) -> str:
    """One problem as the command line reports it: 'error: …' / '错误：…'."""
    return _("error: {message}", message=message)


class _Formatter(argparse.HelpFormatter):
    """Help text wrapped by terminal columns: a Chinese line is as wide as it looks (a CJK character takes two)."""

    def _split_lines(self, text, width):
        if not i18n.is_chinese():
            return super()._split_lines(text, width)
        return _wrap(" ".join(text.split()), width)

    def _fill_text(self, text, width, indent):
        if not i18n.is_chinese():
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in _wrap(" ".join(text.split()), width - len(indent)))

    def _format_usage(self, usage, actions, groups, prefix):
        # argparse lines up the usage's continuation lines under the program's name by counting characters:
        # 用法： is three characters but six columns, so they came out three columns short.
        if not i18n.is_chinese():
            return super()._format_usage(usage, actions, groups, prefix)
        shown_prefix = argparse._("usage: ") if prefix is None else prefix
        extra = i18n.display_width(shown_prefix) - len(shown_prefix)
        self._width -= extra  # the first line is as much wider than argparse counts: wrap that much earlier
        try:
            text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += extra
        first, *rest = text.split("\n")
        return "\n".join([first] + [" " * extra + line if line.startswith(" ") else line for line in rest])

    def start_section(self, heading):
        self._headings.append(heading)
        super().start_section(heading)

    def format_help(self):
        # argparse ends a section's heading with an ASCII colon; a Chinese heading takes the full-width one.
        text = super().format_help()
        if not i18n.is_chinese():
            return text
        for heading in {heading for heading in self._headings if heading}:
            text = re.sub(rf"(?m)^( *{re.escape(heading)}):$", r"\1：", text)
        return text

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._headings: list[str] = []

    def _format_action(self, action):
        # argparse pads an option's name by characters: a Chinese name (病例文件) is wider than it counts,
        # so as many spaces come out after it as it has wide characters, and its help lines up again.
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = i18n.display_width(header) - len(header)
        first, newline, rest = text.partition("\n")
        at = first.find(header)
        if extra and at >= 0:
            after = first[at + len(header):]
            if len(after) - len(after.lstrip(" ")) >= extra + 2:
                first = first[:at + len(header)] + after[extra:]
        return first + newline + rest


class _Parser(argparse.ArgumentParser):
    """argparse in the command line's language (its own words too: :mod:`ctit_gui.argparse_words`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # argparse's own usage errors use the same exit status
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, error_line(message) + "\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser, its help in the current language (set :func:`ctit_gui.i18n.set_language` first)."""
    from .argparse_words import install

    install()  # argparse's own words (usage:, its errors) from our catalogue, in the current language
    parser = _Parser(
        prog="ctit-dosing", description=f"{_(PROGRAM_NAME)} {__version__}",
        epilog=_("Without a subcommand the program opens the window (options: --open CASE.json, "
                 "--data-dir FOLDER, --lang LANGUAGE, --exit-after-show). --lang and --data-dir may stand "
                 "before or after the subcommand. Command-line output is in English unless --lang or "
                 "${variable} says otherwise.", variable=i18n.LANGUAGE_VARIABLE),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--lang", metavar="LANGUAGE", default=argparse.SUPPRESS,
                        help=_("language of the output: {choices} (default: ${variable}, else en)").format(
                            choices=", ".join(i18n.LANGUAGES), variable=i18n.LANGUAGE_VARIABLE))
    parser.add_argument("--data-dir", dest="data_dir", type=Path, default=argparse.SUPPRESS, metavar="FOLDER",
                        help=_("the ward case store's folder, for the window and the cases and audit commands "
                               "(default: $CTIT_DATA_DIR, else the per-user data folder)"))
    parser.add_argument("--store", dest="store", default=None, metavar="STORE",
                        help=_("the case store for cases/audit/store commands: a PostgreSQL connection string "
                               "or an SQLite store folder (also after the subcommand; default: $CTIT_STORE)"))
    # In Chinese the subcommand is named in Chinese (usage, "参数 子命令：无效的选择"); in English as before.
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                metavar=_("COMMAND") if i18n.is_chinese() else None)

    check = sub.add_parser("check", help=_("eligibility verdict, criterion by criterion"))
    check.add_argument("case", type=Path, metavar=_("case"))
    check.add_argument("--json", action="store_true", help=_("print JSON"))
    check.add_argument("--today", type=_date, default=None,
                       help=_("date the case is judged on: no date in the case may be after it (default: today)"))

    plan = sub.add_parser("plan", help=_("the 14-day dosing plan and the events its platelet checks raise"))
    plan.add_argument("case", type=Path, metavar=_("case"))
    plan.add_argument("--json", action="store_true", help=_("print JSON"))
    plan.add_argument("--today", type=_date, default=None,
                      help=_("date for overdue checks; no date in the case may be after it (default: today)"))

    sub.add_parser("schema", help=_("print the case file's JSON Schema"))
    sub.add_parser("protocols", help=_("list the loaded trial protocols and their hashes"))

    sheet = sub.add_parser("sheet", help=_("write the printable PDF dosing sheet"))
    sheet.add_argument("case", type=Path, metavar=_("case"))
    sheet.add_argument("-o", "--output", type=Path, required=True, help=_("the PDF file (- for standard output)"))
    sheet.add_argument("--paper", choices=("a4", "letter"), default="a4")
    sheet.add_argument("--generated-at", dest="generated_at", default=None,
                       help=_("generation time as ISO 8601 (default: now); the same time gives the same bytes"))
    sheet.add_argument("--today", type=_date, default=None,
                       help=_("date for overdue checks (default: the --generated-at date)"))
    add_store_commands(sub)
    add_labs_commands(sub, _date)
    return parser


_cell = i18n.pad  # ``text`` padded to ``width`` columns as a terminal shows it (a CJK character takes two)
_wrap = i18n.wrap  # lines of at most ``width`` columns; Chinese breaks between CJK characters, never in a number


def _print_check(eligibility: Eligibility, out, protocols) -> None:
    print(_("{trial}  arm {arm}", trial=eligibility.trial, arm=arm_words(eligibility.trial, eligibility.arm,
                                                                         protocols)), file=out)
    print(_("Verdict: {verdict}", verdict=_(VERDICT_WORDS[eligibility.verdict]).upper()), file=out)
    print(file=out)
    code = i18n.language()
    catalogue = i18n._catalogues.get(code)  # a catalogue loaded again (tests) words its blocks again
    blocks = []
    for result in eligibility.criteria:
        known = _BLOCKS.get((id(result), code))
        if known is not None and known[0] is result and known[1] is catalogue:
            blocks.append(known[2])
            continue
        block = _criterion_block(result)
        if len(_BLOCKS) >= 4096:
            _BLOCKS.clear()
        _BLOCKS[(id(result), code)] = (result, i18n._catalogues.get(code), block)
        blocks.append(block)
    if blocks:
        print("\n".join(blocks), file=out)
    print(file=out)
    print(_("Registry texts: use --json, or see the window's criterion list."), file=out)


#: A criterion's lines as `check` prints them, by (result, language): results are immutable and shared by the
#: cases with equal inputs (eligibility's decision table), so each is worded, padded and wrapped once.
#: Kept beside the result (and the catalogue it was worded from) so an id is not reused while its entry exists.
_BLOCKS: dict[tuple[int, str], tuple[object, object, str]] = {}


def _criterion_block(result) -> str:
    """A criterion's status line and its wrapped reason, in the current language."""
    marks = {True: _("yes"), False: _("no"), None: _("unknown")}
    kinds = {"inclusion": _("inclusion"), "exclusion": _("exclusion"), "note": _("note")}
    decided = {"computed": _("computed"), "attested": _("attested"), "note": _("note"),
               "computed+attested": _("computed+attested")}
    status = _("note") if result.kind == "note" else marks[result.holds]
    how = decided.get(result.decided_by, result.decided_by)
    if not result.applicable:  # never "yes/no [attested]" for a criterion that does not apply
        status, how = _("n/a"), _("does not apply")
    flag = _("  <- blocking") if result.blocking else ""
    lines = [f"{result.id:<6} {_cell(kinds.get(result.kind, result.kind), 9)} {_cell(status, 7)} [{how}]{flag}"]
    lines += [f"       {line}" for line in _wrap(criterion_reason(result), 96)]
    return "\n".join(lines)


def _rule_lines(label: str, english: str | None) -> list[str]:
    """A registry (or site) sentence: English as it is; in Chinese its translation, then the English original."""
    if not english:
        return []
    shown = protocol_sentence(english)
    if shown == english:
        return [f"{label}{english}"]
    return [f"{label}{shown}", "    " + _("English original: {text}", text=english)]


def _print_plan(plan: Plan, out, protocols) -> None:
    print(_("{trial}  arm {arm}", trial=plan.trial, arm=arm_words(plan.trial, plan.arm, protocols)), file=out)
    if plan.dosing_block:
        print(block_text(plan), file=out)
        if plan.blocking:
            print(_("Blocking criteria: {ids}", ids=id_list(plan.blocking)), file=out)
        print(file=out)
    for day in plan.days:
        when = date_words(day.date, None, iso_first=True) if day.date else _("(day 1 not set)")
        mark = state_words("checkpoint") if day.checkpoint else ""
        doses_words = "; ".join(planned_dose_words(d) for d in day.doses)
        if day.state == "planned":
            doses = doses_words
            key = conditional_key(plan, day)
            if key is not None:
                doses += f" — {state_words(key, day=day.conditional_on)}"
        elif day.state == "withhold":
            doses = f"{day_state_text(day)}: " + doses_words
        else:
            doses = day_state_text(day)
        plt = ""
        if day.platelet_check:  # the canonical unit, with what was entered when it differs
            check = day.platelet_check
            plt = f"PLT {format_number(day.platelet_count, 2)} ×10⁹/L"
            if check.unit != "10^9/L":
                plt += _(" (entered {value})", value=f"{format_number(check.value, 2)} {unit_label(check.unit)}")
            if day.ctcae_grade:
                plt += _(", CTCAE grade {grade}", grade=day.ctcae_grade)
        label = _("day {day}", day=f"{day.day:>2}") if not i18n.is_chinese() else _cell(_("day {day}", day=day.day), 6)
        print(f"{label}  {_cell(when, 15)} {_cell(mark, 10)} {doses}  {plt}".rstrip(), file=out)
    print(file=out)
    for event in plan.events:
        later = "" if event.current else _(" (history: a later count supersedes it)")
        print(f"[{event_heading(event.kind)}] {event.text_in()}{later}", file=out)
        for line in _rule_lines("    " + _("rule: "), event.rule):
            print(line, file=out)
    if plan.stop_day_reading is not None and plan.stop_day is not None:
        reading = plan.stop_day_reading
        source = _(" (source: {source})", source=protocol_sentence(reading.source)) if reading.source else ""
        print(_("Stop day: {text}", text=protocol_sentence(reading.text)) + source, file=out)
    if plan.undefined_rules_note:
        for line in _rule_lines("", plan.undefined_rules_note):
            print(line, file=out)
    if plan.response.defined:
        reached = {True: _("reached on day {day}", day=plan.response.day), False: _("not reached"),
                   None: _("unknown")}
        print(_("Primary endpoint: {status}", status=reached[plan.response.reached]), file=out)
    for note in plan.notes:
        for line in _rule_lines(_("Note: "), note):
            print(line, file=out)


_own_process = False  # main() runs as the program's own process (not called by a test or another program)


def _settle_collector(freeze: bool = True) -> None:
    """In the program's own process, once the protocols are loaded: what start-up imported and loaded stays
    until exit, so it leaves the cyclic collector's generations (``gc.freeze``; the collection at exit no
    longer walks it either), and the collector is on for the command's own work. main.py pauses the collector
    while the command line is imported (long-lived objects only). A `check` process: ~7 % fewer instructions
    (benchmarks/RESULTS.md)."""
    if _own_process:
        if freeze:
            gc.freeze()
        gc.enable()


def _run(args: argparse.Namespace, out) -> int:
    from .core.session import assess, default_protocols, read_case

    if args.command in STORE_COMMANDS:
        _settle_collector(freeze=False)
        return run_store_command(args, out)
    if args.command == "schema":
        print(json.dumps(Case.model_json_schema(by_alias=True), indent=2, ensure_ascii=False), file=out)
        return 0
    protocols = default_protocols()
    _settle_collector()
    if args.command == "protocols":
        for trial_id, loaded in protocols.items():
            arms = ", ".join(a.id for a in loaded.protocol.arms)
            print(f"{trial_id}  {loaded.short_hash}  {loaded.protocol.short_title}  "  # the registry's title, verbatim
                  + _("(arms: {arms})", arms=arms), file=out)
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
            print(eligibility.to_json(), file=out)  # = json.dumps(to_dict(), indent=2), written directly
        else:
            _print_check(eligibility, out, protocols)
        return 0
    if args.command == "plan":
        plan = assess(case, protocols, args.today or date.today()).plan
        if args.json:
            print(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False), file=out)
        else:
            _print_plan(plan, out, protocols)
        return 0
    if args.command == "sheet":
        from .sheet.export import export_sheet, parse_generated_at

        generated_at = parse_generated_at(args.generated_at)
        # Overdue checks are judged on the sheet's own date, so one case and one time give one file.
        assessment = assess(case, protocols, args.today or generated_at.date())
        digest = export_sheet(assessment, args.output, paper=args.paper, generated_at=generated_at)
        print(_("wrote {file} (sha256 {digest})", file=args.output, digest=digest),
              file=sys.stderr if str(args.output) == "-" else out)
        return 0
    raise AssertionError(f"unhandled command {args.command}")


def pop_language(argv: list[str]) -> tuple[str | None, list[str]]:
    """``--lang X`` / ``--lang=X`` taken out from anywhere in ``argv`` (before or after the subcommand)."""
    rest: list[str] = []
    found = None
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--":
            rest += [arg] + args
            break
        if arg == "--lang" and args:
            found = args.pop(0)
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return found, rest


def choose_language(requested: str | None, environ=os.environ) -> str:
    """--lang, else $CTIT_LANG, else English: never the machine's locale, so scripts get stable words.

    A --lang the program does not have is refused in $CTIT_LANG's language where that one is valid (else
    English); the InputError's ``language`` says which, for the "error:" word before it."""
    variable = environ.get(i18n.LANGUAGE_VARIABLE)
    chosen, refused_variable = i18n.ENGLISH, None
    if variable:
        try:
            chosen = i18n.normalize(variable)
        except i18n.LanguageError as exc:  # no language is chosen: refused in English
            refused_variable = exc
    if requested is not None:
        try:
            return i18n.normalize(requested)
        except i18n.LanguageError:
            with i18n.using(chosen):
                refused = InputError([_("{option}: {problem}", option="--lang", problem=i18n.unavailable(requested))])
            refused.language = chosen
            raise refused from None
    if refused_variable is not None:
        raise InputError([_("{option}: {problem}", option=f"${i18n.LANGUAGE_VARIABLE}", problem=refused_variable)])
    return chosen


EXIT_BROKEN_PIPE = 141  # what Unix tools report when the reader (``head``) stops reading


def main(argv: list[str] | None = None, own_process: bool | None = None) -> int:
    """The command line; ``own_process`` (default: no ``argv`` given, as the installed ``ctit-dosing`` runs it):
    this is the program's own process, so start-up's objects may be frozen out of the collector
    (:func:`_settle_collector`)."""
    global _own_process
    _own_process = argv is None if own_process is None else own_process
    requested, argv = pop_language(sys.argv[1:] if argv is None else argv)
    try:
        code = choose_language(requested)
    except InputError as exc:
        with i18n.using(getattr(exc, "language", i18n.ENGLISH)):
            for message in exc.messages:
                print(error_line(message), file=sys.stderr)
        return EXIT_BAD_INPUT
    with i18n.using(code):  # the caller's language is back afterwards (tests call main in-process)
        args = build_parser().parse_args(argv)
        try:
            try:
                return _run(args, sys.stdout)
            finally:
                sys.stdout.flush()
        except InputError as exc:
            for message in exc.messages:
                print(error_line(message), file=sys.stderr)
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
