/* Searching: is-match, find and shortest match, from a start offset, over
 * arbitrary bytes. */
#include "testutil.h"

START_TEST(leftmost_first_not_longest)
{
    /* Perl/RE2 semantics: the first alternative that matches wins. */
    oxre_regex *re = compile_ok("a|ab", 0);
    assert_find(re, "ab", 0, 1);
    oxre_free(re);
    re = compile_ok("ab|a", 0);
    assert_find(re, "ab", 0, 2);
    oxre_free(re);
    /* Leftmost: the earliest start wins over a longer later match. */
    re = compile_ok("b+|a", 0);
    assert_find(re, "xabbb", 1, 2);
    oxre_free(re);
}
END_TEST

START_TEST(unicode_classes)
{
    oxre_regex *re = compile_ok("\\p{Greek}+", 0);
    assert_find(re, "abc αβγ def", 4, 10);
    oxre_free(re);
    re = compile_ok("\\d+", 0);
    assert_find(re, "x\xd9\xa3\xd9\xa4y", 1, 5); /* ARABIC-INDIC DIGITS THREE, FOUR */
    oxre_free(re);
    re = compile_ok("[[:alpha:]]+", 0); /* POSIX classes are ASCII */
    assert_find(re, "éab", 2, 4);
    oxre_free(re);
    re = compile_ok("\\p{Lu}", 0);
    assert_find(re, "aÉ", 1, 3);
    oxre_free(re);
}
END_TEST

START_TEST(dot_matches_code_points)
{
    oxre_regex *re = compile_ok("^.$", 0);
    assert_find(re, "☃", 0, 3); /* one code point, three bytes */
    oxre_free(re);
    re = compile_ok("^.$", OXRE_NO_UNICODE);
    assert_no_match(re, "☃");
    oxre_free(re);
}
END_TEST

START_TEST(invalid_utf8_haystack)
{
    /* Invalid UTF-8 is fine: it just does not match Unicode classes. */
    const char hay[] = "ab\xff\xfe" "cd\xc3";
    oxre_regex *re = compile_ok("[a-z]+", 0);
    assert_find_at(re, hay, 7, 0, 0, 2);
    assert_find_at(re, hay, 7, 2, 4, 6);
    oxre_free(re);
    re = compile_ok("(?-u:\\xff\\xfe)", 0);
    assert_find_at(re, hay, 7, 0, 2, 4);
    oxre_free(re);
    /* A truncated sequence at the end is not a code point. */
    re = compile_ok("\\w$", 0);
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)hay, 7, 0), 0);
    oxre_free(re);
}
END_TEST

START_TEST(raw_byte_classes)
{
    /* The bytes flavour accepts patterns that match invalid UTF-8, as
     * regex::bytes does: an ASCII-only negated class takes any byte. */
    oxre_regex *re = compile_ok("(?-u:\\W)+", 0);
    assert_find_at(re, "ab\xff\x80" "c", 5, 0, 2, 4);
    oxre_free(re);
}
END_TEST

START_TEST(nul_bytes_in_haystack)
{
    oxre_regex *re = compile_ok("b\\x00c", 0);
    assert_find_at(re, "ab\0cd", 5, 0, 1, 4);
    oxre_free(re);
}
END_TEST

START_TEST(start_offset_keeps_look_behind)
{
    oxre_regex *re = compile_ok("^b", 0);
    /* Searching from 1 is not searching "b": ^ still sees the 'a'. */
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)"ab", 2, 1), 0);
    oxre_free(re);
    re = compile_ok("\\bb", 0);
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)"ab", 2, 1), 0);
    assert_find_at(re, "a b", 3, 1, 2, 3);
    oxre_free(re);
    re = compile_ok("^b", OXRE_MULTI_LINE);
    assert_find_at(re, "a\nb", 3, 1, 2, 3);
    oxre_free(re);
}
END_TEST

START_TEST(start_offset_skips_earlier_matches)
{
    oxre_regex *re = compile_ok("[0-9]+", 0);
    assert_find_at(re, "12 34", 5, 0, 0, 2);
    assert_find_at(re, "12 34", 5, 1, 1, 2);
    assert_find_at(re, "12 34", 5, 2, 3, 5);
    ck_assert_int_eq(oxre_find(re, (const uint8_t *)"12 34", 5, 5, NULL), 0);
    oxre_free(re);
}
END_TEST

START_TEST(start_at_end_is_allowed)
{
    oxre_regex *re = compile_ok("$", 0);
    assert_find_at(re, "abc", 3, 3, 3, 3);
    oxre_free(re);
    re = compile_ok("x", 0);
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)"abc", 3, 3), 0);
    oxre_free(re);
}
END_TEST

START_TEST(empty_haystack_may_be_null)
{
    oxre_regex *re = compile_ok("a*", 0);
    oxre_span m = {7, 7};
    ck_assert_int_eq(oxre_find(re, NULL, 0, 0, &m), 1);
    ck_assert_uint_eq(m.start, 0);
    ck_assert_uint_eq(m.end, 0);
    ck_assert_int_eq(oxre_is_match(re, NULL, 0, 0), 1);
    oxre_free(re);
}
END_TEST

