/*
** instance.h: a state as an embedder gets it, from a configuration: the
** allocator with its memory limit, warnings, the panic function, the
** plugin search path and the plugins loaded
** SPDX-License-Identifier: MIT
**
** This is what elara_state_new/elara_state_free (embed.c) and the
** launcher share.  It uses no GLib, so the launcher does not link GLib
** (docs/ARCHITECTURE.md gives the cost); embed.c wraps it into the public
** API with GError and hangs its own data (value handles, the last
** traceback) on ElInstance.ext.
*/
#ifndef EL_INSTANCE_H
#define EL_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "jit.h"
#include "plugin.h"
#include "state.h"

/* Receives each complete warning (pieces joined); same type as the public
** ElaraWarningFunc (gpointer is void *). */
typedef void (*ElInstanceWarnFunc) (const char *message, void *data);

/* The fields of ElaraConfig (elara.h), with the same meanings. */
typedef struct ElInstanceConfig {
  ElaraAlloc alloc;            /* NULL: realloc/free */
  void *alloc_ud;
  size_t memory_limit;         /* bytes; 0 = none */
  const char *const *plugins;  /* NULL: the default set */
  bool bare;                   /* load exactly 'plugins', not even base */
  const char *const *plugin_path;  /* searched first; NULL-ended or NULL */
  bool ignore_env;             /* lua -E */
  ElJitMode jit;
  ElInstanceWarnFunc warning_func;  /* NULL: "Lua warning: " on stderr */
  void *warning_data;
  bool warnings_on;
} ElInstanceConfig;

/* Per-state data (GlobalState.embed).  It is also the allocator's user
** data when there is a limit or a custom allocator, so it outlives
** el_state_close, which frees the state's last blocks through it. */
typedef struct ElInstance {
  ElaraAlloc alloc;            /* the embedder's allocator (never NULL) */
  void *alloc_ud;
  size_t limit;                /* 0 = none */
  size_t used;                 /* bytes currently allocated */
  bool warn_on;                /* warnings are emitted */
  bool warn_cont;              /* inside a multi-part warning */
  ElInstanceWarnFunc warn_func;
  void *warn_data;
  char *warn_buf;              /* pieces of a multi-part warning */
  size_t warn_len, warn_cap;
  ElJitMode jit_mode;          /* as configured */
  /* The embedding layer's data (embed.c), or NULL.  ext_detach runs
  ** before the state closes (finalizers still run after it), ext_free
  ** after. */
  void *ext;
  void (*ext_detach) (ElaraState *L, void *ext);
  void (*ext_free) (void *ext);
} ElInstance;

/* Defaults: as elara_config_init. */
EL_FUNC void el_instance_config_init (ElInstanceConfig *c);

/* A new state configured from 'c' (allocator, limit, warnings, panic
** function, LUA_NOENV under ignore_env, plugin search path and JIT mode),
** with no plugin loaded yet.  NULL when memory runs out. */
EL_FUNC ElaraState *el_instance_new (const ElInstanceConfig *c);

/* Load the plugins 'c' asks for into L (made by el_instance_new from the
** same 'c'): the default set, or base and then c->plugins, or exactly
** c->plugins when bare.  On failure 'err' is set and the plugins loaded
** so far stay. */
EL_FUNC bool el_instance_load_plugins (ElaraState *L,
                                       const ElInstanceConfig *c,
                                       ElPluginError *err);

/* L's instance data, NULL for a state not made by el_instance_new. */
#define el_instance_get(L) ((ElInstance *) G (L)->embed)

/* Close the state of L (any thread of it) and free its instance data.
** Also takes a state not made by el_instance_new (then only closes it). */
EL_FUNC void el_instance_free (ElaraState *L);

/* The runtime's version, "0.1.0". */
EL_FUNC const char *el_instance_version (void);

#endif /* EL_INSTANCE_H */
