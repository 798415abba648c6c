/*
** debug.c: debug information: line numbers, activation records (the
** lua_getstack/lua_getinfo family), local variables of active frames,
** names of values and called functions recovered from the bytecode, and
** the line/count hooks the interpreter calls
** SPDX-License-Identifier: MIT
**
** Names in error messages and tracebacks are not recorded at run time:
** they are reconstructed on demand by reading the bytecode of the frame
** that failed ("symbolic execution", below).  This only has to be right
** for the code shapes the compiler emits, and may give up (no name) in
** any other case.
*/
#include "config.h"
#include "debug.h"

#include <string.h>

#include "api.h"
#include "call.h"
#include "func.h"
#include "lex.h"
#include "opcodes.h"
#include "table.h"

#define dbg_isluaclosure(cl)  ((cl) != NULL && (cl)->c.tt == EL_VLCL)
#define dbg_resethookcount(L) ((L)->hookcount = (L)->basehookcount)

static const char dbg_strlocal[] = "local";
static const char dbg_strupval[] = "upvalue";

/* -- Lines --------------------------------------------------------------- */

/* Index of the instruction frame 'ci' is executing.  savedpc points past
** it, so a frame that has not started yet reports -1. */
static int
dbg_currentpc (CallInfo *ci)
{
  el_assert (isLua (ci));
  return pcRel (ci->u.l.savedpc, ci_func (ci)->p);
}

int
el_debug_getfuncline (const Proto *f, int pc)
{
  if (f->lineinfo == NULL || f->sizelineinfo == 0)
    return -1;                  /* stripped */
  /* Before the first instruction (call hooks, frames not yet started) the
  ** function is "at" the line where it is defined. */
  if (pc < 0)
    return f->linedefined;
  if (pc >= f->sizelineinfo)
    pc = f->sizelineinfo - 1;
  return f->lineinfo[pc];       /* absolute: one line per instruction */
}

int
el_debug_currentline (CallInfo *ci)
{
  return el_debug_getfuncline (ci_func (ci)->p, dbg_currentpc (ci));
}

/* -- Hooks --------------------------------------------------------------- */

/* Make every active Lua frame re-check the hooks before its next
** instruction.  Only pointers and an int are written, so this is safe to
** call from a signal handler as long as the CallInfo list is linked before
** a frame becomes current (call.c keeps that order). */
static void
dbg_settraps (CallInfo *ci)
{
  for (; ci != NULL; ci = ci->previous)
    if (isLua (ci))
      ci->u.l.trap = 1;
}

void
el_debug_sethook (ElaraState *L, ElaraHook func, int mask, int count)
{
  if (func == NULL || mask == 0) {
    mask = 0;
    func = NULL;
  }
  L->hook = func;
  L->basehookcount = count;
  dbg_resethookcount (L);
  L->hookmask = mask;
  if (mask)
    dbg_settraps (L->ci);
}

/* Does the instruction at 'i' take its operand count from L->top (set by
** the previous instruction)?  Then a hook must not reset the top.  SETLIST
** keeps its count in the 6-bit vB, which GETARG_B would mix with vC;
** VARARGPREP needs the top to count the arguments. */
static int
dbg_usestop (Instruction i)
{
  OpCode op = GET_OPCODE (i);

  if (op == OP_SETLIST)
    return GETARG_vB (i) == 0;
  if (op == OP_VARARGPREP)
    return 1;
  return isIT (i);
}

int
el_debug_tracecall (ElaraState *L)
{
  CallInfo *ci = L->ci;
  Proto *p = ci_func (ci)->p;

  ci->u.l.trap = 1;
  if (ci->u.l.savedpc == p->xcode) {  /* entering, not resuming */
    /* A vararg function reports its call after VARARGPREP has fixed the
    ** frame (the VM calls the hook there); otherwise a line or count
    ** hook could fire before the call hook. */
    if (isvararg (p))
      return 0;
    if (!(ci->callstatus & CIST_HOOKYIELD))
      el_call_hookcall (L, ci);
  }
  return 1;
}

