/*
** dumpfmt.h: constants of the binary chunk format shared by dump.c (the
** writer) and undump.c (the loader); the format (Lua 5.5.0's) is
** described in dump.c
** SPDX-License-Identifier: MIT
*/
#ifndef EL_DUMPFMT_H
#define EL_DUMPFMT_H

#include "dump.h"
#include "opcodes.h"

#define EL_DUMP_VERSION     0x55           /* major * 16 + minor: 5.5 */
#define EL_DUMP_FORMAT      0              /* 0: the official layout */
/* catches text-mode mangling: a high byte, CR LF, ^Z, LF */
#define EL_DUMP_DATA        "\x19\x93\r\n\x1a\n"
#define EL_DUMP_CHECKINT    (-0x5678)      /* as an int, then as an ElInt */
#define EL_DUMP_CHECKINST   ((Instruction) 0x12345678u)
#define EL_DUMP_CHECKNUM    ((ElNum) -370.5)

/* Constant tags in a chunk: the reference's type variants (type in the
** low nibble, variant above), fixed here so that the chunk format does
** not follow changes of the in-memory tags. */
enum {
  EL_DUMP_KNIL = 0x00,
  EL_DUMP_KFALSE = 0x01,
  EL_DUMP_KTRUE = 0x11,
  EL_DUMP_KINT = 0x03,
  EL_DUMP_KFLT = 0x13,
  EL_DUMP_KSHRSTR = 0x04,
  EL_DUMP_KLNGSTR = 0x14
};

/* Line information: an instruction whose relative line byte is
** EL_DUMP_ABSLINE takes its line from the next absolute entry; deltas
** must stay below EL_DUMP_LIMLINEDIFF in magnitude, and the writer emits
** an absolute entry at least every EL_DUMP_MAXRELLINES instructions (the
** reference's line lookup relies on that spacing to start its search). */
#define EL_DUMP_ABSLINE      (-0x80)
#define EL_DUMP_LIMLINEDIFF  0x80
#define EL_DUMP_MAXRELLINES  128

/* A flag bit the reference sets on prototypes it loaded in place (and may
** then write into a chunk); it means nothing here and is ignored. */
#define EL_DUMP_PFFIXED      4

/* Padding unit of the aligned blocks (code, absolute line entries). */
#define EL_DUMP_ALIGN_CODE   sizeof (Instruction)
#define EL_DUMP_ALIGN_ABS    sizeof (int)

#endif /* EL_DUMPFMT_H */
