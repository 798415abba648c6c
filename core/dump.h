/*
** dump.h: binary chunks (string.dump) and the bytecode listing (elara -l)
** SPDX-License-Identifier: MIT
*/
#ifndef EL_DUMP_H
#define EL_DUMP_H

#include <stdio.h>

#include "object.h"

/* Binary chunks are in Lua 5.5.0's format (see dump.c), so they start
** with its signature; 'load' recognises a binary chunk by the first byte
** (ESC), which no text chunk can start with. */
#define EL_SIGNATURE    "\x1b" "Lua"

/* Write proto 'f' through 'w'; returns the writer's first nonzero status
** or 0.  The writer receives a final (NULL, 0) call. */
EL_FUNC int el_dump_dump (struct ElaraState *L, const Proto *f, ElaraWriter w,
                          void *data, int strip);
/* Print a readable listing of 'f' and its nested functions ('full': also
** constants, locals and upvalues). */
EL_FUNC void el_dump_listing (const Proto *f, int full, FILE *out);

#endif /* EL_DUMP_H */
