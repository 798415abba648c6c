/*
** str.h: strings (interning of short strings, long strings)
** SPDX-License-Identifier: MIT
*/
#ifndef EL_STR_H
#define EL_STR_H

#include "mem.h"
#include "object.h"

struct ElaraState;

/* Bytes of a string of length l: header, data and the terminating '\0'.
** str.c reads a short string's data as whole 8-byte words: pooled blocks
** have room for them (the pool hands out multiples of 8 bytes, mem.h);
** without the pool the size asked for is rounded up to make that room. */
#if EL_MEM_USEPOOL
#define sizelstring(l)  (offsetof (TString, data) + ((l) + 1) * sizeof (char))
#else
#define sizelstring(l) \
  (offsetof (TString, data) + (((size_t) (l) + 8) & ~(size_t) 7))
#endif

/* New string from a C literal. */
#define el_str_newliteral(L, s) (el_str_newlstr (L, "" s, sizeof (s) - 1))
#define eqshrstr(a, b)  ((a) == (b))

/* Seeded hash of any l bytes: the one short strings are interned by. */
EL_FUNC unsigned int el_str_hash (const char *str, size_t l, unsigned int seed);
/* Hash of a long string (computed once, cached). */
EL_FUNC unsigned int el_str_hashlong (TString *ts);
EL_FUNC int el_str_eqlngstr (TString *a, TString *b);
/* Create the string table and the memory-error message. */
EL_FUNC void el_str_init (struct ElaraState *L);
EL_FUNC void el_str_resize (struct ElaraState *L, int newsize);
/* Remove a dead short string from the table (collector). */
EL_FUNC void el_str_remove (struct ElaraState *L, TString *ts);
/* A string with the given bytes: interned when short. */
EL_FUNC TString *el_str_newlstr (struct ElaraState *L, const char *str, size_t l);
EL_FUNC TString *el_str_new (struct ElaraState *L, const char *str);
/* For a fast entry (host_fast_setlstring): set 'dst' to the string, and
** set G(L)->fastmade when that made a new object (the VM then checks the
** collector; finding an interned string makes nothing). */
EL_FUNC void el_str_setfast (struct ElaraState *L, TValue *dst,
                             const char *str, size_t l);
/* A long string object of length l with uninitialised contents. */
EL_FUNC TString *el_str_createlngstrobj (struct ElaraState *L, size_t l);
/* A long string of length l (> EL_MAXSHORTLEN) made from 'block', a block
** of sizelstring (cap) bytes (cap >= l) from mem.c whose contents are at
** offset offsetof (TString, data).  The block is shrunk to fit (it may
** move) and belongs to the string from then on; on a memory error it is
** left as it was. */
EL_FUNC TString *el_str_fromblock (struct ElaraState *L, void *block,
                                   size_t cap, size_t l);
/* Full userdata with 'nuvalue' user values and 's' bytes. */
EL_FUNC Udata *el_str_newudata (struct ElaraState *L, size_t s, int nuvalue);
/* Free a string (collector). */
EL_FUNC void el_str_free (struct ElaraState *L, TString *ts);
/* Shrink the string table if sparse (collector). */
EL_FUNC void el_str_checkshrink (struct ElaraState *L);

#endif /* EL_STR_H */
