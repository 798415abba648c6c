/*
** debug.c: the debug library
** SPDX-License-Identifier: MIT
**
** A library plugin: it reaches the core only through the ElaraHost vtable
** received in db_init (one host per process, kept in a static).
**
** Most functions take an optional thread first; 'DbTarget' records which
** thread they act on and where their other arguments start.  When that
** thread is not the caller, its stack may be in any state, so every push
** on it is checked first.
*/
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "elara/elara-plugin.h"

static const ElaraHost *host;

#define db_pop(L, n)      host->settop (L, -(n) - 1)
#define db_insert(L, i)   host->rotate (L, (i), 1)

/* Registry field of the hook table: thread -> Lua hook function, with
** weak keys so a hooked coroutine can still be collected. */
#define DB_HOOKTABLE "_HOOKKEY"

typedef struct {
  ElaraState *co;   /* the thread inspected */
  int a;            /* index of the first argument after the thread */
} DbTarget;

static DbTarget
db_target (ElaraState *L)
{
  DbTarget t;
  if (host->type (L, 1) == ELARA_TTHREAD) {
    t.co = host->tothread (L, 1);
    t.a = 2;
  }
  else {
    t.co = L;
    t.a = 1;
  }
  return t;
}

static void
db_room (ElaraState *L, ElaraState *co, int n)
{
  if (co != L && !host->checkstack (co, n))
    host->errorf (L, "stack overflow");
}

/* Push thread 'co' itself on L. */
static void
db_push_thread (ElaraState *L, ElaraState *co)
{
  db_room (L, co, 1);
  host->pushthread (co);
  if (co != L)
    host->xmove (co, L, 1);
}

/* -- Registry, metatables, user values -------------------------------------- */

static int
db_getregistry (ElaraState *L)
{
  host->pushvalue (L, ELARA_REGISTRYINDEX);
  return 1;
}

static int
db_getmetatable (ElaraState *L)
{
  host->checkany (L, 1);
  if (!host->getmetatable (L, 1))
    host->pushnil (L);
  return 1;
}

static int
db_setmetatable (ElaraState *L)
{
  int t = host->type (L, 2);
  if (t != ELARA_TNIL && t != ELARA_TTABLE)
    host->typeerror (L, 2, "nil or table");
  host->settop (L, 2);
  host->setmetatable (L, 1);
  return 1;
}

static int
db_getuservalue (ElaraState *L)
{
  int n = (int) host->optinteger (L, 2, 1);
  if (host->type (L, 1) != ELARA_TUSERDATA) {
    host->pushnil (L);
    return 1;
  }
  if (host->getiuservalue (L, 1, n) == ELARA_TNONE)
    return 1;  /* the nil pushed for a missing slot */
  host->pushboolean (L, 1);
  return 2;
}

static int
db_setuservalue (ElaraState *L)
{
  int n = (int) host->optinteger (L, 3, 1);
  host->checktype (L, 1, ELARA_TUSERDATA);
  host->checkany (L, 2);
  host->settop (L, 2);
  if (!host->setiuservalue (L, 1, n))
    host->pushnil (L);
  return 1;
}

/* -- getinfo ---------------------------------------------------------------- */

static void
db_field_str (ElaraState *L, const char *k, const char *v)
{
  host->pushstring (L, v);  /* NULL pushes nil */
  host->setfield (L, -2, k);
}

static void
db_field_int (ElaraState *L, const char *k, ElaraInteger v)
{
  host->pushinteger (L, v);
  host->setfield (L, -2, k);
}

static void
db_field_bool (ElaraState *L, const char *k, int v)
{
  host->pushboolean (L, v);
  host->setfield (L, -2, k);
}

/* getinfo left a value (function or line table) on co's top, below the
** result table when co is L: move it into the table. */
static void
db_field_pushed (ElaraState *L, ElaraState *co, const char *k)
{
  if (co == L)
    host->rotate (L, -2, 1);
  else
    host->xmove (co, L, 1);
  host->setfield (L, -2, k);
}

