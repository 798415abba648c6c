/*
** value.h: basic types, tagged values (TValue) and their accessors
** SPDX-License-Identifier: MIT
**
** Every Lua value is a 16-byte TValue: an 8-byte payload plus a one-byte tag.
** The tag's low 4 bits are the basic type (ELARA_T*: the same numbers as
** Lua's LUA_T*), bits 4-5 the variant, bit 6 says "collectable" (the payload
** is a GCObject pointer).  64-bit integers stay unboxed.
*/
#ifndef EL_VALUE_H
#define EL_VALUE_H

#include <stddef.h>
#include <stdint.h>
#include <limits.h>

#include "elara/elara-plugin.h"

/* -- Portability and small helpers ------------------------------------- */

#if defined(__GNUC__)
#define el_likely(x)    (__builtin_expect (((x) != 0), 1))
#define el_unlikely(x)  (__builtin_expect (((x) != 0), 0))
#define EL_NORET        __attribute__ ((noreturn)) void
#define EL_FUNC         __attribute__ ((visibility ("hidden"))) extern
#define EL_DATA         __attribute__ ((visibility ("hidden"))) extern
#else
#define el_likely(x)    (x)
#define el_unlikely(x)  (x)
#define EL_NORET        void
#define EL_FUNC         extern
#define EL_DATA         extern
#endif

/* Internal assertions: active in debug builds (meson -Dbuildtype=debug). */
#if defined(EL_USE_ASSERT) && EL_USE_ASSERT
#include <assert.h>
#define el_assert(c)        assert (c)
#else
#define el_assert(c)        ((void) 0)
#endif
#define check_exp(c, e)     (el_assert (c), (e))

#define cast(t, e)          ((t) (e))
#define cast_int(e)         cast (int, (e))
#define cast_num(e)         cast (ElNum, (e))
#define cast_byte(e)        cast (uint8_t, (e))
#define cast_sizet(e)       cast (size_t, (e))
#define cast_voidp(e)       cast (void *, (e))
#define el_unused(x)        ((void) (x))

typedef ElaraInteger ElInt;          /* int64_t */
typedef ElaraUnsigned ElUInt;        /* uint64_t */
typedef ElaraNumber ElNum;           /* double */
typedef uint32_t Instruction;        /* one VM instruction, see opcodes.h */
typedef uint64_t ElCode;   /* one instruction as el_vm_run runs it (opcodes.h) */

#define EL_MAXINTEGER   INT64_MAX
#define EL_MININTEGER   INT64_MIN
#define EL_MAXSIZE      (sizeof (size_t) < sizeof (ElInt) ? SIZE_MAX \
                         : (size_t) EL_MAXINTEGER)

/* Unsigned wrap-around arithmetic on integers (Lua integers wrap). */
#define intop(op, a, b)     ((ElInt) ((ElUInt) (a) op (ElUInt) (b)))

/* Implementation limits (the reference's values; error texts depend on them). */
#define EL_MAXCCALLS    200        /* nested C calls / syntactic nesting */
#define EL_MAXSTACK     1000000    /* slots in one thread's stack */
#define EL_MAXUPVAL     255
#define EL_MAXVARS      200        /* active locals per function */
#define EL_MAXSHORTLEN  40         /* longer strings are not interned */
#define EL_IDSIZE       60         /* chunk id buffer size (short_src) */
#define EL_MINSTACK     20         /* free slots guaranteed to a C function */
#define EL_MAXRESULTS   250
#define EL_N2SBUFFSZ    64         /* buffer for number-to-string */

/* -- Tags ---------------------------------------------------------------- */

/* Extra (non-value) basic types, only for GC objects. */
#define EL_TUPVAL       ELARA_NUMTYPES          /* 9 */
#define EL_TPROTO       (ELARA_NUMTYPES + 1)    /* 10 */
#define EL_TDEADKEY     (ELARA_NUMTYPES + 2)    /* 11: dead key in a table */
#define EL_TOTALTYPES   (EL_TPROTO + 2)

#define makevariant(t, v)   ((t) | ((v) << 4))
#define BIT_ISCOLLECTABLE   (1 << 6)
#define ctb(t)              ((t) | BIT_ISCOLLECTABLE)

