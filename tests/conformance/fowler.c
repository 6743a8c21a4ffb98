/* The AT&T/Fowler regex tests (basic.dat, nullsubexpr.dat, repetition.dat)
 * as the regex crate's own test suite runs them, through oxre's C API.
 *
 * The data comes from the regex crate's package (librust-regex-dev:
 * <registry>/regex-<version>/testdata/fowler/dat/). The crate does not read
 * the .dat files at test time: its tool `regex-cli generate fowler` converts
 * them to testdata/fowler/{basic,nullsubexpr,repetition}.toml, and its
 * suite runs those. This runner applies the same conversion rules to the
 * .dat files directly:
 *
 *  - blank lines and lines starting with '#' are skipped;
 *  - a line's tab-separated fields (trimmed, empty ones dropped) must number
 *    4 or 5: flags, pattern, haystack, expected groups, an optional note;
 *  - only lines whose flags include 'E' (extended syntax) are tests;
 *  - pattern SAME means the pattern of the previous test; haystack NULL
 *    means the empty string;
 *  - an expected field without a ',' (an error code such as BADBR) is not a
 *    test; NOMATCH means no match; otherwise "(s,e)(s,e)..." with "(?,?)"
 *    for a group that does not participate, and groups the line leaves out
 *    do not participate either;
 *  - the flag '$' means the haystack holds escapes (\n, \xNN, ...) to
 *    decode; the flag 'i' means case-insensitive;
 *  - a line with raw control bytes has its pattern escaped as the
 *    conversion escapes it for TOML (\xNN; the regex reads it back).
 *
 * Every test then runs as the crate runs it: leftmost-first, Unicode on,
 * the first match only, and is-match, find and captures must all agree
 * with the expected groups. Patterns and haystacks are ASCII, so the bytes
 * flavour (oxre_compile) behaves exactly as the crate's text flavour here;
 * the runner checks that they are ASCII.
 *
 * When testdata/fowler/<name>.toml sits next to the .dat files (it does in
 * the crate's package), the runner also checks that its conversion selected
 * exactly the tests that file holds, in the same order.
 *
 * Output is TAP: one line per data file (with its counts), one per cross
 * check, and one `not ok` line per failing test. Without the data, the
 * whole run is skipped (`1..0 # SKIP`), never passed.
 *
 * OXRE_FOWLER_DIR=dir makes the runner read the .dat files from dir only. */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"

#define MAX_FIELDS 8
#define MAX_GROUPS 64

typedef struct {
    char name[96];
    const char *flags;
    cf_bytes pattern;
    cf_bytes haystack;
    size_t groups[2 * MAX_GROUPS]; /* SIZE_MAX: does not participate */
    size_t ngroups;                /* 0: NOMATCH */
} fowler_test;

/* Decodes the escapes the crate's test harness decodes in a haystack:
 * \\, \n, \r, \t, \0 and \xNN; anything else stays as written. */
static void unescape(const char *s, cf_bytes *out)
{
    while (*s) {
        if (s[0] == '\\' && s[1]) {
            const char *hex = "0123456789abcdef";
            switch (s[1]) {
            case '\\': cf_bytes_push(out, '\\'); s += 2; continue;
            case 'n': cf_bytes_push(out, '\n'); s += 2; continue;
            case 'r': cf_bytes_push(out, '\r'); s += 2; continue;
            case 't': cf_bytes_push(out, '\t'); s += 2; continue;
            case '0': cf_bytes_push(out, 0); s += 2; continue;
            case 'x':
                if (s[2] && s[3] && strchr(hex, tolower((unsigned char)s[2]))
                    && strchr(hex, tolower((unsigned char)s[3]))) {
                    char h[3] = {s[2], s[3], 0};
                    cf_bytes_push(out, (uint8_t)strtoul(h, NULL, 16));
                    s += 4;
                    continue;
                }
                break;
            default:
                break;
            }
        }
        cf_bytes_push(out, (uint8_t)*s++);
    }
}

/* Escapes a string as the conversion does before writing it to TOML:
 * backslash as \\, tab, CR, LF and NUL by name, other control bytes as
 * \xNN. */
static void escape(const char *s, cf_bytes *out)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '\\')
            snprintf(esc, sizeof esc, "\\\\");
        else if (c == '\t')
            snprintf(esc, sizeof esc, "\\t");
        else if (c == '\r')
            snprintf(esc, sizeof esc, "\\r");
        else if (c == '\n')
            snprintf(esc, sizeof esc, "\\n");
        else if (iscntrl(c))
            snprintf(esc, sizeof esc, "\\x%02X", c);
        else
            snprintf(esc, sizeof esc, "%c", c);
        cf_bytes_append(out, esc, strlen(esc));
    }
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if (iscntrl((unsigned char)*s))
            return true;
    return false;
}

static bool is_ascii(const cf_bytes *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] >= 0x80)
            return false;
    return true;
}

