/*
** io.c: the input/output library (io.* and the methods of file handles)
** SPDX-License-Identifier: MIT
**
** A library plugin: it reaches the core only through the ElaraHost vtable
** received in io_init (one host per process, kept in a static).
**
** A file handle is a full userdata laid out like luaL_Stream, so a classic
** C module going through the capi shim can create and use handles that this
** library understands.  Its 'closef' says how the stream is closed (fclose,
** pclose, or a refusal for the standard files); NULL means "closed".  The
** default input and output files live in the registry.
*/
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "elara/elara-plugin.h"

static const ElaraHost *host;

#define IO_FILEHANDLE   "FILE*"
/* Registry keys of the default files (the names the reference uses, so a
** C module that peeks at them keeps working). */
#define IO_KEY_INPUT    "_IO_input"
#define IO_KEY_OUTPUT   "_IO_output"

/* The longest numeral read by the "n" format: longer input is not a
** number (the reference's limit). */
#define IO_MAXNUMERAL   200

/* io.lines/file:lines keep the file, the count, the close flag and the
** formats as upvalues: at most 255 in all. */
#define IO_MAXLINESARGS 250

typedef struct IoStream {
  FILE *f;
  ElaraCFunction closef;   /* NULL: the handle is closed */
} IoStream;

/* -- The few lua.h / lauxlib.h macros this library needs -------------------*/

#define io_pop(L, n)          host->settop (L, -(n) - 1)
#define io_isnone(L, i)       (host->type (L, (i)) == ELARA_TNONE)
#define io_isnoneornil(L, i)  (host->type (L, (i)) <= 0)
#define io_pushfail(L)        host->pushnil (L)
#define io_checkstring(L, i)  host->checklstring (L, (i), NULL)
#define io_optstring(L, i, d) host->optlstring (L, (i), (d), NULL)

static void
io_replace (ElaraState *L, int idx)
{
  host->copy (L, -1, idx);
  io_pop (L, 1);
}

static void
io_argcheck (ElaraState *L, int cond, int arg, const char *msg)
{
  if (!cond)
    host->argerror (L, arg, msg);
}

/* luaL_addchar and luaL_addsize on the host's buffer layout. */
static void
io_addchar (ElaraBuffer *B, char c)
{
  if (B->n >= B->size)
    host->prepbuffsize (B, 1);
  B->b[B->n++] = c;
}

/* -- Handles ---------------------------------------------------------------*/

static IoStream *
io_tostream (ElaraState *L)
{
  return (IoStream *) host->checkudata (L, 1, IO_FILEHANDLE);
}

#define io_isclosed(p)  ((p)->closef == NULL)

/* The open stream of the handle at index 1. */
static FILE *
io_checkfile (ElaraState *L)
{
  IoStream *p = io_tostream (L);
  if (io_isclosed (p))
    host->errorf (L, "attempt to use a closed file");
  return p->f;
}

/* A new handle starts out closed, so a memory error between its creation
** and the opening of the stream never leaves a half-made handle for __gc. */
static IoStream *
io_newhandle (ElaraState *L)
{
  IoStream *p = host->newuserdatauv (L, sizeof (IoStream), 0);
  p->f = NULL;
  p->closef = NULL;
  host->setmetatable_ (L, IO_FILEHANDLE);
  return p;
}

static int
io_fclose (ElaraState *L)
{
  IoStream *p = io_tostream (L);
  errno = 0;
  return host->fileresult (L, fclose (p->f) == 0, NULL);
}

static int
io_pclose (ElaraState *L)
{
  IoStream *p = io_tostream (L);
  errno = 0;
  return host->execresult (L, pclose (p->f));
}

/* The standard files stay open: re-arm the handle and report failure. */
static int
io_noclose (ElaraState *L)
{
  IoStream *p = io_tostream (L);
  p->closef = io_noclose;
  io_pushfail (L);
  host->pushstring (L, "cannot close standard file");
  return 2;
}

static IoStream *
io_newfile (ElaraState *L)
{
  IoStream *p = io_newhandle (L);
  p->closef = io_fclose;
  return p;
}

