/*
** package.c: the package library (require, package.*)
** SPDX-License-Identifier: MIT
**
** A library plugin: it reaches the core only through the ElaraHost vtable
** received in pkg_init (one host per process, kept in a static).
**
** Searchers, in order: package.preload, Lua files along package.path,
** installed library plugins (so 'require "string"' can load the string
** plugin lazily, DESIGN section 2), C modules along package.cpath and the
** "all-in-one" C loader.  C code can only run through the 'capi' plugin,
** which exports the lua_* symbols globally; without it a C module that is
** found is reported as an error instead of being loaded.
*/
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elara/elara-plugin.h"

static const ElaraHost *host;

#define pkg_pop(L, n)      host->settop (L, -(n) - 1)
#define pkg_insert(L, i)   host->rotate (L, (i), 1)

/* The pieces of package.config, one per line. */
#define PKG_DIRSEP     "/"
#define PKG_PATHSEP    ";"
#define PKG_MARK       "?"
#define PKG_EXECDIR    "!"
#define PKG_IGNMARK    "-"

#define PKG_ROOT       "/usr/local/"
#define PKG_LDIR       PKG_ROOT "share/lua/5.5/"
#define PKG_CDIR       PKG_ROOT "lib/lua/5.5/"

#define PKG_PATH_DEFAULT \
  PKG_LDIR "?.lua;" PKG_LDIR "?/init.lua;" \
  PKG_CDIR "?.lua;" PKG_CDIR "?/init.lua;" \
  "./?.lua;./?/init.lua"
#define PKG_CPATH_DEFAULT \
  PKG_CDIR "?.so;" PKG_CDIR "loadall.so;./?.so"

/* Registry field caching the handles of loaded C libraries by path, so a
** library is opened once per state. */
#define PKG_CLIBS      "_CLIBS"

#define PKG_NOCAPI     "C modules need the 'capi' plugin (not loaded)"

/* Why loading C code failed (the third result of package.loadlib). */
typedef enum {
  PKG_C_OK = 0,
  PKG_C_ABSENT,   /* no 'capi' plugin: C code cannot run at all */
  PKG_C_OPEN,     /* the library could not be opened */
  PKG_C_INIT      /* the library has no such function */
} PkgCStatus;

/* -- Loading C code --------------------------------------------------------- */

/* C functions expect the lua_* API, which only the capi plugin provides
** (loaded with global binding, so its symbols are visible to everyone). */
static int
pkg_have_capi (void)
{
  return dlsym (RTLD_DEFAULT, "lua_gettop") != NULL;
}

/* Find (or open) the library 'path' and keep its handle in the registry
** for the life of the state.  Handles are never closed: a module's code
** may stay referenced by closures until the process ends. */
static void *
pkg_open_library (ElaraState *L, const char *path, int global)
{
  void *lib;
  host->getsubtable (L, ELARA_REGISTRYINDEX, PKG_CLIBS);
  host->getfield (L, -1, path);
  lib = host->touserdata (L, -1);
  pkg_pop (L, 2);
  if (lib != NULL)
    return lib;
  lib = dlopen (path, RTLD_NOW | (global ? RTLD_GLOBAL : RTLD_LOCAL));
  if (lib == NULL) {
    const char *msg = dlerror ();
    host->pushstring (L, msg != NULL ? msg : "cannot open library");
    return NULL;
  }
  host->getsubtable (L, ELARA_REGISTRYINDEX, PKG_CLIBS);
  host->pushlightuserdata (L, lib);
  host->setfield (L, -2, path);
  pkg_pop (L, 1);
  return lib;
}

