/*
 * bench/stream: streams against whole-buffer search, and against
 * Hyperscan's streaming mode, on one corpus fed in the same chunks.
 *
 *   stream CORPUS [ROUNDS [IDLE]]
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
 *
 * Then, against Hyperscan, ends-only streams and Hyperscan's streams run
 * interleaved, round by round (best of ROUNDS each), for the ratios and
 * their geometric mean over the workloads and both chunk sizes; the time
 * the first ends-only stream of a regex takes (it builds the DFA all its
 * streams share); and IDLE streams (default 100000; the third argument)
 * each fed one chunk and left open, with the resident memory they add per
 * stream.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include "oxre.h"
#ifdef HAVE_HYPERSCAN
#include <hs.h>
#endif
#ifdef HAVE_PCRE2
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
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

/* Resident memory of the process, in bytes (0 where /proc is missing). */
static size_t rss(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long size = 0, resident = 0;
    if (f == NULL)
        return 0;
    if (fscanf(f, "%lu %lu", &size, &resident) != 2)
        resident = 0;
    fclose(f);
    return (size_t)resident * 4096;
}

static double geo_log_sum;
static int geo_n;
static size_t idle_count = 100000;

/* `idle_count` ends-only streams, each fed the same first chunk: resident
 * bytes they add, per stream. */
