/*
** harness.h: helpers every unit test needs to drive a state: the plain
** allocator, a reader over a string in memory, a state with a fixed seed
** and loading a chunk from a buffer
** SPDX-License-Identifier: MIT
*/
#ifndef EL_TEST_HARNESS_H
#define EL_TEST_HARNESS_H

#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "api.h"
#include "state.h"

/* malloc-backed allocator: the tests that count or fail allocations bring
** their own. */
static inline void *
harness_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  (void) ud;
  (void) osize;
  if (nsize == 0) {
    free (ptr);
    return NULL;
  }
  return realloc (ptr, nsize);
}

/* A buffer handed to the loader (or the lexer's stream) in pieces of
** 'piece' bytes, or all at once when 'piece' is 0: the pieces exercise
** tokens and headers split across reads. */
typedef struct {
  const char *s;
  size_t n;                     /* bytes not handed out yet */
  size_t piece;
} HarnessReader;

static inline HarnessReader
harness_reader_new (const char *s, size_t n, size_t piece)
{
  HarnessReader r = { s, n, piece };
  return r;
}

static inline const char *
harness_reader (ElaraState *L, void *ud, size_t *sz)
{
  HarnessReader *r = ud;
  size_t n = r->n;
  const char *p = r->s;

  (void) L;
  if (r->piece > 0 && n > r->piece)
    n = r->piece;
  r->s += n;
  r->n -= n;
  *sz = n;
  return n ? p : NULL;
}

/* A fresh state; the seed is fixed so that string hashes, and with them
** traversal orders, are the same on every run. */
static inline ElaraState *
harness_newstate (unsigned int seed)
{
  ElaraState *L = el_state_new (harness_alloc, NULL, seed);

  g_assert_nonnull (L);
  return L;
}

/* Load n bytes at p as a chunk (mode as for load: "t", "b" or NULL for
** both); the status is returned, the function or message is on the top. */
static inline int
harness_load (ElaraState *L, const void *p, size_t n, size_t piece,
              const char *chunkname, const char *mode)
{
  HarnessReader r = harness_reader_new (p, n, piece);

  return el_api_load (L, harness_reader, &r, chunkname, mode);
}

#endif /* EL_TEST_HARNESS_H */
