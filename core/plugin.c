/*
** plugin.c: the plugin loader (discovery, ABI checks, dependencies,
** per-state initialisation, process-wide lifetime of loaded objects)
** SPDX-License-Identifier: MIT
*/
#include "config.h"
#include "plugin.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <glib.h>

#include "elara/elara.h"
#include "elara/elara-plugin.h"
#include "host.h"
#include "jit.h"
#include "state.h"

/* The JIT plugin the default set picks: named after Meson's cpu_family. */
#if defined(__x86_64__)
#define PLUGIN_HOST_CPU "x86_64"
#elif defined(__aarch64__)
#define PLUGIN_HOST_CPU "aarch64"
#elif defined(__riscv) && __riscv_xlen == 64
#define PLUGIN_HOST_CPU "riscv64"
#elif defined(__powerpc64__)
#define PLUGIN_HOST_CPU "ppc64"
#elif defined(__i386__)
#define PLUGIN_HOST_CPU "x86"
#elif defined(__arm__)
#define PLUGIN_HOST_CPU "arm"
#else
#define PLUGIN_HOST_CPU "unknown"
#endif

#define PLUGIN_JIT_NAME "jit-" PLUGIN_HOST_CPU
#define PLUGIN_SUFFIX ".so"
#define PLUGIN_MAXNAME 64

/* -- Bookkeeping ---------------------------------------------------------- */

/* One shared object, shared by every state of the process that uses it.
** Invariant: 'desc' passed every check of plugin_check_desc(); the strings
** and functions it points to stay valid while 'handle' is open, that is
** while refcount > 0.  Protected by plugin_lock. */
typedef struct PluginObject {
  char *path;                  /* canonical path, key of plugin_objects */
  char *name;                  /* the file's plugin name */
  void *handle;
  ElaraPluginDesc desc;        /* checked copy of the descriptor */
  guint refcount;              /* states (and loads in progress) using it */
  gboolean load_done;          /* desc.load() ran successfully */
} PluginObject;

/* Per-state loader data (GlobalState.plugins). */
struct ElPluginSet {
  char **dirs;                 /* search directories, in order */
  ElJitMode jit_mode;
  GPtrArray *loaded;           /* PluginObject *, load order, one ref each */
  GPtrArray *chain;            /* names being loaded (dependency chain) */
  gboolean has_jit;            /* a JIT backend is installed in the state */
};

static GMutex plugin_lock;
static GHashTable *plugin_objects;  /* path -> PluginObject * */

/* Warnings of the default set go through GLib logging, domain "Elara": the
** launcher prints them as its own messages, an embedder may route them. */
static void G_GNUC_PRINTF (1, 2)
plugin_warning (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_logv ("Elara", G_LOG_LEVEL_WARNING, fmt, ap);
  va_end (ap);
}

/* -- Names and search directories ----------------------------------------- */

static gboolean
plugin_valid_name (const char *name)
{
  size_t i, n = strlen (name);
  if (n == 0 || n > PLUGIN_MAXNAME || !g_ascii_isalnum (name[0]))
    return FALSE;
  for (i = 0; i < n; i++) {
    char c = name[i];
    if (!g_ascii_isalnum (c) && c != '-' && c != '_')
      return FALSE;
  }
  return TRUE;
}

/* A plugin given as a file: anything with a '/' that ends in ".so". */
static gboolean
plugin_is_path (const char *name)
{
  return strchr (name, '/') != NULL && g_str_has_suffix (name, PLUGIN_SUFFIX);
}

static char *
plugin_entry_symbol (const char *name)
{
  char *sym = g_strconcat ("elara_plugin_", name, "_query", NULL);
  g_strdelimit (sym, "-", '_');
  return sym;
}

/* Is this process running from the build tree (meson compile without
** install)?  Then its own plugins are in the build tree too. */
static gboolean
plugin_running_uninstalled (void)
{
  static gsize done = 0;
  static gboolean uninstalled = FALSE;
  if (g_once_init_enter (&done)) {
    char *exe = g_file_read_link ("/proc/self/exe", NULL);
    if (exe != NULL) {
      size_t n = strlen (ELARA_BUILD_ROOT);
      uninstalled = strncmp (exe, ELARA_BUILD_ROOT, n) == 0
                    && exe[n] == '/';
      g_free (exe);
    }
    g_once_init_leave (&done, 1);
  }
  return uninstalled;
}

static void
plugin_add_dir (GPtrArray *dirs, const char *dir)
{
  guint i;
  if (dir == NULL || dir[0] == '\0')
    return;
  for (i = 0; i < dirs->len; i++)
    if (strcmp (g_ptr_array_index (dirs, i), dir) == 0)
      return;  /* searching a directory twice finds nothing new */
  g_ptr_array_add (dirs, g_strdup (dir));
}

