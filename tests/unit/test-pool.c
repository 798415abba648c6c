/*
** test-pool.c: the small-block pool of mem.c.  Blocks are reused by size
** class, the accounting stays exact (the collector's count is the bytes
** asked for; the allocator holds exactly count - used + pagebytes), empty
** pages go back to the allocator, alignment holds, and an allocator that
** refuses a page gives a memory error (after the emergency collection),
** never a crash, while shrinking never fails.
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "call.h"
#include "gc.h"
#include "mem.h"
#include "state.h"
#include "str.h"
#include "harness.h"
#include "table.h"

/* The accounting identity of mem.h, against what the allocator saw. */
static void
check_accounting (ElaraState *L, HarnessCtl *c)
{
  GlobalState *g = G (L);
  g_assert_cmpuint (c->bytes, ==,
                    el_gc_totalbytes (L) - g->pool->used + g->pool->pagebytes);
}

/* -- Tests --------------------------------------------------------------------- */

static void
test_reuse (void)
{
  HarnessCtl c = { 0 };
  ElaraState *L;
  void *a, *b, *d;
  if (!EL_MEM_USEPOOL) {
    g_test_skip ("the pool is off in this build (sanitizer)");
    return;
  }
  L = harness_ctl_newstate (&c);
  a = el_mem_malloc (L, 40);
  el_mem_free (L, a, 40);
  b = el_mem_malloc (L, 33);            /* same class as 40 */
  g_assert_true (a == b);
  d = el_mem_malloc (L, 48);            /* another class: not that block */
  g_assert_true (d != b);
  el_mem_free (L, b, 33);
  el_mem_free (L, d, 48);
  /* LIFO per class */
  a = el_mem_malloc (L, 100);
  b = el_mem_malloc (L, 100);
  el_mem_free (L, a, 100);
  el_mem_free (L, b, 100);
  g_assert_true (el_mem_malloc (L, 100) == b);
  g_assert_true (el_mem_malloc (L, 100) == a);
  el_mem_free (L, a, 100);
  el_mem_free (L, b, 100);
  check_accounting (L, &c);
  harness_ctl_closestate (L, &c);
}

static void
test_accounting (void)
{
  HarnessCtl c = { 0 };
  ElaraState *L = harness_ctl_newstate (&c);
  size_t before = el_gc_totalbytes (L);
  size_t sizes[] = { 1, 7, 8, 9, 24, 56, 100, 255, 256, 257, 1000, 70000 };
  void *blocks[G_N_ELEMENTS (sizes)];
  size_t sum = 0;
  unsigned i;
  check_accounting (L, &c);
  for (i = 0; i < G_N_ELEMENTS (sizes); i++) {
    blocks[i] = el_mem_malloc (L, sizes[i]);
    memset (blocks[i], 0xa5, sizes[i]);
    sum += sizes[i];
    /* the count grows by the bytes asked for, not by pages or classes */
    g_assert_cmpuint (el_gc_totalbytes (L), ==, before + sum);
    check_accounting (L, &c);
  }
  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    el_mem_free (L, blocks[i], sizes[i]);
  g_assert_cmpuint (el_gc_totalbytes (L), ==, before);
  check_accounting (L, &c);
  /* with real objects and collections in between */
  for (i = 0; i < 2000; i++) {
    el_str_newlstr (L, "strings of all the short lengths, 0 to 39", i % 40);
    el_table_new (L);
    if (i % 500 == 0)
      el_gc_fullgc (L, 0);
    check_accounting (L, &c);
  }
  el_gc_fullgc (L, 0);
  check_accounting (L, &c);
  harness_ctl_closestate (L, &c);
}

