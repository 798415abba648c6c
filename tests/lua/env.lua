-- env.lua: _ENV: globals as fields of the _ENV upvalue, local _ENV
-- (including <const>), _ENV as a parameter, changing _ENV inside a
-- function, sandboxes with __index/__newindex on the environment, and the
-- independence of load's env argument from the caller's _ENV.

-- globals are _ENV fields
G1 = 1
assert(_ENV.G1 == 1 and _G.G1 == 1)
_ENV.G2 = 2
assert(G2 == 2)
G1, G2 = nil, nil

-- a local _ENV redirects free names
do
  local print_ = print
  local _ENV = {x = 1, assert = assert}
  y = x + 1
  assert(y == 2 and _ENV.y == 2)
  assert(print_ ~= nil)
end
assert(y == nil)

do
  local _ENV <const> = {assert = assert, val = "c"}
  assert(val == "c")
end

-- _ENV as a parameter
do
  local function withenv(_ENV) return a + b end
  assert(withenv({a = 1, b = 2}) == 3)
  local function setter(_ENV, v) z = v end
  local t = {}
  setter(t, 9)
  assert(t.z == 9 and z == nil)
end

-- changing the upvalue _ENV affects functions sharing it
do
  local f = load([[
    local function get() return v end
    local function swap(e) _ENV = e end
    return get, swap
  ]], "=c", "t", {v = "first"})
  local get, swap = f()
  assert(get() == "first")
  swap({v = "second"})
  assert(get() == "second")
end

-- a sandbox that logs accesses and protects names
do
  local log = {}
  local sandbox = setmetatable({}, {
    __index = function(_, k) log[#log + 1] = "read " .. k; return _G[k] end,
    __newindex = function(t, k, v)
      if k == "protected" then error("cannot set " .. k, 2) end
      log[#log + 1] = "write " .. k
      rawset(t, k, v)
    end,
  })
  local f = load("x = tostring(1) return x", "=c", "t", sandbox)
  assert(f() == "1")
  assert(log[1] == "read tostring" and log[2] == "write x" and #log == 2)
  local g = load("protected = 1", "=c", "t", sandbox)
  local ok, e = pcall(g)
  assert(not ok and e == "c:1: cannot set protected")
end

-- functions defined in a chunk keep that chunk's environment
do
  local env1 = {n = 1}
  local env2 = {n = 2}
  local f1 = load("return function() return n end", "=c", "t", env1)()
  local f2 = load("return function() return n end", "=c", "t", env2)()
  assert(f1() == 1 and f2() == 2)
  env1.n = 10
  assert(f1() == 10)
end

-- global function definitions go to the current _ENV
do
  local env = {}
  load("function gf() return 'gf' end", "=c", "t", env)()
  assert(env.gf() == "gf" and gf == nil)
end

-- _ENV declared in a nested scope
do
  local results = {}
  local function inner()
    local _ENV = {results = results}
    results[1] = tostring
  end
  inner()
  assert(results[1] == nil)
end

-- _ENV = nil makes global access fail
do
  local f = load("local _ENV = nil; return x", "=c")
  local ok, e = pcall(f)
  assert(not ok and e == "c:1: attempt to index a nil value (local '_ENV')")
  local g = load("_ENV = nil; return x", "=c")
  ok, e = pcall(g)
  assert(not ok and e == "c:1: attempt to index a nil value (upvalue '_ENV')")
end

print("OK env")
