/*
** test-api.c: the stack API and the auxiliary layer, driven through the
** host vtable exactly as a plugin sees it
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "elara/elara-plugin.h"
#include "host.h"
#include "state.h"

static const ElaraHost *H;

static void *
test_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  (void) ud;
  (void) osize;
  if (nsize == 0) {
    free (ptr);
    return NULL;
  }
  return realloc (ptr, nsize);
}

static ElaraState *
test_newstate (void)
{
  ElaraState *L = el_state_new (test_alloc, NULL, 12345u);
  g_assert_nonnull (L);
  H = el_host_get ();
  g_assert_cmpuint (H->abi.abi_major, ==, ELARA_ABI_MAJOR);
  g_assert_cmpuint (H->abi.struct_size, ==, sizeof (ElaraHost));
  return L;
}

#define pop(L, n)  H->settop (L, -(n) - 1)

static const char *
tostr (ElaraState *L, int idx)
{
  return H->tolstring (L, idx, NULL);
}

/* -- Stack ----------------------------------------------------------------- */

static void
test_stack_push_get (void)
{
  ElaraState *L = test_newstate ();
  size_t len;
  int isnum;
  const char *s;

  g_assert_cmpint (H->gettop (L), ==, 0);
  H->pushinteger (L, 42);
  H->pushnumber (L, 2.5);
  H->pushstring (L, "hello");
  H->pushboolean (L, 1);
  H->pushnil (L);
  H->pushlstring (L, "a\0b", 3);
  g_assert_cmpint (H->gettop (L), ==, 6);

  g_assert_cmpint (H->type (L, 1), ==, ELARA_TNUMBER);
  g_assert_cmpint (H->type (L, 3), ==, ELARA_TSTRING);
  g_assert_cmpint (H->type (L, 4), ==, ELARA_TBOOLEAN);
  g_assert_cmpint (H->type (L, 5), ==, ELARA_TNIL);
  g_assert_cmpint (H->type (L, 7), ==, ELARA_TNONE);
  g_assert_cmpstr (H->typename_ (L, ELARA_TNONE), ==, "no value");
  g_assert_cmpstr (H->typename_ (L, ELARA_TTABLE), ==, "table");

  g_assert_true (H->isinteger (L, 1));
  g_assert_false (H->isinteger (L, 2));
  g_assert_cmpint (H->tointegerx (L, 1, &isnum), ==, 42);
  g_assert_true (isnum);
  H->tointegerx (L, 2, &isnum);
  g_assert_false (isnum);
  g_assert_cmpfloat (H->tonumberx (L, 2, NULL), ==, 2.5);
  g_assert_true (H->toboolean (L, 4));
  g_assert_false (H->toboolean (L, 5));
  g_assert_false (H->toboolean (L, 7));

  s = H->tolstring (L, 6, &len);
  g_assert_cmpuint (len, ==, 3);
  g_assert_cmpmem (s, 3, "a\0b", 3);
  g_assert_cmpuint (H->rawlen (L, 3), ==, 5);

  /* numbers convert in place; strings convert to numbers */
  g_assert_true (H->isstring (L, 1));
  g_assert_cmpstr (tostr (L, 1), ==, "42");
  g_assert_cmpint (H->type (L, 1), ==, ELARA_TSTRING);
  g_assert_cmpstr (tostr (L, 2), ==, "2.5");
  H->pushstring (L, " 0x10 ");
  g_assert_true (H->isnumber (L, -1));
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 16);
  pop (L, 1);

  /* rotate, copy, absindex, settop */
  H->settop (L, 0);
  H->pushinteger (L, 1);
  H->pushinteger (L, 2);
  H->pushinteger (L, 3);
  H->rotate (L, 1, 1);  /* 3 1 2 */
  g_assert_cmpint (H->tointegerx (L, 1, NULL), ==, 3);
  g_assert_cmpint (H->tointegerx (L, 3, NULL), ==, 2);
  H->rotate (L, 1, -1); /* 1 2 3 */
  g_assert_cmpint (H->tointegerx (L, 1, NULL), ==, 1);
  H->copy (L, 1, 3);
  g_assert_cmpint (H->tointegerx (L, 3, NULL), ==, 1);
  g_assert_cmpint (H->absindex (L, -1), ==, 3);
  g_assert_cmpint (H->absindex (L, ELARA_REGISTRYINDEX), ==,
                   ELARA_REGISTRYINDEX);
  H->settop (L, 5);
  g_assert_cmpint (H->type (L, 5), ==, ELARA_TNIL);
  H->settop (L, -3);
  g_assert_cmpint (H->gettop (L), ==, 3);
  g_assert_true (H->checkstack (L, 100));

  /* number formatting (5.5 round-trip rule) and string to number */
  H->pushnumber (L, 1.0 / 3.0);
  {
    char buff[64];
    unsigned n = H->numbertocstring (L, -1, buff);
    g_assert_cmpstr (buff, ==, "0.33333333333333331");
    g_assert_cmpuint (n, ==, strlen (buff) + 1);
  }
  g_assert_cmpuint (H->stringtonumber (L, "12"), ==, 3);
  g_assert_true (H->isinteger (L, -1));
  g_assert_cmpuint (H->stringtonumber (L, "x12"), ==, 0);

  el_state_close (L);
}