static int
db_getinfo (ElaraState *L)
{
  DbTarget t = db_target (L);
  ElaraDebug ar;
  const char *what = host->optlstring (L, t.a + 1, "flnSrtu", NULL);
  db_room (L, t.co, 3);
  if (what[0] == '>')
    host->argerror (L, t.a + 1, "invalid option '>'");
  if (host->type (L, t.a) == ELARA_TFUNCTION) {
    /* '>' tells getinfo to take the function from the top of co. */
    what = host->pushfstring (L, ">%s", what);
    host->pushvalue (L, t.a);
    host->xmove (L, t.co, 1);
  }
  else if (!host->getstack (t.co, (int) host->checkinteger (L, t.a), &ar)) {
    host->pushnil (L);  /* no such level */
    return 1;
  }
  if (!host->getinfo (t.co, what, &ar))
    return host->argerror (L, t.a + 1, "invalid option");
  host->createtable (L, 0, 16);
  if (strchr (what, 'S')) {
    host->pushlstring (L, ar.source, ar.srclen);
    host->setfield (L, -2, "source");
    db_field_str (L, "short_src", ar.short_src);
    db_field_int (L, "linedefined", ar.linedefined);
    db_field_int (L, "lastlinedefined", ar.lastlinedefined);
    db_field_str (L, "what", ar.what);
  }
  if (strchr (what, 'l'))
    db_field_int (L, "currentline", ar.currentline);
  if (strchr (what, 'u')) {
    db_field_int (L, "nups", ar.nups);
    db_field_int (L, "nparams", ar.nparams);
    db_field_bool (L, "isvararg", ar.isvararg);
  }
  if (strchr (what, 'n')) {
    db_field_str (L, "name", ar.name);
    db_field_str (L, "namewhat", ar.namewhat);
  }
  if (strchr (what, 'r')) {
    db_field_int (L, "ftransfer", ar.ftransfer);
    db_field_int (L, "ntransfer", ar.ntransfer);
  }
  if (strchr (what, 't')) {
    db_field_bool (L, "istailcall", ar.istailcall);
    db_field_int (L, "extraargs", ar.extraargs);
  }
  /* getinfo pushed the line table after the function: take it first. */
  if (strchr (what, 'L'))
    db_field_pushed (L, t.co, "activelines");
  if (strchr (what, 'f'))
    db_field_pushed (L, t.co, "func");
  return 1;
}

/* -- Locals and upvalues ---------------------------------------------------- */

static int
db_getlocal (ElaraState *L)
{
  DbTarget t = db_target (L);
  int n = (int) host->checkinteger (L, t.a + 1);
  ElaraDebug ar;
  const char *name;
  if (host->type (L, t.a) == ELARA_TFUNCTION) {
    /* Parameters of a function that is not running: names only. */
    host->pushvalue (L, t.a);
    host->pushstring (L, host->getlocal (L, NULL, n));
    return 1;
  }
  if (!host->getstack (t.co, (int) host->checkinteger (L, t.a), &ar))
    return host->argerror (L, t.a, "level out of range");
  db_room (L, t.co, 1);
  name = host->getlocal (t.co, &ar, n);
  if (name == NULL) {
    host->pushnil (L);
    return 1;
  }
  host->xmove (t.co, L, 1);
  host->pushstring (L, name);
  db_insert (L, -2);
  return 2;
}

static int
db_setlocal (ElaraState *L)
{
  DbTarget t = db_target (L);
  int level = (int) host->checkinteger (L, t.a);
  int n = (int) host->checkinteger (L, t.a + 1);
  ElaraDebug ar;
  const char *name;
  if (!host->getstack (t.co, level, &ar))
    return host->argerror (L, t.a, "level out of range");
  host->checkany (L, t.a + 2);
  host->settop (L, t.a + 2);
  db_room (L, t.co, 1);
  host->xmove (L, t.co, 1);
  name = host->setlocal (t.co, &ar, n);
  if (name == NULL)
    db_pop (t.co, 1);  /* setlocal pops the value only when it succeeds */
  host->pushstring (L, name);
  return 1;
}

