/*
 * The Fowler (AT&T testregex) conformance data, run through the POSIX layer:
 * every B (basic) and E (extended) case of the regex crate's copies of
 * basic.dat, nullsubexpr.dat and repetition.dat, compiled with
 * oxre_regcomp() and searched with oxre_regexec(), spans compared with the
 * expected ones. Speaks TAP: one test point per case and kind; the closing
 * diagnostics give the counts and the reason of every skip.
 *
 * The data's expected spans are those of leftmost-first engines where they
 * differ from POSIX's leftmost-longest (the lines marked "RE2/Go" and
 * "Rust"); that is oxre's documented semantics, so they must all agree.
 *
 * Usage: test-posix-fowler [FILE.dat...]; without arguments the files are
 * found in the crate registry ($CARGO_REGISTRY/regex-1.*\/testdata/fowler/dat).
 */
#define _POSIX_C_SOURCE 200809L

#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oxreposix.h"

#define MAX_GROUPS 64

enum skip { SKIP_LITERAL, SKIP_BACKREF, SKIP_NOT_ERE, SKIP_BLOCK, SKIP_COUNT };

static const char *const skip_reason[SKIP_COUNT] = {
    [SKIP_LITERAL] = "flag L (REG_LITERAL) is an AT&T extension, not POSIX",
    [SKIP_BACKREF] = "back-reference: cannot be matched in linear time; "
                     "regcomp refuses it with REG_ESUBREG (checked)",
    [SKIP_NOT_ERE] = "the regex crate's (?:...) syntax, not ERE; "
                     "regcomp refuses it with REG_BADRPT (checked)",
    [SKIP_BLOCK] = "inside a {...} block whose first test failed",
};

static int n_cases, n_passed, n_failed, n_skipped, n_superseded;
static int n_skip[SKIP_COUNT];

static void report(bool ok, const char *where, char kind, const char *why)
{
    n_cases++;
    if (ok)
        n_passed++;
    else
        n_failed++;
    printf("%s %d - %s %c%s%s\n", ok ? "ok" : "not ok", n_cases, where, kind,
           why ? ": " : "", why ? why : "");
}

static void report_skip(const char *where, char kind, enum skip reason)
{
    n_cases++;
    n_skipped++;
    n_skip[reason]++;
    printf("ok %d - %s %c # SKIP %s\n", n_cases, where, kind, skip_reason[reason]);
}

/* Expands the C escapes of a field with the `$` flag, in place; returns the
 * new length (the result may hold NUL bytes). */
