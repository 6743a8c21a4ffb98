/* An empty translation unit. libtool builds the convenience library
 * liboxre_rust.la from it, then the build puts cargo's archive of the Rust
 * code in place of the archive libtool made, so that libtool links the Rust
 * code whole (--whole-archive) into liboxre.la. See Makefile.am. */
typedef int oxre_rust_archive_placeholder;
