/*
** jit.h: the seam for JIT backends (plugins/jit-<cpu>)
** SPDX-License-Identifier: MIT
**
** The interpreter counts function entries and loop back-edges in
** Proto.hotcount.  When a counter passes the threshold the VM takes the slow
** path, el_jit_hot(), which asks the loaded backend (if any) to compile.
** Function entries and loop back-edges count only while el_jit_counting()
** holds: the VM then dispatches through a table whose back-edge entries
** count, and its calls take the general entry (startfunc), which counts;
** so a state without a JIT pays nothing in its loops and calls.
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
  /* Compile 'p' (called at a hot entry or back-edge at 'pc', a pointer
  ** into p->code); returns 0 on success (p->jitcode set) or nonzero to
  ** blacklist. */
  int (*compile) (ElaraState *L, Proto *p, const Instruction *pc);
  /* Run compiled code of the Lua frame ci; returns when the frame returns
  ** or exits to the interpreter at ci->u.l.savedpc (a pointer into
  ** p->xcode, the interpreter's form: pcCode in debug.h maps it). */
  int (*enter) (ElaraState *L, CallInfo *ci);
  /* Release p->jitcode (the proto is being freed). */
  void (*release) (GlobalState *g, Proto *p);
  /* Free backend state at state close. */
  void (*shutdown) (GlobalState *g);
} ElJitOps;

typedef enum { EL_JIT_OFF, EL_JIT_AUTO, EL_JIT_ALWAYS } ElJitMode;

/* Set the mode and backend ops (NULL: none) for L's state.  The Lua
** frames of L are trapped so that they re-read el_jit_counting (frames of
** other threads do at their next call or trap). */
EL_FUNC void el_jit_setbackend (ElaraState *L, const ElJitOps *ops,
                                ElJitMode mode);
/* The counter slow path (never called when counting is off). */
EL_FUNC void el_jit_hot (ElaraState *L, Proto *p, const ElCode *xpc);
EL_FUNC void el_jit_release (GlobalState *g, Proto *p);
EL_FUNC void el_jit_close (GlobalState *g);

/* Do loop back-edges count?  (Once a backend was set, until state close.) */
#define el_jit_counting(g)  ((g)->jit != NULL)

/* Counter check used at function entry and loop back-edges. */
#define el_jit_count(L, p, pc, n) \
  { if (el_unlikely (((p)->hotcount -= (n)) > 0x7fffffffu)) \
      el_jit_hot (L, p, pc); }

#endif /* EL_JIT_H */
