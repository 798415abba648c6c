/*
** gc.c: the garbage collector (incremental tri-colour mark and sweep, and
** the generational mode of Lua 5.5)
** SPDX-License-Identifier: MIT
**
** Incremental mode.  A cycle goes pause -> propagate -> atomic -> sweep
** (allgc, finobj, tobefnz) -> callfin -> pause, a bounded amount of work
** at a time (el_gc_step).  Colours (gc.h):
**
**  - white: not reached yet in this cycle.  There are two whites; after
**    the atomic phase the current white flips, so objects still of the
**    old white are garbage and objects created from then on are safe;
**  - gray: reached, children still to visit; the object is in one of the
**    gray lists (gray, grayagain, weak, ephemeron, allweak) through its
**    'gclist' field (strings and upvalues are never gray);
**  - black: traversed.  While marking, a black object never refers to a
**    white one: the barriers of gc.h either mark the white object
**    (forward) or turn the black one gray again (backward, tables and
**    userdata, which go to 'grayagain' and are traversed again
**    atomically).  During the sweep the barriers only repaint the black
**    object white, since nothing is marked any more.
**
**  Threads are never left black: a traversed thread goes back to
**  'grayagain', so the atomic phase sees its final stack.  Open upvalues
**  are marked black with their value; a value stored later in the stack
**  slot is seen through the thread, or through 'remarkupvals' when the
**  thread itself died.  Fixed objects are gray forever.
**
** Generational mode (KGC_GENMINOR).  Objects are young or old; the old
** ones are those at or after g->firstold in 'allgc' and every black object
** of 'finobj' and 'tobefnz'.  Between collections old objects are black
** (threads: gray and kept on 'grayagain'), young ones are white.  A minor
** collection marks from the roots, the gray lists (objects the forward
** barrier reached) and 'grayagain' (old tables the backward barrier
** touched, and every thread), frees the young objects left white and
** ages the survivors (see AGE_* below): an object turns old only after
** surviving two minor collections, and the objects that may refer to the
** young ones left (just promoted, or touched) are traversed again by the
** next minor collection.  When the bytes turned old since the old
** generation was built (GCaddedold) reach minormajor% of its size then
** (GCmajorbase), the state runs major collections as ordinary incremental
** cycles (KGC_GENMAJOR) and returns to minor ones after a cycle that freed
** majorminor% of what was added (all survivors become old again: after a
** complete sweep every object left is alive or floating garbage).
*/
#include "config.h"
#include "gc.h"

#include <string.h>

#include "call.h"
#include "func.h"
#include "jit.h"
#include "mem.h"
#include "meta.h"
#include "state.h"
#include "str.h"
#include "table.h"

/* Debt given while the collector cannot run, so that el_gc_step is not
** called again at every check. */
#define GC_STOPPEDDEBT  ((ptrdiff_t) 20000)

/* Work units: about one per word of object visited while marking.  A
** sweep step visits GC_SWEEPMAX objects; a finalizer call counts as
** GC_FINCOST units. */
#define GC_SWEEPMAX     40
#define GC_FINCOST      50

/* Values of gc_singlestep beside a work count. */
#define GC_STEPATOMIC   (-1)    /* the atomic phase just ran */
#define GC_STEPPAUSE    (-2)    /* the cycle ended */

/* -- Colours ----------------------------------------------------------------- */

#define maskcolors      (WHITEBITS | bitmask (BLACKBIT))
#define set2gray(o)     ((o)->marked &= cast_byte (~maskcolors))
#define set2black(o) \
  ((o)->marked = cast_byte (((o)->marked & ~WHITEBITS) | bitmask (BLACKBIT)))
#define makewhite(g, o) \
  ((o)->marked = cast_byte (((o)->marked & ~maskcolors) | el_gc_white (g)))

/* Ages of generational mode, in the three low bits of 'marked' (zero,
** i.e. AGE_NEW, outside it).  A young object must survive two minor
** collections before it turns old: objects alive only because a
** collection caught them half-built (a tree under construction) die
** young instead of piling up in the old generation until a major one.
**
**  - NEW: created since the last minor collection (white);
**  - SURVIVAL: survived one minor collection (white again);
**  - OLD0: young, but a forward barrier marked it for an old object; it
**    turns old at the next minor collection whatever its age;
**  - OLD1: turned old at the last minor collection; its children may be
**    survivals (white), so the next minor collection traverses it again.
**    Such objects start the old part of 'allgc' (g->firstold onwards);
**  - OLD: old, refers to nothing young without a barrier recording it;
**  - TOUCHED: old, and on 'grayagain' because the backward barrier fired
**    on it.  Gray while touched since the last minor collection; black
**    (still on the list) for one more collection after that, since what
**    it received became survivals that only it may reach. */
#define AGEBITS         7
#define AGE_NEW         0
#define AGE_SURVIVAL    1
#define AGE_OLD0        2
#define AGE_OLD1        3
#define AGE_OLD         4
#define AGE_TOUCHED     5
#define getage(o)       ((o)->marked & AGEBITS)
#define setage(o, a) \
  ((o)->marked = cast_byte (((o)->marked & ~AGEBITS) | (a)))

#define gcvalueN(v)     (iscollectable (v) ? gcvalue (v) : NULL)
#define valiswhite(v)   (iscollectable (v) && iswhite (gcvalue (v)))

static void gc_reallymark (GlobalState *g, GCObject *o);
static size_t gc_objsize (GCObject *o);

#define gc_markvalue(g, v) \
  { if (valiswhite (v)) gc_reallymark (g, gcvalue (v)); }
#define gc_markobject(g, o) \
  { if (iswhite (o)) gc_reallymark (g, obj2gco (o)); }
#define gc_markobjectN(g, o) \
  { if ((o) != NULL && iswhite (o)) gc_reallymark (g, obj2gco (o)); }
#define gc_markkey(g, n) \
  { if (keyiscollectable (n) && iswhite (gckey (n))) \
      gc_reallymark (g, gckey (n)); }

/* Entry i of the array part of h: is it a white object? */
static inline int
gc_arrayiswhite (const Table *h, const uint8_t *tags, unsigned int i)
{
  return (tags[i] & BIT_ISCOLLECTABLE)
         && iswhite (el_table_arraypayload (h, i).gc);
}

/* Mark every white object of the array part of h; returns whether there
** was one.  The tags are scanned alone: only collectable entries touch
** their payloads. */
static int
gc_markarray (GlobalState *g, Table *h)
{
  int marked = 0;
  unsigned int i;
  const uint8_t *tags;
  if (h->asize == 0)
    return 0;
  tags = el_table_arraytags (h);
  for (i = 0; i < h->asize; i++) {
    if (gc_arrayiswhite (h, tags, i)) {
      marked = 1;
      gc_reallymark (g, el_table_arraypayload (h, i).gc);
    }
  }
  return marked;
}

/* A node whose value is empty: its collectable key may die, so it
** becomes a dead key (still comparable by address for next()). */
static inline void
gc_clearkey (Node *n)
{
  if (keyiscollectable (n))
    keytt (n) = EL_TDEADKEY;
}

#define isintwups(L)    ((L)->twups != (L))

/* -- Gray lists ---------------------------------------------------------- */

