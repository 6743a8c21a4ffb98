//! Turning patterns, flags and options into a regex-automata meta regex,
//! configured exactly as the regex crate's builders configure theirs, and
//! turning build failures into oxre errors with the pattern span. The
//! options struct of the compile functions is defined here.

use std::any::Any;
use std::os::raw::c_int;
use std::sync::{Arc, OnceLock};

use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::syntax;
use regex_automata::MatchKind;
use regex_syntax::hir::Hir;

use crate::cache::{new_id, Spares};
use crate::error::{
    boundary, reserve, Error, Result, OXRE_EINVAL, OXRE_ENOMEM, OXRE_ERANGE, OXRE_ESIZE,
    OXRE_ESYNTAX,
};
use crate::ffi::arg_mut;
use crate::flags::{
    check_bits, OXRE_CASE_INSENSITIVE, OXRE_CRLF, OXRE_DOT_MATCHES_NEW_LINE, OXRE_FLAGS_ALL,
    OXRE_IGNORE_WHITESPACE, OXRE_MULTI_LINE, OXRE_NO_UNICODE, OXRE_OCTAL, OXRE_SWAP_GREED,
    OXRE_TEXT,
};

/// Limits and settings beyond the flags, for the compile functions.
///
/// Fill it with oxre_options_init() first, then change the fields you need:
/// the defaults are the regex crate's. Passing NULL instead of an options
/// struct means all defaults. Plain data; oxre keeps no pointer to it.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct oxre_options {
    /// Approximate limit, in bytes, on the size of the compiled regex; a
    /// pattern over it fails with OXRE_ESIZE. A pattern that is only a
    /// literal or an alternation of literals (`abc`, `foo|bar`, `[ab]`) is
    /// searched for as such, with no compiled program, and is not held to
    /// this limit; nor is one that would be, but for a branch that can never
    /// match (`[^\s\S]x|ab`): its program may take up to 10 MiB (or this
    /// limit, if larger). Default: 10 MiB.
    pub size_limit: usize,
    /// Approximate limit, in bytes, on the cache of the lazy DFA, per thread
    /// that searches. Past it the engine falls back to slower ones; matching
    /// stays correct and linear. Below 64 KiB the fully compiled DFA that
    /// small patterns otherwise get is not used either. It also bounds the
    /// fully compiled DFA that the regex's ends-only streams share
    /// (oxre_stream_new()); past it each stream gets a lazy DFA cache of its
    /// own. Default: 2 MiB.
    pub dfa_size_limit: usize,
    /// How deeply groups, repetitions and classes may nest in the pattern;
    /// deeper fails with OXRE_ESYNTAX. Default: 250; at most
    /// OXRE_NEST_LIMIT_MAX (a larger value is OXRE_EINVAL).
    ///
    /// Compiling recurses once per level of nesting: the engine needs up to
    /// about 1 KiB of stack per level (measured on x86-64) plus about 43 KiB.
    /// oxre reserves OXRE_STACK_BASE plus OXRE_STACK_PER_LEVEL bytes per
    /// level the pattern could have (`nest_limit`, or the pattern's length
    /// in bytes if smaller: 564 KiB for the default limit), and when the
    /// calling thread has less stack left than that, compiles on a thread of
    /// its own with that much stack. That costs a thread start (a few
    /// hundred microseconds more per compile, measured on a 64 KiB thread);
    /// on threads with the usual 2 to 8 MiB of stack it does not happen at
    /// the default limit. Searching does not recurse (it was measured to
    /// need under 8 KiB): any oxre function needs only OXRE_STACK_MIN bytes
    /// of free stack on the calling thread, whatever the options.
    pub nest_limit: u32,
    /// The byte that `^`, `$` (in multi-line mode) and `.` treat as the line
    /// terminator. Default: '\n'. Ignored when OXRE_CRLF is set. A word
    /// byte (`[0-9A-Za-z_]`) works, but turns off the fully compiled DFA
    /// that small patterns otherwise get (slower searches). A byte above
    /// 0x7F serves `^` and `$` in multi-line mode as any other byte does, but
    /// in Unicode mode a `.` that must not match it fails to compile with
    /// OXRE_ESYNTAX ("invalid line terminator"); with OXRE_NO_UNICODE, or in
    /// `(?s)` mode, `.` works too.
    pub line_terminator: u8,
}

