/*
** call.c: the call machinery: protected execution and error unwinding,
** stack growth, call frames (precall/poscall, tail calls), hooks, the
** protected loader and coroutines (resume/yield with continuations)
** SPDX-License-Identifier: MIT
**
** Errors are longjmps to the innermost el_longjmp of the thread.  A yield
** is also a longjmp (status ELARA_YIELD) to the resume that started the
** coroutine; the interrupted C frames are finished later through their
** continuations (finishCcall) and interrupted Lua instructions through
** el_vm_finishOp, so nothing of the C stack has to survive the yield.
*/
#include "config.h"
#include "call.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"
#include "dump.h"
#include "func.h"
#include "gc.h"
#include "mem.h"
#include "meta.h"
#include "opcodes.h"
#include "parse.h"
#include "raise.h"
#include "state.h"
#include "str.h"
#include "undump.h"
#include "vm.h"

#define errorstatus(s)  ((s) > ELARA_YIELD)

/* -- Error recovery ----------------------------------------------------- */

/* _setjmp/_longjmp do not save the signal mask: cheaper, and Lua errors
** never change it. */
#define EL_THROW(c)         _longjmp ((c)->b, 1)
#define EL_TRY(c, f, L, ud) if (_setjmp ((c)->b) == 0) (f) (L, ud)

void
el_call_seterrorobj (ElaraState *L, int errcode, StkId oldtop)
{
  switch (errcode) {
    case ELARA_ERRMEM:
      /* pre-built: creating a string now could fail again */
      setsvalue (L, s2v (oldtop), G (L)->memerrmsg);
      break;
    case ELARA_ERRERR:
      setsvalue (L, s2v (oldtop),
                 el_str_new (L, el_errmsg_text[EL_ERR_ERRERR]));
      break;
    case ELARA_OK:
      /* closing after a normal end (coroutine close): no error value */
      setnilvalue (s2v (oldtop));
      break;
    default:
      el_assert (errorstatus (errcode));
      /* 5.5: a nil error value propagates as a message (the message
      ** handler, if any, already saw the nil) */
      if (ttisnil (s2v (L->top - 1))) {
        setsvalue (L, s2v (oldtop),
                   el_str_new (L, el_errmsg_text[EL_ERR_NOERROBJ]));
      }
      else {
        setobjs2s (L, oldtop, L->top - 1);
      }
      break;
  }
  L->top = oldtop + 1;
}

EL_NORET
el_call_throw (ElaraState *L, int errcode)
{
  if (L->errorJmp != NULL) {
    L->errorJmp->status = errcode;
    EL_THROW (L->errorJmp);
  }
  else {
    /* no handler in this thread: kill it and pass the error to the main
    ** thread when that one is running protected, else panic */
    GlobalState *g = G (L);
    ElaraState *mainth = g->mainthread;
    errcode = el_state_resetthread (L, errcode);
    L->status = cast_byte (errcode);
    if (mainth != L && mainth->errorJmp != NULL) {
      setobjs2s (L, mainth->top, L->top - 1);
      mainth->top++;
      el_call_throw (mainth, errcode);
    }
    if (g->panic != NULL)
      g->panic (L);  /* last chance to jump out */
    abort ();
  }
}

EL_NORET
el_call_throwbaselevel (ElaraState *L, int errcode)
{
  if (L->errorJmp != NULL) {
    while (L->errorJmp->previous != NULL)
      L->errorJmp = L->errorJmp->previous;
  }
  el_call_throw (L, errcode);
}

int
el_call_rawrunprotected (ElaraState *L, Pfunc f, void *ud)
{
  uint32_t oldnCcalls = L->nCcalls;
  struct el_longjmp lj;
  lj.status = ELARA_OK;
  lj.previous = L->errorJmp;
  L->errorJmp = &lj;
  EL_TRY (&lj, f, L, ud);
  L->errorJmp = lj.previous;
  L->nCcalls = oldnCcalls;
  return lj.status;
}

/* -- Stack -------------------------------------------------------------- */

/* Slots kept beyond EL_MAXSTACK so that a "stack overflow" error can still
** run its message handler. */
#define STACKERRSPACE   200
#define ERRORSTACKSIZE  (EL_MAXSTACK + STACKERRSPACE)

EL_NORET
el_call_errerr (ElaraState *L)
{
  TString *msg = el_str_new (L, el_errmsg_text[EL_ERR_ERRERR]);
  setsvalue (L, s2v (L->top), msg);
  L->top++;  /* EXTRA_STACK */
  el_call_throw (L, ELARA_ERRERR);
}

int
el_call_checkminstack (ElaraState *L)
{
  return stacksize (L) < EL_MAXSTACK - BASIC_STACK_SIZE
         && getCcalls (L) < EL_MAXCCALLS - 2;
}

/* Move every pointer into the old stack to the same slot of the new one.
** The old block is still allocated, so this is plain pointer arithmetic
** between live objects. */
static void
call_correctstack (ElaraState *L, StkId oldstack, StkId newstack)
{
  CallInfo *ci;
  UpVal *up;
  L->top = newstack + (L->top - oldstack);
  L->tbclist = newstack + (L->tbclist - oldstack);
  for (up = L->openupval; up != NULL; up = up->u.open.next)
    up->v = s2v (newstack + (uplevel (up) - oldstack));
  for (ci = L->ci; ci != NULL; ci = ci->previous) {
    ci->top = newstack + (ci->top - oldstack);
    ci->func = newstack + (ci->func - oldstack);
    if (isLua (ci))
      ci->u.l.trap = 1;  /* the VM must reload 'base' */
  }
}

int
el_call_reallocstack (ElaraState *L, int newsize, int raiseerror)
{
  int oldsize = stacksize (L);
  int ncopy = (oldsize < newsize ? oldsize : newsize) + EXTRA_STACK;
  int i;
  StkId oldstack = L->stack;
  StkId newstack;
  uint8_t oldgcstop = G (L)->gcstopem;
  el_assert (newsize <= EL_MAXSTACK || newsize == ERRORSTACKSIZE);
  /* no emergency collection here: it could shrink this very stack */
  G (L)->gcstopem = 1;
  newstack = el_mem_saferealloc (L, NULL, 0, cast_sizet (newsize + EXTRA_STACK)
                                               * sizeof (StackValue));
  G (L)->gcstopem = oldgcstop;
  if (el_unlikely (newstack == NULL)) {
    if (raiseerror)
      el_mem_error (L);
    return 0;
  }
  memcpy (newstack, oldstack, cast_sizet (ncopy) * sizeof (StackValue));
  for (i = ncopy; i < newsize + EXTRA_STACK; i++)
    setnilvalue (s2v (newstack + i));
  call_correctstack (L, oldstack, newstack);
  L->stack = newstack;
  L->stack_last = newstack + newsize;
  el_mem_free (L, oldstack, cast_sizet (oldsize + EXTRA_STACK)
                            * sizeof (StackValue));
  return 1;
}

