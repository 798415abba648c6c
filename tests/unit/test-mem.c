/*
** test-mem.c: robustness under hostile conditions: an allocator that fails
** at every possible point (or enforces a byte limit), huge allocation
** requests, and hostile binary chunks.  The rule under test: bad input or
** exhausted memory gives a clear error, loses nothing and never crashes;
** the same state keeps working afterwards and frees every byte at close.
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "elara/elara-plugin.h"
#include "host.h"
#include "plugin.h"
#include "state.h"
#include "harness.h"

static const ElaraHost *H;

/* -- A failing, counting allocator ------------------------------------------ */

/* -- Helpers ------------------------------------------------------------------ */

static const char *
plugin_dir (void)
{
  const char *env = g_getenv ("ELARA_PLUGIN_PATH");
  static char *dir;

  if (env != NULL && *env != '\0')
    return env;
  if (dir == NULL)
    dir = g_test_build_filename (G_TEST_BUILT, "..", "plugins", NULL);
  return dir;
}

/* A state on allocator 'm' with the base and coroutine libraries. */
static ElaraState *
new_state (HarnessCtl *m)
{
  const char *dirs[] = { plugin_dir (), NULL };
  ElPluginError error = EL_PLUGIN_ERROR_INIT;
  ElaraState *L = harness_ctl_newstate (m);

  H = el_host_get ();
  el_plugin_setup (G (L), dirs, TRUE, EL_JIT_OFF);
  if (!el_plugin_load (L, "base", &error)
      || !el_plugin_load (L, "coroutine", &error))
    g_error ("cannot load the libraries: %s", error.message);
  return L;
}

static int
load_string (ElaraState *L, const char *src, const char *name)
{
  return H->loadbufferx (L, src, strlen (src), name, NULL);
}

/* Load and run 'src' protected; returns the status, results or the error
** message on the stack. */
static int
run (ElaraState *L, const char *src, int nresults)
{
  int status = load_string (L, src, "=mem");

  if (status != ELARA_OK)
    return status;
  return H->pcallk (L, 0, nresults, 0, 0, NULL);
}

/* The state is sane: it runs code, collects garbage, and its stack is
** where the caller left it. */
static void
check_usable (ElaraState *L)
{
  int top = H->gettop (L);

  g_assert_cmpint (run (L, "return 1 + 1", 1), ==, ELARA_OK);
  g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 2);
  H->settop (L, top);
  g_assert_cmpint (run (L, "local t = {} for i = 1, 100 do t[i] = 'x' .. i end"
                        " return #t .. t[100]", 1), ==, ELARA_OK);
  g_assert_cmpstr (H->tolstring (L, -1, NULL), ==, "100x100");
  H->settop (L, top);
  H->gc (L, ELARA_GCCOLLECT);
  g_assert_cmpint (H->gettop (L), ==, top);
}

/* The status and message of a memory error. */
static void
assert_memerror (ElaraState *L, int status, const char *what, long n)
{
  const char *msg;

  if (status != ELARA_ERRMEM) {
    msg = H->tolstring (L, -1, NULL);
    g_error ("%s, failure at allocation %ld: status %d (%s), expected "
             "ELARA_ERRMEM", what, n, status, msg ? msg : "(not a string)");
  }
  msg = H->tolstring (L, -1, NULL);
  if (msg == NULL || strcmp (msg, "not enough memory") != 0)
    g_error ("%s, failure at allocation %ld: message '%s', expected "
             "'not enough memory'", what, n, msg ? msg : "(not a string)");
}

