/*
** test-parse.c: unit tests of the parser: the Lua 5.5 grammar (global
** declarations, attributes, named varargs, goto scoping) and the texts of
** compile-time errors, which must match the reference interpreter's
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include "compile-harness.h"
#include "parse.h"

static void
check_ok (const char *src)
{
  char *err = harness_error (src);

  if (err != NULL)
    g_error ("'%s' should compile: %s", src, err);
}

/* -- Grammar accepted ---------------------------------------------------- */

static void
test_grammar_statements (void)
{
  check_ok ("");
  check_ok (";;;");
  check_ok ("local a, b, c = 1, 2 a, b = b, a");
  check_ok ("if a then elseif b then else end");
  check_ok ("while a do break end repeat local x until x");
  check_ok ("for i = 1, 10, 2 do end for k, v, w in next, t do end");
  check_ok ("function a.b.c:d (x, ...) return self, ... end");
  check_ok ("local function f () return f () end");
  check_ok ("do goto l; local x; ::l:: end");
  check_ok ("::a:: do ::b:: end goto a");
  check_ok ("f {1, 2; x = 3, [4] = 5,} f 'str' f [[long]] a.b:c 'x'");
  check_ok ("return");
  check_ok ("return;");
  check_ok ("local t <const>, u <close> = 1, nil");
  check_ok ("local <const> a, b = 1, 2");
}

static void
test_grammar_global_contextual (void)
{
  /* 'global' stays a name unless a declaration follows */
  check_ok ("local global = 3; return global");
  check_ok ("global = 1; return global");
  check_ok ("t.global = 1");
  check_ok ("global.x = 1");
  check_ok ("global (1)");
  check_ok ("global x, y");
  check_ok ("global *");
  check_ok ("global <const> *");
  check_ok ("global function f () end");
  check_ok ("global x <const>, y = 1, 2");
}

static void
test_grammar_vararg_name (void)
{
  check_ok ("local function f (...t) return t.n, t[1], ... end");
  check_ok ("local function f (a, b, ...t) return #t end");
}

/* -- Scoping of global declarations -------------------------------------- */

static void
test_global_scope (void)
{
  harness_assert_error ("global x; y = 1", "test:1: variable 'y' not declared");
  harness_assert_error ("global function f() end; print(1)",
                        "test:1: variable 'print' not declared");
  harness_assert_error ("global _ENV; x=1",
                        "test:1: variable 'x' not declared");
  check_ok ("X = 1 do global Y; Y = 1 end X = 2");
  check_ok ("local function f() global<const> *; end; Y = 1");
  check_ok ("global X; global *; Y = 1");
  /* shadowing in both directions */
  check_ok ("local X = 10 do global X; X = 20 end X = 3");
  harness_assert_error ("global none; local function f() Z = 1 end",
                        "test:1: variable 'Z' not declared");
}

static void
test_global_const (void)
{
  harness_assert_error ("global<const> *; Y = 1",
                        "test:1: attempt to assign to const variable 'Y'");
  harness_assert_error ("global<const> X; X = 1",
                        "test:1: attempt to assign to const variable 'X'");
  harness_assert_error ("global X; do local X; X = 1 end; global Y <const>; "
                        "function Y() end",
                        "test:1: attempt to assign to const variable 'Y'");
  check_ok ("global<const> *; global X; X = 1");
  check_ok ("global<const> *; global *; X = 1");
}

static void
test_global_attributes (void)
{
  harness_assert_error ("global<close> x",
                        "test:1: global variables cannot be to-be-closed");
  harness_assert_error ("global x <foo>", "test:1: unknown attribute 'foo'");
}

/* -- Locals and attributes ----------------------------------------------- */

