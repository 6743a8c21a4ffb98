//! Differential random test: random patterns (from a small grammar), flags,
//! options and haystacks, run through oxre's C entry points (liboxre.so) and
//! through the regex crate built with its default features, the reference
//! semantics. Both flavours (bytes and text) and every operation: compile
//! outcome, is_match, find, shortest_match, count, captures, iteration (with
//! and without captures, from a start offset, in a window), windows with
//! anchored and earliest searches, split and splitn, replace (expanding and
//! literal), escape, sets (from a start and in a window) and multi-pattern
//! regexes.
//!
//! What the crate's API cannot ask (windows, anchored and earliest searches,
//! several patterns leftmost-first) is asked of the meta engine the crate
//! drives, configured as the crate's builders configure it (but with no
//! literal-only search and no size limit); the test checks
//! that this reference agrees with the crate's API where both can answer.
//!
//! Output is TAP: one line per operation with its count of comparisons, and
//! the first mismatches of each (with what it takes to reproduce them).
//! Environment: OXRE_DIFF_SEED (default 1), OXRE_DIFF_CASES (default 2000).
//! The settings where regex-automata 0.4.9 goes wrong with perf-dfa-full
//! (word-byte line terminators, tiny DFA limits) are among those generated.

use std::collections::BTreeMap;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

use regex_automata::meta;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind, PatternSet};

// --- oxre's C API (include/oxre.h) -----------------------------------------

#[repr(C)]
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}
#[repr(C)]
#[derive(Clone, Copy)]
struct Match {
    start: usize,
    end: usize,
    pattern: usize,
}
#[repr(C)]
#[derive(Clone, Copy)]
struct Options {
    size_limit: usize,
    dfa_size_limit: usize,
    nest_limit: u32,
    line_terminator: u8,
}
#[repr(C)]
struct Buf {
    data: *mut u8,
    len: usize,
    capacity: usize,
}
#[repr(C)]
struct OxError {
    code: c_int,
    message: *const c_char,
    has_span: bool,
    span: Span,
    pattern: usize,
}
enum Re {}
enum Caps {}
enum Iter {}
enum Split {}
enum Set {}

const CASE_INSENSITIVE: u32 = 1 << 0;
const MULTI_LINE: u32 = 1 << 1;
const DOT_MATCHES_NEW_LINE: u32 = 1 << 2;
const SWAP_GREED: u32 = 1 << 3;
const IGNORE_WHITESPACE: u32 = 1 << 4;
const NO_UNICODE: u32 = 1 << 5;
const OCTAL: u32 = 1 << 6;
const CRLF: u32 = 1 << 7;
const TEXT: u32 = 1 << 8;
const ANCHORED: u32 = 1 << 0;
const EARLIEST: u32 = 1 << 1;
const LITERAL: u32 = 1 << 0;
const ESIZE: c_int = -5;

extern "C" {
    fn oxre_last_error() -> *const OxError;
    fn oxre_options_init(o: *mut Options) -> c_int;
    fn oxre_compile(p: *const u8, n: usize, flags: u32, o: *const Options) -> *mut Re;
    fn oxre_compile_many(
        p: *const *const u8,
        n: *const usize,
        count: usize,
        flags: u32,
        o: *const Options,
    ) -> *mut Re;
    fn oxre_free(re: *mut Re);
    fn oxre_is_match(re: *const Re, h: *const u8, n: usize, start: usize) -> c_int;
    fn oxre_find(re: *const Re, h: *const u8, n: usize, start: usize, m: *mut Span) -> c_int;
    fn oxre_shortest_match(re: *const Re, h: *const u8, n: usize, s: usize, e: *mut usize)
        -> c_int;
    fn oxre_count(re: *const Re, h: *const u8, n: usize, start: usize, c: *mut usize) -> c_int;
    fn oxre_search(
        re: *const Re,
        h: *const u8,
        n: usize,
        s: usize,
        e: usize,
        f: u32,
        m: *mut Match,
    ) -> c_int;
    fn oxre_captures_new(re: *const Re) -> *mut Caps;
    fn oxre_captures_free(c: *mut Caps);
    fn oxre_captures_read(re: *const Re, c: *mut Caps, h: *const u8, n: usize, s: usize) -> c_int;
    fn oxre_search_captures(
        re: *const Re,
        c: *mut Caps,
        h: *const u8,
        n: usize,
        s: usize,
        e: usize,
        f: u32,
    ) -> c_int;
    fn oxre_captures_spans(c: *const Caps, spans: *mut Span, n: usize) -> c_int;
    fn oxre_captures_pattern(c: *const Caps) -> c_int;
    fn oxre_iter_new(re: *const Re, h: *const u8, n: usize, s: usize) -> *mut Iter;
    fn oxre_iter_new_window(
        re: *const Re,
        h: *const u8,
        n: usize,
        s: usize,
        e: usize,
        f: u32,
    ) -> *mut Iter;
    fn oxre_iter_next_match(it: *mut Iter, m: *mut Match) -> c_int;
    fn oxre_iter_next_captures(it: *mut Iter, c: *mut Caps) -> c_int;
    fn oxre_iter_free(it: *mut Iter);
    fn oxre_split_new(re: *const Re, h: *const u8, n: usize) -> *mut Split;
    fn oxre_splitn_new(re: *const Re, h: *const u8, n: usize, limit: usize) -> *mut Split;
    fn oxre_split_next(s: *mut Split, p: *mut Span) -> c_int;
    fn oxre_split_free(s: *mut Split);
    fn oxre_replace(
        re: *const Re,
        h: *const u8,
        n: usize,
        limit: usize,
        t: *const u8,
        tn: usize,
        f: u32,
        out: *mut Buf,
    ) -> c_int;
    fn oxre_escape(t: *const u8, n: usize, out: *mut Buf) -> c_int;
    fn oxre_buf_free(b: *mut Buf);
    fn oxre_set_compile(
        p: *const *const u8,
        n: *const usize,
        count: usize,
        flags: u32,
        o: *const Options,
    ) -> *mut Set;
    fn oxre_set_free(s: *mut Set);
    fn oxre_set_matches(
        s: *const Set,
        h: *const u8,
        n: usize,
        start: usize,
        m: *mut bool,
        mn: usize,
    ) -> c_int;
    fn oxre_set_search(
        s: *const Set,
        h: *const u8,
        n: usize,
        start: usize,
        end: usize,
        f: u32,
        m: *mut bool,
        mn: usize,
    ) -> c_int;
}

