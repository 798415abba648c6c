/*
** meta.h: metamethods (tag methods): names, lookup, calls
** SPDX-License-Identifier: MIT
*/
#ifndef EL_META_H
#define EL_META_H

#include "object.h"

/* The metamethod list.  Order matters: events up to EQ have a "known absent"
** bit in Table.flags; the arithmetic ones follow ELARA_OP* order from ADD. */
#define TMDEF(_) \
  _(INDEX, "__index") _(NEWINDEX, "__newindex") _(GC, "__gc") \
  _(MODE, "__mode") _(LEN, "__len") _(EQ, "__eq") \
  _(ADD, "__add") _(SUB, "__sub") _(MUL, "__mul") _(MOD, "__mod") \
  _(POW, "__pow") _(DIV, "__div") _(IDIV, "__idiv") \
  _(BAND, "__band") _(BOR, "__bor") _(BXOR, "__bxor") \
  _(SHL, "__shl") _(SHR, "__shr") _(UNM, "__unm") _(BNOT, "__bnot") \
  _(LT, "__lt") _(LE, "__le") _(CONCAT, "__concat") _(CALL, "__call") \
  _(CLOSE, "__close")

#define TM_ENUM(name, str) TM_##name,
typedef enum { TMDEF (TM_ENUM) TM_N } TMS;
#undef TM_ENUM

/* Table.flags bit for "metamethod e known absent" (only e <= TM_EQ). */
#define maskflags       cast_byte (~(~0u << (TM_EQ + 1)))
#define invalidateTMcache(t) ((t)->flags &= ~maskflags)

struct ElaraState;
struct CallInfo;

/* Fast lookup of a metamethod in metatable 'mt' (NULL if absent), using and
** updating the absence cache.  Only for events <= TM_EQ. */
#define gfasttm(g, mt, e) \
  ((mt) == NULL ? NULL \
   : ((mt)->flags & (1u << (e))) ? NULL : el_meta_gettm (mt, e, (g)->tmname[e]))
#define fasttm(L, mt, e) gfasttm (G (L), mt, e)

EL_DATA const char *const el_meta_typenames[EL_TOTALTYPES + 1];
#define ttypename(x)    el_meta_typenames[(x) + 1]

/* Create the metamethod name strings (fixed, never collected). */
EL_FUNC void el_meta_init (struct ElaraState *L);
/* Raw lookup of event 'ename' in 'events'; sets the absence bit if absent. */
EL_FUNC const TValue *el_meta_gettm (Table *events, TMS event, TString *ename);
/* The metatable of any value (its own, or its type's), or NULL. */
EL_FUNC Table *el_meta_getmetatable (struct ElaraState *L, const TValue *o);
/* The metamethod of an arbitrary object (nil value if none). */
EL_FUNC const TValue *el_meta_gettmbyobj (struct ElaraState *L, const TValue *o,
                                          TMS event);
/* The object's type name honouring __name in its metatable. */
EL_FUNC const char *el_meta_objtypename (struct ElaraState *L, const TValue *o);
/* Call metamethod f(p1, p2, p3) with no result / one result stored in res. */
EL_FUNC void el_meta_calltm (struct ElaraState *L, const TValue *f,
                             const TValue *p1, const TValue *p2,
                             const TValue *p3);
EL_FUNC void el_meta_calltmres (struct ElaraState *L, const TValue *f,
                                const TValue *p1, const TValue *p2, StkId res);
/* Binary arithmetic/bitwise/concat metamethod: try p1's then p2's event,
** store in res; raises the right error message when neither has one. */
EL_FUNC void el_meta_trybintm (struct ElaraState *L, const TValue *p1,
                               const TValue *p2, StkId res, TMS event);
/* Variants used by MMBINI/MMBINK (flip = operands swapped). */
EL_FUNC void el_meta_trybiniTM (struct ElaraState *L, const TValue *p1,
                                ElInt i2, int flip, StkId res, TMS event);
EL_FUNC void el_meta_trybinassocTM (struct ElaraState *L, const TValue *p1,
                                    const TValue *p2, int flip, StkId res,
                                    TMS event);
EL_FUNC void el_meta_tryconcatTM (struct ElaraState *L);
/* Order comparison through __lt/__le; raises when no metamethod. */
EL_FUNC int el_meta_callorderTM (struct ElaraState *L, const TValue *p1,
                                 const TValue *p2, TMS event);
EL_FUNC int el_meta_callorderiTM (struct ElaraState *L, const TValue *p1,
                                  int v2, int flip, int isfloat, TMS event);
/* Vararg support: move the fixed parameters above the extra arguments
** (VARARGPREP) and copy the extra arguments (VARARG). */
EL_FUNC void el_meta_adjustvarargs (struct ElaraState *L, int nfixparams,
                                    struct CallInfo *ci, const Proto *p);
EL_FUNC void el_meta_getvarargs (struct ElaraState *L, struct CallInfo *ci,
                                 StkId where, int wanted, int vatab);

#endif /* EL_META_H */
