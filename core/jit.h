/*
** jit.h: the seam for JIT backends (plugins/jit-<cpu>)
** SPDX-License-Identifier: MIT
**
** The interpreter counts function entries and loop back-edges in
** Proto.hotcount.  When a counter passes the threshold the VM takes the slow
** path, el_jit_hot(), which asks the loaded backend (if any) to compile.
** With no backend the slow path only resets the counter, so the cost of
** the seam without a JIT is one decrement and a predictable branch.
*/
#ifndef EL_JIT_H
#define EL_JIT_H

#include "state.h"

#define EL_JIT_HOTLOOP  56      /* back-edges before a loop is hot */
#define EL_JIT_HOTCALL  112     /* calls before a function is hot */

/* Operations a JIT backend provides (ElaraPluginDesc.ops of a JIT plugin).
** Layouts of internal structures are shared: JIT plugins need an exact
** build_id match. */
typedef struct ElJitOps {
  uint32_t size;                /* sizeof (ElJitOps) */
  /* Compile 'p' (called at a hot entry or back-edge at 'pc'); returns 0 on
  ** success (p->jitcode set) or nonzero to blacklist. */
  int (*compile) (ElaraState *L, Proto *p, const Instruction *pc);
  /* Run compiled code of the Lua frame ci; returns when the frame returns
  ** or exits to the interpreter at ci->u.l.savedpc. */
  int (*enter) (ElaraState *L, CallInfo *ci);
  /* Release p->jitcode (the proto is being freed). */
  void (*release) (GlobalState *g, Proto *p);
  /* Free backend state at state close. */
  void (*shutdown) (GlobalState *g);
} ElJitOps;

typedef enum { EL_JIT_OFF, EL_JIT_AUTO, EL_JIT_ALWAYS } ElJitMode;

/* Set the mode and backend ops (NULL: none) for a state. */
EL_FUNC void el_jit_setbackend (GlobalState *g, const ElJitOps *ops,
                                ElJitMode mode);
/* The counter slow path (never called when counting is off). */
EL_FUNC void el_jit_hot (ElaraState *L, Proto *p, const Instruction *pc);
EL_FUNC void el_jit_release (GlobalState *g, Proto *p);
EL_FUNC void el_jit_close (GlobalState *g);

/* Counter check used at function entry and loop back-edges. */
#define el_jit_count(L, p, pc, n) \
  { if (el_unlikely (((p)->hotcount -= (n)) > 0x7fffffffu)) \
      el_jit_hot (L, p, pc); }

#endif /* EL_JIT_H */
