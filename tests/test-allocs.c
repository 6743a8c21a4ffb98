/* Replacing allocates a bounded number of times per call, not per match;
 * a search given a scratch allocates nothing; an iterator allocates itself,
 * not per match.
 *
 * The test counts heap allocations by defining malloc and friends in the
 * executable, which interposes them for every library in the process
 * (liboxre's Rust allocator included), and forwarding to glibc's own. */
#define _GNU_SOURCE
#include <stdint.h>

#include "testutil.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static int counting;
static size_t allocations;

void *malloc(size_t n)
{
    allocations += counting;
    return __libc_malloc(n);
}
void *calloc(size_t n, size_t m)
{
    allocations += counting;
    return __libc_calloc(n, m);
}
void *realloc(void *p, size_t n)
{
    allocations += counting;
    return __libc_realloc(p, n);
}
void free(void *p)
{
    __libc_free(p);
}
int posix_memalign(void **out, size_t align, size_t n)
{
    allocations += counting;
    *out = __libc_memalign(align, n);
    return *out ? 0 : ENOMEM;
}
void *aligned_alloc(size_t align, size_t n)
{
    allocations += counting;
    return __libc_memalign(align, n);
}
void *memalign(size_t align, size_t n)
{
    allocations += counting;
    return __libc_memalign(align, n);
}

static char *make_haystack(size_t size, size_t *len)
{
    char *hay = __libc_malloc(size + 32);
    size_t n = 0;
    for (int i = 0; n < size; i++)
        n += (size_t)sprintf(hay + n, "k%d=v%d; ", i, i * 7);
    *len = n;
    return hay;
}

/* Allocations made by one oxre_replace over `size` bytes; the number of
 * replacements is stored in *matches. */
static size_t replace_allocations(oxre_regex *re, size_t size, int *matches)
{
    size_t len;
    char *hay = make_haystack(size, &len);
    const char *tmpl = "${v}=$k";
    oxre_buf out;
    allocations = 0;
    counting = 1;
    *matches = oxre_replace(re, (const uint8_t *)hay, len, 0, (const uint8_t *)tmpl, strlen(tmpl), 0, &out);
    counting = 0;
    ck_assert_int_gt(*matches, 0);
    oxre_buf_free(&out);
    __libc_free(hay);
    return allocations;
}

static int copy_cb(void *ctx, const oxre_captures *caps, const uint8_t *hay, size_t len, oxre_buf *out)
{
    (void)ctx;
    (void)len;
    oxre_span v;
    if (oxre_captures_name(caps, "v", 1, &v) != 1)
        return 1;
    return oxre_buf_append(out, hay + v.start, v.end - v.start) == OXRE_OK ? 0 : 1;
}

START_TEST(replace_allocates_per_call_not_per_match)
{
    if (getenv("OXRE_UNDER_VALGRIND"))
        return; /* valgrind replaces the allocator itself */
    oxre_regex *re = compile_ok("(?<k>\\w+)=(?<v>\\w+)", 0);
    int small_n, big_n;
    replace_allocations(re, 1000, &small_n); /* warm up this thread's cache */
    size_t small = replace_allocations(re, 10 * 1000, &small_n);
    size_t big = replace_allocations(re, 1000 * 1000, &big_n);
    printf("# replace_all with a $name template: %d matches, %zu allocations; "
           "%d matches, %zu allocations\n", small_n, small, big_n, big);
    ck_assert_int_gt(big_n, 50 * small_n);
    /* A handful per call, whatever the number of matches (the output grows
     * geometrically, hence the small allowance for the bigger haystack). */
    ck_assert_uint_le(small, 8);
    ck_assert_uint_le(big, small + 4);

    /* The callback form too, though the callback appends per match. */
    size_t len;
    char *hay = make_haystack(1000 * 1000, &len);
    oxre_buf out;
    allocations = 0;
    counting = 1;
    int n = oxre_replace_fn(re, (const uint8_t *)hay, len, 0, copy_cb, NULL, &out);
    counting = 0;
    printf("# replace with a callback: %d matches, %zu allocations\n", n, allocations);
    ck_assert_int_eq(n, big_n);
    ck_assert_uint_le(allocations, 16);
    oxre_buf_free(&out);
    __libc_free(hay);
    oxre_free(re);
}
END_TEST