/* Parses "(0,3)(?,?)(1,2)" into t->groups; returns false if malformed. */
static bool parse_groups(const char *s, fowler_test *t)
{
    t->ngroups = 0;
    while (*s == '(') {
        if (t->ngroups == MAX_GROUPS)
            return false;
        size_t *g = &t->groups[2 * t->ngroups];
        if (strncmp(s, "(?,?)", 5) == 0) {
            g[0] = g[1] = SIZE_MAX;
            s += 5;
        } else {
            char *end;
            g[0] = strtoul(s + 1, &end, 10);
            if (end == s + 1 || *end != ',')
                return false;
            s = end + 1;
            g[1] = strtoul(s, &end, 10);
            if (end == s || *end != ')')
                return false;
            s = end + 1;
        }
        t->ngroups++;
    }
    return *s == 0 && t->ngroups > 0;
}

/* Splits a line on tabs into trimmed, non-empty fields. */
static int split_fields(char *line, char **fields)
{
    int n = 0;
    char *save = NULL;
    for (char *f = strtok_r(line, "\t", &save); f; f = strtok_r(NULL, "\t", &save)) {
        while (isspace((unsigned char)*f))
            f++;
        char *e = f + strlen(f);
        while (e > f && isspace((unsigned char)e[-1]))
            *--e = 0;
        if (*f == 0)
            continue;
        if (n == MAX_FIELDS)
            return MAX_FIELDS + 1;
        fields[n++] = f;
    }
    return n;
}

/* Runs one test; returns true if it passes (printing a `not ok` line when
 * it does not). */
static bool run_test(const fowler_test *t, uint32_t flags)
{
    char why[512] = "";
    bool pass = false;
    size_t got[2 * MAX_GROUPS];
    size_t want[2 * MAX_GROUPS];
    size_t n = 0;

    oxre_regex *re = oxre_compile(t->pattern.data, t->pattern.len, flags, NULL);
    if (re == NULL) {
        snprintf(why, sizeof why, "does not compile: %s", cf_last_error());
        goto done;
    }
    n = oxre_captures_len(re);
    if (n > MAX_GROUPS || (t->ngroups > 0 && t->ngroups > n)) {
        snprintf(why, sizeof why, "the pattern has %zu groups, the data lists %zu", n,
                 t->ngroups);
        goto done;
    }
    /* Groups the data leaves out do not participate. */
    for (size_t i = 0; i < 2 * n; i++)
        want[i] = i < 2 * t->ngroups ? t->groups[i] : SIZE_MAX;
    int r = cf_search(re, t->haystack.data, t->haystack.len, got, why, sizeof why);
    if (r < 0)
        goto done;
    if (t->ngroups == 0) {
        pass = r == 0;
        if (!pass)
            snprintf(why, sizeof why, "expected NOMATCH, got %s", cf_spans(0, got, n));
    } else {
        pass = r == 1 && memcmp(got, want, 2 * n * sizeof *got) == 0;
        if (!pass)
            snprintf(why, sizeof why, "expected %s, got %s", cf_spans(0, want, n),
                     r == 1 ? cf_spans(1, got, n) : "NOMATCH");
    }
done:
    if (!pass)
        cf_ok(false, "%s: /%s/%s on %s: %s", t->name,
              cf_quote(0, t->pattern.data, t->pattern.len), (flags & OXRE_CASE_INSENSITIVE) ? "i" : "",
              cf_quote(1, t->haystack.data, t->haystack.len), why);
    oxre_free(re);
    return pass;
}

/* Reads the test names of a TOML file generated from a .dat file, in order
 * (lines `name = "..."`). Returns -1 if the file cannot be read. */
static long toml_names(const char *path, char ***names)
{
    size_t len;
    char *buf = cf_read_file(path, &len);
    if (buf == NULL)
        return -1;
    char **lines;
    size_t nl = cf_split_lines(buf, len, &lines);
    long n = 0;
    *names = malloc((nl + 1) * sizeof **names);
    for (size_t i = 0; i < nl; i++) {
        char name[64];
        if (sscanf(lines[i], "name = \"%63[^\"]\"", name) == 1)
            (*names)[n++] = strdup(name);
    }
    free(lines);
    free(buf);
    return n;
}