/* A medium chunk: tables (array and hash parts, growth), strings (short,
** long, built by concatenation with numbers), closures and upvalues,
** varargs, metamethods and coroutines (create/resume and wrap).  No pcall:
** a memory error must travel all the way out ('error (v, 0)' re-raises the
** message of a failed resume as a memory error; 'assert' would not, as it
** prepends the position).  Returns a checksum. */
static const char *const medium_src =
  "local acc = 0\n"
  "local parts = {}\n"
  "for i = 1, 200 do\n"
  "  local s = 'k' .. i .. '_' .. (i * 3) .. '.' .. (i / 4)\n"
  "  parts[#parts + 1] = s\n"
  "  acc = acc + #s\n"
  "end\n"
  "local map = {}\n"
  "for i, s in ipairs (parts) do map[s] = i; map[i * 7919] = s end\n"
  "for k, v in pairs (map) do\n"
  "  if type (v) == 'number' then acc = acc + v end\n"
  "end\n"
  "local long = ''\n"
  "for i = 1, 30 do long = long .. 'abcdefghij' .. i end\n"
  "acc = acc + #long\n"
  "local function counter (n)\n"
  "  local c = 0\n"
  "  return function () c = c + n; return c end\n"
  "end\n"
  "local fs = {}\n"
  "for i = 1, 50 do fs[i] = counter (i) end\n"
  "for i = 1, 50 do acc = acc + fs[i] () + fs[i] () end\n"
  "local function va (...) return select ('#', ...), ... end\n"
  "local n, a, b = va (1, 2, 3, 4, 5)\n"
  "acc = acc + n + a + b\n"
  "local mt = { __index = function (t, k) return k * 2 end,\n"
  "             __concat = function (x, y) return 'cat' end,\n"
  "             __add = function (x, y) return 1000 end }\n"
  "local obj = setmetatable ({}, mt)\n"
  "acc = acc + obj[21] + #(obj .. 'z') + (obj + 1)\n"
  "local gen = coroutine.wrap (function (n)\n"
  "  for i = 1, n do coroutine.yield (i, 'v' .. i) end\n"
  "  return -1\n"
  "end)\n"
  "local x = gen (40)\n"
  "while x ~= -1 do acc = acc + x; x = gen () end\n"
  "local co = coroutine.create (function (m, pre)\n"
  "  local t = {}\n"
  "  for i = 1, m do\n"
  "    t[i] = pre .. i\n"
  "    local inner = coroutine.wrap (function () coroutine.yield (#t[i]) end)\n"
  "    coroutine.yield (inner ())\n"
  "  end\n"
  "  return #t\n"
  "end)\n"
  "local ok, v = coroutine.resume (co, 30, 'str')\n"
  "while coroutine.status (co) ~= 'dead' do\n"
  "  if not ok then error (v, 0) end\n"
  "  acc = acc + v\n"
  "  ok, v = coroutine.resume (co)\n"
  "end\n"
  "if not ok then error (v, 0) end\n"
  "acc = acc + v\n"
  "local nested = {}\n"
  "for i = 1, 20 do nested = { nested, i, { i, tostring (i) } } end\n"
  "local depth = 0\n"
  "while nested[1] do depth = depth + nested[2]; nested = nested[1] end\n"
  "return acc + depth, long\n";

static ElaraInteger medium_checksum;
static char *medium_long;

/* Run the medium chunk once with a healthy allocator to learn its result. */
static void
learn_medium (void)
{
  HarnessCtl m = { 0 };
  ElaraState *L;
  int status;

  if (medium_long != NULL)
    return;
  L = new_state (&m);
  status = run (L, medium_src, 2);
  if (status != ELARA_OK)
    g_error ("medium chunk: %s", H->tolstring (L, -1, NULL));
  medium_checksum = H->tointegerx (L, 1, NULL);
  medium_long = g_strdup (H->tolstring (L, 2, NULL));
  H->settop (L, 0);
  harness_ctl_closestate (L, &m);
}

static void
check_medium_results (ElaraState *L, const char *what, long n)
{
  if (H->tointegerx (L, -2, NULL) != medium_checksum
      || g_strcmp0 (H->tolstring (L, -1, NULL), medium_long) != 0)
    g_error ("%s, failure at %ld: the run succeeded with wrong results "
             "(%" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT ")", what,
             n, (gint64) H->tointegerx (L, -2, NULL),
             (gint64) medium_checksum);
}

/* -- State creation ---------------------------------------------------------- */

/* el_state_new with the N-th allocation failing (and every later one):
** NULL with nothing leaked, or a usable state. */
static void
test_state_new_fail_nth (void)
{
  long n;

  for (n = 1; n < 100000; n++) {
    HarnessCtl m = { 0 };
    ElaraState *L;

    harness_ctl_fail_from (&m, n, FALSE);
    L = el_state_new (harness_ctl_alloc, &m, 7);
    if (L == NULL) {
      g_assert_cmpuint (m.bytes, ==, 0);
      continue;
    }
    H = el_host_get ();
    if (m.nfailed == 0) {
      /* created without any refusal: the loop has covered every point */
      harness_ctl_stop_failing (&m);
      g_assert_cmpint (run (L, "return 1 + 1", 1), ==, ELARA_OK);
      g_assert_cmpint (H->tointegerx (L, -1, NULL), ==, 2);
      H->settop (L, 0);
      harness_ctl_closestate (L, &m);
      g_test_message ("state creation takes %ld allocations", n - 1);
      return;
    }
    /* refused but survived (the allocation was optional): must work */
    harness_ctl_stop_failing (&m);
    check_usable (L);
    harness_ctl_closestate (L, &m);
  }
  g_assert_not_reached ();
}

