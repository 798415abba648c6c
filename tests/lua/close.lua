-- close.lua: to-be-closed variables at run time: closing order, the 5.5
-- argument rule (one argument on normal exit, two on error), errors raised
-- by __close, exits through break/goto/return, the closing value of a
-- generic for, and __close looked up at closing time.

local log = {}

-- An object whose __close records "name:err:nargs" and may raise `err`.
local function mk(name, err)
  return setmetatable({}, {__close = function(...)
    local _, e = ...
    log[#log + 1] = name .. ":" .. tostring(e) .. ":" .. select("#", ...)
    if err then error(err, 0) end
  end})
end

-- Compare the log with the expected entries and clear it.
local function check(...)
  local n = select("#", ...)
  assert(#log == n, "log has " .. #log .. " entries, expected " .. n)
  for i = 1, n do
    local exp = select(i, ...)
    assert(log[i] == exp, tostring(log[i]) .. " ~= " .. exp)
  end
  log = {}
end

-- normal exit: reverse order, one argument
do
  local a <close> = mk"a"
  local b <close> = mk"b"
end
check("b:nil:1", "a:nil:1")

-- error exit: two arguments, the error object
local ok, e = pcall(function()
  local a <close> = mk"a"
  local b <close> = mk"b"
  error("E", 0)
end)
assert(not ok and e == "E")
check("b:E:2", "a:E:2")

-- an error in a close method replaces the error, later closes see it
ok, e = pcall(function()
  local a <close> = mk("a", "EA")
  local b <close> = mk("b", "EB")
  error("E", 0)
end)
assert(not ok and e == "EA")
check("b:E:2", "a:EB:2")

-- an error in a close method during a normal return
ok, e = pcall(function()
  local a <close> = mk("a", "EA")
  local b <close> = mk("b", "EB")
  return 1
end)
assert(not ok and e == "EA")
check("b:nil:1", "a:EB:2")

ok, e = pcall(function()
  local a <close> = mk"a"
  local b <close> = mk("b", "EB")
  return 1
end)
assert(not ok and e == "EB")
check("b:nil:1", "a:EB:2")

-- non-string error objects are passed through
local errobj = {}
ok, e = pcall(function() local a <close> = mk"a"; error(errobj) end)
assert(not ok and e == errobj)
assert(log[1] == "a:" .. tostring(errobj) .. ":2")
log = {}

-- a nil error object arrives as "<no error object>"
ok, e = pcall(function() local a <close> = mk"a"; error() end)
assert(not ok and e == "<no error object>")
check("a:<no error object>:2")

-- run-time errors
ok, e = pcall(load("local a <close> = ...; local x = nil + 1", "=c"), mk"a")
assert(not ok and e == "c:1: attempt to perform arithmetic on a nil value")
check("a:c:1: attempt to perform arithmetic on a nil value:2")

-- return values are preserved across closing
local function g() local c <close> = mk"r"; return 1, 2, 3 end
local r1, r2, r3 = g()
assert(r1 == 1 and r2 == 2 and r3 == 3)
check("r:nil:1")

-- the returned values are computed before the variables are closed
do
  local state = "open"
  local obj = setmetatable({}, {__close = function() state = "closed" end})
  local function f() local x <close> = obj; return state end
  assert(f() == "open" and state == "closed")
end

-- break, goto and loops
local i = 0
while i < 2 do local c <close> = mk("w" .. i); i = i + 1 end
check("w0:nil:1", "w1:nil:1")

for j = 1, 10 do
  local c <close> = mk("f" .. j)
  if j == 2 then break end
end
check("f1:nil:1", "f2:nil:1")

do
  local k = 0
  ::top::
  do
    local c <close> = mk("g" .. k)
    k = k + 1
    if k < 3 then goto top end
  end
end
check("g0:nil:1", "g1:nil:1", "g2:nil:1")

repeat
  local c <close> = mk"rep"
until true
check("rep:nil:1")

-- the closing value of a generic for
local function iter(n)
  local k = 0
  return function() k = k + 1; if k <= n then return k end end, nil, nil, mk"for"
end
for v in iter(3) do if v == 2 then break end end
check("for:nil:1")
for v in iter(2) do end
check("for:nil:1")
ok, e = pcall(function() for v in iter(2) do error("X", 0) end end)
assert(not ok and e == "X")
check("for:X:2")
local function first3() for v in iter(5) do if v == 3 then return v end end end
assert(first3() == 3)
check("for:nil:1")
ok, e = pcall(load("for i in next, {}, nil, 1 do end", "=c"))
assert(not ok and e == "c:1: variable '(for state)' got a non-closable value")
-- false/nil closing values are fine
for v in next, {}, nil, false do end

-- __close is looked up when the variable is closed
do
  local mt = {__close = function() log[#log + 1] = "first" end}
  local o = setmetatable({}, mt)
  do
    local x <close> = o
    mt.__close = function() log[#log + 1] = "second" end
  end
  check("second")
  ok, e = pcall(load("local x <close> = ...; getmetatable(x).__close = nil", "=c"), o)
  assert(not ok and e == "c:1: attempt to call a nil value (metamethod 'close')")
end

-- closing inside coroutines when they finish or fail
do
  local co = coroutine.wrap(function()
    local a <close> = mk"co"
    coroutine.yield(1)
    return 2
  end)
  assert(co() == 1)
  check()
  assert(co() == 2)
  check("co:nil:1")
end

-- nested functions each close their own variables
do
  local function inner() local b <close> = mk"inner"; error("IE", 0) end
  local function outer() local a <close> = mk"outer"; inner() end
  ok, e = pcall(outer)
  assert(not ok and e == "IE")
  check("inner:IE:2", "outer:IE:2")
end

-- a close method may itself use to-be-closed variables
do
  local o = setmetatable({}, {__close = function()
    local inner <close> = mk"nested"
    log[#log + 1] = "outer"
  end})
  do local x <close> = o end
  check("outer", "nested:nil:1")
end

-- the close method receives the object itself
do
  local got
  local o
  o = setmetatable({}, {__close = function(x) got = x end})
  do local v <close> = o end
  assert(got == o)
end

-- pcall inside a close method during error unwinding
do
  local o = setmetatable({}, {__close = function(_, err)
    local ok2, e2 = pcall(error, "inner", 0)
    log[#log + 1] = tostring(err) .. "/" .. e2
  end})
  ok, e = pcall(function() local v <close> = o; error("outer", 0) end)
  assert(not ok and e == "outer")
  check("outer/inner")
end

print("OK close")
