#!/usr/bin/env bash
# Builds the fuzz targets (libFuzzer + AddressSanitizer) and runs one, or all three one after another, niced.
# usage: fuzz/run.sh [perl|xml|ws|all] [seconds]        defaults: all 600
# New coverage goes to fuzz/corpus/<target>/, crashes to fuzz/findings/<target>/, output to fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:-all}
seconds=${2:-600}
swift=${SWIFT:-$(command -v swift || echo /opt/swift/usr/bin/swift)}

nice -n 19 "$swift" build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

run() {  # name executable max_len
    local name=$1 executable=$2 max_len=$3
    [ -d "seeds/$name" ] || python3 make-seeds.py "$name"
    mkdir -p "corpus/$name" "findings/$name" logs
    nice -n 19 ".build/release/$executable" "corpus/$name" "seeds/$name" \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -max_len="$max_len" \
        -artifact_prefix="findings/$name/" -print_final_stats=1 2>&1 | tee "logs/$name.log"
}

status=0
case $target in
    perl) run perl FuzzPerlConfig 65536 ;;
    xml) run xml FuzzDefinitionReader 65536 ;;
    ws) run ws FuzzWebSocketFrame 4096 ;;
    all)
        run perl FuzzPerlConfig 65536 || status=$?
        run xml FuzzDefinitionReader 65536 || status=$?
        run ws FuzzWebSocketFrame 4096 || status=$? ;;
    *) echo "usage: $0 [perl|xml|ws|all] [seconds]" >&2; exit 2 ;;
esac
exit $status
