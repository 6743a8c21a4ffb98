#!/bin/sh
# A downstream project against the installed .debs: install them, build the
# Autotools project in tests/packages/downstream (PKG_CHECK_MODULES([OXRE],
# [oxre >= 1.0])) and a C++ program on oxre.hpp with nothing but the
# system's paths, run them, then purge the packages and check that nothing
# of them is left behind.
# Needs root: it installs into the system (and removes what it installed).
. "$top_srcdir/tests/packages/lib.sh"
need dpkg apt-get autoreconf pkg-config
[ "$(id -u)" = 0 ] || skip_all "installing packages needs root"
plan 8
work=$pkgdir/downstream
rm -rf "$work" && mkdir -p "$work" || exit 1
arch=$(dpkg --print-architecture)
debs=$(ls "$pkgdir"/deb/liboxre1_*_"$arch".deb "$pkgdir"/deb/liboxre-dev_*_"$arch".deb \
          "$pkgdir"/deb/oxre-tools_*_"$arch".deb 2>/dev/null)
[ "$(echo $debs | wc -w)" -eq 3 ] || { echo "Bail out! the .debs of deb.sh are missing"; exit 1; }
pkgs="liboxre1 liboxre-dev oxre-tools"
apt_opts="-y -q -o DPkg::Lock::Timeout=300"
export DEBIAN_FRONTEND=noninteractive

installed() { dpkg-query -W -f='${db:Status-Abbrev}\n' "$1" 2>/dev/null | grep -q '^.[^n]'; }
for p in $pkgs; do
  if installed "$p"; then diag "$p was installed before the test; purging it"; fi
done
apt-get $apt_opts purge $pkgs > "$work/purge0.log" 2>&1

# shellcheck disable=SC2086
apt-get $apt_opts install --no-install-recommends $debs > "$work/install.log" 2>&1; r=$?
[ $r -eq 0 ] || show "$work/install.log"
ok $r "the three .debs install (apt-get install ./...)"

# What the packages put on the system, to look for after the purge.
for p in $pkgs; do dpkg-query -L "$p" 2>/dev/null; done | sort -u > "$work/files"
diag "$(wc -l < "$work/files") paths installed"

cp -R "$top_srcdir/tests/packages/downstream" "$work/project" && chmod -R u+w "$work/project"
(cd "$work/project" && clean_env sh -c 'autoreconf -fi && ./configure && make') \
  > "$work/build.log" 2>&1; r=$?
[ $r -eq 0 ] || show "$work/build.log"
grep -q '^checking for \(OXRE\|oxre >= 1\.0\)\.\.\. yes$' "$work/build.log" || r=1
ok $r "the downstream project configures (PKG_CHECK_MODULES([OXRE], [oxre >= 1.0])) and builds"

out=$(clean_env "$work/project/downstream" 2>&1); r=$?
diag "downstream printed: $out"
[ $r -eq 0 ] && [ "$out" = "key=42 (oxre $version)" ]
ok $? "it runs against the installed library and finds its match"

lib=$(ldd "$work/project/downstream" | sed -n 's/.*liboxre\.so\.1 => \([^ ]*\).*/\1/p')
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
[ -n "$lib" ] && [ "$(realpath "$lib")" = "$(realpath "/usr/lib/$ma/liboxre.so.1")" ]
ok $? "it is linked with the system's library ($lib)"

oxgrep=$(command -v oxgrep)
[ "$oxgrep" = /usr/bin/oxgrep ] && man -w oxgrep > /dev/null 2>&1 && man -w oxre_find > /dev/null 2>&1
ok $? "oxgrep is on PATH; man finds oxgrep(1) and oxre_find(3)"

# The C++ header from liboxre-dev, with the system's pkg-config alone.
clean_env sh -c 'c++ -std=c++17 -Wall -Wextra -Werror -pedantic "$1" -o "$2" \
  $(pkg-config --cflags --libs oxre) && "$2"' sh "$top_srcdir/tests/consumer-cpp.cc" \
  "$work/consumer-cpp" > "$work/cpp.log" 2>&1; r=$?
[ $r -eq 0 ] || show "$work/cpp.log"
ok $r "a C++17 program on oxre.hpp builds with pkg-config's flags and runs"

apt-get $apt_opts purge $pkgs > "$work/purge.log" 2>&1; r=$?
[ $r -eq 0 ] || show "$work/purge.log"
left=""
for p in $pkgs; do installed "$p" && left="$left $p"; done
[ $r -eq 0 ] && [ -z "$left" ]
ok $? "the packages purge"

# Every file, link and directory of theirs is gone, except directories that
# other packages share (/usr/include, /usr/share/man/man3, ...).
left=""
while IFS= read -r f; do
  if [ -d "$f" ] && [ ! -L "$f" ]; then
    case $f in *oxre*) left="$left $f" ;; esac
  elif [ -e "$f" ] || [ -L "$f" ]; then
    left="$left $f"
  fi
done < "$work/files"
ldconfig -p | grep -q liboxre && left="$left (ldconfig cache: liboxre)"
pkg-config --exists oxre 2>/dev/null && left="$left (pkg-config: oxre)"
[ -z "$left" ]; r=$?
[ $r -eq 0 ] || diag "left behind:$left"
ok $r "nothing of them is left: files, links, their directories, ldconfig cache, pkg-config"
finish
