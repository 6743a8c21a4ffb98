//! Compiling patterns, and the one-shot searches on a compiled regex.

use std::ffi::CString;
use std::ops::Deref;
use std::os::raw::c_int;

use regex_automata::PatternID;

use crate::args::Window;
use crate::args::{
    check_utf8, from, options_arg, owned, pattern_of, patterns_arg, search_args, window_args,
    Searched,
};
use crate::build::{check_syntax, oxre_options, Compiled, Kind};
use crate::error::{boundary, Result};
use crate::ffi::{arg_bytes, arg_mut, arg_ref, free_box, put_found};
use crate::scratch::{Engine, Using};
use crate::span::oxre_span;

/// A match found by oxre_search() or oxre_iter_next_match(): its span and
/// which pattern matched. Plain data.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct oxre_match {
    /// Offset of the first byte of the match.
    pub start: usize,
    /// Offset one past the last byte of the match.
    pub end: usize,
    /// Index of the pattern that matched: 0 for a regex made by
    /// oxre_compile(), its position in the array for oxre_compile_many().
    pub pattern: usize,
}

/// A compiled regular expression: one pattern (oxre_compile()) or several
/// searched together (oxre_compile_many()). Freed by oxre_free().
///
/// Thread safety: immutable once compiled. Any number of threads may search
/// with the same oxre_regex at the same time, with no locking by the caller.
/// (Each thread gets its own scratch space from an internal pool; a thread
/// that searches very often can use its own oxre_clone() to avoid sharing
/// it, or its own oxre_scratch to avoid the pool altogether: see "Searching
/// from many threads" at the top of this header.)
#[derive(Clone)]
pub struct oxre_regex {
    /// The compiled patterns (shared with oxre_set).
    core: Compiled,
    /// Group names of pattern 0 as C strings, by group index.
    pub(crate) names: Vec<Option<CString>>,
    /// Shared by this regex, its clones and the captures objects made for
    /// them: when two agree, the groups are the same without comparing them.
    pub(crate) groups_id: std::sync::Arc<()>,
}

impl oxre_regex {
    fn new(patterns: Vec<String>, flags: u32, options: &oxre_options) -> Result<oxre_regex> {
        let core = Compiled::new(patterns, flags, options, Kind::Regex)?;
        let names = if core.patterns.is_empty() {
            Vec::new()
        } else {
            core.meta
                .group_info()
                .pattern_names(PatternID::ZERO)
                .map(|n| n.map(|n| CString::new(n).expect("group names hold no NUL")))
                .collect()
        };
        Ok(oxre_regex {
            core,
            names,
            groups_id: Default::default(),
        })
    }
}

impl Deref for oxre_regex {
    type Target = Compiled;
    fn deref(&self) -> &Compiled {
        &self.core
    }
}

impl Searched for oxre_regex {
    const ARG: &'static str = "re";
}

