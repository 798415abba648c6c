/*
** parse.c: the Lua 5.5 parser: grammar, scopes (locals, global
** declarations, upvalues), gotos and labels; code is generated on the fly
** through compile.c
** SPDX-License-Identifier: MIT
**
** One pass, recursive descent.  Every recursive rule counts one C level
** (el_state_incCstack), so deeply nested source ends in "C stack overflow"
** instead of exhausting the C stack.
**
** Declarations of a chunk live in one array (ParseScratch.actvar): each
** function owns the slice from fs->firstlocal, and fs->nactvar of them are
** in scope.  Locals in registers get consecutive registers in declaration
** order; compile-time constants and global declarations take none.
*/
#include "config.h"
#include "parse.h"

#include <string.h>

#include "call.h"
#include "compile.h"
#include "func.h"
#include "gc.h"
#include "lex.h"
#include "mem.h"
#include "state.h"
#include "str.h"
#include "table.h"

/* Limit of array items of one constructor (counters and SETLIST operands
** must not overflow). */
#define PARSE_MAXCNST   (INT_MAX / 2)

static void parse_statement (LexState *ls);
static void parse_expr (LexState *ls, ExpDesc *v);
static void parse_statlist (LexState *ls);

/* -- Scratch memory ------------------------------------------------------ */

void
el_parse_initscratch (ElaraState *L, ParseScratch *ps)
{
  el_unused (L);
  el_stream_initbuffer (L, &ps->buff);
  ps->actvar = NULL;
  ps->nactvar = ps->sizeactvar = 0;
  ps->gt = NULL;
  ps->ngt = ps->sizegt = 0;
  ps->label = NULL;
  ps->nlabel = ps->sizelabel = 0;
}

void
el_parse_freescratch (ElaraState *L, ParseScratch *ps)
{
  el_stream_freebuffer (L, &ps->buff);
  el_mem_free (L, ps->actvar, (size_t) ps->sizeactvar * sizeof (VarDesc));
  el_mem_free (L, ps->gt, (size_t) ps->sizegt * sizeof (LabelDesc));
  el_mem_free (L, ps->label, (size_t) ps->sizelabel * sizeof (LabelDesc));
  el_parse_initscratch (L, ps);
}

/* -- Token helpers ------------------------------------------------------- */

static EL_NORET
parse_error_expected (LexState *ls, int token)
{
  el_lex_syntaxerror (ls, el_object_pushfstring (ls->L, "%s expected",
                                                 el_lex_token2str (ls, token)));
}

static int
parse_testnext (LexState *ls, int c)
{
  if (ls->t.token != c)
    return 0;
  el_lex_next (ls);
  return 1;
}

static void
parse_check (LexState *ls, int c)
{
  if (ls->t.token != c)
    parse_error_expected (ls, c);
}

static void
parse_checknext (LexState *ls, int c)
{
  parse_check (ls, c);
  el_lex_next (ls);
}

static void
parse_condition (LexState *ls, int ok, const char *msg)
{
  if (!ok)
    el_lex_syntaxerror (ls, msg);
}

/* Expect 'what' closing 'who' opened at line 'where'; the message names the
** opener only when it is on another line. */
static void
parse_checkmatch (LexState *ls, int what, int who, int where)
{
  if (el_likely (parse_testnext (ls, what)))
    return;
  if (where == ls->linenumber)
    parse_error_expected (ls, what);
  el_lex_syntaxerror (ls, el_object_pushfstring (ls->L,
                        "%s expected (to close %s at line %d)",
                        el_lex_token2str (ls, what),
                        el_lex_token2str (ls, who), where));
}

static TString *
parse_checkname (LexState *ls)
{
  TString *ts;

  parse_check (ls, TK_NAME);
  ts = ls->t.seminfo.ts;
  el_lex_next (ls);
  return ts;
}

static void
parse_initexp (ExpDesc *e, ExpKind k, int info)
{
  e->f = e->t = NO_JUMP;
  e->k = k;
  e->u.info = info;
}

static void
parse_codestring (ExpDesc *e, TString *s)
{
  e->f = e->t = NO_JUMP;
  e->k = EK_KSTR;
  e->u.strval = s;
}

static void
parse_codename (LexState *ls, ExpDesc *e)
{
  parse_codestring (e, parse_checkname (ls));
}

static void
parse_enterlevel (LexState *ls)
{
  el_state_incCstack (ls->L);
}

static void
parse_leavelevel (LexState *ls)
{
  ls->L->nCcalls--;
}

/* -- Declarations -------------------------------------------------------- */

static VarDesc *
parse_vardesc (FuncState *fs, int vidx)
{
  return &dyd_actvar (fs->ls)[fs->firstlocal + vidx];
}

/* Add a declaration (not yet in scope); returns its index in fs. */
static int
parse_newvar (LexState *ls, TString *name, int kind)
{
  ParseScratch *s = &ls->dyd->s;
  VarDesc *var;

  s->actvar = el_mem_growaux (ls->L, s->actvar, s->nactvar, &s->sizeactvar,
                              sizeof (VarDesc), SHRT_MAX,
                              "variable declarations");
  var = &dyd_actvar (ls)[s->nactvar++];
  setnilvalue (&var->k);
  var->kind = cast_byte (kind);
  var->ridx = 0;
  var->pidx = -1;
  var->name = name;
  return s->nactvar - 1 - ls->fs->firstlocal;
}

static int
parse_newlocal (LexState *ls, TString *name)
{
  return parse_newvar (ls, name, VDKREG);
}

static int
parse_newlocalliteral (LexState *ls, const char *name)
{
  return parse_newlocal (ls, el_lex_newstring (ls, name, strlen (name)));
}

/* Debug information entry of a new local, active from the current pc. */
static short
parse_registerlocal (LexState *ls, FuncState *fs, TString *varname)
{
  Proto *f = fs->f;
  int oldsize = f->sizelocvars;

  el_mem_growvector (ls->L, f->locvars, fs->ndebugvars, f->sizelocvars,
                     LocVar, SHRT_MAX, "local variables");
  while (oldsize < f->sizelocvars)
    f->locvars[oldsize++].varname = NULL;
  f->locvars[fs->ndebugvars].varname = varname;
  f->locvars[fs->ndebugvars].startpc = fs->pc;
  f->locvars[fs->ndebugvars].endpc = 0;
  el_gc_objbarrier (ls->L, f, varname);
  return fs->ndebugvars++;
}

static LocVar *
parse_localdebuginfo (FuncState *fs, int vidx)
{
  VarDesc *vd = parse_vardesc (fs, vidx);

  if (!vd_inreg (vd))
    return NULL;
  el_assert (vd->pidx < fs->ndebugvars);
  return &fs->f->locvars[vd->pidx];
}

/* Bring the last 'nvars' declared locals into scope, in registers. */
static void
parse_adjustlocals (LexState *ls, int nvars)
{
  FuncState *fs = ls->fs;
  int reglevel = el_compile_nvarstack (fs);
  int i;

  for (i = 0; i < nvars; i++) {
    int vidx = fs->nactvar++;
    VarDesc *var = parse_vardesc (fs, vidx);
    TString *name = var->name;
    short pidx;

    var->ridx = cast_byte (reglevel);
    reglevel++;
    pidx = parse_registerlocal (ls, fs, name);
    parse_vardesc (fs, vidx)->pidx = pidx;
    el_compile_checklimit (fs, reglevel, EL_MAXVARS, "local variables");
  }
}

/* Close the scope of declarations down to 'tolevel'. */
static void
parse_removevars (FuncState *fs, int tolevel)
{
  fs->ls->dyd->s.nactvar -= (fs->nactvar - tolevel);
  while (fs->nactvar > tolevel) {
    LocVar *var = parse_localdebuginfo (fs, --fs->nactvar);

    if (var != NULL)
      var->endpc = fs->pc;
  }
}

static void
parse_initvar (FuncState *fs, ExpDesc *e, int vidx)
{
  e->f = e->t = NO_JUMP;
  e->k = EK_LOCAL;
  e->u.var.vidx = cast (short, vidx);
  e->u.var.ridx = parse_vardesc (fs, vidx)->ridx;
}

