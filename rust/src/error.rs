//! Status codes, the thread-local last error, and the panic boundary.

use std::cell::{Cell, RefCell};
use std::ffi::CString;
use std::os::raw::{c_char, c_int};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::Once;

use crate::span::oxre_span;

/// Success. Functions that report a match return 1 for "found" and 0 for
/// "not found"; neither is an error.
pub const OXRE_OK: c_int = 0;
/// A required pointer argument was NULL, or a pointer was NULL while its
/// length was not 0. errno: EFAULT.
pub const OXRE_ENULL: c_int = -1;
/// An argument has a value the function does not accept (for example, a
/// length larger than PTRDIFF_MAX, or a captures object made for a regex with
/// other groups or group names). errno: EINVAL.
pub const OXRE_EINVAL: c_int = -2;
/// Unknown bits were set in a flags argument. errno: EINVAL.
pub const OXRE_EFLAGS: c_int = -3;
/// The pattern is not a valid regular expression. The last error carries the
/// byte span of the offending part of the pattern. errno: EINVAL.
pub const OXRE_ESYNTAX: c_int = -4;
/// The compiled pattern would exceed the size limit (see
/// oxre_options.size_limit). errno: E2BIG.
pub const OXRE_ESIZE: c_int = -5;
/// An offset or an index is out of range: a start offset past the end of the
/// haystack, or a capture group index not below the group count.
/// errno: ERANGE.
pub const OXRE_ERANGE: c_int = -6;
/// No capture group has the given name. errno: ENOENT.
pub const OXRE_ENOGROUP: c_int = -7;
/// Bytes that must be UTF-8 are not: a pattern, or a haystack, template or
/// name given to a regex compiled with OXRE_TEXT. The last error's span
/// covers the first invalid sequence in those bytes. errno: EILSEQ.
pub const OXRE_EUTF8: c_int = -8;
/// A bug inside oxre or the regex engine was caught (a Rust panic). The call
/// had no effect beyond the last error, whose message is the panic's, with
/// where it happened; nothing is printed on standard error. The process and
/// every other object go on working. errno: ENOTRECOVERABLE.
pub const OXRE_EPANIC: c_int = -9;
/// The caller's buffer is too small for the result; the function reported
/// the size needed. errno: ERANGE.
pub const OXRE_ENOSPC: c_int = -10;
/// A callback asked to stop by returning non-zero; the last error's message
/// gives the value it returned. errno: ECANCELED.
pub const OXRE_ECALLBACK: c_int = -11;
/// Memory ran out: an allocation whose size the arguments decide (a result
/// to build, bytes to append, patterns to copy) could not be made. Nothing
/// was changed; the process goes on working, and a smaller request may
/// succeed. errno: ENOMEM.
pub const OXRE_ENOMEM: c_int = -12;
/// A stream would need to keep more bytes than its history limit to decide
/// a match in progress (see oxre_stream_options.history_limit). The stream
/// fails from then on until oxre_stream_reset(). errno: ENOBUFS.
pub const OXRE_EHISTORY: c_int = -13;
/// The regex cannot be searched in the way asked: an engine limit met at
/// run time (no pattern the library compiles is refused by streams or
/// overlapping searches); the message says why and what to write instead.
/// errno: ENOTSUP.
pub const OXRE_EUNSUPPORTED: c_int = -14;

/// The last error recorded on the calling thread.
///
/// Returned by oxre_last_error(). The struct and its `message` live in
/// thread-local storage owned by oxre: never free them. They stay valid until
/// the next oxre call on the same thread fails, oxre_last_error_clear() is
/// called, or the thread exits.
#[repr(C)]
pub struct oxre_error {
    /// The status code (one of the negative OXRE_E* values).
    pub code: c_int,
    /// A one-line, NUL-terminated description in English, never NULL.
    pub message: *const c_char,
    /// True when `span` locates the error in the pattern.
    pub has_span: bool,
    /// For OXRE_ESYNTAX: the byte offsets of the offending part of the
    /// pattern, as [start, end). For OXRE_EUTF8: the first invalid sequence
    /// in the bytes that had to be UTF-8. Otherwise {0, 0}.
    pub span: oxre_span,
    /// For an error in one of several patterns (oxre_compile_many(),
    /// oxre_set_compile()): the index of that pattern. Otherwise 0.
    pub pattern: usize,
}

/// An error on its way to C: a code, a message and maybe a pattern span.
#[derive(Debug)]
pub struct Error {
    pub code: c_int,
    pub message: String,
    pub span: Option<(usize, usize)>,
    pub pattern: usize,
}

