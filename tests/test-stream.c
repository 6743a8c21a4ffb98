/* Streams and overlapping matches: every split of the input gives the
 * matches oxre_iter finds over the whole; ends-only streams and the
 * overlapping iterator against a brute-force reference; the limits, errors
 * and lifecycle of a stream. */
#include <stdint.h>
#include "testutil.h"

/* What a stream reported. */
typedef struct {
    uint64_t start[8192], end[8192];
    uint32_t pattern[8192];
    size_t n;
    int stop_after; /* stop when n reaches it (0: never) */
    int check_bytes; /* compare the match's bytes with the input */
    const uint8_t *input;
} seen;

static int collect(void *ctx, const oxre_stream_match *m)
{
    seen *s = ctx;
    ck_assert_uint_lt(s->n, 8192);
    if (s->check_bytes && m->start != UINT64_MAX) {
        ck_assert_ptr_nonnull(m->haystack);
        ck_assert_uint_ge(m->start, m->haystack_offset);
        ck_assert_uint_le(m->end - m->haystack_offset, m->haystack_len);
        ck_assert_int_eq(memcmp(m->haystack + (m->start - m->haystack_offset),
                                s->input + m->start, m->end - m->start), 0);
    }
    s->start[s->n] = m->start;
    s->end[s->n] = m->end;
    s->pattern[s->n] = m->pattern;
    s->n++;
    return s->stop_after && (int)s->n == s->stop_after;
}

/* Compiled with these options, a regex's ends-only streams run the lazy DFA
 * (each its own cache) instead of the full DFA its streams share: the full
 * DFA must fit the regex's dfa_size_limit, and none is built below 64 KiB. */
static oxre_options lazy_options;

/* The ends-only engine a stream of `re` gets: 1 for the shared full DFA
 * (a stream owns a few hundred bytes at most), 0 for a lazy DFA cache. */
static int full_dfa(const oxre_regex *re)
{
    oxre_stream *s = oxre_stream_new(re, OXRE_STREAM_ENDS_ONLY, NULL);
    ck_assert_ptr_nonnull(s);
    size_t mem = oxre_stream_memory(s);
    oxre_stream_free(s);
    ck_assert_msg(mem < 512 || mem > 1024, "%zu bytes per stream", mem);
    return mem < 512;
}

static oxre_regex *many_with(const char *const *pats, size_t n, uint32_t flags,
                             const oxre_options *o)
{
    const uint8_t *p[128];
    size_t lens[128];
    ck_assert_uint_le(n, 128);
    for (size_t i = 0; i < n; i++) {
        p[i] = (const uint8_t *)pats[i];
        lens[i] = strlen(pats[i]);
    }
    oxre_regex *re = oxre_compile_many(p, lens, n, flags, o);
    const oxre_error *err = oxre_last_error();
    ck_assert_msg(re != NULL, "compiling %s failed: %s", pats[0], err ? err->message : "?");
    return re;
}

/* The regex for an ends-only test of engine `lazy` (0: the full DFA). */
static oxre_regex *many_for(const char *const *pats, size_t n, uint32_t flags, int lazy)
{
    oxre_regex *re = many_with(pats, n, flags, lazy ? &lazy_options : NULL);
    ck_assert_int_eq(full_dfa(re), !lazy);
    return re;
}

static oxre_regex *many(const char *const *pats, size_t n, uint32_t flags)
{
    const uint8_t *p[16];
    size_t lens[16];
    for (size_t i = 0; i < n; i++) {
        p[i] = (const uint8_t *)pats[i];
        lens[i] = strlen(pats[i]);
    }
    oxre_regex *re = oxre_compile_many(p, lens, n, flags, NULL);
    const oxre_error *err = oxre_last_error();
    ck_assert_msg(re != NULL, "compiling %s failed: %s", pats[0], err ? err->message : "?");
    return re;
}

/* The block iterator's matches over the whole input. */
static void block(const oxre_regex *re, const uint8_t *hay, size_t len, seen *out)
{
    out->n = 0;
    oxre_iter *it = oxre_iter_new(re, hay, len, 0);
    ck_assert_ptr_nonnull(it);
    oxre_match m;
    while (oxre_iter_next_match(it, &m) == 1) {
        ck_assert_uint_lt(out->n, 8192);
        out->start[out->n] = m.start;
        out->end[out->n] = m.end;
        out->pattern[out->n] = (uint32_t)m.pattern;
        out->n++;
    }
    oxre_iter_free(it);
}

/* Feeds `hay` to a new stream in chunks whose sizes come from `sizes`
 * (cycled; 0 means the rest), and finishes. */
static void streamed(const oxre_regex *re, uint32_t flags, const uint8_t *hay, size_t len,
                     const size_t *sizes, size_t nsizes, seen *out)
{
    oxre_stream *s = oxre_stream_new(re, flags, NULL);
    const oxre_error *err = oxre_last_error();
    ck_assert_msg(s != NULL, "oxre_stream_new: %s", err ? err->message : "?");
    out->n = 0;
    out->check_bytes = 1;
    out->input = hay;
    int total = 0;
    size_t at = 0, k = 0;
    while (at < len) {
        size_t n = sizes[k++ % nsizes];
        if (n == 0 || n > len - at)
            n = len - at;
        int r = oxre_stream_feed(s, hay + at, n, collect, out);
        ck_assert_msg(r >= 0, "feed: %s", oxre_last_error()->message);
        total += r;
        at += n;
    }
    int r = oxre_stream_finish(s, collect, out);
    ck_assert_msg(r >= 0, "finish: %s", oxre_last_error()->message);
    total += r;
    ck_assert_int_eq(total, (int)out->n);
    ck_assert_uint_eq(oxre_stream_offset(s), len);
    oxre_stream_free(s);
}

static void assert_same(const seen *want, const seen *got, const char *what, const char *pat,
                        const uint8_t *hay, size_t len)
{
    int same = want->n == got->n;
    for (size_t i = 0; same && i < want->n; i++)
        same = want->start[i] == got->start[i] && want->end[i] == got->end[i] &&
               want->pattern[i] == got->pattern[i];
    if (!same) {
        fprintf(stderr, "%s: /%s/ on \"%.*s\": want", what, pat, (int)(len < 60 ? len : 60), (const char *)hay);
        for (size_t i = 0; i < want->n && i < 24; i++)
            fprintf(stderr, " %u:[%llu,%llu)", want->pattern[i],
                    (unsigned long long)want->start[i], (unsigned long long)want->end[i]);
        fprintf(stderr, "; got");
        for (size_t i = 0; i < got->n && i < 24; i++)
            fprintf(stderr, " %u:[%llu,%llu)", got->pattern[i],
                    (unsigned long long)got->start[i], (unsigned long long)got->end[i]);
        fprintf(stderr, "\n");
    }
    ck_assert_msg(same, "%s differs for /%s/", what, pat);
}