static GCObject **
gc_getgclist (GCObject *o)
{
  switch (o->tt) {
    case EL_VTABLE: return &gco2t (o)->gclist;
    case EL_VLCL: return &gco2lcl (o)->gclist;
    case EL_VCCL: return &gco2ccl (o)->gclist;
    case EL_VTHREAD: return &gco2th (o)->gclist;
    case EL_VPROTO: return &gco2p (o)->gclist;
    case EL_VUSERDATA: return &gco2u (o)->gclist;
    default:
      el_assert (0);
      return NULL;
  }
}

/* Every object on a gray list is gray: that is what keeps the backward
** barrier (which fires on black objects only) from linking it twice. */
static inline void
gc_linkgclist (GCObject *o, GCObject **list)
{
  el_assert (!iswhite (o));
  *gc_getgclist (o) = *list;
  *list = o;
  set2gray (o);
}

/* Is 'o' (NULL for non-collectable values) going away?  Strings are
** values for weak tables: never removed, so they are marked here. */
static int
gc_iscleared (GlobalState *g, GCObject *o)
{
  if (o == NULL)
    return 0;
  if (novariant (o->tt) == ELARA_TSTRING) {
    gc_markobject (g, o);
    return 0;
  }
  return iswhite (o);
}

/* -- Marking ----------------------------------------------------------------- */

static void
gc_reallymark (GlobalState *g, GCObject *o)
{
  if (el_likely (o->tt == EL_VTABLE)) {
    /* the most common case, without the two switches below */
    Table *h = gco2t (o);
    if (g->gckind != KGC_GENMINOR)
      g->GCmarked += el_table_size (h);
    h->gclist = g->gray;
    g->gray = o;
    set2gray (o);
    return;
  }
  if (novariant (o->tt) == ELARA_TSTRING) {   /* the next most common */
    if (g->gckind != KGC_GENMINOR)
      g->GCmarked += sizelstring (tsslen (gco2ts (o)));
    set2black (o);
    return;
  }
  /* (minor collections do not use the count: no cost for them) */
  if (g->gckind != KGC_GENMINOR)
    g->GCmarked += gc_objsize (o);
  switch (o->tt) {   /* (tables and strings returned above) */
    case EL_VUPVAL: {
      /* open or closed, 'v' is where the value lives (see the header) */
      UpVal *uv = gco2upv (o);
      set2black (o);
      gc_markvalue (g, uv->v);
      break;
    }
    case EL_VUSERDATA: {
      Udata *u = gco2u (o);
      if (u->nuvalue == 0) {
        gc_markobjectN (g, u->metatable);
        set2black (o);
        break;
      }
    }
      /* FALLTHROUGH */
    default:
      set2gray (o);             /* gc_linkgclist asserts "not white" */
      gc_linkgclist (o, &g->gray);
      break;
  }
}

/* Work of a table traversal: its header and every slot. */
static size_t
gc_tablework (Table *h)
{
  return 1 + h->asize + 2 * (size_t) sizenode (h);
}

static void
gc_traversestrongtable (GlobalState *g, Table *h)
{
  unsigned int i;
  unsigned int nsize = sizenode (h);
  gc_markarray (g, h);
  for (i = 0; i < nsize; i++) {
    Node *n = gnode (h, i);
    if (isempty (gval (n)))
      gc_clearkey (n);
    else {
      gc_markkey (g, n);
      gc_markvalue (g, gval (n));
    }
  }
}

/* Weak values: keys are strong; values wait for the clearing.  Outside
** the atomic phase the table is traversed again there (its keys may
** change meanwhile without making it black). */
static void
gc_traverseweakvalue (GlobalState *g, Table *h)
{
  unsigned int i;
  unsigned int nsize = sizenode (h);
  for (i = 0; i < nsize; i++) {
    Node *n = gnode (h, i);
    if (isempty (gval (n)))
      gc_clearkey (n);
    else
      gc_markkey (g, n);
  }
  if (g->gcstate == GCSatomic)
    gc_linkgclist (obj2gco (h), &g->weak);
  else
    gc_linkgclist (obj2gco (h), &g->grayagain);
}

/* Weak keys (ephemeron): a value is reachable through the table only if
** its key is reachable by other means.  Returns whether it marked
** anything.  While propagating, the table just waits for the atomic
** phase; there it goes to 'ephemeron' while some entry has a white key
** and a white value (it may still change), else to 'allweak' when it has
** white keys to clear later. */
static int
gc_traverseephemeron (GlobalState *g, Table *h)
{
  int marked = 0;
  int hasclears = 0;
  int hasww = 0;
  unsigned int i;
  unsigned int nsize = sizenode (h);
  marked = gc_markarray (g, h);
  for (i = 0; i < nsize; i++) {
    Node *n = gnode (h, i);
    if (isempty (gval (n)))
      gc_clearkey (n);
    else if (gc_iscleared (g, gckeyN (n))) {
      hasclears = 1;
      if (valiswhite (gval (n)))
        hasww = 1;
    }
    else if (valiswhite (gval (n))) {
      marked = 1;
      gc_reallymark (g, gcvalue (gval (n)));
    }
  }
  if (g->gcstate == GCSpropagate)
    gc_linkgclist (obj2gco (h), &g->grayagain);
  else if (hasww)
    gc_linkgclist (obj2gco (h), &g->ephemeron);
  else if (hasclears)
    gc_linkgclist (obj2gco (h), &g->allweak);
  return marked;
}

static void
gc_traverseallweak (GlobalState *g, Table *h)
{
  unsigned int i;
  unsigned int nsize = sizenode (h);
  for (i = 0; i < nsize; i++) {
    Node *n = gnode (h, i);
    if (isempty (gval (n)))
      gc_clearkey (n);
  }
  gc_linkgclist (obj2gco (h), &g->allweak);
}

static size_t
gc_traversetable (GlobalState *g, Table *h)
{
  const TValue *mode = gfasttm (g, h->metatable, TM_MODE);
  int wk = 0, wv = 0;
  gc_markobjectN (g, h->metatable);
  if (mode != NULL && ttisstring (mode)) {
    const char *s = svalue (mode);
    wk = strchr (s, 'k') != NULL;
    wv = strchr (s, 'v') != NULL;
  }
  if (!wk && !wv)
    gc_traversestrongtable (g, h);
  else if (!wk)
    gc_traverseweakvalue (g, h);
  else if (!wv)
    gc_traverseephemeron (g, h);
  else
    gc_traverseallweak (g, h);
  return gc_tablework (h);
}

static size_t
gc_traverseudata (GlobalState *g, Udata *u)
{
  int i;
  gc_markobjectN (g, u->metatable);
  for (i = 0; i < u->nuvalue; i++)
    gc_markvalue (g, &u->uv[i]);
  return 1 + (size_t) u->nuvalue;
}

/* Protos are traversed while the parser still fills them: entries past
** the used part are NULL or nil (the parser's invariant), hence the N
** variants. */
static size_t
gc_traverseproto (GlobalState *g, Proto *f)
{
  int i;
  gc_markobjectN (g, f->source);
  for (i = 0; i < f->sizek; i++)
    gc_markvalue (g, &f->k[i]);
  for (i = 0; i < f->sizeupvalues; i++)
    gc_markobjectN (g, f->upvalues[i].name);
  for (i = 0; i < f->sizep; i++)
    gc_markobjectN (g, f->p[i]);
  for (i = 0; i < f->sizelocvars; i++)
    gc_markobjectN (g, f->locvars[i].varname);
  return 1 + (size_t) (f->sizek + f->sizeupvalues + f->sizep
                       + f->sizelocvars);
}

