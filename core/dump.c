/*
** dump.c: binary chunks (string.dump) and the bytecode listing (elara -l)
** SPDX-License-Identifier: MIT
**
** Binary chunk format: Lua 5.5.0's
** --------------------------------
** Elara writes and reads exactly the chunks of the reference Lua 5.5.0
** (lua_dump, luac): its compiler emits the same instructions, opcode
** numbers and prototype contents, so sharing the format costs nothing and
** buys interoperability: luac output runs here, string.dump output runs
** there, and the official test suite, which checks the header byte for
** byte, passes.  Numbers and instructions are in native byte order and
** sizes; the header proves that the loader agrees.
**
**   header
**     4   "\x1bLua"                EL_SIGNATURE
**     1   0x55                     EL_DUMP_VERSION (major * 16 + minor)
**     1   0                        EL_DUMP_FORMAT (the official layout)
**     6   "\x19\x93\r\n\x1a\n"     catches text-mode mangling
**     1+4 sizeof (int), then -0x5678 as an int
**     1+4 sizeof (Instruction), then 0x12345678 as an Instruction
**     1+8 sizeof (ElInt), then -0x5678 as an ElInt
**     1+8 sizeof (ElNum), then -370.5 as an ElNum
**     1   number of upvalues of the main function
**   function (the main one; nested ones are written the same way)
**     varint   linedefined, lastlinedefined
**     1 1 1    numparams, flag (PF_*), maxstacksize
**     varint n, padding to a multiple of 4 (offsets count from the first
**              byte of the chunk), then n raw Instructions          code
**     varint n, then n constants: one tag byte (EL_DUMP_K*, the
**              reference's type variants) then nothing (nil, false,
**              true), an 'integer' (EL_DUMP_KINT), 8 raw bytes (float)
**              or a 'str' (short or long string)
**     varint n, then n x (instack, idx, kind) bytes           upvalues
**     varint n, then n functions                      nested functions
**     str      source (NULL when stripped)
**     varint n, then n signed bytes: each instruction's line minus the
**              previous instruction's (the first: minus linedefined), or
**              EL_DUMP_ABSLINE (-128) when the line is in the next table;
**              n is 0 (stripped) or the code size
**     varint m, then (only if m > 0) padding to a multiple of 4 and m
**              pairs of native ints (pc, line), in increasing pc order:
**              the absolute lines of the instructions marked -128
**     varint n, then n x (str name, varint startpc, varint endpc) locals
**     varint n, then n str upvalue names (n is 0 or the upvalue count)
**
**   varint  unsigned, 7 bits per byte, MOST significant group first, the
**           high bit set on every byte but the last.
**   integer a varint of 2x for x >= 0 and of 2(~x) + 1 for x < 0, so that
**           small negative numbers stay short.
**   str     varint 0, then a varint index: 0 is "no string" (NULL),
**           k > 0 the k-th string written before in this chunk;
**           otherwise varint length + 1, then the bytes and a '\0'.  Each
**           distinct string is written once (the source of every
**           function, a constant shared by many of them).
**
** Elara keeps the absolute line of every instruction (object.h); the
** writer derives the relative bytes with the reference's rule (an
** absolute entry when the delta does not fit in a byte, and at least
** every EL_DUMP_MAXRELLINES instructions) and the loader rebuilds the
** absolute lines.
**
** The format does not protect itself: the loader (undump.c) checks every
** size against the data actually present and verifies the code before it
** is run.
*/
#include "config.h"
#include "dump.h"

#include <string.h>

#include "call.h"
#include "dumpfmt.h"
#include "meta.h"
#include "opcodes.h"
#include "state.h"
#include "table.h"

/* -- Writing ------------------------------------------------------------- */

typedef struct DumpState {
  ElaraState *L;
  ElaraWriter writer;
  void *data;
  size_t offset;              /* bytes written so far (for the padding) */
  int strip;
  int status;                 /* first nonzero writer status */
  Table *strs;                /* string -> index of strings already written */
  ElInt nstr;
} DumpState;

