/*
** math.c: the mathematical library, including the xoshiro256** generator
** behind math.random
** SPDX-License-Identifier: MIT
**
** A library plugin: it reaches the core only through the ElaraHost vtable
** received in math_init (one host per process, kept in a static).  The
** generator's state is a userdata shared as an upvalue by random and
** randomseed, so every Lua state has its own sequence.
*/
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <time.h>

#include "elara/elara-plugin.h"

static const ElaraHost *host;

#define math_isnoneornil(L, i)  (host->type (L, (i)) <= 0)
#define MATH_PI  3.141592653589793238462643383279502884

static void
math_argcheck (ElaraState *L, int cond, int arg, const char *msg)
{
  if (!cond)
    host->argerror (L, arg, msg);
}

/* Push 'd' as an integer when it has an exact integer value in range, as
** a float otherwise (NaN, infinities, values beyond 2^63). */
static void
math_pushnumint (ElaraState *L, double d)
{
  /* -2^63 is exact in a double; 2^63 itself is already out of range */
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
    host->pushinteger (L, (ElaraInteger) d);
  else
    host->pushnumber (L, d);
}

/* -- Plain functions of one float ------------------------------------------ */

static int
math_sin (ElaraState *L)
{
  host->pushnumber (L, sin (host->checknumber (L, 1)));
  return 1;
}

static int
math_cos (ElaraState *L)
{
  host->pushnumber (L, cos (host->checknumber (L, 1)));
  return 1;
}

static int
math_tan (ElaraState *L)
{
  host->pushnumber (L, tan (host->checknumber (L, 1)));
  return 1;
}

static int
math_asin (ElaraState *L)
{
  host->pushnumber (L, asin (host->checknumber (L, 1)));
  return 1;
}

static int
math_acos (ElaraState *L)
{
  host->pushnumber (L, acos (host->checknumber (L, 1)));
  return 1;
}

static int
math_atan (ElaraState *L)
{
  double y = host->checknumber (L, 1);
  double x = host->optnumber (L, 2, 1.0);
  host->pushnumber (L, atan2 (y, x));
  return 1;
}

static int
math_sqrt (ElaraState *L)
{
  host->pushnumber (L, sqrt (host->checknumber (L, 1)));
  return 1;
}

static int
math_exp (ElaraState *L)
{
  host->pushnumber (L, exp (host->checknumber (L, 1)));
  return 1;
}

static int
math_log (ElaraState *L)
{
  double x = host->checknumber (L, 1);
  double res;
  if (math_isnoneornil (L, 2))
    res = log (x);
  else {
    double base = host->checknumber (L, 2);
    /* the dedicated functions are exact where a quotient of two logs is
    ** not: log(8, 2) must be 3.0, not 2.9999999999999996 */
    if (base == 2.0)
      res = log2 (x);
    else if (base == 10.0)
      res = log10 (x);
    else
      res = log (x) / log (base);
  }
  host->pushnumber (L, res);
  return 1;
}

static int
math_deg (ElaraState *L)
{
  host->pushnumber (L, host->checknumber (L, 1) * (180.0 / MATH_PI));
  return 1;
}

static int
math_rad (ElaraState *L)
{
  host->pushnumber (L, host->checknumber (L, 1) * (MATH_PI / 180.0));
  return 1;
}

static int
math_frexp (ElaraState *L)
{
  int e;
  double m = frexp (host->checknumber (L, 1), &e);
  host->pushnumber (L, m);
  host->pushinteger (L, e);
  return 2;
}

static int
math_ldexp (ElaraState *L)
{
  double m = host->checknumber (L, 1);
  ElaraInteger e = host->checkinteger (L, 2);
  /* Clamp rather than truncate the exponent: any |e| beyond INT_MAX
  ** already overflows or underflows every finite double. */
  if (e > INT_MAX)
    e = INT_MAX;
  else if (e < INT_MIN)
    e = INT_MIN;
  host->pushnumber (L, ldexp (m, (int) e));
  return 1;
}

/* -- Integer-aware functions ----------------------------------------------- */

static int
math_abs (ElaraState *L)
{
  if (host->isinteger (L, 1)) {
    ElaraInteger n = host->tointegerx (L, 1, NULL);
    /* negate in unsigned arithmetic: abs(mininteger) wraps to itself */
    if (n < 0)
      n = (ElaraInteger) (0u - (ElaraUnsigned) n);
    host->pushinteger (L, n);
  }
  else
    host->pushnumber (L, fabs (host->checknumber (L, 1)));
  return 1;
}

