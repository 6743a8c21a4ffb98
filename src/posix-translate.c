/*
 * The POSIX layer's translator: a basic or extended POSIX pattern into the
 * regex crate's syntax, keeping the POSIX meanings the crate would read
 * differently: `\` is literal inside brackets, `a*?` is two greedy
 * operators (not a lazy one), `.` matches newline unless REG_NEWLINE,
 * `^`/`$` anchor the whole string unless REG_NEWLINE. Every group it adds is
 * non-capturing, so group numbers stay the pattern's.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oxreposix.h"
#include "posix-translate.h"

/* A pattern that never matches, for `^` under REG_NOTBOL and `$` under
 * REG_NOTEOL (an empty class: the intersection of two disjoint ones). */
#define NEVER "[0&&1]"

/* --- A growing output string ---------------------------------------------- */

static void out_reserve(struct out *o, size_t more)
{
    if (o->oom || o->len + more + 1 <= o->cap)
        return;
    size_t cap = o->cap ? o->cap : 64;
    while (cap < o->len + more + 1) {
        if (cap > SIZE_MAX / 2) {
            o->oom = true;
            return;
        }
        cap *= 2;
    }
    char *p = realloc(o->p, cap);
    if (p == NULL) {
        o->oom = true;
        return;
    }
    o->p = p;
    size_t *src = cap > SIZE_MAX / sizeof *src ? NULL : realloc(o->src, cap * sizeof *src);
    if (src == NULL) {
        o->oom = true;
        return;
    }
    o->src = src;
    o->cap = cap;
}

static void out_mem(struct out *o, const void *s, size_t n)
{
    out_reserve(o, n);
    if (o->oom)
        return;
    memcpy(o->p + o->len, s, n);
    for (size_t k = 0; k < n; k++)
        o->src[o->len + k] = o->cur;
    o->len += n;
    o->p[o->len] = '\0';
}

static void out_str(struct out *o, const char *s)
{
    out_mem(o, s, strlen(s));
}

/* Inserts `s` at offset `at` (used to group an already quantified atom). */
static void out_insert(struct out *o, size_t at, const char *s)
{
    size_t n = strlen(s);
    out_reserve(o, n);
    if (o->oom)
        return;
    memmove(o->p + at + n, o->p + at, o->len - at + 1);
    memcpy(o->p + at, s, n);
    /* The bytes inserted come from where the atom they group does. */
    memmove(o->src + at + n, o->src + at, (o->len - at) * sizeof *o->src);
    for (size_t k = 0; k < n; k++)
        o->src[at + k] = at < o->len ? o->src[at + n] : o->cur;
    o->len += n;
}

/* --- The translator --------------------------------------------------------- */

#define NONE SIZE_MAX /* no atom to repeat */

static int tr_fail(struct tr *t, int err, int detail, size_t at)
{
    if (t->err == 0) {
        t->err = err;
        t->detail = detail;
        t->erroff = at;
    }
    return err;
}

/* Decodes one character at t->pat[i]: a UTF-8 sequence in Unicode mode, a
 * byte otherwise. Stores its length in *n; returns the code point (or byte)
 * or -1 for invalid UTF-8. */
static long decode(const struct tr *t, size_t i, size_t *n)
{
    const unsigned char *s = t->pat + i;
    size_t left = t->len - i;
    *n = 1;
    if (t->bytes || s[0] < 0x80)
        return s[0];
    size_t len;
    long cp, min;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, cp = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, cp = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, cp = s[0] & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    if (left < len)
        return -1;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *n = len;
    return cp;
}

/* Emits the character of `n` pattern bytes at `at` (code point `cp`) as a
 * literal the crate reads the same way inside or outside a class. */
static void emit_char(struct tr *t, size_t at, long cp, size_t n)
{
    char buf[16];
    if (cp < 0x80 && ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
                      (cp >= 'A' && cp <= 'Z'))) {
        buf[0] = (char)cp;
        out_mem(&t->o, buf, 1);
    } else if (cp < 0x80 || t->bytes) {
        snprintf(buf, sizeof buf, "\\x%02lX", cp);
        out_str(&t->o, buf);
    } else {
        out_mem(&t->o, t->pat + at, n);
    }
}

