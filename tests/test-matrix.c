#define _POSIX_C_SOURCE 200809L
/* The bad-input matrix: every exported function with every bad input that
 * applies to it, each asserting the documented return value, code, errno
 * and last error; and every function's success leaving errno and the last
 * error as they were. */
#include <stdint.h>

#include "testutil.h"
#include "oxreposix.h"

/* Shared objects, made once before the cases run. */
static oxre_regex *re, *text_re, *other_re;
static oxre_captures *caps, *other_caps, *empty_caps;
static oxre_set *set;
static oxre_iter *it;
static oxre_split *split;
static oxre_overlap *ov;
static oxre_options big_nest, tiny_size;
static const uint8_t *hay = (const uint8_t *)"ab x";
static const uint8_t *bad = (const uint8_t *)"a\xff";
static const uint8_t *pats[2] = {(const uint8_t *)"a", (const uint8_t *)"b"};
static size_t lens[2] = {1, 1};
static const uint8_t *bad_pats[2] = {(const uint8_t *)"a", (const uint8_t *)"\xff"};
static const uint8_t *syn_pats[2] = {(const uint8_t *)"a", (const uint8_t *)"("};
static const uint8_t *null_pats[2] = {(const uint8_t *)"a", NULL};
static oxre_buf out, corrupt = {NULL, 3, 0}, corrupt2, corrupt2_real;
static oxre_span spans[4];
static oxre_span sp;
static oxre_match mt;
static size_t n;
static bool matched[2];
static const char *name;
static uint8_t dst[2];
static oxre_regex_t preg, bad_preg;
static oxre_regmatch_t pm[2];

static int stop(void *ctx, const oxre_captures *c, const uint8_t *h, size_t l, oxre_buf *o)
{
    (void)ctx, (void)c, (void)h, (void)l, (void)o;
    return 7;
}

static int keep(void *ctx, const oxre_captures *c, const uint8_t *h, size_t l, oxre_buf *o)
{
    (void)ctx, (void)c;
    return oxre_buf_append(o, h, l > 0);
}

#define BIG ((size_t)PTRDIFF_MAX + 1)

