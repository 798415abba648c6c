/*
** opcodes.h: the instruction set of the Elara VM
** SPDX-License-Identifier: MIT
**
** Instructions are 32-bit words, opcode in the low 7 bits:
**
**   iABC    C(8)  | B(8)  |k| A(8) | op(7)
**   ivABC   vC(10)| vB(6) |k| A(8) | op(7)   NEWTABLE, SETLIST
**   iABx    Bx(17)          | A(8) | op(7)
**   iAsBx   sBx(17, excess-K)| A(8) | op(7)
**   iAx     Ax(25)                 | op(7)
**   isJ     sJ(25, excess-K)       | op(7)
**
** Signed fields are stored in excess-K form (value + K, K = max/2).  sB and
** sC (immediates in iABC) are excess-127 bytes.  R[x] is register x of the
** frame (base + x), K[x] constant x, U[x] upvalue x, RK(x) is K[x] when k is
** set, else R[x].  The JIT reads this format: keep it documented here.
**
** The instruction set follows the semantics of Lua 5.5's virtual machine for
** the opcode of the same name (a well-known, stable design the JIT and the
** debug-name inference rely on); the table below is the reference for this
** implementation.
*/
#ifndef EL_OPCODES_H
#define EL_OPCODES_H

#include "value.h"

/* -- Encoding -------------------------------------------------------------- */

enum OpMode { iABC, ivABC, iABx, iAsBx, iAx, isJ };

#define SIZE_C    8
#define SIZE_vC   10
#define SIZE_B    8
#define SIZE_vB   6
#define SIZE_Bx   (SIZE_C + SIZE_B + 1)
#define SIZE_A    8
#define SIZE_Ax   (SIZE_Bx + SIZE_A)
#define SIZE_sJ   (SIZE_Bx + SIZE_A)
#define SIZE_OP   7

#define POS_OP    0
#define POS_A     (POS_OP + SIZE_OP)
#define POS_k     (POS_A + SIZE_A)
#define POS_B     (POS_k + 1)
#define POS_vB    (POS_k + 1)
#define POS_C     (POS_B + SIZE_B)
#define POS_vC    (POS_vB + SIZE_vB)
#define POS_Bx    POS_k
#define POS_Ax    POS_A
#define POS_sJ    POS_A

#define MAXARG_Bx   ((1 << SIZE_Bx) - 1)
#define OFFSET_sBx  (MAXARG_Bx >> 1)
#define MAXARG_Ax   ((1 << SIZE_Ax) - 1)
#define MAXARG_sJ   ((1 << SIZE_sJ) - 1)
#define OFFSET_sJ   (MAXARG_sJ >> 1)
#define MAXARG_A    ((1 << SIZE_A) - 1)
#define MAXARG_B    ((1 << SIZE_B) - 1)
#define MAXARG_vB   ((1 << SIZE_vB) - 1)
#define MAXARG_C    ((1 << SIZE_C) - 1)
#define MAXARG_vC   ((1 << SIZE_vC) - 1)
#define OFFSET_sC   (MAXARG_C >> 1)
#define int2sC(i)   ((i) + OFFSET_sC)
#define sC2int(i)   ((i) - OFFSET_sC)

/* mask with n 1-bits at position p / 0-bits */
#define MASK1(n, p) ((~((~(Instruction) 0) << (n))) << (p))
#define MASK0(n, p) (~MASK1 (n, p))

#define GET_OPCODE(i)   (cast (OpCode, ((i) >> POS_OP) & MASK1 (SIZE_OP, 0)))
#define SET_OPCODE(i, o) ((i) = (((i) & MASK0 (SIZE_OP, POS_OP)) \
    | ((cast (Instruction, o) << POS_OP) & MASK1 (SIZE_OP, POS_OP))))

#define getarg(i, pos, size) (cast_int (((i) >> (pos)) & MASK1 (size, 0)))
#define setarg(i, v, pos, size) ((i) = (((i) & MASK0 (size, pos)) \
    | ((cast (Instruction, v) << pos) & MASK1 (size, pos))))

