/*
** string.c: the string library: simple functions, the string metatable
** and the plugin's registration
** SPDX-License-Identifier: MIT
**
** A library plugin: it reaches the core only through the ElaraHost vtable
** received in str_init (one host per process, kept in str_host).
*/
#include "config.h"

#include "strlib.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

const ElaraHost *str_host;

/* An end position, negative counting from the end, clipped to [0, len]. */
static size_t
str_endpos (ElaraInteger pos, size_t len)
{
  if (pos > (ElaraInteger) len)
    return len;
  else if (pos >= 0)
    return (size_t) pos;
  else if (pos < -(ElaraInteger) len)
    return 0;
  else
    return len + (size_t) pos + 1;
}

/* -- Simple functions ------------------------------------------------------ */

static int
str_len (ElaraState *L)
{
  size_t l;
  host->checklstring (L, 1, &l);
  host->pushinteger (L, (ElaraInteger) l);
  return 1;
}

static int
str_sub (ElaraState *L)
{
  size_t l;
  const char *s = host->checklstring (L, 1, &l);
  size_t start = str_posrelat (host->checkinteger (L, 2), l);
  /* (optinteger reads a present or absent argument from the frame: one
  ** call, no gettop) */
  size_t end = str_endpos (host->optinteger (L, 3, -1), l);
  if (start <= end)
    host->pushlstring (L, s + start - 1, end - start + 1);
  else
    host->pushlstring (L, "", 0);
  return 1;
}

/* reverse, lower and upper: one byte in, one byte out. */
static int
str_mapbytes (ElaraState *L, int (*map) (int))
{
  size_t l, i;
  ElaraBuffer b;
  const char *s = host->checklstring (L, 1, &l);
  char *p = host->buffinitsize (L, &b, l);
  for (i = 0; i < l; i++) {
    if (map == NULL)
      p[i] = s[l - 1 - i];
    else
      p[i] = (char) map ((unsigned char) s[i]);
  }
  host->pushresultsize (&b, l);
  return 1;
}

static int
str_reverse (ElaraState *L)
{
  return str_mapbytes (L, NULL);
}

static int
str_lower (ElaraState *L)
{
  return str_mapbytes (L, tolower);
}

static int
str_upper (ElaraState *L)
{
  return str_mapbytes (L, toupper);
}

static int
str_rep (ElaraState *L)
{
  size_t len, lsep, total;
  const char *s = host->checklstring (L, 1, &len);
  ElaraInteger n = host->checkinteger (L, 2);
  const char *sep = host->optlstring (L, 3, "", &lsep);
  ElaraBuffer b;
  char *p;
  if (n <= 0) {
    host->pushlstring (L, "", 0);
    return 1;
  }
  /* n copies and n-1 separators must fit in STR_MAXSIZE */
  if (len > STR_MAXSIZE - lsep
      || (ElaraInteger) (len + lsep) > (ElaraInteger) STR_MAXSIZE / n)
    return host->errorf (L, "resulting string too large");
  total = (size_t) n * (len + lsep) - lsep;
  p = host->buffinitsize (L, &b, total);
  for (; n > 1; n--) {
    memcpy (p, s, len);
    p += len;
    if (lsep > 0) {
      memcpy (p, sep, lsep);
      p += lsep;
    }
  }
  memcpy (p, s, len);
  host->pushresultsize (&b, total);
  return 1;
}

static int
str_byte (ElaraState *L)
{
  size_t l, posi, pose;
  int top = host->gettop (L);
  const char *s = host->checklstring (L, 1, &l);
  ElaraInteger pi = str_optint (L, top, 2, 1);
  int n, i;
  posi = str_posrelat (pi, l);
  pose = str_endpos (str_optint (L, top, 3, pi), l);
  if (posi > pose)
    return 0;
  if (pose - posi >= (size_t) INT_MAX)
    return host->errorf (L, "string slice too long");
  n = (int) (pose - posi) + 1;
  /* a C function has ELARA_MINSTACK free slots to begin with */
  if (n > ELARA_MINSTACK - 2)
    host->checkstack_ (L, n, "string slice too long");
  for (i = 0; i < n; i++)
    host->pushinteger (L, (unsigned char) s[posi - 1 + (size_t) i]);
  return n;
}

static int
str_char (ElaraState *L)
{
  int n = host->gettop (L);
  int i;
  ElaraBuffer b;
  char *p = host->buffinitsize (L, &b, (size_t) n);
  for (i = 1; i <= n; i++) {
    ElaraUnsigned c = (ElaraUnsigned) host->checkinteger (L, i);
    str_argcheck (L, c <= UCHAR_MAX, i, "value out of range");
    p[i - 1] = (char) (unsigned char) c;
  }
  host->pushresultsize (&b, (size_t) n);
  return 1;
}

