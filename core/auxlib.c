/*
** auxlib.c: the auxiliary layer (luaL_ functions) and string buffers
** SPDX-License-Identifier: MIT
**
** Everything here goes through the stack API of api.c, like an application
** would: no object pointer is held across a call that may run the
** collector.  The one exception is el_auxlib_pushresult, which turns a
** buffer's block into a string in place (see "String buffers").
** Messages are the reference library's, word for word, since programs
** and tests match on them.
*/
#include "config.h"
#include "auxlib.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "api.h"
#include "gc.h"
#include "mem.h"
#include "meta.h"
#include "state.h"
#include "str.h"
#include "table.h"

/* For the general paths of the argument checks: inlined, they would make
** the common path save registers. */
#if defined(__GNUC__)
#define aux_noinline  __attribute__ ((noinline))
#else
#define aux_noinline
#endif

/* Small stack helpers (the macros of lua.h). */
#define aux_pop(L, n)         el_api_settop (L, -(n) - 1)
#define aux_isnoneornil(L, i) (el_api_type (L, (i)) <= 0)
#define aux_insert(L, i)      el_api_rotate (L, (i), 1)
#define aux_typename(L, i)    el_api_typename_ (L, el_api_type (L, (i)))

static void
aux_remove (ElaraState *L, int idx)
{
  el_api_rotate (L, idx, -1);
  aux_pop (L, 1);
}

static void
aux_replace (ElaraState *L, int idx)
{
  el_api_copy (L, -1, idx);
  aux_pop (L, 1);
}

static int
aux_getmetatable (ElaraState *L, const char *tname)
{
  return el_api_getfield (L, ELARA_REGISTRYINDEX, tname);
}

/* -- Tracebacks and function names ---------------------------------------- */

/* Levels shown before and after the "skipping" line of a long traceback. */
#define AUX_LEVELS1  10
#define AUX_LEVELS2  11

/* Look for the value at absolute index 'objidx' in the table on the top,
** up to 'level' tables deep; on success push its dotted name and return 1.
** Only string keys count. */
static int
aux_findfield (ElaraState *L, int objidx, int level)
{
  if (level == 0 || el_api_type (L, -1) != ELARA_TTABLE)
    return 0;
  el_api_pushnil (L);
  while (el_api_next (L, -2)) {
    if (el_api_type (L, -2) == ELARA_TSTRING) {
      if (el_api_rawequal (L, objidx, -1)) {
        aux_pop (L, 1);                 /* keep the key: the name */
        return 1;
      }
      else if (aux_findfield (L, objidx, level - 1)) {
        /* stack: key, table, subname -> "key.subname" */
        el_api_pushstring (L, ".");
        aux_replace (L, -3);
        el_api_concat (L, 3);
        return 1;
      }
    }
    aux_pop (L, 1);
  }
  return 0;
}

/* Push the name under which the function of 'ar' is reachable from the
** loaded modules ("string.format", or "print" for _G.print). */
static int
aux_pushglobalfuncname (ElaraState *L, ElaraDebug *ar)
{
  int top = el_api_gettop (L);
  el_api_getinfo (L, "f", ar);
  el_api_getfield (L, ELARA_REGISTRYINDEX, EL_AUXLIB_LOADED);
  el_auxlib_checkstack_ (L, 6, "not enough stack");
  if (aux_findfield (L, top + 1, 2)) {
    const char *name = el_api_tolstring (L, -1, NULL);
    if (strncmp (name, EL_AUXLIB_GNAME ".", 3) == 0) {
      el_api_pushstring (L, name + 3);
      aux_remove (L, -2);
    }
    el_api_copy (L, -1, top + 1);
    el_api_settop (L, top + 1);
    return 1;
  }
  el_api_settop (L, top);
  return 0;
}

/* The 5.5 preference: a name from the calling code, then "main chunk",
** then a global name, then the definition place. */
static void
aux_pushfuncname (ElaraState *L, ElaraDebug *ar)
{
  if (*ar->namewhat != '\0')
    el_api_pushfstring (L, "%s '%s'", ar->namewhat, ar->name);
  else if (*ar->what == 'm')
    el_api_pushstring (L, "main chunk");
  else if (aux_pushglobalfuncname (L, ar)) {
    el_api_pushfstring (L, "function '%s'", el_api_tolstring (L, -1, NULL));
    aux_remove (L, -2);
  }
  else if (*ar->what != 'C')
    el_api_pushfstring (L, "function <%s:%d>", ar->short_src,
                        ar->linedefined);
  else
    el_api_pushstring (L, "?");
}