#define GETARG_A(i)     getarg (i, POS_A, SIZE_A)
#define SETARG_A(i, v)  setarg (i, v, POS_A, SIZE_A)
#define GETARG_B(i)     getarg (i, POS_B, SIZE_B)
#define GETARG_vB(i)    getarg (i, POS_vB, SIZE_vB)
#define GETARG_sB(i)    sC2int (GETARG_B (i))
#define SETARG_B(i, v)  setarg (i, v, POS_B, SIZE_B)
#define SETARG_vB(i, v) setarg (i, v, POS_vB, SIZE_vB)
#define GETARG_C(i)     getarg (i, POS_C, SIZE_C)
#define GETARG_vC(i)    getarg (i, POS_vC, SIZE_vC)
#define GETARG_sC(i)    sC2int (GETARG_C (i))
#define SETARG_C(i, v)  setarg (i, v, POS_C, SIZE_C)
#define SETARG_vC(i, v) setarg (i, v, POS_vC, SIZE_vC)
#define TESTARG_k(i)    (cast_int (((i) & (1u << POS_k))))
#define GETARG_k(i)     getarg (i, POS_k, 1)
#define SETARG_k(i, v)  setarg (i, v, POS_k, 1)
#define GETARG_Bx(i)    getarg (i, POS_Bx, SIZE_Bx)
#define SETARG_Bx(i, v) setarg (i, v, POS_Bx, SIZE_Bx)
#define GETARG_Ax(i)    getarg (i, POS_Ax, SIZE_Ax)
#define SETARG_Ax(i, v) setarg (i, v, POS_Ax, SIZE_Ax)
#define GETARG_sBx(i)   (getarg (i, POS_Bx, SIZE_Bx) - OFFSET_sBx)
#define SETARG_sBx(i, b) SETARG_Bx ((i), cast (unsigned int, (b) + OFFSET_sBx))
#define GETARG_sJ(i)    (getarg (i, POS_sJ, SIZE_sJ) - OFFSET_sJ)
#define SETARG_sJ(i, j) setarg (i, cast (unsigned int, (j) + OFFSET_sJ), \
                                POS_sJ, SIZE_sJ)

#define CREATE_ABCk(o, a, b, c, k) ((cast (Instruction, o) << POS_OP) \
    | (cast (Instruction, a) << POS_A) | (cast (Instruction, b) << POS_B) \
    | (cast (Instruction, c) << POS_C) | (cast (Instruction, k) << POS_k))
#define CREATE_vABCk(o, a, b, c, k) ((cast (Instruction, o) << POS_OP) \
    | (cast (Instruction, a) << POS_A) | (cast (Instruction, b) << POS_vB) \
    | (cast (Instruction, c) << POS_vC) | (cast (Instruction, k) << POS_k))
#define CREATE_ABx(o, a, bc) ((cast (Instruction, o) << POS_OP) \
    | (cast (Instruction, a) << POS_A) | (cast (Instruction, bc) << POS_Bx))
#define CREATE_Ax(o, a) ((cast (Instruction, o) << POS_OP) \
    | (cast (Instruction, a) << POS_Ax))
#define CREATE_sJ(o, j, k) ((cast (Instruction, o) << POS_OP) \
    | (cast (Instruction, j) << POS_sJ) | (cast (Instruction, k) << POS_k))

/* Registers of a function: at most 255 (A is 8 bits). */
#define MAXREGS   255
/* Flush SETLIST every this many items of a constructor. */
#define LFIELDS_PER_FLUSH 50

/* -- The opcodes ----------------------------------------------------------
** OPDEF(_) lists: name, mode, flags, description.  Flags (bit set):
**   OPF_A   the instruction sets register A
**   OPF_T   a test: the next instruction is a jump
**   OPF_IT  uses L->top set by the previous instruction (B == 0)
**   OPF_OT  sets L->top for the next instruction (C == 0)
**   OPF_MM  a metamethod call (MMBIN*)
*/
#define OPF_A   1
#define OPF_T   2
#define OPF_IT  4
#define OPF_OT  8
#define OPF_MM  16

