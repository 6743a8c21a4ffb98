/* RE2's search tests (re2-search.txt, shipped in Go's source package
 * golang-1.19-src as src/regexp/testdata/re2-search.txt) through oxre's C
 * API: the leftmost-first results, full match and partial match.
 *
 * The format (documented in Go's src/regexp/exec_test.go): stanzas of
 *
 *     strings
 *     "<haystack>"...        Go-quoted, one per line
 *     regexps
 *     "<regexp>"             Go-quoted
 *     <result>;<result>;<result>;<result>     one line per haystack
 *
 * Lines starting with '#' are comments and lines starting with a capital
 * letter are test names. Each result line holds four results, in the order
 * full match (the regexp must match the whole haystack: it is run as
 * `\A(?:<regexp>)\z`), partial match (the leftmost-first match anywhere),
 * then the same two with leftmost-longest semantics, which the regex crate
 * does not have and this runner does not check. A result is `-` for no
 * match, or space-separated `start-end` pairs for the match and each group,
 * with `-` for a group that does not participate.
 *
 * Every full and partial result is one check: the regexp is compiled with
 * oxre_compile() and searched with oxre_is_match(), oxre_find() and
 * oxre_captures_read(), which must agree with each other and with the
 * expected groups. Checks are skipped, each for a reason listed in the test
 * log, when the crate's syntax rejects the regexp (RE2's `\C`, ...) or when
 * RE2's and the crate's semantics differ on purpose:
 *
 *  - RE2's `\b`, `\B`, `\w`, `\d` and `\s` are ASCII-only; the crate's
 *    follow Unicode unless Unicode mode is off. On ASCII haystacks the two
 *    agree. On other haystacks the check runs with OXRE_NO_UNICODE when
 *    that flag changes nothing else in the regexp (no `.`, no negated
 *    class, no `\W`/`\D`/`\S`, no `\p`, no case folding), and is skipped
 *    otherwise.
 *
 * RE2 reads `\141` as an octal escape; the crate does too with its octal
 * option, so a regexp the crate rejects as a backreference is compiled again
 * with OXRE_OCTAL (and counted apart).
 *
 * Output is TAP: one line for the file with its counts, one `# SKIP` line
 * per skip reason with its count, one `not ok` line per failing check.
 * Without the data, the whole run is skipped (`1..0 # SKIP`), never passed.
 *
 * OXRE_RE2_SEARCH=file makes the runner read that file only. */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"

#define MAX_GROUPS 64
#define MAX_FAILURE_LINES 200

enum skip_reason {
    SKIP_SYNTAX_C,     /* \C */
    SKIP_SYNTAX_NEG,   /* \p{^Greek} */
    SKIP_SYNTAX_OTHER, /* other syntax the crate rejects */
    SKIP_UNICODE,      /* ASCII classes on non-ASCII text, no faithful flag */
    SKIP_REASONS
};

static const char *const skip_text[SKIP_REASONS] = {
    "RE2's \\C (any single byte, even inside a UTF-8 sequence) is not in the crate's syntax",
    "RE2's negated property spelling \\p{^Name} is not in the crate's syntax (it spells it "
    "\\P{Name})",
    "the crate's syntax rejects the regexp (see the diagnostics for each)",
    "RE2's ASCII \\b \\B \\w \\d \\s on a non-ASCII haystack, and OXRE_NO_UNICODE would also "
    "change other parts of the regexp (., negated classes, \\W \\D \\S, \\p, case folding)",
};

typedef struct {
    long checks, passed, failed, passed_ascii_mode, ascii_mode_differs, passed_octal;
    long skipped[SKIP_REASONS];
    long regexps, regexps_skipped[SKIP_REASONS];
    int failure_lines;
} counts;

