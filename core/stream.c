/*
** stream.c: buffered input for the loader: chunks come in blocks from an
** ElaraReader
** SPDX-License-Identifier: MIT
**
** Invariant: 'p' points to the next unread byte and 'n' counts the bytes
** left in the reader's current block (the block belongs to the reader and
** stays valid until the next call).
*/
#include "config.h"
#include "stream.h"

#include <string.h>

void
el_stream_init (struct ElaraState *L, Stream *z, ElaraReader reader,
                void *data)
{
  z->L = L;
  z->reader = reader;
  z->data = data;
  z->n = 0;
  z->p = NULL;
}

int
el_stream_fill (Stream *z)
{
  size_t size;
  const char *buff = z->reader (z->L, z->data, &size);
  if (buff == NULL || size == 0)
    return EOZ;
  z->n = size - 1;              /* the byte returned now is consumed */
  z->p = buff;
  return (unsigned char) *(z->p++);
}

size_t
el_stream_read (Stream *z, void *b, size_t n)
{
  char *dst = b;
  while (n > 0) {
    size_t m;
    if (z->n == 0) {
      /* refill, then put the byte fill consumed back */
      if (el_stream_fill (z) == EOZ)
        return n;
      z->n++;
      z->p--;
    }
    m = (n <= z->n) ? n : z->n;
    memcpy (dst, z->p, m);
    z->n -= m;
    z->p += m;
    dst += m;
    n -= m;
  }
  return 0;
}