fn last_error() -> (c_int, String) {
    unsafe {
        let e = oxre_last_error();
        if e.is_null() {
            return (0, "(no last error)".into());
        }
        let msg = CStr::from_ptr((*e).message).to_string_lossy().into_owned();
        ((*e).code, msg)
    }
}

fn take_buf(mut b: Buf) -> Vec<u8> {
    let v = if b.data.is_null() {
        Vec::new()
    } else {
        unsafe { std::slice::from_raw_parts(b.data, b.len).to_vec() }
    };
    unsafe { oxre_buf_free(&mut b) };
    v
}

// --- Random generation --------------------------------------------------------

/// splitmix64: small, fast, and the same everywhere for a seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const ATOMS: &[&str] = &[
    "a",
    "b",
    "c",
    "x",
    "é",
    "Ω",
    "ω",
    "K",
    "k",
    "\\n",
    " ",
    "-",
    ".",
    "[a-c]",
    "[^a]",
    "[aé]",
    "\\w",
    "\\W",
    "\\d",
    "\\s",
    "\\S",
    "\\b",
    "\\B",
    "^",
    "$",
    "\\A",
    "\\z",
    "(?m:^)",
    "(?m:$)",
    "\\b{start}",
    "\\b{end}",
    "(?-u:\\xFF)",
    "(?-u:.)",
    "(?-u:\\w)",
    "(?i:k)",
    "(?s:.)",
    "\\pL",
    "\\p{Greek}",
    "[[:alpha:]]",
    "",
    // Can never match: an alternation holding one has no shortest length.
    "[^\\s\\S]",
    "[a&&b]",
];
const REPS: &[&str] = &[
    "*", "+", "?", "{2}", "{1,3}", "{0,2}", "*?", "+?", "??", "{2,}?",
];

fn gen_pattern(rng: &mut Rng, depth: usize, names: &mut usize) -> String {
    let choice = if depth == 0 { 0 } else { rng.below(10) };
    match choice {
        0..=3 => {
            let mut s = rng.pick(ATOMS).to_string();
            if rng.chance(25) {
                s = format!("(?:{s}){}", rng.pick(REPS));
            }
            s
        }
        4 | 5 => {
            let n = 2 + rng.below(2);
            (0..n).map(|_| gen_pattern(rng, depth - 1, names)).collect()
        }
        6 => format!(
            "{}|{}",
            gen_pattern(rng, depth - 1, names),
            gen_pattern(rng, depth - 1, names)
        ),
        7 => {
            let inner = gen_pattern(rng, depth - 1, names);
            if rng.chance(30) {
                *names += 1;
                format!("(?<n{}>{inner})", *names)
            } else {
                format!("({inner})")
            }
        }
        8 => format!(
            "(?:{}){}",
            gen_pattern(rng, depth - 1, names),
            rng.pick(REPS)
        ),
        _ => {
            let f = rng.pick(&["i", "m", "s", "U", "-u", "i-u", "R"]);
            format!("(?{f}:{})", gen_pattern(rng, depth - 1, names))
        }
    }
}

fn gen_haystack(rng: &mut Rng, text: bool) -> Vec<u8> {
    const PIECES: &[&str] = &[
        "a", "b", "c", "x", "k", "K", "é", "Ω", "ω", "ÿ", "\n", "\r\n", " ", "-", "1", "_", "aa",
        "abc",
    ];
    let n = rng.below(14);
    let mut h = Vec::new();
    for _ in 0..n {
        if !text && rng.chance(6) {
            h.push(*rng.pick(&[0xFF, 0xC3, 0x80, 0x00]));
        } else {
            h.extend_from_slice(rng.pick(PIECES).as_bytes());
        }
    }
    h
}