/* Close the handle at index 1 through its own close function, marking it
** closed first so that an error inside cannot lead to a second close. */
static int
io_closehandle (ElaraState *L)
{
  IoStream *p = io_tostream (L);
  ElaraCFunction cf = p->closef;
  p->closef = NULL;
  return cf (L);
}

/* Push a handle for 'fname' opened with 'mode', or raise an error. */
static void
io_openorraise (ElaraState *L, const char *fname, const char *mode)
{
  IoStream *p = io_newfile (L);
  p->f = fopen (fname, mode);
  if (p->f == NULL)
    host->errorf (L, "cannot open file '%s' (%s)", fname, strerror (errno));
}

/* fopen modes accepted: [rwa]%+?b* */
static int
io_validmode (const char *mode)
{
  if (*mode == '\0' || strchr ("rwa", *mode) == NULL)
    return 0;
  mode++;
  if (*mode == '+')
    mode++;
  return strspn (mode, "b") == strlen (mode);
}

/* -- Default files ---------------------------------------------------------*/

/* Push the default file 'key' and return its stream. */
static FILE *
io_getdefault (ElaraState *L, const char *key)
{
  IoStream *p;
  host->getfield (L, ELARA_REGISTRYINDEX, key);
  p = host->touserdata (L, -1);
  if (io_isclosed (p))
    host->errorf (L, "default %s file is closed",
                  key + sizeof "_IO_" - 1);
  return p->f;
}

/* io.input / io.output: set the default from a file name or a handle, then
** return the current default. */
static int
io_setdefault (ElaraState *L, const char *key, const char *mode)
{
  if (!io_isnoneornil (L, 1)) {
    const char *fname = host->tolstring (L, 1, NULL);
    if (fname != NULL)
      io_openorraise (L, fname, mode);
    else {
      io_checkfile (L);
      host->pushvalue (L, 1);
    }
    host->setfield (L, ELARA_REGISTRYINDEX, key);
  }
  host->getfield (L, ELARA_REGISTRYINDEX, key);
  return 1;
}

static int
io_input (ElaraState *L)
{
  return io_setdefault (L, IO_KEY_INPUT, "r");
}

static int
io_output (ElaraState *L)
{
  return io_setdefault (L, IO_KEY_OUTPUT, "w");
}

/* -- Opening and closing ---------------------------------------------------*/

static int
io_open (ElaraState *L)
{
  const char *fname = io_checkstring (L, 1);
  const char *mode = io_optstring (L, 2, "r");
  IoStream *p = io_newfile (L);
  io_argcheck (L, io_validmode (mode), 2, "invalid mode");
  errno = 0;
  p->f = fopen (fname, mode);
  if (p->f == NULL)
    return host->fileresult (L, 0, fname);
  return 1;
}

static int
io_popen (ElaraState *L)
{
  const char *cmd = io_checkstring (L, 1);
  const char *mode = io_optstring (L, 2, "r");
  IoStream *p = io_newhandle (L);
  io_argcheck (L, (mode[0] == 'r' || mode[0] == 'w') && mode[1] == '\0', 2,
               "invalid mode");
  /* the child inherits our buffers' file descriptors: empty them first so
  ** pending output is not written twice or out of order */
  fflush (NULL);
  errno = 0;
  p->f = popen (cmd, mode);
  p->closef = io_pclose;
  if (p->f == NULL)
    return host->fileresult (L, 0, cmd);
  return 1;
}

static int
io_tmpfile (ElaraState *L)
{
  IoStream *p = io_newfile (L);
  errno = 0;
  p->f = tmpfile ();
  if (p->f == NULL)
    return host->fileresult (L, 0, NULL);
  return 1;
}

static int
io_file_close (ElaraState *L)
{
  io_checkfile (L);
  return io_closehandle (L);
}

static int
io_close (ElaraState *L)
{
  if (io_isnone (L, 1))
    host->getfield (L, ELARA_REGISTRYINDEX, IO_KEY_OUTPUT);
  return io_file_close (L);
}

