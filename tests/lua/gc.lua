-- gc.lua: garbage collection as visible from Lua: collectgarbage options
-- (collect, count, step, stop/restart/isrunning, incremental/generational,
-- param, invalid options), __gc finalizers (order, resurrection, the
-- metatable must have __gc when set, errors inside finalizers, finalizers
-- run at exit), and weak tables (keys, values, both, ephemerons).

local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end

-- basic options
assert(collectgarbage("collect") == 0)
assert(collectgarbage() == 0)
local kb = collectgarbage("count")
assert(kb > 0 and kb == kb + 0.0 and tostring(kb // 1) ~= tostring(kb // 1 | 0))   -- a float
assert(select("#", collectgarbage("count")) == 1)
assert(collectgarbage("isrunning") == true)
assert(collectgarbage("stop") == 0)
assert(collectgarbage("isrunning") == false)
assert(collectgarbage("restart") == 0)
assert(collectgarbage("isrunning") == true)

-- modes: each call returns the previous mode
do
  local first = collectgarbage("generational")
  assert(first == "incremental" or first == "generational")
  assert(collectgarbage("incremental") == "generational")
  assert(collectgarbage("incremental") == "incremental")
  assert(collectgarbage("generational") == "incremental")
  assert(collectgarbage("generational") == "generational")
  collectgarbage(first)
end

-- step returns a boolean (true when it finished a cycle; exact pacing is
-- implementation-specific); repeated steps eventually finish a cycle
do
  local old = collectgarbage("incremental")
  assert(type(collectgarbage("step")) == "boolean")
  assert(type(collectgarbage("step", 0)) == "boolean")
  local done = false
  for i = 1, 1000 do
    if collectgarbage("step", 100000) then done = true; break end
  end
  assert(done)
  collectgarbage(old)
end

-- parameters: "param" returns the previous value and sets a new one
do
  local p = collectgarbage("param", "pause")
  assert(collectgarbage("param", "pause", 300) == p)
  assert(collectgarbage("param", "pause") == 300)
  assert(collectgarbage("param", "pause", p) == 300)
  for _, name in ipairs({"pause", "stepmul", "stepsize", "minormul", "minormajor", "majorminor"}) do
    local v = collectgarbage("param", name)
    assert(v >= 0 and v // 1 == v, name)
  end
  perr("bad argument #2 to 'collectgarbage' (invalid option 'bogus')", collectgarbage, "param", "bogus")
  perr("bad argument #2 to 'collectgarbage' (string expected, got no value)", collectgarbage, "param")
end

-- removed and invalid options
perr("bad argument #1 to 'collectgarbage' (invalid option 'setpause')", collectgarbage, "setpause")
perr("bad argument #1 to 'collectgarbage' (invalid option 'setstepmul')", collectgarbage, "setstepmul")
perr("bad argument #1 to 'collectgarbage' (invalid option 'bogus')", collectgarbage, "bogus")
perr("bad argument #1 to 'collectgarbage' (invalid option '1')", collectgarbage, 1)

-- memory is reclaimed
do
  collectgarbage()
  local before = collectgarbage("count")
  local t = {}
  for i = 1, 100000 do t[i] = {i} end
  local during = collectgarbage("count")
  assert(during > before + 1000)
  t = nil
  collectgarbage()
  collectgarbage()
  assert(collectgarbage("count") < during - 1000)
end

-- finalizers run in reverse order of marking
do
  local log = ""
  for i = 1, 3 do setmetatable({}, {__gc = function() log = log .. i end}) end
  collectgarbage()
  assert(log == "321", log)
end

-- the finalizer gets the object, which may be resurrected
do
  local res
  local obj = setmetatable({name = "r"}, {__gc = function(o) res = o end})
  obj = nil
  collectgarbage()
  assert(res and res.name == "r")
  -- a finalizer runs only once, even for a resurrected object
  local count = 0
  local o2 = setmetatable({}, {__gc = function(o) count = count + 1; res = o end})
  o2 = nil
  collectgarbage()
  assert(count == 1)
  res = nil
  collectgarbage()
  collectgarbage()
  assert(count == 1)
end

-- __gc must be in the metatable when setmetatable is called
do
  local called = false
  local mt = {}
  local x = setmetatable({}, mt)
  mt.__gc = function() called = true end
  x = nil
  collectgarbage()
  assert(not called)
  -- a placeholder field is enough to mark the object
  local mt2 = {__gc = true}
  local y = setmetatable({}, mt2)
  mt2.__gc = function() called = true end
  y = nil
  collectgarbage()
  assert(called)
end

-- errors inside finalizers do not propagate (they become warnings)
do
  setmetatable({}, {__gc = function() error("in gc") end})
  local ok = pcall(collectgarbage)
  assert(ok)
end

-- finalizers can allocate and create new objects
do
  local made
  setmetatable({}, {__gc = function() made = {1, 2, 3} end})
  collectgarbage()
  assert(made and #made == 3)
end

-- weak tables
do
  local wk = setmetatable({}, {__mode = "k"})
  local wv = setmetatable({}, {__mode = "v"})
  local wkv = setmetatable({}, {__mode = "kv"})
  local key = {}
  wk[key] = 1; wk[{}] = 2
  wv[1] = {}; wv[2] = key; wv[3] = "str"; wv[4] = 10; wv[5] = print
  wkv[key] = key; wkv[{}] = 1; wkv[1] = {}
  collectgarbage()
  local n = 0
  for k in pairs(wk) do n = n + 1 end
  assert(n == 1 and wk[key] == 1)
  assert(wv[1] == nil and wv[2] == key and wv[3] == "str" and wv[4] == 10 and wv[5] == print)
  n = 0
  for k in pairs(wkv) do n = n + 1 end
  assert(n == 1 and wkv[key] == key)
  key = nil
  collectgarbage()
  assert(next(wk) == nil and next(wkv) == nil)
end

-- ephemerons: a value that refers to its own key does not keep it alive
do
  local e = setmetatable({}, {__mode = "k"})
  do
    local k1 = {}
    e[k1] = {k1}
    local k2 = {}
    e[k2] = function() return k2 end
  end
  collectgarbage()
  assert(next(e) == nil)
  -- a chain through two entries
  local keep = {}
  local a = {}
  e[keep] = a
  e[a] = "value for a"
  a = nil
  collectgarbage()
  assert(e[e[keep]] == "value for a")
end

-- objects referenced only by a finalized object survive until it is done
do
  local inner = {data = 42}
  local seen
  setmetatable({ref = inner}, {__gc = function(o) seen = o.ref.data end})
  inner = nil
  collectgarbage()
  assert(seen == 42)
end

-- collection during heavy allocation in coroutines
do
  local cos = {}
  for i = 1, 100 do
    cos[i] = coroutine.wrap(function()
      local t = {}
      for j = 1, 100 do t[j] = {j}; if j % 10 == 0 then coroutine.yield(#t) end end
      return #t
    end)
  end
  local total = 0
  for round = 1, 10 do
    for i = 1, 100 do total = total + cos[i]() end
    collectgarbage("step")
  end
  assert(total == 100 * (10 + 20 + 30 + 40 + 50 + 60 + 70 + 80 + 90 + 100))
end

-- a finalizer that runs when the interpreter exits
setmetatable({}, {__gc = function() print("gc at exit") end})

print("OK gc")
