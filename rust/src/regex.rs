//! Compiling a pattern, and the one-shot searches on a compiled regex.

use std::ffi::CString;
use std::os::raw::c_int;

use regex::bytes::{Regex, RegexBuilder};

use crate::error::{
    boundary, Error, Result, OXRE_EFLAGS, OXRE_ESIZE, OXRE_ESYNTAX, OXRE_EUTF8,
};
use crate::ffi::{arg_bytes, arg_ref, check_start, oxre_span, put};

/// Flag: match letters regardless of case (Unicode simple case folding, or
/// ASCII only when OXRE_NO_UNICODE is set). Pattern equivalent: `(?i)`.
pub const OXRE_CASE_INSENSITIVE: u32 = 1 << 0;
/// Flag: `^` and `$` also match at the start and end of lines. Pattern
/// equivalent: `(?m)`.
pub const OXRE_MULTI_LINE: u32 = 1 << 1;
/// Flag: `.` also matches the line terminator. Pattern equivalent: `(?s)`.
pub const OXRE_DOT_MATCHES_NEW_LINE: u32 = 1 << 2;
/// Flag: swap the meaning of `x*` and `x*?` (greedy and lazy). Pattern
/// equivalent: `(?U)`.
pub const OXRE_SWAP_GREED: u32 = 1 << 3;
/// Flag: ignore whitespace in the pattern and allow `#` comments. Pattern
/// equivalent: `(?x)`.
pub const OXRE_IGNORE_WHITESPACE: u32 = 1 << 4;
/// Flag: turn Unicode mode off. Unicode mode is on by default: `.` and
/// classes match whole UTF-8 encoded code points, and `\w`, `\d`, `\s`, `\b`
/// and case folding follow Unicode. With it off they are ASCII-only and `.`
/// matches any single byte but the line terminator. Pattern equivalent:
/// `(?-u)`.
pub const OXRE_NO_UNICODE: u32 = 1 << 5;
/// Flag: allow octal escapes such as `\141`. Off by default, so that a
/// backreference-like `\1` is reported as an error rather than read as octal.
pub const OXRE_OCTAL: u32 = 1 << 6;
/// Flag: in multi-line mode `^` and `$` treat `\r`, `\n` and `\r\n` as line
/// terminators, and `.` matches neither `\r` nor `\n`. Pattern equivalent:
/// `(?R)`.
pub const OXRE_CRLF: u32 = 1 << 7;
/// All flag bits oxre_compile() knows; any other bit is OXRE_EFLAGS.
pub const OXRE_FLAGS_ALL: u32 = (1 << 8) - 1;

/// Limits and settings beyond the flags, for oxre_compile().
///
/// Fill it with oxre_options_init() first, then change the fields you need:
/// the defaults are the regex crate's. Passing NULL instead of an options
/// struct means all defaults. Plain data; oxre keeps no pointer to it.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct oxre_options {
    /// Approximate limit, in bytes, on the size of the compiled regex; a
    /// pattern over it fails with OXRE_ESIZE. Default: 10 MiB.
    pub size_limit: usize,
    /// Approximate limit, in bytes, on the cache of the lazy DFA, per thread
    /// that searches. Past it the engine falls back to slower ones; matching
    /// stays correct and linear. Default: 2 MiB.
    pub dfa_size_limit: usize,
    /// How deeply groups, repetitions and classes may nest in the pattern;
    /// deeper fails with OXRE_ESYNTAX. Default: 250.
    pub nest_limit: u32,
    /// The byte that `^`, `$` (in multi-line mode) and `.` treat as the line
    /// terminator. Default: '\n'. Ignored when OXRE_CRLF is set. A byte
    /// above 0x7F works only with OXRE_NO_UNICODE (else OXRE_ESYNTAX where the
    /// pattern depends on it).
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

/// A compiled regular expression (bytes flavour: haystacks are arbitrary
/// bytes). Created by oxre_compile(), freed by oxre_free().
///
/// Thread safety: immutable once compiled. Any number of threads may search
/// with the same oxre_regex at the same time, with no locking by the caller.
pub struct oxre_regex {
    pub(crate) re: Regex,
    /// Group names as C strings, by group index (None: unnamed).
    pub(crate) names: Vec<Option<CString>>,
}

/// Fills `*options` with the default limits (those of the regex crate).
///
/// Returns OXRE_OK, or OXRE_ENULL if `options` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_options_init(options: *mut oxre_options) -> c_int {
    boundary(|| {
        let out = unsafe { crate::ffi::arg_mut(options, "options") }?;
        *out = oxre_options::default();
        Ok(0)
    })
}

