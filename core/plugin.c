/*
** plugin.c: the plugin loader (discovery, ABI checks, dependencies,
** per-state initialisation, process-wide lifetime of loaded objects)
** SPDX-License-Identifier: MIT
**
** Plain C and POSIX only (no GLib): see plugin.h.
*/
#include "config.h"
#include "plugin.h"

#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

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
/* How a built-in plugin's "path" reads inside messages:
** "plugin 'x' (built in) was built for plugin ABI ...". */
#define PLUGIN_BUILTIN_WHERE "built in"

/* The generated table of built-in plugins (plugins/meson.build).  A weak
** reference: a binary linked without the table sees NULL.  Default
** visibility on the reference makes the compiler reach it through the GOT,
** which can hold the NULL of an absent symbol; the definition is hidden,
** so the symbol is never exported. */
extern const ElPluginBuiltin el_plugin_builtins[]
  __attribute__ ((weak, visibility ("default")));

/* -- C memory ------------------------------------------------------------- */

/* The loader's own (non-Lua) memory is a few hundred bytes per plugin and
** is needed where no state exists to raise an error in.  As with
** g_malloc, which this code used before, a failed allocation ends the
** process with a message. */
static void
plugin_oom (void)
{
  fputs ("elara: out of memory in the plugin loader\n", stderr);
  abort ();
}

static void *
plugin_alloc (size_t n)
{
  void *p = calloc (1, n != 0 ? n : 1);
  if (p == NULL)
    plugin_oom ();
  return p;
}

static void *
plugin_realloc (void *p, size_t n)
{
  p = realloc (p, n != 0 ? n : 1);
  if (p == NULL)
    plugin_oom ();
  return p;
}

static char *
plugin_strndup (const char *s, size_t n)
{
  char *d = plugin_alloc (n + 1);
  memcpy (d, s, n);
  d[n] = '\0';
  return d;
}

static char *
plugin_strdup (const char *s)
{
  return s != NULL ? plugin_strndup (s, strlen (s)) : NULL;
}

/* A growable string: 's' is NULL or nul-terminated at 'len'. */
typedef struct PluginBuf {
  char *s;
  size_t len, cap;
} PluginBuf;

static void __attribute__ ((format (printf, 2, 0)))
buf_vprintf (PluginBuf *b, const char *fmt, va_list ap)
{
  for (;;) {
    size_t room = b->cap - b->len;
    va_list aq;
    int n;
    va_copy (aq, ap);
    n = vsnprintf (b->s != NULL ? b->s + b->len : NULL, room, fmt, aq);
    va_end (aq);
    if (n < 0)
      return;  /* an encoding error: nothing sensible to add */
    if ((size_t) n < room) {
      b->len += (size_t) n;
      return;
    }
    b->cap = b->len + (size_t) n + 64;
    b->s = plugin_realloc (b->s, b->cap);
  }
}

static void __attribute__ ((format (printf, 2, 3)))
buf_printf (PluginBuf *b, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  buf_vprintf (b, fmt, ap);
  va_end (ap);
}

/* The text, owned by the caller (never NULL). */
static char *
buf_take (PluginBuf *b)
{
  char *s = b->s != NULL ? b->s : plugin_strdup ("");
  b->s = NULL;
  b->len = b->cap = 0;
  return s;
}

static char * __attribute__ ((format (printf, 1, 2)))
plugin_printf (const char *fmt, ...)
{
  PluginBuf b = { NULL, 0, 0 };
  va_list ap;
  va_start (ap, fmt);
  buf_vprintf (&b, fmt, ap);
  va_end (ap);
  return buf_take (&b);
}

/* a + b + c in new memory (c may be NULL), copied by length.  The paths
** and symbol names built on every start-up use this, not plugin_printf:
** the printf engine is tens of KiB of libc text that the process would
** otherwise page in before any program runs (docs/ARCHITECTURE.md,
** "Resident memory"). */
static char *
plugin_concat (const char *a, size_t na, const char *b, const char *c)
{
  size_t nb = strlen (b), nc = c != NULL ? strlen (c) : 0;
  char *s = plugin_alloc (na + nb + nc + 1);
  memcpy (s, a, na);
  memcpy (s + na, b, nb);
  memcpy (s + na + nb, c != NULL ? c : "", nc + 1);
  return s;
}

/* A growable array of pointers, kept NULL-ended. */
typedef struct PluginVec {
  void **items;
  size_t len, cap;
} PluginVec;

static void
vec_push (PluginVec *v, void *item)
{
  if (v->len + 2 > v->cap) {
    v->cap = v->cap != 0 ? 2 * v->cap : 8;
    v->items = plugin_realloc (v->items, v->cap * sizeof *v->items);
  }
  v->items[v->len++] = item;
  v->items[v->len] = NULL;
}

static void
vec_pop (PluginVec *v)
{
  v->items[--v->len] = NULL;
}

/* -- Errors and warnings -------------------------------------------------- */

void
el_plugin_error_clear (ElPluginError *err)
{
  if (err == NULL)
    return;
  free (err->message);
  err->message = NULL;
  err->code = EL_PLUGIN_ERR_NOT_FOUND;
}

static void __attribute__ ((format (printf, 3, 4)))
plugin_set_error (ElPluginError *err, ElPluginErrorCode code,
                  const char *fmt, ...)
{
  PluginBuf b = { NULL, 0, 0 };
  va_list ap;
  if (err == NULL)
    return;
  el_assert (err->message == NULL);  /* an error is never overwritten */
  va_start (ap, fmt);
  buf_vprintf (&b, fmt, ap);
  va_end (ap);
  free (err->message);
  err->code = code;
  err->message = buf_take (&b);
}

/* Move 'from' into 'to' (which may be NULL: then 'from' is freed). */
static void
plugin_propagate_error (ElPluginError *to, ElPluginError *from)
{
  if (to == NULL) {
    el_plugin_error_clear (from);
    return;
  }
  el_assert (to->message == NULL);
  *to = *from;
  from->message = NULL;
}

static ElPluginWarningFunc plugin_warning_hook;

void
el_plugin_set_warning_hook (ElPluginWarningFunc func)
{
  plugin_warning_hook = func;
}

