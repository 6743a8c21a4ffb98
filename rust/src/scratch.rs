//! Caller-owned scratch space: the engine's search cache, made for one regex
//! or set, and the searches that take it instead of the shared pool.

use std::os::raw::c_int;

use regex_automata::util::iter;
use regex_automata::{meta, PatternSet};

use crate::args::{from, search_args, window_args};
use crate::captures::oxre_captures;
use crate::error::{boundary, Error, Result, OXRE_EINVAL};
use crate::ffi::{arg_mut, arg_ref, free_box, put_found};
use crate::regex::{match_from, oxre_match, oxre_regex};
use crate::set::{oxre_set, which};
use crate::span::oxre_span;

/// Scratch space for searching with one regex (oxre_scratch_new()) or one
/// set (oxre_set_scratch_new()): the engine's search cache, and for a set
/// the table of patterns found. Freed by oxre_scratch_free().
///
/// The plain search functions (oxre_is_match(), oxre_find(), ...) take their
/// scratch space from a pool inside the regex, which threads share; the
/// `_with` functions (oxre_is_match_with(), oxre_find_with(), ...) use the
/// caller's scratch instead, so that a thread owning one never touches the
/// pool and never allocates: a search with a scratch costs fewer
/// instructions, and threads do not contend for the pool (see "Searching
/// from many threads" in the header's introduction).
///
/// A scratch fits the regex or set it was made for and every clone of it
/// (oxre_clone(), oxre_set_clone()); given to any other regex or set, a
/// `_with` function fails with OXRE_EINVAL and searches nothing. It holds
/// no pointer to the regex: either may be freed first.
///
/// Memory: it grows as searches need (the lazy DFA's cache, up to about
/// oxre_options.dfa_size_limit) and keeps what it grew to; see
/// oxre_scratch_memory_usage().
///
/// Thread safety: not synchronized. One thread at a time may use a scratch
/// (it may pass from thread to thread between calls); give each thread its
/// own.
pub struct oxre_scratch {
    /// The identity of the regex or set it was made for.
    owner: u64,
    pub(crate) cache: meta::Cache,
    /// For a set: the patterns found by the last search (empty for a regex).
    pub(crate) found: PatternSet,
}

impl oxre_scratch {
    fn new(owner: u64, meta: &meta::Regex, patterns: usize) -> oxre_scratch {
        oxre_scratch {
            owner,
            cache: meta.create_cache(),
            found: PatternSet::new(patterns),
        }
    }
}

/// Borrows the scratch argument and checks that it was made for `owner`.
pub(crate) unsafe fn scratch_arg<'a>(
    scratch: *mut oxre_scratch,
    owner: u64,
    what: &str,
) -> Result<&'a mut oxre_scratch> {
    let scratch = unsafe { arg_mut(scratch, "scratch") }?;
    if scratch.owner != owner {
        return Err(Error::new(
            OXRE_EINVAL,
            format!("the scratch was made for another {what}"),
        ));
    }
    Ok(scratch)
}

/// The regex, its scratch's cache and the haystack of a `_with` search.
unsafe fn with_args<'a>(
    re: *const oxre_regex,
    scratch: *mut oxre_scratch,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> Result<(&'a oxre_regex, &'a mut meta::Cache, &'a [u8])> {
    let (re, hay) = unsafe { search_args(re, haystack, haystack_len, start) }?;
    let scratch = unsafe { scratch_arg(scratch, re.id, "regex") }?;
    Ok((re, &mut scratch.cache, hay))
}

/// Makes a scratch for searching with `re` (and its clones) through the
/// `_with` functions.
///
/// Returns a new scratch, to be freed with oxre_scratch_free(), or NULL with
/// OXRE_ENULL if `re` is NULL.
///
/// Cost: allocates the engine's caches for `re` (a few kilobytes to a few
/// hundred for large patterns). Make one per thread and reuse it.
#[no_mangle]
pub unsafe extern "C" fn oxre_scratch_new(re: *const oxre_regex) -> *mut oxre_scratch {
    boundary(|| {
        let re = unsafe { arg_ref(re, "re") }?;
        Ok(Box::into_raw(Box::new(oxre_scratch::new(
            re.id, &re.meta, 0,
        ))))
    })
}

