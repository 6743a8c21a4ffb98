//! Replacing matches (with a template, literally, or through a callback),
//! expanding templates, and escaping text into a pattern.

use std::os::raw::{c_int, c_void};

use crate::args::{check_utf8, search_args};
use crate::buf::oxre_buf;
use crate::captures::oxre_captures;
use crate::error::{boundary, reserve, Error, Result, OXRE_ECALLBACK, OXRE_ENOSPC, OXRE_ERANGE};
use crate::ffi::{arg_bytes, arg_bytes_mut, arg_fn, arg_mut, arg_ref, put};
use crate::flags::{check_bits, OXRE_LITERAL};
use crate::iter::Searcher;
use crate::regex::oxre_regex;

/// A replacement callback for oxre_replace_fn().
///
/// Called once per match, in order, with the captures of the match (read
/// them with oxre_captures_get() and friends; group 0 is the match), the
/// whole haystack, and the result being built. It appends its replacement
/// to `out` with oxre_buf_append() (and must not otherwise touch `out`).
/// It returns 0 to go on, or any other value to stop the whole call, which
/// then fails with OXRE_ECALLBACK and frees the partial result. It must not
/// call longjmp() or throw a C++ exception out of oxre.
pub type oxre_replace_cb = Option<
    unsafe extern "C" fn(
        ctx: *mut c_void,
        caps: *const oxre_captures,
        haystack: *const u8,
        haystack_len: usize,
        out: *mut oxre_buf,
    ) -> c_int,
>;

/// Where a replacement goes: a growing Vec, or a caller's fixed buffer that
/// takes what fits while the total length is counted.
trait Sink {
    fn put(&mut self, bytes: &[u8]) -> Result<()>;
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        reserve(self, bytes.len())?;
        self.extend_from_slice(bytes);
        Ok(())
    }
}

struct Fixed<'a> {
    dst: &'a mut [u8],
    total: usize,
}

impl Sink for Fixed<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        // The total saturates: a result longer than SIZE_MAX bytes is
        // reported as needing SIZE_MAX, which no buffer has.
        let total = self.total.saturating_add(bytes.len());
        if let Some(room) = self.dst.get_mut(self.total..total) {
            room.copy_from_slice(bytes);
        }
        self.total = total;
        Ok(())
    }
}

/// Appends the expansion of `template` against `caps` (over `hay`) to
/// `dst`, making room for it first so that memory running out is
/// OXRE_ENOMEM rather than an abort. `dollars` is the number of `$` in the
/// template: each refers to at most one group, and every group lies inside
/// the match, which bounds the expansion; past a small bound its exact
/// length is measured first.
pub(crate) fn expand_into(
    caps: &regex_automata::util::captures::Captures,
    hay: &[u8],
    template: &[u8],
    dollars: usize,
    dst: &mut Vec<u8>,
) -> Result<()> {
    const SMALL: usize = 1 << 16;
    let longest = caps.get_match().map_or(0, |m| m.len());
    let bound = dollars
        .checked_mul(longest)
        .and_then(|g| g.checked_add(template.len()));
    let need = match bound {
        Some(n) if n <= SMALL => n,
        _ => {
            let mut literal = Vec::new();
            reserve(&mut literal, template.len())?;
            let mut groups = 0usize;
            regex_automata::util::interpolate::bytes(
                template,
                |i, _| groups = groups.saturating_add(caps.get_group(i).map_or(0, |s| s.len())),
                |name| caps.group_info().to_index(caps.pattern()?, name),
                &mut literal,
            );
            literal.len().saturating_add(groups)
        }
    };
    reserve(dst, need)?;
    caps.interpolate_bytes_into(hay, template, dst);
    Ok(())
}

/// The number of `$` in a template.
pub(crate) fn dollars(template: &[u8]) -> usize {
    template.iter().filter(|&&b| b == b'$').count()
}

