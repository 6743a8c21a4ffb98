/*
 * bench/stream: streams against whole-buffer search, and against
 * Hyperscan's streaming mode, on one corpus fed in the same chunks.
 *
 *   stream CORPUS [ROUNDS]
 *
 * For 1, 10 and 100 patterns (words of the corpus as literals, and a few
 * regexes), it times, best of ROUNDS (default 5):
 *   - oxre, whole buffer: oxre_iter over the corpus (leftmost-first);
 *   - oxre streams, leftmost mode, in 4 KiB and 64 KiB chunks;
 *   - oxre streams, ends-only mode, in 4 KiB and 64 KiB chunks;
 *   - Hyperscan block mode and streaming mode in the same chunks (when
 *     built with it), match ends as an ends-only stream reports them;
 * and prints the ratios the targets are stated in, the match counts (which
 * must agree between modes) and the memory per stream of each engine.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oxre.h"
#ifdef HAVE_HYPERSCAN
#include <hs.h>
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int count_cb(void *ctx, const oxre_stream_match *m)
{
    (void)m;
    ++*(uint64_t *)ctx;
    return 0;
}

static uint64_t whole(const oxre_regex *re, const uint8_t *hay, size_t len)
{
    uint64_t n = 0;
    oxre_iter *it = oxre_iter_new(re, hay, len, 0);
    while (oxre_iter_next_match(it, NULL) == 1)
        n++;
    oxre_iter_free(it);
    return n;
}

static size_t last_memory;

static uint64_t streamed(const oxre_regex *re, uint32_t flags, const uint8_t *hay, size_t len,
                         size_t chunk)
{
    uint64_t n = 0;
    oxre_stream *s = oxre_stream_new(re, flags, NULL);
    if (s == NULL) {
        fprintf(stderr, "oxre_stream_new: %s\n", oxre_last_error()->message);
        exit(1);
    }
    for (size_t at = 0; at < len; at += chunk) {
        size_t k = len - at < chunk ? len - at : chunk;
        if (oxre_stream_feed(s, hay + at, k, count_cb, &n) < 0) {
            fprintf(stderr, "oxre_stream_feed: %s\n", oxre_last_error()->message);
            exit(1);
        }
    }
    oxre_stream_finish(s, count_cb, &n);
    last_memory = oxre_stream_memory(s);
    oxre_stream_free(s);
    return n;
}

#ifdef HAVE_HYPERSCAN
static int hs_count(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    ++*(uint64_t *)ctx;
    return 0;
}

/* Hyperscan's spelling: its \b is ASCII already. */
static char *hs_spelling(const char *p)
{
    char *out = malloc(strlen(p) + 1), *o = out;
    while (*p) {
        if (strncmp(p, "(?-u:\\b)", 8) == 0) {
            memcpy(o, "\\b", 2);
            o += 2, p += 8;
        } else {
            *o++ = *p++;
        }
    }
    *o = 0;
    return out;
}

static hs_database_t *hs_build(const char *const *given, size_t n, unsigned mode)
{
    const char **pats = calloc(n, sizeof *pats);
    for (size_t i = 0; i < n; i++)
        pats[i] = hs_spelling(given[i]);
    unsigned *flags = calloc(n, sizeof *flags), *ids = calloc(n, sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = (unsigned)i, flags[i] = HS_FLAG_ALLOWEMPTY;
    hs_database_t *db = NULL;
    hs_compile_error_t *err = NULL;
    if (hs_compile_multi(pats, flags, ids, (unsigned)n, mode, NULL, &db, &err) != HS_SUCCESS) {
        fprintf(stderr, "hs_compile_multi: %s\n", err ? err->message : "?");
        exit(1);
    }
    free(flags);
    free(ids);
    for (size_t i = 0; i < n; i++)
        free((void *)pats[i]);
    free(pats);
    return db;
}

static uint64_t hs_streamed(hs_database_t *db, hs_scratch_t *scratch, const uint8_t *hay,
                            size_t len, size_t chunk)
{
    uint64_t n = 0;
    hs_stream_t *s;
    hs_open_stream(db, 0, &s);
    for (size_t at = 0; at < len; at += chunk) {
        size_t k = len - at < chunk ? len - at : chunk;
        hs_scan_stream(s, (const char *)hay + at, (unsigned)k, 0, scratch, hs_count, &n);
    }
    hs_close_stream(s, scratch, hs_count, &n);
    return n;
}

static uint64_t hs_block(hs_database_t *db, hs_scratch_t *scratch, const uint8_t *hay,
                         size_t len)
{
    uint64_t n = 0;
    hs_scan(db, (const char *)hay, (unsigned)len, 0, scratch, hs_count, &n);
    return n;
}
#endif

/* Distinct words of at least 6 letters, in the corpus's order. */
static size_t words(const uint8_t *hay, size_t len, char **out, size_t want)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < want;) {
        size_t j = i;
        while (j < len && ((hay[j] | 32) >= 'a' && (hay[j] | 32) <= 'z'))
            j++;
        if (j - i >= 6) {
            int dup = 0;
            for (size_t k = 0; k < n && !dup; k++)
                dup = strlen(out[k]) == j - i && memcmp(out[k], hay + i, j - i) == 0;
            if (!dup) {
                out[n] = strndup((const char *)hay + i, j - i);
                n++;
            }
        }
        i = j + 1;
    }
    return n;
}

