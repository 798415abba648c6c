/*
** pattern.c: Lua patterns: string.find, match, gmatch and gsub
** SPDX-License-Identifier: MIT
**
** A backtracking matcher over the pattern text, as the manual (6.4.1)
** defines it.  Character classes are those of <ctype.h>, so under the C
** locale they are exactly the reference interpreter's.
*/
#include "config.h"

#include "strlib.h"

#include <ctype.h>
#include <string.h>

/* Captures per pattern (the manual's limit; stored in a fixed array). */
#define PAT_MAXCAPTURES 32

/* Recursion budget of one match: each nested call of pat_match spends one
** level, so a pathological pattern fails with an error instead of
** exhausting the C stack. */
#define PAT_MAXDEPTH 200

#define PAT_ESC '%'

/* Capture lengths that are not lengths. */
#define PAT_CAP_OPEN     (-1)   /* '(' seen, ')' not yet */
#define PAT_CAP_POSITION (-2)   /* '()' */

typedef struct PatCapture {
  const char *init;
  ptrdiff_t len;
} PatCapture;

typedef struct PatState {
  ElaraState *L;
  const char *src_init;
  const char *src_end;
  const char *p_end;
  int depth;                 /* recursion levels still allowed */
  int level;                 /* captures opened so far */
  PatCapture capture[PAT_MAXCAPTURES];
} PatState;

static const char *pat_match (PatState *ms, const char *s, const char *p);

/* -- Single characters and classes ----------------------------------------- */

/* Does byte 'c' belong to class letter 'cl' (%a, %A, ...)?  Any other
** letter after '%' stands for itself. */
static int
pat_classmatch (int c, int cl)
{
  int yes;
  /* The class letters are ASCII: folding with | 0x20 maps each to its
  ** lower case, and no other byte to a class letter (tolower () would
  ** cost a locale lookup per subject byte). */
  switch (cl | 0x20) {
    case 'a': yes = isalpha (c); break;
    case 'c': yes = iscntrl (c); break;
    case 'd': yes = isdigit (c); break;
    case 'g': yes = isgraph (c); break;
    case 'l': yes = islower (c); break;
    case 'p': yes = ispunct (c); break;
    case 's': yes = isspace (c); break;
    case 'u': yes = isupper (c); break;
    case 'w': yes = isalnum (c); break;
    case 'x': yes = isxdigit (c); break;
    case 'z': yes = (c == 0); break;   /* undocumented, kept by 5.5 */
    default: return cl == c;
  }
  if (cl <= 'Z')                /* an upper-case class letter */
    return !yes;
  return yes != 0;
}

/* The end of the single-character class starting at p: one byte, an escape
** '%x', or a set '[...]'.  A ']' right after '[' or '[^' is a member. */
static const char *
pat_classend (PatState *ms, const char *p)
{
  char c = *p++;
  if (c == PAT_ESC) {
    if (p >= ms->p_end)
      host->errorf (ms->L, "malformed pattern (ends with '%%')");
    return p + 1;
  }
  if (c == '[') {
    if (*p == '^')
      p++;
    do {
      if (p >= ms->p_end)
        host->errorf (ms->L, "malformed pattern (missing ']')");
      c = *p++;
      if (c == PAT_ESC && p < ms->p_end)
        p++;
    } while (*p != ']');
    return p + 1;
  }
  return p;
}

/* Is 'c' in the set that spans [set, close], 'close' being its ']'? */
static int
pat_setmatch (int c, const char *set, const char *close)
{
  int found = 1;
  const char *p = set + 1;
  if (*p == '^') {
    found = 0;
    p++;
  }
  for (; p < close; p++) {
    if (*p == PAT_ESC) {
      p++;
      if (pat_classmatch (c, (unsigned char) *p))
        return found;
    }
    else if (p[1] == '-' && p + 2 < close) {
      if ((unsigned char) p[0] <= c && c <= (unsigned char) p[2])
        return found;
      p += 2;
    }
    else if ((unsigned char) *p == c)
      return found;
  }
  return !found;
}

/* Does the subject byte at s match the class [p, ep)? */
static int
pat_single (PatState *ms, const char *s, const char *p, const char *ep)
{
  int c;
  if (s >= ms->src_end)
    return 0;
  c = (unsigned char) *s;
  switch (*p) {
    case '.': return 1;
    case PAT_ESC: return pat_classmatch (c, (unsigned char) p[1]);
    case '[': return pat_setmatch (c, p, ep - 1);
    default: return (unsigned char) *p == c;
  }
}

