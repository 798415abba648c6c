/*
** capi.c: the Lua 5.5 C API (lua.h, lauxlib.h, lualib.h) on Elara's core
** SPDX-License-Identifier: MIT
**
** One source, built twice (capi/meson.build):
**
**  - EL_CAPI_SHARED 1: libelara-lua5.5.so, which links the core in.  Every
**    function calls the core's el_api_* / el_auxlib_* directly.
**  - EL_CAPI_SHARED 0: the 'capi' plugin (kind CAPI), loaded into a
**    process whose core is hidden inside the executable or libelara.  It
**    reaches the stack API through the ElaraHost vtable received by its
**    load() hook; the loader re-opens it RTLD_GLOBAL so C modules opened
**    later bind their lua_* references to it.  It uses nothing else of
**    the core: whole states (panic function, allocator, lua_newstate,
**    lua_close) are the ABI 1.2 slots, tested with ELARA_HOST_HAS.
**
** Names.  lua.h declares 'typedef struct lua_State lua_State', the tag of
** the reference, so C++ mangling and debuggers see the same type as with
** liblua.  Here lua_State is mapped onto ElaraState before lua.h is read:
** the prototypes then use the core's own type and no cast is needed.  The
** other structures exist twice with one layout (lua_Debug / ElaraDebug,
** luaL_Buffer / ElaraBuffer, luaL_Reg / ElaraLibReg); the static
** assertions at the end of this section keep them identical.
*/
#include "config.h"

#define lua_State ElaraState
#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "elara/elara.h"

#if EL_CAPI_SHARED
#include "api.h"
#include "auxlib.h"
#include "plugin.h"
#include "state.h"

/* The core is linked in: call it directly. */
#define API(f)  el_api_##f
#define AUX(f)  el_auxlib_##f
#define HAS(f)  1
#else
/* Set by the plugin's load() hook, before any state can reach us. */
static const ElaraHost *capi_host;
#define API(f)  (capi_host->f)   /* parenthesised: core macros share names */
#define AUX(f)  (capi_host->f)
/* Slots newer than 1.0: a host without one makes the function degrade. */
#define HAS(f)  ELARA_HOST_HAS (capi_host, f)
#endif

