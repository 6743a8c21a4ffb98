//! Searching input that arrives in chunks.
//!
//! # Design
//!
//! **Leftmost mode** (the default) must report exactly the matches that
//! oxre_iter finds over the concatenation of the chunks, whatever the split.
//! The stream keeps the bytes that may still matter in `buf` (stream offset
//! `base` is `buf[0]`) and searches them with the regex's own meta engine,
//! so every construct the engine knows (Unicode `\b` included) behaves as in
//! a block search. The only question a stream adds is *when a match found in
//! the retained bytes is final*, that is, the same whatever bytes follow. It
//! is answered with a second automaton, built once per regex: the reverse of
//! the language of *prefixes* of matches, with every look-around assertion
//! relaxed to "always true" (so it accepts a superset, never less). Run
//! backwards, anchored at `L - K` (`L` the end of the retained bytes, `K`
//! the look-ahead the assertions may need), it gives the leftmost start
//! `live` from which the bytes up to `L - K` could still be the beginning of
//! a match. A match `[s, e)` found over the retained bytes is final when
//! `s < live` and `e <= L - K`: any match that more input could create or
//! change would start at or before `s` and reach past `L - K`, so its start
//! would be live. Until then the search waits for more input. History kept:
//! from `min(pos, live)` (`pos` where the next search starts) less `CTX`
//! bytes of look-behind; when nothing can be in progress that is a few bytes.
//! At the end of input (`finish`) every match over the retained bytes is
//! final. To stay linear when a match in progress keeps history growing,
//! the decision runs again only once the retained bytes have doubled (or
//! pass the history limit); big chunks are taken in pieces of `PIECE` bytes,
//! so memory stays within the limit plus one piece.
//!
//! Chunks are searched where they lie. While the history is short (`SMALL`
//! bytes at most), a chunk that begins where the next search begins (no
//! match in progress started before it) is searched as a haystack of its
//! own (a `View` at the chunk's stream offset): the decision above runs over
//! it, and only its bytes from `min(pos, live) - CTX` on are copied into the
//! history. When a match in progress may have begun before the chunk, or the
//! regex has look-around (whose look-behind the history holds), the chunk's
//! first `STITCH` bytes join the history and are decided first; that
//! usually settles the boundary, and the rest is searched in place. Only a
//! match in progress longer than that (`a.*b` on a long line) makes the
//! chunk join the history as a whole. A fast prefilter that finds no
//! candidate in the bytes spares the meta search: no match there is final.
//!
//! **Ends-only mode** is Hyperscan's: an unanchored lazy DFA of all the
//! patterns (MatchKind::All) stepped byte by byte, reporting every match
//! state's patterns at each position; nothing is kept. The lazy DFA cannot
//! evaluate a Unicode `\b` next to a non-ASCII byte, so a regex with one is
//! run instead by the NFA simulation of `pikesim` (`Mode::Sim`), which keeps
//! only a few bytes either side of the position it decides.

use std::os::raw::{c_int, c_void};
use std::sync::OnceLock;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson::{self, WhichCaptures, NFA};
use regex_automata::util::look::LookMatcher;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::start;
use regex_automata::{Anchored, Input, Match, MatchKind, PatternID};
use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir, HirKind, Repetition};

use crate::build::{full_dfa_is_safe, on_deep_stack, syntax_config, Compiled};
use crate::captures::oxre_captures;
use crate::ends;
use crate::error::{
    boundary, Error, Result, OXRE_ECALLBACK, OXRE_EHISTORY, OXRE_EINVAL, OXRE_ENOMEM, OXRE_ESIZE,
    OXRE_EUNSUPPORTED, OXRE_EUTF8,
};
use crate::ffi::{arg_bytes, arg_mut, arg_opt, arg_ref, free_box};
use crate::flags::{check_bits, OXRE_TEXT};
use crate::pikesim::SimEnds;
use crate::regex::oxre_regex;

/// Stream flag: report only where matches end (with the pattern), every one
/// of them, overlapping, as Hyperscan does; `start` is UINT64_MAX. Keeps no
/// history at all.
pub const OXRE_STREAM_ENDS_ONLY: u32 = 1 << 0;
/// All stream flag bits; any other bit is OXRE_EFLAGS.
pub const OXRE_STREAM_FLAGS_ALL: u32 = (1 << 1) - 1;

/// Bytes of look-behind kept before the next search position (a code point).
const CTX: usize = 4;
/// The retained bytes below which every chunk is decided at once; above
/// it, once they double.
const SMALL: usize = 256;
/// The largest piece of a chunk the stream takes at once into its history.
const PIECE: usize = 64 * 1024;
/// The bytes of a chunk that join a short history to settle the boundary.
const STITCH: usize = 256;

/// Settings of one stream, for oxre_stream_new(). Fill it with
/// oxre_stream_options_init() first, then change what you need. Plain data;
/// oxre keeps no pointer to it.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct oxre_stream_options {
    /// The most bytes a leftmost-mode stream keeps to decide a match in
    /// progress. A match that needs more makes the call fail with
    /// OXRE_EHISTORY (never a missed or shortened match). Default: 1 MiB.
    pub history_limit: u64,
    /// Approximate limit, in bytes, on the lazy DFA cache each stream owns.
    /// Past it the cache is cleared and rebuilt (matching stays correct and
    /// linear, only slower). Ends-only streams on their regex's shared DFA
    /// have no cache and ignore it. Default: 256 KiB.
    pub cache_size: usize,
}

impl Default for oxre_stream_options {
    fn default() -> oxre_stream_options {
        oxre_stream_options {
            history_limit: 1 << 20,
            cache_size: 256 * 1024,
        }
    }
}

/// A match reported by a stream to its callback. Valid only during the
/// callback: copy what you need.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct oxre_stream_match {
    /// Offset of the match's first byte from the stream's first byte, or
    /// UINT64_MAX in ends-only mode.
    pub start: u64,
    /// Offset one past the match's last byte.
    pub end: u64,
    /// Which pattern matched: its index for oxre_compile_many(), else 0.
    pub pattern: u32,
    /// The bytes searched around the match (leftmost mode; NULL in
    /// ends-only mode): the chunk being fed, or the history the stream holds
    /// when the match began before that chunk. `haystack[0]` is the stream's
    /// byte at offset `haystack_offset`, so the match is `haystack + (start -
    /// haystack_offset)`, `end - start` bytes long. Capture spans read with
    /// oxre_stream_match_captures() are offsets into this haystack.
    pub haystack: *const u8,
    /// The number of bytes at `haystack`.
    pub haystack_len: usize,
    /// The stream offset of `haystack[0]`.
    pub haystack_offset: u64,
    /// Private to oxre; do not change.
    pub internal: *const c_void,
}