/* Encodes a code point as UTF-8. */
static void push_utf8(cf_bytes *b, unsigned long c)
{
    if (c < 0x80) {
        cf_bytes_push(b, (uint8_t)c);
    } else if (c < 0x800) {
        cf_bytes_push(b, (uint8_t)(0xC0 | (c >> 6)));
        cf_bytes_push(b, (uint8_t)(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        cf_bytes_push(b, (uint8_t)(0xE0 | (c >> 12)));
        cf_bytes_push(b, (uint8_t)(0x80 | ((c >> 6) & 0x3F)));
        cf_bytes_push(b, (uint8_t)(0x80 | (c & 0x3F)));
    } else {
        cf_bytes_push(b, (uint8_t)(0xF0 | (c >> 18)));
        cf_bytes_push(b, (uint8_t)(0x80 | ((c >> 12) & 0x3F)));
        cf_bytes_push(b, (uint8_t)(0x80 | ((c >> 6) & 0x3F)));
        cf_bytes_push(b, (uint8_t)(0x80 | (c & 0x3F)));
    }
}

/* Reads `n` hex digits; returns false if they are not. */
static bool hex_digits(const char *s, int n, unsigned long *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (!isxdigit((unsigned char)s[i]))
            return false;
        *v = *v * 16 + (unsigned long)(isdigit((unsigned char)s[i])
                                           ? s[i] - '0'
                                           : tolower((unsigned char)s[i]) - 'a' + 10);
    }
    return true;
}

/* Decodes a Go double-quoted string literal (strconv.Unquote); returns false
 * if it is not one. */
static bool go_unquote(const char *s, cf_bytes *out)
{
    size_t n = strlen(s);
    if (n < 2 || s[0] != '"' || s[n - 1] != '"')
        return false;
    const char *end = s + n - 1;
    for (s++; s < end;) {
        if (*s != '\\') {
            if (*s == '"')
                return false;
            cf_bytes_push(out, (uint8_t)*s++);
            continue;
        }
        if (s + 1 >= end)
            return false;
        char c = s[1];
        unsigned long v;
        const char *simple = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"";
        const char *hit = strchr(simple, c);
        if (c != 0 && hit != NULL && (hit - simple) % 2 == 0) {
            cf_bytes_push(out, (uint8_t)hit[1]);
            s += 2;
        } else if (c == 'x' && s + 4 <= end && hex_digits(s + 2, 2, &v)) {
            cf_bytes_push(out, (uint8_t)v);
            s += 4;
        } else if (c == 'u' && s + 6 <= end && hex_digits(s + 2, 4, &v)) {
            push_utf8(out, v);
            s += 6;
        } else if (c == 'U' && s + 10 <= end && hex_digits(s + 2, 8, &v) && v <= 0x10FFFF) {
            push_utf8(out, v);
            s += 10;
        } else if (c >= '0' && c <= '7' && s + 4 <= end && s[2] >= '0' && s[2] <= '7'
                   && s[3] >= '0' && s[3] <= '7') {
            v = (unsigned long)((c - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
            if (v > 255)
                return false;
            cf_bytes_push(out, (uint8_t)v);
            s += 4;
        } else {
            return false;
        }
    }
    return true;
}

/* Parses one result: "-" or "0-3 1-2 -". Returns the number of groups (0
 * for no match) or -1 if malformed. */
static long parse_result(const char *s, size_t len, size_t *spans)
{
    if (len == 1 && s[0] == '-')
        return 0;
    long n = 0;
    const char *end = s + len;
    while (s < end) {
        if (n == MAX_GROUPS)
            return -1;
        if (*s == '-' && (s + 1 == end || s[1] == ' ')) {
            spans[2 * n] = spans[2 * n + 1] = SIZE_MAX;
            s++;
        } else {
            char *e;
            spans[2 * n] = strtoul(s, &e, 10);
            if (e == s || *e != '-')
                return -1;
            s = e + 1;
            spans[2 * n + 1] = strtoul(s, &e, 10);
            if (e == s || spans[2 * n + 1] < spans[2 * n])
                return -1;
            s = e;
        }
        n++;
        if (s < end) {
            if (*s != ' ')
                return -1;
            s++;
        }
    }
    return n;
}

static bool is_ascii(const cf_bytes *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] >= 0x80)
            return false;
    return true;
}

/* What a regexp uses, as far as Unicode mode is concerned. */
typedef struct {
    bool ascii_classes; /* \b \B \w \d \s: ASCII in RE2, Unicode in the crate */
    bool other_unicode; /* constructs OXRE_NO_UNICODE would change on non-ASCII text */
    bool uses_C;        /* \C */
    bool uses_neg_prop; /* \p{^Name} or \P{^Name} */
} pattern_traits;

static pattern_traits scan_pattern(const cf_bytes *p)
{
    pattern_traits t = {false, false, false, false};
    const char *s = (const char *)p->data;
    for (size_t i = 0; i < p->len; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < p->len) {
            char e = s[++i];
            if (strchr("bBwds", e))
                t.ascii_classes = true;
            else if (strchr("WDS", e))
                t.ascii_classes = t.other_unicode = true;
            else if (e == 'p' || e == 'P') {
                t.other_unicode = true;
                if (i + 2 < p->len && s[i + 1] == '{' && s[i + 2] == '^')
                    t.uses_neg_prop = true;
            }
            else if (e == 'C')
                t.uses_C = true;
        } else if (c == '.') {
            t.other_unicode = true;
        } else if (c == '[' && i + 1 < p->len && s[i + 1] == '^') {
            t.other_unicode = true;
        } else if (c == '(' && i + 1 < p->len && s[i + 1] == '?') {
            for (size_t k = i + 2; k < p->len && s[k] != ')' && s[k] != ':'; k++)
                if (s[k] == 'i')
                    t.other_unicode = true;
        }
    }
    return t;
}

