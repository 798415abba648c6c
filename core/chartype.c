/*
** chartype.c: the character class table behind chartype.h
** SPDX-License-Identifier: MIT
**
** Built with GNU range designators so the classes read as the ASCII
** ranges they are.  Every index is byte + 1 (index 0 is EOZ, no class).
*/
#include "config.h"
#include "chartype.h"

#define A   EL_CT_ALPHA
#define D   EL_CT_DIGIT
#define P   EL_CT_PRINT
#define S   EL_CT_SPACE
#define X   EL_CT_XDIGIT
#define I(c) ((c) + 1)

const uint8_t el_chartype_table[UCHAR_MAX + 2] = {
  [I ('\t') ... I ('\r')] = S,              /* \t \n \v \f \r */
  [I (' ')] = S | P,
  [I ('!') ... I ('/')] = P,
  [I ('0') ... I ('9')] = D | X | P,
  [I (':') ... I ('@')] = P,
  [I ('A') ... I ('F')] = A | X | P,
  [I ('G') ... I ('Z')] = A | P,
  [I ('[') ... I ('^')] = P,
  [I ('_')] = A | P,
  [I ('`')] = P,
  [I ('a') ... I ('f')] = A | X | P,
  [I ('g') ... I ('z')] = A | P,
  [I ('{') ... I ('~')] = P,
};