static size_t
gc_traverseLclosure (GlobalState *g, LClosure *cl)
{
  int i;
  gc_markobjectN (g, cl->p);
  for (i = 0; i < cl->nupvalues; i++)
    gc_markobjectN (g, cl->upvals[i]);
  return 1 + (size_t) cl->nupvalues;
}

static size_t
gc_traverseCclosure (GlobalState *g, CClosure *cl)
{
  int i;
  for (i = 0; i < cl->nupvalues; i++)
    gc_markvalue (g, &cl->upvalue[i]);
  return 1 + (size_t) cl->nupvalues;
}

/* The live part of a stack is [stack, top).  While propagating (and
** always in generational mode) the thread goes back to 'grayagain': its
** stack changes without barriers.  In the atomic phase the dead part is
** cleared so stale values cannot keep objects alive later. */
static size_t
gc_traversethread (GlobalState *g, ElaraState *th)
{
  StkId o = th->stack;
  UpVal *uv;
  if (g->gcstate == GCSpropagate || g->gckind == KGC_GENMINOR)
    gc_linkgclist (obj2gco (th), &g->grayagain);
  if (o == NULL)
    return 1;                   /* stack not built yet */
  for (; o < th->top; o++)
    gc_markvalue (g, s2v (o));
  for (uv = th->openupval; uv != NULL; uv = uv->u.open.next)
    gc_markobject (g, uv);
  if (g->gcstate == GCSatomic) {
    for (; o < th->stack_last + EXTRA_STACK; o++)
      setnilvalue (s2v (o));
  }
  else if (!g->gcemergency)
    /* give back what a deep recursion left (as the reference does here):
    ** otherwise the memory counted after a full collection depends on how
    ** deep the stack once was.  Not in an emergency collection, which may
    ** run inside a stack reallocation. */
    el_call_shrinkstack (th);
  if (!isintwups (th) && th->openupval != NULL) {
    th->twups = g->twups;
    g->twups = th;
  }
  return 1 + (size_t) stacksize (th);
}

/* A touched object (minor collection) that ended black and on no list
** stays on 'grayagain', black, for the next minor collection. */
static inline void
gc_keeptouched (GlobalState *g, GCObject *o)
{
  if (getage (o) == AGE_TOUCHED && isblack (o)) {
    *gc_getgclist (o) = g->grayagain;
    g->grayagain = o;
  }
}

/* Traverse the first gray object; returns the work done. */
static size_t
gc_propagatemark (GlobalState *g)
{
  GCObject *o = g->gray;
  if (el_likely (o->tt == EL_VTABLE)) {
    /* the most common case, without gc_getgclist's switch */
    size_t work;
    g->gray = gco2t (o)->gclist;
    set2black (o);
    work = gc_traversetable (g, gco2t (o));
    gc_keeptouched (g, o);
    return work;
  }
  g->gray = *gc_getgclist (o);
  set2black (o);
  switch (o->tt) {
    case EL_VUSERDATA: {
      size_t work = gc_traverseudata (g, gco2u (o));
      gc_keeptouched (g, o);
      return work;
    }
    case EL_VLCL: return gc_traverseLclosure (g, gco2lcl (o));
    case EL_VCCL: return gc_traverseCclosure (g, gco2ccl (o));
    case EL_VPROTO: return gc_traverseproto (g, gco2p (o));
    case EL_VTHREAD: return gc_traversethread (g, gco2th (o));
    default: el_assert (0); return 0;
  }
}

static size_t
gc_propagateall (GlobalState *g)
{
  size_t work = 0;
  while (g->gray != NULL)
    work += gc_propagatemark (g);
  return work;
}

/* Re-traverse ephemeron tables until no value gets marked. */
static void
gc_convergeephemerons (GlobalState *g)
{
  int changed;
  do {
    GCObject *next = g->ephemeron;
    GCObject *w;
    g->ephemeron = NULL;
    changed = 0;
    while ((w = next) != NULL) {
      Table *h = gco2t (w);
      int marked;
      next = h->gclist;
      set2black (w);            /* the traversal relinks it if needed */
      marked = gc_traverseephemeron (g, h);
      gc_keeptouched (g, w);
      if (marked) {
        gc_propagateall (g);
        changed = 1;
      }
    }
  } while (changed);
}

static void
gc_markbeingfnz (GlobalState *g)
{
  GCObject *o;
  for (o = g->tobefnz; o != NULL; o = o->next)
    gc_markobject (g, o);
}

static void
gc_markroots (GlobalState *g)
{
  int i;
  gc_markobject (g, g->mainthread);
  gc_markvalue (g, &g->l_registry);
  for (i = 0; i < ELARA_NUMTYPES; i++)
    gc_markobjectN (g, g->mt[i]);
  /* objects still waiting for their finalizer from a previous cycle */
  gc_markbeingfnz (g);
}

/* A thread that is not marked (dying) or has no open upvalue leaves the
** 'twups' list; the values of its open upvalues that something marked
** must survive even though the stack will not be traversed. */
static void
gc_remarkupvals (GlobalState *g)
{
  ElaraState **p = &g->twups;
  ElaraState *th;
  while ((th = *p) != NULL) {
    if (!iswhite (th) && th->openupval != NULL)
      p = &th->twups;
    else {
      UpVal *uv;
      *p = th->twups;
      th->twups = th;
      for (uv = th->openupval; uv != NULL; uv = uv->u.open.next) {
        if (!iswhite (uv))
          gc_markvalue (g, uv->v);
      }
    }
  }
}

/* -- Weak tables: clearing ------------------------------------------------- */

/* Remove entries whose keys are dead, from every table of list 'l'. */
static void
gc_clearbykeys (GlobalState *g, GCObject *l)
{
  for (; l != NULL; l = gco2t (l)->gclist) {
    Table *h = gco2t (l);
    unsigned int i;
    unsigned int nsize = sizenode (h);
    for (i = 0; i < nsize; i++) {
      Node *n = gnode (h, i);
      if (gc_iscleared (g, gckeyN (n)))
        setempty (gval (n));
      if (isempty (gval (n)))
        gc_clearkey (n);
    }
  }
}

/* Remove entries whose values are dead, from the tables of list 'l' up to
** (not including) 'f'. */
static void
gc_clearbyvalues (GlobalState *g, GCObject *l, GCObject *f)
{
  for (; l != f; l = gco2t (l)->gclist) {
    Table *h = gco2t (l);
    unsigned int i;
    unsigned int nsize = sizenode (h);
    if (h->asize > 0) {
      uint8_t *tags = el_table_arraytags (h);
      for (i = 0; i < h->asize; i++) {
        if ((tags[i] & BIT_ISCOLLECTABLE)
            && gc_iscleared (g, el_table_arraypayload (h, i).gc))
          tags[i] = EL_VEMPTY;
      }
    }
    for (i = 0; i < nsize; i++) {
      Node *n = gnode (h, i);
      if (gc_iscleared (g, gcvalueN (gval (n))))
        setempty (gval (n));
      if (isempty (gval (n)))
        gc_clearkey (n);
    }
  }
}

/* -- Finalizers: bookkeeping ------------------------------------------------ */

