/*
 * Fuzz target: splitting. Field 1 is the pattern, the rest the haystack.
 * The pieces of oxre_split_new() must be the gaps between the matches of
 * iteration, in order; those of oxre_splitn_new() the same up to the
 * limit, the last holding the rest of the haystack.
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
    size_t limit = fz_u8(&f) % 6;
    oxre_split *sp = FZ_NEW(oxre_split_new(re, hay, hay_len));
    if (fz_null(sp, "oxre_split_new")) {
        FZ_CHECK(((flags & OXRE_TEXT) && !fz_utf8_valid(hay, hay_len)));
        oxre_free(re);
        return 0;
    }
    oxre_iter *it = FZ_NEW(oxre_iter_new(re, hay, hay_len, 0));
    FZ_CHECK(it);
    oxre_split *sn = FZ_NEW(oxre_splitn_new(re, hay, hay_len, limit));
    FZ_CHECK(sn);

    size_t last = 0, k = 0;
    oxre_span m, piece, pn;
    for (;;) {
        int rm = FZ_CALL(oxre_iter_next(it, &m));
        int rp = FZ_CALL(oxre_split_next(sp, &piece));
        FZ_CHECK(rp == 1);
        /* The piece before match k (or the last piece). */
        size_t end = rm == 1 ? m.start : hay_len;
        FZ_CHECK(piece.start == last && piece.end == end);
        if (k < limit) {
            int rn = FZ_CALL(oxre_split_next(sn, &pn));
            FZ_CHECK(rn == 1);
            FZ_CHECK(pn.start == piece.start);
            FZ_CHECK(pn.end == (k + 1 == limit ? hay_len : piece.end));
        }
        k++;
        if (rm != 1)
            break;
        last = m.end;
        FZ_CHECK(k <= hay_len + 2);
    }
    FZ_CHECK(FZ_CALL(oxre_split_next(sp, &piece)) == 0);
    FZ_CHECK(FZ_CALL(oxre_split_next(sp, &piece)) == 0);
    if (k >= limit)
        FZ_CHECK(FZ_CALL(oxre_split_next(sn, &pn)) == 0);
    oxre_iter_free(it);
    oxre_split_free(sp);
    oxre_split_free(sn);
    oxre_free(re);
    return 0;
}
