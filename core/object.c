/*
** object.c: number conversions, raw arithmetic for constant folding,
** chunk ids and the small formatter used for error messages
** SPDX-License-Identifier: MIT
*/
#include "config.h"
#include "object.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "common/digits.h"
#include "gc.h"
#include "state.h"
#include "str.h"

/* -- Small helpers ------------------------------------------------------- */

/* The C locale's white space, which is what Lua numerals accept. */
static inline int
obj_isspace (int c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int
obj_isdigit (int c)
{
  return c >= '0' && c <= '9';
}

static inline int
obj_isxdigit (int c)
{
  return obj_isdigit (c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

int
el_object_ceillog2 (unsigned int n)
{
  /* ceil(log2(n)) = bits needed to write n - 1; 0 and 1 both give 0 */
  if (n <= 1)
    return 0;
  return 32 - __builtin_clz (n - 1);
}

int
el_object_hexavalue (int c)
{
  if (obj_isdigit (c))
    return c - '0';
  return (c | 0x20) - 'a' + 10;
}

/* -- String to number ------------------------------------------------------ */

/* A whole numeral as an integer.  Decimal numerals that do not fit are not
** integers (the caller retries them as floats); hexadecimal ones wrap
** around modulo 2^64, as the manual says. */
static const char *
obj_str2int (const char *s, ElInt *result)
{
  ElUInt a = 0;
  int any = 0;
  int neg = 0;
  while (obj_isspace ((unsigned char) *s))
    s++;
  if (*s == '-') {
    neg = 1;
    s++;
  }
  else if (*s == '+')
    s++;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s += 2;
    for (; obj_isxdigit ((unsigned char) *s); s++) {
      a = a * 16 + (ElUInt) el_object_hexavalue (*s);
      any = 1;
    }
  }
  else {
    /* the magnitude limit is 2^63 - 1, or 2^63 for a negative numeral */
    const ElUInt limit = (ElUInt) EL_MAXINTEGER + (ElUInt) neg;
    for (; obj_isdigit ((unsigned char) *s); s++) {
      ElUInt d = (ElUInt) (*s - '0');
      if (a > (limit - d) / 10)
        return NULL;
      a = a * 10 + d;
      any = 1;
    }
  }
  while (obj_isspace ((unsigned char) *s))
    s++;
  if (!any || *s != '\0')
    return NULL;
  *result = (ElInt) (neg ? 0u - a : a);
  return s;
}

/* A whole numeral as a float (decimal or hexadecimal, strtod rules).
** 'inf' and 'nan' are not Lua numerals, so any 'n' rejects the string. */
static const char *
obj_str2flt (const char *s, ElNum *result)
{
  char *end;
  if (strpbrk (s, "nN") != NULL)
    return NULL;
  *result = strtod (s, &end);
  if (end == s)
    return NULL;
  while (obj_isspace ((unsigned char) *end))
    end++;
  return (*end == '\0') ? end : NULL;
}

size_t
el_object_str2num (const char *s, TValue *o)
{
  ElInt i;
  ElNum n;
  const char *e;
  if ((e = obj_str2int (s, &i)) != NULL) {
    setivalue (o, i);
  }
  else if ((e = obj_str2flt (s, &n)) != NULL) {
    setfltvalue (o, n);
  }
  else
    return 0;
  return (size_t) (e - s) + 1;
}

/* -- Number to string ------------------------------------------------------ */

/* "%lld" without snprintf (common/digits.h). */
static int
obj_int2str (ElInt i, char *buf)
{
  char tmp[24];
  char *end = tmp + sizeof tmp;
  char *d = el_digits_utoa (end, i < 0 ? 0 - (uint64_t) i : (uint64_t) i);
  int len;
  if (i < 0)
    *--d = '-';
  len = (int) (end - d);
  memcpy (buf, d, (size_t) len);
  buf[len] = '\0';
  return len;
}

int
el_object_num2str (const TValue *o, char *buf)
{
  int len;
  if (ttisinteger (o))
    return obj_int2str (ivalue (o), buf);
  ElNum n = fltvalue (o);
  len = snprintf (buf, EL_N2SBUFFSZ, "%.15g", n);
  /* 15 digits are not always enough to read the same float back */
  if (strtod (buf, NULL) != n && n == n)
    len = snprintf (buf, EL_N2SBUFFSZ, "%.17g", n);
  /* keep floats recognisable: "100" -> "100.0" (but not "inf", "1e+20") */
  if (buf[strspn (buf, "-0123456789")] == '\0') {
    buf[len++] = '.';
    buf[len++] = '0';
    buf[len] = '\0';
  }
  return len;
}

void
el_object_tostring (ElaraState *L, TValue *obj)
{
  char buf[EL_N2SBUFFSZ];
  int len = el_object_num2str (obj, buf);
  TString *ts = el_str_newlstr (L, buf, (size_t) len);
  setsvalue (L, obj, ts);
}

/* -- Integer conversions --------------------------------------------------- */

int
el_object_flttointns (ElNum n, ElInt *p, F2Imod mode)
{
  ElNum f = floor (n);
  if (n != f) {
    if (mode == EL_F2IEQ)
      return 0;
    else if (mode == EL_F2ICEIL)
      f += 1;
  }
  /* -2^63 is exact as a double; 2^63 is the first value out of range.
  ** NaN fails both comparisons. */
  if (f >= -9223372036854775808.0 && f < 9223372036854775808.0) {
    *p = (ElInt) f;
    return 1;
  }
  return 0;
}

int
el_object_tointegerns (const TValue *o, ElInt *p, F2Imod mode)
{
  TValue v;
  if (ttisstring (o)) {
    TString *ts = tsvalue (o);
    /* the numeral must cover the whole string (no embedded zeros) */
    if (el_object_str2num (getstr (ts), &v) != tsslen (ts) + 1)
      return 0;
    o = &v;
  }
  if (ttisinteger (o)) {
    *p = ivalue (o);
    return 1;
  }
  if (ttisfloat (o))
    return el_object_flttointns (fltvalue (o), p, mode);
  return 0;
}

/* -- Raw arithmetic ---------------------------------------------------------- */

static ElInt
obj_shiftl (ElInt x, ElInt y)
{
  if (y < 0) {
    if (y <= -64)
      return 0;
    return (ElInt) ((ElUInt) x >> (ElUInt) (-y));
  }
  if (y >= 64)
    return 0;
  return (ElInt) ((ElUInt) x << (ElUInt) y);
}

/* Integer arithmetic; 0 when the operation would raise (division by 0). */
static int
obj_intarith (int op, ElInt a, ElInt b, ElInt *r)
{
  switch (op) {
    case ELARA_OPADD: *r = intop (+, a, b); return 1;
    case ELARA_OPSUB: *r = intop (-, a, b); return 1;
    case ELARA_OPMUL: *r = intop (*, a, b); return 1;
    case ELARA_OPUNM: *r = intop (-, 0, a); return 1;
    case ELARA_OPBAND: *r = intop (&, a, b); return 1;
    case ELARA_OPBOR: *r = intop (|, a, b); return 1;
    case ELARA_OPBXOR: *r = intop (^, a, b); return 1;
    case ELARA_OPBNOT: *r = intop (^, ~(ElUInt) 0, a); return 1;
    case ELARA_OPSHL: *r = obj_shiftl (a, b); return 1;
    case ELARA_OPSHR: *r = obj_shiftl (a, intop (-, 0, b)); return 1;
    case ELARA_OPIDIV:
      if (b == 0)
        return 0;
      if (b == -1)      /* avoid the overflow trap of MININT / -1 */
        *r = intop (-, 0, a);
      else {
        ElInt q = a / b;
        if ((a % b != 0) && ((a ^ b) < 0))
          q -= 1;       /* C truncates; Lua floors */
        *r = q;
      }
      return 1;
    case ELARA_OPMOD:
      if (b == 0)
        return 0;
      if (b == -1)
        *r = 0;
      else {
        ElInt m = a % b;
        if (m != 0 && ((m ^ b) < 0))
          m += b;       /* result takes the sign of the divisor */
        *r = m;
      }
      return 1;
    default:
      return 0;
  }
}

static ElNum
obj_numarith (int op, ElNum a, ElNum b)
{
  switch (op) {
    case ELARA_OPADD: return a + b;
    case ELARA_OPSUB: return a - b;
    case ELARA_OPMUL: return a * b;
    case ELARA_OPDIV: return a / b;
    case ELARA_OPPOW: return (b == 2) ? a * a : pow (a, b);
    case ELARA_OPIDIV: return floor (a / b);
    case ELARA_OPUNM: return -a;
    case ELARA_OPMOD: {
      ElNum m = fmod (a, b);
      if ((m > 0) ? b < 0 : (m < 0 && b > 0))
        m += b;
      return m;
    }
    default:
      return 0;
  }
}

int
el_object_rawarith (ElaraState *L, int op, const TValue *p1, const TValue *p2,
                    TValue *res)
{
  el_unused (L);
  if (!ttisnumber (p1) || !ttisnumber (p2))
    return 0;
  switch (op) {
    case ELARA_OPBAND: case ELARA_OPBOR: case ELARA_OPBXOR:
    case ELARA_OPSHL: case ELARA_OPSHR: case ELARA_OPBNOT: {
      ElInt i1, i2, r;
      if (!el_object_tointegerns (p1, &i1, EL_F2IEQ)
          || !el_object_tointegerns (p2, &i2, EL_F2IEQ))
        return 0;
      if (!obj_intarith (op, i1, i2, &r))
        return 0;
      setivalue (res, r);
      return 1;
    }
    case ELARA_OPDIV: case ELARA_OPPOW: {
      setfltvalue (res, obj_numarith (op, nvalue (p1), nvalue (p2)));
      return 1;
    }
    case ELARA_OPADD: case ELARA_OPSUB: case ELARA_OPMUL:
    case ELARA_OPMOD: case ELARA_OPIDIV: case ELARA_OPUNM: {
      if (ttisinteger (p1) && ttisinteger (p2)) {
        ElInt r;
        if (!obj_intarith (op, ivalue (p1), ivalue (p2), &r))
          return 0;
        setivalue (res, r);
      }
      else
        setfltvalue (res, obj_numarith (op, nvalue (p1), nvalue (p2)));
      return 1;
    }
    default:
      return 0;
  }
}

/* -- UTF-8 and chunk ids ----------------------------------------------------- */

int
el_object_utf8esc (char *buff, unsigned long x)
{
  int n = 1;
  el_assert (x <= 0x7FFFFFFFu);
  if (x < 0x80) {
    buff[7] = (char) x;
    return 1;
  }
  /* 'room' is the largest payload the lead byte can still hold: it loses
  ** one bit for every continuation byte added */
  unsigned long room = 0x3f;
  do {
    buff[8 - n] = (char) (0x80 | (x & 0x3f));
    n++;
    x >>= 6;
    room >>= 1;
  } while (x > room);
  buff[8 - n] = (char) ((~room << 1) | x);
  return n;
}

void
el_object_chunkid (char *out, const char *source, size_t srclen)
{
  static const char dots[] = "...";
  static const char pre[] = "[string \"";
  static const char post[] = "\"]";
  size_t room = EL_IDSIZE;
  if (*source == '=') {
    /* literal name: everything after '=', cut to fit */
    if (srclen <= room)
      memcpy (out, source + 1, srclen);   /* includes the final '\0' */
    else {
      memcpy (out, source + 1, room - 1);
      out[room - 1] = '\0';
    }
  }
  else if (*source == '@') {
    /* file name: keep its end, which is the informative part */
    if (srclen <= room)
      memcpy (out, source + 1, srclen);
    else {
      memcpy (out, dots, 3);
      room -= 3;
      memcpy (out + 3, source + 1 + srclen - room, room);
    }
  }
  else {
    /* source text: its first line, as [string "..."] */
    const char *nl = strchr (source, '\n');
    char *p = out;
    memcpy (p, pre, sizeof pre - 1);
    p += sizeof pre - 1;
    room -= (sizeof pre - 1) + 3 + (sizeof post - 1) + 1;
    if (srclen < room && nl == NULL) {
      memcpy (p, source, srclen);
      p += srclen;
    }
    else {
      if (nl != NULL)
        srclen = (size_t) (nl - source);
      if (srclen > room)
        srclen = room;
      memcpy (p, source, srclen);
      p += srclen;
      memcpy (p, dots, 3);
      p += 3;
    }
    memcpy (p, post, sizeof post);
  }
}

/* -- Formatting ------------------------------------------------------------ */

/* Pieces are built in a local buffer; when it fills up the piece is pushed
** as a string and a new one begins, so nothing allocated outside the
** collector can leak if an allocation raises. */
#define FS_BUFSZ  200

typedef struct FmtBuf {
  ElaraState *L;
  int pushed;               /* pieces already on the stack */
  size_t n;
  char buf[FS_BUFSZ];
} FmtBuf;

static void
obj_pushpiece (FmtBuf *b, const char *s, size_t l)
{
  ElaraState *L = b->L;
  TString *ts = el_str_newlstr (L, s, l);
  setsvalue (L, s2v (L->top), ts);
  el_call_inctop (L);
  b->pushed++;
}

static void
obj_addstr (FmtBuf *b, const char *s, size_t l)
{
  if (l <= FS_BUFSZ - b->n) {
    memcpy (b->buf + b->n, s, l);
    b->n += l;
    return;
  }
  /* flush, then put long strings straight onto the stack */
  if (b->n > 0) {
    obj_pushpiece (b, b->buf, b->n);
    b->n = 0;
  }
  if (l <= FS_BUFSZ) {
    memcpy (b->buf, s, l);
    b->n = l;
  }
  else
    obj_pushpiece (b, s, l);
}

static void
obj_addnum (FmtBuf *b, const TValue *num)
{
  char tmp[EL_N2SBUFFSZ];
  int len = el_object_num2str (num, tmp);
  obj_addstr (b, tmp, (size_t) len);
}

/* Join the pieces on the stack into one string left in the first slot. */
static const char *
obj_finish (FmtBuf *b)
{
  ElaraState *L = b->L;
  if (b->pushed == 0) {
    obj_pushpiece (b, b->buf, b->n);
    return getstr (tsvalue (s2v (L->top - 1)));
  }
  if (b->n > 0)
    obj_pushpiece (b, b->buf, b->n);
  if (b->pushed > 1) {
    StkId first = L->top - b->pushed;
    size_t total = 0;
    int i;
    for (i = 0; i < b->pushed; i++)
      total += tsslen (tsvalue (s2v (first + i)));
    /* every piece but the last filled a buffer, so total > EL_MAXSHORTLEN */
    TString *ts = el_str_createlngstrobj (L, total);
    first = L->top - b->pushed;        /* (the stack did not move) */
    char *p = getstr (ts);
    for (i = 0; i < b->pushed; i++) {
      TString *piece = tsvalue (s2v (first + i));
      memcpy (p, getstr (piece), tsslen (piece));
      p += tsslen (piece);
    }
    setsvalue (L, s2v (first), ts);
    L->top = first + 1;
  }
  return getstr (tsvalue (s2v (L->top - 1)));
}

const char *
el_object_pushvfstring (ElaraState *L, const char *fmt, va_list argp)
{
  FmtBuf b;
  const char *e;
  b.L = L;
  b.pushed = 0;
  b.n = 0;
  while ((e = strchr (fmt, '%')) != NULL) {
    obj_addstr (&b, fmt, (size_t) (e - fmt));
    if (e[1] == '\0') {       /* a lone '%' ends the format */
      obj_addstr (&b, "%", 1);
      fmt = e + 1;
      break;
    }
    switch (e[1]) {
      case 's': {
        const char *s = va_arg (argp, const char *);
        if (s == NULL)
          s = "(null)";
        obj_addstr (&b, s, strlen (s));
        break;
      }
      case 'c': {
        char c = (char) va_arg (argp, int);
        obj_addstr (&b, &c, 1);
        break;
      }
      case 'd': {
        TValue num;
        setivalue (&num, va_arg (argp, int));
        obj_addnum (&b, &num);
        break;
      }
      case 'I': {
        TValue num;
        setivalue (&num, va_arg (argp, ElInt));
        obj_addnum (&b, &num);
        break;
      }
      case 'f': {
        TValue num;
        setfltvalue (&num, (ElNum) va_arg (argp, double));
        obj_addnum (&b, &num);
        break;
      }
      case 'p': {
        char tmp[EL_N2SBUFFSZ];
        void *p = va_arg (argp, void *);
        int len = snprintf (tmp, sizeof tmp, "%p", p);
        obj_addstr (&b, tmp, (size_t) len);
        break;
      }
      case 'U': {
        char tmp[8];
        unsigned long x = va_arg (argp, unsigned long);
        int len = el_object_utf8esc (tmp, x);
        obj_addstr (&b, tmp + 8 - len, (size_t) len);
        break;
      }
      case '%':
        obj_addstr (&b, "%", 1);
        break;
      default:
        /* unknown directive: keep it verbatim */
        obj_addstr (&b, e, 2);
        break;
    }
    fmt = e + 2;
  }
  obj_addstr (&b, fmt, strlen (fmt));
  return obj_finish (&b);
}

const char *
el_object_pushfstring (ElaraState *L, const char *fmt, ...)
{
  const char *msg;
  va_list argp;
  va_start (argp, fmt);
  msg = el_object_pushvfstring (L, fmt, argp);
  va_end (argp);
  return msg;
}