static void begin_atom(struct tr *t)
{
    t->atom = t->o.len;
    t->quantified = false;
}

static void emit_literal(struct tr *t)
{
    size_t n;
    long cp = decode(t, t->i, &n);
    if (cp < 0) {
        tr_fail(t, OXRE_REG_ILLSEQ, D_UTF8, t->i);
        return;
    }
    begin_atom(t);
    emit_char(t, t->i, cp, n);
    t->i += n;
}

static void emit_anchor(struct tr *t, bool bol)
{
    if (bol) {
        t->has_bol = true;
        out_str(&t->o, t->never_bol ? NEVER : t->newline ? "(?m:^)" : "\\A");
    } else {
        t->has_eol = true;
        out_str(&t->o, t->never_eol ? NEVER : t->newline ? "(?m:$)" : "\\z");
    }
    t->atom = NONE;
}

/* Applies a repetition operator, written in the crate's syntax as `q`, to
 * the last atom; a second operator on the same atom repeats the first as a
 * whole (so ERE `a*?` is `(?:a*)?`, not the crate's lazy `a*?`). */
static void quantify(struct tr *t, const char *q, size_t at)
{
    if (t->atom == NONE) {
        tr_fail(t, OXRE_REG_BADRPT, D_NOTHING_TO_REPEAT, at);
        return;
    }
    if (t->quantified && !t->ere) { /* BRE: undefined by POSIX, refused by glibc */
        tr_fail(t, OXRE_REG_BADRPT, D_NOTHING_TO_REPEAT, at);
        return;
    }
    if (t->quantified) {
        out_insert(&t->o, t->atom, "(?:");
        out_str(&t->o, ")");
    }
    out_str(&t->o, q);
    t->quantified = true;
}

/* Reads a decimal count at t->i; returns -1 if there is none, or a value
 * above RE_DUP_MAX capped at RE_DUP_MAX + 1. */
static long read_count(struct tr *t)
{
    long v = -1;
    while (t->i < t->len && t->pat[t->i] >= '0' && t->pat[t->i] <= '9') {
        v = (v < 0 ? 0 : v) * 10 + (t->pat[t->i] - '0');
        if (v > OXRE_RE_DUP_MAX)
            v = OXRE_RE_DUP_MAX + 1;
        t->i++;
    }
    return v;
}

/* An interval; t->i is just past `{` (ERE) or `\{` (BRE). */
static void interval(struct tr *t, size_t at)
{
    long min = read_count(t), max;
    bool comma = false;
    if (t->i < t->len && t->pat[t->i] == ',') {
        comma = true;
        t->i++;
        max = read_count(t);
    } else {
        max = min;
    }
    bool closed = t->ere ? (t->i < t->len && t->pat[t->i] == '}')
                         : (t->i + 1 < t->len && t->pat[t->i] == '\\' && t->pat[t->i + 1] == '}');
    if (!closed) {
        bool at_end = t->i >= t->len || (!t->ere && t->i + 1 >= t->len);
        tr_fail(t, at_end ? OXRE_REG_EBRACE : OXRE_REG_BADBR,
                at_end ? D_UNCLOSED_INTERVAL : D_BAD_INTERVAL, at);
        return;
    }
    t->i += t->ere ? 1 : 2;
    if (min < 0 && (!comma || max < 0)) {
        tr_fail(t, OXRE_REG_BADBR, D_BAD_INTERVAL, at);
        return;
    }
    if (min < 0)
        min = 0; /* {,n}, as glibc reads it */
    if (min > OXRE_RE_DUP_MAX || max > OXRE_RE_DUP_MAX) {
        tr_fail(t, OXRE_REG_BADBR, D_DUP_MAX, at);
        return;
    }
    if (comma && max >= 0 && max < min) {
        tr_fail(t, OXRE_REG_BADBR, D_INTERVAL_ORDER, at);
        return;
    }
    char q[48];
    if (!comma)
        snprintf(q, sizeof q, "{%ld}", min);
    else if (max < 0)
        snprintf(q, sizeof q, "{%ld,}", min);
    else
        snprintf(q, sizeof q, "{%ld,%ld}", min, max);
    quantify(t, q, at);
}

