/*
 * oxgrep: a grep built on liboxre's public API, as any user could write it.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 *
 * How it searches: a file is read in big blocks (64 KiB, grown only to hold
 * one whole line), and each block of whole lines is searched as one
 * haystack in multi-line mode. Only where a match is found are the
 * surrounding line boundaries looked for, with memchr/memrchr; lines with no
 * match cost nothing but the engine's scan. A match that runs across a
 * newline (a pattern such as `\s` or `[^a]` can) is checked again inside its
 * own line. All patterns are searched in one pass (oxre_compile_many()).
 */
#define _GNU_SOURCE /* memrchr */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oxre.h"

#define BLOCK_SIZE (64 * 1024)

enum color { COLOR_NEVER, COLOR_ALWAYS, COLOR_AUTO };
enum list { LIST_NONE, LIST_MATCHING, LIST_NONMATCHING };

/* The command line. */
struct opts {
    bool ignore_case, invert, word, line, fixed;
    bool count, number, only, quiet, no_messages, recursive;
    int with_filename; /* -1 unset, 0 -h, 1 -H */
    enum list list;
    intmax_t max_count; /* < 0: no limit */
    bool color;
};

/* The patterns, as given (one per -e, per line of -f, per line of PATTERNS). */
struct patterns {
    char **p;
    size_t *len;
    size_t n, cap;
};

/* What the search needs, made once. */
struct grep {
    struct opts o;
    oxre_regex *re;
    oxre_stream *stream; /* -c, -l, -L, -q: lines are read through it */
    uint8_t *buf;
    size_t cap;
    bool any_selected, error;
};

/* One input being searched. */
struct input {
    const char *name;
    bool show_name;
    bool binary;
    uintmax_t lineno;   /* lines before the block being searched */
    uintmax_t selected; /* lines selected so far */
    bool stop;          /* nothing more to learn from this input */
};

static const char *progname = "oxgrep";

static void die_usage(void)
{
    fprintf(stderr, "Usage: %s [OPTION]... PATTERNS [FILE]...\n"
                    "Try '%s --help' for more information.\n", progname, progname);
    exit(2);
}

static void out_of_memory(void)
{
    fprintf(stderr, "%s: out of memory\n", progname);
    exit(2);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL)
        out_of_memory();
    return q;
}

static void warn_file(struct grep *g, const char *name, int err)
{
    g->error = true;
    if (!g->o.no_messages)
        fprintf(stderr, "%s: %s: %s\n", progname, name, strerror(err));
}

/* --- Patterns ------------------------------------------------------------- */

static void add_pattern(struct patterns *ps, const char *s, size_t len)
{
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? 2 * ps->cap : 8;
        ps->p = xrealloc(ps->p, ps->cap * sizeof *ps->p);
        ps->len = xrealloc(ps->len, ps->cap * sizeof *ps->len);
    }
    ps->p[ps->n] = xrealloc(NULL, len + 1);
    memcpy(ps->p[ps->n], s, len);
    ps->p[ps->n][len] = '\0';
    ps->len[ps->n++] = len;
}

/* A pattern argument holds one pattern per line, as in grep. */
static void add_pattern_lines(struct patterns *ps, const char *s, size_t len, bool from_file)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '\n') {
            if (i == len && from_file && i == start)
                break; /* a file's final newline ends the last pattern */
            add_pattern(ps, s + start, i - start);
            start = i + 1;
        }
    }
}

static void read_pattern_file(struct patterns *ps, const char *path)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "%s: %s: %s\n", progname, path, strerror(errno));
        exit(2);
    }
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 4096)
            data = xrealloc(data, cap = cap ? 2 * cap : 8192);
        ssize_t r = read(fd, data + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            fprintf(stderr, "%s: %s: %s\n", progname, path, strerror(errno));
            exit(2);
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (fd != 0)
        close(fd);
    add_pattern_lines(ps, data, len, true);
    free(data);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_seq(const uint8_t *s, size_t left)
{
    size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
             : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || n > left)
        return 0;
    uint32_t cp = n == 1 ? s[0] : n == 2 ? s[0] & 0x1Fu : n == 3 ? s[0] & 0x0Fu : s[0] & 0x07u;
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3Fu);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static void out_add(char **out, size_t *len, size_t *cap, const void *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        while (*len + n + 1 > *cap)
            *cap = *cap ? 2 * *cap : 64;
        *out = xrealloc(*out, *cap);
    }
    memcpy(*out + *len, s, n);
    *len += n;
    (*out)[*len] = '\0';
}

