/*
 * oxredemo: a tour of the oxre API in one small program.
 *
 *   oxredemo [PATTERN [SUBJECT]]
 *   oxredemo --stream PATTERN < input
 *
 * With no arguments it runs a built-in demonstration: matches, groups by
 * number and by name, iteration, replacement with a template, and a pattern
 * error. With a PATTERN (and an optional SUBJECT) it compiles the pattern,
 * prints every match with its capture groups, and reports errors the way a
 * careful program should: with the code, the message and, for a pattern
 * error, a caret under the offending part of the pattern. With --stream it
 * is a filter: it reads standard input in small chunks through a stream,
 * holding only what a match in progress needs, and prints each match's
 * offsets and bytes as soon as it is final, then the count.
 *
 * Build it against an installed oxre with:
 *   cc -o oxredemo oxredemo.c $(pkg-config --cflags --libs oxre)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oxre.h>

/* Prints the last error; for a pattern error, points at the bad part. */
static void report_error(const char *what, const char *pattern)
{
    const oxre_error *err = oxre_last_error();
    fflush(stdout); /* keep the report in order with what was printed */
    if (err == NULL) {
        fprintf(stderr, "%s failed\n", what);
        return;
    }
    fprintf(stderr, "%s failed: %s (%s)\n", what, err->message, oxre_strerror(err->code));
    if (err->has_span && pattern != NULL) {
        fprintf(stderr, "    %s\n    %*s", pattern, (int)err->span.start, "");
        for (size_t i = err->span.start; i < err->span.end || i == err->span.start; i++)
            fputc('^', stderr);
        fputc('\n', stderr);
    }
}

/* Prints every match of pattern in subject, with its groups. */
static int show_matches(const char *pattern, uint32_t flags, const char *subject)
{
    oxre_regex *re = oxre_compile((const uint8_t *)pattern, strlen(pattern), flags, NULL);
    if (re == NULL) {
        report_error("compiling the pattern", pattern);
        return -1;
    }
    printf("pattern /%s/ on \"%s\":\n", pattern, subject);

    oxre_captures *caps = oxre_captures_new(re);
    oxre_iter *it = oxre_iter_new(re, (const uint8_t *)subject, strlen(subject), 0);
    if (caps == NULL || it == NULL) {
        report_error("setting up the search", NULL);
        oxre_iter_free(it);
        oxre_captures_free(caps);
        oxre_free(re);
        return -1;
    }

    int n = 0, rc;
    while ((rc = oxre_iter_next_captures(it, caps)) == 1) {
        n++;
        for (size_t g = 0; g < oxre_captures_group_count(caps); g++) {
            oxre_span span;
            const char *name = NULL;
            oxre_capture_name(re, g, &name);
            if (oxre_captures_get(caps, g, &span) == 1)
                printf("  %s %zu%s%s%s: [%zu, %zu) \"%.*s\"\n", g == 0 ? "match" : "  group", g,
                       name ? " <" : "", name ? name : "", name ? ">" : "", span.start, span.end,
                       (int)(span.end - span.start), subject + span.start);
            else
                printf("    group %zu%s%s%s: did not participate\n", g, name ? " <" : "",
                       name ? name : "", name ? ">" : "");
        }
    }
    if (rc < 0)
        report_error("searching", NULL);
    if (n == 0 && rc == 0)
        printf("  no match\n");

    oxre_iter_free(it);
    oxre_captures_free(caps);
    oxre_free(re);
    return rc < 0 ? -1 : n;
}

/* Rewrites every match of pattern in subject with a template ($name, ${1},
 * $$), and prints the result. */
static int show_replace(const char *pattern, const char *template, const char *subject)
{
    oxre_regex *re = oxre_compile((const uint8_t *)pattern, strlen(pattern), 0, NULL);
    if (re == NULL) {
        report_error("compiling the pattern", pattern);
        return -1;
    }
    oxre_buf out; /* filled by oxre_replace, freed by oxre_buf_free */
    int n = oxre_replace(re, (const uint8_t *)subject, strlen(subject), 0,
                         (const uint8_t *)template, strlen(template), 0, &out);
    if (n < 0) {
        report_error("replacing", NULL);
    } else {
        /* out.data is NUL-terminated, so text results print as C strings. */
        printf("replace /%s/ with \"%s\" in \"%s\":\n  %d replacements: \"%s\"\n", pattern,
               template, subject, n, (const char *)out.data);
        oxre_buf_free(&out);
    }
    oxre_free(re);
    return n;
}