/// The callback of oxre_stream_feed() and oxre_stream_finish(): called once
/// per match, in order. Return 0 to go on, non-zero to stop.
pub type oxre_stream_cb =
    Option<unsafe extern "C" fn(ctx: *mut c_void, r#match: *const oxre_stream_match) -> c_int>;

/// The NFAs streams and overlapping iterators run.
pub(crate) struct Engines {
    /// All patterns, forward, for the ends (MatchKind::All).
    pub(crate) forward: NFA,
    /// All patterns, reverse, for the starts of overlapping matches.
    pub(crate) reverse: NFA,
    /// The reverse of the proper prefixes of matches, assertions relaxed.
    prefixes: NFA,
    /// The bytes after a match its assertions may read: 0 without
    /// look-around, 4 (a code point) for a Unicode word boundary, else 1.
    lookahead: usize,
    /// Some pattern has a Unicode word boundary.
    pub(crate) unicode_word: bool,
    /// A fast prefilter for where matches of any pattern may start.
    pub(crate) prefilter: Option<Prefilter>,
    /// The fully compiled DFA ends-only streams share, built by the first
    /// (None: too big, or not right for the regex; streams use lazy DFAs).
    ends: OnceLock<Option<ends::Shared>>,
}

type Built = std::result::Result<Engines, (c_int, String)>;

/// The engines of `re`, built on first use (once per regex and its clones;
/// thread-safe).
pub(crate) fn engines(re: &Compiled) -> Result<&Engines> {
    let slot = re.later.get_or_init(|| Box::new(build_engines(re)));
    let built = slot
        .downcast_ref::<Built>()
        .expect("only streams fill the slot");
    match built {
        Ok(engines) => Ok(engines),
        Err((code, message)) => Err(Error::new(*code, message.clone())),
    }
}

fn build_engines(re: &Compiled) -> Built {
    let refs: Vec<&str> = re.patterns.iter().map(String::as_str).collect();
    on_deep_stack(&refs, &re.options, || {
        build_engines_here(re).map_err(|(code, m)| Error::new(code, m))
    })
    .map_err(|e| (e.code, e.message))
}

/// build_engines() on a stack deep enough for the patterns.
fn build_engines_here(re: &Compiled) -> Built {
    let (flags, options) = (re.flags, &re.options);
    let syntaxc = syntax_config(flags, options);
    let hirs = regex_automata::util::syntax::parse_many_with(&re.patterns, &syntaxc)
        .map_err(|e| (OXRE_EINVAL, e.to_string()))?;
    let mut lookm = LookMatcher::new();
    lookm.set_line_terminator(options.line_terminator);
    let config = thompson::Config::new()
        .utf8(flags & OXRE_TEXT != 0)
        .nfa_size_limit(Some(options.size_limit))
        .which_captures(WhichCaptures::None)
        .look_matcher(lookm);
    let nfa_error = |e: thompson::BuildError| {
        (
            OXRE_ESIZE,
            format!("the stream's automaton exceeds the size limit: {e}"),
        )
    };
    let forward = thompson::Compiler::new()
        .configure(config.clone())
        .build_many_from_hir(&hirs)
        .map_err(nfa_error)?;
    let reverse = thompson::Compiler::new()
        .configure(config.clone().reverse(true))
        .build_many_from_hir(&hirs)
        .map_err(nfa_error)?;
    let all = hirs
        .iter()
        .map(proper_prefixes)
        .fold(None, union)
        .unwrap_or_else(Hir::fail);
    let prefixes = thompson::Compiler::new()
        .configure(config.utf8(false).reverse(true))
        .build_from_hir(&all)
        .map_err(nfa_error)?;
    let looks = forward.look_set_any();
    let prefilter = Prefilter::from_hirs_prefix(MatchKind::All, &hirs).filter(|p| p.is_fast());
    Ok(Engines {
        ends: OnceLock::new(),
        prefilter,
        unicode_word: looks.contains_word_unicode(),
        lookahead: if looks.is_empty() {
            0
        } else if looks.contains_word_unicode() {
            4
        } else {
            1
        },
        forward,
        reverse,
        prefixes,
    })
}

/// `h` with every look-around assertion made to always hold, and no groups.
fn relaxed(h: &Hir) -> Hir {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0.clone()),
        HirKind::Class(c) => Hir::class(c.clone()),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(relaxed(&r.sub)),
            ..r.clone()
        }),
        HirKind::Capture(c) => relaxed(&c.sub),
        HirKind::Concat(v) => Hir::concat(v.iter().map(relaxed).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.iter().map(relaxed).collect()),
    }
}

fn or_empty(h: Hir) -> Hir {
    Hir::alternation(vec![Hir::empty(), h])
}

fn bytes_class(lo: u8, hi: u8) -> Hir {
    Hir::class(Class::Bytes(ClassBytes::new([ClassBytesRange::new(
        lo, hi,
    )])))
}

fn union(a: Option<Hir>, b: Option<Hir>) -> Option<Hir> {
    match (a, b) {
        (Some(a), Some(b)) => Some(Hir::alternation(vec![a, b])),
        (a, b) => a.or(b),
    }
}

/// The proper prefixes of the matches of `h` (the strings that some
/// non-empty string extends to a match), assertions relaxed so that it is
/// a superset; None for none. Its size is linear in `h` times its depth. A
/// prefix may end inside an encoded code point: a Unicode class also gives
/// a lead byte and up to two continuation bytes.
fn proper_prefixes(h: &Hir) -> Option<Hir> {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(lit) => {
            let mut acc = Hir::empty();
            for &b in lit.0[..lit.0.len() - 1].iter().rev() {
                acc = or_empty(Hir::concat(vec![Hir::literal(vec![b]), acc]));
            }
            Some(acc)
        }
        HirKind::Class(Class::Bytes(c)) if c.ranges().is_empty() => None,
        HirKind::Class(Class::Unicode(c)) if c.ranges().is_empty() => None,
        HirKind::Class(Class::Bytes(_)) => Some(Hir::empty()),
        HirKind::Class(Class::Unicode(_)) => {
            let partial = Hir::concat(vec![
                bytes_class(0xC0, 0xFF),
                Hir::repetition(Repetition {
                    min: 0,
                    max: Some(2),
                    greedy: true,
                    sub: Box::new(bytes_class(0x80, 0xBF)),
                }),
            ]);
            Some(or_empty(partial))
        }
        HirKind::Repetition(r) => {
            let max = match r.max {
                Some(0) => return None,
                Some(m) => Some(m - 1),
                None => None,
            };
            let sub = proper_prefixes(&r.sub)?;
            Some(Hir::concat(vec![
                Hir::repetition(Repetition {
                    min: 0,
                    max,
                    greedy: true,
                    sub: Box::new(relaxed(&r.sub)),
                }),
                sub,
            ]))
        }
        HirKind::Capture(c) => proper_prefixes(&c.sub),
        HirKind::Concat(v) => {
            let (last, rest) = v.split_last().expect("a concatenation is not empty");
            let mut acc = proper_prefixes(last);
            for x in rest.iter().rev() {
                let after = acc.map(|a| Hir::concat(vec![relaxed(x), a]));
                acc = union(proper_prefixes(x), after);
            }
            acc
        }
        HirKind::Alternation(v) => v.iter().map(proper_prefixes).fold(None, union),
    }
}

/// The full DFA ends-only streams of `re` share, built by the first one;
/// None when it would not fit the regex's `dfa_size_limit` or could be
/// wrong for it (see ends::build()).
fn dense_ends<'a>(re: &oxre_regex, engines: &'a Engines) -> Option<&'a ends::Shared> {
    engines
        .ends
        .get_or_init(|| {
            if engines.unicode_word || !full_dfa_is_safe(&re.options) {
                return None;
            }
            ends::build(
                &engines.forward,
                engines.prefilter.as_ref(),
                re.options.dfa_size_limit,
                re.options.line_terminator,
            )
        })
        .as_ref()
}

/// A lazy DFA from `nfa` that never gives up (it clears its cache and goes
/// on), within `cache_size` when that is enough for the NFA.
pub(crate) fn lazy_dfa(nfa: &NFA, kind: MatchKind, cache_size: usize) -> Result<DFA> {
    lazy_dfa_with(nfa, kind, cache_size, false)
}