/* The deepest valid level of L (binary search over getstack). */
static int
aux_lastlevel (ElaraState *L)
{
  ElaraDebug ar;
  int li = 1, le = 1;
  while (el_api_getstack (L, le, &ar)) {
    li = le;
    le *= 2;
  }
  while (li < le) {
    int m = (li + le) / 2;
    if (el_api_getstack (L, m, &ar))
      li = m + 1;
    else
      le = m;
  }
  return le - 1;
}

void
el_auxlib_traceback (ElaraState *L, ElaraState *L1, const char *msg,
                     int level)
{
  ElaraBuffer b;
  ElaraDebug ar;
  int last = aux_lastlevel (L1);
  /* a long stack shows its first LEVELS1 and last LEVELS2 levels */
  int limit2show = (last - level > AUX_LEVELS1 + AUX_LEVELS2)
                   ? AUX_LEVELS1 : -1;
  el_auxlib_buffinit (L, &b);
  if (msg != NULL) {
    el_auxlib_addstring (&b, msg);
    el_auxlib_addlstring (&b, "\n", 1);
  }
  el_auxlib_addstring (&b, "stack traceback:");
  while (el_api_getstack (L1, level++, &ar)) {
    if (limit2show-- == 0) {
      int n = last - level - AUX_LEVELS2 + 1;
      el_api_pushfstring (L, "\n\t...\t(skipping %d levels)", n);
      el_auxlib_addvalue (&b);
      level += n;
    }
    else {
      el_api_getinfo (L1, "Slnt", &ar);
      if (ar.currentline <= 0)
        el_api_pushfstring (L, "\n\t%s: in ", ar.short_src);
      else
        el_api_pushfstring (L, "\n\t%s:%d: in ", ar.short_src,
                            ar.currentline);
      el_auxlib_addvalue (&b);
      aux_pushfuncname (L, &ar);
      el_auxlib_addvalue (&b);
      if (ar.istailcall)
        el_auxlib_addstring (&b, "\n\t(...tail calls...)");
    }
  }
  el_auxlib_pushresult (&b);
}

/* -- Errors ------------------------------------------------------------------ */

int
el_auxlib_argerror (ElaraState *L, int arg, const char *extramsg)
{
  ElaraDebug ar;
  const char *argword;
  if (!el_api_getstack (L, 0, &ar))
    return el_auxlib_errorf (L, "bad argument #%d (%s)", arg, extramsg);
  el_api_getinfo (L, "nt", &ar);
  /* arguments added by __call chains are not the caller's */
  if (arg <= ar.extraargs)
    argword = "extra argument";
  else {
    arg -= ar.extraargs;
    if (ar.namewhat != NULL && strcmp (ar.namewhat, "method") == 0) {
      /* colon syntax: the caller does not see 'self' as an argument */
      arg--;
      if (arg == 0)
        return el_auxlib_errorf (L, "calling '%s' on bad self (%s)",
                                 ar.name, extramsg);
    }
    argword = "argument";
  }
  if (ar.name == NULL)
    ar.name = aux_pushglobalfuncname (L, &ar)
              ? el_api_tolstring (L, -1, NULL) : "?";
  return el_auxlib_errorf (L, "bad %s #%d to '%s' (%s)", argword, arg,
                           ar.name, extramsg);
}

int
el_auxlib_typeerror (ElaraState *L, int arg, const char *tname)
{
  const char *typearg;
  const char *msg;
  if (el_auxlib_getmetafield (L, arg, "__name") == ELARA_TSTRING)
    typearg = el_api_tolstring (L, -1, NULL);
  else if (el_api_type (L, arg) == ELARA_TLIGHTUSERDATA)
    typearg = "light userdata";
  else
    typearg = aux_typename (L, arg);
  msg = el_api_pushfstring (L, "%s expected, got %s", tname, typearg);
  return el_auxlib_argerror (L, arg, msg);
}

static void
aux_tagerror (ElaraState *L, int arg, int tag)
{
  el_auxlib_typeerror (L, arg, el_api_typename_ (L, tag));
}

void
el_auxlib_where (ElaraState *L, int lvl)
{
  ElaraDebug ar;
  if (el_api_getstack (L, lvl, &ar)) {
    el_api_getinfo (L, "Sl", &ar);
    if (ar.currentline > 0) {
      el_api_pushfstring (L, "%s:%d: ", ar.short_src, ar.currentline);
      return;
    }
  }
  /* pushfstring (not pushstring): needs no reserved stack space */
  el_api_pushfstring (L, "");
}

