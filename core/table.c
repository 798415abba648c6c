/*
** table.c: Lua tables (array part + hash part)
** SPDX-License-Identifier: MIT
**
** The array part holds keys 1..asize, split into payloads and tags
** (object.h, table.h).  The hash part is a power-of-2
** vector of nodes organised as chained scatter tables with Brent's
** variation: every key either sits in its main position or in a free node
** chained from the node that is the main position of its chain.  Hence a
** key whose main position is taken by a key of another chain evicts it.
**
** Invariants:
**  - integer-valued float keys are stored as integers, so 1 and 1.0 are
**    the same key; nil and NaN are never keys;
**  - a node with a nil key is free and in no chain; 'lastfree' (an index)
**    only moves
**    down, every node at or above it is in use (or was, until a rehash);
**  - a node whose value is empty but whose key is not nil still belongs to
**    its chain (removed entry); the collector turns collectable keys of
**    such nodes into EL_TDEADKEY so next() can still walk past them;
**  - a table with no hash part points at the shared read-only dummy node
**    and has lastfree == 0;
**  - nodemask == sizenode - 1 (0 for the dummy node).
*/
#include "config.h"
#include "table.h"

#include <math.h>
#include <string.h>

#include "call.h"
#include "gc.h"
#include "mem.h"
#include "meta.h"
#include "raise.h"
#include "state.h"
#include "str.h"

/* Largest array part: 2^MAXABITS entries, and in bytes within size_t. */
#define MAXABITS        31
#define MAXASIZE \
  ((size_t) (1u << MAXABITS) < SIZE_MAX / el_table_arraybytes (1) \
   ? (1u << MAXABITS) : (unsigned int) (SIZE_MAX / el_table_arraybytes (1)))
/* Largest hash part: 2^MAXHBITS nodes ('next' offsets are ints). */
#define MAXHBITS        (MAXABITS - 1)
#define MAXHSIZE \
  ((size_t) (1u << MAXHBITS) < SIZE_MAX / sizeof (Node) \
   ? (1u << MAXHBITS) : (unsigned int) (SIZE_MAX / sizeof (Node)))

const TValue el_table_absentkey = { { NULL }, EL_VABSTKEY };

/* The hash part of every table without one.  Never written: its value is
** empty and its key nil, so lookups fail and inserts see no free node. */
static const Node tab_dummynode = {
  .u = { .value_ = { NULL }, .tt_ = EL_VEMPTY, .key_tt = ELARA_TNIL,
         .next = 0, .key_val = { NULL } }
};

#define tab_dummy       ((Node *) &tab_dummynode)
#define isdummy(t)      ((t)->node == tab_dummy)
#define allocsizenode(t) (isdummy (t) ? 0 : sizenode (t))

/* -- Main positions ------------------------------------------------------ */

static inline Node *
tab_hashpow2 (const Table *t, unsigned int h)
{
  return gnode (t, h & t->nodemask);
}

/* Non-string keys are reduced modulo an odd number: that spreads keys
** with regular low bits (aligned pointers, multiples of powers of 2). */
static inline Node *
tab_hashmod (const Table *t, unsigned int h)
{
  return gnode (t, h % (t->nodemask | 1u));
}

static inline Node *
tab_hashint (const Table *t, ElInt i)
{
  return gnode (t, el_table_intslot (t, i));
}

static inline Node *
tab_hashflt (const Table *t, ElNum n)
{
  uint64_t bits;
  memcpy (&bits, &n, sizeof bits);
  /* the mantissa's low bits are often zero: fold the high half in */
  return tab_hashmod (t, (unsigned int) (bits ^ (bits >> 32)));
}

static inline Node *
tab_hashptr (const Table *t, const void *p)
{
  uintptr_t u = (uintptr_t) p;
  return tab_hashmod (t, (unsigned int) (u ^ (u >> 32)));
}

/* Main position of a key given by its tag and payload. */
static Node *
tab_mainposition (const Table *t, int tt, const Value *kv)
{
  switch (tt) {
    case EL_VNUMINT:
      return tab_hashint (t, kv->i);
    case EL_VNUMFLT:
      return tab_hashflt (t, kv->n);
    case ctb (EL_VSHRSTR):
      return tab_hashpow2 (t, gco2ts (kv->gc)->hash);
    case ctb (EL_VLNGSTR):
      return tab_hashpow2 (t, el_str_hashlong (gco2ts (kv->gc)));
    case EL_VFALSE:
      return tab_hashpow2 (t, 0);
    case EL_VTRUE:
      return tab_hashpow2 (t, 1);
    case EL_VLIGHTUSERDATA:
      return tab_hashptr (t, kv->p);
    case EL_VLCF:
      return tab_hashptr (t, (const void *) (uintptr_t) kv->f);
    default:
      el_assert (tt & BIT_ISCOLLECTABLE);
      return tab_hashptr (t, kv->gc);
  }
}

static inline Node *
tab_mainpositionTV (const Table *t, const TValue *key)
{
  return tab_mainposition (t, rawtt (key), &val_ (key));
}

static inline Node *
tab_mainpositionfromnode (const Table *t, Node *n)
{
  if (keyisshrstr (n))  /* a field name, usually: no call */
    return tab_hashpow2 (t, keystrval (n)->hash);
  return tab_mainposition (t, keytt (n), &keyval (n));
}