/* Push the C function 'sym' of library 'path' ("*" only links the
** library globally and pushes true); on failure push a message. */
static PkgCStatus
pkg_load_cfunction (ElaraState *L, const char *path, const char *sym)
{
  void *lib, *f;
  if (!pkg_have_capi ()) {
    host->pushstring (L, PKG_NOCAPI);
    return PKG_C_ABSENT;
  }
  lib = pkg_open_library (L, path, sym[0] == '*' && sym[1] == '\0');
  if (lib == NULL)
    return PKG_C_OPEN;
  if (sym[0] == '*' && sym[1] == '\0') {
    host->pushboolean (L, 1);
    return PKG_C_OK;
  }
  f = dlsym (lib, sym);
  if (f == NULL) {
    const char *msg = dlerror ();
    host->pushfstring (L, "%s", msg != NULL ? msg : "undefined symbol");
    return PKG_C_INIT;
  }
  /* The capi plugin makes an ElaraState usable as a lua_State, so a
  ** lua_CFunction is called like any C function of a plugin. */
  host->pushcclosure (L, (ElaraCFunction) (uintptr_t) f, 0);
  return PKG_C_OK;
}

static int
pkg_loadlib (ElaraState *L)
{
  static const char *const where[] = { "", "absent", "open", "init" };
  const char *path = host->checklstring (L, 1, NULL);
  const char *init = host->checklstring (L, 2, NULL);
  PkgCStatus st = pkg_load_cfunction (L, path, init);
  if (st == PKG_C_OK)
    return 1;
  host->pushnil (L);
  pkg_insert (L, -2);
  host->pushstring (L, where[st]);
  return 3;
}

/* -- package.searchpath ----------------------------------------------------- */

static int
pkg_readable (const char *filename)
{
  FILE *f = fopen (filename, "r");
  if (f == NULL)
    return 0;
  fclose (f);
  return 1;
}

/* Look for 'name' along 'path' (templates separated by ';', '?' replaced
** by the name, after replacing each 'sep' in the name by 'rep').  Pushes
** the first readable file name and returns it, or pushes the list of
** every file tried ("no file 'a'\n\tno file 'b'") and returns NULL.
** Empty templates count: they are tried (and reported) like the others. */
/* Look for 'name' along 'path' (templates separated by ';', '?' replaced
** by the name, after replacing each 'sep' in the name by 'rep').  Pushes
** the first readable file name and returns it, or pushes the list of
** every file tried ("no file 'a'\n\tno file 'b'") and returns NULL.
** Empty templates count: they are tried (and reported) like the others. */
static const char *
pkg_searchpath (ElaraState *L, const char *name, const char *path,
                const char *sep, const char *rep)
{
  int base = host->gettop (L);
  const char *files, *t;
  if (*sep != '\0' && strstr (name, sep) != NULL)
    name = host->gsub (L, name, sep, rep);
  files = host->gsub (L, path, PKG_MARK, name);
  for (t = files; ; ) {
    const char *end = strchr (t, *PKG_PATHSEP);
    const char *file;
    if (end == NULL)
      end = t + strlen (t);
    file = host->pushlstring (L, t, (size_t) (end - t));
    if (pkg_readable (file)) {
      pkg_insert (L, base + 1);
      host->settop (L, base + 1);
      return file;
    }
    pkg_pop (L, 1);
    if (*end == '\0')
      break;
    t = end + 1;
  }
  host->pushfstring (L, "no file '%s'",
                     host->gsub (L, files, PKG_PATHSEP, "'\n\tno file '"));
  pkg_insert (L, base + 1);
  host->settop (L, base + 1);
  return NULL;
}

static int
pkg_searchpath_lua (ElaraState *L)
{
  const char *name = host->checklstring (L, 1, NULL);
  const char *path = host->checklstring (L, 2, NULL);
  const char *sep = host->optlstring (L, 3, ".", NULL);
  const char *rep = host->optlstring (L, 4, PKG_DIRSEP, NULL);
  if (pkg_searchpath (L, name, path, sep, rep) != NULL)
    return 1;
  host->pushnil (L);
  pkg_insert (L, -2);
  return 2;
}

/* -- Searchers -------------------------------------------------------------- */

