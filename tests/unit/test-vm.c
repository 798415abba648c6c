/*
** test-vm.c: the interpreter, calls, metamethods, closures, tbc variables
** and coroutines, checked by running small chunks
** SPDX-License-Identifier: MIT
**
** Each case compiles a chunk through the API (load sets _ENV), runs it
** protected and compares a printable rendering of its results (tab
** separated; "ERR: <message>" for an error) with the expected text.  A few
** helpers (setmetatable, error, pcall, select, coroutine functions, type)
** are registered directly so the tests do not depend on library plugins.
*/
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "api.h"
#include "auxlib.h"
#include "call.h"
#include "harness.h"
#include "jit.h"
#include "opcodes.h"
#include "state.h"

/* -- Helpers available to the chunks ------------------------------------ */

static int
t_setmetatable (ElaraState *L)
{
  el_api_settop (L, 2);
  el_api_setmetatable (L, 1);
  return 1;
}

/* error(msg [, level]) with the base library's position rule. */
static int
t_error (ElaraState *L)
{
  ElaraInteger level = el_auxlib_optinteger (L, 2, 1);
  el_api_settop (L, 1);
  if (el_api_type (L, 1) == ELARA_TSTRING && level > 0) {
    el_auxlib_where (L, (int) level);
    el_api_pushvalue (L, 1);
    el_api_concat (L, 2);
  }
  return el_api_error (L);
}

static int
t_finishpcall (ElaraState *L, int status, ElaraKContext extra)
{
  if (status != ELARA_OK && status != ELARA_YIELD) {
    el_api_pushboolean (L, 0);
    el_api_pushvalue (L, -2);
    return 2;
  }
  return el_api_gettop (L) - (int) extra;
}

static int
t_pcall (ElaraState *L)
{
  int status;
  el_api_pushboolean (L, 1);
  el_api_rotate (L, 1, 1);
  status = el_api_pcallk (L, el_api_gettop (L) - 2, ELARA_MULTRET, 0, 0,
                          t_finishpcall);
  return t_finishpcall (L, status, 0);
}

static int
t_select (ElaraState *L)
{
  int n = el_api_gettop (L);
  if (el_api_type (L, 1) == ELARA_TSTRING) {
    el_api_pushinteger (L, n - 1);
    return 1;
  }
  else {
    ElaraInteger i = el_api_tointegerx (L, 1, NULL);
    if (i < 0)
      i = n + i;
    else if (i > n)
      i = n;
    return n - (int) i;
  }
}

static int
t_type (ElaraState *L)
{
  el_api_pushstring (L, el_api_typename_ (L, el_api_type (L, 1)));
  return 1;
}

static int
t_cocreate (ElaraState *L)
{
  ElaraState *co = el_api_newthread (L);
  el_api_pushvalue (L, 1);
  el_api_xmove (L, co, 1);
  return 1;
}

static int
t_coresume (ElaraState *L)
{
  ElaraState *co = el_api_tothread (L, 1);
  int narg = el_api_gettop (L) - 1;
  int nres, status;
  el_api_xmove (L, co, narg);
  status = el_api_resume (co, L, narg, &nres);
  if (status == ELARA_OK || status == ELARA_YIELD) {
    el_api_pushboolean (L, 1);
    el_api_xmove (co, L, nres);
    return nres + 1;
  }
  el_api_xmove (co, L, 1);  /* no-op when a coroutine resumes itself */
  el_api_pushboolean (L, 0);
  el_api_rotate (L, -2, 1);
  return 2;
}

static int
t_coyield (ElaraState *L)
{
  return el_api_yieldk (L, el_api_gettop (L), 0, NULL);
}

static int
t_costatus (ElaraState *L)
{
  ElaraState *co = el_api_tothread (L, 1);
  const char *s;
  if (co == L)
    s = "running";
  else {
    switch (el_api_status (co)) {
      case ELARA_YIELD:
        s = "suspended";
        break;
      case ELARA_OK: {
        ElaraDebug ar;
        if (el_api_getstack (co, 0, &ar))
          s = "normal";
        else if (el_api_gettop (co) == 0)
          s = "dead";
        else
          s = "suspended";
        break;
      }
      default:
        s = "dead";
        break;
    }
  }
  el_api_pushstring (L, s);
  return 1;
}

