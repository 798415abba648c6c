/*
** auxlib.h: the auxiliary layer (the luaL_ functions) and string buffers,
** done once in the core behind the auxiliary slots of ElaraHost
** SPDX-License-Identifier: MIT
**
** Every function is written on top of the stack API (api.h) only, so it
** behaves exactly as the lauxlib function its slot is named after.
*/
#ifndef EL_AUXLIB_H
#define EL_AUXLIB_H

#include <stdarg.h>

#include "state.h"

/* Names of the registry tables shared with the package library. */
#define EL_AUXLIB_LOADED    "_LOADED"
#define EL_AUXLIB_PRELOAD   "_PRELOAD"
#define EL_AUXLIB_GNAME     "_G"

/* Reference values of luaL_ref. */
#define EL_AUXLIB_NOREF     (-2)
#define EL_AUXLIB_REFNIL    (-1)

/* -- Errors and argument checks -------------------------------------------- */

EL_FUNC int el_auxlib_argerror (ElaraState *L, int arg, const char *extramsg);
EL_FUNC int el_auxlib_typeerror (ElaraState *L, int arg, const char *tname);
EL_FUNC void el_auxlib_checktype (ElaraState *L, int arg, int t);
EL_FUNC void el_auxlib_checkany (ElaraState *L, int arg);
EL_FUNC const char *el_auxlib_checklstring (ElaraState *L, int arg,
                                            size_t *l);
EL_FUNC const char *el_auxlib_optlstring (ElaraState *L, int arg,
                                          const char *def, size_t *l);
EL_FUNC ElaraNumber el_auxlib_checknumber (ElaraState *L, int arg);
EL_FUNC ElaraNumber el_auxlib_optnumber (ElaraState *L, int arg,
                                         ElaraNumber def);
EL_FUNC ElaraInteger el_auxlib_checkinteger (ElaraState *L, int arg);
EL_FUNC ElaraInteger el_auxlib_optinteger (ElaraState *L, int arg,
                                           ElaraInteger def);
EL_FUNC int el_auxlib_checkoption (ElaraState *L, int arg, const char *def,
                                   const char *const lst[]);
/* luaL_checkstack */
EL_FUNC void el_auxlib_checkstack_ (ElaraState *L, int sz, const char *msg);
EL_FUNC void el_auxlib_where (ElaraState *L, int lvl);
/* luaL_error */
EL_FUNC int el_auxlib_errorf (ElaraState *L, const char *fmt, ...);
EL_FUNC int el_auxlib_verrorf (ElaraState *L, const char *fmt, va_list argp);

/* -- Metatables ------------------------------------------------------------- */

EL_FUNC int el_auxlib_newmetatable (ElaraState *L, const char *tname);
/* luaL_setmetatable */
EL_FUNC void el_auxlib_setmetatable_ (ElaraState *L, const char *tname);
EL_FUNC void *el_auxlib_testudata (ElaraState *L, int ud, const char *tname);
EL_FUNC void *el_auxlib_checkudata (ElaraState *L, int ud, const char *tname);
EL_FUNC int el_auxlib_getmetafield (ElaraState *L, int obj, const char *e);
EL_FUNC int el_auxlib_callmeta (ElaraState *L, int obj, const char *e);

/* -- Conversions, tables, tracebacks --------------------------------------- */

/* luaL_tolstring */
EL_FUNC const char *el_auxlib_tolstring_ (ElaraState *L, int idx, size_t *len);
/* luaL_len */
EL_FUNC ElaraInteger el_auxlib_len_ (ElaraState *L, int idx);
EL_FUNC int el_auxlib_getsubtable (ElaraState *L, int idx, const char *fname);
EL_FUNC void el_auxlib_traceback (ElaraState *L, ElaraState *L1,
                                  const char *msg, int level);
EL_FUNC int el_auxlib_ref (ElaraState *L, int t);
EL_FUNC void el_auxlib_unref (ElaraState *L, int t, int ref);
EL_FUNC void el_auxlib_setfuncs (ElaraState *L, const ElaraLibReg *l, int nup);
EL_FUNC const char *el_auxlib_gsub (ElaraState *L, const char *s,
                                    const char *p, const char *r);
EL_FUNC int el_auxlib_fileresult (ElaraState *L, int stat, const char *fname);
EL_FUNC int el_auxlib_execresult (ElaraState *L, int stat);
/* luaL_requiref: LOADED[modname] = openf (modname) unless already loaded;
** the module is left on the stack (and set as a global when 'glb'). */
EL_FUNC void el_auxlib_requiref (ElaraState *L, const char *modname,
                                 ElaraCFunction openf, int glb);

/* -- Loading ------------------------------------------------------------------ */

EL_FUNC int el_auxlib_loadbufferx (ElaraState *L, const char *buff, size_t sz,
                                   const char *name, const char *mode);
/* 'filename' NULL reads stdin.  ELARA_ERRFILE with "cannot open <name>"
** when the file cannot be opened or read. */
EL_FUNC int el_auxlib_loadfilex (ElaraState *L, const char *filename,
                                 const char *mode);
EL_FUNC int el_auxlib_loadstring (ElaraState *L, const char *s);

/* -- String buffers (luaL_Buffer) ----------------------------------------- */

EL_FUNC void el_auxlib_buffinit (ElaraState *L, ElaraBuffer *B);
EL_FUNC char *el_auxlib_prepbuffsize (ElaraBuffer *B, size_t sz);
EL_FUNC void el_auxlib_addlstring (ElaraBuffer *B, const char *s, size_t l);
EL_FUNC void el_auxlib_addstring (ElaraBuffer *B, const char *s);
EL_FUNC void el_auxlib_addvalue (ElaraBuffer *B);
EL_FUNC void el_auxlib_pushresult (ElaraBuffer *B);
EL_FUNC void el_auxlib_pushresultsize (ElaraBuffer *B, size_t sz);
EL_FUNC char *el_auxlib_buffinitsize (ElaraState *L, ElaraBuffer *B,
                                      size_t sz);

#endif /* EL_AUXLIB_H */
