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

/* -- The Lua-API slots of ElaraHost (added by api.c) ----------------------
** One function per slot, same name and Lua 5.5 semantics; host.c builds the
** vtable from them and core code may call them directly. */

/* state and stack */
EL_FUNC int el_api_absindex (ElaraState *L, int idx);
EL_FUNC int el_api_gettop (ElaraState *L);
EL_FUNC void el_api_settop (ElaraState *L, int idx);
EL_FUNC void el_api_pushvalue (ElaraState *L, int idx);
EL_FUNC void el_api_rotate (ElaraState *L, int idx, int n);
EL_FUNC void el_api_copy (ElaraState *L, int fromidx, int toidx);
EL_FUNC int el_api_checkstack (ElaraState *L, int n);
EL_FUNC void el_api_xmove (ElaraState *from, ElaraState *to, int n);

/* access */
EL_FUNC int el_api_isnumber (ElaraState *L, int idx);
EL_FUNC int el_api_isstring (ElaraState *L, int idx);
EL_FUNC int el_api_iscfunction (ElaraState *L, int idx);
EL_FUNC int el_api_isinteger (ElaraState *L, int idx);
EL_FUNC int el_api_isuserdata (ElaraState *L, int idx);
EL_FUNC int el_api_type (ElaraState *L, int idx);
EL_FUNC const char *el_api_typename_ (ElaraState *L, int tp);
EL_FUNC ElaraNumber el_api_tonumberx (ElaraState *L, int idx, int *isnum);
EL_FUNC ElaraInteger el_api_tointegerx (ElaraState *L, int idx, int *isnum);
EL_FUNC int el_api_toboolean (ElaraState *L, int idx);
EL_FUNC const char *el_api_tolstring (ElaraState *L, int idx, size_t *len);
EL_FUNC ElaraUnsigned el_api_rawlen (ElaraState *L, int idx);
EL_FUNC ElaraCFunction el_api_tocfunction (ElaraState *L, int idx);
EL_FUNC void *el_api_touserdata (ElaraState *L, int idx);
EL_FUNC ElaraState *el_api_tothread (ElaraState *L, int idx);
EL_FUNC const void *el_api_topointer (ElaraState *L, int idx);

/* arithmetic and comparison */
EL_FUNC void el_api_arith (ElaraState *L, int op);
EL_FUNC int el_api_rawequal (ElaraState *L, int idx1, int idx2);
EL_FUNC int el_api_compare (ElaraState *L, int idx1, int idx2, int op);

/* push */
EL_FUNC void el_api_pushnil (ElaraState *L);
EL_FUNC void el_api_pushnumber (ElaraState *L, ElaraNumber n);
EL_FUNC void el_api_pushinteger (ElaraState *L, ElaraInteger n);
EL_FUNC const char *el_api_pushlstring (ElaraState *L, const char *s,
                                        size_t len);
EL_FUNC const char *el_api_pushstring (ElaraState *L, const char *s);
EL_FUNC const char *el_api_pushvfstring (ElaraState *L, const char *fmt,
                                         va_list argp);
EL_FUNC const char *el_api_pushfstring (ElaraState *L, const char *fmt, ...);
EL_FUNC void el_api_pushcclosure (ElaraState *L, ElaraCFunction fn, int n);
EL_FUNC void el_api_pushboolean (ElaraState *L, int b);
EL_FUNC void el_api_pushlightuserdata (ElaraState *L, void *p);
EL_FUNC int el_api_pushthread (ElaraState *L);

/* get */
EL_FUNC int el_api_getglobal (ElaraState *L, const char *name);
EL_FUNC int el_api_gettable (ElaraState *L, int idx);
EL_FUNC int el_api_getfield (ElaraState *L, int idx, const char *k);
EL_FUNC int el_api_geti (ElaraState *L, int idx, ElaraInteger n);
EL_FUNC int el_api_rawget (ElaraState *L, int idx);
EL_FUNC int el_api_rawgeti (ElaraState *L, int idx, ElaraInteger n);
EL_FUNC int el_api_rawgetp (ElaraState *L, int idx, const void *p);
EL_FUNC void el_api_createtable (ElaraState *L, int narr, int nrec);
EL_FUNC void *el_api_newuserdatauv (ElaraState *L, size_t sz, int nuvalue);
EL_FUNC int el_api_getmetatable (ElaraState *L, int objindex);
EL_FUNC int el_api_getiuservalue (ElaraState *L, int idx, int n);

/* set */
EL_FUNC void el_api_setglobal (ElaraState *L, const char *name);
EL_FUNC void el_api_settable (ElaraState *L, int idx);
EL_FUNC void el_api_setfield (ElaraState *L, int idx, const char *k);
EL_FUNC void el_api_seti (ElaraState *L, int idx, ElaraInteger n);
EL_FUNC void el_api_rawset (ElaraState *L, int idx);
EL_FUNC void el_api_rawseti (ElaraState *L, int idx, ElaraInteger n);
EL_FUNC void el_api_rawsetp (ElaraState *L, int idx, const void *p);
/* ElaraHost.tmove: raw moves inside the table at idx when it has no
** metatable (returns 1), otherwise nothing (returns 0). */
EL_FUNC int el_api_tmove (ElaraState *L, int idx, ElaraInteger f,
                          ElaraInteger e, ElaraInteger d);