int
el_debug_traceexec (ElaraState *L, const ElCode *pc)
{
  CallInfo *ci = L->ci;
  int mask = L->hookmask;
  const Proto *p = ci_func (ci)->p;
  int counthook;

  if (!(mask & (ELARA_MASKLINE | ELARA_MASKCOUNT))) {
    ci->u.l.trap = 0;           /* nothing to trace: stop checking */
    return 0;
  }
  pc++;                         /* savedpc always points past the current one */
  ci->u.l.savedpc = pc;
  counthook = (mask & ELARA_MASKCOUNT) && (--L->hookcount == 0);
  if (counthook)
    dbg_resethookcount (L);
  else if (!(mask & ELARA_MASKLINE))
    return 1;
  if (ci->callstatus & CIST_HOOKYIELD) {
    /* The hook yielded at this very instruction last time; the VM did not
    ** move, so do not report it twice. */
    ci->callstatus &= ~CIST_HOOKYIELD;
    return 1;
  }
  if (!dbg_usestop (pcCode (ci->u.l.savedpc, p)[-1]))
    L->top = ci->top;           /* hooks may use the whole frame */
  if (counthook)
    el_call_hook (L, ELARA_HOOKCOUNT, -1, 0, 0);
  if (mask & ELARA_MASKLINE) {
    /* L->oldpc may belong to another function after an unusual return
    ** path; any valid pc then costs at most one spurious line event. */
    int oldpc = (L->oldpc >= 0 && L->oldpc < p->sizecode) ? L->oldpc : 0;
    int npci = pcRel (pc, p);

    /* a backward jump (a loop) or a new line */
    if (npci <= oldpc
        || (p->lineinfo != NULL
            && el_debug_getfuncline (p, oldpc)
               != el_debug_getfuncline (p, npci)))
      el_call_hook (L, ELARA_HOOKLINE, el_debug_getfuncline (p, npci), 0, 0);
    L->oldpc = npci;
  }
  if (L->status == ELARA_YIELD) {  /* the hook yielded */
    if (counthook)
      L->hookcount = 1;         /* count this instruction again on resume */
    ci->callstatus |= CIST_HOOKYIELD;
    el_call_throw (L, ELARA_YIELD);
  }
  return 1;
}

/* -- Stack levels and locals --------------------------------------------- */

int
el_debug_getstack (ElaraState *L, int level, ElaraDebug *ar)
{
  CallInfo *ci;

  if (level < 0)
    return 0;
  for (ci = L->ci; level > 0 && ci != &L->base_ci; ci = ci->previous)
    level--;
  if (level != 0 || ci == &L->base_ci)
    return 0;
  ar->i_ci = ci;
  return 1;
}

static const char *
dbg_upvalname (const Proto *p, int uv)
{
  TString *s;

  el_assert (uv < p->sizeupvalues);
  s = p->upvalues[uv].name;
  return s == NULL ? "?" : getstr (s);
}

/* Extra arguments of a vararg frame, n = -1, -2, ...  They stay in place
** below the frame when the function keeps them hidden (PF_VAHID): the
** first one at func - nextraargs.  With a real vararg table they live in
** the table and are not reachable by position. */
static const char *
dbg_findvararg (CallInfo *ci, int n, StkId *pos)
{
  if (ci_func (ci)->p->flag & PF_VAHID) {
    int nextra = ci->u.l.nextraargs;

    if (n >= -nextra) {
      *pos = ci->func - nextra - (n + 1);
      return "(vararg)";
    }
  }
  return NULL;
}

/* Name and slot of local 'n' of frame ci; NULL when there is none. */
static const char *
dbg_findlocal (ElaraState *L, CallInfo *ci, int n, StkId *pos)
{
  StkId base = ci->func + 1;
  const char *name = NULL;

  if (isLua (ci)) {
    if (n < 0)
      return dbg_findvararg (ci, n, pos);
    name = el_func_getlocalname (ci_func (ci)->p, n, dbg_currentpc (ci));
  }
  if (name == NULL) {
    /* Unnamed but live slots are still reachable, up to the frame top
    ** (the next frame's function slot for frames below the current). */
    StkId limit = (ci == L->ci) ? L->top : ci->next->func;

    if (n > 0 && limit - base >= n)
      name = isLua (ci) ? "(temporary)" : "(C temporary)";
    else
      return NULL;
  }
  *pos = base + (n - 1);
  return name;
}

