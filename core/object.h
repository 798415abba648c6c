/*
** object.h: garbage-collected objects (strings, tables, closures, protos,
** upvalues, userdata) and conversions shared by the whole core
** SPDX-License-Identifier: MIT
*/
#ifndef EL_OBJECT_H
#define EL_OBJECT_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "value.h"

/* Common header of every collectable object.  'next' links the object into
** one of the collector's lists; 'marked' holds the colour bits (gc.h). */
#define CommonHeader  struct GCObject *next; uint8_t tt; uint8_t marked

typedef struct GCObject {
  CommonHeader;
} GCObject;

/* -- Strings ---------------------------------------------------------------
** Short strings (len <= EL_MAXSHORTLEN) are interned in the global string
** table: equal short strings are the same object.  Long strings are hashed
** lazily ('extra' = 1 once 'hash' is valid).  For short strings 'extra' is
** the reserved-word number (1-based) or 0.  'data' is NUL-terminated.
**
** The header is 24 bytes on LP64: a short string keeps its length in the
** byte 'shrlen' and uses the word 'u' as its chain link in the string
** table; a long string is never in that table, so the same word holds its
** length ('shrlen' is 0 and meaningless there).  Read lengths through
** tsslen (), or shrlen / lnglen when the variant is known. */
typedef struct TString {
  CommonHeader;
  uint8_t extra;
  uint8_t shrlen;           /* short string: length (<= EL_MAXSHORTLEN) */
  uint32_t hash;
  union {
    size_t lnglen;          /* long string: length */
    struct TString *hnext;  /* short string: chain in the string table */
  } u;
  char data[];
} TString;

#define getstr(ts)      ((ts)->data)
#define strisshr(ts)    ((ts)->tt == EL_VSHRSTR)
#define tsslen(ts) \
  (strisshr (ts) ? (size_t) (ts)->shrlen : (ts)->u.lnglen)
#define svalue(o)       getstr (tsvalue (o))
#define vslen(o)        tsslen (tsvalue (o))
#define isreserved(ts)  ((ts)->tt == EL_VSHRSTR && (ts)->extra > 0)

/* -- Userdata -------------------------------------------------------------- */

typedef struct Udata {
  CommonHeader;
  unsigned short nuvalue;   /* number of user values */
  size_t len;               /* bytes of user memory */
  struct Table *metatable;
  GCObject *gclist;
  TValue uv[];              /* user values, then the (aligned) user memory */
} Udata;

/* Start of the user memory: after the user values, 16-byte aligned. */
#define udatamemoffset(nuv) \
  ((offsetof (Udata, uv) + sizeof (TValue) * (nuv) + 15) & ~(size_t) 15)
#define getudatamem(u)  (cast (char *, (u)) + udatamemoffset ((u)->nuvalue))
/* A multiple of 16: the small-block pool (mem.c) aligns a block to 16
** only when its size is one, and the user's memory must be. */
#define sizeudata(nuv, nb) \
  ((udatamemoffset (nuv) + (nb) + 15) & ~(size_t) 15)

/* -- Prototypes ------------------------------------------------------------ */

typedef struct Upvaldesc {
  TString *name;            /* may be NULL (stripped) */
  uint8_t instack;          /* in the enclosing function's registers? */
  uint8_t idx;              /* register or enclosing upvalue index */
  uint8_t kind;             /* VDKREG, RDKCONST, ... (parse.h) */
} Upvaldesc;

typedef struct LocVar {
  TString *varname;
  int startpc;              /* first pc where the variable is active */
  int endpc;                /* first pc where it is dead */
} LocVar;

/* Proto flags. */
#define PF_VAHID  1   /* vararg function: extra arguments hidden below frame */
#define PF_VATAB  2   /* vararg function: builds a real vararg table */
#define PF_ISVARARG  (PF_VAHID | PF_VATAB)

/* The field cache of a constant.  A TValue is 16 bytes of which the last
** 7 (after the tag) are padding; in a function's constants (Proto.k) two of
** them hold, for a short-string constant used as a field key, the node
** where the last lookup with that key found it (vm.c).  Any value is safe:
** it is reduced modulo the size of the table it is tried on, and checked
** against the key.  Zeroed when a constant is made (compile.c, undump.c);
** never dumped nor copied elsewhere (setobj copies the fields). */
#define KHINT_OFFSET    10
_Static_assert (offsetof (TValue, tt_) < KHINT_OFFSET
                && KHINT_OFFSET + sizeof (uint16_t) <= sizeof (TValue),
                "TValue has no room for a field cache");

static inline unsigned int
el_object_khint (const TValue *k)
{
  uint16_t h;
  memcpy (&h, (const char *) k + KHINT_OFFSET, sizeof h);
  return h;
}

