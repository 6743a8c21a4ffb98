#!/bin/sh
# The differential random test (tests/differential/): oxre's C API against
# the regex crate built with its default features. Builds the program with
# cargo (offline, from the configured registry, linked with the built
# liboxre.so) and runs it with a fixed seed. Any seed by hand:
#   OXRE_DIFF_SEED=N OXRE_DIFF_CASES=M make check TESTS=tests/differential.sh
. "$top_srcdir/tests/tap.sh"
dir="$abs_top_builddir/tests/differential-target"
log=$(mktemp); trap 'rm -f "$log"' EXIT
(cd "$top_srcdir/tests/differential" && OXRE_LIB_DIR="$abs_top_builddir/.libs" \
   "$CARGO" build --quiet --release --offline --locked --target-dir "$dir" \
   --config 'source.crates-io.replace-with="oxre-registry"' \
   --config "source.oxre-registry.directory=\"$CARGO_REGISTRY\"" >"$log" 2>&1)
if [ $? -ne 0 ]; then
  echo "Bail out! cannot build tests/differential"; sed 's/^/# /' "$log" | head -40; exit 1
fi
OXRE_DIFF_SEED=${OXRE_DIFF_SEED:-1} OXRE_DIFF_CASES=${OXRE_DIFF_CASES:-2000} \
  LD_LIBRARY_PATH="$abs_top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
  "$dir/release/oxre-differential" 2>"$log"
r=$?
# (A panic inside oxre prints its message on stderr; show a little of it.)
[ $r -eq 0 ] || sed 's/^/# stderr: /' "$log" | head -20
exit 0
