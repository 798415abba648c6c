/*
** compile.c: the code generator behind the parser (registers, jump lists,
** constants, operand-specialised instruction selection, constant folding)
** SPDX-License-Identifier: MIT
**
** The instruction set and its operand conventions are those of opcodes.h.
** Every instruction gets the absolute source line of the last token read
** (Proto.lineinfo has one int per instruction).
*/
#include "config.h"
#include "compile.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "call.h"
#include "func.h"
#include "gc.h"
#include "lex.h"
#include "mem.h"
#include "meta.h"
#include "object.h"
#include "str.h"
#include "table.h"

/* -- Errors and limits --------------------------------------------------- */

void
el_compile_semerror (LexState *ls, const char *fmt, ...)
{
  va_list ap;
  const char *msg;

  va_start (ap, fmt);
  msg = el_object_pushvfstring (ls->L, fmt, ap);
  va_end (ap);
  /* semantic errors concern what was already read: report the line of the
  ** last consumed token and no "near" part */
  ls->linenumber = ls->lastline;
  el_lex_error (ls, msg, 0);
}

void
el_compile_checklimit (FuncState *fs, int v, int l, const char *what)
{
  ElaraState *L = fs->ls->L;
  const char *where;

  if (el_likely (v <= l))
    return;
  if (fs->f->linedefined == 0)
    where = "main function";
  else
    where = el_object_pushfstring (L, "function at line %d",
                                   fs->f->linedefined);
  el_lex_syntaxerror (fs->ls, el_object_pushfstring (L,
                        "too many %s (limit is %d) in %s", what, l, where));
}

/* Registers are assigned to in-register declarations in order, so the level
** below declaration 'nvar' is one past the register of the nearest
** in-register declaration under it (globals and compile-time constants take
** no register). */
int
el_compile_reglevel (FuncState *fs, int nvar)
{
  VarDesc *vars = dyd_actvar (fs->ls) + fs->firstlocal;

  while (nvar-- > 0) {
    if (vd_inreg (&vars[nvar]))
      return vars[nvar].ridx + 1;
  }
  return 0;
}

int
el_compile_nvarstack (FuncState *fs)
{
  return el_compile_reglevel (fs, fs->nactvar);
}

/* -- Emitting instructions ----------------------------------------------- */

int
el_compile_code (FuncState *fs, Instruction i)
{
  Proto *f = fs->f;
  ElaraState *L = fs->ls->L;

  if (fs->pc >= f->sizecode)
    el_mem_growvector (L, f->code, fs->pc, f->sizecode, Instruction, INT_MAX,
                       "opcodes");
  if (f->sizelineinfo < f->sizecode) {
    el_mem_reallocvector (L, f->lineinfo, f->sizelineinfo, f->sizecode, int);
    f->sizelineinfo = f->sizecode;
  }
  f->code[fs->pc] = i;
  f->lineinfo[fs->pc] = fs->ls->lastline;
  return fs->pc++;
}

int
el_compile_codeABCk (FuncState *fs, OpCode o, int a, int b, int c, int k)
{
  el_assert (getOpMode (o) == iABC);
  el_assert (a <= MAXARG_A && b <= MAXARG_B && c <= MAXARG_C && (k & ~1) == 0);
  return el_compile_code (fs, CREATE_ABCk (o, a, b, c, k));
}

int
el_compile_codevABCk (FuncState *fs, OpCode o, int a, int b, int c, int k)
{
  el_assert (getOpMode (o) == ivABC);
  el_assert (a <= MAXARG_A && b <= MAXARG_vB && c <= MAXARG_vC
             && (k & ~1) == 0);
  return el_compile_code (fs, CREATE_vABCk (o, a, b, c, k));
}

int
el_compile_codeABx (FuncState *fs, OpCode o, int a, unsigned int bx)
{
  el_assert (getOpMode (o) == iABx);
  el_assert (a <= MAXARG_A && bx <= MAXARG_Bx);
  return el_compile_code (fs, CREATE_ABx (o, a, bx));
}

static int
compile_codeAsBx (FuncState *fs, OpCode o, int a, int sbx)
{
  el_assert (getOpMode (o) == iAsBx);
  el_assert (a <= MAXARG_A && sbx + OFFSET_sBx <= MAXARG_Bx);
  return el_compile_code (fs, CREATE_ABx (o, a, (unsigned int) (sbx
                                                              + OFFSET_sBx)));
}

static int
compile_codesJ (FuncState *fs, OpCode o, int sj, int k)
{
  el_assert (getOpMode (o) == isJ);
  return el_compile_code (fs, CREATE_sJ (o, (unsigned int) (sj + OFFSET_sJ),
                                         k));
}

static int
compile_extraarg (FuncState *fs, int ax)
{
  el_assert (ax <= MAXARG_Ax);
  return el_compile_code (fs, CREATE_Ax (OP_EXTRAARG, ax));
}

void
el_compile_fixline (FuncState *fs, int line)
{
  fs->f->lineinfo[fs->pc - 1] = line;
}

/* The last instruction, when no jump can land between it and the next one
** (otherwise a value that matches no opcode, which disables peepholes). */
static Instruction *
compile_previous (FuncState *fs)
{
  static const Instruction invalid = ~(Instruction) 0;

  if (fs->pc > fs->lasttarget)
    return &fs->f->code[fs->pc - 1];
  return (Instruction *) &invalid;
}

static void
compile_removelast (FuncState *fs)
{
  fs->pc--;
}

/* -- Registers ----------------------------------------------------------- */

void
el_compile_checkstack (FuncState *fs, int n)
{
  int newstack = fs->freereg + n;

  if (newstack > fs->f->maxstacksize) {
    el_compile_checklimit (fs, newstack, MAXREGS, "registers");
    fs->f->maxstacksize = cast_byte (newstack);
  }
}

void
el_compile_reserveregs (FuncState *fs, int n)
{
  el_compile_checkstack (fs, n);
  fs->freereg = cast_byte (fs->freereg + n);
}

/* Temporaries are freed in stack order; registers of locals never are. */
static void
compile_freereg (FuncState *fs, int reg)
{
  if (reg >= el_compile_nvarstack (fs)) {
    fs->freereg--;
    el_assert (reg == fs->freereg);
  }
}

static void
compile_freeregs (FuncState *fs, int r1, int r2)
{
  if (r1 > r2) {
    compile_freereg (fs, r1);
    compile_freereg (fs, r2);
  }
  else {
    compile_freereg (fs, r2);
    compile_freereg (fs, r1);
  }
}

static void
compile_freeexp (FuncState *fs, ExpDesc *e)
{
  if (e->k == EK_NONRELOC)
    compile_freereg (fs, e->u.info);
}

static void
compile_freeexps (FuncState *fs, ExpDesc *e1, ExpDesc *e2)
{
  int r1 = (e1->k == EK_NONRELOC) ? e1->u.info : -1;
  int r2 = (e2->k == EK_NONRELOC) ? e2->u.info : -1;

  compile_freeregs (fs, r1, r2);
}

void
el_compile_nil (FuncState *fs, int from, int n)
{
  Instruction *prev = compile_previous (fs);
  int last = from + n - 1;

  /* 'local a; local b' and friends: widen the previous LOADNIL when the two
  ** ranges touch or overlap */
  if (GET_OPCODE (*prev) == OP_LOADNIL) {
    int pfrom = GETARG_A (*prev);
    int plast = pfrom + GETARG_B (*prev);

    if ((pfrom <= from && from <= plast + 1)
        || (from <= pfrom && pfrom <= last + 1)) {
      if (pfrom < from)
        from = pfrom;
      if (plast > last)
        last = plast;
      SETARG_A (*prev, from);
      SETARG_B (*prev, last - from);
      return;
    }
  }
  el_compile_codeABC (fs, OP_LOADNIL, from, n - 1, 0);
}