/* Move the unreachable objects of 'finobj' (all of them if 'all') to the
** end of 'tobefnz', keeping their order. */
static void
gc_separatetobefnz (GlobalState *g, int all)
{
  GCObject **p = &g->finobj;
  GCObject **lastnext = &g->tobefnz;
  GCObject *curr;
  while (*lastnext != NULL)
    lastnext = &(*lastnext)->next;
  while ((curr = *p) != NULL) {
    if (!(iswhite (curr) || all))
      p = &curr->next;
    else {
      *p = curr->next;
      curr->next = *lastnext;
      *lastnext = curr;
      lastnext = &curr->next;
    }
  }
}

void
el_gc_checkfinalizer (ElaraState *L, GCObject *o, Table *mt)
{
  GlobalState *g = G (L);
  GCObject **p;
  if (tofinalize (o) || gfasttm (g, mt, TM_GC) == NULL
      || (g->gcstp & GCSTPCLS))
    return;
  for (p = &g->allgc; *p != o; p = &(*p)->next) {
    if (*p == NULL)
      return;                   /* not a collectable list member (fixed) */
  }
  if (issweepphase (g)) {
    /* it leaves a list the sweep may not have reached: it must not stay
    ** black into the next cycle, and the sweep must not lose its place */
    makewhite (g, o);
    if (g->sweepgc == &o->next)
      g->sweepgc = p;
  }
  if (g->firstold == o)
    g->firstold = o->next;      /* the old part now starts after it */
  *p = o->next;
  o->next = g->finobj;
  g->finobj = o;
  o->marked |= bitmask (FINALIZEDBIT);
}

/* -- Freeing and sweeping --------------------------------------------------- */

#if defined(__GNUC__)
#define GC_NOINLINE     __attribute__ ((noinline))
#define GC_ALWAYSINLINE __attribute__ ((always_inline))
#else
#define GC_NOINLINE
#define GC_ALWAYSINLINE
#endif

/* The kinds gc_freeobj leaves: protos, C closures, threads, userdata. */
static GC_NOINLINE void
gc_freeobjslow (ElaraState *L, GCObject *o)
{
  switch (o->tt) {
    case EL_VPROTO: {
      Proto *p = gco2p (o);
      el_jit_release (G (L), p);
      el_func_freeproto (L, p);
      break;
    }
    case EL_VCCL: {
      CClosure *cl = gco2ccl (o);
      el_mem_free (L, cl, sizeCclosure (cl->nupvalues));
      break;
    }
    case EL_VTHREAD:
      el_state_freethread (L, gco2th (o));
      break;
    case EL_VUSERDATA: {
      Udata *u = gco2u (o);
      el_mem_free (L, o, sizeudata (u->nuvalue, u->len));
      break;
    }
    default:
      el_assert (0);
      break;
  }
}

/* Free a dead object.  Inline in the sweeps for the kinds freed most
** (closures and upvalues: a pooled block each; tables and strings, one
** call); the rest out of line. */
static inline GC_ALWAYSINLINE void
gc_freeobj (ElaraState *L, GCObject *o)
{
  switch (o->tt) {
    case EL_VUPVAL: {
      UpVal *uv = gco2upv (o);
      if (upisopen (uv))
        el_func_unlinkupval (uv);
      el_mem_free (L, uv, sizeof (UpVal));
      break;
    }
    case EL_VLCL:
      el_mem_free (L, o, sizeLclosure (gco2lcl (o)->nupvalues));
      break;
    case EL_VTABLE:
      el_table_free (L, gco2t (o));
      break;
    default:
      if (novariant (o->tt) == ELARA_TSTRING)
        el_str_free (L, gco2ts (o));
      else
        gc_freeobjslow (L, o);
      break;
  }
}

/* Bytes an object holds, for the generational pacing (the old
** generation's growth is counted as objects turn old). */
static size_t
gc_objsize (GCObject *o)
{
  switch (o->tt) {
    case EL_VTABLE:
      return el_table_size (gco2t (o));
    case EL_VLCL:
      return sizeLclosure (gco2lcl (o)->nupvalues);
    case EL_VCCL:
      return sizeCclosure (gco2ccl (o)->nupvalues);
    case EL_VUSERDATA: {
      Udata *u = gco2u (o);
      return sizeudata (u->nuvalue, u->len);
    }
    case EL_VSHRSTR:
    case EL_VLNGSTR:
      return sizelstring (tsslen (gco2ts (o)));
    case EL_VUPVAL:
      return sizeof (UpVal);
    case EL_VTHREAD: {
      ElaraState *th = gco2th (o);
      return sizeof (ElaraState)
             + (th->stack != NULL ? (size_t) stacksize (th) : 0)
               * sizeof (StackValue);
    }
    case EL_VPROTO: {
      Proto *f = gco2p (o);
      return sizeof (Proto)
             + (size_t) f->sizecode * sizeof (f->code[0])
             + (f->xcode != NULL
                ? (size_t) f->sizecode * sizeof (f->xcode[0]) : 0)
             + (size_t) f->sizek * sizeof (f->k[0])
             + (size_t) f->sizep * sizeof (f->p[0])
             + (size_t) f->sizelineinfo * sizeof (f->lineinfo[0]);
    }
    default:
      return 0;
  }
}

/* Sweep at most 'count' objects of list *p: free those of the old white,
** repaint the others with the current white.  Returns where to go on, or
** NULL at the end of the list. */
static GCObject **
gc_sweeplist (ElaraState *L, GCObject **p, int count)
{
  GlobalState *g = G (L);
  int ow = otherwhite (g);
  int white = el_gc_white (g);
  GCObject *curr;
  while ((curr = *p) != NULL && count-- > 0) {
    int marked = curr->marked;
    if (isdeadm (ow, marked)) {
      *p = curr->next;
      gc_freeobj (L, curr);
    }
    else {
      curr->marked = cast_byte ((marked & ~maskcolors) | white);
      p = &curr->next;
    }
  }
  return (*p == NULL) ? NULL : p;
}

/* -- Pacing ------------------------------------------------------------------ */

static ptrdiff_t
gc_totalbytes (GlobalState *g)
{
  return g->totalbytes + g->GCdebt;
}

/* 'x' * 'pct' / 100 without overflow, capped at PTRDIFF_MAX / 4. */
static ptrdiff_t
gc_applyparam (ptrdiff_t x, int pct)
{
  double r = (double) x * (double) pct / 100.0;
  if (r > (double) (PTRDIFF_MAX / 4))
    return PTRDIFF_MAX / 4;
  return (ptrdiff_t) r;
}

/* Bytes alive at the end of the last cycle, as the reference measures
** them: the objects its marking reached, each counted at its size when
** marked.  Bytes allocated during the sweep (mostly young garbage) do not
** count, nor does memory outside the objects (the string table, buffers,
** growth of a table after it was marked).  This is what the pause and the
** switches between minor and major collections are relative to: using
** the bytes in use at the end of the sweep instead put the next cycle
** further off the faster a program allocated, and kept a growing program
** out of generational mode. */
static ptrdiff_t
gc_livebytes (GlobalState *g)
{
  ptrdiff_t live = (ptrdiff_t) g->GCmarked;
  ptrdiff_t total = gc_totalbytes (g);
  return (live > 0 && live < total) ? live : total;
}

/* Next cycle when the bytes in use reach pause% of 'live', the bytes
** alive after this one. */
static void
gc_setpause (GlobalState *g, ptrdiff_t live)
{
  ptrdiff_t threshold = gc_applyparam (live, g->gcparams[ELARA_GCPPAUSE]);
  ptrdiff_t debt = gc_totalbytes (g) - threshold;
  g->GCestimate = (size_t) live;
  if (debt > 0)
    debt = 0;
#if EL_GC_STRESS
  debt = 1;                     /* collect at every check point */
#endif
  el_gc_setdebt (g, debt);
}

