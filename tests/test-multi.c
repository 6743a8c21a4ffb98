/* Several patterns at once: multi-pattern regexes (positions and pattern
 * ids), sets (which patterns match), and the search controls. */
#include "testutil.h"

static const char *words[] = {"[0-9]+", "[a-z]+", "(?<up>[A-Z])(?<rest>[a-z]*)"};

static oxre_regex *many(const char **pats, size_t n, uint32_t flags)
{
    const uint8_t *p[8];
    size_t lens[8];
    for (size_t i = 0; i < n; i++) {
        p[i] = (const uint8_t *)pats[i];
        lens[i] = strlen(pats[i]);
    }
    oxre_regex *re = oxre_compile_many(p, lens, n, flags, NULL);
    ck_assert_ptr_nonnull(re);
    return re;
}

START_TEST(leftmost_match_with_pattern_id)
{
    oxre_regex *re = many(words, 3, 0);
    ck_assert_uint_eq(oxre_patterns_len(re), 3);
    const char *hay = "-- abc 42 Hello";
    oxre_match m;
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)hay, strlen(hay), 0, strlen(hay), 0, &m), 1);
    ck_assert_uint_eq(m.start, 3);
    ck_assert_uint_eq(m.end, 6);
    ck_assert_uint_eq(m.pattern, 1);

    /* Iterate: every match with its pattern. */
    oxre_iter *it = oxre_iter_new(re, (const uint8_t *)hay, strlen(hay), 0);
    size_t want[][3] = {{3, 6, 1}, {7, 9, 0}, {10, 15, 2}};
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(oxre_iter_next_match(it, &m), 1);
        ck_assert_uint_eq(m.start, want[i][0]);
        ck_assert_uint_eq(m.end, want[i][1]);
        ck_assert_uint_eq(m.pattern, want[i][2]);
    }
    ck_assert_int_eq(oxre_iter_next_match(it, &m), 0);
    oxre_iter_free(it);
    oxre_free(re);
}
END_TEST

START_TEST(first_listed_wins_at_same_position)
{
    const char *pats[] = {"ab", "abc", "a"};
    oxre_regex *re = many(pats, 3, 0);
    oxre_match m;
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)"xabc", 4, 0, 4, 0, &m), 1);
    ck_assert_uint_eq(m.pattern, 0);
    ck_assert_uint_eq(m.end, 3);
    oxre_free(re);
}
END_TEST

START_TEST(captures_per_pattern)
{
    oxre_regex *re = many(words, 3, 0);
    oxre_captures *caps = oxre_captures_new(re);
    const char *hay = "Hello 7";
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)hay, 7, 0), 1);
    ck_assert_int_eq(oxre_captures_pattern(caps), 2);
    ck_assert_uint_eq(oxre_captures_group_count(caps), 3);
    oxre_span s;
    ck_assert_int_eq(oxre_captures_name(caps, "rest", 4, &s), 1);
    ck_assert_uint_eq(s.start, 1);
    ck_assert_uint_eq(s.end, 5);
    oxre_span all[4];
    ck_assert_int_eq(oxre_captures_spans(caps, all, 4), 3); /* pattern 2's groups */
    ck_assert_uint_eq(all[0].end, 5);
    ck_assert_uint_eq(all[1].start, 0);
    ck_assert_uint_eq(all[1].end, 1);
    ck_assert_uint_eq(all[2].start, 1);
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)hay, 7, 5), 1);
    ck_assert_int_eq(oxre_captures_pattern(caps), 0);
    ck_assert_uint_eq(oxre_captures_group_count(caps), 1);
    ck_assert_int_eq(oxre_captures_get(caps, 1, &s), OXRE_ERANGE);
    /* Pattern 0 has no group "rest". */
    ck_assert_int_eq(oxre_captures_name(caps, "rest", 4, &s), OXRE_ENOGROUP);
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)"--", 2, 0), 0);
    ck_assert_int_eq(oxre_captures_pattern(caps), OXRE_ERANGE);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(error_names_the_pattern)
{
    const char *pats[] = {"ok", "fine", "bro(ken"};
    const uint8_t *p[3];
    size_t lens[3];
    for (int i = 0; i < 3; i++) {
        p[i] = (const uint8_t *)pats[i];
        lens[i] = strlen(pats[i]);
    }
    ck_assert_ptr_null(oxre_compile_many(p, lens, 3, 0, NULL));
    const oxre_error *e = oxre_last_error();
    ck_assert_int_eq(e->code, OXRE_ESYNTAX);
    ck_assert_uint_eq(e->pattern, 2);
    ck_assert(e->has_span);
    ck_assert_uint_eq(e->span.start, 3);
    ck_assert_ptr_nonnull(strstr(e->message, "pattern 2"));
    ck_assert_ptr_null(oxre_set_compile(p, lens, 3, 0, NULL));
    ck_assert_uint_eq(oxre_last_error()->pattern, 2);
    /* NULL arrays, NULL pattern with a length, invalid UTF-8. */
    ck_assert_ptr_null(oxre_compile_many(NULL, lens, 3, 0, NULL));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    ck_assert_ptr_null(oxre_compile_many(p, NULL, 3, 0, NULL));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    p[1] = NULL;
    ck_assert_ptr_null(oxre_compile_many(p, lens, 3, 0, NULL));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    ck_assert_uint_eq(oxre_last_error()->pattern, 1);
    p[1] = (const uint8_t *)"\xff";
    lens[1] = 1;
    ck_assert_ptr_null(oxre_compile_many(p, lens, 2, 0, NULL));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_EUTF8);
    ck_assert_uint_eq(oxre_last_error()->pattern, 1);
    ck_assert_ptr_null(oxre_compile_many(p, lens, 1, 1u << 30, NULL));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_EFLAGS);
}
END_TEST

