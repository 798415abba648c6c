/*
** lua_host.c: a host program written only against Lua 5.5's lua.h,
** lauxlib.h and lualib.h, linked against Elara's libelara-lua5.5 instead of
** liblua5.5 (pkg-config elara-lua5.5).  It exposes a C function and a
** userdata type (a counter with methods), and drives a coroutine from C.
** SPDX-License-Identifier: MIT
*/
#include <stdio.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#define COUNTER "example.Counter"

typedef struct Counter {
  lua_Integer value;
} Counter;

/* counter.new([start]) */
static int
counter_new (lua_State *L)
{
  Counter *c = lua_newuserdatauv (L, sizeof (Counter), 0);
  c->value = luaL_optinteger (L, 1, 0);
  luaL_setmetatable (L, COUNTER);
  return 1;
}

/* c:add(n) returns the new value */
static int
counter_add (lua_State *L)
{
  Counter *c = luaL_checkudata (L, 1, COUNTER);
  c->value += luaL_checkinteger (L, 2);
  lua_pushinteger (L, c->value);
  return 1;
}

static int
counter_tostring (lua_State *L)
{
  Counter *c = luaL_checkudata (L, 1, COUNTER);
  lua_pushfstring (L, "Counter(%I)", (LUAI_UACINT) c->value);
  return 1;
}

/* hypot(a, b): a plain C function */
static int
host_hypot2 (lua_State *L)
{
  lua_Number a = luaL_checknumber (L, 1), b = luaL_checknumber (L, 2);
  lua_pushnumber (L, a * a + b * b);
  return 1;
}

static const luaL_Reg counter_methods[] = {
  { "add", counter_add },
  { "__tostring", counter_tostring },
  { NULL, NULL }
};

static const char script[] =
  "local c = counter.new(40)\n"
  "print(tostring(c), c:add(2))\n"
  "print('hypot2', hypot2(3, 4))\n"
  "print(pcall(hypot2, 'x', 1))\n"
  "return coroutine.create(function (n)\n"
  "  for i = 1, n do coroutine.yield(i * 10) end\n"
  "  return 'done'\n"
  "end)\n";

int
main (void)
{
  lua_State *L = luaL_newstate ();
  lua_State *co;
  int nres, status;
  if (L == NULL)
    return 1;
  luaL_openlibs (L);

  luaL_newmetatable (L, COUNTER);
  luaL_setfuncs (L, counter_methods, 0);
  lua_pushvalue (L, -1);
  lua_setfield (L, -2, "__index");
  lua_pop (L, 1);
  lua_newtable (L);
  lua_pushcfunction (L, counter_new);
  lua_setfield (L, -2, "new");
  lua_setglobal (L, "counter");
  lua_register (L, "hypot2", host_hypot2);

  if (luaL_loadstring (L, script) != LUA_OK
      || lua_pcall (L, 0, 1, 0) != LUA_OK) {
    fprintf (stderr, "error: %s\n", lua_tostring (L, -1));
    lua_close (L);
    return 1;
  }

  /* resume the coroutine from C until it finishes */
  co = lua_tothread (L, -1);
  lua_pushinteger (co, 3);          /* the argument n of the first resume */
  nres = 0;
  for (int narg = 1;; narg = 0) {
    status = lua_resume (co, L, narg, &nres);
    if (status != LUA_OK && status != LUA_YIELD) {
      fprintf (stderr, "coroutine error: %s\n", lua_tostring (co, -1));
      lua_close (L);
      return 1;
    }
    printf ("%s %s\n", status == LUA_YIELD ? "yielded" : "returned",
            luaL_tolstring (co, -1, NULL));
    lua_pop (co, nres + 1);         /* the results and the string */
    if (status == LUA_OK)
      break;
  }
  lua_close (L);
  return 0;
}
