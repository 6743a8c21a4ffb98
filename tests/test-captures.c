/* Capture groups: the reusable captures object, and group names. */
#include "testutil.h"

static void assert_group(const oxre_captures *caps, size_t i, size_t s, size_t e)
{
    oxre_span span = {999, 999};
    ck_assert_int_eq(oxre_captures_get(caps, i, &span), 1);
    ck_assert_uint_eq(span.start, s);
    ck_assert_uint_eq(span.end, e);
}

START_TEST(groups_of_one_match)
{
    oxre_regex *re = compile_ok("(\\w+)@(\\w+)\\.(com|org)", 0);
    ck_assert_uint_eq(oxre_captures_len(re), 4);
    oxre_captures *caps = oxre_captures_new(re);
    ck_assert_ptr_nonnull(caps);
    ck_assert_uint_eq(oxre_captures_group_count(caps), 4);
    const char *hay = "mail: ada@lovelace.org!";
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)hay, strlen(hay), 0), 1);
    assert_group(caps, 0, 6, 22);
    assert_group(caps, 1, 6, 9);
    assert_group(caps, 2, 10, 18);
    assert_group(caps, 3, 19, 22);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(group_that_did_not_participate)
{
    oxre_regex *re = compile_ok("(a)|(b)", 0);
    oxre_captures *caps = oxre_captures_new(re);
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)"b", 1, 0), 1);
    oxre_span span = {7, 8};
    ck_assert_int_eq(oxre_captures_get(caps, 1, &span), 0);
    ck_assert_uint_eq(span.start, 7); /* left as it was */
    assert_group(caps, 2, 0, 1);
    /* An optional group that matched the empty string did participate. */
    oxre_captures_free(caps);
    oxre_free(re);
    re = compile_ok("a(b*)c", 0);
    caps = oxre_captures_new(re);
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)"ac", 2, 0), 1);
    assert_group(caps, 1, 1, 1);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(no_match_clears_groups)
{
    oxre_regex *re = compile_ok("(x)(y)", 0);
    oxre_captures *caps = oxre_captures_new(re);
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)"xy", 2, 0), 1);
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)"zz", 2, 0), 0);
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(oxre_captures_get(caps, i, NULL), 0);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(captures_object_is_reusable)
{
    oxre_regex *re = compile_ok("([0-9]+)-([0-9]+)", 0);
    oxre_captures *caps = oxre_captures_new(re);
    const char *hay = "1-22 333-4444";
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)hay, strlen(hay), 0), 1);
    assert_group(caps, 2, 2, 4);
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)hay, strlen(hay), 4), 1);
    assert_group(caps, 0, 5, 13);
    assert_group(caps, 1, 5, 8);
    assert_group(caps, 2, 9, 13);
    /* A captures object fits any regex with the same number of groups. */
    oxre_regex *other = compile_ok("(a)(b)", 0);
    ck_assert_int_eq(oxre_captures_read(other, caps, (const uint8_t *)"xab", 3, 0), 1);
    assert_group(caps, 2, 2, 3);
    oxre_free(other);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(captures_over_unicode_and_bytes)
{
    oxre_regex *re = compile_ok("(\\p{Han}+)(?-u:(\\xff+))", 0);
    oxre_captures *caps = oxre_captures_new(re);
    const char hay[] = "x\xe6\xbc\xa2\xe5\xad\x97\xff\xffz"; /* x 漢字 FF FF z */
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)hay, sizeof hay - 1, 0), 1);
    assert_group(caps, 0, 1, 9);
    assert_group(caps, 1, 1, 7);
    assert_group(caps, 2, 7, 9);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(group_names)
{
    oxre_regex *re = compile_ok("(?<year>\\d{4})-(\\d{2})-(?P<day>\\d{2})", 0);
    ck_assert_uint_eq(oxre_captures_len(re), 4);
    ck_assert_uint_eq(oxre_names_count(re), 2);
    ck_assert_int_eq(oxre_capture_index(re, "year", 4), 1);
    ck_assert_int_eq(oxre_capture_index(re, "day", 3), 3);
    /* The name is pointer + length: "dayX" with length 3 is "day". */
    ck_assert_int_eq(oxre_capture_index(re, "dayX", 3), 3);

    const char *name = "sentinel";
    ck_assert_int_eq(oxre_capture_name(re, 0, &name), 0);
    ck_assert_ptr_null(name);
    ck_assert_int_eq(oxre_capture_name(re, 1, &name), 1);
    ck_assert_str_eq(name, "year");
    ck_assert_int_eq(oxre_capture_name(re, 2, &name), 0);
    ck_assert_ptr_null(name);
    ck_assert_int_eq(oxre_capture_name(re, 3, &name), 1);
    ck_assert_str_eq(name, "day");

    oxre_captures *caps = oxre_captures_new(re);
    const char *hay = "on 2024-02-29.";
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)hay, strlen(hay), 0), 1);
    assert_group(caps, oxre_capture_index(re, "day", 3), 11, 13);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(all_spans_in_one_call)
{
    oxre_regex *re = compile_ok("(a)|(b)(c)?", 0);
    oxre_captures *caps = oxre_captures_new(re);
    oxre_span spans[5];
    memset(spans, 0, sizeof spans);
    ck_assert_int_eq(oxre_captures_spans(caps, spans, 5), 0); /* no match yet */
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)"xb", 2, 0), 1);
    ck_assert_int_eq(oxre_captures_spans(caps, spans, 5), 4);
    ck_assert_uint_eq(spans[0].start, 1);
    ck_assert_uint_eq(spans[0].end, 2);
    ck_assert_uint_eq(spans[1].start, SIZE_MAX); /* did not participate */
    ck_assert_uint_eq(spans[1].end, SIZE_MAX);
    ck_assert_uint_eq(spans[2].start, 1);
    ck_assert_uint_eq(spans[3].start, SIZE_MAX);
    ck_assert_uint_eq(spans[4].start, 0); /* beyond the groups: untouched */
    /* A shorter array gets the first groups; the count is still all. */
    oxre_span one = {7, 7};
    ck_assert_int_eq(oxre_captures_spans(caps, &one, 1), 4);
    ck_assert_uint_eq(one.start, 1);
    ck_assert_int_eq(oxre_captures_spans(caps, NULL, 0), 4);
    ck_assert_int_eq(oxre_captures_spans(caps, NULL, 2), OXRE_ENULL);
    ck_assert_int_eq(oxre_captures_spans(NULL, spans, 5), OXRE_ENULL);
    ck_assert_int_eq(errno, EFAULT);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(no_groups)
{
    oxre_regex *re = compile_ok("abc", 0);
    ck_assert_uint_eq(oxre_captures_len(re), 1);
    ck_assert_uint_eq(oxre_names_count(re), 0);
    oxre_captures *caps = oxre_captures_new(re);
    ck_assert_uint_eq(oxre_captures_group_count(caps), 1);
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)"xabc", 4, 0), 1);
    assert_group(caps, 0, 1, 4);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(non_capturing_groups_do_not_count)
{
    oxre_regex *re = compile_ok("(?:a)(b)(?i:c)", 0);
    ck_assert_uint_eq(oxre_captures_len(re), 2);
    oxre_free(re);
}
END_TEST