/* -- Jumps --------------------------------------------------------------- */

static int
compile_getjump (FuncState *fs, int pc)
{
  int offset = GETARG_sJ (fs->f->code[pc]);

  /* a jump to itself marks the end of a list */
  return (offset == NO_JUMP) ? NO_JUMP : pc + 1 + offset;
}

static void
compile_fixjump (FuncState *fs, int pc, int dest)
{
  Instruction *jmp = &fs->f->code[pc];
  int offset = dest - (pc + 1);

  el_assert (dest != NO_JUMP && GET_OPCODE (*jmp) == OP_JMP);
  if (!(-OFFSET_sJ <= offset && offset <= MAXARG_sJ - OFFSET_sJ))
    el_lex_syntaxerror (fs->ls, "control structure too long");
  SETARG_sJ (*jmp, offset);
}

void
el_compile_concat (FuncState *fs, int *l1, int l2)
{
  int list, next;

  if (l2 == NO_JUMP)
    return;
  if (*l1 == NO_JUMP) {
    *l1 = l2;
    return;
  }
  list = *l1;
  while ((next = compile_getjump (fs, list)) != NO_JUMP)
    list = next;
  compile_fixjump (fs, list, l2);
}

int
el_compile_jump (FuncState *fs)
{
  return compile_codesJ (fs, OP_JMP, NO_JUMP, 0);
}

void
el_compile_ret (FuncState *fs, int first, int nret)
{
  OpCode op = (nret == 0) ? OP_RETURN0 : (nret == 1) ? OP_RETURN1 : OP_RETURN;

  el_compile_checklimit (fs, nret + 1, MAXARG_B, "returns");
  el_compile_codeABC (fs, op, first, nret + 1, 0);
}

static int
compile_condjump (FuncState *fs, OpCode op, int a, int b, int c, int k)
{
  el_compile_codeABCk (fs, op, a, b, c, k);
  return el_compile_jump (fs);
}

int
el_compile_getlabel (FuncState *fs)
{
  fs->lasttarget = fs->pc;
  return fs->pc;
}

/* The test deciding a conditional jump (the instruction before it), or the
** jump itself when unconditional. */
static Instruction *
compile_jumpcontrol (FuncState *fs, int pc)
{
  Instruction *pi = &fs->f->code[pc];

  if (pc >= 1 && testTMode (GET_OPCODE (*(pi - 1))))
    return pi - 1;
  return pi;
}

/* A TESTSET whose value is wanted in 'reg' gets it as destination; one whose
** value is not wanted (reg == NO_REG, or already in place) decays to TEST.
** Returns 0 when the jump is not controlled by a TESTSET. */
static int
compile_patchtestreg (FuncState *fs, int node, int reg)
{
  Instruction *i = compile_jumpcontrol (fs, node);

  if (GET_OPCODE (*i) != OP_TESTSET)
    return 0;
  if (reg != NO_REG && reg != GETARG_B (*i))
    SETARG_A (*i, reg);
  else
    *i = CREATE_ABCk (OP_TEST, GETARG_B (*i), 0, 0, GETARG_k (*i));
  return 1;
}

static void
compile_removevalues (FuncState *fs, int list)
{
  for (; list != NO_JUMP; list = compile_getjump (fs, list))
    compile_patchtestreg (fs, list, NO_REG);
}

/* Value-producing tests (TESTSET) go to 'vtarget' leaving their value in
** 'reg'; all other jumps go to 'dtarget'. */
static void
compile_patchlistaux (FuncState *fs, int list, int vtarget, int reg,
                      int dtarget)
{
  while (list != NO_JUMP) {
    int next = compile_getjump (fs, list);

    if (compile_patchtestreg (fs, list, reg))
      compile_fixjump (fs, list, vtarget);
    else
      compile_fixjump (fs, list, dtarget);
    list = next;
  }
}

void
el_compile_patchlist (FuncState *fs, int list, int target)
{
  el_assert (target <= fs->pc);
  compile_patchlistaux (fs, list, target, NO_REG, target);
}

void
el_compile_patchtohere (FuncState *fs, int list)
{
  el_compile_patchlist (fs, list, el_compile_getlabel (fs));
}

/* A while loop runs its condition at the bottom: the condition's code is
** copied after the body, its last test negated to jump back to the body,
** so an iteration costs no unconditional jump (one dispatch less).  The
** original condition stays in place for the first test.  Line events are
** those of the usual shape: the copy keeps the condition's lines, and the
** test jumping back to the body is a backward jump like the one it
** replaces.  Invariant of the condition code (parse_cond, goiftrue): every
** JMP in it is either in the false list or goes to a place in
** [start, end] (the true exits of 'or' go to the body, end); its last
** instruction is a false exit controlled by a test.  Anything else, and
** closures (copying one would make a second CLOSURE site), keeps the
** usual shape.  So does a body whose end is a jump target (it ends with an
** 'if', or a label): its jumps to the end already go straight to the
** condition (el_compile_finish follows the jump back), and a copy would add
** a taken jump per iteration instead of saving one (measured 10% slower). */
#define MAXLOOPCOND  40

int
el_compile_loopcond (FuncState *fs, int start, int end, int *exits)
{
  Instruction *code = fs->f->code;
  int last = end - 1;
  int delta, p, list, newexits = NO_JUMP;
  char isexit[MAXLOOPCOND];

  if (*exits == NO_JUMP || fs->lasttarget == fs->pc || end - start < 2 || end - start > MAXLOOPCOND
      || GET_OPCODE (code[last]) != OP_JMP
      || !testTMode (GET_OPCODE (code[last - 1])))
    return 0;
  memset (isexit, 0, sizeof isexit);
  for (list = *exits; list != NO_JUMP; list = compile_getjump (fs, list)) {
    if (list < start || list >= end)
      return 0;
    isexit[list - start] = 1;
  }
  if (!isexit[last - start])
    return 0;
  for (p = start; p < end; p++) {
    OpCode op = GET_OPCODE (code[p]);

    if (op == OP_CLOSURE)
      return 0;
    if (op == OP_JMP && !isexit[p - start]) {
      int dest = p + 1 + GETARG_sJ (code[p]);

      if (dest < start || dest > end)
        return 0;
    }
  }
  delta = fs->pc - start;
  for (p = start; p < end; p++) {
    Instruction ins = fs->f->code[p];
    int line = fs->f->lineinfo[p];

    el_compile_code (fs, ins);
    el_compile_fixline (fs, line);
  }
  code = fs->f->code;  /* (may have moved) */
  for (p = start; p < last; p++) {
    if (GET_OPCODE (code[p]) != OP_JMP)
      continue;
    if (isexit[p - start]) {
      /* a false exit of the copy: relinked into a list of its own */
      SETARG_sJ (code[p + delta], NO_JUMP);
      el_compile_concat (fs, &newexits, p + delta);
    }
    else if (p + 1 + GETARG_sJ (code[p]) == end)
      compile_fixjump (fs, p + delta, end);  /* a true exit: to the body */
  }
  /* the last test, negated, goes around again (a TESTSET's value is not
  ** wanted: it becomes a TEST) */
  compile_patchtestreg (fs, last + delta, NO_REG);
  SETARG_k (code[last - 1 + delta], GETARG_k (code[last - 1 + delta]) ^ 1);
  compile_fixjump (fs, last + delta, end);
  el_compile_concat (fs, exits, newexits);
  return 1;
}