/* Under valgrind (OXRE_UNDER_VALGRIND), every third split point only and no
 * three-way splits: the same paths, in a time valgrind can afford. */
static int under_valgrind;

/* Every two-way split, every three-way split of short inputs, and one byte
 * at a time: the stream finds what the block iterator finds. */
static void check_splits(const oxre_regex *re, const char *pat, const uint8_t *hay, size_t len)
{
    static seen want, got;
    block(re, hay, len, &want);
    size_t one = 1;
    streamed(re, 0, hay, len, &one, 1, &got);
    assert_same(&want, &got, "bytewise", pat, hay, len);
    size_t all = 0;
    streamed(re, 0, hay, len, &all, 1, &got);
    assert_same(&want, &got, "whole", pat, hay, len);
    for (size_t i = 1; i < len; i += under_valgrind ? 3 : 1) {
        size_t sz[2] = {i, 0};
        streamed(re, 0, hay, len, sz, 2, &got);
        assert_same(&want, &got, "two chunks", pat, hay, len);
        if (len <= 24 && !under_valgrind)
            for (size_t j = 1; i + j < len; j++) {
                size_t sz3[3] = {i, j, 0};
                streamed(re, 0, hay, len, sz3, 3, &got);
                assert_same(&want, &got, "three chunks", pat, hay, len);
            }
    }
}

static const char *const patterns[] = {
    "a", "abc", "a*", "a+", "a*?", "a+?", "", "x*", "(a|ab)(c|bcd)", "abcd|c", "ab|b",
    "\\b", "\\B", "\\bfoo\\b", "\\w+", "\\w+\\b", "(?-u:\\b)\\w", "^", "$", "^a", "a$",
    "(?m)^", "(?m)$", "(?m)^\\w+$", "(?Rm)^$", "[a-c]+d", "[^x]*x", ".", "(?s).", ".*",
    "(?s).*c", "foo|foobar", "foobar|foo", "a{2,3}", "(?i)é", "é+", "\\p{Greek}+", "\\d+",
    "b*|a", "(?U)a+", "\\bé", "é\\b", "x\\b", "\\s+", "[[:alpha:]]+\\d",
};

static const char *const hays[] = {
    "", "a", "aa", "abc", "abcd", "xabcx", "foo bar foobar", "aaa baaa", "a\nb\n\nc",
    "a\r\nb\r\n", "ab ab abcd", "é", "éé é", "aé b", "αβγ δ", "x1 22 333", "x\xce\xb1" "b",
    "foo\nbar\n", " a b ", "xxaxx", "caba", "abcbcd",
};

START_TEST(every_split_matches_the_iterator)
{
    for (int text = 0; text < 2; text++)
        for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
            oxre_regex *re = oxre_compile((const uint8_t *)patterns[p], strlen(patterns[p]),
                                          text ? OXRE_TEXT : 0, NULL);
            if (!re)
                continue;
            for (size_t h = 0; h < sizeof hays / sizeof *hays; h++)
                check_splits(re, patterns[p], (const uint8_t *)hays[h], strlen(hays[h]));
            oxre_free(re);
        }
}
END_TEST

START_TEST(bytes_haystack_not_utf8)
{
    const char *pats[] = {"a", "\\w+", "(?-u:\\xff)+", "(?-u:.)", ".", "", "\\b"};
    const uint8_t hay[] = {'a', 0xff, 0xce, 'b', 0xce, 0xb1, 0x80, 'a', 'a', 0xff, 0xff};
    for (size_t p = 0; p < sizeof pats / sizeof *pats; p++) {
        oxre_regex *re = compile_ok(pats[p], 0);
        check_splits(re, pats[p], hay, sizeof hay);
        oxre_free(re);
    }
}
END_TEST

START_TEST(many_patterns_with_ids)
{
    const char *sets[][4] = {
        {"[0-9]+", "[a-z]+", "(?<up>[A-Z])(?<rest>[a-z]*)", NULL},
        {"foo", "foobar", "bar", NULL},
        {"a*", "b", "", NULL},
        {"\\bx\\b", "x", "$", NULL},
    };
    const char *inputs[] = {"-- abc 42 Hello", "foobar barfoo", "aabba", "x xx x"};
    for (size_t i = 0; i < 4; i++) {
        size_t n = 0;
        while (n < 4 && sets[i][n])
            n++;
        for (int text = 0; text < 2; text++) {
            oxre_regex *re = many(sets[i], n, text ? OXRE_TEXT : 0);
            for (size_t h = 0; h < 4; h++)
                check_splits(re, sets[i][0], (const uint8_t *)inputs[h], strlen(inputs[h]));
            oxre_free(re);
        }
    }
}
END_TEST

static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

START_TEST(random_chunkings_of_long_input)
{
    static const char *alphabet[] = {"a", "b", "c", " ", "\n", "é", "foo", "ab", "1", "x"};
    static uint8_t hay[6000];
    size_t len = 0;
    while (len < sizeof hay - 8) {
        const char *w = alphabet[rnd(10)];
        memcpy(hay + len, w, strlen(w));
        len += strlen(w);
    }
    const char *pats[] = {"a", "ab|b", "a*", "\\w+", "(?m)^\\w*$", "foo|foobar", "[abc]+",
                          "\\bfoo\\b", "b*|a", "(?s)a.{0,5}b", "é", "", "c$", "\\d+a*"};
    static seen want, got;
    for (size_t p = 0; p < sizeof pats / sizeof *pats; p++)
        for (int text = 0; text < 2; text++) {
            oxre_regex *re = compile_ok(pats[p], text ? OXRE_TEXT : 0);
            block(re, hay, len, &want);
            for (int round = under_valgrind ? 4 : 0; round < 6; round++) {
                size_t sizes[16];
                for (int i = 0; i < 16; i++)
                    sizes[i] = 1 + rnd(round < 3 ? 8 : 700);
                streamed(re, 0, hay, len, sizes, 16, &got);
                assert_same(&want, &got, "random chunks", pats[p], hay, 40);
            }
            oxre_free(re);
        }
}
END_TEST

/* Brute force: does pattern `p` (no look-ahead at its end) match exactly
 * [s, e)? With `(?:p)\z` searched anchored in [s, e) of the haystack cut at
 * e (look-behind still sees the bytes before s). */
static int matches_exactly(const oxre_regex *anchored_end, const uint8_t *hay, size_t s, size_t e)
{
    oxre_match m;
    int r = oxre_search(anchored_end, hay, e, s, e, OXRE_ANCHORED, &m);
    ck_assert_int_ge(r, 0);
    return r == 1;
}

