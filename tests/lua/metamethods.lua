-- metamethods.lua: arithmetic, bitwise, concatenation, length, unary and
-- comparison metamethods: which operand's metamethod is used, arguments
-- passed, results adjusted to one value (and to booleans for comparisons),
-- no __le emulation through __lt, and the error messages when there is no
-- metamethod or it is not callable.

local function err(src, msg, ...)
  local ok, e = pcall(assert(load(src, "=c")), ...)
  assert(not ok and e == "c:1: " .. msg, e)
end

-- Every binary/unary event: the handler reports name, argument count and
-- whether both arguments are the same object.
local mt = {}
local events = {"add", "sub", "mul", "div", "mod", "pow", "unm", "idiv", "band",
                "bor", "bxor", "shl", "shr", "bnot", "concat", "len"}
for _, n in ipairs(events) do
  mt["__" .. n] = function(...)
    local x, y = ...
    return n .. ":" .. select("#", ...) .. ":" .. tostring(rawequal(x, y))
  end
end
local a = setmetatable({}, mt)
assert(a + 1 == "add:2:false")
assert(1 + a == "add:2:false")
assert(a - a == "sub:2:true")
assert(a * 2 == "mul:2:false")
assert(a / 2 == "div:2:false")
assert(a % 2 == "mod:2:false")
assert(a ^ 2 == "pow:2:false")
assert(-a == "unm:2:true")              -- unary events get the operand twice
assert(a // 2 == "idiv:2:false")
assert(a & 1 == "band:2:false")
assert(a | 1 == "bor:2:false")
assert(a ~ 1 == "bxor:2:false")
assert(a << 1 == "shl:2:false")
assert(a >> 1 == "shr:2:false")
assert(~a == "bnot:2:true")
assert(a .. "x" == "concat:2:false")
assert("x" .. a == "concat:2:false")
assert(1 .. a == "concat:2:false")
assert(#a == "len:2:true")

-- operand order: the first operand with the metamethod wins, and the
-- operands are passed in their original order
do
  local function tag(name)
    return setmetatable({name = name}, {__add = function(x, y)
      local xs = type(x) == "table" and x.name or tostring(x)
      local ys = type(y) == "table" and y.name or tostring(y)
      return name .. "(" .. xs .. "," .. ys .. ")"
    end})
  end
  local p, q = tag"p", tag"q"
  assert(p + q == "p(p,q)")
  assert(q + p == "q(q,p)")
  assert(1 + q == "q(1,q)")
  assert(q + 1 == "q(q,1)")
  local plain = {name = "plain"}
  assert(plain + q == "q(plain,q)")
end

-- only the first result is used
do
  local r = setmetatable({}, {__add = function(x, y) return 1, 2 end,
                              __len = function() return 42, 43 end})
  assert(select("#", r + 1) == 1)
  assert(#r == 42 and select("#", #r) == 1)
  local v = r + r
  assert(v == 1)
end

-- bitwise metamethods are used for floats without an integer value and
-- for non-numbers; not when both operands are integral numbers
do
  local m = setmetatable({}, {__bor = function(x, y) return "bor" end,
                              __bnot = function() return "bnot" end})
  assert((m | 1.5) == "bor" and (1.5 | m) == "bor" and ("s" | m) == "bor")
  assert(~m == "bnot")
end

-- __concat: right associative; numbers and strings are joined first
do
  local function show(v)
    if type(v) == "table" then return "T" end
    return tostring(v)
  end
  local t = setmetatable({}, {__concat = function(x, y)
    return "(" .. show(x) .. "," .. show(y) .. ")"
  end})
  assert("a" .. t .. "c" == "a(T,c)")
  assert(t .. 1 .. 2 == "(T,12)")
  assert(1 .. 2 .. t == "1(2,T)")
  assert(t .. t == "(T,T)")
  -- a concat result that is not a string
  local n = setmetatable({}, {__concat = function() return 10 end})
  assert(n .. "x" == 10)
  assert("a" .. "b" .. n == "a10")       -- "b" .. n is 10, then "a" .. 10
  local ok = pcall(function() return "a" .. n .. "b" end)
  assert(ok)   -- n .. "b" is 10, then "a" .. 10 is "a10"
  assert("a" .. n .. "b" == "a10")
end

-- __len is not used for strings; # on tables without __len is the border
do
  local t = setmetatable({1, 2, 3}, {__len = function() return -1 end})
  assert(#t == -1 and rawlen(t) == 3)
  assert(#"abc" == 3)
  local u = setmetatable({}, {__len = function(x) return x end})
  assert(#u == u)
end

-- __unm and __bnot
do
  local n = setmetatable({}, {__unm = function(o) return "neg" end,
                              __bnot = function(o, o2) return rawequal(o, o2) end})
  assert(-n == "neg" and ~n == true)
end

-- __eq: only for two tables (or two userdata) that are not primitively equal
do
  local log = 0
  local mt1 = {__eq = function(x, y) log = log + 1; return 1 end}
  local x, y = setmetatable({}, mt1), setmetatable({}, mt1)
  assert(x == y and not (x ~= y))
  assert(x == x and log == 2)        -- identical objects: no call
  assert(x ~= 1 and log == 2)        -- different types: no call
  assert(not rawequal(x, y))
  local c = setmetatable({}, {__eq = function() return nil end})
  assert(x == c)                     -- the first operand's handler
  assert(not (c == x))               -- result converted to boolean
  local d = {}
  assert(x == d and d == x)          -- the second operand's handler is tried
  local yes = setmetatable({}, {__eq = function() return true end})
  local no = setmetatable({}, {__eq = function() return false end})
  assert(yes == no and not (no == yes))
  assert(({} == {}) == false)
  -- the result of __eq is a boolean
  assert((x == y) == true)
end

-- __lt and __le
do
  local mt2 = {__lt = function(x, y) return "yes" end, __le = function(x, y) return nil end}
  local e = setmetatable({}, mt2)
  assert((e < 1) == true and (1 < e) == true)
  assert((e <= 1) == false and (e >= 1) == false)
  assert((e > 1) == true)             -- 1 < e
  assert(("s" < e) == true)
  -- a > b is b < a: check argument order
  local order
  local o = setmetatable({}, {__lt = function(x, y) order = {x, y}; return true end})
  local _ = o > 5
  assert(order[1] == 5 and order[2] == o)
  _ = o < 5
  assert(order[1] == o and order[2] == 5)
  local f1 = setmetatable({}, {__lt = function() return false end})
  local f2 = setmetatable({}, {__lt = function() return true end})
  assert(not (f1 < f2) and f2 < f1)
  -- no __le emulation with not (b < a) in 5.5
  err("local a = setmetatable({}, {__lt = function() return 1 end}) return a <= a",
      "attempt to compare two table values")
end

-- string comparisons are byte-wise
assert("a" < "b" and "a" < "ab" and "" < "a" and "Z" < "a")
assert("a\0b" < "a\0c" and "a\0" > "a" and "10" < "9")
assert("abc" <= "abc" and "abd" >= "abc")

-- errors without metamethods
err("local a = setmetatable({}, {}) return a < a", "attempt to compare two table values")
err("local a, b = {}, {} return a < b", "attempt to compare two table values")
err("local a = {} return a < 1", "attempt to compare table with number")
err("local a = {} return 1 < a", "attempt to compare number with table")
err("return 1 < 'x'", "attempt to compare number with string")
err("return 'x' < 1", "attempt to compare string with number")
err("return 'x' >= 1", "attempt to compare number with string")
err("return nil < 1", "attempt to compare nil with number")
err("return {} <= {}", "attempt to compare two table values")
err("return print < print", "attempt to compare two function values")
err("return true < false", "attempt to compare two boolean values")
err("local a, b = 1; return a < b", "attempt to compare number with nil")
err("local t = {} return t .. 'x'", "attempt to concatenate a table value (local 't')")
err("local t = {} return 'x' .. t", "attempt to concatenate a table value (local 't')")
err("local t = {} return 'x' .. 1 .. t", "attempt to concatenate a table value (local 't')")
err("return 'x' .. nil", "attempt to concatenate a nil value")
err("return 'x' .. y", "attempt to concatenate a nil value (global 'y')")
err("local a = {} return a[1] .. 'x'", "attempt to concatenate a nil value (field 'integer index')")
err("local b = true return 'x' .. b", "attempt to concatenate a boolean value (local 'b')")
err("return #nil", "attempt to get length of a nil value")
err("return #5", "attempt to get length of a number value")
err("local x = 5 return #x", "attempt to get length of a number value (local 'x')")
err("return #y", "attempt to get length of a nil value (global 'y')")
err("return 1 + {}", "attempt to perform arithmetic on a table value")
err("local a = {} return -a.b", "attempt to perform arithmetic on a nil value (field 'b')")
err("local a = {} return a.b + 1", "attempt to perform arithmetic on a nil value (field 'b')")

-- metamethods that are not callable
err("local t = setmetatable({}, {__concat = 1}) return t .. 'x'",
    "attempt to call a number value (metamethod 'concat')")
err("local t = setmetatable({}, {__unm = 1}) return -t",
    "attempt to call a number value (metamethod 'unm')")
err("local t = setmetatable({}, {__len = 1}) return #t",
    "attempt to call a number value (metamethod 'len')")
err("local t = setmetatable({}, {__add = 1}) return t + 1",
    "attempt to call a number value (metamethod 'add')")
err("local t = setmetatable({}, {__lt = true}) return t < t",
    "attempt to call a boolean value (metamethod 'lt')")
err("local t = setmetatable({}, {__eq = 'x'}) return t == {}",
    "attempt to call a string value (metamethod 'eq')")

-- metamethods can be callable objects
do
  local callable = setmetatable({}, {__call = function(self, x, y) return "called" end})
  local t = setmetatable({}, {__add = callable, __index = callable})
  assert(t + 1 == "called")
  -- but a table __index is indexed, never called
  assert(t.anything == nil)
end

-- metamethods are fetched raw from the metatable (no __index on it)
do
  local proto = {__add = function() return "inherited" end}
  local meta = setmetatable({}, {__index = proto})
  local t = setmetatable({}, meta)
  err("local t = ... return t + 1", "attempt to perform arithmetic on a table value (local 't')", t)
end

-- a metatable changed after setmetatable takes effect at once
do
  local m = {}
  local t = setmetatable({}, m)
  m.__sub = function() return "late" end
  assert(t - 1 == "late")
  m.__sub = nil
  assert(not pcall(function() return t - 1 end))
end

print("OK metamethods")