static double idle_oxre(const oxre_regex *re, const uint8_t *chunk, size_t len)
{
    oxre_stream **s = malloc(idle_count * sizeof *s);
    size_t before = rss();
    for (size_t i = 0; i < idle_count; i++) {
        s[i] = oxre_stream_new(re, OXRE_STREAM_ENDS_ONLY, NULL);
        if (s[i] == NULL || oxre_stream_feed(s[i], chunk, len, NULL, NULL) < 0) {
            fprintf(stderr, "idle stream %zu: %s\n", i, oxre_last_error()->message);
            exit(1);
        }
    }
    double per = ((double)rss() - (double)before) / (double)idle_count;
    for (size_t i = 0; i < idle_count; i++)
        oxre_stream_free(s[i]);
    free(s);
    return per;
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

static double idle_hs(hs_database_t *db, hs_scratch_t *scratch, const uint8_t *chunk,
                      size_t len)
{
    hs_stream_t **s = malloc(idle_count * sizeof *s);
    uint64_t n = 0;
    size_t before = rss();
    for (size_t i = 0; i < idle_count; i++) {
        if (hs_open_stream(db, 0, &s[i]) != HS_SUCCESS) {
            fprintf(stderr, "hs_open_stream failed at %zu\n", i);
            exit(1);
        }
        hs_scan_stream(s[i], (const char *)chunk, (unsigned)len, 0, scratch, hs_count, &n);
    }
    double per = ((double)rss() - (double)before) / (double)idle_count;
    for (size_t i = 0; i < idle_count; i++)
        hs_close_stream(s[i], scratch, hs_count, &n);
    free(s);
    return per;
}

/* Ends-only streams against Hyperscan's, interleaved round by round so that
 * both see the same load; best of `rounds` each. */
static void race(const oxre_regex *re, hs_database_t *sdb, hs_scratch_t *scratch,
                 const uint8_t *hay, size_t len, int rounds)
{
    static const size_t chunks[2] = {4096, 65536};
    double mb = (double)len / (1 << 20);
    printf("  interleaved, best of %d:", rounds);
    for (int c = 0; c < 2; c++) {
        double t_ox = 1e30, t_hs = 1e30;
        uint64_t n_ox = 0, n_hs = 0;
        for (int r = 0; r < rounds; r++) {
            double t = now();
            n_ox = streamed(re, OXRE_STREAM_ENDS_ONLY, hay, len, chunks[c]);
            t = now() - t;
            if (t < t_ox)
                t_ox = t;
            t = now();
            n_hs = hs_streamed(sdb, scratch, hay, len, chunks[c]);
            t = now() - t;
            if (t < t_hs)
                t_hs = t;
        }
        printf(" %zuK oxre %.1f MB/s, hyperscan %.1f MB/s = %.3fx%s%s", chunks[c] >> 10,
               mb / t_ox, mb / t_hs, t_ox / t_hs, n_ox == n_hs ? "" : " (counts differ)",
               c == 0 ? ";" : "\n");
        geo_log_sum += log(t_ox / t_hs);
        geo_n++;
    }
}
#endif

/*
 * Leftmost mode against whole-buffer search, and PCRE2's partial matching
 * over the same chunks (the multi-segment technique of pcre2partial(3):
 * PCRE2_PARTIAL_HARD on every segment but the last, and after a partial
 * match the next segment appended to the bytes from the partial match's
 * start, less the pattern's look-behind). The engines are timed in turn,
 * round after round, and each keeps its best round.
 *
 * With --instructions WORKLOAD:WHAT the program runs that one measurement
 * once inside instr_measured(), for callgrind --toggle-collect (make
 * bench-stream-instr), after one run over one copy of the corpus to warm
 * the caches; ROUNDS is then the size the corpus is repeated to, in MiB
 * (default 4; 16 for the timings).
 */
enum { L_WHOLE, L_4K, L_64K, P_WHOLE, P_4K, P_64K, L_N };
static const char *const l_names[L_N] = {"whole", "stream4k", "stream64k",
                                         "pcre2-whole", "pcre2-4k", "pcre2-64k"};
static const char *instr_name, *instr_what;
static size_t corpus_len; /* one copy of the corpus, before repeating it */

struct leftmost_engines {
    oxre_regex *re;
    size_t oxre_memory[L_N];
#ifdef HAVE_PCRE2
    pcre2_code *pc;
    pcre2_match_data *md;
    size_t lookbehind;
    size_t retained[L_N];
#endif
};

#ifdef HAVE_PCRE2
/* The patterns as one PCRE2 alternation, in order (PCRE2's alternation is
 * leftmost-first, as oxre_compile_many is), with (?-u:\b) spelt \b (ASCII
 * in PCRE2 without PCRE2_UCP). */
static char *pcre2_alternation(const char *const *pats, size_t n)
{
    size_t cap = 8;
    for (size_t i = 0; i < n; i++)
        cap += strlen(pats[i]) + 8;
    char *out = malloc(cap), *o = out;
    for (size_t i = 0; i < n; i++) {
        o += sprintf(o, "%s(?:", i ? "|" : "");
        for (const char *q = pats[i]; *q;)
            if (strncmp(q, "(?-u:\\b)", 8) == 0)
                o += sprintf(o, "\\b"), q += 8;
            else
                *o++ = *q++;
        *o++ = ')';
    }
    *o = 0;
    return out;
}

static uint64_t pcre2_whole(struct leftmost_engines *l, const uint8_t *hay, size_t len)
{
    uint64_t n = 0;
    for (size_t from = 0; from <= len;) {
        if (pcre2_match(l->pc, hay, len, from, 0, l->md, NULL) < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(l->md);
        n++;
        from = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
    }
    return n;
}

/* The bytes a stream holds between segments, at most, are *retained. */
static uint64_t pcre2_streamed(struct leftmost_engines *l, const uint8_t *hay, size_t len,
                               size_t chunk, size_t *retained)
{
    uint64_t n = 0;
    size_t cap = 2 * chunk, blen = 0, from = 0, most = 0;
    uint8_t *buf = malloc(cap);
    int first = 1;
    for (size_t at = 0; at < len; at += chunk) {
        size_t k = len - at < chunk ? len - at : chunk;
        int last = at + k == len;
        if (blen + k > cap)
            buf = realloc(buf, cap = 2 * (blen + k));
        memcpy(buf + blen, hay + at, k);
        size_t keep = blen += k;
        uint32_t opts = (last ? 0 : PCRE2_PARTIAL_HARD) | (first ? 0 : PCRE2_NOTBOL);
        while (from <= blen) {
            int rc = pcre2_match(l->pc, buf, blen, from, opts, l->md, NULL);
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(l->md);
            if (rc == PCRE2_ERROR_PARTIAL) {
                keep = from = ov[0];
                break;
            }
            if (rc < 0) {
                from = blen;
                break;
            }
            n++;
            from = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
        }
        if (keep > from)
            keep = from;
        size_t cut = keep > l->lookbehind ? keep - l->lookbehind : 0;
        memmove(buf, buf + cut, blen - cut);
        blen -= cut, from -= cut;
        if (blen > most)
            most = blen;
        first = 0;
    }
    free(buf);
    *retained = most;
    return n;
}
#endif

static uint64_t leftmost_run(struct leftmost_engines *l, int what, const uint8_t *hay,
                             size_t len)
{
    uint64_t n = 0;
    switch (what) {
    case L_WHOLE:
        return whole(l->re, hay, len);
    case L_4K:
    case L_64K:
        n = streamed(l->re, 0, hay, len, what == L_4K ? 4096 : 65536);
        l->oxre_memory[what] = last_memory;
        return n;
#ifdef HAVE_PCRE2
    case P_WHOLE:
        return pcre2_whole(l, hay, len);
    case P_4K:
    case P_64K:
        return pcre2_streamed(l, hay, len, what == P_4K ? 4096 : 65536, &l->retained[what]);
#endif
    }
    return 0;
}

/* Not inlined: callgrind counts the instructions under this function. */
__attribute__((noinline)) uint64_t instr_measured(struct leftmost_engines *l, int what,
                                                  const uint8_t *hay, size_t len);
__attribute__((noinline)) uint64_t instr_measured(struct leftmost_engines *l, int what,
                                                  const uint8_t *hay, size_t len)
{
    return leftmost_run(l, what, hay, len);
}

static void leftmost(const char *name, const char *const *pats, size_t n, const uint8_t *hay,
                     size_t len, int rounds)
{
    if (instr_name != NULL && strcmp(name, instr_name) != 0)
        return;
    struct leftmost_engines l = {0};
    const uint8_t *p[128];
    size_t lens[128];
    for (size_t i = 0; i < n; i++)
        p[i] = (const uint8_t *)pats[i], lens[i] = strlen(pats[i]);
    l.re = oxre_compile_many(p, lens, n, 0, NULL);
    if (l.re == NULL) {
        fprintf(stderr, "%s: %s\n", name, oxre_last_error()->message);
        exit(1);
    }
    int engines = 3;
#ifdef HAVE_PCRE2
    char *alt = pcre2_alternation(pats, n);
    int err;
    PCRE2_SIZE at;
    l.pc = pcre2_compile((PCRE2_SPTR)alt, PCRE2_ZERO_TERMINATED, 0, &err, &at, NULL);
    if (l.pc == NULL) {
        fprintf(stderr, "%s: PCRE2 cannot compile it (error %d at %zu)\n", name, err,
                (size_t)at);
        exit(1);
    }
    free(alt);
    pcre2_jit_compile(l.pc, PCRE2_JIT_COMPLETE | PCRE2_JIT_PARTIAL_HARD);
    l.md = pcre2_match_data_create_from_pattern(l.pc, NULL);
    uint32_t lb = 0;
    pcre2_pattern_info(l.pc, PCRE2_INFO_MAXLOOKBEHIND, &lb);
    l.lookbehind = lb;
    engines = L_N;
#endif
    uint64_t counts[L_N] = {0};
    double best[L_N];
    if (instr_what != NULL) {
        int what = 0;
        while (what < engines && strcmp(l_names[what], instr_what) != 0)
            what++;
        if (what == engines) {
            fprintf(stderr, "unknown measurement %s\n", instr_what);
            exit(2);
        }
        counts[0] = leftmost_run(&l, what, hay, corpus_len < len ? corpus_len : len);
        counts[1] = instr_measured(&l, what, hay, len);
        printf("%s:%s %llu matches\n", name, instr_what, (unsigned long long)counts[1]);
        goto out;
    }
    for (int w = 0; w < L_N; w++)
        best[w] = 1e30;
    for (int r = 0; r < rounds; r++)
        for (int w = 0; w < engines; w++) {
            double t = now();
            counts[w] = leftmost_run(&l, w, hay, len);
            t = now() - t;
            if (t < best[w])
                best[w] = t;
        }
    double mb = (double)len / (1 << 20);
    printf("%-28s %3zu patterns, leftmost, interleaved best of %d: whole %.1f MB/s (%llu "
           "matches)\n",
           name, n, rounds, mb / best[L_WHOLE], (unsigned long long)counts[L_WHOLE]);
    printf("  oxre stream  4K %7.1f MB/s = %.3fx whole, 64K %7.1f MB/s = %.3fx whole (%s), "
           "%zu/%zu bytes/stream\n",
           mb / best[L_4K], best[L_4K] / best[L_WHOLE], mb / best[L_64K],
           best[L_64K] / best[L_WHOLE],
           counts[L_4K] == counts[L_WHOLE] && counts[L_64K] == counts[L_WHOLE]
               ? "same matches"
               : "MISMATCH",
           l.oxre_memory[L_4K], l.oxre_memory[L_64K]);
#ifdef HAVE_PCRE2
    size_t md_size = pcre2_get_match_data_size(l.md);
    printf("  pcre2 partial: whole %.1f MB/s (%llu matches%s); 4K %.1f MB/s = %.3fx its whole, "
           "%.3fx oxre's stream; 64K %.1f MB/s = %.3fx, %.3fx (%s); %zu/%zu bytes/stream "
           "(retained bytes at most + %zu of match data)\n",
           mb / best[P_WHOLE], (unsigned long long)counts[P_WHOLE],
           counts[P_WHOLE] == counts[L_WHOLE] ? ", as oxre" : ", not oxre's count",
           mb / best[P_4K], best[P_4K] / best[P_WHOLE], best[P_4K] / best[L_4K],
           mb / best[P_64K], best[P_64K] / best[P_WHOLE], best[P_64K] / best[L_64K],
           counts[P_4K] == counts[P_WHOLE] && counts[P_64K] == counts[P_WHOLE]
               ? "same matches"
               : "MISMATCH",
           l.retained[P_4K] + md_size, l.retained[P_64K] + md_size, md_size);
#endif
out:
#ifdef HAVE_PCRE2
    pcre2_match_data_free(l.md);
    pcre2_code_free(l.pc);
#endif
    oxre_free(l.re);
}

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
    leftmost(name, pats, n, hay, len, rounds);
    if (instr_what != NULL)
        return;
    uint64_t count = 0, c_whole, c_left, c_ends;
    double t_whole, t_l4, t_l64, t_e4, t_e64;
    size_t mem_left, mem_ends;
    BEST(t_whole, whole(re, hay, len));
    c_whole = count;
    BEST(t_l4, streamed(re, 0, hay, len, 4096));
    c_left = count;
    BEST(t_l64, streamed(re, 0, hay, len, 65536));
    mem_left = last_memory;
    double t_first = now();
    oxre_stream_free(oxre_stream_new(re, OXRE_STREAM_ENDS_ONLY, NULL));
    t_first = now() - t_first;
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
    double idle_ox = idle_oxre(re, hay, 4096);
    printf("  ends-only: first stream %.1f ms (builds the shared automaton); %zu idle streams: "
           "%.0f resident bytes each\n",
           t_first * 1e3, idle_count, idle_ox);
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
    race(re, sdb, scratch, hay, len, rounds);
    printf("  hyperscan: %zu idle streams: %.0f resident bytes each\n", idle_count,
           idle_hs(sdb, scratch, hay, 4096));
    hs_free_scratch(scratch);
    hs_free_database(bdb);
    hs_free_database(sdb);
#endif
    oxre_free(re);
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "--instructions") == 0) {
        char *colon = strchr(argv[2], ':');
        if (colon == NULL) {
            fprintf(stderr, "--instructions WORKLOAD:WHAT\n");
            return 2;
        }
        *colon = 0;
        instr_name = argv[2], instr_what = colon + 1;
        argv += 2, argc -= 2;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: %s [--instructions WORKLOAD:WHAT] CORPUS [ROUNDS|MIB [IDLE]]\n",
                argv[0]);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (argc > 3)
        idle_count = (size_t)strtoull(argv[3], NULL, 10);
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
    size_t total = 0, want = (instr_what != NULL ? (size_t)(argc > 2 ? atoi(argv[2]) : 4) : 16) << 20;
    corpus_len = len;
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
    char *w[100] = {0};
    size_t nw = words(one, len, w, 100);
    run("log filter (100 words)", (const char *const *)w, nw, hay, total, rounds);
    if (geo_n > 0)
        printf("ends-only vs hyperscan stream, interleaved: geometric mean of the time ratios "
               "over %d workloads and chunk sizes %.3fx (below 1: oxre faster)\n",
               geo_n, exp(geo_log_sum / geo_n));
    for (size_t i = 0; i < nw; i++)
        free(w[i]);
    free(one);
    free(hay);
    return 0;
}
