//! NFA simulations for what the lazy DFA cannot do: every match end of
//! every pattern when a Unicode word boundary meets non-ASCII bytes, and the
//! capture groups of one overlapping match.
//!
//! # Design
//!
//! **Ends and starts** ([`Runner`]): a Pike-style simulation of the Thompson
//! NFA of all patterns, without capture slots. Each active NFA state
//! carries one number, the leftmost start of the threads that reached it.
//! A new thread starts at every position (the anchored start state, added
//! last), so the active states stay sorted by start; a state keeps the
//! start of the first thread that reaches it, which is therefore the
//! smallest. A pattern's Match state reached at position `e` thus gives
//! both that some match of it ends at `e` and the leftmost start of such a
//! match, in one pass: time is O(bytes x active states), memory three
//! state sets and a cache. Look-around is evaluated once per position, by
//! the NFA's own LookMatcher over the bytes given (which must extend 4
//! bytes, a code point, each side of the position, or to the true start or
//! end of the input), or from a table when every assertion is a word
//! boundary; the states a thread reaches without a byte are remembered per
//! (state, assertions that hold). While nothing is in progress, a
//! prefilter skips to where a match may start.
//!
//! **Ends in a stream** ([`SimEnds`]): the same simulation over a window of
//! the last 4 bytes stepped and the bytes not yet stepped; a position is
//! decided once 4 bytes after it have arrived (or at the end of input), so
//! ends are reported up to 4 bytes late. Without starts to track, its sets
//! of states are interned as the states of a lazy DFA ([`SetDfa`]) whose
//! transitions, on a byte class and the assertions after it, are computed
//! once by the simulation.
//!
//! **Groups of one match** ([`span_captures`]): the regex-automata PikeVM
//! with MatchKind::All, anchored at the start for the one pattern, over the
//! window [start, end) of the whole haystack (so look-around sees past
//! it). With MatchKind::All the PikeVM keeps every thread and records the
//! groups of the last position where the pattern's Match state is reached,
//! which is `end`; since its threads are deduplicated by state in priority
//! order, the thread in that Match state is the highest-priority path from
//! `start` to exactly `end` (an ordinary leftmost-first search could stop
//! at a shorter, higher-priority match: `a|ab` over "ab").

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::os::raw::c_int;

use regex_automata::nfa::thompson::pikevm::{Cache as PikeCache, PikeVM};
use regex_automata::nfa::thompson::{self, State, WhichCaptures, NFA};
use regex_automata::util::alphabet::ByteClasses;
use regex_automata::util::captures::Captures;
use regex_automata::util::look::{Look, LookMatcher};
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::primitives::StateID;
use regex_automata::{Anchored, Input, MatchKind, PatternID, Span};

use crate::build::{on_deep_stack, syntax_config, Compiled};
use crate::error::{Error, Result, OXRE_EINVAL, OXRE_ENOMEM, OXRE_ESIZE};
use crate::flags::OXRE_TEXT;

/// The bytes of context a position needs on each side (a code point).
pub(crate) const CONTEXT: usize = 4;

/// The largest piece of a chunk a stream copies into its window at once.
const PIECE: usize = 64 * 1024;

fn no_memory() -> Error {
    Error::new(OXRE_ENOMEM, "out of memory for the NFA simulation")
}

/// Active NFA states in the order threads reached them, each with the
/// leftmost start of those threads.
struct Set {
    dense: Vec<(StateID, u64)>,
    sparse: Vec<u32>,
}

impl Set {
    fn new(states: usize) -> Result<Set> {
        let mut dense = Vec::new();
        dense.try_reserve_exact(states).map_err(|_| no_memory())?;
        let mut sparse = Vec::new();
        sparse.try_reserve_exact(states).map_err(|_| no_memory())?;
        sparse.resize(states, 0);
        Ok(Set { dense, sparse })
    }

    /// Adds `id` unless present; says whether it was added.
    #[inline]
    fn insert(&mut self, id: StateID, start: u64) -> bool {
        let i = self.sparse[id.as_usize()] as usize;
        if i < self.dense.len() && self.dense[i].0 == id {
            return false;
        }
        self.sparse[id.as_usize()] = self.dense.len() as u32;
        self.dense.push((id, start));
        true
    }

    fn memory(&self) -> usize {
        self.dense.capacity() * std::mem::size_of::<(StateID, u64)>() + self.sparse.capacity() * 4
    }
}

/// A fast hasher for the closure memo's small integer keys.
#[derive(Default)]
struct Mix(u64);

impl std::hash::Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type Memo = HashMap<(u32, u32), (u32, u32), BuildHasherDefault<Mix>>;

/// The simulation of the NFA of all patterns: the states active at the
/// current position, and the matches that end there.
///
/// The states a thread reaches without a byte depend only on where it is
/// and on which look-around assertions hold at the position, so each such
/// closure is computed once per (state, assertions that hold) and kept in
/// `memo` (cleared past the cache limit); a step is then, per thread, one
/// transition and the insertion of a remembered list. Only the states that
/// read a byte and the Match states enter the active sets.
pub(crate) struct Runner {
    nfa: NFA,
    curr: Set,
    next: Set,
    /// The states visited by the closure being computed.
    seen: Set,
    stack: Vec<StateID>,
    /// (pattern, leftmost start) of each pattern whose match ends at the
    /// current position, by pattern.
    found: Vec<(u32, u64)>,
    /// Every pattern begins with `\A`: threads start only at offset 0.
    anchored: bool,
    /// The assertions the NFA has.
    looks: Vec<Look>,
    memo: Memo,
    arena: Vec<StateID>,
    /// The most bytes `memo` and `arena` may hold.
    cache: usize,
    /// The closures of the start state, by mask (few masks occur).
    starts: Vec<(u32, u32, u32)>,
    /// Every assertion is a word boundary: between ASCII bytes, the mask is
    /// `ascii_masks[word before * 2 + word after]`.
    word_only: bool,
    ascii_masks: [u32; 4],
    /// Every assertion is a Unicode word boundary: anywhere, the mask is
    /// `sided_masks[side before * 3 + side after]` (see side_of()).
    unicode_only: bool,
    sided_masks: [u32; 9],
    /// Whether recent code points are word characters, by code point mod
    /// 256 (the table look-up costs more than this).
    words: [(u32, bool); 256],
}

impl Runner {
    /// A runner for `nfa` (forward, any captures ignored), remembering
    /// closures in about `cache` bytes.
    pub(crate) fn new(nfa: &NFA, cache: usize) -> Result<Runner> {
        let n = nfa.states().len();
        Ok(Runner {
            nfa: nfa.clone(),
            curr: Set::new(n)?,
            next: Set::new(n)?,
            seen: Set::new(n)?,
            stack: Vec::new(),
            found: Vec::new(),
            anchored: nfa.is_always_start_anchored(),
            looks: nfa.look_set_any().iter().collect(),
            memo: Memo::default(),
            arena: Vec::new(),
            cache,
            starts: Vec::new(),
            word_only: false,
            ascii_masks: [0; 4],
            unicode_only: false,
            sided_masks: [0; 9],
            words: [(u32::MAX, false); 256],
        }
        .with_ascii_masks())
    }