/* Raise when assigning to a read-only variable.  An assignment through the
** vararg parameter (t[k] = v) needs a real table. */
static void
parse_checkreadonly (LexState *ls, ExpDesc *e)
{
  FuncState *fs = ls->fs;
  TString *varname = NULL;

  switch (e->k) {
    case EK_CONST:
      varname = dyd_actvar (ls)[e->u.info].name;
      break;
    case EK_LOCAL: case EK_VARGVAR: {
      VarDesc *vd = parse_vardesc (fs, e->u.var.vidx);

      if (vd->kind != VDKREG)
        varname = vd->name;
      break;
    }
    case EK_UPVAL: {
      Upvaldesc *up = &fs->f->upvalues[e->u.info];

      if (up->kind != VDKREG)
        varname = up->name;
      break;
    }
    case EK_VARGIND:
      fs->f->flag |= PF_VATAB;
      e->k = EK_INDEXED;
      /* fall through */
    case EK_INDEXUP: case EK_INDEXSTR: case EK_INDEXED:
      if (e->u.ind.ro)
        varname = tsvalue (&fs->f->k[e->u.ind.keystr]);
      break;
    default:
      el_assert (e->k == EK_INDEXI);
      return;
  }
  if (varname != NULL)
    el_compile_semerror (ls, "attempt to assign to const variable '%s'",
                         getstr (varname));
}

/* -- Name resolution --------------------------------------------------------
** A free name is looked up from the innermost scope outward, through the
** enclosing functions.  While no declaration is found, var->u.info tracks
** which global rule applies:
**   -1  the implicit 'global *' (no global declaration seen so far);
**   -2  some explicit global declaration voids the implicit one;
**  >=0  absolute index of the innermost collective 'global [<const>] *'.
*/

/* Look for 'n' among fs's declarations in scope; returns the kind of
** expression found or -1. */
static int
parse_searchvar (FuncState *fs, TString *n, ExpDesc *var)
{
  int i;

  for (i = fs->nactvar - 1; i >= 0; i--) {
    VarDesc *vd = parse_vardesc (fs, i);

    if (vd_isglobal (vd)) {
      if (vd->name == NULL) {
        if (var->u.info < 0)
          var->u.info = fs->firstlocal + i;   /* innermost 'global *' */
      }
      else if (vd->name == n) {
        parse_initexp (var, EK_GLOBAL, fs->firstlocal + i);
        return EK_GLOBAL;
      }
      else if (var->u.info == -1)
        var->u.info = -2;
    }
    else if (vd->name == n) {
      if (vd->kind == RDKCTC)
        parse_initexp (var, EK_CONST, fs->firstlocal + i);
      else {
        parse_initvar (fs, var, i);
        if (vd->kind == RDKVAVAR)
          var->k = EK_VARGVAR;
      }
      return var->k;
    }
  }
  return -1;
}

static int
parse_searchupvalue (FuncState *fs, TString *name)
{
  Upvaldesc *up = fs->f->upvalues;
  int i;

  for (i = 0; i < fs->nups; i++) {
    if (up[i].name == name)
      return i;
  }
  return -1;
}

static Upvaldesc *
parse_allocupvalue (FuncState *fs)
{
  Proto *f = fs->f;
  int oldsize = f->sizeupvalues;

  el_compile_checklimit (fs, fs->nups + 1, EL_MAXUPVAL, "upvalues");
  el_mem_growvector (fs->ls->L, f->upvalues, fs->nups, f->sizeupvalues,
                     Upvaldesc, EL_MAXUPVAL, "upvalues");
  while (oldsize < f->sizeupvalues)
    f->upvalues[oldsize++].name = NULL;
  return &f->upvalues[fs->nups++];
}

/* New upvalue of fs for variable v of the enclosing function. */
static int
parse_newupvalue (FuncState *fs, TString *name, ExpDesc *v)
{
  Upvaldesc *up = parse_allocupvalue (fs);
  FuncState *prev = fs->prev;

  if (v->k == EK_LOCAL) {
    up->instack = 1;
    up->idx = v->u.var.ridx;
    up->kind = parse_vardesc (prev, v->u.var.vidx)->kind;
  }
  else {
    el_assert (v->k == EK_UPVAL);
    up->instack = 0;
    up->idx = cast_byte (v->u.info);
    up->kind = prev->f->upvalues[v->u.info].kind;
  }
  up->name = name;
  el_gc_objbarrier (fs->ls->L, fs->f, name);
  return fs->nups - 1;
}

/* The block where declaration 'level' lives must close its upvalues. */
static void
parse_markupval (FuncState *fs, int level)
{
  BlockCnt *bl = fs->bl;

  while (bl->nactvar > level)
    bl = bl->previous;
  bl->upval = 1;
  fs->needclose = 1;
}

static void
parse_marktobeclosed (FuncState *fs)
{
  BlockCnt *bl = fs->bl;

  bl->upval = 1;
  bl->insidetbc = 1;
  fs->needclose = 1;
}

/* Resolve 'n' from fs outward; 'base' is true at the level where the name
** is used (a local found below it is captured as an upvalue).  Globals and
** compile-time constants need nothing at intermediate levels. */
static void
parse_singlevaraux (FuncState *fs, TString *n, ExpDesc *var, int base)
{
  int idx;

  if (parse_searchvar (fs, n, var) >= 0) {
    if (!base) {
      if (var->k == EK_VARGVAR)
        el_compile_vapar2local (fs, var);   /* captured: needs a table */
      if (var->k == EK_LOCAL)
        parse_markupval (fs, var->u.var.vidx);
    }
    return;
  }
  idx = parse_searchupvalue (fs, n);
  if (idx < 0) {
    if (fs->prev != NULL)
      parse_singlevaraux (fs->prev, n, var, 0);
    if (var->k != EK_LOCAL && var->k != EK_UPVAL)
      return;
    idx = parse_newupvalue (fs, n, var);
  }
  parse_initexp (var, EK_UPVAL, idx);
}

/* var := _ENV[varname] */
static void
parse_buildglobal (LexState *ls, TString *varname, ExpDesc *var)
{
  FuncState *fs = ls->fs;
  ExpDesc key;

  parse_initexp (var, EK_GLOBAL, -1);
  parse_singlevaraux (fs, ls->envn, var, 1);
  if (var->k == EK_GLOBAL)
    el_compile_semerror (ls, "%s is global when accessing variable '%s'",
                         EL_ENV, getstr (varname));
  el_compile_exp2anyregup (fs, var);   /* _ENV may be a constant */
  parse_codestring (&key, varname);
  el_compile_indexed (fs, var, &key);
}

static void
parse_buildvar (LexState *ls, TString *varname, ExpDesc *var)
{
  int info;

  parse_initexp (var, EK_GLOBAL, -1);
  parse_singlevaraux (ls->fs, varname, var, 1);
  if (var->k != EK_GLOBAL)
    return;
  info = var->u.info;
  if (info == -2)
    el_compile_semerror (ls, "variable '%s' not declared", getstr (varname));
  parse_buildglobal (ls, varname, var);
  if (info >= 0 && dyd_actvar (ls)[info].kind == GDKCONST)
    var->u.ind.ro = 1;
}

static void
parse_singlevar (LexState *ls, ExpDesc *var)
{
  parse_buildvar (ls, parse_checkname (ls), var);
}

/* Adjust 'nexps' values (the last one e, maybe multi-valued) to 'nvars'
** consecutive registers. */
static void
parse_adjustassign (LexState *ls, int nvars, int nexps, ExpDesc *e)
{
  FuncState *fs = ls->fs;
  int needed = nvars - nexps;

  el_compile_checkstack (fs, needed);
  if (ek_hasmultret (e->k)) {
    int extra = needed + 1;   /* the call itself counts as one */

    if (extra < 0)
      extra = 0;
    el_compile_setreturns (fs, e, extra);
  }
  else {
    if (e->k != EK_VOID)
      el_compile_exp2nextreg (fs, e);
    if (needed > 0)
      el_compile_nil (fs, fs->freereg, needed);
  }
  if (needed > 0)
    el_compile_reserveregs (fs, needed);
  else
    fs->freereg = cast_byte (fs->freereg + needed);   /* drop extras */
}

/* -- Gotos and labels -------------------------------------------------------
** A goto is emitted as a JMP followed by a dead CLOSE placeholder.  When it
** is matched with its label and leaves the scope of variables that must be
** closed, the two swap places so that the CLOSE runs first.  Pending gotos
** of a finished block move to the enclosing block, their level lowered to
** the block's entry level. */

static EL_NORET
parse_jumpscopeerror (LexState *ls, LabelDesc *gt)
{
  TString *tsname = parse_vardesc (ls->fs, gt->nactvar)->name;
  const char *varname = (tsname != NULL) ? getstr (tsname) : "*";

  el_compile_semerror (ls, "<goto %s> at line %d jumps into the scope of '%s'",
                       getstr (gt->name), gt->line, varname);
}

