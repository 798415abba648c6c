/*
** api.c: the stack-based API on the core, behind every Lua-API slot of
** ElaraHost (and later the Lua C API shim)
** SPDX-License-Identifier: MIT
**
** Each el_api_<slot> has the semantics of the Lua 5.5 C API function the
** slot is named after.  Invariants every function here relies on:
**  - the caller's frame is L->ci; its stack slots are (ci->func, L->top);
**  - a C function may use up to ci->top without checking (EL_MINSTACK
**    slots are guaranteed on entry, more after el_api_checkstack);
**  - an invalid acceptable index reads as G(L)->nilvalue, which is the only
**    nil in the process that 'isvalid' tells apart from a real nil;
**  - no raw object pointer is kept across anything that can run the
**    collector or reallocate the stack unless it is anchored on the stack
**    (or its slot is re-fetched afterwards).
*/
#include "config.h"
#include "api.h"

#include <string.h>

#include "call.h"
#include "debug.h"
#include "dump.h"
#include "func.h"
#include "gc.h"
#include "instance.h"
#include "mem.h"
#include "meta.h"
#include "plugin.h"
#include "raise.h"
#include "state.h"
#include "str.h"
#include "stream.h"
#include "table.h"
#include "vm.h"

/* Caller mistakes are checked only in debug builds, as in the reference. */
#define api_check(L, c, msg)  (el_unused (L), el_assert ((c) && msg))

/* Is 'idx' a pseudo-index (registry or upvalue)? */
#define ispseudo(i)           ((i) <= ELARA_REGISTRYINDEX)
#define isupvalue(i)          ((i) < ELARA_REGISTRYINDEX)

/* A value read through an acceptable index is "valid" unless it is the
** shared nil standing for an index above the top. */
#define isvalid(L, o)         (!ttisnil (o) || (o) != &G (L)->nilvalue)

/* -- Index translation ---------------------------------------------------- */

TValue *
el_api_index2value (ElaraState *L, int idx)
{
  CallInfo *ci = L->ci;
  if (idx > 0) {
    StkId o = ci->func + idx;
    api_check (L, idx <= ci->top - (ci->func + 1), "unacceptable index");
    if (o >= L->top)
      return &G (L)->nilvalue;
    return s2v (o);
  }
  else if (!ispseudo (idx)) {
    api_check (L, idx != 0 && -idx <= L->top - (ci->func + 1),
               "invalid index");
    return s2v (L->top + idx);
  }
  else if (idx == ELARA_REGISTRYINDEX)
    return &G (L)->l_registry;
  else {
    /* upvalue of the running C closure; light C functions and Lua
    ** functions seen through hooks have none */
    idx = ELARA_REGISTRYINDEX - idx;
    api_check (L, idx <= EL_MAXUPVAL + 1, "upvalue index too large");
    if (ttisCclosure (s2v (ci->func))) {
      CClosure *func = clCvalue (s2v (ci->func));
      return (idx <= func->nupvalues) ? &func->upvalue[idx - 1]
                                      : &G (L)->nilvalue;
    }
    return &G (L)->nilvalue;
  }
}

StkId
el_api_index2stack (ElaraState *L, int idx)
{
  CallInfo *ci = L->ci;
  if (idx > 0) {
    StkId o = ci->func + idx;
    api_check (L, o < L->top, "invalid index");
    return o;
  }
  api_check (L, idx != 0 && -idx <= L->top - (ci->func + 1), "invalid index");
  api_check (L, !ispseudo (idx), "invalid index");
  return L->top + idx;
}

/* -- State and stack ------------------------------------------------------ */

int
el_api_absindex (ElaraState *L, int idx)
{
  return (idx > 0 || ispseudo (idx))
         ? idx : cast_int (L->top - L->ci->func) + idx;
}

int
el_api_gettop (ElaraState *L)
{
  return cast_int (L->top - (L->ci->func + 1));
}

void
el_api_settop (ElaraState *L, int idx)
{
  CallInfo *ci = L->ci;
  StkId func = ci->func;
  StkId newtop;
  ptrdiff_t diff;
  if (idx >= 0) {
    api_check (L, idx <= ci->top - (func + 1), "new top too large");
    diff = ((func + 1) + idx) - L->top;
    for (; diff > 0; diff--)
      setnilvalue (s2v (L->top++));
  }
  else {
    api_check (L, -(idx + 1) <= (L->top - (func + 1)), "invalid new top");
    diff = idx + 1;
  }
  newtop = L->top + diff;
  /* dropping a to-be-closed slot closes it (without an error object);
  ** the top moves only afterwards so the closing code sees the values */
  if (diff < 0 && L->tbclist >= newtop)
    newtop = el_func_close (L, newtop, CLOSEKTOP, 0);
  L->top = newtop;
}

/* Reverse the slots from..to (both included); helper of rotate. */
static void
api_reverse (ElaraState *L, StkId from, StkId to)
{
  for (; from < to; from++, to--) {
    TValue temp;
    setobj (L, &temp, s2v (from));
    setobjs2s (L, from, to);
    setobj2s (L, to, &temp);
  }
}

void
el_api_rotate (ElaraState *L, int idx, int n)
{
  StkId t = L->top - 1;
  StkId p = el_api_index2stack (L, idx);
  StkId m;
  api_check (L, L->tbclist < p, "moving a to-be-closed slot");
  api_check (L, (n >= 0 ? n : -n) <= (t - p + 1), "invalid 'n'");
  /* rotating by n is reversing both parts and then the whole segment */
  m = (n >= 0 ? t - n : p - n - 1);
  api_reverse (L, p, m);
  api_reverse (L, m + 1, t);
  api_reverse (L, p, t);
}