static void
test_local_attributes (void)
{
  harness_assert_error ("local x <foo> = 1", "test:1: unknown attribute 'foo'");
  harness_assert_error ("local a <close>, b <close> = 1, 2",
                        "test:1: multiple to-be-closed variables in local "
                        "list");
  harness_assert_error ("local a <const> = 1; a = 2",
                        "test:1: attempt to assign to const variable 'a'");
  harness_assert_error ("local a <const> = f(); a = 2",
                        "test:1: attempt to assign to const variable 'a'");
  harness_assert_error ("local x <const> = 1; "
                        "local function f() x = 2 end",
                        "test:1: attempt to assign to const variable 'x'");
  harness_assert_error ("do\n local a <const> = 1\n\n a = 2 end",
                        "test:4: attempt to assign to const variable 'a'");
}

static void
test_local_readonly_for (void)
{
  harness_assert_error ("for i=1,2 do i = 1 end",
                        "test:1: attempt to assign to const variable 'i'");
  harness_assert_error ("for k, v in pairs(t) do k = 1 end",
                        "test:1: attempt to assign to const variable 'k'");
  check_ok ("for k, v in pairs(t) do v = 1 end");
  check_ok ("for i = 1, 3 do local i = i * 10 end");
}

static void
test_local_vararg_readonly (void)
{
  harness_assert_error ("local function f(...t) t = 1 end",
                        "test:1: attempt to assign to const variable 't'");
  harness_assert_error ("local function f(...t) "
                        "return function() t = 1 end end",
                        "test:1: attempt to assign to const variable 't'");
  harness_assert_error ("function f() return ... end",
                        "test:1: cannot use '...' outside a vararg function "
                        "near '...'");
}

/* -- Gotos and labels ---------------------------------------------------- */

static void
test_goto_errors (void)
{
  harness_assert_error ("break", "test:1: break outside loop near 'break'");
  harness_assert_error ("goto l",
                        "test:1: no visible label 'l' for <goto> at line 1");
  harness_assert_error ("do goto l end ::l:: ::l::",
                        "test:1: label 'l' already defined on line 1");
  harness_assert_error ("::a:: ::a::",
                        "test:1: label 'a' already defined on line 1");
  harness_assert_error ("goto l; local x; ::l:: print(x)",
                        "test:1: <goto l> at line 1 jumps into the scope of "
                        "'x'");
  harness_assert_error ("goto l; global *; ::l:: print(x)",
                        "test:1: <goto l> at line 1 jumps into the scope of "
                        "'*'");
  harness_assert_error ("goto l\n\nlocal x\n::l::\nprint(x)",
                        "test:5: <goto l> at line 1 jumps into the scope of "
                        "'x'");
  harness_assert_error ("for i=1,2 do\n\n\nend\n::l::\n::l::",
                        "test:6: label 'l' already defined on line 6");
}

/* -- Syntax errors ------------------------------------------------------- */

static void
test_syntax_errors (void)
{
  harness_assert_error ("x = ", "test:1: unexpected symbol near <eof>");
  harness_assert_error ("x", "test:1: syntax error near <eof>");
  harness_assert_error ("f(", "test:1: unexpected symbol near <eof>");
  harness_assert_error ("function f() ", "test:1: 'end' expected near <eof>");
  harness_assert_error ("return 1 2", "test:1: <eof> expected near '2'");
  harness_assert_error ("if x then else elseif end",
                        "test:1: 'end' expected near 'elseif'");
  harness_assert_error ("local a.b = 1", "test:1: unexpected symbol near '.'");
  harness_assert_error ("a.b:c = 1",
                        "test:1: function arguments expected near '='");
  harness_assert_error ("(a) = 1", "test:1: syntax error near '='");
  harness_assert_error ("a() = 1", "test:1: syntax error near '='");
  harness_assert_error ("a, b() = 1, 2", "test:1: syntax error near '='");
  harness_assert_error ("for i in x", "test:1: 'do' expected near <eof>");
  harness_assert_error ("for i do end",
                        "test:1: '=' or 'in' expected near 'do'");
  harness_assert_error ("local function",
                        "test:1: <name> expected near <eof>");
  harness_assert_error ("global", "test:1: syntax error near <eof>");
  harness_assert_error ("x = }", "test:1: unexpected symbol near '}'");
  harness_assert_error ("return return",
                        "test:1: unexpected symbol near 'return'");
  harness_assert_error ("x = function(a, 1) end",
                        "test:1: <name> or '...' expected near '1'");
  harness_assert_error ("x = function(a, ...,b) end",
                        "test:1: ')' expected near ','");
  harness_assert_error ("local 1", "test:1: <name> expected near '1'");
}