/* sethook(): count call, return and line events in C (no debug library
** needed); hookcounts() returns them and removes the hook. */
static int t_ncall, t_nret, t_nline;

static void
t_hook (ElaraState *L, ElaraDebug *ar)
{
  (void) L;
  switch (ar->event) {
    case ELARA_HOOKCALL: case ELARA_HOOKTAILCALL: t_ncall++; break;
    case ELARA_HOOKRET: t_nret++; break;
    case ELARA_HOOKLINE: t_nline++; break;
    default: break;
  }
}

static int
t_sethook (ElaraState *L)
{
  t_ncall = t_nret = t_nline = 0;
  el_api_sethook (L, t_hook, ELARA_MASKCALL | ELARA_MASKRET | ELARA_MASKLINE,
                  0);
  return 0;
}

static int
t_hookcounts (ElaraState *L)
{
  el_api_sethook (L, NULL, 0, 0);
  el_api_pushinteger (L, t_ncall);
  el_api_pushinteger (L, t_nret);
  el_api_pushinteger (L, t_nline);
  return 3;
}

static const struct {
  const char *name;
  ElaraCFunction f;
} t_helpers[] = {
  { "setmetatable", t_setmetatable }, { "error", t_error },
  { "pcall", t_pcall }, { "select", t_select }, { "type", t_type },
  { "cocreate", t_cocreate }, { "coresume", t_coresume },
  { "coyield", t_coyield }, { "costatus", t_costatus },
  { "sethook", t_sethook }, { "hookcounts", t_hookcounts },
};

/* -- Running chunks ----------------------------------------------------- */

/* Render the value at 'idx' for comparisons. */
static void
t_render (ElaraState *L, int idx, GString *out)
{
  switch (el_api_type (L, idx)) {
    case ELARA_TNIL:
      g_string_append (out, "nil");
      break;
    case ELARA_TBOOLEAN:
      g_string_append (out, el_api_toboolean (L, idx) ? "true" : "false");
      break;
    case ELARA_TNUMBER: case ELARA_TSTRING: {
      size_t len;
      const char *s;
      el_api_pushvalue (L, idx);
      s = el_api_tolstring (L, -1, &len);
      g_string_append_len (out, s, (gssize) len);
      el_api_settop (L, -2);
      break;
    }
    default:
      g_string_append (out, el_api_typename_ (L, el_api_type (L, idx)));
      break;
  }
}

/* Run 'code' and return its results (or error) as text. */
static char *
t_run (const char *code)
{
  ElaraState *L = harness_newstate (42);
  GString *out = g_string_new (NULL);
  int status;
  size_t k;
  for (k = 0; k < G_N_ELEMENTS (t_helpers); k++) {
    el_api_pushcclosure (L, t_helpers[k].f, 0);
    el_api_setglobal (L, t_helpers[k].name);
  }
  status = harness_load (L, code, strlen (code), 0, "=test", "t");
  if (status == ELARA_OK)
    status = el_api_pcallk (L, 0, ELARA_MULTRET, 0, 0, NULL);
  if (status != ELARA_OK) {
    g_string_append (out, "ERR: ");
    t_render (L, -1, out);
  }
  else {
    int n = el_api_gettop (L);
    int idx;
    for (idx = 1; idx <= n; idx++) {
      if (idx > 1)
        g_string_append_c (out, '\t');
      t_render (L, idx, out);
    }
  }
  el_state_close (L);
  return g_string_free (out, FALSE);
}

typedef struct {
  const char *code;
  const char *expected;
} Case;

static void
t_check_cases (const Case *cases, size_t n)
{
  size_t k;
  for (k = 0; k < n; k++) {
    char *got = t_run (cases[k].code);
    if (g_test_verbose ())
      g_test_message ("%s -> %s", cases[k].code, got);
    g_assert_cmpstr (got, ==, cases[k].expected);
    g_free (got);
  }
}