static void
test_stack_fstring (void)
{
  ElaraState *L = test_newstate ();
  g_assert_cmpstr (H->pushfstring (L, "%s-%d-%%", "a", 7), ==, "a-7-%");
  g_assert_cmpstr (H->pushfstring (L, "%I", (ElaraInteger) -5), ==, "-5");
  g_assert_cmpstr (H->pushfstring (L, "%f", 2.0), ==, "2.0");
  H->pushstring (L, "x");
  H->pushinteger (L, 1);
  H->pushstring (L, "y");
  H->concat (L, 3);
  g_assert_cmpstr (tostr (L, -1), ==, "x1y");
  H->concat (L, 0);
  g_assert_cmpstr (tostr (L, -1), ==, "");
  el_state_close (L);
}

static void
test_stack_arith_compare (void)
{
  ElaraState *L = test_newstate ();
  H->pushinteger (L, 7);
  H->pushinteger (L, 2);
  H->arith (L, ELARA_OPIDIV);
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 3);
  H->pushnumber (L, 1.5);
  H->arith (L, ELARA_OPADD);
  g_assert_cmpfloat (H->tonumberx (L, -1, NULL), ==, 4.5);
  H->arith (L, ELARA_OPUNM);
  g_assert_cmpfloat (H->tonumberx (L, -1, NULL), ==, -4.5);
  H->pushinteger (L, 3);
  g_assert_true (H->compare (L, -2, -1, ELARA_OPLT));
  g_assert_false (H->compare (L, -1, -2, ELARA_OPLE));
  g_assert_false (H->compare (L, -1, 10, ELARA_OPEQ));  /* invalid index */
  H->pushinteger (L, 3);
  g_assert_true (H->rawequal (L, -1, -2));
  H->pushnumber (L, 3.0);
  g_assert_true (H->compare (L, -1, -2, ELARA_OPEQ));
  el_state_close (L);
}

/* -- Tables ------------------------------------------------------------------ */

