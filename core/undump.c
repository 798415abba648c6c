/*
** undump.c: loading and verifying binary chunks (Lua 5.5.0's format: see
** dump.c)
** SPDX-License-Identifier: MIT
**
** A binary chunk is untrusted input: 'load' accepts strings from anywhere,
** and the format (the reference's) has no checksum and no redundancy.
** Two rules keep a hostile chunk from hurting the process:
**
**  - Memory follows the data actually read, never a size announced by the
**    chunk: vectors and long strings grow geometrically while their
**    elements arrive, so a chunk claiming 2^31 instructions ends in
**    "truncated" after a few bytes, not in a 8 GiB allocation.  Every
**    partially built object stays consistent for the collector (sizes
**    match the allocations, unfilled slots are nil/NULL).
**
**  - Before the closure is returned the verifier checks every
**    instruction against the facts the VM relies on without checking:
**    register, constant, upvalue and function indices in range, jumps
**    and skips landing on real instructions, EXTRAARG only where an
**    instruction consumes it, tests followed by their jump, "use top"
**    instructions preceded by the instruction that sets top, a generic
**    for's TFORPREP landing on its own TFORCALL, table sizes bounded by
**    the code size, to-be-closed variables opened in stack order (a data
**    flow over the code), and a return at the end so control never runs
**    off the code.
**
** The reading itself is stricter than the reference's where the data
** would otherwise be inconsistent: strings must end in their '\0', line
** information must cover every instruction and its absolute entries must
** match the instructions marked for them, local variables must have names.
**
** Errors: "<name>: truncated precompiled chunk" when the input ends early,
** "<name>: bad binary format (<why>)" otherwise (ELARA_ERRSYNTAX).
*/
#include "config.h"
#include "undump.h"

#include <string.h>

#include "call.h"
#include "dumpfmt.h"
#include "func.h"
#include "gc.h"
#include "mem.h"
#include "opcodes.h"
#include "parse.h"
#include "state.h"
#include "str.h"
#include "table.h"

/* First allocation of a vector (elements) and of a long string (bytes). */
#define UNDUMP_MINVEC   64
#define UNDUMP_MINSTR   4096

/* Deepest nesting of functions accepted (the parser cannot produce more:
** each nested function costs it at least one level of EL_MAXCCALLS). */
#define UNDUMP_MAXDEPTH EL_MAXCCALLS

typedef struct LoadState {
  ElaraState *L;
  Stream *Z;
  const char *name;
  size_t offset;              /* bytes read so far (for the padding) */
  Table *strs;                /* index -> string, for back-references */
  ElInt nstr;
  ptrdiff_t anchor;           /* stack slot keeping a new string alive */
} LoadState;

/* -- Errors -------------------------------------------------------------- */

static EL_NORET
undump_error (LoadState *S, const char *why)
{
  el_object_pushfstring (S->L, "%s: bad binary format (%s)", S->name, why);
  el_call_throw (S->L, ELARA_ERRSYNTAX);
}

static EL_NORET
undump_truncated (LoadState *S)
{
  el_object_pushfstring (S->L, "%s: truncated precompiled chunk", S->name);
  el_call_throw (S->L, ELARA_ERRSYNTAX);
}

/* -- Primitive reads ----------------------------------------------------- */

static void
undump_block (LoadState *S, void *b, size_t size)
{
  if (size > 0 && el_stream_read (S->Z, b, size) != 0)
    undump_truncated (S);
  S->offset += size;
}

static int
undump_byte (LoadState *S)
{
  int c = zgetc (S->Z);

  if (c == EOZ)
    undump_truncated (S);
  S->offset++;
  return c;
}

/* Skip the writer's padding up to a multiple of 'align'. */
static void
undump_align (LoadState *S, size_t align)
{
  uint8_t pad[8];

  el_assert (align <= sizeof pad);
  undump_block (S, pad, (align - S->offset % align) % align);
}

/* A varint (most significant group first), rejected above 'limit'.
** Checking before each shift keeps 'x' from overflowing. */
static uint64_t
undump_varint (LoadState *S, uint64_t limit)
{
  uint64_t x = 0;
  int b;

  do {
    b = undump_byte (S);
    if (x > (limit >> 7))
      undump_error (S, "integer overflow");
    x = (x << 7) | (uint64_t) (b & 0x7f);
  } while (b & 0x80);
  if (x > limit)
    undump_error (S, "integer overflow");
  return x;
}

static int
undump_int (LoadState *S)
{
  return (int) undump_varint (S, INT_MAX);
}

/* Make room for 'need' elements in a vector meant to hold 'total' of them
** (the announced size, untrusted).  New slots are zeroed: a zero TValue is
** nil and zero pointers are NULL, so the collector may look at them. */
static void *
undump_grow (LoadState *S, void *block, int *size, int need, int total,
             size_t esize)
{
  int old = *size;
  int n;

  if (need <= old)
    return block;
  n = old < UNDUMP_MINVEC ? UNDUMP_MINVEC : (old > total / 2 ? total : old * 2);
  if (n > total)
    n = total;
  if (n < need)
    n = need;
  block = el_mem_realloc (S->L, block, (size_t) old * esize,
                          (size_t) n * esize);
  memset ((char *) block + (size_t) old * esize, 0,
          (size_t) (n - old) * esize);
  *size = n;
  return block;
}

#define undump_growvec(S, v, size, need, total) \
  ((v) = undump_grow (S, v, &(size), need, total, sizeof (*(v))))

