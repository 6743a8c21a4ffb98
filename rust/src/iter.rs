//! Iteration over successive non-overlapping matches, and splitting a
//! haystack by them.

use std::mem::ManuallyDrop;
use std::ops::Range;
use std::os::raw::c_int;
use std::sync::Arc;

use regex_automata::{meta, Input, Match};

use crate::args::{flagged, search_args, window_args};
use crate::cache::Spares;
use crate::captures::oxre_captures;
use crate::error::{boundary, Error, OXRE_EINVAL};
use crate::ffi::{arg_mut, arg_out_array, free_box, kept_bytes, kept_ref, put_found};
use crate::regex::{match_from, oxre_match, oxre_regex};
use crate::span::oxre_span;

/// The iteration core shared by oxre_iter and oxre_split: the regex and the
/// haystack it borrows, the search cache it holds for the whole run, and
/// the search that comes next.
pub(crate) struct Searcher {
    re: *const oxre_regex,
    /// Taken from the regex's spares when the searcher is made, given back
    /// when it is dropped: one cache lookup per run, none per match.
    cache: ManuallyDrop<Box<meta::Cache>>,
    spares: Arc<Spares>,
    /// The next search: the window from where it starts to its end, under
    /// the search flags; made once, its start moved after each match (as the
    /// crate's iterators do). It borrows the caller's haystack, which the
    /// caller keeps alive and unchanged while the searcher lives.
    input: Input<'static>,
    hay: *const u8,
    len: usize,
    /// Set once a search found nothing: every later call finds nothing.
    done: bool,
    /// The end of the last match, to skip an empty match right after it.
    last_end: Option<usize>,
}

impl Searcher {
    /// A searcher running the window `span` of `hay` (already checked) with
    /// `re` under search flags (already checked), for use within one call
    /// or by an iterator (the borrows must outlive it; the caller makes sure
    /// they do).
    fn with(re: &oxre_regex, hay: &[u8], span: Range<usize>, search_flags: u32) -> Searcher {
        // SAFETY: `hay` is a live borrow now, and the caller keeps it alive
        // and unchanged while the searcher lives.
        let kept: &'static [u8] = unsafe { kept_bytes(hay.as_ptr(), hay.len()) };
        Searcher {
            re,
            cache: ManuallyDrop::new(re.spares.take(&re.meta)),
            spares: Arc::clone(&re.spares),
            input: flagged(kept, span, search_flags),
            hay: hay.as_ptr(),
            len: hay.len(),
            done: false,
            last_end: None,
        }
    }

    /// A searcher over all of `hay` (see with()).
    pub(crate) fn over(re: &oxre_regex, hay: &[u8]) -> Searcher {
        Searcher::with(re, hay, 0..hay.len(), 0)
    }

    /// A searcher for the C iterators: checks the arguments as every search
    /// does, and starts at `start`.
    unsafe fn new(
        re: *const oxre_regex,
        hay: *const u8,
        len: usize,
        start: usize,
    ) -> crate::error::Result<Searcher> {
        let (regex, hay) = unsafe { search_args(re, hay, len, start) }?;
        Ok(Searcher::with(regex, hay, start..hay.len(), 0))
    }

    /// A searcher over the window [start, end) under search flags.
    unsafe fn window(
        re: *const oxre_regex,
        hay: *const u8,
        len: usize,
        start: usize,
        end: usize,
        search_flags: u32,
    ) -> crate::error::Result<Searcher> {
        let (regex, input) = unsafe { window_args(re, (hay, len, start, end, search_flags)) }?;
        Ok(Searcher::with(
            regex,
            input.haystack(),
            start..end,
            search_flags,
        ))
    }

