/*
** func.h: prototypes, closures, upvalues, to-be-closed variables
** SPDX-License-Identifier: MIT
*/
#ifndef EL_FUNC_H
#define EL_FUNC_H

#include "object.h"

struct ElaraState;

/* Special status for el_func_close: close upvalues without running
** __close (used when the stack is being unwound by a yield/close). */
#define CLOSEKTOP   (-1)
/* Maximum distance in the tbc list before a dummy node is inserted. */
#define MAXDELTA    USHRT_MAX

EL_FUNC Proto *el_func_newproto (struct ElaraState *L);
EL_FUNC void el_func_freeproto (struct ElaraState *L, Proto *f);
/* Make f->xcode, the executable form of f->code (opcodes.h), once f's code
** is final and verified: the parser's last step for a function, and the
** loader's after the verifier.  Raises a memory error on failure (f stays
** without it, and f is not run). */
EL_FUNC void el_func_setxcode (struct ElaraState *L, Proto *f);
EL_FUNC CClosure *el_func_newCclosure (struct ElaraState *L, int nupvals);
EL_FUNC LClosure *el_func_newLclosure (struct ElaraState *L, int nupvals);
/* Fill a new Lua closure's upvalues with fresh closed upvalues. */
EL_FUNC void el_func_initupvals (struct ElaraState *L, LClosure *cl);
/* Find or create the open upvalue for stack slot 'level'. */
EL_FUNC UpVal *el_func_findupval (struct ElaraState *L, StkId level);
/* OP_CLOSURE: put in 'ra' a new closure of 'p' whose upvalues are found
** in the frame at 'base' or taken from the enclosing closure's 'encup'. */
EL_FUNC void el_func_pushclosure (struct ElaraState *L, Proto *p,
                                  UpVal **encup, StkId base, StkId ra);
EL_FUNC void el_func_unlinkupval (UpVal *uv);
/* Close open upvalues at or above 'level' (no __close calls). */
EL_FUNC void el_func_closeupval (struct ElaraState *L, StkId level);
/* Mark slot 'level' to be closed; raises "variable 'x' got a non-closable
** value" when the value is not false/nil and has no __close. */
EL_FUNC void el_func_newtbcupval (struct ElaraState *L, StkId level);
/* Close upvalues and run __close of tbc variables at or above 'level';
** 'status' is ELARA_OK for a normal exit (one argument) or an error status
** (error object at 'level' passed as second argument).  'yy': may yield.
** Returns the (possibly relocated) level. */
EL_FUNC StkId el_func_close (struct ElaraState *L, StkId level, int status,
                             int yy);
/* Name of local 'local_number' (1-based) active at 'pc', or NULL. */
EL_FUNC const char *el_func_getlocalname (const Proto *f, int local_number,
                                          int pc);

#endif /* EL_FUNC_H */
