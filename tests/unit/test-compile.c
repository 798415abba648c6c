/*
** test-compile.c: unit tests of the code generator: instruction selection,
** constant folding, registers, jumps and the final pass (listings checked
** against what the reference compiler emits for the same source)
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include "compile-harness.h"
#include "parse.h"

/* Whole listing of the nested function 'sub' of src's main function. */
static void
check_sub (const char *src, int sub, const char *expected)
{
  char *code = harness_code (src, sub);

  g_assert_cmpstr (code, ==, expected);
  g_free (code);
}

/* Whole listing of src's main function. */
static void
check_main (const char *src, const char *expected)
{
  check_sub (src, -1, expected);
}

/* -- Constant folding ---------------------------------------------------- */

static void
test_fold_integer (void)
{
  check_main ("local a = 1 + 2",
                 "VARARGPREP 0 0 0; LOADI 0 3; RETURN 1 1 1");
  check_main ("local a = 1 << 64",
                 "VARARGPREP 0 0 0; LOADI 0 0; RETURN 1 1 1");
  check_main ("local a = 7 // 2.0",
                 "VARARGPREP 0 0 0; LOADF 0 3; RETURN 1 1 1");
}

static void
test_fold_unsafe (void)
{
  /* division by zero, -0.0 and operands without an integer value are left
  ** to run time */
  check_main ("local a = 1/0", "VARARGPREP 0 0 0; LOADI 0 1; "
                 "DIVK 0 0 0; MMBINK 0 0 11; RETURN 1 1 1");
  check_main ("local a = 3 // 0", "VARARGPREP 0 0 0; LOADI 0 3; "
                 "IDIVK 0 0 0; MMBINK 0 0 12; RETURN 1 1 1");
  check_main ("local a = -0.0",
                 "VARARGPREP 0 0 0; LOADF 0 0; UNM 0 0 0; RETURN 1 1 1");
  check_main ("local a = 1.5 & 1", "VARARGPREP 0 0 0; LOADK 0 1; "
                 "BANDK 0 0 0; MMBINK 0 0 13; RETURN 1 1 1");
}

static void
test_fold_not (void)
{
  check_main ("local a = not nil",
                 "VARARGPREP 0 0 0; LOADTRUE 0 0 0; RETURN 1 1 1");
}

static void
test_fold_const_local (void)
{
  check_main ("local a <const> = 10 return a",
                 "VARARGPREP 0 0 0; LOADI 0 10; RETURN 0 2 1; "
                 "RETURN 0 1 1");
  /* a constant used in a nested function needs no upvalue */
  check_sub ("local k <const> = 'x'; return function () return k end",
                0, "LOADK 0 0; RETURN1 0 2 0; RETURN0 0 1 0");
}

/* -- Instruction selection ----------------------------------------------- */

static void
test_select_arith (void)
{
  check_main ("local a a = a + 1 a = a - 1 a = 1 - a a = a * 2.5 "
                 "a = 2 * a a = a << 3 a = 3 << a a = a >> 1 a = a & 7 "
                 "a = 7 | a",
                 "VARARGPREP 0 0 0; LOADNIL 0 0 0; ADDI 0 0 128; "
                 "MMBINI 0 128 6; ADDI 0 0 126; MMBINI 0 128 7; LOADI 1 1; "
                 "SUB 0 1 0; MMBIN 1 0 7; MULK 0 0 0; MMBINK 0 0 8; "
                 "MULK 0 0 1; MMBINK 0 1 8 k; SHRI 0 0 124; "
                 "MMBINI 0 130 16; SHLI 0 0 130; MMBINI 0 130 16 k; "
                 "SHRI 0 0 128; MMBINI 0 128 17; BANDK 0 0 2; "
                 "MMBINK 0 2 13; BORK 0 0 2; MMBINK 0 2 14 k; RETURN 1 1 1");
}

