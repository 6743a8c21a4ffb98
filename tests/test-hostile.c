#define _GNU_SOURCE
/* Hostile input: arguments an adversarial caller would pass (buffers that
 * alias their source, lengths that wrap, objects from another regex, counts
 * and sizes past what memory holds, deep nesting, engine corner cases), each
 * a regression test for a defect that once crashed, aborted or answered
 * wrongly. */
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

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

/* --- Length arithmetic ----------------------------------------------------- */

START_TEST(replace_into_length_overflow)
{
    /* 2^18 empty matches, each replaced by 2^46 bytes: 2^64 bytes, which
     * wrapped around to a small total. */
    size_t tlen = (size_t)1 << 46;
    const uint8_t *zeros = huge_zeros(tlen);
    if (zeros == NULL)
        return;
    size_t hlen = ((size_t)1 << 18) - 1;
    uint8_t *hay = calloc(hlen, 1);
    oxre_regex *re = compile_ok("", 0);
    size_t needed = 0;
    uint8_t dst[16];
    oxre_last_error_clear();
    errno = 0;
    ck_assert_int_eq(oxre_replace_into(re, hay, hlen, 0, zeros, tlen, OXRE_LITERAL, dst,
                                       sizeof dst, &needed),
                     OXRE_ENOSPC);
    assert_failed(OXRE_ENOSPC, ERANGE);
    ck_assert_uint_eq(needed, SIZE_MAX);
    oxre_free(re);
    free(hay);
    munmap((void *)zeros, tlen);
}
END_TEST

/* --- Objects from another regex --------------------------------------------- */

START_TEST(captures_from_another_regex)
{
    oxre_regex *a = compile_ok("(?<x>a)", 0);
    oxre_regex *b = compile_ok("(?<y>a)", 0);
    oxre_regex *a2 = compile_ok("(?<x>a)", 0);
    oxre_captures *caps = oxre_captures_new(a);
    oxre_span s;
    /* Same group count, other names: refused. */
    errno = 0;
    ck_assert_int_eq(oxre_captures_read(b, caps, (const uint8_t *)"a", 1, 0), OXRE_EINVAL);
    assert_failed(OXRE_EINVAL, EINVAL);
    ck_assert_int_eq(oxre_search_captures(b, caps, (const uint8_t *)"a", 1, 0, 1, 0),
                     OXRE_EINVAL);
    oxre_iter *it = oxre_iter_new(b, (const uint8_t *)"a", 1, 0);
    ck_assert_int_eq(oxre_iter_next_captures(it, caps), OXRE_EINVAL);
    oxre_iter_free(it);
    /* The same pattern compiled again fits, and names resolve. */
    ck_assert_int_eq(oxre_captures_read(a2, caps, (const uint8_t *)"ba", 2, 0), 1);
    ck_assert_int_eq(oxre_captures_name(caps, "x", 1, &s), 1);
    ck_assert_uint_eq(s.start, 1);
    /* Unnamed and named groups in the same places, one name differing. */
    oxre_regex *c = compile_ok("(a)(?<n>b)", 0), *d = compile_ok("(?<n>a)(b)", 0);
    oxre_captures *cc = oxre_captures_new(c);
    ck_assert_int_eq(oxre_captures_read(d, cc, (const uint8_t *)"ab", 2, 0), OXRE_EINVAL);
    oxre_captures_free(cc);
    oxre_free(c);
    oxre_free(d);
    oxre_captures_free(caps);
    oxre_free(a);
    oxre_free(a2);
    oxre_free(b);
}
END_TEST

/* --- Absurd counts ---------------------------------------------------------- */