static void
test_table_basic (void)
{
  ElaraState *L = test_newstate ();
  int t, n;
  ElaraInteger sum = 0;

  H->createtable (L, 4, 2);
  t = H->gettop (L);
  H->pushstring (L, "v");
  H->setfield (L, t, "k");
  g_assert_cmpint (H->getfield (L, t, "k"), ==, ELARA_TSTRING);
  g_assert_cmpstr (tostr (L, -1), ==, "v");
  pop (L, 1);
  g_assert_cmpint (H->getfield (L, t, "missing"), ==, ELARA_TNIL);
  pop (L, 1);

  for (n = 1; n <= 10; n++) {
    H->pushinteger (L, n * 10);
    H->seti (L, t, n);
  }
  g_assert_cmpuint (H->rawlen (L, t), ==, 10);
  g_assert_cmpint (H->geti (L, t, 3), ==, ELARA_TNUMBER);
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 30);
  pop (L, 1);
  g_assert_cmpint (H->rawgeti (L, t, 11), ==, ELARA_TNIL);
  pop (L, 1);

  H->pushboolean (L, 1);
  H->pushstring (L, "bool key");
  H->rawset (L, t);
  H->pushboolean (L, 1);
  g_assert_cmpint (H->rawget (L, t), ==, ELARA_TSTRING);
  pop (L, 1);

  H->pushstring (L, "light");
  H->rawsetp (L, t, &sum);
  g_assert_cmpint (H->rawgetp (L, t, &sum), ==, ELARA_TSTRING);
  pop (L, 1);

  /* traversal sees every key once */
  n = 0;
  H->pushnil (L);
  while (H->next (L, t)) {
    if (H->isinteger (L, -2))
      sum += H->tointegerx (L, -1, NULL);
    n++;
    pop (L, 1);
  }
  g_assert_cmpint (n, ==, 13);
  g_assert_cmpint (sum, ==, 550);
  g_assert_cmpint (H->gettop (L), ==, t);
  g_assert_cmpint (H->len_ (L, t), ==, 10);

  /* globals */
  H->pushinteger (L, 99);
  H->setglobal (L, "answer");
  g_assert_cmpint (H->getglobal (L, "answer"), ==, ELARA_TNUMBER);
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 99);
  pop (L, 1);
  g_assert_cmpint (H->rawgeti (L, ELARA_REGISTRYINDEX, ELARA_RIDX_GLOBALS),
                   ==, ELARA_TTABLE);
  g_assert_cmpint (H->getfield (L, -1, "answer"), ==, ELARA_TNUMBER);
  pop (L, 2);

  /* getsubtable creates once */
  g_assert_cmpint (H->getsubtable (L, t, "sub"), ==, 0);
  g_assert_cmpint (H->getsubtable (L, t, "sub"), ==, 1);
  g_assert_true (H->rawequal (L, -1, -2));
  el_state_close (L);
}

static int
test_index_mm (ElaraState *L)
{
  /* __index (t, k) returns "idx:" .. k */
  H->pushstring (L, "idx:");
  H->pushvalue (L, 2);
  H->concat (L, 2);
  return 1;
}

static void
test_table_metatable (void)
{
  ElaraState *L = test_newstate ();
  H->createtable (L, 0, 0);
  H->createtable (L, 0, 1);
  H->pushcclosure (L, test_index_mm, 0);
  H->setfield (L, -2, "__index");
  H->setmetatable (L, -2);
  g_assert_cmpint (H->getfield (L, 1, "abc"), ==, ELARA_TSTRING);
  g_assert_cmpstr (tostr (L, -1), ==, "idx:abc");
  pop (L, 1);
  g_assert_cmpint (H->rawgeti (L, 1, 5), ==, ELARA_TNIL);
  pop (L, 1);
  g_assert_cmpint (H->getmetafield (L, 1, "__index"), ==, ELARA_TFUNCTION);
  pop (L, 1);
  g_assert_cmpint (H->getmetafield (L, 1, "__nothing"), ==, ELARA_TNIL);
  g_assert_true (H->getmetatable (L, 1));
  pop (L, 1);
  H->pushnil (L);
  H->setmetatable (L, 1);
  g_assert_false (H->getmetatable (L, 1));
  g_assert_cmpint (H->gettop (L), ==, 1);
  el_state_close (L);
}

/* -- Calls and errors ------------------------------------------------------ */

static int
test_add_upvalue (ElaraState *L)
{
  /* returns arg1 + upvalue 1, and the number of arguments */
  ElaraInteger a = H->checkinteger (L, 1);
  ElaraInteger u = H->tointegerx (L, elara_upvalueindex (1), NULL);
  H->pushinteger (L, a + u);
  H->pushinteger (L, H->gettop (L) - 1);
  return 2;
}

static int
test_raise (ElaraState *L)
{
  return H->errorf (L, "boom %d", 7);
}

static int
test_raise_value (ElaraState *L)
{
  H->settop (L, 1);
  return H->error (L);
}

static int
test_needs_int (ElaraState *L)
{
  H->checkinteger (L, 1);
  return 0;
}

static int
test_handler (ElaraState *L)
{
  H->pushstring (L, "handled: ");
  H->pushvalue (L, 1);
  H->concat (L, 2);
  return 1;
}