#define CHECK(cases) t_check_cases (cases, G_N_ELEMENTS (cases))

/* -- Cases -------------------------------------------------------------- */

static void
test_arith_basic (void)
{
  static const Case cases[] = {
    { "local a, b = 7, 2 return a + b, a - b, a * b, a / b", "9\t5\t14\t3.5" },
    { "local a, b = 7, 2 return a // b, a % b, -a // b, -a % b",
      "3\t1\t-4\t1" },
    { "local a, b = 7.5, 2 return a // b, a % b, a ^ b", "3.0\t1.5\t56.25" },
    { "local a = 5 return a + 1, a - 1, a * 3, a + 0.5", "6\t4\t15\t5.5" },
    { "local a = 9223372036854775807 return a + 1", "-9223372036854775808" },
    { "local m, z = -9223372036854775807 - 1, -1 return m // z, m % z",
      "-9223372036854775808\t0" },
    { "local a, b = 5.3, -2 return a % b", "-0.70000000000000018" },
    { "local a = 0 return 1 // a", "ERR: test:1: attempt to divide by zero" },
    { "local a = 0 return 1 % a", "ERR: test:1: attempt to perform 'n%0'" },
    { "local a = 0.0 return 1 // a, -1 % math", "ERR: test:1: attempt to "
      "perform arithmetic on a nil value (global 'math')" },
    { "local t = {} return t + 1",
      "ERR: test:1: attempt to perform arithmetic on a table value "
      "(local 't')" },
  };
  CHECK (cases);
}

static void
test_arith_bitwise (void)
{
  static const Case cases[] = {
    { "local a, b = 12, 10 return a & b, a | b, a ~ b, ~a", "8\t14\t6\t-13" },
    { "local a = 1 return a << 63, a << 64, -1 >> 1, a << -1",
      "-9223372036854775808\t0\t9223372036854775807\t0" },
    { "local a = 3.0 return a | 1, 1 << a", "3\t8" },
    { "local a = 1.5 return a | 1",
      "ERR: test:1: number (local 'a') has no integer representation" },
  };
  CHECK (cases);
}

static void
test_compare (void)
{
  static const Case cases[] = {
    { "local a, b = 1, 1.5 return a < b, a <= b, a > b, a == 1.0",
      "true\ttrue\tfalse\ttrue" },
    { "local a = 9007199254740993 return a < 9007199254740992.0, "
      "a > 9007199254740992.0, a == 9007199254740992.0",
      "false\ttrue\tfalse" },
    { "local x = 0/0 return x == x, x < 1, 1 < x", "false\tfalse\tfalse" },
    { "return 'a\\0b' < 'a\\0c', 'abc' < 'abd', 'b' <= 'a', '' < 'a'",
      "true\ttrue\tfalse\ttrue" },
    { "local a = 1 return a < 'x'",
      "ERR: test:1: attempt to compare number with string" },
    { "return {} < {}", "ERR: test:1: attempt to compare two table values" },
  };
  CHECK (cases);
}

static void
test_concat (void)
{
  static const Case cases[] = {
    { "local a = 1 return 'x' .. a .. 2.5 .. '' .. 'y'", "x12.5y" },
    { "local s = string.rep return 1", "ERR: test:1: attempt to index a nil "
      "value (global 'string')" },
    { "local a = {} return 'x' .. a",
      "ERR: test:1: attempt to concatenate a table value (local 'a')" },
    { "local t = {} for i = 1, 30 do t[#t+1] = 'abc' end "
      "local s = '' for i = 1, #t do s = s .. t[i] end return #s", "90" },
  };
  CHECK (cases);
}

