/*
 * The POSIX layer (oxreposix.h): basic and extended syntax as POSIX reads
 * it, the regcomp and regexec flags, every error code with its errno and
 * regerror() text, and use from several threads.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <locale.h>
#include <pthread.h>

#include "testutil.h"
#include "oxreposix.h"

#define E OXRE_REG_EXTENDED
#define B 0

/* Compiles `pat` or fails the test with regerror's text. */
static void comp_ok(oxre_regex_t *re, const char *pat, int cflags)
{
    int rc = oxre_regcomp(re, pat, cflags);
    char msg[256] = "";
    if (rc != 0)
        oxre_regerror(rc, re, msg, sizeof msg);
    ck_assert_msg(rc == 0, "regcomp(\"%s\", %d) failed: %s", pat, cflags, msg);
}

/* Runs `pat` on `s` and returns the outcome as text: the spans of the match
 * and every group, "(0,3)(1,2)(-1,-1)", or "NOMATCH". */
static const char *run_n(const char *pat, int cflags, const char *s, size_t len, size_t from,
                         int eflags)
{
    static char out[512];
    oxre_regex_t re;
    oxre_regmatch_t m[10];
    comp_ok(&re, pat, cflags);
    m[0].rm_so = (oxre_regoff_t)from;
    m[0].rm_eo = (oxre_regoff_t)len;
    int rc = oxre_regexec(&re, s, 10, m, eflags);
    if (rc == OXRE_REG_NOMATCH) {
        snprintf(out, sizeof out, "NOMATCH");
    } else {
        ck_assert_int_eq(rc, 0);
        size_t n = 0;
        out[0] = '\0';
        for (size_t g = 0; g <= re.re_nsub && g < 10; g++)
            n += (size_t)snprintf(out + n, sizeof out - n, "(%ld,%ld)", (long)m[g].rm_so,
                                  (long)m[g].rm_eo);
    }
    oxre_regfree(&re);
    return out;
}

static const char *run(const char *pat, int cflags, const char *s, int eflags)
{
    return run_n(pat, cflags, s, strlen(s), 0, eflags);
}

/* Compiles a pattern that must fail with `code`; returns regerror's text. */
static const char *comp_err(const char *pat, int cflags, int code, size_t offset)
{
    static char msg[512];
    oxre_regex_t re;
    errno = 0;
    int rc = oxre_regcomp(&re, pat, cflags);
    ck_assert_msg(rc == code, "regcomp(\"%s\") returned %d, not %d", pat, rc, code);
    ck_assert_ptr_null(re.re_oxre);
    ck_assert_msg(re.re_erroffset == offset, "regcomp(\"%s\"): error offset %zu, not %zu",
                  pat, re.re_erroffset, offset);
    size_t need = oxre_regerror(rc, &re, msg, sizeof msg);
    ck_assert_uint_eq(need, strlen(msg) + 1);
    oxre_regfree(&re); /* harmless after a failure */
    return msg;
}

static size_t nsub(const char *pat, int cflags)
{
    oxre_regex_t re;
    comp_ok(&re, pat, cflags);
    size_t n = re.re_nsub;
    oxre_regfree(&re);
    return n;
}

START_TEST(test_ere)
{
    ck_assert_str_eq(run("a(b)c", E, "xabc", 0), "(1,4)(2,3)");
    ck_assert_str_eq(run("a(b)?c", E, "ac", 0), "(0,2)(-1,-1)");
    ck_assert_str_eq(run("(a|b)+", E, "xabba", 0), "(1,5)(4,5)");
    ck_assert_str_eq(run("a{2,3}", E, "aaaa", 0), "(0,3)");
    ck_assert_str_eq(run("a{,2}b", E, "aaab", 0), "(1,4)");  /* glibc's {,n} */
    ck_assert_str_eq(run("a{2}", E, "a", 0), "NOMATCH");
    ck_assert_str_eq(run("^ab$", E, "ab", 0), "(0,2)");
    ck_assert_str_eq(run("a|b|", E, "c", 0), "(0,0)");
    /* Two repetition operators: POSIX's a*? is (a*)?, not a lazy a*. */
    ck_assert_str_eq(run("a*?", E, "aaa", 0), "(0,3)");
    ck_assert_str_eq(run("a+?", E, "aaa", 0), "(0,3)");
    ck_assert_str_eq(run("a**", E, "aa", 0), "(0,2)");
    /* The crate's own syntax has no meaning in ERE. */
    ck_assert_str_eq(run("a\\d", E, "ad", 0), "(0,2)");
    ck_assert_str_eq(run("[\\d]+", E, "d\\x", 0), "(0,2)");
    ck_assert_str_eq(run("a#b c", E, "a#b c", 0), "(0,5)");
    ck_assert_str_eq(run("x)", E, "x)", 0), "(0,2)"); /* unmatched ')' is literal */
    ck_assert_str_eq(run("\\(\\{\\.", E, "({.", 0), "(0,3)");
    /* GNU's word operators and buffer anchors. */
    ck_assert_str_eq(run("\\bfoo\\b", E, "a foo b", 0), "(2,5)");
    ck_assert_str_eq(run("\\<fo", E, "xfo fo", 0), "(4,6)");
    ck_assert_str_eq(run("o\\>", E, "oo o", 0), "(1,2)");
    ck_assert_str_eq(run("\\w+\\W\\s\\S", E, "ab, c", 0), "(0,5)");
    ck_assert_str_eq(run("\\`a|b\\'", E, "ab", 0), "(0,1)");
    ck_assert_uint_eq(nsub("(a)(b(c))|(d)", E), 4);
    ck_assert_uint_eq(nsub("\\(a\\)\\(b\\)(c)", B), 2);
}
END_TEST

