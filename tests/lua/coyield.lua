-- coyield.lua: yielding from awkward places: across pcall and xpcall
-- (nested, with errors after resuming), inside every metamethod that Lua
-- code can trigger, inside generic-for iterators, inside close methods,
-- and the "attempt to yield across a C-call boundary" error where the
-- reference forbids it (load reader, __tostring via tostring).

-- Drive a coroutine to completion, answering each yield `v` with v .. "!".
-- Returns the final results (as a table) and the list of yielded values.
local function drive(f)
  local co = coroutine.create(f)
  local yielded = {}
  local r = {coroutine.resume(co)}
  while coroutine.status(co) == "suspended" do
    yielded[#yielded + 1] = r[2]
    r = {coroutine.resume(co, r[2] .. "!")}
  end
  return r, yielded
end

local function join(t)
  local s = ""
  for i = 1, #t do s = s .. (i > 1 and "," or "") .. tostring(t[i]) end
  return s
end

-- yield inside metamethods
do
  local Y = coroutine.yield
  local mt = {
    __add = function(a, b) return Y("add") end,
    __sub = function(a, b) return Y("sub") end,
    __concat = function(a, b) return Y("concat") end,
    __eq = function(a, b) return Y("eq") end,
    __lt = function(a, b) return Y("lt") end,
    __le = function(a, b) return Y("le") end,
    __len = function(a) return Y("len") end,
    __unm = function(a) return Y("unm") end,
    __index = function(t, k) return Y("index") end,
    __newindex = function(t, k, v) Y("newindex") end,
    __call = function(self, x) return Y("call") end,
    __band = function() return Y("band") end,
    __shl = function() return Y("shl") end,
    __bnot = function() return Y("bnot") end,
    __close = function() Y("close") end,
  }
  local r, ys = drive(function()
    local a, b = setmetatable({}, mt), setmetatable({}, mt)
    local out = {}
    out[#out + 1] = a + 1
    out[#out + 1] = 1 - a
    out[#out + 1] = a .. "x"
    out[#out + 1] = "x" .. a .. "y"
    out[#out + 1] = a == b
    out[#out + 1] = a < b
    out[#out + 1] = a <= b
    out[#out + 1] = a > 1
    out[#out + 1] = #a
    out[#out + 1] = -a
    out[#out + 1] = a.x
    a.y = 1
    out[#out + 1] = a(1)
    out[#out + 1] = a & 1
    out[#out + 1] = a << 1
    out[#out + 1] = ~a
    do local c <close> = a end
    if a < b then out[#out + 1] = "if" end
    while not (a <= b) do end
    return join(out)
  end)
  assert(r[1] == true, r[2])
  assert(r[2] == "add!,sub!,concat!,xconcat!,true,true,true,true,len!,unm!,index!,call!,band!,shl!,bnot!,if",
         r[2])
  assert(join(ys) == "add,sub,concat,concat,eq,lt,le,lt,len,unm,index,newindex,call,band,shl,bnot,close,lt,le", join(ys))
end

-- yield inside a generic for iterator
do
  local co = coroutine.wrap(function()
    local s = ""
    for k in function(_, c) if c < 3 then return coroutine.yield(c) + 1 end end, nil, 0 do
      s = s .. k
    end
    return s
  end)
  assert(co() == 0)
  assert(co(1) == 2)       -- 1 + 1 = 2 is the next control value; yields 2
  assert(co(2) == "23")
end

-- yield across pcall
do
  local co = coroutine.create(function()
    local ok, e = pcall(function()
      local v = coroutine.yield("in pcall")
      error("after " .. v, 0)
    end)
    local ok2, v2 = pcall(pcall, coroutine.yield, "nested")
    return ok, e, ok2, v2
  end)
  local r = {coroutine.resume(co)}
  assert(r[1] and r[2] == "in pcall")
  r = {coroutine.resume(co, "resume1")}
  assert(r[1] and r[2] == "nested")
  r = {coroutine.resume(co, "resume2")}
  assert(r[1] == true and r[2] == false and r[3] == "after resume1" and r[4] == true and r[5] == true)
end

-- yield across xpcall, error handled after resuming
do
  local co = coroutine.create(function()
    return xpcall(function() coroutine.yield(1); error("x", 0) end,
                  function(m) return "handled " .. m end)
  end)
  local ok, v = coroutine.resume(co)
  assert(ok and v == 1)
  local ok2, st, msg = coroutine.resume(co)
  assert(ok2 and st == false and msg == "handled x")
end

-- pcall returning values yielded through several levels
do
  local function lvl(n)
    if n == 0 then return coroutine.yield("bottom") end
    local ok, v = pcall(lvl, n - 1)
    assert(ok)
    return v .. n
  end
  local co = coroutine.wrap(function() return lvl(5) end)
  assert(co() == "bottom")
  assert(co("x") == "x12345")
end

-- yield from a close method while pcall unwinds an error
do
  local co = coroutine.create(function()
    return pcall(function()
      local c <close> = setmetatable({}, {__close = function(_, e)
        coroutine.yield("closing " .. tostring(e))
      end})
      error("E", 0)
    end)
  end)
  local ok, v = coroutine.resume(co)
  assert(ok and v == "closing E")
  local ok2, st, e2 = coroutine.resume(co)
  assert(ok2 and st == false and e2 == "E")
  -- when the error leaves the coroutine's body, the close method cannot
  -- yield: the coroutine just dies with the error
  co = coroutine.create(function()
    local c <close> = setmetatable({}, {__close = function() coroutine.yield("no") end})
    error("E2", 0)
  end)
  local ok3, e3 = coroutine.resume(co)
  assert(not ok3 and e3 == "E2" and coroutine.status(co) == "dead")
end

-- a coroutine resumed from a metamethod of another coroutine
do
  local inner = coroutine.wrap(function() coroutine.yield(10); return 20 end)
  local obj = setmetatable({}, {__index = function() return inner() end})
  local outer = coroutine.wrap(function() return obj.a + obj.b end)
  assert(outer() == 30)
end

-- yielding across C-call boundaries that the reference forbids
do
  local co = coroutine.create(function()
    return load(function() coroutine.yield(1) end)
  end)
  local ok, f, msg = coroutine.resume(co)
  assert(ok and f == nil and msg == "attempt to yield across a C-call boundary")
  co = coroutine.create(function()
    return tostring(setmetatable({}, {__tostring = function() coroutine.yield(1); return "x" end}))
  end)
  local ok2, e2 = coroutine.resume(co)
  assert(not ok2 and e2 == "attempt to yield across a C-call boundary")
end

-- wrap inside wrap: yields go to the right resumer
do
  local outer = coroutine.wrap(function()
    local inner = coroutine.wrap(function()
      coroutine.yield("i1")
      coroutine.yield("i2")
    end)
    coroutine.yield(inner())
    coroutine.yield("o")
    coroutine.yield(inner())
  end)
  assert(outer() == "i1" and outer() == "o" and outer() == "i2")
end

print("OK coyield")