/* -F: a pattern matching exactly the given bytes, whatever they are. */
static char *escape_fixed(const char *s, size_t len, size_t *out_len)
{
    char *out = NULL;
    size_t n = 0, cap = 0;
    out_add(&out, &n, &cap, "", 0);
    for (size_t i = 0; i < len;) {
        const uint8_t *p = (const uint8_t *)s + i;
        char tmp[16];
        size_t seq = utf8_seq(p, len - i);
        if (seq == 1 && ((*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))) {
            out_add(&out, &n, &cap, p, 1);
        } else if (seq == 1) {
            snprintf(tmp, sizeof tmp, "\\x%02X", *p);
            out_add(&out, &n, &cap, tmp, strlen(tmp));
        } else if (seq > 1) {
            out_add(&out, &n, &cap, p, seq);
        } else { /* not UTF-8: match the raw byte */
            snprintf(tmp, sizeof tmp, "(?-u:\\x%02X)", *p);
            out_add(&out, &n, &cap, tmp, strlen(tmp));
            seq = 1;
        }
        i += seq;
    }
    *out_len = n;
    return out;
}

/* The prefix and suffix -w and -x put around each pattern. A -w match has
 * a non-word character (or the line's edge) on each side, as in grep. */
static void wrapper(const struct opts *o, const char **pre, const char **post)
{
    if (o->line) {
        *pre = "^(?:", *post = ")$";
    } else if (o->word) {
        *pre = "\\b{start-half}(?:", *post = ")\\b{end-half}";
    } else {
        *pre = "", *post = "";
    }
}

static void report_pattern_error(const struct patterns *ps, size_t index, size_t shift)
{
    const oxre_error *e = oxre_last_error();
    const char *msg = e ? e->message : "invalid pattern";
    /* The pattern is named already: drop oxre's "pattern N: " prefix. */
    int skip = 0;
    size_t which;
    if (sscanf(msg, "pattern %zu: %n", &which, &skip) == 1 && skip > 0)
        msg += skip;
    fprintf(stderr, "%s: invalid pattern '%s': %s", progname, ps->p[index], msg);
    if (e && e->has_span && e->span.start >= shift && e->span.start - shift <= ps->len[index])
        fprintf(stderr, " (at byte %zu)", e->span.start - shift);
    fputc('\n', stderr);
}

/* Compiles every pattern into one regex that finds the leftmost match of
 * any of them: the one place that decides how several patterns are
 * searched together. Exits with status 2 on a bad pattern. */
static oxre_regex *compile_patterns(const struct patterns *ps, const struct opts *o)
{
    uint32_t flags = OXRE_MULTI_LINE | (o->ignore_case ? OXRE_CASE_INSENSITIVE : 0);
    const char *pre, *post;
    wrapper(o, &pre, &post);
    size_t npre = strlen(pre), npost = strlen(post);
    const uint8_t **pats = xrealloc(NULL, (ps->n + 1) * sizeof *pats);
    size_t *lens = xrealloc(NULL, (ps->n + 1) * sizeof *lens);
    for (size_t i = 0; i < ps->n; i++) {
        size_t len = ps->len[i];
        char *body = o->fixed ? escape_fixed(ps->p[i], len, &len) : ps->p[i];
        /* A wrapped pattern must stand on its own first: `a)|(b` would
         * otherwise close the wrapper's group and open one of its own. */
        if (*pre && !o->fixed) {
            oxre_regex *alone = oxre_compile((const uint8_t *)body, len, flags, NULL);
            if (alone == NULL) {
                report_pattern_error(ps, i, 0);
                exit(2);
            }
            oxre_free(alone);
        }
        char *w = xrealloc(NULL, npre + len + npost + 1);
        memcpy(w, pre, npre);
        memcpy(w + npre, body, len);
        memcpy(w + npre + len, post, npost + 1);
        if (body != ps->p[i])
            free(body);
        pats[i] = (const uint8_t *)w;
        lens[i] = npre + len + npost;
    }
    oxre_regex *re = oxre_compile_many(pats, lens, ps->n, flags, NULL);
    if (re == NULL) {
        const oxre_error *e = oxre_last_error();
        size_t bad = e && e->pattern < ps->n ? e->pattern : 0;
        if (ps->n == 0 || (o->fixed && e && e->code == OXRE_ESIZE))
            fprintf(stderr, "%s: %s\n", progname, e ? e->message : "cannot compile");
        else
            report_pattern_error(ps, bad, o->fixed ? SIZE_MAX : npre);
        exit(2);
    }
    for (size_t i = 0; i < ps->n; i++)
        free((void *)pats[i]);
    free(pats);
    free(lens);
    return re;
}

