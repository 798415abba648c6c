/*
** api.h: the stack-based API on the core (the implementation behind every
** ElaraHost slot and, later, the Lua C API shim)
** SPDX-License-Identifier: MIT
**
** api.c defines el_api_<slot> for each Lua-API slot of ElaraHost (same
** name as the slot: el_api_gettop, el_api_pushinteger, ...); auxlib.c
** defines el_auxlib_<slot> for the auxiliary and buffer slots; host.c builds
** the vtable from them.  Semantics are those of the Lua 5.5 C API.
*/
#ifndef EL_API_H
#define EL_API_H

#include "state.h"

/* Increment top with a stack-overflow check in debug builds. */
#define api_incr_top(L) ((L)->top++, el_assert ((L)->top <= (L)->ci->top))
/* After a call with multiple results, make room for them in the frame. */
#define adjustresults(L, nres) \
  { if ((nres) <= ELARA_MULTRET && (L)->ci->top < (L)->top) \
      (L)->ci->top = (L)->top; }
#define api_checknelems(L, n) el_assert ((n) < ((L)->top - (L)->ci->func))

/* The value at acceptable index 'idx' (a nil object for invalid indices). */
EL_FUNC TValue *el_api_index2value (ElaraState *L, int idx);
/* The stack slot of a valid non-pseudo index. */
EL_FUNC StkId el_api_index2stack (ElaraState *L, int idx);

#endif /* EL_API_H */