#[derive(Clone)]
struct Case {
    pats: Vec<String>,
    flags: u32,
    opts: Options,
    hay: Vec<u8>,
}

fn gen_case(rng: &mut Rng, many: usize) -> Case {
    let mut flags = 0;
    for (bit, p) in [
        (CASE_INSENSITIVE, 15),
        (MULTI_LINE, 25),
        (DOT_MATCHES_NEW_LINE, 15),
        (SWAP_GREED, 10),
        (IGNORE_WHITESPACE, 5),
        (NO_UNICODE, 15),
        (OCTAL, 3),
        (CRLF, 10),
        (TEXT, 50),
    ] {
        if rng.chance(p) {
            flags |= bit;
        }
    }
    let mut opts = Options {
        size_limit: 0,
        dfa_size_limit: 0,
        nest_limit: 0,
        line_terminator: 0,
    };
    unsafe { oxre_options_init(&mut opts) };
    if rng.chance(5) {
        opts.size_limit = 1 << rng.below(16);
    }
    if rng.chance(10) {
        opts.dfa_size_limit = 1 << rng.below(22);
    }
    if rng.chance(5) {
        opts.nest_limit = rng.below(6) as u32;
    }
    if rng.chance(15) {
        opts.line_terminator = *rng.pick(b"\0;x\r a-");
    }
    let mut names = 0;
    let depth = 1 + rng.below(4);
    let pats = (0..many.max(1))
        .map(|_| gen_pattern(rng, depth, &mut names))
        .collect();
    let hay = gen_haystack(rng, flags & TEXT != 0);
    Case {
        pats,
        flags,
        opts,
        hay,
    }
}

// --- The reference --------------------------------------------------------------

fn syntax_config(c: &Case) -> syntax::Config {
    let on = |b: u32| c.flags & b != 0;
    syntax::Config::new()
        .case_insensitive(on(CASE_INSENSITIVE))
        .multi_line(on(MULTI_LINE))
        .dot_matches_new_line(on(DOT_MATCHES_NEW_LINE))
        .swap_greed(on(SWAP_GREED))
        .ignore_whitespace(on(IGNORE_WHITESPACE))
        .unicode(!on(NO_UNICODE))
        .octal(on(OCTAL))
        .crlf(on(CRLF))
        .line_terminator(c.opts.line_terminator)
        .nest_limit(c.opts.nest_limit)
        .utf8(on(TEXT))
}

/// The meta regex as regex's builders make it (regex/src/builders.rs).
fn meta_regex(c: &Case, kind: MatchKind) -> Result<meta::Regex, String> {
    // One leftmost-first pattern is asked only once the crate's regex has
    // compiled: for its semantics, not its limits (with no literal-only
    // search, below, a literal pattern the crate compiles would be held to
    // the size limit). Several patterns have no literal-only search.
    let one = kind == MatchKind::LeftmostFirst && c.pats.len() == 1;
    let mut metac = meta::Config::new()
        .nfa_size_limit(if one { None } else { Some(c.opts.size_limit) })
        .hybrid_cache_capacity(c.opts.dfa_size_limit)
        .line_terminator(c.opts.line_terminator)
        .utf8_empty(c.flags & TEXT != 0)
        .match_kind(kind)
        // Matches found by the automata alone, never by a literal search:
        // regex-automata 0.4.9's literal-only search of a pattern with a
        // branch that never matches ends past an anchored empty window.
        .auto_prefilter(false);
    if kind == MatchKind::All {
        metac = metac.which_captures(regex_automata::nfa::thompson::WhichCaptures::None);
    }
    meta::Builder::new()
        .configure(metac)
        .syntax(syntax_config(c))
        .build_many(&c.pats)
        .map_err(|e| e.to_string())
}

/// The crate's own regex, in the flavour of the case.
enum CrateRe {
    Bytes(regex::bytes::Regex),
    Text(regex::Regex),
}

fn crate_regex(c: &Case) -> Result<CrateRe, regex::Error> {
    let on = |b: u32| c.flags & b != 0;
    macro_rules! build {
        ($b:expr) => {
            $b.case_insensitive(on(CASE_INSENSITIVE))
                .multi_line(on(MULTI_LINE))
                .dot_matches_new_line(on(DOT_MATCHES_NEW_LINE))
                .swap_greed(on(SWAP_GREED))
                .ignore_whitespace(on(IGNORE_WHITESPACE))
                .unicode(!on(NO_UNICODE))
                .octal(on(OCTAL))
                .crlf(on(CRLF))
                .line_terminator(c.opts.line_terminator)
                .size_limit(c.opts.size_limit)
                .dfa_size_limit(c.opts.dfa_size_limit)
                .nest_limit(c.opts.nest_limit)
                .build()
        };
    }
    if on(TEXT) {
        build!(regex::RegexBuilder::new(&c.pats[0])).map(CrateRe::Text)
    } else {
        build!(regex::bytes::RegexBuilder::new(&c.pats[0])).map(CrateRe::Bytes)
    }
}

type Groups = Vec<Option<(usize, usize)>>;

