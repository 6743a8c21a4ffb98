/*
 * Fuzz target: compiling. Field 1 is the pattern, the rest a haystack.
 * Every flag bit (unknown ones too) and every option (size, DFA and
 * nesting limits, line terminator) comes from the control bytes. A failure
 * must carry the documented code, errno and a span inside the pattern; a
 * regex must give its pattern back, describe its groups consistently,
 * compile the same through oxre_compile_many() and oxre_set_compile(), and
 * search like its clone.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;
    const uint8_t *pat, *hay;
    size_t pat_len, hay_len;
    oxre_options o;
    uint32_t flags;

    fz_init(&f, data, size);
    fz_field(&f, &pat, &pat_len);
    fz_tail(&f, &hay, &hay_len);
    const oxre_options *op = fz_options(&f, &o, &flags, true);

    oxre_regex *re = FZ_NEW(oxre_compile(pat, pat_len, flags, op));
    int code = 0;
    if (fz_null(re, "oxre_compile")) {
        const oxre_error *e = oxre_last_error();
        code = e->code;
        FZ_CHECK(e->message && e->message[0]);
        switch (code) {
        case OXRE_EFLAGS:
            FZ_CHECK(flags & ~(uint32_t)OXRE_FLAGS_ALL);
            FZ_CHECK(errno == EINVAL);
            break;
        case OXRE_EUTF8:
            FZ_CHECK(!fz_utf8_valid(pat, pat_len));
            FZ_CHECK(errno == EILSEQ);
            FZ_CHECK(e->has_span);
            fz_check_span(e->span.start, e->span.end, 0, pat_len, "EUTF8 span");
            FZ_CHECK(e->span.start < e->span.end);
            FZ_CHECK(fz_utf8_valid(pat, e->span.start));
            break;
        case OXRE_ESYNTAX:
            FZ_CHECK(errno == EINVAL);
            if (e->has_span)
                fz_check_span(e->span.start, e->span.end, 0, pat_len, "ESYNTAX span");
            break;
        case OXRE_ESIZE:
            FZ_CHECK(errno == E2BIG);
            break;
        default:
            FZ_FAIL("oxre_compile: unexpected code %d (%s)", code, e->message);
        }
        /* (Which of several faults is reported first is not documented.) */
    } else {
        FZ_CHECK(!(flags & ~(uint32_t)OXRE_FLAGS_ALL));
        FZ_CHECK(fz_utf8_valid(pat, pat_len));
        size_t len = 99;
        const uint8_t *back = oxre_pattern(re, 0, &len);
        FZ_CHECK(oxre_patterns_len(re) == 1);
        FZ_CHECK(back && len == pat_len && (len == 0 || memcmp(back, pat, len) == 0));
        FZ_CHECK(FZ_CALL((oxre_pattern(re, 1, &len), oxre_last_error()->code)) == OXRE_ERANGE);
        FZ_CHECK(len == 0);
        size_t ng = oxre_captures_len(re), names = 0, sl = 0;
        FZ_CHECK(ng >= 1);
        for (size_t i = 0; i < ng; i++) {
            const char *name;
            int r = FZ_CALL(oxre_capture_name(re, i, &name));
            FZ_CHECK(r == 0 || r == 1);
            if (r == 1) {
                names++;
                FZ_CHECK(FZ_CALL(oxre_capture_index(re, name, strlen(name))) == (int)i);
            }
        }
        FZ_CHECK(names == oxre_names_count(re));
        int st = FZ_CALL(oxre_static_captures_len(re, &sl));
        /* (The groups that take part in every match: `(a){0}(a)` has 2
         * of its 3.) */
        FZ_CHECK(st == 0 || (st == 1 && sl >= 1 && sl <= ng));
    }

    /* The same pattern alone among several, and as a set: the same outcome
     * (a multi-pattern regex also has a size, so ESIZE may differ). */
    size_t one = pat_len;
    oxre_regex *many = FZ_NEW(oxre_compile_many(&pat, &one, 1, flags, op));
    bool many_failed = fz_null(many, "oxre_compile_many");
    int many_code = many_failed ? oxre_last_error()->code : 0;
    oxre_set *set = FZ_NEW(oxre_set_compile(&pat, &one, 1, flags, op));
    bool set_failed = fz_null(set, "oxre_set_compile");
    int set_code = set_failed ? oxre_last_error()->code : 0;
    if (code != OXRE_ESIZE && many_code != OXRE_ESIZE)
        FZ_CHECK(many_code == code);
    if (code != OXRE_ESIZE && set_code != OXRE_ESIZE)
        FZ_CHECK(set_code == code);

    if (re) {
        oxre_regex *c = FZ_NEW(oxre_clone(re));
        FZ_CHECK(c);
        oxre_span a = {1, 1}, b = {2, 2};
        int ra = FZ_CALL(oxre_find(re, hay, hay_len, 0, &a));
        int rb = FZ_CALL(oxre_find(c, hay, hay_len, 0, &b));
        FZ_CHECK(ra == rb);
        if (ra == 1 && rb == 1)
            FZ_CHECK(a.start == b.start && a.end == b.end);
        if (many) {
            oxre_match m;
            int rm = FZ_CALL(oxre_search(many, hay, hay_len, 0, hay_len, 0, &m));
            FZ_CHECK(rm == ra);
            if (rm == 1 && ra == 1)
                FZ_CHECK(m.start == a.start && m.end == a.end && m.pattern == 0);
        }
        if (set && ra >= 0) {
            int rs = FZ_CALL(oxre_set_is_match(set, hay, hay_len, 0));
            FZ_CHECK(rs == ra);
        }
        oxre_free(c);
    }
    oxre_set_free(set);
    oxre_free(many);
    oxre_free(re);
    return 0;
}