int
el_auxlib_verrorf (ElaraState *L, const char *fmt, va_list argp)
{
  el_auxlib_where (L, 1);
  el_api_pushvfstring (L, fmt, argp);
  el_api_concat (L, 2);
  return el_api_error (L);
}

int
el_auxlib_errorf (ElaraState *L, const char *fmt, ...)
{
  va_list argp;
  va_start (argp, fmt);
  el_auxlib_where (L, 1);
  el_api_pushvfstring (L, fmt, argp);
  va_end (argp);
  el_api_concat (L, 2);
  return el_api_error (L);
}

int
el_auxlib_fileresult (ElaraState *L, int stat, const char *fname)
{
  int en = errno;  /* the API calls below may change errno */
  const char *msg;
  if (stat) {
    el_api_pushboolean (L, 1);
    return 1;
  }
  el_api_pushnil (L);
  msg = (en != 0) ? strerror (en) : "(no extra info)";
  if (fname != NULL)
    el_api_pushfstring (L, "%s: %s", fname, msg);
  else
    el_api_pushstring (L, msg);
  el_api_pushinteger (L, en);
  return 3;
}

int
el_auxlib_execresult (ElaraState *L, int stat)
{
  const char *what = "exit";
  if (stat != 0 && errno != 0)
    return el_auxlib_fileresult (L, 0, NULL);
  if (WIFEXITED (stat))
    stat = WEXITSTATUS (stat);
  else if (WIFSIGNALED (stat)) {
    stat = WTERMSIG (stat);
    what = "signal";
  }
  if (*what == 'e' && stat == 0)
    el_api_pushboolean (L, 1);
  else
    el_api_pushnil (L);
  el_api_pushstring (L, what);
  el_api_pushinteger (L, stat);
  return 3;
}

/* -- Metatables ------------------------------------------------------------- */

int
el_auxlib_newmetatable (ElaraState *L, const char *tname)
{
  if (aux_getmetatable (L, tname) != ELARA_TNIL)
    return 0;  /* name taken: leave the existing value on the top */
  aux_pop (L, 1);
  el_api_createtable (L, 0, 2);
  el_api_pushstring (L, tname);
  el_api_setfield (L, -2, "__name");
  el_api_pushvalue (L, -1);
  el_api_setfield (L, ELARA_REGISTRYINDEX, tname);
  return 1;
}

void
el_auxlib_setmetatable_ (ElaraState *L, const char *tname)
{
  aux_getmetatable (L, tname);
  el_api_setmetatable (L, -2);
}

void *
el_auxlib_testudata (ElaraState *L, int ud, const char *tname)
{
  void *p = el_api_touserdata (L, ud);
  if (p == NULL || !el_api_getmetatable (L, ud))
    return NULL;
  aux_getmetatable (L, tname);
  if (!el_api_rawequal (L, -1, -2))
    p = NULL;
  aux_pop (L, 2);
  return p;
}

void *
el_auxlib_checkudata (ElaraState *L, int ud, const char *tname)
{
  void *p = el_auxlib_testudata (L, ud, tname);
  if (p == NULL)
    el_auxlib_typeerror (L, ud, tname);
  return p;
}

int
el_auxlib_getmetafield (ElaraState *L, int obj, const char *e)
{
  int tt;
  if (!el_api_getmetatable (L, obj))
    return ELARA_TNIL;
  el_api_pushstring (L, e);
  tt = el_api_rawget (L, -2);
  if (tt == ELARA_TNIL)
    aux_pop (L, 2);
  else
    aux_remove (L, -2);
  return tt;
}

int
el_auxlib_callmeta (ElaraState *L, int obj, const char *e)
{
  obj = el_api_absindex (L, obj);
  if (el_auxlib_getmetafield (L, obj, e) == ELARA_TNIL)
    return 0;
  el_api_pushvalue (L, obj);
  el_api_callk (L, 1, 1, 0, NULL);
  return 1;
}

/* -- Argument checks ------------------------------------------------------- */

int
el_auxlib_checkoption (ElaraState *L, int arg, const char *def,
                       const char *const lst[])
{
  const char *name = (def != NULL) ? el_auxlib_optlstring (L, arg, def, NULL)
                                   : el_auxlib_checklstring (L, arg, NULL);
  int i;
  for (i = 0; lst[i] != NULL; i++)
    if (strcmp (lst[i], name) == 0)
      return i;
  return el_auxlib_argerror (L, arg,
                             el_api_pushfstring (L, "invalid option '%s'",
                                                 name));
}

