#!/bin/sh
# The header: include/oxre.h is what cbindgen generates from rust/ (so the
# committed file is up to date), and it compiles as strict C11 and as C++.
. "$top_srcdir/tests/tap.sh"
plan 3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

if [ -n "$CBINDGEN" ] && [ -x "$CBINDGEN" ]; then
  (cd "$top_srcdir/rust" && "$CBINDGEN" --quiet --config cbindgen.toml \
      --output "$tmp/oxre.h" src/lib.rs) \
    && diff -u "$top_srcdir/include/oxre.h" "$tmp/oxre.h" > "$tmp/diff"
  r=$?
  [ $r -eq 0 ] || { diag "include/oxre.h is stale: run 'make header' and commit it"; sed 's/^/# /' "$tmp/diff" | head -40; }
  ok $r "include/oxre.h matches what cbindgen generates"
else
  skip "include/oxre.h matches what cbindgen generates" "cbindgen not found"
fi

printf '#include <oxre.h>\nint main(void) { oxre_span s = {0, 0}; (void)s; return OXRE_OK; }\n' > "$tmp/c.c"
$CC -std=c11 -pedantic -Wall -Wextra -Werror -I"$top_srcdir/include" -c "$tmp/c.c" -o "$tmp/c.o"
ok $? "the header compiles as C11 with -pedantic -Wall -Wextra -Werror"

cp "$tmp/c.c" "$tmp/cxx.cc"
$CXX -std=c++11 -pedantic -Wall -Wextra -Werror -I"$top_srcdir/include" -c "$tmp/cxx.cc" -o "$tmp/cxx.o"
ok $? "the header compiles as C++11"