#define CAPI_SAME_FIELD(a, b, f) \
  _Static_assert (offsetof (a, f) == offsetof (b, f), \
                  #a " and " #b " differ at " #f)

_Static_assert (sizeof (lua_Debug) == sizeof (ElaraDebug), "lua_Debug size");
CAPI_SAME_FIELD (lua_Debug, ElaraDebug, name);
CAPI_SAME_FIELD (lua_Debug, ElaraDebug, srclen);
CAPI_SAME_FIELD (lua_Debug, ElaraDebug, currentline);
CAPI_SAME_FIELD (lua_Debug, ElaraDebug, nups);
CAPI_SAME_FIELD (lua_Debug, ElaraDebug, extraargs);
CAPI_SAME_FIELD (lua_Debug, ElaraDebug, istailcall);
CAPI_SAME_FIELD (lua_Debug, ElaraDebug, ftransfer);
CAPI_SAME_FIELD (lua_Debug, ElaraDebug, ntransfer);
CAPI_SAME_FIELD (lua_Debug, ElaraDebug, short_src);
CAPI_SAME_FIELD (lua_Debug, ElaraDebug, i_ci);
_Static_assert (sizeof (luaL_Buffer) == sizeof (ElaraBuffer), "buffer size");
CAPI_SAME_FIELD (luaL_Buffer, ElaraBuffer, size);
CAPI_SAME_FIELD (luaL_Buffer, ElaraBuffer, n);
CAPI_SAME_FIELD (luaL_Buffer, ElaraBuffer, L);
CAPI_SAME_FIELD (luaL_Buffer, ElaraBuffer, init);
_Static_assert (sizeof (luaL_Reg) == sizeof (ElaraLibReg), "luaL_Reg size");
CAPI_SAME_FIELD (luaL_Reg, ElaraLibReg, func);
_Static_assert (sizeof (lua_Integer) == sizeof (ElaraInteger), "integers");
_Static_assert (sizeof (lua_Number) == sizeof (ElaraNumber), "floats");
_Static_assert (sizeof (lua_KContext) == sizeof (ElaraKContext), "contexts");
_Static_assert (LUA_REGISTRYINDEX == ELARA_REGISTRYINDEX, "registry index");
_Static_assert (LUA_GCPN == ELARA_GCPN && LUA_IDSIZE == ELARA_IDSIZE,
                "gc parameters / id size");

#define DBG(ar)  ((ElaraDebug *) (ar))
#define BUF(B)   ((ElaraBuffer *) (B))

/* Visible in every build (lua.h declares it without LUA_API). */
__attribute__ ((visibility ("default")))
const char lua_ident[] =
  "$LuaVersion: " LUA_RELEASE " (Elara " ELARA_VERSION ") $"
  "$LuaAuthors: " LUA_AUTHORS " $";

/* -- State ------------------------------------------------------------------ */

/* Whole states are the ABI 1.2 slots (one implementation in the core,
** el_api_newstate and friends, for both builds).  Under an older host the
** plugin degrades: lua_newstate returns NULL (as out of memory), lua_close
** does nothing, lua_atpanic and lua_getallocf report NULL and
** lua_setallocf is ignored. */

LUA_API lua_State *
lua_newstate (lua_Alloc f, void *ud, unsigned seed)
{
  if (!HAS (newstate))
    return NULL;
  /* plugins (luaopen_X) come from ELARA_PLUGIN_PATH or the install dir */
  return API (newstate) (f, ud, seed);
}

LUA_API void
lua_close (lua_State *L)
{
  if (HAS (close))
    API (close) (L);  /* also a state made by elara_state_new */
}

LUA_API lua_State *
lua_newthread (lua_State *L)
{
  return API (newthread) (L);
}

LUA_API int
lua_closethread (lua_State *L, lua_State *from)
{
  return API (closethread) (L, from);
}

LUA_API lua_CFunction
lua_atpanic (lua_State *L, lua_CFunction panicf)
{
  if (!HAS (atpanic))
    return NULL;
  return API (atpanic) (L, panicf);
}

LUA_API lua_Number
lua_version (lua_State *L)
{
  (void) L;
  return LUA_VERSION_NUM;
}

/* -- Stack ------------------------------------------------------------------ */

LUA_API int
lua_absindex (lua_State *L, int idx)
{
  return API (absindex) (L, idx);
}

LUA_API int
lua_gettop (lua_State *L)
{
  return API (gettop) (L);
}

LUA_API void
lua_settop (lua_State *L, int idx)
{
  API (settop) (L, idx);
}

LUA_API void
lua_pushvalue (lua_State *L, int idx)
{
  API (pushvalue) (L, idx);
}

LUA_API void
lua_rotate (lua_State *L, int idx, int n)
{
  API (rotate) (L, idx, n);
}

LUA_API void
lua_copy (lua_State *L, int fromidx, int toidx)
{
  API (copy) (L, fromidx, toidx);
}

LUA_API int
lua_checkstack (lua_State *L, int n)
{
  return API (checkstack) (L, n);
}

LUA_API void
lua_xmove (lua_State *from, lua_State *to, int n)
{
  API (xmove) (from, to, n);
}

/* -- Access ----------------------------------------------------------------- */

LUA_API int
lua_isnumber (lua_State *L, int idx)
{
  return API (isnumber) (L, idx);
}

LUA_API int
lua_isstring (lua_State *L, int idx)
{
  return API (isstring) (L, idx);
}

LUA_API int
lua_iscfunction (lua_State *L, int idx)
{
  return API (iscfunction) (L, idx);
}

LUA_API int
lua_isinteger (lua_State *L, int idx)
{
  return API (isinteger) (L, idx);
}

LUA_API int
lua_isuserdata (lua_State *L, int idx)
{
  return API (isuserdata) (L, idx);
}

LUA_API int
lua_type (lua_State *L, int idx)
{
  return API (type) (L, idx);
}

LUA_API const char *
lua_typename (lua_State *L, int tp)
{
  return API (typename_) (L, tp);
}

LUA_API lua_Number
lua_tonumberx (lua_State *L, int idx, int *isnum)
{
  return API (tonumberx) (L, idx, isnum);
}

LUA_API lua_Integer
lua_tointegerx (lua_State *L, int idx, int *isnum)
{
  return API (tointegerx) (L, idx, isnum);
}

LUA_API int
lua_toboolean (lua_State *L, int idx)
{
  return API (toboolean) (L, idx);
}

LUA_API const char *
lua_tolstring (lua_State *L, int idx, size_t *len)
{
  return API (tolstring) (L, idx, len);
}

LUA_API lua_Unsigned
lua_rawlen (lua_State *L, int idx)
{
  return API (rawlen) (L, idx);
}

LUA_API lua_CFunction
lua_tocfunction (lua_State *L, int idx)
{
  return API (tocfunction) (L, idx);
}

LUA_API void *
lua_touserdata (lua_State *L, int idx)
{
  return API (touserdata) (L, idx);
}

LUA_API lua_State *
lua_tothread (lua_State *L, int idx)
{
  return API (tothread) (L, idx);
}

LUA_API const void *
lua_topointer (lua_State *L, int idx)
{
  return API (topointer) (L, idx);
}

/* -- Arithmetic and comparison ------------------------------------------------ */

LUA_API void
lua_arith (lua_State *L, int op)
{
  API (arith) (L, op);
}

LUA_API int
lua_rawequal (lua_State *L, int idx1, int idx2)
{
  return API (rawequal) (L, idx1, idx2);
}

LUA_API int
lua_compare (lua_State *L, int idx1, int idx2, int op)
{
  return API (compare) (L, idx1, idx2, op);
}

/* -- Push ------------------------------------------------------------------- */

LUA_API void
lua_pushnil (lua_State *L)
{
  API (pushnil) (L);
}

LUA_API void
lua_pushnumber (lua_State *L, lua_Number n)
{
  API (pushnumber) (L, n);
}

LUA_API void
lua_pushinteger (lua_State *L, lua_Integer n)
{
  API (pushinteger) (L, n);
}

LUA_API const char *
lua_pushlstring (lua_State *L, const char *s, size_t len)
{
  return API (pushlstring) (L, s, len);
}

/* Elara's strings own their bytes, so the external buffer is copied and
** handed back at once: "when Lua no longer needs it" is right after the
** copy.  The result is the internal copy, as the reference's. */
LUA_API const char *
lua_pushexternalstring (lua_State *L, const char *s, size_t len,
                        lua_Alloc falloc, void *ud)
{
  const char *copy = API (pushlstring) (L, s, len);
  if (falloc != NULL)
    (*falloc) (ud, (void *) s, len + 1, 0);
  return copy;
}

LUA_API const char *
lua_pushstring (lua_State *L, const char *s)
{
  return API (pushstring) (L, s);
}

LUA_API const char *
lua_pushvfstring (lua_State *L, const char *fmt, va_list argp)
{
  return API (pushvfstring) (L, fmt, argp);
}

LUA_API const char *
lua_pushfstring (lua_State *L, const char *fmt, ...)
{
  const char *s;
  va_list argp;
  va_start (argp, fmt);
  s = API (pushvfstring) (L, fmt, argp);
  va_end (argp);
  return s;
}

LUA_API void
lua_pushcclosure (lua_State *L, lua_CFunction fn, int n)
{
  API (pushcclosure) (L, fn, n);
}

LUA_API void
lua_pushboolean (lua_State *L, int b)
{
  API (pushboolean) (L, b);
}

LUA_API void
lua_pushlightuserdata (lua_State *L, void *p)
{
  API (pushlightuserdata) (L, p);
}

LUA_API int
lua_pushthread (lua_State *L)
{
  return API (pushthread) (L);
}

/* -- Get -------------------------------------------------------------------- */

LUA_API int
lua_getglobal (lua_State *L, const char *name)
{
  return API (getglobal) (L, name);
}

LUA_API int
lua_gettable (lua_State *L, int idx)
{
  return API (gettable) (L, idx);
}

LUA_API int
lua_getfield (lua_State *L, int idx, const char *k)
{
  return API (getfield) (L, idx, k);
}

LUA_API int
lua_geti (lua_State *L, int idx, lua_Integer n)
{
  return API (geti) (L, idx, n);
}

LUA_API int
lua_rawget (lua_State *L, int idx)
{
  return API (rawget) (L, idx);
}

LUA_API int
lua_rawgeti (lua_State *L, int idx, lua_Integer n)
{
  return API (rawgeti) (L, idx, n);
}

LUA_API int
lua_rawgetp (lua_State *L, int idx, const void *p)
{
  return API (rawgetp) (L, idx, p);
}

LUA_API void
lua_createtable (lua_State *L, int narr, int nrec)
{
  API (createtable) (L, narr, nrec);
}

LUA_API void *
lua_newuserdatauv (lua_State *L, size_t sz, int nuvalue)
{
  return API (newuserdatauv) (L, sz, nuvalue);
}

LUA_API int
lua_getmetatable (lua_State *L, int objindex)
{
  return API (getmetatable) (L, objindex);
}

LUA_API int
lua_getiuservalue (lua_State *L, int idx, int n)
{
  return API (getiuservalue) (L, idx, n);
}

/* -- Set -------------------------------------------------------------------- */

LUA_API void
lua_setglobal (lua_State *L, const char *name)
{
  API (setglobal) (L, name);
}

LUA_API void
lua_settable (lua_State *L, int idx)
{
  API (settable) (L, idx);
}

LUA_API void
lua_setfield (lua_State *L, int idx, const char *k)
{
  API (setfield) (L, idx, k);
}

LUA_API void
lua_seti (lua_State *L, int idx, lua_Integer n)
{
  API (seti) (L, idx, n);
}

LUA_API void
lua_rawset (lua_State *L, int idx)
{
  API (rawset) (L, idx);
}

LUA_API void
lua_rawseti (lua_State *L, int idx, lua_Integer n)
{
  API (rawseti) (L, idx, n);
}

LUA_API void
lua_rawsetp (lua_State *L, int idx, const void *p)
{
  API (rawsetp) (L, idx, p);
}

LUA_API int
lua_setmetatable (lua_State *L, int objindex)
{
  return API (setmetatable) (L, objindex);
}

LUA_API int
lua_setiuservalue (lua_State *L, int idx, int n)
{
  return API (setiuservalue) (L, idx, n);
}

/* -- Load and call ---------------------------------------------------------- */

LUA_API void
lua_callk (lua_State *L, int nargs, int nresults, lua_KContext ctx,
           lua_KFunction k)
{
  API (callk) (L, nargs, nresults, ctx, k);
}

LUA_API int
lua_pcallk (lua_State *L, int nargs, int nresults, int errfunc,
            lua_KContext ctx, lua_KFunction k)
{
  return API (pcallk) (L, nargs, nresults, errfunc, ctx, k);
}

LUA_API int
lua_load (lua_State *L, lua_Reader reader, void *dt, const char *chunkname,
          const char *mode)
{
  return API (load) (L, reader, dt, chunkname, mode);
}

LUA_API int
lua_dump (lua_State *L, lua_Writer writer, void *data, int strip)
{
  return API (dump) (L, writer, data, strip);
}

/* -- Coroutines ------------------------------------------------------------- */

LUA_API int
lua_yieldk (lua_State *L, int nresults, lua_KContext ctx, lua_KFunction k)
{
  return API (yieldk) (L, nresults, ctx, k);
}

LUA_API int
lua_resume (lua_State *L, lua_State *from, int narg, int *nres)
{
  return API (resume) (L, from, narg, nres);
}

LUA_API int
lua_status (lua_State *L)
{
  return API (status) (L);
}

LUA_API int
lua_isyieldable (lua_State *L)
{
  return API (isyieldable) (L);
}

/* -- Warnings and GC -------------------------------------------------------- */

LUA_API void
lua_setwarnf (lua_State *L, lua_WarnFunction f, void *ud)
{
  API (setwarnf) (L, f, ud);
}

LUA_API void
lua_warning (lua_State *L, const char *msg, int tocont)
{
  API (warning) (L, msg, tocont);
}

/* The core's lua_gc is variadic too: a va_list cannot be passed on, so
** each option's arguments are read here and passed explicitly. */
LUA_API int
lua_gc (lua_State *L, int what, ...)
{
  va_list argp;
  int res;
  va_start (argp, what);
  switch (what) {
  case LUA_GCSTEP: {
    size_t n = va_arg (argp, size_t);
    res = API (gc) (L, what, n);
    break;
  }
  case LUA_GCPARAM: {
    int param = va_arg (argp, int);
    int value = va_arg (argp, int);
    res = API (gc) (L, what, param, value);
    break;
  }
  default:
    res = API (gc) (L, what);
    break;
  }
  va_end (argp);
  return res;
}

/* -- Miscellaneous ---------------------------------------------------------- */

LUA_API int
lua_error (lua_State *L)
{
  return API (error) (L);
}

LUA_API int
lua_next (lua_State *L, int idx)
{
  return API (next) (L, idx);
}

LUA_API void
lua_concat (lua_State *L, int n)
{
  API (concat) (L, n);
}

LUA_API void
lua_len (lua_State *L, int idx)
{
  API (len) (L, idx);
}

LUA_API unsigned
lua_numbertocstring (lua_State *L, int idx, char *buff)
{
  return API (numbertocstring) (L, idx, buff);
}

LUA_API size_t
lua_stringtonumber (lua_State *L, const char *s)
{
  return API (stringtonumber) (L, s);
}

LUA_API lua_Alloc
lua_getallocf (lua_State *L, void **ud)
{
  if (!HAS (getallocf)) {
    if (ud != NULL)
      *ud = NULL;
    return NULL;
  }
  return API (getallocf) (L, ud);
}

LUA_API void
lua_setallocf (lua_State *L, lua_Alloc f, void *ud)
{
  if (HAS (setallocf))
    API (setallocf) (L, f, ud);
}

LUA_API void
lua_toclose (lua_State *L, int idx)
{
  API (toclose) (L, idx);
}

LUA_API void
lua_closeslot (lua_State *L, int idx)
{
  API (closeslot) (L, idx);
}

/* Registry key of the table thread -> extra-space userdata (weak keys, so
** a block lives exactly as long as its thread). */
static const char capi_extra_key = 'x';

/* The reference keeps LUA_EXTRASPACE bytes in front of every thread and
** copies the main thread's bytes into each new one.  Elara's threads have
** no such area: each thread gets a full userdata on first use (the
** collector never moves objects, so the address is stable), initialised
** from the main thread's block at that moment. */
LUA_API void *
lua_getextraspace (lua_State *L)
{
  void *p;
  if (API (rawgetp) (L, LUA_REGISTRYINDEX, &capi_extra_key) != LUA_TTABLE) {
    API (settop) (L, -2);
    API (createtable) (L, 0, 1);
    API (createtable) (L, 0, 1);
    API (pushstring) (L, "k");
    API (setfield) (L, -2, "__mode");
    API (setmetatable) (L, -2);
    API (pushvalue) (L, -1);
    API (rawsetp) (L, LUA_REGISTRYINDEX, &capi_extra_key);
  }
  API (pushthread) (L);
  API (rawget) (L, -2);
  p = API (touserdata) (L, -1);
  API (settop) (L, -2);
  if (p == NULL) {
    void *main_block;
    p = API (newuserdatauv) (L, LUA_EXTRASPACE, 0);
    memset (p, 0, LUA_EXTRASPACE);
    API (rawgeti) (L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
    API (rawget) (L, -3);
    main_block = API (touserdata) (L, -1);
    if (main_block != NULL)
      memcpy (p, main_block, LUA_EXTRASPACE);
    API (settop) (L, -2);
    API (pushthread) (L);
    API (rotate) (L, -2, 1);   /* table, thread, block */
    API (rawset) (L, -3);
  }
  API (settop) (L, -2);
  return p;
}

/* -- Debug interface -------------------------------------------------------- */

LUA_API int
lua_getstack (lua_State *L, int level, lua_Debug *ar)
{
  return API (getstack) (L, level, DBG (ar));
}

LUA_API int
lua_getinfo (lua_State *L, const char *what, lua_Debug *ar)
{
  return API (getinfo) (L, what, DBG (ar));
}

LUA_API const char *
lua_getlocal (lua_State *L, const lua_Debug *ar, int n)
{
  return API (getlocal) (L, (const ElaraDebug *) ar, n);
}

LUA_API const char *
lua_setlocal (lua_State *L, const lua_Debug *ar, int n)
{
  return API (setlocal) (L, (const ElaraDebug *) ar, n);
}

LUA_API const char *
lua_getupvalue (lua_State *L, int funcindex, int n)
{
  return API (getupvalue) (L, funcindex, n);
}

LUA_API const char *
lua_setupvalue (lua_State *L, int funcindex, int n)
{
  return API (setupvalue) (L, funcindex, n);
}

LUA_API void *
lua_upvalueid (lua_State *L, int fidx, int n)
{
  return API (upvalueid) (L, fidx, n);
}

LUA_API void
lua_upvaluejoin (lua_State *L, int fidx1, int n1, int fidx2, int n2)
{
  API (upvaluejoin) (L, fidx1, n1, fidx2, n2);
}

/* lua_Hook and ElaraHook differ only in the name of the (identically laid
** out) record they receive. */
LUA_API void
lua_sethook (lua_State *L, lua_Hook func, int mask, int count)
{
  API (sethook) (L, (ElaraHook) func, mask, count);
}

LUA_API lua_Hook
lua_gethook (lua_State *L)
{
  return (lua_Hook) API (gethook) (L);
}

LUA_API int
lua_gethookmask (lua_State *L)
{
  return API (gethookmask) (L);
}

LUA_API int
lua_gethookcount (lua_State *L)
{
  return API (gethookcount) (L);
}

/* -- Auxiliary library: errors and checks ------------------------------------ */

LUALIB_API void
luaL_checkversion_ (lua_State *L, lua_Number ver, size_t sz)
{
  lua_Number v = lua_version (L);
  if (sz != LUAL_NUMSIZES)
    luaL_error (L, "core and library have incompatible numeric types");
  else if (v != ver)
    luaL_error (L, "version mismatch: app. needs %f, Lua core provides %f",
                (LUAI_UACNUMBER) ver, (LUAI_UACNUMBER) v);
}

LUALIB_API int
luaL_getmetafield (lua_State *L, int obj, const char *e)
{
  return AUX (getmetafield) (L, obj, e);
}

LUALIB_API int
luaL_callmeta (lua_State *L, int obj, const char *e)
{
  return AUX (callmeta) (L, obj, e);
}

LUALIB_API const char *
luaL_tolstring (lua_State *L, int idx, size_t *len)
{
  return AUX (tolstring_) (L, idx, len);
}

LUALIB_API int
luaL_argerror (lua_State *L, int arg, const char *extramsg)
{
  return AUX (argerror) (L, arg, extramsg);
}

LUALIB_API int
luaL_typeerror (lua_State *L, int arg, const char *tname)
{
  return AUX (typeerror) (L, arg, tname);
}

LUALIB_API const char *
luaL_checklstring (lua_State *L, int arg, size_t *l)
{
  return AUX (checklstring) (L, arg, l);
}

LUALIB_API const char *
luaL_optlstring (lua_State *L, int arg, const char *def, size_t *l)
{
  return AUX (optlstring) (L, arg, def, l);
}

LUALIB_API lua_Number
luaL_checknumber (lua_State *L, int arg)
{
  return AUX (checknumber) (L, arg);
}

LUALIB_API lua_Number
luaL_optnumber (lua_State *L, int arg, lua_Number def)
{
  return AUX (optnumber) (L, arg, def);
}

LUALIB_API lua_Integer
luaL_checkinteger (lua_State *L, int arg)
{
  return AUX (checkinteger) (L, arg);
}

LUALIB_API lua_Integer
luaL_optinteger (lua_State *L, int arg, lua_Integer def)
{
  return AUX (optinteger) (L, arg, def);
}

LUALIB_API void
luaL_checkstack (lua_State *L, int sz, const char *msg)
{
  AUX (checkstack_) (L, sz, msg);
}

LUALIB_API void
luaL_checktype (lua_State *L, int arg, int t)
{
  AUX (checktype) (L, arg, t);
}

LUALIB_API void
luaL_checkany (lua_State *L, int arg)
{
  AUX (checkany) (L, arg);
}

LUALIB_API int
luaL_newmetatable (lua_State *L, const char *tname)
{
  return AUX (newmetatable) (L, tname);
}

LUALIB_API void
luaL_setmetatable (lua_State *L, const char *tname)
{
  AUX (setmetatable_) (L, tname);
}

LUALIB_API void *
luaL_testudata (lua_State *L, int ud, const char *tname)
{
  return AUX (testudata) (L, ud, tname);
}

LUALIB_API void *
luaL_checkudata (lua_State *L, int ud, const char *tname)
{
  return AUX (checkudata) (L, ud, tname);
}

LUALIB_API void
luaL_where (lua_State *L, int lvl)
{
  AUX (where) (L, lvl);
}

/* Position of the caller, then the formatted message (the vtable has no
** va_list form of luaL_error, so it is built here from the parts). */
LUALIB_API int
luaL_error (lua_State *L, const char *fmt, ...)
{
  va_list argp;
  va_start (argp, fmt);
  AUX (where) (L, 1);
  API (pushvfstring) (L, fmt, argp);
  va_end (argp);
  API (concat) (L, 2);
  return API (error) (L);
}

LUALIB_API int
luaL_checkoption (lua_State *L, int arg, const char *def,
                  const char *const lst[])
{
  return AUX (checkoption) (L, arg, def, lst);
}

LUALIB_API int
luaL_fileresult (lua_State *L, int stat, const char *fname)
{
  return AUX (fileresult) (L, stat, fname);
}

LUALIB_API int
luaL_execresult (lua_State *L, int stat)
{
  return AUX (execresult) (L, stat);
}

LUALIB_API void *
luaL_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  (void) ud;
  (void) osize;
  if (nsize == 0) {
    free (ptr);
    return NULL;
  }
  return realloc (ptr, nsize);
}

LUALIB_API int
luaL_ref (lua_State *L, int t)
{
  return AUX (ref) (L, t);
}

LUALIB_API void
luaL_unref (lua_State *L, int t, int ref)
{
  AUX (unref) (L, t, ref);
}

/* -- Loading ------------------------------------------------------------------ */

LUALIB_API int
luaL_loadfilex (lua_State *L, const char *filename, const char *mode)
{
  return AUX (loadfilex) (L, filename, mode);
}

LUALIB_API int
luaL_loadbufferx (lua_State *L, const char *buff, size_t sz,
                  const char *name, const char *mode)
{
  return AUX (loadbufferx) (L, buff, sz, name, mode);
}

LUALIB_API int
luaL_loadstring (lua_State *L, const char *s)
{
  return AUX (loadbufferx) (L, s, strlen (s), s, NULL);
}

/* -- States made by the auxiliary library --------------------------------------- */

static int
capi_panic (lua_State *L)
{
  const char *msg = lua_type (L, -1) == LUA_TSTRING
                    ? lua_tostring (L, -1) : "error object is not a string";
  fprintf (stderr, "PANIC: unprotected error in call to Lua API (%s)\n", msg);
  fflush (stderr);
  return 0;  /* returning aborts */
}

static void capi_warn_on (void *ud, const char *msg, int tocont);
static void capi_warn_off (void *ud, const char *msg, int tocont);
static void capi_warn_cont (void *ud, const char *msg, int tocont);

/* "@on"/"@off" as a whole (single-piece) message switch warnings; other
** control messages are ignored.  Returns whether 'msg' was one. */
static int
capi_warn_control (lua_State *L, const char *msg, int tocont)
{
  if (tocont || msg[0] != '@')
    return 0;
  if (strcmp (msg + 1, "off") == 0)
    lua_setwarnf (L, capi_warn_off, L);
  else if (strcmp (msg + 1, "on") == 0)
    lua_setwarnf (L, capi_warn_on, L);
  return 1;
}

static void
capi_warn_off (void *ud, const char *msg, int tocont)
{
  capi_warn_control ((lua_State *) ud, msg, tocont);
}

static void
capi_warn_cont (void *ud, const char *msg, int tocont)
{
  lua_State *L = ud;
  fputs (msg, stderr);
  if (tocont) {
    lua_setwarnf (L, capi_warn_cont, L);
  } else {
    fputs ("\n", stderr);
    fflush (stderr);
    lua_setwarnf (L, capi_warn_on, L);
  }
}

static void
capi_warn_on (void *ud, const char *msg, int tocont)
{
  if (capi_warn_control ((lua_State *) ud, msg, tocont))
    return;
  fputs ("Lua warning: ", stderr);
  capi_warn_cont (ud, msg, tocont);
}

LUALIB_API lua_State *
luaL_newstate (void)
{
  lua_State *L = lua_newstate (luaL_alloc, NULL, luaL_makeseed (NULL));
  if (L != NULL) {
    lua_atpanic (L, capi_panic);
    lua_setwarnf (L, capi_warn_on, L);  /* Lua 5.5: warnings start on */
  }
  return L;
}

/* Address-space randomisation and the clock, mixed (64-bit finaliser of
** splitmix64) and folded to 32 bits. */
LUALIB_API unsigned
luaL_makeseed (lua_State *L)
{
  uint64_t x = (uint64_t) (uintptr_t) &x ^ (uint64_t) (uintptr_t) L;
  struct timespec ts;
  clock_gettime (CLOCK_REALTIME, &ts);
  x ^= (uint64_t) ts.tv_sec * 1000000007u + (uint64_t) ts.tv_nsec;
  x = (x ^ (x >> 30)) * UINT64_C (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * UINT64_C (0x94d049bb133111eb);
  x ^= x >> 31;
  return (unsigned) (x ^ (x >> 32));
}

/* -- Tables, strings, tracebacks ------------------------------------------------ */

LUALIB_API lua_Integer
luaL_len (lua_State *L, int idx)
{
  return AUX (len_) (L, idx);
}

/* Append 's' to 'b' with every 'p' replaced by 'r' ('p' non-empty). */
LUALIB_API void
luaL_addgsub (luaL_Buffer *b, const char *s, const char *p, const char *r)
{
  size_t plen = strlen (p);
  const char *hit;
  while ((hit = strstr (s, p)) != NULL) {
    luaL_addlstring (b, s, (size_t) (hit - s));
    luaL_addstring (b, r);
    s = hit + plen;
  }
  luaL_addstring (b, s);
}

LUALIB_API const char *
luaL_gsub (lua_State *L, const char *s, const char *p, const char *r)
{
  return AUX (gsub) (L, s, p, r);
}

LUALIB_API void
luaL_setfuncs (lua_State *L, const luaL_Reg *l, int nup)
{
  AUX (setfuncs) (L, (const ElaraLibReg *) l, nup);
}

LUALIB_API int
luaL_getsubtable (lua_State *L, int idx, const char *fname)
{
  return AUX (getsubtable) (L, idx, fname);
}

LUALIB_API void
luaL_traceback (lua_State *L, lua_State *L1, const char *msg, int level)
{
  AUX (traceback) (L, L1, msg, level);
}

/* LOADED[modname] = openf (modname) unless already set to a true value;
** the module stays on the stack (and becomes global 'modname' if 'glb').
** Written on the stack API: the vtable has no requiref slot. */
LUALIB_API void
luaL_requiref (lua_State *L, const char *modname, lua_CFunction openf,
               int glb)
{
  luaL_getsubtable (L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_getfield (L, -1, modname);
  if (!lua_toboolean (L, -1)) {
    lua_pop (L, 1);
    lua_pushcfunction (L, openf);
    lua_pushstring (L, modname);
    lua_call (L, 1, 1);
    lua_pushvalue (L, -1);
    lua_setfield (L, -3, modname);
  }
  lua_remove (L, -2);
  if (glb) {
    lua_pushvalue (L, -1);
    lua_setglobal (L, modname);
  }
}

/* -- String buffers ------------------------------------------------------------- */

LUALIB_API void
luaL_buffinit (lua_State *L, luaL_Buffer *B)
{
  AUX (buffinit) (L, BUF (B));
}

LUALIB_API char *
luaL_prepbuffsize (luaL_Buffer *B, size_t sz)
{
  return AUX (prepbuffsize) (BUF (B), sz);
}

LUALIB_API void
luaL_addlstring (luaL_Buffer *B, const char *s, size_t l)
{
  AUX (addlstring) (BUF (B), s, l);
}

LUALIB_API void
luaL_addstring (luaL_Buffer *B, const char *s)
{
  AUX (addstring) (BUF (B), s);
}

LUALIB_API void
luaL_addvalue (luaL_Buffer *B)
{
  AUX (addvalue) (BUF (B));
}

LUALIB_API void
luaL_pushresult (luaL_Buffer *B)
{
  AUX (pushresult) (BUF (B));
}

LUALIB_API void
luaL_pushresultsize (luaL_Buffer *B, size_t sz)
{
  AUX (pushresultsize) (BUF (B), sz);
}

LUALIB_API char *
luaL_buffinitsize (lua_State *L, luaL_Buffer *B, size_t sz)
{
  return AUX (buffinitsize) (L, BUF (B), sz);
}

/* -- Standard libraries (lualib.h) --------------------------------------------- */

/* Load library plugin 'plugin' (stdlib-X builds X.so) and push the table
** of Lua module 'module' it registered; a loader failure becomes a Lua
** error.  The plugin sets its global and package.loaded entry itself, as
** every Elara plugin does. */
static int
capi_open_plugin (lua_State *L, const char *plugin, const char *module)
{
#if EL_CAPI_SHARED
  ElPluginError err = EL_PLUGIN_ERROR_INIT;
  if (!el_plugin_load (L, plugin, &err)) {
    char msg[1024];
    g_strlcpy (msg, err.message, sizeof msg);
    el_plugin_error_clear (&err);  /* before raising: longjmp would leak it */
    lua_pushstring (L, msg);
    return lua_error (L);
  }
  luaL_getsubtable (L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  if (lua_getfield (L, -1, module) == LUA_TNIL) {
    lua_pop (L, 1);
    lua_getglobal (L, module);
  }
  lua_remove (L, -2);
  if (lua_isnil (L, -1) && strcmp (module, LUA_GNAME) == 0) {
    lua_pop (L, 1);
    lua_pushglobaltable (L);
  }
#else
  if (capi_host->require_plugin (L, module))
    return 1;
  if (strcmp (module, plugin) == 0)
    return lua_error (L);
  /* The module names no plugin file (plugin 'base' provides "_G"): load
  ** the plugin by its own name, then ask for the module again.  The first
  ** message is replaced by the plugin's, which says why it cannot load. */
  lua_pop (L, 1);
  capi_host->require_plugin (L, plugin);  /* a message, or an odd module */
  if (!capi_host->require_plugin (L, module)) {
    lua_pop (L, 1);
    return lua_error (L);     /* the plugin's own failure */
  }
  lua_remove (L, -2);
#endif
  return 1;
}

LUAMOD_API int
luaopen_base (lua_State *L)
{
  return capi_open_plugin (L, "base", LUA_GNAME);
}

LUAMOD_API int
luaopen_package (lua_State *L)
{
  return capi_open_plugin (L, "package", LUA_LOADLIBNAME);
}

LUAMOD_API int
luaopen_coroutine (lua_State *L)
{
  return capi_open_plugin (L, "coroutine", LUA_COLIBNAME);
}

LUAMOD_API int
luaopen_debug (lua_State *L)
{
  return capi_open_plugin (L, "debug", LUA_DBLIBNAME);
}

LUAMOD_API int
luaopen_io (lua_State *L)
{
  return capi_open_plugin (L, "io", LUA_IOLIBNAME);
}

LUAMOD_API int
luaopen_math (lua_State *L)
{
  return capi_open_plugin (L, "math", LUA_MATHLIBNAME);
}

LUAMOD_API int
luaopen_os (lua_State *L)
{
  return capi_open_plugin (L, "os", LUA_OSLIBNAME);
}

LUAMOD_API int
luaopen_string (lua_State *L)
{
  return capi_open_plugin (L, "string", LUA_STRLIBNAME);
}

LUAMOD_API int
luaopen_table (lua_State *L)
{
  return capi_open_plugin (L, "table", LUA_TABLIBNAME);
}

LUAMOD_API int
luaopen_utf8 (lua_State *L)
{
  return capi_open_plugin (L, "utf8", LUA_UTF8LIBNAME);
}

/* The order is the reference's (the bits of lualib.h follow it): base
** first, then package, so later libraries can register in it. */
static const struct {
  const char *name;
  lua_CFunction open;
  int mask;
} capi_stdlibs[] = {
  { LUA_GNAME, luaopen_base, LUA_GLIBK },
  { LUA_LOADLIBNAME, luaopen_package, LUA_LOADLIBK },
  { LUA_COLIBNAME, luaopen_coroutine, LUA_COLIBK },
  { LUA_DBLIBNAME, luaopen_debug, LUA_DBLIBK },
  { LUA_IOLIBNAME, luaopen_io, LUA_IOLIBK },
  { LUA_MATHLIBNAME, luaopen_math, LUA_MATHLIBK },
  { LUA_OSLIBNAME, luaopen_os, LUA_OSLIBK },
  { LUA_STRLIBNAME, luaopen_string, LUA_STRLIBK },
  { LUA_TABLIBNAME, luaopen_table, LUA_TABLIBK },
  { LUA_UTF8LIBNAME, luaopen_utf8, LUA_UTF8LIBK },
};

LUALIB_API void
luaL_openselectedlibs (lua_State *L, int load, int preload)
{
  size_t i;
  for (i = 0; i < sizeof capi_stdlibs / sizeof capi_stdlibs[0]; i++) {
    if (load & capi_stdlibs[i].mask) {
      luaL_requiref (L, capi_stdlibs[i].name, capi_stdlibs[i].open, 1);
      lua_pop (L, 1);
    } else if (preload & capi_stdlibs[i].mask) {
      luaL_getsubtable (L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
      lua_pushcfunction (L, capi_stdlibs[i].open);
      lua_setfield (L, -2, capi_stdlibs[i].name);
      lua_pop (L, 1);
    }
  }
}

/* -- The capi plugin ------------------------------------------------------------- */

#if !EL_CAPI_SHARED
static int
capi_load (const ElaraHost *h, char *errbuf, size_t errlen)
{
  (void) errbuf;
  (void) errlen;
  capi_host = h;
  return 0;
}

static int
capi_init (lua_State *L, const ElaraHost *h)
{
  (void) L;
  capi_host = h;  /* one host per process: the same pointer as in load() */
  return 0;
}

static const ElaraPluginDesc capi_desc = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraPluginDesc),
  .kind = ELARA_PLUGIN_KIND_CAPI,
  .name = "capi",
  .version = ELARA_VERSION,
  .description = "the Lua 5.5 C API (lua_*, luaL_*) for classic C modules",
  .provides = NULL,
  .depends = NULL,
  /* informative (--list-plugins): a capi plugin uses the vtable only */
  .build_id = ELARA_BUILD_ID,
  .init = capi_init,
  .load = capi_load,
  .ops = NULL,
};

ELARA_PLUGIN_DEFINE (capi, &capi_desc)
#endif