/* Runs the tests of one .dat file; returns the number of tests run. */
static size_t run_file(const char *dir, const char *stem, size_t *passed)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.dat", dir, stem);
    size_t len;
    char *buf = cf_read_file(path, &len);
    if (buf == NULL) {
        cf_ok(false, "%s: cannot read it", path);
        return 0;
    }
    char **lines;
    size_t nlines = cf_split_lines(buf, len, &lines);
    char group[64];
    snprintf(group, sizeof group, "%s", stem);
    size_t ntests = 0, npass = 0, nonascii = 0, cap = 64;
    char **names = malloc(cap * sizeof *names);
    cf_bytes prev = {0};

    for (size_t i = 0; i < nlines; i++) {
        char *line = lines[i], *f[MAX_FIELDS];
        /* The crate tags the last tests of repetition.dat as expensive; the
         * tag changes only their names. */
        if (strcmp(stem, "repetition") == 0 && strstr(line, "Chris Kuklewicz"))
            snprintf(group, sizeof group, "repetition-expensive");
        const char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == 0 || line[0] == '#')
            continue;
        int nf = split_fields(line, f);
        if (nf < 4 || nf > 5 || strchr(f[0], 'E') == NULL)
            continue;
        if (strcmp(f[3], "NOMATCH") != 0 && strchr(f[3], ',') == NULL)
            continue; /* an expected error code: not run by the crate */

        fowler_test t = {0};
        snprintf(t.name, sizeof t.name, "%s%zu", group, i + 1);
        const char *pat = f[1];
        if (strcmp(pat, "SAME") == 0) {
            if (prev.data == NULL) {
                cf_ok(false, "%s: SAME without a previous pattern", t.name);
                continue;
            }
            pat = (const char *)prev.data;
        }
        const char *hay = strcmp(f[2], "NULL") == 0 ? "" : f[2];
        if (has_control(pat) || has_control(hay)) {
            /* The conversion escapes both so that TOML can hold them; the
             * harness decodes the haystack again, not the pattern. */
            escape(pat, &t.pattern);
            cf_bytes_append(&t.haystack, hay, strlen(hay));
        } else {
            cf_bytes_append(&t.pattern, pat, strlen(pat));
            if (strchr(f[0], '$'))
                unescape(hay, &t.haystack);
            else
                cf_bytes_append(&t.haystack, hay, strlen(hay));
        }
        if (strcmp(f[3], "NOMATCH") != 0 && !parse_groups(f[3], &t)) {
            cf_ok(false, "%s: malformed groups '%s'", t.name, f[3]);
        } else {
            if (!is_ascii(&t.pattern) || !is_ascii(&t.haystack))
                nonascii++;
            ntests++;
            if (run_test(&t, strchr(f[0], 'i') ? OXRE_CASE_INSENSITIVE : 0))
                npass++;
            if (ntests > cap) {
                cap *= 2;
                names = realloc(names, cap * sizeof *names);
            }
            names[ntests - 1] = strdup(t.name);
        }
        prev.len = 0;
        cf_bytes_append(&prev, t.pattern.data, t.pattern.len);
        cf_bytes_free(&t.pattern);
        cf_bytes_free(&t.haystack);
    }

    cf_ok(npass == ntests && nonascii == 0, "%s: %zu/%zu tests pass (%zu non-ASCII)", path, npass,
          ntests, nonascii);

    /* Cross-check the selection against the crate's generated TOML. */
    char tpath[4096];
    snprintf(tpath, sizeof tpath, "%s/../%s.toml", dir, stem);
    char **tnames;
    long nt = toml_names(tpath, &tnames);
    if (nt < 0) {
        cf_diag("%s not found: selection not cross-checked", tpath);
    } else {
        size_t diff = nt == (long)ntests ? ntests : 0;
        for (size_t k = 0; k < ntests && k < (size_t)nt; k++)
            if (strcmp(names[k], tnames[k]) != 0) {
                cf_diag("test %zu is %s here, %s in %s", k + 1, names[k], tnames[k], tpath);
                diff = k;
                break;
            }
        cf_ok(nt == (long)ntests && diff == ntests,
              "%s.dat yields the %ld tests of %s.toml, same names, same order", stem, nt, stem);
        for (long k = 0; k < nt; k++)
            free(tnames[k]);
        free(tnames);
    }
    for (size_t k = 0; k < ntests; k++)
        free(names[k]);
    free(names);
    cf_bytes_free(&prev);
    free(lines);
    free(buf);
    *passed += npass;
    return ntests;
}

int main(void)
{
    static const char *const stems[] = {"basic", "nullsubexpr", "repetition"};
    const char *override = getenv("OXRE_FOWLER_DIR");
    const char *reg = getenv("CARGO_REGISTRY");
    char regpat[4096];
    snprintf(regpat, sizeof regpat, "%s/regex-1.*/testdata/fowler/dat",
             reg && *reg ? reg : "/nonexistent");
    const char *system_dirs[] = {"/usr/share/cargo/registry/regex-1.*/testdata/fowler/dat",
                                 regpat, NULL};
    const char *only[] = {override, NULL};
    char *basic = cf_find_file(override ? only : system_dirs, "basic.dat");
    if (basic == NULL) {
        char reason[8192];
        snprintf(reason, sizeof reason,
                 "no Fowler data (basic.dat): looked in %s; install librust-regex-dev "
                 "(regex >= 1.9) or configure --with-cargo-registry with its crates",
                 override ? override : "/usr/share/cargo/registry/regex-1.*/testdata/fowler/dat and "
                                       "$CARGO_REGISTRY/regex-1.*/testdata/fowler/dat");
        cf_skip_all(reason);
        return 0;
    }
    char *dir = basic;
    *strrchr(dir, '/') = 0;
    cf_diag("reading the Fowler data in %s", dir);

    size_t total = 0, passed = 0;
    for (size_t i = 0; i < sizeof stems / sizeof *stems; i++)
        total += run_file(dir, stems[i], &passed);
    cf_diag("Fowler: %zu/%zu tests pass", passed, total);
    cf_plan(cf_results());
    free(dir);
    return 0;
}