#define BEST(var, expr)                                                                    \
    do {                                                                                   \
        var = 1e30;                                                                        \
        for (int r_ = 0; r_ < rounds; r_++) {                                              \
            double t_ = now();                                                             \
            count = (expr);                                                                \
            t_ = now() - t_;                                                               \
            if (t_ < var)                                                                  \
                var = t_;                                                                  \
        }                                                                                  \
    } while (0)

static void run(const char *name, const char *const *pats, size_t n, const uint8_t *hay,
                size_t len, int rounds)
{
    const uint8_t *p[128];
    size_t lens[128];
    for (size_t i = 0; i < n; i++)
        p[i] = (const uint8_t *)pats[i], lens[i] = strlen(pats[i]);
    oxre_regex *re = oxre_compile_many(p, lens, n, 0, NULL);
    if (re == NULL) {
        fprintf(stderr, "%s: %s\n", name, oxre_last_error()->message);
        exit(1);
    }
    uint64_t count = 0, c_whole, c_left, c_ends;
    double t_whole, t_l4, t_l64, t_e4, t_e64;
    size_t mem_left, mem_ends;
    BEST(t_whole, whole(re, hay, len));
    c_whole = count;
    BEST(t_l4, streamed(re, 0, hay, len, 4096));
    c_left = count;
    BEST(t_l64, streamed(re, 0, hay, len, 65536));
    mem_left = last_memory;
    BEST(t_e4, streamed(re, OXRE_STREAM_ENDS_ONLY, hay, len, 4096));
    c_ends = count;
    BEST(t_e64, streamed(re, OXRE_STREAM_ENDS_ONLY, hay, len, 65536));
    mem_ends = last_memory;
    double mb = (double)len / (1 << 20);
    printf("%-28s %3zu patterns: whole %7.1f MB/s (%llu matches)\n", name, n, mb / t_whole,
           (unsigned long long)c_whole);
    printf("  leftmost stream  4K %7.1f MB/s = %.3fx whole, 64K %7.1f MB/s = %.3fx whole "
           "(%llu matches%s), %zu bytes/stream\n",
           mb / t_l4, t_l4 / t_whole, mb / t_l64, t_l64 / t_whole, (unsigned long long)c_left,
           c_left == c_whole ? "" : " MISMATCH", mem_left);
    printf("  ends-only stream 4K %7.1f MB/s, 64K %7.1f MB/s (%llu ends), %zu bytes/stream\n",
           mb / t_e4, mb / t_e64, (unsigned long long)c_ends, mem_ends);
#ifdef HAVE_HYPERSCAN
    hs_database_t *bdb = hs_build(pats, n, HS_MODE_BLOCK);
    hs_database_t *sdb = hs_build(pats, n, HS_MODE_STREAM | HS_MODE_SOM_HORIZON_SMALL);
    hs_scratch_t *scratch = NULL;
    hs_alloc_scratch(bdb, &scratch);
    hs_alloc_scratch(sdb, &scratch);
    double h_b, h_4, h_64;
    uint64_t c_hb, c_hs;
    BEST(h_b, hs_block(bdb, scratch, hay, len));
    c_hb = count;
    BEST(h_4, hs_streamed(sdb, scratch, hay, len, 4096));
    c_hs = count;
    BEST(h_64, hs_streamed(sdb, scratch, hay, len, 65536));
    size_t hs_size = 0;
    hs_stream_size(sdb, &hs_size);
    printf("  hyperscan block %7.1f MB/s (%llu ends); stream 4K %7.1f MB/s = %.3fx block, 64K "
           "%7.1f MB/s = %.3fx block (%llu ends), %zu bytes/stream\n",
           mb / h_b, (unsigned long long)c_hb, mb / h_4, h_4 / h_b, mb / h_64, h_64 / h_b,
           (unsigned long long)c_hs, hs_size);
    printf("  ends-only vs hyperscan stream: 4K %.3fx, 64K %.3fx (time ratio, below 1: oxre "
           "faster)\n",
           t_e4 / h_4, t_e64 / h_64);
    hs_free_scratch(scratch);
    hs_free_database(bdb);
    hs_free_database(sdb);
#endif
    oxre_free(re);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS [ROUNDS]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    /* The corpus, repeated to at least 16 MiB. */
    size_t cap = 1 << 20, len = 0;
    uint8_t *one = malloc(cap);
    size_t got;
    while ((got = fread(one + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            one = realloc(one, cap *= 2);
    }
    fclose(f);
    size_t total = 0, want = 16 << 20;
    uint8_t *hay = malloc(want + len);
    while (total < want) {
        memcpy(hay + total, one, len);
        total += len;
    }
    printf("corpus %s: %zu bytes, repeated to %zu\n", argv[1], len, total);

    const char *one_lit[] = {"Sherlock Holmes"};
    const char *one_re[] = {"[A-Z][a-z]+ing"};
    const char *one_word[] = {"(?-u:\\b)\\w+(?-u:\\b)"};
    run("literal", one_lit, 1, hay, total, rounds);
    run("class+suffix", one_re, 1, hay, total, rounds);
    run("ASCII words", one_word, 1, hay, total, rounds);
    const char *ten[] = {"Holmes", "Watson", "[0-9]+", "Baker Street", "(?i)sherlock",
                         "[A-Z][a-z]+ly", "door", "window", "letter", "night"};
    run("ten rules", ten, 10, hay, total, rounds);
    char *w[100];
    size_t nw = words(one, len, w, 100);
    run("log filter (100 words)", (const char *const *)w, nw, hay, total, rounds);
    for (size_t i = 0; i < nw; i++)
        free(w[i]);
    free(one);
    free(hay);
    return 0;
}
