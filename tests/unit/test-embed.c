/*
** test-embed.c: the embedding API of elara.h (configuration, states,
** allocator and memory limit)
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "elara/elara.h"

static int
run (ElaraState *L, const char *code)
{
  const ElaraHost *H = elara_host ();
  int status = H->loadbufferx (L, code, strlen (code), "=test", NULL);
  if (status == ELARA_OK)
    status = H->pcallk (L, 0, 1, 0, 0, NULL);
  return status;
}

static ElaraState *
bare_state (ElaraConfig *config)
{
  GError *error = NULL;
  ElaraState *L;
  config->bare = TRUE;
  config->ignore_env = TRUE;
  L = elara_state_new (config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (L);
  return L;
}

static void
test_config_defaults (void)
{
  ElaraConfig config;
  memset (&config, 0xff, sizeof config);
  elara_config_init (&config);
  g_assert_cmpuint (config.struct_size, ==, sizeof config);
  g_assert_null (config.alloc);
  g_assert_cmpuint (config.memory_limit, ==, 0);
  g_assert_null (config.plugins);
  g_assert_false (config.bare);
  g_assert_null (config.plugin_path);
  g_assert_false (config.ignore_env);
  g_assert_cmpint (config.jit, ==, ELARA_JIT_AUTO);
}

static void
test_bare_state (void)
{
  const ElaraHost *H = elara_host ();
  ElaraConfig config;
  ElaraState *L;
  elara_config_init (&config);
  L = bare_state (&config);
  g_assert_true (elara_state_thread (L) == L);
  g_assert_cmpint (run (L, "return 6 * 7"), ==, ELARA_OK);
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 42);
  /* -E semantics: the registry flag the package library looks for. */
  g_assert_cmpint (H->getfield (L, ELARA_REGISTRYINDEX, "LUA_NOENV"), ==,
                   ELARA_TBOOLEAN);
  elara_state_free (L);
  elara_state_free (NULL);
}

static void
test_missing_plugin (void)
{
  const char *plugins[] = { "nosuch-plugin", NULL };
  ElaraConfig config;
  GError *error = NULL;
  elara_config_init (&config);
  config.bare = TRUE;
  config.plugins = plugins;
  g_assert_null (elara_state_new (&config, &error));
  g_assert_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "'nosuch-plugin'"));
  g_error_free (error);
}

/* A counting allocator: every byte handed out comes back by the end. */
typedef struct {
  size_t live;
  size_t calls;
} Counter;

static void *
counting_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  Counter *c = ud;
  size_t old = ptr != NULL ? osize : 0;
  void *block;
  c->calls++;
  if (nsize == 0) {
    free (ptr);
    c->live -= old;
    return NULL;
  }
  block = realloc (ptr, nsize);
  if (block != NULL)
    c->live = c->live - old + nsize;
  return block;
}

static void
test_custom_allocator (void)
{
  Counter counter = { 0, 0 };
  ElaraConfig config;
  ElaraState *L;
  elara_config_init (&config);
  config.alloc = counting_alloc;
  config.alloc_ud = &counter;
  L = bare_state (&config);
  g_assert_cmpuint (counter.calls, >, 0);
  g_assert_cmpint (run (L, "local t = {} for i = 1, 1000 do t[i] = {} end"
                           " return #t"), ==, ELARA_OK);
  elara_state_free (L);
  g_assert_cmpuint (counter.live, ==, 0);
}

/* Past the limit allocation fails as a Lua memory error; the state lives. */
static void
test_memory_limit (void)
{
  const ElaraHost *H = elara_host ();
  ElaraConfig config;
  ElaraState *L;
  elara_config_init (&config);
  config.memory_limit = 512 * 1024;
  L = bare_state (&config);
  g_assert_cmpint (run (L, "local t = {} for i = 1, 1e7 do t[i] = i end"),
                   ==, ELARA_ERRMEM);
  H->settop (L, 0);
  g_assert_cmpint (run (L, "return 40 + 2"), ==, ELARA_OK);
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 42);
  elara_state_free (L);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/embed/config/defaults", test_config_defaults);
  g_test_add_func ("/embed/state/bare", test_bare_state);
  g_test_add_func ("/embed/state/missing-plugin", test_missing_plugin);
  g_test_add_func ("/embed/state/custom-allocator", test_custom_allocator);
  g_test_add_func ("/embed/state/memory-limit", test_memory_limit);
  return g_test_run ();
}
