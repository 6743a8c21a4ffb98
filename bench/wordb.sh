#!/bin/sh
# Instructions per byte (callgrind) of bench/wordb's measurements: each
# pattern set and mode run over CORPUS with 1 and 3 passes; the difference
# over 2 passes, per byte of the corpus, leaves out compiling and set-up.
#   wordb.sh WORDB CORPUS [BYTES]   (BYTES: the corpus's first bytes; 50000)
set -e
prog=$1 corpus=$2 bytes=${3:-50000}
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
head -c "$bytes" "$corpus" > "$tmp"
n=$(wc -c < "$tmp")
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$prog" "$tmp" --one "$1" "$2" "$3" 2>&1 |
    sed -n 's/.*Collected : //p'
}
printf '%s: %s bytes; instructions per byte\n' "$corpus" "$n"
printf '%-4s %10s %10s %8s %10s %10s %8s\n' set u-stream a-stream ratio u-overlap a-overlap ratio
for set in 0 1 2 3; do
  line=$set
  for mode in u-stream a-stream u-overlap a-overlap; do
    one=$(count $set $mode 1); three=$(count $set $mode 3)
    eval "ir_${mode%-*}_${mode#*-}=\$(( (three - one) / 2 / n ))"
  done
  awk -v s=$set -v us=$ir_u_stream -v as=$ir_a_stream -v uo=$ir_u_overlap -v ao=$ir_a_overlap \
    'BEGIN { printf "%-4s %10d %10d %8.2f %10d %10d %8.2f\n", s, us, as, us / (as ? as : 1), uo, ao, uo / (ao ? ao : 1) }'
done
