#!/bin/sh
# The conformance runners themselves: without their data each one reports
# itself skipped (never passed), and on a copy of the data with one wrong
# expectation each one fails, naming the case.
. "$top_srcdir/tests/tap.sh"
plan 6
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/empty"
fowler="$top_builddir/tests/conformance/fowler"
re2="$top_builddir/tests/conformance/re2-search"
toml="$top_srcdir/tests/conformance/regex-toml.sh"

# skipped_without_data OUTPUT: the whole run is `1..0 # SKIP ...`.
skipped_without_data() {
  printf '%s\n' "$1" | grep -q '^1\.\.0 # SKIP ' && ! printf '%s\n' "$1" | grep -q '^ok'
}

# fails_on CASE EXPECTED OUTPUT: a `not ok` line names CASE and EXPECTED.
fails_on() {
  printf '%s\n' "$3" | grep '^not ok' | grep -F "$1" | grep -q -F "$2"
}

out=$(OXRE_FOWLER_DIR="$tmp/empty" "$fowler")
diag "$(echo "$out" | head -n 1)"
skipped_without_data "$out"; ok $? "fowler: without the .dat files it reports itself skipped"

dir=$("$fowler" | sed -n 's/^# reading the Fowler data in //p')
if [ -n "$dir" ]; then
  mkdir "$tmp/fowler"
  cp "$dir"/*.dat "$tmp/fowler/"
  # basic.dat line 3 (test basic3) expects (7,18); claim (7,17) instead.
  sed -i '3s/(7,18)/(7,17)/' "$tmp/fowler/basic.dat"
  out=$(OXRE_FOWLER_DIR="$tmp/fowler" "$fowler")
  fails_on basic3 'expected (7,17), got (7,18)' "$out"
  r=$?; [ $r -eq 0 ] || printf '%s\n' "$out" | grep '^not ok' | sed 's/^/# /'
  ok $r "fowler: a wrong expectation in basic.dat fails, naming basic3"
else
  skip "fowler: a wrong expectation fails" "no Fowler data here"
fi

out=$(OXRE_RE2_SEARCH="$tmp/empty/re2-search.txt" "$re2")
diag "$(echo "$out" | head -n 1)"
skipped_without_data "$out"; ok $? "re2-search: without the file it reports itself skipped"

file=$("$re2" | sed -n 's/^# reading //p')
if [ -n "$file" ]; then
  # Line 10: "a" on "a" matches at 0-1 everywhere; claim 1-1 for the partial
  # match.
  sed '10s/^0-1;0-1;/0-1;1-1;/' "$file" > "$tmp/re2-search.txt"
  out=$(OXRE_RE2_SEARCH="$tmp/re2-search.txt" "$re2")
  fails_on "re2-search.txt:10: partial" 'expected (1,1), got (0,1)' "$out"
  r=$?; [ $r -eq 0 ] || printf '%s\n' "$out" | grep '^not ok' | sed 's/^/# /'
  ok $r "re2-search: a wrong expectation fails, naming its line"
else
  skip "re2-search: a wrong expectation fails" "no re2-search.txt here"
fi

out=$(OXRE_REGEX_TESTDATA="$tmp/empty" sh "$toml")
diag "$(echo "$out" | head -n 1)"
skipped_without_data "$out"; ok $? "regex TOML suite: without the data it reports itself skipped"

dir=$(sh "$toml" | sed -n 's/^# reading \(.*\): [0-9]* files, .*/\1/p')
if [ -n "$dir" ]; then
  mkdir -p "$tmp/regex/testdata/fowler" "$tmp/regex/tests"
  cp "$dir/anchored.toml" "$tmp/regex/testdata/"
  sed 's/^matches = \[\[\[7, 18\]\]\]$/matches = [[[7, 17]]]/' "$dir/fowler/basic.toml" \
    > "$tmp/regex/testdata/fowler/basic.toml"
  echo 'load!("fowler/basic");' > "$tmp/regex/tests/lib.rs"
  out=$(OXRE_REGEX_TESTDATA="$tmp/regex/testdata" sh "$toml")
  fails_on basic3/captures 'expected [(0, [(7, 17)])], got [(0, [(7, 18)])]' "$out" \
    && fails_on basic3/find 'expected [(0, (7, 17))]' "$out"
  r=$?; [ $r -eq 0 ] || printf '%s\n' "$out" | grep '^not ok' | sed 's/^/# /'
  ok $r "regex TOML suite: a wrong expectation fails, naming fowler/basic/basic3"
else
  skip "regex TOML suite: a wrong expectation fails" "no regex crate test data here"
fi