/* Does node n hold key k?  With 'deadok', a dead key matches the object it
** used to be (only next() needs that: the object is alive on its stack). */
static int
tab_equalkey (const TValue *k, const Node *n, int deadok)
{
  if (rawtt (k) != keytt (n)) {
    if (deadok && keytt (n) == EL_TDEADKEY && iscollectable (k))
      return gcvalue (k) == n->u.key_val.gc;
    return 0;
  }
  switch (keytt (n)) {
    case EL_VNIL: case EL_VFALSE: case EL_VTRUE:
      return 1;
    case EL_VNUMINT:
      return val_ (k).i == n->u.key_val.i;
    case EL_VNUMFLT:
      return val_ (k).n == n->u.key_val.n;
    case EL_VLIGHTUSERDATA:
      return val_ (k).p == n->u.key_val.p;
    case EL_VLCF:
      return val_ (k).f == n->u.key_val.f;
    case ctb (EL_VLNGSTR):
      return el_str_eqlngstr (tsvalue (k), gco2ts (n->u.key_val.gc));
    default:
      return val_ (k).gc == n->u.key_val.gc;
  }
}

static const TValue *
tab_getgeneric (Table *t, const TValue *key, int deadok)
{
  Node *n = tab_mainpositionTV (t, key);
  for (;;) {
    if (tab_equalkey (key, n, deadok))
      return gval (n);
    int nx = gnext (n);
    if (nx == 0)
      return &el_table_absentkey;
    n += nx;
  }
}

/* -- Lookup ------------------------------------------------------------------ */

const TValue *
el_table_hashgetint (Table *t, ElInt key)
{
  Node *n = tab_hashint (t, key);
  for (;;) {
    if (keyisinteger (n) && keyival (n) == key)
      return gval (n);
    int nx = gnext (n);
    if (nx == 0)
      return &el_table_absentkey;
    n += nx;
  }
}

const TValue *
el_table_getshortstr (Table *t, TString *key)
{
  el_assert (key->tt == EL_VSHRSTR);
  return el_table_getshortstr_loop (t, key);
}

const TValue *
el_table_shortstrchain (const Node *n, TString *key)
{
  for (;;) {
    int nx = gnext (n);
    if (nx == 0)
      return &el_table_absentkey;
    n += nx;
    if (keyisshrstr (n) && keystrval (n) == key)
      return gval (n);
  }
}

const TValue *
el_table_getstr (Table *t, TString *key)
{
  if (key->tt == EL_VSHRSTR)
    return el_table_getshortstr (t, key);
  TValue k;
  setsvalue (NULL, &k, key);
  return tab_getgeneric (t, &k, 0);
}

/* The value slot of a key that is no integer, nor a float with an integer
** value (those may live in the array part). */
static const TValue *
tab_gethash (Table *t, const TValue *key)
{
  switch (ttypetag (key)) {
    case EL_VSHRSTR:
      return el_table_getshortstr (t, tsvalue (key));
    case EL_VNIL:
      return &el_table_absentkey;
    default:
      return tab_getgeneric (t, key, 0);
  }
}

/* An integer-valued float key as an integer (1.0 and 1 are one key). */
static inline int
tab_fltkeyint (const TValue *key, ElInt *k)
{
  return ttisfloat (key) && el_object_flttointns (fltvalue (key), k, EL_F2IEQ);
}

#if defined(__GNUC__)
#define TAB_NOINLINE    __attribute__ ((noinline))
#else
#define TAB_NOINLINE
#endif

/* el_table_get for keys other than short strings and integers.  Kept out
** of line so that el_table_get stays a leaf on its common paths. */
static TAB_NOINLINE int
tab_getother (Table *t, const TValue *key, TValue *res)
{
  const TValue *slot;
  ElInt k;
  if (tab_fltkeyint (key, &k))
    return el_table_getint (t, k, res);
  slot = tab_gethash (t, key);
  if (!isempty (slot))
    setobj (NULL, res, slot);
  return rawtt (slot);
}

int
el_table_get (Table *t, const TValue *key, TValue *res)
{
  const TValue *slot;
  if (ttisshrstring (key))
    slot = el_table_getshortstr (t, tsvalue (key));
  else if (ttisinteger (key))
    return el_table_getint (t, ivalue (key), res);
  else
    return tab_getother (t, key, res);
  if (!isempty (slot))
    setobj (NULL, res, slot);
  return rawtt (slot);
}

/* -- Insertion into the hash part ---------------------------------------- */

static Node *
tab_getfreepos (Table *t)
{
  if (!isdummy (t)) {
    while (t->lastfree > 0) {
      Node *n = gnode (t, --t->lastfree);
      if (keyisnil (n))
        return n;
    }
  }
  return NULL;
}

/* Link the free node f into mp's chain right after mp. */
static inline void
tab_linkafter (Node *mp, Node *f)
{
  if (gnext (mp) != 0)
    gnext (f) = cast_int ((mp + gnext (mp)) - f);
  else
    el_assert (gnext (f) == 0);
  gnext (mp) = cast_int (f - mp);
}

