#define _POSIX_C_SOURCE 200809L
/* The panic boundary: a real Rust panic inside an exported function becomes
 * OXRE_EPANIC with the panic's message, and the process goes on working.
 *
 * oxre_test_panic() is a test-only hook: it is not in the installed header
 * and the version script keeps it out of liboxre.so's exports, so this test
 * links the Rust archive statically (see Makefile.am). */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

int oxre_test_panic(const char *message);
size_t oxre_test_host_hook(void);
size_t oxre_test_host_panic(void);

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

/* Runs oxre_test_panic() with the standard error redirected to a file and
 * returns how many bytes were written there. */
static long stderr_bytes_of_a_panic(void)
{
    fflush(stderr);
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    int saved = dup(2);
    ck_assert_int_ge(saved, 0);
    ck_assert_int_eq(dup2(fileno(f), 2), 2);
    int rc = oxre_test_panic("quietly");
    ck_assert_int_eq(dup2(saved, 2), 2);
    close(saved);
    ck_assert_int_eq(rc, OXRE_EPANIC);
    long n = ftell(f) >= 0 ? (fseek(f, 0, SEEK_END), ftell(f)) : -1;
    fclose(f);
    return n;
}

START_TEST(panic_prints_nothing)
{
    /* Nothing on the host's standard error, with or without a backtrace
     * asked for; the message is in the last error. */
    ck_assert_int_eq(stderr_bytes_of_a_panic(), 0);
    setenv("RUST_BACKTRACE", "full", 1);
    ck_assert_int_eq(stderr_bytes_of_a_panic(), 0);
    ck_assert_int_eq(stderr_bytes_of_a_panic(), 0);
    ck_assert_ptr_nonnull(strstr(oxre_last_error()->message, "quietly"));
}
END_TEST

/* The host's side: run in a process of its own (see below). */
static int host_hook_scenario(void)
{
    /* Installed before oxre's first call, as a host's hook would be. */
    int ok = oxre_test_host_hook() == 0 && oxre_test_panic("inside") == OXRE_EPANIC &&
             oxre_test_host_panic() == 1 && oxre_test_panic("inside again") == OXRE_EPANIC &&
             oxre_test_host_panic() == 2 &&
             strstr(oxre_last_error()->message, "inside again") != NULL &&
             /* The message says where the panic happened. */
             strstr(oxre_last_error()->message, "internal.rs:") != NULL;
    return ok ? 0 : 1;
}

static char *self_path;

START_TEST(host_panics_go_to_the_host_hook)
{
    /* A fresh process (this program, asked for the scenario), so that the
     * host's hook comes first whether or not Check forks. */
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execl(self_path, self_path, "host-hook", (char *)NULL);
        _exit(2);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "host-hook") == 0)
        return host_hook_scenario();
    self_path = argv[0];
    Suite *s = suite_create("panic");
    TCase *tc = tcase_create("panic");
    tcase_add_test(tc, panic_becomes_an_error);
    tcase_add_test(tc, library_works_after_a_panic);
    tcase_add_test(tc, panic_message_with_nul_is_kept_readable);
    tcase_add_test(tc, panic_prints_nothing);
    tcase_add_test(tc, host_panics_go_to_the_host_hook);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
