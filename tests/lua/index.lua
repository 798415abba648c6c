-- index.lua: __index and __newindex: table and function handlers, chains
-- of tables and functions, raw access bypassing them, __newindex only for
-- absent keys, inheritance patterns, the "chain too long" loop errors, and
-- indexing errors for non-indexable values.

local function err(src, msg, ...)
  local ok, e = pcall(assert(load(src, "=c")), ...)
  assert(not ok and e == msg, e)
end

-- __index as a function gets the original table and the key
do
  local t = setmetatable({}, {__index = function(t, k) return tostring(k) .. "!" end})
  assert(t.x == "x!" and t[1] == "1!")
  t.x = "own"
  assert(t.x == "own" and rawget(t, "y") == nil)
  local proxy = setmetatable({}, {__index = function(t, k) return t end})
  assert(proxy.x == proxy)
  -- only the first result is used
  local x = setmetatable({}, {__index = function(t, k) return nil, 2 end})
  assert(select("#", x.y) == 1)
end

-- __index as a table: lookup continues in that table (and its metatable)
do
  local a = {x = 1}
  local b = setmetatable({y = 2}, {__index = a})
  local c = setmetatable({z = 3}, {__index = b})
  assert(c.x == 1 and c.y == 2 and c.z == 3 and c.w == nil)
  a.w = 4
  assert(c.w == 4)
  -- a function at the end of a chain receives the table it is attached to
  local got
  local f = setmetatable({}, {__index = function(t, k) got = t; return k end})
  local d = setmetatable({}, {__index = f})
  assert(d.q == "q" and got == f)
end

-- long chains (well below the loop limit) work
do
  local c = {}
  for i = 1, 150 do c = setmetatable({}, {__index = c}) end
  assert(c.x == nil)
  local root = {val = "root"}
  local t = root
  for i = 1, 100 do t = setmetatable({}, {__index = t}) end
  assert(t.val == "root")
end

-- loops are detected
do
  local loop = {}
  setmetatable(loop, {__index = loop})
  local ok, e = pcall(function() return loop.x end)
  assert(not ok)
  err("local t = {} setmetatable(t, {__index = t}) return t.x",
      "c:1: '__index' chain too long; possible loop")
  err("local t = {} setmetatable(t, {__newindex = t}) t.x = 1",
      "c:1: '__newindex' chain too long; possible loop")
  -- but a table whose __index is itself is fine for existing keys
  loop.y = 1
  assert(loop.y == 1)
end

