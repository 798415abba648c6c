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

/* -- A counting allocator that can refuse growth (test-mem, test-pool) -- */

/* Every request that grows memory (a new block or a larger one) gets a
** sequence number.  From number 'fail_at' on (0: never) such requests fail;
** with 'one_shot' only that single request fails, so the emergency
** collection's retry succeeds.  'limit' (0: none) fails any growth that
** would take the live bytes above it.  Shrinking and freeing never fail, as
** the lua_Alloc contract lets the core assume. */
typedef struct {
  size_t bytes;               /* live bytes handed out */
  size_t peak;
  long seq;                   /* growing requests seen */
  long fail_at;
  gboolean one_shot;
  size_t limit;
  long nfailed;               /* requests refused */
} HarnessCtl;

static inline void *
harness_ctl_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  HarnessCtl *m = ud;
  size_t old = ptr != NULL ? osize : 0;  /* for a new block osize is a tag */
  void *nb;

  if (nsize == 0) {
    if (ptr != NULL) {
      g_assert_cmpuint (m->bytes, >=, old);
      m->bytes -= old;
      free (ptr);
    }
    return NULL;
  }
  if (nsize > old) {
    m->seq++;
    if (m->fail_at != 0
        && (m->one_shot ? m->seq == m->fail_at : m->seq >= m->fail_at)) {
      m->nfailed++;
      return NULL;
    }
    if (m->limit != 0 && m->bytes - old + nsize > m->limit) {
      m->nfailed++;
      return NULL;
    }
  }
  nb = realloc (ptr, nsize);
  if (nb == NULL)
    return NULL;
  m->bytes = m->bytes - old + nsize;
  if (m->bytes > m->peak)
    m->peak = m->bytes;
  return nb;
}

/* Fail the n-th growing request from now on (n >= 1). */
static inline void
harness_ctl_fail_from (HarnessCtl *m, long n, gboolean one_shot)
{
  m->fail_at = m->seq + n;
  m->one_shot = one_shot;
  m->nfailed = 0;
}

static inline void
harness_ctl_stop_failing (HarnessCtl *m)
{
  m->fail_at = 0;
  m->limit = 0;
}

/* A state on the counting allocator 'c', with a fixed seed. */
static inline ElaraState *
harness_ctl_newstate (HarnessCtl *c)
{
  ElaraState *L = el_state_new (harness_ctl_alloc, c, 0x5eed);
  g_assert_nonnull (L);
  return L;
}

/* Close a state made by harness_ctl_newstate: every byte it got from its
** allocator must have come back. */
static inline void
harness_ctl_closestate (ElaraState *L, HarnessCtl *c)
{
  el_state_close (L);
  g_assert_cmpuint (c->bytes, ==, 0);
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