/* One-shot failures during creation: the retry is not possible while the
** state is being built, so NULL is fine; a state returned must work. */
static void
test_state_new_fail_once (void)
{
  long n;

  for (n = 1; n < 100000; n++) {
    HarnessCtl m = { 0 };
    ElaraState *L;

    harness_ctl_fail_from (&m, n, TRUE);
    L = el_state_new (harness_ctl_alloc, &m, 7);
    if (L == NULL) {
      g_assert_cmpuint (m.bytes, ==, 0);
      continue;
    }
    H = el_host_get ();
    harness_ctl_stop_failing (&m);
    check_usable (L);
    harness_ctl_closestate (L, &m);
    if (m.nfailed == 0)
      return;
  }
  g_assert_not_reached ();
}

/* Loading the libraries with allocations failing: the loader reports a
** GError (or succeeds), the state stays usable and leak-free. */
static void
test_plugin_load_fail_nth (void)
{
  const char *dirs[] = { plugin_dir (), NULL };
  long n;

  for (n = 1; n < 100000; n++) {
    HarnessCtl m = { 0 };
    ElaraState *L = el_state_new (harness_ctl_alloc, &m, 7);
    ElPluginError error = EL_PLUGIN_ERROR_INIT;
    gboolean ok;

    g_assert_nonnull (L);
    H = el_host_get ();
    el_plugin_setup (G (L), dirs, TRUE, EL_JIT_OFF);
    harness_ctl_fail_from (&m, n, FALSE);
    ok = el_plugin_load (L, "base", &error)
         && el_plugin_load (L, "coroutine", &error);
    harness_ctl_stop_failing (&m);
    if (!ok) {
      g_assert_nonnull (error.message);
      g_assert_nonnull (strstr (error.message, "not enough memory"));
      el_plugin_error_clear (&error);
    }
    g_assert_cmpint (H->gettop (L), ==, 0);
    check_usable (L);
    harness_ctl_closestate (L, &m);
    if (ok && m.nfailed == 0)
      return;
  }
  g_assert_not_reached ();
}

/* -- Compiling and running ---------------------------------------------------- */

/* Compile and run the medium chunk with the N-th allocation (and every
** later one) failing, for every N, each on a fresh state: a memory error
** or the right result, then the state must recover. */
static void
run_fail_nth (gboolean one_shot, gboolean same_state)
{
  HarnessCtl m = { 0 };
  ElaraState *L = NULL;
  long n;
  const char *what = one_shot ? "fail-once" : "fail-from";

  learn_medium ();
  for (n = 1; n < 1000000; n++) {
    int status;

    if (L == NULL)
      L = new_state (&m);
    harness_ctl_fail_from (&m, n, one_shot);
    status = load_string (L, medium_src, "=medium");
    if (status == ELARA_OK)
      status = H->pcallk (L, 0, 2, 0, 0, NULL);
    harness_ctl_stop_failing (&m);
    if (status == ELARA_OK)
      check_medium_results (L, what, n);
    else
      assert_memerror (L, status, what, n);
    H->settop (L, 0);
    check_usable (L);
    if (status == ELARA_OK) {
      /* the run also works again, fully, on the same state */
      g_assert_cmpint (run (L, medium_src, 2), ==, ELARA_OK);
      check_medium_results (L, what, n);
      H->settop (L, 0);
    }
    if (!same_state) {
      harness_ctl_closestate (L, &m);
      L = NULL;
    }
    if (m.nfailed == 0) {
      g_test_message ("%s: covered %ld allocation points", what, n - 1);
      break;
    }
  }
  if (L != NULL)
    harness_ctl_closestate (L, &m);
}

static void
test_run_fail_nth (void)
{
  run_fail_nth (FALSE, FALSE);
}

static void
test_run_fail_once (void)
{
  run_fail_nth (TRUE, FALSE);
}

static void
test_run_fail_nth_same_state (void)
{
  run_fail_nth (FALSE, TRUE);
}