const char *
el_debug_getlocal (ElaraState *L, const ElaraDebug *ar, int n)
{
  const char *name;

  if (ar == NULL) {
    /* A function value on the top rather than an activation: only its
    ** parameters have names (the locals live at pc 0). */
    const TValue *f = s2v (L->top - 1);

    if (!ttisLclosure (f))
      return NULL;
    return el_func_getlocalname (clLvalue (f)->p, n, 0);
  }
  else {
    StkId pos = NULL;

    name = dbg_findlocal (L, ar->i_ci, n, &pos);
    if (name != NULL) {
      setobjs2s (L, L->top, pos);
      api_incr_top (L);
    }
    return name;
  }
}

const char *
el_debug_setlocal (ElaraState *L, const ElaraDebug *ar, int n)
{
  StkId pos = NULL;
  const char *name = dbg_findlocal (L, ar->i_ci, n, &pos);

  if (name != NULL) {
    setobjs2s (L, pos, L->top - 1);
    L->top--;
  }
  return name;
}

/* -- lua_getinfo --------------------------------------------------------- */

static void
dbg_funcinfo (ElaraDebug *ar, Closure *cl)
{
  if (!dbg_isluaclosure (cl)) {
    ar->source = "=[C]";
    ar->srclen = sizeof ("=[C]") - 1;
    ar->linedefined = -1;
    ar->lastlinedefined = -1;
    ar->what = "C";
  }
  else {
    const Proto *p = cl->l.p;

    if (p->source != NULL) {
      ar->source = getstr (p->source);
      ar->srclen = tsslen (p->source);
    }
    else {
      ar->source = "=?";
      ar->srclen = sizeof ("=?") - 1;
    }
    ar->linedefined = p->linedefined;
    ar->lastlinedefined = p->lastlinedefined;
    ar->what = (ar->linedefined == 0) ? "main" : "Lua";
  }
  el_object_chunkid (ar->short_src, ar->source, ar->srclen);
}

/* Push a table whose keys are the lines holding code of 'cl' (nil for C
** functions). */
static void
dbg_pushvalidlines (ElaraState *L, Closure *cl)
{
  const Proto *p;
  Table *t;
  TValue v;
  int i = 0;

  if (!dbg_isluaclosure (cl)) {
    setnilvalue (s2v (L->top));
    api_incr_top (L);
    return;
  }
  p = cl->l.p;
  t = el_table_new (L);
  sethvalue (L, s2v (L->top), t);
  api_incr_top (L);
  if (p->lineinfo == NULL)
    return;
  setbtvalue (&v);
  /* VARARGPREP carries the line of the definition, not of any code the
  ** user wrote: leave it out. */
  if (isvararg (p) && p->sizecode > 0
      && GET_OPCODE (p->code[0]) == OP_VARARGPREP)
    i = 1;
  for (; i < p->sizelineinfo; i++)
    el_table_setint (L, t, p->lineinfo[i], &v);
}

/* Name of the function running in frame ci, from the instruction of its
** caller that called it.  After a tail call the caller is gone. */
static const char *
dbg_getfuncname (ElaraState *L, CallInfo *ci, const char **name)
{
  if (ci != NULL && !(ci->callstatus & CIST_TAIL))
    return el_debug_funcnamefromcall (L, ci->previous, name);
  return NULL;
}

