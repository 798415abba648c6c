/*
** test-embed.c: the embedding API of elara.h (configuration, states,
** allocator and memory limit, values, eval and calls, native functions,
** userdata types, errors)
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
  g_assert_null (config.warning_func);
  g_assert_true (config.warnings_on);
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

/* -- Helpers ------------------------------------------------------------ */

static ElaraState *
lib_state (const char *const *plugins)
{
  ElaraConfig config;
  GError *error = NULL;
  ElaraState *L;
  elara_config_init (&config);
  config.ignore_env = TRUE;
  config.plugins = plugins;
  L = elara_state_new (&config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (L);
  return L;
}

static gint64
eval_int (ElaraState *L, const char *code)
{
  GError *error = NULL;
  GPtrArray *r = elara_eval (L, code, &error);
  gint64 i = 0;
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->len, >=, 1);
  g_assert_true (elara_value_get_integer (g_ptr_array_index (r, 0), &i));
  g_ptr_array_unref (r);
  return i;
}

/* The message of the error elara_eval reports for 'code'. */
static char *
eval_error (ElaraState *L, const char *code, int domain_code)
{
  GError *error = NULL;
  char *msg;
  g_assert_null (elara_eval (L, code, &error));
  g_assert_error (error, ELARA_ERROR, domain_code);
  msg = g_strdup (error->message);
  g_error_free (error);
  return msg;
}

/* -- States and plugins --------------------------------------------------- */

