#!/bin/sh
# The regex crate's own TOML test suite, run through liboxre by
# regex_toml.py (Python 3.11's tomllib and ctypes; nothing else).
. "$top_srcdir/tests/tap.sh"
py=${PYTHON:-python3}
command -v "$py" >/dev/null 2>&1 \
  || skip_all "no $py: this runner needs Python 3.11 or newer (Debian package python3)"
lib=$(ls "$abs_top_builddir"/.libs/liboxre.so.1 "$abs_top_builddir"/.libs/liboxre.so.* 2>/dev/null | head -n 1)
[ -n "$lib" ] || { echo "Bail out! no built liboxre.so in $abs_top_builddir/.libs"; exit 1; }
exec "$py" "$top_srcdir/tests/conformance/regex_toml.py" "$top_srcdir/include/oxre.h" "$lib"
