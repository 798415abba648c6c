/*
** strlib.h: what the files of the string plugin share
** SPDX-License-Identifier: MIT
**
** The plugin is split by topic (string.c: simple functions, the string
** metatable and registration; pattern.c: pattern matching; format.c:
** string.format; pack.c: binary packing).  Its Lua functions are plain
** externs here so that string.c can hold the one registration table; the
** plugin is built with hidden visibility, so none of them leaves the .so.
*/
#ifndef ELARA_STRLIB_H
#define ELARA_STRLIB_H

#include <stddef.h>

#include "elara/elara-plugin.h"

/* The host vtable, set once by the plugin's init.  Every file reads it as
** 'host', like the single-file plugins do; the object itself carries the
** plugin prefix because it is shared between files. */
extern const ElaraHost *str_host;
#define host str_host

/* Largest string size visible to Lua: fits both size_t and ElaraInteger. */
#define STR_MAXSIZE \
  (sizeof (size_t) < sizeof (ElaraInteger) ? (size_t) -1 \
                                           : (size_t) INT64_MAX)

/* -- Small lua.h / lauxlib.h macros, spelled through the vtable ------------ */

#define str_pop(L, n)         host->settop (L, -(n) - 1)
#define str_insert(L, i)      host->rotate (L, (i), 1)
#define str_typename(L, i)    host->typename_ (L, host->type (L, (i)))

static inline void
str_argcheck (ElaraState *L, int cond, int arg, const char *msg)
{
  if (!cond)
    host->argerror (L, arg, msg);
}

/* luaL_addchar and luaL_addsize are macros over the buffer's fields. */
static inline void
str_addchar (ElaraBuffer *B, char c)
{
  if (B->n >= B->size)
    host->prepbuffsize (B, 1);
  B->b[B->n++] = c;
}

#define str_addsize(B, s)     ((B)->n += (s))

/* host->optinteger for argument 'arg' of a call with 'top' arguments: an
** absent argument costs no call, a present integer one (errors and
** conversions are optinteger's). */
static inline ElaraInteger
str_optint (ElaraState *L, int top, int arg, ElaraInteger def)
{
  /* (optinteger reads an integer argument directly from the frame) */
  if (arg > top)
    return def;
  return host->optinteger (L, arg, def);
}

/* A relative initial position (negative counts from the end) made
** absolute and clipped to [1, inf). */
static inline size_t
str_posrelat (ElaraInteger pos, size_t len)
{
  if (pos > 0)
    return (size_t) pos;
  else if (pos == 0 || pos < -(ElaraInteger) len)
    return 1;
  else
    return len + (size_t) pos + 1;
}

/* -- Lua functions, by file ------------------------------------------------ */

/* pattern.c */
int str_find (ElaraState *L);
int str_match (ElaraState *L);
int str_gmatch (ElaraState *L);
int str_gsub (ElaraState *L);

/* format.c */
int str_format (ElaraState *L);

/* pack.c */
int str_pack (ElaraState *L);
int str_packsize (ElaraState *L);
int str_unpack (ElaraState *L);

#endif /* ELARA_STRLIB_H */