static void
test_state_plugins (void)
{
  const char *plugins[] = { "math", NULL };
  ElaraState *L = lib_state (plugins);
  GError *error = NULL;
  g_assert_true (elara_state_has_plugin (L, "base"));
  g_assert_true (elara_state_has_plugin (L, "math"));
  g_assert_false (elara_state_has_plugin (L, "string"));
  g_assert_cmpint (eval_int (L, "return string == nil and 1 or 0"), ==, 1);
  g_assert_true (elara_state_load_plugin (L, "string", &error));
  g_assert_no_error (error);
  g_assert_true (elara_state_has_plugin (L, "string"));
  g_assert_cmpint (eval_int (L, "return #string.rep('ab', 3)"), ==, 6);
  g_assert_false (elara_state_load_plugin (L, "nosuch", &error));
  g_assert_error (error, ELARA_PLUGIN_ERROR, ELARA_PLUGIN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (eval_int (L, "return math.max(3, 9)"), ==, 9);
  g_assert_cmpstr (elara_version (), ==, ELARA_VERSION_STRING);
  g_assert_nonnull (elara_host ());
  elara_state_free (L);
}

/* No JIT plugin is installed in this build: every mode runs interpreted. */
static void
test_state_jit_fallback (void)
{
  ElaraJitMode modes[] = { ELARA_JIT_OFF, ELARA_JIT_AUTO, ELARA_JIT_ALWAYS };
  guint i;
  for (i = 0; i < G_N_ELEMENTS (modes); i++) {
    ElaraConfig config;
    GError *error = NULL;
    ElaraState *L;
    elara_config_init (&config);
    config.ignore_env = TRUE;
    config.jit = modes[i];
    L = elara_state_new (&config, &error);
    g_assert_no_error (error);
    if (modes[i] == ELARA_JIT_OFF)
      g_assert_cmpint (elara_state_get_jit_mode (L), ==, ELARA_JIT_OFF);
    g_assert_cmpint (eval_int (L, "local s = 0 for i = 1, 1000 do s = s + i "
                                  "end return s"), ==, 500500);
    elara_state_free (L);
  }
}

typedef struct {
  GPtrArray *messages;
} Warnings;

static void
collect_warning (const char *message, gpointer user_data)
{
  Warnings *w = user_data;
  g_ptr_array_add (w->messages, g_strdup (message));
}

static void
test_state_warnings (void)
{
  Warnings w = { g_ptr_array_new_with_free_func (g_free) };
  ElaraConfig config;
  GError *error = NULL;
  GPtrArray *r;
  ElaraState *L;
  elara_config_init (&config);
  config.ignore_env = TRUE;
  config.warning_func = collect_warning;
  config.warning_data = &w;
  config.warnings_on = FALSE;
  L = elara_state_new (&config, &error);
  g_assert_no_error (error);
  r = elara_eval (L, "warn('hidden') warn('@on') warn('a', 'b', 'c') "
                     "warn('@off') warn('hidden')", &error);
  g_assert_no_error (error);
  g_ptr_array_unref (r);
  g_assert_cmpuint (w.messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (w.messages, 0), ==, "abc");
  elara_state_free (L);
  g_ptr_array_unref (w.messages);
}

/* -- Values -------------------------------------------------------------- */

static void
test_value_scalars (void)
{
  ElaraState *L = lib_state (NULL);
  ElaraValue *v;
  gint64 i;
  double n;
  gsize len;

  v = elara_value_new_nil (L);
  g_assert_cmpint (elara_value_type (v), ==, ELARA_TNIL);
  g_assert_true (elara_value_is_nil (v));
  g_assert_false (elara_value_get_boolean (v));
  g_assert_cmpstr (elara_value_type_name (v), ==, "nil");
  elara_value_free (v);

  v = elara_value_new_boolean (L, TRUE);
  g_assert_cmpint (elara_value_type (v), ==, ELARA_TBOOLEAN);
  g_assert_true (elara_value_get_boolean (v));
  g_assert_false (elara_value_get_integer (v, &i));
  elara_value_free (v);

  v = elara_value_new_integer (L, G_MAXINT64);
  g_assert_true (elara_value_is_integer (v));
  g_assert_true (elara_value_get_integer (v, &i));
  g_assert_cmpint (i, ==, G_MAXINT64);
  g_assert_true (elara_value_get_boolean (v));
  g_assert_null (elara_value_get_string (v, NULL));
  elara_value_free (v);

  v = elara_value_new_number (L, 2.5);
  g_assert_false (elara_value_is_integer (v));
  g_assert_false (elara_value_get_integer (v, &i));
  g_assert_true (elara_value_get_number (v, &n));
  g_assert_cmpfloat (n, ==, 2.5);
  elara_value_free (v);

  v = elara_value_new_number (L, 3.0);  /* exact: converts */
  g_assert_true (elara_value_get_integer (v, &i));
  g_assert_cmpint (i, ==, 3);
  elara_value_free (v);

  v = elara_value_new_string (L, "a\0b", 3);
  g_assert_cmpint (elara_value_type (v), ==, ELARA_TSTRING);
  g_assert_cmpmem (elara_value_get_string (v, &len), 3, "a\0b", 3);
  g_assert_cmpuint (len, ==, 3);
  g_assert_false (elara_value_get_number (v, &n));
  elara_value_free (v);

  v = elara_value_new_string (L, " 0x10 ", -1);  /* numeric string */
  g_assert_true (elara_value_get_integer (v, &i));
  g_assert_cmpint (i, ==, 16);
  g_assert_true (elara_value_get_number (v, &n));
  g_assert_cmpfloat (n, ==, 16.0);
  elara_value_free (v);

  v = elara_value_new_table (L);
  g_assert_cmpint (elara_value_type (v), ==, ELARA_TTABLE);
  g_assert_true (elara_set_global (L, "T2", v, NULL));
  g_assert_cmpint (eval_int (L, "T2[1] = 5 return #T2"), ==, 1);
  elara_value_free (v);

  elara_value_free (NULL);
  elara_state_free (L);
}

/* Handles keep their values alive through full collections. */
static void
test_value_gc_safe (void)
{
  ElaraState *L = lib_state (NULL);
  GError *error = NULL;
  GPtrArray *r;
  ElaraValue *t, *s, *copy;
  char *text;
  gsize len;

  r = elara_eval (L, "return {answer = 42}, string.rep('x', 100)", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->len, ==, 2);
  t = g_ptr_array_steal_index (r, 0);
  s = elara_value_copy (g_ptr_array_index (r, 0));
  g_ptr_array_unref (r);
  g_assert_cmpint (eval_int (L, "for i = 1, 1000 do local _ = {i} end "
                                "collectgarbage() collectgarbage() return 1"),
                   ==, 1);
  g_assert_cmpint (elara_value_type (t), ==, ELARA_TTABLE);
  g_assert_cmpuint (strlen (elara_value_get_string (s, &len)), ==, 100);
  g_assert_cmpuint (len, ==, 100);

  /* push it back through the host vtable and read a field */
  elara_value_push (L, t);
  g_assert_cmpint (elara_host ()->getfield (L, -1, "answer"), ==,
                   ELARA_TNUMBER);
  copy = elara_value_new_from_stack (L, -1);
  elara_host ()->settop (L, -3);
  g_assert_cmpint (elara_value_get_boolean (copy), ==, TRUE);
  g_assert_true (elara_value_is_integer (copy));

  text = elara_value_to_string (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "42");
  g_free (text);
  text = elara_value_to_string (t, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "table: "));
  g_free (text);

  g_assert_true (elara_set_global (L, "T", t, &error));
  g_assert_no_error (error);
  g_assert_cmpint (eval_int (L, "return T.answer"), ==, 42);
  elara_value_free (copy);
  copy = elara_get_global (L, "T");
  g_assert_cmpint (elara_value_type (copy), ==, ELARA_TTABLE);
  elara_value_free (copy);
  g_assert_true (elara_set_global (L, "T", NULL, &error));
  copy = elara_get_global (L, "T");
  g_assert_true (elara_value_is_nil (copy));
  elara_value_free (copy);

  elara_value_free (t);
  /* a handle outliving its state is dead but may be freed */
  elara_state_free (L);
  g_assert_cmpint (elara_value_type (s), ==, ELARA_TNONE);
  g_assert_null (elara_value_get_string (s, NULL));
  g_assert_cmpstr (elara_value_type_name (s), ==, "no value");
  elara_value_free (s);
}

