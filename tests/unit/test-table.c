/*
** test-table.c: tables: get/set, array and hash parts, resizes, float
** keys, next, the border (table.c)
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "call.h"
#include "gc.h"
#include "harness.h"
#include "state.h"
#include "str.h"
#include "table.h"

typedef struct {
  ElaraState *L;
  Table *t;
} Fixture;

static void
fx_setup (Fixture *fx, gconstpointer data)
{
  (void) data;
  fx->L = harness_newstate (99);
  fx->t = el_table_new (fx->L);
  /* anchored on the stack for the whole test */
  sethvalue (fx->L, s2v (fx->L->top), fx->t);
  fx->L->top++;
}

static void
fx_teardown (Fixture *fx, gconstpointer data)
{
  (void) data;
  el_state_close (fx->L);
}

static void
seti (Fixture *fx, ElInt k, ElInt v)
{
  TValue tv;
  setivalue (&tv, v);
  el_table_setint (fx->L, fx->t, k, &tv);
}

static ElInt
geti (Fixture *fx, ElInt k)
{
  TValue v = { { NULL }, EL_VNIL };
  int tag = el_table_getint (fx->t, k, &v);
  if (tagisempty (tag))
    return -999;
  g_assert_cmpint (tag, ==, rawtt (&v));
  g_assert_true (ttisinteger (&v));
  return ivalue (&v);
}

/* The integer value of t[k] (the getter must return the copied tag). */
static ElInt
getk (Table *t, const TValue *k)
{
  TValue v = { { NULL }, EL_VNIL };
  int tag = el_table_get (t, k, &v);
  g_assert_cmpint (tag, ==, EL_VNUMINT);
  g_assert_true (ttisinteger (&v));
  return ivalue (&v);
}

/* The tag of t[k] (absent keys: EL_VABSTKEY). */
static int
gettag (Table *t, const TValue *k)
{
  TValue v;
  return el_table_get (t, k, &v);
}

static int
getinttag (Table *t, ElInt k)
{
  TValue v;
  return el_table_getint (t, k, &v);
}

static void
setstr (Fixture *fx, const char *k, ElInt v)
{
  TValue key, tv;
  setsvalue (fx->L, &key, el_str_new (fx->L, k));
  setivalue (&tv, v);
  el_table_set (fx->L, fx->t, &key, &tv);
}

static void
test_grow_array (Fixture *fx, gconstpointer data)
{
  (void) data;
  for (ElInt i = 1; i <= 1000; i++)
    seti (fx, i, i * 10);
  g_assert_cmpuint (fx->t->asize, >=, 1000);
  g_assert_cmpuint (fx->t->asize, <=, 1024);
  for (ElInt i = 1; i <= 1000; i++)
    g_assert_cmpint (geti (fx, i), ==, i * 10);
  g_assert_cmpint (geti (fx, 1001), ==, -999);
  g_assert_cmpint (geti (fx, 0), ==, -999);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 1000);
}

static void
test_reverse_fill (Fixture *fx, gconstpointer data)
{
  (void) data;
  /* keys arrive from the top: first in the hash, then moved to the array */
  for (ElInt i = 256; i >= 1; i--)
    seti (fx, i, -i);
  for (ElInt i = 1; i <= 256; i++)
    g_assert_cmpint (geti (fx, i), ==, -i);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 256);
  g_assert_cmpuint (fx->t->asize, ==, 256);
}

static void
test_hash_part (Fixture *fx, gconstpointer data)
{
  (void) data;
  char buf[32];
  for (int i = 0; i < 2000; i++) {
    g_snprintf (buf, sizeof buf, "k%d", i);
    setstr (fx, buf, i);
  }
  for (int i = 0; i < 2000; i++) {
    g_snprintf (buf, sizeof buf, "k%d", i);
    const TValue *v = el_table_getstr (fx->t, el_str_new (fx->L, buf));
    g_assert_true (ttisinteger (v) && ivalue (v) == i);
  }
  g_assert_true (isabstkey (el_table_getstr (fx->t, el_str_new (fx->L, "nope"))));
  g_assert_cmpuint (fx->t->asize, ==, 0);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 0);
  /* sparse integer keys stay in the hash */
  for (ElInt i = 1; i <= 50; i++)
    seti (fx, i * 1000003, i);
  for (ElInt i = 1; i <= 50; i++)
    g_assert_cmpint (geti (fx, i * 1000003), ==, i);
  g_assert_cmpuint (fx->t->asize, ==, 0);
  g_assert_cmpuint (el_table_size (fx->t), >, 2050 * sizeof (Node));
}