static void
test_forloops (void)
{
  static const Case cases[] = {
    { "local s = 0 for i = 1, 10 do s = s + i end return s", "55" },
    { "local s = 0 for i = 10, 1, -3 do s = s + i end return s", "22" },
    { "local n = 0 for i = 9223372036854775805, 9223372036854775807 do "
      "n = n + 1 end return n", "3" },
    { "local n = 0 for i = -9223372036854775807, -9223372036854775808, -1 do "
      "n = n + 1 end return n", "2" },
    { "local n = 0 for i = 1, 3, 0.5 do n = n + i end return n", "10.0" },
    { "local n = 0 for i = 1, 0 do n = n + 1 end return n", "0" },
    { "local n = 0 for i = 1, 2.9 do n = n + i end return n", "3" },
    { "for i = 1, 10, 0 do end", "ERR: test:1: 'for' step is zero" },
    { "for i = 'a', 10 do end",
      "ERR: test:1: bad 'for' initial value (number expected, got string)" },
    { "local t = {} for i = 1, 3 do t[i] = function () return i end end "
      "return t[1](), t[3]()", "1\t3" },
    { "local t = {10, 20, 30} local s = 0 "
      "local function it (t, i) i = i + 1 if t[i] then return i, t[i] end end "
      "for i, v in it, t, 0 do s = s + i * v end return s", "140" },
  };
  CHECK (cases);
}

static void
test_tables (void)
{
  static const Case cases[] = {
    { "local t = {1, 2, 3, x = 'a', [10] = 'b'} return #t, t.x, t[10], t[4]",
      "3\ta\tb\tnil" },
    { "local t = {} for i = 1, 100 do t[i] = i * 2 end return #t, t[50]",
      "100\t100" },
    { "local t = {} t[1.0] = 'one' t[2^53] = 'big' return t[1], t[2^53]",
      "one\tbig" },
    { "local t = {} t[nil] = 1", "ERR: test:1: table index is nil" },
    { "local a a.b = 1",
      "ERR: test:1: attempt to index a nil value (local 'a')" },
    { "local function f (...) return {...} end local t = f(1, nil, 3) "
      "return t[1], t[3]", "1\t3" },
  };
  CHECK (cases);
}

static void
test_metamethods (void)
{
  static const Case cases[] = {
    { "local mt = {__index = function (t, k) return k * 2 end} "
      "local t = setmetatable({}, mt) return t[21]", "42" },
    { "local base = {x = 1} local t = setmetatable({}, {__index = base}) "
      "return t.x, t.y", "1\tnil" },
    { "local t = setmetatable({}, {}) getmetatable = nil "
      "local mt = {} mt.__index = t setmetatable(t, mt) return t.x",
      "ERR: test:1: '__index' chain too long; possible loop" },
    { "local log = {} local t = setmetatable({}, {__newindex = "
      "function (t, k, v) log[#log + 1] = k end}) t.a = 1 t.b = 2 "
      "return #log, rawget", "2\tnil" },
    { "local v = setmetatable({}, {__add = function (a, b) return 'add' end, "
      "__concat = function (a, b) return 'cat' end, "
      "__unm = function () return 'unm' end, "
      "__len = function () return 99 end}) "
      "return v + 1, 1 + v, v .. 'x', -v, #v", "add\tadd\tcat\tunm\t99" },
    { "local mt = {__eq = function () return true end} "
      "local a, b = setmetatable({}, mt), setmetatable({}, mt) "
      "return a == b, a ~= b, a == 1", "true\tfalse\tfalse" },
    { "local mt = {__lt = function () return true end} "
      "local a, b = setmetatable({}, mt), setmetatable({}, mt) "
      "return a < b, pcall(function () return a <= b end)",
      "true\tfalse\ttest:1: attempt to compare two table values" },
    { "local c = setmetatable({}, {__call = function (self, a, b) "
      "return a + b end}) return c(1, 2)", "3" },
    { "local f = function (...) return select('#', ...) end "
      "for i = 1, 14 do f = setmetatable({}, {__call = f}) end return f()",
      "14" },
    { "local f = function (...) return select('#', ...) end "
      "for i = 1, 16 do f = setmetatable({}, {__call = f}) end return f()",
      "ERR: test:1: '__call' chain too long" },
    { "local x = 1 x()",
      "ERR: test:1: attempt to call a number value (local 'x')" },
  };
  CHECK (cases);
}

