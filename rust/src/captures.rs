//! The reusable captures object, and capture group names.

use std::os::raw::{c_char, c_int};

use regex_automata::util::captures::Captures;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::PatternID;

use crate::args::{from, search_args, window_args, Window};
use crate::error::{boundary, Error, Result, OXRE_EINVAL, OXRE_ENOGROUP, OXRE_ERANGE};
use crate::ffi::{arg_bytes, arg_mut, arg_out_array, arg_ref, free_box, put_found};
use crate::regex::{cache_args, oxre_regex};
use crate::scratch::{Engine, Using};
use crate::span::oxre_span;

/// The spans of every capture group of one match, filled by
/// oxre_captures_read() or oxre_iter_next_captures() and reused across
/// searches, so that searching does not allocate. Created by
/// oxre_captures_new() for one regex (it then fits that regex, its clones,
/// and any regex with the same patterns, groups and group names; any other
/// regex refuses it with OXRE_EINVAL); freed by oxre_captures_free().
///
/// Thread safety: not synchronized. One thread at a time may use a captures
/// object; give each thread its own.
pub struct oxre_captures {
    pub(crate) caps: Captures,
    /// The `groups_id` of the regex it was made for.
    pub(crate) groups_id: std::sync::Arc<()>,
}

impl oxre_captures {
    /// Checks that these captures fit `re`: the same patterns, with the
    /// same groups and group names in each (names are resolved through the
    /// captures, so other names would answer for another regex).
    // The usual case, made for this regex or a clone, is one comparison,
    // inlined into the searches.
    #[inline(always)]
    pub(crate) fn check_fits(&self, re: &oxre_regex) -> Result<()> {
        if std::sync::Arc::ptr_eq(&self.groups_id, &re.groups_id) {
            return Ok(());
        }
        self.check_groups(re)
    }

    #[cold]
    #[inline(never)]
    fn check_groups(&self, re: &oxre_regex) -> Result<()> {
        let (mine, theirs) = (self.caps.group_info(), re.meta.group_info());
        let fits = mine.pattern_len() == theirs.pattern_len()
            && mine.slot_len() == theirs.slot_len()
            && mine.all_names().eq(theirs.all_names());
        if !fits {
            return Err(Error::new(
                OXRE_EINVAL,
                "the captures object was made for a regex with other groups",
            ));
        }
        Ok(())
    }

    /// The number of groups of the pattern that matched last (of pattern 0
    /// when the last search found nothing).
    fn group_count(&self) -> usize {
        let pid = self.caps.pattern().unwrap_or(PatternID::ZERO);
        if self.caps.group_info().pattern_len() == 0 {
            return 0;
        }
        self.caps.group_info().group_len(pid)
    }
}

/// Allocates a captures object for `re`, holding no match yet.
///
/// Returns NULL with OXRE_ENULL if `re` is NULL. Free the result with
/// oxre_captures_free(). The captures object does not refer to `re` (either
/// may be freed first); it only has room for `re`'s groups.
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_new(re: *const oxre_regex) -> *mut oxre_captures {
    boundary(|| {
        let re = unsafe { arg_ref(re, "re") }?;
        let caps = re.meta.create_captures();
        Ok(Box::into_raw(Box::new(oxre_captures {
            caps,
            groups_id: re.groups_id.clone(),
        })))
    })
}

/// Frees a captures object. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_free(caps: *mut oxre_captures) {
    // SAFETY: the caller passes NULL or a pointer oxre made with Box.
    unsafe { free_box(caps) }
}

/// Finds the leftmost-first match at or after byte offset `start`, as
/// oxre_find() does, and records the span of every capture group of that
/// match in `caps`. Group 0 is the whole match.
///
/// Returns 1 when found (read the groups with oxre_captures_get()), 0 when
/// not (the groups then all read as not participating), or a negative code:
/// OXRE_ENULL (`re` or `caps` NULL, or `haystack` NULL with a non-zero
/// length), OXRE_ERANGE (`start` > `haystack_len`), OXRE_EUTF8 (OXRE_TEXT and
/// the haystack is not UTF-8), OXRE_EINVAL (`caps` was made for a regex with
/// other groups or group names).
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
    boundary(|| unsafe { read(re, Using::Pool, caps, haystack, haystack_len, start) })
}

