/*
** table.c: the table library (concat, create, insert, move, pack, remove,
** sort, unpack)
** SPDX-License-Identifier: MIT
**
** A library plugin: it reaches the core only through the ElaraHost vtable
** received in tab_init (one host per process, kept in a static).  Every
** element access goes through geti/seti/len_, so tables with __index,
** __newindex and __len (and proxies that are not tables at all) work.
*/
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "elara/elara-plugin.h"

static const ElaraHost *host;

#define tab_pop(L, n)          host->settop (L, -(n) - 1)
#define tab_isnoneornil(L, i)  (host->type (L, (i)) <= 0)
#define tab_call(L, na, nr)    host->callk (L, (na), (nr), 0, NULL)

static void
tab_argcheck (ElaraState *L, int cond, int arg, const char *msg)
{
  if (!cond)
    host->argerror (L, arg, msg);
}

/* -- Table-like arguments -------------------------------------------------- */

/* What a function needs from its table argument. */
#define TAB_READ    1
#define TAB_WRITE   2
#define TAB_LENGTH  4

/* Does the metatable on the top of the stack define 'event' (raw lookup,
** as the reference does: an inherited metamethod does not count)? */
static int
tab_hasfield (ElaraState *L, const char *event)
{
  int found;
  host->pushstring (L, event);
  found = host->rawget (L, -2) != ELARA_TNIL;
  tab_pop (L, 1);
  return found;
}

/* A non-table is accepted when its metatable supplies every operation in
** 'needs'; anything else gets the usual "table expected" error. */
static void
tab_checktable (ElaraState *L, int arg, int needs)
{
  int ok;
  if (host->type (L, arg) == ELARA_TTABLE)
    return;
  if (!host->getmetatable (L, arg)) {
    host->checktype (L, arg, ELARA_TTABLE);
    return;
  }
  ok = (!(needs & TAB_READ) || tab_hasfield (L, "__index"))
       && (!(needs & TAB_WRITE) || tab_hasfield (L, "__newindex"))
       && (!(needs & TAB_LENGTH) || tab_hasfield (L, "__len"));
  tab_pop (L, 1);
  if (!ok)
    host->checktype (L, arg, ELARA_TTABLE);
}

/* dst[d], dst[d + 1], ... = a[f], ..., a[e] for the table a at index 1 and
** the table dst at index 'dst' (f <= e; e - f + 1 and d + (e - f) fit):
** table.move's copy, which insert and remove use to shift a list.  Copies
** forwards unless the destination overlaps the source from above, where a
** forward copy would overwrite elements not yet read.  A plain table moved
** within itself goes in one host call (raw reads and writes are what
** geti/seti would do without a metatable). */
static void
tab_copyrange (ElaraState *L, int dst, ElaraInteger f, ElaraInteger e,
               ElaraInteger d)
{
  ElaraInteger n = e - f + 1, i;
  if (dst == 1 && ELARA_HOST_HAS (host, tmove) && host->tmove (L, 1, f, e, d))
    return;
  if (d > e || d <= f
      || (dst != 1 && !host->compare (L, 1, dst, ELARA_OPEQ))) {
    for (i = 0; i < n; i++) {
      host->geti (L, 1, f + i);
      host->seti (L, dst, d + i);
    }
  }
  else {
    for (i = n - 1; i >= 0; i--) {
      host->geti (L, 1, f + i);
      host->seti (L, dst, d + i);
    }
  }
}

static ElaraInteger
tab_length (ElaraState *L, int arg, int needs)
{
  tab_checktable (L, arg, needs | TAB_LENGTH);
  return host->len_ (L, arg);
}

/* -- Simple functions ------------------------------------------------------ */

static int
tab_create (ElaraState *L)
{
  ElaraUnsigned nseq = (ElaraUnsigned) host->checkinteger (L, 1);
  ElaraUnsigned nrec = (ElaraUnsigned) host->optinteger (L, 2, 0);
  /* negative sizes wrap to huge unsigned values and fail the same test */
  tab_argcheck (L, nseq <= (ElaraUnsigned) INT_MAX, 1, "out of range");
  tab_argcheck (L, nrec <= (ElaraUnsigned) INT_MAX, 2, "out of range");
  host->createtable (L, (int) nseq, (int) nrec);
  return 1;
}

