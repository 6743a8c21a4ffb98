/*
 * The engine-independent half of every C and C++ benchmark runner: the
 * command line, reading the inputs, the models and the timing loop. See
 * runner.h for the protocol.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#define _POSIX_C_SOURCE 200809L

#include "runner.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *progname = "runner";

__attribute__((noreturn)) static void vdie(int status, const char *what, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: %s: ", progname, what);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    exit(status);
}

void runner_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdie(1, "error", fmt, ap);
}

void runner_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdie(2, "usage", fmt, ap);
}

void runner_unsupported(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdie(3, "unsupported", fmt, ap);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        runner_error("out of memory (%zu bytes)", n);
    return p;
}

/* Reads a whole file; the buffer gets one NUL byte past the end, so that
   engines wanting C strings can use small inputs in place. */
static struct bench_blob read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        runner_error("%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = xmalloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (buf == NULL)
                runner_error("out of memory reading %s", path);
        }
    }
    if (ferror(f))
        runner_error("%s: read error", path);
    fclose(f);
    buf[len] = 0;
    return (struct bench_blob){buf, len};
}

const char *runner_pattern_cstr(const struct bench_config *cfg, size_t i)
{
    const struct bench_blob *p = &cfg->patterns[i];
    if (memchr(p->data, 0, p->len) != NULL)
        runner_unsupported("the pattern holds a NUL byte");
    return (const char *)p->data; /* read_file left a NUL after it */
}

static struct bench_blob the_haystack;

const struct bench_blob *runner_haystack(void)
{
    return &the_haystack;
}

int runner_is_utf8(const uint8_t *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t b = p[i];
        size_t n;
        uint32_t cp;
        if (b < 0x80) {
            i++;
            continue;
        } else if (b >= 0xc2 && b <= 0xdf) {
            n = 1, cp = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 2, cp = b & 0x0f;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 3, cp = b & 0x07;
        } else {
            return 0;
        }
        if (len - i - 1 < n)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
            || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0;
        i += n + 1;
    }
    return 1;
}

/* What each match adds to the total of an iteration. */
enum tally { TALLY_MATCHES, TALLY_SPANS, TALLY_GROUPS };

static uint64_t iterate(engine_regex *re, const uint8_t *hay, size_t len, runner_find_fn find,
                        enum tally what)
{
    uint64_t n = 0, groups = 0;
    size_t at = 0, s, e, last_end = SIZE_MAX;
    while (at <= len && find(re, hay, len, at, &s, &e, what == TALLY_GROUPS ? &groups : NULL)) {
        if (s == e && e == last_end) {
            at++;
            continue;
        }
        n += what == TALLY_GROUPS ? groups : what == TALLY_SPANS ? e - s : 1;
        at = last_end = e;
    }
    return n;
}

uint64_t runner_count(engine_regex *re, const uint8_t *hay, size_t len, int spans,
                      runner_find_fn find)
{
    return iterate(re, hay, len, find, spans ? TALLY_SPANS : TALLY_MATCHES);
}

uint64_t runner_count_captures(engine_regex *re, const uint8_t *hay, size_t len,
                               runner_find_fn find)
{
    return iterate(re, hay, len, find, TALLY_GROUPS);
}

/* The lines of the haystack for the grep models: split on \n, a trailing \r
   dropped, the terminator not part of the line. Computed once, outside the
   timed loop, so every engine is timed on its searches alone. */
struct line {
    const uint8_t *start;
    size_t len;
};