START_TEST(absurd_pattern_counts)
{
    const uint8_t *pats[1] = {(const uint8_t *)"a"};
    size_t lens[1] = {1};
    size_t counts[] = {PTRDIFF_MAX / 8, PTRDIFF_MAX / 8 - 1, (size_t)1 << 40, (size_t)1 << 32,
                       ((size_t)1 << 31)};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        oxre_last_error_clear();
        errno = 0;
        ck_assert_ptr_null(oxre_compile_many(pats, lens, counts[i], 0, NULL));
        assert_failed(OXRE_EINVAL, EINVAL);
        errno = 0;
        ck_assert_ptr_null(oxre_set_compile(pats, lens, counts[i], 0, NULL));
        assert_failed(OXRE_EINVAL, EINVAL);
    }
}
END_TEST

/* --- OXRE_EARLIEST ---------------------------------------------------------- */

START_TEST(set_search_earliest_changes_nothing)
{
    const uint8_t *pats[2] = {(const uint8_t *)"a", (const uint8_t *)"b"};
    size_t lens[2] = {1, 1};
    oxre_set *set = oxre_set_compile(pats, lens, 2, 0, NULL);
    bool m[2];
    const uint8_t *hay = (const uint8_t *)"ab";
    ck_assert_int_eq(oxre_set_search(set, hay, 2, 0, 2, 0, m, 2), 2);
    ck_assert_int_eq(oxre_set_search(set, hay, 2, 0, 2, OXRE_EARLIEST, m, 2), 2);
    ck_assert(m[0] && m[1]);
    ck_assert_int_eq(oxre_set_search(set, hay, 2, 0, 2, OXRE_EARLIEST | OXRE_ANCHORED, m, 2), 1);
    ck_assert(m[0] && !m[1]);
    oxre_set_free(set);
}
END_TEST

START_TEST(earliest_with_captures)
{
    const uint8_t *pats[2] = {(const uint8_t *)"[^\xc3\xa9]\\p{Grek}",
                              (const uint8_t *)"((?-u:\\B))"};
    size_t lens[2] = {strlen((const char *)pats[0]), strlen((const char *)pats[1])};
    oxre_regex *re = oxre_compile_many(pats, lens, 2, OXRE_TEXT, NULL);
    ck_assert_ptr_nonnull(re);
    const uint8_t *hay = (const uint8_t *)"\xcf\x89\xc3\xbf" "b\xce\xa9"; /* "ωÿbΩ" */
    size_t len = strlen((const char *)hay);
    oxre_captures *caps = oxre_captures_new(re), *plain = oxre_captures_new(re);
    int want = oxre_search_captures(re, plain, hay, len, 3, 7, 0);
    ck_assert_int_ge(want, 0);
    ck_assert_int_eq(oxre_search_captures(re, caps, hay, len, 3, 7, OXRE_EARLIEST), want);
    /* The flag is ignored: the same match and groups as without it. */
    oxre_span a, b;
    ck_assert_int_eq(oxre_captures_pattern(caps), oxre_captures_pattern(plain));
    for (size_t g = 0; g < oxre_captures_group_count(plain); g++) {
        int ra = oxre_captures_get(caps, g, &a), rb = oxre_captures_get(plain, g, &b);
        ck_assert_int_eq(ra, rb);
        if (ra == 1)
            ck_assert(a.start == b.start && a.end == b.end);
    }
    /* And so do windowed iterators reading groups. */
    for (size_t from = 0; from <= len; from++) {
        oxre_iter *it = oxre_iter_new_window(re, hay, len, from, len, OXRE_EARLIEST);
        ck_assert_ptr_nonnull(it);
        int rc;
        while ((rc = oxre_iter_next_captures(it, caps)) == 1)
            ;
        ck_assert_int_eq(rc, 0);
        oxre_iter_free(it);
    }
    oxre_captures_free(caps);
    oxre_captures_free(plain);
    oxre_free(re);
}
END_TEST

/* --- Engine corner cases ---------------------------------------------------- */

