//! Every match of every pattern in a block, overlapping: for each pattern and
//! each offset where a match of it ends, the leftmost start of a match of
//! that pattern ending there (Hyperscan's SOM_LEFTMOST).
//!
//! The ends come from the same automaton as an ends-only stream's (a lazy
//! DFA of all patterns, MatchKind::All, stepped byte by byte), so the two
//! agree by construction; each start comes from an anchored reverse search
//! of that one pattern from the end, which runs back to where no match of it
//! can begin (MatchKind::All keeps the furthest start).

use std::os::raw::c_int;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::{Anchored, Input, MatchKind, PatternID};

use crate::args::search_args;
use crate::error::{boundary, Error, Result, OXRE_EUNSUPPORTED};
use crate::ffi::{arg_mut, free_box, kept_bytes, put};
use crate::regex::{oxre_match, oxre_regex};
use crate::stream::{engines, lazy_dfa};

/// The lazy DFA cache of an overlapping iterator, per direction.
const CACHE: usize = 2 * (1 << 20);

/// An iterator over every match of every pattern of a regex in one
/// haystack, overlapping, made by oxre_overlap_new() and freed by
/// oxre_overlap_free(). It borrows the regex and the haystack, which must
/// stay alive and unchanged until it is freed.
///
/// Thread safety: not synchronized; one thread at a time.
pub struct oxre_overlap {
    hay: *const u8,
    len: usize,
    text: bool,
    forward: DFA,
    fcache: Cache,
    reverse: DFA,
    rcache: Cache,
    sid: LazyStateID,
    /// The next byte to step; `len + 1` once the end of input was stepped.
    at: usize,
    /// Patterns that end at `end`, still to report, in descending order.
    todo: Vec<u32>,
    end: usize,
}

impl oxre_overlap {
    fn hay(&self) -> &[u8] {
        // SAFETY: checked at creation; the caller keeps it alive.
        unsafe { kept_bytes(self.hay, self.len) }
    }

    fn queue(&mut self, sid: LazyStateID, end: usize) {
        let n = self.forward.match_len(&self.fcache, sid);
        self.todo.clear();
        for i in 0..n {
            let p = self.forward.match_pattern(&self.fcache, sid, i).as_u32();
            self.todo.push(p);
        }
        self.todo.sort_unstable_by(|a, b| b.cmp(a));
        self.end = end;
    }

    fn gave_up(e: impl std::fmt::Display) -> Error {
        Error::new(
            OXRE_EUNSUPPORTED,
            format!("overlapping search gave up: {e}"),
        )
    }

