#!/bin/sh
# oxgrep on its own: exit statuses and messages, pattern sources, files and
# directories, binary and non-UTF-8 input, long lines, bounded memory,
# colours, and the man page. (tests/oxgrep-diff.sh compares it with grep.)
. "$top_srcdir/tests/tap.sh"
top_srcdir=$(cd "$top_srcdir" && pwd) # the test changes directory
plan 43

oxgrep="$abs_top_builddir/src/oxgrep"
if [ -x "$abs_top_builddir/src/.libs/oxgrep" ]; then
  oxgrep="$abs_top_builddir/src/.libs/oxgrep"
  LD_LIBRARY_PATH="$abs_top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export LD_LIBRARY_PATH
fi
tmp=$(mktemp -d); trap 'chmod -R u+rwx "$tmp"; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# t DESCRIPTION EXPECTED-STATUS EXPECTED-STDOUT EXPECTED-STDERR -- ARGS...
# runs oxgrep (stdin from $input, default /dev/null) and compares all three.
input=/dev/null
t() {
  desc=$1 want_status=$2 want_out=$3 want_err=$4; shift 5
  "$oxgrep" "$@" < "$input" > out 2> err; status=$?
  printf '%s' "$want_out" > want_out; printf '%s' "$want_err" > want_err
  r=0
  [ "$status" -eq "$want_status" ] || { diag "status $status, expected $want_status"; r=1; }
  cmp -s out want_out || { diag "stdout:"; sed 's/^/#   /' out; r=1; }
  cmp -s err want_err || { diag "stderr:"; sed 's/^/#   /' err; r=1; }
  ok $r "$desc"
  input=/dev/null
}
nl='
'

printf 'alpha\nbeta\ngamma\n' > abc
printf 'one\ntwo\n' > other

# Exit statuses and messages.
t "a selected line: status 0" 0 "beta$nl" "" -- beta abc
t "no selected line: status 1" 1 "" "" -- delta abc
t "a missing file is named on stderr, the others still searched: status 2" 2 \
  "abc:alpha$nl" "oxgrep: nope: No such file or directory$nl" -- alpha nope abc
t "-s: no message, still status 2" 2 "" "" -- -s alpha nope
t "-q: status 0 on a selected line even after an error" 0 "" \
  "oxgrep: nope: No such file or directory$nl" -- -q alpha nope abc
t "-q and nothing selected: status 1" 1 "" "" -- -q delta abc
t "a directory without -r: named, status 2" 2 "" "oxgrep: .: Is a directory$nl" -- alpha .
t "a bad pattern: status 2, named with the reason and the place" 2 "" \
  "oxgrep: invalid pattern 'a(b': unclosed group (at byte 1)$nl" -- 'a(b' abc
t "a bad pattern among several is the one named" 2 "" \
  "oxgrep: invalid pattern 'x{2,1}': invalid repetition count range, the start must be <= the end (at byte 1)$nl" \
  -- -e ok -e 'x{2,1}' abc
t "-w cannot let a pattern escape its group" 2 "" \
  "oxgrep: invalid pattern 'a)|(b': unopened group (at byte 1)$nl" -- -w 'a)|(b' abc
"$oxgrep" --bogus x > out 2> err; r=$?
[ $r -eq 2 ] && [ ! -s out ] && grep -q "^oxgrep: unrecognized option '--bogus'$" err \
  && grep -q "^Usage: oxgrep \[OPTION\]... PATTERNS \[FILE\]...$" err
ok $? "an unknown option: named, then the usage line, status 2"
t "no pattern: usage, status 2" 2 "" \
  "Usage: oxgrep [OPTION]... PATTERNS [FILE]...${nl}Try 'oxgrep --help' for more information.$nl" --
t "-G is refused, not misread" 2 "" \
  "oxgrep: -G: basic regular expressions are not supported; patterns use oxre's syntax (as with -E or -P)$nl" \
  -- -G a abc
t "a bad -m count: status 2" 2 "" "oxgrep: invalid max count$nl" -- -m x a abc
"$oxgrep" --help > out 2>&1; r=$?
[ $r -eq 0 ] && grep -q -- '--recursive' out; ok $? "--help: the options, status 0"
"$oxgrep" --version > out; r=$?
[ $r -eq 0 ] && grep -q '^oxgrep (oxre) [0-9]*\.[0-9]*\.[0-9]*$' out
ok $? "--version: $(cat out)"

# Where patterns come from.
printf 'alpha\ngam\n' > pats
t "-f FILE: one pattern per line" 0 "alpha${nl}gamma$nl" "" -- -f pats abc
t "-f an empty file: no pattern, nothing selected" 1 "" "" -- -f /dev/null abc
t "-f a missing file: status 2" 2 "" "oxgrep: nope: No such file or directory$nl" -- -f nope abc
input=pats
t "-f -: patterns from standard input" 0 "alpha${nl}gamma$nl" "" -- -f - abc
t "one -e argument with a newline holds two patterns" 0 "alpha${nl}beta$nl" "" -- -e "alpha${nl}beta" abc
t "the empty pattern selects every line" 0 "alpha${nl}beta${nl}gamma$nl" "" -- '' abc

