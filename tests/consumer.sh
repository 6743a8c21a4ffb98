#!/bin/sh
# A consumer: install into a temporary root, then compile and run a program
# with nothing but the flags that root's oxre.pc gives.
. "$top_srcdir/tests/tap.sh"
plan 5
root=$(mktemp -d); trap 'rm -rf "$root"' EXIT

"$MAKE" -s -C "$top_builddir" install DESTDIR="$root" >"$root.log" 2>&1
r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$root.log"; rm -f "$root.log"
ok $r "make install DESTDIR=..."

pc=$(find "$root" -name oxre.pc | head -n 1)
so=$(find "$root" -name 'liboxre.so.1' | head -n 1)
hdr=$(find "$root" -name oxre.h | head -n 1)
[ -n "$pc" ] && [ -n "$so" ] && [ -n "$hdr" ] && [ -L "$(dirname "$so")/liboxre.so" ]
ok $? "installed oxre.pc, oxre.h, liboxre.so.1 and the liboxre.so link"

export PKG_CONFIG_LIBDIR="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$root"
cflags=$("$PKG_CONFIG" --cflags oxre) && libs=$("$PKG_CONFIG" --libs oxre) \
  && [ "$("$PKG_CONFIG" --modversion oxre)" = "$PACKAGE_VERSION" ] \
  && "$PKG_CONFIG" --libs --static oxre | grep -q -- '-loxre -l'
ok $? "oxre.pc gives version $PACKAGE_VERSION, cflags '$cflags', libs '$libs', native libs when static"

$CC -std=c11 -Wall -Wextra -Werror $cflags "$top_srcdir/tests/consumer.c" -o "$root/consumer" $libs
ok $? "a program compiles and links with the pkg-config flags alone"

out=$(LD_LIBRARY_PATH="$(dirname "$so")" "$root/consumer")
r=$?; diag "consumer printed: $out"
ok $r "the program runs against the installed library and finds its match"
