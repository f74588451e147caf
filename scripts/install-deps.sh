#!/usr/bin/env bash
# Installs the Debian packages ChatEngine needs, only those missing (idempotent). Needs root, or sudo.
#   scripts/install-deps.sh        what running the server needs
#   scripts/install-deps.sh test   what the test suite needs as well
set -euo pipefail

packages=(libxml2-dev pkg-config)
if [ "${1:-}" = "test" ]; then
  packages+=(perl postgresql python3 nodejs)   # nodejs: the JavaScript unit tests (node --test)
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "install-deps: 'swift' is not on PATH; install Swift 6.2 or later from swift.org first." >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
timeout 600 "${as_root[@]}" apt-get update -qq
timeout 900 "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