START_TEST(ends_and_overlaps_match_brute_force)
{
    const char *sets[][4] = {
        {"a+", NULL}, {"a*", NULL}, {"ab|b", "b", NULL}, {"(?-u:\\b)foo", "o+", NULL},
        {"^a", "a", NULL}, {"[a-c]{2}", "c", "", NULL}, {"é|e", "\\w", NULL}, {"(?m)^\\w", NULL},
    };
    const char *inputs[] = {"", "aaa", "abab", "foo foofoo", "a\nab", "é e ée", "cabc"};
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
        size_t n = 0;
        while (n < 4 && sets[i][n])
            n++;
        for (int text = 0; text < 2; text++) {
            uint32_t fl = text ? OXRE_TEXT : 0;
            oxre_regex *re = many_for(sets[i], n, fl, _i);
            oxre_regex *ends[4];
            for (size_t k = 0; k < n; k++) {
                char buf[64];
                snprintf(buf, sizeof buf, "(?:%s)\\z", sets[i][k]);
                ends[k] = compile_ok(buf, fl);
            }
            for (size_t h = 0; h < sizeof inputs / sizeof *inputs; h++) {
                const uint8_t *hay = (const uint8_t *)inputs[h];
                size_t len = strlen(inputs[h]);
                static seen want, got, over;
                want.n = 0;
                for (size_t e = 0; e <= len; e++) {
                    if (text && e < len && (hay[e] & 0xC0) == 0x80)
                        continue;
                    for (size_t k = 0; k < n; k++)
                        for (size_t s = 0; s <= e; s++)
                            if (matches_exactly(ends[k], hay, s, e)) {
                                want.start[want.n] = s;
                                want.end[want.n] = e;
                                want.pattern[want.n] = (uint32_t)k;
                                want.n++;
                                break;
                            }
                }
                /* The overlapping iterator: ends, patterns and leftmost starts. */
                oxre_overlap *it = oxre_overlap_new(re, hay, len);
                ck_assert_ptr_nonnull(it);
                over.n = 0;
                oxre_match m;
                while (oxre_overlap_next(it, &m) == 1) {
                    over.start[over.n] = m.start;
                    over.end[over.n] = m.end;
                    over.pattern[over.n] = (uint32_t)m.pattern;
                    over.n++;
                }
                ck_assert_int_eq(oxre_overlap_next(it, &m), 0);
                oxre_overlap_free(it);
                assert_same(&want, &over, "overlap", sets[i][0], hay, len);
                /* Ends-only streams, bytewise and whole: the same ends. */
                for (size_t k = 0; k < want.n; k++)
                    want.start[k] = UINT64_MAX;
                size_t one = 1, all = 0;
                streamed(re, OXRE_STREAM_ENDS_ONLY, hay, len, &one, 1, &got);
                assert_same(&want, &got, "ends bytewise", sets[i][0], hay, len);
                streamed(re, OXRE_STREAM_ENDS_ONLY, hay, len, &all, 1, &got);
                assert_same(&want, &got, "ends whole", sets[i][0], hay, len);
            }
            for (size_t k = 0; k < n; k++)
                oxre_free(ends[k]);
            oxre_free(re);
        }
    }
}
END_TEST

/* Long input, random chunks: an ends-only stream (which skips ahead with a
 * prefilter while no match is in progress) reports the ends the overlapping
 * iterator finds (which does not skip). */
START_TEST(ends_over_random_chunks_match_the_iterator)
{
    static const char *alphabet[] = {"foo", "bar", " ", "\n", "fo", "o", "ba", "x", "é", "1"};
    static uint8_t hay[20000];
    size_t len = 0;
    while (len < sizeof hay - 8) {
        const char *w = alphabet[rnd(10)];
        memcpy(hay + len, w, strlen(w));
        len += strlen(w);
    }
    const char *sets[][4] = {
        {"foo", NULL}, {"foo", "bar", "ob", NULL}, {"(?-u:\\b)foo", "bar$", NULL},
        {"fo+", "(?m)^bar", NULL}, {"é1", "x", NULL},
        /* Unicode word boundaries: the NFA simulation, whatever the options
           (run once, in the first loop iteration). */
        {"\\bfoo\\b", "é\\b", "\\w+\\b", NULL}, {"\\Bo", "\\bx", NULL},
    };
    const size_t first_sim = 5;
    static seen want, got;
    for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
        size_t n = 0;
        while (n < 4 && sets[i][n])
            n++;
        if (i >= first_sim && _i != 0)
            continue;
        for (int text = 0; text < 2; text++) {
            uint32_t flags = text ? OXRE_TEXT : 0;
            oxre_regex *re = i >= first_sim ? many_with(sets[i], n, flags, NULL)
                                            : many_for(sets[i], n, flags, _i);
            oxre_overlap *it = oxre_overlap_new(re, hay, len);
            ck_assert_ptr_nonnull(it);
            want.n = 0;
            oxre_match m;
            while (oxre_overlap_next(it, &m) == 1) {
                ck_assert_uint_lt(want.n, 8192);
                want.start[want.n] = UINT64_MAX;
                want.end[want.n] = m.end;
                want.pattern[want.n] = (uint32_t)m.pattern;
                want.n++;
            }
            oxre_overlap_free(it);
            ck_assert_uint_gt(want.n, 10);
            for (int round = 0; round < 6; round++) {
                size_t sizes[16];
                for (int k = 0; k < 16; k++)
                    sizes[k] = 1 + rnd(round < 2 ? 4 : 3000);
                streamed(re, OXRE_STREAM_ENDS_ONLY, hay, len, sizes, 16, &got);
                assert_same(&want, &got, "ends, random chunks", sets[i][0], hay, 40);
            }
            oxre_free(re);
        }
    }
}
END_TEST

static oxre_stream *stream_ok(const oxre_regex *re, uint32_t flags, const oxre_stream_options *o)
{
    oxre_stream *s = oxre_stream_new(re, flags, o);
    ck_assert_msg(s != NULL, "oxre_stream_new: %s", oxre_last_error()->message);
    return s;
}

static int feed_str(oxre_stream *s, const char *chunk, seen *out)
{
    return oxre_stream_feed(s, (const uint8_t *)chunk, strlen(chunk), collect, out);
}