/* The first bad pattern is the one named, whatever is wrong with the
 * later ones: each is checked wholly (UTF-8, parsing, then meaning) before
 * the next. */
static void assert_first_bad(const char **pats, const size_t *lens, size_t n, int code,
                             size_t pattern)
{
    const uint8_t *p[4];
    for (size_t i = 0; i < n; i++)
        p[i] = (const uint8_t *)pats[i];
    for (int kind = 0; kind < 2; kind++) {
        oxre_last_error_clear();
        if (kind == 0)
            ck_assert_ptr_null(oxre_compile_many(p, lens, n, 0, NULL));
        else
            ck_assert_ptr_null(oxre_set_compile(p, lens, n, 0, NULL));
        const oxre_error *e = oxre_last_error();
        ck_assert_ptr_nonnull(e);
        ck_assert_msg(e->code == code && e->pattern == pattern, "%s: code %d pattern %zu (%s)",
                      kind ? "set" : "many", e->code, e->pattern, e->message);
    }
}

START_TEST(error_names_the_first_bad_pattern)
{
    /* Bad syntax before bad UTF-8 (UTF-8 used to be checked first). */
    const char *a[] = {"ok", "bro(ken", "\xff"};
    size_t alen[] = {2, 7, 1};
    assert_first_bad(a, alen, 3, OXRE_ESYNTAX, 1);
    /* Bad UTF-8 before bad syntax. */
    const char *b[] = {"ok", "\xff", "bro(ken"};
    size_t blen[] = {2, 1, 7};
    assert_first_bad(b, blen, 3, OXRE_EUTF8, 1);
    /* A pattern that parses but means nothing (an unknown class) before one
     * that does not parse (all used to be parsed before any was read). */
    const char *c[] = {"\\p{Nope}", "(", "ok"};
    size_t clen[] = {8, 1, 2};
    assert_first_bad(c, clen, 3, OXRE_ESYNTAX, 0);
    /* Bad syntax before a NULL pattern. */
    const char *d[] = {"(", NULL};
    size_t dlen[] = {1, 1};
    assert_first_bad(d, dlen, 2, OXRE_ESYNTAX, 0);
    /* A later pattern's error is still found when the earlier ones are fine. */
    const char *e[] = {"a", "b", "\\p{Nope}"};
    size_t elen[] = {1, 1, 8};
    assert_first_bad(e, elen, 3, OXRE_ESYNTAX, 2);
}
END_TEST

START_TEST(zero_patterns_never_match)
{
    oxre_regex *re = oxre_compile_many(NULL, NULL, 0, 0, NULL);
    ck_assert_ptr_nonnull(re);
    ck_assert_uint_eq(oxre_patterns_len(re), 0);
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)"abc", 3, 0), 0);
    oxre_free(re);
    oxre_set *set = oxre_set_compile(NULL, NULL, 0, 0, NULL);
    ck_assert_ptr_nonnull(set);
    ck_assert_uint_eq(oxre_set_len(set), 0);
    ck_assert_int_eq(oxre_set_is_match(set, (const uint8_t *)"abc", 3, 0), 0);
    ck_assert_int_eq(oxre_set_matches(set, (const uint8_t *)"abc", 3, 0, NULL, 0), 0);
    oxre_set_free(set);
}
END_TEST

