/*
** vm.c: the interpreter loop and the operations it shares with the API
** (conversions, comparisons, indexing through metamethods, concatenation,
** length, integer division and modulo, shifts)
** SPDX-License-Identifier: MIT
**
** Register machine: R[x] is base + x with base = ci->func + 1.  Local copies
** of 'base' and 'pc' live in el_vm_execute; whenever an operation may raise
** an error, reallocate the stack or run a hook, the loop first stores 'pc'
** into ci->u.l.savedpc (error positions and hooks read it) and, when the
** operation needs a valid top, sets L->top to ci->top.  After anything that
** may reallocate the stack, 'base' is reloaded: correctstack (call.c) sets
** ci->u.l.trap, and the loop re-reads the trap after such operations.
**
** Lua-to-Lua calls and returns stay in the same C activation: CALL pushes a
** CallInfo and goes on in the callee with the registers it already has
** (through 'startfunc' only with hooks or JIT counting on); a return pops
** it and resumes the caller at the callee's u.l.retpc, unless the frame
** was entered from C (CIST_FRESH), which ends this el_vm_execute.
*/
#include "config.h"
#include "vm.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "call.h"
#include "debug.h"
#include "func.h"
#include "gc.h"
#include "jit.h"
#include "mem.h"
#include "meta.h"
#include "opcodes.h"
#include "raise.h"
#include "state.h"
#include "str.h"
#include "table.h"

/* Limit for chains of __index/__newindex tables (guards against loops). */
#define MAXTAGLOOP  2000

/* Number of bits in an integer. */
#define NBITS  cast_int (sizeof (ElInt) * CHAR_BIT)

/* Is integer 'i' exactly representable as a float?  (|i| <= 2^53) */
#define NBM  (DBL_MANT_DIG)
#define l_intfitsf(i) \
  ((ElUInt) (i) + ((ElUInt) 1 << NBM) <= ((ElUInt) 1 << (NBM + 1)))

/* Float arithmetic as Lua defines it. */
#define vm_numadd(a, b)   ((a) + (b))
#define vm_numsub(a, b)   ((a) - (b))
#define vm_nummul(a, b)   ((a) * (b))
#define vm_numdiv(a, b)   ((a) / (b))
#define vm_numunm(a)      (-(a))
#define vm_numidiv(a, b)  (floor (vm_numdiv (a, b)))
#define vm_numpow(a, b)   (((b) == 2) ? (a) * (a) : pow (a, b))
#define vm_numlt(a, b)    ((a) < (b))
#define vm_numle(a, b)    ((a) <= (b))
#define vm_numgt(a, b)    ((a) > (b))
#define vm_numge(a, b)    ((a) >= (b))
#define vm_numeq(a, b)    ((a) == (b))

/* -- Conversions -------------------------------------------------------- */

/* Convert a string to a number following the numeral rules; the string
** must be entirely a numeral (no embedded zeros). */
static int
vm_strton (const TValue *obj, TValue *result)
{
  TString *ts;
  if (!ttisstring (obj))
    return 0;
  ts = tsvalue (obj);
  return el_object_str2num (getstr (ts), result) == tsslen (ts) + 1;
}

int
el_vm_tonumber_ (ElaraState *L, const TValue *obj, ElNum *n)
{
  TValue v;
  el_unused (L);
  if (ttisinteger (obj)) {
    *n = cast_num (ivalue (obj));
    return 1;
  }
  else if (ttisfloat (obj)) {
    *n = fltvalue (obj);
    return 1;
  }
  else if (vm_strton (obj, &v)) {
    *n = nvalue (&v);
    return 1;
  }
  return 0;
}

int
el_vm_tointegerns (const TValue *obj, ElInt *p, F2Imod mode)
{
  if (ttisfloat (obj))
    return el_object_flttointns (fltvalue (obj), p, mode);
  else if (ttisinteger (obj)) {
    *p = ivalue (obj);
    return 1;
  }
  return 0;
}

int
el_vm_tointeger (const TValue *obj, ElInt *p, F2Imod mode)
{
  TValue v;
  if (vm_strton (obj, &v))
    obj = &v;
  return el_vm_tointegerns (obj, p, mode);
}

/* -- Numeric for -------------------------------------------------------- */

/* Integer limit of a loop with integer start and step.  A float limit is
** floored (ascending) or ceiled (descending); a float beyond the integer
** range is clipped, or makes the loop run zero times.  Returns 1 when the
** loop must be skipped. */
static int
vm_forlimit (ElaraState *L, ElInt init, const TValue *lim, ElInt *p,
             ElInt step)
{
  if (!el_vm_tointeger (lim, p, (step < 0 ? EL_F2ICEIL : EL_F2IFLOOR))) {
    ElNum flim;
    if (!tonumber (lim, &flim))
      el_raise_forerror (L, lim, "limit");
    /* a float out of the integer range (or NaN) */
    if (vm_numlt (0, flim)) {
      if (step < 0)
        return 1;
      *p = EL_MAXINTEGER;
    }
    else {
      if (step > 0)
        return 1;
      *p = EL_MININTEGER;
    }
  }
  return (step > 0 ? init > *p : init < *p);
}

/* FORPREP.  In: R[A] init, R[A+1] limit, R[A+2] step.  Out, integer loop:
** R[A] iteration count (unsigned, computed once: no overflow is possible
** while looping), R[A+1] step, R[A+2] control.  Float loop: R[A] limit,
** R[A+1] step, R[A+2] control.  Returns 1 to skip the loop. */
static int
vm_forprep (ElaraState *L, StkId ra)
{
  TValue *pinit = s2v (ra);
  TValue *plimit = s2v (ra + 1);
  TValue *pstep = s2v (ra + 2);
  if (ttisinteger (pinit) && ttisinteger (pstep)) {
    ElInt init = ivalue (pinit);
    ElInt step = ivalue (pstep);
    ElInt limit;
    if (step == 0)
      el_raise_error (L, EL_ERR_FOR_STEP_ZERO);
    if (vm_forlimit (L, init, plimit, &limit, step))
      return 1;
    else {
      ElUInt count;
      if (step > 0) {
        count = (ElUInt) limit - (ElUInt) init;
        if (step != 1)
          count /= (ElUInt) step;
      }
      else {
        count = (ElUInt) init - (ElUInt) limit;
        /* -(step + 1) + 1 avoids negating the minimum integer */
        count /= (ElUInt) (-(step + 1)) + 1u;
      }
      setivalue (s2v (ra), (ElInt) count);
      setivalue (s2v (ra + 1), step);
      setivalue (s2v (ra + 2), init);
    }
  }
  else {
    ElNum init, limit, step;
    if (el_unlikely (!tonumber (plimit, &limit)))
      el_raise_forerror (L, plimit, "limit");
    if (el_unlikely (!tonumber (pstep, &step)))
      el_raise_forerror (L, pstep, "step");
    if (el_unlikely (!tonumber (pinit, &init)))
      el_raise_forerror (L, pinit, "initial value");
    if (step == 0)
      el_raise_error (L, EL_ERR_FOR_STEP_ZERO);
    if (vm_numlt (0, step) ? vm_numlt (limit, init) : vm_numlt (init, limit))
      return 1;
    setfltvalue (s2v (ra), limit);
    setfltvalue (s2v (ra + 1), step);
    setfltvalue (s2v (ra + 2), init);
  }
  return 0;
}

static inline int
vm_floatforloop (StkId ra)
{
  /* raw payload reads, as in OP_FORLOOP: a hostile binary chunk may have
  ** changed the types FORPREP established */
  ElNum step = val_ (s2v (ra + 1)).n;
  ElNum limit = val_ (s2v (ra)).n;
  ElNum idx = val_ (s2v (ra + 2)).n;
  idx = vm_numadd (idx, step);
  if (vm_numlt (0, step) ? vm_numle (idx, limit) : vm_numle (limit, idx)) {
    setfltvalue (s2v (ra + 2), idx);  /* its type was not checked */
    return 1;
  }
  return 0;
}

/* -- Indexing ----------------------------------------------------------- */

/* t[key] when the raw lookup found nothing (or 't' is no table): follow
** __index. */
void
el_vm_finishget (ElaraState *L, const TValue *t, TValue *key, StkId val)
{
  int loop;
  for (loop = 0; loop < MAXTAGLOOP; loop++) {
    const TValue *tm;
    if (!ttistable (t)) {
      tm = el_meta_gettmbyobj (L, t, TM_INDEX);
      if (el_unlikely (ttisnil (tm)))
        el_raise_typeerror (L, t, "index");
    }
    else {
      tm = fasttm (L, hvalue (t)->metatable, TM_INDEX);
      if (tm == NULL) {
        setnilvalue (s2v (val));
        return;
      }
    }
    if (ttisfunction (tm)) {
      el_meta_calltmres (L, tm, t, key, val);
      return;
    }
    t = tm;  /* repeat the access on the __index value */
    if (ttistable (t)) {
      if (ttisshrstring (key)) {  /* a method or a class field, usually */
        const TValue *slot = el_table_getshortstr_inl (hvalue (t),
                                                       tsvalue (key));
        if (!isempty (slot)) {
          setobj2s (L, val, slot);
          return;
        }
      }
      else if (!tagisempty (el_table_get (hvalue (t), key, s2v (val))))
        return;
    }
  }
  el_raise_error (L, EL_ERR_INDEX_LOOP);
}

/* t[key] = val when no value was there to overwrite (or 't' is no
** table): follow __newindex.  'slot' is el_table_finishset's hint for 't'
** (ignored when 't' is no table). */
static __attribute__ ((noinline)) void
vm_finishsetloop (ElaraState *L, const TValue *t, TValue *key, TValue *val,
                  const TValue *slot)
{
  int loop;
  for (loop = 0; loop < MAXTAGLOOP; loop++) {
    const TValue *tm;
    if (ttistable (t)) {
      Table *h = hvalue (t);
      tm = fasttm (L, h->metatable, TM_NEWINDEX);
      if (tm == NULL) {
        /* a new field (SETFIELD in a constructor or an init method): a
        ** free node takes it with no rehash, hence no allocation */
        if (slot != NULL && isabstkey (slot) && !ttisnil (val)) {
          if (ttisshrstring (key)) {
            if (el_table_newshortstr (L, h, key, val))
              return;
          }
          /* a new integer key (a queue's tail, a set's member) when a
          ** node may be free: with none (no hash part, or every node
          ** taken, as when an array grows by appending) it would only
          ** fail before the rehash below */
          else if (ttisinteger (key) && h->lastfree != 0
                   && el_table_newint (L, h, ivalue (key), val))
            return;
        }
        /* anchor the table: when it is a field of a weak metatable an
        ** emergency collection during the insertion could free it */
        sethvalue (L, s2v (L->top), h);
        L->top++;
        el_table_finishset (L, h, key, slot, val);
        L->top--;
        return;
      }
    }
    else {
      tm = el_meta_gettmbyobj (L, t, TM_NEWINDEX);
      if (el_unlikely (ttisnil (tm)))
        el_raise_typeerror (L, t, "index");
    }
    if (ttisfunction (tm)) {
      el_meta_calltm (L, tm, t, key, val);
      return;
    }
    t = tm;  /* repeat the assignment on the __newindex value */
    if (ttistable (t)) {
      slot = el_table_pset (L, hvalue (t), key, val);
      if (slot == NULL)
        return;
    }
  }
  el_raise_error (L, EL_ERR_NEWINDEX_LOOP);
}

/* The usual case first, as leaf code that saves no registers: a new
** integer key (a queue's tail, items[t] = x, or a set's member) whose main
** position is free, in a table with no __newindex (by its metatable's
** absence bit).  Anything else goes to the loop above, by a tail call. */
void
el_vm_finishset (ElaraState *L, const TValue *t, TValue *key, TValue *val,
                 const TValue *slot)
{
  /* (a table with no nodes, as an array growing by appending, is told
  ** first: it takes the loop's rehash, with the fewest tests here) */
  if (ttisinteger (key) && ttistable (t)
      && (hvalue (t)->nodemask | hvalue (t)->lastfree) != 0
      && slot != NULL && isabstkey (slot) && !ttisnil (val)) {
    Table *h = hvalue (t);
    if ((h->metatable == NULL
         || (h->metatable->flags & (1u << TM_NEWINDEX)))
        && !el_table_inarray (h, ivalue (key))
        && el_table_newintfast (h, ivalue (key), val))
      return;
  }
  vm_finishsetloop (L, t, key, val, slot);
}

void
el_vm_gettable (ElaraState *L, const TValue *t, TValue *key, StkId val)
{
  if (ttistable (t) && !tagisempty (el_table_get (hvalue (t), key, s2v (val))))
    return;
  el_vm_finishget (L, t, key, val);
}

void
el_vm_settable (ElaraState *L, const TValue *t, TValue *key, TValue *val)
{
  const TValue *slot = NULL;
  if (ttistable (t)) {
    slot = el_table_pset (L, hvalue (t), key, val);
    if (slot == NULL)
      return;
  }
  el_vm_finishset (L, t, key, val, slot);
}

