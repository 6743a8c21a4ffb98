/* Every error path: the code returned, errno, and the thread's last error. */
#include "testutil.h"

/* Asserts the last error's code and errno after a failed call. */
#define assert_failed(code_, errno_)                                   \
    do {                                                               \
        const oxre_error *e_ = oxre_last_error();                      \
        ck_assert_ptr_nonnull(e_);                                     \
        ck_assert_int_eq(e_->code, (code_));                           \
        ck_assert_int_eq(errno, (errno_));                             \
        ck_assert_ptr_nonnull(e_->message);                            \
        ck_assert_uint_gt(strlen(e_->message), 0);                     \
    } while (0)

static oxre_regex *re;
static oxre_captures *caps;

static void setup(void)
{
    re = compile_ok("(?<word>\\w+)", 0);
    caps = oxre_captures_new(re);
    oxre_last_error_clear();
    errno = 0;
}

static void teardown(void)
{
    oxre_captures_free(caps);
    oxre_free(re);
}

START_TEST(last_error_starts_empty_and_clears)
{
    ck_assert_ptr_null(oxre_last_error());
    ck_assert_ptr_null(oxre_compile(NULL, 1, 0, NULL));
    ck_assert_ptr_nonnull(oxre_last_error());
    /* A successful call leaves it alone. */
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)"a", 1, 0), 1);
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    oxre_last_error_clear();
    ck_assert_ptr_null(oxre_last_error());
}
END_TEST

START_TEST(compile_null_pattern)
{
    ck_assert_ptr_null(oxre_compile(NULL, 3, 0, NULL));
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "pattern"));
}
END_TEST

START_TEST(compile_unknown_flags)
{
    ck_assert_ptr_null(oxre_compile((const uint8_t *)"a", 1, 1u << 31, NULL));
    assert_failed(OXRE_EFLAGS, EINVAL);
    ck_assert_ptr_null(oxre_compile((const uint8_t *)"a", 1, OXRE_FLAGS_ALL + 1, NULL));
    assert_failed(OXRE_EFLAGS, EINVAL);
    ck_assert(!oxre_last_error()->has_span);
}
END_TEST

