/*
** test-lex.c: unit tests of the lexer (tokens, numerals, strings, line
** counting and the reference's error messages)
** SPDX-License-Identifier: MIT
*/
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "call.h"
#include "harness.h"
#include "lex.h"
#include "mem.h"
#include "state.h"
#include "str.h"
#include "table.h"

/* -- Harness ------------------------------------------------------------- */

typedef struct {
  const char *src;
  GString *out;
  Mbuffer buff;
  int with_lines;
} LexRun;

/* Describe one token: names N(x), strings S(x) with unprintable bytes as
** \ddd, integers I(n), floats F(%.17g); other tokens as their text. */
static void
describe (LexState *ls, GString *out, int with_lines)
{
  const Token *t = &ls->t;

  if (out->len > 0)
    g_string_append_c (out, ' ');
  switch (t->token) {
    case TK_NAME:
      g_string_append_printf (out, "N(%s)", getstr (t->seminfo.ts));
      break;
    case TK_STRING: {
      size_t i;

      g_string_append (out, "S(");
      for (i = 0; i < tsslen (t->seminfo.ts); i++) {
        unsigned char c = (unsigned char) getstr (t->seminfo.ts)[i];

        if (c >= 0x20 && c < 0x7f && c != '\\')
          g_string_append_c (out, (char) c);
        else
          g_string_append_printf (out, "\\%d", c);
      }
      g_string_append_c (out, ')');
      break;
    }
    case TK_INT:
      g_string_append_printf (out, "I(%" G_GINT64_FORMAT ")",
                              (gint64) t->seminfo.i);
      break;
    case TK_FLT:
      g_string_append_printf (out, "F(%.17g)", t->seminfo.r);
      break;
    default: {
      StkId top = ls->L->top;
      const char *s = el_lex_token2str (ls, t->token);

      /* drop the quotes token2str adds */
      if (s[0] == '\'')
        g_string_append_len (out, s + 1, (gssize) strlen (s) - 2);
      else
        g_string_append (out, s);
      ls->L->top = top;
    }
  }
  if (with_lines)
    g_string_append_printf (out, "@%d", ls->linenumber);
}

static void
run_lexer (ElaraState *L, void *ud)
{
  LexRun *run = ud;
  LexState ls;
  Stream z;
  HarnessReader r = harness_reader_new (run->src, strlen (run->src), 0);
  TString *source;
  Table *h;

  memset (&ls, 0, sizeof ls);
  h = el_table_new (L);
  sethvalue (L, s2v (L->top), h);
  el_call_inctop (L);
  source = el_str_new (L, "=test");
  setsvalue (L, s2v (L->top), source);
  el_call_inctop (L);
  el_stream_init (L, &z, harness_reader, &r);
  ls.h = h;
  ls.buff = &run->buff;
  el_lex_setinput (L, &ls, &z, source, zgetc (&z));
  for (;;) {
    el_lex_next (&ls);
    if (ls.t.token == TK_EOS)
      break;
    describe (&ls, run->out, run->with_lines);
  }
}

/* Scan 'src'; returns the token description, or the error message
** prefixed with "ERR:". */
static char *
lex_string_full (const char *src, int with_lines)
{
  ElaraState *L = harness_newstate (0x5eed);
  LexRun run = { src, g_string_new (NULL), { 0 }, with_lines };
  StkId oldtop = L->top;
  int status;
  char *res;

  el_stream_initbuffer (L, &run.buff);
  status = el_call_rawrunprotected (L, run_lexer, &run);
  el_stream_freebuffer (L, &run.buff);
  if (status != ELARA_OK) {
    g_assert_cmpint (status, ==, ELARA_ERRSYNTAX);
    g_assert_true (ttisstring (s2v (L->top - 1)));
    res = g_strconcat ("ERR:", svalue (s2v (L->top - 1)), NULL);
    g_string_free (run.out, TRUE);
  }
  else
    res = g_string_free (run.out, FALSE);
  L->top = oldtop;
  el_state_close (L);
  return res;
}

static void
check_lex (const char *src, const char *expected)
{
  char *got = lex_string_full (src, 0);

  g_assert_cmpstr (got, ==, expected);
  g_free (got);
}

static void
check_lines (const char *src, const char *expected)
{
  char *got = lex_string_full (src, 1);

  g_assert_cmpstr (got, ==, expected);
  g_free (got);
}

/* -- Tokens -------------------------------------------------------------- */

static void
test_reserved (void)
{
  check_lex ("and break do else elseif end false for function goto if in "
             "local nil not or repeat return then true until while",
             "and break do else elseif end false for function goto if in "
             "local nil not or repeat return then true until while");
}