    fn with_ascii_masks(mut self) -> Runner {
        let words = [
            Look::WordAscii,
            Look::WordAsciiNegate,
            Look::WordUnicode,
            Look::WordUnicodeNegate,
            Look::WordStartAscii,
            Look::WordEndAscii,
            Look::WordStartUnicode,
            Look::WordEndUnicode,
            Look::WordStartHalfAscii,
            Look::WordEndHalfAscii,
            Look::WordStartHalfUnicode,
            Look::WordEndHalfUnicode,
        ];
        self.word_only = self.looks.iter().all(|l| words.contains(l));
        for (i, hay) in [b"  ", b" a", b"a ", b"aa"].iter().enumerate() {
            self.ascii_masks[i] = self.holds_slow(&hay[..], 1);
        }
        self.unicode_only = self
            .looks
            .iter()
            .all(|l| words[2..4].contains(l) || words[6..8].contains(l) || words[10..].contains(l));
        // A side is a non-word character (or none), a word character, or
        // bytes that are not UTF-8: ' ', 'a', 0xFF.
        let sides = [b' ', b'a', 0xFF];
        for (i, &before) in sides.iter().enumerate() {
            for (j, &after) in sides.iter().enumerate() {
                self.sided_masks[i * 3 + j] = self.holds_slow(&[before, after], 1);
            }
        }
        self
    }

    /// What the code point that `bytes` begins with is, as the look-around
    /// matcher decodes it: 0 not a word character, 1 a word character, 2
    /// not UTF-8.
    fn side_of(&mut self, bytes: &[u8]) -> usize {
        let Some(c) = decode(bytes) else {
            return 2;
        };
        if c < 0x80 {
            let b = c as u8;
            return (b.is_ascii_alphanumeric() || b == b'_') as usize;
        }
        let slot = &mut self.words[c as usize & 255];
        if slot.0 != c {
            let ch = char::from_u32(c).unwrap_or('\0');
            *slot = (c, regex_syntax::try_is_word_character(ch).unwrap_or(false));
        }
        slot.1 as usize
    }

    /// side_of() the code point that ends at `hay[at]` (0 at the start).
    fn side_before(&mut self, hay: &[u8], at: usize) -> usize {
        if at == 0 {
            return 0;
        }
        let limit = at.saturating_sub(4);
        let mut start = at - 1;
        while start > limit && hay[start] & 0xC0 == 0x80 {
            start -= 1;
        }
        self.side_of(&hay[start..at])
    }

    /// side_of() the code point that begins at `hay[at]` (0 at the end).
    fn side_after(&mut self, hay: &[u8], at: usize) -> usize {
        if at >= hay.len() {
            return 0;
        }
        self.side_of(&hay[at..hay.len().min(at + 4)])
    }

    /// The assertions that hold at `hay[at]` (`hay` holding its context),
    /// as a mask of Look::as_repr().
    #[inline]
    fn holds(&mut self, hay: &[u8], at: usize) -> u32 {
        if self.looks.is_empty() {
            return 0;
        }
        if self.word_only {
            let before = at.checked_sub(1).map_or(b' ', |i| hay[i]);
            let after = hay.get(at).copied().unwrap_or(b' ');
            if before < 0x80 && after < 0x80 {
                let w = |b: u8| (b.is_ascii_alphanumeric() || b == b'_') as usize;
                return self.ascii_masks[w(before) * 2 + w(after)];
            }
            if self.unicode_only {
                let i = self.side_before(hay, at) * 3 + self.side_after(hay, at);
                return self.sided_masks[i];
            }
        }
        self.holds_slow(hay, at)
    }

    fn holds_slow(&self, hay: &[u8], at: usize) -> u32 {
        let matcher = self.nfa.look_matcher();
        // Between two ASCII bytes (or an end) the Unicode word assertions
        // say what the ASCII ones say, which are cheaper to evaluate.
        let ascii = at.checked_sub(1).map_or(true, |i| hay[i] < 0x80)
            && hay.get(at).map_or(true, |&b| b < 0x80);
        let mut mask = 0;
        for &look in &self.looks {
            let cheap = if ascii { ascii_form(look) } else { look };
            if matcher.matches(cheap, hay, at) {
                mask |= look.as_repr();
            }
        }
        mask
    }

    /// Starts afresh at `hay[at]`, stream offset `abs`, with the threads
    /// that begin there. `hay` must hold the context of `at`.
    pub(crate) fn start(&mut self, hay: &[u8], at: usize, abs: u64) {
        self.curr.dense.clear();
        self.found.clear();
        if !self.anchored || abs == 0 {
            let mask = self.holds(hay, at);
            let (lo, hi) = self.start_closure(mask);
            add(
                &self.nfa,
                &mut self.curr,
                &mut self.found,
                &self.arena[lo..hi],
                abs,
            );
        }
        self.found.sort_unstable();
    }

    /// Steps over `hay[at]` (stream offset `abs`) to the next position,
    /// whose context `hay` must hold.
    pub(crate) fn step(&mut self, hay: &[u8], at: usize, abs: u64) {
        let b = hay[at];
        let mask = self.holds(hay, at + 1);
        self.found.clear();
        self.next.dense.clear();
        if self.arena.len() * 4 + self.memo.len() * 24 > self.cache {
            self.memo.clear();
            self.arena.clear();
            self.starts.clear();
        }
        for i in 0..self.curr.dense.len() {
            let (id, start) = self.curr.dense[i];
            let to = match self.nfa.state(id) {
                State::ByteRange { trans } => {
                    if trans.matches_byte(b) {
                        Some(trans.next)
                    } else {
                        None
                    }
                }
                State::Sparse(sparse) => sparse.matches_byte(b),
                State::Dense(dense) => dense.matches_byte(b),
                _ => None,
            };
            if let Some(to) = to {
                let (lo, hi) = self.closure(to, mask);
                add(
                    &self.nfa,
                    &mut self.next,
                    &mut self.found,
                    &self.arena[lo..hi],
                    start,
                );
            }
        }
        if !self.anchored {
            let (lo, hi) = self.start_closure(mask);
            add(
                &self.nfa,
                &mut self.next,
                &mut self.found,
                &self.arena[lo..hi],
                abs + 1,
            );
        }
        std::mem::swap(&mut self.curr, &mut self.next);
        self.found.sort_unstable();
    }

