#!/bin/sh
# One version number: configure.ac's AC_INIT. Every other copy agrees with
# it: configure, oxre.pc, the header's OXRE_VERSION_* macros, the Rust
# crate (Cargo.toml, Cargo.lock, version.rs), the library at run time,
# debian/changelog, rpm/oxre.spec and NEWS.
. "$top_srcdir/tests/tap.sh"
plan 10

v=$(sed -n 's/^AC_INIT(\[oxre\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
diag "configure.ac: '$v'"
if [ -z "$v" ]; then echo "Bail out! no AC_INIT([oxre], [VERSION]) in configure.ac"; exit 1; fi
major=${v%%.*}; rest=${v#*.}; minor=${rest%%.*}; patch=${rest#*.}

# same WHAT VALUE: one TAP line comparing VALUE with the version.
same() {
  [ "$2" = "$v" ]; r=$?
  [ $r -eq 0 ] || diag "$1 says '$2', configure.ac says '$v'"
  ok $r "$1 agrees ($v)"
}

same "configure (PACKAGE_VERSION)" "$PACKAGE_VERSION"
same "oxre.pc" "$(sed -n 's/^Version: //p' "$top_builddir/oxre.pc")"

h="$top_srcdir/include/oxre.h"
hv=$(for m in MAJOR MINOR PATCH; do
       sed -n "s/^#define OXRE_VERSION_$m \([0-9]*\)\$/\1/p" "$h"; done | paste -sd. -)
same "include/oxre.h (OXRE_VERSION_MAJOR/MINOR/PATCH)" "$hv"

rs="$top_srcdir/rust/src/version.rs"
rv=$(for m in MAJOR MINOR PATCH; do
       sed -n "s/^pub const OXRE_VERSION_$m: u32 = \([0-9]*\);\$/\1/p" "$rs"; done | paste -sd. -)
same "rust/src/version.rs" "$rv"

same "rust/Cargo.toml" "$(sed -n '/^\[package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' "$top_srcdir/rust/Cargo.toml")"
same "rust/Cargo.lock" "$(sed -n '/^name = "oxre"$/{n;s/^version = "\(.*\)"$/\1/p;}' "$top_srcdir/rust/Cargo.lock")"

# The library itself, through the example program (its first line).
demo="$top_builddir/doc/examples/oxredemo"
first=$("$demo" | head -n 1)
same "the library at run time (oxredemo: '$first')" \
  "$(printf '%s\n' "$first" | sed -n "s/^oxre \([^ ]*\) (header $major\.$minor\.$patch)\$/\1/p")"

# debian/changelog: the upstream part of the newest entry's version.
dv=$(sed -n '1s/^oxre (\([^)]*\)).*/\1/p' "$top_srcdir/debian/changelog")
same "debian/changelog ($dv)" "${dv%-*}"
same "rpm/oxre.spec" "$(sed -n 's/^Version: *//p' "$top_srcdir/rpm/oxre.spec")"
# The newest entry of NEWS, or the one below it while the newest is for
# a release still to come ("unreleased") that the version is not yet.
news=$(sed -n 's/^oxre \([^ ]*\) .*/\1/p' "$top_srcdir/NEWS" | head -n 1)
if [ "$news" != "$v" ] && head -n 1 "$top_srcdir/NEWS" | grep -q '(unreleased)$'; then
  news=$(sed -n 's/^oxre \([^ ]*\) .*/\1/p' "$top_srcdir/NEWS" | sed -n 2p)
fi
same "NEWS (newest entry)" "$news"