static void
test_symbols (void)
{
  check_lex ("// .. ... == >= <= ~= << >> :: + - * / % ^ # & ~ | ( ) { } "
             "[ ] ; : , . = < >",
             "// .. ... == >= <= ~= << >> :: + - * / % ^ # & ~ | ( ) { } "
             "[ ] ; : , . = < >");
  /* longest match, no spaces */
  check_lex ("a...b..c.d", "N(a) ... N(b) .. N(c) . N(d)");
  check_lex ("a<=b<<c>=d>>e~=f~g", "N(a) <= N(b) << N(c) >= N(d) >> N(e) "
             "~= N(f) ~ N(g)");
  check_lex ("x=-1", "N(x) = - I(1)");
}

static void
test_names (void)
{
  check_lex ("_ _a a_1 A9z __index andy", "N(_) N(_a) N(a_1) N(A9z) "
             "N(__index) N(andy)");
  /* non-ASCII bytes are never part of a name */
  check_lex ("a\xc3\xa9", "N(a) <\\195> <\\169>");
}

/* 'global' is a name to the scanner (lex.h): the parser decides. */
static void
test_global (void)
{
  check_lex ("global x = global", "N(global) N(x) = N(global)");
}

static void
run_isglobal (ElaraState *L, void *ud)
{
  LexRun *run = ud;
  LexState ls;
  Stream z;
  HarnessReader r = harness_reader_new (run->src, strlen (run->src), 0);
  TString *source;
  Table *h;

  memset (&ls, 0, sizeof ls);
  h = el_table_new (L);
  sethvalue (L, s2v (L->top), h);
  el_call_inctop (L);
  source = el_str_new (L, "=test");
  setsvalue (L, s2v (L->top), source);
  el_call_inctop (L);
  el_stream_init (L, &z, harness_reader, &r);
  ls.h = h;
  ls.buff = &run->buff;
  el_lex_setinput (L, &ls, &z, source, zgetc (&z));
  el_lex_next (&ls);
  g_assert_true (el_lex_isglobal (&ls));
  g_assert_cmpint (el_lex_lookahead (&ls), ==, '<');
  el_lex_next (&ls);
  g_assert_cmpint (ls.t.token, ==, '<');
  el_lex_next (&ls);
  g_assert_false (el_lex_isglobal (&ls));
  g_assert_cmpint (ls.t.token, ==, TK_NAME);
  g_assert_true (ls.t.seminfo.ts == ls.envn);
}

static void
test_isglobal (void)
{
  ElaraState *L = harness_newstate (0x5eed);
  LexRun run = { "global <_ENV", NULL, { 0 }, 0 };

  el_stream_initbuffer (L, &run.buff);
  g_assert_cmpint (el_call_rawrunprotected (L, run_isglobal, &run), ==,
                   ELARA_OK);
  el_stream_freebuffer (L, &run.buff);
  el_state_close (L);
}

/* -- Numerals ------------------------------------------------------------ */

static void
test_decimal (void)
{
  check_lex ("0 3 345 3.0 3.1416 .5 5. 314.16e-2 0.31416E1 34e1",
             "I(0) I(3) I(345) F(3) F(3.1415999999999999) F(0.5) F(5) "
             "F(3.1415999999999999) F(3.1415999999999999) F(340)");
  check_lex ("9223372036854775807", "I(9223372036854775807)");
  /* too large for an integer: a float */
  check_lex ("9223372036854775808", "F(9.2233720368547758e+18)");
  check_lex ("3..2", "ERR:test:1: malformed number near '3..2'");
}

static void
test_hex (void)
{
  check_lex ("0xff 0XA 0x10 0xBEBADA", "I(255) I(10) I(16) I(12499674)");
  /* hexadecimal integers wrap around */
  check_lex ("0x7fffffffffffffffff 0xffffffffffffffff", "I(-1) I(-1)");
}

static void
test_hexfloat (void)
{
  check_lex ("0x0.1E 0xA23p-4 0X1.921FB54442D18P+1 0x.8p1 0xA.8",
             "F(0.1171875) F(162.1875) F(3.1415926535897931) F(1) F(10.5)");
}

static void
test_exponent (void)
{
  check_lex ("1e2 1E+2 1e-2 2.5e0", "F(100) F(100) F(0.01) F(2.5)");
  /* the sign belongs to the numeral only right after the mark */
  check_lex ("3-4 0xe+1", "I(3) - I(4) I(14) + I(1)");
}

static void
test_malformed (void)
{
  check_lex ("3x", "ERR:test:1: malformed number near '3x'");
  check_lex ("0x", "ERR:test:1: malformed number near '0x'");
  check_lex ("1e", "ERR:test:1: malformed number near '1e'");
  check_lex ("1e+", "ERR:test:1: malformed number near '1e+'");
  check_lex ("0x1p", "ERR:test:1: malformed number near '0x1p'");
  check_lex ("1.2.3", "ERR:test:1: malformed number near '1.2.3'");
  check_lex ("x = .5e", "ERR:test:1: malformed number near '.5e'");
}

/* -- Strings ------------------------------------------------------------- */