impl Default for oxre_options {
    fn default() -> oxre_options {
        oxre_options {
            size_limit: 10 * (1 << 20),
            dfa_size_limit: 2 * (1 << 20),
            nest_limit: 250,
            line_terminator: b'\n',
        }
    }
}

/// The largest nest_limit the compile functions accept: compiling a
/// pattern that deep takes a stack of OXRE_STACK_BASE + OXRE_NEST_LIMIT_MAX
/// * OXRE_STACK_PER_LEVEL bytes (about 200 MiB, reserved, not all used).
pub const OXRE_NEST_LIMIT_MAX: u32 = 100_000;
/// The stack a compile reserves per level of nest_limit (twice the most
/// regex-automata 0.4.9 was measured to use, about 1 KiB per level for
/// nested alternations on x86-64).
pub const OXRE_STACK_PER_LEVEL: usize = 2 << 10;
/// The stack a compile reserves beyond its nesting levels (one and a half
/// times the most it was measured to use, about 43 KiB).
pub const OXRE_STACK_BASE: usize = 64 << 10;
/// The free stack every oxre function needs on the calling thread, whatever
/// the options: compiles that need more move to a thread of their own.
#[allow(dead_code)] // for C callers: nothing in the crate needs it
pub const OXRE_STACK_MIN: usize = 32 << 10;

/// Fills `*options` with the default limits (those of the regex crate).
///
/// Returns OXRE_OK, or OXRE_ENULL if `options` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_options_init(options: *mut oxre_options) -> c_int {
    boundary(|| {
        *unsafe { arg_mut(options, "options") }? = oxre_options::default();
        Ok(0)
    })
}

/// What is being built: a regex (leftmost-first, with capture groups, one
/// pattern or several) or a set (all matches, no groups), as the regex
/// crate's build_one_* and build_many_* do.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Regex,
    Set,
}

/// What a regex and a set are made of: the compiled meta regex, the
/// patterns as they were given, and the flavour. Cloning it is cheap (the
/// compiled program is shared).
pub struct Compiled {
    pub(crate) meta: meta::Regex,
    pub(crate) patterns: Vec<String>,
    /// The text flavour (OXRE_TEXT): haystacks must be UTF-8.
    pub(crate) text: bool,
    /// What it was compiled with, for the automata built from the same
    /// patterns later.
    pub(crate) flags: u32,
    pub(crate) options: oxre_options,
    /// Those automata (the streams'), built on first use by the module that
    /// needs them and shared by clones.
    pub(crate) later: Arc<OnceLock<Box<dyn Any + Send + Sync>>>,
    /// The NFA simulations' automata (pikesim), likewise.
    pub(crate) sim: Arc<OnceLock<Box<dyn Any + Send + Sync>>>,
    /// Its identity, shared by its clones: what a scratch object records of
    /// the regex or set it was made for.
    pub(crate) id: u64,
    /// Idle search caches for iterators, split and replace; shared with the
    /// live ones, which may outlive the regex.
    pub(crate) spares: Arc<Spares>,
}

impl Clone for Compiled {
    /// The same program, identity and later automata; spare caches of its
    /// own, so that threads each with a clone share nothing mutable.
    fn clone(&self) -> Compiled {
        Compiled {
            meta: self.meta.clone(),
            patterns: self.patterns.clone(),
            text: self.text,
            flags: self.flags,
            options: self.options,
            later: Arc::clone(&self.later),
            sim: Arc::clone(&self.sim),
            id: self.id,
            spares: Arc::default(),
        }
    }
}

