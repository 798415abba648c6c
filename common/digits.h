/*
** digits.h: the decimal digits of an unsigned integer without snprintf
** SPDX-License-Identifier: MIT
**
** Header-only code shared by the core (integers to strings, object.c) and
** the string plugin (string.format, format.c).  It is source, not ABI:
** nothing here crosses the host vtable, and each user compiles its own
** copy.
*/
#ifndef EL_COMMON_DIGITS_H
#define EL_COMMON_DIGITS_H

#include <stdint.h>
#include <string.h>

/* The decimal digits of u written backwards, ending just before 'end' (at
** most 20 bytes); returns where they start.  Two digits per division:
** snprintf's setup alone costs several times the conversion. */
static inline char *
el_digits_utoa (char *end, uint64_t u)
{
  static const char pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";
  while (u >= 100) {
    unsigned int r = (unsigned int) (u % 100);
    u /= 100;
    end -= 2;
    memcpy (end, pairs + 2 * r, 2);
  }
  if (u >= 10) {
    end -= 2;
    memcpy (end, pairs + 2 * u, 2);
  }
  else
    *--end = (char) ('0' + u);
  return end;
}

#endif /* EL_COMMON_DIGITS_H */