static void
test_call_pcall (void)
{
  ElaraState *L = test_newstate ();
  int status;

  H->pushinteger (L, 100);
  H->pushcclosure (L, test_add_upvalue, 1);
  H->pushinteger (L, 5);
  H->callk (L, 1, ELARA_MULTRET, 0, NULL);
  g_assert_cmpint (H->gettop (L), ==, 2);
  g_assert_cmpint (H->tointegerx (L, 1, NULL), ==, 105);
  g_assert_cmpint (H->tointegerx (L, 2, NULL), ==, 1);
  H->settop (L, 0);

  /* error message from a C function: no position at level 1 */
  H->pushcclosure (L, test_raise, 0);
  status = H->pcallk (L, 0, 0, 0, 0, NULL);
  g_assert_cmpint (status, ==, ELARA_ERRRUN);
  g_assert_cmpstr (tostr (L, -1), ==, "boom 7");
  H->settop (L, 0);

  /* argument errors */
  H->pushcclosure (L, test_needs_int, 0);
  H->pushstring (L, "x");
  status = H->pcallk (L, 1, 0, 0, 0, NULL);
  g_assert_cmpint (status, ==, ELARA_ERRRUN);
  g_assert_cmpstr (tostr (L, -1), ==,
                   "bad argument #1 to '?' (number expected, got string)");
  H->settop (L, 0);
  H->pushcclosure (L, test_needs_int, 0);
  H->pushnumber (L, 1.5);
  status = H->pcallk (L, 1, 0, 0, 0, NULL);
  g_assert_cmpstr (tostr (L, -1), ==,
                   "bad argument #1 to '?' "
                   "(number has no integer representation)");
  H->settop (L, 0);

  /* a message handler sees the error first */
  H->pushcclosure (L, test_handler, 0);
  H->pushcclosure (L, test_raise, 0);
  status = H->pcallk (L, 0, 1, 1, 0, NULL);
  g_assert_cmpint (status, ==, ELARA_ERRRUN);
  g_assert_cmpstr (tostr (L, -1), ==, "handled: boom 7");
  H->settop (L, 0);

  /* any value can be an error object */
  H->pushcclosure (L, test_raise_value, 0);
  H->pushinteger (L, 5);
  status = H->pcallk (L, 1, 0, 0, 0, NULL);
  g_assert_cmpint (status, ==, ELARA_ERRRUN);
  g_assert_true (H->isinteger (L, -1));
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 5);
  H->settop (L, 0);
  el_state_close (L);
}

static void
test_call_load (void)
{
  ElaraState *L = test_newstate ();
  const char *code = "local a, b = ... ; answer = a * b ; return a + b, 'x'";
  int status = H->loadbufferx (L, code, strlen (code), "=test", NULL);
  g_assert_cmpint (status, ==, ELARA_OK);
  g_assert_cmpint (H->type (L, -1), ==, ELARA_TFUNCTION);
  H->pushinteger (L, 6);
  H->pushinteger (L, 7);
  status = H->pcallk (L, 2, 2, 0, 0, NULL);
  g_assert_cmpint (status, ==, ELARA_OK);
  g_assert_cmpint (H->tointegerx (L, -2, NULL), ==, 13);
  g_assert_cmpstr (tostr (L, -1), ==, "x");
  pop (L, 2);
  /* the chunk's _ENV is the global table */
  H->getglobal (L, "answer");
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 42);
  pop (L, 1);

  /* syntax error */
  status = H->loadbufferx (L, "x = = 1", 7, "=bad", "t");
  g_assert_cmpint (status, ==, ELARA_ERRSYNTAX);
  g_assert_nonnull (strstr (tostr (L, -1), "bad:1:"));
  pop (L, 1);

  /* mode: text refused */
  status = H->loadbufferx (L, "return 1", 8, "=m", "b");
  g_assert_cmpint (status, ==, ELARA_ERRSYNTAX);
  g_assert_nonnull (strstr (tostr (L, -1), "attempt to load a text chunk"));
  pop (L, 1);

  /* runtime error in Lua code gets a position */
  status = H->loadbufferx (L, "local t = nil\nreturn t.x", 24, "=rt", NULL);
  g_assert_cmpint (status, ==, ELARA_OK);
  status = H->pcallk (L, 0, 0, 0, 0, NULL);
  g_assert_cmpint (status, ==, ELARA_ERRRUN);
  g_assert_cmpstr (tostr (L, -1), ==,
                   "rt:2: attempt to index a nil value (local 't')");
  pop (L, 1);

  /* a missing file */
  status = H->loadfilex (L, "/nonexistent/file.lua", NULL);
  g_assert_cmpint (status, ==, ELARA_ERRFILE);
  g_assert_true (g_str_has_prefix (tostr (L, -1),
                                   "cannot open /nonexistent/file.lua"));
  pop (L, 1);
  g_assert_cmpint (H->gettop (L), ==, 0);
  el_state_close (L);
}

