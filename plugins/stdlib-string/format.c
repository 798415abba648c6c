/*
** format.c: string.format
** SPDX-License-Identifier: MIT
**
** Each conversion is checked against the flags it accepts and a width and
** precision of at most two digits, then handed to the C library's
** snprintf, so numbers print exactly as the reference prints them.  %q
** writes values back as Lua literals.
*/
#include "config.h"

#include "strlib.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Room for one converted item.  Two-digit widths and precisions bound
** every conversion but %f of a huge number, which may have 308 digits
** before the point and 99 after it. */
#define FMT_MAXITEM   120
#define FMT_MAXITEMF  (110 + 308)

/* Longest specification kept ('%', flags, width, '.', precision, the
** conversion, a length modifier and '\0'); longer ones are errors. */
#define FMT_MAXSPEC   32

/* Flags each family of conversions accepts. */
#define FMT_FLAGS_FLOAT  "-+#0 "   /* a A e E f g G */
#define FMT_FLAGS_HEX    "-#0"     /* o x X */
#define FMT_FLAGS_INT    "-+0 "    /* d i */
#define FMT_FLAGS_UNS    "-0"      /* u */
#define FMT_FLAGS_OTHER  "-"       /* c p s */

/* -- Specifications -------------------------------------------------------- */

static const char *
fmt_skip2digits (const char *s)
{
  if (isdigit ((unsigned char) *s)) {
    s++;
    if (isdigit ((unsigned char) *s))
      s++;
  }
  return s;
}

/* Raise unless 'spec' ("%...c") is flags from 'flags', then a width that
** does not start with '0', then ('.' precision) when allowed, then the
** conversion letter. */
static void
fmt_check (ElaraState *L, const char *spec, const char *flags, int precision)
{
  const char *p = spec + 1;
  p += strspn (p, flags);
  if (*p != '0') {
    p = fmt_skip2digits (p);
    if (*p == '.' && precision)
      p = fmt_skip2digits (p + 1);
  }
  if (!isalpha ((unsigned char) *p))
    host->errorf (L, "invalid conversion specification: '%s'", spec);
}

/* Copy the specification starting after a '%' at 'fmt' into 'spec' (with
** the '%'); returns the address of its conversion character. */
static const char *
fmt_getspec (ElaraState *L, const char *fmt, char *spec)
{
  size_t len = strspn (fmt, FMT_FLAGS_FLOAT "123456789.") + 1;
  if (len >= FMT_MAXSPEC - 10)
    host->errorf (L, "invalid format (too long)");
  spec[0] = '%';
  memcpy (spec + 1, fmt, len);
  spec[len + 1] = '\0';
  return fmt + len - 1;
}

/* Insert the length modifier 'mod' before the conversion character. */
static void
fmt_addmod (char *spec, const char *mod)
{
  size_t l = strlen (spec);
  size_t lm = strlen (mod);
  char conv = spec[l - 1];
  memcpy (spec + l - 1, mod, lm);
  spec[l - 1 + lm] = conv;
  spec[l + lm] = '\0';
}

/* -- Common conversions without snprintf -----------------------------------
** %d, %i and %s with only flags and a width are the most frequent
** conversions, and snprintf's setup costs several times the conversion
** itself.  Their output is the C library's, byte for byte. */

/* The flags ("-0+ ") and width of 'spec' ("%...c", checked already);
** false when it has a precision. */
static int
fmt_simplespec (const char *spec, int *left, int *zero, char *sign,
                int *width)
{
  const char *p = spec + 1;
  *left = *zero = 0;
  *sign = 0;
  for (;; p++) {
    if (*p == '-')
      *left = 1;
    else if (*p == '0')
      *zero = 1;
    else if (*p == '+')
      *sign = '+';
    else if (*p == ' ') {
      if (*sign == 0)
        *sign = ' ';            /* '+' wins over ' ' */
    }
    else
      break;
  }
  *width = 0;
  while (isdigit ((unsigned char) *p))
    *width = *width * 10 + (*p++ - '0');
  return *p != '.';
}

