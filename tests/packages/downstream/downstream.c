/* A program of a downstream project: one match with a named group, through
 * the installed header and library. Prints "key=VALUE" and exits 0 when the
 * match is right. */
#include <oxre.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    const char *pattern = "key=(?<value>[0-9]+)";
    const char *text = "a line with key=42 in it";
    oxre_regex *re = oxre_compile((const uint8_t *)pattern, strlen(pattern), 0, NULL);
    if (re == NULL) {
        fprintf(stderr, "downstream: %s\n", oxre_last_error()->message);
        return 1;
    }
    oxre_captures *caps = oxre_captures_new(re);
    int group = oxre_capture_index(re, "value", 5);
    oxre_span span = {0, 0};
    int found = caps != NULL && group > 0
        && oxre_captures_read(re, caps, (const uint8_t *)text, strlen(text), 0) == 1
        && oxre_captures_get(caps, (size_t)group, &span) == 1;
    if (found)
        printf("key=%.*s (oxre %s)\n", (int)(span.end - span.start), text + span.start,
               oxre_version());
    oxre_captures_free(caps);
    oxre_free(re);
    return found && span.start == 16 && span.end == 18 ? 0 : 1;
}