/// The body of oxre_captures_read() and oxre_captures_read_with().
#[inline(always)]
pub(crate) unsafe fn read(
    re: *const oxre_regex,
    using: Using,
    caps: *mut oxre_captures,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> Result<c_int> {
    let (re, hay, cache) = unsafe { cache_args(re, using, haystack, haystack_len, start) }?;
    let caps = unsafe { arg_mut(caps, "caps") }?;
    caps.check_fits(re)?;
    re.meta
        .search_captures_in(cache, &from(hay, start), &mut caps.caps);
    Ok(caps.caps.is_match() as c_int)
}

/// Finds the leftmost-first match at or after byte offset `start`, as
/// oxre_captures_read() does, and stores the spans of its capture groups
/// straight into `spans`, an array of `spans_len` elements: group i (group
/// 0 being the whole match) goes to `spans[i]`, and a group that did not
/// participate gets a span whose `start` and `end` are both SIZE_MAX. No
/// captures object is needed: one call searches and gives every group, as
/// oxre_captures_read() and oxre_captures_spans() would in two. At most
/// `spans_len` groups are stored, and the engine tracks only those (with
/// `spans_len` 1 this is oxre_find(); with 0, oxre_is_match() that also
/// says how many groups a match has); `spans` may be NULL when `spans_len`
/// is 0.
///
/// Returns the number of groups of the match (group 0 included; for a
/// regex of several patterns, of the pattern that matched), which may
/// exceed `spans_len`; or 0 when there is no match, and then the contents
/// of `spans` are unspecified (the engine works in them); or a negative
/// code: OXRE_ENULL (`re` NULL, `haystack` NULL with a non-zero length, or
/// `spans` NULL with a non-zero `spans_len`), OXRE_ERANGE (`start` >
/// `haystack_len`), OXRE_EINVAL (`spans_len` too large for the memory),
/// OXRE_EUTF8 (OXRE_TEXT and the haystack is not UTF-8).
///
/// Cost: for a regex of one pattern the engine writes the spans in place,
/// with no copy; for several patterns the groups go through a captures
/// object, which this function allocates on every call
/// (oxre_find_groups_with() keeps it in the scratch instead). Like
/// oxre_captures_read(), slower than oxre_find() for patterns with groups.
#[no_mangle]
pub unsafe extern "C" fn oxre_find_groups(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    spans: *mut oxre_span,
    spans_len: usize,
) -> c_int {
    boundary(|| unsafe {
        find_groups(
            re,
            Using::Pool,
            haystack,
            haystack_len,
            start,
            (spans, spans_len),
        )
    })
}

/// The body of oxre_find_groups() and oxre_find_groups_with().
#[inline(always)]
pub(crate) unsafe fn find_groups(
    re: *const oxre_regex,
    using: Using,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    (spans, spans_len): (*mut oxre_span, usize),
) -> Result<c_int> {
    let (re, hay) = unsafe { search_args(re, haystack, haystack_len, start) }?;
    let scratch = unsafe { using.scratch(re.id, "regex") }?;
    let out = unsafe { arg_out_array(spans, spans_len, "spans") }?;
    let input = from(hay, start);
    if re.meta.pattern_len() != 1 {
        return Ok(groups_of_many(re, scratch, &input, out));
    }
    // One pattern: group i is slots 2i and 2i + 1, so two slots are the
    // size of one oxre_span, and the offsets are the slots minus one (see
    // offsets()).
    let groups = re.names.len();
    let len = 2 * groups.min(out.len());
    // SAFETY: the array holds 2 * spans_len writable usizes, `len` no more.
    let out = unsafe { std::slice::from_raw_parts_mut(out.as_mut_ptr().cast::<usize>(), len) };
    match scratch {
        Some(scratch) => {
            // The engine writes the slots in the scratch, which are then
            // read once into the caller's array.
            let slots = &mut scratch.slots[..len];
            if re
                .meta
                .search_slots_with(&mut scratch.cache, &input, slots)
                .is_none()
            {
                return Ok(0);
            }
            offsets(slots, out);
        }
        None => {
            // No scratch to hold them: the engine writes the slots into the
            // caller's array, set to None (0) first, and they are made
            // offsets in place.
            out.fill(0);
            // SAFETY: Option<NonMaxUsize> is a usize (see offsets()), and
            // every slot now holds None.
            let slots = unsafe {
                std::slice::from_raw_parts_mut(out.as_mut_ptr().cast::<Option<NonMaxUsize>>(), len)
            };
            if re.meta.search_slots(&input, slots).is_none() {
                return Ok(0);
            }
            offsets_in_place(out);
        }
    }
    Ok(c_int::try_from(groups).unwrap_or(c_int::MAX))
}

/// find_groups() for a regex of several patterns, whose slots are not laid
/// out group by group: through the scratch's captures object (or a new one).
#[cold]
#[inline(never)]
fn groups_of_many(
    re: &oxre_regex,
    scratch: Option<&mut crate::scratch::oxre_scratch>,
    input: &regex_automata::Input,
    out: &mut [std::mem::MaybeUninit<oxre_span>],
) -> c_int {
    let mut own;
    let (cache, caps) = match scratch {
        Some(s) => {
            let caps = s.caps.get_or_insert_with(|| re.meta.create_captures());
            (Some(&mut s.cache), caps)
        }
        None => {
            own = re.meta.create_captures();
            (None, &mut own)
        }
    };
    re.meta.search_captures_in(cache, input, caps);
    let Some(pid) = caps.pattern() else {
        return 0;
    };
    let groups = caps.group_info().group_len(pid);
    for (i, span) in out.iter_mut().take(groups).enumerate() {
        span.write(match caps.get_group(i) {
            Some(s) => oxre_span::from((s.start, s.end)),
            None => oxre_span::from((usize::MAX, usize::MAX)),
        });
    }
    c_int::try_from(groups).unwrap_or(c_int::MAX)
}

/// Like oxre_captures_read(), but searches the window [`start`, `end`) under
/// search flags, as oxre_search() does (look-around sees outside the
/// window). OXRE_EARLIEST is accepted and ignored: the match and its groups
/// are those found without it (groups need the whole leftmost-first
/// match). Returns 1, 0, or the negative codes of oxre_search() and
/// oxre_captures_read().
#[no_mangle]
pub unsafe extern "C" fn oxre_search_captures(
    re: *const oxre_regex,
    caps: *mut oxre_captures,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    end: usize,
    search_flags: u32,
) -> c_int {
    boundary(|| unsafe {
        let window = (haystack, haystack_len, start, end, search_flags);
        search(re, Using::Pool, caps, window)
    })
}

/// The body of oxre_search_captures() and oxre_search_captures_with().
#[inline(always)]
pub(crate) unsafe fn search(
    re: *const oxre_regex,
    using: Using,
    caps: *mut oxre_captures,
    window: Window,
) -> Result<c_int> {
    let (re, input) = unsafe { window_args(re, window) }?;
    let cache = unsafe { using.scratch(re.id, "regex") }?.map(|s| &mut s.cache);
    let caps = unsafe { arg_mut(caps, "caps") }?;
    caps.check_fits(re)?;
    // The engine never reports groups for an earliest search (the crate
    // does not combine the two, and some of its engines assert it): the
    // flag is ignored here.
    re.meta
        .search_captures_in(cache, &input.earliest(false), &mut caps.caps);
    Ok(caps.caps.is_match() as c_int)
}

/// The number of groups `caps` holds for its last match, group 0 included:
/// the oxre_captures_len() of its regex (for a multi-pattern regex, the
/// groups of the pattern that matched; of pattern 0 before any match).
/// Returns 0 with OXRE_ENULL if `caps` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_group_count(caps: *const oxre_captures) -> usize {
    boundary(|| Ok(unsafe { arg_ref(caps, "caps") }?.group_count()))
}