static void
dump_block (DumpState *D, const void *b, size_t size)
{
  /* after a writer failure nothing more is written */
  if (D->status == 0 && size > 0)
    D->status = D->writer (D->L, b, size, D->data);
  D->offset += size;
}

static void
dump_byte (DumpState *D, int b)
{
  uint8_t x = (uint8_t) b;

  dump_block (D, &x, 1);
}

/* Zeros up to the next multiple of 'align' (counted from the chunk's
** first byte). */
static void
dump_align (DumpState *D, size_t align)
{
  static const uint8_t zeros[8];
  size_t pad = (align - D->offset % align) % align;

  el_assert (align <= sizeof zeros);
  dump_block (D, zeros, pad);
}

static void
dump_varint (DumpState *D, uint64_t x)
{
  uint8_t buff[(64 + 6) / 7];
  size_t n = sizeof buff;

  /* filled from the end: the last byte holds the low 7 bits */
  buff[--n] = x & 0x7f;
  while ((x >>= 7) != 0)
    buff[--n] = (uint8_t) ((x & 0x7f) | 0x80);
  dump_block (D, buff + n, sizeof buff - n);
}

static void
dump_int (DumpState *D, int x)
{
  el_assert (x >= 0);
  dump_varint (D, (uint64_t) x);
}

static void
dump_integer (DumpState *D, ElInt x)
{
  uint64_t u = (uint64_t) x;

  dump_varint (D, x >= 0 ? 2 * u : 2 * ~u + 1);
}

static void
dump_string (DumpState *D, const TString *ts)
{
  ElaraState *L = D->L;
  TValue key, val, idx;

  if (ts == NULL) {
    dump_varint (D, 0);
    dump_varint (D, 0);
    return;
  }
  setsvalue (L, &key, (TString *) ts);
  if (el_table_get (D->strs, &key, &idx) == EL_VNUMINT) {
    dump_varint (D, 0);
    dump_varint (D, (uint64_t) ivalue (&idx));
    return;
  }
  /* length + 1 cannot overflow: no string fills the address space */
  dump_varint (D, (uint64_t) tsslen (ts) + 1);
  dump_block (D, getstr (ts), tsslen (ts));
  dump_byte (D, 0);
  /* the key is reachable: it belongs to the proto being dumped */
  setivalue (&val, ++D->nstr);
  el_table_set (L, D->strs, &key, &val);
}

static void
dump_constants (DumpState *D, const Proto *f)
{
  int i;

  dump_int (D, f->sizek);
  for (i = 0; i < f->sizek; i++) {
    const TValue *o = &f->k[i];

    switch (ttypetag (o)) {
      case EL_VFALSE:
        dump_byte (D, EL_DUMP_KFALSE);
        break;
      case EL_VTRUE:
        dump_byte (D, EL_DUMP_KTRUE);
        break;
      case EL_VNUMINT:
        dump_byte (D, EL_DUMP_KINT);
        dump_integer (D, ivalue (o));
        break;
      case EL_VNUMFLT: {
        ElNum x = fltvalue (o);

        dump_byte (D, EL_DUMP_KFLT);
        dump_block (D, &x, sizeof x);
        break;
      }
      case EL_VSHRSTR:
        dump_byte (D, EL_DUMP_KSHRSTR);
        dump_string (D, tsvalue (o));
        break;
      case EL_VLNGSTR:
        dump_byte (D, EL_DUMP_KLNGSTR);
        dump_string (D, tsvalue (o));
        break;
      default:
        el_assert (ttisnil (o));
        dump_byte (D, EL_DUMP_KNIL);
        break;
    }
  }
}