void
el_auxlib_checkstack_ (ElaraState *L, int sz, const char *msg)
{
  if (el_unlikely (!el_api_checkstack (L, sz))) {
    if (msg != NULL)
      el_auxlib_errorf (L, "stack overflow (%s)", msg);
    else
      el_auxlib_errorf (L, "stack overflow");
  }
}

void
el_auxlib_checktype (ElaraState *L, int arg, int t)
{
  if (el_unlikely (el_api_type (L, arg) != t))
    aux_tagerror (L, arg, t);
}

void
el_auxlib_checkany (ElaraState *L, int arg)
{
  if (el_unlikely (el_api_type (L, arg) == ELARA_TNONE))
    el_auxlib_argerror (L, arg, "value expected");
}

/* -- Argument checks -------------------------------------------------------
** Library functions check every argument, so the common outcome of each
** check (the argument has the wanted type) is read here straight from the
** frame; anything else takes the general path through the stack API,
** which also produces the error messages. */

/* The value of argument 'arg' (an acceptable index), or NULL when it is
** not a positive index inside the frame; the pointer is used at once. */
static inline const TValue *
aux_argvalue (ElaraState *L, int arg)
{
  if (el_likely (arg > 0)) {
    StkId o = L->ci->func + arg;
    if (el_likely (o < L->top))
      return s2v (o);
  }
  return NULL;
}

static aux_noinline const char *
aux_checklstringslow (ElaraState *L, int arg, size_t *l)
{
  const char *s = el_api_tolstring (L, arg, l);
  if (el_unlikely (s == NULL))
    aux_tagerror (L, arg, ELARA_TSTRING);
  return s;
}

const char *
el_auxlib_checklstring (ElaraState *L, int arg, size_t *l)
{
  const TValue *o = aux_argvalue (L, arg);
  if (el_likely (o != NULL && ttisstring (o))) {
    TString *ts = tsvalue (o);
    if (l != NULL)
      *l = tsslen (ts);
    return getstr (ts);
  }
  return aux_checklstringslow (L, arg, l);
}

const char *
el_auxlib_optlstring (ElaraState *L, int arg, const char *def, size_t *l)
{
  const TValue *o = aux_argvalue (L, arg);
  if (el_likely (o != NULL && ttisstring (o))) {
    TString *ts = tsvalue (o);
    if (l != NULL)
      *l = tsslen (ts);
    return getstr (ts);
  }
  if (aux_isnoneornil (L, arg)) {
    if (l != NULL)
      *l = (def != NULL) ? strlen (def) : 0;
    return def;
  }
  return aux_checklstringslow (L, arg, l);
}

static aux_noinline ElaraNumber
aux_checknumberslow (ElaraState *L, int arg)
{
  int isnum;
  ElNum d = el_api_tonumberx (L, arg, &isnum);
  if (el_unlikely (!isnum))
    aux_tagerror (L, arg, ELARA_TNUMBER);
  return d;
}

ElaraNumber
el_auxlib_checknumber (ElaraState *L, int arg)
{
  const TValue *o = aux_argvalue (L, arg);
  if (el_likely (o != NULL)) {
    if (ttisfloat (o))
      return fltvalue (o);
    if (ttisinteger (o))
      return cast_num (ivalue (o));
  }
  return aux_checknumberslow (L, arg);
}

ElaraNumber
el_auxlib_optnumber (ElaraState *L, int arg, ElaraNumber def)
{
  return aux_isnoneornil (L, arg) ? def : el_auxlib_checknumber (L, arg);
}

static aux_noinline ElaraInteger
aux_checkintegerslow (ElaraState *L, int arg)
{
  int isnum;
  ElInt d = el_api_tointegerx (L, arg, &isnum);
  if (el_unlikely (!isnum)) {
    if (el_api_isnumber (L, arg))
      el_auxlib_argerror (L, arg, "number has no integer representation");
    else
      aux_tagerror (L, arg, ELARA_TNUMBER);
  }
  return d;
}

ElaraInteger
el_auxlib_checkinteger (ElaraState *L, int arg)
{
  const TValue *o = aux_argvalue (L, arg);
  if (el_likely (o != NULL && ttisinteger (o)))
    return ivalue (o);
  return aux_checkintegerslow (L, arg);
}

ElaraInteger
el_auxlib_optinteger (ElaraState *L, int arg, ElaraInteger def)
{
  if (el_likely (arg > 0)) {
    StkId p = L->ci->func + arg;
    const TValue *o = s2v (p);
    if (p >= L->top || ttisnil (o))  /* none or nil */
      return def;
    if (el_likely (ttisinteger (o)))
      return ivalue (o);
    return aux_checkintegerslow (L, arg);
  }
  return aux_isnoneornil (L, arg) ? def : aux_checkintegerslow (L, arg);
}

