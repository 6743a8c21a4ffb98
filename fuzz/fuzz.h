/*
 * What every fuzz target shares: the input format, the choice of flags and
 * options, the checks, and the rule for OXRE_EPANIC.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 *
 * Input format (the seeds in fuzz/seeds.py write it): the first FZ_CTL
 * bytes are control bytes (flags, options, offsets; missing ones read as 0),
 * then fields separated by the byte 0xFF (never part of a UTF-8 pattern),
 * the last field taking everything that is left, 0xFF bytes included. Each
 * target says which fields it reads.
 *
 * A failed check prints what failed and aborts, which libFuzzer (and the
 * replay program, fuzz/replay.c) report as a crash.
 */
#ifndef OXRE_FUZZ_H
#define OXRE_FUZZ_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oxre.h"

#define FZ_CTL 16
#define FZ_SEP 0xFF

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_FAIL(...)                                                                       \
    do {                                                                                   \
        fprintf(stderr, "fuzz check failed at %s:%d: ", __FILE__, __LINE__);              \
        fprintf(stderr, __VA_ARGS__);                                                      \
        fputc('\n', stderr);                                                               \
        abort();                                                                           \
    } while (0)
#define FZ_CHECK(cond)                                                                     \
    do {                                                                                   \
        if (!(cond))                                                                       \
            FZ_FAIL("%s", #cond);                                                          \
    } while (0)

struct fz {
    uint8_t ctl[FZ_CTL];
    size_t ctl_pos;
    const uint8_t *rest;
    size_t rest_len;
};

static inline void fz_init(struct fz *f, const uint8_t *data, size_t size)
{
    size_t n = size < FZ_CTL ? size : FZ_CTL;
    memset(f->ctl, 0, sizeof f->ctl);
    if (n)
        memcpy(f->ctl, data, n);
    f->ctl_pos = 0;
    f->rest = data + n;
    f->rest_len = size - n;
}

/* The next control byte (0 once they are used up). */
static inline uint8_t fz_u8(struct fz *f)
{
    return f->ctl_pos < FZ_CTL ? f->ctl[f->ctl_pos++] : 0;
}

static inline uint32_t fz_u16(struct fz *f)
{
    uint32_t lo = fz_u8(f);
    return lo | (uint32_t)fz_u8(f) << 8;
}

/* The next field, up to the next 0xFF (or the end). Never NULL. */
static inline void fz_field(struct fz *f, const uint8_t **p, size_t *n)
{
    const uint8_t *sep = f->rest_len ? memchr(f->rest, FZ_SEP, f->rest_len) : NULL;
    size_t len = sep ? (size_t)(sep - f->rest) : f->rest_len;
    *p = f->rest_len ? f->rest : (const uint8_t *)"";
    *n = len;
    f->rest += sep ? len + 1 : len;
    f->rest_len -= sep ? len + 1 : len;
}

/* Everything left, 0xFF bytes included. */
static inline void fz_tail(struct fz *f, const uint8_t **p, size_t *n)
{
    *p = f->rest_len ? f->rest : (const uint8_t *)"";
    *n = f->rest_len;
    f->rest += f->rest_len;
    f->rest_len = 0;
}

/* An offset in [0, len], chosen by one control byte: 0 and len are likely. */
static inline size_t fz_offset(struct fz *f, size_t len)
{
    uint8_t b = fz_u8(f);
    if (b == 0)
        return 0;
    if (b == 255)
        return len;
    return (size_t)b % (len + 1);
}

static inline bool fz_utf8_valid(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            k = 1, cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 2, cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3, cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i <= k)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += k + 1;
    }
    return true;
}

/* Is offset i of s (valid UTF-8) at a code point boundary? */
static inline bool fz_boundary(const uint8_t *s, size_t n, size_t i)
{
    return i == 0 || i >= n || (s[i] & 0xC0) != 0x80;
}

