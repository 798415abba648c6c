/*
** func.c: prototypes, closures, upvalues and to-be-closed variables
** SPDX-License-Identifier: MIT
**
** Open upvalues of a thread form a list sorted by stack level, highest
** first, so closing everything above a level only looks at the head.  A
** thread with open upvalues is in the global 'twups' list (a thread not in
** it has L->twups == L), which lets the collector find upvalues of threads
** it would not otherwise traverse.
**
** To-be-closed variables are threaded through the stack itself: each tbc
** slot stores in 'tbclist.delta' the distance to the previous one.  A
** distance that does not fit in an unsigned short is bridged by dummy
** nodes (delta 0) every MAXDELTA slots.
*/
#include "config.h"
#include "func.h"

#include <string.h>

#include "call.h"
#include "debug.h"
#include "gc.h"
#include "jit.h"
#include "mem.h"
#include "meta.h"
#include "opcodes.h"
#include "raise.h"
#include "state.h"

/* -- Prototypes and closures -------------------------------------------- */

Proto *
el_func_newproto (ElaraState *L)
{
  GCObject *o = el_gc_newobj (L, EL_VPROTO, sizeof (Proto));
  Proto *f = gco2p (o);
  f->numparams = 0;
  f->flag = 0;
  f->maxstacksize = 0;
  f->sizeupvalues = 0;
  f->sizek = 0;
  f->sizecode = 0;
  f->sizelineinfo = 0;
  f->sizep = 0;
  f->sizelocvars = 0;
  f->linedefined = 0;
  f->lastlinedefined = 0;
  f->k = NULL;
  f->code = NULL;
  f->xcode = NULL;
  f->p = NULL;
  f->upvalues = NULL;
  f->lineinfo = NULL;
  f->locvars = NULL;
  f->source = NULL;
  f->gclist = NULL;
  /* the counter counts down; a function becomes hot after this many
  ** entries (back-edges count too, see jit.h) */
  f->hotcount = EL_JIT_HOTCALL;
  f->jitcode = NULL;
  return f;
}

void
el_func_setxcode (ElaraState *L, Proto *f)
{
  el_assert (f->xcode == NULL);
  f->xcode = el_mem_newvector (L, cast_sizet (f->sizecode), ElCode);
  el_opcodes_xlate (f->code, f->xcode, f->sizecode);
}

void
el_func_freeproto (ElaraState *L, Proto *f)
{
  if (f->jitcode != NULL)
    el_jit_release (G (L), f);
  el_mem_freearray (L, f->code, cast_sizet (f->sizecode));
  if (f->xcode != NULL)
    el_mem_freearray (L, f->xcode, cast_sizet (f->sizecode));
  el_mem_freearray (L, f->lineinfo, cast_sizet (f->sizelineinfo));
  el_mem_freearray (L, f->p, cast_sizet (f->sizep));
  el_mem_freearray (L, f->k, cast_sizet (f->sizek));
  el_mem_freearray (L, f->locvars, cast_sizet (f->sizelocvars));
  el_mem_freearray (L, f->upvalues, cast_sizet (f->sizeupvalues));
  el_mem_free (L, f, sizeof (Proto));
}

CClosure *
el_func_newCclosure (ElaraState *L, int nupvals)
{
  GCObject *o = el_gc_newobj (L, EL_VCCL, sizeCclosure (nupvals));
  CClosure *c = gco2ccl (o);
  c->nupvalues = cast_byte (nupvals);
  c->gclist = NULL;
  c->f = NULL;
  /* the caller fills the upvalues before the collector can see them */
  while (nupvals--)
    setnilvalue (&c->upvalue[nupvals]);
  return c;
}

LClosure *
el_func_newLclosure (ElaraState *L, int nupvals)
{
  GCObject *o = el_gc_newobj (L, EL_VLCL, sizeLclosure (nupvals));
  LClosure *c = gco2lcl (o);
  c->nupvalues = cast_byte (nupvals);
  c->gclist = NULL;
  c->p = NULL;
  /* NULL upvalues are legal for the collector until they are filled */
  while (nupvals--)
    c->upvals[nupvals] = NULL;
  return c;
}

