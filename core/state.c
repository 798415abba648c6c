/*
** state.c: creating and closing states, threads, call frames and the C
** call counter, warnings
** SPDX-License-Identifier: MIT
**
** The main thread and the global state live in one block obtained from
** the allocator, so creating a state is one allocation that cannot leave
** half a state behind.  Every later allocation of the construction runs
** protected: a failure frees what exists and el_state_new returns NULL.
*/
#include "config.h"
#include "state.h"

#include <string.h>

#include "call.h"
#include "func.h"
#include "gc.h"
#include "jit.h"
#include "lex.h"
#include "mem.h"
#include "meta.h"
#include "plugin.h"
#include "raise.h"
#include "str.h"
#include "table.h"

typedef struct StateBlock {
  ElaraState l;                 /* first: the main thread is the block */
  GlobalState g;
  ElMemPool pool;               /* g.pool */
} StateBlock;

/* -- Threads: construction ------------------------------------------------- */

/* The host frame: a C frame whose 'function' is the nil in stack[0]. */
static void
st_resetci (ElaraState *L)
{
  CallInfo *ci = L->ci = &L->base_ci;
  ci->func = L->stack;
  setnilvalue (s2v (ci->func));
  ci->top = ci->func + 1 + EL_MINSTACK;
  ci->u.c.k = NULL;
  ci->nresults = 0;
  ci->callstatus = CIST_C;
  L->status = ELARA_OK;
  L->errfunc = 0;
}

static void
st_stackinit (ElaraState *L1, ElaraState *L)
{
  int i;
  L1->stack = el_mem_newvector (L, BASIC_STACK_SIZE + EXTRA_STACK, StackValue);
  L1->tbclist = L1->stack;
  for (i = 0; i < BASIC_STACK_SIZE + EXTRA_STACK; i++)
    setnilvalue (s2v (L1->stack + i));
  L1->stack_last = L1->stack + BASIC_STACK_SIZE;
  st_resetci (L1);
  L1->top = L1->stack + 1;
}

static void
st_freestack (ElaraState *L)
{
  if (L->stack == NULL)
    return;                     /* never built */
  L->ci = &L->base_ci;
  el_state_freeci (L);
  el_assert (L->nci == 0);
  el_mem_freearray (L, L->stack, (size_t) (stacksize (L) + EXTRA_STACK));
  L->stack = NULL;
}

/* Consistent values that need no memory (so nothing here can fail). */
/* Placeholder for the coroutine functions the VM recognises (GlobalState
** coresume/cowrap/coyield) until the coroutine library registers its own:
** never called, and no function a program can reach compares equal. */
static int
st_nocofn (ElaraState *L)
{
  el_unused (L);
  return 0;
}

static void
st_preinit (ElaraState *L, GlobalState *g)
{
  G (L) = g;
  L->stack = NULL;
  L->stack_last = NULL;
  L->top = NULL;
  L->tbclist = NULL;
  L->ci = NULL;
  L->nci = 0;
  L->twups = L;                 /* not in the list of threads with upvalues */
  L->nCcalls = 0;
  L->errorJmp = NULL;
  L->coresumer = NULL;
  L->copending = 0;
  L->hook = NULL;
  L->hookmask = 0;
  L->basehookcount = 0;
  L->hookcount = 0;
  L->allowhook = 1;
  L->openupval = NULL;
  L->gclist = NULL;
  L->status = ELARA_OK;
  L->errfunc = 0;
  L->oldpc = 0;
  L->transferinfo.ftransfer = 0;
  L->transferinfo.ntransfer = 0;
  memset (&L->base_ci, 0, sizeof L->base_ci);
}

/* -- State construction -------------------------------------------------- */

static void
st_initregistry (ElaraState *L, GlobalState *g)
{
  TValue aux;
  Table *registry = el_table_new (L);
  sethvalue (L, &g->l_registry, registry);
  el_table_resize (L, registry, ELARA_RIDX_LAST, 0);
  /* [1] = false: head of luaL_ref's free list */
  setbfvalue (&aux);
  el_table_setint (L, registry, 1, &aux);
  setthvalue (L, &aux, L);
  el_table_setint (L, registry, ELARA_RIDX_MAINTHREAD, &aux);
  sethvalue (L, &aux, el_table_new (L));
  el_table_setint (L, registry, ELARA_RIDX_GLOBALS, &aux);
}

/* The parts of construction that allocate (run protected). */
static void
st_open (ElaraState *L, void *ud)
{
  GlobalState *g = G (L);
  el_unused (ud);
  st_stackinit (L, L);
  st_initregistry (L, g);
  el_str_init (L);
  el_meta_init (L);
  el_lex_init (L);
  g->gcstp = 0;                 /* the collector may run from now on */
  setnilvalue (&g->nilvalue);   /* the state is complete */
#if !EL_GC_STRESS
  /* first collection when the memory in use doubles */
  el_gc_setdebt (g, -(ptrdiff_t) el_gc_totalbytes (L));
#endif
}