/* Put a key known to be absent (and normalised), whose main position is
** mp, into the hash part.  Returns 0, changing nothing, when no node is
** free. */
static inline int
tab_hashinsertat (Table *t, Node *mp, const TValue *key, const TValue *value)
{
  if (!isempty (gval (mp)) || isdummy (t)) {
    Node *f = tab_getfreepos (t);
    if (f == NULL)
      return 0;
    Node *othern = tab_mainpositionfromnode (t, mp);
    if (othern != mp) {
      /* the occupant is a guest from another chain: move it to the free
      ** node and give the new key its own main position */
      while (othern + gnext (othern) != mp)
        othern += gnext (othern);
      gnext (othern) = cast_int (f - othern);
      *f = *mp;
      if (gnext (mp) != 0) {
        gnext (f) += cast_int (mp - f);
        gnext (mp) = 0;
      }
      setempty (gval (mp));
    }
    else {
      /* the occupant is at home: the new key goes to the free node, linked
      ** right after the main position */
      tab_linkafter (mp, f);
      mp = f;
    }
  }
  setnodekey (NULL, mp, key);
  setobj (NULL, gval (mp), value);
  return 1;
}

static int
tab_hashinsert (Table *t, const TValue *key, const TValue *value)
{
  return tab_hashinsertat (t, tab_mainpositionTV (t, key), key, value);
}

/* Store during a resize: room is guaranteed. */
static void
tab_reinsert (Table *t, const TValue *key, const TValue *value)
{
  if (ttisinteger (key) && el_table_inarray (t, ivalue (key)))
    el_table_arrayset (t, (unsigned int) (ivalue (key) - 1), value);
  else {
    int ok = tab_hashinsert (t, key, value);
    el_assert (ok);
    el_unused (ok);
  }
}

/* -- Resizing ---------------------------------------------------------------- */

/* Count the integer key k in nums[ceil(log2(k))] if it could go to an
** array part. */
static int
tab_countint (ElInt key, unsigned int *nums)
{
  ElUInt k = (ElUInt) key;
  if (k - 1u < (ElUInt) MAXASIZE) {
    nums[el_object_ceillog2 ((unsigned int) k)]++;
    return 1;
  }
  return 0;
}

/* The number of non-empty tags among tags[0 .. n-1].  Eight tags at a
** time: a tag is empty when its low nibble (its type, object.h) is 0, so
** after masking each byte is 0..15 and adding 0x7f sets its high bit
** exactly when it is not 0, with no carry into the next byte.  A rehash
** counts the whole array part, and a table that grows by appending
** rehashes at every doubling: this loop is most of that work. */
static unsigned int
tab_countused (const uint8_t *tags, unsigned int n)
{
  const uint64_t low = UINT64_C (0x0F0F0F0F0F0F0F0F);
  const uint64_t add = UINT64_C (0x7F7F7F7F7F7F7F7F);
  const uint64_t high = UINT64_C (0x8080808080808080);
  unsigned int c = 0;
  unsigned int i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy (&w, tags + i, sizeof w);
    w = (((w & low) + add) & high) >> 7;     /* 1 per used tag */
    c += (unsigned int) ((w * UINT64_C (0x0101010101010101)) >> 56);
  }
  for (; i < n; i++) {
    if (!tagisempty (tags[i]))
      c++;
  }
  return c;
}

/* Count the used slots of the array part per slice (2^(i-1), 2^i]. */
static unsigned int
tab_numusearray (const Table *t, unsigned int *nums)
{
  const uint8_t *tags;
  unsigned int total = 0;
  unsigned int i = 1;           /* next key to look at */
  int lg;
  ElUInt twotolg = 1;
  if (t->asize == 0)
    return 0;
  tags = el_table_arraytags (t);
  for (lg = 0; lg <= MAXABITS; lg++, twotolg *= 2) {
    unsigned int lim = (twotolg > t->asize) ? t->asize : (unsigned int) twotolg;
    unsigned int lc;
    if (i > lim)
      break;
    lc = tab_countused (tags + (i - 1), lim - i + 1);
    i = lim + 1;
    nums[lg] += lc;
    total += lc;
  }
  return total;
}

/* Count the used nodes; integer keys also go to nums and *pna, removed
** entries (key kept, value empty) to *pdeleted. */
static unsigned int
tab_numusehash (const Table *t, unsigned int *nums, unsigned int *pna,
                unsigned int *pdeleted)
{
  unsigned int total = 0;
  unsigned int ause = 0;
  unsigned int deleted = 0;
  unsigned int i = allocsizenode (t);
  while (i--) {
    Node *n = gnode (t, i);
    if (!isempty (gval (n))) {
      if (keyisinteger (n))
        ause += (unsigned int) tab_countint (keyival (n), nums);
      total++;
    }
    else if (!keyisnil (n))
      deleted++;
  }
  *pna += ause;
  *pdeleted = deleted;
  return total;
}

/* Whether n array slots cost no more memory than the hash nodes that k
** keys would take instead: a node holds a key, a value and a link, about
** three slots' worth. */
static inline int
tab_arraypays (ElUInt n, unsigned int k)
{
  return n <= (ElUInt) k * 3;
}