static void
test_value_tostring_error (void)
{
  ElaraState *L = lib_state (NULL);
  GError *error = NULL;
  GPtrArray *r;
  char *text;
  r = elara_eval (L, "return setmetatable({}, {__tostring = function () "
                     "error('no text') end})", &error);
  g_assert_no_error (error);
  text = elara_value_to_string (g_ptr_array_index (r, 0), &error);
  g_assert_null (text);
  g_assert_error (error, ELARA_ERROR, ELARA_ERROR_RUNTIME);
  g_assert_nonnull (strstr (error->message, "no text"));
  g_clear_error (&error);
  g_ptr_array_unref (r);
  elara_state_free (L);
}

/* -- Eval and call ---------------------------------------------------------- */

static void
test_eval_results (void)
{
  ElaraState *L = lib_state (NULL);
  const ElaraHost *H = elara_host ();
  GError *error = NULL;
  GPtrArray *r;
  int top = H->gettop (L);

  g_assert_cmpint (eval_int (L, "return 40 + 2"), ==, 42);
  r = elara_eval (L, "return 1, 'two', nil, true", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->len, ==, 4);
  g_assert_cmpstr (elara_value_get_string (g_ptr_array_index (r, 1), NULL),
                   ==, "two");
  g_assert_true (elara_value_is_nil (g_ptr_array_index (r, 2)));
  g_assert_true (elara_value_get_boolean (g_ptr_array_index (r, 3)));
  g_ptr_array_unref (r);
  r = elara_eval (L, "x = 1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->len, ==, 0);
  g_ptr_array_unref (r);
  g_assert_cmpint (H->gettop (L), ==, top);  /* the stack is balanced */
  elara_state_free (L);
}

static void
test_eval_errors (void)
{
  ElaraState *L = lib_state (NULL);
  GError *error = NULL;
  char *msg;

  msg = eval_error (L, "return 1 +", ELARA_ERROR_SYNTAX);
  g_assert_cmpstr (msg, ==, "[string \"return 1 +\"]:1: unexpected symbol "
                            "near <eof>");
  g_free (msg);

  g_assert_null (elara_eval (L, "local t = nil\nreturn t.x", &error));
  g_assert_error (error, ELARA_ERROR, ELARA_ERROR_RUNTIME);
  g_assert_cmpstr (error->message, ==, "[string \"local t = nil...\"]:2: "
                   "attempt to index a nil value (local 't')");
  g_assert_nonnull (elara_error_get_traceback (error));
  g_assert_true (g_str_has_prefix (elara_error_get_traceback (error),
                                   "stack traceback:"));
  g_assert_nonnull (strstr (elara_error_get_traceback (error),
                            "in main chunk"));
  g_clear_error (&error);

  msg = eval_error (L, "error({})", ELARA_ERROR_RUNTIME);
  g_assert_cmpstr (msg, ==, "(error object is a table value)");
  g_free (msg);
  msg = eval_error (L, "error(setmetatable({}, {__tostring = function () "
                       "return 'custom' end}))", ELARA_ERROR_RUNTIME);
  g_assert_cmpstr (msg, ==, "custom");
  g_free (msg);
  msg = eval_error (L, "error('plain', 0)", ELARA_ERROR_RUNTIME);
  g_assert_cmpstr (msg, ==, "plain");
  g_free (msg);

  /* a binary chunk is refused */
  g_assert_null (elara_eval (L, "\x1bLua", &error));
  g_assert_error (error, ELARA_ERROR, ELARA_ERROR_SYNTAX);
  g_clear_error (&error);

  /* a copied error keeps its traceback; other domains have none */
  g_assert_null (elara_eval (L, "error('x')", &error));
  {
    GError *copy = g_error_copy (error);
    g_assert_cmpstr (elara_error_get_traceback (copy), ==,
                     elara_error_get_traceback (error));
    g_error_free (copy);
  }
  g_clear_error (&error);
  error = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOENT, "x");
  g_assert_null (elara_error_get_traceback (error));
  g_clear_error (&error);

  g_assert_cmpint (eval_int (L, "return 7"), ==, 7);  /* still usable */
  elara_state_free (L);
}

