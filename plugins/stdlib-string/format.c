/*
** format.c: string.format
** SPDX-License-Identifier: MIT
**
** Each conversion is checked against the flags it accepts and a width and
** precision of at most two digits, as the reference checks them.  The
** frequent ones (%d, %x, %c, %s, and %f with up to 17 decimals of a
** number below 2^64) are written here, byte for byte as the C library
** writes them; the others are handed to snprintf, so numbers print
** exactly as the reference prints them.  %q writes values back as Lua
** literals.
*/
#include "config.h"

#include "strlib.h"

#include <ctype.h>
#include <inttypes.h>
#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/digits.h"

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

/* 'spec' := "%" followed by the 'len' bytes at 'fmt'. */
static void
fmt_copyspec (char *spec, const char *fmt, size_t len)
{
  spec[0] = '%';
  memcpy (spec + 1, fmt, len);
  spec[len + 1] = '\0';
}

/* Copy the specification starting after a '%' at 'fmt' into 'spec' (with
** the '%'); returns the address of its conversion character. */
static const char *
fmt_getspec (ElaraState *L, const char *fmt, char *spec)
{
  size_t len = strspn (fmt, FMT_FLAGS_FLOAT "123456789.") + 1;
  if (len >= FMT_MAXSPEC - 10)
    host->errorf (L, "invalid format (too long)");
  fmt_copyspec (spec, fmt, len);
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

/* -- Parsed specifications ------------------------------------------------
** The common specifications (flags, a width and a precision of at most two
** digits each, then a letter) are parsed once into an FmtSpec; the
** conversions below then check their flags with a mask and format the
** frequent cases without snprintf.  Anything else keeps the text form and
** the reference's checks (fmt_getspec, fmt_check), so the errors and the
** specifications accepted are the same either way. */

enum {
  FMT_FLEFT = 1, FMT_FPLUS = 2, FMT_FSPACE = 4, FMT_FZERO = 8, FMT_FALT = 16
};

#define FMT_MASK_FLOAT  (FMT_FLEFT | FMT_FPLUS | FMT_FALT | FMT_FZERO \
                         | FMT_FSPACE)
#define FMT_MASK_HEX    (FMT_FLEFT | FMT_FALT | FMT_FZERO)
#define FMT_MASK_INT    (FMT_FLEFT | FMT_FPLUS | FMT_FZERO | FMT_FSPACE)
#define FMT_MASK_UNS    (FMT_FLEFT | FMT_FZERO)
#define FMT_MASK_OTHER  (FMT_FLEFT)

typedef struct FmtSpec {
  const char *start;    /* the specification, after its '%' */
  int simple;           /* parsed: the fields below are valid */
  unsigned flags;       /* FMT_F* */
  int width;            /* 0 when absent */
  int prec;             /* -1 when absent */
  char spec[FMT_MAXSPEC];  /* "%..." for snprintf; "" until built */
} FmtSpec;

/* isdigit, which is the same in every locale, without its table. */
static inline int
fmt_isdigit (char c)
{
  return (unsigned) (c - '0') < 10u;
}

/* Parse the specification at 'fmt' (after a '%'); returns the address of
** its conversion character, the one the reference's span of flag, digit
** and '.' characters ends at.  A specification outside the simple grammar
** gets its text at once, raising "too long" where the reference does. */
static const char *
fmt_parse (ElaraState *L, const char *fmt, FmtSpec *sp)
{
  const char *p = fmt;
  unsigned flags = 0;
  int width = 0, prec = -1;
  sp->start = fmt;
  sp->spec[0] = '\0';
  for (;; p++) {
    switch (*p) {
      case '-': flags |= FMT_FLEFT; continue;
      case '+': flags |= FMT_FPLUS; continue;
      case ' ': flags |= FMT_FSPACE; continue;
      case '0': flags |= FMT_FZERO; continue;
      case '#': flags |= FMT_FALT; continue;
      default: break;
    }
    break;
  }
  /* (a width cannot start with '0': that '0' is a flag) */
  if (fmt_isdigit (*p)) {
    width = *p++ - '0';
    if (fmt_isdigit (*p))
      width = width * 10 + (*p++ - '0');
  }
  if (*p == '.') {
    p++;
    prec = 0;
    if (fmt_isdigit (*p)) {
      prec = *p++ - '0';
      if (fmt_isdigit (*p))
        prec = prec * 10 + (*p++ - '0');
    }
  }
  /* a letter ends the reference's span here; the length limit is its.
  ** (Letters outside ASCII, which isalpha may accept in some locales,
  ** take the slow path, which uses isalpha as the reference does.) */
  if (((unsigned) (*p | 0x20) - 'a') < 26u && p - fmt + 1 < FMT_MAXSPEC - 10) {
    sp->simple = 1;
    sp->flags = flags;
    sp->width = width;
    sp->prec = prec;
    return p;
  }
  sp->simple = 0;
  return fmt_getspec (L, fmt, sp->spec);
}

