#!/bin/sh
# The RPM packages, built from the release tarball with rpmbuild -tb (the
# spec travels in the tarball) and --nodeps, since Debian's rpm has no
# database of installed RPMs to check BuildRequires against. Each package's
# contents, provides and requires are checked.
. "$top_srcdir/tests/packages/lib.sh"
need rpmbuild rpm
need_tarball
plan 7

work=$pkgdir/rpm
rm -rf "$work" && mkdir -p "$work" || exit 1
diag "rpmbuild -tb (registry: $CARGO_REGISTRY; cargo: $CARGO)"
# Debian's rpm runs its bash script brp-compress with /bin/sh, which on
# Debian is dash: run it with bash, as on Fedora, so that man pages are
# compressed.
clean_env rpmbuild -tb --nodeps --define "_topdir $work" \
  --define "cargo_registry $CARGO_REGISTRY" \
  --define "__brp_compress /bin/bash %{_rpmconfigdir}/brp-compress %{?_prefix}" \
  "$tarball" > "$work/build.log" 2>&1; r=$?
[ $r -eq 0 ] || show "$work/build.log" 60
ok $r "rpmbuild -tb --nodeps"

arch=$(rpm --eval '%{_arch}')
libdir=$(rpm --eval '%{_libdir}')
rel=$(sed -n 's/^Release: *\([0-9]*\).*/\1/p' "$top_srcdir/rpm/oxre.spec")
evr="$version-$rel"
r=0
for p in oxre oxre-devel oxre-static oxre-tools; do
  f=$(ls "$work/RPMS/$arch/$p-$evr"*".$arch.rpm" 2>/dev/null | head -n 1)
  [ -n "$f" ] || { diag "missing: $p-$evr.$arch.rpm"; r=1; continue; }
  rpm -qp --qf '[%{FILENAMES}\t%{FILELINKTOS}\n]' "$f" 2>/dev/null \
    | awk -F '\t' '{ print $1 ($2 == "" ? "" : " -> " $2) }' > "$work/$p.list"
  rpm -qp --provides "$f" > "$work/$p.provides" 2>/dev/null
  rpm -qp --requires "$f" > "$work/$p.requires" 2>/dev/null
  for k in list provides requires; do sed "s/^/# $p $k: /" "$work/$p.$k"; done
done
[ $r -eq 0 ]; ok $? "oxre, oxre-devel, oxre-static and oxre-tools are built ($evr.$arch)"
# As extended regexes: the ISA suffix, "\(x86-64\)", and "\(64bit\)".
isa="\\($arch\\)"
case $arch in x86_64) isa='\(x86-64\)' ;; esac
bits=$(rpm --eval '%{__isa_bits}'); m64=""; [ "$bits" = 64 ] && m64='\(64bit\)'

# check PACKAGE KIND REGEX...: each extended regex matches a whole line of
# the package's file list, provides or requires.
check() {
  p=$1 k=$2; shift 2
  printf '%s\n' "$@" | missing_in "$work/$p.$k" | sed "s/^/$p $k lacks: /"
}

miss=$(check oxre list "$libdir/liboxre\.so\.1 -> liboxre\.so\.1\.[0-9.]+" \
         "$libdir/liboxre\.so\.1\.[0-9.]+" "/usr/share/licenses/oxre(-$version)?/LICENSE-MIT" \
         "/usr/share/licenses/oxre(-$version)?/LICENSE-APACHE"
       check oxre provides "liboxre\.so\.1\(\)$m64" "liboxre\.so\.1\(OXRE_1\.0\)$m64" \
         "oxre = $evr" "oxre$isa = $evr"
       check oxre requires "libc\.so\.6\(GLIBC_[0-9.]+\)$m64")
other=$(grep -v -E "^$libdir/liboxre\.so\.1|^/usr/share/(licenses|doc)/oxre(-$version)?(/|\$)" "$work/oxre.list")
self=$(grep liboxre "$work/oxre.requires")
[ -z "$miss$other$self" ]; r=$?
[ $r -eq 0 ] || diag "$miss" "unexpected files: $other" "requires itself: $self"
ok $r "oxre: the versioned library only; provides liboxre.so.1()(64bit) and liboxre.so.1(OXRE_1.0)(64bit)"

want=$(for h in "$top_srcdir"/include/*.h "$top_srcdir"/include/*.hpp; do echo "/usr/include/${h##*/}"; done
       for m in "$top_srcdir"/doc/oxre*.3 "$top_srcdir"/doc/oxre*.7; do
         b=${m##*/}; echo "/usr/share/man/man${b##*.}/$b\.gz"; done
       for f in $functions; do
         echo "/usr/share/man/man3/$f\.3\.gz( -> oxre[a-z_]*\.3\.gz)?"; done)
miss=$(printf '%s\n' "$want" | missing_in "$work/oxre-devel.list" | sed 's/^/oxre-devel list lacks: /'
       check oxre-devel list "$libdir/liboxre\.so -> liboxre\.so\.1\.[0-9.]+" \
         "$libdir/pkgconfig/oxre\.pc" "/usr/share/doc/oxre/examples/oxredemo\.c"
       check oxre-devel provides "pkgconfig\(oxre\) = $version" "oxre-devel$isa = $evr"
       check oxre-devel requires "oxre$isa = $evr" "/usr/bin/pkg-config")
[ -z "$miss" ]; r=$?
[ $r -eq 0 ] || diag "$miss"
ok $r "oxre-devel: headers, .so link, oxre.pc (pkgconfig(oxre) = $version), man pages, the example"

miss=$(check oxre-tools list /usr/bin/oxgrep "/usr/share/man/man1/oxgrep\.1\.gz"
       check oxre-tools requires "liboxre\.so\.1\(\)$m64" "liboxre\.so\.1\(OXRE_1\.0\)$m64" \
         "oxre$isa = $evr")
[ -z "$miss" ]; r=$?
[ $r -eq 0 ] || diag "$miss"
ok $r "oxre-tools: oxgrep and oxgrep(1), requiring liboxre.so.1(OXRE_1.0)(64bit)"

# oxre-static: the archive alone (Fedora's rule for static libraries),
# requiring oxre-devel for the header and oxre.pc.
miss=$(check oxre-static list "$libdir/liboxre\.a"
       check oxre-static provides "oxre-static$isa = $evr"
       check oxre-static requires "oxre-devel$isa = $evr")
other=$(grep -v -E "^$libdir/liboxre\.a$" "$work/oxre-static.list")
[ -z "$miss$other" ]; r=$?
[ $r -eq 0 ] || diag "$miss" "unexpected files: $other"
ok $r "oxre-static: $libdir/liboxre.a only, requiring oxre-devel"

lists=$(cat "$work"/oxre.list "$work"/oxre-devel.list "$work"/oxre-tools.list 2>/dev/null)
la=$(cat "$work"/oxre*.list 2>/dev/null | grep -E '\.la$'; printf '%s\n' "$lists" | grep -E '\.a$')
[ -n "$lists" ] && [ -z "$la" ]; r=$?
[ $r -eq 0 ] || diag "archives: $la"
ok $r "no .la file in any package, no .a outside oxre-static"

# As for the .debs: the packages and the logs stay, the build tree goes.
rm -rf "$work/BUILD" "$work/BUILDROOT"
finish
