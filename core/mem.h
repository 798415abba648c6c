/*
** mem.h: all memory of a state goes through its allocator (lua_Alloc
** shape).  A failed allocation runs an emergency collection, retries once,
** then raises "not enough memory" (ELARA_ERRMEM) leaving the state usable.
** SPDX-License-Identifier: MIT
*/
#ifndef EL_MEM_H
#define EL_MEM_H

#include "object.h"
#include "state.h"

#define el_mem_error(L) el_call_throw (L, ELARA_ERRMEM)

/* The small-block pool (mem.c): a size-class allocator in front of the
** state's allocator.  A block of at most EL_MEM_SMALLMAX bytes belongs to
** class k = (size - 1) / 8 and spans 8 * (k + 1) bytes.  A new block is the
** head of its class's free list, else the next slice of the bump page
** (shared by all classes); pages (EL_MEM_PAGESIZE bytes) come from the
** state's allocator, larger blocks go to it directly.  Blocks carry no
** header: every free names the block's size, which gives its class.
** Invariants:
** - every page is in 'pages'; the part of a page before 'bump' (all of it
**   but for the bump page) is cut into blocks, live or free;
** - a block is on free[k] only if it lies in a page and is at least
**   8 * (k + 1) bytes long, and 16-aligned when 8 * (k + 1) is a multiple
**   of 16 (user memory of userdata is 16-aligned: its size is one);
** - 'used' is the sum of the sizes asked for the live pooled blocks, and
**   those bytes (not whole pages, nor the rounding to the class) are what
**   GCdebt/totalbytes count, as without the pool: the collector paces on
**   live data exactly as before; 'pagebytes' is what the pages (and the
**   'pages' array) take from the allocator, so the allocator holds
**   totalbytes + GCdebt - used + pagebytes bytes for the state. */

/* Address-sanitizer builds bypass the pool: every block is an allocator
** block, so a use after free stays detectable.  Define EL_MEM_USEPOOL=0 to
** do the same elsewhere (valgrind memcheck). */
#ifndef EL_MEM_USEPOOL
#if defined(__SANITIZE_ADDRESS__)
#define EL_MEM_USEPOOL 0
#elif defined(__has_feature)
#if __has_feature (address_sanitizer)
#define EL_MEM_USEPOOL 0
#endif
#endif
#endif
#ifndef EL_MEM_USEPOOL
#define EL_MEM_USEPOOL 1
#endif
#define EL_MEM_SMALLMAX   256
#define EL_MEM_NCLASSES   (EL_MEM_SMALLMAX / 8)
#define EL_MEM_PAGESIZE   ((size_t) 16 * 1024)

typedef struct ElMemPage ElMemPage;

typedef struct ElMemPool {
  void *free[EL_MEM_NCLASSES];  /* free blocks, linked through their 1st word */
  uintptr_t bump, bumpend;      /* never-used part of the newest page */
  size_t used;                  /* bytes of live pooled blocks */
  size_t pagebytes;             /* bytes taken from the allocator */
  size_t trimslack;             /* unused page bytes left by the last trim */
  ElMemPage **pages;            /* every page (sorted only while trimming) */
  size_t npages, sizepages;
} ElMemPool;

struct GlobalState;
/* Give the pages that hold no live block back to the allocator.  Unless
** 'force', only when enough page bytes are unused to be worth the walk
** over the free lists (mem.c says when). */
EL_FUNC void el_mem_trim (struct GlobalState *g, int force);
/* Give every page back (closing the state: no block is live any more). */
EL_FUNC void el_mem_freepool (struct GlobalState *g);

/* Raw (re)allocation: raises on failure.  osize is the block's current
** size (0 when block is NULL). */
EL_FUNC void *el_mem_realloc (struct ElaraState *L, void *block, size_t osize,
                              size_t nsize);
/* Same, but returns NULL instead of raising (after the emergency GC).
** Inline (below) for a new small block: its out-of-line body. */
EL_FUNC void *el_mem_saferealloc_ (struct ElaraState *L, void *block,
                                   size_t osize, size_t nsize);
/* el_mem_malloc and el_mem_free are inline (below): their out-of-line
** bodies, for what the inline fast paths leave. */
EL_FUNC void *el_mem_malloc_ (struct ElaraState *L, size_t size);
EL_FUNC void el_mem_free_ (struct ElaraState *L, void *block, size_t osize);
/* Grow a vector of 'size' elements so index 'nelems' fits; doubles; raises
** "too many <what> (limit is <limit>)" past 'limit'. */
EL_FUNC void *el_mem_growaux (struct ElaraState *L, void *block, int nelems,
                              int *size, int size_elem, int limit,
                              const char *what);
