/*
 * A program written against POSIX <regex.h> and nothing else. The test
 * tests/test-posix-program.sh builds it twice: as it is, with the C
 * library's regex functions, and with only its include line switched to
 * oxreposix.h (under OXRE_POSIX_NAMES) and liboxre on the link line. Both
 * must pass and print the same thing.
 *
 * It checks its own results and exits 1 on the first wrong one.
 */
#define _POSIX_C_SOURCE 200809L

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void expect(int cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "FAILED: %s\n", what);
        failures++;
    }
}

static void compile(regex_t *re, const char *pattern, int cflags)
{
    int rc = regcomp(re, pattern, cflags);
    if (rc != 0) {
        char msg[256];
        regerror(rc, re, msg, sizeof msg);
        fprintf(stderr, "regcomp(%s): %s\n", pattern, msg);
        exit(1);
    }
}

/* key = value lines, in basic syntax with subexpressions. */
static void config_lines(void)
{
    static const char *lines[] = {"name = oxre", "threads=4", "# comment", "bad line"};
    regex_t re;
    regmatch_t m[3];
    compile(&re, "^\\([a-z_][a-z_0-9]*\\) *= *\\(.*\\)$", 0);
    expect(re.re_nsub == 2, "two subexpressions");
    int found = 0;
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        if (regexec(&re, lines[i], 3, m, 0) != 0)
            continue;
        found++;
        printf("config: %.*s -> %.*s\n", (int)(m[1].rm_eo - m[1].rm_so), lines[i] + m[1].rm_so,
               (int)(m[2].rm_eo - m[2].rm_so), lines[i] + m[2].rm_so);
    }
    expect(found == 2, "two config lines");
    regfree(&re);
}

/* Every number in a string: the classic loop with REG_NOTBOL. */
static void all_numbers(void)
{
    const char *text = "10 apples, 200 pears and 3000 plums";
    regex_t re;
    regmatch_t m[1];
    compile(&re, "[0-9]+", REG_EXTENDED);
    const char *p = text;
    int eflags = 0;
    long sum = 0;
    while (regexec(&re, p, 1, m, eflags) == 0) {
        sum += strtol(p + m[0].rm_so, NULL, 10);
        printf("number at %ld: %.*s\n", (long)(p - text + m[0].rm_so),
               (int)(m[0].rm_eo - m[0].rm_so), p + m[0].rm_so);
        p += m[0].rm_eo;
        eflags = REG_NOTBOL;
    }
    expect(sum == 3210, "sum of the numbers");
    regfree(&re);
}

/* Line-oriented matching over a buffer with REG_NEWLINE. */
static void comment_lines(void)
{
    const char *buf = "# one\ncode\n  # two\n#three\n";
    regex_t re;
    regmatch_t m[1];
    compile(&re, "^[[:space:]]*#.*$", REG_EXTENDED | REG_NEWLINE);
    int n = 0;
    for (const char *p = buf; regexec(&re, p, 1, m, p == buf ? 0 : REG_NOTBOL) == 0;
         p += m[0].rm_eo) {
        printf("comment: [%.*s]\n", (int)(m[0].rm_eo - m[0].rm_so), p + m[0].rm_so);
        n++;
    }
    expect(n == 3, "three comment lines");
    regfree(&re);
}

/* Case-insensitive test only. */
static void yes_no(void)
{
    static const char *answers[] = {"yes", "Y", "YES", "no", "yess", ""};
    regex_t re;
    compile(&re, "^(y|yes)$", REG_EXTENDED | REG_ICASE | REG_NOSUB);
    int yes = 0;
    for (size_t i = 0; i < sizeof answers / sizeof *answers; i++)
        yes += regexec(&re, answers[i], 0, NULL, 0) == 0;
    printf("yes answers: %d\n", yes);
    expect(yes == 3, "three yes answers");
    regfree(&re);
}

/* Optional groups report -1. */
static void optional_group(void)
{
    regex_t re;
    regmatch_t m[3];
    compile(&re, "([a-z]+)(-[0-9]+)?", REG_EXTENDED);
    expect(regexec(&re, "pkg", 3, m, 0) == 0, "pkg matches");
    expect(m[2].rm_so == -1 && m[2].rm_eo == -1, "the version group does not participate");
    expect(regexec(&re, "pkg-12", 3, m, 0) == 0 && m[2].rm_so == 3 && m[2].rm_eo == 6,
           "the version group");
    expect(regexec(&re, "123", 3, m, 0) == REG_NOMATCH, "no letters, no match");
    printf("optional group: ok\n");
    regfree(&re);
}

/* Invalid patterns are reported, with a message. */
static void errors(void)
{
    static const struct {
        const char *pattern;
        int cflags, code;
    } bad[] = {
        {"a(b", REG_EXTENDED, REG_EPAREN},
        {"a[b", REG_EXTENDED, REG_EBRACK},
        {"a\\{1", 0, REG_EBRACE},
        {"a{2,1}", REG_EXTENDED, REG_BADBR},
        {"[[:nope:]]", REG_EXTENDED, REG_ECTYPE},
        {"x\\", REG_EXTENDED, REG_EESCAPE},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        regex_t re;
        char msg[256];
        int rc = regcomp(&re, bad[i].pattern, bad[i].cflags);
        size_t need = regerror(rc, &re, msg, sizeof msg);
        expect(rc == bad[i].code, bad[i].pattern);
        expect(need > 1 && need == strlen(msg) + 1, "regerror gives a message");
        printf("error for %s: %s\n", bad[i].pattern, rc == bad[i].code ? "right code" : "WRONG");
    }
}

int main(void)
{
    config_lines();
    all_numbers();
    comment_lines();
    yes_no();
    optional_group();
    errors();
    if (failures)
        return 1;
    printf("all passed\n");
    return 0;
}
