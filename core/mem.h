/*
** mem.h: all memory of a state goes through its allocator (lua_Alloc
** shape).  A failed allocation runs an emergency collection, retries once,
** then raises "not enough memory" (ELARA_ERRMEM) leaving the state usable.
** SPDX-License-Identifier: MIT
*/
#ifndef EL_MEM_H
#define EL_MEM_H

#include "object.h"

struct ElaraState;

#define el_mem_error(L) el_call_throw (L, ELARA_ERRMEM)

/* A free-list cache in front of the state's allocator for small blocks.
** A small block (at most EL_MEM_SMALLMAX bytes) is always obtained from
** the allocator rounded up to its 16-byte size class, and given back with
** that same size.  A freed small block may wait in the cache (at most
** EL_MEM_CACHEMAX bytes in all); it still counts as in use, so the
** accounting ("count") never hides memory the state holds.  Full and
** emergency collections and the state's close flush the cache. */
#define EL_MEM_SMALLMAX   256
#define EL_MEM_NCLASSES   (EL_MEM_SMALLMAX / 16)
#define EL_MEM_CACHEMAX   ((size_t) 512 * 1024)

typedef struct ElMemCache {
  void *free[EL_MEM_NCLASSES];  /* class i holds blocks of 16 * (i + 1) */
  size_t bytes;                 /* bytes waiting in all the lists */
} ElMemCache;

struct GlobalState;
/* Give every cached block back to the allocator. */
EL_FUNC void el_mem_flushcache (struct GlobalState *g);

/* Raw (re)allocation: raises on failure.  osize is the block's current
** size (0 when block is NULL). */
EL_FUNC void *el_mem_realloc (struct ElaraState *L, void *block, size_t osize,
                              size_t nsize);
/* Same, but returns NULL instead of raising (after the emergency GC). */
EL_FUNC void *el_mem_saferealloc (struct ElaraState *L, void *block,
                                  size_t osize, size_t nsize);
EL_FUNC void *el_mem_malloc (struct ElaraState *L, size_t size);
EL_FUNC void el_mem_free (struct ElaraState *L, void *block, size_t osize);
/* Grow a vector of 'size' elements so index 'nelems' fits; doubles; raises
** "too many <what> (limit is <limit>)" past 'limit'. */
EL_FUNC void *el_mem_growaux (struct ElaraState *L, void *block, int nelems,
                              int *size, int size_elem, int limit,
                              const char *what);
/* Shrink a vector from *size to 'final' elements. */
EL_FUNC void *el_mem_shrinkvector (struct ElaraState *L, void *block, int *size,
                                   int final, int size_elem);
EL_FUNC EL_NORET el_mem_toobig (struct ElaraState *L);

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