static void
st_close (ElaraState *L)
{
  GlobalState *g = G (L);
  if (!completestate (g))
    el_gc_freeallobjects (L);   /* partial state: no finalizers exist */
  else {
    st_resetci (L);
    el_call_closeprotected (L, savestack (L, L->stack + 1), ELARA_OK);
    L->top = L->stack + 1;      /* empty stack for the finalizers */
    el_gc_freeallobjects (L);
  }
  el_mem_freearray (L, g->strt.hash, (size_t) g->strt.size);
  g->strt.hash = NULL;
  st_freestack (L);
  el_jit_close (g);
  /* plugin code may run in finalizers and JIT shutdown: release last */
  if (g->plugins != NULL)
    el_plugin_release (g);
  el_mem_freepool (g);          /* no block is live any more */
  (*g->frealloc) (g->ud, L, sizeof (StateBlock), 0);
}

ElaraState *
el_state_new (ElaraAlloc f, void *ud, unsigned int seed)
{
  StateBlock *b;
  ElaraState *L;
  GlobalState *g;
  b = (StateBlock *) (*f) (ud, NULL, ELARA_TTHREAD, sizeof (StateBlock));
  if (b == NULL)
    return NULL;
  memset (b, 0, sizeof *b);
  L = &b->l;
  g = &b->g;
  L->tt = EL_VTHREAD;
  g->currentwhite = bitmask (WHITE0BIT);
  L->marked = el_gc_white (g);
  st_preinit (L, g);
  g->allgc = obj2gco (L);       /* the only object so far */
  L->next = NULL;
  incnny (L);                   /* the main thread never yields */
  g->frealloc = f;
  g->ud = ud;
  g->warnf = NULL;
  g->ud_warn = NULL;
  g->seed = seed;
  g->gcstp = GCSTPGC;           /* no collection while building */
  g->strt.size = g->strt.nuse = 0;
  g->strt.hash = NULL;
  setnilvalue (&g->l_registry);
  g->panic = NULL;
  g->gcstate = GCSpause;
  g->gckind = KGC_INC;
  g->gcstopem = 0;
  g->gcemergency = 0;
  g->finobj = g->tobefnz = g->fixedgc = NULL;
  g->sweepgc = NULL;
  g->gray = g->grayagain = NULL;
  g->weak = g->ephemeron = g->allweak = NULL;
  g->twups = NULL;
  g->totalbytes = (ptrdiff_t) sizeof (StateBlock);
  g->GCdebt = 0;
  g->GCestimate = 0;
  g->memlimit = 0;
  g->mainthread = L;
  g->memerrmsg = NULL;
  g->plugins = NULL;
  g->jit = NULL;
  g->embed = NULL;
  g->coresume = g->cowrap = g->coyield = st_nocofn;
  g->pool = &b->pool;           /* zeroed above: empty */
  g->firstold = NULL;
  g->GCmajorbase = g->GCatomictotal = g->GCmarked = 0;
  g->GCaddedold = 0;
  setivalue (&g->nilvalue, 0);  /* "not yet complete" */
  /* collectgarbage("param") defaults (user units) */
  g->gcparams[ELARA_GCPMINORMUL] = 20;
  g->gcparams[ELARA_GCPMAJORMINOR] = 50;
  g->gcparams[ELARA_GCPMINORMAJOR] = 70;
  g->gcparams[ELARA_GCPPAUSE] = 250;      /* Lua 5.5 defaults */
  g->gcparams[ELARA_GCPSTEPMUL] = 200;
  g->gcparams[ELARA_GCPSTEPSIZE] = 9600;  /* the reference: 200 of its tables */
  for (int i = 0; i < ELARA_NUMTYPES; i++)
    g->mt[i] = NULL;
  for (int i = 0; i < TM_N; i++)
    g->tmname[i] = NULL;
  g->mfname_tostring = g->mfname_name = NULL;
  if (el_call_rawrunprotected (L, st_open, NULL) != ELARA_OK) {
    st_close (L);
    L = NULL;
  }
  return L;
}

void
el_state_close (ElaraState *L)
{
  st_close (G (L)->mainthread);
}

/* -- Coroutines -------------------------------------------------------------- */

