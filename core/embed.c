/*
** embed.c: the public embedding API (elara.h): configuration, states,
** plugin loading, values, protected evaluation and calls, native functions
** with typed signatures, userdata types, errors as GError
** SPDX-License-Identifier: MIT
**
** The one core file that uses GLib (docs/ARCHITECTURE.md).  States are
** built by instance.c and the loader reports ElPluginError: this file
** wraps both into GError, keeps its own per-state data (value handles,
** the last traceback) in ElInstance.ext, and forwards the core's message
** hooks to g_log.
**
** Invariants:
**  - every public function that may allocate Lua memory runs that part in
**    protected mode (a pcall of a C "body" function), so a memory error
**    becomes a GError and never reaches the panic function;
**  - a body never allocates C memory that it cannot hand over before its
**    next possible Lua error: handles (ElaraValue) are created only after
**    the Lua allocation anchoring them succeeded, and are stored at once in
**    a place the C caller cleans up on failure;
**  - ElaraValue handles of collectable values hold a registry reference;
**    the list of live handles lets elara_state_free kill them.
*/
#include "config.h"
#include "elara/elara.h"   /* own (public) header first */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "auxlib.h"
#include "call.h"
#include "host.h"
#include "instance.h"
#include "jit.h"
#include "plugin.h"
#include "state.h"

#define H (el_host_get ())

/* -- Error domains ---------------------------------------------------------- */

typedef struct {
  char *traceback;
} ElaraErrorPrivate;

static void
elara_error_private_init (ElaraErrorPrivate *priv)
{
  priv->traceback = NULL;
}

static void
elara_error_private_copy (const ElaraErrorPrivate *src,
                          ElaraErrorPrivate *dest)
{
  dest->traceback = g_strdup (src->traceback);
}

static void
elara_error_private_clear (ElaraErrorPrivate *priv)
{
  g_clear_pointer (&priv->traceback, g_free);
}

G_DEFINE_EXTENDED_ERROR (ElaraError, elara_error)
G_DEFINE_QUARK (elara-plugin-error-quark, elara_plugin_error)

/* The ElaraPluginError codes are the loader's (plugin.h cannot include
** this GLib header): converting is a cast. */
G_STATIC_ASSERT ((int) ELARA_PLUGIN_ERROR_NOT_FOUND == EL_PLUGIN_ERR_NOT_FOUND);
G_STATIC_ASSERT ((int) ELARA_PLUGIN_ERROR_NOT_A_PLUGIN
                 == EL_PLUGIN_ERR_NOT_A_PLUGIN);
G_STATIC_ASSERT ((int) ELARA_PLUGIN_ERROR_ABI == EL_PLUGIN_ERR_ABI);
G_STATIC_ASSERT ((int) ELARA_PLUGIN_ERROR_NAME_MISMATCH
                 == EL_PLUGIN_ERR_NAME_MISMATCH);
G_STATIC_ASSERT ((int) ELARA_PLUGIN_ERROR_DEPENDENCY
                 == EL_PLUGIN_ERR_DEPENDENCY);
G_STATIC_ASSERT ((int) ELARA_PLUGIN_ERROR_CYCLE == EL_PLUGIN_ERR_CYCLE);
G_STATIC_ASSERT ((int) ELARA_PLUGIN_ERROR_INIT_FAILED
                 == EL_PLUGIN_ERR_INIT_FAILED);

/* Move a loader error into *error (ELARA_PLUGIN_ERROR, same code). */
static void
embed_plugin_error (ElPluginError *err, GError **error)
{
  g_set_error_literal (error, ELARA_PLUGIN_ERROR, (gint) err->code,
                       err->message != NULL ? err->message : "plugin error");
  el_plugin_error_clear (err);
}

/* -- Logging ---------------------------------------------------------------- */

/* The core is GLib-free and hands its messages to hooks; libelara (and
** everything linking embed.c) keeps the documented GLib logging: loader
** warnings in domain "Elara", plugins' host->log in "elara-plugin". */
static void
embed_loader_warning (const char *message)
{
  g_log ("Elara", G_LOG_LEVEL_WARNING, "%s", message);
}

static void
embed_plugin_log (int level, const char *plugin, const char *message)
{
  GLogLevelFlags flags = level <= 0 ? G_LOG_LEVEL_DEBUG
                         : level == 1 ? G_LOG_LEVEL_INFO
                         : G_LOG_LEVEL_WARNING;
  g_log ("elara-plugin", flags, "%s: %s", plugin, message);
}

/* Installed when the library (or a program linking embed.c) is loaded,
** before any entry point can run: states made through elara_host ()
** ->newstate, and plugins logging from them, need the hooks as much as
** elara_state_new does. */
static void __attribute__ ((constructor))
embed_install_hooks (void)
{
  el_plugin_set_warning_hook (embed_loader_warning);
  el_host_set_log_hook (embed_plugin_log);
}

/* Per-state data of the embedding layer (ElInstance.ext; the instance
** itself holds the allocator, limit and warnings). */
typedef struct EmbedData {
  char *traceback;             /* left by embed_msgh for the caller */
  ElaraValue *values;          /* live handles, doubly linked */
} EmbedData;

struct ElaraValue {
  ElaraState *L;               /* main thread; NULL once the state closed */
  int type;                    /* ELARA_T*, ELARA_TNONE when dead */
  int ref;                     /* registry reference (collectables) */
  gboolean isint;
  union {
    gboolean b;
    gint64 i;
    double n;
    void *p;                   /* light userdata */
  } u;
  const char *str;             /* a string's bytes (anchored by ref) */
  gsize len;
  ElaraValue *prev, *next;
};

#define EMBED(L) ((EmbedData *) el_instance_get (L)->ext)

static gboolean
type_is_collectable (int t)
{
  return t == ELARA_TSTRING || t == ELARA_TTABLE || t == ELARA_TFUNCTION
         || t == ELARA_TUSERDATA || t == ELARA_TTHREAD;
}

