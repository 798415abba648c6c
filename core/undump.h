/*
** undump.h: loading and verifying binary chunks
** SPDX-License-Identifier: MIT
*/
#ifndef EL_UNDUMP_H
#define EL_UNDUMP_H

#include "object.h"
#include "stream.h"

/* Load a binary chunk (signature's first byte already consumed) and push
** its closure.  Truncated, corrupt or hostile input (bad sizes, jumps or
** register/constant/upvalue indices out of range, ...) raises
** ELARA_ERRSYNTAX "name: bad binary format (reason)" or
** "name: truncated precompiled chunk"; never crashes. */
EL_FUNC LClosure *el_undump_load (struct ElaraState *L, Stream *Z,
                                  const char *name);

#endif /* EL_UNDUMP_H */