/* Errors, handlers and finalizers under memory failure: xpcall with a
** message handler that allocates, __close handlers that allocate while an
** error unwinds, error objects that are tables, __gc finalizers, weak
** tables, a stack grown by deep recursion, and 'select' over varargs.  A
** memory error caught on the way is re-raised as one ('error (e, 0)'
** keeps it a memory error), so the run ends with ELARA_ERRMEM or with the
** right result. */
static const char *const handlers_src =
  "local acc, log = 0, {}\n"
  "local weak = setmetatable ({}, { __mode = 'k' })\n"
  "local function handler (m)\n"
  "  if m == 'not enough memory' then return m end\n"
  "  return 'handled: ' .. tostring (type (m) == 'table' and m.code or m)\n"
  "end\n"
  "for i = 1, 30 do\n"
  "  local ok, e = xpcall (function (n)\n"
  "    local c <close> = setmetatable ({}, { __close = function ()\n"
  "      log[#log + 1] = 'closed' .. n end })\n"
  "    weak[{}] = n\n"
  "    setmetatable ({}, { __gc = function () end })\n"
  "    if n % 2 == 0 then error ({ code = n }) end\n"
  "    if n % 3 == 0 then error ('str' .. n) end\n"
  "    return n\n"
  "  end, handler, i)\n"
  "  if e == 'not enough memory' then error (e, 0) end\n"
  "  if ok then acc = acc + e else acc = acc + #e end\n"
  "end\n"
  "local function deep (n) if n == 0 then return 0 end\n"
  "  return 1 + deep (n - 1) end\n"
  "acc = acc + deep (3000) + #log\n"
  "local function va (...) return select ('#', ...) end\n"
  "acc = acc + va (1, 2, 3, nil, nil)\n"
  "local ok, e = pcall (error, setmetatable ({}, { __tostring =\n"
  "  function () return 'obj' end }))\n"
  "if e == 'not enough memory' then error (e, 0) end\n"
  "acc = acc + #tostring (e)\n"
  "return acc, log[#log]\n";

static void
test_run_handlers_fail_nth (void)
{
  HarnessCtl m = { 0 };
  ElaraState *L = new_state (&m);
  ElaraInteger want;
  char *want_log;
  long n;

  g_assert_cmpint (run (L, handlers_src, 2), ==, ELARA_OK);
  want = H->tointegerx (L, 1, NULL);
  want_log = g_strdup (H->tolstring (L, 2, NULL));
  H->settop (L, 0);
  harness_ctl_closestate (L, &m);
  for (n = 1; n < 1000000; n++) {
    int status;

    L = new_state (&m);
    harness_ctl_fail_from (&m, n, FALSE);
    status = load_string (L, handlers_src, "=mem");
    if (status == ELARA_OK)
      status = H->pcallk (L, 0, 2, 0, 0, NULL);
    harness_ctl_stop_failing (&m);
    if (status == ELARA_OK) {
      if (H->tointegerx (L, 1, NULL) != want
          || g_strcmp0 (H->tolstring (L, 2, NULL), want_log) != 0)
        g_error ("handlers, failure at %ld: wrong results %" G_GINT64_FORMAT
                 " '%s', expected %" G_GINT64_FORMAT " '%s'", n,
                 (gint64) H->tointegerx (L, 1, NULL), H->tolstring (L, 2, NULL),
                 (gint64) want, want_log);
    }
    else
      assert_memerror (L, status, "handlers", n);
    H->settop (L, 0);
    check_usable (L);
    harness_ctl_closestate (L, &m);
    if (m.nfailed == 0)
      break;
  }
  g_free (want_log);
}

/* The same with a byte limit that grows by 'step' each round, on one
** state. */
static void
test_run_byte_limit (void)
{
  HarnessCtl m = { 0 };
  ElaraState *L;
  size_t base, limit;
  int rounds = 0;

  learn_medium ();
  L = new_state (&m);
  H->gc (L, ELARA_GCCOLLECT);
  base = m.bytes;
  for (limit = base; ; limit += 384) {
    int status;

    m.limit = limit;
    m.nfailed = 0;
    status = load_string (L, medium_src, "=medium");
    if (status == ELARA_OK)
      status = H->pcallk (L, 0, 2, 0, 0, NULL);
    harness_ctl_stop_failing (&m);
    rounds++;
    if (status == ELARA_OK) {
      check_medium_results (L, "limit", (long) limit);
      H->settop (L, 0);
      check_usable (L);
      if (m.nfailed == 0)
        break;
      continue;
    }
    assert_memerror (L, status, "limit", (long) limit);
    H->settop (L, 0);
    check_usable (L);
  }
  g_test_message ("byte limit: %d rounds, base %zu, peak %zu", rounds, base,
                  m.peak);
  harness_ctl_closestate (L, &m);
}

/* A binary chunk of the medium source, loaded with allocations failing. */
static int
bytes_writer (ElaraState *L, const void *p, size_t sz, void *ud)
{
  (void) L;
  if (p != NULL)
    g_byte_array_append (ud, p, (guint) sz);
  return 0;
}

