/*
 * Thread scaling: one shared regex (and one shared set) searched from 1 to
 * 16 threads, each call on one short line, three ways:
 *   shared   the plain calls (oxre_is_match, ...): the regex's internal pool;
 *   clone    each thread searches its own oxre_clone / oxre_set_clone;
 *   scratch  each thread has its own oxre_scratch and calls the _with forms.
 * For every run it prints one line of JSON: the searches made, the wall
 * time, and the CPU time of each thread, from which ns per call follow
 * whatever the number of cores (CPU time is per thread, so threads waiting
 * for a core do not count). Every thread checks that it finds exactly what
 * one thread finds.
 *
 * With --count OP MODE PASSES it runs instead one worker for a fixed number
 * of passes over the lines, for callgrind to count the instructions per
 * call (bench/driver.py runs it with 1 and 3 passes and takes the
 * difference).
 *
 * Main searches once before the threads start, so that it, not a worker,
 * owns the pool's fast slot: every worker is a thread "other than the
 * first", the case the pool makes slower.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#define _POSIX_C_SOURCE 200809L
#include <oxre.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LINES 4096
#define MAXT 16

static char text[LINES * 96];
static const uint8_t *line[LINES];
static size_t line_len[LINES];

static oxre_regex *re;
static oxre_set *set;
static double seconds = 0.3;

enum op { IS_MATCH, FIND, SET_MATCHES };
enum mode { SHARED, CLONE, SCRATCH };
static const char *op_name[] = {"is_match", "find", "set_matches"};
static const char *mode_name[] = {"shared", "clone", "scratch"};

struct job {
    enum op op;
    enum mode mode;
    unsigned long long calls;
    long passes; /* a fixed number of passes, or 0: for `seconds` */
    unsigned long long digest; /* over one pass of the lines */
    double cpu;
    int wrong;
};

