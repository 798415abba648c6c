/*
** opcodes.c: tables derived from the opcode list
** SPDX-License-Identifier: MIT
*/
#include <string.h>

#include "opcodes.h"

#define OP_MODE(name, mode, flags, doc) (uint8_t) ((mode) | ((flags) << 3)),
const uint8_t el_opcodes_modes[NUM_OPCODES] = { OPDEF (OP_MODE) };
#undef OP_MODE

#define OP_NAME(name, mode, flags, doc) #name,
const char *const el_opcodes_names[NUM_OPCODES + 1] = { OPDEF (OP_NAME) NULL };
#undef OP_NAME

/* Store v at byte offset o of word w (little- or big-endian alike: the
** readers in opcodes.h use the same offsets).  A negative v (sB, sC) is
** stored modulo 2^16, which an int16_t read gives back. */
static void
opcodes_put16 (uint8_t *w, int o, unsigned int v)
{
  uint16_t x = (uint16_t) v;
  memcpy (w + o, &x, sizeof x);
}

static void
opcodes_put32 (uint8_t *w, int o, int v)
{
  int32_t x = (int32_t) v;
  memcpy (w + o, &x, sizeof x);
}

void
el_opcodes_xlate (const Instruction *code, ElCode *out, int n)
{
  int j;
  for (j = 0; j < n; j++) {
    Instruction i = code[j];
    OpCode op = GET_OPCODE (i);
    uint8_t w[sizeof (ElCode)];
    memset (w, 0, sizeof w);
    w[0] = (uint8_t) op;
    /* (the verifier has rejected unknown opcodes of binary chunks) */
    switch (op < NUM_OPCODES ? getOpMode (op) : iABC) {
      case iABC:
        w[1] = (uint8_t) GETARG_k (i);
        opcodes_put16 (w, 2, (unsigned int) GETARG_A (i) * XARG_SCALE);
        if (el_opcodes_immB (op))
          opcodes_put16 (w, 4, (unsigned int) GETARG_sB (i));
        else
          opcodes_put16 (w, 4, (unsigned int) GETARG_B (i) * XARG_SCALE);
        if (el_opcodes_immC (op))
          opcodes_put16 (w, 6, (unsigned int) GETARG_sC (i));
        else
          opcodes_put16 (w, 6, (unsigned int) GETARG_C (i) * XARG_SCALE);
        break;
      case ivABC:
        w[1] = (uint8_t) GETARG_k (i);
        opcodes_put16 (w, 2, (unsigned int) GETARG_A (i) * XARG_SCALE);
        opcodes_put16 (w, 4, (unsigned int) GETARG_vB (i) * XARG_SCALE);
        opcodes_put16 (w, 6, (unsigned int) GETARG_vC (i) * XARG_SCALE);
        break;
      case iABx:
        opcodes_put16 (w, 2, (unsigned int) GETARG_A (i) * XARG_SCALE);
        opcodes_put32 (w, 4, GETARG_Bx (i));
        break;
      case iAsBx:
        opcodes_put16 (w, 2, (unsigned int) GETARG_A (i) * XARG_SCALE);
        opcodes_put32 (w, 4, GETARG_sBx (i));
        break;
      case iAx:
        opcodes_put32 (w, 4, GETARG_Ax (i));
        break;
      case isJ:
        opcodes_put32 (w, 4, GETARG_sJ (i));
        break;
    }
    memcpy (&out[j], w, sizeof w);
  }
}