/* -- Strings ------------------------------------------------------------- */

#define undump_anchorslot(S)  s2v (restorestack ((S)->L, (S)->anchor))

/* Read a long string of 'len' bytes.  The object grows with the data (a
** new, larger string takes over the anchor slot), so its memory is paid
** for by bytes actually present. */
static TString *
undump_longstring (LoadState *S, size_t len)
{
  ElaraState *L = S->L;
  size_t have = 0;
  size_t cap = len < UNDUMP_MINSTR ? len : UNDUMP_MINSTR;
  TString *ts = el_str_createlngstrobj (L, cap);

  setsvalue (L, undump_anchorslot (S), ts);
  for (;;) {
    TString *nts;

    undump_block (S, getstr (ts) + have, cap - have);
    have = cap;
    if (have == len)
      break;
    cap = (len - have > have) ? 2 * have : len;
    nts = el_str_createlngstrobj (L, cap);
    memcpy (getstr (nts), getstr (ts), have);
    ts = nts;
    setsvalue (L, undump_anchorslot (S), ts);
  }
  /* the chunk's own terminator, checked below, goes to the string's */
  getstr (ts)[len] = (char) undump_byte (S);
  return ts;
}

/* Read a 'str'; NULL for "no string".  The result is anchored until the
** next string is read: the caller stores it before allocating. */
static TString *
undump_string (LoadState *S)
{
  ElaraState *L = S->L;
  uint64_t size = undump_varint (S, EL_MAXSIZE);
  size_t len;
  TString *ts;
  TValue v;

  if (size == 0) {
    uint64_t idx = undump_varint (S, UINT64_MAX);
    TValue o = { { NULL }, EL_VNIL };   /* the getter fills it on a hit */

    if (idx == 0)
      return NULL;
    if (idx > (uint64_t) S->nstr)
      undump_error (S, "invalid string index");
    if (novariant (el_table_getint (S->strs, (ElInt) idx, &o))
        != ELARA_TSTRING)
      undump_error (S, "invalid string index");
    return tsvalue (&o);
  }
  len = (size_t) size - 1;
  if (len <= EL_MAXSHORTLEN) {
    char buff[EL_MAXSHORTLEN + 1];

    undump_block (S, buff, len + 1);
    if (buff[len] != '\0')
      undump_error (S, "unterminated string");
    ts = el_str_newlstr (L, buff, len);
    setsvalue (L, undump_anchorslot (S), ts);
  }
  else {
    ts = undump_longstring (S, len);
    /* C code may rely on the '\0' after a Lua string */
    if (getstr (ts)[len] != '\0')
      undump_error (S, "unterminated string");
  }
  /* remember it for later references; it is anchored meanwhile */
  setsvalue (L, &v, ts);
  el_table_setint (L, S->strs, ++S->nstr, &v);
  return ts;
}

/* -- Functions ----------------------------------------------------------- */

static void
undump_code (LoadState *S, Proto *f)
{
  int n = undump_int (S);
  int have = 0;

  if (n == 0)
    undump_error (S, "function without code");
  undump_align (S, EL_DUMP_ALIGN_CODE);
  while (have < n) {
    undump_growvec (S, f->code, f->sizecode, have + 1, n);
    undump_block (S, f->code + have,
                  (size_t) (f->sizecode - have) * sizeof (Instruction));
    have = f->sizecode;
  }
}

static void
undump_constants (LoadState *S, Proto *f)
{
  ElaraState *L = S->L;
  int n = undump_int (S);
  int i;

  for (i = 0; i < n; i++) {
    TValue *o;
    int tag;

    undump_growvec (S, f->k, f->sizek, i + 1, n);
    o = &f->k[i];
    tag = undump_byte (S);
    switch (tag) {
      case EL_DUMP_KNIL:
        setnilvalue (o);
        break;
      case EL_DUMP_KFALSE:
        setbfvalue (o);
        break;
      case EL_DUMP_KTRUE:
        setbtvalue (o);
        break;
      case EL_DUMP_KINT: {
        uint64_t u = undump_varint (S, UINT64_MAX);

        /* even: 2x; odd: 2(~x) + 1 */
        setivalue (o, (ElInt) ((u & 1) ? ~(u >> 1) : u >> 1));
        break;
      }
      case EL_DUMP_KFLT: {
        ElNum x;

        undump_block (S, &x, sizeof x);
        setfltvalue (o, x);
        break;
      }
      case EL_DUMP_KSHRSTR: case EL_DUMP_KLNGSTR: {
        /* the length, not the tag, decides how the string is stored */
        TString *ts = undump_string (S);

        if (ts == NULL)
          undump_error (S, "bad format for constant string");
        o = &f->k[i];
        setsvalue (L, o, ts);
        el_gc_barrier (L, f, o);
        break;
      }
      default:
        undump_error (S, "invalid constant");
    }
    el_object_setkhint (&f->k[i], 0);
  }
}

static void
undump_upvalues (LoadState *S, Proto *f)
{
  int n = undump_int (S);
  int i;

  if (n > EL_MAXUPVAL)
    undump_error (S, "too many upvalues");
  for (i = 0; i < n; i++) {
    Upvaldesc *uv;

    undump_growvec (S, f->upvalues, f->sizeupvalues, i + 1, n);
    uv = &f->upvalues[i];
    uv->instack = (uint8_t) undump_byte (S);
    uv->idx = (uint8_t) undump_byte (S);
    uv->kind = (uint8_t) undump_byte (S);
    if (uv->instack > 1 || uv->kind > GDKCONST)
      undump_error (S, "invalid upvalue descriptor");
  }
}