/*
 * Checks a return code: OXRE_EPANIC is a failure; any other negative code
 * must match the last error and errno, and success must leave both alone.
 * Returns rc.
 */
static inline int fz_rc(int rc, const char *what)
{
    if (rc == OXRE_EPANIC) {
        const oxre_error *e = oxre_last_error();
        const char *msg = e && e->message ? e->message : "(no last error)";
        FZ_FAIL("%s: OXRE_EPANIC: %s", what, msg);
    }
    if (rc >= 0) {
        /* Success leaves errno and the last error alone (both were reset). */
        if (errno != 0 || oxre_last_error() != NULL)
            FZ_FAIL("%s: success (%d) changed errno (%d) or the last error", what, rc, errno);
        return rc;
    }
    {
        const oxre_error *e = oxre_last_error();
        if (!e || e->code != rc)
            FZ_FAIL("%s: returned %d but the last error is %d", what, rc, e ? e->code : 0);
        if (errno == 0)
            FZ_FAIL("%s: returned %d without setting errno", what, rc);
    }
    return rc;
}

/* For constructors: NULL must come with a last error, and not EPANIC. */
static inline bool fz_null(const void *obj, const char *what)
{
    if (obj)
        return false;
    const oxre_error *e = oxre_last_error();
    if (!e)
        FZ_FAIL("%s: NULL without a last error", what);
    fz_rc(e->code, what);
    return true;
}

/* A call, its rc checked, errno and the last error reset first. */
#define FZ_CALL(call) (errno = 0, oxre_last_error_clear(), fz_rc((call), #call))
#define FZ_NEW(call) (errno = 0, oxre_last_error_clear(), (call))

/*
 * Compile flags and options from the control bytes (3 bytes + 4 bytes).
 * *flags gets only known bits unless `any_bits`.
 */
static inline const oxre_options *fz_options(struct fz *f, oxre_options *o, uint32_t *flags,
                                             bool any_bits)
{
    uint32_t fl = fz_u16(f);
    *flags = any_bits && (fl & 0x8000) ? fl : fl & OXRE_FLAGS_ALL;
    uint8_t which = fz_u8(f);
    uint8_t a = fz_u8(f), b = fz_u8(f), c = fz_u8(f), d = fz_u8(f);
    if (!(which & 1))
        return NULL;
    oxre_options_init(o);
    if (which & 2)
        o->size_limit = (size_t)a << (b & 15); /* 0 .. 8 MiB */
    if (which & 4) {
        o->dfa_size_limit = (size_t)b << (a & 15);
    }
    if (which & 8)
        o->nest_limit = c; /* at most 255 */
    if (which & 16) {
        uint8_t lt = which & 32 ? d : (uint8_t)"\n\0\r;|#-"[d % 7];
        o->line_terminator = lt;
    }
    return o;
}

/* Compiles one pattern with flags/options from the control bytes. */
static inline oxre_regex *fz_compile(struct fz *f, const uint8_t *pat, size_t pat_len,
                                     uint32_t *flags_out)
{
    oxre_options o;
    uint32_t flags;
    const oxre_options *op = fz_options(f, &o, &flags, false);
    oxre_regex *re = FZ_NEW(oxre_compile(pat, pat_len, flags, op));
    fz_null(re, "oxre_compile");
    if (flags_out)
        *flags_out = flags;
    return re;
}

static inline void fz_check_span(size_t s, size_t e, size_t lo, size_t hi, const char *what)
{
    if (!(lo <= s && s <= e && e <= hi))
        FZ_FAIL("%s: span [%zu, %zu) outside [%zu, %zu]", what, s, e, lo, hi);
}

/* Frees a buffer, checking that it is one (NUL-terminated, len < capacity). */
static inline void fz_buf_check(const oxre_buf *b)
{
    if (b->data) {
        FZ_CHECK(b->len < b->capacity);
        FZ_CHECK(b->data[b->len] == 0);
    } else {
        FZ_CHECK(b->len == 0 && b->capacity == 0);
    }
}

#endif
