/*
** meta.c: metamethods: event names, lookup, calls of binary and order
** events, and the vararg frame helpers used by VARARGPREP and VARARG
** SPDX-License-Identifier: MIT
*/
#include "config.h"
#include "meta.h"

#include <string.h>

#include "call.h"
#include "gc.h"
#include "raise.h"
#include "state.h"
#include "str.h"
#include "table.h"
#include "vm.h"

/* -- Names -------------------------------------------------------------- */

/* Indexed by type + 1 (ttypename); index 0 is "no value" (ELARA_TNONE). */
const char *const el_meta_typenames[EL_TOTALTYPES + 1] = {
  "no value", "nil", "boolean", "userdata", "number", "string", "table",
  "function", "userdata", "thread", "upvalue", "proto", "deadkey"
};

#define TM_NAME(name, str) str,
static const char *const meta_eventnames[TM_N] = { TMDEF (TM_NAME) };
#undef TM_NAME

void
el_meta_init (ElaraState *L)
{
  int i;
  for (i = 0; i < TM_N; i++) {
    G (L)->tmname[i] = el_str_new (L, meta_eventnames[i]);
    el_gc_fix (L, obj2gco (G (L)->tmname[i]));
  }
  G (L)->mfname_tostring = el_str_new (L, "__tostring");
  el_gc_fix (L, obj2gco (G (L)->mfname_tostring));
  G (L)->mfname_name = el_str_new (L, "__name");
  el_gc_fix (L, obj2gco (G (L)->mfname_name));
}

/* -- Lookup ------------------------------------------------------------- */

const TValue *
el_meta_gettm (Table *events, TMS event, TString *ename)
{
  const TValue *tm = el_table_getshortstr (events, ename);
  if (ttisnil (tm)) {
    /* only the first events have a cache bit (see meta.h) */
    if (event <= TM_EQ)
      events->flags |= cast_byte (1u << event);
    return NULL;
  }
  return tm;
}

Table *
el_meta_getmetatable (ElaraState *L, const TValue *o)
{
  switch (ttype (o)) {
    case ELARA_TTABLE:
      return hvalue (o)->metatable;
    case ELARA_TUSERDATA:
      return uvalue (o)->metatable;
    default:
      return G (L)->mt[ttype (o)];
  }
}

const TValue *
el_meta_gettmbyobj (ElaraState *L, const TValue *o, TMS event)
{
  Table *mt = el_meta_getmetatable (L, o);
  if (mt == NULL)
    return &G (L)->nilvalue;
  return el_table_getshortstr (mt, G (L)->tmname[event]);
}

const char *
el_meta_objtypename (ElaraState *L, const TValue *o)
{
  Table *mt;
  if ((ttistable (o) && (mt = hvalue (o)->metatable) != NULL)
      || (ttisfulluserdata (o) && (mt = uvalue (o)->metatable) != NULL)) {
    const TValue *name = el_table_getshortstr (mt, G (L)->mfname_name);
    if (ttisstring (name))
      return getstr (tsvalue (name));
  }
  return ttypename (ttype (o));
}

/* -- Calls -------------------------------------------------------------- */

/* A metamethod may yield only when it was reached from Lua code (the VM can
** then finish the interrupted instruction with el_vm_finishOp). */
static void
meta_docall (ElaraState *L, StkId fn, int nresults)
{
  if (isLuacode (L->ci))
    el_call_call (L, fn, nresults);
  else
    el_call_callnoyield (L, fn, nresults);
}

void
el_meta_calltm (ElaraState *L, const TValue *f, const TValue *p1,
                const TValue *p2, const TValue *p3)
{
  StkId fn = L->top;
  /* the four slots come from EXTRA_STACK */
  setobj2s (L, fn, f);
  setobj2s (L, fn + 1, p1);
  setobj2s (L, fn + 2, p2);
  setobj2s (L, fn + 3, p3);
  L->top = fn + 4;
  meta_docall (L, fn, 0);
}