impl CrateRe {
    fn find_at(&self, h: &[u8], s: usize) -> Option<(usize, usize)> {
        match self {
            CrateRe::Bytes(r) => r.find_at(h, s).map(|m| (m.start(), m.end())),
            CrateRe::Text(r) => r
                .find_at(std::str::from_utf8(h).unwrap(), s)
                .map(|m| (m.start(), m.end())),
        }
    }
    fn is_match_at(&self, h: &[u8], s: usize) -> bool {
        match self {
            CrateRe::Bytes(r) => r.is_match_at(h, s),
            CrateRe::Text(r) => r.is_match_at(std::str::from_utf8(h).unwrap(), s),
        }
    }
    fn shortest_at(&self, h: &[u8], s: usize) -> Option<usize> {
        match self {
            CrateRe::Bytes(r) => r.shortest_match_at(h, s),
            CrateRe::Text(r) => r.shortest_match_at(std::str::from_utf8(h).unwrap(), s),
        }
    }
    fn captures_at(&self, h: &[u8], s: usize) -> Option<Groups> {
        match self {
            CrateRe::Bytes(r) => r
                .captures_at(h, s)
                .map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect()),
            CrateRe::Text(r) => r
                .captures_at(std::str::from_utf8(h).unwrap(), s)
                .map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect()),
        }
    }
    fn captures_iter(&self, h: &[u8]) -> Vec<Groups> {
        match self {
            CrateRe::Bytes(r) => r
                .captures_iter(h)
                .map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect())
                .collect(),
            CrateRe::Text(r) => r
                .captures_iter(std::str::from_utf8(h).unwrap())
                .map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect())
                .collect(),
        }
    }
    fn split(&self, h: &[u8], limit: Option<usize>) -> Vec<(usize, usize)> {
        let base = h.as_ptr() as usize;
        let span = |p: &[u8]| {
            (
                p.as_ptr() as usize - base,
                p.as_ptr() as usize - base + p.len(),
            )
        };
        match (self, limit) {
            (CrateRe::Bytes(r), None) => r.split(h).map(span).collect(),
            (CrateRe::Bytes(r), Some(n)) => r.splitn(h, n).map(span).collect(),
            (CrateRe::Text(r), l) => {
                let t = std::str::from_utf8(h).unwrap();
                let v: Vec<&str> = if let Some(n) = l {
                    r.splitn(t, n).collect()
                } else {
                    r.split(t).collect()
                };
                v.into_iter().map(|p| span(p.as_bytes())).collect()
            }
        }
    }
    fn replacen(&self, h: &[u8], limit: usize, t: &str, literal: bool) -> Vec<u8> {
        match self {
            CrateRe::Bytes(r) if literal => r
                .replacen(h, limit, regex::bytes::NoExpand(t.as_bytes()))
                .into_owned(),
            CrateRe::Bytes(r) => r.replacen(h, limit, t.as_bytes()).into_owned(),
            CrateRe::Text(r) => {
                let s = std::str::from_utf8(h).unwrap();
                if literal {
                    r.replacen(s, limit, regex::NoExpand(t))
                        .into_owned()
                        .into_bytes()
                } else {
                    r.replacen(s, limit, t).into_owned().into_bytes()
                }
            }
        }
    }
}

/// The crate's iteration from a start offset (its iterators have no start):
/// repeated find_at with the iterators' rule for empty matches.
fn iter_from(re: &CrateRe, h: &[u8], start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = start;
    let mut last_end: Option<usize> = None;
    while at <= h.len() {
        let Some((s, e)) = re.find_at(h, at) else {
            break;
        };
        if s == e && Some(e) == last_end {
            at = e + 1;
            continue;
        }
        out.push((s, e));
        last_end = Some(e);
        at = if s == e { e + 1 } else { e };
    }
    out
}

// --- oxre's side ------------------------------------------------------------------

struct Ox(*mut Re);
impl Drop for Ox {
    fn drop(&mut self) {
        unsafe { oxre_free(self.0) }
    }
}

fn ox_groups(c: *mut Caps) -> Groups {
    let mut spans = [Span { start: 0, end: 0 }; 64];
    let n = unsafe { oxre_captures_spans(c, spans.as_mut_ptr(), spans.len()) };
    assert!(n >= 0 && (n as usize) <= spans.len());
    spans[..n as usize]
        .iter()
        .map(|s| {
            if s.start == usize::MAX {
                None
            } else {
                Some((s.start, s.end))
            }
        })
        .collect()
}

fn ox_iter(it: *mut Iter) -> Vec<(usize, usize, usize)> {
    let mut v = Vec::new();
    let mut m = Match {
        start: 0,
        end: 0,
        pattern: 0,
    };
    while unsafe { oxre_iter_next_match(it, &mut m) } == 1 {
        v.push((m.start, m.end, m.pattern));
    }
    unsafe { oxre_iter_free(it) };
    v
}

