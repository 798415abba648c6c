/*
** pack.c: string.pack, string.packsize and string.unpack
** SPDX-License-Identifier: MIT
**
** A format is read one option at a time; each option has a kind, a size
** and an alignment need (manual 6.4.2).  Integers are assembled byte by
** byte, so every size from 1 to 16 and both byte orders work on any host.
*/
#include "config.h"

#include "strlib.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

/* Widest integer option ("i16"). */
#define PACK_MAXINTSIZE 16

/* Byte used for padding and alignment. */
#define PACK_PADBYTE 0x00

#define PACK_INTSIZE ((int) sizeof (ElaraInteger))

/* The native alignment limit '!' uses without a number: the strictest
** alignment among the scalar types (what a union of them needs). */
typedef struct PackAlignProbe {
  char c;
  union { ElaraNumber n; double u; void *s; ElaraInteger i; long l; } u;
} PackAlignProbe;
#define PACK_NATIVEALIGN offsetof (PackAlignProbe, u)

typedef enum {
  PACK_INT,       /* signed integer */
  PACK_UINT,      /* unsigned integer */
  PACK_FLOAT,     /* C float */
  PACK_NUMBER,    /* Lua float */
  PACK_DOUBLE,    /* C double */
  PACK_CHAR,      /* fixed-size string */
  PACK_STRING,    /* string preceded by its length */
  PACK_ZSTR,      /* zero-terminated string */
  PACK_PADDING,   /* one padding byte */
  PACK_ALIGN,     /* padding up to an alignment */
  PACK_NOP        /* settings and spaces */
} PackKind;

typedef struct PackHeader {
  ElaraState *L;
  int little;         /* byte order in effect */
  size_t maxalign;    /* largest alignment honoured */
} PackHeader;

static int
pack_nativelittle (void)
{
  const uint16_t one = 1;
  return *(const unsigned char *) &one == 1;
}

static void
pack_initheader (ElaraState *L, PackHeader *h)
{
  h->L = L;
  h->little = pack_nativelittle ();
  h->maxalign = 1;
}

/* -- Reading options ------------------------------------------------------- */

/* A decimal number at *fmt, or 'def' when there is none.  Stops before it
** could overflow. */
static size_t
pack_getnum (const char **fmt, size_t def)
{
  size_t n = 0;
  if (**fmt < '0' || **fmt > '9')
    return def;
  do {
    n = n * 10 + (size_t) (*(*fmt)++ - '0');
  } while (**fmt >= '0' && **fmt <= '9' && n <= (STR_MAXSIZE - 9) / 10);
  return n;
}

/* An integer size: a number in [1, PACK_MAXINTSIZE], default 'def'. */
static size_t
pack_getsize (PackHeader *h, const char **fmt, size_t def)
{
  size_t n = pack_getnum (fmt, def);
  if (n - 1 >= PACK_MAXINTSIZE)
    host->errorf (h->L, "integral size (%d) out of limits [1,%d]", (int) n,
                  PACK_MAXINTSIZE);
  return n;
}

/* Read one option: its kind, and its size in *size. */
static PackKind
pack_option (PackHeader *h, const char **fmt, size_t *size)
{
  int opt = *(*fmt)++;
  *size = 0;
  switch (opt) {
    case 'b': *size = sizeof (char); return PACK_INT;
    case 'B': *size = sizeof (char); return PACK_UINT;
    case 'h': *size = sizeof (short); return PACK_INT;
    case 'H': *size = sizeof (short); return PACK_UINT;
    case 'l': *size = sizeof (long); return PACK_INT;
    case 'L': *size = sizeof (long); return PACK_UINT;
    case 'j': *size = sizeof (ElaraInteger); return PACK_INT;
    case 'J': *size = sizeof (ElaraInteger); return PACK_UINT;
    case 'T': *size = sizeof (size_t); return PACK_UINT;
    case 'f': *size = sizeof (float); return PACK_FLOAT;
    case 'n': *size = sizeof (ElaraNumber); return PACK_NUMBER;
    case 'd': *size = sizeof (double); return PACK_DOUBLE;
    case 'i': *size = pack_getsize (h, fmt, sizeof (int)); return PACK_INT;
    case 'I': *size = pack_getsize (h, fmt, sizeof (int)); return PACK_UINT;
    case 's':
      *size = pack_getsize (h, fmt, sizeof (size_t));
      return PACK_STRING;
    case 'c':
      *size = pack_getnum (fmt, (size_t) -1);
      if (*size == (size_t) -1)
        host->errorf (h->L, "missing size for format option 'c'");
      return PACK_CHAR;
    case 'z': return PACK_ZSTR;
    case 'x': *size = 1; return PACK_PADDING;
    case 'X': return PACK_ALIGN;
    case ' ': return PACK_NOP;
    case '<': h->little = 1; return PACK_NOP;
    case '>': h->little = 0; return PACK_NOP;
    case '=': h->little = pack_nativelittle (); return PACK_NOP;
    case '!': h->maxalign = pack_getsize (h, fmt, PACK_NATIVEALIGN);
      return PACK_NOP;
    default:
      host->errorf (h->L, "invalid format option '%c'", opt);
      return PACK_NOP;
  }
}

