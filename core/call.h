/*
** call.h: the call machinery: stack growth, calls and returns, protected
** execution (setjmp/longjmp), errors, coroutines (resume/yield), hooks
** SPDX-License-Identifier: MIT
*/
#ifndef EL_CALL_H
#define EL_CALL_H

#include <setjmp.h>

#include "state.h"
#include "stream.h"

/* One protected level: a chain through L->errorJmp, innermost first. */
struct el_longjmp {
  struct el_longjmp *previous;
  jmp_buf b;
  volatile int status;
};

/* Ensure n free slots (may reallocate: pointers into the stack become
** invalid; save offsets with savestack/restorestack). */
#define el_call_checkstackaux(L, n, pre, pos) \
  if (el_unlikely ((L)->stack_last - (L)->top <= (n))) \
    { pre; el_call_growstack (L, n, 1); pos; }
#define el_call_checkstack(L, n) el_call_checkstackaux (L, n, (void) 0, (void) 0)
#define savestack(L, pt)    (cast (char *, (pt)) - cast (char *, (L)->stack))
#define restorestack(L, n)  cast (StkId, cast (char *, (L)->stack) + (n))
/* Check stack and run a GC step if due. */
#define checkstackGCp(L, n, p) \
  el_call_checkstackaux (L, n, ptrdiff_t t__ = savestack (L, p); \
                         el_gc_checkGC (L), p = restorestack (L, t__))
#define checkstackGC(L, fsize) \
  el_call_checkstackaux (L, (fsize), el_gc_checkGC (L), (void) 0)

/* A protected function for el_call_rawrunprotected/el_call_pcall. */
typedef void (*Pfunc) (ElaraState *L, void *ud);

/* Raise an error: longjmp to the innermost protected call with 'errcode';
** the error object is on the top of the stack. */
EL_FUNC EL_NORET el_call_throw (ElaraState *L, int errcode);
/* Raise 'errcode' at the outermost protected level of L (lua_closethread
** of a running coroutine on itself ends its resume). */
EL_FUNC EL_NORET el_call_throwbaselevel (ElaraState *L, int errcode);
/* Raise ELARA_ERRERR "error in error handling" (stack or C stack exhausted
** while handling an error). */
EL_FUNC EL_NORET el_call_errerr (ElaraState *L);
/* Is there room to run a small function (a finalizer) on L's stacks? */
EL_FUNC int el_call_checkminstack (ElaraState *L);
/* Run f(L, ud) catching errors; returns the status (ELARA_OK or error). */
EL_FUNC int el_call_rawrunprotected (ElaraState *L, Pfunc f, void *ud);
/* Run f protected; on error restores the stack to 'oldtop' (an offset),
** closes upvalues/tbc variables and leaves the error object there. */
EL_FUNC int el_call_pcall (ElaraState *L, Pfunc func, void *u, ptrdiff_t oldtop,
                           ptrdiff_t ef);
/* Put the error object for status 'errcode' at 'oldtop'. */
EL_FUNC void el_call_seterrorobj (ElaraState *L, int errcode, StkId oldtop);

/* Call the function at 'func' with the arguments above it, adjusting to
** 'nresults' results (ELARA_MULTRET = all) left from 'func' upward. */
EL_FUNC void el_call_call (ElaraState *L, StkId func, int nresults);
EL_FUNC void el_call_callnoyield (ElaraState *L, StkId func, int nresults);
/* el_call_callnoyield (L, func, 1), then pop the result (L->top = func)
** and return its truth. */
EL_FUNC int el_call_calltruth (ElaraState *L, StkId func);
/* Prepare a call: for a C function run it and return NULL; for a Lua
** function create the frame and return its CallInfo (the VM runs it).
** Resolves __call chains (at most 15: "'__call' chain too long"). */
EL_FUNC CallInfo *el_call_precall (ElaraState *L, StkId func, int nresults);
/* Call the C function 'f' (the light function or C closure at 'func')
** now, with status bits 'status' for its frame; returns its number of
** results, already moved to 'func' as el_call_poscall does.  The VM's
** entry for library calls: el_call_precall without the dispatch on the
** callee's type. */
EL_FUNC int el_call_precallC (ElaraState *L, StkId func, int nresults,
                              unsigned int status, ElaraCFunction f);
/* Tail call from Lua frame ci; returns -1 for a Lua function (frame reused)
** or the number of results of a C function already run. 'delta' as in the
** vararg adjustment of the caller. */
EL_FUNC int el_call_pretailcall (ElaraState *L, CallInfo *ci, StkId func,
                                 int narg1, int delta);