START_TEST(finish_decides_the_end)
{
    static seen got;
    /* $ and a greedy match that reaches the end wait for finish. */
    oxre_regex *re = compile_ok("a+$", 0);
    oxre_stream *s = stream_ok(re, 0, NULL);
    got.n = 0;
    ck_assert_int_eq(feed_str(s, "baa", &got), 0);
    ck_assert_int_eq(feed_str(s, "aaa", &got), 0);
    ck_assert_int_eq(oxre_stream_finish(s, collect, &got), 1);
    ck_assert_uint_eq(got.start[0], 1);
    ck_assert_uint_eq(got.end[0], 6);
    ck_assert_int_eq(oxre_stream_finish(s, collect, &got), 0);
    /* Finished: feeding fails until reset. */
    ck_assert_int_eq(feed_str(s, "a", &got), OXRE_EINVAL);
    ck_assert_int_eq(oxre_stream_reset(s), OXRE_OK);
    got.n = 0;
    ck_assert_int_eq(feed_str(s, "xa", &got), 0);
    ck_assert_int_eq(oxre_stream_finish(s, collect, &got), 1);
    ck_assert_uint_eq(got.start[0], 1);
    oxre_stream_free(s);
    oxre_free(re);

    /* \b at the end of input. */
    re = compile_ok("é\\b", OXRE_TEXT);
    s = stream_ok(re, 0, NULL);
    got.n = 0;
    ck_assert_int_eq(feed_str(s, "é", &got), 0);
    ck_assert_int_eq(oxre_stream_finish(s, collect, &got), 1);
    oxre_stream_free(s);
    oxre_free(re);

    /* A match followed by enough bytes is reported before finish. */
    re = compile_ok("\\w+", 0);
    s = stream_ok(re, 0, NULL);
    got.n = 0;
    ck_assert_int_eq(feed_str(s, "hello world, and more words", &got), 4);
    ck_assert_uint_eq(got.end[0], 5);
    ck_assert_uint_eq(got.start[1], 6);
    oxre_stream_free(s);
    oxre_free(re);
}
END_TEST

START_TEST(callback_stops_and_resumes)
{
    static seen got;
    const char *one[] = {"a"};
    oxre_regex *re = many_for(one, 1, 0, _i);
    for (int ends = 0; ends < 2; ends++) {
        oxre_stream *s = stream_ok(re, ends ? OXRE_STREAM_ENDS_ONLY : 0, NULL);
        got.n = 0;
        got.stop_after = 2;
        oxre_last_error_clear();
        errno = 0;
        int r = feed_str(s, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &got);
        ck_assert_int_eq(r, OXRE_ECALLBACK);
        ck_assert_int_eq(errno, ECANCELED);
        ck_assert_int_eq(oxre_last_error()->code, OXRE_ECALLBACK);
        ck_assert_uint_eq(got.n, 2);
        got.stop_after = 0;
        r = feed_str(s, "a", &got);
        ck_assert_int_ge(r, 0);
        r = oxre_stream_finish(s, collect, &got);
        ck_assert_int_ge(r, 0);
        ck_assert_uint_eq(got.n, 65);
        for (size_t i = 0; i < got.n; i++)
            ck_assert_uint_eq(got.end[i], i + 1);
        oxre_stream_free(s);
    }
    oxre_free(re);

    /* Stopping in finish: the next finish goes on after that match. */
    const char *pats[] = {"ab$", "b$"};
    re = many_for(pats, 2, 0, _i);
    for (int ends = 0; ends < 2; ends++) {
        oxre_stream *s = stream_ok(re, ends ? OXRE_STREAM_ENDS_ONLY : 0, NULL);
        got.n = 0;
        got.stop_after = 1;
        ck_assert_int_eq(feed_str(s, "xab", &got), 0);
        ck_assert_int_eq(oxre_stream_finish(s, collect, &got), OXRE_ECALLBACK);
        ck_assert_uint_eq(got.n, 1);
        got.stop_after = 0;
        ck_assert_int_eq(feed_str(s, "more", &got), OXRE_EINVAL);
        ck_assert_int_eq(oxre_stream_finish(s, collect, &got), ends ? 1 : 0);
        ck_assert_int_eq(oxre_stream_finish(s, collect, &got), 0);
        ck_assert_uint_eq(got.n, ends ? 2 : 1);
        ck_assert_uint_eq(got.end[0], 3);
        ck_assert_uint_eq(got.pattern[0], 0);
        if (ends)
            ck_assert_uint_eq(got.pattern[1], 1);
        oxre_stream_free(s);
    }
    oxre_free(re);
}
END_TEST

/* Feeds `hay` in chunks of `sizes` (cycled, as streamed()) to an ends-only
 * stream whose callback stops after every match, resuming each time with
 * an empty chunk: the same reports as without stopping. */
static void streamed_stopping(const oxre_regex *re, const uint8_t *hay, size_t len,
                              const size_t *sizes, size_t nsizes, seen *out)
{
    oxre_stream *s = oxre_stream_new(re, OXRE_STREAM_ENDS_ONLY, NULL);
    ck_assert_ptr_nonnull(s);
    out->n = 0;
    out->check_bytes = 0;
    size_t at = 0, k = 0;
    for (;;) {
        size_t n = at < len ? sizes[k++ % nsizes] : 0;
        if (n == 0 || n > len - at)
            n = len - at;
        out->stop_after = (int)out->n + 1;
        int r = at < len ? oxre_stream_feed(s, hay + at, n, collect, out)
                         : oxre_stream_finish(s, collect, out);
        while (r == OXRE_ECALLBACK) {
            out->stop_after = (int)out->n + 1;
            r = at < len ? oxre_stream_feed(s, NULL, 0, collect, out)
                         : oxre_stream_finish(s, collect, out);
        }
        ck_assert_msg(r >= 0, "%s", oxre_last_error()->message);
        if (at == len)
            break;
        at += n;
    }
    out->stop_after = 0;
    oxre_stream_free(s);
}

/* Each way the full DFA skips while no match is in progress (a prefilter
 * over literals, then a restart from the start state of the byte before;
 * a table of the rare bytes that leave a start state, or SSE2 ranges of
 * them; memchr for accelerated states), with chunks that cut the literals,
 * and match states with many patterns, against the overlapping iterator
 * (which does not skip); also the lazy DFA on the same. */