static int
tab_insert (ElaraState *L)
{
  ElaraInteger size = tab_length (L, 1, TAB_READ | TAB_WRITE);
  /* first free slot; computed in unsigned arithmetic so that a __len of
  ** maxinteger wraps instead of overflowing */
  ElaraInteger last = (ElaraInteger) ((ElaraUnsigned) size + 1u);
  ElaraInteger pos;
  switch (host->gettop (L)) {
    case 2:
      pos = last;
      break;
    case 3:
      pos = host->checkinteger (L, 2);
      /* one unsigned comparison tests 1 <= pos <= last */
      tab_argcheck (L, (ElaraUnsigned) pos - 1u < (ElaraUnsigned) last, 2,
                    "position out of bounds");
      if (pos < last)
        tab_copyrange (L, 1, pos, last - 1, pos + 1);
      break;
    default:
      return host->errorf (L, "wrong number of arguments to 'insert'");
  }
  host->seti (L, 1, pos);
  return 0;
}

static int
tab_remove (ElaraState *L)
{
  ElaraInteger size = tab_length (L, 1, TAB_READ | TAB_WRITE);
  ElaraInteger pos = host->optinteger (L, 2, size);
  /* an explicit position may also be size + 1 (or 0 for an empty list),
  ** which removes nothing but still returns t[pos] */
  if (pos != size)
    tab_argcheck (L, (ElaraUnsigned) pos - 1u <= (ElaraUnsigned) size, 2,
                  "position out of bounds");
  host->geti (L, 1, pos);
  if (pos < size) {
    tab_copyrange (L, 1, pos + 1, size, pos);
    pos = size;
  }
  host->pushnil (L);
  host->seti (L, 1, pos);
  return 1;
}

/* Fast entries (host->register_fast): table.insert (t, v) appending and
** table.remove (t) popping on a table without a metatable, made by the
** VM without a frame.  Anything else (positions, metatables, nil values,
** an empty list, errors) is declined (-1) to the normal entries. */
static int
tab_insert_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  if (nargs != 2 || !host->fast_tappend (L, &func[1], &func[2]))
    return -1;
  return 0;
}

static int
tab_remove_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  if (nargs != 1 || !host->fast_tpop (L, &func[1], &func[0]))
    return -1;
  return 1;
}

static const ElaraFastReg tab_fastfuncs[] = {
  { tab_insert, tab_insert_fast },
  { tab_remove, tab_remove_fast },
  { NULL, NULL }
};

static int
tab_move (ElaraState *L)
{
  ElaraInteger f = host->checkinteger (L, 2);
  ElaraInteger e = host->checkinteger (L, 3);
  ElaraInteger t = host->checkinteger (L, 4);
  int dst = tab_isnoneornil (L, 5) ? 1 : 5;
  tab_checktable (L, 1, TAB_READ);
  tab_checktable (L, dst, TAB_WRITE);
  if (f <= e) {
    /* the count e - f + 1 must fit in an integer */
    tab_argcheck (L, f > 0 || e < INT64_MAX + f, 3,
                  "too many elements to move");
    tab_argcheck (L, t <= INT64_MAX - (e - f + 1) + 1, 4,
                  "destination wrap around");
    tab_copyrange (L, dst, f, e, t);
  }
  host->pushvalue (L, dst);
  return 1;
}

/* Append t[i] to the buffer, which must be a string or a number. */
static void
tab_addelement (ElaraState *L, ElaraBuffer *b, ElaraInteger i)
{
  host->geti (L, 1, i);
  if (!host->isstring (L, -1))
    host->errorf (L, "invalid value (%s) at index %I in table for 'concat'",
                  host->typename_ (L, host->type (L, -1)), i);
  host->addvalue (b);
}

/* Joins of at least TAB_CONCAT_MEASURE elements look at the first
** TAB_CONCAT_SAMPLE of them; when the result promises to reach
** TAB_CONCAT_BIG bytes, every element is measured first so the buffer is
** allocated once at the exact size (no regrowth, which may hold the old and
** the new block at once).  Smaller results are not worth the extra pass. */
#define TAB_CONCAT_MEASURE  32
#define TAB_CONCAT_SAMPLE   16
#define TAB_CONCAT_BIG      ((size_t) 1 << 20)

