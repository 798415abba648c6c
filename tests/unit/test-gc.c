/*
** test-gc.c: the collector: freeing garbage, weak tables, ephemerons,
** finalizers, collectgarbage options, allocation failures (gc.c, mem.c,
** state.c)
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "call.h"
#include "gc.h"
#include "mem.h"
#include "meta.h"
#include "state.h"
#include "str.h"
#include "table.h"

/* -- An allocator that counts blocks and can be told to fail ---------------- */

typedef struct {
  long live;                /* blocks currently allocated */
  long allocs;              /* successful (re)allocations that grew */
  long failafter;           /* fail when allocs reaches this (-1: never) */
} AllocStats;

static void *
t_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  AllocStats *st = ud;
  (void) osize;
  if (nsize == 0) {
    if (ptr != NULL && st != NULL)
      st->live--;
    free (ptr);
    return NULL;
  }
  if (st != NULL) {
    if (st->failafter >= 0 && st->allocs >= st->failafter)
      return NULL;
    st->allocs++;
    if (ptr == NULL)
      st->live++;
  }
  return realloc (ptr, nsize);
}

/* t[k] copied out (nil when absent), in a buffer that the next call
** reuses: the getters cannot point into an array part. */
static const TValue *
t_get (Table *t, const TValue *k)
{
  static TValue v;
  if (tagisempty (el_table_get (t, k, &v)))
    setnilvalue (&v);
  return &v;
}

static const TValue *
t_geti (Table *t, ElInt k)
{
  TValue key;
  setivalue (&key, k);
  return t_get (t, &key);
}

static ElaraState *
t_newstate (AllocStats *st)
{
  ElaraState *L = el_state_new (t_alloc, st, 5);
  g_assert_nonnull (L);
  return L;
}

static void
t_pushtable (ElaraState *L, Table *t)
{
  sethvalue (L, s2v (L->top), t);
  L->top++;
}

static void
t_setfield (ElaraState *L, Table *t, const char *k, const TValue *v)
{
  TValue key;
  setsvalue (L, &key, el_str_new (L, k));
  el_table_set (L, t, &key, v);
}

static int
t_control (ElaraState *L, int what, ...)
{
  va_list ap;
  int r;
  va_start (ap, what);
  r = el_gc_control (L, what, ap);
  va_end (ap);
  return r;
}

/* -- Cases ------------------------------------------------------------------- */

static void
test_frees_garbage (void)
{
  ElaraState *L = t_newstate (NULL);
  size_t base, peak;
  el_gc_fullgc (L, 0);
  base = el_gc_totalbytes (L);
  Table *keep = el_table_new (L);
  t_pushtable (L, keep);
  for (int i = 0; i < 1000; i++) {
    Table *t = el_table_new (L);
    TValue v;
    sethvalue (L, &v, t);
    if (i % 2 == 0)
      el_table_setint (L, keep, i / 2 + 1, &v);   /* half stay reachable */
    el_table_resize (L, t, 16, 4);
  }
  peak = el_gc_totalbytes (L);
  el_gc_fullgc (L, 0);
  g_assert_cmpuint (el_gc_totalbytes (L), <, peak);
  g_assert_cmpuint (el_gc_totalbytes (L), >, base);
  /* everything reachable survived */
  for (int i = 1; i <= 500; i++)
    g_assert_true (ttistable (t_geti (keep, i)));
  L->top--;
  el_gc_fullgc (L, 0);
  g_assert_cmpuint (el_gc_totalbytes (L), <=, base + 64);
  el_state_close (L);
}

static Table *
t_weaktable (ElaraState *L, const char *mode)
{
  Table *t = el_table_new (L);
  t_pushtable (L, t);
  Table *mt = el_table_new (L);
  TValue v;
  sethvalue (L, &v, mt);          /* reachable through t from here on */
  t->metatable = mt;
  setsvalue (L, &v, el_str_new (L, mode));
  t_setfield (L, mt, "__mode", &v);
  return t;
}

