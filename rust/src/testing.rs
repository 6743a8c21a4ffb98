//! A test-only entry point. It is not in the installed header and the
//! version script keeps it out of the shared library's exports: the test
//! suite reaches it by linking the Rust archive statically.

use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

use crate::error::boundary;

/// Panics, inside the panic boundary, with the given message. Lets the C
/// tests prove that a real panic becomes OXRE_EPANIC and the process goes on.
#[no_mangle]
pub unsafe extern "C" fn oxre_test_panic(message: *const c_char) -> c_int {
    boundary(|| {
        let text = if message.is_null() {
            "test panic".to_string()
        } else {
            // SAFETY: the test passes a NUL-terminated string.
            unsafe { CStr::from_ptr(message) }
                .to_string_lossy()
                .into_owned()
        };
        panic!("{}", text)
    })
}
