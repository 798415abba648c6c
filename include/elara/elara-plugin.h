/*
** elara-plugin.h: the Elara plugin ABI (version 1)
** SPDX-License-Identifier: MIT
**
** Two tables cross the boundary between the core and a plugin:
**
**  - ElaraPluginDesc (plugin -> host): returned by the plugin's only exported
**    symbol, elara_plugin_<name>_query() ('-' in the name becomes '_').
**  - ElaraHost (host -> plugin): function pointers, the only way a library
**    plugin reaches the core.  In spirit it is the Lua C API behind a vtable:
**    stack based, so a plugin never holds a raw object pointer across calls.
**
** Both start with an ElaraAbiHeader.  Rules (docs/PLUGIN-ABI.md):
**  1. Appending a field bumps ELARA_ABI_MINOR; the group is marked with the
**     minor that added it.
**  2. Reordering, removing or changing a field bumps ELARA_ABI_MAJOR.
**  3. The host accepts a plugin when majors are equal, plugin minor <= host
**     minor, struct_size >= the 1.0 size and config bits are equal.  A plugin
**     tests for newer host slots with ELARA_HOST_HAS().
*/
#ifndef ELARA_PLUGIN_H
#define ELARA_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* -- Versions and configuration bits ---------------------------------------- */

#define ELARA_ABI_MAJOR 1
#define ELARA_ABI_MINOR 6

typedef int64_t ElaraInteger;
typedef uint64_t ElaraUnsigned;
typedef double ElaraNumber;
typedef intptr_t ElaraKContext;

/* What a plugin's compiled code depends on: sizes of the number types and
** the version of the value representation (bumped when TValue changes). */
#define ELARA_VALUE_REPR 1
#define ELARA_CONFIG_BITS \
  ((uint32_t) (sizeof (ElaraInteger) | (sizeof (ElaraNumber) << 8) \
               | (sizeof (void *) << 16) | (ELARA_VALUE_REPR << 24)))

typedef struct ElaraAbiHeader {
  uint16_t abi_major;
  uint16_t abi_minor;
  uint32_t struct_size;
  uint32_t config_bits;
} ElaraAbiHeader;

#define ELARA_ABI_HEADER_INIT(type) \
  { ELARA_ABI_MAJOR, ELARA_ABI_MINOR, (uint32_t) sizeof (type), \
    ELARA_CONFIG_BITS }

/* -- Lua-level constants (the numbers of Lua 5.5's lua.h) ----------------- */

#define ELARA_VERSION_NUM 505
#define ELARA_LUA_VERSION "Lua 5.5"

#define ELARA_MULTRET (-1)
#define ELARA_REGISTRYINDEX (-(INT32_MAX / 2 + 1000))
#define elara_upvalueindex(i) (ELARA_REGISTRYINDEX - (i))

/* status codes */
#define ELARA_OK 0
#define ELARA_YIELD 1
#define ELARA_ERRRUN 2
#define ELARA_ERRSYNTAX 3
#define ELARA_ERRMEM 4
#define ELARA_ERRERR 5
#define ELARA_ERRFILE 6

/* basic types */
#define ELARA_TNONE (-1)
#define ELARA_TNIL 0
#define ELARA_TBOOLEAN 1
#define ELARA_TLIGHTUSERDATA 2
#define ELARA_TNUMBER 3
#define ELARA_TSTRING 4
#define ELARA_TTABLE 5
#define ELARA_TFUNCTION 6
#define ELARA_TUSERDATA 7
#define ELARA_TTHREAD 8
#define ELARA_NUMTYPES 9

#define ELARA_MINSTACK 20

/* registry slots */
#define ELARA_RIDX_GLOBALS 2
#define ELARA_RIDX_MAINTHREAD 3
#define ELARA_RIDX_LAST 3

