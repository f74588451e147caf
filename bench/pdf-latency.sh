#!/usr/bin/env bash
# Chat delivery with and without PDFs rendering (issue 17), run by hand on a RELEASE build, beside
# bench/chat-load.sh and with its generator: a throwaway home, a closed chat of PDF_LATENCY_MESSAGES messages
# mixing every script (bench/chat-load/pdfload.py setup), then three open-loop runs of the chat load at
# PDF_LATENCY_RATE msg/s over PDF_LATENCY_CHATS chats, each on a fresh server:
#   baseline        no downloads
#   pdfs-queued     PDF_LATENCY_PDFS downloads in flight all the time, the default render limits
#                   (ChatEngine::PDF::MaxConcurrentRenders 2: two render, the others wait their turn)
#   pdfs-at-once    the same with MaxConcurrentRenders = PDF_LATENCY_PDFS: that many PDFs render at once
# and prints the chat-load table and the downloads' own figures.
#
#   CHAT_LOAD_BIN           use this binary instead of building the release one
#   PDF_LATENCY_CHATS       default 100
#   PDF_LATENCY_RATE        default 1000 (messages/s, total)
#   PDF_LATENCY_DURATION    default 30 (seconds of sending per run)
#   PDF_LATENCY_PDFS        default 20 (downloads in flight)
#   PDF_LATENCY_MESSAGES    default 1000 (messages in the downloaded chat)
#   PDF_LATENCY_OUTPUT      default .build/pdf-latency (results.jsonl, pdfs.jsonl, server logs)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

chats="${PDF_LATENCY_CHATS:-100}"
rate="${PDF_LATENCY_RATE:-1000}"
duration="${PDF_LATENCY_DURATION:-30}"
pdfs="${PDF_LATENCY_PDFS:-20}"
messages="${PDF_LATENCY_MESSAGES:-1000}"
output="${PDF_LATENCY_OUTPUT:-$root/.build/pdf-latency}"

source bench/lib.sh
bench_binary
bin="$bench_bin"
bench_venv
py="$bench_py"
ulimit -n "$(ulimit -Hn)"

mkdir -p "$output"
results="$output/results.jsonl"
downloads="$output/pdfs.jsonl"
: > "$results"
: > "$downloads"
home="$(mktemp -d /tmp/pdf-latency-home.XXXXXX)"
server_pid=""
load_pid=""
port=""

stop_pid() { bench_stop_pid "$1"; }
cleanup() { stop_pid "$load_pid"; stop_pid "$server_pid"; rm -rf "$home"; }
trap cleanup EXIT

cp -r Kernel "$home/Kernel"
configure() {  # $1: ChatEngine::PDF::MaxConcurrentRenders, $2: MaxWaitingRenders
  bench_config "$home" <<CONFIG
    \$Self->{'PDF::MaxPages'} = '1000';
    \$Self->{'ChatEngine::PDF::MaxConcurrentRenders'} = $1;
    \$Self->{'ChatEngine::PDF::MaxWaitingRenders'} = $2;
CONFIG
}

start_server() {  # $1: log name
  bench_start_server "$home" "$output/server-$1.log"
  server_pid="$bench_server_pid"
  port="$bench_port"
}

echo "pdf-latency: $bin, home $home, output $output"
timeout 3600 "$py" bench/chat-load/chatload.py provision --bin "$bin" --home "$home" --agents "$chats"
configure 2 20
start_server setup
chat="$(timeout 1200 "$py" bench/chat-load/pdfload.py setup --url "http://127.0.0.1:$port" --bin "$bin" --home "$home" \
  --messages "$messages")"
stop_pid "$server_pid"

common=(--chats "$chats" --mode open --rate "$rate" --duration "$duration" --bin "$bin" --home "$home" --json "$results")
measure() {  # $1: label, $2: MaxConcurrentRenders, $3: downloads in flight (0: none)
  configure "$2" 20
  start_server "$1"
  if [ "$3" -gt 0 ]; then
    "$py" bench/chat-load/pdfload.py load --url "http://127.0.0.1:$port" --chat "$chat" --concurrency "$3" \
      --label "$1" --json "$downloads" > "$output/pdfload-$1.log" 2>&1 &
    load_pid=$!
    sleep 3  # the renders are under way before the chats are set up and measured
  fi
  timeout $((1200 + chats)) "$py" bench/chat-load/chatload.py run --url "http://127.0.0.1:$port" --server-pid "$server_pid" \
    --label "$1" "${common[@]}" || true
  stop_pid "$load_pid"
  load_pid=""
  stop_pid "$server_pid"
}
measure baseline 2 0
measure pdfs-queued 2 "$pdfs"
measure pdfs-at-once "$pdfs" "$pdfs"

echo
echo "ChatEngine chat delivery with PDFs rendering ($(nproc) cores; $rate msg/s open loop over $chats chats, $duration s"
echo "per run; $pdfs downloads of a $messages-message chat in flight in the pdfs-* runs)"
"$py" bench/chat-load/chatload.py table "$results"
echo
echo "downloads during the pdfs-* runs (answers: ok / http_503 busy / other):"
cat "$downloads"