/* The array size: the largest power of 2, n, that pays for itself with
** the keys 1..n present, counting only sizes that gain keys.  This is the
** rule of the reference Lua 5.5, and it must stay so: which border '#'
** returns for a table with holes depends on the size of the array part.
** *pna goes in as the number of integer keys, comes out as the number of
** keys that will live in the array. */
static unsigned int
tab_computesizes (const unsigned int *nums, unsigned int *pna)
{
  unsigned int a = 0;           /* keys <= 2^i */
  unsigned int na = 0;
  unsigned int optimal = 0;
  int i;
  ElUInt twotoi = 1;
  /* past 3 * *pna no size can pay for itself any more */
  for (i = 0; i <= MAXABITS && tab_arraypays (twotoi, *pna);
       i++, twotoi *= 2) {
    a += nums[i];
    if (nums[i] > 0 && tab_arraypays (twotoi, a)) {
      optimal = (unsigned int) twotoi;
      na = a;
    }
  }
  *pna = na;
  return optimal;
}

static Node *
tab_newnodes (ElaraState *L, unsigned int size)
{
  Node *nv = el_mem_newvector (L, size, Node);
  unsigned int i;
  for (i = 0; i < size; i++) {
    Node *n = nv + i;
    gnext (n) = 0;
    keytt (n) = ELARA_TNIL;
    keyval (n).gc = NULL;
    setempty (gval (n));
  }
  return nv;
}

/* The node vector for room for nhsize entries (the shared dummy for none);
** *lsize gets its log2 size.  Raises when it would be too big. */
static Node *
tab_allocnodes (ElaraState *L, unsigned int nhsize, int *lsize)
{
  int ls;
  *lsize = 0;
  if (nhsize == 0)
    return tab_dummy;
  /* el_object_ceillog2 inline: a constructor's table pays no call */
  ls = (nhsize <= 1) ? 0 : 32 - __builtin_clz (nhsize - 1);
  if (ls > MAXHBITS || (1u << ls) > MAXHSIZE)
    el_raise_error (L, EL_ERR_TABLE_OVERFLOW);
  *lsize = ls;
  return tab_newnodes (L, 1u << ls);
}

/* An array part could not be allocated after the node vector nn (not yet
** part of any table, so the collector cannot free it): free it, raise. */
static EL_NORET
tab_arrayfailed (ElaraState *L, Node *nn, int lsize)
{
  if (nn != tab_dummy)
    el_mem_freearray (L, nn, (size_t) 1u << lsize);
  el_mem_error (L);
}

/* The array block 'old' of oasize entries (NULL, 0: none) reallocated for
** nasize entries, allocated after the node vector nn: on failure nn is
** freed and "not enough memory" raised (tab_arrayfailed), 'old' kept. */
static Value *
tab_reallocarray (ElaraState *L, Value *old, unsigned int oasize,
                  unsigned int nasize, Node *nn, int lsize)
{
  Value *na = el_mem_saferealloc (L, old, el_table_arraybytes (oasize),
                                  el_table_arraybytes (nasize));
  if (na == NULL)
    tab_arrayfailed (L, nn, lsize);
  return na;
}

/* Install node vector nn of 2^lsize nodes (its free search starts at the
** end). */
static inline void
tab_setnodes (Table *t, Node *nn, int lsize)
{
  t->node = nn;
  t->lsizenode = cast_byte (lsize);
  t->nodemask = (1u << lsize) - 1u;
  t->lastfree = (nn == tab_dummy) ? 0 : 1u << lsize;
}

/* The length hint of a non-empty array part, after its tags (unaligned:
** memcpy).  '#' starts there and leaves its result there. */
static unsigned int
tab_gethint (const Table *t)
{
  unsigned int h;
  memcpy (&h, el_table_arraytags (t) + t->asize, sizeof h);
  return h;
}

static unsigned int
tab_sethint (Table *t, unsigned int h)
{
  memcpy (el_table_arraytags (t) + t->asize, &h, sizeof h);
  return h;
}

/* Install the array block na of nasize entries and the node vector nn of
** 2^lsize nodes.  Every resize restarts '#' from the middle of the array
** part, even when its size stays (as the reference does: which border
** '#' finds in a table with holes depends on it). */
static void
tab_setparts (Table *t, Value *na, unsigned int nasize, Node *nn, int lsize)
{
  t->array = na;
  t->asize = nasize;
  if (nasize > 0)
    tab_sethint (t, nasize / 2);
  tab_setnodes (t, nn, lsize);
}

