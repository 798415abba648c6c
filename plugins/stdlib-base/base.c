/*
** base.c: the basic library (_G): print, pairs, pcall, load, ...
** SPDX-License-Identifier: MIT
**
** A library plugin: it reaches the core only through the ElaraHost vtable
** received in base_init (one host per process, kept in a static).
*/
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "elara/elara-plugin.h"

static const ElaraHost *host;

/* -- The few lua.h / lauxlib.h macros this library needs --------------------- */

#define base_pop(L, n)          host->settop (L, -(n) - 1)
#define base_isnone(L, i)       (host->type (L, (i)) == ELARA_TNONE)
#define base_isnoneornil(L, i)  (host->type (L, (i)) <= 0)
#define base_tostring(L, i)     host->tolstring (L, (i), NULL)
#define base_checkstring(L, i)  host->checklstring (L, (i), NULL)
#define base_optstring(L, i, d) host->optlstring (L, (i), (d), NULL)
#define base_insert(L, i)       host->rotate (L, (i), 1)
#define base_call(L, na, nr)    host->callk (L, (na), (nr), 0, NULL)
#define base_pushfail(L)        host->pushnil (L)

static void
base_remove (ElaraState *L, int idx)
{
  host->rotate (L, idx, -1);
  base_pop (L, 1);
}

static void
base_replace (ElaraState *L, int idx)
{
  host->copy (L, -1, idx);
  base_pop (L, 1);
}

static void
base_argcheck (ElaraState *L, int cond, int arg, const char *msg)
{
  if (!cond)
    host->argerror (L, arg, msg);
}

static void
base_argexpected (ElaraState *L, int cond, int arg, const char *tname)
{
  if (!cond)
    host->typeerror (L, arg, tname);
}

/* -- Output ----------------------------------------------------------------- */

static int
base_print (ElaraState *L)
{
  int n = host->gettop (L);
  int i;
  for (i = 1; i <= n; i++) {
    size_t l;
    const char *s = host->tolstring_ (L, i, &l);
    if (i > 1)
      fwrite ("\t", 1, 1, stdout);
    fwrite (s, 1, l, stdout);
    base_pop (L, 1);
  }
  fwrite ("\n", 1, 1, stdout);
  fflush (stdout);
  return 0;
}

/* All arguments are checked before the first piece is emitted, so an
** error cannot leave a warning half composed. */
static int
base_warn (ElaraState *L)
{
  int n = host->gettop (L);
  int i;
  base_checkstring (L, 1);
  for (i = 2; i <= n; i++)
    base_checkstring (L, i);
  for (i = 1; i < n; i++)
    host->warning (L, base_tostring (L, i), 1);
  host->warning (L, base_tostring (L, n), 0);
  return 0;
}

/* -- Numbers ------------------------------------------------------------------ */

#define BASE_SPACECHARS " \f\n\r\t\v"

/* Read an integer numeral in 'base' (2..36) with optional sign and
** surrounding spaces; wraps around like Lua integers.  Returns the end of
** the numeral or NULL when it is not one. */
static const char *
base_str2int (const char *s, unsigned base, ElaraInteger *pn)
{
  ElaraUnsigned n = 0;
  int neg = 0;
  s += strspn (s, BASE_SPACECHARS);
  if (*s == '-') {
    s++;
    neg = 1;
  }
  else if (*s == '+')
    s++;
  if (!isalnum ((unsigned char) *s))
    return NULL;
  do {
    unsigned char c = (unsigned char) *s;
    unsigned digit = isdigit (c) ? (unsigned) (c - '0')
                                 : (unsigned) (toupper (c) - 'A') + 10;
    if (digit >= base)
      return NULL;
    n = n * base + digit;
    s++;
  } while (isalnum ((unsigned char) *s));
  s += strspn (s, BASE_SPACECHARS);
  *pn = (ElaraInteger) (neg ? (0u - n) : n);
  return s;
}