int
el_call_growstack (ElaraState *L, int n, int raiseerror)
{
  int size = stacksize (L);
  if (el_unlikely (size > EL_MAXSTACK)) {
    /* already using the error space: an error while handling the
    ** overflow */
    el_assert (size == ERRORSTACKSIZE);
    if (raiseerror)
      el_call_errerr (L);
    return 0;
  }
  else if (n < EL_MAXSTACK) {
    int newsize = size + (size >> 1);
    int needed = cast_int (L->top - L->stack) + n;
    if (newsize > EL_MAXSTACK)
      newsize = EL_MAXSTACK;
    if (newsize < needed)
      newsize = needed;
    if (el_likely (newsize <= EL_MAXSTACK))
      return el_call_reallocstack (L, newsize, raiseerror);
  }
  /* overflow: grow into the error space so the error can be handled */
  el_call_reallocstack (L, ERRORSTACKSIZE, raiseerror);
  if (raiseerror)
    el_raise_error (L, EL_ERR_STACKOV);
  return 0;
}

/* Highest slot used by any frame, at least EL_MINSTACK. */
static int
call_stackinuse (ElaraState *L)
{
  CallInfo *ci;
  int res;
  StkId lim = L->top;
  for (ci = L->ci; ci != NULL; ci = ci->previous) {
    if (lim < ci->top)
      lim = ci->top;
  }
  el_assert (lim <= L->stack_last + EXTRA_STACK);
  res = cast_int (lim - L->stack) + 1;
  if (res < EL_MINSTACK)
    res = EL_MINSTACK;
  return res;
}

/* Shrink a stack using less than a third of its size to twice its use.
** A stack in the error space that is no longer needed goes back to a
** regular size. */
void
el_call_shrinkstack (ElaraState *L)
{
  int inuse = call_stackinuse (L);
  int max = (inuse > EL_MAXSTACK / 3) ? EL_MAXSTACK : inuse * 3;
  if (inuse <= EL_MAXSTACK && stacksize (L) > max) {
    int nsize = (inuse > EL_MAXSTACK / 2) ? EL_MAXSTACK : inuse * 2;
    el_call_reallocstack (L, nsize, 0);  /* failure is harmless */
  }
  el_state_shrinkci (L);
}

void
el_call_inctop (ElaraState *L)
{
  L->top++;
  el_call_checkstack (L, 1);
}

/* -- Hooks -------------------------------------------------------------- */

void
el_call_hook (ElaraState *L, int event, int line, int ftransfer,
              int ntransfer)
{
  ElaraHook hook = L->hook;
  if (hook != NULL && L->allowhook) {
    CallInfo *ci = L->ci;
    ptrdiff_t top = savestack (L, L->top);
    ptrdiff_t ci_top = savestack (L, ci->top);
    ElaraDebug ar;
    memset (&ar, 0, sizeof ar);
    ar.event = event;
    ar.currentline = line;
    ar.i_ci = ci;
    L->transferinfo.ftransfer = ftransfer;
    L->transferinfo.ntransfer = ntransfer;
    if (isLua (ci) && L->top < ci->top)
      L->top = ci->top;  /* the whole frame stays alive during the hook */
    el_call_checkstack (L, EL_MINSTACK);
    if (ci->top < L->top + EL_MINSTACK)
      ci->top = L->top + EL_MINSTACK;
    L->allowhook = 0;  /* no hooks inside a hook */
    ci->callstatus |= CIST_HOOKED;
    hook (L, &ar);
    el_assert (!L->allowhook);
    L->allowhook = 1;
    ci->top = restorestack (L, ci_top);
    L->top = restorestack (L, top);
    ci->callstatus &= ~CIST_HOOKED;
  }
}

void
el_call_hookcall (ElaraState *L, CallInfo *ci)
{
  L->oldpc = 0;  /* a new function: any line counts as new */
  if (L->hookmask & ELARA_MASKCALL) {
    int event = (ci->callstatus & CIST_TAIL) ? ELARA_HOOKTAILCALL
                                             : ELARA_HOOKCALL;
    Proto *p = ci_func (ci)->p;
    /* hooks expect 'pc' already incremented */
    ci->u.l.savedpc++;
    el_call_hook (L, event, -1, 1, p->numparams);
    ci->u.l.savedpc--;
  }
}

/* Return hook; also resets 'oldpc' of the caller for the line hook. */
static void
call_rethook (ElaraState *L, CallInfo *ci, int nres)
{
  if (L->hookmask & ELARA_MASKRET) {
    StkId firstres = L->top - nres;
    int delta = 0;
    int ftransfer;
    if (isLua (ci)) {
      Proto *p = ci_func (ci)->p;
      if (p->flag & PF_VAHID)
        delta = ci->u.l.nextraargs + p->numparams + 1;
    }
    ci->func += delta;  /* virtual 'func' of a vararg frame */
    ftransfer = cast_int (firstres - ci->func);
    el_call_hook (L, ELARA_HOOKRET, -1, ftransfer, nres);
    ci->func -= delta;
  }
  if (isLua (ci = ci->previous))
    L->oldpc = pcRel (ci->u.l.savedpc, ci_func (ci)->p);
}

/* -- Calls -------------------------------------------------------------- */

/* For the C-function call path (see el_call_precallC). */
#if defined(__GNUC__)
#define call_noinline  __attribute__ ((noinline))
#define call_cold      __attribute__ ((cold))
#else
#define call_noinline
#define call_cold
#endif

#define next_ci(L)  ((L)->ci->next ? (L)->ci->next : el_state_extendci (L))

/* Check stack space keeping 'p' (a pointer into the stack) valid. */
#define call_checkstackp(L, n, p) \
  el_call_checkstackaux (L, n, ptrdiff_t t__ = savestack (L, p), \
                         p = restorestack (L, t__))