    #[inline]
    fn start_closure(&mut self, mask: u32) -> (usize, usize) {
        if let Some(&(_, lo, hi)) = self.starts.iter().find(|e| e.0 == mask) {
            return (lo as usize, hi as usize);
        }
        let (lo, hi) = self.closure(self.nfa.start_anchored(), mask);
        self.starts.push((mask, lo as u32, hi as u32));
        (lo, hi)
    }

    /// No thread began before `at`, the current position (`at` its
    /// stream offset): nothing is in progress but what starts here.
    pub(crate) fn idle(&self, at: u64) -> bool {
        self.curr.dense.first().map_or(true, |&(_, s)| s == at)
    }

    /// Drops every thread (none is in progress; see idle()).
    pub(crate) fn clear(&mut self) {
        self.curr.dense.clear();
        self.found.clear();
    }

    /// The states that read a byte or match, reached from `sid` without a
    /// byte where the assertions in `mask` hold, in priority order: a range
    /// of `arena`.
    fn closure(&mut self, sid: StateID, mask: u32) -> (usize, usize) {
        if let Some(&(lo, hi)) = self.memo.get(&(sid.as_u32(), mask)) {
            return (lo as usize, hi as usize);
        }
        let lo = self.arena.len();
        self.seen.dense.clear();
        self.stack.push(sid);
        while let Some(mut id) = self.stack.pop() {
            loop {
                if !self.seen.insert(id, 0) {
                    break;
                }
                match self.nfa.state(id) {
                    State::ByteRange { .. }
                    | State::Sparse(_)
                    | State::Dense(_)
                    | State::Match { .. } => {
                        self.arena.push(id);
                        break;
                    }
                    State::Fail => break,
                    State::Look { look, next } => {
                        if mask & look.as_repr() == 0 {
                            break;
                        }
                        id = *next;
                    }
                    State::Union { alternates } => match alternates.split_first() {
                        None => break,
                        Some((first, rest)) => {
                            self.stack.extend(rest.iter().rev());
                            id = *first;
                        }
                    },
                    State::BinaryUnion { alt1, alt2 } => {
                        self.stack.push(*alt2);
                        id = *alt1;
                    }
                    State::Capture { next, .. } => id = *next,
                }
            }
        }
        let hi = self.arena.len();
        self.memo
            .insert((sid.as_u32(), mask), (lo as u32, hi as u32));
        (lo, hi)
    }

    /// The matches ending at the current position: (pattern, leftmost
    /// start), by pattern.
    pub(crate) fn found(&self) -> &[(u32, u64)] {
        &self.found
    }

    /// No match can come any more (an anchored regex past its start).
    pub(crate) fn is_dead(&self) -> bool {
        self.anchored && self.curr.dense.is_empty()
    }

    pub(crate) fn memory(&self) -> usize {
        std::mem::size_of::<Runner>()
            + self.curr.memory()
            + self.next.memory()
            + self.seen.memory()
            + self.stack.capacity() * 4
            + self.found.capacity() * 16
            + self.arena.capacity() * 4
            + self.memo.capacity() * 24
    }
}

/// Adds the states `ids` of a closure to `set` with `start` (those already
/// there have a start as far left), and records the Match states.
#[inline]
fn add(nfa: &NFA, set: &mut Set, found: &mut Vec<(u32, u64)>, ids: &[StateID], start: u64) {
    for &id in ids {
        if set.insert(id, start) {
            if let State::Match { pattern_id } = nfa.state(id) {
                found.push((pattern_id.as_u32(), start));
            }
        }
    }
}

