# Shared by the load benches (chat-load.sh, pdf-latency.sh): the binary, the generator's venv, a throwaway
# home's Config.pm, a server started on a free port and stopped again. Source it from the repository root.

# The server binary: $CHAT_LOAD_BIN, else a release build made now. Sets bench_bin.
bench_binary() {
  if [ -n "${CHAT_LOAD_BIN:-}" ]; then
    bench_bin="$CHAT_LOAD_BIN"
  else
    timeout 3600 swift build -c release --product chatengine
    bench_bin="$(pwd)/.build/release/chatengine"
  fi
}

# The generator's venv (websockets, uvloop), rebuilt when its requirements change. Sets bench_py.
bench_venv() {
  local venv
  venv="$(pwd)/.build/bench-venv"
  if ! [ -x "$venv/bin/python" ] || ! cmp -s bench/chat-load/requirements.txt "$venv/.requirements"; then
    rm -rf "$venv"
    timeout 120 python3 -m venv "$venv"
    timeout 600 "$venv/bin/pip" install -q --disable-pip-version-check -r bench/chat-load/requirements.txt
    cp bench/chat-load/requirements.txt "$venv/.requirements"
  fi
  bench_py="$venv/bin/python"
}

# Writes $1/Kernel/Config.pm: the limits a load would trip raised, a low hash cost for fast bench logins, then
# the extra lines given on stdin (Perl, e.g. "$Self->{'PDF::MaxPages'} = '1000';").
bench_config() {
  {
    cat <<'HEAD'
package Kernel::Config;
use strict; use warnings; use utf8;
sub Load {
    my $Self = shift;
    $Self->{'ChatEngine::Active'} = 1;
    $Self->{'ChatEngine::Login::MaxFailuresPerHour'} = 9999999;
    $Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerIP'} = 9999999;
    $Self->{'ChatEngine::PasswordHashCost'} = 4;   # fast logins for the bench agents
    $Self->{'ChatEngine::Messages::BurstPerSender'} = 1000000;       # the load is the point here
    $Self->{'ChatEngine::Messages::PerMinutePerSender'} = 9999999;
HEAD
    cat
    printf '    return 1;\n}\n1;\n'
  } > "$1/Kernel/Config.pm"
}

# TERM, then KILL after 10 s.
bench_stop_pid() {
  if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
    kill -TERM "$1"
    for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}

# Starts "$bench_bin serve" on home $1 at a free port, its log in $2, and waits for /health (30 s at most).
# Sets bench_server_pid and bench_port.
bench_start_server() {
  bench_port="$("$bench_py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  "$bench_bin" serve --home "$1" --assets "$(pwd)" --host 127.0.0.1 --port "$bench_port" > "$2" 2>&1 &
  bench_server_pid=$!
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$bench_port/health" > /dev/null 2>&1 && return 0
    kill -0 "$bench_server_pid" 2>/dev/null || { cat "$2"; echo "bench: server exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "bench: server did not answer /health within 30 s" >&2
  exit 1
}