/* Finish a call: move 'nres' results from top-nres to ci->func. */
EL_FUNC void el_call_poscall (ElaraState *L, CallInfo *ci, int nres);

/* Make ci (the CallInfo after the running one) the running frame, of the
** function at 'func' with stack up to 'top'. */
static inline void
el_call_enterci (ElaraState *L, CallInfo *ci, StkId func, int nresults,
                 unsigned int status, StkId top)
{
  L->ci = ci;
  ci->func = func;
  ci->nresults = nresults;
  ci->callstatus = status;
  ci->top = top;
}

/* The same for a call of the Lua function of prototype p (no extra
** arguments yet; a vararg function adjusts them when it starts) from a
** frame that goes on at 'retpc' (for a Lua caller, its savedpc). */
static inline void
el_call_enterlua (ElaraState *L, CallInfo *ci, StkId func, int nresults,
                  unsigned int status, const Proto *p,
                  const ElCode *retpc)
{
  /* read before the stores (which the compiler must assume may change
  ** 'p'), so that a caller that also reads p->xcode first shares the load */
  const ElCode *code = p->xcode;
  el_call_enterci (L, ci, func, nresults, status, func + 1 + p->maxstacksize);
  ci->u.l.retpc = retpc;
  ci->u.l.savedpc = code;
  ci->u.l.trapextra = 0;  /* trap = nextraargs = 0 */
}

/* A Lua tail call in frame ci: the function at 'func' and its narg1 - 1
** arguments move down to the frame's real function slot (ci->func - delta:
** a vararg frame sits above its copied arguments), missing parameters
** become nil, and ci becomes the callee's frame.  The caller has made room
** for p->maxstacksize - delta more slots. */
static inline void
el_call_tailframe (ElaraState *L, CallInfo *ci, StkId func, int narg1,
                   int delta, const Proto *p)
{
  /* a local: the stores below would make the compiler load ci->func
  ** again at every step */
  StkId dst = ci->func - delta;
  int i;
  ci->func = dst;
  for (i = 0; i < narg1; i++)
    setobjs2s (L, dst + i, func + i);
  for (; narg1 <= p->numparams; narg1++)
    setnilvalue (s2v (dst + narg1));
  ci->top = dst + 1 + p->maxstacksize;
  el_assert (ci->top <= L->stack_last);
  ci->u.l.savedpc = p->xcode;
  ci->u.l.trap = 0;
  /* the frame keeps its own __call count, as the reference does */
  ci->callstatus |= CIST_TAIL;
  L->top = dst + narg1;
}

/* Move the 'nres' values at 'src' down to 'res' (res <= src, or 'src' in
** another thread's stack), adjusted to 'wanted' values (missing ones are
** nil), and set the top just past them: the result move of every return,
** for the call paths and coroutine switches (call.c) and the VM's own
** returns (vm.c). */
static inline void
el_call_moveresultsfrom (ElaraState *L, StkId res, StkId src, int nres,
                         int wanted)
{
  int i;
  if (nres > wanted)
    nres = wanted;
  for (i = 0; i < nres; i++)
    setobjs2s (L, res + i, src + i);
  for (; i < wanted; i++)
    setnilvalue (s2v (res + i));
  L->top = res + wanted;
}
/* -- Fast entries (host->register_fast, elara-plugin.h) --
** The slot where the lookup for f starts: Fibonacci hashing of the
** address, whose low bits alone vary little between functions. */
static inline unsigned int
el_call_fasthash (ElaraCFunction f)
{
  return cast (unsigned int, (cast (uint64_t, cast (uintptr_t, f))
                              * UINT64_C (0x9E3779B97F4A7C15)) >> 57)
         & (EL_FASTN - 1);
}

/* The fast entry of the light C function f, or NULL.  (The table is at
** most half full: the probe ends at f or at an empty slot.) */
static inline ElaraFastFunction
el_call_fastentry (const GlobalState *g, ElaraCFunction f)
{
  unsigned int i = el_call_fasthash (f);
  for (;;) {
    const struct ElFastSlot *s = &g->fast[i];
    if (s->f == f)
      return s->fast;
    if (s->f == NULL)
      return NULL;
    i = (i + 1) & (EL_FASTN - 1);
  }
}

/* The fast entry to use for a call of the light C function at 'func'
** now, or NULL: hooks see every call, so they take the full path. */
static inline ElaraFastFunction
el_call_fastfor (ElaraState *L, StkId func)
{
  if (el_unlikely (L->hookmask))
    return NULL;
  return el_call_fastentry (G (L), fvalue (s2v (func)));
}