/* Contents survive reallocation across classes, into and out of the pool;
** a block keeps its place within its class. */
static void
test_realloc (void)
{
  HarnessCtl c = { 0 };
  ElaraState *L = harness_ctl_newstate (&c);
  size_t steps[] = { 10, 16, 40, 200, 256, 300, 4000, 250, 24, 9 };
  size_t n = 5, i, j;
  unsigned char *p = el_mem_malloc (L, n);
  size_t before = el_gc_totalbytes (L) - n;
  for (j = 0; j < n; j++)
    p[j] = (unsigned char) j;
  for (i = 0; i < G_N_ELEMENTS (steps); i++) {
    size_t m = steps[i];
    p = el_mem_realloc (L, p, n, m);
    for (j = 0; j < MIN (n, m); j++)
      g_assert_cmpuint (p[j], ==, (unsigned char) j);
    for (j = n; j < m; j++)
      p[j] = (unsigned char) j;
    n = m;
    g_assert_cmpuint (el_gc_totalbytes (L), ==, before + n);
    check_accounting (L, &c);
  }
  if (EL_MEM_USEPOOL) {
    void *q = el_mem_realloc (L, p, n, 12);     /* same class (9..16) */
    g_assert_true (q == (void *) p);
    n = 12;
  }
  el_mem_free (L, p, n);
  check_accounting (L, &c);
  harness_ctl_closestate (L, &c);
}

static void
test_alignment (void)
{
  HarnessCtl c = { 0 };
  ElaraState *L = harness_ctl_newstate (&c);
  void *odd[200], *even[200];
  unsigned i;
  for (i = 0; i < 200; i++) {
    /* an odd multiple of 8 moves the bump pointer off 16 */
    odd[i] = el_mem_malloc (L, 24);
    even[i] = el_mem_malloc (L, 16 * (1 + i % 16));
    g_assert_cmpuint ((uintptr_t) odd[i] % 8, ==, 0);
    g_assert_cmpuint ((uintptr_t) even[i] % 16, ==, 0);
    if (i % 3 == 0) {           /* freed blocks come back, still aligned */
      el_mem_free (L, odd[i], 24);
      el_mem_free (L, even[i], 16 * (1 + i % 16));
      odd[i] = el_mem_malloc (L, 24);
      even[i] = el_mem_malloc (L, 16 * (1 + i % 16));
      g_assert_cmpuint ((uintptr_t) even[i] % 16, ==, 0);
    }
  }
  for (i = 0; i < 200; i++) {
    el_mem_free (L, odd[i], 24);
    el_mem_free (L, even[i], 16 * (1 + i % 16));
  }
  for (i = 0; i < 200; i++) {
    Udata *u = el_str_newudata (L, i, (int) (i % 3));
    g_assert_cmpuint ((uintptr_t) getudatamem (u) % 16, ==, 0);
  }
  harness_ctl_closestate (L, &c);
}

/* Pages whose blocks are all free go back to the allocator; a page with
** one live block stays. */
static void
test_trim (void)
{
  HarnessCtl c = { 0 };
  ElaraState *L;
  enum { N = 4000 };
  void **v;
  size_t pages, bytes;
  unsigned i;
  if (!EL_MEM_USEPOOL) {
    g_test_skip ("the pool is off in this build (sanitizer)");
    return;
  }
  L = harness_ctl_newstate (&c);
  v = g_new (void *, N);
  pages = G (L)->pool->npages;
  for (i = 0; i < N; i++)
    v[i] = el_mem_malloc (L, 64);     /* 256 KB: 16 pages or so */
  g_assert_cmpuint (G (L)->pool->npages, >=, pages + 15);
  bytes = c.bytes;
  for (i = 1; i < N; i++)               /* keep v[0] */
    el_mem_free (L, v[i], 64);
  el_mem_trim (G (L), 1);
  g_assert_cmpuint (c.bytes, <, bytes - 14 * EL_MEM_PAGESIZE);
  g_assert_cmpuint (G (L)->pool->npages, <=, pages + 2);
  check_accounting (L, &c);
  /* the kept block is intact and the pool still works */
  memset (v[0], 1, 64);
  for (i = 1; i < N; i++)
    v[i] = el_mem_malloc (L, 64);
  for (i = 0; i < N; i++)
    el_mem_free (L, v[i], 64);
  check_accounting (L, &c);
  g_free (v);
  harness_ctl_closestate (L, &c);
}

