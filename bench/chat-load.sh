#!/usr/bin/env bash
# WebSocket chat load (the issue's performance section), run by hand on a RELEASE build:
#   builds .build/release/chatengine, makes a throwaway home (per-IP limits raised, low hash cost),
#   creates the bench agents, then for each N in CHAT_LOAD_SIZES starts a fresh server on that home and
#   runs the open-loop generator (N chats, CHAT_LOAD_RATE msg/s in total, CHAT_LOAD_DURATION s), then one
#   closed-loop run (CHAT_LOAD_CLOSED_CHATS chats, as fast as ping-pong goes), and prints a table.
# Target point: 2,000 msg/s over 1,000 chats with p99 < 50 ms.
#
#   CHAT_LOAD_BIN           use this binary instead of building the release one (e.g. .build/debug/chatengine)
#   CHAT_LOAD_SIZES         default "100 1000 5000"
#   CHAT_LOAD_RATE          default 2000 (messages/s, total)
#   CHAT_LOAD_DURATION      default 30 (seconds of sending per run)
#   CHAT_LOAD_CLOSED_CHATS  default 1000 (0: no closed-loop run)
#   CHAT_LOAD_PROCESSES     default 2 (generator processes)
#   CHAT_LOAD_GROUP_SIZE    default 10 (agents per bench channel; 0: all on the default channel)
#   CHAT_LOAD_OUTPUT        default .build/chat-load (results.jsonl, server logs)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

sizes="${CHAT_LOAD_SIZES:-100 1000 5000}"
rate="${CHAT_LOAD_RATE:-2000}"
duration="${CHAT_LOAD_DURATION:-30}"
closed_chats="${CHAT_LOAD_CLOSED_CHATS:-1000}"
processes="${CHAT_LOAD_PROCESSES:-2}"
group_size="${CHAT_LOAD_GROUP_SIZE:-10}"
output="${CHAT_LOAD_OUTPUT:-$root/.build/chat-load}"

source bench/lib.sh
bench_binary
bin="$bench_bin"
bench_venv
py="$bench_py"

# Sockets: two per chat on each side of the loopback.
ulimit -n "$(ulimit -Hn)"

mkdir -p "$output"
results="$output/results.jsonl"
: > "$results"
home="$(mktemp -d /tmp/chat-load-home.XXXXXX)"
server_pid=""
port=""

stop_server() { bench_stop_pid "$server_pid"; server_pid=""; }
cleanup() { stop_server; rm -rf "$home"; }
trap cleanup EXIT

cp -r Kernel "$home/Kernel"
bench_config "$home" < /dev/null

start_server() {  # $1: log name
  bench_start_server "$home" "$output/server-$1.log"
  server_pid="$bench_server_pid"
  port="$bench_port"
}

max_agents=$closed_chats
for n in $sizes; do [ "$n" -gt "$max_agents" ] && max_agents=$n; done
echo "chat-load: $bin, home $home, output $output"
timeout 3600 "$py" bench/chat-load/chatload.py provision --bin "$bin" --home "$home" --agents "$max_agents" \
  --group-size "$group_size"

common=(--processes "$processes" --bin "$bin" --home "$home" --group-size "$group_size" --json "$results")
for n in $sizes; do
  start_server "open-$n"
  timeout $((1200 + n)) "$py" bench/chat-load/chatload.py run --url "http://127.0.0.1:$port" --server-pid "$server_pid" \
    --chats "$n" --mode open --rate "$rate" --duration "$duration" --label "open-$n" "${common[@]}" || true
  stop_server
done
if [ "$closed_chats" -gt 0 ]; then
  start_server "closed-$closed_chats"
  timeout $((1200 + closed_chats)) "$py" bench/chat-load/chatload.py run --url "http://127.0.0.1:$port" \
    --server-pid "$server_pid" --chats "$closed_chats" --mode closed --duration "$duration" \
    --label "closed-$closed_chats" "${common[@]}" || true
  stop_server
fi

echo
echo "ChatEngine chat load ($(nproc) cores; rate $rate msg/s open loop, $duration s per run; latency from the"
echo "scheduled send to the Events frame on the other side; genlag99 = the generator's own send delay)"
"$py" bench/chat-load/chatload.py table "$results"
