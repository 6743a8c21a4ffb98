dnl oxre-cargo.m4: find the Rust toolchain and the crate registry oxre builds from.

dnl OXRE_VERSION_GE(A, B, [IF-TRUE], [IF-FALSE]): is version A >= version B?
AC_DEFUN([OXRE_VERSION_GE], [
  AS_IF([printf '%s\n%s\n' "$2" "$1" | sort -V -C], [$3], [$4])
])

dnl OXRE_PROG_CARGO(MIN-RUST-VERSION)
dnl Sets CARGO and RUSTC (precious), fails unless rustc >= MIN-RUST-VERSION,
dnl and sets RUST_NATIVE_LIBS to the system libraries a Rust staticlib needs.
AC_DEFUN([OXRE_PROG_CARGO], [
  AC_ARG_VAR([CARGO], [the cargo program])
  AC_ARG_VAR([RUSTC], [the rustc program])
  oxre_rust_path="$PATH:$HOME/.cargo/bin"
  AC_PATH_PROG([CARGO], [cargo], [no], [$oxre_rust_path])
  AC_PATH_PROG([RUSTC], [rustc], [no], [$oxre_rust_path])
  AS_IF([test "x$CARGO" = xno || test "x$RUSTC" = xno],
    [AC_MSG_ERROR([cargo and rustc are required (Debian 12: apt-get install rustc-web cargo-web; Debian 13: apt-get install rustc cargo; build-aux/setup.sh does it)])])

  AC_MSG_CHECKING([whether rustc is at least $1])
  oxre_rustc_version=`$RUSTC --version | sed -n 's/^rustc \([[0-9.]]*\).*/\1/p'`
  OXRE_VERSION_GE([$oxre_rustc_version], [$1],
    [AC_MSG_RESULT([yes ($oxre_rustc_version)])],
    [AC_MSG_RESULT([no ($oxre_rustc_version)])
     AC_MSG_ERROR([rustc $1 or newer is required; $RUSTC is $oxre_rustc_version])])

  AC_CACHE_CHECK([for the native libraries a Rust staticlib needs],
    [oxre_cv_rust_native_libs], [
    oxre_tmp=`mktemp -d`
    echo 'pub fn f() {}' > "$oxre_tmp/conftest.rs"
    oxre_cv_rust_native_libs=`cd "$oxre_tmp" && $RUSTC --crate-type staticlib \
        --print native-static-libs -o conftest.a conftest.rs 2>&1 \
      | sed -n 's/.*native-static-libs: //p'`
    rm -rf "$oxre_tmp"])
  AS_IF([test -z "$oxre_cv_rust_native_libs"],
    [AC_MSG_ERROR([could not learn the native libraries from $RUSTC --print native-static-libs])])
  AC_SUBST([RUST_NATIVE_LIBS], [$oxre_cv_rust_native_libs])
])

dnl OXRE_CARGO_REGISTRY(CRATE MIN-VERSION MAX-VERSION-EXCLUSIVE ...)
dnl Adds --with-cargo-registry=DIR (default: the system registry), checks
dnl that DIR holds each crate in the range, and sets CARGO_REGISTRY.
AC_DEFUN([OXRE_CARGO_REGISTRY], [
  AC_ARG_WITH([cargo-registry],
    [AS_HELP_STRING([--with-cargo-registry=DIR],
      [directory of unpacked crates to build from, offline
       @<:@default=/usr/share/cargo/registry@:>@])],
    [], [with_cargo_registry=/usr/share/cargo/registry])
  AS_CASE([$with_cargo_registry],
    [/*], [],
    [AC_MSG_ERROR([--with-cargo-registry needs an absolute path, not '$with_cargo_registry'])])
  AC_SUBST([CARGO_REGISTRY], [$with_cargo_registry])
  set dummy $1
  shift
  while test $[#] -ge 3; do
    OXRE_CHECK_CRATE([$][1], [$][2], [$][3])
    shift; shift; shift
  done
])

dnl OXRE_CHECK_CRATE(NAME, MIN, BELOW) -- shell variables allowed
AC_DEFUN([OXRE_CHECK_CRATE], [
  oxre_crate=$1 oxre_min=$2 oxre_below=$3 oxre_found=
  AC_MSG_CHECKING([for crate $oxre_crate >= $oxre_min, < $oxre_below in $CARGO_REGISTRY])
  for oxre_dir in "$CARGO_REGISTRY/$oxre_crate"-[[0-9]]*; do
    test -f "$oxre_dir/Cargo.toml" || continue
    oxre_v=`echo "$oxre_dir" | sed "s|^.*/$oxre_crate-||"`
    OXRE_VERSION_GE([$oxre_v], [$oxre_min],
      [OXRE_VERSION_GE([$oxre_v], [$oxre_below], [], [oxre_found=$oxre_v])])
  done
  AS_IF([test -n "$oxre_found"], [AC_MSG_RESULT([$oxre_found])], [
    AC_MSG_RESULT([no])
    AC_MSG_ERROR([the crate '$oxre_crate' (>= $oxre_min, < $oxre_below) is not in $CARGO_REGISTRY.
    On Debian 13 or newer: apt-get install librust-$oxre_crate-dev
    On Debian 12 (whose crates are too old): run build-aux/setup.sh, which
    unpacks Debian 13's crate packages into a build-local registry, and pass
    --with-cargo-registry=DIR pointing at it (setup.sh does so itself).])])
])
