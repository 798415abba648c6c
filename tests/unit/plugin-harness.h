/*
** plugin-harness.h: helpers shared by the loader's unit tests
** (test-plugin.c, test-plugin-builtin.c)
** SPDX-License-Identifier: MIT
*/
#ifndef EL_TEST_PLUGIN_HARNESS_H
#define EL_TEST_PLUGIN_HARNESS_H

#include <glib.h>

#include "elara/elara.h"

/* A bare state (no plugin loaded) whose search path is 'dir' only. */
static ElaraState *
plugin_harness_state (const char *dir)
{
  const char *dirs[] = { dir, NULL };
  ElaraConfig config;
  GError *error = NULL;
  ElaraState *L;
  elara_config_init (&config);
  config.bare = TRUE;
  config.plugin_path = dirs;
  config.ignore_env = TRUE;
  L = elara_state_new (&config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (L);
  return L;
}

/* The integer value of global 'name' (0 when it is not a number). */
static ElaraInteger
global_integer (ElaraState *L, const char *name)
{
  const ElaraHost *H = elara_host ();
  ElaraInteger v;
  H->getglobal (L, name);
  v = H->tointegerx (L, -1, NULL);
  H->settop (L, -2);
  return v;
}

#endif /* EL_TEST_PLUGIN_HARNESS_H */
