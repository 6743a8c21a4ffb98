/*
 * Fuzz target: streams. One pattern (field 1) compiled with flags and
 * options from the control bytes; the haystack (the rest) fed to a stream
 * in chunks whose sizes come from the control bytes. The leftmost-mode
 * stream must report exactly the matches oxre_iter finds over the whole
 * haystack; an ends-only stream (where the regex allows one) the ends of
 * oxre_overlap_next, in the same order.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "fuzz.h"

#define FZ_MAX_MATCHES 512

struct got {
    uint64_t start[FZ_MAX_MATCHES], end[FZ_MAX_MATCHES];
    uint32_t pattern[FZ_MAX_MATCHES];
    size_t n;
};

static int collect(void *ctx, const oxre_stream_match *m)
{
    struct got *g = ctx;
    if (g->n == FZ_MAX_MATCHES)
        return 1;
    g->start[g->n] = m->start;
    g->end[g->n] = m->end;
    g->pattern[g->n] = m->pattern;
    g->n++;
    return 0;
}

/* Feeds hay in chunks of sizes[i % 4] (1 + the control byte); returns false
 * on a failure that is not the collector's stop. */
static bool feed(oxre_regex *re, uint32_t flags, const uint8_t *hay, size_t len,
                 const size_t *sizes, struct got *g)
{
    oxre_stream *s = oxre_stream_new(re, flags, NULL);
    if (s == NULL)
        return false;
    g->n = 0;
    int r = 0;
    for (size_t at = 0, i = 0; at < len && r >= 0; i++) {
        size_t k = sizes[i % 4] < len - at ? sizes[i % 4] : len - at;
        r = FZ_CALL(oxre_stream_feed(s, hay + at, k, collect, g));
        at += k;
    }
    if (r >= 0)
        r = FZ_CALL(oxre_stream_finish(s, collect, g));
    oxre_stream_free(s);
    return r >= 0 || (r == OXRE_ECALLBACK && g->n == FZ_MAX_MATCHES);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;
    const uint8_t *pat, *hay;
    size_t pat_len, hay_len;
    uint32_t flags;
    static struct got want, got;

    fz_init(&f, data, size);
    fz_field(&f, &pat, &pat_len);
    fz_tail(&f, &hay, &hay_len);
    oxre_regex *re = fz_compile(&f, pat, pat_len, &flags);
    if (!re)
        return 0;
    size_t sizes[4];
    for (int i = 0; i < 4; i++)
        sizes[i] = 1 + fz_u8(&f);
    if ((flags & OXRE_TEXT) && !fz_utf8_valid(hay, hay_len)) {
        FZ_CHECK(!feed(re, 0, hay, hay_len, sizes, &got));
        FZ_CHECK(oxre_last_error()->code == OXRE_EUTF8 || oxre_last_error()->code == OXRE_ESIZE);
        goto out;
    }

    /* Leftmost mode against the iterator over the whole haystack. */
    want.n = 0;
    oxre_iter *it = FZ_NEW(oxre_iter_new(re, hay, hay_len, 0));
    if (fz_null(it, "oxre_iter_new"))
        goto out;
    oxre_match m;
    while (want.n < FZ_MAX_MATCHES && oxre_iter_next_match(it, &m) == 1) {
        want.start[want.n] = m.start;
        want.end[want.n] = m.end;
        want.pattern[want.n] = (uint32_t)m.pattern;
        want.n++;
    }
    oxre_iter_free(it);
    if (feed(re, 0, hay, hay_len, sizes, &got)) {
        FZ_CHECK(got.n == want.n);
        for (size_t i = 0; i < got.n; i++)
            FZ_CHECK(got.start[i] == want.start[i] && got.end[i] == want.end[i] &&
                     got.pattern[i] == want.pattern[i]);
    } else {
        /* Only a match in progress beyond the history limit (or automata
         * beyond the size limit) may fail. */
        int code = oxre_last_error()->code;
        FZ_CHECK(code == OXRE_EHISTORY || code == OXRE_ESIZE);
    }

    /* Ends-only mode against the overlapping iterator. */
    oxre_overlap *ov = oxre_overlap_new(re, hay, hay_len);
    bool ends = feed(re, OXRE_STREAM_ENDS_ONLY, hay, hay_len, sizes, &got);
    FZ_CHECK((ov != NULL) == ends);
    if (ov) {
        size_t i = 0;
        while (i < got.n && oxre_overlap_next(ov, &m) == 1) {
            FZ_CHECK(got.end[i] == m.end && got.pattern[i] == m.pattern &&
                     got.start[i] == UINT64_MAX);
            i++;
        }
        FZ_CHECK(i == got.n);
        oxre_overlap_free(ov);
    } else {
        int code = oxre_last_error()->code;
        FZ_CHECK(code == OXRE_EUNSUPPORTED || code == OXRE_ESIZE);
    }
out:
    oxre_free(re);
    return 0;
}