/* Compiles with a line terminator (and other options) or fails the test. */
static oxre_regex *compile_opts(const char *pattern, uint32_t flags, uint8_t lt,
                                size_t dfa_size_limit)
{
    oxre_options o;
    oxre_options_init(&o);
    o.line_terminator = lt;
    if (dfa_size_limit)
        o.dfa_size_limit = dfa_size_limit;
    oxre_regex *re = oxre_compile((const uint8_t *)pattern, strlen(pattern), flags, &o);
    ck_assert_msg(re != NULL, "/%s/: %s", pattern, oxre_last_error()->message);
    return re;
}

/* Asserts that every way of searching agrees with `want`, a list of
 * match spans ("0-0 1-1"): iteration, find from each match's start, is_match,
 * count, iteration with groups, and windows. */
static void assert_matches(const oxre_regex *re, const char *hay, size_t len, const char *want)
{
    char got[256] = "", gotc[256] = "";
    oxre_span m;
    oxre_iter *it = oxre_iter_new(re, (const uint8_t *)hay, len, 0);
    ck_assert_ptr_nonnull(it);
    int rc, n = 0;
    while ((rc = oxre_iter_next(it, &m)) == 1) {
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%zu-%zu", n++ ? " " : "",
                 m.start, m.end);
    }
    ck_assert_int_eq(rc, 0);
    oxre_iter_free(it);
    ck_assert_str_eq(got, want);
    oxre_captures *caps = oxre_captures_new(re);
    it = oxre_iter_new(re, (const uint8_t *)hay, len, 0);
    n = 0;
    while ((rc = oxre_iter_next_captures(it, caps)) == 1) {
        ck_assert_int_eq(oxre_captures_get(caps, 0, &m), 1);
        snprintf(gotc + strlen(gotc), sizeof gotc - strlen(gotc), "%s%zu-%zu", n++ ? " " : "",
                 m.start, m.end);
    }
    ck_assert_int_eq(rc, 0);
    oxre_iter_free(it);
    ck_assert_str_eq(gotc, want);
    size_t count = 99;
    ck_assert_int_eq(oxre_count(re, (const uint8_t *)hay, len, 0, &count), OXRE_OK);
    ck_assert_int_eq((int)count, n);
    ck_assert_int_eq(oxre_is_match(re, (const uint8_t *)hay, len, 0), n > 0);
    for (size_t from = 0; from <= len; from++) {
        for (size_t to = from; to <= len; to++) {
            oxre_match mm;
            ck_assert_int_ge(oxre_search(re, (const uint8_t *)hay, len, from, to, 0, &mm), 0);
            ck_assert_int_ge(oxre_search(re, (const uint8_t *)hay, len, from, to, OXRE_EARLIEST, &mm), 0);
            ck_assert_int_ge(oxre_search(re, (const uint8_t *)hay, len, from, to, OXRE_ANCHORED, &mm), 0);
            ck_assert_int_ge(oxre_search_captures(re, caps, (const uint8_t *)hay, len, from, to, 0), 0);
            ck_assert_int_ge(oxre_search_captures(re, caps, (const uint8_t *)hay, len, from, to, OXRE_ANCHORED), 0);
        }
    }
    oxre_captures_free(caps);
}

START_TEST(word_byte_line_terminator)
{
    /* The full DFA lost the match at the end. */
    oxre_regex *re = compile_opts("\\b", 0, 'a', 0);
    assert_matches(re, "a", 1, "0-0 1-1");
    oxre_free(re);
    /* These panicked. */
    re = compile_opts("(\\B)", 0, 'a', 0);
    assert_matches(re, "aa", 2, "1-1");
    oxre_free(re);
    re = compile_opts("(.)|(\\b)", 0, 'a', 0);
    assert_matches(re, "ak", 2, "0-0 1-2");
    oxre_free(re);
    re = compile_opts("$", OXRE_MULTI_LINE, 'x', 0);
    assert_matches(re, "\xc3\xa9\xc3\x89\n", 5, "5-5");
    oxre_free(re);
    re = compile_opts("", OXRE_MULTI_LINE, 'x', 0);
    assert_matches(re, "\xc3\xa9\xc3\x89\n", 5, "0-0 1-1 2-2 3-3 4-4 5-5");
    oxre_free(re);
    oxre_options o;
    oxre_options_init(&o);
    o.line_terminator = 'x';
    const uint8_t *pats[2] = {(const uint8_t *)"$", (const uint8_t *)""};
    size_t lens[2] = {1, 0};
    re = oxre_compile_many(pats, lens, 2, OXRE_MULTI_LINE, &o);
    ck_assert_ptr_nonnull(re);
    assert_matches(re, "\xc3\xa9\xc3\x89\n", 5, "0-0 1-1 2-2 3-3 4-4 5-5");
    oxre_free(re);
}
END_TEST

