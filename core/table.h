/*
** table.h: Lua tables (array part + hash part)
** SPDX-License-Identifier: MIT
**
** The hash part stores TValues (in nodes), the array part does not: an
** array entry is an 8-byte payload plus a tag byte kept apart (object.h).
** Hence two kinds of getters:
**  - hash-part getters (el_table_getshortstr, el_table_getstr,
**    el_table_hashgetint) return a pointer to the value slot or to the
**    absent-key object (isabstkey), never NULL;
**  - getters that may reach the array part (el_table_get,
**    el_table_getint) copy the value into *res and return its tag; an
**    empty tag (tagisempty) means the key is absent and *res is then left
**    untouched, so 'res' may alias the key.
** Setters that may insert a new key (el_table_set, el_table_setint,
** el_table_finishset) may rehash, so every pointer into the table is
** invalid after them.  The "set if present" fast paths (el_table_psetint,
** el_table_pset) never allocate; when they cannot store, they return the
** hint that el_table_finishset takes.  Every setter does the GC barrier.
** '#' follows the manual's border definition.
*/
#ifndef EL_TABLE_H
#define EL_TABLE_H

#include "gc.h"
#include "object.h"

struct ElaraState;

#define gnode(t, i)     (&(t)->node[i])
#define invalidateTMcache(t) ((t)->flags &= ~maskflags)

/* Is a tag one of nil's variants (nil, empty slot, absent key)? */
#define tagisempty(tag) (novariant (tag) == ELARA_TNIL)

/* Absent key (shared, read-only). */
EL_DATA const TValue el_table_absentkey;

/* -- The array part ---------------------------------------------------------
** One block: asize payloads, then asize tag bytes, then the length hint
** (an unaligned unsigned int where '#' starts its search, table.c).  Entry
** i (0-based) holds key i + 1.  Only table.c allocates it; everyone else
** reads and writes entries through these helpers. */

/* Bytes of an array part of n entries (none for n == 0: no block). */
#define el_table_arraybytes(n) \
  ((size_t) (n) * (sizeof (Value) + 1) \
   + ((n) > 0 ? sizeof (unsigned int) : 0))

/* The tag bytes, right after the payloads.  Only for asize > 0: an empty
** array part is a NULL block, and arithmetic on NULL is undefined. */
static inline uint8_t *
el_table_arraytags (const Table *t)
{
  return (uint8_t *) (t->array + t->asize);
}

/* Does a value of this tag use its payload?  Nil and the booleans are
** all tag (their variants), so the array part neither writes nor reads
** their payloads: a boolean or nil array (a sieve, a visited set) then
** costs the tag bytes alone in memory traffic, one eighth of a payload
** sweep.  The payload of such an entry is meaningless (never read). */
#define el_table_tagpayload(tag) (novariant (tag) > ELARA_TBOOLEAN)

/* Is integer key k in the array part? */
static inline int
el_table_inarray (const Table *t, ElInt k)
{
  return (ElUInt) k - 1u < (ElUInt) t->asize;
}

static inline uint8_t
el_table_arraytag (const Table *t, unsigned int i)
{
  return el_table_arraytags (t)[i];
}

/* The payload of entry i: meaningful only as its tag says (the collector
** reads the objects of collectable entries). */
static inline Value
el_table_arraypayload (const Table *t, unsigned int i)
{
  return t->array[i];
}

/* Copy entry i, empty or not, into *res. */
static inline void
el_table_arrayget (const Table *t, unsigned int i, TValue *res)
{
  uint8_t tag = el_table_arraytag (t, i);
  if (el_table_tagpayload (tag))
    val_ (res) = t->array[i];
  settt_ (res, tag);
}

/* Store v into entry i, without a GC barrier (callers do it).  Every
** load comes before the stores: the core is built without strict
** aliasing, so a store would make the compiler load 't' again. */
static inline void
el_table_arrayset (Table *t, unsigned int i, const TValue *v)
{
  Value *payloads = t->array;
  uint8_t *tags = el_table_arraytags (t);
  Value x = val_ (v);
  uint8_t tag = rawtt (v);
  if (el_table_tagpayload (tag))
    payloads[i] = x;
  tags[i] = tag;
}

/* Array part only: when key k is in the array part and t[k] is not nil,
** copy it into *res and return its tag; otherwise return EL_VNIL.  Leaf
** code with no call, for the tightest fast paths (the API's geti). */
static inline int
el_table_arrayhit (const Table *t, ElInt k, TValue *res)
{
  /* the index is the bounds test's own k - 1, full width: no second
  ** subtraction and zero-extension to index with (likewise below) */
  ElUInt i = (ElUInt) k - 1u;
  if (i < (ElUInt) t->asize) {
    const Value *payloads = t->array;
    uint8_t tag = ((const uint8_t *) (payloads + t->asize))[i];
    if (el_likely (!tagisempty (tag))) {
      if (el_table_tagpayload (tag))
        val_ (res) = payloads[i];
      settt_ (res, tag);
      return tag;
    }
  }
  return EL_VNIL;
}