START_TEST(ends_skips_across_chunk_ends)
{
    static const char *alphabet[] = {"foo", "bar", "foobar", "Xing", "King", "ing", " ",
                                     "\n", "ACE", "Z9", "XY", "é", "1", "ab", "x", "zz"};
    static uint8_t hay[12000];
    size_t len = 0;
    while (len < sizeof hay - 8) {
        const char *w = alphabet[rnd(16)];
        memcpy(hay + len, w, strlen(w));
        len += strlen(w);
    }
    static const char *twenty[20];
    static char twenty_buf[20][16];
    for (int i = 0; i < 20; i++) {
        snprintf(twenty_buf[i], sizeof twenty_buf[i], "ab|b%c", 'A' + i);
        twenty[i] = twenty_buf[i];
    }
    const char *sets[][4] = {
        {"foobar", NULL},                        /* memmem */
        {"foobar", "(?-u:\\b)bar", "oba", NULL}, /* Teddy, look-behind restart */
        {"[A-Z][a-z]+ing", NULL},                /* start state: SSE2 range */
        {"[A-Z0-9é]{2}", NULL},                  /* three ranges */
        {"[ACEGIKXZ][^ ]", NULL},                /* a table */
        {"z[^\\n]*\\n", "x(?-u:\\b)", NULL},     /* accelerated states */
        {"b", "ab", "[a-c]b", NULL},             /* match states of many patterns */
    };
    /* 80 literals of two pieces: more than one Teddy takes. */
    static const char *eighty[80];
    static char eighty_buf[80][16];
    size_t n80 = 0;
    for (int a = 0; a < 16 && n80 < 80; a++)
        for (int b = 0; b < 16 && n80 < 80; b++)
            if (strlen(alphabet[a]) + strlen(alphabet[b]) >= 3 && a != 6 && b != 6) {
                snprintf(eighty_buf[n80], sizeof eighty_buf[n80], "%s%s", alphabet[a],
                         alphabet[b]);
                eighty[n80] = eighty_buf[n80];
                n80++;
            }
    static seen want, got;
    size_t nsets = sizeof sets / sizeof *sets;
    for (size_t i = 0; i <= nsets + 1; i++) {
        const char *const *pats = i < nsets ? sets[i] : i == nsets ? twenty : eighty;
        size_t n = 0;
        if (i < nsets)
            while (n < 4 && sets[i][n])
                n++;
        else
            n = i == nsets ? 20 : n80;
        for (int text = 0; text < 2; text++) {
            oxre_regex *re = many_for(pats, n, text ? OXRE_TEXT : 0, _i);
            oxre_overlap *it = oxre_overlap_new(re, hay, len);
            ck_assert_ptr_nonnull(it);
            want.n = 0;
            oxre_match m;
            while (oxre_overlap_next(it, &m) == 1) {
                ck_assert_uint_lt(want.n, 8192);
                want.start[want.n] = UINT64_MAX;
                want.end[want.n] = m.end;
                want.pattern[want.n] = (uint32_t)m.pattern;
                want.n++;
            }
            oxre_overlap_free(it);
            ck_assert_uint_gt(want.n, 10);
            for (int round = 0; round < 5; round++) {
                size_t sizes[16];
                for (int k = 0; k < 16; k++)
                    sizes[k] = 1 + rnd(round < 2 ? 9 : 2000);
                streamed(re, OXRE_STREAM_ENDS_ONLY, hay, len, sizes, 16, &got);
                assert_same(&want, &got, "ends, random chunks", pats[0], hay, 40);
            }
            size_t whole = 0;
            streamed(re, OXRE_STREAM_ENDS_ONLY, hay, len, &whole, 1, &got);
            assert_same(&want, &got, "ends, whole", pats[0], hay, 40);
            size_t some = 1 + rnd(50);
            streamed_stopping(re, hay, len, &some, 1, &got);
            assert_same(&want, &got, "ends, stopping after each", pats[0], hay, 40);
            /* Every split in two of a prefix (cutting every literal). */
            size_t short_len = under_valgrind ? 60 : 200;
            static seen want_short;
            size_t all = 0;
            streamed(re, OXRE_STREAM_ENDS_ONLY, hay, short_len, &all, 1, &want_short);
            for (size_t cut = 1; cut < short_len; cut++) {
                size_t sz[2] = {cut, 0};
                streamed(re, OXRE_STREAM_ENDS_ONLY, hay, short_len, sz, 2, &got);
                assert_same(&want_short, &got, "ends, two chunks", pats[0], hay, 40);
            }
            oxre_free(re);
        }
    }
}
END_TEST

/* Which engine serves ends-only streams, and what a stream costs. */
START_TEST(ends_engine_and_memory)
{
    const char *lit[] = {"foobar"};
    oxre_regex *re = many_with(lit, 1, 0, NULL);
    ck_assert(full_dfa(re));
    /* Many streams share one DFA: each owns only its state. */
    oxre_stream *s[100];
    for (int i = 0; i < 100; i++) {
        s[i] = stream_ok(re, OXRE_STREAM_ENDS_ONLY, NULL);
        ck_assert_int_eq(oxre_stream_feed(s[i], (const uint8_t *)"xfoob", 5, NULL, NULL), 0);
    }
    for (int i = 0; i < 100; i++) {
        ck_assert_uint_lt(oxre_stream_memory(s[i]), 256);
        ck_assert_int_eq(oxre_stream_feed(s[i], (const uint8_t *)"ar", 2, NULL, NULL), 1);
        ck_assert_uint_lt(oxre_stream_memory(s[i]), 256);
        oxre_stream_free(s[i]);
    }
    oxre_free(re);
    /* Too big for the regex's dfa_size_limit: the lazy DFA, each stream
     * its own cache, within the stream's cache_size. */
    re = many_with(lit, 1, 0, &lazy_options);
    ck_assert(!full_dfa(re));
    oxre_stream_options o;
    oxre_stream_options_init(&o);
    oxre_stream *t = stream_ok(re, OXRE_STREAM_ENDS_ONLY, &o);
    ck_assert_int_eq(oxre_stream_feed(t, (const uint8_t *)"xfoobar.", 8, NULL, NULL), 1);
    ck_assert_uint_gt(oxre_stream_memory(t), 1024);
    ck_assert_uint_le(oxre_stream_memory(t), o.cache_size + 4096);
    oxre_stream_free(t);
    oxre_free(re);
    /* The lazy DFA with a cache so small that it is cleared all the time,
     * on a pattern without look-around (whose match at a chunk's end the
     * full DFA reports at once): the same ends as the iterator. */
    const char *small[] = {"foobar", "[a-c]{2}[x-z]", "b+a"};
    re = many_with(small, 3, 0, &lazy_options);
    o.cache_size = 1;
    static uint8_t hay[3000];
    for (size_t i = 0; i < sizeof hay; i++)
        hay[i] = (uint8_t)"abcxyzfoobar "[rnd(13)];
    static seen want, got;
    oxre_overlap *it = oxre_overlap_new(re, hay, sizeof hay);
    oxre_match m;
    want.n = 0;
    while (oxre_overlap_next(it, &m) == 1) {
        want.start[want.n] = UINT64_MAX;
        want.end[want.n] = m.end;
        want.pattern[want.n++] = (uint32_t)m.pattern;
    }
    oxre_overlap_free(it);
    t = stream_ok(re, OXRE_STREAM_ENDS_ONLY, &o);
    got.n = 0;
    for (size_t at = 0; at < sizeof hay; at += 7)
        ck_assert_int_ge(oxre_stream_feed(t, hay + at, sizeof hay - at < 7 ? sizeof hay - at : 7,
                                          collect, &got), 0);
    ck_assert_int_ge(oxre_stream_finish(t, collect, &got), 0);
    assert_same(&want, &got, "ends, lazy DFA, tiny cache", small[0], hay, 40);
    oxre_stream_free(t);
    oxre_free(re);
    /* A line terminator that is a word byte: the lazy DFA (the full one
     * is wrong there in the engine's version). */
    oxre_options lt;
    oxre_options_init(&lt);
    lt.line_terminator = 'a';
    const char *word[] = {"(?-u:\\b)x"};
    re = many_with(word, 1, 0, &lt);
    ck_assert(!full_dfa(re));
    oxre_free(re);
}
END_TEST