/* arithmetic and comparison operators (host->arith, host->compare) */
#define ELARA_OPADD 0
#define ELARA_OPSUB 1
#define ELARA_OPMUL 2
#define ELARA_OPMOD 3
#define ELARA_OPPOW 4
#define ELARA_OPDIV 5
#define ELARA_OPIDIV 6
#define ELARA_OPBAND 7
#define ELARA_OPBOR 8
#define ELARA_OPBXOR 9
#define ELARA_OPSHL 10
#define ELARA_OPSHR 11
#define ELARA_OPUNM 12
#define ELARA_OPBNOT 13
#define ELARA_OPEQ 0
#define ELARA_OPLT 1
#define ELARA_OPLE 2

/* collectgarbage options (host->gc), Lua 5.5 numbering */
#define ELARA_GCSTOP 0
#define ELARA_GCRESTART 1
#define ELARA_GCCOLLECT 2
#define ELARA_GCCOUNT 3
#define ELARA_GCCOUNTB 4
#define ELARA_GCSTEP 5
#define ELARA_GCISRUNNING 6
#define ELARA_GCGEN 7
#define ELARA_GCINC 8
#define ELARA_GCPARAM 9
#define ELARA_GCPMINORMUL 0
#define ELARA_GCPMAJORMINOR 1
#define ELARA_GCPMINORMAJOR 2
#define ELARA_GCPPAUSE 3
#define ELARA_GCPSTEPMUL 4
#define ELARA_GCPSTEPSIZE 5
#define ELARA_GCPN 6

/* hooks */
#define ELARA_HOOKCALL 0
#define ELARA_HOOKRET 1
#define ELARA_HOOKLINE 2
#define ELARA_HOOKCOUNT 3
#define ELARA_HOOKTAILCALL 4
#define ELARA_MASKCALL (1 << ELARA_HOOKCALL)
#define ELARA_MASKRET (1 << ELARA_HOOKRET)
#define ELARA_MASKLINE (1 << ELARA_HOOKLINE)
#define ELARA_MASKCOUNT (1 << ELARA_HOOKCOUNT)

#define ELARA_IDSIZE 60

/* -- Types ------------------------------------------------------------------ */

/* A Lua thread (and the handle of a whole state: its main thread). */
typedef struct ElaraState ElaraState;

typedef int (*ElaraCFunction) (ElaraState *L);
typedef int (*ElaraKFunction) (ElaraState *L, int status, ElaraKContext ctx);
typedef const char *(*ElaraReader) (ElaraState *L, void *ud, size_t *sz);
typedef int (*ElaraWriter) (ElaraState *L, const void *p, size_t sz, void *ud);
/* lua_Alloc-shaped: free when nsize == 0; may return NULL on failure. */
typedef void *(*ElaraAlloc) (void *ud, void *ptr, size_t osize, size_t nsize);
typedef void (*ElaraWarnFunction) (void *ud, const char *msg, int tocont);

/* Activation record for the debug interface; same fields and order as
** Lua 5.5's lua_Debug so the capi shim can share it. */
typedef struct ElaraDebug {
  int event;
  const char *name;          /* (n) */
  const char *namewhat;      /* (n) "global", "local", "field", "method", ... */
  const char *what;          /* (S) "Lua", "C", "main" */
  const char *source;        /* (S) */
  size_t srclen;             /* (S) */
  int currentline;           /* (l) */
  int linedefined;           /* (S) */
  int lastlinedefined;       /* (S) */
  unsigned char nups;        /* (u) */
  unsigned char nparams;     /* (u) */
  char isvararg;             /* (u) */
  unsigned char extraargs;   /* (t) */
  char istailcall;           /* (t) */
  int ftransfer;             /* (r) */
  int ntransfer;             /* (r) */
  char short_src[ELARA_IDSIZE]; /* (S) */
  struct CallInfo *i_ci;     /* private: the activation */
} ElaraDebug;

typedef void (*ElaraHook) (ElaraState *L, ElaraDebug *ar);

/* One Lua-callable function of a library. */
typedef struct ElaraLibReg {
  const char *name;
  ElaraCFunction func;
} ElaraLibReg;