#define EL_VNIL         makevariant (ELARA_TNIL, 0)
#define EL_VEMPTY       makevariant (ELARA_TNIL, 1)   /* empty table slot */
#define EL_VABSTKEY     makevariant (ELARA_TNIL, 2)   /* "key not found" */
#define EL_VFALSE       makevariant (ELARA_TBOOLEAN, 0)
#define EL_VTRUE        makevariant (ELARA_TBOOLEAN, 1)
#define EL_VNUMINT      makevariant (ELARA_TNUMBER, 0)
#define EL_VNUMFLT      makevariant (ELARA_TNUMBER, 1)
#define EL_VSHRSTR      makevariant (ELARA_TSTRING, 0)  /* interned */
#define EL_VLNGSTR      makevariant (ELARA_TSTRING, 1)
#define EL_VTABLE       makevariant (ELARA_TTABLE, 0)
#define EL_VLCL         makevariant (ELARA_TFUNCTION, 0)  /* Lua closure */
#define EL_VLCF         makevariant (ELARA_TFUNCTION, 1)  /* light C function */
#define EL_VCCL         makevariant (ELARA_TFUNCTION, 2)  /* C closure */
#define EL_VLIGHTUSERDATA makevariant (ELARA_TLIGHTUSERDATA, 0)
#define EL_VUSERDATA    makevariant (ELARA_TUSERDATA, 0)
#define EL_VTHREAD      makevariant (ELARA_TTHREAD, 0)
#define EL_VUPVAL       makevariant (EL_TUPVAL, 0)
#define EL_VPROTO       makevariant (EL_TPROTO, 0)

/* -- TValue --------------------------------------------------------------- */

struct GCObject;
struct ElaraState;

typedef union Value {
  struct GCObject *gc;
  void *p;                  /* light userdata */
  ElaraCFunction f;         /* light C function */
  ElInt i;
  ElNum n;
} Value;

typedef struct TValue {
  Value value_;
  uint8_t tt_;
} TValue;

#define val_(o)         ((o)->value_)
#define rawtt(o)        ((o)->tt_)
#define novariant(t)    ((t) & 0x0F)
#define withvariant(t)  ((t) & 0x3F)
#define ttypetag(o)     withvariant (rawtt (o))
#define ttype(o)        (novariant (rawtt (o)))
#define checktag(o, t)  (rawtt (o) == (t))
#define checktype(o, t) (ttype (o) == (t))
#define iscollectable(o) (rawtt (o) & BIT_ISCOLLECTABLE)

#define ttisnil(v)          checktype ((v), ELARA_TNIL)
#define ttisstrictnil(o)    checktag ((o), EL_VNIL)
#define isabstkey(v)        checktag ((v), EL_VABSTKEY)
#define isempty(v)          ttisnil (v)
#define ttisboolean(o)      checktype ((o), ELARA_TBOOLEAN)
#define ttisfalse(o)        checktag ((o), EL_VFALSE)
#define ttistrue(o)         checktag ((o), EL_VTRUE)
#define l_isfalse(o)        (ttisfalse (o) || ttisnil (o))
#define ttisnumber(o)       checktype ((o), ELARA_TNUMBER)
#define ttisfloat(o)        checktag ((o), EL_VNUMFLT)
#define ttisinteger(o)      checktag ((o), EL_VNUMINT)
#define ttisstring(o)       checktype ((o), ELARA_TSTRING)
#define ttisshrstring(o)    checktag ((o), ctb (EL_VSHRSTR))
#define ttislngstring(o)    checktag ((o), ctb (EL_VLNGSTR))
#define ttistable(o)        checktag ((o), ctb (EL_VTABLE))
#define ttisfunction(o)     checktype (o, ELARA_TFUNCTION)
#define ttisLclosure(o)     checktag ((o), ctb (EL_VLCL))
#define ttislcf(o)          checktag ((o), EL_VLCF)
#define ttisCclosure(o)     checktag ((o), ctb (EL_VCCL))
#define ttisclosure(o)      (ttisLclosure (o) || ttisCclosure (o))
#define ttislightuserdata(o) checktag ((o), EL_VLIGHTUSERDATA)
#define ttisfulluserdata(o) checktag ((o), ctb (EL_VUSERDATA))
#define ttisthread(o)       checktag ((o), ctb (EL_VTHREAD))

#define ivalue(o)       check_exp (ttisinteger (o), val_ (o).i)
#define fltvalue(o)     check_exp (ttisfloat (o), val_ (o).n)
#define nvalue(o)       check_exp (ttisnumber (o), \
                          (ttisinteger (o) ? cast_num (ivalue (o)) : fltvalue (o)))