/* -- Pattern items --------------------------------------------------------- */

/* %bxy at p (pointing at x). */
static const char *
pat_balance (PatState *ms, const char *s, const char *p)
{
  int depth = 1;
  if (p >= ms->p_end - 1)
    host->errorf (ms->L, "malformed pattern (missing arguments to '%%b')");
  if (s >= ms->src_end || *s != p[0])
    return NULL;
  while (++s < ms->src_end) {
    if (*s == p[1]) {
      if (--depth == 0)
        return s + 1;
    }
    else if (*s == p[0])
      depth++;
  }
  return NULL;
}

/* Greedy repetition: take as many as possible, then give back one at a
** time until the rest of the pattern (after the suffix at ep) matches. */
static const char *
pat_greedy (PatState *ms, const char *s, const char *p, const char *ep)
{
  ptrdiff_t n = 0;
  while (pat_single (ms, s + n, p, ep))
    n++;
  for (; n >= 0; n--) {
    const char *res = pat_match (ms, s + n, ep + 1);
    if (res != NULL)
      return res;
  }
  return NULL;
}

/* Lazy repetition ('-'): try the rest first, then one more item. */
static const char *
pat_lazy (PatState *ms, const char *s, const char *p, const char *ep)
{
  for (;;) {
    const char *res = pat_match (ms, s, ep + 1);
    if (res != NULL)
      return res;
    if (!pat_single (ms, s, p, ep))
      return NULL;
    s++;
  }
}

static const char *
pat_opencapture (PatState *ms, const char *s, const char *p, ptrdiff_t what)
{
  const char *res;
  if (ms->level >= PAT_MAXCAPTURES)
    host->errorf (ms->L, "too many captures");
  ms->capture[ms->level].init = s;
  ms->capture[ms->level].len = what;
  ms->level++;
  res = pat_match (ms, s, p);
  if (res == NULL)
    ms->level--;
  return res;
}

static const char *
pat_closecapture (PatState *ms, const char *s, const char *p)
{
  int l;
  const char *res;
  /* the innermost capture still open */
  for (l = ms->level - 1; l >= 0; l--)
    if (ms->capture[l].len == PAT_CAP_OPEN)
      break;
  if (l < 0)
    host->errorf (ms->L, "invalid pattern capture");
  ms->capture[l].len = s - ms->capture[l].init;
  res = pat_match (ms, s, p);
  if (res == NULL)
    ms->capture[l].len = PAT_CAP_OPEN;
  return res;
}

/* %1-%9 inside a pattern: the text of a closed capture, again. */
static const char *
pat_backref (PatState *ms, const char *s, int digit)
{
  int l = digit - '1';
  size_t len;
  if (l < 0 || l >= ms->level || ms->capture[l].len == PAT_CAP_OPEN)
    host->errorf (ms->L, "invalid capture index %%%d", l + 1);
  len = (size_t) ms->capture[l].len;
  if ((size_t) (ms->src_end - s) >= len
      && memcmp (ms->capture[l].init, s, len) == 0)
    return s + len;
  return NULL;
}

