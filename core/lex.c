/*
** lex.c: the lexer: turns the bytes of a chunk into tokens for parse.c
** SPDX-License-Identifier: MIT
**
** The scanner keeps one character of look-ahead in ls->current (EOZ at the
** end) and accumulates the text of the token being read in ls->buff.  The
** buffer keeps the raw text of literals (quotes and backslashes included)
** until an escape is decoded, so that error messages can quote exactly
** what the user wrote ("near '"\q'").  Every string handed to the parser is
** anchored in ls->h: the collector may run in the middle of a compilation
** and the parser holds raw TString pointers.
*/
#include "config.h"
#include "lex.h"

#include <string.h>

#include "call.h"
#include "chartype.h"
#include "gc.h"
#include "mem.h"
#include "raise.h"
#include "state.h"
#include "str.h"
#include "table.h"

/* Spelling of every token >= FIRST_RESERVED, in enum order. */
#define EL_TOKEN_TEXT(name, text) text,
static const char *const lex_tokens[] = {
  EL_TOKEN_RESERVED (EL_TOKEN_TEXT)
  EL_TOKEN_OTHER (EL_TOKEN_TEXT)
};
#undef EL_TOKEN_TEXT

#define lex_isnewline(ls)   ((ls)->current == '\n' || (ls)->current == '\r')

static EL_NORET lex_raise (LexState *ls, const char *msg, int token);

/* -- Characters and the token buffer ------------------------------------- */

static inline void
lex_advance (LexState *ls)
{
  ls->current = zgetc (ls->z);
}

/* Append c to the token buffer, growing it by half when full.  The limit
** keeps the size arithmetic far from overflow. */
static void
lex_save (LexState *ls, int c)
{
  Mbuffer *b = ls->buff;

  if (el_stream_bufflen (b) + 1 > el_stream_sizebuffer (b)) {
    size_t newsize = el_stream_sizebuffer (b);

    if (newsize >= EL_MAXSIZE / 3 * 2)
      lex_raise (ls, "lexical element too long", 0);
    newsize += newsize >> 1;
    if (newsize < EL_MINBUFFER)
      newsize = EL_MINBUFFER;
    el_stream_resizebuffer (ls->L, b, newsize);
  }
  b->buffer[el_stream_bufflen (b)++] = (char) c;
}

static inline void
lex_save_advance (LexState *ls)
{
  lex_save (ls, ls->current);
  lex_advance (ls);
}

/* Consume the current character when it is c. */
static int
lex_accept (LexState *ls, int c)
{
  if (ls->current != c)
    return 0;
  lex_advance (ls);
  return 1;
}

/* Save and consume the current character when it is one of the two in
** 'set'. */
static int
lex_accept2 (LexState *ls, const char *set)
{
  if (ls->current != set[0] && ls->current != set[1])
    return 0;
  lex_save_advance (ls);
  return 1;
}

/* Skip one line break: \n, \r, \r\n or \n\r all count as one line. */
static void
lex_newline (LexState *ls)
{
  int first = ls->current;

  lex_advance (ls);
  if (lex_isnewline (ls) && ls->current != first)
    lex_advance (ls);
  if (++ls->linenumber >= INT_MAX)
    lex_raise (ls, "chunk has too many lines", 0);
}

/* -- Errors -------------------------------------------------------------- */

const char *
el_lex_token2str (LexState *ls, int token)
{
  if (token < FIRST_RESERVED) {
    if (el_chartype_isprint (token))
      return el_object_pushfstring (ls->L, "'%c'", token);
    return el_object_pushfstring (ls->L, "'<\\%d>'", token);
  }
  else {
    const char *s = lex_tokens[token - FIRST_RESERVED];

    /* symbols and reserved words are quoted; <eof>, <name>... are not */
    if (token < TK_EOS)
      return el_object_pushfstring (ls->L, "'%s'", s);
    return el_object_pushfstring (ls->L, "%s", s);
  }
}