/* package.<field> (the package table is upvalue 1 of every searcher),
** then searchpath on it with '.' mapped to the directory separator. */
static const char *
pkg_find_file (ElaraState *L, const char *name, const char *field)
{
  const char *path;
  host->getfield (L, elara_upvalueindex (1), field);
  path = host->tolstring (L, -1, NULL);
  if (path == NULL)
    host->errorf (L, "'package.%s' must be a string", field);
  return pkg_searchpath (L, name, path, ".", PKG_DIRSEP);
}

/* A loader was found in 'file' (status 0: it is on the stack): return it
** with the file name as the loader data; otherwise it is an error. */
static int
pkg_found_loader (ElaraState *L, int ok, const char *file)
{
  if (!ok)
    return host->errorf (L, "error loading module '%s' from file '%s':\n\t%s",
                         host->tolstring (L, 1, NULL), file,
                         host->tolstring (L, -1, NULL));
  host->pushstring (L, file);
  return 2;
}

static int
pkg_search_preload (ElaraState *L)
{
  const char *name = host->checklstring (L, 1, NULL);
  host->getfield (L, ELARA_REGISTRYINDEX, "_PRELOAD");
  if (host->getfield (L, -1, name) == ELARA_TNIL) {
    host->pushfstring (L, "no field package.preload['%s']", name);
    return 1;
  }
  host->pushstring (L, ":preload:");
  return 2;
}

static int
pkg_search_lua (ElaraState *L)
{
  const char *name = host->checklstring (L, 1, NULL);
  const char *file = pkg_find_file (L, name, "path");
  if (file == NULL)
    return 1;  /* the "no file" list */
  return pkg_found_loader (L, host->loadfilex (L, file, NULL) == ELARA_OK,
                           file);
}

/* The loader made by pkg_search_plugin: the plugin is already in the
** state, its table is upvalue 1. */
static int
pkg_plugin_loader (ElaraState *L)
{
  host->pushvalue (L, elara_upvalueindex (1));
  return 1;
}

/* Installed library plugins.  Not finding one adds nothing to the "not
** found" message (a plain Lua user expects only the reference's lines
** there); a plugin that exists but fails to load is an error, as a Lua
** file with a syntax error is. */
static int
pkg_search_plugin (ElaraState *L)
{
  const char *name = host->checklstring (L, 1, NULL);
  const char *msg;
  if (host->require_plugin (L, name)) {
    host->pushcclosure (L, pkg_plugin_loader, 1);
    host->pushstring (L, ":plugin:");
    return 2;
  }
  msg = host->tolstring (L, -1, NULL);
  if (msg == NULL || strncmp (msg, "no file '", 9) == 0)
    return 0;
  return host->errorf (L, "error loading module '%s' from plugin:\n\t%s",
                       name, msg);
}

/* Push the open function of C module 'modname' from 'file': luaopen_X
** where X is the name with '.' as '_' and without anything up to an
** ignore mark '-' (and, failing that, with only what precedes it). */
static PkgCStatus
pkg_load_cmodule (ElaraState *L, const char *file, const char *modname)
{
  const char *mark, *sym;
  PkgCStatus st;
  modname = host->gsub (L, modname, ".", "_");
  mark = strchr (modname, *PKG_IGNMARK);
  if (mark != NULL) {
    host->pushlstring (L, modname, (size_t) (mark - modname));
    sym = host->pushfstring (L, "luaopen_%s", host->tolstring (L, -1, NULL));
    st = pkg_load_cfunction (L, file, sym);
    if (st != PKG_C_INIT)
      return st;
    pkg_pop (L, 3);  /* message, symbol, prefix */
    modname = mark + 1;
  }
  sym = host->pushfstring (L, "luaopen_%s", modname);
  return pkg_load_cfunction (L, file, sym);
}