char **
el_plugin_search_dirs (const char *const *extra_dirs, gboolean ignore_env)
{
  GPtrArray *dirs = g_ptr_array_new ();
  if (extra_dirs != NULL) {
    const char *const *d;
    for (d = extra_dirs; *d != NULL; d++)
      plugin_add_dir (dirs, *d);
  }
  /* A setuid program must not let the caller pick the code it runs. */
  if (!ignore_env && getauxval (AT_SECURE) == 0) {
    const char *env = g_getenv ("ELARA_PLUGIN_PATH");
    if (env != NULL) {
      char **parts = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
      char **p;
      for (p = parts; *p != NULL; p++)
        plugin_add_dir (dirs, *p);
      g_strfreev (parts);
    }
  }
  /* An uninstalled build prefers its own plugins: installed ones come from
  ** another build and, for a JIT, would not even match its build id. */
  if (plugin_running_uninstalled ())
    plugin_add_dir (dirs, ELARA_BUILD_PLUGINDIR);
  plugin_add_dir (dirs, ELARA_PLUGINDIR);
  g_ptr_array_add (dirs, NULL);
  return (char **) g_ptr_array_free (dirs, FALSE);
}

/* The first <dir>/<name>.so that exists, or NULL. */
static char *
plugin_find_file (char **dirs, const char *name)
{
  char *file = g_strconcat (name, PLUGIN_SUFFIX, NULL);
  char *found = NULL;
  char **d;
  for (d = dirs; *d != NULL && found == NULL; d++) {
    char *path = g_build_filename (*d, file, NULL);
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      found = path;
    else
      g_free (path);
  }
  g_free (file);
  return found;
}

static void
plugin_set_not_found (GError **error, const char *name, char **dirs)
{
  char *list = g_strjoinv (", ", dirs);
  g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NOT_FOUND,
               "plugin '%s' not found in: %s (set ELARA_PLUGIN_PATH or use "
               "--plugin-path)", name,
               list[0] != '\0' ? list : "(no directory)");
  g_free (list);
}

/* Name and path of plugin 'spec' (a name or a file): NULL with 'error' set
** when it does not exist. */
static gboolean
plugin_locate (char **dirs, const char *spec, char **name, char **path,
               GError **error)
{
  if (plugin_is_path (spec)) {
    char *base = g_path_get_basename (spec);
    base[strlen (base) - strlen (PLUGIN_SUFFIX)] = '\0';
    if (!plugin_valid_name (base)) {
      g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NOT_FOUND,
                   "plugin file %s has an invalid name: plugin names use "
                   "letters, digits, '-' and '_'", spec);
      g_free (base);
      return FALSE;
    }
    if (!g_file_test (spec, G_FILE_TEST_IS_REGULAR)) {
      g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NOT_FOUND,
                   "plugin '%s' not found: no file %s", base, spec);
      g_free (base);
      return FALSE;
    }
    *name = base;
    *path = g_strdup (spec);
    return TRUE;
  }
  if (!plugin_valid_name (spec)) {
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NOT_FOUND,
                 "'%s' is not a valid plugin name: plugin names use letters, "
                 "digits, '-' and '_' (or give the path of a .so file)", spec);
    return FALSE;
  }
  *path = plugin_find_file (dirs, spec);
  if (*path == NULL) {
    plugin_set_not_found (error, spec, dirs);
    return FALSE;
  }
  *name = g_strdup (spec);
  return TRUE;
}

/* -- Descriptor checks ---------------------------------------------------- */

static void
plugin_describe_bits (GString *s, uint32_t bits)
{
  g_string_append_printf (s, "0x%08x: %u-byte integers, %u-byte floats, "
                          "%u-byte pointers, value layout %u", bits,
                          bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff,
                          bits >> 24);
}

