-- base.lua: the base library: type, _VERSION, _G, getmetatable/
-- setmetatable (with __metatable protection), pairs (4 results, __pairs
-- padded/truncated to 4), ipairs (honouring __index), next, the raw*
-- functions, tostring (__tostring, __name in type errors), print, select,
-- and their argument errors.

local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end
local function count(...) return select("#", ...) end

-- type and version
assert(type(nil) == "nil" and type(1) == "number" and type(1.5) == "number")
assert(type("") == "string" and type({}) == "table" and type(print) == "function")
assert(type(coroutine.create(print)) == "thread" and type(true) == "boolean")
assert(type(type) == "function")
perr("bad argument #1 to 'type' (value expected)", type)
assert(_VERSION == "Lua 5.5")
assert(_G._G == _G and _ENV == _G and _G.print == print)

-- getmetatable / setmetatable
do
  local mt = {}
  local t = {}
  assert(setmetatable(t, mt) == t and getmetatable(t) == mt)
  assert(setmetatable(t, nil) == t and getmetatable(t) == nil)
  assert(getmetatable(1) == nil and getmetatable(nil) == nil and getmetatable(print) == nil)
  local locked = setmetatable({}, {__metatable = "locked"})
  assert(getmetatable(locked) == "locked")
  perr("cannot change a protected metatable", setmetatable, locked, {})
  perr("cannot change a protected metatable", setmetatable, locked, nil)
  local lockf = setmetatable({}, {__metatable = false})
  assert(getmetatable(lockf) == false)
  perr("cannot change a protected metatable", setmetatable, lockf, {})
  perr("bad argument #2 to 'setmetatable' (nil or table expected, got number)", setmetatable, {}, 1)
  perr("bad argument #2 to 'setmetatable' (nil or table expected, got no value)", setmetatable, {})
  perr("bad argument #1 to 'setmetatable' (table expected, got number)", setmetatable, 1, nil)
  perr("bad argument #1 to 'setmetatable' (table expected, got nil)", setmetatable, nil, {})
end

-- pairs: next, t, nil, nil
do
  assert(count(pairs({})) == 4)
  local f, s, c, cl = pairs({})
  assert(f == next and c == nil and cl == nil)
  local t = {10, 20, 30, x = "x"}
  local seen, n = {}, 0
  for k, v in pairs(t) do seen[k] = v; n = n + 1 end
  assert(n == 4 and seen[1] == 10 and seen[3] == 30 and seen.x == "x")
  -- __pairs results are adjusted to 4
  local p = setmetatable({}, {__pairs = function(t) return 1, 2, 3, 4, 5 end})
  local a, b, c2, d = pairs(p)
  assert(count(pairs(p)) == 4 and a == 1 and d == 4)
  local p2 = setmetatable({}, {__pairs = function(t) return 1 end})
  a, b, c2, d = pairs(p2)
  assert(count(pairs(p2)) == 4 and a == 1 and b == nil and d == nil)
  -- a __pairs that iterates over another table
  local inner = {a = 1, b = 2}
  local proxy = setmetatable({}, {__pairs = function(t) return next, inner, nil end})
  local sum = 0
  for k, v in pairs(proxy) do sum = sum + v end
  assert(sum == 3)
  -- __pairs providing a to-be-closed value
  local closed = false
  local tbc = setmetatable({}, {__pairs = function(t)
    return next, {1, 2}, nil, setmetatable({}, {__close = function() closed = true end})
  end})
  for k in pairs(tbc) do end
  assert(closed)
  perr("bad argument #1 to 'pairs' (value expected)", pairs)
  -- pairs accepts any value; the error comes from next
  local r = {pcall(pairs, nil)}
  assert(r[1] == true and r[2] == next and r[3] == nil)
  perr("c:1: bad argument #1 to 'for iterator' (table expected, got number)",
       load("for k in pairs(1) do end", "=c"))
end

-- ipairs
do
  local f, s, c = ipairs({})
  assert(count(ipairs({})) == 3 and c == 0)
  assert(f(s, c) == nil)
  local i1, v1 = f({5}, 0)
  assert(i1 == 1 and v1 == 5)
  assert(f({5}, 1) == nil)
  local t = {1, 2, nil, 4}
  local n = 0
  for i, v in ipairs(t) do n = n + 1 end
  assert(n == 2)
  -- respects __index
  local ip = setmetatable({}, {__index = function(t, i) if i <= 3 then return i * 10 end end})
  local s2 = ""
  for i, v in ipairs(ip) do s2 = s2 .. i .. "=" .. v .. " " end
  assert(s2 == "1=10 2=20 3=30 ")
  perr("bad argument #1 to 'ipairs' (value expected)", ipairs)
  -- any value is accepted; indexing fails during the loop
  perr("attempt to index a number value", function() for i, v in ipairs(1) do end end)
