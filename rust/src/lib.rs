//! The Rust half of liboxre: the C binding of the `regex` crate.
//!
//! Every `extern "C"` function in this crate is part of the C ABI declared in
//! `include/oxre.h` (generated from these sources by cbindgen) and bound to a
//! version node in `src/liboxre.map`. Each one runs its body through
//! [`error::boundary`], the single place where panics are caught and errors
//! become status codes, errno and the thread-local last error.
//!
//! Modules, one concept each:
//! - `span`: the byte span, plain data that errors and searches share;
//! - `error`: status codes, the last error, the panic boundary;
//! - `flags`: the flag bits and the check for unknown ones;
//! - `ffi`: the helpers that read and write caller memory (the only module
//!   that dereferences a C pointer);
//! - `cache`: the spare search caches iterators take, and the identity a
//!   scratch checks;
//! - `build`: patterns, flags and options to the compiled core that a regex
//!   and a set share (a meta regex built as the crate builds its own);
//! - `args`: the checked arguments the compile and search functions share;
//! - `regex`: compiling and the one-shot searches;
//! - `captures`: the reusable capture-group object and group names;
//! - `iter`: iteration over successive matches, and splitting;
//! - `buf`: byte buffers oxre allocates and the caller frees;
//! - `replace`: replacing, expanding templates, escaping;
//! - `set`: regex sets;
//! - `pikesim`: NFA simulations for what the lazy DFA cannot do (match ends
//!   next to a Unicode word boundary, the groups of an overlapping match);
//! - `stream`: searching input that arrives in chunks;
//! - `overlap`: every match of every pattern in a block, overlapping;
//! - `scratch`: caller-owned scratch space and the searches that take it;
//! - `version`: the library's version;
//! - `internal`: entry points for oxre's own C code and tests.
//!
//! Each module uses only those above it in this list (`build` and `args`
//! know nothing of `regex`; the searches are generic over `args::Searched`).

// The C contract of every exported function (which pointers may be NULL, how
// long they must live) is written in its doc comment, which becomes the
// header's documentation; a separate "# Safety" section would repeat it.
#![allow(clippy::missing_safety_doc)]
// Exported types carry their C names so that cbindgen emits them unchanged.
#![allow(non_camel_case_types)]

pub mod span;
pub mod error;
pub mod flags;
pub mod ffi;
mod cache;
mod build;
mod args;
pub mod regex;
pub mod captures;
pub mod iter;
pub mod buf;
pub mod replace;
pub mod set;
mod pikesim;
pub mod stream;
mod ends;
pub mod overlap;
pub mod scratch;
pub mod version;
mod internal;
#[cfg(test)]
mod tests;