START_TEST(tiny_dfa_size_limit)
{
    for (size_t limit = 1; limit < (1 << 18); limit = limit * 3 + 1) {
        oxre_regex *re = compile_opts(".[a-]", 0, '\n', limit);
        assert_matches(re, "\na", 2, "");
        assert_matches(re, "\nab-", 4, "2-4");
        oxre_free(re);
    }
}
END_TEST

START_TEST(set_word_boundary_then_start)
{
    const uint8_t *pats[1] = {(const uint8_t *)"\\b^"};
    size_t lens[1] = {3};
    uint32_t flavours[2] = {0, OXRE_TEXT};
    const uint8_t *hay = (const uint8_t *)"\xce\xa9"; /* Ω */
    for (int f = 0; f < 2; f++) {
        oxre_set *set = oxre_set_compile(pats, lens, 1, flavours[f], NULL);
        ck_assert_ptr_nonnull(set);
        bool m[1];
        ck_assert_int_eq(oxre_set_is_match(set, hay, 2, 0), 1);
        ck_assert_int_eq(oxre_set_matches(set, hay, 2, 0, m, 1), 1);
        for (size_t from = 0; from <= 2; from++)
            for (size_t to = from; to <= 2; to++)
                for (uint32_t sf = 0; sf <= (OXRE_ANCHORED | OXRE_EARLIEST); sf++)
                    ck_assert_int_eq(oxre_set_search(set, hay, 2, from, to, sf, m, 1),
                                     from == 0 ? 1 : 0);
        oxre_set_free(set);
    }
}
END_TEST

/* Every windowed search of `re` and of `same` (which matches exactly what
 * `re` matches) in `hay`, in every window and under every search flag,
 * must agree: spans, captures, window iteration, with and without a
 * scratch. */
