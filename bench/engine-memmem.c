/*
 * Benchmark engine: glibc's memmem(3), the physical reference for literal
 * search. The "pattern" is taken as a literal byte string; only the count
 * models are meaningful, and only for literal benchmarks (the driver's
 * support list says which).
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#define _GNU_SOURCE
#include "runner.h"

#include <gnu/libc-version.h>
#include <string.h>

struct engine_regex {
    const uint8_t *needle;
    size_t len;
};

void engine_init(const struct bench_config *cfg)
{
    if (cfg->variant != NULL)
        runner_usage("memmem has no variants");
    if (cfg->case_insensitive)
        runner_unsupported("memmem is case-sensitive");
}

const char *engine_version(void)
{
    return gnu_get_libc_version();
}

engine_regex *engine_compile(const struct bench_config *cfg)
{
    if (cfg->npatterns != 1 || cfg->patterns[0].len == 0)
        runner_unsupported("memmem takes one non-empty literal");
    static struct engine_regex r;
    r.needle = cfg->patterns[0].data;
    r.len = cfg->patterns[0].len;
    return &r;
}

void engine_free(engine_regex *r)
{
    (void)r;
}

uint64_t engine_count(engine_regex *r, const uint8_t *hay, size_t len, int spans)
{
    uint64_t n = 0;
    const uint8_t *p = hay, *end = hay + len;
    const uint8_t *m;
    while ((m = memmem(p, (size_t)(end - p), r->needle, r->len)) != NULL) {
        n += spans ? r->len : 1;
        p = m + r->len;
    }
    return n;
}

uint64_t engine_count_captures(engine_regex *r, const uint8_t *hay, size_t len)
{
    (void)r, (void)hay, (void)len;
    runner_unsupported("memmem has no groups");
}

int engine_is_match(engine_regex *r, const uint8_t *hay, size_t len)
{
    return memmem(hay, len, r->needle, r->len) != NULL;
}