/* The length of the result of concat (t, sep, i, last), i <= last, or 0
** when not known: an element is neither a string nor a number (the
** joining loop reports it), or the total overflows.  't' (at index 1) must
** be a plain table: without metamethods, reading the elements twice cannot
** be observed. */
static size_t
tab_concatlen (ElaraState *L, ElaraInteger i, ElaraInteger last,
               size_t seplen)
{
  size_t total = 0;
  for (;;) {
    size_t l;
    int t = host->rawgeti (L, 1, i);
    if (t != ELARA_TSTRING && t != ELARA_TNUMBER) {
      tab_pop (L, 1);
      return 0;
    }
    host->tolstring (L, -1, &l);   /* converts the copy of a number */
    tab_pop (L, 1);
    if (l > SIZE_MAX - total)
      return 0;
    total += l;
    if (i == last)              /* (never steps past maxinteger) */
      return total;
    if (seplen > SIZE_MAX - total)
      return 0;
    total += seplen;
    i++;
  }
}

/* The exact length of a big result, else 0 (see TAB_CONCAT_BIG). */
static size_t
tab_concatsize (ElaraState *L, ElaraInteger i, ElaraInteger last,
                size_t seplen)
{
  ElaraUnsigned span = (ElaraUnsigned) last - (ElaraUnsigned) i;
  size_t sample;
  if (i > last || span < TAB_CONCAT_MEASURE - 1
      || host->type (L, 1) != ELARA_TTABLE)
    return 0;
  if (host->getmetatable (L, 1)) {
    tab_pop (L, 1);
    return 0;
  }
  sample = tab_concatlen (L, i, i + (TAB_CONCAT_SAMPLE - 1), seplen);
  if ((double) sample / TAB_CONCAT_SAMPLE * ((double) span + 1)
      < (double) TAB_CONCAT_BIG)
    return 0;
  return tab_concatlen (L, i, last, seplen);
}

/* luaL_addlstring with the common case (room left) inline. */
static inline void
tab_addlstring (ElaraBuffer *b, const char *s, size_t l)
{
  if (b->size - b->n >= l) {
    if (l > 0)                  /* ('s' may be NULL when l is 0) */
      memcpy (b->b + b->n, s, l);
    b->n += l;
  }
  else
    host->addlstring (b, s, l);
}

/* tab_addelement for a plain table (no metatable, so a raw read is the
** same read): a string that fits the buffer is copied while still on
** the stack, with no further host call. */
static void
tab_addplain (ElaraState *L, ElaraBuffer *b, ElaraInteger i)
{
  if (host->rawgeti (L, 1, i) == ELARA_TSTRING) {
    size_t l;
    const char *s = host->tolstring (L, -1, &l);
    if (b->size - b->n >= l) {
      memcpy (b->b + b->n, s, l);
      b->n += l;
      tab_pop (L, 1);
      return;
    }
  }
  if (!host->isstring (L, -1))
    host->errorf (L, "invalid value (%s) at index %I in table for 'concat'",
                  host->typename_ (L, host->type (L, -1)), i);
  host->addvalue (b);
}

static int
tab_concat (ElaraState *L)
{
  ElaraBuffer b;
  ElaraInteger last = tab_length (L, 1, TAB_READ);
  size_t seplen;
  const char *sep = host->optlstring (L, 2, "", &seplen);
  ElaraInteger i = host->optinteger (L, 3, 1);
  size_t total;
  int plain;
  last = host->optinteger (L, 4, last);
  total = tab_concatsize (L, i, last, seplen);
  plain = host->type (L, 1) == ELARA_TTABLE && !host->getmetatable (L, 1);
  if (!plain && host->type (L, 1) == ELARA_TTABLE)
    tab_pop (L, 1);             /* the metatable */
  if (total > 0)
    host->buffinitsize (L, &b, total);
  else
    host->buffinit (L, &b);
  /* 'i < last' rather than 'i <= last' so that i never steps past
  ** maxinteger */
  for (; i < last; i++) {
    if (plain)
      tab_addplain (L, &b, i);
    else
      tab_addelement (L, &b, i);
    tab_addlstring (&b, sep, seplen);
  }
  if (i == last) {
    if (plain)
      tab_addplain (L, &b, i);
    else
      tab_addelement (L, &b, i);
  }
  host->pushresult (&b);
  return 1;
}

