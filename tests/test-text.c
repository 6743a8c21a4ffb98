/* The text flavour (OXRE_TEXT, the crate's regex::Regex): UTF-8 only, in
 * patterns and haystacks, and empty matches that never split a character. */
#include "testutil.h"

static char *spans_of(oxre_regex *re, const char *hay, size_t len, char *out, size_t outlen)
{
    oxre_iter *it = oxre_iter_new(re, (const uint8_t *)hay, len, 0);
    ck_assert_ptr_nonnull(it);
    oxre_span m;
    size_t n = 0;
    out[0] = '\0';
    while (oxre_iter_next(it, &m) == 1)
        n += (size_t)snprintf(out + n, outlen - n, "%s%zu-%zu", n ? "," : "", m.start, m.end);
    oxre_iter_free(it);
    return out;
}

START_TEST(empty_matches_step_by_character)
{
    char buf[128];
    const char *hay = "é☃"; /* 2 + 3 bytes */
    oxre_regex *text = compile_ok("", OXRE_TEXT);
    ck_assert_str_eq(spans_of(text, hay, strlen(hay), buf, sizeof buf), "0-0,2-2,5-5");
    oxre_free(text);
    /* The bytes flavour steps by byte, as regex::bytes does. */
    oxre_regex *bytes = compile_ok("", 0);
    ck_assert_str_eq(spans_of(bytes, hay, strlen(hay), buf, sizeof buf), "0-0,1-1,2-2,3-3,4-4,5-5");
    oxre_free(bytes);
    /* Splitting by an empty regex gives whole characters. */
    text = compile_ok("", OXRE_TEXT);
    oxre_split *sp = oxre_split_new(text, (const uint8_t *)hay, strlen(hay));
    oxre_span piece;
    size_t n = 0, want[][2] = {{0, 0}, {0, 2}, {2, 5}, {5, 5}};
    while (oxre_split_next(sp, &piece) == 1) {
        ck_assert_uint_lt(n, 4);
        ck_assert_uint_eq(piece.start, want[n][0]);
        ck_assert_uint_eq(piece.end, want[n][1]);
        n++;
    }
    ck_assert_uint_eq(n, 4);
    oxre_split_free(sp);
    oxre_free(text);
}
END_TEST

START_TEST(patterns_that_match_invalid_utf8_are_rejected)
{
    const oxre_error *err = compile_err("(?-u:\\xFF)", OXRE_TEXT, NULL);
    ck_assert_int_eq(err->code, OXRE_ESYNTAX);
    ck_assert(err->has_span);
    err = compile_err("(?-u:.)", OXRE_TEXT, NULL);
    ck_assert_int_eq(err->code, OXRE_ESYNTAX);
    /* Both compile in the bytes flavour. */
    oxre_free(compile_ok("(?-u:\\xFF)", 0));
    oxre_free(compile_ok("(?-u:.)", 0));
    /* ASCII-only classes that cannot match invalid UTF-8 are fine. */
    oxre_free(compile_ok("(?-u:\\w+)", OXRE_TEXT));
}
END_TEST

