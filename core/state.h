/*
** state.h: threads (ElaraState), the global state shared by all threads of
** one Lua state, and call frames (CallInfo)
** SPDX-License-Identifier: MIT
**
** Invariants:
**  - every object reachable from the registry, a thread's stack or a
**    thread's open upvalues is alive;
**  - L->top is the first free stack slot; slots [stack, top) are valid
**    values; the area up to stack_last + EXTRA_STACK is allocated so a
**    metamethod call can always push its few arguments;
**  - a CallInfo's 'func' is the called object's slot, its arguments follow;
**    for a Lua frame the registers are base = func + 1 upward.
*/
#ifndef EL_STATE_H
#define EL_STATE_H

#include <setjmp.h>

#include "object.h"
#include "meta.h"

/* Extra slots above stack_last, usable without a check (metamethods). */
#define EXTRA_STACK     5
#define BASIC_STACK_SIZE (2 * EL_MINSTACK)
#define stacksize(th)   cast_int ((th)->stack_last - (th)->stack)

/* Kinds of collector. */
#define KGC_INC         0
#define KGC_GENMINOR    1
#define KGC_GENMAJOR    2

/* -- Call frames ------------------------------------------------------------ */

/* callstatus bits */
#define CIST_C          (1 << 0)   /* a C function */
#define CIST_FRESH      (1 << 1)   /* fresh vm_execute invocation (return ends it) */
#define CIST_CLSRET     (1 << 2)   /* closing tbc variables on return */
#define CIST_HOOKED     (1 << 3)   /* running a hook */
#define CIST_YPCALL     (1 << 4)   /* a yieldable protected call */
#define CIST_TAIL       (1 << 5)   /* reached by a tail call */
#define CIST_HOOKYIELD  (1 << 6)   /* last hook yielded */
#define CIST_FIN        (1 << 7)   /* running a finalizer */
/* bits 8-11: number of __call levels (extra arguments), 0..15 */
#define CIST_CCMT       8
#define MAX_CCMT        (0xF << CIST_CCMT)
#define getcistccmt(ci) (((ci)->callstatus & MAX_CCMT) >> CIST_CCMT)
/* bits 12-14: saved status of a protected call interrupted by a yield */
#define CIST_RECST      12
#define getcistrecst(ci) (((ci)->callstatus >> CIST_RECST) & 7)
#define setcistrecst(ci, st) \
  ((ci)->callstatus = ((ci)->callstatus & ~(7u << CIST_RECST)) \
                      | ((unsigned) (st) << CIST_RECST))
/* bit 15: a C function has pending to-be-closed variables (lua_toclose);
** poscall closes them before moving the results (added by call.c) */
#define CIST_TBC        (1u << 15)
/* bit 16: original value of L->allowhook saved by a yieldable pcall */
#define CIST_OAH        (1u << 16)
#define getoah(ci)      (((ci)->callstatus & CIST_OAH) ? 1 : 0)
#define setoah(ci, v) \
  ((ci)->callstatus = (v) ? ((ci)->callstatus | CIST_OAH) \
                          : ((ci)->callstatus & ~CIST_OAH))

typedef struct CallInfo {
  StkId func;                 /* the called object */
  StkId top;                  /* top of this frame's stack */
  struct CallInfo *previous, *next;
  union {
    struct {                  /* Lua functions */
      const ElCode *savedpc;
      union {
        struct {
          volatile int trap;  /* re-check hooks/stack in the VM loop */
          int nextraargs;     /* vararg functions: extra args passed */
        };
        /* both at once: a new frame clears them with one store */
        uint64_t trapextra;
      };
      /* Where the caller goes on: its savedpc at the call, kept here too
      ** so that a return loads it with no load of 'previous' before
      ** (the caller's next dispatch waits on this chain).  Set in every
      ** Lua frame a Lua frame calls; unused in CIST_FRESH frames. */
      const ElCode *retpc;
      /* The running function's constants, for el_vm_run (its 'k'): set
      ** whenever the loop starts or enters the frame, so that a return
      ** resumes the caller without loading them again. */
      TValue *k;
    } l;
    struct {                  /* C functions */
      ElaraKFunction k;       /* continuation after a yield */
      ptrdiff_t old_errfunc;
      ElaraKContext ctx;
    } c;
  } u;
  union {
    int funcidx;              /* called-function index (protected call) */
    int nyield;               /* values yielded */
    int nres;                 /* values returned */
  } u2;
  int nresults;               /* expected results (-1 = multiple) */
  unsigned int callstatus;
} CallInfo;