/* Turn the relative line of instruction 'pc' (a delta in f->lineinfo)
** into an absolute one, continuing from '*line'. */
static void
undump_relline (LoadState *S, Proto *f, int pc, int64_t *line)
{
  if (f->lineinfo[pc] == EL_DUMP_ABSLINE)
    undump_error (S, "bad line information");
  *line += f->lineinfo[pc];
  /* lines are only reported, never used as indices: any int will do */
  if (*line < INT_MIN || *line > INT_MAX)
    undump_error (S, "bad line information");
  f->lineinfo[pc] = (int) *line;
}

/* The relative bytes go to f->lineinfo first; the absolute entries, read
** one by one, then replace the marked bytes in order while the deltas
** between them are summed up.  Every marked instruction must get exactly
** one entry. */
static void
undump_lines (LoadState *S, Proto *f)
{
  int n = undump_int (S);
  int nabs, i, pc = 0;
  int64_t line = f->linedefined;

  if (n != 0 && n != f->sizecode)
    undump_error (S, "bad line information");
  for (i = 0; i < n; i++) {
    int8_t delta = (int8_t) undump_byte (S);

    undump_growvec (S, f->lineinfo, f->sizelineinfo, i + 1, n);
    f->lineinfo[i] = delta;
  }
  nabs = undump_int (S);
  if (nabs > n)
    undump_error (S, "bad line information");
  if (nabs > 0)
    undump_align (S, EL_DUMP_ALIGN_ABS);
  for (i = 0; i < nabs; i++) {
    int pair[2];

    undump_block (S, pair, sizeof pair);
    if (pair[0] < pc || pair[0] >= n)
      undump_error (S, "bad line information");
    for (; pc < pair[0]; pc++)
      undump_relline (S, f, pc, &line);
    if (f->lineinfo[pc] != EL_DUMP_ABSLINE)
      undump_error (S, "bad line information");
    f->lineinfo[pc++] = pair[1];
    line = pair[1];
  }
  for (; pc < n; pc++)
    undump_relline (S, f, pc, &line);
}

static void
undump_debug (LoadState *S, Proto *f)
{
  ElaraState *L = S->L;
  int n, i;

  undump_lines (S, f);
  n = undump_int (S);
  for (i = 0; i < n; i++) {
    TString *name;
    LocVar *lv;

    undump_growvec (S, f->locvars, f->sizelocvars, i + 1, n);
    name = undump_string (S);
    lv = &f->locvars[i];
    lv->varname = name;
    if (name != NULL)
      el_gc_objbarrier (L, f, name);
    lv->startpc = undump_int (S);
    lv->endpc = undump_int (S);
    if (name == NULL || lv->startpc > lv->endpc || lv->endpc > f->sizecode)
      undump_error (S, "bad local variable information");
  }
  n = undump_int (S);
  if (n != 0 && n != f->sizeupvalues)
    undump_error (S, "bad upvalue names");
  for (i = 0; i < n; i++) {
    TString *name = undump_string (S);

    f->upvalues[i].name = name;
    if (name != NULL)
      el_gc_objbarrier (L, f, name);
  }
}

static void
undump_function (LoadState *S, Proto *f, int depth)
{
  ElaraState *L = S->L;
  int n, i;

  if (depth > UNDUMP_MAXDEPTH)
    undump_error (S, "functions nested too deeply");
  f->linedefined = undump_int (S);
  f->lastlinedefined = undump_int (S);
  f->numparams = (uint8_t) undump_byte (S);
  f->flag = (uint8_t) (undump_byte (S) & ~EL_DUMP_PFFIXED);
  f->maxstacksize = (uint8_t) undump_byte (S);
  /* the two vararg frames exclude each other: RETURN would undo a hidden
  ** frame that adjustvarargs never built (the compiler clears PF_VAHID) */
  if ((f->flag & ~PF_ISVARARG) || f->flag == PF_ISVARARG)
    undump_error (S, "invalid function flags");
  /* a vararg function also has its vararg parameter in a register */
  if (f->numparams + (isvararg (f) ? 1 : 0) > f->maxstacksize)
    undump_error (S, "more parameters than registers");
  undump_code (S, f);
  undump_constants (S, f);
  undump_upvalues (S, f);
  n = (int) undump_varint (S, MAXARG_Bx + 1);
  for (i = 0; i < n; i++) {
    Proto *np;

    undump_growvec (S, f->p, f->sizep, i + 1, n);
    np = el_func_newproto (L);
    f->p[i] = np;
    el_gc_objbarrier (L, f, np);
    undump_function (S, np, depth + 1);
  }
  /* NULL (stripped) stays NULL: the debug interface shows "=?" */
  f->source = undump_string (S);
  if (f->source != NULL)
    el_gc_objbarrier (L, f, f->source);
  undump_debug (S, f);
}

/* -- Header -------------------------------------------------------------- */

static void
undump_literal (LoadState *S, const char *s, size_t len, const char *why)
{
  char buff[16];

  el_assert (len <= sizeof buff);
  undump_block (S, buff, len);
  if (memcmp (buff, s, len) != 0)
    undump_error (S, why);
}

