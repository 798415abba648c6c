/*
** host.c: the ElaraHost vtable handed to plugins, and the plugin services
** behind its last slots (library registration, logging, lazy loading)
** SPDX-License-Identifier: MIT
**
** The vtable is one immutable object for the whole process: plugins may
** keep the pointer for as long as they are mapped.  Slots are filled with
** designated initializers so the order of ElaraHost never matters here.
*/
#include "config.h"
#include "host.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auxlib.h"
#include "call.h"
#include "gc.h"
#include "meta.h"
#include "plugin.h"
#include "state.h"
#include "str.h"
#include "table.h"

/* -- Fast entries (1.5) --------------------------------------------------
** ElaraRawValue is TValue seen from a plugin, and the VM hands a fast entry
** the stack slots of a call as an ElaraRawValue array: the layouts and the
** tags the header names must be the core's. */
_Static_assert (sizeof (ElaraRawValue) == sizeof (TValue), "ElaraRawValue size");
_Static_assert (sizeof (StackValue) == sizeof (TValue), "stack slot size");
_Static_assert (offsetof (ElaraRawValue, tt) == offsetof (TValue, tt_),
                "ElaraRawValue tag");
_Static_assert (ELARA_VTNIL == EL_VNIL && ELARA_VTFALSE == EL_VFALSE
                && ELARA_VTTRUE == EL_VTRUE && ELARA_VTINT == EL_VNUMINT
                && ELARA_VTFLT == EL_VNUMFLT
                && ELARA_VTSHRSTR == ctb (EL_VSHRSTR)
                && ELARA_VTLNGSTR == ctb (EL_VLNGSTR)
                && ELARA_VTTABLE == ctb (EL_VTABLE), "ElaraRawValue tags");

/* Enter each fast entry in the state's table (state.h), keeping it at
** most half full; an entry that does not fit is left out (its function
** keeps the normal call).  A second registration of a function replaces
** its entry. */
static void
host_register_fast (ElaraState *L, const ElaraFastReg *regs)
{
  GlobalState *g = G (L);
  for (; regs != NULL && regs->func != NULL; regs++) {
    unsigned int i = el_call_fasthash (regs->func);
    while (g->fast[i].f != NULL && g->fast[i].f != regs->func)
      i = (i + 1) & (EL_FASTN - 1);
    if (g->fast[i].f == NULL) {
      if (regs->fast == NULL || g->nfast >= EL_FASTN / 2)
        continue;
      g->nfast++;
      g->fast[i].f = regs->func;
    }
    /* (a NULL entry for a known function could only be cleared by
    ** moving the probe chain: keep the slot, make it a miss) */
    g->fast[i].fast = regs->fast;
  }
}

static const char *
host_fast_tolstring (const ElaraRawValue *v, size_t *len)
{
  const TValue *o = cast (const TValue *, v);
  if (!ttisstring (o))
    return NULL;
  *len = vslen (o);
  return svalue (o);
}

static void
host_fast_setlstring (ElaraState *L, ElaraRawValue *dst, const char *s,
                      size_t len)
{
  el_str_setfast (L, cast (TValue *, dst), s, len);
}

/* (A table that has a metatable may have a protected one: the normal
** entry checks __metatable and raises.) */
static int
host_fast_setmetatable (ElaraState *L, ElaraRawValue *t, const ElaraRawValue *mt)
{
  TValue *o = cast (TValue *, t);
  const TValue *m = cast (const TValue *, mt);
  Table *h;
  if (!ttistable (o) || hvalue (o)->metatable != NULL)
    return 0;
  if (ttisnil (m))
    return 1;  /* nothing to change */
  if (!ttistable (m))
    return 0;
  h = hvalue (m);
  hvalue (o)->metatable = h;
  el_gc_objbarrier (L, gcvalue (o), h);
  el_gc_checkfinalizer (L, gcvalue (o), h);
  return 1;
}

/* (el_table_next raises for a key the table does not hold, an error
** that must come from the frame of 'next': such keys are found here
** first and declined.  A key removed during the traversal is one.) */
static int
host_fast_next (ElaraState *L, const ElaraRawValue *t, ElaraRawValue *kv)
{
  const TValue *o = cast (const TValue *, t);
  TValue *k = cast (TValue *, kv);
  Table *h;
  TValue v;
  if (!ttistable (o))
    return -1;
  h = hvalue (o);
  if (!ttisnil (k)
      && !(ttisinteger (k) && cast (ElUInt, ivalue (k)) - 1u < h->asize)
      && tagisempty (el_table_get (h, k, &v)))
    return -1;
  return el_table_next (L, h, cast (StkId, kv));
}

