#!/bin/sh
# Differential test: oxgrep against GNU grep (-E, -P, -F) on every pattern of
# tests/oxgrep-diff.cases, with every option set below, over the same input
# files. Both must print the same lines (stdout), the same messages (stderr,
# with the program's name aside) and exit with the same status. A case may
# differ only in a way oxgrep(1) documents (DIFFERENCES FROM GREP), and then
# only in the lines that difference explains; any other difference fails.
. "$top_srcdir/tests/tap.sh"
top_srcdir=$(cd "$top_srcdir" && pwd) # the test changes directory

GREP=${GREP:-grep}
if ! "$GREP" --version 2>/dev/null | grep -q 'GNU grep'; then
  skip_all "GNU grep not found"
fi
oxgrep="$abs_top_builddir/src/oxgrep"
if [ -x "$abs_top_builddir/src/.libs/oxgrep" ]; then
  oxgrep="$abs_top_builddir/src/.libs/oxgrep"
  LD_LIBRARY_PATH="$abs_top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export LD_LIBRARY_PATH
fi
# GNU grep reads the locale; oxgrep's patterns are always Unicode-aware.
LC_ALL=C.UTF-8; export LC_ALL
p_ok=yes
printf 'x\n' | "$GREP" -P x >/dev/null 2>&1 || p_ok=no

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# The input files.
printf '%s\n' "foo" "foobar" "foo bar baz" "Foo" "FOO BAR" "bar foo" "" \
  "abc abcd ab" "aaa" "a+b" "x.y" "tab	here" "   leading" "trailing  " \
  "123 456 7890" "user@example.com" "The quick brown fox" "path/to/file.c" \
  "key=value" "key=" "[brackets]" "(parens)" "a|b" "colour color" "end" > text
printf '%s\n' "apple" "banana" "cherry" "apple pie" "pineapple" "Apple" \
  "ap ba" > words
printf '%s\n' "café" "CAFÉ" "naïve" "À la carte" "straße" "snow ☃ man" \
  "x.y é" > utf8
printf 'first foo\nlast line without newline' > nonl
: > empty
printf 'binary foo\nnul\0here foo\nbar\n' > binx
files="text words utf8 nonl empty binx"

# One option set per line; "none" is no option at all.
opt_sets='none
-i
-v
-c
-n
-o
-l
-L
-w
-x
-h
-vn
-vc
-on
-io
-wo
-ix
-m1
-m2 -n
-q
-c -m1'

# only_in FILE: every line that differs, on stdout or stderr, is about FILE.
only_in() {
  ! grep -v -q -E "^[<>] ($1(:|\$)|grep: $1:)" d.all
}

n=0 agree=0 documented=0 failed=0
run_case() { # KIND PATTERNS TAGS OPTS
  kind=$1 pats=$2 tags=$3 opts=$4
  flag=-${kind%+}
  set --
  if [ "${kind%+}" != "$kind" ]; then
    rest=$pats
    while :; do
      case $rest in
        *' ;; '*) set -- "$@" -e "${rest%% ;; *}"; rest=${rest#* ;; } ;;
        *) set -- "$@" -e "$rest"; break ;;
      esac
    done
  else
    set -- -e "$pats"
  fi
  # shellcheck disable=SC2086
  "$GREP" $flag $opts "$@" -- $files >g.out 2>g.err; gs=$?
  # shellcheck disable=SC2086
  "$oxgrep" $flag $opts "$@" -- $files >o.out 2>o.err; os=$?
  sed 's/^oxgrep:/grep:/' o.err > o.err2
  n=$((n + 1))
  what="$flag $opts '$pats'"
  if [ $gs -eq $os ] && cmp -s g.out o.out && cmp -s g.err o.err2; then
    agree=$((agree + 1))
    ok 0 "$what"
    return
  fi
  diff g.out o.out > d.out
  diff g.err o.err2 > d.err
  grep -h '^[<>]' d.out d.err > d.all
  why=""
  if [ $gs -eq $os ]; then
    case " $tags $opts " in
      *' lf '*-o*|*' lf '*-[a-z]o*)
        [ "$flag" = -E ] && cmp -s g.err o.err2 && why="leftmost-first -o" ;;
    esac
    case " $tags $opts " in
      *' ascii '*|*-w*|*-[a-z]w*)
        [ "$flag" = -P ] && only_in utf8 && why="grep -P's ASCII classes" ;;
    esac
    case " $tags " in
      *' posix '*) [ "$flag" = -E ] && only_in utf8 && why="ASCII-only POSIX classes" ;;
    esac
    only_in binx && why="NUL as a line end in binary files"
  fi
  if [ -n "$why" ]; then
    documented=$((documented + 1))
    ok 0 "$what (documented difference: $why)"
  else
    failed=$((failed + 1))
    ok 1 "$what"
    diag "exit status: grep $gs, oxgrep $os"
    sed 's/^/# stdout /' d.out | head -n 20
    sed 's/^/# stderr /' d.err | head -n 10
  fi
}

# Count the cases first: TAP wants the plan.
cases="$top_srcdir/tests/oxgrep-diff.cases"
[ -r "$cases" ] || { echo "Bail out! cannot read $cases"; exit 1; }
nsets=$(printf '%s\n' "$opt_sets" | wc -l)
npats=$(awk -F '\t' -v p="$p_ok" '
  /^#/ || /^$/ { next }
  $1 ~ /^EP/ { n += (p == "yes") ? 2 : 1; next }
  $1 ~ /^P/ { n += (p == "yes") ? 1 : 0; next }
  { n++ }
  END { print n }' "$cases")
plan $((npats * nsets))
[ "$p_ok" = yes ] || diag "grep -P does not work here: the P cases are left out"

tab=$(printf '\t')
nl='
'
while IFS="$tab" read -r kind pat tags; do
  case $kind in ''|'#'*) continue ;; esac
  kinds=$kind
  [ "${kind%+}" = EP ] && kinds="E P"
  for k in $kinds; do
    [ "${k#P}" != "$k" ] && [ "$p_ok" = no ] && continue
    IFS=$nl
    for opts in $opt_sets; do
      IFS=' '
      [ "$opts" = none ] && opts=
      run_case "$k" "$pat" "$tags" "$opts"
    done
    IFS=' '
  done
done < "$cases"
diag "oxgrep against GNU grep: $n cases, $agree agree, $documented documented differences, $failed other differences"