fn ox_split(sp: *mut Split) -> Vec<(usize, usize)> {
    assert!(!sp.is_null());
    let mut v = Vec::new();
    let mut p = Span { start: 0, end: 0 };
    while unsafe { oxre_split_next(sp, &mut p) } == 1 {
        v.push((p.start, p.end));
    }
    unsafe { oxre_split_free(sp) };
    v
}

// --- Comparing -------------------------------------------------------------------

#[derive(Default)]
struct Tally {
    checks: BTreeMap<&'static str, (usize, Vec<String>)>,
}
impl Tally {
    fn check(&mut self, op: &'static str, same: bool, what: impl FnOnce() -> String) {
        let e = self.checks.entry(op).or_default();
        e.0 += 1;
        if !same && e.1.len() < 5 {
            e.1.push(what());
        }
        if !same && e.1.len() == 5 {
            e.1.push(String::from("(more mismatches not shown)"));
        }
    }
}

fn show(c: &Case) -> String {
    format!(
        "patterns {:?} flags 0x{:x} options {{size {}, dfa {}, nest {}, lt 0x{:02x}}} haystack {:?}",
        c.pats,
        c.flags,
        c.opts.size_limit,
        c.opts.dfa_size_limit,
        c.opts.nest_limit,
        c.opts.line_terminator,
        String::from_utf8_lossy(&c.hay).escape_debug().to_string()
            + &if std::str::from_utf8(&c.hay).is_ok() {
                String::new()
            } else {
                format!(" (bytes {:02x?})", c.hay)
            }
    )
}

fn window(rng: &mut Rng, len: usize) -> (usize, usize, usize) {
    let a = rng.below(len + 1);
    let b = rng.below(len + 1);
    let start = rng.below(len + 1);
    (a.min(b), a.max(b), start)
}

