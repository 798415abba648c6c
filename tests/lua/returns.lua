-- returns.lua: Lua-to-Lua calls and returns as the interpreter runs them
-- without building frames in C: results adjusted to what the caller wants
-- (none, one, several, all), returns into C callers (pcall, sort
-- comparators, gsub callbacks, metamethods, finalizers, coroutines),
-- collections right after returns (live registers must survive, dead ones
-- may go), missing arguments, hooks counting calls and returns, error
-- messages naming the function after returns, deep recursion.

local function none() end
local function one(x) return x end
local function two(x) return x, x + 1 end

-- adjustment of 0 and 1 results to what the caller wants
do
  local a, b, c = none()
  assert(a == nil and b == nil and c == nil)
  local d, e, f = one(7)
  assert(d == 7 and e == nil and f == nil)
  local g = one(8)
  assert(g == 8)
  one(9)
  none()
  assert(select("#", none()) == 0)
  assert(select("#", one(1)) == 1)
  assert(select("#", one(nil)) == 1)
  assert(select("#", two(1)) == 2)
  local t = {none()}
  assert(#t == 0)
  t = {one(3), one(4)}
  assert(t[1] == 3 and t[2] == 4 and #t == 2)
  t = {one(5), none()}
  assert(#t == 1 and t[1] == 5)
  t = {none(), one(6)}
  assert(t[1] == nil and t[2] == 6)
  -- a call with all results after a return with one value or none
  local function count(...) return select("#", ...) end
  assert(count(none()) == 0 and count(one(1)) == 1)
  assert(count(1, none()) == 1 and count(1, one(nil)) == 2)
  assert(count(one(2), one(3)) == 2)
  -- the results of an inner call are the arguments of an outer one
  assert(one(one(one(4))) == 4)
  local function add(x, y) return x + y end
  assert(add(one(2), one(3)) == 5)
end

-- missing arguments are nil, extra ones dropped
do
  local function f(a, b, c) return c end
  assert(f() == nil and f(1) == nil and f(1, 2) == nil and f(1, 2, 3) == 3)
  assert(f(1, 2, 3, 4, 5) == 3)
  local function g(a, b, c) return a, b, c end
  local x, y, z = g(1)
  assert(x == 1 and y == nil and z == nil)
  -- the missing ones are nil even when their slots held values before
  local function h(a, b, c, d)
    return d
  end
  for i = 1, 3 do
    local s1, s2, s3, s4 = "x", "y", "z", "w"
    assert(h(s1) == nil)
    assert(h(s1, s2, s3, s4) == "w")
  end
end

-- returns into C callers
do
  assert(select("#", pcall(none)) == 1)
  assert(select(2, pcall(one, 5)) == 5)
  local t = {5, 3, 8, 1, 9, 2}
  table.sort(t, function(a, b) return a < b end)
  assert(table.concat(t, ",") == "1,2,3,5,8,9")
  assert(("abc"):gsub("%w", function() end) == "abc")
  assert(("abc"):gsub("%w", function(c) return c:upper() end) == "ABC")
  local idx = setmetatable({}, {__index = function(_, k) return k .. "!" end})
  assert(idx.x == "x!")
  local stored
  local ni = setmetatable({}, {__newindex = function(_, k, v) stored = v end})
  ni.a = 3
  assert(stored == 3)
  local mt = {__add = function(a, b) return 42 end,
              __lt = function() return true end,
              __eq = function() end,
              __len = function() return 11 end,
              __concat = function() return "cc" end}
  local o1, o2 = setmetatable({}, mt), setmetatable({}, mt)
  assert(o1 + o2 == 42 and o1 < o2 and not (o1 == o2) and #o1 == 11)
  assert(o1 .. "x" == "cc")
  local closed = 0
  do
    local c <close> = setmetatable({}, {__close = function() closed = closed + 1 end})
  end
  assert(closed == 1)
  local co = coroutine.wrap(function(a)
    local b = coroutine.yield(one(a))
    none()
    return one(b)
  end)
  assert(co(1) == 1 and co(2) == 2)
  local ok, v = xpcall(function() error("x") end, function(m) return one("h") end)
  assert(not ok and v == "h")
  for k, v in function(_, c) if c < 3 then return c + 1, one(c) end end, nil, 0 do
    assert(v == k - 1)
  end
end

-- collections right after returns: values in the caller's live registers
-- survive, whatever the callee left above them
do
  local function garbage(n)
    local t = {}
    for i = 1, n do t[i] = {i} end
    return #t
  end
  local function keep(x)
    local big = {}
    for i = 1, 50 do big[i] = {} end
    return x
  end
  for round = 1, 20 do
    local a = {round}
    local b = keep({round + 1})
    garbage(100)
    none()
    local c = one({round + 2})
    collectgarbage()
    assert(a[1] == round and b[1] == round + 1 and c[1] == round + 2)
    local d, e = keep({1}), keep({2})
    collectgarbage("step", 0)
    assert(d[1] == 1 and e[1] == 2)
  end
  -- a finalizer is itself a call from C with no results
  local ran = 0
  do
    for i = 1, 10 do
      setmetatable({}, {__gc = function() none(); ran = ran + one(1) end})
    end
  end
  collectgarbage()
  collectgarbage()
  assert(ran == 10)
  -- a weak table loses what no live register holds
  local weak = setmetatable({}, {__mode = "v"})
  local function make() return {} end
  local held = make()
  weak[1] = held
  weak[2] = make()
  none()
  collectgarbage()
  assert(weak[1] == held and weak[2] == nil)
end

-- hooks see every call and return of the interpreter's own calls
do
  local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
  local calls, rets = 0, 0
  debug.sethook(function(ev)
    if ev == "call" then calls = calls + 1
    elseif ev == "return" then rets = rets + 1 end
  end, "cr")
  local r = fib(10)
  debug.sethook()
  assert(r == 55)
  -- fib(10) makes 177 calls; sethook's own return and the call of the
  -- second sethook are counted too
  assert(calls == 178 and rets == 178, calls .. " " .. rets)
  -- a line hook after returns with no value and one value
  local lines = 0
  debug.sethook(function() lines = lines + 1 end, "l")
  none(); one(1); none()
  debug.sethook()
  assert(lines >= 2)
  -- a count hook across many calls
  local ticks = 0
  debug.sethook(function() ticks = ticks + 1 end, "", 10)
  for i = 1, 100 do one(i) end
  debug.sethook()
  assert(ticks > 0)
end

-- error messages name the function after calls and returns
do
  local function bad(x) return x.field end
  local function caller() none(); one(1); return bad(nil) end
  local ok, e = pcall(caller)
  assert(not ok and e:find("attempt to index a nil value %(local 'x'%)"), e)
  local function viaglobal() none(); local t = nil; return t.x end
  ok, e = pcall(viaglobal)
  assert(not ok and e:find("local 't'"), e)
  ok, e = pcall(function() one(1); undefinedfunction() end)
  assert(not ok and e:find("global 'undefinedfunction'"), e)
  local tb = debug.traceback((function() one(1); return debug.traceback("m") end)())
  assert(tb:find("returns.lua"))
end

-- deep recursion ends in "stack overflow", after which calls work again
do
  local function deep(n) return 1 + deep(n + 1) end
  local ok, e = pcall(deep, 1)
  assert(not ok and e:find("stack overflow"), e)
  local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
  assert(depth(10000) == 10000)
end

print("OK returns")