/* A size byte then a check value of that size, as the reference names
** them in its messages. */
static void
undump_checknum (LoadState *S, const void *value, size_t size,
                 const char *what)
{
  uint8_t buff[16];
  const char *why = "format";

  el_assert (size <= sizeof buff);
  if ((size_t) undump_byte (S) != size)
    why = "size";
  else {
    undump_block (S, buff, size);
    if (memcmp (buff, value, size) == 0)
      return;
  }
  el_object_pushfstring (S->L, "%s %s mismatch", what, why);
  undump_error (S, svalue (s2v (S->L->top - 1)));
}

static void
undump_header (LoadState *S)
{
  int ci = EL_DUMP_CHECKINT;
  Instruction inst = EL_DUMP_CHECKINST;
  ElInt i = EL_DUMP_CHECKINT;
  ElNum n = EL_DUMP_CHECKNUM;

  /* the first byte of the signature was read by the caller */
  undump_literal (S, &EL_SIGNATURE[1], sizeof (EL_SIGNATURE) - 2,
                  "not a binary chunk");
  if (undump_byte (S) != EL_DUMP_VERSION)
    undump_error (S, "version mismatch");
  if (undump_byte (S) != EL_DUMP_FORMAT)
    undump_error (S, "format mismatch");
  undump_literal (S, EL_DUMP_DATA, sizeof (EL_DUMP_DATA) - 1,
                  "corrupted chunk");
  undump_checknum (S, &ci, sizeof ci, "int");
  undump_checknum (S, &inst, sizeof inst, "instruction");
  undump_checknum (S, &i, sizeof i, "Lua integer");
  /* compared as bytes: an ElNum (a double) has no padding bits */
  undump_checknum (S, &n, sizeof n, "Lua number");
}

/* -- Verifier ---------------------------------------------------------------
** Each check names the invariant of the VM it protects.  'ms' is the frame
** size: registers are 0 .. ms - 1. */

typedef struct Verifier {
  LoadState *S;
  const Proto *f;
  int pc;
} Verifier;

static EL_NORET
verify_fail (Verifier *V, const char *why)
{
  LoadState *S = V->S;

  el_object_pushfstring (S->L, "%s: bad binary format (%s at instruction "
                         "%d of function <%d>)", S->name, why, V->pc + 1,
                         V->f->linedefined);
  el_call_throw (S->L, ELARA_ERRSYNTAX);
}

/* Registers first .. first + n - 1 exist (n may be 0: first <= ms). */
static void
verify_regs (Verifier *V, int first, int n)
{
  if (first + n > V->f->maxstacksize || (n == 0 && first > V->f->maxstacksize))
    verify_fail (V, "register out of range");
}

#define verify_reg(V, r)  verify_regs (V, r, 1)

static const TValue *
verify_k (Verifier *V, int idx)
{
  if (idx < 0 || idx >= V->f->sizek)
    verify_fail (V, "constant index out of range");
  return &V->f->k[idx];
}

/* K[idx] must be a short string: the VM looks it up as an interned key. */
static void
verify_kshortstr (Verifier *V, int idx)
{
  if (!ttisshrstring (verify_k (V, idx)))
    verify_fail (V, "constant is not a short string");
}

static void
verify_upval (Verifier *V, int idx)
{
  if (idx >= V->f->sizeupvalues)
    verify_fail (V, "upvalue index out of range");
}

/* RK(C) of the table stores. */
static void
verify_rk (Verifier *V, Instruction i)
{
  if (GETARG_k (i))
    verify_k (V, GETARG_C (i));
  else
    verify_reg (V, GETARG_C (i));
}

/* Does instruction 'i' take its operand count from L->top? */
static int
verify_usestop (Instruction i)
{
  switch (GET_OPCODE (i)) {
    case OP_CALL: case OP_TAILCALL: case OP_RETURN:
      return GETARG_B (i) == 0;
    case OP_SETLIST:
      return GETARG_vB (i) == 0;
    default:
      return 0;
  }
}

/* Does instruction 'i' leave L->top after its results? */
static int
verify_setstop (Instruction i)
{
  switch (GET_OPCODE (i)) {
    case OP_CALL: case OP_VARARG:
      return GETARG_C (i) == 0;
    case OP_TAILCALL:
      return 1;
    default:
      return 0;
  }
}

static int
verify_isarith (OpCode op)
{
  return op >= OP_ADDI && op <= OP_SHR;
}

/* Control arrives at 'target' other than by falling through: it must be a
** real instruction that does not depend on its predecessor. */
static void
verify_target (Verifier *V, int target)
{
  const Proto *f = V->f;
  Instruction t;

  if (target < 0 || target >= f->sizecode)
    verify_fail (V, "jump out of the code");
  t = f->code[target];
  if (GET_OPCODE (t) == OP_EXTRAARG)
    verify_fail (V, "jump into an instruction's argument");
  if (verify_usestop (t))
    verify_fail (V, "jump to an instruction that uses the stack top");
  if (GET_OPCODE (t) == OP_VARARGPREP)
    verify_fail (V, "jump to the vararg preparation");
}

static Instruction
verify_next (Verifier *V)
{
  if (V->pc + 1 >= V->f->sizecode)
    verify_fail (V, "missing next instruction");
  return V->f->code[V->pc + 1];
}

