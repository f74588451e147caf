#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL 15 cluster on 127.0.0.1 and a free port, with fsync and
# synchronous_commit on, and exports its URL as CHATENGINE_TEST_POSTGRES_URL; beside it, the seeded Znuny 7
# fixture in database znuny (CHATENGINE_TEST_ZNUNY_URL, CHATENGINE_TEST_ZNUNY_PORT). The cluster is stopped and
# removed when the command ends, whatever happens. Needs root (initdb runs as the postgres user).
#   scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "with-postgres: $bin/initdb missing (apt-get install postgresql)" >&2; exit 1; }

data=$(mktemp -d /tmp/chatengine-pg.XXXXXX)
chown postgres:postgres "$data"
chmod 700 "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  if [ -f "$data/postmaster.pid" ]; then
    pid=$(head -1 "$data/postmaster.pid")
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT INT TERM

su postgres -s /bin/sh -c "'$bin/initdb' -D '$data/db' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$data/db' -l '$data/log' -w -t 60 \
  -o \"-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$data' -c fsync=on -c synchronous_commit=on -c max_connections=200\" start" >/dev/null
# pg_ctl wrote the pid file inside db/; keep a copy where cleanup looks.
cp "$data/db/postmaster.pid" "$data/postmaster.pid"
su postgres -s /bin/sh -c "'$bin/createdb' -h 127.0.0.1 -p $port -U postgres chatengine_test"

export CHATENGINE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/chatengine_test"
echo "with-postgres: PostgreSQL 15 on 127.0.0.1:$port (fsync=on, synchronous_commit=on)"

# The seeded Znuny 7 of fixtures/otrs/znuny7-live in its own database, with the read-only role of its
# FACTS.md §7: the directory tests read the ticket system's people as that role, so any write would fail.
fixtures="${CHATENGINE_FIXTURES:-$(cd "$(dirname "$0")/../.." && pwd)/shared/fixtures}"
dump="$fixtures/otrs/znuny7-live/znuny7-seeded.sql"
if [ -f "$dump" ]; then
  pg=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
  "${pg[@]}" -d postgres -c "CREATE DATABASE znuny ENCODING 'UTF8' TEMPLATE template0"
  "${pg[@]}" -d znuny -f "$dump" >/dev/null
  "${pg[@]}" -d znuny <<'SQL'
CREATE ROLE chatengine_ro LOGIN PASSWORD 'ro-fixture-pw' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
GRANT CONNECT ON DATABASE znuny TO chatengine_ro;
GRANT USAGE ON SCHEMA public TO chatengine_ro;
GRANT SELECT ON users, user_preferences, permission_groups, group_user, roles, role_user, group_role,
                customer_user, customer_preferences, customer_company, group_customer_user, group_customer,
                sessions, valid, queue TO chatengine_ro;
ALTER ROLE chatengine_ro SET default_transaction_read_only = on;
SQL
  export CHATENGINE_TEST_ZNUNY_PORT="$port"
  export CHATENGINE_TEST_ZNUNY_URL="postgres://postgres@127.0.0.1:$port/znuny"
  echo "with-postgres: the seeded Znuny 7 in database znuny (read-only role chatengine_ro)"
fi
"$@"