static void
parse_closegoto (LexState *ls, int g, LabelDesc *label, int bup)
{
  FuncState *fs = ls->fs;
  ParseScratch *s = &ls->dyd->s;
  LabelDesc *gt = &dyd_gt (ls)[g];
  int i;

  el_assert (gt->name == label->name);
  if (el_unlikely (gt->nactvar < label->nactvar))
    parse_jumpscopeerror (ls, gt);
  if (gt->close || (label->nactvar < gt->nactvar && bup)) {
    el_compile_patchclose (fs, gt->pc,
                           el_compile_reglevel (fs, label->nactvar));
    gt->pc++;
  }
  el_compile_patchlist (fs, gt->pc, label->pc);
  for (i = g; i < s->ngt - 1; i++)
    dyd_gt (ls)[i] = dyd_gt (ls)[i + 1];
  s->ngt--;
}

static LabelDesc *
parse_findlabel (LexState *ls, TString *name, int ilb)
{
  for (; ilb < ls->dyd->s.nlabel; ilb++) {
    LabelDesc *lb = &dyd_label (ls)[ilb];

    if (lb->name == name)
      return lb;
  }
  return NULL;
}

static int
parse_newlabelentry (LexState *ls, int isgoto, TString *name, int line,
                     int pc)
{
  ParseScratch *s = &ls->dyd->s;
  LabelDesc *l;
  int n;

  if (isgoto) {
    s->gt = el_mem_growaux (ls->L, s->gt, s->ngt, &s->sizegt,
                            sizeof (LabelDesc), SHRT_MAX, "labels/gotos");
    n = s->ngt++;
    l = &dyd_gt (ls)[n];
  }
  else {
    s->label = el_mem_growaux (ls->L, s->label, s->nlabel, &s->sizelabel,
                               sizeof (LabelDesc), SHRT_MAX, "labels/gotos");
    n = s->nlabel++;
    l = &dyd_label (ls)[n];
  }
  l->name = name;
  l->line = line;
  l->nactvar = ls->fs->nactvar;
  l->close = 0;
  l->pc = pc;
  return n;
}

static void
parse_newgoto (LexState *ls, TString *name, int line)
{
  FuncState *fs = ls->fs;
  int pc = el_compile_jump (fs);

  el_compile_codeABC (fs, OP_CLOSE, 0, 1, 0);   /* dead placeholder */
  parse_newlabelentry (ls, 1, name, line, pc);
}

/* A label that is the last statement of its block is outside the scope of
** the block's variables (a goto may jump to the end of a scope). */
static void
parse_createlabel (LexState *ls, TString *name, int line, int last)
{
  FuncState *fs = ls->fs;
  int l = parse_newlabelentry (ls, 0, name, line, el_compile_getlabel (fs));

  if (last)
    dyd_label (ls)[l].nactvar = fs->bl->nactvar;
}

static void
parse_solvegotos (FuncState *fs, BlockCnt *bl)
{
  LexState *ls = fs->ls;
  int outlevel = el_compile_reglevel (fs, bl->nactvar);
  int igt = bl->firstgoto;

  while (igt < ls->dyd->s.ngt) {
    LabelDesc *gt = &dyd_gt (ls)[igt];
    LabelDesc *lb = parse_findlabel (ls, gt->name, bl->firstlabel);

    if (lb != NULL)
      parse_closegoto (ls, igt, lb, bl->upval);
    else {
      /* escaping the block: it must close what the block opened */
      if (bl->upval && el_compile_reglevel (fs, gt->nactvar) > outlevel)
        gt->close = 1;
      gt->nactvar = bl->nactvar;
      igt++;
    }
  }
  ls->dyd->s.nlabel = bl->firstlabel;
}

/* -- Blocks and functions ------------------------------------------------ */

static void
parse_enterblock (FuncState *fs, BlockCnt *bl, int isloop)
{
  bl->isloop = cast_byte (isloop);
  bl->nactvar = fs->nactvar;
  bl->firstlabel = fs->ls->dyd->s.nlabel;
  bl->firstgoto = fs->ls->dyd->s.ngt;
  bl->upval = 0;
  bl->insidetbc = (fs->bl != NULL && fs->bl->insidetbc);
  bl->previous = fs->bl;
  fs->bl = bl;
  el_assert (fs->freereg == el_compile_nvarstack (fs));
}

static void
parse_leaveblock (FuncState *fs)
{
  BlockCnt *bl = fs->bl;
  LexState *ls = fs->ls;
  int stklevel = el_compile_reglevel (fs, bl->nactvar);

  if (bl->previous != NULL && bl->upval)
    el_compile_codeABC (fs, OP_CLOSE, stklevel, 0, 0);
  fs->freereg = cast_byte (stklevel);
  parse_removevars (fs, bl->nactvar);
  el_assert (bl->nactvar == fs->nactvar);
  if (bl->isloop == 2)   /* pending breaks jump here */
    parse_createlabel (ls, ls->brkn, 0, 0);
  parse_solvegotos (fs, bl);
  if (bl->previous == NULL && bl->firstgoto < ls->dyd->s.ngt) {
    LabelDesc *gt = &dyd_gt (ls)[bl->firstgoto];

    el_compile_semerror (ls, "no visible label '%s' for <goto> at line %d",
                         getstr (gt->name), gt->line);
  }
  fs->bl = bl->previous;
}

/* A new Proto nested in the current function (anchored in its 'p'). */
static Proto *
parse_addproto (LexState *ls)
{
  ElaraState *L = ls->L;
  FuncState *fs = ls->fs;
  Proto *f = fs->f;
  Proto *clp;

  if (fs->np >= f->sizep) {
    int oldsize = f->sizep;

    el_mem_growvector (L, f->p, fs->np, f->sizep, Proto *, MAXARG_Bx,
                       "functions");
    while (oldsize < f->sizep)
      f->p[oldsize++] = NULL;
  }
  clp = el_func_newproto (L);
  f->p[fs->np++] = clp;
  el_gc_objbarrier (L, f, clp);
  return clp;
}

/* CLOSURE for the function just compiled, in the enclosing function's next
** register (the last live one, so a collection during the instruction sees
** every register in use). */
static void
parse_codeclosure (LexState *ls, ExpDesc *v)
{
  FuncState *fs = ls->fs->prev;

  parse_initexp (v, EK_RELOC, el_compile_codeABx (fs, OP_CLOSURE, 0,
                                                  (unsigned int) (fs->np - 1)));
  el_compile_exp2nextreg (fs, v);
}

static void
parse_openfunc (LexState *ls, FuncState *fs, BlockCnt *bl)
{
  ElaraState *L = ls->L;
  Proto *f = fs->f;

  fs->prev = ls->fs;
  fs->ls = ls;
  ls->fs = fs;
  fs->pc = 0;
  fs->lasttarget = 0;
  fs->freereg = 0;
  fs->nk = 0;
  fs->np = 0;
  fs->nups = 0;
  fs->ndebugvars = 0;
  fs->nactvar = 0;
  fs->needclose = 0;
  fs->firstlocal = ls->dyd->s.nactvar;
  fs->firstlabel = ls->dyd->s.nlabel;
  fs->bl = NULL;
  f->source = ls->source;
  el_gc_objbarrier (L, f, f->source);
  f->maxstacksize = 2;   /* registers 0 and 1 are always valid */
  fs->kcache = el_table_new (L);
  sethvalue (L, s2v (L->top), fs->kcache);   /* anchor it */
  el_call_inctop (L);
  parse_enterblock (fs, bl, 0);
}

static void
parse_closefunc (LexState *ls)
{
  ElaraState *L = ls->L;
  FuncState *fs = ls->fs;
  Proto *f = fs->f;

  el_compile_ret (fs, el_compile_nvarstack (fs), 0);   /* final return */
  parse_leaveblock (fs);
  el_assert (fs->bl == NULL);
  el_compile_finish (fs);
  el_mem_shrink (L, f->code, f->sizecode, fs->pc, Instruction);
  el_mem_shrink (L, f->lineinfo, f->sizelineinfo, fs->pc, int);
  el_mem_shrink (L, f->k, f->sizek, fs->nk, TValue);
  el_mem_shrink (L, f->p, f->sizep, fs->np, Proto *);
  el_mem_shrink (L, f->locvars, f->sizelocvars, fs->ndebugvars, LocVar);
  el_mem_shrink (L, f->upvalues, f->sizeupvalues, fs->nups, Upvaldesc);
  el_func_setxcode (L, f);
  ls->fs = fs->prev;
  L->top--;   /* the kcache table */
  el_gc_checkGC (L);
}

