#!/bin/sh
# The C example in README.md compiles as shown and prints what it should.
. "$top_srcdir/tests/tap.sh"
plan 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk '/^```c$/ {on = 1; next} /^```$/ {if (on) exit} on' "$top_srcdir/README.md" > "$tmp/example.c"
$CC -std=c11 -Wall -Wextra -Werror -I"$top_srcdir/include" "$tmp/example.c" -o "$tmp/example" \
  -L"$top_builddir/.libs" -loxre
ok $? "the README's example compiles with -std=c11 -Wall -Wextra -Werror"
out=$(LD_LIBRARY_PATH="$top_builddir/.libs" "$tmp/example")
[ "$out" = "a -> 1
b -> 2" ]
r=$?; [ $r -eq 0 ] || diag "it printed: $out"
ok $r "the README's example prints the pairs it parses"