/* -- String buffers ---------------------------------------------------------
** A buffer starts in its own 'init' area with a light-userdata placeholder
** pushed for it.  When it outgrows that area, the placeholder is replaced
** (in the same stack slot) by a "box": a userdata owning a block from the
** state's allocator, marked to-be-closed so an error frees the block right
** away, and with a __gc for the cases that never reach a close.  Users keep
** the stack balanced above the slot, as with luaL_Buffer.
**
** The box's block is laid out as a long string of its capacity: the
** contents start at offsetof (TString, data) and one byte past the
** capacity is kept for the terminating zero.  A long result then becomes
** a string by taking over the block (el_str_fromblock), with no copy and
** without the old block and the new string alive at the same time. */

typedef struct AuxBox {
  void *box;                  /* sizelstring (bsize) bytes, or NULL */
  size_t bsize;               /* capacity for contents */
} AuxBox;

#define AUX_BOXNAME     "_UBOX*"
#define aux_buffonstack(B) ((B)->b != (B)->init.b)
#define aux_boxdata(box)   ((char *) (box)->box + offsetof (TString, data))

/* Give the box a capacity of 'newsize' bytes (0 frees the block). */
static char *
aux_resizebox (ElaraState *L, int idx, size_t newsize)
{
  AuxBox *box = (AuxBox *) el_api_touserdata (L, idx);
  void *temp;
  if (box->bsize == newsize)
    return box->box != NULL ? aux_boxdata (box) : NULL;
  /* raises a memory error (box unchanged) when the allocator fails */
  temp = el_mem_realloc (L, box->box,
                         box->box != NULL ? sizelstring (box->bsize) : 0,
                         newsize > 0 ? sizelstring (newsize) : 0);
  box->box = temp;
  box->bsize = newsize;
  return temp != NULL ? aux_boxdata (box) : NULL;
}

static int
aux_boxgc (ElaraState *L)
{
  aux_resizebox (L, 1, 0);
  return 0;
}

static const ElaraLibReg aux_boxmt[] = {
  { "__gc", aux_boxgc },
  { "__close", aux_boxgc },
  { NULL, NULL }
};

static void
aux_newbox (ElaraState *L)
{
  AuxBox *box = (AuxBox *) el_api_newuserdatauv (L, sizeof (AuxBox), 0);
  box->box = NULL;
  box->bsize = 0;
  if (el_auxlib_newmetatable (L, AUX_BOXNAME))
    el_auxlib_setfuncs (L, aux_boxmt, 0);
  el_api_setmetatable (L, -2);
}

/* New size for B to take 'sz' more bytes. */
static size_t
aux_newbuffsize (ElaraBuffer *B, size_t sz)
{
  size_t newsize = B->size;
  /* (the box adds a string header and a terminating zero) */
  if (el_unlikely (sz >= EL_MAXSIZE - sizelstring (0) - B->n))
    return cast_sizet (el_auxlib_errorf (B->L, "resulting string too large"));
  if (newsize <= EL_MAXSIZE / 3 * 2)
    newsize += (newsize >> 1);
  if (newsize < B->n + sz)
    newsize = B->n + sz;
  if (newsize > EL_MAXSIZE - sizelstring (0))
    newsize = EL_MAXSIZE - sizelstring (0);
  return newsize;
}

/* Room for 'sz' bytes; the box or placeholder is at stack index boxidx. */
static char *
aux_prepbuffsize (ElaraBuffer *B, size_t sz, int boxidx)
{
  ElaraState *L = B->L;
  size_t newsize;
  char *newbuff;
  if (B->size - B->n >= sz)
    return B->b + B->n;
  newsize = aux_newbuffsize (B, sz);
  if (aux_buffonstack (B))
    newbuff = aux_resizebox (L, boxidx, newsize);
  else {
    aux_remove (L, boxidx);
    aux_newbox (L);
    aux_insert (L, boxidx);
    el_api_toclose (L, boxidx);
    newbuff = aux_resizebox (L, boxidx, newsize);
    memcpy (newbuff, B->b, B->n);
  }
  B->b = newbuff;
  B->size = newsize;
  return newbuff + B->n;
}

char *
el_auxlib_prepbuffsize (ElaraBuffer *B, size_t sz)
{
  return aux_prepbuffsize (B, sz, -1);
}

void
el_auxlib_addlstring (ElaraBuffer *B, const char *s, size_t l)
{
  if (l > 0) {  /* 's' may be NULL when l is 0 */
    char *b = aux_prepbuffsize (B, l, -1);
    memcpy (b, s, l);
    B->n += l;
  }
}