/* -- Protected execution and error conversion ------------------------------ */

/* Message handler of every protected call: turns the error object into a
** message as the stand-alone interpreter does and leaves the traceback in
** EmbedData for embed_set_error. */
static int
embed_msgh (ElaraState *L)
{
  EmbedData *e = EMBED (L);
  const char *msg = H->tolstring (L, 1, NULL);
  if (msg == NULL) {
    if (H->callmeta (L, 1, "__tostring")
        && H->type (L, -1) == ELARA_TSTRING)
      msg = H->tolstring (L, -1, NULL);
    else
      msg = H->pushfstring (L, "(error object is a %s value)",
                            H->typename_ (L, H->type (L, 1)));
  }
  H->traceback (L, L, NULL, 1);
  g_free (e->traceback);
  e->traceback = g_strdup (H->tolstring (L, -1, NULL));
  H->settop (L, -2);  /* the message is on top */
  return 1;
}

static ElaraError
embed_error_code (int status)
{
  switch (status) {
  case ELARA_ERRMEM: return ELARA_ERROR_MEMORY;
  case ELARA_ERRSYNTAX: return ELARA_ERROR_SYNTAX;
  case ELARA_ERRFILE: return ELARA_ERROR_FILE;
  case ELARA_ERRERR: return ELARA_ERROR_HANDLER;
  default: return ELARA_ERROR_RUNTIME;
  }
}

/* Turn the error object on top of L (status 'status') into *error and
** take the traceback the message handler left, if any. */
static void
embed_set_error (ElaraState *L, int status, GError **error)
{
  EmbedData *e = EMBED (L);
  char *traceback = g_steal_pointer (&e->traceback);
  const char *msg = H->type (L, -1) == ELARA_TSTRING
                    || H->type (L, -1) == ELARA_TNUMBER
                    ? H->tolstring (L, -1, NULL) : NULL;
  GError *err;
  if (msg == NULL)
    msg = status == ELARA_ERRMEM ? "not enough memory"
                                 : "(error object is not a string)";
  err = g_error_new_literal (ELARA_ERROR, embed_error_code (status), msg);
  if (status == ELARA_ERRRUN || status == ELARA_ERRERR)
    elara_error_get_private (err)->traceback = g_steal_pointer (&traceback);
  g_free (traceback);
  g_propagate_error (error, err);
}

static void
embed_set_oom (GError **error)
{
  g_set_error_literal (error, ELARA_ERROR, ELARA_ERROR_MEMORY,
                       "not enough memory");
}

/* Run 'body' in protected mode on L with the light userdata 'ud' as its
** first argument and the 'nargs' values on top of the stack (popped) as
** the following ones.  On success its results are left on the stack above
** 'base' (returned in *nres); on failure the stack is restored to 'base'
** minus the arguments and *error is set.  Returns the stack index below the
** results (restore it with settop) or -1 on failure. */
static int
embed_run (ElaraState *L, ElaraCFunction body, void *ud, int nargs,
           int *nres, GError **error)
{
  int base = H->gettop (L) - nargs;
  int status;
  EmbedData *e = EMBED (L);
  if (!H->checkstack (L, 4)) {
    H->settop (L, base);
    embed_set_oom (error);
    return -1;
  }
  g_clear_pointer (&e->traceback, g_free);
  H->pushcclosure (L, embed_msgh, 0);
  H->pushcclosure (L, body, 0);
  H->pushlightuserdata (L, ud);
  H->rotate (L, base + 1, 3);  /* msgh body ud args... */
  status = H->pcallk (L, nargs + 1, ELARA_MULTRET, base + 1, 0, NULL);
  if (status != ELARA_OK) {
    embed_set_error (L, status, error);
    H->settop (L, base);
    return -1;
  }
  H->rotate (L, base + 1, -1);  /* drop the message handler */
  H->settop (L, -2);
  if (nres != NULL)
    *nres = H->gettop (L) - base;
  return base;
}

/* -- Values ------------------------------------------------------------------ */

static void
value_link (ElaraValue *v)
{
  EmbedData *e = EMBED (v->L);
  v->prev = NULL;
  v->next = e->values;
  if (e->values != NULL)
    e->values->prev = v;
  e->values = v;
}

static ElaraValue *
value_alloc (ElaraState *L, int type)
{
  ElaraValue *v = g_new0 (ElaraValue, 1);
  v->L = G (L)->mainthread;
  v->type = type;
  v->ref = EL_AUXLIB_NOREF;
  value_link (v);
  return v;
}

/* Make a handle on the value at 'idx' of L.  Must run in protected mode:
** the registry reference may raise a memory error, before the handle is
** allocated (so nothing leaks). */
static ElaraValue *
value_make (ElaraState *L, int idx)
{
  int t = H->type (L, idx);
  int ref = EL_AUXLIB_NOREF;
  ElaraValue *v;
  if (t == ELARA_TNONE)
    t = ELARA_TNIL;
  if (type_is_collectable (t)) {
    H->pushvalue (L, idx);
    ref = H->ref (L, ELARA_REGISTRYINDEX);
  }
  v = value_alloc (L, t);
  v->ref = ref;
  switch (t) {
  case ELARA_TBOOLEAN:
    v->u.b = H->toboolean (L, idx);
    break;
  case ELARA_TNUMBER:
    v->isint = H->isinteger (L, idx);
    if (v->isint)
      v->u.i = H->tointegerx (L, idx, NULL);
    else
      v->u.n = H->tonumberx (L, idx, NULL);
    break;
  case ELARA_TLIGHTUSERDATA:
    v->u.p = H->touserdata (L, idx);
    break;
  case ELARA_TSTRING: {
    size_t len;
    v->str = H->tolstring (L, idx, &len);
    v->len = len;
    break;
  }
  case ELARA_TUSERDATA:
    v->u.p = H->touserdata (L, idx);
    break;
  default:
    break;
  }
  return v;
}

