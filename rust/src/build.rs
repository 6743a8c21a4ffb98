//! Turning patterns, flags and options into a regex-automata meta regex,
//! configured exactly as the regex crate's builders configure theirs, and
//! turning build failures into oxre errors with the pattern span.

use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use regex_automata::MatchKind;

use crate::error::{Error, Result, OXRE_EFLAGS, OXRE_ESIZE, OXRE_ESYNTAX, OXRE_EUTF8};
use crate::regex::{
    oxre_options, OXRE_CASE_INSENSITIVE, OXRE_CRLF, OXRE_DOT_MATCHES_NEW_LINE, OXRE_FLAGS_ALL,
    OXRE_IGNORE_WHITESPACE, OXRE_MULTI_LINE, OXRE_NO_UNICODE, OXRE_OCTAL, OXRE_SWAP_GREED,
    OXRE_TEXT,
};

/// What is being built: a regex (leftmost-first, with capture groups, one
/// pattern or several) or a set (all matches, no groups), as the regex
/// crate's build_one_* and build_many_* do.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Regex,
    Set,
}

/// Builds a meta regex from `patterns` (already checked to be UTF-8).
pub fn build(
    patterns: &[&str],
    flags: u32,
    options: &oxre_options,
    kind: Kind,
) -> Result<meta::Regex> {
    check_flags(flags)?;
    let on = |bit: u32| flags & bit != 0;
    let text = on(OXRE_TEXT);
    let syntaxc = syntax::Config::new()
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
        .utf8(text);
    let mut metac = meta::Config::new()
        .nfa_size_limit(Some(options.size_limit))
        .hybrid_cache_capacity(options.dfa_size_limit)
        .line_terminator(options.line_terminator)
        .utf8_empty(text);
    metac = match kind {
        Kind::Regex => metac.match_kind(MatchKind::LeftmostFirst),
        Kind::Set => metac
            .match_kind(MatchKind::All)
            .which_captures(WhichCaptures::None),
    };
    meta::Builder::new()
        .configure(metac)
        .syntax(syntaxc)
        .build_many(patterns)
        .map_err(|e| build_error(e, patterns.len()))
}

pub fn check_flags(flags: u32) -> Result<()> {
    if flags & !OXRE_FLAGS_ALL != 0 {
        return Err(Error::new(
            OXRE_EFLAGS,
            format!("unknown flag bits 0x{:x}", flags & !OXRE_FLAGS_ALL),
        ));
    }
    Ok(())
}

/// Checks that `bytes` are UTF-8; otherwise OXRE_EUTF8 whose span covers
/// the first invalid sequence. `what` names the bytes in the message.
pub fn check_utf8<'a>(bytes: &'a [u8], what: &str) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let start = e.valid_up_to();
        let end = start + e.error_len().unwrap_or(bytes.len() - start);
        Error::new(
            OXRE_EUTF8,
            format!("{what} is not valid UTF-8 at byte offset {start}"),
        )
        .with_span(start, end)
    })
}

/// The crate's error mapping (size limit, or else a syntax error), with the
/// span and the index of the offending pattern kept.
fn build_error(err: meta::BuildError, count: usize) -> Error {
    if let Some(limit) = err.size_limit() {
        return Error::new(
            OXRE_ESIZE,
            format!("compiled regex exceeds the size limit of {limit} bytes"),
        );
    }
    let which = err.pattern().map(|p| p.as_usize()).unwrap_or(0);
    let prefix = if count > 1 {
        format!("pattern {which}: ")
    } else {
        String::new()
    };
    let located = match err.syntax_error() {
        Some(regex_syntax::Error::Parse(e)) => Some((e.kind().to_string(), *e.span())),
        Some(regex_syntax::Error::Translate(e)) => Some((e.kind().to_string(), *e.span())),
        _ => None,
    };
    let mut out = match located {
        Some((kind, span)) => Error::new(OXRE_ESYNTAX, format!("{prefix}{kind}"))
            .with_span(span.start.offset, span.end.offset),
        None => Error::new(OXRE_ESYNTAX, format!("{prefix}{err}")),
    };
    out.pattern = which;
    out
}