void
el_api_copy (ElaraState *L, int fromidx, int toidx)
{
  TValue *fr = el_api_index2value (L, fromidx);
  TValue *to = el_api_index2value (L, toidx);
  api_check (L, isvalid (L, to), "invalid index");
  setobj (L, to, fr);
  /* an upvalue lives in the closure object: it needs the barrier (the
  ** registry is re-traversed by the collector before it finishes) */
  if (isupvalue (toidx))
    el_gc_barrier (L, clCvalue (s2v (L->ci->func)), fr);
}

void
el_api_pushvalue (ElaraState *L, int idx)
{
  setobj2s (L, L->top, el_api_index2value (L, idx));
  api_incr_top (L);
}

int
el_api_checkstack (ElaraState *L, int n)
{
  CallInfo *ci = L->ci;
  int res;
  api_check (L, n >= 0, "negative 'n'");
  if (L->stack_last - L->top > n)
    res = 1;
  else
    res = el_call_growstack (L, n, 0);
  if (res && ci->top < L->top + n)
    ci->top = L->top + n;
  return res;
}

void
el_api_xmove (ElaraState *from, ElaraState *to, int n)
{
  int i;
  if (from == to)
    return;
  api_check (from, G (from) == G (to), "moving among independent states");
  api_check (from, to->ci->top - to->top >= n, "stack overflow");
  from->top -= n;
  for (i = 0; i < n; i++) {
    setobjs2s (to, to->top, from->top + i);
    to->top++;
  }
}

/* -- Access --------------------------------------------------------------- */

int
el_api_isnumber (ElaraState *L, int idx)
{
  ElNum n;
  const TValue *o = el_api_index2value (L, idx);
  return tonumber (o, &n);
}

int
el_api_isstring (ElaraState *L, int idx)
{
  const TValue *o = el_api_index2value (L, idx);
  return ttisstring (o) || ttisnumber (o);
}

int
el_api_iscfunction (ElaraState *L, int idx)
{
  const TValue *o = el_api_index2value (L, idx);
  return ttislcf (o) || ttisCclosure (o);
}

int
el_api_isinteger (ElaraState *L, int idx)
{
  const TValue *o = el_api_index2value (L, idx);
  return ttisinteger (o);
}

int
el_api_isuserdata (ElaraState *L, int idx)
{
  const TValue *o = el_api_index2value (L, idx);
  return ttisfulluserdata (o) || ttislightuserdata (o);
}

int
el_api_type (ElaraState *L, int idx)
{
  const TValue *o = el_api_index2value (L, idx);
  return isvalid (L, o) ? ttype (o) : ELARA_TNONE;
}

const char *
el_api_typename_ (ElaraState *L, int tp)
{
  el_unused (L);
  api_check (L, ELARA_TNONE <= tp && tp < ELARA_NUMTYPES, "invalid type");
  return ttypename (tp);
}

ElaraNumber
el_api_tonumberx (ElaraState *L, int idx, int *isnum)
{
  ElNum n = 0;
  const TValue *o = el_api_index2value (L, idx);
  int ok = tonumber (o, &n);
  if (isnum != NULL)
    *isnum = ok;
  return ok ? n : 0;
}

ElaraInteger
el_api_tointegerx (ElaraState *L, int idx, int *isnum)
{
  ElInt res = 0;
  const TValue *o = el_api_index2value (L, idx);
  int ok = tointeger (o, &res);
  if (isnum != NULL)
    *isnum = ok;
  return ok ? res : 0;
}

int
el_api_toboolean (ElaraState *L, int idx)
{
  const TValue *o = el_api_index2value (L, idx);
  return !l_isfalse (o);
}

const char *
el_api_tolstring (ElaraState *L, int idx, size_t *len)
{
  TValue *o = el_api_index2value (L, idx);
  if (!ttisstring (o)) {
    if (!ttisnumber (o)) {
      if (len != NULL)
        *len = 0;
      return NULL;
    }
    /* numbers are converted in place, as lua_tolstring does */
    el_object_tostring (L, o);
    el_gc_checkGC (L);
    o = el_api_index2value (L, idx);  /* the GC step may move the stack */
  }
  if (len != NULL)
    *len = tsslen (tsvalue (o));
  return getstr (tsvalue (o));
}

ElaraUnsigned
el_api_rawlen (ElaraState *L, int idx)
{
  const TValue *o = el_api_index2value (L, idx);
  switch (ttypetag (o)) {
    case EL_VSHRSTR:
    case EL_VLNGSTR:
      return (ElUInt) tsslen (tsvalue (o));
    case EL_VUSERDATA:
      return (ElUInt) uvalue (o)->len;
    case EL_VTABLE:
      return el_table_getn (hvalue (o));
    default:
      return 0;
  }
}

ElaraCFunction
el_api_tocfunction (ElaraState *L, int idx)
{
  const TValue *o = el_api_index2value (L, idx);
  if (ttislcf (o))
    return fvalue (o);
  if (ttisCclosure (o))
    return clCvalue (o)->f;
  return NULL;
}

static void *
api_touserdata (const TValue *o)
{
  switch (ttype (o)) {
    case ELARA_TUSERDATA:
      return getudatamem (uvalue (o));
    case ELARA_TLIGHTUSERDATA:
      return pvalue (o);
    default:
      return NULL;
  }
}

void *
el_api_touserdata (ElaraState *L, int idx)
{
  return api_touserdata (el_api_index2value (L, idx));
}

