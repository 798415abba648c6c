/*
** elara.h: the Elara embedding API
** SPDX-License-Identifier: MIT
**
** A host program creates a state from an #ElaraConfig, chooses which
** plugins (standard libraries, the C API shim, a JIT backend) it loads, and
** then works with it at one of two levels:
**
**  - the value level of this header: elara_eval() and elara_call() run
**    code and return #ElaraValue handles; elara_register_function() and
**    elara_userdata_register_type() expose C functions and C types to Lua
**    with typed argument conversion;
**  - the stack level of the #ElaraHost vtable (elara-plugin.h, elara_host()),
**    whose slots have the semantics of the Lua 5.5 C API, for everything
**    else.  elara_value_push() and elara_value_new_from_stack() bridge the
**    two.
**
** Every function of the value level runs Lua in protected mode: Lua errors,
** memory errors included, come back as #GError in the domain %ELARA_ERROR
** (with the Lua traceback, elara_error_get_traceback()); loader failures
** in %ELARA_PLUGIN_ERROR.  Caller mistakes (NULL where a value is required)
** are checked with g_return_val_if_fail().  docs/EMBEDDING.md is the guide.
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
 * code, native functions).  Errors in this domain use #ElaraError codes and
 * carry the Lua traceback (elara_error_get_traceback()).
 */
#define ELARA_ERROR (elara_error_quark ())

/**
 * ElaraError:
 * @ELARA_ERROR_MEMORY: the allocator failed or the memory limit was hit
 *   (Lua's `LUA_ERRMEM`); the state stays usable
 * @ELARA_ERROR_RUNTIME: a Lua error while running code (`LUA_ERRRUN`)
 * @ELARA_ERROR_SYNTAX: a chunk did not compile (`LUA_ERRSYNTAX`)
 * @ELARA_ERROR_FILE: a file could not be read (`LUA_ERRFILE`)
 * @ELARA_ERROR_HANDLER: an error while handling an error (`LUA_ERRERR`)
 * @ELARA_ERROR_INVALID: an invalid request: a malformed signature, an
 *   unregistered userdata type, a type registered twice
 *
 * Error codes of %ELARA_ERROR.
 */
typedef enum {
  ELARA_ERROR_MEMORY,
  ELARA_ERROR_RUNTIME,
  ELARA_ERROR_SYNTAX,
  ELARA_ERROR_FILE,
  ELARA_ERROR_HANDLER,
  ELARA_ERROR_INVALID
} ElaraError;

/**
 * ELARA_ERROR_NOMEM:
 *
 * The first name of %ELARA_ERROR_MEMORY, kept for old code.
 */
#define ELARA_ERROR_NOMEM ELARA_ERROR_MEMORY

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

/**
 * elara_error_quark:
 *
 * Returns: the quark of %ELARA_ERROR
 */
ELARA_API GQuark elara_error_quark (void);

/**
 * elara_plugin_error_quark:
 *
 * Returns: the quark of %ELARA_PLUGIN_ERROR
 */
ELARA_API GQuark elara_plugin_error_quark (void);

/**
 * elara_error_get_traceback:
 * @error: an error of the domain %ELARA_ERROR
 *
 * The Lua traceback (`stack traceback:` and one line per level) taken
 * where a runtime error was raised.  Syntax and memory errors have none.
 *
 * Returns: (transfer none) (nullable): the traceback, owned by @error, or
 *   %NULL when there is none
 */
ELARA_API const char *elara_error_get_traceback (const GError *error);

/* -- Configuration -------------------------------------------------------- */

/**
 * ElaraJitMode:
 * @ELARA_JIT_OFF: never load or use a JIT backend
 * @ELARA_JIT_AUTO: use the JIT for this CPU when it is installed and usable;
 *   a JIT of the default set that cannot be used is skipped with a warning
 * @ELARA_JIT_ALWAYS: as %ELARA_JIT_AUTO, but a backend compiles at the
 *   first call or loop instead of waiting for hot counters (for testing
 *   backends)
 *
 * How a state uses a JIT backend plugin.  A JIT is an optimisation, never
 * a requirement: in every mode a state whose default set has no usable JIT
 * runs in the interpreter, with the same results.  Only a JIT plugin named
 * explicitly (in #ElaraConfig.plugins or to elara_state_load_plugin()) that
 * cannot load is an error.  elara_state_get_jit_mode() tells what a state
 * actually does.
 */