/* oxre_search(), where a failure can only be a bug: reported, then exit. */
static int search(const struct grep *g, const uint8_t *hay, size_t n, size_t start, size_t end,
                  uint32_t flags, oxre_match *m)
{
    int r = oxre_search(g->re, hay, n, start, end, flags, m);
    if (r < 0) {
        const oxre_error *e = oxre_last_error();
        fprintf(stderr, "%s: search failed: %s\n", progname, e ? e->message : oxre_strerror(r));
        exit(2);
    }
    return r;
}

/* --- Output --------------------------------------------------------------- */

#define SGR_MATCH "\33[01;31m\33[K"
#define SGR_FILE "\33[35m\33[K"
#define SGR_LINENO "\33[32m\33[K"
#define SGR_SEP "\33[36m\33[K"
#define SGR_END "\33[m\33[K"

static void put_name(const struct grep *g, const struct input *in, const char *sep)
{
    if (g->o.color)
        printf(SGR_FILE "%s" SGR_END "%s%s%s", in->name, *sep == ':' ? SGR_SEP : "", sep,
               *sep == ':' ? SGR_END : "");
    else
        printf("%s%s", in->name, sep);
}

static void put_prefix(const struct grep *g, const struct input *in, uintmax_t lineno)
{
    bool c = g->o.color;
    if (in->show_name)
        put_name(g, in, ":");
    if (g->o.number) {
        if (c)
            printf(SGR_LINENO "%ju" SGR_END SGR_SEP ":" SGR_END, lineno);
        else
            printf("%ju:", lineno);
    }
}

/* Calls `each` on every non-empty match inside the line [ls, le) of the
 * block; returns how many there were. */
static size_t line_matches(const struct grep *g, const uint8_t *hay, size_t n, size_t ls,
                           size_t le, void (*each)(const uint8_t *, size_t, size_t, void *),
                           void *arg)
{
    size_t count = 0, p = ls;
    while (p <= le) {
        oxre_match m;
        if (search(g, hay, n, p, le, 0, &m) == 0)
            break;
        if (m.end == m.start) { /* empty matches print nothing, as in grep */
            p = m.end + 1;
            continue;
        }
        each(hay, m.start, m.end, arg);
        count++;
        p = m.end;
    }
    return count;
}

struct only_ctx {
    const struct grep *g;
    const struct input *in;
    uintmax_t lineno;
};

static void print_only(const uint8_t *hay, size_t s, size_t e, void *arg)
{
    struct only_ctx *c = arg;
    put_prefix(c->g, c->in, c->lineno);
    if (c->g->o.color)
        fputs(SGR_MATCH, stdout);
    fwrite(hay + s, 1, e - s, stdout);
    fputs(c->g->o.color ? SGR_END "\n" : "\n", stdout);
}

struct color_ctx {
    size_t done; /* printed up to here */
};

static void print_colored(const uint8_t *hay, size_t s, size_t e, void *arg)
{
    struct color_ctx *c = arg;
    fwrite(hay + c->done, 1, s - c->done, stdout);
    fputs(SGR_MATCH, stdout);
    fwrite(hay + s, 1, e - s, stdout);
    fputs(SGR_END, stdout);
    c->done = e;
}

