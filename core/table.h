/*
** table.h: Lua tables (array part + hash part)
** SPDX-License-Identifier: MIT
**
** Getters return a pointer to the value slot or to the absent-key object
** (isabstkey); never NULL.  Setters that may insert a new key go through
** el_table_finishset / el_table_set which may rehash, so every TValue
** pointer into the table is invalid after them.  '#' follows the manual's
** border definition.
*/
#ifndef EL_TABLE_H
#define EL_TABLE_H

#include "object.h"

struct ElaraState;

#define gnode(t, i)     (&(t)->node[i])
#define invalidateTMcache(t) ((t)->flags &= ~maskflags)

/* Absent key (shared, read-only). */
EL_DATA const TValue el_table_absentkey;

EL_FUNC Table *el_table_new (struct ElaraState *L);
EL_FUNC void el_table_free (struct ElaraState *L, Table *t);
/* Resize to exactly nasize array slots and room for nhsize hash entries. */
EL_FUNC void el_table_resize (struct ElaraState *L, Table *t, unsigned int nasize,
                              unsigned int nhsize);
EL_FUNC void el_table_resizearray (struct ElaraState *L, Table *t,
                                   unsigned int nasize);

EL_FUNC const TValue *el_table_getint (Table *t, ElInt key);
EL_FUNC const TValue *el_table_getshortstr (Table *t, TString *key);
EL_FUNC const TValue *el_table_getstr (Table *t, TString *key);
EL_FUNC const TValue *el_table_get (Table *t, const TValue *key);

/* Fast path for array access: slot of integer key 'k' or NULL when k is
** outside the array part. */
static inline TValue *
el_table_arrayslot (Table *t, ElInt k)
{
  return ((ElUInt) k - 1u < (ElUInt) t->asize) ? &t->array[k - 1] : NULL;
}

/* Set t[key] = value.  Raises "index is nil" / "index is NaN". Does the
** GC barrier. */
EL_FUNC void el_table_set (struct ElaraState *L, Table *t, const TValue *key,
                           const TValue *value);
EL_FUNC void el_table_setint (struct ElaraState *L, Table *t, ElInt key,
                              const TValue *value);
/* Finish a set whose fast lookup returned 'slot' (absent key: inserts). */
EL_FUNC void el_table_finishset (struct ElaraState *L, Table *t,
                                 const TValue *key, const TValue *slot,
                                 const TValue *value);
/* Traversal: replaces key at 'key' by the next key and key+1 by its value;
** returns 0 at the end.  Raises "invalid key to 'next'"? for bad keys. */
EL_FUNC int el_table_next (struct ElaraState *L, Table *t, StkId key);
/* A border of t (the '#' operator without __len). */
EL_FUNC ElUInt el_table_getn (Table *t);
/* Bytes used by the table (accounting, tests). */
EL_FUNC size_t el_table_size (Table *t);

#endif /* EL_TABLE_H */
