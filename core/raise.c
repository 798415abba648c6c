/*
** raise.c: raising runtime errors: message texts, "chunk:line:" positions,
** the message handler, and the typed errors of the VM (type, call, order,
** arithmetic, concatenation, 'for' and integer-conversion errors)
** SPDX-License-Identifier: MIT
**
** Every function here that raises ends in el_raise_errormsg, which runs the
** message handler of the innermost protected call (if any) and then throws
** ELARA_ERRRUN.  Nothing in this file may hold resources across a raise:
** the throw is a longjmp.
*/
#include "config.h"
#include "raise.h"

#include <string.h>

#include "call.h"
#include "debug.h"
#include "gc.h"
#include "meta.h"
#include "str.h"
#include "vm.h"

/* -- Message texts ------------------------------------------------------- */

#define ERR_TEXT(name, text) text,
const char *const el_errmsg_text[EL_ERR__COUNT] = { ERRDEF_LIST (ERR_TEXT) };
#undef ERR_TEXT

/* -- Raising ------------------------------------------------------------- */

const char *
el_raise_addinfo (ElaraState *L, const char *msg, TString *src, int line)
{
  char buff[EL_IDSIZE];

  /* A stripped chunk keeps neither its source nor its lines; 5.5 prints
  ** both as '?' rather than a made-up "-1". */
  if (src == NULL)
    return el_object_pushfstring (L, "?:?: %s", msg);
  el_object_chunkid (buff, getstr (src), tsslen (src));
  return el_object_pushfstring (L, "%s:%d: %s", buff, line, msg);
}

EL_NORET
el_raise_errormsg (ElaraState *L)
{
  if (L->errfunc != 0) {
    StkId errfunc = restorestack (L, L->errfunc);

    el_assert (ttisfunction (s2v (errfunc)));
    /* handler(errobj): the error object moves up one slot and the handler
    ** takes its place.  EXTRA_STACK guarantees the extra slot. */
    setobjs2s (L, L->top, L->top - 1);
    setobjs2s (L, L->top - 1, errfunc);
    L->top++;
    el_call_callnoyield (L, L->top - 2, 1);
  }
  /* A nil error object is replaced only now, after the handler: the
  ** handler must still see the nil it was given (LUA55 1.4).  Every error
  ** raised from Lua passes here, so el_call_seterrorobj can rely on a
  ** non-nil object. */
  if (ttisnil (s2v (L->top - 1)))
    setsvalue (L, s2v (L->top - 1),
               el_str_new (L, el_errmsg_text[EL_ERR_NOERROBJ]));
  el_call_throw (L, ELARA_ERRRUN);
}

/* Raise the message on the top of the stack, prefixed with the position of
** the running Lua function when there is one. */
static EL_NORET
raise_withpos (ElaraState *L, const char *msg)
{
  CallInfo *ci = L->ci;

  if (isLua (ci)) {
    el_raise_addinfo (L, msg, ci_func (ci)->p->source,
                      el_debug_currentline (ci));
    /* keep only the positioned message */
    setobjs2s (L, L->top - 2, L->top - 1);
    L->top--;
  }
  el_raise_errormsg (L);
}

EL_NORET
el_raise_runerror (ElaraState *L, const char *fmt, ...)
{
  const char *msg;
  va_list argp;

  el_gc_checkGC (L);   /* the message needs memory: pay the debt first */
  va_start (argp, fmt);
  msg = el_object_pushvfstring (L, fmt, argp);
  va_end (argp);
  raise_withpos (L, msg);
}

EL_NORET
el_raise_error (ElaraState *L, ErrMsg em, ...)
{
  const char *msg;
  va_list argp;

  el_assert (em >= 0 && em < EL_ERR__COUNT);
  el_gc_checkGC (L);
  va_start (argp, em);
  msg = el_object_pushvfstring (L, el_errmsg_text[em], argp);
  va_end (argp);
  raise_withpos (L, msg);
}

/* -- Typed errors -------------------------------------------------------- */

/* "attempt to <op> a <type> value<extra>"; 'extra' names the value. */
static EL_NORET
raise_typeextra (ElaraState *L, const TValue *o, const char *op,
                 const char *extra)
{
  el_raise_error (L, EL_ERR_TYPE_OP, op, el_meta_objtypename (L, o), extra);
}

EL_NORET
el_raise_typeerror (ElaraState *L, const TValue *o, const char *opname)
{
  raise_typeextra (L, o, opname, el_debug_varinfo (L, o));
}

EL_NORET
el_raise_callerror (ElaraState *L, const TValue *o)
{
  const char *name = NULL;
  const char *kind = el_debug_funcnamefromcall (L, L->ci, &name);
  const char *extra;

  /* The calling instruction knows how the callee was named ("global 'f'",
  ** "method 'm'", "for iterator"); only when it does not (a call from C)
  ** fall back to where the value itself came from. */
  if (kind != NULL)
    extra = el_object_pushfstring (L, " (%s '%s')", kind, name);
  else
    extra = el_debug_varinfo (L, o);
  raise_typeextra (L, o, "call", extra);
}

EL_NORET
el_raise_forerror (ElaraState *L, const TValue *o, const char *what)
{
  el_raise_error (L, EL_ERR_FOR_TYPE, what, el_meta_objtypename (L, o));
}

EL_NORET
el_raise_concaterror (ElaraState *L, const TValue *p1, const TValue *p2)
{
  /* Strings and numbers concatenate; blame the operand that does not. */
  if (ttisstring (p1) || ttisnumber (p1))
    p1 = p2;
  el_raise_typeerror (L, p1, "concatenate");
}

EL_NORET
el_raise_opinterror (ElaraState *L, const TValue *p1, const TValue *p2,
                     const char *msg)
{
  /* Blame the first operand unless it is a number. */
  if (!ttisnumber (p1))
    p2 = p1;
  el_raise_typeerror (L, p2, msg);
}

EL_NORET
el_raise_tointerror (ElaraState *L, const TValue *p1, const TValue *p2)
{
  ElInt dummy;

  /* Both are numbers; blame the first one that has no exact integer. */
  if (!el_vm_tointegerns (p1, &dummy, EL_F2IEQ))
    p2 = p1;
  el_raise_error (L, EL_ERR_NO_INT_REP_VAR, el_debug_varinfo (L, p2));
}

EL_NORET
el_raise_ordererror (ElaraState *L, const TValue *p1, const TValue *p2)
{
  const char *t1 = el_meta_objtypename (L, p1);
  const char *t2 = el_meta_objtypename (L, p2);

  if (strcmp (t1, t2) == 0)
    el_raise_error (L, EL_ERR_COMPARE_SAME, t1);
  el_raise_error (L, EL_ERR_COMPARE, t1, t2);
}
