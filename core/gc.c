/*
** gc.c: the garbage collector (stop-the-world mark and sweep)
** SPDX-License-Identifier: MIT
**
** A collection runs to completion in one call: mark everything reachable
** from the roots, settle weak tables and finalizers, sweep, then (unless it
** is an emergency collection) call the pending finalizers.  It uses the
** tri-colour encoding of gc.h so an incremental collector can replace it:
**
**  - outside a collection every live object is white (current white),
**    except fixed objects, which stay gray forever;
**  - during marking, white = not reached yet, gray = reached with children
**    still to visit (on g->gray), black = done;
**  - the sweep frees objects of the old white and paints the survivors
**    with the new one.  No object is black between collections, which
**    keeps the barriers of gc.h inert for now.
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
#define GC_STOPPEDDEBT  ((ptrdiff_t) 64 * 1024)

/* -- Colours ----------------------------------------------------------------- */

#define maskcolors      (WHITEBITS | bitmask (BLACKBIT))
#define set2gray(o)     ((o)->marked &= cast_byte (~maskcolors))
#define set2black(o) \
  ((o)->marked = cast_byte (((o)->marked & ~WHITEBITS) | bitmask (BLACKBIT)))
#define makewhite(g, o) \
  ((o)->marked = cast_byte (((o)->marked & ~maskcolors) | el_gc_white (g)))

#define gcvalueN(v)     (iscollectable (v) ? gcvalue (v) : NULL)
#define valiswhite(v)   (iscollectable (v) && iswhite (gcvalue (v)))

static void gc_reallymark (GlobalState *g, GCObject *o);

#define gc_markvalue(g, v) \
  { if (valiswhite (v)) gc_reallymark (g, gcvalue (v)); }
#define gc_markobject(g, o) \
  { if (iswhite (o)) gc_reallymark (g, obj2gco (o)); }
#define gc_markobjectN(g, o) \
  { if ((o) != NULL && iswhite (o)) gc_reallymark (g, obj2gco (o)); }
#define gc_markkey(g, n) \
  { if (keyiscollectable (n) && iswhite (gckey (n))) \
      gc_reallymark (g, gckey (n)); }

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

static inline void
gc_linkgclist (GCObject *o, GCObject **list)
{
  *gc_getgclist (o) = *list;
  *list = o;
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
  switch (o->tt) {
    case EL_VSHRSTR:
    case EL_VLNGSTR:
      set2black (o);
      break;
    case EL_VUPVAL: {
      /* open or closed, 'v' is where the value lives; marking it here
      ** also covers upvalues of threads that are themselves dead */
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
      set2gray (o);
      gc_linkgclist (o, &g->gray);
      break;
  }
}

static void
gc_traversestrongtable (GlobalState *g, Table *h)
{
  unsigned int i;
  unsigned int nsize = sizenode (h);
  for (i = 0; i < h->asize; i++)
    gc_markvalue (g, &h->array[i]);
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

/* Weak values: keys are strong; all values wait for the clearing. */
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
  gc_linkgclist (obj2gco (h), &g->weak);
}

/* Weak keys (ephemeron): a value is reachable through the table only if
** its key is reachable by other means.  Returns whether it marked
** anything; the table goes to 'ephemeron' while some entry has a white key
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
  for (i = 0; i < h->asize; i++) {
    if (valiswhite (&h->array[i])) {
      marked = 1;
      gc_reallymark (g, gcvalue (&h->array[i]));
    }
  }
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
  if (hasww)
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

static void
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
}

static void
gc_traverseudata (GlobalState *g, Udata *u)
{
  int i;
  gc_markobjectN (g, u->metatable);
  for (i = 0; i < u->nuvalue; i++)
    gc_markvalue (g, &u->uv[i]);
}

/* Protos are traversed while the parser still fills them: entries past
** the used part are NULL or nil (the parser's invariant), hence the N
** variants. */
static void
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
}

static void
gc_traverseLclosure (GlobalState *g, LClosure *cl)
{
  int i;
  gc_markobjectN (g, cl->p);
  for (i = 0; i < cl->nupvalues; i++)
    gc_markobjectN (g, cl->upvals[i]);
}

static void
gc_traverseCclosure (GlobalState *g, CClosure *cl)
{
  int i;
  for (i = 0; i < cl->nupvalues; i++)
    gc_markvalue (g, &cl->upvalue[i]);
}

/* The live part of a stack is [stack, top); the rest is cleared so stale
** values there cannot keep objects alive in a later collection. */
static void
gc_traversethread (GlobalState *g, ElaraState *th)
{
  StkId o = th->stack;
  UpVal *uv;
  if (o == NULL)
    return;                     /* stack not built yet */
  for (; o < th->top; o++)
    gc_markvalue (g, s2v (o));
  for (uv = th->openupval; uv != NULL; uv = uv->u.open.next)
    gc_markobject (g, uv);
  for (; o < th->stack_last + EXTRA_STACK; o++)
    setnilvalue (s2v (o));
  if (!isintwups (th) && th->openupval != NULL) {
    th->twups = g->twups;
    g->twups = th;
  }
}