/* The host-side ABI check (DESIGN 2, rule 3), then the copy of what the
** plugin knows into 'out' (zeroed first: newer fields read as NULL/0). */
static gboolean
plugin_check_desc (const ElaraPluginDesc *d, const char *name,
                   const char *path, ElaraPluginDesc *out, GError **error)
{
  const ElaraAbiHeader *h = &d->abi;
  if (h->abi_major != ELARA_ABI_MAJOR) {
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_ABI,
                 "plugin '%s' (%s) was built for plugin ABI %u.%u but this "
                 "elara provides ABI %u.%u: rebuild the plugin against elara "
                 "%s", name, path, h->abi_major, h->abi_minor,
                 ELARA_ABI_MAJOR, ELARA_ABI_MINOR, ELARA_VERSION);
    return FALSE;
  }
  if (h->abi_minor > ELARA_ABI_MINOR) {
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_ABI,
                 "plugin '%s' (%s) needs plugin ABI %u.%u but this elara "
                 "provides only ABI %u.%u: upgrade elara or rebuild the "
                 "plugin against elara %s", name, path, h->abi_major,
                 h->abi_minor, ELARA_ABI_MAJOR, ELARA_ABI_MINOR,
                 ELARA_VERSION);
    return FALSE;
  }
  if (h->struct_size < ELARA_PLUGIN_DESC_SIZE_1_0
      || h->struct_size > sizeof (ElaraPluginDesc)) {
    /* Smaller than 1.0 or larger than anything this host knows, with a
    ** minor we accept: the descriptor cannot be trusted. */
    char *want = ELARA_PLUGIN_DESC_SIZE_1_0 == sizeof (ElaraPluginDesc)
                 ? g_strdup_printf ("%zu", sizeof (ElaraPluginDesc))
                 : g_strdup_printf ("%zu to %zu",
                                    (size_t) ELARA_PLUGIN_DESC_SIZE_1_0,
                                    sizeof (ElaraPluginDesc));
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_ABI,
                 "plugin '%s' (%s) has a %u-byte descriptor for plugin ABI "
                 "%u.%u, but this elara (ABI %u.%u) expects %s bytes: the "
                 "plugin is corrupt or built with wrong headers; rebuild it "
                 "against elara %s", name, path, h->struct_size,
                 h->abi_major, h->abi_minor, ELARA_ABI_MAJOR, ELARA_ABI_MINOR,
                 want, ELARA_VERSION);
    g_free (want);
    return FALSE;
  }
  if (h->config_bits != ELARA_CONFIG_BITS) {
    GString *s = g_string_new (NULL);
    plugin_describe_bits (s, h->config_bits);
    g_string_append (s, ") but this elara uses configuration (");
    plugin_describe_bits (s, ELARA_CONFIG_BITS);
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_ABI,
                 "plugin '%s' (%s) was built for plugin ABI %u.%u with "
                 "configuration (%s) (this elara: ABI %u.%u): rebuild the "
                 "plugin against elara %s", name, path, h->abi_major,
                 h->abi_minor, s->str, ELARA_ABI_MAJOR, ELARA_ABI_MINOR,
                 ELARA_VERSION);
    g_string_free (s, TRUE);
    return FALSE;
  }

  memset (out, 0, sizeof *out);
  memcpy (out, d, MIN ((size_t) h->struct_size, sizeof *out));

  if (out->kind != ELARA_PLUGIN_KIND_LIBRARY
      && out->kind != ELARA_PLUGIN_KIND_CAPI
      && out->kind != ELARA_PLUGIN_KIND_JIT) {
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_ABI,
                 "plugin '%s' (%s) declares unknown kind %d (plugin ABI "
                 "%u.%u, this elara ABI %u.%u): rebuild the plugin against "
                 "elara %s", name, path, (int) out->kind, h->abi_major,
                 h->abi_minor, ELARA_ABI_MAJOR, ELARA_ABI_MINOR,
                 ELARA_VERSION);
    return FALSE;
  }
  if (out->name == NULL || strcmp (out->name, name) != 0) {
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NAME_MISMATCH,
                 "plugin file %s contains plugin '%s', not '%s': rename the "
                 "file to %s%s or fix the name in the plugin's descriptor",
                 path, out->name != NULL ? out->name : "(null)", name,
                 out->name != NULL ? out->name : "(null)", PLUGIN_SUFFIX);
    return FALSE;
  }
  if (out->kind == ELARA_PLUGIN_KIND_JIT) {
    /* A JIT reads internal layouts: only the exact build it was compiled
    ** with is safe. */
    const ElJitOps *ops = out->ops;
    if (out->build_id == NULL || strcmp (out->build_id, ELARA_BUILD_ID) != 0) {
      g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_ABI,
                   "JIT plugin '%s' (%s) was built for elara build '%s' but "
                   "this is build '%s' (plugin ABI %u.%u, this elara ABI "
                   "%u.%u): a JIT must be rebuilt together with elara", name,
                   path, out->build_id != NULL ? out->build_id : "(none)",
                   ELARA_BUILD_ID, h->abi_major, h->abi_minor,
                   ELARA_ABI_MAJOR, ELARA_ABI_MINOR);
      return FALSE;
    }
    if (ops == NULL || ops->size != sizeof (ElJitOps)) {
      g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_ABI,
                   "JIT plugin '%s' (%s) has no operations table of this "
                   "build (%zu bytes expected): rebuild it together with "
                   "elara %s", name, path, sizeof (ElJitOps), ELARA_VERSION);
      return FALSE;
    }
  }
  return TRUE;
}

