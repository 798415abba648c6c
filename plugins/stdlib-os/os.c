/*
** os.c: the operating system library (time, dates, files, processes)
** SPDX-License-Identifier: MIT
**
** A library plugin: it reaches the core only through the ElaraHost vtable
** received in os_init (one host per process, kept in a static).
*/
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "elara/elara-plugin.h"

static const ElaraHost *host;

/* Every strftime conversion of C99, as the reference accepts them: one
** letter, or E/O followed by one of a few letters. */
#define OS_CONV_PLAIN   "aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%"
#define OS_CONV_E       "cCxXyY"
#define OS_CONV_O       "deHImMSuUVwWy"

/* Room for one strftime conversion (the longest is a locale's %c). */
#define OS_DATE_ITEMSIZE 250

#define OS_TMPNAME_TEMPLATE "/tmp/lua_XXXXXX"

/* -- The few lua.h / lauxlib.h macros this library needs -------------------*/

#define os_pop(L, n)          host->settop (L, -(n) - 1)
#define os_isnoneornil(L, i)  (host->type (L, (i)) <= 0)
#define os_checkstring(L, i)  host->checklstring (L, (i), NULL)
#define os_optstring(L, i, d) host->optlstring (L, (i), (d), NULL)

static void
os_addchar (ElaraBuffer *B, char c)
{
  if (B->n >= B->size)
    host->prepbuffsize (B, 1);
  B->b[B->n++] = c;
}

/* -- Processes and files ---------------------------------------------------*/

static int
os_execute (ElaraState *L)
{
  const char *cmd = os_optstring (L, 1, NULL);
  int stat;
  errno = 0;
  stat = system (cmd);
  if (cmd == NULL) {
    /* system (NULL) asks whether a shell exists */
    host->pushboolean (L, stat);
    return 1;
  }
  return host->execresult (L, stat);
}

static int
os_remove (ElaraState *L)
{
  const char *fname = os_checkstring (L, 1);
  errno = 0;
  return host->fileresult (L, remove (fname) == 0, fname);
}

static int
os_rename (ElaraState *L)
{
  const char *from = os_checkstring (L, 1);
  const char *to = os_checkstring (L, 2);
  errno = 0;
  return host->fileresult (L, rename (from, to) == 0, NULL);
}

/* mkstemp rather than tmpnam: the name is reserved by creating the file,
** so no other process can take it between the call and its use. */
static int
os_tmpname (ElaraState *L)
{
  char name[] = OS_TMPNAME_TEMPLATE;
  int fd = mkstemp (name);
  if (fd == -1)
    return host->errorf (L, "unable to generate a unique filename");
  close (fd);
  host->pushstring (L, name);
  return 1;
}

static int
os_getenv (ElaraState *L)
{
  const char *value = getenv (os_checkstring (L, 1));
  if (value == NULL)
    host->pushnil (L);
  else
    host->pushstring (L, value);
  return 1;
}

static int
os_exit (ElaraState *L)
{
  int status;
  if (host->type (L, 1) == ELARA_TBOOLEAN)
    status = host->toboolean (L, 1) ? EXIT_SUCCESS : EXIT_FAILURE;
  else
    status = (int) host->optinteger (L, 1, EXIT_SUCCESS);
  if (host->toboolean (L, 2) && ELARA_HOST_HAS (host, close_and_exit))
    host->close_and_exit (L, status);
  exit (status);  /* flushes and closes the C streams */
  return 0;
}

/* -- Time and dates --------------------------------------------------------*/

static int
os_clock (ElaraState *L)
{
  host->pushnumber (L, (ElaraNumber) clock () / (ElaraNumber) CLOCKS_PER_SEC);
  return 1;
}

static time_t
os_checktime (ElaraState *L, int arg)
{
  ElaraInteger t = host->checkinteger (L, arg);
  if ((ElaraInteger) (time_t) t != t)
    host->argerror (L, arg, "time out-of-bounds");
  return (time_t) t;
}