/* Warnings of the default set go to the embedder's hook: the launcher
** prints them as its own messages, libelara logs them with GLib. */
static void __attribute__ ((format (printf, 1, 2)))
plugin_warning (const char *fmt, ...)
{
  PluginBuf b = { NULL, 0, 0 };
  char *msg;
  va_list ap;
  va_start (ap, fmt);
  buf_vprintf (&b, fmt, ap);
  va_end (ap);
  msg = buf_take (&b);
  if (plugin_warning_hook != NULL)
    plugin_warning_hook (msg);
  else {
    fprintf (stderr, "elara: warning: %s\n", msg);
    fflush (stderr);
  }
  free (msg);
}

/* -- Names and search directories ----------------------------------------- */

/* Locale-independent, like the rest of the core. */
static bool
plugin_isalnum (char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
         || (c >= 'A' && c <= 'Z');
}

static bool
plugin_valid_name (const char *name)
{
  size_t i, n = strlen (name);
  if (n == 0 || n > PLUGIN_MAXNAME || !plugin_isalnum (name[0]))
    return false;
  for (i = 0; i < n; i++) {
    char c = name[i];
    if (!plugin_isalnum (c) && c != '-' && c != '_')
      return false;
  }
  return true;
}

static bool
plugin_has_suffix (const char *s, const char *suffix)
{
  size_t n = strlen (s), m = strlen (suffix);
  return n >= m && strcmp (s + n - m, suffix) == 0;
}

/* A plugin given as a file: anything with a '/' that ends in ".so". */
static bool
plugin_is_path (const char *name)
{
  return strchr (name, '/') != NULL && plugin_has_suffix (name, PLUGIN_SUFFIX);
}

static char *
plugin_entry_symbol (const char *name)
{
  char *sym = plugin_concat ("elara_plugin_", strlen ("elara_plugin_"),
                             name, "_query");
  char *p;
  for (p = sym; *p != '\0'; p++)
    if (*p == '-')
      *p = '_';
  return sym;
}