/* -- Process-wide objects ------------------------------------------------- */

static void
plugin_object_free (PluginObject *o)
{
  if (o->handle != NULL)
    dlclose (o->handle);
  g_free (o->path);
  g_free (o->name);
  g_free (o);
}

/* Open (or find) the shared object at 'path' for plugin 'name' and check
** its descriptor; returns it with one more reference.  Caller holds no
** lock. */
static PluginObject *
plugin_object_open (const char *path, const char *name, GError **error)
{
  char *canon;
  PluginObject *o;
  void *handle;
  char *sym;
  const ElaraPluginDesc *(*query) (void);
  const ElaraPluginDesc *d;
  ElaraPluginDesc local;

  canon = realpath (path, NULL);
  if (canon == NULL)
    canon = strdup (path);

  g_mutex_lock (&plugin_lock);
  if (plugin_objects == NULL)
    plugin_objects = g_hash_table_new (g_str_hash, g_str_equal);
  o = g_hash_table_lookup (plugin_objects, canon);
  if (o != NULL) {
    if (strcmp (o->name, name) != 0) {
      /* The same object under another file name (a symlink). */
      g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NAME_MISMATCH,
                   "plugin file %s (%s) contains plugin '%s', not '%s': "
                   "rename the file to %s%s", path, canon, o->name, name,
                   o->name, PLUGIN_SUFFIX);
      o = NULL;
    } else {
      o->refcount++;
    }
    g_mutex_unlock (&plugin_lock);
    free (canon);
    return o;
  }

  dlerror ();
  handle = dlopen (canon, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    const char *why = dlerror ();
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NOT_A_PLUGIN,
                 "plugin '%s' (%s) is not a loadable shared object (%s): "
                 "remove the file or rebuild the plugin", name, path,
                 why != NULL ? why : "unknown error");
    goto fail_unlock;
  }
  sym = plugin_entry_symbol (name);
  dlerror ();
  *(void **) &query = dlsym (handle, sym);
  if (query == NULL) {
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NOT_A_PLUGIN,
                 "plugin '%s' (%s) has no entry point %s(): it is not an "
                 "Elara plugin, or not the plugin this file name says; remove "
                 "it from the plugin path", name, path, sym);
    g_free (sym);
    dlclose (handle);
    goto fail_unlock;
  }
  g_free (sym);
  d = query ();
  if (d == NULL) {
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NOT_A_PLUGIN,
                 "plugin '%s' (%s) returned no descriptor: rebuild the "
                 "plugin against elara %s", name, path, ELARA_VERSION);
    dlclose (handle);
    goto fail_unlock;
  }
  if (!plugin_check_desc (d, name, path, &local, error)) {
    dlclose (handle);
    goto fail_unlock;
  }
  if (local.kind == ELARA_PLUGIN_KIND_CAPI) {
    /* The C API shim exports lua_* for classic C modules that are dlopened
    ** later: promote it to global binding, keeping the first handle. */
    void *again = dlopen (canon, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    if (again == NULL) {
      const char *why = dlerror ();
      g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NOT_A_PLUGIN,
                   "plugin '%s' (%s) cannot be made global (%s)", name, path,
                   why != NULL ? why : "unknown error");
      dlclose (handle);
      goto fail_unlock;
    }
    dlclose (again);
  }

  o = g_new0 (PluginObject, 1);
  o->path = g_strdup (canon);
  o->name = g_strdup (name);
  o->handle = handle;
  o->desc = local;
  o->refcount = 1;
  g_hash_table_insert (plugin_objects, o->path, o);
  g_mutex_unlock (&plugin_lock);
  free (canon);
  return o;

fail_unlock:
  g_mutex_unlock (&plugin_lock);
  free (canon);
  return NULL;
}

static void
plugin_object_unref (PluginObject *o)
{
  gboolean last;
  g_mutex_lock (&plugin_lock);
  last = --o->refcount == 0;
  if (last)
    g_hash_table_remove (plugin_objects, o->path);
  g_mutex_unlock (&plugin_lock);
  if (last)
    plugin_object_free (o);
}

/* Run desc.load() the first time the object is used by a state. */
static gboolean
plugin_object_ensure_loaded (PluginObject *o, const char *path,
                             GError **error)
{
  gboolean ok = TRUE;
  g_mutex_lock (&plugin_lock);
  if (!o->load_done && o->desc.load != NULL) {
    char buf[256] = "";
    if (o->desc.load (el_host_get (), buf, sizeof buf) != 0) {
      buf[sizeof buf - 1] = '\0';
      g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_INIT_FAILED,
                   "plugin '%s' (%s) failed to load: %s", o->name, path,
                   buf[0] != '\0' ? buf : "no reason given");
      ok = FALSE;
    }
  }
  if (ok)
    o->load_done = TRUE;
  g_mutex_unlock (&plugin_lock);
  return ok;
}