void
el_compile_patchclose (FuncState *fs, int pc, int level)
{
  Instruction *code = fs->f->code;

  el_assert (GET_OPCODE (code[pc]) == OP_JMP
             && GET_OPCODE (code[pc + 1]) == OP_CLOSE);
  /* the jump is still the only element of its list (offset NO_JUMP points
  ** to itself), so moving it one slot down keeps it a valid list */
  code[pc + 1] = code[pc];
  code[pc] = CREATE_ABCk (OP_CLOSE, level, 0, 0, 0);
}

/* -- Constants --------------------------------------------------------------
** fs->kcache maps a key describing each constant to its index in f->k, so
** that every distinct constant is stored once.  Strings, integers and
** booleans are their own keys.  A float is keyed by its bit pattern as a
** light userdata (a float key would collide with the integer of the same
** value in a table); nil by the cache table itself.  A hit is verified
** against f->k, so a collision (pointers narrower than 64 bits) only costs
** a duplicate entry. */

static int
compile_addk (FuncState *fs, const TValue *v)
{
  ElaraState *L = fs->ls->L;
  Proto *f = fs->f;
  int oldsize = f->sizek;
  int k = fs->nk;

  el_mem_growvector (L, f->k, k, f->sizek, TValue, MAXARG_Ax, "constants");
  /* the collector traverses all sizek slots */
  while (oldsize < f->sizek)
    setnilvalue (&f->k[oldsize++]);
  setobj (L, &f->k[k], v);
  el_object_setkhint (&f->k[k], 0);
  fs->nk++;
  el_gc_barrier (L, f, v);
  return k;
}

static int
compile_samek (const TValue *a, const TValue *b)
{
  if (rawtt (a) != rawtt (b))
    return 0;
  switch (ttypetag (a)) {
    case EL_VNIL: case EL_VFALSE: case EL_VTRUE:
      return 1;
    case EL_VNUMINT:
      return ivalue (a) == ivalue (b);
    case EL_VNUMFLT:
      return memcmp (&val_ (a).n, &val_ (b).n, sizeof (ElNum)) == 0;
    case EL_VSHRSTR:
      return tsvalue (a) == tsvalue (b);
    case EL_VLNGSTR:
      return el_str_eqlngstr (tsvalue (a), tsvalue (b));
    default:
      return 0;
  }
}

static int
compile_cachedk (FuncState *fs, const TValue *key, const TValue *v)
{
  ElaraState *L = fs->ls->L;
  TValue slot, idx;
  int k;

  if (el_table_get (fs->kcache, key, &slot) == EL_VNUMINT) {
    k = cast_int (ivalue (&slot));
    if (k < fs->nk && compile_samek (&fs->f->k[k], v))
      return k;
    return compile_addk (fs, v);
  }
  k = compile_addk (fs, v);
  setivalue (&idx, k);
  el_table_set (L, fs->kcache, key, &idx);
  return k;
}

int
el_compile_stringK (FuncState *fs, TString *s)
{
  TValue o;

  setsvalue (fs->ls->L, &o, s);
  return compile_cachedk (fs, &o, &o);
}

static int
compile_intK (FuncState *fs, ElInt n)
{
  TValue o;

  setivalue (&o, n);
  return compile_cachedk (fs, &o, &o);
}

static int
compile_numberK (FuncState *fs, ElNum r)
{
  TValue o, key;
  uint64_t bits;

  memcpy (&bits, &r, sizeof bits);
  setfltvalue (&o, r);
  setpvalue (&key, (void *) (uintptr_t) bits);
  return compile_cachedk (fs, &key, &o);
}

static int
compile_boolK (FuncState *fs, int b)
{
  TValue o;

  setbvalue (&o, b);
  return compile_cachedk (fs, &o, &o);
}

static int
compile_nilK (FuncState *fs)
{
  TValue key, v;

  setnilvalue (&v);
  sethvalue (fs->ls->L, &key, fs->kcache);
  return compile_cachedk (fs, &key, &v);
}

/* Does i fit an excess-K sC/sB operand? (unsigned arithmetic: no overflow) */
static int
compile_fitsC (ElInt i)
{
  return ((ElUInt) i + OFFSET_sC <= (ElUInt) MAXARG_C);
}

static int
compile_fitsBx (ElInt i)
{
  return (-OFFSET_sBx <= i && i <= MAXARG_Bx - OFFSET_sBx);
}

static int
compile_loadk (FuncState *fs, int reg, int k)
{
  int pc;

  if (k <= MAXARG_Bx)
    return el_compile_codeABx (fs, OP_LOADK, reg, (unsigned int) k);
  pc = el_compile_codeABx (fs, OP_LOADKX, reg, 0);
  compile_extraarg (fs, k);
  return pc;
}

void
el_compile_int (FuncState *fs, int reg, ElInt i)
{
  if (compile_fitsBx (i))
    compile_codeAsBx (fs, OP_LOADI, reg, cast_int (i));
  else
    compile_loadk (fs, reg, compile_intK (fs, i));
}

static void
compile_float (FuncState *fs, int reg, ElNum f)
{
  ElInt fi;

  /* LOADF makes a float from an integer: only for integral values that
  ** survive the round trip (not -0.0, which would come back as 0.0) */
  if (el_object_flttointns (f, &fi, EL_F2IEQ) && compile_fitsBx (fi)
      && !(f == 0 && signbit (f)))
    compile_codeAsBx (fs, OP_LOADF, reg, cast_int (fi));
  else
    compile_loadk (fs, reg, compile_numberK (fs, f));
}

/* -- Constant expressions ------------------------------------------------ */

static int
compile_tonumeral (const ExpDesc *e, TValue *v)
{
  if (ek_hasjumps (e))
    return 0;
  switch (e->k) {
    case EK_KINT:
      if (v)
        setivalue (v, e->u.ival);
      return 1;
    case EK_KFLT:
      if (v)
        setfltvalue (v, e->u.nval);
      return 1;
    default:
      return 0;
  }
}

static const TValue *
compile_constvalue (FuncState *fs, const ExpDesc *e)
{
  el_assert (e->k == EK_CONST);
  return &dyd_actvar (fs->ls)[e->u.info].k;
}

int
el_compile_exp2const (FuncState *fs, const ExpDesc *e, TValue *v)
{
  if (ek_hasjumps (e))
    return 0;
  switch (e->k) {
    case EK_FALSE:
      setbfvalue (v);
      return 1;
    case EK_TRUE:
      setbtvalue (v);
      return 1;
    case EK_NIL:
      setnilvalue (v);
      return 1;
    case EK_KSTR:
      setsvalue (fs->ls->L, v, e->u.strval);
      return 1;
    case EK_CONST:
      setobj (fs->ls->L, v, compile_constvalue (fs, e));
      return 1;
    default:
      return compile_tonumeral (e, v);
  }
}

/* The descriptor of the compile-time constant value v. */
static void
compile_const2exp (const TValue *v, ExpDesc *e)
{
  switch (ttypetag (v)) {
    case EL_VNUMINT:
      e->k = EK_KINT;
      e->u.ival = ivalue (v);
      break;
    case EL_VNUMFLT:
      e->k = EK_KFLT;
      e->u.nval = fltvalue (v);
      break;
    case EL_VFALSE:
      e->k = EK_FALSE;
      break;
    case EL_VTRUE:
      e->k = EK_TRUE;
      break;
    case EL_VNIL:
      e->k = EK_NIL;
      break;
    case EL_VSHRSTR: case EL_VLNGSTR:
      e->k = EK_KSTR;
      e->u.strval = tsvalue (v);
      break;
    default:
      el_assert (0);
  }
}

