/*
** str.c: strings: the table of interned short strings, long strings and
** full userdata
** SPDX-License-Identifier: MIT
**
** Invariants: every short string lives in exactly one chain of g->strt,
** chosen by hash & (size - 1) (size is a power of 2); equal short strings
** are the same object.  A long string's 'hash' holds the seed until
** 'extra' says it was computed.
*/
#include "config.h"
#include "str.h"

#include <string.h>

#include "call.h"
#include "gc.h"
#include "mem.h"
#include "state.h"

/* a short string's length fits its one-byte 'shrlen' */
_Static_assert (EL_MAXSHORTLEN <= UINT8_MAX, "EL_MAXSHORTLEN too large");
/* the data of a block rounded to 8 bytes (sizelstring) is too */
_Static_assert (offsetof (TString, data) % 8 == 0, "TString data offset");

#define STR_MINTABSIZE  128     /* power of 2 */
/* the string table never grows beyond this many chains */
#define STR_MAXTABSIZE  (1 << 30)

/* -- Hashing ----------------------------------------------------------------- */

/* Unaligned native-order loads (memcpy of a constant size: one load). */
static inline uint64_t
str_load64 (const char *p)
{
  uint64_t w;
  memcpy (&w, p, 8);
  return w;
}

static inline uint32_t
str_load32 (const char *p)
{
  uint32_t w;
  memcpy (&w, p, 4);
  return w;
}

/* A string's bytes, read as 8-byte words, are hashed a word at a time
** (short and long strings alike), and a short string's are compared a word
** at a time.  In the table each short string's data is padded with zero
** bytes to a multiple of 8 (sizelstring rounds up; str_addshort clears
** the padding), so word i of an interned string is one load of
** getstr (ts) + 8 * i.  The bytes being looked up may sit anywhere (a
** slice of a longer string): their words are assembled with loads inside
** those bytes only, into the same memory image (the bytes, then zeros). */

#define str_nwords(l)   (((l) + 7) / 8)

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The word of the last r bytes (1 <= r <= 8) ending at 'end'.  Unless
** they are 'alone', 8 readable bytes end at 'end' and one load takes them.
** (Alone, overlapping loads put each byte in its place, some twice.) */
static inline uint64_t
str_lastword (const char *end, size_t r, int alone)
{
  if (!alone)
    return str_load64 (end - 8) >> (64 - 8 * r);
  const char *p = end - r;
  if (r >= 4)
    return (uint64_t) str_load32 (p)
           | (uint64_t) str_load32 (end - 4) << (8 * (r - 4));
  const unsigned char *u = (const unsigned char *) p;
  return (uint64_t) u[0] | (uint64_t) u[r >> 1] << (8 * (r >> 1))
         | (uint64_t) u[r - 1] << (8 * (r - 1));
}
#else
static inline uint64_t
str_lastword (const char *end, size_t r, int alone)
{
  uint64_t w = 0;
  (void) alone;
  memcpy (&w, end - r, r);
  return w;
}
#endif

/* One round of the hash: the 128-bit product of the state
** and an odd constant, folded (every input bit reaches the low half).
** The state holds the seed from the start, so collisions built for one
** seed are spread differently under another. */
static inline uint64_t
str_fold (uint64_t x)
{
#if defined(__SIZEOF_INT128__)
  __uint128_t p = (__uint128_t) x * 0x9e3779b97f4a7c15u;
  return (uint64_t) p ^ (uint64_t) (p >> 64);
#else
  x *= 0x9e3779b97f4a7c15u;
  return x ^ (x >> 29);
#endif
}

/* The seeded starting state for a string of length l. */
static inline uint64_t
str_seedstate (unsigned int seed, size_t l)
{
  return ((uint64_t) seed << 32 | (uint64_t) seed) ^ 0xbf58476d1ce4e5b9u
         ^ (uint64_t) l << 56;
}

/* Finish: fold the state's halves together for the 32-bit hash. */
static inline unsigned int
str_finish (uint64_t h)
{
  h = str_fold (h);
  return (unsigned int) (h ^ (h >> 32));
}

