#!/usr/bin/env bash
# oxre on a fresh machine: a minimal Debian system made with debootstrap,
# a clone of this tree's committed HEAD, and what a newcomer would run.
#
#   build-aux/fresh-test.sh bookworm   # the README's Quick start (~10 min)
#   build-aux/fresh-test.sh trixie     # the native .deb build (~15 min)
#
# bookworm: the commands of README.md's "Quick start" section, read from
#   README.md and run exactly as written, as root, with nothing installed
#   first; make check must report no failure.
# trixie: the Build-Depends only (apt-get build-dep ./), then
#   dpkg-buildpackage -us -uc -b, lintian with no error and no warning, the
#   .debs installed, and the README's example built with
#   `pkg-config --cflags --libs oxre` (and statically) and run.
#
# Output is TAP, one line per step with its duration. Needs root, network
# access to the apt mirror of the host's configuration, and about 4 GB in
# the work directory (OXRE_FRESH_DIR, default /var/tmp), which is removed
# afterwards, as are the mounts; OXRE_FRESH_KEEP=1 keeps the chroot (its
# mounts are removed all the same).
set -uo pipefail

release=${1:-}
case $release in
  bookworm|trixie) ;;
  *) echo "usage: $0 bookworm|trixie" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "Bail out! $0 must run as root (debootstrap, chroot)"; exit 1; }