static int
compile_str2K (FuncState *fs, ExpDesc *e)
{
  el_assert (e->k == EK_KSTR);
  e->u.info = el_compile_stringK (fs, e->u.strval);
  e->k = EK_K;
  return e->u.info;
}

/* -- Discharging expressions --------------------------------------------- */

void
el_compile_setreturns (FuncState *fs, ExpDesc *e, int nresults)
{
  Instruction *pc = &getinstruction (fs, e);

  el_compile_checklimit (fs, nresults + 1, MAXARG_C, "multiple results");
  SETARG_C (*pc, nresults + 1);
  if (e->k == EK_VARARG) {
    /* an open VARARG was emitted without a destination */
    SETARG_A (*pc, fs->freereg);
    el_compile_reserveregs (fs, 1);
  }
  else
    el_assert (e->k == EK_CALL);
}

void
el_compile_setoneret (FuncState *fs, ExpDesc *e)
{
  if (e->k == EK_CALL) {
    /* calls are emitted with one result: it lands in the call's base */
    el_assert (GETARG_C (getinstruction (fs, e)) == 2);
    e->k = EK_NONRELOC;
    e->u.info = GETARG_A (getinstruction (fs, e));
  }
  else if (e->k == EK_VARARG) {
    SETARG_C (getinstruction (fs, e), 2);
    e->k = EK_RELOC;
  }
}

void
el_compile_vapar2local (FuncState *fs, ExpDesc *var)
{
  fs->f->flag |= PF_VATAB;
  var->k = EK_LOCAL;
}

void
el_compile_dischargevars (FuncState *fs, ExpDesc *e)
{
  switch (e->k) {
    case EK_CONST:
      compile_const2exp (compile_constvalue (fs, e), e);
      break;
    case EK_VARGVAR:
      el_compile_vapar2local (fs, e);
      /* fall through */
    case EK_LOCAL: {
      int reg = e->u.var.ridx;   /* (union members overlap) */

      e->u.info = reg;
      e->k = EK_NONRELOC;
      break;
    }
    case EK_UPVAL:
      e->u.info = el_compile_codeABC (fs, OP_GETUPVAL, 0, e->u.info, 0);
      e->k = EK_RELOC;
      break;
    case EK_INDEXUP:
      e->u.info = el_compile_codeABC (fs, OP_GETTABUP, 0, e->u.ind.t,
                                      e->u.ind.idx);
      e->k = EK_RELOC;
      break;
    case EK_INDEXI:
      compile_freereg (fs, e->u.ind.t);
      e->u.info = el_compile_codeABC (fs, OP_GETI, 0, e->u.ind.t,
                                      e->u.ind.idx);
      e->k = EK_RELOC;
      break;
    case EK_INDEXSTR:
      compile_freereg (fs, e->u.ind.t);
      e->u.info = el_compile_codeABC (fs, OP_GETFIELD, 0, e->u.ind.t,
                                      e->u.ind.idx);
      e->k = EK_RELOC;
      break;
    case EK_INDEXED:
      compile_freeregs (fs, e->u.ind.t, e->u.ind.idx);
      e->u.info = el_compile_codeABC (fs, OP_GETTABLE, 0, e->u.ind.t,
                                      e->u.ind.idx);
      e->k = EK_RELOC;
      break;
    case EK_VARGIND:
      /* becomes GETTABLE in el_compile_finish if a real table is built */
      compile_freeregs (fs, e->u.ind.t, e->u.ind.idx);
      e->u.info = el_compile_codeABC (fs, OP_GETVARG, 0, e->u.ind.t,
                                      e->u.ind.idx);
      e->k = EK_RELOC;
      break;
    case EK_VARARG: case EK_CALL:
      el_compile_setoneret (fs, e);
      break;
    default:
      break;
  }
}

/* Put the value of e (no jump lists considered) into register reg. */
static void
compile_discharge2reg (FuncState *fs, ExpDesc *e, int reg)
{
  el_compile_dischargevars (fs, e);
  switch (e->k) {
    case EK_NIL:
      el_compile_nil (fs, reg, 1);
      break;
    case EK_FALSE:
      el_compile_codeABC (fs, OP_LOADFALSE, reg, 0, 0);
      break;
    case EK_TRUE:
      el_compile_codeABC (fs, OP_LOADTRUE, reg, 0, 0);
      break;
    case EK_KSTR:
      compile_str2K (fs, e);
      /* fall through */
    case EK_K:
      compile_loadk (fs, reg, e->u.info);
      break;
    case EK_KFLT:
      compile_float (fs, reg, e->u.nval);
      break;
    case EK_KINT:
      el_compile_int (fs, reg, e->u.ival);
      break;
    case EK_RELOC:
      SETARG_A (getinstruction (fs, e), reg);
      break;
    case EK_NONRELOC:
      if (reg != e->u.info)
        el_compile_codeABC (fs, OP_MOVE, reg, e->u.info, 0);
      break;
    default:
      el_assert (e->k == EK_JMP);
      return;   /* the jump lists carry the value */
  }
  e->u.info = reg;
  e->k = EK_NONRELOC;
}

static void
compile_discharge2anyreg (FuncState *fs, ExpDesc *e)
{
  if (e->k != EK_NONRELOC) {
    el_compile_reserveregs (fs, 1);
    compile_discharge2reg (fs, e, fs->freereg - 1);
  }
}

static int
compile_loadbool (FuncState *fs, int a, OpCode op)
{
  el_compile_getlabel (fs);   /* jumps land here */
  return el_compile_codeABC (fs, op, a, 0, 0);
}

/* Does some jump of the list not produce its value itself (not a TESTSET)? */
static int
compile_needvalue (FuncState *fs, int list)
{
  for (; list != NO_JUMP; list = compile_getjump (fs, list)) {
    if (GET_OPCODE (*compile_jumpcontrol (fs, list)) != OP_TESTSET)
      return 1;
  }
  return 0;
}

/* Put the whole value of e, including its jump lists, into reg. */
static void
compile_exp2reg (FuncState *fs, ExpDesc *e, int reg)
{
  compile_discharge2reg (fs, e, reg);
  if (e->k == EK_JMP)
    el_compile_concat (fs, &e->t, e->u.info);
  if (ek_hasjumps (e)) {
    int final;
    int p_f = NO_JUMP;   /* LFALSESKIP for jumps that carry no value */
    int p_t = NO_JUMP;   /* LOADTRUE, likewise */

    if (compile_needvalue (fs, e->t) || compile_needvalue (fs, e->f)) {
      int fj = (e->k == EK_JMP) ? NO_JUMP : el_compile_jump (fs);

      p_f = compile_loadbool (fs, reg, OP_LFALSESKIP);
      p_t = compile_loadbool (fs, reg, OP_LOADTRUE);
      el_compile_patchtohere (fs, fj);
    }
    final = el_compile_getlabel (fs);
    compile_patchlistaux (fs, e->f, final, reg, p_f);
    compile_patchlistaux (fs, e->t, final, reg, p_t);
  }
  e->f = e->t = NO_JUMP;
  e->u.info = reg;
  e->k = EK_NONRELOC;
}