/* Replace the non-callable object at 'func' by its __call metamethod,
** shifting the arguments up; the object becomes the first argument.
** Returns the status with the __call counter incremented. */
static unsigned int
call_tryfuncTM (ElaraState *L, StkId func, unsigned int status)
{
  const TValue *tm = el_meta_gettmbyobj (L, s2v (func), TM_CALL);
  StkId p;
  if (el_unlikely (ttisnil (tm)))
    el_raise_callerror (L, s2v (func));
  for (p = L->top; p > func; p--)
    setobjs2s (L, p, p - 1);
  L->top++;  /* the caller reserved the slot */
  setobj2s (L, func, tm);
  if ((status & MAX_CCMT) == MAX_CCMT)
    el_raise_error (L, EL_ERR_CALL_CHAIN);
  return status + (1u << CIST_CCMT);
}

static inline CallInfo *
call_prepci (ElaraState *L, StkId func, int nresults, unsigned int status,
             StkId top)
{
  CallInfo *ci = next_ci (L);
  el_call_enterci (L, ci, func, nresults, status, top);
  return ci;
}

static inline void call_moveresults (ElaraState *L, CallInfo *ci, StkId res,
                                     int nres, int wanted);
static void call_genmoveresultsnoinline (ElaraState *L, StkId res,
                                         int nres, int wanted);

/* The body of el_call_poscall; el_call_precallC does the common case itself
** and comes here for hooks and to-be-closed slots. */
static inline void
call_poscall (ElaraState *L, CallInfo *ci, int nres)
{
  int wanted = ci->nresults;
  if (el_unlikely (L->hookmask) && !(ci->callstatus & CIST_TBC))
    call_rethook (L, ci, nres);
  call_moveresults (L, ci, ci->func, nres, wanted);
  el_assert (!(ci->callstatus
               & (CIST_HOOKED | CIST_YPCALL | CIST_FIN | CIST_CLSRET)));
  L->ci = ci->previous;
}

/* (for el_call_precallC: see there) */
call_noinline
static void
call_poscallnoinline (ElaraState *L, CallInfo *ci, int nres)
{
  call_poscall (L, ci, nres);
}

/* Call a C function now; returns its number of results (already moved
** into place by poscall).  The general case: a stack or CallInfo list to
** grow, or hooks to run. */
call_noinline call_cold
static int
call_precallCslow (ElaraState *L, StkId func, int nresults,
                   unsigned int status, ElaraCFunction f)
{
  int n;
  CallInfo *ci;
  call_checkstackp (L, EL_MINSTACK, func);
  ci = call_prepci (L, func, nresults, status | CIST_C,
                    L->top + EL_MINSTACK);
  el_assert (ci->top <= L->stack_last);
  if (el_unlikely (L->hookmask & ELARA_MASKCALL)) {
    int narg = cast_int (L->top - func) - 1;
    el_call_hook (L, ELARA_HOOKCALL, -1, 1, narg);
  }
  n = f (L);
  el_assert (n >= 0 && n < L->top - ci->func);
  call_poscall (L, ci, n);
  return n;
}

/* The same as call_precallCslow when the stack has EL_MINSTACK free slots,
** the next CallInfo exists and no hook is set (every library call from a
** running program, nearly).  Out of line and apart from the Lua-function
** branches of precall and pretailcall, with the general case out of line
** too: only L and ci stay live across the call of 'f' (and the result
** count after it), so a library call saves and restores three registers
** instead of all six. */
call_noinline
int
el_call_precallC (ElaraState *L, StkId func, int nresults,
                  unsigned int status, ElaraCFunction f)
{
  int n;
  CallInfo *ci = L->ci->next;
  StkId ftop = L->top + EL_MINSTACK;
  /* (ftop >= stack_last is the test of el_call_checkstack for
  ** EL_MINSTACK slots) */
  if (el_unlikely (ftop >= L->stack_last || ci == NULL || L->hookmask))
    return call_precallCslow (L, func, nresults, status, f);
  el_call_enterci (L, ci, func, nresults, status | CIST_C, ftop);
  n = f (L);
  el_assert (n >= 0 && n < L->top - ci->func);
  /* 'f' may have set a hook or marked a to-be-closed slot: the general
  ** poscall handles both */
  if (el_likely (!(L->hookmask | (ci->callstatus & CIST_TBC)))) {
    StkId res = ci->func;
    /* (re-read from ci: keeping 'nresults' across the call of 'f' would
    ** take one more saved register) */
    nresults = ci->nresults;
    switch (nresults) {
      case 0:
        L->top = res;
        break;
      case 1:
        if (n == 0) {
          setnilvalue (s2v (res));
        }
        else {
          setobjs2s (L, res, L->top - n);
        }
        L->top = res + 1;
        break;
      default:
        call_genmoveresultsnoinline (L, res, n,
                                     (nresults == ELARA_MULTRET)
                                     ? n : nresults);
        break;
    }
    L->ci = ci->previous;
  }
  else
    call_poscallnoinline (L, ci, n);
  return n;
}

/* The fast entry 'fast' of the light C function at 'func', called from
** Lua with the arguments up to L->top, wanting 'nresults' results
** (ELARA_MULTRET: all), no hook being set.  When it accepts the call its
** results are in place from 'func' on, L->top is past them (as after
** el_call_precallC) and this returns 1; otherwise 0, with nothing
** changed, and the caller makes the normal call.  No CallInfo is used.
** When the entry made objects the GC gets its check, as the stack API
** gives one after making an object (and only then: a check where the
** normal call makes none would move the collector's steps). */
static inline int
call_runfast (ElaraState *L, StkId func, int nresults, ElaraFastFunction fast)
{
  int n = fast (L, cast (ElaraRawValue *, s2v (func)),
                cast_int (L->top - func) - 1);
  if (n < 0)
    return 0;
  el_call_fastresults (L, func, nresults, n);
  return 1;
}

void
el_call_fastresults (ElaraState *L, StkId func, int nresults, int n)
{
  el_assert (n <= L->top - func);
  if (nresults < 0)
    L->top = func + n;
  else {
    for (; n < nresults; n++)
      setnilvalue (s2v (func + n));
    L->top = func + nresults;
  }
  if (el_unlikely (G (L)->fastmade)) {
    /* as the stack API checks the GC after making an object (and only
    ** then: checks where the normal call makes none would move the
    ** collector's steps) */
    G (L)->fastmade = 0;
    el_gc_checkGC (L);
  }
}

call_noinline
int
el_call_lcffast (ElaraState *L, StkId func, int nresults, ElaraFastFunction fast)
{
  if (call_runfast (L, func, nresults, fast))
    return cast_int (L->top - func);
  return el_call_precallC (L, func, nresults, 0, fvalue (s2v (func)));
}