typedef struct {
    cf_bytes text;
    cf_bytes full_text;
    oxre_regex *re[2];       /* [0] full, [1] partial; flags 0 */
    oxre_regex *ascii_re[2]; /* the same with OXRE_NO_UNICODE, made on demand */
    uint32_t flags;          /* 0 or OXRE_OCTAL */
    int skip;                /* -1, or the skip reason of all its checks */
    pattern_traits traits;
    long line;
} regexp_entry;

static void entry_free(regexp_entry *r)
{
    cf_bytes_free(&r->text);
    cf_bytes_free(&r->full_text);
    for (int i = 0; i < 2; i++) {
        oxre_free(r->re[i]);
        oxre_free(r->ascii_re[i]);
    }
    memset(r, 0, sizeof *r);
    r->skip = -1;
}

/* Compiles a regexp and its full-match form; sets r->skip when the crate's
 * syntax rejects it. Returns false on an unexpected failure. */
static bool entry_compile(regexp_entry *r, const char *path)
{
    cf_bytes_append(&r->full_text, "\\A(?:", 5);
    cf_bytes_append(&r->full_text, r->text.data, r->text.len);
    cf_bytes_append(&r->full_text, ")\\z", 3);
    r->traits = scan_pattern(&r->text);
    r->flags = 0;
    r->re[1] = oxre_compile(r->text.data, r->text.len, 0, NULL);
    if (r->re[1] == NULL && strstr(cf_last_error(), "backreference") != NULL) {
        r->flags = OXRE_OCTAL;
        r->re[1] = oxre_compile(r->text.data, r->text.len, r->flags, NULL);
    }
    if (r->re[1] == NULL) {
        const oxre_error *e = oxre_last_error();
        if (e == NULL || e->code != OXRE_ESYNTAX) {
            cf_ok(false, "%s:%ld: compiling %s failed with code %d: %s", path, r->line,
                  cf_quote(0, r->text.data, r->text.len), e ? e->code : 0, cf_last_error());
            return false;
        }
        r->skip = r->traits.uses_C          ? SKIP_SYNTAX_C
                  : r->traits.uses_neg_prop ? SKIP_SYNTAX_NEG
                                            : SKIP_SYNTAX_OTHER;
        cf_diag("skip %s:%ld: %s: %s", path, r->line, cf_quote(0, r->text.data, r->text.len),
                e->message);
        return true;
    }
    if (r->flags != 0)
        cf_diag("%s:%ld: %s compiled with OXRE_OCTAL", path, r->line,
                cf_quote(0, r->text.data, r->text.len));
    r->re[0] = oxre_compile(r->full_text.data, r->full_text.len, r->flags, NULL);
    if (r->re[0] == NULL) {
        cf_ok(false, "%s:%ld: %s compiles but %s does not: %s", path, r->line,
              cf_quote(0, r->text.data, r->text.len),
              cf_quote(1, r->full_text.data, r->full_text.len), cf_last_error());
        return false;
    }
    return true;
}

