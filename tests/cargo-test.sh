#!/bin/sh
# The Rust unit tests (cargo test), offline, from the configured registry.
. "$top_srcdir/tests/tap.sh"
plan 1
log=$(mktemp); trap 'rm -f "$log"' EXIT
(cd "$top_srcdir/rust" && CARGO_TARGET_DIR="$CARGO_TARGET_DIR" "$CARGO" test --offline --locked \
   --config 'source.crates-io.replace-with="oxre-registry"' \
   --config "source.oxre-registry.directory=\"$CARGO_REGISTRY\"" >"$log" 2>&1)
r=$?
sed 's/^/# /' "$log" | grep -E '^# (test |test result|error|failures|---- |thread )' | head -200
ok $r "cargo test"
