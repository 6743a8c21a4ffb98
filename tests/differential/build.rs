//! Links the program with the liboxre.so that OXRE_LIB_DIR holds (the
//! build tree's .libs): the C library, whose Rust copy of the regex crate
//! stays hidden behind its version script.

fn main() {
    println!("cargo:rerun-if-env-changed=OXRE_LIB_DIR");
    if let Ok(dir) = std::env::var("OXRE_LIB_DIR") {
        println!("cargo:rustc-link-search=native={dir}");
    }
    println!("cargo:rustc-link-lib=dylib=oxre");
}