#define OPDEF(_) \
  _(MOVE,       iABC,  OPF_A, "R[A] := R[B]") \
  _(LOADI,      iAsBx, OPF_A, "R[A] := sBx (integer)") \
  _(LOADF,      iAsBx, OPF_A, "R[A] := (float) sBx") \
  _(LOADK,      iABx,  OPF_A, "R[A] := K[Bx]") \
  _(LOADKX,     iABx,  OPF_A, "R[A] := K[Ax of the next EXTRAARG]") \
  _(LOADFALSE,  iABC,  OPF_A, "R[A] := false") \
  _(LFALSESKIP, iABC,  OPF_A, "R[A] := false; skip next instruction") \
  _(LOADTRUE,   iABC,  OPF_A, "R[A] := true") \
  _(LOADNIL,    iABC,  OPF_A, "R[A .. A+B] := nil") \
  _(GETUPVAL,   iABC,  OPF_A, "R[A] := U[B]") \
  _(SETUPVAL,   iABC,  0,     "U[B] := R[A]") \
  _(GETTABUP,   iABC,  OPF_A, "R[A] := U[B][K[C]] (K[C] short string)") \
  _(GETTABLE,   iABC,  OPF_A, "R[A] := R[B][R[C]]") \
  _(GETI,       iABC,  OPF_A, "R[A] := R[B][C] (C unsigned integer key)") \
  _(GETFIELD,   iABC,  OPF_A, "R[A] := R[B][K[C]] (K[C] short string)") \
  _(SETTABUP,   iABC,  0,     "U[A][K[B]] := RK(C) (K[B] short string)") \
  _(SETTABLE,   iABC,  0,     "R[A][R[B]] := RK(C)") \
  _(SETI,       iABC,  0,     "R[A][B] := RK(C)") \
  _(SETFIELD,   iABC,  0,     "R[A][K[B]] := RK(C) (K[B] short string)") \
  _(NEWTABLE,   ivABC, OPF_A, "R[A] := {}; vB = log2(hash size)+1 (0 = none), " \
                              "vC array size (+ EXTRAARG*(MAXARG_vC+1) when k)") \
  _(SELF,       iABC,  OPF_A, "R[A+1] := R[B]; R[A] := R[B][K[C]] (short string)") \
  _(ADDI,       iABC,  OPF_A, "R[A] := R[B] + sC") \
  _(ADDK,       iABC,  OPF_A, "R[A] := R[B] + K[C] (number)") \
  _(SUBK,       iABC,  OPF_A, "R[A] := R[B] - K[C]") \
  _(MULK,       iABC,  OPF_A, "R[A] := R[B] * K[C]") \
  _(MODK,       iABC,  OPF_A, "R[A] := R[B] % K[C]") \
  _(POWK,       iABC,  OPF_A, "R[A] := R[B] ^ K[C]") \
  _(DIVK,       iABC,  OPF_A, "R[A] := R[B] / K[C]") \
  _(IDIVK,      iABC,  OPF_A, "R[A] := R[B] // K[C]") \
  _(BANDK,      iABC,  OPF_A, "R[A] := R[B] & K[C] (integer)") \
  _(BORK,       iABC,  OPF_A, "R[A] := R[B] | K[C]") \
  _(BXORK,      iABC,  OPF_A, "R[A] := R[B] ~ K[C]") \
  _(SHLI,       iABC,  OPF_A, "R[A] := sC << R[B]") \
  _(SHRI,       iABC,  OPF_A, "R[A] := R[B] >> sC") \
  _(ADD,        iABC,  OPF_A, "R[A] := R[B] + R[C]") \
  _(SUB,        iABC,  OPF_A, "R[A] := R[B] - R[C]") \
  _(MUL,        iABC,  OPF_A, "R[A] := R[B] * R[C]") \
  _(MOD,        iABC,  OPF_A, "R[A] := R[B] % R[C]") \
  _(POW,        iABC,  OPF_A, "R[A] := R[B] ^ R[C]") \
  _(DIV,        iABC,  OPF_A, "R[A] := R[B] / R[C]") \
  _(IDIV,       iABC,  OPF_A, "R[A] := R[B] // R[C]") \
  _(BAND,       iABC,  OPF_A, "R[A] := R[B] & R[C]") \
  _(BOR,        iABC,  OPF_A, "R[A] := R[B] | R[C]") \
  _(BXOR,       iABC,  OPF_A, "R[A] := R[B] ~ R[C]") \
  _(SHL,        iABC,  OPF_A, "R[A] := R[B] << R[C]") \
  _(SHR,        iABC,  OPF_A, "R[A] := R[B] >> R[C]") \
  _(MMBIN,      iABC,  OPF_MM, "previous arith op failed on R[A], R[B]: " \
                              "call metamethod C (TMS), result to the " \
                              "previous instruction's A") \
  _(MMBINI,     iABC,  OPF_MM, "same, operands R[A] and sB; k: swapped") \
  _(MMBINK,     iABC,  OPF_MM, "same, operands R[A] and K[B]; k: swapped") \
  _(UNM,        iABC,  OPF_A, "R[A] := -R[B]") \
  _(BNOT,       iABC,  OPF_A, "R[A] := ~R[B]") \
  _(NOT,        iABC,  OPF_A, "R[A] := not R[B]") \
  _(LEN,        iABC,  OPF_A, "R[A] := #R[B]") \
  _(CONCAT,     iABC,  OPF_A, "R[A] := R[A] .. ... .. R[A+B-1]") \
  _(CLOSE,      iABC,  0,     "close upvalues and tbc variables >= R[A]") \
  _(TBC,        iABC,  0,     "mark R[A] to be closed") \
  _(JMP,        isJ,   0,     "pc += sJ") \
  _(EQ,         iABC,  OPF_T, "if ((R[A] == R[B]) ~= k) then pc++") \
  _(LT,         iABC,  OPF_T, "if ((R[A] <  R[B]) ~= k) then pc++") \
  _(LE,         iABC,  OPF_T, "if ((R[A] <= R[B]) ~= k) then pc++") \
  _(EQK,        iABC,  OPF_T, "if ((R[A] == K[B]) ~= k) then pc++") \
  _(EQI,        iABC,  OPF_T, "if ((R[A] == sB) ~= k) then pc++; C: float?") \
  _(LTI,        iABC,  OPF_T, "if ((R[A] < sB) ~= k) then pc++; C: float?") \
  _(LEI,        iABC,  OPF_T, "if ((R[A] <= sB) ~= k) then pc++") \
  _(GTI,        iABC,  OPF_T, "if ((R[A] > sB) ~= k) then pc++") \
  _(GEI,        iABC,  OPF_T, "if ((R[A] >= sB) ~= k) then pc++") \
  _(TEST,       iABC,  OPF_T, "if (not R[A] == k) then pc++") \
  _(TESTSET,    iABC,  OPF_T | OPF_A, "if (not R[B] == k) then pc++ " \
                              "else R[A] := R[B]") \
  _(CALL,       iABC,  OPF_A | OPF_IT | OPF_OT, "R[A], ..., R[A+C-2] := " \
                              "R[A](R[A+1], ..., R[A+B-1]); B=0: up to top; " \
                              "C=0: multiple results (sets top)") \
  _(TAILCALL,   iABC,  OPF_IT, "return R[A](R[A+1], ..., R[A+B-1]); " \
                              "k: close upvalues; C>0: hidden varargs (C-1 " \
                              "fixed params)") \
  _(RETURN,     iABC,  OPF_IT, "return R[A], ..., R[A+B-2]; B=0: up to top; " \
                              "k: close; C>0: vararg frame (C-1 fixed params)") \
  _(RETURN0,    iABC,  0,     "return") \
  _(RETURN1,    iABC,  0,     "return R[A]") \
  _(FORLOOP,    iABx,  0,     "update counters; if loop continues pc -= Bx") \
  _(FORPREP,    iABx,  0,     "check and prepare counters (3 slots: " \
                              "R[A] count/limit, R[A+1] step, R[A+2] " \
                              "control); if not to run pc += Bx + 1") \
  _(TFORPREP,   iABx,  0,     "R[A] iterator, R[A+1] state, R[A+2] closing " \
                              "value (marked to be closed), R[A+3] control; " \
                              "pc += Bx") \
  _(TFORCALL,   iABC,  0,     "R[A+3], ..., R[A+2+C] := R[A](R[A+1], R[A+3])") \
  _(TFORLOOP,   iABx,  0,     "if R[A+3] ~= nil then pc -= Bx") \
  _(SETLIST,    ivABC, OPF_IT, "R[A][vC+i] := R[A+i], 1 <= i <= vB " \
                              "(vB=0: up to top; k: EXTRAARG adds to vC)") \
  _(CLOSURE,    iABx,  OPF_A, "R[A] := closure(KPROTO[Bx])") \
  _(VARARG,     iABC,  OPF_A | OPF_OT, "R[A], ..., R[A+C-2] = vararg " \
                              "(C=0: all, sets top); k: the vararg table " \
                              "is in R[B]") \
  _(GETVARG,    iABC,  OPF_A, "R[A] := R[B][R[C]], R[B] the virtual vararg " \
                              "parameter (no table built)") \
  _(ERRNNIL,    iABx,  0,     "raise \"global 'K[Bx-1]' already defined\" " \
                              "if R[A] ~= nil (Bx=0: name '?')") \
  _(VARARGPREP, iABC,  0,     "adjust the vararg frame (first instruction " \
                              "of a vararg function)") \
  _(EXTRAARG,   iAx,   0,     "extra (larger) argument for the previous " \
                              "instruction")