static void
test_calls (void)
{
  static const Case cases[] = {
    { "local function f (a, b, c) return a, b, c end return f(1, 2)",
      "1\t2\tnil" },
    { "local function f (n) if n == 0 then return 'done' end "
      "return f(n - 1) end return f(100000)", "done" },
    { "local function f (n) return n == 0 and 0 or 1 + f(n - 1) end "
      "return f(5000)", "5000" },
    { "local function f () return f() + 1 end local ok, e = pcall(f) "
      "return ok, e", "false\ttest:1: stack overflow" },
    { "local function f (...) return select('#', ...), ... end "
      "return f(1, nil, nil)", "3\t1\tnil\tnil" },
    { "local function f (a, ...) local b, c = ... return a, b, c end "
      "return f(1, 2, 3, 4)", "1\t2\t3" },
    { "local function f (...t) return t.n, t[1], t[3] end "
      "return f(10, nil, 30)",
      "3\t10\t30" },
    { "local function aux (a, b, n, ...t) t.n = n return b, ... end "
      "return select('#', aux(10, 1, 3))", "4" },
    { "local function f (...t) t.n = 'x' return ... end return f(1)",
      "ERR: test:1: vararg table has no proper 'n'" },
    { "local function f (...) local t = ... return t end return f()", "nil" },
    { "local function f () return 1, 2, 3 end local function g () "
      "return f() end return g()", "1\t2\t3" },
    { "local function f (...) return ... end return select(2, f(1, 2, 3))",
      "2\t3" },
  };
  CHECK (cases);
}

static void
test_upvalues (void)
{
  static const Case cases[] = {
    { "local function counter () local n = 0 return function () n = n + 1 "
      "return n end end local c = counter() c() c() return c()", "3" },
    { "local a = {} local x = 1 a[1] = function () return x end x = 2 "
      "return a[1]()", "2" },
    { "local fs = {} for i = 1, 3 do local j = i * 10 "
      "fs[i] = function () j = j + 1 return j end end "
      "fs[1]() return fs[1](), fs[2]()", "12\t21" },
  };
  CHECK (cases);
}

static void
test_errors (void)
{
  static const Case cases[] = {
    { "error('boom')", "ERR: test:1: boom" },
    { "error({})", "ERR: table" },
    { "return pcall(error)", "false\t<no error object>" },
    { "return pcall(error, false)", "false\tfalse" },
    { "local ok, e = pcall(error, 'x', 0) return ok, e", "false\tx" },
    { "X = 1 global X = 2", "ERR: test:1: global 'X' already defined" },
  };
  CHECK (cases);
}

static void
test_close (void)
{
  static const Case cases[] = {
    { "local log = '' do "
      "local a <close> = setmetatable({}, {__close = function (o, e) "
      "log = log .. 'a' .. select('#', o, e) end}) "
      "local b <close> = setmetatable({}, {__close = function (...) "
      "log = log .. 'b' .. select('#', ...) end}) end return log",
      "b1a2" },
    { "local n local o = setmetatable({}, {__close = function (...) "
      "n = select('#', ...) end}) pcall(function () local y <close> = o "
      "error('e') end) return n", "2" },
    { "local e2 local o = setmetatable({}, {__close = function (o, e) "
      "e2 = e end}) local ok, e = pcall(function () local y <close> = o "
      "error('first', 0) end) return ok, e, e2", "false\tfirst\tfirst" },
    { "local o = setmetatable({}, {__close = function () error('in close', 0) "
      "end}) local ok, e = pcall(function () local y <close> = o "
      "error('first', 0) end) return ok, e", "false\tin close" },
    { "local x <close> = 42",
      "ERR: test:1: variable 'x' got a non-closable value" },
    { "local function f () local a <close> = setmetatable({}, {__close = "
      "function () end}) return 1, 2, 3 end return f()", "1\t2\t3" },
    { "local log = '' local function mk (n) return setmetatable({}, "
      "{__close = function () log = log .. n end}) end "
      "for i = 1, 2 do local a <close> = mk(i) if i == 2 then break end end "
      "return log", "12" },
  };
  CHECK (cases);
}

