/*
 * Benchmark engine: oxre through its C++ interface (include/oxre.hpp), as a
 * C++ program would use it, linked against liboxre.so like engine-oxre.c.
 * It makes the same C calls as engine-oxre.c, through the C++ types: the
 * difference between the two runners is what the header costs.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "runner.h"

#include <cstdlib>
#include <oxre.hpp>
#include <string_view>
#include <vector>

struct engine_regex {
    oxre::regex re;
    oxre::captures caps; /* allocated by the first read, then reused */
};

namespace {

std::string_view view(const std::uint8_t *p, std::size_t len)
{
    return std::string_view(reinterpret_cast<const char *>(p), len);
}

/* The runner's error path, from a C++ exception. */
[[noreturn]] void fail(const char *what, const oxre::error &e)
{
    runner_error("%s: %s", what, e.what());
}

} // namespace

void engine_init(const struct bench_config *cfg)
{
    if (cfg->variant != nullptr)
        runner_usage("oxre/c++ has no variants");
}

const char *engine_version(void)
{
    return oxre_version();
}

engine_regex *engine_compile(const struct bench_config *cfg)
{
    oxre::options opts = oxre::default_options();
    /* The size limit rebar gives the regex crate, as in engine-oxre.c. */
    opts.size_limit = std::size_t(100) << 20;
    if (const char *dfa = std::getenv("OXRE_BENCH_DFA_SIZE_LIMIT"))
        opts.dfa_size_limit = std::size_t(std::strtoull(dfa, nullptr, 10));
    oxre::flags f = oxre::flags::none;
    if (cfg->case_insensitive)
        f = f | oxre::flags::case_insensitive;
    if (!cfg->unicode)
        f = f | oxre::flags::no_unicode;
    try {
        if (cfg->npatterns == 1)
            return new engine_regex{
                oxre::regex(view(cfg->patterns[0].data, cfg->patterns[0].len), f, opts), {}};
        std::vector<std::string_view> pats;
        for (std::size_t i = 0; i < cfg->npatterns; i++)
            pats.push_back(view(cfg->patterns[i].data, cfg->patterns[i].len));
        return new engine_regex{oxre::regex::many(pats, f, opts), {}};
    } catch (const oxre::error &e) {
        fail("compile", e);
    }
}

void engine_free(engine_regex *r)
{
    delete r;
}

uint64_t engine_count(engine_regex *r, const uint8_t *hay, size_t len, int spans)
{
    try {
        /* The crate's find_iter(..).count(): match ends only. */
        if (!spans)
            return r->re.count(view(hay, len));
        uint64_t n = 0;
        for (const oxre::match &m : r->re.find_all(view(hay, len)))
            n += m.size();
        return n;
    } catch (const oxre::error &e) {
        fail("count", e);
    }
}

/* As engine-oxre.c does: successive searches from the end of the previous
   match, reading every group's span from the captures object. */
uint64_t engine_count_captures(engine_regex *r, const uint8_t *hay, size_t len)
{
    try {
        std::string_view h = view(hay, len);
        uint64_t n = 0;
        std::size_t at = 0, last_end = SIZE_MAX;
        // An empty match right at the end of the previous one is not
        // counted (the iterators' rule); the search goes on a byte later.
        while (r->re.captures_read(r->caps, h, at)) {
            auto m = *r->caps.span(0);
            if (m.start == m.end && m.end == last_end) {
                if (at == len)
                    break;
                at++;
                continue;
            }
            for (std::size_t i = 0; i < r->caps.size(); i++)
                n += r->caps.span(i).has_value();
            at = last_end = m.end;
        }
        return n;
    } catch (const oxre::error &e) {
        fail("captures", e);
    }
}

int engine_is_match(engine_regex *r, const uint8_t *hay, size_t len)
{
    try {
        return r->re.is_match(view(hay, len));
    } catch (const oxre::error &e) {
        fail("is_match", e);
    }
}
