/* Iteration over successive matches, with the regex crate's rules for empty
 * matches. */
#include "testutil.h"

/* Collects up to `max` match spans of pattern in hay (len bytes) as
 * "s-e,s-e,..." for compact comparison. */
static void spans(const char *pattern, uint32_t flags, const char *hay, size_t len, size_t start,
                  char *out, size_t outlen)
{
    oxre_regex *re = compile_ok(pattern, flags);
    oxre_iter *it = oxre_iter_new(re, (const uint8_t *)hay, len, start);
    ck_assert_ptr_nonnull(it);
    oxre_span m;
    size_t n = 0;
    out[0] = '\0';
    while (oxre_iter_next(it, &m) == 1) {
        n += (size_t)snprintf(out + n, outlen - n, "%s%zu-%zu", n ? "," : "", m.start, m.end);
        ck_assert_uint_lt(n, outlen);
    }
    /* Once done, it stays done. */
    ck_assert_int_eq(oxre_iter_next(it, &m), 0);
    ck_assert_int_eq(oxre_iter_next(it, NULL), 0);
    oxre_iter_free(it);
    oxre_free(re);
}

#define assert_spans(pattern, flags, hay, expect)                          \
    do {                                                                   \
        char buf_[512];                                                    \
        spans((pattern), (flags), (hay), strlen(hay), 0, buf_, sizeof buf_); \
        ck_assert_str_eq(buf_, (expect));                                  \
    } while (0)

START_TEST(non_overlapping_matches)
{
    assert_spans("[0-9]+", 0, "a1 22 333", "1-2,3-5,6-9");
    assert_spans("aa", 0, "aaaaa", "0-2,2-4");
    assert_spans("x", 0, "abc", "");
}
END_TEST

START_TEST(empty_matches_follow_the_crate)
{
    /* An empty match right where the previous match ended is skipped. */
    assert_spans("a*", 0, "baaab", "0-0,1-4,5-5");
    assert_spans("", 0, "abc", "0-0,1-1,2-2,3-3");
    assert_spans("\\b", 0, "ab cd", "0-0,2-2,3-3,5-5");
    assert_spans("a?", 0, "aab", "0-1,1-2,3-3");
    assert_spans("", 0, "", "0-0");
}
END_TEST

START_TEST(empty_matches_across_multibyte_characters)
{
    /* Bytes flavour: an empty match may fall inside a UTF-8 sequence, as in
     * regex::bytes; ☃ is 3 bytes. */
    assert_spans("", 0, "☃", "0-0,1-1,2-2,3-3");
    /* A non-empty match never splits a code point in Unicode mode. */
    assert_spans(".", 0, "a☃b", "0-1,1-4,4-5");
    assert_spans("\\w*", 0, "é-ü", "0-2,3-5");
}
END_TEST

START_TEST(anchors_in_multi_line_mode)
{
    assert_spans("^\\w+$", OXRE_MULTI_LINE, "one\ntwo\n\nthree", "0-3,4-7,9-14");
    assert_spans("^", OXRE_MULTI_LINE, "a\nb\n", "0-0,2-2,4-4");
    assert_spans("$", OXRE_MULTI_LINE, "a\nb\n", "1-1,3-3,4-4");
    assert_spans("^\\w+$", OXRE_MULTI_LINE | OXRE_CRLF, "ab\r\ncd\r\n", "0-2,4-6");
}
END_TEST

START_TEST(invalid_utf8_haystack)
{
    const char hay[] = "a\xff" "bc\xfe\xff" "d";
    char buf[128];
    spans("[a-z]+", 0, hay, sizeof hay - 1, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, "0-1,2-4,6-7");
    spans("(?-u:[\\x80-\\xff])", 0, hay, sizeof hay - 1, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, "1-2,4-5,5-6");
}
END_TEST

START_TEST(iteration_from_a_start_offset)
{
    char buf[128];
    spans("\\w+", 0, "ab cd ef", 8, 4, buf, sizeof buf);
    ck_assert_str_eq(buf, "4-5,6-8");
    /* Look-behind still sees before the start: \b is not at 4. */
    spans("\\b\\w", 0, "ab cd ef", 8, 4, buf, sizeof buf);
    ck_assert_str_eq(buf, "6-7");
    spans("x*", 0, "abc", 3, 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "3-3");
}
END_TEST