void
el_compile_exp2nextreg (FuncState *fs, ExpDesc *e)
{
  el_compile_dischargevars (fs, e);
  compile_freeexp (fs, e);
  el_compile_reserveregs (fs, 1);
  compile_exp2reg (fs, e, fs->freereg - 1);
}

int
el_compile_exp2anyreg (FuncState *fs, ExpDesc *e)
{
  el_compile_dischargevars (fs, e);
  if (e->k == EK_NONRELOC) {
    if (!ek_hasjumps (e))
      return e->u.info;
    /* a temporary can receive the values of the jumps; a local cannot */
    if (e->u.info >= el_compile_nvarstack (fs)) {
      compile_exp2reg (fs, e, e->u.info);
      return e->u.info;
    }
  }
  el_compile_exp2nextreg (fs, e);
  return e->u.info;
}

void
el_compile_exp2anyregup (FuncState *fs, ExpDesc *e)
{
  /* upvalues and the vararg parameter can be indexed where they are */
  if ((e->k != EK_UPVAL && e->k != EK_VARGVAR) || ek_hasjumps (e))
    el_compile_exp2anyreg (fs, e);
}

void
el_compile_exp2val (FuncState *fs, ExpDesc *e)
{
  if (e->k == EK_JMP || ek_hasjumps (e))
    el_compile_exp2anyreg (fs, e);
  else
    el_compile_dischargevars (fs, e);
}

/* Make e a K operand (index <= MAXINDEXRK) when it is a constant. */
static int
compile_exp2K (FuncState *fs, ExpDesc *e)
{
  int info;

  if (ek_hasjumps (e))
    return 0;
  switch (e->k) {
    case EK_TRUE: info = compile_boolK (fs, 1); break;
    case EK_FALSE: info = compile_boolK (fs, 0); break;
    case EK_NIL: info = compile_nilK (fs); break;
    case EK_KINT: info = compile_intK (fs, e->u.ival); break;
    case EK_KFLT: info = compile_numberK (fs, e->u.nval); break;
    case EK_KSTR: info = el_compile_stringK (fs, e->u.strval); break;
    case EK_K: info = e->u.info; break;
    default: return 0;
  }
  if (info > MAXINDEXRK)
    return 0;
  e->k = EK_K;
  e->u.info = info;
  return 1;
}

/* e as an RK operand; returns 1 for a constant. */
static int
compile_exp2RK (FuncState *fs, ExpDesc *e)
{
  if (compile_exp2K (fs, e))
    return 1;
  el_compile_exp2anyreg (fs, e);
  return 0;
}

static void
compile_codeABRK (FuncState *fs, OpCode o, int a, int b, ExpDesc *ec)
{
  int k = compile_exp2RK (fs, ec);

  el_compile_codeABCk (fs, o, a, b, ec->u.info, k);
}

void
el_compile_storevar (FuncState *fs, ExpDesc *var, ExpDesc *ex)
{
  switch (var->k) {
    case EK_LOCAL:
      compile_freeexp (fs, ex);
      compile_exp2reg (fs, ex, var->u.var.ridx);
      return;
    case EK_UPVAL: {
      int e = el_compile_exp2anyreg (fs, ex);

      el_compile_codeABC (fs, OP_SETUPVAL, e, var->u.info, 0);
      break;
    }
    case EK_INDEXUP:
      compile_codeABRK (fs, OP_SETTABUP, var->u.ind.t, var->u.ind.idx, ex);
      break;
    case EK_INDEXI:
      compile_codeABRK (fs, OP_SETI, var->u.ind.t, var->u.ind.idx, ex);
      break;
    case EK_INDEXSTR:
      compile_codeABRK (fs, OP_SETFIELD, var->u.ind.t, var->u.ind.idx, ex);
      break;
    case EK_VARGIND:
      /* a virtual vararg table cannot be written: build a real one */
      fs->f->flag |= PF_VATAB;
      /* fall through */
    case EK_INDEXED:
      compile_codeABRK (fs, OP_SETTABLE, var->u.ind.t, var->u.ind.idx, ex);
      break;
    default:
      el_assert (0);
  }
  compile_freeexp (fs, ex);
}

/* -- Conditions ---------------------------------------------------------- */

static void
compile_negatecond (FuncState *fs, ExpDesc *e)
{
  Instruction *pc = compile_jumpcontrol (fs, e->u.info);

  el_assert (testTMode (GET_OPCODE (*pc)) && GET_OPCODE (*pc) != OP_TESTSET
             && GET_OPCODE (*pc) != OP_TEST);
  SETARG_k (*pc, GETARG_k (*pc) ^ 1);
}

/* Jump when e is 'cond'; a preceding NOT is folded into the test. */
static int
compile_jumponcond (FuncState *fs, ExpDesc *e, int cond)
{
  if (e->k == EK_RELOC) {
    Instruction ie = getinstruction (fs, e);

    if (GET_OPCODE (ie) == OP_NOT) {
      compile_removelast (fs);
      return compile_condjump (fs, OP_TEST, GETARG_B (ie), 0, 0, !cond);
    }
  }
  compile_discharge2anyreg (fs, e);
  compile_freeexp (fs, e);
  return compile_condjump (fs, OP_TESTSET, NO_REG, e->u.info, 0, cond);
}

void
el_compile_goiftrue (FuncState *fs, ExpDesc *e)
{
  int pc;

  el_compile_dischargevars (fs, e);
  switch (e->k) {
    case EK_JMP:
      compile_negatecond (fs, e);
      pc = e->u.info;
      break;
    case EK_K: case EK_KFLT: case EK_KINT: case EK_KSTR: case EK_TRUE:
      pc = NO_JUMP;   /* always true */
      break;
    default:
      pc = compile_jumponcond (fs, e, 0);
      break;
  }
  el_compile_concat (fs, &e->f, pc);
  el_compile_patchtohere (fs, e->t);
  e->t = NO_JUMP;
}

static void
compile_goiffalse (FuncState *fs, ExpDesc *e)
{
  int pc;

  el_compile_dischargevars (fs, e);
  switch (e->k) {
    case EK_JMP:
      pc = e->u.info;
      break;
    case EK_NIL: case EK_FALSE:
      pc = NO_JUMP;   /* always false */
      break;
    default:
      pc = compile_jumponcond (fs, e, 1);
      break;
  }
  el_compile_concat (fs, &e->t, pc);
  el_compile_patchtohere (fs, e->f);
  e->f = NO_JUMP;
}

static void
compile_not (FuncState *fs, ExpDesc *e)
{
  int tmp;

  switch (e->k) {
    case EK_NIL: case EK_FALSE:
      e->k = EK_TRUE;
      break;
    case EK_K: case EK_KFLT: case EK_KINT: case EK_KSTR: case EK_TRUE:
      e->k = EK_FALSE;
      break;
    case EK_JMP:
      compile_negatecond (fs, e);
      break;
    case EK_RELOC: case EK_NONRELOC:
      compile_discharge2anyreg (fs, e);
      compile_freeexp (fs, e);
      e->u.info = el_compile_codeABC (fs, OP_NOT, 0, e->u.info, 0);
      e->k = EK_RELOC;
      break;
    default:
      el_assert (0);
  }
  tmp = e->f;
  e->f = e->t;
  e->t = tmp;
  /* the negated jumps cannot deliver their (un-negated) values */
  compile_removevalues (fs, e->f);
  compile_removevalues (fs, e->t);
}

/* -- Indexing ------------------------------------------------------------ */