static void
test_undump_fail_nth (void)
{
  HarnessCtl m = { 0 };
  ElaraState *L;
  GByteArray *chunk = g_byte_array_new ();
  long n;

  learn_medium ();
  L = new_state (&m);
  g_assert_cmpint (load_string (L, medium_src, "=medium"), ==, ELARA_OK);
  g_assert_cmpint (H->dump (L, bytes_writer, chunk, 0), ==, 0);
  H->settop (L, 0);
  for (n = 1; n < 1000000; n++) {
    int status;

    harness_ctl_fail_from (&m, n, FALSE);
    status = H->loadbufferx (L, (const char *) chunk->data, chunk->len,
                             "=bin", "b");
    harness_ctl_stop_failing (&m);
    if (status == ELARA_OK) {
      g_assert_cmpint (H->pcallk (L, 0, 2, 0, 0, NULL), ==, ELARA_OK);
      check_medium_results (L, "undump", n);
    }
    else
      assert_memerror (L, status, "undump", n);
    H->settop (L, 0);
    check_usable (L);
    if (m.nfailed == 0)
      break;
  }
  g_byte_array_unref (chunk);
  harness_ctl_closestate (L, &m);
}

/* -- Huge requests ------------------------------------------------------------- */

/* Lua code that wants far more memory than the state may have gets a
** memory error, and the memory comes back afterwards. */
static void
test_huge_from_lua (void)
{
  static const char *const hogs[] = {
    /* array part doubling */
    "local t = {} for i = 1, 1e9 do t[i] = i end",
    /* hash part doubling */
    "local t = {} for i = 1, 1e9 do t[i * 1.5] = true end",
    /* string doubling by concatenation */
    "local s = 'x' for i = 1, 40 do s = s .. s end return #s",
    /* many live strings */
    "local t = {} for i = 1, 1e9 do t[i] = 'str' .. i end",
    /* many closures and upvalues */
    "local t = {} for i = 1, 1e9 do t[i] = function () return i end end",
    /* many coroutines */
    "local t = {} for i = 1, 1e9 do t[i] = coroutine.create (print) end",
    /* a deep chain of tables */
    "local t = {} for i = 1, 1e9 do t = { t } end",
    /* many table fields with string keys */
    "local t = {} for i = 1, 1e9 do t['k' .. i] = i end",
  };
  HarnessCtl m = { 0 };
  ElaraState *L = new_state (&m);
  size_t base;
  guint i;

  H->gc (L, ELARA_GCCOLLECT);
  base = m.bytes;
  for (i = 0; i < G_N_ELEMENTS (hogs); i++) {
    int status;

    /* the core's own limit (what elara_state_new's memory_limit sets) */
    G (L)->memlimit = base + 4 * 1024 * 1024;
    status = run (L, hogs[i], 0);
    G (L)->memlimit = 0;
    if (status != ELARA_ERRMEM)
      g_error ("hog %u (%s): status %d (%s)", i, hogs[i], status,
               H->tolstring (L, -1, NULL));
    assert_memerror (L, status, hogs[i], 0);
    H->settop (L, 0);
    check_usable (L);
    H->gc (L, ELARA_GCCOLLECT);
    /* the garbage of the failed run was collected */
    g_assert_cmpuint (m.bytes, <, base + 256 * 1024);

    /* the allocator's limit (an embedder's allocator saying no) */
    m.limit = base + 4 * 1024 * 1024;
    status = run (L, hogs[i], 0);
    m.limit = 0;
    assert_memerror (L, status, hogs[i], 1);
    H->settop (L, 0);
    check_usable (L);
  }
  harness_ctl_closestate (L, &m);
}

/* A C function that asks for an absurd amount through the API, run
** protected. */
static int
ask_userdata (ElaraState *L)
{
  size_t sz = (size_t) H->tointegerx (L, 1, NULL);

  if (H->tointegerx (L, 2, NULL) != 0)  /* (0 is true in Lua) */
    sz = SIZE_MAX - (size_t) H->tointegerx (L, 1, NULL);
  H->newuserdatauv (L, sz, 0);
  return 1;
}

static int
ask_table (ElaraState *L)
{
  H->createtable (L, (int) H->tointegerx (L, 1, NULL),
                  (int) H->tointegerx (L, 2, NULL));
  return 1;
}

static int
ask_stack (ElaraState *L)
{
  H->pushboolean (L, H->checkstack (L, (int) H->tointegerx (L, 1, NULL)));
  return 1;
}

static int
call_c (ElaraState *L, ElaraCFunction f, ElaraInteger a, ElaraInteger b)
{
  H->pushcclosure (L, f, 0);
  H->pushinteger (L, a);
  H->pushinteger (L, b);
  return H->pcallk (L, 2, 1, 0, 0, NULL);
}

