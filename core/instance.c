/*
** instance.c: a state as an embedder gets it, from a configuration
** (allocator and memory limit, warnings, panic, plugins)
** SPDX-License-Identifier: MIT
**
** Shared by the public API (embed.c) and the launcher; plain C, no GLib
** (see instance.h).
*/
#include "config.h"
#include "instance.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "host.h"
#include "jit.h"
#include "plugin.h"
#include "state.h"

#define H (el_host_get ())

void
el_instance_config_init (ElInstanceConfig *c)
{
  memset (c, 0, sizeof *c);
  c->jit = EL_JIT_AUTO;
  c->warnings_on = true;
}

/* -- Allocation ----------------------------------------------------------- */

static void *
instance_default_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
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
instance_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  ElInstance *e = ud;
  size_t old = ptr != NULL ? osize : 0;
  void *block;
  if (e->limit != 0 && nsize > old && e->used - old + nsize > e->limit)
    return NULL;  /* the core turns this into a memory error */
  block = e->alloc (e->alloc_ud, ptr, osize, nsize);
  if (block != NULL || nsize == 0)
    e->used = e->used - old + nsize;
  return block;
}

/* The string-hash seed: random where the kernel gives it cheaply (one
** system call), else from the clock and an address (ASLR). */
static unsigned
instance_seed (void)
{
  unsigned seed;
  struct timespec ts;
  if (getrandom (&seed, sizeof seed, GRND_NONBLOCK) == (ssize_t) sizeof seed)
    return seed;
  clock_gettime (CLOCK_REALTIME, &ts);
  return (unsigned) ts.tv_nsec ^ (unsigned) ts.tv_sec
         ^ (unsigned) (uintptr_t) &seed;
}

/* -- Warnings and panics -------------------------------------------------- */

/* Append a piece to the multi-part warning being joined for the handler.
** Out of memory, the piece is dropped: a warning cannot raise. */
static void
instance_warn_append (ElInstance *e, const char *msg)
{
  size_t n = strlen (msg);
  if (e->warn_len + n + 1 > e->warn_cap) {
    size_t cap = 2 * (e->warn_len + n + 1);
    char *b = realloc (e->warn_buf, cap);
    if (b == NULL)
      return;
    e->warn_buf = b;
    e->warn_cap = cap;
  }
  memcpy (e->warn_buf + e->warn_len, msg, n + 1);
  e->warn_len += n;
}

/* Like the stand-alone reference: "Lua warning: " then the pieces; a
** last piece "@on"/"@off" of a message switches warnings when it starts a
** message, or at any piece while warnings are off (the reference checks
** every piece then); a piece followed by more is never a control message.
** With an embedder's handler, the pieces are joined and passed on once. */
static void
instance_warn (void *ud, const char *msg, int tocont)
{
  ElInstance *e = ud;
  if (!tocont && msg[0] == '@' && (!e->warn_on || !e->warn_cont)) {
    if (strcmp (msg, "@on") == 0)
      e->warn_on = true;
    else if (strcmp (msg, "@off") == 0)
      e->warn_on = false;
    e->warn_cont = false;  /* the next piece starts a new message */
    return;  /* other control messages are ignored */
  }
  if (e->warn_on && e->warn_func != NULL) {
    instance_warn_append (e, msg);
    if (!tocont) {
      e->warn_func (e->warn_buf != NULL ? e->warn_buf : "", e->warn_data);
      e->warn_len = 0;
      if (e->warn_buf != NULL)
        e->warn_buf[0] = '\0';
    }
  }
  else if (e->warn_on) {
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
instance_panic (ElaraState *L)
{
  const char *msg = H->type (L, -1) == ELARA_TSTRING
                    ? H->tolstring (L, -1, NULL)
                    : "error object is not a string";
  fprintf (stderr, "PANIC: unprotected error in call to Lua API (%s)\n", msg);
  fflush (stderr);
  return 0;  /* the core aborts */
}

/* -- States --------------------------------------------------------------- */

ElaraState *
el_instance_new (const ElInstanceConfig *c)
{
  ElInstance *e = calloc (1, sizeof *e);
  ElaraState *L;
  if (e == NULL)
    return NULL;
  e->alloc = c->alloc != NULL ? c->alloc : instance_default_alloc;
  e->alloc_ud = c->alloc != NULL ? c->alloc_ud : NULL;
  e->limit = c->memory_limit;
  e->warn_on = c->warnings_on;
  e->warn_func = c->warning_func;
  e->warn_data = c->warning_data;
  e->jit_mode = c->jit;
  /* Without a limit, the default allocator goes to the core directly: the
  ** accounting wrapper costs a call per allocation and only serves the
  ** limit (which mem.c also enforces once the state is built). */
  if (c->alloc == NULL && c->memory_limit == 0)
    L = el_state_new (instance_default_alloc, NULL, instance_seed ());
  else
    L = el_state_new (instance_alloc, e, instance_seed ());
  if (L == NULL) {
    free (e);
    return NULL;
  }
  G (L)->embed = e;
  G (L)->memlimit = c->memory_limit;
  G (L)->panic = instance_panic;
  H->setwarnf (L, instance_warn, e);
  if (c->ignore_env) {
    /* The libraries (package) look for this registry flag, as with lua -E. */
    H->pushboolean (L, 1);
    H->setfield (L, ELARA_REGISTRYINDEX, "LUA_NOENV");
  }
  el_plugin_setup (G (L), c->plugin_path, c->ignore_env, c->jit);
  return L;
}

bool
el_instance_load_plugins (ElaraState *L, const ElInstanceConfig *c,
                          ElPluginError *err)
{
  const char *const *p;
  if (!c->bare) {
    if (c->plugins == NULL)
      return el_plugin_load_default (L, err);
    if (!el_plugin_load (L, "base", err))
      return false;
  }
  if (c->plugins != NULL)
    for (p = c->plugins; *p != NULL; p++)
      if (!el_plugin_load (L, *p, err))
        return false;
  return true;
}

void
el_instance_free (ElaraState *L)
{
  ElInstance *e;
  if (L == NULL)
    return;
  L = G (L)->mainthread;
  e = el_instance_get (L);
  if (e == NULL) {
    el_state_close (L);
    return;
  }
  if (e->ext_detach != NULL)
    e->ext_detach (L, e->ext);
  el_state_close (L);  /* frees through e: release it only afterwards */
  if (e->ext_free != NULL)
    e->ext_free (e->ext);
  free (e->warn_buf);
  free (e);
}

const char *
el_instance_version (void)
{
  return ELARA_VERSION;
}

#undef H  /* keep the name local in a unity build */