/// Replaces up to `limit` matches (0: all) of `re` in `hay`, writing the
/// result to `sink` and calling `each` for every match when the replacement
/// needs the captures; returns the number of replacements. This is the
/// regex crate's replacen: literal replacements (and templates without `$`)
/// take the fast path that asks for no captures.
fn replace<S: Sink>(
    re: &oxre_regex,
    hay: &[u8],
    limit: usize,
    literal: Option<&[u8]>,
    sink: &mut S,
    mut each: impl FnMut(&oxre_captures, &mut S) -> Result<()>,
) -> Result<usize> {
    let mut searcher = Searcher::over(re, hay);
    let mut last = 0;
    let mut count = 0;
    let mut caps = oxre_captures {
        groups_id: re.groups_id.clone(),
        caps: if literal.is_some() {
            regex_automata::util::captures::Captures::empty(re.meta.group_info().clone())
        } else {
            re.meta.create_captures()
        },
    };
    loop {
        let found = match literal {
            Some(_) => searcher.next_match(),
            None => searcher.advance(|re, cache, input| {
                re.meta.search_captures_with(cache, input, &mut caps.caps);
                caps.caps.get_match()
            }),
        };
        let Some(m) = found else { break };
        sink.put(&hay[last..m.start()])?;
        match literal {
            Some(rep) => sink.put(rep)?,
            None => each(&caps, sink)?,
        }
        last = m.end();
        count += 1;
        if limit > 0 && count >= limit {
            break;
        }
    }
    sink.put(&hay[last..])?;
    Ok(count)
}

/// The arguments common to the template replace functions.
struct TemplateArgs<'a> {
    re: &'a oxre_regex,
    hay: &'a [u8],
    template: &'a [u8],
    literal: bool,
}

impl TemplateArgs<'_> {
    unsafe fn read<'a>(
        re: *const oxre_regex,
        haystack: *const u8,
        haystack_len: usize,
        template: *const u8,
        template_len: usize,
        replace_flags: u32,
    ) -> Result<TemplateArgs<'a>> {
        let (re, hay) = unsafe { search_args(re, haystack, haystack_len, 0) }?;
        let template = unsafe { arg_bytes(template, template_len, "template") }?;
        if re.text {
            check_utf8(template, "template")?;
        }
        check_bits(replace_flags, OXRE_LITERAL, "replace flag")?;
        Ok(TemplateArgs {
            re,
            hay,
            template,
            literal: replace_flags & OXRE_LITERAL != 0,
        })
    }

    /// Runs the replacement into `sink`. A template with no `$` is literal.
    fn run<S: Sink>(&self, limit: usize, sink: &mut S) -> Result<usize> {
        let dollars = if self.literal {
            0
        } else {
            dollars(self.template)
        };
        let literal = (dollars == 0).then_some(self.template);
        let mut scratch = Vec::new();
        replace(self.re, self.hay, limit, literal, sink, |caps, sink| {
            scratch.clear();
            expand_into(&caps.caps, self.hay, self.template, dollars, &mut scratch)?;
            sink.put(&scratch)
        })
    }
}

/// Replaces matches of `re` in the haystack with a template and stores the
/// result in `*out` as a new buffer (free it with oxre_buf_free(); whatever
/// `*out` held before is not read or freed).
///
/// Up to `limit` matches are replaced, leftmost first, found as oxre_iter
/// finds them; a `limit` of 0 replaces all (the regex crate's `replacen`;
/// `replace` is `limit` 1 and `replace_all` is 0).
///
/// The template (`template_len` bytes at `template`) uses the crate's
/// syntax: `$1` or `${1}` is group 1, `$name` or `${name}` the group of that
/// name, `$$` a literal `$`. A group that did not participate, or does not
/// exist, expands to nothing; `$name` takes the longest run of
/// `[_0-9A-Za-z]` as the name, so write `${1}a`, not `$1a`. With
/// `replace_flags` OXRE_LITERAL the template is inserted as it is.
///
/// Returns the number of replacements made (0 gives a copy of the
/// haystack), or a negative code: OXRE_ENULL (`re` or `out` NULL, or the
/// haystack or template NULL with a non-zero length), OXRE_EFLAGS (unknown
/// replace flags), OXRE_EUTF8 (OXRE_TEXT and the haystack or template is not
/// UTF-8), OXRE_ENOMEM (no memory for the result).
///
/// Cost: one pass over the haystack; a few allocations per call, none per
/// match.
#[no_mangle]
pub unsafe extern "C" fn oxre_replace(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    limit: usize,
    template: *const u8,
    template_len: usize,
    replace_flags: u32,
    out: *mut oxre_buf,
) -> c_int {
    boundary(|| {
        let out = unsafe { arg_mut(out, "out") }?;
        let args = unsafe {
            TemplateArgs::read(
                re,
                haystack,
                haystack_len,
                template,
                template_len,
                replace_flags,
            )
        }?;
        let mut result = Vec::new();
        reserve(&mut result, args.hay.len())?;
        let count = args.run(limit, &mut result)?;
        *out = oxre_buf::EMPTY;
        out.store(result)?;
        Ok(count_int(count))
    })
}