START_TEST(haystacks_are_validated)
{
    oxre_regex *re = compile_ok("b", OXRE_TEXT);
    const char bad[] = "ab\xc3(c";
    oxre_last_error_clear();
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)bad, 5, 0), OXRE_EUTF8);
    ck_assert_int_eq(errno, EILSEQ);
    const oxre_error *e = oxre_last_error();
    ck_assert_int_eq(e->code, OXRE_EUTF8);
    ck_assert(e->has_span);
    ck_assert_uint_eq(e->span.start, 2);
    ck_assert_uint_eq(e->span.end, 3);
    ck_assert_ptr_nonnull(strstr(e->message, "haystack"));
    ck_assert_int_eq(oxre_find(re, (const uint8_t *)bad, 5, 0, NULL), OXRE_EUTF8);
    ck_assert_int_eq(oxre_shortest_match(re, (const uint8_t *)bad, 5, 0, NULL), OXRE_EUTF8);
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)bad, 5, 0, 2, 0, NULL), OXRE_EUTF8);
    ck_assert_ptr_null(oxre_iter_new(re, (const uint8_t *)bad, 5, 0));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_EUTF8);
    ck_assert_ptr_null(oxre_split_new(re, (const uint8_t *)bad, 5));
    oxre_captures *caps = oxre_captures_new(re);
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)bad, 5, 0), OXRE_EUTF8);
    oxre_buf out = {0};
    ck_assert_int_eq(oxre_replace(re, (const uint8_t *)bad, 5, 0, (const uint8_t *)"x", 1, 0, &out),
                     OXRE_EUTF8);
    /* A truncated sequence at the end: span to the end. */
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)"ab\xe2\x98", 4, 0), OXRE_EUTF8);
    ck_assert_uint_eq(oxre_last_error()->span.start, 2);
    ck_assert_uint_eq(oxre_last_error()->span.end, 4);
    /* Valid text works as usual. */
    assert_find(re, "aéb", 3, 4);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(utf8_check_can_be_skipped)
{
    /* A haystack checked once may be searched from a loop without the
     * check each call would otherwise make (quadratic over the loop). */
    oxre_regex *re = compile_ok("b+", OXRE_TEXT);
    const char *hay = "abbcbd";
    size_t at = 0, found = 0;
    oxre_match m;
    while (oxre_search(re, (const uint8_t *)hay, 6, at, 6, OXRE_NO_UTF8_CHECK, &m) == 1) {
        found++;
        at = m.end;
    }
    ck_assert_uint_eq(found, 2);
    /* On bytes that are not UTF-8 the results are unspecified, but the call
     * succeeds and nothing breaks; without the flag it is an error. */
    const uint8_t bad[] = {'a', 0xff, 'b', 0xc3};
    int r = oxre_search(re, bad, 4, 0, 4, OXRE_NO_UTF8_CHECK, &m);
    ck_assert(r == 0 || r == 1);
    ck_assert_int_eq(oxre_search(re, bad, 4, 0, 4, 0, &m), OXRE_EUTF8);
    oxre_captures *caps = oxre_captures_new(re);
    r = oxre_search_captures(re, caps, bad, 4, 0, 4, OXRE_NO_UTF8_CHECK);
    ck_assert(r == 0 || r == 1);
    ck_assert_int_eq(oxre_search_captures(re, caps, bad, 4, 0, 4, 0), OXRE_EUTF8);
    oxre_iter *it = oxre_iter_new_window(re, bad, 4, 0, 4, OXRE_NO_UTF8_CHECK);
    ck_assert_ptr_nonnull(it);
    while (oxre_iter_next(it, NULL) == 1)
        ;
    oxre_iter_free(it);
    ck_assert_ptr_null(oxre_iter_new_window(re, bad, 4, 0, 4, 0));
    const uint8_t *p[] = {(const uint8_t *)"b"};
    size_t lens[] = {1};
    oxre_set *set = oxre_set_compile(p, lens, 1, OXRE_TEXT, NULL);
    ck_assert_int_ge(oxre_set_search(set, bad, 4, 0, 4, OXRE_NO_UTF8_CHECK, NULL, 0), 0);
    ck_assert_int_eq(oxre_set_search(set, bad, 4, 0, 4, 0, NULL, 0), OXRE_EUTF8);
    oxre_set_free(set);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(templates_must_be_utf8)
{
    oxre_regex *re = compile_ok("a", OXRE_TEXT);
    oxre_buf out = {0};
    ck_assert_int_eq(oxre_replace(re, (const uint8_t *)"cat", 3, 0, (const uint8_t *)"\xff", 1, 0, &out),
                     OXRE_EUTF8);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "template"));
    ck_assert_int_eq(oxre_replace(re, (const uint8_t *)"cat", 3, 0, (const uint8_t *)"ü", 2, 0, &out), 1);
    ck_assert_str_eq((const char *)out.data, "cüt");
    oxre_buf_free(&out);
    oxre_free(re);
}
END_TEST

START_TEST(unicode_classes_match_characters)
{
    oxre_regex *re = compile_ok("\\w+", OXRE_TEXT | OXRE_CASE_INSENSITIVE);
    assert_find(re, "  Größe! ", 2, 9);
    oxre_free(re);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("text");
    tcase_add_test(tc, empty_matches_step_by_character);
    tcase_add_test(tc, patterns_that_match_invalid_utf8_are_rejected);
    tcase_add_test(tc, haystacks_are_validated);
    tcase_add_test(tc, utf8_check_can_be_skipped);
    tcase_add_test(tc, templates_must_be_utf8);
    tcase_add_test(tc, unicode_classes_match_characters);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