static void
test_weak_values (void)
{
  ElaraState *L = t_newstate (NULL);
  Table *w = t_weaktable (L, "v");
  Table *kept = el_table_new (L);
  t_pushtable (L, kept);
  TValue v;
  sethvalue (L, &v, el_table_new (L));
  el_table_setint (L, w, 1, &v);                  /* array part, garbage */
  sethvalue (L, &v, kept);
  el_table_setint (L, w, 2, &v);
  setsvalue (L, &v, el_str_new (L, "a string"));  /* strings are values */
  el_table_setint (L, w, 3, &v);
  sethvalue (L, &v, el_table_new (L));
  t_setfield (L, w, "gone", &v);                  /* hash part, garbage */
  el_gc_fullgc (L, 0);
  g_assert_true (isempty (t_geti (w, 1)));
  g_assert_true (ttistable (t_geti (w, 2)));
  g_assert_true (ttisstring (t_geti (w, 3)));
  g_assert_true (isempty (el_table_getstr (w, el_str_new (L, "gone"))));
  el_state_close (L);
}

static void
test_ephemerons (void)
{
  ElaraState *L = t_newstate (NULL);
  Table *e = t_weaktable (L, "k");
  Table *k1 = el_table_new (L);
  t_pushtable (L, k1);
  TValue k, v;
  /* k1 -> k2 -> k3: values reachable only through live keys */
  Table *k2 = el_table_new (L);
  sethvalue (L, &k, k1);
  sethvalue (L, &v, k2);
  el_table_set (L, e, &k, &v);
  Table *k3 = el_table_new (L);
  sethvalue (L, &k, k2);
  sethvalue (L, &v, k3);
  el_table_set (L, e, &k, &v);
  /* a value referring to its own key does not keep it alive */
  Table *self = el_table_new (L);
  sethvalue (L, &k, self);
  el_table_set (L, e, &k, &k);
  el_gc_fullgc (L, 0);
  sethvalue (L, &k, k1);
  g_assert_true (ttistable (t_get (e, &k)));
  sethvalue (L, &k, k2);
  g_assert_true (ttistable (t_get (e, &k)));
  /* count entries */
  StkId key = L->top;
  int n = 0;
  setnilvalue (s2v (key));
  L->top += 2;
  while (el_table_next (L, e, key))
    n++;
  L->top -= 2;
  g_assert_cmpint (n, ==, 2);
  /* drop k1: the whole chain goes */
  L->top--;
  el_gc_fullgc (L, 0);
  setnilvalue (s2v (key));
  L->top += 2;
  n = 0;
  while (el_table_next (L, e, key))
    n++;
  L->top -= 2;
  g_assert_cmpint (n, ==, 0);
  el_state_close (L);
}

static int finalized;
static GPtrArray *fin_order;

static int
t_gcfn (ElaraState *L)
{
  finalized++;
  if (fin_order != NULL)
    g_ptr_array_add (fin_order, gcvalue (s2v (L->ci->func + 1)));
  return 0;
}

static int
t_gcfn_error (ElaraState *L)
{
  setsvalue (L, s2v (L->top), el_str_new (L, "boom"));
  L->top++;
  el_call_throw (L, ELARA_ERRRUN);
  return 0;
}

static GString *warnings;

static void
t_warnf (void *ud, const char *msg, int tocont)
{
  (void) ud;
  g_string_append (warnings, msg);
  if (!tocont)
    g_string_append_c (warnings, '\n');
}

static Table *
t_gcmeta (ElaraState *L, ElaraCFunction f)
{
  Table *mt = el_table_new (L);
  t_pushtable (L, mt);
  TValue v;
  setfvalue (&v, f);
  t_setfield (L, mt, "__gc", &v);
  return mt;
}

static Table *
t_withfinalizer (ElaraState *L, Table *mt)
{
  Table *t = el_table_new (L);
  t->metatable = mt;
  el_gc_checkfinalizer (L, obj2gco (t), mt);
  return t;
}

static void
test_finalizers (void)
{
  ElaraState *L = t_newstate (NULL);
  Table *mt = t_gcmeta (L, t_gcfn);
  Table *objs[3];
  finalized = 0;
  fin_order = g_ptr_array_new ();
  for (int i = 0; i < 3; i++) {
    objs[i] = t_withfinalizer (L, mt);
    g_assert_true (tofinalize (obj2gco (objs[i])));
  }
  Table *alive = t_withfinalizer (L, mt);
  t_pushtable (L, alive);
  el_gc_fullgc (L, 0);
  g_assert_cmpint (finalized, ==, 3);
  /* reverse order of registration */
  g_assert_true (fin_order->pdata[0] == (void *) objs[2]);
  g_assert_true (fin_order->pdata[1] == (void *) objs[1]);
  g_assert_true (fin_order->pdata[2] == (void *) objs[0]);
  /* finalized once: the resurrected objects are freed next time */
  el_gc_fullgc (L, 0);
  g_assert_cmpint (finalized, ==, 3);
  /* pending finalizers run at close */
  el_state_close (L);
  g_assert_cmpint (finalized, ==, 4);
  g_ptr_array_free (fin_order, TRUE);
  fin_order = NULL;
}

