-- robust_recursion.lua: unbounded recursion of every kind (Lua calls,
-- metamethods, pcall/xpcall nesting, message handlers, coroutines inside
-- coroutines, __tostring, __close) ends in a catchable error with the
-- reference interpreter's message ("stack overflow", "C stack overflow",
-- "error in error handling", "... chain too long"), and the state keeps
-- working after each one.  Uses only the base and coroutine libraries.

-- Repeat 's' n times (no string library here).
local function rep(s, n)
  local r = ""
  for _ = 1, n do r = r .. s end
  return r
end

-- The state still works: calls, a fairly deep recursion, tables, strings,
-- coroutines and a protected error.
local function sane(name)
  assert(1 + 1 == 2, name)
  local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
  assert(depth(5000) == 5000, name)
  local t = {}
  for i = 1, 100 do t[i] = "v" .. i end
  assert(#t == 100 and t[100] == "v100", name)
  local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end)
  assert(co(1) == 2 and co(5) == 10, name)
  local ok, e = pcall(error, "e", 0)
  assert(not ok and e == "e", name)
  collectgarbage()
end

-- Run 'src' (chunk name "=c") protected; return pcall's results.
local function run(src)
  local f = assert(load(src, "=c"))
  return pcall(f)
end

-- 'src' must fail with exactly 'msg'.
local function fails(name, src, msg)
  local ok, e = run(src)
  assert(not ok, name .. ": expected an error")
  assert(e == msg, name .. ": got '" .. tostring(e) .. "'")
  sane(name)
end

-- 'src' must succeed and return exactly the values in 'expected'.
local function gives(name, src, ...)
  local res = {run(src)}
  assert(res[1] == true, name .. ": " .. tostring(res[2]))
  local n = select("#", ...)
  for i = 1, n do
    local want = select(i, ...)
    assert(res[i + 1] == want,
           name .. ": result " .. i .. " is '" .. tostring(res[i + 1])
           .. "', expected '" .. tostring(want) .. "'")
  end
  sane(name)
end

-- -- Lua-to-Lua recursion: the Lua stack limit --------------------------------

fails("lua-lua", "local function rec(n) return 1 + rec(n + 1) end return rec(1)",
      "c:1: stack overflow")
fails("lua-lua growing args",
      "local function rec(...) return 1 + rec(1, ...) end return rec()",
      "c:1: stack overflow")
fails("__call function", "local c = setmetatable({}, {}) "
      .. "getmetatable(c).__call = function(s, ...) return (s(...)) end return c()",
      "c:1: stack overflow")
-- (100 locals per frame: the overflow comes after some 10000 loads)
fails("load inside recursion",
      "local function f() local " .. rep("a, ", 99) .. "a "
      .. "return (load('return ...')(f)()) end return f()",
      "c:1: stack overflow")
-- deep but finite recursion works (the stack limit is about a million slots)
gives("deep 150000", "local function rec(n) if n == 0 then return 0 end "
      .. "return 1 + rec(n - 1) end return rec(150000)", 150000)
gives("deep 195000", "local function rec(n) if n == 0 then return 0 end "
      .. "return 1 + rec(n - 1) end return rec(195000)", 195000)
gives("deep 250000", "local function rec(n) if n == 0 then return 0 end "
      .. "return 1 + rec(n - 1) end return rec(250000)", 250000)
-- the error value of an overflow is a string; a table error travels
-- through 10000 frames intact
gives("overflow error type", "local function rec() return 1 + rec() end "
      .. "local ok, e = pcall(rec) return type(e)", "string")
gives("deep table error", "local function rec(n) if n == 0 then error({n}) end "
      .. "return (rec(n - 1)) end local ok, e = pcall(rec, 10000) "
      .. "return type(e), e[1]", "table", 0)

-- -- Metamethods: the C stack limit ------------------------------------------------

fails("__index function", "local t = setmetatable({}, {__index = "
      .. "function(s, k) return s[k] end}) return t.x", "c:1: C stack overflow")
fails("__newindex function", "local t = setmetatable({}, {__newindex = "
      .. "function(s, k, v) s[k] = v end}) t.x = 1", "c:1: C stack overflow")
