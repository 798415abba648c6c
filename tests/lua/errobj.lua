-- errobj.lua: error values and protected calls: error levels 0/1/2/3,
-- non-string error objects passed through unchanged, nil becoming
-- "<no error object>" (after the message handler), pcall/xpcall results,
-- message handlers (arguments, tracebacks of our own, errors inside them),
-- assert with messages and objects, nested protected calls.

local f = load([[
local function lvl1() error("msg", 1) end
local function lvl2() error("msg", 2) end
local function lvl0() error("msg", 0) end
local function lvl3() error("msg", 3) end
local function call2() lvl2() end
local function call3() local function mid() lvl3() end mid() end
local function default() error("msg") end
return lvl1, lvl2, lvl0, call2, call3, default
]], "=c")
local lvl1, lvl2, lvl0, call2, call3, default = f()

local function res(...) return {n = select("#", ...), ...} end

local r = res(pcall(lvl1))
assert(r.n == 2 and r[1] == false and r[2] == "c:1: msg")
r = res(pcall(default))
assert(r[2] == "c:7: msg")
r = res(pcall(lvl2))          -- level 2 is pcall itself: no position
assert(r[2] == "msg")
r = res(pcall(lvl0))
assert(r[2] == "msg")
r = res(pcall(call2))
assert(r[2] == "c:5: msg")
r = res(pcall(call3))
assert(r[2] == "c:6: msg")
-- levels given as strings or floats are converted
r = res(pcall(load("error('with level', 1.0)", "=c")))
assert(r[2] == "c:1: with level")
r = res(pcall(load("local function f() error('a', '2') end\n\nf()", "=c")))
assert(r[2] == "c:3: a")

-- non-string error values are not changed (no position added)
do
  local obj = {}
  local ok, e = pcall(error, obj)
  assert(not ok and e == obj)
  ok, e = pcall(error, 42)
  assert(not ok and e == 42)
  ok, e = pcall(error, 42, 2)
  assert(not ok and e == 42)
  ok, e = pcall(error, false)
  assert(not ok and e == false)
  ok, e = pcall(error, true)
  assert(not ok and e == true)
  local fn = function() end
  ok, e = pcall(error, fn)
  assert(e == fn)
  -- a table with __tostring stays a table
  local ts = setmetatable({}, {__tostring = function() return "TS" end})
  ok, e = pcall(error, ts)
  assert(e == ts and tostring(e) == "TS")
end

-- nil error values
do
  local r1 = res(pcall(error))
  assert(r1.n == 2 and r1[2] == "<no error object>")
  r1 = res(pcall(error, nil))
  assert(r1[2] == "<no error object>")
  -- the message handler still sees nil
  r1 = res(xpcall(error, function(m) return type(m) end))
  assert(r1[1] == false and r1[2] == "nil")
  r1 = res(xpcall(error, function(m) return m end))
  assert(r1.n == 2 and r1[2] == "<no error object>")
  r1 = res(xpcall(error, function(m) end))
  assert(r1.n == 2 and r1[2] == "<no error object>")
  -- through a coroutine
  local co = coroutine.create(function() error(nil) end)
  local ok, e = coroutine.resume(co)
  assert(not ok and e == "<no error object>")
end

-- string errors at level 1 from the main chunk of a file get the position
do
  local ok, e = pcall(error, "s", 1)
  assert(e == "s")                   -- level 1 is error's caller, here pcall (C)
  ok, e = pcall(load("error('s', 1)", "=c"))
  assert(e == "c:1: s")
  ok, e = pcall(load("error('a', 2)", "=c"))
  assert(e == "a")                   -- the caller of the chunk is pcall
  ok, e = pcall(load("local function f() error('a', 2) end f()", "=c"))
  assert(e == "c:1: a")
  ok, e = pcall(load("local function f() error('a', 2) end\n\nf()", "=c"))
  assert(e == "c:3: a")
end

-- pcall results
do
  local r1 = res(pcall(function(...) return ... end, 1, nil, 3))
  assert(r1.n == 4 and r1[1] == true and r1[2] == 1 and r1[3] == nil and r1[4] == 3)
  r1 = res(pcall(function() end))
  assert(r1.n == 1 and r1[1] == true)
  local ok, e = pcall(pcall)
  assert(not ok and e == "bad argument #1 to 'pcall' (value expected)")
  r1 = res(pcall(pcall, 1))
  assert(r1[1] == true and r1[2] == false and r1[3] == "attempt to call a number value")
  -- pcall of a callable object
  local obj = setmetatable({}, {__call = function(self, x) return x * 2 end})
  ok, e = pcall(obj, 21)
  assert(ok and e == 42)
  -- nested pcall: inner errors do not reach the outer one
  local outer = res(pcall(function()
    local ok2, e2 = pcall(error, "inner")
    assert(not ok2 and e2 == "inner")
    return "outer ok"
  end))
  assert(outer[1] == true and outer[2] == "outer ok")