impl Error {
    // Errors are the rare path: kept out of line, off the searches' hot code.
    #[cold]
    #[inline(never)]
    pub fn new(code: c_int, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            span: None,
            pattern: 0,
        }
    }

    pub fn with_span(mut self, start: usize, end: usize) -> Error {
        self.span = Some((start, end));
        self
    }

    /// The errno value that goes with the error's code.
    fn errno(&self) -> c_int {
        match self.code {
            OXRE_ENULL => libc::EFAULT,
            OXRE_ESIZE => libc::E2BIG,
            OXRE_ERANGE => libc::ERANGE,
            OXRE_ENOGROUP => libc::ENOENT,
            OXRE_EUTF8 => libc::EILSEQ,
            OXRE_EPANIC => libc::ENOTRECOVERABLE,
            OXRE_ENOSPC => libc::ERANGE,
            OXRE_ECALLBACK => libc::ECANCELED,
            OXRE_ENOMEM => libc::ENOMEM,
            OXRE_EHISTORY => libc::ENOBUFS,
            OXRE_EUNSUPPORTED => libc::ENOTSUP,
            _ => libc::EINVAL,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// OXRE_ENOMEM for an allocation of `bytes` more bytes that failed.
pub fn no_memory(bytes: usize) -> Error {
    Error::new(
        OXRE_ENOMEM,
        format!("out of memory (allocating {bytes} more bytes failed)"),
    )
}

/// Makes room for `more` elements in `v` without aborting the process when
/// memory runs out (OXRE_ENOMEM instead): for every allocation whose size
/// the caller's arguments decide.
pub fn reserve<T>(v: &mut Vec<T>, more: usize) -> Result<()> {
    v.try_reserve(more)
        .map_err(|_| no_memory(more.saturating_mul(std::mem::size_of::<T>())))
}

/// What the last error holds: the public struct and the storage it points to.
struct LastError {
    public: oxre_error,
    _message: CString,
}

thread_local! {
    static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

fn set_errno(value: c_int) {
    // SAFETY: errno is a thread-local int that libc always provides.
    unsafe {
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "emscripten"))]
        {
            *libc::__errno_location() = value;
        }
        #[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
        {
            *libc::__error() = value;
        }
    }
}

/// Records `err` as the calling thread's last error and sets errno.
fn record(err: Error) {
    set_errno(err.errno());
    // A message is text for people: an interior NUL (impossible in the
    // messages oxre writes, possible in a panic's) would cut it short.
    let message = CString::new(err.message.replace('\0', "\\0")).unwrap_or_default();
    let (has_span, span) = match err.span {
        Some((start, end)) => (true, oxre_span { start, end }),
        None => (false, oxre_span { start: 0, end: 0 }),
    };
    let last = LastError {
        public: oxre_error {
            code: err.code,
            message: message.as_ptr(),
            has_span,
            span,
            pattern: err.pattern,
        },
        _message: message,
    };
    // During thread teardown the slot may be gone; errno is still set then.
    let _ = LAST_ERROR.try_with(|slot| *slot.borrow_mut() = Some(last));
}

/// The value a function returns when it fails: its error code, NULL, 0, ...
pub trait FailValue {
    fn fail_value(code: c_int) -> Self;
}

impl FailValue for c_int {
    fn fail_value(code: c_int) -> c_int {
        code
    }
}

impl FailValue for usize {
    fn fail_value(_: c_int) -> usize {
        0
    }
}

impl FailValue for u64 {
    fn fail_value(_: c_int) -> u64 {
        0
    }
}

impl FailValue for u32 {
    fn fail_value(_: c_int) -> u32 {
        0
    }
}

impl FailValue for () {
    fn fail_value(_: c_int) {}
}

impl<T> FailValue for *mut T {
    fn fail_value(_: c_int) -> *mut T {
        ptr::null_mut()
    }
}

impl<T> FailValue for *const T {
    fn fail_value(_: c_int) -> *const T {
        ptr::null()
    }
}

thread_local! {
    /// Whether the thread is inside the panic boundary.
    static INSIDE: Cell<bool> = const { Cell::new(false) };
    /// Where the last panic inside the boundary happened, for its message.
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

static QUIET_HOOK: Once = Once::new();

/// Installs, once per process, a panic hook that keeps quiet about panics
/// inside the boundary (a library writes nothing on its host's standard
/// error, and the default hook would print, with a backtrace when
/// RUST_BACKTRACE asks for one, whose symbols it then keeps cached) and
/// hands every other panic to the hook that was there before. A hook the
/// host installs later replaces this one, and then sees oxre's panics too.
// Inlined into every boundary: once installed, one load and a branch.
#[inline(always)]
fn install_quiet_hook() {
    if !QUIET_HOOK.is_completed() {
        install_quiet_hook_now();
    }
}

#[cold]
#[inline(never)]
fn install_quiet_hook_now() {
    // take_hook() must not be called while the thread panics.
    if std::thread::panicking() {
        return;
    }
    QUIET_HOOK.call_once(|| {
        let host = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if INSIDE.try_with(Cell::get).unwrap_or(false) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                let _ = PANIC_AT.try_with(|slot| *slot.borrow_mut() = at);
            } else {
                host(info)
            }
        }));
    });
}