START_TEST(compile_syntax_error_has_span)
{
    struct { const char *pattern; size_t start, end; const char *words; } cases[] = {
        {"ab(cd", 2, 3, "unclosed group"},
        {"a{2,1}", 1, 6, "invalid"},       /* the repetition range */
        {"x[z-a]", 2, 5, "range"},         /* the class range */
        {"\\p{Nope}", 0, 8, "Unicode"},    /* unknown property */
        {"(?<n>a)(?<n>b)", 10, 11, "duplicate"},
        {"a)", 1, 2, "unopened group"},
        {"\\1", 0, 2, "backreference"},
        {"(?=a)", 0, 3, "look-around"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const oxre_error *err = compile_err(cases[i].pattern, 0, NULL);
        ck_assert_int_eq(err->code, OXRE_ESYNTAX);
        ck_assert_int_eq(errno, EINVAL);
        ck_assert_msg(err->has_span, "no span for /%s/", cases[i].pattern);
        ck_assert_msg(err->span.start == cases[i].start && err->span.end == cases[i].end,
                      "/%s/: span [%zu,%zu), expected [%zu,%zu) (%s)", cases[i].pattern,
                      err->span.start, err->span.end, cases[i].start, cases[i].end, err->message);
        ck_assert_msg(strstr(err->message, cases[i].words) != NULL, "/%s/: message '%s'",
                      cases[i].pattern, err->message);
    }
}
END_TEST

START_TEST(compile_invalid_utf8_pattern)
{
    oxre_regex *r = oxre_compile((const uint8_t *)"ab\xff\xfe", 4, 0, NULL);
    ck_assert_ptr_null(r);
    assert_failed(OXRE_EUTF8, EILSEQ);
    const oxre_error *err = oxre_last_error();
    ck_assert(err->has_span);
    ck_assert_uint_eq(err->span.start, 2);
    ck_assert_uint_eq(err->span.end, 3);
}
END_TEST

START_TEST(compile_over_size_limit)
{
    oxre_options o;
    oxre_options_init(&o);
    o.size_limit = 100;
    ck_assert_ptr_null(oxre_compile((const uint8_t *)"\\w+\\d+", 6, 0, &o));
    assert_failed(OXRE_ESIZE, E2BIG);
    ck_assert(!oxre_last_error()->has_span);
}
END_TEST

START_TEST(options_init_null)
{
    ck_assert_int_eq(oxre_options_init(NULL), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
}
END_TEST

START_TEST(search_null_regex)
{
    const uint8_t *h = (const uint8_t *)"abc";
    ck_assert_int_eq(oxre_is_match(NULL, h, 3, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_int_eq(oxre_find(NULL, h, 3, 0, NULL), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_int_eq(oxre_shortest_match(NULL, h, 3, 0, NULL), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_int_eq(oxre_captures_read(NULL, caps, h, 3, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_ptr_null(oxre_iter_new(NULL, h, 3, 0));
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_ptr_null(oxre_captures_new(NULL));
    assert_failed(OXRE_ENULL, EFAULT);
}
END_TEST

START_TEST(search_null_haystack_with_length)
{
    ck_assert_int_eq(oxre_is_match(re, NULL, 5, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "haystack"));
    ck_assert_int_eq(oxre_find(re, NULL, 1, 0, NULL), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_int_eq(oxre_shortest_match(re, NULL, 1, 0, NULL), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_int_eq(oxre_captures_read(re, caps, NULL, 1, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_ptr_null(oxre_iter_new(re, NULL, 1, 0));
    assert_failed(OXRE_ENULL, EFAULT);
}
END_TEST

START_TEST(search_length_over_ptrdiff_max)
{
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)"a", SIZE_MAX, 0), OXRE_EINVAL);
    assert_failed(OXRE_EINVAL, EINVAL);
    ck_assert_ptr_null(oxre_compile((const uint8_t *)"a", SIZE_MAX / 2 + 1, 0, NULL));
    assert_failed(OXRE_EINVAL, EINVAL);
}
END_TEST

START_TEST(search_start_past_end)
{
    const uint8_t *h = (const uint8_t *)"abc";
    ck_assert_int_eq(oxre_is_match(re, h, 3, 4), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE, ERANGE);
    ck_assert_int_eq(oxre_find(re, h, 3, 4, NULL), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE, ERANGE);
    ck_assert_int_eq(oxre_shortest_match(re, h, 3, SIZE_MAX, NULL), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE, ERANGE);
    ck_assert_int_eq(oxre_captures_read(re, caps, h, 3, 4), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE, ERANGE);
    ck_assert_ptr_null(oxre_iter_new(re, h, 3, 4));
    assert_failed(OXRE_ERANGE, ERANGE);
    ck_assert_int_eq(oxre_is_match(re, NULL, 0, 1), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE, ERANGE);
}
END_TEST

START_TEST(captures_null_and_mismatch)
{
    ck_assert_int_eq(oxre_captures_read(re, NULL, (const uint8_t *)"a", 1, 0), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_int_eq(oxre_captures_get(NULL, 0, NULL), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_uint_eq(oxre_captures_group_count(NULL), 0);
    assert_failed(OXRE_ENULL, EFAULT);
    /* A captures object for a regex with another number of groups. */
    oxre_regex *three = compile_ok("(a)(b)(c)", 0);
    ck_assert_int_eq(oxre_captures_read(three, caps, (const uint8_t *)"abc", 3, 0), OXRE_EINVAL);
    assert_failed(OXRE_EINVAL, EINVAL);
    oxre_iter *it = oxre_iter_new(three, (const uint8_t *)"abc", 3, 0);
    ck_assert_int_eq(oxre_iter_next_captures(it, caps), OXRE_EINVAL);
    assert_failed(OXRE_EINVAL, EINVAL);
    ck_assert_int_eq(oxre_iter_next_captures(it, NULL), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    oxre_iter_free(it);
    oxre_free(three);
}
END_TEST

START_TEST(group_index_out_of_range)
{
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)"a", 1, 0), 1);
    ck_assert_int_eq(oxre_captures_get(caps, 2, NULL), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE, ERANGE);
    ck_assert_int_eq(oxre_captures_get(caps, SIZE_MAX, NULL), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE, ERANGE);
    const char *name;
    ck_assert_int_eq(oxre_capture_name(re, 2, &name), OXRE_ERANGE);
    assert_failed(OXRE_ERANGE, ERANGE);
}
END_TEST

START_TEST(group_name_unknown)
{
    ck_assert_int_eq(oxre_capture_index(re, "nope", 4), OXRE_ENOGROUP);
    assert_failed(OXRE_ENOGROUP, ENOENT);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "nope"));
    /* Prefixes of a name are not the name. */
    ck_assert_int_eq(oxre_capture_index(re, "wor", 3), OXRE_ENOGROUP);
    ck_assert_int_eq(oxre_capture_index(re, "", 0), OXRE_ENOGROUP);
    assert_failed(OXRE_ENOGROUP, ENOENT);
}
END_TEST

START_TEST(names_null_arguments)
{
    ck_assert_int_eq(oxre_capture_index(NULL, "word", 4), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_int_eq(oxre_capture_index(re, NULL, 4), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_int_eq(oxre_capture_name(NULL, 0, NULL), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_int_eq(oxre_capture_name(re, 1, NULL), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_uint_eq(oxre_captures_len(NULL), 0);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_uint_eq(oxre_names_count(NULL), 0);
    assert_failed(OXRE_ENULL, EFAULT);
}
END_TEST

START_TEST(iter_null)
{
    ck_assert_int_eq(oxre_iter_next(NULL, NULL), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_int_eq(oxre_iter_next_captures(NULL, caps), OXRE_ENULL);
    assert_failed(OXRE_ENULL, EFAULT);
}
END_TEST

START_TEST(pattern_accessor_null)
{
    size_t len = 7;
    ck_assert_ptr_null(oxre_pattern(NULL, 0, &len));
    assert_failed(OXRE_ENULL, EFAULT);
    ck_assert_uint_eq(len, 0);
    ck_assert_ptr_null(oxre_pattern(re, 0, NULL));
    assert_failed(OXRE_ENULL, EFAULT);
}
END_TEST

START_TEST(strerror_names_every_code)
{
    int codes[] = {OXRE_OK, OXRE_ENULL, OXRE_EINVAL, OXRE_EFLAGS, OXRE_ESYNTAX, OXRE_ESIZE,
                   OXRE_ERANGE, OXRE_ENOGROUP, OXRE_EUTF8, OXRE_EPANIC, OXRE_ENOSPC,
                   OXRE_ECALLBACK, OXRE_ENOMEM, OXRE_EHISTORY, OXRE_EUNSUPPORTED};
    const char *unknown = oxre_strerror(12345);
    ck_assert_str_eq(unknown, "unknown error code");
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *s = oxre_strerror(codes[i]);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_ne(s, unknown);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(s, oxre_strerror(codes[j]));
    }
}
END_TEST

START_TEST(errors_are_per_thread_values)
{
    /* The message stays readable until the next failure on this thread. */
    ck_assert_ptr_null(oxre_compile((const uint8_t *)"(", 1, 0, NULL));
    const oxre_error *first = oxre_last_error();
    char saved[256];
    snprintf(saved, sizeof saved, "%s", first->message);
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)"x", 1, 0), 1);
    ck_assert_str_eq(oxre_last_error()->message, saved);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("errors");
    TCase *tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, last_error_starts_empty_and_clears);
    tcase_add_test(tc, compile_null_pattern);
    tcase_add_test(tc, compile_unknown_flags);
    tcase_add_test(tc, compile_syntax_error_has_span);
    tcase_add_test(tc, compile_invalid_utf8_pattern);
    tcase_add_test(tc, compile_over_size_limit);
    tcase_add_test(tc, options_init_null);
    tcase_add_test(tc, search_null_regex);
    tcase_add_test(tc, search_null_haystack_with_length);
    tcase_add_test(tc, search_length_over_ptrdiff_max);
    tcase_add_test(tc, search_start_past_end);
    tcase_add_test(tc, captures_null_and_mismatch);
    tcase_add_test(tc, group_index_out_of_range);
    tcase_add_test(tc, group_name_unknown);
    tcase_add_test(tc, names_null_arguments);
    tcase_add_test(tc, iter_null);
    tcase_add_test(tc, pattern_accessor_null);
    tcase_add_test(tc, strerror_names_every_code);
    tcase_add_test(tc, errors_are_per_thread_values);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