/* Write 'body' (of length l) into buff, padded to 'width': on the right
** when 'left', else on the left with spaces.  Returns the length. */
static int
fmt_pad (char *buff, const char *body, int l, int width, int left)
{
  int pad = width > l ? width - l : 0;
  if (left) {
    memcpy (buff, body, (size_t) l);
    memset (buff + l, ' ', (size_t) pad);
  }
  else {
    memset (buff, ' ', (size_t) pad);
    memcpy (buff + pad, body, (size_t) l);
  }
  return l + pad;
}

/* %d / %i of i per 'spec' into buff; false if the spec needs snprintf. */
static int
fmt_integer (const char *spec, ElaraInteger i, char *buff, int *len)
{
  char digits[24];
  char *end = digits + sizeof digits;
  char *d = end;
  int left, zero, width, nd;
  char sign;
  uint64_t u;
  if (!fmt_simplespec (spec, &left, &zero, &sign, &width))
    return 0;
  u = i < 0 ? 0 - (uint64_t) i : (uint64_t) i;
  if (i < 0)
    sign = '-';
  do {
    *--d = (char) ('0' + u % 10);
    u /= 10;
  } while (u != 0);
  nd = (int) (end - d);
  if (zero && !left && width > nd + (sign != 0)) {
    /* zeros go between the sign and the digits */
    int nz = width - nd - (sign != 0);
    char *p = buff;
    if (sign != 0)
      *p++ = sign;
    memset (p, '0', (size_t) nz);
    memcpy (p + nz, d, (size_t) nd);
    *len = width;
    return 1;
  }
  if (sign != 0)
    *--d = sign;
  *len = fmt_pad (buff, d, (int) (end - d), width, left);
  return 1;
}

/* -- %q -------------------------------------------------------------------- */

static void
fmt_addquoted (ElaraBuffer *b, const char *s, size_t len)
{
  size_t i;
  str_addchar (b, '"');
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char) s[i];
    if (c == '"' || c == '\\' || c == '\n') {
      str_addchar (b, '\\');
      str_addchar (b, (char) c);
    }
    else if (iscntrl (c)) {
      /* a following digit would be read as part of the escape */
      char esc[8];
      int next_is_digit = i + 1 < len && isdigit ((unsigned char) s[i + 1]);
      int n = snprintf (esc, sizeof esc, next_is_digit ? "\\%03d" : "\\%d",
                        (int) c);
      host->addlstring (b, esc, (size_t) n);
    }
    else
      str_addchar (b, (char) c);
  }
  str_addchar (b, '"');
}

/* A float as a numeral that reads back to the same value: hexadecimal
** for finite numbers, and expressions for the infinities and NaN. */
static int
fmt_quotefloat (char *buff, double x)
{
  if (x == HUGE_VAL)
    return snprintf (buff, FMT_MAXITEM, "1e9999");
  if (x == -HUGE_VAL)
    return snprintf (buff, FMT_MAXITEM, "-1e9999");
  if (x != x)
    return snprintf (buff, FMT_MAXITEM, "(0/0)");
  return snprintf (buff, FMT_MAXITEM, "%a", x);
}

static void
fmt_addliteral (ElaraState *L, ElaraBuffer *b, int arg)
{
  switch (host->type (L, arg)) {
    case ELARA_TSTRING: {
      size_t len;
      const char *s = host->tolstring (L, arg, &len);
      fmt_addquoted (b, s, len);
      break;
    }
    case ELARA_TNUMBER: {
      char *buff = host->prepbuffsize (b, FMT_MAXITEM);
      int n;
      if (!host->isinteger (L, arg))
        n = fmt_quotefloat (buff, host->tonumberx (L, arg, NULL));
      else {
        ElaraInteger i = host->tointegerx (L, arg, NULL);
        /* the smallest integer has no decimal literal: -9223372036854775808
        ** reads as a float; its hexadecimal form wraps around to it */
        if (i == INT64_MIN)
          n = snprintf (buff, FMT_MAXITEM, "0x%" PRIx64, (uint64_t) i);
        else
          n = snprintf (buff, FMT_MAXITEM, "%" PRId64, i);
      }
      str_addsize (b, (size_t) n);
      break;
    }
    case ELARA_TNIL:
    case ELARA_TBOOLEAN:
      host->tolstring_ (L, arg, NULL);
      host->addvalue (b);
      break;
    default:
      host->argerror (L, arg, "value has no literal form");
  }
}