void
el_table_resize (ElaraState *L, Table *t, unsigned int nasize,
                 unsigned int nhsize)
{
  unsigned int oasize = t->asize;
  Value *oarray = t->array;
  const uint8_t *otags = (oasize > 0) ? el_table_arraytags (t) : NULL;
  Node *onode = t->node;
  unsigned int onsize = allocsizenode (t);
  unsigned int need = 0;
  unsigned int i;
  Node *nn;
  Value *na = NULL;
  int lsize;

  if (nasize > MAXASIZE)
    el_raise_error (L, EL_ERR_TABLE_OVERFLOW);
  /* never fewer nodes than the entries that must move to the hash part */
  for (i = nasize; i < oasize; i++) {
    if (!tagisempty (otags[i]))
      need++;
  }
  for (i = 0; i < onsize; i++) {
    Node *n = onode + i;
    if (!isempty (gval (n))
        && !(keyisinteger (n) && (ElUInt) keyival (n) - 1u < nasize))
      need++;
  }
  if (nhsize < need)
    nhsize = need;

  /* Allocate both new parts before touching the table: an allocation may
  ** fail or run an emergency collection, which must see a sound table. */
  nn = tab_allocnodes (L, nhsize, &lsize);
  if (nasize == oasize)
    na = oarray;                /* the array part stays where it is */
  else if (nasize > oasize) {
    /* Growing: reallocate in place, so the old and new parts never live
    ** side by side (a large block is usually remapped, not copied).  On
    ** failure the old block is untouched, and it is the only thing an
    ** emergency collection can see. */
    uint8_t *ntags;
    na = tab_reallocarray (L, oarray, oasize, nasize, nn, lsize);
    /* The tags follow the payloads, so they move up to their new place
    ** (the two ranges may overlap); the new entries start empty.  Their
    ** payloads stay unset: nothing reads the payload of an empty entry. */
    ntags = (uint8_t *) (na + nasize);
    if (oasize > 0)
      memmove (ntags, na + oasize, oasize);
    memset (ntags + oasize, EL_VEMPTY, nasize - oasize);
    oarray = NULL;              /* it may be gone: forget it */
    oasize = 0;                 /* nothing left to move or free below */
  }
  else if (nasize > 0) {
    /* Shrinking: the keys above nasize move to the new hash part, read
    ** from the old block, so it must stay until the end. */
    na = tab_reallocarray (L, NULL, 0, nasize, nn, lsize);
    memcpy (na, oarray, (size_t) nasize * sizeof (Value));
    memcpy (na + nasize, otags, nasize);
  }

  /* From here on nothing allocates. */
  tab_setparts (t, na, nasize, nn, lsize);

  for (i = nasize; i < oasize; i++) {
    if (!tagisempty (otags[i])) {
      TValue k, v;
      setivalue (&k, (ElInt) i + 1);
      val_ (&v) = oarray[i];
      settt_ (&v, otags[i]);
      tab_reinsert (t, &k, &v);
    }
  }
  for (i = 0; i < onsize; i++) {
    Node *n = onode + i;
    if (!isempty (gval (n))) {
      TValue k;
      getnodekey (L, &k, n);
      tab_reinsert (t, &k, gval (n));
    }
  }
  if (oarray != NULL && oarray != na)
    el_mem_free (L, oarray, el_table_arraybytes (oasize));
  if (onsize > 0)
    el_mem_freearray (L, onode, (size_t) onsize);
}

void
el_table_resizearray (ElaraState *L, Table *t, unsigned int nasize)
{
  el_table_resize (L, t, nasize, allocsizenode (t));
}

/* Grow for one more key 'ek' with sizes computed from the current use. */
static void
tab_rehash (ElaraState *L, Table *t, const TValue *ek)
{
  unsigned int nums[MAXABITS + 1];
  unsigned int na = 0, total, asize, deleted, nhsize;
  int i;
  for (i = 0; i <= MAXABITS; i++)
    nums[i] = 0;
  total = tab_numusehash (t, nums, &na, &deleted) + 1;
  if (ttisinteger (ek))
    na += (unsigned int) tab_countint (ivalue (ek), nums);
  if (na == 0) {
    /* no candidate for the array part: keep it as it is (and skip
    ** counting it) */
    asize = t->asize;
  }
  else {
    unsigned int inarray = tab_numusearray (t, nums);
    na += inarray;
    total += inarray;
    asize = tab_computesizes (nums, &na);
  }
  nhsize = total - na;
  /* Entries were removed since the last resize: a table used as a queue
  ** (insert, delete, insert ...) would otherwise rehash at every insertion
  ** into a hash part that stays exactly full.  Some slack avoids that:
  ** a quarter more, and at least one node, so that a short queue (one or
  ** two items, in two nodes that every integer key hashes to alike) gets
  ** the room where its next keys find their main positions free.  The
  ** node count differs from a quarter's alone only where that sum was a
  ** power of 2 (1, 2, 16, ...): it is then the next one. */
  if (deleted > 0)
    nhsize += (nhsize >> 2) + 1;
  el_table_resize (L, t, asize, nhsize);
}

/* -- Creation and destruction --------------------------------------------- */

Table *
el_table_new (ElaraState *L)
{
  GCObject *o = el_gc_newobj (L, EL_VTABLE, sizeof (Table));
  Table *t = gco2t (o);
  t->metatable = NULL;
  t->flags = maskflags;         /* no metamethod fields yet */
  t->array = NULL;
  t->asize = 0;
  t->node = tab_dummy;
  t->lsizenode = 0;
  t->nodemask = 0;
  t->lastfree = 0;
  t->gclist = NULL;
  return t;
}

void
el_table_presize (ElaraState *L, Table *t, unsigned int nasize,
                  unsigned int nhsize)
{
  Node *nn;
  Value *na = NULL;
  int lsize;
  el_assert (t->asize == 0 && isdummy (t));
  if (nasize > MAXASIZE)
    el_raise_error (L, EL_ERR_TABLE_OVERFLOW);
  nn = tab_allocnodes (L, nhsize, &lsize);
  if (nasize > 0) {
    na = tab_reallocarray (L, NULL, 0, nasize, nn, lsize);
    memset (na + nasize, EL_VEMPTY, nasize);
  }
  /* nothing allocates from here on: the table is sound at every step */
  tab_setparts (t, na, nasize, nn, lsize);
}