/* -- 1.5: values and fast entries ----------------------------------------
** A fast entry is a second C entry a plugin may register for one of its
** library functions (host->register_fast).  When Lua code calls the
** function, no hook is set and the entry is known, the VM calls it with
** the raw values of the call instead of making a C frame:
**
**   int fast (ElaraState *L, ElaraRawValue *func, int nargs);
**
** func[0] is the function, func[1] .. func[nargs] its arguments.  The
** entry returns -1 to decline, having changed nothing: the VM then makes
** the normal call, which gives every error and unusual case its ordinary
** treatment (so a fast entry never raises a Lua error itself and error
** messages name the function as usual).  Otherwise it writes its n
** results to func[0] .. func[n - 1] (over the function and arguments, so
** n <= nargs + 1) and returns n; the VM adjusts them to the number the
** caller wants.  It must not call Lua, use the stack API (there is no
** frame: stack indices would name the caller's slots) or keep the
** pointers.  Only the fast_* host slots below may be used; of those,
** only the ones making objects may raise, and only a memory error.
**
** ElaraRawValue is the value representation behind ELARA_VALUE_REPR (which
** the configuration bits pin): a payload and a tag byte.  Only the tags
** below are part of the ABI; any other tag is a value to decline. */
typedef struct ElaraRawValue {
  union {
    void *gc;                /* collectable object (opaque) */
    void *p;                 /* light userdata */
    ElaraCFunction f;        /* light C function */
    ElaraInteger i;
    ElaraNumber n;
  } v;
  uint8_t tt;
} ElaraRawValue;

#define ELARA_VTNIL     0x00
#define ELARA_VTFALSE   0x01
#define ELARA_VTTRUE    0x11
#define ELARA_VTINT     0x03
#define ELARA_VTFLT     0x13
#define ELARA_VTSHRSTR  0x44 /* short string (interned), collectable */
#define ELARA_VTLNGSTR  0x54 /* long string, collectable */
#define ELARA_VTTABLE   0x45 /* table, collectable */

typedef int (*ElaraFastFunction) (ElaraState *L, ElaraRawValue *func, int nargs);

/* One fast entry: 'fast' next to the normal entry 'func' (register_fast
** takes an array ended by func == NULL). */
typedef struct ElaraFastReg {
  ElaraCFunction func;
  ElaraFastFunction fast;
} ElaraFastReg;

/* String builder for plugins, laid out like luaL_Buffer.  Use only through
** the host's buf_* slots. */
#define ELARA_BUFFERSIZE ((int) (16 * sizeof (void *) * sizeof (ElaraNumber)))
typedef struct ElaraBuffer {
  char *b;                   /* buffer address */
  size_t size;               /* buffer size */
  size_t n;                  /* bytes in use */
  ElaraState *L;
  union {
    ElaraNumber n; double u; void *s; ElaraInteger i; long l;
    char b[ELARA_BUFFERSIZE];
  } init;
} ElaraBuffer;

/* -- The host vtable --------------------------------------------------------
** Semantics of every slot are those of the Lua 5.5 C API function (lua_X /
** luaL_X) named in its comment, with ElaraState for lua_State.  Indices are
** stack indices as in Lua (negative = from the top, pseudo-indices for the
** registry and upvalues). */
typedef struct ElaraHost ElaraHost;
struct ElaraHost {
  ElaraAbiHeader abi;

  /* -- 1.0: state and stack -- */
  int (*absindex) (ElaraState *L, int idx);              /* lua_absindex */
  int (*gettop) (ElaraState *L);                         /* lua_gettop */
  void (*settop) (ElaraState *L, int idx);               /* lua_settop */
  void (*pushvalue) (ElaraState *L, int idx);            /* lua_pushvalue */
  void (*rotate) (ElaraState *L, int idx, int n);        /* lua_rotate */
  void (*copy) (ElaraState *L, int fromidx, int toidx);  /* lua_copy */
  int (*checkstack) (ElaraState *L, int n);              /* lua_checkstack */
  void (*xmove) (ElaraState *from, ElaraState *to, int n); /* lua_xmove */