static int
base_tonumber (ElaraState *L)
{
  if (base_isnoneornil (L, 2)) {
    if (host->type (L, 1) == ELARA_TNUMBER) {
      host->settop (L, 1);
      return 1;
    }
    else {
      size_t l;
      const char *s = host->tolstring (L, 1, &l);
      if (s != NULL && host->stringtonumber (L, s) == l + 1)
        return 1;
      host->checkany (L, 1);  /* no argument at all is an error */
    }
  }
  else {
    size_t l;
    const char *s;
    ElaraInteger n = 0;
    ElaraInteger base = host->checkinteger (L, 2);
    host->checktype (L, 1, ELARA_TSTRING);  /* numbers are not strings here */
    s = host->tolstring (L, 1, &l);
    base_argcheck (L, 2 <= base && base <= 36, 2, "base out of range");
    if (base_str2int (s, (unsigned) base, &n) == s + l) {
      host->pushinteger (L, n);
      return 1;
    }
  }
  base_pushfail (L);
  return 1;
}

/* -- Errors ------------------------------------------------------------------- */

static int
base_error (ElaraState *L)
{
  int level = (int) host->optinteger (L, 2, 1);
  host->settop (L, 1);
  if (host->type (L, 1) == ELARA_TSTRING && level > 0) {
    host->where (L, level);
    host->pushvalue (L, 1);
    host->concat (L, 2);
  }
  return host->error (L);
}

static int
base_assert (ElaraState *L)
{
  if (host->toboolean (L, 1))
    return host->gettop (L);
  host->checkany (L, 1);
  base_remove (L, 1);
  host->pushstring (L, "assertion failed!");
  host->settop (L, 1);  /* the message given, or the default one */
  return base_error (L);
}

/* Continuation shared by pcall and xpcall: 'true' was pushed before the
** call, so success returns everything but the 'extra' slots below it. */
static int
base_finishpcall (ElaraState *L, int status, ElaraKContext extra)
{
  if (status != ELARA_OK && status != ELARA_YIELD) {
    host->pushboolean (L, 0);
    host->pushvalue (L, -2);
    return 2;
  }
  return host->gettop (L) - (int) extra;
}

static int
base_pcall (ElaraState *L)
{
  int status;
  host->checkany (L, 1);
  host->pushboolean (L, 1);
  base_insert (L, 1);
  status = host->pcallk (L, host->gettop (L) - 2, ELARA_MULTRET, 0, 0,
                         base_finishpcall);
  return base_finishpcall (L, status, 0);
}

/* Stack after the rotate: f, msgh, true, f, args...; results start after
** the first two slots. */
static int
base_xpcall (ElaraState *L)
{
  int status;
  int n = host->gettop (L);
  host->checktype (L, 2, ELARA_TFUNCTION);
  host->pushboolean (L, 1);
  host->pushvalue (L, 1);
  host->rotate (L, 3, 2);
  status = host->pcallk (L, n - 2, ELARA_MULTRET, 2, 2, base_finishpcall);
  return base_finishpcall (L, status, 2);
}

/* -- Metatables and raw access ---------------------------------------------- */

static int
base_getmetatable (ElaraState *L)
{
  host->checkany (L, 1);
  if (!host->getmetatable (L, 1)) {
    host->pushnil (L);
    return 1;
  }
  host->getmetafield (L, 1, "__metatable");
  return 1;
}

static int
base_setmetatable (ElaraState *L)
{
  int t = host->type (L, 2);
  host->checktype (L, 1, ELARA_TTABLE);
  base_argexpected (L, t == ELARA_TNIL || t == ELARA_TTABLE, 2,
                    "nil or table");
  if (host->getmetafield (L, 1, "__metatable") != ELARA_TNIL)
    return host->errorf (L, "cannot change a protected metatable");
  host->settop (L, 2);
  host->setmetatable (L, 1);
  return 1;
}

static int
base_rawequal (ElaraState *L)
{
  host->checkany (L, 1);
  host->checkany (L, 2);
  host->pushboolean (L, host->rawequal (L, 1, 2));
  return 1;
}

static int
base_rawlen (ElaraState *L)
{
  int t = host->type (L, 1);
  base_argexpected (L, t == ELARA_TTABLE || t == ELARA_TSTRING, 1,
                    "table or string");
  host->pushinteger (L, (ElaraInteger) host->rawlen (L, 1));
  return 1;
}

static int
base_rawget (ElaraState *L)
{
  host->checktype (L, 1, ELARA_TTABLE);
  host->checkany (L, 2);
  host->settop (L, 2);
  host->rawget (L, 1);
  return 1;
}

static int
base_rawset (ElaraState *L)
{
  host->checktype (L, 1, ELARA_TTABLE);
  host->checkany (L, 2);
  host->checkany (L, 3);
  host->settop (L, 3);
  host->rawset (L, 1);
  return 1;
}