/* The text of 'sp' ("%...c"), for snprintf and fmt_check. */
static char *
fmt_spectext (FmtSpec *sp, const char *conv)
{
  if (sp->spec[0] == '\0')
    fmt_copyspec (sp->spec, sp->start, (size_t) (conv - sp->start) + 1);
  return sp->spec;
}

/* fmt_check for a parsed specification: a mask test when it is simple;
** otherwise (or to raise the error) the reference's check on the text.
** The simple grammar is exactly what fmt_check accepts when every flag is
** allowed (a '0' after the flags would be a flag itself), so for a simple
** specification fmt_check passes if and only if its flags are in 'mask'
** and it has no precision where none is allowed.  Conversely every
** specification of a conversion below that fmt_check passes is simple
** (its letter is ASCII; the length limit was checked before). */
static inline void
fmt_checkspec (ElaraState *L, FmtSpec *sp, const char *conv, unsigned mask,
               const char *flags, int precision)
{
  if (!sp->simple || (sp->flags & ~mask) != 0 || (!precision && sp->prec >= 0))
    fmt_check (L, fmt_spectext (sp, conv), flags, precision);
}

/* -- Common conversions without snprintf -----------------------------------
** snprintf's setup costs several times a conversion itself, and its %f
** goes through multi-precision arithmetic.  These write the C library's
** output byte for byte: each takes a simple FmtSpec whose flags were
** checked, and returns false for the cases left to snprintf. */

/* Write 'sign' (0 for none) and 'body' (l bytes) into buff, padded to
** 'width' as the flags say: spaces on the right with '-', else zeros
** between the sign and the body with '0', else spaces on the left.
** Returns the length. */
static inline int
fmt_emit (char *buff, char sign, const char *body, int l, unsigned flags,
          int width)
{
  int total = l + (sign != 0);
  int pad = width > total ? width - total : 0;
  char *p = buff;
  if (flags & FMT_FLEFT) {
    if (sign != 0)
      *p++ = sign;
    memcpy (p, body, (size_t) l);
    memset (p + l, ' ', (size_t) pad);
  }
  else if (flags & FMT_FZERO) {
    if (sign != 0)
      *p++ = sign;
    memset (p, '0', (size_t) pad);
    memcpy (p + pad, body, (size_t) l);
  }
  else {
    memset (p, ' ', (size_t) pad);
    p += pad;
    if (sign != 0)
      *p++ = sign;
    memcpy (p, body, (size_t) l);
  }
  return total + pad;
}

/* The sign character the flags give a non-negative number. */
static char
fmt_possign (unsigned flags)
{
  return (flags & FMT_FPLUS) ? '+' : (flags & FMT_FSPACE) ? ' ' : 0;
}

/* %d / %i of i without a precision. */
static int
fmt_integer (const FmtSpec *sp, ElaraInteger i, char *buff, int *len)
{
  char digits[24];
  char *end = digits + sizeof digits;
  char *d;
  if (sp->prec >= 0)
    return 0;
  d = el_digits_utoa (end, i < 0 ? 0 - (uint64_t) i : (uint64_t) i);
  *len = fmt_emit (buff, i < 0 ? '-' : fmt_possign (sp->flags), d,
                   (int) (end - d), sp->flags, sp->width);
  return 1;
}

/* %x / %X of i (as unsigned) without '#' or a precision. */
static int
fmt_hex (const FmtSpec *sp, ElaraInteger i, int upper, char *buff, int *len)
{
  const char *xd = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char digits[16];
  char *end = digits + sizeof digits;
  char *d = end;
  uint64_t u = (uint64_t) i;
  if (sp->prec >= 0 || (sp->flags & FMT_FALT))
    return 0;
  do {
    *--d = xd[u & 15];
    u >>= 4;
  } while (u != 0);
  *len = fmt_emit (buff, 0, d, (int) (end - d), sp->flags, sp->width);
  return 1;
}

/* Whether the locale's decimal point is ".", the one fmt_fixed writes
** (printf's %f uses LC_NUMERIC's, which os.setlocale may change). */
static int
fmt_dotpoint (void)
{
  /* (nl_langinfo is the same string as localeconv's decimal_point, at a
  ** fraction of the cost: localeconv fills a whole struct lconv) */
  const char *point = nl_langinfo (RADIXCHAR);
  return point[0] == '.' && point[1] == '\0';
}

/* Largest precision of the exact %f: 10^17 < 2^57, so a 53-bit
** significand times 10^17 fits 128 bits with room for the shifts. */
#define FMT_FIXEDPREC  17