    /// The regex and the haystack. Their borrows are not tied to `self`
    /// (they live as long as the caller keeps them), so that the searcher's
    /// cache can be borrowed mutably alongside them.
    pub(crate) fn parts<'a>(&self) -> (&'a oxre_regex, &'a [u8]) {
        // SAFETY: the constructor checked both pointers, and the caller keeps
        // what they point to alive and unchanged while the searcher lives.
        unsafe { (kept_ref(self.re), kept_bytes(self.hay, self.len)) }
    }

    /// Finds the next match with `search`, following the regex crate's
    /// iterators exactly: an empty match that ends where the previous match
    /// ended is skipped by searching again one byte further (in the text
    /// flavour the engine itself then moves on to a code point boundary).
    // Inlined into each caller's loop: a call per match would cost a tenth
    // of what the crate's own iterator spends per match.
    #[inline(always)]
    pub(crate) fn advance(
        &mut self,
        mut search: impl FnMut(&oxre_regex, &mut meta::Cache, &Input) -> Option<Match>,
    ) -> Option<Match> {
        if self.done {
            return None;
        }
        let (re, _) = self.parts();
        let cache = &mut **self.cache;
        let mut m = search(re, cache, &self.input);
        if let Some(found) = m {
            if found.is_empty() && Some(found.end()) == self.last_end {
                m = if self.input.start() < self.input.end() {
                    self.input.set_start(self.input.start() + 1);
                    search(re, cache, &self.input)
                } else {
                    None
                };
            }
        }
        match m {
            Some(found) => {
                self.input.set_start(found.end());
                self.last_end = Some(found.end());
            }
            None => self.done = true,
        }
        m
    }

    #[inline(always)]
    pub(crate) fn next_match(&mut self) -> Option<Match> {
        self.advance(|re, cache, input| re.meta.search_with(cache, input))
    }
}