static int
test_where_cfunc (ElaraState *L)
{
  H->where (L, 1);
  return 1;
}

static void
test_call_where (void)
{
  ElaraState *L = test_newstate ();
  const char *code = "local f = ...\nreturn f()";
  int status = H->loadbufferx (L, code, strlen (code), "=w", NULL);
  g_assert_cmpint (status, ==, ELARA_OK);
  H->pushcclosure (L, test_where_cfunc, 0);
  status = H->pcallk (L, 1, 1, 0, 0, NULL);
  g_assert_cmpint (status, ==, ELARA_OK);
  g_assert_cmpstr (tostr (L, -1), ==, "w:2: ");
  el_state_close (L);
}

/* -- Userdata ----------------------------------------------------------------- */

typedef struct { int x; } TestUd;

static int
test_tostring_mm (ElaraState *L)
{
  TestUd *u = H->checkudata (L, 1, "TestUd");
  H->pushfstring (L, "TestUd(%d)", u->x);
  return 1;
}

static int
test_check_ud (ElaraState *L)
{
  H->checkudata (L, 1, "TestUd");
  return 0;
}

static void
test_userdata (void)
{
  ElaraState *L = test_newstate ();
  TestUd *u;
  const char *s;
  int status;

  u = H->newuserdatauv (L, sizeof (TestUd), 2);
  u->x = 17;
  g_assert_true (H->isuserdata (L, -1));
  g_assert_true (H->touserdata (L, -1) == u);
  g_assert_cmpuint (H->rawlen (L, -1), ==, sizeof (TestUd));

  g_assert_true (H->newmetatable (L, "TestUd"));
  g_assert_false (H->newmetatable (L, "TestUd"));
  pop (L, 2);
  H->setmetatable_ (L, "TestUd");
  g_assert_true (H->testudata (L, 1, "TestUd") == u);
  g_assert_null (H->testudata (L, 1, "Other"));

  /* __name shows in tostring and in type errors */
  s = H->tolstring_ (L, 1, NULL);
  g_assert_true (g_str_has_prefix (s, "TestUd: 0x"));
  pop (L, 1);
  H->pushcclosure (L, test_check_ud, 0);
  H->pushvalue (L, 1);
  status = H->pcallk (L, 1, 0, 0, 0, NULL);
  g_assert_cmpint (status, ==, ELARA_OK);
  H->pushcclosure (L, test_check_ud, 0);
  H->createtable (L, 0, 0);
  status = H->pcallk (L, 1, 0, 0, 0, NULL);
  g_assert_cmpstr (tostr (L, -1), ==,
                   "bad argument #1 to '?' (TestUd expected, got table)");
  pop (L, 1);

  /* __tostring */
  H->getfield (L, ELARA_REGISTRYINDEX, "TestUd");
  H->pushcclosure (L, test_tostring_mm, 0);
  H->setfield (L, -2, "__tostring");
  pop (L, 1);
  g_assert_cmpstr (H->tolstring_ (L, 1, NULL), ==, "TestUd(17)");
  pop (L, 1);

  /* user values */
  H->pushstring (L, "uv1");
  g_assert_true (H->setiuservalue (L, 1, 1));
  H->pushstring (L, "uv3");
  g_assert_false (H->setiuservalue (L, 1, 3));
  g_assert_cmpint (H->getiuservalue (L, 1, 1), ==, ELARA_TSTRING);
  g_assert_cmpstr (tostr (L, -1), ==, "uv1");
  g_assert_cmpint (H->getiuservalue (L, 1, 2), ==, ELARA_TNIL);
  g_assert_cmpint (H->getiuservalue (L, 1, 3), ==, ELARA_TNONE);
  pop (L, 3);

  /* light userdata */
  H->pushlightuserdata (L, u);
  g_assert_true (H->touserdata (L, -1) == u);
  g_assert_true (H->topointer (L, -1) == u);
  g_assert_cmpint (H->type (L, -1), ==, ELARA_TLIGHTUSERDATA);
  el_state_close (L);
}

