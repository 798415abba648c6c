/*
** embed.c: the public embedding API (elara.h): configuration, creation and
** destruction of states, plugin loading, error domains
** SPDX-License-Identifier: MIT
*/
#include "config.h"
#include "elara/elara.h"   /* own (public) header first */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "host.h"
#include "jit.h"
#include "plugin.h"
#include "state.h"

G_DEFINE_QUARK (elara-error-quark, elara_error)
G_DEFINE_QUARK (elara-plugin-error-quark, elara_plugin_error)

/* Per-state data of the embedding layer (GlobalState.embed).  It is also
** the allocator's user data, so it must outlive el_state_close, which
** frees the state's last blocks through it. */
typedef struct EmbedData {
  ElaraAlloc alloc;            /* the embedder's allocator (never NULL) */
  void *alloc_ud;
  size_t limit;                /* 0 = none */
  size_t used;                 /* bytes currently allocated */
  gboolean warn_on;            /* warnings are emitted */
  gboolean warn_cont;          /* inside a multi-part warning */
} EmbedData;

/* -- Allocation ----------------------------------------------------------- */

static void *
embed_default_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  (void) ud;
  (void) osize;
  if (nsize == 0) {
    free (ptr);
    return NULL;
  }
  return realloc (ptr, nsize);
}

/* Wraps the embedder's allocator to enforce the memory limit.  For a new
** block (ptr == NULL) 'osize' is a type tag, not a size: it counts as 0. */
static void *
embed_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  EmbedData *e = ud;
  size_t old = ptr != NULL ? osize : 0;
  void *block;
  if (e->limit != 0 && nsize > old && e->used - old + nsize > e->limit)
    return NULL;  /* the core turns this into a memory error */
  block = e->alloc (e->alloc_ud, ptr, osize, nsize);
  if (block != NULL || nsize == 0)
    e->used = e->used - old + nsize;
  return block;
}

/* -- Warnings and panics -------------------------------------------------- */

/* Like the stand-alone reference: "Lua warning: " then the pieces; a
** message "@on"/"@off" (not a continuation) switches warnings. */
static void
embed_warn (void *ud, const char *msg, int tocont)
{
  EmbedData *e = ud;
  if (!e->warn_cont && msg[0] == '@') {
    if (strcmp (msg, "@on") == 0)
      e->warn_on = TRUE;
    else if (strcmp (msg, "@off") == 0)
      e->warn_on = FALSE;
    return;  /* other control messages are ignored */
  }
  if (e->warn_on) {
    if (!e->warn_cont)
      fputs ("Lua warning: ", stderr);
    fputs (msg, stderr);
    if (!tocont)
      fputs ("\n", stderr);
    fflush (stderr);
  }
  e->warn_cont = tocont != 0;
}

static int
embed_panic (ElaraState *L)
{
  const ElaraHost *host = el_host_get ();
  const char *msg = host->type (L, -1) == ELARA_TSTRING
                    ? host->tolstring (L, -1, NULL)
                    : "error object is not a string";
  fprintf (stderr, "PANIC: unprotected error in call to Lua API (%s)\n", msg);
  fflush (stderr);
  return 0;  /* the core aborts */
}

/* -- Public API ----------------------------------------------------------- */

void
elara_config_init (ElaraConfig *config)
{
  g_return_if_fail (config != NULL);
  memset (config, 0, sizeof *config);
  config->struct_size = sizeof *config;
  config->jit = ELARA_JIT_AUTO;
}

static ElJitMode
embed_jit_mode (ElaraJitMode mode)
{
  switch (mode) {
  case ELARA_JIT_OFF: return EL_JIT_OFF;
  case ELARA_JIT_ALWAYS: return EL_JIT_ALWAYS;
  case ELARA_JIT_AUTO:
  default: return EL_JIT_AUTO;
  }
}

static gboolean
embed_load_plugins (ElaraState *L, const ElaraConfig *cfg, GError **error)
{
  const char *const *p;
  if (!cfg->bare) {
    if (cfg->plugins == NULL)
      return el_plugin_load_default (L, error);
    if (!el_plugin_load (L, "base", error))
      return FALSE;
  }
  if (cfg->plugins != NULL)
    for (p = cfg->plugins; *p != NULL; p++)
      if (!el_plugin_load (L, *p, error))
        return FALSE;
  return TRUE;
}

ElaraState *
elara_state_new (const ElaraConfig *config, GError **error)
{
  const ElaraHost *host = el_host_get ();
  ElaraConfig cfg;
  EmbedData *e;
  ElaraState *L;

  g_return_val_if_fail (config == NULL
                        || config->struct_size >= G_STRUCT_OFFSET (ElaraConfig,
                                                                   jit),
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Read only what the caller's (maybe older) ElaraConfig has. */
  elara_config_init (&cfg);
  if (config != NULL)
    memcpy (&cfg, config, MIN ((size_t) config->struct_size, sizeof cfg));

  e = g_new0 (EmbedData, 1);
  e->alloc = cfg.alloc != NULL ? cfg.alloc : embed_default_alloc;
  e->alloc_ud = cfg.alloc != NULL ? cfg.alloc_ud : NULL;
  e->limit = cfg.memory_limit;
  e->warn_on = TRUE;
  L = el_state_new (embed_alloc, e, g_random_int ());
  if (L == NULL) {
    g_free (e);
    g_set_error_literal (error, ELARA_ERROR, ELARA_ERROR_NOMEM,
                         "cannot create state: not enough memory");
    return NULL;
  }
  G (L)->embed = e;
  G (L)->memlimit = cfg.memory_limit;
  G (L)->panic = embed_panic;
  host->setwarnf (L, embed_warn, e);
  if (cfg.ignore_env) {
    /* The libraries (package) look for this registry flag, as with lua -E. */
    host->pushboolean (L, 1);
    host->setfield (L, ELARA_REGISTRYINDEX, "LUA_NOENV");
  }
  el_plugin_setup (G (L), cfg.plugin_path, cfg.ignore_env,
                   embed_jit_mode (cfg.jit));
  if (!embed_load_plugins (L, &cfg, error)) {
    elara_state_free (L);
    return NULL;
  }
  return L;
}

void
elara_state_free (ElaraState *L)
{
  EmbedData *e;
  if (L == NULL)
    return;
  L = G (L)->mainthread;
  e = G (L)->embed;
  el_state_close (L);  /* frees through e: release it only afterwards */
  g_free (e);
}

ElaraState *
elara_state_thread (ElaraState *L)
{
  g_return_val_if_fail (L != NULL, NULL);
  return G (L)->mainthread;
}

gboolean
elara_state_load_plugin (ElaraState *L, const char *name, GError **error)
{
  g_return_val_if_fail (L != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  return el_plugin_load (L, name, error);
}

const ElaraHost *
elara_host (void)
{
  return el_host_get ();
}

const char *
elara_version (void)
{
  return ELARA_VERSION;
}