/// Makes a scratch for searching with `set` (and its clones) through
/// oxre_set_is_match_with(), oxre_set_matches_with() and
/// oxre_set_search_with().
///
/// Returns a new scratch, to be freed with oxre_scratch_free(), or NULL with
/// OXRE_ENULL if `set` is NULL. Cost as for oxre_scratch_new(), plus one
/// byte per pattern.
#[no_mangle]
pub unsafe extern "C" fn oxre_set_scratch_new(set: *const oxre_set) -> *mut oxre_scratch {
    boundary(|| {
        let set = unsafe { arg_ref(set, "set") }?;
        let n = set.patterns.len();
        Ok(Box::into_raw(Box::new(oxre_scratch::new(
            set.id, &set.meta, n,
        ))))
    })
}

/// Frees a scratch. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn oxre_scratch_free(scratch: *mut oxre_scratch) {
    // SAFETY: the caller passes NULL or a pointer oxre made with Box.
    unsafe { free_box(scratch) }
}

/// The number of bytes `scratch` holds on the heap now (the engine's caches,
/// which grow with the searches made). Returns 0 with OXRE_ENULL if
/// `scratch` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_scratch_memory_usage(scratch: *const oxre_scratch) -> usize {
    boundary(|| {
        let scratch = unsafe { arg_ref(scratch, "scratch") }?;
        Ok(std::mem::size_of::<oxre_scratch>()
            + scratch.cache.memory_usage()
            + scratch.found.capacity())
    })
}

