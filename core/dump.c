/*
** dump.c: binary chunks (string.dump) and the bytecode listing (elara -l)
** SPDX-License-Identifier: MIT
**
** Elara binary chunk format, revision 1
** -------------------------------------
** A chunk is only meant to be loaded by the same build configuration that
** wrote it: numbers and instructions are stored in native byte order and
** native sizes, and the header proves that the loader agrees.
**
**   header
**     4   EL_SIGNATURE "\x1bEla"
**     1   EL_DUMP_VERSION  0x55 (language version)
**     1   EL_DUMP_FORMAT   format revision (1)
**     4   "\r\n\x1a\n"     catches text-mode (CR/LF, ^Z) mangling
**     1   sizeof (Instruction)     1   sizeof (ElInt)     1   sizeof (ElNum)
**     4   EL_DUMP_CHECKINST as an Instruction  (byte order of code)
**     8   EL_DUMP_CHECKINT as an ElInt         (byte order of integers)
**     4   fingerprint of the opcode list (dumpfmt.h), native uint32_t
**     8   EL_DUMP_CHECKNUM as an ElNum         (float representation)
**     1   number of upvalues of the main function
**   function (the main one; nested ones are written the same way)
**     str      source (nil when stripped or equal to the enclosing one's)
**     varint   linedefined, lastlinedefined
**     1 1 1    numparams, flag, maxstacksize
**     varint n, then n raw Instructions                  code
**     varint n, then n constants: one tag byte (EL_DUMP_K*) then
**              nothing (nil/false/true), 8 raw bytes (integer, float) or
**              a str (string)
**     varint n, then n x (instack, idx, kind) bytes      upvalues
**     varint n, then n functions                         nested functions
**     varint n, then n line deltas: zigzag varints of the difference to
**              the previous instruction's line (the first one to
**              linedefined); n is 0 (stripped) or the code size
**     varint n, then n x (str name, varint startpc, varint endpc)  locals
**     varint n, then n str upvalue names (n is 0 or the upvalue count)
**
**   varint  unsigned LEB128: 7 bits per byte, low group first, high bit
**           set on every byte but the last.
**   str     varint 0: no string (NULL); 1: a string written before in this
**           chunk, followed by its varint index (1-based, in order of first
**           appearance); otherwise length + 2 followed by the bytes.  The
**           deduplication keeps a constant shared by many functions (and
**           the source name) to one copy.
**
** The loader (undump.c) checks every size against the data actually
** present and verifies the code before it is run.
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
}

static void
dump_byte (DumpState *D, int b)
{
  uint8_t x = (uint8_t) b;

  dump_block (D, &x, 1);
}

static void
dump_varint (DumpState *D, size_t x)
{
  uint8_t buff[(sizeof (size_t) * CHAR_BIT + 6) / 7];
  int n = 0;

  do {
    uint8_t byte = x & 0x7f;

    x >>= 7;
    buff[n++] = byte | (x != 0 ? 0x80 : 0);
  } while (x != 0);
  dump_block (D, buff, (size_t) n);
}

static void
dump_int (DumpState *D, int x)
{
  el_assert (x >= 0);
  dump_varint (D, (size_t) x);
}

static void
dump_string (DumpState *D, const TString *ts)
{
  ElaraState *L = D->L;
  const TValue *idx;
  TValue key, val;

  if (ts == NULL) {
    dump_varint (D, EL_DUMP_SNULL);
    return;
  }
  setsvalue (L, &key, (TString *) ts);
  idx = el_table_get (D->strs, &key);
  if (ttisinteger (idx)) {
    dump_varint (D, EL_DUMP_SREF);
    dump_varint (D, (size_t) ivalue (idx));
    return;
  }
  dump_varint (D, tsslen (ts) + EL_DUMP_SOFFSET);
  dump_block (D, getstr (ts), tsslen (ts));
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
      case EL_VNUMINT: {
        ElInt x = ivalue (o);

        dump_byte (D, EL_DUMP_KINT);
        dump_block (D, &x, sizeof x);
        break;
      }
      case EL_VNUMFLT: {
        ElNum x = fltvalue (o);

        dump_byte (D, EL_DUMP_KFLT);
        dump_block (D, &x, sizeof x);
        break;
      }
      case EL_VSHRSTR: case EL_VLNGSTR:
        dump_byte (D, EL_DUMP_KSTR);
        dump_string (D, tsvalue (o));
        break;
      default:
        el_assert (ttisnil (o));
        dump_byte (D, EL_DUMP_KNIL);
        break;
    }
  }
}

static void
dump_debug (DumpState *D, const Proto *f)
{
  int i, n;
  int prev = f->linedefined;

  n = D->strip ? 0 : f->sizelineinfo;
  dump_int (D, n);
  for (i = 0; i < n; i++) {
    /* zigzag: small deltas of either sign become small varints */
    int64_t delta = (int64_t) f->lineinfo[i] - prev;
    uint64_t z = ((uint64_t) delta << 1) ^ (uint64_t) (delta >> 63);

    dump_varint (D, (size_t) z);
    prev = f->lineinfo[i];
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
dump_function (DumpState *D, const Proto *f, const TString *psource)
{
  int i;

  if (D->strip || f->source == psource)
    dump_string (D, NULL);
  else
    dump_string (D, f->source);
  dump_int (D, f->linedefined);
  dump_int (D, f->lastlinedefined);
  dump_byte (D, f->numparams);
  dump_byte (D, f->flag);
  dump_byte (D, f->maxstacksize);
  dump_int (D, f->sizecode);
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
    dump_function (D, f->p[i], f->source);
  dump_debug (D, f);
}

static void
dump_header (DumpState *D)
{
  Instruction inst = EL_DUMP_CHECKINST;
  ElInt i = EL_DUMP_CHECKINT;
  ElNum n = EL_DUMP_CHECKNUM;
  uint32_t ops = el_dumpfmt_opfingerprint ();

  dump_block (D, EL_SIGNATURE, sizeof (EL_SIGNATURE) - 1);
  dump_byte (D, EL_DUMP_VERSION);
  dump_byte (D, EL_DUMP_FORMAT);
  dump_block (D, EL_DUMP_DATA, sizeof (EL_DUMP_DATA) - 1);
  dump_byte (D, sizeof (Instruction));
  dump_byte (D, sizeof (ElInt));
  dump_byte (D, sizeof (ElNum));
  dump_block (D, &inst, sizeof inst);
  dump_block (D, &i, sizeof i);
  dump_block (D, &ops, sizeof ops);
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
  dump_function (&D, f, NULL);
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