static const char *const class_names[] = {"alnum", "alpha", "blank", "cntrl",
                                          "digit", "graph", "lower", "print",
                                          "punct", "space", "upper", "xdigit"};

/* One element of a bracket expression at t->i: a character (stored in *cp,
 * returns 1), a [:class:] (emitted, returns 2), or an error (returns 0). */
static int bracket_element(struct tr *t, long *cp, size_t *from, size_t *n)
{
    const unsigned char *p = t->pat;
    if (p[t->i] == '[' && t->i + 1 < t->len &&
        (p[t->i + 1] == ':' || p[t->i + 1] == '.' || p[t->i + 1] == '=')) {
        unsigned char kind = p[t->i + 1];
        size_t start = t->i + 2, end = start;
        while (end + 1 < t->len && !(p[end] == kind && p[end + 1] == ']'))
            end++;
        if (end + 1 >= t->len) {
            tr_fail(t, OXRE_REG_EBRACK, D_UNCLOSED_BRACKET, t->i);
            return 0;
        }
        size_t name_len = end - start;
        if (kind == ':') {
            for (size_t k = 0; k < sizeof class_names / sizeof *class_names; k++) {
                if (strlen(class_names[k]) == name_len &&
                    memcmp(class_names[k], p + start, name_len) == 0) {
                    out_str(&t->o, "[:");
                    out_str(&t->o, class_names[k]);
                    out_str(&t->o, ":]");
                    t->i = end + 2;
                    return 2;
                }
            }
            tr_fail(t, OXRE_REG_ECTYPE, D_CLASS_NAME, t->i);
            return 0;
        }
        /* [.c.] and [=c=]: a single character stands for itself. */
        size_t len = 0;
        long c = name_len ? decode(t, start, &len) : -1;
        if (c < 0 || len != name_len) {
            tr_fail(t, c < 0 && name_len ? OXRE_REG_ILLSEQ : OXRE_REG_ECOLLATE,
                    c < 0 && name_len ? D_UTF8 : D_COLLATE, t->i);
            return 0;
        }
        *cp = c, *from = start, *n = len;
        t->i = end + 2;
        return 1;
    }
    long c = decode(t, t->i, n);
    if (c < 0) {
        tr_fail(t, OXRE_REG_ILLSEQ, D_UTF8, t->i);
        return 0;
    }
    *cp = c, *from = t->i;
    t->i += *n;
    return 1;
}

/* A bracket expression; t->i is at `[`. Backslash is an ordinary character
 * inside it, as POSIX says; `]` first and `-` first or last are literal. */
static void bracket(struct tr *t)
{
    size_t at = t->i++;
    begin_atom(t);
    out_str(&t->o, "[");
    bool negate = t->i < t->len && t->pat[t->i] == '^';
    if (negate) {
        t->i++;
        out_str(&t->o, "^");
    }
    for (bool first = true;; first = false) {
        if (t->i >= t->len) {
            tr_fail(t, OXRE_REG_EBRACK, D_UNCLOSED_BRACKET, at);
            return;
        }
        if (t->pat[t->i] == ']' && !first) {
            t->i++;
            break;
        }
        long lo, hi;
        size_t lo_at, lo_n, hi_at, hi_n;
        int kind = bracket_element(t, &lo, &lo_at, &lo_n);
        if (kind == 0)
            return;
        bool range = t->i + 1 < t->len && t->pat[t->i] == '-' && t->pat[t->i + 1] != ']';
        if (kind == 2) {
            if (range) {
                tr_fail(t, OXRE_REG_ERANGE, D_RANGE_CLASS, t->i);
                return;
            }
            continue;
        }
        emit_char(t, lo_at, lo, lo_n);
        if (!range)
            continue;
        size_t dash = t->i++;
        int kind2 = bracket_element(t, &hi, &hi_at, &hi_n);
        if (kind2 == 0)
            return;
        if (kind2 == 2) {
            tr_fail(t, OXRE_REG_ERANGE, D_RANGE_CLASS, dash);
            return;
        }
        if (hi < lo) {
            tr_fail(t, OXRE_REG_ERANGE, D_RANGE_ORDER, dash);
            return;
        }
        out_str(&t->o, "-");
        emit_char(t, hi_at, hi, hi_n);
    }
    /* Under REG_NEWLINE a non-matching list does not match newline. */
    if (negate && t->newline)
        out_str(&t->o, "\\n");
    out_str(&t->o, "]");
}