ElaraState *
el_api_tothread (ElaraState *L, int idx)
{
  const TValue *o = el_api_index2value (L, idx);
  return ttisthread (o) ? thvalue (o) : NULL;
}

const void *
el_api_topointer (ElaraState *L, int idx)
{
  const TValue *o = el_api_index2value (L, idx);
  switch (ttypetag (o)) {
    case EL_VLCF:
      /* ISO C has no function-to-object pointer cast: go through size_t
      ** (the result is only an identity for printing) */
      return cast_voidp (cast_sizet (fvalue (o)));
    case EL_VUSERDATA:
    case EL_VLIGHTUSERDATA:
      return api_touserdata (o);
    default:
      return iscollectable (o) ? (const void *) gcvalue (o) : NULL;
  }
}

/* -- Arithmetic and comparison -------------------------------------------- */

void
el_api_arith (ElaraState *L, int op)
{
  if (op == ELARA_OPUNM || op == ELARA_OPBNOT) {
    /* unary operators get a copy of their operand as a fake second one */
    api_checknelems (L, 1);
    setobjs2s (L, L->top, L->top - 1);
    api_incr_top (L);
  }
  else
    api_checknelems (L, 2);
  el_vm_arith (L, op, s2v (L->top - 2), s2v (L->top - 1), L->top - 2);
  L->top--;
}

int
el_api_rawequal (ElaraState *L, int idx1, int idx2)
{
  const TValue *o1 = el_api_index2value (L, idx1);
  const TValue *o2 = el_api_index2value (L, idx2);
  return (isvalid (L, o1) && isvalid (L, o2)) ? el_vm_rawequalobj (o1, o2)
                                              : 0;
}

int
el_api_compare (ElaraState *L, int idx1, int idx2, int op)
{
  const TValue *o1 = el_api_index2value (L, idx1);
  const TValue *o2 = el_api_index2value (L, idx2);
  if (!isvalid (L, o1) || !isvalid (L, o2))
    return 0;
  switch (op) {
    case ELARA_OPEQ:
      return el_vm_equalobj (L, o1, o2);
    case ELARA_OPLT:
      /* two integers or two floats (table.sort without a comparator)
      ** need no call into the VM's general comparison */
      if (ttisinteger (o1) && ttisinteger (o2))
        return ivalue (o1) < ivalue (o2);
      if (ttisfloat (o1) && ttisfloat (o2))
        return fltvalue (o1) < fltvalue (o2);
      return el_vm_lessthan (L, o1, o2);
    case ELARA_OPLE:
      return el_vm_lessequal (L, o1, o2);
    default:
      api_check (L, 0, "invalid option");
      return 0;
  }
}

/* -- Push ----------------------------------------------------------------- */

void
el_api_pushnil (ElaraState *L)
{
  setnilvalue (s2v (L->top));
  api_incr_top (L);
}

void
el_api_pushnumber (ElaraState *L, ElaraNumber n)
{
  setfltvalue (s2v (L->top), n);
  api_incr_top (L);
}

void
el_api_pushinteger (ElaraState *L, ElaraInteger n)
{
  setivalue (s2v (L->top), n);
  api_incr_top (L);
}

const char *
el_api_pushlstring (ElaraState *L, const char *s, size_t len)
{
  /* 's' may be NULL when len is 0: never hand it to memcpy */
  TString *ts = el_str_newlstr (L, (len == 0) ? "" : s, len);
  setsvalue (L, s2v (L->top), ts);
  api_incr_top (L);
  el_gc_checkGC (L);
  return getstr (ts);
}

const char *
el_api_pushstring (ElaraState *L, const char *s)
{
  if (s == NULL) {
    setnilvalue (s2v (L->top));
  }
  else {
    TString *ts = el_str_new (L, s);
    setsvalue (L, s2v (L->top), ts);
    s = getstr (ts);
  }
  api_incr_top (L);
  el_gc_checkGC (L);
  return s;
}

const char *
el_api_pushvfstring (ElaraState *L, const char *fmt, va_list argp)
{
  const char *ret = el_object_pushvfstring (L, fmt, argp);
  el_gc_checkGC (L);
  return ret;
}

const char *
el_api_pushfstring (ElaraState *L, const char *fmt, ...)
{
  const char *ret;
  va_list argp;
  va_start (argp, fmt);
  ret = el_object_pushvfstring (L, fmt, argp);
  va_end (argp);
  el_gc_checkGC (L);
  return ret;
}

void
el_api_pushcclosure (ElaraState *L, ElaraCFunction fn, int n)
{
  if (n == 0) {
    setfvalue (s2v (L->top), fn);
    api_incr_top (L);
  }
  else {
    CClosure *cl;
    int i;
    api_checknelems (L, n);
    api_check (L, n <= EL_MAXUPVAL, "upvalue index too large");
    cl = el_func_newCclosure (L, n);
    cl->f = fn;
    /* the closure is new (white): no barrier needed */
    for (i = 0; i < n; i++)
      setobj (L, &cl->upvalue[i], s2v (L->top - n + i));
    L->top -= n;
    setclCvalue (L, s2v (L->top), cl);
    api_incr_top (L);
    el_gc_checkGC (L);
  }
}

void
el_api_pushboolean (ElaraState *L, int b)
{
  setbvalue (s2v (L->top), b);
  api_incr_top (L);
}

void
el_api_pushlightuserdata (ElaraState *L, void *p)
{
  setpvalue (s2v (L->top), p);
  api_incr_top (L);
}

int
el_api_pushthread (ElaraState *L)
{
  setthvalue (L, s2v (L->top), L);
  api_incr_top (L);
  return G (L)->mainthread == L;
}