end

-- xpcall
do
  local r1 = res(xpcall(function(...) return ... end, print, 1, 2, 3))
  assert(r1.n == 4 and r1[1] == true and r1[4] == 3)
  r1 = res(xpcall(load("error('x')", "=c"), function(m) return "H:" .. m end))
  assert(r1[1] == false and r1[2] == "H:c:1: x")
  r1 = res(xpcall(load("local x = nil + 1", "=c"), function(m) return m end))
  assert(r1[2] == "c:1: attempt to perform arithmetic on a nil value")
  r1 = res(xpcall(function() error({}) end, function(m) return type(m) end))
  assert(r1[2] == "table")
  -- the handler's extra results are dropped
  r1 = res(xpcall(error, function(m) return 1, 2, 3 end))
  assert(r1.n == 2 and r1[2] == 1)
  -- the handler runs before the stack unwinds: it can see the error level
  local depth
  local function handler(m) depth = m; return m end
  xpcall(function() local function g() error("deep", 0) end g() end, handler)
  assert(depth == "deep")
  -- an error inside the handler
  r1 = res(xpcall(function() error("x") end, function(m) error("again") end))
  assert(r1[1] == false and r1[2] == "error in error handling")
  local ok, e = pcall(xpcall)
  assert(not ok and e == "bad argument #2 to 'xpcall' (function expected, got no value)")
  ok, e = pcall(xpcall, print)
  assert(not ok and e == "bad argument #2 to 'xpcall' (function expected, got no value)")
  ok, e = pcall(xpcall, print, 42)
  assert(not ok and e == "bad argument #2 to 'xpcall' (function expected, got number)")
  -- xpcall of a non-callable value calls the handler
  r1 = res(xpcall(42, function(m) return "H:" .. m end))
  assert(r1[1] == false and r1[2] == "H:attempt to call a number value")
  -- the handler receives run-time errors raised in C functions too
  r1 = res(xpcall(setmetatable, function(m) return "H:" .. m end, 1))
  assert(r1[2] == "H:bad argument #1 to 'setmetatable' (table expected, got number)")
end

-- assert
do
  local ok, e = pcall(assert, false)
  assert(not ok and e == "assertion failed!")
  ok, e = pcall(assert, nil, "custom")
  assert(e == "custom")
  local obj = {}
  ok, e = pcall(assert, false, obj)
  assert(e == obj)
  ok, e = pcall(assert)
  assert(e == "bad argument #1 to 'assert' (value expected)")
  local r1 = res(pcall(assert, 1, 2, 3))
  assert(r1.n == 4 and r1[2] == 1 and r1[4] == 3)
  -- string messages get the position of assert's caller, like error(msg, 1)
  ok, e = pcall(load("assert(false, 'plain')", "=c"))
  assert(e == "c:1: plain")
  ok, e = pcall(load("assert(false)", "=c"))
  assert(e == "c:1: assertion failed!")
  ok, e = pcall(load("assert(nil, 42)", "=c"))
  assert(e == 42)
  -- an explicit nil message is an error object of nil
  ok, e = pcall(assert, false, nil)
  assert(e == "<no error object>")
  -- any value except nil and false passes
  assert(0 and "" and {} and true)
end

-- errors and to-be-closed variables together with pcall
do
  local closed = false
  local ok, e = pcall(function()
    local c <close> = setmetatable({}, {__close = function() closed = true end})
    error({code = 7})
  end)
  assert(not ok and e.code == 7 and closed)
end

-- error rethrown keeps the original object
do
  local obj = {}
  local ok, e = pcall(function()
    local ok2, e2 = pcall(error, obj)
    error(e2)
  end)
  assert(e == obj)
  -- rethrowing a string at level 0 keeps it unchanged
  ok, e = pcall(function()
    local _, e2 = pcall(load("error('orig')", "=c"))
    error(e2, 0)
  end)
  assert(e == "c:1: orig")
end

print("OK errobj")
