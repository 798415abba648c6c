/*
** capitest.c: a classic Lua C module exercising the Lua 5.5 C API
** SPDX-License-Identifier: MIT
**
** Built against the capi headers only and linked against nothing: its lua_*
** references bind at dlopen time to the capi plugin (loaded globally by
** the launcher).  Every function checks its own results with CHECK, which
** raises a Lua error naming the line; capi.lua calls them and checks what
** they return.
*/
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#define CHECK(c) \
  ((void) ((c) || luaL_error (L, "capitest.c:%d: check failed: %s", \
                              __LINE__, #c)))
#define CHECKSTR(i, s) CHECK (lua_tostring (L, i) != NULL \
                              && strcmp (lua_tostring (L, i), (s)) == 0)

/* -- Stack ----------------------------------------------------------------- */

static int
t_stack (lua_State *L)
{
  lua_State *L1;
  lua_settop (L, 0);
  CHECK (lua_gettop (L) == 0);
  for (int i = 1; i <= 5; i++)
    lua_pushinteger (L, i);                  /* 1 2 3 4 5 */
  CHECK (lua_gettop (L) == 5);
  CHECK (lua_absindex (L, -1) == 5);
  CHECK (lua_absindex (L, LUA_REGISTRYINDEX) == LUA_REGISTRYINDEX);
  lua_rotate (L, 2, 1);                      /* 1 5 2 3 4 */
  CHECK (lua_tointeger (L, 2) == 5 && lua_tointeger (L, 5) == 4);
  lua_rotate (L, 2, -1);                     /* 1 2 3 4 5 */
  CHECK (lua_tointeger (L, 2) == 2 && lua_tointeger (L, 5) == 5);
  lua_insert (L, 1);                         /* 5 1 2 3 4 */
  CHECK (lua_tointeger (L, 1) == 5);
  lua_remove (L, 1);                         /* 1 2 3 4 */
  CHECK (lua_gettop (L) == 4 && lua_tointeger (L, 1) == 1);
  lua_pushinteger (L, 9);
  lua_replace (L, 2);                        /* 1 9 3 4 */
  CHECK (lua_gettop (L) == 4 && lua_tointeger (L, 2) == 9);
  lua_copy (L, 1, 3);                        /* 1 9 1 4 */
  CHECK (lua_tointeger (L, 3) == 1);
  lua_pushvalue (L, -1);
  CHECK (lua_tointeger (L, -1) == 4 && lua_gettop (L) == 5);
  lua_pop (L, 2);
  CHECK (lua_gettop (L) == 3);
  CHECK (lua_checkstack (L, 1000));
  luaL_checkstack (L, 100, "no room");
  lua_settop (L, 6);
  CHECK (lua_isnil (L, 6) && lua_isnone (L, 7) && lua_isnoneornil (L, 7));
  lua_settop (L, 0);
  L1 = lua_newthread (L);
  lua_pushinteger (L, 10);
  lua_pushinteger (L, 20);
  lua_xmove (L, L1, 2);
  CHECK (lua_gettop (L) == 1 && lua_gettop (L1) == 2);
  CHECK (lua_tointeger (L1, -1) == 20);
  lua_xmove (L1, L, 1);
  CHECK (lua_tointeger (L, -1) == 20);
  lua_pushinteger (L, 42);
  return 1;
}

/* -- Push and access ------------------------------------------------------- */

static int extfree_calls;

static void *
t_extfree (void *ud, void *ptr, size_t osize, size_t nsize)
{
  lua_State *L = ud;
  CHECK (L != NULL && nsize == 0 && osize == 4);
  extfree_calls++;
  free (ptr);
  return NULL;
}

static int
t_dummy (lua_State *L)
{
  lua_pushinteger (L, lua_gettop (L));
  return 1;
}

static const char *
t_vf (lua_State *L, const char *fmt, ...)
{
  va_list ap;
  const char *s;
  va_start (ap, fmt);
  s = lua_pushvfstring (L, fmt, ap);
  va_end (ap);
  return s;
}

static int
t_push (lua_State *L)
{
  int isnum;
  size_t len;
  char buf[LUA_N2SBUFFSZ];
  char *ext;
  int x;
  lua_settop (L, 0);
  lua_pushnil (L);
  CHECK (lua_type (L, -1) == LUA_TNIL && lua_isnil (L, -1));
  lua_pushboolean (L, 7);
  CHECK (lua_isboolean (L, -1) && lua_toboolean (L, -1) == 1);
  lua_pushnumber (L, 2.5);
  CHECK (lua_isnumber (L, -1) && !lua_isinteger (L, -1));
  CHECK (lua_tonumberx (L, -1, &isnum) == 2.5 && isnum);
  lua_tointegerx (L, -1, &isnum);
  CHECK (!isnum);
  lua_pushinteger (L, LUA_MAXINTEGER);
  CHECK (lua_isinteger (L, -1) && lua_tointeger (L, -1) == LUA_MAXINTEGER);
  lua_pushstring (L, "12");
  CHECK (lua_isstring (L, -1) && lua_isnumber (L, -1));
  CHECK (lua_tointegerx (L, -1, &isnum) == 12 && isnum);
  CHECK (lua_type (L, -1) == LUA_TSTRING);  /* no conversion in place */
  CHECK (lua_pushlstring (L, "a\0b", 3) != NULL);
  lua_tolstring (L, -1, &len);
  CHECK (len == 3 && lua_rawlen (L, -1) == 3);
  lua_pushliteral (L, "lit");
  CHECKSTR (-1, "lit");
  CHECK (lua_pushstring (L, NULL) == NULL && lua_isnil (L, -1));
  lua_pushfstring (L, "%s|%d|%I|%c|%%|%U", "s", 42, (LUA_INTEGER) -7, 'z',
                   (unsigned long) 0x20AC);
  CHECKSTR (-1, "s|42|-7|z|%|\xE2\x82\xAC");
  lua_pushfstring (L, "%f", 1.5);
  CHECKSTR (-1, "1.5");
  t_vf (L, "<%s:%d>", "v", 3);
  CHECKSTR (-1, "<v:3>");
  lua_pushnumber (L, 3.0);
  lua_pushinteger (L, 3);
  CHECK (lua_rawequal (L, -1, -2) && lua_compare (L, -1, -2, LUA_OPEQ));
  CHECK (lua_compare (L, -1, -2, LUA_OPLE) && !lua_compare (L, -1, -2, LUA_OPLT));
  lua_pop (L, 2);
  /* numbers to text */
  lua_pushinteger (L, 123);
  CHECK (lua_numbertocstring (L, -1, buf) == 4 && strcmp (buf, "123") == 0);
  lua_pushnumber (L, 0.1);
  CHECK (lua_numbertocstring (L, -1, buf) == 4 && strcmp (buf, "0.1") == 0);
  lua_pushstring (L, "x");
  CHECK (lua_numbertocstring (L, -1, buf) == 0);
  lua_pop (L, 3);
  CHECK (lua_stringtonumber (L, "0x10") == 5 && lua_tointeger (L, -1) == 16);
  CHECK (lua_stringtonumber (L, "1e") == 0);
  lua_pop (L, 1);
  /* arithmetic */
  lua_pushinteger (L, 7);
  lua_pushinteger (L, 2);
  lua_arith (L, LUA_OPIDIV);
  CHECK (lua_tointeger (L, -1) == 3);
  lua_pushinteger (L, 5);
  lua_arith (L, LUA_OPUNM);
  CHECK (lua_tointeger (L, -1) == -5);
  lua_pushnumber (L, 2);
  lua_pushinteger (L, 10);
  lua_arith (L, LUA_OPPOW);
  CHECK (lua_tonumber (L, -1) == 1024.0 && !lua_isinteger (L, -1));
  lua_pushinteger (L, 6);
  lua_pushinteger (L, 3);
  lua_arith (L, LUA_OPBXOR);
  CHECK (lua_tointeger (L, -1) == 5);
  lua_pop (L, 4);
  lua_pushstring (L, "ab");
  lua_pushinteger (L, 1);
  lua_pushnumber (L, 2.0);
  lua_concat (L, 3);
  CHECKSTR (-1, "ab12.0");
  lua_concat (L, 0);
  CHECK (lua_rawlen (L, -1) == 0);
  lua_len (L, -2);
  CHECK (lua_tointeger (L, -1) == 6);
  lua_pop (L, 3);
  /* functions, userdata, threads */
  lua_pushcfunction (L, t_dummy);
  CHECK (lua_iscfunction (L, -1) && lua_isfunction (L, -1));
  CHECK (lua_tocfunction (L, -1) == t_dummy);
  CHECK (lua_topointer (L, -1) != NULL);
  lua_pushlightuserdata (L, &x);
  CHECK (lua_islightuserdata (L, -1) && lua_touserdata (L, -1) == &x);
  CHECK (lua_isuserdata (L, -1) && lua_topointer (L, -1) == &x);
  CHECK (lua_pushthread (L) == 1 && lua_isthread (L, -1));
  CHECK (lua_tothread (L, -1) == L);
  CHECK (strcmp (lua_typename (L, LUA_TTABLE), "table") == 0);
  CHECK (strcmp (lua_typename (L, LUA_TNONE), "no value") == 0);
  CHECK (strcmp (luaL_typename (L, -1), "thread") == 0);
  lua_pop (L, 3);
  /* external strings: the buffer goes back through falloc */
  ext = malloc (4);
  memcpy (ext, "ext", 4);
  extfree_calls = 0;
  lua_pushexternalstring (L, ext, 3, t_extfree, L);
  CHECKSTR (-1, "ext");
  lua_pushexternalstring (L, "static", 6, NULL, NULL);
  CHECKSTR (-1, "static");
  lua_pop (L, 2);
  lua_gc (L, LUA_GCCOLLECT);
  CHECK (extfree_calls == 1);
  lua_pushboolean (L, 1);
  return 1;
}

/* -- Tables ------------------------------------------------------------------ */

static int
t_tables (lua_State *L)
{
  static char key;
  int n = 0;
  lua_settop (L, 0);
  lua_createtable (L, 4, 2);
  lua_pushinteger (L, 10);
  lua_setfield (L, 1, "a");
  CHECK (lua_getfield (L, 1, "a") == LUA_TNUMBER && lua_tointeger (L, -1) == 10);
  lua_pop (L, 1);
  lua_pushstring (L, "one");
  lua_seti (L, 1, 1);
  CHECK (lua_geti (L, 1, 1) == LUA_TSTRING);
  lua_pop (L, 1);
  lua_pushstring (L, "two");
  lua_rawseti (L, 1, 2);
  CHECK (lua_rawgeti (L, 1, 2) == LUA_TSTRING);
  lua_pop (L, 1);
  lua_pushstring (L, "k");
  lua_pushboolean (L, 1);
  lua_settable (L, 1);
  lua_pushstring (L, "k");
  CHECK (lua_gettable (L, 1) == LUA_TBOOLEAN);
  lua_pop (L, 1);
  lua_pushstring (L, "r");
  lua_pushinteger (L, 5);
  lua_rawset (L, 1);
  lua_pushstring (L, "r");
  CHECK (lua_rawget (L, 1) == LUA_TNUMBER);
  lua_pop (L, 1);
  lua_pushinteger (L, 77);
  lua_rawsetp (L, 1, &key);
  CHECK (lua_rawgetp (L, 1, &key) == LUA_TNUMBER && lua_tointeger (L, -1) == 77);
  lua_pop (L, 1);
  CHECK (lua_rawlen (L, 1) == 2 && luaL_len (L, 1) == 2);
  lua_pushnil (L);
  while (lua_next (L, 1)) {
    n++;
    lua_pop (L, 1);
  }
  CHECK (n == 6);
  CHECK (lua_getfield (L, 1, "missing") == LUA_TNIL);
  lua_pop (L, 1);
  lua_pushvalue (L, 1);
  lua_setglobal (L, "capitest_global");
  CHECK (lua_getglobal (L, "capitest_global") == LUA_TTABLE);
  CHECK (lua_rawequal (L, 1, -1));
  lua_pop (L, 1);
  lua_pushglobaltable (L);
  CHECK (lua_getfield (L, -1, "capitest_global") == LUA_TTABLE);
  lua_pop (L, 2);
  lua_register (L, "capitest_fn", t_dummy);
  CHECK (lua_getglobal (L, "capitest_fn") == LUA_TFUNCTION);
  lua_pop (L, 1);
  lua_newtable (L);
  CHECK (luaL_getsubtable (L, -1, "sub") == 0);
  CHECK (luaL_getsubtable (L, -2, "sub") == 1);
  CHECK (lua_rawequal (L, -1, -2));
  lua_settop (L, 1);
  return 1;   /* the table, checked from Lua */
}

/* -- Metatables and userdata ------------------------------------------------ */

typedef struct { int value; } Box;

static int
box_tostring (lua_State *L)
{
  Box *b = luaL_checkudata (L, 1, "capitest.Box");
  lua_pushfstring (L, "Box(%d)", b->value);
  return 1;
}

static int
box_index (lua_State *L)
{
  Box *b = luaL_checkudata (L, 1, "capitest.Box");
  const char *k = luaL_checkstring (L, 2);
  if (strcmp (k, "value") == 0)
    lua_pushinteger (L, b->value);
  else
    lua_getiuservalue (L, 1, 1);
  return 1;
}

static int
t_newbox (lua_State *L)
{
  Box *b = lua_newuserdatauv (L, sizeof (Box), 2);
  b->value = (int) luaL_checkinteger (L, 1);
  if (luaL_newmetatable (L, "capitest.Box")) {
    lua_pushcfunction (L, box_tostring);
    lua_setfield (L, -2, "__tostring");
    lua_pushcfunction (L, box_index);
    lua_setfield (L, -2, "__index");
  }
  lua_setmetatable (L, -2);
  lua_pushvalue (L, 2);
  CHECK (lua_setiuservalue (L, -2, 1) == 1);
  lua_pushinteger (L, 99);
  CHECK (lua_setiuservalue (L, -2, 2) == 1);
  lua_pushinteger (L, 0);
  CHECK (lua_setiuservalue (L, -2, 3) == 0);   /* no third value: popped */
  return 1;
}

static int
t_meta (lua_State *L)
{
  Box *b;
  size_t len;
  lua_settop (L, 0);
  lua_pushinteger (L, 5);
  lua_pushstring (L, "uv1");
  lua_pushcfunction (L, t_newbox);
  lua_insert (L, 1);
  lua_call (L, 2, 1);
  b = luaL_testudata (L, 1, "capitest.Box");
  CHECK (b != NULL && b->value == 5);
  CHECK (luaL_testudata (L, 1, "other") == NULL);
  CHECK (lua_getiuservalue (L, 1, 1) == LUA_TSTRING);
  CHECKSTR (-1, "uv1");
  CHECK (lua_getiuservalue (L, 1, 2) == LUA_TNUMBER);
  CHECK (lua_getiuservalue (L, 1, 3) == LUA_TNONE && lua_isnil (L, -1));
  lua_settop (L, 1);
  CHECK (lua_getmetatable (L, 1) == 1);
  luaL_getmetatable (L, "capitest.Box");
  CHECK (lua_rawequal (L, -1, -2));
  lua_pop (L, 2);
  CHECK (luaL_getmetafield (L, 1, "__tostring") == LUA_TFUNCTION);
  lua_pop (L, 1);
  CHECK (luaL_getmetafield (L, 1, "__nothing") == LUA_TNIL);
  CHECK (luaL_callmeta (L, 1, "__tostring") == 1);
  CHECKSTR (-1, "Box(5)");
  lua_pop (L, 1);
  CHECK (strcmp (luaL_tolstring (L, 1, &len), "Box(5)") == 0 && len == 6);
  lua_pop (L, 1);
  lua_newtable (L);
  CHECK (lua_getmetatable (L, -1) == 0);
  luaL_setmetatable (L, "capitest.Box");
  CHECK (lua_getmetatable (L, -1) == 1);
  lua_pop (L, 2);
  /* compatibility macros: one user value */
  lua_newuserdata (L, 8);
  lua_pushinteger (L, 3);
  CHECK (lua_setuservalue (L, -2));
  CHECK (lua_getuservalue (L, -1) == LUA_TNUMBER);
  CHECK (lua_rawlen (L, -2) == 8);
  lua_settop (L, 1);
  return 1;
}

/* -- Registry and references ------------------------------------------------ */

static int
t_registry (lua_State *L)
{
  int r1, r2, r3;
  lua_settop (L, 0);
  lua_pushstring (L, "first");
  r1 = luaL_ref (L, LUA_REGISTRYINDEX);
  lua_pushstring (L, "second");
  r2 = luaL_ref (L, LUA_REGISTRYINDEX);
  CHECK (r1 > 0 && r2 > 0 && r1 != r2 && lua_gettop (L) == 0);
  CHECK (r1 != LUA_RIDX_GLOBALS && r1 != LUA_RIDX_MAINTHREAD);
  CHECK (lua_rawgeti (L, LUA_REGISTRYINDEX, r1) == LUA_TSTRING);
  CHECKSTR (-1, "first");
  lua_pop (L, 1);
  lua_pushnil (L);
  CHECK (luaL_ref (L, LUA_REGISTRYINDEX) == LUA_REFNIL);
  luaL_unref (L, LUA_REGISTRYINDEX, r1);
  luaL_unref (L, LUA_REGISTRYINDEX, LUA_NOREF);
  luaL_unref (L, LUA_REGISTRYINDEX, LUA_REFNIL);
  lua_pushstring (L, "third");
  r3 = luaL_ref (L, LUA_REGISTRYINDEX);
  CHECK (r3 == r1);   /* freed references are reused */
  luaL_unref (L, LUA_REGISTRYINDEX, r2);
  luaL_unref (L, LUA_REGISTRYINDEX, r3);
  /* references into an ordinary table */
  lua_newtable (L);
  lua_pushinteger (L, 1);
  r1 = luaL_ref (L, 1);
  CHECK (r1 == 1 || r1 > 0);
  /* fixed registry entries */
  CHECK (lua_rawgeti (L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS) == LUA_TTABLE);
  lua_pushglobaltable (L);
  CHECK (lua_rawequal (L, -1, -2));
  CHECK (lua_rawgeti (L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD)
         == LUA_TTHREAD);
  CHECK (lua_getfield (L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE) == LUA_TTABLE);
  CHECK (lua_getfield (L, -1, "capitest") == LUA_TTABLE);
  lua_pushboolean (L, 1);
  return 1;
}

/* -- Buffers ------------------------------------------------------------------ */

static int
t_buffers (lua_State *L)
{
  luaL_Buffer b;
  char *p;
  int i;
  lua_settop (L, 0);
  luaL_buffinit (L, &b);
  luaL_addchar (&b, 'a');
  luaL_addstring (&b, "bc");
  luaL_addlstring (&b, "de\0f", 4);
  CHECK (luaL_bufflen (&b) == 7 && luaL_buffaddr (&b)[0] == 'a');
  lua_pushinteger (L, 12);
  luaL_addvalue (&b);
  p = luaL_prepbuffsize (&b, 3);
  memcpy (p, "xyz", 3);
  luaL_addsize (&b, 3);
  luaL_buffsub (&b, 1);
  luaL_pushresult (&b);
  CHECK (lua_rawlen (L, -1) == 11
         && memcmp (lua_tostring (L, -1), "abcde\0f12xy", 11) == 0);
  /* grows past the initial (stack) area */
  luaL_buffinit (L, &b);
  for (i = 0; i < 3000; i++)
    luaL_addchar (&b, (char) ('0' + i % 10));
  p = luaL_prepbuffer (&b);
  CHECK (p != NULL);
  luaL_pushresult (&b);
  CHECK (lua_rawlen (L, -1) == 3000);
  p = luaL_buffinitsize (L, &b, 5000);
  memset (p, 'q', 5000);
  luaL_pushresultsize (&b, 5000);
  CHECK (lua_rawlen (L, -1) == 5000 && lua_tostring (L, -1)[4999] == 'q');
  CHECK (strcmp (luaL_gsub (L, "a.b.c", ".", "::"), "a::b::c") == 0);
  luaL_buffinit (L, &b);
  luaL_addgsub (&b, "x-y-z", "-", "+");
  luaL_pushresult (&b);
  CHECKSTR (-1, "x+y+z");
  lua_settop (L, 1);
  return 1;
}

/* -- Errors across C frames ---------------------------------------------------- */

static int
t_raise (lua_State *L)
{
  return luaL_error (L, "raised %s %d", luaL_checkstring (L, 1),
                     (int) luaL_optinteger (L, 2, 7));
}

static int
t_raiseobj (lua_State *L)
{
  lua_newtable (L);
  lua_pushstring (L, "payload");
  lua_setfield (L, -2, "code");
  return lua_error (L);
}

static int
t_checkint (lua_State *L)
{
  static const char *const opts[] = { "alpha", "beta", NULL };
  lua_Integer i = luaL_checkinteger (L, 1);
  int o = luaL_checkoption (L, 2, "beta", opts);
  luaL_argcheck (L, i >= 0, 1, "must be non-negative");
  luaL_argexpected (L, lua_isnoneornil (L, 3) || lua_istable (L, 3), 3,
                    "table");
  lua_pushinteger (L, i + o);
  lua_pushnumber (L, luaL_optnumber (L, 4, 0.5));
  lua_pushstring (L, luaL_optstring (L, 5, "dflt"));
  lua_pushinteger (L, luaL_opt (L, luaL_checkinteger, 6, -1));
  return 4;
}

static int
t_typeerrors (lua_State *L)
{
  int what = (int) luaL_checkinteger (L, 1);
  if (what == 1)
    luaL_checktype (L, 2, LUA_TTABLE);
  else if (what == 2)
    luaL_checkany (L, 2);
  else if (what == 3)
    luaL_checkudata (L, 2, "capitest.Box");
  else
    luaL_typeerror (L, 2, "widget");
  return 0;
}

static int
t_msgh (lua_State *L)
{
  lua_pushfstring (L, "handled: %s", lua_tostring (L, 1));
  return 1;
}

/* Call 'f' (argument 1) unprotected, then protected, from C. */
static int
t_callback (lua_State *L)
{
  int st;
  luaL_checktype (L, 1, LUA_TFUNCTION);
  lua_pushcfunction (L, t_msgh);          /* 2 */
  lua_pushvalue (L, 1);
  lua_pushstring (L, "pcall");
  st = lua_pcall (L, 1, 1, 2);
  if (st != LUA_OK) {
    CHECK (st == LUA_ERRRUN);
    lua_pushvalue (L, 1);
    lua_pushstring (L, "call");
    lua_call (L, 1, 1);                   /* error propagates to Lua */
  }
  return 1;
}

static int
t_traceback (lua_State *L)
{
  luaL_traceback (L, L, "tb", 0);
  CHECK (strncmp (lua_tostring (L, -1), "tb\nstack traceback:", 19) == 0);
  return 1;
}

/* -- Continuations ---------------------------------------------------------------- */

static int
t_kfin (lua_State *L, int status, lua_KContext ctx)
{
  lua_pushinteger (L, status);
  lua_pushinteger (L, (lua_Integer) ctx);
  return lua_gettop (L) - 1;   /* everything but the function argument */
}

/* lua_callk: f may yield; the rest runs in the continuation. */
static int
t_kcall (lua_State *L)
{
  lua_pushvalue (L, 1);
  lua_callk (L, 0, 1, 11, t_kfin);
  return t_kfin (L, LUA_OK, 11);
}

static int
t_kpcall (lua_State *L)
{
  int st;
  lua_pushvalue (L, 1);
  st = lua_pcallk (L, 0, 1, 0, 22, t_kfin);
  return t_kfin (L, st, 22);
}

static int
t_kyieldk (lua_State *L, int status, lua_KContext ctx)
{
  CHECK (status == LUA_YIELD);
  lua_pushinteger (L, (lua_Integer) ctx * 2);
  return lua_gettop (L);
}

static int
t_kyield (lua_State *L)
{
  CHECK (lua_isyieldable (L));
  lua_pushstring (L, "out");
  return lua_yieldk (L, 1, 21, t_kyieldk);
}

static int
t_yield (lua_State *L)
{
  return lua_yield (L, lua_gettop (L));
}

static int
t_isyieldable (lua_State *L)
{
  lua_pushboolean (L, lua_isyieldable (L));
  return 1;
}

/* A coroutine driven from C: resume, status, closethread. */
static int
t_resume (lua_State *L)
{
  lua_State *co = lua_newthread (L);
  int nres, st;
  lua_pushvalue (L, 1);
  lua_xmove (L, co, 1);
  lua_pushinteger (co, 5);
  st = lua_resume (co, L, 1, &nres);
  CHECK (st == LUA_YIELD && nres == 1 && lua_tointeger (co, -1) == 6);
  CHECK (lua_status (co) == LUA_YIELD);
  lua_pop (co, nres);
  lua_pushinteger (co, 10);
  st = lua_resume (co, L, 1, &nres);
  CHECK (st == LUA_OK && nres == 1 && lua_tointeger (co, -1) == 20);
  CHECK (lua_status (co) == LUA_OK);
  CHECK (lua_closethread (co, L) == LUA_OK);
  /* a dead coroutine after an error */
  co = lua_newthread (L);
  lua_pushvalue (L, 2);
  lua_xmove (L, co, 1);
  st = lua_resume (co, L, 0, &nres);
  CHECK (st == LUA_ERRRUN);
  CHECK (lua_resetthread (co) == LUA_ERRRUN);
  CHECK (lua_status (co) == LUA_OK);
  lua_pushboolean (L, 1);
  return 1;
}

/* -- To-be-closed slots ----------------------------------------------------------- */

static int
t_toclose (lua_State *L)
{
  /* argument 1: a value with __close that records its call */
  lua_settop (L, 1);
  lua_toclose (L, 1);
  lua_pushinteger (L, 1);
  lua_closeslot (L, 1);    /* closes now */
  CHECK (lua_isnil (L, 1));
  return 1;
}

/* -- Load and dump -------------------------------------------------------------- */

typedef struct { const char *s; size_t left; } Pieces;

static const char *
t_reader (lua_State *L, void *ud, size_t *sz)
{
  Pieces *p = ud;
  (void) L;
  if (p->left == 0)
    return NULL;
  *sz = p->left < 3 ? p->left : 3;   /* three bytes at a time */
  p->s += *sz;
  p->left -= *sz;
  return p->s - *sz;
}

typedef struct { char *data; size_t len; } Chunk;

static int writer_end_seen;

static int
t_writer (lua_State *L, const void *p, size_t sz, void *ud)
{
  (void) L;
  if (p == NULL && sz == 0) {
    writer_end_seen = 1;  /* 5.5: one last call marks the end */
    return 0;
  }
  {
    Chunk *c = ud;
    char *nb = realloc (c->data, c->len + sz);
    if (nb == NULL)
      return 1;
    memcpy (nb + c->len, p, sz);
    c->data = nb;
    c->len += sz;
  }
  return 0;
}

static int
t_loaddump (lua_State *L)
{
  const char *src = "local a, b = ... return a * b, 'piece'";
  Pieces pc = { src, strlen (src) };
  Chunk chunk = { NULL, 0 };
  size_t len;
  const char *bin;
  lua_settop (L, 0);
  CHECK (lua_load (L, t_reader, &pc, "=pieces", "t") == LUA_OK);
  lua_pushvalue (L, 1);
  lua_pushinteger (L, 6);
  lua_pushinteger (L, 7);
  lua_call (L, 2, 2);
  CHECK (lua_tointeger (L, -2) == 42);
  CHECKSTR (-1, "piece");
  lua_settop (L, 1);
  writer_end_seen = 0;
  CHECK (lua_dump (L, t_writer, &chunk, 0) == 0);
  CHECK (writer_end_seen && lua_gettop (L) == 1);
  lua_pushlstring (L, chunk.data, chunk.len);
  free (chunk.data);
  bin = lua_tolstring (L, -1, &len);
  CHECK (len > 4 && memcmp (bin, LUA_SIGNATURE, 4) == 0);
  CHECK (luaL_loadbufferx (L, bin, len, "bin", "t") == LUA_ERRSYNTAX);
  CHECK (strstr (lua_tostring (L, -1), "binary") != NULL);
  lua_pop (L, 1);
  CHECK (luaL_loadbufferx (L, bin, len, "bin", "b") == LUA_OK);
  lua_pushinteger (L, 3);
  lua_pushinteger (L, 4);
  lua_call (L, 2, 1);
  CHECK (lua_tointeger (L, -1) == 12);
  lua_settop (L, 0);
  CHECK (luaL_loadstring (L, "return 1 +") == LUA_ERRSYNTAX);
  lua_pop (L, 1);
  CHECK (luaL_loadbuffer (L, "return ...", 10, "=buf") == LUA_OK);
  lua_pop (L, 1);
  CHECK (luaL_dostring (L, "return 2 ^ 2") == LUA_OK);
  CHECK (lua_tonumber (L, -1) == 4.0);
  CHECK (luaL_loadfilex (L, "/nonexistent/capi.lua", NULL) == LUA_ERRFILE);
  CHECK (strstr (lua_tostring (L, -1), "cannot open") != NULL);
  CHECK (luaL_dofile (L, "/nonexistent/capi.lua") != 0);
  lua_pushboolean (L, 1);
  return 1;
}

/* -- Debug interface ------------------------------------------------------------ */

static int hook_calls;

static void
t_hook (lua_State *L, lua_Debug *ar)
{
  (void) L;
  if (ar->event == LUA_HOOKCOUNT)
    hook_calls++;
}

/* Called from a Lua function with locals x = 10, y = 'why'. */
static int
t_debug (lua_State *L)
{
  lua_Debug ar;
  const char *name;
  int i, found = 0;
  CHECK (lua_getstack (L, 0, &ar) == 1);  /* this C function */
  CHECK (lua_getinfo (L, "S", &ar) && strcmp (ar.what, "C") == 0);
  CHECK (lua_getstack (L, 1, &ar) == 1);  /* the Lua caller */
  CHECK (lua_getinfo (L, "nSlut", &ar));
  CHECK (strcmp (ar.what, "Lua") == 0 && ar.currentline > 0);
  CHECK (ar.linedefined > 0 && ar.lastlinedefined >= ar.linedefined);
  CHECK (ar.nparams == 1 && !ar.isvararg && ar.istailcall == 0);
  CHECK (strstr (ar.short_src, "capi.lua") != NULL);
  for (i = 1; (name = lua_getlocal (L, &ar, i)) != NULL; i++) {
    if (strcmp (name, "y") == 0) {
      CHECKSTR (-1, "why");
      found++;
    }
    lua_pop (L, 1);
    if (strcmp (name, "x") == 0) {
      lua_pushinteger (L, 11);
      CHECK (strcmp (lua_setlocal (L, &ar, i), "x") == 0);
      found++;
    }
  }
  CHECK (found == 2);
  CHECK (lua_getstack (L, 100, &ar) == 0);
  /* a function given by value (">") */
  lua_pushvalue (L, 1);
  CHECK (lua_getinfo (L, ">Su", &ar) && strcmp (ar.what, "Lua") == 0);
  /* upvalues of argument 1 (a closure over 'up1' and 'up2') */
  name = lua_getupvalue (L, 1, 1);
  CHECK (name != NULL);
  lua_pop (L, 1);
  lua_pushinteger (L, 500);
  CHECK (lua_setupvalue (L, 1, 1) != NULL);
  CHECK (lua_getupvalue (L, 1, 99) == NULL);
  CHECK (lua_upvalueid (L, 1, 1) != NULL);
  CHECK (lua_upvalueid (L, 1, 1) != lua_upvalueid (L, 1, 2));
  lua_upvaluejoin (L, 1, 2, 1, 1);
  CHECK (lua_upvalueid (L, 1, 1) == lua_upvalueid (L, 1, 2));
  /* a count hook */
  hook_calls = 0;
  lua_sethook (L, t_hook, LUA_MASKCOUNT, 1);
  CHECK (lua_gethook (L) == t_hook);
  CHECK (lua_gethookmask (L) == LUA_MASKCOUNT && lua_gethookcount (L) == 1);
  CHECK (luaL_dostring (L, "local s = 0 for i = 1, 10 do s = s + i end") == 0);
  lua_sethook (L, NULL, 0, 0);
  CHECK (hook_calls > 10 && lua_gethook (L) == NULL);
  lua_pushboolean (L, 1);
  return 1;
}

/* -- GC and miscellany ------------------------------------------------------------ */

static int
t_gc (lua_State *L)
{
  int kb = lua_gc (L, LUA_GCCOUNT);
  int b = lua_gc (L, LUA_GCCOUNTB);
  int old;
  CHECK (kb > 0 && b >= 0 && b < 1024);
  CHECK (lua_gc (L, LUA_GCCOLLECT) == 0);
  lua_gc (L, LUA_GCSTOP);
  CHECK (lua_gc (L, LUA_GCISRUNNING) == 0);
  lua_gc (L, LUA_GCRESTART);
  CHECK (lua_gc (L, LUA_GCISRUNNING) == 1);
  lua_gc (L, LUA_GCSTEP, (size_t) 0);
  old = lua_gc (L, LUA_GCPARAM, LUA_GCPPAUSE, -1);
  CHECK (old > 0);
  CHECK (lua_gc (L, LUA_GCPARAM, LUA_GCPPAUSE, 300) == old);
  CHECK (lua_gc (L, LUA_GCPARAM, LUA_GCPPAUSE, old) == 300);
  old = lua_gc (L, LUA_GCGEN);
  CHECK (old == LUA_GCINC || old == LUA_GCGEN);
  CHECK (lua_gc (L, LUA_GCINC) == LUA_GCGEN);
  if (old == LUA_GCGEN)
    lua_gc (L, LUA_GCGEN);
  lua_pushboolean (L, 1);
  return 1;
}

static int
t_panic (lua_State *L)
{
  (void) L;
  return 0;
}

static int
t_open_sub (lua_State *L)
{
  lua_newtable (L);
  lua_pushvalue (L, 1);
  lua_setfield (L, -2, "name");
  return 1;
}

static int
t_upv (lua_State *L)
{
  lua_pushinteger (L, lua_tointeger (L, lua_upvalueindex (1))
                      + lua_tointeger (L, lua_upvalueindex (2)));
  return 1;
}

static int
t_misc (lua_State *L)
{
  void *ud, **extra;
  lua_Alloc f;
  lua_CFunction oldp;
  lua_State *L1;
  static const luaL_Reg withup[] = { { "sum", t_upv }, { NULL, NULL } };
  CHECK (lua_version (L) == 505 && LUA_VERSION_NUM == 505);
  luaL_checkversion (L);
  CHECK (strstr (lua_ident, "Lua") != NULL);
  CHECK (LUA_REGISTRYINDEX == -(INT_MAX / 2 + 1000));
  CHECK (luaL_intop (+, LUA_MAXINTEGER, 1) == LUA_MININTEGER);
  oldp = lua_atpanic (L, t_panic);
  CHECK (lua_atpanic (L, oldp) == t_panic);
  f = lua_getallocf (L, &ud);
  CHECK (f != NULL);
  lua_setallocf (L, f, ud);
  extra = lua_getextraspace (L);
  *extra = &ud;
  CHECK (*(void **) lua_getextraspace (L) == &ud);
  L1 = lua_newthread (L);
  CHECK (*(void **) lua_getextraspace (L1) == &ud);  /* copied from main */
  *(void **) lua_getextraspace (L1) = NULL;
  CHECK (*(void **) lua_getextraspace (L) == &ud);
  lua_pop (L, 1);
  luaL_requiref (L, "capitest.sub", t_open_sub, 0);
  CHECK (lua_getfield (L, -1, "name") == LUA_TSTRING);
  CHECKSTR (-1, "capitest.sub");
  lua_pop (L, 2);
  lua_newtable (L);
  lua_pushinteger (L, 40);
  lua_pushinteger (L, 2);
  luaL_setfuncs (L, withup, 2);
  CHECK (lua_getfield (L, -1, "sum") == LUA_TFUNCTION);
  lua_call (L, 0, 1);
  CHECK (lua_tointeger (L, -1) == 42);
  lua_pop (L, 2);
  luaL_where (L, 0);
  CHECK (lua_isstring (L, -1));
  lua_pop (L, 1);
  CHECK (luaL_fileresult (L, 1, NULL) == 1 && lua_toboolean (L, -1));
  lua_pop (L, 1);
  CHECK (luaL_fileresult (L, 0, "f") == 3 && lua_isnil (L, -3));
  lua_pop (L, 3);
  CHECK (luaL_execresult (L, 0) == 3 && lua_toboolean (L, -3));
  lua_pop (L, 3);
  luaL_pushfail (L);
  CHECK (lua_isnil (L, -1));
  lua_pop (L, 1);
  CHECK (luaL_makeseed (NULL) != luaL_makeseed (L) || 1);
  lua_pushboolean (L, 1);
  return 1;
}

static int
t_warn (lua_State *L)
{
  lua_warning (L, luaL_checkstring (L, 1), 0);
  return 0;
}

static const luaL_Reg capitest_funcs[] = {
  { "stack", t_stack }, { "push", t_push }, { "tables", t_tables },
  { "newbox", t_newbox }, { "meta", t_meta }, { "registry", t_registry },
  { "buffers", t_buffers }, { "raise", t_raise }, { "raiseobj", t_raiseobj },
  { "checkint", t_checkint }, { "typeerrors", t_typeerrors },
  { "callback", t_callback }, { "traceback", t_traceback },
  { "kcall", t_kcall }, { "kpcall", t_kpcall }, { "kyield", t_kyield },
  { "yield", t_yield }, { "isyieldable", t_isyieldable },
  { "resume", t_resume }, { "toclose", t_toclose },
  { "loaddump", t_loaddump }, { "debug", t_debug }, { "gc", t_gc },
  { "misc", t_misc }, { "warn", t_warn },
  { NULL, NULL }
};

LUAMOD_API int
luaopen_capitest (lua_State *L)
{
  luaL_newlib (L, capitest_funcs);
  return 1;
}

/* The '-' mark: require "v2-capitest" finds luaopen_capitest... unless
** luaopen_v2 exists; "capitest.alt" lives in this file as luaopen_capitest_alt
** (the all-in-one loader). */
LUAMOD_API int
luaopen_capitest_alt (lua_State *L)
{
  lua_pushstring (L, "alt");
  return 1;
}