static struct line *split_lines(const struct bench_blob *hay, size_t *count)
{
    size_t n = 0, cap = 1024;
    struct line *lines = xmalloc(cap * sizeof *lines);
    const uint8_t *p = hay->data, *end = hay->data + hay->len;
    while (p < end) {
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        const uint8_t *stop = nl ? nl : end;
        size_t len = (size_t)(stop - p);
        if (len > 0 && p[len - 1] == '\r')
            len--;
        if (n == cap) {
            cap *= 2;
            lines = realloc(lines, cap * sizeof *lines);
            if (lines == NULL)
                runner_error("out of memory splitting lines");
        }
        lines[n++] = (struct line){p, len};
        p = nl ? nl + 1 : end;
    }
    *count = n;
    return lines;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct state {
    const struct bench_config *cfg;
    engine_regex *re;
    struct bench_blob hay;
    struct line *lines;
    size_t nlines;
};

/* The count the first iteration found; 0 before it. */
static uint64_t first_count;
static int have_first_count;

/* One iteration of the model: returns its count and stores its time. Only
   the work the model names is timed. For compile, that is the compilation
   alone, and only the first iteration's regex is searched, to set the count:
   searching after every compilation would leave the caches to the next one
   in a state that depends on the engine's search, not its compiler. */
static uint64_t iteration(struct state *s, uint64_t *elapsed)
{
    uint64_t count = 0, t0, t1;
    switch (s->cfg->model) {
    case MODEL_COMPILE: {
        t0 = now_ns();
        engine_regex *re = engine_compile(s->cfg);
        t1 = now_ns();
        if (!have_first_count) {
            first_count = engine_count(re, s->hay.data, s->hay.len, 0);
            have_first_count = 1;
        }
        engine_free(re);
        *elapsed = t1 - t0;
        return first_count;
    }
    case MODEL_COUNT:
        t0 = now_ns();
        count = engine_count(s->re, s->hay.data, s->hay.len, 0);
        break;
    case MODEL_COUNT_SPANS:
        t0 = now_ns();
        count = engine_count(s->re, s->hay.data, s->hay.len, 1);
        break;
    case MODEL_COUNT_CAPTURES:
        t0 = now_ns();
        count = engine_count_captures(s->re, s->hay.data, s->hay.len);
        break;
    case MODEL_GREP:
        t0 = now_ns();
        for (size_t i = 0; i < s->nlines; i++)
            count += (uint64_t)engine_is_match(s->re, s->lines[i].start, s->lines[i].len);
        break;
    case MODEL_GREP_CAPTURES:
        t0 = now_ns();
        for (size_t i = 0; i < s->nlines; i++)
            count += engine_count_captures(s->re, s->lines[i].start, s->lines[i].len);
        break;
    default:
        runner_error("bad model");
    }
    t1 = now_ns();
    *elapsed = t1 - t0;
    return count;
}

/* How many searches one iteration makes (untimed, for the per-call cost):
   one per match plus the one that finds no more, one per line for grep, one
   compilation for compile. */
static uint64_t search_calls(struct state *s)
{
    switch (s->cfg->model) {
    case MODEL_COMPILE:
        return 1;
    case MODEL_GREP:
        return s->nlines;
    case MODEL_GREP_CAPTURES: {
        uint64_t n = 0;
        for (size_t i = 0; i < s->nlines; i++)
            n += engine_count(s->re, s->lines[i].start, s->lines[i].len, 0) + 1;
        return n;
    }
    default:
        return engine_count(s->re, s->hay.data, s->hay.len, 0) + 1;
    }
}

static const char *const model_names[] = {
    [MODEL_COMPILE] = "compile",
    [MODEL_COUNT] = "count",
    [MODEL_COUNT_SPANS] = "count-spans",
    [MODEL_COUNT_CAPTURES] = "count-captures",
    [MODEL_GREP] = "grep",
    [MODEL_GREP_CAPTURES] = "grep-captures",
};

static unsigned long long parse_number(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *s == '\0' || *end != '\0')
        runner_usage("%s wants a number, not '%s'", opt, s);
    return v;
}