void
el_auxlib_addstring (ElaraBuffer *B, const char *s)
{
  el_auxlib_addlstring (B, s, strlen (s));
}

void
el_auxlib_pushresult (ElaraBuffer *B)
{
  ElaraState *L = B->L;
  if (!aux_buffonstack (B)) {
    el_api_pushlstring (L, B->b, B->n);
    aux_remove (L, -2);         /* the placeholder */
    return;
  }
  if (B->n > EL_MAXSHORTLEN) {
    /* the box's block becomes the string; the box is left empty */
    AuxBox *box = (AuxBox *) el_api_touserdata (L, -1);
    TString *ts = el_str_fromblock (L, box->box, box->bsize, B->n);
    box->box = NULL;
    box->bsize = 0;
    setsvalue (L, s2v (L->top), ts);
    api_incr_top (L);
  }
  else
    el_api_pushlstring (L, B->b, B->n);
  el_api_closeslot (L, -2);     /* free what the box still holds now */
  aux_remove (L, -2);
  el_gc_checkGC (L);
}

void
el_auxlib_pushresultsize (ElaraBuffer *B, size_t sz)
{
  B->n += sz;
  el_auxlib_pushresult (B);
}

/* The string to add is on the top, above the box: grow the box first (its
** creation may collect), then copy and pop the string. */
void
el_auxlib_addvalue (ElaraBuffer *B)
{
  ElaraState *L = B->L;
  size_t len;
  const char *s = el_api_tolstring (L, -1, &len);
  char *b = aux_prepbuffsize (B, len, -2);
  memcpy (b, s, len);
  B->n += len;
  aux_pop (L, 1);
}

void
el_auxlib_buffinit (ElaraState *L, ElaraBuffer *B)
{
  B->L = L;
  B->b = B->init.b;
  B->n = 0;
  B->size = ELARA_BUFFERSIZE;
  el_api_pushlightuserdata (L, (void *) B);  /* placeholder */
}

char *
el_auxlib_buffinitsize (ElaraState *L, ElaraBuffer *B, size_t sz)
{
  el_auxlib_buffinit (L, B);
  return aux_prepbuffsize (B, sz, -1);
}

/* -- Conversions and tables ------------------------------------------------ */

/* Raw field 'name' (a fixed string of the state) of the metatable of the
** value at idx, or NULL: el_auxlib_getmetafield's lookup, with nothing
** pushed, so the name is not interned at each call. */
static const TValue *
aux_metafield (ElaraState *L, int idx, TString *name)
{
  Table *mt = el_meta_getmetatable (L, el_api_index2value (L, idx));
  const TValue *field;
  if (mt == NULL)
    return NULL;
  field = el_table_getshortstr (mt, name);
  return ttisnil (field) ? NULL : field;
}

const char *
el_auxlib_tolstring_ (ElaraState *L, int idx, size_t *len)
{
  const TValue *tm;
  idx = el_api_absindex (L, idx);
  if ((tm = aux_metafield (L, idx, G (L)->mfname_tostring)) != NULL) {
    /* el_auxlib_callmeta (L, idx, "__tostring") */
    setobj2s (L, L->top, tm);
    api_incr_top (L);
    el_api_pushvalue (L, idx);
    el_api_callk (L, 1, 1, 0, NULL);
    if (!el_api_isstring (L, -1))
      el_auxlib_errorf (L, "'__tostring' must return a string");
  }
  else {
    switch (el_api_type (L, idx)) {
      case ELARA_TNUMBER: {
        char buff[EL_N2SBUFFSZ];
        el_api_numbertocstring (L, idx, buff);
        el_api_pushstring (L, buff);
        break;
      }
      case ELARA_TSTRING:
        el_api_pushvalue (L, idx);
        break;
      case ELARA_TBOOLEAN:
        el_api_pushstring (L, el_api_toboolean (L, idx) ? "true" : "false");
        break;
      case ELARA_TNIL:
        el_api_pushstring (L, "nil");
        break;
      default: {
        /* the name stays alive through the metatable of the value at
        ** idx, which pushfstring cannot change */
        const TValue *name = aux_metafield (L, idx, G (L)->mfname_name);
        const char *kind = (name != NULL && ttisstring (name))
                           ? getstr (tsvalue (name)) : aux_typename (L, idx);
        el_api_pushfstring (L, "%s: %p", kind, el_api_topointer (L, idx));
        break;
      }
    }
  }
  return el_api_tolstring (L, -1, len);
}