static void
test_huge_from_api (void)
{
  HarnessCtl m = { 0 };
  ElaraState *L = new_state (&m);
  int status;
  ElaraInteger k;

  m.limit = 64 * 1024 * 1024;
  /* a plain too-large userdata: memory error */
  status = call_c (L, ask_userdata, (ElaraInteger) 1 << 40, 0);
  assert_memerror (L, status, "userdata 2^40", 0);
  H->settop (L, 0);
  /* sizes near SIZE_MAX must not wrap around into a small block: a
  ** memory error ("not enough memory") or the reference's
  ** "memory allocation error: block too big", never success */
  for (k = 0; k < 64; k++) {
    status = call_c (L, ask_userdata, k, 1);
    if (status == ELARA_ERRRUN) {
      g_assert_nonnull (strstr (H->tolstring (L, -1, NULL), "block too big"));
    }
    else if (status != ELARA_ERRMEM) {
      g_error ("newuserdatauv (SIZE_MAX - %d): status %d", (int) k, status);
    }
    H->settop (L, 0);
  }
  /* createtable with huge sizes */
  status = call_c (L, ask_table, 1 << 30, 0);
  g_assert_cmpint (status, !=, ELARA_OK);
  H->settop (L, 0);
  status = call_c (L, ask_table, 0, 1 << 30);
  g_assert_cmpint (status, !=, ELARA_OK);
  H->settop (L, 0);
  status = call_c (L, ask_table, INT32_MAX, INT32_MAX);
  g_assert_cmpint (status, !=, ELARA_OK);
  H->settop (L, 0);
  /* checkstack far beyond the limit answers no, it does not raise */
  status = call_c (L, ask_stack, 2000000, 0);
  g_assert_cmpint (status, ==, ELARA_OK);
  g_assert_false (H->toboolean (L, -1));
  H->settop (L, 0);
  status = call_c (L, ask_stack, INT32_MAX, 0);
  g_assert_cmpint (status, ==, ELARA_OK);
  g_assert_false (H->toboolean (L, -1));
  H->settop (L, 0);
  harness_ctl_stop_failing (&m);
  check_usable (L);
  harness_ctl_closestate (L, &m);
}

/* -- Hostile binary chunks ------------------------------------------------------- */

/* A function using most of the instruction set and every constant kind. */
static const char *const bin_src =
  "local a, b = 1, 2.5\n"
  "local s = 'short' .. \"string\" .. 1\n"
  "local long = 'a long string constant that is not internalised at all'\n"
  "local t = { 1, 2, 3, x = 1, ['y z'] = false, nil, true, 0.5 }\n"
  "local function f (x, ...)\n"
  "  local n = select ('#', ...)\n"
  "  for i = 1, n do x = x + i end\n"
  "  for i = 3.0, 1, -0.5 do x = x + i end\n"
  "  for k, v in pairs (t) do x = x + 1 end\n"
  "  while x > 100 do x = x // 2 end\n"
  "  repeat x = x - 1 until x < 50\n"
  "  if x == 3 then goto done end\n"
  "  x = x * 2 ^ 1 % 7 | 1 & 3 ~ 5 << 1 >> 1\n"
  "  ::done::\n"
  "  return x, ...\n"
  "end\n"
  "local function g () return function () return a + b, s, long end end\n"
  "t.z = g () ()\n"
  "local c <const> = 42\n"
  "do local cl <close> = setmetatable ({}, { __close = function () end }) end\n"
  "local co = coroutine.wrap (function (p) local q = coroutine.yield (p + 1)"
  " return q * 2 end)\n"
  "local r1 = co (1)\n"
  "return f (a, b, c), #t, -a, not b, ~a, t.x, t[1], t[a], r1, co (5),"
  " s .. long, t.z\n";

/* Run the function on the top with an instruction budget so a mutated
** chunk that loops forever ends with an error. */
static void
budget_hook (ElaraState *L, ElaraDebug *ar)
{
  (void) ar;
  H->pushstring (L, "instruction budget exhausted");
  H->error (L);
}

static void
dump_top (ElaraState *L, int strip, GByteArray *out)
{
  g_byte_array_set_size (out, 0);
  g_assert_cmpint (H->dump (L, bytes_writer, out, strip), ==, 0);
}

