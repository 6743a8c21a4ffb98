#!/bin/sh
# Runs libFuzzer targets one after the other and sums up what each did.
#
#   fuzz/run.sh BUILDDIR SRCDIR SECONDS TARGET...
#
# BUILDDIR/fuzz/fuzz-TARGET is the fuzzer (make fuzz builds it). Its corpus,
# BUILDDIR/fuzz/corpus/TARGET, starts from the seeds (BUILDDIR/fuzz/seeds,
# from fuzz/seeds.py) and grows from run to run; the committed regression
# inputs (SRCDIR/fuzz/regressions/TARGET) are read too. A crash leaves its
# input in BUILDDIR/fuzz/artifacts/TARGET/ and the log in
# BUILDDIR/fuzz/TARGET.log. FUZZ_ARGS adds libFuzzer options. Each target's
# outcome is also written as an automake result, BUILDDIR/fuzz/results/
# TARGET.trs (for CI's counts).
# Exit status: 0 when every target ran its time without a failure.
set -u
build=$1 src=$2 secs=$3
shift 3
status=0
mkdir -p "$build/fuzz/results"
for t in "$@"; do
  bin="$build/fuzz/fuzz-$t" corpus="$build/fuzz/corpus/$t" art="$build/fuzz/artifacts/$t"
  log="$build/fuzz/$t.log"
  mkdir -p "$corpus" "$art"
  if [ -z "$(ls -A "$corpus")" ] && [ -d "$build/fuzz/seeds/$t" ]; then
    cp "$build/fuzz/seeds/$t"/* "$corpus"/ 2>/dev/null
  fi
  regs="$src/fuzz/regressions/$t"
  [ -d "$regs" ] || regs=
  # libFuzzer's timeout is wall-clock time, and the instrumented build is
  # about ten times slower than the plain one: the slowest input known (a
  # pattern of 8,000 repeated groups) takes 12 s of CPU here and 1.2 s in a
  # plain build, and twice as long on a machine busy with other work.
  # shellcheck disable=SC2086
  nice "$bin" -max_total_time="$secs" -print_final_stats=1 -max_len=1024 -timeout=60 \
    -rss_limit_mb=4096 -dict="$src/fuzz/regex.dict" -artifact_prefix="$art/" \
    ${FUZZ_ARGS:-} "$corpus" $regs > "$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | sed 's/cov: //')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | sed 's/ft: //')
  first=$(grep -o 'INITED cov: [0-9]*' "$log" | head -n 1 | sed 's/INITED cov: //')
  n=$(ls "$corpus" | wc -l)
  if [ $rc -eq 0 ]; then
    echo "fuzz $t: ok, ${secs}s, ${execs:-?} execs (${rate:-?}/s), cov ${first:-?} -> ${cov:-?} (ft ${ft:-?}), corpus $n"
    echo ":test-result: PASS" > "$build/fuzz/results/$t.trs"
  else
    echo ":test-result: FAIL" > "$build/fuzz/results/$t.trs"
    echo "fuzz $t: FAILED (status $rc), ${execs:-?} execs; log: $log"
    grep -E 'fuzz check failed|ERROR: |SUMMARY|OXRE_EPANIC|Test unit written' "$log" | head -n 8 | sed 's/^/  /'
    status=1
  fi
done
exit $status
