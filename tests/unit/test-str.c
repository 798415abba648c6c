/*
** test-str.c: string interning, long strings, hashing and userdata (str.c)
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "gc.h"
#include "state.h"
#include "str.h"

static void *
t_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  (void) ud;
  (void) osize;
  if (nsize == 0) {
    free (ptr);
    return NULL;
  }
  return realloc (ptr, nsize);
}

/* Keep a string alive across collections: push it on the stack. */
static void
t_push (ElaraState *L, TString *ts)
{
  setsvalue (L, s2v (L->top), ts);
  L->top++;
}

static void
test_intern_identity (void)
{
  ElaraState *L = el_state_new (t_alloc, NULL, 42);
  char buf[16] = "hel";
  TString *a = el_str_new (L, "hello");
  strcat (buf, "lo");
  TString *b = el_str_newlstr (L, buf, 5);
  g_assert_true (a == b);
  g_assert_cmpuint (tsslen (a), ==, 5);
  g_assert_cmpstr (getstr (a), ==, "hello");
  g_assert_true (a->tt == EL_VSHRSTR);
  /* embedded zeros are part of the string */
  TString *z1 = el_str_newlstr (L, "a\0b", 3);
  TString *z2 = el_str_newlstr (L, "a\0c", 3);
  g_assert_true (z1 != z2);
  g_assert_true (z1 == el_str_newlstr (L, "a\0b", 3));
  /* the empty string is interned too */
  g_assert_true (el_str_new (L, "") == el_str_newlstr (L, "xyz", 0));
  el_state_close (L);
}

static void
test_long_strings (void)
{
  ElaraState *L = el_state_new (t_alloc, NULL, 42);
  char buf[EL_MAXSHORTLEN + 10];
  memset (buf, 'x', sizeof buf);
  TString *s40 = el_str_newlstr (L, buf, EL_MAXSHORTLEN);
  g_assert_true (s40->tt == EL_VSHRSTR);
  TString *l1 = el_str_newlstr (L, buf, sizeof buf);
  TString *l2 = el_str_newlstr (L, buf, sizeof buf);
  g_assert_true (l1->tt == EL_VLNGSTR);
  g_assert_true (l1 != l2);
  g_assert_true (el_str_eqlngstr (l1, l2));
  g_assert_cmpuint (el_str_hashlong (l1), ==, el_str_hashlong (l2));
  g_assert_cmpint (getstr (l1)[sizeof buf], ==, '\0');
  buf[3] = 'y';
  TString *l3 = el_str_newlstr (L, buf, sizeof buf);
  g_assert_false (el_str_eqlngstr (l1, l3));
  el_state_close (L);
}

static void
test_hash_seeded (void)
{
  unsigned int h1 = el_str_hash ("abc", 3, 1);
  unsigned int h2 = el_str_hash ("abc", 3, 2);
  g_assert_cmpuint (h1, ==, el_str_hash ("abc", 3, 1));
  g_assert_cmpuint (h1, !=, h2);
  g_assert_cmpuint (el_str_hash ("abd", 3, 1), !=, h1);
}

static void
test_table_grows_and_shrinks (void)
{
  ElaraState *L = el_state_new (t_alloc, NULL, 7);
  GlobalState *g = G (L);
  int before = g->strt.nuse;
  int size0 = g->strt.size;
  char buf[32];
  int i;
  for (i = 0; i < 5000; i++) {
    g_snprintf (buf, sizeof buf, "key%d", i);
    el_str_new (L, buf);
  }
  g_assert_cmpint (g->strt.nuse, >=, before + 5000);
  g_assert_cmpint (g->strt.size, >, size0);
  /* the strings are garbage: a collection frees them and shrinks */
  el_gc_fullgc (L, 0);
  g_assert_cmpint (g->strt.nuse, <, before + 100);
  g_assert_cmpint (g->strt.size, <, 8192);
  /* a fresh copy is a valid, interned string again */
  TString *k = el_str_new (L, "key17");
  t_push (L, k);
  g_assert_true (k == el_str_new (L, "key17"));
  el_gc_fullgc (L, 0);
  g_assert_true (k == el_str_new (L, "key17"));
  el_state_close (L);
}

static void
test_memerrmsg_fixed (void)
{
  ElaraState *L = el_state_new (t_alloc, NULL, 7);
  TString *m = G (L)->memerrmsg;
  g_assert_nonnull (m);
  g_assert_cmpstr (getstr (m), ==, "not enough memory");
  el_gc_fullgc (L, 0);
  g_assert_true (el_str_new (L, "not enough memory") == m);
  el_state_close (L);
}

static void
test_udata (void)
{
  ElaraState *L = el_state_new (t_alloc, NULL, 7);
  Udata *u = el_str_newudata (L, 100, 3);
  g_assert_cmpuint (u->len, ==, 100);
  g_assert_cmpuint (u->nuvalue, ==, 3);
  g_assert_null (u->metatable);
  for (int i = 0; i < 3; i++)
    g_assert_true (ttisnil (&u->uv[i]));
  g_assert_cmpuint ((uintptr_t) getudatamem (u) % 16, ==, 0);
  memset (getudatamem (u), 0xAB, 100);
  Udata *u0 = el_str_newudata (L, 0, 0);
  g_assert_cmpuint (u0->len, ==, 0);
  el_state_close (L);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/str/intern/identity", test_intern_identity);
  g_test_add_func ("/str/long/equality", test_long_strings);
  g_test_add_func ("/str/hash/seeded", test_hash_seeded);
  g_test_add_func ("/str/table/grow-shrink", test_table_grows_and_shrinks);
  g_test_add_func ("/str/memerrmsg/fixed", test_memerrmsg_fixed);
  g_test_add_func ("/str/udata/layout", test_udata);
  return g_test_run ();
}