/* Only empty slots get a fresh upvalue, so calling this again on a closure
** whose upvalues were already filled (by the parser or undump) is
** harmless. */
void
el_func_initupvals (ElaraState *L, LClosure *cl)
{
  int i;
  for (i = 0; i < cl->nupvalues; i++) {
    if (cl->upvals[i] == NULL) {
      GCObject *o = el_gc_newobj (L, EL_VUPVAL, sizeof (UpVal));
      UpVal *uv = gco2upv (o);
      uv->v = &uv->u.value;
      setnilvalue (uv->v);
      cl->upvals[i] = uv;
      el_gc_objbarrier (L, cl, uv);
    }
  }
}

/* -- Upvalues ----------------------------------------------------------- */

#define isintwups(L)    ((L)->twups != (L))

/* Create an open upvalue for 'level' and link it after 'prev'.  Inline
** (el_func_pushclosure makes most upvalues). */
#if defined(__GNUC__)
__attribute__ ((always_inline))
#endif
static inline UpVal *
func_newupval (ElaraState *L, StkId level, UpVal **prev)
{
  GCObject *o = el_gc_newobj (L, EL_VUPVAL, sizeof (UpVal));
  UpVal *uv = gco2upv (o);
  UpVal *next = *prev;
  uv->v = s2v (level);
  uv->u.open.next = next;
  uv->u.open.previous = prev;
  if (next != NULL)
    next->u.open.previous = &uv->u.open.next;
  *prev = uv;
  if (!isintwups (L)) {
    L->twups = G (L)->twups;
    G (L)->twups = L;
  }
  return uv;
}

/* The body of el_func_findupval, also inlined into el_func_pushclosure. */
static inline UpVal *
func_findupval (ElaraState *L, StkId level)
{
  UpVal **pp = &L->openupval;
  UpVal *p;
  while ((p = *pp) != NULL && uplevel (p) >= level) {
    el_assert (!isdead (G (L), p));
    if (uplevel (p) == level)
      return p;
    pp = &p->u.open.next;
  }
  return func_newupval (L, level, pp);
}

UpVal *
el_func_findupval (ElaraState *L, StkId level)
{
  return func_findupval (L, level);
}

/* Upvalue 'd' of a closure made in a frame at 'base' whose closure has
** the upvalues 'encup'. */
static inline UpVal *
func_upval (ElaraState *L, const Upvaldesc *d, UpVal **encup, StkId base)
{
  return d->instack ? func_findupval (L, base + d->idx) : encup[d->idx];
}

void
el_func_pushclosure (ElaraState *L, Proto *p, UpVal **encup, StkId base,
                     StkId ra)
{
  int nup = p->sizeupvalues;
  const Upvaldesc *uv = p->upvalues;
  GCObject *o;
  LClosure *ncl;
  int i;
  if (nup <= 2) {
    /* Most closures: the upvalues first, then the closure.  An emergency
    ** collection run by any of these allocations finds the upvalues alive
    ** (open ones through L's open list, the others through the enclosing
    ** closure, on the stack) and no half-made closure; after the
    ** closure's allocation nothing collects, so it is white and needs no
    ** barrier. */
    UpVal *u0 = nup > 0 ? func_upval (L, &uv[0], encup, base) : NULL;
    UpVal *u1 = nup > 1 ? func_upval (L, &uv[1], encup, base) : NULL;
    o = el_gc_newobj (L, EL_VLCL, sizeLclosure (nup));
    ncl = gco2lcl (o);
    ncl->nupvalues = cast_byte (nup);
    ncl->gclist = NULL;
    ncl->p = p;
    if (nup > 0) {
      ncl->upvals[0] = u0;
      if (nup > 1)
        ncl->upvals[1] = u1;
    }
    setclLvalue (L, s2v (ra), ncl);
    return;
  }
  o = el_gc_newobj (L, EL_VLCL, sizeLclosure (nup));
  ncl = gco2lcl (o);
  ncl->nupvalues = cast_byte (nup);
  ncl->gclist = NULL;
  ncl->p = p;
  setclLvalue (L, s2v (ra), ncl);  /* anchor */
  /* First the upvalues that need no allocation, and NULL for the others
  ** (instead of el_func_newLclosure's clearing of all slots): then the
  ** closure is whole for the collector, should finding an upvalue below
  ** run an emergency collection or raise a memory error. */
  for (i = 0; i < nup; i++)
    ncl->upvals[i] = uv[i].instack ? NULL : encup[uv[i].idx];
  for (i = 0; i < nup; i++) {
    if (uv[i].instack)
      ncl->upvals[i] = func_findupval (L, base + uv[i].idx);
  }
  /* a new object is white; only a collection in the loop above can have
  ** made it black (a generational one turns the survivors old) */
  if (el_unlikely (isblack (ncl))) {
    for (i = 0; i < nup; i++)
      el_gc_objbarrier (L, ncl, ncl->upvals[i]);
  }
}

