#!/bin/sh
# The packaging agrees with the tree, checked without packaging tools (the
# package builds themselves run in make check-packages): the Debian symbols
# file lists exactly the ABI manifest, every public header and man page is
# claimed by both packagings, and the library package is named after the
# soname.
. "$top_srcdir/tests/tap.sh"
plan 4
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
deb="$top_srcdir/debian"
spec="$top_srcdir/rpm/oxre.spec"

# debian/liboxre1.symbols: " name@VERSION minver" lines, one per manifest
# entry ("name@@VERSION", or a bare "VERSION" for the version node itself).
sed -n 's/^ \([^ ]*\) [^ ]*$/\1/p' "$deb/liboxre1.symbols" | sort > "$tmp/deb"
sed -e 's/@@/@/' -e 's/^\(OXRE_[0-9.]*\)$/\1@\1/' "$top_srcdir/tests/liboxre.symbols" \
  | sort > "$tmp/manifest"
diff -u "$tmp/manifest" "$tmp/deb" > "$tmp/d"; r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/d"
ok $r "debian/liboxre1.symbols lists exactly tests/liboxre.symbols"

# Minimum versions: none above the current version (or the next one, while
# NEWS starts with its "(unreleased)" entry); the node's own entry and each
# symbol of a node OXRE_x.y need at least x.y.
top=$(sed -n 1p "$top_srcdir/NEWS")
next=$PACKAGE_VERSION
case $top in
  *"(unreleased)") next=$(printf '%s\n' "$top" | sed -n 's/^oxre \([0-9][0-9.]*\) .*/\1/p') ;;
esac
[ -n "$next" ] || next=$PACKAGE_VERSION
bad=$(awk -v v="$next" '
  function num(s,  a) { split(s, a, /[.~-]/); return a[1] * 10000 + a[2] * 100 + a[3] }
  /^ / { split($1, p, "@"); node = p[2]; sub(/^OXRE_/, "", node)
         if (num($2) > num(v) || num($2) < num(node ".0")) print $1 " " $2 }' \
  "$deb/liboxre1.symbols")
[ -z "$bad" ]; r=$?
[ $r -eq 0 ] || diag "wrong minimum versions: $bad"
ok $r "the symbols' minimum versions lie between their node and $next"

# Headers and man pages: liboxre-dev.install and the spec's -devel %files
# claim them through globs; check each file against both.
miss=""
for f in "$top_srcdir"/include/*.h "$top_srcdir"/include/*.hpp "$top_srcdir"/doc/*.3 \
    "$top_srcdir"/doc/*.7; do
  b=${f##*/}
  case $f in
    *.h) dglob='usr/include/*.h'; rglob='%{_includedir}/oxre*.h'; rpat="oxre*.h" ;;
    *.hpp) dglob='usr/include/*.hpp'; rglob='%{_includedir}/oxre.hpp'; rpat="oxre.hpp" ;;
    *.3) dglob='usr/share/man/man3/'; rglob='%{_mandir}/man3/oxre*.3*'; rpat="oxre*.3" ;;
    *.7) dglob='usr/share/man/man7/'; rglob='%{_mandir}/man7/oxre-syntax.7*'; rpat="oxre-syntax.7" ;;
  esac
  grep -q -x -F "$dglob" "$deb/liboxre-dev.install" || miss="$miss debian:$b"
  grep -q -x -F "$rglob" "$spec" || miss="$miss rpm:$b"
  case $b in $rpat) ;; *) miss="$miss rpm:$b" ;; esac
done
[ -z "$miss" ]; r=$?
[ $r -eq 0 ] || diag "not claimed:$miss"
ok $r "every header and API man page goes into liboxre-dev and oxre-devel"

so=$(sed -n 's/^liboxre\.so\.\([0-9]*\) \(liboxre[0-9]*\) .*/\1 \2/p' "$deb/liboxre1.symbols")
lt=$(sed -n 's/^AC_SUBST(\[OXRE_LT_VERSION\], \[\([0-9]*\):[0-9]*:\([0-9]*\)\])/\1 \2/p' \
  "$top_srcdir/configure.ac")
cur=${lt% *}; age=${lt#* }
[ -n "$lt" ] && [ "$so" = "$((cur - age)) liboxre$((cur - age))" ] \
  && grep -q "^Package: liboxre$((cur - age))\$" "$deb/control"
ok $? "the library package is named after the soname (configure.ac: $lt; symbols: $so)"
