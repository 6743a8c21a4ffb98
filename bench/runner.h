/*
 * The benchmark runner protocol, shared by every C and C++ runner.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 *
 * A runner is one program per engine, linked from runner.c (the command line,
 * the timing loop and the models) and one engine file (engine-*.c) that
 * implements the functions below with that engine's own API. bench/native/ is
 * the same protocol written in Rust against the regex crate directly.
 *
 *   RUNNER [--engine VARIANT] --model MODEL [-i] [-u] -p PATTERN-FILE...
 *          -H HAYSTACK-FILE [--max-iters N] [--max-time MS] [--warmup-time MS]
 *          [--once-over MS]
 *   RUNNER [--engine VARIANT] --version
 *
 * MODEL is one of rebar's: compile, count, count-spans, count-captures, grep,
 * grep-captures. -i asks for case-insensitive matching, -u for Unicode mode.
 * Each -p file holds one pattern (its bytes exactly, no terminator). The
 * runner measures iterations until --max-iters or --max-time is reached,
 * after a warm-up of --warmup-time (the first iteration is always part of
 * the warm-up, unless it alone took --once-over, by default --max-time: then
 * it is the only sample), and prints on stdout:
 *
 *   count N
 *   calls C                  (searches one iteration makes)
 *   times T1 T2 ...          (nanoseconds per iteration)
 *
 * Every iteration must produce the same count, else the runner fails. Exit
 * status: 0 done, 1 error (message on stderr), 2 usage, 3 the engine does not
 * support this benchmark (a model, a flag or the pattern's syntax; the message
 * on stderr says which).
 */

#ifndef OXRE_BENCH_RUNNER_H
#define OXRE_BENCH_RUNNER_H

#include <stddef.h>
#include <stdint.h>

enum bench_model {
    MODEL_COMPILE,
    MODEL_COUNT,
    MODEL_COUNT_SPANS,
    MODEL_COUNT_CAPTURES,
    MODEL_GREP,
    MODEL_GREP_CAPTURES,
};

struct bench_blob {
    uint8_t *data;
    size_t len;
};

struct bench_config {
    const char *variant;       /* --engine, or NULL */
    enum bench_model model;
    int case_insensitive;
    int unicode;
    size_t npatterns;
    struct bench_blob *patterns;
};

#ifdef __cplusplus
extern "C" {
#endif

/* What an engine file provides. */
typedef struct engine_regex engine_regex;

/* Called once before anything else; may reject the variant with
   runner_usage(). */
void engine_init(const struct bench_config *cfg);
/* The engine's version, for --version (and the results' header). */
const char *engine_version(void);
/* Compiles the benchmark's pattern(s); on failure calls runner_error() or,
   when the engine cannot express the pattern, runner_unsupported(). */
engine_regex *engine_compile(const struct bench_config *cfg);
void engine_free(engine_regex *re);
/* The number of successive non-overlapping matches in the haystack, or, with
   spans set, the sum of their lengths in bytes (runner_count() does it from
   one search). */
uint64_t engine_count(engine_regex *re, const uint8_t *hay, size_t len, int spans);
/* The number of participating capture groups (group 0 included) over all
   successive matches in the haystack (runner_count_captures() does it from
   one search). */
uint64_t engine_count_captures(engine_regex *re, const uint8_t *hay, size_t len);
/* Whether the regex matches anywhere in the haystack (one line). */
int engine_is_match(engine_regex *re, const uint8_t *hay, size_t len);

/* For the engine files: fail the run (exit 1), or declare the benchmark
   unsupported (exit 3), with a printf-style message. */
void runner_error(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));
void runner_unsupported(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));
void runner_usage(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

/* One search of an engine: finds the leftmost match at or after offset `at`
   of the whole haystack (look-behind sees the bytes before `at`), stores its
   span in *start and *end and returns 1, or returns 0 when there is none.
   With `groups` not NULL it also stores there how many of the match's
   capture groups participated (group 0 included). */
typedef int (*runner_find_fn)(engine_regex *re, const uint8_t *hay, size_t len, size_t at,
                              size_t *start, size_t *end, uint64_t *groups);
/* engine_count() and engine_count_captures() for an engine that can search
   from an offset: the successive non-overlapping matches as the regex
   crate's iterators find them (an empty match where the previous match
   ended is skipped by searching again one byte further), counted (with
   spans set, their lengths summed), or their participating groups. */
uint64_t runner_count(engine_regex *re, const uint8_t *hay, size_t len, int spans,
                      runner_find_fn find);
uint64_t runner_count_captures(engine_regex *re, const uint8_t *hay, size_t len,
                               runner_find_fn find);

/* The whole haystack file, for engines that must vet it (e.g. for valid
   UTF-8) once. */
const struct bench_blob *runner_haystack(void);
/* Whether the bytes are valid UTF-8. */
int runner_is_utf8(const uint8_t *p, size_t len);

/* A pattern as a NUL-terminated string, for APIs that want one; fails
   (unsupported) when the pattern holds a NUL byte. Owned by the config. */
const char *runner_pattern_cstr(const struct bench_config *cfg, size_t i);

#ifdef __cplusplus
}
#endif

#endif