void
el_func_unlinkupval (UpVal *uv)
{
  el_assert (upisopen (uv));
  *uv->u.open.previous = uv->u.open.next;
  if (uv->u.open.next != NULL)
    uv->u.open.next->u.open.previous = uv->u.open.previous;
}

/* Close the open upvalues at or above 'level' (their values move into
** them) until one the collector already reached is closed: return that
** one, whose barrier is due, or NULL when all are closed.  A leaf: the
** common case (white upvalues) calls nothing. */
static inline UpVal *
func_closewhite (ElaraState *L, StkId level)
{
  UpVal *uv;
  while ((uv = L->openupval) != NULL && uplevel (uv) >= level) {
    TValue *slot = &uv->u.value;
    el_func_unlinkupval (uv);
    setobj (L, slot, uv->v);
    uv->v = slot;
    if (el_unlikely (!iswhite (uv)))
      return uv;
  }
  return NULL;
}

/* A closed upvalue is never gray: one the collector already reached is
** black, and its new value needs the barrier. */
static void
func_barrierclosed (ElaraState *L, UpVal *uv)
{
  uv->marked |= bitmask (BLACKBIT);
  el_gc_barrier (L, uv, &uv->u.value);
}

static inline void
func_closeupval (ElaraState *L, StkId level)
{
  UpVal *uv;
  while ((uv = func_closewhite (L, level)) != NULL)
    func_barrierclosed (L, uv);
}

void
el_func_closeupval (ElaraState *L, StkId level)
{
  func_closeupval (L, level);
}

/* -- To-be-closed variables --------------------------------------------- */

/* Push and call the __close metamethod of 'obj'.  'err' is the error object
** or NULL on a normal exit: 5.5 passes the second argument only when there
** is an error.  Relies on EXTRA_STACK for the three slots. */
static void
func_callclosemethod (ElaraState *L, TValue *obj, TValue *err, int yy)
{
  StkId top = L->top;
  StkId fn = top;
  const TValue *tm = el_meta_gettmbyobj (L, obj, TM_CLOSE);
  setobj2s (L, top, tm);
  top++;
  setobj2s (L, top, obj);
  top++;
  if (err != NULL) {
    setobj2s (L, top, err);
    top++;
  }
  L->top = top;
  if (yy)
    el_call_call (L, fn, 0);
  else
    el_call_callnoyield (L, fn, 0);
}

/* Name of the variable in slot 'level' of the running frame, for the
** "non-closable value" message. */
static const char *
func_tbcname (ElaraState *L, StkId level)
{
  CallInfo *ci = L->ci;
  int idx = cast_int (level - ci->func);
  if (isLua (ci)) {
    const Proto *p = ci_func (ci)->p;
    const char *name = el_func_getlocalname (p, idx,
                                             pcRel (ci->u.l.savedpc, p));
    return (name != NULL) ? name : "(temporary)";
  }
  return "(C temporary)";
}