static int
pkg_search_c (ElaraState *L)
{
  const char *name = host->checklstring (L, 1, NULL);
  const char *file = pkg_find_file (L, name, "cpath");
  if (file == NULL)
    return 1;
  return pkg_found_loader (L, pkg_load_cmodule (L, file, name) == PKG_C_OK,
                           file);
}

/* "a.b.c" may live in the library of its root "a", as luaopen_a_b_c. */
static int
pkg_search_croot (ElaraState *L)
{
  const char *name = host->checklstring (L, 1, NULL);
  const char *dot = strchr (name, '.');
  const char *file;
  PkgCStatus st;
  if (dot == NULL)
    return 0;  /* a root itself: pkg_search_c did it */
  host->pushlstring (L, name, (size_t) (dot - name));
  file = pkg_find_file (L, host->tolstring (L, -1, NULL), "cpath");
  if (file == NULL)
    return 1;
  st = pkg_load_cmodule (L, file, name);
  if (st == PKG_C_INIT) {
    host->pushfstring (L, "no module '%s' in file '%s'", name, file);
    return 1;
  }
  return pkg_found_loader (L, st == PKG_C_OK, file);
}

/* -- require ---------------------------------------------------------------- */

/* Run package.searchers until one yields a loader: leaves the loader and
** its data on the stack, or raises the collected "not found" messages. */
static void
pkg_find_loader (ElaraState *L, const char *name)
{
  ElaraBuffer msg;
  ElaraInteger i;
  if (host->getfield (L, elara_upvalueindex (1), "searchers") != ELARA_TTABLE)
    host->errorf (L, "'package.searchers' must be a table");
  host->buffinit (L, &msg);
  for (i = 1; ; i++) {
    host->addstring (&msg, "\n\t");
    if (host->rawgeti (L, 3, i) == ELARA_TNIL) {
      pkg_pop (L, 1);
      msg.n -= 2;  /* the separator opened for no message */
      host->pushresult (&msg);
      host->errorf (L, "module '%s' not found:%s", name,
                    host->tolstring (L, -1, NULL));
    }
    host->pushstring (L, name);
    host->callk (L, 1, 2, 0, NULL);
    if (host->type (L, -2) == ELARA_TFUNCTION)
      return;
    if (host->isstring (L, -2)) {
      pkg_pop (L, 1);
      host->addvalue (&msg);
    }
    else {
      pkg_pop (L, 2);
      msg.n -= 2;
    }
  }
}

/* Stack of require: 1 name, 2 package.loaded, then what pkg_find_loader
** leaves (the searchers, its buffer box, the loader and its data), then
** the module value. */
static int
pkg_require (ElaraState *L)
{
  const char *name = host->checklstring (L, 1, NULL);
  int data;
  host->settop (L, 1);
  host->getfield (L, ELARA_REGISTRYINDEX, "_LOADED");
  host->getfield (L, 2, name);
  if (host->toboolean (L, 3))
    return 1;  /* already there: no loader data to give */
  host->settop (L, 2);
  pkg_find_loader (L, name);
  data = host->gettop (L);
  host->pushvalue (L, data - 1);
  host->pushvalue (L, 1);
  host->pushvalue (L, data);
  host->callk (L, 2, 1, 0, NULL);
  /* A loader that returns nothing may have stored the module itself;
  ** if it did neither, the module is 'true'. */
  if (host->type (L, data + 1) != ELARA_TNIL) {
    host->pushvalue (L, data + 1);
    host->setfield (L, 2, name);
  }
  else if (host->getfield (L, 2, name) == ELARA_TNIL) {
    host->pushboolean (L, 1);
    host->setfield (L, 2, name);
  }
  host->settop (L, data);
  host->getfield (L, 2, name);
  host->rotate (L, data, 1);  /* module, data */
  return 2;
}

/* -- Paths from the environment --------------------------------------------- */

