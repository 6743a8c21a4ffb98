//! The byte span: plain data shared with C by the errors and the searches.

/// A half-open range [start, end) of byte offsets into a haystack or a
/// pattern. Plain data: copy it freely.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct oxre_span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte; equal to `start` for an empty match.
    pub end: usize,
}

impl From<(usize, usize)> for oxre_span {
    fn from((start, end): (usize, usize)) -> oxre_span {
        oxre_span { start, end }
    }
}

impl From<regex_automata::Span> for oxre_span {
    fn from(span: regex_automata::Span) -> oxre_span {
        oxre_span {
            start: span.start,
            end: span.end,
        }
    }
}
