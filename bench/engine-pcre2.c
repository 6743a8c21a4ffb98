/*
 * Benchmark engine: PCRE2 (8-bit library), interpreted (--engine interp) or
 * JIT-compiled (--engine jit).
 *
 * Settings, as rebar's PCRE2 runner chooses them: Unicode mode is PCRE2_UCP
 * with PCRE2_MATCH_INVALID_UTF (haystacks need not be valid UTF-8); the match
 * limit is raised to its maximum so that catastrophic backtracking shows as
 * time rather than as an error; the JIT stack may grow to 10 MiB.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "runner.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct engine_regex {
    pcre2_code *code;
    pcre2_match_context *mctx;
    pcre2_jit_stack *stack;
    pcre2_match_data *md_match; /* room for group 0 only */
    pcre2_match_data *md_groups; /* room for every group */
};

static int use_jit;

void engine_init(const struct bench_config *cfg)
{
    if (cfg->variant == NULL || strcmp(cfg->variant, "interp") == 0)
        use_jit = 0;
    else if (strcmp(cfg->variant, "jit") == 0)
        use_jit = 1;
    else
        runner_usage("pcre2 variants: interp, jit");
}

const char *engine_version(void)
{
    static char buf[64];
    pcre2_config(PCRE2_CONFIG_VERSION, buf);
    return buf;
}

static const char *message(int code)
{
    static PCRE2_UCHAR buf[256];
    pcre2_get_error_message(code, buf, sizeof buf);
    return (const char *)buf;
}

engine_regex *engine_compile(const struct bench_config *cfg)
{
    if (cfg->npatterns != 1)
        runner_unsupported("pcre2 compiles one pattern at a time");
    uint32_t opts = 0;
    if (cfg->unicode)
        opts |= PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
    if (cfg->case_insensitive)
        opts |= PCRE2_CASELESS;
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile(cfg->patterns[0].data, cfg->patterns[0].len, opts,
                                     &err, &off, NULL);
    if (code == NULL)
        runner_unsupported("pcre2_compile at offset %zu: %s", (size_t)off, message(err));
    if (use_jit) {
        int rc = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
        if (rc != 0)
            runner_error("pcre2_jit_compile: %s", message(rc));
    }
    static struct engine_regex r;
    memset(&r, 0, sizeof r);
    r.code = code;
    return &r;
}

/* Match data and contexts are made on first use (not in the compile model's
   timed part), then reused. */
static void prepare(engine_regex *r)
{
    if (r->mctx != NULL)
        return;
    r->mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(r->mctx, UINT32_MAX);
    if (use_jit) {
        r->stack = pcre2_jit_stack_create(32 << 10, 10 << 20, NULL);
        pcre2_jit_stack_assign(r->mctx, NULL, r->stack);
    }
    r->md_match = pcre2_match_data_create(1, NULL);
    r->md_groups = pcre2_match_data_create_from_pattern(r->code, NULL);
    if (r->mctx == NULL || r->md_match == NULL || r->md_groups == NULL
        || (use_jit && r->stack == NULL))
        runner_error("pcre2: out of memory");
}

void engine_free(engine_regex *r)
{
    pcre2_match_data_free(r->md_groups);
    pcre2_match_data_free(r->md_match);
    pcre2_jit_stack_free(r->stack);
    pcre2_match_context_free(r->mctx);
    pcre2_code_free(r->code);
}

/* One search from `at`: 1 and the match's span, or 0. */
static int search(engine_regex *r, pcre2_match_data *md, const uint8_t *hay, size_t len,
                  size_t at, size_t *s, size_t *e)
{
    int rc = pcre2_match(r->code, hay, len, at, 0, md, r->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0)
        runner_error("pcre2_match: %s", message(rc));
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    *s = ov[0];
    *e = ov[1];
    return 1;
}

static int find(engine_regex *r, const uint8_t *hay, size_t len, size_t at, size_t *s,
                size_t *e, uint64_t *groups)
{
    pcre2_match_data *md = groups ? r->md_groups : r->md_match;
    if (!search(r, md, hay, len, at, s, e))
        return 0;
    if (groups) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        uint32_t count = pcre2_get_ovector_count(md);
        *groups = 0;
        for (uint32_t i = 0; i < count; i++)
            *groups += ov[2 * i] != PCRE2_UNSET;
    }
    return 1;
}

uint64_t engine_count(engine_regex *r, const uint8_t *hay, size_t len, int spans)
{
    prepare(r);
    return runner_count(r, hay, len, spans, find);
}

uint64_t engine_count_captures(engine_regex *r, const uint8_t *hay, size_t len)
{
    prepare(r);
    return runner_count_captures(r, hay, len, find);
}

int engine_is_match(engine_regex *r, const uint8_t *hay, size_t len)
{
    prepare(r);
    size_t s, e;
    return search(r, r->md_match, hay, len, 0, &s, &e);
}