#define isLua(ci)       (!((ci)->callstatus & CIST_C))
#define isLuacode(ci)   (!((ci)->callstatus & (CIST_C | CIST_HOOKED)))
#define ci_func(ci)     (clLvalue (s2v ((ci)->func)))

/* -- String table -------------------------------------------------------- */

typedef struct StringTable {
  TString **hash;
  int nuse;                   /* number of elements */
  int size;
} StringTable;

/* -- Global state --------------------------------------------------------- */

struct ElPluginSet;           /* plugin.c */
struct ElJit;                 /* jit.c */

/* Fast entries of library functions (host->register_fast): an open
** addressed table keyed by the normal entry, filled to at most half so
** that a lookup always ends at an empty slot (el_call_fastentry). */
#define EL_FASTN 128
struct ElFastSlot {
  ElaraCFunction f;           /* NULL: empty */
  ElaraFastFunction fast;
};

typedef struct GlobalState {
  ElaraAlloc frealloc;
  void *ud;
  ptrdiff_t totalbytes;       /* bytes allocated - GCdebt */
  ptrdiff_t GCdebt;           /* bytes allocated not yet paid by the GC */
  size_t GCestimate;          /* live bytes estimate after last collection */
  size_t memlimit;            /* 0 = none; allocation beyond fails */
  StringTable strt;
  TValue l_registry;
  TValue nilvalue;            /* a nil; also "state fully built" flag */
  unsigned int seed;          /* hash seed (randomised per state) */
  uint8_t gcstate;
  uint8_t gckind;             /* KGC_* */
  uint8_t gcstopem;           /* stops emergency collections */
  uint8_t gcstp;              /* bits: collector stopped by user/internally */
  uint8_t gcemergency;
  uint8_t currentwhite;
  int gcparams[ELARA_GCPN];   /* pause, stepmul, ... (user units) */
  GCObject *allgc;            /* all collectable objects */
  GCObject **sweepgc;
  GCObject *finobj;           /* objects with finalizers */
  GCObject *gray;
  GCObject *grayagain;
  GCObject *weak;
  GCObject *ephemeron;
  GCObject *allweak;
  GCObject *tobefnz;          /* to be finalized */
  GCObject *fixedgc;          /* never collected */
  GCObject *firstold;         /* gen. minor mode: allgc from here on is old */
  size_t GCmajorbase;         /* gen.: live bytes when the old gen. was built */
  size_t GCatomictotal;       /* bytes in use when the last atomic phase ran */
  size_t GCmarked;            /* bytes of the objects marked in this cycle */
  size_t GCaddedold;          /* gen.: bytes turned old since GCmajorbase */
  struct ElMemPool *pool;     /* mem.c: the small-block pool */
  struct ElaraState *twups;   /* threads with open upvalues */
  ElaraCFunction panic;
  struct ElaraState *mainthread;
  TString *memerrmsg;         /* "not enough memory", pre-built */
  TString *tmname[TM_N];      /* metamethod names */
  /* metatable fields the auxiliary layer reads on every tostring: looked
  ** up with these (fixed) strings, the names are not interned each time */
  TString *mfname_tostring;   /* "__tostring" */
  TString *mfname_name;       /* "__name" */
  Table *mt[ELARA_NUMTYPES];  /* metatables of basic types */
  ElaraWarnFunction warnf;
  void *ud_warn;
  struct ElPluginSet *plugins;/* plugins loaded into this state */
  struct ElJit *jit;          /* JIT backend state, NULL without one */
  void *embed;                /* owned by the embedding layer (elara.h) */
  /* coroutine.resume, the function made by coroutine.wrap and
  ** coroutine.yield of the coroutine library, recognised by the VM to
  ** switch threads itself (never NULL: a placeholder until registered) */
  ElaraCFunction coresume, cowrap, coyield;
  int nfast;                  /* entries in 'fast' */
  /* set by the fast_* host slots that make objects: the VM then checks
  ** the GC after the entry returns (el_call_fastresults) */
  uint8_t fastmade;
  struct ElFastSlot fast[EL_FASTN];
} GlobalState;

