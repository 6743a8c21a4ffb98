//! Byte buffers that oxre allocates and the caller frees.

use std::os::raw::c_int;
use std::ptr;

use crate::error::{boundary, no_memory, reserve, Error, Result, OXRE_EINVAL};
use crate::ffi::{arg_bytes, arg_mut, arg_opt_mut, kept_bytes, vec_from_parts};

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
    /// When there is no memory for the NUL, `v` is dropped and the buffer
    /// stays empty.
    pub(crate) fn store(&mut self, mut v: Vec<u8>) -> Result<()> {
        if v.len() == v.capacity() {
            v.try_reserve_exact(1).map_err(|_| no_memory(1))?;
        }
        self.store_unterminated(v);
        Ok(())
    }

    /// Stores `v`, which has room for its NUL, NUL-terminated.
    fn store_unterminated(&mut self, mut v: Vec<u8>) {
        debug_assert!(v.len() < v.capacity());
        v.spare_capacity_mut()[0].write(0);
        let mut v = std::mem::ManuallyDrop::new(v);
        *self = oxre_buf {
            data: v.as_mut_ptr(),
            len: v.len(),
            capacity: v.capacity(),
        };
    }

    /// Appends the `len` bytes at `bytes` (checked by arg_bytes()), which
    /// may lie inside the buffer itself; on failure the buffer is unchanged.
    ///
    /// Growing the buffer may move it and free its old block, so bytes
    /// inside it are appended by offset after growing (or, if they reach
    /// past its length, copied out first).
    unsafe fn append(&mut self, bytes: *const u8, len: usize) -> Result<()> {
        if len == 0 {
            return Ok(());
        }
        let (start, end) = (self.data as usize, self.data as usize + self.capacity);
        let (from, to) = (bytes as usize, bytes as usize + len);
        let inside = !self.data.is_null() && from < end && to > start;
        let offset = from.wrapping_sub(start);
        let within = inside && offset <= self.len && len <= self.len - offset;
        let mut copied = Vec::new();
        if inside && !within {
            reserve(&mut copied, len)?;
            // SAFETY: the caller promises `len` readable bytes at `bytes`.
            copied.extend_from_slice(unsafe { kept_bytes(bytes, len) });
        }
        let mut v = self.take()?;
        // One byte more for the terminating NUL.
        if let Err(e) = reserve(&mut v, len.saturating_add(1)) {
            self.store_unterminated(v);
            return Err(e);
        }
        if within {
            v.extend_from_within(offset..offset + len);
        } else if inside {
            v.extend_from_slice(&copied);
        } else {
            // SAFETY: as above; they are not part of the buffer.
            v.extend_from_slice(unsafe { kept_bytes(bytes, len) });
        }
        self.store_unterminated(v);
        Ok(())
    }
}

/// Appends the `len` bytes at `bytes` to `*buf`, which is either all zero
/// or was filled by oxre. This is how a replacement callback writes its
/// replacement (see oxre_replace_fn()).
///
/// The bytes may lie inside `*buf` itself (`oxre_buf_append(&b, b.data,
/// b.len)` doubles `b`): they are read before the buffer's old block is
/// freed.
///
/// Returns OXRE_OK, or a negative code: OXRE_ENULL (`buf` NULL, or `bytes`
/// NULL with a non-zero `len`), OXRE_EINVAL (`*buf` is not a valid buffer:
/// NULL data with a non-zero length or capacity, or length not below the
/// capacity; or `len` exceeds PTRDIFF_MAX), OXRE_ENOMEM (no memory for the
/// longer buffer). On failure `*buf` is unchanged.
#[no_mangle]
pub unsafe extern "C" fn oxre_buf_append(
    buf: *mut oxre_buf,
    bytes: *const u8,
    len: usize,
) -> c_int {
    boundary(|| {
        let buf = unsafe { arg_mut(buf, "buf") }?;
        // Checked here, read by append(): they may lie in `*buf` itself.
        let len = unsafe { arg_bytes(bytes, len, "bytes") }?.len();
        unsafe { buf.append(bytes, len) }?;
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
