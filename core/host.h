/*
** host.h: the ElaraHost vtable instance handed to plugins
** SPDX-License-Identifier: MIT
*/
#ifndef EL_HOST_H
#define EL_HOST_H

#include "state.h"

/* The process-wide host vtable (immutable, ABI 1.current). */
EL_FUNC const ElaraHost *el_host_get (void);

#endif /* EL_HOST_H */