static void
test_call (void)
{
  ElaraState *L = lib_state (NULL);
  GError *error = NULL;
  GPtrArray *r, *f;
  ElaraValue *args[3];
  gint64 i;

  r = elara_eval (L, "function sum(...) local s = 0 for _, v in "
                     "ipairs({...}) do s = s + v end return s, select('#', "
                     "...) end", &error);
  g_assert_no_error (error);
  g_ptr_array_unref (r);
  args[0] = elara_value_new_integer (L, 1);
  args[1] = elara_value_new_integer (L, 2);
  args[2] = elara_value_new_string (L, "39", -1);
  r = elara_call_global (L, "sum", 3, args, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->len, ==, 2);
  g_assert_true (elara_value_get_integer (g_ptr_array_index (r, 0), &i));
  g_assert_cmpint (i, ==, 42);
  g_ptr_array_unref (r);

  r = elara_call_global (L, "string.upper", 1, &args[2], &error);
  g_assert_no_error (error);
  g_assert_cmpstr (elara_value_get_string (g_ptr_array_index (r, 0), NULL),
                   ==, "39");
  g_ptr_array_unref (r);

  f = elara_eval (L, "return function (a, b) return b, a end", &error);
  g_assert_no_error (error);
  r = elara_call (L, g_ptr_array_index (f, 0), 2, args, &error);
  g_assert_no_error (error);
  g_assert_true (elara_value_get_integer (g_ptr_array_index (r, 0), &i));
  g_assert_cmpint (i, ==, 2);
  g_ptr_array_unref (r);
  r = elara_call (L, g_ptr_array_index (f, 0), 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->len, ==, 2);
  g_ptr_array_unref (r);
  g_ptr_array_unref (f);

  g_assert_null (elara_call_global (L, "nosuch", 0, NULL, &error));
  g_assert_error (error, ELARA_ERROR, ELARA_ERROR_RUNTIME);
  g_assert_cmpstr (error->message, ==,
                   "attempt to call a nil value (global 'nosuch')");
  g_clear_error (&error);
  g_assert_null (elara_call_global (L, "string.nosuch", 0, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "attempt to call a nil value (field 'nosuch')");
  g_clear_error (&error);
  g_assert_null (elara_call_global (L, "nosuch.f", 0, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "attempt to index a nil value (global 'nosuch')");
  g_clear_error (&error);
  g_assert_null (elara_call (L, args[0], 0, NULL, &error));
  g_assert_error (error, ELARA_ERROR, ELARA_ERROR_RUNTIME);
  g_assert_nonnull (strstr (error->message, "attempt to call a number"));
  g_clear_error (&error);
  r = elara_eval (L, "function fail() error('boom') end", &error);
  g_ptr_array_unref (r);
  g_assert_null (elara_call_global (L, "fail", 0, NULL, &error));
  g_assert_cmpstr (error->message, ==,
                   "[string \"function fail() error('boom') end\"]:1: boom");
  g_assert_nonnull (strstr (elara_error_get_traceback (error),
                            "in function 'fail'"));
  g_clear_error (&error);

  for (i = 0; i < 3; i++)
    elara_value_free (args[i]);
  elara_state_free (L);
}

/* -- Native functions ------------------------------------------------------- */

static gboolean
native_add (ElaraState *L, const ElaraArg *args, ElaraArg *results,
            gpointer user_data, GError **error)
{
  results[0].i = args[0].i + args[1].i;
  return TRUE;
}

static gboolean
native_describe (ElaraState *L, const ElaraArg *args, ElaraArg *results,
                 gpointer user_data, GError **error)
{
  results[0].s = g_strdup_printf ("%s:%g:%d:%s", args[0].s, args[1].n,
                                  args[2].b, elara_value_type_name (args[3].v));
  results[1].v = elara_value_copy (args[3].v);
  results[2].b = TRUE;
  return TRUE;
}

static gboolean
native_fail (ElaraState *L, const ElaraArg *args, ElaraArg *results,
             gpointer user_data, GError **error)
{
  results[0].s = g_strdup ("leaked if not freed");
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no such thing: %s",
               args[0].s);
  return FALSE;
}

/* A native function may run Lua code itself. */
static gboolean
native_reenter (ElaraState *L, const ElaraArg *args, ElaraArg *results,
                gpointer user_data, GError **error)
{
  GPtrArray *r = elara_eval (L, args[0].s, error);
  if (r == NULL)
    return FALSE;
  results[0].v = r->len > 0 ? elara_value_copy (g_ptr_array_index (r, 0))
                            : NULL;
  g_ptr_array_unref (r);
  return TRUE;
}

static void
count_destroy (gpointer data)
{
  (*(int *) data)++;
}

static void
test_native_typed (void)
{
  ElaraState *L = lib_state (NULL);
  GError *error = NULL;
  GPtrArray *r;
  char *msg;
  int destroyed = 0;

  g_assert_true (elara_register_function (L, "add", "ii>i", native_add,
                                          &destroyed, count_destroy, &error));
  g_assert_no_error (error);
  g_assert_cmpint (eval_int (L, "return add(40, 2)"), ==, 42);
  g_assert_cmpint (eval_int (L, "return add('40', 2.0)"), ==, 42);

  msg = eval_error (L, "return add('x', 1)", ELARA_ERROR_RUNTIME);
  g_assert_cmpstr (msg, ==, "[string \"return add('x', 1)\"]:1: bad argument "
                            "#1 to 'add' (number expected, got string)");
  g_free (msg);
  msg = eval_error (L, "return add(1)", ELARA_ERROR_RUNTIME);
  g_assert_cmpstr (msg, ==, "[string \"return add(1)\"]:1: bad argument "
                            "#2 to 'add' (number expected, got no value)");
  g_free (msg);
  msg = eval_error (L, "return add(1.5, 1)", ELARA_ERROR_RUNTIME);
  g_assert_cmpstr (msg, ==, "[string \"return add(1.5, 1)\"]:1: bad argument "
                            "#1 to 'add' (number has no integer "
                            "representation)");
  g_free (msg);

  g_assert_true (elara_register_function (L, "describe", "snbv>svb",
                                          native_describe, NULL, NULL,
                                          &error));
  r = elara_eval (L, "return describe(12, '2.5', nil, {})", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->len, ==, 3);
  g_assert_cmpstr (elara_value_get_string (g_ptr_array_index (r, 0), NULL),
                   ==, "12:2.5:0:table");
  g_assert_cmpint (elara_value_type (g_ptr_array_index (r, 1)), ==,
                   ELARA_TTABLE);
  g_assert_true (elara_value_get_boolean (g_ptr_array_index (r, 2)));
  g_ptr_array_unref (r);
  msg = eval_error (L, "return describe({})", ELARA_ERROR_RUNTIME);
  g_assert_nonnull (strstr (msg, "bad argument #1 to 'describe' (string "
                                 "expected, got table)"));
  g_free (msg);

  g_assert_true (elara_register_function (L, "fail", "s>s", native_fail,
                                          NULL, NULL, &error));
  msg = eval_error (L, "return fail('x')", ELARA_ERROR_RUNTIME);
  g_assert_cmpstr (msg, ==, "[string \"return fail('x')\"]:1: no such thing: x");
  g_free (msg);
  g_assert_cmpint (eval_int (L, "local ok, m = pcall(fail, 'y') "
                                "return (not ok and m:find('no such thing: y')"
                                ") and 1 or 0"), ==, 1);

  g_assert_true (elara_register_function (L, "reenter", "s>v", native_reenter,
                                          NULL, NULL, &error));
  g_assert_cmpint (eval_int (L, "return reenter('return 6 * 7')"), ==, 42);
  msg = eval_error (L, "return reenter('error(\"inner\", 0)')",
                    ELARA_ERROR_RUNTIME);
  g_assert_cmpstr (msg, ==, "[string \"return reenter('error(\"inner\", 0)')\"]"
                            ":1: inner");
  g_free (msg);

  /* the user data is released with the state */
  g_assert_cmpint (destroyed, ==, 0);
  elara_state_free (L);
  g_assert_cmpint (destroyed, ==, 1);
}

static void
test_native_bad_signature (void)
{
  ElaraState *L = lib_state (NULL);
  GError *error = NULL;
  int destroyed = 0;
  const char *bad[] = { "x>i", "i>u", "u{>", "u{}", "ii>i>i",
                        "iiiiiiiiiiiiiiiii" };
  guint k;
  for (k = 0; k < G_N_ELEMENTS (bad); k++) {
    g_assert_false (elara_register_function (L, "f", bad[k], native_add,
                                             &destroyed, count_destroy,
                                             &error));
    g_assert_error (error, ELARA_ERROR, ELARA_ERROR_INVALID);
    g_clear_error (&error);
  }
  /* on failure the user data was released at once */
  g_assert_cmpint (destroyed, ==, (int) G_N_ELEMENTS (bad));
  g_assert_cmpint (eval_int (L, "return f == nil and 1 or 0"), ==, 1);
  elara_state_free (L);
}

/* -- Userdata ----------------------------------------------------------- */

typedef struct {
  double x, y;
} Point;

static int points_finalized;

static void
point_finalize (gpointer data)
{
  points_finalized++;
}

static gboolean
point_new (ElaraState *L, const ElaraArg *args, ElaraArg *results,
           gpointer user_data, GError **error)
{
  Point *p;
  results[0].v = elara_userdata_new (L, "Point", sizeof (Point),
                                     (gpointer *) &p, error);
  if (results[0].v == NULL)
    return FALSE;
  p->x = args[0].n;
  p->y = args[1].n;
  return TRUE;
}

static gboolean
point_x (ElaraState *L, const ElaraArg *args, ElaraArg *results,
         gpointer user_data, GError **error)
{
  results[0].n = ((Point *) args[0].p)->x;
  return TRUE;
}

static gboolean
point_tostring (ElaraState *L, const ElaraArg *args, ElaraArg *results,
                gpointer user_data, GError **error)
{
  Point *p = args[0].p;
  results[0].s = g_strdup_printf ("Point(%g, %g)", p->x, p->y);
  return TRUE;
}

static gboolean
point_add (ElaraState *L, const ElaraArg *args, ElaraArg *results,
           gpointer user_data, GError **error)
{
  Point *a = args[0].p, *b = args[1].p, *p;
  results[0].v = elara_userdata_new (L, "Point", sizeof (Point),
                                     (gpointer *) &p, error);
  if (results[0].v == NULL)
    return FALSE;
  p->x = a->x + b->x;
  p->y = a->y + b->y;
  return TRUE;
}

static const ElaraMethod point_methods[] = {
  { "x", "u{Point}>n", point_x, NULL },
  { "__tostring", "u{Point}>s", point_tostring, NULL },
  { "__add", "u{Point}u{Point}>v", point_add, NULL },
  { NULL, NULL, NULL, NULL }
};

static void
test_userdata (void)
{
  ElaraState *L = lib_state (NULL);
  GError *error = NULL;
  GPtrArray *r;
  ElaraValue *v;
  Point *p;
  char *msg, *text;

  points_finalized = 0;
  g_assert_true (elara_userdata_register_type (L, "Point", point_methods,
                                               point_finalize, &error));
  g_assert_no_error (error);
  g_assert_false (elara_userdata_register_type (L, "Point", point_methods,
                                                NULL, &error));
  g_assert_error (error, ELARA_ERROR, ELARA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (elara_register_function (L, "Point", "nn>v", point_new,
                                          NULL, NULL, &error));

  r = elara_eval (L, "local p = Point(1, 2) + Point(10, 20) "
                     "return p, p:x(), tostring(p)", &error);
  g_assert_no_error (error);
  p = elara_value_get_userdata (g_ptr_array_index (r, 0), "Point");
  g_assert_nonnull (p);
  g_assert_cmpfloat (p->y, ==, 22.0);
  g_assert_null (elara_value_get_userdata (g_ptr_array_index (r, 0),
                                           "Other"));
  g_assert_nonnull (elara_value_get_userdata (g_ptr_array_index (r, 0),
                                              NULL));
  g_assert_cmpstr (elara_value_get_string (g_ptr_array_index (r, 2), NULL),
                   ==, "Point(11, 22)");
  text = elara_value_to_string (g_ptr_array_index (r, 0), &error);
  g_assert_cmpstr (text, ==, "Point(11, 22)");
  g_free (text);
  g_ptr_array_unref (r);

  msg = eval_error (L, "local p = Point(1, 2) return p.x(42)",
                    ELARA_ERROR_RUNTIME);
  g_assert_nonnull (strstr (msg, "bad argument #1 to 'x' (Point expected, "
                                 "got number)"));
  g_free (msg);

  /* created from C */
  v = elara_userdata_new (L, "Point", sizeof (Point), (gpointer *) &p,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (p->x, ==, 0.0);  /* zeroed */
  p->x = 5;
  g_assert_true (elara_set_global (L, "q", v, &error));
  g_assert_cmpint (eval_int (L, "return math.tointeger(q:x())"), ==, 5);
  g_assert_null (elara_userdata_new (L, "Nope", 8, NULL, &error));
  g_assert_error (error, ELARA_ERROR, ELARA_ERROR_INVALID);
  g_clear_error (&error);

  /* finalizers run at collection, once */
  g_assert_cmpint (eval_int (L, "collectgarbage() collectgarbage() return 0"),
                   ==, 0);
  g_assert_cmpint (points_finalized, >=, 3);
  elara_value_free (v);
  elara_state_free (L);
  g_assert_cmpint (points_finalized, ==, 5);  /* 4 from Lua, 1 from C */
}

/* -- Memory limit ------------------------------------------------------- */

static void
test_memory_limit_api (void)
{
  ElaraConfig config;
  GError *error = NULL;
  ElaraState *L;
  char *msg;
  int k;
  elara_config_init (&config);
  config.ignore_env = TRUE;
  config.memory_limit = 1024 * 1024;
  L = elara_state_new (&config, &error);
  g_assert_no_error (error);
  g_assert_true (elara_register_function (L, "add", "ii>i", native_add,
                                          NULL, NULL, &error));
  msg = eval_error (L, "local t = {} for i = 1, 1e8 do t[i] = {i} end",
                    ELARA_ERROR_MEMORY);
  g_assert_cmpstr (msg, ==, "not enough memory");
  g_free (msg);
  msg = eval_error (L, "local s = string.rep('x', 1 << 24)",
                    ELARA_ERROR_MEMORY);
  g_free (msg);
  /* memory errors at every point of native calls (conversions, handles,
  ** owned results): nothing leaks (ASan checks), the state survives */
  g_assert_true (elara_register_function (L, "describe", "snbv>svb",
                                          native_describe, NULL, NULL,
                                          &error));
  for (k = 0; k < 200; k++) {
    /* T keeps what fitted, so each run fails at another allocation */
    msg = eval_error (L, "T = T or {} for i = 1, 1e7 do "
                         "T[#T + 1] = describe(i, i, true, {i}) end",
                      ELARA_ERROR_MEMORY);
    g_free (msg);
    if (k % 50 == 49)
      g_free (eval_error (L, "T = nil collectgarbage() error('x', 0)",
                          ELARA_ERROR_RUNTIME));
  }
  g_free (eval_error (L, "T = nil collectgarbage() error('x', 0)",
                      ELARA_ERROR_RUNTIME));
  /* the state is still usable */
  g_assert_cmpint (eval_int (L, "return add(40, 2)"), ==, 42);
  g_assert_cmpint (eval_int (L, "local t = {} for i = 1, 100 do t[i] = i end "
                                "return #t"), ==, 100);
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
  g_test_add_func ("/embed/state/plugins", test_state_plugins);
  g_test_add_func ("/embed/state/jit-fallback", test_state_jit_fallback);
  g_test_add_func ("/embed/state/warnings", test_state_warnings);
  g_test_add_func ("/embed/value/scalars", test_value_scalars);
  g_test_add_func ("/embed/value/gc-safe", test_value_gc_safe);
  g_test_add_func ("/embed/value/tostring-error", test_value_tostring_error);
  g_test_add_func ("/embed/eval/results", test_eval_results);
  g_test_add_func ("/embed/eval/errors", test_eval_errors);
  g_test_add_func ("/embed/call/global-and-value", test_call);
  g_test_add_func ("/embed/native/typed", test_native_typed);
  g_test_add_func ("/embed/native/bad-signature", test_native_bad_signature);
  g_test_add_func ("/embed/userdata/methods", test_userdata);
  g_test_add_func ("/embed/memory/limit-error", test_memory_limit_api);
  return g_test_run ();
}
