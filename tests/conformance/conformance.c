/* Support code for the conformance runners; see conformance.h. */
#define _POSIX_C_SOURCE 200809L

#include "conformance.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL) {
        fprintf(stdout, "Bail out! out of memory\n");
        exit(99);
    }
    return q;
}

void cf_bytes_push(cf_bytes *b, uint8_t c)
{
    cf_bytes_append(b, &c, 1);
}

void cf_bytes_append(cf_bytes *b, const void *data, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        b->cap = (b->len + len + 1) * 2;
        b->data = xrealloc(b->data, b->cap);
    }
    if (len > 0)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = 0;
}

void cf_bytes_free(cf_bytes *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* Compares two strings the way version numbers compare: runs of digits by
 * their value, everything else byte by byte. */
static int version_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            unsigned long x = strtoul(a, (char **)&a, 10);
            unsigned long y = strtoul(b, (char **)&b, 10);
            if (x != y)
                return x < y ? -1 : 1;
        } else {
            if (*a != *b)
                return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++, b++;
        }
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static int version_cmp_desc(const void *x, const void *y)
{
    return version_cmp(*(char *const *)y, *(char *const *)x);
}

char *cf_find_file(const char *const *dirs, const char *leaf)
{
    for (; *dirs != NULL; dirs++) {
        glob_t g;
        if (glob(*dirs, 0, NULL, &g) != 0)
            continue;
        qsort(g.gl_pathv, g.gl_pathc, sizeof(char *), version_cmp_desc);
        for (size_t i = 0; i < g.gl_pathc; i++) {
            size_t n = strlen(g.gl_pathv[i]) + strlen(leaf) + 2;
            char *path = xrealloc(NULL, n);
            snprintf(path, n, "%s/%s", g.gl_pathv[i], leaf);
            if (access(path, R_OK) == 0) {
                globfree(&g);
                return path;
            }
            free(path);
        }
        globfree(&g);
    }
    return NULL;
}

char *cf_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    cf_bytes b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        cf_bytes_append(&b, chunk, n);
    int err = ferror(f);
    fclose(f);
    if (err) {
        cf_bytes_free(&b);
        errno = EIO;
        return NULL;
    }
    if (b.data == NULL)
        cf_bytes_append(&b, "", 0);
    *len = b.len;
    return (char *)b.data;
}

size_t cf_split_lines(char *buf, size_t len, char ***lines)
{
    size_t n = 0, cap = 0;
    char **v = NULL;
    char *p = buf, *end = buf + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            v = xrealloc(v, cap * sizeof *v);
        }
        v[n++] = p;
        if (nl == NULL)
            break;
        *nl = 0;
        p = nl + 1;
    }
    *lines = v;
    return n;
}

static int tap_n, tap_failed;

void cf_plan(int n)
{
    printf("1..%d\n", n);
}

void cf_skip_all(const char *reason)
{
    printf("1..0 # SKIP %s\n", reason);
}