/* Generational mode staying with major cycles (the last one freed too
** little to go back to minor ones): the next major cycle is due when the
** bytes in use have grown minormajor% over what this one marked, the
** growth of the old generation that starts a major cycle from minor
** mode, if that comes before the pause.  A program that grows to its
** largest live set and then drops it would otherwise pile up garbage to
** pause% of that set (2.5 times), where minor mode would have started a
** major cycle at 1.7 times. */
static void
gc_capmajorpause (GlobalState *g)
{
  ptrdiff_t live = gc_livebytes (g);
  ptrdiff_t threshold = live + gc_applyparam (live,
                                    g->gcparams[ELARA_GCPMINORMAJOR]);
  ptrdiff_t debt = gc_totalbytes (g) - threshold;
  if (g->gcparams[ELARA_GCPMINORMAJOR] == 0)
    return;                     /* minormajor 0: no major cycle from minor */
  if (debt > 0)
    debt = 0;
#if EL_GC_STRESS
  debt = 1;
#endif
  if (debt > g->GCdebt)
    el_gc_setdebt (g, debt);
}

/* Generational: the next minor collection after minormul% of the old
** generation's size has been allocated.  'work' is what the last minor
** collection traversed (0 for none). */
static void
gc_setminordebt (GlobalState *g, size_t work)
{
  ptrdiff_t d = gc_applyparam ((ptrdiff_t) g->GCmajorbase,
                               g->gcparams[ELARA_GCPMINORMUL]);
  if (d < 1024)
    d = 1024;
#if EL_GC_STRESS
  /* collect at every check point, unless the last minor collection was
  ** big: each one traverses every stack in full, so a deep recursion that
  ** allocates on every level took quadratic time */
  d = (work > 65536) ? (ptrdiff_t) (work / 16) : -1;
#else
  el_unused (work);
#endif
  el_gc_setdebt (g, -d);
}

/* -- Finalizer calls ---------------------------------------------------------- */

static void
gc_dothecall (ElaraState *L, void *ud)
{
  el_unused (ud);
  el_call_callnoyield (L, L->top - 2, 0);
}

/* Call the finalizer of the first object of 'tobefnz', which becomes an
** ordinary object again.  Errors become warnings. */
static void
gc_callfinalizer (ElaraState *L)
{
  GlobalState *g = G (L);
  GCObject *o = g->tobefnz;
  const TValue *tm;
  TValue v;
  g->tobefnz = o->next;
  o->next = g->allgc;
  g->allgc = o;
  o->marked &= cast_byte (~bitmask (FINALIZEDBIT));
  if (issweepphase (g))
    makewhite (g, o);           /* it skips the rest of this sweep */
  else if (g->gckind == KGC_GENMINOR) {
    /* back at the head of 'allgc', the young part: a new object.  What
    ** it refers to was marked with it and is young or old, either fine */
    makewhite (g, o);
    setage (o, AGE_NEW);
  }
  setgcovalue (L, &v, o);
  tm = el_meta_gettmbyobj (L, &v, TM_GC);
  if (!ttisnil (tm)) {
    uint8_t oldah = L->allowhook;
    uint8_t oldstp = g->gcstp;
    int status;
    g->gcstp |= GCSTPGC;        /* no collection step inside a finalizer */
    L->allowhook = 0;
    /* two slots: EXTRA_STACK guarantees them */
    setobj2s (L, L->top, tm);
    L->top++;
    setobj2s (L, L->top, &v);
    L->top++;
    L->ci->callstatus |= CIST_FIN;
    status = el_call_pcall (L, gc_dothecall, NULL,
                            savestack (L, L->top - 2), 0);
    L->ci->callstatus &= ~CIST_FIN;
    L->allowhook = oldah;
    g->gcstp = oldstp;
    if (el_unlikely (status != ELARA_OK)) {
      el_state_warnerror (L, "__gc");
      L->top--;
    }
  }
}

static void
gc_callallpending (ElaraState *L)
{
  GlobalState *g = G (L);
  while (g->tobefnz != NULL)
    gc_callfinalizer (L);
}

/* -- The incremental cycle ------------------------------------------------- */

static void
gc_restartcollection (GlobalState *g)
{
  g->GCmarked = 0;
  g->gray = g->grayagain = NULL;
  g->weak = g->allweak = g->ephemeron = NULL;
  gc_markroots (g);
}

/* Everything the mutator may have changed since it was traversed is
** traversed again (roots, 'grayagain', upvalues of dying threads); then
** weak tables and finalizers are settled and the white flips. */
static size_t
gc_atomic (ElaraState *L)
{
  GlobalState *g = G (L);
  GCObject *origweak, *origall;
  GCObject *grayagain = g->grayagain;
  size_t work = 0;
  g->grayagain = NULL;
  g->gcstate = GCSatomic;
  gc_markobject (g, L);         /* the running thread may be new */
  gc_markroots (g);
  work += gc_propagateall (g);
  gc_remarkupvals (g);
  work += gc_propagateall (g);
  g->gray = grayagain;
  work += gc_propagateall (g);
  gc_convergeephemerons (g);
  /* Everything strongly reachable is marked.  Weak values that refer to
  ** objects about to be resurrected for finalization are cleared now;
  ** weak keys only after resurrection (the manual's rule). */
  gc_clearbyvalues (g, g->weak, NULL);
  gc_clearbyvalues (g, g->allweak, NULL);
  origweak = g->weak;
  origall = g->allweak;
  gc_separatetobefnz (g, 0);
  gc_markbeingfnz (g);
  work += gc_propagateall (g);
  gc_convergeephemerons (g);
  gc_clearbykeys (g, g->ephemeron);
  gc_clearbykeys (g, g->allweak);
  /* weak tables reached only through resurrected objects */
  gc_clearbyvalues (g, g->weak, origweak);
  gc_clearbyvalues (g, g->allweak, origall);
  g->weak = g->allweak = g->ephemeron = NULL;
  el_assert (g->gray == NULL);
  g->currentwhite = cast_byte (otherwhite (g));
  g->GCatomictotal = (size_t) gc_totalbytes (g);
  return work;
}

static void
gc_entersweep (GlobalState *g)
{
  g->gcstate = GCSswpallgc;
  g->sweepgc = &g->allgc;
}

static void gc_atomic2gen (ElaraState *L);

