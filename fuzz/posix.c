/*
 * Fuzz target: the POSIX layer (oxreposix.h). Field 1 is the pattern (cut
 * at its first NUL), the rest the string. cflags, eflags and a
 * REG_STARTEND window come from the control bytes. Checks: the codes are
 * documented ones; a failed compile locates its error inside the pattern
 * and oxre_regerror() describes it at any buffer size; a match lies inside
 * the string (or window), its subexpressions inside it; REG_NOSUB finds a
 * match exactly when a full search does; an internal error (OXRE_EPANIC
 * behind OXRE_REG_ESPACE) is a failure.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "fuzz.h"
#include "oxreposix.h"

#define NMATCH 12

static void check_regerror(int code, const oxre_regex_t *preg)
{
    char big[1024], small[8];
    size_t need = oxre_regerror(code, preg, big, sizeof big);
    FZ_CHECK(need >= 2 && need <= sizeof big);
    FZ_CHECK(strlen(big) + 1 == need);
    FZ_CHECK(oxre_regerror(code, preg, NULL, 0) == need);
    memset(small, 'x', sizeof small);
    FZ_CHECK(oxre_regerror(code, preg, small, sizeof small) == need);
    FZ_CHECK(memchr(small, 0, sizeof small) != NULL);
    FZ_CHECK(strncmp(small, big, strlen(small)) == 0);
}

/* An error from regexec: never an internal one. */
static void check_exec_error(int rc)
{
    if (rc == OXRE_REG_ESPACE) {
        const oxre_error *e = oxre_last_error();
        if (e && e->code == OXRE_EPANIC)
            FZ_FAIL("oxre_regexec: internal error: %s", e->message);
        return;
    }
    FZ_FAIL("oxre_regexec: unexpected code %d", rc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;
    const uint8_t *pat, *str;
    size_t pat_len, str_len;

    fz_init(&f, data, size);
    fz_field(&f, &pat, &pat_len);
    fz_tail(&f, &str, &str_len);
    int cflags = fz_u8(&f) & 15;
    int eflags = fz_u8(&f) & 7;
    size_t so = fz_offset(&f, str_len), eo = fz_offset(&f, str_len);

    char *cpat = malloc(pat_len + 1), *cstr = malloc(str_len + 1);
    FZ_CHECK(cpat && cstr);
    memcpy(cpat, pat, pat_len);
    cpat[pat_len] = 0;
    memcpy(cstr, str, str_len);
    cstr[str_len] = 0;
    size_t cpat_len = strlen(cpat), cstr_len = strlen(cstr);

    oxre_regex_t re;
    memset(&re, 0xA5, sizeof re);
    oxre_last_error_clear();
    int rc = oxre_regcomp(&re, cpat, cflags);
    if (rc != 0) {
        const oxre_error *e = oxre_last_error();
        if (e && e->code == OXRE_EPANIC)
            FZ_FAIL("oxre_regcomp: internal error: %s", e->message);
        FZ_CHECK(rc == OXRE_REG_BADPAT || (rc >= OXRE_REG_ECOLLATE && rc <= OXRE_REG_BADRPT) ||
                 rc == OXRE_REG_ESIZE || rc == OXRE_REG_ILLSEQ);
        FZ_CHECK(rc != OXRE_REG_ESPACE);
        FZ_CHECK(re.re_erroffset == (size_t)-1 || re.re_erroffset <= cpat_len);
        check_regerror(rc, &re);
        oxre_regfree(&re); /* allowed after a failure */
        goto out;
    }
    check_regerror(OXRE_REG_NOMATCH, &re);

    oxre_regmatch_t m[NMATCH];
    size_t lo = 0, hi = cstr_len;
    if (eflags & OXRE_REG_STARTEND) {
        if (so > eo) {
            size_t t = so;
            so = eo, eo = t;
        }
        lo = so, hi = eo;
    }
    m[0].rm_so = (oxre_regoff_t)lo;
    m[0].rm_eo = (oxre_regoff_t)hi;
    oxre_last_error_clear();
    rc = oxre_regexec(&re, cstr, NMATCH, m, eflags);
    if (rc != 0 && rc != OXRE_REG_NOMATCH) {
        check_exec_error(rc);
        goto free;
    }
    if (rc == 0) {
        FZ_CHECK(m[0].rm_so >= 0 && m[0].rm_eo >= 0);
        fz_check_span((size_t)m[0].rm_so, (size_t)m[0].rm_eo, lo, hi, "regexec match");
        if (!(cflags & OXRE_REG_NOSUB)) {
            for (size_t i = 1; i < NMATCH; i++) {
                if (i > re.re_nsub) {
                    FZ_CHECK(m[i].rm_so == -1 && m[i].rm_eo == -1);
                } else if (m[i].rm_so != -1) {
                    FZ_CHECK(m[i].rm_so >= 0 && m[i].rm_eo >= m[i].rm_so);
                    fz_check_span((size_t)m[i].rm_so, (size_t)m[i].rm_eo, (size_t)m[0].rm_so,
                                  (size_t)m[0].rm_eo, "regexec subexpression");
                } else {
                    FZ_CHECK(m[i].rm_eo == -1);
                }
            }
        }
    }
    /* Without subexpressions (nmatch 0, or REG_NOSUB): the same answer. */
    oxre_regmatch_t w = {(oxre_regoff_t)lo, (oxre_regoff_t)hi};
    int r0 = oxre_regexec(&re, cstr, (eflags & OXRE_REG_STARTEND) ? 1 : 0, &w, eflags);
    if (r0 != 0 && r0 != OXRE_REG_NOMATCH)
        check_exec_error(r0);
    else
        FZ_CHECK(r0 == rc);
    if (!(cflags & OXRE_REG_NOSUB)) {
        oxre_regex_t ns;
        if (oxre_regcomp(&ns, cpat, cflags | OXRE_REG_NOSUB) == 0) {
            w.rm_so = (oxre_regoff_t)lo;
            w.rm_eo = (oxre_regoff_t)hi;
            int r1 = oxre_regexec(&ns, cstr, 0, &w, eflags);
            if (r1 != 0 && r1 != OXRE_REG_NOMATCH)
                check_exec_error(r1);
            else
                FZ_CHECK(r1 == rc);
            oxre_regfree(&ns);
        } else {
            FZ_FAIL("REG_NOSUB makes a valid pattern fail");
        }
    }
free:
    oxre_regfree(&re);
out:
    free(cpat);
    free(cstr);
    return 0;
}
