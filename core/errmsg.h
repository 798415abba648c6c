/*
** errmsg.h: the core's error messages, in the reference interpreter's words
** (tests and programs match on them).  Append only; keep in one place.
** SPDX-License-Identifier: MIT
*/
#ifndef EL_ERRMSG_H
#define EL_ERRMSG_H

#define ERRDEF_LIST(_) \
  _(MEM, "not enough memory") \
  _(ERRERR, "error in error handling") \
  _(STACKOV, "stack overflow") \
  _(CSTACKOV, "C stack overflow") \
  _(NOERROBJ, "<no error object>") \
  _(TABLE_INDEX_NIL, "table index is nil") \
  _(TABLE_INDEX_NAN, "table index is NaN") \
  _(TABLE_OVERFLOW, "table overflow") \
  _(NEXT_KEY, "invalid key to 'next'") \
  _(STRING_TOO_LARGE, "string length overflow") \
  _(CALL_CHAIN, "'__call' chain too long") \
  _(FOR_STEP_ZERO, "'for' step is zero") \
  _(DIV_ZERO, "attempt to divide by zero") \
  _(MOD_ZERO, "attempt to perform 'n%%0'") \
  _(NO_INT_REP, "number has no integer representation") \
  _(VARARG_N, "vararg table has no proper 'n'") \
  _(GLOBAL_DEFINED, "global '%s' already defined") \
  _(NON_CLOSABLE, "variable '%s' got a non-closable value") \
  _(YIELD_C, "attempt to yield across a C-call boundary") \
  _(YIELD_OUTSIDE, "attempt to yield from outside a coroutine") \
  _(RESUME_DEAD, "cannot resume dead coroutine") \
  _(RESUME_NONSUSP, "cannot resume non-suspended coroutine") \
  _(CLOSE_MAIN, "cannot close main thread") \
  _(CLOSE_NORMAL, "cannot close a normal coroutine") \
  _(BAD_BINARY, "bad binary format") \
  _(TRUNCATED, "truncated precompiled chunk") \
  _(MODE_BINARY, "attempt to load a binary chunk (mode is '%s')") \
  _(MODE_TEXT, "attempt to load a text chunk (mode is '%s')") \
  _(GC_FINALIZER, "error in __gc") \
  _(TOO_MANY_RESULTS, "too many results") \
  _(TYPE_OP, "attempt to %s a %s value%s") \
  _(FOR_TYPE, "bad 'for' %s (number expected, got %s)") \
  _(NO_INT_REP_VAR, "number%s has no integer representation") \
  _(COMPARE_SAME, "attempt to compare two %s values") \
  _(COMPARE, "attempt to compare %s with %s") \
  _(INDEX_LOOP, "'__index' chain too long; possible loop") \
  _(NEWINDEX_LOOP, "'__newindex' chain too long; possible loop")

#define ERR_ENUM(name, text) EL_ERR_##name,
typedef enum { ERRDEF_LIST (ERR_ENUM) EL_ERR__COUNT } ErrMsg;
#undef ERR_ENUM

/* The message texts, indexed by ErrMsg (raise.c). */
extern const char *const el_errmsg_text[EL_ERR__COUNT];

#endif /* EL_ERRMSG_H */