/* Table sizes in NEWTABLE and SETLIST are trusted by the VM, which
** allocates them at once.  The compiler derives them from the items of a
** constructor, and every item costs code: a record field at least one
** store, a list item its share of a SETLIST (at most MAXARG_vB each).
** Bounding them by the code size keeps a forged size from asking for
** gigabytes, or from wrapping the unsigned index SETLIST counts down. */
static void
verify_listsize (Verifier *V, int64_t n)
{
  if (n > (int64_t) V->f->sizecode * MAXARG_vB)
    verify_fail (V, "table size out of range");
}

/* vB of NEWTABLE is log2 (hash size) + 1: 2^(vB - 1) < 2 * record fields,
** and the VM shifts by vB - 1 (must stay below 32). */
static void
verify_hashsize (Verifier *V, int vb)
{
  if (vb > 0 && (vb > 31
                 || ((int64_t) 1 << (vb - 1)) >= 2 * (int64_t) V->f->sizecode))
    verify_fail (V, "table size out of range");
}

static void
verify_instruction (Verifier *V, Instruction i)
{
  const Proto *f = V->f;
  int pc = V->pc;
  OpCode op = GET_OPCODE (i);
  int a = GETARG_A (i), b = GETARG_B (i), c = GETARG_C (i);
  int hidden = (f->flag & PF_VAHID) != 0;

  if ((int) op >= NUM_OPCODES)
    verify_fail (V, "invalid opcode");
  if (testTMode (op) && GET_OPCODE (verify_next (V)) != OP_JMP)
    verify_fail (V, "test not followed by a jump");
  if (verify_isarith (op)) {
    OpCode nop = GET_OPCODE (verify_next (V));

    /* on success the VM skips the following metamethod fallback */
    if (nop != OP_MMBIN && nop != OP_MMBINI && nop != OP_MMBINK)
      verify_fail (V, "arithmetic without metamethod fallback");
    verify_target (V, pc + 2);
  }
  if (verify_usestop (i)) {
    Instruction prev;
    int pa;

    if (pc == 0 || !verify_setstop (prev = f->code[pc - 1]))
      verify_fail (V, "stack top not set");
    pa = GETARG_A (prev);
    /* the values counted from top must start at or above the operands */
    if (op == OP_RETURN ? pa < a : pa <= a)
      verify_fail (V, "stack top below operands");
  }
  switch (op) {
    case OP_MOVE:
      verify_reg (V, a);
      verify_reg (V, b);
      break;
    case OP_LOADI: case OP_LOADF: case OP_LOADFALSE: case OP_LOADTRUE:
      verify_reg (V, a);
      break;
    case OP_LFALSESKIP:
      verify_reg (V, a);
      verify_target (V, pc + 2);
      break;
    case OP_LOADK:
      verify_reg (V, a);
      verify_k (V, GETARG_Bx (i));
      break;
    case OP_LOADKX: {
      Instruction n = verify_next (V);

      verify_reg (V, a);
      if (GET_OPCODE (n) != OP_EXTRAARG)
        verify_fail (V, "missing EXTRAARG");
      verify_k (V, GETARG_Ax (n));
      break;
    }
    case OP_LOADNIL:
      verify_regs (V, a, b + 1);
      break;
    case OP_GETUPVAL: case OP_SETUPVAL:
      verify_reg (V, a);
      verify_upval (V, b);
      break;
    case OP_GETTABUP:
      verify_reg (V, a);
      verify_upval (V, b);
      verify_kshortstr (V, c);
      break;
    case OP_GETTABLE:
      verify_reg (V, a);
      verify_reg (V, b);
      verify_reg (V, c);
      break;
    case OP_GETI:
      verify_reg (V, a);
      verify_reg (V, b);
      break;
    case OP_GETFIELD:
      verify_reg (V, a);
      verify_reg (V, b);
      verify_kshortstr (V, c);
      break;
    case OP_SETTABUP:
      verify_upval (V, a);
      verify_kshortstr (V, b);
      verify_rk (V, i);
      break;
    case OP_SETTABLE:
      verify_reg (V, a);
      verify_reg (V, b);
      verify_rk (V, i);
      break;
    case OP_SETI:
      verify_reg (V, a);
      verify_rk (V, i);
      break;
    case OP_SETFIELD:
      verify_reg (V, a);
      verify_kshortstr (V, b);
      verify_rk (V, i);
      break;
    case OP_NEWTABLE: {
      Instruction n = verify_next (V);
      int64_t asize = GETARG_vC (i);

      verify_reg (V, a);
      /* the VM steps over the EXTRAARG whether or not it uses it */
      if (GET_OPCODE (n) != OP_EXTRAARG)
        verify_fail (V, "missing EXTRAARG");
      if (GETARG_k (i))
        asize += (int64_t) GETARG_Ax (n) * (MAXARG_vC + 1);
      verify_listsize (V, asize);
      verify_hashsize (V, GETARG_vB (i));
      break;
    }
    case OP_SELF:
      verify_regs (V, a, 2);
      verify_reg (V, b);
      verify_kshortstr (V, c);
      break;
    case OP_ADDI: case OP_SHLI: case OP_SHRI:
      verify_reg (V, a);
      verify_reg (V, b);
      break;
    case OP_ADDK: case OP_SUBK: case OP_MULK: case OP_MODK:
    case OP_POWK: case OP_DIVK: case OP_IDIVK:
      verify_reg (V, a);
      verify_reg (V, b);
      if (!ttisnumber (verify_k (V, c)))
        verify_fail (V, "constant is not a number");
      break;
    case OP_BANDK: case OP_BORK: case OP_BXORK:
      verify_reg (V, a);
      verify_reg (V, b);
      if (!ttisinteger (verify_k (V, c)))
        verify_fail (V, "constant is not an integer");
      break;
    case OP_ADD: case OP_SUB: case OP_MUL: case OP_MOD: case OP_POW:
    case OP_DIV: case OP_IDIV: case OP_BAND: case OP_BOR: case OP_BXOR:
    case OP_SHL: case OP_SHR:
      verify_reg (V, a);
      verify_reg (V, b);
      verify_reg (V, c);
      break;
    case OP_MMBIN: case OP_MMBINI: case OP_MMBINK:
      /* the result goes to the A of the arithmetic instruction before */
      if (pc == 0 || !verify_isarith (GET_OPCODE (f->code[pc - 1])))
        verify_fail (V, "metamethod fallback without arithmetic");
      verify_reg (V, a);
      if (op == OP_MMBIN)
        verify_reg (V, b);
      else if (op == OP_MMBINK)
        verify_k (V, b);
      if (c < TM_ADD || c > TM_SHR)
        verify_fail (V, "invalid metamethod event");
      break;
    case OP_UNM: case OP_BNOT: case OP_NOT: case OP_LEN:
      verify_reg (V, a);
      verify_reg (V, b);
      break;
    case OP_CONCAT:
      if (b < 1)
        verify_fail (V, "empty concatenation");
      verify_regs (V, a, b);
      break;
    case OP_CLOSE:
      verify_regs (V, a, 0);
      break;
    case OP_TBC:
      verify_reg (V, a);
      break;
    case OP_JMP:
      verify_target (V, pc + 1 + GETARG_sJ (i));
      break;
    case OP_EQ: case OP_LT: case OP_LE:
      verify_reg (V, a);
      verify_reg (V, b);
      break;
    case OP_EQK:
      verify_reg (V, a);
      verify_k (V, b);
      break;
    case OP_EQI: case OP_LTI: case OP_LEI: case OP_GTI: case OP_GEI:
    case OP_TEST:
      verify_reg (V, a);
      break;
    case OP_TESTSET:
      verify_reg (V, a);
      verify_reg (V, b);
      break;
    case OP_CALL:
      verify_reg (V, a);
      if (b > 0)
        verify_regs (V, a, b);
      if (c > 0)
        verify_regs (V, a, c - 1);
      break;
    case OP_TAILCALL: case OP_RETURN:
      if (op == OP_TAILCALL || b != 1)
        verify_reg (V, a);
      else
        verify_regs (V, a, 0);
      if (b > 0)
        verify_regs (V, a, op == OP_TAILCALL ? b : b - 1);
      /* C > 0 tells the VM where the real frame starts (hidden varargs) */
      if (c != (hidden ? f->numparams + 1 : 0))
        verify_fail (V, "return does not match the vararg frame");
      break;
    case OP_RETURN0: case OP_RETURN1:
      /* these cannot undo a hidden-vararg frame */
      if (hidden)
        verify_fail (V, "return does not match the vararg frame");
      if (op == OP_RETURN1)
        verify_reg (V, a);
      break;
    case OP_FORLOOP:
      verify_regs (V, a, 3);
      verify_target (V, pc + 1 - GETARG_Bx (i));
      break;
    case OP_FORPREP:
      verify_regs (V, a, 3);
      verify_target (V, pc + 2 + GETARG_Bx (i));
      break;
    case OP_TFORPREP: {
      int target = pc + 1 + GETARG_Bx (i);

      /* the VM runs the target as the TFORCALL of this loop without
      ** decoding it: it must be one, on the same registers */
      verify_regs (V, a, 4);
      verify_target (V, target);
      if (GET_OPCODE (f->code[target]) != OP_TFORCALL
          || GETARG_A (f->code[target]) != a)
        verify_fail (V, "generic for without its call instruction");
      break;
    }
    case OP_TFORCALL: {
      Instruction n = verify_next (V);

      /* the generator is called from R[A+3] (function and two arguments
      ** copied to R[A+3..A+5]), its C results land from R[A+3] on, and
      ** the loop continues straight into TFORLOOP */
      verify_regs (V, a, 6);
      verify_regs (V, a + 3, c);
      if (GET_OPCODE (n) != OP_TFORLOOP || GETARG_A (n) != a)
        verify_fail (V, "generic for without its loop instruction");
      break;
    }
    case OP_TFORLOOP:
      verify_regs (V, a, 4);
      verify_target (V, pc + 1 - GETARG_Bx (i));
      break;
    case OP_SETLIST: {
      int64_t first = GETARG_vC (i);

      verify_reg (V, a);
      if (GETARG_vB (i) > 0)
        verify_regs (V, a, GETARG_vB (i) + 1);
      if (GETARG_k (i)) {
        Instruction n = verify_next (V);

        if (GET_OPCODE (n) != OP_EXTRAARG)
          verify_fail (V, "missing EXTRAARG");
        first += (int64_t) GETARG_Ax (n) * (MAXARG_vC + 1);
      }
      /* items stored before this one were flushed by earlier SETLISTs */
      verify_listsize (V, first);
      break;
    }
    case OP_CLOSURE:
      verify_reg (V, a);
      if (GETARG_Bx (i) >= f->sizep)
        verify_fail (V, "function index out of range");
      break;
    case OP_VARARG:
      if (!isvararg (f))
        verify_fail (V, "vararg in a fixed-arguments function");
      /* the vararg table (k) or the hidden arguments, as the frame has */
      if (GETARG_k (i) ? !(f->flag & PF_VATAB) : !hidden)
        verify_fail (V, "vararg access does not match the frame");
      /* the vararg table lives in the vararg parameter's register */
      if (GETARG_k (i) && b != f->numparams)
        verify_fail (V, "vararg table is not the vararg parameter");
      verify_reg (V, a);
      if (c > 0)
        verify_regs (V, a, c - 1);
      break;
    case OP_GETVARG:
      if (!hidden)
        verify_fail (V, "vararg access does not match the frame");
      verify_reg (V, a);
      verify_reg (V, b);
      verify_reg (V, c);
      break;
    case OP_ERRNNIL:
      verify_reg (V, a);
      if (GETARG_Bx (i) > 0 && !ttisstring (verify_k (V, GETARG_Bx (i) - 1)))
        verify_fail (V, "constant is not a string");
      break;
    case OP_VARARGPREP:
      if (pc != 0 || !isvararg (f))
        verify_fail (V, "misplaced vararg preparation");
      break;
    case OP_EXTRAARG: {
      OpCode pop = pc > 0 ? GET_OPCODE (f->code[pc - 1]) : OP_EXTRAARG;

      if (pop != OP_LOADKX && pop != OP_NEWTABLE
          && !(pop == OP_SETLIST && GETARG_k (f->code[pc - 1])))
        verify_fail (V, "misplaced EXTRAARG");
      break;
    }
    default:
      verify_fail (V, "invalid opcode");
  }
}