fn single(t: &mut Tally, rng: &mut Rng, c: &Case) {
    let p = c.pats[0].as_bytes();
    let ox = unsafe { oxre_compile(p.as_ptr(), p.len(), c.flags, &c.opts) };
    let reference = crate_regex(c);
    let ok_same = ox.is_null() == reference.is_err();
    let esize_same = match (&reference, ox.is_null()) {
        (Err(regex::Error::CompiledTooBig(_)), true) => last_error().0 == ESIZE,
        (Err(_), true) => last_error().0 != ESIZE,
        _ => true,
    };
    t.check(
        "compile: success and error kind",
        ok_same && esize_same,
        || {
            format!(
                "{}: oxre {:?}, crate {:?}",
                show(c),
                last_error(),
                reference.as_ref().err()
            )
        },
    );
    let (Ok(re), false) = (reference, ox.is_null()) else {
        if !ox.is_null() {
            unsafe { oxre_free(ox) };
        }
        return;
    };
    let ox = Ox(ox);
    let metare = meta_regex(c, MatchKind::LeftmostFirst).expect("the meta reference builds");
    let h = &c.hay;
    let (ws, we, start) = window(rng, h.len());

    // From a start offset.
    let found = re.find_at(h, start);
    let mut sp = Span { start: 0, end: 0 };
    let r = unsafe { oxre_find(ox.0, h.as_ptr(), h.len(), start, &mut sp) };
    let got = if r == 1 {
        Some((sp.start, sp.end))
    } else {
        None
    };
    t.check("find", r >= 0 && got == found, || {
        format!(
            "{} start {start}: oxre {got:?} ({r}), crate {found:?}",
            show(c)
        )
    });
    let r = unsafe { oxre_is_match(ox.0, h.as_ptr(), h.len(), start) };
    t.check("is_match", r == re.is_match_at(h, start) as c_int, || {
        format!("{} start {start}: oxre {r}", show(c))
    });
    let mut end = 0usize;
    let r = unsafe { oxre_shortest_match(ox.0, h.as_ptr(), h.len(), start, &mut end) };
    let want = re.shortest_at(h, start);
    t.check(
        "shortest_match (found or not; the end within the match)",
        (r == 1) == want.is_some() && (r != 1 || found.is_some_and(|(s, e)| end >= s && end <= e)),
        || {
            format!(
                "{} start {start}: oxre {r} end {end}, crate {want:?}",
                show(c)
            )
        },
    );
    let caps = unsafe { oxre_captures_new(ox.0) };
    let r = unsafe { oxre_captures_read(ox.0, caps, h.as_ptr(), h.len(), start) };
    let got = if r == 1 { Some(ox_groups(caps)) } else { None };
    let want = re.captures_at(h, start);
    t.check("captures", r >= 0 && got == want, || {
        format!("{} start {start}: oxre {got:?}, crate {want:?}", show(c))
    });
    let mut n = 0usize;
    let want = iter_from(&re, h, start);
    let r = unsafe { oxre_count(ox.0, h.as_ptr(), h.len(), start, &mut n) };
    t.check("count", r == 0 && n == want.len(), || {
        format!("{} start {start}: oxre {n}, crate {}", show(c), want.len())
    });
    let got: Vec<_> = ox_iter(unsafe { oxre_iter_new(ox.0, h.as_ptr(), h.len(), start) })
        .into_iter()
        .map(|(s, e, _)| (s, e))
        .collect();
    t.check("iteration from a start", got == want, || {
        format!("{} start {start}: oxre {got:?}, crate {want:?}", show(c))
    });
    // The reference against itself: meta from `start` is the crate's find.
    let m = metare.find(Input::new(h).range(start..));
    t.check(
        "(reference: meta engine = crate API)",
        m.map(|m| (m.start(), m.end())) == found,
        || format!("{} start {start}", show(c)),
    );

    // Iterating with captures, from 0.
    let it = unsafe { oxre_iter_new(ox.0, h.as_ptr(), h.len(), 0) };
    let mut got = Vec::new();
    while unsafe { oxre_iter_next_captures(it, caps) } == 1 {
        got.push(ox_groups(caps));
    }
    unsafe { oxre_iter_free(it) };
    let want = re.captures_iter(h);
    t.check("iteration with captures", got == want, || {
        format!("{}: oxre {got:?}, crate {want:?}", show(c))
    });

    // Windows: anchored or not, earliest or not.
    for flags in [0, ANCHORED, EARLIEST, ANCHORED | EARLIEST] {
        let anchored = if flags & ANCHORED != 0 {
            Anchored::Yes
        } else {
            Anchored::No
        };
        let input = Input::new(h)
            .range(ws..we)
            .anchored(anchored)
            .earliest(flags & EARLIEST != 0);
        let want = metare.find(input.clone()).map(|m| (m.start(), m.end()));
        let mut m = Match {
            start: 0,
            end: 0,
            pattern: 9,
        };
        let r = unsafe { oxre_search(ox.0, h.as_ptr(), h.len(), ws, we, flags, &mut m) };
        let got = if r == 1 { Some((m.start, m.end)) } else { None };
        if flags & EARLIEST == 0 {
            t.check(
                "search in a window",
                r >= 0 && got == want && (r != 1 || m.pattern == 0),
                || {
                    format!(
                        "{} window [{ws},{we}) flags {flags}: oxre {got:?}, meta {want:?}",
                        show(c)
                    )
                },
            );
            let r = unsafe { oxre_search_captures(ox.0, caps, h.as_ptr(), h.len(), ws, we, flags) };
            let got = if r == 1 { Some(ox_groups(caps)) } else { None };
            let mut mc = metare.create_captures();
            metare.search_captures(&input, &mut mc);
            let want: Option<Groups> = mc.is_match().then(|| {
                (0..mc.group_len())
                    .map(|i| mc.get_group(i).map(|s| (s.start, s.end)))
                    .collect()
            });
            t.check("captures in a window", r >= 0 && got == want, || {
                format!(
                    "{} window [{ws},{we}) flags {flags}: oxre {got:?}, meta {want:?}",
                    show(c)
                )
            });
        } else {
            // The end of an earliest match depends on the engine that
            // found it; whether there is one does not.
            t.check(
                "earliest search in a window (found or not)",
                r >= 0
                    && got.is_some() == want.is_some()
                    && got.map_or(true, |(s, e)| ws <= s && s <= e && e <= we),
                || {
                    format!(
                        "{} window [{ws},{we}) flags {flags}: oxre {got:?}, meta {want:?}",
                        show(c)
                    )
                },
            );
        }
        if flags & EARLIEST == 0 {
            let got: Vec<_> =
                ox_iter(unsafe { oxre_iter_new_window(ox.0, h.as_ptr(), h.len(), ws, we, flags) })
                    .into_iter()
                    .map(|(s, e, _)| (s, e))
                    .collect();
            let want: Vec<_> = metare
                .find_iter(input)
                .map(|m| (m.start(), m.end()))
                .collect();
            t.check("iteration in a window", got == want, || {
                format!(
                    "{} window [{ws},{we}) flags {flags}: oxre {got:?}, meta {want:?}",
                    show(c)
                )
            });
        }
    }
    unsafe { oxre_captures_free(caps) };

    // Split and splitn.
    let got = ox_split(unsafe { oxre_split_new(ox.0, h.as_ptr(), h.len()) });
    let want = re.split(h, None);
    t.check("split", got == want, || {
        format!("{}: oxre {got:?}, crate {want:?}", show(c))
    });
    let limit = rng.below(5);
    let got = ox_split(unsafe { oxre_splitn_new(ox.0, h.as_ptr(), h.len(), limit) });
    let want = re.split(h, Some(limit));
    t.check("splitn", got == want, || {
        format!("{} limit {limit}: oxre {got:?}, crate {want:?}", show(c))
    });

    // Replacement.
    let tmpl = *rng.pick(&[
        "$0", "${1}x", "$n1", "${n2}", "$$", "[$1|$2]", "", "-", "$1a", "é$0",
    ]);
    let literal = rng.chance(25);
    let limit = rng.below(4);
    let mut out = Buf {
        data: std::ptr::null_mut(),
        len: 0,
        capacity: 0,
    };
    let r = unsafe {
        oxre_replace(
            ox.0,
            h.as_ptr(),
            h.len(),
            limit,
            tmpl.as_ptr(),
            tmpl.len(),
            if literal { LITERAL } else { 0 },
            &mut out,
        )
    };
    let got = take_buf(out);
    let want = re.replacen(h, limit, tmpl, literal);
    t.check("replace", r >= 0 && got == want, || {
        format!(
            "{} template {tmpl:?} literal {literal} limit {limit}: oxre {:?}, crate {:?}",
            show(c),
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want)
        )
    });
}

