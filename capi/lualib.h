/*
** lualib.h: the Lua 5.5 standard libraries, as provided by Elara
** SPDX-License-Identifier: MIT
**
** Each luaopen_X loads Elara's library plugin X (stdlib-X) into the state
** and pushes its table; luaL_openselectedlibs opens a chosen set.
*/
#ifndef lualib_h
#define lualib_h

#include "lua.h"

/* Suffix of versioned environment variables (LUA_PATH_5_5, ...). */
#define LUA_VERSUFFIX  "_" LUA_VERSION_MAJOR "_" LUA_VERSION_MINOR

/* Bits of luaL_openselectedlibs, in this fixed order. */
#define LUA_GLIBK  1
LUAMOD_API int (luaopen_base) (lua_State *L);

#define LUA_LOADLIBNAME  "package"
#define LUA_LOADLIBK     (LUA_GLIBK << 1)
LUAMOD_API int (luaopen_package) (lua_State *L);

#define LUA_COLIBNAME  "coroutine"
#define LUA_COLIBK     (LUA_LOADLIBK << 1)
LUAMOD_API int (luaopen_coroutine) (lua_State *L);

#define LUA_DBLIBNAME  "debug"
#define LUA_DBLIBK     (LUA_COLIBK << 1)
LUAMOD_API int (luaopen_debug) (lua_State *L);

#define LUA_IOLIBNAME  "io"
#define LUA_IOLIBK     (LUA_DBLIBK << 1)
LUAMOD_API int (luaopen_io) (lua_State *L);

#define LUA_MATHLIBNAME  "math"
#define LUA_MATHLIBK     (LUA_IOLIBK << 1)
LUAMOD_API int (luaopen_math) (lua_State *L);

#define LUA_OSLIBNAME  "os"
#define LUA_OSLIBK     (LUA_MATHLIBK << 1)
LUAMOD_API int (luaopen_os) (lua_State *L);

#define LUA_STRLIBNAME  "string"
#define LUA_STRLIBK     (LUA_OSLIBK << 1)
LUAMOD_API int (luaopen_string) (lua_State *L);

#define LUA_TABLIBNAME  "table"
#define LUA_TABLIBK     (LUA_STRLIBK << 1)
LUAMOD_API int (luaopen_table) (lua_State *L);

#define LUA_UTF8LIBNAME  "utf8"
#define LUA_UTF8LIBK     (LUA_TABLIBK << 1)
LUAMOD_API int (luaopen_utf8) (lua_State *L);

/* Open the libraries whose bit is in 'load'; store the openers of those
** in 'preload' (and not in 'load') in package.preload. */
LUALIB_API void (luaL_openselectedlibs) (lua_State *L, int load, int preload);

#define luaL_openlibs(L)  luaL_openselectedlibs (L, ~0, 0)

#endif /* lualib_h */