/* One bounded piece of the cycle; returns its work (or GC_STEP*). */
static ptrdiff_t
gc_singlestep (ElaraState *L, int fast)
{
  GlobalState *g = G (L);
  ptrdiff_t work;
  el_assert (!g->gcstopem);
  g->gcstopem = 1;              /* no emergency collection in here */
  switch (g->gcstate) {
    case GCSpause:
      gc_restartcollection (g);
      g->gcstate = GCSpropagate;
      work = 1;
      break;
    case GCSpropagate:
      if (fast || g->gray == NULL) {
        g->gcstate = GCSenteratomic;
        work = 1;
      }
      else
        work = (ptrdiff_t) gc_propagatemark (g);
      break;
    case GCSenteratomic:
      gc_atomic (L);
      gc_entersweep (g);
      work = GC_STEPATOMIC;
      break;
    case GCSswpallgc:
    case GCSswpfinobj:
    case GCSswptobefnz: {
      int count = fast ? INT_MAX : GC_SWEEPMAX;
      g->sweepgc = gc_sweeplist (L, g->sweepgc, count);
      if (g->sweepgc == NULL) {
        if (g->gcstate == GCSswpallgc)
          g->sweepgc = &g->finobj;
        else if (g->gcstate == GCSswpfinobj)
          g->sweepgc = &g->tobefnz;
        g->gcstate++;
      }
      work = GC_SWEEPMAX;
      break;
    }
    case GCSswpend:
      g->sweepgc = NULL;
      if (!g->gcemergency)
        el_str_checkshrink (L);
      g->gcstate = GCScallfin;
      g->GCestimate = (size_t) gc_totalbytes (g);
      work = GC_SWEEPMAX;
      break;
    case GCScallfin:
      if (g->tobefnz != NULL && !g->gcemergency) {
        g->gcstopem = 0;        /* finalizers may need an emergency GC */
        gc_callfinalizer (L);
        work = GC_FINCOST;
      }
      else {
        g->gcstate = GCSpause;
        work = GC_STEPPAUSE;
      }
      break;
    default:
      el_assert (0);
      work = 0;
      break;
  }
  g->gcstopem = 0;
  return work;
}

/* Run steps until the state is 'st'. */
static void
gc_runtilstate (ElaraState *L, int st)
{
  GlobalState *g = G (L);
  while (g->gcstate != st)
    gc_singlestep (L, 1);
}

/* A complete incremental cycle at once.  If the collector is marking,
** black objects exist: sweep first to whiten them (with the white not
** flipped, the sweep frees nothing). */
static void
gc_fullinc (ElaraState *L)
{
  GlobalState *g = G (L);
  if (keepinvariant (g))
    gc_entersweep (g);
  gc_runtilstate (L, GCSpause);
  gc_runtilstate (L, GCScallfin);
  gc_runtilstate (L, GCSpause);
}

/* Work for one step: stepmul% of the words in 'stepsize' bytes; 0 means
** the whole cycle. */
static ptrdiff_t
gc_stepwork (GlobalState *g)
{
  ptrdiff_t words = g->gcparams[ELARA_GCPSTEPSIZE] / (ptrdiff_t) sizeof (void *);
  return gc_applyparam (words, g->gcparams[ELARA_GCPSTEPMUL]);
}

static void gc_checkmajorminor (ElaraState *L);

static void
gc_incstep (ElaraState *L)
{
  GlobalState *g = G (L);
  ptrdiff_t stepsize = g->gcparams[ELARA_GCPSTEPSIZE];
  ptrdiff_t work = gc_stepwork (g);
  int fast = (work == 0);
  ptrdiff_t r;
  do {
    r = gc_singlestep (L, fast);
    if (r == GC_STEPPAUSE || (r == GC_STEPATOMIC && !fast))
      break;
    if (r > 0)
      work -= r;
  } while (fast || work > 0);
  if (g->gcstate == GCSpause) {
    if (g->gckind == KGC_GENMAJOR)
      gc_checkmajorminor (L);
    if (g->gckind != KGC_GENMINOR)
      gc_setpause (g, gc_livebytes (g));
    if (g->gckind == KGC_GENMAJOR)
      gc_capmajorpause (g);
  }
  else {
#if EL_GC_STRESS
    stepsize = -1;
#endif
    el_gc_setdebt (g, -stepsize);
  }
}

/* -- Generational mode --------------------------------------------------------- */

/* Every object white, no list: the state of a collector about to start an
** incremental cycle (leaving minor mode). */
static void
gc_whitenall (GlobalState *g)
{
  GCObject **lists[3];
  int i;
  lists[0] = &g->allgc;
  lists[1] = &g->finobj;
  lists[2] = &g->tobefnz;
  for (i = 0; i < 3; i++) {
    GCObject *o;
    for (o = *lists[i]; o != NULL; o = o->next) {
      makewhite (g, o);
      setage (o, AGE_NEW);
    }
  }
  g->gray = g->grayagain = NULL;
  g->weak = g->allweak = g->ephemeron = NULL;
  g->firstold = NULL;
  g->gcstate = GCSpause;
}

/* Make every object old: black, threads gray on 'grayagain'.  Only valid
** right after a complete sweep, when each object left is alive or
** floating garbage, so no young object exists and the barriers start
** from a clean state. */
static void
gc_atomic2gen (ElaraState *L)
{
  GlobalState *g = G (L);
  GCObject **lists[3];
  int i;
  lists[0] = &g->allgc;
  lists[1] = &g->finobj;
  lists[2] = &g->tobefnz;
  g->gray = g->grayagain = NULL;
  g->weak = g->allweak = g->ephemeron = NULL;
  for (i = 0; i < 3; i++) {
    GCObject *o;
    for (o = *lists[i]; o != NULL; o = o->next) {
      setage (o, AGE_OLD);
      if (o->tt == EL_VTHREAD) {
        set2gray (o);
        gc_linkgclist (o, &g->grayagain);
      }
      else
        set2black (o);
    }
  }
  g->firstold = g->allgc;
  g->gckind = KGC_GENMINOR;
  g->gcstate = GCSpropagate;
  g->GCmajorbase = (size_t) gc_livebytes (g);
  g->GCestimate = g->GCmajorbase;
  g->GCaddedold = 0;
  gc_setminordebt (g, 0);
}

/* Sweep the young part of 'allgc', down to the first old object: free
** the white objects, let new survivors become survivals (white again)
** and move survivals that survived again, with the objects a barrier
** aged, to the head of the old part as OLD1.  Threads turn old at once:
** they stay gray on 'grayagain' anyway. */
static void
gc_sweepyoung (ElaraState *L)
{
  GlobalState *g = G (L);
  GCObject **p = &g->allgc;
  GCObject *limit = g->firstold;
  GCObject *promoted = limit;   /* the new old part, built backwards */
  GCObject *curr;
  size_t addedold = 0;
  int white = el_gc_white (g);
  while ((curr = *p) != limit) {
    int age = getage (curr);
    if (iswhite (curr)) {
      *p = curr->next;
      gc_freeobj (L, curr);
    }
    else if (age == AGE_NEW && curr->tt != EL_VTHREAD) {
      curr->marked = cast_byte ((curr->marked & ~(maskcolors | AGEBITS))
                                | white | AGE_SURVIVAL);
      p = &curr->next;
    }
    else {
      *p = curr->next;
      setage (curr, AGE_OLD1);
      if (curr->tt != EL_VTHREAD)
        set2black (curr);
      addedold += gc_objsize (curr);
      curr->next = promoted;
      promoted = curr;
    }
  }
  *p = promoted;
  g->firstold = promoted;
  g->GCaddedold += addedold;
}

/* The same for the whole 'finobj' list, where objects do not move: old
** ones are recognised by their age. */
static void
gc_sweepfinobj (ElaraState *L)
{
  GlobalState *g = G (L);
  GCObject **p = &g->finobj;
  GCObject *curr;
  int white = el_gc_white (g);
  while ((curr = *p) != NULL) {
    int age = getage (curr);
    if (iswhite (curr)) {
      *p = curr->next;
      gc_freeobj (L, curr);
      continue;
    }
    if (age == AGE_NEW)
      curr->marked = cast_byte ((curr->marked & ~(maskcolors | AGEBITS))
                                | white | AGE_SURVIVAL);
    else if (age == AGE_SURVIVAL || age == AGE_OLD0) {
      setage (curr, AGE_OLD1);
      set2black (curr);
      g->GCaddedold += gc_objsize (curr);
    }
    p = &curr->next;
  }
}