/* -- Comparisons -------------------------------------------------------- */

/* Order of two strings: strcoll on each '\0'-separated segment, so embedded
** zeros compare correctly and the locale is honoured. */
static int
vm_strcmp (const TString *ts1, const TString *ts2)
{
  const char *s1 = getstr (ts1);
  size_t rl1 = tsslen (ts1);
  const char *s2 = getstr (ts2);
  size_t rl2 = tsslen (ts2);
  for (;;) {
    int temp = strcoll (s1, s2);
    if (temp != 0)
      return temp;
    else {
      size_t zl1 = strlen (s1);
      size_t zl2 = strlen (s2);
      if (zl2 == rl2)
        return (zl1 == rl1) ? 0 : 1;
      else if (zl1 == rl1)
        return -1;
      zl1++;
      zl2++;
      s1 += zl1;
      rl1 -= zl1;
      s2 += zl2;
      rl2 -= zl2;
    }
  }
}

/* Exact comparisons between integers and floats: an integer that does not
** fit a float's mantissa is compared with the float rounded to an integer
** in the right direction. */
static inline int
vm_LTintfloat (ElInt i, ElNum f)
{
  if (l_intfitsf (i))
    return vm_numlt (cast_num (i), f);
  else {
    ElInt fi;
    if (el_object_flttointns (f, &fi, EL_F2ICEIL))
      return i < fi;
    return f > 0;  /* f is out of range (or NaN: false) */
  }
}

static inline int
vm_LEintfloat (ElInt i, ElNum f)
{
  if (l_intfitsf (i))
    return vm_numle (cast_num (i), f);
  else {
    ElInt fi;
    if (el_object_flttointns (f, &fi, EL_F2IFLOOR))
      return i <= fi;
    return f > 0;
  }
}

static inline int
vm_LTfloatint (ElNum f, ElInt i)
{
  if (l_intfitsf (i))
    return vm_numlt (f, cast_num (i));
  else {
    ElInt fi;
    if (el_object_flttointns (f, &fi, EL_F2IFLOOR))
      return fi < i;
    return f < 0;
  }
}

static inline int
vm_LEfloatint (ElNum f, ElInt i)
{
  if (l_intfitsf (i))
    return vm_numle (f, cast_num (i));
  else {
    ElInt fi;
    if (el_object_flttointns (f, &fi, EL_F2ICEIL))
      return fi <= i;
    return f < 0;
  }
}

static inline int
vm_LTnum (const TValue *l, const TValue *r)
{
  if (ttisinteger (l)) {
    ElInt li = ivalue (l);
    if (ttisinteger (r))
      return li < ivalue (r);
    return vm_LTintfloat (li, fltvalue (r));
  }
  else {
    ElNum lf = fltvalue (l);
    if (ttisfloat (r))
      return vm_numlt (lf, fltvalue (r));
    return vm_LTfloatint (lf, ivalue (r));
  }
}

static inline int
vm_LEnum (const TValue *l, const TValue *r)
{
  if (ttisinteger (l)) {
    ElInt li = ivalue (l);
    if (ttisinteger (r))
      return li <= ivalue (r);
    return vm_LEintfloat (li, fltvalue (r));
  }
  else {
    ElNum lf = fltvalue (l);
    if (ttisfloat (r))
      return vm_numle (lf, fltvalue (r));
    return vm_LEfloatint (lf, ivalue (r));
  }
}

/* Non-numeric operands: strings, else __lt/__le (5.5 never emulates __le
** through __lt). */
static int
vm_lessthanothers (ElaraState *L, const TValue *l, const TValue *r)
{
  if (ttisstring (l) && ttisstring (r))
    return vm_strcmp (tsvalue (l), tsvalue (r)) < 0;
  return el_meta_callorderTM (L, l, r, TM_LT);
}

static int
vm_lessequalothers (ElaraState *L, const TValue *l, const TValue *r)
{
  if (ttisstring (l) && ttisstring (r))
    return vm_strcmp (tsvalue (l), tsvalue (r)) <= 0;
  return el_meta_callorderTM (L, l, r, TM_LE);
}

int
el_vm_lessthan (ElaraState *L, const TValue *l, const TValue *r)
{
  if (ttisnumber (l) && ttisnumber (r))
    return vm_LTnum (l, r);
  return vm_lessthanothers (L, l, r);
}

int
el_vm_lessequal (ElaraState *L, const TValue *l, const TValue *r)
{
  if (ttisnumber (l) && ttisnumber (r))
    return vm_LEnum (l, r);
  return vm_lessequalothers (L, l, r);
}

/* Equality; with L == NULL it is raw (no __eq). */
int
el_vm_equalobj (ElaraState *L, const TValue *t1, const TValue *t2)
{
  const TValue *tm;
  if (ttype (t1) != ttype (t2))
    return 0;
  else if (ttypetag (t1) != ttypetag (t2)) {
    /* only numbers and strings have values equal across variants */
    switch (ttypetag (t1)) {
      case EL_VNUMINT: {
        ElInt i2;
        return el_object_flttointns (fltvalue (t2), &i2, EL_F2IEQ)
               && ivalue (t1) == i2;
      }
      case EL_VNUMFLT: {
        ElInt i1;
        return el_object_flttointns (fltvalue (t1), &i1, EL_F2IEQ)
               && i1 == ivalue (t2);
      }
      case EL_VSHRSTR: case EL_VLNGSTR: {
        TString *a = tsvalue (t1), *b = tsvalue (t2);
        return tsslen (a) == tsslen (b)
               && memcmp (getstr (a), getstr (b), tsslen (a)) == 0;
      }
      default:
        return 0;
    }
  }
  switch (ttypetag (t1)) {
    case EL_VNIL: case EL_VFALSE: case EL_VTRUE:
      return 1;
    case EL_VNUMINT:
      return ivalue (t1) == ivalue (t2);
    case EL_VNUMFLT:
      return vm_numeq (fltvalue (t1), fltvalue (t2));
    case EL_VLIGHTUSERDATA:
      return pvalue (t1) == pvalue (t2);
    case EL_VLCF:
      return fvalue (t1) == fvalue (t2);
    case EL_VSHRSTR:
      return eqshrstr (tsvalue (t1), tsvalue (t2));
    case EL_VLNGSTR:
      return el_str_eqlngstr (tsvalue (t1), tsvalue (t2));
    case EL_VUSERDATA:
      if (uvalue (t1) == uvalue (t2))
        return 1;
      else if (L == NULL)
        return 0;
      tm = fasttm (L, uvalue (t1)->metatable, TM_EQ);
      if (tm == NULL)
        tm = fasttm (L, uvalue (t2)->metatable, TM_EQ);
      break;
    case EL_VTABLE:
      if (hvalue (t1) == hvalue (t2))
        return 1;
      else if (L == NULL)
        return 0;
      tm = fasttm (L, hvalue (t1)->metatable, TM_EQ);
      if (tm == NULL)
        tm = fasttm (L, hvalue (t2)->metatable, TM_EQ);
      break;
    default:
      return gcvalue (t1) == gcvalue (t2);
  }
  if (tm == NULL)
    return 0;
  el_meta_calltmres (L, tm, t1, t2, L->top);
  return !el_isfalse (s2v (L->top));
}

/* -- Concatenation and length ------------------------------------------- */

/* Make the value at 'o' a string if it is a number; true if it is one. */
#define vm_tostring(L, o) \
  (ttisstring (o) || (ttisnumber (o) && (el_object_tostring (L, o), 1)))

#define vm_isemptystr(o)  (ttisshrstring (o) && tsvalue (o)->shrlen == 0)

/* Copy the 'n' strings ending at top - 1 into 'buff'. */
static void
vm_copy2buff (StkId top, int n, char *buff)
{
  size_t tl = 0;
  do {
    TString *st = tsvalue (s2v (top - n));
    size_t l = tsslen (st);
    memcpy (buff + tl, getstr (st), l);
    tl += l;
  } while (--n > 0);
}

void
el_vm_concat (ElaraState *L, int total)
{
  if (total == 1)
    return;
  do {
    StkId top = L->top;
    int n = 2;  /* values handled in this pass */
    if (!(ttisstring (s2v (top - 2)) || ttisnumber (s2v (top - 2)))
        || !vm_tostring (L, s2v (top - 1)))
      el_meta_tryconcatTM (L);
    else if (vm_isemptystr (s2v (top - 1)))
      (void) vm_tostring (L, s2v (top - 2));
    else if (vm_isemptystr (s2v (top - 2))) {
      setobjs2s (L, top - 2, top - 1);
    }
    else {
      /* as many strings as possible, joined into one new string built
      ** in place (a long result is never copied twice) */
      size_t tl = tsslen (tsvalue (s2v (top - 1)));
      TString *ts;
      for (n = 1; n < total && vm_tostring (L, s2v (top - n - 1)); n++) {
        size_t l = tsslen (tsvalue (s2v (top - n - 1)));
        if (el_unlikely (l >= EL_MAXSIZE - sizeof (TString) - tl)) {
          L->top = top - total;
          el_raise_error (L, EL_ERR_STRING_TOO_LARGE);
        }
        tl += l;
      }
      if (tl <= EL_MAXSHORTLEN) {
        char buff[EL_MAXSHORTLEN];
        vm_copy2buff (top, n, buff);
        ts = el_str_newlstr (L, buff, tl);
      }
      else {
        ts = el_str_createlngstrobj (L, tl);
        vm_copy2buff (top, n, getstr (ts));
      }
      setsvalue (L, s2v (top - n), ts);
    }
    total -= n - 1;
    L->top -= n - 1;
  } while (total > 1);
}

void
el_vm_objlen (ElaraState *L, StkId ra, const TValue *rb)
{
  const TValue *tm;
  switch (ttypetag (rb)) {
    case EL_VTABLE: {
      Table *h = hvalue (rb);
      tm = fasttm (L, h->metatable, TM_LEN);
      if (tm != NULL)
        break;
      setivalue (s2v (ra), (ElInt) el_table_getn (h));
      return;
    }
    case EL_VSHRSTR: case EL_VLNGSTR:
      setivalue (s2v (ra), (ElInt) tsslen (tsvalue (rb)));
      return;
    default:
      tm = el_meta_gettmbyobj (L, rb, TM_LEN);
      if (el_unlikely (ttisnil (tm)))
        el_raise_typeerror (L, rb, "get length of");
      break;
  }
  el_meta_calltmres (L, tm, rb, rb, ra);
}

/* -- Integer arithmetic ------------------------------------------------- */

/* Floor division and modulo by an 'n' that is neither 0 nor -1 (the
** callers test both first: 0 raises, -1 would overflow for the minimum
** integer).  C truncates, so a negative non-integral quotient is one too
** high, and a non-zero remainder with the sign of -n is one 'n' short.
** Both test the operands' signs first: that test does not wait for the
** division, and operands of the same sign (the common case) then need no
** correction. */
static inline ElInt
vm_idivnz (ElInt m, ElInt n)
{
  ElInt q = m / n;
  if (el_unlikely ((m ^ n) < 0) && m % n != 0)
    q -= 1;
  return q;
}

/* (a non-zero C remainder has the sign of m) */
static inline ElInt
vm_modnz (ElInt m, ElInt n)
{
  ElInt r = m % n;
  if (el_unlikely ((m ^ n) < 0) && r != 0)
    r += n;
  return r;
}

/* Is 'n' 0 or -1, the divisors vm_idivnz and vm_modnz do not take? */
#define vm_divspecial(n)  ((ElUInt) (n) + 1u <= 1u)

ElInt
el_vm_idiv (ElaraState *L, ElInt m, ElInt n)
{
  if (el_unlikely (vm_divspecial (n))) {
    if (n == 0)
      el_raise_error (L, EL_ERR_DIV_ZERO);
    return intop (-, 0, m);  /* avoids the overflow of minint // -1 */
  }
  return vm_idivnz (m, n);
}

ElInt
el_vm_mod (ElaraState *L, ElInt m, ElInt n)
{
  if (el_unlikely (vm_divspecial (n))) {
    if (n == 0)
      el_raise_error (L, EL_ERR_MOD_ZERO);
    return 0;  /* m % -1 == 0, and avoids the overflow of minint % -1 */
  }
  return vm_modnz (m, n);
}

ElNum
el_vm_modf (ElaraState *L, ElNum m, ElNum n)
{
  ElNum r = fmod (m, n);
  el_unused (L);
  /* fmod has the sign of m; Lua's result has the sign of n (an infinite
  ** n leaves a finite m of the same sign unchanged) */
  if ((r > 0) ? n < 0 : (r < 0 && n > 0))
    r += n;
  return r;
}

ElInt
el_vm_shiftl (ElInt x, ElInt y)
{
  if (y < 0) {
    if (y <= -NBITS)
      return 0;
    return intop (>>, x, -y);
  }
  else {
    if (y >= NBITS)
      return 0;
    return intop (<<, x, y);
  }
}

