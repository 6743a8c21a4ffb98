#!/bin/sh
# bench/stream-instr.sh: instructions of the leftmost-mode streams against
# whole-buffer search (and of PCRE2's partial matching, when the bench has
# it), counted by callgrind, so that the ratios do not depend on the load.
#
#   stream-instr.sh STREAM-BENCH CORPUS [MIB]
#
# over the corpus repeated to MIB MiB (default 4; the timings use 16).
# Each measurement runs in its own process: stream-bench --instructions
# runs it once to warm the caches, then once inside instr_measured(), the
# only function callgrind counts (--toggle-collect).
set -eu
prog=$1 corpus=$2 mib=${3:-4}
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        --toggle-collect=instr_measured "$prog" --instructions "$1" "$corpus" "$mib" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
echo "instructions (callgrind) over $corpus repeated to $mib MiB; ratio to the same engine's whole-buffer search"
printf '%-24s %12s %12s %7s %12s %7s\n' workload whole "4 KiB" ratio "64 KiB" ratio
for w in "literal" "class+suffix" "ASCII words" "ten rules" "log filter (100 words)"; do
    for e in "" pcre2-; do
        if [ -n "$e" ] && ! "$prog" --instructions "$w:pcre2-whole" "$corpus" >/dev/null 2>&1; then
            continue
        fi
        whole=$(count "$w:${e}whole")
        if [ -n "$e" ]; then s4=$(count "$w:pcre2-4k") s64=$(count "$w:pcre2-64k")
        else s4=$(count "$w:stream4k") s64=$(count "$w:stream64k"); fi
        awk -v w="${e:+pcre2 }$w" -v a="$whole" -v b="$s4" -v c="$s64" 'BEGIN {
            printf "%-24s %12.0f %12.0f %7.3f %12.0f %7.3f\n", w, a, b, b / a, c, c / a }'
    done
done
