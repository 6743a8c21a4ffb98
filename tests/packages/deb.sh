#!/bin/sh
# The Debian packages, built from the release tarball the way
# debian/README.source describes: lintian finds no error and no warning,
# the symbols file passes dpkg-gensymbols at check level 4, and each
# package holds what it should.
. "$top_srcdir/tests/packages/lib.sh"
need dpkg-buildpackage dh dh_autoreconf lintian dpkg-gensymbols fakeroot
need_tarball
plan 7

work=$pkgdir/deb
rm -rf "$work" && mkdir -p "$work" && tar -xJf "$tarball" -C "$work" || exit 1
src=$work/oxre-$version
debver=$(cd "$src" && dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

# Debian 12 lacks the crates: point the build at this build's registry.
case $CARGO_REGISTRY in
  /usr/share/cargo/registry) ;;
  *) OXRE_CARGO_REGISTRY=$CARGO_REGISTRY; export OXRE_CARGO_REGISTRY ;;
esac
DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}"; export DEB_BUILD_OPTIONS
diag "building oxre $debver in $src (registry: $CARGO_REGISTRY; cargo: $CARGO)"
(cd "$src" && clean_env dpkg-buildpackage -us -uc -b -d) > "$work/build.log" 2>&1; r=$?
[ $r -eq 0 ] || show "$work/build.log" 60
ok $r "dpkg-buildpackage -us -uc -b -d"

for p in liboxre1 liboxre-dev oxre-tools; do
  f="$work/${p}_${debver}_$arch.deb"
  [ -f "$f" ] || { diag "missing: ${f##*/}"; r=1; }
  dpkg-deb -c "$f" 2>/dev/null | awk '{ print $6 ($7 == "->" ? " -> " $8 : "") }' \
    | sed 's|^\./|/|' > "$work/$p.list"
done
[ $r -eq 0 ]; ok $? "liboxre1, liboxre-dev and oxre-tools are built"

changes="$work/oxre_${debver}_$arch.changes"
lintian --fail-on error,warning --no-tag-display-limit "$changes" > "$work/lintian.log" 2>&1; r=$?
sed 's/^/# lintian: /' "$work/lintian.log"
ok $r "lintian: no errors and no warnings"

# The symbols file against the built library, at the strictest level:
# no symbol missing, none new.
x=$work/liboxre1.root
rm -rf "$x" && dpkg-deb -x "$work/liboxre1_${debver}_$arch.deb" "$x"
(cd "$src" && dpkg-gensymbols -c4 -pliboxre1 -P"$x" -v"$debver" -O"$work/symbols.out") \
  > "$work/gensymbols.log" 2>&1; r=$?
[ $r -eq 0 ] || show "$work/gensymbols.log"
ok $r "dpkg-gensymbols -c4 passes on debian/liboxre1.symbols"

# liboxre1: the shared library and its documentation, nothing more.
so=$(grep -E "^/usr/lib/$ma/liboxre\.so\.1\.[0-9.]+$" "$work/liboxre1.list")
other=$(grep -v -E "^/usr/lib/$ma/liboxre\.so\.1(\.[0-9.]+| -> liboxre\.so\.1\.[0-9.]+)$|^/usr/share/(doc|lintian/overrides)/liboxre1(/|\$)|/$" \
  "$work/liboxre1.list")
shlibs=$(dpkg-deb -I "$work/liboxre1_${debver}_$arch.deb" shlibs)
[ -n "$so" ] && [ -z "$other" ] \
  && [ "$(dpkg-deb -f "$work/liboxre1_${debver}_$arch.deb" Multi-Arch)" = same ] \
  && dpkg-deb -I "$work/liboxre1_${debver}_$arch.deb" symbols | grep -q '^liboxre\.so\.1 liboxre1 ' \
  && [ "$shlibs" = "liboxre 1 liboxre1 (>= ${version})" ]
r=$?; [ $r -eq 0 ] || diag "library: '$so'; unexpected: $other; shlibs: '$shlibs'"
ok $r "liboxre1: ${so##*/} only, Multi-Arch: same, shlibs and symbols control files"

# liboxre-dev: every header, the link, the static archive, the .pc, every
# man page (and a page for every function), the example.
want="/usr/lib/$ma/liboxre\.so -> liboxre\.so\.1\.[0-9.]+
/usr/lib/$ma/liboxre\.a
/usr/lib/$ma/pkgconfig/oxre\.pc
/usr/share/doc/liboxre-dev/examples/oxredemo\.c"
for h in "$top_srcdir"/include/*.h "$top_srcdir"/include/*.hpp; do want="$want
/usr/include/${h##*/}"; done
for m in "$top_srcdir"/doc/oxre*.3 "$top_srcdir"/doc/oxre*.7; do
  b=${m##*/}; want="$want
/usr/share/man/man${b##*.}/$b\.gz"
done
for f in $functions; do want="$want
/usr/share/man/man3/$f\.3\.gz( -> oxre[a-z_]*\.3\.gz)?"; done
miss=$(printf '%s\n' "$want" | missing_in "$work/liboxre-dev.list")
la=$(grep '\.la$' "$work"/*.list; grep '\.a$' "$work/liboxre1.list" "$work/oxre-tools.list")
dep=$(dpkg-deb -f "$work/liboxre-dev_${debver}_$arch.deb" Depends)
[ -z "$miss" ] && [ -z "$la" ] && printf '%s\n' "$dep" | grep -q "liboxre1 (= $debver)"
r=$?; [ $r -eq 0 ] || diag "missing: $miss" "libtool archives or misplaced static ones: $la" "Depends: $dep"
ok $r "liboxre-dev: headers, .so link, liboxre.a, oxre.pc, $(printf '%s\n' "$want" | grep -c man) man pages, the example; no .la"

# oxre-tools: oxgrep and its page, linked against liboxre1.
miss=$(printf '%s\n' /usr/bin/oxgrep '/usr/share/man/man1/oxgrep\.1\.gz' | missing_in "$work/oxre-tools.list")
dep=$(dpkg-deb -f "$work/oxre-tools_${debver}_$arch.deb" Depends)
[ -z "$miss" ] && printf '%s\n' "$dep" | grep -q "liboxre1 (>= $version)"
r=$?; [ $r -eq 0 ] || diag "missing: $miss" "Depends: $dep"
ok $r "oxre-tools: /usr/bin/oxgrep and oxgrep(1), depending on liboxre1 (>= $version)"

# The build tree is large (and its own test logs would be counted with
# these); the packages and the logs stay.
rm -rf "$src" "$x"
finish
