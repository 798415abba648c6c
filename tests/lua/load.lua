-- load.lua: load with strings and reader functions (pieces, empty pieces,
-- nil end, non-string pieces, errors inside readers), chunk names, the mode
-- argument ('t', 'b', 'bt', invalid modes), the env argument (including an
-- explicit nil), varargs of loaded chunks, and dofile on helper files in
-- data/ (shebang line skipped, syntax and run-time errors, missing files).

local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end
-- call load inside pcall and return its results
local function pload(...)
  local r = {pcall(load, ...)}
  assert(r[1], r[2])
  return r[2], r[3]
end

-- text chunks
do
  local f = load("return 1 + 1")
  assert(f() == 2)
  local g = load("local a, b = ...; return b, a", "=c")
  local x, y = g(1, 2)
  assert(x == 2 and y == 1)
  local h = load("return ...", "=c")
  assert(select("#", h(1, nil, 3)) == 3)
  assert(load("return _ENV", "=c")() == _G)
  -- an empty chunk returns nothing
  assert(select("#", load("", "=c")()) == 0)
  assert(select("#", load("  -- just a comment", "=c")()) == 0)
  -- each load creates a new function
  assert(load("return 1") ~= load("return 1"))
end

-- load does not raise on syntax errors: it returns nil and the message
do
  local f, e = load("x = ", "=c")
  assert(f == nil and e == "c:1: unexpected symbol near <eof>")
  f, e = pload("return 1 +", "=c")
  assert(f == nil and e == "c:1: unexpected symbol near <eof>")
end

-- reader functions
do
  local parts = {"return ", "1 ", "+ ", "41"}
  local i = 0
  local f = load(function() i = i + 1; return parts[i] end)
  assert(f() == 42)
  -- an empty string also ends the chunk
  i = 0
  f = load(function() i = i + 1; if i == 1 then return "return 2" end; return "" end)
  assert(f() == 2 and i == 2)
  -- the reader is not called again after the end
  i = 0
  f = pload(function()
    i = i + 1
    if i == 1 then return "return 'a'" elseif i == 2 then return nil end
    error("called again")
  end)
  assert(f() == "a")
end

-- pieces may split tokens anywhere
do
  local pieces = {"lo", "cal", " s ", "= ", "0 ", "fo", "r i", " = 1, 1", "0 do s = s + i end", " re", "turn s"}
  local k = 0
  local f = load(function() k = k + 1; return pieces[k] end, "=pieces")
  assert(f() == 55)
  k = 0
  local env = {}
  local g = load(function() k = k + 1; return ({"glob", "al = ", "1"})[k] end, "=p", "t", env)
  g()
  assert(env.global == 1)
end

-- reader errors are returned, not raised
do
  local f, e = pload(function() return {} end)
  assert(f == nil and e == "reader function must return a string")
  f, e = pload(load("error('in reader')", "=r"))
  assert(f == nil and e == "r:1: in reader")
  local obj = {}
  f, e = pload(function() error(obj) end)
  assert(f == nil and e == obj)
  f, e = pload(function() error() end)
  assert(f == nil and e == "<no error object>")
  f, e = pload(function() return nil end)
  assert(type(f) == "function" and f() == nil)
end

-- chunk names
do
  local _, e = pcall(load("error('x')", "=name"))
  assert(e == "name:1: x")
  _, e = pcall(load("error('x')", "@path/to/file.lua"))
  assert(e == "path/to/file.lua:1: x")
  _, e = pcall(load("error('x')"))
  assert(e == [[[string "error('x')"]:1: x]])
  _, e = pcall(load(function() return nil end, "=r"))
  assert(_ == true)
  local f = load(function() return nil end)
  assert(f() == nil)
  -- the default name of a reader chunk is "=(load)"
  local k = 0
  local g = load(function() k = k + 1; if k == 1 then return "error('y')" end end)
  _, e = pcall(g)
  assert(e == "(load):1: y")
end

-- modes
do
  local f, e = load("return 1", "c", "b")
  assert(f == nil and e == "attempt to load a text chunk (mode is 'b')")
  assert(load("return 1", "c", "t"))
  assert(load("return 1", "=c", "bt"))
  perr("bad argument #3 to 'load' (invalid mode)", load, "return 1", "c", "B")
  perr("bad argument #3 to 'load' (invalid mode)", load, "return 1", "c", "tB")
  f, e = load("\27Lua", "=c", "t")
  assert(f == nil and e == "attempt to load a binary chunk (mode is 't')")
  f, e = load(function() return "\27Lua" end, "=r", "t")
  assert(f == nil and e == "attempt to load a binary chunk (mode is 't')")
  -- an unknown mode letter only matters for the kind of chunk loaded
  f, e = pload("x", "n", 1)
  assert(f == nil and e == "attempt to load a text chunk (mode is '1')")
end

-- env
do
  local env = {x = 5}
  assert(load("return x", "=c", "t", env)() == 5)
  local g = load("y = 10", "=c", "t", env)
  g()
  assert(env.y == 10 and _G.y == nil)
  -- an explicit nil env makes _ENV nil
  local f = load("x = 1", "=c", "t", nil)
  perr("c:1: attempt to index a nil value (upvalue '_ENV')", f)
  perr("c:1: attempt to index a number value (upvalue '_ENV')", load("return x", "=c", "t", 1))
  -- the environment is the chunk's first upvalue, shared by nested functions
  local h = load("return function() return z end", "=c", "t", {z = "zz"})
  assert(h()() == "zz")
  -- a chunk that declares its own _ENV
  local k = load("local _ENV = {w = 3}; return w", "=c")
  assert(k() == 3)
end

-- argument errors
perr("bad argument #1 to 'load' (function expected, got no value)", load)
perr("bad argument #1 to 'load' (function expected, got nil)", load, nil)
perr("bad argument #2 to 'load' (string expected, got table)", load, "x", {}, "t")
do
  -- a number chunk is converted to a string
  local f, e = pload(1)
  assert(f == nil and e == [[[string "1"]:1: unexpected symbol near '1']])
end

-- dofile (paths are relative to this script's folder)
do
  local t, second = dofile("data/chunk.lua")
  assert(type(t) == "table" and t.marker == "chunk" and t.nargs == 0 and second == "second")
  perr("data/syntax-error.lua:3: unexpected symbol near '='", dofile, "data/syntax-error.lua")
  perr("data/runtime-error.lua:3: attempt to index a nil value (local 't')", dofile,
       "data/runtime-error.lua")
  perr("cannot open data/none.lua: No such file or directory", dofile, "data/none.lua")
  perr("bad argument #1 to 'dofile' (string expected, got table)", dofile, {})
  -- errors from dofile propagate through the caller
  local ok, e = pcall(function() dofile("data/runtime-error.lua") end)
  assert(not ok and e == "data/runtime-error.lua:3: attempt to index a nil value (local 't')")
end

print("OK load")