int main(int argc, char **argv)
{
    static struct bench_config cfg;
    const char *hay_path = NULL;
    int model = -1, want_version = 0;
    unsigned long long max_iters = 1000000, max_time_ms = 1000, warmup_ms = 100;
    unsigned long long once_ms = (unsigned long long)-1;
    size_t cap = 4;
    cfg.patterns = xmalloc(cap * sizeof *cfg.patterns);
    progname = argv[0];

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (strcmp(a, "-i") == 0) {
            cfg.case_insensitive = 1, takes = 0;
        } else if (strcmp(a, "-u") == 0) {
            cfg.unicode = 1, takes = 0;
        } else if (strcmp(a, "--version") == 0) {
            want_version = 1, takes = 0;
        } else if (v == NULL) {
            runner_usage("unknown option or missing value: %s", a);
        } else if (strcmp(a, "--engine") == 0) {
            cfg.variant = v;
        } else if (strcmp(a, "--model") == 0) {
            for (int m = 0; m <= MODEL_GREP_CAPTURES; m++)
                if (strcmp(v, model_names[m]) == 0)
                    model = m;
            if (model < 0)
                runner_usage("unknown model '%s'", v);
        } else if (strcmp(a, "-p") == 0) {
            if (cfg.npatterns == cap) {
                cap *= 2;
                cfg.patterns = realloc(cfg.patterns, cap * sizeof *cfg.patterns);
                if (cfg.patterns == NULL)
                    runner_error("out of memory");
            }
            cfg.patterns[cfg.npatterns++] = read_file(v);
        } else if (strcmp(a, "-H") == 0) {
            hay_path = v;
        } else if (strcmp(a, "--max-iters") == 0) {
            max_iters = parse_number(a, v);
        } else if (strcmp(a, "--max-time") == 0) {
            max_time_ms = parse_number(a, v);
        } else if (strcmp(a, "--warmup-time") == 0) {
            warmup_ms = parse_number(a, v);
        } else if (strcmp(a, "--once-over") == 0) {
            once_ms = parse_number(a, v);
        } else {
            runner_usage("unknown option %s", a);
        }
        i += takes;
    }
    engine_init(&cfg);
    if (want_version) {
        printf("%s\n", engine_version());
        return 0;
    }
    if (model < 0 || hay_path == NULL || cfg.npatterns == 0)
        runner_usage("--model, -p and -H are required");
    if (max_iters == 0)
        max_iters = 1;
    cfg.model = (enum bench_model)model;

    struct state s = {.cfg = &cfg};
    s.hay = the_haystack = read_file(hay_path);
    if (cfg.model == MODEL_GREP || cfg.model == MODEL_GREP_CAPTURES)
        s.lines = split_lines(&s.hay, &s.nlines);
    if (cfg.model != MODEL_COMPILE)
        s.re = engine_compile(&cfg);

    uint64_t *times = xmalloc((size_t)(max_iters < 4096 ? max_iters : 4096) * sizeof *times);
    size_t times_cap = max_iters < 4096 ? (size_t)max_iters : 4096, n = 0;
    uint64_t elapsed, max_time = max_time_ms * 1000000u, warmup = warmup_ms * 1000000u;
    uint64_t once = once_ms == (unsigned long long)-1 ? max_time : once_ms * 1000000u;

    /* The first iteration sets the count every later one must reproduce. A
       first iteration slower than --once-over (default: the time budget) is
       the only sample: a catastrophic case is run once, not twice. */
    uint64_t expected = iteration(&s, &elapsed);
    if (elapsed >= once) {
        times[n++] = elapsed;
    } else {
        uint64_t spent = elapsed;
        while (spent < warmup) {
            if (iteration(&s, &elapsed) != expected)
                runner_error("the count changed between iterations");
            spent += elapsed;
        }
        uint64_t start = now_ns();
        while (n < max_iters && (n == 0 || now_ns() - start < max_time)) {
            uint64_t c = iteration(&s, &elapsed);
            if (c != expected)
                runner_error("the count changed between iterations (%llu, then %llu)",
                             (unsigned long long)expected, (unsigned long long)c);
            if (n == times_cap) {
                times_cap *= 2;
                times = realloc(times, times_cap * sizeof *times);
                if (times == NULL)
                    runner_error("out of memory");
            }
            times[n++] = elapsed;
        }
    }
    uint64_t calls = search_calls(&s);
    if (s.re != NULL)
        engine_free(s.re);

    printf("count %llu\ncalls %llu\ntimes", (unsigned long long)expected,
           (unsigned long long)calls);
    for (size_t i = 0; i < n; i++)
        printf(" %llu", (unsigned long long)times[i]);
    printf("\n");
    return fflush(stdout) == 0 ? 0 : 1;
}