START_TEST(sets_report_every_matching_pattern)
{
    const char *pats[] = {"\\w+", "\\d+", "\\pN", "foo", "bar", "barfoo", "foobar"};
    const uint8_t *p[7];
    size_t lens[7];
    for (int i = 0; i < 7; i++) {
        p[i] = (const uint8_t *)pats[i];
        lens[i] = strlen(pats[i]);
    }
    oxre_set *set = oxre_set_compile(p, lens, 7, 0, NULL);
    ck_assert_ptr_nonnull(set);
    ck_assert_uint_eq(oxre_set_len(set), 7);
    bool matched[8];
    memset(matched, 1, sizeof matched);
    /* Overlapping matches all count, as with the crate's RegexSet. */
    ck_assert_int_eq(oxre_set_matches(set, (const uint8_t *)"foobar", 6, 0, matched, 8), 4);
    bool want[7] = {true, false, false, true, true, false, true};
    for (int i = 0; i < 7; i++)
        ck_assert_msg(matched[i] == want[i], "pattern %d", i);
    ck_assert_int_eq(oxre_set_is_match(set, (const uint8_t *)"foobar", 6, 0), 1);
    ck_assert_int_eq(oxre_set_is_match(set, (const uint8_t *)"!!", 2, 0), 0);
    /* From a start offset. */
    ck_assert_int_eq(oxre_set_matches(set, (const uint8_t *)"foobar", 6, 3, matched, 7), 2);
    ck_assert(matched[0] && matched[4] && !matched[3]);
    size_t len;
    const uint8_t *pat = oxre_set_pattern(set, 5, &len);
    ck_assert_uint_eq(len, 6);
    ck_assert_int_eq(memcmp(pat, "barfoo", 6), 0);
    /* Errors. */
    ck_assert_int_eq(oxre_set_matches(set, (const uint8_t *)"foobar", 6, 0, matched, 6), OXRE_ENOSPC);
    ck_assert_int_eq(errno, ERANGE);
    ck_assert_int_eq(oxre_set_matches(set, (const uint8_t *)"foobar", 6, 0, NULL, 7), OXRE_ENULL);
    ck_assert_int_eq(oxre_set_matches(set, (const uint8_t *)"foobar", 6, 7, matched, 7), OXRE_ERANGE);
    ck_assert_int_eq(oxre_set_matches(NULL, (const uint8_t *)"foobar", 6, 0, matched, 7), OXRE_ENULL);
    ck_assert_int_eq(oxre_set_is_match(NULL, (const uint8_t *)"a", 1, 0), OXRE_ENULL);
    ck_assert_int_eq(oxre_set_is_match(set, NULL, 1, 0), OXRE_ENULL);
    ck_assert_int_eq(oxre_set_is_match(set, (const uint8_t *)"a", 1, 2), OXRE_ERANGE);
    ck_assert_ptr_null(oxre_set_pattern(set, 7, &len));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ERANGE);
    ck_assert_uint_eq(len, 0);
    ck_assert_ptr_null(oxre_set_pattern(set, 0, NULL));
    ck_assert_ptr_null(oxre_set_pattern(NULL, 0, &len));
    ck_assert_uint_eq(oxre_set_len(NULL), 0);
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    oxre_set_free(set);
    oxre_set_free(NULL);
}
END_TEST

START_TEST(text_sets_validate)
{
    const uint8_t *p[] = {(const uint8_t *)"é"};
    size_t lens[] = {2};
    oxre_set *set = oxre_set_compile(p, lens, 1, OXRE_TEXT, NULL);
    ck_assert_int_eq(oxre_set_is_match(set, (const uint8_t *)"\xc3", 1, 0), OXRE_EUTF8);
    ck_assert_int_eq(oxre_set_is_match(set, (const uint8_t *)"caf\xc3\xa9", 5, 0), 1);
    oxre_set_free(set);
}
END_TEST

START_TEST(search_window_keeps_look_around)
{
    oxre_regex *re = compile_ok("^foo", 0);
    const char *hay = "a foo bar";
    /* [2,5) is "foo", but ^ sees the "a " before it. */
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)hay, 9, 2, 5, 0, NULL), 0);
    oxre_free(re);
    re = compile_ok("foo\\b", 0);
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)hay, 9, 2, 5, 0, NULL), 1);
    oxre_free(re);
    /* Only matches wholly inside the window count. */
    re = compile_ok("o+ b", 0);
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)hay, 9, 2, 6, 0, NULL), 0);
    oxre_match m;
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)hay, 9, 2, 7, 0, &m), 1);
    ck_assert_uint_eq(m.start, 3);
    ck_assert_uint_eq(m.end, 7);
    oxre_free(re);
}
END_TEST