/* Does something with one selected line; returns false when the input
 * needs no more searching. */
static bool select_line(struct grep *g, struct input *in, const uint8_t *hay, size_t n,
                        size_t ls, size_t le, uintmax_t lineno)
{
    const struct opts *o = &g->o;
    g->any_selected = true;
    in->selected++;
    if (o->quiet) {
        fflush(stdout);
        exit(0);
    }
    bool limit = o->max_count >= 0 && in->selected >= (uintmax_t)o->max_count;
    if (o->list != LIST_NONE)
        return false;
    if (o->count)
        return !limit;
    if (in->binary) {
        fflush(stdout);
        fprintf(stderr, "%s: %s: binary file matches\n", progname, in->name);
        return false;
    }
    if (o->only) {
        if (!o->invert) {
            struct only_ctx c = {g, in, lineno};
            line_matches(g, hay, n, ls, le, print_only, &c);
        }
        return !limit;
    }
    put_prefix(g, in, lineno);
    if (o->color && !o->invert) {
        struct color_ctx c = {ls};
        line_matches(g, hay, n, ls, le, print_colored, &c);
        fwrite(hay + c.done, 1, le - c.done, stdout);
    } else {
        fwrite(hay + ls, 1, le - ls, stdout);
    }
    putchar('\n');
    return !limit;
}

/* --- The block search ------------------------------------------------------- */

static uintmax_t count_newlines(const uint8_t *p, size_t len)
{
    uintmax_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += p[i] == '\n';
    return n;
}

static size_t line_end(const uint8_t *hay, size_t n, size_t at)
{
    const uint8_t *nl = memchr(hay + at, '\n', n - at);
    return nl ? (size_t)(nl - hay) : n;
}

/* Finds the first line at or after `pos` (a line start) that holds a match,
 * and stores its bounds [*ls, *le) (*le is the newline's offset or n).
 * The block hay[0, n) holds whole lines.
 *
 * The earliest match will do: the line where it starts is the first line
 * with a match, unless the match runs across a newline. Then each line it
 * touches is searched on its own, and the block search goes on after them,
 * so that every byte is scanned a bounded number of times. */
static bool next_matching_line(const struct grep *g, const uint8_t *hay, size_t n, size_t pos,
                               size_t *ls, size_t *le)
{
    while (pos < n) {
        oxre_match m;
        if (search(g, hay, n, pos, n, OXRE_EARLIEST, &m) == 0 ||
            (m.start == n && hay[n - 1] == '\n')) /* after the last newline: no line */
            break;
        const uint8_t *nl = m.start > pos ? memrchr(hay + pos, '\n', m.start - pos) : NULL;
        *ls = nl ? (size_t)(nl - hay) + 1 : pos;
        *le = line_end(hay, n, m.start);
        if (m.end <= *le)
            return true;
        for (;;) {
            if (search(g, hay, n, *ls, *le, OXRE_EARLIEST, NULL) == 1)
                return true;
            if (*le >= n || *le + 1 > m.end)
                break;
            *ls = *le + 1;
            *le = line_end(hay, n, *ls);
        }
        pos = *le + 1;
    }
    *ls = *le = n;
    return false;
}

/* Searches a block of whole lines; returns false when the input needs no
 * more searching. */
static bool search_block(struct grep *g, struct input *in, const uint8_t *hay, size_t n)
{
    const struct opts *o = &g->o;
    bool want_lineno = o->number;
    size_t pos = 0;
    while (pos < n) {
        size_t ls = n, le = n;
        bool found = next_matching_line(g, hay, n, pos, &ls, &le);
        if (o->invert) {
            /* Every line before the match is selected. */
            for (size_t p = pos; p < ls;) {
                size_t e = line_end(hay, n, p);
                in->lineno++;
                if (!select_line(g, in, hay, n, p, e, in->lineno))
                    return false;
                p = e + 1;
            }
            if (found)
                in->lineno++;
        } else if (found) {
            if (want_lineno)
                in->lineno += count_newlines(hay + pos, ls - pos) + 1;
            if (!select_line(g, in, hay, n, ls, le, in->lineno))
                return false;
        } else if (want_lineno) {
            in->lineno += count_newlines(hay + pos, n - pos);
        }
        if (!found)
            break;
        pos = le + 1;
    }
    return true;
}

