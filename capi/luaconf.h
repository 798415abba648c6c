/*
** luaconf.h: build configuration of Elara's Lua 5.5 C API
** SPDX-License-Identifier: MIT
**
** Elara's core is built for one configuration only: 64-bit integers
** ('long long', printed with "%lld") and 'double' floats.  These macros
** describe that configuration with the names and values of Lua 5.5's
** luaconf.h, so a C module compiled against these headers is compiled
** for the same types the core uses.  Changing LUA_INTEGER or LUA_NUMBER
** here does NOT change the core: luaL_checkversion catches the mismatch.
*/
#ifndef luaconf_h
#define luaconf_h

#include <limits.h>
#include <stddef.h>

/* -- Platform ------------------------------------------------------------- */

#if !defined(LUA_USE_C89)
#define LUA_USE_POSIX
#define LUA_USE_DLOPEN
#endif

/* Lua 5.5 allows 'global' declarations to be omitted (compatibility). */
#define LUA_COMPAT_GLOBAL

/* int has at least 32 bits (LUA_REGISTRYINDEX relies on it). */
#define LUAI_IS32INT ((UINT_MAX >> 30) >= 3)

/* -- Number types ---------------------------------------------------------- */

#define LUA_INT_INT       1
#define LUA_INT_LONG      2
#define LUA_INT_LONGLONG  3

#define LUA_FLOAT_FLOAT       1
#define LUA_FLOAT_DOUBLE      2
#define LUA_FLOAT_LONGDOUBLE  3

#define LUA_INT_DEFAULT    LUA_INT_LONGLONG
#define LUA_FLOAT_DEFAULT  LUA_FLOAT_DOUBLE

#define LUA_INT_TYPE    LUA_INT_DEFAULT
#define LUA_FLOAT_TYPE  LUA_FLOAT_DEFAULT

/* Floats: double. */
#define LUA_NUMBER        double
#define l_floatatt(n)     (DBL_##n)
#define LUAI_UACNUMBER    double
#define LUA_NUMBER_FRMLEN ""
/* Shortest form for printing; LUA_NUMBER_FMT_N is exact (round-trip). */
#define LUA_NUMBER_FMT    "%.15g"
#define LUA_NUMBER_FMT_N  "%.17g"
#define l_mathop(op)      op
#define lua_str2number(s, p)  strtod ((s), (p))

/* Integers: long long (the core's int64_t). */
#define LUA_INTEGER         long long
#define LUA_INTEGER_FRMLEN  "ll"
#define LUAI_UACINT         LUA_INTEGER
#define LUA_INTEGER_FMT     "%" LUA_INTEGER_FRMLEN "d"
#define LUA_UNSIGNED        unsigned LUAI_UACINT
#define LUA_MAXUNSIGNED     ULLONG_MAX
#define LUA_MAXINTEGER      LLONG_MAX
#define LUA_MININTEGER      LLONG_MIN

#define lua_integer2str(s, sz, n) \
  l_sprintf ((s), (sz), LUA_INTEGER_FMT, (LUAI_UACINT) (n))
#define l_sprintf(s, sz, f, i)  snprintf (s, sz, f, i)
#define lua_strx2number(s, p)   lua_str2number (s, p)
#define lua_number2strx(L, b, sz, f, n) \
  ((void) L, l_sprintf (b, sz, f, (LUAI_UACNUMBER) (n)))
#define lua_pointer2str(buff, sz, p)  l_sprintf (buff, sz, "%p", p)
#define lua_getlocaledecpoint()  (localeconv ()->decimal_point[0])
#define l_floor(x)  (l_mathop (floor) (x))

/* Continuation contexts hold integers and pointers. */
#include <stdint.h>
#define LUA_KCONTEXT  intptr_t

/* -- Search paths ----------------------------------------------------------- */

#define LUA_PATH_SEP   ";"
#define LUA_PATH_MARK  "?"
#define LUA_EXEC_DIR   "!"
#define LUA_DIRSEP     "/"
#define LUA_IGMARK     "-"

#define LUA_VDIR   LUA_VERSION_MAJOR "." LUA_VERSION_MINOR
#define LUA_ROOT   "/usr/local/"
#define LUA_LDIR   LUA_ROOT "share/lua/" LUA_VDIR "/"
#define LUA_CDIR   LUA_ROOT "lib/lua/" LUA_VDIR "/"
#define LUA_PATH_DEFAULT \
  LUA_LDIR "?.lua;" LUA_LDIR "?/init.lua;" \
  LUA_CDIR "?.lua;" LUA_CDIR "?/init.lua;" \
  "./?.lua;" "./?/init.lua"
#define LUA_CPATH_DEFAULT \
  LUA_CDIR "?.so;" LUA_CDIR "loadall.so;" "./?.so"

/* -- Linkage ---------------------------------------------------------------- */

/* Everything the API declares is exported from the capi plugin and from
** libelara-lua5.5.so; nothing else is. */
#if defined(__GNUC__)
#define LUA_API  __attribute__ ((visibility ("default"))) extern
#else
#define LUA_API  extern
#endif
#define LUALIB_API  LUA_API
#if defined(__cplusplus)
/* 'extern "C"' already gives external linkage: a second 'extern' inside a
** linkage specification is an error in C++. */
#if defined(__GNUC__)
#define LUAMOD_API  extern "C" __attribute__ ((visibility ("default")))
#else
#define LUAMOD_API  extern "C"
#endif
#else
#define LUAMOD_API  LUALIB_API
#endif

#if defined(__GNUC__)
#define luai_likely(x)    (__builtin_expect (((x) != 0), 1))
#define luai_unlikely(x)  (__builtin_expect (((x) != 0), 0))
#else
#define luai_likely(x)    (x)
#define luai_unlikely(x)  (x)
#endif

/* -- Limits and sizes ------------------------------------------------------- */

/* Bytes of a function's source description kept for messages. */
#define LUA_IDSIZE  60

/* Raw memory associated with each thread (lua_getextraspace). */
#define LUA_EXTRASPACE  (sizeof (void *))

/* Initial size of a luaL_Buffer (on the C stack). */
#define LUAL_BUFFERSIZE \
  ((int) (16 * sizeof (void *) * sizeof (lua_Number)))

/* The most restrictive alignment of the types above. */
#define LUAI_MAXALIGN  lua_Number n; double u; void *s; lua_Integer i; long l

#endif /* luaconf_h */