/* -- Out of memory ---------------------------------------------------------- */

typedef struct {
  size_t size;
  int n;                        /* blocks to make */
  int done;                     /* blocks made */
  void **blocks;
} AllocJob;

static void
alloc_many (ElaraState *L, void *ud)
{
  AllocJob *job = ud;
  for (job->done = 0; job->done < job->n; job->done++)
    job->blocks[job->done] = el_mem_malloc (L, job->size);
}

static void
job_init (AllocJob *job, size_t size, int n)
{
  job->size = size;
  job->n = n;
  job->done = 0;
  job->blocks = g_new (void *, n);
}

static void
job_free (ElaraState *L, AllocJob *job)
{
  int i;
  for (i = 0; i < job->done; i++)
    el_mem_free (L, job->blocks[i], job->size);
  g_free (job->blocks);
}

/* With the allocator refusing every page, allocation raises a memory
** error (after the emergency collection), never crashes; shrinking and
** freeing still work; once the allocator gives again, so does the pool. */
static void
test_out_of_memory (void)
{
  HarnessCtl c = { 0 };
  ElaraState *L = harness_ctl_newstate (&c);
  AllocJob job;
  void *big, *p, *q;
  int status;
  job_init (&job, 72, 100000);
  big = el_mem_malloc (L, 200);
  harness_ctl_fail_from (&c, 1, FALSE);   /* refuse every growth */
  status = el_call_rawrunprotected (L, alloc_many, &job);
  g_assert_cmpint (status, ==, ELARA_ERRMEM);
  g_assert_null (el_mem_saferealloc (L, NULL, 0, 72));
  g_assert_null (el_mem_saferealloc (L, NULL, 0, 5000));
  /* shrinking needs no page: it succeeds even now */
  p = el_mem_realloc (L, big, 200, 40);
  g_assert_nonnull (p);
  q = el_mem_realloc (L, p, 40, 8);
  g_assert_nonnull (q);
  el_mem_free (L, q, 8);
  check_accounting (L, &c);
  job_free (L, &job);
  harness_ctl_stop_failing (&c);
  job_init (&job, 72, 1000);
  status = el_call_rawrunprotected (L, alloc_many, &job);
  g_assert_cmpint (status, ==, ELARA_OK);
  check_accounting (L, &c);
  job_free (L, &job);
  harness_ctl_closestate (L, &c);
}

/* A failing allocator at the state's memory limit: the limit counts the
** pages, so the allocator never holds more than the limit. */
static void
test_memlimit (void)
{
  HarnessCtl c = { 0 };
  ElaraState *L = harness_ctl_newstate (&c);
  AllocJob job;
  int status;
  job_init (&job, 48, 1000000);
  G (L)->memlimit = c.bytes + 256 * 1024;
  status = el_call_rawrunprotected (L, alloc_many, &job);
  g_assert_cmpint (status, ==, ELARA_ERRMEM);
  g_assert_cmpuint (c.bytes, <=, G (L)->memlimit);
  check_accounting (L, &c);
  G (L)->memlimit = 0;
  job_free (L, &job);
  harness_ctl_closestate (L, &c);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pool/reuse", test_reuse);
  g_test_add_func ("/pool/accounting", test_accounting);
  g_test_add_func ("/pool/realloc", test_realloc);
  g_test_add_func ("/pool/alignment", test_alignment);
  g_test_add_func ("/pool/trim", test_trim);
  g_test_add_func ("/pool/out-of-memory", test_out_of_memory);
  g_test_add_func ("/pool/memlimit", test_memlimit);
  return g_test_run ();
}