static void assert_windows_agree(const oxre_regex *re, const oxre_regex *same, const char *hay)
{
    const uint8_t *h = (const uint8_t *)hay;
    size_t len = strlen(hay);
    oxre_scratch *scratch = oxre_scratch_new(re);
    oxre_captures *caps = oxre_captures_new(re);
    ck_assert_ptr_nonnull(scratch);
    ck_assert_ptr_nonnull(caps);
    for (size_t from = 0; from <= len; from++)
        for (size_t to = from; to <= len; to++)
            for (uint32_t sf = 0; sf <= OXRE_SEARCH_FLAGS_ALL; sf++) {
                oxre_match want = {0, 0, 0}, got = {9, 9, 9};
                int rc = oxre_search(same, h, len, from, to, sf, &want);
                ck_assert_int_ge(rc, 0);
                ck_assert_msg(oxre_search(re, h, len, from, to, sf, &got) == rc &&
                                  (rc == 0 || (got.start == want.start && got.end == want.end)),
                              "oxre_search on [%zu, %zu) flags %u: %d [%zu, %zu), want %d [%zu, %zu)",
                              from, to, sf, oxre_search(re, h, len, from, to, sf, &got),
                              got.start, got.end, rc, want.start, want.end);
                ck_assert_int_eq(oxre_search_with(re, scratch, h, len, from, to, sf, &got), rc);
                if (rc)
                    ck_assert(got.start == want.start && got.end == want.end);
                oxre_span g0;
                uint32_t csf = sf & ~(uint32_t)OXRE_EARLIEST;
                int crc = oxre_search(same, h, len, from, to, csf, &want);
                ck_assert_int_eq(oxre_search_captures(re, caps, h, len, from, to, csf), crc);
                if (crc) {
                    ck_assert_int_eq(oxre_captures_get(caps, 0, &g0), 1);
                    ck_assert(g0.start == want.start && g0.end == want.end);
                }
                ck_assert_int_eq(oxre_search_captures_with(re, scratch, caps, h, len, from, to, csf),
                                 crc);
                if (crc) {
                    ck_assert_int_eq(oxre_captures_get(caps, 0, &g0), 1);
                    ck_assert(g0.start == want.start && g0.end == want.end);
                }
                oxre_iter *a = oxre_iter_new_window(re, h, len, from, to, sf);
                oxre_iter *b = oxre_iter_new_window(same, h, len, from, to, sf);
                ck_assert_ptr_nonnull(a);
                ck_assert_ptr_nonnull(b);
                int ra, rb;
                do {
                    ra = oxre_iter_next_match(a, &got);
                    rb = oxre_iter_next_match(b, &want);
                    ck_assert_int_eq(ra, rb);
                    if (ra == 1)
                        ck_assert(got.start == want.start && got.end == want.end &&
                                  got.end <= to);
                } while (ra == 1);
                oxre_iter_free(a);
                oxre_iter_free(b);
            }
    oxre_captures_free(caps);
    oxre_scratch_free(scratch);
}

START_TEST(unmatchable_branch_empty_window)
{
    /* A branch that can never match leaves the engine no shortest match
     * length, and its literal-only search of an anchored empty window
     * matched the byte after the window. */
    const char *pats[][2] = {
        {"[^\\s\\S]A|B", "B"},
        {"B|x[^\\s\\S]", "B"},
        {"[^\\s\\S]|B|C", "B|C"},
        {"(?:[^\\s\\S]z)|B|C|D", "B|C|D"},
        {"[a&&b]|[B-E]x?", "[B-E]x?"},
    };
    uint32_t flavours[2] = {0, OXRE_TEXT};
    for (size_t p = 0; p < sizeof pats / sizeof pats[0]; p++)
        for (int f = 0; f < 2; f++) {
            oxre_regex *re = compile_ok(pats[p][0], flavours[f]);
            oxre_regex *same = compile_ok(pats[p][1], flavours[f]);
            oxre_match m;
            ck_assert_int_eq(oxre_search(re, (const uint8_t *)"B", 1, 0, 0, OXRE_ANCHORED, &m), 0);
            assert_windows_agree(re, same, "BCDB");
            assert_windows_agree(re, same, "xBBE");
            /* Several patterns take another path; the same answers. */
            const uint8_t *many[2] = {(const uint8_t *)pats[p][0], (const uint8_t *)"[^\\s\\S]"};
            size_t lens[2] = {strlen(pats[p][0]), 8};
            oxre_regex *two = oxre_compile_many(many, lens, 2, flavours[f], NULL);
            ck_assert_ptr_nonnull(two);
            assert_windows_agree(two, same, "BCDB");
            oxre_free(two);
            /* Sets never took that path: every window agrees there too. */
            const uint8_t *one[1] = {(const uint8_t *)pats[p][1]};
            size_t one_len[1] = {strlen(pats[p][1])};
            oxre_set *set = oxre_set_compile(many, lens, 1, flavours[f], NULL);
            oxre_set *set_same = oxre_set_compile(one, one_len, 1, flavours[f], NULL);
            oxre_scratch *ss = oxre_set_scratch_new(set);
            ck_assert_ptr_nonnull(ss);
            for (size_t from = 0; from <= 4; from++)
                for (size_t to = from; to <= 4; to++)
                    for (uint32_t sf = 0; sf <= OXRE_SEARCH_FLAGS_ALL; sf++) {
                        bool a[1], b[1];
                        int want = oxre_set_search(set_same, (const uint8_t *)"BCDB", 4, from,
                                                   to, sf, b, 1);
                        ck_assert_int_eq(oxre_set_search(set, (const uint8_t *)"BCDB", 4, from,
                                                         to, sf, a, 1),
                                         want);
                        ck_assert_int_eq(oxre_set_search_with(set, ss, (const uint8_t *)"BCDB",
                                                              4, from, to, sf, a, 1),
                                         want);
                    }
            oxre_scratch_free(ss);
            oxre_set_free(set_same);
            oxre_set_free(set);
            oxre_free(same);
            oxre_free(re);
        }
    /* Searched by its literals, the crate holds such a pattern to no size
     * limit; oxre compiles it all the same. */
    oxre_options o;
    oxre_options_init(&o);
    o.size_limit = 1;
    oxre_regex *re = oxre_compile((const uint8_t *)"[^\\s\\S]x|ab", 11, 0, &o);
    ck_assert_ptr_nonnull(re);
    oxre_match m;
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)"xab", 3, 0, 3, 0, &m), 1);
    ck_assert(m.start == 1 && m.end == 3);
    ck_assert_int_eq(oxre_search(re, (const uint8_t *)"ab", 2, 0, 0, OXRE_ANCHORED, &m), 0);
    oxre_free(re);
    /* One that needs a program is held to the limit, as in the crate. */
    ck_assert_ptr_null(oxre_compile((const uint8_t *)"[^\\s\\S]x|a+b", 12, 0, &o));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ESIZE);
}
END_TEST

