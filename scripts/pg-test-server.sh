#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: initdb + pg_ctl as the postgres user, listening only on a
# Unix socket in a temporary folder (no TCP, no systemd), logging to a file there.
#   scripts/pg-test-server.sh start FOLDER   create FOLDER, start the server; prints the connection string
#   scripts/pg-test-server.sh restart FOLDER start it again on the same data (after a crash)
#   scripts/pg-test-server.sh stop FOLDER    stop the server and remove FOLDER
# Local connections are trusted (any role, no password) except the role ctit_signin_test, which must give its
# SCRAM password: the sign-in test uses it. fsync is off (the tests kill processes, not the machine);
# PG_TEST_FSYNC=on keeps it on (benchmarks).
set -euo pipefail
action=${1:?usage: pg-test-server.sh start|restart|stop FOLDER}
folder=${2:?usage: pg-test-server.sh start|restart|stop FOLDER}
bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$bindir/pg_ctl" ] || { echo "pg-test-server: PostgreSQL server programs not found (install Debian's postgresql: scripts/setup.sh --test)" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_server() {
  as_postgres "$bindir/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
    -o "-k $folder -c listen_addresses= -c fsync=${PG_TEST_FSYNC:-off} -c max_connections=200" start >/dev/null
}

case "$action" in
  start)
    mkdir -p "$folder"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$folder"
    chmod 0700 "$folder"
    as_postgres "$bindir/initdb" -D "$folder/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$folder/initdb.log"
    {
      echo "local all ctit_signin_test scram-sha-256"
      echo "local all all trust"
    } >"$folder/data/pg_hba.conf"
    start_server
    echo "host=$folder dbname=postgres user=postgres"
    ;;
  restart)
    # After a crash (SIGKILL) the old postmaster may linger as a zombie when nothing reaps it (PID 1 in
    # a container): wait for it, and drop its lock file once it holds nothing but a process-table entry.
    if [ -f "$folder/data/postmaster.pid" ]; then
      old=$(head -1 "$folder/data/postmaster.pid")
      for _ in $(seq 50); do
        state=$(awk '{print $3}' "/proc/$old/stat" 2>/dev/null || true)
        { [ -z "$state" ] || [ "$state" = Z ]; } && break
        sleep 0.2
      done
      state=$(awk '{print $3}' "/proc/$old/stat" 2>/dev/null || true)
      if [ -z "$state" ] || [ "$state" = Z ]; then rm -f "$folder/data/postmaster.pid" "$folder"/.s.PGSQL.*.lock; fi
    fi
    start_server
    ;;
  stop)
    if [ -f "$folder/data/postmaster.pid" ]; then
      as_postgres "$bindir/pg_ctl" -D "$folder/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$folder"
    ;;
  *) echo "pg-test-server: unknown action $action (start, restart, stop)" >&2; exit 2 ;;
esac