/// The index of the pattern whose match `caps` holds (always 0 for a regex
/// made by oxre_compile()).
///
/// Returns the index, or a negative code: OXRE_ENULL (`caps` NULL),
/// OXRE_ERANGE (the last search found no match).
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_pattern(caps: *const oxre_captures) -> c_int {
    boundary(|| {
        let caps = unsafe { arg_ref(caps, "caps") }?;
        match caps.caps.pattern() {
            Some(p) => Ok(p.as_usize() as c_int),
            None => Err(Error::new(
                OXRE_ERANGE,
                "the captures object holds no match",
            )),
        }
    })
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
        check_group(index, caps.group_count())?;
        Ok(found(caps.caps.get_group(index), span))
    })
}

/// Copies the spans of all groups of the last match recorded in `caps`
/// into `spans`, an array of `spans_len` elements, in one call: group i
/// goes to `spans[i]`, and a group that did not participate gets a span
/// whose `start` and `end` are both SIZE_MAX. At most `spans_len` groups are
/// copied; `spans` may be NULL when `spans_len` is 0.
///
/// Returns the number of groups of the match (oxre_captures_group_count()),
/// which may exceed `spans_len`, or 0 when the last search found no match
/// (nothing is copied then), or a negative code: OXRE_ENULL (`caps` NULL,
/// or `spans` NULL with a non-zero `spans_len`).
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_spans(
    caps: *const oxre_captures,
    spans: *mut oxre_span,
    spans_len: usize,
) -> c_int {
    boundary(|| {
        let caps = unsafe { arg_ref(caps, "caps") }?;
        let spans = unsafe { arg_out_array(spans, spans_len, "spans") }?;
        if !caps.caps.is_match() {
            return Ok(0);
        }
        let n = caps.group_count();
        let none = oxre_span::from((usize::MAX, usize::MAX));
        if caps.caps.group_info().pattern_len() == 1 {
            // One pattern: group i is slots 2i and 2i + 1, and the spans are
            // the slots with one subtracted (see offsets()), a loop the
            // compiler vectorizes.
            let slots = caps.caps.slots();
            let len = 2 * n.min(spans.len());
            // SAFETY: oxre_span is two usizes (repr(C)), so `spans` holds
            // 2 * spans.len() writable usizes, and `len` is no more.
            let out =
                unsafe { std::slice::from_raw_parts_mut(spans.as_mut_ptr().cast::<usize>(), len) };
            offsets(&slots[..len], out);
            return Ok(c_int::try_from(n).unwrap_or(c_int::MAX));
        }
        for (i, out) in spans.iter_mut().take(n).enumerate() {
            out.write(match caps.caps.get_group(i) {
                Some(s) => oxre_span::from((s.start, s.end)),
                None => none,
            });
        }
        Ok(c_int::try_from(n).unwrap_or(c_int::MAX))
    })
}

