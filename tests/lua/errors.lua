-- errors.lua: run-time error messages: variable descriptions (global,
-- local, upvalue, field, method, constant), operation names (index, call,
-- arithmetic, concatenate, compare, get length, bitwise), the
-- "chunkname:line:" prefix for every kind of chunk name (=name, @file,
-- [string "..."] with truncation), and line numbers in multi-line chunks.

-- Run `src` (chunk name "=c" unless given) and return its error message.
local function msg(src, name)
  local f, e = load(src, name or "=c")
  assert(f, e)
  local ok, m = pcall(f)
  assert(not ok, "expected an error from: " .. src)
  return m
end
local function check(src, expected, name)
  local m = msg(src, name)
  assert(m == expected, m)
end

-- variable kinds
check("return x.y", "c:1: attempt to index a nil value (global 'x')")
check("local t; return t.y", "c:1: attempt to index a nil value (local 't')")
check("local u; return (function() return u.a end)()", "c:1: attempt to index a nil value (upvalue 'u')")
check("local t = {}; return t.a.b", "c:1: attempt to index a nil value (field 'a')")
check("local t = {}; return t:nomethod()", "c:1: attempt to call a nil value (method 'nomethod')")
check("return ('x')()", "c:1: attempt to call a string value (constant 'x')")
check("local k <const> = 'abc'; local t = {}; return t[k].z", "c:1: attempt to index a nil value (field 'abc')")
check("local k <const> = 'key'; local t = {}; return t[k]()", "c:1: attempt to call a nil value (field 'key')")
check("local t = {}; return t['key']()", "c:1: attempt to call a nil value (field 'key')")
check("local t = {1} return t[1]()", "c:1: attempt to call a number value (field 'integer index')")
check("local t = {}; local k = {}; return t[k]()", "c:1: attempt to call a nil value (field '?')")
check("local t = {} t.f = 1 t.f()", "c:1: attempt to call a number value (field 'f')")
check("local t = {} t.f = 1 t:f()", "c:1: attempt to call a number value (method 'f')")
check("local a = 'x' return a()", "c:1: attempt to call a string value (local 'a')")
check("local x <const> = nil; return x()", "c:1: attempt to call a nil value")
check("local n = 1 return n.x", "c:1: attempt to index a number value (local 'n')")
check("local t = {n = 1} return t.n.x", "c:1: attempt to index a number value (field 'n')")

-- every operation
check("local u; return (function() return u + 1 end)()", "c:1: attempt to perform arithmetic on a nil value (upvalue 'u')")
check("local u; return (function() return u() end)()", "c:1: attempt to call a nil value (upvalue 'u')")
check("local u; return (function() return #u end)()", "c:1: attempt to get length of a nil value (upvalue 'u')")
check("return -x", "c:1: attempt to perform arithmetic on a nil value (global 'x')")
check("return 1 < x", "c:1: attempt to compare number with nil")
check("return x .. 'a'", "c:1: attempt to concatenate a nil value (global 'x')")
check("local a = {} return a.b .. 'a'", "c:1: attempt to concatenate a nil value (field 'b')")
check("local t = {}; return t.x .. 'a'", "c:1: attempt to concatenate a nil value (field 'x')")
check("local t = {}; return -t.x", "c:1: attempt to perform arithmetic on a nil value (field 'x')")
check("local t = {}; return t.x < 1", "c:1: attempt to compare nil with number")
check("local t = {}; return t.x | 1", "c:1: attempt to perform bitwise operation on a nil value (field 'x')")
check("return ({}) + 1", "c:1: attempt to perform arithmetic on a table value")
check("return #print", "c:1: attempt to get length of a function value (global 'print')")
check("local co = coroutine.running() return co + 1", "c:1: attempt to perform arithmetic on a thread value (local 'co')")
check("return coroutine.nope.x", "c:1: attempt to index a nil value (field 'nope')")
check("return coroutine.nofunc()", "c:1: attempt to call a nil value (field 'nofunc')")
check("return 2^63 | 1", "c:1: number has no integer representation")
check("local t = {} return t < t", "c:1: attempt to compare two table values")

-- _ENV itself
check("_ENV = nil; return x", "c:1: attempt to index a nil value (upvalue '_ENV')")
check("local _ENV = nil; return x", "c:1: attempt to index a nil value (local '_ENV')")
check("local _ENV = {}; return x.y", "c:1: attempt to index a nil value (global 'x')")
check("local _ENV = {}; x()", "c:1: attempt to call a nil value (global 'x')")
check("local _ENV <const> = {}; return x.y", "c:1: attempt to index a nil value (global 'x')")

