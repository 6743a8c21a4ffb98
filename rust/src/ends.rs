//! The ends-only stream on a fully compiled DFA, shared by every stream of a
//! regex: a stream's own state is a state id, an offset and a few flags.
//!
//! The automaton is the one the lazy ends-only stream runs (all patterns,
//! unanchored, MatchKind::All), determinized once per regex, within the
//! regex's `dfa_size_limit`; when it does not fit (or cannot be right, see
//! `build`), streams keep their own lazy DFA cache instead. Reports are the
//! same (pattern, end) pairs in the same order: match states are handled as
//! by the lazy stream (a match ending at `i` shows in the state entered by
//! the byte at `i`), so the two can be checked against each other.
//!
//! Speed comes from what a table lookup lets the inner loop skip: the loop
//! steps bytes until it enters a *special* state (dead, quit, match,
//! accelerated, or a start state when there is a prefilter) and only then
//! asks what to do. In a start state no match is in progress, so a prefilter
//! (the patterns' prefix literals) skips to where one may begin; when none
//! begins in the rest of the chunk, the DFA still steps over the last
//! `max_needle_len - 1` bytes, where a literal the next chunk completes may
//! start. Without a prefilter, a start state that only rare bytes leave
//! (`[A-Z]` for `[A-Z][a-z]+ing`) skips with a byte table, or 16 bytes at a
//! time when those bytes are a few ranges; an accelerated state (one that
//! only a few bytes leave) skips with memchr to the next of them. Neither
//! changes the state, so chunk ends need nothing special. A match state is
//! never skipped over: each byte it loops on ends another match.

use std::os::raw::{c_int, c_void};

use regex_automata::dfa::{dense, Automaton};
use regex_automata::nfa::thompson::NFA;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind, Span};

use crate::error::{Error, Result, OXRE_EUNSUPPORTED};
use crate::regex::oxre_regex;
use crate::stream::{call, no_memory, oxre_stream_cb, oxre_stream_match, stopped, Reported};

/// The part of ends-only streams shared by all streams of a regex.
pub(crate) struct Shared {
    dfa: dense::DFA<Vec<u32>>,
    /// Where a match may begin (the crate's prefilter over the patterns'
    /// prefix literals, when it calls itself fast); start states are
    /// special with it.
    prefilter: Option<Prefilter>,
    /// Without a prefilter, start states that only rare bytes leave, with
    /// those bytes (1 in the table); start states are special with them.
    skips: Vec<(StateID, Box<Leave>)>,
    /// The start state, when it does not depend on the byte before.
    universal: Option<StateID>,
    /// No look-around: the patterns a match state reports do not depend on
    /// the next byte, so a match at the end of a chunk is reported at once.
    early: bool,
}

/// The fully compiled DFA of `nfa` for ends-only streams, or None when it
/// would exceed `limit` bytes (then streams use a lazy DFA each). The
/// caller rules out what the full DFA gets wrong in regex-automata 0.4.9: a
/// Unicode word boundary (which it can only give up on) and a line
/// terminator that is a word byte (see build.rs's full_dfa_is_safe()).
pub(crate) fn build(
    nfa: &NFA,
    prefilter: Option<&Prefilter>,
    limit: usize,
    line_terminator: u8,
) -> Option<Shared> {
    let config = dense::Config::new()
        .match_kind(MatchKind::All)
        .start_kind(regex_automata::dfa::StartKind::Unanchored)
        .starts_for_each_pattern(false)
        .unicode_word_boundary(false)
        .accelerate(true)
        .minimize(false)
        .dfa_size_limit(Some(limit))
        .determinize_size_limit(Some(limit));
    let make = |specialize: bool| {
        dense::Builder::new()
            .configure(config.clone().specialize_start_states(specialize))
            .build_from_nfa(nfa)
            .ok()
    };
    let mut dfa = make(prefilter.is_some())?;
    let mut skips = Vec::new();
    if prefilter.is_none() && !skip_tables(&dfa, line_terminator).is_empty() {
        // Start states must be special for the loop to see them; that
        // costs a few instructions each time one is entered, so only when
        // there is something to skip.
        dfa = make(true)?;
        skips = skip_tables(&dfa, line_terminator);
    }
    let universal = dfa.universal_start_state(Anchored::No);
    Some(Shared {
        early: nfa.look_set_any().is_empty(),
        prefilter: prefilter.cloned(),
        skips,
        universal,
        dfa,
    })
}

