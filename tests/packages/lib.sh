# Shared by the package tests (tests/packages/*.sh): the release tarball,
# the working directory, the toolchain, and a few helpers. Source it.
. "$top_srcdir/tests/tap.sh"

version=$PACKAGE_VERSION
tarball=$OXRE_DIST_ARCHIVE
pkgdir=$OXRE_PACKAGES_DIR

# need TOOL...: skips the whole test unless each tool is on PATH.
need() {
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 \
      || skip_all "$t not found (build-aux/setup.sh --packaging installs the tools)"
  done
}

# need_tarball: bails out unless make dist has made the tarball.
need_tarball() {
  [ -f "$tarball" ] || { echo "Bail out! no $tarball: run make check-packages, which makes it"; exit 1; }
}

# The real cargo and rustc: rustup's proxies find their toolchain through
# HOME, which debhelper changes during a build.
sysroot=$("$RUSTC" --print sysroot 2>/dev/null)
if [ -n "$sysroot" ] && [ -x "$sysroot/bin/cargo" ] && [ -x "$sysroot/bin/rustc" ]; then
  CARGO=$sysroot/bin/cargo RUSTC=$sysroot/bin/rustc
fi
export CARGO RUSTC

# show LOG [LINES]: the end of a log, as TAP comments.
show() { tail -n "${2:-40}" "$1" | sed 's/^/# /'; }

# missing_in LIST: reads extended regexes, one a line, and prints those
# that match no whole line of the file LIST.
missing_in() {
  while IFS= read -r p; do
    [ -z "$p" ] || grep -q -E "^$p\$" "$1" 2>/dev/null || printf '%s\n' "$p"
  done
}

# The exported functions (the ABI manifest).
functions=$(sed -n 's/@.*//p' "$top_srcdir/tests/liboxre.symbols")

# clean_env COMMAND...: runs COMMAND as a package build runs, with nothing
# of make's or the test harness's environment (MAKEFLAGS would pass
# `make check TESTS=...` on to the package's own make check).
clean_env() {
  env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 TMPDIR="${TMPDIR:-/tmp}" \
    ${OXRE_CARGO_REGISTRY:+OXRE_CARGO_REGISTRY="$OXRE_CARGO_REGISTRY"} \
    CARGO="$CARGO" RUSTC="$RUSTC" ${DEB_BUILD_OPTIONS:+DEB_BUILD_OPTIONS="$DEB_BUILD_OPTIONS"} \
    "$@"
}