/* -- Per-state sets ------------------------------------------------------- */

void
el_plugin_setup (GlobalState *g, const char *const *extra_dirs,
                 gboolean ignore_env, ElJitMode jit_mode)
{
  struct ElPluginSet *set = g->plugins;
  if (set == NULL) {
    set = g_new0 (struct ElPluginSet, 1);
    set->loaded = g_ptr_array_new ();
    set->chain = g_ptr_array_new ();
    g->plugins = set;
  }
  g_strfreev (set->dirs);
  set->dirs = el_plugin_search_dirs (extra_dirs, ignore_env);
  set->jit_mode = jit_mode;
}

static struct ElPluginSet *
plugin_set_get (GlobalState *g)
{
  if (g->plugins == NULL)  /* a state not made by elara_state_new */
    el_plugin_setup (g, NULL, FALSE, EL_JIT_AUTO);
  return g->plugins;
}

static PluginObject *
plugin_set_find (struct ElPluginSet *set, const char *name)
{
  guint i;
  for (i = 0; i < set->loaded->len; i++) {
    PluginObject *o = g_ptr_array_index (set->loaded, i);
    if (strcmp (o->name, name) == 0)
      return o;
  }
  return NULL;
}

gboolean
el_plugin_is_loaded (ElaraState *L, const char *name)
{
  return G (L)->plugins != NULL
         && plugin_set_find (G (L)->plugins, name) != NULL;
}

void
el_plugin_release (GlobalState *g)
{
  struct ElPluginSet *set = g->plugins;
  guint i;
  if (set == NULL)
    return;
  g->plugins = NULL;
  /* Reverse load order: a plugin goes after those depending on it. */
  for (i = set->loaded->len; i > 0; i--)
    plugin_object_unref (g_ptr_array_index (set->loaded, i - 1));
  g_ptr_array_free (set->loaded, TRUE);
  g_ptr_array_free (set->chain, TRUE);
  g_strfreev (set->dirs);
  g_free (set);
}

/* -- Initialisation in a state -------------------------------------------- */

/* The protected body of a plugin's init(): argument 1 is the descriptor. */
static int
plugin_init_trampoline (ElaraState *L)
{
  const ElaraHost *host = el_host_get ();
  const ElaraPluginDesc *d = host->touserdata (L, 1);
  host->settop (L, 0);
  if (d->init (L, host) != 0) {
    if (host->gettop (L) == 0)
      host->pushstring (L, "init() failed without a message");
    return host->error (L);
  }
  return 0;
}

/* Call o's init() in protected mode: a raise inside it (memory error, a
** failing host call) becomes an ordinary init failure. */
static gboolean
plugin_run_init (ElaraState *L, PluginObject *o, const char *path,
                 GError **error)
{
  const ElaraHost *host = el_host_get ();
  int top, status;
  if (o->desc.init == NULL)
    return TRUE;
  top = host->gettop (L);
  if (!host->checkstack (L, 3)) {
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_INIT_FAILED,
                 "plugin '%s' (%s) cannot be initialised: stack overflow",
                 o->name, path);
    return FALSE;
  }
  host->pushcclosure (L, plugin_init_trampoline, 0);
  host->pushlightuserdata (L, &o->desc);
  status = host->pcallk (L, 1, 0, 0, 0, NULL);
  if (status != ELARA_OK) {
    const char *msg = host->type (L, -1) == ELARA_TSTRING
                      ? host->tolstring (L, -1, NULL) : NULL;
    if (msg == NULL)
      msg = status == ELARA_ERRMEM ? "not enough memory"
                                   : "error object is not a string";
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_INIT_FAILED,
                 "plugin '%s' (%s) failed to initialise: %s", o->name,
                 path, msg);
    host->settop (L, top);
    return FALSE;
  }
  host->settop (L, top);
  return TRUE;
}

static void
plugin_set_cycle (GError **error, struct ElPluginSet *set, const char *name,
                  const char *path)
{
  GString *s = g_string_new (NULL);
  guint i;
  gboolean in_cycle = FALSE;
  for (i = 0; i < set->chain->len; i++) {
    const char *n = g_ptr_array_index (set->chain, i);
    in_cycle = in_cycle || strcmp (n, name) == 0;
    if (in_cycle)
      g_string_append_printf (s, "%s -> ", n);
  }
  g_string_append (s, name);
  g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_CYCLE,
               "plugin dependency cycle %s (%s): remove one of these "
               "dependencies from the plugins' descriptors", s->str,
               path != NULL ? path : name);
  g_string_free (s, TRUE);
}