#define gcvalue(o)      check_exp (iscollectable (o), val_ (o).gc)
#define pvalue(o)       check_exp (ttislightuserdata (o), val_ (o).p)
#define fvalue(o)       check_exp (ttislcf (o), val_ (o).f)
#define tsvalue(o)      check_exp (ttisstring (o), gco2ts (val_ (o).gc))
#define hvalue(o)       check_exp (ttistable (o), gco2t (val_ (o).gc))
#define clLvalue(o)     check_exp (ttisLclosure (o), gco2lcl (val_ (o).gc))
#define clCvalue(o)     check_exp (ttisCclosure (o), gco2ccl (val_ (o).gc))
#define clvalue(o)      check_exp (ttisclosure (o), gco2cl (val_ (o).gc))
#define uvalue(o)       check_exp (ttisfulluserdata (o), gco2u (val_ (o).gc))
#define thvalue(o)      check_exp (ttisthread (o), gco2th (val_ (o).gc))

#define settt_(o, t)    ((o)->tt_ = (t))
#define setnilvalue(o)  settt_ (o, EL_VNIL)
#define setempty(o)     settt_ (o, EL_VEMPTY)
#define setfltvalue(o, x) \
  { TValue *io_ = (o); val_ (io_).n = (x); settt_ (io_, EL_VNUMFLT); }
#define chgfltvalue(o, x) \
  { TValue *io_ = (o); el_assert (ttisfloat (io_)); val_ (io_).n = (x); }
#define setivalue(o, x) \
  { TValue *io_ = (o); val_ (io_).i = (x); settt_ (io_, EL_VNUMINT); }
#define chgivalue(o, x) \
  { TValue *io_ = (o); el_assert (ttisinteger (io_)); val_ (io_).i = (x); }
#define setbfvalue(o)   settt_ (o, EL_VFALSE)
#define setbtvalue(o)   settt_ (o, EL_VTRUE)
#define setbvalue(o, b) settt_ (o, (b) ? EL_VTRUE : EL_VFALSE)
#define setpvalue(o, x) \
  { TValue *io_ = (o); val_ (io_).p = (x); settt_ (io_, EL_VLIGHTUSERDATA); }
#define setfvalue(o, x) \
  { TValue *io_ = (o); val_ (io_).f = (x); settt_ (io_, EL_VLCF); }
#define setgcovalue(L, o, x) \
  { TValue *io_ = (o); GCObject *i_g = (x); \
    val_ (io_).gc = i_g; settt_ (io_, ctb (i_g->tt)); }
#define setsvalue(L, o, x) \
  { TValue *io_ = (o); TString *x_ = (x); \
    val_ (io_).gc = obj2gco (x_); settt_ (io_, ctb (x_->tt)); el_unused (L); }
#define sethvalue(L, o, x) \
  { TValue *io_ = (o); Table *x_ = (x); \
    val_ (io_).gc = obj2gco (x_); settt_ (io_, ctb (EL_VTABLE)); el_unused (L); }
#define setclLvalue(L, o, x) \
  { TValue *io_ = (o); LClosure *x_ = (x); \
    val_ (io_).gc = obj2gco (x_); settt_ (io_, ctb (EL_VLCL)); el_unused (L); }
#define setclCvalue(L, o, x) \
  { TValue *io_ = (o); CClosure *x_ = (x); \
    val_ (io_).gc = obj2gco (x_); settt_ (io_, ctb (EL_VCCL)); el_unused (L); }
#define setuvalue(L, o, x) \
  { TValue *io_ = (o); Udata *x_ = (x); \
    val_ (io_).gc = obj2gco (x_); settt_ (io_, ctb (EL_VUSERDATA)); el_unused (L); }
#define setthvalue(L, o, x) \
  { TValue *io_ = (o); struct ElaraState *x_ = (x); \
    val_ (io_).gc = obj2gco (x_); settt_ (io_, ctb (EL_VTHREAD)); el_unused (L); }

/* Copy a value field by field: a table Node overlays a TValue, and a whole
** struct copy would clobber the key fields stored in its padding. */
#define setobj(L, o1, o2) \
  { TValue *io1_ = (o1); const TValue *io2_ = (o2); \
    io1_->value_ = io2_->value_; settt_ (io1_, io2_->tt_); el_unused (L); }

/* -- Stack slots ---------------------------------------------------------- */

/* A stack slot is a TValue, or a link in the list of to-be-closed variables
** ('delta' is the distance to the previous tbc slot, 0 = too far, see
** func.c). */
typedef union StackValue {
  TValue val;
  struct {
    Value value_;
    uint8_t tt_;
    unsigned short delta;
  } tbclist;
} StackValue;

typedef StackValue *StkId;

#define s2v(o)          (&(o)->val)
#define setobjs2s(L, o1, o2)  setobj (L, s2v (o1), s2v (o2))
#define setobj2s(L, o1, o2)   setobj (L, s2v (o1), o2)

/* Truthiness of a value. */
#define el_isfalse(o)   l_isfalse (o)

#endif /* EL_VALUE_H */