#define vm_shiftr(x, y)  el_vm_shiftl (x, intop (-, 0, y))

/* Arithmetic on two numbers; returns 0 when the operands are not numbers
** of the right kind (the caller tries metamethods).  Integer division and
** modulo by zero raise. */
static int
vm_numarith (ElaraState *L, int op, const TValue *p1, const TValue *p2,
             TValue *res)
{
  switch (op) {
    case ELARA_OPBAND: case ELARA_OPBOR: case ELARA_OPBXOR:
    case ELARA_OPSHL: case ELARA_OPSHR: case ELARA_OPBNOT: {
      ElInt i1, i2, r;
      if (!tointegerns (p1, &i1) || !tointegerns (p2, &i2))
        return 0;
      switch (op) {
        case ELARA_OPBAND: r = intop (&, i1, i2); break;
        case ELARA_OPBOR: r = intop (|, i1, i2); break;
        case ELARA_OPBXOR: r = intop (^, i1, i2); break;
        case ELARA_OPSHL: r = el_vm_shiftl (i1, i2); break;
        case ELARA_OPSHR: r = vm_shiftr (i1, i2); break;
        default: r = intop (^, ~(ElUInt) 0, i1); break;
      }
      setivalue (res, r);
      return 1;
    }
    case ELARA_OPDIV: case ELARA_OPPOW: {
      ElNum n1, n2;
      if (!tonumberns (p1, n1) || !tonumberns (p2, n2))
        return 0;
      setfltvalue (res, op == ELARA_OPDIV ? vm_numdiv (n1, n2)
                                          : vm_numpow (n1, n2));
      return 1;
    }
    default: {
      ElNum n1, n2, r;
      if (ttisinteger (p1) && ttisinteger (p2)) {
        ElInt i1 = ivalue (p1), i2 = ivalue (p2), ir;
        switch (op) {
          case ELARA_OPADD: ir = intop (+, i1, i2); break;
          case ELARA_OPSUB: ir = intop (-, i1, i2); break;
          case ELARA_OPMUL: ir = intop (*, i1, i2); break;
          case ELARA_OPMOD: ir = el_vm_mod (L, i1, i2); break;
          case ELARA_OPIDIV: ir = el_vm_idiv (L, i1, i2); break;
          default: ir = intop (-, 0, i1); break;  /* UNM */
        }
        setivalue (res, ir);
        return 1;
      }
      if (!tonumberns (p1, n1) || !tonumberns (p2, n2))
        return 0;
      switch (op) {
        case ELARA_OPADD: r = vm_numadd (n1, n2); break;
        case ELARA_OPSUB: r = vm_numsub (n1, n2); break;
        case ELARA_OPMUL: r = vm_nummul (n1, n2); break;
        case ELARA_OPMOD: r = el_vm_modf (L, n1, n2); break;
        case ELARA_OPIDIV: r = vm_numidiv (n1, n2); break;
        default: r = vm_numunm (n1); break;  /* UNM */
      }
      setfltvalue (res, r);
      return 1;
    }
  }
}

void
el_vm_arith (ElaraState *L, int op, const TValue *p1, const TValue *p2,
             StkId res)
{
  if (!vm_numarith (L, op, p1, p2, s2v (res)))
    el_meta_trybintm (L, p1, p2, res, cast (TMS, (op - ELARA_OPADD) + TM_ADD));
}

/* -- Returns and varargs ------------------------------------------------- */

/* el_call_poscall of the Lua frame 'ci' when no hook is set: the 'n'
** results at 'src' go down to ci->func, adjusted to what the caller wants.
** (A Lua frame never has CIST_TBC: its tbc variables are closed by the
** instruction that returns.)  'src' is at or above ci->func. */
static inline void
vm_poscall (ElaraState *L, CallInfo *ci, StkId src, int n)
{
  int wanted = ci->nresults;
  el_assert (!(ci->callstatus & CIST_TBC) && src >= ci->func);
  el_call_moveresultsfrom (L, ci->func, src, n,
                           wanted == ELARA_MULTRET ? n : wanted);
  L->ci = ci->previous;
}

/* GETVARG: R[A] := vararg[R[C]] without a table: 1..n are the hidden
** arguments, "n" their count, anything else nil. */
static void
vm_getvararg (CallInfo *ci, StkId ra, const TValue *rc)
{
  int nextra = ci->u.l.nextraargs;
  ElInt n;
  if (tointegerns (rc, &n)) {
    if ((ElUInt) n - 1u < (ElUInt) nextra) {
      StkId slot = ci->func - nextra + cast_int (n) - 1;
      setobjs2s (NULL, ra, slot);
      return;
    }
  }
  else if (ttisstring (rc)) {
    TString *ts = tsvalue (rc);
    if (tsslen (ts) == 1 && getstr (ts)[0] == 'n') {
      setivalue (s2v (ra), nextra);
      return;
    }
  }
  setnilvalue (s2v (ra));
}

/* ERRNNIL: "global 'x' already defined"; Bx - 1 is the name's constant. */
static EL_NORET
vm_errnnil (ElaraState *L, LClosure *cl, int bx)
{
  const char *name = "?";
  if (bx > 0 && bx - 1 < cl->p->sizek && ttisstring (&cl->p->k[bx - 1]))
    name = getstr (tsvalue (&cl->p->k[bx - 1]));
  el_raise_error (L, EL_ERR_GLOBAL_DEFINED, name);
}

/* -- Finishing an interrupted instruction ------------------------------- */

void
el_vm_finishOp (ElaraState *L)
{
  CallInfo *ci = L->ci;
  StkId base = ci->func + 1;
  /* the same place in p->code, where the operands are read */
  const Instruction *cpc = pcCode (ci->u.l.savedpc, ci_func (ci)->p);
  Instruction inst = cpc[-1];
  OpCode op = GET_OPCODE (inst);
  switch (op) {
    case OP_MMBIN: case OP_MMBINI: case OP_MMBINK: {
      /* the result belongs to the arithmetic instruction before */
      L->top--;
      setobjs2s (L, base + GETARG_A (cpc[-2]), L->top);
      break;
    }
    case OP_UNM: case OP_BNOT: case OP_LEN:
    case OP_GETTABUP: case OP_GETTABLE: case OP_GETI:
    case OP_GETFIELD: case OP_SELF: {
      L->top--;
      setobjs2s (L, base + GETARG_A (inst), L->top);
      break;
    }
    case OP_LT: case OP_LE:
    case OP_LTI: case OP_LEI:
    case OP_GTI: case OP_GEI:
    case OP_EQ: {
      int res = !el_isfalse (s2v (L->top - 1));
      L->top--;
      el_assert (GET_OPCODE (*cpc) == OP_JMP);
      if (res != GETARG_k (inst))
        ci->u.l.savedpc++;  /* condition failed: skip the jump */
      break;
    }
    case OP_CONCAT: {
      StkId top = L->top - 1;  /* top when the metamethod was called */
      int a = GETARG_A (inst);
      int total = cast_int (top - 1 - (base + a));
      setobjs2s (L, top - 2, top);
      L->top = top - 1;
      el_vm_concat (L, total);  /* may yield again */
      break;
    }
    case OP_CLOSE:
      ci->u.l.savedpc--;  /* redo: close the remaining variables */
      break;
    case OP_RETURN: {
      StkId ra = base + GETARG_A (inst);
      /* top marks the results in case the return goes up to top */
      L->top = ra + ci->u2.nres;
      ci->u.l.savedpc--;
      break;
    }
    default:
      /* TFORCALL, CALL, TAILCALL and the SET instructions need nothing */
      el_assert (op == OP_TFORCALL || op == OP_CALL || op == OP_TAILCALL
                 || op == OP_SETTABUP || op == OP_SETTABLE
                 || op == OP_SETI || op == OP_SETFIELD);
      break;
  }
}

/* -- The interpreter ---------------------------------------------------- */

/* The loop runs the executable form of the code (opcodes.h): 'pc' and
** the frames' savedpc point into p->xcode, and 'i' is the address of the
** instruction running, whose operands the XGETARG_* macros read from
** memory, one load each.  A register or constant operand is stored as
** its byte offset (XOFF_*), for one addressing mode with no scaling (x86
** addressing scales by 8 at most).  Both stack slots and constants are
** 16 bytes. */
#define vm_reg(off)     ((StkId) ((char *) base + (off)))
#define vm_kst(off)     ((TValue *) ((char *) k + (off)))
_Static_assert (sizeof (StackValue) == XARG_SCALE
                && sizeof (TValue) == XARG_SCALE,
                "operand offsets are scaled by the size of a slot");

#define RA(i)     vm_reg (XOFF_A (i))
#define vRA(i)    s2v (RA (i))
#define RB(i)     vm_reg (XOFF_B (i))
#define vRB(i)    s2v (RB (i))
#define KB(i)     vm_kst (XOFF_B (i))
#define RC(i)     vm_reg (XOFF_C (i))
#define vRC(i)    s2v (RC (i))
#define KC(i)     vm_kst (XOFF_C (i))
#define RKC(i)    ((XGETARG_k (i)) ? KC (i) : s2v (RC (i)))

/* Make GCC forget what it knows of pointer 'p' (no code).  The table
** handlers test a key's tag for an integer, then for a short string:
** without this, GCC loads the tag into a register for both tests, one
** instruction more on the integer path than a compare with memory. */
#if defined(__GNUC__)
#define vm_forget(p)    ({ __asm__ ("" : "+r" (p)); })
#else
#define vm_forget(p)    ((void) 0)
#endif

#if EL_USE_COMPUTED_GOTO
/* A branch, not settrap's select: with a select, the next dispatch's
** table address depended on a load of ci->u.l.trap at every jump and
** FORLOOP, which lengthened the path that resolves the indirect jump
** (mandelbrot 0.72 s -> see docs/PERFORMANCE.md).  The trap is never
** cleared here: if it was set and the hooks are gone, L_trapped runs
** once more, and el_debug_traceexec returns 0 without tracing.  (The
** empty asm keeps GCC from turning the branch back into a select.)  So the
** invariant is: trap != 0 implies disp == vm_traptab. */
#define updatetrap(ci) \
  ({ if (el_unlikely ((ci)->u.l.trap)) { \
       disp = vm_traptab; __asm__ ("" : "+r" (disp)); } })
#else
#define updatetrap(ci)  settrap ((ci)->u.l.trap)
#endif
#define updatebase(ci)  (base = (ci)->func + 1)
#define updatestack(ci) { if (el_unlikely (vmtrapped ())) updatebase (ci); }

/* Backward jumps re-read the trap so that a hook set asynchronously (a
** signal) can stop a tight loop.  A forward jump (sJ >= 0: the target is
** past the jump) cannot close a loop, and every loop has a backward jump
** (JMP, a conditional jump's JMP, FORLOOP, TFORLOOP), so forward ones
** skip the load. */
#define dojump(ci, i, e) \
  { int sj__ = XGETARG_sJ (i); \
    pc += sj__ + (e); \
    if (sj__ < 0) updatetrap (ci); }
#define donextjump(ci)    { dojump (ci, pc, 1); }
/* (each outcome dispatches on its own: no jump back to a shared tail.
** Writing it once in each path of a test, so that an integer compare
** branches on its own flags, saved 2% of fannkuch's and fib's
** instructions but made spectral, which runs no test in its loops, 4-8%
** slower in interleaved runs (session 7): left as is.) */
#define docondjump() \
  { if (cond != XGETARG_k (i)) { pc++; vmbreak; } \
    else { donextjump (ci); vmbreak; } }

#define savepc(ci)        ((ci)->u.l.savedpc = pc)
#define savestate(L, ci)  (savepc (ci), (L)->top = (ci)->top)

/* For operations that may raise, reallocate the stack or change hooks. */
#define Protect(exp)      (savestate (L, ci), (exp), updatetrap (ci))
/* Same, keeping L->top (the operation uses it). */
#define ProtectNT(exp)    (savepc (ci), (exp), updatetrap (ci))
/* For operations that may only raise. */
#define halfProtect(exp)  (savestate (L, ci), (exp))

/* Collect garbage when due; 'c' is the first dead stack slot. */
#define checkGC(L, c) \
  { if (el_unlikely (G (L)->GCdebt > 0)) { \
      savepc (ci); (L)->top = (c); el_gc_step (L); updatetrap (ci); } }

/* JIT seam at back-edges: 't' is the loop target. */
#define jitloop(t) \
  { if (el_unlikely ((cl->p->hotcount -= 1) > 0x7fffffffu)) { \
      savepc (ci); el_jit_hot (L, cl->p, (t)); } }