impl Compiled {
    /// Compiles `patterns` (already checked to be UTF-8) under `flags`.
    pub(crate) fn new(
        patterns: Vec<String>,
        flags: u32,
        options: &oxre_options,
        kind: Kind,
    ) -> Result<Compiled> {
        let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let meta = build(&refs, flags, options, kind)?;
        Ok(Compiled {
            meta,
            patterns,
            text: flags & OXRE_TEXT != 0,
            flags,
            options: *options,
            later: Arc::new(OnceLock::new()),
            sim: Arc::new(OnceLock::new()),
            id: new_id(),
            spares: Arc::default(),
        })
    }

    /// Pattern `index` as it was given, or OXRE_ERANGE.
    pub(crate) fn pattern(&self, index: usize) -> Result<&str> {
        match self.patterns.get(index) {
            Some(p) => Ok(p),
            None => Err(Error::new(
                OXRE_ERANGE,
                format!(
                    "pattern index {index} is out of range (there are {})",
                    self.patterns.len()
                ),
            )),
        }
    }
}

/// Builds a meta regex from `patterns`.
fn build(patterns: &[&str], flags: u32, options: &oxre_options, kind: Kind) -> Result<meta::Regex> {
    check_bits(flags, OXRE_FLAGS_ALL, "flag")?;
    if options.nest_limit > OXRE_NEST_LIMIT_MAX {
        return Err(Error::new(
            OXRE_EINVAL,
            format!(
                "nest_limit {} exceeds OXRE_NEST_LIMIT_MAX ({OXRE_NEST_LIMIT_MAX})",
                options.nest_limit
            ),
        ));
    }
    on_deep_stack(patterns, options, || {
        build_here(patterns, flags, options, kind)
    })
}

/// Runs `f`, which parses or compiles `patterns` (recursively), where the
/// stack has room for them as deep as `options` lets them nest: here, or on
/// a helper thread with enough stack.
pub(crate) fn on_deep_stack<T: Send>(
    patterns: &[&str],
    options: &oxre_options,
    f: impl FnOnce() -> Result<T> + Send,
) -> Result<T> {
    // A pattern cannot nest deeper than it has bytes.
    let longest = patterns.iter().map(|p| p.len()).max().unwrap_or(0);
    let depth = longest.min(options.nest_limit as usize);
    let need = OXRE_STACK_BASE + depth * OXRE_STACK_PER_LEVEL;
    if stack_left().is_some_and(|left| left >= need) {
        return f();
    }
    // Not enough stack here for a pattern as deep as the limit allows.
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("oxre-compile".into())
            .stack_size(need)
            .spawn_scoped(scope, || crate::error::as_inside(f))
            .map_err(|e| {
                Error::new(
                    OXRE_ENOMEM,
                    format!("no thread with a {need}-byte stack to compile on: {e}"),
                )
            })?;
        helper
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// How many bytes of stack the calling thread has left, if known.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn stack_left() -> Option<usize> {
    use std::cell::Cell;
    thread_local! {
        /// The lowest address of this thread's stack (0: not known yet).
        static LOW: Cell<usize> = const { Cell::new(0) };
    }
    let low = LOW.try_with(|low| {
        if low.get() == 0 {
            low.set(stack_low().unwrap_or(usize::MAX));
        }
        low.get()
    });
    let here = &low as *const _ as usize;
    low.ok()
        .filter(|&low| low != usize::MAX)
        .map(|low| here.saturating_sub(low))
}

