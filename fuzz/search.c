/*
 * Fuzz target: searching. One pattern (field 1) compiled with flags and
 * options from the control bytes, searched in the haystack (the rest) from a
 * start offset and in a window under search flags, through every search
 * function; their answers must agree with each other.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;
    const uint8_t *pat, *hay;
    size_t pat_len, hay_len;
    uint32_t flags;

    fz_init(&f, data, size);
    fz_field(&f, &pat, &pat_len);
    fz_tail(&f, &hay, &hay_len);
    oxre_regex *re = fz_compile(&f, pat, pat_len, &flags);
    if (!re)
        return 0;
    size_t start = fz_offset(&f, hay_len);
    size_t ws = fz_offset(&f, hay_len), we = fz_offset(&f, hay_len);
    uint32_t sflags = fz_u8(&f) & OXRE_SEARCH_FLAGS_ALL;
    bool text = flags & OXRE_TEXT;
    bool valid = fz_utf8_valid(hay, hay_len);

    int m = FZ_CALL(oxre_is_match(re, hay, hay_len, start));
    if (text && !valid) {
        FZ_CHECK(m == OXRE_EUTF8);
        goto out;
    }
    FZ_CHECK(m == 0 || m == 1);

    oxre_span sp = {SIZE_MAX, SIZE_MAX};
    int fnd = FZ_CALL(oxre_find(re, hay, hay_len, start, &sp));
    size_t shortest = SIZE_MAX;
    int sh = FZ_CALL(oxre_shortest_match(re, hay, hay_len, start, &shortest));
    size_t count = SIZE_MAX;
    int cr = FZ_CALL(oxre_count(re, hay, hay_len, start, &count));
    oxre_match mt = {0, 0, SIZE_MAX};
    int srch = FZ_CALL(oxre_search(re, hay, hay_len, start, hay_len, 0, &mt));
    FZ_CHECK(fnd == m && sh == m && srch == m);
    FZ_CHECK(cr == OXRE_OK);
    FZ_CHECK((count > 0) == (m == 1));
    if (m == 1) {
        fz_check_span(sp.start, sp.end, start, hay_len, "oxre_find");
        FZ_CHECK(mt.start == sp.start && mt.end == sp.end && mt.pattern == 0);
        FZ_CHECK(shortest >= sp.start && shortest <= sp.end);
        if (text) {
            FZ_CHECK(fz_boundary(hay, hay_len, sp.start));
            FZ_CHECK(fz_boundary(hay, hay_len, sp.end));
        }
    }

    /* The matches counted are the matches iterated, the first is find's. */
    oxre_iter *it = FZ_NEW(oxre_iter_new(re, hay, hay_len, start));
    if (fz_null(it, "oxre_iter_new"))
        goto out;
    size_t n = 0, prev_end = start;
    oxre_span is;
    int r;
    while ((r = FZ_CALL(oxre_iter_next(it, &is))) == 1) {
        fz_check_span(is.start, is.end, prev_end, hay_len, "oxre_iter_next");
        if (n == 0)
            FZ_CHECK(is.start == sp.start && is.end == sp.end);
        prev_end = is.end;
        FZ_CHECK(++n <= hay_len + 1);
    }
    FZ_CHECK(r == 0);
    FZ_CHECK(FZ_CALL(oxre_iter_next(it, &is)) == 0);
    oxre_iter_free(it);
    FZ_CHECK(n == count);

    /* The window. */
    if (ws > we) {
        FZ_CHECK(FZ_CALL(oxre_search(re, hay, hay_len, ws, we, sflags, &mt)) == OXRE_ERANGE);
        goto out;
    }
    oxre_match w = {SIZE_MAX, SIZE_MAX, SIZE_MAX}, wa, we2;
    int wm = FZ_CALL(oxre_search(re, hay, hay_len, ws, we, sflags, &w));
    uint32_t plain = sflags & OXRE_NO_UTF8_CHECK;
    int wp = FZ_CALL(oxre_search(re, hay, hay_len, ws, we, plain, &wa));
    int wa_rc = FZ_CALL(oxre_search(re, hay, hay_len, ws, we, plain | OXRE_ANCHORED, &we2));
    if ((!valid && (sflags & OXRE_NO_UTF8_CHECK)))
        goto out; /* unspecified results, but no crash */
    FZ_CHECK(wm == 0 || wm == 1);
    FZ_CHECK(wp == 0 || wp == 1);
    FZ_CHECK(wa_rc == 0 || wa_rc == 1);
    /* EARLIEST and ANCHORED change where a match ends, not whether. */
    if (!(sflags & OXRE_ANCHORED))
        FZ_CHECK(wm == wp);
    else
        FZ_CHECK(wm == wa_rc);
    if (wa_rc == 1)
        FZ_CHECK(wp == 1 && we2.start == ws && wa.start == ws && wa.end == we2.end);
    if (wm == 1) {
        fz_check_span(w.start, w.end, ws, we, "oxre_search window");
        FZ_CHECK(w.pattern == 0);
        if (sflags & OXRE_ANCHORED)
            FZ_CHECK(w.start == ws);
        if (!(sflags & OXRE_EARLIEST))
            FZ_CHECK(w.start == (sflags & OXRE_ANCHORED ? we2 : wa).start &&
                     w.end == (sflags & OXRE_ANCHORED ? we2 : wa).end);
        else
            FZ_CHECK(w.end <= (sflags & OXRE_ANCHORED ? we2 : wa).end);
    }
    if (wp == 1) {
        fz_check_span(wa.start, wa.end, ws, we, "oxre_search window");
        /* Over the whole rest of the haystack, the window's match is find's
         * (look-around sees the same bytes either way). */
        if (we == hay_len)
            FZ_CHECK(FZ_CALL(oxre_find(re, hay, hay_len, ws, &sp)) == 1 &&
                     sp.start == wa.start && sp.end == wa.end);
    }

    /* Iterating the window: each match inside it, after the previous one,
     * the first one the window search's. */
    it = FZ_NEW(oxre_iter_new_window(re, hay, hay_len, ws, we, sflags));
    if (fz_null(it, "oxre_iter_new_window"))
        goto out;
    n = 0;
    prev_end = ws;
    oxre_match im;
    while ((r = FZ_CALL(oxre_iter_next_match(it, &im))) == 1) {
        fz_check_span(im.start, im.end, prev_end, we, "oxre_iter_next_match window");
        /* Anchored: each match where the previous one ended, or one
         * position on where the match there would be an empty one right
         * after the previous match (which iteration never reports). */
        if (sflags & OXRE_ANCHORED)
            FZ_CHECK(im.start == prev_end ||
                     (n > 0 && im.start > prev_end &&
                      im.start <= prev_end + ((flags & OXRE_TEXT) ? 4 : 1)));
        if (n == 0)
            FZ_CHECK(wm == 1 && im.start == w.start && im.end == w.end);
        prev_end = im.end;
        FZ_CHECK(++n <= hay_len + 1);
    }
    FZ_CHECK(r == 0);
    if (n == 0)
        FZ_CHECK(wm == 0);
    oxre_iter_free(it);
out:
    oxre_free(re);
    return 0;
}