static const uint64_t fmt_pow10[FMT_FIXEDPREC + 1] = {
  1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u,
  1000000000u, 10000000000u, 100000000000u, 1000000000000u,
  10000000000000u, 100000000000000u, 1000000000000000u,
  10000000000000000u, 100000000000000000u
};

/* %f with a precision of at most FMT_FIXEDPREC of a finite x below 2^64
** in magnitude, without '#'.
** x = m * 2^e exactly.  printf prints the exact binary value rounded to
** 'prec' decimals, ties to even (the default rounding mode, which Lua
** never changes).  For e >= 0, x is an integer and nothing rounds.  For
** e = -k < 0, x = ip + f / 2^k with f < 2^k; the decimals are
** f * 10^prec / 2^k rounded, a 128-bit product and shift, and a carry
** into ip when they round up to 10^prec.  The sign is x's sign bit, so
** -0.0 and negative numbers that round to zero print "-0.00" as printf
** does. */
static int
fmt_fixed (const FmtSpec *sp, double x, char *buff, int *len)
{
  int prec = sp->prec < 0 ? 6 : sp->prec;
  char body[48];   /* 20 digits, '.', FMT_FIXEDPREC decimals */
  char *end = body + sizeof body;
  char *d = end;
  uint64_t bits, m, ip, fq = 0;
  int bexp, e;
  char sign;
  if (prec > FMT_FIXEDPREC || (sp->flags & FMT_FALT))
    return 0;
  memcpy (&bits, &x, sizeof bits);
  bexp = (int) ((bits >> 52) & 0x7ff);
  m = bits & ((UINT64_C (1) << 52) - 1);
  if (bexp == 0x7ff)
    return 0;                        /* inf and nan */
  if (bexp == 0)
    e = -1074;                       /* zero and subnormals */
  else {
    m |= UINT64_C (1) << 52;
    e = bexp - 1075;
  }
  if (e >= 0) {
    if (e > 11)
      return 0;                      /* 2^64 or more */
    ip = m << e;
  }
  else {
    int k = -e;
    uint64_t f;
    if (k >= 64) {
      ip = 0;
      f = m;
    }
    else {
      ip = m >> k;
      f = m & ((UINT64_C (1) << k) - 1);
    }
    /* f < 2^53, so f * 10^prec < 2^110; for k >= 128 that is below half
    ** a unit of the last decimal, and the decimals are all zeros */
    if (k < 128) {
      unsigned __int128 prod = (unsigned __int128) f * fmt_pow10[prec];
      unsigned __int128 q = prod >> k;
      unsigned __int128 rest = prod - (q << k);
      unsigned __int128 half = (unsigned __int128) 1 << (k - 1);
      fq = (uint64_t) q;
      /* parity of the whole rounded number ip * 10^prec + fq */
      if (rest > half || (rest == half && ((prec > 0 ? fq : ip) & 1) != 0))
        fq++;
      if (fq == fmt_pow10[prec]) {   /* carry: ip < 2^53 here */
        fq = 0;
        ip++;
      }
    }
  }
  if (prec > 0) {
    char *dp = el_digits_utoa (end, fq);
    while (end - dp < prec)
      *--dp = '0';
    d = dp - 1;
    *d = '.';
  }
  d = el_digits_utoa (d, ip);
  sign = (bits >> 63) ? '-' : fmt_possign (sp->flags);
  *len = fmt_emit (buff, sign, d, (int) (end - d), sp->flags, sp->width);
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

/* Room for 'sz' bytes at the end of b: the inline test of prepbuffsize. */
static inline char *
fmt_prep (ElaraBuffer *b, size_t sz)
{
  if (b->size - b->n >= sz)
    return b->b + b->n;
  return host->prepbuffsize (b, sz);
}

int
str_format (ElaraState *L)
{
  int top = host->gettop (L);
  int arg = 1;
  size_t lfmt;
  const char *fmt = host->checklstring (L, 1, &lfmt);
  const char *fmt_end = fmt + lfmt;
  int dotpoint = -1;            /* fmt_dotpoint (), once it is needed */
  ElaraBuffer b;
  host->buffinit (L, &b);
  while (fmt < fmt_end) {
    FmtSpec sp;
    size_t maxitem = FMT_MAXITEM;
    char *buff;
    const char *conv;
    char *spec;
    ElaraInteger i;
    int n = 0;
    if (*fmt != '%') {
      /* copy the run of plain characters up to the next '%' at once */
      const char *q = fmt + 1;
      size_t run;
      while (q < fmt_end && *q != '%')
        q++;
      run = (size_t) (q - fmt);
      memcpy (fmt_prep (&b, run), fmt, run);
      str_addsize (&b, run);
      fmt += run;
      continue;
    }
    if (*++fmt == '%') {
      str_addchar (&b, *fmt++);
      continue;
    }
    buff = fmt_prep (&b, maxitem);
    if (++arg > top)
      return host->argerror (L, arg, "no value");
    conv = fmt_parse (L, fmt, &sp);
    fmt = conv + 1;
    switch (*conv) {
      case 'c': {
        char c;
        fmt_checkspec (L, &sp, conv, FMT_MASK_OTHER, FMT_FLAGS_OTHER, 0);
        c = (char) (int) host->checkinteger (L, arg);
        if (sp.simple)
          n = fmt_emit (buff, 0, &c, 1, sp.flags, sp.width);
        else
          n = snprintf (buff, maxitem, sp.spec, (int) (unsigned char) c);
        break;
      }
      case 'd':
      case 'i':
        i = host->checkinteger (L, arg);
        fmt_checkspec (L, &sp, conv, FMT_MASK_INT, FMT_FLAGS_INT, 1);
        if (sp.simple && fmt_integer (&sp, i, buff, &n))
          break;
        goto integer;
      case 'u':
        i = host->checkinteger (L, arg);
        fmt_checkspec (L, &sp, conv, FMT_MASK_UNS, FMT_FLAGS_UNS, 1);
        goto integer;
      case 'o':
      case 'x':
      case 'X':
        i = host->checkinteger (L, arg);
        fmt_checkspec (L, &sp, conv, FMT_MASK_HEX, FMT_FLAGS_HEX, 1);
        if (*conv != 'o' && sp.simple
            && fmt_hex (&sp, i, *conv == 'X', buff, &n))
          break;
      integer:
        spec = fmt_spectext (&sp, conv);
        fmt_addmod (spec, "ll");
        n = snprintf (buff, maxitem, spec, (long long) i);
        break;
      case 'a':
      case 'A':
        fmt_checkspec (L, &sp, conv, FMT_MASK_FLOAT, FMT_FLAGS_FLOAT, 1);
        n = snprintf (buff, maxitem, fmt_spectext (&sp, conv),
                      host->checknumber (L, arg));
        break;
      case 'f': {
        double x = host->checknumber (L, arg);
        fmt_checkspec (L, &sp, conv, FMT_MASK_FLOAT, FMT_FLAGS_FLOAT, 1);
        if (dotpoint < 0)
          dotpoint = fmt_dotpoint ();
        if (sp.simple && dotpoint && fmt_fixed (&sp, x, buff, &n))
          break;
        maxitem = FMT_MAXITEMF;
        buff = fmt_prep (&b, maxitem);
        n = snprintf (buff, maxitem, fmt_spectext (&sp, conv), x);
        break;
      }
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        double x = host->checknumber (L, arg);
        fmt_checkspec (L, &sp, conv, FMT_MASK_FLOAT, FMT_FLAGS_FLOAT, 1);
        n = snprintf (buff, maxitem, fmt_spectext (&sp, conv), x);
        break;
      }
      case 'p': {
        const void *ptr = host->topointer (L, arg);
        fmt_checkspec (L, &sp, conv, FMT_MASK_OTHER, FMT_FLAGS_OTHER, 0);
        spec = fmt_spectext (&sp, conv);
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
        if (conv != sp.start)
          return host->errorf (L, "specifier '%%q' cannot have modifiers");
        fmt_addliteral (L, &b, arg);
        break;
      case 's': {
        size_t l;
        const char *s = host->tolstring_ (L, arg, &l);
        if (conv == sp.start) {
          host->addvalue (&b);   /* no modifiers: any length, any bytes */
          break;
        }
        str_argcheck (L, memchr (s, '\0', l) == NULL, arg,
                      "string contains zeros");
        fmt_checkspec (L, &sp, conv, FMT_MASK_OTHER, FMT_FLAGS_OTHER, 1);
        if (sp.simple) {
          if (sp.prec >= 0 && l > (size_t) sp.prec)
            l = (size_t) sp.prec;     /* the precision truncates */
          else if (sp.prec < 0 && l >= 100) {
            host->addvalue (&b);     /* a width cannot pad it: keep it */
            break;
          }
          /* (fmt_checkspec allowed only '-' among the flags) */
          n = fmt_emit (buff, 0, s, (int) l, sp.flags, sp.width);
        }
        else if (strchr (sp.spec, '.') == NULL && l >= 100) {
          host->addvalue (&b);
          break;
        }
        else
          n = snprintf (buff, maxitem, sp.spec, s);
        str_pop (L, 1);
        break;
      }
      default:
        return host->errorf (L, "invalid conversion '%s' to 'format'",
                             fmt_spectext (&sp, conv));
    }
    str_addsize (&b, (size_t) n);
  }
  host->pushresult (&b);
  return 1;
}
