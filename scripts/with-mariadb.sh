#!/usr/bin/env bash
# Runs a command beside a throwaway MariaDB (Debian's mariadb-server) on 127.0.0.1 and a free port, loaded with
# the seeded Znuny 7 of fixtures/otrs/znuny7-live-mysql in database znuny, with the read-only account
# chatengine_ro (SELECT on FACTS.md §7's tables only) and the owner account znuny (all rights on znuny, for the
# tests that change rows as Znuny would), serving TLS with a throwaway certificate for 127.0.0.1. Exports
# CHATENGINE_TEST_MARIADB_PORT, CHATENGINE_TEST_MARIADB_SOCKET and CHATENGINE_TEST_MARIADB_CA (that certificate).
# The server is stopped by its PID and its data removed when the command ends, whatever happens. Needs root
# (the server runs as the mysql user on a data folder under /tmp). Without the fixture it runs the command alone.
#   scripts/with-mariadb.sh COMMAND [ARGS...]
set -euo pipefail

fixtures="${CHATENGINE_FIXTURES:-$(cd "$(dirname "$0")/../.." && pwd)/shared/fixtures}"
dump="$fixtures/otrs/znuny7-live-mysql/znuny7-seeded.mysql.sql"
if [ ! -f "$dump" ]; then
  echo "with-mariadb: no $dump; running without MariaDB" >&2
  exec "$@"
fi
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] \
  || { echo "with-mariadb: mariadbd missing (apt-get install mariadb-server)" >&2; exit 1; }

dir=$(mktemp -d /tmp/chatengine-mariadb.XXXXXX)
chown mysql:mysql "$dir"
chmod 700 "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  if [ -f "$dir/mariadbd.pid" ]; then
    pid=$(cat "$dir/mariadbd.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

started=$(date +%s.%N)
# A certificate for 127.0.0.1, so the tests can require TLS and verify the server as a DSN may ask.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$dir/server-key.pem" -out "$dir/server-cert.pem" 2>/dev/null
chown mysql:mysql "$dir/server-key.pem" "$dir/server-cert.pem"
# --no-defaults: nothing from /etc/mysql. Settings as Znuny's own checks want them (the fixture's my.cnf.in);
# flushing the redo log once a second instead of at every commit: a throwaway server, loaded row by row.
/usr/bin/mariadb-install-db --no-defaults --user=mysql --datadir="$dir/data" --skip-test-db \
  --auth-root-authentication-method=socket >"$dir/install.log" 2>&1 \
  || { cat "$dir/install.log" >&2; exit 1; }
/usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$dir/data" --socket="$dir/mariadbd.sock" \
  --pid-file="$dir/mariadbd.pid" --port="$port" --bind-address=127.0.0.1 --skip-name-resolve --skip-log-bin \
  --log-error="$dir/error.log" --character-set-server=utf8mb3 --collation-server=utf8mb3_general_ci \
  --max-allowed-packet=64M --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=2 \
  --performance-schema=OFF --max-connections=200 --ssl-cert="$dir/server-cert.pem" --ssl-key="$dir/server-key.pem" \
  >/dev/null 2>&1 </dev/null &
root=(mariadb --no-defaults --socket="$dir/mariadbd.sock" -u root)
for _ in $(seq 1 300); do "${root[@]}" -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.1; done
"${root[@]}" -e 'SELECT 1' >/dev/null || { echo "with-mariadb: the server did not start:" >&2; cat "$dir/error.log" >&2; exit 1; }

# As Znuny's installer creates it (utf8 = utf8mb3), restored as the fixture's README says.
"${root[@]}" -e 'CREATE DATABASE znuny CHARSET utf8'
"${root[@]}" --default-character-set=utf8mb4 znuny <"$dump"
# Each account for TCP (127.0.0.1: names are not resolved) and for the socket (localhost).
"${root[@]}" znuny <<'SQL'
CREATE USER 'chatengine_ro'@'127.0.0.1' IDENTIFIED BY 'ro-fixture-pw';
CREATE USER 'chatengine_ro'@'localhost' IDENTIFIED BY 'ro-fixture-pw';
CREATE USER 'znuny'@'127.0.0.1' IDENTIFIED BY 'znuny-db-pw';
CREATE USER 'znuny'@'localhost' IDENTIFIED BY 'znuny-db-pw';
GRANT ALL ON znuny.* TO 'znuny'@'127.0.0.1', 'znuny'@'localhost';
SQL
for table in users user_preferences permission_groups group_user roles role_user group_role customer_user \
  customer_preferences customer_company group_customer_user group_customer sessions valid queue; do
  echo "GRANT SELECT ON znuny.$table TO 'chatengine_ro'@'127.0.0.1', 'chatengine_ro'@'localhost';"
done | "${root[@]}"
loaded=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$started" "$(date +%s.%N)")

export CHATENGINE_TEST_MARIADB_PORT="$port"
export CHATENGINE_TEST_MARIADB_SOCKET="$dir/mariadbd.sock"
export CHATENGINE_TEST_MARIADB_CA="$dir/server-cert.pem"
echo "with-mariadb: $("${root[@]}" -N -B -e 'SELECT VERSION()') on 127.0.0.1:$port, the seeded Znuny 7 in database znuny (read-only account chatengine_ro), ready in ${loaded} s"
# not exec: the trap stops the server when the command ends
"$@"