static size_t unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r != '\\' || r[1] == '\0') {
            *w++ = *r;
            continue;
        }
        r++;
        switch (*r) {
        case 'n': *w++ = '\n'; break;
        case 't': *w++ = '\t'; break;
        case 'r': *w++ = '\r'; break;
        case 'f': *w++ = '\f'; break;
        case 'v': *w++ = '\v'; break;
        case 'a': *w++ = '\a'; break;
        case 'x': {
            unsigned v = 0;
            int k = 0;
            while (k < 2 && strchr("0123456789abcdefABCDEF", r[1]) && r[1]) {
                char c = *++r;
                v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
                k++;
            }
            *w++ = (char)v;
            break;
        }
        default:
            *w++ = '\\';
            *w++ = *r;
            break;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

static const struct {
    const char *name;
    int code;
} error_names[] = {
    {"BADPAT", OXRE_REG_BADPAT},   {"ECOLLATE", OXRE_REG_ECOLLATE},
    {"ECTYPE", OXRE_REG_ECTYPE},   {"EESCAPE", OXRE_REG_EESCAPE},
    {"ESUBREG", OXRE_REG_ESUBREG}, {"EBRACK", OXRE_REG_EBRACK},
    {"EPAREN", OXRE_REG_EPAREN},   {"EBRACE", OXRE_REG_EBRACE},
    {"BADBR", OXRE_REG_BADBR},     {"ERANGE", OXRE_REG_ERANGE},
    {"ESPACE", OXRE_REG_ESPACE},   {"BADRPT", OXRE_REG_BADRPT},
};

/* An expected outcome: spans, no match, or a regcomp error. */
struct expect {
    int error;   /* a REG_* code from regcomp, or 0 */
    bool nomatch;
    int n;       /* number of spans listed */
    long so[MAX_GROUPS], eo[MAX_GROUPS];
};

static bool parse_expect(const char *s, struct expect *e)
{
    memset(e, 0, sizeof *e);
    if (strcmp(s, "NOMATCH") == 0) {
        e->nomatch = true;
        return true;
    }
    for (size_t k = 0; k < sizeof error_names / sizeof *error_names; k++) {
        if (strcmp(s, error_names[k].name) == 0) {
            e->error = error_names[k].code;
            return true;
        }
    }
    while (*s == '(' && e->n < MAX_GROUPS) {
        char a[16], b[16];
        int used = 0;
        if (sscanf(s, "(%15[0-9?],%15[0-9?])%n", a, b, &used) != 2 || used == 0)
            return false;
        e->so[e->n] = a[0] == '?' ? -1 : atol(a);
        e->eo[e->n] = b[0] == '?' ? -1 : atol(b);
        e->n++;
        s += used;
    }
    return *s == '\0' && e->n > 0;
}

static bool has_backref(const char *p)
{
    for (; *p; p++) {
        if (p[0] == '\\' && p[1] >= '1' && p[1] <= '9')
            return true;
        if (p[0] == '\\' && p[1])
            p++;
    }
    return false;
}

/* Runs one case; returns whether it passed (skips count as passed). */
static bool run_case(const char *where, char kind, const char *flags, const char *pattern,
                     const char *string, size_t string_len, const struct expect *want)
{
    int cflags = (kind == 'E' ? OXRE_REG_EXTENDED : 0) |
                 (strchr(flags, 'i') ? OXRE_REG_ICASE : 0) |
                 (strchr(flags, 'n') ? OXRE_REG_NEWLINE : 0);
    oxre_regex_t re;
    int rc = oxre_regcomp(&re, pattern, cflags);
    char why[512];
    if (want->error) {
        if (rc == 0)
            oxre_regfree(&re);
        snprintf(why, sizeof why, "regcomp returned %d, expected %d", rc, want->error);
        report(rc == want->error, where, kind, rc == want->error ? NULL : why);
        return rc == want->error;
    }
    if (rc != 0) {
        if (kind == 'B' && rc == OXRE_REG_ESUBREG && has_backref(pattern)) {
            report_skip(where, kind, SKIP_BACKREF);
            return true;
        }
        if (kind == 'E' && rc == OXRE_REG_BADRPT && strstr(pattern, "(?:")) {
            report_skip(where, kind, SKIP_NOT_ERE);
            return true;
        }
        char msg[256];
        oxre_regerror(rc, &re, msg, sizeof msg);
        snprintf(why, sizeof why, "regcomp failed: %s", msg);
        report(false, where, kind, why);
        return false;
    }
    oxre_regmatch_t m[MAX_GROUPS];
    size_t nmatch = re.re_nsub + 1 < MAX_GROUPS ? re.re_nsub + 1 : MAX_GROUPS;
    m[0].rm_so = 0;
    m[0].rm_eo = (oxre_regoff_t)string_len;
    rc = oxre_regexec(&re, string, nmatch, m, OXRE_REG_STARTEND);
    oxre_regfree(&re);
    bool ok;
    if (want->nomatch) {
        ok = rc == OXRE_REG_NOMATCH;
        snprintf(why, sizeof why, "regexec returned %d, expected no match", rc);
    } else if (rc != 0) {
        ok = false;
        snprintf(why, sizeof why, "regexec returned %d, expected a match", rc);
    } else {
        /* Groups not listed are expected not to participate. */
        ok = true;
        int len = 0;
        why[0] = '\0';
        for (size_t g = 0; g < nmatch; g++) {
            long so = (int)g < want->n ? want->so[g] : -1;
            long eo = (int)g < want->n ? want->eo[g] : -1;
            if (m[g].rm_so != so || m[g].rm_eo != eo)
                ok = false;
            if (len < (int)sizeof why - 40)
                len += snprintf(why + len, sizeof why - (size_t)len, "(%ld,%ld)",
                                (long)m[g].rm_so, (long)m[g].rm_eo);
        }
        if (!ok && len < (int)sizeof why - 20)
            snprintf(why + len, sizeof why - (size_t)len, " found, not the expected");
        if (want->n > (int)nmatch)
            ok = false;
    }
    report(ok, where, kind, ok ? NULL : why);
    return ok;
}

/* Splits a line into fields separated by runs of tabs. */
static int split(char *line, char **field, int max)
{
    int n = 0;
    char *p = line;
    while (*p && n < max) {
        field[n++] = p;
        p += strcspn(p, "\t");
        if (*p == '\0')
            break;
        *p++ = '\0';
        p += strspn(p, "\t");
    }
    return n;
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        printf("Bail out! cannot open %s\n", path);
        return -1;
    }
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char line[4096], last_pattern[4096] = "";
    int lineno = 0;
    bool in_block = false, block_failed = false;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' && strchr("BE:{", line[1]) && line[1])
            n_superseded++;
        if (line[0] == '\0' || line[0] == '#' || strncmp(line, "NOTE", 4) == 0)
            continue;
        if (line[0] == '}') {
            in_block = false;
            continue;
        }
        char *field[6];
        int nf = split(line, field, 6);
        if (nf < 4)
            continue;
        char *flags = field[0];
        bool opens_block = flags[0] == '{';
        if (opens_block)
            flags++;
        if (flags[0] == ':') { /* ":HA#100:E" names the case: drop the name */
            char *end = strchr(flags + 1, ':');
            if (end == NULL)
                continue;
            flags = end + 1;
        }
        char where[300];
        snprintf(where, sizeof where, "%s:%d", base, lineno);

        char *pattern = field[1];
        if (strcmp(pattern, "SAME") == 0)
            pattern = last_pattern;
        else
            snprintf(last_pattern, sizeof last_pattern, "%s", pattern);
        char *string = strcmp(field[2], "NULL") == 0 ? (char[1]){""} : field[2];
        char pat_buf[4096];
        snprintf(pat_buf, sizeof pat_buf, "%s", pattern);
        size_t string_len = strlen(string);
        if (strchr(flags, '$')) {
            unescape(pat_buf);
            string_len = unescape(string);
        }
        struct expect want;
        if (!parse_expect(field[3], &want)) {
            printf("Bail out! %s: cannot read the expected result '%s'\n", where, field[3]);
            fclose(f);
            return -1;
        }
        bool passed = true;
        if (strchr(flags, 'L') && !strchr(flags, 'B') && !strchr(flags, 'E'))
            report_skip(where, 'L', SKIP_LITERAL);
        for (const char *k = "BE"; *k; k++) {
            if (!strchr(flags, *k))
                continue;
            if (strchr(flags, 'L'))
                report_skip(where, *k, SKIP_LITERAL);
            else if (in_block && block_failed)
                report_skip(where, *k, SKIP_BLOCK);
            else
                passed &= run_case(where, *k, flags, pat_buf, string, string_len, &want);
        }
        if (opens_block) {
            in_block = true;
            block_failed = !passed;
        }
    }
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    glob_t g = {0};
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            if (run_file(argv[i]) < 0)
                return 1;
    } else {
        const char *reg = getenv("CARGO_REGISTRY");
        char pat[4096];
        snprintf(pat, sizeof pat, "%s/regex-1.*/testdata/fowler/dat/*.dat",
                 reg && *reg ? reg : "/usr/share/cargo/registry");
        if (glob(pat, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
            printf("1..0 # SKIP no Fowler .dat files at %s\n", pat);
            return 0;
        }
        /* Several crate versions may be present: use the newest one's files. */
        const char *newest = NULL;
        long best = -1;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            const char *v = strstr(g.gl_pathv[i], "/regex-1.");
            int minor = 0, patch = 0;
            if (v && sscanf(v, "/regex-1.%d.%d", &minor, &patch) == 2 &&
                minor * 10000L + patch > best) {
                best = minor * 10000L + patch;
                newest = g.gl_pathv[i];
            }
        }
        size_t dir_len = newest ? (size_t)(strrchr(newest, '/') - newest) : 0;
        for (size_t i = 0; newest && i < g.gl_pathc; i++) {
            if (strncmp(g.gl_pathv[i], newest, dir_len) != 0 || g.gl_pathv[i][dir_len] != '/')
                continue;
            printf("# %s\n", g.gl_pathv[i]);
            if (run_file(g.gl_pathv[i]) < 0)
                return 1;
        }
        globfree(&g);
    }
    printf("1..%d\n", n_cases);
    printf("# Fowler cases through oxre_regcomp/oxre_regexec: %d; agree: %d; "
           "disagree: %d; skipped: %d\n", n_cases, n_passed, n_failed, n_skipped);
    printf("# not run: %d lines the data's maintainers commented out (original POSIX "
           "results replaced by the leftmost-first lines after them; cases Go and "
           "the crate do not run)\n", n_superseded);
    for (int r = 0; r < SKIP_COUNT; r++)
        if (n_skip[r])
            printf("# skipped %d: %s\n", n_skip[r], skip_reason[r]);
    return 0;
}
