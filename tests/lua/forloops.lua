-- forloops.lua: numeric for (integer and float loops, precomputed iteration
-- counts without overflow, float steps, limits clipped to integers, zero
-- step error, bad operand errors), generic for (iterators, state, stateless
-- iterators, the 4th closing value) and 5.5 read-only control variables.

-- Render the values visited by a numeric loop as one string.
local function visit(a, b, c, max)
  local s, n = "", 0
  if c == nil then c = 1 end
  for i = a, b, c do
    s = s .. tostring(i) .. " "
    n = n + 1
    if max and n >= max then break end
  end
  return s
end

local function cerr(src, msg)
  local f, e = load(src, "=c")
  assert(f == nil and e == "c:1: " .. msg, e)
end

local function rerr(src, msg)
  local ok, e = pcall(assert(load(src, "=c")))
  assert(not ok and e == "c:1: " .. msg, e)
end

local maxi = 9223372036854775807
local mini = -maxi - 1

-- integer loops
assert(visit(1, 5) == "1 2 3 4 5 ")
assert(visit(5, 1, -2) == "5 3 1 ")
assert(visit(3, 1) == "")
assert(visit(0, 0) == "0 ")
assert(visit(1, 10, 3) == "1 4 7 10 ")
assert(visit(10, 1, -4) == "10 6 2 ")

-- near the limits of the integer range: no wrap-around, no endless loop
assert(visit(maxi - 2, maxi) == "9223372036854775805 9223372036854775806 9223372036854775807 ")
assert(visit(mini, mini + 2) == "-9223372036854775808 -9223372036854775807 -9223372036854775806 ")
assert(visit(mini + 2, mini, -1) == "-9223372036854775806 -9223372036854775807 -9223372036854775808 ")
assert(visit(1, 3, maxi) == "1 ")
assert(visit(-3, 3, maxi) == "-3 ")
assert(visit(maxi, 0, mini) == "9223372036854775807 ")
assert(visit(mini, mini + 2, maxi) == "-9223372036854775808 ")
assert(visit(1, 3, mini) == "")
assert(visit(mini, maxi, maxi) == "-9223372036854775808 -1 9223372036854775806 ")

-- float limits with integer init and step: the limit is clipped
assert(visit(1, 3.5) == "1 2 3 ")
assert(visit(1, 0.5) == "")
assert(visit(-1, -1.5, -1) == "-1 ")
assert(visit(1, 1 / 0, 1, 3) == "1 2 3 ")
assert(visit(1, -1 / 0) == "")
assert(visit(maxi, maxi + 1.0) == "9223372036854775807 ")
assert(visit(1, 9.3e18, 1, 2) == "1 2 ")
assert(visit(0, -9.3e18, -1, 3) == "0 -1 -2 ")
assert(visit(0, 9.3e18, -1) == "")
assert(visit(0, -9.3e18) == "")
assert(visit(1, 0 / 0) == "")           -- a NaN limit skips an integer loop

-- float loops (any float among init and step)
assert(visit(1.0, 3) == "1.0 2.0 3.0 ")
assert(visit(1, 2, 0.5) == "1.0 1.5 2.0 ")
assert(visit(0.1, 0.35, 0.1) == "0.1 0.2 0.30000000000000004 ")
assert(visit(3.0, 1, -0.5) == "3.0 2.5 2.0 1.5 1.0 ")
assert(visit(1, 2^53 + 10, 2^52) == "1.0 4503599627370497.0 9007199254740992.0 ")
assert(visit(1, 10, 0 / 0) == "")       -- NaN step
-- a NaN init or limit in a float loop runs the body once (it is not skipped
-- by the preparation test, then fails the loop test)
assert(visit(0 / 0, 10) ~= "")
assert(visit(1.0, 0 / 0) == "1.0 ")

-- the loop variable is a fresh local each iteration
do
  local fs = {}
  for i = 1, 3 do fs[i] = function() return i end end
  assert(fs[1]() == 1 and fs[2]() == 2 and fs[3]() == 3)
end

-- limits and steps are evaluated once, before the loop
do
  local n, calls = 0, 0
  local function lim() calls = calls + 1; return 3 end
  for i = 1, lim() do n = n + 1 end
  assert(n == 3 and calls == 1)
  local l = 3
  n = 0
  for i = 1, l do l = 10; n = n + 1 end
  assert(n == 3)
