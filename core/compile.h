/*
** compile.h: the code generator (expression descriptors, registers, jump
** lists, constants, instruction selection) and the per-function state it
** shares with the parser (parse.c)
** SPDX-License-Identifier: MIT
**
** The parser reads one token at a time and describes every expression it
** has seen so far with an ExpDesc.  Code for an expression is emitted as
** late as possible, so that the consumer can pick the best instruction
** (an immediate operand, a constant key, a register that already holds the
** value, a conditional jump instead of a boolean...).
**
** Register invariant: registers [0, nvarstack) hold the active local
** variables that live in registers; [nvarstack, freereg) hold temporaries
** in stack order (only the last one is ever freed); freereg <= maxstacksize.
**
** Jump lists: a pending jump's sJ field links to the next jump of the same
** list (NO_JUMP ends it) until the list is patched to its target.
*/
#ifndef EL_COMPILE_H
#define EL_COMPILE_H

#include "lex.h"
#include "opcodes.h"
#include "parse.h"

/* End of a jump list / "no jump". */
#define NO_JUMP         (-1)
/* "No register" for TESTSET patching (A = 255 is never a live register). */
#define NO_REG          MAXARG_A
/* Largest constant index usable as an RK / K[B] / K[C] operand. */
#define MAXINDEXRK      MAXARG_B

/* -- Expressions ------------------------------------------------------------ */

typedef enum {
  EK_VOID,      /* empty expression list (no value) */
  EK_NIL,       /* constants nil, true, false */
  EK_TRUE,
  EK_FALSE,
  EK_K,         /* constant K[info] */
  EK_KFLT,      /* float literal nval */
  EK_KINT,      /* integer literal ival */
  EK_KSTR,      /* string literal strval (anchored by the lexer) */
  EK_NONRELOC,  /* value in register info, fixed */
  EK_LOCAL,     /* local variable: var.ridx register, var.vidx descriptor */
  EK_VARGVAR,   /* named vararg parameter (var as for EK_LOCAL) */
  EK_GLOBAL,    /* only during name resolution: info = declaration */
  EK_UPVAL,     /* upvalue info */
  EK_CONST,     /* compile-time constant: info = absolute actvar index */
  EK_INDEXED,   /* R[ind.t][R[ind.idx]] */
  EK_VARGIND,   /* vararg parameter R[ind.t] indexed by R[ind.idx] */
  EK_INDEXUP,   /* U[ind.t][K[ind.idx]] (short string key) */
  EK_INDEXI,    /* R[ind.t][ind.idx] (small non-negative integer key) */
  EK_INDEXSTR,  /* R[ind.t][K[ind.idx]] (short string key) */
  EK_JMP,       /* a comparison/test; info = pc of its jump */
  EK_RELOC,     /* instruction info computes the value; its A is free */
  EK_CALL,      /* call instruction info (open: may return many values) */
  EK_VARARG     /* VARARG instruction info (open) */
} ExpKind;

#define ek_isvar(k)     (EK_LOCAL <= (k) && (k) <= EK_INDEXSTR)
#define ek_isindexed(k) (EK_INDEXED <= (k) && (k) <= EK_INDEXSTR)
#define ek_hasmultret(k) ((k) == EK_CALL || (k) == EK_VARARG)

typedef struct ExpDesc {
  ExpKind k;
  union {
    ElInt ival;
    ElNum nval;
    TString *strval;
    int info;
    struct {
      short idx;        /* key: register, K index or integer */
      uint8_t t;        /* table: register or upvalue */
      uint8_t ro;       /* a read-only global (global<const>) */
      int keystr;       /* K index of a string key's name, -1 otherwise */
    } ind;
    struct {
      uint8_t ridx;     /* register of the variable */
      short vidx;       /* its index among the function's active vars */
    } var;
  } u;
  int t;                /* jumps taken when the value is true */
  int f;                /* jumps taken when the value is false */
} ExpDesc;

#define ek_hasjumps(e)  ((e)->t != (e)->f)

/* -- Variables, labels, blocks ------------------------------------------- */

/* One declared name: a local (kinds VDKREG..RDKCTC of parse.h) or a global
** declaration (GDKREG, GDKCONST; name NULL for the collective 'global *'). */
typedef struct VarDesc {
  TValue k;             /* value of a compile-time constant (RDKCTC) */
  uint8_t kind;
  uint8_t ridx;         /* register, for kinds that live in one */
  short pidx;           /* index in Proto.locvars (debug info) */
  TString *name;
} VarDesc;