#define OP_ENUM(name, mode, flags, doc) OP_##name,
typedef enum { OPDEF (OP_ENUM) NUM_OPCODES } OpCode;
#undef OP_ENUM

EL_DATA const uint8_t el_opcodes_modes[NUM_OPCODES];  /* mode | flags << 3 */
EL_DATA const char *const el_opcodes_names[NUM_OPCODES + 1];

#define getOpMode(m)    (cast (enum OpMode, el_opcodes_modes[m] & 7))
#define testAMode(m)    (el_opcodes_modes[m] & (OPF_A << 3))
#define testTMode(m)    (el_opcodes_modes[m] & (OPF_T << 3))
#define testITMode(m)   (el_opcodes_modes[m] & (OPF_IT << 3))
#define testOTMode(m)   (el_opcodes_modes[m] & (OPF_OT << 3))
#define testMMMode(m)   (el_opcodes_modes[m] & (OPF_MM << 3))

/* "in top" check: an instruction using top set by the previous one.
** SETLIST keeps its count in the 6-bit vB field, the others in B. */
#define isIT(i)  (testITMode (GET_OPCODE (i)) \
                  && (GET_OPCODE (i) == OP_SETLIST ? GETARG_vB (i) \
                                                   : GETARG_B (i)) == 0)
#define isOT(i)  ((testOTMode (GET_OPCODE (i)) && GETARG_C (i) == 0) \
                  || GET_OPCODE (i) == OP_TAILCALL)