/* The hash of a string of at most 8 bytes, whose one word goes to *w. */
static inline unsigned int
str_hashword (const char *str, size_t l, unsigned int seed, uint64_t *w)
{
  *w = l > 0 ? str_lastword (str + l, l, 1) : 0;
  return str_finish (str_seedstate (seed, l) ^ *w);
}

/* The hash of a string of more than 8 bytes, one round per word.  Its
** words also go to w[] unless w is NULL (a short string being looked up
** keeps them for the compares; a long one is not looked up). */
static inline unsigned int
str_hashwords (const char *str, size_t l, unsigned int seed, uint64_t *w)
{
  size_t n = str_nwords (l), i;
  uint64_t hs = str_seedstate (seed, l), x;
  el_assert (l > 8);
  for (i = 0; i + 1 < n; i++) {
    x = str_load64 (str + 8 * i);
    if (w != NULL)
      w[i] = x;
    hs = str_fold (hs ^ x);
  }
  x = str_lastword (str + l, l - 8 * (n - 1), 0);
  if (w != NULL)
    w[n - 1] = x;
  return str_finish (hs ^ x);
}

unsigned int
el_str_hash (const char *str, size_t l, unsigned int seed)
{
  uint64_t w;
  return l <= 8 ? str_hashword (str, l, seed, &w)
                : str_hashwords (str, l, seed, NULL);
}

unsigned int
el_str_hashlong (TString *ts)
{
  el_assert (ts->tt == EL_VLNGSTR);
  if (ts->extra == 0) {
    ts->hash = el_str_hash (getstr (ts), tsslen (ts), ts->hash);
    ts->extra = 1;
  }
  return ts->hash;
}

int
el_str_eqlngstr (TString *a, TString *b)
{
  size_t len = tsslen (a);
  el_assert (a->tt == EL_VLNGSTR && b->tt == EL_VLNGSTR);
  return (a == b)
         || (len == tsslen (b) && memcmp (getstr (a), getstr (b), len) == 0);
}

/* -- The string table ------------------------------------------------------- */

void
el_str_resize (ElaraState *L, int newsize)
{
  StringTable *tb = &G (L)->strt;
  TString **nv;
  int i;
  /* a failed resize is harmless: the chains just stay longer */
  nv = el_mem_saferealloc (L, NULL, 0, (size_t) newsize * sizeof (TString *));
  if (nv == NULL)
    return;
  /* (the allocation may have run an emergency collection: read 'tb' now) */
  for (i = 0; i < newsize; i++)
    nv[i] = NULL;
  for (i = 0; i < tb->size; i++) {
    TString *p = tb->hash[i];
    while (p != NULL) {
      TString *next = p->u.hnext;
      unsigned int h = p->hash & (unsigned int) (newsize - 1);
      p->u.hnext = nv[h];
      nv[h] = p;
      p = next;
    }
  }
  el_mem_free (L, tb->hash, (size_t) tb->size * sizeof (TString *));
  tb->hash = nv;
  tb->size = newsize;
}

void
el_str_init (ElaraState *L)
{
  GlobalState *g = G (L);
  StringTable *tb = &g->strt;
  int i;
  tb->hash = el_mem_newvector (L, STR_MINTABSIZE, TString *);
  for (i = 0; i < STR_MINTABSIZE; i++)
    tb->hash[i] = NULL;
  tb->size = STR_MINTABSIZE;
  tb->nuse = 0;
  /* the memory-error message must exist before memory runs out */
  g->memerrmsg = el_str_newliteral (L, "not enough memory");
  el_gc_fix (L, obj2gco (g->memerrmsg));
}

void
el_str_remove (ElaraState *L, TString *ts)
{
  StringTable *tb = &G (L)->strt;
  TString **p = &tb->hash[ts->hash & (unsigned int) (tb->size - 1)];
  while (*p != ts)
    p = &(*p)->u.hnext;
  *p = ts->u.hnext;
  tb->nuse--;
}