/// The start states (one per kind of byte before) that only rare bytes
/// leave, with those bytes. Rare: none of the bytes that make up most of
/// text (lowercase ASCII letters, space, newline); and more than the three
/// bytes the DFA's own acceleration handles with memchr.
fn skip_tables(dfa: &dense::DFA<Vec<u32>>, line_terminator: u8) -> Vec<(StateID, Box<Leave>)> {
    let mut out: Vec<(StateID, Box<Leave>)> = Vec::new();
    let behind = [
        None,
        Some(b'\n'),
        Some(b'\r'),
        Some(b'a'),
        Some(b' '),
        Some(line_terminator),
    ];
    for lb in behind {
        let config = start::Config::new().anchored(Anchored::No).look_behind(lb);
        let Ok(sid) = dfa.start_state(&config) else {
            continue;
        };
        if dfa.is_accel_state(sid) || out.iter().any(|(s, _)| *s == sid) {
            continue;
        }
        let mut leave = Box::new([0u8; 256]);
        for b in 0..=255u8 {
            leave[usize::from(b)] = u8::from(dfa.next_state(sid, b) != sid);
        }
        let common = |b: u8| b.is_ascii_lowercase() || b == b' ' || b == b'\n';
        if (0..=255u8).any(|b| leave[usize::from(b)] != 0 && common(b)) {
            continue;
        }
        out.push((sid, Box::new(Leave::new(*leave))));
    }
    out
}

/// The bytes that leave a start state: a table, and the same as up to
/// three ranges when it is that simple (then 16 bytes are tested at once).
pub(crate) struct Leave {
    table: [u8; 256],
    ranges: Option<Vec<(u8, u8)>>,
}

impl Leave {
    fn new(table: [u8; 256]) -> Leave {
        let mut ranges = Vec::new();
        let mut b = 0;
        while b < 256 {
            if table[b] == 0 {
                b += 1;
                continue;
            }
            let lo = b;
            while b < 256 && table[b] != 0 {
                b += 1;
            }
            ranges.push((lo as u8, (b - 1) as u8));
        }
        let simple = !ranges.is_empty() && ranges.len() <= 3;
        Leave {
            table,
            ranges: simple.then_some(ranges),
        }
    }

    /// The first offset at or after `i` whose byte leaves, or the end.
    #[inline]
    fn skip(&self, bytes: &[u8], i: usize) -> usize {
        #[cfg(target_arch = "x86_64")]
        if let Some(ranges) = &self.ranges {
            // SAFETY: SSE2 is part of x86-64.
            let i = unsafe { skip_ranges_sse2(ranges, bytes, i) };
            return skip(&self.table, bytes, i);
        }
        skip(&self.table, bytes, i)
    }
}

/// Skips whole blocks of 16 bytes none of which is in `ranges`; returns
/// the offset of the block where one is (or of the last, partial, block).
#[cfg(target_arch = "x86_64")]
#[inline]
unsafe fn skip_ranges_sse2(ranges: &[(u8, u8)], bytes: &[u8], mut i: usize) -> usize {
    use std::arch::x86_64::*;
    let n = bytes.len();
    let mut lo = [_mm_setzero_si128(); 3];
    let mut width = [_mm_setzero_si128(); 3];
    for (k, &(l, h)) in ranges.iter().enumerate() {
        lo[k] = _mm_set1_epi8(l as i8);
        width[k] = _mm_set1_epi8((h - l) as i8);
    }
    let k = ranges.len();
    while i + 16 <= n {
        // SAFETY: 16 bytes from `i` are in `bytes`.
        let v = unsafe { _mm_loadu_si128(bytes.as_ptr().add(i).cast()) };
        // b in [l, h] iff (b - l) as u8 <= h - l, iff min(b - l, h - l) == b - l.
        let mut hit = _mm_setzero_si128();
        for r in 0..k {
            let x = _mm_sub_epi8(v, lo[r]);
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_min_epu8(x, width[r]), x));
        }
        let mask = _mm_movemask_epi8(hit);
        if mask != 0 {
            return i + mask.trailing_zeros() as usize;
        }
        i += 16;
    }
    i
}