/* Locals in registers: regular, const, vararg parameter, to-be-closed. */
#define vd_inreg(v)     ((v)->kind <= RDKTOCLOSE)
#define vd_isglobal(v)  ((v)->kind >= GDKREG)

/* A pending goto or a visible label. */
typedef struct LabelDesc {
  TString *name;
  int pc;               /* goto: its JMP; label: its position */
  int line;
  short nactvar;        /* active declarations at that point */
  uint8_t close;        /* goto leaves a scope that needs closing */
} LabelDesc;

/* The parser's growable arrays live in the caller's ParseScratch (parse.h)
** so that they can be freed after an error; ls->dyd points to it. */
struct Dyndata {
  ParseScratch s;
};

#define dyd_actvar(ls)  ((VarDesc *) (ls)->dyd->s.actvar)
#define dyd_gt(ls)      ((LabelDesc *) (ls)->dyd->s.gt)
#define dyd_label(ls)   ((LabelDesc *) (ls)->dyd->s.label)

typedef struct BlockCnt {
  struct BlockCnt *previous;
  int firstlabel;       /* first label of this block */
  int firstgoto;        /* first pending goto of this block */
  short nactvar;        /* active declarations outside the block */
  uint8_t upval;        /* some variable of the block is captured/tbc */
  uint8_t isloop;       /* 1: loop; 2: loop with pending breaks */
  uint8_t insidetbc;    /* inside the scope of a to-be-closed variable */
} BlockCnt;

/* State of the function being compiled (one per nesting level). */
typedef struct FuncState {
  Proto *f;
  struct FuncState *prev;   /* enclosing function */
  LexState *ls;
  BlockCnt *bl;             /* innermost block */
  Table *kcache;            /* constant -> K index (anchored on the stack) */
  int pc;                   /* next instruction */
  int lasttarget;           /* last jump target (limits peepholes) */
  int nk;                   /* constants in f->k */
  int np;                   /* nested protos in f->p */
  int firstlocal;           /* first actvar entry of this function */
  int firstlabel;           /* first label entry of this function */
  short ndebugvars;         /* entries in f->locvars */
  short nactvar;            /* active declarations (locals and globals) */
  uint8_t nups;             /* upvalues */
  uint8_t freereg;          /* first free register */
  uint8_t needclose;        /* returns must close upvalues/tbc variables */
} FuncState;

/* -- Operators -------------------------------------------------------------
** Arithmetic and bitwise operators follow the ELARA_OP* order, which is also
** the order of the metamethods from TM_ADD and of OP_ADD.., OP_ADDK.. */
typedef enum BinOpr {
  OPR_ADD, OPR_SUB, OPR_MUL, OPR_MOD, OPR_POW, OPR_DIV, OPR_IDIV,
  OPR_BAND, OPR_BOR, OPR_BXOR, OPR_SHL, OPR_SHR,
  OPR_CONCAT,
  OPR_EQ, OPR_LT, OPR_LE, OPR_NE, OPR_GT, OPR_GE,
  OPR_AND, OPR_OR,
  OPR_NOBINOPR
} BinOpr;

#define opr_foldable(op) ((op) <= OPR_SHR)

/* Unary operators in the order of OP_UNM, OP_BNOT, OP_NOT, OP_LEN. */
typedef enum UnOpr { OPR_MINUS, OPR_BNOT, OPR_NOT, OPR_LEN, OPR_NOUNOPR } UnOpr;

#define getinstruction(fs, e)   ((fs)->f->code[(e)->u.info])

/* -- Code generator (compile.c) ------------------------------------------- */

/* Raise a semantic error ("chunk:line: msg", no "near" part) at the line
** of the last token read. */
EL_FUNC EL_NORET el_compile_semerror (LexState *ls, const char *fmt, ...);
/* Raise "too many <what> (limit is <l>) in <function>" when v > l. */
EL_FUNC void el_compile_checklimit (FuncState *fs, int v, int l,
                                    const char *what);
/* Registers used by the first 'nvar' active declarations of fs / by all. */
EL_FUNC int el_compile_reglevel (FuncState *fs, int nvar);
EL_FUNC int el_compile_nvarstack (FuncState *fs);

/* Emitting instructions (each returns its pc). */
EL_FUNC int el_compile_code (FuncState *fs, Instruction i);
EL_FUNC int el_compile_codeABCk (FuncState *fs, OpCode o, int a, int b, int c,
                                 int k);
EL_FUNC int el_compile_codevABCk (FuncState *fs, OpCode o, int a, int b,
                                  int c, int k);