/* After a fast entry accepted the call of the function at 'func' with
** n results: adjust them to 'nresults' and check the GC. */
EL_FUNC void el_call_fastresults (ElaraState *L, StkId func, int nresults,
                                  int n);
/* el_call_lcf for a function whose fast entry el_call_fastfor gave. */
EL_FUNC int el_call_lcffast (ElaraState *L, StkId func, int nresults,
                             ElaraFastFunction fast);
/* A call from Lua (OP_CALL, OP_TAILCALL) of the light C function at
** 'func' with the arguments up to L->top, wanting 'nresults' results:
** by its fast entry when it has one that accepts the call and no hook is
** set, else by el_call_precallC.  Returns the number of results, in
** place from 'func' on with L->top past them, as el_call_precallC. */
EL_FUNC int el_call_lcf (ElaraState *L, StkId func, int nresults);

/* Stack management. */
EL_FUNC int el_call_growstack (ElaraState *L, int n, int raiseerror);
EL_FUNC int el_call_reallocstack (ElaraState *L, int newsize, int raiseerror);
EL_FUNC void el_call_shrinkstack (ElaraState *L);
EL_FUNC void el_call_inctop (ElaraState *L);
/* Hooks. */
EL_FUNC void el_call_hook (ElaraState *L, int event, int line, int ftransfer,
                           int ntransfer);
EL_FUNC void el_call_hookcall (ElaraState *L, CallInfo *ci);
/* Load a chunk (text or binary, checked against 'mode' "b", "t", "bt")
** from 'z' protected; pushes the closure or the error message. */
EL_FUNC int el_call_protectedparser (ElaraState *L, Stream *z, const char *name,
                                     const char *mode);
/* Close tbc variables/upvalues >= level in protected mode (after errors). */
EL_FUNC int el_call_closeprotected (ElaraState *L, ptrdiff_t level, int status);
/* Coroutines: lua_resume / lua_yieldk semantics. */
EL_FUNC int el_call_resume (ElaraState *L, ElaraState *from, int nargs,
                            int *nresults);
EL_FUNC int el_call_yield (ElaraState *L, int nresults, ElaraKContext ctx,
                           ElaraKFunction k);

/* Coroutine switches in the VM (call.c explains).  The functions of the
** coroutine library the VM recognises at a call: */
#define EL_COF_RESUME   1   /* coroutine.resume (co, ...) */
#define EL_COF_WRAP     2   /* f (...) with f = coroutine.wrap (body) */
#define EL_COF_YIELD    3   /* coroutine.yield (...) */
/* ... and the instruction calling it: */
#define EL_CO_CALL      0   /* OP_CALL */
#define EL_CO_TFOR      1   /* OP_TFORCALL (one C level, as el_call_call) */
#define EL_CO_TAIL      2   /* OP_TAILCALL (yield only) */

static inline int
el_call_cokind (const GlobalState *g, const TValue *f)
{
  if (ttislcf (f)) {
    ElaraCFunction fn = fvalue (f);
    if (fn == g->coyield)
      return EL_COF_YIELD;
    if (fn == g->coresume)
      return EL_COF_RESUME;
  }
  else if (ttisCclosure (f) && clCvalue (f)->f == g->cowrap)
    return EL_COF_WRAP;
  return 0;
}

/* A loop of coroutine switches (call.c explains; the VM reads 'cur'). */
struct ElCoLoop {
  struct el_longjmp lj;       /* handler of every thread switched to */
  ElaraState *base;           /* the thread whose activation made the loop */
  ElaraState *cur;            /* the thread running now */
};
/* At a call (kind 'kind', instruction 'how') of the function at 'func' with
** the arguments up to L->top, in a VM activation running with 'loop' (NULL
** for none): switch threads when nothing asks for the real call.
** Returns EL_CO_NONE (make the call as usual), EL_CO_SWITCHED (the VM
** goes on with the loop's new current thread from that thread's L->ci)
** or EL_CO_ENDED (without a loop: one was made and ran the rest of
** this activation, which returns 0 as its CIST_FRESH frame has). */
#define EL_CO_NONE      0
#define EL_CO_SWITCHED  1
#define EL_CO_ENDED     2
EL_FUNC int el_call_coswitch (ElaraState *L, struct ElCoLoop *loop,
                              StkId func, int nresults, int kind, int how);
/* A CIST_FRESH frame of L returned in a loop: 1 when it switched as above,
** 0 when L is the loop's base thread (the activation ends). */
EL_FUNC int el_call_cofinish (struct ElCoLoop *loop, ElaraState *L);

#endif /* EL_CALL_H */