/* (Only tables without a metatable: table.insert and table.remove would
** otherwise go through __len, __index and __newindex.  A nil value is
** left to the normal entry, which stores nothing for it.) */
static int
host_fast_tappend (ElaraState *L, const ElaraRawValue *t, const ElaraRawValue *v)
{
  const TValue *o = cast (const TValue *, t);
  TValue cv = *cast (const TValue *, v);
  Table *h;
  ElUInt n;
  if (!ttistable (o) || hvalue (o)->metatable != NULL || ttisnil (&cv))
    return 0;
  h = hvalue (o);
  n = el_table_getn (h);
  if (el_unlikely (n >= cast (ElUInt, EL_MAXINTEGER)))
    return 0;  /* (the normal entry's wrap-around) */
  /* el_table_setint gives the barrier (and the new key its rehash) */
  el_table_setint (L, h, cast (ElInt, n) + 1, &cv);
  return 1;
}

/* (#t = 0 is left to the normal entry: it returns t[0]) */
static int
host_fast_tpop (ElaraState *L, const ElaraRawValue *t, ElaraRawValue *out)
{
  const TValue *o = cast (const TValue *, t);
  static const TValue nil = { { NULL }, EL_VNIL };
  TValue last;
  Table *h;
  ElUInt n;
  if (!ttistable (o) || hvalue (o)->metatable != NULL)
    return 0;
  h = hvalue (o);
  n = el_table_getn (h);
  if (n == 0 || n > cast (ElUInt, EL_MAXINTEGER))
    return 0;
  setnilvalue (&last);
  el_table_getint (h, cast (ElInt, n), &last);
  /* t[n] is present (n is a border above 0): an erase in place, which
  ** needs no new key and no barrier */
  if (el_table_psetint (L, h, cast (ElInt, n), &nil) != NULL)
    return 0;
  *cast (TValue *, out) = last;
  return 1;
}

static void
host_fast_typename (ElaraState *L, ElaraRawValue *dst, const ElaraRawValue *v)
{
  const char *name = ttypename (ttype (cast (const TValue *, v)));
  setsvalue (L, cast (TValue *, dst), el_str_new (L, name));
  G (L)->fastmade = 1;
}

/* -- Plugin services ---------------------------------------------------- */

/* Create (or reuse) the library table 'name' and fill it.  The table is
** reused when package.loaded already has it (a second init in the same
** state, or a library extended by several plugins); "_G" is the global
** table itself.  The table is always recorded in package.loaded (so
** 'require' finds it, as after luaL_requiref) and, when 'global', also
** stored in the global of that name. */
static void
host_register_lib (ElaraState *L, const char *name, const ElaraLibReg *funcs,
                   int global)
{
  el_auxlib_getsubtable (L, ELARA_REGISTRYINDEX, EL_AUXLIB_LOADED);
  if (el_api_getfield (L, -1, name) != ELARA_TTABLE) {
    el_api_settop (L, -2);
    if (strcmp (name, EL_AUXLIB_GNAME) == 0)
      el_api_rawgeti (L, ELARA_REGISTRYINDEX, ELARA_RIDX_GLOBALS);
    else {
      int n = 0;
      const ElaraLibReg *l;
      for (l = funcs; l != NULL && l->name != NULL; l++)
        n++;
      el_api_createtable (L, 0, n);
    }
    el_api_pushvalue (L, -1);
    el_api_setfield (L, -3, name);
  }
  el_api_rotate (L, -2, -1);  /* drop LOADED, keep the library */
  el_api_settop (L, -2);
  if (funcs != NULL)
    el_auxlib_setfuncs (L, funcs, 0);
  if (global) {
    el_api_pushvalue (L, -1);
    el_api_setglobal (L, name);
  }
}

/* Where host->log messages go (el_host_set_log_hook); NULL: stderr. */
static ElHostLogFunc host_log_hook;

void
el_host_set_log_hook (ElHostLogFunc func)
{
  host_log_hook = func;
}