/* -- Get ------------------------------------------------------------------ */

/* Push t[k] for a C-string key.  The key is pushed first so it stays
** anchored while metamethods run; the result replaces it. */
static int
api_getstr (ElaraState *L, const TValue *t, const char *k)
{
  TString *str = el_str_new (L, k);
  TValue key;
  if (ttistable (t)) {
    const TValue *slot = el_table_getstr (hvalue (t), str);
    if (!isempty (slot)) {
      setobj2s (L, L->top, slot);
      api_incr_top (L);
      return ttype (s2v (L->top - 1));
    }
  }
  setsvalue (L, s2v (L->top), str);
  api_incr_top (L);
  setsvalue (L, &key, str);
  el_vm_gettable (L, t, &key, L->top - 1);
  return ttype (s2v (L->top - 1));
}

int
el_api_getglobal (ElaraState *L, const char *name)
{
  TValue gt;
  /* the registry keeps the global table alive: a copy is safe */
  el_state_getglobals (L, &gt);
  return api_getstr (L, &gt, name);
}

int
el_api_gettable (ElaraState *L, int idx)
{
  TValue *t;
  TValue key;
  api_checknelems (L, 1);
  t = el_api_index2value (L, idx);
  /* the key stays in its slot until the result overwrites it */
  setobj (L, &key, s2v (L->top - 1));
  el_vm_gettable (L, t, &key, L->top - 1);
  return ttype (s2v (L->top - 1));
}

int
el_api_getfield (ElaraState *L, int idx, const char *k)
{
  return api_getstr (L, el_api_index2value (L, idx), k);
}

#if defined(__GNUC__)
#define API_NOINLINE    __attribute__ ((noinline))
#else
#define API_NOINLINE
#endif

/* geti and seti carry the table library's element access (sort, insert,
** remove), so they have a fast path for their common case: a table in a
** stack slot of the running function, the key in its array part.  That
** path makes no call, so it saves no registers; anything else goes to
** the _slow functions, kept apart so they do not bring their prologue
** into the fast path.  (A helper returning the table or NULL would cost
** the fast path a test: the compiler cannot know a table is not NULL.) */
#define api_isstacktable(L, idx) \
  ((idx) > 0 && (L)->ci->func + (idx) < (L)->top \
   && ttistable (s2v ((L)->ci->func + (idx))))
#define api_stacktable(L, idx)  hvalue (s2v ((L)->ci->func + (idx)))

static API_NOINLINE int
api_getislow (ElaraState *L, int idx, ElaraInteger n)
{
  TValue *t = el_api_index2value (L, idx);
  TValue key;
  if (ttistable (t)) {
    Table *h = hvalue (t);
    int tag = el_table_getint (h, n, s2v (L->top));
    if (!tagisempty (tag)) {
      api_incr_top (L);
      return novariant (tag);
    }
    if (h->metatable == NULL) {  /* no __index: the value is nil */
      setnilvalue (s2v (L->top));
      api_incr_top (L);
      return ELARA_TNIL;
    }
  }
  setivalue (&key, n);
  /* reserve the result slot first: a metamethod call pushes above it */
  setnilvalue (s2v (L->top));
  api_incr_top (L);
  el_vm_gettable (L, t, &key, L->top - 1);
  return ttype (s2v (L->top - 1));
}

int
el_api_geti (ElaraState *L, int idx, ElaraInteger n)
{
  api_check (L, idx <= L->ci->top - (L->ci->func + 1), "unacceptable index");
  if (api_isstacktable (L, idx)) {
    int tag = el_table_arrayhit (api_stacktable (L, idx), n, s2v (L->top));
    if (el_likely (!tagisempty (tag))) {
      api_incr_top (L);
      return novariant (tag);
    }
  }
  return api_getislow (L, idx, n);
}

static Table *
api_gettable (ElaraState *L, int idx)
{
  TValue *t = el_api_index2value (L, idx);
  api_check (L, ttistable (t), "table expected");
  return hvalue (t);
}

/* Finish a raw lookup whose result went to the top slot ('tag' is the
** getter's): absent keys read as nil.  Pushes the slot. */
static int
api_finishrawget (ElaraState *L, int tag)
{
  if (tagisempty (tag)) {
    setnilvalue (s2v (L->top));
    tag = EL_VNIL;
  }
  api_incr_top (L);
  return novariant (tag);
}

int
el_api_rawget (ElaraState *L, int idx)
{
  Table *t;
  int tag;
  api_checknelems (L, 1);
  t = api_gettable (L, idx);
  /* the result replaces the key (the getter reads the key first) */
  tag = el_table_get (t, s2v (L->top - 1), s2v (L->top - 1));
  L->top--;
  return api_finishrawget (L, tag);
}

int
el_api_rawgeti (ElaraState *L, int idx, ElaraInteger n)
{
  Table *t = api_gettable (L, idx);
  return api_finishrawget (L, el_table_getint (t, n, s2v (L->top)));
}

int
el_api_rawgetp (ElaraState *L, int idx, const void *p)
{
  Table *t = api_gettable (L, idx);
  TValue k;
  setpvalue (&k, cast_voidp (p));
  return api_finishrawget (L, el_table_get (t, &k, s2v (L->top)));
}

void
el_api_createtable (ElaraState *L, int narr, int nrec)
{
  Table *t = el_table_new (L);
  sethvalue (L, s2v (L->top), t);
  api_incr_top (L);
  if (narr > 0 || nrec > 0)
    el_table_resize (L, t, cast (unsigned int, narr > 0 ? narr : 0),
                     cast (unsigned int, nrec > 0 ? nrec : 0));
  el_gc_checkGC (L);
}

