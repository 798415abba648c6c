/*
** chartype.h: locale-independent ASCII character classes for the lexer
** and the number conversions
** SPDX-License-Identifier: MIT
**
** A 257-entry table indexed by c + 1, so that EOZ (-1) is a valid index and
** belongs to no class.  Unlike <ctype.h> the answers never depend on the
** C locale, and '_' counts as a letter: identifiers are
** [A-Za-z_][A-Za-z0-9_]*.  Bytes >= 0x80 belong to no class.
*/
#ifndef EL_CHARTYPE_H
#define EL_CHARTYPE_H

#include <limits.h>
#include <stdint.h>

#include "value.h"

#define EL_CT_ALPHA   (1 << 0)   /* A-Z a-z _ */
#define EL_CT_DIGIT   (1 << 1)   /* 0-9 */
#define EL_CT_PRINT   (1 << 2)   /* 0x20-0x7e */
#define EL_CT_SPACE   (1 << 3)   /* ' ' \t \n \v \f \r */
#define EL_CT_XDIGIT  (1 << 4)   /* 0-9 A-F a-f */

/* One entry per byte value and one for EOZ (index 0). */
EL_DATA const uint8_t el_chartype_table[UCHAR_MAX + 2];

#define el_chartype_test(c, m)  (el_chartype_table[(c) + 1] & (m))

#define el_chartype_isalpha(c)  el_chartype_test (c, EL_CT_ALPHA)
#define el_chartype_isalnum(c)  el_chartype_test (c, EL_CT_ALPHA | EL_CT_DIGIT)
#define el_chartype_isdigit(c)  el_chartype_test (c, EL_CT_DIGIT)
#define el_chartype_isspace(c)  el_chartype_test (c, EL_CT_SPACE)
#define el_chartype_isprint(c)  el_chartype_test (c, EL_CT_PRINT)
#define el_chartype_isxdigit(c) el_chartype_test (c, EL_CT_XDIGIT)

/* Lower-case an ASCII letter; also leaves '.' unchanged, which is all the
** number scanner needs (it compares against 'e', 'p', 'x'). */
#define el_chartype_tolower(c)  ((c) | ('A' ^ 'a'))

#endif /* EL_CHARTYPE_H */