/* Format once, then hand the text to the embedder's hook: libelara logs it
** with GLib (domain "elara-plugin"), the launcher prints it.  Without a
** hook, warnings go to stderr and debug/info messages are dropped (what
** GLib's default handler does). */
static void
host_log (int level, const char *plugin, const char *fmt, ...)
{
  char small[256];
  char *msg = small;
  va_list ap;
  int n;
  va_start (ap, fmt);
  n = vsnprintf (small, sizeof small, fmt, ap);
  va_end (ap);
  if (n < 0)
    return;
  if ((size_t) n >= sizeof small) {
    msg = malloc ((size_t) n + 1);
    if (msg == NULL) {
      msg = small;  /* out of memory: the message is cut, not lost */
    } else {
      va_start (ap, fmt);
      vsnprintf (msg, (size_t) n + 1, fmt, ap);
      va_end (ap);
    }
  }
  if (plugin == NULL)
    plugin = "?";
  if (host_log_hook != NULL)
    host_log_hook (level, plugin, msg);
  else if (level >= 2) {
    fprintf (stderr, "elara-plugin: warning: %s: %s\n", plugin, msg);
    fflush (stderr);
  }
  if (msg != small)
    free (msg);
}

static int
host_require_plugin (ElaraState *L, const char *name)
{
  return el_plugin_require (L, name);
}

/* Closing may release the last reference to the calling plugin (and
** unmap it), so the exit has to follow from here, never from the plugin. */
static void
host_close_and_exit (ElaraState *L, int status)
{
  el_state_close (L);  /* works from any thread: it closes the main one */
  exit (status);
}

/* -- The vtable ------------------------------------------------------------ */