static aux_noinline ElaraInteger
aux_lenslow (ElaraState *L, int idx)
{
  int isnum;
  ElInt l;
  el_api_len (L, idx);
  l = el_api_tointegerx (L, -1, &isnum);
  if (el_unlikely (!isnum))
    el_auxlib_errorf (L, "object length is not an integer");
  aux_pop (L, 1);
  return l;
}

/* The length of a table without a metatable (table.insert, table.remove,
** ipairs-style loops in libraries) is its border, read directly. */
ElaraInteger
el_auxlib_len_ (ElaraState *L, int idx)
{
  const TValue *o = aux_argvalue (L, idx);
  if (el_likely (o != NULL && ttistable (o) && hvalue (o)->metatable == NULL))
    return (ElInt) el_table_getn (hvalue (o));
  return aux_lenslow (L, idx);
}

int
el_auxlib_getsubtable (ElaraState *L, int idx, const char *fname)
{
  if (el_api_getfield (L, idx, fname) == ELARA_TTABLE)
    return 1;
  aux_pop (L, 1);
  idx = el_api_absindex (L, idx);
  el_api_createtable (L, 0, 0);
  el_api_pushvalue (L, -1);
  el_api_setfield (L, idx, fname);
  return 0;
}

void
el_auxlib_setfuncs (ElaraState *L, const ElaraLibReg *l, int nup)
{
  el_auxlib_checkstack_ (L, nup, "too many upvalues");
  for (; l->name != NULL; l++) {
    if (l->func == NULL)  /* a placeholder: reserve the field */
      el_api_pushboolean (L, 0);
    else {
      int i;
      for (i = 0; i < nup; i++)
        el_api_pushvalue (L, -nup);
      el_api_pushcclosure (L, l->func, nup);
    }
    el_api_setfield (L, -(nup + 2), l->name);
  }
  aux_pop (L, nup);
}

void
el_auxlib_requiref (ElaraState *L, const char *modname, ElaraCFunction openf,
                    int glb)
{
  el_auxlib_getsubtable (L, ELARA_REGISTRYINDEX, EL_AUXLIB_LOADED);
  el_api_getfield (L, -1, modname);
  if (!el_api_toboolean (L, -1)) {
    aux_pop (L, 1);
    el_api_pushcclosure (L, openf, 0);
    el_api_pushstring (L, modname);
    el_api_callk (L, 1, 1, 0, NULL);
    el_api_pushvalue (L, -1);
    el_api_setfield (L, -3, modname);
  }
  aux_remove (L, -2);
  if (glb) {
    el_api_pushvalue (L, -1);
    el_api_setglobal (L, modname);
  }
}

const char *
el_auxlib_gsub (ElaraState *L, const char *s, const char *p, const char *r)
{
  ElaraBuffer b;
  const char *wild;
  size_t l = strlen (p);
  el_auxlib_buffinit (L, &b);
  while ((wild = strstr (s, p)) != NULL) {
    el_auxlib_addlstring (&b, s, (size_t) (wild - s));
    el_auxlib_addstring (&b, r);
    s = wild + l;
  }
  el_auxlib_addstring (&b, s);
  el_auxlib_pushresult (&b);
  return el_api_tolstring (L, -1, NULL);
}

/* -- References --------------------------------------------------------------
** Freed references form a list threaded through the table: t[1] holds the
** first free reference (0 = none), t[ref] the next one. */

#define AUX_FREELIST  1

int
el_auxlib_ref (ElaraState *L, int t)
{
  int ref;
  if (el_api_type (L, -1) == ELARA_TNIL) {
    aux_pop (L, 1);
    return EL_AUXLIB_REFNIL;
  }
  t = el_api_absindex (L, t);
  if (el_api_rawgeti (L, t, AUX_FREELIST) == ELARA_TNUMBER)
    ref = (int) el_api_tointegerx (L, -1, NULL);
  else {
    /* first use: start an empty list */
    ref = 0;
    el_api_pushinteger (L, 0);
    el_api_rawseti (L, t, AUX_FREELIST);
  }
  aux_pop (L, 1);
  if (ref != 0) {
    el_api_rawgeti (L, t, ref);
    el_api_rawseti (L, t, AUX_FREELIST);
  }
  else
    ref = (int) el_api_rawlen (L, t) + 1;
  el_api_rawseti (L, t, ref);
  return ref;
}

