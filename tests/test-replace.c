#define _POSIX_C_SOURCE 200809L
/* Replacing (templates, literal, callbacks, caller buffers), expanding,
 * escaping, and the oxre_buf that carries results. */
#include "testutil.h"

/* Replaces in a C string and returns the result as a malloc'd string. */
static char *replace_str(const char *pattern, uint32_t flags, const char *hay, size_t limit,
                         const char *tmpl, uint32_t rflags, int *count)
{
    oxre_regex *re = compile_ok(pattern, flags);
    oxre_buf out;
    memset(&out, 0xEE, sizeof out); /* *out is written, never read */
    int rc = oxre_replace(re, (const uint8_t *)hay, strlen(hay), limit, (const uint8_t *)tmpl,
                          strlen(tmpl), rflags, &out);
    ck_assert_int_ge(rc, 0);
    if (count)
        *count = rc;
    ck_assert_ptr_nonnull(out.data);
    ck_assert_uint_eq(out.data[out.len], '\0');
    char *s = strdup((const char *)out.data);
    ck_assert_uint_eq(strlen(s), out.len);
    oxre_buf_free(&out);
    ck_assert_ptr_null(out.data);
    oxre_free(re);
    return s;
}

#define assert_replace(pattern, hay, limit, tmpl, rflags, expect, expect_count) \
    do {                                                                        \
        int n_;                                                                 \
        char *got_ = replace_str((pattern), 0, (hay), (limit), (tmpl), (rflags), &n_); \
        ck_assert_str_eq(got_, (expect));                                       \
        ck_assert_int_eq(n_, (expect_count));                                   \
        free(got_);                                                             \
    } while (0)

START_TEST(replace_first_all_and_n)
{
    assert_replace("a", "banana", 1, "o", 0, "bonana", 1);
    assert_replace("a", "banana", 0, "o", 0, "bonono", 3);
    assert_replace("a", "banana", 2, "o", 0, "bonona", 2);
    assert_replace("a", "banana", 10, "o", 0, "bonono", 3);
    assert_replace("x", "banana", 0, "o", 0, "banana", 0);
    assert_replace("", "abc", 0, "-", 0, "-a-b-c-", 4);
    assert_replace("a*", "baaac", 0, "X", 0, "XbXcX", 3);
}
END_TEST

START_TEST(template_syntax)
{
    assert_replace("(\\w+) (\\w+)", "hello world", 0, "$2 $1", 0, "world hello", 1);
    assert_replace("(?<first>\\w+) (?<last>\\w+)", "Ada Lovelace", 0, "$last, ${first}!", 0,
                   "Lovelace, Ada!", 1);
    assert_replace("(\\d+)", "a1b22", 0, "<${1}0>", 0, "a<10>b<220>", 2);
    /* $1a is the group named "1a", which does not exist: empty. */
    assert_replace("(\\d+)", "x7y", 0, "$1a", 0, "xy", 1);
    assert_replace("(\\d+)", "x7y", 0, "$$1 costs $$", 0, "x$1 costs $y", 1);
    /* A group that did not participate expands to nothing. */
    assert_replace("(a)|(b)", "ab", 0, "[$1|$2]", 0, "[a|][|b]", 2);
    /* A lone $ followed by something that is no name is kept. */
    assert_replace("b", "abc", 0, "$-$", 0, "a$-$c", 1);
}
END_TEST

START_TEST(literal_replacement)
{
    assert_replace("(\\w+)", "hi there", 0, "$1$$", OXRE_LITERAL, "$1$$ $1$$", 2);
}
END_TEST

START_TEST(replace_over_bytes)
{
    oxre_regex *re = compile_ok("(?-u:\\xff)", 0);
    oxre_buf out;
    const uint8_t hay[] = {'a', 0xff, 0, 'b', 0xff};
    ck_assert_int_eq(oxre_replace(re, hay, 5, 0, (const uint8_t *)"\0", 1, 0, &out), 2);
    const uint8_t want[] = {'a', 0, 0, 'b', 0};
    ck_assert_uint_eq(out.len, 5);
    ck_assert_int_eq(memcmp(out.data, want, 5), 0);
    oxre_buf_free(&out);
    oxre_buf_free(&out); /* a freed buffer is empty; freeing it again is fine */
    oxre_buf_free(NULL);
    oxre_free(re);
}
END_TEST