/* -- The executable form ----------------------------------------------------
** el_vm_run does not run the instructions above but a copy made when a
** prototype is complete (Proto.xcode, el_opcodes_xlate): one 64-bit word
** per instruction, at the same index, so jump offsets, pcs and line
** information carry over.  Each operand sits at its own byte boundary,
** already in the form a handler uses, so that reading one is one load
** (movzwl/movslq) instead of a copy, a shift and a mask of the
** instruction word, and a register or constant operand is an address
** offset as it is:
**   byte 0      opcode
**   byte 1      k (0 or 1; 0 outside iABC and ivABC)
**   bytes 2-3   A * 16                          (iABC, ivABC, iABx, iAsBx)
**   bytes 4-5   B * 16 (vB * 16 in ivABC)       (iABC, ivABC)
**               or sB, decoded: a signed 16-bit integer
**               (the tests with an immediate and MMBINI: el_opcodes_immB)
**   bytes 6-7   C * 16 (vC * 16 in ivABC)       (iABC, ivABC)
**               or sC, decoded (ADDI, SHRI, SHLI: el_opcodes_immC)
**   bytes 4-7   Bx, sBx, Ax or sJ, decoded: a signed 32-bit integer
**                                               (iABx, iAsBx, iAx, isJ)
** 16 is the size of a stack slot and of a constant (vm.c checks it).  The
** bytes are written and read through the same offsets, so the layout is
** the same on every byte order.  p->code keeps the reference's format
** for string.dump, the debug interface and the verifier. */
#define XARG_SCALE  16
#define el_xbyte(p, o)  (((const uint8_t *) (p))[o])
#define el_xu16(p, o)   (*(const uint16_t *) ((const uint8_t *) (p) + (o)))
#define el_xi16(p, o)   (*(const int16_t *) ((const uint8_t *) (p) + (o)))
#define el_xi32(p, o)   (*(const int32_t *) ((const uint8_t *) (p) + (o)))

