//! Fidelity: oxre's C functions, called as C would call them, against the
//! regex crate itself, over a grid of patterns and haystacks in both
//! flavours. Any difference is a bug in the binding.

use std::ptr;

use crate::buf::oxre_buf;
use crate::captures::*;
use crate::flags::*;
use crate::iter::*;
use crate::regex::*;
use crate::replace::*;
use crate::span::oxre_span;

pub(crate) const PATTERNS: &[&str] = &[
    "",
    "a",
    "a*",
    "a+?",
    "(a)|(b)",
    r"\b",
    r"\B",
    r"\w+",
    r"(?<w>\w)(\d)?",
    "^",
    "$",
    r"(?m)^\w*$",
    r"(?m)$",
    r"(?i)straße",
    r"\p{Greek}+",
    ".",
    r"(?s).",
    r"[^a]",
    "x*|a",
    r"(?-u:\w)+",
    r"(?U)a+",
    "b|ab|",
    r"(?R)(?m)^$",
    r"\d{2,3}",
    "é|",
    r"(?x) a \s b",
];

pub(crate) const HAYSTACKS: &[&str] = &[
    "",
    "a",
    "aaa",
    "baaab",
    "ab ba",
    "héllo wörld",
    "αβγ abc",
    "\n\nx\n",
    "a\r\nb\r\n",
    "12 345 6789",
    "STRASSE straße",
    "☃é☃",
    "b ab",
    "a1b22",
];

fn spans_crate_bytes(re: &regex::bytes::Regex, hay: &[u8]) -> Vec<(usize, usize)> {
    re.find_iter(hay).map(|m| (m.start(), m.end())).collect()
}

fn spans_oxre(re: *const oxre_regex, hay: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    unsafe {
        let it = oxre_iter_new(re, hay.as_ptr(), hay.len(), 0);
        assert!(!it.is_null());
        let mut s = oxre_span::default();
        while oxre_iter_next(it, &mut s) == 1 {
            out.push((s.start, s.end));
        }
        oxre_iter_free(it);
    }
    out
}

fn compile(p: &str, flags: u32) -> *mut oxre_regex {
    let re = unsafe { oxre_compile(p.as_ptr(), p.len(), flags, ptr::null()) };
    assert!(!re.is_null(), "{p}");
    re
}

fn groups_oxre(re: *const oxre_regex, hay: &[u8]) -> Vec<Vec<Option<(usize, usize)>>> {
    let mut out = Vec::new();
    unsafe {
        let caps = oxre_captures_new(re);
        let it = oxre_iter_new(re, hay.as_ptr(), hay.len(), 0);
        while oxre_iter_next_captures(it, caps) == 1 {
            let n = oxre_captures_group_count(caps);
            let mut g = Vec::new();
            for i in 0..n {
                let mut s = oxre_span::default();
                g.push((oxre_captures_get(caps, i, &mut s) == 1).then_some((s.start, s.end)));
            }
            out.push(g);
        }
        oxre_iter_free(it);
        oxre_captures_free(caps);
    }
    out
}

fn split_oxre(re: *const oxre_regex, hay: &[u8], limit: Option<usize>) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    unsafe {
        let sp = match limit {
            None => oxre_split_new(re, hay.as_ptr(), hay.len()),
            Some(n) => oxre_splitn_new(re, hay.as_ptr(), hay.len(), n),
        };
        let mut s = oxre_span::default();
        while oxre_split_next(sp, &mut s) == 1 {
            out.push(hay[s.start..s.end].to_vec());
        }
        oxre_split_free(sp);
    }
    out
}

fn replace_oxre(re: *const oxre_regex, hay: &[u8], limit: usize, tmpl: &[u8]) -> Vec<u8> {
    unsafe {
        let mut out = oxre_buf::EMPTY;
        let rc = oxre_replace(
            re,
            hay.as_ptr(),
            hay.len(),
            limit,
            tmpl.as_ptr(),
            tmpl.len(),
            0,
            &mut out,
        );
        assert!(rc >= 0);
        let v = std::slice::from_raw_parts(out.data, out.len).to_vec();
        crate::buf::oxre_buf_free(&mut out);
        v
    }
}

