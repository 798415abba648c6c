/*
** lex.h: the lexer (source text -> tokens) shared with the parser
** SPDX-License-Identifier: MIT
**
** Single-character tokens ('+', '{', ...) are their own character code.
** Every other token is >= FIRST_RESERVED.  Reserved words come first, in
** the order of EL_TOKEN_RESERVED, so that a reserved word's TString.extra
** (1-based) maps back to its token:  token = FIRST_RESERVED + extra - 1.
**
** The contextual word 'global'
** ----------------------------
** Lua 5.5 lists 'global' among the reserved words, but its default build
** (and Elara's, EL_COMPAT_GLOBAL = 1) keeps it usable as an ordinary name:
** 'global = 1', 't.global', 'local global' all stay valid.  The lexer
** therefore returns 'global' as TK_NAME whose seminfo.ts is ls->glbn (the
** interned string "global", pointer-comparable).  The parser recognises the
** declaration statement at statement start with el_lex_isglobal (ls) and
** then decides by looking ahead (el_lex_lookahead): it is a 'global'
** declaration when the next token is '<', a Name, '*' or 'function';
** otherwise 'global' is just a name and parsing continues as an expression
** statement.  Every other place that expects a Name accepts it unchanged.
** With EL_COMPAT_GLOBAL = 0 the lexer returns TK_GLOBAL instead (strict
** 5.5); el_lex_isglobal is true for it too, so the parser needs no #if.
*/
#ifndef EL_LEX_H
#define EL_LEX_H

#include <limits.h>

#include "object.h"
#include "stream.h"

#ifndef EL_COMPAT_GLOBAL
#define EL_COMPAT_GLOBAL 1
#endif

#define FIRST_RESERVED  (UCHAR_MAX + 1)

/* Name of the upvalue holding the environment. */
#define EL_ENV          "_ENV"

/* Initial size of the token buffer. */
#define EL_MINBUFFER    32

/* -- Tokens (X-macros: one list, enum and names) ---------------------------
** _(ENUM_SUFFIX, "text") */
#define EL_TOKEN_RESERVED(_) \
  _(AND, "and") _(BREAK, "break") _(DO, "do") _(ELSE, "else") \
  _(ELSEIF, "elseif") _(END, "end") _(FALSE, "false") _(FOR, "for") \
  _(FUNCTION, "function") _(GLOBAL, "global") _(GOTO, "goto") _(IF, "if") \
  _(IN, "in") _(LOCAL, "local") _(NIL, "nil") _(NOT, "not") _(OR, "or") \
  _(REPEAT, "repeat") _(RETURN, "return") _(THEN, "then") _(TRUE, "true") \
  _(UNTIL, "until") _(WHILE, "while")

#define EL_TOKEN_OTHER(_) \
  _(IDIV, "//") _(CONCAT, "..") _(DOTS, "...") _(EQ, "==") _(GE, ">=") \
  _(LE, "<=") _(NE, "~=") _(SHL, "<<") _(SHR, ">>") _(DBCOLON, "::") \
  _(EOS, "<eof>") \
  _(FLT, "<number>") _(INT, "<integer>") _(NAME, "<name>") \
  _(STRING, "<string>")

#define EL_TOKEN_ENUM(name, text) TK_##name,
enum RESERVED {
  TK__FIRST = FIRST_RESERVED - 1,
  EL_TOKEN_RESERVED (EL_TOKEN_ENUM)
  EL_TOKEN_OTHER (EL_TOKEN_ENUM)
  TK__LAST
};
#undef EL_TOKEN_ENUM

#define NUM_RESERVED    (cast_int (TK_WHILE - FIRST_RESERVED + 1))
#define NUM_TOKENS      (cast_int (TK__LAST - FIRST_RESERVED))

/* -- Lexer state ---------------------------------------------------------- */

typedef union {
  ElNum r;                    /* TK_FLT */
  ElInt i;                    /* TK_INT */
  TString *ts;                /* TK_NAME, TK_STRING (anchored in ls->h) */
} SemInfo;

typedef struct Token {
  int token;
  SemInfo seminfo;
} Token;

/* Scanner state plus the parser state shared by all functions of one
** chunk.  'lookahead.token' is TK_EOS when there is no look-ahead. */
typedef struct LexState {
  int current;                /* current character (or EOZ) */
  int linenumber;             /* input line counter */
  int lastline;               /* line of the last token consumed */
  Token t;                    /* current token */
  Token lookahead;            /* look-ahead token */
  struct FuncState *fs;       /* current function (parser) */
  struct ElaraState *L;
  Stream *z;                  /* input */
  Mbuffer *buff;              /* token text being scanned */
  Table *h;                   /* anchors strings/constants of the chunk */
  struct Dyndata *dyd;        /* parser's dynamic structures */
  TString *source;            /* chunk name */
  TString *envn;              /* "_ENV" */
  TString *brkn;              /* "break" (usable as a label name) */
  TString *glbn;              /* "global" (the contextual keyword) */
} LexState;

/* Is the current token the word 'global' (as TK_NAME in compat builds, as
** TK_GLOBAL in strict ones)?  The parser still has to look ahead. */
#define el_lex_isglobal(ls) \
  ((ls)->t.token == TK_GLOBAL \
   || ((ls)->t.token == TK_NAME && (ls)->t.seminfo.ts == (ls)->glbn))

/* Create the reserved-word strings (fixed, TString.extra = index, 1-based).
** Called once per global state. */
EL_FUNC void el_lex_init (struct ElaraState *L);
/* Prepare 'ls' to scan 'z'; 'firstchar' is the already read first byte.
** The caller sets ls->buff, ls->h and ls->dyd before. */
EL_FUNC void el_lex_setinput (struct ElaraState *L, LexState *ls, Stream *z,
                              TString *source, int firstchar);
/* A string for the parser (names, constants), anchored in ls->h so it
** survives collections during the compilation. */
EL_FUNC TString *el_lex_newstring (LexState *ls, const char *str, size_t l);
/* Advance: ls->t becomes the next token. */
EL_FUNC void el_lex_next (LexState *ls);
/* Scan the next token into ls->lookahead (once) and return it. */
EL_FUNC int el_lex_lookahead (LexState *ls);
/* Raise "chunkid:line: msg near 'tok'" for the current token. */
EL_FUNC EL_NORET el_lex_syntaxerror (LexState *ls, const char *msg);
/* Same for 'token' (0 = no "near" part), ELARA_ERRSYNTAX. */
EL_FUNC EL_NORET el_lex_error (LexState *ls, const char *msg, int token);
/* Printable form of 'token' ("'x'" quoted) pushed on L's stack. */
EL_FUNC const char *el_lex_token2str (LexState *ls, int token);

#endif /* EL_LEX_H */
