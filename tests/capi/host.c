/*
** host.c: an application linked against libelara-lua5.5 instead of liblua
** SPDX-License-Identifier: MIT
**
** Creates states with lua_newstate and luaL_newstate, opens libraries
** (they come from Elara's plugins), runs code, resumes a coroutine, catches
** warnings, and closes the states.  Exit status 0 when every check held.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

static int failures;

#define CHECK(c) \
  do { if (!(c)) { fprintf (stderr, "host.c:%d: check failed: %s\n", \
                            __LINE__, #c); failures++; } } while (0)

static size_t live_blocks;

static void *
counting_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  size_t *calls = ud;
  (*calls)++;
  if (nsize == 0) {
    if (ptr != NULL)
      live_blocks--;
    free (ptr);
    return NULL;
  }
  if (ptr == NULL)
    live_blocks++;
  (void) osize;
  return realloc (ptr, nsize);
}

static char warnings[256];

static void
capture_warn (void *ud, const char *msg, int tocont)
{
  (void) ud;
  strncat (warnings, msg, sizeof warnings - strlen (warnings) - 1);
  if (!tocont)
    strncat (warnings, "|", sizeof warnings - strlen (warnings) - 1);
}

static int
double_it (lua_State *L)
{
  lua_pushinteger (L, 2 * luaL_checkinteger (L, 1));
  return 1;
}

int
main (void)
{
  size_t calls = 0;
  int nres;
  lua_State *L, *co;
  void *ud;

  /* a bare state with our allocator */
  L = lua_newstate (counting_alloc, &calls, 1234u);
  CHECK (L != NULL);
  CHECK (lua_getallocf (L, &ud) == counting_alloc && ud == &calls);
  CHECK (lua_version (L) == 505);
  lua_pushinteger (L, 1);
  lua_pushinteger (L, 2);
  lua_arith (L, LUA_OPADD);
  CHECK (lua_tointeger (L, -1) == 3);
  CHECK (lua_getglobal (L, "print") == LUA_TNIL);   /* no library opened */
  lua_settop (L, 0);
  /* selected libraries: base and string loaded, table only preloaded */
  luaL_openselectedlibs (L, LUA_GLIBK | LUA_LOADLIBK | LUA_STRLIBK,
                         LUA_TABLIBK);
  CHECK (lua_getglobal (L, "print") == LUA_TFUNCTION);
  CHECK (lua_getglobal (L, "string") == LUA_TTABLE);
  lua_settop (L, 0);
  CHECK (luaL_dostring (L, "return package.preload.table ~= nil") == LUA_OK);
  CHECK (lua_toboolean (L, -1));
  lua_settop (L, 0);
  CHECK (luaL_dostring (L, "return ('%d'):format(7) .. #'abc'") == LUA_OK);
  CHECK (lua_tostring (L, -1) && strcmp (lua_tostring (L, -1), "73") == 0);
  lua_close (L);
  CHECK (calls > 0 && live_blocks == 0);

  /* the auxiliary library's state, all libraries */
  L = luaL_newstate ();
  CHECK (L != NULL);
  luaL_openlibs (L);
  CHECK (lua_gettop (L) == 0);
  lua_register (L, "double_it", double_it);
  CHECK (luaL_dostring (L,
         "assert(double_it(21) == 42)\n"
         "assert(math.pi and io.write and os.time and utf8.char and "
         "coroutine.wrap and debug.traceback and table.concat)\n"
         "return select('#', string.byte('abc', 1, -1))") == LUA_OK);
  CHECK (lua_tointeger (L, -1) == 3);
  lua_settop (L, 0);
  /* errors come back as status codes */
  CHECK (luaL_loadstring (L, "error('oops')") == LUA_OK);
  CHECK (lua_pcall (L, 0, 0, 0) == LUA_ERRRUN);
  CHECK (strstr (lua_tostring (L, -1), "oops") != NULL);
  lua_settop (L, 0);
  CHECK (luaL_loadstring (L, "x = = 1") == LUA_ERRSYNTAX);
  lua_settop (L, 0);
  /* a coroutine resumed from the application */
  co = lua_newthread (L);
  CHECK (luaL_loadstring (co, "local a = coroutine.yield(1) return a + 1")
         == LUA_OK);
  CHECK (lua_resume (co, L, 0, &nres) == LUA_YIELD && nres == 1);
  lua_pop (co, nres);
  lua_pushinteger (co, 41);
  CHECK (lua_resume (co, L, 1, &nres) == LUA_OK && nres == 1);
  CHECK (lua_tointeger (co, -1) == 42);
  lua_settop (L, 0);
  /* warnings: our function receives the pieces */
  lua_setwarnf (L, capture_warn, NULL);
  lua_warning (L, "a", 1);
  lua_warning (L, "b", 0);
  CHECK (luaL_dostring (L, "warn('c', 'd')") == LUA_OK);
  CHECK (strcmp (warnings, "ab|cd|") == 0);
  /* require of a Lua standard library module through package */
  CHECK (luaL_dostring (L, "return require('string') == string") == LUA_OK);
  CHECK (lua_toboolean (L, -1));
  lua_close (L);

  /* luaL_alloc, the standard allocator, with an explicit seed */
  L = lua_newstate (luaL_alloc, NULL, luaL_makeseed (NULL));
  CHECK (L != NULL);
  if (L != NULL) {
    CHECK (luaL_dostring (L, "return 6 * 7") == LUA_OK);
    CHECK (lua_tointeger (L, -1) == 42);
    lua_close (L);
  }

  if (failures == 0)
    printf ("OK capi host\n");
  return failures == 0 ? 0 : 1;
}
