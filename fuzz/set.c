/*
 * Fuzz target: sets and multi-pattern regexes. Fields 1 to 4 are up to four
 * patterns (how many: a control byte), the rest the haystack. The patterns
 * are compiled each alone, together as a set and together as one
 * multi-pattern regex, with the same flags and options; then:
 * - pattern i is in the set's matches exactly when it matches alone, in a
 *   window and anchored or not as well;
 * - the set matches at all when the multi-pattern regex does;
 * - a multi-pattern match of pattern i is the match of pattern i alone,
 *   anchored at its start, and no pattern alone matches further left;
 * - the multi-pattern regex compiles exactly when the set does, and a
 *   pattern in error is named by the last error.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "fuzz.h"

#define MAXP 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;
    const uint8_t *pats[MAXP], *hay;
    size_t lens[MAXP], hay_len;
    oxre_regex *one[MAXP] = {0};
    oxre_options o;
    uint32_t flags;

    fz_init(&f, data, size);
    size_t count = fz_u8(&f) % (MAXP + 1);
    for (size_t i = 0; i < count; i++)
        fz_field(&f, &pats[i], &lens[i]);
    fz_tail(&f, &hay, &hay_len);
    const oxre_options *op = fz_options(&f, &o, &flags, false);
    size_t ws = fz_offset(&f, hay_len), we = fz_offset(&f, hay_len);
    uint32_t sflags = fz_u8(&f) & (OXRE_ANCHORED | OXRE_EARLIEST);
    bool text = flags & OXRE_TEXT;
    if (ws > we) {
        size_t t = ws;
        ws = we, we = t;
    }

    oxre_set *set = FZ_NEW(oxre_set_compile(pats, lens, count, flags, op));
    bool set_failed = fz_null(set, "oxre_set_compile");
    int set_code = set_failed ? oxre_last_error()->code : 0;
    size_t set_pattern = set_failed ? oxre_last_error()->pattern : 0;
    oxre_regex *many = FZ_NEW(oxre_compile_many(pats, lens, count, flags, op));
    bool many_failed = fz_null(many, "oxre_compile_many");
    int many_code = many_failed ? oxre_last_error()->code : 0;
    size_t many_pattern = many_failed ? oxre_last_error()->pattern : 0;
    /* A pattern that fails alone makes both fail; the one named fails alone
     * with the same code. (Sizes add up, so ESIZE may come from the whole
     * only.) */
    int alone[MAXP] = {0};
    bool some_bad = false;
    for (size_t i = 0; i < count; i++) {
        one[i] = FZ_NEW(oxre_compile(pats[i], lens[i], flags, op));
        if (fz_null(one[i], "oxre_compile")) {
            alone[i] = oxre_last_error()->code;
            some_bad |= alone[i] != OXRE_ESIZE;
        }
    }
    if (some_bad)
        FZ_CHECK(set_failed && many_failed);
    if (set_failed && set_code != OXRE_ESIZE) {
        FZ_CHECK(set_pattern < count);
        /* The first bad pattern is named: those before it are fine alone
         * (or too big only alone, sizes being checked last). */
        for (size_t i = 0; i < set_pattern; i++)
            if (alone[i] != 0 && alone[i] != OXRE_ESIZE)
                FZ_FAIL("set: pattern %zu named, but %zu fails alone with %d", set_pattern, i,
                        alone[i]);
        if (many_failed && many_code == set_code)
            FZ_CHECK(many_pattern == set_pattern);
        if (alone[set_pattern] != set_code)
            FZ_FAIL("set: pattern %zu failed with %d, alone with %d", set_pattern, set_code,
                    alone[set_pattern]);
    }
    if (set_failed || many_failed) {
        FZ_CHECK((set_code == OXRE_ESIZE || many_code == OXRE_ESIZE) ||
                 (set_failed && many_failed && set_code == many_code));
        goto out;
    }
    for (size_t i = 0; i < count; i++)
        if (!one[i])
            goto out; /* ESIZE alone but not together: nothing to compare */
    FZ_CHECK(oxre_set_len(set) == count && oxre_patterns_len(many) == count);
    for (size_t i = 0; i < count; i++) {
        size_t l1, l2;
        const uint8_t *s1 = oxre_set_pattern(set, i, &l1), *s2 = oxre_pattern(many, i, &l2);
        FZ_CHECK(s1 && s2 && l1 == lens[i] && l2 == lens[i]);
        FZ_CHECK(lens[i] == 0 || (memcmp(s1, pats[i], l1) == 0 && memcmp(s2, pats[i], l2) == 0));
    }
    if (text && !fz_utf8_valid(hay, hay_len)) {
        FZ_CHECK(FZ_CALL(oxre_set_is_match(set, hay, hay_len, 0)) == OXRE_EUTF8);
        goto out;
    }

    bool matched[MAXP];
    int any = FZ_CALL(oxre_set_is_match(set, hay, hay_len, ws));
    int nm = FZ_CALL(oxre_set_matches(set, hay, hay_len, ws, matched, MAXP));
    int nm0 = FZ_CALL(oxre_set_matches(set, hay, hay_len, ws, NULL, 0));
    int many_m = FZ_CALL(oxre_is_match(many, hay, hay_len, ws));
    FZ_CHECK(nm >= 0 && nm == nm0 && (size_t)nm <= count);
    FZ_CHECK(any == (nm > 0) && many_m == any);
    if (count > 1)
        FZ_CHECK(FZ_CALL(oxre_set_matches(set, hay, hay_len, ws, matched, count - 1)) ==
                 OXRE_ENOSPC);
    FZ_CALL(oxre_set_matches(set, hay, hay_len, ws, matched, MAXP));
    for (size_t i = 0; i < count; i++) {
        int r = FZ_CALL(oxre_is_match(one[i], hay, hay_len, ws));
        if (r != matched[i])
            FZ_FAIL("set: pattern %zu alone %d, in the set %d", i, r, matched[i]);
    }

    /* The window. */
    int ns = FZ_CALL(oxre_set_search(set, hay, hay_len, ws, we, sflags, matched, MAXP));
    FZ_CHECK(ns >= 0);
    int k = 0;
    for (size_t i = 0; i < count; i++) {
        int r = FZ_CALL(oxre_search(one[i], hay, hay_len, ws, we, sflags, NULL));
        if (r != matched[i])
            FZ_FAIL("set window: pattern %zu alone %d, in the set %d", i, r, matched[i]);
        k += matched[i];
    }
    FZ_CHECK(k == ns);

    /* The multi-pattern regex: leftmost-first over all patterns (whether it
     * finds one with OXRE_EARLIEST too; where, without). */
    uint32_t full = sflags & ~(uint32_t)OXRE_EARLIEST;
    oxre_match m;
    int r = FZ_CALL(oxre_search(many, hay, hay_len, ws, we, sflags, &m));
    if (r == 1 && full != sflags)
        r = FZ_CALL(oxre_search(many, hay, hay_len, ws, we, full, &m));
    FZ_CHECK((r == 1) == (ns > 0));
    if (r == 1) {
        fz_check_span(m.start, m.end, ws, we, "multi-pattern match");
        FZ_CHECK(m.pattern < count && matched[m.pattern]);
        oxre_match a;
        FZ_CHECK(FZ_CALL(oxre_search(one[m.pattern], hay, hay_len, m.start, we,
                                         OXRE_ANCHORED, &a)) == 1);
        FZ_CHECK(a.end == m.end);
        for (size_t i = 0; i < count; i++) {
            oxre_match b;
            if (FZ_CALL(oxre_search(one[i], hay, hay_len, ws, we, full, &b)) == 1)
                FZ_CHECK(b.start >= m.start);
        }
        oxre_captures *caps = FZ_NEW(oxre_captures_new(many));
        FZ_CHECK(caps);
        if (FZ_CALL(oxre_search_captures(many, caps, hay, hay_len, ws, we, full)) == 1) {
            oxre_span g0;
            FZ_CHECK(oxre_captures_pattern(caps) == (int)m.pattern);
            FZ_CHECK(oxre_captures_get(caps, 0, &g0) == 1);
            FZ_CHECK(g0.start == m.start && g0.end == m.end);
            FZ_CHECK(oxre_captures_group_count(caps) == oxre_captures_len(one[m.pattern]));
        } else {
            FZ_FAIL("the multi-pattern regex matches, but not with captures");
        }
        oxre_captures_free(caps);
    }
out:
    for (size_t i = 0; i < count; i++)
        oxre_free(one[i]);
    oxre_set_free(set);
    oxre_free(many);
    return 0;
}