/* -- Table constructors -------------------------------------------------- */

typedef struct ConsControl {
  ExpDesc v;        /* last list item read */
  ExpDesc *t;       /* the table */
  int nh;           /* record fields */
  int na;           /* list items already stored */
  int tostore;      /* list items pending in registers */
  int maxtostore;   /* flush threshold */
} ConsControl;

static void
parse_yindex (LexState *ls, ExpDesc *v)
{
  el_lex_next (ls);   /* '[' */
  parse_expr (ls, v);
  el_compile_exp2val (ls->fs, v);
  parse_checknext (ls, ']');
}

static void
parse_recfield (LexState *ls, ConsControl *cc)
{
  FuncState *fs = ls->fs;
  int reg = fs->freereg;
  ExpDesc tab, key, val;

  if (ls->t.token == TK_NAME)
    parse_codename (ls, &key);
  else
    parse_yindex (ls, &key);
  cc->nh++;
  parse_checknext (ls, '=');
  tab = *cc->t;
  el_compile_indexed (fs, &tab, &key);
  parse_expr (ls, &val);
  el_compile_storevar (fs, &tab, &val);
  fs->freereg = cast_byte (reg);
}

static void
parse_closelistfield (FuncState *fs, ConsControl *cc)
{
  el_assert (cc->tostore > 0);
  el_compile_exp2nextreg (fs, &cc->v);
  cc->v.k = EK_VOID;
  if (cc->tostore >= cc->maxtostore) {
    el_compile_setlist (fs, cc->t->u.info, cc->na, cc->tostore);
    cc->na += cc->tostore;
    cc->tostore = 0;
  }
}

static void
parse_lastlistfield (FuncState *fs, ConsControl *cc)
{
  if (cc->tostore == 0)
    return;
  if (ek_hasmultret (cc->v.k)) {
    /* The open item's count is unknown.  A call there usually returns
    ** one value ({build(l), build(r)}): the array part is sized for it,
    ** so that SETLIST need not grow a fresh table (an allocation, a copy
    ** and a free per constructor); when it returns none, one empty entry
    ** is all that is lost.  A '...' is sized for none, as table.pack's
    ** callers pass any number. */
    int isvararg = (cc->v.k == EK_VARARG);
    el_compile_setmultret (fs, &cc->v);
    el_compile_setlist (fs, cc->t->u.info, cc->na, ELARA_MULTRET);
    if (isvararg)
      cc->na--;
  }
  else {
    if (cc->v.k != EK_VOID)
      el_compile_exp2nextreg (fs, &cc->v);
    el_compile_setlist (fs, cc->t->u.info, cc->na, cc->tostore);
  }
  cc->na += cc->tostore;
}

static void
parse_field (LexState *ls, ConsControl *cc)
{
  if ((ls->t.token == TK_NAME && el_lex_lookahead (ls) == '=')
      || ls->t.token == '[')
    parse_recfield (ls, cc);
  else {
    parse_expr (ls, &cc->v);
    cc->tostore++;
  }
}

/* How many list items may wait in registers before a SETLIST: fewer when
** registers are scarce, to leave room for nested constructors. */
static int
parse_maxtostore (FuncState *fs)
{
  int nfree = MAXREGS - fs->freereg;

  if (nfree >= 160)
    return nfree / 5;
  if (nfree >= 80)
    return 10;
  return 1;
}

static void
parse_constructor (LexState *ls, ExpDesc *t)
{
  FuncState *fs = ls->fs;
  int line = ls->linenumber;
  int pc = el_compile_codevABCk (fs, OP_NEWTABLE, 0, 0, 0, 0);
  ConsControl cc;

  el_compile_code (fs, 0);   /* room for the EXTRAARG of the size */
  cc.na = cc.nh = cc.tostore = 0;
  cc.t = t;
  parse_initexp (t, EK_NONRELOC, fs->freereg);
  el_compile_reserveregs (fs, 1);
  parse_initexp (&cc.v, EK_VOID, 0);
  parse_checknext (ls, '{');
  cc.maxtostore = parse_maxtostore (fs);
  do {
    if (ls->t.token == '}')
      break;
    if (cc.v.k != EK_VOID)
      parse_closelistfield (fs, &cc);
    parse_field (ls, &cc);
    el_compile_checklimit (fs, cc.tostore + cc.na + cc.nh, PARSE_MAXCNST,
                           "items in a constructor");
  } while (parse_testnext (ls, ',') || parse_testnext (ls, ';'));
  parse_checkmatch (ls, '}', '{', line);
  parse_lastlistfield (fs, &cc);
  el_compile_settablesize (fs, pc, t->u.info, cc.na, cc.nh);
}

/* -- Function bodies ----------------------------------------------------- */

static void
parse_setvararg (FuncState *fs)
{
  fs->f->flag |= PF_VAHID;   /* hidden arguments unless a table is needed */
  el_compile_codeABC (fs, OP_VARARGPREP, 0, 0, 0);
}

/* parlist -> [ {NAME ','} (NAME | '...' [NAME]) ] */
static void
parse_parlist (LexState *ls)
{
  FuncState *fs = ls->fs;
  Proto *f = fs->f;
  int nparams = 0;
  int isvararg = 0;

  if (ls->t.token != ')') {
    do {
      switch (ls->t.token) {
        case TK_NAME:
          parse_newlocal (ls, parse_checkname (ls));
          nparams++;
          break;
        case TK_DOTS:
          isvararg = 1;
          el_lex_next (ls);
          /* the vararg parameter takes the register after the fixed ones;
          ** an anonymous one cannot be named, so it is never read */
          if (ls->t.token == TK_NAME)
            parse_newvar (ls, parse_checkname (ls), RDKVAVAR);
          else
            parse_newlocalliteral (ls, "(vararg table)");
          break;
        default:
          el_lex_syntaxerror (ls, "<name> or '...' expected");
      }
    } while (!isvararg && parse_testnext (ls, ','));
  }
  parse_adjustlocals (ls, nparams);
  f->numparams = cast_byte (fs->nactvar);
  if (isvararg) {
    parse_setvararg (fs);
    parse_adjustlocals (ls, 1);
  }
  el_compile_reserveregs (fs, fs->nactvar);
}

/* body -> '(' parlist ')' block END */
static void
parse_body (LexState *ls, ExpDesc *e, int ismethod, int line)
{
  FuncState newfs;
  BlockCnt bl;

  newfs.f = parse_addproto (ls);
  newfs.f->linedefined = line;
  parse_openfunc (ls, &newfs, &bl);
  parse_checknext (ls, '(');
  if (ismethod) {
    parse_newlocalliteral (ls, "self");
    parse_adjustlocals (ls, 1);
  }
  parse_parlist (ls);
  parse_checknext (ls, ')');
  parse_statlist (ls);
  newfs.f->lastlinedefined = ls->linenumber;
  parse_checkmatch (ls, TK_END, TK_FUNCTION, line);
  parse_codeclosure (ls, e);
  parse_closefunc (ls);
}

/* -- Expressions --------------------------------------------------------- */

static int
parse_explist (LexState *ls, ExpDesc *v)
{
  int n = 1;

  parse_expr (ls, v);
  while (parse_testnext (ls, ',')) {
    el_compile_exp2nextreg (ls->fs, v);
    parse_expr (ls, v);
    n++;
  }
  return n;
}

/* Call f (already in a register) with the arguments that follow. */
static void
parse_funcargs (LexState *ls, ExpDesc *f)
{
  FuncState *fs = ls->fs;
  ExpDesc args;
  int base, nparams;
  int line = ls->linenumber;

  switch (ls->t.token) {
    case '(':
      el_lex_next (ls);
      if (ls->t.token == ')')
        args.k = EK_VOID;
      else {
        parse_explist (ls, &args);
        if (ek_hasmultret (args.k))
          el_compile_setmultret (fs, &args);
      }
      parse_checkmatch (ls, ')', '(', line);
      break;
    case '{':
      parse_constructor (ls, &args);
      break;
    case TK_STRING:
      parse_codestring (&args, ls->t.seminfo.ts);
      el_lex_next (ls);
      break;
    default:
      el_lex_syntaxerror (ls, "function arguments expected");
  }
  el_assert (f->k == EK_NONRELOC);
  base = f->u.info;
  if (ek_hasmultret (args.k))
    nparams = ELARA_MULTRET;
  else {
    if (args.k != EK_VOID)
      el_compile_exp2nextreg (fs, &args);
    nparams = fs->freereg - (base + 1);
  }
  parse_initexp (f, EK_CALL, el_compile_codeABC (fs, OP_CALL, base,
                                                 nparams + 1, 2));
  el_compile_fixline (fs, line);
  /* the call consumes function and arguments and leaves one result */
  fs->freereg = cast_byte (base + 1);
}

