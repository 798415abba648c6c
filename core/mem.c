/*
** mem.c: every byte of a state goes through its allocator
** SPDX-License-Identifier: MIT
**
** Accounting invariant: totalbytes + GCdebt is the number of bytes the
** state holds in live blocks: blocks obtained from g->frealloc (plus the
** main block) and live blocks of the small-block pool, at the size asked
** for them.  The pool's pages themselves are not counted there (mem.h): the
** collector paces on live data, and memory limits see the pages through
** mem_allocbytes.  Every allocation adds to GCdebt; the collector pays the
** debt off.
*/
#include "config.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "gc.h"
#include "raise.h"
#include "state.h"

#define MINSIZEARRAY 4

#if defined(__GNUC__)
#define MEM_COLD  __attribute__ ((noinline, cold))
#else
#define MEM_COLD
#endif

/* -- The small-block pool ------------------------------------------------------
** Why a pool and not a cache of allocator blocks: a cache in front of
** malloc still paid malloc for every block it did not hold, and a bounded
** one holds little after a sweep freed thousands of blocks (an unbounded
** one kept every freed block as a malloc block of its own and doubled the
** peak).  The pool owns its pages: a new block is the head of a free list
** or the next slice of the class's newest page, a freed block goes back on
** its list, and neither touches the allocator.  Blocks have no header, so
** a pooled object takes its size rounded to 8 bytes where malloc adds a
** header and rounds to 16.
** Sanitizer builds bypass it (EL_MEM_USEPOOL, mem.h). */

/* A page: this header, then blocks of any classes from 'data' on. */
struct ElMemPage {
  uintptr_t data;               /* first block (16-aligned) */
  uintptr_t end;                /* one past the last whole block */
  size_t size;                  /* bytes taken from the allocator */
  size_t freebytes;             /* scratch of el_mem_trim */
};

#define mem_ispooled(sz)  el_mem_ispooled_ (sz)   /* (never size 0) */
/* class of a pooled size (sz >= 1) and the size of class k */
#define mem_class(sz)     ((unsigned int) el_mem_class_ (sz))
#define mem_csize(k)      ((size_t) ((k) + 1) << 3)

/* Bytes the allocator holds for the state (see mem.h). */
static inline size_t
mem_allocbytes (GlobalState *g)
{
  return (size_t) (g->totalbytes + g->GCdebt) - g->pool->used
         + g->pool->pagebytes;
}

/* Call the allocator, honouring the memory limit as a failing allocator
** would (growing beyond the limit fails; shrinking and freeing never). */
static void *
mem_call (GlobalState *g, void *block, size_t osize, size_t nsize)
{
  if (g->memlimit != 0 && nsize > osize) {
    if (mem_allocbytes (g) + (nsize - osize) > g->memlimit)
      return NULL;
  }
  return (*g->frealloc) (g->ud, block, osize, nsize);
}

/* Put the free range [a, a + n) on the free lists (n is a multiple of 8
** and at most EL_MEM_SMALLMAX).  A block whose class size is a multiple of
** 16 must be 16-aligned (userdata memory is, mem.h): a misaligned range of
** such a size gives its first 8 bytes to class 0. */
static void
mem_putfree (ElMemPool *p, uintptr_t a, size_t n)
{
  if (n % 16 == 0 && (a & 15) != 0) {
    *(void **) a = p->free[0];
    p->free[0] = (void *) a;
    a += 8;
    n -= 8;
  }
  if (n >= 8) {
    unsigned int k = mem_class (n);
    *(void **) a = p->free[k];
    p->free[k] = (void *) a;
  }
}