static int
dbg_auxgetinfo (ElaraState *L, const char *what, ElaraDebug *ar, Closure *f,
                CallInfo *ci)
{
  int status = 1;

  for (; *what; what++) {
    switch (*what) {
      case 'S':
        dbg_funcinfo (ar, f);
        break;
      case 'l':
        ar->currentline = (ci != NULL && isLua (ci))
                          ? el_debug_currentline (ci) : -1;
        break;
      case 'u':
        ar->nups = (f == NULL) ? 0 : f->c.nupvalues;
        if (!dbg_isluaclosure (f)) {
          ar->isvararg = 1;
          ar->nparams = 0;
        }
        else {
          ar->isvararg = isvararg (f->l.p) ? 1 : 0;
          ar->nparams = f->l.p->numparams;
        }
        break;
      case 't':
        if (ci != NULL) {
          ar->istailcall = (ci->callstatus & CIST_TAIL) ? 1 : 0;
          ar->extraargs = cast (unsigned char, getcistccmt (ci));
        }
        else {
          ar->istailcall = 0;
          ar->extraargs = 0;
        }
        break;
      case 'n':
        ar->namewhat = dbg_getfuncname (L, ci, &ar->name);
        if (ar->namewhat == NULL) {
          ar->namewhat = "";
          ar->name = NULL;
        }
        break;
      case 'r':
        /* transfer info is only meaningful inside a call/return hook */
        if (ci == NULL || !(ci->callstatus & CIST_HOOKED))
          ar->ftransfer = ar->ntransfer = 0;
        else {
          ar->ftransfer = L->transferinfo.ftransfer;
          ar->ntransfer = L->transferinfo.ntransfer;
        }
        break;
      case 'L':
      case 'f':                   /* pushed by el_debug_getinfo */
        break;
      default:
        status = 0;               /* unknown option */
        break;
    }
  }
  return status;
}

int
el_debug_getinfo (ElaraState *L, const char *what, ElaraDebug *ar)
{
  CallInfo *ci;
  TValue func;
  Closure *cl;
  int status;

  if (*what == '>') {
    /* information about the function on the top, not an activation */
    ci = NULL;
    setobj (L, &func, s2v (L->top - 1));
    el_assert (ttisfunction (&func));
    what++;
    L->top--;
  }
  else {
    ci = ar->i_ci;
    setobj (L, &func, s2v (ci->func));
    el_assert (ttisfunction (&func));
  }
  cl = ttisclosure (&func) ? clvalue (&func) : NULL;
  status = dbg_auxgetinfo (L, what, ar, cl, ci);
  if (strchr (what, 'f') != NULL) {
    setobj2s (L, L->top, &func);
    api_incr_top (L);
  }
  if (strchr (what, 'L') != NULL)
    dbg_pushvalidlines (L, cl);
  return status;
}

/* -- Symbolic execution -------------------------------------------------- */

/* Index of the last instruction before 'lastpc' that wrote register 'reg',
** or -1 when unknown.  A write inside a conditional region (between a jump
** and its target) cannot be trusted: the other path may have skipped it. */
static int
dbg_findsetreg (const Proto *p, int lastpc, int reg)
{
  int setreg = -1;
  int jmptarget = 0;            /* code before this pc is conditional */
  int pc;

  if (lastpc < 0)
    return -1;                  /* the frame has not started */
  /* An MMBIN* follows the instruction that failed; that one never
  ** completed its write. */
  if (testMMMode (GET_OPCODE (p->code[lastpc])))
    lastpc--;
  for (pc = 0; pc < lastpc; pc++) {
    Instruction i = p->code[pc];
    OpCode op = GET_OPCODE (i);
    int a = GETARG_A (i);
    int change;

    switch (op) {
      case OP_LOADNIL:
        change = (a <= reg && reg <= a + GETARG_B (i));
        break;
      case OP_TFORCALL:           /* results from R[A+4]; clobbers above A+2 */
        change = (reg >= a + 2);
        break;
      case OP_CALL:
      case OP_TAILCALL:           /* everything from the function slot up */
        change = (reg >= a);
        break;
      case OP_FORLOOP:
      case OP_FORPREP:
      case OP_TFORLOOP:           /* loop counters in R[A]... */
        change = (reg == a);
        break;
      case OP_JMP: {
        int dest = pc + 1 + GETARG_sJ (i);

        /* a forward jump that lands at or before lastpc makes the code it
        ** skips conditional */
        if (dest <= lastpc && dest > jmptarget)
          jmptarget = dest;
        change = 0;
        break;
      }
      default:
        change = (testAMode (op) && reg == a);
        break;
    }
    if (change)
      setreg = (pc < jmptarget) ? -1 : pc;
  }
  return setreg;
}