static inline void
el_object_setkhint (TValue *k, unsigned int h)
{
  uint16_t h16 = (uint16_t) h;
  memcpy ((char *) k + KHINT_OFFSET, &h16, sizeof h16);
}

/* A compiled function.  'lineinfo' holds the absolute source line of every
** instruction (sizelineinfo == sizecode), or nothing when stripped. */
typedef struct Proto {
  CommonHeader;
  uint8_t numparams;
  uint8_t flag;             /* PF_* */
  uint8_t maxstacksize;     /* registers needed */
  int sizeupvalues;
  int sizek;
  int sizecode;
  int sizelineinfo;
  int sizep;
  int sizelocvars;
  int linedefined;
  int lastlinedefined;
  TValue *k;                /* constants */
  Instruction *code;
  ElCode *xcode;            /* code, executable form (opcodes.h); NULL
                            ** until the prototype is complete */
  struct Proto **p;         /* nested functions */
  Upvaldesc *upvalues;
  int *lineinfo;
  LocVar *locvars;
  TString *source;          /* may be NULL (stripped) */
  GCObject *gclist;
  uint32_t hotcount;        /* JIT seam: entry/back-edge counter (jit.h) */
  void *jitcode;            /* JIT seam: backend's compiled code or NULL */
} Proto;

#define isvararg(p)     ((p)->flag & PF_ISVARARG)

/* -- Upvalues and closures ------------------------------------------------- */

/* An upvalue is open while 'v' points into a thread's stack (it is then in
** that thread's 'openupval' list, sorted by level, highest first), closed
** when 'v' points to its own 'value'. */
typedef struct UpVal {
  CommonHeader;
  TValue *v;
  union {
    struct {
      struct UpVal *next;
      struct UpVal **previous;
    } open;
    TValue value;
  } u;
} UpVal;

#define upisopen(up)    ((up)->v != &(up)->u.value)
#define uplevel(up)     (check_exp (upisopen (up), cast (StkId, (up)->v)))

#define ClosureHeader   CommonHeader; uint8_t nupvalues; GCObject *gclist

typedef struct CClosure {
  ClosureHeader;
  ElaraCFunction f;
  TValue upvalue[];
} CClosure;

typedef struct LClosure {
  ClosureHeader;
  struct Proto *p;
  UpVal *upvals[];
} LClosure;

typedef union Closure {
  CClosure c;
  LClosure l;
} Closure;

#define getproto(o)     (clLvalue (o)->p)
#define sizeCclosure(n) (offsetof (CClosure, upvalue) + sizeof (TValue) * (n))
#define sizeLclosure(n) (offsetof (LClosure, upvals) + sizeof (UpVal *) * (n))

/* -- Tables ---------------------------------------------------------------
** A node overlays a TValue (the value) and keeps the key's tag and payload
** in the rest, so a node is 24 bytes.  'next' is the offset to the next
** node in the collision chain (0 = end). */
typedef union Node {
  struct NodeKey {
    Value value_;           /* the value's fields, as in TValue */
    uint8_t tt_;
    uint8_t key_tt;
    int next;
    Value key_val;
  } u;
  TValue i_val;             /* the value, as a TValue */
} Node;

#define gval(n)         (&(n)->i_val)
#define gnext(n)        ((n)->u.next)
#define keytt(n)        ((n)->u.key_tt)
#define keyval(n)       ((n)->u.key_val)
#define keyisnil(n)     (keytt (n) == ELARA_TNIL)
#define keyisinteger(n) (keytt (n) == EL_VNUMINT)
#define keyival(n)      (keyval (n).i)
#define keyisshrstr(n)  (keytt (n) == ctb (EL_VSHRSTR))
#define keystrval(n)    (gco2ts (keyval (n).gc))
#define keyiscollectable(n) (keytt (n) & BIT_ISCOLLECTABLE)
#define gckey(n)        (keyval (n).gc)
#define gckeyN(n)       (keyiscollectable (n) ? gckey (n) : NULL)
#define setnodekey(L, node, obj) \
  { Node *n_ = (node); const TValue *io_ = (obj); \
    n_->u.key_val = io_->value_; n_->u.key_tt = io_->tt_; el_unused (L); }
#define getnodekey(L, obj, node) \
  { TValue *io_ = (obj); const Node *n_ = (node); \
    io_->value_ = n_->u.key_val; io_->tt_ = n_->u.key_tt; el_unused (L); }