/* -- To-be-closed variables ------------------------------------------------
** The open tbc variables of a thread form a list threaded through the
** stack, each linked by its (unsigned) distance to the previous one, so a
** new one must lie above every one still open: el_func_newtbcupval only
** asserts it, and below the head it would walk off the stack.  Which
** variables are open depends on the path taken, so a forward data flow
** computes, for every reachable instruction, the set of registers that may
** hold an open tbc variable on entry (the compiler nests them like blocks;
** CLOSE A closes R[A] and up), and checks that
**   - TBC, and TFORPREP marking R[A+2], go above all of them;
**   - a call (CALL, TFORCALL at R[A+3], a CONCAT's metamethod) builds its
**     frame above them, where the callee may open its own;
**   - only a closing RETURN (k) leaves the function while one is open.
** This runs after verify_instruction, so every target is known valid. */

/* Registers are 0 .. 254: bit 255 of a set marks "reached". */
#define TBC_WORDS     4
#define TBC_REACHED   255

typedef struct TbcSet {
  uint64_t w[TBC_WORDS];
} TbcSet;

typedef struct TbcFlow {
  TbcSet *state;              /* per instruction, on entry */
  int *work;                  /* instructions whose state grew */
  uint8_t *queued;
  int nwork;
} TbcFlow;