START_TEST(anchored_and_earliest)
{
    oxre_regex *re = compile_ok("[0-9]+", 0);
    const char *hay = "ab123";
    oxre_match m;
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)hay, 5, 0, 5, OXRE_ANCHORED, &m), 0);
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)hay, 5, 2, 5, OXRE_ANCHORED, &m), 1);
    ck_assert_uint_eq(m.start, 2);
    ck_assert_uint_eq(m.end, 5);
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)hay, 5, 0, 5, OXRE_EARLIEST, &m), 1);
    ck_assert_uint_eq(m.start, 2);
    ck_assert_uint_le(m.end, 5);
    ck_assert_uint_ge(m.end, 3);
    /* Captures in a window, anchored. */
    oxre_captures *caps = oxre_captures_new(re);
    ck_assert_int_eq(oxre_search_captures(re, caps, (const uint8_t *)hay, 5, 3, 4, OXRE_ANCHORED), 1);
    oxre_span s;
    oxre_captures_get(caps, 0, &s);
    ck_assert_uint_eq(s.start, 3);
    ck_assert_uint_eq(s.end, 4);
    /* Errors. */
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)hay, 5, 3, 2, 0, &m), OXRE_ERANGE);
    ck_assert_int_eq(errno, ERANGE);
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)hay, 5, 0, 6, 0, &m), OXRE_ERANGE);
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)hay, 5, 0, 5, 1u << 5, &m), OXRE_EFLAGS);
    ck_assert_int_eq(oxre_search(NULL, (const uint8_t *)hay, 5, 0, 5, 0, &m), OXRE_ENULL);
    ck_assert_int_eq(oxre_search(re, NULL, 5, 0, 5, 0, &m), OXRE_ENULL);
    ck_assert_int_eq(oxre_search_captures(re, NULL, (const uint8_t *)hay, 5, 0, 5, 0), OXRE_ENULL);
    ck_assert_int_eq(oxre_search_captures(re, caps, (const uint8_t *)hay, 5, 4, 9, 0), OXRE_ERANGE);
    ck_assert_int_eq(oxre_search_captures(re, caps, (const uint8_t *)hay, 5, 0, 5, 1u << 9), OXRE_EFLAGS);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(iterate_in_a_window)
{
    oxre_regex *re = compile_ok("[0-9]", 0);
    const uint8_t *hay = (const uint8_t *)"12a34";
    oxre_iter *it = oxre_iter_new_window(re, hay, 5, 1, 4, 0);
    ck_assert_ptr_nonnull(it);
    oxre_match m;
    ck_assert_int_eq(oxre_iter_next_match(it, &m), 1);
    ck_assert_uint_eq(m.start, 1);
    ck_assert_int_eq(oxre_iter_next_match(it, &m), 1);
    ck_assert_uint_eq(m.start, 3);
    ck_assert_int_eq(oxre_iter_next_match(it, &m), 0); /* 4 is outside */
    oxre_iter_free(it);
    /* Anchored: each match must start where the last ended. */
    it = oxre_iter_new_window(re, hay, 5, 0, 5, OXRE_ANCHORED);
    ck_assert_int_eq(oxre_iter_next_match(it, &m), 1);
    ck_assert_uint_eq(m.start, 0);
    ck_assert_int_eq(oxre_iter_next_match(it, &m), 1);
    ck_assert_uint_eq(m.start, 1);
    ck_assert_int_eq(oxre_iter_next_match(it, &m), 0); /* 'a' breaks the run */
    oxre_iter_free(it);
    /* Errors. */
    ck_assert_ptr_null(oxre_iter_new_window(re, hay, 5, 3, 2, 0));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ERANGE);
    ck_assert_ptr_null(oxre_iter_new_window(re, hay, 5, 0, 6, 0));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ERANGE);
    ck_assert_ptr_null(oxre_iter_new_window(re, hay, 5, 0, 5, 1u << 6));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_EFLAGS);
    ck_assert_ptr_null(oxre_iter_new_window(NULL, hay, 5, 0, 5, 0));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    ck_assert_ptr_null(oxre_iter_new_window(re, NULL, 5, 0, 5, 0));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    oxre_free(re);
}
END_TEST