static void
test_float_keys (Fixture *fx, gconstpointer data)
{
  (void) data;
  TValue k, v;
  setfltvalue (&k, 2.0);
  setivalue (&v, 22);
  el_table_set (fx->L, fx->t, &k, &v);
  /* 2.0 and 2 are the same key */
  g_assert_cmpint (geti (fx, 2), ==, 22);
  setivalue (&k, 2);
  g_assert_true (getk (fx->t, &k) == 22);
  setfltvalue (&k, 2.5);
  setivalue (&v, 25);
  el_table_set (fx->L, fx->t, &k, &v);
  setfltvalue (&k, 2.5);
  g_assert_true (getk (fx->t, &k) == 25);
  setfltvalue (&k, -0.0);
  setivalue (&v, 1);
  el_table_set (fx->L, fx->t, &k, &v);
  g_assert_cmpint (geti (fx, 0), ==, 1);
  setfltvalue (&k, ldexp (1, 70));
  setivalue (&v, 70);
  el_table_set (fx->L, fx->t, &k, &v);
  g_assert_true (getk (fx->t, &k) == 70);
  /* the next() key of an integral float entry is an integer */
  StkId key = fx->L->top;
  setnilvalue (s2v (key));
  fx->L->top += 2;
  int seen_int2 = 0;
  while (el_table_next (fx->L, fx->t, key)) {
    if (ttisinteger (s2v (key)) && ivalue (s2v (key)) == 2)
      seen_int2 = 1;
    g_assert_false (ttisfloat (s2v (key)) && fltvalue (s2v (key)) == 2.0);
  }
  g_assert_true (seen_int2);
  fx->L->top -= 2;
}

static int
t_protected_status (ElaraState *L, Pfunc f, void *ud)
{
  ptrdiff_t top = savestack (L, L->top);
  int st = el_call_pcall (L, f, ud, top, 0);
  if (st != ELARA_OK)
    L->top = restorestack (L, top);
  return st;
}

static void
t_set_nil_key (ElaraState *L, void *ud)
{
  TValue k, v;
  setnilvalue (&k);
  setivalue (&v, 1);
  el_table_set (L, (Table *) ud, &k, &v);
}

static void
t_set_nan_key (ElaraState *L, void *ud)
{
  TValue k, v;
  setfltvalue (&k, NAN);
  setivalue (&v, 1);
  el_table_set (L, (Table *) ud, &k, &v);
}

static void
t_next_bad_key (ElaraState *L, void *ud)
{
  StkId key = L->top;
  setsvalue (L, s2v (key), el_str_new (L, "absent-key"));
  L->top += 2;
  el_table_next (L, (Table *) ud, key);
}

static void
test_bad_keys (Fixture *fx, gconstpointer data)
{
  (void) data;
  ElaraState *L = fx->L;
  g_assert_cmpint (t_protected_status (L, t_set_nil_key, fx->t), ==,
                   ELARA_ERRRUN);
  g_assert_cmpint (t_protected_status (L, t_set_nan_key, fx->t), ==,
                   ELARA_ERRRUN);
  g_assert_cmpint (t_protected_status (L, t_next_bad_key, fx->t), ==,
                   ELARA_ERRRUN);
  /* a nil key reads as absent; a nil value is not inserted */
  TValue k, v;
  setnilvalue (&k);
  g_assert_true (gettag (fx->t, &k) == EL_VABSTKEY);
  setfltvalue (&k, NAN);
  g_assert_true (tagisempty (gettag (fx->t, &k)));
  setivalue (&k, 77);
  setnilvalue (&v);
  el_table_set (L, fx->t, &k, &v);
  g_assert_true (gettag (fx->t, &k) == EL_VABSTKEY);
}

static void
test_next_walk (Fixture *fx, gconstpointer data)
{
  (void) data;
  ElaraState *L = fx->L;
  ElInt sum = 0, count = 0;
  for (ElInt i = 1; i <= 20; i++)
    seti (fx, i, i);
  setstr (fx, "a", 100);
  setstr (fx, "b", 200);
  seti (fx, -5, 1000);
  StkId key = L->top;
  setnilvalue (s2v (key));
  L->top += 2;
  while (el_table_next (L, fx->t, key)) {
    sum += ivalue (s2v (key + 1));
    count++;
  }
  g_assert_cmpint (count, ==, 23);
  g_assert_cmpint (sum, ==, 210 + 300 + 1000);
  /* clearing fields during a traversal is allowed */
  setnilvalue (s2v (key));
  count = 0;
  while (el_table_next (L, fx->t, key)) {
    TValue nil;
    setnilvalue (&nil);
    el_table_set (L, fx->t, s2v (key), &nil);
    count++;
  }
  g_assert_cmpint (count, ==, 23);
  setnilvalue (s2v (key));
  g_assert_false (el_table_next (L, fx->t, key));
  L->top -= 2;
}

