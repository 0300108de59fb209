#!/usr/bin/env bash
# Install (first time) and run the whole test suite. CI runs exactly this (see .ci/run).
# A throw-away PostgreSQL server (scripts/pg-test-server.sh) runs for the shared-ward-store tests and is
# stopped at the end; its connection string is in CTIT_TEST_PG.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
pg_folder=$(mktemp -d "${TMPDIR:-/tmp}/ctit-test-pg.XXXXXX")
trap 'bash scripts/pg-test-server.sh stop "$pg_folder"' EXIT
if CTIT_TEST_PG=$(bash scripts/pg-test-server.sh start "$pg_folder"); then
  export CTIT_TEST_PG
else
  echo "test: the throw-away PostgreSQL server did not start (log: $pg_folder/server.log);" \
       "the PostgreSQL store tests will fail" >&2
  cat "$pg_folder/server.log" >&2 2>/dev/null || true
fi
.venv/bin/python -m pytest "$@"