static void open_group(struct tr *t)
{
    if (t->depth == t->groups_cap) {
        size_t cap = t->groups_cap ? 2 * t->groups_cap : 16;
        size_t *g = realloc(t->groups, cap * sizeof *g);
        if (g == NULL) {
            tr_fail(t, OXRE_REG_ESPACE, D_NOMEM, NO_OFFSET);
            return;
        }
        t->groups = g;
        t->groups_cap = cap;
    }
    t->groups[t->depth++] = t->o.len;
    t->nsub++;
    out_str(&t->o, "(");
    t->atom = NONE;
}

static void close_group(struct tr *t)
{
    out_str(&t->o, ")");
    t->atom = t->groups[--t->depth];
    t->quantified = false;
}

/* The escapes both syntaxes share: GNU's word operators, buffer anchors,
 * back-references (refused) and escaped ordinary characters. */
static void escape(struct tr *t)
{
    size_t at = t->i - 1;
    unsigned char c = t->pat[t->i];
    const char *w = NULL;
    bool assertion = false;
    switch (c) {
    case 'w': w = "\\w"; break;
    case 'W': w = "\\W"; break;
    case 's': w = "\\s"; break;
    case 'S': w = "\\S"; break;
    case 'b': w = "\\b", assertion = true; break;
    case 'B': w = "\\B", assertion = true; break;
    case '<': w = "\\b{start}", assertion = true; break;
    case '>': w = "\\b{end}", assertion = true; break;
    case '`': w = "\\A", assertion = true; break;
    case '\'': w = "\\z", assertion = true; break;
    default:
        if (c >= '1' && c <= '9') {
            tr_fail(t, OXRE_REG_ESUBREG, D_BACKREF, at);
            return;
        }
        emit_literal(t);
        return;
    }
    t->i++;
    if (assertion) {
        out_str(&t->o, w);
        t->atom = NONE;
    } else {
        begin_atom(t);
        out_str(&t->o, w);
    }
}

static void emit_dot(struct tr *t)
{
    begin_atom(t);
    out_str(&t->o, t->newline ? "[^\\n]" : "(?s:.)");
    t->i++;
}

static void translate_ere(struct tr *t)
{
    while (t->i < t->len && t->err == 0 && !t->o.oom) {
        size_t at = t->i;
        t->o.cur = at;
        switch (t->pat[t->i]) {
        case '(':
            t->i++;
            open_group(t);
            break;
        case ')':
            if (t->depth == 0) { /* an unmatched ')' is ordinary, as in glibc */
                emit_literal(t);
                break;
            }
            t->i++;
            close_group(t);
            break;
        case '|':
            t->i++;
            out_str(&t->o, "|");
            t->atom = NONE;
            break;
        case '*': case '+': case '?': {
            char q[2] = {(char)t->pat[t->i++], '\0'};
            quantify(t, q, at);
            break;
        }
        case '{':
            t->i++;
            if (t->atom == NONE) {
                tr_fail(t, OXRE_REG_BADRPT, D_NOTHING_TO_REPEAT, at);
                break;
            }
            interval(t, at);
            break;
        case '^': t->i++; emit_anchor(t, true); break;
        case '$': t->i++; emit_anchor(t, false); break;
        case '.': emit_dot(t); break;
        case '[': bracket(t); break;
        case '\\':
            if (++t->i >= t->len) {
                tr_fail(t, OXRE_REG_EESCAPE, D_TRAILING_BACKSLASH, at);
                break;
            }
            escape(t);
            break;
        default: emit_literal(t); break;
        }
    }
    if (t->err == 0 && t->depth > 0)
        tr_fail(t, OXRE_REG_EPAREN, D_UNCLOSED_GROUP, NO_OFFSET);
}

/* A backslash sequence of basic syntax at t->i; returns whether it leaves
 * the translator where `^` anchors and `*` is literal (after \( and \|). */