static void
test_border (Fixture *fx, gconstpointer data)
{
  (void) data;
  ElaraState *L = fx->L;
  g_assert_cmpuint (el_table_getn (fx->t), ==, 0);
  el_table_resize (L, fx->t, 8, 0);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 0);
  seti (fx, 1, 1);
  seti (fx, 2, 1);
  seti (fx, 3, 1);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 3);
  for (ElInt i = 4; i <= 8; i++)
    seti (fx, i, 1);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 8);
  /* continues into the hash part */
  el_table_resize (L, fx->t, 8, 16);
  for (ElInt i = 9; i <= 20; i++)
    seti (fx, i, 1);
  g_assert_cmpuint (fx->t->asize, ==, 8);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 20);
  /* with holes any border is a valid length, but the reference picks the
  ** one its hint leads to, so must we: the last '#' left the hint at the
  ** full array part's end, so the search goes on into the hash part */
  TValue nil;
  setnilvalue (&nil);
  el_table_setint (L, fx->t, 5, &nil);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 20);
  /* after a change of the array size it starts from the middle again, and
  ** finds the border next to it */
  el_table_resize (L, fx->t, 6, 32);
  ElUInt n = el_table_getn (fx->t);
  g_assert_cmpuint (n, ==, 4);
  g_assert_true (!tagisempty (getinttag (fx->t, (ElInt) n)));
  g_assert_true (tagisempty (getinttag (fx->t, (ElInt) n + 1)));
}

static void
setnil (Fixture *fx, ElInt k)
{
  TValue nil;
  setnilvalue (&nil);
  el_table_setint (fx->L, fx->t, k, &nil);
}

/* Fill keys 1..asize of a fresh array part of that size, except the
** listed holes (0-terminated), and return '#'. */
static ElUInt
border_with_holes (Fixture *fx, unsigned int asize, const ElInt *holes)
{
  el_table_resize (fx->L, fx->t, 0, 0);
  el_table_resize (fx->L, fx->t, asize, 0);
  for (ElInt i = 1; i <= (ElInt) asize; i++)
    seti (fx, i, i);
  for (; *holes != 0; holes++)
    setnil (fx, *holes);
  g_assert_cmpuint (fx->t->asize, ==, asize);
  return el_table_getn (fx->t);
}

/* Each expected value is what the reference Lua 5.5.0 gives for a table
** with that array part (a constructor of that many items). */
static void
test_border_holes (Fixture *fx, gconstpointer data)
{
  (void) data;
  static const struct {
    unsigned int asize;
    ElInt holes[4];
    ElUInt n;
  } cases[] = {
    { 1, { 1, 0 }, 0 },
    { 2, { 1, 0 }, 0 },         /* {nil, true} */
    { 3, { 2, 0 }, 1 },         /* {1, nil, 3} */
    { 3, { 1, 2, 0 }, 0 },      /* {nil, nil, 3} */
    { 4, { 4, 0 }, 3 },
    { 8, { 5, 0 }, 4 },
    { 8, { 2, 0 }, 8 },
    { 16, { 9, 0 }, 8 },
    { 16, { 3, 0 }, 16 },
    { 16, { 16, 4, 0 }, 15 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++) {
    ElUInt n = border_with_holes (fx, cases[i].asize, cases[i].holes);
    g_assert_cmpuint (n, ==, cases[i].n);
    /* taking it again finds the same border */
    g_assert_cmpuint (el_table_getn (fx->t), ==, n);
  }
}

/* The array part keeps 2^k slots while more than a third of them are used,
** as in the reference: '#' of a table with holes depends on it. */
static void
test_array_sizing (Fixture *fx, gconstpointer data)
{
  (void) data;
  seti (fx, 1, 1);
  seti (fx, 4, 4);
  g_assert_cmpuint (fx->t->asize, ==, 4);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 1);
}