/* Reads and searches one open file. Memory: one block, grown only when a
 * single line does not fit. */
static void search_fd(struct grep *g, struct input *in, int fd)
{
    size_t len = 0; /* bytes held: a partial line carried over, then new data */
    bool eof = false;
    while (!eof && !in->stop) {
        if (len == g->cap) {
            if (g->cap > SIZE_MAX / 2) {
                fprintf(stderr, "%s: %s: line too long\n", progname, in->name);
                g->error = true;
                return;
            }
            g->cap *= 2;
            g->buf = xrealloc(g->buf, g->cap);
        }
        ssize_t r = read(fd, g->buf + len, g->cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            warn_file(g, in->name, errno);
            return;
        }
        eof = r == 0;
        if (!in->binary && memchr(g->buf + len, '\0', (size_t)r))
            in->binary = true;
        len += (size_t)r;
        /* The whole lines held; at the end of the input, everything. */
        size_t n = len;
        if (!eof) {
            const uint8_t *nl = memrchr(g->buf, '\n', len);
            if (nl == NULL)
                continue;
            n = (size_t)(nl - g->buf) + 1;
        }
        if (n > 0 && !search_block(g, in, g->buf, n))
            in->stop = true;
        memmove(g->buf, g->buf + n, len - n);
        len -= n;
    }
}

/* --- The stream search (-c, -l, -L, -q) ------------------------------------- */
/* When no line is printed, each line is fed to a stream as it is read, in
 * pieces of the read buffer, so that memory stays bounded whatever the
 * length of a line: the stream keeps only what a match in progress needs.
 * A line's stream ends at its newline (a line is searched alone, as the
 * block search does), and stops at the line's first match. */

/* The most a line's match in progress may keep (see oxgrep(1)). */
#define STREAM_HISTORY ((uint64_t)64 << 20)

static int first_match(void *ctx, const oxre_stream_match *m)
{
    (void)m;
    *(bool *)ctx = true;
    return 1;
}

/* A stream call's failure other than the callback's stop: reported, and the
 * input abandoned. */
static bool stream_ok(struct grep *g, struct input *in, int r)
{
    if (r >= 0 || r == OXRE_ECALLBACK)
        return true;
    const oxre_error *e = oxre_last_error();
    fprintf(stderr, "%s: %s: %s\n", progname, in->name, e ? e->message : "search failed");
    g->error = true;
    in->stop = true;
    return false;
}

/* The line being read ends: decides it, selects it or not, and makes the
 * stream ready for the next line. */
static void end_line(struct grep *g, struct input *in, bool *matched)
{
    if (!*matched && !stream_ok(g, in, oxre_stream_finish(g->stream, first_match, matched)))
        return;
    in->lineno++;
    if (*matched != g->o.invert && !select_line(g, in, NULL, 0, 0, 0, in->lineno))
        in->stop = true;
    oxre_stream_reset(g->stream);
    *matched = false;
}

static void search_fd_stream(struct grep *g, struct input *in, int fd)
{
    bool matched = false, open_line = false;
    oxre_stream_reset(g->stream);
    while (!in->stop) {
        ssize_t r = read(fd, g->buf, g->cap);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            warn_file(g, in->name, errno);
            return;
        }
        if (r == 0)
            break;
        size_t at = 0, n = (size_t)r;
        while (at < n && !in->stop) {
            const uint8_t *nl = memchr(g->buf + at, '\n', n - at);
            size_t end = nl ? (size_t)(nl - g->buf) : n;
            if (!matched && end > at &&
                !stream_ok(g, in, oxre_stream_feed(g->stream, g->buf + at, end - at,
                                                   first_match, &matched)))
                return;
            open_line = nl == NULL;
            if (nl == NULL)
                break;
            end_line(g, in, &matched);
            at = end + 1;
        }
    }
    if (open_line && !in->stop)
        end_line(g, in, &matched);
}

