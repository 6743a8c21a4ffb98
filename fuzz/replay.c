/*
 * The replay driver: a fuzz target built without libFuzzer, linked with
 * liboxre, run over the committed regression inputs in make check (so that
 * make check needs no clang). Each input runs in a child process; a failed
 * check there (an abort) or any crash is one failing TAP line.
 *
 *   replay-TARGET [FILE|DIR]...
 *
 * Without arguments it reads $top_srcdir/fuzz/regressions/TARGET (TARGET is
 * FZ_TARGET, given when compiling).
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

#ifndef FZ_TARGET
#error "FZ_TARGET names the target"
#endif

static int n_tests, n_failed;

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("not ok %d - %s: cannot open\n", ++n_tests, path);
        n_failed++;
        return;
    }
    uint8_t *data = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (len == cap) {
            cap = cap ? 2 * cap : 4096;
            data = realloc(data, cap);
            if (!data)
                abort();
        }
        got = fread(data + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    fclose(f);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        LLVMFuzzerTestOneInput(data, len);
        free(data); /* (the child's own copy: valgrind checks its leaks too) */
        _exit(0);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        status = -1;
    free(data);
    bool passed = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    printf("%sok %d - %s %s", passed ? "" : "not ", ++n_tests, FZ_TARGET, path);
    if (!passed && WIFSIGNALED(status))
        printf(" (signal %d)", WTERMSIG(status));
    else if (!passed)
        printf(" (exit status %d)", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    putchar('\n');
    n_failed += !passed;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("not ok %d - %s: not found\n", ++n_tests, path);
        n_failed++;
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        run_file(path);
        return;
    }
    DIR *d = opendir(path);
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        if (!names || !(names[n] = malloc(l)))
            abort();
        snprintf(names[n++], l, "%s/%s", path, e->d_name);
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        run_file(names[i]);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    /* Results go to stdout as TAP; a child's abort message to stderr. */
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            run_path(argv[i]);
    } else {
        const char *top = getenv("top_srcdir");
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/fuzz/regressions/%s", top ? top : ".", FZ_TARGET);
        run_path(dir);
    }
    printf("1..%d\n", n_tests);
    if (n_tests == 0)
        printf("# no inputs\n");
    return n_failed ? 1 : 0;
}
