#!/bin/sh
# The manual pages: lint-clean for mandoc and man, installed by make install
# with a page for every exported function (the area page, or a link to it),
# cross-references that resolve, and nothing left after make uninstall.
. "$top_srcdir/tests/tap.sh"
plan 6
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pages=$(ls "$top_srcdir"/doc/*.[1-8])

if command -v mandoc >/dev/null 2>&1; then
  # -W warning: the STYLE level also flags references to pages that are
  # not installed yet, which here is all of them.
  mandoc -T lint -W warning $pages > "$tmp/lint" 2>&1; r=$?
  [ $r -eq 0 ] || sed 's/^/# /' "$tmp/lint"
  ok $r "mandoc -T lint: no warnings in $(echo $pages | wc -w) pages"
else
  skip "mandoc -T lint" "mandoc not found (build-aux/setup.sh installs it)"
fi

if command -v man >/dev/null 2>&1; then
  # A real problem (an unknown macro or escape, a bad argument, a page that
  # does not format) fails; warnings about the filling of a line ("cannot
  # adjust line", "cannot break line"), which differ between groff versions
  # and widths, are shown but do not.
  : > "$tmp/warn"; r=0
  for p in $pages; do
    MANWIDTH=80 man --warnings -E UTF-8 -l "$p" 2>"$tmp/one" >/dev/null \
      || echo "$p: man exited with status $?" >> "$tmp/warn"
    sed "s|^|${p##*/}: |" "$tmp/one" >> "$tmp/warn"
  done
  typo='(cannot|can.t) (adjust|break) line'
  grep -v -E "$typo" "$tmp/warn" > "$tmp/real"
  [ ! -s "$tmp/real" ]; r=$?
  [ $r -eq 0 ] || sed 's/^/# /' "$tmp/real"
  grep -E "$typo" "$tmp/warn" | sed 's/^/# (typographic, not counted) /'
  ok $r "man --warnings: groff reports no problem in the pages"
else
  skip "man --warnings" "man not found"
fi

root="$tmp/root"
"$MAKE" -s -C "$top_builddir" install DESTDIR="$root" > "$tmp/log" 2>&1; r=$?
[ $r -eq 0 ] || sed 's/^/# /' "$tmp/log"
man3=$(find "$root" -type d -name man3 | head -n 1)
[ $r -eq 0 ] && [ -n "$man3" ]
ok $? "make install DESTDIR=... installs man3 pages"

# Every exported function has a page that names it.
missing=""
for f in $(sed -n 's/@.*//p' "$top_srcdir/tests/liboxre.symbols"); do
  [ -f "$man3/$f.3" ] && grep -q "^\.Nm $f\( ,\)*\$\|^$f\b\|[ ,]$f[ ,]" "$man3/$f.3" \
    || missing="$missing $f"
done
[ -z "$missing" ]; r=$?
[ $r -eq 0 ] || diag "functions without a page naming them:$missing"
ok $r "every exported function has a man page (a page or a link to one)"

# No dangling link, and every .Xr to a section 3 or 7 oxre page resolves.
bad=""
for l in $(find "$root" -type l); do [ -e "$l" ] || bad="$bad $l"; done
mandir=$(dirname "$man3")
for ref in $(sed -n 's/^\.Xr \(oxre[A-Za-z0-9_-]*\) \([37]\).*/\1.\2/p' $pages | sort -u); do
  [ -e "$mandir/man${ref##*.}/$ref" ] || bad="$bad $ref"
done
[ -z "$bad" ]; r=$?
[ $r -eq 0 ] || diag "unresolved:$bad"
ok $r "links and cross-references resolve"

"$MAKE" -s -C "$top_builddir" uninstall DESTDIR="$root" > "$tmp/log" 2>&1
left=$(find "$mandir" \( -type f -o -type l \) 2>/dev/null)
[ -z "$left" ]; r=$?
[ $r -eq 0 ] || diag "left after make uninstall: $left"
ok $r "make uninstall removes every page and link"