  /* -- 1.0: access -- */
  int (*isnumber) (ElaraState *L, int idx);
  int (*isstring) (ElaraState *L, int idx);
  int (*iscfunction) (ElaraState *L, int idx);
  int (*isinteger) (ElaraState *L, int idx);
  int (*isuserdata) (ElaraState *L, int idx);
  int (*type) (ElaraState *L, int idx);
  const char *(*typename_) (ElaraState *L, int tp);      /* lua_typename */
  ElaraNumber (*tonumberx) (ElaraState *L, int idx, int *isnum);
  ElaraInteger (*tointegerx) (ElaraState *L, int idx, int *isnum);
  int (*toboolean) (ElaraState *L, int idx);
  const char *(*tolstring) (ElaraState *L, int idx, size_t *len);
  ElaraUnsigned (*rawlen) (ElaraState *L, int idx);
  ElaraCFunction (*tocfunction) (ElaraState *L, int idx);
  void *(*touserdata) (ElaraState *L, int idx);
  ElaraState *(*tothread) (ElaraState *L, int idx);
  const void *(*topointer) (ElaraState *L, int idx);

  /* -- 1.0: arithmetic and comparison -- */
  void (*arith) (ElaraState *L, int op);
  int (*rawequal) (ElaraState *L, int idx1, int idx2);
  int (*compare) (ElaraState *L, int idx1, int idx2, int op);

  /* -- 1.0: push -- */
  void (*pushnil) (ElaraState *L);
  void (*pushnumber) (ElaraState *L, ElaraNumber n);
  void (*pushinteger) (ElaraState *L, ElaraInteger n);
  const char *(*pushlstring) (ElaraState *L, const char *s, size_t len);
  const char *(*pushstring) (ElaraState *L, const char *s);
  const char *(*pushvfstring) (ElaraState *L, const char *fmt, va_list argp);
  const char *(*pushfstring) (ElaraState *L, const char *fmt, ...);
  void (*pushcclosure) (ElaraState *L, ElaraCFunction fn, int n);
  void (*pushboolean) (ElaraState *L, int b);
  void (*pushlightuserdata) (ElaraState *L, void *p);
  int (*pushthread) (ElaraState *L);

  /* -- 1.0: get -- */
  int (*getglobal) (ElaraState *L, const char *name);
  int (*gettable) (ElaraState *L, int idx);
  int (*getfield) (ElaraState *L, int idx, const char *k);
  int (*geti) (ElaraState *L, int idx, ElaraInteger n);
  int (*rawget) (ElaraState *L, int idx);
  int (*rawgeti) (ElaraState *L, int idx, ElaraInteger n);
  int (*rawgetp) (ElaraState *L, int idx, const void *p);
  void (*createtable) (ElaraState *L, int narr, int nrec);
  void *(*newuserdatauv) (ElaraState *L, size_t sz, int nuvalue);
  int (*getmetatable) (ElaraState *L, int objindex);
  int (*getiuservalue) (ElaraState *L, int idx, int n);

  /* -- 1.0: set -- */
  void (*setglobal) (ElaraState *L, const char *name);
  void (*settable) (ElaraState *L, int idx);
  void (*setfield) (ElaraState *L, int idx, const char *k);
  void (*seti) (ElaraState *L, int idx, ElaraInteger n);
  void (*rawset) (ElaraState *L, int idx);
  void (*rawseti) (ElaraState *L, int idx, ElaraInteger n);
  void (*rawsetp) (ElaraState *L, int idx, const void *p);
  int (*setmetatable) (ElaraState *L, int objindex);
  int (*setiuservalue) (ElaraState *L, int idx, int n);

  /* -- 1.0: load and call -- */
  void (*callk) (ElaraState *L, int nargs, int nresults, ElaraKContext ctx,
                 ElaraKFunction k);
  int (*pcallk) (ElaraState *L, int nargs, int nresults, int errfunc,
                 ElaraKContext ctx, ElaraKFunction k);
  int (*load) (ElaraState *L, ElaraReader reader, void *dt,
               const char *chunkname, const char *mode);
  int (*dump) (ElaraState *L, ElaraWriter writer, void *data, int strip);