void
el_str_checkshrink (ElaraState *L)
{
  StringTable *tb = &G (L)->strt;
  if (tb->nuse < tb->size / 4 && tb->size > STR_MINTABSIZE)
    el_str_resize (L, tb->size / 2);
}

/* -- Creation ------------------------------------------------------------- */

static TString *
str_create (ElaraState *L, size_t l, int tag, unsigned int h)
{
  TString *ts;
  if (el_unlikely (l >= (EL_MAXSIZE - sizeof (TString)) / sizeof (char)))
    el_mem_toobig (L);
  /* (gco2ts evaluates its argument twice with assertions on) */
  GCObject *o = el_gc_newobj (L, tag, sizelstring (l));
  ts = gco2ts (o);
  ts->hash = h;
  ts->extra = 0;
  if (tag == EL_VSHRSTR) {
    ts->shrlen = (uint8_t) l;
    ts->u.hnext = NULL;
  }
  else {
    ts->shrlen = 0;
    ts->u.lnglen = l;
  }
  getstr (ts)[l] = '\0';
  return ts;
}

TString *
el_str_createlngstrobj (ElaraState *L, size_t l)
{
  return str_create (L, l, EL_VLNGSTR, G (L)->seed);
}

TString *
el_str_fromblock (ElaraState *L, void *block, size_t cap, size_t l)
{
  TString *ts;
  el_assert (l > EL_MAXSHORTLEN && l <= cap);
  /* shrinking: the allocator keeps the contents (and may not fail, by the
  ** lua_Alloc contract; if it does, the error leaves 'block' intact) */
  block = el_mem_realloc (L, block, sizelstring (cap), sizelstring (l));
  GCObject *o = el_gc_linkblock (L, block, EL_VLNGSTR);
  ts = gco2ts (o);
  ts->hash = G (L)->seed;
  ts->extra = 0;
  ts->shrlen = 0;
  ts->u.lnglen = l;
  getstr (ts)[l] = '\0';
  return ts;
}

static TString *str_addshort (ElaraState *L, const char *str, size_t l,
                              unsigned int h);

/* Is 'ts', a short string of length l, made of the n words 'w'? */
static inline int
str_eqwords (const TString *ts, const uint64_t *w, size_t n)
{
  const char *d = getstr (ts);
  size_t i;
  for (i = 0; i < n; i++)
    if (str_load64 (d + 8 * i) != w[i])
      return 0;
  return 1;
}

/* (a string the collector condemned but did not free yet is alive again:
** cannot happen with a stop-the-world sweep; kept for the incremental
** collector) */
static inline TString *
str_revive (GlobalState *g, TString *ts)
{
  if (isdead (g, obj2gco (ts)))
    ts->marked ^= WHITEBITS;
  return ts;
}

/* The interned short string (str, l) with hash h, made of the n words
** 'w': found in its chain or added.  'fast' (a constant): for a fast
** entry, which tells the VM when it made an object (fastmade).  Inlined
** with a constant n of 1, the compare is one load. */
static inline TString *
str_findoradd (ElaraState *L, const char *str, size_t l, unsigned int h,
               const uint64_t *w, size_t n, int fast)
{
  GlobalState *g = G (L);
  StringTable *tb = &g->strt;
  TString *ts;
  for (ts = tb->hash[h & (unsigned int) (tb->size - 1)]; ts != NULL;
       ts = ts->u.hnext) {
    /* (the hash, next to the length, spares most word compares) */
    if (ts->hash == h && ts->shrlen == l && str_eqwords (ts, w, n))
      return str_revive (g, ts);
  }
  ts = str_addshort (L, str, l, h);
  if (fast)
    g->fastmade = 1;
  return ts;
}

/* Strings of up to 8 bytes, the most common ones, are one word: hashed
** with one round and compared with one load.  'fast' (a constant): for a
** fast entry, which tells the VM when it made an object (fastmade). */
static inline TString *
str_internword (ElaraState *L, const char *str, size_t l, int fast)
{
  uint64_t w;
  unsigned int h = str_hashword (str, l, G (L)->seed, &w);
  return str_findoradd (L, str, l, h, &w, 1, fast);
}

