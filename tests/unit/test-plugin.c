/*
** test-plugin.c: the plugin loader against its fixtures (tests/plugin)
** SPDX-License-Identifier: MIT
**
** Every test builds a bare state (no plugin loaded implicitly) whose only
** extra search directory is the fixture folder, loads one fixture through
** the loader API and checks the GError code, that the message names the
** file and the versions involved, and that the state is still usable.
*/
#include "config.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "elara/elara.h"
#include "plugin.h"
#include "state.h"
#include "plugin-harness.h"

static char *fixtures_dir;

static char *
fixture_path (const char *name)
{
  char *file = g_strconcat (name, ".so", NULL);
  char *path = g_build_filename (fixtures_dir, file, NULL);
  g_free (file);
  return path;
}

static ElaraState *
new_state (void)
{
  return plugin_harness_state (fixtures_dir);
}

/* The state works: a good plugin still loads and Lua code runs. */
static void
assert_usable (ElaraState *L)
{
  const ElaraHost *H = elara_host ();
  const char *code = "return fixture_good + 1";
  GError *error = NULL;
  int top = H->gettop (L);
  g_assert_true (elara_state_load_plugin (L, "good", &error));
  g_assert_no_error (error);
  g_assert_cmpint (global_integer (L, "fixture_good"), ==, 42);
  g_assert_cmpint (H->loadbufferx (L, code, strlen (code), "=test", NULL),
                   ==, ELARA_OK);
  g_assert_cmpint (H->pcallk (L, 0, 1, 0, 0, NULL), ==, ELARA_OK);
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 43);
  H->settop (L, top);
}

/* Load 'name', expect 'code'; the message must contain every string of
** the NULL-ended list. */
static void
check_failure (const char *name, ElaraPluginError code, ...)
{
  ElaraState *L = new_state ();
  GError *error = NULL;
  const char *part;
  va_list ap;
  g_assert_false (elara_state_load_plugin (L, name, &error));
  g_assert_error (error, ELARA_PLUGIN_ERROR, (gint) code);
  g_test_message ("%s: %s", name, error->message);
  g_assert_null (strchr (error->message, '\n'));  /* one line */
  va_start (ap, code);
  while ((part = va_arg (ap, const char *)) != NULL)
    if (strstr (error->message, part) == NULL)
      g_error ("message for '%s' lacks \"%s\": %s", name, part,
               error->message);
  va_end (ap);
  g_error_free (error);
  g_assert_false (el_plugin_is_loaded (L, name));
  assert_usable (L);
  elara_state_free (L);
}

static char *
host_abi (void)
{
  return g_strdup_printf ("ABI %d.%d", ELARA_ABI_MAJOR, ELARA_ABI_MINOR);
}

/* -- Successful loads ----------------------------------------------------- */

static void
test_load_good (void)
{
  ElaraState *L = new_state ();
  GError *error = NULL;
  g_assert_true (elara_state_load_plugin (L, "good", &error));
  g_assert_no_error (error);
  g_assert_true (el_plugin_is_loaded (L, "good"));
  g_assert_cmpint (global_integer (L, "fixture_good"), ==, 42);
  /* Loading again is a no-op: init ran once. */
  g_assert_true (elara_state_load_plugin (L, "good", &error));
  g_assert_cmpint (global_integer (L, "fixture_good_inits"), ==, 1);
  assert_usable (L);
  elara_state_free (L);
}

static void
test_load_by_path (void)
{
  ElaraState *L = new_state ();
  char *path = fixture_path ("good");
  GError *error = NULL;
  g_assert_true (elara_state_load_plugin (L, path, &error));
  g_assert_no_error (error);
  g_assert_true (el_plugin_is_loaded (L, "good"));
  g_assert_true (elara_state_load_plugin (L, "good", &error));
  g_assert_cmpint (global_integer (L, "fixture_good_inits"), ==, 1);
  g_free (path);
  elara_state_free (L);
}

