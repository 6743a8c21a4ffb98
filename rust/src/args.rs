//! The arguments the compile and search functions share, turned into
//! checked Rust values: patterns and options; the regex or set searched, the
//! haystack and its start offset or window under search flags; a pattern
//! index. Each check fails with the code and message the API documents.

use std::ops::{Deref, Range};

use regex_automata::{Anchored, Input};

use crate::build::{oxre_options, Compiled};
use crate::error::{reserve, Error, Result, OXRE_EINVAL, OXRE_ERANGE, OXRE_EUTF8};
use crate::ffi::{arg_array, arg_bytes, arg_mut, arg_opt, arg_ref, put};
use crate::flags::{
    check_bits, OXRE_ANCHORED, OXRE_EARLIEST, OXRE_NO_UTF8_CHECK, OXRE_PATTERNS_MAX,
    OXRE_SEARCH_FLAGS_ALL,
};

/// What the searches run on: a regex or a set, each a Compiled core with
/// more of its own.
pub(crate) trait Searched: Deref<Target = Compiled> {
    /// The name of the argument in error messages ("re", "set").
    const ARG: &'static str;
}

/// Reads the options argument of the compile functions (NULL: defaults).
pub(crate) unsafe fn options_arg(options: *const oxre_options) -> oxre_options {
    unsafe { arg_opt(options) }.copied().unwrap_or_default()
}

/// Reads `count` patterns given as parallel arrays of pointers and lengths,
/// checking that each is UTF-8. When one is not (or is NULL, or cannot be
/// copied), `earlier` checks the syntax of those before it first, so that
/// the error is the first bad pattern's.
pub(crate) unsafe fn patterns_arg(
    patterns: *const *const u8,
    lens: *const usize,
    count: usize,
    earlier: impl FnOnce(&[String]) -> Result<()>,
) -> Result<Vec<String>> {
    if count > OXRE_PATTERNS_MAX {
        return Err(Error::new(
            OXRE_EINVAL,
            format!("{count} patterns are more than the {OXRE_PATTERNS_MAX} a regex can hold"),
        ));
    }
    let ptrs = unsafe { arg_array(patterns, count, "patterns") }?;
    let lens = unsafe { arg_array(lens, count, "pattern_lens") }?;
    let mut out = Vec::new();
    reserve(&mut out, count)?;
    for (i, (&p, &len)) in ptrs.iter().zip(lens).enumerate() {
        let at = |mut e: Error| {
            e.pattern = i;
            e
        };
        let copy = unsafe { arg_bytes(p, len, "pattern") }
            .and_then(|bytes| check_utf8(bytes, "pattern"))
            .and_then(owned);
        match copy {
            Ok(copy) => out.push(copy),
            Err(e) => {
                earlier(&out)?;
                return Err(at(e));
            }
        }
    }
    Ok(out)
}

/// A copy of a caller's string, OXRE_ENOMEM when there is no memory for it.
pub(crate) fn owned(s: &str) -> Result<String> {
    let mut copy = String::new();
    copy.try_reserve_exact(s.len())
        .map_err(|_| crate::error::no_memory(s.len()))?;
    copy.push_str(s);
    Ok(copy)
}

/// Checks that `bytes` are UTF-8; otherwise OXRE_EUTF8 whose span covers
/// the first invalid sequence. `what` names the bytes in the message.
pub(crate) fn check_utf8<'a>(bytes: &'a [u8], what: &str) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let start = e.valid_up_to();
        let end = start + e.error_len().unwrap_or(bytes.len() - start);
        Error::new(
            OXRE_EUTF8,
            format!("{what} is not valid UTF-8 at byte offset {start}"),
        )
        .with_span(start, end)
    })
}