/* (The lookup needs no saved registers: both ways on are tail calls, so
** a function without a fast entry goes on to el_call_precallC at the
** cost of the lookup alone.) */
int
el_call_lcf (ElaraState *L, StkId func, int nresults)
{
  ElaraFastFunction fast = el_call_fastfor (L, func);
  if (fast != NULL)
    return el_call_lcffast (L, func, nresults, fast);
  return el_call_precallC (L, func, nresults, 0, fvalue (s2v (func)));
}

int
el_call_pretailcall (ElaraState *L, CallInfo *ci, StkId func, int narg1,
                     int delta)
{
  unsigned int status = 0;
 retry:
  switch (ttypetag (s2v (func))) {
    case EL_VCCL:
      return el_call_precallC (L, func, ELARA_MULTRET, status,
                            clCvalue (s2v (func))->f);
    case EL_VLCF:
      return el_call_precallC (L, func, ELARA_MULTRET, status,
                            fvalue (s2v (func)));
    case EL_VLCL: {
      Proto *p = clLvalue (s2v (func))->p;
      call_checkstackp (L, p->maxstacksize - delta, func);
      el_call_tailframe (L, ci, func, narg1, delta, p);
      return -1;
    }
    default:
      call_checkstackp (L, 1, func);
      status = call_tryfuncTM (L, func, status);
      narg1++;
      goto retry;
  }
}

/* precall for any callable: Lua functions and __call chains (C functions
** reached through __call come back to el_call_precallC). */
call_noinline
static CallInfo *
call_precallany (ElaraState *L, StkId func, int nresults)
{
  unsigned int status = 0;
 retry:
  switch (ttypetag (s2v (func))) {
    case EL_VCCL:
      el_call_precallC (L, func, nresults, status, clCvalue (s2v (func))->f);
      return NULL;
    case EL_VLCF:
      el_call_precallC (L, func, nresults, status, fvalue (s2v (func)));
      return NULL;
    case EL_VLCL: {
      CallInfo *ci;
      Proto *p = clLvalue (s2v (func))->p;
      int narg = cast_int (L->top - func) - 1;
      int nfixparams = p->numparams;
      int fsize = p->maxstacksize;
      call_checkstackp (L, fsize, func);
      ci = next_ci (L);
      /* (a caller in C makes this frame CIST_FRESH: no retpc then) */
      el_call_enterlua (L, ci, func, nresults, status, p,
                        isLua (L->ci) ? L->ci->u.l.savedpc : NULL);
      for (; narg < nfixparams; narg++) {
        setnilvalue (s2v (L->top));
        L->top++;
      }
      el_assert (ci->top <= L->stack_last);
      return ci;
    }
    default:
      call_checkstackp (L, 1, func);
      status = call_tryfuncTM (L, func, status);
      goto retry;
  }
}

/* A light C function or C closure is called from here without the
** registers the other cases need (see el_call_precallC). */
CallInfo *
el_call_precall (ElaraState *L, StkId func, int nresults)
{
  switch (ttypetag (s2v (func))) {
    case EL_VLCF:
      el_call_precallC (L, func, nresults, 0, fvalue (s2v (func)));
      return NULL;
    case EL_VCCL:
      el_call_precallC (L, func, nresults, 0, clCvalue (s2v (func))->f);
      return NULL;
    default:
      return call_precallany (L, func, nresults);
  }
}

/* Move 'nres' results (at top - nres) to 'res', adjusted to 'wanted'. */
static inline void
call_genmoveresults (ElaraState *L, StkId res, int nres, int wanted)
{
  el_call_moveresultsfrom (L, res, L->top - nres, nres, wanted);
}

/* (for el_call_precallC, where inlining it would cost saved registers on
** every call) */
call_noinline
static void
call_genmoveresultsnoinline (ElaraState *L, StkId res, int nres, int wanted)
{
  call_genmoveresults (L, res, nres, wanted);
}

static inline void
call_moveresults (ElaraState *L, CallInfo *ci, StkId res, int nres,
                  int wanted)
{
  if (el_likely (!(ci->callstatus & CIST_TBC))) {
    switch (wanted) {
      case 0:
        L->top = res;
        return;
      case 1:
        if (nres == 0) {
          setnilvalue (s2v (res));
        }
        else {
          setobjs2s (L, res, L->top - nres);
        }
        L->top = res + 1;
        return;
      case ELARA_MULTRET:
        call_genmoveresults (L, res, nres, nres);
        return;
      default:
        call_genmoveresults (L, res, nres, wanted);
        return;
    }
  }
  else {
    /* a C function with tbc variables: close them first (they may yield:
    ** CIST_CLSRET tells finishCcall to redo this poscall) */
    ptrdiff_t savedres;
    ci->u2.nres = nres;
    ci->callstatus |= CIST_CLSRET;
    res = el_func_close (L, res, CLOSEKTOP, 1);
    ci->callstatus &= ~CIST_CLSRET;
    if (L->hookmask) {
      savedres = savestack (L, res);
      call_rethook (L, ci, nres);
      res = restorestack (L, savedres);
    }
    if (wanted == ELARA_MULTRET)
      wanted = nres;
    call_genmoveresults (L, res, nres, wanted);
  }
}

void
el_call_poscall (ElaraState *L, CallInfo *ci, int nres)
{
  call_poscall (L, ci, nres);
}

/* Call from C.  'inc' counts one C level (1) or also one non-yieldable
** level (nyci). */
static inline void
call_ccall (ElaraState *L, StkId func, int nresults, uint32_t inc)
{
  CallInfo *ci;
  L->nCcalls += inc;
  if (el_unlikely (getCcalls (L) >= EL_MAXCCALLS)) {
    call_checkstackp (L, 0, func);  /* free any use of EXTRA_STACK */
    el_state_checkcstack (L);
  }
  if ((ci = el_call_precall (L, func, nresults)) != NULL) {
    ci->callstatus |= CIST_FRESH;
    el_vm_execute (L, ci);
  }
  L->nCcalls -= inc;
}

void
el_call_call (ElaraState *L, StkId func, int nresults)
{
  call_ccall (L, func, nresults, 1);
}

void
el_call_callnoyield (ElaraState *L, StkId func, int nresults)
{
  call_ccall (L, func, nresults, nyci);
}

/* Every case el_call_calltruth's fast path leaves: call_ccall with the C
** levels el_call_calltruth has already counted. */
call_noinline
static void
call_truthslow (ElaraState *L, StkId func)
{
  call_ccall (L, func, 1, 0);
}