typedef enum {
  ELARA_JIT_OFF,
  ELARA_JIT_AUTO,
  ELARA_JIT_ALWAYS
} ElaraJitMode;

/**
 * ElaraWarningFunc:
 * @message: one complete warning (the pieces of a multi-part warning are
 *   joined), without a trailing newline
 * @user_data: #ElaraConfig.warning_data
 *
 * Receives the warnings of a state (Lua's `warn()`, warnings of the
 * runtime) while they are on.  The control messages `@on` and `@off`
 * switch them and are not passed on.
 */
typedef void (*ElaraWarningFunc) (const char *message, gpointer user_data);

/**
 * ElaraConfig:
 * @struct_size: set by elara_config_init(); lets a newer library read a
 *   config made by an older program
 * @alloc: (nullable): the state's allocator (lua_Alloc semantics: free when
 *   @nsize is 0, may return %NULL); %NULL for the default allocator built on
 *   realloc() and free()
 * @alloc_ud: passed to @alloc
 * @memory_limit: bytes the state may allocate; 0 for no limit.  An
 *   allocation beyond it fails with a Lua memory error (%ELARA_ERROR_MEMORY
 *   at this API), after which the state is still usable
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
 * @warning_func: (nullable): receives the state's warnings; %NULL prints
 *   them to stderr as `Lua warning: ...` like the reference interpreter
 * @warning_data: passed to @warning_func
 * @warnings_on: whether warnings start on (the default, %TRUE); Lua code
 *   switches them with `warn("@on")` and `warn("@off")`
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
  ElaraWarningFunc warning_func;
  gpointer warning_data;
  gboolean warnings_on;
  /*< private >*/
  gpointer reserved[8];
} ElaraConfig;

/**
 * elara_config_init:
 * @config: (out caller-allocates): the configuration to fill
 *
 * Fill @config with the defaults: default allocator, no memory limit, the
 * default plugin set, no extra plugin directories, environment honoured,
 * JIT mode %ELARA_JIT_AUTO, warnings on and printed to stderr.
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
 *   or %NULL with @error set (%ELARA_ERROR_MEMORY, or an
 *   %ELARA_PLUGIN_ERROR when a plugin could not be loaded)
 */
ELARA_API ElaraState *elara_state_new (const ElaraConfig *config,
                                       GError **error);

/**
 * elara_state_free:
 * @L: (transfer full) (nullable): any thread of the state
 *
 * Close the state: run pending finalizers and `__close` handlers, free all
 * its memory and release its plugins.  #ElaraValue handles of the state
 * that are still alive become dead (type %ELARA_TNONE); they must still be
 * freed with elara_value_free().
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
 * Load plugin @name, after its declared dependencies, into the (live)
 * state: a library plugin sets its global table, as at creation.  Loading
 * a plugin that is already loaded does nothing.  On failure the state is
 * unchanged and usable.
 *
 * Returns: %TRUE on success, %FALSE with @error set (%ELARA_PLUGIN_ERROR)
 */
ELARA_API gboolean elara_state_load_plugin (ElaraState *L, const char *name,
                                            GError **error);

/**
 * elara_state_has_plugin:
 * @L: a state
 * @name: a plugin name
 *
 * Returns: whether plugin @name is loaded in the state of @L
 */
ELARA_API gboolean elara_state_has_plugin (ElaraState *L, const char *name);

/**
 * elara_state_get_jit_mode:
 * @L: a state
 *
 * The JIT mode the state actually runs with: the configured mode when a
 * JIT backend is loaded, %ELARA_JIT_OFF when the state runs in the
 * interpreter only (JIT off, or no usable JIT plugin installed).
 *
 * Returns: the effective #ElaraJitMode
 */
ELARA_API ElaraJitMode elara_state_get_jit_mode (ElaraState *L);

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

/* -- Values --------------------------------------------------------------- */