/* -- dump --------------------------------------------------------------------
** The buffer is opened on the first write, not before host->dump: dump
** wants the function on the top, and buffinit pushes a placeholder. */

typedef struct StrDumpState {
  int started;
  ElaraBuffer b;
} StrDumpState;

/* The dump slot restores the stack top when it returns, so the buffer (which
** lives on the stack above the function) must be finished inside the
** writer: the final (NULL, 0) call pushes the result and moves it into
** slot 1, which str_dump vacated for it. */
static int
str_writer (ElaraState *L, const void *p, size_t sz, void *ud)
{
  StrDumpState *st = (StrDumpState *) ud;
  if (!st->started) {
    st->started = 1;
    host->buffinit (L, &st->b);
  }
  if (p != NULL)
    host->addlstring (&st->b, (const char *) p, sz);
  else {
    host->pushresult (&st->b);
    host->copy (L, -1, 1);
    host->settop (L, -2);
  }
  return 0;
}

static int
str_dump (ElaraState *L)
{
  StrDumpState st;
  int strip = host->toboolean (L, 2);
  str_argcheck (L, host->type (L, 1) == ELARA_TFUNCTION
                   && !host->iscfunction (L, 1), 1, "Lua function expected");
  host->settop (L, 1);
  host->pushvalue (L, 1);  /* the function on top; slot 1 takes the result */
  st.started = 0;
  if (host->dump (L, str_writer, &st, strip) != 0)
    return host->errorf (L, "unable to dump given function");
  host->settop (L, 1);
  return 1;
}

/* -- The string metatable: arithmetic on numerals ----------------------------
** An operand that is a number, or a string that reads as a numeral (keeping
** its integer or float subtype), is pushed converted. */

static int
str_tonum (ElaraState *L, int arg)
{
  size_t len;
  const char *s;
  if (host->type (L, arg) == ELARA_TNUMBER) {
    host->pushvalue (L, arg);
    return 1;
  }
  s = host->tolstring (L, arg, &len);
  return s != NULL && host->stringtonumber (L, s) == len + 1;
}

/* Conversion failed: the other operand may still have its own metamethod
** (we are here because the first one is a string or has none). */
static int
str_trymt (ElaraState *L, const char *event)
{
  host->settop (L, 2);
  if (host->type (L, 2) == ELARA_TSTRING
      || host->getmetafield (L, 2, event) == ELARA_TNIL)
    return host->errorf (L, "attempt to %s a '%s' with a '%s'", event + 2,
                         str_typename (L, -2), str_typename (L, -1));
  str_insert (L, -3);
  host->callk (L, 2, 1, 0, NULL);
  return 1;
}

static int
str_arith (ElaraState *L, int op, const char *event)
{
  if (str_tonum (L, 1) && str_tonum (L, 2))
    host->arith (L, op);
  else
    str_trymt (L, event);
  return 1;
}

static int
str_mt_add (ElaraState *L)
{
  return str_arith (L, ELARA_OPADD, "__add");
}

static int
str_mt_sub (ElaraState *L)
{
  return str_arith (L, ELARA_OPSUB, "__sub");
}

static int
str_mt_mul (ElaraState *L)
{
  return str_arith (L, ELARA_OPMUL, "__mul");
}

static int
str_mt_mod (ElaraState *L)
{
  return str_arith (L, ELARA_OPMOD, "__mod");
}

static int
str_mt_pow (ElaraState *L)
{
  return str_arith (L, ELARA_OPPOW, "__pow");
}

static int
str_mt_div (ElaraState *L)
{
  return str_arith (L, ELARA_OPDIV, "__div");
}

static int
str_mt_idiv (ElaraState *L)
{
  return str_arith (L, ELARA_OPIDIV, "__idiv");
}

static int
str_mt_unm (ElaraState *L)
{
  return str_arith (L, ELARA_OPUNM, "__unm");
}

static const ElaraLibReg str_metamethods[] = {
  { "__add", str_mt_add },
  { "__sub", str_mt_sub },
  { "__mul", str_mt_mul },
  { "__mod", str_mt_mod },
  { "__pow", str_mt_pow },
  { "__div", str_mt_div },
  { "__idiv", str_mt_idiv },
  { "__unm", str_mt_unm },
  { NULL, NULL }
};

/* -- Registration ---------------------------------------------------------- */

/* -- Fast entries (host->register_fast) --------------------------------------
** s:byte (i [, j]) and s:sub (i [, j]) on a string with integer (or
** absent) positions, made by the VM without a frame.  They give what the
** normal entries give and decline (-1) anything else: numbers to convert,
** float positions, wrong types, more results than the call has slots. */

/* An optional integer argument: absent or nil is 'def', an integer is
** itself; anything else returns 0 (decline). */
static int
str_fastoptint (const ElaraRawValue *func, int nargs, int arg,
                ElaraInteger def, ElaraInteger *out)
{
  if (arg > nargs || func[arg].tt == ELARA_VTNIL)
    *out = def;
  else if (func[arg].tt == ELARA_VTINT)
    *out = func[arg].v.i;
  else
    return 0;
  return 1;
}