/// Compiles the pattern of `pattern_len` bytes at `pattern`.
///
/// The pattern uses the regex crate's syntax (see oxre-syntax(7)) and must be
/// UTF-8; it need not be NUL-terminated and may contain NUL. `flags` is 0 or
/// a bitwise OR of the OXRE_* flags above; `options` may be NULL for the
/// default limits. The result finds matches in arbitrary bytes: in Unicode
/// mode (the default) a `.` or class matches only valid UTF-8, but the
/// haystack itself may hold anything, and `(?-u:\xFF)` matches the byte 0xFF.
///
/// Returns a new regex, to be freed with oxre_free(), or NULL on failure with
/// the last error set:
/// - OXRE_ENULL: `pattern` is NULL and `pattern_len` is not 0;
/// - OXRE_EFLAGS: `flags` has bits outside OXRE_FLAGS_ALL;
/// - OXRE_EUTF8: the pattern is not UTF-8 (span: the bad bytes);
/// - OXRE_ESYNTAX: the pattern is invalid (span: the offending part, and the
///   message says what is wrong, e.g. "unclosed group");
/// - OXRE_ESIZE: the compiled regex would exceed `options->size_limit`.
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
        let pattern = unsafe { arg_bytes(pattern, pattern_len, "pattern") }?;
        let options = match unsafe { options.as_ref() } {
            Some(o) => *o,
            None => oxre_options::default(),
        };
        let re = compile(pattern, flags, &options)?;
        let names = re
            .capture_names()
            .map(|name| name.map(|n| CString::new(n).expect("group names hold no NUL")))
            .collect();
        Ok(Box::into_raw(Box::new(oxre_regex { re, names })))
    })
}

/// Checks flags and options, then builds the regex with the crate's builder.
pub(crate) fn compile(pattern: &[u8], flags: u32, options: &oxre_options) -> Result<Regex> {
    let pattern = pattern_str(pattern)?;
    check_flags(flags)?;
    let on = |bit: u32| flags & bit != 0;
    RegexBuilder::new(pattern)
        .case_insensitive(on(OXRE_CASE_INSENSITIVE))
        .multi_line(on(OXRE_MULTI_LINE))
        .dot_matches_new_line(on(OXRE_DOT_MATCHES_NEW_LINE))
        .swap_greed(on(OXRE_SWAP_GREED))
        .ignore_whitespace(on(OXRE_IGNORE_WHITESPACE))
        .unicode(!on(OXRE_NO_UNICODE))
        .octal(on(OXRE_OCTAL))
        .crlf(on(OXRE_CRLF))
        .line_terminator(options.line_terminator)
        .size_limit(options.size_limit)
        .dfa_size_limit(options.dfa_size_limit)
        .nest_limit(options.nest_limit)
        .build()
        .map_err(|e| build_error(e, pattern, flags, options))
}

/// The pattern as text, or OXRE_EUTF8 locating the first invalid bytes.
fn pattern_str(pattern: &[u8]) -> Result<&str> {
    std::str::from_utf8(pattern).map_err(|e| {
        let start = e.valid_up_to();
        let end = start + e.error_len().unwrap_or(pattern.len() - start);
        Error::new(
            OXRE_EUTF8,
            format!("pattern is not valid UTF-8 at byte offset {start}"),
        )
        .with_span(start, end)
    })
}

pub(crate) fn check_flags(flags: u32) -> Result<()> {
    if flags & !OXRE_FLAGS_ALL != 0 {
        return Err(Error::new(
            OXRE_EFLAGS,
            format!("unknown flag bits 0x{:x}", flags & !OXRE_FLAGS_ALL),
        ));
    }
    Ok(())
}

/// Turns the crate's build error into an oxre error. The crate's syntax error
/// is a preformatted string; the span comes from parsing the pattern again
/// with regex-syntax under the same settings (only on this failure path).
fn build_error(err: regex::Error, pattern: &str, flags: u32, options: &oxre_options) -> Error {
    match err {
        regex::Error::CompiledTooBig(limit) => Error::new(
            OXRE_ESIZE,
            format!("compiled regex exceeds the size limit of {limit} bytes"),
        ),
        regex::Error::Syntax(text) => match syntax_error(pattern, flags, options) {
            Some((message, start, end)) => Error::new(OXRE_ESYNTAX, message).with_span(start, end),
            None => Error::new(OXRE_ESYNTAX, text),
        },
        other => Error::new(OXRE_ESYNTAX, other.to_string()),
    }
}