static int
db_getupvalue (ElaraState *L)
{
  int n = (int) host->checkinteger (L, 2);
  const char *name;
  host->checktype (L, 1, ELARA_TFUNCTION);
  name = host->getupvalue (L, 1, n);
  if (name == NULL)
    return 0;
  host->pushstring (L, name);
  db_insert (L, -2);
  return 2;
}

static int
db_setupvalue (ElaraState *L)
{
  int n;
  const char *name;
  host->checkany (L, 3);
  n = (int) host->checkinteger (L, 2);
  host->checktype (L, 1, ELARA_TFUNCTION);
  name = host->setupvalue (L, 1, n);
  if (name == NULL)
    return 0;
  host->pushstring (L, name);
  return 1;
}

/* The identity of upvalue (arg 'nup') of function (arg 'f'), NULL when
** the index is not valid. */
static void *
db_upvalue_ref (ElaraState *L, int f, int nup)
{
  int n = (int) host->checkinteger (L, nup);
  host->checktype (L, f, ELARA_TFUNCTION);
  return host->upvalueid (L, f, n);
}

static int
db_upvalueid (ElaraState *L)
{
  void *id = db_upvalue_ref (L, 1, 2);
  if (id == NULL)
    host->pushnil (L);
  else
    host->pushlightuserdata (L, id);
  return 1;
}

static int
db_upvaluejoin (ElaraState *L)
{
  if (db_upvalue_ref (L, 1, 2) == NULL)
    host->argerror (L, 2, "invalid upvalue index");
  if (db_upvalue_ref (L, 3, 4) == NULL)
    host->argerror (L, 4, "invalid upvalue index");
  if (host->iscfunction (L, 1))
    host->argerror (L, 1, "Lua function expected");
  if (host->iscfunction (L, 3))
    host->argerror (L, 3, "Lua function expected");
  host->upvaluejoin (L, 1, (int) host->tointegerx (L, 2, NULL),
                     3, (int) host->tointegerx (L, 4, NULL));
  return 0;
}

/* -- Hooks ------------------------------------------------------------------ */

/* Event names in the order of the ELARA_HOOK* codes. */
static const char *const db_events[] = {
  "call", "return", "line", "count", "tail call"
};

/* The one C hook: it calls the Lua function stored for the running
** thread with the event name and, when known, the current line. */
static void
db_hook (ElaraState *L, ElaraDebug *ar)
{
  host->getfield (L, ELARA_REGISTRYINDEX, DB_HOOKTABLE);
  host->pushthread (L);
  if (host->rawget (L, -2) != ELARA_TFUNCTION)
    return;
  host->pushstring (L, db_events[ar->event]);
  if (ar->currentline >= 0)
    host->pushinteger (L, ar->currentline);
  else
    host->pushnil (L);
  host->callk (L, 2, 0, 0, NULL);
}

static int
db_sethook (ElaraState *L)
{
  DbTarget t = db_target (L);
  ElaraHook hook = NULL;
  int mask = 0, count = 0;
  if (host->type (L, t.a) > ELARA_TNIL) {
    const char *smask = host->checklstring (L, t.a + 1, NULL);
    host->checktype (L, t.a, ELARA_TFUNCTION);
    count = (int) host->optinteger (L, t.a + 2, 0);
    hook = db_hook;
    if (strchr (smask, 'c'))
      mask |= ELARA_MASKCALL;
    if (strchr (smask, 'r'))
      mask |= ELARA_MASKRET;
    if (strchr (smask, 'l'))
      mask |= ELARA_MASKLINE;
    if (count > 0)
      mask |= ELARA_MASKCOUNT;
  }
  else
    host->settop (L, t.a);  /* the hook value stored is nil */
  if (!host->getsubtable (L, ELARA_REGISTRYINDEX, DB_HOOKTABLE)) {
    /* New table: it is its own metatable, with weak keys. */
    host->pushstring (L, "k");
    host->setfield (L, -2, "__mode");
    host->pushvalue (L, -1);
    host->setmetatable (L, -2);
  }
  db_push_thread (L, t.co);
  host->pushvalue (L, t.a);
  host->rawset (L, -3);
  host->sethook (t.co, hook, mask, count);
  return 0;
}

