/*
** parse.h: the parser (source text -> Proto), driving the code generator
** in compile.c.  Entry point for the loader.
** SPDX-License-Identifier: MIT
*/
#ifndef EL_PARSE_H
#define EL_PARSE_H

#include "object.h"
#include "stream.h"

/* Kinds of variables (Upvaldesc.kind, variable descriptors). */
#define VDKREG     0   /* regular local */
#define RDKCONST   1   /* local constant (read-only) */
#define RDKVAVAR   2   /* vararg parameter (read-only) */
#define RDKTOCLOSE 3   /* to-be-closed local */
#define RDKCTC     4   /* local compile-time constant */
#define GDKREG     5   /* regular global */
#define GDKCONST   6   /* global constant */

/* Scratch memory of one compilation, freed by the caller after the
** (protected) parse whether it succeeded or raised.  Owned by parse.c. */
typedef struct ParseScratch {
  Mbuffer buff;              /* lexer token buffer */
  void *actvar; int nactvar, sizeactvar;    /* active variable descriptors */
  void *gt; int ngt, sizegt;                /* pending gotos */
  void *label; int nlabel, sizelabel;       /* active labels */
} ParseScratch;

EL_FUNC void el_parse_initscratch (struct ElaraState *L, ParseScratch *ps);
EL_FUNC void el_parse_freescratch (struct ElaraState *L, ParseScratch *ps);
/* Compile the chunk read from 'z' (first char already read: 'firstchar')
** named 'name'; pushes and returns the main closure (one upvalue, _ENV, set
** by the caller).  Syntax errors raise ELARA_ERRSYNTAX with the message
** "chunkid:line: msg near 'tok'". */
EL_FUNC LClosure *el_parse_chunk (struct ElaraState *L, Stream *z,
                                  ParseScratch *ps, const char *name,
                                  int firstchar);

#endif /* EL_PARSE_H */