/* Body: handles on all its arguments after the first, added to the
** GPtrArray given as light userdata. */
static int
body_make_values (ElaraState *L)
{
  GPtrArray *out = H->touserdata (L, 1);
  int i, n = H->gettop (L);
  for (i = 2; i <= n; i++)
    g_ptr_array_add (out, value_make (L, i));
  return 0;
}

/* Handles on the 'n' values on top of L (popped). */
static GPtrArray *
values_from_top (ElaraState *L, int n, GError **error)
{
  GPtrArray *out = g_ptr_array_new_full (n, (GDestroyNotify) elara_value_free);
  int base = embed_run (L, body_make_values, out, n, NULL, error);
  if (base < 0) {
    g_ptr_array_unref (out);
    return NULL;
  }
  H->settop (L, base);
  return out;
}

static ElaraValue *
value_from_top (ElaraState *L, GError **error)
{
  GPtrArray *a = values_from_top (L, 1, error);
  ElaraValue *v;
  if (a == NULL)
    return NULL;
  v = g_ptr_array_steal_index (a, 0);
  g_ptr_array_unref (a);
  return v;
}

ElaraValue *
elara_value_new_nil (ElaraState *L)
{
  g_return_val_if_fail (L != NULL, NULL);
  return value_alloc (L, ELARA_TNIL);
}

ElaraValue *
elara_value_new_boolean (ElaraState *L, gboolean b)
{
  ElaraValue *v;
  g_return_val_if_fail (L != NULL, NULL);
  v = value_alloc (L, ELARA_TBOOLEAN);
  v->u.b = b != FALSE;
  return v;
}

ElaraValue *
elara_value_new_integer (ElaraState *L, gint64 i)
{
  ElaraValue *v;
  g_return_val_if_fail (L != NULL, NULL);
  v = value_alloc (L, ELARA_TNUMBER);
  v->isint = TRUE;
  v->u.i = i;
  return v;
}

ElaraValue *
elara_value_new_number (ElaraState *L, double n)
{
  ElaraValue *v;
  g_return_val_if_fail (L != NULL, NULL);
  v = value_alloc (L, ELARA_TNUMBER);
  v->u.n = n;
  return v;
}

typedef struct {
  const char *s;
  size_t len;
} LString;

static int
body_new_string (ElaraState *L)
{
  LString *ls = H->touserdata (L, 1);
  H->pushlstring (L, ls->s, ls->len);
  return 1;
}

ElaraValue *
elara_value_new_string (ElaraState *L, const char *s, gssize len)
{
  LString ls;
  int n;
  g_return_val_if_fail (L != NULL, NULL);
  g_return_val_if_fail (s != NULL || len == 0, NULL);
  ls.s = s != NULL ? s : "";
  ls.len = len < 0 ? strlen (s) : (size_t) len;
  if (embed_run (L, body_new_string, &ls, 0, &n, NULL) < 0)
    return NULL;
  return value_from_top (L, NULL);
}

static int
body_new_table (ElaraState *L)
{
  H->createtable (L, 0, 0);
  return 1;
}

ElaraValue *
elara_value_new_table (ElaraState *L)
{
  g_return_val_if_fail (L != NULL, NULL);
  if (embed_run (L, body_new_table, NULL, 0, NULL, NULL) < 0)
    return NULL;
  return value_from_top (L, NULL);
}

ElaraValue *
elara_value_new_from_stack (ElaraState *L, int idx)
{
  g_return_val_if_fail (L != NULL, NULL);
  if (!H->checkstack (L, 1))
    return NULL;
  H->pushvalue (L, idx);
  return value_from_top (L, NULL);
}

void
elara_value_push (ElaraState *L, const ElaraValue *value)
{
  g_return_if_fail (L != NULL);
  g_return_if_fail (value != NULL);
  g_return_if_fail (value->L == NULL || G (value->L) == G (L));
  switch (value->L != NULL ? value->type : ELARA_TNONE) {
  case ELARA_TBOOLEAN:
    H->pushboolean (L, value->u.b);
    break;
  case ELARA_TNUMBER:
    if (value->isint)
      H->pushinteger (L, value->u.i);
    else
      H->pushnumber (L, value->u.n);
    break;
  case ELARA_TLIGHTUSERDATA:
    H->pushlightuserdata (L, value->u.p);
    break;
  case ELARA_TSTRING:
  case ELARA_TTABLE:
  case ELARA_TFUNCTION:
  case ELARA_TUSERDATA:
  case ELARA_TTHREAD:
    H->rawgeti (L, ELARA_REGISTRYINDEX, value->ref);
    break;
  default:
    H->pushnil (L);
    break;
  }
}

ElaraValue *
elara_value_copy (const ElaraValue *value)
{
  ElaraValue *v;
  g_return_val_if_fail (value != NULL, NULL);
  if (value->L == NULL || !type_is_collectable (value->type)) {
    v = g_new0 (ElaraValue, 1);
    *v = *value;
    if (v->L != NULL)
      value_link (v);
    return v;
  }
  if (!H->checkstack (value->L, 1))
    return NULL;
  elara_value_push (value->L, value);
  return value_from_top (value->L, NULL);
}

void
elara_value_free (ElaraValue *value)
{
  ElaraState *L;
  if (value == NULL)
    return;
  L = value->L;
  if (L != NULL) {
    EmbedData *e = EMBED (L);
    if (value->prev != NULL)
      value->prev->next = value->next;
    else
      e->values = value->next;
    if (value->next != NULL)
      value->next->prev = value->prev;
    /* luaL_unref writes into existing registry slots: it never allocates */
    if (value->ref >= 0 && H->checkstack (L, 2))
      H->unref (L, ELARA_REGISTRYINDEX, value->ref);
  }
  g_free (value);
}

int
elara_value_type (const ElaraValue *value)
{
  g_return_val_if_fail (value != NULL, ELARA_TNONE);
  return value->L != NULL ? value->type : ELARA_TNONE;
}