START_TEST(test_bre)
{
    ck_assert_str_eq(run("a\\(b\\)c", B, "abc", 0), "(0,3)(1,2)");
    ck_assert_str_eq(run("a\\{2\\}", B, "aaa", 0), "(0,2)");
    ck_assert_str_eq(run("a\\{1,\\}", B, "aaa", 0), "(0,3)");
    /* In BRE + ? | { } ( ) are ordinary; GNU's \+ \? \| are operators. */
    ck_assert_str_eq(run("a+b?(c)|{d}", B, "a+b?(c)|{d}", 0), "(0,11)");
    ck_assert_str_eq(run("a\\+", B, "aaa", 0), "(0,3)");
    ck_assert_str_eq(run("ab\\?c", B, "ac", 0), "(0,2)");
    ck_assert_str_eq(run("a\\|b", B, "b", 0), "(0,1)");
    /* A leading * (or one after \( or ^) is literal. */
    ck_assert_str_eq(run("*a", B, "x*a", 0), "(1,3)");
    ck_assert_str_eq(run("\\(*a\\)", B, "*a", 0), "(0,2)(0,2)");
    ck_assert_str_eq(run("^*a", B, "*a", 0), "(0,2)");
    /* ^ and $ anchor only at the ends of the pattern or of a group. */
    ck_assert_str_eq(run("a^b$c", B, "a^b$c", 0), "(0,5)");
    ck_assert_str_eq(run("x\\(^a\\)", B, "x^a", 0), "NOMATCH");
    ck_assert_str_eq(run("\\(^a\\)", B, "ab", 0), "(0,1)(0,1)");
    ck_assert_str_eq(run("\\(a$\\)", B, "ba", 0), "(1,2)(1,2)");
    ck_assert_str_eq(run("a\\|^b", B, "b", 0), "(0,1)");
    ck_assert_str_eq(run("\\^a\\$", B, "^a$", 0), "(0,3)");
    ck_assert_str_eq(run("a\\}", B, "a}", 0), "(0,2)");
}
END_TEST

START_TEST(test_brackets)
{
    ck_assert_str_eq(run("[]a]+", E, "x]a]", 0), "(1,4)");
    ck_assert_str_eq(run("[^]a]", E, "]ab", 0), "(2,3)");
    ck_assert_str_eq(run("[a-]+", E, "x-a", 0), "(1,3)");
    ck_assert_str_eq(run("[--/]+", E, "a-./", 0), "(1,4)");
    ck_assert_str_eq(run("[\\]+", E, "a\\\\", 0), "(1,3)"); /* backslash is literal */
    ck_assert_str_eq(run("[\\n]+", E, "n\\", 0), "(0,2)");
    ck_assert_str_eq(run("[[:digit:]x]+", E, "a1x2", 0), "(1,4)");
    ck_assert_str_eq(run("[[:alpha:][:space:]]\\{1,\\}", B, "1a b2", 0), "(1,4)");
    ck_assert_str_eq(run("[[.-.]a]+", E, "x-a", 0), "(1,3)");
    ck_assert_str_eq(run("[[=a=]b]+", E, "xab", 0), "(1,3)");
    ck_assert_str_eq(run("[[]", E, "a[", 0), "(1,2)");
    /* The crate's class operators (&&, --, ~~) are plain characters here. */
    ck_assert_str_eq(run("[a&&b]", E, "&", 0), "(0,1)");
    ck_assert_str_eq(run("[%--]+", E, "a-(", 0), "(1,3)");
    ck_assert_str_eq(run("[~~]", E, "~", 0), "(0,1)");
}
END_TEST