/// The lowest address of the calling thread's stack (from glibc, which for
/// the main thread reads it from /proc/self/maps and the stack limit: once
/// per thread, as stack_left() keeps it).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn stack_low() -> Option<usize> {
    // SAFETY: the attribute object is initialized by pthread_getattr_np
    // and destroyed once read; the out-parameters are plain locals.
    unsafe {
        let mut attr = std::mem::MaybeUninit::<libc::pthread_attr_t>::uninit();
        if libc::pthread_getattr_np(libc::pthread_self(), attr.as_mut_ptr()) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let rc = libc::pthread_attr_getstack(attr.as_ptr(), &mut addr, &mut size);
        libc::pthread_attr_destroy(attr.as_mut_ptr());
        // Leave the guard page alone.
        (rc == 0 && !addr.is_null()).then(|| addr as usize + 4096)
    }
}

/// Elsewhere the stack left is not known: every compile takes a thread.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn stack_left() -> Option<usize> {
    None
}

/// build() on the calling thread, which has the stack it needs.
/// The syntax configuration for `flags` and `options`, as the regex crate's
/// builders make it.
pub(crate) fn syntax_config(flags: u32, options: &oxre_options) -> syntax::Config {
    let on = |bit: u32| flags & bit != 0;
    syntax::Config::new()
        .case_insensitive(on(OXRE_CASE_INSENSITIVE))
        .multi_line(on(OXRE_MULTI_LINE))
        .dot_matches_new_line(on(OXRE_DOT_MATCHES_NEW_LINE))
        .swap_greed(on(OXRE_SWAP_GREED))
        .ignore_whitespace(on(OXRE_IGNORE_WHITESPACE))
        .unicode(!on(OXRE_NO_UNICODE))
        .octal(on(OXRE_OCTAL))
        .crlf(on(OXRE_CRLF))
        .line_terminator(options.line_terminator)
        .nest_limit(options.nest_limit)
        .utf8(on(OXRE_TEXT))
}

fn build_here(
    patterns: &[&str],
    flags: u32,
    options: &oxre_options,
    kind: Kind,
) -> Result<meta::Regex> {
    let text = flags & OXRE_TEXT != 0;
    let syntaxc = syntax_config(flags, options);
    let mut metac = meta::Config::new()
        .nfa_size_limit(Some(options.size_limit))
        .hybrid_cache_capacity(options.dfa_size_limit)
        .line_terminator(options.line_terminator)
        .utf8_empty(text);
    metac = match kind {
        Kind::Regex => metac.match_kind(MatchKind::LeftmostFirst),
        // The one-pass DFA serves only to read groups, which a set has
        // none of; and without them it indexes slots that do not exist
        // (regex-automata 0.4.9 panics on a set of `\b^` searching "Ω").
        Kind::Set => metac
            .match_kind(MatchKind::All)
            .which_captures(WhichCaptures::None)
            .onepass(false),
    };
    metac = metac.dfa(full_dfa_is_safe(options));
    let hirs = parse_all(patterns, &syntaxc)?;
    let re = if kind == Kind::Regex && !literal_bypass_is_safe(&hirs) {
        build_confirmed(metac, &hirs, options)?
    } else {
        build_meta(metac, &hirs)?
    };
    if kind == Kind::Regex {
        check_search_scratch(&re, patterns, syntaxc, options)?;
    }
    Ok(re)
}