static gboolean plugin_load_in (ElaraState *L, struct ElPluginSet *set,
                                const char *spec, GError **error);

static gboolean
plugin_load_deps (ElaraState *L, struct ElPluginSet *set, PluginObject *o,
                  const char *path, GError **error)
{
  const char *const *dep;
  if (o->desc.depends == NULL)
    return TRUE;
  for (dep = o->desc.depends; *dep != NULL; dep++) {
    GError *sub = NULL;
    if (plugin_load_in (L, set, *dep, &sub))
      continue;
    if (g_error_matches (sub, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_CYCLE)) {
      g_propagate_error (error, sub);  /* the chain already says it all */
    } else {
      g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_DEPENDENCY,
                   "plugin '%s' (%s) depends on '%s', which cannot be "
                   "loaded: %s", o->name, path, *dep, sub->message);
      g_error_free (sub);
    }
    return FALSE;
  }
  return TRUE;
}

static gboolean
plugin_load_in (ElaraState *L, struct ElPluginSet *set, const char *spec,
                GError **error)
{
  char *name = NULL, *path = NULL;
  PluginObject *o;
  guint i;
  gboolean ok;

  if (!plugin_is_path (spec) && plugin_set_find (set, spec) != NULL)
    return TRUE;
  if (!plugin_locate (set->dirs, spec, &name, &path, error))
    return FALSE;
  if (plugin_set_find (set, name) != NULL) {  /* given as a path */
    g_free (name);
    g_free (path);
    return TRUE;
  }
  for (i = 0; i < set->chain->len; i++)
    if (strcmp (g_ptr_array_index (set->chain, i), name) == 0) {
      plugin_set_cycle (error, set, name, path);
      g_free (name);
      g_free (path);
      return FALSE;
    }
  o = plugin_object_open (path, name, error);
  if (o == NULL) {
    g_free (name);
    g_free (path);
    return FALSE;
  }

  g_ptr_array_add (set->chain, name);
  ok = plugin_load_deps (L, set, o, path, error);
  g_ptr_array_remove_index (set->chain, set->chain->len - 1);
  g_free (name);
  if (!ok)
    goto fail;
  if (plugin_set_find (set, o->name) != NULL) {
    /* Loaded meanwhile through a dependency cycle that ended in a path. */
    plugin_object_unref (o);
    g_free (path);
    return TRUE;
  }
  if (o->desc.kind == ELARA_PLUGIN_KIND_JIT && set->has_jit) {
    g_set_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_INIT_FAILED,
                 "JIT plugin '%s' (%s) cannot be loaded: this state already "
                 "has a JIT backend (load only one)", o->name, path);
    goto fail;
  }
  if (!plugin_object_ensure_loaded (o, path, error)
      || !plugin_run_init (L, o, path, error))
    goto fail;
  if (o->desc.kind == ELARA_PLUGIN_KIND_JIT) {
    el_jit_setbackend (G (L), o->desc.ops, set->jit_mode);
    set->has_jit = TRUE;
  }
  g_ptr_array_add (set->loaded, o);  /* the reference moves to the set */
  g_free (path);
  return TRUE;

fail:
  plugin_object_unref (o);
  g_free (path);
  return FALSE;
}

gboolean
el_plugin_load (ElaraState *L, const char *name, GError **error)
{
  g_return_val_if_fail (L != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return plugin_load_in (L, plugin_set_get (G (L)), name, error);
}

/* -- Discovery ------------------------------------------------------------ */

typedef struct PluginFile {
  char *name;
  char *path;
} PluginFile;

static void
plugin_file_free (gpointer p)
{
  PluginFile *f = p;
  g_free (f->name);
  g_free (f->path);
  g_free (f);
}

static gint
plugin_file_cmp (gconstpointer a, gconstpointer b)
{
  const PluginFile *fa = *(const PluginFile *const *) a;
  const PluginFile *fb = *(const PluginFile *const *) b;
  /* base first: every other library may rely on it */
  int ba = strcmp (fa->name, "base") == 0, bb = strcmp (fb->name, "base") == 0;
  if (ba != bb)
    return bb - ba;
  return strcmp (fa->name, fb->name);
}

/* Every <name>.so of the directories, the first of each name, sorted. */
static GPtrArray *
plugin_scan (char **dirs)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (plugin_file_free);
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  char **d;
  for (d = dirs; *d != NULL; d++) {
    GDir *dir = g_dir_open (*d, 0, NULL);
    const char *entry;
    if (dir == NULL)
      continue;
    while ((entry = g_dir_read_name (dir)) != NULL) {
      PluginFile *f;
      char *name, *path;
      if (!g_str_has_suffix (entry, PLUGIN_SUFFIX))
        continue;
      name = g_strndup (entry, strlen (entry) - strlen (PLUGIN_SUFFIX));
      path = g_build_filename (*d, entry, NULL);
      if (!plugin_valid_name (name) || g_hash_table_contains (seen, name)
          || !g_file_test (path, G_FILE_TEST_IS_REGULAR)) {
        g_free (name);
        g_free (path);
        continue;
      }
      f = g_new (PluginFile, 1);
      f->name = name;
      f->path = path;
      g_hash_table_add (seen, f->name);
      g_ptr_array_add (files, f);
    }
    g_dir_close (dir);
  }
  g_hash_table_destroy (seen);
  g_ptr_array_sort (files, plugin_file_cmp);
  return files;
}