ElaraState *
el_state_newthread (ElaraState *L)
{
  GlobalState *g = G (L);
  ElaraState *L1;
  el_gc_checkGC (L);
  GCObject *o = el_gc_newobj (L, EL_VTHREAD, sizeof (ElaraState));
  L1 = gco2th (o);
  /* anchor it before the stack allocation can run a collection */
  setthvalue (L, s2v (L->top), L1);
  L->top++;
  st_preinit (L1, g);
  L1->hookmask = L->hookmask;
  L1->basehookcount = L->basehookcount;
  L1->hook = L->hook;
  L1->hookcount = L1->basehookcount;
  st_stackinit (L1, L);
  return L1;
}

void
el_state_freethread (ElaraState *L, ElaraState *L1)
{
  if (L1->stack != NULL)
    el_func_closeupval (L1, L1->stack);
  el_assert (L1->openupval == NULL);
  st_freestack (L1);
  el_mem_free (L, L1, sizeof (ElaraState));
}

int
el_state_resetthread (ElaraState *L, int status)
{
  st_resetci (L);
  if (status == ELARA_YIELD)
    status = ELARA_OK;
  status = el_call_closeprotected (L, savestack (L, L->stack + 1), status);
  if (status != ELARA_OK)
    el_call_seterrorobj (L, status, L->stack + 1);
  else
    L->top = L->stack + 1;
  el_call_reallocstack (L, cast_int (L->ci->top - L->stack), 0);
  return status;
}

/* -- Call frames ------------------------------------------------------------- */

CallInfo *
el_state_extendci (ElaraState *L)
{
  CallInfo *ci;
  el_assert (L->ci->next == NULL);
  ci = el_mem_new (L, CallInfo);
  el_assert (L->ci->next == NULL);
  L->ci->next = ci;
  ci->previous = L->ci;
  ci->next = NULL;
  ci->u.l.trap = 0;
  L->nci++;
  return ci;
}

void
el_state_freeci (ElaraState *L)
{
  CallInfo *ci = L->ci;
  CallInfo *next = ci->next;
  ci->next = NULL;
  while ((ci = next) != NULL) {
    next = ci->next;
    el_mem_free (L, ci, sizeof (CallInfo));
    L->nci--;
  }
}

/* Free every other unused CallInfo: halves the list, cheaply. */
void
el_state_shrinkci (ElaraState *L)
{
  CallInfo *ci = L->ci->next;
  CallInfo *next;
  if (ci == NULL)
    return;
  while ((next = ci->next) != NULL) {
    CallInfo *next2 = next->next;
    ci->next = next2;
    L->nci--;
    el_mem_free (L, next, sizeof (CallInfo));
    if (next2 == NULL)
      break;
    next2->previous = ci;
    ci = next2;
  }
}

/* -- The C stack ---------------------------------------------------------- */

/* Called when getCcalls(L) reaches EL_MAXCCALLS: exactly at the limit it
** is a "C stack overflow"; above it the error is being handled (message
** handlers, __close) and gets some room, until 10% more means the
** handling itself overflows. */
void
el_state_checkcstack (ElaraState *L)
{
  if (getCcalls (L) == EL_MAXCCALLS)
    el_raise_error (L, EL_ERR_CSTACKOV);
  else if (getCcalls (L) >= (EL_MAXCCALLS / 10 * 11)) {
    TString *msg = el_str_new (L, el_errmsg_text[EL_ERR_ERRERR]);
    setsvalue (L, s2v (L->top), msg);
    L->top++;                   /* EXTRA_STACK has room */
    el_call_throw (L, ELARA_ERRERR);
  }
}

void
el_state_incCstack (ElaraState *L)
{
  L->nCcalls++;
  if (el_unlikely (getCcalls (L) >= EL_MAXCCALLS))
    el_state_checkcstack (L);
}

/* -- Warnings ---------------------------------------------------------------- */

void
el_state_warning (ElaraState *L, const char *msg, int tocont)
{
  ElaraWarnFunction wf = G (L)->warnf;
  if (wf != NULL)
    wf (G (L)->ud_warn, msg, tocont);
}

/* "error in <where> (<message>)" from the error object on the top. */
void
el_state_warnerror (ElaraState *L, const char *where)
{
  TValue *errobj = s2v (L->top - 1);
  const char *msg = ttisstring (errobj) ? svalue (errobj)
                                        : "error object is not a string";
  el_state_warning (L, "error in ", 1);
  el_state_warning (L, where, 1);
  el_state_warning (L, " (", 1);
  el_state_warning (L, msg, 1);
  el_state_warning (L, ")", 0);
}

/* -- Registry ---------------------------------------------------------------- */

Table *
el_state_registry (ElaraState *L)
{
  return hvalue (&G (L)->l_registry);
}

void
el_state_getglobals (ElaraState *L, TValue *out)
{
  if (tagisempty (el_table_getint (el_state_registry (L), ELARA_RIDX_GLOBALS,
                                   out)))
    setnilvalue (out);
}