static void
parse_fieldsel (LexState *ls, ExpDesc *v)
{
  FuncState *fs = ls->fs;
  ExpDesc key;

  el_compile_exp2anyregup (fs, v);
  el_lex_next (ls);   /* '.' or ':' */
  parse_codename (ls, &key);
  el_compile_indexed (fs, v, &key);
}

/* primaryexp -> NAME | '(' expr ')' */
static void
parse_primaryexp (LexState *ls, ExpDesc *v)
{
  switch (ls->t.token) {
    case '(': {
      int line = ls->linenumber;

      el_lex_next (ls);
      parse_expr (ls, v);
      parse_checkmatch (ls, ')', '(', line);
      /* a parenthesised expression is a value, not a variable, and has
      ** exactly one value */
      el_compile_dischargevars (ls->fs, v);
      return;
    }
    case TK_NAME:
      parse_singlevar (ls, v);
      return;
    default:
      el_lex_syntaxerror (ls, "unexpected symbol");
  }
}

/* suffixedexp -> primaryexp { '.' NAME | '[' exp ']' | ':' NAME funcargs
**                             | funcargs } */
static void
parse_suffixedexp (LexState *ls, ExpDesc *v)
{
  FuncState *fs = ls->fs;

  parse_primaryexp (ls, v);
  for (;;) {
    switch (ls->t.token) {
      case '.':
        parse_fieldsel (ls, v);
        break;
      case '[': {
        ExpDesc key;

        el_compile_exp2anyregup (fs, v);
        parse_yindex (ls, &key);
        el_compile_indexed (fs, v, &key);
        break;
      }
      case ':': {
        ExpDesc key;

        el_lex_next (ls);
        parse_codename (ls, &key);
        el_compile_self (fs, v, &key);
        parse_funcargs (ls, v);
        break;
      }
      case '(': case TK_STRING: case '{':
        el_compile_exp2nextreg (fs, v);
        parse_funcargs (ls, v);
        break;
      default:
        return;
    }
  }
}

static void
parse_simpleexp (LexState *ls, ExpDesc *v)
{
  switch (ls->t.token) {
    case TK_FLT:
      parse_initexp (v, EK_KFLT, 0);
      v->u.nval = ls->t.seminfo.r;
      break;
    case TK_INT:
      parse_initexp (v, EK_KINT, 0);
      v->u.ival = ls->t.seminfo.i;
      break;
    case TK_STRING:
      parse_codestring (v, ls->t.seminfo.ts);
      break;
    case TK_NIL:
      parse_initexp (v, EK_NIL, 0);
      break;
    case TK_TRUE:
      parse_initexp (v, EK_TRUE, 0);
      break;
    case TK_FALSE:
      parse_initexp (v, EK_FALSE, 0);
      break;
    case TK_DOTS: {
      FuncState *fs = ls->fs;

      parse_condition (ls, isvararg (fs->f),
                       "cannot use '...' outside a vararg function");
      /* B names the vararg parameter's register (a real table there gets
      ** k set by el_compile_finish) */
      parse_initexp (v, EK_VARARG, el_compile_codeABC (fs, OP_VARARG, 0,
                                                       fs->f->numparams, 1));
      break;
    }
    case '{':
      parse_constructor (ls, v);
      return;
    case TK_FUNCTION:
      el_lex_next (ls);
      parse_body (ls, v, 0, ls->linenumber);
      return;
    default:
      parse_suffixedexp (ls, v);
      return;
  }
  el_lex_next (ls);
}

static UnOpr
parse_unopr (int op)
{
  switch (op) {
    case TK_NOT: return OPR_NOT;
    case '-': return OPR_MINUS;
    case '~': return OPR_BNOT;
    case '#': return OPR_LEN;
    default: return OPR_NOUNOPR;
  }
}

static BinOpr
parse_binopr (int op)
{
  switch (op) {
    case '+': return OPR_ADD;
    case '-': return OPR_SUB;
    case '*': return OPR_MUL;
    case '%': return OPR_MOD;
    case '^': return OPR_POW;
    case '/': return OPR_DIV;
    case TK_IDIV: return OPR_IDIV;
    case '&': return OPR_BAND;
    case '|': return OPR_BOR;
    case '~': return OPR_BXOR;
    case TK_SHL: return OPR_SHL;
    case TK_SHR: return OPR_SHR;
    case TK_CONCAT: return OPR_CONCAT;
    case TK_NE: return OPR_NE;
    case TK_EQ: return OPR_EQ;
    case '<': return OPR_LT;
    case TK_LE: return OPR_LE;
    case '>': return OPR_GT;
    case TK_GE: return OPR_GE;
    case TK_AND: return OPR_AND;
    case TK_OR: return OPR_OR;
    default: return OPR_NOBINOPR;
  }
}

/* Binding powers, indexed by BinOpr: an operator continues the current
** subexpression while its left power exceeds the limit; its right operand
** is parsed with its right power as the limit, so a lower right power makes
** it right-associative ('..' and '^'). */
static const struct {
  uint8_t left;
  uint8_t right;
} parse_priority[] = {
  [OPR_ADD] = { 10, 10 }, [OPR_SUB] = { 10, 10 },
  [OPR_MUL] = { 11, 11 }, [OPR_MOD] = { 11, 11 },
  [OPR_POW] = { 14, 13 },
  [OPR_DIV] = { 11, 11 }, [OPR_IDIV] = { 11, 11 },
  [OPR_BAND] = { 6, 6 }, [OPR_BOR] = { 4, 4 }, [OPR_BXOR] = { 5, 5 },
  [OPR_SHL] = { 7, 7 }, [OPR_SHR] = { 7, 7 },
  [OPR_CONCAT] = { 9, 8 },
  [OPR_EQ] = { 3, 3 }, [OPR_LT] = { 3, 3 }, [OPR_LE] = { 3, 3 },
  [OPR_NE] = { 3, 3 }, [OPR_GT] = { 3, 3 }, [OPR_GE] = { 3, 3 },
  [OPR_AND] = { 2, 2 }, [OPR_OR] = { 1, 1 },
};

#define PARSE_UNARY_PRIORITY  12   /* binds tighter than all but '^' */

/* subexpr -> (simpleexp | unop subexpr) { binop subexpr }, taking only
** binary operators whose left power exceeds 'limit'; returns the first
** operator not taken. */
static BinOpr
parse_subexpr (LexState *ls, ExpDesc *v, int limit)
{
  BinOpr op;
  UnOpr uop;

  parse_enterlevel (ls);
  uop = parse_unopr (ls->t.token);
  if (uop != OPR_NOUNOPR) {
    int line = ls->linenumber;

    el_lex_next (ls);
    parse_subexpr (ls, v, PARSE_UNARY_PRIORITY);
    el_compile_prefix (ls->fs, uop, v, line);
  }
  else
    parse_simpleexp (ls, v);
  op = parse_binopr (ls->t.token);
  while (op != OPR_NOBINOPR && parse_priority[op].left > limit) {
    ExpDesc v2;
    BinOpr nextop;
    int line = ls->linenumber;

    el_lex_next (ls);
    el_compile_infix (ls->fs, op, v);
    nextop = parse_subexpr (ls, &v2, parse_priority[op].right);
    el_compile_posfix (ls->fs, op, v, &v2, line);
    op = nextop;
  }
  parse_leavelevel (ls);
  return op;
}

static void
parse_expr (LexState *ls, ExpDesc *v)
{
  parse_subexpr (ls, v, 0);
}

/* -- Statements ---------------------------------------------------------- */

static int
parse_blockfollow (LexState *ls, int withuntil)
{
  switch (ls->t.token) {
    case TK_ELSE: case TK_ELSEIF: case TK_END: case TK_EOS:
      return 1;
    case TK_UNTIL:
      return withuntil;
    default:
      return 0;
  }
}

static void
parse_statlist (LexState *ls)
{
  while (!parse_blockfollow (ls, 1)) {
    if (ls->t.token == TK_RETURN) {
      parse_statement (ls);
      return;   /* 'return' is the last statement of a block */
    }
    parse_statement (ls);
  }
}