START_TEST(static_captures_len_counts_by_structure)
{
    struct {
        const char *pattern;
        int found;
        size_t len;
    } cases[] = {
        {"a", 1, 1},          {"(a)(b)", 1, 3},   {"(a)|(b)", 1, 2},
        {"a|(b)", 0, 0},      {"(a)?", 0, 0},     {"(a)*", 0, 0},
        {"(a)+", 1, 2},       {"(a){0}(a)", 1, 2}, {"((..)|(.)){2}", 1, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        oxre_regex *re = compile_ok(cases[i].pattern, 0);
        size_t len = 99;
        ck_assert_msg(oxre_static_captures_len(re, &len) == cases[i].found &&
                          (!cases[i].found || len == cases[i].len),
                      "%s: %zu", cases[i].pattern, len);
        ck_assert_int_eq(oxre_static_captures_len(re, NULL), cases[i].found);
        oxre_free(re);
    }
    /* (a){0}(a): 3 groups, 2 of them in every match. */
    oxre_regex *re = compile_ok("(a){0}(a)", 0);
    oxre_captures *caps = oxre_captures_new(re);
    ck_assert_uint_eq(oxre_captures_len(re), 3);
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)"a", 1, 0), 1);
    ck_assert_int_eq(oxre_captures_get(caps, 1, NULL), 0);
    ck_assert_int_eq(oxre_captures_get(caps, 2, NULL), 1);
    oxre_captures_free(caps);
    oxre_free(re);
    /* More than the static count: both inner groups kept from two rounds. */
    re = compile_ok("((..)|(.)){2}", 0);
    caps = oxre_captures_new(re);
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)"aaa", 3, 0), 1);
    int set = 0;
    for (size_t g = 0; g < oxre_captures_len(re); g++)
        set += oxre_captures_get(caps, g, NULL);
    ck_assert_int_eq(set, 4);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("captures");
    TCase *tc = tcase_create("captures");
    tcase_add_test(tc, groups_of_one_match);
    tcase_add_test(tc, group_that_did_not_participate);
    tcase_add_test(tc, no_match_clears_groups);
    tcase_add_test(tc, captures_object_is_reusable);
    tcase_add_test(tc, captures_over_unicode_and_bytes);
    tcase_add_test(tc, group_names);
    tcase_add_test(tc, all_spans_in_one_call);
    tcase_add_test(tc, no_groups);
    tcase_add_test(tc, non_capturing_groups_do_not_count);
    tcase_add_test(tc, static_captures_len_counts_by_structure);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
