/*
** test-plugin-builtin.c: the loader's table of built-in plugins
** SPDX-License-Identifier: MIT
**
** -Dbuiltin_plugins links plugins into the launcher and libelara.so
** through a generated table.  This program supplies its own table (the
** loader's reference to it is weak) with loader fixtures compiled in
** (ELARA_PLUGIN_BUILTIN), so the built-in path is tested in every build:
** a built-in plugin is found by name before the search path, goes through
** the descriptor checks, is part of the default set and of the listing,
** and its file (the fixtures also exist as .so) is never opened.
*/
#include "config.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "elara/elara.h"
#include "plugin.h"
#include "state.h"
#include "plugin-harness.h"

EL_FUNC const ElaraPluginDesc *elara_plugin_good_query (void);
EL_FUNC const ElaraPluginDesc *elara_plugin_good_dep_query (void);
EL_FUNC const ElaraPluginDesc *elara_plugin_abi_major_query (void);

/* As plugins/builtin-table.c.in generates it, plus an entry whose name
** does not match its descriptor. */
const ElPluginBuiltin el_plugin_builtins[] = {
  { "good", elara_plugin_good_query },
  { "good-dep", elara_plugin_good_dep_query },
  { "abi-major", elara_plugin_abi_major_query },
  { "renamed", elara_plugin_good_query },
  { NULL, NULL }
};

static char *fixtures_dir;

/* Is the fixture file <name>.so mapped into this process? */
static gboolean
fixture_mapped (const char *name)
{
  char *file = g_strconcat (name, ".so", NULL);
  char *path = g_build_filename (fixtures_dir, file, NULL);
  char *real = realpath (path, NULL);
  void *h = real != NULL ? dlopen (real, RTLD_NOW | RTLD_NOLOAD) : NULL;
  g_assert_nonnull (real);  /* the file exists: only the table hides it */
  if (h != NULL)
    dlclose (h);
  free (real);
  g_free (path);
  g_free (file);
  return h != NULL;
}

/* A bare state whose search path has the fixture files of the same names
** (which must lose against the table). */
static ElaraState *
new_state (void)
{
  return plugin_harness_state (fixtures_dir);
}

static void
test_by_name (void)
{
  ElaraState *L = new_state ();
  GError *error = NULL;
  g_assert_true (elara_state_load_plugin (L, "good", &error));
  g_assert_no_error (error);
  g_assert_true (el_plugin_is_loaded (L, "good"));
  g_assert_cmpint (global_integer (L, "fixture_good"), ==, 42);
  g_assert_true (elara_state_load_plugin (L, "good", &error));
  g_assert_cmpint (global_integer (L, "fixture_good_inits"), ==, 1);
  g_assert_false (fixture_mapped ("good"));
  elara_state_free (L);
}

static void
test_dependency (void)
{
  ElaraState *L = new_state ();
  GError *error = NULL;
  g_assert_true (elara_state_load_plugin (L, "good-dep", &error));
  g_assert_no_error (error);
  g_assert_true (el_plugin_is_loaded (L, "good"));
  g_assert_true (el_plugin_is_loaded (L, "good-dep"));
  g_assert_false (fixture_mapped ("good"));
  g_assert_false (fixture_mapped ("good-dep"));
  elara_state_free (L);
}

/* The same checks as for a file, with "(built in)" for the path. */
static void
test_abi_checked (void)
{
  ElaraState *L = new_state ();
  GError *error = NULL;
  char *mine = g_strdup_printf ("ABI %d.%d", ELARA_ABI_MAJOR,
                                ELARA_ABI_MINOR);
  char *theirs = g_strdup_printf ("ABI %d.0", ELARA_ABI_MAJOR + 1);
  g_assert_false (elara_state_load_plugin (L, "abi-major", &error));
  g_assert_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_ABI);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "'abi-major' (built in)"));
  g_assert_nonnull (strstr (error->message, mine));
  g_assert_nonnull (strstr (error->message, theirs));
  g_clear_error (&error);
  g_assert_false (el_plugin_is_loaded (L, "abi-major"));
  g_assert_false (fixture_mapped ("abi-major"));
  g_free (mine);
  g_free (theirs);
  elara_state_free (L);
}

