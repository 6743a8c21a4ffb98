//! Caller-owned scratch space: the engine's search cache, made for one regex
//! or set, and the searches that take it instead of the shared pool.

use std::os::raw::c_int;

use regex_automata::util::captures::Captures;
use regex_automata::util::iter;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{meta, HalfMatch, Input, Match, PatternSet};

use crate::captures::{self, oxre_captures};
use crate::error::{boundary, Error, Result, OXRE_EINVAL};
use crate::ffi::{arg_mut, arg_ref, free_box};
use crate::regex::{self, oxre_match, oxre_regex};
use crate::set::{self, oxre_set};
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
    /// For a regex of several patterns: the groups oxre_find_groups_with()
    /// finds, before it copies those of the pattern that matched (a regex
    /// of one pattern has its groups written in place).
    pub(crate) caps: Option<Captures>,
    /// For a regex of one pattern: the slots oxre_find_groups_with() has
    /// the engine write, two per group.
    pub(crate) slots: Vec<Option<NonMaxUsize>>,
}

impl oxre_scratch {
    fn new(owner: u64, meta: &meta::Regex, patterns: usize) -> oxre_scratch {
        oxre_scratch {
            owner,
            cache: meta.create_cache(),
            found: PatternSet::new(patterns),
            caps: None,
            slots: Vec::new(),
        }
    }
}

/// Where a search takes its search cache from: the shared pool of the regex
/// or set (the plain functions) or the caller's scratch (the `_with`
/// functions). Each kind of search has one body taking this, which both of
/// its entry points call.
#[derive(Clone, Copy)]
pub(crate) enum Using {
    Pool,
    Scratch(*mut oxre_scratch),
}

impl Using {
    /// The caller's scratch, checked to be made for `owner` (the identity
    /// of the regex or set searched, a `what`), or None for the pool.
    #[inline(always)]
    pub(crate) unsafe fn scratch<'a>(
        self,
        owner: u64,
        what: &str,
    ) -> Result<Option<&'a mut oxre_scratch>> {
        match self {
            Using::Pool => Ok(None),
            Using::Scratch(p) => {
                let scratch = unsafe { arg_mut(p, "scratch") }?;
                if scratch.owner != owner {
                    return Err(not_mine(what));
                }
                Ok(Some(scratch))
            }
        }
    }
}

#[cold]
#[inline(never)]
fn not_mine(what: &str) -> Error {
    Error::new(
        OXRE_EINVAL,
        format!("the scratch was made for another {what}"),
    )
}

/// The engine's searches with an optional cache: the caller's (the
/// engine's `_with` methods) or, given None, the one the engine takes from
/// its pool.
pub(crate) trait Engine {
    fn is_match_in(&self, cache: Option<&mut meta::Cache>, input: Input) -> bool;
    fn search_in(&self, cache: Option<&mut meta::Cache>, input: &Input) -> Option<Match>;
    fn search_half_in(&self, cache: Option<&mut meta::Cache>, input: &Input) -> Option<HalfMatch>;
    fn count_in(&self, cache: Option<&mut meta::Cache>, input: Input) -> usize;
    fn search_captures_in(
        &self,
        cache: Option<&mut meta::Cache>,
        input: &Input,
        caps: &mut Captures,
    );
    fn which_in(&self, cache: Option<&mut meta::Cache>, input: &Input, found: &mut PatternSet);
}

impl Engine for meta::Regex {
    #[inline(always)]
    fn is_match_in(&self, cache: Option<&mut meta::Cache>, input: Input) -> bool {
        // Made an earliest search here, once, rather than moved and
        // changed in each arm.
        let input = input.earliest(true);
        match cache {
            Some(cache) => self.search_half_with(cache, &input).is_some(),
            None => self.is_match(input),
        }
    }

    #[inline(always)]
    fn search_in(&self, cache: Option<&mut meta::Cache>, input: &Input) -> Option<Match> {
        match cache {
            Some(cache) => self.search_with(cache, input),
            None => self.search(input),
        }
    }