/// The body of oxre_pattern() and oxre_set_pattern(): a pointer to the
/// bytes of pattern `index` of `re`, with their count stored in `*len` (0
/// on failure).
pub(crate) unsafe fn pattern_of<R: Searched>(
    re: *const R,
    index: usize,
    len: *mut usize,
) -> Result<*const u8> {
    unsafe { put(len, 0) };
    let re = unsafe { arg_ref(re, R::ARG) }?;
    let out = unsafe { arg_mut(len, "len") }?;
    let p = re.pattern(index)?;
    *out = p.len();
    Ok(p.as_ptr())
}

/// Borrows the regex (or set) and the haystack and checks the start offset
/// (and, for the text flavour, that the haystack is UTF-8): the arguments
/// common to every search.
#[inline(always)]
pub(crate) unsafe fn search_args<'a, R: Searched>(
    re: *const R,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> Result<(&'a R, &'a [u8])> {
    let re = unsafe { arg_ref(re, R::ARG) }?;
    let hay = unsafe { haystack_arg(haystack, haystack_len, start, re.text) }?;
    Ok((re, hay))
}

/// Borrows a haystack, checks the start offset and, for the text flavour,
/// that the haystack is UTF-8.
#[inline(always)]
unsafe fn haystack_arg<'a>(
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    text: bool,
) -> Result<&'a [u8]> {
    let hay = unsafe { arg_bytes(haystack, haystack_len, "haystack") }?;
    check_start(start, hay.len())?;
    if text {
        check_utf8(hay, "haystack")?;
    }
    Ok(hay)
}

/// Checks that `start` is a valid search start for a haystack of `len` bytes.
/// (The regex crate panics on a start past the end; C gets an error.)
#[inline(always)]
fn check_start(start: usize, len: usize) -> Result<()> {
    if start > len {
        return Err(start_error(start, len));
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn start_error(start: usize, len: usize) -> Error {
    Error::new(
        OXRE_ERANGE,
        format!("start offset {start} is past the end of the haystack ({len} bytes)"),
    )
}

/// The search of the haystack from `start` to its end, as the regex crate's
/// `*_at` methods make it.
#[inline(always)]
pub(crate) fn from(hay: &[u8], start: usize) -> Input<'_> {
    Input::new(hay).span(start..hay.len())
}

#[cold]
#[inline(never)]
fn window_error(start: usize, end: usize, len: usize) -> Error {
    Error::new(
        OXRE_ERANGE,
        format!("window [{start}, {end}) does not fit a haystack of {len} bytes"),
    )
}

/// The arguments of the windowed searches: the regex (or set) and an Input
/// for the window [start, end) under `search_flags`.
/// The window arguments of oxre_search() and its kin: the haystack, its
/// length, the window's start and end, and the search flags.
pub(crate) type Window = (*const u8, usize, usize, usize, u32);

/// The arguments of the windowed searches: the regex (or set) and an Input
/// for the window [start, end) under the search flags.
#[inline(always)]
pub(crate) unsafe fn window_args<'a, R: Searched>(
    re: *const R,
    (haystack, haystack_len, start, end, search_flags): Window,
) -> Result<(&'a R, Input<'a>)> {
    let re = unsafe { arg_ref(re, R::ARG) }?;
    check_bits(search_flags, OXRE_SEARCH_FLAGS_ALL, "search flag")?;
    let text = re.text && search_flags & OXRE_NO_UTF8_CHECK == 0;
    let hay = unsafe { haystack_arg(haystack, haystack_len, 0, text) }?;
    if start > end || end > hay.len() {
        return Err(window_error(start, end, hay.len()));
    }
    Ok((re, flagged(hay, start..end, search_flags)))
}

/// The search of `span` in `hay` under search flags (already checked): the
/// one place that turns the flags into the engine's settings.
#[inline(always)]
pub(crate) fn flagged(hay: &[u8], span: Range<usize>, search_flags: u32) -> Input<'_> {
    let anchored = if search_flags & OXRE_ANCHORED != 0 {
        Anchored::Yes
    } else {
        Anchored::No
    };
    Input::new(hay)
        .span(span)
        .anchored(anchored)
        .earliest(search_flags & OXRE_EARLIEST != 0)
}