/// Runs `f` on a thread oxre started for the calling thread (a compile
/// that needs more stack) as if inside the caller's boundary: a panic in it
/// is as quiet, and the caller's boundary reports it once it is resumed
/// there.
pub fn as_inside<R>(f: impl FnOnce() -> R) -> R {
    let _ = INSIDE.try_with(|inside| inside.set(true));
    f()
}

/// The panic boundary: every exported function's body runs in here.
///
/// The body reports failure as an `Error`; a panic in it becomes OXRE_EPANIC
/// with the panic's message and location, and prints nothing. Either way
/// the failure is recorded as the last error and turned into the function's
/// failure value.
// Inlined into each exported function, so that a successful call pays for
// the flag and nothing else; failures take the out-of-line paths below.
#[inline(always)]
pub fn boundary<R: FailValue>(body: impl FnOnce() -> Result<R>) -> R {
    install_quiet_hook();
    // Boundaries nest (a replacement callback appends through one).
    let outer = INSIDE
        .try_with(|inside| inside.replace(true))
        .unwrap_or(false);
    let result = catch_unwind(AssertUnwindSafe(body));
    let _ = INSIDE.try_with(|inside| inside.set(outer));
    match result {
        Ok(Ok(value)) => value,
        Ok(Err(err)) => R::fail_value(fail(err)),
        Err(payload) => R::fail_value(fail(panic_error(payload))),
    }
}

/// Records a failed body's error as the last error; returns its code.
#[cold]
#[inline(never)]
fn fail(err: Error) -> c_int {
    let code = err.code;
    record(err);
    code
}

/// OXRE_EPANIC for a panic caught in the boundary, with its message and
/// where it happened.
#[cold]
#[inline(never)]
fn panic_error(payload: Box<dyn std::any::Any + Send>) -> Error {
    let what = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    };
    let at = PANIC_AT
        .try_with(|slot| slot.borrow_mut().take())
        .ok()
        .flatten()
        .map(|at| format!(" at {at}"))
        .unwrap_or_default();
    Error::new(OXRE_EPANIC, format!("internal error (panic{at}): {what}"))
}

/// Returns the last error recorded on the calling thread, or NULL if no oxre
/// call on this thread has failed since it started or since the last
/// oxre_last_error_clear().
///
/// Successful calls leave the last error as it is, so check a function's
/// return value first and read the last error only when it reports failure.
/// See oxre_error for how long the returned pointer stays valid.
#[no_mangle]
pub extern "C" fn oxre_last_error() -> *const oxre_error {
    boundary(|| {
        Ok(LAST_ERROR
            .try_with(|slot| match &*slot.borrow() {
                Some(last) => &last.public as *const oxre_error,
                None => ptr::null(),
            })
            .unwrap_or(ptr::null()))
    })
}

/// Forgets the calling thread's last error (oxre_last_error() then returns
/// NULL) and frees what it held.
#[no_mangle]
pub extern "C" fn oxre_last_error_clear() {
    boundary(|| {
        let _ = LAST_ERROR.try_with(|slot| *slot.borrow_mut() = None);
        Ok(())
    })
}

/// Returns a static, NUL-terminated English description of a status code
/// ("no such capture group", ...), or "unknown error code" for a value that
/// is not one. Never NULL; never free it.
#[no_mangle]
pub extern "C" fn oxre_strerror(code: c_int) -> *const c_char {
    boundary(|| {
        let text: &'static [u8] = match code {
            OXRE_OK => b"success\0",
            OXRE_ENULL => b"NULL pointer argument\0",
            OXRE_EINVAL => b"invalid argument\0",
            OXRE_EFLAGS => b"unknown flag bits\0",
            OXRE_ESYNTAX => b"invalid regular expression\0",
            OXRE_ESIZE => b"compiled regex exceeds the size limit\0",
            OXRE_ERANGE => b"offset or index out of range\0",
            OXRE_ENOGROUP => b"no such capture group\0",
            OXRE_EUTF8 => b"invalid UTF-8\0",
            OXRE_EPANIC => b"internal error (panic caught)\0",
            OXRE_ENOSPC => b"buffer too small\0",
            OXRE_ECALLBACK => b"stopped by a callback\0",
            OXRE_ENOMEM => b"out of memory\0",
            OXRE_EHISTORY => b"stream history limit exceeded\0",
            OXRE_EUNSUPPORTED => b"not supported for this regex\0",
            _ => b"unknown error code\0",
        };
        Ok(text.as_ptr().cast())
    })
}