    /// Steps to the next offset where some pattern's match ends.
    fn advance(&mut self) -> Result<bool> {
        while self.todo.is_empty() {
            let len = self.len;
            if self.at < len {
                let b = self.hay()[self.at];
                let sid = self
                    .forward
                    .next_state(&mut self.fcache, self.sid, b)
                    .map_err(Self::gave_up)?;
                self.sid = sid;
                let at = self.at;
                self.at += 1;
                if sid.is_match() && !(self.text && b & 0xC0 == 0x80) {
                    self.queue(sid, at);
                } else if sid.is_dead() {
                    self.at = len + 1;
                }
            } else if self.at == len {
                self.at = len + 1;
                let sid = self
                    .forward
                    .next_eoi_state(&mut self.fcache, self.sid)
                    .map_err(Self::gave_up)?;
                if sid.is_match() {
                    self.queue(sid, len);
                }
            } else {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn next(&mut self) -> Result<Option<oxre_match>> {
        if !self.advance()? {
            return Ok(None);
        }
        let pattern = self.todo.pop().expect("advance queued a pattern");
        let pid = PatternID::must(pattern as usize);
        let end = self.end;
        // SAFETY: as in hay(); a separate borrow from the caches.
        let hay = unsafe { kept_bytes(self.hay, self.len) };
        let input = Input::new(hay)
            .range(0..end)
            .anchored(Anchored::Pattern(pid));
        let start = self
            .reverse
            .try_search_rev(&mut self.rcache, &input)
            .map_err(Self::gave_up)?
            .map(|hm| hm.offset())
            .ok_or_else(|| Error::new(OXRE_EUNSUPPORTED, "no start for a match end"))?;
        Ok(Some(oxre_match {
            start,
            end,
            pattern: pattern as usize,
        }))
    }
}

/// Starts iterating over every match of every pattern of `re` in the
/// haystack, overlapping: for each pattern and each offset where a match of
/// it ends, one match with that end, the pattern, and the leftmost start of
/// a match of that pattern ending there. Matches come in order of end, then
/// of pattern. `a+` over "aaa" gives [0,1), [0,2), [0,3); the patterns `b`
/// and `ab` over "ab" give [1,2) for pattern 0 and [0,2) for pattern 1.
/// The ends are those an OXRE_STREAM_ENDS_ONLY stream reports.
///
/// Cost: the ends take one pass over the haystack; each start a reverse
/// scan from its end back to where no match of the pattern could begin (so
/// up to quadratic time for patterns like `a+` on long runs of `a`). Each
/// iterator owns two lazy DFA caches (up to 2 MiB each).
///
/// Returns a new iterator, to be freed with oxre_overlap_free(), or NULL:
/// OXRE_ENULL (`re` NULL, or `haystack` NULL with a non-zero length),
/// OXRE_EUTF8 (OXRE_TEXT and the haystack is not UTF-8),
/// OXRE_EUNSUPPORTED (a Unicode word boundary, which these automata cannot
/// evaluate: write `(?-u:\b)`), OXRE_ESIZE (the automata exceed the size
/// limit).
#[no_mangle]
pub unsafe extern "C" fn oxre_overlap_new(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
) -> *mut oxre_overlap {
    boundary(|| {
        let (re, hay) = unsafe { search_args(re, haystack, haystack_len, 0) }?;
        let engines = engines(re)?;
        if engines.unicode_word {
            return Err(Error::new(
                OXRE_EUNSUPPORTED,
                "overlapping search cannot evaluate a Unicode word boundary (\\b, \\B); \
                 write (?-u:\\b) for an ASCII one",
            ));
        }
        let forward = lazy_dfa(&engines.forward, MatchKind::All, CACHE)?;
        let reverse = lazy_dfa(&engines.reverse, MatchKind::All, CACHE)?;
        let mut fcache = forward.create_cache();
        let rcache = reverse.create_cache();
        let sid = forward
            .start_state_forward(&mut fcache, &Input::new(hay))
            .map_err(oxre_overlap::gave_up)?;
        Ok(Box::into_raw(Box::new(oxre_overlap {
            hay: hay.as_ptr(),
            len: hay.len(),
            text: re.text,
            forward,
            fcache,
            reverse,
            rcache,
            sid,
            at: 0,
            todo: Vec::new(),
            end: 0,
        })))
    })
}

/// Advances to the next overlapping match and stores it in `*match` (which
/// may be NULL).
///
/// Returns 1 for a match, 0 when there are no more (and on every later
/// call), or a negative code: OXRE_ENULL (`it` NULL).
#[no_mangle]
pub unsafe extern "C" fn oxre_overlap_next(
    it: *mut oxre_overlap,
    r#match: *mut oxre_match,
) -> c_int {
    boundary(|| {
        let it = unsafe { arg_mut(it, "it") }?;
        Ok(match it.next()? {
            Some(m) => {
                unsafe { put(r#match, m) };
                1
            }
            None => 0,
        })
    })
}

/// Frees an overlapping iterator. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn oxre_overlap_free(it: *mut oxre_overlap) {
    // SAFETY: the caller passes NULL or a pointer oxre made with Box.
    unsafe { free_box(it) }
}
