/*
** mem.c: every byte of a state goes through its allocator
** SPDX-License-Identifier: MIT
**
** Accounting invariant: totalbytes + GCdebt is the number of bytes the
** state holds in blocks obtained from g->frealloc (plus the main block),
** counting the blocks waiting in the small-block cache (mem.h).
** Every allocation adds to GCdebt; the collector pays the debt off.
*/
#include "config.h"
#include "mem.h"

#include "call.h"
#include "gc.h"
#include "raise.h"
#include "state.h"

#define MINSIZEARRAY 4

/* -- The small-block cache ----------------------------------------------------
** Off unless built with -DMEM_USECACHE=1: on bench/bintrees it did not
** beat glibc's own fast bins (the sweep frees far more than a bounded
** cache holds, and an unbounded one doubles the peak).  Sanitizer builds
** always bypass it: a recycled block would hide a use-after-free. */
#ifndef MEM_USECACHE
#define MEM_USECACHE 0
#endif
#if MEM_USECACHE
#if defined(__SANITIZE_ADDRESS__)
#undef MEM_USECACHE
#define MEM_USECACHE 0
#endif
#endif

/* The size the allocator sees for a block of 'size' bytes. */
static inline size_t
mem_realsize (size_t size)
{
  return (MEM_USECACHE && size <= EL_MEM_SMALLMAX) ? (size + 15) & ~(size_t) 15
                                                   : size;
}

static inline unsigned int
mem_class (size_t size)
{
  return (unsigned int) ((size + 15) / 16) - 1;
}

void
el_mem_flushcache (GlobalState *g)
{
  ElMemCache *c = g->memcache;
  unsigned int i;
  if (c == NULL)
    return;
  for (i = 0; i < EL_MEM_NCLASSES; i++) {
    void *b = c->free[i];
    size_t sz = 16 * (size_t) (i + 1);
    while (b != NULL) {
      void *next = *(void **) b;
      (*g->frealloc) (g->ud, b, sz, 0);
      g->GCdebt -= (ptrdiff_t) sz;
      b = next;
    }
    c->free[i] = NULL;
  }
  c->bytes = 0;
}

/* Keep a freed small block if there is room; returns whether it did. */
static inline int
mem_cacheput (GlobalState *g, void *block, size_t size)
{
  ElMemCache *c = g->memcache;
  if (!MEM_USECACHE || c == NULL || size > EL_MEM_SMALLMAX || size == 0
      || c->bytes >= EL_MEM_CACHEMAX)
    return 0;
  unsigned int k = mem_class (size);
  *(void **) block = c->free[k];
  c->free[k] = block;
  c->bytes += 16 * (size_t) (k + 1);
  return 1;
}

static inline void *
mem_cacheget (GlobalState *g, size_t size)
{
  ElMemCache *c = g->memcache;
  void *b;
  unsigned int k;
  if (!MEM_USECACHE || c == NULL || size > EL_MEM_SMALLMAX)
    return NULL;
  k = mem_class (size);
  b = c->free[k];
  if (b != NULL) {
    c->free[k] = *(void **) b;
    c->bytes -= 16 * (size_t) (k + 1);
  }
  return b;
}

/* -- Allocation ------------------------------------------------------------ */

/* Call the allocator, honouring the memory limit as a failing allocator
** would (growing beyond the limit fails; shrinking and freeing never). */
static void *
mem_call (GlobalState *g, void *block, size_t osize, size_t nsize)
{
  osize = mem_realsize (osize);
  nsize = mem_realsize (nsize);
  if (g->memlimit != 0 && nsize > osize) {
    size_t inuse = (size_t) (g->totalbytes + g->GCdebt);
    if (inuse + (nsize - osize) > g->memlimit)
      return NULL;
  }
  return (*g->frealloc) (g->ud, block, osize, nsize);
}

#if defined(__GNUC__)
#define MEM_COLD  __attribute__ ((noinline, cold))
#else
#define MEM_COLD
#endif

/* After a failed allocation: collect garbage (without finalizers) and
** retry once, paying for the block on success.  Not possible while the
** state is being built, nor while the collector itself or a stack
** reallocation is in progress (gcstopem).  Out of line: inlined, its
** calls made every allocation save and restore registers it never uses. */
static MEM_COLD void *
mem_tryagain (ElaraState *L, void *block, size_t osize, size_t nsize)
{
  GlobalState *g = G (L);
  int cached = g->memcache != NULL && g->memcache->bytes > 0;
  void *nb = NULL;
  el_mem_flushcache (g);
  if (completestate (g) && !g->gcstopem) {
    el_gc_fullgc (L, 1);        /* flushes the cache again at its end */
    nb = mem_call (g, block, osize, nsize);
  }
  else if (cached)
    nb = mem_call (g, block, osize, nsize);
  if (nb != NULL)
    g->GCdebt += (ptrdiff_t) mem_realsize (nsize)
                 - (ptrdiff_t) mem_realsize (osize);
  return nb;
}

void *
el_mem_saferealloc (ElaraState *L, void *block, size_t osize, size_t nsize)
{
  GlobalState *g = G (L);
  void *nb;
  if (block == NULL)
    osize = 0;
  if (nsize == 0) {
    el_mem_free (L, block, osize);
    return NULL;
  }
  if (block == NULL) {
    nb = mem_cacheget (g, nsize);
    if (nb != NULL)
      return nb;                /* counted already */
  }
  else if (mem_realsize (osize) == mem_realsize (nsize))
    return block;               /* same size class */
  nb = mem_call (g, block, osize, nsize);
  if (el_unlikely (nb == NULL))
    return mem_tryagain (L, block, osize, nsize);
  g->GCdebt += (ptrdiff_t) mem_realsize (nsize)
               - (ptrdiff_t) mem_realsize (osize);
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

/* The common case of el_mem_realloc, every new object goes through it. */
void *
el_mem_malloc (ElaraState *L, size_t size)
{
  GlobalState *g = G (L);
  void *nb;
  if (size == 0)
    return NULL;
  nb = mem_cacheget (g, size);
  if (nb != NULL)
    return nb;                  /* counted already */
  nb = mem_call (g, NULL, 0, size);
  if (el_unlikely (nb == NULL)) {
    nb = mem_tryagain (L, NULL, 0, size);
    if (nb == NULL)
      el_mem_error (L);
    return nb;
  }
  g->GCdebt += (ptrdiff_t) mem_realsize (size);
  return nb;
}

void
el_mem_free (ElaraState *L, void *block, size_t osize)
{
  GlobalState *g = G (L);
  if (block == NULL || mem_cacheput (g, block, osize))
    return;
  (*g->frealloc) (g->ud, block, mem_realsize (osize), 0);
  g->GCdebt -= (ptrdiff_t) mem_realsize (osize);
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