/* -- Garbage collection ------------------------------------------------------ */

static int
base_pushmode (ElaraState *L, int oldmode)
{
  if (oldmode == -1)
    base_pushfail (L);  /* the collector refused (inside a finalizer) */
  else
    host->pushstring (L, oldmode == ELARA_GCINC ? "incremental"
                                                : "generational");
  return 1;
}

static int
base_collectgarbage (ElaraState *L)
{
  static const char *const opts[] = {
    "stop", "restart", "collect", "count", "step", "isrunning",
    "generational", "incremental", "param", NULL
  };
  static const int optsnum[] = {
    ELARA_GCSTOP, ELARA_GCRESTART, ELARA_GCCOLLECT, ELARA_GCCOUNT,
    ELARA_GCSTEP, ELARA_GCISRUNNING, ELARA_GCGEN, ELARA_GCINC, ELARA_GCPARAM
  };
  int o = optsnum[host->checkoption (L, 1, "collect", opts)];
  int res;
  switch (o) {
    case ELARA_GCCOUNT: {
      int k = host->gc (L, o);
      int b = host->gc (L, ELARA_GCCOUNTB);
      if (k == -1)
        break;
      host->pushnumber (L, (ElaraNumber) k + ((ElaraNumber) b / 1024));
      return 1;
    }
    case ELARA_GCSTEP: {
      ElaraInteger n = host->optinteger (L, 2, 0);
      res = host->gc (L, o, (size_t) n);
      if (res == -1)
        break;
      host->pushboolean (L, res);
      return 1;
    }
    case ELARA_GCISRUNNING:
      res = host->gc (L, o);
      if (res == -1)
        break;
      host->pushboolean (L, res);
      return 1;
    case ELARA_GCGEN:
    case ELARA_GCINC:
      return base_pushmode (L, host->gc (L, o));
    case ELARA_GCPARAM: {
      static const char *const params[] = {
        "minormul", "majorminor", "minormajor", "pause", "stepmul",
        "stepsize", NULL
      };
      static const int pnum[] = {
        ELARA_GCPMINORMUL, ELARA_GCPMAJORMINOR, ELARA_GCPMINORMAJOR,
        ELARA_GCPPAUSE, ELARA_GCPSTEPMUL, ELARA_GCPSTEPSIZE
      };
      int p = pnum[host->checkoption (L, 2, NULL, params)];
      ElaraInteger value = host->optinteger (L, 3, -1);
      host->pushinteger (L, host->gc (L, o, p, (int) value));
      return 1;
    }
    default:
      res = host->gc (L, o);
      if (res == -1)
        break;
      host->pushinteger (L, res);
      return 1;
  }
  base_pushfail (L);
  return 1;
}

/* -- Types and iteration ------------------------------------------------------ */

static int
base_type (ElaraState *L)
{
  int t = host->type (L, 1);
  base_argcheck (L, t != ELARA_TNONE, 1, "value expected");
  host->pushstring (L, host->typename_ (L, t));
  return 1;
}

static int
base_next (ElaraState *L)
{
  host->checktype (L, 1, ELARA_TTABLE);
  host->settop (L, 2);
  if (host->next (L, 1))
    return 2;
  host->pushnil (L);
  return 1;
}

static int
base_pairscont (ElaraState *L, int status, ElaraKContext k)
{
  (void) L;
  (void) status;
  (void) k;
  return 4;
}

/* 5.5: four results (the fourth is the closing value of a generic for);
** __pairs results are adjusted to four. */
static int
base_pairs (ElaraState *L)
{
  host->checkany (L, 1);
  if (host->getmetafield (L, 1, "__pairs") == ELARA_TNIL) {
    host->pushcclosure (L, base_next, 0);
    host->pushvalue (L, 1);
    host->pushnil (L);
    host->pushnil (L);
  }
  else {
    host->pushvalue (L, 1);
    host->callk (L, 1, 4, 0, base_pairscont);
  }
  return 4;
}

static int
base_ipairsaux (ElaraState *L)
{
  ElaraInteger i = host->checkinteger (L, 2);
  i = (ElaraInteger) ((ElaraUnsigned) i + 1u);
  host->pushinteger (L, i);
  return (host->geti (L, 1, i) == ELARA_TNIL) ? 1 : 2;
}

