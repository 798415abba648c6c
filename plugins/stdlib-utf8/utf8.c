/*
** utf8.c: the utf8 library (char, charpattern, codes, codepoint, len,
** offset)
** SPDX-License-Identifier: MIT
**
** A library plugin: it reaches the core only through the ElaraHost vtable
** received in utf8_init (one host per process, kept in a static).
**
** Two decoding modes: strict accepts only Unicode scalar values (at most
** U+10FFFF, no surrogates); lax accepts the original UTF-8 design, up to
** six bytes and 0x7FFFFFFF.  Both reject overlong forms.
*/
#include "config.h"

#include <limits.h>
#include <stdint.h>

#include "elara/elara-plugin.h"

static const ElaraHost *host;

#define UTF8_MAXUNICODE  0x10FFFFu
#define UTF8_MAXLAX      0x7FFFFFFFu
#define UTF8_INVALID     "invalid UTF-8 code"
/* one character: a lead byte (or ASCII) and its continuation bytes */
#define UTF8_PATTERN     "[\0-\x7F\xC2-\xFD][\x80-\xBF]*"

static void
utf8_argcheck (ElaraState *L, int cond, int arg, const char *msg)
{
  if (!cond)
    host->argerror (L, arg, msg);
}

static int
utf8_iscont (unsigned char c)
{
  return (c & 0xC0) == 0x80;
}

/* Is s[i] a continuation byte?  Positions at or past the end are not,
** which lets scans stop at the end without a separate test. */
static int
utf8_iscontat (const char *s, size_t len, size_t i)
{
  return i < len && utf8_iscont ((unsigned char) s[i]);
}

/* Relative string position: negative counts from the end (-1 is the last
** byte); positions before the start become 0. */
static ElaraInteger
utf8_posrelat (ElaraInteger pos, size_t len)
{
  if (pos >= 0)
    return pos;
  else if (0u - (ElaraUnsigned) pos > len)
    return 0;
  else
    return (ElaraInteger) len + pos + 1;
}

/* Decode the sequence starting at s[i] (i < len).  Returns its length in
** bytes and stores the code point in *code, or returns 0 when the bytes
** are not a valid sequence in the requested mode. */
static size_t
utf8_decode (const char *s, size_t len, size_t i, uint32_t *code,
             int strict)
{
  /* smallest code point that needs n continuation bytes: anything below
  ** is an overlong form */
  static const uint32_t minimum[] = {
    0, 0x80, 0x800, 0x10000u, 0x200000u, 0x4000000u
  };
  unsigned char lead = (unsigned char) s[i];
  uint32_t cp;
  size_t ncont, k;
  if (lead < 0x80) {
    *code = lead;
    return 1;
  }
  /* the count of leading 1 bits gives the length: 110xxxxx has one
  ** continuation byte ... 1111110x has five; 10xxxxxx and 11111110 or
  ** 11111111 cannot start a sequence */
  if (lead < 0xC0 || lead >= 0xFE)
    return 0;
  for (ncont = 1; lead & (0x40 >> ncont); ncont++)
    ;
  cp = lead & (0x3Fu >> ncont);
  for (k = 1; k <= ncont; k++) {
    if (!utf8_iscontat (s, len, i + k))
      return 0;
    cp = (cp << 6) | ((unsigned char) s[i + k] & 0x3F);
  }
  if (cp < minimum[ncont] || cp > UTF8_MAXLAX)
    return 0;
  if (strict && (cp > UTF8_MAXUNICODE || (cp >= 0xD800u && cp <= 0xDFFFu)))
    return 0;
  *code = cp;
  return ncont + 1;
}

/* Encode 'cp' (at most 0x7FFFFFFF) into 'buf'; returns the length. */
static size_t
utf8_encode (char *buf, uint32_t cp)
{
  unsigned char tmp[6];
  size_t n = 0, i;
  uint32_t room = 0x3F;   /* payload bits that still fit in the lead byte */
  if (cp < 0x80) {
    buf[0] = (char) cp;
    return 1;
  }
  /* emit continuation bytes from the end until the rest fits in the
  ** lead byte, whose free bits shrink by one per continuation byte (at
  ** most 5 for 31 bits: the bound only tells the compiler so) */
  while (cp > room && n < sizeof tmp - 1) {
    tmp[n++] = (unsigned char) (0x80 | (cp & 0x3F));
    cp >>= 6;
    room >>= 1;
  }
  buf[0] = (char) ((~room << 1) | cp);
  for (i = 0; i < n; i++)
    buf[1 + i] = (char) tmp[n - 1 - i];
  return n + 1;
}