#[test]
fn bytes_flavour_matches_regex_bytes() {
    for p in PATTERNS {
        let want = regex::bytes::Regex::new(p).unwrap();
        let re = compile(p, 0);
        for h in HAYSTACKS {
            let hay = h.as_bytes();
            assert_eq!(
                spans_oxre(re, hay),
                spans_crate_bytes(&want, hay),
                "/{p}/ on {h:?}"
            );
            let groups: Vec<Vec<Option<(usize, usize)>>> = want
                .captures_iter(hay)
                .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                .collect();
            assert_eq!(groups_oxre(re, hay), groups, "captures /{p}/ on {h:?}");
            let split: Vec<Vec<u8>> = want.split(hay).map(|s| s.to_vec()).collect();
            assert_eq!(split_oxre(re, hay, None), split, "split /{p}/ on {h:?}");
            for n in 0..4 {
                let splitn: Vec<Vec<u8>> = want.splitn(hay, n).map(|s| s.to_vec()).collect();
                assert_eq!(
                    split_oxre(re, hay, Some(n)),
                    splitn,
                    "splitn {n} /{p}/ on {h:?}"
                );
            }
            for tmpl in ["<$0>", "[$1|${w}]", "$$", "-"] {
                for limit in 0..3 {
                    let r = want.replacen(hay, limit, tmpl.as_bytes());
                    assert_eq!(
                        replace_oxre(re, hay, limit, tmpl.as_bytes()),
                        r.as_ref(),
                        "replacen {limit} /{p}/ {tmpl} on {h:?}"
                    );
                }
            }
            for start in 0..=hay.len() {
                let mut count = 0;
                let rc = unsafe { oxre_count(re, hay.as_ptr(), hay.len(), start, &mut count) };
                assert_eq!(rc, 0);
                let it = unsafe { oxre_iter_new(re, hay.as_ptr(), hay.len(), start) };
                let mut iterated = 0;
                while unsafe { oxre_iter_next(it, ptr::null_mut()) } == 1 {
                    iterated += 1;
                }
                unsafe { oxre_iter_free(it) };
                assert_eq!(count, iterated, "count /{p}/ on {h:?} from {start}");
                let got = unsafe { oxre_is_match(re, hay.as_ptr(), hay.len(), start) };
                assert_eq!(got == 1, want.is_match_at(hay, start));
                let mut s = oxre_span::default();
                let got = unsafe { oxre_find(re, hay.as_ptr(), hay.len(), start, &mut s) };
                let m = want.find_at(hay, start).map(|m| (m.start(), m.end()));
                assert_eq!((got == 1).then_some((s.start, s.end)), m);
                let mut end = 0;
                let got =
                    unsafe { oxre_shortest_match(re, hay.as_ptr(), hay.len(), start, &mut end) };
                assert_eq!(
                    (got == 1).then_some(end),
                    want.shortest_match_at(hay, start)
                );
            }
        }
        unsafe { oxre_free(re) };
    }
}

#[test]
fn text_flavour_matches_regex() {
    for p in PATTERNS {
        let Ok(want) = regex::Regex::new(p) else {
            // The crate rejects it in the text flavour; so must oxre.
            let re = unsafe { oxre_compile(p.as_ptr(), p.len(), OXRE_TEXT, ptr::null()) };
            assert!(re.is_null(), "/{p}/ must not compile as text");
            continue;
        };
        let re = compile(p, OXRE_TEXT);
        for h in HAYSTACKS {
            let spans: Vec<(usize, usize)> =
                want.find_iter(h).map(|m| (m.start(), m.end())).collect();
            assert_eq!(spans_oxre(re, h.as_bytes()), spans, "/{p}/ on {h:?}");
            let split: Vec<Vec<u8>> = want.split(h).map(|s| s.as_bytes().to_vec()).collect();
            assert_eq!(
                split_oxre(re, h.as_bytes(), None),
                split,
                "split /{p}/ on {h:?}"
            );
            let r = want.replace_all(h, "<$0>");
            assert_eq!(replace_oxre(re, h.as_bytes(), 0, b"<$0>"), r.as_bytes());
        }
        unsafe { oxre_free(re) };
    }
}

#[test]
fn sets_match_regex_set() {
    let pats = [
        r"\w+", r"\d+", r"\pN", "foo", "bar", "barfoo", "foobar", "^$", r"(?m)^b",
    ];
    let want = regex::bytes::RegexSet::new(pats).unwrap();
    let ptrs: Vec<*const u8> = pats.iter().map(|p| p.as_ptr()).collect();
    let lens: Vec<usize> = pats.iter().map(|p| p.len()).collect();
    let set = unsafe {
        crate::set::oxre_set_compile(ptrs.as_ptr(), lens.as_ptr(), pats.len(), 0, ptr::null())
    };
    assert!(!set.is_null());
    for h in HAYSTACKS.iter().chain(["foobar", "a\nbar", "x 9"].iter()) {
        for start in 0..=h.len() {
            let mut got = vec![false; pats.len()];
            let n = unsafe {
                crate::set::oxre_set_matches(
                    set,
                    h.as_ptr(),
                    h.len(),
                    start,
                    got.as_mut_ptr(),
                    got.len(),
                )
            };
            let m = want.matches_at(h.as_bytes(), start);
            let expect: Vec<bool> = (0..pats.len()).map(|i| m.matched(i)).collect();
            assert_eq!(got, expect, "{h:?} from {start}");
            assert_eq!(n as usize, m.iter().count());
        }
    }
    unsafe { crate::set::oxre_set_free(set) };
}

#[test]
fn syntax_errors_carry_the_crate_message_kind_and_a_span() {
    for (p, span) in [
        ("a(", (1, 2)),
        ("[z-a]", (1, 4)),
        (r"\p{Nope}", (0, 8)),
        ("x{3,1}", (1, 6)),
    ] {
        let re = unsafe { oxre_compile(p.as_ptr(), p.len(), 0, ptr::null()) };
        assert!(re.is_null());
        let e = unsafe { &*crate::error::oxre_last_error() };
        assert_eq!(e.code, crate::error::OXRE_ESYNTAX);
        assert!(e.has_span);
        assert_eq!((e.span.start, e.span.end), span, "{p}");
        // The crate's own message for the same pattern contains ours.
        let msg = unsafe { std::ffi::CStr::from_ptr(e.message) }
            .to_str()
            .unwrap();
        let crate_msg = regex::bytes::Regex::new(p).unwrap_err().to_string();
        assert!(crate_msg.contains(msg), "{crate_msg:?} lacks {msg:?}");
    }
}