static void
parse_block (LexState *ls)
{
  FuncState *fs = ls->fs;
  BlockCnt bl;

  parse_enterblock (fs, &bl, 0);
  parse_statlist (ls);
  parse_leaveblock (fs);
}

/* The variables on the left side of a multiple assignment. */
struct LhsAssign {
  struct LhsAssign *prev;
  ExpDesc v;
};

/* Stores happen after all values are computed, from right to left.  When a
** local or upvalue assigned now is the table or key of an earlier indexed
** target, that target must use a copy of its old value. */
static void
parse_checkconflict (LexState *ls, struct LhsAssign *lh, ExpDesc *v)
{
  FuncState *fs = ls->fs;
  int extra = fs->freereg;
  int conflict = 0;

  for (; lh != NULL; lh = lh->prev) {
    if (!ek_isindexed (lh->v.k))
      continue;
    if (lh->v.k == EK_INDEXUP) {
      if (v->k == EK_UPVAL && lh->v.u.ind.t == v->u.info) {
        conflict = 1;
        lh->v.k = EK_INDEXSTR;
        lh->v.u.ind.t = cast_byte (extra);
      }
    }
    else {
      if (v->k == EK_LOCAL && lh->v.u.ind.t == v->u.var.ridx) {
        conflict = 1;
        lh->v.u.ind.t = cast_byte (extra);
      }
      if (lh->v.k == EK_INDEXED && v->k == EK_LOCAL
          && lh->v.u.ind.idx == v->u.var.ridx) {
        conflict = 1;
        lh->v.u.ind.idx = cast (short, extra);
      }
    }
  }
  if (conflict) {
    if (v->k == EK_LOCAL)
      el_compile_codeABC (fs, OP_MOVE, extra, v->u.var.ridx, 0);
    else
      el_compile_codeABC (fs, OP_GETUPVAL, extra, v->u.info, 0);
    el_compile_reserveregs (fs, 1);
  }
}

/* Store the top register into var (and free it). */
static void
parse_storevartop (FuncState *fs, ExpDesc *var)
{
  ExpDesc e;

  parse_initexp (&e, EK_NONRELOC, fs->freereg - 1);
  el_compile_storevar (fs, var, &e);
}

/* restassign -> ',' suffixedexp restassign | '=' explist */
static void
parse_restassign (LexState *ls, struct LhsAssign *lh, int nvars)
{
  ExpDesc e;

  parse_condition (ls, ek_isvar (lh->v.k), "syntax error");
  parse_checkreadonly (ls, &lh->v);
  if (parse_testnext (ls, ',')) {
    struct LhsAssign nv;

    nv.prev = lh;
    parse_suffixedexp (ls, &nv.v);
    if (!ek_isindexed (nv.v.k))
      parse_checkconflict (ls, lh, &nv.v);
    parse_enterlevel (ls);
    parse_restassign (ls, &nv, nvars + 1);
    parse_leavelevel (ls);
  }
  else {
    int nexps;

    parse_checknext (ls, '=');
    nexps = parse_explist (ls, &e);
    if (nexps == nvars) {
      /* the last value goes straight to its variable */
      el_compile_setoneret (ls->fs, &e);
      el_compile_storevar (ls->fs, &lh->v, &e);
      return;
    }
    parse_adjustassign (ls, nvars, nexps, &e);
  }
  parse_storevartop (ls->fs, &lh->v);
}

/* cond -> exp; returns the jumps taken when it is false */
static int
parse_cond (LexState *ls)
{
  ExpDesc v;

  parse_expr (ls, &v);
  if (v.k == EK_NIL)
    v.k = EK_FALSE;
  el_compile_goiftrue (ls->fs, &v);
  return v.f;
}

static void
parse_gotostat (LexState *ls, int line)
{
  parse_newgoto (ls, parse_checkname (ls), line);
}

/* break is 'goto break' to a label created when the loop block ends. */
static void
parse_breakstat (LexState *ls, int line)
{
  BlockCnt *bl;

  for (bl = ls->fs->bl; bl != NULL; bl = bl->previous) {
    if (bl->isloop)
      break;
  }
  if (bl == NULL)
    el_lex_syntaxerror (ls, "break outside loop");
  bl->isloop = 2;
  el_lex_next (ls);
  parse_newgoto (ls, ls->brkn, line);
}

static void
parse_labelstat (LexState *ls, TString *name, int line)
{
  LabelDesc *lb;

  parse_checknext (ls, TK_DBCOLON);
  /* following no-op statements do not count: a label before them may
  ** still be the last statement of the block */
  while (ls->t.token == ';' || ls->t.token == TK_DBCOLON)
    parse_statement (ls);
  lb = parse_findlabel (ls, name, ls->fs->firstlabel);
  if (lb != NULL)
    el_compile_semerror (ls, "label '%s' already defined on line %d",
                         getstr (name), lb->line);
  parse_createlabel (ls, name, line, parse_blockfollow (ls, 0));
}

/* whilestat -> WHILE cond DO block END */
static void
parse_whilestat (LexState *ls, int line)
{
  FuncState *fs = ls->fs;
  int whileinit, condexit, bodyinit;
  BlockCnt bl;

  el_lex_next (ls);
  whileinit = el_compile_getlabel (fs);
  condexit = parse_cond (ls);
  bodyinit = fs->pc;
  parse_enterblock (fs, &bl, 1);
  parse_checknext (ls, TK_DO);
  parse_block (ls);
  /* the condition again at the bottom, else a jump back to it */
  if (!el_compile_loopcond (fs, whileinit, bodyinit, &condexit))
    el_compile_patchlist (fs, el_compile_jump (fs), whileinit);
  parse_checkmatch (ls, TK_END, TK_WHILE, line);
  parse_leaveblock (fs);
  el_compile_patchtohere (fs, condexit);
}

/* repeatstat -> REPEAT block UNTIL cond (the condition sees the block's
** locals) */
static void
parse_repeatstat (LexState *ls, int line)
{
  FuncState *fs = ls->fs;
  int repeatinit = el_compile_getlabel (fs);
  int condexit;
  BlockCnt loop, scope;

  parse_enterblock (fs, &loop, 1);
  parse_enterblock (fs, &scope, 0);
  el_lex_next (ls);
  parse_statlist (ls);
  parse_checkmatch (ls, TK_UNTIL, TK_REPEAT, line);
  condexit = parse_cond (ls);
  parse_leaveblock (fs);
  if (scope.upval) {
    /* going around again must close the body's upvalues first */
    int exit = el_compile_jump (fs);

    el_compile_patchtohere (fs, condexit);
    el_compile_codeABC (fs, OP_CLOSE,
                        el_compile_reglevel (fs, scope.nactvar), 0, 0);
    condexit = el_compile_jump (fs);
    el_compile_patchtohere (fs, exit);
  }
  el_compile_patchlist (fs, condexit, repeatinit);
  parse_leaveblock (fs);
}

static void
parse_exp1 (LexState *ls)
{
  ExpDesc e;

  parse_expr (ls, &e);
  el_compile_exp2nextreg (ls->fs, &e);
  el_assert (e.k == EK_NONRELOC);
}

/* Bx of the for-loop instruction at pc so that it reaches dest (forward) or
** comes back to it (back). */
static void
parse_fixforjump (FuncState *fs, int pc, int dest, int back)
{
  Instruction *jmp = &fs->f->code[pc];
  int offset = dest - (pc + 1);

  if (back)
    offset = -offset;
  if (el_unlikely (offset > MAXARG_Bx))
    el_lex_syntaxerror (fs->ls, "control structure too long");
  SETARG_Bx (*jmp, offset);
}

/* forbody -> DO block */
static void
parse_forbody (LexState *ls, int base, int line, int nvars, int isgen)
{
  FuncState *fs = ls->fs;
  BlockCnt bl;
  int prep, endfor;

  parse_checknext (ls, TK_DO);
  prep = el_compile_codeABx (fs, isgen ? OP_TFORPREP : OP_FORPREP, base, 0);
  /* numeric: the three values become two internal slots + the control
  ** variable; generic: four values, three internal + the first name */
  fs->freereg--;
  parse_enterblock (fs, &bl, 0);
  parse_adjustlocals (ls, nvars);
  el_compile_reserveregs (fs, nvars);
  parse_block (ls);
  parse_leaveblock (fs);
  parse_fixforjump (fs, prep, el_compile_getlabel (fs), 0);
  if (isgen) {
    el_compile_codeABC (fs, OP_TFORCALL, base, 0, nvars);
    el_compile_fixline (fs, line);
  }
  endfor = el_compile_codeABx (fs, isgen ? OP_TFORLOOP : OP_FORLOOP, base, 0);
  parse_fixforjump (fs, endfor, prep + 1, 1);
  el_compile_fixline (fs, line);
}

