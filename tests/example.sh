#!/bin/sh
# The example program, doc/examples/oxredemo.c: the built program prints
# real matches, groups by name and a located pattern error; and the
# installed copy builds with the one-line cc command README.md shows, using
# nothing but what make install installed.
. "$top_srcdir/tests/tap.sh"
plan 8
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo="$top_builddir/doc/examples/oxredemo"

"$demo" > "$tmp/out" 2> "$tmp/err"; r=$?
sed 's/^/# /' "$tmp/out" | head -n 8
[ $r -eq 0 ] && grep -q -F '  match 0: [9, 19) "2024-03-01"' "$tmp/out" \
  && grep -q -F '    group 1 <year>: [9, 13) "2024"' "$tmp/out" \
  && grep -q -F '    group 3 <day>: [37, 39) "30"' "$tmp/out"
ok $? "the tour finds both dates, with their groups by name"

grep -q -F '    group 2: did not participate' "$tmp/out" \
  && grep -A1 -F '(a+)+$' "$tmp/out" | grep -q -F '  no match'
ok $? "the tour reports a group that did not participate, and no match for (a+)+\$"

sed -n '/unclosed group/{n;n;p;}' "$tmp/err" | grep -q '^    \^$'
ok $? "the tour's pattern error is located with a caret"

grep -q -F 'group <host> of the first match in "mail ada@example.org": "example.org"' "$tmp/out" \
  && grep -q -F '  2 replacements: "from 01/03/2024 to 30/11/2024"' "$tmp/out"
ok $? "the tour reads a group by name and rewrites dates with a \$name template"

out=$("$demo" 'x(?<d>[0-9])?' 'x1 x' 2>&1); r=$?
[ $r -eq 0 ] && printf '%s\n' "$out" | grep -q -F '    group 1 <d>: [1, 2) "1"' \
  && [ "$(printf '%s\n' "$out" | grep -c '^  match 0')" -eq 2 ]
ok $? "with a pattern and a subject it prints each match"

"$demo" '(?<n' 'x' > /dev/null 2>&1
[ $? -ne 0 ]; ok $? "an invalid pattern makes it exit with a failure status"

# The filter: a match split over the 4 KiB chunks it reads is found whole.
out=$( { head -c 4094 /dev/zero | tr '\0' -; printf 'ab=12 cd=3\n'; } | "$demo" --stream '[a-z]+=[0-9]+')
printf '%s\n' "$out" | grep -q -F '[4094, 4099) "ab=12"' \
  && printf '%s\n' "$out" | grep -q -F '[4100, 4104) "cd=3"' \
  && printf '%s\n' "$out" | grep -q -F '2 matches in 4105 bytes'
ok $? "--stream filters standard input in chunks, across a chunk boundary"

# The README's command, run as it is written, on the installed copy.
cmd=$(sed -n 's/^ *\(cc -o oxredemo oxredemo\.c .*\)$/\1/p' "$top_srcdir/README.md" | head -n 1)
root="$tmp/root"
"$MAKE" -s -C "$top_builddir" install DESTDIR="$root" > "$tmp/log" 2>&1 || sed 's/^/# /' "$tmp/log"
src=$(find "$root" -path '*/doc/*/examples/oxredemo.c' | head -n 1)
pc=$(find "$root" -name oxre.pc | head -n 1)
so=$(find "$root" -name 'liboxre.so.1' | head -n 1)
if [ -n "$cmd" ] && [ -n "$src" ] && [ -n "$pc" ]; then
  diag "README: $cmd" "installed: ${src#$root}"
  (cd "$(dirname "$src")" \
   && PKG_CONFIG_LIBDIR=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$root sh -c "$cmd" \
   && LD_LIBRARY_PATH=$(dirname "$so") ./oxredemo 'b+' 'abbbc' > "$tmp/run") > "$tmp/log" 2>&1
  r=$?
  [ $r -eq 0 ] || sed 's/^/# /' "$tmp/log"
  [ $r -eq 0 ] && grep -q -F '  match 0: [1, 4) "bbb"' "$tmp/run"
  ok $? "the installed example builds with README's command and runs"
else
  diag "README command: '${cmd}', installed example: '${src}'"
  ok 1 "the installed example builds with README's command and runs"
fi