START_TEST(test_icase)
{
    ck_assert_str_eq(run("abc", E | OXRE_REG_ICASE, "xABC", 0), "(1,4)");
    ck_assert_str_eq(run("[a-c]+", E | OXRE_REG_ICASE, "xAbC", 0), "(1,4)");
    ck_assert_str_eq(run("abc", E, "ABC", 0), "NOMATCH");
}
END_TEST

START_TEST(test_newline)
{
    /* Without REG_NEWLINE a newline is an ordinary character. */
    ck_assert_str_eq(run("a.b", E, "a\nb", 0), "(0,3)");
    ck_assert_str_eq(run("a[^x]b", E, "a\nb", 0), "(0,3)");
    ck_assert_str_eq(run("^b", E, "a\nb", 0), "NOMATCH");
    ck_assert_str_eq(run("a$", E, "a\nb", 0), "NOMATCH");
    /* With it, . and non-matching lists skip it and ^ $ anchor lines. */
    int n = E | OXRE_REG_NEWLINE;
    ck_assert_str_eq(run("a.b", n, "a\nb", 0), "NOMATCH");
    ck_assert_str_eq(run("a[^x]b", n, "a\nb", 0), "NOMATCH");
    ck_assert_str_eq(run("^b", n, "a\nb", 0), "(2,3)");
    ck_assert_str_eq(run("a$", n, "a\nb", 0), "(0,1)");
    ck_assert_str_eq(run("a\nb", n, "a\nb", 0), "(0,3)");
}
END_TEST

/* REG_NOTBOL and REG_NOTEOL, with and without REG_NEWLINE, in byte mode
 * (the C locale) and in UTF-8 mode. */
static void check_notbol_noteol(void)
{
    int n = E | OXRE_REG_NEWLINE;
    ck_assert_str_eq(run("^a", E, "a", OXRE_REG_NOTBOL), "NOMATCH");
    ck_assert_str_eq(run("^a|b", E, "ab", OXRE_REG_NOTBOL), "(1,2)");
    ck_assert_str_eq(run("a$", E, "a", OXRE_REG_NOTEOL), "NOMATCH");
    ck_assert_str_eq(run("^a$", E, "a", OXRE_REG_NOTBOL | OXRE_REG_NOTEOL), "NOMATCH");
    ck_assert_str_eq(run("a", E, "a", OXRE_REG_NOTBOL | OXRE_REG_NOTEOL), "(0,1)");
    ck_assert_str_eq(run("^", n, "a\nb", OXRE_REG_NOTBOL), "(2,2)");
    ck_assert_str_eq(run("^x", n, "x\nx", OXRE_REG_NOTBOL), "(2,3)");
    ck_assert_str_eq(run("x$", n, "x\nx", OXRE_REG_NOTEOL), "(0,1)");
    ck_assert_str_eq(run("$", n, "x\nx", OXRE_REG_NOTEOL), "(1,1)");
    ck_assert_str_eq(run("^x$", n, "x\nx\nx", OXRE_REG_NOTBOL | OXRE_REG_NOTEOL), "(2,3)");
    ck_assert_str_eq(run("^x$", n, "x", OXRE_REG_NOTBOL | OXRE_REG_NOTEOL), "NOMATCH");
    /* A match that might have used the anchor at the string's edge is
     * looked at again; the other ways to match still count. */
    ck_assert_str_eq(run("(a.$|a)", n, "ab", OXRE_REG_NOTEOL), "(0,1)(0,1)");
    ck_assert_str_eq(run("a.$", n, "xa", OXRE_REG_NOTEOL), "NOMATCH");
    ck_assert_str_eq(run("(^.a|a)", n, "xa", OXRE_REG_NOTBOL), "(1,2)(1,2)");
    ck_assert_str_eq(run("\\bx", n, "x", OXRE_REG_NOTBOL), "(0,1)");
    ck_assert_str_eq(run("x\\b", n, "x", OXRE_REG_NOTEOL), "(0,1)");
}

START_TEST(test_notbol_noteol)
{
    check_notbol_noteol();
}
END_TEST

START_TEST(test_notbol_noteol_utf8)
{
    ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
    check_notbol_noteol();
    ck_assert_str_eq(run("é.$", E | OXRE_REG_NEWLINE, "xéé", OXRE_REG_NOTEOL), "NOMATCH");
    setlocale(LC_ALL, "C");
}
END_TEST