/// Fails with OXRE_ENOMEM when the scratch space a search of `re` needs
/// cannot be allocated, rather than let the first search abort the
/// process. That space grows with the number of groups times the size of
/// the program (the PikeVM keeps every group's slots for every state, twice):
/// 35,000 nested groups need 78 GB. Past 64 MiB the exact size is computed
/// from the program and an allocation of that size is tried (and freed).
fn check_search_scratch(
    re: &meta::Regex,
    patterns: &[&str],
    syntaxc: syntax::Config,
    options: &oxre_options,
) -> Result<()> {
    const SMALL: usize = 64 << 20;
    let slots = re.group_info().slot_len();
    // Every program state takes more than 16 bytes of the regex's memory.
    if re.memory_usage().saturating_mul(slots) <= SMALL {
        return Ok(());
    }
    let nfa = regex_automata::nfa::thompson::Compiler::new()
        .syntax(syntaxc)
        .configure(
            regex_automata::nfa::thompson::Config::new()
                .nfa_size_limit(Some(options.size_limit))
                .shrink(false),
        )
        .build_many(patterns)
        .map_err(|e| Error::new(OXRE_ESIZE, format!("{e}")))?;
    let bytes = nfa
        .states()
        .len()
        .saturating_mul(slots)
        .saturating_mul(2 * std::mem::size_of::<usize>());
    if bytes > SMALL {
        let mut probe: Vec<u8> = Vec::new();
        probe.try_reserve_exact(bytes).map_err(|_| {
            Error::new(
                OXRE_ENOMEM,
                format!(
                    "searching needs {bytes} bytes of scratch space per thread \
                     ({} groups), more than can be allocated",
                    slots / 2
                ),
            )
        })?;
    }
    Ok(())
}

/// Parses `patterns` in order, each wholly (its syntax, then its meaning)
/// before the next, so that a failure names the first pattern that is
/// wrong. (The engine's own builder parses every pattern before it
/// translates any, and so may report a later one.)
fn parse_all(patterns: &[&str], syntaxc: &syntax::Config) -> Result<Vec<Hir>> {
    let mut hirs = Vec::new();
    reserve(&mut hirs, patterns.len())?;
    for (i, p) in patterns.iter().enumerate() {
        let hir =
            syntax::parse_with(p, syntaxc).map_err(|e| syntax_error(&e, i, patterns.len()))?;
        hirs.push(hir);
    }
    Ok(hirs)
}

/// Checks the syntax of `patterns` under `flags` and `options` (which may
/// be invalid: then nothing is checked), for a caller that found a later
/// pattern to be bad (not UTF-8, or NULL) and must report the first bad
/// pattern.
pub(crate) fn check_syntax(patterns: &[String], flags: u32, options: &oxre_options) -> Result<()> {
    if check_bits(flags, OXRE_FLAGS_ALL, "flag").is_err()
        || options.nest_limit > OXRE_NEST_LIMIT_MAX
    {
        return Ok(());
    }
    let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
    on_deep_stack(&refs, options, || {
        parse_all(&refs, &syntax_config(flags, options)).map(drop)
    })
}

/// Whether the engine may search this regex by its literals alone when
/// they describe every match exactly (its `Pre` strategy). In
/// regex-automata 0.4.9 that strategy's anchored search asks the
/// prefilter's `prefix()`, and the one-byte prefilters (memchr, memchr2,
/// memchr3 and the byte set, in util/prefilter/{memchr,byteset}.rs) read
/// `haystack[span.start]` without looking at `span.end`: an anchored search
/// of an empty window then matches the byte after it (`[^\s\S]A|B` on
/// "B", window [0, 0): [0, 1)). meta::Regex::search normally rejects such
/// a window first, as shorter than the shortest match (is_impossible()),
/// but a pattern with a branch that can never match has no shortest match
/// length (regex-syntax's minimum_len() is None) and gets through. Only a
/// single pattern of a leftmost-first regex takes that strategy; those with
/// a minimum length are safe.
fn literal_bypass_is_safe(hirs: &[Hir]) -> bool {
    hirs.len() != 1 || hirs[0].properties().minimum_len().is_some()
}

fn build_meta(metac: meta::Config, hirs: &[Hir]) -> Result<meta::Regex> {
    meta::Builder::new()
        .configure(metac)
        .build_many_from_hir(hirs)
        .map_err(|e| build_error(e, hirs.len()))
}