/* 'p' points to the word (const ElCode *) */
#define XGET_OPCODE(p)  (cast (OpCode, el_xbyte (p, 0)))
#define XGETARG_k(p)    (cast_int (el_xbyte (p, 1)))
#define XOFF_A(p)       ((size_t) el_xu16 (p, 2))   /* byte offsets */
#define XOFF_B(p)       ((size_t) el_xu16 (p, 4))
#define XOFF_C(p)       ((size_t) el_xu16 (p, 6))
/* An operand's own value: its field shifted back, one load and one shift.
** (Written plainly, GCC shifts the 16-bit field in a 16-bit register and
** zero-extends it after, one instruction more: the empty asm makes it
** take the loaded 32-bit value as it is.) */
#if defined(__GNUC__)
#define el_xfield(p, o) \
  ({ unsigned int f_ = el_xu16 (p, o); __asm__ ("" : "+r" (f_)); \
     cast_int (f_ >> 4); })
#else
#define el_xfield(p, o) (cast_int ((unsigned int) el_xu16 (p, o) >> 4))
#endif
#define XGETARG_A(p)    el_xfield (p, 2)
#define XGETARG_B(p)    el_xfield (p, 4)
#define XGETARG_vB(p)   XGETARG_B (p)
#define XGETARG_sB(p)   (cast_int (el_xi16 (p, 4)))   /* el_opcodes_immB */
#define XGETARG_C(p)    el_xfield (p, 6)
#define XGETARG_vC(p)   XGETARG_C (p)
#define XGETARG_sC(p)   (cast_int (el_xi16 (p, 6)))   /* el_opcodes_immC */
#define XGETARG_Bx(p)   (cast_int (el_xi32 (p, 4)))
#define XGETARG_sBx(p)  (cast_int (el_xi32 (p, 4)))
#define XGETARG_Ax(p)   (cast_int (el_xi32 (p, 4)))
#define XGETARG_sJ(p)   (cast_int (el_xi32 (p, 4)))

/* The opcodes whose B (C) is a signed immediate, which the executable
** form stores decoded: the interpreter reads it with one load (no shift,
** subtraction and sign extension) and never as B (C). */
#define el_opcodes_immB(op) \
  ((op) == OP_EQI || (op) == OP_LTI || (op) == OP_LEI || (op) == OP_GTI \
   || (op) == OP_GEI || (op) == OP_MMBINI)
#define el_opcodes_immC(op) \
  ((op) == OP_ADDI || (op) == OP_SHRI || (op) == OP_SHLI)

/* Write the executable form of code[0 .. n-1] into out[0 .. n-1]. */
EL_FUNC void el_opcodes_xlate (const Instruction *code, ElCode *out, int n);

#endif /* EL_OPCODES_H */
