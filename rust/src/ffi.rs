//! The helpers that turn C arguments into Rust values. All raw-pointer reads
//! and writes of caller memory happen here: every other module goes through
//! these functions, which check what can be checked (NULL, lengths) and
//! name the argument in the error.

use std::ffi::CStr;
use std::mem::MaybeUninit;
use std::os::raw::{c_char, c_int};
use std::slice;

use crate::error::{Error, Result, OXRE_EINVAL, OXRE_ENULL};

/// Borrows `*p`, or fails with OXRE_ENULL naming the argument.
#[inline(always)]
pub unsafe fn arg_ref<'a, T>(p: *const T, name: &str) -> Result<&'a T> {
    // SAFETY: the caller promises that a non-NULL `p` points to a live T.
    unsafe { p.as_ref() }.ok_or_else(|| null_error(name))
}

/// Borrows `*p` mutably, or fails with OXRE_ENULL naming the argument.
#[inline(always)]
pub unsafe fn arg_mut<'a, T>(p: *mut T, name: &str) -> Result<&'a mut T> {
    // SAFETY: the caller promises that a non-NULL `p` points to a live T
    // that nothing else uses during the call.
    unsafe { p.as_mut() }.ok_or_else(|| null_error(name))
}

/// Borrows `*p` for an optional argument: None when `p` is NULL.
#[inline(always)]
pub unsafe fn arg_opt<'a, T>(p: *const T) -> Option<&'a T> {
    // SAFETY: the caller promises that a non-NULL `p` points to a live T.
    unsafe { p.as_ref() }
}

/// Borrows `*p` mutably for an optional argument: None when `p` is NULL.
#[inline(always)]
pub unsafe fn arg_opt_mut<'a, T>(p: *mut T) -> Option<&'a mut T> {
    // SAFETY: the caller promises that a non-NULL `p` points to a live T
    // that nothing else uses during the call.
    unsafe { p.as_mut() }
}

/// Borrows `len` bytes at `p`. NULL is accepted when `len` is 0.
#[inline(always)]
pub unsafe fn arg_bytes<'a>(p: *const u8, len: usize, name: &str) -> Result<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() || len > isize::MAX as usize {
        return Err(bytes_error(p.is_null(), len, name));
    }
    // SAFETY: the caller promises `len` readable bytes at the non-NULL `p`.
    Ok(unsafe { slice::from_raw_parts(p, len) })
}

/// Borrows `len` writable bytes at `p` (`len` above 0).
pub unsafe fn arg_bytes_mut<'a>(p: *mut u8, len: usize, name: &str) -> Result<&'a mut [u8]> {
    unsafe { arg_bytes(p, len, name) }?;
    // SAFETY: checked above; the caller promises `len` writable bytes.
    Ok(unsafe { slice::from_raw_parts_mut(p, len) })
}

/// Borrows an array of `count` elements at `p`. NULL is accepted when
/// `count` is 0.
#[inline(always)]
pub unsafe fn arg_array<'a, T>(p: *const T, count: usize, name: &str) -> Result<&'a [T]> {
    if count == 0 {
        return Ok(&[]);
    }
    if p.is_null() || count > isize::MAX as usize / std::mem::size_of::<T>().max(1) {
        return Err(array_error(p.is_null(), count, name));
    }
    // SAFETY: the caller promises `count` readable elements at the non-NULL `p`.
    Ok(unsafe { slice::from_raw_parts(p, count) })
}

/// Borrows an output array of `count` elements at `p`, with the checks of
/// arg_array(). Its elements may be uninitialized: they are only written.
#[inline(always)]
pub unsafe fn arg_out_array<'a, T>(
    p: *mut T,
    count: usize,
    name: &str,
) -> Result<&'a mut [MaybeUninit<T>]> {
    unsafe { arg_array(p.cast_const(), count, name) }?;
    if count == 0 {
        return Ok(&mut []);
    }
    // SAFETY: checked above; the caller promises `count` writable elements.
    Ok(unsafe { slice::from_raw_parts_mut(p.cast(), count) })
}