/// Compiles the pattern of `pattern_len` bytes at `pattern`.
///
/// The pattern uses the regex crate's syntax (see oxre-syntax(7)) and must be
/// UTF-8; it need not be NUL-terminated and may contain NUL. `flags` is 0 or
/// a bitwise OR of the OXRE_* flags above; `options` may be NULL for the
/// default limits. Without OXRE_TEXT, the regex searches arbitrary bytes:
/// in Unicode mode (the default) a `.` or class matches only valid UTF-8,
/// but the haystack itself may hold anything, and `(?-u:\xFF)` matches the
/// byte 0xFF.
///
/// Returns a new regex, to be freed with oxre_free(), or NULL on failure with
/// the last error set:
/// - OXRE_ENULL: `pattern` is NULL and `pattern_len` is not 0;
/// - OXRE_EINVAL: `pattern_len` exceeds PTRDIFF_MAX;
/// - OXRE_EFLAGS: `flags` has bits outside OXRE_FLAGS_ALL;
/// - OXRE_EUTF8: the pattern is not UTF-8 (span: the bad bytes);
/// - OXRE_ESYNTAX: the pattern is invalid (span: the offending part, and the
///   message says what is wrong, e.g. "unclosed group"), or it nests deeper
///   than `options->nest_limit`, or with OXRE_TEXT it could match invalid
///   UTF-8;
/// - OXRE_ESIZE: the compiled regex would exceed `options->size_limit`;
/// - OXRE_ENOMEM: there is no memory to copy the pattern, or for the
///   scratch space its searches would need (which grows with the number of
///   groups times the size of the program: a search of 35,000 nested groups
///   needs 78 GB; that much is tried, and freed, at compile time).
///
/// Cost: compiling takes time and memory roughly linear in the size of the
/// pattern after Unicode classes and counted repetitions are expanded
/// (`\w{100}` is big). Compile once and reuse the result.
#[no_mangle]
pub unsafe extern "C" fn oxre_compile(
    pattern: *const u8,
    pattern_len: usize,
    flags: u32,
    options: *const oxre_options,
) -> *mut oxre_regex {
    boundary(|| {
        let bytes = unsafe { arg_bytes(pattern, pattern_len, "pattern") }?;
        let pattern = owned(check_utf8(bytes, "pattern")?)?;
        let re = oxre_regex::new(vec![pattern], flags, unsafe { &options_arg(options) })?;
        Ok(Box::into_raw(Box::new(re)))
    })
}

/// Compiles `count` patterns into one regex that searches for all of them
/// at once: each search reports the leftmost-first match among all the
/// patterns and which pattern it was (oxre_search(), oxre_iter_next_match(),
/// oxre_captures_pattern()). Where two patterns match at the same leftmost
/// position, the one listed first wins.
///
/// Pattern i is the `pattern_lens[i]` bytes at `patterns[i]`. Flags and
/// options apply to every pattern, as for oxre_compile(). With `count` 0
/// the regex never matches (both arrays may then be NULL).
///
/// The group functions that take no pattern index (oxre_captures_len(),
/// oxre_capture_index(), oxre_capture_name(), oxre_names_count()) describe
/// pattern 0; a captures object always reads the groups of the pattern that
/// matched, and oxre_captures_name() resolves names in that pattern.
///
/// Returns a new regex or NULL with the errors of oxre_compile(); for an
/// error in one pattern, the last error's `pattern` field gives its index.
/// The patterns are checked in order, each wholly (UTF-8, then syntax)
/// before the next, so that is the first pattern in error; a size limit
/// (OXRE_ESIZE) or scratch space (OXRE_ENOMEM) is checked only once all
/// of them are valid, for the whole regex.
/// OXRE_ENULL also when `patterns` or `pattern_lens` is NULL with `count`
/// above 0, or a pattern is NULL with a non-zero length; OXRE_EINVAL when
/// `count` exceeds OXRE_PATTERNS_MAX; OXRE_ENOMEM when there is no memory
/// to copy the patterns or for a search's scratch space.
#[no_mangle]
pub unsafe extern "C" fn oxre_compile_many(
    patterns: *const *const u8,
    pattern_lens: *const usize,
    count: usize,
    flags: u32,
    options: *const oxre_options,
) -> *mut oxre_regex {
    boundary(|| {
        let options = unsafe { &options_arg(options) };
        let earlier = |p: &[String]| check_syntax(p, flags, options);
        let patterns = unsafe { patterns_arg(patterns, pattern_lens, count, earlier) }?;
        let re = oxre_regex::new(patterns, flags, options)?;
        Ok(Box::into_raw(Box::new(re)))
    })
}

/// Returns a new regex equal to `re`, to be freed with oxre_free() on its
/// own. Cheap: the compiled program is shared, only the per-thread scratch
/// space is new. Returns NULL with OXRE_ENULL if `re` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_clone(re: *const oxre_regex) -> *mut oxre_regex {
    boundary(|| {
        let re = unsafe { arg_ref(re, "re") }?;
        Ok(Box::into_raw(Box::new(re.clone())))
    })
}