#define tbc_has(s, r)  (((s)->w[(r) >> 6] >> ((r) & 63)) & 1)
#define tbc_add(s, r)  ((s)->w[(r) >> 6] |= (uint64_t) 1 << ((r) & 63))

/* Highest open register in 's', -1 if none. */
static int
verify_tbchigh (const TbcSet *s)
{
  int r;

  for (r = TBC_REACHED - 1; r >= 0; r--) {
    if (tbc_has (s, r))
      return r;
  }
  return -1;
}

/* Remove registers >= 'level' (CLOSE) from 's'. */
static void
verify_tbcclose (TbcSet *s, int level)
{
  int r;

  for (r = level < 0 ? 0 : level; r < TBC_REACHED; r++)
    s->w[r >> 6] &= ~((uint64_t) 1 << (r & 63));
}

/* Control may reach 'pc' with the variables of 's' open. */
static void
verify_tbcflow_to (TbcFlow *T, int pc, const TbcSet *s)
{
  TbcSet *d = &T->state[pc];
  int grew = 0;
  int j;

  for (j = 0; j < TBC_WORDS; j++) {
    uint64_t u = d->w[j] | s->w[j];

    if (u != d->w[j])
      grew = 1;
    d->w[j] = u;
  }
  if (!tbc_has (d, TBC_REACHED)) {
    tbc_add (d, TBC_REACHED);
    grew = 1;
  }
  if (grew && !T->queued[pc]) {
    T->queued[pc] = 1;
    T->work[T->nwork++] = pc;
  }
}