void
el_func_newtbcupval (ElaraState *L, StkId level)
{
  el_assert (level > L->tbclist);
  if (el_isfalse (s2v (level)))
    return;  /* false and nil need no closing */
  if (ttisnil (el_meta_gettmbyobj (L, s2v (level), TM_CLOSE)))
    el_raise_error (L, EL_ERR_NON_CLOSABLE, func_tbcname (L, level));
  while (cast (size_t, level - L->tbclist) > MAXDELTA) {
    L->tbclist += MAXDELTA;  /* dummy node */
    L->tbclist->tbclist.delta = 0;
  }
  level->tbclist.delta = cast (unsigned short, level - L->tbclist);
  L->tbclist = level;
}

/* Remove the head of the tbc list and the dummy nodes before it. */
static void
func_poptbclist (ElaraState *L)
{
  StkId tbc = L->tbclist;
  el_assert (tbc->tbclist.delta > 0);
  tbc -= tbc->tbclist.delta;
  while (tbc > L->stack && tbc->tbclist.delta == 0)
    tbc -= MAXDELTA;
  L->tbclist = tbc;
}

/* Call the close method of the tbc variable at 'level'.  On a normal exit
** (ELARA_OK) the call is placed right after the variable: nothing above it
** is alive any more.  With CLOSEKTOP the values above must survive (a
** return in progress), so the call goes at the current top.  On an error
** the error object is copied after the variable and passed along. */
static void
func_prepcallclosemth (ElaraState *L, StkId level, int status, int yy)
{
  TValue *uv = s2v (level);
  TValue *errobj = NULL;
  if (status == ELARA_OK)
    L->top = level + 1;
  else if (status != CLOSEKTOP) {
    errobj = s2v (level + 1);
    el_call_seterrorobj (L, status, level + 1);
  }
  func_callclosemethod (L, uv, errobj, yy);
}

/* The tbc part of el_func_close (some variable at or above 'level' is to
** be closed): out of line, as it needs registers the common case does
** not. */
#if defined(__GNUC__)
__attribute__ ((noinline))
#endif
static StkId
func_closetbc (ElaraState *L, StkId level, int status, int yy)
{
  ptrdiff_t levelrel = savestack (L, level);
  while (L->tbclist >= level) {
    StkId tbc = L->tbclist;
    func_poptbclist (L);
    func_prepcallclosemth (L, tbc, status, yy);
    /* the call may have reallocated the stack */
    level = restorestack (L, levelrel);
  }
  return level;
}

/* el_func_close after closing 'uv', which the collector reached (not
** white): the barrier, then the rest. */
#if defined(__GNUC__)
__attribute__ ((noinline))
#endif
static StkId
func_closeslow (ElaraState *L, StkId level, int status, int yy, UpVal *uv)
{
  func_barrierclosed (L, uv);
  func_closeupval (L, level);
  if (L->tbclist < level)
    return level;
  return func_closetbc (L, level, status, yy);
}

/* The upvalues first, leaving for func_closeslow when a barrier is due:
** then the common case calls nothing (tail calls aside) and saves no
** registers. */
StkId
el_func_close (ElaraState *L, StkId level, int status, int yy)
{
  UpVal *uv = func_closewhite (L, level);
  if (el_unlikely (uv != NULL))
    return func_closeslow (L, level, status, yy, uv);
  if (el_likely (L->tbclist < level))
    return level;  /* upvalues only (the common case): nothing can move */
  return func_closetbc (L, level, status, yy);
}

/* -- Debug information -------------------------------------------------- */

const char *
el_func_getlocalname (const Proto *f, int local_number, int pc)
{
  int i;
  for (i = 0; i < f->sizelocvars && f->locvars[i].startpc <= pc; i++) {
    if (pc < f->locvars[i].endpc) {
      local_number--;
      if (local_number == 0)
        return (f->locvars[i].varname != NULL)
               ? getstr (f->locvars[i].varname) : "?";
    }
  }
  return NULL;
}