static void
test_finalizer_error_warns (void)
{
  ElaraState *L = t_newstate (NULL);
  warnings = g_string_new (NULL);
  G (L)->warnf = t_warnf;
  Table *mt = t_gcmeta (L, t_gcfn_error);
  t_withfinalizer (L, mt);
  el_gc_fullgc (L, 0);
  g_assert_cmpstr (warnings->str, ==, "error in __gc (boom)\n");
  el_state_close (L);
  g_string_free (warnings, TRUE);
}

static void
test_emergency_skips_finalizers (void)
{
  ElaraState *L = t_newstate (NULL);
  Table *mt = t_gcmeta (L, t_gcfn);
  finalized = 0;
  t_withfinalizer (L, mt);
  el_gc_fullgc (L, 1);
  g_assert_cmpint (finalized, ==, 0);
  el_gc_fullgc (L, 0);
  g_assert_cmpint (finalized, ==, 1);
  el_state_close (L);
}

static void
test_control (void)
{
  ElaraState *L = t_newstate (NULL);
  g_assert_cmpint (t_control (L, ELARA_GCISRUNNING), ==, 1);
  t_control (L, ELARA_GCSTOP);
  g_assert_cmpint (t_control (L, ELARA_GCISRUNNING), ==, 0);
  t_control (L, ELARA_GCRESTART);
  g_assert_cmpint (t_control (L, ELARA_GCISRUNNING), ==, 1);
  int kb = t_control (L, ELARA_GCCOUNT);
  int b = t_control (L, ELARA_GCCOUNTB);
  g_assert_cmpuint ((size_t) kb * 1024 + (size_t) b, ==, el_gc_totalbytes (L));
  /* basic steps are incremental: some of them end the cycle */
  int steps = 0;
  while (t_control (L, ELARA_GCSTEP, (size_t) 0) == 0)
    g_assert_cmpint (++steps, <, 10000);
#if !EL_GC_STRESS
  /* right after a collection one byte is not enough for another */
  g_assert_cmpint (t_control (L, ELARA_GCSTEP, (size_t) 1), ==, 0);
#endif
  g_assert_cmpint (t_control (L, ELARA_GCINC), ==, ELARA_GCINC);
  g_assert_cmpint (t_control (L, ELARA_GCGEN), ==, ELARA_GCINC);
  g_assert_cmpint (t_control (L, ELARA_GCINC), ==, ELARA_GCGEN);
  /* the Lua 5.5 default pause is 250 */
  g_assert_cmpint (t_control (L, ELARA_GCPARAM, ELARA_GCPPAUSE, 150), ==, 250);
  g_assert_cmpint (t_control (L, ELARA_GCPARAM, ELARA_GCPPAUSE, -1), ==, 150);
  g_assert_cmpint (t_control (L, ELARA_GCPARAM, 99, -1), ==, -1);
  g_assert_cmpint (t_control (L, 1234), ==, -1);
  g_assert_cmpint (t_control (L, ELARA_GCCOLLECT), ==, 0);
  el_state_close (L);
}

static void
test_pacing (void)
{
  ElaraState *L = t_newstate (NULL);
  GlobalState *g = G (L);
  el_gc_fullgc (L, 0);
#if !EL_GC_STRESS
  /* pause 250%: the next collection is due when the bytes in use reach
  ** 2.5 times the bytes of the objects the collection marked (or at once
  ** if they are there already) */
  g_assert_cmpuint (g->GCmarked, >, 0);
  g_assert_cmpint (g->GCdebt, <=, 0);
  g_assert_cmpint ((ptrdiff_t) el_gc_totalbytes (L) - g->GCdebt, ==,
                   MAX ((ptrdiff_t) el_gc_totalbytes (L),
                        (ptrdiff_t) (g->GCmarked * 5 / 2)));
#endif
  /* garbage made in a loop with check points never piles up */
  for (int i = 0; i < 20000; i++) {
    el_table_new (L);
    el_gc_checkGC (L);
  }
  g_assert_cmpuint (el_gc_totalbytes (L), <, 3 * g->GCestimate + 65536);
  el_state_close (L);
}