static int
db_gethook (ElaraState *L)
{
  DbTarget t = db_target (L);
  ElaraHook hook = host->gethook (t.co);
  int mask = host->gethookmask (t.co);
  char smask[4];
  int n = 0;
  if (hook == NULL) {
    host->pushnil (L);
    return 1;
  }
  if (hook == db_hook) {
    host->getfield (L, ELARA_REGISTRYINDEX, DB_HOOKTABLE);
    db_push_thread (L, t.co);
    host->rawget (L, -2);
    host->rotate (L, -2, 1);
    db_pop (L, 1);
  }
  else
    host->pushstring (L, "external hook");
  if (mask & ELARA_MASKCALL)
    smask[n++] = 'c';
  if (mask & ELARA_MASKRET)
    smask[n++] = 'r';
  if (mask & ELARA_MASKLINE)
    smask[n++] = 'l';
  host->pushlstring (L, smask, (size_t) n);
  host->pushinteger (L, host->gethookcount (t.co));
  return 3;
}

/* -- Interaction and tracebacks --------------------------------------------- */

/* A line-by-line prompt on stdin/stderr until "cont" or end of input;
** each line runs as its own chunk, errors are printed and forgotten. */
static int
db_debug (ElaraState *L)
{
  char line[250];
  for (;;) {
    fputs ("lua_debug> ", stderr);
    fflush (stderr);
    if (fgets (line, sizeof line, stdin) == NULL
        || strcmp (line, "cont\n") == 0)
      return 0;
    if (host->loadbufferx (L, line, strlen (line), "=(debug command)", NULL)
          != ELARA_OK
        || host->pcallk (L, 0, 0, 0, 0, NULL) != ELARA_OK) {
      fprintf (stderr, "%s\n", host->tolstring_ (L, -1, NULL));
      fflush (stderr);
    }
    host->settop (L, 0);
  }
}

static int
db_traceback (ElaraState *L)
{
  DbTarget t = db_target (L);
  const char *msg = host->tolstring (L, t.a, NULL);
  if (msg == NULL && host->type (L, t.a) > ELARA_TNIL) {
    host->pushvalue (L, t.a);  /* not a message: give it back unchanged */
    return 1;
  }
  host->traceback (L, t.co, msg,
                   (int) host->optinteger (L, t.a + 1, t.co == L ? 1 : 0));
  return 1;
}

/* -- Registration ----------------------------------------------------------- */

static const ElaraLibReg db_funcs[] = {
  { "debug", db_debug },
  { "getuservalue", db_getuservalue },
  { "gethook", db_gethook },
  { "getinfo", db_getinfo },
  { "getlocal", db_getlocal },
  { "getregistry", db_getregistry },
  { "getmetatable", db_getmetatable },
  { "getupvalue", db_getupvalue },
  { "upvaluejoin", db_upvaluejoin },
  { "upvalueid", db_upvalueid },
  { "setuservalue", db_setuservalue },
  { "sethook", db_sethook },
  { "setlocal", db_setlocal },
  { "setmetatable", db_setmetatable },
  { "setupvalue", db_setupvalue },
  { "traceback", db_traceback },
  { NULL, NULL }
};

static int
db_init (ElaraState *L, const ElaraHost *h)
{
  host = h;
  host->register_lib (L, "debug", db_funcs, 1);
  db_pop (L, 1);
  return 0;
}

static const char *const db_provides[] = { "debug", NULL };
static const char *const db_depends[] = { "base", NULL };

static const ElaraPluginDesc db_desc = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraPluginDesc),
  .kind = ELARA_PLUGIN_KIND_LIBRARY,
  .name = "debug",
  .version = "0.1.0",
  .description = "debug interface (getinfo, getlocal, sethook, traceback, ...)",
  .provides = db_provides,
  .depends = db_depends,
  .build_id = NULL,
  .init = db_init,
  .load = NULL,
  .ops = NULL,
};

ELARA_PLUGIN_DEFINE (debug, &db_desc)
