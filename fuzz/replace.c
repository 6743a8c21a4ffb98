/*
 * Fuzz target: replacement, expansion and escaping. Field 1 is the pattern,
 * field 2 the template, the rest the haystack. Checks that oxre_replace(),
 * oxre_replace_into() and oxre_replace_fn() (with a callback expanding the
 * same template through oxre_expand()) build the same bytes; that a literal
 * replacement is the matches of iteration with the template between them;
 * that a callback copying each match gives back the haystack; that a
 * callback's stop is honoured; and that an escaped text compiles to a
 * pattern matching exactly that text.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "fuzz.h"

struct ctx {
    const uint8_t *tmpl;
    size_t tmpl_len;
    int mode;      /* 0: expand the template, 1: copy the match */
    size_t calls;  /* callbacks so far */
    size_t stop;   /* return non-zero at this call (SIZE_MAX: never) */
    size_t hay_len;
};

static int callback(void *vctx, const oxre_captures *caps, const uint8_t *hay, size_t hay_len,
                    oxre_buf *out)
{
    struct ctx *c = vctx;
    FZ_CHECK(hay_len == c->hay_len);
    fz_buf_check(out);
    if (c->calls++ == c->stop)
        return 42;
    if (c->mode == 0) {
        int r = FZ_CALL(oxre_expand(caps, hay, hay_len, c->tmpl, c->tmpl_len, out));
        FZ_CHECK(r == OXRE_OK);
        return 0;
    }
    oxre_span s;
    FZ_CHECK(oxre_captures_get(caps, 0, &s) == 1);
    fz_check_span(s.start, s.end, 0, hay_len, "callback match");
    FZ_CHECK(FZ_CALL(oxre_buf_append(out, hay + s.start, s.end - s.start)) == OXRE_OK);
    return 0;
}