/* Strings of 9 to EL_MAXSHORTLEN bytes.  (Out of line: the word case
** above, inlined in its callers, then needs fewer registers.) */
#if defined(__GNUC__)
__attribute__ ((noinline))
#endif
static TString *
str_internshort (ElaraState *L, const char *str, size_t l, int fast)
{
  uint64_t w[str_nwords (EL_MAXSHORTLEN)];
  unsigned int h = str_hashwords (str, l, G (L)->seed, w);
  return str_findoradd (L, str, l, h, w, str_nwords (l), fast);
}

/* A new short string (str, l) with hash h, not in the table yet: create
** and link it.  Out of line: it allocates, and inlined it would make
** every lookup, mostly hits, save and restore its registers. */
#if defined(__GNUC__)
__attribute__ ((noinline))
#endif
static TString *
str_addshort (ElaraState *L, const char *str, size_t l, unsigned int h)
{
  StringTable *tb = &G (L)->strt;
  TString *ts;
  if (tb->nuse >= tb->size && tb->size < STR_MAXTABSIZE)
    el_str_resize (L, tb->size * 2);
  ts = str_create (L, l, EL_VSHRSTR, h);
  /* the padding after the bytes is zero (see "Short strings as words");
  ** the terminating '\0' is part of it.  (The block is a multiple of 8
  ** bytes, sizelstring: the data has room for 8 bytes from l & ~7 on.) */
  memset (getstr (ts) + (l & ~(size_t) 7), 0, 8);
  memcpy (getstr (ts), str, l);
  /* the table may have changed size during the allocations above */
  TString **list = &tb->hash[h & (unsigned int) (tb->size - 1)];
  ts->u.hnext = *list;
  *list = ts;
  tb->nuse++;
  return ts;
}

#if defined(__GNUC__)
__attribute__ ((noinline))
#endif
static TString *
str_newlngstr (ElaraState *L, const char *str, size_t l)
{
  TString *ts = el_str_createlngstrobj (L, l);
  memcpy (getstr (ts), str, l);
  return ts;
}

/* The string (str, l): interned when short.  'fast' (a constant): for a
** fast entry, which sets fastmade when an object was made. */
static inline TString *
str_newlstr (ElaraState *L, const char *str, size_t l, int fast)
{
  TString *ts;
  if (l <= 8)
    return str_internword (L, str, l, fast);
  if (l <= EL_MAXSHORTLEN)
    return str_internshort (L, str, l, fast);
  ts = str_newlngstr (L, str, l);
  if (fast)
    G (L)->fastmade = 1;
  return ts;
}

TString *
el_str_newlstr (ElaraState *L, const char *str, size_t l)
{
  return str_newlstr (L, str, l, 0);
}

void
el_str_setfast (ElaraState *L, TValue *dst, const char *str, size_t l)
{
  setsvalue (L, dst, str_newlstr (L, str, l, 1));
}

TString *
el_str_new (ElaraState *L, const char *str)
{
  return el_str_newlstr (L, str, strlen (str));
}

void
el_str_free (ElaraState *L, TString *ts)
{
  if (ts->tt == EL_VSHRSTR)
    el_str_remove (L, ts);
  el_mem_free (L, ts, sizelstring (tsslen (ts)));
}

/* -- Userdata ---------------------------------------------------------------- */

Udata *
el_str_newudata (ElaraState *L, size_t s, int nuvalue)
{
  Udata *u;
  int i;
  if (el_unlikely (s > EL_MAXSIZE - udatamemoffset (nuvalue) - 15))
    el_mem_toobig (L);
  GCObject *o = el_gc_newobj (L, EL_VUSERDATA, sizeudata (nuvalue, s));
  u = gco2u (o);
  u->len = s;
  u->nuvalue = (unsigned short) nuvalue;
  u->metatable = NULL;
  u->gclist = NULL;
  for (i = 0; i < nuvalue; i++)
    setnilvalue (&u->uv[i]);
  return u;
}