/* Constant 'index' as a name: only strings are names. */
static const char *
dbg_kname (const Proto *p, int index, const char **name)
{
  const TValue *kv = &p->k[index];

  if (ttisstring (kv)) {
    *name = getstr (tsvalue (kv));
    return "constant";
  }
  *name = "?";
  return NULL;
}

/* Name of register 'reg' at *ppc as a local, an upvalue copy, a constant
** or a moved copy of one of those.  *ppc becomes the instruction that set
** the register (or -1). */
static const char *
dbg_basicobjname (const Proto *p, int *ppc, int reg, const char **name)
{
  int pc = *ppc;

  *name = el_func_getlocalname (p, reg + 1, pc);
  if (*name != NULL)
    return dbg_strlocal;
  *ppc = pc = dbg_findsetreg (p, pc, reg);
  if (pc != -1) {
    Instruction i = p->code[pc];

    switch (GET_OPCODE (i)) {
      case OP_MOVE: {
        int b = GETARG_B (i);

        /* only copies from below can be followed (locals live there) */
        if (b < GETARG_A (i))
          return dbg_basicobjname (p, ppc, b, name);
        break;
      }
      case OP_GETUPVAL:
        *name = dbg_upvalname (p, GETARG_B (i));
        return dbg_strupval;
      case OP_LOADK:
        return dbg_kname (p, GETARG_Bx (i), name);
      case OP_LOADKX:
        return dbg_kname (p, GETARG_Ax (p->code[pc + 1]), name);
      default:
        break;
    }
  }
  return NULL;
}

/* Name of a key held in register 'c': only a constant string counts. */
static void
dbg_rname (const Proto *p, int pc, int c, const char **name)
{
  const char *what = dbg_basicobjname (p, &pc, c, name);

  if (what == NULL || strcmp (what, "constant") != 0)
    *name = "?";
}

/* "global" when the table indexed by instruction i is the variable _ENV
** (as an upvalue or a local), else "field". */
static const char *
dbg_isenv (const Proto *p, int pc, Instruction i, int isup)
{
  int t = GETARG_B (i);
  const char *name;

  if (isup)
    name = dbg_upvalname (p, t);
  else {
    const char *what = dbg_basicobjname (p, &pc, t, &name);

    if (what != dbg_strlocal && what != dbg_strupval)
      name = NULL;
  }
  return (name != NULL && strcmp (name, EL_ENV) == 0) ? "global" : "field";
}

/* Kind and name of the value in register 'reg' just before 'lastpc'. */
static const char *
dbg_getobjname (const Proto *p, int lastpc, int reg, const char **name)
{
  const char *kind = dbg_basicobjname (p, &lastpc, reg, name);

  if (kind != NULL)
    return kind;
  if (lastpc != -1) {
    Instruction i = p->code[lastpc];

    switch (GET_OPCODE (i)) {
      case OP_GETTABUP:
        dbg_kname (p, GETARG_C (i), name);
        return dbg_isenv (p, lastpc, i, 1);
      case OP_GETTABLE:
        dbg_rname (p, lastpc, GETARG_C (i), name);
        return dbg_isenv (p, lastpc, i, 0);
      case OP_GETI:
        *name = "integer index";
        return "field";
      case OP_GETFIELD:
        dbg_kname (p, GETARG_C (i), name);
        return dbg_isenv (p, lastpc, i, 0);
      case OP_SELF:
        dbg_kname (p, GETARG_C (i), name);
        return "method";
      default:
        break;
    }
  }
  return NULL;
}