/// Builds a regex that must not be searched by its literals alone (see
/// literal_bypass_is_safe()): the engine gets the prefilter it would pick,
/// explicitly, and confirms every match. The crate would need no program
/// for such a pattern, when its literals describe every match, and so no
/// size limit applies to it: it fails with OXRE_ESIZE exactly where the
/// crate does, and past the limit gets a program of up to the default
/// limit (or the given one if larger) instead.
fn build_confirmed(
    metac: meta::Config,
    hirs: &[Hir],
    options: &oxre_options,
) -> Result<meta::Regex> {
    let pre = Prefilter::from_hirs_prefix(MatchKind::LeftmostFirst, hirs);
    let confirmed = metac.clone().auto_prefilter(false).prefilter(pre);
    match build_meta(confirmed.clone(), hirs) {
        Err(e) if e.code == OXRE_ESIZE => {
            // The crate's own configuration: the same program, unless it
            // needs none (then it has no size to exceed).
            build_meta(metac, hirs)?;
            let limit = options.size_limit.max(oxre_options::default().size_limit);
            build_meta(confirmed.nfa_size_limit(Some(limit)), hirs)
        }
        other => other,
    }
}

/// The lazy DFA cache below which no fully compiled DFA is used either.
pub const SMALL_DFA_LIMIT: usize = 64 << 10;

/// Whether the fully compiled DFA (the `perf-dfa-full` feature, which the
/// crate's default build lacks) may serve this regex. In regex-automata
/// 0.4.9 it is wrong, or panics, when
/// - the line terminator is a word byte: `\b` with line terminator `a`
///   misses the match at the end of "a", and `(\B)` on "aa" or `(?m)$` with
///   line terminator `x` on "éÉ\n" panic;
/// - the lazy DFA's cache is too small to build one: the engine then picks
///   a strategy that needs a lazy DFA for its reverse search, finds none,
///   and panics (`.[a-]` with a 1-byte limit on "\na"). Any cache from
///   SMALL_DFA_LIMIT up holds the lazy DFA of every pattern small enough to
///   get a full one.
///
/// Without it those regexes are searched as the crate's default build
/// searches them.
pub(crate) fn full_dfa_is_safe(options: &oxre_options) -> bool {
    let lt = options.line_terminator;
    let word_byte = lt.is_ascii_alphanumeric() || lt == b'_';
    !word_byte && options.dfa_size_limit >= SMALL_DFA_LIMIT
}

/// The crate's error mapping (size limit, or else a syntax error), with the
/// index of the offending pattern kept.
fn build_error(err: meta::BuildError, count: usize) -> Error {
    if let Some(limit) = err.size_limit() {
        return Error::new(
            OXRE_ESIZE,
            format!("compiled regex exceeds the size limit of {limit} bytes"),
        );
    }
    let which = err.pattern().map(|p| p.as_usize()).unwrap_or(0);
    match err.syntax_error() {
        Some(e) => syntax_error(e, which, count),
        None => at_pattern(
            Error::new(OXRE_ESYNTAX, format!("{}{err}", prefix(which, count))),
            which,
        ),
    }
}

/// A syntax error of pattern `which` of `count`, with its span.
fn syntax_error(err: &regex_syntax::Error, which: usize, count: usize) -> Error {
    let located = match err {
        regex_syntax::Error::Parse(e) => Some((e.kind().to_string(), *e.span())),
        regex_syntax::Error::Translate(e) => Some((e.kind().to_string(), *e.span())),
        _ => None,
    };
    let prefix = prefix(which, count);
    let out = match located {
        Some((kind, span)) => Error::new(OXRE_ESYNTAX, format!("{prefix}{kind}"))
            .with_span(span.start.offset, span.end.offset),
        None => Error::new(OXRE_ESYNTAX, format!("{prefix}{err}")),
    };
    at_pattern(out, which)
}

/// How a message names pattern `which` of `count` (not at all for one).
fn prefix(which: usize, count: usize) -> String {
    if count > 1 {
        format!("pattern {which}: ")
    } else {
        String::new()
    }
}

fn at_pattern(mut err: Error, which: usize) -> Error {
    err.pattern = which;
    err
}