# Standard input, names and -r.
input=abc
t "standard input, named with -H" 0 "(standard input):beta$nl" "" -- -H beta
input=abc
t "- is standard input among files" 0 "(standard input):beta${nl}other:two$nl" "" -- -e beta -e two - other
mkdir -p tree/sub tree/empty
printf 'match here\n' > tree/b; printf 'match\n' > tree/sub/a; printf 'no\n' > tree/c
ln -s ../abc tree/link; ln -s sub tree/dirlink
t "-r: names by path, entries in byte order, links skipped" 0 \
  "tree/b:match here${nl}tree/sub/a:match$nl" "" -- -r match tree
(cd tree && "$oxgrep" -r -c match) > out
printf 'b:1\nc:0\nsub/a:1\n' > want_out
cmp -s out want_out; ok $? "-r without a file: the working directory, names relative to it"
t "-r -L" 0 "tree/c$nl" "" -- -r -L match tree
chmod 000 tree/sub
if [ "$(id -u)" != 0 ]; then
  t "-r: an unreadable directory is named, the rest searched" 2 "tree/b:match here$nl" \
    "oxgrep: tree/sub: Permission denied$nl" -- -r match tree
else
  skip "-r: an unreadable directory is named, the rest searched" "running as root"
fi
chmod 755 tree/sub

# Binary files, bytes that are not UTF-8, long lines, memory.
printf 'text foo\nnul\0foo\n' > bin
t "a file with a NUL byte: one message instead of lines" 0 "" \
  "oxgrep: bin: binary file matches$nl" -- foo bin
t "-c in a binary file counts lines" 0 "2$nl" "" -- -c foo bin
printf 'caf\351 au lait\n\377\376 bytes\nplain\n' > latin1
t "invalid UTF-8 is text: lines print as they are" 0 "$(printf 'caf\351 au lait')$nl" "" -- 'au lait' latin1
t "a . never matches a byte of invalid UTF-8" 1 "" "" -- -x '.. bytes' latin1
printf '\377\376\n' > rawpat
t "-F -f: patterns of raw bytes match those bytes" 0 "$(printf '\377\376 bytes')$nl" "" -- -F -f rawpat latin1
head -c 3000000 /dev/zero | tr '\0' x > long; printf 'needle\nshort needle\n' >> long
"$oxgrep" -c needle long > out; r=$?
[ $r -eq 0 ] && [ "$(cat out)" = 2 ]; ok $? "a 3 MB line holds no limit: the match at its end is found"
t "-n across block boundaries: line numbers are exact" 0 "2:short needle$nl" "" -- -n '^short' long
# A match that runs across lines selects none of them by itself; the lines
# it covers are searched one by one (and the block search resumes after).
printf 'a\nxab\na\nb\n' > span
t "lines under a match across newlines are searched on their own" 0 "2:xab$nl" "" -- -n 'a[^z]*b' span
# More input than the address space allowed: memory stays bounded.
# Lines of 40 bytes: 2,500,000 of them.
(ulimit -v 60000 && yes 'the same line of text, again and again!' | head -c 100000000 \
  | "$oxgrep" -c 'line of') > out 2>&1; r=$?
[ $r -eq 0 ] && [ "$(cat out)" = 2500000 ]
ok $? "100 MB through a pipe under a 60 MB address space limit (count $(cat out))"
# -c, -l, -L and -q read through a stream: one line longer than the address
# space limit, with or without a match at its end.
(ulimit -v 60000 && { head -c 100000000 /dev/zero | tr '\0' x; printf 'needle\nneedle\n'; } \
  | "$oxgrep" -c needle) > out 2>&1; r=$?
[ $r -eq 0 ] && [ "$(cat out)" = 2 ]
ok $? "-c: a 100 MB line under a 60 MB address space limit (count $(cat out))"
(ulimit -v 60000 && head -c 100000000 /dev/zero | tr '\0' x | "$oxgrep" -L needle) > out 2>&1; r=$?
[ $r -eq 1 ] && [ "$(cat out)" = "(standard input)" ]
ok $? "-L: a 100 MB line without a match, same limit ($(cat out))"
# A line's match in progress beyond the history limit (64 MiB) is an error,
# never a wrong answer.
(ulimit -v 200000 && { printf 'a'; head -c 100000000 /dev/zero | tr '\0' x; } \
  | "$oxgrep" -q 'a[^b]*b') > out 2>&1; r=$?
[ $r -eq 2 ] && grep -q 'history limit' out
ok $? "-q: a match in progress past the history limit fails with status 2 ($(cat out))"

# Colours.
sgr() { printf '\033[%sm\033[K' "$1"; }
t "--color=always: grep's default escape sequences" 0 \
  "$(sgr 35)abc$(sgr)$(sgr 36):$(sgr)$(sgr 32)1$(sgr)$(sgr 36):$(sgr)al$(sgr '01;31')ph$(sgr)a
$(sgr 35)abc$(sgr)$(sgr 36):$(sgr)$(sgr 32)2$(sgr)$(sgr 36):$(sgr)b$(sgr '01;31')et$(sgr)a$nl" \
  "" -- --color=always -H -n 'et|ph' abc
t "--color=auto on a file: no escapes" 0 "beta$nl" "" -- --color=auto beta abc

if command -v mandoc >/dev/null 2>&1; then
  mandoc -T lint -W warning "$top_srcdir/doc/oxgrep.1" > lint 2>&1; r=$?
  [ $r -eq 0 ] || sed 's/^/# /' lint
  ok $r "mandoc -T lint: doc/oxgrep.1"
else
  skip "mandoc -T lint: doc/oxgrep.1" "mandoc is not installed"
fi
