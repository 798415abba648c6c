/*
** test-value.c: number conversions, raw arithmetic, chunk ids and the
** message formatter (object.c)
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "object.h"
#include "state.h"

static void *
t_alloc (void *ud, void *ptr, size_t osize, size_t nsize)
{
  (void) ud;
  (void) osize;
  if (nsize == 0) {
    free (ptr);
    return NULL;
  }
  return realloc (ptr, nsize);
}

static const char *
flt2str (double d, char *buf)
{
  TValue v;
  setfltvalue (&v, d);
  el_object_num2str (&v, buf);
  return buf;
}

static void
test_num2str_floats (void)
{
  char buf[EL_N2SBUFFSZ];
  g_assert_cmpstr (flt2str (1.0 / 3, buf), ==, "0.33333333333333331");
  g_assert_cmpstr (flt2str (100.0, buf), ==, "100.0");
  g_assert_cmpstr (flt2str (ldexp (1, 63), buf), ==, "9.2233720368547758e+18");
  g_assert_cmpstr (flt2str (ldexp (1, 53), buf), ==, "9007199254740992.0");
  g_assert_cmpstr (flt2str (-0.0, buf), ==, "-0.0");
  g_assert_cmpstr (flt2str (0.1, buf), ==, "0.1");
  g_assert_cmpstr (flt2str (3.14159265358979323846, buf), ==,
                   "3.1415926535897931");
  g_assert_cmpstr (flt2str (1e100, buf), ==, "1e+100");
  g_assert_cmpstr (flt2str (HUGE_VAL, buf), ==, "inf");
  g_assert_cmpstr (flt2str (-HUGE_VAL, buf), ==, "-inf");
  g_assert_cmpstr (flt2str (-1.5, buf), ==, "-1.5");
}

static void
test_num2str_integers (void)
{
  char buf[EL_N2SBUFFSZ];
  TValue v;
  setivalue (&v, 0);
  el_object_num2str (&v, buf);
  g_assert_cmpstr (buf, ==, "0");
  setivalue (&v, EL_MININTEGER);
  el_object_num2str (&v, buf);
  g_assert_cmpstr (buf, ==, "-9223372036854775808");
  setivalue (&v, 42);
  g_assert_cmpint (el_object_num2str (&v, buf), ==, 2);
}

static void
test_str2num_ok (void)
{
  TValue v;
  g_assert_cmpuint (el_object_str2num ("0x10", &v), ==, 5);
  g_assert_true (ttisinteger (&v) && ivalue (&v) == 16);
  g_assert_cmpuint (el_object_str2num ("1e10", &v), ==, 5);
  g_assert_true (ttisfloat (&v) && fltvalue (&v) == 1e10);
  g_assert_cmpuint (el_object_str2num ("  12  ", &v), ==, 7);
  g_assert_true (ttisinteger (&v) && ivalue (&v) == 12);
  g_assert_cmpuint (el_object_str2num ("0x1p4", &v), !=, 0);
  g_assert_true (ttisfloat (&v) && fltvalue (&v) == 16.0);
  g_assert_cmpuint (el_object_str2num ("0x.8", &v), !=, 0);
  g_assert_true (ttisfloat (&v) && fltvalue (&v) == 0.5);
  g_assert_cmpuint (el_object_str2num ("-7", &v), !=, 0);
  g_assert_true (ttisinteger (&v) && ivalue (&v) == -7);
  g_assert_cmpuint (el_object_str2num (".5", &v), !=, 0);
  g_assert_true (ttisfloat (&v) && fltvalue (&v) == 0.5);
  g_assert_cmpuint (el_object_str2num ("3.", &v), !=, 0);
  g_assert_true (ttisfloat (&v) && fltvalue (&v) == 3.0);
  /* limits: decimal overflow becomes a float, hex wraps around */
  g_assert_cmpuint (el_object_str2num ("9223372036854775807", &v), !=, 0);
  g_assert_true (ttisinteger (&v) && ivalue (&v) == EL_MAXINTEGER);
  g_assert_cmpuint (el_object_str2num ("-9223372036854775808", &v), !=, 0);
  g_assert_true (ttisinteger (&v) && ivalue (&v) == EL_MININTEGER);
  g_assert_cmpuint (el_object_str2num ("9223372036854775808", &v), !=, 0);
  g_assert_true (ttisfloat (&v) && fltvalue (&v) == ldexp (1, 63));
  g_assert_cmpuint (el_object_str2num ("0xffffffffffffffff", &v), !=, 0);
  g_assert_true (ttisinteger (&v) && ivalue (&v) == -1);
  g_assert_cmpuint (el_object_str2num ("0x10000000000000001", &v), !=, 0);
  g_assert_true (ttisinteger (&v) && ivalue (&v) == 1);
}