-- chunk names
check("error('x')", [[[string "error('x')"]:1: x]], "error('x')")
check("error('x')", [[[string "name"]:1: x]], "name")
check("error('x')", "name:1: x", "=name")
check("error('x')", "file.lua:1: x", "@file.lua")
check("\nerror('x')", [[[string "..."]:2: x]], "\nerror('x')")
check("local a = 1\nerror('x')", [[[string "some chunk..."]:2: x]], "some chunk\nwith newline")
do
  local long = "error('x') -- a very long first line that goes on and on and on beyond sixty characters"
  check(long, [[[string "error('x') -- a very long first line that goe..."]:1: x]], long)
  local n100, f100, s100, s40, s45 = "", "", "", "", ""
  for i = 1, 100 do n100 = n100 .. "n"; f100 = f100 .. "f"; s100 = s100 .. "s" end
  for i = 1, 40 do s40 = s40 .. "s" end
  for i = 1, 45 do s45 = s45 .. "s" end
  local n59, f56, s45d = "", "", ""
  for i = 1, 59 do n59 = n59 .. "n" end
  for i = 1, 56 do f56 = f56 .. "f" end
  check("error('x')", n59 .. ":1: x", "=" .. n100)          -- cut at 59 chars
  check("error('x')", "..." .. f56 .. ":1: x", "@" .. f100)  -- keeps the end
  check("error('x')", '[string "' .. s45 .. '..."]:1: x', s100)
  check("error('x')", '[string "' .. s40 .. '"]:1: x', s40)
  check("error('x')", '[string "' .. s45 .. '..."]:1: x', s45)
end
-- syntax errors use the same prefix
do
  local f, e = load("x = = 1")
  assert(f == nil and e == [[[string "x = = 1"]:1: unexpected symbol near '=']])
  f, e = load("x = = 1", "=(load)")
  assert(f == nil and e == "(load):1: unexpected symbol near '='")
  f, e = load("\n\nx = = 1", "=c")
  assert(e == "c:3: unexpected symbol near '='")
end
-- default chunk name of load for strings
check("return 1 + nil", [[[string "return 1 + nil"]:1: attempt to perform arithmetic on a nil value]],
      "return 1 + nil")

-- line numbers
check("local a = 1\nlocal b = 2\nlocal c = a + nil\n", "c:3: attempt to perform arithmetic on a nil value")
check([[
local t = {}
local function f()
  return t.x.y
end
return f()
]], "c:3: attempt to index a nil value (field 'x')")
check([[
local x = 1
  + 2
  + nil
]], "c:3: attempt to perform arithmetic on a nil value")
check([[
local function g(a)
  local b = a
  return b
    .c
end
return g(nil)
]], "c:4: attempt to index a nil value (local 'b')")
check([[
error("first", 1)
]], "c:1: first")
check([[
local function thrower()
  error("deep", 1)
end
local function caller()
  thrower()
end
caller()
]], "c:2: deep")
check([[
local function thrower()
  error("level2", 2)
end
local function caller()
  thrower()   -- blamed
end
caller()
]], "c:5: level2")

-- errors in argument checks of base functions carry no position when called
-- directly by pcall, and the caller's position when called from Lua code
do
  local ok, e = pcall(setmetatable, 1, {})
  assert(not ok and e == "bad argument #1 to 'setmetatable' (table expected, got number)")
  check("setmetatable(1, {})", "c:1: bad argument #1 to 'setmetatable' (table expected, got number)")
  check("local t = {} t.x = setmetatable t.x(1)", "c:1: bad argument #1 to 'x' (table expected, got number)")
  check("local sm = setmetatable sm(1)", "c:1: bad argument #1 to 'sm' (table expected, got number)")
  check("local t = {sm = setmetatable} t:sm()", "c:1: bad argument #1 to 'sm' (nil or table expected, got no value)")
  check("local t = {sm = setmetatable} t.sm(t)", "c:1: bad argument #2 to 'sm' (nil or table expected, got no value)")
  check("local s = {sm = setmetatable} local n = 5 s.sm(n, {})", "c:1: bad argument #1 to 'sm' (table expected, got number)")
  check("rawlen(1)", "c:1: bad argument #1 to 'rawlen' (table or string expected, got number)")
  check("ipairs()", "c:1: bad argument #1 to 'ipairs' (value expected)")
  check("next({}, 'nokey')", "invalid key to 'next'")   -- raised inside C: no position
end

-- the message is just the value when an error object is not a string
do
  local f = load("error(42)", "=c")
  local ok, e = pcall(f)
  assert(not ok and e == 42)
  ok, e = pcall(load("error(true)", "=c"))
  assert(not ok and e == true)
end

print("OK errors")