START_TEST(searches_with_scratch_allocate_nothing)
{
    if (getenv("OXRE_UNDER_VALGRIND"))
        return;
    oxre_regex *re = compile_ok("(?<k>\\w+)=v(?<v>\\d+)", 0);
    const char *pats[] = {"k1\\d=", "=v\\d{3};", "zzz"};
    const uint8_t *p[3];
    size_t l[3];
    for (int i = 0; i < 3; i++)
        p[i] = (const uint8_t *)pats[i], l[i] = strlen(pats[i]);
    oxre_set *set = oxre_set_compile(p, l, 3, 0, NULL);
    ck_assert_ptr_nonnull(set);
    oxre_scratch *s = oxre_scratch_new(re);
    oxre_scratch *ss = oxre_set_scratch_new(set);
    oxre_captures *caps = oxre_captures_new(re);
    size_t len;
    char *hay = make_haystack(20000, &len);
    const uint8_t *h = (const uint8_t *)hay;
    for (int pass = 0; pass < 2; pass++) {
        /* The first pass grows the scratch's caches; the second counts. */
        allocations = 0;
        counting = pass;
        unsigned long long sum = 0;
        for (size_t at = 0; at + 40 < len; at += 13) {
            oxre_span m;
            oxre_match mm;
            size_t n;
            bool found[3];
            sum += (unsigned)oxre_is_match_with(re, s, h, at + 40, at);
            sum += (unsigned)oxre_find_with(re, s, h, len, at, &m);
            sum += (unsigned)oxre_shortest_match_with(re, s, h, len, at, &n);
            sum += (unsigned)oxre_count_with(re, s, h, at + 40, at, &n) + n;
            sum += (unsigned)oxre_search_with(re, s, h, len, at, at + 40, OXRE_EARLIEST, &mm);
            sum += (unsigned)oxre_captures_read_with(re, s, caps, h, len, at);
            sum += (unsigned)oxre_search_captures_with(re, s, caps, h, len, at, at + 40, 0);
            oxre_span groups[4];
            sum += (unsigned)oxre_find_groups_with(re, s, h, len, at, groups, 4);
            sum += (unsigned)oxre_set_is_match_with(set, ss, h, at + 40, at);
            sum += (unsigned)oxre_set_matches_with(set, ss, h, at + 40, at, found, 3);
            sum += (unsigned)oxre_set_search_with(set, ss, h, len, at, at + 40, 0, found, 3);
        }
        counting = 0;
        ck_assert_uint_gt(sum, 0);
    }
    printf("# searches with a scratch: %zu allocations\n", allocations);
    ck_assert_uint_eq(allocations, 0);

    /* Without a scratch, a set search allocates its table of patterns. */
    bool found[3];
    allocations = 0;
    counting = 1;
    oxre_set_matches(set, h, 40, 0, found, 3);
    counting = 0;
    ck_assert_uint_ge(allocations, 1);

    /* An iterator: itself, once, however many matches (its search cache is
     * taken from the regex's spares, not made again). */
    for (int pass = 0; pass < 2; pass++) {
        allocations = 0;
        counting = pass;
        oxre_iter *it = oxre_iter_new(re, h, len, 0);
        int matches = 0;
        oxre_span m;
        while (oxre_iter_next(it, &m) == 1)
            matches++;
        oxre_iter_free(it);
        counting = 0;
        ck_assert_int_gt(matches, 1000);
    }
    printf("# an iterator over the haystack: %zu allocations\n", allocations);
    ck_assert_uint_le(allocations, 1);

    __libc_free(hay);
    oxre_captures_free(caps);
    oxre_scratch_free(ss);
    oxre_scratch_free(s);
    oxre_set_free(set);
    oxre_free(re);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("allocs");
    TCase *tc = tcase_create("allocs");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, replace_allocates_per_call_not_per_match);
    tcase_add_test(tc, searches_with_scratch_allocate_nothing);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
