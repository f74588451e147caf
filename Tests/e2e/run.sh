#!/usr/bin/env bash
# Browser end-to-end tests: installs what they need when missing (Debian's chromium and chromedriver,
# a Python venv with the pinned packages of requirements.txt), then runs pytest on Tests/e2e.
#
#   CHATENGINE_BIN  the server binary (default .build/debug/chatengine)
#   E2E_VENV        the venv (default .build/e2e-venv)
#   E2E_OUTPUT      screenshots, server logs, junit xml (default .build/e2e-output)
#   extra arguments go to pytest, e.g.  Tests/e2e/run.sh -k journey3 -x
#
# Exits non-zero when a test fails (or when nothing could be run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

export CHATENGINE_BIN="${CHATENGINE_BIN:-$root/.build/debug/chatengine}"
venv="${E2E_VENV:-$root/.build/e2e-venv}"
export E2E_OUTPUT="${E2E_OUTPUT:-$root/.build/e2e-output}"

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "e2e: need root or sudo to install Debian packages" >&2; exit 1; }
  as_root=(sudo)
fi

# Debian packages: only those missing. python3-venv for Debian's own python3 (the venv's base); the fonts
# make CJK and emoji readable in the screenshots.
missing=()
# nginx runs the documented reverse-proxy set-up (test_proxy*.py; scripts/install-deps.sh test brings it too).
for package in chromium chromium-driver python3-venv fonts-noto-color-emoji fonts-wqy-zenhei nginx; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 "${as_root[@]}" apt-get update -qq
  timeout 900 "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The venv with requirements.txt's pins (made or brought up to date by scripts/test-venv.sh).
E2E_VENV="$venv" "$root/scripts/test-venv.sh"

if ! [ -x "$CHATENGINE_BIN" ]; then
  echo "e2e: no server binary at $CHATENGINE_BIN (build first, or set CHATENGINE_BIN)" >&2
  exit 1
fi

mkdir -p "$E2E_OUTPUT"
echo "e2e: server $CHATENGINE_BIN, output $E2E_OUTPUT"
# The whole run is bounded; each test also has its own bounded waits. Without a path argument pytest
# takes pytest.ini's testpaths (this folder).
cd "$here"
exec timeout 1800 "$venv/bin/python" -m pytest -c "$here/pytest.ini" --rootdir "$here" \
  --junitxml "$E2E_OUTPUT/junit.xml" "$@"