/* Store the integer 'value + delta' as field 'key' of the table on top. */
static void
os_setfield (ElaraState *L, const char *key, int value, int delta)
{
  host->pushinteger (L, (ElaraInteger) value + delta);
  host->setfield (L, -2, key);
}

static void
os_settmfields (ElaraState *L, const struct tm *tm)
{
  os_setfield (L, "year", tm->tm_year, 1900);
  os_setfield (L, "month", tm->tm_mon, 1);
  os_setfield (L, "day", tm->tm_mday, 0);
  os_setfield (L, "hour", tm->tm_hour, 0);
  os_setfield (L, "min", tm->tm_min, 0);
  os_setfield (L, "sec", tm->tm_sec, 0);
  os_setfield (L, "yday", tm->tm_yday, 1);
  os_setfield (L, "wday", tm->tm_wday, 1);
  if (tm->tm_isdst >= 0) {  /* negative: unknown, so no field */
    host->pushboolean (L, tm->tm_isdst);
    host->setfield (L, -2, "isdst");
  }
}

/* Field 'key' of the table on top, minus 'delta', as a struct tm int.  An
** absent field takes 'def'; a negative 'def' means the field is required. */
static int
os_gettmfield (ElaraState *L, const char *key, int def, int delta)
{
  int isint;
  int t = host->getfield (L, -1, key);
  ElaraInteger v = host->tointegerx (L, -1, &isint);
  if (!isint) {
    if (t != ELARA_TNIL)
      return host->errorf (L, "field '%s' is not an integer", key);
    if (def < 0)
      return host->errorf (L, "field '%s' missing in date table", key);
    v = def;
  }
  else {
    /* v - delta must fit an int, computed without overflowing */
    if (v >= 0 ? v - delta > INT_MAX : v < (ElaraInteger) INT_MIN + delta)
      return host->errorf (L, "field '%s' is out-of-bound", key);
    v -= delta;
  }
  os_pop (L, 1);
  return (int) v;
}

/* isdst: absent means "let mktime find out" (-1). */
static int
os_getisdst (ElaraState *L)
{
  int res = -1;
  if (host->getfield (L, -1, "isdst") != ELARA_TNIL)
    res = host->toboolean (L, -1);
  os_pop (L, 1);
  return res;
}

/* Check the conversion at 'conv' (just after a '%', 'left' bytes remain)
** and copy it, with its '%', to 'spec'.  Returns the text after it. */
static const char *
os_checkconversion (ElaraState *L, const char *conv, size_t left, char *spec)
{
  size_t len = 0;
  if (left >= 1 && conv[0] != '\0' && strchr (OS_CONV_PLAIN, conv[0]))
    len = 1;
  else if (left >= 2 && conv[1] != '\0'
           && ((conv[0] == 'E' && strchr (OS_CONV_E, conv[1]))
               || (conv[0] == 'O' && strchr (OS_CONV_O, conv[1]))))
    len = 2;
  if (len == 0)
    host->argerror (L, 1, host->pushfstring (L,
                      "invalid conversion specifier '%%%s'", conv));
  spec[0] = '%';
  memcpy (spec + 1, conv, len);
  spec[len + 1] = '\0';
  return conv + len;
}

static int
os_date (ElaraState *L)
{
  size_t len;
  const char *s = host->optlstring (L, 1, "%c", &len);
  const char *end = s + len;
  time_t t = os_isnoneornil (L, 2) ? time (NULL) : os_checktime (L, 2);
  struct tm tmbuf, *tm;
  if (*s == '!') {
    tm = gmtime_r (&t, &tmbuf);
    s++;
  }
  else
    tm = localtime_r (&t, &tmbuf);
  if (tm == NULL)
    return host->errorf (L, "date result cannot be represented in this "
                         "installation");
  if (strcmp (s, "*t") == 0) {
    host->createtable (L, 0, 9);
    os_settmfields (L, tm);
    return 1;
  }
  ElaraBuffer b;
  host->buffinit (L, &b);
  while (s < end) {
    if (*s != '%')
      os_addchar (&b, *s++);
    else {
      char spec[4];
      char *dst = host->prepbuffsize (&b, OS_DATE_ITEMSIZE);
      s = os_checkconversion (L, s + 1, (size_t) (end - s - 1), spec);
      b.n += strftime (dst, OS_DATE_ITEMSIZE, spec, tm);
    }
  }
  host->pushresult (&b);
  return 1;
}