/* __gc and __close: handles that are closed or never got a stream are
** left alone. */
static int
io_file_gc (ElaraState *L)
{
  IoStream *p = io_tostream (L);
  if (!io_isclosed (p) && p->f != NULL)
    io_closehandle (L);
  return 0;
}

static int
io_file_tostring (ElaraState *L)
{
  IoStream *p = io_tostream (L);
  if (io_isclosed (p))
    host->pushstring (L, "file (closed)");
  else
    host->pushfstring (L, "file (%p)", (void *) p->f);
  return 1;
}

static int
io_type (ElaraState *L)
{
  IoStream *p;
  host->checkany (L, 1);
  p = host->testudata (L, 1, IO_FILEHANDLE);
  if (p == NULL)
    io_pushfail (L);
  else if (io_isclosed (p))
    host->pushstring (L, "closed file");
  else
    host->pushstring (L, "file");
  return 1;
}

/* -- Reading ---------------------------------------------------------------*/

/* State of the numeral reader: the characters accepted so far and one
** character of look-ahead. */
typedef struct IoNumeral {
  FILE *f;
  int c;                          /* look-ahead */
  int n;                          /* characters in 'buff' */
  char buff[IO_MAXNUMERAL + 1];
} IoNumeral;

/* Keep the look-ahead and read the next character; a numeral that grows
** past the limit is spoiled (the empty string is not a number). */
static int
io_num_accept (IoNumeral *rn)
{
  if (rn->n >= IO_MAXNUMERAL) {
    rn->buff[0] = '\0';
    return 0;
  }
  rn->buff[rn->n++] = (char) rn->c;
  rn->c = getc_unlocked (rn->f);
  return 1;
}

static int
io_num_accept_either (IoNumeral *rn, char a, char b)
{
  if (rn->c == a || rn->c == b)
    return io_num_accept (rn);
  return 0;
}

static int
io_num_digits (IoNumeral *rn, int hex)
{
  int count = 0;
  while ((hex ? isxdigit (rn->c) : isdigit (rn->c)) && io_num_accept (rn))
    count++;
  return count;
}

/* The "n" format: read the longest prefix that looks like a numeral, then
** let the core decide whether it is one.  At most one character is read
** past it (and pushed back), as the reference does. */
static int
io_read_number (ElaraState *L, FILE *f)
{
  IoNumeral rn;
  int digits = 0;
  int hex = 0;
  char point = localeconv ()->decimal_point[0];
  rn.f = f;
  rn.n = 0;
  flockfile (f);
  do
    rn.c = getc_unlocked (f);
  while (isspace (rn.c));
  io_num_accept_either (&rn, '-', '+');
  if (io_num_accept_either (&rn, '0', '0')) {
    if (io_num_accept_either (&rn, 'x', 'X'))
      hex = 1;
    else
      digits = 1;
  }
  digits += io_num_digits (&rn, hex);
  if (io_num_accept_either (&rn, point, '.'))
    digits += io_num_digits (&rn, hex);
  if (digits > 0 && io_num_accept_either (&rn, hex ? 'p' : 'e',
                                          hex ? 'P' : 'E')) {
    io_num_accept_either (&rn, '-', '+');
    io_num_digits (&rn, 0);
  }
  ungetc (rn.c, f);
  funlockfile (f);
  rn.buff[rn.n] = '\0';
  if (host->stringtonumber (L, rn.buff) != 0)
    return 1;
  io_pushfail (L);
  return 0;
}

/* A count of 0: succeed unless at end of file. */
static int
io_read_probe (ElaraState *L, FILE *f)
{
  int c = getc (f);
  ungetc (c, f);
  host->pushstring (L, "");
  return c != EOF;
}