START_TEST(test_startend)
{
    const char s[] = "xx\0ab\0yy";
    /* The window may hold NUL bytes; offsets count from the string. */
    ck_assert_str_eq(run_n("a(b)", E, s, 8, 1, OXRE_REG_STARTEND), "(3,5)(4,5)");
    ck_assert_str_eq(run_n("b$", E, s, 5, 0, OXRE_REG_STARTEND), "(4,5)");
    ck_assert_str_eq(run_n("a", E, s, 3, 0, OXRE_REG_STARTEND), "NOMATCH");
    /* As in glibc, the bytes before rm_so are context: ^ does not match at
     * rm_so > 0 (unless after a newline under REG_NEWLINE), \b sees them. */
    ck_assert_str_eq(run_n("^b", E, "ab", 2, 1, OXRE_REG_STARTEND), "NOMATCH");
    ck_assert_str_eq(run_n("^b", E | OXRE_REG_NEWLINE, "a\nb", 3, 2, OXRE_REG_STARTEND),
                     "(2,3)");
    ck_assert_str_eq(run_n("\\bb", E, "ab b", 4, 1, OXRE_REG_STARTEND), "(3,4)");
    ck_assert_str_eq(run_n("", E, "abc", 2, 2, OXRE_REG_STARTEND), "(2,2)");
}
END_TEST

START_TEST(test_nosub)
{
    oxre_regex_t re;
    comp_ok(&re, "(a)(b)", E | OXRE_REG_NOSUB);
    ck_assert_uint_eq(re.re_nsub, 2);
    oxre_regmatch_t m[3] = {{7, 7}, {7, 7}, {7, 7}};
    ck_assert_int_eq(oxre_regexec(&re, "xab", 3, m, 0), 0);
    ck_assert_int_eq(m[0].rm_so, 7); /* untouched */
    ck_assert_int_eq(oxre_regexec(&re, "xa", 3, m, 0), OXRE_REG_NOMATCH);
    ck_assert_int_eq(oxre_regexec(&re, "xab", 0, NULL, 0), 0);
    /* With REG_STARTEND pmatch[0] still delimits the string. */
    m[0].rm_so = 0, m[0].rm_eo = 2;
    ck_assert_int_eq(oxre_regexec(&re, "xab", 1, m, OXRE_REG_STARTEND), OXRE_REG_NOMATCH);
    oxre_regfree(&re);
}
END_TEST

START_TEST(test_nmatch)
{
    oxre_regex_t re;
    comp_ok(&re, "a(b)", E);
    oxre_regmatch_t m[4];
    memset(m, 0x55, sizeof m);
    ck_assert_int_eq(oxre_regexec(&re, "ab", 4, m, 0), 0);
    ck_assert_int_eq(m[1].rm_so, 1);
    ck_assert_int_eq(m[2].rm_so, -1); /* beyond re_nsub */
    ck_assert_int_eq(m[3].rm_eo, -1);
    ck_assert_int_eq(oxre_regexec(&re, "ab", 1, m, 0), 0);
    ck_assert_int_eq(oxre_regexec(&re, "ab", 0, NULL, 0), 0);
    oxre_regfree(&re);
}
END_TEST

/* The one documented difference: leftmost-first, not leftmost-longest. */
START_TEST(test_leftmost_first)
{
    ck_assert_str_eq(run("a|ab", E, "ab", 0), "(0,1)");          /* POSIX: (0,2) */
    ck_assert_str_eq(run("(a|ab)(c|bcd)", E, "abcd", 0), "(0,4)(0,1)(1,4)");
    ck_assert_str_eq(run("ab|a", E, "ab", 0), "(0,2)");          /* the same either way */
}
END_TEST

START_TEST(test_locale_modes)
{
    /* The C locale: characters are bytes. */
    ck_assert_str_eq(run("a.b", E, "a\xc3\xa9" "b", 0), "NOMATCH");
    ck_assert_str_eq(run("a..b", E, "a\xc3\xa9" "b", 0), "(0,4)");
    ck_assert_str_eq(run("a.b", E, "a\xff" "b", 0), "(0,3)");
    ck_assert_str_eq(run("[\xe9]", E, "\xe9", 0), "(0,1)");
    /* A UTF-8 locale: characters are UTF-8 sequences. */
    ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
    ck_assert_str_eq(run("a.b", E, "a\xc3\xa9" "b", 0), "(0,4)");
    ck_assert_str_eq(run("a.b", E, "a\xff" "b", 0), "NOMATCH");
    ck_assert_str_eq(run("[\xc3\xa9x]+", E, "x\xc3\xa9", 0), "(0,3)");
    ck_assert_str_eq(run("\xc3\x89", E | OXRE_REG_ICASE, "\xc3\xa9", 0), "(0,2)");
    ck_assert_str_eq(run("[\xc3\xa0-\xc3\xbc]+", E, "x\xc3\xa9\xc3\xbc", 0), "(1,5)");
    const char *msg = comp_err("a\xff", E, OXRE_REG_ILLSEQ, 1);
    ck_assert_int_eq(errno, EILSEQ);
    ck_assert_ptr_nonnull(strstr(msg, "not valid UTF-8"));
    setlocale(LC_ALL, "C");
}
END_TEST

