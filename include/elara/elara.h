/*
** elara.h: the Elara embedding API
** SPDX-License-Identifier: MIT
**
** A host program creates a state from an #ElaraConfig, chooses which
** plugins (standard libraries, the C API shim, a JIT backend) it loads, and
** drives the state through the #ElaraHost vtable of elara-plugin.h, whose
** slots have the semantics of the Lua 5.5 C API.  Failures at this
** boundary are reported as #GError in the domains %ELARA_ERROR and
** %ELARA_PLUGIN_ERROR; caller mistakes (NULL where a value is required) are
** checked with g_return_val_if_fail().
**
** This is the first, minimal version of the API: it is completed (values,
** calls, error conversion) by later work, always by appending.
*/
#ifndef ELARA_H
#define ELARA_H

#include <stddef.h>

#include <glib.h>

#include "elara/elara-plugin.h"

G_BEGIN_DECLS

#if defined(__GNUC__)
#define ELARA_API __attribute__ ((visibility ("default"))) extern
#else
#define ELARA_API extern
#endif

/**
 * ELARA_VERSION_STRING:
 *
 * The version of the Elara runtime these headers belong to.
 */
#define ELARA_VERSION_STRING "0.1.0"

/* -- Errors --------------------------------------------------------------- */

/**
 * ELARA_ERROR:
 *
 * Error domain of the embedding API (state creation, loading and running
 * code).  Errors in this domain use #ElaraError codes.
 */
#define ELARA_ERROR (elara_error_quark ())

/**
 * ElaraError:
 * @ELARA_ERROR_NOMEM: the allocator failed (or the memory limit was hit)
 * @ELARA_ERROR_RUNTIME: a Lua error while running code
 * @ELARA_ERROR_SYNTAX: a chunk did not compile
 * @ELARA_ERROR_FILE: a file could not be read
 *
 * Error codes of %ELARA_ERROR.
 */
typedef enum {
  ELARA_ERROR_NOMEM,
  ELARA_ERROR_RUNTIME,
  ELARA_ERROR_SYNTAX,
  ELARA_ERROR_FILE
} ElaraError;

/**
 * ELARA_PLUGIN_ERROR:
 *
 * Error domain of the plugin loader.  Errors in this domain use
 * #ElaraPluginError codes; every message is one line that names the
 * plugin file, the ABI versions involved where they matter, and what to do.
 */
#define ELARA_PLUGIN_ERROR (elara_plugin_error_quark ())

/**
 * ElaraPluginError:
 * @ELARA_PLUGIN_ERROR_NOT_FOUND: no file `<name>.so` in any search directory
 *   (or the name is not a valid plugin name)
 * @ELARA_PLUGIN_ERROR_NOT_A_PLUGIN: the file is not a loadable shared object,
 *   or it has no `elara_plugin_<name>_query` entry point
 * @ELARA_PLUGIN_ERROR_ABI: ABI major/minor, descriptor size, configuration
 *   bits or (for a JIT) build id do not match this runtime
 * @ELARA_PLUGIN_ERROR_NAME_MISMATCH: the descriptor's name differs from the
 *   file's name
 * @ELARA_PLUGIN_ERROR_DEPENDENCY: a declared dependency could not be loaded
 * @ELARA_PLUGIN_ERROR_CYCLE: the declared dependencies form a cycle
 * @ELARA_PLUGIN_ERROR_INIT_FAILED: the plugin's init() (or once-per-process
 *   load()) reported an error
 *
 * Error codes of %ELARA_PLUGIN_ERROR.
 */
typedef enum {
  ELARA_PLUGIN_ERROR_NOT_FOUND,
  ELARA_PLUGIN_ERROR_NOT_A_PLUGIN,
  ELARA_PLUGIN_ERROR_ABI,
  ELARA_PLUGIN_ERROR_NAME_MISMATCH,
  ELARA_PLUGIN_ERROR_DEPENDENCY,
  ELARA_PLUGIN_ERROR_CYCLE,
  ELARA_PLUGIN_ERROR_INIT_FAILED
} ElaraPluginError;

ELARA_API GQuark elara_error_quark (void);
ELARA_API GQuark elara_plugin_error_quark (void);

/* -- Configuration -------------------------------------------------------- */

/**
 * ElaraJitMode:
 * @ELARA_JIT_OFF: never load or use a JIT backend
 * @ELARA_JIT_AUTO: use the JIT for this CPU when it is installed and usable;
 *   a JIT of the default set that cannot be used is skipped with a warning
 * @ELARA_JIT_ALWAYS: compile at the first call/loop instead of waiting for
 *   hot counters (for testing backends)
 *
 * How a state uses a JIT backend plugin.
 */