/// The first offset at or after `i` whose byte is marked in `leave`, or the
/// end of `bytes`. Eight bytes at a time: the lookups do not depend on each
/// other, unlike the DFA's steps.
#[inline]
fn skip(leave: &[u8; 256], bytes: &[u8], mut i: usize) -> usize {
    let n = bytes.len();
    while i + 8 <= n {
        let c = &bytes[i..i + 8];
        let any = leave[usize::from(c[0])]
            | leave[usize::from(c[1])]
            | leave[usize::from(c[2])]
            | leave[usize::from(c[3])]
            | leave[usize::from(c[4])]
            | leave[usize::from(c[5])]
            | leave[usize::from(c[6])]
            | leave[usize::from(c[7])];
        if any != 0 {
            break;
        }
        i += 8;
    }
    while i < n && leave[usize::from(bytes[i])] == 0 {
        i += 1;
    }
    i
}

impl Shared {
    fn start(&self, look_behind: Option<u8>) -> Result<StateID> {
        if let Some(sid) = self.universal {
            return Ok(sid);
        }
        let config = start::Config::new()
            .anchored(Anchored::No)
            .look_behind(look_behind);
        self.dfa
            .start_state(&config)
            .map_err(|e| Error::new(OXRE_EUNSUPPORTED, format!("cannot start the stream: {e}")))
    }

    /// Steps from `sid` over `bytes[i..]` until a transition enters a
    /// special state or the bytes end; returns the state and the offset
    /// after the last byte stepped.
    #[inline(always)]
    fn run(&self, mut sid: StateID, bytes: &[u8], mut i: usize) -> (StateID, usize) {
        let dfa = &self.dfa;
        let n = bytes.len();
        // SAFETY: every state the DFA gives is one of its states, and the
        // offsets are checked against `n` first.
        unsafe {
            while i + 4 <= n {
                let a = dfa.next_state_unchecked(sid, *bytes.get_unchecked(i));
                if dfa.is_special_state(a) {
                    return (a, i + 1);
                }
                let b = dfa.next_state_unchecked(a, *bytes.get_unchecked(i + 1));
                if dfa.is_special_state(b) {
                    return (b, i + 2);
                }
                let c = dfa.next_state_unchecked(b, *bytes.get_unchecked(i + 2));
                if dfa.is_special_state(c) {
                    return (c, i + 3);
                }
                sid = dfa.next_state_unchecked(c, *bytes.get_unchecked(i + 3));
                i += 4;
                if dfa.is_special_state(sid) {
                    return (sid, i);
                }
            }
            while i < n {
                sid = dfa.next_state_unchecked(sid, *bytes.get_unchecked(i));
                i += 1;
                if dfa.is_special_state(sid) {
                    break;
                }
            }
        }
        (sid, i)
    }
}

/// Where matches go: the callback, its context, the count of reports, the
/// regex (for the match's `internal`).
struct Sink<'a> {
    cb: oxre_stream_cb,
    ctx: *mut c_void,
    count: &'a mut c_int,
    re: *const oxre_regex,
}

/// Patterns of one match state are reported in ascending order; this many
/// are sorted on the stack.
const SORT: usize = 16;

/// The state of one ends-only stream on a shared DFA.
pub(crate) struct Dense {
    shared: *const Shared,
    sid: StateID,
    /// A match state whose patterns a stopped callback left: the first
    /// `pend_done` (in ascending order) are reported; they end at
    /// `pend_end`.
    pend_sid: StateID,
    pend_done: u32,
    pend_end: u64,
    /// The offset of the next byte to step.
    at: u64,
    /// A match state is pending.
    pending: bool,
    /// No match can come any more (an anchored regex past its start).
    dead: bool,
    /// The match at `at` was reported when the last chunk ended (see
    /// Shared::early), not to report again with the next byte.
    reported: bool,
    /// Bytes of a chunk not yet stepped (after a callback stopped).
    rest: Vec<u8>,
}