EL_FUNC int el_compile_codeABx (FuncState *fs, OpCode o, int a,
                                unsigned int bx);
#define el_compile_codeABC(fs, o, a, b, c) \
  el_compile_codeABCk (fs, o, a, b, c, 0)
/* Set the line of the last instruction. */
EL_FUNC void el_compile_fixline (FuncState *fs, int line);

/* Registers. */
EL_FUNC void el_compile_checkstack (FuncState *fs, int n);
EL_FUNC void el_compile_reserveregs (FuncState *fs, int n);
/* R[from .. from+n-1] := nil (merged with a preceding LOADNIL). */
EL_FUNC void el_compile_nil (FuncState *fs, int from, int n);
/* R[reg] := integer i. */
EL_FUNC void el_compile_int (FuncState *fs, int reg, ElInt i);

/* Jumps. */
EL_FUNC int el_compile_jump (FuncState *fs);
EL_FUNC void el_compile_ret (FuncState *fs, int first, int nret);
EL_FUNC int el_compile_getlabel (FuncState *fs);
EL_FUNC void el_compile_concat (FuncState *fs, int *l1, int l2);
EL_FUNC void el_compile_patchlist (FuncState *fs, int list, int target);
EL_FUNC void el_compile_patchtohere (FuncState *fs, int list);
/* Close a while loop whose condition is the code at [start, end), with the
** false exits in *exits, by a copy of that condition whose last test jumps
** back to the body (end); returns 0, emitting nothing, when the condition
** cannot be copied (the caller then jumps back to start). */
EL_FUNC int el_compile_loopcond (FuncState *fs, int start, int end,
                                 int *exits);
/* Turn the JMP at pc into 'CLOSE level' + JMP (pc+1 must be the dead
** placeholder emitted after every goto). */
EL_FUNC void el_compile_patchclose (FuncState *fs, int pc, int level);

/* Expressions. */
EL_FUNC int el_compile_exp2const (FuncState *fs, const ExpDesc *e, TValue *v);
EL_FUNC void el_compile_dischargevars (FuncState *fs, ExpDesc *e);
EL_FUNC int el_compile_exp2anyreg (FuncState *fs, ExpDesc *e);
EL_FUNC void el_compile_exp2anyregup (FuncState *fs, ExpDesc *e);
EL_FUNC void el_compile_exp2nextreg (FuncState *fs, ExpDesc *e);
EL_FUNC void el_compile_exp2val (FuncState *fs, ExpDesc *e);
EL_FUNC void el_compile_setreturns (FuncState *fs, ExpDesc *e, int nresults);
EL_FUNC void el_compile_setoneret (FuncState *fs, ExpDesc *e);
#define el_compile_setmultret(fs, e) \
  el_compile_setreturns (fs, e, ELARA_MULTRET)
EL_FUNC void el_compile_storevar (FuncState *fs, ExpDesc *var, ExpDesc *ex);
EL_FUNC void el_compile_self (FuncState *fs, ExpDesc *e, ExpDesc *key);
EL_FUNC void el_compile_indexed (FuncState *fs, ExpDesc *t, ExpDesc *k);
EL_FUNC void el_compile_goiftrue (FuncState *fs, ExpDesc *e);
EL_FUNC void el_compile_prefix (FuncState *fs, UnOpr op, ExpDesc *e,
                                int line);
EL_FUNC void el_compile_infix (FuncState *fs, BinOpr op, ExpDesc *v);
EL_FUNC void el_compile_posfix (FuncState *fs, BinOpr op, ExpDesc *e1,
                                ExpDesc *e2, int line);
/* The named vararg parameter is used as a value: the function needs a
** real vararg table and 'var' becomes a plain local. */
EL_FUNC void el_compile_vapar2local (FuncState *fs, ExpDesc *var);
/* Load global 'var' (an _ENV field whose name is K[k]) and raise at run time
** if it is not nil (global initialisation). */
EL_FUNC void el_compile_checkglobal (FuncState *fs, ExpDesc *var, int k,
                                     int line);
/* K index of string s. */
EL_FUNC int el_compile_stringK (FuncState *fs, TString *s);

/* Table constructors. */
EL_FUNC void el_compile_settablesize (FuncState *fs, int pc, int ra,
                                      int asize, int hsize);
EL_FUNC void el_compile_setlist (FuncState *fs, int base, int nelems,
                                 int tostore);

/* Final pass over a finished function (returns, vararg flags, jumps). */
EL_FUNC void el_compile_finish (FuncState *fs);

#endif /* EL_COMPILE_H */
