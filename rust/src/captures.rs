//! The reusable captures object, and capture group names.

use std::os::raw::{c_char, c_int};

use regex::bytes::CaptureLocations;

use crate::error::{boundary, Error, Result, OXRE_EINVAL, OXRE_ENOGROUP, OXRE_ERANGE};
use crate::ffi::{arg_bytes, arg_mut, arg_ref, oxre_span, put};
use crate::regex::{oxre_regex, search_args};

/// The spans of every capture group of one match, filled by
/// oxre_captures_read() or oxre_iter_next_captures() and reused across
/// searches, so that searching does not allocate. Created by
/// oxre_captures_new() for one regex (or any regex with the same number of
/// groups); freed by oxre_captures_free().
///
/// Thread safety: not synchronized. One thread at a time may use a captures
/// object; give each thread its own.
pub struct oxre_captures {
    pub(crate) locs: CaptureLocations,
}

impl oxre_captures {
    /// Checks that these captures fit `re` (the same number of groups).
    pub(crate) fn check_fits(&self, re: &oxre_regex) -> Result<()> {
        if self.locs.len() != re.re.captures_len() {
            return Err(Error::new(
                OXRE_EINVAL,
                format!(
                    "captures object has {} groups but the regex has {}",
                    self.locs.len(),
                    re.re.captures_len()
                ),
            ));
        }
        Ok(())
    }
}

/// Allocates a captures object for `re`, holding no match yet.
///
/// Returns NULL with OXRE_ENULL if `re` is NULL. Free the result with
/// oxre_captures_free(). The captures object does not refer to `re`; it only
/// has room for as many groups as `re` has.
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_new(re: *const oxre_regex) -> *mut oxre_captures {
    boundary(|| {
        let re = unsafe { arg_ref(re, "re") }?;
        let locs = re.re.capture_locations();
        Ok(Box::into_raw(Box::new(oxre_captures { locs })))
    })
}

/// Frees a captures object. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_free(caps: *mut oxre_captures) {
    boundary(|| {
        if !caps.is_null() {
            // SAFETY: `caps` came from Box::into_raw in oxre_captures_new.
            drop(unsafe { Box::from_raw(caps) });
        }
        Ok(())
    })
}

/// Finds the leftmost-first match at or after byte offset `start`, as
/// oxre_find() does, and records the span of every capture group of that
/// match in `caps`. Group 0 is the whole match.
///
/// Returns 1 when found (read the groups with oxre_captures_get()), 0 when
/// not (the groups then all read as not participating), or a negative code:
/// OXRE_ENULL (`re` or `caps` NULL, or `haystack` NULL with a non-zero
/// length), OXRE_ERANGE (`start` > `haystack_len`), OXRE_EINVAL (`caps` was
/// made for a regex with a different number of groups).
///
/// Cost: slower than oxre_find() for patterns with groups, since the engine
/// has to track them; use oxre_find() when group 0 is all you need.
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_read(
    re: *const oxre_regex,
    caps: *mut oxre_captures,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> c_int {
    boundary(|| {
        let (re, hay) = unsafe { search_args(re, haystack, haystack_len, start) }?;
        let caps = unsafe { arg_mut(caps, "caps") }?;
        caps.check_fits(re)?;
        Ok(re.re.captures_read_at(&mut caps.locs, hay, start).is_some() as c_int)
    })
}

/// The number of groups `caps` holds, group 0 included: the
/// oxre_captures_len() of the regex it was made for. Returns 0 with
/// OXRE_ENULL if `caps` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_group_count(caps: *const oxre_captures) -> usize {
    boundary(|| Ok(unsafe { arg_ref(caps, "caps") }?.locs.len()))
}

/// Stores in `*span` (which may be NULL) the span of group `index` of the
/// last match recorded in `caps`.
///
/// Returns 1 if the group participated in the match, 0 if it did not (as
/// `(b)` in `a|(b)` matching "a"; `*span` is left as it was), or a negative
/// code: OXRE_ENULL (`caps` NULL), OXRE_ERANGE (`index` not below
/// oxre_captures_group_count()).
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_get(
    caps: *const oxre_captures,
    index: usize,
    span: *mut oxre_span,
) -> c_int {
    boundary(|| {
        let caps = unsafe { arg_ref(caps, "caps") }?;
        check_group(index, caps.locs.len())?;
        Ok(match caps.locs.get(index) {
            Some(s) => {
                unsafe { put(span, oxre_span::from(s)) };
                1
            }
            None => 0,
        })
    })
}

fn check_group(index: usize, len: usize) -> Result<()> {
    if index >= len {
        return Err(Error::new(
            OXRE_ERANGE,
            format!("group index {index} is out of range (the regex has {len} groups)"),
        ));
    }
    Ok(())
}

/// The number of capture groups in `re`, group 0 (the whole match)
/// included: `(a)(?<x>b)` has 3. Returns 0 with OXRE_ENULL if `re` is NULL
/// (a valid regex always has at least 1).
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_len(re: *const oxre_regex) -> usize {
    boundary(|| Ok(unsafe { arg_ref(re, "re") }?.re.captures_len()))
}

/// The number of named capture groups in `re`.
/// Returns 0 with OXRE_ENULL if `re` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_names_count(re: *const oxre_regex) -> usize {
    boundary(|| {
        let re = unsafe { arg_ref(re, "re") }?;
        Ok(re.names.iter().filter(|n| n.is_some()).count())
    })
}

/// Looks up the group named by the `name_len` bytes at `name` (no NUL
/// terminator needed) and returns its index (at least 1).
///
/// Returns a negative code on failure: OXRE_ENULL (`re` NULL, or `name` NULL
/// with a non-zero length), OXRE_ENOGROUP (no group has that name).
/// Cost: linear in the number of groups.
#[no_mangle]
pub unsafe extern "C" fn oxre_capture_index(
    re: *const oxre_regex,
    name: *const c_char,
    name_len: usize,
) -> c_int {
    boundary(|| {
        let re = unsafe { arg_ref(re, "re") }?;
        let name = unsafe { arg_bytes(name.cast(), name_len, "name") }?;
        group_index(re, name).map(|i| i as c_int)
    })
}

pub(crate) fn group_index(re: &oxre_regex, name: &[u8]) -> Result<usize> {
    re.names
        .iter()
        .position(|n| n.as_ref().is_some_and(|n| n.as_bytes() == name))
        .ok_or_else(|| {
            Error::new(
                OXRE_ENOGROUP,
                format!("no capture group named '{}'", String::from_utf8_lossy(name)),
            )
        })
}

/// Stores in `*name` the NUL-terminated name of group `index`, or NULL for a
/// group without a name (group 0 never has one).
///
/// The name belongs to `re` and lives as long as it does; never free it.
/// Returns 1 if the group has a name, 0 if it has none, or a negative code:
/// OXRE_ENULL (`re` or `name` NULL), OXRE_ERANGE (`index` not below
/// oxre_captures_len()).
#[no_mangle]
pub unsafe extern "C" fn oxre_capture_name(
    re: *const oxre_regex,
    index: usize,
    name: *mut *const c_char,
) -> c_int {
    boundary(|| {
        let re = unsafe { arg_ref(re, "re") }?;
        let out = unsafe { arg_mut(name, "name") }?;
        check_group(index, re.names.len())?;
        Ok(match &re.names[index] {
            Some(n) => {
                *out = n.as_ptr();
                1
            }
            None => {
                *out = std::ptr::null();
                0
            }
        })
    })
}
