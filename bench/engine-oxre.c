/*
 * Benchmark engine: oxre through its public C API, as a C program would use
 * it (include/oxre.h, linked against liboxre.so).
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "runner.h"

#include <oxre.h>
#include <stdio.h>
#include <stdlib.h>

struct engine_regex {
    oxre_regex *re;
    /* Made on first use, then reused: no allocation per search. The scratch
       is the caller-owned search cache: a per-line model searches through
       it instead of the regex's shared pool, as a C program that owns its
       thread would. The spans receive the capture groups. */
    oxre_scratch *scratch;
    oxre_span *spans;
    size_t spans_len;
};

void engine_init(const struct bench_config *cfg)
{
    if (cfg->variant != NULL)
        runner_usage("oxre has no variants");
}

const char *engine_version(void)
{
    return oxre_version();
}

engine_regex *engine_compile(const struct bench_config *cfg)
{
    oxre_options opts;
    oxre_options_init(&opts);
    /* The size limit rebar gives the regex crate, also in bench/native. */
    opts.size_limit = (size_t)100 << 20;
    /* A bigger lazy DFA cache, for the ReDoS curves' oxre/dfa-256M. */
    const char *dfa = getenv("OXRE_BENCH_DFA_SIZE_LIMIT");
    if (dfa != NULL)
        opts.dfa_size_limit = (size_t)strtoull(dfa, NULL, 10);
    uint32_t flags = 0;
    if (cfg->case_insensitive)
        flags |= OXRE_CASE_INSENSITIVE;
    if (!cfg->unicode)
        flags |= OXRE_NO_UNICODE;
    oxre_regex *re;
    if (cfg->npatterns == 1) {
        re = oxre_compile(cfg->patterns[0].data, cfg->patterns[0].len, flags, &opts);
    } else {
        const uint8_t *pats[cfg->npatterns];
        size_t lens[cfg->npatterns];
        for (size_t i = 0; i < cfg->npatterns; i++)
            pats[i] = cfg->patterns[i].data, lens[i] = cfg->patterns[i].len;
        re = oxre_compile_many(pats, lens, cfg->npatterns, flags, &opts);
    }
    if (re == NULL) {
        const oxre_error *e = oxre_last_error();
        runner_error("oxre_compile: %s", e ? e->message : "?");
    }
    static struct engine_regex r;
    r.re = re;
    r.scratch = NULL;
    r.spans = NULL;
    r.spans_len = 0;
    return &r;
}

void engine_free(engine_regex *r)
{
    free(r->spans);
    oxre_scratch_free(r->scratch);
    oxre_free(r->re);
}

/* The scratch, made on the first search: the compile model measures
   compiling alone, as the crate's runner does. */
static oxre_scratch *scratch(engine_regex *r)
{
    if (r->scratch == NULL && (r->scratch = oxre_scratch_new(r->re)) == NULL)
        runner_error("oxre_scratch_new: %s", oxre_last_error()->message);
    return r->scratch;
}

uint64_t engine_count(engine_regex *r, const uint8_t *hay, size_t len, int spans)
{
    if (!spans) {
        /* The crate's find_iter(..).count(): match ends only. */
        size_t n = 0;
        if (oxre_count_with(r->re, scratch(r), hay, len, 0, &n) != OXRE_OK)
            runner_error("oxre_count_with: %s", oxre_last_error()->message);
        return n;
    }
    /* The iterator holds one search cache for its whole run; its spans
       come 64 at a time (oxre_iter_next_batch), one call per batch. */
    oxre_iter *it = oxre_iter_new(r->re, hay, len, 0);
    if (it == NULL)
        runner_error("oxre_iter_new: %s", oxre_last_error()->message);
    uint64_t n = 0;
    oxre_span m[64];
    int got;
    while ((got = oxre_iter_next_batch(it, m, 64)) > 0)
        for (int i = 0; i < got; i++)
            n += m[i].end - m[i].start;
    oxre_iter_free(it);
    if (got < 0)
        runner_error("oxre_iter_next_batch: %s", oxre_last_error()->message);
    return n;
}

/* As rebar does for every engine: successive searches from the end of the
   previous match, with the iterators' rule for empty matches (one right at
   the end of the previous match is not counted, the search goes on a byte
   later). Each search writes every group's span straight into the array
   (oxre_find_groups_with): no captures object, no copy. */
uint64_t engine_count_captures(engine_regex *r, const uint8_t *hay, size_t len)
{
    if (r->spans == NULL) {
        r->spans_len = oxre_captures_len(r->re);
        if (r->spans_len < 64)
            r->spans_len = 64;
        if ((r->spans = malloc(r->spans_len * sizeof *r->spans)) == NULL)
            runner_error("out of memory");
    }
    uint64_t n = 0;
    size_t at = 0, last_end = SIZE_MAX;
    int groups;
    while ((groups = oxre_find_groups_with(r->re, scratch(r), hay, len, at, r->spans,
                                           r->spans_len)) > 0) {
        if ((size_t)groups > r->spans_len) {
            /* A pattern of a multi-pattern regex with more groups than
               pattern 0: room for them all, and the same search again. */
            oxre_span *more = realloc(r->spans, (size_t)groups * sizeof *more);
            if (more == NULL)
                runner_error("out of memory");
            r->spans = more;
            r->spans_len = (size_t)groups;
            continue;
        }
        if (r->spans[0].start == r->spans[0].end && r->spans[0].end == last_end) {
            if (at == len)
                break;
            at++;
            continue;
        }
        for (int i = 0; i < groups; i++)
            n += r->spans[i].start != SIZE_MAX;
        at = last_end = r->spans[0].end;
    }
    if (groups < 0)
        runner_error("oxre_find_groups_with: %s", oxre_last_error()->message);
    return n;
}

int engine_is_match(engine_regex *r, const uint8_t *hay, size_t len)
{
    int rc = oxre_is_match_with(r->re, scratch(r), hay, len, 0);
    if (rc < 0)
        runner_error("oxre_is_match_with: %s", oxre_last_error()->message);
    return rc;
}