static bool
plugin_is_regular (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

/* dir + "/" + file, without doubling the separator of "dir/". */
static char *
plugin_join (const char *dir, const char *file)
{
  size_t n = strlen (dir);
  while (n > 1 && dir[n - 1] == '/')
    n--;
  if (n == 1 && dir[0] == '/')
    n = 0;
  return plugin_concat (dir, n, "/", file);
}

/* Is this process running from the build tree (meson compile without
** install)?  Then its own plugins are in the build tree too. */
static bool plugin_uninstalled;

static void
plugin_check_uninstalled (void)
{
  char exe[PATH_MAX + 1];
  ssize_t len = readlink ("/proc/self/exe", exe, sizeof exe - 1);
  if (len > 0) {
    size_t n = strlen (ELARA_BUILD_ROOT);
    exe[len] = '\0';
    plugin_uninstalled = strncmp (exe, ELARA_BUILD_ROOT, n) == 0
                         && exe[n] == '/';
  }
}

static bool
plugin_running_uninstalled (void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once (&once, plugin_check_uninstalled);
  return plugin_uninstalled;
}

static void
plugin_add_dir (PluginVec *dirs, const char *dir, size_t len)
{
  size_t i;
  if (dir == NULL || len == 0)
    return;
  for (i = 0; i < dirs->len; i++)
    if (strncmp (dirs->items[i], dir, len) == 0
        && ((char *) dirs->items[i])[len] == '\0')
      return;  /* searching a directory twice finds nothing new */
  vec_push (dirs, plugin_strndup (dir, len));
}

char **
el_plugin_search_dirs (const char *const *extra_dirs, bool ignore_env)
{
  PluginVec dirs = { NULL, 0, 0 };
  if (extra_dirs != NULL) {
    const char *const *d;
    for (d = extra_dirs; *d != NULL; d++)
      plugin_add_dir (&dirs, *d, strlen (*d));
  }
  /* A setuid program must not let the caller pick the code it runs. */
  if (!ignore_env && getauxval (AT_SECURE) == 0) {
    const char *env = getenv ("ELARA_PLUGIN_PATH");
    while (env != NULL) {
      const char *colon = strchr (env, ':');
      size_t n = colon != NULL ? (size_t) (colon - env) : strlen (env);
      plugin_add_dir (&dirs, env, n);
      env = colon != NULL ? colon + 1 : NULL;
    }
  }
  /* An uninstalled build prefers its own plugins: installed ones come from
  ** another build and, for a JIT, would not even match its build id. */
  if (plugin_running_uninstalled ())
    plugin_add_dir (&dirs, ELARA_BUILD_PLUGINDIR,
                    strlen (ELARA_BUILD_PLUGINDIR));
  plugin_add_dir (&dirs, ELARA_PLUGINDIR, strlen (ELARA_PLUGINDIR));
  if (dirs.items == NULL)
    return plugin_alloc (sizeof (char *));  /* { NULL } */
  return (char **) dirs.items;
}

void
el_plugin_dirs_free (char **dirs)
{
  char **d;
  if (dirs == NULL)
    return;
  for (d = dirs; *d != NULL; d++)
    free (*d);
  free (dirs);
}

/* The entry of built-in plugin 'name', or NULL. */
static const ElPluginBuiltin *
plugin_builtin_find (const char *name)
{
  const ElPluginBuiltin *b = el_plugin_builtins;
  if (b == NULL)
    return NULL;
  for (; b->name != NULL; b++)
    if (strcmp (b->name, name) == 0)
      return b;
  return NULL;
}

/* The first <dir>/<name>.so that exists, or NULL. */
static char *
plugin_find_file (char **dirs, const char *name)
{
  char *file = plugin_concat (name, strlen (name), PLUGIN_SUFFIX, NULL);
  char *found = NULL;
  char **d;
  for (d = dirs; *d != NULL && found == NULL; d++) {
    char *path = plugin_join (*d, file);
    if (plugin_is_regular (path))
      found = path;
    else
      free (path);
  }
  free (file);
  return found;
}

static char *
plugin_join_dirs (char **dirs, const char *sep)
{
  PluginBuf b = { NULL, 0, 0 };
  char **d;
  for (d = dirs; *d != NULL; d++)
    buf_printf (&b, "%s%s", d == dirs ? "" : sep, *d);
  return buf_take (&b);
}

static void
plugin_set_not_found (ElPluginError *err, const char *name, char **dirs)
{
  char *list = plugin_join_dirs (dirs, ", ");
  plugin_set_error (err, EL_PLUGIN_ERR_NOT_FOUND,
                    "plugin '%s' not found in: %s (set ELARA_PLUGIN_PATH or "
                    "use --plugin-path)", name,
                    list[0] != '\0' ? list : "(no directory)");
  free (list);
}

/* Where plugin 'spec' (a name or a file) is: a built-in entry (*builtin
** set, *path NULL) or a file (*path set).  *name is the plugin's name.
** Returns false with 'err' set when it does not exist. */
static bool
plugin_locate (char **dirs, const char *spec, char **name, char **path,
               const ElPluginBuiltin **builtin, ElPluginError *err)
{
  *builtin = NULL;
  *path = NULL;
  if (plugin_is_path (spec)) {
    const char *slash = strrchr (spec, '/');
    char *base = plugin_strndup (slash + 1, strlen (slash + 1)
                                            - strlen (PLUGIN_SUFFIX));
    if (!plugin_valid_name (base)) {
      plugin_set_error (err, EL_PLUGIN_ERR_NOT_FOUND,
                        "plugin file %s has an invalid name: plugin names "
                        "use letters, digits, '-' and '_'", spec);
      free (base);
      return false;
    }
    if (!plugin_is_regular (spec)) {
      plugin_set_error (err, EL_PLUGIN_ERR_NOT_FOUND,
                        "plugin '%s' not found: no file %s", base, spec);
      free (base);
      return false;
    }
    *name = base;
    *path = plugin_strdup (spec);
    return true;
  }
  if (!plugin_valid_name (spec)) {
    plugin_set_error (err, EL_PLUGIN_ERR_NOT_FOUND,
                      "'%s' is not a valid plugin name: plugin names use "
                      "letters, digits, '-' and '_' (or give the path of a "
                      ".so file)", spec);
    return false;
  }
  /* Built-in plugins come before the search path: a single binary must
  ** not pick up stray files of the same names. */
  *builtin = plugin_builtin_find (spec);
  if (*builtin == NULL) {
    *path = plugin_find_file (dirs, spec);
    if (*path == NULL) {
      plugin_set_not_found (err, spec, dirs);
      return false;
    }
  }
  *name = plugin_strdup (spec);
  return true;
}

/* -- Descriptor checks ---------------------------------------------------- */

static void
plugin_describe_bits (PluginBuf *b, uint32_t bits)
{
  buf_printf (b, "0x%08x: %u-byte integers, %u-byte floats, "
              "%u-byte pointers, value layout %u", (unsigned) bits,
              (unsigned) (bits & 0xff), (unsigned) ((bits >> 8) & 0xff),
              (unsigned) ((bits >> 16) & 0xff), (unsigned) (bits >> 24));
}

/* The host-side ABI check (DESIGN 2, rule 3), then the copy of what the
** plugin knows into 'out' (zeroed first: newer fields read as NULL/0).
** 'path' is the file, or PLUGIN_BUILTIN_WHERE for a built-in plugin. */
static bool
plugin_check_desc (const ElaraPluginDesc *d, const char *name,
                   const char *path, bool builtin, ElaraPluginDesc *out,
                   ElPluginError *err)
{
  const ElaraAbiHeader *h = &d->abi;
  size_t size;
  if (h->abi_major != ELARA_ABI_MAJOR) {
    plugin_set_error (err, EL_PLUGIN_ERR_ABI,
                      "plugin '%s' (%s) was built for plugin ABI %u.%u but "
                      "this elara provides ABI %u.%u: rebuild the plugin "
                      "against elara %s", name, path,
                      (unsigned) h->abi_major, (unsigned) h->abi_minor,
                      ELARA_ABI_MAJOR, ELARA_ABI_MINOR, ELARA_VERSION);
    return false;
  }
  if (h->abi_minor > ELARA_ABI_MINOR) {
    plugin_set_error (err, EL_PLUGIN_ERR_ABI,
                      "plugin '%s' (%s) needs plugin ABI %u.%u but this "
                      "elara provides only ABI %u.%u: upgrade elara or "
                      "rebuild the plugin against elara %s", name, path,
                      (unsigned) h->abi_major, (unsigned) h->abi_minor,
                      ELARA_ABI_MAJOR, ELARA_ABI_MINOR, ELARA_VERSION);
    return false;
  }
  if (h->struct_size < ELARA_PLUGIN_DESC_SIZE_1_0
      || h->struct_size > sizeof (ElaraPluginDesc)) {
    /* Smaller than 1.0 or larger than anything this host knows, with a
    ** minor we accept: the descriptor cannot be trusted. */
    char *want = ELARA_PLUGIN_DESC_SIZE_1_0 == sizeof (ElaraPluginDesc)
                 ? plugin_printf ("%zu", sizeof (ElaraPluginDesc))
                 : plugin_printf ("%zu to %zu",
                                  (size_t) ELARA_PLUGIN_DESC_SIZE_1_0,
                                  sizeof (ElaraPluginDesc));
    plugin_set_error (err, EL_PLUGIN_ERR_ABI,
                      "plugin '%s' (%s) has a %u-byte descriptor for plugin "
                      "ABI %u.%u, but this elara (ABI %u.%u) expects %s "
                      "bytes: the plugin is corrupt or built with wrong "
                      "headers; rebuild it against elara %s", name, path,
                      (unsigned) h->struct_size, (unsigned) h->abi_major,
                      (unsigned) h->abi_minor, ELARA_ABI_MAJOR,
                      ELARA_ABI_MINOR, want, ELARA_VERSION);
    free (want);
    return false;
  }
  if (h->config_bits != ELARA_CONFIG_BITS) {
    PluginBuf s = { NULL, 0, 0 };
    char *text;
    plugin_describe_bits (&s, h->config_bits);
    buf_printf (&s, ") but this elara uses configuration (");
    plugin_describe_bits (&s, ELARA_CONFIG_BITS);
    text = buf_take (&s);
    plugin_set_error (err, EL_PLUGIN_ERR_ABI,
                      "plugin '%s' (%s) was built for plugin ABI %u.%u with "
                      "configuration (%s) (this elara: ABI %u.%u): rebuild "
                      "the plugin against elara %s", name, path,
                      (unsigned) h->abi_major, (unsigned) h->abi_minor, text,
                      ELARA_ABI_MAJOR, ELARA_ABI_MINOR, ELARA_VERSION);
    free (text);
    return false;
  }

  size = h->struct_size < sizeof *out ? h->struct_size : sizeof *out;
  memset (out, 0, sizeof *out);
  memcpy (out, d, size);

  if (out->kind != ELARA_PLUGIN_KIND_LIBRARY
      && out->kind != ELARA_PLUGIN_KIND_CAPI
      && out->kind != ELARA_PLUGIN_KIND_JIT) {
    plugin_set_error (err, EL_PLUGIN_ERR_ABI,
                      "plugin '%s' (%s) declares unknown kind %d (plugin ABI "
                      "%u.%u, this elara ABI %u.%u): rebuild the plugin "
                      "against elara %s", name, path, (int) out->kind,
                      (unsigned) h->abi_major, (unsigned) h->abi_minor,
                      ELARA_ABI_MAJOR, ELARA_ABI_MINOR, ELARA_VERSION);
    return false;
  }
  if (out->name == NULL || strcmp (out->name, name) != 0) {
    const char *inner = out->name != NULL ? out->name : "(null)";
    if (builtin)
      plugin_set_error (err, EL_PLUGIN_ERR_NAME_MISMATCH,
                        "built-in plugin '%s' contains plugin '%s': fix "
                        "-Dbuiltin_plugins or the name in the plugin's "
                        "descriptor", name, inner);
    else
      plugin_set_error (err, EL_PLUGIN_ERR_NAME_MISMATCH,
                        "plugin file %s contains plugin '%s', not '%s': "
                        "rename the file to %s%s or fix the name in the "
                        "plugin's descriptor", path, inner, name, inner,
                        PLUGIN_SUFFIX);
    return false;
  }
  if (out->kind == ELARA_PLUGIN_KIND_JIT) {
    /* A JIT reads internal layouts: only the exact build it was compiled
    ** with is safe. */
    const ElJitOps *ops = out->ops;
    if (out->build_id == NULL || strcmp (out->build_id, ELARA_BUILD_ID) != 0) {
      plugin_set_error (err, EL_PLUGIN_ERR_ABI,
                        "JIT plugin '%s' (%s) was built for elara build '%s' "
                        "but this is build '%s' (plugin ABI %u.%u, this "
                        "elara ABI %u.%u): a JIT must be rebuilt together "
                        "with elara", name, path,
                        out->build_id != NULL ? out->build_id : "(none)",
                        ELARA_BUILD_ID, (unsigned) h->abi_major,
                        (unsigned) h->abi_minor, ELARA_ABI_MAJOR,
                        ELARA_ABI_MINOR);
      return false;
    }
    if (ops == NULL || ops->size != sizeof (ElJitOps)) {
      plugin_set_error (err, EL_PLUGIN_ERR_ABI,
                        "JIT plugin '%s' (%s) has no operations table of this "
                        "build (%zu bytes expected): rebuild it together "
                        "with elara %s", name, path, sizeof (ElJitOps),
                        ELARA_VERSION);
      return false;
    }
  }
  return true;
}

/* -- Process-wide objects ------------------------------------------------- */

/* One shared object or built-in plugin, shared by every state of the
** process that uses it.  Invariant: 'desc' passed every check of
** plugin_check_desc(); the strings and functions it points to stay valid
** while 'handle' is open, that is while refcount > 0 (forever for a
** built-in plugin, whose handle is NULL).  Protected by plugin_lock. */
typedef struct PluginObject {
  char *path;                  /* the file first opened (PLUGIN_BUILTIN_WHERE) */
  dev_t dev;                   /* the file's identity, whatever path or */
  ino_t ino;                   /* symlink reaches it (both 0: unknown) */
  char *name;                  /* the file's (or table's) plugin name */
  void *handle;                /* NULL for a built-in plugin */
  bool builtin;
  ElaraPluginDesc desc;        /* checked copy of the descriptor */
  unsigned refcount;           /* states (and loads in progress) using it */
  bool load_done;              /* desc.load() ran successfully */
  struct PluginObject *next;   /* in plugin_objects */
} PluginObject;

static pthread_mutex_t plugin_lock = PTHREAD_MUTEX_INITIALIZER;
static PluginObject *plugin_objects;  /* every open object, a short list */

static void
plugin_object_free (PluginObject *o)
{
  if (o->handle != NULL)
    dlclose (o->handle);
  free (o->path);
  free (o->name);
  free (o);
}

/* Record a checked object with one reference.  Caller holds the lock. */
static PluginObject *
plugin_object_add (const char *path, const char *name, void *handle,
                   bool builtin, const ElaraPluginDesc *desc)
{
  PluginObject *o = plugin_alloc (sizeof *o);
  o->path = plugin_strdup (path);
  o->name = plugin_strdup (name);
  o->dev = 0;
  o->ino = 0;
  o->handle = handle;
  o->builtin = builtin;
  o->desc = *desc;
  o->refcount = 1;
  o->next = plugin_objects;
  plugin_objects = o;
  return o;
}

/* The object of built-in plugin 'b', checked; one more reference. */
static PluginObject *
plugin_object_open_builtin (const ElPluginBuiltin *b, ElPluginError *err)
{
  PluginObject *o;
  const ElaraPluginDesc *d;
  ElaraPluginDesc local;

  pthread_mutex_lock (&plugin_lock);
  for (o = plugin_objects; o != NULL; o = o->next)
    if (o->builtin && strcmp (o->name, b->name) == 0) {
      o->refcount++;
      pthread_mutex_unlock (&plugin_lock);
      return o;
    }
  d = b->query ();
  if (d == NULL) {
    plugin_set_error (err, EL_PLUGIN_ERR_NOT_A_PLUGIN,
                      "plugin '%s' (%s) returned no descriptor: rebuild "
                      "elara %s", b->name, PLUGIN_BUILTIN_WHERE,
                      ELARA_VERSION);
    o = NULL;
  } else if (!plugin_check_desc (d, b->name, PLUGIN_BUILTIN_WHERE, true,
                                 &local, err)) {
    o = NULL;
  } else {
    o = plugin_object_add (PLUGIN_BUILTIN_WHERE, b->name, NULL, true,
                           &local);
  }
  pthread_mutex_unlock (&plugin_lock);
  return o;
}

/* Is 'o' the object of the file whose status is 'st'? */
static bool
plugin_object_is (const PluginObject *o, const struct stat *st)
{
  return (st->st_dev != 0 || st->st_ino != 0)
         && o->dev == st->st_dev && o->ino == st->st_ino;
}

/* Open (or find) the shared object at 'path' for plugin 'name' and check
** its descriptor; returns it with one more reference.  Caller holds no
** lock. */
static PluginObject *
plugin_object_open (const char *path, const char *name, ElPluginError *err)
{
  struct stat st;
  PluginObject *o;
  void *handle;
  char *sym;
  const ElaraPluginDesc *(*query) (void);
  const ElaraPluginDesc *d;
  ElaraPluginDesc local;

  /* The file is identified by device and inode, as the dynamic loader
  ** does, not by realpath(): that one call paged in ~50 KiB of libc text
  ** (docs/ARCHITECTURE.md, "Resident memory").  A file that cannot be
  ** stat'ed matches nothing; dlopen then says why it cannot be opened. */
  if (stat (path, &st) != 0)
    st.st_dev = 0, st.st_ino = 0;

  /* One shared object may hold several plugins, each reached through a
  ** file <name>.so that links to it (the standard libraries share one:
  ** plugins/meson.build), so an object is identified by file and name.
  ** The same file under a name it has no entry point for is a symlink
  ** to another plugin: a name mismatch. */
  pthread_mutex_lock (&plugin_lock);
  {
    PluginObject *samefile = NULL;   /* another plugin of this file */
    for (o = plugin_objects; o != NULL; o = o->next)
      if (!o->builtin && plugin_object_is (o, &st)) {
        if (strcmp (o->name, name) == 0)
          break;
        if (samefile == NULL)
          samefile = o;
      }
    if (o != NULL) {
      o->refcount++;
      pthread_mutex_unlock (&plugin_lock);
      return o;
    }
    o = samefile;
  }
  if (o != NULL) {
    sym = plugin_entry_symbol (name);
    if (dlsym (o->handle, sym) == NULL) {
      plugin_set_error (err, EL_PLUGIN_ERR_NAME_MISMATCH,
                        "plugin file %s (the file of %s) contains plugin "
                        "'%s', not '%s': rename the file to %s%s", path,
                        o->path, o->name, name, o->name, PLUGIN_SUFFIX);
      free (sym);
      goto fail_unlock;
    }
    free (sym);  /* another plugin of the same object: open it below */
  }

  dlerror ();
  handle = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    const char *why = dlerror ();
    plugin_set_error (err, EL_PLUGIN_ERR_NOT_A_PLUGIN,
                      "plugin '%s' (%s) is not a loadable shared object "
                      "(%s): remove the file or rebuild the plugin", name,
                      path, why != NULL ? why : "unknown error");
    goto fail_unlock;
  }
  sym = plugin_entry_symbol (name);
  dlerror ();
  *(void **) &query = dlsym (handle, sym);
  if (query == NULL) {
    plugin_set_error (err, EL_PLUGIN_ERR_NOT_A_PLUGIN,
                      "plugin '%s' (%s) has no entry point %s(): it is not "
                      "an Elara plugin, or not the plugin this file name "
                      "says; remove it from the plugin path", name, path,
                      sym);
    free (sym);
    dlclose (handle);
    goto fail_unlock;
  }
  free (sym);
  d = query ();
  if (d == NULL) {
    plugin_set_error (err, EL_PLUGIN_ERR_NOT_A_PLUGIN,
                      "plugin '%s' (%s) returned no descriptor: rebuild the "
                      "plugin against elara %s", name, path, ELARA_VERSION);
    dlclose (handle);
    goto fail_unlock;
  }
  if (!plugin_check_desc (d, name, path, false, &local, err)) {
    dlclose (handle);
    goto fail_unlock;
  }
  if (local.kind == ELARA_PLUGIN_KIND_CAPI) {
    /* The C API shim exports lua_* for classic C modules that are dlopened
    ** later: promote it to global binding, keeping the first handle. */
    void *again = dlopen (path, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    if (again == NULL) {
      const char *why = dlerror ();
      plugin_set_error (err, EL_PLUGIN_ERR_NOT_A_PLUGIN,
                        "plugin '%s' (%s) cannot be made global (%s)", name,
                        path, why != NULL ? why : "unknown error");
      dlclose (handle);
      goto fail_unlock;
    }
    dlclose (again);
  }

  o = plugin_object_add (path, name, handle, false, &local);
  o->dev = st.st_dev;
  o->ino = st.st_ino;
  pthread_mutex_unlock (&plugin_lock);
  return o;

fail_unlock:
  pthread_mutex_unlock (&plugin_lock);
  return NULL;
}

static void
plugin_object_unref (PluginObject *o)
{
  bool last;
  pthread_mutex_lock (&plugin_lock);
  last = --o->refcount == 0;
  if (last) {
    PluginObject **p = &plugin_objects;
    while (*p != o)
      p = &(*p)->next;
    *p = o->next;
  }
  pthread_mutex_unlock (&plugin_lock);
  if (last)
    plugin_object_free (o);
}

/* Run desc.load() the first time the object is used by a state. */
static bool
plugin_object_ensure_loaded (PluginObject *o, const char *path,
                             ElPluginError *err)
{
  bool ok = true;
  pthread_mutex_lock (&plugin_lock);
  if (!o->load_done && o->desc.load != NULL) {
    char buf[256] = "";
    if (o->desc.load (el_host_get (), buf, sizeof buf) != 0) {
      buf[sizeof buf - 1] = '\0';
      plugin_set_error (err, EL_PLUGIN_ERR_INIT_FAILED,
                        "plugin '%s' (%s) failed to load: %s", o->name, path,
                        buf[0] != '\0' ? buf : "no reason given");
      ok = false;
    }
  }
  if (ok)
    o->load_done = true;
  pthread_mutex_unlock (&plugin_lock);
  return ok;
}

/* -- Per-state sets ------------------------------------------------------- */

/* Per-state loader data (GlobalState.plugins). */
struct ElPluginSet {
  char **dirs;                 /* search directories, NULL-ended */
  ElJitMode jit_mode;
  PluginVec loaded;            /* PluginObject *, load order, one ref each */
  PluginVec chain;             /* names being loaded (dependency chain) */
  bool has_jit;                /* a JIT backend is installed in the state */
};

void
el_plugin_setup (GlobalState *g, const char *const *extra_dirs,
                 bool ignore_env, ElJitMode jit_mode)
{
  struct ElPluginSet *set = g->plugins;
  if (set == NULL) {
    set = plugin_alloc (sizeof *set);
    g->plugins = set;
  }
  el_plugin_dirs_free (set->dirs);
  set->dirs = el_plugin_search_dirs (extra_dirs, ignore_env);
  set->jit_mode = jit_mode;
}

static struct ElPluginSet *
plugin_set_get (GlobalState *g)
{
  if (g->plugins == NULL)  /* a state not made by elara_state_new */
    el_plugin_setup (g, NULL, false, EL_JIT_AUTO);
  return g->plugins;
}

static PluginObject *
plugin_set_find (struct ElPluginSet *set, const char *name)
{
  size_t i;
  for (i = 0; i < set->loaded.len; i++) {
    PluginObject *o = set->loaded.items[i];
    if (strcmp (o->name, name) == 0)
      return o;
  }
  return NULL;
}

bool
el_plugin_is_loaded (ElaraState *L, const char *name)
{
  return G (L)->plugins != NULL
         && plugin_set_find (G (L)->plugins, name) != NULL;
}

void
el_plugin_release (GlobalState *g)
{
  struct ElPluginSet *set = g->plugins;
  size_t i;
  if (set == NULL)
    return;
  g->plugins = NULL;
  /* Reverse load order: a plugin goes after those depending on it. */
  for (i = set->loaded.len; i > 0; i--)
    plugin_object_unref (set->loaded.items[i - 1]);
  free (set->loaded.items);
  free (set->chain.items);
  el_plugin_dirs_free (set->dirs);
  free (set);
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
static bool
plugin_run_init (ElaraState *L, PluginObject *o, const char *path,
                 ElPluginError *err)
{
  const ElaraHost *host = el_host_get ();
  int top, status;
  if (o->desc.init == NULL)
    return true;
  top = host->gettop (L);
  if (!host->checkstack (L, 3)) {
    plugin_set_error (err, EL_PLUGIN_ERR_INIT_FAILED,
                      "plugin '%s' (%s) cannot be initialised: stack "
                      "overflow", o->name, path);
    return false;
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
    plugin_set_error (err, EL_PLUGIN_ERR_INIT_FAILED,
                      "plugin '%s' (%s) failed to initialise: %s", o->name,
                      path, msg);
    host->settop (L, top);
    return false;
  }
  host->settop (L, top);
  return true;
}

static void
plugin_set_cycle (ElPluginError *err, struct ElPluginSet *set,
                  const char *name, const char *path)
{
  PluginBuf s = { NULL, 0, 0 };
  char *text;
  size_t i;
  bool in_cycle = false;
  for (i = 0; i < set->chain.len; i++) {
    const char *n = set->chain.items[i];
    in_cycle = in_cycle || strcmp (n, name) == 0;
    if (in_cycle)
      buf_printf (&s, "%s -> ", n);
  }
  buf_printf (&s, "%s", name);
  text = buf_take (&s);
  plugin_set_error (err, EL_PLUGIN_ERR_CYCLE,
                    "plugin dependency cycle %s (%s): remove one of these "
                    "dependencies from the plugins' descriptors", text,
                    path != NULL ? path : name);
  free (text);
}

static bool plugin_load_in (ElaraState *L, struct ElPluginSet *set,
                            const char *spec, ElPluginError *err);

static bool
plugin_load_deps (ElaraState *L, struct ElPluginSet *set, PluginObject *o,
                  const char *path, ElPluginError *err)
{
  const char *const *dep;
  if (o->desc.depends == NULL)
    return true;
  for (dep = o->desc.depends; *dep != NULL; dep++) {
    ElPluginError sub = EL_PLUGIN_ERROR_INIT;
    if (plugin_load_in (L, set, *dep, &sub))
      continue;
    if (sub.code == EL_PLUGIN_ERR_CYCLE) {
      plugin_propagate_error (err, &sub);  /* the chain already says it all */
    } else {
      plugin_set_error (err, EL_PLUGIN_ERR_DEPENDENCY,
                        "plugin '%s' (%s) depends on '%s', which cannot be "
                        "loaded: %s", o->name, path, *dep, sub.message);
      el_plugin_error_clear (&sub);
    }
    return false;
  }
  return true;
}

static bool
plugin_load_in (ElaraState *L, struct ElPluginSet *set, const char *spec,
                ElPluginError *err)
{
  char *name = NULL, *path = NULL;
  const ElPluginBuiltin *builtin;
  const char *where;           /* the file, or "built in", for messages */
  PluginObject *o;
  size_t i;
  bool ok;

  if (!plugin_is_path (spec) && plugin_set_find (set, spec) != NULL)
    return true;
  if (!plugin_locate (set->dirs, spec, &name, &path, &builtin, err))
    return false;
  where = builtin != NULL ? PLUGIN_BUILTIN_WHERE : path;
  if (plugin_set_find (set, name) != NULL) {  /* given as a path */
    free (name);
    free (path);
    return true;
  }
  for (i = 0; i < set->chain.len; i++)
    if (strcmp (set->chain.items[i], name) == 0) {
      plugin_set_cycle (err, set, name, where);
      free (name);
      free (path);
      return false;
    }
  o = builtin != NULL ? plugin_object_open_builtin (builtin, err)
                      : plugin_object_open (path, name, err);
  if (o == NULL) {
    free (name);
    free (path);
    return false;
  }

  vec_push (&set->chain, name);
  ok = plugin_load_deps (L, set, o, where, err);
  vec_pop (&set->chain);
  free (name);
  if (!ok)
    goto fail;
  if (plugin_set_find (set, o->name) != NULL) {
    /* Loaded meanwhile through a dependency cycle that ended in a path. */
    plugin_object_unref (o);
    free (path);
    return true;
  }
  if (o->desc.kind == ELARA_PLUGIN_KIND_JIT && set->has_jit) {
    plugin_set_error (err, EL_PLUGIN_ERR_INIT_FAILED,
                      "JIT plugin '%s' (%s) cannot be loaded: this state "
                      "already has a JIT backend (load only one)", o->name,
                      where);
    goto fail;
  }
  if (!plugin_object_ensure_loaded (o, where, err)
      || !plugin_run_init (L, o, where, err))
    goto fail;
  if (o->desc.kind == ELARA_PLUGIN_KIND_JIT) {
    el_jit_setbackend (L, o->desc.ops, set->jit_mode);
    set->has_jit = true;
  }
  vec_push (&set->loaded, o);  /* the reference moves to the set */
  free (path);
  return true;

fail:
  plugin_object_unref (o);
  free (path);
  return false;
}

bool
el_plugin_load (ElaraState *L, const char *name, ElPluginError *err)
{
  el_assert (L != NULL && name != NULL);
  el_assert (err == NULL || err->message == NULL);
  return plugin_load_in (L, plugin_set_get (G (L)), name, err);
}

/* -- Discovery ------------------------------------------------------------ */

typedef struct PluginFile {
  char *name;
  char *path;                  /* NULL for a built-in plugin */
  const ElPluginBuiltin *builtin;
} PluginFile;

static int
plugin_file_cmp (const void *a, const void *b)
{
  const PluginFile *fa = a, *fb = b;
  /* base first: every other library may rely on it */
  int ba = strcmp (fa->name, "base") == 0, bb = strcmp (fb->name, "base") == 0;
  if (ba != bb)
    return bb - ba;
  return strcmp (fa->name, fb->name);
}

typedef struct PluginFiles {
  PluginFile *items;
  size_t len, cap;
} PluginFiles;

static bool
plugin_files_has (const PluginFiles *fs, const char *name)
{
  size_t i;
  for (i = 0; i < fs->len; i++)
    if (strcmp (fs->items[i].name, name) == 0)
      return true;
  return false;
}

static void
plugin_files_add (PluginFiles *fs, char *name, char *path,
                  const ElPluginBuiltin *builtin)
{
  if (fs->len == fs->cap) {
    fs->cap = fs->cap != 0 ? 2 * fs->cap : 16;
    fs->items = plugin_realloc (fs->items, fs->cap * sizeof *fs->items);
  }
  fs->items[fs->len].name = name;
  fs->items[fs->len].path = path;
  fs->items[fs->len].builtin = builtin;
  fs->len++;
}

static void
plugin_files_free (PluginFiles *fs)
{
  size_t i;
  for (i = 0; i < fs->len; i++) {
    free (fs->items[i].name);
    free (fs->items[i].path);
  }
  free (fs->items);
}

/* Every built-in plugin, then every <name>.so of the directories whose
** name is not taken yet (the first of each name), sorted. */
static void
plugin_scan (char **dirs, PluginFiles *fs)
{
  const ElPluginBuiltin *b = el_plugin_builtins;
  char **d;
  fs->items = NULL;
  fs->len = fs->cap = 0;
  for (; b != NULL && b->name != NULL; b++)
    if (!plugin_files_has (fs, b->name))
      plugin_files_add (fs, plugin_strdup (b->name), NULL, b);
  for (d = dirs; *d != NULL; d++) {
    DIR *dir = opendir (*d);
    struct dirent *entry;
    if (dir == NULL)
      continue;
    while ((entry = readdir (dir)) != NULL) {
      char *name, *path;
      if (!plugin_has_suffix (entry->d_name, PLUGIN_SUFFIX))
        continue;
      name = plugin_strndup (entry->d_name, strlen (entry->d_name)
                                            - strlen (PLUGIN_SUFFIX));
      if (!plugin_valid_name (name) || plugin_files_has (fs, name)) {
        free (name);
        continue;
      }
      path = plugin_join (*d, entry->d_name);
      if (!plugin_is_regular (path)) {
        free (name);
        free (path);
        continue;
      }
      plugin_files_add (fs, name, path, NULL);
    }
    closedir (dir);
  }
  if (fs->len > 1)
    qsort (fs->items, fs->len, sizeof *fs->items, plugin_file_cmp);
}

static PluginObject *
plugin_file_open (const PluginFile *f, ElPluginError *err)
{
  return f->builtin != NULL ? plugin_object_open_builtin (f->builtin, err)
                            : plugin_object_open (f->path, f->name, err);
}

bool
el_plugin_load_default (ElaraState *L, ElPluginError *err)
{
  struct ElPluginSet *set;
  PluginFiles files;
  size_t i;

  el_assert (L != NULL);
  el_assert (err == NULL || err->message == NULL);
  set = plugin_set_get (G (L));
  if (!plugin_load_in (L, set, "base", err))
    return false;
  plugin_scan (set->dirs, &files);
  for (i = 0; i < files.len; i++) {
    PluginFile *f = &files.items[i];
    ElPluginError sub = EL_PLUGIN_ERROR_INIT;
    PluginObject *probe;
    ElaraPluginKind kind;
    bool is_jit = strcmp (f->name, PLUGIN_JIT_NAME) == 0;
    if (plugin_set_find (set, f->name) != NULL)
      continue;
    /* JITs for other CPUs (or any JIT when it is off) are not candidates:
    ** do not even open them, they would only produce noise. */
    if (strncmp (f->name, "jit-", 4) == 0
        && (!is_jit || set->jit_mode == EL_JIT_OFF))
      continue;
    probe = plugin_file_open (f, &sub);
    if (probe == NULL) {
      if (is_jit)
        plugin_warning ("JIT plugin '%s' cannot be used, running "
                        "interpreted: %s", f->name, sub.message);
      else
        plugin_warning ("skipping plugin '%s': %s", f->name, sub.message);
      el_plugin_error_clear (&sub);
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
    /* A file by its path (the one just probed), a built-in one by name. */
    if (!plugin_load_in (L, set, f->builtin != NULL ? f->name : f->path,
                         &sub)) {
      if (kind == ELARA_PLUGIN_KIND_JIT)
        plugin_warning ("JIT plugin '%s' cannot be used, running "
                        "interpreted: %s", f->name, sub.message);
      else
        plugin_warning ("skipping plugin '%s': %s", f->name, sub.message);
      el_plugin_error_clear (&sub);
    }
    plugin_object_unref (probe);
  }
  plugin_files_free (&files);
  return true;
}

/* -- require_plugin ------------------------------------------------------- */

static bool
plugin_provides (const PluginObject *o, const char *module)
{
  const char *const *p;
  if (strcmp (o->name, module) == 0)
    return true;
  if (o->desc.provides == NULL)
    return false;
  for (p = o->desc.provides; *p != NULL; p++)
    if (strcmp (*p, module) == 0)
      return true;
  return false;
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

/* Push a C string that is freed first: pushing may raise, and a raise
** would leak it.  Messages are cut at 1023 bytes. */
static int
plugin_push_text (ElaraState *L, char *text)
{
  char buf[1024];
  snprintf (buf, sizeof buf, "%s", text);
  free (text);
  el_host_get ()->pushstring (L, buf);
  return 0;
}

static int
plugin_push_error (ElaraState *L, ElPluginError *err)
{
  char *msg = err->message;
  err->message = NULL;
  return plugin_push_text (L, msg);
}

int
el_plugin_require (ElaraState *L, const char *name)
{
  const ElaraHost *host = el_host_get ();
  struct ElPluginSet *set = plugin_set_get (G (L));
  ElPluginError err = EL_PLUGIN_ERROR_INIT;
  const ElPluginBuiltin *builtin = NULL;
  PluginObject *o = NULL;
  char *plugin, *path = NULL, *p;
  size_t i;

  for (i = 0; i < set->loaded.len && o == NULL; i++) {
    PluginObject *q = set->loaded.items[i];
    if (plugin_provides (q, name))
      o = q;
  }
  if (o != NULL) {
    if (plugin_push_module (L, name))
      return 1;
    host->pushfstring (L, "plugin '%s' is loaded but registered no module "
                       "'%s'", o->name, name);
    return 0;
  }

  /* Module "a.b" would be plugin "a-b". */
  plugin = plugin_strdup (name);
  for (p = plugin; *p != '\0'; p++)
    if (*p == '.')
      *p = '-';
  if (plugin_valid_name (plugin)) {
    builtin = plugin_builtin_find (plugin);
    if (builtin == NULL)
      path = plugin_find_file (set->dirs, plugin);
  }
  if (builtin == NULL && path == NULL) {
    /* The format of a package.searchers entry: one "no file" per place. */
    PluginBuf s = { NULL, 0, 0 };
    char **d;
    for (d = set->dirs; *d != NULL; d++)
      buf_printf (&s, "%sno file '%s/%s%s'", d == set->dirs ? "" : "\n\t",
                  *d, plugin, PLUGIN_SUFFIX);
    free (plugin);
    return plugin_push_text (L, buf_take (&s));
  }

  o = builtin != NULL ? plugin_object_open_builtin (builtin, &err)
                      : plugin_object_open (path, plugin, &err);
  free (path);
  if (o == NULL) {
    free (plugin);
    return plugin_push_error (L, &err);
  }
  if (o->desc.kind != ELARA_PLUGIN_KIND_LIBRARY) {
    plugin_set_error (&err, EL_PLUGIN_ERR_NOT_FOUND,
                      "plugin '%s' (%s) is a %s plugin, not a library: load "
                      "it with --plugins", o->name, o->path,
                      el_plugin_kind_name (o->desc.kind));
    plugin_object_unref (o);
    free (plugin);
    return plugin_push_error (L, &err);
  }
  if (!plugin_load_in (L, set, plugin, &err)) {
    plugin_object_unref (o);
    free (plugin);
    return plugin_push_error (L, &err);
  }
  plugin_object_unref (o);  /* the set holds its own reference now */
  free (plugin);
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

size_t
el_plugin_list (const char *const *extra_dirs, bool ignore_env,
                ElPluginInfo **out)
{
  char **dirs = el_plugin_search_dirs (extra_dirs, ignore_env);
  PluginFiles files;
  ElPluginInfo *list;
  size_t i;
  plugin_scan (dirs, &files);
  list = plugin_alloc ((files.len + 1) * sizeof *list);
  for (i = 0; i < files.len; i++) {
    PluginFile *f = &files.items[i];
    ElPluginInfo *info = &list[i];
    ElPluginError err = EL_PLUGIN_ERROR_INIT;
    PluginObject *o = plugin_file_open (f, &err);
    info->name = plugin_strdup (f->name);
    info->path = plugin_strdup (f->builtin != NULL ? EL_PLUGIN_BUILTIN_PATH
                                                   : f->path);
    if (o != NULL) {
      /* Copy the strings: they live in the object, which may be closed. */
      info->version = plugin_strdup (o->desc.version != NULL
                                     ? o->desc.version : "?");
      info->description = plugin_strdup (o->desc.description);
      info->kind = o->desc.kind;
      info->abi_major = o->desc.abi.abi_major;
      info->abi_minor = o->desc.abi.abi_minor;
      plugin_object_unref (o);
    } else {
      info->version = plugin_strdup ("?");
      info->problem = err.message;  /* taken over */
    }
  }
  plugin_files_free (&files);
  el_plugin_dirs_free (dirs);
  *out = list;
  return i;
}

void
el_plugin_list_free (ElPluginInfo *list, size_t n)
{
  size_t i;
  if (list == NULL)
    return;
  for (i = 0; i < n; i++) {
    free (list[i].name);
    free (list[i].version);
    free (list[i].description);
    free (list[i].path);
    free (list[i].problem);
  }
  free (list);
}