START_TEST(replace_into_caller_buffer)
{
    oxre_regex *re = compile_ok("(?<n>\\d+)", 0);
    const char *hay = "a1b22c";
    const char *tmpl = "<$n>";
    char dst[64];
    size_t needed = 0;
    /* Ask for the size first. */
    ck_assert_int_eq(oxre_replace_into(re, (const uint8_t *)hay, 6, 0, (const uint8_t *)tmpl, 4, 0,
                                       NULL, 0, &needed),
                     OXRE_ENOSPC);
    ck_assert_int_eq(errno, ERANGE);
    ck_assert_uint_eq(needed, strlen("a<1>b<22>c"));
    /* Exactly enough room: written, no room for the NUL. */
    memset(dst, 'Z', sizeof dst);
    ck_assert_int_eq(oxre_replace_into(re, (const uint8_t *)hay, 6, 0, (const uint8_t *)tmpl, 4, 0,
                                       (uint8_t *)dst, needed, &needed),
                     2);
    ck_assert_int_eq(memcmp(dst, "a<1>b<22>c", needed), 0);
    ck_assert_int_eq(dst[needed], 'Z');
    /* More room: NUL-terminated. */
    ck_assert_int_eq(oxre_replace_into(re, (const uint8_t *)hay, 6, 1, (const uint8_t *)tmpl, 4, 0,
                                       (uint8_t *)dst, sizeof dst, &needed),
                     1);
    ck_assert_str_eq(dst, "a<1>b22c");
    ck_assert_uint_eq(needed, 8);
    /* One byte short. */
    ck_assert_int_eq(oxre_replace_into(re, (const uint8_t *)hay, 6, 1, (const uint8_t *)tmpl, 4, 0,
                                       (uint8_t *)dst, 7, &needed),
                     OXRE_ENOSPC);
    ck_assert_uint_eq(needed, 8);
    /* dst NULL with a capacity is an error. */
    ck_assert_int_eq(oxre_replace_into(re, (const uint8_t *)hay, 6, 1, (const uint8_t *)tmpl, 4, 0,
                                       NULL, 8, &needed),
                     OXRE_ENULL);
    oxre_free(re);
}
END_TEST

/* A callback that upper-cases group 1 and counts its calls. */
struct ctx {
    int calls;
    int stop_at;
    const oxre_regex *re;
};

static int upper_cb(void *vctx, const oxre_captures *caps, const uint8_t *hay, size_t len,
                    oxre_buf *out)
{
    struct ctx *ctx = vctx;
    (void)len;
    ctx->calls++;
    if (ctx->stop_at && ctx->calls == ctx->stop_at)
        return 42;
    oxre_span g;
    if (oxre_captures_get(caps, 1, &g) == 1) {
        for (size_t i = g.start; i < g.end; i++) {
            uint8_t c = hay[i] >= 'a' && hay[i] <= 'z' ? (uint8_t)(hay[i] - 32) : hay[i];
            if (oxre_buf_append(out, &c, 1) != OXRE_OK)
                return -1;
        }
    }
    /* Named access works on the same captures. */
    oxre_span name;
    if (oxre_captures_name(caps, "tail", 4, &name) == 1 &&
        oxre_buf_append(out, hay + name.start, name.end - name.start) != OXRE_OK)
        return -1;
    return 0;
}