/* Array part only: store t[k] = v and return 1 when key k is in the array
** part and the store needs no metamethod (t[k] is not nil, or t has no
** metatable); otherwise return 0.  No GC barrier (callers do it): leaf
** code, for the tightest fast paths. */
static inline int
el_table_arraypset (Table *t, ElInt k, const TValue *v)
{
  ElUInt i = (ElUInt) k - 1u;
  if (i < (ElUInt) t->asize) {
    Value *payloads = t->array;
    uint8_t *tags = el_table_arraytags (t);
    if (el_likely (!tagisempty (tags[i])) || t->metatable == NULL) {
      Value x = val_ (v);
      uint8_t tag = rawtt (v);
      if (el_table_tagpayload (tag))
        payloads[i] = x;
      tags[i] = tag;
      return 1;
    }
  }
  return 0;
}

/* -- Creation and sizes ---------------------------------------------------- */

EL_FUNC Table *el_table_new (struct ElaraState *L);
EL_FUNC void el_table_free (struct ElaraState *L, Table *t);
/* Resize to exactly nasize array slots and room for nhsize hash entries. */
EL_FUNC void el_table_resize (struct ElaraState *L, Table *t, unsigned int nasize,
                              unsigned int nhsize);
/* el_table_resize for a table with neither part yet (a constructor's):
** the same sizes, without the work of moving the old entries. */
EL_FUNC void el_table_presize (struct ElaraState *L, Table *t,
                               unsigned int nasize, unsigned int nhsize);
EL_FUNC void el_table_resizearray (struct ElaraState *L, Table *t,
                                   unsigned int nasize);
/* Bytes used by the table (accounting, tests). */
EL_FUNC size_t el_table_size (Table *t);

/* -- Lookup ---------------------------------------------------------------- */

EL_FUNC const TValue *el_table_getshortstr (Table *t, TString *key);
/* The rest of a short-string lookup whose first nodes 'n' held other keys:
** walks on along n's chain (table.c). */
EL_FUNC const TValue *el_table_shortstrchain (const Node *n, TString *key);

/* el_table_getshortstr with the first two nodes of the key's chain tested
** inline, for the VM's field handlers.  Most fields are found there: a
** small record (a few fields in a few nodes) has many collisions, but
** short chains.  Inline tests spare the call and the spills around it.
** The key's pointer is compared first: equal pointers almost always mean
** a string key, so the tag test rarely runs on a miss (each test has its
** own hint: one on the whole condition lays the hit out of line). */
static inline const TValue *
el_table_getshortstr_inl (Table *t, TString *key)
{
  const Node *n = gnode (t, key->hash & t->nodemask);
  int nx;
  if (el_likely (keyval (n).gc == obj2gco (key)) && el_likely (keyisshrstr (n)))
    return gval (n);
  nx = gnext (n);
  if (nx == 0)
    return &el_table_absentkey;
  n += nx;
  if (el_likely (keyval (n).gc == obj2gco (key)) && el_likely (keyisshrstr (n)))
    return gval (n);
  return el_table_shortstrchain (n, key);
}

/* el_table_getshortstr walked entirely inline: no call, so a leaf that
** uses it saves no registers (the VM's __index chain walk, where most
** lookups miss and a miss walks the whole chain).  Code is smaller than
** el_table_getshortstr_inl's two unrolled probes. */
static inline const TValue *
el_table_getshortstr_loop (const Table *t, TString *key)
{
  const Node *n = gnode (t, key->hash & t->nodemask);
  for (;;) {
    int nx;
    if (keyval (n).gc == obj2gco (key) && keyisshrstr (n))
      return gval (n);
    nx = gnext (n);
    if (nx == 0)
      return &el_table_absentkey;
    n += nx;
  }
}
EL_FUNC const TValue *el_table_getstr (Table *t, TString *key);
/* Integer key k in the hash part only (for keys outside the array). */
EL_FUNC const TValue *el_table_hashgetint (Table *t, ElInt k);
/* Any key; returns the tag (see the top of this file). */
EL_FUNC int el_table_get (Table *t, const TValue *key, TValue *res);

static inline int
el_table_getint (Table *t, ElInt k, TValue *res)
{
  const TValue *slot;
  ElUInt i = (ElUInt) k - 1u;
  if (i < (ElUInt) t->asize) {
    const Value *payloads = t->array;
    uint8_t tag = ((const uint8_t *) (payloads + t->asize))[i];
    if (!tagisempty (tag)) {
      Value x = payloads[i];
      val_ (res) = x;
      settt_ (res, tag);
    }
    return tag;
  }
  slot = el_table_hashgetint (t, k);
  if (!isempty (slot))
    setobj (NULL, res, slot);
  return rawtt (slot);
}

/* -- Setting --------------------------------------------------------------- */

/* Set t[key] = value.  Raises "index is nil" / "index is NaN". */
EL_FUNC void el_table_set (struct ElaraState *L, Table *t, const TValue *key,
                           const TValue *value);
