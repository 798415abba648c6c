-- calls.lua: function calls: __call (extra leading arguments, chains up to
-- 15 objects, "'__call' chain too long"), multiple results and their
-- adjustment, proper tail calls (no stack growth), method call syntax,
-- call sugar (f"str", f{tbl}), recursion, and call error messages.

local function err(src, msg, ...)
  local ok, e = pcall(assert(load(src, "=c")), ...)
  assert(not ok and e == msg, e)
end

-- __call: the object is passed as an extra first argument
do
  local t = setmetatable({}, {__call = function(self, a, b) return self, a, b end})
  local s, a, b = t(1, 2)
  assert(s == t and a == 1 and b == 2)
  assert(select("#", t()) == 3)
end

-- a chain of callable objects: each level adds one leading argument
local function chain(n)
  local f = function(...) return select("#", ...), ... end
  for i = 1, n do f = setmetatable({}, {__call = f}) end
  return f
end
do
  local n, o1, x = chain(1)("a")
  assert(n == 2 and type(o1) == "table" and x == "a")
  local c2 = chain(2)
  local r = {c2("a")}
  assert(r[1] == 3 and r[2] == getmetatable(c2).__call and r[3] == c2 and r[4] == "a")
  assert(chain(14)("a") == 15)
  assert(chain(15)("a") == 16)     -- the longest chain allowed
  local ok, e = pcall(chain(16), "a")
  assert(not ok and e == "'__call' chain too long")
  ok, e = pcall(chain(20), "a")
  assert(not ok and e == "'__call' chain too long")
  -- from Lua code, in every call position
  local c16 = chain(16)
  err("local f = ... return f(1)", "c:1: '__call' chain too long", c16)
  err("local f = ... return (f(1))", "c:1: '__call' chain too long", c16)
  err("local f = ... local x = f(1) return x", "c:1: '__call' chain too long", c16)
  err("local f = ... f(1)", "c:1: '__call' chain too long", c16)
  local c15 = chain(15)
  local f15 = load("local f = ... local x = f(1) return x", "=c")
  assert(f15(c15) == 16)
  local g15 = load("local f = ... return f(1)", "=c")
  assert(select("#", g15(c15)) == 17)
end

-- non-callable values
err("f()", "c:1: attempt to call a nil value (global 'f')")
err("local f; f()", "c:1: attempt to call a nil value (local 'f')")
err("local t = {} t.y()", "c:1: attempt to call a nil value (field 'y')")
err("local t = {} t:y()", "c:1: attempt to call a nil value (method 'y')")
err("local t = {}; t[1]()", "c:1: attempt to call a nil value (field 'integer index')")
err("local t = {}; local k = 'z'; t[k]()", "c:1: attempt to call a nil value (field '?')")
err("local t = {}; t[1.5]()", "c:1: attempt to call a nil value (field '?')")
err("local t = {}; t[true]()", "c:1: attempt to call a nil value (field '?')")
err("(nil)()", "c:1: attempt to call a nil value")
err("local a = 1 a()", "c:1: attempt to call a number value (local 'a')")
err("local k <const> = 10; return k()", "c:1: attempt to call a number value")
err("return (...)()", "c:1: attempt to call a nil value")
err("local t = setmetatable({}, {__call = 1}) return t()", "c:1: attempt to call a number value (local 't')")
err("local t = setmetatable({}, {__call = setmetatable({}, {})}) return t()",
    "c:1: attempt to call a table value (local 't')")
assert(select(2, pcall(load("local f; return function() f() end", "=c")())) ==
       "c:1: attempt to call a nil value (upvalue 'f')")
err("x = {} x.y.z()", "c:1: attempt to index a nil value (field 'y')")
err("local s = {} s.a.b:c()", "c:1: attempt to index a nil value (field 'a')")