/// lazy_dfa(), with start states tagged (`specialize`) for a prefilter.
fn lazy_dfa_with(nfa: &NFA, kind: MatchKind, cache_size: usize, specialize: bool) -> Result<DFA> {
    let config = DFA::config()
        .match_kind(kind)
        .specialize_start_states(specialize)
        .starts_for_each_pattern(true)
        .unicode_word_boundary(true)
        .cache_capacity(cache_size)
        .minimum_cache_clear_count(None);
    let build = |config: regex_automata::hybrid::dfa::Config| {
        DFA::builder()
            .configure(config)
            .build_from_nfa(nfa.clone())
            .map_err(|e| Error::new(OXRE_EUNSUPPORTED, format!("cannot build a stream: {e}")))
    };
    // A cache too small for the NFA still works (it is cleared more often).
    build(config.clone()).or_else(|_| build(config.skip_cache_capacity_check(true)))
}

/// Checks UTF-8 across chunks: the bytes of an unfinished code point at the
/// end of a chunk wait here for the next one.
#[derive(Default)]
struct Utf8Carry {
    bytes: [u8; 4],
    len: usize,
}

impl Utf8Carry {
    /// Checks `chunk`, which starts at stream offset `offset`. Returns the
    /// bytes that complete the carried code point (the carried ones
    /// included; to take before the rest), and the range of the chunk to
    /// take after them; what follows it is carried.
    fn check(&mut self, chunk: &[u8], offset: u64) -> Result<([u8; 8], usize, usize, usize)> {
        let mut done = [0u8; 8];
        let mut done_len = 0;
        let mut i = 0;
        if self.len > 0 {
            let carried = self.len;
            done[..carried].copy_from_slice(&self.bytes[..carried]);
            let n = chunk.len().min(4);
            done[carried..carried + n].copy_from_slice(&chunk[..n]);
            match std::str::from_utf8(&done[..carried + n]) {
                Ok(_) => done_len = carried + n,
                Err(e) if e.valid_up_to() >= carried => done_len = e.valid_up_to(),
                Err(e) if e.error_len().is_none() => {
                    self.bytes[carried..carried + n].copy_from_slice(&chunk[..n]);
                    self.len += n;
                    return Ok((done, 0, 0, 0));
                }
                Err(_) => return Err(utf8_error(offset - carried as u64)),
            }
            i = done_len - carried;
            self.len = 0;
        }
        match std::str::from_utf8(&chunk[i..]) {
            Ok(_) => Ok((done, done_len, i, chunk.len())),
            Err(e) if e.error_len().is_none() => {
                let upto = i + e.valid_up_to();
                let rest = &chunk[upto..];
                self.bytes[..rest.len()].copy_from_slice(rest);
                self.len = rest.len();
                Ok((done, done_len, i, upto))
            }
            Err(e) => Err(utf8_error(offset + (i + e.valid_up_to()) as u64)),
        }
    }
}

fn utf8_error(at: u64) -> Error {
    let e = Error::new(
        OXRE_EUTF8,
        format!("the stream is not valid UTF-8 at offset {at}"),
    );
    match usize::try_from(at) {
        Ok(at) => e.with_span(at, at + 1),
        Err(_) => e,
    }
}

/// Bytes searched as one haystack: `hay[0]` is at stream offset `base`
/// (the history, or a chunk searched where it lies).
#[derive(Clone, Copy)]
struct View<'a> {
    hay: &'a [u8],
    base: u64,
}

/// A search cache taken from the regex's spares for one decision (on its
/// first search) and given back when dropped: one cache lookup per chunk
/// rather than one per match.
struct Held<'a> {
    re: &'a oxre_regex,
    cache: Option<Box<regex_automata::meta::Cache>>,
}

impl Held<'_> {
    fn get(&mut self) -> &mut regex_automata::meta::Cache {
        let re = self.re;
        self.cache.get_or_insert_with(|| re.spares.take(&re.meta))
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if let Some(cache) = self.cache.take() {
            self.re.spares.give(cache);
        }
    }
}

/// The state of a leftmost-mode stream.
struct Leftmost {
    /// Reverse DFA of match prefixes, and its cache.
    prefixes: DFA,
    cache: Cache,
    /// The retained bytes; `buf[0]` is at stream offset `base`.
    buf: Vec<u8>,
    base: u64,
    /// Where the next search starts (stream offset).
    pos: u64,
    /// The end of the last match reported.
    last_end: Option<u64>,
    /// The number of retained bytes after the last decision.
    kept: usize,
    /// No match can come any more.
    done: bool,
    /// See Engines::lookahead.
    lookahead: usize,
    /// Engines::prefilter: where matches may start (never empty ones).
    prefilter: Option<Prefilter>,
}

/// The state of an ends-only stream.
struct Ends {
    dfa: DFA,
    cache: Cache,
    sid: LazyStateID,
    /// The offset of the next byte to step.
    at: u64,
    /// No match can come any more (an anchored regex past its start).
    dead: bool,
    /// Patterns matching at `at` still to report (after a callback stopped),
    /// sorted, and bytes of a chunk not yet stepped.
    todo: Vec<u32>,
    todo_end: u64,
    rest: Vec<u8>,
    /// No look-around: a match state's patterns do not depend on the next
    /// byte, so a match at the end of a chunk is reported at once (from the
    /// end-of-input transition) rather than with the next byte...
    early: bool,
    /// ... and this is the end so reported, not to report again.
    reported: Option<u64>,
    /// Where a match may start, to skip over the rest while no match is in
    /// progress (the DFA's start states are told apart for it).
    prefilter: Option<Prefilter>,
}

enum Mode {
    Leftmost(Box<Leftmost>),
    Ends(Box<Ends>),
    /// Ends only, for a regex with a Unicode word boundary.
    Sim(Box<SimEnds>),
    /// Ends-only on the regex's shared full DFA.
    Dense(ends::Dense),
}

/// A search over input given in chunks, made by oxre_stream_new() and freed
/// by oxre_stream_free(). It borrows its regex, which must outlive it.
///
/// Thread safety: not synchronized; one thread at a time may use a stream
/// (streams of the same regex may be used by different threads at once).
pub struct oxre_stream {
    re: *const oxre_regex,
    mode: Mode,
    text: bool,
    history_limit: u64,
    /// Bytes given so far.
    total: u64,
    carry: Utf8Carry,
    /// A failure that sticks until reset (invalid UTF-8, history).
    failed: Option<(c_int, String)>,
    finished: bool,
    /// A callback stopped finish: call it again to go on.
    finishing: bool,
}

/// What a callback did with a match.
pub(crate) enum Reported {
    Go,
    Stop(c_int),
}

pub(crate) unsafe fn call(cb: oxre_stream_cb, ctx: *mut c_void, m: &oxre_stream_match) -> Reported {
    match cb {
        None => Reported::Go,
        // SAFETY: the caller gives a valid function and its context.
        Some(f) => match unsafe { f(ctx, m) } {
            0 => Reported::Go,
            v => Reported::Stop(v),
        },
    }
}

/// Reports an ends-only match to the callback.
unsafe fn report_end(
    cb: oxre_stream_cb,
    ctx: *mut c_void,
    count: &mut c_int,
    re: *const oxre_regex,
    pattern: u32,
    end: u64,
) -> Result<()> {
    *count += 1;
    let sm = oxre_stream_match {
        start: u64::MAX,
        end,
        pattern,
        haystack: std::ptr::null(),
        haystack_len: 0,
        haystack_offset: 0,
        internal: re.cast(),
    };
    match unsafe { call(cb, ctx, &sm) } {
        Reported::Go => Ok(()),
        Reported::Stop(v) => Err(stopped(v)),
    }
}

pub(crate) fn stopped(v: c_int) -> Error {
    Error::new(
        OXRE_ECALLBACK,
        format!("the callback returned {v}; the next call goes on after that match"),
    )
}