/// Like oxre_replace(), but writes the result into the caller's buffer of
/// `dst_capacity` bytes at `dst`, snprintf-style, and stores the result's
/// length in `*needed` (which may be NULL).
///
/// When the result fits, it is written, followed by a NUL byte if there is
/// room for one, and the number of replacements is returned. When it does
/// not fit, OXRE_ENOSPC is returned, `*needed` tells the size to retry with
/// and the contents of `dst` are unspecified. `dst` may be NULL when
/// `dst_capacity` is 0 (to ask for the size). Other errors as for
/// oxre_replace(). Allocates nothing when the template needs no groups.
#[no_mangle]
pub unsafe extern "C" fn oxre_replace_into(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    limit: usize,
    template: *const u8,
    template_len: usize,
    replace_flags: u32,
    dst: *mut u8,
    dst_capacity: usize,
    needed: *mut usize,
) -> c_int {
    boundary(|| {
        let args = unsafe {
            TemplateArgs::read(
                re,
                haystack,
                haystack_len,
                template,
                template_len,
                replace_flags,
            )
        }?;
        let dst: &mut [u8] = match dst_capacity {
            0 => &mut [],
            n => unsafe { arg_bytes_mut(dst, n, "dst") }?,
        };
        let mut sink = Fixed { dst, total: 0 };
        let count = args.run(limit, &mut sink)?;
        unsafe { put(needed, sink.total) };
        if sink.total > sink.dst.len() {
            return Err(Error::new(
                OXRE_ENOSPC,
                format!(
                    "the result needs {} bytes but the buffer has {}",
                    sink.total,
                    sink.dst.len()
                ),
            ));
        }
        if let Some(nul) = sink.dst.get_mut(sink.total) {
            *nul = 0;
        }
        Ok(count_int(count))
    })
}

/// Replaces up to `limit` matches (0: all) of `re` in the haystack with
/// what `callback` appends for each, and stores the result in `*out` as a
/// new buffer, as oxre_replace() does. `ctx` is passed to the callback
/// untouched. This is the regex crate's replacen with a closure.
///
/// Returns the number of replacements, or a negative code: OXRE_ENULL (`re`,
/// `callback` or `out` NULL, or the haystack NULL with a non-zero length),
/// OXRE_EUTF8 (OXRE_TEXT and the haystack is not UTF-8), OXRE_ECALLBACK (the
/// callback returned non-zero; the message gives its value), OXRE_ENOMEM
/// (no memory for the result), or any error of oxre_buf_append() misuse. On failure `*out` is set to an empty buffer.
#[no_mangle]
pub unsafe extern "C" fn oxre_replace_fn(
    re: *const oxre_regex,
    haystack: *const u8,
    haystack_len: usize,
    limit: usize,
    callback: oxre_replace_cb,
    ctx: *mut c_void,
    out: *mut oxre_buf,
) -> c_int {
    boundary(|| {
        let out = unsafe { arg_mut(out, "out") }?;
        *out = oxre_buf::EMPTY;
        let (re, hay) = unsafe { search_args(re, haystack, haystack_len, 0) }?;
        let callback = arg_fn(callback, "callback")?;
        let mut result = Vec::new();
        reserve(&mut result, hay.len())?;
        let count = replace(re, hay, limit, None, &mut result, |caps, result| {
            let mut buf = oxre_buf::EMPTY;
            buf.store(std::mem::take(result))?;
            let rc = unsafe { callback(ctx, caps, hay.as_ptr(), hay.len(), &mut buf) };
            *result = buf.take()?;
            if rc != 0 {
                return Err(Error::new(
                    OXRE_ECALLBACK,
                    format!("the replacement callback returned {rc}"),
                ));
            }
            Ok(())
        })?;
        out.store(result)?;
        Ok(count_int(count))
    })
}