void *
el_api_newuserdatauv (ElaraState *L, size_t sz, int nuvalue)
{
  Udata *u;
  api_check (L, 0 <= nuvalue && nuvalue < SHRT_MAX, "invalid value");
  u = el_str_newudata (L, sz, nuvalue);
  setuvalue (L, s2v (L->top), u);
  api_incr_top (L);
  el_gc_checkGC (L);
  return getudatamem (u);
}

int
el_api_getmetatable (ElaraState *L, int objindex)
{
  Table *mt = el_meta_getmetatable (L, el_api_index2value (L, objindex));
  if (mt == NULL)
    return 0;
  sethvalue (L, s2v (L->top), mt);
  api_incr_top (L);
  return 1;
}

int
el_api_getiuservalue (ElaraState *L, int idx, int n)
{
  TValue *o = el_api_index2value (L, idx);
  int t;
  api_check (L, ttisfulluserdata (o), "full userdata expected");
  if (n <= 0 || n > uvalue (o)->nuvalue) {
    setnilvalue (s2v (L->top));
    t = ELARA_TNONE;
  }
  else {
    setobj2s (L, L->top, &uvalue (o)->uv[n - 1]);
    t = ttype (s2v (L->top));
  }
  api_incr_top (L);
  return t;
}

/* -- Set ------------------------------------------------------------------ */

/* t[k] = top value for a C-string key; pops the value. */
static void
api_setstr (ElaraState *L, const TValue *t, const char *k)
{
  TString *str = el_str_new (L, k);
  api_checknelems (L, 1);
  /* push the key so it is anchored while __newindex runs */
  setsvalue (L, s2v (L->top), str);
  api_incr_top (L);
  el_vm_settable (L, t, s2v (L->top - 1), s2v (L->top - 2));
  L->top -= 2;
}

void
el_api_setglobal (ElaraState *L, const char *name)
{
  TValue gt;
  el_state_getglobals (L, &gt);
  api_setstr (L, &gt, name);
}

void
el_api_settable (ElaraState *L, int idx)
{
  TValue *t;
  api_checknelems (L, 2);
  t = el_api_index2value (L, idx);
  el_vm_settable (L, t, s2v (L->top - 2), s2v (L->top - 1));
  L->top -= 2;
}

void
el_api_setfield (ElaraState *L, int idx, const char *k)
{
  api_setstr (L, el_api_index2value (L, idx), k);
}

static API_NOINLINE void
api_setislow (ElaraState *L, int idx, ElaraInteger n)
{
  TValue *t = el_api_index2value (L, idx);
  TValue key;
  const TValue *slot = NULL;
  if (ttistable (t)) {
    slot = el_table_psetint (L, hvalue (t), n, s2v (L->top - 1));
    if (slot == NULL) {
      L->top--;
      return;
    }
  }
  setivalue (&key, n);
  el_vm_finishset (L, t, &key, s2v (L->top - 1), slot);
  L->top--;
}

void
el_api_seti (ElaraState *L, int idx, ElaraInteger n)
{
  api_checknelems (L, 1);
  api_check (L, idx <= L->ci->top - (L->ci->func + 1), "unacceptable index");
  if (api_isstacktable (L, idx)) {
    Table *h = api_stacktable (L, idx);
    if (el_table_arraypset (h, n, s2v (L->top - 1))) {
      /* pop first: the barrier is then the last thing, a tail call */
      L->top--;
      el_gc_barrierback (L, h, s2v (L->top));
      return;
    }
  }
  api_setislow (L, idx, n);
}

static void
api_rawset (ElaraState *L, int idx, TValue *key, int n)
{
  Table *t;
  api_checknelems (L, n);
  t = api_gettable (L, idx);
  el_table_set (L, t, key, s2v (L->top - 1));
  /* a new key may be a metamethod name: forget cached absences */
  invalidateTMcache (t);
  el_gc_barrierback (L, obj2gco (t), s2v (L->top - 1));
  L->top -= n;
}

void
el_api_rawset (ElaraState *L, int idx)
{
  api_rawset (L, idx, s2v (L->top - 2), 2);
}

void
el_api_rawseti (ElaraState *L, int idx, ElaraInteger n)
{
  Table *t;
  api_checknelems (L, 1);
  t = api_gettable (L, idx);
  el_table_setint (L, t, n, s2v (L->top - 1));
  el_gc_barrierback (L, obj2gco (t), s2v (L->top - 1));
  L->top--;
}

int
el_api_tmove (ElaraState *L, int idx, ElaraInteger f, ElaraInteger e,
              ElaraInteger d)
{
  TValue *o = el_api_index2value (L, idx);
  api_check (L, f <= e && d <= EL_MAXINTEGER - (e - f),
             "invalid range to move");
  if (!ttistable (o) || hvalue (o)->metatable != NULL)
    return 0;
  el_table_move (L, hvalue (o), f, e, d);
  return 1;
}

void
el_api_rawsetp (ElaraState *L, int idx, const void *p)
{
  TValue k;
  setpvalue (&k, cast_voidp (p));
  api_rawset (L, idx, &k, 1);
}