/* Read one option and compute the padding (*pad) that aligns it after
** 'total' bytes.  An option aligns to its own size, capped by maxalign;
** 'X' aligns to the size of the option after it, which it consumes. */
static PackKind
pack_next (PackHeader *h, size_t total, const char **fmt, size_t *size,
           size_t *pad)
{
  PackKind kind = pack_option (h, fmt, size);
  size_t align = *size;
  if (kind == PACK_ALIGN) {
    if (**fmt == '\0' || pack_option (h, fmt, &align) == PACK_CHAR
        || align == 0)
      host->argerror (h->L, 1, "invalid next option for option 'X'");
  }
  *pad = 0;
  if (align <= 1 || kind == PACK_CHAR)
    return kind;
  if (align > h->maxalign)
    align = h->maxalign;
  if ((align & (align - 1)) != 0)
    host->argerror (h->L, 1, "format asks for alignment not power of 2");
  *pad = (align - (total & (align - 1))) & (align - 1);
  return kind;
}

/* -- Integers -------------------------------------------------------------- */

/* Write the low 'size' bytes of n; beyond the width of a Lua integer the
** bytes repeat its sign. */
static void
pack_int (ElaraBuffer *b, ElaraUnsigned n, int little, size_t size, int neg)
{
  char *p = host->prepbuffsize (b, size);
  size_t i;
  for (i = 0; i < size; i++) {
    unsigned char byte;
    if (i < (size_t) PACK_INTSIZE)
      byte = (unsigned char) (n >> (8 * i));
    else
      byte = neg ? 0xff : 0x00;
    p[little ? i : size - 1 - i] = (char) byte;
  }
  str_addsize (b, size);
}

/* Read a 'size'-byte integer.  Narrower ones are sign-extended when
** signed; wider ones must be a plain sign extension of 64 bits. */
static ElaraInteger
pack_readint (ElaraState *L, const char *str, int little, size_t size,
              int issigned)
{
  ElaraUnsigned res = 0;
  size_t used = size <= (size_t) PACK_INTSIZE ? size : (size_t) PACK_INTSIZE;
  size_t i;
  for (i = used; i-- > 0;)
    res = (res << 8) | (unsigned char) str[little ? i : size - 1 - i];
  if (size < (size_t) PACK_INTSIZE) {
    if (issigned) {
      ElaraUnsigned sign = (ElaraUnsigned) 1 << (size * 8 - 1);
      res = (res ^ sign) - sign;
    }
  }
  else if (size > (size_t) PACK_INTSIZE) {
    unsigned char ext = (issigned && (ElaraInteger) res < 0) ? 0xff : 0x00;
    for (i = used; i < size; i++)
      if ((unsigned char) str[little ? i : size - 1 - i] != ext)
        host->errorf (L, "%d-byte integer does not fit into Lua Integer",
                      (int) size);
  }
  return (ElaraInteger) res;
}

/* Copy 'size' bytes, reversed when the requested order is not native. */
static void
pack_copy (char *dst, const char *src, size_t size, int little)
{
  size_t i;
  if (little == pack_nativelittle ())
    memcpy (dst, src, size);
  else
    for (i = 0; i < size; i++)
      dst[i] = src[size - 1 - i];
}

/* -- string.pack ----------------------------------------------------------- */

static void
pack_padding (ElaraBuffer *b, size_t n)
{
  char *p = host->prepbuffsize (b, n);
  memset (p, PACK_PADBYTE, n);
  str_addsize (b, n);
}