void
el_table_free (ElaraState *L, Table *t)
{
  if (!isdummy (t))
    el_mem_freearray (L, t->node, (size_t) sizenode (t));
  if (t->array != NULL)
    el_mem_free (L, t->array, el_table_arraybytes (t->asize));
  el_mem_free (L, t, sizeof (Table));
}

size_t
el_table_size (Table *t)
{
  return sizeof (Table) + el_table_arraybytes (t->asize)
         + (size_t) allocsizenode (t) * sizeof (Node);
}

/* -- Setting ------------------------------------------------------------------ */

/* Insert a key that is not in the table. */
static void
tab_newkey (ElaraState *L, Table *t, const TValue *key, const TValue *value)
{
  TValue aux, val;
  /* private copies: 'key' or 'value' may point into this very table, and a
  ** rehash below frees its old parts */
  setobj (L, &val, value);
  value = &val;
  setobj (L, &aux, key);
  key = &aux;
  if (el_unlikely (ttisnil (key)))
    el_raise_error (L, EL_ERR_TABLE_INDEX_NIL);
  if (ttisfloat (key)) {
    ElNum f = fltvalue (key);
    ElInt k;
    if (el_object_flttointns (f, &k, EL_F2IEQ)) {
      setivalue (&aux, k);
    }
    else if (el_unlikely (f != f))
      el_raise_error (L, EL_ERR_TABLE_INDEX_NAN);
  }
  if (ttisnil (value))
    return;                     /* absent already means nil */
  if (ttisinteger (key) && el_table_inarray (t, ivalue (key))) {
    /* an empty entry of the array part (el_table_finishset's hint for
    ** it is the absent key): no insertion needed */
    el_table_arrayset (t, (unsigned int) (ivalue (key) - 1), value);
    el_gc_barrierback (L, t, value);
    return;
  }
  if (!tab_hashinsert (t, key, value)) {
    tab_rehash (L, t, key);
    /* the key may now belong to the array part */
    el_table_set (L, t, key, value);
    return;
  }
  el_gc_barrierback (L, t, key);
  el_gc_barrierback (L, t, value);
}

void
el_table_finishset (ElaraState *L, Table *t, const TValue *key,
                    const TValue *slot, const TValue *value)
{
  invalidateTMcache (t);
  if (slot == NULL)
    el_table_set (L, t, key, value);
  else if (isabstkey (slot))
    tab_newkey (L, t, key, value);
  else {
    setobj (L, cast (TValue *, slot), value);
    el_gc_barrierback (L, t, value);
  }
}

/* el_table_newshortstr when the main position mp is taken, the table has
** no nodes, or it is black (a barrier may be due). */
static __attribute__ ((noinline)) int
tab_newshortstrslow (ElaraState *L, Table *t, Node *mp, const TValue *key,
                     const TValue *value)
{
  if (!tab_hashinsertat (t, mp, key, value))
    return 0;
  invalidateTMcache (t);
  el_gc_barrierback (L, t, key);
  el_gc_barrierback (L, t, value);
  return 1;
}

int
el_table_newshortstr (ElaraState *L, Table *t, const TValue *key,
                      const TValue *value)
{
  Node *mp = tab_hashpow2 (t, tsvalue (key)->hash);
  el_assert (ttisshrstring (key) && !ttisnil (value));
  /* The usual case (a constructor's or an init method's fields): a free
  ** main position in a table that is not black, which needs no barrier
  ** (a barrier is due only when a black table gets a white object).  A
  ** leaf, then: every call or register save is in the other case.  A free
  ** main position keeps its chain link (a dead key's node is reused as
  ** tab_hashinsertat does). */
  if (el_likely (!isdummy (t) && !isblack (obj2gco (t)))) {
    if (isempty (gval (mp))) {
      setnodekey (NULL, mp, key);
      setobj (NULL, gval (mp), value);
      invalidateTMcache (t);
      return 1;
    }
    /* Taken by a field at home (the next field of a small record, which
    ** collides half the time): the new key goes to a free node linked
    ** right after it, as tab_hashinsertat does, still with no call.  The
    ** occupant is tested before a free node is taken, so that the other
    ** case (a guest to move) finds lastfree untouched. */
    if (keyisshrstr (mp) && tab_hashpow2 (t, keystrval (mp)->hash) == mp) {
      Node *f = tab_getfreepos (t);
      if (f == NULL)
        return 0;
      tab_linkafter (mp, f);
      setnodekey (NULL, f, key);
      setobj (NULL, gval (f), value);
      invalidateTMcache (t);
      return 1;
    }
  }
  return tab_newshortstrslow (L, t, mp, key, value);
}

