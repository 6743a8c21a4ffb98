/* Declarations shared by oxre's own C sources and its Rust code that are not
 * part of the API: not installed, and kept out of liboxre.so's exports by the
 * version script. */
#ifndef OXRE_INTERNAL_H
#define OXRE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/* Records a failure found by the C code as the calling thread's last error
 * (see oxre_last_error()) and sets errno to go with the OXRE_E* code. */
void oxre_internal_set_error(int code, const char *message, bool has_span, size_t span_start,
                             size_t span_end);

#endif
