# TAP helpers for oxre's shell tests: source it, call plan/ok/skip.
# Each test prints "ok N - description" or "not ok N - description".
tap_n=0
tap_failed=0
plan() { echo "1..$1"; }
ok() {     # ok CONDITION-EXIT-STATUS DESCRIPTION
  tap_n=$((tap_n + 1))
  if [ "$1" -eq 0 ]; then echo "ok $tap_n - $2"; else echo "not ok $tap_n - $2"; tap_failed=1; fi
}
skip() {   # skip DESCRIPTION REASON
  tap_n=$((tap_n + 1))
  echo "ok $tap_n - $1 # SKIP $2"
}
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
diag() { printf '# %s\n' "$@"; }
finish() { exit 0; }
