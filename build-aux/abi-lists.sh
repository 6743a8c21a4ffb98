#!/bin/sh
# The ABI lists that follow from the version script, src/liboxre.map, which
# is the one list of exported functions and the version node of each:
#
#   build-aux/abi-lists.sh manifest MAP   tests/liboxre.symbols: each node,
#                                         and NAME@@NODE for each function
#   build-aux/abi-lists.sh debian MAP     debian/liboxre1.symbols: the same,
#                                         with the version that added each
#                                         node (OXRE_X.Y: X.Y.0)
#
# Both are printed sorted in the C locale. `make abi-lists` rewrites the two
# files; tests/abi.sh fails when either differs from what this prints.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 manifest|debian MAP" >&2; exit 2; }
what=$1 map=$2
case "$what" in
  manifest|debian) ;;
  *) echo "$0: unknown list '$what' (manifest or debian)" >&2; exit 2 ;;
esac

# NODE NAME lines: comments dropped, then the functions of each node's
# global list (up to its local: list or its closing brace).
pairs=$(sed -e ':a' -e '/\/\*/{/\*\//!{N;ba' -e '};s:/\*.*\*/::}' "$map" | awk '
  /^[ \t]*[A-Za-z0-9_.]+[ \t]*\{/ { node = $1; sub(/\{.*/, "", node); global = 0; next }
  /^[ \t]*global:/ { global = 1; next }
  /^[ \t]*local:/ || /^[ \t]*\}/ { global = 0; next }
  global && /^[ \t]*[A-Za-z0-9_]+;/ { name = $1; sub(/;.*/, "", name); print node, name }')
[ -n "$pairs" ] || { echo "$0: no exported function found in $map" >&2; exit 1; }

if [ "$what" = manifest ]; then
  printf '%s\n' "$pairs" | awk '{ print $1; print $2 "@@" $1 }' | LC_ALL=C sort -u
else
  echo 'liboxre.so.1 liboxre1 #MINVER#'
  echo '* Build-Depends-Package: liboxre-dev'
  printf '%s\n' "$pairs" | awk '{
      v = $1; sub(/^OXRE_/, "", v); v = v ".0"
      print " " $1 "@" $1 " " v; print " " $2 "@" $1 " " v }' | LC_ALL=C sort -u
fi