/* floor and ceil of a float: in the integer range the result comes from
** the truncating conversion, corrected by one when that rounded the wrong
** way (no libm call, which without SSE4.1 is a real function call);
** outside it (and for NaN) the float result, as math_pushnumint gives. */
/* Does the floor of d fit an integer?  Then it is *i.  (Shared by
** math_floor and its fast entry.) */
static int
math_floorint (double d, ElaraInteger *i)
{
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
    ElaraInteger t = (ElaraInteger) d;   /* toward zero */
    /* (below -2^52 every double is an integer: t - 1 cannot overflow) */
    *i = ((double) t > d) ? t - 1 : t;
    return 1;
  }
  return 0;
}

static int
math_floor (ElaraState *L)
{
  if (host->isinteger (L, 1))
    host->settop (L, 1);
  else {
    double d = host->checknumber (L, 1);
    ElaraInteger i;
    if (math_floorint (d, &i))
      host->pushinteger (L, i);
    else
      host->pushnumber (L, floor (d));
  }
  return 1;
}

static int
math_ceil (ElaraState *L)
{
  if (host->isinteger (L, 1))
    host->settop (L, 1);
  else {
    double d = host->checknumber (L, 1);
    /* (d < 2^63: a fractional d is below 2^52, so i + 1 cannot overflow) */
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
      ElaraInteger i = (ElaraInteger) d;   /* toward zero */
      host->pushinteger (L, ((double) i < d) ? i + 1 : i);
    }
    else
      host->pushnumber (L, ceil (d));
  }
  return 1;
}

static int
math_fmod (ElaraState *L)
{
  if (host->isinteger (L, 1) && host->isinteger (L, 2)) {
    ElaraInteger a = host->tointegerx (L, 1, NULL);
    ElaraInteger d = host->tointegerx (L, 2, NULL);
    if (d == 0)
      host->argerror (L, 2, "zero");
    /* x % -1 is always 0; C's % would trap on mininteger % -1 */
    host->pushinteger (L, d == -1 ? 0 : a % d);
  }
  else {
    double a = host->checknumber (L, 1);
    double d = host->checknumber (L, 2);
    host->pushnumber (L, fmod (a, d));
  }
  return 1;
}

/* modf rounds toward zero; the integral part becomes an integer when it
** fits, the fractional part is always a float. */
static int
math_modf (ElaraState *L)
{
  if (host->isinteger (L, 1)) {
    host->settop (L, 1);
    host->pushnumber (L, 0.0);
  }
  else {
    double x = host->checknumber (L, 1);
    double ip = x < 0 ? ceil (x) : floor (x);
    math_pushnumint (L, ip);
    /* inf - inf would be NaN: an infinity has no fractional part */
    host->pushnumber (L, x == ip ? 0.0 : x - ip);
  }
  return 2;
}

static int
math_tointeger (ElaraState *L)
{
  int ok;
  ElaraInteger n = host->tointegerx (L, 1, &ok);
  if (ok)
    host->pushinteger (L, n);
  else {
    host->checkany (L, 1);
    host->pushnil (L);
  }
  return 1;
}

static int
math_type (ElaraState *L)
{
  if (host->type (L, 1) == ELARA_TNUMBER)
    host->pushstring (L, host->isinteger (L, 1) ? "integer" : "float");
  else {
    host->checkany (L, 1);
    host->pushnil (L);
  }
  return 1;
}

static int
math_ult (ElaraState *L)
{
  ElaraInteger a = host->checkinteger (L, 1);
  ElaraInteger b = host->checkinteger (L, 2);
  host->pushboolean (L, (ElaraUnsigned) a < (ElaraUnsigned) b);
  return 1;
}

/* max and min use the language's '<', so they work on anything ordered
** (strings, objects with __lt), not only on numbers. */
static int
math_min (ElaraState *L)
{
  int n = host->gettop (L);
  int best = 1;
  int i;
  math_argcheck (L, n >= 1, 1, "value expected");
  for (i = 2; i <= n; i++)
    if (host->compare (L, i, best, ELARA_OPLT))
      best = i;
  host->pushvalue (L, best);
  return 1;
}

static int
math_max (ElaraState *L)
{
  int n = host->gettop (L);
  int best = 1;
  int i;
  math_argcheck (L, n >= 1, 1, "value expected");
  for (i = 2; i <= n; i++)
    if (host->compare (L, best, i, ELARA_OPLT))
      best = i;
  host->pushvalue (L, best);
  return 1;
}

/* -- Pseudo-random numbers ---------------------------------------------------
** xoshiro256** (Blackman and Vigna).  Seeding puts (n1, 0xff, n2, 0) in
** the state (0xff so that the state is never all zeros) and discards 16
** outputs to spread the seed bits; math.lua checks the exact first output
** after randomseed(1007), so all of this is observable and fixed. */

typedef struct {
  uint64_t s[4];
} RandState;

static uint64_t
rand_rotl (uint64_t x, int n)
{
  return (x << n) | (x >> (64 - n));
}