void
el_meta_calltmres (ElaraState *L, const TValue *f, const TValue *p1,
                   const TValue *p2, StkId res)
{
  ptrdiff_t result = savestack (L, res);
  StkId fn = L->top;
  setobj2s (L, fn, f);
  setobj2s (L, fn + 1, p1);
  setobj2s (L, fn + 2, p2);
  L->top = fn + 3;
  meta_docall (L, fn, 1);
  res = restorestack (L, result);
  L->top--;
  setobjs2s (L, res, L->top);
}

/* Try p1's metamethod for 'event', then p2's; returns 0 when neither has
** one (the stack is then untouched, so p1/p2 stay valid). */
static int
meta_callbintm (ElaraState *L, const TValue *p1, const TValue *p2, StkId res,
                TMS event)
{
  const TValue *tm = el_meta_gettmbyobj (L, p1, event);
  if (ttisnil (tm))
    tm = el_meta_gettmbyobj (L, p2, event);
  if (ttisnil (tm))
    return 0;
  el_meta_calltmres (L, tm, p1, p2, res);
  return 1;
}

void
el_meta_trybintm (ElaraState *L, const TValue *p1, const TValue *p2,
                  StkId res, TMS event)
{
  if (el_unlikely (!meta_callbintm (L, p1, p2, res, event))) {
    switch (event) {
      case TM_BAND: case TM_BOR: case TM_BXOR:
      case TM_SHL: case TM_SHR: case TM_BNOT:
        if (ttisnumber (p1) && ttisnumber (p2))
          el_raise_tointerror (L, p1, p2);
        else
          el_raise_opinterror (L, p1, p2, "perform bitwise operation on");
        break;
      default:
        el_raise_opinterror (L, p1, p2, "perform arithmetic on");
    }
  }
}

void
el_meta_tryconcatTM (ElaraState *L)
{
  StkId p1 = L->top - 2;
  if (el_unlikely (!meta_callbintm (L, s2v (p1), s2v (p1 + 1), p1,
                                    TM_CONCAT)))
    el_raise_concaterror (L, s2v (p1), s2v (p1 + 1));
}

void
el_meta_trybinassocTM (ElaraState *L, const TValue *p1, const TValue *p2,
                       int flip, StkId res, TMS event)
{
  if (flip)
    el_meta_trybintm (L, p2, p1, res, event);
  else
    el_meta_trybintm (L, p1, p2, res, event);
}

void
el_meta_trybiniTM (ElaraState *L, const TValue *p1, ElInt i2, int flip,
                   StkId res, TMS event)
{
  TValue aux;
  setivalue (&aux, i2);
  el_meta_trybinassocTM (L, p1, &aux, flip, res, event);
}

int
el_meta_callorderTM (ElaraState *L, const TValue *p1, const TValue *p2,
                     TMS event)
{
  /* the result goes to the top slot (EXTRA_STACK), then is tested */
  if (meta_callbintm (L, p1, p2, L->top, event))
    return !el_isfalse (s2v (L->top));
  el_raise_ordererror (L, p1, p2);
  return 0;
}

int
el_meta_callorderiTM (ElaraState *L, const TValue *p1, int v2, int flip,
                      int isfloat, TMS event)
{
  TValue aux;
  if (isfloat) {
    setfltvalue (&aux, cast_num (v2));
  }
  else {
    setivalue (&aux, v2);
  }
  if (flip)
    return el_meta_callorderTM (L, &aux, p1, event);
  return el_meta_callorderTM (L, p1, &aux, event);
}

/* -- Varargs -----------------------------------------------------------------
** A vararg function either keeps its extra arguments on the stack below the
** frame (PF_VAHID) or collects them into a table in the vararg parameter's
** register (PF_VATAB, when the body uses '...t' as a value).
**
** Hidden arguments: on entry the stack is
**     func arg1 .. argn extra1 .. extram          (ci->func at func)
** and after adjustment
**     func nil .. nil extra1 .. extram func' arg1 .. argn
** with ci->func moved to func' and ci->u.l.nextraargs = m.  RETURN and
** TAILCALL with C > 0 move ci->func back by nextraargs + C. */