#if EL_USE_COMPUTED_GOTO
/* 'trap' is mirrored by the dispatch table: while it is set, every opcode
** dispatches to L_trapped (vm_traptab), which runs the hooks or reloads
** 'base' and then goes on to the real opcode.  So the common path fetches
** and dispatches with no trap test at all.  Invariant: disp == vm_traptab
** whenever trap != 0 (it may stay set a little longer: see updatetrap).
** 'trap' is not a variable of its own then (one register less in the
** loop): it reads the table pointer. */
#define vmtrapped()    (disp == vm_traptab)
/* May a frame that OP_CALL or OP_TAILCALL has just built start with only
** the loop's registers set (cl, k, pc, base)?  Not with hooks on (call
** hook, trap) nor while a JIT backend counts entries: both go through
** startfunc.  The plain table means untrapped and not counting; a
** trapped caller also takes startfunc, which re-chooses the table. */
#define vmfastentry()  (disp == vm_disptab && !L->hookmask)
#define settrap(v)     (disp = el_unlikely (v) ? vm_traptab : basetab)
#define vmfetch()      { i = pc++; }
#define vmdispatch(o)  goto *disp[o];
/* Every handler has a second label, LJ_<op>, for vm_jittab: the same
** place, except for the back-edge opcodes (vmcase_backedge). */
#define vmcase(l)      LJ_##l: L_##l:
/* A back-edge opcode: vm_jittab enters it at a prefix that counts the
** back-edge for the JIT when 'c' holds ('t' is the loop target); the
** plain table skips the prefix, so without a JIT loops count nothing. */
#define vmcase_backedge(l, c, t) \
  LJ_##l: if (c) jitloop (t); L_##l:
#define vmbreak        { vmfetch (); vmdispatch (XGET_OPCODE (i)); }
#else
#define vmtrapped()    (trap)
#define vmfastentry() \
  (!trap && !L->hookmask && !el_jit_counting (G (L)))
#define settrap(v)     (trap = (v))
/* Fetch the next instruction, running hooks when trapped. */
#define vmfetch() { \
  if (el_unlikely (trap)) { \
    trap = el_debug_traceexec (L, pc); \
    updatebase (ci); \
  } \
  i = pc++; \
}
#define vmdispatch(o)  switch (o)
#define vmcase(l)      case l:
/* (one dispatch: the back-edges always count) */
#define vmcase_backedge(l, c, t) \
  case l: if (c) jitloop (t);
#define vmbreak        break
#endif
/* A test and its jump: a backward jump is a loop's back-edge (the bottom
** test of a while loop, see el_compile_loopcond), counted like OP_JMP's. */
#define vmcase_test(l) \
  vmcase_backedge (l, XGETARG_sJ (pc) < 0, pc + 1 + XGETARG_sJ (pc))

/* Arithmetic with an immediate sC; on failure fall through to MMBINI. */
/* (integers first: counters and indices; each path dispatches on its own,
** see op_arith_aux) */
#define op_arithI(iop, fop) { \
  StkId ra = RA (i); \
  TValue *v1 = vRB (i); \
  int imm = XGETARG_sC (i); \
  if (el_likely (ttisinteger (v1))) { \
    ElInt iv1 = ivalue (v1); \
    pc++; setivalue (s2v (ra), iop (iv1, imm)); \
    vmbreak; \
  } \
  else if (ttisfloat (v1)) { \
    ElNum nb = fltvalue (v1); \
    ElNum fimm = cast_num (imm); \
    pc++; setfltvalue (s2v (ra), fop (nb, fimm)); \
    vmbreak; \
  } }

#define op_arithf_aux(v1, v2, fop) { \
  ElNum n1; ElNum n2; \
  if (tonumberns (v1, n1) && tonumberns (v2, n2)) { \
    StkId ra = RA (i); \
    pc++; setfltvalue (s2v (ra), fop (n1, n2)); \
  } }

/* Both tags in one value, for one compare per pair of operand kinds. */
#define vm_tagpair(v1, v2) \
  ((unsigned int) rawtt (v1) << 8 | (unsigned int) rawtt (v2))
#define VM_FLTFLT  ((unsigned int) EL_VNUMFLT << 8 | EL_VNUMFLT)
#define VM_INTINT  ((unsigned int) EL_VNUMINT << 8 | EL_VNUMINT)
#define VM_FLTINT  ((unsigned int) EL_VNUMFLT << 8 | EL_VNUMINT)
#define VM_INTFLT  ((unsigned int) EL_VNUMINT << 8 | EL_VNUMFLT)

/* Float-only operations (/ and ^): two floats straight through (see
** op_arith_aux), integers converted on the way out of line. */
#define op_arithf2(v1, v2, fop) { \
  if (el_likely (vm_tagpair (v1, v2) == VM_FLTFLT)) { \
    StkId ra = RA (i); \
    ElNum n1 = fltvalue (v1); ElNum n2 = fltvalue (v2); \
    pc++; setfltvalue (s2v (ra), fop (n1, n2)); \
    vmbreak; \
  } \
  else op_arithf_aux (v1, v2, fop); }

#define op_arithf(fop) { \
  TValue *v1 = vRB (i); \
  TValue *v2 = vRC (i); \
  op_arithf2 (v1, v2, fop); }

#define op_arithfK(fop) { \
  TValue *v1 = vRB (i); \
  TValue *v2 = KC (i); \
  op_arithf2 (v1, v2, fop); }

/* Two floats are tested first: their path is then straight-line code,
** and integer operands pay one compare more.  Each of the two paths ends
** in a dispatch of its own, and each kind of pair is one compare of both
** tags: with tag-by-tag tests and one shared tail, GCC merged the float
** pair's tests with the mixed pair's and laid the float path out of line
** (three taken jumps per float operation).  A float and an integer
** (spectral's 'ij * 0.5 + i') are the next two pairs; anything else is
** not a number and goes to the metamethod. */
#define op_arith_ff(v1, v2, fop) { \
    StkId ra = RA (i); \
    ElNum n1 = fltvalue (v1); ElNum n2 = fltvalue (v2); \
    pc++; setfltvalue (s2v (ra), fop (n1, n2)); \
    vmbreak; }
#define op_arith_ii(v1, v2, iop) { \
    StkId ra = RA (i); \
    ElInt i1 = ivalue (v1); ElInt i2 = ivalue (v2); \
    ElInt ir = iop (i1, i2);  /* (may save 'pc' before raising) */ \
    pc++; setivalue (s2v (ra), ir); \
    vmbreak; }
#define op_arith_fi(v1, v2, fop) { \
    StkId ra = RA (i); \
    ElNum n1 = fltvalue (v1); ElNum n2 = cast_num (ivalue (v2)); \
    pc++; setfltvalue (s2v (ra), fop (n1, n2)); \
    vmbreak; }
#define op_arith_if(v1, v2, fop) { \
    StkId ra = RA (i); \
    ElNum n1 = cast_num (ivalue (v1)); ElNum n2 = fltvalue (v2); \
    pc++; setfltvalue (s2v (ra), fop (n1, n2)); \
    vmbreak; }

#define op_arith_aux(v1, v2, iop, fop) { \
  unsigned int tp = vm_tagpair (v1, v2); \
  if (el_likely (tp == VM_FLTFLT)) op_arith_ff (v1, v2, fop) \
  else if (tp == VM_INTINT) op_arith_ii (v1, v2, iop) \
  else if (tp == VM_FLTINT) op_arith_fi (v1, v2, fop) \
  else if (tp == VM_INTFLT) op_arith_if (v1, v2, fop) }

#define op_arith(iop, fop) { \
  TValue *v1 = vRB (i); \
  TValue *v2 = vRC (i); \
  op_arith_aux (v1, v2, iop, fop); }

/* Integer modulo and floor division (% and //, mostly on integers: hashes,
** indices, gcd), two integers first, each tag compared with memory (see
** op_arithK); the other pairs then as in op_arith_aux. */
#define op_arithint(iop, fop) { \
  TValue *v1 = vRB (i); \
  TValue *v2 = vRC (i); \
  unsigned int tp; \
  if (el_likely (ttisinteger (v1)) \
      && (vm_forget (v2), el_likely (ttisinteger (v2)))) \
    op_arith_ii (v1, v2, iop) \
  tp = vm_tagpair (v1, v2); \
  if (tp == VM_FLTFLT) op_arith_ff (v1, v2, fop) \
  else if (tp == VM_FLTINT) op_arith_fi (v1, v2, fop) \
  else if (tp == VM_INTFLT) op_arith_if (v1, v2, fop) }

/* Arithmetic with a constant K[C]: the constant's tag is tested first,
** then the register's, each a compare with memory (vm_forget keeps GCC
** from loading a tag into a register for the next test).  A float
** constant makes a float register likely and an integer constant an
** integer one, so either path is two compares of a tag with a constant,
** where op_arith_aux's pair loads, shifts and merges both tags and fails
** the float pair's compare for integers.  Float constants go first
** (straight-line; integer ones take one jump): with integer constants
** first, mandelbrot ran 1.3% more instructions and intloop 1.6% fewer.
** (The compiler emits these forms for numeric constants only; anything
** else, from a binary chunk, goes on to MMBINK like any other
** non-number.) */
#define op_arithK(iop, fop) { \
  TValue *v1 = vRB (i); \
  TValue *v2 = KC (i); \
  if (el_likely (ttisfloat (v2))) { \
    vm_forget (v1); \
    if (el_likely (ttisfloat (v1))) op_arith_ff (v1, v2, fop) \
    else if (vm_forget (v1), ttisinteger (v1)) op_arith_if (v1, v2, fop) \
  } \
  else if (vm_forget (v2), ttisinteger (v2)) { \
    vm_forget (v1); \
    if (el_likely (ttisinteger (v1))) op_arith_ii (v1, v2, iop) \
    else if (vm_forget (v1), ttisfloat (v1)) op_arith_fi (v1, v2, fop) \
  } }

#define op_bitwiseK(op) { \
  TValue *v1 = vRB (i); \
  TValue *v2 = KC (i); \
  ElInt i1; \
  ElInt i2 = ivalue (v2); \
  if (tointegerns (v1, &i1)) { \
    StkId ra = RA (i); \
    pc++; setivalue (s2v (ra), op (i1, i2)); \
  } }

#define op_bitwise(op) { \
  TValue *v1 = vRB (i); \
  TValue *v2 = vRC (i); \
  ElInt i1; ElInt i2; \
  if (tointegerns (v1, &i1) && tointegerns (v2, &i2)) { \
    StkId ra = RA (i); \
    pc++; setivalue (s2v (ra), op (i1, i2)); \
  } }

/* (two integers, then two floats, each one compare of both tags) */
#define op_order(opi, opf, opn, other) { \
  TValue *ra = vRA (i); \
  int cond; \
  TValue *rb = vRB (i); \
  unsigned int tp = vm_tagpair (ra, rb); \
  if (el_likely (tp == VM_INTINT)) \
    cond = opi (ivalue (ra), ivalue (rb)); \
  else if (tp == VM_FLTFLT) \
    cond = opf (fltvalue (ra), fltvalue (rb)); \
  else if (ttisnumber (ra) && ttisnumber (rb)) \
    cond = opn (ra, rb); \
  else \
    Protect (cond = other (L, ra, rb)); \
  docondjump (); }

#define op_orderI(opi, opf, inv, tm) { \
  TValue *ra = vRA (i); \
  int cond; \
  int im = XGETARG_sB (i); \
  if (el_likely (ttisinteger (ra))) \
    cond = opi (ivalue (ra), im); \
  else if (ttisfloat (ra)) \
    cond = opf (fltvalue (ra), cast_num (im)); \
  else { \
    int isf = XGETARG_C (i); \
    Protect (cond = el_meta_callorderiTM (L, ra, im, inv, isf, tm)); \
  } \
  docondjump (); }

#define l_addi(a, b)  intop (+, a, b)
#define l_subi(a, b)  intop (-, a, b)
#define l_muli(a, b)  intop (*, a, b)
#define l_band(a, b)  intop (&, a, b)
#define l_bor(a, b)   intop (|, a, b)
#define l_bxor(a, b)  intop (^, a, b)
#define l_lti(a, b)   ((a) < (b))
#define l_lei(a, b)   ((a) <= (b))
#define l_gti(a, b)   ((a) > (b))
#define l_gei(a, b)   ((a) >= (b))
/* Integer modulo and floor division: only a zero divisor raises, so the
** state is saved on the way to the special divisors (0 and -1) and not
** on every operation.  'pc' is still past the instruction there (the
** handlers step it over MMBIN only after computing the result), as
** savestate at the handler's start would have left it. */
#define l_mod(a, b) \
  (el_likely (!vm_divspecial (b)) ? vm_modnz (a, b) \
   : (savestate (L, ci), el_vm_mod (L, a, b)))
#define l_idiv(a, b) \
  (el_likely (!vm_divspecial (b)) ? vm_idivnz (a, b) \
   : (savestate (L, ci), el_vm_idiv (L, a, b)))
#define l_modf(a, b)  el_vm_modf (L, a, b)
#define l_shr(a, b)   vm_shiftr (a, b)