static uint64_t
rand_next (RandState *r)
{
  uint64_t *s = r->s;
  uint64_t out = rand_rotl (s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rand_rotl (s[3], 45);
  return out;
}

/* A float in [0, 1) from the 53 high bits (a double's precision). */
static double
rand_tofloat (uint64_t x)
{
  return (double) (x >> 11) * (1.0 / 9007199254740992.0);
}

/* A uniform value in [0, n]: mask to the smallest 2^k - 1 covering n and
** draw again until the masked value falls inside. */
static uint64_t
rand_project (RandState *r, uint64_t x, uint64_t n)
{
  uint64_t mask = n;
  mask |= mask >> 1;
  mask |= mask >> 2;
  mask |= mask >> 4;
  mask |= mask >> 8;
  mask |= mask >> 16;
  mask |= mask >> 32;
  while ((x & mask) > n)
    x = rand_next (r);
  return x & mask;
}

static void
rand_seed (RandState *r, uint64_t n1, uint64_t n2)
{
  int i;
  r->s[0] = n1;
  r->s[1] = 0xff;
  r->s[2] = n2;
  r->s[3] = 0;
  for (i = 0; i < 16; i++)
    (void) rand_next (r);
}

/* An unpredictable seed: the clock mixed with addresses, which vary
** between runs under ASLR. */
static uint64_t
rand_makeseed (ElaraState *L)
{
  static int here;
  uint64_t h = (uint64_t) time (NULL);
  uint64_t parts[3];
  int i;
  parts[0] = (uint64_t) (uintptr_t) &here;
  parts[1] = (uint64_t) (uintptr_t) L;
  parts[2] = (uint64_t) clock ();
  for (i = 0; i < 3; i++) {
    /* splitmix64 finaliser per part, so nearby addresses differ widely */
    h ^= parts[i] + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    h ^= h >> 31;
  }
  return h;
}

static RandState *
rand_state (ElaraState *L)
{
  return (RandState *) host->touserdata (L, elara_upvalueindex (1));
}

static int
math_random (ElaraState *L)
{
  RandState *r = rand_state (L);
  /* drawn before the arguments are checked: a failing call still advances
  ** the generator, as in the reference */
  uint64_t x = rand_next (r);
  ElaraInteger low, up;
  switch (host->gettop (L)) {
    case 0:
      host->pushnumber (L, rand_tofloat (x));
      return 1;
    case 1:
      low = 1;
      up = host->checkinteger (L, 1);
      if (up == 0) {
        host->pushinteger (L, (ElaraInteger) x);
        return 1;
      }
      break;
    case 2:
      low = host->checkinteger (L, 1);
      up = host->checkinteger (L, 2);
      break;
    default:
      return host->errorf (L, "wrong number of arguments");
  }
  math_argcheck (L, low <= up, 1, "interval is empty");
  x = rand_project (r, x, (uint64_t) up - (uint64_t) low);
  host->pushinteger (L, (ElaraInteger) (x + (uint64_t) low));
  return 1;
}

static int
math_randomseed (ElaraState *L)
{
  RandState *r = rand_state (L);
  uint64_t n1, n2;
  if (host->type (L, 1) == ELARA_TNONE) {
    n1 = rand_makeseed (L);
    /* mix in the generator's own state in case the clock is coarse */
    n2 = rand_next (r);
  }
  else {
    n1 = (uint64_t) host->checkinteger (L, 1);
    n2 = (uint64_t) host->optinteger (L, 2, 0);
  }
  rand_seed (r, n1, n2);
  host->pushinteger (L, (ElaraInteger) n1);
  host->pushinteger (L, (ElaraInteger) n2);
  return 2;
}

static const ElaraLibReg math_randfuncs[] = {
  { "random", math_random },
  { "randomseed", math_randomseed },
  { NULL, NULL }
};

/* -- Fast entries (host->register_fast) --------------------------------------
** The common calls on numbers, made by the VM without a frame.  Each one
** gives exactly what its normal entry gives for the values it accepts and
** declines (-1) everything else: strings to convert, wrong types, missing
** arguments; the normal entry then converts or raises as usual. */

/* floor of a float, as math_floor computes it */
static void
math_fastfloorf (ElaraRawValue *res, double d)
{
  if (math_floorint (d, &res->v.i))
    res->tt = ELARA_VTINT;
  else {
    res->v.n = floor (d);
    res->tt = ELARA_VTFLT;
  }
}

static int
math_floor_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  (void) L;
  if (nargs < 1)
    return -1;
  if (func[1].tt == ELARA_VTINT)
    func[0] = func[1];
  else if (func[1].tt == ELARA_VTFLT)
    math_fastfloorf (&func[0], func[1].v.n);
  else
    return -1;
  return 1;
}