/**
 * ElaraValue:
 *
 * An opaque handle on one Lua value of a state.  A handle keeps its value
 * alive (it is anchored in the registry), so it stays valid across garbage
 * collections for as long as the handle lives, whatever Lua does.  Free
 * each handle once with elara_value_free() (g_autoptr(ElaraValue) does it).
 *
 * Handles are owned by the program, not by Lua: use them from C only, in
 * the thread that runs the state.  Closing the state turns the handles
 * still alive into dead ones (type %ELARA_TNONE), which may still be freed.
 */
typedef struct ElaraValue ElaraValue;

/**
 * elara_value_new_nil:
 * @L: a state
 *
 * Returns: (transfer full): a handle on nil
 */
ELARA_API ElaraValue *elara_value_new_nil (ElaraState *L);

/**
 * elara_value_new_boolean:
 * @L: a state
 * @b: the value
 *
 * Returns: (transfer full): a handle on the boolean @b
 */
ELARA_API ElaraValue *elara_value_new_boolean (ElaraState *L, gboolean b);

/**
 * elara_value_new_integer:
 * @L: a state
 * @i: the value
 *
 * Returns: (transfer full): a handle on the integer @i
 */
ELARA_API ElaraValue *elara_value_new_integer (ElaraState *L, gint64 i);

/**
 * elara_value_new_number:
 * @L: a state
 * @n: the value
 *
 * Returns: (transfer full): a handle on the float @n
 */
ELARA_API ElaraValue *elara_value_new_number (ElaraState *L, double n);

/**
 * elara_value_new_string:
 * @L: a state
 * @s: (array length=len): the bytes of the string
 * @len: the length of @s, or -1 when @s is nul-terminated
 *
 * Create a Lua string (a copy of @s; it may contain zeros).
 *
 * Returns: (transfer full) (nullable): a handle on the string, or %NULL
 *   when the state ran out of memory
 */
ELARA_API ElaraValue *elara_value_new_string (ElaraState *L, const char *s,
                                              gssize len);

/**
 * elara_value_new_table:
 * @L: a state
 *
 * Returns: (transfer full) (nullable): a handle on a new empty table, or
 *   %NULL when the state ran out of memory
 */
ELARA_API ElaraValue *elara_value_new_table (ElaraState *L);

/**
 * elara_value_new_from_stack:
 * @L: a thread of a state
 * @idx: a valid stack index of @L (#ElaraHost conventions)
 *
 * Make a handle on the value at @idx (which stays on the stack).
 *
 * Returns: (transfer full) (nullable): the handle, or %NULL when the state
 *   ran out of memory
 */
ELARA_API ElaraValue *elara_value_new_from_stack (ElaraState *L, int idx);

/**
 * elara_value_push:
 * @L: a thread of the state @value belongs to
 * @value: a handle
 *
 * Push the value of @value onto the stack of @L (as an #ElaraHost slot
 * would); a dead handle pushes nil.  The caller must have room on the stack
 * (one slot, see #ElaraHost.checkstack).
 */
ELARA_API void elara_value_push (ElaraState *L, const ElaraValue *value);

/**
 * elara_value_copy:
 * @value: a handle
 *
 * Returns: (transfer full) (nullable): a second handle on the same value
 *   (the same table, the same userdata), or %NULL when the state ran out
 *   of memory
 */
ELARA_API ElaraValue *elara_value_copy (const ElaraValue *value);

/**
 * elara_value_free:
 * @value: (transfer full) (nullable): a handle
 *
 * Release the handle; the value may then be collected.
 */
ELARA_API void elara_value_free (ElaraValue *value);

/**
 * elara_value_type:
 * @value: a handle
 *
 * Returns: the Lua type of the value: %ELARA_TNIL, %ELARA_TBOOLEAN,
 *   %ELARA_TNUMBER, %ELARA_TSTRING, %ELARA_TTABLE, %ELARA_TFUNCTION,
 *   %ELARA_TUSERDATA, %ELARA_TLIGHTUSERDATA, %ELARA_TTHREAD, or
 *   %ELARA_TNONE for a dead handle
 */
ELARA_API int elara_value_type (const ElaraValue *value);

