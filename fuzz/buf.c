/*
 * Fuzz target: oxre_buf. The input is a program of operations on one
 * buffer (one byte each, operands following): append bytes of the input,
 * append a part of the buffer itself, append NULL, misuse a copy of the
 * buffer, escape into a new buffer and append that, free. After each
 * operation the buffer must equal a plain copy kept on the side, be
 * NUL-terminated, and a failed call must have left it unchanged.
 *
 * Copyright (c) the oxre authors. SPDX-License-Identifier: MIT OR Apache-2.0
 */
#include "fuzz.h"

struct shadow {
    uint8_t *data;
    size_t len;
};

static void shadow_append(struct shadow *s, const uint8_t *p, size_t n)
{
    s->data = realloc(s->data, s->len + n + 1);
    FZ_CHECK(s->data);
    memcpy(s->data + s->len, p, n);
    s->len += n;
}

static void same(const oxre_buf *b, const struct shadow *s)
{
    fz_buf_check(b);
    FZ_CHECK(b->len == s->len);
    FZ_CHECK(s->len == 0 || memcmp(b->data, s->data, s->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oxre_buf b = {0};
    struct shadow s = {NULL, 0};
    size_t i = 0;

    while (i < size) {
        uint8_t op = data[i++];
        size_t n = i < size ? data[i++] : 0;
        switch (op % 7) {
        case 0: /* bytes of the input */
            if (n > size - i)
                n = size - i;
            FZ_CHECK(FZ_CALL(oxre_buf_append(&b, data + i, n)) == OXRE_OK);
            shadow_append(&s, data + i, n);
            i += n;
            break;
        case 1: /* a part of the buffer itself */
            if (b.len) {
                size_t off = n % b.len, len = (i < size ? data[i++] : 0) % (b.len - off + 1);
                uint8_t *tmp = malloc(len + 1);
                FZ_CHECK(tmp);
                memcpy(tmp, b.data + off, len);
                FZ_CHECK(FZ_CALL(oxre_buf_append(&b, b.data + off, len)) == OXRE_OK);
                shadow_append(&s, tmp, len);
                free(tmp);
            }
            break;
        case 2: /* NULL: fine with length 0 only */
            FZ_CHECK(FZ_CALL(oxre_buf_append(&b, NULL, 0)) == OXRE_OK);
            if (n)
                FZ_CHECK(FZ_CALL(oxre_buf_append(&b, NULL, n)) == OXRE_ENULL);
            break;
        case 3: { /* a copy whose fields were changed: refused, left alone */
            oxre_buf bad = b;
            if (!bad.data)
                *(n & 1 ? &bad.len : &bad.capacity) = n + 1;
            else if (n & 1)
                bad.len = bad.capacity;
            else
                bad.capacity = 0;
            oxre_buf keep = bad;
            FZ_CHECK(FZ_CALL(oxre_buf_append(&bad, (const uint8_t *)"x", 1)) == OXRE_EINVAL);
            FZ_CHECK(memcmp(&bad, &keep, sizeof bad) == 0);
            errno = 0;
            oxre_last_error_clear();
            oxre_buf_free(&bad);
            FZ_CHECK(memcmp(&bad, &keep, sizeof bad) == 0);
            FZ_CHECK(oxre_last_error() && oxre_last_error()->code == OXRE_EINVAL);
            break;
        }
        case 4: { /* escape a piece of the input, append the result */
            if (n > size - i)
                n = size - i;
            oxre_buf e = {0};
            int r = FZ_CALL(oxre_escape(data + i, n, &e));
            FZ_CHECK(r == (fz_utf8_valid(data + i, n) ? OXRE_OK : OXRE_EUTF8));
            if (r == OXRE_OK) {
                fz_buf_check(&e);
                FZ_CHECK(e.len >= n && e.len <= 2 * n);
                FZ_CHECK(FZ_CALL(oxre_buf_append(&b, e.data, e.len)) == OXRE_OK);
                shadow_append(&s, e.data, e.len);
            }
            oxre_buf_free(&e);
            FZ_CHECK(e.data == NULL && e.len == 0 && e.capacity == 0);
            i += n;
            break;
        }
        case 5: /* free, twice */
            oxre_buf_free(&b);
            FZ_CHECK(b.data == NULL && b.len == 0 && b.capacity == 0);
            oxre_buf_free(&b);
            free(s.data);
            s.data = NULL;
            s.len = 0;
            break;
        default: /* many small appends */
            for (size_t k = 0; k < n; k++) {
                uint8_t c = (uint8_t)k;
                FZ_CHECK(FZ_CALL(oxre_buf_append(&b, &c, 1)) == OXRE_OK);
                shadow_append(&s, &c, 1);
            }
            break;
        }
        same(&b, &s);
    }
    oxre_buf_free(&b);
    free(s.data);
    return 0;
}