START_TEST(history_limit)
{
    static seen got;
    oxre_regex *re = compile_ok("a[^z]*z", 0);
    oxre_stream_options o;
    ck_assert_int_eq(oxre_stream_options_init(&o), OXRE_OK);
    ck_assert_uint_eq(o.history_limit, 1u << 20);
    o.history_limit = 1000;
    oxre_stream *s = stream_ok(re, 0, &o);
    uint8_t chunk[100];
    memset(chunk, 'b', sizeof chunk);
    got.n = 0;
    /* No match in progress: no history, whatever the input's length. */
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq(oxre_stream_feed(s, chunk, sizeof chunk, collect, &got), 0);
    ck_assert_uint_lt(oxre_stream_memory(s), 64 * 1024);
    /* A match in progress: history grows until the limit. */
    ck_assert_int_eq(feed_str(s, "a", &got), 0);
    int r = 0;
    for (int i = 0; i < 20 && r == 0; i++)
        r = oxre_stream_feed(s, chunk, sizeof chunk, collect, &got);
    ck_assert_int_eq(r, OXRE_EHISTORY);
    ck_assert_int_eq(errno, ENOBUFS);
    /* It sticks until reset. */
    ck_assert_int_eq(feed_str(s, "z", &got), OXRE_EHISTORY);
    ck_assert_int_eq(oxre_stream_finish(s, collect, &got), OXRE_EHISTORY);
    ck_assert_int_eq(oxre_stream_reset(s), OXRE_OK);
    ck_assert_int_eq(feed_str(s, "abz", &got), 1);
    ck_assert_int_eq(oxre_stream_finish(s, collect, &got), 0);
    ck_assert_uint_eq(got.end[0], 3);
    oxre_stream_free(s);
    oxre_free(re);

    /* Patterns whose matches are all empty (no match is ever in progress)
     * keep no history either: every empty match is reported, in chunks
     * larger than the limit and in small ones. */
    const char *empty[] = {"", "(?:)|a{0}", "(?-u:\\b)"};
    for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
        re = compile_ok(empty[i], 0);
        s = stream_ok(re, 0, &o);
        static uint8_t big[3000];
        memset(big, 'b', sizeof big);
        long total = 0;
        for (int k = 0; k < 20; k++) {
            r = oxre_stream_feed(s, k % 2 ? big : chunk, k % 2 ? sizeof big : sizeof chunk, NULL,
                                 NULL);
            ck_assert_msg(r >= 0, "/%s/: %d", empty[i], r);
            total += r;
        }
        r = oxre_stream_finish(s, NULL, NULL);
        ck_assert_int_ge(r, 0);
        total += r;
        ck_assert_int_eq(total, i < 2 ? 10 * (3000 + 100) + 1 : 2);
        oxre_stream_free(s);
        oxre_free(re);
    }
}
END_TEST

START_TEST(utf8_across_chunks)
{
    static seen got;
    oxre_regex *re = compile_ok("é", OXRE_TEXT);
    oxre_stream *s = stream_ok(re, 0, NULL);
    got.n = 0;
    /* A code point split over chunks is fine. */
    ck_assert_int_eq(oxre_stream_feed(s, (const uint8_t *)"ab\xc3", 3, collect, &got), 0);
    ck_assert_int_eq(oxre_stream_feed(s, (const uint8_t *)"\xa9", 1, collect, &got), 1);
    ck_assert_int_eq(oxre_stream_finish(s, collect, &got), 0);
    ck_assert_uint_eq(got.start[0], 2);
    ck_assert_uint_eq(got.end[0], 4);
    /* An invalid sequence across chunks: the offset in the stream. */
    ck_assert_int_eq(oxre_stream_reset(s), OXRE_OK);
    ck_assert_int_eq(oxre_stream_feed(s, (const uint8_t *)"abc\xc3", 4, collect, &got), 0);
    oxre_last_error_clear();
    ck_assert_int_eq(oxre_stream_feed(s, (const uint8_t *)"x", 1, collect, &got), OXRE_EUTF8);
    ck_assert_int_eq(errno, EILSEQ);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "offset 3"));
    ck_assert_uint_eq(oxre_last_error()->span.start, 3);
    ck_assert_int_eq(oxre_stream_feed(s, (const uint8_t *)"x", 1, collect, &got), OXRE_EUTF8);
    /* Input that ends inside a sequence. */
    ck_assert_int_eq(oxre_stream_reset(s), OXRE_OK);
    ck_assert_int_eq(oxre_stream_feed(s, (const uint8_t *)"ab\xe2\x82", 4, collect, &got), 0);
    ck_assert_int_eq(oxre_stream_finish(s, collect, &got), OXRE_EUTF8);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "offset 2"));
    /* Invalid inside one chunk, ends-only too. */
    oxre_stream_free(s);
    s = stream_ok(re, OXRE_STREAM_ENDS_ONLY, NULL);
    ck_assert_int_eq(oxre_stream_feed(s, (const uint8_t *)"\xc3\xa9\xff", 3, collect, &got),
                     OXRE_EUTF8);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "offset 2"));
    oxre_stream_free(s);
    oxre_free(re);
}
END_TEST

START_TEST(offsets_beyond_4gib)
{
    static seen got;
    if (getenv("OXRE_UNDER_VALGRIND")) {
        fprintf(stderr, "# offsets_beyond_4gib: 4 GiB is too slow under valgrind; skipped\n");
        return;
    }
    static uint8_t chunk[1 << 20];
    memset(chunk, 'b', sizeof chunk);
    memcpy(chunk + sizeof chunk - 3, "xyz", 3);
    oxre_regex *re = compile_ok("xyz", 0);
    for (int ends = 0; ends < 2; ends++) {
        oxre_stream *s = stream_ok(re, ends ? OXRE_STREAM_ENDS_ONLY : 0, NULL);
        got.n = 0;
        for (int i = 0; i < 4097; i++) {
            int r = oxre_stream_feed(s, chunk, sizeof chunk, collect, &got);
            ck_assert_int_eq(r, 1);
            /* No look-around: reported in the chunk that completes it. */
            ck_assert_uint_eq(got.n, (size_t)i + 1);
        }
        oxre_stream_finish(s, collect, &got);
        ck_assert_uint_eq(got.n, 4097);
        uint64_t last = (uint64_t)4097 << 20;
        ck_assert_uint_eq(got.end[4096], last);
        if (!ends)
            ck_assert_uint_eq(got.start[4096], last - 3);
        ck_assert(got.end[4096] > UINT32_MAX);
        ck_assert_uint_eq(oxre_stream_offset(s), last);
        oxre_stream_free(s);
    }
    oxre_free(re);
}
END_TEST