/**
 * elara_value_type_name:
 * @value: a handle
 *
 * Returns: (transfer none): the name of the value's type as Lua's `type()`
 *   gives it ("number", "string", ...), "no value" for a dead handle
 */
ELARA_API const char *elara_value_type_name (const ElaraValue *value);

/**
 * elara_value_is_nil:
 * @value: a handle
 *
 * Returns: whether the value is nil (a dead handle counts as nil)
 */
ELARA_API gboolean elara_value_is_nil (const ElaraValue *value);

/**
 * elara_value_is_integer:
 * @value: a handle
 *
 * Returns: whether the value is a number of the integer subtype
 */
ELARA_API gboolean elara_value_is_integer (const ElaraValue *value);

/**
 * elara_value_get_boolean:
 * @value: a handle
 *
 * Returns: the truth of the value as Lua sees it: %FALSE for nil and
 *   false, %TRUE for everything else (0 and "" included)
 */
ELARA_API gboolean elara_value_get_boolean (const ElaraValue *value);

/**
 * elara_value_get_integer:
 * @value: a handle
 * @out: (out) (optional): the integer
 *
 * Convert the value to an integer as Lua's `math.tointeger` and
 * `lua_tointegerx` do: integers, floats with an exact integer value and
 * strings that convert to such numbers.
 *
 * Returns: %TRUE when the value converts (and @out is set)
 */
ELARA_API gboolean elara_value_get_integer (const ElaraValue *value,
                                            gint64 *out);

/**
 * elara_value_get_number:
 * @value: a handle
 * @out: (out) (optional): the float
 *
 * Convert the value to a float as `lua_tonumberx` does: numbers and
 * strings that convert to numbers.
 *
 * Returns: %TRUE when the value converts (and @out is set)
 */
ELARA_API gboolean elara_value_get_number (const ElaraValue *value,
                                           double *out);

/**
 * elara_value_get_string:
 * @value: a handle
 * @len: (out) (optional): the length of the string in bytes
 *
 * The bytes of a string value (they may contain zeros; a zero always
 * follows the last byte).  Numbers are not converted: use
 * elara_value_to_string() for display.
 *
 * Returns: (transfer none) (nullable): the string, valid while @value
 *   lives, or %NULL when the value is not a string
 */
ELARA_API const char *elara_value_get_string (const ElaraValue *value,
                                              gsize *len);

/**
 * elara_value_get_userdata:
 * @value: a handle
 * @type_name: (nullable): the type registered with
 *   elara_userdata_register_type(), or %NULL to accept any full userdata
 *
 * Returns: (transfer none) (nullable): the memory block of a full userdata
 *   of type @type_name, valid while @value lives, or %NULL when the value
 *   is not one
 */
ELARA_API gpointer elara_value_get_userdata (const ElaraValue *value,
                                             const char *type_name);

/**
 * elara_value_to_string:
 * @value: a handle
 * @error: return location for a #GError, or %NULL
 *
 * Convert any value to text as Lua's `tostring()` does (so `__tostring`
 * and `__name` are honoured).
 *
 * Returns: (transfer full) (nullable): the text, to free with g_free(), or
 *   %NULL with @error set when a `__tostring` metamethod failed
 */
ELARA_API char *elara_value_to_string (const ElaraValue *value,
                                       GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ElaraValue, elara_value_free)

/* -- Running code --------------------------------------------------------- */

/**
 * elara_eval:
 * @L: a state
 * @code: Lua source text (a chunk; binary chunks are refused)
 * @error: return location for a #GError, or %NULL
 *
 * Compile and run @code as a chunk, in protected mode.  The chunk name
 * used in messages is the code itself, as with `luaL_dostring`:
 * `[string "return 40 + 2"]:1:`.
 *
 * Returns: (transfer full) (nullable) (element-type ElaraValue): every
 *   value the chunk returned, in order (an empty array when it returned
 *   none; the array frees its handles), or %NULL with @error set
 *   (%ELARA_ERROR_SYNTAX, %ELARA_ERROR_RUNTIME, %ELARA_ERROR_MEMORY, ...)
 */
ELARA_API GPtrArray *elara_eval (ElaraState *L, const char *code,
                                 GError **error);