static void
meta_createvarargtab (ElaraState *L, StkId first, int n)
{
  int i;
  TValue key, value;
  ptrdiff_t firstrel = savestack (L, first);
  Table *t = el_table_new (L);
  sethvalue (L, s2v (L->top), t);
  L->top++;  /* anchor */
  el_table_resize (L, t, cast (unsigned int, n), 1);
  setsvalue (L, &key, el_str_new (L, "n"));
  setivalue (&value, n);
  /* after the resize, setting 'n' cannot rehash: the key is safe */
  el_table_set (L, t, &key, &value);
  first = restorestack (L, firstrel);
  for (i = 0; i < n; i++)
    el_table_setint (L, t, i + 1, s2v (first + i));
}

void
el_meta_adjustvarargs (ElaraState *L, int nfixparams, CallInfo *ci,
                       const Proto *p)
{
  int totalargs = cast_int (L->top - ci->func) - 1;
  int nextra = totalargs - nfixparams;
  int i;
  if (nextra < 0)
    nextra = 0;  /* precall completed missing fixed parameters with nil */
  if (p->flag & PF_VATAB) {
    ci->u.l.nextraargs = 0;
    meta_createvarargtab (L, ci->func + nfixparams + 1, nextra);
    /* the table becomes the vararg parameter (after the fixed ones); it
    ** stays anchored at top - 1 as well, because with no extra arguments
    ** the parameter slot is L->top - 1 itself */
    setobjs2s (L, ci->func + nfixparams + 1, L->top - 1);
    el_gc_checkGC (L);
  }
  else {
    ci->u.l.nextraargs = nextra;
    el_call_checkstack (L, p->maxstacksize + 1);
    /* copy the function and the fixed parameters above the extras */
    setobjs2s (L, L->top, ci->func);
    L->top++;
    for (i = 1; i <= nfixparams; i++) {
      setobjs2s (L, L->top, ci->func + i);
      L->top++;
      setnilvalue (s2v (ci->func + i));  /* erase the old copy (for GC) */
    }
    ci->func += totalargs + 1;
    ci->top += totalargs + 1;
    /* the (anonymous) vararg parameter register is nil */
    setnilvalue (s2v (ci->func + nfixparams + 1));
    el_assert (L->top <= ci->top && ci->top <= L->stack_last);
  }
}

/* Number of values '...' stands for: nextraargs with hidden arguments, or
** the table's 'n', which the program may have changed. */
static int
meta_numvarargs (ElaraState *L, CallInfo *ci, Table *h)
{
  const TValue *n;
  if (h == NULL)
    return ci->u.l.nextraargs;
  n = el_table_getshortstr (h, el_str_new (L, "n"));
  if (!ttisinteger (n) || (ElUInt) ivalue (n) > (ElUInt) (INT_MAX / 2))
    el_raise_error (L, EL_ERR_VARARG_N);
  return cast_int (ivalue (n));
}

void
el_meta_getvarargs (ElaraState *L, CallInfo *ci, StkId where, int wanted,
                    int vatab)
{
  Table *h = (vatab < 0) ? NULL : hvalue (s2v (ci->func + vatab + 1));
  int nargs = meta_numvarargs (L, ci, h);
  int i, touse;
  if (wanted < 0) {
    touse = wanted = nargs;
    el_call_checkstackaux (L, nargs, ptrdiff_t wrel = savestack (L, where),
                           where = restorestack (L, wrel));
    if (h != NULL)
      h = hvalue (s2v (ci->func + vatab + 1));
    L->top = where + nargs;  /* the next instruction uses top */
  }
  else
    touse = (nargs > wanted) ? wanted : nargs;
  if (h == NULL) {
    for (i = 0; i < touse; i++)
      setobjs2s (L, where + i, ci->func - nargs + i);
  }
  else {
    for (i = 0; i < touse; i++) {
      if (tagisempty (el_table_getint (h, i + 1, s2v (where + i))))
        setnilvalue (s2v (where + i));
    }
  }
  for (; i < wanted; i++)
    setnilvalue (s2v (where + i));
}
