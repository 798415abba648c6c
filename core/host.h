/*
** host.h: the ElaraHost vtable instance handed to plugins
** SPDX-License-Identifier: MIT
*/
#ifndef EL_HOST_H
#define EL_HOST_H

#include "state.h"

/* The process-wide host vtable (immutable, ABI 1.current). */
EL_FUNC const ElaraHost *el_host_get (void);

/* The host->log slot hands each formatted message to this hook, process
** wide (set it before the first state is created).  'level' is the
** slot's: 0 debug, 1 info, 2 and above warning; 'plugin' is never NULL.
** libelara forwards to g_log (domain "elara-plugin"), the launcher prints
** warnings as its own messages.  Without a hook, warnings go to stderr. */
typedef void (*ElHostLogFunc) (int level, const char *plugin,
                               const char *message);
EL_FUNC void el_host_set_log_hook (ElHostLogFunc func);

#endif /* EL_HOST_H */
