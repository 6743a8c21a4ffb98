//! The plain data shared with C, and the helpers that turn C arguments into
//! Rust values. All raw-pointer reads of caller memory happen here.

use std::slice;

use crate::error::{Error, Result, OXRE_EINVAL, OXRE_ENULL, OXRE_ERANGE};

/// A half-open range [start, end) of byte offsets into a haystack or a
/// pattern. Plain data: copy it freely.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct oxre_span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte; equal to `start` for an empty match.
    pub end: usize,
}

impl From<(usize, usize)> for oxre_span {
    fn from((start, end): (usize, usize)) -> oxre_span {
        oxre_span { start, end }
    }
}

/// Borrows `*p`, or fails with OXRE_ENULL naming the argument.
pub unsafe fn arg_ref<'a, T>(p: *const T, name: &str) -> Result<&'a T> {
    // SAFETY: the caller promises that a non-NULL `p` points to a live T.
    unsafe { p.as_ref() }.ok_or_else(|| null_error(name))
}

/// Borrows `*p` mutably, or fails with OXRE_ENULL naming the argument.
pub unsafe fn arg_mut<'a, T>(p: *mut T, name: &str) -> Result<&'a mut T> {
    // SAFETY: the caller promises that a non-NULL `p` points to a live T that
    // nothing else uses during the call.
    unsafe { p.as_mut() }.ok_or_else(|| null_error(name))
}

/// Borrows `len` bytes at `p`. NULL is accepted when `len` is 0.
pub unsafe fn arg_bytes<'a>(p: *const u8, len: usize, name: &str) -> Result<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(Error::new(
            OXRE_ENULL,
            format!("{name} is NULL but its length is {len}"),
        ));
    }
    if len > isize::MAX as usize {
        return Err(Error::new(
            OXRE_EINVAL,
            format!("{name} length {len} exceeds PTRDIFF_MAX"),
        ));
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
pub unsafe fn arg_array<'a, T>(p: *const T, count: usize, name: &str) -> Result<&'a [T]> {
    if count == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(Error::new(
            OXRE_ENULL,
            format!("{name} is NULL but its count is {count}"),
        ));
    }
    if count > isize::MAX as usize / std::mem::size_of::<T>().max(1) {
        return Err(Error::new(
            OXRE_EINVAL,
            format!("{name} count {count} is too large"),
        ));
    }
    // SAFETY: the caller promises `count` readable elements at the non-NULL `p`.
    Ok(unsafe { slice::from_raw_parts(p, count) })
}

/// Checks that `start` is a valid search start for a haystack of `len` bytes.
/// (The regex crate panics on a start past the end; C gets an error.)
pub fn check_start(start: usize, len: usize) -> Result<()> {
    if start > len {
        return Err(Error::new(
            OXRE_ERANGE,
            format!("start offset {start} is past the end of the haystack ({len} bytes)"),
        ));
    }
    Ok(())
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
pub unsafe fn put<T>(out: *mut T, value: T) {
    if !out.is_null() {
        // SAFETY: the caller promises that a non-NULL `out` is writable.
        unsafe { out.write(value) };
    }
}

fn null_error(name: &str) -> Error {
    Error::new(OXRE_ENULL, format!("{name} is NULL"))
}