/// Parses `pattern` as the crate's bytes flavour does; on failure returns the
/// error's one-line description and the byte span it points at.
fn syntax_error(
    pattern: &str,
    flags: u32,
    options: &oxre_options,
) -> Option<(String, usize, usize)> {
    let on = |bit: u32| flags & bit != 0;
    let result = regex_syntax::ParserBuilder::new()
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
        .utf8(false)
        .build()
        .parse(pattern);
    let (kind, span) = match result.err()? {
        regex_syntax::Error::Parse(e) => (e.kind().to_string(), *e.span()),
        regex_syntax::Error::Translate(e) => (e.kind().to_string(), *e.span()),
        _ => return None,
    };
    Some((kind, span.start.offset, span.end.offset))
}

/// Frees a regex made by oxre_compile(). NULL is accepted and ignored.
///
/// Captures objects and iterators made from the regex must not be used
/// afterwards (free them first).
#[no_mangle]
pub unsafe extern "C" fn oxre_free(re: *mut oxre_regex) {
    boundary(|| {
        if !re.is_null() {
            // SAFETY: `re` came from Box::into_raw in oxre_compile.
            drop(unsafe { Box::from_raw(re) });
        }
        Ok(())
    })
}

/// Borrows the regex and the haystack, and checks the start offset: the
/// arguments common to every search.
pub(crate) unsafe fn search_args<'a>(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> Result<(&'a oxre_regex, &'a [u8])> {
    let re = unsafe { arg_ref(re, "re") }?;
    let hay = unsafe { arg_bytes(haystack, haystack_len, "haystack") }?;
    check_start(start, hay.len())?;
    Ok((re, hay))
}

/// Reports whether the regex matches anywhere in the haystack at or after
/// byte offset `start`.
///
/// The haystack is `haystack_len` arbitrary bytes (NULL is fine when the
/// length is 0). Searching from `start` is not the same as searching the
/// slice that begins there: look-around such as `^` and `\b` still sees the
/// bytes before `start`, so `^` does not match at a `start` above 0 (unless
/// in multi-line mode after a line terminator).
///
/// Returns 1 for a match, 0 for none, or a negative code: OXRE_ENULL (`re`
/// NULL, or `haystack` NULL with a non-zero length), OXRE_ERANGE (`start`
/// greater than `haystack_len`).
///
/// This is the fastest search: it may stop as soon as a match is certain.
#[no_mangle]
pub unsafe extern "C" fn oxre_is_match(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
) -> c_int {
    boundary(|| {
        let (re, hay) = unsafe { search_args(re, haystack, haystack_len, start) }?;
        Ok(re.re.is_match_at(hay, start) as c_int)
    })
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
/// was), or a negative code: OXRE_ENULL, OXRE_ERANGE as for oxre_is_match().
#[no_mangle]
pub unsafe extern "C" fn oxre_find(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    r#match: *mut oxre_span,
) -> c_int {
    boundary(|| {
        let (re, hay) = unsafe { search_args(re, haystack, haystack_len, start) }?;
        Ok(match re.re.find_at(hay, start) {
            Some(m) => {
                unsafe { put(r#match, oxre_span::from((m.start(), m.end()))) };
                1
            }
            None => 0,
        })
    })
}

/// Finds the end of a match at or after byte offset `start`, stopping as
/// early as the engine can be sure a match exists, and stores that end offset
/// in `*end` (which may be NULL).
///
/// The end reported may be earlier than the end of the match oxre_find()
/// reports (for `a+` on "aaa" it may be 1), but a match is reported exactly
/// when oxre_find() would find one. Use it when any witness will do.
///
/// Returns 1 and fills `*end` when found, 0 when not, or a negative code:
/// OXRE_ENULL, OXRE_ERANGE as for oxre_is_match().
#[no_mangle]
pub unsafe extern "C" fn oxre_shortest_match(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    start: usize,
    end: *mut usize,
) -> c_int {
    boundary(|| {
        let (re, hay) = unsafe { search_args(re, haystack, haystack_len, start) }?;
        Ok(match re.re.shortest_match_at(hay, start) {
            Some(e) => {
                unsafe { put(end, e) };
                1
            }
            None => 0,
        })
    })
}

/// The regex's pattern as it was given to oxre_compile(), without a NUL
/// terminator: returns a pointer to its bytes and stores its length in
/// `*len`. The bytes belong to the regex and live as long as it does.
///
/// Returns NULL (and sets *len to 0) with OXRE_ENULL if `re` or `len` is NULL.
#[no_mangle]
pub unsafe extern "C" fn oxre_pattern(re: *const oxre_regex, len: *mut usize) -> *const u8 {
    boundary(|| {
        unsafe { put(len, 0) };
        let re = unsafe { arg_ref(re, "re") }?;
        let out = unsafe { crate::ffi::arg_mut(len, "len") }?;
        *out = re.re.as_str().len();
        Ok(re.re.as_str().as_ptr())
    })
}
