/*
 * oxreposix.h: POSIX <regex.h> functions on top of oxre.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 *
 * Written by hand (cbindgen makes oxre.h). The oxreposix(3) man page is the
 * reference; this header states each contract in short.
 *
 * regcomp(), regexec(), regerror() and regfree() under the names
 * oxre_regcomp(), oxre_regexec(), oxre_regerror() and oxre_regfree(), with
 * oxre_regex_t and oxre_regmatch_t laid out as POSIX describes regex_t and
 * regmatch_t (re_nsub; rm_so, rm_eo), and the REG_* constants as OXRE_REG_*.
 *
 * To have the plain POSIX names refer to these, define OXRE_POSIX_NAMES
 * before including this header instead of <regex.h>:
 *
 *     #define OXRE_POSIX_NAMES
 *     #include <oxreposix.h>
 *
 * and link with liboxre (pkg-config --libs oxre). The program's own code does
 * not change. Do not include <regex.h> in the same file.
 *
 * Semantics are POSIX's, translated to oxre's engine, with one documented
 * difference: among the matches that start at the leftmost position, the
 * one reported is the leftmost-first one (as Perl and PCRE2 choose), not
 * POSIX's leftmost-longest. Matching takes linear time whatever the pattern.
 * Back-references (\1 ... \9) cannot be matched in linear time: regcomp()
 * rejects them with OXRE_REG_ESUBREG.
 *
 * Thread safety: a compiled oxre_regex_t may be used by any number of
 * threads at once with oxre_regexec() and oxre_regerror(); oxre_regcomp()
 * and oxre_regfree() on one object must not overlap with any other use of
 * that object.
 */

#ifndef OXREPOSIX_H
#define OXREPOSIX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A byte offset into the string searched; -1 for "no match". */
typedef ptrdiff_t oxre_regoff_t;

/* A compiled pattern. Fill it with oxre_regcomp(), release it with
 * oxre_regfree(). Only re_nsub and re_erroffset are for the caller to read;
 * the re_oxre_* fields are private. */
typedef struct {
    /* The number of parenthesized subexpressions in the pattern. */
    size_t re_nsub;
    /* After a failed oxre_regcomp(): the byte offset in the pattern where
     * the error was found, or (size_t)-1 when it has no one place. */
    size_t re_erroffset;
    /* Private: the compiled state, NULL when there is none. */
    void *re_oxre;
    /* Private: what oxre_regerror() adds to the message of the last
     * failure of oxre_regcomp() on this object. */
    int re_oxre_errcode;
    int re_oxre_detail;
} oxre_regex_t;

/* The span of a match or of one subexpression of it: [rm_so, rm_eo) in
 * bytes from the start of the string, or both -1 when the subexpression did
 * not take part in the match. */
typedef struct {
    oxre_regoff_t rm_so;
    oxre_regoff_t rm_eo;
} oxre_regmatch_t;

/* cflags for oxre_regcomp(). */
#define OXRE_REG_EXTENDED 1 /* extended syntax (ERE); basic (BRE) without it */
#define OXRE_REG_ICASE 2    /* ignore case */
#define OXRE_REG_NEWLINE 4  /* newline ends lines: see oxreposix(3) */
#define OXRE_REG_NOSUB 8    /* report only success or failure */

/* eflags for oxre_regexec(). */
#define OXRE_REG_NOTBOL 1   /* the string's start is not a line start */
#define OXRE_REG_NOTEOL 2   /* the string's end is not a line end */
#define OXRE_REG_STARTEND 4 /* search [pmatch[0].rm_so, pmatch[0].rm_eo) */

/* Return codes. 0 is success. */
#define OXRE_REG_NOMATCH 1  /* oxre_regexec() found no match */
#define OXRE_REG_BADPAT 2   /* invalid regular expression */
#define OXRE_REG_ECOLLATE 3 /* invalid collating element */
#define OXRE_REG_ECTYPE 4   /* invalid character class name */
#define OXRE_REG_EESCAPE 5  /* trailing backslash */
#define OXRE_REG_ESUBREG 6  /* back-reference: not supported */
#define OXRE_REG_EBRACK 7   /* unmatched [ */
#define OXRE_REG_EPAREN 8   /* unmatched ( or \( or \) */
#define OXRE_REG_EBRACE 9   /* unmatched \{ or { */
#define OXRE_REG_BADBR 10   /* invalid content of \{\} or {} */
#define OXRE_REG_ERANGE 11  /* invalid range end point */
#define OXRE_REG_ESPACE 12  /* out of memory */
#define OXRE_REG_BADRPT 13  /* repetition operator with nothing to repeat */
#define OXRE_REG_ESIZE 15   /* compiled pattern over oxre's size limit */
#define OXRE_REG_INVARG 17  /* invalid argument (NULL pointer, bad flags or offsets) */
#define OXRE_REG_ILLSEQ 18  /* the pattern is not valid in the locale's encoding */

/* The largest count allowed in an interval ({m,n}). */
#define OXRE_RE_DUP_MAX 0x7fff

