#!/bin/sh
# The ABI: the shared library exports exactly the symbols in the committed
# manifest (tests/liboxre.symbols), each bound to its version node; the
# manifest and debian/liboxre1.symbols are what the version script
# (src/liboxre.map) gives; every function declared in the public headers is
# exported; the soname is liboxre.so.1.
. "$top_srcdir/tests/tap.sh"
plan 6

so=$(ls "$top_builddir"/.libs/liboxre.so.1.* 2>/dev/null | head -n 1)
if [ -z "$so" ]; then echo "Bail out! no built liboxre.so.1.* in $top_builddir/.libs"; exit 1; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

$NM -D --defined-only --with-symbol-versions "$so" | awk '{print $3}' | sort > "$tmp/exported"
sort "$top_srcdir/tests/liboxre.symbols" > "$tmp/manifest"
diff -u "$tmp/manifest" "$tmp/exported" > "$tmp/d1"; r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/d1"
ok $r "exports are exactly the manifest"

bad=$(grep -v -E '^(oxre_[a-z0-9_]+@@OXRE_[0-9]+\.[0-9]+|OXRE_[0-9]+\.[0-9]+)$' "$tmp/exported")
[ -z "$bad" ]; r=$?
[ $r -eq 0 ] || diag "outside the namespace or unversioned: $bad"
ok $r "every export is oxre_* bound to an OXRE_ version node"

# The version script is the one list: the manifest and the Debian symbols
# file must be exactly what build-aux/abi-lists.sh derives from it (the same
# functions in the same version nodes; `make abi-lists` rewrites both).
lists="$top_srcdir/build-aux/abi-lists.sh" map="$top_srcdir/src/liboxre.map"
r=0
sh "$lists" manifest "$map" | diff -u "$top_srcdir/tests/liboxre.symbols" - > "$tmp/d2" || r=1
sh "$lists" debian "$map" | diff -u "$top_srcdir/debian/liboxre1.symbols" - >> "$tmp/d2" || r=1
[ $r -eq 0 ] || { diag "stale ABI lists: run 'make abi-lists'"; sed 's/^/# /' "$tmp/d2"; }
ok $r "the manifest and debian/liboxre1.symbols follow the version script"
sed 's/@.*//' "$tmp/manifest" | grep '^oxre_' | sort > "$tmp/manifest-names"

# Functions declared in the installed headers.
for h in "$top_srcdir"/include/*.h; do
  sed -n 's/^[a-z].*[ *]\(oxre_[a-z0-9_]*\)(.*/\1/p' "$h"
done | sort -u > "$tmp/declared"
diff -u "$tmp/declared" "$tmp/manifest-names" > "$tmp/d3"; r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/d3"
ok $r "the headers declare exactly the exported functions"

soname=$("$READELF" -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
[ "$soname" = liboxre.so.1 ]; ok $? "soname is liboxre.so.1 (got '$soname')"

# Not one symbol of Rust's std (or any other name) leaks into the dynamic table.
leaks=$($NM -D --defined-only "$so" | awk '{print $3}' | grep -c -v -E '^(oxre_|OXRE_)')
[ "$leaks" -eq 0 ]; ok $? "no other defined dynamic symbols ($leaks found)"