void
el_auxlib_unref (ElaraState *L, int t, int ref)
{
  if (ref < 0)
    return;
  t = el_api_absindex (L, t);
  el_api_rawgeti (L, t, AUX_FREELIST);
  el_api_rawseti (L, t, ref);
  el_api_pushinteger (L, ref);
  el_api_rawseti (L, t, AUX_FREELIST);
}

/* -- Loading ------------------------------------------------------------------ */

typedef struct AuxLoadF {
  unsigned n;                 /* bytes pre-read into buff */
  FILE *f;
  char buff[BUFSIZ];
} AuxLoadF;

static const char *
aux_getF (ElaraState *L, void *ud, size_t *size)
{
  AuxLoadF *lf = (AuxLoadF *) ud;
  el_unused (L);
  if (lf->n > 0) {
    *size = lf->n;
    lf->n = 0;
  }
  else {
    /* fread may return data and set EOF: do not block on a second read */
    if (feof (lf->f))
      return NULL;
    *size = fread (lf->buff, 1, sizeof (lf->buff), lf->f);
  }
  return lf->buff;
}

static int
aux_errfile (ElaraState *L, const char *what, int fnameindex)
{
  int err = errno;
  const char *filename = el_api_tolstring (L, fnameindex, NULL) + 1;
  if (err != 0)
    el_api_pushfstring (L, "cannot %s %s: %s", what, filename,
                        strerror (err));
  else
    el_api_pushfstring (L, "cannot %s %s", what, filename);
  aux_remove (L, fnameindex);
  return ELARA_ERRFILE;
}

/* Skip a UTF-8 BOM; an incomplete one still returns its first byte so the
** load fails (no chunk starts with 0xEF). */
static int
aux_skipBOM (FILE *f)
{
  int c = getc (f);
  if (c == 0xEF && getc (f) == 0xBB && getc (f) == 0xBF)
    return getc (f);
  return c;
}

/* Skip the BOM and a first line starting with '#' (a Unix script);
** *cp is the first byte that counts.  Returns 1 when a line was skipped. */
static int
aux_skipcomment (FILE *f, int *cp)
{
  int c = *cp = aux_skipBOM (f);
  if (c != '#')
    return 0;
  do
    c = getc (f);
  while (c != EOF && c != '\n');
  *cp = getc (f);
  return 1;
}

int
el_auxlib_loadfilex (ElaraState *L, const char *filename, const char *mode)
{
  AuxLoadF lf;
  int status, readstatus;
  int c;
  int fnameindex = el_api_gettop (L) + 1;
  if (filename == NULL) {
    el_api_pushstring (L, "=stdin");
    lf.f = stdin;
  }
  else {
    el_api_pushfstring (L, "@%s", filename);
    errno = 0;
    lf.f = fopen (filename, "r");
    if (lf.f == NULL)
      return aux_errfile (L, "open", fnameindex);
  }
  lf.n = 0;
  if (aux_skipcomment (lf.f, &c))
    lf.buff[lf.n++] = '\n';  /* keep line numbers right */
  if (c == '\x1b') {
    /* a binary chunk: no newline fix-up, and reread in binary mode */
    lf.n = 0;
    if (filename != NULL) {
      errno = 0;
      lf.f = freopen (filename, "rb", lf.f);
      if (lf.f == NULL)
        return aux_errfile (L, "reopen", fnameindex);
      aux_skipcomment (lf.f, &c);
    }
  }
  if (c != EOF)
    lf.buff[lf.n++] = (char) c;
  status = el_api_load (L, aux_getF, &lf, el_api_tolstring (L, -1, NULL),
                        mode);
  readstatus = ferror (lf.f);
  errno = 0;
  if (filename != NULL)
    fclose (lf.f);
  if (readstatus) {
    el_api_settop (L, fnameindex);
    return aux_errfile (L, "read", fnameindex);
  }
  aux_remove (L, fnameindex);
  return status;
}

typedef struct AuxLoadS {
  const char *s;
  size_t size;
} AuxLoadS;

static const char *
aux_getS (ElaraState *L, void *ud, size_t *size)
{
  AuxLoadS *ls = (AuxLoadS *) ud;
  el_unused (L);
  if (ls->size == 0)
    return NULL;
  *size = ls->size;
  ls->size = 0;
  return ls->s;
}

int
el_auxlib_loadbufferx (ElaraState *L, const char *buff, size_t sz,
                       const char *name, const char *mode)
{
  AuxLoadS ls;
  ls.s = buff;
  ls.size = sz;
  return el_api_load (L, aux_getS, &ls, name, mode);
}

int
el_auxlib_loadstring (ElaraState *L, const char *s)
{
  return el_auxlib_loadbufferx (L, s, strlen (s), s, NULL);
}
