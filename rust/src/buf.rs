//! Byte buffers that oxre allocates and the caller frees.

use std::os::raw::c_int;
use std::ptr;

use crate::error::{boundary, Error, Result, OXRE_EINVAL};
use crate::ffi::{arg_bytes, arg_mut, arg_opt_mut, vec_from_parts};

/// A byte buffer allocated by oxre: the result of a replacement, an
/// expansion or an escape. Free it with oxre_buf_free().
///
/// `data` points to `len` bytes followed by a NUL byte that `len` does not
/// count (so text results can be used as C strings; binary results may hold
/// NUL bytes of their own). `data` is NULL only for a buffer that was never
/// filled. An all-zero oxre_buf (`oxre_buf b = {0};`) is a valid empty
/// buffer for the functions that append (oxre_buf_append(), oxre_expand()).
///
/// Thread safety: plain data owned by the caller; not synchronized.
#[repr(C)]
pub struct oxre_buf {
    /// The bytes, NUL-terminated; NULL when nothing was ever stored.
    pub data: *mut u8,
    /// The number of bytes, not counting the terminating NUL.
    pub len: usize,
    /// The size of the allocation. Owned by oxre: read it if you like, but
    /// never change it.
    pub capacity: usize,
}

impl oxre_buf {
    pub(crate) const EMPTY: oxre_buf = oxre_buf {
        data: ptr::null_mut(),
        len: 0,
        capacity: 0,
    };

    /// Takes the bytes out as a Vec, leaving the buffer empty.
    pub(crate) fn take(&mut self) -> Result<Vec<u8>> {
        if self.data.is_null() {
            if self.len != 0 || self.capacity != 0 {
                return Err(Error::new(
                    OXRE_EINVAL,
                    "oxre_buf has NULL data but a non-zero length or capacity",
                ));
            }
            return Ok(Vec::new());
        }
        if self.len >= self.capacity {
            return Err(Error::new(
                OXRE_EINVAL,
                "oxre_buf is corrupt (its length is not below its capacity)",
            ));
        }
        // SAFETY: a non-NULL buffer was made by `store` from a Vec with this
        // pointer, length and capacity (the caller must not change them).
        let v = unsafe { vec_from_parts(self.data, self.len, self.capacity) };
        *self = oxre_buf::EMPTY;
        Ok(v)
    }

    /// Stores `v` in the buffer (which must be empty), NUL-terminated.
    pub(crate) fn store(&mut self, mut v: Vec<u8>) {
        v.reserve_exact(1);
        v.push(0);
        v.pop();
        let mut v = std::mem::ManuallyDrop::new(v);
        *self = oxre_buf {
            data: v.as_mut_ptr(),
            len: v.len(),
            capacity: v.capacity(),
        };
    }
}

/// Appends the `len` bytes at `bytes` to `*buf`, which is either all zero
/// or was filled by oxre. This is how a replacement callback writes its
/// replacement (see oxre_replace_fn()).
///
/// Returns OXRE_OK, or a negative code: OXRE_ENULL (`buf` NULL, or `bytes`
/// NULL with a non-zero `len`), OXRE_EINVAL (`*buf` is not a valid buffer:
/// NULL data with a non-zero length or capacity, or length not below the
/// capacity). On failure `*buf` is unchanged.
#[no_mangle]
pub unsafe extern "C" fn oxre_buf_append(
    buf: *mut oxre_buf,
    bytes: *const u8,
    len: usize,
) -> c_int {
    boundary(|| {
        let buf = unsafe { arg_mut(buf, "buf") }?;
        let bytes = unsafe { arg_bytes(bytes, len, "bytes") }?;
        let mut v = buf.take()?;
        v.extend_from_slice(bytes);
        buf.store(v);
        Ok(0)
    })
}

/// Frees the bytes of `*buf` and sets it to all zero (an empty buffer, safe
/// to free again). NULL is accepted and ignored. A buffer whose fields were
/// changed by the caller cannot be freed safely; the function then leaves it
/// alone (and sets the last error to OXRE_EINVAL).
#[no_mangle]
pub unsafe extern "C" fn oxre_buf_free(buf: *mut oxre_buf) {
    boundary(|| {
        if let Some(buf) = unsafe { arg_opt_mut(buf) } {
            drop(buf.take()?);
        }
        Ok(())
    })
}
