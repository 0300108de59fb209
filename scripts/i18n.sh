#!/usr/bin/env bash
# The translation catalogue (see docs/translations.md). Usage:
#   scripts/i18n.sh extract   # resources/i18n/ctit.pot from the code (self.tr, translate, _, N_)
#   scripts/i18n.sh update    # extract, then merge the new words into resources/i18n/*/LC_MESSAGES/ctit.po
#   scripts/i18n.sh compile   # the .mo files the program reads (setup and the bundle build run this)
#   scripts/i18n.sh check     # msgfmt --check on every catalogue (Debian's gettext)
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel=.venv/bin/pybabel
[ -x "$pybabel" ] || pybabel=pybabel
# Qt's self.tr(text), _tr(text) and QCoreApplication.translate(context, text), gettext's _(text), N_(text).
keywords=(-k tr -k _tr -k translate:2 -k QT_TRANSLATE_NOOP:2 -k _ -k N_)
case "${1:-compile}" in
  extract)
    "$pybabel" extract --no-default-keywords "${keywords[@]}" -F resources/i18n/babel.cfg -c TRANSLATORS: \
      --sort-output --add-location=file --no-wrap --project ctit-dosing -o resources/i18n/ctit.pot . 2>/dev/null ;;
  update)
    "$0" extract
    "$pybabel" update --no-wrap --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date -D ctit -i resources/i18n/ctit.pot -d resources/i18n ;;
  compile)
    "$pybabel" compile -D ctit -d resources/i18n 2>&1 | grep -v "^compiling catalog" || true
    ls resources/i18n/*/LC_MESSAGES/ctit.mo >/dev/null ;;
  check)
    for po in resources/i18n/*/LC_MESSAGES/ctit.po; do msgfmt --check -o /dev/null "$po"; done ;;
  *) echo "i18n: unknown action $1 (allowed: extract, update, compile, check)" >&2; exit 2 ;;
esac