static void
test_coroutines (void)
{
  static const Case cases[] = {
    { "local co = cocreate(function (a, b) local c = coyield(a + b) "
      "local d, e = coyield(c * 2) return d + e end) "
      "local r1, v1 = coresume(co, 1, 2) local r2, v2 = coresume(co, 10) "
      "local r3, v3 = coresume(co, 3, 4) local r4, v4 = coresume(co) "
      "return v1, v2, v3, r4, v4",
      "3\t20\t7\tfalse\tcannot resume dead coroutine" },
    { "local co = cocreate(function () error('oops') end) "
      "return coresume(co)", "false\ttest:1: oops" },
    { "local co = cocreate(function () return pcall(function () "
      "local x = coyield(1) error(x, 0) end) end) "
      "coresume(co) return coresume(co, 'fail')", "true\tfalse\tfail" },
    { "local t = setmetatable({}, {__index = function (t, k) "
      "return coyield(k) end}) local co = cocreate(function () "
      "return t.foo .. '!' end) local _, k = coresume(co) "
      "return k, coresume(co, 'bar')", "foo\ttrue\tbar!" },
    { "local mt = {__lt = function (a, b) return coyield('lt') end} "
      "local a, b = setmetatable({}, mt), setmetatable({}, mt) "
      "local co = cocreate(function () if a < b then return 'yes' end "
      "return 'no' end) local _, v = coresume(co) "
      "return v, coresume(co, false)", "lt\ttrue\tno" },
    { "local function gen () return cocreate(function () for i = 1, 3 do "
      "coyield(i) end end) end local co = gen() local s = 0 "
      "for i = 1, 3 do local _, v = coresume(co) s = s + v end return s", "6" },
    { "local co = cocreate(function () local t = {} "
      "for k in function (_, i) i = (i or 0) + 1 if i <= 2 then "
      "coyield(i) return i end end do t[#t + 1] = k end return #t end) "
      "coresume(co) coresume(co) return coresume(co)", "true\t2" },
    { "return coyield(1)",
      "ERR: attempt to yield from outside a coroutine" },
    { "local co co = cocreate(function () return coresume(co) end) "
      "return coresume(co)",
      "true\tfalse\tcannot resume non-suspended coroutine" },
    { "local log = '' local co = cocreate(function () local x <close> = "
      "setmetatable({}, {__close = function () log = log .. 'c' end}) "
      "coyield(1) return 2 end) coresume(co) local _, v = coresume(co) "
      "return v, log", "2\tc" },
  };
  CHECK (cases);
}

/* Hooks see the calls of Lua and C functions (including vararg ones,
** whose call event comes after VARARGPREP) and one line event per new line
** or loop iteration. */
static void
test_hooks (void)
{
  static const Case cases[] = {
    { "local function f (a) return a end\n"
      "local function g (...) return ... end\n"
      "sethook()\n"
      "local x = 0\n"
      "for i = 1, 3 do\n"
      "  x = x + f(i) + g(i)\n"
      "end\n"
      "return x, hookcounts()", "12\t7\t7\t15" },
  };
  CHECK (cases);
}

/* -- The JIT seam --------------------------------------------------------- */

/* A backend that compiles nothing but reports success, so counting goes
** on: it tallies the hot back-edges of numeric for loops (the target
** follows the FORPREP) and of other loops. */
static int t_jit_forloops, t_jit_otherloops, t_jit_entries;

static int
t_jit_compile (ElaraState *L, Proto *p, const Instruction *pc)
{
  (void) L;
  g_assert_true (pc >= p->code && pc < p->code + p->sizecode);
  if (pc != p->code) {
    if (GET_OPCODE (pc[-1]) == OP_FORPREP)
      t_jit_forloops++;
    else
      t_jit_otherloops++;
  }
  else
    t_jit_entries++;
  return 0;
}

static const ElJitOps t_jit_ops = {
  .size = sizeof (ElJitOps),
  .compile = t_jit_compile,
};