static void
test_dependency_first (void)
{
  ElaraState *L = new_state ();
  GError *error = NULL;
  g_assert_true (elara_state_load_plugin (L, "good-dep", &error));
  g_assert_no_error (error);
  g_assert_true (el_plugin_is_loaded (L, "good"));
  g_assert_true (el_plugin_is_loaded (L, "good-dep"));
  elara_state_free (L);
}

/* -- Failures ------------------------------------------------------------- */

static void
test_not_found (void)
{
  check_failure ("nosuch", ELARA_PLUGIN_ERROR_NOT_FOUND, "'nosuch'",
                 fixtures_dir, "ELARA_PLUGIN_PATH", "--plugin-path", NULL);
}

static void
test_invalid_name (void)
{
  check_failure ("../good", ELARA_PLUGIN_ERROR_NOT_FOUND, "'../good'", NULL);
}

static void
test_not_shared_object (void)
{
  char *path = fixture_path ("not-elf");
  check_failure ("not-elf", ELARA_PLUGIN_ERROR_NOT_A_PLUGIN, path,
                 "not a loadable shared object", NULL);
  g_free (path);
}

static void
test_no_entry_symbol (void)
{
  char *path = fixture_path ("no-entry");
  check_failure ("no-entry", ELARA_PLUGIN_ERROR_NOT_A_PLUGIN, path,
                 "elara_plugin_no_entry_query", NULL);
  g_free (path);
}

static void
test_name_mismatch (void)
{
  char *path = fixture_path ("name-mismatch");
  check_failure ("name-mismatch", ELARA_PLUGIN_ERROR_NAME_MISMATCH, path,
                 "'other-name'", "'name-mismatch'", NULL);
  g_free (path);
}

static void
test_reject_newer_major (void)
{
  char *path = fixture_path ("abi-major");
  char *mine = host_abi ();
  char *theirs = g_strdup_printf ("ABI %d.0", ELARA_ABI_MAJOR + 1);
  check_failure ("abi-major", ELARA_PLUGIN_ERROR_ABI, path, mine, theirs,
                 "rebuild", NULL);
  g_free (path);
  g_free (mine);
  g_free (theirs);
}

static void
test_reject_newer_minor (void)
{
  char *path = fixture_path ("abi-minor");
  char *mine = host_abi ();
  char *theirs = g_strdup_printf ("ABI %d.%d", ELARA_ABI_MAJOR,
                                  ELARA_ABI_MINOR + 1);
  check_failure ("abi-minor", ELARA_PLUGIN_ERROR_ABI, path, mine, theirs,
                 "upgrade elara", NULL);
  g_free (path);
  g_free (mine);
  g_free (theirs);
}

static void
test_reject_small_struct (void)
{
  char *path = fixture_path ("abi-size");
  char *mine = host_abi ();
  char *size = g_strdup_printf ("%zu-byte descriptor",
                                sizeof (ElaraAbiHeader));
  check_failure ("abi-size", ELARA_PLUGIN_ERROR_ABI, path, mine, size,
                 "rebuild", NULL);
  g_free (path);
  g_free (mine);
  g_free (size);
}

static void
test_reject_config_bits (void)
{
  char *path = fixture_path ("abi-config");
  char *mine = g_strdup_printf ("0x%08x", (unsigned) ELARA_CONFIG_BITS);
  char *theirs = g_strdup_printf ("0x%08x",
                                  (unsigned) ELARA_CONFIG_BITS + (1u << 24));
  check_failure ("abi-config", ELARA_PLUGIN_ERROR_ABI, path, mine, theirs,
                 "rebuild", NULL);
  g_free (path);
  g_free (mine);
  g_free (theirs);
}

static void
test_reject_jit_build_id (void)
{
  char *path = fixture_path ("jit-build");
  check_failure ("jit-build", ELARA_PLUGIN_ERROR_ABI, path, ELARA_BUILD_ID,
                 "0.0.0-othercc-1.0", NULL);
  g_free (path);
}

