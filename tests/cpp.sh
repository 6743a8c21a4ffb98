#!/bin/sh
# oxre.hpp under each C++ compiler found (g++, clang++) and standard (C++17,
# C++20), with -Wall -Wextra -Werror -pedantic: a program that includes
# nothing but the header, the C++ suite and its -fno-exceptions subset
# each compile, link and pass. Then what must not compile: the throwing
# forms without exceptions, a range over a temporary string, C++14. And the
# README's C++ example compiles and prints what it should.
. "$top_srcdir/tests/tap.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
warn="-Wall -Wextra -Werror -pedantic"
inc="-I$top_srcdir/include"
libs="-L$top_builddir/.libs -loxre"
export LD_LIBRARY_PATH="$top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

compilers=""
for c in g++ clang++; do
  command -v "$c" >/dev/null 2>&1 && compilers="$compilers $c"
done
[ -n "$compilers" ] || skip_all "no C++ compiler (g++ or clang++)"
# check's flags, for the suites (configure found them; pkg-config otherwise).
ck_cflags=${CHECK_CFLAGS-$("$PKG_CONFIG" --cflags check)}
ck_libs=${CHECK_LIBS-$("$PKG_CONFIG" --libs check)}

set -- $compilers
plan $(($# * 6 + 6))

# build NAME COMPILER STD FLAGS SOURCE [LIBS]: compiles and links, showing
# the compiler's complaints as diagnostics.
build() {
  out=$tmp/$1; shift; cxx=$1 std=$2 flags=$3 src=$4; shift 4
  $cxx -std=$std $warn $flags $inc "$src" -o "$out" $libs "$@" > "$tmp/log" 2>&1
  r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$tmp/log" | head -n 30
  return $r
}
# runs NAME: runs a built program, showing its output when it fails.
runs() {
  "$tmp/$1" > "$tmp/run.log" 2>&1
  r=$?; [ $r -eq 0 ] || { diag "$1 exited with $r"; sed 's/^/# /' "$tmp/run.log" | tail -n 20; }
  return $r
}

for cxx in $compilers; do
  for std in c++17 c++20; do
    n=alone-$cxx-$std
    build $n $cxx $std "" "$top_srcdir/tests/consumer-cpp.cc" && runs $n
    ok $? "$cxx -std=$std: a program including only oxre.hpp builds and runs"
    n=suite-$cxx-$std
    build $n $cxx $std "$ck_cflags" "$top_srcdir/tests/test-cpp.cc" $ck_libs && runs $n
    ok $? "$cxx -std=$std: the C++ suite builds and passes"
    n=noexcept-$cxx-$std
    build $n $cxx $std "-fno-exceptions $ck_cflags" "$top_srcdir/tests/test-cpp-noexcept.cc" \
      $ck_libs && runs $n
    ok $? "$cxx -std=$std -fno-exceptions: the non-throwing suite builds and passes"
  done
done

# compiles COMPILER FLAGS CODE: whether main() { CODE } compiles after
# including oxre.hpp. Each "does not compile" below has a control that does.
compiles() {
  printf '#include <oxre.hpp>\nint main() {\n%s\nreturn 0; }\n' "$3" > "$tmp/t.cc"
  $1 $2 $warn $inc -fsyntax-only "$tmp/t.cc" > "$tmp/log" 2>&1
}
cxx=$1
throwing='oxre::regex re("a"); (void)re.is_match("a");'
compiles $cxx -std=c++17 "$throwing"; control=$?
compiles $cxx "-std=c++17 -fno-exceptions" "$throwing"; r=$?
[ $control -eq 0 ] && [ $r -ne 0 ]
ok $? "-fno-exceptions: the throwing forms do not exist"
compiles $cxx "-std=c++17 -DOXRE_HPP_EXCEPTIONS=0" "$throwing"; r=$?
[ $control -eq 0 ] && [ $r -ne 0 ]
ok $? "OXRE_HPP_EXCEPTIONS=0: neither do they with exceptions on"
compiles $cxx "-std=c++17 -fno-exceptions" \
  'std::error_code ec; auto re = oxre::regex::compile("a", ec); (void)re->is_match("a", ec);'
ok $? "-fno-exceptions: the std::error_code forms do"

lvalue='oxre::regex re("a"); std::string s = "aa"; for (const oxre::match &m : re.find_all(s)) (void)m;'
temporary='oxre::regex re("a"); for (const oxre::match &m : re.find_all(std::string("aa"))) (void)m;'
temp_regex='std::string s = "aa"; for (const oxre::match &m : oxre::regex("a").find_all(s)) (void)m;'
compiles $cxx -std=c++17 "$lvalue"; control=$?
compiles $cxx -std=c++17 "$temporary"; r1=$?
compiles $cxx -std=c++17 "$temp_regex"; r2=$?
[ $control -eq 0 ] && [ $r1 -ne 0 ] && [ $r2 -ne 0 ]
ok $? "a range over a temporary string or a temporary regex does not compile"

compiles $cxx -std=c++14 ""; r=$?
grep -q 'needs C++17' "$tmp/log"; said=$?
[ $r -ne 0 ] && [ $said -eq 0 ]
ok $? "as C++14, the header says it needs C++17"

awk '/^```cpp$/ {on = 1; next} /^```$/ {if (on) exit} on' "$top_srcdir/README.md" > "$tmp/readme.cc"
build readme $cxx c++17 "" "$tmp/readme.cc" && out=$("$tmp/readme") \
  && [ "$out" = "a -> 1
b -> 2
1=a 2=b" ]
r=$?; [ $r -eq 0 ] || diag "it printed: ${out:-}"
ok $r "the README's C++ example compiles and prints the pairs"
