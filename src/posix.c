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
 * crate's syntax (src/posix-translate.c says how) and compiles that.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <pthread.h>
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
#include "posix-translate.h"

#define CFLAGS_ALL (OXRE_REG_EXTENDED | OXRE_REG_ICASE | OXRE_REG_NEWLINE | OXRE_REG_NOSUB)
#define EFLAGS_ALL (OXRE_REG_NOTBOL | OXRE_REG_NOTEOL | OXRE_REG_STARTEND)

/* --- What regerror() can say beyond the code's own text ------------------ */

/* The texts of enum detail (posix-translate.h). */
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
    [D_NULL_PREG] = "preg is NULL",
    [D_NULL_PATTERN] = "pattern is NULL",
    [D_NULL_STRING] = "string is NULL",
    [D_NULL_PMATCH] = "pmatch is NULL but nmatch is not 0 or REG_STARTEND is set",
    [D_FLAGS] = "unknown flag bits",
    [D_SIZE] = "the compiled pattern exceeds oxre's size limit",
    [D_NOMEM] = "out of memory",
    [D_ENGINE] = "oxre could not compile the pattern",
};

/* The messages of oxre's own compile errors, kept for regerror(): detail
 * D_COUNT + i is engine[i]. The set of such messages is small and fixed
 * (the engine's error kinds), so they are kept for the process's life. */
#define ENGINE_MESSAGES 64
static const char *engine[ENGINE_MESSAGES];
static int engine_len;
static pthread_mutex_t engine_lock = PTHREAD_MUTEX_INITIALIZER;

/* The detail number for oxre's message `msg` (D_ENGINE when it cannot be
 * kept). */
static int engine_detail(const char *msg)
{
    int d = D_ENGINE;
    pthread_mutex_lock(&engine_lock);
    for (int i = 0; i < engine_len; i++) {
        if (strcmp(engine[i], msg) == 0) {
            d = D_COUNT + i;
            goto out;
        }
    }
    if (engine_len < ENGINE_MESSAGES && (engine[engine_len] = strdup(msg)) != NULL)
        d = D_COUNT + engine_len++;
out:
    pthread_mutex_unlock(&engine_lock);
    return d;
}

