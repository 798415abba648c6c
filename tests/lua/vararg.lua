-- vararg.lua: anonymous `...`, select (including negative indices and '#'),
-- adjustment of varargs in calls, returns, constructors and assignments,
-- and the 5.5 named vararg table `...t` (t.n, t[i], writes visible through
-- `...`, read-only name, "vararg table has no proper 'n'").

local function cerr(src, msg)
  local f, e = load(src, "=c")
  assert(f == nil and e == "c:1: " .. msg, e)
end

local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end

-- anonymous varargs
local function count(...) return select("#", ...) end
assert(count() == 0)
assert(count(nil) == 1)
assert(count(nil, nil) == 2)
assert(count(1, nil, 3, nil) == 4)

local function pass(...) return ... end
assert(count(pass()) == 0)
assert(count(pass(1, nil, nil)) == 3)

local function w(a, b, ...) return a, b, ... end
assert(count(w()) == 2)
assert(count(w(1, 2, nil, nil)) == 4)
assert((w(1, 2, 3)) == 1)                  -- parentheses truncate to one value
assert(({w(1, 2, 3)})[3] == 3)

-- only the last expression of a list expands
do
  local t = {pass(1, 2), pass(3, 4)}
  assert(#t == 3 and t[1] == 1 and t[2] == 3 and t[3] == 4)
  local a, b, c, d = pass(1, 2), pass(3, 4)
  assert(a == 1 and b == 3 and c == 4 and d == nil)
  assert(count(pass(1, 2), pass(3, 4)) == 3)
  assert(count((pass(1, 2))) == 1)
  assert(count(pass()) == 0 and count((pass())) == 1)
end

-- `...` in the main chunk: the script is called with the command-line
-- arguments, here none
assert(select("#", ...) == 0)

-- `...` in nested functions is a compile error
cerr("function f() return ... end", "cannot use '...' outside a vararg function near '...'")
cerr("function f(...) local function g() return ... end end",
     "cannot use '...' outside a vararg function near '...'")
cerr("function f(...t) local function g() return ... end end",
     "cannot use '...' outside a vararg function near '...'")
cerr("function f(...t, a) end", "')' expected near ','")
cerr("function f(..., a) end", "')' expected near ','")

-- select
assert(select(1, "a", "b", "c") == "a")
assert(select(2, "a", "b", "c") == "b")
assert(count(select(2, "a", "b", "c")) == 2)
assert(select(-1, 1, 2, 3) == 3)
assert(count(select(-2, 1, 2, 3)) == 2)
assert(select(-3, 1, 2, 3) == 1)
assert(count(select(5, 1, 2)) == 0)
assert(select("#") == 0)
assert(select(2.0, "a", "b") == "b")
perr("bad argument #1 to 'select' (index out of range)", select, -4, 1, 2, 3)
perr("bad argument #1 to 'select' (index out of range)", select, 0, 1)
perr("bad argument #1 to 'select' (number expected, got string)", select, "x")
perr("bad argument #1 to 'select' (number expected, got no value)", select)
perr("bad argument #1 to 'select' (number has no integer representation)", select, 1.5, "a")

-- many values through varargs
do
  local t = {}
  for i = 1, 200 do t[i] = i end
  local function sum(...)
    local s = 0
    for i = 1, select("#", ...) do s = s + (select(i, ...)) end
    return s
  end
  local function unpack(t, i)
    i = i or 1
    if i <= #t then return t[i], unpack(t, i + 1) end
  end
  assert(sum(unpack(t)) == 20100)
  assert(count(unpack(t)) == 200)
end

-- named vararg tables
do
  local function f(...t) return t.n, t[1], t[3] end
  local n, a, b = f(10, nil, 30)
  assert(n == 3 and a == 10 and b == 30)
  assert(f() == 0)

  local function f2(a, ...t) return a, t.n, t[1], t[2] end
  local x, m, p, q = f2(1, 2, 3)
  assert(x == 1 and m == 2 and p == 2 and q == 3)
  x, m = f2()
  assert(x == nil and m == 0)

  -- reads with other keys
  local function m2(...t) return t["n"], t[1.0], t[2], t.x, t[0] end
  local r1, r2, r3, r4, r5 = m2(5, 6)
  assert(r1 == 2 and r2 == 5 and r3 == 6 and r4 == nil and r5 == nil)

  -- `...` reads the table when it is evaluated
  local function g(...t) t[1] = "x"; return ... end
  local g1, g2 = g(1, 2)
  assert(g1 == "x" and g2 == 2)
  local function aux(a, b, n, ...t) t.n = n; return b, ... end
  assert(count(aux(10, 1, 3)) == 4)
  assert(count(aux(10, 1, 0, 7, 8)) == 1)
  local function m(...t) t.n = 1; return select("#", ...) end
  assert(m(1, 2, 3) == 1)
  local function grow(...t) t.n = 3; return ... end
  local a1, a2, a3 = grow(1)
  assert(a1 == 1 and a2 == nil and a3 == nil and count(grow(1)) == 3)

  -- a real table: length, identity, no metatable
  local function h(...t) return #t, t end
  local len, tab = h(1, 2, 3)
  assert(len == 3 and type(tab) == "table" and tab.n == 3 and tab[2] == 2)
  assert(getmetatable(tab) == nil)
  local function k(...t) local t2 = t; return getmetatable(t2), t2.n end
  local mt, kn = k()
  assert(mt == nil and kn == 0)

  -- captured by a closure
  local function cap(...t) return function() return t.n, t[1] end end
  local cn, c1 = cap("a", "b")()
  assert(cn == 2 and c1 == "a")

  -- improper 'n'
  perr("c:1: vararg table has no proper 'n'",
       load("local function aux(n, ...t) t.n = n; return ... end; return aux(...)", "=c"), -1)
  local bad = load("local function aux(n, ...t) t.n = n; return ... end; return aux(...)", "=c")
  perr("c:1: vararg table has no proper 'n'", bad, 1.5)
  perr("c:1: vararg table has no proper 'n'", bad, "2")
  perr("c:1: vararg table has no proper 'n'", bad, 2.0)
  perr("c:1: vararg table has no proper 'n'", bad, nil)
  perr("c:1: vararg table has no proper 'n'", bad, 2^31)
  perr("c:1: vararg table has no proper 'n'", bad, 1073741824)
  perr("c:1: vararg table has no proper 'n'", bad, 0x7fffffff)
  -- ... but only when `...` is used
  local function nouse(...t) t.n = "bad"; return t[1] end
  assert(nouse(5) == 5)

  -- the vararg table name is read-only but its fields are not
  cerr("return function(...t) t = 1 end", "attempt to assign to const variable 't'")
  cerr("return function(...t) local function g() t = 1 end end",
       "attempt to assign to const variable 't'")
  assert(load("function f(... t) return t end", "=c"))
  -- a local may shadow it
  assert(load("function f(a, ...t) local t = 1 return t end", "=c"))
  local function sh(...t) local t = 5; t = t + 1; return t end
  assert(sh() == 6)

  -- `...t` with select and table traversal
  local function keys(...t)
    local s = 0
    for k, v in pairs(t) do if k ~= "n" then s = s + v end end
    return s
  end
  assert(keys(1, 2, 3, 4) == 10)
end

-- varargs and methods
do
  local obj = {base = 100}
  function obj:sum(...t)
    local s = self.base
    for i = 1, t.n do s = s + t[i] end
    return s
  end
  assert(obj:sum(1, 2, 3) == 106)
  function obj.cnt(...) return select("#", ...) end
  assert(obj:cnt(1, 2) == 3)
end

-- varargs through tail calls and pcall
do
  local function tail(...) return count(...) end
  assert(tail(1, 2, nil) == 3)
  local r = {pcall(pass, 1, nil, 3)}
  assert(r[1] == true and r[2] == 1 and r[3] == nil and r[4] == 3)
end

print("OK vararg")
