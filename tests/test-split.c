/* Splitting a haystack by the matches of a regex, as the crate does. */
#include "testutil.h"

static void pieces(oxre_split *sp, const char *hay, char *out, size_t outlen)
{
    ck_assert_ptr_nonnull(sp);
    oxre_span p;
    size_t n = 0;
    out[0] = '\0';
    int first = 1;
    while (oxre_split_next(sp, &p) == 1) {
        n += (size_t)snprintf(out + n, outlen - n, "%s[%.*s]", first ? "" : ",",
                              (int)(p.end - p.start), hay + p.start);
        first = 0;
    }
    ck_assert_int_eq(oxre_split_next(sp, &p), 0); /* stays done */
    oxre_split_free(sp);
}

static void split_is(const char *pattern, const char *hay, long limit, const char *expect)
{
    oxre_regex *re = compile_ok(pattern, 0);
    char buf[256];
    oxre_split *sp = limit < 0 ? oxre_split_new(re, (const uint8_t *)hay, strlen(hay))
                               : oxre_splitn_new(re, (const uint8_t *)hay, strlen(hay), (size_t)limit);
    pieces(sp, hay, buf, sizeof buf);
    ck_assert_msg(strcmp(buf, expect) == 0, "split /%s/ on '%s' (limit %ld): got %s, want %s",
                  pattern, hay, limit, buf, expect);
    oxre_free(re);
}

START_TEST(split_keeps_empty_pieces)
{
    split_is(",", "a,b,c", -1, "[a],[b],[c]");
    split_is(",", "a,,b", -1, "[a],[],[b]");
    split_is(",", ",a,", -1, "[],[a],[]");
    split_is(",", "", -1, "[]");
    split_is("x", "abc", -1, "[abc]");
    split_is("[ \\t]+", "a \t b  c", -1, "[a],[b],[c]");
    split_is("", "abc", -1, "[],[a],[b],[c],[]");
}
END_TEST

START_TEST(splitn_limits_the_pieces)
{
    split_is(",", "a,b,c", 0, "");
    split_is(",", "a,b,c", 1, "[a,b,c]");
    split_is(",", "a,b,c", 2, "[a],[b,c]");
    split_is(",", "a,b,c", 3, "[a],[b],[c]");
    split_is(",", "a,b,c", 9, "[a],[b],[c]");
    split_is(",", "", 2, "[]");
}
END_TEST

START_TEST(split_errors)
{
    oxre_regex *re = compile_ok(",", 0);
    ck_assert_ptr_null(oxre_split_new(NULL, (const uint8_t *)"a", 1));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    ck_assert_ptr_null(oxre_split_new(re, NULL, 1));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    ck_assert_ptr_null(oxre_splitn_new(NULL, (const uint8_t *)"a", 1, 2));
    ck_assert_int_eq(oxre_split_next(NULL, NULL), OXRE_ENULL);
    ck_assert_int_eq(errno, EFAULT);
    oxre_split_free(NULL);
    /* NULL haystack of length 0 is the empty haystack. */
    oxre_split *sp = oxre_split_new(re, NULL, 0);
    oxre_span p;
    ck_assert_int_eq(oxre_split_next(sp, &p), 1);
    ck_assert_uint_eq(p.start, 0);
    ck_assert_uint_eq(p.end, 0);
    oxre_split_free(sp);
    oxre_free(re);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("split");
    TCase *tc = tcase_create("split");
    tcase_add_test(tc, split_keeps_empty_pieces);
    tcase_add_test(tc, splitn_limits_the_pieces);
    tcase_add_test(tc, split_errors);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