/* Walk the absolute lines of 'f' with the encoder's state and either
** write the relative byte of every instruction ('abs' false) or the
** (pc, line) pair of every absolute one ('abs' true); returns the number
** of absolute entries.  Both passes make the same decisions. */
static int
dump_lines (DumpState *D, const Proto *f, int abs)
{
  int prev = f->linedefined;
  int nrel = 0;               /* relative entries since the last absolute */
  int nabs = 0;
  int pc;

  for (pc = 0; pc < f->sizelineinfo; pc++) {
    int line = f->lineinfo[pc];
    int64_t delta = (int64_t) line - prev;

    if (delta <= -EL_DUMP_LIMLINEDIFF || delta >= EL_DUMP_LIMLINEDIFF
        || nrel >= EL_DUMP_MAXRELLINES) {
      if (abs) {
        int pair[2];

        pair[0] = pc;
        pair[1] = line;
        dump_block (D, pair, sizeof pair);
      }
      else
        dump_byte (D, EL_DUMP_ABSLINE);
      nabs++;
      nrel = 1;
    }
    else {
      if (!abs)
        dump_byte (D, (int) delta);
      nrel++;
    }
    prev = line;
  }
  return nabs;
}

static void
dump_debug (DumpState *D, const Proto *f)
{
  int i, n;

  if (D->strip || f->sizelineinfo == 0) {
    dump_int (D, 0);
    dump_int (D, 0);
  }
  else {
    dump_int (D, f->sizelineinfo);
    n = dump_lines (D, f, 0);
    dump_int (D, n);
    if (n > 0) {
      dump_align (D, EL_DUMP_ALIGN_ABS);
      dump_lines (D, f, 1);
    }
  }
  n = D->strip ? 0 : f->sizelocvars;
  dump_int (D, n);
  for (i = 0; i < n; i++) {
    dump_string (D, f->locvars[i].varname);
    dump_int (D, f->locvars[i].startpc);
    dump_int (D, f->locvars[i].endpc);
  }
  n = D->strip ? 0 : f->sizeupvalues;
  dump_int (D, n);
  for (i = 0; i < n; i++)
    dump_string (D, f->upvalues[i].name);
}

static void
dump_function (DumpState *D, const Proto *f)
{
  int i;

  dump_int (D, f->linedefined);
  dump_int (D, f->lastlinedefined);
  dump_byte (D, f->numparams);
  dump_byte (D, f->flag);
  dump_byte (D, f->maxstacksize);
  dump_int (D, f->sizecode);
  dump_align (D, EL_DUMP_ALIGN_CODE);
  dump_block (D, f->code, (size_t) f->sizecode * sizeof (Instruction));
  dump_constants (D, f);
  dump_int (D, f->sizeupvalues);
  for (i = 0; i < f->sizeupvalues; i++) {
    dump_byte (D, f->upvalues[i].instack);
    dump_byte (D, f->upvalues[i].idx);
    dump_byte (D, f->upvalues[i].kind);
  }
  dump_int (D, f->sizep);
  for (i = 0; i < f->sizep; i++)
    dump_function (D, f->p[i]);
  dump_string (D, D->strip ? NULL : f->source);
  dump_debug (D, f);
}

static void
dump_header (DumpState *D)
{
  int ci = EL_DUMP_CHECKINT;
  Instruction inst = EL_DUMP_CHECKINST;
  ElInt i = EL_DUMP_CHECKINT;
  ElNum n = EL_DUMP_CHECKNUM;

  dump_block (D, EL_SIGNATURE, sizeof (EL_SIGNATURE) - 1);
  dump_byte (D, EL_DUMP_VERSION);
  dump_byte (D, EL_DUMP_FORMAT);
  dump_block (D, EL_DUMP_DATA, sizeof (EL_DUMP_DATA) - 1);
  dump_byte (D, sizeof ci);
  dump_block (D, &ci, sizeof ci);
  dump_byte (D, sizeof inst);
  dump_block (D, &inst, sizeof inst);
  dump_byte (D, sizeof i);
  dump_block (D, &i, sizeof i);
  dump_byte (D, sizeof n);
  dump_block (D, &n, sizeof n);
}

