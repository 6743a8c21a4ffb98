#!/bin/sh
# A program written against <regex.h> (tests/test-posix-program.c) builds and
# passes unchanged but for the include and link lines: once with the C
# library's regex functions, once with oxre's through OXRE_POSIX_NAMES; and
# lints the oxreposix(3) man page.
. "$top_srcdir/tests/tap.sh"
plan 7
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
src="$top_srcdir/tests/test-posix-program.c"
libs="$abs_top_builddir/.libs"
warn="-std=c11 -Wall -Wextra -Werror"

$CC $warn "$src" -o "$tmp/with-libc" 2>"$tmp/err1"
r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$tmp/err1"
ok $r "the program builds against the C library's <regex.h>"

"$tmp/with-libc" >"$tmp/out-libc" 2>"$tmp/err2"
r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$tmp/err2"
ok $r "and passes"

# The switch: the include line, and the link line. Nothing else changes.
sed 's|^#include <regex.h>$|#define OXRE_POSIX_NAMES\
#include <oxreposix.h>|' "$src" > "$tmp/program.c"
changed=$(diff "$src" "$tmp/program.c" | grep -c '^[<>]')
[ "$changed" -eq 3 ]; ok $? "only the include line differs ($changed lines of diff)"

$CC $warn -I"$top_srcdir/include" "$tmp/program.c" -o "$tmp/with-oxre" \
  -L"$libs" -loxre 2>"$tmp/err3"
r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$tmp/err3"
ok $r "the program builds against oxreposix.h and liboxre"

LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$tmp/with-oxre" \
  >"$tmp/out-oxre" 2>"$tmp/err4"
r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$tmp/err4"
ok $r "and passes"

diff -u "$tmp/out-libc" "$tmp/out-oxre" >"$tmp/d"; r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/d"
ok $r "both print the same ($(wc -l < "$tmp/out-oxre") lines)"

if command -v mandoc >/dev/null 2>&1; then
  mandoc -T lint -W warning "$top_srcdir/doc/oxreposix.3" >"$tmp/lint" 2>&1
  r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$tmp/lint"
  ok $r "mandoc -T lint: doc/oxreposix.3"
else
  skip "mandoc -T lint: doc/oxreposix.3" "mandoc is not installed"
fi