/* Shrink a vector from *size to 'final' elements. */
EL_FUNC void *el_mem_shrinkvector (struct ElaraState *L, void *block, int *size,
                                   int final, int size_elem);
EL_FUNC EL_NORET el_mem_toobig (struct ElaraState *L);

/* Every new object, most frees and new table parts (el_mem_saferealloc
** of a NULL block) take these paths, so they are inline:
** popping or pushing the head of a class's free list is a few
** instructions, fewer than a call (for the fixed sizes of tables,
** closures and upvalues the class is a constant).  The rest (bump page,
** new page, large blocks, out of memory) is out of line.  They keep the
** pool's accounting as mem.c does ('used' and GCdebt move together). */
#define el_mem_ispooled_(sz) \
  (EL_MEM_USEPOOL && (size_t) (sz) - 1 < (size_t) EL_MEM_SMALLMAX)
/* The class of a pooled size (sz >= 1): its blocks have 8(k+1) bytes.
** (A size_t: an index that needs no zero-extension.) */
#define el_mem_class_(sz)  (((size_t) (sz) - 1) >> 3)

/* Count d more bytes (fewer when negative) of live pooled blocks: the
** pool's 'used' and the collector's debt move together. */
static inline void
el_mem_poolcount_ (GlobalState *g, ElMemPool *p, ptrdiff_t d)
{
  p->used += (size_t) d;
  g->GCdebt += d;
}

/* The head of class k's free list, taken off it (not counted), or NULL. */
static inline void *
el_mem_freelistpop_ (ElMemPool *p, size_t k)
{
  void *b = p->free[k];
  if (b != NULL)
    p->free[k] = *(void **) b;
  return b;
}

/* A free-listed block of pooled size 'size', counted, or NULL. */
static inline void *
el_mem_poolpop_ (struct ElaraState *L, size_t size)
{
  GlobalState *g = G (L);
  ElMemPool *p = g->pool;
  void *b = el_mem_freelistpop_ (p, el_mem_class_ (size));
  if (b != NULL)
    el_mem_poolcount_ (g, p, (ptrdiff_t) size);
  return b;
}

/* Push 'block' of pooled size 'size' on its class's free list; counted. */
static inline void
el_mem_poolpush_ (GlobalState *g, void *block, size_t size)
{
  ElMemPool *p = g->pool;
  size_t k = el_mem_class_ (size);
  *(void **) block = p->free[k];
  p->free[k] = block;
  el_mem_poolcount_ (g, p, -(ptrdiff_t) size);
}

static inline void *
el_mem_malloc (struct ElaraState *L, size_t size)
{
  if (el_mem_ispooled_ (size)) {       /* (size 0 is not pooled) */
    void *b = el_mem_poolpop_ (L, size);
    if (el_likely (b != NULL))
      return b;
  }
  return el_mem_malloc_ (L, size);
}

static inline void *
el_mem_saferealloc (struct ElaraState *L, void *block, size_t osize,
                    size_t nsize)
{
  if (block == NULL && el_mem_ispooled_ (nsize)) {
    void *b = el_mem_poolpop_ (L, nsize);
    if (el_likely (b != NULL))
      return b;
  }
  return el_mem_saferealloc_ (L, block, osize, nsize);
}

/* A NULL block is ignored (any 'osize'); else osize > 0. */
static inline void
el_mem_free (struct ElaraState *L, void *block, size_t osize)
{
  if (el_mem_ispooled_ (osize) && el_likely (block != NULL))
    el_mem_poolpush_ (G (L), block, osize);
  else
    el_mem_free_ (L, block, osize);
}

#define el_mem_new(L, t)          cast (t *, el_mem_malloc (L, sizeof (t)))
#define el_mem_newvector(L, n, t) cast (t *, el_mem_malloc (L, (n) * sizeof (t)))
#define el_mem_freearray(L, b, n) el_mem_free (L, (b), (n) * sizeof (*(b)))
#define el_mem_reallocvector(L, v, oldn, n, t) \
  ((v) = cast (t *, el_mem_realloc (L, v, cast_sizet (oldn) * sizeof (t), \
                                    cast_sizet (n) * sizeof (t))))
#define el_mem_growvector(L, v, nelems, size, t, limit, e) \
  ((v) = cast (t *, el_mem_growaux (L, v, nelems, &(size), sizeof (t), \
                                    limit, e)))
#define el_mem_shrink(L, v, size, fsize, t) \
  ((v) = cast (t *, el_mem_shrinkvector (L, v, &(size), fsize, sizeof (t))))

#endif /* EL_MEM_H */
