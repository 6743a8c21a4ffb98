/* Helpers shared by oxre's Check suites. */
#ifndef OXRE_TESTUTIL_H
#define OXRE_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "oxre.h"

/* Compiles a NUL-terminated pattern; fails the test, showing the last error,
 * if it does not compile. */
static inline oxre_regex *compile_ok(const char *pattern, uint32_t flags)
{
    oxre_regex *re = oxre_compile((const uint8_t *)pattern, strlen(pattern), flags, NULL);
    const oxre_error *err = oxre_last_error();
    ck_assert_msg(re != NULL, "compiling /%s/ failed: %s", pattern,
                  err ? err->message : "(no last error)");
    return re;
}

/* Compiles a pattern that must fail; returns the last error. */
static inline const oxre_error *compile_err(const char *pattern, uint32_t flags,
                                            const oxre_options *opts)
{
    oxre_last_error_clear();
    oxre_regex *re = oxre_compile((const uint8_t *)pattern, strlen(pattern), flags, opts);
    ck_assert_msg(re == NULL, "/%s/ compiled but should not have", pattern);
    const oxre_error *err = oxre_last_error();
    ck_assert_ptr_nonnull(err);
    return err;
}

/* oxre_find on a NUL-terminated haystack from offset 0. */
static inline int find_str(const oxre_regex *re, const char *hay, oxre_span *m)
{
    return oxre_find(re, (const uint8_t *)hay, strlen(hay), 0, m);
}

/* Asserts that `re` finds [start, end) in hay (from offset `from`). */
#define assert_find_at(re, hay, len, from, s, e)                                  \
    do {                                                                          \
        oxre_span m_ = {999, 999};                                                \
        ck_assert_int_eq(oxre_find((re), (const uint8_t *)(hay), (len), (from), &m_), 1); \
        ck_assert_uint_eq(m_.start, (s));                                         \
        ck_assert_uint_eq(m_.end, (e));                                           \
    } while (0)

#define assert_find(re, hay, s, e) assert_find_at(re, hay, strlen(hay), 0, s, e)

#define assert_no_match(re, hay) \
    ck_assert_int_eq(oxre_is_match((re), (const uint8_t *)(hay), strlen(hay), 0), 0)

/* Runs one suite with Check's defaults (fork mode unless CK_FORK=no) and
 * returns the exit status. */
static inline int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
