/* A program built the way users build against oxre: with the compiler and
 * linker flags from oxre.pc, against the installed header and library. */
#include <oxre.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    const char *pattern = "(?<word>\\w+)@(?<host>[a-z.]+)";
    const char *text = "mail ada@example.org now";
    oxre_regex *re = oxre_compile((const uint8_t *)pattern, strlen(pattern), 0, NULL);
    if (re == NULL) {
        fprintf(stderr, "compile: %s\n", oxre_last_error()->message);
        return 1;
    }
    oxre_span m;
    int rc = oxre_find(re, (const uint8_t *)text, strlen(text), 0, &m);
    if (rc != 1 || m.start != 5 || m.end != 20) {
        fprintf(stderr, "find: rc=%d span=[%zu,%zu)\n", rc, m.start, m.end);
        return 1;
    }
    printf("%s %.*s\n", oxre_version(), (int)(m.end - m.start), text + m.start);
    oxre_free(re);
    /* The library run is the one the header describes. */
    return oxre_version_number() == OXRE_VERSION_NUMBER ? 0 : 1;
}