/* --- Errors from regcomp: code, offset, errno and regerror's text ---------- */

START_TEST(test_err_paren)
{
    ck_assert_str_eq(comp_err("(a", E, OXRE_REG_EPAREN, (size_t)-1),
                     "Unmatched ( or \\(: group not closed");
    ck_assert_int_eq(errno, EINVAL);
    comp_err("\\(a", B, OXRE_REG_EPAREN, (size_t)-1);
    ck_assert_str_eq(comp_err("a\\)", B, OXRE_REG_EPAREN, 1),
                     "Unmatched ( or \\(: closing a group that was not opened (at byte 1)");
}
END_TEST

START_TEST(test_err_brack)
{
    ck_assert_str_eq(comp_err("a[bc", E, OXRE_REG_EBRACK, 1),
                     "Unmatched [, [^, [:, [., or [=: bracket expression not closed (at byte 1)");
    comp_err("[]", E, OXRE_REG_EBRACK, 0);
    comp_err("[[:alpha:", B, OXRE_REG_EBRACK, 1);
}
END_TEST

START_TEST(test_err_brace)
{
    ck_assert_str_eq(comp_err("a{1", E, OXRE_REG_EBRACE, 1),
                     "Unmatched \\{: interval not closed (at byte 1)");
    comp_err("a\\{1", B, OXRE_REG_EBRACE, 1);
}
END_TEST

START_TEST(test_err_badbr)
{
    ck_assert_ptr_nonnull(strstr(comp_err("a{2,1}", E, OXRE_REG_BADBR, 1), "minimum is greater"));
    ck_assert_ptr_nonnull(strstr(comp_err("a{x}", E, OXRE_REG_BADBR, 1), "holds a count"));
    ck_assert_ptr_nonnull(strstr(comp_err("a{32768}", E, OXRE_REG_BADBR, 1), "RE_DUP_MAX"));
    comp_err("a\\{1,x\\}", B, OXRE_REG_BADBR, 1);
    comp_err("a{9876543210}", E, OXRE_REG_BADBR, 1);
}
END_TEST

START_TEST(test_err_erange)
{
    ck_assert_str_eq(comp_err("[z-a]", E, OXRE_REG_ERANGE, 2),
                     "Invalid range end: the range's start is after its end (at byte 2)");
    comp_err("[a-[:digit:]]", E, OXRE_REG_ERANGE, 2);
    comp_err("[[:digit:]-z]", E, OXRE_REG_ERANGE, 10);
}
END_TEST

START_TEST(test_err_ectype_ecollate)
{
    ck_assert_str_eq(comp_err("[[:word:]]", E, OXRE_REG_ECTYPE, 1),
                     "Invalid character class name: unknown character class name (at byte 1)");
    ck_assert_ptr_nonnull(strstr(comp_err("[[.ab.]]", E, OXRE_REG_ECOLLATE, 1), "single characters"));
    comp_err("[[=ab=]]", B, OXRE_REG_ECOLLATE, 1);
}
END_TEST

START_TEST(test_err_eescape)
{
    ck_assert_str_eq(comp_err("ab\\", E, OXRE_REG_EESCAPE, 2),
                     "Trailing backslash: the pattern ends with a backslash (at byte 2)");
    comp_err("\\", B, OXRE_REG_EESCAPE, 0);
}
END_TEST

/* Back-references: never a silent wrong answer. */
START_TEST(test_err_backref)
{
    const char *msg = comp_err("\\(a\\)\\1", B, OXRE_REG_ESUBREG, 5);
    ck_assert_str_eq(msg, "Invalid back reference: back-references are not supported: oxre "
                          "matches in linear time (at byte 5)");
    comp_err("(a)\\1", E, OXRE_REG_ESUBREG, 3);
    comp_err("\\9", B, OXRE_REG_ESUBREG, 0);
}
END_TEST