/* el_call_callnoyield (L, func, 1) followed by a pop of the result,
** returning its truth: the comparator calls of library loops.  A Lua
** function that has all its parameters, with room on the stack and a
** CallInfo at hand, gets its frame here as call_precallany would make it,
** without the dispatch on the callee's type; the VM then starts it as any
** fresh frame (call hook included).  Everything else goes through
** call_truthslow, out of line so that the fast path keeps few registers
** live across the call. */
int
el_call_calltruth (ElaraState *L, StkId func)
{
  /* (the callee may reallocate the stack: 'func' is stale after it) */
  ptrdiff_t res = savestack (L, func);
  L->nCcalls += nyci;
  if (el_likely (ttisLclosure (s2v (func)) && getCcalls (L) < EL_MAXCCALLS)) {
    Proto *p = clLvalue (s2v (func))->p;
    CallInfo *ci = L->ci->next;
    if (el_likely (ci != NULL && L->stack_last - L->top > p->maxstacksize
                   && L->top - (func + 1) >= p->numparams)) {
      el_call_enterlua (L, ci, func, 1, CIST_FRESH, p,
                        isLua (L->ci) ? L->ci->u.l.savedpc : NULL);
      el_vm_execute (L, ci);
      goto done;
    }
  }
  call_truthslow (L, func);
 done:
  L->nCcalls -= nyci;
  L->top = restorestack (L, res);
  return !l_isfalse (s2v (L->top));
}

/* -- Protected calls ---------------------------------------------------- */

struct CloseP {
  StkId level;
  int status;
};

static void
call_closepaux (ElaraState *L, void *ud)
{
  struct CloseP *pcl = cast (struct CloseP *, ud);
  el_func_close (L, pcl->level, pcl->status, 0);
}

/* An error in a __close method replaces the original error and closing
** goes on with the remaining variables. */
int
el_call_closeprotected (ElaraState *L, ptrdiff_t level, int status)
{
  CallInfo *old_ci = L->ci;
  uint8_t old_allowhook = L->allowhook;
  for (;;) {
    struct CloseP pcl;
    int st;
    pcl.level = restorestack (L, level);
    pcl.status = status;
    st = el_call_rawrunprotected (L, call_closepaux, &pcl);
    if (el_likely (st == ELARA_OK))
      return pcl.status;
    L->ci = old_ci;
    L->allowhook = old_allowhook;
    status = st;
  }
}

int
el_call_pcall (ElaraState *L, Pfunc func, void *u, ptrdiff_t old_top,
               ptrdiff_t ef)
{
  int status;
  CallInfo *old_ci = L->ci;
  uint8_t old_allowhook = L->allowhook;
  ptrdiff_t old_errfunc = L->errfunc;
  L->errfunc = ef;
  status = el_call_rawrunprotected (L, func, u);
  if (el_unlikely (status != ELARA_OK)) {
    L->ci = old_ci;
    L->allowhook = old_allowhook;
    status = el_call_closeprotected (L, old_top, status);
    el_call_seterrorobj (L, status, restorestack (L, old_top));
    el_call_shrinkstack (L);  /* back to normal after a stack overflow */
  }
  L->errfunc = old_errfunc;
  return status;
}

/* -- Loading ------------------------------------------------------------ */

struct SParser {
  Stream *z;
  ParseScratch ps;
  const char *mode;
  const char *name;
};

static void
call_checkmode (ElaraState *L, const char *mode, ErrMsg em)
{
  el_object_pushfstring (L, el_errmsg_text[em], mode);
  el_call_throw (L, ELARA_ERRSYNTAX);
}

static void
call_fparser (ElaraState *L, void *ud)
{
  LClosure *cl;
  struct SParser *p = cast (struct SParser *, ud);
  const char *mode = (p->mode != NULL) ? p->mode : "bt";
  int c = zgetc (p->z);
  if (c == EL_SIGNATURE[0]) {
    /* 'B' (a caller-owned fixed buffer) also allows binary chunks */
    if (strchr (mode, 'b') == NULL && strchr (mode, 'B') == NULL)
      call_checkmode (L, mode, EL_ERR_MODE_BINARY);
    cl = el_undump_load (L, p->z, p->name);
  }
  else {
    if (strchr (mode, 't') == NULL)
      call_checkmode (L, mode, EL_ERR_MODE_TEXT);
    cl = el_parse_chunk (L, p->z, &p->ps, p->name, c);
  }
  el_assert (cl->nupvalues == cl->p->sizeupvalues);
  el_func_initupvals (L, cl);
}

int
el_call_protectedparser (ElaraState *L, Stream *z, const char *name,
                         const char *mode)
{
  struct SParser p;
  int status;
  incnny (L);  /* no yields while parsing */
  p.z = z;
  p.name = name;
  p.mode = mode;
  el_parse_initscratch (L, &p.ps);
  status = el_call_pcall (L, call_fparser, &p, savestack (L, L->top),
                          L->errfunc);
  el_parse_freescratch (L, &p.ps);
  decnny (L);
  return status;
}

/* -- Coroutines --------------------------------------------------------- */

/* Finish a lua_pcallk interrupted by a yield or by an error (the error
** status is kept in CIST_RECST across repeated runs: a __close method
** may yield or raise again while the pcall is being finished). */
static int
call_finishpcallk (ElaraState *L, CallInfo *ci)
{
  int status = getcistrecst (ci);
  if (el_likely (status == ELARA_OK))
    status = ELARA_YIELD;
  else {
    StkId func = restorestack (L, ci->u2.funcidx);
    L->allowhook = cast_byte (getoah (ci));
    func = el_func_close (L, func, status, 1);
    el_call_seterrorobj (L, status, func);
    el_call_shrinkstack (L);
    setcistrecst (ci, ELARA_OK);
  }
  ci->callstatus &= ~CIST_YPCALL;
  L->errfunc = ci->u.c.old_errfunc;
  return status;
}

/* Finish a C function interrupted by a yield: either it was closing its tbc
** variables in poscall (redo the poscall) or it was inside lua_callk /
** lua_pcallk (call its continuation). */
static void
call_finishCcall (ElaraState *L, CallInfo *ci)
{
  int n;
  if (ci->callstatus & CIST_CLSRET) {
    el_assert (ci->callstatus & CIST_TBC);
    n = ci->u2.nres;
  }
  else {
    int status = ELARA_YIELD;
    ElaraKFunction kf = ci->u.c.k;
    el_assert (kf != NULL && yieldable (L));
    if (ci->callstatus & CIST_YPCALL)
      status = call_finishpcallk (L, ci);
    /* results of the interrupted call: unknown count, keep them all */
    if (L->ci->top < L->top)
      L->ci->top = L->top;
    n = kf (L, status, ci->u.c.ctx);
  }
  el_call_poscall (L, ci, n);
}