fn multi(t: &mut Tally, rng: &mut Rng, c: &Case) {
    let ptrs: Vec<*const u8> = c.pats.iter().map(|p| p.as_ptr()).collect();
    let lens: Vec<usize> = c.pats.iter().map(|p| p.len()).collect();
    let h = &c.hay;
    let (ws, we, start) = window(rng, h.len());

    // Multi-pattern, leftmost-first.
    let ox =
        unsafe { oxre_compile_many(ptrs.as_ptr(), lens.as_ptr(), c.pats.len(), c.flags, &c.opts) };
    let reference = meta_regex(c, MatchKind::LeftmostFirst);
    // (One pattern's outcome is the crate's: the reference has no limit.)
    let fails = if c.pats.len() == 1 {
        crate_regex(c).is_err()
    } else {
        reference.is_err()
    };
    t.check(
        "multi-pattern compile",
        ox.is_null() == fails,
        || {
            format!(
                "{}: oxre {:?}, meta {:?}",
                show(c),
                last_error(),
                reference.as_ref().err()
            )
        },
    );
    if let (Ok(metare), false) = (&reference, ox.is_null()) {
        let ox = Ox(ox);
        let caps = unsafe { oxre_captures_new(ox.0) };
        for flags in [0, ANCHORED] {
            let anchored = if flags & ANCHORED != 0 {
                Anchored::Yes
            } else {
                Anchored::No
            };
            let input = Input::new(h).range(ws..we).anchored(anchored);
            let want = metare
                .find(input.clone())
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()));
            let mut m = Match {
                start: 0,
                end: 0,
                pattern: 0,
            };
            let r = unsafe { oxre_search(ox.0, h.as_ptr(), h.len(), ws, we, flags, &mut m) };
            let got = if r == 1 {
                Some((m.start, m.end, m.pattern))
            } else {
                None
            };
            t.check("multi-pattern search", r >= 0 && got == want, || {
                format!(
                    "{} window [{ws},{we}) flags {flags}: oxre {got:?}, meta {want:?}",
                    show(c)
                )
            });
            let r = unsafe { oxre_search_captures(ox.0, caps, h.as_ptr(), h.len(), ws, we, flags) };
            let got = if r == 1 {
                Some((
                    unsafe { oxre_captures_pattern(caps) } as usize,
                    ox_groups(caps),
                ))
            } else {
                None
            };
            let mut mc = metare.create_captures();
            metare.search_captures(&input, &mut mc);
            let want: Option<(usize, Groups)> = mc.pattern().map(|p| {
                let n = metare.group_info().group_len(p);
                (
                    p.as_usize(),
                    (0..n)
                        .map(|i| mc.get_group(i).map(|s| (s.start, s.end)))
                        .collect(),
                )
            });
            t.check("multi-pattern captures", r >= 0 && got == want, || {
                format!(
                    "{} window [{ws},{we}) flags {flags}: oxre {got:?}, meta {want:?}",
                    show(c)
                )
            });
            let got =
                ox_iter(unsafe { oxre_iter_new_window(ox.0, h.as_ptr(), h.len(), ws, we, flags) });
            let want: Vec<_> = metare
                .find_iter(input)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            t.check("multi-pattern iteration", got == want, || {
                format!(
                    "{} window [{ws},{we}) flags {flags}: oxre {got:?}, meta {want:?}",
                    show(c)
                )
            });
        }
        unsafe { oxre_captures_free(caps) };
    } else if !ox.is_null() {
        unsafe { oxre_free(ox) };
    }

    // Sets: the crate's RegexSet from a start, the meta engine in a window.
    let set =
        unsafe { oxre_set_compile(ptrs.as_ptr(), lens.as_ptr(), c.pats.len(), c.flags, &c.opts) };
    let on = |b: u32| c.flags & b != 0;
    macro_rules! set_builder {
        ($b:expr) => {
            $b.case_insensitive(on(CASE_INSENSITIVE))
                .multi_line(on(MULTI_LINE))
                .dot_matches_new_line(on(DOT_MATCHES_NEW_LINE))
                .swap_greed(on(SWAP_GREED))
                .ignore_whitespace(on(IGNORE_WHITESPACE))
                .unicode(!on(NO_UNICODE))
                .octal(on(OCTAL))
                .crlf(on(CRLF))
                .line_terminator(c.opts.line_terminator)
                .size_limit(c.opts.size_limit)
                .dfa_size_limit(c.opts.dfa_size_limit)
                .nest_limit(c.opts.nest_limit)
                .build()
        };
    }
    let want_start: Result<Vec<bool>, regex::Error> = if on(TEXT) {
        set_builder!(regex::RegexSetBuilder::new(&c.pats)).map(|s| {
            let m = s.matches_at(std::str::from_utf8(h).unwrap(), start);
            (0..c.pats.len()).map(|i| m.matched(i)).collect()
        })
    } else {
        set_builder!(regex::bytes::RegexSetBuilder::new(&c.pats)).map(|s| {
            let m = s.matches_at(h, start);
            (0..c.pats.len()).map(|i| m.matched(i)).collect()
        })
    };
    t.check("set compile", set.is_null() == want_start.is_err(), || {
        format!(
            "{}: oxre {:?}, crate {:?}",
            show(c),
            last_error(),
            want_start.as_ref().err()
        )
    });
    if set.is_null() {
        return;
    }
    if let Ok(want) = want_start {
        let mut got = vec![false; c.pats.len()];
        let r = unsafe {
            oxre_set_matches(set, h.as_ptr(), h.len(), start, got.as_mut_ptr(), got.len())
        };
        t.check("set matches", r >= 0 && got == want, || {
            format!("{} start {start}: oxre {got:?}, crate {want:?}", show(c))
        });
        let metaset = meta_regex(c, MatchKind::All).expect("the set reference builds");
        // (OXRE_EARLIEST changes nothing for a set.)
        for flags in [0, ANCHORED, EARLIEST, ANCHORED | EARLIEST] {
            let anchored = if flags & ANCHORED != 0 {
                Anchored::Yes
            } else {
                Anchored::No
            };
            let input = Input::new(h).range(ws..we).anchored(anchored);
            let mut ps = PatternSet::new(metaset.pattern_len());
            metaset.which_overlapping_matches(&input, &mut ps);
            let want: Vec<bool> = (0..c.pats.len())
                .map(|i| ps.contains(regex_automata::PatternID::must(i)))
                .collect();
            let mut got = vec![false; c.pats.len()];
            let r = unsafe {
                oxre_set_search(
                    set,
                    h.as_ptr(),
                    h.len(),
                    ws,
                    we,
                    flags,
                    got.as_mut_ptr(),
                    got.len(),
                )
            };
            t.check("set search in a window", r >= 0 && got == want, || {
                format!(
                    "{} window [{ws},{we}) flags {flags}: oxre {got:?}, meta {want:?}",
                    show(c)
                )
            });
        }
    }
    unsafe { oxre_set_free(set) };
}