static bool bre_backslash(struct tr *t)
{
    size_t at = t->i;
    if (t->i + 1 >= t->len) {
        tr_fail(t, OXRE_REG_EESCAPE, D_TRAILING_BACKSLASH, at);
        return false;
    }
    unsigned char d = t->pat[t->i + 1];
    switch (d) {
    case '(':
        t->i += 2;
        open_group(t);
        return true;
    case ')':
        if (t->depth == 0) {
            tr_fail(t, OXRE_REG_EPAREN, D_UNOPENED_GROUP, at);
            return false;
        }
        t->i += 2;
        close_group(t);
        return false;
    case '|':
        t->i += 2;
        out_str(&t->o, "|");
        t->atom = NONE;
        return true;
    case '{':
        t->i += 2;
        if (t->atom == NONE)
            tr_fail(t, OXRE_REG_BADRPT, D_NOTHING_TO_REPEAT, at);
        else
            interval(t, at);
        return false;
    case '+': case '?':
        if (t->atom != NONE) { /* GNU's \+ and \?; with nothing to repeat, literal */
            char q[2] = {(char)d, '\0'};
            t->i += 2;
            quantify(t, q, at);
            return false;
        }
        break;
    default:
        break;
    }
    t->i++;
    escape(t);
    return false;
}

/* Whether the `$` at t->i ends the pattern or a subexpression or an
 * alternative: only there is it an anchor in basic syntax. */
static bool bre_dollar_anchors(const struct tr *t)
{
    const unsigned char *p = t->pat + t->i + 1;
    size_t left = t->len - t->i - 1;
    return left == 0 || (left >= 2 && p[0] == '\\' && (p[1] == ')' || p[1] == '|'));
}

static void translate_bre(struct tr *t)
{
    bool line_start = true; /* where `^` is an anchor and `*` is literal */
    while (t->i < t->len && t->err == 0 && !t->o.oom) {
        size_t at = t->i;
        t->o.cur = at;
        bool was_start = line_start;
        line_start = false;
        switch (t->pat[t->i]) {
        case '\\':
            line_start = bre_backslash(t);
            break;
        case '*':
            if (t->atom == NONE) {
                emit_literal(t);
            } else {
                t->i++;
                quantify(t, "*", at);
            }
            break;
        case '^':
            if (was_start) {
                t->i++;
                emit_anchor(t, true);
            } else {
                emit_literal(t);
            }
            break;
        case '$':
            if (bre_dollar_anchors(t)) {
                t->i++;
                emit_anchor(t, false);
            } else {
                emit_literal(t);
            }
            break;
        case '.': emit_dot(t); break;
        case '[': bracket(t); break;
        default: emit_literal(t); break;
        }
    }
    if (t->err == 0 && t->depth > 0)
        tr_fail(t, OXRE_REG_EPAREN, D_UNCLOSED_GROUP, NO_OFFSET);
}

int oxre_internal_translate_posix(struct tr *t, const char *pattern, int cflags, bool bytes,
                                  bool never_bol, bool never_eol)
{
    memset(t, 0, sizeof *t);
    t->pat = (const unsigned char *)pattern;
    t->len = strlen(pattern);
    t->ere = cflags & OXRE_REG_EXTENDED;
    t->newline = cflags & OXRE_REG_NEWLINE;
    t->icase = cflags & OXRE_REG_ICASE;
    t->bytes = bytes;
    t->never_bol = never_bol;
    t->never_eol = never_eol;
    t->atom = NONE;
    t->erroff = NO_OFFSET;
    if (t->icase || bytes)
        out_str(&t->o, t->icase ? (bytes ? "(?i-u)" : "(?i)") : "(?-u)");
    out_str(&t->o, ""); /* the empty pattern still needs a string */
    if (t->ere)
        translate_ere(t);
    else
        translate_bre(t);
    free(t->groups);
    t->groups = NULL;
    if (t->err == 0 && t->o.oom)
        tr_fail(t, OXRE_REG_ESPACE, D_NOMEM, NO_OFFSET);
    if (t->err) {
        free(t->o.p);
        free(t->o.src);
        t->o.p = NULL;
        t->o.src = NULL;
    }
    return t->err;
}