static int
t_setjit (ElaraState *L)
{
  el_jit_setbackend (L, &t_jit_ops, EL_JIT_AUTO);
  return 0;
}

/* Back-edges and entries count only with a backend; one installed by the
** running frame (as a require of a JIT plugin does) counts that frame's
** loops from then on, though the loops call nothing. */
static void
test_jit_backedges (void)
{
  static const char code[] =
      "local s = 0 for i = 1, 1000 do s = s + i end\n"
      "setjit()\n"
      "for i = 1, 1000 do s = s + i end\n"
      "local n = 0 while n < 1000 do n = n + 1 end\n"
      "local function f (x) return x end\n"
      "local function g (x) return f (x) end\n"
      "for i = 1, 1000 do n = n + g (1) end\n"
      "return s + n";
  ElaraState *L = harness_newstate (42);
  int status;
  t_jit_forloops = t_jit_otherloops = t_jit_entries = 0;
  el_api_pushcclosure (L, t_setjit, 0);
  el_api_setglobal (L, "setjit");
  status = harness_load (L, code, strlen (code), 0, "=jit", "t");
  g_assert_cmpint (status, ==, ELARA_OK);
  g_assert_cmpint (el_api_pcallk (L, 0, 1, 0, 0, NULL), ==, ELARA_OK);
  g_assert_cmpint (el_api_tointegerx (L, -1, NULL), ==, 1001000 + 2000);
  /* 1000 iterations after a threshold of at most EL_JIT_HOTCALL, then
  ** one event every EL_JIT_HOTLOOP */
  g_assert_cmpint (t_jit_forloops, >=, 1);
  g_assert_cmpint (t_jit_otherloops, >=, 1);
  /* calls and tail calls made by the loop count their entries too: f
  ** and g reach EL_JIT_HOTCALL within the 1000 calls */
  g_assert_cmpint (t_jit_entries, >=, 2);
  el_state_close (L);
}

/* -- The executable form (opcodes.h) ------------------------------------- */