START_TEST(replace_with_callback)
{
    oxre_regex *re = compile_ok("\\b(\\w)(?<tail>\\w*)", 0);
    struct ctx ctx = {0, 0, re};
    oxre_buf out;
    const char *hay = "the quick fox";
    ck_assert_int_eq(oxre_replace_fn(re, (const uint8_t *)hay, strlen(hay), 0, upper_cb, &ctx, &out), 3);
    ck_assert_str_eq((const char *)out.data, "The Quick Fox");
    ck_assert_int_eq(ctx.calls, 3);
    oxre_buf_free(&out);
    ctx.calls = 0;
    ck_assert_int_eq(oxre_replace_fn(re, (const uint8_t *)hay, strlen(hay), 2, upper_cb, &ctx, &out), 2);
    ck_assert_str_eq((const char *)out.data, "The Quick fox");
    oxre_buf_free(&out);
    oxre_free(re);
}
END_TEST

START_TEST(callback_can_stop_the_call)
{
    oxre_regex *re = compile_ok("(\\w+)", 0);
    struct ctx ctx = {0, 2, re};
    oxre_buf out;
    oxre_last_error_clear();
    ck_assert_int_eq(oxre_replace_fn(re, (const uint8_t *)"a b c", 5, 0, upper_cb, &ctx, &out),
                     OXRE_ECALLBACK);
    ck_assert_int_eq(errno, ECANCELED);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "42"));
    ck_assert_int_eq(ctx.calls, 2); /* stopped at once */
    ck_assert_ptr_null(out.data);   /* nothing to free */
    ck_assert_uint_eq(out.len, 0);
    oxre_free(re);
}
END_TEST

START_TEST(expand_against_captures)
{
    oxre_regex *re = compile_ok("(?<y>\\d{4})-(?<m>\\d{2})", 0);
    oxre_captures *caps = oxre_captures_new(re);
    const char *hay = "on 2024-05";
    ck_assert_int_eq(oxre_captures_read(re, caps, (const uint8_t *)hay, strlen(hay), 0), 1);
    oxre_buf out = {0};
    ck_assert_int_eq(oxre_expand(caps, (const uint8_t *)hay, strlen(hay), (const uint8_t *)"$m/$y", 5, &out),
                     OXRE_OK);
    ck_assert_str_eq((const char *)out.data, "05/2024");
    /* It appends. */
    ck_assert_int_eq(oxre_expand(caps, (const uint8_t *)hay, strlen(hay), (const uint8_t *)" (${0})", 7, &out),
                     OXRE_OK);
    ck_assert_str_eq((const char *)out.data, "05/2024 (2024-05)");
    /* The wrong haystack: a group lies beyond its end. */
    ck_assert_int_eq(oxre_expand(caps, (const uint8_t *)"short", 5, (const uint8_t *)"$1", 2, &out),
                     OXRE_ERANGE);
    ck_assert_str_eq((const char *)out.data, "05/2024 (2024-05)");
    oxre_buf_free(&out);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

START_TEST(escape_round_trips)
{
    const char *texts[] = {"a.b*c", "1+1=2?", "(x)[y]{z}", "^$|\\", "-#&~ é", ""};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        oxre_buf pat;
        ck_assert_int_eq(oxre_escape((const uint8_t *)texts[i], strlen(texts[i]), &pat), OXRE_OK);
        oxre_regex *re = oxre_compile(pat.data, pat.len, 0, NULL);
        ck_assert_ptr_nonnull(re);
        char hay[64];
        snprintf(hay, sizeof hay, "xx%syy", texts[i]);
        assert_find_at(re, hay, strlen(hay), 2, 2, 2 + strlen(texts[i]));
        oxre_free(re);
        oxre_buf_free(&pat);
    }
    oxre_buf pat;
    ck_assert_int_eq(oxre_escape((const uint8_t *)"a.b", 3, &pat), OXRE_OK);
    ck_assert_str_eq((const char *)pat.data, "a\\.b");
    oxre_buf_free(&pat);
}
END_TEST