static void
test_syntax_match (void)
{
  harness_assert_error ("function f()\n\n",
                        "test:3: 'end' expected (to close 'function' at line "
                        "1) near <eof>");
  harness_assert_error ("x = {1, 2\n\n",
                        "test:3: '}' expected (to close '{' at line 1) near "
                        "<eof>");
  harness_assert_error ("if x then\n\nelse\n",
                        "test:4: 'end' expected (to close 'if' at line 1) "
                        "near <eof>");
  harness_assert_error ("f(1,\n\n2",
                        "test:3: ')' expected (to close '(' at line 1) near "
                        "<eof>");
  harness_assert_error ("return 1\nx = 2", "test:2: <eof> expected near 'x'");
}

/* -- Limits -------------------------------------------------------------- */

static void
test_limits (void)
{
  GString *s = g_string_new ("local ");
  char *err;
  int i;

  for (i = 0; i < 200; i++)
    g_string_append (s, "a,");
  g_string_append (s, "a");
  harness_assert_error (s->str, "test:1: too many local variables (limit is "
                        "200) in main function near <eof>");
  g_string_assign (s, "return ");
  for (i = 0; i < 300; i++)
    g_string_append (s, "1,");
  g_string_append (s, "1");
  harness_assert_error (s->str, "test:1: too many registers (limit is 255) "
                        "in main function near '1'");
  /* deep nesting ends in an error, not a crash */
  g_string_assign (s, "x = ");
  for (i = 0; i < 1000; i++)
    g_string_append_c (s, '(');
  g_string_append_c (s, '1');
  for (i = 0; i < 1000; i++)
    g_string_append_c (s, ')');
  err = harness_error (s->str);
  g_assert_nonnull (err);
  g_assert_nonnull (strstr (err, "C stack overflow"));
  g_free (err);
  g_string_free (s, TRUE);
}

static void
test_limits_upvalues (void)
{
  GString *s = g_string_new (NULL);
  int i;

  /* 300 locals over two levels, all captured by the inner function */
  g_string_append (s, "local function outer()\n");
  for (i = 0; i < 150; i++)
    g_string_append_printf (s, "local a%d\n", i);
  g_string_append (s, "local function mid()\n");
  for (i = 150; i < 300; i++)
    g_string_append_printf (s, "local a%d\n", i);
  g_string_append (s, "return function () return ");
  for (i = 0; i < 300; i++)
    g_string_append_printf (s, "%sa%d", i ? "+" : "", i);
  g_string_append (s, " end end end");
  {
    char *err = harness_error (s->str);

    g_assert_nonnull (err);
    g_assert_nonnull (strstr (err, "too many upvalues (limit is 255)"));
    g_free (err);
  }
  g_string_free (s, TRUE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parse/grammar/statements", test_grammar_statements);
  g_test_add_func ("/parse/grammar/global-contextual",
                   test_grammar_global_contextual);
  g_test_add_func ("/parse/grammar/vararg-name", test_grammar_vararg_name);
  g_test_add_func ("/parse/global/scope", test_global_scope);
  g_test_add_func ("/parse/global/const", test_global_const);
  g_test_add_func ("/parse/global/attributes", test_global_attributes);
  g_test_add_func ("/parse/local/attributes", test_local_attributes);
  g_test_add_func ("/parse/local/readonly-for", test_local_readonly_for);
  g_test_add_func ("/parse/local/vararg-readonly",
                   test_local_vararg_readonly);
  g_test_add_func ("/parse/goto/errors", test_goto_errors);
  g_test_add_func ("/parse/syntax/errors", test_syntax_errors);
  g_test_add_func ("/parse/syntax/match", test_syntax_match);
  g_test_add_func ("/parse/limits/registers", test_limits);
  g_test_add_func ("/parse/limits/upvalues", test_limits_upvalues);
  return g_test_run ();
}