START_TEST(test_err_badrpt)
{
    comp_err("*a", E, OXRE_REG_BADRPT, 0);
    comp_err("a|*b", E, OXRE_REG_BADRPT, 2);
    comp_err("(+a)", E, OXRE_REG_BADRPT, 1);
    comp_err("^*", E, OXRE_REG_BADRPT, 1);
    comp_err("{1}", E, OXRE_REG_BADRPT, 0);
    ck_assert_ptr_nonnull(strstr(comp_err("(?:a)", E, OXRE_REG_BADRPT, 1), "follows nothing"));
    comp_err("a**", B, OXRE_REG_BADRPT, 2);
    comp_err("\\{1\\}", B, OXRE_REG_BADRPT, 0);
}
END_TEST

START_TEST(test_err_esize)
{
    oxre_last_error_clear();
    const char *msg = comp_err("(a{1000}){1000}", E, OXRE_REG_ESIZE, (size_t)-1);
    ck_assert_ptr_nonnull(strstr(msg, "size limit"));
    ck_assert_int_eq(errno, E2BIG);
    /* The engine's own report stays available. */
    const oxre_error *e = oxre_last_error();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, OXRE_ESIZE);
}
END_TEST

START_TEST(test_err_invarg_regcomp)
{
    oxre_regex_t re;
    errno = 0;
    ck_assert_int_eq(oxre_regcomp(NULL, "a", 0), OXRE_REG_INVARG);
    ck_assert_int_eq(errno, EFAULT);
    errno = 0;
    ck_assert_int_eq(oxre_regcomp(&re, NULL, 0), OXRE_REG_INVARG);
    ck_assert_int_eq(errno, EFAULT);
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    char msg[128];
    oxre_regerror(OXRE_REG_INVARG, &re, msg, sizeof msg);
    ck_assert_str_eq(msg, "Invalid argument: pattern is NULL");
    errno = 0;
    ck_assert_int_eq(oxre_regcomp(&re, "a", 0x100), OXRE_REG_INVARG);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(oxre_last_error()->code, OXRE_EFLAGS);
    oxre_regerror(OXRE_REG_INVARG, &re, msg, sizeof msg);
    ck_assert_str_eq(msg, "Invalid argument: unknown flag bits");
    ck_assert_str_eq(oxre_last_error()->message, msg);
}
END_TEST

START_TEST(test_err_sets_last_error)
{
    /* A failure the POSIX layer finds itself is the thread's last error
     * too, located in the pattern. */
    oxre_regex_t re;
    oxre_last_error_clear();
    ck_assert_int_eq(oxre_regcomp(&re, "ab[z-a]", OXRE_REG_EXTENDED), OXRE_REG_ERANGE);
    const oxre_error *e = oxre_last_error();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, OXRE_ESYNTAX);
    ck_assert_ptr_nonnull(strstr(e->message, "Invalid range end"));
    ck_assert(e->has_span);
    ck_assert_uint_eq(e->span.start, re.re_erroffset);
    ck_assert_int_eq(errno, EINVAL);
    /* regexec's argument checks too. */
    comp_ok(&re, "a", E);
    oxre_last_error_clear();
    ck_assert_int_eq(oxre_regexec(&re, "a", 0, NULL, 0x4000), OXRE_REG_INVARG);
    ck_assert_int_eq(oxre_last_error()->code, OXRE_EFLAGS);
    ck_assert_int_eq(oxre_regexec(&re, NULL, 0, NULL, 0), OXRE_REG_INVARG);
    ck_assert_int_eq(oxre_last_error()->code, OXRE_ENULL);
    oxre_regfree(&re);
}
END_TEST

