#!/bin/sh
# The Rust code is rustfmt-clean and clippy-clean (warnings are errors).
. "$top_srcdir/tests/tap.sh"
plan 2
log=$(mktemp); trap 'rm -f "$log"' EXIT
cd "$top_srcdir/rust" || exit 1

if "$CARGO" fmt --version >/dev/null 2>&1; then
  "$CARGO" fmt --check >"$log" 2>&1; r=$?
  [ $r -eq 0 ] || sed 's/^/# /' "$log" | head -40
  ok $r "cargo fmt --check"
else
  skip "cargo fmt --check" "rustfmt is not installed"
fi

if "$CARGO" clippy --version >/dev/null 2>&1; then
  CARGO_TARGET_DIR="$CARGO_TARGET_DIR/clippy" "$CARGO" clippy --offline --locked --all-targets \
    --config 'source.crates-io.replace-with="oxre-registry"' \
    --config "source.oxre-registry.directory=\"$CARGO_REGISTRY\"" \
    -- -D warnings >"$log" 2>&1; r=$?
  [ $r -eq 0 ] || grep -E -A12 '^(warning|error)' "$log" | sed 's/^/# /' | head -80
  ok $r "cargo clippy --all-targets -- -D warnings"
else
  skip "cargo clippy -- -D warnings" "clippy is not installed"
fi