/* X(name, code, errno, call returned its failure value) */
#define FAILURES(X)                                                                          \
    X(compile_null, OXRE_ENULL, EFAULT, oxre_compile(NULL, 1, 0, NULL) == NULL)              \
    X(compile_len, OXRE_EINVAL, EINVAL, oxre_compile(hay, BIG, 0, NULL) == NULL)             \
    X(compile_flags, OXRE_EFLAGS, EINVAL, oxre_compile(hay, 1, 1u << 30, NULL) == NULL)      \
    X(compile_utf8, OXRE_EUTF8, EILSEQ, oxre_compile(bad, 2, 0, NULL) == NULL)               \
    X(compile_syntax, OXRE_ESYNTAX, EINVAL, oxre_compile((const uint8_t *)"(", 1, 0, NULL) == NULL) \
    X(compile_size, OXRE_ESIZE, E2BIG, oxre_compile((const uint8_t *)"\\w{50}", 6, 0, &tiny_size) == NULL) \
    X(compile_nest, OXRE_EINVAL, EINVAL, oxre_compile(hay, 1, 0, &big_nest) == NULL)         \
    X(many_null, OXRE_ENULL, EFAULT, oxre_compile_many(NULL, lens, 2, 0, NULL) == NULL)      \
    X(many_null_lens, OXRE_ENULL, EFAULT, oxre_compile_many(pats, NULL, 2, 0, NULL) == NULL) \
    X(many_null_one, OXRE_ENULL, EFAULT, oxre_compile_many(null_pats, lens, 2, 0, NULL) == NULL) \
    X(many_count, OXRE_EINVAL, EINVAL, oxre_compile_many(pats, lens, (size_t)1 << 40, 0, NULL) == NULL) \
    X(many_flags, OXRE_EFLAGS, EINVAL, oxre_compile_many(pats, lens, 2, 1u << 30, NULL) == NULL) \
    X(many_utf8, OXRE_EUTF8, EILSEQ, oxre_compile_many(bad_pats, lens, 2, 0, NULL) == NULL)  \
    X(many_syntax, OXRE_ESYNTAX, EINVAL, oxre_compile_many(syn_pats, lens, 2, 0, NULL) == NULL) \
    X(many_nest, OXRE_EINVAL, EINVAL, oxre_compile_many(pats, lens, 2, 0, &big_nest) == NULL) \
    X(set_null, OXRE_ENULL, EFAULT, oxre_set_compile(NULL, lens, 2, 0, NULL) == NULL)        \
    X(set_null_lens, OXRE_ENULL, EFAULT, oxre_set_compile(pats, NULL, 2, 0, NULL) == NULL)   \
    X(set_null_one, OXRE_ENULL, EFAULT, oxre_set_compile(null_pats, lens, 2, 0, NULL) == NULL) \
    X(set_count, OXRE_EINVAL, EINVAL, oxre_set_compile(pats, lens, (size_t)1 << 40, 0, NULL) == NULL) \
    X(set_flags, OXRE_EFLAGS, EINVAL, oxre_set_compile(pats, lens, 2, 1u << 30, NULL) == NULL) \
    X(set_utf8, OXRE_EUTF8, EILSEQ, oxre_set_compile(bad_pats, lens, 2, 0, NULL) == NULL)    \
    X(set_syntax, OXRE_ESYNTAX, EINVAL, oxre_set_compile(syn_pats, lens, 2, 0, NULL) == NULL) \
    X(set_nest, OXRE_EINVAL, EINVAL, oxre_set_compile(pats, lens, 2, 0, &big_nest) == NULL)  \
    X(options_null, OXRE_ENULL, EFAULT, oxre_options_init(NULL) == OXRE_ENULL)               \
    X(clone_null, OXRE_ENULL, EFAULT, oxre_clone(NULL) == NULL)                              \
    X(patterns_len_null, OXRE_ENULL, EFAULT, oxre_patterns_len(NULL) == 0)                   \
    X(pattern_null, OXRE_ENULL, EFAULT, oxre_pattern(NULL, 0, &n) == NULL && n == 0)         \
    X(pattern_null_len, OXRE_ENULL, EFAULT, oxre_pattern(re, 0, NULL) == NULL)               \
    X(pattern_range, OXRE_ERANGE, ERANGE, oxre_pattern(re, 1, &n) == NULL && n == 0)         \
    X(is_match_null, OXRE_ENULL, EFAULT, oxre_is_match(NULL, hay, 4, 0) == OXRE_ENULL)       \
    X(is_match_hay, OXRE_ENULL, EFAULT, oxre_is_match(re, NULL, 1, 0) == OXRE_ENULL)         \
    X(is_match_len, OXRE_EINVAL, EINVAL, oxre_is_match(re, hay, BIG, 0) == OXRE_EINVAL)      \
    X(is_match_start, OXRE_ERANGE, ERANGE, oxre_is_match(re, hay, 4, 5) == OXRE_ERANGE)      \
    X(is_match_utf8, OXRE_EUTF8, EILSEQ, oxre_is_match(text_re, bad, 2, 0) == OXRE_EUTF8)    \
    X(find_null, OXRE_ENULL, EFAULT, oxre_find(NULL, hay, 4, 0, &sp) == OXRE_ENULL)          \
    X(find_hay, OXRE_ENULL, EFAULT, oxre_find(re, NULL, 1, 0, &sp) == OXRE_ENULL)            \
    X(find_start, OXRE_ERANGE, ERANGE, oxre_find(re, hay, 4, 5, &sp) == OXRE_ERANGE)         \
    X(find_utf8, OXRE_EUTF8, EILSEQ, oxre_find(text_re, bad, 2, 0, &sp) == OXRE_EUTF8)       \
    X(shortest_null, OXRE_ENULL, EFAULT, oxre_shortest_match(NULL, hay, 4, 0, &n) == OXRE_ENULL) \
    X(shortest_start, OXRE_ERANGE, ERANGE, oxre_shortest_match(re, hay, 4, 5, &n) == OXRE_ERANGE) \
    X(shortest_utf8, OXRE_EUTF8, EILSEQ, oxre_shortest_match(text_re, bad, 2, 0, &n) == OXRE_EUTF8) \
    X(count_null, OXRE_ENULL, EFAULT, oxre_count(NULL, hay, 4, 0, &n) == OXRE_ENULL)         \
    X(count_out, OXRE_ENULL, EFAULT, oxre_count(re, hay, 4, 0, NULL) == OXRE_ENULL)          \
    X(count_start, OXRE_ERANGE, ERANGE, oxre_count(re, hay, 4, 5, &n) == OXRE_ERANGE)        \
    X(count_utf8, OXRE_EUTF8, EILSEQ, oxre_count(text_re, bad, 2, 0, &n) == OXRE_EUTF8)      \
    X(search_null, OXRE_ENULL, EFAULT, oxre_search(NULL, hay, 4, 0, 4, 0, &mt) == OXRE_ENULL) \
    X(search_hay, OXRE_ENULL, EFAULT, oxre_search(re, NULL, 1, 0, 1, 0, &mt) == OXRE_ENULL)  \
    X(search_window, OXRE_ERANGE, ERANGE, oxre_search(re, hay, 4, 3, 2, 0, &mt) == OXRE_ERANGE) \
    X(search_end, OXRE_ERANGE, ERANGE, oxre_search(re, hay, 4, 0, 5, 0, &mt) == OXRE_ERANGE) \
    X(search_flags, OXRE_EFLAGS, EINVAL, oxre_search(re, hay, 4, 0, 4, 1u << 9, &mt) == OXRE_EFLAGS) \
    X(search_utf8, OXRE_EUTF8, EILSEQ, oxre_search(text_re, bad, 2, 0, 2, 0, &mt) == OXRE_EUTF8) \
    X(static_len_null, OXRE_ENULL, EFAULT, oxre_static_captures_len(NULL, &n) == OXRE_ENULL) \
    X(caps_new_null, OXRE_ENULL, EFAULT, oxre_captures_new(NULL) == NULL)                    \
    X(caps_read_re, OXRE_ENULL, EFAULT, oxre_captures_read(NULL, caps, hay, 4, 0) == OXRE_ENULL) \
    X(caps_read_caps, OXRE_ENULL, EFAULT, oxre_captures_read(re, NULL, hay, 4, 0) == OXRE_ENULL) \
    X(caps_read_hay, OXRE_ENULL, EFAULT, oxre_captures_read(re, caps, NULL, 1, 0) == OXRE_ENULL) \
    X(caps_read_start, OXRE_ERANGE, ERANGE, oxre_captures_read(re, caps, hay, 4, 5) == OXRE_ERANGE) \
    X(caps_read_other, OXRE_EINVAL, EINVAL, oxre_captures_read(re, other_caps, hay, 4, 0) == OXRE_EINVAL) \
    X(caps_read_utf8, OXRE_EUTF8, EILSEQ, oxre_captures_read(text_re, empty_caps, bad, 2, 0) == OXRE_EUTF8) \
    X(caps_search_re, OXRE_ENULL, EFAULT, oxre_search_captures(NULL, caps, hay, 4, 0, 4, 0) == OXRE_ENULL) \
    X(caps_search_caps, OXRE_ENULL, EFAULT, oxre_search_captures(re, NULL, hay, 4, 0, 4, 0) == OXRE_ENULL) \
    X(caps_search_window, OXRE_ERANGE, ERANGE, oxre_search_captures(re, caps, hay, 4, 3, 2, 0) == OXRE_ERANGE) \
    X(caps_search_flags, OXRE_EFLAGS, EINVAL, oxre_search_captures(re, caps, hay, 4, 0, 4, 1u << 9) == OXRE_EFLAGS) \
    X(caps_search_other, OXRE_EINVAL, EINVAL, oxre_search_captures(re, other_caps, hay, 4, 0, 4, 0) == OXRE_EINVAL) \
    X(caps_count_null, OXRE_ENULL, EFAULT, oxre_captures_group_count(NULL) == 0)              \
    X(caps_pattern_null, OXRE_ENULL, EFAULT, oxre_captures_pattern(NULL) == OXRE_ENULL)      \
    X(caps_pattern_none, OXRE_ERANGE, ERANGE, oxre_captures_pattern(empty_caps) == OXRE_ERANGE) \
    X(caps_get_null, OXRE_ENULL, EFAULT, oxre_captures_get(NULL, 0, &sp) == OXRE_ENULL)      \
    X(caps_get_range, OXRE_ERANGE, ERANGE, oxre_captures_get(caps, 3, &sp) == OXRE_ERANGE)   \
    X(caps_spans_null, OXRE_ENULL, EFAULT, oxre_captures_spans(NULL, spans, 4) == OXRE_ENULL) \
    X(caps_spans_out, OXRE_ENULL, EFAULT, oxre_captures_spans(caps, NULL, 4) == OXRE_ENULL)  \
    X(caps_name_null, OXRE_ENULL, EFAULT, oxre_captures_name(NULL, "w", 1, &sp) == OXRE_ENULL) \
    X(caps_name_name, OXRE_ENULL, EFAULT, oxre_captures_name(caps, NULL, 1, &sp) == OXRE_ENULL) \
    X(caps_name_none, OXRE_ENOGROUP, ENOENT, oxre_captures_name(caps, "v", 1, &sp) == OXRE_ENOGROUP) \
    X(caps_len_null, OXRE_ENULL, EFAULT, oxre_captures_len(NULL) == 0)                       \
    X(names_count_null, OXRE_ENULL, EFAULT, oxre_names_count(NULL) == 0)                     \
    X(index_null, OXRE_ENULL, EFAULT, oxre_capture_index(NULL, "w", 1) == OXRE_ENULL)        \
    X(index_name, OXRE_ENULL, EFAULT, oxre_capture_index(re, NULL, 1) == OXRE_ENULL)         \
    X(index_none, OXRE_ENOGROUP, ENOENT, oxre_capture_index(re, "v", 1) == OXRE_ENOGROUP)    \
    X(name_null, OXRE_ENULL, EFAULT, oxre_capture_name(NULL, 1, &name) == OXRE_ENULL)        \
    X(name_out, OXRE_ENULL, EFAULT, oxre_capture_name(re, 1, NULL) == OXRE_ENULL)            \
    X(name_range, OXRE_ERANGE, ERANGE, oxre_capture_name(re, 3, &name) == OXRE_ERANGE)       \
    X(iter_null, OXRE_ENULL, EFAULT, oxre_iter_new(NULL, hay, 4, 0) == NULL)                 \
    X(iter_hay, OXRE_ENULL, EFAULT, oxre_iter_new(re, NULL, 1, 0) == NULL)                   \
    X(iter_start, OXRE_ERANGE, ERANGE, oxre_iter_new(re, hay, 4, 5) == NULL)                 \
    X(iter_utf8, OXRE_EUTF8, EILSEQ, oxre_iter_new(text_re, bad, 2, 0) == NULL)              \
    X(window_null, OXRE_ENULL, EFAULT, oxre_iter_new_window(NULL, hay, 4, 0, 4, 0) == NULL)  \
    X(window_range, OXRE_ERANGE, ERANGE, oxre_iter_new_window(re, hay, 4, 3, 2, 0) == NULL)  \
    X(window_flags, OXRE_EFLAGS, EINVAL, oxre_iter_new_window(re, hay, 4, 0, 4, 1u << 9) == NULL) \
    X(window_utf8, OXRE_EUTF8, EILSEQ, oxre_iter_new_window(text_re, bad, 2, 0, 2, 0) == NULL) \
    X(next_null, OXRE_ENULL, EFAULT, oxre_iter_next(NULL, &sp) == OXRE_ENULL)                \
    X(next_match_null, OXRE_ENULL, EFAULT, oxre_iter_next_match(NULL, &mt) == OXRE_ENULL)    \
    X(next_caps_it, OXRE_ENULL, EFAULT, oxre_iter_next_captures(NULL, caps) == OXRE_ENULL)   \
    X(next_caps_caps, OXRE_ENULL, EFAULT, oxre_iter_next_captures(it, NULL) == OXRE_ENULL)   \
    X(next_caps_other, OXRE_EINVAL, EINVAL, oxre_iter_next_captures(it, other_caps) == OXRE_EINVAL) \
    X(split_null, OXRE_ENULL, EFAULT, oxre_split_new(NULL, hay, 4) == NULL)                  \
    X(split_hay, OXRE_ENULL, EFAULT, oxre_split_new(re, NULL, 1) == NULL)                    \
    X(split_utf8, OXRE_EUTF8, EILSEQ, oxre_split_new(text_re, bad, 2) == NULL)               \
    X(splitn_null, OXRE_ENULL, EFAULT, oxre_splitn_new(NULL, hay, 4, 2) == NULL)             \
    X(splitn_utf8, OXRE_EUTF8, EILSEQ, oxre_splitn_new(text_re, bad, 2, 2) == NULL)          \
    X(split_next_null, OXRE_ENULL, EFAULT, oxre_split_next(NULL, &sp) == OXRE_ENULL)         \
    X(append_null, OXRE_ENULL, EFAULT, oxre_buf_append(NULL, hay, 1) == OXRE_ENULL)          \
    X(append_bytes, OXRE_ENULL, EFAULT, oxre_buf_append(&out, NULL, 1) == OXRE_ENULL)        \
    X(append_len, OXRE_EINVAL, EINVAL, oxre_buf_append(&out, hay, BIG) == OXRE_EINVAL)       \
    X(append_corrupt, OXRE_EINVAL, EINVAL, oxre_buf_append(&corrupt, hay, 1) == OXRE_EINVAL) \
    X(buf_free_corrupt, OXRE_EINVAL, EINVAL, (oxre_buf_free(&corrupt2), corrupt2.len == 5))   \
    X(replace_re, OXRE_ENULL, EFAULT, oxre_replace(NULL, hay, 4, 0, hay, 1, 0, &out) == OXRE_ENULL) \
    X(replace_out, OXRE_ENULL, EFAULT, oxre_replace(re, hay, 4, 0, hay, 1, 0, NULL) == OXRE_ENULL) \
    X(replace_hay, OXRE_ENULL, EFAULT, oxre_replace(re, NULL, 1, 0, hay, 1, 0, &out) == OXRE_ENULL) \
    X(replace_tmpl, OXRE_ENULL, EFAULT, oxre_replace(re, hay, 4, 0, NULL, 1, 0, &out) == OXRE_ENULL) \
    X(replace_flags, OXRE_EFLAGS, EINVAL, oxre_replace(re, hay, 4, 0, hay, 1, 2, &out) == OXRE_EFLAGS) \
    X(replace_utf8, OXRE_EUTF8, EILSEQ, oxre_replace(text_re, bad, 2, 0, hay, 1, 0, &out) == OXRE_EUTF8) \
    X(replace_tmpl_utf8, OXRE_EUTF8, EILSEQ, oxre_replace(text_re, hay, 4, 0, bad, 2, 0, &out) == OXRE_EUTF8) \
    X(into_re, OXRE_ENULL, EFAULT, oxre_replace_into(NULL, hay, 4, 0, hay, 1, 0, dst, 2, &n) == OXRE_ENULL) \
    X(into_dst, OXRE_ENULL, EFAULT, oxre_replace_into(re, hay, 4, 0, hay, 1, 0, NULL, 2, &n) == OXRE_ENULL) \
    X(into_small, OXRE_ENOSPC, ERANGE, oxre_replace_into(re, hay, 4, 0, hay, 1, 0, dst, 2, &n) == OXRE_ENOSPC && n == 4) \
    X(into_flags, OXRE_EFLAGS, EINVAL, oxre_replace_into(re, hay, 4, 0, hay, 1, 4, dst, 2, &n) == OXRE_EFLAGS) \
    X(into_utf8, OXRE_EUTF8, EILSEQ, oxre_replace_into(text_re, bad, 2, 0, hay, 1, 0, dst, 2, &n) == OXRE_EUTF8) \
    X(fn_re, OXRE_ENULL, EFAULT, oxre_replace_fn(NULL, hay, 4, 0, keep, NULL, &out) == OXRE_ENULL) \
    X(fn_cb, OXRE_ENULL, EFAULT, oxre_replace_fn(re, hay, 4, 0, NULL, NULL, &out) == OXRE_ENULL) \
    X(fn_out, OXRE_ENULL, EFAULT, oxre_replace_fn(re, hay, 4, 0, keep, NULL, NULL) == OXRE_ENULL) \
    X(fn_utf8, OXRE_EUTF8, EILSEQ, oxre_replace_fn(text_re, bad, 2, 0, keep, NULL, &out) == OXRE_EUTF8) \
    X(fn_stop, OXRE_ECALLBACK, ECANCELED, oxre_replace_fn(re, hay, 4, 0, stop, NULL, &out) == OXRE_ECALLBACK && out.data == NULL) \
    X(expand_caps, OXRE_ENULL, EFAULT, oxre_expand(NULL, hay, 4, hay, 1, &out) == OXRE_ENULL) \
    X(expand_out, OXRE_ENULL, EFAULT, oxre_expand(caps, hay, 4, hay, 1, NULL) == OXRE_ENULL) \
    X(expand_tmpl, OXRE_ENULL, EFAULT, oxre_expand(caps, hay, 4, NULL, 1, &out) == OXRE_ENULL) \
    X(expand_range, OXRE_ERANGE, ERANGE, oxre_expand(caps, hay, 0, hay, 1, &out) == OXRE_ERANGE) \
    X(expand_corrupt, OXRE_EINVAL, EINVAL, oxre_expand(caps, hay, 4, hay, 1, &corrupt) == OXRE_EINVAL) \
    X(escape_out, OXRE_ENULL, EFAULT, oxre_escape(hay, 1, NULL) == OXRE_ENULL)               \
    X(escape_text, OXRE_ENULL, EFAULT, oxre_escape(NULL, 1, &out) == OXRE_ENULL)             \
    X(escape_utf8, OXRE_EUTF8, EILSEQ, oxre_escape(bad, 2, &out) == OXRE_EUTF8)              \
    X(set_is_match_null, OXRE_ENULL, EFAULT, oxre_set_is_match(NULL, hay, 4, 0) == OXRE_ENULL) \
    X(set_is_match_start, OXRE_ERANGE, ERANGE, oxre_set_is_match(set, hay, 4, 5) == OXRE_ERANGE) \
    X(set_matches_null, OXRE_ENULL, EFAULT, oxre_set_matches(NULL, hay, 4, 0, matched, 2) == OXRE_ENULL) \
    X(set_matches_hay, OXRE_ENULL, EFAULT, oxre_set_matches(set, NULL, 1, 0, matched, 2) == OXRE_ENULL) \
    X(set_matches_out, OXRE_ENULL, EFAULT, oxre_set_matches(set, hay, 4, 0, NULL, 2) == OXRE_ENULL) \
    X(set_matches_small, OXRE_ENOSPC, ERANGE, oxre_set_matches(set, hay, 4, 0, matched, 1) == OXRE_ENOSPC) \
    X(set_matches_start, OXRE_ERANGE, ERANGE, oxre_set_matches(set, hay, 4, 5, matched, 2) == OXRE_ERANGE) \
    X(set_search_null, OXRE_ENULL, EFAULT, oxre_set_search(NULL, hay, 4, 0, 4, 0, matched, 2) == OXRE_ENULL) \
    X(set_search_window, OXRE_ERANGE, ERANGE, oxre_set_search(set, hay, 4, 3, 2, 0, matched, 2) == OXRE_ERANGE) \
    X(set_search_flags, OXRE_EFLAGS, EINVAL, oxre_set_search(set, hay, 4, 0, 4, 1u << 9, matched, 2) == OXRE_EFLAGS) \
    X(set_search_small, OXRE_ENOSPC, ERANGE, oxre_set_search(set, hay, 4, 0, 4, 0, matched, 1) == OXRE_ENOSPC) \
    X(set_len_null, OXRE_ENULL, EFAULT, oxre_set_len(NULL) == 0)                             \
    X(set_pattern_null, OXRE_ENULL, EFAULT, oxre_set_pattern(NULL, 0, &n) == NULL && n == 0) \
    X(set_pattern_len, OXRE_ENULL, EFAULT, oxre_set_pattern(set, 0, NULL) == NULL)           \
    X(set_pattern_range, OXRE_ERANGE, ERANGE, oxre_set_pattern(set, 2, &n) == NULL)          \
    X(regcomp_preg, OXRE_ENULL, EFAULT, oxre_regcomp(NULL, "a", 0) == OXRE_REG_INVARG)       \
    X(regcomp_pattern, OXRE_ENULL, EFAULT, oxre_regcomp(&bad_preg, NULL, 0) == OXRE_REG_INVARG)  \
    X(regcomp_flags, OXRE_EFLAGS, EINVAL, oxre_regcomp(&bad_preg, "a", 1 << 20) == OXRE_REG_INVARG) \
    X(regcomp_syntax, OXRE_ESYNTAX, EINVAL, oxre_regcomp(&bad_preg, "a\\{1", 0) == OXRE_REG_EBRACE) \
    X(regexec_preg, OXRE_ENULL, EFAULT, oxre_regexec(NULL, "a", 0, NULL, 0) == OXRE_REG_INVARG) \
    X(regexec_string, OXRE_ENULL, EFAULT, oxre_regexec(&preg, NULL, 0, NULL, 0) == OXRE_REG_INVARG) \
    X(regexec_pmatch, OXRE_ENULL, EFAULT, oxre_regexec(&preg, "a", 1, NULL, 0) == OXRE_REG_INVARG) \
    X(regexec_flags, OXRE_EFLAGS, EINVAL, oxre_regexec(&preg, "a", 0, NULL, 1 << 20) == OXRE_REG_INVARG) \
    X(overlap_null, OXRE_ENULL, EFAULT, oxre_overlap_new(NULL, hay, 4) == NULL)              \
    X(overlap_hay_null, OXRE_ENULL, EFAULT, oxre_overlap_new(re, NULL, 1) == NULL)           \
    X(overlap_utf8, OXRE_EUTF8, EILSEQ, oxre_overlap_new(text_re, bad, 2) == NULL)           \
    X(overlap_next_null, OXRE_ENULL, EFAULT, oxre_overlap_next(NULL, &mt) == OXRE_ENULL)     \
    X(overlap_caps_null_it, OXRE_ENULL, EFAULT, oxre_overlap_captures(NULL, caps) == OXRE_ENULL) \
    X(overlap_caps_null, OXRE_ENULL, EFAULT, oxre_overlap_captures(ov, NULL) == OXRE_ENULL)  \
    X(overlap_caps_other, OXRE_EINVAL, EINVAL, oxre_overlap_captures(ov, other_caps) == OXRE_EINVAL) \
    X(overlap_caps_none, OXRE_ERANGE, ERANGE, oxre_overlap_captures(ov, caps) == OXRE_ERANGE)

