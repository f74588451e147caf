#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds once (debug), runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh test

# The pages' pure JavaScript modules (connection state machine, formatting, typing): seconds, no browser.
timeout 120 node --test Tests/js/

# Long steps are bounded so a hang fails fast instead of eating CI's time.
timeout 2400 swift build --build-tests
bin_path=$(swift build --show-bin-path)
export CHATENGINE_BIN="$bin_path/chatengine"

# The Python venv (.build/e2e-venv, Tests/e2e/requirements.txt): the mail tests start aiosmtpd from it.
scripts/test-venv.sh
export CHATENGINE_TEST_PYTHON="$PWD/.build/e2e-venv/bin/python"

# PostgreSQL 15 for the store tests: a throwaway cluster on 127.0.0.1, stopped whatever happens; beside it a
# throwaway MariaDB with the Znuny fixture on MySQL (the ticket system's people there), stopped likewise.
# At most 12 tests at once (Swift Testing starts all of them together otherwise): the suite's servers, databases
# and Python SMTP servers all at once starved its time-bound steps on 2 cores.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=12
timeout 1800 scripts/with-postgres.sh scripts/with-mariadb.sh swift test --skip-build

# Browser journeys (Selenium + Debian's chromium) against the same debug binary: no second build. Beside a
# throwaway PostgreSQL again, for the seeded Znuny 7 database whose people test_znuny_people.py logs in as.
timeout 2100 scripts/with-postgres.sh Tests/e2e/run.sh