static int
str_byte_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  size_t l, posi, pose, k;
  ElaraInteger pi, pe;
  const char *s;
  (void) L;
  if (nargs < 1 || nargs > 3
      || (s = host->fast_tolstring (&func[1], &l)) == NULL)
    return -1;
  /* the common s:byte (i) with 1 <= i <= #s: one result (the unsigned
  ** compare takes i < 1 as huge) */
  if (nargs == 2 && func[2].tt == ELARA_VTINT
      && (size_t) func[2].v.i - 1 < l) {
    func[0].v.i = (unsigned char) s[func[2].v.i - 1];
    func[0].tt = ELARA_VTINT;
    return 1;
  }
  if (!str_fastoptint (func, nargs, 2, 1, &pi))
    return -1;
  posi = str_posrelat (pi, l);
  if (!str_fastoptint (func, nargs, 3, pi, &pe))
    return -1;
  pose = str_endpos (pe, l);
  if (posi > pose)
    return 0;
  /* the results go over the function and its arguments */
  if (pose - posi >= (size_t) nargs + 1)
    return -1;
  for (k = posi; k <= pose; k++) {
    func[k - posi].v.i = (unsigned char) s[k - 1];
    func[k - posi].tt = ELARA_VTINT;
  }
  return (int) (pose - posi) + 1;
}

static int
str_sub_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  size_t l, start, end;
  ElaraInteger pi, pe;
  const char *s;
  if (nargs < 2 || nargs > 3 || func[2].tt != ELARA_VTINT
      || !str_fastoptint (func, nargs, 3, -1, &pe)
      || (s = host->fast_tolstring (&func[1], &l)) == NULL)
    return -1;
  pi = func[2].v.i;
  /* the common case, 1 <= i <= j < #s (as unsigned compares: i < 1 and
  ** j < 0 are huge), is a part of the string as it is */
  if ((size_t) pi - 1 < (size_t) pe && (size_t) pe < l) {
    host->fast_setlstring (L, &func[0], s + pi - 1, (size_t) (pe - pi) + 1);
    return 1;
  }
  start = str_posrelat (pi, l);
  end = str_endpos (pe, l);
  if (start > end)
    host->fast_setlstring (L, &func[0], "", 0);
  else if (start == 1 && end == l)
    func[0] = func[1];  /* the whole string */
  else
    host->fast_setlstring (L, &func[0], s + start - 1, end - start + 1);
  return 1;
}

static const ElaraFastReg str_fastfuncs[] = {
  { str_byte, str_byte_fast },
  { str_sub, str_sub_fast },
  { NULL, NULL }
};

static const ElaraLibReg str_funcs[] = {
  { "byte", str_byte },
  { "char", str_char },
  { "dump", str_dump },
  { "find", str_find },
  { "format", str_format },
  { "gmatch", str_gmatch },
  { "gsub", str_gsub },
  { "len", str_len },
  { "lower", str_lower },
  { "match", str_match },
  { "rep", str_rep },
  { "reverse", str_reverse },
  { "sub", str_sub },
  { "upper", str_upper },
  { "pack", str_pack },
  { "packsize", str_packsize },
  { "unpack", str_unpack },
  { NULL, NULL }
};

/* The library table is on the top: make the metatable every string shares,
** whose __index is that table. */
static void
str_setmetatable (ElaraState *L)
{
  host->createtable (L, 0, 9);
  host->setfuncs (L, str_metamethods, 0);
  host->pushvalue (L, -2);
  host->setfield (L, -2, "__index");
  host->pushlstring (L, "", 0);
  host->pushvalue (L, -2);
  host->setmetatable (L, -2);
  str_pop (L, 2);
}

static int
str_init (ElaraState *L, const ElaraHost *h)
{
  str_host = h;
  host->register_lib (L, "string", str_funcs, 1);
  if (ELARA_HOST_HAS (host, register_fast))
    host->register_fast (L, str_fastfuncs);
  str_setmetatable (L);
  str_pop (L, 1);
  return 0;
}

static const char *const str_provides[] = { "string", NULL };
static const char *const str_depends[] = { "base", NULL };

static const ElaraPluginDesc str_desc = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraPluginDesc),
  .kind = ELARA_PLUGIN_KIND_LIBRARY,
  .name = "string",
  .version = "0.1.0",
  .description = "strings (find, format, gsub, pack, ...) and their "
                 "metatable",
  .provides = str_provides,
  .depends = str_depends,
  .build_id = NULL,
  .init = str_init,
  .load = NULL,
  .ops = NULL,
};

ELARA_PLUGIN_DEFINE (string, &str_desc)