/// The number of bytes of heap memory the compiled program of `re` holds
/// (the engine's report: its automata and prefilters). The scratch space of
/// searches is extra: per thread in the internal pool, or in the caller's
/// oxre_scratch (see oxre_scratch_memory_usage()). Returns 0 with OXRE_ENULL
/// if `re` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_memory_usage(re: *const oxre_regex) -> usize {
    boundary(|| Ok(unsafe { arg_ref(re, "re") }?.meta.memory_usage()))
}

/// Frees a regex. NULL is accepted and ignored.
///
/// Iterators made from the regex must not be used afterwards (free them
/// first); captures objects need not be freed first.
#[no_mangle]
pub unsafe extern "C" fn oxre_free(re: *mut oxre_regex) {
    // SAFETY: the caller passes NULL or a pointer oxre made with Box.
    unsafe { free_box(re) }
}

/// The number of patterns in `re`: 1 for oxre_compile(), `count` for
/// oxre_compile_many(). Returns 0 with OXRE_ENULL if `re` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_patterns_len(re: *const oxre_regex) -> usize {
    boundary(|| Ok(unsafe { arg_ref(re, "re") }?.patterns.len()))
}

/// Pattern `index` of `re` as it was given to the compile function, without
/// a NUL terminator: returns a pointer to its bytes and stores its length in
/// `*len`. The bytes belong to the regex and live as long as it does.
///
/// Returns NULL (and sets `*len` to 0 when `len` is not NULL) on failure:
/// OXRE_ENULL (`re` or `len` NULL), OXRE_ERANGE (`index` not below
/// oxre_patterns_len()).
#[no_mangle]
pub unsafe extern "C" fn oxre_pattern(
    re: *const oxre_regex,
    index: usize,
    len: *mut usize,
) -> *const u8 {
    boundary(|| unsafe { pattern_of(re, index, len) })
}