START_TEST(buf_append)
{
    oxre_buf b = {0};
    ck_assert_int_eq(oxre_buf_append(&b, (const uint8_t *)"abc", 3), OXRE_OK);
    ck_assert_int_eq(oxre_buf_append(&b, NULL, 0), OXRE_OK);
    ck_assert_int_eq(oxre_buf_append(&b, (const uint8_t *)"de", 2), OXRE_OK);
    ck_assert_uint_eq(b.len, 5);
    ck_assert_str_eq((const char *)b.data, "abcde");
    ck_assert_uint_gt(b.capacity, b.len);
    oxre_buf_free(&b);
    ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(replace_errors)
{
    oxre_regex *re = compile_ok("a", 0);
    oxre_buf out;
    const uint8_t *h = (const uint8_t *)"aaa";
    ck_assert_int_eq(oxre_replace(NULL, h, 3, 0, h, 1, 0, &out), OXRE_ENULL);
    ck_assert_int_eq(errno, EFAULT);
    ck_assert_int_eq(oxre_replace(re, NULL, 3, 0, h, 1, 0, &out), OXRE_ENULL);
    ck_assert_int_eq(oxre_replace(re, h, 3, 0, NULL, 1, 0, &out), OXRE_ENULL);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "template"));
    ck_assert_int_eq(oxre_replace(re, h, 3, 0, h, 1, 0, NULL), OXRE_ENULL);
    ck_assert_int_eq(oxre_replace(re, h, 3, 0, h, 1, 1u << 7, &out), OXRE_EFLAGS);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(oxre_replace_into(re, h, 3, 0, h, 1, 1u << 7, NULL, 0, NULL), OXRE_EFLAGS);
    ck_assert_int_eq(oxre_replace_fn(re, h, 3, 0, NULL, NULL, &out), OXRE_ENULL);
    ck_assert_int_eq(oxre_replace_fn(NULL, h, 3, 0, upper_cb, NULL, &out), OXRE_ENULL);
    ck_assert_int_eq(oxre_replace_fn(re, h, 3, 0, upper_cb, NULL, NULL), OXRE_ENULL);
    /* expand */
    oxre_buf b = {0};
    ck_assert_int_eq(oxre_expand(NULL, h, 3, h, 1, &b), OXRE_ENULL);
    oxre_captures *caps = oxre_captures_new(re);
    ck_assert_int_eq(oxre_expand(caps, h, 3, h, 1, NULL), OXRE_ENULL);
    ck_assert_int_eq(oxre_expand(caps, NULL, 3, h, 1, &b), OXRE_ENULL);
    oxre_buf corrupt = {NULL, 3, 0};
    ck_assert_int_eq(oxre_expand(caps, h, 3, h, 1, &corrupt), OXRE_EINVAL);
    /* buf */
    ck_assert_int_eq(oxre_buf_append(NULL, h, 1), OXRE_ENULL);
    ck_assert_int_eq(oxre_buf_append(&b, NULL, 1), OXRE_ENULL);
    ck_assert_int_eq(oxre_buf_append(&corrupt, h, 1), OXRE_EINVAL);
    ck_assert_int_eq(errno, EINVAL);
    oxre_buf_free(&corrupt); /* refused, left alone */
    ck_assert_int_eq(oxre_last_error()->code, OXRE_EINVAL);
    ck_assert_uint_eq(corrupt.len, 3);
    /* escape */
    ck_assert_int_eq(oxre_escape(NULL, 1, &b), OXRE_ENULL);
    ck_assert_int_eq(oxre_escape(h, 1, NULL), OXRE_ENULL);
    ck_assert_int_eq(oxre_escape((const uint8_t *)"\xff", 1, &b), OXRE_EUTF8);
    ck_assert_int_eq(errno, EILSEQ);
    oxre_captures_free(caps);
    oxre_free(re);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("replace");
    TCase *tc = tcase_create("replace");
    tcase_add_test(tc, replace_first_all_and_n);
    tcase_add_test(tc, template_syntax);
    tcase_add_test(tc, literal_replacement);
    tcase_add_test(tc, replace_over_bytes);
    tcase_add_test(tc, replace_into_caller_buffer);
    tcase_add_test(tc, replace_with_callback);
    tcase_add_test(tc, callback_can_stop_the_call);
    tcase_add_test(tc, expand_against_captures);
    tcase_add_test(tc, escape_round_trips);
    tcase_add_test(tc, buf_append);
    tcase_add_test(tc, replace_errors);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
