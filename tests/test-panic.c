/* The panic boundary: a real Rust panic inside an exported function becomes
 * OXRE_EPANIC with the panic's message, and the process goes on working.
 *
 * oxre_test_panic() is a test-only hook: it is not in the installed header
 * and the version script keeps it out of liboxre.so's exports, so this test
 * links the Rust archive statically (see Makefile.am). */
#include "testutil.h"

int oxre_test_panic(const char *message);

START_TEST(panic_becomes_an_error)
{
    oxre_last_error_clear();
    errno = 0;
    ck_assert_int_eq(oxre_test_panic("the sky fell"), OXRE_EPANIC);
    ck_assert_int_eq(errno, ENOTRECOVERABLE);
    const oxre_error *e = oxre_last_error();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, OXRE_EPANIC);
    ck_assert_ptr_nonnull(strstr(e->message, "the sky fell"));
    ck_assert(!e->has_span);
}
END_TEST

START_TEST(library_works_after_a_panic)
{
    oxre_regex *re = compile_ok("b+", 0);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(oxre_test_panic("again"), OXRE_EPANIC);
        assert_find(re, "abbbc", 1, 4);
    }
    oxre_free(re);
}
END_TEST

START_TEST(panic_message_with_nul_is_kept_readable)
{
    ck_assert_int_eq(oxre_test_panic(NULL), OXRE_EPANIC);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "test panic"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("panic");
    TCase *tc = tcase_create("panic");
    tcase_add_test(tc, panic_becomes_an_error);
    tcase_add_test(tc, library_works_after_a_panic);
    tcase_add_test(tc, panic_message_with_nul_is_kept_readable);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