/**
 * elara_call:
 * @L: a state
 * @function: the value to call (a function, or a value with `__call`)
 * @n_args: the number of arguments
 * @args: (array length=n_args) (nullable): the arguments (transfer none;
 *   a %NULL element passes nil)
 * @error: return location for a #GError, or %NULL
 *
 * Call @function in protected mode.
 *
 * Returns: (transfer full) (nullable) (element-type ElaraValue): the
 *   results, as for elara_eval(), or %NULL with @error set
 */
ELARA_API GPtrArray *elara_call (ElaraState *L, const ElaraValue *function,
                                 guint n_args, ElaraValue *const *args,
                                 GError **error);

/**
 * elara_call_global:
 * @L: a state
 * @name: a global name, or a dotted path through tables ("string.format")
 * @n_args: the number of arguments
 * @args: (array length=n_args) (nullable): the arguments (transfer none;
 *   a %NULL element passes nil)
 * @error: return location for a #GError, or %NULL
 *
 * Look @name up (with metamethods, as Lua code would) and call it in
 * protected mode.  A missing function is the runtime error
 * `attempt to call a nil value (global 'name')`.
 *
 * Returns: (transfer full) (nullable) (element-type ElaraValue): the
 *   results, as for elara_eval(), or %NULL with @error set
 */
ELARA_API GPtrArray *elara_call_global (ElaraState *L, const char *name,
                                        guint n_args, ElaraValue *const *args,
                                        GError **error);

/**
 * elara_get_global:
 * @L: a state
 * @name: a global name
 *
 * Read a global variable without metamethods (a raw read of `_G`).
 *
 * Returns: (transfer full) (nullable): a handle on its value (nil when it
 *   is not set), or %NULL when the state ran out of memory
 */
ELARA_API ElaraValue *elara_get_global (ElaraState *L, const char *name);

/**
 * elara_set_global:
 * @L: a state
 * @name: a global name
 * @value: (nullable): the new value; %NULL sets nil
 * @error: return location for a #GError, or %NULL
 *
 * Set a global variable (a raw write of `_G`).
 *
 * Returns: %TRUE on success, %FALSE with @error set (%ELARA_ERROR_MEMORY)
 */
ELARA_API gboolean elara_set_global (ElaraState *L, const char *name,
                                     const ElaraValue *value, GError **error);

/* -- Native functions ----------------------------------------------------- */

/**
 * ElaraArg:
 * @b: a boolean (signature letter `b`)
 * @i: an integer (`i`)
 * @n: a float (`n`)
 * @s: a string (`s`): arguments are borrowed (valid during the call);
 *   results are (transfer full), allocated with g_malloc(), freed by Elara
 * @p: a userdata block (`u`, `u{Type}`)
 * @v: any value (`v`): arguments are borrowed handles (valid during the
 *   call); results are (transfer full) handles, freed by Elara; %NULL is nil
 *
 * One argument or result of a native function, converted as the letter of
 * its signature says.
 */
typedef union {
  gboolean b;
  gint64 i;
  double n;
  const char *s;
  gpointer p;
  ElaraValue *v;
} ElaraArg;

/**
 * ElaraFunction:
 * @L: the thread that calls the function
 * @args: (array): the arguments, converted as the signature says
 * @results: (array) (out caller-allocates): the results to fill, all
 *   zeroed on entry
 * @user_data: the data given at registration
 * @error: return location for a #GError
 *
 * A C function exposed to Lua with a typed signature.  It must not raise
 * Lua errors itself (no #ElaraHost error slots): it reports failure by
 * returning %FALSE with @error set, and Elara raises a Lua error with the
 * message of @error, prefixed with the caller's position like `error()`.
 * Results are ignored then (results of type `s` and `v` set before the
 * failure are still freed).  It may call the functions of this header.
 *
 * Returns: %TRUE on success
 */
typedef gboolean (*ElaraFunction) (ElaraState *L, const ElaraArg *args,
                                   ElaraArg *results, gpointer user_data,
                                   GError **error);

/**
 * ELARA_MAX_ARGS:
 *
 * The largest number of arguments, and of results, a signature may have.
 */
#define ELARA_MAX_ARGS 16