/* For tokens with a text (names, strings, numerals) quote what was
** actually scanned, as it sits in the buffer. */
static const char *
lex_tokentext (LexState *ls, int token)
{
  switch (token) {
    case TK_NAME: case TK_STRING: case TK_FLT: case TK_INT:
      lex_save (ls, '\0');
      return el_object_pushfstring (ls->L, "'%s'",
                                    el_stream_buffer (ls->buff));
    default:
      return el_lex_token2str (ls, token);
  }
}

static EL_NORET
lex_raise (LexState *ls, const char *msg, int token)
{
  msg = el_raise_addinfo (ls->L, msg, ls->source, ls->linenumber);
  if (token)
    el_object_pushfstring (ls->L, "%s near %s", msg, lex_tokentext (ls, token));
  el_call_throw (ls->L, ELARA_ERRSYNTAX);
}

void
el_lex_error (LexState *ls, const char *msg, int token)
{
  lex_raise (ls, msg, token);
}

void
el_lex_syntaxerror (LexState *ls, const char *msg)
{
  lex_raise (ls, msg, ls->t.token);
}

/* -- Setup and strings --------------------------------------------------- */

void
el_lex_init (ElaraState *L)
{
  TString *env = el_str_newliteral (L, EL_ENV);
  int i;

  el_gc_fix (L, obj2gco (env));
  for (i = 0; i < NUM_RESERVED; i++) {
    TString *ts = el_str_new (L, lex_tokens[i]);

    el_gc_fix (L, obj2gco (ts));
    ts->extra = cast_byte (i + 1);
  }
}

void
el_lex_setinput (ElaraState *L, LexState *ls, Stream *z, TString *source,
                 int firstchar)
{
  ls->t.token = 0;
  ls->L = L;
  ls->current = firstchar;
  ls->lookahead.token = TK_EOS;
  ls->z = z;
  ls->fs = NULL;
  ls->linenumber = 1;
  ls->lastline = 1;
  ls->source = source;
  /* "_ENV", "break" and "global" are fixed by el_lex_init: no anchor
  ** needed */
  ls->envn = el_str_newliteral (L, EL_ENV);
  ls->brkn = el_str_newliteral (L, "break");
  ls->glbn = el_str_newliteral (L, "global");
  el_stream_resizebuffer (L, ls->buff, EL_MINBUFFER);
}

/* Keep ts alive until the end of the compilation by storing it as a key
** of ls->h.  Equal long strings are merged, so each distinct constant of
** the chunk has one object. */
static TString *
lex_anchor (LexState *ls, TString *ts)
{
  ElaraState *L = ls->L;
  const TValue *old = el_table_getstr (ls->h, ts);
  TValue *slot;

  if (!isempty (old))
    return tsvalue (old);
  /* the string is on the stack (reachable) while the table may grow.  No
  ** stack check: growing the stack could collect 'ts' before it is
  ** anchored, and a thread always owns EXTRA_STACK slots above
  ** stack_last for such short-lived pushes */
  slot = s2v (L->top);
  L->top++;
  setsvalue (L, slot, ts);
  el_table_set (L, ls->h, slot, slot);
  el_gc_checkGC (L);
  L->top--;
  return ts;
}

TString *
el_lex_newstring (LexState *ls, const char *str, size_t l)
{
  return lex_anchor (ls, el_str_newlstr (ls->L, str, l));
}