/* X(name, the call succeeded) */
#define SUCCESSES(X)                                                                         \
    X(ok_compile, (oxre_free(oxre_compile(hay, 1, 0, NULL)), 1))                             \
    X(ok_many, (oxre_free(oxre_compile_many(pats, lens, 2, 0, NULL)), 1))                    \
    X(ok_set, (oxre_set_free(oxre_set_compile(pats, lens, 2, 0, NULL)), 1))                  \
    X(ok_options, oxre_options_init(&tiny_size) == OXRE_OK)                                  \
    X(ok_clone, (oxre_free(oxre_clone(re)), 1))                                              \
    X(ok_free_null, (oxre_free(NULL), oxre_captures_free(NULL), oxre_set_free(NULL),          \
                     oxre_iter_free(NULL), oxre_split_free(NULL), oxre_buf_free(NULL), 1))   \
    X(ok_patterns_len, oxre_patterns_len(re) == 1)                                           \
    X(ok_pattern, oxre_pattern(re, 0, &n) != NULL)                                           \
    X(ok_is_match, oxre_is_match(re, hay, 4, 0) == 1)                                        \
    X(ok_find, oxre_find(re, hay, 4, 4, &sp) == 0)                                           \
    X(ok_shortest, oxre_shortest_match(re, hay, 4, 0, &n) == 1)                              \
    X(ok_count, oxre_count(re, hay, 4, 0, &n) == OXRE_OK && n == 3)                          \
    X(ok_search, oxre_search(re, hay, 4, 0, 4, OXRE_ANCHORED | OXRE_EARLIEST, &mt) == 1)     \
    X(ok_static_len, oxre_static_captures_len(re, &n) == 0)                                  \
    X(ok_caps, (oxre_captures_free(oxre_captures_new(re)), 1))                               \
    X(ok_caps_read, oxre_captures_read(re, caps, hay, 4, 0) == 1)                            \
    X(ok_caps_search, oxre_search_captures(re, caps, hay, 4, 0, 4, OXRE_EARLIEST) == 1)      \
    X(ok_caps_accessors, oxre_captures_group_count(caps) == 3 && oxre_captures_pattern(caps) == 0 && \
                             oxre_captures_get(caps, 2, &sp) == 0 &&                         \
                             oxre_captures_spans(caps, spans, 4) == 3 &&                     \
                             oxre_captures_name(caps, "w", 1, &sp) == 1)                     \
    X(ok_names, oxre_captures_len(re) == 3 && oxre_names_count(re) == 1 &&                   \
                    oxre_capture_index(re, "w", 1) == 1 && oxre_capture_name(re, 1, &name) == 1) \
    X(ok_iter, oxre_iter_next(it, &sp) == 1 && oxre_iter_next_match(it, &mt) == 1 &&         \
                   oxre_iter_next_captures(it, caps) == 1 && oxre_iter_next(it, &sp) == 0)   \
    X(ok_iter_new, (oxre_iter_free(oxre_iter_new_window(re, hay, 4, 0, 4, 0)), 1))           \
    X(ok_split, oxre_split_next(split, &sp) == 1 &&                                          \
                    (oxre_split_free(oxre_splitn_new(re, hay, 4, 1)), 1))                    \
    X(ok_buf, oxre_buf_append(&out, hay, 4) == OXRE_OK && (oxre_buf_free(&out), 1))          \
    X(ok_replace, oxre_replace(re, hay, 4, 0, (const uint8_t *)"$w", 2, 0, &out) == 3 &&      \
                      (oxre_buf_free(&out), 1))                                              \
    X(ok_into, oxre_replace_into(re, hay, 0, 1, hay, 0, 0, dst, 2, &n) == 0)        \
    X(ok_callback, oxre_replace_fn(re, hay, 4, 0, keep, NULL, &out) == 3 && (oxre_buf_free(&out), 1)) \
    X(ok_expand, oxre_expand(caps, hay, 4, (const uint8_t *)"$1", 2, &out) == OXRE_OK &&     \
                     (oxre_buf_free(&out), 1))                                               \
    X(ok_escape, oxre_escape(hay, 4, &out) == OXRE_OK && (oxre_buf_free(&out), 1))           \
    X(ok_set_search, oxre_set_is_match(set, hay, 4, 0) == 1 &&                               \
                         oxre_set_matches(set, hay, 4, 0, matched, 2) == 2 &&                \
                         oxre_set_search(set, hay, 4, 0, 1, OXRE_EARLIEST, matched, 2) == 1 && \
                         oxre_set_len(set) == 2 && oxre_set_pattern(set, 1, &n) != NULL)     \
    X(ok_info, oxre_strerror(OXRE_ENOMEM) != NULL && oxre_version() != NULL &&               \
                   oxre_version_number() > 0)                                                \
    X(ok_posix, oxre_regexec(&preg, "xa", 2, pm, 0) == 0 &&                                  \
                    oxre_regerror(OXRE_REG_NOMATCH, &preg, NULL, 0) > 0)                     \
    X(ok_overlap, oxre_overlap_next(ov, &mt) == 1 && oxre_overlap_captures(ov, caps) == 1 &&  \
                      oxre_captures_get(caps, 0, &sp) == 1 && sp.end == mt.end &&            \
                      (oxre_overlap_free(NULL), 1))

