//! Entry points for oxre's own C code and its tests, not for users. They
//! are not in the installed header (cbindgen.toml excludes them) and the
//! version script keeps them out of the shared library's exports: the POSIX
//! layer in src/posix.c is linked into liboxre with them, and the test
//! suite reaches the test hook by linking the Rust archive statically.

use std::os::raw::{c_char, c_int};

use crate::error::{boundary, Error};
use crate::ffi::arg_cstr_or;

/// Records a failure that oxre's own C code (the POSIX layer in
/// src/posix.c) found as the calling thread's last error, and sets errno to
/// go with `code`. Declared in src/internal.h.
#[no_mangle]
pub unsafe extern "C" fn oxre_internal_set_error(
    code: c_int,
    message: *const c_char,
    has_span: bool,
    span_start: usize,
    span_end: usize,
) {
    boundary(|| {
        // SAFETY: the C callers pass NULL or a NUL-terminated string.
        let mut err = Error::new(code, unsafe { arg_cstr_or(message, "(no message)") });
        if has_span {
            err = err.with_span(span_start, span_end);
        }
        // The boundary records a failed body's error as the last error.
        Err(err)
    })
}

/// Panics, inside the panic boundary, with the given message. Lets the C
/// tests prove that a real panic becomes OXRE_EPANIC and the process goes on.
#[no_mangle]
pub unsafe extern "C" fn oxre_test_panic(message: *const c_char) -> c_int {
    boundary(|| {
        // SAFETY: the test passes NULL or a NUL-terminated string.
        let text = unsafe { arg_cstr_or(message, "test panic") };
        panic!("{}", text)
    })
}

static HOST_HOOK_CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Installs a panic hook that counts its calls, as a Rust host program
/// would install its own, and returns the count so far. Deliberately not
/// behind the boundary: the first boundary call then finds this hook
/// installed, as it would find a host's.
#[no_mangle]
pub extern "C" fn oxre_test_host_hook() -> usize {
    use std::sync::atomic::Ordering::SeqCst;
    if !std::thread::panicking() {
        std::panic::set_hook(Box::new(|_| {
            HOST_HOOK_CALLS.fetch_add(1, SeqCst);
        }));
    }
    HOST_HOOK_CALLS.load(SeqCst)
}

/// Panics outside the boundary, as the host's own Rust code would, catches
/// it, and returns how many times the host's hook has run.
#[no_mangle]
pub extern "C" fn oxre_test_host_panic() -> usize {
    let _ = std::panic::catch_unwind(|| panic!("the host's own panic"));
    HOST_HOOK_CALLS.load(std::sync::atomic::Ordering::SeqCst)
}
