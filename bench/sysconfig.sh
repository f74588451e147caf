#!/usr/bin/env bash
# SysConfig benchmark, release build, like with like (results go into README.md):
#  (a) our Perl reader on Znuny's ZZZAAuto.pm vs perl evaluating the same file, both in-process, plus one
#      whole process each (wall time and peak RSS);
#  (b) our XML reader on Znuny's eight definition files (perl has no equivalent): time and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
fixtures=${CHATENGINE_FIXTURES:-../shared/fixtures}
rounds=${ROUNDS:-30}
deployed="$fixtures/otrs/znuny7/Kernel/Config/Files/ZZZAAuto.pm"

scripts/install-deps.sh
timeout 2400 swift build -c release --product sysconfig-bench
bench="$(swift build -c release --show-bin-path)/sysconfig-bench"

xml_home=$(mktemp -d)
trap 'rm -rf "$xml_home"' EXIT
mkdir -p "$xml_home/Kernel/Config/Files"
cp -r "$fixtures/otrs/znuny7/Kernel/Config/Files/XML" "$xml_home/Kernel/Config/Files/XML"

echo "machine: $(nproc) cores, $(uname -m), $(perl -e 'print "perl $^V"'), $(swift --version 2>/dev/null | head -1)"
echo "== (a) Perl config reader on ZZZAAuto.pm ($(wc -c < "$deployed") bytes), in-process"
"$bench" perl "$deployed" "$rounds"
perl bench/perl-eval-bench.pl "$deployed" "$rounds"
echo "== (a) one whole process each (wall seconds, peak RSS KiB)"
/usr/bin/time -f "ours: %e s, %M KiB" "$bench" perl "$deployed" 1 >/dev/null
/usr/bin/time -f "perl: %e s, %M KiB" perl bench/perl-eval-bench.pl "$deployed" 1 >/dev/null
echo "== (b) XML reader on Znuny's eight definition files ($(cat "$xml_home"/Kernel/Config/Files/XML/*.xml | wc -c) bytes)"
"$bench" xml "$xml_home" "$rounds"
/usr/bin/time -f "one process: %e s, %M KiB peak RSS" "$bench" xml "$xml_home" 1 >/dev/null
