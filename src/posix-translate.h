/*
 * The two halves of the POSIX layer share this (not installed): the
 * translator of basic and extended POSIX syntax into the regex crate's
 * (src/posix-translate.c) and the <regex.h> API built on it (src/posix.c).
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#ifndef OXRE_POSIX_TRANSLATE_H
#define OXRE_POSIX_TRANSLATE_H

#include <stdbool.h>
#include <stddef.h>

#define NO_OFFSET ((size_t)-1)

/* What regerror() can say beyond the code's own text (the texts are in
 * src/posix.c). */
enum detail {
    D_NONE,
    D_BACKREF,
    D_UNCLOSED_GROUP,
    D_UNOPENED_GROUP,
    D_UNCLOSED_BRACKET,
    D_UNCLOSED_INTERVAL,
    D_BAD_INTERVAL,
    D_INTERVAL_ORDER,
    D_DUP_MAX,
    D_RANGE_ORDER,
    D_RANGE_CLASS,
    D_CLASS_NAME,
    D_COLLATE,
    D_TRAILING_BACKSLASH,
    D_NOTHING_TO_REPEAT,
    D_UTF8,
    D_NULL_ARG,
    D_NULL_PREG,
    D_NULL_PATTERN,
    D_NULL_STRING,
    D_NULL_PMATCH,
    D_FLAGS,
    D_SIZE,
    D_NOMEM,
    D_ENGINE,
    D_COUNT
};

/* A growing output string. */
struct out {
    char *p;
    size_t len, cap;
    bool oom;
    /* src[k]: the offset in the caller's pattern that output byte k was
     * translated from, so that oxre's errors point into that pattern. */
    size_t *src;
    size_t cur; /* the source offset of what is being emitted */
};

/* The translator's state. */
struct tr {
    const unsigned char *pat;
    size_t len, i;
    bool ere, newline, bytes, icase;
    bool never_bol, never_eol; /* REG_NOTBOL / REG_NOTEOL variants */
    struct out o;
    size_t atom;      /* output offset of the last atom, or NONE */
    bool quantified;  /* the last atom already has a repetition operator */
    size_t *groups;   /* output offsets of the open groups */
    size_t depth, groups_cap;
    size_t nsub;
    bool has_bol, has_eol;
    int err, detail;
    size_t erroff;
};

/* Translates `pattern` (NUL-terminated) into t->o.p under `cflags`: for
 * byte semantics when `bytes` (a single-byte locale), and with `^` (`$`)
 * never matching when `never_bol` (`never_eol`). Returns 0, the caller then
 * owning t->o.p and t->o.src (the pattern offset of each byte of t->o.p),
 * or a REG_* code with t->detail and t->erroff set (and both NULL). */
int oxre_internal_translate_posix(struct tr *t, const char *pattern, int cflags, bool bytes,
                                  bool never_bol, bool never_eol);

#endif