const char *
elara_value_type_name (const ElaraValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);
  return value->L != NULL ? H->typename_ (value->L, value->type)
                          : "no value";
}

gboolean
elara_value_is_nil (const ElaraValue *value)
{
  g_return_val_if_fail (value != NULL, TRUE);
  return value->L == NULL || value->type == ELARA_TNIL;
}

gboolean
elara_value_is_integer (const ElaraValue *value)
{
  g_return_val_if_fail (value != NULL, FALSE);
  return value->L != NULL && value->type == ELARA_TNUMBER && value->isint;
}

gboolean
elara_value_get_boolean (const ElaraValue *value)
{
  g_return_val_if_fail (value != NULL, FALSE);
  if (value->L == NULL || value->type == ELARA_TNIL)
    return FALSE;
  return value->type != ELARA_TBOOLEAN || value->u.b;
}

/* Numeric conversions as lua_tointegerx/lua_tonumberx, which convert
** strings without allocating. */
gboolean
elara_value_get_integer (const ElaraValue *value, gint64 *out)
{
  ElaraState *L;
  int ok = 0;
  gint64 i = 0;
  g_return_val_if_fail (value != NULL, FALSE);
  L = value->L;
  if (L == NULL || (value->type != ELARA_TNUMBER
                    && value->type != ELARA_TSTRING))
    return FALSE;
  if (value->type == ELARA_TNUMBER && value->isint) {
    i = value->u.i;
    ok = 1;
  }
  else if (H->checkstack (L, 1)) {
    elara_value_push (L, value);
    i = H->tointegerx (L, -1, &ok);
    H->settop (L, -2);
  }
  if (ok && out != NULL)
    *out = i;
  return ok != 0;
}

gboolean
elara_value_get_number (const ElaraValue *value, double *out)
{
  ElaraState *L;
  int ok = 0;
  double n = 0;
  g_return_val_if_fail (value != NULL, FALSE);
  L = value->L;
  if (L == NULL || (value->type != ELARA_TNUMBER
                    && value->type != ELARA_TSTRING))
    return FALSE;
  if (value->type == ELARA_TNUMBER) {
    n = value->isint ? (double) value->u.i : value->u.n;
    ok = 1;
  }
  else if (H->checkstack (L, 1)) {
    elara_value_push (L, value);
    n = H->tonumberx (L, -1, &ok);
    H->settop (L, -2);
  }
  if (ok && out != NULL)
    *out = n;
  return ok != 0;
}

const char *
elara_value_get_string (const ElaraValue *value, gsize *len)
{
  g_return_val_if_fail (value != NULL, NULL);
  if (value->L == NULL || value->type != ELARA_TSTRING)
    return NULL;
  if (len != NULL)
    *len = value->len;
  return value->str;
}

typedef struct {
  const char *tname;
  void *block;
  char *text;
} UdataQuery;

/* Body (value): its block when it has the metatable 'tname'. */
static int
body_testudata (ElaraState *L)
{
  UdataQuery *q = H->touserdata (L, 1);
  q->block = H->testudata (L, 2, q->tname);
  return 0;
}

gpointer
elara_value_get_userdata (const ElaraValue *value, const char *type_name)
{
  UdataQuery q = { type_name, NULL, NULL };
  g_return_val_if_fail (value != NULL, NULL);
  if (value->L == NULL || value->type != ELARA_TUSERDATA)
    return NULL;
  if (type_name == NULL)
    return value->u.p;
  if (!H->checkstack (value->L, 1))
    return NULL;
  elara_value_push (value->L, value);
  if (embed_run (value->L, body_testudata, &q, 1, NULL, NULL) < 0)
    return NULL;
  return q.block;
}

/* Body (value): tostring(value) copied into q->text. */
static int
body_tostring (ElaraState *L)
{
  UdataQuery *q = H->touserdata (L, 1);
  size_t len;
  const char *s = H->tolstring_ (L, 2, &len);
  q->text = g_strndup (s, len);
  return 0;
}

char *
elara_value_to_string (const ElaraValue *value, GError **error)
{
  UdataQuery q = { NULL, NULL, NULL };
  int base;
  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (value->L == NULL)
    return g_strdup ("no value");
  if (!H->checkstack (value->L, 1)) {
    embed_set_oom (error);
    return NULL;
  }
  elara_value_push (value->L, value);
  base = embed_run (value->L, body_tostring, &q, 1, NULL, error);
  if (base < 0)
    return NULL;
  H->settop (value->L, base);
  return q.text;
}

/* -- Running code ------------------------------------------------------------ */

/* Finish a protected call made with embed_msgh at 'base' + 1: collect the
** results as handles (or convert the error) and restore the stack. */
static GPtrArray *
embed_finish (ElaraState *L, int base, int status, GError **error)
{
  GPtrArray *out;
  if (status != ELARA_OK) {
    embed_set_error (L, status, error);
    H->settop (L, base);
    return NULL;
  }
  H->rotate (L, base + 1, -1);  /* drop the message handler */
  H->settop (L, -2);
  out = values_from_top (L, H->gettop (L) - base, error);
  H->settop (L, base);
  return out;
}

