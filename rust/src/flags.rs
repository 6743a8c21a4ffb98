//! The flag bits of the C API (compile flags, search flags, replace flags)
//! and the one check that rejects unknown bits.

use crate::error::{Error, Result, OXRE_EFLAGS};

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
/// Flag: the text flavour (the regex crate's `regex::Regex`) instead of the
/// default bytes flavour (`regex::bytes::Regex`).
///
/// A text regex only ever matches valid UTF-8: a pattern that could match
/// invalid UTF-8 (such as `(?-u:\xFF)`) fails to compile with OXRE_ESYNTAX.
/// Every haystack (and template) given to it must be valid UTF-8: each call
/// validates it, in time linear in its length, and fails with OXRE_EUTF8
/// (span: the first invalid bytes) otherwise. Iterators validate once; to
/// search one haystack many times from a loop, validate it once and pass
/// OXRE_NO_UTF8_CHECK to oxre_search() or oxre_search_captures(). Empty matches never split a
/// code point: iterating `""` over "é" yields offsets 0 and 2, not 1.
pub const OXRE_TEXT: u32 = 1 << 8;
/// All flag bits the compile functions know; any other bit is OXRE_EFLAGS.
pub const OXRE_FLAGS_ALL: u32 = (1 << 9) - 1;

/// Search flag for oxre_search(): the match must start exactly at the start
/// of the window (like a pattern beginning with `^` there, but without
/// changing what `^` means).
pub const OXRE_ANCHORED: u32 = 1 << 0;
/// Search flag for oxre_search() and oxre_iter_new_window(): report a match
/// as soon as the engine is sure that one exists, instead of looking on for
/// where the leftmost-first match ends. A match is found exactly when there
/// is one, but the end reported may be earlier than the leftmost-first
/// match's end, and need not be the end oxre_shortest_match() reports (which
/// end it is depends on the engine that runs). Ignored where groups are
/// read (oxre_search_captures(), oxre_iter_next_captures()) and by sets
/// (oxre_set_search()), which report what they report without it.
pub const OXRE_EARLIEST: u32 = 1 << 1;
/// Search flag for oxre_search(), oxre_search_captures() and
/// oxre_iter_new_window(): skip the UTF-8 check of the haystack that the
/// text flavour (OXRE_TEXT) otherwise makes on every call. For a program
/// that searches one haystack many times, from increasing offsets, and has
/// checked it once; without the flag such a loop takes quadratic time. If
/// the haystack is not UTF-8 after all, the results are unspecified, and the
/// call may fail with OXRE_EPANIC (an engine assertion about UTF-8 caught),
/// but it stays memory-safe: no crash, no undefined behaviour. No effect on
/// a bytes
/// regex.
pub const OXRE_NO_UTF8_CHECK: u32 = 1 << 2;
/// The most patterns oxre_compile_many() and oxre_set_compile() accept
/// (2^31 - 1, the engine's limit); a larger count is OXRE_EINVAL.
pub const OXRE_PATTERNS_MAX: usize = regex_automata::PatternID::LIMIT;

/// All search flag bits; any other bit is OXRE_EFLAGS.
pub const OXRE_SEARCH_FLAGS_ALL: u32 = (1 << 3) - 1;

/// Replace flag: insert the replacement as it is, with no `$` expansion
/// (the regex crate's `NoExpand`).
pub const OXRE_LITERAL: u32 = 1 << 0;

/// Fails with OXRE_EFLAGS when `bits` has a bit outside `all`; `what` names
/// the kind of flags in the message ("flag", "search flag", ...).
#[inline(always)]
pub(crate) fn check_bits(bits: u32, all: u32, what: &str) -> Result<()> {
    let unknown = bits & !all;
    if unknown != 0 {
        return Err(Error::new(
            OXRE_EFLAGS,
            format!("unknown {what} bits 0x{unknown:x}"),
        ));
    }
    Ok(())
}
