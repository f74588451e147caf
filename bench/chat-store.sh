#!/usr/bin/env bash
# Chat store benchmark, release build: raw commit rates, durable messages per second into 1,000 open
# chats and catch-up reads, on SQLite (a file under /tmp) and on a throwaway PostgreSQL 15 cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
timeout 2400 swift build -c release --product chatstore-bench
bench="$(swift build -c release --show-bin-path)/chatstore-bench"
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
# the benchmark reads ChatEngine's settings from this home
"$bench" sqlite "$folder/bench.sqlite" --chats 1000 --messages 20000 --catchup
scripts/with-postgres.sh sh -c "'$bench' postgres \"\$CHATENGINE_TEST_POSTGRES_URL\" --chats 1000 --messages 20000 --catchup"