/* -- tolstring_ -------------------------------------------------------------- */

static void
test_aux_tolstring (void)
{
  ElaraState *L = test_newstate ();
  size_t len;
  H->pushnil (L);
  g_assert_cmpstr (H->tolstring_ (L, -1, NULL), ==, "nil");
  H->pushboolean (L, 0);
  g_assert_cmpstr (H->tolstring_ (L, -1, NULL), ==, "false");
  H->pushinteger (L, -3);
  g_assert_cmpstr (H->tolstring_ (L, -1, &len), ==, "-3");
  g_assert_cmpuint (len, ==, 2);
  H->pushnumber (L, 1e100);
  g_assert_cmpstr (H->tolstring_ (L, -1, NULL), ==, "1e+100");
  H->pushnumber (L, 3.0);
  g_assert_cmpstr (H->tolstring_ (L, -1, NULL), ==, "3.0");
  H->createtable (L, 0, 0);
  g_assert_true (g_str_has_prefix (H->tolstring_ (L, -1, NULL), "table: 0x"));
  el_state_close (L);
}

/* -- Buffers ----------------------------------------------------------------- */

static void
test_buffer (void)
{
  ElaraState *L = test_newstate ();
  ElaraBuffer b;
  GString *expect = g_string_new (NULL);
  const char *s;
  size_t len;
  int i;

  H->pushstring (L, "below");
  H->buffinit (L, &b);
  for (i = 0; i < 2000; i++) {
    char piece[32];
    g_snprintf (piece, sizeof piece, "<%d>", i);
    H->addstring (&b, piece);
    g_string_append (expect, piece);
  }
  H->pushinteger (L, 12345);
  H->addvalue (&b);
  g_string_append (expect, "12345");
  {
    char *p = H->prepbuffsize (&b, 3);
    memcpy (p, "end", 3);
    b.n += 3;
    g_string_append (expect, "end");
  }
  H->pushresult (&b);
  s = H->tolstring (L, -1, &len);
  g_assert_cmpuint (len, ==, expect->len);
  g_assert_cmpmem (s, len, expect->str, expect->len);
  g_assert_cmpint (H->gettop (L), ==, 2);
  g_assert_cmpstr (tostr (L, 1), ==, "below");
  pop (L, 1);

  /* a small buffer stays in place */
  H->buffinit (L, &b);
  H->addlstring (&b, "ab", 2);
  H->addlstring (&b, NULL, 0);
  H->pushresult (&b);
  g_assert_cmpstr (tostr (L, -1), ==, "ab");
  pop (L, 1);

  /* buffinitsize + pushresultsize */
  {
    char *p = H->buffinitsize (L, &b, 5000);
    memset (p, 'z', 5000);
    H->pushresultsize (&b, 5000);
    g_assert_cmpuint (H->rawlen (L, -1), ==, 5000);
    pop (L, 1);
  }
  g_assert_cmpint (H->gettop (L), ==, 1);

  g_assert_cmpstr (H->gsub (L, "a.b.c", ".", "::"), ==, "a::b::c");
  g_string_free (expect, TRUE);
  el_state_close (L);
}

/* -- References ------------------------------------------------------------- */