GPtrArray *
elara_eval (ElaraState *L, const char *code, GError **error)
{
  int base, status;
  g_return_val_if_fail (L != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  base = H->gettop (L);
  if (!H->checkstack (L, 3)) {
    embed_set_oom (error);
    return NULL;
  }
  g_clear_pointer (&EMBED (L)->traceback, g_free);
  H->pushcclosure (L, embed_msgh, 0);
  status = H->loadbufferx (L, code, strlen (code), code, "t");
  if (status == ELARA_OK)
    status = H->pcallk (L, 0, ELARA_MULTRET, base + 1, 0, NULL);
  return embed_finish (L, base, status, error);
}

GPtrArray *
elara_call (ElaraState *L, const ElaraValue *function, guint n_args,
            ElaraValue *const *args, GError **error)
{
  int base, status;
  guint i;
  g_return_val_if_fail (L != NULL, NULL);
  g_return_val_if_fail (function != NULL, NULL);
  g_return_val_if_fail (n_args == 0 || args != NULL, NULL);
  g_return_val_if_fail (n_args < 200, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  base = H->gettop (L);
  if (!H->checkstack (L, (int) n_args + 4)) {
    embed_set_oom (error);
    return NULL;
  }
  g_clear_pointer (&EMBED (L)->traceback, g_free);
  H->pushcclosure (L, embed_msgh, 0);
  elara_value_push (L, function);
  for (i = 0; i < n_args; i++) {
    if (args[i] != NULL)
      elara_value_push (L, args[i]);
    else
      H->pushnil (L);
  }
  status = H->pcallk (L, (int) n_args, ELARA_MULTRET, base + 1, 0, NULL);
  return embed_finish (L, base, status, error);
}

/* Body (name, args...): look the dotted name up as Lua code would, call
** it with the arguments and return every result. */
static int
body_call_global (ElaraState *L)
{
  const char *seg = H->touserdata (L, 1);
  const char *kind = "global";
  int nargs = H->gettop (L) - 1;
  H->rawgeti (L, ELARA_REGISTRYINDEX, ELARA_RIDX_GLOBALS);
  for (;;) {
    const char *dot = strchr (seg, '.');
    size_t len = dot != NULL ? (size_t) (dot - seg) : strlen (seg);
    const char *key = H->pushlstring (L, seg, len);
    H->pushvalue (L, -1);
    H->gettable (L, -3);          /* container key value */
    if (H->type (L, -1) == ELARA_TNIL)
      return H->errorf (L, "attempt to %s a nil value (%s '%s')",
                        dot != NULL ? "index" : "call", kind, key);
    H->rotate (L, -3, 1);         /* value container key */
    H->settop (L, -3);
    if (dot == NULL)
      break;
    kind = "field";
    seg = dot + 1;
  }
  H->rotate (L, 2, 1);  /* the function below the arguments */
  H->callk (L, nargs, ELARA_MULTRET, 0, NULL);
  return H->gettop (L) - 1;
}

GPtrArray *
elara_call_global (ElaraState *L, const char *name, guint n_args,
                   ElaraValue *const *args, GError **error)
{
  int base, nres;
  guint i;
  GPtrArray *out;
  g_return_val_if_fail (L != NULL, NULL);
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (n_args == 0 || args != NULL, NULL);
  g_return_val_if_fail (n_args < 200, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!H->checkstack (L, (int) n_args + 4)) {
    embed_set_oom (error);
    return NULL;
  }
  for (i = 0; i < n_args; i++) {
    if (args[i] != NULL)
      elara_value_push (L, args[i]);
    else
      H->pushnil (L);
  }
  base = embed_run (L, body_call_global, (void *) name, (int) n_args, &nres,
                    error);
  if (base < 0)
    return NULL;
  out = values_from_top (L, nres, error);
  H->settop (L, base);
  return out;
}

ElaraValue *
elara_get_global (ElaraState *L, const char *name)
{
  g_return_val_if_fail (L != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  if (!H->checkstack (L, 2))
    return NULL;
  H->rawgeti (L, ELARA_REGISTRYINDEX, ELARA_RIDX_GLOBALS);
  if (embed_run (L, body_new_string, &(LString) { name, strlen (name) }, 0,
                 NULL, NULL) < 0) {
    H->settop (L, -2);
    return NULL;
  }
  H->rawget (L, -2);  /* raw: no allocation, no metamethod */
  H->rotate (L, -2, 1);
  H->settop (L, -2);
  return value_from_top (L, NULL);
}

/* Body (value): _G[name] = value, raw. */
static int
body_set_global (ElaraState *L)
{
  const char *name = H->touserdata (L, 1);
  H->rawgeti (L, ELARA_REGISTRYINDEX, ELARA_RIDX_GLOBALS);
  H->pushstring (L, name);
  H->pushvalue (L, 2);
  H->rawset (L, -3);
  return 0;
}

gboolean
elara_set_global (ElaraState *L, const char *name, const ElaraValue *value,
                  GError **error)
{
  int base;
  g_return_val_if_fail (L != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!H->checkstack (L, 1)) {
    embed_set_oom (error);
    return FALSE;
  }
  if (value != NULL)
    elara_value_push (L, value);
  else
    H->pushnil (L);
  base = embed_run (L, body_set_global, (void *) name, 1, NULL, error);
  if (base < 0)
    return FALSE;
  H->settop (L, base);
  return TRUE;
}

/* -- Native functions ---------------------------------------------------------- */

/* A parsed signature.  Userdata type names stay in the signature string:
** tname_at/tname_len locate them. */
typedef struct {
  guint8 nargs;
  guint8 nres;
  char args[ELARA_MAX_ARGS];
  char res[ELARA_MAX_ARGS];
  guint16 tname_at[ELARA_MAX_ARGS];
  guint16 tname_len[ELARA_MAX_ARGS];
} Signature;

static gboolean
signature_parse (const char *sig, Signature *out, GError **error)
{
  const char *p = sig;
  gboolean results = FALSE;
  memset (out, 0, sizeof *out);
  for (; *p != '\0'; p++) {
    char c = *p;
    guint8 *count = results ? &out->nres : &out->nargs;
    if (c == ' ')
      continue;
    if (c == '>' && !results) {
      results = TRUE;
      continue;
    }
    if (strchr (results ? "bins v" : "binsuv", c) == NULL)
      goto bad;
    if (*count >= ELARA_MAX_ARGS) {
      g_set_error (error, ELARA_ERROR, ELARA_ERROR_INVALID,
                   "signature '%s' has more than %d %s", sig, ELARA_MAX_ARGS,
                   results ? "results" : "arguments");
      return FALSE;
    }
    if (results)
      out->res[out->nres++] = c;
    else {
      if (c == 'u' && p[1] == '{') {
        const char *end = strchr (p + 2, '}');
        if (end == NULL || end == p + 2 || end - sig > G_MAXUINT16)
          goto bad;
        out->tname_at[out->nargs] = (guint16) (p + 2 - sig);
        out->tname_len[out->nargs] = (guint16) (end - (p + 2));
        p = end;
      }
      out->args[out->nargs++] = c;
    }
  }
  return TRUE;
bad:
  g_set_error (error, ELARA_ERROR, ELARA_ERROR_INVALID,
               "invalid signature '%s' at '%s' (expected letters of 'binsuv'"
               ", 'u{Type}' and one '>' before the results)", sig, p);
  return FALSE;
}

/* The first upvalue of a native function's closure: a full userdata with
** metatable EMBED_NATIVE_MT, whose __gc releases the user data.  The type
** names of 'u{T}' arguments follow as string upvalues. */
typedef struct {
  ElaraFunction func;
  gpointer user_data;
  GDestroyNotify notify;
  guint8 nargs;
  guint8 nres;
  char args[ELARA_MAX_ARGS];
  char res[ELARA_MAX_ARGS];
  guint8 tname_up[ELARA_MAX_ARGS];   /* upvalue of the type name, or 0 */
} Native;

#define EMBED_NATIVE_MT "elara.native"

static int
native_gc (ElaraState *L)
{
  Native *nf = H->touserdata (L, 1);
  if (nf != NULL && nf->notify != NULL) {
    GDestroyNotify notify = nf->notify;
    nf->notify = NULL;
    notify (nf->user_data);
  }
  return 0;
}

typedef struct {
  const Native *nf;
  ElaraArg *res;
  gboolean ok;
  const char *where;
  const char *message;
} NativeResults;

/* Body: push the results of a native function, or its error message. */
static int
body_native_results (ElaraState *L)
{
  NativeResults *r = H->touserdata (L, 1);
  int i;
  if (!r->ok) {
    H->pushfstring (L, "%s%s", r->where, r->message);
    return 1;
  }
  H->checkstack_ (L, r->nf->nres, "too many results");
  for (i = 0; i < r->nf->nres; i++) {
    ElaraArg *a = &r->res[i];
    switch (r->nf->res[i]) {
    case 'b': H->pushboolean (L, a->b); break;
    case 'i': H->pushinteger (L, a->i); break;
    case 'n': H->pushnumber (L, a->n); break;
    case 's':
      if (a->s != NULL)
        H->pushstring (L, a->s);
      else
        H->pushnil (L);
      break;
    default:
      if (a->v != NULL)
        elara_value_push (L, a->v);
      else
        H->pushnil (L);
      break;
    }
  }
  return r->nf->nres;
}

/* The C function behind every native function: convert the arguments
** (raising the reference's argument errors), call the ElaraFunction, push
** its results.  Between the call and the end nothing may raise while C
** memory is owned: results are pushed by a protected body. */
static int
native_call (ElaraState *L)
{
  const Native *nf = H->touserdata (L, elara_upvalueindex (1));
  ElaraArg args[ELARA_MAX_ARGS], res[ELARA_MAX_ARGS];
  ElaraValue *vargs[ELARA_MAX_ARGS];
  NativeResults r;
  GError *err = NULL;
  int i, top, status;
  gboolean vfail = FALSE;
  memset (args, 0, sizeof args);
  memset (res, 0, sizeof res);
  memset (vargs, 0, sizeof vargs);
  for (i = 0; i < nf->nargs; i++) {
    int a = i + 1;
    switch (nf->args[i]) {
    case 'b': args[i].b = H->toboolean (L, a); break;
    case 'i': args[i].i = H->checkinteger (L, a); break;
    case 'n': args[i].n = H->checknumber (L, a); break;
    case 's': args[i].s = H->checklstring (L, a, NULL); break;
    case 'u':
      if (nf->tname_up[i] != 0)
        args[i].p = H->checkudata (L, a, H->tolstring (L,
                                   elara_upvalueindex (nf->tname_up[i]),
                                   NULL));
      else {
        (H->checktype) (L, a, ELARA_TUSERDATA);
        args[i].p = H->touserdata (L, a);
      }
      break;
    default:
      break;
    }
  }
  H->where (L, 1);  /* the caller's position, for a GError message */
  top = H->gettop (L);
  r.where = H->tolstring (L, -1, NULL);
  /* Handles last: nothing above may raise once they exist. */
  for (i = 0; i < nf->nargs && !vfail; i++)
    if (nf->args[i] == 'v') {
      if (H->checkstack (L, 1)) {
        H->pushvalue (L, i + 1);
        vargs[i] = value_from_top (L, NULL);
      }
      args[i].v = vargs[i];
      vfail = vargs[i] == NULL;
    }
  if (!vfail)
    r.ok = nf->func (L, args, res, nf->user_data, &err);
  else
    r.ok = TRUE;
  H->settop (L, top);
  for (i = 0; i < nf->nargs; i++)
    elara_value_free (vargs[i]);
  if (!r.ok && err == NULL)
    r.message = "native function failed without an error";
  else
    r.message = err != NULL ? err->message : "";
  r.nf = nf;
  r.res = res;
  status = vfail ? ELARA_ERRMEM : ELARA_OK;
  if (status == ELARA_OK && H->checkstack (L, 3)) {
    H->pushcclosure (L, body_native_results, 0);
    H->pushlightuserdata (L, &r);
    status = H->pcallk (L, 1, ELARA_MULTRET, 0, 0, NULL);
  }
  else
    status = ELARA_ERRMEM;
  for (i = 0; i < nf->nres; i++) {
    if (nf->res[i] == 's')
      g_free ((char *) res[i].s);
    else if (nf->res[i] == 'v')
      elara_value_free (res[i].v);
  }
  g_clear_error (&err);
  if (status == ELARA_ERRMEM)
    el_call_throw (L, ELARA_ERRMEM);
  if (status != ELARA_OK || !r.ok)
    return H->error (L);
  return H->gettop (L) - top;
}

/* Push a native function closure; must run in protected mode.  The user
** data belongs to the closure (and is released by its __gc) once *owned
** is set; until then the caller still owns it. */
static void
native_push (ElaraState *L, const char *sig_text, const Signature *sig,
             ElaraFunction func, gpointer user_data, GDestroyNotify notify,
             gboolean *owned)
{
  Native *nf;
  int i, nup = 1;
  nf = H->newuserdatauv (L, sizeof (Native), 0);
  memset (nf, 0, sizeof *nf);
  if (H->newmetatable (L, EMBED_NATIVE_MT)) {
    H->pushcclosure (L, native_gc, 0);
    H->setfield (L, -2, "__gc");
    H->pushboolean (L, 0);
    H->setfield (L, -2, "__metatable");
  }
  H->setmetatable (L, -2);
  nf->func = func;
  nf->user_data = user_data;
  nf->notify = notify;
  *owned = TRUE;
  nf->nargs = sig->nargs;
  nf->nres = sig->nres;
  memcpy (nf->args, sig->args, sizeof nf->args);
  memcpy (nf->res, sig->res, sizeof nf->res);
  for (i = 0; i < sig->nargs; i++)
    if (sig->args[i] == 'u' && sig->tname_len[i] > 0) {
      H->checkstack_ (L, 1, NULL);
      H->pushlstring (L, sig_text + sig->tname_at[i], sig->tname_len[i]);
      nf->tname_up[i] = (guint8) ++nup;
    }
  H->pushcclosure (L, native_call, nup);
}

typedef struct {
  const char *name;
  const char *sig_text;
  const Signature *sig;
  ElaraFunction func;
  gpointer user_data;
  GDestroyNotify notify;
  gboolean owned;
} Registration;

static int
body_register_function (ElaraState *L)
{
  Registration *reg = H->touserdata (L, 1);
  native_push (L, reg->sig_text, reg->sig, reg->func, reg->user_data,
               reg->notify, &reg->owned);
  H->setglobal (L, reg->name);
  return 0;
}

gboolean
elara_register_function (ElaraState *L, const char *name,
                         const char *signature, ElaraFunction func,
                         gpointer user_data, GDestroyNotify notify,
                         GError **error)
{
  Signature sig;
  Registration reg = { name, signature, &sig, func, user_data, notify,
                       FALSE };
  int base;
  g_return_val_if_fail (L != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (signature != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!signature_parse (signature, &sig, error))
    base = -1;
  else
    base = embed_run (L, body_register_function, &reg, 0, NULL, error);
  if (base < 0) {
    if (!reg.owned && notify != NULL)
      notify (user_data);
    return FALSE;
  }
  H->settop (L, base);
  return TRUE;
}

/* -- Userdata ---------------------------------------------------------------- */

/* __gc of a registered type: the finalizer (upvalue 1, a userdata holding
** the function) runs once per object; the object's user value 1 marks it
** as finalized so a second call (by Lua code) does nothing. */
static int
udata_gc (ElaraState *L)
{
  GDestroyNotify *fin = H->touserdata (L, elara_upvalueindex (1));
  void *block = H->touserdata (L, 1);
  if (block == NULL || H->type (L, 1) != ELARA_TUSERDATA)
    return 0;
  if (H->getiuservalue (L, 1, 1) == ELARA_TBOOLEAN)
    return 0;  /* already finalized */
  H->pushboolean (L, 1);
  H->setiuservalue (L, 1, 1);
  if (fin != NULL && *fin != NULL)
    (*fin) (block);
  return 0;
}

typedef struct {
  const char *tname;
  const ElaraMethod *methods;
  const Signature *sigs;
  GDestroyNotify finalize;
  gboolean taken;
  gsize size;
  void *block;
  ElaraValue *value;
} TypeReg;

static int
body_register_type (ElaraState *L)
{
  TypeReg *t = H->touserdata (L, 1);
  const ElaraMethod *m;
  gboolean own_index = FALSE;
  int i;
  if (!H->newmetatable (L, t->tname)) {
    t->taken = TRUE;
    return 0;
  }
  H->createtable (L, 0, 0);       /* mt methods */
  for (i = 0, m = t->methods; m != NULL && m->name != NULL; m++, i++) {
    gboolean owned;
    gboolean meta = g_str_has_prefix (m->name, "__");
    native_push (L, m->signature, &t->sigs[i], m->func, m->user_data, NULL,
                 &owned);
    H->setfield (L, meta ? -3 : -2, m->name);
    own_index |= strcmp (m->name, "__index") == 0;
  }
  if (!own_index)
    H->setfield (L, -2, "__index");
  else
    H->settop (L, -2);
  if (t->finalize != NULL) {
    GDestroyNotify *fin = H->newuserdatauv (L, sizeof (GDestroyNotify), 0);
    *fin = t->finalize;
    H->pushcclosure (L, udata_gc, 1);
    H->setfield (L, -2, "__gc");
  }
  return 0;
}

gboolean
elara_userdata_register_type (ElaraState *L, const char *type_name,
                              const ElaraMethod *methods,
                              GDestroyNotify finalize, GError **error)
{
  TypeReg t = { type_name, methods, NULL, finalize, FALSE, 0, NULL, NULL };
  Signature *sigs;
  const ElaraMethod *m;
  int base, n = 0;
  g_return_val_if_fail (L != NULL, FALSE);
  g_return_val_if_fail (type_name != NULL && *type_name != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  for (m = methods; m != NULL && m->name != NULL; m++) {
    g_return_val_if_fail (m->signature != NULL && m->func != NULL, FALSE);
    n++;
  }
  sigs = g_new0 (Signature, n + 1);
  for (n = 0, m = methods; m != NULL && m->name != NULL; m++, n++)
    if (!signature_parse (m->signature, &sigs[n], error)) {
      g_prefix_error (error, "method '%s' of '%s': ", m->name, type_name);
      g_free (sigs);
      return FALSE;
    }
  t.sigs = sigs;
  base = embed_run (L, body_register_type, &t, 0, NULL, error);
  g_free (sigs);
  if (base < 0)
    return FALSE;
  H->settop (L, base);
  if (t.taken) {
    g_set_error (error, ELARA_ERROR, ELARA_ERROR_INVALID,
                 "userdata type '%s' is already registered", type_name);
    return FALSE;
  }
  return TRUE;
}

static int
body_userdata_new (ElaraState *L)
{
  TypeReg *t = H->touserdata (L, 1);
  if (H->getfield (L, ELARA_REGISTRYINDEX, t->tname) != ELARA_TTABLE
      || H->getfield (L, -1, "__name") != ELARA_TSTRING) {
    t->taken = FALSE;
    return 0;
  }
  H->settop (L, -2);
  t->taken = TRUE;
  t->block = H->newuserdatauv (L, t->size, 1);
  memset (t->block, 0, t->size);
  H->rotate (L, -2, 1);
  H->setmetatable (L, -2);
  t->value = value_make (L, -1);  /* last: nothing raises after it */
  return 0;
}

ElaraValue *
elara_userdata_new (ElaraState *L, const char *type_name, gsize size,
                    gpointer *data, GError **error)
{
  TypeReg t = { type_name, NULL, NULL, NULL, FALSE, size, NULL, NULL };
  int base;
  g_return_val_if_fail (L != NULL, NULL);
  g_return_val_if_fail (type_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  base = embed_run (L, body_userdata_new, &t, 0, NULL, error);
  if (base < 0)
    return NULL;
  H->settop (L, base);
  if (!t.taken) {
    g_set_error (error, ELARA_ERROR, ELARA_ERROR_INVALID,
                 "userdata type '%s' is not registered", type_name);
    return NULL;
  }
  if (data != NULL)
    *data = t.block;
  return t.value;
}

/* -- States ------------------------------------------------------------------ */

void
elara_config_init (ElaraConfig *config)
{
  g_return_if_fail (config != NULL);
  memset (config, 0, sizeof *config);
  config->struct_size = sizeof *config;
  config->jit = ELARA_JIT_AUTO;
  config->warnings_on = TRUE;
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

/* ElInstance.ext_detach: handles still alive become dead (they may be
** freed later), before the state closes. */
static void
embed_detach (ElaraState *L, void *ext)
{
  EmbedData *e = ext;
  ElaraValue *v;
  (void) L;
  for (v = e->values; v != NULL; v = v->next)
    v->L = NULL;
  e->values = NULL;
}

/* ElInstance.ext_free: after the state closed. */
static void
embed_free (void *ext)
{
  EmbedData *e = ext;
  g_free (e->traceback);
  g_free (e);
}

ElaraState *
elara_state_new (const ElaraConfig *config, GError **error)
{
  ElaraConfig cfg;
  ElInstanceConfig ic;
  ElPluginError err = EL_PLUGIN_ERROR_INIT;
  ElInstance *inst;
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

  el_instance_config_init (&ic);
  ic.alloc = cfg.alloc;
  ic.alloc_ud = cfg.alloc_ud;
  ic.memory_limit = cfg.memory_limit;
  ic.plugins = cfg.plugins;
  ic.bare = cfg.bare != FALSE;
  ic.plugin_path = cfg.plugin_path;
  ic.ignore_env = cfg.ignore_env != FALSE;
  ic.jit = embed_jit_mode (cfg.jit);
  ic.warning_func = cfg.warning_func;
  ic.warning_data = cfg.warning_data;
  ic.warnings_on = cfg.warnings_on != FALSE;

  L = el_instance_new (&ic);
  if (L == NULL) {
    g_set_error_literal (error, ELARA_ERROR, ELARA_ERROR_MEMORY,
                         "cannot create state: not enough memory");
    return NULL;
  }
  inst = el_instance_get (L);
  inst->ext = g_new0 (EmbedData, 1);
  inst->ext_detach = embed_detach;
  inst->ext_free = embed_free;
  if (!el_instance_load_plugins (L, &ic, &err)) {
    embed_plugin_error (&err, error);
    elara_state_free (L);
    return NULL;
  }
  return L;
}

void
elara_state_free (ElaraState *L)
{
  el_instance_free (L);
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
  ElPluginError err = EL_PLUGIN_ERROR_INIT;
  g_return_val_if_fail (L != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!el_plugin_load (L, name, &err)) {
    embed_plugin_error (&err, error);
    return FALSE;
  }
  return TRUE;
}

gboolean
elara_state_has_plugin (ElaraState *L, const char *name)
{
  g_return_val_if_fail (L != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return el_plugin_is_loaded (L, name);
}

ElaraJitMode
elara_state_get_jit_mode (ElaraState *L)
{
  g_return_val_if_fail (L != NULL, ELARA_JIT_OFF);
  /* G(L)->jit exists only once a backend was installed (jit.c) */
  if (G (L)->jit == NULL || el_instance_get (L) == NULL)
    return ELARA_JIT_OFF;
  switch (el_instance_get (L)->jit_mode) {
  case EL_JIT_OFF: return ELARA_JIT_OFF;
  case EL_JIT_ALWAYS: return ELARA_JIT_ALWAYS;
  case EL_JIT_AUTO:
  default: return ELARA_JIT_AUTO;
  }
}

const ElaraHost *
elara_host (void)
{
  return el_host_get ();
}

const char *
elara_version (void)
{
  return el_instance_version ();
}

const char *
elara_error_get_traceback (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);
  if (error->domain != ELARA_ERROR)
    return NULL;
  return elara_error_get_private (error)->traceback;
}

#undef H  /* embed.c is last in a unity build: keep the name local */