static void
test_missing_dependency (void)
{
  char *path = fixture_path ("dep-missing");
  check_failure ("dep-missing", ELARA_PLUGIN_ERROR_DEPENDENCY, path,
                 "'nosuch-dep'", "ELARA_PLUGIN_PATH", NULL);
  g_free (path);
}

static void
test_cycle (void)
{
  check_failure ("cycle-a", ELARA_PLUGIN_ERROR_CYCLE,
                 "cycle-a -> cycle-b -> cycle-a", "cycle-a.so", NULL);
}

static void
test_init_failure (void)
{
  char *path = fixture_path ("init-fail");
  check_failure ("init-fail", ELARA_PLUGIN_ERROR_INIT_FAILED, path,
                 "fixture refuses to initialise", NULL);
  g_free (path);
}

/* A failed init is not recorded: trying again runs init again. */
static void
test_init_failure_retry (void)
{
  ElaraState *L = new_state ();
  GError *error = NULL;
  g_assert_false (elara_state_load_plugin (L, "init-fail", &error));
  g_clear_error (&error);
  g_assert_false (elara_state_load_plugin (L, "init-fail", &error));
  g_assert_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_INIT_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (elara_host ()->gettop (L), ==, 0);
  elara_state_free (L);
}

/* -- Kinds ---------------------------------------------------------------- */

/* A capi plugin's exports are bound globally (for later C modules). */
static void
test_capi_global (void)
{
  ElaraState *L = new_state ();
  GError *error = NULL;
  g_assert_null (dlsym (RTLD_DEFAULT, "elara_fixture_capi_symbol"));
  g_assert_true (elara_state_load_plugin (L, "capi-global", &error));
  g_assert_no_error (error);
  g_assert_nonnull (dlsym (RTLD_DEFAULT, "elara_fixture_capi_symbol"));
  elara_state_free (L);
}

/* A JIT of this build is accepted and installed; code still runs (its
** backend refuses every function, so the interpreter keeps going). */
static void
test_jit_accepted (void)
{
  const ElaraHost *H = elara_host ();
  const char *code = "local s = 0 for i = 1, 1000 do s = s + i end return s";
  ElaraState *L = new_state ();
  GError *error = NULL;
  g_assert_true (elara_state_load_plugin (L, "jit-ok", &error));
  g_assert_no_error (error);
  g_assert_true (el_plugin_is_loaded (L, "jit-ok"));
  g_assert_nonnull (G (L)->jit);
  g_assert_cmpint (H->loadbufferx (L, code, strlen (code), "=jit", NULL), ==,
                   ELARA_OK);
  g_assert_cmpint (H->pcallk (L, 0, 1, 0, 0, NULL), ==, ELARA_OK);
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 500500);
  H->settop (L, 0);
  elara_state_free (L);
}

/* -- require_plugin, listing, lifetime ------------------------------------ */

static void
test_require_on_demand (void)
{
  const ElaraHost *H = elara_host ();
  ElaraState *L = new_state ();
  g_assert_cmpint (el_plugin_require (L, "good"), ==, 1);
  g_assert_cmpint (H->type (L, -1), ==, ELARA_TTABLE);
  g_assert_cmpint (H->getfield (L, -1, "answer"), ==, ELARA_TFUNCTION);
  H->settop (L, 0);
  g_assert_true (el_plugin_is_loaded (L, "good"));
  /* Already loaded: the same table again, no second init. */
  g_assert_cmpint (el_plugin_require (L, "good"), ==, 1);
  g_assert_cmpint (global_integer (L, "fixture_good_inits"), ==, 1);
  H->settop (L, 0);
  g_assert_cmpint (el_plugin_require (L, "nosuch"), ==, 0);
  g_assert_nonnull (strstr (H->tolstring (L, -1, NULL), "no file '"));
  H->settop (L, 0);
  g_assert_cmpint (el_plugin_require (L, "abi-major"), ==, 0);
  g_assert_nonnull (strstr (H->tolstring (L, -1, NULL), "ABI"));
  H->settop (L, 0);
  elara_state_free (L);
}

