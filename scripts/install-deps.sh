#!/usr/bin/env bash
# Installs the Debian packages ChatEngine needs, only those missing (idempotent). Needs root, or sudo.
#   scripts/install-deps.sh        what running the server needs
#   scripts/install-deps.sh test   what the test suite needs as well
set -euo pipefail

# Building the server: libxml2 (SysConfig's reader, -lxml2) found through pkg-config; the C++ headers and
# -lstdc++ for the C++ parts of swift-nio-ssl's and swift-crypto's BoringSSL (swift.org lists this one among
# Swift's own dependencies; a bare Swift on Debian 12 lacks it: "'memory' file not found").
# libcrypt-dev: crypt(3) for the DES and MD5 password hashes of Znuny and OTRS (TicketSystemPeople).
# libmariadb-dev: MariaDB Connector/C (-lmariadb), the ticket system's MySQL/MariaDB database (MariaDBClient).
# libpango1.0-dev, libcairo2-dev: transcripts as PDF (text layout, shaping, bidi; PDF with embedded subset fonts);
# fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji: the fonts they find through fontconfig, every
# script the transcripts promise (Latin, Greek, Cyrillic, Arabic, Hebrew, Thai, Devanagari, CJK, emoji).
packages=(libxml2-dev pkg-config libstdc++-12-dev libcrypt-dev libmariadb-dev
  libpango1.0-dev libcairo2-dev fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)
if [ "${1:-}" = "test" ]; then
  # zlib1g-dev: -lz for the test bundle (HummingbirdTesting -> AsyncHTTPClient -> swift-nio-extras' zlib);
  # perl: the reference for the Perl config reader; postgresql: the store tests' throwaway cluster;
  # python3: the browser tests' venv base; nodejs: the JavaScript unit tests (node --test).
  # nginx: the browser tests run the documented reverse-proxy set-up (docs/nginx-chatengine.conf) as a
  # child process on a free port; where systemd runs, installing it also starts its default site on port 80.
  # mariadb-server: the throwaway MariaDB with the Znuny fixture (scripts/with-mariadb.sh; where systemd runs,
  # installing it also starts Debian's own instance on port 3306); openssl: that server's test certificate.
  # poppler-utils: pdftotext, pdffonts and pdftoppm check the transcript PDFs.
  # Tests/e2e/run.sh adds what only the browser tests need (chromium, its driver, python3-venv, fonts, PyPI).
  packages+=(zlib1g-dev perl postgresql python3 nodejs nginx mariadb-server openssl poppler-utils)
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