/// Reports whether the regex matches anywhere in the haystack at or after
/// byte offset `start`.
///
/// The haystack is `haystack_len` arbitrary bytes (NULL is fine when the
/// length is 0; for OXRE_TEXT they must be UTF-8). Searching from `start` is
/// not the same as searching the slice that begins there: look-around such
/// as `^` and `\b` still sees the bytes before `start`, so `^` does not match
/// at a `start` above 0 (unless in multi-line mode after a line terminator).
///
/// Returns 1 for a match, 0 for none, or a negative code: OXRE_ENULL (`re`
/// NULL, or `haystack` NULL with a non-zero length), OXRE_ERANGE (`start`
/// greater than `haystack_len`), OXRE_EUTF8 (OXRE_TEXT and the haystack is
/// not UTF-8).
///
/// This is the fastest search: it may stop as soon as a match is certain.
#[no_mangle]
pub unsafe extern "C" fn oxre_is_match(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> c_int {
    boundary(|| unsafe { is_match(re, Using::Pool, haystack, haystack_len, start) })
}

/// The arguments of a search from `start` with a cache: the regex, the
/// haystack, and the caller's scratch's cache (None for the pool), each
/// checked.
#[inline(always)]
pub(crate) unsafe fn cache_args<'a>(
    re: *const oxre_regex,
    using: Using,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> Result<(
    &'a oxre_regex,
    &'a [u8],
    Option<&'a mut regex_automata::meta::Cache>,
)> {
    let (re, hay) = unsafe { search_args(re, haystack, haystack_len, start) }?;
    let cache = unsafe { using.scratch(re.id, "regex") }?.map(|s| &mut s.cache);
    Ok((re, hay, cache))
}

/// The body of oxre_is_match() and oxre_is_match_with().
#[inline(always)]
pub(crate) unsafe fn is_match(
    re: *const oxre_regex,
    using: Using,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> Result<c_int> {
    let (re, hay, cache) = unsafe { cache_args(re, using, haystack, haystack_len, start) }?;
    Ok(re.meta.is_match_in(cache, from(hay, start)) as c_int)
}

/// Finds the leftmost-first match at or after byte offset `start` and stores
/// its span in `*match` (which may be NULL to only test).
///
/// Leftmost-first: of the matches starting at the leftmost position, the one
/// a backtracking engine would find first (as in Perl, PCRE2 and RE2, not
/// POSIX's leftmost-longest). Look-around sees the bytes before `start`, as
/// for oxre_is_match().
///
/// Returns 1 and fills `*match` when found, 0 when not (leaving `*match` as it
/// was), or a negative code as for oxre_is_match().
#[no_mangle]
pub unsafe extern "C" fn oxre_find(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    r#match: *mut oxre_span,
) -> c_int {
    boundary(|| unsafe { find(re, Using::Pool, haystack, haystack_len, start, r#match) })
}

/// The body of oxre_find() and oxre_find_with().
#[inline(always)]
pub(crate) unsafe fn find(
    re: *const oxre_regex,
    using: Using,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    r#match: *mut oxre_span,
) -> Result<c_int> {
    let (re, hay, cache) = unsafe { cache_args(re, using, haystack, haystack_len, start) }?;
    let found = re.meta.search_in(cache, &from(hay, start));
    Ok(unsafe { put_found(r#match, found.map(|m| m.span().into())) })
}

/// Finds the end of a match at or after byte offset `start`, stopping as
/// early as the engine can be sure a match exists, and stores that end offset
/// in `*end` (which may be NULL).
///
/// The end reported may be earlier than the end of the match oxre_find()
/// reports (for `a+` on "aaa" it may be 1), but a match is reported exactly
/// when oxre_find() would find one. Use it when any witness will do.
///
/// Returns 1 and fills `*end` when found, 0 when not, or a negative code as
/// for oxre_is_match().
#[no_mangle]
pub unsafe extern "C" fn oxre_shortest_match(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    end: *mut usize,
) -> c_int {
    boundary(|| unsafe { shortest_match(re, Using::Pool, haystack, haystack_len, start, end) })
}

/// The body of oxre_shortest_match() and oxre_shortest_match_with().
#[inline(always)]
pub(crate) unsafe fn shortest_match(
    re: *const oxre_regex,
    using: Using,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    end: *mut usize,
) -> Result<c_int> {
    let (re, hay, cache) = unsafe { cache_args(re, using, haystack, haystack_len, start) }?;
    let found = re
        .meta
        .search_half_in(cache, &from(hay, start).earliest(true));
    Ok(unsafe { put_found(end, found.map(|hm| hm.offset())) })
}

/// Counts the non-overlapping matches at or after byte offset `start`, as
/// iterating with oxre_iter_new() would find them, and stores the count in
/// `*count`. This is the regex crate's `find_iter(..).count()`: it only
/// looks for where matches end, so it is faster than iterating (up to twice
/// as fast for patterns whose match starts take a second scan to find).
///
/// Returns OXRE_OK, or a negative code: OXRE_ENULL (`re` or `count` NULL,
/// or `haystack` NULL with a non-zero length), OXRE_ERANGE (`start` >
/// `haystack_len`), OXRE_EUTF8 (OXRE_TEXT and the haystack is not UTF-8).
#[no_mangle]
pub unsafe extern "C" fn oxre_count(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    count: *mut usize,
) -> c_int {
    boundary(|| unsafe { self::count(re, Using::Pool, haystack, haystack_len, start, count) })
}

/// The body of oxre_count() and oxre_count_with().
#[inline(always)]
pub(crate) unsafe fn count(
    re: *const oxre_regex,
    using: Using,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    count: *mut usize,
) -> Result<c_int> {
    let (re, hay, cache) = unsafe { cache_args(re, using, haystack, haystack_len, start) }?;
    let out = unsafe { arg_mut(count, "count") }?;
    *out = re.meta.count_in(cache, from(hay, start));
    Ok(0)
}

/// The general search: finds the leftmost-first match inside the window
/// [`start`, `end`) of the haystack, under search flags, and reports which
/// pattern matched.
///
/// Only matches lying wholly inside the window are found, but look-around
/// (`^`, `$`, `\b`) still sees the bytes outside it: in "a foo bar", the
/// window [2, 5) holds "foo", yet `^foo` does not match there (`^` sees the
/// "a " before it) and `foo\b` does (`\b` sees the space after it); searching
/// a copy of "foo" would match both. `search_flags` is 0 or a bitwise OR of
/// OXRE_ANCHORED, OXRE_EARLIEST and OXRE_NO_UTF8_CHECK. `*match` may be
/// NULL.
///
/// Returns 1 and fills `*match` when found, 0 when not, or a negative code:
/// OXRE_ENULL (`re` NULL, or `haystack` NULL with a non-zero length),
/// OXRE_ERANGE (`start` > `end` or `end` > `haystack_len`), OXRE_EFLAGS
/// (unknown search flags), OXRE_EUTF8 (OXRE_TEXT and the whole haystack is
/// not UTF-8).
#[no_mangle]
pub unsafe extern "C" fn oxre_search(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    end: usize,
    search_flags: u32,
    r#match: *mut oxre_match,
) -> c_int {
    boundary(|| unsafe {
        let window = (haystack, haystack_len, start, end, search_flags);
        search(re, Using::Pool, window, r#match)
    })
}

/// The body of oxre_search() and oxre_search_with().
#[inline(always)]
pub(crate) unsafe fn search(
    re: *const oxre_regex,
    using: Using,
    window: Window,
    r#match: *mut oxre_match,
) -> Result<c_int> {
    let (re, input) = unsafe { window_args(re, window) }?;
    let cache = unsafe { using.scratch(re.id, "regex") }?.map(|s| &mut s.cache);
    Ok(unsafe { put_found(r#match, re.meta.search_in(cache, &input).map(match_from)) })
}

pub(crate) fn match_from(m: regex_automata::Match) -> oxre_match {
    oxre_match {
        start: m.start(),
        end: m.end(),
        pattern: m.pattern().as_usize(),
    }
}

/// The number of capture groups, group 0 included, that the pattern's
/// structure guarantees take part in every match of `re` (the regex
/// crate's static_captures_len()): stores it in `*len` and returns 1, or
/// returns 0 when the structure guarantees no such number. `len` may be
/// NULL. Returns OXRE_ENULL if `re` is NULL.
///
/// The count is made from the pattern, not from matches: group 0, plus
/// every group, except that an alternation whose branches count
/// differently, or a repetition that may match zero times (`*`, `?`,
/// `{0,n}`) of something with groups, gives no number at all, and a
/// repetition `{0}` counts as no groups. So `a|(b)` and `(a)?` give none,
/// `(a)|(b)` gives 2, and `(a){0}(a)` gives 2 although the regex has 3
/// groups (oxre_captures_len()): group 1 never takes part. Every match has
/// at least that many groups taking part, and may have more where a
/// repetition keeps the groups set in earlier rounds: `((..)|(.)){2}` gives
/// 3, yet its match of "aaa" has 4 groups set. For several patterns
/// (oxre_compile_many()), a number only when all of them give the same.
#[no_mangle]
pub unsafe extern "C" fn oxre_static_captures_len(re: *const oxre_regex, len: *mut usize) -> c_int {
    boundary(|| {
        let re = unsafe { arg_ref(re, "re") }?;
        Ok(unsafe { put_found(len, re.meta.static_captures_len()) })
    })
}