/* Obtain a page and make it the bump page; the rest of the old one goes
** on the free lists.  Returns 0 when the allocator refuses. */
static MEM_COLD int
mem_newpage (GlobalState *g)
{
  ElMemPool *p = g->pool;
  ElMemPage *pg;
  uintptr_t data;
  if (p->npages == p->sizepages) {
    size_t n = p->sizepages == 0 ? 64 : 2 * p->sizepages;
    ElMemPage **v = mem_call (g, p->pages, p->sizepages * sizeof *v,
                              n * sizeof *v);
    if (v == NULL)
      return 0;
    p->pagebytes += (n - p->sizepages) * sizeof *v;
    p->pages = v;
    p->sizepages = n;
  }
  pg = mem_call (g, NULL, 0, EL_MEM_PAGESIZE);
  if (pg == NULL)
    return 0;
  p->pagebytes += EL_MEM_PAGESIZE;
  p->pages[p->npages++] = pg;
  if (p->bumpend > p->bump)
    mem_putfree (p, p->bump, p->bumpend - p->bump);
  data = ((uintptr_t) (pg + 1) + 15) & ~(uintptr_t) 15;
  pg->data = data;
  pg->end = ((uintptr_t) pg + EL_MEM_PAGESIZE) & ~(uintptr_t) 7;
  pg->size = EL_MEM_PAGESIZE;
  p->bump = data;
  p->bumpend = pg->end;
  return 1;
}

/* A block of class k off its free list or the bump page, or NULL.  All
** classes share the bump page, so blocks made one after the other (a
** table and its parts) stay next to each other, as malloc would place
** them: on bench/records.lua pages per class split every record over two
** pages and cost 8% in time. */
static inline void *
mem_poolget (ElMemPool *p, unsigned int k)
{
  void *b = el_mem_freelistpop_ (p, k);
  size_t csize = mem_csize (k);
  uintptr_t at, pad;
  if (b != NULL)
    return b;
  at = p->bump;                 /* 8-aligned */
  pad = (csize & 15) == 0 ? (at & 8) : 0;
  if (p->bumpend - at >= csize + pad) {
    if (pad != 0) {             /* 8 bytes to class 0 for the alignment */
      *(void **) at = p->free[0];
      p->free[0] = (void *) at;
    }
    p->bump = at + pad + csize;
    return (void *) (at + pad);
  }
  return NULL;
}

/* A pooled block of 'size' bytes, taking a new page if need be; counts
** it.  NULL when no page can be had (no collection here). */
static inline void *
mem_poolalloc (GlobalState *g, size_t size)
{
  ElMemPool *p = g->pool;
  unsigned int k = mem_class (size);
  void *b = mem_poolget (p, k);
  if (el_unlikely (b == NULL)) {
    if (!mem_newpage (g))
      return NULL;
    b = mem_poolget (p, k);
  }
  el_mem_poolcount_ (g, p, (ptrdiff_t) size);
  return b;
}

/* -- Giving pages back ------------------------------------------------------ */

static int
mem_pagecmp (const void *a, const void *b)
{
  uintptr_t x = (uintptr_t) *(ElMemPage *const *) a;
  uintptr_t y = (uintptr_t) *(ElMemPage *const *) b;
  return (x > y) - (x < y);
}

/* The page holding block b ('pages' sorted by address). */
static ElMemPage *
mem_findpage (ElMemPool *p, uintptr_t b)
{
  size_t lo = 0, hi = p->npages;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if ((uintptr_t) p->pages[mid] <= b)
      lo = mid;
    else
      hi = mid;
  }
  el_assert (b >= p->pages[lo]->data && b < p->pages[lo]->end);
  return p->pages[lo];
}