START_TEST(find_leaves_span_alone_without_match)
{
    oxre_regex *re = compile_ok("z", 0);
    oxre_span m = {42, 43};
    ck_assert_int_eq(find_str(re, "abc", &m), 0);
    ck_assert_uint_eq(m.start, 42);
    ck_assert_uint_eq(m.end, 43);
    /* A NULL out-parameter only tests. */
    ck_assert_int_eq(find_str(re, "xyz", NULL), 1);
    oxre_free(re);
}
END_TEST

START_TEST(shortest_match_end)
{
    oxre_regex *re = compile_ok("a+", 0);
    size_t end = 99;
    ck_assert_int_eq(oxre_shortest_match(re, (const uint8_t *)"xaaa", 4, 0, &end), 1);
    /* Any end the engine can vouch for: at least the first 'a', at most all. */
    ck_assert_uint_ge(end, 2);
    ck_assert_uint_le(end, 4);
    ck_assert_int_eq(oxre_shortest_match(re, (const uint8_t *)"xyz", 3, 0, &end), 0);
    ck_assert_int_eq(oxre_shortest_match(re, (const uint8_t *)"xaaa", 4, 0, NULL), 1);
    oxre_free(re);
    /* It reports a match exactly when find does. */
    re = compile_ok("[0-9]{3}", 0);
    ck_assert_int_eq(oxre_shortest_match(re, (const uint8_t *)"12a345", 6, 0, &end), 1);
    ck_assert_uint_eq(end, 6);
    ck_assert_int_eq(oxre_shortest_match(re, (const uint8_t *)"12a345", 6, 4, &end), 0);
    oxre_free(re);
}
END_TEST

START_TEST(count_matches)
{
    oxre_regex *re = compile_ok("[0-9]+", 0);
    size_t n = 99;
    ck_assert_int_eq(oxre_count(re, (const uint8_t *)"1 22 333 x", 10, 0, &n), OXRE_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(oxre_count(re, (const uint8_t *)"1 22 333 x", 10, 3, &n), OXRE_OK);
    ck_assert_uint_eq(n, 2); /* "2" at 3, then "333" */
    ck_assert_int_eq(oxre_count(re, NULL, 0, 0, &n), OXRE_OK);
    ck_assert_uint_eq(n, 0);
    oxre_free(re);
    /* Empty matches count as the iterator finds them. */
    re = compile_ok("a*", 0);
    ck_assert_int_eq(oxre_count(re, (const uint8_t *)"baaab", 5, 0, &n), OXRE_OK);
    ck_assert_uint_eq(n, 3);
    /* Errors. */
    ck_assert_int_eq(oxre_count(re, (const uint8_t *)"baaab", 5, 0, NULL), OXRE_ENULL);
    ck_assert_int_eq(oxre_count(NULL, (const uint8_t *)"baaab", 5, 0, &n), OXRE_ENULL);
    ck_assert_int_eq(oxre_count(re, NULL, 5, 0, &n), OXRE_ENULL);
    ck_assert_int_eq(oxre_count(re, (const uint8_t *)"baaab", 5, 6, &n), OXRE_ERANGE);
    ck_assert_int_eq(errno, ERANGE);
    oxre_free(re);
    re = compile_ok("a", OXRE_TEXT);
    ck_assert_int_eq(oxre_count(re, (const uint8_t *)"a\xff", 2, 0, &n), OXRE_EUTF8);
    oxre_free(re);
}
END_TEST

START_TEST(catastrophic_patterns_are_linear)
{
    /* (a+)+$ on a...a! is exponential for backtracking engines; here it is
     * an ordinary search (and must still be correct). */
    static char hay[20001];
    memset(hay, 'a', 20000);
    hay[20000] = '!';
    oxre_regex *re = compile_ok("(a+)+$", 0);
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)hay, sizeof hay, 0), 0);
    ck_assert_int_eq(oxre_find(re, (const uint8_t *)hay, 20000, 0, NULL), 1);
    oxre_free(re);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("search");
    TCase *tc = tcase_create("search");
    tcase_add_test(tc, leftmost_first_not_longest);
    tcase_add_test(tc, unicode_classes);
    tcase_add_test(tc, dot_matches_code_points);
    tcase_add_test(tc, invalid_utf8_haystack);
    tcase_add_test(tc, raw_byte_classes);
    tcase_add_test(tc, nul_bytes_in_haystack);
    tcase_add_test(tc, start_offset_keeps_look_behind);
    tcase_add_test(tc, start_offset_skips_earlier_matches);
    tcase_add_test(tc, start_at_end_is_allowed);
    tcase_add_test(tc, empty_haystack_may_be_null);
    tcase_add_test(tc, find_leaves_span_alone_without_match);
    tcase_add_test(tc, shortest_match_end);
    tcase_add_test(tc, count_matches);
    tcase_add_test(tc, catastrophic_patterns_are_linear);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
