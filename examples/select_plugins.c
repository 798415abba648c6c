/*
** select_plugins.c: a state with only the plugins the program chooses.
** Without the `string` plugin the global `string` is nil; loading the
** plugin into the live state brings it in.
** SPDX-License-Identifier: MIT
*/
#include <stdio.h>
#include <stdlib.h>

#include <elara/elara.h>

static void
show (ElaraState *L, const char *code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) results = elara_eval (L, code, &error);
  guint i;

  printf ("%s\n  ->", code);
  if (results == NULL) {
    printf (" error: %s\n", error->message);
    return;
  }
  for (i = 0; i < results->len; i++) {
    g_autofree char *text = elara_value_to_string (
        g_ptr_array_index (results, i), NULL);
    printf (" %s", text);
  }
  printf ("\n");
}

int
main (void)
{
  /* base is always loaded first; then exactly these (and what they
  ** declare as dependencies) */
  static const char *const plugins[] = { "math", NULL };
  g_autoptr (GError) error = NULL;
  ElaraConfig config;
  ElaraState *L;

  elara_config_init (&config);
  config.plugins = plugins;
  L = elara_state_new (&config, &error);
  if (L == NULL) {
    fprintf (stderr, "select_plugins: %s\n", error->message);
    return EXIT_FAILURE;
  }
  printf ("plugins: base=%d math=%d string=%d\n",
          elara_state_has_plugin (L, "base"),
          elara_state_has_plugin (L, "math"),
          elara_state_has_plugin (L, "string"));
  show (L, "return type(math), type(string)");
  show (L, "return math.max(3, 7), ('x'):upper()");

  /* load one more plugin into the live state */
  if (!elara_state_load_plugin (L, "string", &error)) {
    fprintf (stderr, "select_plugins: %s\n", error->message);
    elara_state_free (L);
    return EXIT_FAILURE;
  }
  printf ("loaded string: string=%d\n", elara_state_has_plugin (L, "string"));
  show (L, "return type(string), ('x'):upper()");

  /* a plugin that does not exist: a GError, the state is unchanged */
  if (!elara_state_load_plugin (L, "no-such-plugin", &error))
    printf ("no-such-plugin: %s\n",
            error->code == ELARA_PLUGIN_ERROR_NOT_FOUND ? "not found"
                                                        : error->message);
  show (L, "return 1 + 1");

  elara_state_free (L);
  return EXIT_SUCCESS;
}