static int captures_cb(void *ctx, const oxre_stream_match *m)
{
    oxre_captures *caps = ctx;
    ck_assert_int_eq(oxre_stream_match_captures(m, caps), 1);
    oxre_span sp;
    ck_assert_int_eq(oxre_captures_get(caps, 2, &sp), 1);
    ck_assert_int_eq(memcmp(m->haystack + sp.start, "42", 2), 0);
    ck_assert_int_eq(oxre_captures_get(caps, 0, &sp), 1);
    ck_assert_uint_eq(sp.start + m->haystack_offset, m->start);
    return 0;
}

START_TEST(captures_in_the_callback)
{
    oxre_regex *re = compile_ok("(\\w+)=(\\d+)", 0);
    oxre_captures *caps = oxre_captures_new(re);
    oxre_stream *s = stream_ok(re, 0, NULL);
    const char *in = "a=42 bb=42; ccc=42";
    for (size_t i = 0; in[i]; i++)
        ck_assert_int_ge(oxre_stream_feed(s, (const uint8_t *)in + i, 1, captures_cb, caps), 0);
    ck_assert_int_ge(oxre_stream_finish(s, captures_cb, caps), 0);
    oxre_stream_free(s);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

/* Chunks of kilobytes, searched where they lie: a callback that stops every
 * few matches (the next feed goes on), and captures read in the callback
 * from the haystack it is given (the caller's chunk or the history). */
typedef struct {
    seen *out;
    oxre_captures *caps;
    const uint8_t *input;
} long_ctx;

static int long_cb(void *ctx, const oxre_stream_match *m)
{
    long_ctx *c = ctx;
    ck_assert_int_eq(oxre_stream_match_captures(m, c->caps), 1);
    oxre_span sp;
    ck_assert_int_eq(oxre_captures_get(c->caps, 0, &sp), 1);
    ck_assert_uint_eq(sp.start + m->haystack_offset, m->start);
    ck_assert_uint_eq(sp.end + m->haystack_offset, m->end);
    if (m->pattern == 0) {
        ck_assert_int_eq(oxre_captures_get(c->caps, 2, &sp), 1);
        ck_assert_int_eq(memcmp(m->haystack + sp.start, c->input + sp.start + m->haystack_offset,
                                sp.end - sp.start), 0);
        ck_assert_uint_ge(sp.end - sp.start, 1);
    }
    collect(c->out, m);
    return c->out->n % 7 == 0;
}

START_TEST(long_chunks_in_place)
{
    static const char *words[] = {"key=12 ", "foo ", "Sherlock Holmes ", "x=", "9", "é ",
                                  "Sherl", "ock ", "foofoo ", "\n"};
    static uint8_t hay[30000];
    size_t len = 0;
    while (len < sizeof hay - 20) {
        const char *w = words[rnd(10)];
        memcpy(hay + len, w, strlen(w));
        len += strlen(w);
    }
    const char *sets[][3] = {{"(\\w+)=(\\d+)", "Sherlock Holmes", "\\bfoo\\b"},
                             {"(x)=(9)", "Sherlock Holmes", "foo"}};
    static seen want, got;
    for (size_t i = 0; i < 2; i++)
        for (int text = 0; text < 2; text++) {
            oxre_regex *re = many(sets[i], 3, text ? OXRE_TEXT : 0);
            block(re, hay, len, &want);
            ck_assert_uint_gt(want.n, 100);
            oxre_captures *caps = oxre_captures_new(re);
            long_ctx c = {&got, caps, hay};
            for (int round = 0; round < (under_valgrind ? 1 : 4); round++) {
                oxre_stream *s = stream_ok(re, 0, NULL);
                got.n = 0;
                got.check_bytes = 1;
                got.input = hay;
                got.stop_after = 0;
                for (size_t at = 0; at < len;) {
                    size_t n = 1000 + rnd(round < 2 ? 4000 : 20000);
                    if (n > len - at)
                        n = len - at;
                    int r = oxre_stream_feed(s, hay + at, n, long_cb, &c);
                    ck_assert_msg(r >= 0 || r == OXRE_ECALLBACK, "feed: %d", r);
                    at += n;
                }
                int r;
                while ((r = oxre_stream_finish(s, long_cb, &c)) == OXRE_ECALLBACK)
                    ;
                ck_assert_int_ge(r, 0);
                assert_same(&want, &got, "long chunks", sets[i][0], hay, 40);
                oxre_stream_free(s);
            }
            oxre_captures_free(caps);
            oxre_free(re);
        }
}
END_TEST

START_TEST(errors)
{
    oxre_regex *re = compile_ok("a", 0);
    oxre_last_error_clear();
    ck_assert_ptr_null(oxre_stream_new(NULL, 0, NULL));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    ck_assert_ptr_null(oxre_stream_new(re, 1u << 7, NULL));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_EFLAGS);
    oxre_stream *s = stream_ok(re, 0, NULL);
    ck_assert_int_eq(oxre_stream_feed(NULL, (const uint8_t *)"a", 1, NULL, NULL), OXRE_ENULL);
    ck_assert_int_eq(oxre_stream_feed(s, NULL, 1, NULL, NULL), OXRE_ENULL);
    ck_assert_int_eq(oxre_stream_feed(s, NULL, 0, NULL, NULL), 0);
    ck_assert_int_eq(oxre_stream_finish(NULL, NULL, NULL), OXRE_ENULL);
    ck_assert_int_eq(oxre_stream_reset(NULL), OXRE_ENULL);
    ck_assert_int_eq(oxre_stream_options_init(NULL), OXRE_ENULL);
    oxre_last_error_clear();
    ck_assert_uint_eq(oxre_stream_memory(NULL), 0);
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    ck_assert_uint_eq(oxre_stream_offset(NULL), 0);
    ck_assert_int_eq(oxre_stream_match_captures(NULL, NULL), OXRE_ENULL);
    oxre_stream_free(NULL);
    /* A NULL callback counts. */
    ck_assert_int_eq(oxre_stream_feed(s, (const uint8_t *)"aaaaaaaa", 8, NULL, NULL), 8);
    ck_assert_int_eq(oxre_stream_finish(s, NULL, NULL), 0);
    ck_assert_uint_gt(oxre_stream_memory(s), 0);
    oxre_stream_free(s);
    ck_assert_ptr_null(oxre_overlap_new(NULL, NULL, 0));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    ck_assert_int_eq(oxre_overlap_next(NULL, NULL), OXRE_ENULL);
    oxre_overlap_free(NULL);
    oxre_free(re);

    /* Unicode word boundaries: taken in every mode (an NFA simulation
     * decides them where the lazy DFA cannot). */
    re = compile_ok("\\bx", 0);
    s = stream_ok(re, OXRE_STREAM_ENDS_ONLY, NULL);
    ck_assert_int_eq(oxre_stream_feed(s, (const uint8_t *)"\xc3\xa9x x", 5, NULL, NULL), 0);
    ck_assert_int_eq(oxre_stream_finish(s, NULL, NULL), 1);
    oxre_stream_free(s);
    oxre_overlap *ov = oxre_overlap_new(re, (const uint8_t *)"\xc3\xa9x x", 5);
    ck_assert_ptr_nonnull(ov);
    oxre_match om;
    ck_assert_int_eq(oxre_overlap_next(ov, &om), 1);
    ck_assert_uint_eq(om.start, 4);
    ck_assert_uint_eq(om.end, 5);
    ck_assert_int_eq(oxre_overlap_next(ov, &om), 0);
    oxre_overlap_free(ov);
    oxre_free(re);

    /* The groups of overlapping matches: the errors. */
    re = compile_ok("(a)|(ab)", 0);
    oxre_regex *other = compile_ok("(?<n>a)", 0);
    oxre_captures *mine = oxre_captures_new(re), *theirs = oxre_captures_new(other);
    ov = oxre_overlap_new(re, (const uint8_t *)"ab", 2);
    ck_assert_int_eq(oxre_overlap_captures(NULL, mine), OXRE_ENULL);
    ck_assert_int_eq(oxre_overlap_captures(ov, NULL), OXRE_ENULL);
    errno = 0;
    ck_assert_int_eq(oxre_overlap_captures(ov, mine), OXRE_ERANGE);
    ck_assert_int_eq(errno, ERANGE);
    ck_assert_int_eq(oxre_overlap_next(ov, &om), 1);
    ck_assert_int_eq(oxre_overlap_captures(ov, theirs), OXRE_EINVAL);
    ck_assert_int_eq(oxre_last_error()->code, OXRE_EINVAL);
    ck_assert_int_eq(oxre_overlap_next(ov, &om), 1);
    ck_assert_int_eq(oxre_overlap_captures(ov, mine), 1);
    oxre_span g;
    ck_assert_int_eq(oxre_captures_get(mine, 1, &g), 0);
    ck_assert_int_eq(oxre_captures_get(mine, 2, &g), 1);
    ck_assert_uint_eq(g.end, 2);
    ck_assert_int_eq(oxre_overlap_next(ov, &om), 0);
    ck_assert_int_eq(oxre_overlap_captures(ov, mine), OXRE_ERANGE);
    oxre_overlap_free(ov);
    oxre_captures_free(mine);
    oxre_captures_free(theirs);
    oxre_free(other);
    oxre_free(re);
    re = compile_ok("(?-u:\\b)x", 0);
    s = stream_ok(re, OXRE_STREAM_ENDS_ONLY, NULL);
    oxre_stream_free(s);
    oxre_free(re);

    /* Ends-only matches have no groups. */
    re = compile_ok("a", 0);
    s = stream_ok(re, OXRE_STREAM_ENDS_ONLY, NULL);
    oxre_captures *caps = oxre_captures_new(re);
    oxre_stream_match m = {UINT64_MAX, 1, 0, NULL, 0, 0, NULL};
    ck_assert_int_eq(oxre_stream_match_captures(&m, caps), OXRE_EINVAL);
    oxre_captures_free(caps);
    oxre_stream_free(s);
    oxre_free(re);
}
END_TEST