impl Leftmost {
    fn reset(&mut self) {
        self.buf.clear();
        self.buf.shrink_to(4 * PIECE);
        self.base = 0;
        self.pos = 0;
        self.last_end = None;
        self.kept = 0;
        self.done = false;
    }

    /// The leftmost start at or after `from` that could still begin a
    /// match reaching past `upto` (both relative to `hay`), or `upto + 1`.
    ///
    /// The prefix automaton run backwards from `upto`, anchored, until it
    /// dies (find_rev's loop without its set-up: this runs once a chunk,
    /// usually over a few bytes). It has no look-around, so its start state
    /// does not depend on the bytes around `upto`; it never quits or gives
    /// up, and if it did no start could be shown dead (`from`).
    fn live(&mut self, hay: &[u8], from: usize, upto: usize) -> usize {
        let (dfa, cache) = (&self.prefixes, &mut self.cache);
        let config = start::Config::new().anchored(Anchored::Yes);
        let Ok(mut sid) = dfa.start_state(cache, &config) else {
            return from;
        };
        // A match state after the byte at `at` is a match at `at + 1`.
        let mut best = upto + 1;
        let mut at = upto;
        while at > from {
            at -= 1;
            sid = match dfa.next_state(cache, sid, hay[at]) {
                Ok(next) => next,
                Err(_) => return from,
            };
            if sid.is_tagged() {
                if sid.is_match() {
                    best = at + 1;
                } else if sid.is_dead() {
                    return best;
                } else if sid.is_quit() {
                    return from;
                }
            }
        }
        let last = match from {
            0 => dfa.next_eoi_state(cache, sid),
            _ => dfa.next_state(cache, sid, hay[from - 1]),
        };
        match last {
            Ok(sid) if sid.is_match() => from,
            Ok(_) => best,
            Err(_) => from,
        }
    }

    /// The next match from `pos` as the block iterator finds it, over the
    /// view seen as the whole haystack; `from` (relative, at or after `pos`)
    /// is where the search may start when no match begins before it.
    fn search(&self, re: &oxre_regex, held: &mut Held, view: View, from: usize) -> Option<Match> {
        let cache = held.get();
        let mut input = Input::new(view.hay).span(from..view.hay.len());
        let m = re.meta.search_with(cache, &input)?;
        if m.is_empty() && Some(view.base + m.end() as u64) == self.last_end {
            if from >= view.hay.len() {
                return None;
            }
            input.set_start(from + 1);
            return re.meta.search_with(cache, &input);
        }
        Some(m)
    }

    /// Reports the matches of `view` (from `pos` on) that are final, or all
    /// of them `at_end`. Returns the stream offset of the first byte still
    /// needed: the caller keeps the view's bytes from there on.
    unsafe fn decide(
        &mut self,
        re: &oxre_regex,
        view: View,
        at_end: bool,
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
    ) -> Result<u64> {
        let len = view.hay.len();
        let p = (self.pos - view.base) as usize;
        let (live, limit) = if at_end || self.done {
            (len + 1, len)
        } else if len < self.lookahead || p > len - self.lookahead {
            (0, 0)
        } else {
            let upto = len - self.lookahead;
            (self.live(view.hay, p, upto), upto)
        };
        // A fast prefilter gives where the first search may start. When it
        // finds no candidate, no match starts at or after `pos` whose first
        // bytes are all here, so none is final yet.
        let mut from = Some(p);
        if let (false, Some(pre)) = (at_end, &self.prefilter) {
            from = pre
                .find(view.hay, regex_automata::Span::from(p..len))
                .map(|c| c.start);
        }
        let mut held = Held { re, cache: None };
        while let (false, Some(start)) = (self.done, from) {
            let m = match self.search(re, &mut held, view, start) {
                Some(m) if m.start() < live && m.end() <= limit => m,
                Some(_) => break,
                None if at_end => {
                    self.done = true;
                    break;
                }
                None => break,
            };
            self.pos = view.base + m.end() as u64;
            self.last_end = Some(self.pos);
            from = Some(m.end());
            *count += 1;
            let sm = oxre_stream_match {
                start: view.base + m.start() as u64,
                end: view.base + m.end() as u64,
                pattern: m.pattern().as_u32(),
                haystack: view.hay.as_ptr(),
                haystack_len: len,
                haystack_offset: view.base,
                internal: (re as *const oxre_regex).cast(),
            };
            if let Reported::Stop(v) = unsafe { call(cb, ctx, &sm) } {
                return Err(stopped(v));
            }
        }
        if self.done {
            let end = view.base + len as u64;
            self.pos = self.pos.max(end);
            Ok(end)
        } else {
            // No match starts before `live`: searching from there finds
            // what searching from `pos` would. Past the end (no match can
            // be in progress, as for a pattern whose matches are all
            // empty), every match here was reported.
            let live = view.base + live.min(len) as u64;
            if live > self.pos {
                self.pos = live;
            }
            Ok(self.pos.saturating_sub(CTX as u64).max(view.base))
        }
    }

    /// decide() over the history, which it then trims.
    unsafe fn decide_history(
        &mut self,
        re: &oxre_regex,
        at_end: bool,
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
    ) -> Result<()> {
        let buf = std::mem::take(&mut self.buf);
        let view = View {
            hay: &buf,
            base: self.base,
        };
        let r = unsafe { self.decide(re, view, at_end, cb, ctx, count) };
        self.buf = buf;
        let from = r?;
        self.buf.drain(..(from - self.base) as usize);
        self.base = from;
        self.kept = self.buf.len();
        Ok(())
    }

    /// Whether a chunk starting at stream offset `t` can be searched where
    /// it lies: no match in progress may have begun before it, and the
    /// search needs no look-behind from the history.
    fn in_place(&self, t: u64) -> bool {
        self.pos >= t && (self.lookahead == 0 || self.pos >= t + CTX as u64)
    }

    /// Makes the history the bytes of `chunk` (at stream offset `t`) from
    /// stream offset `from` on.
    fn retain(&mut self, chunk: &[u8], t: u64, from: u64) -> Result<()> {
        let tail = &chunk[(from - t) as usize..];
        self.buf.clear();
        self.buf.try_reserve(tail.len()).map_err(|_| no_memory())?;
        self.buf.extend_from_slice(tail);
        self.base = from;
        Ok(())
    }

    /// Keeps `bytes` for the next call, after a callback stopped this one.
    fn keep(&mut self, bytes: &[u8]) -> Result<()> {
        if self.done {
            self.base += bytes.len() as u64;
            self.pos = self.base;
            return Ok(());
        }
        self.buf.try_reserve(bytes.len()).map_err(|_| no_memory())?;
        self.buf.extend_from_slice(bytes);
        Ok(())
    }

