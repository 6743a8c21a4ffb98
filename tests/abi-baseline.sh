#!/bin/sh
# The ABI against 1.0.0's: abidiff (abigail-tools) compares the built
# liboxre.so with the committed abidw dump of liboxre 1.0.0
# (tests/abi/liboxre-1.0.0.abi). Every 1.0.0 function must still be there,
# under the same version node, with the same types where the dump has them
# (the C code's debug information: the POSIX layer and the types it uses);
# new functions are allowed, but only in newer version nodes.
# Without abidiff the test is skipped (build-aux/setup.sh installs it).
#
# To remake the dump (only ever from the 1.0.0 sources, built as configure
# builds them by default):
#   abidw --no-corpus-path --no-comp-dir-path --no-show-locs \
#     .libs/liboxre.so.1.0.0 > tests/abi/liboxre-1.0.0.abi
. "$top_srcdir/tests/tap.sh"

base="$top_srcdir/tests/abi/liboxre-1.0.0.abi"
command -v abidiff >/dev/null 2>&1 || skip_all "abidiff not installed (abigail-tools)"
so=$(ls "$top_builddir"/.libs/liboxre.so.1.* 2>/dev/null | head -n 1)
if [ -z "$so" ]; then echo "Bail out! no built liboxre.so.1.* in $top_builddir/.libs"; exit 1; fi
plan 4
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# abidiff's exit status is a bit mask: 4 an ABI change, 8 an incompatible
# one. Added functions are the only change allowed, so the comparison
# ignores them and must then find nothing at all.
abidiff --no-added-syms "$base" "$so" > "$tmp/report" 2>&1; r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/report"
ok $r "no change to 1.0.0's functions and types (abidiff, added functions ignored)"

# The full report, for the log: what was added.
abidiff "$base" "$so" > "$tmp/full" 2>&1; r=$?
[ $((r & 8)) -eq 0 ]; ok $? "abidiff finds no incompatible change"
grep -i 'added' "$tmp/full" | sed 's/^/# /'

# Functions in OXRE_1.0 are 1.0.0's, no more and no fewer: new functions go
# in new version nodes.
sed -n "s/.*<elf-symbol name='\([^']*\)' version='OXRE_1.0'.*/\1/p" "$base" | sort > "$tmp/base10"
$NM -D --defined-only --with-symbol-versions "$so" | awk '{print $3}' \
  | sed -n 's/@@OXRE_1\.0$//p' | grep -v '^OXRE_' | sort > "$tmp/new10"
diff -u "$tmp/base10" "$tmp/new10" > "$tmp/d"; r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/d"
[ -s "$tmp/base10" ] || r=1
ok $r "the OXRE_1.0 node holds exactly 1.0.0's $(wc -l < "$tmp/base10") functions"

# The check itself: a library missing one of 1.0.0's functions is caught.
grep -v "<elf-symbol name='oxre_escape'" "$base" > "$tmp/removed.abi"
abidiff "$base" "$tmp/removed.abi" > /dev/null 2>&1; r=$?
[ $((r & 8)) -ne 0 ]; ok $? "abidiff reports a removed function as incompatible"
finish