static void
test_select_compare (void)
{
  check_main ("local a if a == 1 then a = 2 elseif a ~= \"x\" then a = 3 "
                 "elseif 1 < a then a = 4 elseif a <= 2.0 then end",
                 "VARARGPREP 0 0 0; LOADNIL 0 0 0; EQI 0 128 0; JMP 2; "
                 "LOADI 0 2; JMP 10; EQK 0 0 0 k; JMP 2; LOADI 0 3; JMP 6; "
                 "GTI 0 128 0; JMP 2; LOADI 0 4; JMP 2; LEI 0 129 1; JMP 0; "
                 "RETURN 1 1 1");
  check_main ("local a, b if a < b and b >= a or not a then a = nil end",
                 "VARARGPREP 0 0 0; LOADNIL 0 1 0; LT 0 1 0; JMP 2; "
                 "LE 0 1 0 k; JMP 2; TEST 0 0 0 k; JMP 1; LOADNIL 0 0 0; "
                 "RETURN 2 1 1");
}

static void
test_select_index (void)
{
  check_main ("x.y = 1", "VARARGPREP 0 0 0; GETTABUP 0 0 0; "
                 "SETFIELD 0 1 2 k; RETURN 0 1 1");
  check_main ("local t = {} t[1] = 2 t[256] = 3 t.x = t.y",
                 "VARARGPREP 0 0 0; NEWTABLE 0 0 0; EXTRAARG 0; "
                 "SETI 0 1 0 k; LOADI 1 256; SETTABLE 0 1 1 k; "
                 "GETFIELD 1 0 3; SETFIELD 0 2 1; RETURN 1 1 1");
  check_main ("a:b(1, 2)", "VARARGPREP 0 0 0; GETTABUP 0 0 0; "
                 "SELF 0 0 1; LOADI 2 1; LOADI 3 2; CALL 0 4 1; "
                 "RETURN 0 1 1");
}

static void
test_select_constructor (void)
{
  /* an open call last is sized for one value (4 array entries), an
  ** open '...' for none (3) */
  check_main ("local t = {1, 2, 3, x = 1, [10] = 2, f()}",
                 "VARARGPREP 0 0 0; NEWTABLE 0 2 4; EXTRAARG 0; LOADI 1 1; "
                 "LOADI 2 2; LOADI 3 3; SETFIELD 0 0 1 k; SETI 0 10 2 k; "
                 "GETTABUP 4 0 3; CALL 4 1 0; SETLIST 0 0 0; RETURN 1 1 1");
  check_main ("local t = {1, 2, 3, ...}",
                 "VARARGPREP 0 0 0; NEWTABLE 0 0 3; EXTRAARG 0; LOADI 1 1; "
                 "LOADI 2 2; LOADI 3 3; VARARG 4 0 0; SETLIST 0 0 0; "
                 "RETURN 1 1 1");
}

static void
test_select_concat (void)
{
  check_main ("local s = \"a\" .. \"b\" .. c .. d",
                 "VARARGPREP 0 0 0; LOADK 0 0; LOADK 1 1; GETTABUP 2 0 2; "
                 "GETTABUP 3 0 3; CONCAT 0 4 0; RETURN 1 1 1");
}

static void
test_select_unary (void)
{
  check_main ("local a = #t + -x + ~y",
                 "VARARGPREP 0 0 0; GETTABUP 0 0 0; LEN 0 0 0; "
                 "GETTABUP 1 0 1; UNM 1 1 0; ADD 0 0 1; MMBIN 0 1 6; "
                 "GETTABUP 1 0 2; BNOT 1 1 0; ADD 0 0 1; MMBIN 0 1 6; "
                 "RETURN 1 1 1");
}

static void
test_select_andor (void)
{
  check_main ("local a = x and y or z",
                 "VARARGPREP 0 0 0; GETTABUP 0 0 0; TEST 0 0 0; JMP 3; "
                 "GETTABUP 0 0 1; TEST 0 0 0 k; JMP 1; GETTABUP 0 0 2; "
                 "RETURN 1 1 1");
}

/* -- Assignments --------------------------------------------------------- */

