/*
 * bench/wordb: Unicode word boundaries in ends-only streams and overlapping
 * iterators, where an NFA simulation stands in for the lazy DFA, against
 * the same patterns with ASCII word boundaries (which the lazy DFA runs).
 *
 *   wordb CORPUS [ROUNDS]            the table: MB/s, best of ROUNDS (5)
 *   wordb CORPUS --one SET MODE N    one measurement, N passes (callgrind)
 *
 * SET is a pattern set's index, MODE one of u-stream, a-stream, u-overlap,
 * a-overlap (u: Unicode \b; a: (?-u:\b)). Streams are fed 64 KiB chunks.
 * The match counts of the u- and a- forms must agree on an ASCII corpus;
 * bench/wordb.sh turns callgrind's counts into instructions per byte.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oxre.h"

static const char *const sets[][11] = {
    {"\\bthe\\b", NULL},
    {"\\w+\\b", NULL},
    {"\\bthe\\b", "\\band\\b", "\\bto\\b", "\\bof\\b", "\\bthat\\b", "\\bis\\b", "\\bit\\b",
     "\\byou\\b", "\\bwas\\b", "\\bhe\\b", NULL},
    {"\\b[0-9]+\\b", "\\b\\w+ing\\b", NULL},
};
#define NSETS (sizeof sets / sizeof *sets)

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Set `i` with Unicode word boundaries, or each `\b` made `(?-u:\b)`. */
static oxre_regex *compile_set(size_t i, int ascii)
{
    static char bufs[11][256];
    const uint8_t *p[11];
    size_t lens[11], n = 0;
    for (; sets[i][n]; n++) {
        const char *s = sets[i][n];
        char *o = bufs[n];
        for (; *s; s++) {
            if (ascii && s[0] == '\\' && s[1] == 'b') {
                strcpy(o, "(?-u:\\b)");
                o += strlen(o);
                s++;
            } else {
                *o++ = *s;
            }
        }
        *o = 0;
        p[n] = (const uint8_t *)bufs[n];
        lens[n] = strlen(bufs[n]);
    }
    oxre_regex *re = oxre_compile_many(p, lens, n, 0, NULL);
    if (re == NULL) {
        fprintf(stderr, "wordb: %s\n", oxre_last_error()->message);
        exit(1);
    }
    return re;
}

static int count_cb(void *ctx, const oxre_stream_match *m)
{
    (void)m;
    ++*(uint64_t *)ctx;
    return 0;
}

static size_t stream_memory;

static uint64_t streamed(const oxre_regex *re, const uint8_t *hay, size_t len)
{
    uint64_t n = 0;
    oxre_stream *s = oxre_stream_new(re, OXRE_STREAM_ENDS_ONLY, NULL);
    if (s == NULL) {
        fprintf(stderr, "wordb: %s\n", oxre_last_error()->message);
        exit(1);
    }
    for (size_t at = 0; at < len; at += 65536) {
        size_t k = len - at < 65536 ? len - at : 65536;
        if (oxre_stream_feed(s, hay + at, k, count_cb, &n) < 0)
            exit(1);
    }
    if (oxre_stream_finish(s, count_cb, &n) < 0)
        exit(1);
    stream_memory = oxre_stream_memory(s);
    oxre_stream_free(s);
    return n;
}

static uint64_t overlapped(const oxre_regex *re, const uint8_t *hay, size_t len)
{
    uint64_t n = 0;
    oxre_overlap *it = oxre_overlap_new(re, hay, len);
    if (it == NULL) {
        fprintf(stderr, "wordb: %s\n", oxre_last_error()->message);
        exit(1);
    }
    while (oxre_overlap_next(it, NULL) == 1)
        n++;
    oxre_overlap_free(it);
    return n;
}

static uint64_t run(const oxre_regex *re, int overlap, const uint8_t *hay, size_t len)
{
    return overlap ? overlapped(re, hay, len) : streamed(re, hay, len);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *hay = malloc((size_t)n + 1);
    if (hay == NULL || fread(hay, 1, (size_t)n, f) != (size_t)n)
        exit(1);
    fclose(f);
    *len = (size_t)n;
    return hay;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: wordb CORPUS [ROUNDS] | CORPUS --one SET MODE PASSES\n");
        return 2;
    }
    size_t len;
    uint8_t *hay = slurp(argv[1], &len);
    if (argc == 6 && strcmp(argv[2], "--one") == 0) {
        size_t set = (size_t)atoi(argv[3]);
        const char *mode = argv[4];
        int passes = atoi(argv[5]);
        if (set >= NSETS || strlen(mode) < 2)
            return 2;
        oxre_regex *re = compile_set(set, mode[0] == 'a');
        int overlap = strstr(mode, "overlap") != NULL;
        uint64_t n = 0;
        /* Build the shared automata before the passes counted. */
        run(re, overlap, hay, 0);
        for (int i = 0; i < passes; i++)
            n = run(re, overlap, hay, len);
        printf("%llu\n", (unsigned long long)n);
        oxre_free(re);
        free(hay);
        return 0;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    int ascii_corpus = 1;
    for (size_t i = 0; i < len && ascii_corpus; i++)
        ascii_corpus = hay[i] < 0x80;
    printf("corpus %s: %zu bytes, %s\n", argv[1], len, ascii_corpus ? "ASCII" : "not ASCII");
    printf("%-40s %10s %10s %8s %10s %10s %8s\n", "set (first pattern)", "u-stream", "a-stream",
           "ratio", "u-overlap", "a-overlap", "ratio");
    for (size_t s = 0; s < NSETS; s++) {
        oxre_regex *u = compile_set(s, 0), *a = compile_set(s, 1);
        double best[4] = {1e30, 1e30, 1e30, 1e30};
        uint64_t counts[4] = {0};
        size_t umem = 0, amem = 0;
        for (int r = 0; r < rounds; r++)
            for (int k = 0; k < 4; k++) {
                double t = now();
                counts[k] = run(k % 2 ? a : u, k >= 2, hay, len);
                t = now() - t;
                if (t < best[k])
                    best[k] = t;
                if (k == 0)
                    umem = stream_memory;
                if (k == 1)
                    amem = stream_memory;
            }
        double mb = (double)len / 1e6;
        char name[64];
        size_t np = 0;
        while (sets[s][np])
            np++;
        snprintf(name, sizeof name, "%.30s x%zu", sets[s][0], np);
        printf("%-40s %10.1f %10.1f %8.2f %10.1f %10.1f %8.2f\n", name, mb / best[0], mb / best[1],
               best[0] / best[1], mb / best[2], mb / best[3], best[2] / best[3]);
        printf("%-40s %10llu %10llu %8s %10llu %10llu   (matches; stream memory %zu vs %zu B)\n",
               "", (unsigned long long)counts[0], (unsigned long long)counts[1], "",
               (unsigned long long)counts[2], (unsigned long long)counts[3], umem, amem);
        if (ascii_corpus && (counts[0] != counts[1] || counts[2] != counts[3] ||
                             counts[0] != counts[2])) {
            fprintf(stderr, "wordb: the counts differ on an ASCII corpus\n");
            return 1;
        }
        oxre_free(u);
        oxre_free(a);
    }
    free(hay);
    return 0;
}