static void
gc_propagatemark (GlobalState *g)
{
  GCObject *o = g->gray;
  g->gray = *gc_getgclist (o);
  set2black (o);
  switch (o->tt) {
    case EL_VTABLE: gc_traversetable (g, gco2t (o)); break;
    case EL_VUSERDATA: gc_traverseudata (g, gco2u (o)); break;
    case EL_VLCL: gc_traverseLclosure (g, gco2lcl (o)); break;
    case EL_VCCL: gc_traverseCclosure (g, gco2ccl (o)); break;
    case EL_VPROTO: gc_traverseproto (g, gco2p (o)); break;
    case EL_VTHREAD: gc_traversethread (g, gco2th (o)); break;
    default: el_assert (0); break;
  }
}

static void
gc_propagateall (GlobalState *g)
{
  while (g->gray != NULL)
    gc_propagatemark (g);
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
      next = h->gclist;
      if (gc_traverseephemeron (g, h)) {
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
  g->gray = g->grayagain = NULL;
  g->weak = g->allweak = g->ephemeron = NULL;
  gc_markobject (g, g->mainthread);
  gc_markvalue (g, &g->l_registry);
  for (i = 0; i < ELARA_NUMTYPES; i++)
    gc_markobjectN (g, g->mt[i]);
  /* objects still waiting for their finalizer from a previous cycle */
  gc_markbeingfnz (g);
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
    for (i = 0; i < h->asize; i++) {
      TValue *o = &h->array[i];
      if (gc_iscleared (g, gcvalueN (o)))
        setempty (o);
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

/* Drop from 'twups' the threads that die or no longer have open
** upvalues (the list is only a hint for the collector). */
static void
gc_cleantwups (GlobalState *g)
{
  ElaraState **p = &g->twups;
  ElaraState *th;
  while ((th = *p) != NULL) {
    if (!iswhite (th) && th->openupval != NULL)
      p = &th->twups;
    else {
      *p = th->twups;
      th->twups = th;
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
  *p = o->next;
  o->next = g->finobj;
  g->finobj = o;
  o->marked |= bitmask (FINALIZEDBIT);
}

/* -- Freeing and sweeping --------------------------------------------------- */

static void
gc_freeobj (ElaraState *L, GCObject *o)
{
  switch (o->tt) {
    case EL_VPROTO: {
      Proto *p = gco2p (o);
      el_jit_release (G (L), p);
      el_func_freeproto (L, p);
      break;
    }
    case EL_VUPVAL:
      el_func_freeupval (L, gco2upv (o));
      break;
    case EL_VLCL: {
      LClosure *cl = gco2lcl (o);
      el_mem_free (L, cl, sizeLclosure (cl->nupvalues));
      break;
    }
    case EL_VCCL: {
      CClosure *cl = gco2ccl (o);
      el_mem_free (L, cl, sizeCclosure (cl->nupvalues));
      break;
    }
    case EL_VTABLE:
      el_table_free (L, gco2t (o));
      break;
    case EL_VTHREAD:
      el_state_freethread (L, gco2th (o));
      break;
    case EL_VUSERDATA: {
      Udata *u = gco2u (o);
      el_mem_free (L, o, sizeudata (u->nuvalue, u->len));
      break;
    }
    case EL_VSHRSTR:
    case EL_VLNGSTR:
      el_str_free (L, gco2ts (o));
      break;
    default:
      el_assert (0);
      break;
  }
}

/* Free the objects of the old white in list *p; repaint the others. */
static void
gc_sweeplist (ElaraState *L, GCObject **p)
{
  GlobalState *g = G (L);
  int ow = otherwhite (g);
  int white = el_gc_white (g);
  GCObject *curr;
  while ((curr = *p) != NULL) {
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
}

/* -- A collection --------------------------------------------------------- */

static void
gc_mark (GlobalState *g)
{
  GCObject *origweak, *origall;
  g->gcstate = GCSmark;
  gc_markroots (g);
  gc_propagateall (g);
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
  gc_propagateall (g);
  gc_convergeephemerons (g);
  gc_clearbykeys (g, g->ephemeron);
  gc_clearbykeys (g, g->allweak);
  /* weak tables reached only through resurrected objects */
  gc_clearbyvalues (g, g->weak, origweak);
  gc_clearbyvalues (g, g->allweak, origall);
  gc_cleantwups (g);
  g->gray = g->grayagain = NULL;
  g->weak = g->allweak = g->ephemeron = NULL;
  g->currentwhite = cast_byte (otherwhite (g));
}

static void
gc_sweep (ElaraState *L)
{
  GlobalState *g = G (L);
  g->gcstate = GCSsweep;
  gc_sweeplist (L, &g->allgc);
  gc_sweeplist (L, &g->finobj);
  gc_sweeplist (L, &g->tobefnz);
}

/* Next collection when the bytes in use reach pause% of the live bytes. */
static void
gc_setpause (GlobalState *g)
{
  ptrdiff_t live = g->totalbytes + g->GCdebt;
  int pause = g->gcparams[ELARA_GCPPAUSE];
  double threshold = (double) live * (double) pause / 100.0;
  ptrdiff_t debt;
  g->GCestimate = (size_t) live;
  if (threshold > (double) (PTRDIFF_MAX / 2))
    threshold = (double) (PTRDIFF_MAX / 2);
  debt = live - (ptrdiff_t) threshold;
  if (debt > 0)
    debt = 0;
#if EL_GC_STRESS
  debt = 1;                     /* collect at every check point */
#endif
  el_gc_setdebt (g, debt);
}

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
  setgcovalue (L, &v, o);
  tm = el_meta_gettmbyobj (L, &v, TM_GC);
  if (!ttisnil (tm)) {
    uint8_t oldah = L->allowhook;
    uint8_t oldstp = g->gcstp;
    int status;
    g->gcstp |= GCSTPGC;        /* no collection inside a finalizer */
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
  g->gcstate = GCScallfin;
  while (g->tobefnz != NULL)
    gc_callfinalizer (L);
  g->gcstate = GCSpause;
}

void
el_gc_fullgc (ElaraState *L, int isemergency)
{
  GlobalState *g = G (L);
  if (g->gcstopem || (g->gcstp & GCSTPCLS) || !completestate (g))
    return;                     /* collecting already, or closing/building */
  g->gcemergency = cast_byte (isemergency);
  g->gcstopem = 1;
  gc_mark (g);
  gc_sweep (L);
  g->gcstate = GCSpause;
  if (!isemergency)
    el_str_checkshrink (L);
  g->gcstopem = 0;
  g->gcemergency = 0;
  gc_setpause (g);
  if (!isemergency)
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
  el_gc_fullgc (L, 0);
}

void
el_gc_freeallobjects (ElaraState *L)
{
  GlobalState *g = G (L);
  GCObject *o;
  /* no more collections, and objects given a finalizer from now on are
  ** not registered */
  g->gcstp = GCSTPCLS;
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

GCObject *
el_gc_newobj (ElaraState *L, int tt, size_t sz)
{
  GlobalState *g = G (L);
  GCObject *o = cast (GCObject *, el_mem_malloc (L, sz));
  o->marked = el_gc_white (g);
  o->tt = cast_byte (tt);
  o->next = g->allgc;
  g->allgc = o;
  return o;
}

void
el_gc_fix (ElaraState *L, GCObject *o)
{
  GlobalState *g = G (L);
  GCObject **p = &g->allgc;
  while (*p != NULL && *p != o)
    p = &(*p)->next;
  if (*p == NULL)
    return;                     /* already fixed (or not in allgc) */
  *p = o->next;
  set2gray (o);                 /* gray forever: never white, never freed */
  o->next = g->fixedgc;
  g->fixedgc = o;
}

/* Forward barrier: black 'o' now refers to white 'v'.  While marking, mark
** 'v'; otherwise the collector is idle and repainting 'o' white is enough
** (nothing may stay black outside a collection). */
void
el_gc_barrier_ (ElaraState *L, GCObject *o, GCObject *v)
{
  GlobalState *g = G (L);
  if (g->gcstate == GCSmark)
    gc_reallymark (g, v);
  else
    makewhite (g, o);
}

void
el_gc_barrierback_ (ElaraState *L, GCObject *o)
{
  GlobalState *g = G (L);
  if (g->gcstate == GCSmark) {
    set2gray (o);
    gc_linkgclist (o, &g->gray);
  }
  else
    makewhite (g, o);
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
      /* 'n' bytes of allocation are paid in advance; 0 forces a step.
      ** Every step that runs is a whole cycle here. */
      size_t n = va_arg (ap, size_t);
      uint8_t oldstp = g->gcstp;
      g->gcstp = 0;             /* a step runs even when stopped */
      if (n == 0 || n > (size_t) (PTRDIFF_MAX / 2)
          || g->GCdebt > PTRDIFF_MAX / 2)
        el_gc_setdebt (g, 1);
      else
        el_gc_setdebt (g, g->GCdebt + (ptrdiff_t) n);
      if (g->GCdebt > 0) {
        el_gc_fullgc (L, 0);
        res = 1;
      }
      g->gcstp = oldstp;
      break;
    }
    case ELARA_GCISRUNNING:
      res = (g->gcstp == 0);
      break;
    case ELARA_GCGEN:
      res = (g->gckind == KGC_INC) ? ELARA_GCINC : ELARA_GCGEN;
      g->gckind = KGC_GENMINOR;
      break;
    case ELARA_GCINC:
      res = (g->gckind == KGC_INC) ? ELARA_GCINC : ELARA_GCGEN;
      g->gckind = KGC_INC;
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