int
el_api_setmetatable (ElaraState *L, int objindex)
{
  TValue *obj;
  Table *mt;
  api_checknelems (L, 1);
  obj = el_api_index2value (L, objindex);
  if (ttisnil (s2v (L->top - 1)))
    mt = NULL;
  else {
    api_check (L, ttistable (s2v (L->top - 1)), "table expected");
    mt = hvalue (s2v (L->top - 1));
  }
  switch (ttype (obj)) {
    case ELARA_TTABLE:
      hvalue (obj)->metatable = mt;
      if (mt != NULL) {
        el_gc_objbarrier (L, gcvalue (obj), mt);
        el_gc_checkfinalizer (L, gcvalue (obj), mt);
      }
      break;
    case ELARA_TUSERDATA:
      uvalue (obj)->metatable = mt;
      if (mt != NULL) {
        el_gc_objbarrier (L, uvalue (obj), mt);
        el_gc_checkfinalizer (L, gcvalue (obj), mt);
      }
      break;
    default:
      G (L)->mt[ttype (obj)] = mt;
      break;
  }
  L->top--;
  return 1;
}

int
el_api_setiuservalue (ElaraState *L, int idx, int n)
{
  TValue *o;
  int res;
  api_checknelems (L, 1);
  o = el_api_index2value (L, idx);
  api_check (L, ttisfulluserdata (o), "full userdata expected");
  if (!((unsigned) n - 1u < (unsigned) uvalue (o)->nuvalue))
    res = 0;
  else {
    setobj (L, &uvalue (o)->uv[n - 1], s2v (L->top - 1));
    el_gc_barrierback (L, gcvalue (o), s2v (L->top - 1));
    res = 1;
  }
  L->top--;
  return res;
}

/* -- Load and call -------------------------------------------------------- */

void
el_api_callk (ElaraState *L, int nargs, int nresults, ElaraKContext ctx,
              ElaraKFunction k)
{
  StkId func;
  api_check (L, k == NULL || !isLua (L->ci),
             "cannot use continuations inside hooks");
  api_checknelems (L, nargs + 1);
  api_check (L, L->status == ELARA_OK, "cannot do calls on non-normal thread");
  func = L->top - (nargs + 1);
  if (k != NULL && yieldable (L)) {
    /* the continuation runs instead of returning here after a yield */
    L->ci->u.c.k = k;
    L->ci->u.c.ctx = ctx;
    el_call_call (L, func, nresults);
  }
  else
    el_call_callnoyield (L, func, nresults);
  adjustresults (L, nresults);
}

/* Push f, a and b and call f with one result as callk (2, 1, 0, NULL)
** would, then pop the result and return its truth: no yield, so errors,
** hooks and "attempt to yield across a C-call boundary" are the call's. */
int
el_api_calltruth2 (ElaraState *L, int f, int a, int b)
{
  StkId func = L->top;
  api_check (L, L->status == ELARA_OK, "cannot do calls on non-normal thread");
  api_check (L, func + 3 <= L->ci->top, "stack overflow");
  setobj2s (L, func, el_api_index2value (L, f));
  setobj2s (L, func + 1, el_api_index2value (L, a));
  setobj2s (L, func + 2, el_api_index2value (L, b));
  L->top = func + 3;
  return el_call_calltruth (L, func);
}

typedef struct ApiCall {
  StkId func;
  int nresults;
} ApiCall;

static void
api_fcall (ElaraState *L, void *ud)
{
  ApiCall *c = cast (ApiCall *, ud);
  el_call_callnoyield (L, c->func, c->nresults);
}

int
el_api_pcallk (ElaraState *L, int nargs, int nresults, int errfunc,
               ElaraKContext ctx, ElaraKFunction k)
{
  ApiCall c;
  int status;
  ptrdiff_t func;
  api_check (L, k == NULL || !isLua (L->ci),
             "cannot use continuations inside hooks");
  api_checknelems (L, nargs + 1);
  api_check (L, L->status == ELARA_OK, "cannot do calls on non-normal thread");
  if (errfunc == 0)
    func = 0;
  else {
    StkId o = el_api_index2stack (L, errfunc);
    api_check (L, ttisfunction (s2v (o)), "error handler must be a function");
    func = savestack (L, o);
  }
  c.func = L->top - (nargs + 1);
  if (k == NULL || !yieldable (L)) {
    c.nresults = nresults;
    status = el_call_pcall (L, api_fcall, &c, savestack (L, c.func), func);
  }
  else {
    /* A yieldable protected call: the enclosing resume already catches
    ** errors.  The frame records what recovery needs (the function's
    ** slot, the old message handler) and CIST_YPCALL tells the unwinder
    ** to resume in the continuation 'k' with the error status. */
    CallInfo *ci = L->ci;
    ci->u.c.k = k;
    ci->u.c.ctx = ctx;
    ci->u2.funcidx = cast_int (savestack (L, c.func));
    ci->u.c.old_errfunc = L->errfunc;
    L->errfunc = func;
    setoah (ci, L->allowhook);
    ci->callstatus |= CIST_YPCALL;
    el_call_call (L, c.func, nresults);
    ci->callstatus &= ~CIST_YPCALL;
    L->errfunc = ci->u.c.old_errfunc;
    status = ELARA_OK;
  }
  adjustresults (L, nresults);
  return status;
}

int
el_api_load (ElaraState *L, ElaraReader reader, void *dt,
             const char *chunkname, const char *mode)
{
  Stream z;
  int status;
  if (chunkname == NULL)
    chunkname = "?";
  el_stream_init (L, &z, reader, dt);
  status = el_call_protectedparser (L, &z, chunkname, mode);
  if (status == ELARA_OK) {
    LClosure *f = clLvalue (s2v (L->top - 1));
    if (f->nupvalues >= 1) {
      /* the main chunk's first upvalue is its _ENV: the global table */
      TValue gt;
      el_state_getglobals (L, &gt);
      setobj (L, f->upvals[0]->v, &gt);
      el_gc_barrier (L, f->upvals[0], &gt);
    }
  }
  return status;
}