static void
test_ref (void)
{
  ElaraState *L = test_newstate ();
  int r1, r2, r3;
  H->pushstring (L, "one");
  r1 = H->ref (L, ELARA_REGISTRYINDEX);
  H->pushstring (L, "two");
  r2 = H->ref (L, ELARA_REGISTRYINDEX);
  g_assert_cmpint (r1, >, ELARA_RIDX_LAST);
  g_assert_cmpint (r2, !=, r1);
  H->pushnil (L);
  g_assert_cmpint (H->ref (L, ELARA_REGISTRYINDEX), ==, -1);
  g_assert_cmpint (H->gettop (L), ==, 0);
  H->rawgeti (L, ELARA_REGISTRYINDEX, r2);
  g_assert_cmpstr (tostr (L, -1), ==, "two");
  pop (L, 1);
  H->unref (L, ELARA_REGISTRYINDEX, r1);
  H->pushstring (L, "three");
  r3 = H->ref (L, ELARA_REGISTRYINDEX);
  g_assert_cmpint (r3, ==, r1);  /* freed references are reused */
  H->unref (L, ELARA_REGISTRYINDEX, -1);  /* no-op */
  g_assert_cmpint (H->gettop (L), ==, 0);
  el_state_close (L);
}

/* -- Traceback --------------------------------------------------------------- */

static int
test_tb_cfunc (ElaraState *L)
{
  H->traceback (L, L, "msg", 0);
  return 1;
}

static void
test_traceback (void)
{
  ElaraState *L = test_newstate ();
  const char *code = "local f = ...\nlocal s = f()\nreturn s";
  int status;

  H->traceback (L, L, NULL, 0);
  g_assert_cmpstr (tostr (L, -1), ==, "stack traceback:");
  pop (L, 1);

  H->pushcclosure (L, test_tb_cfunc, 0);
  H->callk (L, 0, 1, 0, NULL);
  g_assert_cmpstr (tostr (L, -1), ==, "msg\nstack traceback:\n\t[C]: in ?");
  pop (L, 1);

  status = H->loadbufferx (L, code, strlen (code), "=tb", NULL);
  g_assert_cmpint (status, ==, ELARA_OK);
  H->pushcclosure (L, test_tb_cfunc, 0);
  H->callk (L, 1, 1, 0, NULL);
  g_assert_cmpstr (tostr (L, -1), ==,
                   "msg\nstack traceback:\n\t[C]: in local 'f'\n"
                   "\ttb:2: in main chunk");
  el_state_close (L);
}

/* -- Coroutines --------------------------------------------------------------- */

static int
test_co_body (ElaraState *L)
{
  /* yields its argument + 1 */
  H->pushinteger (L, H->tointegerx (L, 1, NULL) + 1);
  return H->yieldk (L, 1, 0, NULL);
}

static void
test_coroutine (void)
{
  ElaraState *L = test_newstate ();
  ElaraState *co;
  int nres, status;

  co = H->newthread (L);
  g_assert_cmpint (H->type (L, -1), ==, ELARA_TTHREAD);
  g_assert_true (H->tothread (L, -1) == co);
  g_assert_false (H->isyieldable (L));
  g_assert_cmpint (H->pushthread (L), ==, 1);
  pop (L, 1);

  H->pushcclosure (co, test_co_body, 0);
  H->pushinteger (co, 41);
  status = H->resume (co, L, 1, &nres);
  g_assert_cmpint (status, ==, ELARA_YIELD);
  g_assert_cmpint (nres, ==, 1);
  g_assert_cmpint (H->tointegerx (co, -1, NULL), ==, 42);
  g_assert_cmpint (H->status (co), ==, ELARA_YIELD);
  H->xmove (co, L, 1);
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 42);
  pop (L, 1);
  status = H->closethread (co, L);
  g_assert_cmpint (status, ==, ELARA_OK);
  g_assert_cmpint (H->status (co), ==, ELARA_OK);
  el_state_close (L);
}

/* -- GC ----------------------------------------------------------------------- */

static void
test_gc (void)
{
  ElaraState *L = test_newstate ();
  int kb = H->gc (L, ELARA_GCCOUNT);
  g_assert_cmpint (kb, >=, 0);
  g_assert_cmpint (H->gc (L, ELARA_GCCOLLECT), ==, 0);
  g_assert_true (H->gc (L, ELARA_GCISRUNNING));
  H->gc (L, ELARA_GCSTOP);
  g_assert_false (H->gc (L, ELARA_GCISRUNNING));
  H->gc (L, ELARA_GCRESTART);
  g_assert_true (H->gc (L, ELARA_GCISRUNNING));
  g_assert_cmpint (H->gc (L, 1234), ==, -1);
  el_state_close (L);
}

