/*
** compile-harness.h: helpers shared by test-parse.c and test-compile.c:
** compile a chunk through the loader's protected parser and render the
** resulting bytecode as text (the state and reader come from harness.h)
** SPDX-License-Identifier: MIT
*/
#ifndef EL_TEST_COMPILE_HARNESS_H
#define EL_TEST_COMPILE_HARNESS_H

#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "call.h"
#include "harness.h"
#include "object.h"
#include "opcodes.h"
#include "state.h"

static ElaraState *harness_L;

static G_GNUC_UNUSED ElaraState *
harness_state (void)
{
  if (harness_L == NULL)
    harness_L = harness_newstate (0x5eed);
  return harness_L;
}

/* Compile src; returns its main Proto (left on the stack: the caller pops
** with harness_pop) or NULL with the error message in *err (g_free). */
static G_GNUC_UNUSED Proto *
harness_compile (const char *src, char **err)
{
  ElaraState *L = harness_state ();
  HarnessReader r = harness_reader_new (src, strlen (src), 0);
  Stream z;
  int status;

  el_stream_init (L, &z, harness_reader, &r);
  status = el_call_protectedparser (L, &z, "=test", "t");
  if (status != ELARA_OK) {
    const TValue *o = s2v (L->top - 1);

    if (err != NULL)
      *err = g_strdup (ttisstring (o) ? svalue (o) : "(non-string error)");
    L->top--;
    return NULL;
  }
  if (err != NULL)
    *err = NULL;
  return clLvalue (s2v (L->top - 1))->p;
}

static G_GNUC_UNUSED void
harness_pop (void)
{
  harness_L->top--;
}

/* The error message of compiling src (g_free), or NULL when it compiles. */
static G_GNUC_UNUSED char *
harness_error (const char *src)
{
  char *err = NULL;

  if (harness_compile (src, &err) != NULL)
    harness_pop ();
  return err;
}

/* One instruction as "NAME a b c" (operands by format; " k" when set). */
static G_GNUC_UNUSED void
harness_instr (GString *out, Instruction i)
{
  OpCode op = GET_OPCODE (i);

  g_string_append (out, el_opcodes_names[op]);
  switch (getOpMode (op)) {
    case iABC:
      g_string_append_printf (out, " %d %d %d", GETARG_A (i), GETARG_B (i),
                              GETARG_C (i));
      if (GETARG_k (i))
        g_string_append (out, " k");
      break;
    case ivABC:
      g_string_append_printf (out, " %d %d %d", GETARG_A (i), GETARG_vB (i),
                              GETARG_vC (i));
      if (GETARG_k (i))
        g_string_append (out, " k");
      break;
    case iABx:
      g_string_append_printf (out, " %d %d", GETARG_A (i), GETARG_Bx (i));
      break;
    case iAsBx:
      g_string_append_printf (out, " %d %d", GETARG_A (i), GETARG_sBx (i));
      break;
    case iAx:
      g_string_append_printf (out, " %d", GETARG_Ax (i));
      break;
    case isJ:
      g_string_append_printf (out, " %d", GETARG_sJ (i));
      break;
  }
}

/* The code of f, one instruction per line ("; " separated). */
static G_GNUC_UNUSED char *
harness_listing (const Proto *f)
{
  GString *out = g_string_new (NULL);
  int pc;

  for (pc = 0; pc < f->sizecode; pc++) {
    if (pc > 0)
      g_string_append (out, "; ");
    harness_instr (out, f->code[pc]);
  }
  return g_string_free (out, FALSE);
}

/* Listing of the main function of src (or of its nested function 'sub'
** when sub >= 0); aborts the test when src does not compile. */
static G_GNUC_UNUSED char *
harness_code (const char *src, int sub)
{
  char *err = NULL;
  Proto *f = harness_compile (src, &err);
  char *s;

  if (f == NULL)
    g_error ("'%s' does not compile: %s", src, err);
  if (sub >= 0) {
    g_assert_cmpint (sub, <, f->sizep);
    f = f->p[sub];
  }
  s = harness_listing (f);
  harness_pop ();
  return s;
}

/* Assert that the listing of src (main or nested 'sub') contains 'needle'. */
#define harness_assert_code(src, sub, needle) \
  G_STMT_START { \
    char *code_ = harness_code (src, sub); \
    if (strstr (code_, needle) == NULL) \
      g_error ("code of '%s' lacks '%s':\n%s", src, needle, code_); \
    g_free (code_); \
  } G_STMT_END

#define harness_assert_nocode(src, sub, needle) \
  G_STMT_START { \
    char *code_ = harness_code (src, sub); \
    if (strstr (code_, needle) != NULL) \
      g_error ("code of '%s' has '%s':\n%s", src, needle, code_); \
    g_free (code_); \
  } G_STMT_END

#define harness_assert_error(src, expected) \
  G_STMT_START { \
    char *err_ = harness_error (src); \
    if (err_ == NULL) \
      g_error ("'%s' compiled, expected error '%s'", src, expected); \
    g_assert_cmpstr (err_, ==, expected); \
    g_free (err_); \
  } G_STMT_END

#endif /* EL_TEST_COMPILE_HARNESS_H */