static void
test_list (void)
{
  const char *dirs[] = { fixtures_dir, NULL };
  ElPluginInfo *list;
  size_t i, n = el_plugin_list (dirs, TRUE, &list);
  gboolean seen_good = FALSE, seen_major = FALSE;
  for (i = 0; i < n; i++) {
    ElPluginInfo *p = &list[i];
    if (strcmp (p->name, "good") == 0) {
      char *path = fixture_path ("good");
      seen_good = TRUE;
      g_assert_null (p->problem);
      g_assert_cmpstr (p->version, ==, "1.2.3");
      g_assert_cmpint (p->kind, ==, ELARA_PLUGIN_KIND_LIBRARY);
      g_assert_cmpuint (p->abi_major, ==, ELARA_ABI_MAJOR);
      g_assert_cmpstr (p->path, ==, path);
      g_free (path);
    } else if (strcmp (p->name, "abi-major") == 0) {
      seen_major = TRUE;
      g_assert_nonnull (p->problem);
    }
  }
  g_assert_true (seen_good);
  g_assert_true (seen_major);
  el_plugin_list_free (list, n);
}

/* The shared object stays mapped while any state that used it lives. */
static void
test_refcount (void)
{
  char *path = fixture_path ("good");
  char *real = realpath (path, NULL);
  ElaraState *a = new_state (), *b = new_state ();
  GError *error = NULL;
  void *h;
  g_assert_true (elara_state_load_plugin (a, "good", &error));
  g_assert_true (elara_state_load_plugin (b, "good", &error));
  g_assert_no_error (error);
  elara_state_free (a);
  h = dlopen (real, RTLD_NOW | RTLD_NOLOAD);
  g_assert_nonnull (h);
  dlclose (h);
  assert_usable (b);
  elara_state_free (b);
  h = dlopen (real, RTLD_NOW | RTLD_NOLOAD);
  g_assert_null (h);
  free (real);
  g_free (path);
}

int
main (int argc, char *argv[])
{
  int status;
  g_test_init (&argc, &argv, NULL);
  fixtures_dir = g_test_build_filename (G_TEST_BUILT, "plugin", "fixtures",
                                        NULL);

  g_test_add_func ("/plugin/load/good", test_load_good);
  g_test_add_func ("/plugin/load/by-path", test_load_by_path);
  g_test_add_func ("/plugin/load/dependency-first", test_dependency_first);
  g_test_add_func ("/plugin/load/not-found", test_not_found);
  g_test_add_func ("/plugin/load/invalid-name", test_invalid_name);
  g_test_add_func ("/plugin/load/not-a-shared-object", test_not_shared_object);
  g_test_add_func ("/plugin/load/no-entry-symbol", test_no_entry_symbol);
  g_test_add_func ("/plugin/load/name-mismatch", test_name_mismatch);
  g_test_add_func ("/plugin/abi/reject-newer-major", test_reject_newer_major);
  g_test_add_func ("/plugin/abi/reject-newer-minor", test_reject_newer_minor);
  g_test_add_func ("/plugin/abi/reject-small-struct", test_reject_small_struct);
  g_test_add_func ("/plugin/abi/reject-config-bits", test_reject_config_bits);
  g_test_add_func ("/plugin/abi/reject-jit-build-id", test_reject_jit_build_id);
  g_test_add_func ("/plugin/deps/missing", test_missing_dependency);
  g_test_add_func ("/plugin/deps/cycle", test_cycle);
  g_test_add_func ("/plugin/init/failure", test_init_failure);
  g_test_add_func ("/plugin/init/failure-retry", test_init_failure_retry);
  g_test_add_func ("/plugin/kind/capi-global-binding", test_capi_global);
  g_test_add_func ("/plugin/kind/jit-accepted", test_jit_accepted);
  g_test_add_func ("/plugin/require/on-demand", test_require_on_demand);
  g_test_add_func ("/plugin/list/fixtures", test_list);
  g_test_add_func ("/plugin/release/refcount", test_refcount);

  status = g_test_run ();
  g_free (fixtures_dir);
  return status;
}