/* The text of a detail number, or NULL. */
static const char *detail_of(int d)
{
    if (d > D_NONE && d < D_COUNT)
        return detail_text[d];
    const char *text = NULL;
    pthread_mutex_lock(&engine_lock);
    if (d >= D_COUNT && d - D_COUNT < engine_len)
        text = engine[d - D_COUNT];
    pthread_mutex_unlock(&engine_lock);
    return text;
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

/* Maps a failed oxre_compile() of the translation to a POSIX code, and
 * oxre's last error back to the caller's pattern: its span (kept for
 * re_erroffset in t->erroff) becomes the span of the pattern bytes it was
 * translated from, its message the detail regerror() gives. oxre has set
 * errno. */
static int compile_error(struct tr *t)
{
    const oxre_error *e = oxre_last_error();
    int code = e ? e->code : OXRE_EINVAL;
    int posix;
    switch (code) {
    case OXRE_ESIZE: t->detail = D_SIZE; return OXRE_REG_ESIZE;
    case OXRE_EUTF8: t->detail = D_UTF8; posix = OXRE_REG_ILLSEQ; break;
    case OXRE_ESYNTAX: posix = OXRE_REG_BADPAT; break;
    case OXRE_ENOMEM: t->detail = D_NOMEM; return OXRE_REG_ESPACE;
    default: posix = OXRE_REG_ESPACE; break;
    }
    if (e == NULL)
        return t->detail = D_ENGINE, posix;
    if (code != OXRE_EUTF8)
        t->detail = engine_detail(e->message);
    if (e->has_span && e->span.start < t->o.len) {
        size_t so = t->o.src[e->span.start];
        size_t last = e->span.end > e->span.start ? e->span.end - 1 : e->span.start;
        size_t eo = last < t->o.len ? t->o.src[last] + 1 : t->len;
        if (eo <= so)
            eo = so + 1;
        if (eo > t->len)
            eo = t->len;
        t->erroff = so;
        int saved = errno;
        char msg[512];
        snprintf(msg, sizeof msg, "%s", e->message);
        oxre_internal_set_error(code, msg, true, so, eo);
        errno = saved;
    }
    return posix;
}

static oxre_regex *compile_translation(const char *pattern, int cflags, bool bytes,
                                       bool never_bol, bool never_eol, struct tr *t)
{
    if (oxre_internal_translate_posix(t, pattern, cflags, bytes, never_bol, never_eol) != 0)
        return NULL;
    oxre_regex *re = oxre_compile((const uint8_t *)t->o.p, t->o.len, 0, NULL);
    if (re == NULL)
        t->err = compile_error(t);
    free(t->o.p);
    free(t->o.src);
    t->o.p = NULL;
    t->o.src = NULL;
    return re;
}

static const char *code_text(int code);

/* Records a failure this layer found (rather than oxre itself, which has
 * already recorded its own) as the thread's last error: the OXRE_E* code
 * nearest to the POSIX one, the regerror() text, and the pattern offset. */
static void set_last_error(int code, int detail, size_t off)
{
    if (detail == D_ENGINE || detail == D_SIZE || detail >= D_COUNT)
        return;
    bool null_arg = detail == D_NULL_ARG || detail == D_NULL_PREG ||
                    detail == D_NULL_PATTERN || detail == D_NULL_STRING ||
                    detail == D_NULL_PMATCH;
    int oxre_code = code == OXRE_REG_ILLSEQ ? OXRE_EUTF8
                    : null_arg ? OXRE_ENULL
                    : detail == D_FLAGS     ? OXRE_EFLAGS
                    : code == OXRE_REG_INVARG || code == OXRE_REG_ESPACE ? OXRE_EINVAL
                                                                         : OXRE_ESYNTAX;
    char msg[256];
    const char *d = detail_of(detail);
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
        set_last_error(OXRE_REG_INVARG, D_NULL_PREG, NO_OFFSET);
        errno = EFAULT;
        return OXRE_REG_INVARG;
    }
    if (pattern == NULL)
        return comp_fail(preg, OXRE_REG_INVARG, D_NULL_PATTERN, NO_OFFSET, EFAULT);
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
                  : t.detail == D_ENGINE || t.detail == D_SIZE || t.detail >= D_COUNT
                      ? 0 /* set by oxre */
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
        return set_last_error(OXRE_REG_INVARG,
                              preg == NULL ? D_NULL_PREG
                              : string == NULL ? D_NULL_STRING
                                               : D_NULL_ARG,
                              NO_OFFSET),
               errno = EFAULT, OXRE_REG_INVARG;
    if (eflags & ~EFLAGS_ALL)
        return set_last_error(OXRE_REG_INVARG, D_FLAGS, NO_OFFSET), errno = EINVAL,
               OXRE_REG_INVARG;
    if (((eflags & OXRE_REG_STARTEND) || nmatch > 0) && pmatch == NULL)
        return set_last_error(OXRE_REG_INVARG, D_NULL_PMATCH, NO_OFFSET), errno = EFAULT,
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
        (detail = detail_of(preg->re_oxre_detail)) != NULL)
        off = preg->re_erroffset;
    char offs[48] = "";
    if (detail && off != NO_OFFSET)
        snprintf(offs, sizeof offs, " (at byte %zu)", off);
    if (errbuf == NULL)
        errbuf_size = 0;
    int n = snprintf(errbuf, errbuf_size, "%s%s%s%s", base,
                     detail ? ": " : "", detail ? detail : "", offs);
    return n < 0 ? 1 : (size_t)n + 1;
}
