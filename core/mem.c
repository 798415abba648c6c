/*
** mem.c: every byte of a state goes through its allocator
** SPDX-License-Identifier: MIT
**
** Accounting invariant: totalbytes + GCdebt is the number of bytes the
** state holds in blocks obtained from g->frealloc (plus the main block).
** Every allocation adds to GCdebt; the collector pays the debt off.
*/
#include "config.h"
#include "mem.h"

#include "call.h"
#include "gc.h"
#include "raise.h"
#include "state.h"

#define MINSIZEARRAY 4

/* Call the allocator, honouring the memory limit as a failing allocator
** would (growing beyond the limit fails; shrinking and freeing never). */
static void *
mem_call (GlobalState *g, void *block, size_t osize, size_t nsize)
{
  if (g->memlimit != 0 && nsize > osize) {
    size_t inuse = (size_t) (g->totalbytes + g->GCdebt);
    if (inuse + (nsize - osize) > g->memlimit)
      return NULL;
  }
  return (*g->frealloc) (g->ud, block, osize, nsize);
}

/* After a failed allocation: collect garbage (without finalizers) and
** retry once.  Not possible while the state is being built, nor while the
** collector itself or a stack reallocation is in progress (gcstopem). */
static void *
mem_tryagain (ElaraState *L, void *block, size_t osize, size_t nsize)
{
  GlobalState *g = G (L);
  if (completestate (g) && !g->gcstopem) {
    el_gc_fullgc (L, 1);
    return mem_call (g, block, osize, nsize);
  }
  return NULL;
}

void *
el_mem_saferealloc (ElaraState *L, void *block, size_t osize, size_t nsize)
{
  GlobalState *g = G (L);
  void *nb;
  if (block == NULL)
    osize = 0;
  if (nsize == 0) {
    if (block != NULL) {
      (*g->frealloc) (g->ud, block, osize, 0);
      g->GCdebt -= (ptrdiff_t) osize;
    }
    return NULL;
  }
  nb = mem_call (g, block, osize, nsize);
  if (el_unlikely (nb == NULL)) {
    nb = mem_tryagain (L, block, osize, nsize);
    if (nb == NULL)
      return NULL;
  }
  g->GCdebt += (ptrdiff_t) nsize - (ptrdiff_t) osize;
  return nb;
}

void *
el_mem_realloc (ElaraState *L, void *block, size_t osize, size_t nsize)
{
  void *nb = el_mem_saferealloc (L, block, osize, nsize);
  if (el_unlikely (nb == NULL && nsize > 0))
    el_mem_error (L);
  return nb;
}

void *
el_mem_malloc (ElaraState *L, size_t size)
{
  if (size == 0)
    return NULL;
  return el_mem_realloc (L, NULL, 0, size);
}

void
el_mem_free (ElaraState *L, void *block, size_t osize)
{
  GlobalState *g = G (L);
  if (block == NULL)
    return;
  (*g->frealloc) (g->ud, block, osize, 0);
  g->GCdebt -= (ptrdiff_t) osize;
}

void *
el_mem_growaux (ElaraState *L, void *block, int nelems, int *size,
                int size_elem, int limit, const char *what)
{
  int oldsize = *size;
  int newsize;
  void *nb;
  if (nelems + 1 <= oldsize)
    return block;               /* still room for one more */
  if (oldsize >= limit / 2) {
    if (el_unlikely (oldsize >= limit))
      el_raise_runerror (L, "too many %s (limit is %d)", what, limit);
    newsize = limit;
  }
  else {
    newsize = oldsize * 2;
    if (newsize < MINSIZEARRAY)
      newsize = MINSIZEARRAY;
  }
  /* 'limit' keeps newsize * size_elem within range for the callers */
  nb = el_mem_realloc (L, block, (size_t) oldsize * (size_t) size_elem,
                       (size_t) newsize * (size_t) size_elem);
  *size = newsize;
  return nb;
}

void *
el_mem_shrinkvector (ElaraState *L, void *block, int *size, int final,
                     int size_elem)
{
  void *nb = el_mem_realloc (L, block, (size_t) *size * (size_t) size_elem,
                             (size_t) final * (size_t) size_elem);
  *size = final;
  return nb;
}

EL_NORET
el_mem_toobig (ElaraState *L)
{
  el_raise_runerror (L, "memory allocation error: block too big");
}