static int
base_ipairs (ElaraState *L)
{
  host->checkany (L, 1);
  host->pushcclosure (L, base_ipairsaux, 0);
  host->pushvalue (L, 1);
  host->pushinteger (L, 0);
  return 3;
}

static int
base_select (ElaraState *L)
{
  int n = host->gettop (L);
  if (host->type (L, 1) == ELARA_TSTRING && *base_tostring (L, 1) == '#') {
    host->pushinteger (L, n - 1);
    return 1;
  }
  else {
    ElaraInteger i = host->checkinteger (L, 1);
    if (i < 0)
      i = n + i;
    else if (i > n)
      i = n;
    base_argcheck (L, 1 <= i, 1, "index out of range");
    return n - (int) i;
  }
}

static int
base_tostring_ (ElaraState *L)
{
  host->checkany (L, 1);
  host->tolstring_ (L, 1, NULL);
  return 1;
}

/* -- Loading --------------------------------------------------------------------- */

/* After a load: set the 'env' argument as the first upvalue, or turn an
** error into fail + message. */
static int
base_loadaux (ElaraState *L, int status, int envidx)
{
  if (status == ELARA_OK) {
    if (envidx != 0) {
      host->pushvalue (L, envidx);
      if (!host->setupvalue (L, -2, 1))
        base_pop (L, 1);
    }
    return 1;
  }
  base_pushfail (L);
  base_insert (L, -2);
  return 2;
}

/* 'B' (fixed buffers) is a C-only mode. */
static const char *
base_getmode (ElaraState *L, int idx)
{
  const char *mode = base_optstring (L, idx, "bt");
  if (strchr (mode, 'B') != NULL)
    host->argerror (L, idx, "invalid mode");
  return mode;
}

static int
base_loadfile (ElaraState *L)
{
  const char *fname = base_optstring (L, 1, NULL);
  const char *mode = base_getmode (L, 2);
  int env = !base_isnone (L, 3) ? 3 : 0;
  int status = host->loadfilex (L, fname, mode);
  return base_loadaux (L, status, env);
}

/* Slot above load's four arguments that anchors the last piece returned
** by a reader function while the parser uses it. */
#define BASE_RESERVEDSLOT 5

/* The loader owns the stack above the reserved slot: the reader must
** leave the top unchanged, so the piece goes into the reserved slot. */
static const char *
base_genericreader (ElaraState *L, void *ud, size_t *size)
{
  (void) ud;
  host->checkstack_ (L, 2, "too many nested functions");
  host->pushvalue (L, 1);
  base_call (L, 0, 1);
  if (host->type (L, -1) == ELARA_TNIL) {
    base_pop (L, 1);
    *size = 0;
    return NULL;
  }
  else if (!host->isstring (L, -1))
    host->errorf (L, "reader function must return a string");
  base_replace (L, BASE_RESERVEDSLOT);
  return host->tolstring (L, BASE_RESERVEDSLOT, size);
}

static int
base_load (ElaraState *L)
{
  int status;
  size_t l;
  const char *s = host->tolstring (L, 1, &l);
  const char *mode = base_getmode (L, 3);
  int env = !base_isnone (L, 4) ? 4 : 0;
  if (s != NULL) {
    const char *chunkname = base_optstring (L, 2, s);
    status = host->loadbufferx (L, s, l, chunkname, mode);
  }
  else {
    const char *chunkname = base_optstring (L, 2, "=(load)");
    host->checktype (L, 1, ELARA_TFUNCTION);
    host->settop (L, BASE_RESERVEDSLOT);
    status = host->load (L, base_genericreader, NULL, chunkname, mode);
  }
  return base_loadaux (L, status, env);
}

static int
base_dofilecont (ElaraState *L, int d1, ElaraKContext d2)
{
  (void) d1;
  (void) d2;
  return host->gettop (L) - 1;
}

static int
base_dofile (ElaraState *L)
{
  const char *fname = base_optstring (L, 1, NULL);
  host->settop (L, 1);
  if (host->loadfilex (L, fname, NULL) != ELARA_OK)
    return host->error (L);
  host->callk (L, 0, ELARA_MULTRET, 0, base_dofilecont);
  return base_dofilecont (L, 0, 0);
}

/* -- Registration ------------------------------------------------------------ */