static void check_escape(const uint8_t *text, size_t len)
{
    oxre_buf e = {0};
    int r = FZ_CALL(oxre_escape(text, len, &e));
    if (!fz_utf8_valid(text, len)) {
        FZ_CHECK(r == OXRE_EUTF8);
        return;
    }
    FZ_CHECK(r == OXRE_OK);
    fz_buf_check(&e);
    oxre_regex *re = FZ_NEW(oxre_compile(e.data, e.len, OXRE_TEXT, NULL));
    if (!fz_null(re, "compile of an escaped text")) {
        oxre_match m;
        FZ_CHECK(FZ_CALL(oxre_search(re, text, len, 0, len, OXRE_ANCHORED, &m)) == 1);
        FZ_CHECK(m.start == 0 && m.end == len);
        oxre_free(re);
    } else {
        /* Only a text too big for the default size limit may fail. */
        FZ_CHECK(oxre_last_error()->code == OXRE_ESIZE);
    }
    oxre_buf_free(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;
    const uint8_t *pat, *tmpl, *hay;
    size_t pat_len, tmpl_len, hay_len;
    uint32_t flags;

    fz_init(&f, data, size);
    fz_field(&f, &pat, &pat_len);
    fz_field(&f, &tmpl, &tmpl_len);
    fz_tail(&f, &hay, &hay_len);
    check_escape(pat, pat_len);
    oxre_regex *re = fz_compile(&f, pat, pat_len, &flags);
    if (!re)
        return 0;
    size_t limit = fz_u8(&f) % 5;
    uint32_t rflags = fz_u8(&f) & 1 ? OXRE_LITERAL : 0;
    size_t stop = fz_u8(&f);
    bool text = flags & OXRE_TEXT;
    oxre_buf out = {0}, lit = {0}, viafn = {0}, copy = {0};
    uint8_t *dst = NULL;

    int n = FZ_CALL(oxre_replace(re, hay, hay_len, limit, tmpl, tmpl_len, rflags, &out));
    if (text && (!fz_utf8_valid(hay, hay_len) || !fz_utf8_valid(tmpl, tmpl_len))) {
        FZ_CHECK(n == OXRE_EUTF8);
        goto done;
    }
    FZ_CHECK(n >= 0);
    fz_buf_check(&out);

    /* The number of replacements is that of the matches (up to limit). */
    size_t count;
    FZ_CHECK(FZ_CALL(oxre_count(re, hay, hay_len, 0, &count)) == OXRE_OK);
    FZ_CHECK((size_t)n == (limit && count > limit ? limit : count));

    /* Into a caller's buffer: the same bytes, or the size needed. */
    size_t needed = SIZE_MAX;
    int ni = FZ_CALL(oxre_replace_into(re, hay, hay_len, limit, tmpl, tmpl_len, rflags, NULL, 0,
                                           &needed));
    FZ_CHECK(needed == out.len);
    FZ_CHECK(ni == (out.len == 0 ? n : OXRE_ENOSPC));
    dst = malloc(out.len + 1);
    FZ_CHECK(dst);
    ni = FZ_CALL(oxre_replace_into(re, hay, hay_len, limit, tmpl, tmpl_len, rflags, dst,
                                       out.len + 1, &needed));
    FZ_CHECK(ni == n && needed == out.len);
    FZ_CHECK(memcmp(dst, out.data ? out.data : (const uint8_t *)"", out.len) == 0);
    FZ_CHECK(dst[out.len] == 0);
    if (out.len > 0) {
        ni = FZ_CALL(oxre_replace_into(re, hay, hay_len, limit, tmpl, tmpl_len, rflags, dst,
                                           out.len - 1, &needed));
        FZ_CHECK(ni == OXRE_ENOSPC && needed == out.len);
    }

    /* A literal replacement: the gaps between the matches, the template
     * in place of each. */
    if (rflags & OXRE_LITERAL) {
        oxre_iter *it = FZ_NEW(oxre_iter_new(re, hay, hay_len, 0));
        FZ_CHECK(it);
        oxre_span s;
        size_t last = 0, k = 0;
        while ((limit == 0 || k < limit) && FZ_CALL(oxre_iter_next(it, &s)) == 1) {
            FZ_CHECK(oxre_buf_append(&lit, hay + last, s.start - last) == OXRE_OK);
            FZ_CHECK(oxre_buf_append(&lit, tmpl, tmpl_len) == OXRE_OK);
            last = s.end;
            k++;
        }
        FZ_CHECK(oxre_buf_append(&lit, hay + last, hay_len - last) == OXRE_OK);
        oxre_iter_free(it);
        FZ_CHECK(k == (size_t)n);
        FZ_CHECK(lit.len == out.len && (lit.len == 0 || memcmp(lit.data, out.data, lit.len) == 0));
    }

    /* A callback expanding the template builds what oxre_replace() does. */
    struct ctx c = {tmpl, tmpl_len, 0, 0, SIZE_MAX, hay_len};
    if (!(rflags & OXRE_LITERAL)) {
        int nf = FZ_CALL(oxre_replace_fn(re, hay, hay_len, limit, callback, &c, &viafn));
        FZ_CHECK(nf == n && c.calls == (size_t)n);
        FZ_CHECK(viafn.len == out.len);
        FZ_CHECK(out.len == 0 || memcmp(viafn.data, out.data, out.len) == 0);
    }

    /* A callback copying each match gives the haystack back. */
    c.mode = 1;
    c.calls = 0;
    int nc = FZ_CALL(oxre_replace_fn(re, hay, hay_len, limit, callback, &c, &copy));
    FZ_CHECK(nc == n);
    FZ_CHECK(copy.len == hay_len && (hay_len == 0 || memcmp(copy.data, hay, hay_len) == 0));

    /* A callback that stops: OXRE_ECALLBACK and an empty result. */
    if (stop < (size_t)n) {
        oxre_buf stopped = {0};
        c.calls = 0;
        c.stop = stop;
        int ns = FZ_CALL(oxre_replace_fn(re, hay, hay_len, limit, callback, &c, &stopped));
        FZ_CHECK(ns == OXRE_ECALLBACK);
        FZ_CHECK(stopped.data == NULL && stopped.len == 0);
        FZ_CHECK(c.calls == stop + 1);
        oxre_buf_free(&stopped);
    }
done:
    free(dst);
    oxre_buf_free(&out);
    oxre_buf_free(&lit);
    oxre_buf_free(&viafn);
    oxre_buf_free(&copy);
    oxre_free(re);
    return 0;
}