  /* -- 1.0: coroutines -- */
  int (*yieldk) (ElaraState *L, int nresults, ElaraKContext ctx,
                 ElaraKFunction k);
  int (*resume) (ElaraState *L, ElaraState *from, int narg, int *nres);
  int (*status) (ElaraState *L);
  int (*isyieldable) (ElaraState *L);
  ElaraState *(*newthread) (ElaraState *L);
  int (*closethread) (ElaraState *L, ElaraState *from);

  /* -- 1.0: warnings, GC, misc -- */
  void (*setwarnf) (ElaraState *L, ElaraWarnFunction f, void *ud);
  void (*warning) (ElaraState *L, const char *msg, int tocont);
  int (*gc) (ElaraState *L, int what, ...);
  int (*error) (ElaraState *L);                          /* never returns */
  int (*next) (ElaraState *L, int idx);
  void (*concat) (ElaraState *L, int n);
  void (*len) (ElaraState *L, int idx);
  size_t (*stringtonumber) (ElaraState *L, const char *s);
  unsigned (*numbertocstring) (ElaraState *L, int idx, char *buff);
  void (*toclose) (ElaraState *L, int idx);
  void (*closeslot) (ElaraState *L, int idx);

  /* -- 1.0: debug interface -- */
  int (*getstack) (ElaraState *L, int level, ElaraDebug *ar);
  int (*getinfo) (ElaraState *L, const char *what, ElaraDebug *ar);
  const char *(*getlocal) (ElaraState *L, const ElaraDebug *ar, int n);
  const char *(*setlocal) (ElaraState *L, const ElaraDebug *ar, int n);
  const char *(*getupvalue) (ElaraState *L, int funcindex, int n);
  const char *(*setupvalue) (ElaraState *L, int funcindex, int n);
  void *(*upvalueid) (ElaraState *L, int fidx, int n);
  void (*upvaluejoin) (ElaraState *L, int fidx1, int n1, int fidx2, int n2);
  void (*sethook) (ElaraState *L, ElaraHook func, int mask, int count);
  ElaraHook (*gethook) (ElaraState *L);
  int (*gethookmask) (ElaraState *L);
  int (*gethookcount) (ElaraState *L);

  /* -- 1.0: auxiliary functions (the luaL_ layer, done once in the core) -- */
  int (*argerror) (ElaraState *L, int arg, const char *extramsg);
  int (*typeerror) (ElaraState *L, int arg, const char *tname);
  void (*checktype) (ElaraState *L, int arg, int t);
  void (*checkany) (ElaraState *L, int arg);
  const char *(*checklstring) (ElaraState *L, int arg, size_t *l);
  const char *(*optlstring) (ElaraState *L, int arg, const char *def,
                             size_t *l);
  ElaraNumber (*checknumber) (ElaraState *L, int arg);
  ElaraNumber (*optnumber) (ElaraState *L, int arg, ElaraNumber def);
  ElaraInteger (*checkinteger) (ElaraState *L, int arg);
  ElaraInteger (*optinteger) (ElaraState *L, int arg, ElaraInteger def);
  int (*checkoption) (ElaraState *L, int arg, const char *def,
                      const char *const lst[]);
  void (*checkstack_) (ElaraState *L, int sz, const char *msg); /* luaL_checkstack */
  int (*newmetatable) (ElaraState *L, const char *tname);
  void (*setmetatable_) (ElaraState *L, const char *tname); /* luaL_setmetatable */
  void *(*testudata) (ElaraState *L, int ud, const char *tname);
  void *(*checkudata) (ElaraState *L, int ud, const char *tname);
  int (*getmetafield) (ElaraState *L, int obj, const char *e);
  int (*callmeta) (ElaraState *L, int obj, const char *e);
  const char *(*tolstring_) (ElaraState *L, int idx, size_t *len); /* luaL_tolstring */
  void (*where) (ElaraState *L, int lvl);
  int (*errorf) (ElaraState *L, const char *fmt, ...);  /* luaL_error */
  ElaraInteger (*len_) (ElaraState *L, int idx);         /* luaL_len */
  int (*getsubtable) (ElaraState *L, int idx, const char *fname);
  void (*traceback) (ElaraState *L, ElaraState *L1, const char *msg, int level);
  int (*ref) (ElaraState *L, int t);
  void (*unref) (ElaraState *L, int t, int ref);
  int (*loadbufferx) (ElaraState *L, const char *buff, size_t sz,
                      const char *name, const char *mode);
  int (*loadfilex) (ElaraState *L, const char *filename, const char *mode);
  void (*setfuncs) (ElaraState *L, const ElaraLibReg *l, int nup);
  const char *(*gsub) (ElaraState *L, const char *s, const char *p,
                       const char *r);
  int (*fileresult) (ElaraState *L, int stat, const char *fname);
  int (*execresult) (ElaraState *L, int stat);