/* Match pattern [p, p_end) against the subject at s; the end of the match
** or NULL.  Items that end in a tail position loop instead of recursing. */
static const char *
pat_match (PatState *ms, const char *s, const char *p)
{
  if (ms->depth-- == 0)
    host->errorf (ms->L, "pattern too complex");
  while (p != ms->p_end) {
    const char *ep;
    if (*p == '(') {
      if (p[1] == ')')
        s = pat_opencapture (ms, s, p + 2, PAT_CAP_POSITION);
      else
        s = pat_opencapture (ms, s, p + 1, PAT_CAP_OPEN);
      break;
    }
    if (*p == ')') {
      s = pat_closecapture (ms, s, p + 1);
      break;
    }
    if (*p == '$' && p + 1 == ms->p_end) {
      if (s != ms->src_end)
        s = NULL;
      break;
    }
    if (*p == PAT_ESC && p[1] == 'b') {
      s = pat_balance (ms, s, p + 2);
      if (s == NULL)
        break;
      p += 4;
      continue;
    }
    if (*p == PAT_ESC && p[1] == 'f') {
      int before, here;
      p += 2;
      if (*p != '[')
        host->errorf (ms->L, "missing '[' after '%%f' in pattern");
      ep = pat_classend (ms, p);
      before = (s == ms->src_init) ? 0 : (unsigned char) s[-1];
      here = (s < ms->src_end) ? (unsigned char) *s : 0;
      if (pat_setmatch (before, p, ep - 1) || !pat_setmatch (here, p, ep - 1)) {
        s = NULL;
        break;
      }
      p = ep;
      continue;
    }
    if (*p == PAT_ESC && isdigit ((unsigned char) p[1])) {
      s = pat_backref (ms, s, (unsigned char) p[1]);
      if (s == NULL)
        break;
      p += 2;
      continue;
    }
    /* a single-character class with an optional suffix */
    ep = pat_classend (ms, p);
    if (!pat_single (ms, s, p, ep)) {
      if (*ep == '*' || *ep == '?' || *ep == '-') {
        p = ep + 1;   /* zero repetitions are fine */
        continue;
      }
      s = NULL;
      break;
    }
    if (*ep == '?') {
      const char *res = pat_match (ms, s + 1, ep + 1);
      if (res != NULL) {
        s = res;
        break;
      }
      p = ep + 1;
      continue;
    }
    if (*ep == '+') {
      s = pat_greedy (ms, s + 1, p, ep);
      break;
    }
    if (*ep == '*') {
      s = pat_greedy (ms, s, p, ep);
      break;
    }
    if (*ep == '-') {
      s = pat_lazy (ms, s, p, ep);
      break;
    }
    s++;
    p = ep;
  }
  ms->depth++;
  return s;
}

/* If every match of [p, p_end) must start with one byte of a single
** class (the first item is a plain character, '.', an escape or a set,
** without '*', '?' or '-' after it), set *ep to the class's end and return
** true: a start position whose byte is not in the class can then be
** skipped without running the matcher, which would fail there first. */
static int
pat_firstclass (PatState *ms, const char *p, const char **ep)
{
  const char *e;
  if (p == ms->p_end || *p == '(' || *p == ')'
      || (*p == '$' && p + 1 == ms->p_end))
    return 0;
  if (*p == PAT_ESC && p + 1 < ms->p_end
      && (p[1] == 'b' || p[1] == 'f' || isdigit ((unsigned char) p[1])))
    return 0;
  e = pat_classend (ms, p);
  if (*e == '*' || *e == '?' || *e == '-')
    return 0;
  *ep = e;
  return 1;
}

/* The ASCII members of each class letter (%a %c %d %g %l %p %s %u %w %x),
** as two 64-bit words (bytes 0-63, 64-127): the C locale's <ctype.h>
** classes, which every locale shares on ASCII.  Bytes from 128 up are
** always classified by <ctype.h> itself (see pat_firstok). */
static const char pat_classletters[] = "acdglpsuwx";
static const uint64_t pat_asciiclass[10][2] = {
  { 0x0000000000000000u, 0x07fffffe07fffffeu },   /* %a */
  { 0x00000000ffffffffu, 0x8000000000000000u },   /* %c */
  { 0x03ff000000000000u, 0x0000000000000000u },   /* %d */
  { 0xfffffffe00000000u, 0x7fffffffffffffffu },   /* %g */
  { 0x0000000000000000u, 0x07fffffe00000000u },   /* %l */
  { 0xfc00fffe00000000u, 0x78000001f8000001u },   /* %p */
  { 0x0000000100003e00u, 0x0000000000000000u },   /* %s */
  { 0x0000000000000000u, 0x0000000007fffffeu },   /* %u */
  { 0x03ff000000000000u, 0x07fffffe07fffffeu },   /* %w */
  { 0x03ff000000000000u, 0x0000007e0000007eu },   /* %x */
};

static void
pat_addbyte (uint64_t bits[2], int c)
{
  if (c < 128)
    bits[c >> 6] |= (uint64_t) 1 << (c & 63);
}

/* Add the ASCII bytes of escape '%cl' (as pat_classmatch reads it). */
static void
pat_addclass (uint64_t bits[2], int cl)
{
  int lower = cl | 0x20;
  const char *k = strchr (pat_classletters, lower);
  uint64_t m0, m1;
  if (lower == 'z') {           /* %z: byte 0 */
    m0 = 1;
    m1 = 0;
  }
  else if (k != NULL) {
    m0 = pat_asciiclass[k - pat_classletters][0];
    m1 = pat_asciiclass[k - pat_classletters][1];
  }
  else {
    pat_addbyte (bits, cl);     /* not a class: the character itself */
    return;
  }
  if (cl <= 'Z') {              /* upper case: the complement */
    m0 = ~m0;
    m1 = ~m1;
  }
  bits[0] |= m0;
  bits[1] |= m1;
}