/* Keys 1, 2, 4, ... 2^62: a probe that only doubled would walk them all
** and answer 2^62; the randomized one leaves the pattern at once. */
static void
test_border_attack (Fixture *fx, gconstpointer data)
{
  (void) data;
  for (int i = 0; i <= 62; i++)
    seti (fx, (ElInt) 1 << i, i);
  ElUInt n = el_table_getn (fx->t);
  g_assert_cmpuint (n, <, (ElUInt) 1 << 20);
  g_assert_true (!tagisempty (getinttag (fx->t, (ElInt) n)));
  g_assert_true (tagisempty (getinttag (fx->t, (ElInt) n + 1)));
}

static void
test_border_large (Fixture *fx, gconstpointer data)
{
  (void) data;
  for (ElInt i = 1; i <= 100000; i++)
    seti (fx, i, i);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 100000);
  TValue nil;
  setnilvalue (&nil);
  for (ElInt i = 100000; i > 50000; i--)
    el_table_setint (fx->L, fx->t, i, &nil);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 50000);
}

static void
test_shrink (Fixture *fx, gconstpointer data)
{
  (void) data;
  ElaraState *L = fx->L;
  for (ElInt i = 1; i <= 64; i++)
    seti (fx, i, i);
  setstr (fx, "x", 1);
  /* shrinking the array moves the vanishing slice to the hash part */
  el_table_resize (L, fx->t, 16, 0);
  g_assert_cmpuint (fx->t->asize, ==, 16);
  for (ElInt i = 1; i <= 64; i++)
    g_assert_cmpint (geti (fx, i), ==, i);
  const TValue *x = el_table_getstr (fx->t, el_str_new (L, "x"));
  g_assert_true (ttisinteger (x) && ivalue (x) == 1);
  el_table_resizearray (L, fx->t, 0);
  for (ElInt i = 1; i <= 64; i++)
    g_assert_cmpint (geti (fx, i), ==, i);
  g_assert_cmpuint (el_table_getn (fx->t), ==, 64);
}

static void
test_mixed_keys (Fixture *fx, gconstpointer data)
{
  (void) data;
  ElaraState *L = fx->L;
  TValue k, v;
  Table *other = el_table_new (L);
  sethvalue (L, s2v (L->top), other);
  L->top++;
  setbtvalue (&k);
  setivalue (&v, 1);
  el_table_set (L, fx->t, &k, &v);
  setbfvalue (&k);
  setivalue (&v, 2);
  el_table_set (L, fx->t, &k, &v);
  sethvalue (L, &k, other);
  setivalue (&v, 3);
  el_table_set (L, fx->t, &k, &v);
  setpvalue (&k, &v);
  setivalue (&v, 4);
  el_table_set (L, fx->t, &k, &v);
  setbtvalue (&k);
  g_assert_true (getk (fx->t, &k) == 1);
  setbfvalue (&k);
  g_assert_true (getk (fx->t, &k) == 2);
  sethvalue (L, &k, other);
  g_assert_true (getk (fx->t, &k) == 3);
  setpvalue (&k, &v);
  g_assert_true (getk (fx->t, &k) == 4);
  L->top--;
}

/* The split array part: payloads and tags stay paired through in-place
** growth (the tags move behind the new payloads), shrinking and the
** accounting (9 bytes an entry). */
static void
test_split_layout (Fixture *fx, gconstpointer data)
{
  (void) data;
  ElaraState *L = fx->L;
  TValue v;
  unsigned int sizes[] = { 1, 2, 3, 7, 64, 65, 1000, 4096, 100 };
  for (size_t s = 0; s < G_N_ELEMENTS (sizes); s++) {
    unsigned int n = sizes[s];
    el_table_resizearray (L, fx->t, n);
    g_assert_cmpuint (fx->t->asize, ==, n);
    g_assert_cmpuint (el_table_size (fx->t), ==,
                      sizeof (Table) + (size_t) n * 9
                      + sizeof (unsigned int)  /* the '#' hint */
                      /* (the dummy, or one node already taken:
                      ** this test's keys all go to the array part, so
                      ** the table never has that one node) */
                      + (fx->t->lastfree == 0 && fx->t->nodemask == 0
                         ? 0 : sizeof (Node) << fx->t->lsizenode));
    /* every entry up to n: integer i, float for multiples of 3, true
    ** for multiples of 5, a hole for multiples of 7 */
    for (unsigned int i = 1; i <= n; i++) {
      if (i % 7 == 0)
        setnilvalue (&v);
      else if (i % 5 == 0)
        setbtvalue (&v);
      else if (i % 3 == 0) {
        setfltvalue (&v, i + 0.5);
      }
      else {
        setivalue (&v, i);
      }
      el_table_setint (L, fx->t, i, &v);
    }
    /* check after the next size too: growing keeps, shrinking moves the
    ** rest to the hash part */
    unsigned int next = (s + 1 < G_N_ELEMENTS (sizes)) ? sizes[s + 1] : n;
    el_table_resize (L, fx->t, next, 0);
    for (unsigned int i = 1; i <= n; i++) {
      TValue r = { { NULL }, EL_VNIL };
      int tag = el_table_getint (fx->t, i, &r);
      int ok;
      if (i % 7 == 0)
        ok = tagisempty (tag);
      else if (i % 5 == 0)
        ok = tag == EL_VTRUE && ttistrue (&r);
      else if (i % 3 == 0)
        ok = tag == EL_VNUMFLT && fltvalue (&r) == i + 0.5;
      else
        ok = tag == EL_VNUMINT && ivalue (&r) == (ElInt) i;
      g_assert_true (ok);
    }
    for (unsigned int i = n + 1; i <= next; i++)
      g_assert_true (tagisempty (getinttag (fx->t, i)));
    /* start the next size from an empty table */
    el_table_resize (L, fx->t, 0, 0);
  }
}

