//! Iteration over the successive non-overlapping matches in a haystack.

use std::os::raw::c_int;

use crate::captures::oxre_captures;
use crate::error::boundary;
use crate::ffi::{arg_mut, oxre_span, put};
use crate::regex::{oxre_regex, search_args};

/// An iterator over the successive non-overlapping matches of one regex in
/// one haystack, created by oxre_iter_new() and freed by oxre_iter_free().
///
/// The iterator borrows both the regex and the haystack given to
/// oxre_iter_new(): both must stay alive and unchanged until the iterator is
/// freed.
///
/// Thread safety: not synchronized. One thread at a time may use an
/// iterator (the regex it borrows may meanwhile be used by other threads).
pub struct oxre_iter {
    re: *const oxre_regex,
    hay: *const u8,
    len: usize,
    /// Where the next search starts; past `len` once the iterator is done.
    pos: usize,
    /// The end of the last match, to skip an empty match right after it.
    last_end: Option<usize>,
}

impl oxre_iter {
    /// Finds the next match with `search(regex, haystack, at)`, following the
    /// regex crate's iterators exactly: an empty match that ends where the
    /// previous match ended is skipped by searching again one byte further
    /// (the text flavour's engine then moves on to a code point boundary).
    fn advance(
        &mut self,
        mut search: impl FnMut(&oxre_regex, &[u8], usize) -> Option<(usize, usize)>,
    ) -> Option<(usize, usize)> {
        if self.pos > self.len {
            return None;
        }
        // SAFETY: oxre_iter_new checked both pointers, and the caller keeps
        // what they point to alive and unchanged while the iterator lives.
        let re = unsafe { &*self.re };
        let hay = if self.len == 0 {
            &[][..]
        } else {
            unsafe { std::slice::from_raw_parts(self.hay, self.len) }
        };
        let mut m = search(re, hay, self.pos);
        if let Some((s, e)) = m {
            if s == e && Some(e) == self.last_end {
                self.pos += 1;
                m = if self.pos > self.len {
                    None
                } else {
                    search(re, hay, self.pos)
                };
            }
        }
        match m {
            Some((_, e)) => {
                self.pos = e;
                self.last_end = Some(e);
            }
            None => self.pos = self.len + 1,
        }
        m
    }
}

/// Starts iterating over the matches of `re` in the haystack, beginning at
/// byte offset `start` (look-around still sees the bytes before it).
///
/// Matches are found as by repeated oxre_find() calls, each starting where
/// the previous match ended, with one rule for empty matches (the regex
/// crate's): an empty match is not reported where the previous match ended.
/// So `a*` on "baaab" yields [0,0), [1,4), [5,5).
///
/// Returns a new iterator, to be freed with oxre_iter_free(), or NULL on
/// failure: OXRE_ENULL (`re` NULL, or `haystack` NULL with a non-zero
/// length), OXRE_ERANGE (`start` > `haystack_len`). `re` and the haystack
/// must outlive the iterator (see oxre_iter).
#[no_mangle]
pub unsafe extern "C" fn oxre_iter_new(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> *mut oxre_iter {
    boundary(|| {
        let (regex, hay) = unsafe { search_args(re, haystack, haystack_len, start) }?;
        Ok(Box::into_raw(Box::new(oxre_iter {
            re: regex,
            hay: hay.as_ptr(),
            len: hay.len(),
            pos: start,
            last_end: None,
        })))
    })
}

/// Frees an iterator. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn oxre_iter_free(it: *mut oxre_iter) {
    boundary(|| {
        if !it.is_null() {
            // SAFETY: `it` came from Box::into_raw in oxre_iter_new.
            drop(unsafe { Box::from_raw(it) });
        }
        Ok(())
    })
}

/// Advances to the next match and stores its span in `*match` (which may be
/// NULL).
///
/// Returns 1 for a match, 0 when there are no more (and on every later
/// call), or OXRE_ENULL if `it` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_iter_next(it: *mut oxre_iter, r#match: *mut oxre_span) -> c_int {
    boundary(|| {
        let it = unsafe { arg_mut(it, "it") }?;
        Ok(
            match it.advance(|re, hay, at| re.re.find_at(hay, at).map(|m| (m.start(), m.end()))) {
                Some(m) => {
                    unsafe { put(r#match, oxre_span::from(m)) };
                    1
                }
                None => 0,
            },
        )
    })
}

/// Advances to the next match, as oxre_iter_next() does, and records the
/// spans of all its capture groups in `caps` (read them with
/// oxre_captures_get(); group 0 is the match).
///
/// Calls to oxre_iter_next() and oxre_iter_next_captures() may be mixed on
/// one iterator; each moves it on by one match. Returns 1 for a match, 0
/// when there are no more, or a negative code: OXRE_ENULL (`it` or `caps`
/// NULL), OXRE_EINVAL (`caps` made for a regex with a different number of
/// groups).
#[no_mangle]
pub unsafe extern "C" fn oxre_iter_next_captures(
    it: *mut oxre_iter,
    caps: *mut oxre_captures,
) -> c_int {
    boundary(|| {
        let it = unsafe { arg_mut(it, "it") }?;
        let caps = unsafe { arg_mut(caps, "caps") }?;
        caps.check_fits(unsafe { &*it.re })?;
        let found = it.advance(|re, hay, at| {
            re.re
                .captures_read_at(&mut caps.locs, hay, at)
                .map(|m| (m.start(), m.end()))
        });
        Ok(found.is_some() as c_int)
    })
}

/// Used by the Rust tests: the iterator's matches as a vector.
#[cfg(test)]
pub(crate) fn collect(re: &oxre_regex, hay: &[u8]) -> Vec<(usize, usize)> {
    let it = unsafe { oxre_iter_new(re, hay.as_ptr(), hay.len(), 0) };
    let mut out = Vec::new();
    let mut span = oxre_span::default();
    while unsafe { oxre_iter_next(it, &mut span) } == 1 {
        out.push((span.start, span.end));
    }
    unsafe { oxre_iter_free(it) };
    out
}