#define DEFINE_FAILURE(id, code_, errno_, cond)                                              \
    START_TEST(id)                                                                           \
    {                                                                                        \
        oxre_last_error_clear();                                                             \
        errno = 0;                                                                           \
        ck_assert_msg(cond, "%s: not the failure value", #id);                               \
        int e_ = errno;                                                                      \
        const oxre_error *err = oxre_last_error();                                           \
        ck_assert_msg(err != NULL, "%s: no last error", #id);                                \
        ck_assert_msg(err->code == (code_), "%s: code %d, not %d (%s)", #id, err->code,      \
                      (code_), err->message);                                                \
        ck_assert_msg(e_ == (errno_), "%s: errno %d, not %d", #id, e_, (errno_));            \
        ck_assert(err->message != NULL && strlen(err->message) > 0);                         \
    }                                                                                        \
    END_TEST
FAILURES(DEFINE_FAILURE)

#define DEFINE_SUCCESS(id, cond)                                                             \
    START_TEST(id)                                                                           \
    {                                                                                        \
        ck_assert_ptr_null(oxre_compile(NULL, 1, 0, NULL));                                  \
        const oxre_error *before = oxre_last_error();                                        \
        errno = 4242;                                                                        \
        ck_assert_msg(cond, "%s: failed: %s", #id, oxre_last_error()->message);              \
        ck_assert_msg(errno == 4242, "%s: errno changed to %d", #id, errno);                 \
        ck_assert_ptr_eq(oxre_last_error(), before);                                         \
        ck_assert_int_eq(before->code, OXRE_ENULL);                                          \
    }                                                                                        \
    END_TEST
SUCCESSES(DEFINE_SUCCESS)

static void fixtures(void)
{
    re = compile_ok("(?<w>\\w)(x)?", 0);
    text_re = compile_ok("a", OXRE_TEXT);
    other_re = compile_ok("(?<v>\\w)(x)?", 0);
    caps = oxre_captures_new(re);
    other_caps = oxre_captures_new(other_re);
    empty_caps = oxre_captures_new(text_re);
    ck_assert_int_eq(oxre_captures_read(re, caps, hay, 4, 0), 1);
    set = oxre_set_compile(pats, lens, 2, 0, NULL);
    it = oxre_iter_new(re, hay, 4, 0);
    split = oxre_split_new(re, hay, 4);
    ov = oxre_overlap_new(re, hay, 4);
    oxre_options_init(&big_nest);
    big_nest.nest_limit = OXRE_NEST_LIMIT_MAX + 1;
    oxre_options_init(&tiny_size);
    tiny_size.size_limit = 100;
    corrupt2 = (oxre_buf){0};
    out = (oxre_buf){0};
    ck_assert_int_eq(oxre_buf_append(&corrupt2, hay, 4), OXRE_OK);
    corrupt2_real = corrupt2;
    corrupt2.len = 5;
    corrupt2.capacity = 5;
    ck_assert_int_eq(oxre_regcomp(&preg, "a", 0), 0);
}

/* Frees what fixtures() made (the cases run in one process under
 * valgrind). */
static void teardown(void)
{
    oxre_split_free(split);
    oxre_overlap_free(ov);
    oxre_iter_free(it);
    oxre_set_free(set);
    oxre_captures_free(caps);
    oxre_captures_free(other_caps);
    oxre_captures_free(empty_caps);
    oxre_free(re);
    oxre_free(text_re);
    oxre_free(other_re);
    oxre_regfree(&preg);
    oxre_buf_free(&corrupt2_real);
    oxre_buf_free(&out);
}

int main(void)
{
    Suite *s = suite_create("matrix");
    TCase *bad_input = tcase_create("bad input");
    TCase *success = tcase_create("success");
    tcase_add_checked_fixture(bad_input, fixtures, teardown);
    tcase_add_checked_fixture(success, fixtures, teardown);
#define ADD_FAILURE(id, code_, errno_, cond) tcase_add_test(bad_input, id);
    FAILURES(ADD_FAILURE)
#define ADD_SUCCESS(id, cond) tcase_add_test(success, id);
    SUCCESSES(ADD_SUCCESS)
    suite_add_tcase(s, bad_input);
    suite_add_tcase(s, success);
    return run_suite(s);
}