int
el_table_newint (ElaraState *L, Table *t, ElInt k, const TValue *value)
{
  TValue key;
  el_assert (!ttisnil (value));
  if (el_table_inarray (t, k)) {
    /* an empty entry of the array part (the caller's table has a
    ** metatable without __newindex): no insertion needed */
    el_table_arrayset (t, (unsigned int) (k - 1), value);
    el_gc_barrierback (L, t, value);
    return 1;
  }
  /* A queue's next key (items[tail] = x) or a sparse set's: its main
  ** position usually holds a removed entry or is free, and otherwise a
  ** free node takes it, as in tab_newkey, without tab_newkey's copies and
  ** float and nil checks (an integer key needs none).  Integer keys are
  ** never metamethod names: the table's metamethod cache stays valid. */
  setivalue (&key, k);
  if (!tab_hashinsertat (t, tab_hashint (t, k), &key, value))
    return 0;
  el_gc_barrierback (L, t, value);
  return 1;
}

void
el_table_set (ElaraState *L, Table *t, const TValue *key, const TValue *value)
{
  ElInt k;
  if (ttisinteger (key))
    el_table_setint (L, t, ivalue (key), value);
  else if (tab_fltkeyint (key, &k))
    el_table_setint (L, t, k, value);
  else
    el_table_finishset (L, t, key, tab_gethash (t, key), value);
}

void
el_table_setint (ElaraState *L, Table *t, ElInt key, const TValue *value)
{
  const TValue *slot;
  if (el_table_inarray (t, key)) {
    el_table_arrayset (t, (unsigned int) (key - 1), value);
    el_gc_barrierback (L, t, value);
    return;
  }
  slot = el_table_hashgetint (t, key);
  if (isabstkey (slot)) {
    TValue k;
    setivalue (&k, key);
    tab_newkey (L, t, &k, value);
  }
  else {
    setobj (L, cast (TValue *, slot), value);
    el_gc_barrierback (L, t, value);
  }
}

void
el_table_move (ElaraState *L, Table *t, ElInt f, ElInt e, ElInt d)
{
  ElUInt n = (ElUInt) e - (ElUInt) f;   /* entries to move, less one */
  ElUInt j;
  if (f == d)
    return;
  if (el_table_inarray (t, f) && el_table_inarray (t, e)
      && el_table_inarray (t, d) && el_table_inarray (t, d + (ElInt) n)) {
    uint8_t *tags = el_table_arraytags (t);
    memmove (t->array + (d - 1), t->array + (f - 1),
             (size_t) (n + 1) * sizeof (Value));
    memmove (tags + (d - 1), tags + (f - 1), (size_t) (n + 1));
    return;
  }
  /* Entry by entry: 'v' is read before its slot can be overwritten, and
  ** it stays in its source slot (anchored) while the set may allocate. */
  for (j = 0; j <= n; j++) {
    ElInt off = (ElInt) (d > f ? n - j : j);
    TValue v;
    if (tagisempty (el_table_getint (t, f + off, &v)))
      setnilvalue (&v);
    el_table_setint (L, t, d + off, &v);
  }
}

const TValue *
el_table_pset (ElaraState *L, Table *t, const TValue *key, const TValue *v)
{
  const TValue *slot;
  ElInt k;
  if (ttisshrstring (key))
    slot = el_table_getshortstr (t, tsvalue (key));
  else if (ttisinteger (key))
    return el_table_psetint (L, t, ivalue (key), v);
  else if (tab_fltkeyint (key, &k))
    return el_table_psetint (L, t, k, v);
  else
    slot = tab_gethash (t, key);
  if (isempty (slot))
    return slot;
  setobj (L, cast (TValue *, slot), v);
  el_gc_barrierback (L, t, v);
  return NULL;
}

/* -- Traversal ------------------------------------------------------------- */

/* Index of the traversal position after 'key': 0 for nil, i for the array
** key i, asize + 1 + node index for a hash key. */
static unsigned int
tab_findindex (ElaraState *L, Table *t, TValue *key, unsigned int asize)
{
  const TValue *n;
  if (ttisnil (key))
    return 0;
  if (ttisfloat (key)) {
    ElInt k;
    if (el_object_flttointns (fltvalue (key), &k, EL_F2IEQ))
      setivalue (key, k);
  }
  if (ttisinteger (key) && (ElUInt) ivalue (key) - 1u < (ElUInt) asize)
    return (unsigned int) ivalue (key);
  if (ttisshrstring (key)) {
    /* the common key of a traversal, looked up without the generic
    ** switches: the same string object, under its own tag or as the dead
    ** key it became when its entry was removed */
    const Node *nd = tab_hashpow2 (t, tsvalue (key)->hash);
    for (;;) {
      if (keyval (nd).gc == gcvalue (key)
          && (keyisshrstr (nd) || keytt (nd) == EL_TDEADKEY))
        return (unsigned int) (nd - gnode (t, 0)) + 1 + asize;
      if (gnext (nd) == 0)
        el_raise_error (L, EL_ERR_NEXT_KEY);
      nd += gnext (nd);
    }
  }
  n = tab_getgeneric (t, key, 1);
  if (el_unlikely (isabstkey (n)))
    el_raise_error (L, EL_ERR_NEXT_KEY);
  /* a node's value is at the node's own address */
  return (unsigned int) ((const Node *) n - gnode (t, 0)) + 1 + asize;
}