/* The ASCII bytes matching the single class [p, ep), parsed as pat_single
** and pat_setmatch parse it. */
static void
pat_asciibits (const char *p, const char *ep, uint64_t bits[2])
{
  bits[0] = bits[1] = 0;
  switch (*p) {
    case '.':
      bits[0] = bits[1] = ~(uint64_t) 0;
      break;
    case PAT_ESC:
      pat_addclass (bits, (unsigned char) p[1]);
      break;
    case '[': {
      const char *close = ep - 1;
      int negate = 0;
      p++;
      if (*p == '^') {
        negate = 1;
        p++;
      }
      for (; p < close; p++) {
        if (*p == PAT_ESC) {
          p++;
          pat_addclass (bits, (unsigned char) *p);
        }
        else if (p[1] == '-' && p + 2 < close) {
          int c;
          for (c = (unsigned char) p[0]; c <= (unsigned char) p[2] && c < 128;
               c++)
            pat_addbyte (bits, c);
          p += 2;
        }
        else
          pat_addbyte (bits, (unsigned char) *p);
      }
      if (negate) {
        bits[0] = ~bits[0];
        bits[1] = ~bits[1];
      }
      break;
    }
    default:
      pat_addbyte (bits, (unsigned char) *p);
      break;
  }
}

/* pat_single for the first class with its ASCII bytes in 'bits'. */
static inline int
pat_firstok (PatState *ms, const char *s, const char *p, const char *ep,
             const uint64_t bits[2])
{
  unsigned int c;
  if (s >= ms->src_end)
    return 0;
  c = (unsigned char) *s;
  if (c < 128)
    return (int) ((bits[c >> 6] >> (c & 63)) & 1);
  return pat_single (ms, s, p, ep);
}

/* -- Captures -------------------------------------------------------------- */

/* Capture i of a match [s, e): pushes a position capture and returns
** PAT_CAP_POSITION, or sets *cap and returns the length.  Without captures,
** capture 0 is the whole match. */
static ptrdiff_t
pat_getcapture (PatState *ms, int i, const char *s, const char *e,
                const char **cap)
{
  ptrdiff_t len;
  if (i >= ms->level) {
    if (i != 0)
      host->errorf (ms->L, "invalid capture index %%%d", i + 1);
    *cap = s;
    return e - s;
  }
  len = ms->capture[i].len;
  *cap = ms->capture[i].init;
  if (len == PAT_CAP_OPEN)
    host->errorf (ms->L, "unfinished capture");
  else if (len == PAT_CAP_POSITION)
    host->pushinteger (ms->L, ms->capture[i].init - ms->src_init + 1);
  return len;
}

static void
pat_pushcapture (PatState *ms, int i, const char *s, const char *e)
{
  const char *cap;
  ptrdiff_t len = pat_getcapture (ms, i, s, e, &cap);
  if (len != PAT_CAP_POSITION)
    host->pushlstring (ms->L, cap, (size_t) len);
}

/* Push every capture; with none, the whole match unless s is NULL (find
** already returned the bounds). */
static int
pat_pushcaptures (PatState *ms, const char *s, const char *e)
{
  int n = (ms->level == 0 && s != NULL) ? 1 : ms->level;
  int i;
  host->checkstack_ (ms->L, n, "too many captures");
  for (i = 0; i < n; i++)
    pat_pushcapture (ms, i, s, e);
  return n;
}

/* -- Searching ------------------------------------------------------------- */

static void
pat_prepare (PatState *ms, ElaraState *L, const char *s, size_t ls,
             const char *p, size_t lp)
{
  ms->L = L;
  ms->depth = PAT_MAXDEPTH;
  ms->src_init = s;
  ms->src_end = s + ls;
  ms->p_end = p + lp;
  ms->level = 0;
}

/* Does the pattern have no magic characters (so find may search plainly)?
** It may contain zeros: check every piece. */
static int
pat_isplain (const char *p, size_t lp)
{
  size_t i;
  for (i = 0; i < lp; i++) {
    switch (p[i]) {
      case '^': case '$': case '*': case '+': case '?': case '.':
      case '(': case '[': case '%': case '-':
        return 0;
      default:
        break;
    }
  }
  return 1;
}