/// The code point `bytes` begins with, if they begin with one in UTF-8
/// (what `std::str::from_utf8` accepts: no overlong forms, surrogates or
/// values past U+10FFFF).
#[inline]
fn decode(bytes: &[u8]) -> Option<u32> {
    let b0 = bytes[0];
    let cont = |i: usize, lo: u8, hi: u8| -> Option<u32> {
        let b = *bytes.get(i)?;
        (lo..=hi).contains(&b).then_some(u32::from(b & 0x3F))
    };
    match b0 {
        0x00..=0x7F => Some(u32::from(b0)),
        0xC2..=0xDF => Some((u32::from(b0 & 0x1F) << 6) | cont(1, 0x80, 0xBF)?),
        0xE0..=0xEF => {
            let (lo, hi) = match b0 {
                0xE0 => (0xA0, 0xBF),
                0xED => (0x80, 0x9F),
                _ => (0x80, 0xBF),
            };
            let c1 = cont(1, lo, hi)?;
            let c2 = cont(2, 0x80, 0xBF)?;
            Some((u32::from(b0 & 0x0F) << 12) | (c1 << 6) | c2)
        }
        0xF0..=0xF4 => {
            let (lo, hi) = match b0 {
                0xF0 => (0x90, 0xBF),
                0xF4 => (0x80, 0x8F),
                _ => (0x80, 0xBF),
            };
            let c1 = cont(1, lo, hi)?;
            let c2 = cont(2, 0x80, 0xBF)?;
            let c3 = cont(3, 0x80, 0xBF)?;
            Some((u32::from(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3)
        }
        _ => None,
    }
}

/// The ASCII assertion that says what `look` says between ASCII bytes.
fn ascii_form(look: Look) -> Look {
    match look {
        Look::WordUnicode => Look::WordAscii,
        Look::WordUnicodeNegate => Look::WordAsciiNegate,
        Look::WordStartUnicode => Look::WordStartAscii,
        Look::WordEndUnicode => Look::WordEndAscii,
        Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
        Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
        other => other,
    }
}

/// Whether offset `at` of `hay` may end a match in the text flavour: not
/// inside an encoded code point (`hay` holds the byte at `at` unless `at`
/// is the end of input).
fn boundary(hay: &[u8], at: usize) -> bool {
    hay.get(at).map_or(true, |b| b & 0xC0 != 0x80)
}

/// Every match end of every pattern in a whole haystack, with its leftmost
/// start, in order of end then pattern (the overlapping iterator's engine
/// when the lazy DFA cannot evaluate the haystack).
pub(crate) struct BlockEnds {
    run: Runner,
    text: bool,
    /// Where a match may start, to skip over the rest while none is in
    /// progress.
    pre: Option<Prefilter>,
    /// The position whose matches `run` holds; None before the first.
    at: Option<usize>,
    /// Matches at `at` not yet taken.
    taken: usize,
}

impl BlockEnds {
    pub(crate) fn new(
        nfa: &NFA,
        text: bool,
        cache: usize,
        pre: Option<Prefilter>,
    ) -> Result<BlockEnds> {
        Ok(BlockEnds {
            run: Runner::new(nfa, cache)?,
            text,
            pre,
            at: None,
            taken: 0,
        })
    }

    /// The next (pattern, start, end) in `hay`, the same haystack each call.
    pub(crate) fn next(&mut self, hay: &[u8]) -> Option<(u32, usize, usize)> {
        loop {
            if let Some(at) = self.at {
                if let Some(&(p, s)) = self.run.found().get(self.taken) {
                    self.taken += 1;
                    return Some((p, s as usize, at));
                }
                if at >= hay.len() || self.run.is_dead() {
                    return None;
                }
                let mut at = at;
                if let Some(pre) = &self.pre {
                    if self.run.idle(at as u64) {
                        // No match can start before the next candidate.
                        let to = pre
                            .find(hay, Span::from(at..hay.len()))
                            .map_or(hay.len(), |sp| sp.start);
                        if to > at + 1 {
                            self.run.clear();
                            at = to - 1;
                        }
                    }
                }
                self.run.step(hay, at, at as u64);
                self.at = Some(at + 1);
            } else {
                self.run.start(hay, 0, 0);
                self.at = Some(0);
            }
            self.taken = 0;
            let at = self.at.expect("set above");
            if self.text && !boundary(hay, at) {
                self.taken = self.run.found().len();
            }
        }
    }
}

/// A state of SetDfa: NFA states (sorted) and the patterns matching there.
struct DState {
    nfa: Box<[StateID]>,
    patterns: Box<[u32]>,
}

/// The high bit of a transition's target: after it, nothing but threads
/// that start there is in progress.
const IDLE: u32 = 1 << 31;

/// The simulation's sets of NFA states made into the states of a lazy DFA,
/// for ends only (where no start is tracked, the order of a set does not
/// matter): each transition, on a byte and the assertions that hold after
/// it, is computed once by Runner and remembered. A step is then an
/// evaluation of the assertions and a table look-up. The cache is cleared
/// past its limit, as the crate's lazy DFA does.
struct SetDfa {
    run: Runner,
    states: Vec<DState>,
    index: HashMap<Box<[StateID]>, u32, BuildHasherDefault<Mix>>,
    /// `states.len() * stride * 2` entries, two by state and byte class
    /// (the assertions after a byte mostly take one of two values): (mask,
    /// target + 1, with IDLE), 0 when not computed.
    trans: Vec<(u32, u32)>,
    /// The NFA's byte classes (bytes no transition tells apart), and their
    /// number.
    classes: ByteClasses,
    stride: usize,
    cur: u32,
    /// Whether, at the current position, nothing but threads starting
    /// there is in progress.
    idle: bool,
    /// States in bytes (not counting the transitions).
    bytes: usize,
    cache: usize,
}

impl SetDfa {
    fn new(nfa: &NFA, cache: usize) -> Result<SetDfa> {
        Ok(SetDfa {
            run: Runner::new(nfa, cache / 2)?,
            states: Vec::new(),
            index: HashMap::default(),
            trans: Vec::new(),
            classes: *nfa.byte_classes(),
            stride: nfa.byte_classes().alphabet_len(),
            cur: 0,
            idle: true,
            bytes: 0,
            cache: cache / 2,
        })
    }

    /// The state of the runner's current set, and whether the cache was
    /// cleared to make room for it (every earlier state is then gone).
    fn intern(&mut self) -> Result<(u32, bool)> {
        let mut ids: Vec<StateID> = self.run.curr.dense.iter().map(|&(id, _)| id).collect();
        ids.sort_unstable();
        let ids = ids.into_boxed_slice();
        if let Some(&i) = self.index.get(&ids) {
            return Ok((i, false));
        }
        let cleared = self.bytes + self.trans.len() * 8 > self.cache && !self.states.is_empty();
        if cleared {
            self.states.clear();
            self.index.clear();
            self.trans.clear();
            self.bytes = 0;
        }
        let i = self.states.len() as u32;
        let row = self.stride * 2;
        self.trans.try_reserve(row).map_err(|_| no_memory())?;
        self.trans.resize(self.trans.len() + row, (0, 0));
        let patterns: Box<[u32]> = self.run.found().iter().map(|&(p, _)| p).collect();
        self.bytes += ids.len() * 8 + patterns.len() * 4 + 64;
        self.index.insert(ids.clone(), i);
        self.states.push(DState { nfa: ids, patterns });
        Ok((i, cleared))
    }

    fn start(&mut self, hay: &[u8], at: usize, abs: u64) -> Result<()> {
        self.run.start(hay, at, abs);
        self.cur = self.intern()?.0;
        self.idle = true;
        Ok(())
    }

    /// Steps over `hay[at]`.
    #[inline]
    fn step(&mut self, hay: &[u8], at: usize) -> Result<()> {
        let mask = self.run.holds(hay, at + 1);
        let class = usize::from(self.classes.get(hay[at]));
        let slot = (self.cur as usize * self.stride + class) * 2;
        for (m, next) in [self.trans[slot], self.trans[slot + 1]] {
            if next != 0 && m == mask {
                self.cur = (next & !IDLE) - 1;
                self.idle = next & IDLE != 0;
                return Ok(());
            }
        }
        // The runner's set as this state's, every thread from offset 0;
        // those it starts after the byte are from offset 1.
        self.run.clear();
        for &id in self.states[self.cur as usize].nfa.iter() {
            self.run.curr.insert(id, 0);
        }
        self.run.step(hay, at, 0);
        let idle = self.run.idle(1);
        let (next, cleared) = self.intern()?;
        if !cleared {
            self.trans[slot + 1] = self.trans[slot];
            self.trans[slot] = (mask, (next + 1) | if idle { IDLE } else { 0 });
        }
        self.cur = next;
        self.idle = idle;
        Ok(())
    }

    fn patterns(&self) -> &[u32] {
        &self.states[self.cur as usize].patterns
    }

    /// No match can come any more (an anchored regex past its start).
    fn is_dead(&self) -> bool {
        self.run.anchored && self.states[self.cur as usize].nfa.is_empty()
    }

    /// Drops every thread: the state of the empty set.
    fn clear(&mut self) -> Result<()> {
        self.run.clear();
        self.cur = self.intern()?.0;
        self.idle = true;
        Ok(())
    }

    fn memory(&self) -> usize {
        std::mem::size_of::<SetDfa>()
            + self.run.memory()
            + self.bytes
            + self.trans.capacity() * 8
            + self.index.capacity() * 24
    }
}

/// The ends-only engine of a stream whose regex the lazy DFA cannot
/// evaluate: every match end of every pattern, reported once the 4 bytes
/// after it have arrived or at the end of input.
pub(crate) struct SimEnds {
    run: SetDfa,
    text: bool,
    /// The last bytes stepped (up to CONTEXT) and those not yet stepped;
    /// `buf[0]` is at stream offset `base`.
    buf: Vec<u8>,
    base: u64,
    /// The position whose matches `run` holds; None before the first.
    at: Option<u64>,
    /// Patterns ending at `at` still to report.
    todo: Vec<u32>,
    /// As in BlockEnds.
    pre: Option<Prefilter>,
}

impl SimEnds {
    pub(crate) fn new(
        nfa: &NFA,
        text: bool,
        cache: usize,
        pre: Option<Prefilter>,
    ) -> Result<SimEnds> {
        Ok(SimEnds {
            run: SetDfa::new(nfa, cache)?,
            text,
            buf: Vec::new(),
            base: 0,
            at: None,
            todo: Vec::new(),
            pre,
        })
    }

    /// While no match is in progress at `at`, skips to just before where
    /// the prefilter says one may start (or, without one in the bytes
    /// held, to where a needle may begin that more bytes complete).
    fn skip(&mut self, at: u64, eoi: bool) -> Result<()> {
        let Some(pre) = &self.pre else {
            return Ok(());
        };
        if !self.run.idle {
            return Ok(());
        }
        let (i, n) = ((at - self.base) as usize, self.buf.len());
        let tail = if eoi {
            n
        } else {
            n.saturating_sub(pre.max_needle_len().saturating_sub(1))
        };
        let to = pre
            .find(&self.buf, Span::from(i..n))
            .map_or(tail.max(i), |sp| sp.start);
        if to > i + 1 {
            self.run.clear()?;
            self.at = Some(self.base + to as u64 - 1);
        }
        Ok(())
    }

    pub(crate) fn reset(&mut self) {
        self.buf.clear();
        self.buf.shrink_to(2 * CONTEXT);
        self.base = 0;
        self.at = None;
        self.todo.clear();
    }

    pub(crate) fn memory(&self) -> usize {
        std::mem::size_of::<SimEnds>()
            + self.run.memory()
            + self.buf.capacity()
            + self.todo.capacity() * 4
    }

    /// Takes `bytes`, reporting each (pattern, end) decided to `report`. On
    /// an error of `report` (a callback that stopped), keeps what is left,
    /// to go on with at the next call.
    pub(crate) fn feed(
        &mut self,
        bytes: &[u8],
        report: &mut dyn FnMut(u32, u64) -> Result<()>,
    ) -> Result<()> {
        let mut pieces = bytes.chunks(PIECE);
        while let Some(piece) = pieces.next() {
            self.buf.try_reserve(piece.len()).map_err(|_| no_memory())?;
            self.buf.extend_from_slice(piece);
            if let Err(e) = self.run(false, report) {
                for rest in pieces {
                    self.keep(rest)?;
                }
                return Err(e);
            }
            self.trim();
        }
        // Bytes kept after a stop are decided now, before new ones.
        if bytes.is_empty() {
            self.run(false, report)?;
            self.trim();
        }
        // An idle stream holds a few bytes, not the room of the last chunk.
        if self.buf.capacity() > 256 {
            self.buf.shrink_to(self.buf.len().max(4 * CONTEXT));
        }
        Ok(())
    }

    /// Keeps `bytes` to take at the next call (a callback stopped before).
    pub(crate) fn keep(&mut self, bytes: &[u8]) -> Result<()> {
        self.buf.try_reserve(bytes.len()).map_err(|_| no_memory())?;
        self.buf.extend_from_slice(bytes);
        Ok(())
    }

    /// The end of input: decides every position left.
    pub(crate) fn finish(&mut self, report: &mut dyn FnMut(u32, u64) -> Result<()>) -> Result<()> {
        self.run(true, report)
    }

    /// Drops the bytes no position still to decide needs.
    fn trim(&mut self) {
        let at = self.at.unwrap_or(0);
        let keep = at.saturating_sub(CONTEXT as u64).max(self.base);
        let drop = (keep - self.base) as usize;
        if drop > 0 {
            self.buf.drain(..drop);
            self.base = keep;
        }
    }

    fn run(&mut self, eoi: bool, report: &mut dyn FnMut(u32, u64) -> Result<()>) -> Result<()> {
        let avail = self.base + self.buf.len() as u64;
        loop {
            while !self.todo.is_empty() {
                let p = self.todo.remove(0);
                report(p, self.at.expect("todo is for a position"))?;
            }
            if let Some(at) = self.at {
                if at < avail {
                    self.skip(at, eoi)?;
                }
            }
            let next = match self.at {
                None => 0,
                Some(at) if self.run.is_dead() || at >= avail => return Ok(()),
                Some(at) => at + 1,
            };
            if !eoi && next + CONTEXT as u64 > avail {
                return Ok(());
            }
            let mut i = (next - self.base) as usize;
            if self.at.is_none() {
                self.run.start(&self.buf, i, next)?;
            } else {
                // The positions decidable now, stepped until one matches
                // or, with a prefilter, nothing is in progress.
                let last = if eoi {
                    self.buf.len()
                } else {
                    self.buf.len() - CONTEXT
                };
                loop {
                    self.run.step(&self.buf, i - 1)?;
                    let quiet = self.run.patterns().is_empty()
                        && !(self.pre.is_some() && self.run.idle)
                        && !self.run.is_dead();
                    if !quiet || i == last {
                        break;
                    }
                    i += 1;
                }
            }
            self.at = Some(self.base + i as u64);
            if !self.text || boundary(&self.buf, i) {
                self.todo.extend_from_slice(self.run.patterns());
            }
        }
    }
}

/// The PikeVM that reads the groups of overlapping matches (MatchKind::All,
/// every group), built on first use and shared by clones.
fn captures_vm(re: &Compiled) -> Result<&PikeVM> {
    type Built = std::result::Result<PikeVM, (c_int, String)>;
    let slot = re.sim.get_or_init(|| {
        let refs: Vec<&str> = re.patterns.iter().map(String::as_str).collect();
        let built: Built =
            on_deep_stack(&refs, &re.options, || build_vm(re)).map_err(|e| (e.code, e.message));
        Box::new(built)
    });
    let built = slot
        .downcast_ref::<Built>()
        .expect("only pikesim fills the slot");
    match built {
        Ok(vm) => Ok(vm),
        Err((code, message)) => Err(Error::new(*code, message.clone())),
    }
}

fn build_vm(re: &Compiled) -> Result<PikeVM> {
    let (flags, options) = (re.flags, &re.options);
    let hirs =
        regex_automata::util::syntax::parse_many_with(&re.patterns, &syntax_config(flags, options))
            .map_err(|e| Error::new(OXRE_EINVAL, e.to_string()))?;
    let mut looks = LookMatcher::new();
    looks.set_line_terminator(options.line_terminator);
    let config = thompson::Config::new()
        .utf8(flags & OXRE_TEXT != 0)
        .nfa_size_limit(Some(options.size_limit))
        .which_captures(WhichCaptures::All)
        .look_matcher(looks);
    let nfa = thompson::Compiler::new()
        .configure(config)
        .build_many_from_hir(&hirs)
        .map_err(|e| {
            Error::new(
                OXRE_ESIZE,
                format!("the automaton for groups exceeds the size limit: {e}"),
            )
        })?;
    PikeVM::builder()
        .configure(PikeVM::config().match_kind(MatchKind::All))
        .build_from_nfa(nfa)
        .map_err(|e| {
            Error::new(
                OXRE_ESIZE,
                format!("cannot build the groups' automaton: {e}"),
            )
        })
}

/// The PikeVM cache of a caller that reads groups of `re`'s matches.
pub(crate) fn captures_cache(re: &Compiled) -> Result<PikeCache> {
    Ok(captures_vm(re)?.create_cache())
}

/// Records in `caps` (made for `re`) the groups of the highest-priority
/// path of pattern `pattern` that matches exactly `hay[start..end]`, with
/// look-around seeing all of `hay`. Returns whether there is one.
pub(crate) fn span_captures(
    re: &Compiled,
    cache: &mut PikeCache,
    hay: &[u8],
    pattern: u32,
    start: usize,
    end: usize,
    caps: &mut Captures,
) -> Result<bool> {
    let vm = captures_vm(re)?;
    let pid = PatternID::new(pattern as usize)
        .map_err(|_| Error::new(OXRE_EINVAL, "pattern index out of range"))?;
    let input = Input::new(hay)
        .span(start..end)
        .anchored(Anchored::Pattern(pid));
    let (lo, hi) = caps
        .group_info()
        .slots(pid, 0)
        .ok_or_else(|| Error::new(OXRE_EINVAL, "pattern index out of range"))?;
    let slots = caps.slots_mut();
    let got = vm.search_slots(cache, &input, slots);
    // The last match seen is the one ending at `end`; any other (no match
    // reaches `end`) is not this span's.
    let at = |i: usize| slots.get(i).copied().flatten().map(|v| v.get());
    if got.is_none() || at(lo) != Some(start) || at(hi) != Some(end) {
        caps.set_pattern(None);
        return Ok(false);
    }
    caps.set_pattern(got);
    Ok(true)
}

/// The NFA simulation against a brute-force reference: the longest match
/// of a pattern anchored at `s` within the window [s, e) of the whole
/// haystack (MatchKind::All, engines of the crate) ends at `e` exactly when
/// some match of it spans [s, e). Unicode word boundaries over non-ASCII
/// haystacks, both flavours, every split of a stream.
#[cfg(test)]
mod tests {
    use std::os::raw::{c_int, c_void};
    use std::ptr;

    use regex_automata::meta;

    use super::{boundary, Runner};
    use crate::captures::*;
    use crate::flags::OXRE_TEXT;
    use crate::overlap::*;
    use crate::regex::*;
    use crate::span::oxre_span;
    use crate::stream::*;

    fn engines(re: *const oxre_regex) -> crate::error::Result<&'static crate::stream::Engines> {
        crate::stream::engines(unsafe { &*re })
    }

    const SETS: &[&[&str]] = &[
        &[r"\b"],
        &[r"\B"],
        &[r"\bfoo\b"],
        &[r"\w+\b"],
        &[r"\b\w+"],
        &[r"é\b", r"\bé"],
        &[r"x\b", r"\w", r"(?-u:\b)x"],
        &[r"\b(a|ab)\b", r"b\B"],
        &[r"^\b", r"\b$", r"(?m)^\w+$"],
        &[r"\bαβ", r"γ\b|δ"],
        &[
            r"\b{start}\w",
            r"\w\b{end}",
            r"\b{start-half}x",
            r"x\b{end-half}",
        ],
        &[r"(?i)\bSTRASSE\b", r"ß\B"],
    ];

    const HAYS: &[&str] = &[
        "",
        "é",
        "éé é",
        "aé b",
        "foo éfoo foo",
        "αβγ δ αβ",
        "xé x xx",
        "ab ab éab",
        "x\u{2603}x",
        "straße STRASSE",
        "a\nβ\n",
    ];

    fn compile_many(pats: &[&str], flags: u32) -> *mut oxre_regex {
        let ptrs: Vec<*const u8> = pats.iter().map(|p| p.as_ptr()).collect();
        let lens: Vec<usize> = pats.iter().map(|p| p.len()).collect();
        let re = unsafe {
            oxre_compile_many(ptrs.as_ptr(), lens.as_ptr(), pats.len(), flags, ptr::null())
        };
        assert!(!re.is_null(), "{pats:?} did not compile");
        re
    }

    fn longest(pats: &[&str], text: bool) -> meta::Regex {
        meta::Builder::new()
            .configure(
                meta::Config::new()
                    .match_kind(regex_automata::MatchKind::All)
                    .utf8_empty(text),
            )
            .syntax(regex_automata::util::syntax::Config::new().utf8(text))
            .build_many(pats)
            .unwrap()
    }

    /// Every (pattern, leftmost start, end), in order of end then pattern.
    fn brute(pats: &[&str], hay: &[u8], text: bool) -> Vec<(u32, usize, usize)> {
        let re = longest(pats, text);
        let mut out = Vec::new();
        for e in 0..=hay.len() {
            if text && e < hay.len() && hay[e] & 0xC0 == 0x80 {
                continue;
            }
            for p in 0..pats.len() {
                let pid = regex_automata::PatternID::must(p);
                let start = (0..=e).find(|&s| {
                    let input = regex_automata::Input::new(hay)
                        .span(s..e)
                        .anchored(regex_automata::Anchored::Pattern(pid));
                    re.search(&input).is_some_and(|m| m.end() == e)
                });
                if let Some(s) = start {
                    out.push((p as u32, s, e));
                }
            }
        }
        out
    }

    fn overlapped(re: *const oxre_regex, hay: &[u8]) -> Vec<(u32, usize, usize)> {
        let mut out = Vec::new();
        unsafe {
            let it = oxre_overlap_new(re, hay.as_ptr(), hay.len());
            assert!(!it.is_null());
            let mut m = oxre_match::default();
            while oxre_overlap_next(it, &mut m) == 1 {
                out.push((m.pattern as u32, m.start, m.end));
            }
            assert_eq!(oxre_overlap_next(it, &mut m), 0);
            oxre_overlap_free(it);
        }
        out
    }

    struct Seen {
        ends: Vec<(u32, u64)>,
        stop_every: bool,
    }

    unsafe extern "C" fn push(ctx: *mut c_void, m: *const oxre_stream_match) -> c_int {
        let seen = unsafe { &mut *ctx.cast::<Seen>() };
        let m = unsafe { &*m };
        assert_eq!(m.start, u64::MAX);
        seen.ends.push((m.pattern, m.end));
        seen.stop_every as c_int
    }

    /// An ends-only stream fed `hay` cut at `cuts`; with `stop`, the
    /// callback stops at every match and each call is repeated until done.
    fn ends(re: *const oxre_regex, hay: &[u8], cuts: &[usize], stop: bool) -> Vec<(u32, u64)> {
        ends_with(re, hay, cuts, stop, &oxre_stream_options::default())
    }

    fn ends_with(
        re: *const oxre_regex,
        hay: &[u8],
        cuts: &[usize],
        stop: bool,
        options: &oxre_stream_options,
    ) -> Vec<(u32, u64)> {
        let mut seen = Seen {
            ends: Vec::new(),
            stop_every: stop,
        };
        let ctx = (&mut seen as *mut Seen).cast::<c_void>();
        unsafe {
            let s = oxre_stream_new(re, OXRE_STREAM_ENDS_ONLY, options);
            assert!(!s.is_null());
            let mut at = 0;
            for &cut in cuts.iter().chain(std::iter::once(&hay.len())) {
                let piece = &hay[at..cut];
                let mut r = oxre_stream_feed(s, piece.as_ptr(), piece.len(), Some(push), ctx);
                while r == crate::error::OXRE_ECALLBACK {
                    r = oxre_stream_feed(s, ptr::null(), 0, Some(push), ctx);
                }
                assert!(r >= 0, "feed: {r}");
                at = cut;
            }
            let mut r = oxre_stream_finish(s, Some(push), ctx);
            while r == crate::error::OXRE_ECALLBACK {
                r = oxre_stream_finish(s, Some(push), ctx);
            }
            assert!(r >= 0, "finish: {r}");
            assert_eq!(oxre_stream_offset(s), hay.len() as u64);
            oxre_stream_free(s);
        }
        seen.ends
    }

    #[test]
    fn unicode_word_boundaries_match_brute_force() {
        for pats in SETS {
            for text in [false, true] {
                let re = compile_many(pats, if text { OXRE_TEXT } else { 0 });
                for hay in HAYS.iter().map(|h| h.as_bytes()) {
                    let want = brute(pats, hay, text);
                    assert_eq!(overlapped(re, hay), want, "{pats:?} on {hay:?}");
                    let want_ends: Vec<(u32, u64)> =
                        want.iter().map(|&(p, _, e)| (p, e as u64)).collect();
                    // Every split in two (inside code points too), one byte
                    // at a time, and stopping at every match.
                    for cut in 0..=hay.len() {
                        assert_eq!(
                            ends(re, hay, &[cut], false),
                            want_ends,
                            "{pats:?} cut {cut}"
                        );
                    }
                    let bytewise: Vec<usize> = (1..hay.len()).collect();
                    assert_eq!(
                        ends(re, hay, &bytewise, false),
                        want_ends,
                        "{pats:?} bytewise"
                    );
                    assert_eq!(ends(re, hay, &bytewise, true), want_ends, "{pats:?} stops");
                    if hay.len() <= 12 {
                        for i in 1..hay.len() {
                            for j in i..hay.len() {
                                assert_eq!(ends(re, hay, &[i, j], false), want_ends);
                            }
                        }
                    }
                }
                unsafe { oxre_free(re) };
            }
        }
    }

    #[test]
    fn bytes_haystacks_not_utf8() {
        let hay: &[u8] = b"a\xffb \xce\xb1x\xce \x80\xe2\x98\x83 x";
        for pats in SETS {
            let re = compile_many(pats, 0);
            let want = brute(pats, hay, false);
            assert_eq!(overlapped(re, hay), want, "{pats:?}");
            let want_ends: Vec<(u32, u64)> = want.iter().map(|&(p, _, e)| (p, e as u64)).collect();
            for cut in 0..=hay.len() {
                assert_eq!(
                    ends(re, hay, &[cut], false),
                    want_ends,
                    "{pats:?} cut {cut}"
                );
            }
            unsafe { oxre_free(re) };
        }
    }

    /// Long input, random chunks: the stream's ends are the iterator's.
    #[test]
    fn long_input_random_chunks() {
        let words = ["foo", " ", "é", "éfoo", "\n", "x", "αβ", "γ", "ab", "ß"];
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % n as u64) as usize
        };
        let mut hay = String::new();
        while hay.len() < 5000 {
            hay.push_str(words[next(words.len())]);
        }
        let hay = hay.as_bytes();
        for pats in SETS {
            for text in [false, true] {
                let re = compile_many(pats, if text { OXRE_TEXT } else { 0 });
                let want: Vec<(u32, u64)> = overlapped(re, hay)
                    .iter()
                    .map(|&(p, _, e)| (p, e as u64))
                    .collect();
                // A cache too small for more than a state or two: cleared
                // over and over, the same ends.
                let tiny = oxre_stream_options {
                    cache_size: 1,
                    ..Default::default()
                };
                assert_eq!(ends_with(re, hay, &[hay.len() / 3], false, &tiny), want);
                let mut it_tiny = Runner::new(&engines(re).unwrap().forward, 1).unwrap();
                let mut from_runner = Vec::new();
                it_tiny.start(hay, 0, 0);
                for at in 0..=hay.len() {
                    if at > 0 {
                        it_tiny.step(hay, at - 1, at as u64 - 1);
                    }
                    if !text || boundary(hay, at) {
                        from_runner.extend(it_tiny.found().iter().map(|&(p, _)| (p, at as u64)));
                    }
                }
                assert_eq!(from_runner, want, "{pats:?} runner, tiny cache");
                for round in 0..4 {
                    let mut cuts = Vec::new();
                    let mut at = 0;
                    loop {
                        at += 1 + next(if round < 2 { 6 } else { 900 });
                        if at >= hay.len() {
                            break;
                        }
                        cuts.push(at);
                    }
                    assert_eq!(ends(re, hay, &cuts, false), want, "{pats:?}");
                }
                unsafe { oxre_free(re) };
            }
        }
    }

    /// The groups of every overlapping match: group 0 is the match, every
    /// group lies inside it, and when the leftmost-first search anchored at
    /// its start in the window [start, end) finds this very match, the
    /// groups are the ones that search gives.
    #[test]
    fn groups_of_overlapping_matches() {
        let sets: &[&[&str]] = &[
            &["(a)|(ab)|(a)(b)"],
            &["(a|ab)(c|bcd)?", "(?<x>b)(?<y>c)?"],
            &[r"(\w+)\b", r"\b(\w)(\w)?"],
            &[r"(a*)(a*)", "(a+?)(a*)"],
            &[r"(é)(\b)?", r"(?:(x)|(x\b))"],
            &[r"(?m)^(\w*)$", r"()"],
        ];
        let hays = ["abcd ab", "aaa", "éa é x xx", "ab\nabc\n", "xé"];
        let (mut all, mut all_checked) = (0, 0);
        for pats in sets {
            for text in [false, true] {
                let re = compile_many(pats, if text { OXRE_TEXT } else { 0 });
                let (caps, check) = unsafe { (oxre_captures_new(re), oxre_captures_new(re)) };
                let (mut n, mut checked) = (0, 0);
                for hay in hays.iter().map(|h| h.as_bytes()) {
                    let (a, b) = unsafe { groups_of(re, caps, check, hay, pats) };
                    n += a;
                    checked += b;
                }
                assert!(checked > 0, "{pats:?}: {n} matches, none checked");
                all += n;
                all_checked += checked;
                unsafe {
                    oxre_captures_free(caps);
                    oxre_captures_free(check);
                    oxre_free(re);
                }
            }
        }
        // Some matches are not leftmost-first ones.
        assert!(all > all_checked);
    }

    /// Checks the groups of every match in `hay`; returns how many there
    /// were, and how many of them were checked against the search.
    unsafe fn groups_of(
        re: *const oxre_regex,
        caps: *mut oxre_captures,
        check: *mut oxre_captures,
        hay: &[u8],
        pats: &[&str],
    ) -> (usize, usize) {
        let it = unsafe { oxre_overlap_new(re, hay.as_ptr(), hay.len()) };
        assert!(!it.is_null());
        let mut m = oxre_match::default();
        let (mut n, mut checked) = (0, 0);
        while unsafe { oxre_overlap_next(it, &mut m) } == 1 {
            n += 1;
            assert_eq!(unsafe { oxre_overlap_captures(it, caps) }, 1);
            assert_eq!(unsafe { oxre_captures_pattern(caps) }, m.pattern as c_int);
            let count = unsafe { oxre_captures_group_count(caps) };
            let mut spans = vec![oxre_span::default(); count];
            for (i, span) in spans.iter_mut().enumerate() {
                if unsafe { oxre_captures_get(caps, i, span) } != 1 {
                    *span = oxre_span {
                        start: usize::MAX,
                        end: usize::MAX,
                    };
                }
            }
            assert_eq!((spans[0].start, spans[0].end), (m.start, m.end));
            for s in &spans[1..] {
                assert!(s.start == usize::MAX || (m.start <= s.start && s.end <= m.end));
            }
            // The leftmost-first search anchored for this pattern.
            let r = unsafe {
                oxre_search_captures(
                    re,
                    check,
                    hay.as_ptr(),
                    hay.len(),
                    m.start,
                    m.end,
                    crate::flags::OXRE_ANCHORED,
                )
            };
            assert!(r >= 0);
            let mut first = oxre_span::default();
            let same_pattern = unsafe { oxre_captures_pattern(check) } == m.pattern as c_int;
            if r == 1
                && same_pattern
                && unsafe { oxre_captures_get(check, 0, &mut first) } == 1
                && (first.start, first.end) == (m.start, m.end)
            {
                checked += 1;
                for (i, want) in spans.iter().enumerate() {
                    let mut got = oxre_span {
                        start: usize::MAX,
                        end: usize::MAX,
                    };
                    unsafe { oxre_captures_get(check, i, &mut got) };
                    assert_eq!(
                        (got.start, got.end),
                        (want.start, want.end),
                        "{pats:?} group {i}"
                    );
                }
            }
        }
        // Past the end: no match to read.
        assert_eq!(
            unsafe { oxre_overlap_captures(it, caps) },
            crate::error::OXRE_ERANGE
        );
        unsafe { oxre_overlap_free(it) };
        (n, checked)
    }

    /// The word boundaries computed from a table agree with the look-around
    /// matcher everywhere, over bytes that are and are not UTF-8.
    #[test]
    fn word_masks_agree_with_the_matcher() {
        let pats = [
            r"\b",
            r"\B",
            r"\b{start}",
            r"\b{end}",
            r"\b{start-half}",
            r"\b{end-half}",
        ];
        let re = compile_many(&pats, 0);
        let mut run = Runner::new(&engines(re).unwrap().forward, 1 << 20).unwrap();
        assert!(run.unicode_only);
        let pieces: [&[u8]; 12] = [
            b"a",
            b" ",
            b"\xce\xb1",
            b"\xce",
            b"\xb1",
            b"\xe2\x98\x83",
            b"\xe2\x98",
            b"\xf0\x9f\x98\x80",
            b"\xff",
            b"_",
            "é".as_bytes(),
            b"\x80\x80",
        ];
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..3000 {
            let mut hay = Vec::new();
            for _ in 0..5 {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                hay.extend_from_slice(pieces[(rng % 12) as usize]);
            }
            for at in 0..=hay.len() {
                assert_eq!(
                    run.holds(&hay, at),
                    run.holds_slow(&hay, at),
                    "{hay:?} at {at}"
                );
            }
        }
        unsafe { oxre_free(re) };
    }

    /// decode() accepts exactly what the standard library does.
    #[test]
    fn decode_agrees_with_std() {
        for b0 in 0..=255u8 {
            for b1 in 0..=255u8 {
                for tail in [
                    &[][..],
                    &[0x80][..],
                    &[0xBF, 0x80][..],
                    &[0x7F][..],
                    &[0x90, 0xBF][..],
                ] {
                    let mut bytes = vec![b0, b1];
                    bytes.extend_from_slice(tail);
                    let want = (1..=bytes.len())
                        .find_map(|n| {
                            std::str::from_utf8(&bytes[..n])
                                .ok()
                                .and_then(|s| s.chars().next())
                        })
                        .map(u32::from);
                    // The shortest prefix that is UTF-8 is the first code
                    // point, when the bytes begin with one.
                    assert_eq!(super::decode(&bytes), want, "{bytes:x?}");
                }
            }
        }
    }

    /// The trap of a window search: `a|ab` over "ab" finds [0,1) first, yet
    /// the groups asked for [0,2) are those of the path `ab`.
    #[test]
    fn groups_of_a_longer_match_than_leftmost_first() {
        let re = compile_many(&["(a)|(ab)"], 0);
        let hay = b"ab";
        unsafe {
            let caps = oxre_captures_new(re);
            let it = oxre_overlap_new(re, hay.as_ptr(), hay.len());
            assert_eq!(oxre_overlap_captures(it, caps), crate::error::OXRE_ERANGE);
            let mut m = oxre_match::default();
            let mut got = Vec::new();
            while oxre_overlap_next(it, &mut m) == 1 {
                assert_eq!(oxre_overlap_captures(it, caps), 1);
                let mut spans = [oxre_span::default(); 3];
                let mut which = Vec::new();
                for (i, s) in spans.iter_mut().enumerate() {
                    if oxre_captures_get(caps, i, s) == 1 {
                        which.push((i, s.start, s.end));
                    }
                }
                got.push(which);
            }
            assert_eq!(
                got,
                vec![vec![(0, 0, 1), (1, 0, 1)], vec![(0, 0, 2), (2, 0, 2)]]
            );
            oxre_overlap_free(it);
            oxre_captures_free(caps);
            oxre_free(re);
        }
    }
}