/* The string table is pushed while dumping and the stack is restored at
** the end, which also drops whatever the writer left above it (the
** reference's lua_dump restores the top the same way). */
int
el_dump_dump (ElaraState *L, const Proto *f, ElaraWriter w, void *data,
              int strip)
{
  DumpState D;
  ptrdiff_t otop = savestack (L, L->top);

  D.L = L;
  D.writer = w;
  D.data = data;
  D.offset = 0;
  D.strip = strip;
  D.status = 0;
  D.nstr = 0;
  /* room first: a stack reallocation could collect an unanchored table */
  el_call_checkstack (L, 1);
  D.strs = el_table_new (L);
  sethvalue (L, s2v (L->top), D.strs);
  L->top++;
  dump_header (&D);
  dump_byte (&D, f->sizeupvalues);
  dump_function (&D, f);
  if (D.status == 0)
    D.status = w (L, NULL, 0, data);
  L->top = restorestack (L, otop);
  return D.status;
}

/* -- Listing ------------------------------------------------------------- */

#define DUMP_TMNAME(name, str) str,
static const char *const dump_tmnames[] = { TMDEF (DUMP_TMNAME) };
#undef DUMP_TMNAME

/* Print string 'ts' quoted, escaping what would not read back. */
static void
dump_printstring (const TString *ts, FILE *out)
{
  const unsigned char *s = (const unsigned char *) getstr (ts);
  size_t i, n = tsslen (ts);

  fputc ('"', out);
  for (i = 0; i < n; i++) {
    int c = s[i];

    switch (c) {
      case '"': fputs ("\\\"", out); break;
      case '\\': fputs ("\\\\", out); break;
      case '\a': fputs ("\\a", out); break;
      case '\b': fputs ("\\b", out); break;
      case '\f': fputs ("\\f", out); break;
      case '\n': fputs ("\\n", out); break;
      case '\r': fputs ("\\r", out); break;
      case '\t': fputs ("\\t", out); break;
      case '\v': fputs ("\\v", out); break;
      default:
        if (c >= 0x20 && c < 0x7f)
          fputc (c, out);
        else
          fprintf (out, "\\%03d", c);
    }
  }
  fputc ('"', out);
}

static void
dump_printconst (const Proto *f, int i, FILE *out)
{
  const TValue *o;

  if (i < 0 || i >= f->sizek) {
    fputs ("?", out);
    return;
  }
  o = &f->k[i];
  switch (ttypetag (o)) {
    case EL_VNIL: fputs ("nil", out); break;
    case EL_VFALSE: fputs ("false", out); break;
    case EL_VTRUE: fputs ("true", out); break;
    case EL_VNUMINT: case EL_VNUMFLT: {
      char buff[EL_N2SBUFFSZ];

      el_object_num2str (o, buff);
      fputs (buff, out);
      break;
    }
    case EL_VSHRSTR: case EL_VLNGSTR:
      dump_printstring (tsvalue (o), out);
      break;
    default:
      fprintf (out, "?(%d)", ttypetag (o));
  }
}

static const char *
dump_upvalname (const Proto *f, int i)
{
  if (i < 0 || i >= f->sizeupvalues || f->upvalues[i].name == NULL)
    return "-";
  return getstr (f->upvalues[i].name);
}

static void
dump_printheader (const Proto *f, FILE *out)
{
  const char *src = f->source ? getstr (f->source) : "=?";

  if (*src == '@' || *src == '=')
    src++;
  else if (*src == EL_SIGNATURE[0])
    src = "(binary string)";
  else
    src = "(string)";
  fprintf (out, "\n%s <%s:%d,%d> (%d instruction%s at %p)\n",
           f->linedefined == 0 ? "main" : "function", src, f->linedefined,
           f->lastlinedefined, f->sizecode, f->sizecode == 1 ? "" : "s",
           (const void *) f);
  fprintf (out, "%d%s param%s, %d slot%s, %d upvalue%s, %d local%s, "
           "%d constant%s, %d function%s\n",
           f->numparams, isvararg (f) ? "+" : "", f->numparams == 1 ? "" : "s",
           f->maxstacksize, f->maxstacksize == 1 ? "" : "s",
           f->sizeupvalues, f->sizeupvalues == 1 ? "" : "s",
           f->sizelocvars, f->sizelocvars == 1 ? "" : "s",
           f->sizek, f->sizek == 1 ? "" : "s",
           f->sizep, f->sizep == 1 ? "" : "s");
}