/* -- Numerals ---------------------------------------------------------------
** The scanner is liberal: it takes digits, letters that can be hex digits,
** dots and exponent marks (with a sign only right after the mark, so that
** '3-4' stays three tokens), and lets el_object_str2num judge the whole
** text.  A letter glued to the end is taken too so that '3x' is reported as
** one malformed number. */
static int
lex_numeral (LexState *ls, SemInfo *seminfo)
{
  TValue obj;
  const char *expo = "Ee";
  int first = ls->current;

  lex_save_advance (ls);
  if (first == '0' && lex_accept2 (ls, "xX"))
    expo = "Pp";
  for (;;) {
    if (lex_accept2 (ls, expo))
      lex_accept2 (ls, "-+");
    else if (el_chartype_isxdigit (ls->current) || ls->current == '.')
      lex_save_advance (ls);
    else
      break;
  }
  if (el_chartype_isalpha (ls->current))
    lex_save_advance (ls);
  lex_save (ls, '\0');
  if (el_object_str2num (el_stream_buffer (ls->buff), &obj) == 0)
    lex_raise (ls, "malformed number", TK_FLT);
  if (ttisinteger (&obj)) {
    seminfo->i = ivalue (&obj);
    return TK_INT;
  }
  seminfo->r = fltvalue (&obj);
  return TK_FLT;
}

/* -- Long brackets ------------------------------------------------------- */

/* Read '[' '='* '[' or ']' '='* ']' up to (not including) the last
** bracket.  Returns level + 2 for a well formed bracket, 1 for a lone
** bracket, 0 for '[=' not followed by '['. */
static size_t
lex_longsep (LexState *ls)
{
  int s = ls->current;
  size_t level = 0;

  lex_save_advance (ls);
  while (ls->current == '=') {
    lex_save_advance (ls);
    level++;
  }
  if (ls->current == s)
    return level + 2;
  return level == 0 ? 1 : 0;
}

/* Long string (seminfo != NULL) or long comment.  'sep' is the level + 2
** of the opening bracket, whose text is in the buffer. */
static void
lex_longstring (LexState *ls, SemInfo *seminfo, size_t sep)
{
  int line = ls->linenumber;

  lex_save_advance (ls);
  /* a line break right after the opening bracket is not part of it */
  if (lex_isnewline (ls))
    lex_newline (ls);
  for (;;) {
    switch (ls->current) {
      case EOZ: {
        const char *msg = el_object_pushfstring (ls->L,
            "unfinished long %s (starting at line %d)",
            seminfo ? "string" : "comment", line);
        lex_raise (ls, msg, TK_EOS);
      }
      case ']':
        if (lex_longsep (ls) == sep) {
          lex_save_advance (ls);
          goto done;
        }
        break;
      case '\n': case '\r':
        lex_save (ls, '\n');
        lex_newline (ls);
        /* a comment's text is never used: keep the buffer small */
        if (!seminfo)
          el_stream_resetbuffer (ls->buff);
        break;
      default:
        if (seminfo)
          lex_save_advance (ls);
        else
          lex_advance (ls);
    }
  }
done:
  if (seminfo)
    seminfo->ts = el_lex_newstring (ls, el_stream_buffer (ls->buff) + sep,
                                    el_stream_bufflen (ls->buff) - 2 * sep);
}

/* -- Short strings and escapes ------------------------------------------- */

/* Fail an escape with 'msg' unless 'ok'.  The offending character joins
** the quoted text of the message. */
static void
lex_esccheck (LexState *ls, int ok, const char *msg)
{
  if (!ok) {
    if (ls->current != EOZ)
      lex_save_advance (ls);
    lex_raise (ls, msg, TK_STRING);
  }
}

/* Save the current character, advance, and read one hex digit. */
static int
lex_hexdigit (LexState *ls)
{
  lex_save_advance (ls);
  lex_esccheck (ls, el_chartype_isxdigit (ls->current),
                "hexadecimal digit expected");
  return el_object_hexavalue (ls->current);
}

/* \xXX: exactly two hex digits. */
static int
lex_hexesc (LexState *ls)
{
  int r = lex_hexdigit (ls);

  r = (r << 4) + lex_hexdigit (ls);
  /* drop the 'x' and the first digit; the second one was never saved */
  el_stream_buffremove (ls->buff, 2);
  return r;
}