/* The array part holds keys 1..asize in one block split in two: 'asize'
** 8-byte payloads, then 'asize' tag bytes (9 bytes an entry instead of a
** 16-byte TValue).  Key k has its payload at array[k - 1] and its tag at
** byte k - 1 after the payloads; go through the helpers of table.h, an
** entry is no TValue and has no address as one.  'flags' caches the
** absence of metamethods (bit TM_x set = known absent, meta.h). */
typedef struct Table {
  CommonHeader;
  uint8_t flags;
  uint8_t lsizenode;        /* log2 of the number of nodes */
  unsigned int asize;       /* size of the array part */
  Value *array;             /* payloads, then tags; NULL when asize == 0 */
  Node *node;
  /* sizenode - 1, kept so that a lookup masks a hash with one load and
  ** one 'and' (from lsizenode it takes a shift and a negation more, on
  ** the path of every field access); 0 with no hash part */
  unsigned int nodemask;
  unsigned int lastfree;    /* every free node is below this index */
  struct Table *metatable;
  GCObject *gclist;
} Table;

#define sizenode(t)     (1u << (t)->lsizenode)

/* -- Conversions from GCObject -------------------------------------------- */

#define gco2ts(o)  check_exp (novariant ((o)->tt) == ELARA_TSTRING, (TString *) (o))
#define gco2u(o)   check_exp ((o)->tt == EL_VUSERDATA, (Udata *) (o))
#define gco2lcl(o) check_exp ((o)->tt == EL_VLCL, (LClosure *) (o))
#define gco2ccl(o) check_exp ((o)->tt == EL_VCCL, (CClosure *) (o))
#define gco2cl(o)  check_exp (novariant ((o)->tt) == ELARA_TFUNCTION, (Closure *) (o))
#define gco2t(o)   check_exp ((o)->tt == EL_VTABLE, (Table *) (o))
#define gco2p(o)   check_exp ((o)->tt == EL_VPROTO, (Proto *) (o))
#define gco2th(o)  check_exp ((o)->tt == EL_VTHREAD, (struct ElaraState *) (o))
#define gco2upv(o) check_exp ((o)->tt == EL_VUPVAL, (UpVal *) (o))
#define obj2gco(v) check_exp ((v)->tt >= ELARA_TSTRING, (GCObject *) (v))

/* -- Number conversions and helpers (object.c) ---------------------------- */

/* Float-to-integer rounding modes for el_object_flttointns. */
typedef enum { EL_F2IEQ, EL_F2IFLOOR, EL_F2ICEIL } F2Imod;

/* Smallest x with 2^x >= n. */
EL_FUNC int el_object_ceillog2 (unsigned int n);

/* Convert 's' (a whole Lua numeral, leading/trailing spaces allowed) to a
** number in 'o'.  Returns strlen(s) + 1 on success, 0 on failure. */
EL_FUNC size_t el_object_str2num (const char *s, TValue *o);

/* Write the Lua text form of number 'o' into 'buf' (EL_N2SBUFFSZ bytes):
** integers with %lld, floats with %.15g, or %.17g when %.15g does not read
** back as the same float; ".0" appended when a float looks integral.
** Returns the length. */
EL_FUNC int el_object_num2str (const TValue *o, char *buf);

/* Float to integer under a rounding mode; returns 0 if out of range or not
** integral under EL_F2IEQ. */
EL_FUNC int el_object_flttointns (ElNum n, ElInt *p, F2Imod mode);

/* Value to integer (integers, integral floats; strings when 'strcoerce'). */
EL_FUNC int el_object_tointegerns (const TValue *o, ElInt *p, F2Imod mode);

/* Raw arithmetic on numbers for constant folding and the API: op is an
** ELARA_OP* code; returns 0 when the operands are not numbers or the
** operation would raise (integer division by zero, no integer rep). */
EL_FUNC int el_object_rawarith (struct ElaraState *L, int op, const TValue *p1,
                                const TValue *p2, TValue *res);

/* Hex digit value of an ASCII char (caller checked it is a hex digit). */
EL_FUNC int el_object_hexavalue (int c);

/* Encode code point 'x' as UTF-8 ending at buff[7]; returns the byte count.
** Buffer must have 8 bytes. */
EL_FUNC int el_object_utf8esc (char *buff, unsigned long x);

/* Build the "short source" used in messages (chunkname -> [string "..."],
** file name, or =name verbatim), at most bufflen bytes. */
EL_FUNC void el_object_chunkid (char *out, const char *source, size_t srclen);

/* Push onto L's stack a string formatted with %s %d %I (ElInt) %f (ElNum,
** Lua format) %p %c %U (utf-8 of unsigned long) %% and return it. */
EL_FUNC const char *el_object_pushvfstring (struct ElaraState *L,
                                            const char *fmt, va_list argp);
EL_FUNC const char *el_object_pushfstring (struct ElaraState *L,
                                           const char *fmt, ...);

/* Convert a number value in place to its string (for coercions). */
EL_FUNC void el_object_tostring (struct ElaraState *L, TValue *obj);

#endif /* EL_OBJECT_H */
