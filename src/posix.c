/*
 * The POSIX <regex.h> layer (oxreposix.h): regcomp() and friends under oxre
 * names, written against oxre's public API as any user could, with one
 * exception: the failures it finds itself (a bad BRE, unknown flags) become
 * the thread's last error too, through the unexported setter declared in
 * internal.h.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 *
 * oxre_regcomp() translates a basic or extended POSIX pattern into the regex
 * crate's syntax and compiles that. The translation keeps POSIX meanings the
 * crate would read differently: `\` is literal inside brackets, `a*?` is two
 * greedy operators (not a lazy one), `.` matches newline unless
 * REG_NEWLINE, `^`/`$` anchor the whole string unless REG_NEWLINE. Every
 * group it adds is non-capturing, so group numbers stay the pattern's.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oxre.h"
#include "internal.h"
#include "oxreposix.h"

#define CFLAGS_ALL (OXRE_REG_EXTENDED | OXRE_REG_ICASE | OXRE_REG_NEWLINE | OXRE_REG_NOSUB)
#define EFLAGS_ALL (OXRE_REG_NOTBOL | OXRE_REG_NOTEOL | OXRE_REG_STARTEND)
#define NO_OFFSET ((size_t)-1)

/* A pattern that never matches, for `^` under REG_NOTBOL and `$` under
 * REG_NOTEOL (an empty class: the intersection of two disjoint ones). */
#define NEVER "[0&&1]"

/* --- What regerror() can say beyond the code's own text ------------------ */

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
    D_FLAGS,
    D_SIZE,
    D_NOMEM,
    D_ENGINE,
    D_COUNT
};

static const char *const detail_text[D_COUNT] = {
    [D_NONE] = NULL,
    [D_BACKREF] = "back-references are not supported: oxre matches in linear time",
    [D_UNCLOSED_GROUP] = "group not closed",
    [D_UNOPENED_GROUP] = "closing a group that was not opened",
    [D_UNCLOSED_BRACKET] = "bracket expression not closed",
    [D_UNCLOSED_INTERVAL] = "interval not closed",
    [D_BAD_INTERVAL] = "an interval holds a count, or two counts separated by a comma",
    [D_INTERVAL_ORDER] = "the interval's minimum is greater than its maximum",
    [D_DUP_MAX] = "a count over RE_DUP_MAX (32767)",
    [D_RANGE_ORDER] = "the range's start is after its end",
    [D_RANGE_CLASS] = "a character class cannot be the end point of a range",
    [D_CLASS_NAME] = "unknown character class name",
    [D_COLLATE] = "only single characters are supported as collating elements",
    [D_TRAILING_BACKSLASH] = "the pattern ends with a backslash",
    [D_NOTHING_TO_REPEAT] = "a repetition operator follows nothing that can be repeated",
    [D_UTF8] = "the pattern is not valid UTF-8",
    [D_NULL_ARG] = "a pointer argument is NULL",
    [D_FLAGS] = "unknown flag bits",
    [D_SIZE] = "the compiled pattern exceeds oxre's size limit",
    [D_NOMEM] = "out of memory",
    [D_ENGINE] = "the translated pattern was rejected by oxre",
};

/* --- A growing output string ---------------------------------------------- */

struct out {
    char *p;
    size_t len, cap;
    bool oom;
};

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
    o->cap = cap;
}

static void out_mem(struct out *o, const void *s, size_t n)
{
    out_reserve(o, n);
    if (o->oom)
        return;
    memcpy(o->p + o->len, s, n);
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
    o->len += n;
}

/* --- The translator --------------------------------------------------------- */

#define NONE SIZE_MAX /* no atom to repeat */

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

/* Translates `pattern` (NUL-terminated) into t->o.p. Returns 0 or a REG_*
 * code (with t->detail and t->erroff set). */
static int translate(struct tr *t, const char *pattern, int cflags, bool bytes,
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
        t->o.p = NULL;
    }
    return t->err;
}