/* fornum -> NAME = exp, exp [, exp] forbody */
static void
parse_fornum (LexState *ls, TString *varname, int line)
{
  FuncState *fs = ls->fs;
  int base = fs->freereg;

  parse_newlocalliteral (ls, "(for state)");
  parse_newlocalliteral (ls, "(for state)");
  parse_newvar (ls, varname, RDKCONST);   /* the control variable */
  parse_checknext (ls, '=');
  parse_exp1 (ls);
  parse_checknext (ls, ',');
  parse_exp1 (ls);
  if (parse_testnext (ls, ','))
    parse_exp1 (ls);
  else {
    el_compile_int (fs, fs->freereg, 1);
    el_compile_reserveregs (fs, 1);
  }
  parse_adjustlocals (ls, 2);
  parse_forbody (ls, base, line, 1, 0);
}

/* forlist -> NAME {, NAME} IN explist forbody */
static void
parse_forlist (LexState *ls, TString *indexname)
{
  FuncState *fs = ls->fs;
  ExpDesc e;
  int nvars = 4;   /* iterator, state, closing value, control */
  int line;
  int base = fs->freereg;

  parse_newlocalliteral (ls, "(for state)");
  parse_newlocalliteral (ls, "(for state)");
  parse_newlocalliteral (ls, "(for state)");
  parse_newvar (ls, indexname, RDKCONST);
  while (parse_testnext (ls, ',')) {
    parse_newlocal (ls, parse_checkname (ls));
    nvars++;
  }
  parse_checknext (ls, TK_IN);
  line = ls->linenumber;
  parse_adjustassign (ls, 4, parse_explist (ls, &e), &e);
  parse_adjustlocals (ls, 3);
  parse_marktobeclosed (fs);   /* the closing value */
  el_compile_checkstack (fs, 2);   /* room to call the iterator */
  parse_forbody (ls, base, line, nvars - 3, 1);
}

static void
parse_forstat (LexState *ls, int line)
{
  FuncState *fs = ls->fs;
  TString *varname;
  BlockCnt bl;

  parse_enterblock (fs, &bl, 1);
  el_lex_next (ls);
  varname = parse_checkname (ls);
  switch (ls->t.token) {
    case '=':
      parse_fornum (ls, varname, line);
      break;
    case ',': case TK_IN:
      parse_forlist (ls, varname);
      break;
    default:
      el_lex_syntaxerror (ls, "'=' or 'in' expected");
  }
  parse_checkmatch (ls, TK_END, TK_FOR, line);
  parse_leaveblock (fs);
}

/* test_then_block -> [IF | ELSEIF] cond THEN block */
static void
parse_testthenblock (LexState *ls, int *escapelist)
{
  FuncState *fs = ls->fs;
  int condfalse;

  el_lex_next (ls);
  condfalse = parse_cond (ls);
  parse_checknext (ls, TK_THEN);
  parse_block (ls);
  if (ls->t.token == TK_ELSE || ls->t.token == TK_ELSEIF)
    el_compile_concat (fs, escapelist, el_compile_jump (fs));
  el_compile_patchtohere (fs, condfalse);
}

static void
parse_ifstat (LexState *ls, int line)
{
  FuncState *fs = ls->fs;
  int escapelist = NO_JUMP;

  parse_testthenblock (ls, &escapelist);
  while (ls->t.token == TK_ELSEIF)
    parse_testthenblock (ls, &escapelist);
  if (parse_testnext (ls, TK_ELSE))
    parse_block (ls);
  parse_checkmatch (ls, TK_END, TK_IF, line);
  el_compile_patchtohere (fs, escapelist);
}

static void
parse_localfunc (LexState *ls)
{
  ExpDesc b;
  FuncState *fs = ls->fs;
  int fvar = fs->nactvar;

  parse_newlocal (ls, parse_checkname (ls));
  parse_adjustlocals (ls, 1);   /* in scope inside its body (recursion) */
  parse_body (ls, &b, 0, ls->linenumber);
  /* for the debug information the variable starts after the closure */
  parse_localdebuginfo (fs, fvar)->startpc = fs->pc;
}

/* attrib -> ['<' NAME '>']; 'df' when absent */
static int
parse_attribute (LexState *ls, int df)
{
  TString *ts;
  const char *attr;

  if (!parse_testnext (ls, '<'))
    return df;
  ts = parse_checkname (ls);
  attr = getstr (ts);
  parse_checknext (ls, '>');
  if (strcmp (attr, "const") == 0)
    return RDKCONST;
  if (strcmp (attr, "close") == 0)
    return RDKTOCLOSE;
  el_compile_semerror (ls, "unknown attribute '%s'", attr);
}

/* localstat -> LOCAL [attrib] NAME [attrib] {',' NAME [attrib]}
**              ['=' explist] */
static void
parse_localstat (LexState *ls)
{
  FuncState *fs = ls->fs;
  int toclose = -1;
  int vidx = 0;
  int nvars = 0;
  int nexps;
  int defkind = parse_attribute (ls, VDKREG);
  VarDesc *var;
  ExpDesc e;

  do {
    TString *vname = parse_checkname (ls);
    int kind = parse_attribute (ls, defkind);

    vidx = parse_newvar (ls, vname, kind);
    if (kind == RDKTOCLOSE) {
      if (toclose != -1)
        el_compile_semerror (ls,
                             "multiple to-be-closed variables in local list");
      toclose = fs->nactvar + nvars;
    }
    nvars++;
  } while (parse_testnext (ls, ','));
  if (parse_testnext (ls, '='))
    nexps = parse_explist (ls, &e);
  else {
    e.k = EK_VOID;
    nexps = 0;
  }
  var = parse_vardesc (fs, vidx);
  if (nvars == nexps && var->kind == RDKCONST
      && el_compile_exp2const (fs, &e, &var->k)) {
    /* the last variable is a compile-time constant: no register, no code;
    ** it still counts as an active declaration */
    var->kind = RDKCTC;
    parse_adjustlocals (ls, nvars - 1);
    fs->nactvar++;
  }
  else {
    parse_adjustassign (ls, nvars, nexps, &e);
    parse_adjustlocals (ls, nvars);
  }
  if (toclose != -1) {
    parse_marktobeclosed (fs);
    el_compile_codeABC (fs, OP_TBC, el_compile_reglevel (fs, toclose), 0, 0);
  }
}

static int
parse_globalattribute (LexState *ls, int df)
{
  int kind = parse_attribute (ls, df);

  if (kind == RDKTOCLOSE)
    el_compile_semerror (ls, "global variables cannot be to-be-closed");
  return (kind == RDKCONST) ? GDKCONST : kind;
}

/* Run-time check that global varname is still nil before initialising it. */
static void
parse_checkglobal (LexState *ls, TString *varname, int line)
{
  ExpDesc var;

  parse_buildglobal (ls, varname, &var);
  el_compile_checkglobal (ls->fs, &var, var.u.ind.keystr, line);
}

/* 'global a, b, c = explist': the targets are built left to right, then
** the values, then each name from the last to the first is checked (nil)
** and stored.  Recursion keeps one target per level. */
static void
parse_initglobal (LexState *ls, int nvars, int firstidx, int n, int line)
{
  FuncState *fs = ls->fs;
  ExpDesc var;
  TString *varname;

  if (n == nvars) {
    ExpDesc e;
    int nexps = parse_explist (ls, &e);

    parse_adjustassign (ls, nvars, nexps, &e);
    return;
  }
  varname = parse_vardesc (fs, firstidx + n)->name;
  parse_buildglobal (ls, varname, &var);
  parse_enterlevel (ls);
  parse_initglobal (ls, nvars, firstidx, n + 1, line);
  parse_leavelevel (ls);
  parse_checkglobal (ls, varname, line);
  parse_storevartop (fs, &var);
}

static void
parse_globalnames (LexState *ls, int defkind)
{
  FuncState *fs = ls->fs;
  int nvars = 0;
  int lastidx;

  do {
    TString *vname = parse_checkname (ls);
    int kind = parse_globalattribute (ls, defkind);

    lastidx = parse_newvar (ls, vname, kind);
    nvars++;
  } while (parse_testnext (ls, ','));
  /* the names are not in scope in their own initialisers */
  if (parse_testnext (ls, '='))
    parse_initglobal (ls, nvars, lastidx - nvars + 1, 0, ls->linenumber);
  fs->nactvar = cast (short, fs->nactvar + nvars);
}