    /// Takes `bytes` (valid, checked) and reports what became final.
    ///
    /// While the history is short, the chunk is searched where it lies and
    /// only the bytes a match in progress may still need are copied. When a
    /// match in progress may have begun in the history, or the search needs
    /// the history's look-behind, the chunk's first `STITCH` bytes join the
    /// history and are decided first, which usually settles the boundary;
    /// otherwise (a long match in progress) the chunk joins the history.
    unsafe fn take(
        &mut self,
        re: &oxre_regex,
        bytes: &[u8],
        limit: u64,
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
    ) -> Result<()> {
        let mut rest = bytes;
        if !self.done && !bytes.is_empty() && self.buf.len() <= SMALL {
            let t = self.base + self.buf.len() as u64;
            if !self.in_place(t) {
                let m = bytes.len().min(STITCH);
                self.buf.try_reserve(m).map_err(|_| no_memory())?;
                self.buf.extend_from_slice(&bytes[..m]);
                if let Err(e) = unsafe { self.decide_history(re, false, cb, ctx, count) } {
                    self.keep(&bytes[m..])?;
                    return Err(e);
                }
                rest = &bytes[m..];
            }
            if !self.done && self.in_place(t) && !rest.is_empty() {
                let view = View {
                    hay: bytes,
                    base: t,
                };
                let from = match unsafe { self.decide(re, view, false, cb, ctx, count) } {
                    Ok(from) => from,
                    Err(e) => {
                        // Keep what is not decided yet for the next call.
                        let from = self.pos.saturating_sub(CTX as u64).max(t);
                        self.retain(bytes, t, from)?;
                        return Err(e);
                    }
                };
                if t + bytes.len() as u64 - from > limit {
                    return Err(history_error(limit));
                }
                self.retain(bytes, t, from)?;
                self.kept = self.buf.len();
                return Ok(());
            }
        }
        for (i, piece) in rest.chunks(PIECE).enumerate() {
            if !self.done {
                self.buf.try_reserve(piece.len()).map_err(|_| no_memory())?;
                self.buf.extend_from_slice(piece);
            } else {
                self.base += piece.len() as u64;
                self.pos = self.base;
            }
            let grown = self.kept <= SMALL || self.buf.len() >= 2 * self.kept;
            if grown || self.buf.len() as u64 > limit {
                if let Err(e) = unsafe { self.decide_history(re, false, cb, ctx, count) } {
                    // Keep the rest of the chunk for the next call.
                    self.keep(&rest[((i + 1) * PIECE).min(rest.len())..])?;
                    return Err(e);
                }
                if self.buf.len() as u64 > limit {
                    return Err(history_error(limit));
                }
            }
        }
        Ok(())
    }
}

pub(crate) fn no_memory() -> Error {
    Error::new(OXRE_ENOMEM, "out of memory for the stream's history")
}

fn history_error(limit: u64) -> Error {
    Error::new(
        OXRE_EHISTORY,
        format!("a match in progress needs more than the stream's history limit of {limit} bytes"),
    )
}

impl Ends {
    /// Keeps bytes not stepped yet for the next call (a callback stopped).
    fn keep(&mut self, bytes: &[u8]) -> Result<()> {
        self.rest
            .try_reserve(bytes.len())
            .map_err(|_| no_memory())?;
        self.rest.extend_from_slice(bytes);
        Ok(())
    }

    fn reset(&mut self) -> Result<()> {
        self.at = 0;
        self.dead = false;
        self.todo.clear();
        self.rest.clear();
        self.reported = None;
        self.sid = self.start(None)?;
        Ok(())
    }

    fn start(&mut self, look_behind: Option<u8>) -> Result<LazyStateID> {
        let config = start::Config::new()
            .anchored(Anchored::No)
            .look_behind(look_behind);
        self.dfa
            .start_state(&mut self.cache, &config)
            .map_err(|e| Error::new(OXRE_EUNSUPPORTED, format!("cannot start the stream: {e}")))
    }

    /// Reports the patterns of the match state `sid` at offset `at`,
    /// sorted, from `todo` (filled here unless resuming).
    unsafe fn report(
        &mut self,
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
        re: *const oxre_regex,
    ) -> Result<()> {
        while !self.todo.is_empty() {
            let pattern = self.todo.remove(0);
            *count += 1;
            let sm = oxre_stream_match {
                start: u64::MAX,
                end: self.todo_end,
                pattern,
                haystack: std::ptr::null(),
                haystack_len: 0,
                haystack_offset: 0,
                internal: re.cast(),
            };
            if let Reported::Stop(v) = unsafe { call(cb, ctx, &sm) } {
                return Err(stopped(v));
            }
        }
        Ok(())
    }

    fn queue(&mut self, sid: LazyStateID, end: u64) {
        let n = self.dfa.match_len(&self.cache, sid);
        self.todo_end = end;
        self.todo.clear();
        for i in 0..n {
            self.todo
                .push(self.dfa.match_pattern(&self.cache, sid, i).as_u32());
        }
        self.todo.sort_unstable();
    }

    /// Steps over `bytes`; `text`: ends inside a code point are not matches.
    unsafe fn take(
        &mut self,
        bytes: &[u8],
        text: bool,
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
        re: *const oxre_regex,
    ) -> Result<()> {
        let skip = if bytes.is_empty() {
            None
        } else {
            self.reported.take()
        };
        let base = self.at;
        let n = bytes.len();
        let mut sid = self.sid;
        let mut i = 0;
        while i < n {
            if self.dead {
                break;
            }
            // The lazy DFA's fast path: a known transition to an ordinary
            // state.
            if !sid.is_tagged() {
                let next = self.dfa.next_state_untagged(&self.cache, sid, bytes[i]);
                if !next.is_tagged() {
                    sid = next;
                    i += 1;
                    continue;
                }
            }
            if sid.is_start() {
                if let Some(pre) = &self.prefilter {
                    // No match in progress: skip to where one may start
                    // (or, without one in the chunk, to where a needle may
                    // start that the next chunk completes).
                    // A literal that starts in the last bytes may end
                    // in the next chunk, before a shorter one found whole.
                    let tail = n.saturating_sub(pre.max_needle_len().saturating_sub(1));
                    let to = pre
                        .find(bytes, regex_automata::Span::from(i..n))
                        .map_or(tail, |span| span.start.min(tail))
                        .max(i);
                    if to > i {
                        i = to;
                        sid = self.start(Some(bytes[i - 1]))?;
                        continue;
                    }
                }
            }
            let b = bytes[i];
            sid = self
                .dfa
                .next_state(&mut self.cache, sid, b)
                .map_err(|e| Error::new(OXRE_EUNSUPPORTED, format!("stream gave up: {e}")))?;
            let at = base + i as u64;
            i += 1;
            if sid.is_match() && !(text && b & 0xC0 == 0x80) && skip != Some(at) {
                self.queue(sid, at);
                if let Err(e) = unsafe { self.report(cb, ctx, count, re) } {
                    self.sid = sid;
                    self.at = base + i as u64;
                    self.rest.clear();
                    self.rest.try_reserve(n - i).map_err(|_| no_memory())?;
                    self.rest.extend_from_slice(&bytes[i..]);
                    return Err(e);
                }
            } else if sid.is_dead() {
                self.dead = true;
            } else if sid.is_quit() {
                return Err(Error::new(
                    OXRE_EUNSUPPORTED,
                    "the stream met a byte its automaton cannot evaluate",
                ));
            }
        }
        self.sid = sid;
        self.at = base + n as u64;
        if self.early && !self.dead && !bytes.is_empty() {
            let eoi = self
                .dfa
                .next_eoi_state(&mut self.cache, self.sid)
                .map_err(|e| Error::new(OXRE_EUNSUPPORTED, format!("stream gave up: {e}")))?;
            if eoi.is_match() {
                self.reported = Some(self.at);
                self.queue(eoi, self.at);
                unsafe { self.report(cb, ctx, count, re) }?;
            }
        }
        Ok(())
    }

    unsafe fn finish(
        &mut self,
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
        re: *const oxre_regex,
    ) -> Result<()> {
        if self.dead {
            return Ok(());
        }
        let sid = self
            .dfa
            .next_eoi_state(&mut self.cache, self.sid)
            .map_err(|e| Error::new(OXRE_EUNSUPPORTED, format!("stream gave up: {e}")))?;
        self.dead = true;
        if sid.is_match() && self.reported != Some(self.at) {
            self.queue(sid, self.at);
            unsafe { self.report(cb, ctx, count, re) }?;
        }
        Ok(())
    }
}

