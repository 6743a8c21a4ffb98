/*
 * Benchmark engine: Oniguruma, with its Perl syntax (ONIG_SYNTAX_PERL_NG)
 * and every group capturing, so that patterns read as in the regex crate
 * where the two agree. Unicode mode is the UTF-8 encoding; otherwise ASCII.
 * The backtracking limits are lifted, as PCRE2's match limit is, so that
 * catastrophic backtracking shows as time rather than as an error.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "runner.h"

#include <limits.h>
#include <oniguruma.h>
#include <stdio.h>
#include <stdlib.h>

struct engine_regex {
    regex_t *re;
    OnigRegion *region; /* made on first use, then reused */
};

static OnigEncoding encoding;

void engine_init(const struct bench_config *cfg)
{
    if (cfg->variant != NULL)
        runner_usage("oniguruma has no variants");
    encoding = cfg->unicode ? ONIG_ENCODING_UTF8 : ONIG_ENCODING_ASCII;
    onig_initialize(&encoding, 1);
    onig_set_retry_limit_in_match(ULONG_MAX);
    onig_set_retry_limit_in_search(ULONG_MAX);
}

const char *engine_version(void)
{
    return onig_version();
}

engine_regex *engine_compile(const struct bench_config *cfg)
{
    if (cfg->npatterns != 1)
        runner_unsupported("oniguruma compiles one pattern at a time");
    OnigOptionType opts = ONIG_OPTION_CAPTURE_GROUP;
    if (cfg->case_insensitive)
        opts |= ONIG_OPTION_IGNORECASE;
    OnigErrorInfo einfo;
    regex_t *re;
    const UChar *p = cfg->patterns[0].data;
    int rc = onig_new(&re, p, p + cfg->patterns[0].len, opts, encoding,
                      ONIG_SYNTAX_PERL_NG, &einfo);
    if (rc != ONIG_NORMAL) {
        UChar msg[ONIG_MAX_ERROR_MESSAGE_LEN];
        onig_error_code_to_str(msg, rc, &einfo);
        runner_unsupported("onig_new: %s", (const char *)msg);
    }
    static struct engine_regex r;
    r.re = re;
    r.region = NULL;
    return &r;
}

void engine_free(engine_regex *r)
{
    if (r->region != NULL)
        onig_region_free(r->region, 1);
    onig_free(r->re);
}

/* One search from `at`: 1 with the region filled in, or 0. */
static int search(engine_regex *r, const uint8_t *hay, size_t len, size_t at)
{
    if (r->region == NULL && (r->region = onig_region_new()) == NULL)
        runner_error("out of memory");
    int rc = onig_search(r->re, hay, hay + len, hay + at, hay + len, r->region,
                         ONIG_OPTION_NONE);
    if (rc == ONIG_MISMATCH)
        return 0;
    if (rc < 0) {
        UChar msg[ONIG_MAX_ERROR_MESSAGE_LEN];
        onig_error_code_to_str(msg, rc);
        runner_error("onig_search: %s", (const char *)msg);
    }
    return 1;
}

static int find(engine_regex *r, const uint8_t *hay, size_t len, size_t at, size_t *s,
                size_t *e, uint64_t *groups)
{
    if (!search(r, hay, len, at))
        return 0;
    *s = (size_t)r->region->beg[0];
    *e = (size_t)r->region->end[0];
    if (groups) {
        *groups = 0;
        for (int i = 0; i < r->region->num_regs; i++)
            *groups += r->region->beg[i] != ONIG_REGION_NOTPOS;
    }
    return 1;
}

uint64_t engine_count(engine_regex *r, const uint8_t *hay, size_t len, int spans)
{
    return runner_count(r, hay, len, spans, find);
}

uint64_t engine_count_captures(engine_regex *r, const uint8_t *hay, size_t len)
{
    return runner_count_captures(r, hay, len, find);
}

int engine_is_match(engine_regex *r, const uint8_t *hay, size_t len)
{
    return search(r, hay, len, 0);
}