EL_FUNC void el_table_setint (struct ElaraState *L, Table *t, ElInt key,
                              const TValue *value);
/* Raw t[d + j] = t[f + j] for j = 0 .. e - f, in the order that reads
** every source entry before it is overwritten (as memmove does), so the
** result is that of a loop of raw gets and sets from the right end when
** d > f and from the left end otherwise.  Requires f <= e and that
** d + (e - f) does not overflow.  A range inside the array part moves as
** two blocks (payloads and tags); no barrier is needed there, since the
** table already holds every value it moves. */
EL_FUNC void el_table_move (struct ElaraState *L, Table *t, ElInt f, ElInt e,
                            ElInt d);
/* Finish a set whose lookup found no value.  'slot' says where the key
** is: its node's (empty) value when it has a node, &el_table_absentkey
** when it has none (an absent key, or an empty entry of the array part),
** as the hash-part getters and the "set if present" functions return; or
** NULL when the caller does not know: the key is then looked up again. */
EL_FUNC void el_table_finishset (struct ElaraState *L, Table *t,
                                 const TValue *key, const TValue *slot,
                                 const TValue *value);

/* Insert short-string key 'key', known to be absent from t, with the
** non-nil 'value' when a node is free (no rehash, no allocation) and
** return 1; otherwise change nothing and return 0.  No metamethods. */
EL_FUNC int el_table_newshortstr (struct ElaraState *L, Table *t,
                                  const TValue *key, const TValue *value);

/* Insert integer key k, known to be absent from t (the hint el_table_psetint
** returned for it is the absent key), with the non-nil 'value' when that
** needs no rehash (an empty entry of the array part, or a free node) and
** return 1; otherwise change nothing and return 0.  No metamethods: the
** caller checked that no __newindex applies. */
EL_FUNC int el_table_newint (struct ElaraState *L, Table *t, ElInt k,
                             const TValue *value);

/* The index of integer key k's main position: k modulo the odd number
** nodemask | 1 (which spreads keys with regular low bits), with a 32-bit
** division for keys that fit one (table.c's tab_hashint). */
static inline unsigned int
el_table_intslot (const Table *t, ElInt k)
{
  ElUInt u = (ElUInt) k;
  unsigned int m = t->nodemask | 1u;
  return u <= UINT32_MAX ? (unsigned int) u % m : (unsigned int) (u % m);
}

/* el_table_newint's usual case as leaf code: k (absent, not in the array
** part) goes to its main position when that node holds no value, in a
** table that has nodes and is not black (so no barrier is due).  Returns
** 1 when stored, 0 (nothing changed) otherwise.  A table whose only node
** is taken looks like one without nodes here (both have nodemask and
** lastfree 0): it takes the other way, which is only slower. */
static inline int
el_table_newintfast (Table *t, ElInt k, const TValue *value)
{
  Node *mp;
  el_assert (!ttisnil (value) && !el_table_inarray (t, k));
  if ((t->nodemask | t->lastfree) == 0 || isblack (obj2gco (t)))
    return 0;
  mp = gnode (t, el_table_intslot (t, k));
  if (!isempty (gval (mp)))
    return 0;
  keyval (mp).i = k;
  keytt (mp) = EL_VNUMINT;
  setobj (NULL, gval (mp), value);
  return 1;
}

/* Set if present: store t[k] = v when that needs neither a new key nor a
** metamethod (t[k] is not nil, or it is an empty entry of the array part
** and t has no metatable, hence no __newindex) and return NULL.
** Otherwise change nothing and return the hint for el_table_finishset
** (never NULL). */
static inline const TValue *
el_table_psetint (struct ElaraState *L, Table *t, ElInt k, const TValue *v)
{
  const TValue *slot;
  if (el_table_inarray (t, k)) {
    /* a private copy, loaded before the stores: the barrier then tests
    ** the value's tag and object from registers, not from memory the
    ** stores may have changed (no strict aliasing in the core) */
    TValue cv = *v;
    if (el_table_arraypset (t, k, &cv)) {
      el_gc_barrierback (L, t, &cv);
      return NULL;
    }
    return &el_table_absentkey;
  }
  slot = el_table_hashgetint (t, k);
  if (!isempty (slot)) {
    setobj (L, cast (TValue *, slot), v);
    el_gc_barrierback (L, t, v);
    return NULL;
  }
  return slot;
}

/* The same for any key (integer-valued floats reach the array part). */
EL_FUNC const TValue *el_table_pset (struct ElaraState *L, Table *t,
                                     const TValue *key, const TValue *v);

/* -- Traversal and length -------------------------------------------------- */

/* Traversal: replaces key at 'key' by the next key and key+1 by its value;
** returns 0 at the end.  Raises "invalid key to 'next'" for bad keys. */
EL_FUNC int el_table_next (struct ElaraState *L, Table *t, StkId key);
/* A border of t (the '#' operator without __len). */
EL_FUNC ElUInt el_table_getn (Table *t);

#endif /* EL_TABLE_H */