static int
compile_isKstr (FuncState *fs, ExpDesc *e)
{
  return (e->k == EK_K && !ek_hasjumps (e) && e->u.info <= MAXINDEXRK
          && ttisshrstring (&fs->f->k[e->u.info]));
}

static int
compile_isKint (ExpDesc *e)
{
  return (e->k == EK_KINT && !ek_hasjumps (e));
}

/* An integer literal usable as the unsigned C operand (GETI/SETI). */
static int
compile_isCint (ExpDesc *e)
{
  return compile_isKint (e) && (ElUInt) e->u.ival <= (ElUInt) MAXARG_C;
}

/* An integer literal usable as an sC immediate. */
static int
compile_isSCint (ExpDesc *e)
{
  return compile_isKint (e) && compile_fitsC (e->u.ival);
}

/* A number literal with an integral value fitting sB/sC; *isfloat tells
** whether it was written as a float (comparisons must know). */
static int
compile_isSCnumber (ExpDesc *e, int *pi, int *isfloat)
{
  ElInt i;

  if (e->k == EK_KINT)
    i = e->u.ival;
  else if (e->k == EK_KFLT && el_object_flttointns (e->u.nval, &i, EL_F2IEQ))
    *isfloat = 1;
  else
    return 0;
  if (ek_hasjumps (e) || !compile_fitsC (i))
    return 0;
  *pi = int2sC (cast_int (i));
  return 1;
}

void
el_compile_self (FuncState *fs, ExpDesc *e, ExpDesc *key)
{
  int ereg, base;

  el_compile_exp2anyreg (fs, e);
  ereg = e->u.info;
  compile_freeexp (fs, e);
  base = e->u.info = fs->freereg;
  e->k = EK_NONRELOC;
  el_compile_reserveregs (fs, 2);   /* method and self */
  el_assert (key->k == EK_KSTR);
  if (key->u.strval->tt == EL_VSHRSTR && compile_exp2K (fs, key))
    el_compile_codeABCk (fs, OP_SELF, base, ereg, key->u.info, 0);
  else {
    /* SELF takes only short-string constants: spell it out */
    el_compile_exp2anyreg (fs, key);
    el_compile_codeABC (fs, OP_MOVE, base + 1, ereg, 0);
    el_compile_codeABC (fs, OP_GETTABLE, base, ereg, key->u.info);
  }
  compile_freeexp (fs, key);
}

void
el_compile_indexed (FuncState *fs, ExpDesc *t, ExpDesc *k)
{
  int keystr = -1;

  if (k->k == EK_KSTR)
    keystr = compile_str2K (fs, k);
  el_assert (!ek_hasjumps (t) && (t->k == EK_LOCAL || t->k == EK_VARGVAR
                                  || t->k == EK_NONRELOC || t->k == EK_UPVAL));
  /* an upvalue can only be indexed in place by a short-string constant */
  if (t->k == EK_UPVAL && !compile_isKstr (fs, k))
    el_compile_exp2anyreg (fs, t);
  if (t->k == EK_UPVAL) {
    int up = t->u.info;

    t->u.ind.t = cast_byte (up);
    t->u.ind.idx = cast (short, k->u.info);
    t->k = EK_INDEXUP;
  }
  else if (t->k == EK_VARGVAR) {
    /* read through the virtual vararg table: key always in a register */
    int vreg = t->u.var.ridx;
    int kreg = el_compile_exp2anyreg (fs, k);

    el_assert (vreg == fs->f->numparams);
    t->u.ind.t = cast_byte (vreg);
    t->u.ind.idx = cast (short, kreg);
    t->k = EK_VARGIND;
  }
  else {
    int treg = (t->k == EK_LOCAL) ? t->u.var.ridx : t->u.info;

    t->u.ind.t = cast_byte (treg);
    if (compile_isKstr (fs, k)) {
      t->u.ind.idx = cast (short, k->u.info);
      t->k = EK_INDEXSTR;
    }
    else if (compile_isCint (k)) {
      t->u.ind.idx = cast (short, k->u.ival);
      t->k = EK_INDEXI;
    }
    else {
      t->u.ind.idx = cast (short, el_compile_exp2anyreg (fs, k));
      t->k = EK_INDEXED;
    }
  }
  t->u.ind.keystr = keystr;
  t->u.ind.ro = 0;
}

/* -- Arithmetic and folding ---------------------------------------------- */

/* Could folding v1 op v2 raise (or depend on run-time state)? */
static int
compile_foldable (int op, const TValue *v1, const TValue *v2)
{
  ElInt i;

  switch (op) {
    case ELARA_OPBAND: case ELARA_OPBOR: case ELARA_OPBXOR:
    case ELARA_OPSHL: case ELARA_OPSHR: case ELARA_OPBNOT:
      return (el_object_tointegerns (v1, &i, EL_F2IEQ)
              && el_object_tointegerns (v2, &i, EL_F2IEQ));
    case ELARA_OPDIV: case ELARA_OPIDIV: case ELARA_OPMOD:
      return nvalue (v2) != 0;
    default:
      return 1;
  }
}

/* Fold e1 op e2 into e1 when both are numerals and the result is safe to
** store as a constant: NaN and zero floats are left to run time (a folded
** 0.0 could not tell 0.0 from -0.0 apart in the constant table). */
static int
compile_constfold (FuncState *fs, int op, ExpDesc *e1, const ExpDesc *e2)
{
  TValue v1, v2, res;
  ElNum n;

  if (!compile_tonumeral (e1, &v1) || !compile_tonumeral (e2, &v2)
      || !compile_foldable (op, &v1, &v2))
    return 0;
  if (!el_object_rawarith (fs->ls->L, op, &v1, &v2, &res))
    return 0;
  if (ttisinteger (&res)) {
    e1->k = EK_KINT;
    e1->u.ival = ivalue (&res);
    return 1;
  }
  n = fltvalue (&res);
  if (isnan (n) || n == 0)
    return 0;
  e1->k = EK_KFLT;
  e1->u.nval = n;
  return 1;
}

static OpCode
compile_binop (BinOpr opr, OpCode base)
{
  el_assert (opr_foldable (opr));
  return cast (OpCode, cast_int (base) + cast_int (opr) - OPR_ADD);
}

static TMS
compile_bintm (BinOpr opr)
{
  el_assert (opr_foldable (opr));
  return cast (TMS, cast_int (TM_ADD) + cast_int (opr) - OPR_ADD);
}

static void
compile_swapexps (ExpDesc *e1, ExpDesc *e2)
{
  ExpDesc tmp = *e1;

  *e1 = *e2;
  *e2 = tmp;
}

static void
compile_unexpval (FuncState *fs, OpCode op, ExpDesc *e, int line)
{
  int r = el_compile_exp2anyreg (fs, e);

  compile_freeexp (fs, e);
  e->u.info = el_compile_codeABC (fs, op, 0, r, 0);
  e->k = EK_RELOC;
  el_compile_fixline (fs, line);
}

/* Emit 'op A v1 v2' plus the MMBIN* that runs when the fast path fails
** (the VM skips it when op succeeds). */
static void
compile_binexpval (FuncState *fs, ExpDesc *e1, ExpDesc *e2, OpCode op,
                   int v2, int flip, int line, OpCode mmop, TMS event)
{
  int v1 = el_compile_exp2anyreg (fs, e1);
  int pc = el_compile_codeABCk (fs, op, 0, v1, v2, 0);

  compile_freeexps (fs, e1, e2);
  e1->u.info = pc;
  e1->k = EK_RELOC;
  el_compile_fixline (fs, line);
  el_compile_codeABCk (fs, mmop, v1, v2, cast_int (event), flip);
  el_compile_fixline (fs, line);
}