static int
math_abs_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  (void) L;
  if (nargs < 1)
    return -1;
  if (func[1].tt == ELARA_VTINT) {
    ElaraInteger n = func[1].v.i;
    func[0].v.i = (n < 0) ? (ElaraInteger) (0u - (ElaraUnsigned) n) : n;
    func[0].tt = ELARA_VTINT;
  }
  else if (func[1].tt == ELARA_VTFLT) {
    func[0].v.n = fabs (func[1].v.n);
    func[0].tt = ELARA_VTFLT;
  }
  else
    return -1;
  return 1;
}

static int
math_sqrt_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  double d;
  (void) L;
  if (nargs < 1)
    return -1;
  if (func[1].tt == ELARA_VTFLT)
    d = func[1].v.n;
  else if (func[1].tt == ELARA_VTINT)
    d = (double) func[1].v.i;
  else
    return -1;
  func[0].v.n = sqrt (d);
  func[0].tt = ELARA_VTFLT;
  return 1;
}

/* min (ismax 0) and max (1) of numbers all integers or all floats, with
** the comparisons of math_min/math_max in the same order (NaN operands
** give the same answer).  Mixed operands compare exactly in Lua: the
** normal entry does that. */
static int
math_minmax_fast (ElaraRawValue *func, int nargs, int ismax)
{
  int best = 1;
  int i;
  if (nargs < 1)
    return -1;
  if (func[1].tt == ELARA_VTINT) {
    for (i = 2; i <= nargs; i++) {
      if (func[i].tt != ELARA_VTINT)
        return -1;
      if (ismax ? func[best].v.i < func[i].v.i
                : func[i].v.i < func[best].v.i)
        best = i;
    }
  }
  else if (func[1].tt == ELARA_VTFLT) {
    for (i = 2; i <= nargs; i++) {
      if (func[i].tt != ELARA_VTFLT)
        return -1;
      if (ismax ? func[best].v.n < func[i].v.n
                : func[i].v.n < func[best].v.n)
        best = i;
    }
  }
  else
    return -1;
  func[0] = func[best];
  return 1;
}

static int
math_min_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  (void) L;
  return math_minmax_fast (func, nargs, 0);
}

static int
math_max_fast (ElaraState *L, ElaraRawValue *func, int nargs)
{
  (void) L;
  return math_minmax_fast (func, nargs, 1);
}

static const ElaraFastReg math_fastfuncs[] = {
  { math_floor, math_floor_fast },
  { math_abs, math_abs_fast },
  { math_sqrt, math_sqrt_fast },
  { math_min, math_min_fast },
  { math_max, math_max_fast },
  { NULL, NULL }
};

/* -- Registration ---------------------------------------------------------- */

static const ElaraLibReg math_funcs[] = {
  { "abs", math_abs },
  { "acos", math_acos },
  { "asin", math_asin },
  { "atan", math_atan },
  { "ceil", math_ceil },
  { "cos", math_cos },
  { "deg", math_deg },
  { "exp", math_exp },
  { "floor", math_floor },
  { "fmod", math_fmod },
  { "frexp", math_frexp },
  { "ldexp", math_ldexp },
  { "log", math_log },
  { "max", math_max },
  { "min", math_min },
  { "modf", math_modf },
  { "rad", math_rad },
  { "sin", math_sin },
  { "sqrt", math_sqrt },
  { "tan", math_tan },
  { "tointeger", math_tointeger },
  { "type", math_type },
  { "ult", math_ult },
  { NULL, NULL }
};

static int
math_init (ElaraState *L, const ElaraHost *h)
{
  RandState *r;
  host = h;
  host->register_lib (L, "math", math_funcs, 1);
  if (ELARA_HOST_HAS (host, register_fast))
    host->register_fast (L, math_fastfuncs);
  host->pushnumber (L, MATH_PI);
  host->setfield (L, -2, "pi");
  host->pushnumber (L, HUGE_VAL);
  host->setfield (L, -2, "huge");
  host->pushinteger (L, INT64_MAX);
  host->setfield (L, -2, "maxinteger");
  host->pushinteger (L, INT64_MIN);
  host->setfield (L, -2, "mininteger");
  /* each state starts from a different seed, as the reference does */
  r = host->newuserdatauv (L, sizeof (RandState), 0);
  rand_seed (r, rand_makeseed (L), 0);
  host->setfuncs (L, math_randfuncs, 1);
  host->settop (L, -2);
  return 0;
}

static const char *const math_provides[] = { "math", NULL };
static const char *const math_depends[] = { NULL };

static const ElaraPluginDesc math_desc = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraPluginDesc),
  .kind = ELARA_PLUGIN_KIND_LIBRARY,
  .name = "math",
  .version = "0.1.0",
  .description = "mathematical functions and the xoshiro256** generator",
  .provides = math_provides,
  .depends = math_depends,
  .build_id = NULL,
  .init = math_init,
  .load = NULL,
  .ops = NULL,
};

ELARA_PLUGIN_DEFINE (math, &math_desc)