/* Runs one check (kind 0: full, 1: partial); returns true if it passes. */
static bool run_check(regexp_entry *r, int kind, const cf_bytes *hay, const char *want_text,
                      size_t want_len, const char *path, long line, counts *c, bool *ascii_mode)
{
    size_t want[2 * MAX_GROUPS], got[2 * MAX_GROUPS];
    char why[512] = "";
    long nwant = parse_result(want_text, want_len, want);
    oxre_regex *re = r->re[kind];
    *ascii_mode = false;
    if (r->traits.ascii_classes && !is_ascii(hay)) {
        /* Only reached when OXRE_NO_UNICODE is faithful (see the caller). */
        if (r->ascii_re[kind] == NULL) {
            const cf_bytes *p = kind == 0 ? &r->full_text : &r->text;
            r->ascii_re[kind] = oxre_compile(p->data, p->len, r->flags | OXRE_NO_UNICODE, NULL);
        }
        re = r->ascii_re[kind];
        *ascii_mode = true;
    }
    size_t ngroups = re ? oxre_captures_len(re) : 0;
    int found = -1;
    if (nwant < 0) {
        snprintf(why, sizeof why, "malformed result '%.*s'", (int)want_len, want_text);
    } else if (re == NULL) {
        snprintf(why, sizeof why, "does not compile with OXRE_NO_UNICODE: %s", cf_last_error());
    } else if (ngroups > MAX_GROUPS || (nwant > 0 && (size_t)nwant != ngroups)) {
        snprintf(why, sizeof why, "the regexp has %zu groups, the result lists %ld", ngroups,
                 nwant);
    } else {
        found = cf_search(re, hay->data, hay->len, got, why, sizeof why);
        if (found == 0 && nwant != 0)
            snprintf(why, sizeof why, "expected %s, got no match", cf_spans(0, want, (size_t)nwant));
        else if (found == 1 && nwant == 0)
            snprintf(why, sizeof why, "expected no match, got %s", cf_spans(0, got, ngroups));
        else if (found == 1 && memcmp(want, got, 2 * ngroups * sizeof *got) != 0)
            snprintf(why, sizeof why, "expected %s, got %s", cf_spans(0, want, ngroups),
                     cf_spans(1, got, ngroups));
        else if (found >= 0) {
            if (*ascii_mode) {
                /* Record whether Unicode mode would have failed this one. */
                size_t uni[2 * MAX_GROUPS];
                char ignored[512];
                int f = cf_search(r->re[kind], hay->data, hay->len, uni, ignored, sizeof ignored);
                if (f != found || (f == 1 && memcmp(uni, got, 2 * ngroups * sizeof *got) != 0))
                    c->ascii_mode_differs++;
            }
            return true;
        }
    }
    c->failed++;
    if (++c->failure_lines <= MAX_FAILURE_LINES) {
        const cf_bytes *p = kind == 0 ? &r->full_text : &r->text;
        cf_ok(false, "%s:%ld: %s /%s/%s%s on %s: %s", path, line, kind == 0 ? "full" : "partial",
              cf_quote(0, p->data, p->len), r->flags ? " (OXRE_OCTAL)" : "",
              *ascii_mode ? " (OXRE_NO_UNICODE)" : "", cf_quote(1, hay->data, hay->len), why);
    }
    return false;
}