/* --- The compiled state behind regex_t -------------------------------------- */

struct compiled {
    oxre_regex *re;  /* the pattern with its anchors */
    /* Without REG_NEWLINE, REG_NOTBOL and REG_NOTEOL are whole-pattern
     * variants where `^` (`$`) never matches, compiled on first use; indexed
     * by (eflags & (NOTBOL | NOTEOL)), [0] unused. */
    _Atomic(oxre_regex *) variant[4];
    char *pattern;
    int cflags;
    bool bytes, has_bol, has_eol;
    size_t groups; /* re_nsub + 1 */
};

/* Single-byte locales match bytes; UTF-8 locales match characters. */
static bool locale_is_bytes(void)
{
    if (MB_CUR_MAX == 1)
        return true;
    const char *cs = nl_langinfo(CODESET);
    return !(cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0));
}

/* Maps a failed oxre_compile() to a POSIX code (oxre has set errno and its
 * last error). */
static int compile_error(int *detail)
{
    const oxre_error *e = oxre_last_error();
    int code = e ? e->code : OXRE_EINVAL;
    switch (code) {
    case OXRE_ESIZE: *detail = D_SIZE; return OXRE_REG_ESIZE;
    case OXRE_EUTF8: *detail = D_UTF8; return OXRE_REG_ILLSEQ;
    case OXRE_ESYNTAX: *detail = D_ENGINE; return OXRE_REG_BADPAT;
    default: *detail = D_ENGINE; return OXRE_REG_ESPACE;
    }
}

static oxre_regex *compile_translation(const char *pattern, int cflags, bool bytes,
                                       bool never_bol, bool never_eol, struct tr *t)
{
    if (translate(t, pattern, cflags, bytes, never_bol, never_eol) != 0)
        return NULL;
    oxre_regex *re = oxre_compile((const uint8_t *)t->o.p, t->o.len, 0, NULL);
    if (re == NULL)
        t->err = compile_error(&t->detail);
    free(t->o.p);
    t->o.p = NULL;
    return re;
}

static const char *code_text(int code);

/* Records a failure this layer found (rather than oxre itself, which has
 * already recorded its own) as the thread's last error: the OXRE_E* code
 * nearest to the POSIX one, the regerror() text, and the pattern offset. */
static void set_last_error(int code, int detail, size_t off)
{
    if (detail == D_ENGINE || detail == D_SIZE)
        return;
    int oxre_code = code == OXRE_REG_ILLSEQ ? OXRE_EUTF8
                    : detail == D_NULL_ARG  ? OXRE_ENULL
                    : detail == D_FLAGS     ? OXRE_EFLAGS
                    : code == OXRE_REG_INVARG || code == OXRE_REG_ESPACE ? OXRE_EINVAL
                                                                         : OXRE_ESYNTAX;
    char msg[256];
    const char *d = detail > D_NONE && detail < D_COUNT ? detail_text[detail] : NULL;
    snprintf(msg, sizeof msg, "%s%s%s", code_text(code), d ? ": " : "", d ? d : "");
    oxre_internal_set_error(oxre_code, msg, off != NO_OFFSET, off, off == NO_OFFSET ? 0 : off + 1);
}

static int comp_fail(oxre_regex_t *preg, int code, int detail, size_t off, int err)
{
    set_last_error(code, detail, off);
    preg->re_nsub = 0;
    preg->re_oxre = NULL;
    preg->re_erroffset = off;
    preg->re_oxre_errcode = code;
    preg->re_oxre_detail = detail;
    if (err)
        errno = err;
    return code;
}

