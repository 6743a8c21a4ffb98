//! The Rust half of liboxre: the C binding of the `regex` crate.
//!
//! Every `extern "C"` function in this crate is part of the C ABI declared in
//! `include/oxre.h` (generated from these sources by cbindgen) and bound to a
//! version node in `src/liboxre.map`. Each one runs its body through
//! [`error::boundary`], the single place where panics are caught and errors
//! become status codes, errno and the thread-local last error.
//!
//! Modules, one concept each:
//! - `error`: status codes, the last error, the panic boundary;
//! - `ffi`: the few helpers that turn C pointers into Rust references;
//! - `regex`: compiling and the one-shot searches;
//! - `captures`: the reusable capture-group object and group names;
//! - `iter`: iteration over successive matches;
//! - `version`: the library's version.

// The C contract of every exported function (which pointers may be NULL, how
// long they must live) is written in its doc comment, which becomes the
// header's documentation; a separate "# Safety" section would repeat it.
#![allow(clippy::missing_safety_doc)]
// Exported types carry their C names so that cbindgen emits them unchanged.
#![allow(non_camel_case_types)]

pub mod error;
pub mod ffi;
pub mod regex;
pub mod captures;
pub mod iter;
pub mod version;
mod testing;
