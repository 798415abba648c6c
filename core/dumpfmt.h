/*
** dumpfmt.h: constants of the binary chunk format shared by dump.c (the
** writer) and undump.c (the loader); the format is described in dump.c
** SPDX-License-Identifier: MIT
*/
#ifndef EL_DUMPFMT_H
#define EL_DUMPFMT_H

#include "dump.h"
#include "opcodes.h"

#define EL_DUMP_VERSION     0x55           /* Lua 5.5 semantics */
#define EL_DUMP_FORMAT      1              /* revision of Elara's layout */
#define EL_DUMP_DATA        "\r\n\x1a\n"   /* text-mode mangling detector */
#define EL_DUMP_CHECKINST   ((Instruction) 0x12345678u)
#define EL_DUMP_CHECKINT    ((ElInt) -0x5678)
#define EL_DUMP_CHECKNUM    ((ElNum) -370.5)

/* Fingerprint of the instruction set (FNV-1a over every opcode's name and
** mode byte): a chunk from a build with other opcodes, or the same ones in
** another order, is rejected instead of running the wrong instructions. */
static inline uint32_t
el_dumpfmt_opfingerprint (void)
{
  uint32_t h = 2166136261u;
  int op;

  for (op = 0; op < NUM_OPCODES; op++) {
    const char *s = el_opcodes_names[op];

    for (; *s != '\0'; s++)
      h = (h ^ (uint8_t) *s) * 16777619u;
    h = (h ^ el_opcodes_modes[op]) * 16777619u;
  }
  return h;
}

/* Constant tags in a chunk (independent of the in-memory tags). */
enum {
  EL_DUMP_KNIL, EL_DUMP_KFALSE, EL_DUMP_KTRUE, EL_DUMP_KINT, EL_DUMP_KFLT,
  EL_DUMP_KSTR
};

/* String encodings (the varint that starts a 'str'). */
#define EL_DUMP_SNULL       0   /* no string */
#define EL_DUMP_SREF        1   /* followed by the index of an earlier one */
#define EL_DUMP_SOFFSET     2   /* otherwise: length + 2 */

#endif /* EL_DUMPFMT_H */
