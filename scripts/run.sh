#!/usr/bin/env bash
# Starts ChatEngine on this folder as its home: SQLite under var/, http://127.0.0.1:8080.
# Extra arguments go to `chatengine serve` (e.g. --port 8081).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
timeout 2400 swift build --product chatengine
exec "$(swift build --show-bin-path)/chatengine" serve --home . "$@"
