#!/bin/sh
# The static archive: installed by make install, with no global symbol but
# the oxre_ functions, and enough with oxre.pc's flags for a static link. A
# program linked with `pkg-config --static` runs without liboxre.so, and the
# same program also links a second Rust staticlib (built here with rustc,
# using Rust's std) without duplicate symbols.
. "$top_srcdir/tests/tap.sh"
plan 7
root=$(mktemp -d); trap 'rm -rf "$root"' EXIT

"$MAKE" -s -C "$top_builddir" install DESTDIR="$root" >"$root/log" 2>&1
r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$root/log"
a=$(find "$root" -name liboxre.a | head -n 1)
pc=$(find "$root" -name oxre.pc | head -n 1)
[ $r -eq 0 ] && [ -n "$a" ] && [ -n "$pc" ] && [ "$(dirname "$a")" = "$(dirname "$(dirname "$pc")")" ]
ok $? "make install DESTDIR=... installs liboxre.a next to liboxre.so"

# Defined global symbols: exactly the functions of the version script.
$NM -g --defined-only "$a" | awk 'NF == 3 {print $3}' | sort > "$root/defined"
sed -n 's/^[[:space:]]*\(oxre_[A-Za-z0-9_]*\);.*/\1/p' "$top_srcdir/src/liboxre.map" \
  | sort > "$root/want"
other=$(grep -v '^oxre_' "$root/defined" | head -n 5)
[ -s "$root/defined" ] && [ -z "$other" ] && cmp -s "$root/defined" "$root/want"
r=$?; [ $r -eq 0 ] || diag "outside oxre_: $other" "differences from src/liboxre.map:" \
  "$(diff "$root/want" "$root/defined" | head -n 10)"
ok $r "nm: the archive's globals are the $(wc -l < "$root/want") functions of the version script, nothing else"

export PKG_CONFIG_LIBDIR="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$root"
static_libs=$("$PKG_CONFIG" --static --libs oxre)
cflags=$("$PKG_CONFIG" --cflags oxre)
printf '%s\n' "$static_libs" | grep -q -- '-loxre' \
  && ! printf '%s\n' "$static_libs" | grep -q -- '-lgcc_s'
ok $? "pkg-config --static --libs oxre: '$static_libs'"

# A second Rust staticlib, with its own copy of Rust's std: a plain
# staticlib exports std's symbols, which would clash with oxre's own if the
# archive exported them.
cat > "$root/other.rs" <<'EOF'
use std::collections::HashMap;
#[no_mangle]
pub extern "C" fn other_count_words(p: *const u8, len: usize) -> usize {
    let s = unsafe { std::slice::from_raw_parts(p, len) };
    let mut m: HashMap<&[u8], usize> = HashMap::new();
    for w in s.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
        *m.entry(w).or_default() += 1;
    }
    m.len()
}
EOF
(cd "$root" && "$RUSTC" --edition 2021 --crate-type staticlib -O \
  -o libother.a other.rs) > "$root/rustc.log" 2>&1
r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$root/rustc.log"
ok $r "rustc builds a second Rust staticlib"

cat > "$root/prog.c" <<'EOF'
#include <oxre.h>
#include <stdio.h>
#include <string.h>
size_t other_count_words(const unsigned char *p, size_t len);
int main(void)
{
    const char *pat = "b+", *text = "a bb bb c";
    oxre_regex *re = oxre_compile((const uint8_t *)pat, strlen(pat), 0, NULL);
    oxre_span m;
    if (re == NULL || oxre_find(re, (const uint8_t *)text, strlen(text), 0, &m) != 1)
        return 1;
    printf("%zu-%zu %zu\n", m.start, m.end,
           other_count_words((const unsigned char *)text, strlen(text)));
    oxre_free(re);
    return 0;
}
EOF

# prog_check NAME: runs it and checks its output; lists its NEEDED entries.
prog_check() {
  out=$("$root/$1") && [ "$out" = "2-4 3" ] \
    && ! "$READELF" -d "$root/$1" 2>/dev/null | grep -q 'NEEDED.*liboxre'
  r=$?
  diag "$1 printed: $out" \
    "$1 needs: $("$READELF" -d "$root/$1" 2>/dev/null | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
  return $r
}

# Fully static: the compiler driver with -static and pkg-config --static.
# (glibc warns at link time about getaddrinfo and getpwuid_r, which Rust's
# std references; the messages are shown, they are not errors.)
$CC -static -std=c11 -Wall -Wextra -Werror -o "$root/prog-static" "$root/prog.c" \
  $cflags $static_libs "$root/libother.a" > "$root/link.log" 2>&1 \
  && prog_check prog-static
r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$root/link.log"
ok $r "cc -static ... \$(pkg-config --static --libs oxre) libother.a: links and runs"

# Only oxre static, the C library shared: the archive named by its path,
# then Libs.private.
private=$(printf '%s\n' "$static_libs" | sed 's/-L[^ ]*//g; s/-loxre\b//')
$CC -std=c11 -Wall -Wextra -Werror -o "$root/prog-mixed" "$root/prog.c" $cflags \
  "$a" "$root/libother.a" $private > "$root/link.log" 2>&1 \
  && prog_check prog-mixed
r=$?; [ $r -eq 0 ] || sed 's/^/# /' "$root/link.log"
ok $r "cc ... liboxre.a libother.a $private: links, runs, needs no liboxre.so"

# The same with ldd, when there is one: nothing loads liboxre.so at run time.
if command -v ldd >/dev/null 2>&1; then
  ! ldd "$root/prog-mixed" 2>&1 | grep -q liboxre
  ok $? "ldd prog-mixed: no liboxre.so"
else
  skip "ldd prog-mixed" "ldd not found"
fi