impl oxre_stream {
    fn new(re: &oxre_regex, flags: u32, options: &oxre_stream_options) -> Result<oxre_stream> {
        check_bits(flags, OXRE_STREAM_FLAGS_ALL, "stream flag")?;
        let engines = engines(re)?;
        let mode = if flags & OXRE_STREAM_ENDS_ONLY != 0 && engines.unicode_word {
            Mode::Sim(Box::new(SimEnds::new(
                &engines.forward,
                re.text,
                options.cache_size,
                engines.prefilter.clone(),
            )?))
        } else if flags & OXRE_STREAM_ENDS_ONLY != 0 {
            if let Some(shared) = dense_ends(re, engines) {
                return Ok(oxre_stream::with_mode(
                    re,
                    Mode::Dense(ends::Dense::new(shared)?),
                    options,
                ));
            }
            let prefilter = engines.prefilter.clone();
            let dfa = lazy_dfa_with(
                &engines.forward,
                MatchKind::All,
                options.cache_size,
                prefilter.is_some(),
            )?;
            let cache = dfa.create_cache();
            let mut ends = Ends {
                dfa,
                cache,
                sid: LazyStateID::default(),
                at: 0,
                dead: false,
                todo: Vec::new(),
                todo_end: 0,
                rest: Vec::new(),
                // Not with a lazy DFA: the end-of-input transition may clear
                // its cache, which would leave the stream's state id stale
                // for the next chunk; such a match waits for the next byte.
                early: false,
                reported: None,
                prefilter,
            };
            ends.reset()?;
            Mode::Ends(Box::new(ends))
        } else {
            let prefixes = lazy_dfa(&engines.prefixes, MatchKind::All, options.cache_size)?;
            let cache = prefixes.create_cache();
            Mode::Leftmost(Box::new(Leftmost {
                prefixes,
                cache,
                buf: Vec::new(),
                base: 0,
                pos: 0,
                last_end: None,
                kept: 0,
                done: re.patterns.is_empty(),
                lookahead: engines.lookahead,
                prefilter: engines.prefilter.clone(),
            }))
        };
        Ok(oxre_stream::with_mode(re, mode, options))
    }

    fn with_mode(re: &oxre_regex, mode: Mode, options: &oxre_stream_options) -> oxre_stream {
        oxre_stream {
            re,
            mode,
            text: re.text,
            history_limit: options.history_limit,
            total: 0,
            carry: Utf8Carry::default(),
            failed: None,
            finished: false,
            finishing: false,
        }
    }

    fn check_state(&self) -> Result<()> {
        if let Some((code, message)) = &self.failed {
            return Err(Error::new(*code, message.clone()));
        }
        Ok(())
    }

    /// Records a failure that sticks (all but a callback's stop).
    fn stick(&mut self, e: Error) -> Error {
        if e.code != OXRE_ECALLBACK {
            self.failed = Some((e.code, e.message.clone()));
        }
        e
    }

    unsafe fn feed(&mut self, chunk: &[u8], cb: oxre_stream_cb, ctx: *mut c_void) -> Result<c_int> {
        self.check_state()?;
        if self.finished || self.finishing {
            return Err(Error::new(
                OXRE_EINVAL,
                "the stream is finished; reset it to search new input",
            ));
        }
        let mut count = 0;
        let r = unsafe { self.feed_inner(chunk, cb, ctx, &mut count) };
        if let Mode::Leftmost(l) = &mut self.mode {
            // An idle stream holds what it needs, not the last chunk's room.
            let need = l.buf.len().max(SMALL);
            if l.buf.capacity() > 4 * need && l.buf.capacity() > 4 * PIECE / 16 {
                l.buf.shrink_to(need);
            }
        }
        r.map_err(|e| self.stick(e))?;
        Ok(count)
    }

    unsafe fn feed_inner(
        &mut self,
        chunk: &[u8],
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
    ) -> Result<()> {
        // SAFETY: the stream's regex outlives it (the caller's promise).
        let re = unsafe { &*self.re };
        let offset = self.total;
        let (done, done_len, from, upto) = if self.text {
            self.carry.check(chunk, offset)?
        } else {
            ([0; 8], 0, 0, chunk.len())
        };
        self.total += chunk.len() as u64;
        let limit = self.history_limit;
        let text = self.text;
        let rp = self.re;
        let (done, chunk) = (&done[..done_len], &chunk[from..upto]);
        match &mut self.mode {
            Mode::Leftmost(l) => {
                if done.is_empty() {
                    return unsafe { l.take(re, chunk, limit, cb, ctx, count) };
                }
                if let Err(e) = unsafe { l.take(re, done, limit, cb, ctx, count) } {
                    l.keep(chunk)?;
                    return Err(e);
                }
                unsafe { l.take(re, chunk, limit, cb, ctx, count) }
            }
            Mode::Ends(e) => {
                if let Err(err) = unsafe { e.resume(text, cb, ctx, count, rp) } {
                    e.keep(done)?;
                    e.keep(chunk)?;
                    return Err(err);
                }
                if let Err(err) = unsafe { e.take(done, text, cb, ctx, count, rp) } {
                    e.keep(chunk)?;
                    return Err(err);
                }
                unsafe { e.take(chunk, text, cb, ctx, count, rp) }
            }
            Mode::Sim(s) => {
                let mut report = |p, end| unsafe { report_end(cb, ctx, count, rp, p, end) };
                if let Err(e) = s.feed(done, &mut report) {
                    s.keep(chunk)?;
                    return Err(e);
                }
                s.feed(chunk, &mut report)
            }
            Mode::Dense(e) => {
                if let Err(err) = unsafe { e.resume(text, cb, ctx, count, rp) } {
                    e.keep(done)?;
                    e.keep(chunk)?;
                    return Err(err);
                }
                if let Err(err) = unsafe { e.take(done, text, cb, ctx, count, rp) } {
                    e.keep(chunk)?;
                    return Err(err);
                }
                unsafe { e.take(chunk, text, cb, ctx, count, rp) }
            }
        }
    }

    unsafe fn finish(&mut self, cb: oxre_stream_cb, ctx: *mut c_void) -> Result<c_int> {
        self.check_state()?;
        if self.finished {
            return Ok(0);
        }
        self.finishing = true;
        let mut count = 0;
        let r = unsafe { self.finish_inner(cb, ctx, &mut count) };
        r.map_err(|e| self.stick(e))?;
        self.finishing = false;
        self.finished = true;
        Ok(count)
    }

    unsafe fn finish_inner(
        &mut self,
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
    ) -> Result<()> {
        if self.carry.len > 0 {
            return Err(utf8_error(self.total - self.carry.len as u64));
        }
        // SAFETY: the stream's regex outlives it (the caller's promise).
        let re = unsafe { &*self.re };
        let text = self.text;
        let rp = self.re;
        match &mut self.mode {
            Mode::Leftmost(l) => unsafe { l.decide_history(re, true, cb, ctx, count) },
            Mode::Ends(e) => {
                unsafe { e.resume(text, cb, ctx, count, rp) }?;
                unsafe { e.finish(cb, ctx, count, rp) }
            }
            Mode::Sim(s) => {
                s.finish(&mut |p, end| unsafe { report_end(cb, ctx, count, rp, p, end) })
            }
            Mode::Dense(e) => {
                unsafe { e.resume(text, cb, ctx, count, rp) }?;
                unsafe { e.finish(cb, ctx, count, rp) }
            }
        }
    }