static void
test_assign_swap (void)
{
  check_main ("a, b = b, a", "VARARGPREP 0 0 0; GETTABUP 0 0 1; "
                 "GETTABUP 1 0 0; SETTABUP 0 1 1; SETTABUP 0 0 0; "
                 "RETURN 0 1 1");
  check_main ("local a, b = 1 a, b = b, a",
                 "VARARGPREP 0 0 0; LOADI 0 1; LOADNIL 1 0 0; MOVE 2 1 0; "
                 "MOVE 1 0 0; MOVE 0 2 0; RETURN 2 1 1");
}

static void
test_assign_conflict (void)
{
  /* t[i] must use the old i */
  check_main ("local t = {} local i = 1 i, t[i] = i+1, 20",
                 "VARARGPREP 0 0 0; NEWTABLE 0 0 0; EXTRAARG 0; LOADI 1 1; "
                 "ADDI 2 1 128; MMBINI 1 128 6; SETTABLE 0 1 0 k; "
                 "MOVE 1 2 0; RETURN 2 1 1");
}

/* -- Calls, returns, varargs --------------------------------------------- */

static void
test_call_tail (void)
{
  check_main ("return f()", "VARARGPREP 0 0 0; GETTABUP 0 0 0; "
                 "TAILCALL 0 1 1; RETURN 0 0 1; RETURN 0 1 1");
  check_main ("return 1, 2, 3", "VARARGPREP 0 0 0; LOADI 0 1; "
                 "LOADI 1 2; LOADI 2 3; RETURN 0 4 1; RETURN 0 1 1");
}

static void
test_vararg_forms (void)
{
  check_main ("return ...", "VARARGPREP 0 0 0; VARARG 0 0 0; "
                 "RETURN 0 0 1; RETURN 0 1 1");
  check_main ("local a, b = ...",
                 "VARARGPREP 0 0 0; VARARG 0 0 3; RETURN 2 1 1");
  check_sub ("local function f(a, ...) return ... end", 0,
                "VARARGPREP 0 0 0; VARARG 2 1 0; RETURN 2 0 2; "
                "RETURN 2 1 2");
}

static void
test_vararg_virtual (void)
{
  /* reads through a named vararg parameter build no table */
  check_sub ("local function f(...t) return t[1], t.n end", 0,
                "VARARGPREP 0 0 0; LOADI 1 1; GETVARG 1 0 1; LOADK 2 0; "
                "GETVARG 2 0 2; RETURN 1 3 1; RETURN 1 1 1");
}

static void
test_vararg_table (void)
{
  char *err = NULL;
  Proto *f;

  /* used as a value: a real table, no hidden arguments */
  check_sub ("local function f(...t) return t end", 0,
                "VARARGPREP 0 0 0; RETURN1 0 2 0; RETURN0 1 1 0");
  f = harness_compile ("local function f(...t) return t end", &err);
  g_assert_nonnull (f);
  g_assert_cmpint (f->p[0]->flag, ==, PF_VATAB);
  g_assert_cmpint (f->flag, ==, PF_VAHID);
  harness_pop ();
  /* written, or captured: the reads become GETTABLE, VARARG gets k */
  harness_assert_code ("local function f(...t) t[1] = 2 return t[2], ... end",
                       0, "GETTABLE");
  harness_assert_code ("local function f(...t) t[1] = 2 return ... end",
                       0, "VARARG 1 0 0 k");
  harness_assert_nocode ("local function f(...t) "
                         "return function () return t end, t.x end", 0,
                         "GETVARG");
}

/* -- Globals ------------------------------------------------------------- */

static void
test_global_init (void)
{
  check_main ("global x = 1", "VARARGPREP 0 0 0; LOADI 0 1; "
                 "GETTABUP 1 0 0; ERRNNIL 1 1; SETTABUP 0 0 0; RETURN 0 1 1");
  /* checked and stored from the last name to the first */
  check_main ("global x, y = 1, 2",
                 "VARARGPREP 0 0 0; LOADI 0 1; LOADI 1 2; GETTABUP 2 0 1; "
                 "ERRNNIL 2 2; SETTABUP 0 1 1; GETTABUP 1 0 0; ERRNNIL 1 1; "
                 "SETTABUP 0 0 0; RETURN 0 1 1");
  check_main ("global function g() return g end",
                 "VARARGPREP 0 0 0; CLOSURE 0 0; GETTABUP 1 0 0; "
                 "ERRNNIL 1 1; SETTABUP 0 0 0; RETURN 0 1 1");
}

