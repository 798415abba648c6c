/*
** plugin.h: the plugin loader (discovery, ABI checks, dependencies,
** per-state initialisation, process-wide lifetime of loaded objects)
** SPDX-License-Identifier: MIT
**
** A plugin named N is the file N.so in one of the search directories; its
** only exported symbol is elara_plugin_<N with '-' -> '_'>_query().  The
** loader keeps two levels of bookkeeping:
**
**  - process-wide: one record per shared object (canonical path), holding
**    the dlopen handle and a reference count.  An object is dlclose'd only
**    when no state references it any more, so code and descriptor strings
**    stay mapped while any state that used the plugin lives;
**  - per state (GlobalState.plugins): the search directories and the
**    plugins initialised in that state, in load order, each holding one
**    reference on its process-wide record.
**
** Every failure is a GError in ELARA_PLUGIN_ERROR (elara.h) and leaves the
** state as it was: a plugin is recorded in a state only after its
** dependencies loaded and its init() succeeded.
*/
#ifndef EL_PLUGIN_H
#define EL_PLUGIN_H

#include <glib.h>

#include "elara/elara.h"
#include "jit.h"
#include "state.h"

/* One line of `elara --list-plugins` (strings owned by the info). */
typedef struct ElPluginInfo {
  char *name;
  char *version;
  char *description;
  char *path;
  ElaraPluginKind kind;
  unsigned abi_major;
  unsigned abi_minor;
  char *problem;               /* why it cannot be loaded, or NULL */
} ElPluginInfo;

/* Attach the loader's per-state data to 'g': search directories are
** 'extra_dirs' (NULL-ended, may be NULL), then ELARA_PLUGIN_PATH unless
** 'ignore_env' or the process is setuid/setgid (AT_SECURE), then the
** build tree's plugin folder when this executable runs uninstalled from it,
** then the install directory.  'jit_mode' applies to a JIT plugin loaded
** later.  Calling it again replaces the search directories. */
EL_FUNC void el_plugin_setup (GlobalState *g, const char *const *extra_dirs,
                              gboolean ignore_env, ElJitMode jit_mode);

/* Load plugin 'name' (a short name such as "string", or a path ending in
** ".so") and its dependencies into L's state, running each one's init()
** once per state.  Loading a plugin already present is a no-op. */
EL_FUNC gboolean el_plugin_load (ElaraState *L, const char *name,
                                 GError **error);

/* Load the default set: base first, every other library plugin found,
** capi when present, and the JIT for this CPU when present and the JIT
** mode allows it.  Only a failure of base is an error; other plugins that
** cannot load are skipped with a GLib warning (log domain "Elara"). */
EL_FUNC gboolean el_plugin_load_default (ElaraState *L, GError **error);

/* Is plugin 'name' loaded in L's state? */
EL_FUNC gboolean el_plugin_is_loaded (ElaraState *L, const char *name);

/* The require_plugin service of the host vtable: load the library plugin
** providing Lua module 'name' on demand.  Returns 1 and pushes the library
** table, or 0 and pushes a message: "no file '<dir>/<name>.so'" lines
** joined with "\n\t" when no such plugin exists (the format of a
** package.searchers entry), or the loader's one-line error. */
EL_FUNC int el_plugin_require (ElaraState *L, const char *name);

/* Every plugin found in the search directories (the first file of each
** name, sorted by name), probed without running any init().  Free with
** g_ptr_array_unref. */
EL_FUNC GPtrArray *el_plugin_list (const char *const *extra_dirs,
                                   gboolean ignore_env);

/* The search directories that el_plugin_setup would use (for messages and
** --list-plugins), as a NULL-ended array to free with g_strfreev. */
EL_FUNC char **el_plugin_search_dirs (const char *const *extra_dirs,
                                      gboolean ignore_env);

/* Human name of a plugin kind: "library", "capi", "jit". */
EL_FUNC const char *el_plugin_kind_name (ElaraPluginKind kind);

/* Drop the state's references on its plugins and free the loader's
** per-state data.  Called by el_state_close after every object of the
** state is freed and after the JIT backend shut down (the code of
** finalizers, C functions and the JIT lives in the plugins). */
EL_FUNC void el_plugin_release (GlobalState *g);

#endif /* EL_PLUGIN_H */