/* \u{XXX}: a code point below 2^31 (Lua's extended UTF-8 up to 6 bytes). */
static void
lex_utf8esc (LexState *ls)
{
  char buff[8];
  unsigned long r;
  size_t nsaved = 4;     /* "\\u{X" in the buffer, all removed on success */
  int n;

  lex_save_advance (ls);                 /* 'u' */
  lex_esccheck (ls, ls->current == '{', "missing '{'");
  r = (unsigned long) lex_hexdigit (ls);
  for (;;) {
    lex_save_advance (ls);
    if (!el_chartype_isxdigit (ls->current))
      break;
    nsaved++;
    lex_esccheck (ls, r <= (0x7FFFFFFFul >> 4), "UTF-8 value too large");
    r = (r << 4) + (unsigned long) el_object_hexavalue (ls->current);
  }
  lex_esccheck (ls, ls->current == '}', "missing '}'");
  lex_advance (ls);
  el_stream_buffremove (ls->buff, nsaved);
  n = el_object_utf8esc (buff, r);
  for (; n > 0; n--)
    lex_save (ls, buff[8 - n]);
}

/* \ddd: up to three decimal digits, value at most 255. */
static int
lex_decesc (LexState *ls)
{
  int r = 0;
  int i;

  for (i = 0; i < 3 && el_chartype_isdigit (ls->current); i++) {
    r = 10 * r + ls->current - '0';
    lex_save_advance (ls);
  }
  lex_esccheck (ls, r <= UCHAR_MAX, "decimal escape too large");
  el_stream_buffremove (ls->buff, (size_t) i);
  return r;
}

/* Handle the escape whose backslash is in the buffer and whose letter is
** ls->current.  Leaves the decoded bytes in the buffer instead of the
** backslash. */
static void
lex_escape (LexState *ls)
{
  int c;

  switch (ls->current) {
    case 'a': c = '\a'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'v': c = '\v'; break;
    case '\\': case '"': case '\'':
      c = ls->current;
      break;
    case 'x':
      c = lex_hexesc (ls);
      break;
    case 'u':
      /* lex_utf8esc also removes the backslash */
      lex_utf8esc (ls);
      return;
    case '\n': case '\r':
      /* a backslash before a line break keeps the break (as '\n') */
      lex_newline (ls);
      el_stream_buffremove (ls->buff, 1);
      lex_save (ls, '\n');
      return;
    case EOZ:
      /* the string loop reports "unfinished string" */
      return;
    case 'z':
      /* \z skips the following white space, line breaks included */
      el_stream_buffremove (ls->buff, 1);
      lex_advance (ls);
      while (el_chartype_isspace (ls->current)) {
        if (lex_isnewline (ls))
          lex_newline (ls);
        else
          lex_advance (ls);
      }
      return;
    default:
      lex_esccheck (ls, el_chartype_isdigit (ls->current),
                    "invalid escape sequence");
      c = lex_decesc (ls);
      el_stream_buffremove (ls->buff, 1);
      lex_save (ls, c);
      return;
  }
  /* single-character escapes and \x: the escape letter (or last hex
  ** digit) is still current */
  lex_advance (ls);
  el_stream_buffremove (ls->buff, 1);
  lex_save (ls, c);
}

static void
lex_string (LexState *ls, int delim, SemInfo *seminfo)
{
  /* the delimiter stays in the buffer so messages show the opening quote */
  lex_save_advance (ls);
  while (ls->current != delim) {
    switch (ls->current) {
      case EOZ:
        lex_raise (ls, "unfinished string", TK_EOS);
      case '\n': case '\r':
        lex_raise (ls, "unfinished string", TK_STRING);
      case '\\':
        lex_save_advance (ls);
        lex_escape (ls);
        break;
      default:
        lex_save_advance (ls);
    }
  }
  lex_save_advance (ls);
  seminfo->ts = el_lex_newstring (ls, el_stream_buffer (ls->buff) + 1,
                                  el_stream_bufflen (ls->buff) - 2);
}