/* Load 'len' bytes; an error must be a syntax error with a message
** naming the chunk; a success is run under the instruction budget and a
** memory limit (a mutated chunk may loop or double a string forever).
** With 'fresh', on a state of its own: a mutated chunk may have changed
** the globals, and each case should be reproducible alone. */
static int
try_chunk (ElaraState *L, const guint8 *p, size_t len, gboolean call,
           gboolean fresh)
{
  HarnessCtl m = { 0 };
  int status;

  if (fresh)
    L = new_state (&m);
  status = H->loadbufferx (L, (const char *) p, len, "=hostile", "b");
  if (status != ELARA_OK) {
    const char *msg = H->tolstring (L, -1, NULL);

    if (status != ELARA_ERRSYNTAX && status != ELARA_ERRMEM)
      g_error ("hostile chunk: status %d (%s)", status, msg);
    /* (the first byte changed: not a binary chunk any more) */
    if (status == ELARA_ERRSYNTAX
        && (msg == NULL || (!g_str_has_prefix (msg, "hostile")
                            && strcmp (msg, "attempt to load a text chunk "
                                       "(mode is 'b')") != 0)))
      g_error ("hostile chunk: message '%s' does not name the chunk", msg);
  }
  else if (call) {
    G (L)->memlimit = 64 * 1024 * 1024;
    H->sethook (L, budget_hook, ELARA_MASKCOUNT, 100000);
    (void) H->pcallk (L, 0, ELARA_MULTRET, 0, 0, NULL);
    H->sethook (L, NULL, 0, 0);
    G (L)->memlimit = 0;
  }
  H->settop (L, 0);
  if (fresh) {
    H->gc (L, ELARA_GCCOLLECT);  /* what the run left must be sound */
    harness_ctl_closestate (L, &m);
  }
  return status;
}