/* Run everything left on the stack of a resumed coroutine. */
static void
call_unroll (ElaraState *L, void *ud)
{
  CallInfo *ci;
  el_unused (ud);
  while ((ci = L->ci) != &L->base_ci) {
    if (!isLua (ci))
      call_finishCcall (L, ci);
    else {
      el_vm_finishOp (L);
      el_vm_execute (L, ci);
    }
  }
}

static CallInfo *
call_findpcall (ElaraState *L)
{
  CallInfo *ci;
  for (ci = L->ci; ci != NULL; ci = ci->previous) {
    if (ci->callstatus & CIST_YPCALL)
      return ci;
  }
  return NULL;
}

/* An error about the resume itself (not raised inside the coroutine): the
** coroutine is left as it was. */
static int
call_resumeerror (ElaraState *L, ErrMsg em, int narg)
{
  L->top -= narg;
  setsvalue (L, s2v (L->top), el_str_new (L, el_errmsg_text[em]));
  L->top++;
  return ELARA_ERRRUN;
}

static void
call_resume (ElaraState *L, void *ud)
{
  int n = *(cast (int *, ud));
  StkId firstArg = L->top - n;
  CallInfo *ci = L->ci;
  if (L->status == ELARA_OK)
    call_ccall (L, firstArg - 1, ELARA_MULTRET, 0);  /* start the body */
  else {
    el_assert (L->status == ELARA_YIELD);
    L->status = ELARA_OK;
    if (isLua (ci)) {
      /* yielded inside a hook: the instruction was not run yet (undo the
      ** increment done before the hook) */
      el_assert (ci->callstatus & CIST_HOOKYIELD);
      ci->u.l.savedpc--;
      L->top = firstArg;
      el_vm_execute (L, ci);
    }
    else {
      if (ci->u.c.k != NULL)
        n = ci->u.c.k (L, ELARA_YIELD, ci->u.c.ctx);
      el_call_poscall (L, ci, n);
    }
    call_unroll (L, NULL);
  }
}

/* Continue after errors caught by a yieldable pcall inside the coroutine. */
static int
call_precover (ElaraState *L, int status)
{
  CallInfo *ci;
  while (errorstatus (status) && (ci = call_findpcall (L)) != NULL) {
    L->ci = ci;
    setcistrecst (ci, status);
    status = el_call_rawrunprotected (L, call_unroll, NULL);
  }
  return status;
}

int
el_call_resume (ElaraState *L, ElaraState *from, int nargs, int *nresults)
{
  int status;
  if (el_unlikely (L->copending)) {
    /* the VM ran this resume already (coroutine switches in the VM): the
    ** outcome is L's state */
    L->copending = 0;
    el_assert (nargs == 0);
    status = L->status;
  }
  else {
    if (L->status == ELARA_OK) {
      if (L->ci != &L->base_ci)
        return call_resumeerror (L, EL_ERR_RESUME_NONSUSP, nargs);
      else if (L->top - (L->ci->func + 1) == nargs)  /* no function */
        return call_resumeerror (L, EL_ERR_RESUME_DEAD, nargs);
    }
    else if (L->status != ELARA_YIELD)
      return call_resumeerror (L, EL_ERR_RESUME_DEAD, nargs);
    L->nCcalls = (from != NULL) ? getCcalls (from) : 0;
    if (getCcalls (L) >= EL_MAXCCALLS)
      return call_resumeerror (L, EL_ERR_CSTACKOV, nargs);
    L->nCcalls++;
    status = el_call_rawrunprotected (L, call_resume, &nargs);
    status = call_precover (L, status);
    if (el_likely (!errorstatus (status)))
      el_assert (status == L->status);
    else {
      /* an unprotected error: the coroutine is dead, its error on top */
      L->status = cast_byte (status);
      el_call_seterrorobj (L, status, L->top);
      L->ci->top = L->top;
    }
  }
  *nresults = (status == ELARA_YIELD) ? L->ci->u2.nyield
                                      : cast_int (L->top - (L->ci->func + 1));
  return status;
}

int
el_call_yield (ElaraState *L, int nresults, ElaraKContext ctx,
               ElaraKFunction k)
{
  CallInfo *ci = L->ci;
  if (el_unlikely (!yieldable (L))) {
    if (L != G (L)->mainthread)
      el_raise_error (L, EL_ERR_YIELD_C);
    else
      el_raise_error (L, EL_ERR_YIELD_OUTSIDE);
  }
  L->status = ELARA_YIELD;
  ci->u2.nyield = nresults;
  if (isLua (ci)) {
    /* inside a hook: return to it; the hook's caller (traceexec) notices
    ** the yield and interrupts the instruction */
    el_assert (!isLuacode (ci));
    el_assert (nresults == 0 && k == NULL);
  }
  else {
    if ((ci->u.c.k = k) != NULL)
      ci->u.c.ctx = ctx;
    el_call_throw (L, ELARA_YIELD);
  }
  el_assert (ci->callstatus & CIST_HOOKED);
  return 0;
}

/* -- Coroutine switches in the VM ---------------------------------------
**
** The path above costs, per resume/yield pair, a C call of the library
** function, a setjmp, a longjmp for the yield and a new VM activation for
** the resumed frames.  When Lua code calls coroutine.resume, a wrap
** function or coroutine.yield (the library registers them with
** set_coroutine_fns), the VM instead switches threads in place: it pushes
** on the resumer R the C frame the library function would have, moves the
** arguments straight into the coroutine X (one copy) and goes on running
** X's Lua frame; a yield from X's Lua code (or X's body returning) moves
** the values straight into R's frame and goes on with R.  No C frame of
** either thread is involved, so every Lua-visible state (X->ci, X->status,
** R's frames, what the debug library sees) is the one the library
** functions leave.
**
** Errors.  A loop (struct ElCoLoop, on the C stack) owns one setjmp for
** every coroutine its activation switches to: the first switch of a VM
** activation enters call_coloop, which runs the rest of the activation
** inside the loop, and later switches only move the loop's 'cur'.  While X
** runs under the loop, X->errorJmp is the loop's handler and X->coresumer
** is R.  Whatever does not end in a plain switch back -- an error in X, a
** yield through a longjmp (from a C function, a hook, or Lua code in a
** nested activation), X closing itself, X's frame returning into a C
** function -- is finished as el_call_resume finishes it (precover, error
** object), and the outcome is handed to R by calling the library function
** after all ("replay"): with X->copending set, its host->resume returns
** the outcome at once, and the library does what it always does with it
** (false plus message, wrap's close and position, results that do not fit,
** return hooks).
**
** Invariants:
**  - the running thread of a loop activation is loop->base or a thread the
**    loop switched to (loop->cur); only the latter have errorJmp pointing
**    at the loop and a coresumer, and both are reset when they switch
**    back, so no pointer to a dead loop survives it;
**  - a thread switched to stays reachable: R's frame keeps the wrap
**    closure (or resume's thread argument) below R->top;
**  - the resumer's C frame (rci) holds in u.c.ctx the extra C level of the
**    calling instruction (1 for TFORCALL), so X->nCcalls is what
**    el_call_resume would set: getCcalls (R) + 1 + that level.
**
** Hooks: a switch needs both threads without hooks.  Hooks set on R while
** X runs are honoured when X hands back (replay: R's return hook) and R
** goes on through el_vm_run's entry (line/count hooks from the next
** instruction).  One difference remains: after a TFORCALL the reference
** goes straight into TFORLOOP, while here that instruction is traced too.
*/

