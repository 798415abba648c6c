-- attribs.lua: local variable attributes <const> and <close> at compile
-- time: prefix and postfix forms, `local<const> a, b`, unknown attributes,
-- assignments to constants (also from nested functions), and the
-- "non-closable value" run-time check.

local function cerr(src, msg)
  local f, e = load(src, "=c")
  assert(f == nil, "expected a compile error for: " .. src)
  assert(e == "c:1: " .. msg, e)
end

local function run(src, ...)
  local f = assert(load(src, "=c"))
  return f(...)
end

local function rerr(src, msg)
  local f = assert(load(src, "=c"))
  local ok, e = pcall(f)
  assert(not ok and e == msg, e)
end

-- <const>: postfix and prefix forms
do
  local a <const> = 10
  local<const> b, c = 20, 30
  local d <const>, e = 40, 50
  e = e + 1                     -- e is not const
  assert(a + b + c + d + e == 151)
  local function f() return a + b end   -- constants captured by closures
  assert(f() == 30)
end

cerr("local a <const> = 1; a = 2", "attempt to assign to const variable 'a'")
cerr("local a <const>; a = 2", "attempt to assign to const variable 'a'")
cerr("local<const> a, b = 1, 2; b = 3", "attempt to assign to const variable 'b'")
cerr("local<const> a = {}; a = 1", "attempt to assign to const variable 'a'")
cerr("local a<const> = 1; local function f() a = 2 end",
     "attempt to assign to const variable 'a'")
cerr("local a<const> = 1; local function f() return function() a = 2 end end",
     "attempt to assign to const variable 'a'")
cerr("local a <const> = 1; local b = a; a, b = 1, 2",
     "attempt to assign to const variable 'a'")
cerr("local a <const> = 1; function a() end",
     "attempt to assign to const variable 'a'")
cerr("local a<close> = nil; a = 2", "attempt to assign to const variable 'a'")
cerr("local a <close> = nil; local function f() a = 1 end",
     "attempt to assign to const variable 'a'")

-- the fields of a constant table are still writable
do
  local t <const> = {}
  t.x = 1
  t[1] = 2
  assert(t.x == 1 and t[1] == 2)
end

-- a const local that shadows another local
do
  local x = 1
  do
    local x <const> = 2
    assert(x == 2)
  end
  x = 3
  assert(x == 3)
end

-- constant folding through const locals
assert(run("local k <const> = 6; local m <const> = k * 7; return m") == 42)
assert(run("local s <const> = 'ab'; local u <const> = s .. 'c'; return u") == "abc")
assert(run("local n <const> = nil; return n") == nil)
assert(run("local b <const> = false; return not b") == true)
assert(run("local f <const> = 2.5; return f * 2") == 5.0)
assert(run("local k <const> = 2^53; return k") == 2^53)

-- unknown attributes and syntax
cerr("local a <xyz> = 1", "unknown attribute 'xyz'")
cerr("local <xyz> a = 1", "unknown attribute 'xyz'")
cerr("local a<const><const> = 1", "unexpected symbol near '<'")
cerr("local a <const = 1", "'>' expected near '='")
cerr("local a <> = 1", "<name> expected near '>'")

-- <close>: at most one per local list (prefix attribute covers every name)
cerr("local a<close>, b<close> = 1, 2", "multiple to-be-closed variables in local list")
cerr("local<close> a, b", "multiple to-be-closed variables in local list")
cerr("local <close> a, b = 1", "multiple to-be-closed variables in local list")
-- a postfix attribute overrides the prefix one for its name
assert(load("local<const> a, b<close> = 1, nil", "=c"))
assert(load("local<close> a = nil; return a", "=c"))

-- run-time check of the value of a to-be-closed variable
rerr("local x <close> = 1", "c:1: variable 'x' got a non-closable value")
rerr("local x <close> = {}", "c:1: variable 'x' got a non-closable value")
rerr("local x <close> = setmetatable({}, {})", "c:1: variable 'x' got a non-closable value")
rerr("local a, x <close> = 1, 'abc'", "c:1: variable 'x' got a non-closable value")
rerr("local x <close> = function() end", "c:1: variable 'x' got a non-closable value")
-- nil and false are accepted and ignored
assert(run("local x <close> = false; return 1") == 1)
assert(run("local x <close> = nil; return 2") == 2)
-- the check happens at the declaration, before later statements
do
  local reached = false
  local ok, e = pcall(function()
    local x <close> = 42
    reached = true
  end)
  assert(not ok and not reached)
end
-- only the value of the to-be-closed name is checked
assert(run("local<const> a, b<close> = 1, nil; return a") == 1)

-- <close> variables are constant
cerr("local x <close> = nil; x = 1", "attempt to assign to const variable 'x'")

-- const locals as upvalues keep their value
do
  local fs = {}
  for i = 1, 3 do
    local v <const> = i * 10
    fs[i] = function() return v end
  end
  assert(fs[1]() == 10 and fs[2]() == 20 and fs[3]() == 30)
end

print("OK attribs")
