//! Regex sets: which of many patterns match a haystack.

use std::ops::Deref;
use std::os::raw::c_int;

use regex_automata::{Input, PatternID, PatternSet};

use crate::args::{
    from, options_arg, pattern_of, patterns_arg, search_args, window_args, Searched, Window,
};
use crate::build::{check_syntax, oxre_options, Compiled, Kind};
use crate::error::{boundary, Error, Result, OXRE_ENOSPC};
use crate::ffi::{arg_out_array, arg_ref, free_box};
use crate::scratch::{oxre_scratch, Engine, Using};

/// A set of patterns searched together to learn which of them match (the
/// regex crate's `RegexSet`, `bytes::RegexSet` without OXRE_TEXT). Unlike a
/// multi-pattern regex it reports every pattern that matches anywhere,
/// overlapping or not, but no positions. Created by oxre_set_compile(), freed
/// by oxre_set_free().
///
/// Thread safety: immutable once compiled; any number of threads may use it
/// at once.
pub struct oxre_set {
    /// The compiled patterns (shared with oxre_regex).
    core: Compiled,
}

impl Deref for oxre_set {
    type Target = Compiled;
    fn deref(&self) -> &Compiled {
        &self.core
    }
}

impl Searched for oxre_set {
    const ARG: &'static str = "set";
}

/// Compiles `count` patterns (pattern i is the `pattern_lens[i]` bytes at
/// `patterns[i]`) into a set, with the flags and options of oxre_compile(),
/// which apply to every pattern. With `count` 0 the set is empty and never
/// matches (both arrays may then be NULL).
///
/// Returns a new set, to be freed with oxre_set_free(), or NULL with the
/// errors of oxre_compile_many() (the last error's `pattern` field gives the
/// index of the first pattern in error, the patterns being checked in
/// order, each wholly before the next).
#[no_mangle]
pub unsafe extern "C" fn oxre_set_compile(
    patterns: *const *const u8,
    pattern_lens: *const usize,
    count: usize,
    flags: u32,
    options: *const oxre_options,
) -> *mut oxre_set {
    boundary(|| {
        let options = unsafe { &options_arg(options) };
        let earlier = |p: &[String]| check_syntax(p, flags, options);
        let patterns = unsafe { patterns_arg(patterns, pattern_lens, count, earlier) }?;
        let core = Compiled::new(patterns, flags, options, Kind::Set)?;
        Ok(Box::into_raw(Box::new(oxre_set { core })))
    })
}

/// Returns a new set equal to `set`, to be freed with oxre_set_free() on its
/// own. Cheap: the compiled program is shared, only the pool of scratch
/// space is new (so threads each searching with their own clone do not
/// share one). A scratch made for `set` fits the clone too. Returns NULL
/// with OXRE_ENULL if `set` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_set_clone(set: *const oxre_set) -> *mut oxre_set {
    boundary(|| {
        let set = unsafe { arg_ref(set, "set") }?;
        Ok(Box::into_raw(Box::new(oxre_set {
            core: set.core.clone(),
        })))
    })
}

/// The number of bytes of heap memory the compiled program of `set` holds
/// (the engine's report; the scratch space of searches is extra, see
/// oxre_scratch_memory_usage()). Returns 0 with OXRE_ENULL if `set` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_set_memory_usage(set: *const oxre_set) -> usize {
    boundary(|| Ok(unsafe { arg_ref(set, "set") }?.meta.memory_usage()))
}

/// Frees a set. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn oxre_set_free(set: *mut oxre_set) {
    // SAFETY: the caller passes NULL or a pointer oxre made with Box.
    unsafe { free_box(set) }
}

