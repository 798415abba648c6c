/*
** jit_embed.c: ask for the JIT in mode "always" and run a hot loop.  A JIT
** is an optimisation, not a requirement: when no JIT plugin for this CPU
** is installed the state is created all the same and runs in the
** interpreter, with the same results.
** SPDX-License-Identifier: MIT
*/
#include <stdio.h>
#include <stdlib.h>

#include <elara/elara.h>

static const char *
mode_name (ElaraJitMode mode)
{
  switch (mode) {
  case ELARA_JIT_OFF: return "off";
  case ELARA_JIT_AUTO: return "auto";
  case ELARA_JIT_ALWAYS: return "always";
  default: return "?";
  }
}

int
main (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) results = NULL;
  ElaraConfig config;
  ElaraState *L;
  ElaraJitMode mode;
  gint64 n = 0;

  elara_config_init (&config);
  config.jit = ELARA_JIT_ALWAYS;  /* compile at the first call or loop */
  L = elara_state_new (&config, &error);
  if (L == NULL) {
    fprintf (stderr, "jit_embed: %s\n", error->message);
    return EXIT_FAILURE;
  }
  mode = elara_state_get_jit_mode (L);
  printf ("requested JIT mode: %s\n", mode_name (config.jit));
  printf ("effective JIT mode: %s (%s)\n", mode_name (mode),
          mode == ELARA_JIT_OFF ? "no JIT plugin: interpreter"
                                : "JIT backend loaded");

  results = elara_eval (L,
      "local function fib(n) if n < 2 then return n end "
      "return fib(n - 1) + fib(n - 2) end "
      "local s = 0 for i = 1, 100000 do s = s + i % 7 end "
      "return fib(24) + s", &error);
  if (results == NULL
      || !elara_value_get_integer (g_ptr_array_index (results, 0), &n)) {
    fprintf (stderr, "jit_embed: %s\n",
             error != NULL ? error->message : "no result");
    elara_state_free (L);
    return EXIT_FAILURE;
  }
  printf ("fib(24) + sum(i %% 7) = %" G_GINT64_FORMAT "\n", n);
  elara_state_free (L);
  return EXIT_SUCCESS;
}