/* GCC's cross-jumping merges the identical dispatch tails of the handlers
** into a few shared indirect jumps (14 for about 85 opcodes), and its
** global CSE hoists and merges operand decoding across handlers, which
** adds jumps between them.  Turning off cross-jumping alone moved results
** by layout luck (floatloop once 40% slower, intloop 13% faster), and so
** does -fno-gcse alone (nbody -6%); both together, measured with
** interleaved runs over all bench programs (session 4), gave the loop
** programs 3-12% (fannkuch, sieve, floatloop, mandelbrot, spectral) with
** no target below -2% (nbody; bintrees -5%).  Re-measure after large
** changes to el_vm_run.  Every label (each handler, each of their
** branch targets) starts on a 32-byte boundary: where the handlers fell
** otherwise moved loop programs by up to 40% from unrelated edits (a
** while loop 0.31 s or 0.45 s with el_vm_run 64-byte aligned or not); with
** the alignment floatloop gained 5% and fannkuch 7% (session 5,
** interleaved), nothing lost more than the noise, and el_vm_run grew
** from 27 to 39 KiB.  (Clang has no per-function optimize attribute.) */
#if defined(__GNUC__) && !defined(__clang__)
#define VM_DISPATCH_ATTR \
  __attribute__ ((optimize ("no-gcse", "no-crossjumping", "align-labels=32")))
#else
#define VM_DISPATCH_ATTR
#endif

/* The slot of short-string constant kc in t (or the absent key), tried
** first at the node the constant's field cache predicts (object.h): a
** record's fields that collide in their main positions cost one probe
** there.  A hit elsewhere becomes the new prediction.  Every object built
** by the same code has the same layout, so one constant predicts well for
** all of them. */
static inline const TValue *
vm_getkfield (Table *t, TValue *kc)
{
  TString *key = tsvalue (kc);
  const Node *n = gnode (t, el_object_khint (kc) & t->nodemask);
  const TValue *slot;
  /* (two hints: one on the whole condition lays the hit out of line) */
  if (el_likely (keyval (n).gc == obj2gco (key)) && el_likely (keyisshrstr (n)))
    return gval (n);
  slot = el_table_getshortstr_inl (t, key);
  if (!isempty (slot))  /* a value slot is its node's first member */
    el_object_setkhint (kc, cast (unsigned int,
                                  cast (const Node *, slot) - t->node));
  return slot;
}

/* How many __index levels past the object itself vm_indexchain walks: a
** class hierarchy is rarely deeper.  Far below MAXTAGLOOP, so a chain the
** walk gives up on is one el_vm_finishget serves or reports exactly. */
#define VM_CHAINLEVELS 8

/* Short-string constant kc is absent from table h: follow h's __index
** chain, as el_vm_finishget would, while every step is a metatable whose
** __index is a table (methods and class fields).  Returns the non-empty
** slot found; &el_table_absentkey when the chain ends in a metatable
** without __index, or in no metatable (the result is nil); NULL when a
** step is anything else (an __index function or other value, a chain
** deeper than VM_CHAINLEVELS).  On NULL the caller starts the access over
** the general way, from the object: exact, since nothing here has an
** effect but the caches (absence bits, the constant's field hint).  The
** absence bit is el_meta_gettm's cache (invalidateTMcache clears it when
** the metatable gets a key), so a class chain costs one flag test per
** level once its last metatable was looked at.  Every lookup is a loop
** without calls: a leaf, which saves no registers.  Out of line, and no
** Protect around it (it neither raises nor collects), so that a handler
** calling it keeps its register allocation; el_vm_run with this walk
** inline in SELF spilled more in every handler (+5% instructions). */
static __attribute__ ((noinline)) const TValue *
vm_indexchain (GlobalState *g, Table *h, TValue *kc)
{
  TString *ename = g->tmname[TM_INDEX];
  TString *key = tsvalue (kc);
  int level;
  for (level = 0; level < VM_CHAINLEVELS; level++) {
    Table *mt = h->metatable;
    const TValue *tm;
    const TValue *slot;
    const Node *n;
    if (mt == NULL || (mt->flags & (1u << TM_INDEX)))
      return &el_table_absentkey;
    tm = el_table_getshortstr_loop (mt, ename);
    if (!ttistable (tm)) {
      if (isempty (tm)) {  /* no __index: cache its absence, as gettm */
        mt->flags |= cast_byte (1u << TM_INDEX);
        return &el_table_absentkey;
      }
      return NULL;
    }
    h = hvalue (tm);
    /* the constant's field hint, then the chain (vm_getkfield) */
    n = gnode (h, el_object_khint (kc) & h->nodemask);
    if (keyval (n).gc == obj2gco (key) && keyisshrstr (n))
      slot = gval (n);
    else {
      slot = el_table_getshortstr_loop (h, key);
      if (!isempty (slot))
        el_object_setkhint (kc, cast (unsigned int,
                                      cast (const Node *, slot) - h->node));
    }
    if (!isempty (slot))
      return slot;
  }
  return NULL;
}

/* el_vm_finishget for a short-string constant key (GETFIELD, GETTABUP,
** SELF) that t lacks: chains of __index tables are served by
** vm_indexchain, anything else by el_vm_finishget.  Out of line: inlined
** into el_vm_run (where it is called twice), it made every handler
** spill more. */
static __attribute__ ((noinline)) void
vm_finishgetshortstr (ElaraState *L, const TValue *t, TValue *key, StkId val)
{
  el_assert (ttisshrstring (key));
  if (ttistable (t)) {
    const TValue *slot = vm_indexchain (G (L), hvalue (t), key);
    if (slot != NULL) {
      if (isabstkey (slot))
        setnilvalue (s2v (val));
      else
        setobj2s (L, val, slot);
      return;
    }
  }
  el_vm_finishget (L, t, key, val);
}

/* Short-string-key access shared by GETTABUP/GETFIELD and SETTABUP/SETFIELD:
** a hit in the hash part of a table is served inline; anything else (not a
** table, absent key, metamethods) goes to vm_finishgetshortstr, or to
** el_vm_finishset with the slot found as its hint.  Macros, not functions,
** so the handlers compile exactly as when written out. */
#define vm_getshortstr(t_, k_, ra_) \
  { TValue *t__ = (t_); TValue *k__ = (k_); const TValue *slot__ = NULL; \
    if (ttistable (t__) \
        && !isempty (slot__ = vm_getkfield (hvalue (t__), k__))) { \
      setobj2s (L, ra_, slot__); \
    } \
    else \
      Protect (vm_finishgetshortstr (L, t__, k__, ra_)); }
#define vm_setshortstr(t_, k_, v_) \
  { TValue *t__ = (t_); TValue *k__ = (k_); TValue *v__ = (v_); \
    const TValue *slot__ = NULL; \
    if (ttistable (t__) \
        && !isempty (slot__ = vm_getkfield (hvalue (t__), k__))) { \
      setobj (L, cast (TValue *, slot__), v__); \
      el_gc_barrierback (L, hvalue (t__), v__); \
    } \
    else if (!(slot__ != NULL && isabstkey (slot__) \
               && vm_nonewindex (hvalue (t__)) && !ttisnil (v__) \
               && el_table_newshortstr (L, hvalue (t__), k__, v__))) \
      Protect (el_vm_finishset (L, t__, k__, v__, slot__)); }
/* A new field needs no metamethod: no metatable, or its cached absence
** bit says it has no __newindex (el_vm_finishset sets that bit). */
#define vm_nonewindex(h_) \
  ((h_)->metatable == NULL \
   || ((h_)->metatable->flags & (1u << TM_NEWINDEX)))

/* The constants of a prototype, for el_vm_run, where 'k' is a macro. */
static inline TValue *
vm_protok (const Proto *p)
{
  return p->k;
}

/* In el_vm_run the running closure and its constants are not variables
** of their own (GCC kept both in stack slots, which every call and
** return loaded and stored again): 'cl' is the closure in the frame's
** function slot, base - 1, where it stays while the frame runs ('base'
** is current whenever a handler starts: L_trapped reloads it), and 'k'
** is the frame's CallInfo u.l.k, set where the loop starts or enters a
** frame (startfunc, CALL, TAILCALL).  Either is one load at a use, as the
** stack slot was; a return sets neither. */
#define cl  clLvalue (s2v (base - 1))
#define k   (ci->u.l.k)

/* Go on in the Lua frame 'prev_' (ci->previous, no CIST_FRESH frame
** returned) from the registers alone, at the callee's u.l.retpc.
** RETURN0 and RETURN1 leave L->top as the callee left it when the caller
** wants one value or none (a C caller gets it set at retfresh).  The
** caller does not read it before setting it: only the instruction after
** an all-results call (or VARARG) reads L->top, and the return of such a
** call sets it; whatever may collect, raise or run a hook sets it first
** (Protect, checkGC, traceexec).  And it is never below the caller's live
** registers, so a collection scanning up to it is safe: every top a frame
** sets is at or above its own base (res + 1 here), as CALL set it to the
** end of the arguments and deeper returns keep it so. */
#define vm_retlua(prev_) \
  { CallInfo *p__ = (prev_); \
    el_assert (ci->u.l.retpc == p__->u.l.savedpc); \
    el_assert (L->top >= ci->func + (ci->nresults > 0 ? ci->nresults : 0)); \
    pc = ci->u.l.retpc;  /* = p__->u.l.savedpc, sooner */ \
    ci = p__; \
    base = ci->func + 1; \
    vmbreak; }

/* Return to the caller: C (a CIST_FRESH frame, at retfresh) or the Lua
** frame 'prev_' (vm_retlua). */
#define vm_return(prev_) \
  { if (el_unlikely (ci->callstatus & CIST_FRESH)) \
      goto retfresh; \
    vm_retlua (prev_); }

/* Go on in the Lua frame 'ci' that CALL has just built for closure ncl_
** (prototype p_, code_ = p_->xcode) at ra_: from the registers the loop
** already has, unless the entry needs startfunc (see vmfastentry). */
#define vm_enterlua(ncl_, p_, code_, ra_) \
  { if (el_unlikely (!vmfastentry ())) \
      goto startfunc; \
    el_assert (ci_func (ci) == (ncl_)); \
    k = vm_protok (p_); \
    pc = (code_); \
    base = (ra_) + 1; \
    vmbreak; }