/// Expands a template (the syntax of oxre_replace()) against the match
/// recorded in `caps`, found in the haystack given here (the same bytes the
/// search was given), and appends the expansion to `*out`, which is either
/// all zero or was filled by oxre. This is the regex crate's
/// `Captures::expand`.
///
/// Returns OXRE_OK or a negative code: OXRE_ENULL (`caps` or `out` NULL, or
/// the haystack or template NULL with a non-zero length), OXRE_ERANGE (a
/// group of `caps` lies beyond the haystack: not the haystack of the
/// search), OXRE_EINVAL (`*out` is not a valid buffer), OXRE_ENOMEM (no
/// memory for the expansion; `*out` is left as it was).
#[no_mangle]
pub unsafe extern "C" fn oxre_expand(
    caps: *const oxre_captures,
    haystack: *const u8,
    haystack_len: usize,
    template: *const u8,
    template_len: usize,
    out: *mut oxre_buf,
) -> c_int {
    boundary(|| {
        let caps = unsafe { arg_ref(caps, "caps") }?;
        let hay = unsafe { arg_bytes(haystack, haystack_len, "haystack") }?;
        let template = unsafe { arg_bytes(template, template_len, "template") }?;
        let out = unsafe { arg_mut(out, "out") }?;
        let beyond = caps.caps.iter().flatten().any(|span| span.end > hay.len());
        if beyond {
            return Err(Error::new(
                OXRE_ERANGE,
                "a group of the captures lies beyond the end of the haystack",
            ));
        }
        let mut v = out.take()?;
        let expanded = expand_into(&caps.caps, hay, template, dollars(template), &mut v);
        // The buffer came with room for its NUL, and keeps it on failure.
        out.store(v)?;
        expanded?;
        Ok(0)
    })
}

/// Escapes the `text_len` bytes of UTF-8 text at `text` into a pattern that
/// matches exactly that text (every meta character gets a backslash), and
/// stores it in `*out` as a new buffer, as oxre_replace() does. This is the
/// regex crate's `escape`.
///
/// Returns OXRE_OK or a negative code: OXRE_ENULL (`out` NULL, or `text` NULL
/// with a non-zero length), OXRE_EUTF8 (the text is not UTF-8; to match
/// arbitrary bytes, write them as `(?-u:\xHH)`), OXRE_ENOMEM (no memory
/// for the result).
#[no_mangle]
pub unsafe extern "C" fn oxre_escape(
    text: *const u8,
    text_len: usize,
    out: *mut oxre_buf,
) -> c_int {
    boundary(|| {
        let out = unsafe { arg_mut(out, "out") }?;
        let text = check_utf8(unsafe { arg_bytes(text, text_len, "text") }?, "text")?;
        *out = oxre_buf::EMPTY;
        // Each character gains at most one backslash.
        let mut escaped = String::new();
        escaped
            .try_reserve(text.len().saturating_mul(2).saturating_add(1))
            .map_err(|_| crate::error::no_memory(text.len().saturating_mul(2)))?;
        regex_syntax::escape_into(text, &mut escaped);
        out.store(escaped.into_bytes())?;
        Ok(0)
    })
}

/// A count of replacements as a non-negative int (saturating: more than
/// INT_MAX replacements are reported as INT_MAX).
fn count_int(count: usize) -> c_int {
    c_int::try_from(count).unwrap_or(c_int::MAX)
}
