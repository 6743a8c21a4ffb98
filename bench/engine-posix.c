/*
 * Benchmark engine: a POSIX <regex.h> implementation, chosen at build time:
 * glibc's regcomp/regexec (the default), TRE (-DPOSIX_TRE, its
 * length-taking tre_regncomp/tre_regnexec), or oxre's POSIX layer
 * (-DPOSIX_OXRE: <oxreposix.h> with its POSIX names, liboxre.so).
 *
 * Patterns are POSIX extended regular expressions (REG_EXTENDED), so only
 * the benchmarks whose pattern means the same in ERE can run; POSIX matching
 * is leftmost-longest, so a benchmark whose count depends on leftmost-first
 * reports a different count (the driver's support lists leave those out).
 * Unicode mode is the C.UTF-8 locale; otherwise the C locale.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#define _GNU_SOURCE
#include "runner.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(POSIX_TRE)
#include <tre/tre.h>
#define NAME "tre"
#define REGFREE tre_regfree
#define REGERROR tre_regerror
#elif defined(POSIX_OXRE)
#define OXRE_POSIX_NAMES
#include <oxre.h>
#include <oxreposix.h>
#define NAME "oxre/posix"
#define REGFREE regfree
#define REGERROR regerror
#else
#include <gnu/libc-version.h>
#include <regex.h>
#define NAME "glibc"
#define REGFREE regfree
#define REGERROR regerror
#endif

struct engine_regex {
    regex_t re;
    size_t ngroups;
    regmatch_t *groups;
};

void engine_init(const struct bench_config *cfg)
{
    if (cfg->variant != NULL)
        runner_usage(NAME " has no variants");
    if (setlocale(LC_ALL, cfg->unicode ? "C.UTF-8" : "C") == NULL)
        runner_unsupported("no C.UTF-8 locale");
}

const char *engine_version(void)
{
#if defined(POSIX_TRE)
    return TRE_VERSION;
#elif defined(POSIX_OXRE)
    return oxre_version();
#else
    return gnu_get_libc_version();
#endif
}

engine_regex *engine_compile(const struct bench_config *cfg)
{
    if (cfg->npatterns != 1)
        runner_unsupported(NAME " compiles one pattern at a time");
    int flags = REG_EXTENDED | (cfg->case_insensitive ? REG_ICASE : 0);
    engine_regex *r = calloc(1, sizeof *r);
    if (r == NULL)
        runner_error("out of memory");
#if defined(POSIX_TRE)
    int rc = tre_regncomp(&r->re, (const char *)cfg->patterns[0].data,
                          cfg->patterns[0].len, flags);
#else
    int rc = regcomp(&r->re, runner_pattern_cstr(cfg, 0), flags);
#endif
    if (rc != 0) {
        char msg[256];
        REGERROR(rc, &r->re, msg, sizeof msg);
        runner_unsupported("regcomp: %s", msg);
    }
    r->ngroups = r->re.re_nsub + 1;
    r->groups = calloc(r->ngroups, sizeof *r->groups);
    if (r->groups == NULL)
        runner_error("out of memory");
    return r;
}

void engine_free(engine_regex *r)
{
    REGFREE(&r->re);
    free(r->groups);
    free(r);
}

/* One search from `at` for `n` groups (at least 1): 1 with the groups filled
   in (offsets from the haystack's start), 0 for none. Searching from `at`
   sets REG_NOTBOL: `^` does not match there. */
static int search(engine_regex *r, const uint8_t *hay, size_t len, size_t at,
                  size_t n, regmatch_t *m)
{
    int eflags = at > 0 ? REG_NOTBOL : 0;
#if defined(POSIX_TRE)
    int rc = tre_regnexec(&r->re, (const char *)hay + at, len - at, n, m, eflags);
    if (rc == 0)
        for (size_t i = 0; i < n; i++)
            if (m[i].rm_so != -1)
                m[i].rm_so += (regoff_t)at, m[i].rm_eo += (regoff_t)at;
#else
    /* REG_STARTEND: the haystack is [m[0].rm_so, m[0].rm_eo), no NUL
       terminator needed, offsets reported from `hay`. */
    m[0].rm_so = (regoff_t)at;
    m[0].rm_eo = (regoff_t)len;
    int rc = regexec(&r->re, (const char *)hay, n, m, eflags | REG_STARTEND);
#endif
    if (rc == REG_NOMATCH)
        return 0;
    if (rc != 0) {
        char msg[256];
        REGERROR(rc, &r->re, msg, sizeof msg);
        runner_error("regexec: %s", msg);
    }
    return 1;
}

static int find(engine_regex *r, const uint8_t *hay, size_t len, size_t at, size_t *s,
                size_t *e, uint64_t *groups)
{
    regmatch_t one;
    regmatch_t *m = groups ? r->groups : &one;
    size_t n = groups ? r->ngroups : 1;
    if (!search(r, hay, len, at, n, m))
        return 0;
    *s = (size_t)m[0].rm_so;
    *e = (size_t)m[0].rm_eo;
    if (groups) {
        *groups = 0;
        for (size_t i = 0; i < n; i++)
            *groups += m[i].rm_so != -1;
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
    regmatch_t m;
    return search(r, hay, len, 0, 1, &m);
}