/* -- Fast entries (host->register_fast) --------------------------------------
** type, setmetatable on a table without a metatable, and select with an
** integer or "#", made by the VM without a frame.  They give what the
** normal entries give and decline (-1) anything else (missing arguments,
** protected metatables, errors), which the normal entries then treat. */

static int
base_type_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  if (nargs < 1)
    return -1;
  host->fast_typename (L, &func[0], &func[1]);
  return 1;
}

static int
base_setmetatable_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  if (nargs < 2 || !host->fast_setmetatable (L, &func[1], &func[2]))
    return -1;
  func[0] = func[1];
  return 1;
}

static int
base_select_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  size_t l;
  const char *s;
  (void) L;
  if (nargs < 1)
    return -1;
  if (func[1].tt == ELARA_VTINT) {
    ElaraInteger i = func[1].v.i;
    int k;
    if (i < 0)
      i = nargs + i;
    else if (i > nargs)
      i = nargs;
    if (i < 1)
      return -1;  /* "index out of range" */
    /* arguments i + 1 .. nargs become the results */
    for (k = 0; k < nargs - (int) i; k++)
      func[k] = func[(int) i + 1 + k];
    return nargs - (int) i;
  }
  s = host->fast_tolstring (&func[1], &l);
  if (s == NULL || l == 0 || s[0] != '#')
    return -1;
  func[0].v.i = nargs - 1;
  func[0].tt = ELARA_VTINT;
  return 1;
}

/* next (t [, k]): the table is copied out of func[1] first, since the
** key and value go over func[0] and func[1]. */
static int
base_next_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  ElaraRawValue f = func[0];
  ElaraRawValue t;
  int r;
  if (nargs < 1)
    return -1;
  t = func[1];
  if (nargs >= 2)
    func[0] = func[2];
  else
    func[0].tt = ELARA_VTNIL;
  r = host->fast_next (L, &t, &func[0]);
  if (r > 0)
    return 2;
  else if (r == 0) {
    func[0].tt = ELARA_VTNIL;
    return 1;
  }
  func[0] = f;  /* declined: as found */
  return -1;
}

static const ElaraFastReg base_fastfuncs[] = {
  { base_next, base_next_fast },
  { base_type, base_type_fast },
  { base_setmetatable, base_setmetatable_fast },
  { base_select, base_select_fast },
  { NULL, NULL }
};

static const ElaraLibReg base_funcs[] = {
  { "assert", base_assert },
  { "collectgarbage", base_collectgarbage },
  { "dofile", base_dofile },
  { "error", base_error },
  { "getmetatable", base_getmetatable },
  { "ipairs", base_ipairs },
  { "loadfile", base_loadfile },
  { "load", base_load },
  { "next", base_next },
  { "pairs", base_pairs },
  { "pcall", base_pcall },
  { "print", base_print },
  { "warn", base_warn },
  { "rawequal", base_rawequal },
  { "rawlen", base_rawlen },
  { "rawget", base_rawget },
  { "rawset", base_rawset },
  { "select", base_select },
  { "setmetatable", base_setmetatable },
  { "tonumber", base_tonumber },
  { "tostring", base_tostring_ },
  { "type", base_type },
  { "xpcall", base_xpcall },
  { NULL, NULL }
};

static int
base_init (ElaraState *L, const ElaraHost *h)
{
  host = h;
  /* the library table is the global table itself */
  host->register_lib (L, "_G", base_funcs, 1);
  if (ELARA_HOST_HAS (host, register_fast))
    host->register_fast (L, base_fastfuncs);
  host->pushvalue (L, -1);
  host->setfield (L, -2, "_G");
  host->pushstring (L, ELARA_LUA_VERSION);
  host->setfield (L, -2, "_VERSION");
  base_pop (L, 1);
  return 0;
}

static const char *const base_provides[] = { "_G", NULL };
static const char *const base_depends[] = { NULL };

static const ElaraPluginDesc base_desc = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraPluginDesc),
  .kind = ELARA_PLUGIN_KIND_LIBRARY,
  .name = "base",
  .version = "0.1.0",
  .description = "basic functions (print, pairs, pcall, load, ...)",
  .provides = base_provides,
  .depends = base_depends,
  .build_id = NULL,
  .init = base_init,
  .load = NULL,
  .ops = NULL,
};

ELARA_PLUGIN_DEFINE (base, &base_desc)