/// Stores in `*span` (which may be NULL) the span of the group named by the
/// `name_len` bytes at `name` in the last match recorded in `caps` (for a
/// multi-pattern regex, the name is looked up in the pattern that matched).
///
/// Returns 1 if the group participated, 0 if it did not or the last search
/// found no match, or a negative code: OXRE_ENULL (`caps` NULL, or `name`
/// NULL with a non-zero length), OXRE_ENOGROUP (no group has that name).
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_name(
    caps: *const oxre_captures,
    name: *const c_char,
    name_len: usize,
    span: *mut oxre_span,
) -> c_int {
    boundary(|| {
        let caps = unsafe { arg_ref(caps, "caps") }?;
        let name = unsafe { arg_bytes(name.cast(), name_len, "name") }?;
        let info = caps.caps.group_info();
        let pid = caps.caps.pattern().unwrap_or(PatternID::ZERO);
        let index = std::str::from_utf8(name)
            .ok()
            .filter(|_| info.pattern_len() > 0)
            .and_then(|n| info.to_index(pid, n))
            .ok_or_else(|| no_such_name(name))?;
        Ok(found(caps.caps.get_group(index), span))
    })
}

/// Writes the offsets the engine's slots hold, SIZE_MAX for an empty slot.
/// A slot is an Option<NonMaxUsize>: repr(transparent) over a NonZeroUsize
/// holding the offset plus one (so None is 0), and the offset is the slot
/// minus one, wrapping, which makes an empty slot SIZE_MAX. The engine
/// sets both slots of a group or neither, so a group that did not
/// participate gets two SIZE_MAX, as oxre_captures_spans() documents.
#[inline(always)]
fn offsets(slots: &[Option<NonMaxUsize>], out: &mut [usize]) {
    for (out, slot) in out.iter_mut().zip(slots) {
        // SAFETY: Option<NonMaxUsize> has the layout and values of a usize
        // (see above); every bit pattern it holds is a valid usize.
        let raw: usize = unsafe { std::mem::transmute(*slot) };
        *out = raw.wrapping_sub(1);
    }
}