#if defined(__GNUC__)
#define CALL_NOINLINE  __attribute__ ((noinline))
/* for the steps of a switch, so that el_call_coswitch is one function
** (a call of each step cost about a fifth of a switch) */
#define CALL_INLINE    inline __attribute__ ((always_inline))
#else
#define CALL_NOINLINE
#define CALL_INLINE    inline
#endif

/* The coroutine a resume/wrap call at 'func' resumes, or NULL. */
static ElaraState *
call_cothread (ElaraState *L, StkId func, int kind)
{
  const TValue *o;
  if (kind == EL_COF_WRAP) {
    CClosure *cl = clCvalue (s2v (func));
    if (cl->nupvalues < 1)
      return NULL;
    o = &cl->upvalue[0];
  }
  else {
    if (L->top - func < 2)
      return NULL;              /* no argument: the library's error */
    o = s2v (func + 1);
  }
  return ttisthread (o) ? thvalue (o) : NULL;
}

/* The coroutine L may switch to at a resume/wrap call at 'func', or NULL
** when anything asks for the library function itself: hooks (call and
** return events), a coroutine not suspended in a Lua-called yield nor
** fresh with a Lua body, limits the library would report.  The only side
** effect is growing X's stack, as the library's lua_checkstack does. */
static CALL_INLINE ElaraState *
call_cotarget (ElaraState *L, StkId func, int kind, int inc)
{
  ElaraState *X;
  int nargs;
  if (kind == EL_COF_YIELD)
    return NULL;
  X = call_cothread (L, func, kind);
  if (X == NULL || X == L || G (X) != G (L) || (L->hookmask | X->hookmask))
    return NULL;
  /* the limits of el_call_resume and of the C call itself */
  if (getCcalls (L) + inc + 1 >= EL_MAXCCALLS
      || L->stack_last - L->top <= EL_MINSTACK)
    return NULL;
  if (X->status == ELARA_YIELD) {
    /* suspended in a C function without continuation called by an
    ** OP_CALL/OP_TAILCALL (for which el_vm_finishOp has nothing to do), as
    ** when Lua code calls coroutine.yield: then resuming is just returning
    ** from that C function.  (A __close or metamethod call interrupts
    ** another instruction, which a resume must finish.) */
    CallInfo *ci = X->ci;
    CallInfo *prev = ci->previous;
    OpCode op;
    if ((ci->callstatus & ~cast (unsigned int, MAX_CCMT)) != CIST_C
        || ci->u.c.k != NULL || !isLuacode (prev))
      return NULL;
    op = XGET_OPCODE (prev->u.l.savedpc - 1);
    if (op != OP_CALL && op != OP_TAILCALL)
      return NULL;
  }
  else if (X->status == ELARA_OK) {
    /* not started: just its body, a Lua function */
    if (X->ci != &X->base_ci || X->top != X->stack + 2
        || !ttisLclosure (s2v (X->top - 1)))
      return NULL;
  }
  else
    return NULL;
  nargs = cast_int (L->top - func) - (kind == EL_COF_RESUME ? 2 : 1);
  if (X->stack_last - X->top <= nargs && !el_call_growstack (X, nargs, 0))
    return NULL;
  return X;
}

/* Copy 'n' values at 'src' to 'res' as a call returning them to a caller
** wanting 'wanted' results; with 'flag' the values are preceded by true
** (coroutine.resume).  Sets L->top as el_call_poscall does. */
static inline void
call_comove (ElaraState *L, StkId res, int wanted, int flag, StkId src,
             int n)
{
  if (flag) {
    if (wanted != 0) {
      setbtvalue (s2v (res));
      res++;
      if (wanted > 0)
        wanted--;
    }
  }
  el_call_moveresultsfrom (L, res, src, n,
                           wanted == ELARA_MULTRET ? n : wanted);
}

/* Switch from L, at a resume/wrap call at 'func', to X (call_cotarget said
** yes).  L gets the C frame the library function would run in; X's frame
** to run becomes X->ci.  An error here (memory, stack) is X's, raised
** under the loop's handler as inside el_call_resume. */
static CALL_INLINE void
call_coenter (ElaraState *L, struct ElCoLoop *loop, ElaraState *X,
              StkId func, int nresults, int kind, int inc)
{
  StkId firstarg = func + (kind == EL_COF_RESUME ? 2 : 1);
  int nargs = cast_int (L->top - firstarg);
  CallInfo *rci = next_ci (L);  /* may raise: L's error, as in precallC */
  rci->func = func;
  rci->nresults = nresults;
  rci->callstatus = CIST_C;
  rci->top = firstarg + EL_MINSTACK;  /* room checked by call_cotarget */
  rci->u.c.k = NULL;
  rci->u.c.ctx = inc;
  L->ci = rci;
  X->coresumer = L;
  X->errorJmp = &loop->lj;
  X->nCcalls = getCcalls (L) + 1 + cast (unsigned int, inc);
  loop->cur = X;
  if (X->status == ELARA_YIELD) {
    /* the arguments are the results of the yield call */
    CallInfo *yci = X->ci;
    X->status = ELARA_OK;
    call_comove (X, yci->func, yci->nresults, 0, firstarg, nargs);
    X->ci = yci->previous;
    L->top = firstarg;
  }
  else {
    CallInfo *ci;
    int i;
    for (i = 0; i < nargs; i++)
      setobjs2s (X, X->top + i, firstarg + i);
    X->top += nargs;
    L->top = firstarg;
    ci = el_call_precall (X, X->top - nargs - 1, ELARA_MULTRET);
    el_assert (ci != NULL);  /* a Lua body (call_cotarget) */
    ci->callstatus |= CIST_FRESH;
  }
}