/* -- Library functions ----------------------------------------------------- */

static int
utf8_char (ElaraState *L)
{
  int n = host->gettop (L);
  int i;
  ElaraBuffer b;
  host->buffinit (L, &b);
  for (i = 1; i <= n; i++) {
    ElaraUnsigned cp = (ElaraUnsigned) host->checkinteger (L, i);
    char seq[6];
    utf8_argcheck (L, cp <= UTF8_MAXLAX, i, "value out of range");
    host->addlstring (&b, seq, utf8_encode (seq, (uint32_t) cp));
  }
  host->pushresult (&b);
  return 1;
}

/* len(s [, i [, j [, lax]]]): the number of characters starting in
** [i, j], or fail and the position of the first invalid byte. */
static int
utf8_len (ElaraState *L)
{
  size_t len;
  const char *s = host->checklstring (L, 1, &len);
  ElaraInteger i = utf8_posrelat (host->optinteger (L, 2, 1), len);
  ElaraInteger j = utf8_posrelat (host->optinteger (L, 3, -1), len);
  int strict = !host->toboolean (L, 4);
  ElaraInteger count = 0;
  /* i may be len + 1 (an empty tail); j at most len */
  utf8_argcheck (L, i >= 1 && i - 1 <= (ElaraInteger) len, 2,
                 "initial position out of bounds");
  utf8_argcheck (L, j <= (ElaraInteger) len, 3,
                 "final position out of bounds");
  /* work with 0-based offsets from here on */
  for (i--; i < j; count++) {
    uint32_t cp;
    size_t step = utf8_decode (s, len, (size_t) i, &cp, strict);
    if (step == 0) {
      host->pushnil (L);
      host->pushinteger (L, i + 1);
      return 2;
    }
    i += (ElaraInteger) step;
  }
  host->pushinteger (L, count);
  return 1;
}

/* codepoint(s [, i [, j [, lax]]]): the code points of all characters
** that start in [i, j]. */
static int
utf8_codepoint (ElaraState *L)
{
  size_t len;
  const char *s = host->checklstring (L, 1, &len);
  ElaraInteger i = utf8_posrelat (host->optinteger (L, 2, 1), len);
  ElaraInteger j = utf8_posrelat (host->optinteger (L, 3, i), len);
  int strict = !host->toboolean (L, 4);
  int nres = 0;
  utf8_argcheck (L, i >= 1, 2, "out of bounds");
  utf8_argcheck (L, j <= (ElaraInteger) len, 3, "out of bounds");
  if (i > j)
    return 0;
  if (j - i >= INT_MAX)
    return host->errorf (L, "string slice too long");
  /* every byte could be a character */
  host->checkstack_ (L, (int) (j - i) + 1, "string slice too long");
  for (i--; i < j; nres++) {
    uint32_t cp;
    size_t step = utf8_decode (s, len, (size_t) i, &cp, strict);
    if (step == 0)
      return host->errorf (L, UTF8_INVALID);
    host->pushinteger (L, cp);
    i += (ElaraInteger) step;
  }
  return nres;
}

