/*
** gc.h: the garbage collector
** SPDX-License-Identifier: MIT
**
** An incremental tri-colour mark and sweep (Lua 5.5's default mode) with
** a generational mode beside it.  Every store of a collectable value into
** a table, userdata, closure upvalue or proto must go through the barrier
** macros below: a black object (already traversed) must never be left
** referring to a white one (not reached yet) while the collector marks.
** Threads are the exception: they are never black outside the atomic
** phase, so stack writes need no barrier.
*/
#ifndef EL_GC_H
#define EL_GC_H

#include "object.h"
#include "mem.h"
#include "state.h"

/* colour bits in 'marked' */
#define WHITE0BIT   3
#define WHITE1BIT   4
#define BLACKBIT    5
#define FINALIZEDBIT 6   /* object has been marked for finalization */
#define FIXEDBIT    7    /* never collected */

#define bitmask(b)      (1 << (b))
#define WHITEBITS       (bitmask (WHITE0BIT) | bitmask (WHITE1BIT))
#define iswhite(x)      ((x)->marked & WHITEBITS)
#define isblack(x)      ((x)->marked & bitmask (BLACKBIT))
#define isgray(x)       (!((x)->marked & (WHITEBITS | bitmask (BLACKBIT))))
#define tofinalize(x)   ((x)->marked & bitmask (FINALIZEDBIT))
#define otherwhite(g)   ((g)->currentwhite ^ WHITEBITS)
#define isdeadm(ow, m)  ((m) & (ow))
#define isdead(g, v)    isdeadm (otherwhite (g), (v)->marked)
#define el_gc_white(g)  cast_byte ((g)->currentwhite & WHITEBITS)

/* (added by the gc.c owner) Bits of GlobalState.gcstp: why the collector
** is stopped.  0 = running. */
#define GCSTPUSR    1    /* by the user (collectgarbage "stop") */
#define GCSTPGC     2    /* internally: while a finalizer runs / building */
#define GCSTPCLS    4    /* the state is closing */

/* Values of GlobalState.gcstate, in the order a cycle goes through them.
** While the state is at most GCSatomic the collector is marking and the
** tri-colour invariant holds: no black object refers to a white one.
** Generational minor mode stays in GCSpropagate between collections, so
** the barriers keep marking there. */
#define GCSpropagate    0
#define GCSenteratomic  1
#define GCSatomic       2
#define GCSswpallgc     3
#define GCSswpfinobj    4
#define GCSswptobefnz   5
#define GCSswpend       6
#define GCScallfin      7
#define GCSpause        8

#define keepinvariant(g)  ((g)->gcstate <= GCSatomic)
#define issweepphase(g) \
  (GCSswpallgc <= (g)->gcstate && (g)->gcstate <= GCSswpend)

/* Run a collection step when the debt is positive.  'pre'/'pos' are
** statements run around the step (e.g. saving L->top). */
#define el_gc_condGC(L, pre, pos) \
  { if (G (L)->GCdebt > 0) { pre; el_gc_step (L); pos; } }
#define el_gc_checkGC(L)  el_gc_condGC (L, (void) 0, (void) 0)

/* Barriers: call after storing v into object p. */
#define el_gc_barrier(L, p, v) \
  ((iscollectable (v) && isblack (obj2gco (p)) && iswhite (gcvalue (v))) \
   ? el_gc_barrier_ (L, obj2gco (p), gcvalue (v)) : (void) 0)
#define el_gc_barrierback(L, p, v) \
  ((iscollectable (v) && isblack (obj2gco (p)) && iswhite (gcvalue (v))) \
   ? el_gc_barrierback_ (L, obj2gco (p)) : (void) 0)
#define el_gc_objbarrier(L, p, o) \
  ((isblack (obj2gco (p)) && iswhite (obj2gco (o))) \
   ? el_gc_barrier_ (L, obj2gco (p), obj2gco (o)) : (void) 0)

/* Make a new object of type 'tt' from 'block', obtained (and counted)
** through mem.c already: the same as el_gc_newobj without the allocation.
** White, linked into allgc. */
static inline GCObject *
el_gc_linkblock (struct ElaraState *L, void *block, int tt)
{
  GlobalState *g = G (L);
  GCObject *o = cast (GCObject *, block);
  o->marked = el_gc_white (g);
  o->tt = cast_byte (tt);
  o->next = g->allgc;
  g->allgc = o;
  return o;
}

/* Allocate a collectable object of type tag 'tt' and 'sz' bytes, linked
** into allgc, white.  Inline with el_mem_malloc's fast path: every table,
** closure, upvalue and string is made here. */
static inline GCObject *
el_gc_newobj (struct ElaraState *L, int tt, size_t sz)
{
  return el_gc_linkblock (L, el_mem_malloc (L, sz), tt);
}
/* Do some collection work: one incremental step (work proportional to
** stepsize * stepmul) or, in generational mode, a minor collection. */
EL_FUNC void el_gc_step (struct ElaraState *L);
/* A full collection; 'isemergency' skips finalizers and shrinking. */
EL_FUNC void el_gc_fullgc (struct ElaraState *L, int isemergency);
/* Free every object (state close); runs pending finalizers first. */
EL_FUNC void el_gc_freeallobjects (struct ElaraState *L);
/* If 'o' has a __gc in metatable 'mt', move it to the finobj list. */
EL_FUNC void el_gc_checkfinalizer (struct ElaraState *L, GCObject *o, Table *mt);
/* Object never collected (reserved words, metamethod names). */
EL_FUNC void el_gc_fix (struct ElaraState *L, GCObject *o);
EL_FUNC void el_gc_barrier_ (struct ElaraState *L, GCObject *o, GCObject *v);
EL_FUNC void el_gc_barrierback_ (struct ElaraState *L, GCObject *o);
/* Debt accounting: set the debt keeping totalbytes + debt constant. */
EL_FUNC void el_gc_setdebt (struct GlobalState *g, ptrdiff_t debt);
/* The collectgarbage() backend: an ELARA_GC* option with its arguments;
** returns as lua_gc does (-1 for an invalid option). */
EL_FUNC int el_gc_control (struct ElaraState *L, int what, va_list ap);
/* Total bytes in use by the state. */
EL_FUNC size_t el_gc_totalbytes (struct ElaraState *L);

#endif /* EL_GC_H */