START_TEST(test_err_invarg_regexec)
{
    oxre_regex_t re;
    oxre_regmatch_t m[1] = {{0, 1}};
    comp_ok(&re, "a", E);
    errno = 0;
    ck_assert_int_eq(oxre_regexec(NULL, "a", 0, NULL, 0), OXRE_REG_INVARG);
    ck_assert_int_eq(errno, EFAULT);
    errno = 0;
    ck_assert_int_eq(oxre_regexec(&re, NULL, 0, NULL, 0), OXRE_REG_INVARG);
    ck_assert_int_eq(errno, EFAULT);
    errno = 0;
    ck_assert_int_eq(oxre_regexec(&re, "a", 1, NULL, 0), OXRE_REG_INVARG);
    ck_assert_int_eq(errno, EFAULT);
    errno = 0;
    ck_assert_int_eq(oxre_regexec(&re, "a", 0, NULL, OXRE_REG_STARTEND), OXRE_REG_INVARG);
    ck_assert_int_eq(errno, EFAULT);
    errno = 0;
    ck_assert_int_eq(oxre_regexec(&re, "a", 1, m, 0x40), OXRE_REG_INVARG);
    ck_assert_int_eq(errno, EINVAL);
    m[0].rm_so = -1, m[0].rm_eo = 1;
    errno = 0;
    ck_assert_int_eq(oxre_regexec(&re, "a", 1, m, OXRE_REG_STARTEND), OXRE_REG_INVARG);
    ck_assert_int_eq(errno, EINVAL);
    m[0].rm_so = 1, m[0].rm_eo = 0;
    errno = 0;
    ck_assert_int_eq(oxre_regexec(&re, "a", 1, m, OXRE_REG_STARTEND), OXRE_REG_INVARG);
    ck_assert_int_eq(errno, EINVAL);
    oxre_regfree(&re);
    /* A freed object is refused, not used. */
    errno = 0;
    ck_assert_int_eq(oxre_regexec(&re, "a", 0, NULL, 0), OXRE_REG_INVARG);
    ck_assert_int_eq(errno, EFAULT);
}
END_TEST

START_TEST(test_regerror)
{
    char buf[64];
    size_t need = oxre_regerror(OXRE_REG_NOMATCH, NULL, buf, sizeof buf);
    ck_assert_str_eq(buf, "No match");
    ck_assert_uint_eq(need, 9);
    ck_assert_uint_eq(oxre_regerror(OXRE_REG_NOMATCH, NULL, NULL, 0), 9);
    memset(buf, 'x', sizeof buf);
    ck_assert_uint_eq(oxre_regerror(OXRE_REG_NOMATCH, NULL, buf, 4), 9);
    ck_assert_str_eq(buf, "No ");
    ck_assert_uint_eq(buf[4], 'x');
    oxre_regerror(0, NULL, buf, sizeof buf);
    ck_assert_str_eq(buf, "Success");
    oxre_regerror(12345, NULL, buf, sizeof buf);
    ck_assert_str_eq(buf, "Unknown error");
    /* The detail belongs to the failure it describes, not to other codes. */
    oxre_regex_t re;
    ck_assert_int_eq(oxre_regcomp(&re, "(a", E), OXRE_REG_EPAREN);
    oxre_regerror(OXRE_REG_EBRACK, &re, buf, sizeof buf);
    ck_assert_str_eq(buf, "Unmatched [, [^, [:, [., or [=");
    comp_ok(&re, "a", E);
    oxre_regerror(OXRE_REG_NOMATCH, &re, buf, sizeof buf);
    ck_assert_str_eq(buf, "No match");
    oxre_regfree(&re);
}
END_TEST

START_TEST(test_regfree)
{
    oxre_regex_t re;
    oxre_regfree(NULL);
    comp_ok(&re, "^a$", E);
    ck_assert_int_eq(oxre_regexec(&re, "a", 0, NULL, OXRE_REG_NOTBOL), OXRE_REG_NOMATCH);
    oxre_regfree(&re); /* frees the variant made for REG_NOTBOL too */
    ck_assert_ptr_null(re.re_oxre);
    oxre_regfree(&re);
}
END_TEST

/* Threads share one compiled object; the first REG_NOTBOL searches race to
 * build its variant. */
static oxre_regex_t shared;

static void *worker(void *arg)
{
    long bad = 0;
    (void)arg;
    for (int k = 0; k < 200; k++) {
        oxre_regmatch_t m[2];
        bad += oxre_regexec(&shared, "ab", 2, m, OXRE_REG_NOTBOL) != OXRE_REG_NOMATCH;
        bad += oxre_regexec(&shared, "ab", 2, m, 0) != 0 || m[1].rm_so != 1;
        bad += oxre_regexec(&shared, "xb", 2, m, OXRE_REG_NOTEOL) != OXRE_REG_NOMATCH;
    }
    return (void *)bad;
}

START_TEST(test_threads)
{
    comp_ok(&shared, "^a(b)$|x(b)$", E);
    pthread_t th[8];
    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, worker, NULL), 0);
    for (int i = 0; i < 8; i++) {
        void *bad;
        ck_assert_int_eq(pthread_join(th[i], &bad), 0);
        ck_assert_ptr_null(bad);
    }
    oxre_regfree(&shared);
}
END_TEST

/* Errors that oxre finds in the translation point into the caller's
 * pattern, and regerror() gives oxre's reason. */
