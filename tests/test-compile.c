/* Compiling: patterns given as pointer + length, every flag, every option. */
#include "testutil.h"

START_TEST(pattern_is_pointer_and_length)
{
    /* Only the first 3 bytes are the pattern; no NUL terminator needed. */
    const char buf[] = {'a', 'b', 'c', 'X', 'Y'};
    oxre_regex *re = oxre_compile((const uint8_t *)buf, 3, 0, NULL);
    ck_assert_ptr_nonnull(re);
    assert_find(re, "xxabcX", 2, 5);
    assert_no_match(re, "XY");
    size_t len = 99;
    const uint8_t *p = oxre_pattern(re, 0, &len);
    ck_assert_uint_eq(len, 3);
    ck_assert_int_eq(memcmp(p, "abc", 3), 0);
    oxre_free(re);
}
END_TEST

START_TEST(pattern_may_contain_nul)
{
    oxre_regex *re = oxre_compile((const uint8_t *)"a\0b", 3, 0, NULL);
    ck_assert_ptr_nonnull(re);
    assert_find_at(re, "xa\0b", 4, 0, 1, 4);
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)"ab", 2, 0), 0);
    oxre_free(re);
}
END_TEST

START_TEST(empty_pattern_matches_everywhere)
{
    oxre_regex *re = oxre_compile(NULL, 0, 0, NULL);
    ck_assert_ptr_nonnull(re);
    assert_find(re, "abc", 0, 0);
    assert_find_at(re, "abc", 3, 3, 3, 3);
    oxre_free(re);
}
END_TEST

START_TEST(free_accepts_null)
{
    oxre_free(NULL);
    oxre_captures_free(NULL);
    oxre_iter_free(NULL);
}
END_TEST

START_TEST(flag_case_insensitive)
{
    oxre_regex *re = compile_ok("straße", OXRE_CASE_INSENSITIVE);
    assert_find(re, "STRAßE", 0, 7);
    oxre_free(re);
    /* Unicode simple case folding: Greek delta, Kelvin sign vs k. */
    re = compile_ok("δ", OXRE_CASE_INSENSITIVE);
    assert_find(re, "xΔ", 1, 3);
    oxre_free(re);
    re = compile_ok("k", OXRE_CASE_INSENSITIVE);
    assert_find(re, "\xe2\x84\xaa", 0, 3); /* U+212A KELVIN SIGN */
    oxre_free(re);
    /* Without the flag, case matters. */
    re = compile_ok("δ", 0);
    assert_no_match(re, "Δ");
    oxre_free(re);
}
END_TEST

START_TEST(flag_multi_line)
{
    oxre_regex *re = compile_ok("^b$", OXRE_MULTI_LINE);
    assert_find(re, "a\nb\nc", 2, 3);
    oxre_free(re);
    re = compile_ok("^b$", 0);
    assert_no_match(re, "a\nb\nc");
    oxre_free(re);
}
END_TEST

START_TEST(flag_dot_matches_new_line)
{
    oxre_regex *re = compile_ok("a.b", OXRE_DOT_MATCHES_NEW_LINE);
    assert_find(re, "a\nb", 0, 3);
    oxre_free(re);
    re = compile_ok("a.b", 0);
    assert_no_match(re, "a\nb");
    oxre_free(re);
}
END_TEST

START_TEST(flag_swap_greed)
{
    oxre_regex *re = compile_ok("a+", OXRE_SWAP_GREED);
    assert_find(re, "aaa", 0, 1);
    oxre_free(re);
    re = compile_ok("a+?", OXRE_SWAP_GREED);
    assert_find(re, "aaa", 0, 3);
    oxre_free(re);
}
END_TEST

START_TEST(flag_ignore_whitespace)
{
    oxre_regex *re = compile_ok("a b  # a comment\n c", OXRE_IGNORE_WHITESPACE);
    assert_find(re, "xabc", 1, 4);
    assert_no_match(re, "a b c");
    oxre_free(re);
}
END_TEST

START_TEST(flag_no_unicode)
{
    /* Unicode on: \w matches é (2 bytes), . never matches invalid UTF-8. */
    oxre_regex *re = compile_ok("\\w", 0);
    assert_find(re, "é", 0, 2);
    oxre_free(re);
    re = compile_ok(".", 0);
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)"\xff", 1, 0), 0);
    oxre_free(re);
    /* Unicode off: \w is ASCII, . matches any byte. */
    re = compile_ok("\\w", OXRE_NO_UNICODE);
    assert_no_match(re, "é");
    oxre_free(re);
    re = compile_ok(".", OXRE_NO_UNICODE);
    assert_find_at(re, "\xff", 1, 0, 0, 1);
    oxre_free(re);
}
END_TEST

START_TEST(flag_octal)
{
    oxre_regex *re = compile_ok("\\141", OXRE_OCTAL);
    assert_find(re, "xa", 1, 2);
    oxre_free(re);
    /* Without the flag \141 looks like a backreference: an error. */
    const oxre_error *err = compile_err("\\141", 0, NULL);
    ck_assert_int_eq(err->code, OXRE_ESYNTAX);
}
END_TEST

START_TEST(flag_crlf)
{
    oxre_regex *re = compile_ok("^b$", OXRE_MULTI_LINE | OXRE_CRLF);
    assert_find(re, "a\r\nb\r\nc", 3, 4);
    oxre_free(re);
    /* Without CRLF mode, $ does not match before \r. */
    re = compile_ok("^b$", OXRE_MULTI_LINE);
    assert_no_match(re, "a\r\nb\r\nc");
    oxre_free(re);
}
END_TEST