int
el_table_next (ElaraState *L, Table *t, StkId key)
{
  unsigned int asize = t->asize;
  unsigned int i = tab_findindex (L, t, s2v (key), asize);
  if (i < asize) {
    const uint8_t *tags = el_table_arraytags (t);
    for (; i < asize; i++) {
      if (!tagisempty (tags[i])) {
        setivalue (s2v (key), (ElInt) i + 1);
        el_table_arrayget (t, i, s2v (key + 1));
        return 1;
      }
    }
  }
  for (i -= asize; i < sizenode (t); i++) {
    Node *n = gnode (t, i);
    if (!isempty (gval (n))) {
      getnodekey (L, s2v (key), n);
      setobj2s (L, key + 1, gval (n));
      return 1;
    }
  }
  return 0;
}

/* -- Length ------------------------------------------------------------------ */

/* A border above asize, where t[asize + 1] is present: grow j until t[j]
** is absent, then binary search.  Growing by plain doubling would let a
** table with keys 1, 2, 4, 8 ... 2^61 send '#' (and the loop over 1..#t
** that usually follows) to 2^61, so each doubling adds a pseudo-random
** bit (from the table's address) to leave such a key pattern at once. */
static ElUInt
tab_hashsearch (Table *t, unsigned int asize)
{
  uint64_t rnd = (uint64_t) (uintptr_t) t * 0x9E3779B97F4A7C15u;
  ElUInt i = (ElUInt) asize + 1;
  ElUInt j = i;
  rnd ^= rnd >> 29;
  for (;;) {
    i = j;                      /* t[i] present */
    if (j <= (ElUInt) EL_MAXINTEGER / 2 - 1) {
      j = j * 2 + (rnd & 1);
      rnd = (rnd >> 1) | (rnd << 63);
    }
    else {
      j = (ElUInt) EL_MAXINTEGER;
      if (isempty (el_table_hashgetint (t, (ElInt) j)))
        break;
      return j;                 /* every key up to maxinteger: a border */
    }
    if (isempty (el_table_hashgetint (t, (ElInt) j)))
      break;
  }
  /* t[i] present, t[j] absent */
  while (j - i > 1u) {
    ElUInt m = i + (j - i) / 2;
    if (isempty (el_table_hashgetint (t, (ElInt) m)))
      j = m;
    else
      i = m;
  }
  return i;
}

/* Binary search for a border of the array part between i, which is 0 or
** a present index, and j, an absent one.  The midpoint must round down
** exactly as the reference's does: with several borders in (i, j) the
** midpoints decide which one is found. */
static unsigned int
tab_arrayborder (const uint8_t *tags, unsigned int i, unsigned int j)
{
  while (j - i > 1u) {
    unsigned int m = i + (j - i) / 2;
    if (tagisempty (tags[m - 1]))
      j = m;
    else
      i = m;
  }
  return i;
}

/* How far on either side of the starting index a border is looked for one
** step at a time before falling back to a binary search. */
#define TAB_NEARBY      4u

/* '#' accepts any border, but programs (and test suites written against
** the reference, such as lua-cjson's) depend on which one: the search
** below visits the array part in the same order as the reference does, so
** that tables with holes give the same length.  It starts from the hint
** kept after the tags (asize / 2 after every change of the array size)
** and leaves its result there, so a loop that appends with t[#t + 1] finds
** the border next to the hint at once. */
static TAB_NOINLINE ElUInt tab_getnsearch (Table *t);

ElUInt
el_table_getn (Table *t)
{
  unsigned int asize = t->asize;
  if (asize > 1) {
    /* The case of every append loop (t[#t + 1] = v), checked first with
    ** no frame to set up: the border is the hint or the entry after it,
    ** as the search below would find it. */
    const uint8_t *tags = el_table_arraytags (t);
    unsigned int h = tab_gethint (t);
    if (h - 1u < asize - 2u && !tagisempty (tags[h - 1])) {
      if (tagisempty (tags[h]))
        return h;
      if (tagisempty (tags[h + 1]))
        return tab_sethint (t, h + 1);
    }
  }
  return tab_getnsearch (t);
}

/* el_table_getn from scratch. */
static ElUInt
tab_getnsearch (Table *t)
{
  unsigned int asize = t->asize;
  if (asize > 0) {
    const uint8_t *tags = el_table_arraytags (t);
    unsigned int start = tab_gethint (t);
    unsigned int k;
    if (start == 0 || start > asize)
      start = (start == 0) ? 1 : asize;
    k = start;
    if (tagisempty (tags[start - 1])) {
      /* a border below 'start': the nearest one if close, else search */
      while (k > 1 && start - k < TAB_NEARBY) {
        k--;
        if (!tagisempty (tags[k - 1]))
          return tab_sethint (t, k);
      }
      return tab_sethint (t, tab_arrayborder (tags, 0, k));
    }
    /* t[start] present: a border at or above it */
    while (k < asize && k - start < TAB_NEARBY) {
      k++;
      if (tagisempty (tags[k - 1]))
        return tab_sethint (t, k - 1);
    }
    if (tagisempty (tags[asize - 1]))
      return tab_sethint (t, tab_arrayborder (tags, k, asize));
    tab_sethint (t, asize);  /* full: found at once next time */
  }
  /* the array part is full (or absent): continue in the hash part */
  if (isdummy (t) || isempty (el_table_hashgetint (t, (ElInt) asize + 1)))
    return asize;
  return tab_hashsearch (t, asize);
}