    fn reset(&mut self) -> Result<()> {
        self.total = 0;
        self.carry = Utf8Carry::default();
        self.failed = None;
        self.finished = false;
        self.finishing = false;
        // SAFETY: the stream's regex outlives it (the caller's promise).
        let none = unsafe { &*self.re }.patterns.is_empty();
        match &mut self.mode {
            Mode::Leftmost(l) => {
                l.reset();
                l.done = none;
                Ok(())
            }
            Mode::Ends(e) => e.reset(),
            Mode::Sim(s) => {
                s.reset();
                Ok(())
            }
            Mode::Dense(e) => e.reset(),
        }
    }

    fn memory(&self) -> usize {
        let own = std::mem::size_of::<oxre_stream>();
        match &self.mode {
            Mode::Leftmost(l) => {
                own + std::mem::size_of::<Leftmost>() + l.buf.capacity() + l.cache.memory_usage()
            }
            Mode::Ends(e) => {
                own + std::mem::size_of::<Ends>()
                    + e.rest.capacity()
                    + e.todo.capacity() * 4
                    + e.cache.memory_usage()
            }
            Mode::Sim(s) => own + s.memory(),
            Mode::Dense(e) => own + e.memory(),
        }
    }
}

impl Ends {
    /// Finishes what a stopped callback left: the patterns still to report
    /// at the current end, then the rest of the chunk.
    unsafe fn resume(
        &mut self,
        text: bool,
        cb: oxre_stream_cb,
        ctx: *mut c_void,
        count: &mut c_int,
        re: *const oxre_regex,
    ) -> Result<()> {
        unsafe { self.report(cb, ctx, count, re) }?;
        let rest = std::mem::take(&mut self.rest);
        unsafe { self.take(&rest, text, cb, ctx, count, re) }
    }
}

/// Fills `*options` with the defaults: a history limit of 1 MiB and a lazy
/// DFA cache of 256 KiB per stream.
///
/// Returns OXRE_OK, or OXRE_ENULL if `options` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_stream_options_init(options: *mut oxre_stream_options) -> c_int {
    boundary(|| {
        *unsafe { arg_mut(options, "options") }? = oxre_stream_options::default();
        Ok(0)
    })
}

/// Starts a search over input that will be given in chunks with
/// oxre_stream_feed() and ended with oxre_stream_finish().
///
/// `stream_flags` is 0 for the leftmost mode or OXRE_STREAM_ENDS_ONLY;
/// `options` may be NULL for the defaults (see oxre_stream_options).
///
/// **Leftmost mode.** The matches reported, over any split of the input
/// into chunks (one byte at a time, or inside a UTF-8 sequence, included),
/// are exactly those oxre_iter_new() finds over the whole input, with the
/// same empty-match rules, in both flavours and for oxre_compile_many()
/// regexes (with the pattern). Every pattern the library compiles streams
/// in this mode. A match is reported once it is final, that is, once no
/// further input could change it: a few bytes after its end, or when the
/// bytes that follow can no longer begin or extend a match (the stream
/// decides in batches, so a match may be reported a chunk later), at the
/// latest by oxre_stream_finish(). Greedy matches that reach the end of the
/// input, `$` and `\b` at its end are reported by oxre_stream_finish().
///
/// Cost: each chunk is searched where it lies, by the regex's own engine,
/// plus a reverse scan over the bytes at its end that could still begin a
/// match; only the bytes from where a match in progress may have begun are
/// copied, and kept (a few bytes when none can be: the history is what the
/// pattern needs, not what the chunks hold). When a match may span the
/// boundary, or the pattern has look-around (`\b`, `^`, `$`), the chunk's
/// first 256 bytes are copied too. A chunk costs some 700 instructions
/// beyond the search itself: on the benchmarks of `make bench-stream-instr`
/// (4 MiB per stream, its set-up included), streams in 64 KiB chunks
/// execute 0.96-1.06 times the instructions of a whole-buffer search, in 4
/// KiB chunks 0.72-1.41 times (the most for a rare literal, whose search
/// costs some 2,000 instructions per 4 KiB). A new stream builds the lazy
/// DFA states it meets (its cache: kilobytes for one pattern, up to 150 KiB
/// for a hundred). Patterns that can keep a match in progress over
/// long stretches, such as `a.*b` or `(?s).+`, keep that much history; past
/// `options->history_limit` the call fails with OXRE_EHISTORY.
///
/// **Ends-only mode** (OXRE_STREAM_ENDS_ONLY): reports every offset where a
/// match of any pattern ends, with the pattern, overlapping, in order of end
/// then pattern; `start` is UINT64_MAX. Keeps no history. The ends agree with
/// oxre_overlap_next(). Every pattern streams in this mode too.
///
/// Cost of an ends-only stream: the streams of a regex share one fully
/// compiled DFA of all its patterns, built by the first ends-only stream
/// (once per regex and its clones; microseconds for a literal, tens of
/// milliseconds for ten rules, about a second for a hundred words) within
/// the regex's `dfa_size_limit` (oxre_options; default 2 MiB). A stream then
/// owns only its state, 144 bytes on x86-64 whatever the input (a million
/// idle streams: about 170 MB). Each byte costs a table lookup; while no
/// match is in progress the stream skips ahead with the patterns' literals
/// or past bytes that cannot begin a match. When the DFA would exceed the
/// limit (or the line terminator is a word byte, or `dfa_size_limit` is
/// below 64 KiB) each stream keeps a lazy DFA cache of its own instead: a
/// few kilobytes, growing up to `options->cache_size`.
/// With the shared DFA an end is reported at once; with a lazy DFA cache,
/// an end at the end of a chunk is reported with the next byte (or by
/// oxre_stream_finish()).
///
/// A DFA cannot evaluate a Unicode word boundary (`\b`, `\B` with Unicode
/// on, the default) next to a non-ASCII byte, so a regex with one is run in
/// this mode by an NFA simulation instead, whose sets of states are cached
/// as the states of a lazy DFA (within `options->cache_size`): measured,
/// 120 to 140 instructions per byte on English text for patterns such as
/// `\w+\b` (2 to 5 times the DFA's), about 200 on Russian text (8 times),
/// under 20 where a literal prefix lets it skip (`\bthe\b`); `(?-u:\b)`
/// keeps the DFA. It keeps 60 bytes per NFA state besides the cache, and up
/// to 8 bytes of input (11 to 61 KB per stream for those patterns after 300
/// KB); ends are reported once the 4 bytes after them have arrived (or by
/// oxre_stream_finish()).
///
/// Returns a new stream, to be freed with oxre_stream_free(), or NULL:
/// OXRE_ENULL (`re` NULL), OXRE_EFLAGS (unknown stream flags),
/// OXRE_ESIZE (the stream's automata exceed the regex's size limit),
/// OXRE_ENOMEM (no memory for the NFA simulation). The first stream of a
/// regex builds the automata streams share (once per regex and its clones;
/// thread-safe); later ones cost a few kilobytes (ends-only: see above).
/// `re` must outlive the stream.
#[no_mangle]
pub unsafe extern "C" fn oxre_stream_new(
    re: *const oxre_regex,
    stream_flags: u32,
    options: *const oxre_stream_options,
) -> *mut oxre_stream {
    boundary(|| {
        let re = unsafe { arg_ref(re, "re") }?;
        let options = unsafe { arg_opt(options) }.copied().unwrap_or_default();
        Ok(Box::into_raw(Box::new(oxre_stream::new(
            re,
            stream_flags,
            &options,
        )?)))
    })
}