/* -- Threads ----------------------------------------------------------------- */

struct el_longjmp;             /* call.c */

struct ElaraState {
  CommonHeader;
  uint8_t status;             /* ELARA_OK, ELARA_YIELD, error codes */
  uint8_t allowhook;
  uint8_t copending;          /* the outcome of a resume the VM started is
                              ** ready: the next el_call_resume reports it
                              ** (call.c, "coroutine switches in the VM") */
  unsigned short nci;         /* number of CallInfos */
  StkId top;
  GlobalState *l_G;
  CallInfo *ci;               /* current frame */
  StkId stack_last;           /* end of the usable stack */
  StkId stack;
  UpVal *openupval;
  StkId tbclist;              /* last to-be-closed variable */
  GCObject *gclist;
  struct ElaraState *twups;
  struct el_longjmp *errorJmp;
  /* while the VM runs this coroutine after switching to it: the thread
  ** that resumed it (its frame is the C call of resume/wrap), else NULL */
  struct ElaraState *coresumer;
  CallInfo base_ci;           /* the C host's frame */
  volatile ElaraHook hook;
  ptrdiff_t errfunc;          /* stack offset of the message handler */
  uint32_t nCcalls;           /* nested (non-yieldable | C) calls */
  int oldpc;                  /* last pc traced */
  int basehookcount;
  int hookcount;
  volatile int hookmask;
  struct {
    int ftransfer;
    int ntransfer;
  } transferinfo;
};

#define G(L)            ((L)->l_G)

/* nCcalls: low 16 bits count C calls, high 16 bits non-yieldable calls. */
#define yieldable(L)    (((L)->nCcalls & 0xffff0000) == 0)
#define getCcalls(L)    ((L)->nCcalls & 0xffff)
#define incnny(L)       ((L)->nCcalls += 0x10000)
#define decnny(L)       ((L)->nCcalls -= 0x10000)
#define nyci            (0x10000 | 1)

/* Is the state fully built (the collector may run)? */
#define completestate(g) ttisnil (&(g)->nilvalue)

/* -- Functions (state.c) ------------------------------------------------------ */

/* Create a state with allocator 'f' and hash seed; NULL when out of memory. */
EL_FUNC ElaraState *el_state_new (ElaraAlloc f, void *ud, unsigned int seed);
/* Close the state: run pending finalizers and __close, free everything. */
EL_FUNC void el_state_close (ElaraState *L);
/* New coroutine sharing L's global state, pushed on L's stack. */
EL_FUNC ElaraState *el_state_newthread (ElaraState *L);
EL_FUNC void el_state_freethread (ElaraState *L, ElaraState *L1);
/* Reset a thread after an error or for closing: closes its upvalues and
** tbc variables; returns the final status. */
EL_FUNC int el_state_resetthread (ElaraState *L, int status);
/* Append a CallInfo after L->ci (reusing a free one). */
EL_FUNC CallInfo *el_state_extendci (ElaraState *L);
/* Free the unused CallInfos after L->ci. */
EL_FUNC void el_state_freeci (ElaraState *L);
EL_FUNC void el_state_shrinkci (ElaraState *L);
/* Count one more C call; raises "C stack overflow" past EL_MAXCCALLS. */
EL_FUNC void el_state_incCstack (ElaraState *L);
EL_FUNC void el_state_checkcstack (ElaraState *L);
/* Emit a warning (pieces joined while 'tocont'). */
EL_FUNC void el_state_warning (ElaraState *L, const char *msg, int tocont);
/* Warn about an error in a finalizer or similar (message on top). */
EL_FUNC void el_state_warnerror (ElaraState *L, const char *where);
/* The global table and the registry. */
EL_FUNC Table *el_state_registry (ElaraState *L);
EL_FUNC void el_state_getglobals (ElaraState *L, TValue *out);

#endif /* EL_STATE_H */
