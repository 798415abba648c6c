-- data/syntax-error.lua: a helper for load.lua with a syntax error on line 3

x = = 1
