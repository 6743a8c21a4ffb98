#!/bin/sh
# The ABI: the shared library exports exactly the symbols in the committed
# manifest (tests/liboxre.symbols), each bound to its version node; the
# version script (src/liboxre.map) lists the same functions; every function
# declared in the public headers is exported; the soname is liboxre.so.1.
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

# Functions named in the version script's global lists.
sed -n '/global:/,/local:/p' "$top_srcdir/src/liboxre.map" | grep -o 'oxre_[a-z0-9_]*' | sort > "$tmp/map"
sed 's/@.*//' "$tmp/manifest" | grep '^oxre_' | sort > "$tmp/manifest-names"
diff -u "$tmp/map" "$tmp/manifest-names" > "$tmp/d2"; r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/d2"
ok $r "the version script lists the manifest's functions"

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