/* Both operands in registers. */
static void
compile_binregs (FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2,
                 int line)
{
  OpCode op = compile_binop (opr, OP_ADD);
  int v2 = el_compile_exp2anyreg (fs, e2);

  compile_binexpval (fs, e1, e2, op, v2, 0, line, OP_MMBIN,
                     compile_bintm (opr));
}

/* Second operand an immediate sC. */
static void
compile_bini (FuncState *fs, OpCode op, ExpDesc *e1, ExpDesc *e2, int flip,
              int line, TMS event)
{
  int v2 = int2sC (cast_int (e2->u.ival));

  el_assert (e2->k == EK_KINT);
  compile_binexpval (fs, e1, e2, op, v2, flip, line, OP_MMBINI, event);
}

/* Second operand a K constant (e2 already EK_K). */
static void
compile_binK (FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2, int flip,
              int line)
{
  compile_binexpval (fs, e1, e2, compile_binop (opr, OP_ADDK), e2->u.info,
                     flip, line, OP_MMBINK, compile_bintm (opr));
}

/* e1 - I as e1 + (-I) (and e1 << I as e1 >> -I); the metamethod still sees
** the original operand. */
static int
compile_binneg (FuncState *fs, ExpDesc *e1, ExpDesc *e2, OpCode op, int line,
                TMS event)
{
  ElInt i2;

  if (!compile_isKint (e2))
    return 0;
  i2 = e2->u.ival;
  if (!(compile_fitsC (i2) && compile_fitsC (-i2)))
    return 0;
  compile_binexpval (fs, e1, e2, op, int2sC (-cast_int (i2)), 0, line,
                     OP_MMBINI, event);
  SETARG_B (fs->f->code[fs->pc - 1], int2sC (cast_int (i2)));
  return 1;
}

static void
compile_binnoK (FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2, int flip,
                int line)
{
  if (flip)
    compile_swapexps (e1, e2);   /* registers keep the source order */
  compile_binregs (fs, opr, e1, e2, line);
}

static void
compile_arith (FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2, int flip,
               int line)
{
  if (compile_tonumeral (e2, NULL) && compile_exp2K (fs, e2))
    compile_binK (fs, opr, e1, e2, flip, line);
  else
    compile_binnoK (fs, opr, e1, e2, flip, line);
}

/* '+' and '*': a numeral first operand moves to the second place. */
static void
compile_commutative (FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2,
                     int line)
{
  int flip = 0;

  if (compile_tonumeral (e1, NULL)) {
    compile_swapexps (e1, e2);
    flip = 1;
  }
  if (opr == OPR_ADD && compile_isSCint (e2))
    compile_bini (fs, OP_ADDI, e1, e2, flip, line, TM_ADD);
  else
    compile_arith (fs, opr, e1, e2, flip, line);
}

static void
compile_bitwise (FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2,
                 int line)
{
  int flip = 0;

  if (e1->k == EK_KINT) {
    compile_swapexps (e1, e2);
    flip = 1;
  }
  if (e2->k == EK_KINT && compile_exp2K (fs, e2))
    compile_binK (fs, opr, e1, e2, flip, line);
  else
    compile_binnoK (fs, opr, e1, e2, flip, line);
}

/* '<' and '<=' (after '>'/'>=' were mirrored). */
static void
compile_order (FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2)
{
  int r1, r2, im;
  int isfloat = 0;
  OpCode op;

  if (compile_isSCnumber (e2, &im, &isfloat)) {
    r1 = el_compile_exp2anyreg (fs, e1);
    r2 = im;
    op = cast (OpCode, OP_LTI + (opr - OPR_LT));
  }
  else if (compile_isSCnumber (e1, &im, &isfloat)) {
    /* I < x is x > I; I <= x is x >= I */
    r1 = el_compile_exp2anyreg (fs, e2);
    r2 = im;
    op = cast (OpCode, OP_GTI + (opr - OPR_LT));
  }
  else {
    r1 = el_compile_exp2anyreg (fs, e1);
    r2 = el_compile_exp2anyreg (fs, e2);
    op = cast (OpCode, OP_LT + (opr - OPR_LT));
  }
  compile_freeexps (fs, e1, e2);
  e1->u.info = compile_condjump (fs, op, r1, r2, isfloat, 1);
  e1->k = EK_JMP;
}

/* '==' and '~='; e1 is a register or a constant (el_compile_infix). */
static void
compile_eq (FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2)
{
  int r1, r2, im;
  int isfloat = 0;
  OpCode op;

  if (e1->k != EK_NONRELOC) {
    el_assert (e1->k == EK_K || e1->k == EK_KINT || e1->k == EK_KFLT);
    compile_swapexps (e1, e2);
  }
  r1 = el_compile_exp2anyreg (fs, e1);
  if (compile_isSCnumber (e2, &im, &isfloat)) {
    op = OP_EQI;
    r2 = im;
  }
  else if (compile_exp2RK (fs, e2)) {
    op = OP_EQK;
    r2 = e2->u.info;
  }
  else {
    op = OP_EQ;
    r2 = el_compile_exp2anyreg (fs, e2);
  }
  compile_freeexps (fs, e1, e2);
  e1->u.info = compile_condjump (fs, op, r1, r2, isfloat, opr == OPR_EQ);
  e1->k = EK_JMP;
}

void
el_compile_prefix (FuncState *fs, UnOpr opr, ExpDesc *e, int line)
{
  static const ExpDesc zero = { EK_KINT, { 0 }, NO_JUMP, NO_JUMP };

  el_compile_dischargevars (fs, e);
  switch (opr) {
    case OPR_MINUS: case OPR_BNOT:
      if (compile_constfold (fs, cast_int (opr) + ELARA_OPUNM, e, &zero))
        break;
      /* fall through */
    case OPR_LEN:
      compile_unexpval (fs, cast (OpCode, OP_UNM + cast_int (opr)), e, line);
      break;
    case OPR_NOT:
      compile_not (fs, e);
      break;
    default:
      el_assert (0);
  }
}

void
el_compile_infix (FuncState *fs, BinOpr op, ExpDesc *v)
{
  int dummy, dummy2;

  el_compile_dischargevars (fs, v);
  switch (op) {
    case OPR_AND:
      el_compile_goiftrue (fs, v);
      break;
    case OPR_OR:
      compile_goiffalse (fs, v);
      break;
    case OPR_CONCAT:
      el_compile_exp2nextreg (fs, v);   /* operands must be consecutive */
      break;
    case OPR_ADD: case OPR_SUB: case OPR_MUL: case OPR_DIV: case OPR_IDIV:
    case OPR_MOD: case OPR_POW: case OPR_BAND: case OPR_BOR: case OPR_BXOR:
    case OPR_SHL: case OPR_SHR:
      /* a numeral may still fold or become an immediate/K operand */
      if (!compile_tonumeral (v, NULL))
        el_compile_exp2anyreg (fs, v);
      break;
    case OPR_EQ: case OPR_NE:
      if (!compile_tonumeral (v, NULL))
        compile_exp2RK (fs, v);
      break;
    case OPR_LT: case OPR_LE: case OPR_GT: case OPR_GE:
      if (!compile_isSCnumber (v, &dummy, &dummy2))
        el_compile_exp2anyreg (fs, v);
      break;
    default:
      el_assert (0);
  }
}