fails("__index table loop", "local a = setmetatable({}, {}) "
      .. "getmetatable(a).__index = a return a.x",
      "c:1: '__index' chain too long; possible loop")
fails("__index two-table loop", "local a, b = {}, {} "
      .. "setmetatable(a, {__index = b}) setmetatable(b, {__index = a}) return a.x",
      "c:1: '__index' chain too long; possible loop")
fails("__newindex table loop", "local a = setmetatable({}, {}) "
      .. "getmetatable(a).__newindex = a a.x = 1",
      "c:1: '__newindex' chain too long; possible loop")
fails("__call chain", "local c = setmetatable({}, {}) "
      .. "getmetatable(c).__call = c return c()", "c:1: '__call' chain too long")
fails("__concat", "local d = setmetatable({}, {}) getmetatable(d).__concat = "
      .. "function(x, y) return x .. y end return d .. 'x'", "c:1: C stack overflow")
fails("__eq", "local mt = {} mt.__eq = function(x, y) "
      .. "return x == setmetatable({}, mt) end local e = setmetatable({}, mt) "
      .. "return e == setmetatable({}, mt)", "c:1: C stack overflow")
fails("__lt", "local f = setmetatable({}, {}) getmetatable(f).__lt = "
      .. "function(x, y) return x < y end return f < f", "c:1: C stack overflow")
fails("__le", "local g = setmetatable({}, {}) getmetatable(g).__le = "
      .. "function(x, y) return x <= y end return g <= g", "c:1: C stack overflow")
fails("__add", "local g = setmetatable({}, {}) getmetatable(g).__add = "
      .. "function(x, y) return x + y end return g + 1", "c:1: C stack overflow")
fails("__unm", "local g = setmetatable({}, {}) getmetatable(g).__unm = "
      .. "function(x) return -x end return -g", "c:1: C stack overflow")
fails("__len", "local g = setmetatable({}, {}) getmetatable(g).__len = "
      .. "function(x) return #x end return #g", "c:1: C stack overflow")
fails("__tostring", "local h = setmetatable({}, {}) getmetatable(h).__tostring = "
      .. "function(x) return tostring(x) end return tostring(h)", "C stack overflow")
fails("__close", "local function rec() local x <close> = setmetatable({}, "
      .. "{__close = function() rec() end}) end rec()", "c:1: C stack overflow")
-- every pending __close runs while the error unwinds; the last one wins
fails("__close errors", "local function rec(n) local x <close> = setmetatable({}, "
      .. "{__close = function() error('c' .. n, 0) end}) return rec(n + 1) + 1 end rec(1)",
      "c1")
gives("__tostring returning a number", "local h = setmetatable({}, "
      .. "{__tostring = function() return 1 end}) return tostring(h)", "1")
fails("__tostring raising", "local h = setmetatable({}, "
      .. "{__tostring = function() error('boom') end}) return tostring(h)", "c:1: boom")

-- -- pcall and xpcall ---------------------------------------------------------------

-- nested pcalls stop at the C stack limit and each level reports it
gives("pcall nesting", "local function pc(n) return pcall(pc, n + 1) end "
      .. "return select('#', pc(1))", 198)
gives("pcall depth", "local d = 0 local function pc2() d = d + 1 "
      .. "local ok, e = pcall(pc2) return ok, e end local ok, e = pc2() "
      .. "return d, ok, e", 197, true, true)
gives("pcall rethrow", "local d = 0 local function pc3() d = d + 1 "
      .. "local ok, e = pcall(pc3) error(e, 0) end local ok, e = pcall(pc3) "
      .. "return d, ok, e", 196, false, "C stack overflow")
gives("xpcall nesting", "local function xp(n) return xpcall(xp, "
      .. "function(m) return m end, n + 1) end return select('#', xp(1))", 198)
gives("handler raising", "return xpcall(error, function(m) return error(m) end, 'x')",
      false, "error in error handling")
gives("handler overflowing", "return xpcall(error, function(m) "
      .. "local function r() return 1 + r() end return r() end, 'x')",
      false, "error in error handling")
