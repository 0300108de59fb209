"""Start the CTIT dosing assistant: the window with no arguments, the command line with a subcommand.

Window options: ``--exit-after-show`` (exit 0 after the first paint: start-up benchmark and smoke
test), ``--open CASE.json`` (open a case file), ``--data-dir FOLDER`` (the ward case store; default:
``$CTIT_DATA_DIR`` or the per-user data folder), ``--store STORE`` (a PostgreSQL connection string
for the shared ward store, or an SQLite folder; also ``$CTIT_STORE``). ``--self-test`` runs the headless self-test.
"""

import sys


def _window_options(argv: list[str]) -> dict | None:
    """The window's options, or None when the arguments are a command-line subcommand."""
    options = {"exit_after_show": False, "open_path": None, "data_dir": None, "store": None}
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--exit-after-show":
            options["exit_after_show"] = True
        elif arg == "--open" and args:
            options["open_path"] = args.pop(0)
        elif arg == "--data-dir" and args:
            options["data_dir"] = args.pop(0)
        elif arg == "--store" and args:
            options["store"] = args.pop(0)
        else:
            return None
    return options


def main(argv: list[str]) -> int:
    if argv == ["--self-test"]:
        from ctit_gui.selftest import run_self_test

        return run_self_test(sys.stdout)
    options = _window_options(argv)
    if options is not None:
        from ctit_gui.ui.app import run_window

        return run_window(**options)
    from ctit_gui.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