/* -- string.format --------------------------------------------------------- */

int
str_format (ElaraState *L)
{
  int top = host->gettop (L);
  int arg = 1;
  size_t lfmt;
  const char *fmt = host->checklstring (L, 1, &lfmt);
  const char *fmt_end = fmt + lfmt;
  ElaraBuffer b;
  host->buffinit (L, &b);
  while (fmt < fmt_end) {
    char spec[FMT_MAXSPEC];
    size_t maxitem = FMT_MAXITEM;
    char *buff;
    const char *flags;
    int decimal = 0;            /* %d or %i */
    int n = 0;
    if (*fmt != '%') {
      str_addchar (&b, *fmt++);
      continue;
    }
    if (*++fmt == '%') {
      str_addchar (&b, *fmt++);
      continue;
    }
    buff = host->prepbuffsize (&b, maxitem);
    if (++arg > top)
      return host->argerror (L, arg, "no value");
    fmt = fmt_getspec (L, fmt, spec);
    switch (*fmt++) {
      case 'c':
        fmt_check (L, spec, FMT_FLAGS_OTHER, 0);
        n = snprintf (buff, maxitem, spec, (int) host->checkinteger (L, arg));
        break;
      case 'd':
      case 'i':
        flags = FMT_FLAGS_INT;
        decimal = 1;
        goto integer;
      case 'u':
        flags = FMT_FLAGS_UNS;
        goto integer;
      case 'o':
      case 'x':
      case 'X':
        flags = FMT_FLAGS_HEX;
      integer: {
        ElaraInteger i = host->checkinteger (L, arg);
        fmt_check (L, spec, flags, 1);
        if (decimal && fmt_integer (spec, i, buff, &n))
          break;
        fmt_addmod (spec, "ll");
        n = snprintf (buff, maxitem, spec, (long long) i);
        break;
      }
      case 'a':
      case 'A':
        fmt_check (L, spec, FMT_FLAGS_FLOAT, 1);
        n = snprintf (buff, maxitem, spec, host->checknumber (L, arg));
        break;
      case 'f':
        maxitem = FMT_MAXITEMF;
        buff = host->prepbuffsize (&b, maxitem);
        /* fall through */
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        double x = host->checknumber (L, arg);
        fmt_check (L, spec, FMT_FLAGS_FLOAT, 1);
        n = snprintf (buff, maxitem, spec, x);
        break;
      }
      case 'p': {
        const void *ptr = host->topointer (L, arg);
        fmt_check (L, spec, FMT_FLAGS_OTHER, 0);
        if (ptr == NULL) {
          /* values without identity print as "(null)", padded alike */
          spec[strlen (spec) - 1] = 's';
          n = snprintf (buff, maxitem, spec, "(null)");
        }
        else
          n = snprintf (buff, maxitem, spec, ptr);
        break;
      }
      case 'q':
        if (spec[2] != '\0')
          return host->errorf (L, "specifier '%%q' cannot have modifiers");
        fmt_addliteral (L, &b, arg);
        break;
      case 's': {
        size_t l;
        int left, zero, width;
        char sign;
        const char *s = host->tolstring_ (L, arg, &l);
        if (spec[2] == '\0') {
          host->addvalue (&b);   /* no modifiers: any length, any bytes */
          break;
        }
        str_argcheck (L, l == strlen (s), arg, "string contains zeros");
        fmt_check (L, spec, FMT_FLAGS_OTHER, 1);
        if (strchr (spec, '.') == NULL && l >= 100)
          host->addvalue (&b);   /* a width cannot pad it: keep it whole */
        else if (fmt_simplespec (spec, &left, &zero, &sign, &width)) {
          /* (fmt_check allowed only '-' among the flags) */
          n = fmt_pad (buff, s, (int) l, width, left);
          str_pop (L, 1);
        }
        else {
          n = snprintf (buff, maxitem, spec, s);
          str_pop (L, 1);
        }
        break;
      }
      default:
        return host->errorf (L, "invalid conversion '%s' to 'format'", spec);
    }
    str_addsize (&b, (size_t) n);
  }
  host->pushresult (&b);
  return 1;
}
