"""Start the CTIT dosing assistant: the window with no arguments, the command line with a subcommand.

Window options: ``--exit-after-show`` (exit 0 after the complete window's first paint, with the
case if ``--open`` is given: start-up benchmark and smoke test), ``--exit-after-first-paint`` (exit
0 after the window's frame is painted, before the core is loaded: the first-paint benchmark),
``--open CASE.json`` (open a case file), ``--data-dir FOLDER`` (the ward case store; default:
``$CTIT_DATA_DIR`` or the per-user data folder), ``--store STORE`` (a PostgreSQL connection string
for the shared ward store, or an SQLite folder; also ``$CTIT_STORE``), ``--lang zh_CN|en`` (this
run only; otherwise the user's View → Language choice, or at first start the system locale).
``--self-test`` runs the headless self-test.
"""

import sys


def _window_options(argv: list[str]) -> dict | None:
    """The window's options, or None when the arguments are a command-line subcommand."""
    options = {"exit_after_show": False, "exit_after_first_paint": False, "open_path": None, "data_dir": None,
               "store": None, "language": None}
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--exit-after-show":
            options["exit_after_show"] = True
        elif arg == "--exit-after-first-paint":
            options["exit_after_first_paint"] = True
        elif arg == "--open" and args:
            options["open_path"] = args.pop(0)
        elif arg == "--data-dir" and args:
            options["data_dir"] = args.pop(0)
        elif arg == "--store" and args:
            options["store"] = args.pop(0)
        elif arg == "--lang" and args:
            options["language"] = args.pop(0)
        elif arg.startswith("--lang="):
            options["language"] = arg.split("=", 1)[1]
        else:
            return None
    return options


def main(argv: list[str]) -> int:
    if argv == ["--self-test"]:
        from ctit_gui.selftest import run_self_test

        return run_self_test(sys.stdout)
    options = _window_options(argv)
    if options is not None:
        import gc

        gc.disable()  # importing Qt allocates long-lived objects only (see pause_collector in ui/app.py)
        if options["language"] is not None:
            from ctit_gui.i18n import LanguageError, normalize

            try:
                options["language"] = normalize(options["language"])
            except LanguageError as exc:
                print(f"error: --lang: {exc}", file=sys.stderr)
                return 2
        from ctit_gui.ui.app import run_window

        gc.enable()  # run_window pauses it again until the complete window has painted
        return run_window(**options)
    import gc

    gc.disable()  # importing the command line and loading the protocols allocate long-lived objects only
    from ctit_gui.lean_start import pydantic_without_package_metadata, use_builtin_hashes

    use_builtin_hashes()  # as the window does: the same digests without loading OpenSSL's libcrypto
    pydantic_without_package_metadata()  # pydantic's plugin loader without importlib.metadata (plugins are off)
    from ctit_gui.cli import main as cli_main

    return cli_main(argv, own_process=True)  # the collector is on again once the protocols are loaded


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