/* Every operand of every opcode, at its extremes and in between, reads
** back from the executable form as GETARG reads it from the reference's
** format: register and constant operands also as byte offsets, and the
** immediates of the opcodes that have them as signed values. */
static void
test_xcode_fields (void)
{
  static const int abc[] = { 0, 1, 127, 128, 254, 255 };
  static const int vb[] = { 0, 1, 31, 63 };
  static const int vc[] = { 0, 1, 512, 1023 };
  static const int bx[] = { 0, 1, 65535, MAXARG_Bx };
  static const int sbx[] = { -OFFSET_sBx, -1, 0, 1, MAXARG_Bx - OFFSET_sBx };
  static const int ax[] = { 0, 1, MAXARG_Ax };
  static const int sj[] = { -OFFSET_sJ, -1, 0, 1, MAXARG_sJ - OFFSET_sJ };
  int op, checked = 0;
  size_t a, b, c, kk;

  for (op = 0; op < NUM_OPCODES; op++) {
    for (a = 0; a < G_N_ELEMENTS (abc); a++)
      for (kk = 0; kk < 2; kk++) {
        Instruction ins[G_N_ELEMENTS (abc) * G_N_ELEMENTS (abc) + 8];
        ElCode x[G_N_ELEMENTS (ins)];
        int n = 0, j;
        switch (getOpMode (op)) {
          case iABC:
            for (b = 0; b < G_N_ELEMENTS (abc); b++)
              for (c = 0; c < G_N_ELEMENTS (abc); c++)
                ins[n++] = CREATE_ABCk (op, abc[a], abc[b], abc[c], kk);
            break;
          case ivABC:
            for (b = 0; b < G_N_ELEMENTS (vb); b++)
              for (c = 0; c < G_N_ELEMENTS (vc); c++)
                ins[n++] = CREATE_vABCk (op, abc[a], vb[b], vc[c], kk);
            break;
          case iABx:
            for (b = 0; b < G_N_ELEMENTS (bx); b++)
              ins[n++] = CREATE_ABx (op, abc[a], bx[b]);
            break;
          case iAsBx:
            for (b = 0; b < G_N_ELEMENTS (sbx); b++)
              ins[n++] = CREATE_ABx (op, abc[a], sbx[b] + OFFSET_sBx);
            break;
          case iAx:
            for (b = 0; b < G_N_ELEMENTS (ax); b++)
              ins[n++] = CREATE_Ax (op, ax[b]);
            break;
          case isJ:
            for (b = 0; b < G_N_ELEMENTS (sj); b++)
              ins[n++] = CREATE_sJ (op, sj[b] + OFFSET_sJ, 0);
            break;
        }
        el_opcodes_xlate (ins, x, n);
        for (j = 0; j < n; j++) {
          Instruction i = ins[j];
          const ElCode *p = &x[j];
          g_assert_cmpint (XGET_OPCODE (p), ==, GET_OPCODE (i));
          switch (getOpMode (op)) {
            case iABC:
              g_assert_cmpint (XGETARG_k (p), ==, GETARG_k (i));
              g_assert_cmpint (XGETARG_A (p), ==, GETARG_A (i));
              g_assert_cmpuint (XOFF_A (p), ==, 16u * GETARG_A (i));
              if (el_opcodes_immB (op))
                g_assert_cmpint (XGETARG_sB (p), ==, GETARG_sB (i));
              else {
                g_assert_cmpint (XGETARG_B (p), ==, GETARG_B (i));
                g_assert_cmpuint (XOFF_B (p), ==, 16u * GETARG_B (i));
              }
              if (el_opcodes_immC (op))
                g_assert_cmpint (XGETARG_sC (p), ==, GETARG_sC (i));
              else {
                g_assert_cmpint (XGETARG_C (p), ==, GETARG_C (i));
                g_assert_cmpuint (XOFF_C (p), ==, 16u * GETARG_C (i));
              }
              break;
            case ivABC:
              g_assert_cmpint (XGETARG_k (p), ==, GETARG_k (i));
              g_assert_cmpint (XGETARG_A (p), ==, GETARG_A (i));
              g_assert_cmpint (XGETARG_vB (p), ==, GETARG_vB (i));
              g_assert_cmpint (XGETARG_vC (p), ==, GETARG_vC (i));
              break;
            case iABx:
              g_assert_cmpint (XGETARG_A (p), ==, GETARG_A (i));
              g_assert_cmpint (XGETARG_Bx (p), ==, GETARG_Bx (i));
              break;
            case iAsBx:
              g_assert_cmpint (XGETARG_A (p), ==, GETARG_A (i));
              g_assert_cmpint (XGETARG_sBx (p), ==, GETARG_sBx (i));
              break;
            case iAx:
              g_assert_cmpint (XGETARG_Ax (p), ==, GETARG_Ax (i));
              break;
            case isJ:
              g_assert_cmpint (XGETARG_sJ (p), ==, GETARG_sJ (i));
              break;
          }
          checked++;
        }
      }
  }
  g_assert_cmpint (checked, >, 10000);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vm/arith/basic", test_arith_basic);
  g_test_add_func ("/vm/arith/bitwise", test_arith_bitwise);
  g_test_add_func ("/vm/compare/mixed", test_compare);
  g_test_add_func ("/vm/concat/values", test_concat);
  g_test_add_func ("/vm/for/numeric-and-generic", test_forloops);
  g_test_add_func ("/vm/table/access", test_tables);
  g_test_add_func ("/vm/meta/events", test_metamethods);
  g_test_add_func ("/vm/call/frames", test_calls);
  g_test_add_func ("/vm/call/upvalues", test_upvalues);
  g_test_add_func ("/vm/error/objects", test_errors);
  g_test_add_func ("/vm/close/tbc", test_close);
  g_test_add_func ("/vm/coroutine/yield", test_coroutines);
  g_test_add_func ("/vm/hook/events", test_hooks);
  g_test_add_func ("/vm/jit/backedges", test_jit_backedges);
  g_test_add_func ("/vm/xcode/fields", test_xcode_fields);
  return g_test_run ();
}