impl Dense {
    /// A stream on `shared`, which must outlive it.
    pub(crate) fn new(shared: &Shared) -> Result<Dense> {
        Ok(Dense {
            shared,
            sid: shared.start(None)?,
            pend_sid: StateID::ZERO,
            pend_done: 0,
            pend_end: 0,
            at: 0,
            pending: false,
            dead: false,
            reported: false,
            rest: Vec::new(),
        })
    }

    fn shared<'a>(&self) -> &'a Shared {
        // SAFETY: the regex owns the shared part and outlives the stream.
        unsafe { &*self.shared }
    }

    pub(crate) fn reset(&mut self) -> Result<()> {
        self.sid = self.shared().start(None)?;
        self.at = 0;
        self.pending = false;
        self.dead = false;
        self.reported = false;
        self.rest.clear();
        Ok(())
    }

    /// The memory the stream owns beyond its fixed state.
    pub(crate) fn memory(&self) -> usize {
        self.rest.capacity()
    }

    /// Keeps bytes not stepped yet for the next call (a callback stopped).
    pub(crate) fn keep(&mut self, bytes: &[u8]) -> Result<()> {
        self.rest
            .try_reserve(bytes.len())
            .map_err(|_| no_memory())?;
        self.rest.extend_from_slice(bytes);
        Ok(())
    }

    /// Reports the patterns of match state `sid` ending at `end`, from the
    /// `done`-th on; when the callback stops, records where to go on.
    #[inline]
    unsafe fn report(&mut self, sid: StateID, end: u64, done: usize, to: &mut Sink) -> Result<()> {
        let dfa = &self.shared().dfa;
        let n = dfa.match_len(sid);
        let mut small = [0u32; SORT];
        let mut big = Vec::new();
        let patterns: &[u32] = if n == 1 {
            small[0] = dfa.match_pattern(sid, 0).as_u32();
            &small[..1]
        } else {
            let v = if n <= SORT {
                &mut small[..n]
            } else {
                big.resize(n, 0);
                &mut big[..]
            };
            for (i, p) in v.iter_mut().enumerate() {
                *p = dfa.match_pattern(sid, i).as_u32();
            }
            v.sort_unstable();
            v
        };
        for (k, &pattern) in patterns.iter().enumerate().skip(done) {
            *to.count += 1;
            let sm = oxre_stream_match {
                start: u64::MAX,
                end,
                pattern,
                haystack: std::ptr::null(),
                haystack_len: 0,
                haystack_offset: 0,
                internal: to.re.cast(),
            };
            if let Reported::Stop(v) = unsafe { call(to.cb, to.ctx, &sm) } {
                self.pending = k + 1 < n;
                self.pend_sid = sid;
                self.pend_done = (k + 1) as u32;
                self.pend_end = end;
                return Err(stopped(v));
            }
        }
        Ok(())
    }

    /// Finishes what a stopped callback left: the patterns still to report
    /// at one end, then the rest of the chunk.
    pub(crate) unsafe fn resume(
        &mut self,
        text: bool,
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
        re: *const oxre_regex,
    ) -> Result<()> {
        if self.pending {
            self.pending = false;
            let (sid, end, done) = (self.pend_sid, self.pend_end, self.pend_done as usize);
            unsafe { self.report(sid, end, done, &mut Sink { cb, ctx, count, re }) }?;
        }
        if self.rest.is_empty() {
            return Ok(());
        }
        let rest = std::mem::take(&mut self.rest);
        let r = unsafe { self.take(&rest, text, cb, ctx, count, re) };
        if self.rest.is_empty() {
            // Keep the room for the next stop, but not a big chunk's.
            let mut rest = rest;
            rest.clear();
            if rest.capacity() <= 4096 {
                self.rest = rest;
            }
        }
        r
    }