n=0 failed=0
ok() {   # ok STATUS DESCRIPTION
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
diag() { printf '# %s\n' "$@"; }
bail() { echo "Bail out! $*"; exit 1; }
# show FILE [LINES]: the end of a log, as TAP comments.
show() { tail -n "${2:-40}" "$1" | sed 's/^/# /'; }

# --- The mirror, from the host's apt configuration ---------------------------
sources=$(ls /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
[ -n "$sources" ] || bail "no /etc/apt/sources.list.d/*.sources to read the mirror from"
mirror=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' "$sources")
[ -n "$mirror" ] || bail "no mirror in $sources"
host_codename=$( . /etc/os-release; echo "${VERSION_CODENAME:-}")
[ -n "$host_codename" ] || bail "no VERSION_CODENAME in /etc/os-release"

if ! command -v debootstrap >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends debootstrap >/dev/null 2>&1 || bail "cannot install debootstrap"
fi

# --- The chroot, and its removal whatever happens ----------------------------
base=${OXRE_FRESH_DIR:-/var/tmp}
work=$(mktemp -d "$base/oxre-fresh-$release.XXXXXX") || bail "cannot make a directory in $base"
root=$work/root
mounts=(proc sys dev dev/pts)

# mounted_under DIR: the mount points at or below DIR, deepest first.
mounted_under() {
  awk -v d="$1" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r
}
cleanup() {
  local m left i
  for i in 1 2 3; do
    left=$(mounted_under "$root")
    [ -z "$left" ] && break
    for m in $left; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
  done
  left=$(mounted_under "$root")
  if [ -n "$left" ]; then
    # Never delete through a mount: leave everything for a person to look at.
    echo "# $0: still mounted, $work NOT removed: $left" >&2
    return
  fi
  if [ "${OXRE_FRESH_KEEP:-}" = 1 ]; then
    echo "# kept: $root" >&2
  else
    # --one-file-system: even so, never cross into another file system.
    rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# in_root COMMAND: runs a shell command in the chroot as root, in a clean
# environment (no host PATH, no ~/.cargo/bin), from the clone.
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root TERM=dumb \
    LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive /bin/bash -c "cd /root/oxre && $1"
}
# timed LOG DESCRIPTION COMMAND: runs COMMAND in the chroot, one TAP line
# with its duration; on failure, the end of its log.
timed() {
  local log=$1 what=$2 t0 r
  t0=$(date +%s)
  in_root "$3" > "$log" 2>&1; r=$?
  ok $r "$release: $what ($(( $(date +%s) - t0 )) s)"
  [ $r -eq 0 ] || show "$log" 60
  return $r
}

head=$(git -C "$top" rev-parse HEAD) || bail "$top is not a git work tree"
diag "$release chroot in $root from $mirror; oxre $(git -C "$top" log -1 --format='%h %s' HEAD)"
[ -z "$(git -C "$top" status --porcelain --untracked-files=no)" ] \
  || diag "uncommitted changes in $top are not tested (the clone is of HEAD)"

t0=$(date +%s)
debootstrap --variant=minbase "$release" "$root" "$mirror" > "$work/debootstrap.log" 2>&1
r=$?; ok $r "$release: debootstrap --variant=minbase ($(( $(date +%s) - t0 )) s)"
[ $r -eq 0 ] || { show "$work/debootstrap.log"; bail "no chroot"; }

# The host's sources (with -updates and -security), for this release.
rm -f "$root/etc/apt/sources.list"
sed "s/\b$host_codename\b/$release/g" "$sources" > "$root/etc/apt/sources.list.d/debian.sources"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
# No daemon starts inside.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod 755 "$root/usr/sbin/policy-rc.d"
for m in "${mounts[@]}"; do
  mkdir -p "$root/$m" && mount --bind "/$m" "$root/$m" || bail "cannot bind-mount /$m"
done

# A clean clone of the committed tree.
git clone -q --no-hardlinks "$top" "$root/root/oxre" && git -C "$root/root/oxre" checkout -q --detach "$head"
ok $? "$release: a clean clone of $(git -C "$top" rev-parse --short HEAD)"

case $release in
bookworm)
  # The Quick start's commands: the indented lines of its section.
  mapfile -t cmds < <(awk '/^## / {on = ($0 == "## Quick start")} on && /^    [^ ]/ {sub(/^    /, ""); print}' "$top/README.md")
  [ ${#cmds[@]} -gt 0 ] || bail "no commands in README.md's Quick start"
  i=0
  for c in "${cmds[@]}"; do
    i=$((i + 1))
    timed "$work/step$i.log" "Quick start: $c" "$c"
  done
  # The test suite's own counts (the last command is make check).
  s=$(find "$root/root/oxre/_build" -name '*.trs' -exec grep -h '^:test-result:' {} + 2>/dev/null)
  p=$(printf '%s\n' "$s" | grep -c -E ': (PASS|XFAIL)') f=$(printf '%s\n' "$s" | grep -c -E ': (FAIL|XPASS|ERROR)')
  k=$(printf '%s\n' "$s" | grep -c -E ': SKIP')
  [ "$p" -gt 0 ] && [ "$f" -eq 0 ]
  ok $? "$release: make check: $p passed, $f failed, $k skipped"
  [ "$f" -eq 0 ] || printf '%s\n' "$s" | grep -E ': (FAIL|XPASS|ERROR)' | head -n 20 | sed 's/^/# /'
  ;;
trixie)
  apt_get="apt-get -o DPkg::Lock::Timeout=300 -y -q --no-install-recommends"
  timed "$work/deps.log" "apt-get build-dep ./ (the Build-Depends only)" \
    "apt-get -q update && $apt_get build-dep ./" || exit 1
  timed "$work/build.log" "dpkg-buildpackage -us -uc -b" \
    "dpkg-buildpackage -us -uc -b" || exit 1
  ver=$(in_root "dpkg-parsechangelog -S Version")
  arch=$(in_root "dpkg --print-architecture")
  timed "$work/lintian-install.log" "apt-get install lintian" "$apt_get install lintian"
  timed "$work/lintian.log" "lintian: no errors, no warnings" \
    "lintian --fail-on error,warning --tag-display-limit 0 ../oxre_${ver}_$arch.changes"
  sed 's/^/# lintian: /' "$work/lintian.log"
  timed "$work/install.log" "the .debs install" \
    "$apt_get install ../liboxre1_${ver}_$arch.deb ../liboxre-dev_${ver}_$arch.deb ../oxre-tools_${ver}_$arch.deb"
  # The README's example against the installed packages, from /tmp.
  awk '/^```c$/ {on = 1; next} /^```$/ {if (on) exit} on' "$top/README.md" > "$root/tmp/example.c"
  want=$'a -> 1\nb -> 2'
  timed "$work/example.log" "the README's example: cc \$(pkg-config --cflags --libs oxre), runs" \
    "cd /tmp && set -x && cc -o example example.c \$(pkg-config --cflags --libs oxre) && ./example > out && cat out && test \"\$(cat out)\" = '$want' && ldd ./example && ldd ./example | grep -q 'liboxre.so.1 => /'"
  timed "$work/static.log" "the README's example: cc -static \$(pkg-config --static --cflags --libs oxre), runs" \
    "cd /tmp && set -x && cc -static -o example-static example.c \$(pkg-config --static --cflags --libs oxre) && ./example-static > out && cat out && test \"\$(cat out)\" = '$want'"
  timed "$work/oxgrep.log" "the installed oxgrep runs" \
    "printf 'one\ntwo\n' | oxgrep -n 'tw+o' | grep -qx '2:two'"
  ;;
esac

echo "1..$n"
[ "$failed" -eq 0 ]