/* Looks a group up by name in the first match. */
static void show_named_group(const char *pattern, const char *name, const char *subject)
{
    oxre_regex *re = oxre_compile((const uint8_t *)pattern, strlen(pattern), 0, NULL);
    oxre_captures *caps = oxre_captures_new(re);
    oxre_span span;
    if (oxre_captures_read(re, caps, (const uint8_t *)subject, strlen(subject), 0) == 1 &&
        oxre_captures_name(caps, name, strlen(name), &span) == 1)
        printf("group <%s> of the first match in \"%s\": \"%.*s\"\n", name, subject,
               (int)(span.end - span.start), subject + span.start);
    else
        report_error("finding the group", NULL);
    oxre_captures_free(caps);
    oxre_free(re);
}

/* The stream's callback: prints one match. The bytes are the stream's own,
 * valid during the call only. */
static int print_stream_match(void *ctx, const oxre_stream_match *m)
{
    (void)ctx;
    const uint8_t *bytes = m->haystack + (m->start - m->haystack_offset);
    printf("[%llu, %llu) \"%.*s\"\n", (unsigned long long)m->start,
           (unsigned long long)m->end, (int)(m->end - m->start), (const char *)bytes);
    return 0;
}

/* A filter: standard input through a stream, in 4 KiB chunks (any size
 * gives the same matches). */
static int filter_stdin(const char *pattern)
{
    oxre_regex *re = oxre_compile((const uint8_t *)pattern, strlen(pattern), 0, NULL);
    if (re == NULL) {
        report_error("compiling", pattern);
        return -1;
    }
    oxre_stream *s = oxre_stream_new(re, 0, NULL);
    if (s == NULL) {
        report_error("starting a stream for", pattern);
        oxre_free(re);
        return -1;
    }
    uint8_t chunk[4096];
    size_t got;
    int r = 0;
    long count = 0;
    while (r >= 0 && (got = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        r = oxre_stream_feed(s, chunk, got, print_stream_match, NULL);
        count += r > 0 ? r : 0;
    }
    if (r >= 0) {
        r = oxre_stream_finish(s, print_stream_match, NULL);
        count += r > 0 ? r : 0;
    }
    if (r < 0)
        report_error("streaming", pattern);
    else
        printf("%ld matches in %llu bytes\n", count,
               (unsigned long long)oxre_stream_offset(s));
    oxre_stream_free(s);
    oxre_free(re);
    return r < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    printf("oxre %s (header %d.%d.%d)\n", oxre_version(), OXRE_VERSION_MAJOR,
           OXRE_VERSION_MINOR, OXRE_VERSION_PATCH);

    if (argc == 3 && strcmp(argv[1], "--stream") == 0)
        return filter_stdin(argv[2]) < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
    if (argc > 1) {
        const char *subject = argc > 2 ? argv[2] : "";
        return show_matches(argv[1], 0, subject) < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
    }

    /* Dates, with named groups. */
    show_matches("(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})", 0,
                 "released 2024-03-01, patched 2024-11-30");
    /* Unicode: a Greek word, case-insensitively. */
    show_matches("\\p{Greek}+", OXRE_CASE_INSENSITIVE, "alpha is \xce\xb1\xce\xbb\xcf\x86\xce\xb1");
    /* An optional group that does not always take part. */
    show_matches("(a)|(b)", 0, "ab");
    /* The pattern that makes backtracking engines take exponential time is
       linear here. */
    show_matches("(a+)+$", 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
    /* Groups by name, and a replacement that reorders them. */
    show_named_group("(?<user>[a-z]+)@(?<host>[a-z.]+)", "host", "mail ada@example.org");
    show_replace("(?<y>[0-9]{4})-(?<m>[0-9]{2})-(?<d>[0-9]{2})", "$d/$m/$y",
                 "from 2024-03-01 to 2024-11-30");
    /* A pattern error, located in the pattern. */
    show_matches("(unclosed", 0, "");
    return EXIT_SUCCESS;
}