/// Reads an optional NUL-terminated string argument, lossily as UTF-8;
/// `default` when `p` is NULL.
pub unsafe fn arg_cstr_or(p: *const c_char, default: &str) -> String {
    if p.is_null() {
        return default.to_string();
    }
    // SAFETY: the caller promises a NUL-terminated string at the non-NULL `p`.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// Takes a function pointer argument (C's NULL is Rust's None), or fails
/// with OXRE_ENULL naming the argument.
pub fn arg_fn<F>(f: Option<F>, name: &str) -> Result<F> {
    f.ok_or_else(|| null_error(name))
}

/// Borrows `len` bytes at `p` that an oxre object keeps a pointer to (an
/// iterator's haystack): checked by arg_bytes() when the object was made.
#[inline(always)]
pub unsafe fn kept_bytes<'a>(p: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        return &[];
    }
    // SAFETY: the caller promises what arg_bytes() checked when the pointer
    // was stored, and that the bytes are still alive and unchanged.
    unsafe { slice::from_raw_parts(p, len) }
}

/// Borrows `*p` that an oxre object keeps a pointer to (an iterator's
/// regex): checked by arg_ref() when the object was made.
#[inline(always)]
pub unsafe fn kept_ref<'a, T>(p: *const T) -> &'a T {
    // SAFETY: the caller promises that `p` was checked and is still alive.
    unsafe { &*p }
}

/// Rebuilds the Vec behind a byte buffer that oxre filled (oxre_buf).
pub unsafe fn vec_from_parts(data: *mut u8, len: usize, capacity: usize) -> Vec<u8> {
    // SAFETY: the caller promises these came from a Vec<u8> that oxre gave
    // away (and that nobody changed them since).
    unsafe { Vec::from_raw_parts(data, len, capacity) }
}

/// The body of every `_free` function: drops the Box behind `p`, inside the
/// panic boundary. NULL is accepted and ignored.
pub unsafe fn free_box<T>(p: *mut T) {
    crate::error::boundary(|| {
        if !p.is_null() {
            // SAFETY: the caller promises `p` came from Box::into_raw and is
            // freed only once.
            drop(unsafe { Box::from_raw(p) });
        }
        Ok(())
    })
}

/// Writes `value` through an optional out-parameter.
#[inline(always)]
pub unsafe fn put<T>(out: *mut T, value: T) {
    if !out.is_null() {
        // SAFETY: the caller promises that a non-NULL `out` is writable.
        unsafe { out.write(value) };
    }
}

/// The result of a search that may find nothing: writes what it found
/// through the optional out-parameter and returns 1, or returns 0 and leaves
/// `*out` as it was.
#[inline(always)]
pub unsafe fn put_found<T>(out: *mut T, found: Option<T>) -> c_int {
    match found {
        Some(value) => {
            unsafe { put(out, value) };
            1
        }
        None => 0,
    }
}

#[cold]
#[inline(never)]
fn null_error(name: &str) -> Error {
    Error::new(OXRE_ENULL, format!("{name} is NULL"))
}

#[cold]
#[inline(never)]
fn bytes_error(null: bool, len: usize, name: &str) -> Error {
    if null {
        Error::new(
            OXRE_ENULL,
            format!("{name} is NULL but its length is {len}"),
        )
    } else {
        Error::new(
            OXRE_EINVAL,
            format!("{name} length {len} exceeds PTRDIFF_MAX"),
        )
    }
}

#[cold]
#[inline(never)]
fn array_error(null: bool, count: usize, name: &str) -> Error {
    if null {
        Error::new(
            OXRE_ENULL,
            format!("{name} is NULL but its count is {count}"),
        )
    } else {
        Error::new(OXRE_EINVAL, format!("{name} count {count} is too large"))
    }
}