/* globalstat -> [attrib] '*' | [attrib] NAME [attrib] {',' NAME [attrib]}
**               ['=' explist] */
static void
parse_globalstat (LexState *ls)
{
  FuncState *fs = ls->fs;
  int defkind = parse_globalattribute (ls, GDKREG);

  if (parse_testnext (ls, '*')) {
    parse_newvar (ls, NULL, defkind);   /* NULL name: the collective form */
    fs->nactvar++;
  }
  else
    parse_globalnames (ls, defkind);
}

/* global function NAME body: declares NAME (in scope in the body), then
** defines it like 'global NAME = function ... end'. */
static void
parse_globalfunc (LexState *ls, int line)
{
  ExpDesc var, b;
  FuncState *fs = ls->fs;
  TString *fname = parse_checkname (ls);

  parse_newvar (ls, fname, GDKREG);
  fs->nactvar++;
  parse_buildglobal (ls, fname, &var);
  parse_body (ls, &b, 0, ls->linenumber);
  parse_checkglobal (ls, fname, line);
  el_compile_storevar (fs, &var, &b);
  el_compile_fixline (fs, line);
}

static void
parse_globalstatfunc (LexState *ls, int line)
{
  el_lex_next (ls);   /* 'global' */
  if (parse_testnext (ls, TK_FUNCTION))
    parse_globalfunc (ls, line);
  else
    parse_globalstat (ls);
}

/* Does the 'global' at the current token start a declaration?  In compat
** builds it is a plain name unless followed by '<', a name, '*' or
** 'function'. */
static int
parse_isglobaldecl (LexState *ls)
{
  int la;

  if (ls->t.token == TK_GLOBAL)
    return 1;
  if (!el_lex_isglobal (ls))
    return 0;
  la = el_lex_lookahead (ls);
  return (la == '<' || la == TK_NAME || la == '*' || la == TK_FUNCTION);
}

/* funcname -> NAME {'.' NAME} [':' NAME]; returns whether it is a method */
static int
parse_funcname (LexState *ls, ExpDesc *v)
{
  int ismethod = 0;

  parse_singlevar (ls, v);
  while (ls->t.token == '.')
    parse_fieldsel (ls, v);
  if (ls->t.token == ':') {
    ismethod = 1;
    parse_fieldsel (ls, v);
  }
  return ismethod;
}

static void
parse_funcstat (LexState *ls, int line)
{
  int ismethod;
  ExpDesc v, b;

  el_lex_next (ls);
  ismethod = parse_funcname (ls, &v);
  parse_checkreadonly (ls, &v);
  parse_body (ls, &b, ismethod, line);
  el_compile_storevar (ls->fs, &v, &b);
  el_compile_fixline (ls->fs, line);   /* the definition "happens" here */
}

/* exprstat -> func | assignment */
static void
parse_exprstat (LexState *ls)
{
  FuncState *fs = ls->fs;
  struct LhsAssign v;

  parse_suffixedexp (ls, &v.v);
  if (ls->t.token == '=' || ls->t.token == ',') {
    v.prev = NULL;
    parse_restassign (ls, &v, 1);
  }
  else {
    parse_condition (ls, v.v.k == EK_CALL, "syntax error");
    SETARG_C (getinstruction (fs, &v.v), 1);   /* no results wanted */
  }
}

/* retstat -> RETURN [explist] [';'] */
static void
parse_retstat (LexState *ls)
{
  FuncState *fs = ls->fs;
  ExpDesc e;
  int nret;
  int first = el_compile_nvarstack (fs);

  if (parse_blockfollow (ls, 1) || ls->t.token == ';')
    nret = 0;
  else {
    nret = parse_explist (ls, &e);
    if (ek_hasmultret (e.k)) {
      el_compile_setmultret (fs, &e);
      /* a tail call cannot leave a to-be-closed variable pending */
      if (e.k == EK_CALL && nret == 1 && !fs->bl->insidetbc) {
        SET_OPCODE (getinstruction (fs, &e), OP_TAILCALL);
        el_assert (GETARG_A (getinstruction (fs, &e))
                   == el_compile_nvarstack (fs));
      }
      nret = ELARA_MULTRET;
    }
    else if (nret == 1)
      first = el_compile_exp2anyreg (fs, &e);   /* wherever it is */
    else {
      el_compile_exp2nextreg (fs, &e);
      el_assert (nret == fs->freereg - first);
    }
  }
  el_compile_ret (fs, first, nret);
  parse_testnext (ls, ';');
}

static void
parse_statement (LexState *ls)
{
  int line = ls->linenumber;

  parse_enterlevel (ls);
  switch (ls->t.token) {
    case ';':
      el_lex_next (ls);
      break;
    case TK_IF:
      parse_ifstat (ls, line);
      break;
    case TK_WHILE:
      parse_whilestat (ls, line);
      break;
    case TK_DO:
      el_lex_next (ls);
      parse_block (ls);
      parse_checkmatch (ls, TK_END, TK_DO, line);
      break;
    case TK_FOR:
      parse_forstat (ls, line);
      break;
    case TK_REPEAT:
      parse_repeatstat (ls, line);
      break;
    case TK_FUNCTION:
      parse_funcstat (ls, line);
      break;
    case TK_LOCAL:
      el_lex_next (ls);
      if (parse_testnext (ls, TK_FUNCTION))
        parse_localfunc (ls);
      else
        parse_localstat (ls);
      break;
    case TK_DBCOLON:
      el_lex_next (ls);
      parse_labelstat (ls, parse_checkname (ls), line);
      break;
    case TK_RETURN:
      el_lex_next (ls);
      parse_retstat (ls);
      break;
    case TK_BREAK:
      parse_breakstat (ls, line);
      break;
    case TK_GOTO:
      el_lex_next (ls);
      parse_gotostat (ls, line);
      break;
    default:
      if (parse_isglobaldecl (ls))
        parse_globalstatfunc (ls, line);
      else
        parse_exprstat (ls);
      break;
  }
  el_assert (ls->fs->f->maxstacksize >= ls->fs->freereg
             && ls->fs->freereg >= el_compile_nvarstack (ls->fs));
  ls->fs->freereg = cast_byte (el_compile_nvarstack (ls->fs));
  parse_leavelevel (ls);
}

/* -- Entry point --------------------------------------------------------- */

/* The main function: vararg (hidden arguments), one upvalue _ENV that the
** loader fills in. */
static void
parse_mainfunc (LexState *ls, FuncState *fs)
{
  BlockCnt bl;
  Upvaldesc *env;

  parse_openfunc (ls, fs, &bl);
  parse_setvararg (fs);
  env = parse_allocupvalue (fs);
  env->instack = 1;
  env->idx = 0;
  env->kind = VDKREG;
  env->name = ls->envn;
  el_gc_objbarrier (ls->L, fs->f, env->name);
  el_lex_next (ls);
  parse_statlist (ls);
  parse_check (ls, TK_EOS);
  parse_closefunc (ls);
}

LClosure *
el_parse_chunk (ElaraState *L, Stream *z, ParseScratch *ps, const char *name,
                int firstchar)
{
  LexState ls;
  FuncState fs;
  LClosure *cl = el_func_newLclosure (L, 1);

  setclLvalue (L, s2v (L->top), cl);   /* anchor the closure */
  el_call_inctop (L);
  ls.h = el_table_new (L);   /* anchors the chunk's strings */
  sethvalue (L, s2v (L->top), ls.h);
  el_call_inctop (L);
  fs.f = cl->p = el_func_newproto (L);
  el_gc_objbarrier (L, cl, cl->p);
  fs.f->source = el_str_new (L, name);
  el_gc_objbarrier (L, fs.f, fs.f->source);
  ls.buff = &ps->buff;
  /* ParseScratch is the first (only) member of struct Dyndata */
  ls.dyd = (struct Dyndata *) ps;
  ps->nactvar = ps->ngt = ps->nlabel = 0;
  el_lex_setinput (L, &ls, z, fs.f->source, firstchar);
  parse_mainfunc (&ls, &fs);
  el_assert (fs.prev == NULL && fs.nups == 1 && ls.fs == NULL);
  el_assert (ps->nactvar == 0 && ps->ngt == 0 && ps->nlabel == 0);
  L->top--;   /* the string anchor table */
  return cl;
}
