dnl oxre-ld.m4: linker checks.

dnl OXRE_LD_VERSION_SCRIPT: fail unless the linker takes a version script
dnl with named version nodes (-Wl,--version-script), as liboxre's ABI needs.
AC_DEFUN([OXRE_LD_VERSION_SCRIPT], [
  AC_CACHE_CHECK([whether the linker takes a version script],
    [oxre_cv_ld_version_script], [
    cat > conftest.map <<_OXRE_EOF
CONFTEST_1.0 { global: conftest_f; local: *; };
_OXRE_EOF
    oxre_save_LDFLAGS=$LDFLAGS
    LDFLAGS="$LDFLAGS -shared -fPIC -Wl,--version-script=conftest.map"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[int conftest_f(void) { return 0; }]], [[]])],
      [oxre_cv_ld_version_script=yes], [oxre_cv_ld_version_script=no])
    LDFLAGS=$oxre_save_LDFLAGS
    rm -f conftest.map])
  AS_IF([test "x$oxre_cv_ld_version_script" != xyes],
    [AC_MSG_ERROR([the linker does not accept -Wl,--version-script; liboxre's versioned ABI needs GNU ld, gold, lld or mold])])
])