/// oxre_is_match() with the caller's scratch, made for `re` by
/// oxre_scratch_new(): the same result, without the shared pool.
///
/// Returns 1, 0, or the negative codes of oxre_is_match(), and OXRE_ENULL
/// when `scratch` is NULL, OXRE_EINVAL when it was made for another regex.
/// Allocates nothing (the scratch may grow its caches on the first searches).
#[no_mangle]
pub unsafe extern "C" fn oxre_is_match_with(
    re: *const oxre_regex,
    scratch: *mut oxre_scratch,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> c_int {
    boundary(|| {
        let (re, cache, hay) = unsafe { with_args(re, scratch, haystack, haystack_len, start) }?;
        let input = from(hay, start).earliest(true);
        Ok(re.meta.search_half_with(cache, &input).is_some() as c_int)
    })
}

/// oxre_find() with the caller's scratch (see oxre_is_match_with()).
#[no_mangle]
pub unsafe extern "C" fn oxre_find_with(
    re: *const oxre_regex,
    scratch: *mut oxre_scratch,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    r#match: *mut oxre_span,
) -> c_int {
    boundary(|| {
        let (re, cache, hay) = unsafe { with_args(re, scratch, haystack, haystack_len, start) }?;
        let m = re.meta.search_with(cache, &from(hay, start));
        Ok(unsafe { put_found(r#match, m.map(|m| oxre_span::from((m.start(), m.end())))) })
    })
}

/// oxre_shortest_match() with the caller's scratch (see
/// oxre_is_match_with()).
#[no_mangle]
pub unsafe extern "C" fn oxre_shortest_match_with(
    re: *const oxre_regex,
    scratch: *mut oxre_scratch,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    end: *mut usize,
) -> c_int {
    boundary(|| {
        let (re, cache, hay) = unsafe { with_args(re, scratch, haystack, haystack_len, start) }?;
        let input = from(hay, start).earliest(true);
        let hm = re.meta.search_half_with(cache, &input);
        Ok(unsafe { put_found(end, hm.map(|hm| hm.offset())) })
    })
}

/// oxre_count() with the caller's scratch (see oxre_is_match_with()).
#[no_mangle]
pub unsafe extern "C" fn oxre_count_with(
    re: *const oxre_regex,
    scratch: *mut oxre_scratch,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    count: *mut usize,
) -> c_int {
    boundary(|| {
        let (re, cache, hay) = unsafe { with_args(re, scratch, haystack, haystack_len, start) }?;
        let out = unsafe { arg_mut(count, "count") }?;
        // The crate's find_iter(..).count(): match ends only.
        *out = iter::Searcher::new(from(hay, start))
            .into_half_matches_iter(|input| Ok(re.meta.search_half_with(cache, input)))
            .count();
        Ok(0)
    })
}

/// oxre_search() with the caller's scratch (see oxre_is_match_with()).
#[no_mangle]
pub unsafe extern "C" fn oxre_search_with(
    re: *const oxre_regex,
    scratch: *mut oxre_scratch,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    end: usize,
    search_flags: u32,
    r#match: *mut oxre_match,
) -> c_int {
    boundary(|| {
        let (re, input) =
            unsafe { window_args(re, haystack, haystack_len, start, end, search_flags) }?;
        let scratch = unsafe { scratch_arg(scratch, re.id, "regex") }?;
        let m = re.meta.search_with(&mut scratch.cache, &input);
        Ok(unsafe { put_found(r#match, m.map(match_from)) })
    })
}

/// oxre_captures_read() with the caller's scratch (see
/// oxre_is_match_with()); the codes of both.
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_read_with(
    re: *const oxre_regex,
    scratch: *mut oxre_scratch,
    caps: *mut oxre_captures,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> c_int {
    boundary(|| {
        let (re, cache, hay) = unsafe { with_args(re, scratch, haystack, haystack_len, start) }?;
        let caps = unsafe { arg_mut(caps, "caps") }?;
        caps.check_fits(re)?;
        re.meta
            .search_captures_with(cache, &from(hay, start), &mut caps.caps);
        Ok(caps.caps.is_match() as c_int)
    })
}

/// oxre_search_captures() with the caller's scratch (see
/// oxre_is_match_with()); the codes of both.
#[no_mangle]
pub unsafe extern "C" fn oxre_search_captures_with(
    re: *const oxre_regex,
    scratch: *mut oxre_scratch,
    caps: *mut oxre_captures,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    end: usize,
    search_flags: u32,
) -> c_int {
    boundary(|| {
        let (re, input) =
            unsafe { window_args(re, haystack, haystack_len, start, end, search_flags) }?;
        let scratch = unsafe { scratch_arg(scratch, re.id, "regex") }?;
        let caps = unsafe { arg_mut(caps, "caps") }?;
        caps.check_fits(re)?;
        // No earliest search with groups (see oxre_search_captures()).
        let input = input.earliest(false);
        re.meta
            .search_captures_with(&mut scratch.cache, &input, &mut caps.caps);
        Ok(caps.caps.is_match() as c_int)
    })
}

/// oxre_set_is_match() with the caller's scratch, made for `set` by
/// oxre_set_scratch_new(): the same result, without the shared pool.
///
/// Returns 1, 0, or the negative codes of oxre_set_is_match(), and
/// OXRE_ENULL when `scratch` is NULL, OXRE_EINVAL when it was made for
/// another set or for a regex. Allocates nothing.
#[no_mangle]
pub unsafe extern "C" fn oxre_set_is_match_with(
    set: *const oxre_set,
    scratch: *mut oxre_scratch,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> c_int {
    boundary(|| {
        let (set, hay) = unsafe { search_args(set, haystack, haystack_len, start) }?;
        let input = from(hay, start);
        let scratch = unsafe { scratch_arg(scratch, set.id, "set") }?;
        // A set is compiled to report every match (the crate's RegexSet),
        // and a half search of such a regex may miss one: ask for the
        // overlapping matches, stopping at the first.
        scratch.found.clear();
        let input = input.earliest(true);
        set.meta
            .which_overlapping_matches_with(&mut scratch.cache, &input, &mut scratch.found);
        Ok(!scratch.found.is_empty() as c_int)
    })
}

/// oxre_set_matches() with the caller's scratch (see
/// oxre_set_is_match_with()): the same results, and no allocation per call
/// (the table of patterns found lives in the scratch).
#[no_mangle]
pub unsafe extern "C" fn oxre_set_matches_with(
    set: *const oxre_set,
    scratch: *mut oxre_scratch,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    matched: *mut bool,
    matched_len: usize,
) -> c_int {
    boundary(|| {
        let (set, hay) = unsafe { search_args(set, haystack, haystack_len, start) }?;
        let scratch = unsafe { scratch_arg(scratch, set.id, "set") }?;
        let with = Some((&mut scratch.cache, &mut scratch.found));
        unsafe { which(set, &from(hay, start), matched, matched_len, with) }
    })
}

/// oxre_set_search() with the caller's scratch (see
/// oxre_set_is_match_with() and oxre_set_matches_with()).
#[no_mangle]
pub unsafe extern "C" fn oxre_set_search_with(
    set: *const oxre_set,
    scratch: *mut oxre_scratch,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    end: usize,
    search_flags: u32,
    matched: *mut bool,
    matched_len: usize,
) -> c_int {
    boundary(|| {
        let (set, input) =
            unsafe { window_args(set, haystack, haystack_len, start, end, search_flags) }?;
        let scratch = unsafe { scratch_arg(scratch, set.id, "set") }?;
        // As oxre_set_search(): a set reports every pattern, never stops early.
        let input = input.earliest(false);
        let with = Some((&mut scratch.cache, &mut scratch.found));
        unsafe { which(set, &input, matched, matched_len, with) }
    })
}
