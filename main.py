"""Start the CTIT dosing assistant: the window with no arguments, the command line with a subcommand."""

import sys

GUI_FLAGS = {"--exit-after-show"}


def main(argv: list[str]) -> int:
    if argv == ["--self-test"]:
        from ctit_gui.selftest import run_self_test

        return run_self_test(sys.stdout)
    if not argv or all(arg in GUI_FLAGS for arg in argv):
        from ctit_gui.ui.app import run_window

        return run_window(exit_after_show="--exit-after-show" in argv)
    from ctit_gui.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
