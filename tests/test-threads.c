/* One compiled regex shared by 8 threads, each with its own captures and
 * iterator, gives the same results as one thread. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "testutil.h"

#define THREADS 8
#define ROUNDS 200

static oxre_regex *shared;
static char haystack[64 * 1024];
static size_t hay_len;

/* A digest of every match and group in the haystack: the sum of spans
 * weighted by position, and the number of matches. */
struct digest {
    unsigned long long sum;
    size_t matches;
    int errors;
};

static struct digest scan(void)
{
    struct digest d = {0, 0, 0};
    oxre_captures *caps = oxre_captures_new(shared);
    oxre_iter *it = oxre_iter_new(shared, (const uint8_t *)haystack, hay_len, 0);
    if (caps == NULL || it == NULL)
        d.errors++;
    int rc;
    while (it != NULL && (rc = oxre_iter_next_captures(it, caps)) == 1) {
        d.matches++;
        for (size_t g = 0; g < oxre_captures_group_count(caps); g++) {
            oxre_span s;
            if (oxre_captures_get(caps, g, &s) == 1)
                d.sum += (g + 1) * (s.start * 31 + s.end);
        }
    }
    /* is_match and find from every 1000th offset, too. */
    for (size_t at = 0; at < hay_len; at += 1000) {
        oxre_span m;
        if (oxre_find(shared, (const uint8_t *)haystack, hay_len, at, &m) == 1)
            d.sum += m.start ^ m.end;
        if (oxre_is_match(shared, (const uint8_t *)haystack, hay_len, at) != 1)
            d.errors++;
    }
    oxre_iter_free(it);
    oxre_captures_free(caps);
    return d;
}

static void *worker(void *arg)
{
    struct digest *out = arg;
    for (int r = 0; r < ROUNDS / 20; r++) {
        struct digest d = scan();
        if (r == 0)
            *out = d;
        else if (d.sum != out->sum || d.matches != out->matches)
            out->errors++;
        out->errors += d.errors;
    }
    return NULL;
}

START_TEST(shared_regex_same_results)
{
    shared = compile_ok("(?<user>[\\w.]+)@(?<host>\\w+(?:\\.\\w+)+)|(\\d{4})-(\\d{2})", 0);
    /* A haystack of mixed text: addresses, dates, Unicode words. */
    hay_len = 0;
    for (int i = 0; hay_len + 64 < sizeof haystack; i++)
        hay_len += (size_t)snprintf(haystack + hay_len, sizeof haystack - hay_len,
                                    i % 3 ? "%d-%02d ü%d x.y%d@host%d.org " : "∂ %d-%02d %d %d %d ",
                                    1000 + i, i % 100, i, i, i);
    struct digest alone = scan();
    ck_assert_int_eq(alone.errors, 0);
    ck_assert_uint_gt(alone.matches, 1000);

    pthread_t t[THREADS];
    struct digest got[THREADS];
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, worker, &got[i]), 0);
    for (int i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
        ck_assert_int_eq(got[i].errors, 0);
        ck_assert_uint_eq(got[i].matches, alone.matches);
        ck_assert_uint_eq(got[i].sum, alone.sum);
    }
    oxre_free(shared);
}
END_TEST

static void *fail_in_thread(void *arg)
{
    (void)arg;
    /* Each thread has its own last error. */
    oxre_compile((const uint8_t *)"[", 1, 0, NULL);
    const oxre_error *e = oxre_last_error();
    return (void *)(e != NULL && e->code == OXRE_ESYNTAX ? e : NULL);
}

START_TEST(last_error_is_per_thread)
{
    oxre_last_error_clear();
    pthread_t t;
    void *res = NULL;
    ck_assert_int_eq(pthread_create(&t, NULL, fail_in_thread, NULL), 0);
    ck_assert_int_eq(pthread_join(t, &res), 0);
    ck_assert_ptr_nonnull(res);
    /* The other thread's failure is not this thread's. */
    ck_assert_ptr_null(oxre_last_error());
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, shared_regex_same_results);
    tcase_add_test(tc, last_error_is_per_thread);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