gboolean
el_plugin_load_default (ElaraState *L, GError **error)
{
  struct ElPluginSet *set;
  GPtrArray *files;
  guint i;

  g_return_val_if_fail (L != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  set = plugin_set_get (G (L));
  if (!plugin_load_in (L, set, "base", error))
    return FALSE;
  files = plugin_scan (set->dirs);
  for (i = 0; i < files->len; i++) {
    PluginFile *f = g_ptr_array_index (files, i);
    GError *err = NULL;
    PluginObject *probe;
    ElaraPluginKind kind;
    gboolean is_jit = strcmp (f->name, PLUGIN_JIT_NAME) == 0;
    if (plugin_set_find (set, f->name) != NULL)
      continue;
    /* JITs for other CPUs (or any JIT when it is off) are not candidates:
    ** do not even open them, they would only produce noise. */
    if (g_str_has_prefix (f->name, "jit-")
        && (!is_jit || set->jit_mode == EL_JIT_OFF))
      continue;
    probe = plugin_object_open (f->path, f->name, &err);
    if (probe == NULL) {
      if (is_jit)
        plugin_warning ("JIT plugin '%s' cannot be used, running "
                        "interpreted: %s", f->name, err->message);
      else
        plugin_warning ("skipping plugin '%s': %s", f->name,
                        err->message);
      g_clear_error (&err);
      continue;
    }
    kind = probe->desc.kind;
    if ((kind == ELARA_PLUGIN_KIND_CAPI && strcmp (f->name, "capi") != 0)
        || (kind == ELARA_PLUGIN_KIND_JIT
            && (strcmp (f->name, PLUGIN_JIT_NAME) != 0
                || set->jit_mode == EL_JIT_OFF || set->has_jit))) {
      plugin_object_unref (probe);
      continue;  /* not part of the default set */
    }
    if (!plugin_load_in (L, set, f->path, &err)) {
      if (kind == ELARA_PLUGIN_KIND_JIT)
        plugin_warning ("JIT plugin '%s' cannot be used, running "
                        "interpreted: %s", f->name, err->message);
      else
        plugin_warning ("skipping plugin '%s': %s", f->name,
                        err->message);
      g_clear_error (&err);
    }
    plugin_object_unref (probe);
  }
  g_ptr_array_unref (files);
  return TRUE;
}

/* -- require_plugin ------------------------------------------------------- */

static gboolean
plugin_provides (const PluginObject *o, const char *module)
{
  const char *const *p;
  if (strcmp (o->name, module) == 0)
    return TRUE;
  if (o->desc.provides == NULL)
    return FALSE;
  for (p = o->desc.provides; *p != NULL; p++)
    if (strcmp (*p, module) == 0)
      return TRUE;
  return FALSE;
}

/* Push the table of module 'module' registered by a plugin: the entry of
** package.loaded, else the global of that name.  Returns 0 (and pushes
** nothing) when there is neither. */
static int
plugin_push_module (ElaraState *L, const char *module)
{
  const ElaraHost *host = el_host_get ();
  if (host->getfield (L, ELARA_REGISTRYINDEX, "_LOADED") == ELARA_TTABLE) {
    if (host->getfield (L, -1, module) != ELARA_TNIL) {
      host->rotate (L, -2, 1);
      host->settop (L, -2);
      return 1;
    }
    host->settop (L, -2);
  }
  host->settop (L, -2);
  if (host->getglobal (L, module) != ELARA_TNIL)
    return 1;
  host->settop (L, -2);
  return 0;
}

/* Push a message (copied out of 'err', which is freed first: pushing may
** raise, and a raise would leak it). */
static int
plugin_push_error (ElaraState *L, GError *err)
{
  char buf[1024];
  g_strlcpy (buf, err->message, sizeof buf);
  g_error_free (err);
  el_host_get ()->pushstring (L, buf);
  return 0;
}

int
el_plugin_require (ElaraState *L, const char *name)
{
  const ElaraHost *host = el_host_get ();
  struct ElPluginSet *set = plugin_set_get (G (L));
  GError *err = NULL;
  PluginObject *o = NULL;
  char *plugin, *path;
  guint i;

  for (i = 0; i < set->loaded->len && o == NULL; i++) {
    PluginObject *p = g_ptr_array_index (set->loaded, i);
    if (plugin_provides (p, name))
      o = p;
  }
  if (o != NULL) {
    if (plugin_push_module (L, name))
      return 1;
    host->pushfstring (L, "plugin '%s' is loaded but registered no module "
                       "'%s'", o->name, name);
    return 0;
  }

  /* Module "a.b" would be plugin "a-b". */
  plugin = g_strdup (name);
  g_strdelimit (plugin, ".", '-');
  path = plugin_valid_name (plugin) ? plugin_find_file (set->dirs, plugin)
                                    : NULL;
  if (path == NULL) {
    /* The format of a package.searchers entry: one "no file" per place. */
    GString *s = g_string_new (NULL);
    char **d;
    char buf[1024];
    for (d = set->dirs; *d != NULL; d++)
      g_string_append_printf (s, "%sno file '%s/%s%s'",
                              d == set->dirs ? "" : "\n\t", *d, plugin,
                              PLUGIN_SUFFIX);
    g_free (plugin);
    g_strlcpy (buf, s->str, sizeof buf);
    g_string_free (s, TRUE);
    host->pushstring (L, buf);
    return 0;
  }

  o = plugin_object_open (path, plugin, &err);
  g_free (path);
  if (o == NULL) {
    g_free (plugin);
    return plugin_push_error (L, err);
  }
  if (o->desc.kind != ELARA_PLUGIN_KIND_LIBRARY) {
    g_set_error (&err, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NOT_FOUND,
                 "plugin '%s' (%s) is a %s plugin, not a library: load it "
                 "with --plugins", o->name, o->path,
                 el_plugin_kind_name (o->desc.kind));
    plugin_object_unref (o);
    g_free (plugin);
    return plugin_push_error (L, err);
  }
  if (!plugin_load_in (L, set, plugin, &err)) {
    plugin_object_unref (o);
    g_free (plugin);
    return plugin_push_error (L, err);
  }
  plugin_object_unref (o);  /* the set holds its own reference now */
  g_free (plugin);
  if (plugin_push_module (L, name))
    return 1;
  host->pushfstring (L, "plugin for module '%s' loaded but registered no "
                     "module of that name", name);
  return 0;
}

/* -- Listing -------------------------------------------------------------- */

const char *
el_plugin_kind_name (ElaraPluginKind kind)
{
  switch (kind) {
  case ELARA_PLUGIN_KIND_LIBRARY: return "library";
  case ELARA_PLUGIN_KIND_CAPI: return "capi";
  case ELARA_PLUGIN_KIND_JIT: return "jit";
  default: return "unknown";
  }
}

static void
plugin_info_free (gpointer p)
{
  ElPluginInfo *info = p;
  g_free (info->name);
  g_free (info->version);
  g_free (info->description);
  g_free (info->path);
  g_free (info->problem);
  g_free (info);
}

GPtrArray *
el_plugin_list (const char *const *extra_dirs, gboolean ignore_env)
{
  char **dirs = el_plugin_search_dirs (extra_dirs, ignore_env);
  GPtrArray *files = plugin_scan (dirs);
  GPtrArray *list = g_ptr_array_new_with_free_func (plugin_info_free);
  guint i;
  for (i = 0; i < files->len; i++) {
    PluginFile *f = g_ptr_array_index (files, i);
    ElPluginInfo *info = g_new0 (ElPluginInfo, 1);
    GError *err = NULL;
    PluginObject *o = plugin_object_open (f->path, f->name, &err);
    info->name = g_strdup (f->name);
    info->path = g_strdup (f->path);
    if (o != NULL) {
      /* Copy the strings: they live in the object, which may be closed. */
      info->version = g_strdup (o->desc.version != NULL ? o->desc.version
                                                         : "?");
      info->description = g_strdup (o->desc.description);
      info->kind = o->desc.kind;
      info->abi_major = o->desc.abi.abi_major;
      info->abi_minor = o->desc.abi.abi_minor;
      plugin_object_unref (o);
    } else {
      info->version = g_strdup ("?");
      info->problem = g_strdup (err->message);
      g_error_free (err);
    }
    g_ptr_array_add (list, info);
  }
  g_ptr_array_unref (files);
  g_strfreev (dirs);
  return list;
}