int oxre_regcomp(oxre_regex_t *preg, const char *pattern, int cflags)
{
    if (preg == NULL) {
        set_last_error(OXRE_REG_INVARG, D_NULL_ARG, NO_OFFSET);
        errno = EFAULT;
        return OXRE_REG_INVARG;
    }
    if (pattern == NULL)
        return comp_fail(preg, OXRE_REG_INVARG, D_NULL_ARG, NO_OFFSET, EFAULT);
    if (cflags & ~CFLAGS_ALL)
        return comp_fail(preg, OXRE_REG_INVARG, D_FLAGS, NO_OFFSET, EINVAL);

    struct compiled *c = calloc(1, sizeof *c);
    if (c == NULL)
        return comp_fail(preg, OXRE_REG_ESPACE, D_NOMEM, NO_OFFSET, ENOMEM);
    c->cflags = cflags;
    c->bytes = locale_is_bytes();
    struct tr t;
    c->re = compile_translation(pattern, cflags, c->bytes, false, false, &t);
    if (c->re == NULL) {
        free(c);
        int err = t.err == OXRE_REG_ESPACE && t.detail == D_NOMEM ? ENOMEM
                  : t.detail == D_ENGINE || t.detail == D_SIZE ? 0 /* set by oxre */
                  : t.err == OXRE_REG_ILLSEQ ? EILSEQ : EINVAL;
        return comp_fail(preg, t.err, t.detail, t.erroff, err);
    }
    c->has_bol = t.has_bol;
    c->has_eol = t.has_eol;
    c->groups = oxre_captures_len(c->re);
    for (int k = 0; k < 4; k++)
        atomic_init(&c->variant[k], NULL);
    bool variants = !(cflags & OXRE_REG_NEWLINE) && (c->has_bol || c->has_eol);
    if (variants && (c->pattern = strdup(pattern)) == NULL) {
        oxre_free(c->re);
        free(c);
        return comp_fail(preg, OXRE_REG_ESPACE, D_NOMEM, NO_OFFSET, ENOMEM);
    }
    preg->re_nsub = c->groups - 1;
    preg->re_erroffset = NO_OFFSET;
    preg->re_oxre = c;
    preg->re_oxre_errcode = 0;
    preg->re_oxre_detail = D_NONE;
    return 0;
}

void oxre_regfree(oxre_regex_t *preg)
{
    if (preg == NULL || preg->re_oxre == NULL)
        return;
    struct compiled *c = preg->re_oxre;
    oxre_free(c->re);
    for (int k = 0; k < 4; k++)
        oxre_free(atomic_load(&c->variant[k]));
    free(c->pattern);
    free(c);
    preg->re_oxre = NULL;
}

/* The regex to run for REG_NOTBOL/REG_NOTEOL without REG_NEWLINE: compiled
 * once, on first use; threads racing to make it keep the first one made. */
static const oxre_regex *variant(struct compiled *c, int bits)
{
    oxre_regex *re = atomic_load(&c->variant[bits]);
    if (re != NULL)
        return re;
    struct tr t;
    oxre_regex *made = compile_translation(c->pattern, c->cflags, c->bytes,
                                           bits & OXRE_REG_NOTBOL, bits & OXRE_REG_NOTEOL, &t);
    if (made == NULL)
        return NULL;
    oxre_regex *expected = NULL;
    if (atomic_compare_exchange_strong(&c->variant[bits], &expected, made))
        return made;
    oxre_free(made);
    return expected;
}

/* --- Searching ------------------------------------------------------------------ */

/* Finds the leftmost-first match in the window [start, end) of hay[0, len)
 * and stores the spans of its first `want` groups in m[] ({SIZE_MAX,
 * SIZE_MAX} for a group that did not participate). Returns 1, 0 or an oxre
 * error code. */
static int find(const oxre_regex *re, const uint8_t *hay, size_t len, size_t start,
                size_t end, size_t want, oxre_span *m)
{
    if (want <= 1) {
        oxre_match found;
        int r = oxre_search(re, hay, len, start, end, want ? 0 : OXRE_EARLIEST, &found);
        if (r == 1 && want) {
            m[0].start = found.start;
            m[0].end = found.end;
        }
        return r;
    }
    oxre_captures *caps = oxre_captures_new(re);
    if (caps == NULL)
        return OXRE_EINVAL;
    int r = oxre_search_captures(re, caps, hay, len, start, end, 0);
    for (size_t g = 0; r == 1 && g < want; g++) {
        if (oxre_captures_get(caps, g, &m[g]) != 1)
            m[g].start = m[g].end = SIZE_MAX;
    }
    oxre_captures_free(caps);
    return r;
}