static void run_file(const char *path)
{
    size_t len;
    char *buf = cf_read_file(path, &len);
    if (buf == NULL) {
        cf_ok(false, "cannot read %s", path);
        return;
    }
    char **lines;
    size_t nlines = cf_split_lines(buf, len, &lines);
    counts c = {0};
    cf_bytes *strs = NULL;
    size_t nstrs = 0, cap = 0, next = 0;
    bool in_strings = false, synced = true;
    regexp_entry r = {0};
    r.skip = -1;
    bool have_regexp = false;

    for (size_t i = 0; i < nlines && synced; i++) {
        const char *line = lines[i];
        long lineno = (long)i + 1;
        if (i + 1 == nlines && line[0] == 0)
            break;
        if (line[0] == 0) {
            synced = cf_ok(false, "%s:%ld: unexpected blank line", path, lineno);
        } else if (line[0] == '#' || (line[0] >= 'A' && line[0] <= 'Z')) {
            continue;
        } else if (strcmp(line, "strings") == 0) {
            for (size_t k = 0; k < nstrs; k++)
                cf_bytes_free(&strs[k]);
            nstrs = 0;
            in_strings = true;
        } else if (strcmp(line, "regexps") == 0) {
            in_strings = false;
        } else if (line[0] == '"') {
            cf_bytes q = {0};
            if (!go_unquote(line, &q)) {
                synced = cf_ok(false, "%s:%ld: cannot unquote %s", path, lineno, line);
            } else if (in_strings) {
                if (nstrs == cap) {
                    cap = cap ? 2 * cap : 16;
                    strs = realloc(strs, cap * sizeof *strs);
                }
                strs[nstrs++] = q;
                q = (cf_bytes){0};
            } else if (have_regexp && next != nstrs) {
                synced = cf_ok(false, "%s:%ld: out of sync: %zu results missing", path, lineno,
                               nstrs - next);
            } else {
                entry_free(&r);
                r.text = q;
                r.line = lineno;
                q = (cf_bytes){0};
                c.regexps++;
                have_regexp = true;
                next = 0;
                synced = entry_compile(&r, path);
                if (r.skip >= 0)
                    c.regexps_skipped[r.skip]++;
            }
            cf_bytes_free(&q);
        } else if (line[0] == '-' || isdigit((unsigned char)line[0])) {
            if (!have_regexp || next >= nstrs) {
                synced = cf_ok(false, "%s:%ld: out of sync: no haystack left", path, lineno);
                break;
            }
            const cf_bytes *hay = &strs[next++];
            /* The four results; the first two are leftmost-first. */
            const char *f0 = line, *f1 = strchr(f0, ';');
            const char *f2 = f1 ? strchr(f1 + 1, ';') : NULL;
            if (f1 == NULL || f2 == NULL || strchr(f2 + 1, ';') == NULL) {
                synced = cf_ok(false, "%s:%ld: expected 4 results", path, lineno);
                break;
            }
            const char *field[2] = {f0, f1 + 1};
            size_t flen[2] = {(size_t)(f1 - f0), (size_t)(f2 - f1 - 1)};
            int skip = r.skip;
            if (skip < 0 && r.traits.ascii_classes && r.traits.other_unicode && !is_ascii(hay))
                skip = SKIP_UNICODE;
            for (int kind = 0; kind < 2; kind++) {
                c.checks++;
                if (skip >= 0) {
                    c.skipped[skip]++;
                    if (skip == SKIP_UNICODE && kind == 0)
                        cf_diag("skip %s:%ld: %s on %s: ASCII classes, Unicode text", path,
                                lineno, cf_quote(0, r.text.data, r.text.len),
                                cf_quote(1, hay->data, hay->len));
                    continue;
                }
                bool ascii_mode;
                if (run_check(&r, kind, hay, field[kind], flen[kind], path, lineno, &c,
                              &ascii_mode)) {
                    c.passed++;
                    c.passed_ascii_mode += ascii_mode;
                    c.passed_octal += r.flags != 0;
                }
            }
        } else {
            synced = cf_ok(false, "%s:%ld: out of sync: %s", path, lineno, line);
        }
    }
    if (synced && have_regexp && next != nstrs)
        cf_ok(false, "%s: out of sync at the end: %zu results missing", path, nstrs - next);
    if (c.failure_lines > MAX_FAILURE_LINES)
        cf_ok(false, "%d more failing checks not shown", c.failure_lines - MAX_FAILURE_LINES);

    long skipped = 0;
    for (int k = 0; k < SKIP_REASONS; k++)
        skipped += c.skipped[k];
    cf_ok(synced && c.failed == 0 && c.passed + skipped == c.checks && c.checks > 0,
          "%s: %ld regexps, %ld checks (full and partial leftmost-first): %ld passed "
          "(%ld with OXRE_NO_UNICODE, %ld of which Unicode mode gets wrong; %ld with OXRE_OCTAL), "
          "%ld failed, %ld skipped",
          path, c.regexps, c.checks, c.passed, c.passed_ascii_mode, c.ascii_mode_differs,
          c.passed_octal, c.failed, skipped);
    for (int k = 0; k < SKIP_REASONS; k++) {
        if (c.skipped[k] == 0)
            continue;
        if (k == SKIP_UNICODE)
            cf_ok(true, "%ld checks # SKIP %s", c.skipped[k], skip_text[k]);
        else
            cf_ok(true, "%ld checks (%ld regexps) # SKIP %s", c.skipped[k], c.regexps_skipped[k],
                  skip_text[k]);
    }
    cf_diag("re2-search: %ld passed, %ld failed, %ld skipped of %ld checks", c.passed, c.failed,
            skipped, c.checks);

    entry_free(&r);
    for (size_t k = 0; k < nstrs; k++)
        cf_bytes_free(&strs[k]);
    free(strs);
    free(lines);
    free(buf);
}

int main(void)
{
    const char *override = getenv("OXRE_RE2_SEARCH");
    const char *only[] = {override, NULL};
    const char *dirs[] = {"/usr/share/go-1.19/src/regexp/testdata",
                          "/usr/lib/go-1.19/src/regexp/testdata",
                          "/usr/share/go-1.*/src/regexp/testdata",
                          "/usr/lib/go/src/regexp/testdata", NULL};
    char *path = NULL;
    if (override != NULL) {
        char *copy = strdup(override), *slash = strrchr(copy, '/');
        if (slash != NULL) {
            *slash = 0;
            only[0] = copy;
            path = cf_find_file(only, slash + 1);
        }
        free(copy);
    } else {
        path = cf_find_file(dirs, "re2-search.txt");
    }
    if (path == NULL) {
        cf_skip_all(override ? "no re2-search data at $OXRE_RE2_SEARCH"
                             : "no re2-search.txt: install golang-1.19-src "
                               "(it provides /usr/share/go-1.19/src/regexp/testdata/re2-search.txt)");
        return 0;
    }
    cf_diag("reading %s", path);
    run_file(path);
    cf_plan(cf_results());
    free(path);
    return 0;
}
