//! Every match of every pattern in a block, overlapping: for each pattern and
//! each offset where a match of it ends, the leftmost start of a match of
//! that pattern ending there (Hyperscan's SOM_LEFTMOST).
//!
//! The ends come from the same automaton as an ends-only stream's (a lazy
//! DFA of all patterns, MatchKind::All, stepped byte by byte), so the two
//! agree by construction; each start comes from an anchored reverse search
//! of that one pattern from the end, which runs back to where no match of it
//! can begin (MatchKind::All keeps the furthest start).
//!
//! Those automata cannot evaluate a Unicode word boundary next to a
//! non-ASCII byte: for a regex with one, over a haystack that is not all
//! ASCII, the ends and their leftmost starts come instead from the NFA
//! simulation of `pikesim`, in one pass. The groups of a match, on request,
//! come from `pikesim` too.

use std::os::raw::c_int;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson::pikevm::Cache as PikeCache;
use regex_automata::{Anchored, Input, MatchKind, PatternID};

use crate::args::search_args;
use crate::captures::oxre_captures;
use crate::error::{boundary, Error, Result, OXRE_ERANGE, OXRE_EUNSUPPORTED};
use crate::ffi::{arg_mut, free_box, kept_bytes, put};
use crate::pikesim::{captures_cache, span_captures, BlockEnds};
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
    re: *const oxre_regex,
    hay: *const u8,
    len: usize,
    engine: Engine,
    /// The match oxre_overlap_next() returned last.
    last: Option<oxre_match>,
    /// For the groups of that match, made on first use.
    groups: Option<PikeCache>,
}

/// Where the matches come from.
enum Engine {
    Dfa(Box<Dfas>),
    Sim(Box<BlockEnds>),
}

/// The ends from a forward lazy DFA, the starts from a reverse one.
struct Dfas {
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
    fn hay(&self) -> &'static [u8] {
        // SAFETY: checked at creation; the caller keeps it alive (the
        // lifetime is the caller's promise, not the compiler's).
        unsafe { kept_bytes(self.hay, self.len) }
    }

    fn next(&mut self) -> Result<Option<oxre_match>> {
        let hay = self.hay();
        self.last = None;
        let m = match &mut self.engine {
            Engine::Dfa(d) => d.next(hay)?,
            Engine::Sim(s) => s.next(hay).map(|(pattern, start, end)| oxre_match {
                start,
                end,
                pattern: pattern as usize,
            }),
        };
        self.last = m;
        Ok(m)
    }

    fn captures(&mut self, caps: &mut oxre_captures) -> Result<()> {
        // SAFETY: the caller keeps the regex alive while the iterator lives.
        let re = unsafe { &*self.re };
        caps.check_fits(re)?;
        let m = self.last.ok_or_else(|| {
            Error::new(
                OXRE_ERANGE,
                "the iterator holds no match (oxre_overlap_next() did not return 1)",
            )
        })?;
        let hay = self.hay();
        let cache = match &mut self.groups {
            Some(cache) => cache,
            None => self.groups.insert(captures_cache(re)?),
        };
        let pattern = m.pattern as u32;
        if !span_captures(re, cache, hay, pattern, m.start, m.end, &mut caps.caps)? {
            return Err(Error::new(
                OXRE_EUNSUPPORTED,
                "the engine found no groups for this match",
            ));
        }
        Ok(())
    }
}

impl Dfas {
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