typedef enum {
  ELARA_JIT_OFF,
  ELARA_JIT_AUTO,
  ELARA_JIT_ALWAYS
} ElaraJitMode;

/**
 * ElaraConfig:
 * @struct_size: set by elara_config_init(); lets a newer library read a
 *   config made by an older program
 * @alloc: (nullable): the state's allocator (lua_Alloc semantics: free when
 *   @nsize is 0, may return %NULL); %NULL for the default allocator built on
 *   realloc() and free()
 * @alloc_ud: passed to @alloc
 * @memory_limit: bytes the state may allocate; 0 for no limit.  An
 *   allocation beyond it fails with a Lua memory error
 * @plugins: (nullable) (array zero-terminated=1): plugin names to load, in
 *   order, after `base` (which is always loaded first unless @bare is set),
 *   each with its declared dependencies.  %NULL loads the default set: every
 *   library plugin found, `capi` and the JIT for this CPU when present
 * @bare: load nothing implicitly, not even `base`: exactly @plugins (for
 *   tests and minimal embeddings)
 * @plugin_path: (nullable) (array zero-terminated=1): directories searched
 *   for plugins before `ELARA_PLUGIN_PATH` and the install directory
 * @ignore_env: ignore environment variables (`ELARA_PLUGIN_PATH`, and for
 *   the libraries `LUA_PATH` and friends, as `lua -E` does)
 * @jit: the JIT mode
 *
 * Options for elara_state_new().  Always initialise one with
 * elara_config_init() and then change the fields you care about, so fields
 * added by later versions get their defaults.
 */
typedef struct {
  guint32 struct_size;
  ElaraAlloc alloc;
  gpointer alloc_ud;
  gsize memory_limit;
  const char *const *plugins;
  gboolean bare;
  const char *const *plugin_path;
  gboolean ignore_env;
  ElaraJitMode jit;
  /*< private >*/
  gpointer reserved[8];
} ElaraConfig;

/**
 * elara_config_init:
 * @config: (out caller-allocates): the configuration to fill
 *
 * Fill @config with the defaults: default allocator, no memory limit, the
 * default plugin set, no extra plugin directories, environment honoured,
 * JIT mode %ELARA_JIT_AUTO.
 */
ELARA_API void elara_config_init (ElaraConfig *config);

/* -- States --------------------------------------------------------------- */

/**
 * elara_state_new:
 * @config: (nullable): options, or %NULL for the defaults of
 *   elara_config_init()
 * @error: return location for a #GError, or %NULL
 *
 * Create a Lua state and load its plugins as @config says.
 *
 * Returns: (transfer full) (nullable): the main thread of the new state,
 *   or %NULL with @error set (%ELARA_ERROR_NOMEM, or an
 *   %ELARA_PLUGIN_ERROR when a plugin could not be loaded)
 */
ELARA_API ElaraState *elara_state_new (const ElaraConfig *config,
                                       GError **error);

/**
 * elara_state_free:
 * @L: (transfer full) (nullable): any thread of the state
 *
 * Close the state: run pending finalizers and `__close` handlers, free all
 * its memory and release its plugins.
 */
ELARA_API void elara_state_free (ElaraState *L);

/**
 * elara_state_thread:
 * @L: any thread of a state
 *
 * Returns: (transfer none): the state's main thread, the #ElaraState to
 *   pass to #ElaraHost slots when no other thread is at hand
 */
ELARA_API ElaraState *elara_state_thread (ElaraState *L);

/**
 * elara_state_load_plugin:
 * @L: a state
 * @name: a plugin name ("string", "jit-x86_64") or the path of a plugin
 *   file ending in ".so"
 * @error: return location for a #GError, or %NULL
 *
 * Load plugin @name, after its declared dependencies, into the state.
 * Loading a plugin that is already loaded does nothing.  On failure the
 * state is unchanged and usable.
 *
 * Returns: %TRUE on success, %FALSE with @error set (%ELARA_PLUGIN_ERROR)
 */
ELARA_API gboolean elara_state_load_plugin (ElaraState *L, const char *name,
                                            GError **error);

/**
 * elara_host:
 *
 * Returns: (transfer none): the host vtable (ABI
 *   %ELARA_ABI_MAJOR.%ELARA_ABI_MINOR) through which an embedder, like a
 *   plugin, operates on states
 */
ELARA_API const ElaraHost *elara_host (void);

/**
 * elara_version:
 *
 * Returns: (transfer none): the runtime's version, e.g. "0.1.0"
 */
ELARA_API const char *elara_version (void);

G_END_DECLS

#endif /* ELARA_H */