/* Objects that turned old at the last minor collection may refer to
** survivals: traverse them again, and they are plainly old from now on.
** They start the old part of 'allgc' (touched ones may sit among them). */
static void
gc_markold1 (GlobalState *g, GCObject *o, int mixed)
{
  for (; o != NULL; o = o->next) {
    int age = getage (o);
    if (age == AGE_OLD1) {
      setage (o, AGE_OLD);
      if (isblack (o))
        gc_reallymark (g, o);
    }
    else if (!mixed && age != AGE_TOUCHED)
      break;                    /* the end of what the last one promoted */
  }
}

/* Start a major collection: an incremental cycle from scratch. */
static void
gc_entermajor (GlobalState *g)
{
  gc_whitenall (g);
  g->gckind = KGC_GENMAJOR;
  el_gc_setdebt (g, 1);         /* start at once */
}

/* A major cycle just ended: back to minor collections if what its atomic
** phase did not mark is at least majorminor% of the bytes added since the
** last major cycle (or since the old generation was built).  When staying
** with major cycles, the base moves to what this one marked, so that the
** next decision looks at fresh growth only. */
static void
gc_checkmajorminor (ElaraState *L)
{
  GlobalState *g = G (L);
  ptrdiff_t before = (ptrdiff_t) g->GCatomictotal;
  ptrdiff_t live = gc_livebytes (g);
  ptrdiff_t added = before - (ptrdiff_t) g->GCmajorbase;
  ptrdiff_t freed;
  if (live > before)
    live = before;
  freed = before - live;
  if (added < 0)
    added = 0;
  if (freed >= gc_applyparam (added, g->gcparams[ELARA_GCPMAJORMINOR]))
    gc_atomic2gen (L);
  else
    g->GCmajorbase = (size_t) live;
}

static void
gc_blackenlist (GlobalState *g, GCObject *l)
{
  while (l != NULL) {
    GCObject *next = *gc_getgclist (l);
    set2black (l);
    gc_keeptouched (g, l);
    l = next;
  }
}

/* A minor collection (stop-the-world, proportional to the young objects
** and the remembered set); returns the traversal work. */
static size_t
gc_youngcollection (ElaraState *L)
{
  GlobalState *g = G (L);
  size_t work = 0;
  GCObject *origweak, *origall;
  GCObject *grayagain = g->grayagain;
  GCObject *o;
  g->gcstopem = 1;
  g->grayagain = NULL;
  g->gcstate = GCSatomic;
  /* touched objects left black on 'grayagain' by the last collection are
  ** traversed once more, then they are plainly old */
  for (o = grayagain; o != NULL; o = *gc_getgclist (o)) {
    if (isblack (o)) {
      el_assert (getage (o) == AGE_TOUCHED);
      set2gray (o);
      setage (o, AGE_OLD);
    }
  }
  gc_markold1 (g, g->firstold, 0);
  gc_markold1 (g, g->finobj, 1);  /* 'finobj' is not ordered by age */
  /* objects waiting for finalization may refer to survivals as well */
  for (o = g->tobefnz; o != NULL; o = o->next) {
    if (isblack (o))
      gc_reallymark (g, o);
  }
  gc_markobject (g, L);
  gc_markroots (g);
  /* the remembered set: objects the forward barrier reached are on
  ** 'gray' already; touched old tables and every thread on 'grayagain' */
  if (grayagain != NULL) {
    GCObject **last = &grayagain;
    while (*last != NULL)
      last = gc_getgclist (*last);
    *last = g->gray;
    g->gray = grayagain;
  }
  work += gc_propagateall (g);
  gc_remarkupvals (g);
  work += gc_propagateall (g);
  gc_convergeephemerons (g);
  gc_clearbyvalues (g, g->weak, NULL);
  gc_clearbyvalues (g, g->allweak, NULL);
  origweak = g->weak;
  origall = g->allweak;
  gc_separatetobefnz (g, 0);    /* only young ones can be white */
  gc_markbeingfnz (g);
  work += gc_propagateall (g);
  gc_convergeephemerons (g);
  gc_clearbykeys (g, g->ephemeron);
  gc_clearbykeys (g, g->allweak);
  gc_clearbyvalues (g, g->weak, origweak);
  gc_clearbyvalues (g, g->allweak, origall);
  /* weak tables end gray on these lists; old ones are not swept below,
  ** and a gray object out of every list would escape the barriers */
  gc_blackenlist (g, g->weak);
  gc_blackenlist (g, g->allweak);
  gc_blackenlist (g, g->ephemeron);
  g->weak = g->allweak = g->ephemeron = NULL;
  el_assert (g->gray == NULL);
  gc_sweepyoung (L);
  gc_sweepfinobj (L);
  g->gcstate = GCSpropagate;
  g->gcstopem = 0;
  return work;
}

static void
gc_minorstep (ElaraState *L)
{
  GlobalState *g = G (L);
  ptrdiff_t limit;
  size_t work = gc_youngcollection (L);
  if (!g->gcemergency)
    gc_callallpending (L);
  if (g->gckind != KGC_GENMINOR)
    return;                     /* a finalizer changed the mode */
  /* only what turned old counts: the young objects and the survivals
  ** will mostly be gone at the next minor collection, and a major one
  ** started for them would find little to free */
  limit = gc_applyparam ((ptrdiff_t) g->GCmajorbase,
                         g->gcparams[ELARA_GCPMINORMAJOR]);
  g->GCestimate = (size_t) gc_totalbytes (g);
  if (g->gcparams[ELARA_GCPMINORMAJOR] != 0
      && (ptrdiff_t) g->GCaddedold >= limit)
    gc_entermajor (g);
  else
    gc_setminordebt (g, work);
}

/* Full collection in generational mode: a complete cycle, then all
** survivors old. */
static void
gc_fullgen (ElaraState *L)
{
  GlobalState *g = G (L);
  if (g->gckind == KGC_GENMINOR)
    gc_whitenall (g);
  g->gckind = KGC_GENMAJOR;
  gc_fullinc (L);
  /* finalizers may have run (and switched the mode) */
  if (g->gckind == KGC_GENMAJOR && g->gcstate == GCSpause)
    gc_atomic2gen (L);
}

static void
gc_changemode (ElaraState *L, int newmode)
{
  GlobalState *g = G (L);
  if (g->gckind == KGC_GENMAJOR)
    g->gckind = KGC_INC;        /* already incremental in all but name */
  if (newmode == g->gckind)
    return;
  if (newmode == KGC_INC) {     /* minor -> incremental */
    gc_whitenall (g);
    g->gckind = KGC_INC;
    gc_setpause (g, gc_totalbytes (g));   /* no cycle just ended */
  }
  else {                        /* incremental -> generational */
    gc_fullinc (L);
    if (g->gckind == KGC_INC && g->gcstate == GCSpause)
      gc_atomic2gen (L);
  }
}

/* -- Entry points ---------------------------------------------------------- */