end

-- errors
rerr("for i=1,10,0 do end", "'for' step is zero")
rerr("for i=1.0,10,0 do end", "'for' step is zero")
rerr("for i=1,10,0.0 do end", "'for' step is zero")
rerr("for i='a',10 do end", "bad 'for' initial value (number expected, got string)")
rerr("for i=1,'x' do end", "bad 'for' limit (number expected, got string)")
rerr("for i=1,2,{} do end", "bad 'for' step (number expected, got table)")
rerr("local t = {} for i=1,t do end", "bad 'for' limit (number expected, got table)")
rerr("for i=nil,2 do end", "bad 'for' initial value (number expected, got nil)")
rerr("for i=1,2,print do end", "bad 'for' step (number expected, got function)")
rerr("for i=1,true do end", "bad 'for' limit (number expected, got boolean)")
-- numeric strings are converted by the loop itself (to floats)
assert(visit("1", 2) == "1.0 2.0 ")
assert(visit(1, "2.5") == "1 2 ")
assert(visit(1, 2, "1") == "1.0 2.0 ")

-- 5.5: control variables are read-only
cerr("for i=1,3 do i = i + 1 end", "attempt to assign to const variable 'i'")
cerr("for k, v in pairs({}) do k = 1 end", "attempt to assign to const variable 'k'")
cerr("for i=1,3 do local function f() i = 1 end end", "attempt to assign to const variable 'i'")
cerr("for i=1,3 do i, j = 1, 2 end", "attempt to assign to const variable 'i'")
-- the other variables of a generic for may be assigned
assert(load("for k, v in pairs({}) do v = 1 end", "=c"))
do
  local s = 0
  for k, v in ipairs({1, 2, 3}) do v = v * 10; s = s + v end
  assert(s == 60)
  -- shadowing the control variable with a local is the workaround
  local t = ""
  for i = 1, 3 do local i = i * 10; i = i + 1; t = t .. i .. " " end
  assert(t == "11 21 31 ")
end

-- generic for: iterator function, state, control value
do
  local function range(n)
    return function(st, ctl)
      if ctl < st then return ctl + 1 end
    end, n, 0
  end
  local s = ""
  for i in range(4) do s = s .. i end
  assert(s == "1234")
  -- an iterator that returns several values
  local function pairsof(t)
    local i = 0
    return function()
      i = i + 1
      if t[i] then return i, t[i], t[i] * 2 end
    end
  end
  s = ""
  for i, v, d in pairsof({5, 6}) do s = s .. i .. ":" .. v .. ":" .. d .. " " end
  assert(s == "1:5:10 2:6:12 ")
  -- extra loop variables are nil
  for a, b, c, d in next, {10} do assert(a == 1 and b == 10 and c == nil and d == nil) end
  -- the loop ends at the first nil control value even if other values follow
  local k = 0
  for x in function() k = k + 1; if k < 3 then return k else return nil, 1 end end do end
  assert(k == 3)
end

-- generic for with a callable object as iterator
do
  local obj = setmetatable({}, {__call = function(self, st, ctl)
    if ctl < 3 then return ctl + 1 end
  end})
  local s = ""
  for i in obj, nil, 0 do s = s .. i end
  assert(s == "123")
end

-- errors from the generic for
rerr("for i in 1 do end", "attempt to call a number value (for iterator 'for iterator')")
rerr("for i in nil do end", "attempt to call a nil value (for iterator 'for iterator')")
rerr("local t = {} for i in t do end", "attempt to call a table value (for iterator 'for iterator')")

-- nested loops and break
do
  local n = 0
  for i = 1, 10 do
    for j = 1, 10 do
      if j > i then break end
      n = n + 1
    end
  end
  assert(n == 55)
end

-- while and repeat
do
  local i = 0
  while i < 5 do i = i + 1 end
  assert(i == 5)
  local j = 0
  repeat local k = j; j = j + 1 until k >= 3   -- until sees body locals
  assert(j == 4)
  local c = 0
  while true do c = c + 1; if c == 7 then break end end
  assert(c == 7)
end

print("OK forloops")
