#!/usr/bin/env bash
# oxre set-up: gives a Debian machine what building and testing oxre needs.
#
#   build-aux/setup.sh [--peers] [--packaging] [--fuzz] [--demo]
#
# Idempotent: each step checks first and does nothing when already done, so a
# second run takes a second or two.
#
#  1. Finds a Rust toolchain at least as new as configure requires (cargo and
#     rustc on PATH or in ~/.cargo/bin); when there is none, adds the
#     distribution's to the packages to install: rustc-web and cargo-web on
#     Debian 12 (its rustc and cargo are too old), rustc and cargo on Debian 13
#     and later. Installs the Debian packages the build and the test suites
#     need (as root, with apt-get, waiting a few minutes for the dpkg lock
#     when another apt holds it; only those that are missing).
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
    -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

# apt-get, non-interactive, waiting (bounded) for a dpkg lock that another
# apt or dpkg holds instead of failing at once.
apt_lock_wait=300
apt_get() {
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=$apt_lock_wait "$@"
}

# The crates oxre builds with, and the Debian packages that carry them.
crate_pkgs="librust-regex-dev librust-regex-automata-dev librust-regex-syntax-dev
            librust-aho-corasick-dev librust-memchr-dev librust-libc-dev"

# --- 1. The Rust toolchain and the Debian packages ----------------------------
# The oldest rustc configure accepts, read from configure.ac so the two agree.
rust_min=$(sed -n 's/^OXRE_PROG_CARGO(\[\([0-9.]*\)\]).*/\1/p' "$top/configure.ac")
[ -n "$rust_min" ] || die "cannot read the required Rust version from configure.ac"
# rust_usable: are cargo and rustc on PATH, with rustc >= $rust_min?
rust_usable() {
  local v
  command -v cargo >/dev/null 2>&1 && command -v rustc >/dev/null 2>&1 || return 1
  v=$(rustc --version 2>/dev/null | sed -n 's/^rustc \([0-9.]*\).*/\1/p')
  [ -n "$v" ] && printf '%s\n%s\n' "$rust_min" "$v" | sort -V -C
}
rust_pkgs=""
if ! rust_usable && [ -x "$HOME/.cargo/bin/cargo" ]; then
  PATH="$HOME/.cargo/bin:$PATH"
fi
if ! rust_usable; then
  os_id=$( . /etc/os-release 2>/dev/null; echo "${ID:-}")
  os_ver=$( . /etc/os-release 2>/dev/null; echo "${VERSION_ID:-}")
  os_name=$( . /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-this system}")
  if [ "$os_id" = debian ] && [ "$os_ver" = 12 ]; then
    rust_pkgs="rustc-web cargo-web"
  elif [ "$os_id" = debian ] && { [ -z "$os_ver" ] || [ "${os_ver%%.*}" -ge 13 ] 2>/dev/null; }; then
    # (Testing and unstable have no VERSION_ID.)
    rust_pkgs="rustc cargo"
  else
    die "no cargo and rustc >= $rust_min found (on PATH or in ~/.cargo/bin), and $os_name is not a Debian release this script knows; install a Rust toolchain >= $rust_min (the distribution's rustc and cargo, or rustup's) and run it again"
  fi
fi

pkgs="$rust_pkgs autoconf automake libtool make gcc g++ pkg-config check cbindgen valgrind
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
    echo "setup.sh: missing Debian packages:$missing; run this script as root (or install them)" >&2
    exit 1
  fi
  n=$(echo $missing | wc -w)
  say "installing $n Debian packages (a minute or two on a fresh system; quiet):$missing"
  apt_get update -qq
  # shellcheck disable=SC2086
  apt_get install -y -qq --no-install-recommends $missing >/dev/null
fi
rust_usable || die "cargo and rustc >= $rust_min are still missing after installing:$rust_pkgs"
say "Rust toolchain: $(command -v cargo), $(rustc --version)"

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
    say "the system registry lacks regex >= 1.10; fetching Debian 13's crate packages (under a minute)"
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
    [ -n "$mirror" ] || { echo "setup.sh: no Debian mirror in the apt configuration" >&2; exit 1; }
    d=$(mktemp -d)
    trap 'rm -rf "$d"' EXIT
    mkdir -p "$d/lists/partial" "$d/archives/partial" "$d/root"
    echo "deb $mirror trixie main" > "$d/sources.list"
    A=(-o "Dir::Etc::sourcelist=$d/sources.list" -o Dir::Etc::sourceparts=/dev/null
       -o "Dir::State::Lists=$d/lists" -o "Dir::Cache::archives=$d/archives" -o APT::Sandbox::User=root)
    apt_get "${A[@]}" update -qq
    # shellcheck disable=SC2086
    (cd "$d" && apt_get "${A[@]}" download $crate_pkgs >/dev/null)
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
  say "autoreconf (about 20 seconds)"
  autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p "$build"
cd "$build"
flags="--with-cargo-registry=$registry"
# (Packages installed just now, e.g. --peers, may change what configure finds.)
if [ ! -f Makefile ] || [ ../configure -nt config.status ] || [ -n "$missing" ] \
   || ! grep -q -- "$flags" config.status 2>/dev/null; then
  say "configure $flags (about 20 seconds)"
  ../configure $flags --enable-werror ${OXRE_CONFIGURE_FLAGS:-} >/dev/null
fi

# --- 4. the demonstration -----------------------------------------------------
if [ "$want_demo" = yes ]; then
  say "building the library, oxgrep and the demonstration (a minute or two on two cores)"
  make -s -j"$(nproc)" >/dev/null
  say "running the demonstration (doc/examples/oxredemo.c)"
  make -s demo
fi
say "ready: the build tree is $build"