/* package[field] = the first of $<var>_5_5 and $<var> that is set (unless
** the launcher ran with -E), with ";;" standing for the default; else the
** default. */
static void
pkg_set_path (ElaraState *L, const char *field, const char *var,
              const char *dflt)
{
  const char *value = NULL, *mark;
  int noenv;
  host->getfield (L, ELARA_REGISTRYINDEX, "LUA_NOENV");
  noenv = host->toboolean (L, -1);
  pkg_pop (L, 1);
  if (!noenv) {
    /* The host's formatter, not snprintf: no libc printf at start-up. */
    value = getenv (host->pushfstring (L, "%s_5_5", var));
    pkg_pop (L, 1);
    if (value == NULL)
      value = getenv (var);
  }
  if (value == NULL)
    host->pushstring (L, dflt);
  else if ((mark = strstr (value, ";;")) == NULL)
    host->pushstring (L, value);
  else {
    /* "a;;b" -> "a;<default>;b", dropping the ';' on an empty side. */
    size_t after = strlen (mark + 2);
    int parts = 1;
    if (mark > value) {
      host->pushlstring (L, value, (size_t) (mark - value + 1));
      parts++;
    }
    host->pushstring (L, dflt);
    if (after > 0) {
      host->pushlstring (L, mark + 1, after + 1);
      parts++;
    }
    host->concat (L, parts);
  }
  host->setfield (L, -2, field);
}

/* -- Registration ----------------------------------------------------------- */

static const ElaraLibReg pkg_funcs[] = {
  { "loadlib", pkg_loadlib },
  { "searchpath", pkg_searchpath_lua },
  { NULL, NULL }
};

static const ElaraCFunction pkg_searchers[] = {
  pkg_search_preload,
  pkg_search_lua,
  pkg_search_plugin,
  pkg_search_c,
  pkg_search_croot,
  NULL
};

static int
pkg_init (ElaraState *L, const ElaraHost *h)
{
  int i;
  host = h;
  host->register_lib (L, "package", pkg_funcs, 0);   /* the package table */

  host->createtable (L, 5, 0);
  for (i = 0; pkg_searchers[i] != NULL; i++) {
    host->pushvalue (L, -2);
    host->pushcclosure (L, pkg_searchers[i], 1);
    host->rawseti (L, -2, i + 1);
  }
  host->setfield (L, -2, "searchers");

  pkg_set_path (L, "path", "LUA_PATH", PKG_PATH_DEFAULT);
  pkg_set_path (L, "cpath", "LUA_CPATH", PKG_CPATH_DEFAULT);
  host->pushstring (L, PKG_DIRSEP "\n" PKG_PATHSEP "\n" PKG_MARK "\n"
                    PKG_EXECDIR "\n" PKG_IGNMARK "\n");
  host->setfield (L, -2, "config");

  host->getsubtable (L, ELARA_REGISTRYINDEX, "_LOADED");
  host->setfield (L, -2, "loaded");
  host->getsubtable (L, ELARA_REGISTRYINDEX, "_PRELOAD");
  host->setfield (L, -2, "preload");

  /* The global 'package' and 'require' (which reaches package.searchers
  ** through its upvalue). */
  host->pushvalue (L, -1);
  host->setglobal (L, "package");
  host->pushvalue (L, -1);
  host->pushcclosure (L, pkg_require, 1);
  host->setglobal (L, "require");
  pkg_pop (L, 1);
  return 0;
}

static const char *const pkg_provides[] = { "package", NULL };
static const char *const pkg_depends[] = { "base", NULL };

static const ElaraPluginDesc pkg_desc = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraPluginDesc),
  .kind = ELARA_PLUGIN_KIND_LIBRARY,
  .name = "package",
  .version = "0.1.0",
  .description = "modules (require, package.path, searchers, loadlib, ...)",
  .provides = pkg_provides,
  .depends = pkg_depends,
  .build_id = NULL,
  .init = pkg_init,
  .load = NULL,
  .ops = NULL,
};

ELARA_PLUGIN_DEFINE (package, &pkg_desc)
