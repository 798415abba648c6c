#!/usr/bin/env lua
-- data/chunk.lua: a helper chunk for load.lua (not a test by itself):
-- starts with a '#' line, which dofile skips, and returns its arguments
-- count and a marker table.
local n = select("#", ...)
return {marker = "chunk", nargs = n}, "second"