/* A pattern nested deeper than the thread's stack allows to parse here:
 * the stream's automata are built where there is room, as compiling is. */
START_TEST(deep_patterns_stream)
{
    static char pat[20001];
    size_t depth = 6000, n = 0;
    for (size_t i = 0; i < depth; i++)
        pat[n++] = '(';
    pat[n++] = 'a';
    for (size_t i = 0; i < depth; i++)
        pat[n++] = ')';
    oxre_options o;
    oxre_options_init(&o);
    o.nest_limit = 10000;
    oxre_regex *re = oxre_compile((const uint8_t *)pat, n, 0, &o);
    ck_assert_msg(re != NULL, "%s", oxre_last_error()->message);
    for (int ends = 0; ends < 2; ends++) {
        oxre_stream *s = stream_ok(re, ends ? OXRE_STREAM_ENDS_ONLY : 0, NULL);
        ck_assert_int_eq(oxre_stream_feed(s, (const uint8_t *)"xaxa", 4, NULL, NULL) +
                             oxre_stream_finish(s, NULL, NULL),
                         2);
        oxre_stream_free(s);
    }
    oxre_free(re);
}
END_TEST

int main(void)
{
    under_valgrind = getenv("OXRE_UNDER_VALGRIND") != NULL;
    oxre_options_init(&lazy_options);
    lazy_options.dfa_size_limit = 1024;
    Suite *s = suite_create("stream");
    TCase *tc = tcase_create("stream");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, every_split_matches_the_iterator);
    tcase_add_test(tc, bytes_haystack_not_utf8);
    tcase_add_test(tc, many_patterns_with_ids);
    tcase_add_test(tc, random_chunkings_of_long_input);
    /* _i: 0 for the full DFA, 1 for the lazy DFA (lazy_options). */
    tcase_add_loop_test(tc, ends_and_overlaps_match_brute_force, 0, 2);
    tcase_add_loop_test(tc, ends_over_random_chunks_match_the_iterator, 0, 2);
    tcase_add_loop_test(tc, ends_skips_across_chunk_ends, 0, 2);
    tcase_add_test(tc, ends_engine_and_memory);
    tcase_add_test(tc, finish_decides_the_end);
    tcase_add_loop_test(tc, callback_stops_and_resumes, 0, 2);
    tcase_add_test(tc, history_limit);
    tcase_add_test(tc, utf8_across_chunks);
    tcase_add_test(tc, offsets_beyond_4gib);
    tcase_add_test(tc, captures_in_the_callback);
    tcase_add_test(tc, long_chunks_in_place);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, deep_patterns_stream);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
