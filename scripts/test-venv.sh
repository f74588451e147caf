#!/usr/bin/env bash
# The Python venv of the tests (.build/e2e-venv, or $E2E_VENV): the pinned packages of Tests/e2e/requirements.txt
# (the browser tests' Selenium and pytest, the mail tests' aiosmtpd), made when missing and brought to the pins
# when that file changed since (in place: tests running from the venv meanwhile keep working). Installs Debian's python3-venv first when missing. Prints nothing when the venv is current.
#   scripts/test-venv.sh      then use  .build/e2e-venv/bin/python  (CHATENGINE_TEST_PYTHON in scripts/test.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${E2E_VENV:-$root/.build/e2e-venv}"
requirements="$root/Tests/e2e/requirements.txt"
stamp="$venv/.requirements"

if [ -x "$venv/bin/python" ] && cmp -s "$requirements" "$stamp"; then
  exit 0
fi

if ! dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q "install ok installed"; then
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test-venv: need root or sudo to install python3-venv" >&2; exit 1; }
    as_root=(sudo)
  fi
  echo "test-venv: installing python3-venv"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 "${as_root[@]}" apt-get update -qq
  timeout 900 "${as_root[@]}" apt-get install -y -qq --no-install-recommends python3-venv
fi

if ! [ -x "$venv/bin/python" ]; then
  echo "test-venv: making the venv $venv"
  rm -rf "$venv"
  timeout 120 /usr/bin/python3 -m venv "$venv"
fi
echo "test-venv: installing $requirements into $venv"
timeout 600 "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
cp "$requirements" "$stamp"
