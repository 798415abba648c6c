-- package_path.lua: package.searchpath, package.loadlib failures and the
-- shape of the default paths.

assert(type(package.path) == "string" and type(package.cpath) == "string")

-- found: the file name, with '.' in the name as the directory separator
assert(package.searchpath("data.chunk", "./?.lua") == "./data/chunk.lua")
assert(package.searchpath("chunk", "nothere/?.lua;./data/?.lua")
       == "./data/chunk.lua")
-- custom separator and replacement
assert(package.searchpath("data-chunk", "./?.lua", "-", "/")
       == "./data/chunk.lua")
assert(package.searchpath("./data/chunk.lua", "?", "") == "./data/chunk.lua")

-- not found: fail and every template tried, empty ones included
local f, msg = package.searchpath("a.b", "x/?.lua;;y/?")
assert(f == nil and msg == "no file 'x/a/b.lua'\n\tno file ''\n\tno file 'y/a/b'",
       msg)
f, msg = package.searchpath("a.b", "?.x", ".", "_")
assert(f == nil and msg == "no file 'a_b.x'")
-- every mark is replaced
f, msg = package.searchpath("m", "??")
assert(f == nil and msg == "no file 'mm'")

assert(not pcall(package.searchpath))
assert(not pcall(package.searchpath, "x"))

-- loadlib of a missing library: fail, a message and where it failed
local lib, err, where = package.loadlib("./no-such-library.so", "luaopen_x")
assert(lib == nil and type(err) == "string")
assert(where == "open" or where == "absent")
assert(not pcall(package.loadlib, "x"))

print("OK package_path")