static double now(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* One pass over the lines; returns a digest of the results. */
static unsigned long long pass(enum op op, const oxre_regex *r, const oxre_set *st,
                               oxre_scratch *s)
{
    unsigned long long d = 0;
    bool found[4];
    oxre_span m;
    for (size_t i = 0; i < LINES; i++) {
        int rc;
        switch (op) {
        case IS_MATCH:
            rc = s ? oxre_is_match_with(r, s, line[i], line_len[i], 0)
                   : oxre_is_match(r, line[i], line_len[i], 0);
            d = d * 3 + (unsigned)rc;
            break;
        case FIND:
            rc = s ? oxre_find_with(r, s, line[i], line_len[i], 0, &m)
                   : oxre_find(r, line[i], line_len[i], 0, &m);
            d = d * 3 + (unsigned)rc + (rc == 1 ? m.start * 7 + m.end : 0);
            break;
        case SET_MATCHES:
            rc = s ? oxre_set_matches_with(st, s, line[i], line_len[i], 0, found, 4)
                   : oxre_set_matches(st, line[i], line_len[i], 0, found, 4);
            d = d * 5 + (unsigned)rc + found[0] + 2u * found[3];
            break;
        }
        if (rc < 0) {
            fprintf(stderr, "threads: search failed: %s\n", oxre_last_error()->message);
            exit(1);
        }
    }
    return d;
}

static unsigned long long expected[3];

static void *worker(void *arg)
{
    struct job *j = arg;
    const oxre_regex *r = re;
    const oxre_set *st = set;
    oxre_regex *mine = NULL;
    oxre_set *mine_set = NULL;
    oxre_scratch *s = NULL;
    if (j->mode == CLONE) {
        r = mine = oxre_clone(re);
        st = mine_set = oxre_set_clone(set);
    } else if (j->mode == SCRATCH) {
        s = j->op == SET_MATCHES ? oxre_set_scratch_new(set) : oxre_scratch_new(re);
    }
    double t0 = now(CLOCK_THREAD_CPUTIME_ID), wall0 = now(CLOCK_MONOTONIC);
    do {
        if (pass(j->op, r, st, s) != expected[j->op])
            j->wrong++;
        j->calls += LINES;
    } while (j->passes > 0 ? (long)(j->calls / LINES) < j->passes
                           : now(CLOCK_MONOTONIC) - wall0 < seconds);
    j->cpu = now(CLOCK_THREAD_CPUTIME_ID) - t0;
    oxre_scratch_free(s);
    oxre_set_free(mine_set);
    oxre_free(mine);
    return NULL;
}

static int lookup(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    fprintf(stderr, "threads: unknown name %s\n", name);
    exit(2);
}

int main(int argc, char **argv)
{
    int count_op = -1, count_mode = -1, reps = 1;
    long count_passes = 0;
    if (argc == 5 && strcmp(argv[1], "--count") == 0) {
        count_op = lookup(op_name, 3, argv[2]);
        count_mode = lookup(mode_name, 3, argv[3]);
        count_passes = atol(argv[4]);
    } else {
        if (argc > 1)
            seconds = atof(argv[1]);
        if (argc > 2)
            reps = atoi(argv[2]);
    }
    /* Short lines, about 40 to 80 bytes: words, numbers, now and then a
       name the patterns look for. */
    static const char *words[] = {"the", "quick", "brown", "fox", "jumps", "over",
                                  "lazy", "dog", "Holmes", "Watson", "street", "2024"};
    size_t at = 0;
    unsigned seed = 12345;
    for (size_t i = 0; i < LINES; i++) {
        line[i] = (const uint8_t *)text + at;
        size_t start = at, want = 40 + (seed >> 16) % 40;
        while (at - start < want) {
            seed = seed * 1103515245 + 12345;
            at += (size_t)sprintf(text + at, "%s ", words[(seed >> 16) % 12]);
        }
        line_len[i] = at - start;
    }
    const char *pat = "Holmes|Watson";
    re = oxre_compile((const uint8_t *)pat, strlen(pat), 0, NULL);
    const char *sp[] = {"Holmes", "\\d{4}", "fox\\s+jumps", "Watson\\s+street"};
    const uint8_t *p[4];
    size_t l[4];
    for (int i = 0; i < 4; i++)
        p[i] = (const uint8_t *)sp[i], l[i] = strlen(sp[i]);
    set = oxre_set_compile(p, l, 4, 0, NULL);
    if (re == NULL || set == NULL) {
        fprintf(stderr, "threads: compile failed\n");
        return 1;
    }
    for (int op = 0; op < 3; op++)
        expected[op] = pass((enum op)op, re, set, NULL);
    if (count_op >= 0) {
        struct job j = {(enum op)count_op, (enum mode)count_mode, 0, count_passes, 0, 0, 0};
        pthread_t t;
        pthread_create(&t, NULL, worker, &j);
        pthread_join(t, NULL);
        printf("{\"calls\": %llu, \"wrong\": %d}\n", j.calls, j.wrong);
        return j.wrong != 0;
    }

    static const int counts[] = {1, 2, 4, 8, 16};
    for (int rep = 0; rep < reps; rep++)
    for (int op = 0; op < 3; op++) {
        for (int mode = 0; mode < 3; mode++) {
            for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
                int n = counts[c];
                pthread_t t[MAXT];
                struct job j[MAXT];
                double wall0 = now(CLOCK_MONOTONIC);
                for (int i = 0; i < n; i++) {
                    j[i] = (struct job){(enum op)op, (enum mode)mode, 0, 0, 0, 0, 0};
                    pthread_create(&t[i], NULL, worker, &j[i]);
                }
                unsigned long long calls = 0;
                double cpu = 0;
                int wrong = 0;
                for (int i = 0; i < n; i++) {
                    pthread_join(t[i], NULL);
                    calls += j[i].calls;
                    cpu += j[i].cpu;
                    wrong += j[i].wrong;
                }
                double wall = now(CLOCK_MONOTONIC) - wall0;
                printf("{\"op\": \"%s\", \"mode\": \"%s\", \"threads\": %d, \"calls\": %llu, "
                       "\"wall\": %.6f, \"cpu\": %.6f, \"wrong\": %d}\n",
                       op_name[op], mode_name[mode], n, calls, wall, cpu, wrong);
                fflush(stdout);
            }
        }
    }
    oxre_set_free(set);
    oxre_free(re);
    return 0;
}