/* -- Plugin services ---------------------------------------------------------- */

static int
test_lib_f (ElaraState *L)
{
  H->pushstring (L, "f called");
  return 1;
}

static const ElaraLibReg test_lib_funcs[] = {
  { "f", test_lib_f },
  { NULL, NULL }
};

static const ElaraLibReg test_lib_more[] = {
  { "g", test_lib_f },
  { NULL, NULL }
};

static void
test_register_lib (void)
{
  ElaraState *L = test_newstate ();
  const char *code = "return mylib.f(), mylib.g()";

  H->register_lib (L, "mylib", test_lib_funcs, 1);
  g_assert_cmpint (H->type (L, -1), ==, ELARA_TTABLE);
  g_assert_cmpint (H->gettop (L), ==, 1);
  /* a second registration extends the same table */
  H->register_lib (L, "mylib", test_lib_more, 1);
  g_assert_true (H->rawequal (L, 1, 2));
  pop (L, 2);
  g_assert_cmpint (H->getfield (L, ELARA_REGISTRYINDEX, "_LOADED"), ==,
                   ELARA_TTABLE);
  g_assert_cmpint (H->getfield (L, -1, "mylib"), ==, ELARA_TTABLE);
  pop (L, 2);
  g_assert_cmpint (H->loadbufferx (L, code, strlen (code), "=lib", NULL), ==,
                   ELARA_OK);
  H->callk (L, 0, 2, 0, NULL);
  g_assert_cmpstr (tostr (L, -2), ==, "f called");
  g_assert_cmpstr (tostr (L, -1), ==, "f called");
  pop (L, 2);

  /* "_G" is the global table itself */
  H->register_lib (L, "_G", test_lib_funcs, 1);
  H->rawgeti (L, ELARA_REGISTRYINDEX, ELARA_RIDX_GLOBALS);
  g_assert_true (H->rawequal (L, -1, -2));
  pop (L, 2);
  g_assert_cmpint (H->getglobal (L, "f"), ==, ELARA_TFUNCTION);
  pop (L, 1);

  /* no global when not asked */
  H->register_lib (L, "hidden", test_lib_funcs, 0);
  pop (L, 1);
  g_assert_cmpint (H->getglobal (L, "hidden"), ==, ELARA_TNIL);
  pop (L, 1);
  g_assert_cmpint (H->gettop (L), ==, 0);
  el_state_close (L);
}

static void
test_log (void)
{
  const ElaraHost *h = el_host_get ();
  g_test_expect_message ("elara-plugin", G_LOG_LEVEL_WARNING,
                         "myplugin: value 42");
  h->log (2, "myplugin", "value %d", 42);
  g_test_assert_expected_messages ();
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/api/stack/push-get", test_stack_push_get);
  g_test_add_func ("/api/stack/fstring-concat", test_stack_fstring);
  g_test_add_func ("/api/stack/arith-compare", test_stack_arith_compare);
  g_test_add_func ("/api/table/basic", test_table_basic);
  g_test_add_func ("/api/table/metatable", test_table_metatable);
  g_test_add_func ("/api/call/pcall-errors", test_call_pcall);
  g_test_add_func ("/api/call/load", test_call_load);
  g_test_add_func ("/api/call/where", test_call_where);
  g_test_add_func ("/api/userdata/metatable", test_userdata);
  g_test_add_func ("/api/auxlib/tolstring", test_aux_tolstring);
  g_test_add_func ("/api/auxlib/buffer", test_buffer);
  g_test_add_func ("/api/auxlib/ref", test_ref);
  g_test_add_func ("/api/auxlib/traceback", test_traceback);
  g_test_add_func ("/api/coroutine/yield-close", test_coroutine);
  g_test_add_func ("/api/gc/control", test_gc);
  g_test_add_func ("/api/host/register-lib", test_register_lib);
  g_test_add_func ("/api/host/log", test_log);
  return g_test_run ();
}