START_TEST(iterating_captures)
{
    oxre_regex *re = compile_ok("(?<k>\\w+)=(?<v>\\w*)", 0);
    oxre_captures *caps = oxre_captures_new(re);
    const char *hay = "a=1, bb=, c=33";
    oxre_iter *it = oxre_iter_new(re, (const uint8_t *)hay, strlen(hay), 0);
    size_t want[3][6] = {{0, 3, 0, 1, 2, 3}, {5, 8, 5, 7, 8, 8}, {10, 14, 10, 11, 12, 14}};
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(oxre_iter_next_captures(it, caps), 1);
        for (size_t g = 0; g < 3; g++) {
            oxre_span s;
            ck_assert_int_eq(oxre_captures_get(caps, g, &s), 1);
            ck_assert_uint_eq(s.start, want[i][2 * g]);
            ck_assert_uint_eq(s.end, want[i][2 * g + 1]);
        }
    }
    ck_assert_int_eq(oxre_iter_next_captures(it, caps), 0);
    oxre_iter_free(it);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(captures_and_plain_steps_mix)
{
    oxre_regex *re = compile_ok("(a)|(b)", 0);
    oxre_captures *caps = oxre_captures_new(re);
    oxre_iter *it = oxre_iter_new(re, (const uint8_t *)"abab", 4, 0);
    oxre_span s;
    ck_assert_int_eq(oxre_iter_next(it, &s), 1);
    ck_assert_uint_eq(s.start, 0);
    ck_assert_int_eq(oxre_iter_next_captures(it, caps), 1);
    ck_assert_int_eq(oxre_captures_get(caps, 1, NULL), 0);
    ck_assert_int_eq(oxre_captures_get(caps, 2, &s), 1);
    ck_assert_uint_eq(s.start, 1);
    ck_assert_int_eq(oxre_iter_next(it, &s), 1);
    ck_assert_uint_eq(s.start, 2);
    ck_assert_int_eq(oxre_iter_next_captures(it, caps), 1);
    ck_assert_int_eq(oxre_captures_get(caps, 0, &s), 1);
    ck_assert_uint_eq(s.start, 3);
    ck_assert_int_eq(oxre_iter_next_captures(it, caps), 0);
    oxre_iter_free(it);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(empty_capture_matches_iterate_like_find)
{
    /* The captures steps skip empty matches exactly as the plain steps do. */
    oxre_regex *re = compile_ok("(a*)", 0);
    oxre_captures *caps = oxre_captures_new(re);
    oxre_iter *it = oxre_iter_new(re, (const uint8_t *)"baaab", 5, 0);
    size_t want[3][2] = {{0, 0}, {1, 4}, {5, 5}};
    for (int i = 0; i < 3; i++) {
        oxre_span s;
        ck_assert_int_eq(oxre_iter_next_captures(it, caps), 1);
        ck_assert_int_eq(oxre_captures_get(caps, 1, &s), 1);
        ck_assert_uint_eq(s.start, want[i][0]);
        ck_assert_uint_eq(s.end, want[i][1]);
    }
    ck_assert_int_eq(oxre_iter_next_captures(it, caps), 0);
    oxre_iter_free(it);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

/* Anchored window iteration, as "s-e,..." (whole haystack as the window). */
static void anchored_spans(const char *pattern, uint32_t flags, const char *hay, char *out,
                           size_t outlen)
{
    oxre_regex *re = compile_ok(pattern, flags);
    size_t len = strlen(hay), n = 0;
    oxre_iter *it = oxre_iter_new_window(re, (const uint8_t *)hay, len, 0, len, OXRE_ANCHORED);
    ck_assert_ptr_nonnull(it);
    oxre_match m;
    out[0] = '\0';
    while (oxre_iter_next_match(it, &m) == 1) {
        n += (size_t)snprintf(out + n, outlen - n, "%s%zu-%zu", n ? "," : "", m.start, m.end);
        ck_assert_uint_lt(n, outlen);
    }
    oxre_iter_free(it);
    oxre_free(re);
}

#define assert_anchored_spans(pattern, flags, hay, expect)                 \
    do {                                                                   \
        char buf_[512];                                                    \
        anchored_spans((pattern), (flags), (hay), buf_, sizeof buf_);      \
        ck_assert_str_eq(buf_, (expect));                                  \
    } while (0)

START_TEST(anchored_window_steps_past_an_empty_match)
{
    uint32_t flavours[2] = {0, OXRE_TEXT};
    for (int f = 0; f < 2; f++) {
        /* Each match where the previous one ended ... */
        assert_anchored_spans("b", flavours[f], "bbxb", "0-1,1-2");
        /* ... except where that is an empty match right at the previous
         * match's end: the search is anchored one byte on instead. */
        assert_anchored_spans("b|", flavours[f], "bxb", "0-1,2-3");
        assert_anchored_spans("b|", flavours[f], "xb", "0-0,1-2");
        assert_anchored_spans("b|", flavours[f], "bxxb", "0-1,2-2,3-4");
        assert_anchored_spans("a*", flavours[f], "baaab", "0-0,1-4,5-5");
        assert_anchored_spans("é|", flavours[f], "éxé", "0-2,3-5");
    }
    /* One byte on may be inside a character: bytes may match there, text
     * never does, which ends the iteration. */
    assert_anchored_spans("x|", 0, "xéx", "0-1,2-2,3-4");
    assert_anchored_spans("x|", OXRE_TEXT, "xéx", "0-1");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("iter");
    TCase *tc = tcase_create("iter");
    tcase_add_test(tc, non_overlapping_matches);
    tcase_add_test(tc, empty_matches_follow_the_crate);
    tcase_add_test(tc, empty_matches_across_multibyte_characters);
    tcase_add_test(tc, anchors_in_multi_line_mode);
    tcase_add_test(tc, invalid_utf8_haystack);
    tcase_add_test(tc, iteration_from_a_start_offset);
    tcase_add_test(tc, iterating_captures);
    tcase_add_test(tc, captures_and_plain_steps_mix);
    tcase_add_test(tc, empty_capture_matches_iterate_like_find);
    tcase_add_test(tc, anchored_window_steps_past_an_empty_match);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