end

-- next
do
  assert(next({}) == nil)
  local k, v = next({7})
  assert(k == 1 and v == 7)
  assert(next({1}, 1) == nil)
  perr("bad argument #1 to 'next' (table expected, got no value)", next)
  perr("invalid key to 'next'", next, {}, 1)
  -- traversal visits each key once, also while assigning existing fields
  local t = {}
  for i = 1, 100 do t[i] = i; t["k" .. i] = i end
  local n, sum = 0, 0
  for k, v in next, t do n = n + 1; sum = sum + v; t[k] = v * 2 end
  assert(n == 200 and sum == 10100 and t[50] == 100)
  -- clearing fields during traversal is allowed
  for k in pairs(t) do t[k] = nil end
  assert(next(t) == nil)
end

-- raw functions
do
  assert(rawequal(1, 1.0) and rawequal("a", "a") and not rawequal({}, {}))
  local t = {}
  assert(rawequal(t, t))
  perr("bad argument #2 to 'rawequal' (value expected)", rawequal, 1)
  assert(rawlen({1, 2}) == 2 and rawlen("abc") == 3)
  perr("bad argument #1 to 'rawlen' (table or string expected, got number)", rawlen, 1)
  perr("bad argument #1 to 'rawget' (table expected, got number)", rawget, 1, 1)
  perr("bad argument #2 to 'rawget' (value expected)", rawget, {})
  assert(rawget({}, nil) == nil)
  perr("bad argument #3 to 'rawset' (value expected)", rawset, {}, 1)
  perr("bad argument #1 to 'rawset' (table expected, got number)", rawset, 1, 1, 1)
  local mt = {__eq = function() return true end, __len = function() return 99 end}
  local a, b = setmetatable({}, mt), setmetatable({1}, mt)
  assert(a == b and not rawequal(a, b) and #b == 99 and rawlen(b) == 1)
end

-- tostring
do
  assert(tostring(nil) == "nil" and tostring(true) == "true" and tostring(false) == "false")
  assert(tostring(12) == "12" and tostring(-0.0) == "-0.0" and tostring("s") == "s")
  perr("bad argument #1 to 'tostring' (value expected)", tostring)
  assert(tostring(setmetatable({}, {__tostring = function() return "custom" end})) == "custom")
  perr("'__tostring' must return a string", tostring,
       setmetatable({}, {__tostring = function() return nil end}))
  perr("'__tostring' must return a string", tostring,
       setmetatable({}, {__tostring = function() return {} end}))
  perr("attempt to call a number value", tostring, setmetatable({}, {__tostring = 5}))
  -- __tostring takes precedence over __name
  assert(tostring(setmetatable({}, {__tostring = function() return "a" end, __name = "N"})) == "a")
  -- __name names the object in the default form, when it is a string
  assert(tostring(setmetatable({}, {__name = "N"})):match("^N: ") ~= nil)
  assert(tostring(setmetatable({}, {__name = 1})):match("^table: ") ~= nil)
  -- both are raw fields of the metatable: not reached through its __index
  local viaindex = setmetatable({}, {__index = {
    __tostring = function() return "no" end, __name = "no" }})
  assert(tostring(setmetatable({}, viaindex)):match("^table: ") ~= nil)
  -- a value of any type with a metatable: the string metatable too
  local smt = getmetatable("")
  smt.__tostring = function(s) return "<" .. s .. ">" end
  local ok, r = pcall(tostring, "x")
  smt.__tostring = nil
  assert(ok and r == "<x>" and tostring("x") == "x")
  -- the same table prints the same way twice; different tables differently
  local t1, t2 = {}, {}
  assert(tostring(t1) == tostring(t1) and tostring(t1) ~= tostring(t2))
  -- print uses tostring semantics, including the errors
  perr("'__tostring' must return a string", print,
       setmetatable({}, {__tostring = function() return {} end}))
end

-- __name is used by argument errors
do
  local obj = setmetatable({}, {__name = "MyType"})
  perr("bad argument #1 to 'select' (number expected, got MyType)", select, obj)
  perr("bad argument #3 to 'load' (string expected, got MyType)", load, "x", "=c", obj)
  -- a non-string __name is ignored
  local obj2 = setmetatable({}, {__name = 1})
  perr("bad argument #1 to 'select' (number expected, got table)", select, obj2)
end

-- select
assert(select("#", nil) == 1)
assert(select("#", select(2, 1, 2, 3)) == 2)

-- print writes tab-separated values and a newline; output checked by the
-- differential suite
print("base:", 1, 1.5, nil, true, "x")

print("OK base")
