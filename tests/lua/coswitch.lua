-- coswitch.lua: coroutine.resume, wrap functions and coroutine.yield called
-- from Lua, where the VM switches threads itself, against every outcome
-- that must still look as the library functions make it: errors (with
-- wrap's position), yields through C functions, metamethods and __close,
-- coroutines closing themselves, hooks, limits, the debug view of the
-- resumer, collections in between.

local function show (...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(table.concat(t, " ", 1, t.n))
end

local function strip (msg)   -- no addresses in messages
  return (string.gsub(tostring(msg), "0x%x+", "ADDR"))
end

-- 1. values in and out, every count of results
do
  local co = coroutine.create(function (a, b, ...)
    show("start", a, b, select("#", ...))
    local x, y = coroutine.yield(a + b, nil, "z")
    show("got", x, y)
    local t = table.pack(coroutine.yield())
    show("got n", t.n)
    local r = coroutine.yield(table.unpack(t, 1, t.n))
    return r, "end", nil
  end)
  show(coroutine.resume(co, 1, 2, 3, nil))
  show(coroutine.resume(co, "x"))
  show(coroutine.resume(co, 1, nil, 3, nil, nil))
  local a, b, c, d, e, f, g = coroutine.resume(co, "last")
  show(a, b, c, d, e, f, g)
  show(coroutine.status(co), coroutine.resume(co))
  -- fixed result counts at the call
  local w = coroutine.wrap(function (...)
    local n = 0
    while true do n = n + 1; coroutine.yield(n, n * 2, n * 3) end
  end)
  local a1 = w(); show(a1)
  local b1, b2 = w(); show(b1, b2)
  local c1, c2, c3, c4, c5 = w(); show(c1, c2, c3, c4, c5)
  w()
  show(select("#", w()))
  local t = {w(), w()}
  show(#t, t[1], t[2], t[3], t[4])
end

-- 2. generators in generic for, nested pipelines, tail-call yields
do
  local function gen (n)
    return coroutine.wrap(function ()
      for i = 1, n do coroutine.yield(i, i * i) end
    end)
  end
  local s = 0
  for i, sq in gen(10) do s = s + i + sq end
  show("for", s)
  local function filt (src)
    return coroutine.wrap(function ()
      for v in src do
        if v % 2 == 0 then coroutine.yield(v) end
      end
    end)
  end
  local acc = {}
  for v in filt(gen(12)) do acc[#acc + 1] = v end
  show("pipe", table.concat(acc, ","))
  local function tailgen ()
    local function step (i)
      if i > 3 then return "done" end
      local got = coroutine.yield(i)
      return step(i + (got or 1))
    end
    return coroutine.wrap(function () return step(1) end)
  end
  local tg = tailgen()
  show(tg(), tg(1), tg(1), tg(5))
  local co = coroutine.wrap(function (...)
    local function f (...) return coroutine.yield(...) end
    return f(...)
  end)
  show(co(1, 2, 3))
  show(co("a", "b"))
  -- vararg function tail-yielding
  local vy = coroutine.wrap(function (...)
    local function v (...) return coroutine.yield(select("#", ...), ...) end
    return v(...)
  end)
  show(vy(7, 8, 9))
  show(vy("back"))
  -- resume through the resume function in a for loop
  local co2 = coroutine.create(function () for i = 1, 3 do coroutine.yield(i) end end)
  for ok, v in coroutine.resume, co2 do
    if not v then break end
    show("resumefor", ok, v)
  end
end

-- 3. errors: resume returns them, wrap raises them with its position
do
  local co = coroutine.create(function (x)
    coroutine.yield(x)
    error("boom")
  end)
  show(coroutine.resume(co, 1))
  show(coroutine.resume(co))
  show(coroutine.status(co), coroutine.resume(co))
  local co2 = coroutine.create(function () error({code = 42}) end)
  local ok, e = coroutine.resume(co2)
  show(ok, type(e), e.code)
  local w = coroutine.wrap(function () coroutine.yield(1); error("wrapped") end)
  show(w())
  show(pcall(w))
  show(pcall(w))   -- dead
  local w2 = coroutine.wrap(function () error(setmetatable({}, {__tostring = function () return "obj" end})) end)
  local ok2, e2 = pcall(w2)
  show(ok2, tostring(e2))
  local w3 = coroutine.wrap(function () local x = nil; return x.y end)
  show(pcall(w3))
  local w4 = coroutine.wrap(function () error() end)
  show(pcall(w4))
  local w5 = coroutine.wrap(function () error("lvl2", 2) end)
  show(pcall(w5))
  -- errors while a wrap is used as an iterator
  local ok3, e3 = pcall(function ()
    for v in coroutine.wrap(function () coroutine.yield(1); error("in for") end) do
      show("iter", v)
    end
  end)
  show(ok3, e3)
  -- nested: the inner coroutine's error reaches the outer resumer only
  local outer = coroutine.wrap(function ()
    local inner = coroutine.wrap(function () coroutine.yield("in1"); error("inner err") end)
    coroutine.yield(inner())
    local ok4, e4 = pcall(inner)
    coroutine.yield(ok4, e4)
    return "outer done"
  end)
  show(outer()); show(outer()); show(outer())
end

-- 4. pcall/error handling inside coroutines, yields across pcall
do
  local co = coroutine.wrap(function ()
    local ok, e = pcall(function ()
      local v = coroutine.yield("in pcall")
      error("after " .. v)
    end)
    coroutine.yield(ok, e)
    local ok2, e2 = xpcall(function ()
      coroutine.yield("in xpcall")
      error("x")
    end, function (m) return "handled: " .. m end)
    coroutine.yield(ok2, e2)
    local ok3, v3 = pcall(coroutine.yield, "yield as pcall'd function")
    return ok3, v3
  end)
  show(co()); show(co("resume1")); show(co()); show(co()); show(co()); show(co("back"))
  -- an error in a pcall'd function after the coroutine yielded in it
  local co2 = coroutine.create(function ()
    local ok, e = pcall(function ()
      coroutine.yield(1)
      local t = nil
      return t.x
    end)
    return "caught", ok, e
  end)
  show(coroutine.resume(co2)); show(coroutine.resume(co2))
end

-- 5. yields inside metamethods, __close and iterators called from C
do
  local mt = {
    __index = function (t, k) return coroutine.yield("index " .. k) end,
    __add = function (a, b) return coroutine.yield("add") end,
    __lt = function (a, b) return coroutine.yield("lt") end,
    __concat = function (a, b) return coroutine.yield("concat") end,
    __eq = function (a, b) return coroutine.yield("eq") end,
    __len = function (a) return coroutine.yield("len") end,
    __call = function (self, x) return coroutine.yield("call", x) end,
    __newindex = function (t, k, v) coroutine.yield("newindex " .. k) end,
  }
  local co = coroutine.wrap(function ()
    local a = setmetatable({}, mt)
    local b = setmetatable({}, mt)
    local r = {}
    r[1] = a.foo
    r[2] = a + 1
    r[3] = a < b
    r[4] = a .. "x"
    r[5] = a == b
    r[6] = #a
    r[7] = a(5)
    a.bar = 1
    return table.unpack(r, 1, 7)
  end)
  show(co())
  show(co("v1")); show(co("v2")); show(co(false)); show(co("v4"))
  show(co(true)); show(co(9)); show(co("v7")); show(co())
  -- table.sort comparator cannot yield: error across a C boundary
  local co2 = coroutine.create(function ()
    table.sort({3, 2, 1}, function (x, y) coroutine.yield(); return x < y end)
  end)
  show(coroutine.resume(co2))
  -- yielding from string.gsub callback: not allowed either
  local co3 = coroutine.wrap(function ()
    return pcall(string.gsub, "abc", "%w", function (c) coroutine.yield(c) end)
  end)
  show(co3())
  -- tbc variables whose __close yields
  local function func2close (f) return setmetatable({}, {__close = f}) end
  local co4 = coroutine.wrap(function ()
    local x <close> = func2close(function () coroutine.yield("closing x") end)
    local y <close> = func2close(function (_, e) coroutine.yield("closing y", e) end)
    coroutine.yield("body")
    return "ret1", "ret2"
  end)
  show(co4()); show(co4()); show(co4()); show(co4())
  local co5 = coroutine.wrap(function ()
    local x <close> = func2close(function (_, e) coroutine.yield("close on error", strip(e)) end)
    error("err with tbc")
  end)
  show(pcall(co5))
  show(pcall(co5))
end

-- 6. close, running, status, isyieldable; a coroutine closing itself
do
  local co
  co = coroutine.create(function ()
    show("running", coroutine.running() == co, coroutine.isyieldable())
    show("status self", coroutine.status(co))
    coroutine.yield()
    local closed = false
    local x <close> = setmetatable({}, {__close = function () closed = true; show("closed x") end})
    coroutine.close()   -- closes itself
    show("not reached")
  end)
  coroutine.resume(co)
  show(coroutine.status(co))
  show(coroutine.resume(co))
  show(coroutine.status(co), coroutine.resume(co))
  -- status of the resumer seen from inside
  local main = coroutine.running()
  local outer
  outer = coroutine.create(function ()
    local inner = coroutine.create(function ()
      show("outer is", coroutine.status(outer))
      show(coroutine.resume(outer))
      show(pcall(coroutine.close, outer))
      coroutine.yield()
    end)
    coroutine.resume(inner)
    show("inner is", coroutine.status(inner))
    show(coroutine.close(inner), coroutine.status(inner))
  end)
  show(coroutine.resume(outer))
  -- close a suspended coroutine with pending tbc
  local co3 = coroutine.create(function ()
    local a <close> = setmetatable({}, {__close = function () show("close a") end})
    coroutine.yield(1)
  end)
  coroutine.resume(co3)
  show(coroutine.close(co3), coroutine.status(co3))
  local co4 = coroutine.create(function ()
    local a <close> = setmetatable({}, {__close = function () error("close err") end})
    coroutine.yield(1)
  end)
  coroutine.resume(co4)
  show(coroutine.close(co4))
  -- resume errors
  show(coroutine.resume(coroutine.running()))
  local w
  w = coroutine.wrap(function () return w() end)
  show(pcall(w))
  show(pcall(coroutine.resume))
  show(pcall(coroutine.resume, {}))
  show(pcall(coroutine.yield, 1))
end

-- 7. many values and deep nesting
do
  local big = {}
  for i = 1, 5000 do big[i] = i end
  local co = coroutine.wrap(function (...)
    local n = select("#", ...)
    local t = table.pack(coroutine.yield(n, ...))
    return t.n, t[t.n]
  end)
  local r = table.pack(co(table.unpack(big)))
  show(r.n, r[1], r[r.n])
  show(co(table.unpack(big, 1, 4000)))
  -- a chain of coroutines each resuming the next
  local function chain (n)
    if n == 0 then return coroutine.yield("bottom") end
    local c = coroutine.wrap(chain)
    local v = c(n - 1)
    return v
  end
  show(coroutine.wrap(chain)(50))
  -- too deep: C stack overflow as the reference reports it
  local depth = 0
  local function deep ()
    depth = depth + 1
    local c = coroutine.wrap(deep)
    return c()
  end
  local ok, e = pcall(deep)
  local msg, npos = string.gsub(e, "^[^:]*:%d+: ", "")
  while npos > 0 do msg, npos = string.gsub(msg, "^[^:]*:%d+: ", "") end
  show(ok, msg, select(2, string.gsub(e, ":%d+:", "")), depth > 100)
  local depth2 = 0
  local function deep2 ()
    depth2 = depth2 + 1
    local c = coroutine.create(deep2)
    local ok, e = coroutine.resume(c)
    if not ok then error(e, 0) end
    return e
  end
  local ok2, e2 = pcall(deep2)
  show(ok2, strip(e2), depth2 > 100)
end

-- 8. garbage collection while switching; coroutines collected
do
  local gens = {}
  for i = 1, 50 do
    gens[i] = coroutine.wrap(function ()
      local t = {}
      for j = 1, 100 do
        t[j] = {j}
        if j % 10 == 0 then collectgarbage("step") end
        coroutine.yield(#t)
      end
    end)
  end
  local s = 0
  for round = 1, 100 do
    for i = 1, 50 do s = s + gens[i]() end
    if round % 25 == 0 then collectgarbage() end
  end
  show("gc sum", s)
  gens = nil
  collectgarbage()
  collectgarbage("generational")
  local w = coroutine.wrap(function ()
    for i = 1, 1000 do coroutine.yield(setmetatable({}, {__gc = function () end})) end
  end)
  for i = 1, 1000 do w() if i % 100 == 0 then collectgarbage() end end
  collectgarbage("incremental")
  show("gc done")
end

-- 9. hooks on the resumer or on the coroutine
do
  local events = {}
  local co = coroutine.create(function ()
    for i = 1, 3 do coroutine.yield(i) end
  end)
  debug.sethook(function (ev) events[#events + 1] = ev end, "cr")
  coroutine.resume(co)
  coroutine.resume(co)
  debug.sethook()
  show("hook events", #events > 0)
  -- a hook set on the coroutine while it is suspended
  local lines = 0
  local co2 = coroutine.create(function ()
    local a = 1
    coroutine.yield()
    a = a + 1
    a = a + 1
    return a
  end)
  coroutine.resume(co2)
  debug.sethook(co2, function () lines = lines + 1 end, "l")
  show(coroutine.resume(co2))
  show("lines", lines)
  -- a coroutine setting a hook on its resumer
  local main = coroutine.running()
  local seen = 0
  local co3 = coroutine.wrap(function ()
    debug.sethook(main, function () seen = seen + 1 end, "r")
    coroutine.yield("set")
    return "end"
  end)
  show(co3())
  debug.sethook(main)
  show("ret hooks", seen > 0)
  -- count hook yielding inside the coroutine
  local co4 = coroutine.create(function ()
    local s = 0
    for i = 1, 100 do s = s + i end
    return s
  end)
  debug.sethook(co4, function () coroutine.yield() end, "", 7)
  local n = 0
  while true do
    local ok, v = coroutine.resume(co4)
    n = n + 1
    if coroutine.status(co4) == "dead" then show("count yields", ok, v, n > 5) break end
  end
end

-- 10. the resumer's frames from inside; tracebacks of suspended coroutines
do
  local function where (co)
    local lv = debug.getinfo(co, 0, "Sn")
    return lv and lv.what
  end
  local main = coroutine.running()
  local co = coroutine.wrap(function ()
    local info = debug.getinfo(main, 0, "Sn")
    show("resumer top", info.what)
    local info1 = debug.getinfo(main, 1, "Sl")
    show("resumer caller", info1.what, info1.currentline > 0)
    coroutine.yield()
  end)
  co()
  local c2 = coroutine.create(function () local x = 1; coroutine.yield(x) end)
  coroutine.resume(c2)
  show("suspended top", where(c2))
  local tb = debug.traceback(c2)
  show("traceback lines", select(2, string.gsub(tb, "\n", "\n")) >= 2)
  local c3 = coroutine.create(function () error("dead here") end)
  coroutine.resume(c3)
  show("dead traceback", (string.find(debug.traceback(c3), "dead here", 1, true)) == nil)
  show(debug.getinfo(c3, 0, "l") ~= nil)
end

-- 11. yield from a C function called by Lua but not coroutine.yield
--     (pcall of yield, select of yield, table.unpack in a resume)
do
  local co = coroutine.wrap(function ()
    local a, b = pcall(coroutine.yield, "py")
    local c = select(2, coroutine.yield("sel"))
    return a, b, c
  end)
  show(co()); show(co("r1")); show(co("x", "y"))
  -- wrap called through pcall / through a C function
  local w = coroutine.wrap(function (...) coroutine.yield(...); return "fin" end)
  show(pcall(w, 1, 2))
  show(select("#", w()))
  show(pcall(w))
  local w2 = coroutine.wrap(function () while true do coroutine.yield(1) end end)
  show(table.concat({w2(), w2(), w2()}, ","))
  local t = {}
  for i = 1, 3 do t[i] = w2() end
  show(#t)
  show(string.rep("a", w2()))
end

print("OK coswitch")