static void
verify_tbcstep (Verifier *V, TbcFlow *T)
{
  Instruction i = V->f->code[V->pc];
  OpCode op = GET_OPCODE (i);
  int pc = V->pc;
  int a = GETARG_A (i);
  TbcSet s = T->state[pc];
  int high = verify_tbchigh (&s);

  switch (op) {
    case OP_TBC:
      if (a <= high)
        verify_fail (V, "to-be-closed variable below an open one");
      tbc_add (&s, a);
      break;
    case OP_TFORPREP:
      if (a + 2 <= high)
        verify_fail (V, "to-be-closed variable below an open one");
      tbc_add (&s, a + 2);
      verify_tbcflow_to (T, pc + 1 + GETARG_Bx (i), &s);
      return;
    case OP_CLOSE:
      verify_tbcclose (&s, a);
      break;
    case OP_CALL: case OP_CONCAT:
      if (a <= high)
        verify_fail (V, "call below an open to-be-closed variable");
      break;
    case OP_TFORCALL:
      if (a + 3 <= high)
        verify_fail (V, "call below an open to-be-closed variable");
      break;
    case OP_RETURN:
      if (!GETARG_k (i) && high >= 0)
        verify_fail (V, "return without closing a to-be-closed variable");
      return;
    case OP_RETURN0: case OP_RETURN1: case OP_TAILCALL:
      /* (TAILCALL's k closes upvalues only) */
      if (high >= 0)
        verify_fail (V, "return without closing a to-be-closed variable");
      return;
    case OP_JMP:
      verify_tbcflow_to (T, pc + 1 + GETARG_sJ (i), &s);
      return;
    case OP_LFALSESKIP:
      verify_tbcflow_to (T, pc + 2, &s);
      return;
    case OP_FORPREP:
      verify_tbcflow_to (T, pc + 2 + GETARG_Bx (i), &s);
      break;
    case OP_FORLOOP: case OP_TFORLOOP:
      verify_tbcflow_to (T, pc + 1 - GETARG_Bx (i), &s);
      break;
    default:
      /* the skip over a test's JMP or an arithmetic's MMBIN* */
      if (testTMode (op) || verify_isarith (op))
        verify_tbcflow_to (T, pc + 2, &s);
      break;
  }
  /* falling through (an EXTRAARG passes the state on unchanged) */
  verify_tbcflow_to (T, pc + 1, &s);
}

static void
verify_tbc (Verifier *V)
{
  LoadState *S = V->S;
  size_t n = (size_t) V->f->sizecode;
  size_t bytes = n * (sizeof (TbcSet) + sizeof (int) + 1);
  TbcSet none;
  TString *ts;
  TbcFlow T;

  /* scratch memory as a string in the anchor slot: the collector frees it
  ** even when verification fails with an error */
  ts = el_str_createlngstrobj (S->L, bytes);
  setsvalue (S->L, undump_anchorslot (S), ts);
  memset (getstr (ts), 0, bytes);
  T.state = (TbcSet *) (void *) getstr (ts);
  T.work = (int *) (void *) (T.state + n);
  T.queued = (uint8_t *) (T.work + n);
  T.nwork = 0;
  memset (&none, 0, sizeof none);
  verify_tbcflow_to (&T, 0, &none);
  while (T.nwork > 0) {
    V->pc = T.work[--T.nwork];
    T.queued[V->pc] = 0;
    verify_tbcstep (V, &T);
  }
  setnilvalue (undump_anchorslot (S));
}

static void
undump_verify (LoadState *S, const Proto *f, const Proto *parent)
{
  Verifier V;
  OpCode last;
  int i;

  V.S = S;
  V.f = f;
  V.pc = 0;
  /* upvalues of a nested function come from the enclosing one's registers
  ** or upvalues; the main function's are created fresh by the loader */
  if (parent != NULL) {
    for (i = 0; i < f->sizeupvalues; i++) {
      const Upvaldesc *uv = &f->upvalues[i];

      if (uv->instack ? uv->idx >= parent->maxstacksize
                      : uv->idx >= parent->sizeupvalues)
        undump_error (S, "upvalue descriptor out of range");
    }
  }
  if (isvararg (f) && GET_OPCODE (f->code[0]) != OP_VARARGPREP)
    undump_error (S, "vararg function without vararg preparation");
  last = GET_OPCODE (f->code[f->sizecode - 1]);
  if (last != OP_RETURN && last != OP_RETURN0 && last != OP_RETURN1)
    undump_error (S, "code does not end with a return");
  for (V.pc = 0; V.pc < f->sizecode; V.pc++)
    verify_instruction (&V, f->code[V.pc]);
  verify_tbc (&V);
  for (i = 0; i < f->sizep; i++)
    undump_verify (S, f->p[i], f);
}

/* The executable form of f and its nested functions, once all verified. */
static void
undump_xcode (ElaraState *L, Proto *f)
{
  int i;
  el_func_setxcode (L, f);
  for (i = 0; i < f->sizep; i++)
    undump_xcode (L, f->p[i]);
}

/* -- Entry point --------------------------------------------------------- */

LClosure *
el_undump_load (ElaraState *L, Stream *Z, const char *name)
{
  LoadState S;
  LClosure *cl;
  int nupvals;

  if (*name == '@' || *name == '=')
    name = name + 1;
  else if (*name == EL_SIGNATURE[0])
    name = "binary string";
  S.L = L;
  S.Z = Z;
  S.name = name;
  S.offset = 1;               /* the signature's first byte */
  S.nstr = 0;
  undump_header (&S);
  nupvals = undump_byte (&S);
  /* stack: closure, string list, anchor for the string being read */
  el_call_checkstack (L, 3);
  cl = el_func_newLclosure (L, nupvals);
  setclLvalue (L, s2v (L->top), cl);
  L->top++;
  S.strs = el_table_new (L);
  sethvalue (L, s2v (L->top), S.strs);
  L->top++;
  setnilvalue (s2v (L->top));
  S.anchor = savestack (L, L->top);
  L->top++;
  cl->p = el_func_newproto (L);
  el_gc_objbarrier (L, cl, cl->p);
  undump_function (&S, cl->p, 0);
  if (cl->nupvalues != cl->p->sizeupvalues)
    undump_error (&S, "corrupted chunk");
  undump_verify (&S, cl->p, NULL);
  undump_xcode (L, cl->p);
  L->top -= 2;                /* anchor and string list */
  /* like the parser, leaves the upvalues to the caller (protectedparser
  ** runs el_func_initupvals on whatever closure it got) */
  return cl;
}
