/*
** opcodes.c: tables derived from the opcode list
** SPDX-License-Identifier: MIT
*/
#include "opcodes.h"

#define OP_MODE(name, mode, flags, doc) (uint8_t) ((mode) | ((flags) << 3)),
const uint8_t el_opcodes_modes[NUM_OPCODES] = { OPDEF (OP_MODE) };
#undef OP_MODE

#define OP_NAME(name, mode, flags, doc) #name,
const char *const el_opcodes_names[NUM_OPCODES + 1] = { OPDEF (OP_NAME) NULL };
#undef OP_NAME