static void finish_input(struct grep *g, const struct input *in)
{
    const struct opts *o = &g->o;
    if (o->count && o->list == LIST_NONE) {
        if (in->show_name)
            put_name(g, in, ":");
        printf("%ju\n", in->selected);
    }
    if ((o->list == LIST_MATCHING && in->selected > 0) ||
        (o->list == LIST_NONMATCHING && in->selected == 0))
        put_name(g, in, "\n");
}

/* --- Files and directories ----------------------------------------------- */

static void search_path(struct grep *g, const char *path, const char *display, bool top,
                        bool show_name);

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* -r: every entry, in byte order of names; symbolic links and special
 * files found while walking are skipped, as grep -r does. */
static void search_dir(struct grep *g, const char *path, const char *display)
{
    DIR *d = opendir(path);
    if (d == NULL) {
        warn_file(g, *display ? display : path, errno);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap)
            names = xrealloc(names, (cap = cap ? 2 * cap : 32) * sizeof *names);
        if ((names[n++] = strdup(e->d_name)) == NULL)
            out_of_memory();
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n; i++) {
        size_t lp = strlen(path), ld = strlen(display);
        bool dot = strcmp(display, "") == 0;
        char *child = xrealloc(NULL, lp + strlen(names[i]) + 2);
        char *child_display = xrealloc(NULL, ld + strlen(names[i]) + 2);
        sprintf(child, "%s%s%s", path, path[lp - 1] == '/' ? "" : "/", names[i]);
        sprintf(child_display, "%s%s%s", display,
                dot || display[ld - 1] == '/' ? "" : "/", names[i]);
        search_path(g, child, child_display, false, g->o.with_filename != 0);
        free(child);
        free(child_display);
        free(names[i]);
    }
    free(names);
}

static void search_input(struct grep *g, int fd, const char *display, bool show_name)
{
    struct input in = {.name = display, .show_name = show_name};
    if (g->o.max_count != 0 && g->stream)
        search_fd_stream(g, &in, fd);
    else if (g->o.max_count != 0)
        search_fd(g, &in, fd);
    finish_input(g, &in);
}

static void search_path(struct grep *g, const char *path, const char *display, bool top,
                        bool show_name)
{
    struct stat st;
    if (!top) {
        if (lstat(path, &st) != 0) {
            warn_file(g, display, errno);
            return;
        }
        if (S_ISDIR(st.st_mode)) {
            search_dir(g, path, display);
            return;
        }
        if (!S_ISREG(st.st_mode))
            return;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        warn_file(g, display, errno);
        return;
    }
    if (top && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        if (g->o.recursive)
            search_dir(g, path, display);
        else
            warn_file(g, display, EISDIR);
        return;
    }
    search_input(g, fd, display, show_name);
    close(fd);
}

/* --- The command line -------------------------------------------------------- */

static void usage_full(void)
{
    printf("Usage: %s [OPTION]... PATTERNS [FILE]...\n"
           "Search for PATTERNS in each FILE (or standard input), with oxre's\n"
           "linear-time regular expressions. PATTERNS holds one pattern per line.\n"
           "\n"
           "Patterns:\n"
           "  -e, --regexp=PATTERNS     use PATTERNS (repeatable)\n"
           "  -f, --file=FILE           take patterns from FILE, one per line\n"
           "  -F, --fixed-strings       PATTERNS are strings, not regular expressions\n"
           "  -E, --extended-regexp     accepted; the syntax is always oxre's\n"
           "  -P, --perl-regexp         accepted; the syntax is always oxre's\n"
           "  -i, --ignore-case         ignore case\n"
           "  -w, --word-regexp         match only whole words\n"
           "  -x, --line-regexp         match only whole lines\n"
           "\n"
           "Selection and output:\n"
           "  -v, --invert-match        select non-matching lines\n"
           "  -m, --max-count=NUM       stop after NUM selected lines\n"
           "  -c, --count               print only a count of selected lines per file\n"
           "  -l, --files-with-matches  print only names of files with selected lines\n"
           "  -L, --files-without-match print only names of files with none\n"
           "  -o, --only-matching       print only the matched parts of lines\n"
           "  -n, --line-number         print line numbers\n"
           "  -H, --with-filename       print file names\n"
           "  -h, --no-filename         do not print file names\n"
           "  -q, --quiet, --silent     print nothing; exit 0 on the first selected line\n"
           "  -s, --no-messages         no messages about unreadable files\n"
           "      --color[=WHEN]        highlight matches: never, always or auto\n"
           "  -r, --recursive           search directories recursively\n"
           "  -V, --version             print the version and exit\n"
           "      --help                print this help and exit\n"
           "\n"
           "Exit status: 0 if a line is selected, 1 if none, 2 on error (0 with -q\n"
           "if a line is selected despite errors). See oxgrep(1).\n",
           progname);
}

