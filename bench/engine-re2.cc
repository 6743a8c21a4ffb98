/*
 * Benchmark engine: RE2, called through its C++ API.
 *
 * Settings, as rebar's RE2 runner chooses them: Latin-1 encoding unless the
 * benchmark asks for Unicode (then UTF-8), default memory budget, errors not
 * logged.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "runner.h"

#include <re2/re2.h>

#include <cstdint>
#include <new>
#include <string>
#include <vector>

struct engine_regex {
    RE2 *re;
    std::vector<re2::StringPiece> groups; /* sized on first use, then reused */
};

void engine_init(const struct bench_config *cfg)
{
    if (cfg->variant != nullptr)
        runner_usage("re2 has no variants");
}

const char *engine_version(void)
{
    /* RE2 has no version API; the driver adds the package's version. */
    return "re2";
}

engine_regex *engine_compile(const struct bench_config *cfg)
{
    if (cfg->npatterns != 1)
        runner_unsupported("re2 compiles one pattern at a time");
    RE2::Options opts;
    opts.set_log_errors(false);
    if (!cfg->unicode)
        opts.set_encoding(RE2::Options::EncodingLatin1);
    if (cfg->case_insensitive)
        opts.set_case_sensitive(false);
    re2::StringPiece pat(reinterpret_cast<const char *>(cfg->patterns[0].data),
                         cfg->patterns[0].len);
    engine_regex *r = new (std::nothrow) engine_regex;
    if (r == nullptr)
        runner_error("out of memory");
    r->re = new (std::nothrow) RE2(pat, opts);
    if (r->re == nullptr)
        runner_error("out of memory");
    if (!r->re->ok())
        runner_unsupported("re2: %s", r->re->error().c_str());
    return r;
}

void engine_free(engine_regex *r)
{
    delete r->re;
    delete r;
}

static bool search(engine_regex *r, const uint8_t *hay, size_t len, size_t at,
                   re2::StringPiece *sub, int nsub)
{
    re2::StringPiece text(reinterpret_cast<const char *>(hay), len);
    return r->re->Match(text, at, len, RE2::UNANCHORED, sub, nsub);
}

static int find(engine_regex *r, const uint8_t *hay, size_t len, size_t at, size_t *s,
                size_t *e, uint64_t *groups)
{
    re2::StringPiece one;
    re2::StringPiece *m = groups ? r->groups.data() : &one;
    int n = groups ? static_cast<int>(r->groups.size()) : 1;
    if (!search(r, hay, len, at, m, n))
        return 0;
    *s = static_cast<size_t>(m[0].data() - reinterpret_cast<const char *>(hay));
    *e = *s + m[0].size();
    if (groups) {
        *groups = 0;
        for (int i = 0; i < n; i++)
            *groups += m[i].data() != nullptr;
    }
    return 1;
}

uint64_t engine_count(engine_regex *r, const uint8_t *hay, size_t len, int spans)
{
    return runner_count(r, hay, len, spans, find);
}

uint64_t engine_count_captures(engine_regex *r, const uint8_t *hay, size_t len)
{
    if (r->groups.empty())
        r->groups.resize(1 + static_cast<size_t>(r->re->NumberOfCapturingGroups()));
    return runner_count_captures(r, hay, len, find);
}

int engine_is_match(engine_regex *r, const uint8_t *hay, size_t len)
{
    return search(r, hay, len, 0, nullptr, 0);
}