/// offsets() for slots that are read and rewritten in the same memory.
#[inline(always)]
fn offsets_in_place(slots: &mut [usize]) {
    for slot in slots {
        *slot = slot.wrapping_sub(1);
    }
}

fn found(group: Option<regex_automata::Span>, out: *mut oxre_span) -> c_int {
    unsafe { put_found(out, group.map(oxre_span::from)) }
}

fn check_group(index: usize, len: usize) -> Result<()> {
    if index >= len {
        return Err(Error::new(
            OXRE_ERANGE,
            format!("group index {index} is out of range (there are {len} groups)"),
        ));
    }
    Ok(())
}

fn no_such_name(name: &[u8]) -> Error {
    Error::new(
        OXRE_ENOGROUP,
        format!("no capture group named '{}'", String::from_utf8_lossy(name)),
    )
}

/// The number of capture groups in `re`, group 0 (the whole match)
/// included: `(a)(?<x>b)` has 3. For a multi-pattern regex, those of
/// pattern 0. Returns 0 with OXRE_ENULL if `re` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_captures_len(re: *const oxre_regex) -> usize {
    boundary(|| Ok(unsafe { arg_ref(re, "re") }?.names.len()))
}

/// The number of named capture groups in `re` (of pattern 0).
/// Returns 0 with OXRE_ENULL if `re` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_names_count(re: *const oxre_regex) -> usize {
    boundary(|| {
        let re = unsafe { arg_ref(re, "re") }?;
        Ok(re.names.iter().filter(|n| n.is_some()).count())
    })
}

/// Looks up the group named by the `name_len` bytes at `name` (no NUL
/// terminator needed) in `re` (in pattern 0) and returns its index (at
/// least 1).
///
/// Returns a negative code on failure: OXRE_ENULL (`re` NULL, or `name` NULL
/// with a non-zero length), OXRE_ENOGROUP (no group has that name).
/// Cost: a hash lookup.
#[no_mangle]
pub unsafe extern "C" fn oxre_capture_index(
    re: *const oxre_regex,
    name: *const c_char,
    name_len: usize,
) -> c_int {
    boundary(|| {
        let re = unsafe { arg_ref(re, "re") }?;
        let name = unsafe { arg_bytes(name.cast(), name_len, "name") }?;
        std::str::from_utf8(name)
            .ok()
            .filter(|_| !re.patterns.is_empty())
            .and_then(|n| re.meta.group_info().to_index(PatternID::ZERO, n))
            .map(|i| i as c_int)
            .ok_or_else(|| no_such_name(name))
    })
}

/// Stores in `*name` the NUL-terminated name of group `index` (of pattern
/// 0), or NULL for a group without a name (group 0 never has one).
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