EL_FUNC int el_api_setmetatable (ElaraState *L, int objindex);
EL_FUNC int el_api_setiuservalue (ElaraState *L, int idx, int n);

/* load and call */
/* ElaraHost.calltruth2: the truth of f (a, b) for the values at indices
** f, a and b (one result, not yieldable), leaving the stack as it was. */
EL_FUNC int el_api_calltruth2 (ElaraState *L, int f, int a, int b);
EL_FUNC void el_api_callk (ElaraState *L, int nargs, int nresults,
                           ElaraKContext ctx, ElaraKFunction k);
EL_FUNC int el_api_pcallk (ElaraState *L, int nargs, int nresults,
                           int errfunc, ElaraKContext ctx, ElaraKFunction k);
EL_FUNC int el_api_load (ElaraState *L, ElaraReader reader, void *dt,
                         const char *chunkname, const char *mode);
EL_FUNC int el_api_dump (ElaraState *L, ElaraWriter writer, void *data,
                         int strip);

/* coroutines */
EL_FUNC int el_api_yieldk (ElaraState *L, int nresults, ElaraKContext ctx,
                           ElaraKFunction k);
EL_FUNC int el_api_resume (ElaraState *L, ElaraState *from, int narg,
                           int *nres);
/* Register the coroutine library's functions the VM may stand in for
** (ElaraHost.set_coroutine_fns). */
EL_FUNC void el_api_setcoroutinefns (ElaraState *L, ElaraCFunction resume,
                                     ElaraCFunction wrapaux,
                                     ElaraCFunction yield);
EL_FUNC int el_api_status (ElaraState *L);
EL_FUNC int el_api_isyieldable (ElaraState *L);
EL_FUNC ElaraState *el_api_newthread (ElaraState *L);
EL_FUNC int el_api_closethread (ElaraState *L, ElaraState *from);

/* warnings, GC, misc */
EL_FUNC void el_api_setwarnf (ElaraState *L, ElaraWarnFunction f, void *ud);
EL_FUNC void el_api_warning (ElaraState *L, const char *msg, int tocont);
EL_FUNC int el_api_gc (ElaraState *L, int what, ...);
EL_FUNC int el_api_error (ElaraState *L);
EL_FUNC int el_api_next (ElaraState *L, int idx);
EL_FUNC void el_api_concat (ElaraState *L, int n);
EL_FUNC void el_api_len (ElaraState *L, int idx);
EL_FUNC size_t el_api_stringtonumber (ElaraState *L, const char *s);
EL_FUNC unsigned el_api_numbertocstring (ElaraState *L, int idx, char *buff);
EL_FUNC void el_api_toclose (ElaraState *L, int idx);
EL_FUNC void el_api_closeslot (ElaraState *L, int idx);

/* debug interface */
EL_FUNC int el_api_getstack (ElaraState *L, int level, ElaraDebug *ar);
EL_FUNC int el_api_getinfo (ElaraState *L, const char *what, ElaraDebug *ar);
EL_FUNC const char *el_api_getlocal (ElaraState *L, const ElaraDebug *ar,
                                     int n);
EL_FUNC const char *el_api_setlocal (ElaraState *L, const ElaraDebug *ar,
                                     int n);
EL_FUNC const char *el_api_getupvalue (ElaraState *L, int funcindex, int n);
EL_FUNC const char *el_api_setupvalue (ElaraState *L, int funcindex, int n);
EL_FUNC void *el_api_upvalueid (ElaraState *L, int fidx, int n);
EL_FUNC void el_api_upvaluejoin (ElaraState *L, int fidx1, int n1, int fidx2,
                                 int n2);
EL_FUNC void el_api_sethook (ElaraState *L, ElaraHook func, int mask,
                             int count);
EL_FUNC ElaraHook el_api_gethook (ElaraState *L);
EL_FUNC int el_api_gethookmask (ElaraState *L);
EL_FUNC int el_api_gethookcount (ElaraState *L);

/* whole states (the 1.2 slots: lua_atpanic, lua_getallocf, lua_setallocf,
** lua_newstate, lua_close) */
EL_FUNC ElaraCFunction el_api_atpanic (ElaraState *L, ElaraCFunction panicf);
EL_FUNC ElaraAlloc el_api_getallocf (ElaraState *L, void **ud);
EL_FUNC void el_api_setallocf (ElaraState *L, ElaraAlloc f, void *ud);
EL_FUNC ElaraState *el_api_newstate (ElaraAlloc f, void *ud, unsigned seed);
EL_FUNC void el_api_close (ElaraState *L);

#endif /* EL_API_H */