int
str_pack (ElaraState *L)
{
  ElaraBuffer b;
  PackHeader h;
  const char *fmt = host->checklstring (L, 1, NULL);
  int arg = 1;
  size_t total = 0;
  pack_initheader (L, &h);
  /* a nil after the arguments: a missing one reads as nil, never as the
  ** buffer's slot */
  host->pushnil (L);
  host->buffinit (L, &b);
  while (*fmt != '\0') {
    size_t size, pad;
    PackKind kind = pack_next (&h, total, &fmt, &size, &pad);
    str_argcheck (L, size + pad <= STR_MAXSIZE - total, arg,
                  "result too long");
    total += pad + size;
    pack_padding (&b, pad);
    arg++;
    switch (kind) {
      case PACK_INT: {
        ElaraInteger n = host->checkinteger (L, arg);
        if (size < (size_t) PACK_INTSIZE) {
          ElaraInteger lim = (ElaraInteger) 1 << (size * 8 - 1);
          str_argcheck (L, -lim <= n && n < lim, arg, "integer overflow");
        }
        pack_int (&b, (ElaraUnsigned) n, h.little, size, n < 0);
        break;
      }
      case PACK_UINT: {
        ElaraInteger n = host->checkinteger (L, arg);
        if (size < (size_t) PACK_INTSIZE)
          str_argcheck (L, (ElaraUnsigned) n < (ElaraUnsigned) 1 << (size * 8),
                        arg, "unsigned overflow");
        pack_int (&b, (ElaraUnsigned) n, h.little, size, 0);
        break;
      }
      case PACK_FLOAT: {
        float f = (float) host->checknumber (L, arg);
        pack_copy (host->prepbuffsize (&b, size), (const char *) &f, size,
                   h.little);
        str_addsize (&b, size);
        break;
      }
      case PACK_NUMBER:
      case PACK_DOUBLE: {
        double d = (double) host->checknumber (L, arg);
        pack_copy (host->prepbuffsize (&b, size), (const char *) &d, size,
                   h.little);
        str_addsize (&b, size);
        break;
      }
      case PACK_CHAR: {
        size_t len;
        const char *s = host->checklstring (L, arg, &len);
        str_argcheck (L, len <= size, arg, "string longer than given size");
        host->addlstring (&b, s, len);
        pack_padding (&b, size - len);
        break;
      }
      case PACK_STRING: {
        size_t len;
        const char *s = host->checklstring (L, arg, &len);
        str_argcheck (L, size >= sizeof (ElaraUnsigned)
                         || len < (ElaraUnsigned) 1 << (size * 8),
                      arg, "string length does not fit in given size");
        pack_int (&b, (ElaraUnsigned) len, h.little, size, 0);
        host->addlstring (&b, s, len);
        total += len;
        break;
      }
      case PACK_ZSTR: {
        size_t len;
        const char *s = host->checklstring (L, arg, &len);
        str_argcheck (L, strlen (s) == len, arg, "string contains zeros");
        host->addlstring (&b, s, len);
        str_addchar (&b, '\0');
        total += len + 1;
        break;
      }
      case PACK_PADDING:
        str_addchar (&b, PACK_PADBYTE);
        arg--;
        break;
      case PACK_ALIGN:
      case PACK_NOP:
        arg--;   /* these consume no argument */
        break;
    }
  }
  host->pushresult (&b);
  return 1;
}

int
str_packsize (ElaraState *L)
{
  PackHeader h;
  const char *fmt = host->checklstring (L, 1, NULL);
  size_t total = 0;
  pack_initheader (L, &h);
  while (*fmt != '\0') {
    size_t size, pad;
    PackKind kind = pack_next (&h, total, &fmt, &size, &pad);
    str_argcheck (L, kind != PACK_STRING && kind != PACK_ZSTR, 1,
                  "variable-length format");
    size += pad;
    str_argcheck (L, total <= (size_t) INT64_MAX - size, 1,
                  "format result too large");
    total += size;
  }
  host->pushinteger (L, (ElaraInteger) total);
  return 1;
}

/* -- string.unpack --------------------------------------------------------- */

int
str_unpack (ElaraState *L)
{
  PackHeader h;
  const char *fmt = host->checklstring (L, 1, NULL);
  size_t ld;
  const char *data = host->checklstring (L, 2, &ld);
  size_t pos = str_posrelat (host->optinteger (L, 3, 1), ld) - 1;
  int n = 0;
  str_argcheck (L, pos <= ld, 3, "initial position out of string");
  pack_initheader (L, &h);
  while (*fmt != '\0') {
    size_t size, pad;
    PackKind kind = pack_next (&h, pos, &fmt, &size, &pad);
    str_argcheck (L, pad + size <= ld - pos, 2, "data string too short");
    pos += pad;
    host->checkstack_ (L, 2, "too many results");
    n++;
    switch (kind) {
      case PACK_INT:
      case PACK_UINT:
        host->pushinteger (L, pack_readint (L, data + pos, h.little, size,
                                            kind == PACK_INT));
        break;
      case PACK_FLOAT: {
        float f;
        pack_copy ((char *) &f, data + pos, size, h.little);
        host->pushnumber (L, (ElaraNumber) f);
        break;
      }
      case PACK_NUMBER:
      case PACK_DOUBLE: {
        double d;
        pack_copy ((char *) &d, data + pos, size, h.little);
        host->pushnumber (L, (ElaraNumber) d);
        break;
      }
      case PACK_CHAR:
        host->pushlstring (L, data + pos, size);
        break;
      case PACK_STRING: {
        ElaraUnsigned len = (ElaraUnsigned) pack_readint (L, data + pos,
                                                          h.little, size, 0);
        str_argcheck (L, len <= ld - pos - size, 2, "data string too short");
        host->pushlstring (L, data + pos + size, (size_t) len);
        pos += (size_t) len;
        break;
      }
      case PACK_ZSTR: {
        size_t len = strlen (data + pos);
        str_argcheck (L, pos + len < ld, 2,
                      "unfinished string for format 'z'");
        host->pushlstring (L, data + pos, len);
        pos += len + 1;
        break;
      }
      case PACK_PADDING:
      case PACK_ALIGN:
      case PACK_NOP:
        n--;
        break;
    }
    pos += size;
  }
  host->pushinteger (L, (ElaraInteger) pos + 1);
  return n + 1;
}