/* -- Loops and jumps ----------------------------------------------------- */

static void
test_loop_fornum (void)
{
  check_main ("for i = 1, 10 do local x = i end",
                 "VARARGPREP 0 0 0; LOADI 0 1; LOADI 1 10; LOADI 2 1; "
                 "FORPREP 0 1; MOVE 3 2 0; FORLOOP 0 2; RETURN 0 1 1");
}

static void
test_loop_forgen (void)
{
  check_main ("for k, v in pairs(t) do print(k, v) end",
                 "VARARGPREP 0 0 0; GETTABUP 0 0 0; GETTABUP 1 0 1; "
                 "CALL 0 2 5; TFORPREP 0 4; GETTABUP 5 0 2; MOVE 6 3 0; "
                 "MOVE 7 4 0; CALL 5 3 1; TFORCALL 0 0 2; TFORLOOP 0 6; "
                 "CLOSE 0 0 0; RETURN 0 1 1 k");
}

static void
test_loop_break (void)
{
  /* the break's jump goes straight to the loop exit */
  check_main ("while a do if b then break end end",
                 "VARARGPREP 0 0 0; GETTABUP 0 0 0; TEST 0 0 0; JMP 6; "
                 "GETTABUP 0 0 1; TEST 0 0 0; JMP -6; JMP 2; CLOSE 0 1 0; "
                 "JMP -9; RETURN 0 1 1");
}

/* A while loop tests its condition at the bottom too: the copy's last test
** is negated and jumps back to the body, and the true exit of 'or' goes
** to the body.  A body ending in a jump target keeps the jump back. */
static void
test_loop_while (void)
{
  check_main ("while a do b() end",
                 "VARARGPREP 0 0 0; GETTABUP 0 0 0; TEST 0 0 0; JMP 5; "
                 "GETTABUP 0 0 1; CALL 0 1 1; GETTABUP 0 0 0; "
                 "TEST 0 0 0 k; JMP -5; RETURN 0 1 1");
  check_main ("while a or b do c() end",
                 "VARARGPREP 0 0 0; GETTABUP 0 0 0; TEST 0 0 0 k; JMP 3; "
                 "GETTABUP 0 0 1; TEST 0 0 0; JMP 8; GETTABUP 0 0 2; "
                 "CALL 0 1 1; GETTABUP 0 0 0; TEST 0 0 0 k; JMP -5; "
                 "GETTABUP 0 0 1; TEST 0 0 0 k; JMP -8; RETURN 0 1 1");
  check_main ("while a do if b then c() end end",
                 "VARARGPREP 0 0 0; GETTABUP 0 0 0; TEST 0 0 0; JMP 6; "
                 "GETTABUP 0 0 1; TEST 0 0 0; JMP -6; GETTABUP 0 0 2; "
                 "CALL 0 1 1; JMP -9; RETURN 0 1 1");
}

static void
test_goto_close (void)
{
  check_main ("do local x <close> = nil; goto l end ::l::",
                 "VARARGPREP 0 0 0; LOADNIL 0 0 0; TBC 0 0 0; CLOSE 0 0 0; "
                 "JMP 1; CLOSE 0 0 0; RETURN 0 1 1 k");
  check_main ("repeat local x = 1 local f = function() return x end "
                 "until x",
                 "VARARGPREP 0 0 0; LOADI 0 1; CLOSURE 1 0; TEST 0 0 0; "
                 "JMP 2; CLOSE 0 0 0; JMP 2; CLOSE 0 0 0; JMP -8; "
                 "RETURN 0 1 1 k");
}

/* -- Debug information --------------------------------------------------- */