/// Reports whether any pattern of the set matches the haystack at or after
/// byte offset `start` (look-around sees the bytes before it).
///
/// Returns 1, 0, or a negative code: OXRE_ENULL (`set` NULL, or `haystack`
/// NULL with a non-zero length), OXRE_ERANGE (`start` > `haystack_len`),
/// OXRE_EUTF8 (OXRE_TEXT and the haystack is not UTF-8).
#[no_mangle]
pub unsafe extern "C" fn oxre_set_is_match(
    set: *const oxre_set,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> c_int {
    boundary(|| unsafe { is_match(set, Using::Pool, haystack, haystack_len, start) })
}

/// The body of oxre_set_is_match() and oxre_set_is_match_with().
#[inline(always)]
pub(crate) unsafe fn is_match(
    set: *const oxre_set,
    using: Using,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> Result<c_int> {
    let (set, hay) = unsafe { search_args(set, haystack, haystack_len, start) }?;
    let input = from(hay, start);
    Ok(match unsafe { using.scratch(set.id, "set") }? {
        None => set.meta.is_match(input),
        Some(scratch) => {
            // A set is compiled to report every match (the crate's
            // RegexSet), and a half search of such a regex may miss one:
            // ask for the overlapping matches, stopping at the first.
            scratch.found.clear();
            let input = input.earliest(true);
            set.meta
                .which_in(Some(&mut scratch.cache), &input, &mut scratch.found);
            !scratch.found.is_empty()
        }
    } as c_int)
}

/// Finds which patterns of the set match the haystack at or after byte
/// offset `start`, and sets `matched[i]` to true or false for each pattern
/// i. `matched` holds `matched_len` booleans; it may be NULL (with
/// `matched_len` 0) to only count.
///
/// Returns the number of patterns that match, or a negative code: the codes
/// of oxre_set_is_match(), and OXRE_ENOSPC when `matched` is not NULL and
/// `matched_len` is below oxre_set_len() (nothing is written then).
///
/// Cost: runs the search to the end of the haystack (it cannot stop at the
/// first match); prefer oxre_set_is_match() to test for any match.
#[no_mangle]
pub unsafe extern "C" fn oxre_set_matches(
    set: *const oxre_set,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    matched: *mut bool,
    matched_len: usize,
) -> c_int {
    boundary(|| unsafe {
        let out = (matched, matched_len);
        matches(set, Using::Pool, haystack, haystack_len, start, out)
    })
}

/// The body of oxre_set_matches() and oxre_set_matches_with().
#[inline(always)]
pub(crate) unsafe fn matches(
    set: *const oxre_set,
    using: Using,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    (matched, matched_len): (*mut bool, usize),
) -> Result<c_int> {
    let (set, hay) = unsafe { search_args(set, haystack, haystack_len, start) }?;
    let scratch = unsafe { using.scratch(set.id, "set") }?;
    unsafe { which(set, &from(hay, start), matched, matched_len, scratch) }
}

/// Runs the set over `input` and reports which patterns match in
/// `matched` (see oxre_set_matches()); returns how many match. `scratch`:
/// the caller's, whose cache and table of patterns it uses (no pool, no
/// allocation), or None for the set's pool and a new table.
unsafe fn which(
    set: &oxre_set,
    input: &Input,
    matched: *mut bool,
    matched_len: usize,
    scratch: Option<&mut oxre_scratch>,
) -> Result<c_int> {
    let n = set.patterns.len();
    let out = if matched.is_null() && matched_len == 0 {
        None
    } else {
        let out = unsafe { arg_out_array(matched, matched_len, "matched") }?;
        if matched_len < n {
            return Err(Error::new(
                OXRE_ENOSPC,
                format!("matched has room for {matched_len} patterns but the set has {n}"),
            ));
        }
        Some(out)
    };
    let mut own;
    let (cache, found) = match scratch {
        Some(scratch) => {
            scratch.found.clear();
            (Some(&mut scratch.cache), &mut scratch.found)
        }
        None => {
            own = PatternSet::new(n);
            (None, &mut own)
        }
    };
    set.meta.which_in(cache, input, found);
    if let Some(out) = out {
        for (i, slot) in out.iter_mut().take(n).enumerate() {
            slot.write(found.contains(PatternID::must(i)));
        }
    }
    Ok(found.len() as c_int)
}

/// Like oxre_set_matches(), but searches the window [`start`, `end`) of the
/// haystack under search flags, as oxre_search() does for a regex: with
/// OXRE_ANCHORED only patterns matching at `start` count; look-around sees
/// outside the window; OXRE_NO_UTF8_CHECK skips the text flavour's UTF-8
/// check. OXRE_EARLIEST is accepted and changes nothing (a set search
/// always runs to the end of the window, to find every pattern that
/// matches).
///
/// Returns the number of patterns that match, or a negative code: those of
/// oxre_set_matches(), OXRE_ERANGE (`start` > `end` or `end` >
/// `haystack_len`), OXRE_EFLAGS (unknown search flags).
#[no_mangle]
pub unsafe extern "C" fn oxre_set_search(
    set: *const oxre_set,
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
        search(set, Using::Pool, window, (matched, matched_len))
    })
}

/// The body of oxre_set_search() and oxre_set_search_with().
#[inline(always)]
pub(crate) unsafe fn search(
    set: *const oxre_set,
    using: Using,
    window: Window,
    (matched, matched_len): (*mut bool, usize),
) -> Result<c_int> {
    let (set, input) = unsafe { window_args(set, window) }?;
    let scratch = unsafe { using.scratch(set.id, "set") }?;
    // An earliest search would stop at the first pattern that matches; a
    // set reports them all.
    let input = input.earliest(false);
    unsafe { which(set, &input, matched, matched_len, scratch) }
}

/// The number of patterns in the set. Returns 0 with OXRE_ENULL if `set`
/// is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_set_len(set: *const oxre_set) -> usize {
    boundary(|| Ok(unsafe { arg_ref(set, "set") }?.patterns.len()))
}

/// Pattern `index` of the set as it was given to oxre_set_compile(), without
/// a NUL terminator: returns a pointer to its bytes and stores its length in
/// `*len`. The bytes belong to the set and live as long as it does.
///
/// Returns NULL (and sets `*len` to 0 when `len` is not NULL) on failure:
/// OXRE_ENULL (`set` or `len` NULL), OXRE_ERANGE (`index` not below
/// oxre_set_len()).
#[no_mangle]
pub unsafe extern "C" fn oxre_set_pattern(
    set: *const oxre_set,
    index: usize,
    len: *mut usize,
) -> *const u8 {
    boundary(|| unsafe { pattern_of(set, index, len) })
}
