// host-cpp.cpp: the capi headers from C++ (lua.hpp), as C++ hosts and C++
// modules include them.  Runs a chunk through libelara-lua5.5 and checks
// the result.
// SPDX-License-Identifier: MIT
#include "lua.hpp"

#include <cstdio>

extern "C" LUAMOD_API int luaopen_cpptest (lua_State *L);

// A module entry point declared the way C++ modules declare it.
int
luaopen_cpptest (lua_State *L)
{
  lua_pushinteger (L, 42);
  return 1;
}

int
main ()
{
  lua_State *L = luaL_newstate ();
  if (L == nullptr)
    return 1;
  luaL_requiref (L, "cpptest", luaopen_cpptest, 1);
  lua_pop (L, 1);
  if (luaL_dostring (L, "return cpptest + 1") != LUA_OK
      || lua_tointeger (L, -1) != 43) {
    std::fprintf (stderr, "unexpected result: %s\n", lua_tostring (L, -1));
    lua_close (L);
    return 1;
  }
  lua_close (L);
  std::puts ("OK capi C++ host");
  return 0;
}