fn escape(t: &mut Tally, rng: &mut Rng) {
    let text =
        String::from_utf8(gen_haystack(rng, true)).unwrap() + *rng.pick(&["", ".*", "$(", "\\"]);
    let mut out = Buf {
        data: std::ptr::null_mut(),
        len: 0,
        capacity: 0,
    };
    let r = unsafe { oxre_escape(text.as_ptr(), text.len(), &mut out) };
    let got = take_buf(out);
    let want = regex::escape(&text);
    t.check("escape", r == 0 && got == want.as_bytes(), || {
        format!("text {text:?}")
    });
}

/// Cases kept because oxre once went wrong on them, in both flavours; each
/// is run over many windows (drawn from their own generator, so that the
/// random cases stay those of the seed).
fn fixed(t: &mut Tally, seed: u64) {
    // A branch that can never match, then literals: the engine's literal
    // search of an anchored empty window matched the byte after it.
    const CASES: &[(&str, &str)] = &[
        ("[^\\s\\S]A|B", "BBAB"),
        ("B|x[^\\s\\S]", "xBBx"),
        ("[a&&b]z|[BC]", "CBzB"),
    ];
    let mut rng = Rng(seed ^ 0x9e37_79b9_7f4a_7c15);
    for &(pat, hay) in CASES {
        for flags in [0, TEXT] {
            let mut opts = Options {
                size_limit: 0,
                dfa_size_limit: 0,
                nest_limit: 0,
                line_terminator: 0,
            };
            unsafe { oxre_options_init(&mut opts) };
            let c = Case {
                pats: vec![pat.to_string()],
                flags,
                opts,
                hay: hay.as_bytes().to_vec(),
            };
            for _ in 0..64 {
                single(t, &mut rng, &c);
            }
        }
    }
}

fn main() {
    let seed: u64 = std::env::var("OXRE_DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let cases: usize = std::env::var("OXRE_DIFF_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let mut rng = Rng(seed);
    let mut t = Tally::default();
    fixed(&mut t, seed);
    for _ in 0..cases {
        let c = gen_case(&mut rng, 1);
        single(&mut t, &mut rng, &c);
        let n = 1 + rng.below(3);
        let c = gen_case(&mut rng, n);
        multi(&mut t, &mut rng, &c);
        escape(&mut t, &mut rng);
    }
    println!("1..{}", t.checks.len());
    println!("# seed {seed}, {cases} cases per kind (OXRE_DIFF_SEED, OXRE_DIFF_CASES)");
    let mut failed = false;
    for (i, (op, (n, bad))) in t.checks.iter().enumerate() {
        let status = if bad.is_empty() { "ok" } else { "not ok" };
        println!("{status} {} - {op}: {n} comparisons", i + 1);
        for b in bad {
            println!("#   mismatch: {b}");
        }
        failed |= !bad.is_empty();
    }
    std::process::exit(failed as i32);
}