static void
test_state_no_leaks (void)
{
  AllocStats st = { 0, 0, -1 };
  ElaraState *L = t_newstate (&st);
  Table *t = el_table_new (L);
  t_pushtable (L, t);
  for (int i = 1; i <= 100; i++) {
    TValue v;
    setsvalue (L, &v, el_str_new (L, "x"));
    el_table_setint (L, t, i, &v);
  }
  el_state_newthread (L);
  el_state_close (L);
  g_assert_cmpint (st.live, ==, 0);
}

static void
test_state_new_fails_cleanly (void)
{
  /* every allocation of the construction in turn fails */
  for (long n = 0; n < 400; n++) {
    AllocStats st = { 0, 0, n };
    ElaraState *L = el_state_new (t_alloc, &st, 1);
    if (L != NULL) {
      st.failafter = -1;
      el_state_close (L);
    }
    g_assert_cmpint (st.live, ==, 0);
  }
}

static void
t_bigalloc (ElaraState *L, void *ud)
{
  Table *t = el_table_new (L);
  t_pushtable (L, t);
  el_table_resize (L, t, *(unsigned int *) ud, 0);
}

static void
test_memlimit (void)
{
  ElaraState *L = t_newstate (NULL);
  GlobalState *g = G (L);
  unsigned int n = 1u << 20;   /* 16 MB of array */
  g->memlimit = el_gc_totalbytes (L) + 1024 * 1024;
  ptrdiff_t top = savestack (L, L->top);
  int st = el_call_pcall (L, t_bigalloc, &n, top, 0);
  g_assert_cmpint (st, ==, ELARA_ERRMEM);
  g_assert_true (ttisstring (s2v (L->top - 1)));
  g_assert_cmpstr (svalue (s2v (L->top - 1)), ==, "not enough memory");
  L->top = restorestack (L, top);
  /* the state is still usable */
  n = 100;
  st = el_call_pcall (L, t_bigalloc, &n, top, 0);
  g_assert_cmpint (st, ==, ELARA_OK);
  g->memlimit = 0;
  el_state_close (L);
}

static void
test_threads (void)
{
  AllocStats st = { 0, 0, -1 };
  ElaraState *L = t_newstate (&st);
  ElaraState *L1 = el_state_newthread (L);
  g_assert_true (ttisthread (s2v (L->top - 1)));
  /* a value only on the coroutine's stack is kept alive by it */
  Table *t = el_table_new (L);
  sethvalue (L, s2v (L1->top), t);
  L1->top++;
  el_gc_fullgc (L, 0);
  g_assert_true (ttistable (s2v (L1->top - 1)));
  /* drop the coroutine: it goes, and its table with it */
  L->top--;
  long before = st.live;
  el_gc_fullgc (L, 0);
  g_assert_cmpint (st.live, <, before);
  el_state_close (L);
  g_assert_cmpint (st.live, ==, 0);
}

static void
test_registry (void)
{
  ElaraState *L = t_newstate (NULL);
  Table *reg = el_state_registry (L);
  TValue gt;
  g_assert_true (ttisfalse (t_geti (reg, 1)));
  g_assert_true (ttisthread (t_geti (reg, ELARA_RIDX_MAINTHREAD)));
  g_assert_true (thvalue (t_geti (reg, ELARA_RIDX_MAINTHREAD)) == L);
  el_state_getglobals (L, &gt);
  g_assert_true (ttistable (&gt));
  el_gc_fullgc (L, 0);
  el_state_getglobals (L, &gt);
  g_assert_true (ttistable (&gt));
  el_state_close (L);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gc/collect/frees-garbage", test_frees_garbage);
  g_test_add_func ("/gc/collect/pacing", test_pacing);
  g_test_add_func ("/gc/weak/values", test_weak_values);
  g_test_add_func ("/gc/weak/ephemerons", test_ephemerons);
  g_test_add_func ("/gc/finalizer/order-and-close", test_finalizers);
  g_test_add_func ("/gc/finalizer/error-warns", test_finalizer_error_warns);
  g_test_add_func ("/gc/finalizer/emergency-skips",
                   test_emergency_skips_finalizers);
  g_test_add_func ("/gc/control/options", test_control);
  g_test_add_func ("/gc/state/no-leaks", test_state_no_leaks);
  g_test_add_func ("/gc/state/new-fails-cleanly", test_state_new_fails_cleanly);
  g_test_add_func ("/gc/state/memlimit", test_memlimit);
  g_test_add_func ("/gc/state/registry", test_registry);
  g_test_add_func ("/gc/thread/stack-roots", test_threads);
  return g_test_run ();
}