  /* -- 1.0: string buffers (luaL_Buffer) -- */
  void (*buffinit) (ElaraState *L, ElaraBuffer *B);
  char *(*prepbuffsize) (ElaraBuffer *B, size_t sz);
  void (*addlstring) (ElaraBuffer *B, const char *s, size_t l);
  void (*addstring) (ElaraBuffer *B, const char *s);
  void (*addvalue) (ElaraBuffer *B);
  void (*pushresult) (ElaraBuffer *B);
  void (*pushresultsize) (ElaraBuffer *B, size_t sz);
  char *(*buffinitsize) (ElaraState *L, ElaraBuffer *B, size_t sz);

  /* -- 1.0: plugin services -- */
  /* Create (or reuse) the library table 'name', fill it with 'funcs' and
  ** leave it on the stack; when 'global' is true also set the global 'name'
  ** and package.loaded[name] (as luaL_requiref does). */
  void (*register_lib) (ElaraState *L, const char *name,
                        const ElaraLibReg *funcs, int global);
  /* Log a message through the host (GLib structured logging). level: 0 debug,
  ** 1 info, 2 warning. */
  void (*log) (int level, const char *plugin, const char *fmt, ...);
  /* The search paths and loaded plugins, for package.searchers: try to load
  ** the library plugin 'name' into L's state; returns 1 and pushes the
  ** library table, or 0 and pushes an error message. */
  int (*require_plugin) (ElaraState *L, const char *name);

  /* -- 1.1: process services -- */
  /* os.exit(code, true): lua_close on L's state (pending to-be-closed
  ** variables of the main thread are closed and every finalizer runs),
  ** then exit (status).  Never returns: closing the last state may unmap
  ** the calling plugin, so the exit itself must happen in the core. */
  void (*close_and_exit) (ElaraState *L, int status);

  /* -- 1.2: whole states (what the capi shim needs beyond the stack) -- */
  /* lua_atpanic: set the panic function of L's state, return the old one. */
  ElaraCFunction (*atpanic) (ElaraState *L, ElaraCFunction panicf);
  /* lua_getallocf / lua_setallocf: the allocator of L's state and its
  ** user data ('ud' may be NULL). */
  ElaraAlloc (*getallocf) (ElaraState *L, void **ud);
  void (*setallocf) (ElaraState *L, ElaraAlloc f, void *ud);
  /* lua_newstate: a new state allocating with f/ud, hash seed 'seed', no
  ** panic function, no warning function, nothing loaded; its plugin search
  ** path is the default one (ELARA_PLUGIN_PATH, build tree, install
  ** directory), so plugins (luaopen_X) load into it.  NULL when out of
  ** memory. */
  ElaraState *(*newstate) (ElaraAlloc f, void *ud, unsigned seed);
  /* lua_close: close the state of L (any of its threads), whoever made it
  ** (newstate or the embedding API elara_state_new). */
  void (*close) (ElaraState *L);

  /* -- 1.3: coroutine switches in the VM -- */
  /* The coroutine library registers its coroutine.resume, the C closure
  ** coroutine.wrap returns (upvalue 1: the coroutine) and coroutine.yield.
  ** Called from Lua, the VM may then switch threads itself instead of
  ** calling them, for the outcomes they must give in any case: resume
  ** returns true and the values, wrap the values, yield passes its
  ** arguments to the resumer.  For any other outcome (an error, results
  ** that do not fit, hooks) the VM calls the registered resume or wrap
  ** function after all, with no values to pass (resume: the coroutine
  ** only); its single host->resume then returns the outcome at once
  ** without running the coroutine. */
  void (*set_coroutine_fns) (ElaraState *L, ElaraCFunction resume,
                             ElaraCFunction wrapaux, ElaraCFunction yield);