static int
tab_pack (ElaraState *L)
{
  int n = host->gettop (L);
  int i;
  host->createtable (L, n, 1);
  host->rotate (L, 1, 1);
  /* seti pops, so fill from the last argument down */
  for (i = n; i >= 1; i--)
    host->seti (L, 1, i);
  host->pushinteger (L, n);
  host->setfield (L, 1, "n");
  return 1;
}

static int
tab_unpack (ElaraState *L)
{
  ElaraInteger i = host->optinteger (L, 2, 1);
  ElaraInteger e = tab_isnoneornil (L, 3) ? host->len_ (L, 1)
                                          : host->checkinteger (L, 3);
  ElaraUnsigned count;
  if (i > e)
    return 0;
  count = (ElaraUnsigned) e - (ElaraUnsigned) i;   /* one less than the total */
  if (count >= (ElaraUnsigned) INT_MAX
      || !host->checkstack (L, (int) (count + 1)))
    return host->errorf (L, "too many results to unpack");
  /* stop before e so that i cannot overflow when e is maxinteger */
  for (; i < e; i++)
    host->geti (L, 1, i);
  host->geti (L, 1, e);
  return (int) (count + 1);
}

/* -- Sorting -----------------------------------------------------------------
** An introsort: quicksort with a median-of-three pivot, falling back to
** heapsort for a range once the recursion gets deeper than twice the
** logarithm of the length, so adversarial inputs stay O(n log n) without
** needing a source of randomness.
**
** The quicksort scans are unguarded in the classic way: each scan stops at
** a sentinel that a consistent order guarantees.  Instead of trusting the
** comparator, a scan that reaches its sentinel raises "invalid order
** function for sorting"; so an inconsistent comparator gets an error (or
** some permutation) but is never called with an element outside the
** range.
**
** Stack slots are known, so no gettop is needed on the hot path: 1 = the
** table, 2 = the comparator or nil; between steps nothing else is on the
** stack.  A pair comparison fetches into slots 3 and 4; a partition keeps
** the pivot in slot 3 and scans into the slots above (sort_partition). */

typedef ElaraInteger SortIdx;

#define SORT_A      3   /* first operand of a pair comparison */
#define SORT_B      4   /* second operand */
#define SORT_PIVOT  3   /* the pivot during a partition */

typedef struct {
  ElaraState *L;
  int usefn;        /* slot 2 holds a comparator (else: the '<' operator) */
  int truth2;       /* the host has calltruth2 (ABI 1.6) */
} Sorter;

/* sort_less through the stack API (a host older than ABI 1.6): out of
** line, so that the usual cases inline into the loops. */
#if defined(__GNUC__)
__attribute__ ((noinline))
#endif
static int
sort_lesscall (ElaraState *L, int a, int b)
{
  int res;
  host->pushvalue (L, 2);
  host->pushvalue (L, a);
  host->pushvalue (L, b);
  tab_call (L, 2, 1);
  res = host->toboolean (L, -1);
  tab_pop (L, 1);
  return res;
}

/* Is the value in stack slot 'a' less than the one in slot 'b'? */
static inline int
sort_less (const Sorter *s, int a, int b)
{
  if (!s->usefn)
    return host->compare (s->L, a, b, ELARA_OPLT);
  if (s->truth2)
    return host->calltruth2 (s->L, 2, a, b);
  return sort_lesscall (s->L, a, b);
}

/* t[i] < t[j]? */
static int
sort_less_at (const Sorter *s, SortIdx i, SortIdx j)
{
  int res;
  host->geti (s->L, 1, i);
  host->geti (s->L, 1, j);
  res = sort_less (s, SORT_A, SORT_B);
  host->settop (s->L, 2);
  return res;
}

static void
sort_swap (const Sorter *s, SortIdx i, SortIdx j)
{
  host->geti (s->L, 1, i);
  host->geti (s->L, 1, j);
  host->seti (s->L, 1, i);
  host->seti (s->L, 1, j);
}

static void
sort_invalid (const Sorter *s)
{
  host->errorf (s->L, "invalid order function for sorting");
}

/* -- Heapsort fallback -- */

/* Restore the max-heap property below heap node 'root' of the 'count'
** elements starting at t[base] (heap node k lives at t[base + k]). */
static void
sort_siftdown (const Sorter *s, SortIdx base, SortIdx root, SortIdx count)
{
  for (;;) {
    SortIdx child = 2 * root + 1;
    if (child >= count)
      return;
    if (child + 1 < count
        && sort_less_at (s, base + child, base + child + 1))
      child++;
    if (!sort_less_at (s, base + root, base + child))
      return;
    sort_swap (s, base + root, base + child);
    root = child;
  }
}

