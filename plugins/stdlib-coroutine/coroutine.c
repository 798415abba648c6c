/*
** coroutine.c: the coroutine library
** SPDX-License-Identifier: MIT
**
** A library plugin: it reaches the core only through the ElaraHost vtable
** received in co_init (one host per process, kept in a static).
*/
#include "config.h"

#include "elara/elara-plugin.h"

static const ElaraHost *host;

#define co_pop(L, n)      host->settop (L, -(n) - 1)
#define co_insert(L, i)   host->rotate (L, (i), 1)

/* Statuses as seen from the coroutine asking (order of co_statname). */
#define CO_RUN    0
#define CO_DEAD   1
#define CO_YIELD  2
#define CO_NORM   3

static const char *const co_statname[] = {
  "running", "dead", "suspended", "normal"
};

static ElaraState *
co_getco (ElaraState *L)
{
  ElaraState *co = host->tothread (L, 1);
  if (co == NULL)
    host->typeerror (L, 1, "thread");
  return co;
}

/* Resume 'co' with the top 'narg' values of L.  Returns the number of
** results moved to L, or -1 with an error message on L's top. */
static int
co_auxresume (ElaraState *L, ElaraState *co, int narg)
{
  int status, nres;
  if (!host->checkstack (co, narg)) {
    host->pushstring (L, "too many arguments to resume");
    return -1;
  }
  host->xmove (L, co, narg);
  status = host->resume (co, L, narg, &nres);
  if (status == ELARA_OK || status == ELARA_YIELD) {
    if (!host->checkstack (L, nres + 1)) {
      co_pop (co, nres);
      host->pushstring (L, "too many results to resume");
      return -1;
    }
    host->xmove (co, L, nres);
    return nres;
  }
  host->xmove (co, L, 1);
  return -1;
}

static int
co_resume (ElaraState *L)
{
  ElaraState *co = co_getco (L);
  int r = co_auxresume (L, co, host->gettop (L) - 1);
  if (r < 0) {
    host->pushboolean (L, 0);
    co_insert (L, -2);
    return 2;
  }
  host->pushboolean (L, 1);
  co_insert (L, -(r + 1));
  return r + 1;
}

/* The function made by wrap: errors propagate to the caller, after the
** dead coroutine's pending to-be-closed variables ran; a string message
** gets the caller's position prepended, as the reference does. */
static int
co_auxwrap (ElaraState *L)
{
  ElaraState *co = host->tothread (L, elara_upvalueindex (1));
  int r = co_auxresume (L, co, host->gettop (L));
  if (r < 0) {
    int stat = host->status (co);
    if (stat != ELARA_OK && stat != ELARA_YIELD) {
      stat = host->closethread (co, L);
      host->xmove (co, L, 1);
    }
    if (stat != ELARA_ERRMEM && host->type (L, -1) == ELARA_TSTRING) {
      host->where (L, 1);
      co_insert (L, -2);
      host->concat (L, 2);
    }
    return host->error (L);
  }
  return r;
}

static int
co_create (ElaraState *L)
{
  ElaraState *NL;
  host->checktype (L, 1, ELARA_TFUNCTION);
  NL = host->newthread (L);
  host->pushvalue (L, 1);
  host->xmove (L, NL, 1);
  return 1;
}

static int
co_wrap (ElaraState *L)
{
  co_create (L);
  host->pushcclosure (L, co_auxwrap, 1);
  return 1;
}

static int
co_yield (ElaraState *L)
{
  return host->yieldk (L, host->gettop (L), 0, NULL);
}

static int
co_auxstatus (ElaraState *L, ElaraState *co)
{
  if (L == co)
    return CO_RUN;
  switch (host->status (co)) {
    case ELARA_YIELD:
      return CO_YIELD;
    case ELARA_OK: {
      ElaraDebug ar;
      if (host->getstack (co, 0, &ar))
        return CO_NORM;   /* it has frames: it resumed another one */
      else if (host->gettop (co) == 0)
        return CO_DEAD;
      else
        return CO_YIELD;  /* not started yet */
    }
    default:
      return CO_DEAD;     /* finished with an error */
  }
}

static int
co_status (ElaraState *L)
{
  ElaraState *co = co_getco (L);
  host->pushstring (L, co_statname[co_auxstatus (L, co)]);
  return 1;
}

static ElaraState *
co_getoptco (ElaraState *L)
{
  return host->type (L, 1) == ELARA_TNONE ? L : co_getco (L);
}

static int
co_isyieldable (ElaraState *L)
{
  ElaraState *co = co_getoptco (L);
  host->pushboolean (L, host->isyieldable (co));
  return 1;
}

static int
co_running (ElaraState *L)
{
  int ismain = host->pushthread (L);
  host->pushboolean (L, ismain);
  return 2;
}

/* 5.5: the argument defaults to the running coroutine, which may close
** itself: its resume then returns, and this call never does. */
static int
co_close (ElaraState *L)
{
  ElaraState *co = co_getoptco (L);
  int status = co_auxstatus (L, co);
  switch (status) {
    case CO_DEAD:
    case CO_YIELD:
      status = host->closethread (co, L);
      if (status == ELARA_OK) {
        host->pushboolean (L, 1);
        return 1;
      }
      host->pushboolean (L, 0);
      host->xmove (co, L, 1);
      return 2;
    case CO_NORM:
      return host->errorf (L, "cannot close a %s coroutine",
                           co_statname[status]);
    default:
      host->rawgeti (L, ELARA_REGISTRYINDEX, ELARA_RIDX_MAINTHREAD);
      if (host->tothread (L, -1) == co)
        return host->errorf (L, "cannot close main thread");
      host->closethread (co, L);  /* does not return */
      return 0;
  }
}

static const ElaraLibReg co_funcs[] = {
  { "create", co_create },
  { "resume", co_resume },
  { "running", co_running },
  { "status", co_status },
  { "wrap", co_wrap },
  { "yield", co_yield },
  { "isyieldable", co_isyieldable },
  { "close", co_close },
  { NULL, NULL }
};

static int
co_init (ElaraState *L, const ElaraHost *h)
{
  host = h;
  host->register_lib (L, "coroutine", co_funcs, 1);
  /* the VM switches threads itself for Lua calls of these (ABI 1.3);
  ** they stay the complete implementation for everything else */
  if (ELARA_HOST_HAS (host, set_coroutine_fns))
    host->set_coroutine_fns (L, co_resume, co_auxwrap, co_yield);
  co_pop (L, 1);
  return 0;
}

static const char *const co_provides[] = { "coroutine", NULL };
static const char *const co_depends[] = { "base", NULL };

static const ElaraPluginDesc co_desc = {
  .abi = ELARA_ABI_HEADER_INIT (ElaraPluginDesc),
  .kind = ELARA_PLUGIN_KIND_LIBRARY,
  .name = "coroutine",
  .version = "0.1.0",
  .description = "coroutines (create, resume, yield, wrap, close, ...)",
  .provides = co_provides,
  .depends = co_depends,
  .build_id = NULL,
  .init = co_init,
  .load = NULL,
  .ops = NULL,
};

ELARA_PLUGIN_DEFINE (coroutine, &co_desc)