int
el_api_dump (ElaraState *L, ElaraWriter writer, void *data, int strip)
{
  ptrdiff_t otop = savestack (L, L->top);
  TValue *f = s2v (L->top - 1);
  int status;
  api_checknelems (L, 1);
  if (!ttisLclosure (f))
    return 1;
  status = el_dump_dump (L, getproto (f), writer, data, strip);
  /* the writer may have pushed things (string.dump's buffer) */
  L->top = restorestack (L, otop);
  return status;
}

/* -- Coroutines ----------------------------------------------------------- */

int
el_api_yieldk (ElaraState *L, int nresults, ElaraKContext ctx,
               ElaraKFunction k)
{
  return el_call_yield (L, nresults, ctx, k);
}

int
el_api_resume (ElaraState *L, ElaraState *from, int narg, int *nres)
{
  return el_call_resume (L, from, narg, nres);
}

void
el_api_setcoroutinefns (ElaraState *L, ElaraCFunction resume,
                        ElaraCFunction wrapaux, ElaraCFunction yield)
{
  GlobalState *g = G (L);
  /* all three or none: the VM stands in for them as a set */
  if (resume != NULL && wrapaux != NULL && yield != NULL) {
    g->coresume = resume;
    g->cowrap = wrapaux;
    g->coyield = yield;
  }
}

int
el_api_status (ElaraState *L)
{
  return L->status;
}

int
el_api_isyieldable (ElaraState *L)
{
  return yieldable (L);
}

ElaraState *
el_api_newthread (ElaraState *L)
{
  ElaraState *L1;
  el_gc_checkGC (L);
  L1 = el_state_newthread (L);
  return L1;
}

int
el_api_closethread (ElaraState *L, ElaraState *from)
{
  int status;
  L->nCcalls = (from != NULL) ? getCcalls (from) : 0;
  status = el_state_resetthread (L, L->status);
  if (L == from) {
    /* A coroutine closing itself: its stack is already reset, so it
    ** cannot return into the caller.  Unwind to the resume that last
    ** (re)started it, which then returns 'status' as the result. */
    el_call_throwbaselevel (L, status);
  }
  return status;
}

/* -- Warnings, GC, miscellaneous ------------------------------------------ */

void
el_api_setwarnf (ElaraState *L, ElaraWarnFunction f, void *ud)
{
  G (L)->ud_warn = ud;
  G (L)->warnf = f;
}

void
el_api_warning (ElaraState *L, const char *msg, int tocont)
{
  el_state_warning (L, msg, tocont);
}

int
el_api_gc (ElaraState *L, int what, ...)
{
  va_list argp;
  int res;
  va_start (argp, what);
  res = el_gc_control (L, what, argp);
  va_end (argp);
  return res;
}

int
el_api_error (ElaraState *L)
{
  TValue *errobj = s2v (L->top - 1);
  api_checknelems (L, 1);
  /* re-raising the memory-error message keeps it a memory error */
  if (ttisshrstring (errobj) && eqshrstr (tsvalue (errobj), G (L)->memerrmsg))
    el_mem_error (L);
  el_raise_errormsg (L);
  return 0;
}

int
el_api_next (ElaraState *L, int idx)
{
  Table *t;
  int more;
  api_checknelems (L, 1);
  t = api_gettable (L, idx);
  more = el_table_next (L, t, L->top - 1);
  if (more)
    api_incr_top (L);
  else
    L->top--;
  return more;
}

void
el_api_concat (ElaraState *L, int n)
{
  api_checknelems (L, n);
  if (n > 0) {
    el_vm_concat (L, n);
    el_gc_checkGC (L);
  }
  else {
    setsvalue (L, s2v (L->top), el_str_newlstr (L, "", 0));
    api_incr_top (L);
  }
}

void
el_api_len (ElaraState *L, int idx)
{
  TValue *t = el_api_index2value (L, idx);
  el_vm_objlen (L, L->top, t);
  api_incr_top (L);
}

size_t
el_api_stringtonumber (ElaraState *L, const char *s)
{
  size_t sz = el_object_str2num (s, s2v (L->top));
  if (sz != 0)
    api_incr_top (L);
  return sz;
}

unsigned
el_api_numbertocstring (ElaraState *L, int idx, char *buff)
{
  const TValue *o = el_api_index2value (L, idx);
  unsigned len;
  if (!ttisnumber (o))
    return 0;
  len = (unsigned) el_object_num2str (o, buff);
  buff[len++] = '\0';
  return len;
}

void
el_api_toclose (ElaraState *L, int idx)
{
  StkId o = el_api_index2stack (L, idx);
  api_check (L, L->tbclist < o, "given index below or equal a marked one");
  el_func_newtbcupval (L, o);
  /* tells poscall to close the slot before moving the results */
  L->ci->callstatus |= CIST_TBC;
}

void
el_api_closeslot (ElaraState *L, int idx)
{
  StkId level = el_api_index2stack (L, idx);
  api_check (L, (L->ci->callstatus & CIST_TBC) && L->tbclist == level,
             "no variable to close at given level");
  level = el_func_close (L, level, CLOSEKTOP, 0);
  setnilvalue (s2v (level));
}

/* -- Debug interface ------------------------------------------------------ */

int
el_api_getstack (ElaraState *L, int level, ElaraDebug *ar)
{
  return el_debug_getstack (L, level, ar);
}

int
el_api_getinfo (ElaraState *L, const char *what, ElaraDebug *ar)
{
  return el_debug_getinfo (L, what, ar);
}

const char *
el_api_getlocal (ElaraState *L, const ElaraDebug *ar, int n)
{
  return el_debug_getlocal (L, ar, n);
}