static void
sort_heapsort (const Sorter *s, SortIdx lo, SortIdx hi)
{
  SortIdx count = hi - lo + 1;
  SortIdx k;
  for (k = count / 2; k > 0; k--)
    sort_siftdown (s, lo, k - 1, count);
  for (k = count - 1; k > 0; k--) {
    sort_swap (s, lo, lo + k);
    sort_siftdown (s, lo, 0, k);
  }
}

/* -- Quicksort -- */

/* Order t[lo], t[mid], t[hi] (lo < mid < hi) among themselves, so that
** the pivot t[mid] is their median and t[lo], t[hi] can act as scan
** sentinels. */
static void
sort_median3 (const Sorter *s, SortIdx lo, SortIdx mid, SortIdx hi)
{
  if (sort_less_at (s, hi, lo))
    sort_swap (s, lo, hi);
  if (sort_less_at (s, mid, lo))
    sort_swap (s, mid, lo);
  else if (sort_less_at (s, hi, mid))
    sort_swap (s, mid, hi);
}

/* The index among x, y and z whose element is the median of the three. */
static SortIdx
sort_medindex (const Sorter *s, SortIdx x, SortIdx y, SortIdx z)
{
  if (sort_less_at (s, x, y)) {
    if (sort_less_at (s, y, z))
      return y;
    return sort_less_at (s, x, z) ? z : x;
  }
  if (sort_less_at (s, x, z))
    return x;
  return sort_less_at (s, y, z) ? z : y;
}

/* Ranges at least this long take a ninther as their pivot. */
#define SORT_NINTHER 128

/* Move the ninther of t[lo..hi] (the median of the medians of three
** groups of three elements spread over the range) to t[mid].  A pivot
** that close to the true median saves about 5% of all comparisons on
** random input, for a dozen per range; sort_median3 then still makes the
** scan sentinels. */
static void
sort_ninther (const Sorter *s, SortIdx lo, SortIdx mid, SortIdx hi)
{
  SortIdx d = (hi - lo) / 8;
  /* (one call per statement: the comparator sees a fixed order) */
  SortIdx m1 = sort_medindex (s, lo + d, lo + 2 * d, lo + 3 * d);
  SortIdx m2 = sort_medindex (s, mid - d, mid, mid + d);
  SortIdx m3 = sort_medindex (s, hi - 3 * d, hi - 2 * d, hi - d);
  SortIdx m = sort_medindex (s, m1, m2, m3);
  if (m != mid)
    sort_swap (s, m, mid);
}

/* Partition t[lo..hi] around the pivot in SORT_PIVOT, which has already
** been stored in t[hi - 1]; t[lo] <= pivot <= t[hi].  Returns the pivot's
** final position p with t[lo..p-1] <= t[p] <= t[p+1..hi].
**
** A scan pushes each t[i] (t[j]) above the one before instead of popping
** that first: the stack is cut back only every SORT_RUN values, which
** saves a host call on almost every step.  'top' is the stack top; the
** upward scan's last value (t[i]) stays in slot 'low' while the downward
** scan runs above it.  So top <= SORT_PIVOT + 2 * SORT_RUN, and the 3
** slots of a comparator call above that stay within the ELARA_MINSTACK
** slots every C function has (tab_sort leaves 2 values). */
#define SORT_RUN 6

static SortIdx
sort_partition (const Sorter *s, SortIdx lo, SortIdx hi)
{
  ElaraState *L = s->L;
  SortIdx i = lo;
  SortIdx j = hi - 1;
  int top = SORT_PIVOT;
  for (;;) {
    int low;
    /* t[hi - 1] is the pivot itself, so this scan must stop there */
    for (;;) {
      if (top >= SORT_PIVOT + SORT_RUN) {
        host->settop (L, SORT_PIVOT);
        top = SORT_PIVOT;
      }
      host->geti (L, 1, ++i);
      top++;
      if (!sort_less (s, top, SORT_PIVOT))
        break;
      if (i >= hi - 1)
        sort_invalid (s);
    }
    low = top;
    /* t[lo] is not greater than the pivot, so this scan stops at lo */
    for (;;) {
      if (top >= low + SORT_RUN) {
        host->settop (L, low);
        top = low;
      }
      host->geti (L, 1, --j);
      top++;
      if (!sort_less (s, SORT_PIVOT, top))
        break;
      if (j <= lo)
        sort_invalid (s);
    }
    if (j <= i) {
      /* move t[i] into the pivot's slot and the pivot into t[i] */
      host->pushvalue (L, low);
      host->seti (L, 1, hi - 1);
      host->pushvalue (L, SORT_PIVOT);
      host->seti (L, 1, i);
      return i;
    }
    host->seti (L, 1, i);   /* t[i] = old t[j] */
    top--;
    if (top != low) {
      host->pushvalue (L, low);
      top++;
    }
    host->seti (L, 1, j);   /* t[j] = old t[i] */
    top--;
    /* (what is left above the pivot is dead: the next scan cuts it) */
  }
}