  /* -- 1.4: bulk moves in a table -- */
  /* When the value at idx is a table with no metatable: t[d + j] = t[f + j]
  ** for j = 0 .. e - f with raw reads and writes, each entry read before
  ** it is overwritten (table.move within one table), and return 1.
  ** Otherwise move nothing and return 0: the caller then loops over
  ** geti/seti so that metamethods run.  Requires f <= e and
  ** d + (e - f) does not overflow. */
  int (*tmove) (ElaraState *L, int idx, ElaraInteger f, ElaraInteger e,
                ElaraInteger d);

  /* -- 1.5: fast entries (see ElaraFastFunction above) -- */
  /* Register fast entries for library functions of L's state: 'regs' is
  ** ended by func == NULL.  A state may take only some of them (its table
  ** is small and fixed); the others keep their normal calls. */
  void (*register_fast) (ElaraState *L, const ElaraFastReg *regs);
  /* The bytes and length of the string v, or NULL when v is not a string
  ** (numbers are not converted).  Valid while v is. */
  const char *(*fast_tolstring) (const ElaraRawValue *v, size_t *len);
  /* *dst = a string of the len bytes at s (which may lie in a string that
  ** *dst holds now).  May raise a memory error. */
  void (*fast_setlstring) (ElaraState *L, ElaraRawValue *dst, const char *s,
                           size_t len);
  /* setmetatable (t, mt) for a table t that has no metatable yet and a
  ** table or nil mt: sets it and returns 1; anything else returns 0
  ** having done nothing. */
  int (*fast_setmetatable) (ElaraState *L, ElaraRawValue *t,
                            const ElaraRawValue *mt);
  /* *dst = the name of v's type, as type (v) gives it. */
  void (*fast_typename) (ElaraState *L, ElaraRawValue *dst, const ElaraRawValue *v);
  /* next (t, kv[0]) for a table t: writes the next key and its value to
  ** kv[0] and kv[1] and returns 1, or returns 0 at the end (kv
  ** unchanged); returns -1 having changed nothing when t is not a table
  ** or kv[0] is neither nil nor a key the table holds now. */
  int (*fast_next) (ElaraState *L, const ElaraRawValue *t, ElaraRawValue *kv);
  /* t[#t + 1] = v for a table t without a metatable and a non-nil v (the
  ** length a border, as '#' gives it): sets it and returns 1; anything
  ** else returns 0 having done nothing.  May raise a memory error. */
  int (*fast_tappend) (ElaraState *L, const ElaraRawValue *t,
                       const ElaraRawValue *v);
  /* For a table t without a metatable and with #t = n > 0: *out = t[n],
  ** t[n] = nil and returns 1; anything else returns 0 having done
  ** nothing.  'out' may be 't' itself. */
  int (*fast_tpop) (ElaraState *L, const ElaraRawValue *t, ElaraRawValue *out);

  /* -- 1.6: calls from library loops -- */
  /* The truth of f (a, b) for the values at stack indices f, a and b:
  ** what pushvalue (f), pushvalue (a), pushvalue (b), callk (L, 2, 1, 0,
  ** NULL), toboolean (L, -1) and a pop give, in one step (a comparator
  ** of table.sort).  The stack is left as it was; like three pushes it
  ** needs 3 free slots.  Errors, hooks and a yield ("attempt to yield
  ** across a C-call boundary") are those of that call. */
  int (*calltruth2) (ElaraState *L, int f, int a, int b);
};

/* 1.0 size: up to require_plugin. */
#define ELARA_HOST_SIZE_1_0 (offsetof (ElaraHost, require_plugin) \
                             + sizeof (void *))
/* 1.1 size: up to close_and_exit. */
#define ELARA_HOST_SIZE_1_1 (offsetof (ElaraHost, close_and_exit) \
                             + sizeof (void *))