/* The operands, by instruction format, then a comment naming what the
** operands refer to. */
static void
dump_printcode (const Proto *f, FILE *out)
{
  int pc;

  for (pc = 0; pc < f->sizecode; pc++) {
    Instruction i = f->code[pc];
    OpCode op = GET_OPCODE (i);
    int a = GETARG_A (i), b = GETARG_B (i), c = GETARG_C (i);
    int k = GETARG_k (i);
    int line = (f->sizelineinfo == f->sizecode) ? f->lineinfo[pc] : -1;

    fprintf (out, "\t%d\t", pc + 1);
    if (line >= 0)
      fprintf (out, "[%d]\t", line);
    else
      fputs ("[-]\t", out);
    if ((int) op >= NUM_OPCODES) {
      fprintf (out, "<bad opcode %d>\n", (int) op);
      continue;
    }
    fprintf (out, "%-9s\t", el_opcodes_names[op]);
    switch (getOpMode (op)) {
      case iABC:
        switch (op) {
          case OP_ADDI: case OP_SHLI: case OP_SHRI:
            fprintf (out, "%d %d %d", a, b, GETARG_sC (i));
            break;
          case OP_EQI: case OP_LTI: case OP_LEI: case OP_GTI: case OP_GEI:
          case OP_MMBINI:
            fprintf (out, "%d %d %d", a, GETARG_sB (i), c);
            break;
          default:
            fprintf (out, "%d %d %d", a, b, c);
        }
        if (k)
          fputs (" k", out);
        break;
      case ivABC:
        fprintf (out, "%d %d %d%s", a, GETARG_vB (i), GETARG_vC (i),
                 k ? " k" : "");
        break;
      case iABx:
        fprintf (out, "%d %d", a, GETARG_Bx (i));
        break;
      case iAsBx:
        fprintf (out, "%d %d", a, GETARG_sBx (i));
        break;
      case iAx:
        fprintf (out, "%d", GETARG_Ax (i));
        break;
      case isJ:
        fprintf (out, "%d", GETARG_sJ (i));
        break;
    }
    switch (op) {
      case OP_LOADK:
        fputs ("\t; ", out);
        dump_printconst (f, GETARG_Bx (i), out);
        break;
      case OP_LOADKX:
        if (pc + 1 < f->sizecode) {
          fputs ("\t; ", out);
          dump_printconst (f, GETARG_Ax (f->code[pc + 1]), out);
        }
        break;
      case OP_GETUPVAL: case OP_SETUPVAL:
        fprintf (out, "\t; %s", dump_upvalname (f, b));
        break;
      case OP_GETTABUP:
        fprintf (out, "\t; %s ", dump_upvalname (f, b));
        dump_printconst (f, c, out);
        break;
      case OP_SETTABUP:
        fprintf (out, "\t; %s ", dump_upvalname (f, a));
        dump_printconst (f, b, out);
        if (k) {
          fputc (' ', out);
          dump_printconst (f, c, out);
        }
        break;
      case OP_GETFIELD: case OP_SELF:
      case OP_ADDK: case OP_SUBK: case OP_MULK: case OP_MODK:
      case OP_POWK: case OP_DIVK: case OP_IDIVK:
      case OP_BANDK: case OP_BORK: case OP_BXORK:
        fputs ("\t; ", out);
        dump_printconst (f, c, out);
        break;
      case OP_SETFIELD:
        fputs ("\t; ", out);
        dump_printconst (f, b, out);
        if (k) {
          fputc (' ', out);
          dump_printconst (f, c, out);
        }
        break;
      case OP_SETTABLE: case OP_SETI:
        if (k) {
          fputs ("\t; ", out);
          dump_printconst (f, c, out);
        }
        break;
      case OP_EQK:
        fputs ("\t; ", out);
        dump_printconst (f, b, out);
        break;
      case OP_JMP:
        fprintf (out, "\t; to %d", GETARG_sJ (i) + pc + 2);
        break;
      case OP_FORLOOP: case OP_TFORLOOP:
        fprintf (out, "\t; to %d", pc + 2 - GETARG_Bx (i));
        break;
      case OP_FORPREP:
        fprintf (out, "\t; exit to %d", pc + GETARG_Bx (i) + 3);
        break;
      case OP_TFORPREP:
        fprintf (out, "\t; to %d", pc + GETARG_Bx (i) + 2);
        break;
      case OP_CALL:
        fputs ("\t; ", out);
        if (b == 0)
          fputs ("all in ", out);
        else
          fprintf (out, "%d in ", b - 1);
        if (c == 0)
          fputs ("all out", out);
        else
          fprintf (out, "%d out", c - 1);
        break;
      case OP_TAILCALL:
        if (b == 0)
          fputs ("\t; all in", out);
        else
          fprintf (out, "\t; %d in", b - 1);
        break;
      case OP_RETURN: case OP_VARARG: {
        int n = (op == OP_RETURN) ? b : c;

        if (n == 0)
          fputs ("\t; all out", out);
        else
          fprintf (out, "\t; %d out", n - 1);
        break;
      }
      case OP_MMBIN: case OP_MMBINI: case OP_MMBINK:
        if (c >= TM_ADD && c <= TM_SHR)
          fprintf (out, "\t; %s%s", dump_tmnames[c], k ? " (flipped)" : "");
        if (op == OP_MMBINK) {
          fputc (' ', out);
          dump_printconst (f, b, out);
        }
        break;
      case OP_CLOSURE:
        if (GETARG_Bx (i) < f->sizep)
          fprintf (out, "\t; %p", (const void *) f->p[GETARG_Bx (i)]);
        break;
      case OP_ERRNNIL:
        if (GETARG_Bx (i) > 0) {
          fputs ("\t; ", out);
          dump_printconst (f, GETARG_Bx (i) - 1, out);
        }
        break;
      default:
        break;
    }
    fputc ('\n', out);
  }
}