impl Drop for Searcher {
    fn drop(&mut self) {
        // SAFETY: the cache is taken out once, here, and never used again.
        let cache = unsafe { ManuallyDrop::take(&mut self.cache) };
        self.spares.give(cache);
    }
}

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
    searcher: Searcher,
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
/// length), OXRE_ERANGE (`start` > `haystack_len`), OXRE_EUTF8 (OXRE_TEXT and
/// the haystack is not UTF-8; checked once, here). `re` and the haystack
/// must outlive the iterator (see oxre_iter).
#[no_mangle]
pub unsafe extern "C" fn oxre_iter_new(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> *mut oxre_iter {
    boundary(|| {
        let searcher = unsafe { Searcher::new(re, haystack, haystack_len, start) }?;
        Ok(Box::into_raw(Box::new(oxre_iter { searcher })))
    })
}

/// Like oxre_iter_new(), but iterates over the matches inside the window
/// [`start`, `end`) of the haystack under search flags, as repeated
/// oxre_search() calls would (look-around sees outside the window), with
/// oxre_iter_new()'s rule for empty matches. With OXRE_ANCHORED each search
/// is anchored where the previous match ended (the first at `start`); when
/// what matches there is an empty match at the very end of the previous
/// match (never reported), the search is anchored one byte on instead, as
/// in the regex crate. So a match may begin one byte after the previous one
/// ended: `b|` on "bxb" yields [0,1) and [2,3), on "bxxb" [0,1), [2,2) and
/// [3,4). That byte may be inside a UTF-8 sequence: without OXRE_TEXT an
/// empty match may be found there, with OXRE_TEXT nothing ever matches
/// there (`x|` on "xéx": [0,1), [2,2), [3,4) as bytes, only [0,1) as text).
/// Iteration ends where no match begins where one must. With
/// OXRE_EARLIEST each match ends as early as the engine can report it.
///
/// Returns a new iterator or NULL with the errors of oxre_iter_new() and
/// oxre_search() (OXRE_ERANGE: `start` > `end` or `end` > `haystack_len`;
/// OXRE_EFLAGS: unknown search flags).
#[no_mangle]
pub unsafe extern "C" fn oxre_iter_new_window(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    end: usize,
    search_flags: u32,
) -> *mut oxre_iter {
    boundary(|| {
        let searcher =
            unsafe { Searcher::window(re, haystack, haystack_len, start, end, search_flags) }?;
        Ok(Box::into_raw(Box::new(oxre_iter { searcher })))
    })
}

/// Frees an iterator. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn oxre_iter_free(it: *mut oxre_iter) {
    // SAFETY: the caller passes NULL or a pointer oxre made with Box.
    unsafe { free_box(it) }
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
        let found = it.searcher.next_match().map(|m| m.span().into());
        Ok(unsafe { put_found(r#match, found) })
    })
}

/// Advances by up to `spans_len` matches at once, storing their spans in
/// `spans[0]`, `spans[1]`, ...: the matches oxre_iter_next() would give one
/// by one, for a fraction of the per-call cost (one call through the C
/// boundary per batch instead of per match).
///
/// Returns the number of spans stored, from 1 to `spans_len`; 0 when there
/// are no more matches (and on every later call) or when `spans_len` is 0;
/// or a negative code: OXRE_ENULL (`it` NULL, or `spans` NULL with a
/// non-zero `spans_len`), OXRE_EINVAL (`spans_len` above INT_MAX). Fewer
/// than `spans_len` spans do not mean the end: call again until 0.
#[no_mangle]
pub unsafe extern "C" fn oxre_iter_next_batch(
    it: *mut oxre_iter,
    spans: *mut oxre_span,
    spans_len: usize,
) -> c_int {
    boundary(|| {
        let it = unsafe { arg_mut(it, "it") }?;
        let out = unsafe { arg_out_array(spans, spans_len, "spans") }?;
        if c_int::try_from(out.len()).is_err() {
            return Err(Error::new(
                OXRE_EINVAL,
                format!("spans_len {spans_len} exceeds INT_MAX"),
            ));
        }
        let mut n = 0;
        for span in out.iter_mut() {
            let Some(m) = it.searcher.next_match() else {
                break;
            };
            span.write(oxre_span::from((m.start(), m.end())));
            n += 1;
        }
        Ok(n)
    })
}

/// Advances to the next match, as oxre_iter_next() does, and stores it with
/// the index of the pattern that matched in `*match` (which may be NULL):
/// the iteration for regexes made by oxre_compile_many().
///
/// Returns 1 for a match, 0 when there are no more, or OXRE_ENULL if `it`
/// is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_iter_next_match(
    it: *mut oxre_iter,
    r#match: *mut oxre_match,
) -> c_int {
    boundary(|| {
        let it = unsafe { arg_mut(it, "it") }?;
        let found = it.searcher.next_match().map(match_from);
        Ok(unsafe { put_found(r#match, found) })
    })
}

/// Advances to the next match, as oxre_iter_next() does, and records the
/// spans of all its capture groups in `caps` (read them with
/// oxre_captures_get(); group 0 is the match).
///
/// Calls to oxre_iter_next(), oxre_iter_next_match() and
/// oxre_iter_next_captures() may be mixed on one iterator; each moves it on
/// by one match. Returns 1 for a match, 0 when there are no more, or a
/// negative code: OXRE_ENULL (`it` or `caps` NULL), OXRE_EINVAL (`caps` made
/// for a regex with other groups or group names). On an iterator made
/// with OXRE_EARLIEST, the match and its groups are those found without the
/// flag (as for oxre_search_captures()).
#[no_mangle]
pub unsafe extern "C" fn oxre_iter_next_captures(
    it: *mut oxre_iter,
    caps: *mut oxre_captures,
) -> c_int {
    boundary(|| {
        let it = unsafe { arg_mut(it, "it") }?;
        let caps = unsafe { arg_mut(caps, "caps") }?;
        caps.check_fits(it.searcher.parts().0)?;
        let found = it.searcher.advance(|re, cache, input| {
            // No earliest search with groups (see oxre_search_captures()).
            let input = input.clone().earliest(false);
            re.meta.search_captures_with(cache, &input, &mut caps.caps);
            caps.caps.get_match()
        });
        if found.is_none() {
            caps.caps.set_pattern(None);
        }
        Ok(found.is_some() as c_int)
    })
}

/// An iterator over the pieces of a haystack between the matches of a
/// regex, created by oxre_split_new() or oxre_splitn_new() and freed by
/// oxre_split_free(). It borrows the regex and the haystack, which must stay
/// alive and unchanged until it is freed; it allocates nothing per piece.
///
/// Thread safety: not synchronized; one thread at a time.
pub struct oxre_split {
    searcher: Searcher,
    /// The start of the next piece; past the haystack's end once done.
    last: usize,
    /// Pieces still to give (splitn), or None (split).
    limit: Option<usize>,
}

impl oxre_split {
    /// The regex crate's Split: the piece before each match, then the rest.
    fn next_piece(&mut self) -> Option<(usize, usize)> {
        let len = self.searcher.len;
        match self.searcher.next_match() {
            Some(m) => {
                let piece = (self.last, m.start());
                self.last = m.end();
                Some(piece)
            }
            None if self.last > len => None,
            None => {
                let piece = (self.last, len);
                self.last = len + 1;
                Some(piece)
            }
        }
    }

    /// The regex crate's SplitN: at most `limit` pieces, the last being all
    /// of the rest of the haystack.
    fn next(&mut self) -> Option<(usize, usize)> {
        let Some(limit) = self.limit else {
            return self.next_piece();
        };
        if limit == 0 {
            return None;
        }
        self.limit = Some(limit - 1);
        if limit > 1 {
            return self.next_piece();
        }
        let len = self.searcher.len;
        if self.last > len {
            None
        } else {
            let piece = (self.last, len);
            self.last = len + 1;
            Some(piece)
        }
    }
}

unsafe fn split_new(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    limit: Option<usize>,
) -> *mut oxre_split {
    boundary(|| {
        let searcher = unsafe { Searcher::new(re, haystack, haystack_len, 0) }?;
        Ok(Box::into_raw(Box::new(oxre_split {
            searcher,
            last: 0,
            limit,
        })))
    })
}

/// Starts splitting the haystack by the matches of `re`: the pieces are the
/// bytes between matches, in order, as the regex crate's `split` gives them
/// (empty pieces kept: splitting "a,,b" by "," gives "a", "", "b"; splitting
/// "" gives one empty piece).
///
/// Returns a new iterator, to be freed with oxre_split_free(), or NULL with
/// the errors of oxre_iter_new() (OXRE_ENULL, OXRE_EUTF8).
#[no_mangle]
pub unsafe extern "C" fn oxre_split_new(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
) -> *mut oxre_split {
    unsafe { split_new(re, haystack, haystack_len, None) }
}

/// Like oxre_split_new(), but gives at most `limit` pieces, the last of them
/// holding the rest of the haystack unsplit (the regex crate's `splitn`);
/// a `limit` of 0 gives no pieces.
#[no_mangle]
pub unsafe extern "C" fn oxre_splitn_new(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    limit: usize,
) -> *mut oxre_split {
    unsafe { split_new(re, haystack, haystack_len, Some(limit)) }
}

/// Stores the next piece's span in `*piece` (which may be NULL).
///
/// Returns 1 for a piece, 0 when there are no more (and on every later
/// call), or OXRE_ENULL if `split` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_split_next(split: *mut oxre_split, piece: *mut oxre_span) -> c_int {
    boundary(|| {
        let split = unsafe { arg_mut(split, "split") }?;
        Ok(unsafe { put_found(piece, split.next().map(oxre_span::from)) })
    })
}

/// Frees a split iterator. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn oxre_split_free(split: *mut oxre_split) {
    // SAFETY: the caller passes NULL or a pointer oxre made with Box.
    unsafe { free_box(split) }
}