static void
test_str2num_fail (void)
{
  TValue v;
  static const char *const bad[] = {
    "1e", "", "  ", "0x", "1 2", "inf", "nan", "-inf", "1e+", "0x1p",
    "abc", "1..2", "- 1", "0xg", "1_000",
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++) {
    if (el_object_str2num (bad[i], &v) != 0)
      g_error ("'%s' should not convert", bad[i]);
  }
}

static void
test_flttoint (void)
{
  ElInt i;
  g_assert_true (el_object_flttointns (3.0, &i, EL_F2IEQ) && i == 3);
  g_assert_false (el_object_flttointns (3.5, &i, EL_F2IEQ));
  g_assert_true (el_object_flttointns (3.5, &i, EL_F2IFLOOR) && i == 3);
  g_assert_true (el_object_flttointns (3.5, &i, EL_F2ICEIL) && i == 4);
  g_assert_true (el_object_flttointns (-3.5, &i, EL_F2IFLOOR) && i == -4);
  g_assert_false (el_object_flttointns (ldexp (1, 63), &i, EL_F2IEQ));
  g_assert_true (el_object_flttointns (-ldexp (1, 63), &i, EL_F2IEQ)
                 && i == EL_MININTEGER);
  g_assert_false (el_object_flttointns (NAN, &i, EL_F2IFLOOR));
  g_assert_false (el_object_flttointns (HUGE_VAL, &i, EL_F2IFLOOR));
}

static void
test_rawarith (void)
{
  TValue a, b, r;
  setivalue (&a, 7);
  setivalue (&b, -2);
  g_assert_true (el_object_rawarith (NULL, ELARA_OPIDIV, &a, &b, &r));
  g_assert_true (ttisinteger (&r) && ivalue (&r) == -4);
  g_assert_true (el_object_rawarith (NULL, ELARA_OPMOD, &a, &b, &r));
  g_assert_true (ttisinteger (&r) && ivalue (&r) == -1);
  g_assert_true (el_object_rawarith (NULL, ELARA_OPDIV, &a, &b, &r));
  g_assert_true (ttisfloat (&r) && fltvalue (&r) == -3.5);
  g_assert_true (el_object_rawarith (NULL, ELARA_OPPOW, &a, &b, &r));
  g_assert_true (ttisfloat (&r));
  setivalue (&b, 0);
  g_assert_false (el_object_rawarith (NULL, ELARA_OPIDIV, &a, &b, &r));
  g_assert_false (el_object_rawarith (NULL, ELARA_OPMOD, &a, &b, &r));
  setivalue (&a, EL_MAXINTEGER);
  setivalue (&b, 1);
  g_assert_true (el_object_rawarith (NULL, ELARA_OPADD, &a, &b, &r));
  g_assert_true (ttisinteger (&r) && ivalue (&r) == EL_MININTEGER);
  setivalue (&a, 1);
  setivalue (&b, 64);
  g_assert_true (el_object_rawarith (NULL, ELARA_OPSHL, &a, &b, &r));
  g_assert_true (ivalue (&r) == 0);
  setivalue (&b, -1);
  setivalue (&a, -1);
  g_assert_true (el_object_rawarith (NULL, ELARA_OPSHL, &a, &b, &r));
  g_assert_true (ivalue (&r) == EL_MAXINTEGER);
  setfltvalue (&a, 1.5);
  g_assert_false (el_object_rawarith (NULL, ELARA_OPBAND, &a, &b, &r));
  setfltvalue (&a, 6.0);
  setivalue (&b, 3);
  g_assert_true (el_object_rawarith (NULL, ELARA_OPBAND, &a, &b, &r));
  g_assert_true (ttisinteger (&r) && ivalue (&r) == 2);
  g_assert_true (el_object_rawarith (NULL, ELARA_OPMUL, &a, &b, &r));
  g_assert_true (ttisfloat (&r) && fltvalue (&r) == 18.0);
  setfltvalue (&a, -6.0);
  setfltvalue (&b, 4.0);
  g_assert_true (el_object_rawarith (NULL, ELARA_OPMOD, &a, &b, &r));
  g_assert_true (fltvalue (&r) == 2.0);
}

static void
test_utf8esc (void)
{
  char buf[8];
  int n = el_object_utf8esc (buf, 0x41);
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpint (buf[7], ==, 'A');
  n = el_object_utf8esc (buf, 0x20AC);
  g_assert_cmpint (n, ==, 3);
  g_assert_cmpmem (buf + 8 - n, n, "\xE2\x82\xAC", 3);
  n = el_object_utf8esc (buf, 0x7FFFFFFF);
  g_assert_cmpint (n, ==, 6);
  g_assert_cmpmem (buf + 8 - n, n, "\xFD\xBF\xBF\xBF\xBF\xBF", 6);
}

