/*
** vm.h: the interpreter (computed-goto dispatch) and the operations it
** shares with the API: conversions, comparisons, indexing with
** metamethods, concatenation, length, integer division and modulo
** SPDX-License-Identifier: MIT
*/
#ifndef EL_VM_H
#define EL_VM_H

#include "state.h"

/* Convert to number/integer (strings are NOT coerced here: in 5.5 string
** arithmetic goes through the string library's metamethods; tonumber-style
** conversion of strings is done by el_vm_tonumber_ with cvt2num). */
#define tonumber(o, n) \
  (ttisfloat (o) ? (*(n) = fltvalue (o), 1) : el_vm_tonumber_ (L, o, n))
#define tonumberns(o, n) \
  (ttisfloat (o) ? ((n) = fltvalue (o), 1) \
   : (ttisinteger (o) ? ((n) = cast_num (ivalue (o)), 1) : 0))
#define tointeger(o, i) \
  (el_likely (ttisinteger (o)) ? (*(i) = ivalue (o), 1) \
   : el_vm_tointeger (o, i, EL_F2IEQ))
#define tointegerns(o, i) \
  (el_likely (ttisinteger (o)) ? (*(i) = ivalue (o), 1) \
   : el_vm_tointegerns (o, i, EL_F2IEQ))

#define el_vm_rawequalobj(t1, t2) el_vm_equalobj (NULL, t1, t2)

struct ElCoLoop;               /* call.c */

/* Execute Lua frame 'ci' until it returns (CIST_FRESH); returns 0.  With a
** 'loop' (call.c, "coroutine switches in the VM") it goes on with the
** loop's new current thread whenever it switched threads at a call of
** resume/wrap/yield, until the loop's base thread returns from its
** CIST_FRESH frame; it returns 0 then too. */
EL_FUNC int el_vm_run (ElaraState *L, CallInfo *ci, struct ElCoLoop *loop);
static inline void
el_vm_execute (ElaraState *L, CallInfo *ci)
{
  (void) el_vm_run (L, ci, NULL);
}
/* Finish the instruction interrupted by a yield inside a metamethod. */
EL_FUNC void el_vm_finishOp (ElaraState *L);

EL_FUNC int el_vm_equalobj (ElaraState *L, const TValue *t1, const TValue *t2);
EL_FUNC int el_vm_lessthan (ElaraState *L, const TValue *l, const TValue *r);
EL_FUNC int el_vm_lessequal (ElaraState *L, const TValue *l, const TValue *r);
/* Number conversion of any value (strings convertible by numeral rules). */
EL_FUNC int el_vm_tonumber_ (ElaraState *L, const TValue *obj, ElNum *n);
EL_FUNC int el_vm_tointeger (const TValue *obj, ElInt *p, F2Imod mode);
EL_FUNC int el_vm_tointegerns (const TValue *obj, ElInt *p, F2Imod mode);
/* t[key] with __index, when the raw lookup found nil or t is no table. */
EL_FUNC void el_vm_finishget (ElaraState *L, const TValue *t, TValue *key,
                              StkId val);
/* t[key] = val with __newindex, when t[key] was nil or t is no table;
** 'slot' is el_table_finishset's hint (table.h), or NULL. */
EL_FUNC void el_vm_finishset (ElaraState *L, const TValue *t, TValue *key,
                              TValue *val, const TValue *slot);
/* Generic get/set (API): full semantics including metamethods. */
EL_FUNC void el_vm_gettable (ElaraState *L, const TValue *t, TValue *key,
                             StkId val);
EL_FUNC void el_vm_settable (ElaraState *L, const TValue *t, TValue *key,
                             TValue *val);
/* Concatenate the 'total' values at the top; result replaces them. */
EL_FUNC void el_vm_concat (ElaraState *L, int total);
/* Arithmetic with metamethods (API lua_arith): res = p1 op p2. */
EL_FUNC void el_vm_arith (ElaraState *L, int op, const TValue *p1,
                          const TValue *p2, StkId res);
EL_FUNC ElInt el_vm_idiv (ElaraState *L, ElInt x, ElInt y);
EL_FUNC ElInt el_vm_mod (ElaraState *L, ElInt x, ElInt y);
EL_FUNC ElNum el_vm_modf (ElaraState *L, ElNum x, ElNum y);
EL_FUNC ElInt el_vm_shiftl (ElInt x, ElInt y);
/* ra = #rb with __len. */
EL_FUNC void el_vm_objlen (ElaraState *L, StkId ra, const TValue *rb);

#endif /* EL_VM_H */