    #[inline(always)]
    fn search_half_in(&self, cache: Option<&mut meta::Cache>, input: &Input) -> Option<HalfMatch> {
        match cache {
            Some(cache) => self.search_half_with(cache, input),
            None => self.search_half(input),
        }
    }

    /// The crate's find_iter(..).count(): match ends only.
    #[inline(always)]
    fn count_in(&self, cache: Option<&mut meta::Cache>, input: Input) -> usize {
        match cache {
            Some(cache) => iter::Searcher::new(input)
                .into_half_matches_iter(|input| Ok(self.search_half_with(cache, input)))
                .count(),
            None => self.find_iter(input).count(),
        }
    }

    #[inline(always)]
    fn search_captures_in(
        &self,
        cache: Option<&mut meta::Cache>,
        input: &Input,
        caps: &mut Captures,
    ) {
        match cache {
            Some(cache) => self.search_captures_with(cache, input, caps),
            None => self.search_captures(input, caps),
        }
    }

    #[inline(always)]
    fn which_in(&self, cache: Option<&mut meta::Cache>, input: &Input, found: &mut PatternSet) {
        match cache {
            Some(cache) => self.which_overlapping_matches_with(cache, input, found),
            None => self.which_overlapping_matches(input, found),
        }
    }
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
        let mut scratch = oxre_scratch::new(re.id, &re.meta, 0);
        if re.meta.pattern_len() > 1 {
            scratch.caps = Some(re.meta.create_captures());
        } else {
            scratch.slots = vec![None; re.meta.group_info().slot_len()];
        }
        Ok(Box::into_raw(Box::new(scratch)))
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
        let slots = scratch.caps.as_ref().map_or(0, |c| c.slots().len()) + scratch.slots.len();
        let slots = slots * std::mem::size_of::<Option<NonMaxUsize>>();
        Ok(std::mem::size_of::<oxre_scratch>()
            + scratch.cache.memory_usage()
            + scratch.found.capacity()
            + slots)
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
    boundary(|| unsafe {
        regex::is_match(re, Using::Scratch(scratch), haystack, haystack_len, start)
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
    boundary(|| unsafe {
        regex::find(
            re,
            Using::Scratch(scratch),
            haystack,
            haystack_len,
            start,
            r#match,
        )
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
    boundary(|| unsafe {
        regex::shortest_match(
            re,
            Using::Scratch(scratch),
            haystack,
            haystack_len,
            start,
            end,
        )
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
    boundary(|| unsafe {
        regex::count(
            re,
            Using::Scratch(scratch),
            haystack,
            haystack_len,
            start,
            count,
        )
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
    boundary(|| unsafe {
        let window = (haystack, haystack_len, start, end, search_flags);
        regex::search(re, Using::Scratch(scratch), window, r#match)
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
    boundary(|| unsafe {
        captures::read(
            re,
            Using::Scratch(scratch),
            caps,
            haystack,
            haystack_len,
            start,
        )
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
    boundary(|| unsafe {
        let window = (haystack, haystack_len, start, end, search_flags);
        captures::search(re, Using::Scratch(scratch), caps, window)
    })
}

/// oxre_find_groups() with the caller's scratch (see oxre_is_match_with()):
/// the same results, without the shared pool and without allocating.
#[no_mangle]
pub unsafe extern "C" fn oxre_find_groups_with(
    re: *const oxre_regex,
    scratch: *mut oxre_scratch,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    spans: *mut oxre_span,
    spans_len: usize,
) -> c_int {
    boundary(|| unsafe {
        let out = (spans, spans_len);
        captures::find_groups(
            re,
            Using::Scratch(scratch),
            haystack,
            haystack_len,
            start,
            out,
        )
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
    boundary(|| unsafe {
        set::is_match(set, Using::Scratch(scratch), haystack, haystack_len, start)
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
    boundary(|| unsafe {
        let out = (matched, matched_len);
        set::matches(
            set,
            Using::Scratch(scratch),
            haystack,
            haystack_len,
            start,
            out,
        )
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
    boundary(|| unsafe {
        let window = (haystack, haystack_len, start, end, search_flags);
        set::search(set, Using::Scratch(scratch), window, (matched, matched_len))
    })
}
