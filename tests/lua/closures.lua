-- closures.lua: closures and upvalues: sharing between closures, values
-- surviving the enclosing call, fresh variables per loop iteration (numeric
-- for, generic for, while and repeat bodies), nested levels, recursive
-- local functions, upvalues closed by break/return/error, and identity.

-- counters keep private state
do
  local function counter()
    local n = 0
    return function() n = n + 1; return n end
  end
  local c1, c2 = counter(), counter()
  assert(c1() == 1 and c1() == 2 and c2() == 1 and c1() == 3)
end

-- two closures share one variable
do
  local function pair()
    local v = 0
    return function(x) v = x end, function() return v end
  end
  local set, get = pair()
  set(42)
  assert(get() == 42)
  local set2, get2 = pair()
  assert(get2() == 0 and get() == 42)
end

-- a closure sees later assignments to a still-open variable
do
  local x = 1
  local function f() return x end
  x = 2
  assert(f() == 2)
  local function g() x = 3 end
  g()
  assert(x == 3 and f() == 3)
end

-- fresh variables per iteration
do
  local fs = {}
  for i = 1, 5 do fs[i] = function() return i end end
  for i = 1, 5 do assert(fs[i]() == i) end

  local gs = {}
  for k, v in ipairs({"a", "b", "c"}) do gs[k] = function() return k .. v end end
  assert(gs[1]() == "1a" and gs[3]() == "3c")

  local hs = {}
  local i = 1
  while i <= 3 do
    local j = i
    hs[i] = function() j = j + 10; return j end
    i = i + 1
  end
  assert(hs[1]() == 11 and hs[1]() == 21 and hs[2]() == 12 and hs[3]() == 13)

  local rs = {}
  local n = 0
  repeat
    n = n + 1
    local m = n * 2
    rs[n] = function() return m end
  until m >= 6
  assert(#rs == 3 and rs[1]() == 2 and rs[3]() == 6)

  -- float loops too
  local ffs = {}
  for x = 0.5, 1.5, 0.5 do ffs[#ffs + 1] = function() return x end end
  assert(ffs[1]() == 0.5 and ffs[3]() == 1.5)
end

-- the loop body's closures share variables within one iteration
do
  local a, b
  for i = 1, 1 do
    local v = 0
    a = function() v = v + 1 end
    b = function() return v end
  end
  a(); a()
  assert(b() == 2)
end

-- upvalues closed when leaving the block by break, return, goto or error
do
  local fs = {}
  for i = 1, 10 do
    local x = i
    fs[#fs + 1] = function() return x end
    if i == 3 then break end
  end
  assert(#fs == 3 and fs[3]() == 3)

  local function mk()
    local y = "ret"
    return function() return y end
  end
  assert(mk()() == "ret")

  local saved
  pcall(function()
    local z = "err"
    saved = function() return z end
    error("x")
  end)
  assert(saved() == "err")
end

-- nested closures, several levels deep
do
  local function l1(a)
    return function(b)
      return function(c)
        return function(d) a = a + 1; return a + b + c + d end
      end
    end
  end
  local f = l1(1)(10)(100)
  assert(f(1000) == 1112 and f(1000) == 1113)
  -- middle levels that do not use the variable still pass it through
  local function outer()
    local secret = "s"
    return function() return function() return function() return secret end end end
  end
  assert(outer()()()() == "s")
end

-- recursive local functions
do
  local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
  assert(fact(20) == 2432902008176640000)
  local fib
  fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
  assert(fib(15) == 610)
  -- `local f = function` does not see itself
  local g = function() return g end
  assert(g() == nil)
end

-- closures as objects
do
  local function Stack()
    local items, n = {}, 0
    local self = {}
    function self.push(v) n = n + 1; items[n] = v end
    function self.pop() local v = items[n]; items[n] = nil; n = n - 1; return v end
    function self.size() return n end
    return self
  end
  local s = Stack()
  s.push(1); s.push(2); s.push(3)
  assert(s.pop() == 3 and s.size() == 2)
end

-- parameters are upvalues too
do
  local function adder(n) return function(x) return x + n end end
  local add5 = adder(5)
  assert(add5(10) == 15)
  local function mod(p) local function set(v) p = v end; set(9); return p end
  assert(mod(1) == 9)
end

-- each evaluation of a function expression creates a closure
do
  local t = {}
  for i = 1, 3 do t[i] = function() end end
  assert(t[1] ~= t[2] and t[2] ~= t[3])
  local function same() return function() end end
  assert(type(same()) == "function")
end

-- upvalues shared with a coroutine
do
  local x = 0
  local co = coroutine.wrap(function()
    while true do x = x + 1; coroutine.yield() end
  end)
  co(); co(); co()
  assert(x == 3)
  x = 10
  co()
  assert(x == 11)
end

-- many upvalues
do
  local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  local function sum() return a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 end
  assert(sum() == 55)
  a10 = 100
  assert(sum() == 145)
end

-- _ENV is an upvalue of every chunk
do
  local env = {x = 1}
  local f = load("return function() x = x + 1; return x end", "=c", "t", env)()
  assert(f() == 2 and f() == 3 and env.x == 3)
  local function withenv()
    local _ENV = {y = 5}
    return function() return y end
  end
  assert(withenv()() == 5)
end

-- a closure stored in its own upvalue (cycle) is collected normally
do
  local f
  f = function() return f end
  assert(f() == f)
  f = nil
  collectgarbage()
end

print("OK closures")