/* Name of the function called by instruction 'pc' of p: the callee of a
** CALL, or the metamethod an instruction may invoke. */
static const char *
dbg_funcnamefromcode (ElaraState *L, const Proto *p, int pc,
                      const char **name)
{
  Instruction i;
  TMS tm;

  if (pc < 0)
    return NULL;
  i = p->code[pc];
  switch (GET_OPCODE (i)) {
    case OP_CALL:
    case OP_TAILCALL:
      return dbg_getobjname (p, pc, GETARG_A (i), name);
    case OP_TFORCALL:
      *name = "for iterator";
      return "for iterator";
    case OP_SELF:
    case OP_GETTABUP:
    case OP_GETTABLE:
    case OP_GETI:
    case OP_GETFIELD:
      tm = TM_INDEX;
      break;
    case OP_SETTABUP:
    case OP_SETTABLE:
    case OP_SETI:
    case OP_SETFIELD:
      tm = TM_NEWINDEX;
      break;
    case OP_MMBIN:
    case OP_MMBINI:
    case OP_MMBINK:
      tm = cast (TMS, GETARG_C (i));
      break;
    case OP_UNM:
      tm = TM_UNM;
      break;
    case OP_BNOT:
      tm = TM_BNOT;
      break;
    case OP_LEN:
      tm = TM_LEN;
      break;
    case OP_CONCAT:
      tm = TM_CONCAT;
      break;
    case OP_EQ:                   /* EQK and EQI never call __eq */
      tm = TM_EQ;
      break;
    case OP_LT:
    case OP_LTI:
    case OP_GTI:
      tm = TM_LT;
      break;
    case OP_LE:
    case OP_LEI:
    case OP_GEI:
      tm = TM_LE;
      break;
    case OP_CLOSE:
    case OP_RETURN:
      tm = TM_CLOSE;
      break;
    default:
      return NULL;
  }
  *name = getstr (G (L)->tmname[tm]) + 2;   /* without the "__" */
  return "metamethod";
}

const char *
el_debug_funcnamefromcall (ElaraState *L, CallInfo *ci, const char **name)
{
  if (ci->callstatus & CIST_HOOKED) {
    *name = "?";
    return "hook";
  }
  if (ci->callstatus & CIST_FIN) {
    *name = "__gc";
    return "metamethod";
  }
  if (isLua (ci))
    return dbg_funcnamefromcode (L, ci_func (ci)->p, dbg_currentpc (ci), name);
  return NULL;
}

/* -- Names of values ----------------------------------------------------- */

/* Register index of 'o' in the frame of ci, or -1.  Compares pointers for
** equality only: 'o' may point anywhere (a table slot, a constant). */
static int
dbg_instack (CallInfo *ci, const TValue *o)
{
  StkId base = ci->func + 1;
  int pos;

  for (pos = 0; base + pos < ci->top; pos++)
    if (o == s2v (base + pos))
      return pos;
  return -1;
}

/* Is 'o' the value of one of the running closure's upvalues?  (GETTABUP
** and SETTABUP index upvalues in place.) */
static const char *
dbg_getupvalname (CallInfo *ci, const TValue *o, const char **name)
{
  LClosure *c = ci_func (ci);
  int i;

  for (i = 0; i < c->nupvalues; i++) {
    if (c->upvals[i] != NULL && c->upvals[i]->v == o) {
      *name = dbg_upvalname (c->p, i);
      return dbg_strupval;
    }
  }
  return NULL;
}

const char *
el_debug_varinfo (ElaraState *L, const TValue *o)
{
  CallInfo *ci = L->ci;
  const char *name = NULL;
  const char *kind = NULL;

  if (isLua (ci)) {
    kind = dbg_getupvalname (ci, o, &name);
    if (kind == NULL) {
      int reg = dbg_instack (ci, o);

      if (reg >= 0)
        kind = dbg_getobjname (ci_func (ci)->p, dbg_currentpc (ci), reg,
                               &name);
    }
  }
  if (kind == NULL)
    return "";
  return el_object_pushfstring (L, " (%s '%s')", kind, name);
}
