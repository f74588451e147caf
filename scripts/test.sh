#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds once (debug), runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh test

# Long steps are bounded so a hang fails fast instead of eating CI's time.
timeout 2400 swift build --build-tests
bin_path=$(swift build --show-bin-path)
export CHATENGINE_BIN="$bin_path/chatengine"

timeout 1800 swift test --skip-build
