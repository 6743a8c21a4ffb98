#!/usr/bin/env bash
# oxre set-up: gives a Debian machine what building and testing oxre needs.
#
#   build-aux/setup.sh [--peers] [--packaging] [--fuzz] [--demo]
#
# Idempotent: each step checks first and does nothing when already done, so a
# second run takes a second or two.
#
#  1. Installs the Debian packages the build and the test suites need (as
#     root, with apt-get; only those that are missing).
#  2. Finds a crate registry holding regex >= 1.10 and regex-automata 0.4. The
#     system registry (/usr/share/cargo/registry) is used when it has them
#     (Debian 13 and newer). Otherwise (Debian 12) the crates are taken from
#     Debian 13's librust-*-dev packages, downloaded with a private apt state
#     and unpacked into a build-local registry, _registry/ at the top of the
#     tree. No Debian 13 package is installed system-wide.
#  3. Runs autoreconf when configure is missing or stale, and configures a
#     build tree in _build/ against that registry.
#  4. With --demo: builds the library and runs the demonstration program.
#
# --peers also installs the other regex engines the benchmarks compare with;
# --packaging also installs the tools that build the .deb and .rpm packages;
# --fuzz also installs clang and its libFuzzer and sanitizer runtimes (for
# `make fuzz`; `make check-asan` needs only gcc).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/_build"
want_peers=no want_packaging=no want_fuzz=no want_demo=no
for arg in "$@"; do
  case "$arg" in
    --peers) want_peers=yes ;;
    --packaging) want_packaging=yes ;;
    --fuzz) want_fuzz=yes ;;
    --demo) want_demo=yes ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf 'setup: %s\n' "$*"; }

# The crates oxre builds with, and the Debian packages that carry them.
crate_pkgs="librust-regex-dev librust-regex-automata-dev librust-regex-syntax-dev
            librust-aho-corasick-dev librust-memchr-dev librust-libc-dev"

# --- 1. Debian packages -----------------------------------------------------
pkgs="autoconf automake libtool make gcc g++ pkg-config check cbindgen valgrind
      git xz-utils ca-certificates golang-1.19-src"
# The conformance suites (tests/conformance/): golang-1.19-src above ships
# RE2's re2-search.txt, the regex crate's package its Fowler and TOML data
# (step 2), and the TOML runner needs Python 3.11 (tomllib, ctypes).
pkgs="$pkgs python3"
# The manual pages: tests/man.sh lints them with mandoc and man (groff).
pkgs="$pkgs mandoc man-db"
# tests/abi-baseline.sh compares the ABI with 1.0.0's (abidiff).
pkgs="$pkgs abigail-tools"
# --peers: the engines `make bench` compares oxre with (bench/engines.toml),
# and the plot's matplotlib. Hyperscan exists for amd64 only.
[ "$want_peers" = yes ] && pkgs="$pkgs libpcre2-dev libre2-dev libonig-dev
      libtre-dev python3-matplotlib"
[ "$want_peers" = yes ] && [ "$(dpkg --print-architecture)" = amd64 ] \
  && pkgs="$pkgs libhyperscan-dev"
[ "$want_fuzz" = yes ] && pkgs="$pkgs clang libclang-rt-dev"
[ "$want_packaging" = yes ] && pkgs="$pkgs dpkg-dev debhelper lintian rpm elfutils
      fakeroot"

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' \
    || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup.sh: missing Debian packages:$missing; run this script as root" >&2
    exit 1
  fi
  say "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  PATH="$HOME/.cargo/bin:$PATH"
fi
command -v cargo >/dev/null 2>&1 || { echo "setup.sh: cargo not found" >&2; exit 1; }

# --- 2. The crate registry ---------------------------------------------------
# has_crates DIR: does DIR hold regex >= 1.10 and regex-automata 0.4?
has_crates() {
  local dir=$1 v
  [ -d "$dir" ] || return 1
  ls -d "$dir"/regex-automata-0.4.* "$dir"/libc-0.2.* >/dev/null 2>&1 || return 1
  for v in "$dir"/regex-1.*; do
    [ -d "$v" ] || continue
    v=${v##*/regex-1.}; v=${v%%.*}
    [ "$v" -ge 10 ] 2>/dev/null && return 0
  done
  return 1
}

registry=/usr/share/cargo/registry
if ! has_crates "$registry"; then
  registry="$top/_registry"
  if ! has_crates "$registry"; then
    say "the system registry lacks regex >= 1.10; fetching Debian 13's crate packages"
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
    [ -n "$mirror" ] || { echo "setup.sh: no Debian mirror in the apt configuration" >&2; exit 1; }
    d=$(mktemp -d)
    trap 'rm -rf "$d"' EXIT
    mkdir -p "$d/lists/partial" "$d/archives/partial" "$d/root"
    echo "deb $mirror trixie main" > "$d/sources.list"
    A=(-o "Dir::Etc::sourcelist=$d/sources.list" -o Dir::Etc::sourceparts=/dev/null
       -o "Dir::State::Lists=$d/lists" -o "Dir::Cache::archives=$d/archives" -o APT::Sandbox::User=root)
    apt-get "${A[@]}" update -qq
    # shellcheck disable=SC2086
    (cd "$d" && apt-get "${A[@]}" download $crate_pkgs >/dev/null)
    for f in "$d"/*.deb; do dpkg -x "$f" "$d/root"; done
    rm -rf "$registry.tmp"
    mkdir -p "$registry.tmp"
    cp -a "$d"/root/usr/share/cargo/registry/. "$registry.tmp"/
    rm -rf "$registry"; mv "$registry.tmp" "$registry"
    has_crates "$registry" || { echo "setup.sh: Debian 13's packages lack regex >= 1.10" >&2; exit 1; }
  fi
fi
say "crate registry: $registry ($(cd "$registry" && ls -d regex-1.* regex-automata-0.4.* | tr '\n' ' '))"

# --- 3. configure -------------------------------------------------------------
cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
  say "autoreconf"
  autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p "$build"
cd "$build"
flags="--with-cargo-registry=$registry"
# (Packages installed just now, e.g. --peers, may change what configure finds.)
if [ ! -f Makefile ] || [ ../configure -nt config.status ] || [ -n "$missing" ] \
   || ! grep -q -- "$flags" config.status 2>/dev/null; then
  say "configure $flags"
  ../configure $flags --enable-werror ${OXRE_CONFIGURE_FLAGS:-} >/dev/null
fi

# --- 4. the demonstration -----------------------------------------------------
if [ "$want_demo" = yes ]; then
  say "building"
  make -s -j"$(nproc)" >/dev/null
  say "running the demonstration (doc/examples/oxredemo.c)"
  make -s demo
fi
say "ready: the build tree is $build"