START_TEST(set_search_in_a_window)
{
    const uint8_t *p[] = {(const uint8_t *)"a", (const uint8_t *)"b", (const uint8_t *)"^a"};
    size_t lens[] = {1, 1, 2};
    oxre_set *set = oxre_set_compile(p, lens, 3, 0, NULL);
    bool matched[3];
    const uint8_t *hay = (const uint8_t *)"ab";
    ck_assert_int_eq(oxre_set_search(set, hay, 2, 1, 2, 0, matched, 3), 1);
    ck_assert(!matched[0] && matched[1] && !matched[2]);
    ck_assert_int_eq(oxre_set_search(set, hay, 2, 0, 2, OXRE_ANCHORED, matched, 3), 2);
    ck_assert(matched[0] && !matched[1] && matched[2]);
    ck_assert_int_eq(oxre_set_search(set, hay, 2, 0, 1, 0, NULL, 0), 2);
    /* Errors. */
    ck_assert_int_eq(oxre_set_search(set, hay, 2, 2, 1, 0, matched, 3), OXRE_ERANGE);
    ck_assert_int_eq(oxre_set_search(set, hay, 2, 0, 3, 0, matched, 3), OXRE_ERANGE);
    ck_assert_int_eq(oxre_set_search(set, hay, 2, 0, 2, 1u << 4, matched, 3), OXRE_EFLAGS);
    ck_assert_int_eq(oxre_set_search(set, hay, 2, 0, 2, 0, matched, 2), OXRE_ENOSPC);
    ck_assert_int_eq(oxre_set_search(NULL, hay, 2, 0, 2, 0, matched, 3), OXRE_ENULL);
    ck_assert_int_eq(oxre_set_search(set, NULL, 2, 0, 2, 0, matched, 3), OXRE_ENULL);
    oxre_set_free(set);
}
END_TEST

START_TEST(clone_and_static_captures)
{
    oxre_regex *re = compile_ok("(a)(b)?", 0);
    oxre_regex *copy = oxre_clone(re);
    ck_assert_ptr_nonnull(copy);
    oxre_free(re); /* the clone lives on its own */
    assert_find(copy, "xab", 1, 3);
    size_t len = 0;
    const uint8_t *pat = oxre_pattern(copy, 0, &len); /* not NUL-terminated */
    ck_assert_uint_eq(len, 7);
    ck_assert_int_eq(memcmp(pat, "(a)(b)?", 7), 0);
    ck_assert_int_eq(oxre_static_captures_len(copy, &len), 0); /* (b)? is optional */
    oxre_free(copy);
    re = compile_ok("(a)(b)", 0);
    ck_assert_int_eq(oxre_static_captures_len(re, &len), 1);
    ck_assert_uint_eq(len, 3);
    ck_assert_int_eq(oxre_static_captures_len(NULL, &len), OXRE_ENULL);
    ck_assert_ptr_null(oxre_clone(NULL));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    ck_assert_ptr_null(oxre_pattern(re, 1, &len));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ERANGE);
    ck_assert_uint_eq(oxre_patterns_len(NULL), 0);
    oxre_free(re);
}
END_TEST

START_TEST(captures_object_misuse)
{
    oxre_regex *re = compile_ok("(a)", 0);
    oxre_captures *caps = oxre_captures_new(re);
    ck_assert_int_eq(oxre_captures_pattern(NULL), OXRE_ENULL);
    ck_assert_int_eq(oxre_captures_pattern(caps), OXRE_ERANGE); /* no match yet */
    ck_assert_int_eq(oxre_captures_name(NULL, "x", 1, NULL), OXRE_ENULL);
    ck_assert_int_eq(oxre_captures_name(caps, NULL, 1, NULL), OXRE_ENULL);
    ck_assert_int_eq(oxre_captures_name(caps, "nope", 4, NULL), OXRE_ENOGROUP);
    ck_assert_int_eq(errno, ENOENT);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("multi");
    TCase *tc = tcase_create("multi");
    tcase_add_test(tc, leftmost_match_with_pattern_id);
    tcase_add_test(tc, first_listed_wins_at_same_position);
    tcase_add_test(tc, captures_per_pattern);
    tcase_add_test(tc, error_names_the_pattern);
    tcase_add_test(tc, error_names_the_first_bad_pattern);
    tcase_add_test(tc, zero_patterns_never_match);
    tcase_add_test(tc, sets_report_every_matching_pattern);
    tcase_add_test(tc, text_sets_validate);
    tcase_add_test(tc, search_window_keeps_look_around);
    tcase_add_test(tc, anchored_and_earliest);
    tcase_add_test(tc, iterate_in_a_window);
    tcase_add_test(tc, set_search_in_a_window);
    tcase_add_test(tc, clone_and_static_captures);
    tcase_add_test(tc, captures_object_misuse);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