/* 1.2 size: up to close. */
#define ELARA_HOST_SIZE_1_2 (offsetof (ElaraHost, close) + sizeof (void *))
/* 1.3 size: up to set_coroutine_fns. */
#define ELARA_HOST_SIZE_1_3 (offsetof (ElaraHost, set_coroutine_fns) \
                             + sizeof (void *))

/* 1.4 size: up to tmove. */
#define ELARA_HOST_SIZE_1_4 (offsetof (ElaraHost, tmove) + sizeof (void *))
/* 1.5 size: up to fast_tpop. */
#define ELARA_HOST_SIZE_1_5 (offsetof (ElaraHost, fast_tpop) \
                             + sizeof (void *))

/* 1.6 size: up to calltruth2. */
#define ELARA_HOST_SIZE_1_6 (offsetof (ElaraHost, calltruth2) \
                             + sizeof (void *))

/* Does 'host' know slot 'field' (added in a later minor than the plugin)? */
#define ELARA_HOST_HAS(host, field) \
  ((host)->abi.struct_size >= offsetof (ElaraHost, field) \
                              + sizeof ((host)->field) \
   && (host)->field != NULL)

/* -- The plugin descriptor -------------------------------------------------- */

typedef enum {
  ELARA_PLUGIN_KIND_LIBRARY = 1,  /* host vtable only */
  ELARA_PLUGIN_KIND_CAPI = 2,     /* exports lua_*, loaded RTLD_GLOBAL */
  ELARA_PLUGIN_KIND_JIT = 3       /* uses internal layouts: build_id match */
} ElaraPluginKind;

typedef struct ElaraPluginDesc ElaraPluginDesc;
struct ElaraPluginDesc {
  ElaraAbiHeader abi;
  /* -- 1.0 -- */
  ElaraPluginKind kind;
  const char *name;            /* short name: "string", "jit-x86_64" */
  const char *version;         /* the plugin's own version, "0.1.0" */
  const char *description;     /* one line */
  const char *const *provides; /* Lua module names it provides, NULL-ended */
  const char *const *depends;  /* plugin names loaded first, NULL-ended */
  const char *build_id;        /* JIT plugins: the core's build id */
  /* Called once per state after dependencies; opens the library (pushes
  ** nothing, leaves the stack as found).  Returns 0 on success, or nonzero
  ** and pushes an error message. */
  int (*init) (ElaraState *L, const ElaraHost *host);
  /* Called once when the plugin is first loaded into the process (may be
  ** NULL).  Returns 0 on success or nonzero after writing a message. */
  int (*load) (const ElaraHost *host, char *errbuf, size_t errlen);
  /* Opaque per-kind operations (the JIT's ops table), may be NULL. */
  const void *ops;
};

#define ELARA_PLUGIN_DESC_SIZE_1_0 (offsetof (ElaraPluginDesc, ops) \
                                    + sizeof (void *))

/* The entry point is exported from a plugin's shared object.  A plugin
** compiled into a binary (Elara's -Dbuiltin_plugins defines
** ELARA_PLUGIN_BUILTIN) keeps it hidden: the binary's table reaches it,
** and no export list (libelara.so exports elara_*) can take it along. */
#if defined(ELARA_PLUGIN_BUILTIN)
#if defined(_WIN32)
#define ELARA_PLUGIN_EXPORT
#else
#define ELARA_PLUGIN_EXPORT __attribute__ ((visibility ("hidden")))
#endif
#elif defined(_WIN32)
#define ELARA_PLUGIN_EXPORT __declspec (dllexport)
#else
#define ELARA_PLUGIN_EXPORT __attribute__ ((visibility ("default")))
#endif

/* Define the plugin's entry point.  'cname' is the plugin name with '-'
** replaced by '_'. */
#define ELARA_PLUGIN_DEFINE(cname, descp) \
  ELARA_PLUGIN_EXPORT const ElaraPluginDesc *elara_plugin_##cname##_query (void); \
  ELARA_PLUGIN_EXPORT const ElaraPluginDesc * \
  elara_plugin_##cname##_query (void) { return (descp); }

#ifdef __cplusplus
}
#endif

#endif /* ELARA_PLUGIN_H */
