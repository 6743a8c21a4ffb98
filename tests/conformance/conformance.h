/* Support code shared by the data-driven conformance runners in this
 * directory: finding the data that Debian packages install, reading it, TAP
 * output and printing byte strings in diagnostics. */
#ifndef OXRE_CONFORMANCE_H
#define OXRE_CONFORMANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oxre.h"

/* A growable byte string. */
typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
} cf_bytes;

void cf_bytes_push(cf_bytes *b, uint8_t c);
void cf_bytes_append(cf_bytes *b, const void *data, size_t len);
void cf_bytes_free(cf_bytes *b);

/* Returns the path of the file `leaf` (which may contain glob characters)
 * found under the first existing candidate directory pattern in `dirs` (a
 * NULL-terminated list of glob patterns). When a pattern matches several
 * directories, the one with the highest version number in its name wins
 * (regex-1.11.1 over regex-1.9.6). Returns a malloc'd path or NULL. */
char *cf_find_file(const char *const *dirs, const char *leaf);

/* Reads a whole file into a NUL-terminated malloc'd buffer; NULL on error
 * (errno set). */
char *cf_read_file(const char *path, size_t *len);

/* Splits the buffer into lines in place (replacing '\n' by NUL; a trailing
 * '\r' is kept). Returns the number of lines and stores a malloc'd array of
 * line starts in *lines. */
size_t cf_split_lines(char *buf, size_t len, char ***lines);

/* TAP output: results are numbered in order. */
void cf_plan(int n);
void cf_skip_all(const char *reason);
int cf_ok(bool pass, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cf_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The number of results printed so far, and of those that failed. */
int cf_results(void);
int cf_failures(void);

/* Writes a quoted, escaped form of a byte string (printable ASCII as is,
 * everything else as \xNN) into a static buffer per slot (0..3), truncated
 * past a few hundred bytes, for diagnostics. */
const char *cf_quote(int slot, const uint8_t *s, size_t len);

/* Formats group spans as "(0,3)(?,?)" into a static buffer per slot; `spans`
 * holds `n` pairs, with SIZE_MAX for a group that did not participate. */
const char *cf_spans(int slot, const size_t *spans, size_t n);

/* The last error's message, or "(none)". */
const char *cf_last_error(void);

/* Searches haystack with `re` three ways (oxre_is_match, oxre_find,
 * oxre_captures_read), checks that they agree with each other and that
 * streams fed the haystack in chunks (every two-way split, one byte at a
 * time) report the matches oxre_iter finds over it whole, and stores
 * the groups of the first match in `out` (2 * group count entries, SIZE_MAX
 * for non-participating groups). Returns 1 for a match, 0 for none, -1 when
 * the three calls disagree or fail (with a description in `why`). */
int cf_search(const oxre_regex *re, const uint8_t *hay, size_t len, size_t *out,
              char *why, size_t why_len);

#endif