static void
dump_printdebug (const Proto *f, FILE *out)
{
  int i;

  fprintf (out, "constants (%d) for %p:\n", f->sizek, (const void *) f);
  for (i = 0; i < f->sizek; i++) {
    const TValue *o = &f->k[i];
    const char *t = ttisinteger (o) ? "I" : ttisfloat (o) ? "F"
                    : ttisstring (o) ? "S" : ttisnil (o) ? "N" : "B";

    fprintf (out, "\t%d\t%s\t", i, t);
    dump_printconst (f, i, out);
    fputc ('\n', out);
  }
  fprintf (out, "locals (%d) for %p:\n", f->sizelocvars, (const void *) f);
  for (i = 0; i < f->sizelocvars; i++)
    fprintf (out, "\t%d\t%s\t%d\t%d\n", i,
             f->locvars[i].varname ? getstr (f->locvars[i].varname) : "?",
             f->locvars[i].startpc + 1, f->locvars[i].endpc + 1);
  fprintf (out, "upvalues (%d) for %p:\n", f->sizeupvalues,
           (const void *) f);
  for (i = 0; i < f->sizeupvalues; i++)
    fprintf (out, "\t%d\t%s\t%d\t%d\t%d\n", i, dump_upvalname (f, i),
             f->upvalues[i].instack, f->upvalues[i].idx,
             f->upvalues[i].kind);
}

void
el_dump_listing (const Proto *f, int full, FILE *out)
{
  int i;

  dump_printheader (f, out);
  dump_printcode (f, out);
  if (full)
    dump_printdebug (f, out);
  for (i = 0; i < f->sizep; i++)
    el_dump_listing (f->p[i], full, out);
}