/* -- The scanner --------------------------------------------------------- */

static int
lex_scan (LexState *ls, SemInfo *seminfo)
{
  el_stream_resetbuffer (ls->buff);
  for (;;) {
    switch (ls->current) {
      case '\n': case '\r':
        lex_newline (ls);
        break;
      case ' ': case '\f': case '\t': case '\v':
        lex_advance (ls);
        break;
      case '-':
        lex_advance (ls);
        if (ls->current != '-')
          return '-';
        lex_advance (ls);
        if (ls->current == '[') {
          size_t sep = lex_longsep (ls);

          el_stream_resetbuffer (ls->buff);
          if (sep >= 2) {
            lex_longstring (ls, NULL, sep);
            el_stream_resetbuffer (ls->buff);
            break;
          }
        }
        while (!lex_isnewline (ls) && ls->current != EOZ)
          lex_advance (ls);
        break;
      case '[': {
        size_t sep = lex_longsep (ls);

        if (sep >= 2) {
          lex_longstring (ls, seminfo, sep);
          return TK_STRING;
        }
        if (sep == 0)
          lex_raise (ls, "invalid long string delimiter", TK_STRING);
        return '[';
      }
      case '=':
        lex_advance (ls);
        return lex_accept (ls, '=') ? TK_EQ : '=';
      case '<':
        lex_advance (ls);
        if (lex_accept (ls, '='))
          return TK_LE;
        return lex_accept (ls, '<') ? TK_SHL : '<';
      case '>':
        lex_advance (ls);
        if (lex_accept (ls, '='))
          return TK_GE;
        return lex_accept (ls, '>') ? TK_SHR : '>';
      case '/':
        lex_advance (ls);
        return lex_accept (ls, '/') ? TK_IDIV : '/';
      case '~':
        lex_advance (ls);
        return lex_accept (ls, '=') ? TK_NE : '~';
      case ':':
        lex_advance (ls);
        return lex_accept (ls, ':') ? TK_DBCOLON : ':';
      case '"': case '\'':
        lex_string (ls, ls->current, seminfo);
        return TK_STRING;
      case '.':
        lex_save_advance (ls);
        if (lex_accept (ls, '.'))
          return lex_accept (ls, '.') ? TK_DOTS : TK_CONCAT;
        if (!el_chartype_isdigit (ls->current))
          return '.';
        return lex_numeral (ls, seminfo);
      case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9':
        return lex_numeral (ls, seminfo);
      case EOZ:
        return TK_EOS;
      default:
        if (el_chartype_isalpha (ls->current)) {
          TString *ts;

          do
            lex_save_advance (ls);
          while (el_chartype_isalnum (ls->current));
          ts = el_str_newlstr (ls->L, el_stream_buffer (ls->buff),
                               el_stream_bufflen (ls->buff));
          if (isreserved (ts)) {
            int tok = ts->extra - 1 + FIRST_RESERVED;

            /* see lex.h: 'global' is a name to the scanner */
            if (!(EL_COMPAT_GLOBAL && tok == TK_GLOBAL))
              return tok;
          }
          seminfo->ts = lex_anchor (ls, ts);
          return TK_NAME;
        }
        else {
          int c = ls->current;

          lex_advance (ls);
          return c;
        }
    }
  }
}

void
el_lex_next (LexState *ls)
{
  ls->lastline = ls->linenumber;
  if (ls->lookahead.token != TK_EOS) {
    ls->t = ls->lookahead;
    ls->lookahead.token = TK_EOS;
  }
  else
    ls->t.token = lex_scan (ls, &ls->t.seminfo);
}

int
el_lex_lookahead (LexState *ls)
{
  el_assert (ls->lookahead.token == TK_EOS);
  ls->lookahead.token = lex_scan (ls, &ls->lookahead.seminfo);
  return ls->lookahead.token;
}