static void
test_escapes (void)
{
  check_lex ("'\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\''",
             "S(\\7\\8\\12\\10\\13\\9\\11\\92\"')");
  check_lex ("\"\\x41\\x6a\\65\\066\\0\\255x\"", "S(AjAB\\0\\255x)");
  check_lex ("'\\u{48}\\u{e9}\\u{20AC}'", "S(H\\195\\169\\226\\130\\172)");
  check_lex ("'\\u{7FFFFFFF}'", "S(\\253\\191\\191\\191\\191\\191)");
  check_lex ("'a\\z  \n\t  b'", "S(ab)");
  check_lex ("'a\\\nb'", "S(a\\10b)");
  check_lex ("'\\1234'", "S({4)");
}

static void
test_long (void)
{
  check_lex ("[[abc]]", "S(abc)");
  check_lex ("[[\nabc]]", "S(abc)");
  check_lex ("[==[a]]b]=]c]==]", "S(a]]b]=]c)");
  check_lex ("[[a\r\nb\n\rc\rd]]", "S(a\\10b\\10c\\10d)");
  check_lex ("[ [=", "ERR:test:1: invalid long string delimiter near '[='");
  check_lex ("a[b]", "N(a) [ N(b) ]");
}

static void
test_comments (void)
{
  check_lex ("a -- comment\nb", "N(a) N(b)");
  check_lex ("a --[[ long\ncomment ]] b", "N(a) N(b)");
  check_lex ("a --[==[ ]] ]==] b", "N(a) N(b)");
  check_lex ("a --[= not long\nb", "N(a) N(b)");
  check_lex ("a --", "N(a)");
}

static void
test_string_errors (void)
{
  check_lex ("\"abc", "ERR:test:1: unfinished string near <eof>");
  check_lex ("\"abc\ndef\"", "ERR:test:1: unfinished string near '\"abc'");
  check_lex ("[[abc",
             "ERR:test:1: unfinished long string (starting at line 1) "
             "near <eof>");
  check_lex ("x=[=[\n]]",
             "ERR:test:2: unfinished long string (starting at line 1) "
             "near <eof>");
  check_lex ("--[[abc",
             "ERR:test:1: unfinished long comment (starting at line 1) "
             "near <eof>");
  check_lex ("\"\\q\"", "ERR:test:1: invalid escape sequence near '\"\\q'");
  check_lex ("\"\\300\"",
             "ERR:test:1: decimal escape too large near '\"\\300\"'");
  check_lex ("\"\\u{80000000}\"",
             "ERR:test:1: UTF-8 value too large near '\"\\u{80000000'");
  check_lex ("\"\\u123\"", "ERR:test:1: missing '{' near '\"\\u1'");
  check_lex ("\"\\u{12\"", "ERR:test:1: missing '}' near '\"\\u{12\"'");
  check_lex ("\"\\u{}\"",
             "ERR:test:1: hexadecimal digit expected near '\"\\u{}'");
  check_lex ("\"\\xg\"",
             "ERR:test:1: hexadecimal digit expected near '\"\\xg'");
  check_lex ("\"\\x1\"",
             "ERR:test:1: hexadecimal digit expected near '\"\\x1\"'");
  check_lex ("a = \"\\", "ERR:test:1: unfinished string near <eof>");
}

/* -- Lines --------------------------------------------------------------- */

static void
test_line_endings (void)
{
  check_lines ("a\nb\rc\r\nd\n\re", "N(a)@1 N(b)@2 N(c)@3 N(d)@4 N(e)@5");
  check_lines ("a\n\nb\r\rc\n\r\nd", "N(a)@1 N(b)@3 N(c)@5 N(d)@7");
  check_lines ("[[\r\nx\r\n]] y", "S(x\\10)@3 N(y)@3");
  check_lines ("'a\\\r\nb' c", "S(a\\10b)@2 N(c)@2");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lex/tokens/reserved", test_reserved);
  g_test_add_func ("/lex/tokens/symbols", test_symbols);
  g_test_add_func ("/lex/tokens/names", test_names);
  g_test_add_func ("/lex/tokens/global-is-a-name", test_global);
  g_test_add_func ("/lex/tokens/isglobal-lookahead", test_isglobal);
  g_test_add_func ("/lex/numbers/decimal", test_decimal);
  g_test_add_func ("/lex/numbers/hex", test_hex);
  g_test_add_func ("/lex/numbers/hex-float", test_hexfloat);
  g_test_add_func ("/lex/numbers/exponent", test_exponent);
  g_test_add_func ("/lex/numbers/malformed", test_malformed);
  g_test_add_func ("/lex/strings/escapes", test_escapes);
  g_test_add_func ("/lex/strings/long", test_long);
  g_test_add_func ("/lex/strings/comments", test_comments);
  g_test_add_func ("/lex/strings/errors", test_string_errors);
  g_test_add_func ("/lex/lines/endings", test_line_endings);
  return g_test_run ();
}