int cf_ok(bool pass, const char *fmt, ...)
{
    va_list ap;
    tap_n++;
    if (!pass)
        tap_failed++;
    printf("%sok %d - ", pass ? "" : "not ", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    return pass;
}

void cf_diag(const char *fmt, ...)
{
    va_list ap;
    fputs("# ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

int cf_results(void)
{
    return tap_n;
}

int cf_failures(void)
{
    return tap_failed;
}

#define SLOT_SIZE 1024

const char *cf_quote(int slot, const uint8_t *s, size_t len)
{
    static char bufs[4][SLOT_SIZE];
    char *out = bufs[slot & 3];
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < len && o < SLOT_SIZE - 12; i++) {
        uint8_t c = s[i];
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c >= 0x20 && c < 0x7f) {
            out[o++] = (char)c;
        } else {
            o += (size_t)snprintf(out + o, SLOT_SIZE - o, "\\x%02X", c);
        }
        if (o >= SLOT_SIZE - 12 && i + 1 < len) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
    }
    out[o++] = '"';
    out[o] = 0;
    return out;
}

const char *cf_spans(int slot, const size_t *spans, size_t n)
{
    static char bufs[4][SLOT_SIZE];
    char *out = bufs[slot & 3];
    size_t o = 0;
    out[0] = 0;
    for (size_t i = 0; i < n && o < SLOT_SIZE - 48; i++) {
        if (spans[2 * i] == SIZE_MAX)
            o += (size_t)snprintf(out + o, SLOT_SIZE - o, "(?,?)");
        else
            o += (size_t)snprintf(out + o, SLOT_SIZE - o, "(%zu,%zu)", spans[2 * i],
                                  spans[2 * i + 1]);
    }
    if (n == 0)
        snprintf(out, SLOT_SIZE, "NOMATCH");
    return out;
}

const char *cf_last_error(void)
{
    const oxre_error *e = oxre_last_error();
    return e ? e->message : "(none)";
}

/* The matches (start, end, pattern) a stream or the iterator reports. */
typedef struct {
    uint64_t m[3 * 256];
    size_t n;
    bool overflow;
} cf_matches;

static int cf_collect(void *ctx, const oxre_stream_match *m)
{
    cf_matches *out = ctx;
    if (out->n == 256) {
        out->overflow = true;
        return 1;
    }
    out->m[3 * out->n] = m->start;
    out->m[3 * out->n + 1] = m->end;
    out->m[3 * out->n + 2] = m->pattern;
    out->n++;
    return 0;
}

/* Feeds hay to a new stream in chunks: the first `split` bytes, then `step`
 * bytes at a time (0: all the rest). */
static bool cf_streamed(const oxre_regex *re, const uint8_t *hay, size_t len, size_t split,
                        size_t step, cf_matches *out)
{
    oxre_stream *s = oxre_stream_new(re, 0, NULL);
    if (s == NULL)
        return false;
    out->n = 0;
    out->overflow = false;
    bool ok = oxre_stream_feed(s, hay, split, cf_collect, out) >= 0;
    for (size_t at = split; ok && at < len;) {
        size_t n = step == 0 || step > len - at ? len - at : step;
        ok = oxre_stream_feed(s, hay + at, n, cf_collect, out) >= 0;
        at += n;
    }
    ok = ok && oxre_stream_finish(s, cf_collect, out) >= 0;
    oxre_stream_free(s);
    return ok || out->overflow;
}

/* Checks that streams fed the haystack one byte at a time and split in two
 * at every offset (haystacks up to 64 bytes) report the matches oxre_iter
 * finds over the whole haystack. */
static bool cf_streams_agree(const oxre_regex *re, const uint8_t *hay, size_t len, char *why,
                             size_t why_len)
{
    static cf_matches want, got;
    want.n = 0;
    want.overflow = false;
    oxre_iter *it = oxre_iter_new(re, hay, len, 0);
    if (it == NULL) {
        snprintf(why, why_len, "oxre_iter_new failed: %s", cf_last_error());
        return false;
    }
    oxre_match m;
    while (want.n < 256 && oxre_iter_next_match(it, &m) == 1) {
        want.m[3 * want.n] = m.start;
        want.m[3 * want.n + 1] = m.end;
        want.m[3 * want.n + 2] = m.pattern;
        want.n++;
    }
    oxre_iter_free(it);
    size_t splits = len <= 64 ? len : 0;
    for (size_t i = 0; i <= splits + 1; i++) {
        size_t split = i <= splits ? i : 0, step = i <= splits ? 0 : 1;
        if (!cf_streamed(re, hay, len, split, step, &got)) {
            snprintf(why, why_len, "stream failed: %s", cf_last_error());
            return false;
        }
        size_t n = got.n < want.n ? got.n : want.n;
        if ((got.n != want.n && !got.overflow) ||
            memcmp(got.m, want.m, 3 * n * sizeof *got.m) != 0) {
            snprintf(why, why_len,
                     "a stream fed %s%zu bytes first reports %zu matches, not the iterator's %zu "
                     "(or other ones)",
                     step ? "one byte at a time after " : "", split, got.n, want.n);
            return false;
        }
    }
    return true;
}

int cf_search(const oxre_regex *re, const uint8_t *hay, size_t len, size_t *out,
              char *why, size_t why_len)
{
    size_t ngroups = oxre_captures_len(re);
    for (size_t i = 0; i < 2 * ngroups; i++)
        out[i] = SIZE_MAX;

    int is = oxre_is_match(re, hay, len, 0);
    oxre_span m = {SIZE_MAX, SIZE_MAX};
    int found = oxre_find(re, hay, len, 0, &m);
    oxre_captures *caps = oxre_captures_new(re);
    if (caps == NULL) {
        snprintf(why, why_len, "oxre_captures_new failed: %s", cf_last_error());
        return -1;
    }
    int got = oxre_captures_read(re, caps, hay, len, 0);
    int result = got;
    if (is < 0 || found < 0 || got < 0) {
        snprintf(why, why_len, "a search failed (is_match %d, find %d, captures_read %d): %s",
                 is, found, got, cf_last_error());
        result = -1;
    } else if (is != found || found != got) {
        snprintf(why, why_len, "oxre_is_match says %d, oxre_find %d, oxre_captures_read %d", is,
                 found, got);
        result = -1;
    } else if (got == 1) {
        for (size_t i = 0; i < ngroups; i++) {
            oxre_span s;
            int r = oxre_captures_get(caps, i, &s);
            if (r < 0) {
                snprintf(why, why_len, "oxre_captures_get(%zu) failed: %s", i, cf_last_error());
                result = -1;
                break;
            }
            if (r == 1) {
                out[2 * i] = s.start;
                out[2 * i + 1] = s.end;
            }
        }
        if (result == 1 && (out[0] != m.start || out[1] != m.end)) {
            snprintf(why, why_len, "oxre_find gives (%zu,%zu) but group 0 is %s", m.start, m.end,
                     cf_spans(3, out, 1));
            result = -1;
        }
    }
    oxre_captures_free(caps);
    if (result >= 0 && !cf_streams_agree(re, hay, len, why, why_len))
        result = -1;
    return result;
}