static void
sort_range (const Sorter *s, SortIdx lo, SortIdx hi, int depth)
{
  ElaraState *L = s->L;
  while (lo < hi) {
    SortIdx mid = lo + (hi - lo) / 2;
    SortIdx p;
    if (hi - lo == 1) {
      if (sort_less_at (s, hi, lo))
        sort_swap (s, lo, hi);
      return;
    }
    if (hi - lo >= SORT_NINTHER)
      sort_ninther (s, lo, mid, hi);
    sort_median3 (s, lo, mid, hi);
    if (hi - lo == 2)
      return;   /* three elements: the median step sorted them */
    if (depth-- <= 0) {
      sort_heapsort (s, lo, hi);
      return;
    }
    /* park the pivot next to the upper sentinel and keep a copy in
    ** SORT_PIVOT for the comparisons */
    host->geti (L, 1, mid);
    host->geti (L, 1, hi - 1);
    host->seti (L, 1, mid);
    host->pushvalue (L, SORT_PIVOT);
    host->seti (L, 1, hi - 1);
    p = sort_partition (s, lo, hi);
    host->settop (L, 2);
    /* recurse into the smaller half and loop on the larger one, which
    ** bounds the C recursion by log2 of the length */
    if (p - lo < hi - p) {
      sort_range (s, lo, p - 1, depth);
      lo = p + 1;
    }
    else {
      sort_range (s, p + 1, hi, depth);
      hi = p - 1;
    }
  }
}

static int
tab_sort (ElaraState *L)
{
  ElaraInteger n = tab_length (L, 1, TAB_READ | TAB_WRITE);
  if (n > 1) {
    Sorter s = { .L = L, .usefn = 0,
                 .truth2 = ELARA_HOST_HAS (host, calltruth2) };
    int depth = 0;
    ElaraInteger k;
    tab_argcheck (L, n < INT_MAX, 1, "array too big");
    if (!tab_isnoneornil (L, 2)) {
      host->checktype (L, 2, ELARA_TFUNCTION);
      s.usefn = 1;
    }
    host->settop (L, 2);
    for (k = n; k > 0; k >>= 1)
      depth += 2;
    sort_range (&s, 1, n, depth);
  }
  return 0;
}

/* -- Registration ---------------------------------------------------------- */

static const ElaraLibReg tab_funcs[] = {
  { "concat", tab_concat },
  { "create", tab_create },
  { "insert", tab_insert },
  { "move", tab_move },
  { "pack", tab_pack },
  { "remove", tab_remove },
  { "sort", tab_sort },
  { "unpack", tab_unpack },
  { NULL, NULL }
};

static int
tab_init (ElaraState *L, const ElaraHost *h)
{
  host = h;
  host->register_lib (L, "table", tab_funcs, 1);
  if (ELARA_HOST_HAS (host, fast_tpop))
    host->register_fast (L, tab_fastfuncs);
  tab_pop (L, 1);
  return 0;
}

static const char *const tab_provides[] = { "table", NULL };
static const char *const tab_depends[] = { "base", NULL };

static const ElaraPluginDesc tab_desc = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraPluginDesc),
  .kind = ELARA_PLUGIN_KIND_LIBRARY,
  .name = "table",
  .version = "0.1.0",
  .description = "table manipulation (concat, insert, move, sort, ...)",
  .provides = tab_provides,
  .depends = tab_depends,
  .build_id = NULL,
  .init = tab_init,
  .load = NULL,
  .ops = NULL,
};

ELARA_PLUGIN_DEFINE (table, &tab_desc)
