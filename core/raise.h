/*
** raise.h: raising runtime errors with the reference's messages (texts in
** errmsg.h), adding "chunk:line:" positions and variable names
** SPDX-License-Identifier: MIT
*/
#ifndef EL_RAISE_H
#define EL_RAISE_H

#include "state.h"
#include "errmsg.h"

/* Raise a formatted error (el_object_pushfstring formats) with position
** info of the current Lua function. */
EL_FUNC EL_NORET el_raise_runerror (ElaraState *L, const char *fmt, ...);
/* Raise message 'em' of errmsg.h (formatted with the extra arguments). */
EL_FUNC EL_NORET el_raise_error (ElaraState *L, ErrMsg em, ...);
/* Raise the value on the top after calling the message handler (errfunc). */
EL_FUNC EL_NORET el_raise_errormsg (ElaraState *L);
/* "attempt to <op> a <type> value (<kind> '<name>')" */
EL_FUNC EL_NORET el_raise_typeerror (ElaraState *L, const TValue *o,
                                   const char *opname);
EL_FUNC EL_NORET el_raise_callerror (ElaraState *L, const TValue *o);
EL_FUNC EL_NORET el_raise_forerror (ElaraState *L, const TValue *o,
                                  const char *what);
EL_FUNC EL_NORET el_raise_concaterror (ElaraState *L, const TValue *p1,
                                     const TValue *p2);
EL_FUNC EL_NORET el_raise_opinterror (ElaraState *L, const TValue *p1,
                                    const TValue *p2, const char *msg);
EL_FUNC EL_NORET el_raise_tointerror (ElaraState *L, const TValue *p1,
                                    const TValue *p2);
EL_FUNC EL_NORET el_raise_ordererror (ElaraState *L, const TValue *p1,
                                    const TValue *p2);
/* Prefix 'msg' with "chunkid:line:" and push it; returns it. */
EL_FUNC const char *el_raise_addinfo (ElaraState *L, const char *msg,
                                    TString *src, int line);

#endif /* EL_RAISE_H */