/* Run the current test's body in a subprocess: a crash on a hostile chunk
** then fails this test only, and the others still run. */
static gboolean
in_subprocess (void)
{
  if (g_test_subprocess ())
    return TRUE;
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT
                          | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void
test_undump_roundtrip (void)
{
  HarnessCtl m = { 0 };
  ElaraState *L = new_state (&m);
  GByteArray *d = g_byte_array_new ();
  int strip;

  for (strip = 0; strip <= 1; strip++) {
    int nres, i;
    GPtrArray *expect = g_ptr_array_new_with_free_func (g_free);

    g_assert_cmpint (load_string (L, bin_src, "=bin"), ==, ELARA_OK);
    dump_top (L, strip, d);
    g_assert_cmpint (H->pcallk (L, 0, ELARA_MULTRET, 0, 0, NULL), ==,
                     ELARA_OK);
    nres = H->gettop (L);
    g_assert_cmpint (nres, >=, 10);
    for (i = 1; i <= nres; i++)
      g_ptr_array_add (expect, g_strdup (H->tolstring (L, i, NULL)));
    H->settop (L, 0);
    g_assert_cmpint (H->loadbufferx (L, (const char *) d->data, d->len,
                                     "=bin", "b"), ==, ELARA_OK);
    g_assert_cmpint (H->pcallk (L, 0, ELARA_MULTRET, 0, 0, NULL), ==,
                     ELARA_OK);
    g_assert_cmpint (H->gettop (L), ==, nres);
    for (i = 1; i <= nres; i++)
      g_assert_cmpstr (H->tolstring (L, i, NULL), ==,
                       g_ptr_array_index (expect, i - 1));
    H->settop (L, 0);
    /* mode "t" refuses a binary chunk with the reference's message */
    g_assert_cmpint (H->loadbufferx (L, (const char *) d->data, d->len,
                                     "=bin", "t"), ==, ELARA_ERRSYNTAX);
    g_assert_cmpstr (H->tolstring (L, -1, NULL), ==,
                     "attempt to load a binary chunk (mode is 't')");
    H->settop (L, 0);
    g_ptr_array_unref (expect);
  }
  g_byte_array_unref (d);
  harness_ctl_closestate (L, &m);
}

static void
undump_truncated_body (void)
{
  HarnessCtl m = { 0 };
  ElaraState *L = new_state (&m);
  GByteArray *d = g_byte_array_new ();
  int strip;

  for (strip = 0; strip <= 1; strip++) {
    size_t len;

    g_assert_cmpint (load_string (L, bin_src, "=bin"), ==, ELARA_OK);
    dump_top (L, strip, d);
    H->settop (L, 0);
    for (len = 1; len < d->len; len++) {
      int status = try_chunk (L, d->data, len, FALSE, FALSE);

      if (status != ELARA_ERRSYNTAX)
        g_error ("chunk truncated to %zu of %u bytes: status %d", len,
                 d->len, status);
    }
    /* the reference's wording for the common case */
    H->loadbufferx (L, (const char *) d->data, d->len / 2, "=hostile", "b");
    g_assert_cmpstr (H->tolstring (L, -1, NULL), ==,
                     "hostile: truncated precompiled chunk");
    H->settop (L, 0);
  }
  g_byte_array_unref (d);
  check_usable (L);
  harness_ctl_closestate (L, &m);
}

static void
test_undump_truncated (void)
{
  if (in_subprocess ())
    undump_truncated_body ();
}

/* Every byte set to 0x00, 0xff, and its value + 1: load must answer (an
** error or a function), and an accepted function must run (or fail) under
** an instruction budget without crashing. */
static void
undump_byte_flips_body (void)
{
  HarnessCtl m = { 0 };
  ElaraState *L = new_state (&m);
  GByteArray *d = g_byte_array_new ();
  GByteArray *c = g_byte_array_new ();
  int strip;
  long accepted = 0, rejected = 0;

  for (strip = 0; strip <= 1; strip++) {
    guint pos;

    g_assert_cmpint (load_string (L, bin_src, "=bin"), ==, ELARA_OK);
    dump_top (L, strip, d);
    H->settop (L, 0);
    for (pos = 0; pos < d->len; pos++) {
      guint8 vals[3] = { 0x00, 0xff, (guint8) (d->data[pos] + 1) };
      int v;

      for (v = 0; v < 3; v++) {
        if (vals[v] == d->data[pos])
          continue;
        g_byte_array_set_size (c, 0);
        g_byte_array_append (c, d->data, d->len);
        c->data[pos] = vals[v];
        if (try_chunk (L, c->data, c->len, TRUE, TRUE) == ELARA_OK)
          accepted++;
        else
          rejected++;
      }
    }
  }
  g_test_message ("byte flips: %ld accepted, %ld rejected", accepted,
                  rejected);
  g_assert_cmpint (rejected, >, 0);
  g_byte_array_unref (c);
  g_byte_array_unref (d);
  check_usable (L);
  harness_ctl_closestate (L, &m);
}

static void
test_undump_byte_flips (void)
{
  if (in_subprocess ())
    undump_byte_flips_body ();
}

/* Random multi-byte corruption of random lengths, run when accepted. */
static void
undump_random_body (void)
{
  HarnessCtl m = { 0 };
  ElaraState *L = new_state (&m);
  GByteArray *d = g_byte_array_new ();
  GByteArray *c = g_byte_array_new ();
  GRand *rand = g_rand_new_with_seed (0xe1a7a);
  int iter, iters = g_test_slow () ? 100000 : 5000;

  g_assert_cmpint (load_string (L, bin_src, "=bin"), ==, ELARA_OK);
  dump_top (L, 0, d);
  H->settop (L, 0);
  for (iter = 0; iter < iters; iter++) {
    int k, nflips = g_rand_int_range (rand, 1, 8);

    g_byte_array_set_size (c, 0);
    g_byte_array_append (c, d->data, d->len);
    for (k = 0; k < nflips; k++) {
      guint pos = (guint) g_rand_int_range (rand, 1, (gint32) c->len);

      c->data[pos] = (guint8) g_rand_int_range (rand, 0, 256);
    }
    try_chunk (L, c->data, (size_t) g_rand_int_range (rand, 1,
                                                      (gint32) c->len + 1),
               TRUE, TRUE);
  }
  g_rand_free (rand);
  g_byte_array_unref (c);
  g_byte_array_unref (d);
  check_usable (L);
  harness_ctl_closestate (L, &m);
}

static void
test_undump_random (void)
{
  if (in_subprocess ())
    undump_random_body ();
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mem/state/new-fail-nth", test_state_new_fail_nth);
  g_test_add_func ("/mem/state/new-fail-once", test_state_new_fail_once);
  g_test_add_func ("/mem/state/plugin-load-fail-nth",
                   test_plugin_load_fail_nth);
  g_test_add_func ("/mem/run/fail-nth", test_run_fail_nth);
  g_test_add_func ("/mem/run/fail-once", test_run_fail_once);
  g_test_add_func ("/mem/run/fail-nth-same-state",
                   test_run_fail_nth_same_state);
  g_test_add_func ("/mem/run/handlers-fail-nth", test_run_handlers_fail_nth);
  g_test_add_func ("/mem/run/byte-limit", test_run_byte_limit);
  g_test_add_func ("/mem/run/undump-fail-nth", test_undump_fail_nth);
  g_test_add_func ("/mem/huge/from-lua", test_huge_from_lua);
  g_test_add_func ("/mem/huge/from-api", test_huge_from_api);
  g_test_add_func ("/mem/undump/roundtrip", test_undump_roundtrip);
  g_test_add_func ("/mem/undump/truncated", test_undump_truncated);
  g_test_add_func ("/mem/undump/byte-flips", test_undump_byte_flips);
  g_test_add_func ("/mem/undump/random", test_undump_random);
  status = g_test_run ();
  g_free (medium_long);
  return status;
}