-- __newindex: only called for absent keys
do
  local calls = {}
  local nt = setmetatable({}, {__newindex = function(t, k, v)
    calls[#calls + 1] = k
    rawset(t, k, v * 2)
  end})
  nt.a = 1
  nt.a = 5                 -- present now: raw assignment
  assert(nt.a == 5 and #calls == 1)
  nt.a = nil
  nt.a = 3                 -- absent again
  assert(nt.a == 6 and #calls == 2)
end

-- __newindex as a table: the assignment goes to that table
do
  local store = {}
  local t = setmetatable({}, {__newindex = store})
  t.x = 10
  assert(rawget(t, "x") == nil and store.x == 10 and t.x == nil)
  -- chained __newindex tables
  local deep = {}
  local mid = setmetatable({}, {__newindex = deep})
  local top = setmetatable({}, {__newindex = mid})
  top.k = "v"
  assert(deep.k == "v" and rawget(mid, "k") == nil)
  -- a chain ending in a function
  local log = {}
  local fn = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. v end})
  local u = setmetatable({}, {__newindex = fn})
  u.a = 1
  assert(log[1] == "a=1" and rawget(fn, "a") == nil)
  -- existing keys in the intermediate table stop the chain
  mid.k = nil
  rawset(mid, "here", 1)
  top.here = 2
  assert(mid.here == 2 and deep.here == nil)
end

-- read-only proxy pattern
do
  local function readonly(t)
    return setmetatable({}, {
      __index = t,
      __newindex = function() error("read-only table", 2) end,
      __len = function() return #t end,
    })
  end
  local p = readonly({1, 2, 3})
  assert(p[2] == 2 and #p == 3)
  local ok, e = pcall(function() p[4] = 4 end)
  assert(not ok)
  err("local p = ... p.x = 1", "c:1: read-only table", p)
end

-- default values
do
  local defaults = setmetatable({}, {__index = function() return 0 end})
  defaults.a = defaults.a + 1
  defaults.a = defaults.a + 1
  assert(defaults.a == 2 and defaults.b == 0)
end

-- raw access ignores metamethods
do
  local t = setmetatable({}, {__index = function() return "mm" end,
                              __newindex = function() error("no") end})
  assert(t.x == "mm" and rawget(t, "x") == nil)
  rawset(t, "x", 1)
  assert(t.x == 1)
  assert(rawset(t, "y", 2) == t)
end

-- __index on the global environment
do
  local env = setmetatable({}, {__index = _G})
  local f = load("y = 10; return print == _G.print and y", "=c", "t", env)
  assert(f() == 10 and env.y == 10 and _G.y == nil)
end

-- keys of any type except nil and NaN
do
  local t = {}
  local f, tb, co = print, {}, coroutine.create(print)
  t[f] = 1; t[tb] = 2; t[co] = 3; t[true] = 4; t[false] = 5; t[1.5] = 6
  assert(t[f] == 1 and t[tb] == 2 and t[co] == 3 and t[true] == 4 and t[false] == 5)
  assert(t[1.5] == 6 and t[nil] == nil and t[0 / 0] == nil)
  err("local t = {} t[nil] = 1", "c:1: table index is nil")
  err("local t = {} t[0/0] = 1", "c:1: table index is NaN")
  err("return {[0/0] = 1}", "c:1: table index is NaN")
  err("local t = {} t[nil] = nil", "c:1: table index is nil")
  local ok, e = pcall(rawset, {}, nil, 1)
  assert(not ok and e == "table index is nil")
  ok, e = pcall(rawset, {}, 0 / 0, 1)
  assert(not ok and e == "table index is NaN")
end

-- errors indexing non-tables
err("local t = setmetatable({}, {__index = 1}) return t.x", "c:1: attempt to index a number value")
err("local t = setmetatable({}, {__newindex = 1}) t.x = 1", "c:1: attempt to index a number value")
err("local t = {} return t.x.y", "c:1: attempt to index a nil value (field 'x')")
err("local t = {} return t.a.b.c", "c:1: attempt to index a nil value (field 'a')")
err("local t = {x = {}} return t.x.y.z", "c:1: attempt to index a nil value (field 'y')")
err("return x.y", "c:1: attempt to index a nil value (global 'x')")
err("return _ENV.x.y", "c:1: attempt to index a nil value (global 'x')")
err("x.y = 1", "c:1: attempt to index a nil value (global 'x')")
err("local a = {} a.b.c = 1", "c:1: attempt to index a nil value (field 'b')")
err("local a = {} a.b.c.d = 1", "c:1: attempt to index a nil value (field 'b')")
err("local up; return (function() return up.x end)()", "c:1: attempt to index a nil value (upvalue 'up')")
err("local t = {}; return t[1].x", "c:1: attempt to index a nil value (field 'integer index')")
err("local t = {}; local i = 1; return t[i].x", "c:1: attempt to index a nil value (field '?')")
err("return ({}).x.y", "c:1: attempt to index a nil value (field 'x')")
err("return (1).x", "c:1: attempt to index a number value")
err("local a = 1 a.x = 1", "c:1: attempt to index a number value (local 'a')")
err("x = 1 x.y = 2", "c:1: attempt to index a number value (global 'x')")
err("local b = true return b[1]", "c:1: attempt to index a boolean value (local 'b')")
err("local f = print return f.x", "c:1: attempt to index a function value (local 'f')")
err("local k <const> = nil; return k.x", "c:1: attempt to index a nil value")
err("local k <const> = 10; return k.x", "c:1: attempt to index a number value")
err("local t = setmetatable({}, {__index = function(t, k) return nil end}) return t.x.y",
    "c:1: attempt to index a nil value (field 'x')")
err("local t = {} t.x.y = 1", "c:1: attempt to index a nil value (field 'x')")
err("local co = coroutine.create(print) return co.x",
    "c:1: attempt to index a thread value (local 'co')")

print("OK index")