static int
io_read_line (ElaraState *L, FILE *f, int keepnl)
{
  ElaraBuffer b;
  int c = EOF;
  host->buffinit (L, &b);
  do {
    char *dst = host->prepbuffsize (&b, ELARA_BUFFERSIZE);
    size_t i = 0;
    /* no Lua call (hence no error) may happen while the file is locked */
    flockfile (f);
    while (i < (size_t) ELARA_BUFFERSIZE && (c = getc_unlocked (f)) != EOF
           && c != '\n')
      dst[i++] = (char) c;
    funlockfile (f);
    b.n += i;
  } while (c != EOF && c != '\n');
  if (keepnl && c == '\n')
    io_addchar (&b, '\n');
  host->pushresult (&b);
  return c == '\n' || host->rawlen (L, -1) > 0;
}

static void
io_read_all (ElaraState *L, FILE *f)
{
  ElaraBuffer b;
  size_t got;
  host->buffinit (L, &b);
  do {
    char *dst = host->prepbuffsize (&b, ELARA_BUFFERSIZE);
    got = fread (dst, 1, ELARA_BUFFERSIZE, f);
    b.n += got;
  } while (got == (size_t) ELARA_BUFFERSIZE);
  host->pushresult (&b);
}

static int
io_read_count (ElaraState *L, FILE *f, size_t count)
{
  ElaraBuffer b;
  size_t got;
  char *dst;
  host->buffinit (L, &b);
  dst = host->prepbuffsize (&b, count);
  got = fread (dst, 1, count, f);
  b.n += got;
  host->pushresult (&b);
  return got > 0;
}

/* Read with the 'nformats' formats starting at stack index 'first', pushing
** one result per format until one fails (its result becomes fail).  Returns
** the number of results. */
static int
io_readformats (ElaraState *L, FILE *f, int first, int nformats)
{
  int ok = 1;
  int nres = 0;
  clearerr (f);
  errno = 0;
  if (nformats == 0) {
    ok = io_read_line (L, f, 0);
    nres = 1;
  }
  else {
    int arg;
    /* room for every result and for the buffers' own slots */
    host->checkstack_ (L, nformats + ELARA_MINSTACK, "too many arguments");
    for (arg = first; arg < first + nformats && ok; arg++, nres++) {
      if (host->type (L, arg) == ELARA_TNUMBER) {
        size_t count = (size_t) host->checkinteger (L, arg);
        ok = (count == 0) ? io_read_probe (L, f)
                          : io_read_count (L, f, count);
        continue;
      }
      const char *fmt = io_checkstring (L, arg);
      if (*fmt == '*')
        fmt++;  /* 5.2 spelling, still accepted */
      switch (*fmt) {
        case 'n':
          ok = io_read_number (L, f);
          break;
        case 'l':
          ok = io_read_line (L, f, 0);
          break;
        case 'L':
          ok = io_read_line (L, f, 1);
          break;
        case 'a':
          io_read_all (L, f);
          ok = 1;  /* "a" succeeds even at end of file */
          break;
        default:
          return host->argerror (L, arg, "invalid format");
      }
    }
  }
  if (ferror (f))
    return host->fileresult (L, 0, NULL);
  if (!ok) {
    io_pop (L, 1);
    io_pushfail (L);
  }
  return nres;
}

static int
io_read (ElaraState *L)
{
  int nformats = host->gettop (L);
  FILE *f = io_getdefault (L, IO_KEY_INPUT);
  return io_readformats (L, f, 1, nformats);
}

static int
io_file_read (ElaraState *L)
{
  FILE *f = io_checkfile (L);
  return io_readformats (L, f, 2, host->gettop (L) - 1);
}

/* -- Line iterators --------------------------------------------------------*/