/* --- Stack ------------------------------------------------------------------- */

/* `(a|(a|(a|...b)c)c)c`, nested `levels` deep (3 nesting levels each): the
 * shape whose compile recurses deepest per level. */
static char *nested(size_t levels)
{
    char *p = malloc(levels * 5 + 2), *q = p;
    for (size_t i = 0; i < levels; i++)
        q += sprintf(q, "(a|");
    *q++ = 'b';
    for (size_t i = 0; i < levels; i++)
        q += sprintf(q, ")c");
    *q = 0;
    return p;
}

struct compile_job {
    const char *pattern;
    const oxre_options *options;
    const char *hay; /* searched when not NULL */
    int found; /* 1: compiled (and matched), 0: failed (code in `code`) */
    int code;
};

static void *compile_on_thread(void *arg)
{
    struct compile_job *job = arg;
    oxre_regex *re = oxre_compile((const uint8_t *)job->pattern, strlen(job->pattern), 0,
                                  job->options);
    if (re == NULL) {
        job->found = 0;
        job->code = oxre_last_error()->code;
        return NULL;
    }
    job->found = job->hay ? oxre_is_match(re, (const uint8_t *)job->hay, strlen(job->hay), 0) : 1;
    oxre_free(re);
    return NULL;
}

/* Runs the job on a thread with a stack of `stack` bytes. */
static void run_on_stack(struct compile_job *job, size_t stack)
{
    pthread_attr_t attr;
    pthread_t t;
    ck_assert_int_eq(pthread_attr_init(&attr), 0);
    ck_assert_int_eq(pthread_attr_setstacksize(&attr, stack), 0);
    ck_assert_int_eq(pthread_create(&t, &attr, compile_on_thread, job), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    pthread_attr_destroy(&attr);
}

START_TEST(default_nest_limit_on_a_small_stack)
{
    /* 83 levels of 3: 249, within the default limit of 250; compiling it
     * took about 250 KiB of stack. */
    char *p = nested(83), hay[85];
    hay[0] = 'b';
    memset(hay + 1, 'c', 83);
    hay[84] = 0;
    struct compile_job job = {p, NULL, hay, -1, 0};
    run_on_stack(&job, OXRE_STACK_MIN);
    ck_assert_int_eq(job.found, 1);
    run_on_stack(&job, 64 << 10);
    ck_assert_int_eq(job.found, 1);
    /* One level more is over the limit, on any stack. */
    free(p);
    p = nested(84);
    job.pattern = p;
    run_on_stack(&job, OXRE_STACK_MIN);
    ck_assert_int_eq(job.found, 0);
    ck_assert_int_eq(job.code, OXRE_ESYNTAX);
    free(p);
}
END_TEST

START_TEST(raised_nest_limit)
{
    /* 35,000 levels of `(`: deeper than an 8 MiB stack allowed (1,500
     * under valgrind, whose allocator grants what the system would not,
     * and then tracks it all). */
    bool valgrind = getenv("OXRE_UNDER_VALGRIND") != NULL;
    size_t depth = valgrind ? 1500 : 35000;
    char *p = malloc(2 * depth + 2);
    memset(p, '(', depth);
    p[depth] = 'b';
    memset(p + depth + 1, ')', depth);
    p[2 * depth + 1] = 0;
    oxre_options o;
    oxre_options_init(&o);
    o.nest_limit = 40000;
    /* Searching 35,000 groups needs 78 GB of scratch space: where that
     * much cannot be had, compiling says so (OXRE_ENOMEM) rather than let
     * the first search abort the process. Either way the compile itself,
     * as deep as the pattern, has run. */
    struct compile_job job = {p, &o, NULL, -1, 0};
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    bool small_machine = pages > 0 && page > 0 && (double)pages * page < 64e9;
    compile_on_thread(&job); /* on the main thread */
    ck_assert(job.found == 1 || (job.found == 0 && job.code == OXRE_ENOMEM));
    if (small_machine && !valgrind)
        ck_assert_int_eq(job.code, OXRE_ENOMEM);
    run_on_stack(&job, 64 << 10);
    ck_assert(job.found == 1 || (job.found == 0 && job.code == OXRE_ENOMEM));
    free(p);
    /* Many groups whose scratch space fits compile and search. */
    p = nested(1000);
    job.pattern = p;
    job.hay = NULL;
    compile_on_thread(&job);
    ck_assert_int_eq(job.found, 1);
    free(p);
    /* The deepest of the worst shape the largest limit allows (a hundredth
     * of it under valgrind, which would take minutes). */
    o.nest_limit = OXRE_NEST_LIMIT_MAX;
    p = nested(OXRE_NEST_LIMIT_MAX / (valgrind ? 300 : 3));
    job.pattern = p;
    compile_on_thread(&job);
    ck_assert(job.found == 1 || (job.found == 0 && job.code == OXRE_ENOMEM));
    free(p);
    /* Limits beyond it are refused. */
    o.nest_limit = OXRE_NEST_LIMIT_MAX + 1;
    oxre_last_error_clear();
    errno = 0;
    ck_assert_ptr_null(oxre_compile((const uint8_t *)"a", 1, 0, &o));
    assert_failed(OXRE_EINVAL, EINVAL);
    o.nest_limit = UINT32_MAX;
    const uint8_t *pats[1] = {(const uint8_t *)"a"};
    size_t lens[1] = {1};
    ck_assert_ptr_null(oxre_compile_many(pats, lens, 1, 0, &o));
    assert_failed(OXRE_EINVAL, EINVAL);
    ck_assert_ptr_null(oxre_set_compile(pats, lens, 1, 0, &o));
    assert_failed(OXRE_EINVAL, EINVAL);
}
END_TEST

/* --- What the documentation promises ------------------------------------------ */

START_TEST(size_limit_spares_literals)
{
    oxre_options o;
    oxre_options_init(&o);
    o.size_limit = 1;
    const char *literal[] = {"a", "abc", "foo|bar", "[ab]"};
    for (size_t i = 0; i < 4; i++) {
        oxre_regex *re = oxre_compile((const uint8_t *)literal[i], strlen(literal[i]), 0, &o);
        ck_assert_msg(re != NULL, "/%s/ refused", literal[i]);
        oxre_free(re);
    }
    const char *program[] = {"a+", "(a)", "^a", "\\w"};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_ptr_null(oxre_compile((const uint8_t *)program[i], strlen(program[i]), 0, &o));
        ck_assert_int_eq(oxre_last_error()->code, OXRE_ESIZE);
    }
}
END_TEST

