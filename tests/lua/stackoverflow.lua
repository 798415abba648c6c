-- stackoverflow.lua: unbounded recursion must end in a catchable error,
-- never a crash: Lua recursion ("stack overflow"), recursion through
-- metamethods and nested protected calls ("C stack overflow"), inside
-- coroutines and under xpcall; the state stays usable afterwards and
-- deep but bounded recursion still works.

local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end

local rec = load("local function f() return 1 + f() end return f", "=c")()
perr("c:1: stack overflow", rec)

-- mutual recursion
local mutual = load([[
local a, b
function a(n) return b(n + 1) + 1 end
function b(n) return a(n + 1) + 1 end
return a
]], "=c")()
do
  local ok, e = pcall(mutual, 0)
  assert(not ok and (e == "c:2: stack overflow" or e == "c:3: stack overflow"), e)
end

-- recursion through metamethods goes through C frames
do
  local f = load([[
    local mt = {}
    mt.__index = function(t, k) return t[k] end
    local t = setmetatable({}, mt)
    return t.x
  ]], "=c")
  perr("c:2: C stack overflow", f)
  local g = load([[
    local mt = {}
    mt.__add = function(a, b) return a + b end
    return setmetatable({}, mt) + 1
  ]], "=c")
  perr("c:2: C stack overflow", g)
  local x = setmetatable({}, {__tostring = function(s) return tostring(s) end})
  perr("C stack overflow", tostring, x)
end

-- nested pcalls
do
  local function tc() return pcall(tc) end
  local r = {tc()}
  assert(r[#r - 1] == false and r[#r] == "C stack overflow")
  for i = 1, #r - 2 do assert(r[i] == true) end
end

-- inside a coroutine
do
  local co2 = coroutine.create(rec)
  local ok, e = coroutine.resume(co2)
  assert(not ok and e == "c:1: stack overflow" and coroutine.status(co2) == "dead")
end

-- the message handler of xpcall can still run
do
  local ok, e = xpcall(rec, function(m) return "handled: " .. m end)
  assert(not ok and e == "handled: c:1: stack overflow")
end

-- a counter shows that recursion went deep before failing (frames with
-- locals and allocation)
do
  local d = 0
  local function cnt() d = d + 1; local t = {d}; cnt(); return t end
  assert(not pcall(cnt))
  assert(d > 10000)
end

-- the state is usable after overflows: deep bounded recursion works
do
  local function deep(n) if n == 0 then return 0 end return 1 + deep(n - 1) end
  assert(deep(50000) == 50000)
  assert(deep(50000) == 50000)
  -- tail calls never overflow
  local function tail(n) if n == 0 then return "done" end return tail(n - 1) end
  assert(tail(3000000) == "done")
end

print("OK stackoverflow")