/// Gives the stream the next `len` bytes of input and calls `cb(ctx,
/// match)` for each match that became final, in order (`cb` may be NULL to
/// only count). The chunk is not referred to after the call.
///
/// Returns the number of matches reported, or a negative code:
/// - OXRE_ENULL: `s` NULL, or `chunk` NULL with a non-zero `len`;
/// - OXRE_EINVAL: the stream was finished (reset it first);
/// - OXRE_ECALLBACK: the callback returned non-zero; the match it was given
///   counts as reported, and the next oxre_stream_feed() or
///   oxre_stream_finish() goes on after it (the stream keeps the rest of the
///   chunk);
/// - OXRE_EUTF8: OXRE_TEXT and the input is not UTF-8 (also across chunks);
///   the message gives the offset in the stream;
/// - OXRE_EHISTORY: a match in progress needs more than the history limit;
/// - OXRE_ENOMEM: no memory for the bytes the stream must keep.
///
/// After OXRE_EUTF8 or OXRE_EHISTORY every call fails the same way until
/// oxre_stream_reset().
#[no_mangle]
pub unsafe extern "C" fn oxre_stream_feed(
    s: *mut oxre_stream,
    chunk: *const u8,
    len: usize,
    cb: oxre_stream_cb,
    ctx: *mut c_void,
) -> c_int {
    boundary(|| {
        let s = unsafe { arg_mut(s, "s") }?;
        let chunk = unsafe { arg_bytes(chunk, len, "chunk") }?;
        unsafe { s.feed(chunk, cb, ctx) }
    })
}

/// Ends the input: reports the matches still pending (those the end of the
/// input decides: `$`, `\b` or a greedy match at the end), through `cb` as
/// for oxre_stream_feed(). Afterwards the stream only accepts
/// oxre_stream_reset() or another oxre_stream_finish() (which reports
/// nothing).
///
/// Returns the number of matches reported, or a negative code as for
/// oxre_stream_feed() (OXRE_EUTF8 also when the input ends inside a UTF-8
/// sequence; after OXRE_ECALLBACK call oxre_stream_finish() again to go on).
#[no_mangle]
pub unsafe extern "C" fn oxre_stream_finish(
    s: *mut oxre_stream,
    cb: oxre_stream_cb,
    ctx: *mut c_void,
) -> c_int {
    boundary(|| {
        let s = unsafe { arg_mut(s, "s") }?;
        unsafe { s.finish(cb, ctx) }
    })
}

/// Makes the stream new again, for another input, keeping its memory:
/// offsets start at 0, failures are forgotten.
///
/// Returns OXRE_OK, or OXRE_ENULL if `s` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_stream_reset(s: *mut oxre_stream) -> c_int {
    boundary(|| {
        unsafe { arg_mut(s, "s") }?.reset()?;
        Ok(0)
    })
}

/// Frees a stream. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn oxre_stream_free(s: *mut oxre_stream) {
    // SAFETY: the caller passes NULL or a pointer oxre made with Box.
    unsafe { free_box(s) }
}

/// The number of bytes given to the stream since it was made or reset.
/// Returns 0 with OXRE_ENULL if `s` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_stream_offset(s: *const oxre_stream) -> u64 {
    boundary(|| Ok(unsafe { arg_ref(s, "s") }?.total))
}

/// The memory the stream owns now, in bytes: its state, the history it
/// holds and its lazy DFA cache (which grows with use up to
/// `options->cache_size`; an ends-only stream on the shared DFA has none:
/// 144 bytes on x86-64). The automata shared by all streams of the regex
/// are not counted. Returns 0 with OXRE_ENULL if `s` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_stream_memory(s: *const oxre_stream) -> usize {
    boundary(|| Ok(unsafe { arg_ref(s, "s") }?.memory()))
}

/// From inside a leftmost-mode callback, records the capture groups of
/// `match` in `caps` (read them with oxre_captures_get(); their spans are
/// offsets into `match->haystack`, group 0 included).
///
/// Returns 1, or a negative code: OXRE_ENULL (`match` or `caps` NULL),
/// OXRE_EINVAL (an ends-only match, which has no start, or `caps` made for a
/// regex with other groups). Only valid during the callback.
#[no_mangle]
pub unsafe extern "C" fn oxre_stream_match_captures(
    r#match: *const oxre_stream_match,
    caps: *mut oxre_captures,
) -> c_int {
    boundary(|| {
        let m = unsafe { arg_ref(r#match, "match") }?;
        let caps = unsafe { arg_mut(caps, "caps") }?;
        if m.haystack.is_null() || m.internal.is_null() || m.start == u64::MAX {
            return Err(Error::new(
                OXRE_EINVAL,
                "the match has no start (ends-only stream): no groups",
            ));
        }
        // SAFETY: during the callback `internal` is the stream's regex and
        // the haystack is the stream's history.
        let re = unsafe { &*m.internal.cast::<oxre_regex>() };
        caps.check_fits(re)?;
        let hay = unsafe { arg_bytes(m.haystack, m.haystack_len, "match->haystack") }?;
        let start = (m.start - m.haystack_offset) as usize;
        let pid = PatternID::new(m.pattern as usize)
            .map_err(|_| Error::new(OXRE_EINVAL, "match->pattern is out of range"))?;
        let input = Input::new(hay)
            .span(start..hay.len())
            .anchored(Anchored::Pattern(pid));
        re.meta.search_captures(&input, &mut caps.caps);
        Ok(caps.caps.is_match() as c_int)
    })
}

/// The fidelity grid through streams: every split in two and one byte at a
/// time give the regex crate's find_iter, in both flavours.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{HAYSTACKS, PATTERNS};

    unsafe extern "C" fn push(ctx: *mut c_void, m: *const oxre_stream_match) -> c_int {
        let out = unsafe { &mut *ctx.cast::<Vec<(usize, usize)>>() };
        let m = unsafe { &*m };
        out.push((m.start as usize, m.end as usize));
        0
    }

    fn streamed(re: *const oxre_regex, hay: &[u8], cuts: &[usize]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        let ctx = (&mut out as *mut Vec<(usize, usize)>).cast::<c_void>();
        unsafe {
            let s = oxre_stream_new(re, 0, std::ptr::null());
            assert!(!s.is_null());
            let mut at = 0;
            for &cut in cuts.iter().chain(std::iter::once(&hay.len())) {
                let piece = &hay[at..cut];
                assert!(oxre_stream_feed(s, piece.as_ptr(), piece.len(), Some(push), ctx) >= 0);
                at = cut;
            }
            assert!(oxre_stream_finish(s, Some(push), ctx) >= 0);
            oxre_stream_free(s);
        }
        out
    }

    fn check(p: &str, flags: u32, want: impl Fn(&str) -> Vec<(usize, usize)>) {
        let re =
            unsafe { crate::regex::oxre_compile(p.as_ptr(), p.len(), flags, std::ptr::null()) };
        assert!(!re.is_null(), "/{p}/");
        for h in HAYSTACKS {
            let want = want(h);
            let hay = h.as_bytes();
            let bytewise: Vec<usize> = (1..hay.len()).collect();
            assert_eq!(
                streamed(re, hay, &bytewise),
                want,
                "/{p}/ on {h:?} bytewise"
            );
            for cut in 0..=hay.len() {
                assert_eq!(
                    streamed(re, hay, &[cut]),
                    want,
                    "/{p}/ on {h:?} cut at {cut}"
                );
            }
        }
        unsafe { crate::regex::oxre_free(re) };
    }

    #[test]
    fn streams_match_the_crate_over_the_grid() {
        for p in PATTERNS {
            let bytes = regex::bytes::Regex::new(p).unwrap();
            check(p, 0, |h| {
                bytes
                    .find_iter(h.as_bytes())
                    .map(|m| (m.start(), m.end()))
                    .collect()
            });
            if let Ok(text) = regex::Regex::new(p) {
                check(p, OXRE_TEXT, |h| {
                    text.find_iter(h).map(|m| (m.start(), m.end())).collect()
                });
            }
        }
    }
}
