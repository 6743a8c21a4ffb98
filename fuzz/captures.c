/*
 * Fuzz target: capture groups and iteration with captures. Field 1 is the
 * pattern, the rest the haystack. The groups must agree with oxre_find(),
 * lie inside the match, read the same through every accessor (by index, all
 * at once, by name), and iterating with captures must give the matches
 * plain iteration gives.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "fuzz.h"

/* The groups of caps: consistent with each other and inside group 0. */
static void check_groups(const oxre_regex *re, const oxre_captures *caps, const uint8_t *hay,
                         size_t hay_len, bool text)
{
    size_t ng = oxre_captures_group_count(caps);
    oxre_span g0 = {0, 0}, spans[16];
    FZ_CHECK(ng >= 1);
    FZ_CHECK(FZ_CALL(oxre_captures_get(caps, 0, &g0)) == 1);
    fz_check_span(g0.start, g0.end, 0, hay_len, "group 0");
    int ns = FZ_CALL(oxre_captures_spans(caps, spans, 16));
    FZ_CHECK(ns >= 1 && (size_t)ns == ng);
    FZ_CHECK(FZ_CALL(oxre_captures_get(caps, ng, NULL)) == OXRE_ERANGE);
    int pat = FZ_CALL(oxre_captures_pattern(caps));
    FZ_CHECK(pat == 0);
    size_t sl;
    int stat = FZ_CALL(oxre_static_captures_len(re, &sl));
    size_t taking_part = 0;
    for (size_t i = 0; i < ng; i++) {
        oxre_span s = {7, 7};
        int r = FZ_CALL(oxre_captures_get(caps, i, &s));
        FZ_CHECK(r == 0 || r == 1);
        if (r == 1) {
            fz_check_span(s.start, s.end, g0.start, g0.end, "group inside the match");
            if (text)
                FZ_CHECK(fz_boundary(hay, hay_len, s.start) && fz_boundary(hay, hay_len, s.end));
        } else {
            FZ_CHECK(s.start == 7 && s.end == 7);
        }
        taking_part += r == 1;
        if (i < 16) {
            FZ_CHECK(r == 1 ? spans[i].start == s.start && spans[i].end == s.end
                            : spans[i].start == SIZE_MAX && spans[i].end == SIZE_MAX);
        }
        const char *name = NULL;
        int hn = FZ_CALL(oxre_capture_name(re, i, &name));
        FZ_CHECK(hn == 0 || hn == 1);
        FZ_CHECK((hn == 1) == (name != NULL));
        FZ_CHECK(i > 0 || hn == 0);
        if (hn == 1) {
            oxre_span ns2 = {7, 7};
            FZ_CHECK(FZ_CALL(oxre_capture_index(re, name, strlen(name))) == (int)i);
            int rn = FZ_CALL(oxre_captures_name(caps, name, strlen(name), &ns2));
            FZ_CHECK(rn == r);
            if (r == 1)
                FZ_CHECK(ns2.start == s.start && ns2.end == s.end);
        }
    }
    /* A static length is the number of groups every match has (a match may
     * have more: `((..)|(.)){2}` keeps both inner groups from its two
     * rounds on "aaa"). */
    if (stat == 1)
        FZ_CHECK(taking_part >= sl);
}

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
    bool text = flags & OXRE_TEXT;
    if (text && !fz_utf8_valid(hay, hay_len)) {
        oxre_free(re);
        return 0;
    }
    size_t start = fz_offset(&f, hay_len);
    size_t ws = fz_offset(&f, hay_len), we = fz_offset(&f, hay_len);
    uint32_t sflags = fz_u8(&f) & (OXRE_ANCHORED | OXRE_EARLIEST);
    if (ws > we) {
        size_t t = ws;
        ws = we, we = t;
    }

    size_t ng = oxre_captures_len(re);
    FZ_CHECK(ng >= 1);
    FZ_CHECK(oxre_names_count(re) <= ng - 1);
    FZ_CHECK(FZ_CALL(oxre_capture_name(re, ng, &(const char *){NULL})) == OXRE_ERANGE);
    oxre_captures *caps = FZ_NEW(oxre_captures_new(re));
    if (fz_null(caps, "oxre_captures_new")) {
        oxre_free(re);
        return 0;
    }
    FZ_CHECK(oxre_captures_group_count(caps) == ng);

    /* From start: the same match as oxre_find(). */
    oxre_span sp;
    int fr = FZ_CALL(oxre_find(re, hay, hay_len, start, &sp));
    int cr = FZ_CALL(oxre_captures_read(re, caps, hay, hay_len, start));
    FZ_CHECK(cr == fr);
    if (cr == 1) {
        oxre_span g0;
        FZ_CHECK(oxre_captures_get(caps, 0, &g0) == 1);
        FZ_CHECK(g0.start == sp.start && g0.end == sp.end);
        check_groups(re, caps, hay, hay_len, text);
    } else {
        FZ_CHECK(FZ_CALL(oxre_captures_pattern(caps)) == OXRE_ERANGE);
        FZ_CHECK(FZ_CALL(oxre_captures_spans(caps, NULL, 0)) == 0);
        FZ_CHECK(FZ_CALL(oxre_captures_get(caps, 0, NULL)) == 0);
    }

    /* In the window: the same match as oxre_search() (without OXRE_EARLIEST,
     * which reading groups ignores). */
    oxre_match m;
    uint32_t full = sflags & ~(uint32_t)OXRE_EARLIEST;
    int sr = FZ_CALL(oxre_search(re, hay, hay_len, ws, we, full, &m));
    int scr = FZ_CALL(oxre_search_captures(re, caps, hay, hay_len, ws, we, sflags));
    FZ_CHECK(sr == scr);
    if (scr == 1) {
        oxre_span g0;
        FZ_CHECK(oxre_captures_get(caps, 0, &g0) == 1);
        FZ_CHECK(g0.start == m.start && g0.end == m.end);
        fz_check_span(g0.start, g0.end, ws, we, "window captures");
        check_groups(re, caps, hay, hay_len, text);
    }

    /* Iterating with captures, against plain steps on a twin iterator
     * (made without OXRE_EARLIEST, which iterating with groups ignores). */
    oxre_iter *a = FZ_NEW(oxre_iter_new_window(re, hay, hay_len, ws, we, sflags));
    oxre_iter *b = FZ_NEW(oxre_iter_new_window(re, hay, hay_len, ws, we, full));
    if (fz_null(a, "oxre_iter_new_window") || fz_null(b, "oxre_iter_new_window")) {
        oxre_iter_free(a);
        oxre_iter_free(b);
        goto out;
    }
    for (size_t n = 0;; n++) {
        FZ_CHECK(n <= hay_len + 1);
        oxre_span s;
        int ra = FZ_CALL(oxre_iter_next_captures(a, caps));
        int rb = FZ_CALL(oxre_iter_next(b, &s));
        FZ_CHECK(ra == rb);
        if (ra == 0)
            break;
        oxre_span g0;
        FZ_CHECK(oxre_captures_get(caps, 0, &g0) == 1);
        FZ_CHECK(g0.start == s.start && g0.end == s.end);
        check_groups(re, caps, hay, hay_len, text);
    }
    oxre_iter_free(a);
    oxre_iter_free(b);
out:
    oxre_captures_free(caps);
    oxre_free(re);
    return 0;
}