START_TEST(test_engine_errors_map_to_the_pattern)
{
    char p[2000];
    int cflags[2] = {E, B};
    for (int k = 0; k < 2; k++) {
        size_t n = 0, open = k == 0 ? 1 : 2;
        for (int i = 0; i < 300; i++) {
            if (k == 1)
                p[n++] = '\\';
            p[n++] = '(';
        }
        p[n++] = 'a';
        for (int i = 0; i < 300; i++) {
            if (k == 1)
                p[n++] = '\\';
            p[n++] = ')';
        }
        p[n] = 0;
        oxre_regex_t re;
        oxre_last_error_clear();
        ck_assert_int_eq(oxre_regcomp(&re, p, cflags[k]), OXRE_REG_BADPAT);
        /* The group past the nest limit of 250 opens at byte 249 (ERE) or
         * 498 (BRE) of the pattern. */
        ck_assert_uint_eq(re.re_erroffset, 249 * open);
        const oxre_error *e = oxre_last_error();
        ck_assert_int_eq(e->code, OXRE_ESYNTAX);
        ck_assert(e->has_span);
        ck_assert_uint_eq(e->span.start, 249 * open);
        ck_assert_uint_le(e->span.end, n);
        char msg[256];
        oxre_regerror(OXRE_REG_BADPAT, &re, msg, sizeof msg);
        ck_assert_ptr_null(strstr(msg, "translat"));
        ck_assert_ptr_nonnull(strstr(msg, "nested"));
        char at[32];
        snprintf(at, sizeof at, "at byte %zu", 249 * open);
        ck_assert_ptr_nonnull(strstr(msg, at));
    }
}
END_TEST

/* A NULL argument is named. */
START_TEST(test_null_arguments_named)
{
    oxre_regex_t re;
    oxre_regmatch_t m[1];
    ck_assert_int_eq(oxre_regcomp(NULL, "a", 0), OXRE_REG_INVARG);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "preg"));
    ck_assert_int_eq(oxre_regcomp(&re, NULL, 0), OXRE_REG_INVARG);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "pattern"));
    char msg[128];
    oxre_regerror(OXRE_REG_INVARG, &re, msg, sizeof msg);
    ck_assert_ptr_nonnull(strstr(msg, "pattern is NULL"));
    comp_ok(&re, "a", 0);
    ck_assert_int_eq(oxre_regexec(NULL, "a", 0, NULL, 0), OXRE_REG_INVARG);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "preg"));
    ck_assert_int_eq(oxre_regexec(&re, NULL, 0, NULL, 0), OXRE_REG_INVARG);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "string"));
    ck_assert_int_eq(oxre_regexec(&re, "a", 1, NULL, 0), OXRE_REG_INVARG);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "pmatch"));
    ck_assert_int_eq(oxre_regexec(&re, "a", 1, m, 0), 0);
    oxre_regfree(&re);
}
END_TEST

static Suite *posix_suite(void)
{
    Suite *s = suite_create("posix");
    TCase *tc = tcase_create("syntax");
    tcase_add_test(tc, test_ere);
    tcase_add_test(tc, test_bre);
    tcase_add_test(tc, test_brackets);
    tcase_add_test(tc, test_icase);
    tcase_add_test(tc, test_leftmost_first);
    suite_add_tcase(s, tc);
    tc = tcase_create("flags");
    tcase_add_test(tc, test_newline);
    tcase_add_test(tc, test_notbol_noteol);
    tcase_add_test(tc, test_notbol_noteol_utf8);
    tcase_add_test(tc, test_startend);
    tcase_add_test(tc, test_nosub);
    tcase_add_test(tc, test_nmatch);
    tcase_add_test(tc, test_locale_modes);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, test_err_paren);
    tcase_add_test(tc, test_err_brack);
    tcase_add_test(tc, test_err_brace);
    tcase_add_test(tc, test_err_badbr);
    tcase_add_test(tc, test_err_erange);
    tcase_add_test(tc, test_err_ectype_ecollate);
    tcase_add_test(tc, test_err_eescape);
    tcase_add_test(tc, test_err_backref);
    tcase_add_test(tc, test_err_badrpt);
    tcase_add_test(tc, test_err_esize);
    tcase_add_test(tc, test_err_invarg_regcomp);
    tcase_add_test(tc, test_err_sets_last_error);
    tcase_add_test(tc, test_err_invarg_regexec);
    tcase_add_test(tc, test_regerror);
    tcase_add_test(tc, test_regfree);
    tcase_add_test(tc, test_engine_errors_map_to_the_pattern);
    tcase_add_test(tc, test_null_arguments_named);
    suite_add_tcase(s, tc);
    tc = tcase_create("threads");
    tcase_add_test(tc, test_threads);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(posix_suite());
}