/* A page is empty when the free blocks inside it cover all of its carved
** part (free blocks never overlap and each counts for at most its span).
** A block shrunk in place sits on the list of a class smaller than its
** span (mem_poolrealloc): it counts for less than it spans, so its page
** never looks empty, which is safe.  Cost: two walks over the free lists
** with a binary search per block, so unless forced it runs only when the
** unused page bytes are over a quarter of the live ones and 256 KiB, and
** have doubled since the last trim left them (a heap too fragmented to
** give pages back is not walked again at every cycle). */
void
el_mem_trim (GlobalState *g, int force)
{
  ElMemPool *p = g->pool;
  size_t slack, i, n;
  unsigned int k;
  if (p == NULL || p->npages == 0)
    return;
  slack = p->pagebytes - p->used;
  if (!force && (slack < ((size_t) 256 << 10) || slack < p->used / 4
                 || slack < 2 * p->trimslack))
    return;
  qsort (p->pages, p->npages, sizeof *p->pages, mem_pagecmp);
  for (i = 0; i < p->npages; i++)
    p->pages[i]->freebytes = 0;
  for (k = 0; k < EL_MEM_NCLASSES; k++) {
    void *b;
    for (b = p->free[k]; b != NULL; b = *(void **) b)
      mem_findpage (p, (uintptr_t) b)->freebytes += mem_csize (k);
  }
  if (p->bumpend > p->bump)     /* the uncarved rest counts as free */
    mem_findpage (p, p->bump)->freebytes += p->bumpend - p->bump;
  /* mark the empty pages (freebytes = 0 from here on means "empty") */
  n = 0;
  for (i = 0; i < p->npages; i++) {
    ElMemPage *pg = p->pages[i];
    if (pg->freebytes == pg->end - pg->data) {
      pg->freebytes = 0;
      n++;
    }
    else
      pg->freebytes = 1;
  }
  if (n > 0) {
    for (k = 0; k < EL_MEM_NCLASSES; k++) {
      void **q = &p->free[k];
      while (*q != NULL) {
        if (mem_findpage (p, (uintptr_t) *q)->freebytes == 0)
          *q = *(void **) *q;   /* unlink: its page goes */
        else
          q = (void **) *q;
      }
    }
    if (p->bumpend > p->bump && mem_findpage (p, p->bump)->freebytes == 0)
      p->bump = p->bumpend = 0;
    for (i = n = 0; i < p->npages; i++) {
      ElMemPage *pg = p->pages[i];
      if (pg->freebytes == 0) {
        p->pagebytes -= pg->size;
        (*g->frealloc) (g->ud, pg, pg->size, 0);
      }
      else
        p->pages[n++] = pg;
    }
    p->npages = n;
  }
  p->trimslack = p->pagebytes - p->used;
}

void
el_mem_freepool (GlobalState *g)
{
  ElMemPool *p = g->pool;
  size_t i;
  if (p == NULL)
    return;
  for (i = 0; i < p->npages; i++)
    (*g->frealloc) (g->ud, p->pages[i], p->pages[i]->size, 0);
  if (p->pages != NULL)
    (*g->frealloc) (g->ud, p->pages, p->sizepages * sizeof *p->pages, 0);
  memset (p, 0, sizeof *p);
}

/* -- Allocation ------------------------------------------------------------ */

/* Any block of 'nsize' bytes (not a reallocation), counted; NULL on
** failure (no collection). */
static inline void *
mem_rawmalloc (GlobalState *g, size_t nsize)
{
  void *nb;
  if (mem_ispooled (nsize))
    return mem_poolalloc (g, nsize);
  nb = mem_call (g, NULL, 0, nsize);
  if (nb != NULL)
    g->GCdebt += (ptrdiff_t) nsize;
  return nb;
}

/* A block of the allocator back to it.  Out of line: a pooled free is
** then a leaf that saves no registers. */
static MEM_COLD void
mem_freelarge (GlobalState *g, void *block, size_t osize)
{
  (*g->frealloc) (g->ud, block, osize, 0);
  g->GCdebt -= (ptrdiff_t) osize;
}

/* Any block of 'osize' bytes back, pooled or not; the count drops by it. */
static inline void
mem_free (GlobalState *g, void *block, size_t osize)
{
  if (el_likely (mem_ispooled (osize)))
    el_mem_poolpush_ (g, block, osize);
  else
    mem_freelarge (g, block, osize);
}