/* REG_NOTBOL/REG_NOTEOL under REG_NEWLINE, when the match found may have
 * used `^` at the start or `$` at the end of the string: search again in a
 * copy with a byte before (after) the string that is neither a newline nor
 * a word character, so that those anchors see the line go on. The search
 * window is the string itself, so no match can take that byte in. */
static int find_in_copy(const struct compiled *c, const uint8_t *hay, size_t eo, size_t so,
                        bool pre, bool post, size_t want, oxre_span *m)
{
    size_t len = eo + pre + post;
    uint8_t *buf = malloc(len ? len : 1);
    if (buf == NULL) {
        set_last_error(OXRE_REG_ESPACE, D_NOMEM, NO_OFFSET);
        errno = ENOMEM;
        return OXRE_EINVAL;
    }
    if (pre)
        buf[0] = 0xFF;
    memcpy(buf + pre, hay, eo);
    if (post)
        buf[pre + eo] = 0xFF;
    int r = find(c->re, buf, len, so + pre, eo + pre, want, m);
    free(buf);
    for (size_t g = 0; r == 1 && g < want; g++) {
        if (m[g].start != SIZE_MAX) {
            m[g].start -= pre;
            m[g].end -= pre;
        }
    }
    return r;
}

/* Checks regexec's arguments and finds the bytes to search, [*so, *eo).
 * Returns 0 or OXRE_REG_INVARG (with errno set). */
static int exec_args(const oxre_regex_t *preg, const char *string, size_t nmatch,
                     const oxre_regmatch_t *pmatch, int eflags, size_t *so, size_t *eo)
{
    if (preg == NULL || preg->re_oxre == NULL || string == NULL)
        return set_last_error(OXRE_REG_INVARG, D_NULL_ARG, NO_OFFSET), errno = EFAULT,
               OXRE_REG_INVARG;
    if (eflags & ~EFLAGS_ALL)
        return set_last_error(OXRE_REG_INVARG, D_FLAGS, NO_OFFSET), errno = EINVAL,
               OXRE_REG_INVARG;
    if (((eflags & OXRE_REG_STARTEND) || nmatch > 0) && pmatch == NULL)
        return set_last_error(OXRE_REG_INVARG, D_NULL_ARG, NO_OFFSET), errno = EFAULT,
               OXRE_REG_INVARG;
    if (!(eflags & OXRE_REG_STARTEND)) {
        *so = 0;
        *eo = strlen(string);
        return 0;
    }
    if (pmatch[0].rm_so < 0 || pmatch[0].rm_eo < pmatch[0].rm_so)
        return set_last_error(OXRE_REG_INVARG, D_NONE, NO_OFFSET), errno = EINVAL,
               OXRE_REG_INVARG;
    *so = (size_t)pmatch[0].rm_so;
    *eo = (size_t)pmatch[0].rm_eo;
    return 0;
}