/* Let R's library function report X's outcome (see above). */
static void
call_coreplay (ElaraState *R, ElaraState *X)
{
  CallInfo *rci = R->ci;
  const TValue *fv = s2v (rci->func);
  ElaraCFunction f = ttisCclosure (fv) ? clCvalue (fv)->f : fvalue (fv);
  int n;
  X->copending = 1;
  n = f (R);
  X->copending = 0;           /* (its resume consumed it) */
  el_assert (n >= 0 && n < R->top - rci->func);
  el_call_poscall (R, rci, n);
}

/* X (switched to by the loop) yielded 'n' values at its top, or its body
** returned them: hand them to its resumer and return that thread. */
static CALL_INLINE ElaraState *
call_coleave (struct ElCoLoop *loop, ElaraState *X, int n)
{
  ElaraState *R = X->coresumer;
  CallInfo *rci = R->ci;
  int flag = !ttisCclosure (s2v (rci->func));  /* resume: true first */
  X->coresumer = NULL;
  X->errorJmp = NULL;
  loop->cur = R;
  /* the room the library checks (lua_checkstack (L, nres + 1)) */
  if (el_likely (R->hookmask == 0)
      && (R->stack_last - R->top > n + 1 || el_call_growstack (R, n + 1, 0))) {
    call_comove (R, rci->func, rci->nresults, flag, X->top - n, n);
    X->top -= n;
    R->ci = rci->previous;
  }
  else
    call_coreplay (R, X);
  return R;
}

/* X (switched to by the loop) stopped other than by a plain switch back:
** 'status' is an error, a longjmp'ed yield, or OK after X closed itself or
** 'unroll' set when a Lua frame returned into a suspended C function.
** Finish X as el_call_resume does and let R's library function report the
** outcome.  Returns R, whose frame is then the Lua one to run. */
static ElaraState *
call_cofinishslow (struct ElCoLoop *loop, ElaraState *X, int status,
                   int unroll)
{
  ElaraState *R = X->coresumer;
  el_assert (X != loop->base && R != NULL && R->ci->u.c.k == NULL);
  X->coresumer = NULL;
  X->errorJmp = NULL;
  X->nCcalls = getCcalls (R) + 1 + cast (unsigned int, R->ci->u.c.ctx);
  if (unroll)
    status = el_call_rawrunprotected (X, call_unroll, NULL);
  status = call_precover (X, status);
  if (errorstatus (status)) {
    X->status = cast_byte (status);
    el_call_seterrorobj (X, status, X->top);
    X->ci->top = X->top;
  }
  loop->cur = R;
  call_coreplay (R, X);
  return R;
}

/* Yield from X (a thread the loop switched to, at a Lua call of yield at
** 'func'): leave X as el_call_yield does and switch back to its resumer. */
static CALL_INLINE ElaraState *
call_coyield (ElaraState *X, struct ElCoLoop *loop, StkId func,
              int nresults)
{
  int n = cast_int (X->top - func) - 1;
  CallInfo *ci = next_ci (X);   /* may raise: X's error, as in precallC */
  ci->func = func;
  ci->nresults = nresults;
  ci->callstatus = CIST_C;
  ci->top = X->top + EL_MINSTACK;  /* room checked by the caller */
  ci->u.c.k = NULL;
  ci->u2.nyield = n;
  X->ci = ci;
  X->status = ELARA_YIELD;
  return call_coleave (loop, X, n);
}

static int call_coloop (ElaraState *L, StkId func, int nresults, int kind,
                        int how);

int
el_call_coswitch (ElaraState *L, struct ElCoLoop *loop, StkId func,
                  int nresults, int kind, int how)
{
  ElaraState *X;
  int inc = (how == EL_CO_TFOR);
  if (loop == NULL)
    return call_coloop (L, func, nresults, kind, how);
  el_assert (loop->cur == L);
  if (kind == EL_COF_YIELD) {
    if (L == loop->base || how == EL_CO_TFOR || L->hookmask != 0
        || !yieldable (L) || L->stack_last - L->top <= EL_MINSTACK)
      return EL_CO_NONE;
    el_assert (L->coresumer != NULL);
    call_coyield (L, loop, func, nresults);
    return EL_CO_SWITCHED;
  }
  if (how == EL_CO_TAIL || (X = call_cotarget (L, func, kind, inc)) == NULL)
    return EL_CO_NONE;
  call_coenter (L, loop, X, func, nresults, kind, inc);
  return EL_CO_SWITCHED;
}

int
el_call_cofinish (struct ElCoLoop *loop, ElaraState *L)
{
  if (L == loop->base)
    return 0;
  if (L->ci == &L->base_ci) {
    /* the body returned: its results go to the resumer, X is dead */
    call_coleave (loop, L, cast_int (L->top - (L->ci->func + 1)));
  }
  else {
    /* a Lua frame called from a C function (suspended there by an earlier
    ** yield) returned: the rest is a resume's 'unroll' */
    call_cofinishslow (loop, L, ELARA_OK, 1);
  }
  return 1;
}

/* Run the loop: the first switch, then the activation, under the handler.
** Kept apart from call_coloop so that the struct it works on is not a
** local of the function calling setjmp (no 'volatile' needed). */
static CALL_NOINLINE void
call_corun (struct ElCoLoop *loop, ElaraState *X, StkId func, int nresults,
            int kind, int inc)
{
  ElaraState *L;
  if (_setjmp (loop->lj.b) != 0) {
    /* an error or longjmp'ed yield of loop->cur, a thread switched to */
    int status = loop->lj.status;
    loop->lj.status = ELARA_OK;
    call_cofinishslow (loop, loop->cur, status, 0);
  }
  else
    call_coenter (loop->base, loop, X, func, nresults, kind, inc);
  /* the VM follows the loop's switches itself and returns when the base
  ** thread's CIST_FRESH frame returned (or raises) */
  L = loop->cur;
  el_vm_run (L, L->ci, loop);
}

/* The first switch of a VM activation: run the rest of it in a loop. */
static int
call_coloop (ElaraState *L, StkId func, int nresults, int kind, int how)
{
  struct ElCoLoop loop;
  int inc = (how == EL_CO_TFOR);
  ElaraState *X;
  if (how == EL_CO_TAIL || (X = call_cotarget (L, func, kind, inc)) == NULL)
    return EL_CO_NONE;
  loop.lj.previous = NULL;      /* the outermost handler of X */
  loop.lj.status = ELARA_OK;
  loop.base = L;
  loop.cur = L;
  call_corun (&loop, X, func, nresults, kind, inc);
  return EL_CO_ENDED;
}