/* e1 .. e2 with e1 in the register below e2's: a chain a .. (b .. c)
** becomes one CONCAT over all the registers. */
static void
compile_concatexp (FuncState *fs, ExpDesc *e1, ExpDesc *e2, int line)
{
  Instruction *ie2 = compile_previous (fs);

  if (GET_OPCODE (*ie2) == OP_CONCAT) {
    int n = GETARG_B (*ie2);

    el_assert (e1->u.info + 1 == GETARG_A (*ie2));
    compile_freeexp (fs, e2);
    SETARG_A (*ie2, e1->u.info);
    SETARG_B (*ie2, n + 1);
  }
  else {
    el_compile_codeABC (fs, OP_CONCAT, e1->u.info, 2, 0);
    compile_freeexp (fs, e2);
    el_compile_fixline (fs, line);
  }
}

void
el_compile_posfix (FuncState *fs, BinOpr opr, ExpDesc *e1, ExpDesc *e2,
                   int line)
{
  el_compile_dischargevars (fs, e2);
  if (opr_foldable (opr)
      && compile_constfold (fs, cast_int (opr) + ELARA_OPADD, e1, e2))
    return;
  switch (opr) {
    case OPR_AND:
      el_assert (e1->t == NO_JUMP);
      el_compile_concat (fs, &e2->f, e1->f);
      *e1 = *e2;
      break;
    case OPR_OR:
      el_assert (e1->f == NO_JUMP);
      el_compile_concat (fs, &e2->t, e1->t);
      *e1 = *e2;
      break;
    case OPR_CONCAT:
      el_compile_exp2nextreg (fs, e2);
      compile_concatexp (fs, e1, e2, line);
      break;
    case OPR_ADD: case OPR_MUL:
      compile_commutative (fs, opr, e1, e2, line);
      break;
    case OPR_SUB:
      if (compile_binneg (fs, e1, e2, OP_ADDI, line, TM_SUB))
        break;
      /* fall through */
    case OPR_DIV: case OPR_IDIV: case OPR_MOD: case OPR_POW:
      compile_arith (fs, opr, e1, e2, 0, line);
      break;
    case OPR_BAND: case OPR_BOR: case OPR_BXOR:
      compile_bitwise (fs, opr, e1, e2, line);
      break;
    case OPR_SHL:
      if (compile_isSCint (e1)) {
        compile_swapexps (e1, e2);
        compile_bini (fs, OP_SHLI, e1, e2, 1, line, TM_SHL);   /* I << r */
      }
      else if (!compile_binneg (fs, e1, e2, OP_SHRI, line, TM_SHL))
        compile_binregs (fs, opr, e1, e2, line);
      break;
    case OPR_SHR:
      if (compile_isSCint (e2))
        compile_bini (fs, OP_SHRI, e1, e2, 0, line, TM_SHR);
      else
        compile_binregs (fs, opr, e1, e2, line);
      break;
    case OPR_EQ: case OPR_NE:
      compile_eq (fs, opr, e1, e2);
      break;
    case OPR_GT: case OPR_GE:
      /* a > b is b < a; a >= b is b <= a */
      compile_swapexps (e1, e2);
      opr = cast (BinOpr, (opr - OPR_GT) + OPR_LT);
      /* fall through */
    case OPR_LT: case OPR_LE:
      compile_order (fs, opr, e1, e2);
      break;
    default:
      el_assert (0);
  }
}

/* -- Globals, constructors ----------------------------------------------- */

void
el_compile_checkglobal (FuncState *fs, ExpDesc *var, int k, int line)
{
  el_compile_exp2anyreg (fs, var);
  el_compile_fixline (fs, line);
  /* Bx = 0 means "name unknown" (the index does not fit) */
  k = (k >= MAXARG_Bx) ? 0 : k + 1;
  el_compile_codeABx (fs, OP_ERRNNIL, var->u.info, (unsigned int) k);
  el_compile_fixline (fs, line);
  compile_freeexp (fs, var);
}

void
el_compile_settablesize (FuncState *fs, int pc, int ra, int asize, int hsize)
{
  Instruction *inst = &fs->f->code[pc];
  int extra = asize / (MAXARG_vC + 1);
  int rc = asize % (MAXARG_vC + 1);

  hsize = (hsize != 0) ? el_object_ceillog2 ((unsigned int) hsize) + 1 : 0;
  inst[0] = CREATE_vABCk (OP_NEWTABLE, ra, hsize, rc, extra > 0);
  inst[1] = CREATE_Ax (OP_EXTRAARG, extra);
}

void
el_compile_setlist (FuncState *fs, int base, int nelems, int tostore)
{
  el_assert (tostore != 0);
  if (tostore == ELARA_MULTRET)
    tostore = 0;
  if (nelems <= MAXARG_vC)
    el_compile_codevABCk (fs, OP_SETLIST, base, tostore, nelems, 0);
  else {
    el_compile_codevABCk (fs, OP_SETLIST, base, tostore,
                          nelems % (MAXARG_vC + 1), 1);
    compile_extraarg (fs, nelems / (MAXARG_vC + 1));
  }
  fs->freereg = cast_byte (base + 1);
}

/* -- Final pass ---------------------------------------------------------- */

/* Where a chain of unconditional jumps finally lands (bounded, in case of
** an infinite loop made of jumps). */
static int
compile_finaltarget (const Instruction *code, int i)
{
  int count;

  for (count = 0; count < 100; count++) {
    Instruction pc = code[i];

    if (GET_OPCODE (pc) != OP_JMP)
      break;
    i += GETARG_sJ (pc) + 1;
  }
  return i;
}

#if defined(EL_USE_ASSERT) && EL_USE_ASSERT
/* Does i take its arguments up to the top set by the previous instruction /
** set the top for the next one?  (SETLIST keeps its count in vB.) */
static int
compile_isIT (Instruction i)
{
  OpCode op = GET_OPCODE (i);

  if (!testITMode (op))
    return 0;
  return (op == OP_SETLIST) ? GETARG_vB (i) == 0 : GETARG_B (i) == 0;
}

static int
compile_isOT (Instruction i)
{
  OpCode op = GET_OPCODE (i);

  return op == OP_TAILCALL || (testOTMode (op) && GETARG_C (i) == 0);
}
#endif

void
el_compile_finish (FuncState *fs)
{
  Proto *p = fs->f;
  int i;

  /* a function with a real vararg table keeps no hidden arguments */
  if (p->flag & PF_VATAB)
    p->flag &= cast_byte (~PF_VAHID);
  for (i = 0; i < fs->pc; i++) {
    Instruction *pc = &p->code[i];

    el_assert (i == 0 || compile_isOT (*(pc - 1)) == compile_isIT (*pc));
    switch (GET_OPCODE (*pc)) {
      case OP_RETURN0: case OP_RETURN1:
        /* the short forms cannot close or restore a vararg frame */
        if (!(fs->needclose || (p->flag & PF_VAHID)))
          break;
        SET_OPCODE (*pc, OP_RETURN);
        /* fall through */
      case OP_RETURN: case OP_TAILCALL:
        if (fs->needclose)
          SETARG_k (*pc, 1);
        if (p->flag & PF_VAHID)
          SETARG_C (*pc, p->numparams + 1);
        break;
      case OP_GETVARG:
        if (p->flag & PF_VATAB)
          SET_OPCODE (*pc, OP_GETTABLE);
        break;
      case OP_VARARG:
        if (p->flag & PF_VATAB)
          SETARG_k (*pc, 1);
        break;
      case OP_JMP:
        compile_fixjump (fs, i, compile_finaltarget (p->code, i));
        break;
      default:
        break;
    }
  }
}