static int
os_time (ElaraState *L)
{
  time_t t;
  if (os_isnoneornil (L, 1))
    t = time (NULL);
  else {
    struct tm tm;
    memset (&tm, 0, sizeof tm);
    host->checktype (L, 1, ELARA_TTABLE);
    host->settop (L, 1);
    tm.tm_year = os_gettmfield (L, "year", -1, 1900);
    tm.tm_mon = os_gettmfield (L, "month", -1, 1);
    tm.tm_mday = os_gettmfield (L, "day", -1, 0);
    tm.tm_hour = os_gettmfield (L, "hour", 12, 0);
    tm.tm_min = os_gettmfield (L, "min", 0, 0);
    tm.tm_sec = os_gettmfield (L, "sec", 0, 0);
    tm.tm_isdst = os_getisdst (L);
    t = mktime (&tm);
    /* the table gets the normalised fields (e.g. day 32 -> next month) */
    os_settmfields (L, &tm);
  }
  if (t == (time_t) -1)
    return host->errorf (L, "time result cannot be represented in this "
                         "installation");
  host->pushinteger (L, (ElaraInteger) t);
  return 1;
}

static int
os_difftime (ElaraState *L)
{
  time_t t1 = os_checktime (L, 1);
  time_t t2 = os_checktime (L, 2);
  host->pushnumber (L, (ElaraNumber) difftime (t1, t2));
  return 1;
}

/* -- Locale ----------------------------------------------------------------*/

static int
os_setlocale (ElaraState *L)
{
  static const int categories[] = {
    LC_ALL, LC_COLLATE, LC_CTYPE, LC_MONETARY, LC_NUMERIC, LC_TIME
  };
  static const char *const names[] = {
    "all", "collate", "ctype", "monetary", "numeric", "time", NULL
  };
  const char *locale = os_optstring (L, 1, NULL);
  int op = host->checkoption (L, 2, "all", names);
  const char *res = setlocale (categories[op], locale);
  if (res == NULL)
    host->pushnil (L);
  else
    host->pushstring (L, res);
  return 1;
}

/* -- Registration ----------------------------------------------------------*/

static const ElaraLibReg os_funcs[] = {
  { "clock", os_clock },
  { "date", os_date },
  { "difftime", os_difftime },
  { "execute", os_execute },
  { "exit", os_exit },
  { "getenv", os_getenv },
  { "remove", os_remove },
  { "rename", os_rename },
  { "setlocale", os_setlocale },
  { "time", os_time },
  { "tmpname", os_tmpname },
  { NULL, NULL }
};

static int
os_init (ElaraState *L, const ElaraHost *h)
{
  host = h;
  host->register_lib (L, "os", os_funcs, 1);
  os_pop (L, 1);
  return 0;
}

static const char *const os_provides[] = { "os", NULL };
static const char *const os_depends[] = { NULL };

static const ElaraPluginDesc os_desc = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraPluginDesc),
  .kind = ELARA_PLUGIN_KIND_LIBRARY,
  .name = "os",
  .version = "0.1.0",
  .description = "operating system facilities (time, date, execute, ...)",
  .provides = os_provides,
  .depends = os_depends,
  .build_id = NULL,
  .init = os_init,
  .load = NULL,
  .ops = NULL,
};

ELARA_PLUGIN_DEFINE (os, &os_desc)