VM_DISPATCH_ATTR int
el_vm_run (ElaraState *L, CallInfo *ci, struct ElCoLoop *loop)
{
  /* read only at coroutine calls and CIST_FRESH returns: kept in memory so
  ** that it takes no register from the dispatch loop */
  struct ElCoLoop *volatile vloop = loop;
  StkId base;
  const ElCode *pc;
#if EL_USE_COMPUTED_GOTO
  /* generated from the opcode list: one label per opcode, in order */
#define OP_LABEL(name, mode, flags, doc) &&L_OP_##name,
  static const void *const vm_disptab[NUM_OPCODES] = { OPDEF (OP_LABEL) };
#undef OP_LABEL
#define OP_TRAPPED(name, mode, flags, doc) &&L_trapped,
  static const void *const vm_traptab[NUM_OPCODES] = { OPDEF (OP_TRAPPED) };
#undef OP_TRAPPED
  /* with a JIT backend: back-edges go through their counting prefixes */
#define OP_JITLABEL(name, mode, flags, doc) &&LJ_OP_##name,
  static const void *const vm_jittab[NUM_OPCODES] = { OPDEF (OP_JITLABEL) };
#undef OP_JITLABEL
  const void *const *disp;
  /* The untrapped table: vm_jittab while G(L)->jit is set, else
  ** vm_disptab.  Chosen at entry and on every trapped instruction;
  ** el_jit_setbackend traps the running frames so that they re-choose.
  ** Kept in memory: it is read only at calls and traps. */
  const void *const *volatile basetab =
      el_jit_counting (G (L)) ? vm_jittab : vm_disptab;
#else
  int trap;
#endif
 startfunc:
  /* The general entry of the Lua frame 'ci' (its CallInfo is complete).
  ** Calls made by the loop itself enter here only with hooks or JIT
  ** counting on (see vmfastentry). */
  settrap (L->hookmask);
  /* JIT seam: function entry, counted only while a backend counts (the
  ** slow path may run a compiled frame and change 'ci', hence the
  ** reload) */
  if (el_unlikely (el_jit_counting (G (L)))
      && el_unlikely ((ci_func (ci)->p->hotcount -= 1) > 0x7fffffffu)) {
    el_jit_hot (L, ci_func (ci)->p, ci->u.l.savedpc);
    goto returning;
  }
  goto entered;
 switched:
  /* The loop switched threads at a call of resume/wrap/yield (or a
  ** coroutine's body returned): go on with its current thread in this
  ** activation, from that thread's L->ci, as a new el_vm_run would (the
  ** loop's own run of el_vm_run would cost a return and a call per
  ** switch).  Each thread's state is in its ElaraState and CallInfos, so
  ** nothing of the previous one is kept but 'vloop'. */
  L = vloop->cur;
  ci = L->ci;
  goto startfunc;
 returning:  /* 'trap' already set */
 entered:
  k = vm_protok (ci_func (ci)->p);
  pc = ci->u.l.savedpc;
  if (el_unlikely (vmtrapped ()))
    settrap (el_debug_tracecall (L));
  base = ci->func + 1;
  for (;;) {
    const ElCode *i;
    vmfetch ();
    /* (while trapped, 'base' may be stale until L_trapped reloads it) */
    el_assert (vmtrapped () || base == ci->func + 1);
    el_assert (vmtrapped () || (base <= L->top
                        && L->top <= L->stack_last + EXTRA_STACK));
#if EL_USE_COMPUTED_GOTO
    vmdispatch (XGET_OPCODE (i));
   L_trapped:
    /* 'i' is fetched and 'pc' is past it; the hooks take the address of
    ** the instruction about to run */
    basetab = el_jit_counting (G (L)) ? vm_jittab : vm_disptab;
    settrap (el_debug_traceexec (L, pc - 1));
    updatebase (ci);
    goto *basetab[XGET_OPCODE (i)];
#else
    vmdispatch (XGET_OPCODE (i))
#endif
    {
      vmcase (OP_MOVE) {
        StkId ra = RA (i);
        setobjs2s (L, ra, RB (i));
        vmbreak;
      }
      vmcase (OP_LOADI) {
        StkId ra = RA (i);
        ElInt b = XGETARG_sBx (i);
        setivalue (s2v (ra), b);
        vmbreak;
      }
      vmcase (OP_LOADF) {
        StkId ra = RA (i);
        int b = XGETARG_sBx (i);
        setfltvalue (s2v (ra), cast_num (b));
        vmbreak;
      }
      vmcase (OP_LOADK) {
        StkId ra = RA (i);
        TValue *rb = k + XGETARG_Bx (i);
        setobj2s (L, ra, rb);
        vmbreak;
      }
      vmcase (OP_LOADKX) {
        StkId ra = RA (i);
        TValue *rb = k + XGETARG_Ax (pc);
        pc++;
        setobj2s (L, ra, rb);
        vmbreak;
      }
      vmcase (OP_LOADFALSE) {
        StkId ra = RA (i);
        setbfvalue (s2v (ra));
        vmbreak;
      }
      vmcase (OP_LFALSESKIP) {
        StkId ra = RA (i);
        setbfvalue (s2v (ra));
        pc++;
        vmbreak;
      }
      vmcase (OP_LOADTRUE) {
        StkId ra = RA (i);
        setbtvalue (s2v (ra));
        vmbreak;
      }
      vmcase (OP_LOADNIL) {
        StkId ra = RA (i);
        int b = XGETARG_B (i);
        do {
          setnilvalue (s2v (ra));
          ra++;
        } while (b--);
        vmbreak;
      }
      vmcase (OP_GETUPVAL) {
        StkId ra = RA (i);
        int b = XGETARG_B (i);
        setobj2s (L, ra, cl->upvals[b]->v);
        vmbreak;
      }
      vmcase (OP_SETUPVAL) {
        StkId ra = RA (i);
        UpVal *uv = cl->upvals[XGETARG_B (i)];
        setobj (L, uv->v, s2v (ra));
        el_gc_barrier (L, uv, s2v (ra));
        vmbreak;
      }
      vmcase (OP_GETTABUP) {
        StkId ra = RA (i);
        vm_getshortstr (cl->upvals[XGETARG_B (i)]->v, KC (i), ra);
        vmbreak;
      }
      vmcase (OP_GETTABLE) {
        StkId ra = RA (i);
        TValue *rb = vRB (i);
        TValue *rc = vRC (i);
        if (ttistable (rb)) {
          Table *h = hvalue (rb);
          int tag;
          /* the getters write 'ra' only on a hit, and 'ra' may be 'rc'.
          ** An array hit has its own exit: merged with the other paths,
          ** its tag would be tested a second time. */
          if (el_likely (ttisinteger (rc))) {
            if (!tagisempty (el_table_arrayhit (h, ivalue (rc), s2v (ra))))
              vmbreak;
            tag = el_table_getint (h, ivalue (rc), s2v (ra));
          }
          else {
            TValue *sk = rc;
            vm_forget (sk);
            if (ttisshrstring (sk)) {
              /* a string computed at run time (t[name]): the first nodes
              ** of its chain are tested inline, as for GETFIELD */
              const TValue *slot = el_table_getshortstr_inl (h, tsvalue (sk));
              tag = rawtt (slot);
              if (!tagisempty (tag)) {
                setobj2s (L, ra, slot);
                vmbreak;
              }
            }
            else
              tag = el_table_get (h, rc, s2v (ra));
          }
          if (!tagisempty (tag))
            vmbreak;
          if (h->metatable == NULL) {  /* no __index: the result is nil */
            setnilvalue (s2v (ra));
            vmbreak;
          }
        }
        Protect (el_vm_finishget (L, rb, rc, ra));
        vmbreak;
      }
      vmcase (OP_GETI) {
        StkId ra = RA (i);
        TValue *rb = vRB (i);
        int c = XGETARG_C (i);
        TValue key;
        if (ttistable (rb)) {
          Table *h = hvalue (rb);
          if (!tagisempty (el_table_arrayhit (h, c, s2v (ra))))
            vmbreak;  /* (as in GETTABLE) */
          if (!tagisempty (el_table_getint (h, c, s2v (ra))))
            vmbreak;
          if (h->metatable == NULL) {
            setnilvalue (s2v (ra));
            vmbreak;
          }
        }
        setivalue (&key, c);
        Protect (el_vm_finishget (L, rb, &key, ra));
        vmbreak;
      }
      vmcase (OP_GETFIELD) {
        StkId ra = RA (i);
        vm_getshortstr (vRB (i), KC (i), ra);
        vmbreak;
      }
      vmcase (OP_SETTABUP) {
        vm_setshortstr (cl->upvals[XGETARG_A (i)]->v, KB (i), RKC (i));
        vmbreak;
      }
      vmcase (OP_SETTABLE) {
        StkId ra = RA (i);
        TValue *rb = vRB (i);
        TValue *rc = RKC (i);
        const TValue *slot = NULL;
        if (ttistable (s2v (ra))) {
          Table *h = hvalue (s2v (ra));
          if (el_likely (ttisinteger (rb)))
            slot = el_table_psetint (L, h, ivalue (rb), rc);
          else {
            TValue *sk = rb;
            vm_forget (sk);  /* (as in GETTABLE) */
            if (ttisshrstring (sk)) {
              slot = el_table_getshortstr_inl (h, tsvalue (sk));
              if (!isempty (slot)) {
                setobj (L, cast (TValue *, slot), rc);
                el_gc_barrierback (L, h, rc);
                vmbreak;
              }
              /* a new key (counts[word] = 1) takes a free node here, as
              ** in SETFIELD; otherwise its slot goes on as the hint */
              if (isabstkey (slot) && vm_nonewindex (h) && !ttisnil (rc)
                  && el_table_newshortstr (L, h, rb, rc))
                vmbreak;
            }
            else
              slot = el_table_pset (L, h, rb, rc);
          }
          if (slot == NULL)
            vmbreak;
        }
        Protect (el_vm_finishset (L, s2v (ra), rb, rc, slot));
        vmbreak;
      }
      vmcase (OP_SETI) {
        StkId ra = RA (i);
        int b = XGETARG_B (i);
        TValue *rc = RKC (i);
        const TValue *slot;
        TValue key;
        if (!ttistable (s2v (ra)))
          slot = NULL;
        else if ((slot = el_table_psetint (L, hvalue (s2v (ra)), b, rc))
                 == NULL)
          vmbreak;
        setivalue (&key, b);
        Protect (el_vm_finishset (L, s2v (ra), &key, rc, slot));
        vmbreak;
      }
      vmcase (OP_SETFIELD) {
        StkId ra = RA (i);
        vm_setshortstr (s2v (ra), KB (i), RKC (i));
        vmbreak;
      }
      vmcase (OP_NEWTABLE) {
        StkId ra = RA (i);
        unsigned int b = cast (unsigned int, XGETARG_vB (i));
        unsigned int c = cast (unsigned int, XGETARG_vC (i));
        Table *t;
        if (b > 0)
          b = 1u << (b - 1);  /* hash size 2^(vB - 1) */
        if (XGET_OPCODE (pc) == OP_EXTRAARG) {
          if (XGETARG_k (i))
            c += cast (unsigned int, XGETARG_Ax (pc)) * (MAXARG_vC + 1);
          pc++;
        }
        savepc (ci);
        L->top = ra + 1;  /* in case of an emergency collection */
        t = el_table_new (L);
        sethvalue (L, s2v (ra), t);
        if (b != 0 || c != 0)
          el_table_presize (L, t, c, b);
        checkGC (L, ra + 1);
        vmbreak;
      }
      vmcase (OP_SELF) {
        StkId ra = RA (i);
        TValue *rb = vRB (i);
        TValue *rc = KC (i);
        const TValue *slot = NULL;
        setobj2s (L, ra + 1, rb);
        if (ttistable (rb)) {
          Table *mt;
          slot = el_table_getshortstr_inl (hvalue (rb), tsvalue (rc));
          if (!isempty (slot)) {
            setobj2s (L, ra, slot);
            vmbreak;
          }
          /* An object's methods are in its metatable's __index table: one
          ** level of that is served here (the call out costs more than the
          ** two lookups).  The absence bit is el_meta_gettm's cache. */
          mt = hvalue (rb)->metatable;
          if (mt != NULL && !(mt->flags & (1u << TM_INDEX))) {
            const TValue *tm = el_table_getshortstr_inl (mt,
                                   G (L)->tmname[TM_INDEX]);
            if (ttistable (tm)) {
              slot = vm_getkfield (hvalue (tm), rc);
              if (!isempty (slot)) {
                setobj2s (L, ra, slot);
                vmbreak;
              }
              /* absent there too (an inherited method): the rest of the
              ** chain, from that table, by a leaf that neither raises
              ** nor collects (no Protect) */
              slot = vm_indexchain (G (L), hvalue (tm), rc);
              if (el_likely (slot != NULL)) {
                if (isabstkey (slot))
                  setnilvalue (s2v (ra));
                else
                  setobj2s (L, ra, slot);
                vmbreak;
              }
            }
          }
        }
        Protect (el_vm_finishget (L, rb, rc, ra));
        vmbreak;
      }
      vmcase (OP_ADDI) {
        op_arithI (l_addi, vm_numadd);
        vmbreak;
      }
      vmcase (OP_ADDK) {
        op_arithK (l_addi, vm_numadd);
        vmbreak;
      }
      vmcase (OP_SUBK) {
        op_arithK (l_subi, vm_numsub);
        vmbreak;
      }
      vmcase (OP_MULK) {
        op_arithK (l_muli, vm_nummul);
        vmbreak;
      }
      vmcase (OP_MODK) {
        op_arithK (l_mod, l_modf);
        vmbreak;
      }
      vmcase (OP_POWK) {
        op_arithfK (vm_numpow);
        vmbreak;
      }
      vmcase (OP_DIVK) {
        op_arithfK (vm_numdiv);
        vmbreak;
      }
      vmcase (OP_IDIVK) {
        op_arithK (l_idiv, vm_numidiv);
        vmbreak;
      }
      vmcase (OP_BANDK) {
        op_bitwiseK (l_band);
        vmbreak;
      }
      vmcase (OP_BORK) {
        op_bitwiseK (l_bor);
        vmbreak;
      }
      vmcase (OP_BXORK) {
        op_bitwiseK (l_bxor);
        vmbreak;
      }
      vmcase (OP_SHLI) {
        StkId ra = RA (i);
        TValue *rb = vRB (i);
        int ic = XGETARG_sC (i);
        ElInt ib;
        if (tointegerns (rb, &ib)) {
          pc++;
          setivalue (s2v (ra), el_vm_shiftl (ic, ib));
        }
        vmbreak;
      }
      vmcase (OP_SHRI) {
        StkId ra = RA (i);
        TValue *rb = vRB (i);
        int ic = XGETARG_sC (i);
        ElInt ib;
        if (tointegerns (rb, &ib)) {
          pc++;
          setivalue (s2v (ra), el_vm_shiftl (ib, -ic));
        }
        vmbreak;
      }
      vmcase (OP_ADD) {
        op_arith (l_addi, vm_numadd);
        vmbreak;
      }
      vmcase (OP_SUB) {
        op_arith (l_subi, vm_numsub);
        vmbreak;
      }
      vmcase (OP_MUL) {
        op_arith (l_muli, vm_nummul);
        vmbreak;
      }
      vmcase (OP_MOD) {
        op_arithint (l_mod, l_modf);
        vmbreak;
      }
      vmcase (OP_POW) {
        op_arithf (vm_numpow);
        vmbreak;
      }
      vmcase (OP_DIV) {
        op_arithf (vm_numdiv);
        vmbreak;
      }
      vmcase (OP_IDIV) {
        op_arithint (l_idiv, vm_numidiv);
        vmbreak;
      }
      vmcase (OP_BAND) {
        op_bitwise (l_band);
        vmbreak;
      }
      vmcase (OP_BOR) {
        op_bitwise (l_bor);
        vmbreak;
      }
      vmcase (OP_BXOR) {
        op_bitwise (l_bxor);
        vmbreak;
      }
      vmcase (OP_SHL) {
        op_bitwise (el_vm_shiftl);
        vmbreak;
      }
      vmcase (OP_SHR) {
        op_bitwise (l_shr);
        vmbreak;
      }
      vmcase (OP_MMBIN) {
        StkId ra = RA (i);
        const ElCode *pi = pc - 2;  /* the failed arithmetic instruction */
        TValue *rb = vRB (i);
        TMS tm = cast (TMS, XGETARG_C (i));
        StkId result = RA (pi);
        el_assert (OP_ADD <= XGET_OPCODE (pi) && XGET_OPCODE (pi) <= OP_SHR);
        Protect (el_meta_trybintm (L, s2v (ra), rb, result, tm));
        vmbreak;
      }
      vmcase (OP_MMBINI) {
        StkId ra = RA (i);
        const ElCode *pi = pc - 2;
        int imm = XGETARG_sB (i);
        TMS tm = cast (TMS, XGETARG_C (i));
        int flip = XGETARG_k (i);
        StkId result = RA (pi);
        Protect (el_meta_trybiniTM (L, s2v (ra), imm, flip, result, tm));
        vmbreak;
      }
      vmcase (OP_MMBINK) {
        StkId ra = RA (i);
        const ElCode *pi = pc - 2;
        TValue *imm = KB (i);
        TMS tm = cast (TMS, XGETARG_C (i));
        int flip = XGETARG_k (i);
        StkId result = RA (pi);
        Protect (el_meta_trybinassocTM (L, s2v (ra), imm, flip, result, tm));
        vmbreak;
      }
      vmcase (OP_UNM) {
        StkId ra = RA (i);
        TValue *rb = vRB (i);
        ElNum nb;
        if (ttisinteger (rb)) {
          ElInt ib = ivalue (rb);
          setivalue (s2v (ra), intop (-, 0, ib));
        }
        else if (tonumberns (rb, nb)) {
          setfltvalue (s2v (ra), vm_numunm (nb));
        }
        else
          Protect (el_meta_trybintm (L, rb, rb, ra, TM_UNM));
        vmbreak;
      }
      vmcase (OP_BNOT) {
        StkId ra = RA (i);
        TValue *rb = vRB (i);
        ElInt ib;
        if (tointegerns (rb, &ib)) {
          setivalue (s2v (ra), intop (^, ~(ElUInt) 0, ib));
        }
        else
          Protect (el_meta_trybintm (L, rb, rb, ra, TM_BNOT));
        vmbreak;
      }
      vmcase (OP_NOT) {
        StkId ra = RA (i);
        TValue *rb = vRB (i);
        if (el_isfalse (rb))
          setbtvalue (s2v (ra));
        else
          setbfvalue (s2v (ra));
        vmbreak;
      }
      vmcase (OP_LEN) {
        StkId ra = RA (i);
        TValue *rb = vRB (i);
        /* a table without a metatable has no __len: its border, from a
        ** call that neither raises nor allocates */
        if (ttistable (rb) && hvalue (rb)->metatable == NULL) {
          ElInt n = (ElInt) el_table_getn (hvalue (rb));
          setivalue (s2v (ra), n);
          vmbreak;
        }
        Protect (el_vm_objlen (L, ra, rb));
        vmbreak;
      }
      vmcase (OP_CONCAT) {
        StkId ra = RA (i);
        int n = XGETARG_B (i);
        L->top = ra + n;  /* end of the operands */
        ProtectNT (el_vm_concat (L, n));
        checkGC (L, L->top);  /* concat left top after the result */
        vmbreak;
      }
      vmcase (OP_CLOSE) {
        StkId ra = RA (i);
        Protect (el_func_close (L, ra, ELARA_OK, 1));
        vmbreak;
      }
      vmcase (OP_TBC) {
        StkId ra = RA (i);
        halfProtect (el_func_newtbcupval (L, ra));
        vmbreak;
      }
      vmcase_backedge (OP_JMP, XGETARG_sJ (i) < 0, pc + XGETARG_sJ (i)) {
        int off = XGETARG_sJ (i);
        pc += off;
        if (off < 0)
          updatetrap (ci);  /* as in dojump */
        vmbreak;
      }
      vmcase_test (OP_EQ) {
        StkId ra = RA (i);
        int cond;
        TValue *rb = vRB (i);
        TValue *va = s2v (ra);
        /* same-variant integers, floats and short strings (interned: equal
        ** only when the same string) need neither a call nor __eq; any
        ** other pair goes the general way */
        if (rawtt (va) == rawtt (rb) && ttisinteger (va))
          cond = (ivalue (va) == ivalue (rb));
        else if (rawtt (va) == rawtt (rb) && ttisshrstring (va))
          cond = (tsvalue (va) == tsvalue (rb));
        else if (ttisfloat (va) && ttisfloat (rb))
          cond = vm_numeq (fltvalue (va), fltvalue (rb));
        else
          Protect (cond = el_vm_equalobj (L, va, rb));
        docondjump ();
        vmbreak;
      }
      vmcase_test (OP_LT) {
        op_order (l_lti, vm_numlt, vm_LTnum, vm_lessthanothers);
        vmbreak;
      }
      vmcase_test (OP_LE) {
        op_order (l_lei, vm_numle, vm_LEnum, vm_lessequalothers);
        vmbreak;
      }
      vmcase_test (OP_EQK) {
        StkId ra = RA (i);
        TValue *rb = KB (i);
        int cond;
        /* constants are basic values: raw equality is enough.  Two short
        ** strings are equal only when they are the same (interned) string;
        ** any other pair goes the general way (a long string may hold a
        ** short one's text). */
        if (ttisshrstring (rb) && ttisshrstring (s2v (ra)))
          cond = (tsvalue (s2v (ra)) == tsvalue (rb));
        else
          cond = el_vm_rawequalobj (s2v (ra), rb);
        docondjump ();
        vmbreak;
      }
      vmcase_test (OP_EQI) {
        StkId ra = RA (i);
        int cond;
        int im = XGETARG_sB (i);
        if (el_likely (ttisinteger (s2v (ra))))
          cond = (ivalue (s2v (ra)) == im);
        else if (ttisfloat (s2v (ra)))
          cond = vm_numeq (fltvalue (s2v (ra)), cast_num (im));
        else
          cond = 0;
        docondjump ();
        vmbreak;
      }
      vmcase_test (OP_LTI) {
        op_orderI (l_lti, vm_numlt, 0, TM_LT);
        vmbreak;
      }
      vmcase_test (OP_LEI) {
        op_orderI (l_lei, vm_numle, 0, TM_LE);
        vmbreak;
      }
      vmcase_test (OP_GTI) {
        op_orderI (l_gti, vm_numgt, 1, TM_LT);
        vmbreak;
      }
      vmcase_test (OP_GEI) {
        op_orderI (l_gei, vm_numge, 1, TM_LE);
        vmbreak;
      }
      vmcase_test (OP_TEST) {
        StkId ra = RA (i);
        int cond = !el_isfalse (s2v (ra));
        docondjump ();
        vmbreak;
      }
      vmcase_test (OP_TESTSET) {
        StkId ra = RA (i);
        TValue *rb = vRB (i);
        if (el_isfalse (rb) == XGETARG_k (i))
          pc++;
        else {
          setobj2s (L, ra, rb);
          donextjump (ci);
        }
        vmbreak;
      }
      vmcase (OP_CALL) {
        StkId ra = RA (i);
        CallInfo *newci;
        int b = XGETARG_B (i);
        int nresults = XGETARG_C (i) - 1;
        StkId top;  /* end of the arguments */
        if (el_unlikely (b == 0))  /* up to the top the previous set */
          b = cast_int (L->top - ra);
        top = ra + b;  /* b - 1 arguments */
        L->top = top;
        savepc (ci);
        if (el_likely (ttisLclosure (s2v (ra)))) {
          /* The common Lua-to-Lua call, done here without a C call: the
          ** same frame el_call_precall builds.  A frame that needs more
          ** stack or a new CallInfo takes the general path.  (precall
          ** asks for 'fsize' slots above the arguments; the frame itself
          ** only needs them above 'ra', and the arguments are within the
          ** caller's frame, below stack_last.) */
          LClosure *ncl = clLvalue (s2v (ra));
          Proto *p = ncl->p;
          StkId ftop = ra + 1 + p->maxstacksize;
          const ElCode *code = p->xcode;  /* (one load: see enterlua) */
          newci = ci->next;
          /* (two hints: with one on the '||', GCC laid the common path
          ** out of line) */
          if (el_unlikely (ftop >= L->stack_last)
              || el_unlikely (newci == NULL)) {
            ci = el_call_precall (L, ra, nresults);
            goto startfunc;
          }
          el_call_enterlua (L, newci, ra, nresults, 0, p, pc);
          ci = newci;
          if (el_unlikely (b <= p->numparams)) {
            /* missing arguments are nil; this path enters the frame on
            ** its own rather than joining the common one */
            StkId params = ra + 1 + p->numparams;  /* end of them */
            do {
              setnilvalue (s2v (top));
              top++;
            } while (top < params);
            L->top = top;
            vm_enterlua (ncl, p, code, ra);
          }
          vm_enterlua (ncl, p, code, ra);
        }
        if (ttislcf (s2v (ra))) {
          /* A library function with a fast entry: called here, before
          ** the coroutine check (the functions el_call_cokind names have
          ** no fast entries).  'ra' and 'nresults' are recomputed after
          ** the entry rather than kept across it (no saved register). */
          ElaraFastFunction fast = el_call_fastfor (L, ra);
          if (fast != NULL) {
            int n = fast (L, cast (ElaraRawValue *, s2v (ra)),
                          cast_int (top - ra) - 1);
            ra = RA (i);
            nresults = XGETARG_C (i) - 1;
            if (el_likely (n >= 0)) {
              /* The common case (the results the call wants) needs only
              ** L->top, and the GC check when the entry made an object
              ** (as el_call_fastresults, which does the other cases).
              ** No frame was made and the stack did not move: 'trap' is
              ** unchanged unless the GC step ran. */
              if (el_likely (n == nresults || nresults < 0)) {
                L->top = ra + n;
                if (el_unlikely (G (L)->fastmade)) {
                  G (L)->fastmade = 0;
                  checkGC (L, ra + n);
                }
              }
              else {
                el_call_fastresults (L, ra, nresults, n);
                updatetrap (ci);
              }
              vmbreak;
            }
            /* declined: the normal call */
            el_assert (el_call_cokind (G (L), s2v (ra)) == 0);
            el_call_precallC (L, ra, nresults, 0, fvalue (s2v (ra)));
            updatetrap (ci);
            vmbreak;
          }
        }
        if (el_unlikely (el_call_cokind (G (L), s2v (ra)) != 0)) {
          /* coroutine.resume, a wrap function or coroutine.yield: switch
          ** threads here unless something asks for the real call */
          int r = el_call_coswitch (L, vloop, ra, nresults,
                                    el_call_cokind (G (L), s2v (ra)),
                                    EL_CO_CALL);
          if (r == EL_CO_SWITCHED)
            goto switched;
          else if (r == EL_CO_ENDED)
            return 0;
        }
        if (ttislcf (s2v (ra))) {
          /* a library function without a fast entry: straight to the
          ** C-call path */
          el_call_precallC (L, ra, nresults, 0, fvalue (s2v (ra)));
          updatetrap (ci);
        }
        else if ((newci = el_call_precall (L, ra, nresults)) == NULL)
          updatetrap (ci);  /* a C closure or __call to C: done */
        else {
          ci = newci;  /* a Lua function (maybe by __call): run it here */
          goto startfunc;
        }
        vmbreak;
      }
      vmcase (OP_TAILCALL) {
        StkId ra = RA (i);
        int b = XGETARG_B (i);  /* arguments + 1 */
        int n;
        int nparams1 = XGETARG_C (i);
        /* distance from the real 'func' of a vararg frame to its moved
        ** copy */
        int delta = (nparams1) ? ci->u.l.nextraargs + nparams1 : 0;
        if (b != 0)
          L->top = ra + b;
        else
          b = cast_int (L->top - ra);
        savepc (ci);
        if (XGETARG_k (i)) {
          el_func_closeupval (L, base);
          el_assert (L->tbclist < base);
          el_assert (base == ci->func + 1);
        }
        if (el_likely (ttisLclosure (s2v (ra)))) {
          /* The Lua case of el_call_pretailcall, done here when the stack
          ** has room (the same frame: 'func' and arguments moved down to
          ** the real 'func' of this frame, missing parameters nil). */
          LClosure *ncl = clLvalue (s2v (ra));
          Proto *p = ncl->p;
          if (el_likely (L->stack_last - L->top > p->maxstacksize - delta)) {
            el_call_tailframe (L, ci, ra, b, delta, p);
            if (el_unlikely (!vmfastentry ()))
              goto startfunc;
            /* the frame's registers, as in OP_CALL */
            k = vm_protok (p);
            pc = p->xcode;
            base = ci->func + 1;
            el_assert (cl == ncl);
            vmbreak;
          }
        }
        /* (after the Lua case: a Lua function is never yield) */
        if (el_unlikely (el_call_cokind (G (L), s2v (ra)) == EL_COF_YIELD)) {
          /* 'return coroutine.yield (...)': a yield as by OP_CALL with
          ** all results; the OP_RETURN that follows returns them */
          int r = el_call_coswitch (L, vloop, ra, ELARA_MULTRET,
                                    EL_COF_YIELD, EL_CO_TAIL);
          if (r == EL_CO_SWITCHED)
            goto switched;
          else if (r == EL_CO_ENDED)
            return 0;
        }
        if (ttislcf (s2v (ra)))  /* a library function: run it now */
          n = el_call_lcf (L, ra, ELARA_MULTRET);
        else if ((n = el_call_pretailcall (L, ci, ra, b, delta)) < 0)
          goto startfunc;  /* a Lua function reusing this frame */
        /* a C function ran; its results are at the top */
        ci->func -= delta;
        if (el_likely (L->hookmask == 0)) {
          vm_poscall (L, ci, L->top - n, n);
          goto ret;
        }
        el_call_poscall (L, ci, n);
        updatetrap (ci);
        goto rethooked;
      }
      vmcase (OP_RETURN) {
        StkId ra = RA (i);
        int n = XGETARG_B (i) - 1;
        int nparams1 = XGETARG_C (i);
        if (n < 0)
          n = cast_int (L->top - ra);
        savepc (ci);
        if (XGETARG_k (i)) {
          /* close upvalues and tbc variables; a __close may yield, so
          ** the count is kept for el_vm_finishOp */
          ci->u2.nres = n;
          if (L->top < ci->top)
            L->top = ci->top;
          el_func_close (L, base, CLOSEKTOP, 1);
          updatetrap (ci);
          updatestack (ci);
          ra = RA (i);
        }
        if (nparams1)
          ci->func -= ci->u.l.nextraargs + nparams1;
        if (el_likely (L->hookmask == 0)) {
          vm_poscall (L, ci, ra, n);
          goto ret;
        }
        L->top = ra + n;
        el_call_poscall (L, ci, n);
        updatetrap (ci);
        goto rethooked;
      }
      vmcase (OP_RETURN0) {
        if (el_unlikely (L->hookmask)) {
          StkId ra = RA (i);
          L->top = ra;
          savepc (ci);
          el_call_poscall (L, ci, 0);
          settrap (1);
          goto rethooked;
        }
        else {
          CallInfo *prev = ci->previous;
          int nres = ci->nresults;
          L->ci = prev;
          if (el_unlikely (nres != 0)) {
            /* all results (none: the top is the function's slot) or
            ** 'nres' nils */
            StkId res = base - 1;
            for (; nres > 0; nres--) {
              setnilvalue (s2v (res));
              res++;
            }
            L->top = res;
            vm_return (prev);
          }
          /* no value wanted: L->top stays (see vm_retlua) */
          vm_return (prev);
        }
      }
      vmcase (OP_RETURN1) {
        if (el_unlikely (L->hookmask)) {
          StkId ra = RA (i);
          L->top = ra + 1;
          savepc (ci);
          el_call_poscall (L, ci, 1);
          settrap (1);
          goto rethooked;
        }
        else {
          CallInfo *prev = ci->previous;
          int nres = ci->nresults;
          StkId res = base - 1;
          L->ci = prev;
          /* copied even when no value is wanted (the function's slot is
          ** free then): one straight path for 0 and 1 results */
          setobjs2s (L, res, RA (i));
          if (el_unlikely (cast (unsigned int, nres) > 1u)) {
            /* all results (-1): the one value; more: nils after it */
            StkId t = res + 1;
            for (; t < res + nres; t++)
              setnilvalue (s2v (t));
            L->top = t;
            /* (its own return: no jump back to 'ret') */
            vm_return (prev);
          }
          /* 0 or 1 values wanted: L->top stays (see vm_retlua) */
          vm_return (prev);
        }
       ret:
        /* A return with no hooks on: the caller has no call hook to trace,
        ** so it goes on from the registers alone (a trap it may have set
        ** stays in 'disp' for L_trapped, which reloads 'base'). */
        vm_return (ci->previous);
       rethooked:
        /* a return that ran the hooks (the trap is set) */
        if (!(ci->callstatus & CIST_FRESH)) {
          ci = ci->previous;
          goto returning;
        }
       retfresh:
        /* entered from C: end this activation, unless a loop switched to
        ** this thread (then its resumer goes on).  The C side reads the
        ** results up to L->top, which RETURN0/RETURN1 left alone for a
        ** fixed number of them ('func' is the first result's slot; the
        ** other returns set the same top already). */
        if (ci->nresults >= 0)
          L->top = ci->func + ci->nresults;
        if (vloop == NULL || !el_call_cofinish (vloop, L))
          return 0;
        goto switched;
      }
      vmcase_backedge (OP_FORLOOP, 1, pc - XGETARG_Bx (i)) {
        StkId ra = RA (i);
        if (el_likely (ttisinteger (s2v (ra + 1)))) {
          /* raw payload reads: FORPREP made R[A] and R[A+2] integers, but
          ** a hostile binary chunk can change them; the loop stays bounded
          ** and memory-safe whatever the bits are */
          ElUInt count = (ElUInt) val_ (s2v (ra)).i;
          if (count > 0) {
            ElInt step = ivalue (s2v (ra + 1));
            ElInt idx = val_ (s2v (ra + 2)).i;
            /* set, not chg: only R[A+1] was type-checked, and a binary
            ** chunk may have put anything in R[A] and R[A+2] */
            setivalue (s2v (ra), (ElInt) (count - 1));
            idx = intop (+, idx, step);
            setivalue (s2v (ra + 2), idx);
            pc -= XGETARG_Bx (i);
            /* (the looping path dispatches on its own: a tail shared
            ** with the exit was a 32-byte aligned label, and the nops
            ** before it ran at every iteration) */
            updatetrap (ci);  /* lets a signal stop the loop */
            vmbreak;
          }
        }
        else if (vm_floatforloop (ra))
          pc -= XGETARG_Bx (i);
        updatetrap (ci);  /* lets a signal stop the loop */
        vmbreak;
      }
      vmcase (OP_FORPREP) {
        StkId ra = RA (i);
        savestate (L, ci);
        if (vm_forprep (L, ra))
          pc += XGETARG_Bx (i) + 1;
        vmbreak;
      }
      vmcase (OP_TFORPREP) {
        /* R[A] iterator, R[A+1] state, R[A+2] control, R[A+3] closing
        ** value on entry; the control and closing values are swapped so
        ** the closing one stays at R[A+2] and the iterator's first result
        ** (the control variable) lands at R[A+3] */
        StkId ra = RA (i);
        TValue temp;
        setobj (L, &temp, s2v (ra + 3));
        setobjs2s (L, ra + 3, ra + 2);
        setobj2s (L, ra + 2, &temp);
        halfProtect (el_func_newtbcupval (L, ra + 2));
        pc += XGETARG_Bx (i);
        i = pc++;
        el_assert (XGET_OPCODE (i) == OP_TFORCALL && ra == RA (i));
        goto l_tforcall;
      }
      vmcase (OP_TFORCALL) {
       l_tforcall: {
        /* the call uses the slots from R[A+3] up, keeping the iterator,
        ** state and closing value */
        StkId ra = RA (i);
        setobjs2s (L, ra + 5, ra + 3);
        setobjs2s (L, ra + 4, ra + 1);
        setobjs2s (L, ra + 3, ra);
        L->top = ra + 3 + 3;
        if (el_unlikely (el_call_cokind (G (L), s2v (ra + 3)) != 0)) {
          /* an iterator made by coroutine.wrap (or resume) */
          int r;
          savepc (ci);
          r = el_call_coswitch (L, vloop, ra + 3, XGETARG_C (i),
                                el_call_cokind (G (L), s2v (ra + 3)),
                                EL_CO_TFOR);
          if (r == EL_CO_SWITCHED)
            goto switched;
          else if (r == EL_CO_ENDED)
            return 0;
        }
        savepc (ci);
        {
          /* A light C iterator with a fast entry (next) is called here
          ** (as OP_CALL does; 'ra' recomputed after it, no saved
          ** register).  Results beyond the wanted ones are dropped by
          ** L->top alone; missing ones and a GC check go through
          ** el_call_fastresults. */
          ElaraFastFunction fast;
          int n;
          if (ttislcf (s2v (ra + 3))
              && (fast = el_call_fastfor (L, ra + 3)) != NULL
              && (n = fast (L, cast (ElaraRawValue *, s2v (ra + 3)), 2))
                 >= 0) {
            ra = RA (i);
            if (el_likely (n >= XGETARG_C (i) && !G (L)->fastmade))
              L->top = ra + 3 + XGETARG_C (i);
            else {
              el_call_fastresults (L, ra + 3, XGETARG_C (i), n);
              updatetrap (ci);
            }
          }
          else {
            el_call_call (L, RA (i) + 3, XGETARG_C (i));
            updatetrap (ci);
          }
        }
        updatestack (ci);
        i = pc++;
        /* (ra is stale here when the call moved the stack: TFORLOOP
        ** recomputes it) */
        el_assert (XGET_OPCODE (i) == OP_TFORLOOP);
        goto l_tforloop;
       }
      }
      vmcase (OP_TFORLOOP) {
       l_tforloop: {
        StkId ra = RA (i);
        if (!ttisnil (s2v (ra + 3))) {
          pc -= XGETARG_Bx (i);
          /* counted here: TFORCALL enters this by a direct jump */
          jitloop (pc);
        }
        vmbreak;
       }
      }
      vmcase (OP_SETLIST) {
        StkId ra = RA (i);
        unsigned int n = cast (unsigned int, XGETARG_vB (i));
        unsigned int last = cast (unsigned int, XGETARG_vC (i));
        Table *h;
        /* the compiler always puts a table here; a corrupted binary chunk
        ** might not, and must fail with an error rather than a crash */
        if (el_unlikely (!ttistable (s2v (ra))))
          halfProtect (el_raise_typeerror (L, s2v (ra), "index"));
        h = hvalue (s2v (ra));
        if (n == 0)
          n = cast (unsigned int, L->top - ra) - 1;
        else
          L->top = ci->top;  /* in case of an emergency collection */
        last += n;
        if (XGETARG_k (i)) {
          last += cast (unsigned int, XGETARG_Ax (pc)) * (MAXARG_vC + 1);
          pc++;
        }
        if (last > h->asize) {
          savepc (ci);
          el_table_resizearray (L, h, last);
        }
        for (; n > 0; n--) {
          TValue *val = s2v (ra + n);
          el_table_arrayset (h, last - 1, val);
          last--;
          el_gc_barrierback (L, h, val);
        }
        vmbreak;
      }
      vmcase (OP_CLOSURE) {
        StkId ra = RA (i);
        Proto *p = cl->p->p[XGETARG_Bx (i)];
        halfProtect (el_func_pushclosure (L, p, cl->upvals, base, ra));
        checkGC (L, ra + 1);
        vmbreak;
      }
      vmcase (OP_VARARG) {
        StkId ra = RA (i);
        int n = XGETARG_C (i) - 1;
        int vatab = XGETARG_k (i) ? XGETARG_B (i) : -1;
        if (el_unlikely (vatab >= 0 && !ttistable (s2v (base + vatab))))
          halfProtect (el_raise_typeerror (L, s2v (base + vatab), "index"));
        Protect (el_meta_getvarargs (L, ci, ra, n, vatab));
        vmbreak;
      }
      vmcase (OP_GETVARG) {
        StkId ra = RA (i);
        TValue *rc = vRC (i);
        vm_getvararg (ci, ra, rc);
        vmbreak;
      }
      vmcase (OP_ERRNNIL) {
        TValue *ra = vRA (i);
        if (!ttisnil (ra))
          halfProtect (vm_errnnil (L, cl, XGETARG_Bx (i)));
        vmbreak;
      }
      vmcase (OP_VARARGPREP) {
        ProtectNT (el_meta_adjustvarargs (L, cl->p->numparams, ci, cl->p));
        if (el_unlikely (vmtrapped ())) {
          /* the call hook of a vararg function runs here, once the frame
          ** has its final shape */
          el_call_hookcall (L, ci);
          L->oldpc = 1;  /* the next instruction starts a new line */
        }
        updatebase (ci);
        vmbreak;
      }
      vmcase (OP_EXTRAARG) {
        el_assert (0);
        vmbreak;
      }
#if !EL_USE_COMPUTED_GOTO
      /* not an opcode; listed so -Wswitch still checks the real ones */
      case NUM_OPCODES:
        el_assert (0);
        break;
#endif
    }
  }
}

#undef cl
#undef k