/*
 * Compiles `pattern` (NUL-terminated) into `*preg`, as basic (BRE) or, with
 * OXRE_REG_EXTENDED, extended (ERE) POSIX syntax; `cflags` is a bitwise OR of
 * OXRE_REG_EXTENDED, OXRE_REG_ICASE, OXRE_REG_NEWLINE and OXRE_REG_NOSUB.
 * In a locale whose encoding is UTF-8 the pattern is read as UTF-8 and `.`
 * and bracket expressions match whole characters; in other locales (the C
 * locale included) they match single bytes.
 *
 * Returns 0 and sets preg->re_nsub, or an error code (errno is set too;
 * preg->re_erroffset locates the error): OXRE_REG_INVARG (preg or pattern
 * NULL, unknown cflags bits), OXRE_REG_ESUBREG (a back-reference),
 * OXRE_REG_EPAREN, OXRE_REG_EBRACK, OXRE_REG_EBRACE, OXRE_REG_BADBR,
 * OXRE_REG_ERANGE, OXRE_REG_ECTYPE, OXRE_REG_ECOLLATE, OXRE_REG_EESCAPE,
 * OXRE_REG_BADRPT, OXRE_REG_ILLSEQ, OXRE_REG_BADPAT (other syntax errors),
 * OXRE_REG_ESIZE (over the size limit), OXRE_REG_ESPACE (no memory). After a
 * failure nothing needs freeing; oxre_regerror() with the same preg tells
 * what was wrong and where.
 */
int oxre_regcomp(oxre_regex_t *preg, const char *pattern, int cflags);

/*
 * Searches `string` for the pattern compiled in `*preg`. `eflags` is a
 * bitwise OR of OXRE_REG_NOTBOL, OXRE_REG_NOTEOL and OXRE_REG_STARTEND.
 * The string is NUL-terminated, or with OXRE_REG_STARTEND the bytes
 * [pmatch[0].rm_so, pmatch[0].rm_eo) of it, which may include NUL bytes
 * (offsets still count from `string`, and the bytes before rm_so are seen
 * as context by ^ under OXRE_REG_NEWLINE and by \b, \< and \>, as glibc does).
 *
 * On a match returns 0 and fills pmatch[0] with the match and pmatch[i]
 * with subexpression i, for i < nmatch (-1 for the parts that did not
 * participate or do not exist); with OXRE_REG_NOSUB nmatch and pmatch are
 * ignored (except pmatch[0] for OXRE_REG_STARTEND). Returns
 * OXRE_REG_NOMATCH when there is none, or an error code with errno set:
 * OXRE_REG_INVARG (preg, its compiled state or string NULL; pmatch NULL
 * while needed; unknown eflags bits; rm_so < 0 or rm_eo < rm_so),
 * OXRE_REG_ESPACE (no memory, or an internal error reported by oxre).
 */
int oxre_regexec(const oxre_regex_t *preg, const char *string, size_t nmatch, oxre_regmatch_t *pmatch, int eflags);

/*
 * Writes the NUL-terminated description of `errcode` (a value returned by
 * oxre_regcomp() or oxre_regexec()) into `errbuf`, truncated to fit
 * `errbuf_size` bytes. When `preg` is the object of a failed oxre_regcomp()
 * with that code, the text also says what was wrong and where. `preg` may
 * be NULL; `errbuf` may be NULL when `errbuf_size` is 0.
 *
 * Returns the size the whole text needs, NUL included. Never fails.
 */
size_t oxre_regerror(int errcode, const oxre_regex_t *preg, char *errbuf, size_t errbuf_size);

/*
 * Frees what oxre_regcomp() allocated in `*preg`. NULL, an object already
 * freed and the object of a failed oxre_regcomp() are accepted and ignored.
 */
void oxre_regfree(oxre_regex_t *preg);

#ifdef __cplusplus
}
#endif

/* The opt-in POSIX names. */
#ifdef OXRE_POSIX_NAMES
#if defined(_REGEX_H) || defined(_REGEX_H_)
#error "oxreposix.h with OXRE_POSIX_NAMES replaces <regex.h>: include only one of them"
#endif
typedef oxre_regex_t regex_t;
typedef oxre_regmatch_t regmatch_t;
typedef oxre_regoff_t regoff_t;
#define regcomp oxre_regcomp
#define regexec oxre_regexec
#define regerror oxre_regerror
#define regfree oxre_regfree
#define REG_EXTENDED OXRE_REG_EXTENDED
#define REG_ICASE OXRE_REG_ICASE
#define REG_NEWLINE OXRE_REG_NEWLINE
#define REG_NOSUB OXRE_REG_NOSUB
#define REG_NOTBOL OXRE_REG_NOTBOL
#define REG_NOTEOL OXRE_REG_NOTEOL
#define REG_STARTEND OXRE_REG_STARTEND
#define REG_NOMATCH OXRE_REG_NOMATCH
#define REG_BADPAT OXRE_REG_BADPAT
#define REG_ECOLLATE OXRE_REG_ECOLLATE
#define REG_ECTYPE OXRE_REG_ECTYPE
#define REG_EESCAPE OXRE_REG_EESCAPE
#define REG_ESUBREG OXRE_REG_ESUBREG
#define REG_EBRACK OXRE_REG_EBRACK
#define REG_EPAREN OXRE_REG_EPAREN
#define REG_EBRACE OXRE_REG_EBRACE
#define REG_BADBR OXRE_REG_BADBR
#define REG_ERANGE OXRE_REG_ERANGE
#define REG_ESPACE OXRE_REG_ESPACE
#define REG_BADRPT OXRE_REG_BADRPT
#define REG_ESIZE OXRE_REG_ESIZE
#define REG_INVARG OXRE_REG_INVARG
#define REG_ILLSEQ OXRE_REG_ILLSEQ
#ifndef RE_DUP_MAX
#define RE_DUP_MAX OXRE_RE_DUP_MAX
#endif
#endif /* OXRE_POSIX_NAMES */

#endif /* OXREPOSIX_H */