static void
test_chunkid (void)
{
  char out[EL_IDSIZE];
  const char *src = "=stdin";
  el_object_chunkid (out, src, strlen (src));
  g_assert_cmpstr (out, ==, "stdin");
  src = "@foo.lua";
  el_object_chunkid (out, src, strlen (src));
  g_assert_cmpstr (out, ==, "foo.lua");
  src = "return 1";
  el_object_chunkid (out, src, strlen (src));
  g_assert_cmpstr (out, ==, "[string \"return 1\"]");
  src = "x = 1\nreturn x";
  el_object_chunkid (out, src, strlen (src));
  g_assert_cmpstr (out, ==, "[string \"x = 1...\"]");
  {
    char longname[201];         /* 200 characters and the '\0' */
    const size_t len = sizeof longname - 1;
    memset (longname, 'a', len);
    longname[len] = '\0';
    longname[0] = '@';
    memcpy (longname + len - 5, "z.lua", 5);
    el_object_chunkid (out, longname, len);
    g_assert_cmpuint (strlen (out), ==, EL_IDSIZE - 1);
    g_assert_true (g_str_has_prefix (out, "..."));
    g_assert_true (g_str_has_suffix (out, "z.lua"));
    longname[0] = '=';
    el_object_chunkid (out, longname, len);
    g_assert_cmpuint (strlen (out), ==, EL_IDSIZE - 1);
    memset (longname, 'b', len);
    el_object_chunkid (out, longname, len);
    g_assert_true (g_str_has_prefix (out, "[string \"bbb"));
    g_assert_true (g_str_has_suffix (out, "...\"]"));
    g_assert_cmpuint (strlen (out), ==, EL_IDSIZE - 1);
  }
}

static void
test_pushfstring (void)
{
  ElaraState *L = el_state_new (t_alloc, NULL, 1234);
  const char *s;
  g_assert_nonnull (L);
  s = el_object_pushfstring (L, "%s=%d (%I) %f %c%% %U", "x", -5,
                             (ElInt) 1 << 40, 2.0, 'z', 0xE9ul);
  g_assert_cmpstr (s, ==, "x=-5 (1099511627776) 2.0 z% \xC3\xA9");
  g_assert_true (ttisstring (s2v (L->top - 1)));
  L->top--;
  {
    /* longer than the internal buffer: pieces joined */
    char big[1000];
    memset (big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    s = el_object_pushfstring (L, "<%s|%s>", big, big);
    g_assert_cmpuint (strlen (s), ==, 2 * 999 + 3);
    g_assert_cmpint (s[0], ==, '<');
    g_assert_cmpint (s[1000], ==, '|');
    g_assert_cmpint (s[2000], ==, '>');
    L->top--;
  }
  {
    TValue v;
    setfltvalue (&v, 0.5);
    el_object_tostring (L, &v);
    g_assert_true (ttisstring (&v));
    g_assert_cmpstr (svalue (&v), ==, "0.5");
  }
  el_state_close (L);
}

static void
test_ceillog2 (void)
{
  g_assert_cmpint (el_object_ceillog2 (1), ==, 0);
  g_assert_cmpint (el_object_ceillog2 (2), ==, 1);
  g_assert_cmpint (el_object_ceillog2 (3), ==, 2);
  g_assert_cmpint (el_object_ceillog2 (1024), ==, 10);
  g_assert_cmpint (el_object_ceillog2 (1025), ==, 11);
  g_assert_cmpint (el_object_hexavalue ('f'), ==, 15);
  g_assert_cmpint (el_object_hexavalue ('A'), ==, 10);
  g_assert_cmpint (el_object_hexavalue ('7'), ==, 7);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/value/num2str/floats", test_num2str_floats);
  g_test_add_func ("/value/num2str/integers", test_num2str_integers);
  g_test_add_func ("/value/str2num/accepts", test_str2num_ok);
  g_test_add_func ("/value/str2num/rejects", test_str2num_fail);
  g_test_add_func ("/value/convert/flttoint", test_flttoint);
  g_test_add_func ("/value/arith/raw", test_rawarith);
  g_test_add_func ("/value/utf8/escape", test_utf8esc);
  g_test_add_func ("/value/chunkid/forms", test_chunkid);
  g_test_add_func ("/value/format/pushfstring", test_pushfstring);
  g_test_add_func ("/value/misc/ceillog2", test_ceillog2);
  return g_test_run ();
}
