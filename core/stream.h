/*
** stream.h: buffered input for the loader (chunks read through an
** ElaraReader) and a growable byte buffer for the lexer
** SPDX-License-Identifier: MIT
*/
#ifndef EL_STREAM_H
#define EL_STREAM_H

#include "object.h"

#define EOZ (-1)  /* end of stream */

typedef struct Stream {
  size_t n;                  /* bytes still unread in the current block */
  const char *p;             /* current position */
  ElaraReader reader;
  void *data;                /* reader's data */
  struct ElaraState *L;      /* for the reader */
} Stream;

#define zgetc(z) (((z)->n--) > 0 ? cast (unsigned char, *(z)->p++) \
                                 : el_stream_fill (z))

typedef struct Mbuffer {
  char *buffer;
  size_t n;
  size_t buffsize;
} Mbuffer;

#define el_stream_initbuffer(L, buff) ((buff)->buffer = NULL, (buff)->n = 0, \
                                       (buff)->buffsize = 0)
#define el_stream_buffer(buff)      ((buff)->buffer)
#define el_stream_sizebuffer(buff)  ((buff)->buffsize)
#define el_stream_bufflen(buff)     ((buff)->n)
#define el_stream_buffremove(buff, i) ((buff)->n -= (i))
#define el_stream_resetbuffer(buff) ((buff)->n = 0)
#define el_stream_resizebuffer(L, buff, size) \
  ((buff)->buffer = (char *) el_mem_realloc (L, (buff)->buffer, \
                      (buff)->buffsize, size), (buff)->buffsize = size)
#define el_stream_freebuffer(L, buff) el_stream_resizebuffer (L, buff, 0)

EL_FUNC void el_stream_init (struct ElaraState *L, Stream *z, ElaraReader reader,
                             void *data);
/* Read n bytes into b; returns the number of bytes missing (0 = all read). */
EL_FUNC size_t el_stream_read (Stream *z, void *b, size_t n);
/* Refill the buffer; returns the next byte or EOZ. */
EL_FUNC int el_stream_fill (Stream *z);

#endif /* EL_STREAM_H */
