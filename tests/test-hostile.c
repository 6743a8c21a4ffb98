#define _GNU_SOURCE
/* Hostile input: arguments an adversarial caller would pass (buffers that
 * alias their source, lengths that wrap, objects from another regex, counts
 * and sizes past what memory holds, deep nesting, engine corner cases), each
 * a regression test for a defect that once crashed, aborted or answered
 * wrongly. */
#include <stdint.h>
#include <sys/mman.h>

#include "testutil.h"

/* Asserts a failed call's code, errno and last error. */
#define assert_failed(code_, errno_)                                   \
    do {                                                               \
        const oxre_error *e_ = oxre_last_error();                      \
        ck_assert_ptr_nonnull(e_);                                     \
        ck_assert_int_eq(e_->code, (code_));                           \
        ck_assert_int_eq(errno, (errno_));                             \
    } while (0)

/* A readable mapping of `len` bytes that costs no memory (every page reads
 * as zero and is never touched unless read), or NULL where the system (or
 * valgrind) refuses one so large. */
static const uint8_t *huge_zeros(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* --- oxre_buf -------------------------------------------------------------- */

START_TEST(append_own_bytes)
{
    /* The source lies inside the buffer, which grows (and moves) while the
     * bytes are appended. */
    oxre_buf b = {0};
    ck_assert_int_eq(oxre_buf_append(&b, (const uint8_t *)"abc", 3), OXRE_OK);
    for (int i = 0; i < 12; i++)
        ck_assert_int_eq(oxre_buf_append(&b, b.data, b.len), OXRE_OK);
    ck_assert_uint_eq(b.len, 3u << 12);
    for (size_t i = 0; i < b.len; i++)
        ck_assert_int_eq(b.data[i], "abc"[i % 3]);
    ck_assert_int_eq(b.data[b.len], 0);
    /* A part of the buffer, and its terminating NUL. */
    ck_assert_int_eq(oxre_buf_append(&b, b.data + 1, 2), OXRE_OK);
    ck_assert_int_eq(memcmp(b.data + b.len - 2, "bc", 2), 0);
    size_t len = b.len;
    ck_assert_int_eq(oxre_buf_append(&b, b.data + b.len, 1), OXRE_OK);
    ck_assert_uint_eq(b.len, len + 1);
    ck_assert_int_eq(b.data[len], 0);
    oxre_buf_free(&b);
}
END_TEST

/* Appends the result so far to itself, then the match. */
static int double_up(void *ctx, const oxre_captures *caps, const uint8_t *hay, size_t hay_len,
                     oxre_buf *out)
{
    (void)ctx;
    (void)hay_len;
    oxre_span m;
    if (oxre_buf_append(out, out->data, out->len) != OXRE_OK)
        return 1;
    if (oxre_captures_get(caps, 0, &m) != 1)
        return 2;
    return oxre_buf_append(out, hay + m.start, m.end - m.start) != OXRE_OK;
}

START_TEST(callback_appends_its_own_output)
{
    oxre_regex *re = compile_ok("[0-9]", 0);
    oxre_buf out;
    const char *hay = "a1b2c3d4e5f6g7h8i9j0k1l2m3";
    ck_assert_int_eq(oxre_replace_fn(re, (const uint8_t *)hay, strlen(hay), 0, double_up, NULL,
                                     &out),
                     13);
    /* The same by hand: each match doubles what came before, then adds itself. */
    size_t cap = (size_t)1 << 20, n = 0;
    char *want = malloc(cap);
    for (const char *p = hay; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            memcpy(want + n, want, n);
            n *= 2;
        }
        want[n++] = *p;
    }
    ck_assert_uint_eq(out.len, n);
    ck_assert_int_eq(memcmp(out.data, want, n), 0);
    free(want);
    oxre_buf_free(&out);
    oxre_free(re);
}
END_TEST

/* 16 TiB: more than any machine that runs the tests has, so growing a
 * result to this size fails cleanly; the source is a mapping that costs
 * nothing until read, and is never read. */
#define HUGE ((size_t)1 << 44)

START_TEST(append_beyond_memory)
{
    const uint8_t *zeros = huge_zeros(HUGE);
    if (zeros == NULL)
        return; /* no such mapping here: nothing to test */
    oxre_buf b = {0};
    ck_assert_int_eq(oxre_buf_append(&b, (const uint8_t *)"abc", 3), OXRE_OK);
    oxre_last_error_clear();
    errno = 0;
    ck_assert_int_eq(oxre_buf_append(&b, zeros, HUGE), OXRE_ENOMEM);
    assert_failed(OXRE_ENOMEM, ENOMEM);
    /* Unchanged on failure. */
    ck_assert_uint_eq(b.len, 3);
    ck_assert_str_eq((const char *)b.data, "abc");
    oxre_buf_free(&b);
    munmap((void *)zeros, HUGE);
}
END_TEST

START_TEST(replace_beyond_memory)
{
    const uint8_t *zeros = huge_zeros(HUGE);
    if (zeros == NULL)
        return;
    oxre_regex *re = compile_ok("x", 0);
    oxre_buf out;
    oxre_last_error_clear();
    errno = 0;
    ck_assert_int_eq(oxre_replace(re, (const uint8_t *)"axb", 3, 0, zeros, HUGE, OXRE_LITERAL,
                                  &out),
                     OXRE_ENOMEM);
    assert_failed(OXRE_ENOMEM, ENOMEM);
    /* A template that refers to a group: the expansion is as large. */
    oxre_free(re);
    re = compile_ok("(x)", 0);
    uint8_t *tmpl = malloc(1 << 20);
    for (size_t i = 0; i < (1 << 20); i += 2)
        memcpy(tmpl + i, "$1", 2);
    uint8_t *hay = malloc(1 << 24);
    memset(hay, 'x', 1 << 24);
    errno = 0;
    /* One match of 16 MiB, expanded 2^19 times: 8 TiB. */
    oxre_regex *big = compile_ok("(x+)", 0);
    ck_assert_int_eq(oxre_replace(big, hay, 1 << 24, 0, tmpl, 1 << 20, 0, &out), OXRE_ENOMEM);
    assert_failed(OXRE_ENOMEM, ENOMEM);
    /* The same expansion with oxre_expand(): the buffer is kept. */
    oxre_captures *caps = oxre_captures_new(big);
    ck_assert_int_eq(oxre_captures_read(big, caps, hay, 1 << 24, 0), 1);
    oxre_buf kept = {0};
    ck_assert_int_eq(oxre_buf_append(&kept, (const uint8_t *)"kept", 4), OXRE_OK);
    errno = 0;
    ck_assert_int_eq(oxre_expand(caps, hay, 1 << 24, tmpl, 1 << 20, &kept), OXRE_ENOMEM);
    assert_failed(OXRE_ENOMEM, ENOMEM);
    ck_assert_str_eq((const char *)kept.data, "kept");
    /* A small expansion of the same match still works. */
    ck_assert_int_eq(oxre_expand(caps, hay, 1 << 24, (const uint8_t *)"$1", 2, &kept), OXRE_OK);
    ck_assert_uint_eq(kept.len, 4 + (1 << 24));
    oxre_buf_free(&kept);
    oxre_captures_free(caps);
    oxre_free(big);
    free(hay);
    free(tmpl);
    oxre_free(re);
    munmap((void *)zeros, HUGE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("hostile");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, append_own_bytes);
    tcase_add_test(tc, callback_appends_its_own_output);
    tcase_add_test(tc, append_beyond_memory);
    tcase_add_test(tc, replace_beyond_memory);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