static const char *
pat_memfind (const char *s, size_t ls, const char *p, size_t lp)
{
  const char *end;
  if (lp == 0)
    return s;
  if (lp > ls)
    return NULL;
  end = s + (ls - lp) + 1;   /* last possible start, plus one */
  while (s < end) {
    const char *hit = memchr (s, p[0], (size_t) (end - s));
    if (hit == NULL)
      return NULL;
    if (memcmp (hit + 1, p + 1, lp - 1) == 0)
      return hit;
    s = hit + 1;
  }
  return NULL;
}

static int
pat_find (ElaraState *L, int find)
{
  size_t ls, lp;
  int top = host->gettop (L);
  const char *s = host->checklstring (L, 1, &ls);
  const char *p = host->checklstring (L, 2, &lp);
  size_t init = str_posrelat (str_optint (L, top, 3, 1), ls) - 1;
  if (init > ls) {
    host->pushnil (L);
    return 1;
  }
  if (find && ((top >= 4 && host->toboolean (L, 4)) || pat_isplain (p, lp))) {
    const char *hit = pat_memfind (s + init, ls - init, p, lp);
    if (hit != NULL) {
      host->pushinteger (L, hit - s + 1);
      host->pushinteger (L, (ElaraInteger) ((size_t) (hit - s) + lp));
      return 2;
    }
  }
  else {
    PatState ms;
    const char *s1 = s + init;
    int anchor = (lp > 0 && *p == '^');
    if (anchor) {
      p++;
      lp--;
    }
    const char *fep = NULL;
    uint64_t fbits[2];
    pat_prepare (&ms, L, s, ls, p, lp);
    if (anchor || !pat_firstclass (&ms, p, &fep))
      fep = NULL;               /* (one try only: nothing to skip) */
    else
      pat_asciibits (p, fep, fbits);
    do {
      const char *e;
      if (fep != NULL && !pat_firstok (&ms, s1, p, fep, fbits))
        continue;               /* (the condition still advances s1) */
      ms.level = 0;
      e = pat_match (&ms, s1, p);
      if (e != NULL) {
        if (!find)
          return pat_pushcaptures (&ms, s1, e);
        host->pushinteger (L, s1 - s + 1);
        host->pushinteger (L, e - s);
        return pat_pushcaptures (&ms, NULL, NULL) + 2;
      }
    } while (s1++ < ms.src_end && !anchor);
  }
  host->pushnil (L);
  return 1;
}

int
str_find (ElaraState *L)
{
  return pat_find (L, 1);
}

int
str_match (ElaraState *L)
{
  return pat_find (L, 0);
}

/* -- gmatch ------------------------------------------------------------------
** The iterator's state is a userdata upvalue; the subject and pattern are
** upvalues too, which keeps the pointers into them valid. */

typedef struct PatGmatch {
  const char *src;           /* where the next search starts */
  const char *p;
  const char *lastmatch;     /* end of the previous match: no empty match
                                may end there again */
  PatState ms;
} PatGmatch;

static int
pat_gmatch_next (ElaraState *L)
{
  PatGmatch *gm = (PatGmatch *) host->touserdata (L, elara_upvalueindex (3));
  const char *src;
  gm->ms.L = L;
  for (src = gm->src; src <= gm->ms.src_end; src++) {
    const char *e;
    gm->ms.level = 0;
    e = pat_match (&gm->ms, src, gm->p);
    if (e != NULL && e != gm->lastmatch) {
      gm->src = gm->lastmatch = e;
      return pat_pushcaptures (&gm->ms, src, e);
    }
  }
  gm->src = src;   /* exhausted: later calls find nothing quickly */
  return 0;
}

int
str_gmatch (ElaraState *L)
{
  size_t ls, lp;
  const char *s = host->checklstring (L, 1, &ls);
  const char *p = host->checklstring (L, 2, &lp);
  size_t init = str_posrelat (host->optinteger (L, 3, 1), ls) - 1;
  PatGmatch *gm;
  host->settop (L, 2);
  gm = (PatGmatch *) host->newuserdatauv (L, sizeof (PatGmatch), 0);
  if (init > ls)
    init = ls + 1;   /* past the end: no match, and no overflow */
  pat_prepare (&gm->ms, L, s, ls, p, lp);
  gm->src = s + init;
  gm->p = p;
  gm->lastmatch = NULL;
  host->pushcclosure (L, pat_gmatch_next, 3);
  return 1;
}