/* Resize a block when the pool is on one side or both: a new block, a
** copy and a free (the allocator cannot resize a pooled block).  NULL on
** failure with the old block intact.  A pooled block that shrinks keeps
** its place when no block of the smaller class is at hand: a shrink never
** fails (the lua_Alloc contract lets the core assume it), and the block
** is freed later onto the smaller class's list, where it serves as a
** block of that class. */
static void *
mem_poolrealloc (GlobalState *g, void *block, size_t osize, size_t nsize)
{
  void *nb;
  if (mem_ispooled (osize) && nsize < osize) {
    unsigned int k = mem_class (nsize);
    nb = mem_poolget (g->pool, k);
    if (nb == NULL) {           /* shrink in place */
      el_mem_poolcount_ (g, g->pool, (ptrdiff_t) nsize - (ptrdiff_t) osize);
      return block;
    }
    el_mem_poolcount_ (g, g->pool, (ptrdiff_t) nsize);
  }
  else {
    nb = mem_rawmalloc (g, nsize);
    if (nb == NULL)
      return NULL;
  }
  memcpy (nb, block, osize < nsize ? osize : nsize);
  mem_free (g, block, osize);
  return nb;
}

/* One try at el_mem_saferealloc's job, without a collection. */
static void *
mem_tryrealloc (GlobalState *g, void *block, size_t osize, size_t nsize)
{
  void *nb;
  if (block == NULL)
    return mem_rawmalloc (g, nsize);
  if (mem_ispooled (osize) || mem_ispooled (nsize))
    return mem_poolrealloc (g, block, osize, nsize);
  nb = mem_call (g, block, osize, nsize);
  if (nb != NULL)
    g->GCdebt += (ptrdiff_t) nsize - (ptrdiff_t) osize;
  return nb;
}

/* After a failed allocation: collect garbage (without finalizers; the
** full collection also gives empty pages back) and retry once.  Not
** possible while the state is being built, nor while the collector
** itself or a stack reallocation is in progress (gcstopem).  Out of line:
** inlined, its calls made every allocation save and restore registers it
** never uses. */
static MEM_COLD void *
mem_tryagain (ElaraState *L, void *block, size_t osize, size_t nsize)
{
  GlobalState *g = G (L);
  if (!completestate (g) || g->gcstopem)
    return NULL;
  el_gc_fullgc (L, 1);
  return mem_tryrealloc (g, block, osize, nsize);
}

void *
el_mem_saferealloc_ (ElaraState *L, void *block, size_t osize, size_t nsize)
{
  GlobalState *g = G (L);
  void *nb;
  if (block == NULL)
    osize = 0;
  if (nsize == 0) {
    el_mem_free (L, block, osize);
    return NULL;
  }
  if (block != NULL && mem_ispooled (osize) && mem_ispooled (nsize)
      && mem_class (osize) == mem_class (nsize)) {
    /* same size class: in place */
    el_mem_poolcount_ (g, g->pool, (ptrdiff_t) nsize - (ptrdiff_t) osize);
    return block;
  }
  nb = mem_tryrealloc (g, block, osize, nsize);
  if (el_unlikely (nb == NULL))
    return mem_tryagain (L, block, osize, nsize);
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

static MEM_COLD void *
mem_mallocslow (ElaraState *L, size_t size)
{
  void *nb = mem_rawmalloc (G (L), size);
  if (nb == NULL) {
    nb = mem_tryagain (L, NULL, 0, size);
    if (nb == NULL)
      el_mem_error (L);
  }
  return nb;
}

/* The common case of el_mem_realloc, every new object goes through it:
** a small block off its class's free list or bump page, else the slow
** path (new page, allocator, emergency collection). */
void *
el_mem_malloc_ (ElaraState *L, size_t size)
{
  GlobalState *g = G (L);
  if (mem_ispooled (size)) {
    ElMemPool *p = g->pool;
    unsigned int k = mem_class (size);
    void *b = mem_poolget (p, k);
    if (el_likely (b != NULL)) {
      el_mem_poolcount_ (g, p, (ptrdiff_t) size);
      return b;
    }
  }
  else if (size == 0)
    return NULL;
  return mem_mallocslow (L, size);
}

void
el_mem_free_ (ElaraState *L, void *block, size_t osize)
{
  if (block == NULL)
    return;
  el_assert (osize > 0);
  mem_free (G (L), block, osize);
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