static const ElaraHost host_vtable = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraHost),

  /* state and stack */
  .absindex = el_api_absindex,
  .gettop = el_api_gettop,
  .settop = el_api_settop,
  .pushvalue = el_api_pushvalue,
  .rotate = el_api_rotate,
  .copy = el_api_copy,
  .checkstack = el_api_checkstack,
  .xmove = el_api_xmove,

  /* access */
  .isnumber = el_api_isnumber,
  .isstring = el_api_isstring,
  .iscfunction = el_api_iscfunction,
  .isinteger = el_api_isinteger,
  .isuserdata = el_api_isuserdata,
  .type = el_api_type,
  .typename_ = el_api_typename_,
  .tonumberx = el_api_tonumberx,
  .tointegerx = el_api_tointegerx,
  .toboolean = el_api_toboolean,
  .tolstring = el_api_tolstring,
  .rawlen = el_api_rawlen,
  .tocfunction = el_api_tocfunction,
  .touserdata = el_api_touserdata,
  .tothread = el_api_tothread,
  .topointer = el_api_topointer,

  /* arithmetic and comparison */
  .arith = el_api_arith,
  .rawequal = el_api_rawequal,
  .compare = el_api_compare,

  /* push */
  .pushnil = el_api_pushnil,
  .pushnumber = el_api_pushnumber,
  .pushinteger = el_api_pushinteger,
  .pushlstring = el_api_pushlstring,
  .pushstring = el_api_pushstring,
  .pushvfstring = el_api_pushvfstring,
  .pushfstring = el_api_pushfstring,
  .pushcclosure = el_api_pushcclosure,
  .pushboolean = el_api_pushboolean,
  .pushlightuserdata = el_api_pushlightuserdata,
  .pushthread = el_api_pushthread,

  /* get */
  .getglobal = el_api_getglobal,
  .gettable = el_api_gettable,
  .getfield = el_api_getfield,
  .geti = el_api_geti,
  .rawget = el_api_rawget,
  .rawgeti = el_api_rawgeti,
  .rawgetp = el_api_rawgetp,
  .createtable = el_api_createtable,
  .newuserdatauv = el_api_newuserdatauv,
  .getmetatable = el_api_getmetatable,
  .getiuservalue = el_api_getiuservalue,

  /* set */
  .setglobal = el_api_setglobal,
  .settable = el_api_settable,
  .setfield = el_api_setfield,
  .seti = el_api_seti,
  .rawset = el_api_rawset,
  .rawseti = el_api_rawseti,
  .rawsetp = el_api_rawsetp,
  .setmetatable = el_api_setmetatable,
  .setiuservalue = el_api_setiuservalue,

  /* load and call */
  .callk = el_api_callk,
  .pcallk = el_api_pcallk,
  .load = el_api_load,
  .dump = el_api_dump,

  /* coroutines */
  .yieldk = el_api_yieldk,
  .resume = el_api_resume,
  .status = el_api_status,
  .isyieldable = el_api_isyieldable,
  .newthread = el_api_newthread,
  .closethread = el_api_closethread,

  /* warnings, GC, misc */
  .setwarnf = el_api_setwarnf,
  .warning = el_api_warning,
  .gc = el_api_gc,
  .error = el_api_error,
  .next = el_api_next,
  .concat = el_api_concat,
  .len = el_api_len,
  .stringtonumber = el_api_stringtonumber,
  .numbertocstring = el_api_numbertocstring,
  .toclose = el_api_toclose,
  .closeslot = el_api_closeslot,

  /* debug interface */
  .getstack = el_api_getstack,
  .getinfo = el_api_getinfo,
  .getlocal = el_api_getlocal,
  .setlocal = el_api_setlocal,
  .getupvalue = el_api_getupvalue,
  .setupvalue = el_api_setupvalue,
  .upvalueid = el_api_upvalueid,
  .upvaluejoin = el_api_upvaluejoin,
  .sethook = el_api_sethook,
  .gethook = el_api_gethook,
  .gethookmask = el_api_gethookmask,
  .gethookcount = el_api_gethookcount,

  /* auxiliary functions */
  .argerror = el_auxlib_argerror,
  .typeerror = el_auxlib_typeerror,
  .checktype = el_auxlib_checktype,
  .checkany = el_auxlib_checkany,
  .checklstring = el_auxlib_checklstring,
  .optlstring = el_auxlib_optlstring,
  .checknumber = el_auxlib_checknumber,
  .optnumber = el_auxlib_optnumber,
  .checkinteger = el_auxlib_checkinteger,
  .optinteger = el_auxlib_optinteger,
  .checkoption = el_auxlib_checkoption,
  .checkstack_ = el_auxlib_checkstack_,
  .newmetatable = el_auxlib_newmetatable,
  .setmetatable_ = el_auxlib_setmetatable_,
  .testudata = el_auxlib_testudata,
  .checkudata = el_auxlib_checkudata,
  .getmetafield = el_auxlib_getmetafield,
  .callmeta = el_auxlib_callmeta,
  .tolstring_ = el_auxlib_tolstring_,
  .where = el_auxlib_where,
  .errorf = el_auxlib_errorf,
  .len_ = el_auxlib_len_,
  .getsubtable = el_auxlib_getsubtable,
  .traceback = el_auxlib_traceback,
  .ref = el_auxlib_ref,
  .unref = el_auxlib_unref,
  .loadbufferx = el_auxlib_loadbufferx,
  .loadfilex = el_auxlib_loadfilex,
  .setfuncs = el_auxlib_setfuncs,
  .gsub = el_auxlib_gsub,
  .fileresult = el_auxlib_fileresult,
  .execresult = el_auxlib_execresult,

  /* string buffers */
  .buffinit = el_auxlib_buffinit,
  .prepbuffsize = el_auxlib_prepbuffsize,
  .addlstring = el_auxlib_addlstring,
  .addstring = el_auxlib_addstring,
  .addvalue = el_auxlib_addvalue,
  .pushresult = el_auxlib_pushresult,
  .pushresultsize = el_auxlib_pushresultsize,
  .buffinitsize = el_auxlib_buffinitsize,

  /* plugin services */
  .register_lib = host_register_lib,
  .log = host_log,
  .require_plugin = host_require_plugin,

  /* 1.1: process services */
  .close_and_exit = host_close_and_exit,

  /* 1.2: whole states */
  .atpanic = el_api_atpanic,
  .getallocf = el_api_getallocf,
  .setallocf = el_api_setallocf,
  .newstate = el_api_newstate,
  .close = el_api_close,

  /* 1.3: coroutine switches in the VM */
  .set_coroutine_fns = el_api_setcoroutinefns,

  /* 1.4: bulk moves in a table */
  .tmove = el_api_tmove,

  /* 1.5: fast entries */
  .register_fast = host_register_fast,
  .fast_tolstring = host_fast_tolstring,
  .fast_setlstring = host_fast_setlstring,
  .fast_setmetatable = host_fast_setmetatable,
  .fast_typename = host_fast_typename,
  .fast_next = host_fast_next,
  .fast_tappend = host_fast_tappend,
  .fast_tpop = host_fast_tpop,

  /* 1.6: calls from library loops */
  .calltruth2 = el_api_calltruth2,
};

const ElaraHost *
el_host_get (void)
{
  return &host_vtable;
}