const char *
el_api_setlocal (ElaraState *L, const ElaraDebug *ar, int n)
{
  return el_debug_setlocal (L, ar, n);
}

/* Find upvalue n of closure 'fi': its value slot, the object owning that
** slot (for the barrier) and its name ("" for C closures, "(no name)"
** when stripped); NULL when there is no such upvalue. */
static const char *
api_auxupvalue (TValue *fi, int n, TValue **val, GCObject **owner)
{
  switch (ttypetag (fi)) {
    case EL_VCCL: {
      CClosure *f = clCvalue (fi);
      if (!((unsigned) n - 1u < (unsigned) f->nupvalues))
        return NULL;
      *val = &f->upvalue[n - 1];
      if (owner != NULL)
        *owner = obj2gco (f);
      return "";
    }
    case EL_VLCL: {
      LClosure *f = clLvalue (fi);
      Proto *p = f->p;
      TString *name;
      if (!((unsigned) n - 1u < (unsigned) p->sizeupvalues))
        return NULL;
      *val = f->upvals[n - 1]->v;
      if (owner != NULL)
        *owner = obj2gco (f->upvals[n - 1]);
      name = p->upvalues[n - 1].name;
      return (name == NULL) ? "(no name)" : getstr (name);
    }
    default:
      return NULL;
  }
}

const char *
el_api_getupvalue (ElaraState *L, int funcindex, int n)
{
  TValue *val = NULL;
  const char *name = api_auxupvalue (el_api_index2value (L, funcindex), n,
                                     &val, NULL);
  if (name != NULL) {
    setobj2s (L, L->top, val);
    api_incr_top (L);
  }
  return name;
}

const char *
el_api_setupvalue (ElaraState *L, int funcindex, int n)
{
  TValue *val = NULL;
  GCObject *owner = NULL;
  TValue *fi = el_api_index2value (L, funcindex);
  const char *name;
  api_checknelems (L, 1);
  name = api_auxupvalue (fi, n, &val, &owner);
  if (name != NULL) {
    L->top--;
    setobj (L, val, s2v (L->top));
    el_gc_barrier (L, owner, val);
  }
  return name;
}

/* Address of the upvalue pointer n of the Lua closure at fidx, or of a
** NULL pointer when n is out of range. */
static UpVal **
api_getupvalref (ElaraState *L, int fidx, int n, LClosure **pf)
{
  static UpVal *nullup = NULL;
  TValue *fi = el_api_index2value (L, fidx);
  LClosure *f;
  api_check (L, ttisLclosure (fi), "Lua function expected");
  f = clLvalue (fi);
  if (pf != NULL)
    *pf = f;
  if (1 <= n && n <= f->p->sizeupvalues)
    return &f->upvals[n - 1];
  nullup = NULL;
  return &nullup;
}

void *
el_api_upvalueid (ElaraState *L, int fidx, int n)
{
  TValue *fi = el_api_index2value (L, fidx);
  switch (ttypetag (fi)) {
    case EL_VLCL:
      return *api_getupvalref (L, fidx, n, NULL);
    case EL_VCCL: {
      CClosure *f = clCvalue (fi);
      if (1 <= n && n <= f->nupvalues)
        return &f->upvalue[n - 1];
      return NULL;
    }
    case EL_VLCF:
      return NULL;
    default:
      api_check (L, 0, "function expected");
      return NULL;
  }
}

void
el_api_upvaluejoin (ElaraState *L, int fidx1, int n1, int fidx2, int n2)
{
  LClosure *f1;
  UpVal **up1 = api_getupvalref (L, fidx1, n1, &f1);
  UpVal **up2 = api_getupvalref (L, fidx2, n2, NULL);
  api_check (L, *up1 != NULL && *up2 != NULL, "invalid upvalue index");
  if (*up1 == NULL || *up2 == NULL)
    return;
  *up1 = *up2;
  el_gc_objbarrier (L, f1, *up1);
}

void
el_api_sethook (ElaraState *L, ElaraHook func, int mask, int count)
{
  el_debug_sethook (L, func, mask, count);
}

ElaraHook
el_api_gethook (ElaraState *L)
{
  return L->hook;
}

int
el_api_gethookmask (ElaraState *L)
{
  return L->hookmask;
}

int
el_api_gethookcount (ElaraState *L)
{
  return L->basehookcount;
}

/* -- Whole states -------------------------------------------------------- */

ElaraCFunction
el_api_atpanic (ElaraState *L, ElaraCFunction panicf)
{
  ElaraCFunction old = G (L)->panic;
  G (L)->panic = panicf;
  return old;
}

ElaraAlloc
el_api_getallocf (ElaraState *L, void **ud)
{
  if (ud != NULL)
    *ud = G (L)->ud;
  return G (L)->frealloc;
}

void
el_api_setallocf (ElaraState *L, ElaraAlloc f, void *ud)
{
  G (L)->ud = ud;
  G (L)->frealloc = f;
}

/* A bare state, as lua_newstate makes one (no panic or warning function,
** nothing loaded), with the default plugin search path so that library
** plugins can be loaded into it later. */
ElaraState *
el_api_newstate (ElaraAlloc f, void *ud, unsigned seed)
{
  ElaraState *L = el_state_new (f, ud, seed);
  if (L == NULL)
    return NULL;
  el_plugin_setup (G (L), NULL, false, EL_JIT_AUTO);
  return L;
}

/* A state made by the embedding API carries its data: free it with the
** state (el_instance_free closes any state, with or without it). */
void
el_api_close (ElaraState *L)
{
  el_instance_free (L);
}