static void
test_debug_lines (void)
{
  Proto *f = harness_compile ("local a = 1\n\nlocal b = a +\n 2\nreturn b",
                              NULL);

  g_assert_nonnull (f);
  g_assert_cmpint (f->sizelineinfo, ==, f->sizecode);
  /* VARARGPREP 1; LOADI 1; ADDI 4 (the line of the operand); MMBINI 3
  ** (fixed to the operator's line); RETURN1 5 */
  g_assert_cmpint (f->lineinfo[1], ==, 1);
  g_assert_cmpint (f->lineinfo[2], ==, 3);
  g_assert_cmpint (f->lineinfo[f->sizecode - 2], ==, 5);
  g_assert_cmpint (f->sizelocvars, ==, 2);
  g_assert_cmpstr (getstr (f->locvars[0].varname), ==, "a");
  g_assert_cmpstr (getstr (f->locvars[1].varname), ==, "b");
  g_assert_cmpint (f->locvars[0].startpc, ==, 2);
  g_assert_cmpint (f->sizeupvalues, ==, 1);
  g_assert_cmpstr (getstr (f->upvalues[0].name), ==, "_ENV");
  g_assert_cmpint (f->upvalues[0].instack, ==, 1);
  harness_pop ();
}

static void
test_debug_upvalues (void)
{
  Proto *f = harness_compile ("local x <const> = {} local y "
                              "return function () return x, y, z end", NULL);
  Proto *g;

  g_assert_nonnull (f);
  g = f->p[0];
  g_assert_cmpint (g->sizeupvalues, ==, 3);
  g_assert_cmpstr (getstr (g->upvalues[0].name), ==, "x");
  g_assert_cmpint (g->upvalues[0].kind, ==, RDKCONST);
  g_assert_cmpint (g->upvalues[0].instack, ==, 1);
  g_assert_cmpint (g->upvalues[0].idx, ==, 0);
  g_assert_cmpstr (getstr (g->upvalues[1].name), ==, "y");
  g_assert_cmpint (g->upvalues[1].idx, ==, 1);
  g_assert_cmpstr (getstr (g->upvalues[2].name), ==, "_ENV");
  g_assert_cmpint (g->upvalues[2].instack, ==, 0);
  g_assert_cmpint (g->linedefined, ==, 1);
  harness_pop ();
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compile/fold/integer", test_fold_integer);
  g_test_add_func ("/compile/fold/unsafe", test_fold_unsafe);
  g_test_add_func ("/compile/fold/not", test_fold_not);
  g_test_add_func ("/compile/fold/const-local", test_fold_const_local);
  g_test_add_func ("/compile/select/arith", test_select_arith);
  g_test_add_func ("/compile/select/compare", test_select_compare);
  g_test_add_func ("/compile/select/index", test_select_index);
  g_test_add_func ("/compile/select/constructor", test_select_constructor);
  g_test_add_func ("/compile/select/concat", test_select_concat);
  g_test_add_func ("/compile/select/unary", test_select_unary);
  g_test_add_func ("/compile/select/and-or", test_select_andor);
  g_test_add_func ("/compile/assign/swap", test_assign_swap);
  g_test_add_func ("/compile/assign/conflict", test_assign_conflict);
  g_test_add_func ("/compile/call/tail", test_call_tail);
  g_test_add_func ("/compile/vararg/forms", test_vararg_forms);
  g_test_add_func ("/compile/vararg/virtual", test_vararg_virtual);
  g_test_add_func ("/compile/vararg/table", test_vararg_table);
  g_test_add_func ("/compile/global/init", test_global_init);
  g_test_add_func ("/compile/loop/fornum", test_loop_fornum);
  g_test_add_func ("/compile/loop/forgen", test_loop_forgen);
  g_test_add_func ("/compile/loop/break", test_loop_break);
  g_test_add_func ("/compile/loop/while", test_loop_while);
  g_test_add_func ("/compile/goto/close", test_goto_close);
  g_test_add_func ("/compile/debug/lines", test_debug_lines);
  g_test_add_func ("/compile/debug/upvalues", test_debug_upvalues);
  return g_test_run ();
}