static void
test_name_mismatch (void)
{
  ElaraState *L = new_state ();
  GError *error = NULL;
  g_assert_false (elara_state_load_plugin (L, "renamed", &error));
  g_assert_error (error, ELARA_PLUGIN_ERROR,
                  ELARA_PLUGIN_ERROR_NAME_MISMATCH);
  g_assert_nonnull (strstr (error->message, "built-in plugin 'renamed' "
                                            "contains plugin 'good'"));
  g_clear_error (&error);
  elara_state_free (L);
}

static void
test_require (void)
{
  const ElaraHost *H = elara_host ();
  ElaraState *L = new_state ();
  g_assert_cmpint (el_plugin_require (L, "good"), ==, 1);
  g_assert_cmpint (H->type (L, -1), ==, ELARA_TTABLE);
  H->settop (L, 0);
  g_assert_true (el_plugin_is_loaded (L, "good"));
  g_assert_false (fixture_mapped ("good"));
  elara_state_free (L);
}

static void
test_list (void)
{
  const char *dirs[] = { fixtures_dir, NULL };
  ElPluginInfo *list;
  size_t i, n = el_plugin_list (dirs, TRUE, &list);
  int goods = 0;
  gboolean seen_major = FALSE, seen_renamed = FALSE, seen_file = FALSE;
  for (i = 0; i < n; i++) {
    ElPluginInfo *p = &list[i];
    if (strcmp (p->name, "good") == 0) {
      goods++;
      g_assert_null (p->problem);
      g_assert_cmpstr (p->version, ==, "1.2.3");
      g_assert_cmpstr (p->path, ==, EL_PLUGIN_BUILTIN_PATH);
    } else if (strcmp (p->name, "abi-major") == 0) {
      seen_major = TRUE;
      g_assert_cmpstr (p->path, ==, EL_PLUGIN_BUILTIN_PATH);
      g_assert_nonnull (p->problem);
    } else if (strcmp (p->name, "renamed") == 0) {
      seen_renamed = TRUE;
      g_assert_nonnull (p->problem);
    } else if (strcmp (p->name, "cycle-a") == 0) {
      seen_file = TRUE;  /* files of other names still show */
      g_assert_cmpstr (p->path, !=, EL_PLUGIN_BUILTIN_PATH);
    }
  }
  g_assert_cmpint (goods, ==, 1);  /* the table shadows good.so */
  g_assert_true (seen_major);
  g_assert_true (seen_renamed);
  g_assert_true (seen_file);
  el_plugin_list_free (list, n);
  g_assert_false (fixture_mapped ("good"));
}

/* The default set takes the built-in plugins (those that pass the checks;
** the others are skipped with a warning in GLib's domain "Elara"). */
static void
test_default_set (void)
{
  ElaraConfig config;
  GError *error = NULL;
  ElaraState *L;
  elara_config_init (&config);
  config.ignore_env = TRUE;
  g_test_expect_message ("Elara", G_LOG_LEVEL_WARNING,
                         "skipping plugin 'abi-major': *(built in)*");
  g_test_expect_message ("Elara", G_LOG_LEVEL_WARNING,
                         "skipping plugin 'renamed': *");
  L = elara_state_new (&config, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_true (el_plugin_is_loaded (L, "base"));
  g_assert_true (el_plugin_is_loaded (L, "good"));
  g_assert_true (el_plugin_is_loaded (L, "good-dep"));
  g_assert_false (el_plugin_is_loaded (L, "abi-major"));
  g_assert_cmpint (global_integer (L, "fixture_good_inits"), ==, 1);
  elara_state_free (L);
}

int
main (int argc, char *argv[])
{
  int status;
  g_test_init (&argc, &argv, NULL);
  fixtures_dir = g_test_build_filename (G_TEST_BUILT, "plugin", "fixtures",
                                        NULL);

  g_test_add_func ("/plugin-builtin/load/by-name", test_by_name);
  g_test_add_func ("/plugin-builtin/load/dependency", test_dependency);
  g_test_add_func ("/plugin-builtin/check/abi", test_abi_checked);
  g_test_add_func ("/plugin-builtin/check/name-mismatch", test_name_mismatch);
  g_test_add_func ("/plugin-builtin/require", test_require);
  g_test_add_func ("/plugin-builtin/list", test_list);
  g_test_add_func ("/plugin-builtin/default-set", test_default_set);

  status = g_test_run ();
  g_free (fixtures_dir);
  return status;
}