/* offset(s, n [, i]): the first and last byte of the n-th character
** counted from the one at byte i (n > 0 forwards, n < 0 backwards, n == 0
** the character containing byte i); fail when there is no such
** character.  The position just past the end counts as a character. */
static int
utf8_offset (ElaraState *L)
{
  size_t len;
  const char *s = host->checklstring (L, 1, &len);
  ElaraInteger n = host->checkinteger (L, 2);
  ElaraInteger pos = n >= 0 ? 1 : (ElaraInteger) len + 1;
  size_t p;
  pos = utf8_posrelat (host->optinteger (L, 3, pos), len);
  utf8_argcheck (L, pos >= 1 && pos - 1 <= (ElaraInteger) len, 3,
                 "position out of bounds");
  p = (size_t) (pos - 1);
  if (n == 0) {
    while (p > 0 && utf8_iscontat (s, len, p))
      p--;
  }
  else {
    if (utf8_iscontat (s, len, p))
      return host->errorf (L, "initial position is a continuation byte");
    if (n < 0) {
      for (; n < 0 && p > 0; n++) {
        do
          p--;
        while (p > 0 && utf8_iscontat (s, len, p));
      }
    }
    else {
      /* the first character is the one at p itself */
      for (n--; n > 0 && p < len; n--) {
        do
          p++;
        while (utf8_iscontat (s, len, p));
      }
    }
  }
  if (n != 0) {
    host->pushnil (L);
    return 1;
  }
  host->pushinteger (L, (ElaraInteger) p + 1);
  /* n == 0 may have stopped on a stray continuation byte at offset 0 */
  if (utf8_iscontat (s, len, p))
    return host->errorf (L, "initial position is a continuation byte");
  if (p < len && ((unsigned char) s[p] & 0x80))
    while (utf8_iscontat (s, len, p + 1))
      p++;
  host->pushinteger (L, (ElaraInteger) p + 1);
  return 2;
}

/* The iterator of codes: the control value is the byte position of the
** previous character (0 before the first).  It skips that character's
** continuation bytes, then decodes the next one, which must not be
** followed by a stray continuation byte. */
static int
utf8_codes_step (ElaraState *L, int strict)
{
  size_t len;
  const char *s = host->checklstring (L, 1, &len);
  ElaraUnsigned p = (ElaraUnsigned) host->tointegerx (L, 2, NULL);
  uint32_t cp;
  size_t step;
  while (p < len && utf8_iscontat (s, len, (size_t) p))
    p++;
  if (p >= len)
    return 0;
  step = utf8_decode (s, len, (size_t) p, &cp, strict);
  if (step == 0 || utf8_iscontat (s, len, (size_t) p + step))
    return host->errorf (L, UTF8_INVALID);
  host->pushinteger (L, (ElaraInteger) p + 1);
  host->pushinteger (L, cp);
  return 2;
}

static int
utf8_codes_strict (ElaraState *L)
{
  return utf8_codes_step (L, 1);
}

static int
utf8_codes_lax (ElaraState *L)
{
  return utf8_codes_step (L, 0);
}

static int
utf8_codes (ElaraState *L)
{
  int lax = host->toboolean (L, 2);
  size_t len;
  const char *s = host->checklstring (L, 1, &len);
  utf8_argcheck (L, !utf8_iscontat (s, len, 0), 1, UTF8_INVALID);
  host->pushcclosure (L, lax ? utf8_codes_lax : utf8_codes_strict, 0);
  host->pushvalue (L, 1);
  host->pushinteger (L, 0);
  return 3;
}

/* -- Registration ---------------------------------------------------------- */

static const ElaraLibReg utf8_funcs[] = {
  { "char", utf8_char },
  { "codepoint", utf8_codepoint },
  { "codes", utf8_codes },
  { "len", utf8_len },
  { "offset", utf8_offset },
  { NULL, NULL }
};

static int
utf8_init (ElaraState *L, const ElaraHost *h)
{
  host = h;
  host->register_lib (L, "utf8", utf8_funcs, 1);
  /* sizeof - 1: the pattern contains a NUL byte */
  host->pushlstring (L, UTF8_PATTERN, sizeof UTF8_PATTERN - 1);
  host->setfield (L, -2, "charpattern");
  host->settop (L, -2);
  return 0;
}

static const char *const utf8_provides[] = { "utf8", NULL };
static const char *const utf8_depends[] = { NULL };

static const ElaraPluginDesc utf8_desc = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraPluginDesc),
  .kind = ELARA_PLUGIN_KIND_LIBRARY,
  .name = "utf8",
  .version = "0.1.0",
  .description = "UTF-8 support (char, codes, codepoint, len, offset)",
  .provides = utf8_provides,
  .depends = utf8_depends,
  .build_id = NULL,
  .init = utf8_init,
  .load = NULL,
  .ops = NULL,
};

ELARA_PLUGIN_DEFINE (utf8, &utf8_desc)