START_TEST(flags_combine)
{
    oxre_regex *re = compile_ok("^B.c$", OXRE_CASE_INSENSITIVE | OXRE_MULTI_LINE
                                          | OXRE_DOT_MATCHES_NEW_LINE);
    assert_find(re, "x\nb\nC\ny", 2, 5);
    oxre_free(re);
}
END_TEST

START_TEST(options_init_gives_crate_defaults)
{
    oxre_options o;
    memset(&o, 0xAB, sizeof o);
    ck_assert_int_eq(oxre_options_init(&o), OXRE_OK);
    ck_assert_uint_eq(o.size_limit, 10u << 20);
    ck_assert_uint_eq(o.dfa_size_limit, 2u << 20);
    ck_assert_uint_eq(o.nest_limit, 250);
    ck_assert_uint_eq(o.line_terminator, '\n');
    /* Explicit defaults and NULL behave alike. */
    oxre_regex *re = oxre_compile((const uint8_t *)"a+", 2, 0, &o);
    ck_assert_ptr_nonnull(re);
    assert_find(re, "baa", 1, 3);
    oxre_free(re);
}
END_TEST

START_TEST(option_size_limit)
{
    oxre_options o;
    oxre_options_init(&o);
    o.size_limit = 1000;
    const oxre_error *err = compile_err("\\w{50}", 0, &o);
    ck_assert_int_eq(err->code, OXRE_ESIZE);
    ck_assert_int_eq(errno, E2BIG);
    ck_assert_ptr_nonnull(strstr(err->message, "size limit"));
    /* The same pattern fits under the default limit. */
    oxre_regex *re = compile_ok("\\w{50}", 0);
    oxre_free(re);
}
END_TEST

START_TEST(option_nest_limit)
{
    oxre_options o;
    oxre_options_init(&o);
    o.nest_limit = 2;
    const oxre_error *err = compile_err("(((a)))", 0, &o);
    ck_assert_int_eq(err->code, OXRE_ESYNTAX);
    ck_assert(err->has_span);
    o.nest_limit = 10;
    oxre_regex *re = oxre_compile((const uint8_t *)"(((a)))", 7, 0, &o);
    ck_assert_ptr_nonnull(re);
    oxre_free(re);
}
END_TEST

START_TEST(option_dfa_size_limit_keeps_results)
{
    /* A tiny lazy-DFA cache makes the engine fall back; results stay right. */
    oxre_options o;
    oxre_options_init(&o);
    o.dfa_size_limit = 1;
    oxre_regex *re = oxre_compile((const uint8_t *)"[a-z]+[0-9]", 11, 0, &o);
    ck_assert_ptr_nonnull(re);
    assert_find(re, "--abc7--", 2, 6);
    oxre_free(re);
}
END_TEST

START_TEST(option_line_terminator)
{
    oxre_options o;
    oxre_options_init(&o);
    o.line_terminator = '\0';
    oxre_regex *re = oxre_compile((const uint8_t *)"^b$", 3, OXRE_MULTI_LINE, &o);
    ck_assert_ptr_nonnull(re);
    assert_find_at(re, "a\0b\0c", 5, 0, 2, 3);
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)"a\nb\nc", 5, 0), 0);
    oxre_free(re);
    /* '.' stops at the line terminator. */
    re = oxre_compile((const uint8_t *)"a.+", 3, 0, &o);
    ck_assert_ptr_nonnull(re);
    assert_find_at(re, "ab\nc\0d", 6, 0, 0, 4);
    oxre_free(re);
}
END_TEST

START_TEST(version_agrees_with_header)
{
    char expect[32];
    snprintf(expect, sizeof expect, "%d.%d.%d", OXRE_VERSION_MAJOR, OXRE_VERSION_MINOR,
             OXRE_VERSION_PATCH);
    ck_assert_str_eq(oxre_version(), expect);
    ck_assert_uint_eq(oxre_version_number(), OXRE_VERSION_NUMBER);
    ck_assert_uint_eq(OXRE_VERSION_NUMBER,
                      OXRE_VERSION_MAJOR * 10000 + OXRE_VERSION_MINOR * 100 + OXRE_VERSION_PATCH);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("compile");
    TCase *tc = tcase_create("compile");
    tcase_add_test(tc, pattern_is_pointer_and_length);
    tcase_add_test(tc, pattern_may_contain_nul);
    tcase_add_test(tc, empty_pattern_matches_everywhere);
    tcase_add_test(tc, free_accepts_null);
    tcase_add_test(tc, flag_case_insensitive);
    tcase_add_test(tc, flag_multi_line);
    tcase_add_test(tc, flag_dot_matches_new_line);
    tcase_add_test(tc, flag_swap_greed);
    tcase_add_test(tc, flag_ignore_whitespace);
    tcase_add_test(tc, flag_no_unicode);
    tcase_add_test(tc, flag_octal);
    tcase_add_test(tc, flag_crlf);
    tcase_add_test(tc, flags_combine);
    tcase_add_test(tc, options_init_gives_crate_defaults);
    tcase_add_test(tc, option_size_limit);
    tcase_add_test(tc, option_nest_limit);
    tcase_add_test(tc, option_dfa_size_limit_keeps_results);
    tcase_add_test(tc, option_line_terminator);
    tcase_add_test(tc, version_agrees_with_header);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
