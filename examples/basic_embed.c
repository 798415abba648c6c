/*
** basic_embed.c: the smallest useful embedding of Elara: evaluate
** `return 40 + 2`, expose a typed C function `add`, and show the error a
** bad argument gives
** SPDX-License-Identifier: MIT
**
**   cc basic_embed.c $(pkg-config --cflags --libs elara) -o basic_embed
*/
#include <stdio.h>
#include <stdlib.h>

#include <elara/elara.h>

/* add(a, b): signature "ii>i", two integers in, one integer out.  The
** arguments arrive converted; bad ones never get here. */
static gboolean
add (ElaraState *L, const ElaraArg *args, ElaraArg *results,
     gpointer user_data, GError **error)
{
  results[0].i = args[0].i + args[1].i;
  return TRUE;
}

/* Evaluate 'code' and print its first result, or the error. */
static void
show (ElaraState *L, const char *code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) results = elara_eval (L, code, &error);
  gint64 n;

  if (results == NULL) {
    printf ("%s\n  -> error (%s): %s\n", code,
            error->code == ELARA_ERROR_RUNTIME ? "runtime" : "other",
            error->message);
    if (elara_error_get_traceback (error) != NULL)
      printf ("%s\n", elara_error_get_traceback (error));
    return;
  }
  if (results->len > 0
      && elara_value_get_integer (g_ptr_array_index (results, 0), &n))
    printf ("%s\n  -> %" G_GINT64_FORMAT "\n", code, n);
}

int
main (void)
{
  g_autoptr (GError) error = NULL;
  ElaraState *L;

  L = elara_state_new (NULL, &error);  /* default configuration */
  if (L == NULL) {
    fprintf (stderr, "basic_embed: %s\n", error->message);
    return EXIT_FAILURE;
  }
  show (L, "return 40 + 2");

  if (!elara_register_function (L, "add", "ii>i", add, NULL, NULL, &error)) {
    fprintf (stderr, "basic_embed: %s\n", error->message);
    elara_state_free (L);
    return EXIT_FAILURE;
  }
  show (L, "return add(2, 3)");
  show (L, "return add('two', 3)");
  show (L, "return add(1.5, 3)");

  elara_state_free (L);
  return EXIT_SUCCESS;
}
