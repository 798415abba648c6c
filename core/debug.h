/*
** debug.h: debug information: line numbers, activation info (the
** lua_getinfo family), local names, the names of variables in error
** messages, and the hooks the VM calls (line and count)
** SPDX-License-Identifier: MIT
*/
#ifndef EL_DEBUG_H
#define EL_DEBUG_H

#include "state.h"

/* Frames' pcs point into p->xcode (opcodes.h) past the instruction
** running: its index, and the same place in p->code (the reference's
** format, which the debug interface decodes). */
#define pcRel(pc, p)    (cast_int ((pc) - (p)->xcode) - 1)
#define pcCode(pc, p)   ((p)->code + ((pc) - (p)->xcode))
/* Line of instruction 'pc' (-1 when stripped). */
EL_FUNC int el_debug_getfuncline (const Proto *f, int pc);
/* Current line of a Lua frame. */
EL_FUNC int el_debug_currentline (CallInfo *ci);
/* Called by the VM before an instruction when hooks are active (line and
** count events); returns 0 when it must not run the instruction... */
EL_FUNC int el_debug_traceexec (ElaraState *L, const ElCode *pc);
/* Re-examine hook state after a call/return (sets ci trap). */
EL_FUNC int el_debug_tracecall (ElaraState *L);
/* lua_getstack / lua_getinfo / lua_getlocal / lua_setlocal. */
EL_FUNC int el_debug_getstack (ElaraState *L, int level, ElaraDebug *ar);
EL_FUNC int el_debug_getinfo (ElaraState *L, const char *what, ElaraDebug *ar);
EL_FUNC const char *el_debug_getlocal (ElaraState *L, const ElaraDebug *ar,
                                       int n);
EL_FUNC const char *el_debug_setlocal (ElaraState *L, const ElaraDebug *ar,
                                       int n);
EL_FUNC void el_debug_sethook (ElaraState *L, ElaraHook func, int mask,
                               int count);
/* Describe value 'o' (in the current Lua frame) for an error message:
** " (global 'x')", " (field 'y')", ... or "". */
EL_FUNC const char *el_debug_varinfo (ElaraState *L, const TValue *o);
/* Name and kind of the function called by frame ci ("global", "method"
** ...), for error messages and tracebacks. */
EL_FUNC const char *el_debug_funcnamefromcall (ElaraState *L, CallInfo *ci,
                                               const char **name);

#endif /* EL_DEBUG_H */