/* The iterator: upvalue 1 is the handle, 2 the number of formats, 3 whether
** the iterator owns the file (closes it at end of file), 4... the formats. */
static int
io_lines_next (ElaraState *L)
{
  IoStream *p = host->touserdata (L, elara_upvalueindex (1));
  int nformats = (int) host->tointegerx (L, elara_upvalueindex (2), NULL);
  int nres, i;
  if (io_isclosed (p))
    return host->errorf (L, "file is already closed");
  host->settop (L, 0);
  host->checkstack_ (L, nformats + 1, "too many arguments");
  host->pushvalue (L, elara_upvalueindex (1));
  for (i = 1; i <= nformats; i++)
    host->pushvalue (L, elara_upvalueindex (3 + i));
  nres = io_readformats (L, p->f, 2, nformats);
  if (host->toboolean (L, -nres))
    return nres;
  /* nothing read: a read error (message second) or the end of the file */
  if (nres > 1)
    return host->errorf (L, "%s", host->tolstring (L, -nres + 1, NULL));
  if (host->toboolean (L, elara_upvalueindex (3))) {
    host->settop (L, 0);
    host->pushvalue (L, elara_upvalueindex (1));
    io_closehandle (L);
  }
  return 0;
}

/* Replace the stack (handle at 1, formats above) by the iterator. */
static void
io_pushlines (ElaraState *L, int owns)
{
  int nformats = host->gettop (L) - 1;
  io_argcheck (L, nformats <= IO_MAXLINESARGS, IO_MAXLINESARGS + 2,
               "too many arguments");
  host->pushvalue (L, 1);
  host->pushinteger (L, nformats);
  host->pushboolean (L, owns);
  host->rotate (L, 2, 3);  /* handle, count, flag, then the formats */
  host->pushcclosure (L, io_lines_next, 3 + nformats);
}

static int
io_file_lines (ElaraState *L)
{
  io_checkfile (L);
  io_pushlines (L, 0);
  return 1;
}

/* io.lines(name) owns its file: besides the iterator it returns the handle
** as the generic for's closing value, so a loop left early closes it. */
static int
io_lines (ElaraState *L)
{
  int owns;
  if (io_isnone (L, 1))
    host->pushnil (L);
  if (host->type (L, 1) == ELARA_TNIL) {
    host->getfield (L, ELARA_REGISTRYINDEX, IO_KEY_INPUT);
    io_replace (L, 1);
    io_checkfile (L);
    owns = 0;
  }
  else {
    const char *fname = io_checkstring (L, 1);
    io_openorraise (L, fname, "r");
    io_replace (L, 1);
    owns = 1;
  }
  io_pushlines (L, owns);
  if (!owns)
    return 1;
  host->pushnil (L);
  host->pushnil (L);
  host->pushvalue (L, 1);
  return 4;
}

/* -- Writing ---------------------------------------------------------------*/

/* Write the values from index 'arg' up to the one below the top (the top
** is the handle to return).  On failure: fail, message, errno and the
** bytes written so far. */
static int
io_writevalues (ElaraState *L, FILE *f, int arg)
{
  int last = host->gettop (L) - 1;
  ElaraInteger total = 0;
  errno = 0;
  for (; arg <= last; arg++) {
    char num[64];
    const char *s;
    size_t len = host->numbertocstring (L, arg, num);
    size_t done;
    if (len > 0) {
      s = num;
      len--;  /* the count includes the terminating zero */
    }
    else
      s = host->checklstring (L, arg, &len);
    done = fwrite (s, 1, len, f);
    total += (ElaraInteger) done;
    if (done < len) {
      int n = host->fileresult (L, 0, NULL);
      host->pushinteger (L, total);
      return n + 1;
    }
  }
  return 1;
}

static int
io_write (ElaraState *L)
{
  return io_writevalues (L, io_getdefault (L, IO_KEY_OUTPUT), 1);
}

static int
io_file_write (ElaraState *L)
{
  FILE *f = io_checkfile (L);
  host->pushvalue (L, 1);
  return io_writevalues (L, f, 2);
}

/* -- Positioning and buffering ---------------------------------------------*/

static int
io_file_seek (ElaraState *L)
{
  static const int whence[] = { SEEK_SET, SEEK_CUR, SEEK_END };
  static const char *const names[] = { "set", "cur", "end", NULL };
  FILE *f = io_checkfile (L);
  int op = host->checkoption (L, 2, "cur", names);
  ElaraInteger offset = host->optinteger (L, 3, 0);
  io_argcheck (L, (ElaraInteger) (off_t) offset == offset, 3,
               "not an integer in proper range");
  errno = 0;
  if (fseeko (f, (off_t) offset, whence[op]) != 0)
    return host->fileresult (L, 0, NULL);
  host->pushinteger (L, (ElaraInteger) ftello (f));
  return 1;
}