enum { OPT_COLOR = 256, OPT_HELP };

static const struct option long_opts[] = {
    {"regexp", required_argument, NULL, 'e'},
    {"file", required_argument, NULL, 'f'},
    {"fixed-strings", no_argument, NULL, 'F'},
    {"extended-regexp", no_argument, NULL, 'E'},
    {"perl-regexp", no_argument, NULL, 'P'},
    {"basic-regexp", no_argument, NULL, 'G'},
    {"ignore-case", no_argument, NULL, 'i'},
    {"word-regexp", no_argument, NULL, 'w'},
    {"line-regexp", no_argument, NULL, 'x'},
    {"invert-match", no_argument, NULL, 'v'},
    {"max-count", required_argument, NULL, 'm'},
    {"count", no_argument, NULL, 'c'},
    {"files-with-matches", no_argument, NULL, 'l'},
    {"files-without-match", no_argument, NULL, 'L'},
    {"only-matching", no_argument, NULL, 'o'},
    {"line-number", no_argument, NULL, 'n'},
    {"with-filename", no_argument, NULL, 'H'},
    {"no-filename", no_argument, NULL, 'h'},
    {"quiet", no_argument, NULL, 'q'},
    {"silent", no_argument, NULL, 'q'},
    {"no-messages", no_argument, NULL, 's'},
    {"recursive", no_argument, NULL, 'r'},
    {"color", optional_argument, NULL, OPT_COLOR},
    {"colour", optional_argument, NULL, OPT_COLOR},
    {"version", no_argument, NULL, 'V'},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

static bool parse_color(const char *arg)
{
    enum color c;
    if (arg == NULL || strcmp(arg, "auto") == 0 || strcmp(arg, "tty") == 0 ||
        strcmp(arg, "if-tty") == 0)
        c = COLOR_AUTO;
    else if (strcmp(arg, "always") == 0 || strcmp(arg, "yes") == 0 || strcmp(arg, "force") == 0)
        c = COLOR_ALWAYS;
    else if (strcmp(arg, "never") == 0 || strcmp(arg, "no") == 0 || strcmp(arg, "none") == 0)
        c = COLOR_NEVER;
    else {
        fprintf(stderr, "%s: invalid argument '%s' for '--color'\n"
                        "Valid arguments are 'always', 'never' and 'auto'.\n", progname, arg);
        die_usage();
    }
    if (c == COLOR_AUTO) {
        const char *term = getenv("TERM");
        return isatty(STDOUT_FILENO) && term && strcmp(term, "dumb") != 0;
    }
    return c == COLOR_ALWAYS;
}

static intmax_t parse_count(const char *arg)
{
    char *end;
    errno = 0;
    intmax_t v = strtoimax(arg, &end, 10);
    if (end == arg || *end != '\0' || errno == ERANGE) {
        if (errno == ERANGE && end != arg && *end == '\0')
            return v < 0 ? -1 : INTMAX_MAX;
        fprintf(stderr, "%s: invalid max count\n", progname);
        exit(2);
    }
    return v < 0 ? -1 : v; /* a negative count means no limit, as in grep */
}

static void parse_args(int argc, char **argv, struct opts *o, struct patterns *ps, int *first)
{
    bool have_patterns = false;
    int c;
    argv[0] = (char *)progname; /* getopt's messages name the program so */
    while ((c = getopt_long(argc, argv, "e:f:FEPGiywxvm:clLonHhqsrV", long_opts, NULL)) != -1) {
        switch (c) {
        case 'e': add_pattern_lines(ps, optarg, strlen(optarg), false); have_patterns = true; break;
        case 'f': read_pattern_file(ps, optarg); have_patterns = true; break;
        case 'F': o->fixed = true; break;
        case 'E': case 'P': o->fixed = false; break;
        case 'G':
            fprintf(stderr, "%s: -G: basic regular expressions are not supported; "
                            "patterns use oxre's syntax (as with -E or -P)\n", progname);
            exit(2);
        case 'i': case 'y': o->ignore_case = true; break;
        case 'w': o->word = true; break;
        case 'x': o->line = true; break;
        case 'v': o->invert = true; break;
        case 'm': o->max_count = parse_count(optarg); break;
        case 'c': o->count = true; break;
        case 'l': o->list = LIST_MATCHING; break;
        case 'L': o->list = LIST_NONMATCHING; break;
        case 'o': o->only = true; break;
        case 'n': o->number = true; break;
        case 'H': o->with_filename = 1; break;
        case 'h': o->with_filename = 0; break;
        case 'q': o->quiet = true; break;
        case 's': o->no_messages = true; break;
        case 'r': o->recursive = true; break;
        case OPT_COLOR: o->color = parse_color(optarg); break;
        case 'V':
            printf("oxgrep (oxre) %s\n", oxre_version());
            exit(0);
        case OPT_HELP:
            usage_full();
            exit(0);
        default:
            die_usage();
        }
    }
    if (!have_patterns) {
        if (optind >= argc)
            die_usage();
        add_pattern_lines(ps, argv[optind], strlen(argv[optind]), false);
        optind++;
    }
    *first = optind;
}

int main(int argc, char **argv)
{
    struct grep g = {.o = {.with_filename = -1, .max_count = -1}};
    struct patterns ps = {0};
    int first;
    parse_args(argc, argv, &g.o, &ps, &first);
    g.re = compile_patterns(&ps, &g.o);
    if (g.o.count || g.o.list != LIST_NONE || g.o.quiet) {
        /* A line needs no more history than this, whatever its length. */
        oxre_stream_options so;
        oxre_stream_options_init(&so);
        so.history_limit = STREAM_HISTORY;
        g.stream = oxre_stream_new(g.re, 0, &so);
        if (g.stream == NULL) {
            const oxre_error *e = oxre_last_error();
            fprintf(stderr, "%s: %s\n", progname, e ? e->message : "cannot search");
            return 2;
        }
    }
    g.cap = BLOCK_SIZE;
    g.buf = xrealloc(NULL, g.cap);
    static char outbuf[BLOCK_SIZE];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

    int nfiles = argc - first;
    bool many = nfiles > 1;
    if (nfiles == 0) {
        if (g.o.recursive) {
            /* grep -r with no file searches the working directory, and names
             * what it finds relative to it. */
            search_dir(&g, ".", "");
        } else {
            search_input(&g, STDIN_FILENO, "(standard input)",
                         g.o.with_filename == 1);
        }
    }
    for (int i = first; i < argc; i++) {
        const char *path = argv[i];
        bool show = g.o.with_filename >= 0 ? g.o.with_filename : many;
        if (strcmp(path, "-") == 0) {
            search_input(&g, STDIN_FILENO, "(standard input)", show);
            continue;
        }
        search_path(&g, path, path, true, show);
    }

    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: write error: %s\n", progname, strerror(errno));
        return 2;
    }
    oxre_stream_free(g.stream);
    oxre_free(g.re);
    free(g.buf);
    for (size_t i = 0; i < ps.n; i++)
        free(ps.p[i]);
    free(ps.p);
    free(ps.len);
    return g.error ? 2 : g.any_selected ? 0 : 1;
}
