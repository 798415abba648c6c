/*
** lua.hpp: the Lua 5.5 C API headers for C++ (C linkage)
** SPDX-License-Identifier: MIT
*/
extern "C" {
#include "lua.h"
#include "lualib.h"
#include "lauxlib.h"
}
