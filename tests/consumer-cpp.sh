#!/bin/sh
# A C++ consumer: install into a temporary root, then build a C++17 program
# on oxre.hpp with nothing but the flags that root's oxre.pc gives, and run
# it against the installed library.
. "$top_srcdir/tests/tap.sh"
command -v "${CXX:-c++}" >/dev/null 2>&1 || skip_all "no C++ compiler"
plan 3
root=$(mktemp -d); trap 'rm -rf "$root"' EXIT

"$MAKE" -s -C "$top_builddir" install DESTDIR="$root" >"$root.log" 2>&1
r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$root.log"; rm -f "$root.log"
pc=$(find "$root" -name oxre.pc | head -n 1)
so=$(find "$root" -name 'liboxre.so.1' | head -n 1)
hpp=$(find "$root" -name oxre.hpp | head -n 1)
[ $r -eq 0 ] && [ -n "$pc" ] && [ -n "$so" ] && [ -n "$hpp" ] \
  && [ "$(dirname "$hpp")" = "$(dirname "$(find "$root" -name oxre.h | head -n 1)")" ]
ok $? "make install DESTDIR=... installs oxre.hpp beside oxre.h"

export PKG_CONFIG_LIBDIR="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$root"
${CXX:-c++} -std=c++17 -Wall -Wextra -Werror -pedantic $("$PKG_CONFIG" --cflags oxre) \
  "$top_srcdir/tests/consumer-cpp.cc" -o "$root/consumer" $("$PKG_CONFIG" --libs oxre)
ok $? "a C++17 program builds with \$(pkg-config --cflags --libs oxre) alone"

LD_LIBRARY_PATH="$(dirname "$so")" "$root/consumer"
r=$?; [ $r -eq 0 ] || diag "check $r of tests/consumer-cpp.cc failed"
ok $r "the program runs against the installed library and its checks pass"
