/*
** jit.c: the seam between the interpreter and a JIT backend plugin
** SPDX-License-Identifier: MIT
**
** With a backend set (el_jit_counting), the interpreter decrements
** Proto.hotcount at function entries and loop back-edges, and calls
** el_jit_hot when it wraps below zero.  With the JIT off the slow path
** only re-arms the counter with a large value (JIT_IDLE).  A state that
** never had a backend counts nothing (a switch-dispatch build, without
** computed goto, counts its back-edges always; el_jit_setbackend re-arms
** the running frames).
**
** Invariant: G(L)->jit is NULL or points to an ElJit allocated through the
** state's allocator; 'ops' is NULL whenever 'mode' is EL_JIT_OFF.
*/
#include "config.h"
#include "jit.h"

#include "debug.h"
#include "mem.h"
#include "opcodes.h"

struct ElJit {
  const ElJitOps *ops;          /* the backend, NULL without one */
  ElJitMode mode;
  uint32_t ncompiled;           /* statistics: successful compilations */
  uint32_t nfailed;             /* and blacklisted protos */
};

/* A counter re-armed this high practically never fires again: used for
** protos the backend refused. */
#define JIT_BLACKLISTED  0x7fffffffu

/* Re-arm value when there is nothing to compile (no backend, JIT off, or
** code already installed): the counters then reach el_jit_hot about once
** per million events instead of once per EL_JIT_HOTCALL. */
#define JIT_IDLE  (1u << 20)

void
el_jit_setbackend (ElaraState *L, const ElJitOps *ops, ElJitMode mode)
{
  GlobalState *g = G (L);
  struct ElJit *j = g->jit;
  CallInfo *ci;
  if (ops == NULL || mode == EL_JIT_OFF) {
    ops = NULL;
    mode = EL_JIT_OFF;
  }
  if (j == NULL) {
    if (ops == NULL)
      return;  /* nothing to remember */
    j = el_mem_saferealloc (g->mainthread, NULL, 0, sizeof (struct ElJit));
    if (j == NULL)
      return;  /* no memory: run interpreted */
    j->ncompiled = j->nfailed = 0;
    g->jit = j;
    /* el_jit_counting changed: the running Lua frames re-choose their
    ** dispatch table at their next trapped instruction (with no hook
    ** set, the trap only does that) */
    for (ci = L->ci; ci != NULL; ci = ci->previous)
      if (isLua (ci))
        ci->u.l.trap = 1;
  }
  j->ops = ops;
  j->mode = mode;
  /* The running frames' functions may have counted to JIT_IDLE while no
  ** backend listened (a switch-dispatch build always counts back-edges):
  ** re-arm them, so that the loop that installed the backend is seen
  ** within a loop threshold, not after a million iterations. */
  if (ops != NULL)
    for (ci = L->ci; ci != NULL; ci = ci->previous)
      if (isLua (ci)) {
        Proto *p = ci_func (ci)->p;
        if (p->hotcount != JIT_BLACKLISTED && p->hotcount > EL_JIT_HOTLOOP)
          p->hotcount = EL_JIT_HOTLOOP;
      }
}

void
el_jit_hot (ElaraState *L, Proto *p, const ElCode *xpc)
{
  struct ElJit *j = G (L)->jit;
  /* backends see the reference's format (p->code) */
  const Instruction *pc = xpc != NULL ? pcCode (xpc, p) : NULL;
  int isloop;
  if (j == NULL || j->ops == NULL || p->jitcode != NULL) {
    /* nothing to do: come back rarely, but do come back, so a backend
    ** installed later still sees this proto */
    p->hotcount = JIT_IDLE;
    return;
  }
  /* a back-edge counts toward the loop threshold, an entry (pc at the
  ** first instruction) toward the call threshold */
  isloop = (pc != NULL && pc != p->code);
  if (j->ops->compile (L, p, pc) == 0) {
    j->ncompiled++;
    p->hotcount = isloop ? EL_JIT_HOTLOOP : EL_JIT_HOTCALL;
  }
  else {
    j->nfailed++;
    p->hotcount = JIT_BLACKLISTED;
  }
}

void
el_jit_release (GlobalState *g, Proto *p)
{
  struct ElJit *j = g->jit;
  if (p->jitcode != NULL && j != NULL && j->ops != NULL
      && j->ops->release != NULL)
    j->ops->release (g, p);
  p->jitcode = NULL;
}

void
el_jit_close (GlobalState *g)
{
  struct ElJit *j = g->jit;
  if (j == NULL)
    return;
  if (j->ops != NULL && j->ops->shutdown != NULL)
    j->ops->shutdown (g);
  g->jit = NULL;
  el_mem_free (g->mainthread, j, sizeof (struct ElJit));
}