/* -- gsub ------------------------------------------------------------------ */

/* Append the replacement string (argument 3) for match [s, e), expanding
** %0-%9 and %%. */
static void
pat_addstring (PatState *ms, ElaraBuffer *b, const char *s, const char *e)
{
  ElaraState *L = ms->L;
  size_t l;
  const char *r = host->tolstring (L, 3, &l);
  const char *end = r + l;
  const char *esc;
  while ((esc = memchr (r, PAT_ESC, (size_t) (end - r))) != NULL) {
    char c = esc[1];   /* the terminating zero when esc is last */
    host->addlstring (b, r, (size_t) (esc - r));
    if (c == PAT_ESC)
      str_addchar (b, PAT_ESC);
    else if (c == '0')
      host->addlstring (b, s, (size_t) (e - s));
    else if (isdigit ((unsigned char) c)) {
      const char *cap;
      ptrdiff_t len = pat_getcapture (ms, c - '1', s, e, &cap);
      if (len == PAT_CAP_POSITION)
        host->addvalue (b);
      else
        host->addlstring (b, cap, (size_t) len);
    }
    else
      host->errorf (L, "invalid use of '%c' in replacement string", PAT_ESC);
    r = esc + 2;
  }
  host->addlstring (b, r, (size_t) (end - r));
}

/* Append the replacement for match [s, e); returns whether the subject
** changed (a function or table giving nil or false keeps the match). */
static int
pat_addvalue (PatState *ms, ElaraBuffer *b, const char *s, const char *e,
              int tr)
{
  ElaraState *L = ms->L;
  if (tr == ELARA_TFUNCTION) {
    int n;
    host->pushvalue (L, 3);
    n = pat_pushcaptures (ms, s, e);
    host->callk (L, n, 1, 0, NULL);
  }
  else if (tr == ELARA_TTABLE) {
    pat_pushcapture (ms, 0, s, e);
    host->gettable (L, 3);
  }
  else {
    pat_addstring (ms, b, s, e);
    return 1;
  }
  if (!host->toboolean (L, -1)) {
    str_pop (L, 1);
    host->addlstring (b, s, (size_t) (e - s));
    return 0;
  }
  if (!host->isstring (L, -1))
    return host->errorf (L, "invalid replacement value (a %s)",
                         str_typename (L, -1));
  host->addvalue (b);
  return 1;
}

int
str_gsub (ElaraState *L)
{
  size_t ls, lp;
  const char *src = host->checklstring (L, 1, &ls);
  const char *p = host->checklstring (L, 2, &lp);
  const char *lastmatch = NULL;
  int tr = host->type (L, 3);
  ElaraInteger max = str_optint (L, host->gettop (L), 4, (ElaraInteger) ls + 1);
  int anchor = (lp > 0 && *p == '^');
  ElaraInteger n = 0;
  int changed = 0;
  const char *fep = NULL;       /* see pat_firstclass */
  uint64_t fbits[2];
  PatState ms;
  ElaraBuffer b;
  if (tr != ELARA_TNUMBER && tr != ELARA_TSTRING && tr != ELARA_TFUNCTION
      && tr != ELARA_TTABLE)
    host->typeerror (L, 3, "string/function/table");
  host->buffinit (L, &b);
  if (anchor) {
    p++;
    lp--;
  }
  pat_prepare (&ms, L, src, ls, p, lp);
  if (anchor || !pat_firstclass (&ms, p, &fep))
    fep = NULL;
  else
    pat_asciibits (p, fep, fbits);
  while (n < max) {
    const char *e = NULL;
    if (fep == NULL || pat_firstok (&ms, src, p, fep, fbits)) {
      ms.level = 0;
      e = pat_match (&ms, src, p);
    }
    if (e != NULL && e != lastmatch) {
      n++;
      changed |= pat_addvalue (&ms, &b, src, e, tr);
      src = lastmatch = e;
    }
    else if (src < ms.src_end)
      str_addchar (&b, *src++);
    else
      break;
    if (anchor)
      break;
  }
  if (!changed)
    host->pushvalue (L, 1);
  else {
    host->addlstring (&b, src, (size_t) (ms.src_end - src));
    host->pushresult (&b);
  }
  host->pushinteger (L, n);
  return 2;
}
