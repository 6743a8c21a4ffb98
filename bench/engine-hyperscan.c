/*
 * Benchmark engine: Hyperscan, block mode.
 *
 * As rebar's Hyperscan runner: Hyperscan reports every match end it finds
 * (overlapping ones included), so rebar gives it its own expected counts
 * where that differs; the count model asks for no start of match, the
 * count-spans model asks for the leftmost start (HS_FLAG_SOM_LEFTMOST); the
 * capture models are unsupported; Unicode mode is HS_FLAG_UTF8|HS_FLAG_UCP,
 * which Hyperscan defines only for valid UTF-8 haystacks. Several patterns
 * compile into one database.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "runner.h"

#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct engine_regex {
    hs_database_t *db;
    hs_scratch_t *scratch; /* made on first use, then reused */
};

static enum bench_model model;
static int unicode;

void engine_init(const struct bench_config *cfg)
{
    if (cfg->variant != NULL)
        runner_usage("hyperscan has no variants");
    if (hs_valid_platform() != HS_SUCCESS)
        runner_unsupported("this CPU lacks what Hyperscan needs (SSSE3)");
}

const char *engine_version(void)
{
    return hs_version();
}

engine_regex *engine_compile(const struct bench_config *cfg)
{
    model = cfg->model;
    unicode = cfg->unicode;
    if (model == MODEL_COUNT_CAPTURES || model == MODEL_GREP_CAPTURES)
        runner_unsupported("Hyperscan does not report capture groups");
    unsigned flags = 0;
    if (cfg->case_insensitive)
        flags |= HS_FLAG_CASELESS;
    if (cfg->unicode)
        flags |= HS_FLAG_UTF8 | HS_FLAG_UCP;
    if (model == MODEL_COUNT_SPANS)
        flags |= HS_FLAG_SOM_LEFTMOST;
    size_t n = cfg->npatterns;
    const char **pats = malloc(n * sizeof *pats);
    unsigned *fl = malloc(n * sizeof *fl), *ids = malloc(n * sizeof *ids);
    if (pats == NULL || fl == NULL || ids == NULL)
        runner_error("out of memory");
    for (size_t i = 0; i < n; i++) {
        pats[i] = runner_pattern_cstr(cfg, i);
        fl[i] = flags;
        ids[i] = (unsigned)i;
    }
    hs_database_t *db;
    hs_compile_error_t *err;
    if (hs_compile_multi(pats, fl, ids, (unsigned)n, HS_MODE_BLOCK, NULL, &db, &err)
        != HS_SUCCESS)
        runner_unsupported("hs_compile_multi: %s", err->message);
    free(pats);
    free(fl);
    free(ids);
    static struct engine_regex r;
    r.db = db;
    r.scratch = NULL;
    return &r;
}

void engine_free(engine_regex *r)
{
    hs_free_scratch(r->scratch);
    hs_free_database(r->db);
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to,
                    unsigned flags, void *ctx)
{
    (void)id, (void)flags;
    uint64_t *n = ctx;
    *n += model == MODEL_COUNT_SPANS ? to - from : 1;
    return 0;
}

static int on_first_match(unsigned id, unsigned long long from, unsigned long long to,
                          unsigned flags, void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    *(int *)ctx = 1;
    return 1; /* stop scanning */
}

static void scan(engine_regex *r, const uint8_t *hay, size_t len,
                 match_event_handler cb, void *ctx)
{
    if (r->scratch == NULL) {
        const struct bench_blob *h = runner_haystack();
        if (unicode && !runner_is_utf8(h->data, h->len))
            runner_unsupported("Unicode mode needs a valid UTF-8 haystack");
        if (hs_alloc_scratch(r->db, &r->scratch) != HS_SUCCESS)
            runner_error("hs_alloc_scratch failed");
    }
    if (len > 0xffffffffu)
        runner_unsupported("haystack over 4 GiB");
    hs_error_t rc = hs_scan(r->db, (const char *)hay, (unsigned)len, 0, r->scratch, cb, ctx);
    if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
        runner_error("hs_scan failed (%d)", rc);
}

uint64_t engine_count(engine_regex *r, const uint8_t *hay, size_t len, int spans)
{
    (void)spans; /* the database was compiled for the model */
    uint64_t n = 0;
    scan(r, hay, len, on_match, &n);
    return n;
}

uint64_t engine_count_captures(engine_regex *r, const uint8_t *hay, size_t len)
{
    (void)r, (void)hay, (void)len;
    runner_unsupported("Hyperscan does not report capture groups");
}

int engine_is_match(engine_regex *r, const uint8_t *hay, size_t len)
{
    int found = 0;
    scan(r, hay, len, on_first_match, &found);
    return found;
}