START_TEST(non_ascii_line_terminator)
{
    const char *hay = "ab\xff" "cd";
    oxre_regex *re = compile_opts("(?m)^c", 0, 0xff, 0);
    assert_find(re, hay, 3, 4);
    oxre_free(re);
    re = compile_opts("b(?m)$", 0, 0xff, 0);
    assert_find(re, hay, 1, 2);
    oxre_free(re);
    oxre_options o;
    oxre_options_init(&o);
    o.line_terminator = 0xff;
    ck_assert_ptr_null(oxre_compile((const uint8_t *)"a.", 2, 0, &o));
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ESYNTAX);
    re = compile_opts("b.", OXRE_NO_UNICODE, 0xff, 0);
    assert_no_match(re, hay);
    oxre_free(re);
    re = compile_opts("(?s)b.", 0, 0xff, 0);
    assert_no_match(re, hay); /* Unicode-mode `.` matches no invalid UTF-8 */
    oxre_free(re);
}
END_TEST

START_TEST(no_utf8_check_on_invalid_bytes)
{
    const char *pats[] = {"\\w+", "\\b", "", "(?m)$", ".", "\\p{Greek}|\\B", "(\\w)(\\W)"};
    const char *hays[] = {"\xff\xfe", "a\xc3", "\xce\xa9\xce", "\x80" "a\n\xbf", "\xed\xa0\x80"};
    for (size_t p = 0; p < sizeof pats / sizeof pats[0]; p++) {
        oxre_regex *re = compile_ok(pats[p], OXRE_TEXT);
        oxre_captures *caps = oxre_captures_new(re);
        for (size_t h = 0; h < sizeof hays / sizeof hays[0]; h++) {
            size_t len = strlen(hays[h]);
            for (size_t from = 0; from <= len; from++) {
                oxre_match m;
                int rc = oxre_search(re, (const uint8_t *)hays[h], len, from, len,
                                     OXRE_NO_UTF8_CHECK, &m);
                ck_assert(rc == 0 || rc == 1 || rc == OXRE_EPANIC);
                if (rc == 1)
                    ck_assert(m.start <= m.end && m.end <= len);
                rc = oxre_search_captures(re, caps, (const uint8_t *)hays[h], len, from, len,
                                          OXRE_NO_UTF8_CHECK);
                ck_assert(rc == 0 || rc == 1 || rc == OXRE_EPANIC);
            }
        }
        oxre_captures_free(caps);
        oxre_free(re);
    }
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
    tcase_add_test(tc, replace_into_length_overflow);
    tcase_add_test(tc, captures_from_another_regex);
    tcase_add_test(tc, absurd_pattern_counts);
    tcase_add_test(tc, set_search_earliest_changes_nothing);
    tcase_add_test(tc, earliest_with_captures);
    tcase_add_test(tc, word_byte_line_terminator);
    tcase_add_test(tc, tiny_dfa_size_limit);
    tcase_add_test(tc, set_word_boundary_then_start);
    tcase_add_test(tc, unmatchable_branch_empty_window);
    tcase_add_test(tc, default_nest_limit_on_a_small_stack);
    tcase_add_test(tc, raised_nest_limit);
    tcase_add_test(tc, size_limit_spares_literals);
    tcase_add_test(tc, non_ascii_line_terminator);
    tcase_add_test(tc, no_utf8_check_on_invalid_bytes);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