    /// Steps over `bytes`; `text`: ends inside a code point are not matches.
    pub(crate) unsafe fn take(
        &mut self,
        bytes: &[u8],
        text: bool,
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
        re: *const oxre_regex,
    ) -> Result<()> {
        if self.dead || bytes.is_empty() {
            self.at += bytes.len() as u64;
            return Ok(());
        }
        let sh = self.shared();
        let dfa = &sh.dfa;
        let skip_first = std::mem::take(&mut self.reported);
        let base = self.at;
        let n = bytes.len();
        let mut sid = self.sid;
        let mut i = 0;
        // The prefilter found no literal that starts and ends in the rest
        // of this chunk: do not ask again.
        let mut pre_none = false;
        while i < n {
            let (next, j) = sh.run(sid, bytes, i);
            sid = next;
            i = j;
            if !dfa.is_special_state(sid) {
                continue;
            }
            // `sid` was entered by the byte at `i - 1`.
            if dfa.is_match_state(sid) {
                let b = bytes[i - 1];
                let end = base + (i - 1) as u64;
                // Not inside a code point, not reported with the last chunk.
                if !(text && b & 0xC0 == 0x80 || skip_first && i == 1) {
                    if let Err(e) =
                        unsafe { self.report(sid, end, 0, &mut Sink { cb, ctx, count, re }) }
                    {
                        self.sid = sid;
                        self.at = base + i as u64;
                        self.rest.clear();
                        self.keep(&bytes[i..])?;
                        return Err(e);
                    }
                }
                // Not accelerated: every byte the state loops on ends a
                // match again.
            } else if dfa.is_start_state(sid) {
                if let Some(pre) = &sh.prefilter {
                    if !pre_none {
                        // A literal the next chunk completes may start in
                        // the last bytes (before a shorter one the
                        // prefilter finds whole): the DFA steps over them.
                        let tail = n.saturating_sub(pre.max_needle_len().saturating_sub(1));
                        let to = match pre.find(bytes, Span::from(i..n)) {
                            Some(span) if span.start < tail => span.start,
                            _ => {
                                pre_none = true;
                                tail
                            }
                        };
                        if to > i {
                            i = to;
                            sid = sh.start(Some(bytes[i - 1]))?;
                        }
                        continue;
                    }
                }
                if let Some((_, leave)) = sh.skips.iter().find(|(s, _)| *s == sid) {
                    i = leave.skip(bytes, i);
                } else if dfa.is_accel_state(sid) {
                    i = accelerate(dfa.accelerator(sid), bytes, i);
                }
            } else if dfa.is_accel_state(sid) {
                i = accelerate(dfa.accelerator(sid), bytes, i);
            } else if dfa.is_dead_state(sid) {
                self.dead = true;
                break;
            } else {
                return Err(Error::new(
                    OXRE_EUNSUPPORTED,
                    "the stream met a byte its automaton cannot evaluate",
                ));
            }
        }
        self.sid = sid;
        self.at = base + n as u64;
        if sh.early && !self.dead {
            let eoi = dfa.next_eoi_state(sid);
            if dfa.is_match_state(eoi) {
                self.reported = true;
                unsafe { self.report(eoi, self.at, 0, &mut Sink { cb, ctx, count, re }) }?;
            }
        }
        Ok(())
    }

    /// The end of the input: the matches that end there.
    pub(crate) unsafe fn finish(
        &mut self,
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
        re: *const oxre_regex,
    ) -> Result<()> {
        if self.dead {
            return Ok(());
        }
        let dfa = &self.shared().dfa;
        let eoi = dfa.next_eoi_state(self.sid);
        self.dead = true;
        if dfa.is_match_state(eoi) && !self.reported {
            unsafe { self.report(eoi, self.at, 0, &mut Sink { cb, ctx, count, re }) }?;
        }
        Ok(())
    }
}

/// The offset of the next byte at or after `i` that leaves an accelerated
/// state (one of `needles`), or the end of `bytes`.
#[inline]
fn accelerate(needles: &[u8], bytes: &[u8], i: usize) -> usize {
    let hay = &bytes[i..];
    let found = match *needles {
        [a] => memchr::memchr(a, hay),
        [a, b] => memchr::memchr2(a, b, hay),
        [a, b, c] => memchr::memchr3(a, b, c, hay),
        _ => Some(0),
    };
    found.map_or(bytes.len(), |k| i + k)
}
