/* Caller-owned scratch: every search that takes one gives the result of the
 * same search without it, every error path is reported, a scratch made for
 * another regex or set is refused, and threads each with their own scratch
 * agree with one thread. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "testutil.h"

#define H(s) (const uint8_t *)(s), strlen(s)

static oxre_set *set_ok(const char *const *pats, size_t n, uint32_t flags)
{
    const uint8_t *p[16];
    size_t l[16];
    for (size_t i = 0; i < n; i++)
        p[i] = (const uint8_t *)pats[i], l[i] = strlen(pats[i]);
    oxre_set *set = oxre_set_compile(p, l, n, flags, NULL);
    ck_assert_ptr_nonnull(set);
    return set;
}

/* The last call failed with `code`, recorded as the last error. */
static void assert_failed(int code)
{
    const oxre_error *e = oxre_last_error();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, code);
    oxre_last_error_clear();
}

static const char *const patterns[] = {
    "a+", "\\w+", "(?<y>\\d{4})-(?<m>\\d{2})", "", "a*", "x|(b)", "^foo", "\\bbar\\b",
    "(?m)^\\w+$", "[\\p{Greek}]+", "é|e", "(?i)hello",
};
static const char *const haystacks[] = {
    "", "a", "baaab", "foo bar", "x 2024-05 and 1999-12", "hello HELLO", "αβγ abc",
    "café e é", "line one\nline\ntwo", "xbxb", "b",
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(same_results_as_without_scratch)
{
    for (int text = 0; text < 2; text++) {
        for (size_t p = 0; p < N(patterns); p++) {
            oxre_regex *re = compile_ok(patterns[p], text ? OXRE_TEXT : 0);
            oxre_scratch *s = oxre_scratch_new(re);
            ck_assert_ptr_nonnull(s);
            oxre_captures *c1 = oxre_captures_new(re), *c2 = oxre_captures_new(re);
            for (size_t h = 0; h < N(haystacks); h++) {
                const uint8_t *hay = (const uint8_t *)haystacks[h];
                size_t len = strlen(haystacks[h]);
                for (size_t at = 0; at <= len; at++) {
                    ck_assert_int_eq(oxre_is_match_with(re, s, hay, len, at),
                                     oxre_is_match(re, hay, len, at));
                    oxre_span a = {7, 7}, b = {7, 7};
                    ck_assert_int_eq(oxre_find_with(re, s, hay, len, at, &a),
                                     oxre_find(re, hay, len, at, &b));
                    ck_assert_uint_eq(a.start, b.start);
                    ck_assert_uint_eq(a.end, b.end);
                    size_t e1 = 7, e2 = 7;
                    ck_assert_int_eq(oxre_shortest_match_with(re, s, hay, len, at, &e1),
                                     oxre_shortest_match(re, hay, len, at, &e2));
                    ck_assert_uint_eq(e1, e2);
                    size_t n1 = 7, n2 = 8;
                    ck_assert_int_eq(oxre_count_with(re, s, hay, len, at, &n1), OXRE_OK);
                    ck_assert_int_eq(oxre_count(re, hay, len, at, &n2), OXRE_OK);
                    ck_assert_uint_eq(n1, n2);
                    ck_assert_int_eq(oxre_captures_read_with(re, s, c1, hay, len, at),
                                     oxre_captures_read(re, c2, hay, len, at));
                    ck_assert_uint_eq(oxre_captures_group_count(c1),
                                      oxre_captures_group_count(c2));
                    for (size_t g = 0; g < oxre_captures_group_count(c1); g++) {
                        ck_assert_int_eq(oxre_captures_get(c1, g, &a), oxre_captures_get(c2, g, &b));
                        ck_assert_uint_eq(a.start, b.start);
                        ck_assert_uint_eq(a.end, b.end);
                    }
                    for (uint32_t fl = 0; fl <= (OXRE_ANCHORED | OXRE_EARLIEST); fl++) {
                        for (size_t end = at; end <= len; end++) {
                            oxre_match m1 = {7, 7, 7}, m2 = {7, 7, 7};
                            ck_assert_int_eq(oxre_search_with(re, s, hay, len, at, end, fl, &m1),
                                             oxre_search(re, hay, len, at, end, fl, &m2));
                            ck_assert_uint_eq(m1.start, m2.start);
                            ck_assert_uint_eq(m1.end, m2.end);
                            ck_assert_uint_eq(m1.pattern, m2.pattern);
                            ck_assert_int_eq(
                                oxre_search_captures_with(re, s, c1, hay, len, at, end, fl),
                                oxre_search_captures(re, c2, hay, len, at, end, fl));
                            ck_assert_int_eq(oxre_captures_get(c1, 0, &a), oxre_captures_get(c2, 0, &b));
                            ck_assert_uint_eq(a.start, b.start);
                            ck_assert_uint_eq(a.end, b.end);
                        }
                    }
                }
            }
            oxre_captures_free(c1);
            oxre_captures_free(c2);
            oxre_scratch_free(s);
            oxre_free(re);
        }
    }
}
END_TEST

/* What the captures object finds, group by group: the reference for
   oxre_find_groups(). Returns the number of groups, 0 for no match. */
static int groups_by_captures(oxre_regex *re, const uint8_t *hay, size_t len, size_t at,
                              oxre_span *out, size_t out_len)
{
    oxre_captures *c = oxre_captures_new(re);
    int rc = oxre_captures_read(re, c, hay, len, at);
    int n = rc == 1 ? (int)oxre_captures_group_count(c) : 0;
    for (size_t g = 0; g < (size_t)n && g < out_len; g++) {
        if (oxre_captures_get(c, g, &out[g]) != 1)
            out[g].start = out[g].end = SIZE_MAX;
    }
    oxre_captures_free(c);
    return n;
}

/* oxre_find_groups() and oxre_find_groups_with() store what the captures
   object holds, for every array length (fewer groups than the regex has,
   all, more), with one pattern and with several of different groups. */
START_TEST(find_groups)
{
    for (int many = 0; many < 2; many++) {
        for (size_t p = 0; p < N(patterns); p++) {
            oxre_regex *re;
            if (many) {
                const uint8_t *ps[] = {(const uint8_t *)patterns[p],
                                       (const uint8_t *)"(x)(y)?(z)?|(q)"};
                size_t ls[] = {strlen(patterns[p]), strlen("(x)(y)?(z)?|(q)")};
                re = oxre_compile_many(ps, ls, 2, 0, NULL);
                ck_assert_ptr_nonnull(re);
            } else {
                re = compile_ok(patterns[p], 0);
            }
            oxre_scratch *s = oxre_scratch_new(re);
            ck_assert_ptr_nonnull(s);
            for (size_t h = 0; h < N(haystacks) + 1; h++) {
                const char *text = h < N(haystacks) ? haystacks[h] : "q x xy xyz";
                const uint8_t *hay = (const uint8_t *)text;
                size_t len = strlen(text);
                for (size_t at = 0; at <= len; at++) {
                    oxre_span want[8];
                    int n = groups_by_captures(re, hay, len, at, want, 8);
                    for (size_t k = 0; k <= 7; k++) {
                        oxre_span a[8], b[8];
                        memset(a, 0x5a, sizeof a);
                        memset(b, 0x5a, sizeof b);
                        ck_assert_int_eq(oxre_find_groups_with(re, s, hay, len, at, a, k), n);
                        ck_assert_int_eq(oxre_find_groups(re, hay, len, at, b, k), n);
                        for (size_t g = 0; g < k && g < (size_t)n; g++) {
                            ck_assert_uint_eq(a[g].start, want[g].start);
                            ck_assert_uint_eq(a[g].end, want[g].end);
                            ck_assert_uint_eq(b[g].start, want[g].start);
                            ck_assert_uint_eq(b[g].end, want[g].end);
                        }
                        /* Nothing is written past the groups of the match. */
                        for (size_t g = (size_t)n < k ? (size_t)n : k; g < 8 && n > 0; g++) {
                            ck_assert_uint_eq(a[g].start, 0x5a5a5a5a5a5a5a5aull);
                            ck_assert_uint_eq(b[g].start, 0x5a5a5a5a5a5a5a5aull);
                        }
                    }
                }
            }
            oxre_scratch_free(s);
            oxre_free(re);
        }
    }
}
END_TEST

START_TEST(set_same_results_as_without_scratch)
{
    oxre_set *set = set_ok(patterns, N(patterns), 0);
    oxre_scratch *s = oxre_set_scratch_new(set);
    ck_assert_ptr_nonnull(s);
    size_t n = N(patterns);
    for (size_t h = 0; h < N(haystacks); h++) {
        const uint8_t *hay = (const uint8_t *)haystacks[h];
        size_t len = strlen(haystacks[h]);
        for (size_t at = 0; at <= len; at++) {
            ck_assert_int_eq(oxre_set_is_match_with(set, s, hay, len, at),
                             oxre_set_is_match(set, hay, len, at));
            bool a[N(patterns)], b[N(patterns)];
            memset(a, 1, sizeof a);
            memset(b, 0, sizeof b);
            ck_assert_int_eq(oxre_set_matches_with(set, s, hay, len, at, a, n),
                             oxre_set_matches(set, hay, len, at, b, n));
            ck_assert_mem_eq(a, b, sizeof a);
            ck_assert_int_eq(oxre_set_matches_with(set, s, hay, len, at, NULL, 0),
                             oxre_set_matches(set, hay, len, at, NULL, 0));
            for (size_t end = at; end <= len; end++) {
                for (uint32_t fl = 0; fl <= OXRE_ANCHORED; fl++) {
                    memset(a, 1, sizeof a);
                    memset(b, 0, sizeof b);
                    ck_assert_int_eq(oxre_set_search_with(set, s, hay, len, at, end, fl, a, n),
                                     oxre_set_search(set, hay, len, at, end, fl, b, n));
                    ck_assert_mem_eq(a, b, sizeof a);
                }
            }
        }
    }
    oxre_scratch_free(s);
    oxre_set_free(set);
}
END_TEST

START_TEST(clones_share_scratch)
{
    oxre_regex *re = compile_ok("\\d+", 0);
    oxre_regex *copy = oxre_clone(re);
    oxre_scratch *s = oxre_scratch_new(re);
    oxre_span m;
    ck_assert_int_eq(oxre_find_with(copy, s, H("ab 123"), 0, &m), 1);
    ck_assert_uint_eq(m.start, 3);
    oxre_free(re); /* the scratch holds no pointer to it */
    ck_assert_int_eq(oxre_is_match_with(copy, s, H("x9"), 0), 1);
    oxre_scratch_free(s);
    oxre_free(copy);

    const char *pats[] = {"a", "b"};
    oxre_set *set = set_ok(pats, 2, 0);
    oxre_set *twin = oxre_set_clone(set);
    ck_assert_ptr_nonnull(twin);
    ck_assert_uint_eq(oxre_set_len(twin), 2);
    size_t len;
    const uint8_t *p = oxre_set_pattern(twin, 1, &len);
    ck_assert_uint_eq(len, 1);
    ck_assert_int_eq(p[0], 'b');
    oxre_scratch *ss = oxre_set_scratch_new(set);
    oxre_set_free(set);
    bool found[2];
    ck_assert_int_eq(oxre_set_matches_with(twin, ss, H("xbx"), 0, found, 2), 1);
    ck_assert(!found[0] && found[1]);
    ck_assert_int_eq(oxre_set_matches(twin, H("ab"), 0, found, 2), 2);
    oxre_scratch_free(ss);
    oxre_set_free(twin);
}
END_TEST

START_TEST(memory_usage)
{
    oxre_regex *small = compile_ok("a", 0);
    oxre_regex *big = compile_ok("\\w{50}", 0);
    ck_assert_uint_gt(oxre_memory_usage(big), oxre_memory_usage(small));
    ck_assert_uint_gt(oxre_memory_usage(big), 10000);
    oxre_scratch *s = oxre_scratch_new(big);
    size_t before = oxre_scratch_memory_usage(s);
    ck_assert_uint_gt(before, 0);
    char hay[4000];
    for (size_t i = 0; i < sizeof hay; i++)
        hay[i] = "abcdefghij"[i % 10] ^ (char)(i % 7 == 0 ? 0x20 : 0);
    oxre_is_match_with(big, s, (const uint8_t *)hay, sizeof hay, 0);
    ck_assert_uint_gt(oxre_scratch_memory_usage(s), before); /* the lazy DFA grew */
    oxre_scratch_free(s);

    const char *pats[] = {"a", "\\w{50}"};
    oxre_set *set = set_ok(pats, 2, 0);
    ck_assert_uint_gt(oxre_set_memory_usage(set), oxre_memory_usage(small));
    oxre_set_free(set);
    oxre_free(small);
    oxre_free(big);
}
END_TEST

START_TEST(error_paths)
{
    oxre_regex *re = compile_ok("(a)(b)?", 0);
    oxre_regex *other = compile_ok("(a)(b)?", 0); /* the same pattern, another regex */
    oxre_regex *text = compile_ok("a", OXRE_TEXT);
    const char *pats[] = {"a", "b"};
    oxre_set *set = set_ok(pats, 2, 0);
    oxre_set *set2 = set_ok(pats, 2, 0);
    oxre_scratch *s = oxre_scratch_new(re);
    oxre_scratch *so = oxre_scratch_new(other);
    oxre_scratch *st = oxre_scratch_new(text);
    oxre_scratch *ss = oxre_set_scratch_new(set);
    oxre_captures *caps = oxre_captures_new(re);
    oxre_regex *three = compile_ok("(a)(b)(c)", 0);
    oxre_captures *caps3 = oxre_captures_new(three);
    oxre_span m;
    oxre_match mm;
    size_t n;
    bool found[2];
    const uint8_t *hay = (const uint8_t *)"ab";

    /* Constructors and reports. */
    ck_assert_ptr_null(oxre_scratch_new(NULL));
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(errno, EFAULT);
    ck_assert_ptr_null(oxre_set_scratch_new(NULL));
    assert_failed(OXRE_ENULL);
    ck_assert_ptr_null(oxre_set_clone(NULL));
    assert_failed(OXRE_ENULL);
    ck_assert_uint_eq(oxre_scratch_memory_usage(NULL), 0);
    assert_failed(OXRE_ENULL);
    ck_assert_uint_eq(oxre_memory_usage(NULL), 0);
    assert_failed(OXRE_ENULL);
    ck_assert_uint_eq(oxre_set_memory_usage(NULL), 0);
    assert_failed(OXRE_ENULL);
    oxre_scratch_free(NULL);

    /* Every regex search: NULL regex, NULL scratch, another regex's or a
     * set's scratch, a NULL haystack with a length, a start past the end. */
    oxre_scratch *bad[] = {NULL, so, ss};
    int bad_code[] = {OXRE_ENULL, OXRE_EINVAL, OXRE_EINVAL};
    for (int i = 0; i < 3; i++) {
        oxre_scratch *b = bad[i];
        int code = bad_code[i];
        ck_assert_int_eq(oxre_is_match_with(re, b, hay, 2, 0), code);
        assert_failed(code);
        ck_assert_int_eq(errno, code == OXRE_ENULL ? EFAULT : EINVAL);
        ck_assert_int_eq(oxre_find_with(re, b, hay, 2, 0, &m), code);
        assert_failed(code);
        ck_assert_int_eq(oxre_shortest_match_with(re, b, hay, 2, 0, &n), code);
        assert_failed(code);
        ck_assert_int_eq(oxre_count_with(re, b, hay, 2, 0, &n), code);
        assert_failed(code);
        ck_assert_int_eq(oxre_search_with(re, b, hay, 2, 0, 2, 0, &mm), code);
        assert_failed(code);
        ck_assert_int_eq(oxre_captures_read_with(re, b, caps, hay, 2, 0), code);
        assert_failed(code);
        ck_assert_int_eq(oxre_search_captures_with(re, b, caps, hay, 2, 0, 2, 0), code);
        assert_failed(code);
        ck_assert_int_eq(oxre_find_groups_with(re, b, hay, 2, 0, &m, 1), code);
        assert_failed(code);
    }
    ck_assert_int_eq(oxre_find_groups_with(NULL, s, hay, 2, 0, &m, 1), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_find_groups(NULL, hay, 2, 0, &m, 1), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_find_groups_with(re, s, NULL, 2, 0, &m, 1), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_find_groups(re, NULL, 2, 0, &m, 1), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_find_groups_with(re, s, hay, 2, 3, &m, 1), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(oxre_find_groups(re, hay, 2, 3, &m, 1), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(oxre_find_groups_with(re, s, hay, 2, 0, NULL, 1), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_find_groups(re, hay, 2, 0, NULL, 1), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_find_groups_with(re, s, hay, 2, 0, &m, SIZE_MAX / 8), OXRE_EINVAL);
    assert_failed(OXRE_EINVAL);
    ck_assert_int_eq(oxre_find_groups(re, hay, 2, 0, &m, SIZE_MAX / 8), OXRE_EINVAL);
    assert_failed(OXRE_EINVAL);
    /* No array: only whether it matches, and how many groups a match has. */
    ck_assert_int_eq(oxre_find_groups_with(re, s, hay, 2, 0, NULL, 0), 3);
    ck_assert_int_eq(oxre_find_groups(re, hay, 2, 0, NULL, 0), 3);
    ck_assert_int_eq(oxre_find_groups_with(re, s, hay, 2, 2, NULL, 0), 0);
    ck_assert_int_eq(oxre_is_match_with(NULL, s, hay, 2, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_find_with(NULL, s, hay, 2, 0, &m), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_shortest_match_with(NULL, s, hay, 2, 0, &n), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_count_with(NULL, s, hay, 2, 0, &n), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_search_with(NULL, s, hay, 2, 0, 2, 0, &mm), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_captures_read_with(NULL, s, caps, hay, 2, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_search_captures_with(NULL, s, caps, hay, 2, 0, 2, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL);

    ck_assert_int_eq(oxre_is_match_with(re, s, NULL, 2, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_is_match_with(re, s, NULL, 0, 0), 0); /* empty is fine */
    ck_assert_int_eq(oxre_find_with(re, s, hay, 2, 3, &m), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(errno, ERANGE);
    ck_assert_int_eq(oxre_shortest_match_with(re, s, hay, 2, 3, &n), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(oxre_count_with(re, s, hay, 2, 3, &n), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(oxre_count_with(re, s, hay, 2, 0, NULL), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_captures_read_with(re, s, caps, hay, 2, 3), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(oxre_search_with(re, s, hay, 2, 2, 1, 0, &mm), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(oxre_search_with(re, s, hay, 2, 0, 3, 0, &mm), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(oxre_search_with(re, s, hay, 2, 0, 2, 1u << 30, &mm), OXRE_EFLAGS);
    assert_failed(OXRE_EFLAGS);
    ck_assert_int_eq(oxre_search_captures_with(re, s, caps, hay, 2, 0, 3, 0), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(oxre_search_captures_with(re, s, caps, hay, 2, 0, 2, 1u << 30), OXRE_EFLAGS);
    assert_failed(OXRE_EFLAGS);
    ck_assert_int_eq(oxre_captures_read_with(re, s, NULL, hay, 2, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_search_captures_with(re, s, NULL, hay, 2, 0, 2, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_captures_read_with(re, s, caps3, hay, 2, 0), OXRE_EINVAL);
    assert_failed(OXRE_EINVAL);
    ck_assert_int_eq(oxre_search_captures_with(re, s, caps3, hay, 2, 0, 2, 0), OXRE_EINVAL);
    assert_failed(OXRE_EINVAL);
    /* The text flavour checks UTF-8 with a scratch too. */
    const uint8_t badutf[] = {'a', 0xff};
    ck_assert_int_eq(oxre_is_match_with(text, st, badutf, 2, 0), OXRE_EUTF8);
    assert_failed(OXRE_EUTF8);
    ck_assert_int_eq(oxre_search_with(text, st, badutf, 2, 0, 2, 0, &mm), OXRE_EUTF8);
    assert_failed(OXRE_EUTF8);
    ck_assert_int_eq(oxre_search_with(text, st, badutf, 2, 0, 1, OXRE_NO_UTF8_CHECK, &mm), 1);
    ck_assert_int_eq(oxre_find_groups_with(text, st, badutf, 2, 0, &m, 1), OXRE_EUTF8);
    assert_failed(OXRE_EUTF8);
    ck_assert_int_eq(oxre_find_groups(text, badutf, 2, 0, &m, 1), OXRE_EUTF8);
    assert_failed(OXRE_EUTF8);
    /* A failed call leaves the out-parameters alone. */
    m.start = 42;
    ck_assert_int_eq(oxre_find_with(re, so, hay, 2, 0, &m), OXRE_EINVAL);
    ck_assert_uint_eq(m.start, 42);
    oxre_last_error_clear();

    /* Every set search: NULL set, NULL scratch, another set's or a regex's
     * scratch, bad haystack, start, window, flags, too small an array. */
    oxre_scratch *s2 = oxre_set_scratch_new(set2);
    oxre_scratch *sbad[] = {NULL, s2, s};
    for (int i = 0; i < 3; i++) {
        oxre_scratch *b = sbad[i];
        int code = bad_code[i];
        ck_assert_int_eq(oxre_set_is_match_with(set, b, hay, 2, 0), code);
        assert_failed(code);
        ck_assert_int_eq(oxre_set_matches_with(set, b, hay, 2, 0, found, 2), code);
        assert_failed(code);
        ck_assert_int_eq(oxre_set_search_with(set, b, hay, 2, 0, 2, 0, found, 2), code);
        assert_failed(code);
    }
    /* A set's scratch is refused by a regex search (done above), and a
     * regex's by a set search. */
    ck_assert_int_eq(oxre_set_is_match_with(NULL, ss, hay, 2, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_set_matches_with(NULL, ss, hay, 2, 0, found, 2), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_set_search_with(NULL, ss, hay, 2, 0, 2, 0, found, 2), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_set_is_match_with(set, ss, NULL, 2, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_set_is_match_with(set, ss, hay, 2, 3), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(oxre_set_matches_with(set, ss, hay, 2, 3, found, 2), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(oxre_set_matches_with(set, ss, hay, 2, 0, found, 1), OXRE_ENOSPC);
    assert_failed(OXRE_ENOSPC);
    ck_assert_int_eq(oxre_set_matches_with(set, ss, hay, 2, 0, NULL, 2), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_set_search_with(set, ss, hay, 2, 1, 0, 0, found, 2), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE);
    ck_assert_int_eq(oxre_set_search_with(set, ss, hay, 2, 0, 2, 1u << 30, found, 2), OXRE_EFLAGS);
    assert_failed(OXRE_EFLAGS);
    ck_assert_int_eq(oxre_set_search_with(set, ss, hay, 2, 0, 2, 0, found, 1), OXRE_ENOSPC);
    assert_failed(OXRE_ENOSPC);
    /* The scratch still works after all of that. */
    ck_assert_int_eq(oxre_set_matches_with(set, ss, hay, 2, 0, found, 2), 2);
    ck_assert_int_eq(oxre_is_match_with(re, s, hay, 2, 0), 1);

    oxre_scratch_free(s2);
    oxre_captures_free(caps3);
    oxre_free(three);
    oxre_captures_free(caps);
    oxre_scratch_free(ss);
    oxre_scratch_free(st);
    oxre_scratch_free(so);
    oxre_scratch_free(s);
    oxre_set_free(set2);
    oxre_set_free(set);
    oxre_free(text);
    oxre_free(other);
    oxre_free(re);
}
END_TEST

START_TEST(iterator_outlives_its_regex)
{
    /* An iterator holds a cache taken from its regex for the whole run; the
     * regex may be freed first (1.0 allowed freeing in either order). */
    oxre_regex *re = compile_ok("\\d+", 0);
    oxre_iter *a = oxre_iter_new(re, H("1 22 333"), 0);
    oxre_iter *b = oxre_iter_new(re, H("4 55"), 0);
    oxre_span m;
    ck_assert_int_eq(oxre_iter_next(a, &m), 1);
    ck_assert_int_eq(oxre_iter_next(b, &m), 1);
    oxre_iter_free(b);
    oxre_iter *c = oxre_iter_new(re, H("7"), 0); /* reuses b's cache */
    ck_assert_int_eq(oxre_iter_next(c, &m), 1);
    ck_assert_uint_eq(m.end, 1);
    oxre_free(re);
    oxre_iter_free(c);
    oxre_iter_free(a);
}
END_TEST

START_TEST(iter_next_batch)
{
    for (size_t p = 0; p < N(patterns); p++) {
        oxre_regex *re = compile_ok(patterns[p], 0);
        for (size_t h = 0; h < N(haystacks); h++) {
            const uint8_t *hay = (const uint8_t *)haystacks[h];
            size_t len = strlen(haystacks[h]);
            for (size_t batch = 1; batch <= 3; batch++) {
                oxre_iter *one = oxre_iter_new(re, hay, len, 0);
                oxre_iter *many = oxre_iter_new(re, hay, len, 0);
                oxre_span m, got[3];
                int n;
                while ((n = oxre_iter_next_batch(many, got, batch)) > 0) {
                    ck_assert_int_le(n, (int)batch);
                    for (int i = 0; i < n; i++) {
                        ck_assert_int_eq(oxre_iter_next(one, &m), 1);
                        ck_assert_uint_eq(got[i].start, m.start);
                        ck_assert_uint_eq(got[i].end, m.end);
                    }
                }
                ck_assert_int_eq(n, 0);
                ck_assert_int_eq(oxre_iter_next(one, &m), 0);
                ck_assert_int_eq(oxre_iter_next_batch(many, got, 3), 0); /* stays done */
                oxre_iter_free(one);
                oxre_iter_free(many);
            }
        }
        oxre_free(re);
    }
    oxre_regex *re = compile_ok("a", 0);
    oxre_iter *it = oxre_iter_new(re, H("aaa"), 0);
    oxre_span got[2];
    ck_assert_int_eq(oxre_iter_next_batch(NULL, got, 2), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_iter_next_batch(it, NULL, 2), OXRE_ENULL);
    assert_failed(OXRE_ENULL);
    ck_assert_int_eq(oxre_iter_next_batch(it, got, (size_t)1 << 40), OXRE_EINVAL);
    assert_failed(OXRE_EINVAL);
    ck_assert_int_eq(oxre_iter_next_batch(it, NULL, 0), 0); /* moves nothing */
    ck_assert_int_eq(oxre_iter_next_batch(it, got, 2), 2);
    ck_assert_int_eq(oxre_iter_next_batch(it, got, 2), 1);
    ck_assert_uint_eq(got[0].start, 2);
    oxre_iter_free(it);
    oxre_free(re);
}
END_TEST

/* Many threads, each with its own scratch (and a set scratch), search one
 * shared regex and one shared set; each computes the digest one thread
 * computes. */
#define THREADS 8
static oxre_regex *shared_re;
static oxre_set *shared_set;
static char big[16 * 1024];
static size_t big_len;

struct digest {
    unsigned long long sum;
    int errors;
};

static struct digest scan(oxre_scratch *s, oxre_scratch *ss)
{
    struct digest d = {0, 0};
    const uint8_t *hay = (const uint8_t *)big;
    oxre_captures *caps = oxre_captures_new(shared_re);
    for (size_t at = 0; at < big_len; at += 37) {
        size_t end = at + 50 < big_len ? at + 50 : big_len;
        int r = oxre_is_match_with(shared_re, s, hay, end, at);
        oxre_span m;
        oxre_match mm;
        size_t n;
        bool found[3];
        d.sum = d.sum * 3 + (unsigned)r;
        if (oxre_find_with(shared_re, s, hay, big_len, at, &m) == 1)
            d.sum += m.start * 7 + m.end;
        if (oxre_search_with(shared_re, s, hay, big_len, at, end, 0, &mm) == 1)
            d.sum += mm.start * 11 + mm.end;
        if (oxre_captures_read_with(shared_re, s, caps, hay, end, at) == 1 &&
            oxre_captures_get(caps, 2, &m) == 1)
            d.sum += m.start * 13 + m.end;
        if (oxre_count_with(shared_re, s, hay, end, at, &n) != OXRE_OK)
            d.errors++;
        d.sum += n;
        int k = oxre_set_matches_with(shared_set, ss, hay, end, at, found, 3);
        if (k < 0)
            d.errors++;
        d.sum += (unsigned)k * 17 + found[0] + 2u * found[2];
    }
    oxre_captures_free(caps);
    return d;
}

static void *worker(void *arg)
{
    struct digest *out = arg;
    oxre_scratch *s = oxre_scratch_new(shared_re);
    oxre_scratch *ss = oxre_set_scratch_new(shared_set);
    *out = scan(s, ss);
    for (int r = 0; r < 4; r++) {
        struct digest d = scan(s, ss);
        if (d.sum != out->sum)
            out->errors++;
    }
    oxre_scratch_free(ss);
    oxre_scratch_free(s);
    return NULL;
}

START_TEST(threads_with_own_scratch)
{
    size_t n = 0;
    for (int i = 0; n + 40 < sizeof big; i++)
        n += (size_t)sprintf(big + n, "w%d=%d-%02d; ", i, 1990 + i % 40, i % 13);
    big_len = n;
    shared_re = compile_ok("(\\w+)=(\\d{4})-(\\d+)", 0);
    const char *pats[] = {"=199", "-1[0-2]", "w\\d*7="};
    shared_set = set_ok(pats, 3, 0);
    oxre_scratch *s = oxre_scratch_new(shared_re);
    oxre_scratch *ss = oxre_set_scratch_new(shared_set);
    struct digest one = scan(s, ss);
    ck_assert_int_eq(one.errors, 0);
    oxre_scratch_free(ss);
    oxre_scratch_free(s);

    pthread_t t[THREADS];
    struct digest d[THREADS];
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, worker, &d[i]), 0);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        ck_assert_int_eq(d[i].errors, 0);
        ck_assert_uint_eq(d[i].sum, one.sum);
    }
    oxre_set_free(shared_set);
    oxre_free(shared_re);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("scratch");
    TCase *tc = tcase_create("scratch");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, same_results_as_without_scratch);
    tcase_add_test(tc, find_groups);
    tcase_add_test(tc, set_same_results_as_without_scratch);
    tcase_add_test(tc, clones_share_scratch);
    tcase_add_test(tc, memory_usage);
    tcase_add_test(tc, error_paths);
    tcase_add_test(tc, iterator_outlives_its_regex);
    tcase_add_test(tc, iter_next_batch);
    tcase_add_test(tc, threads_with_own_scratch);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