/**
 * elara_register_function:
 * @L: a state
 * @name: the global name to set
 * @signature: the argument letters, `>`, the result letters (see below)
 * @func: (scope notified): the function
 * @user_data: (closure func): passed to @func
 * @notify: (destroy user_data) (nullable): called on @user_data when the
 *   function is collected or the state closes
 * @error: return location for a #GError, or %NULL
 *
 * Expose @func to Lua as the global @name.  The signature says how Lua
 * values become #ElaraArg and back, one letter per argument before `>` and
 * one per result after it (spaces are ignored):
 *
 * - `b`: boolean (any Lua value, by its truth);
 * - `i`: integer (a number with an exact integer value, or a string that
 *   converts to one);
 * - `n`: float (a number or a numeric string);
 * - `s`: string (numbers are converted);
 * - `u{Type}`: a full userdata of the registered type `Type` (the block);
 *   `u` alone accepts any full userdata;
 * - `v`: any value, even nil or absent, as an #ElaraValue.
 *
 * A Lua argument that does not convert is an error with the reference
 * wording, `bad argument #1 to 'add' (number expected, got string)`.
 * Arguments beyond the signature are ignored.  "ii>i" is a function of two
 * integers returning one.
 *
 * Returns: %TRUE on success, %FALSE with @error set (%ELARA_ERROR_INVALID
 *   for a malformed signature, %ELARA_ERROR_MEMORY)
 */
ELARA_API gboolean elara_register_function (ElaraState *L, const char *name,
                                            const char *signature,
                                            ElaraFunction func,
                                            gpointer user_data,
                                            GDestroyNotify notify,
                                            GError **error);

/* -- Userdata ------------------------------------------------------------- */

/**
 * ElaraMethod:
 * @name: the method name; names starting with `__` are metamethods
 *   (`__tostring`, `__add`, `__eq`, `__len`, `__call`, `__index`, ...)
 * @signature: as for elara_register_function(); the object itself is the
 *   first argument (`u{Type}` for a method called as `obj:name()`)
 * @func: the function
 * @user_data: passed to @func
 *
 * One method of a userdata type.  A list of methods ends with an entry
 * whose @name is %NULL.
 */
typedef struct {
  const char *name;
  const char *signature;
  ElaraFunction func;
  gpointer user_data;
} ElaraMethod;

/**
 * elara_userdata_register_type:
 * @L: a state
 * @type_name: the type name (the metatable's `__name`, used in messages
 *   such as `Point expected, got number`)
 * @methods: (array zero-terminated=1) (nullable): the methods
 * @finalize: (nullable): called with the block of each object of this type
 *   when it is collected (or the state closes), to release what it owns
 * @error: return location for a #GError, or %NULL
 *
 * Register a userdata type: a metatable in the registry under @type_name
 * (as `luaL_newmetatable`) whose `__index` is the table of the methods
 * not starting with `__` (unless @methods has its own `__index`).
 *
 * Returns: %TRUE on success, %FALSE with @error set (%ELARA_ERROR_INVALID
 *   when the name is taken or a signature is malformed,
 *   %ELARA_ERROR_MEMORY)
 */
ELARA_API gboolean elara_userdata_register_type (ElaraState *L,
                                                 const char *type_name,
                                                 const ElaraMethod *methods,
                                                 GDestroyNotify finalize,
                                                 GError **error);

/**
 * elara_userdata_new:
 * @L: a state
 * @type_name: a type registered with elara_userdata_register_type()
 * @size: the size of the memory block
 * @data: (out) (optional) (transfer none): the block (zeroed, owned by Lua,
 *   valid while the object is alive)
 * @error: return location for a #GError, or %NULL
 *
 * Create a full userdata of type @type_name.  Inside a native function,
 * return it through a `v` result to give it to Lua.
 *
 * Returns: (transfer full) (nullable): a handle on the new object, or
 *   %NULL with @error set (%ELARA_ERROR_INVALID for an unknown type,
 *   %ELARA_ERROR_MEMORY)
 */
ELARA_API ElaraValue *elara_userdata_new (ElaraState *L,
                                          const char *type_name, gsize size,
                                          gpointer *data, GError **error);

G_END_DECLS

#endif /* ELARA_H */