    /// Steps to the next offset where some pattern's match ends.
    fn advance(&mut self, hay: &[u8]) -> Result<bool> {
        while self.todo.is_empty() {
            let len = hay.len();
            if self.at < len {
                let b = hay[self.at];
                let sid = self
                    .forward
                    .next_state(&mut self.fcache, self.sid, b)
                    .map_err(gave_up)?;
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
                    .map_err(gave_up)?;
                if sid.is_match() {
                    self.queue(sid, len);
                }
            } else {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn next(&mut self, hay: &[u8]) -> Result<Option<oxre_match>> {
        if !self.advance(hay)? {
            return Ok(None);
        }
        let pattern = self.todo.pop().expect("advance queued a pattern");
        let pid = PatternID::must(pattern as usize);
        let end = self.end;
        let input = Input::new(hay)
            .range(0..end)
            .anchored(Anchored::Pattern(pid));
        let start = self
            .reverse
            .try_search_rev(&mut self.rcache, &input)
            .map_err(gave_up)?
            .map(|hm| hm.offset())
            .ok_or_else(|| Error::new(OXRE_EUNSUPPORTED, "no start for a match end"))?;
        Ok(Some(oxre_match {
            start,
            end,
            pattern: pattern as usize,
        }))
    }
}

fn gave_up(e: impl std::fmt::Display) -> Error {
    Error::new(
        OXRE_EUNSUPPORTED,
        format!("overlapping search gave up: {e}"),
    )
}

/// Starts iterating over every match of every pattern of `re` in the
/// haystack, overlapping: for each pattern and each offset where a match of
/// it ends, one match with that end, the pattern, and the leftmost start of
/// a match of that pattern ending there. Matches come in order of end, then
/// of pattern. `a+` over "aaa" gives [0,1), [0,2), [0,3); the patterns `b`
/// and `ab` over "ab" give [1,2) for pattern 0 and [0,2) for pattern 1.
/// The ends are those an OXRE_STREAM_ENDS_ONLY stream reports. The groups
/// of each match are read on request with oxre_overlap_captures().
///
/// Every pattern is accepted. Cost: for most, the ends take one pass of a
/// lazy DFA over the haystack, and each start a reverse scan from its end
/// back to where no match of the pattern could begin (so up to quadratic
/// time for patterns like `a+` on long runs of `a`); the iterator owns two
/// lazy DFA caches (up to 2 MiB each). A regex with a Unicode word
/// boundary (`\b`, `\B` with Unicode on, the default) over a haystack
/// that is not all ASCII is run instead by an NFA simulation, which finds
/// ends and leftmost starts together in one linear pass (no reverse scans),
/// in time proportional to the haystack times the NFA states active at
/// once: measured, 360 to 530 instructions per byte for patterns such as
/// `\w+\b` (2 to 13 times the DFA path), far less where a literal prefix
/// lets it skip (`\bthe\b`: under 20); `(?-u:\b)` keeps the DFA. It owns
/// 60 bytes per NFA state and a cache of up to 2 MiB.
///
/// Returns a new iterator, to be freed with oxre_overlap_free(), or NULL:
/// OXRE_ENULL (`re` NULL, or `haystack` NULL with a non-zero length),
/// OXRE_EUTF8 (OXRE_TEXT and the haystack is not UTF-8), OXRE_ESIZE (the
/// automata exceed the size limit), OXRE_ENOMEM (no memory for the NFA
/// simulation).
#[no_mangle]
pub unsafe extern "C" fn oxre_overlap_new(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
) -> *mut oxre_overlap {
    boundary(|| {
        let (rer, hay) = unsafe { search_args(re, haystack, haystack_len, 0) }?;
        let engines = engines(rer)?;
        let engine = if engines.unicode_word && !hay.is_ascii() {
            Engine::Sim(Box::new(BlockEnds::new(
                &engines.forward,
                rer.text,
                CACHE,
                engines.prefilter.clone(),
            )?))
        } else {
            let forward = lazy_dfa(&engines.forward, MatchKind::All, CACHE)?;
            let reverse = lazy_dfa(&engines.reverse, MatchKind::All, CACHE)?;
            let mut fcache = forward.create_cache();
            let rcache = reverse.create_cache();
            let sid = forward
                .start_state_forward(&mut fcache, &Input::new(hay))
                .map_err(gave_up)?;
            Engine::Dfa(Box::new(Dfas {
                text: rer.text,
                forward,
                fcache,
                reverse,
                rcache,
                sid,
                at: 0,
                todo: Vec::new(),
                end: 0,
            }))
        };
        Ok(Box::into_raw(Box::new(oxre_overlap {
            re,
            hay: hay.as_ptr(),
            len: hay.len(),
            engine,
            last: None,
            groups: None,
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

/// Records in `caps` the capture groups of the match oxre_overlap_next()
/// returned last (read them with oxre_captures_get(); offsets are into the
/// iterator's haystack, group 0 is that match's span).
///
/// Which groups: a match [start, end) of pattern p may be matched by more
/// than one path through p (`(a)|(ab)|(a)(b)` over "ab" has two paths for
/// [0,2)); the one recorded is the first of them in leftmost-first priority
/// order, among the paths of p that match exactly [start, end), with
/// look-around seeing the whole haystack. When [start, end) is also the
/// match oxre_search_captures() finds anchored at `start` for pattern p,
/// the groups are the same as it gives; when that search stops at a
/// shorter match (`a|ab` over "ab" finds [0,1)), these are still groups of
/// [0,2) (here group 0 alone).
///
/// Cost: an NFA simulation with groups over the match's bytes, about as
/// slow per byte as oxre_captures_read() at its slowest (the PikeVM); its
/// automaton is built on the first call for a regex (and shared by its
/// clones), its cache on the first call for an iterator.
///
/// Returns 1, or a negative code: OXRE_ENULL (`it` or `caps` NULL),
/// OXRE_ERANGE (no match to read: oxre_overlap_next() was not called, or
/// its last call did not return 1), OXRE_EINVAL (`caps` made for a regex
/// with other groups), OXRE_ESIZE (the automaton for groups exceeds the
/// size limit).
#[no_mangle]
pub unsafe extern "C" fn oxre_overlap_captures(
    it: *mut oxre_overlap,
    caps: *mut oxre_captures,
) -> c_int {
    boundary(|| {
        let it = unsafe { arg_mut(it, "it") }?;
        let caps = unsafe { arg_mut(caps, "caps") }?;
        it.captures(caps)?;
        Ok(1)
    })
}

/// Frees an overlapping iterator. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn oxre_overlap_free(it: *mut oxre_overlap) {
    // SAFETY: the caller passes NULL or a pointer oxre made with Box.
    unsafe { free_box(it) }
}