void
el_gc_fullgc (ElaraState *L, int isemergency)
{
  GlobalState *g = G (L);
  if (g->gcstopem || (g->gcstp & GCSTPCLS) || !completestate (g))
    return;                     /* collecting already, or closing/building */
  g->gcemergency = cast_byte (isemergency);
  if (g->gckind == KGC_INC)
    gc_fullinc (L);
  else
    gc_fullgen (L);
  g->gcemergency = 0;
  /* Empty pool pages go back only here, at full collections (explicit or
  ** emergency): el_mem_trim walks every free block at once, which at the
  ** end of an incremental sweep or a minor collection made the longest
  ** pause of bench/gcpause.lua 125 ms instead of about 8 ms. */
  el_mem_trim (g, isemergency);
  if (g->gckind == KGC_INC)
    gc_setpause (g, gc_livebytes (g));
  else if (g->gckind == KGC_GENMINOR && !isemergency)
    gc_callallpending (L);
}

void
el_gc_step (ElaraState *L)
{
  GlobalState *g = G (L);
  if (g->gcstp != 0 || g->gcstopem || !completestate (g)) {
    el_gc_setdebt (g, -GC_STOPPEDDEBT);
    return;
  }
  if (g->gckind == KGC_GENMINOR)
    gc_minorstep (L);
  else
    gc_incstep (L);
}

void
el_gc_freeallobjects (ElaraState *L)
{
  GlobalState *g = G (L);
  GCObject *o;
  /* no more collections, and objects given a finalizer from now on are
  ** not registered */
  g->gcstp = GCSTPCLS;
  if (g->gckind == KGC_GENMINOR)
    gc_whitenall (g);
  g->gckind = KGC_INC;
  g->gcstate = GCScallfin;      /* no barrier marks any more */
  if (completestate (g)) {
    gc_separatetobefnz (g, 1);
    gc_callallpending (L);
  }
  o = g->allgc;
  while (o != obj2gco (g->mainthread)) {
    GCObject *next = o->next;
    gc_freeobj (L, o);
    o = next;
  }
  g->allgc = obj2gco (g->mainthread);
  for (o = g->finobj; o != NULL; ) {
    GCObject *next = o->next;
    gc_freeobj (L, o);
    o = next;
  }
  g->finobj = NULL;
  for (o = g->tobefnz; o != NULL; ) {
    GCObject *next = o->next;
    gc_freeobj (L, o);
    o = next;
  }
  g->tobefnz = NULL;
  for (o = g->fixedgc; o != NULL; ) {
    GCObject *next = o->next;
    gc_freeobj (L, o);
    o = next;
  }
  g->fixedgc = NULL;
}

/* -- Allocation, barriers, accounting -------------------------------------- */

void
el_gc_fix (ElaraState *L, GCObject *o)
{
  GlobalState *g = G (L);
  GCObject **p = &g->allgc;
  while (*p != NULL && *p != o)
    p = &(*p)->next;
  if (*p == NULL)
    return;                     /* already fixed (or not in allgc) */
  if (g->firstold == o)
    g->firstold = o->next;
  *p = o->next;
  set2gray (o);                 /* gray forever: never white, never freed */
  o->next = g->fixedgc;
  g->fixedgc = o;
}

/* Forward barrier: black 'o' now refers to white 'v'.  While marking (and
** between minor collections) 'v' is marked; during a sweep repainting 'o'
** white is enough, as nothing is marked any more in this cycle. */
void
el_gc_barrier_ (ElaraState *L, GCObject *o, GCObject *v)
{
  GlobalState *g = G (L);
  if (keepinvariant (g)) {
    gc_reallymark (g, v);
    if (g->gckind == KGC_GENMINOR)
      setage (v, AGE_OLD0);     /* an old object keeps it: it turns old */
  }
  else {
    el_assert (g->gcstate >= GCSswpallgc);
    makewhite (g, o);
  }
}

/* Backward barrier: black table/userdata 'o' got a white value; it turns
** gray and waits on 'grayagain' (in minor mode: the remembered set). */
void
el_gc_barrierback_ (ElaraState *L, GCObject *o)
{
  GlobalState *g = G (L);
  if (!keepinvariant (g))
    makewhite (g, o);
  else if (getage (o) == AGE_TOUCHED)
    set2gray (o);               /* still on 'grayagain' from the last time */
  else {
    int age = getage (o);
    gc_linkgclist (o, &g->grayagain);
    if (age == AGE_OLD || age == AGE_OLD1)
      setage (o, AGE_TOUCHED);
  }
}

void
el_gc_setdebt (GlobalState *g, ptrdiff_t debt)
{
  ptrdiff_t tb = g->totalbytes + g->GCdebt;
  /* keep totalbytes = tb - debt representable */
  if (debt < tb - PTRDIFF_MAX)
    debt = tb - PTRDIFF_MAX;
  g->totalbytes = tb - debt;
  g->GCdebt = debt;
}

size_t
el_gc_totalbytes (ElaraState *L)
{
  GlobalState *g = G (L);
  return (size_t) (g->totalbytes + g->GCdebt);
}

/* -- collectgarbage ---------------------------------------------------------- */

int
el_gc_control (ElaraState *L, int what, va_list ap)
{
  GlobalState *g = G (L);
  int res = 0;
  if (g->gcstp & (GCSTPGC | GCSTPCLS))
    return -1;                  /* inside a finalizer or closing */
  switch (what) {
    case ELARA_GCSTOP:
      g->gcstp = GCSTPUSR;
      break;
    case ELARA_GCRESTART:
      el_gc_setdebt (g, 0);
      g->gcstp = 0;
      break;
    case ELARA_GCCOLLECT:
      el_gc_fullgc (L, 0);
      break;
    case ELARA_GCCOUNT:
      res = (int) (el_gc_totalbytes (L) >> 10);
      break;
    case ELARA_GCCOUNTB:
      res = (int) (el_gc_totalbytes (L) & 0x3ff);
      break;
    case ELARA_GCSTEP: {
      /* 'n' bytes of allocation are paid in advance; 0 forces one basic
      ** step.  True when the step ended a cycle (a major collection in
      ** generational mode). */
      size_t n = va_arg (ap, size_t);
      uint8_t oldstp = g->gcstp;
      int work = 0;
      int oldkind = g->gckind;
      g->gcstp = 0;             /* a step runs even when stopped */
      if (n == 0 || n > (size_t) (PTRDIFF_MAX / 4)
          || g->GCdebt > PTRDIFF_MAX / 4)
        el_gc_setdebt (g, g->GCdebt > 0 ? g->GCdebt : 1);
      else
        el_gc_setdebt (g, g->GCdebt + (ptrdiff_t) n);
      if (g->GCdebt > 0) {
        el_gc_step (L);
        work = 1;
      }
      if (work && oldkind != KGC_GENMINOR
          && (g->gcstate == GCSpause || g->gckind == KGC_GENMINOR))
        res = 1;
      g->gcstp = oldstp;
      break;
    }
    case ELARA_GCISRUNNING:
      res = (g->gcstp == 0);
      break;
    case ELARA_GCGEN:
      res = (g->gckind == KGC_INC) ? ELARA_GCINC : ELARA_GCGEN;
      gc_changemode (L, KGC_GENMINOR);
      break;
    case ELARA_GCINC:
      res = (g->gckind == KGC_INC) ? ELARA_GCINC : ELARA_GCGEN;
      gc_changemode (L, KGC_INC);
      break;
    case ELARA_GCPARAM: {
      int param = va_arg (ap, int);
      int value = va_arg (ap, int);
      if (param < 0 || param >= ELARA_GCPN)
        return -1;
      res = g->gcparams[param];
      if (value >= 0)
        g->gcparams[param] = value;
      break;
    }
    default:
      res = -1;
      break;
  }
  return res;
}