int oxre_regexec(const oxre_regex_t *preg, const char *string, size_t nmatch,
                 oxre_regmatch_t *pmatch, int eflags)
{
    struct compiled *c = preg ? preg->re_oxre : NULL;
    if (c && (c->cflags & OXRE_REG_NOSUB))
        nmatch = 0;
    size_t so, eo;
    int bad = exec_args(preg, string, nmatch, pmatch, eflags, &so, &eo);
    if (bad)
        return bad;

    bool notbol = (eflags & OXRE_REG_NOTBOL) && c->has_bol;
    bool noteol = (eflags & OXRE_REG_NOTEOL) && c->has_eol;
    bool newline = c->cflags & OXRE_REG_NEWLINE;
    const oxre_regex *re = c->re;
    if (!newline && (notbol || noteol)) {
        re = variant(c, (notbol ? OXRE_REG_NOTBOL : 0) | (noteol ? OXRE_REG_NOTEOL : 0));
        if (re == NULL)
            return OXRE_REG_ESPACE;
    }

    size_t want = nmatch < c->groups ? nmatch : c->groups;
    if (newline && (notbol || noteol) && want == 0)
        want = 1; /* the span tells whether the anchors need a second look */
    oxre_span small[8], *m = small;
    if (want > sizeof small / sizeof *small && (m = malloc(want * sizeof *m)) == NULL) {
        set_last_error(OXRE_REG_ESPACE, D_NOMEM, NO_OFFSET);
        errno = ENOMEM;
        return OXRE_REG_ESPACE;
    }
    const uint8_t *hay = (const uint8_t *)string;
    int r = find(re, hay, eo, so, eo, want, m);
    if (r == 1 && newline && ((notbol && m[0].start == 0) || (noteol && m[0].end == eo)))
        r = find_in_copy(c, hay, eo, so, notbol, noteol, want, m);

    int result = r == 1 ? 0 : r == 0 ? OXRE_REG_NOMATCH : OXRE_REG_ESPACE;
    if (r == 1) {
        for (size_t g = 0; g < nmatch; g++) {
            bool set = g < want && m[g].start != SIZE_MAX;
            pmatch[g].rm_so = set ? (oxre_regoff_t)m[g].start : -1;
            pmatch[g].rm_eo = set ? (oxre_regoff_t)m[g].end : -1;
        }
    }
    if (m != small)
        free(m);
    return result;
}

/* --- Messages --------------------------------------------------------------------- */

static const char *code_text(int code)
{
    switch (code) {
    case 0: return "Success";
    case OXRE_REG_NOMATCH: return "No match";
    case OXRE_REG_BADPAT: return "Invalid regular expression";
    case OXRE_REG_ECOLLATE: return "Invalid collation character";
    case OXRE_REG_ECTYPE: return "Invalid character class name";
    case OXRE_REG_EESCAPE: return "Trailing backslash";
    case OXRE_REG_ESUBREG: return "Invalid back reference";
    case OXRE_REG_EBRACK: return "Unmatched [, [^, [:, [., or [=";
    case OXRE_REG_EPAREN: return "Unmatched ( or \\(";
    case OXRE_REG_EBRACE: return "Unmatched \\{";
    case OXRE_REG_BADBR: return "Invalid content of \\{\\}";
    case OXRE_REG_ERANGE: return "Invalid range end";
    case OXRE_REG_ESPACE: return "Memory exhausted";
    case OXRE_REG_BADRPT: return "Invalid preceding regular expression";
    case OXRE_REG_ESIZE: return "Regular expression too big";
    case OXRE_REG_INVARG: return "Invalid argument";
    case OXRE_REG_ILLSEQ: return "Illegal byte sequence";
    default: return "Unknown error";
    }
}

size_t oxre_regerror(int errcode, const oxre_regex_t *preg, char *errbuf, size_t errbuf_size)
{
    const char *base = code_text(errcode);
    const char *detail = NULL;
    size_t off = NO_OFFSET;
    if (preg != NULL && preg->re_oxre == NULL && preg->re_oxre_errcode == errcode &&
        preg->re_oxre_detail > D_NONE && preg->re_oxre_detail < D_COUNT) {
        detail = detail_text[preg->re_oxre_detail];
        off = preg->re_erroffset;
    }
    char offs[48] = "";
    if (detail && off != NO_OFFSET)
        snprintf(offs, sizeof offs, " (at byte %zu)", off);
    if (errbuf == NULL)
        errbuf_size = 0;
    int n = snprintf(errbuf, errbuf_size, "%s%s%s%s", base,
                     detail ? ": " : "", detail ? detail : "", offs);
    return n < 0 ? 1 : (size_t)n + 1;
}