-- multiple results
local function three() return 1, 2, 3 end
local function none() end
do
  local a, b, c, d = three()
  assert(a == 1 and b == 2 and c == 3 and d == nil)
  local x, y = three(), 10
  assert(x == 1 and y == 10)
  local t = {three(), three()}
  assert(#t == 4)
  t = {three(), (three())}
  assert(#t == 2)
  t = {none()}
  assert(#t == 0)
  t = {none(), 1}
  assert(t[1] == nil and t[2] == 1)
  assert(select("#", none()) == 0)
  assert(select("#", (none())) == 1)
  assert(select("#", three(), none()) == 1)
  -- results in the middle of an argument list are truncated
  local function cnt(...) return select("#", ...) end
  assert(cnt(three(), three()) == 4)
  assert(cnt(three(), nil) == 2)
end

-- many results
do
  local function many(n) if n == 0 then return end return n, many(n - 1) end
  local t = {many(250)}
  assert(#t == 250 and t[1] == 250 and t[250] == 1)
  local function count(...) return select("#", ...) end
  assert(count(many(1000)) == 1000)
end

-- proper tail calls do not grow the stack
do
  local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
  assert(loop(1000000, 0) == 1000000)
  local even, odd
  function even(n) if n == 0 then return true end return odd(n - 1) end
  function odd(n) if n == 0 then return false end return even(n - 1) end
  assert(even(100001) == false and odd(100001) == true)
  -- tail call through a callable object
  local obj = setmetatable({}, {__call = function(self, n) return n end})
  local function tc(n) return obj(n) end
  assert(tc(7) == 7)
  -- tail call of a C function
  local function ts(...) return select("#", ...) end
  local function tcs(...) return ts(...) end
  assert(tcs(1, 2, 3) == 3)
end

-- method calls
do
  local Account = {}
  Account.__index = Account
  function Account.new(b) return setmetatable({balance = b}, Account) end
  function Account:deposit(v) self.balance = self.balance + v; return self end
  function Account:get() return self.balance end
  local acc = Account.new(10)
  assert(acc:deposit(5):deposit(1):get() == 16)
  assert(Account.get(acc) == 16)
  -- the object expression is evaluated once
  local n = 0
  local function getacc() n = n + 1; return acc end
  getacc():deposit(1)
  assert(n == 1 and acc:get() == 17)
  -- nested names: a.b.c:m()
  local a = {b = {c = {v = 3}}}
  function a.b.c:m(x) return self.v * x end
  function a.b.f(x) return x + 1 end
  assert(a.b.c:m(2) == 6 and a.b.f(1) == 2)
end

-- call sugar
do
  local function id(x) return x end
  assert(id"str" == "str")
  assert(id[[long]] == "long")
  assert(id{1, 2}[2] == 2)
  local obj = {f = function(self, x) return x end}
  assert(obj:f"s" == "s" and obj:f{7}[1] == 7)
  local function curry(a) return function(b) return function(c) return a .. b .. c end end end
  assert(curry"x""y""z" == "xyz")
end

-- arguments: missing ones are nil, extra ones are dropped
do
  local function f(a, b, c) return a, b, c end
  local x, y, z = f(1)
  assert(x == 1 and y == nil and z == nil)
  x, y, z = f(1, 2, 3, 4, 5)
  assert(x == 1 and y == 2 and z == 3)
  -- evaluation order of arguments is left to right
  local log = ""
  local function g(s) log = log .. s; return s end
  f(g"a", g"b", g"c")
  assert(log == "abc")
end

-- recursion
do
  local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
  assert(fib(20) == 6765)
  local function ack(m, n)
    if m == 0 then return n + 1 end
    if n == 0 then return ack(m - 1, 1) end
    return ack(m - 1, ack(m, n - 1))
  end
  assert(ack(2, 3) == 9)
  -- moderately deep non-tail recursion
  local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
  assert(depth(10000) == 10000)
end

-- functions are values: stored, compared, passed
do
  local f1 = function() end
  local f2 = function() end
  assert(f1 ~= f2 and f1 == f1)
  local t = {[f1] = "one"}
  assert(t[f1] == "one" and t[f2] == nil)
  assert(type(f1) == "function" and type(print) == "function")
end

print("OK calls")