static int
io_file_setvbuf (ElaraState *L)
{
  static const int modes[] = { _IONBF, _IOFBF, _IOLBF };
  static const char *const names[] = { "no", "full", "line", NULL };
  FILE *f = io_checkfile (L);
  int op = host->checkoption (L, 2, NULL, names);
  ElaraInteger size = host->optinteger (L, 3, ELARA_BUFFERSIZE);
  errno = 0;
  return host->fileresult (L, setvbuf (f, NULL, modes[op], (size_t) size) == 0,
                           NULL);
}

static int
io_flushstream (ElaraState *L, FILE *f)
{
  errno = 0;
  return host->fileresult (L, fflush (f) == 0, NULL);
}

static int
io_flush (ElaraState *L)
{
  return io_flushstream (L, io_getdefault (L, IO_KEY_OUTPUT));
}

static int
io_file_flush (ElaraState *L)
{
  return io_flushstream (L, io_checkfile (L));
}

/* -- Registration ----------------------------------------------------------*/

static const ElaraLibReg io_funcs[] = {
  { "close", io_close },
  { "flush", io_flush },
  { "input", io_input },
  { "lines", io_lines },
  { "open", io_open },
  { "output", io_output },
  { "popen", io_popen },
  { "read", io_read },
  { "tmpfile", io_tmpfile },
  { "type", io_type },
  { "write", io_write },
  { NULL, NULL }
};

static const ElaraLibReg io_methods[] = {
  { "read", io_file_read },
  { "write", io_file_write },
  { "lines", io_file_lines },
  { "flush", io_file_flush },
  { "seek", io_file_seek },
  { "close", io_file_close },
  { "setvbuf", io_file_setvbuf },
  { NULL, NULL }
};

static const ElaraLibReg io_metamethods[] = {
  { "__gc", io_file_gc },
  { "__close", io_file_gc },
  { "__tostring", io_file_tostring },
  { NULL, NULL }
};

/* Add a handle for a standard stream to the library table (below the new
** handle) and, when 'key' is given, make it a default file. */
static void
io_addstdfile (ElaraState *L, FILE *f, const char *key, const char *name)
{
  IoStream *p = io_newhandle (L);
  p->f = f;
  p->closef = io_noclose;
  if (key != NULL) {
    host->pushvalue (L, -1);
    host->setfield (L, ELARA_REGISTRYINDEX, key);
  }
  host->setfield (L, -2, name);
}

static int
io_init (ElaraState *L, const ElaraHost *h)
{
  host = h;
  host->register_lib (L, "io", io_funcs, 1);
  /* the handles' metatable (it gets its __name from newmetatable) */
  host->newmetatable (L, IO_FILEHANDLE);
  host->setfuncs (L, io_metamethods, 0);
  host->createtable (L, 0, 7);
  host->setfuncs (L, io_methods, 0);
  host->setfield (L, -2, "__index");
  io_pop (L, 1);
  io_addstdfile (L, stdin, IO_KEY_INPUT, "stdin");
  io_addstdfile (L, stdout, IO_KEY_OUTPUT, "stdout");
  io_addstdfile (L, stderr, NULL, "stderr");
  io_pop (L, 1);
  return 0;
}

static const char *const io_provides[] = { "io", NULL };
static const char *const io_depends[] = { "base", NULL };

static const ElaraPluginDesc io_desc = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraPluginDesc),
  .kind = ELARA_PLUGIN_KIND_LIBRARY,
  .name = "io",
  .version = "0.1.0",
  .description = "input and output (io.open, io.read, io.lines, files, ...)",
  .provides = io_provides,
  .depends = io_depends,
  .build_id = NULL,
  .init = io_init,
  .load = NULL,
  .ops = NULL,
};

ELARA_PLUGIN_DEFINE (io, &io_desc)