gives("handler after overflow", "local function rec() return 1 + rec() end "
      .. "return xpcall(rec, function(m) return 'handled: ' .. m end)",
      false, "handled: c:1: stack overflow")
gives("handler gets the message", "local function rec() return 1 + rec() end "
      .. "local ok, m = xpcall(rec, function(m) return m end) return ok, m",
      false, "c:1: stack overflow")
-- after a stack overflow the handler still has room to recurse a little
gives("deep handler after overflow", "local function rec() return 1 + rec() end "
      .. "return xpcall(rec, function(m) local function d(n) if n == 0 then "
      .. "return m end return d(n - 1) end return d(100) end)",
      false, "c:1: stack overflow")
gives("handler raising in a coroutine", "local co = coroutine.wrap(function() "
      .. "return xpcall(error, function(m) return error(m) end, 'x') end) return co()",
      false, "error in error handling")

-- -- Coroutines --------------------------------------------------------------------

fails("wrap inside wrap", "local function co(n) local c = coroutine.wrap("
      .. "function() return co(n + 1) end) return c() end return co(1)",
      rep("c:1: ", 197) .. "C stack overflow")
fails("resume inside resume", "local function co2(n) local c = coroutine.create("
      .. "function() return co2(n + 1) end) local ok, v = coroutine.resume(c) "
      .. "if not ok then error(v, 0) end return v end return co2(1)",
      "C stack overflow")
gives("overflow inside a coroutine", "local co = coroutine.create(function() "
      .. "local function rec() return 1 + rec() end return rec() end) "
      .. "local ok, e = coroutine.resume(co) return ok, e, coroutine.status(co)",
      false, "c:1: stack overflow", "dead")
fails("overflow inside wrap", "local co = coroutine.wrap(function() "
      .. "local function rec() return 1 + rec() end return rec() end) return co()",
      "c:1: c:1: stack overflow")
-- chains of live coroutines below the C limit work, and yield through
gives("chain of 150 coroutines", "local function mk(n) if n == 0 then "
      .. "return coroutine.wrap(function() coroutine.yield(0) return -1 end) end "
      .. "local inner = mk(n - 1) return coroutine.wrap(function() "
      .. "local v = inner() coroutine.yield(v + 1) return -1 end) end "
      .. "return mk(150)()", 150)
gives("chain of 100 coroutines yielding", "local function mk(n) if n == 0 then "
      .. "return coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) end "
      .. "local inner = mk(n - 1) return coroutine.wrap(function() for i = 1, 3 do "
      .. "coroutine.yield(inner() + 1) end end) end local g = mk(100) "
      .. "return g() + g() + g()", 306)
gives("resume itself", "local co co = coroutine.create(function() "
      .. "return coroutine.resume(co) end) return coroutine.resume(co)",
      true, false, "cannot resume non-suspended coroutine")
gives("resume dead", "local co = coroutine.create(function() end) "
      .. "coroutine.resume(co) return coroutine.resume(co)",
      false, "cannot resume dead coroutine")
gives("10000 coroutines", "local t = {} for i = 1, 10000 do "
      .. "t[i] = coroutine.create(function(x) coroutine.yield(x) return x * 2 end) end "
      .. "local s = 0 for i = 1, 10000 do local _, v = coroutine.resume(t[i], i) "
      .. "s = s + v end for i = 1, 10000 do local _, v = coroutine.resume(t[i]) "
      .. "s = s + v end return s", 150015000)
gives("yield through 150 pcalls", "local co = coroutine.wrap(function() "
      .. "local function d(n) if n == 0 then return coroutine.yield('deep') end "
      .. "local ok, v = pcall(d, n - 1) return v end return d(150) end) "
      .. "return co(), co('back')", "deep", "back")
fails("yield outside a coroutine", "return coroutine.yield(1)",
      "attempt to yield from outside a coroutine")
fails("select out of range", "return select(-1)",
      "c:1: bad argument #1 to 'select' (index out of range)")

sane("end")
print("OK robust_recursion")