/* Set if present and its hint: present values and empty array entries of
** a table without metatable are stored; otherwise the hint lets
** el_table_finishset insert without a second lookup. */
static void
test_pset (Fixture *fx, gconstpointer data)
{
  (void) data;
  ElaraState *L = fx->L;
  TValue v, k, nil = { { NULL }, EL_VNIL };
  setivalue (&v, 5);
  el_table_resizearray (L, fx->t, 4);
  g_assert_null (el_table_psetint (L, fx->t, 2, &v));   /* empty, no mt */
  g_assert_cmpint (geti (fx, 2), ==, 5);
  /* outside the array part: the absent key as hint, then an insertion */
  const TValue *hint = el_table_psetint (L, fx->t, 10, &v);
  g_assert_true (hint == &el_table_absentkey);
  setivalue (&k, 10);
  el_table_finishset (L, fx->t, &k, hint, &v);
  g_assert_cmpint (geti (fx, 10), ==, 5);
  g_assert_null (el_table_psetint (L, fx->t, 10, &nil));  /* present */
  /* a removed entry keeps its node: the hint is its (empty) value */
  hint = el_table_psetint (L, fx->t, 10, &v);
  g_assert_nonnull (hint);
  g_assert_false (hint == &el_table_absentkey);
  g_assert_true (isempty (hint));
  el_table_finishset (L, fx->t, &k, hint, &v);
  g_assert_cmpint (geti (fx, 10), ==, 5);
  /* with a metatable an empty array entry is left to the caller, whose
  ** finishset with the absent key stores it in the array part */
  fx->t->metatable = el_table_new (L);
  g_assert_true (el_table_psetint (L, fx->t, 3, &v) == &el_table_absentkey);
  g_assert_null (el_table_psetint (L, fx->t, 2, &v));   /* present */
  setivalue (&k, 3);
  el_table_finishset (L, fx->t, &k, &el_table_absentkey, &v);
  g_assert_cmpint (geti (fx, 3), ==, 5);
  g_assert_cmpuint (fx->t->asize, ==, 4);
  /* a float key with an integer value is the array entry */
  setfltvalue (&k, 4.0);
  el_table_finishset (L, fx->t, &k, NULL, &v);
  g_assert_cmpint (geti (fx, 4), ==, 5);
  setivalue (&v, 6);
  g_assert_null (el_table_pset (L, fx->t, &k, &v));
  g_assert_cmpint (geti (fx, 4), ==, 6);
  fx->t->metatable = NULL;
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fx_setup, fn, fx_teardown)
  ADD ("/table/resize/grow-array", test_grow_array);
  ADD ("/table/resize/reverse-fill", test_reverse_fill);
  ADD ("/table/resize/shrink", test_shrink);
  ADD ("/table/array/split-layout", test_split_layout);
  ADD ("/table/array/set-if-present", test_pset);
  ADD ("/table/hash/strings-and-sparse", test_hash_part);
  ADD ("/table/hash/mixed-keys", test_mixed_keys);
  ADD ("/table/keys/float-normalised", test_float_keys);
  ADD ("/table/keys/errors", test_bad_keys);
  ADD ("/table/next/walk-and-clear", test_next_walk);
  ADD ("/table/length/border", test_border);
  ADD ("/table/length/large", test_border_large);
  ADD ("/table/length/holes", test_border_holes);
  ADD ("/table/length/array-sizing", test_array_sizing);
  ADD ("/table/length/attack", test_border_attack);
#undef ADD
  return g_test_run ();
}
