-- coclose.lua: coroutine.close: closing suspended and dead coroutines,
-- pending to-be-closed variables (one argument on normal close), errors
-- from close methods, the 5.5 self-close (no argument, from inside the
-- coroutine, also under pcall), and "cannot close" errors.

local log = {}
local function check(...)
  local n = select("#", ...)
  assert(#log == n, "log has " .. #log .. " entries, expected " .. n)
  for i = 1, n do assert(log[i] == select(i, ...), tostring(log[i])) end
  log = {}
end
local function closer(name, err)
  return setmetatable({}, {__close = function(...)
    local _, e = ...
    log[#log + 1] = name .. ":" .. tostring(e) .. ":" .. select("#", ...)
    if err then error(err, 0) end
  end})
end

-- closing a fresh or finished coroutine
do
  assert(coroutine.close(coroutine.create(print)) == true)
  local co = coroutine.create(function() return 1 end)
  coroutine.resume(co)
  assert(coroutine.close(co) == true)
  assert(coroutine.status(co) == "dead")
end

-- closing a coroutine that died with an error returns false and the error
do
  local co = coroutine.create(load("error('E')", "=c"))
  local ok, e = coroutine.resume(co)
  assert(not ok and e == "c:1: E")
  local ok2, e2 = coroutine.close(co)
  assert(ok2 == false and e2 == "c:1: E")
  assert(coroutine.status(co) == "dead")
  -- after closing, the error is gone
  assert(coroutine.close(co) == true)
  local obj = {}
  co = coroutine.create(function() error(obj) end)
  coroutine.resume(co)
  local ok3, e3 = coroutine.close(co)
  assert(ok3 == false and e3 == obj)
end

-- closing a suspended coroutine runs its pending close methods
do
  local co = coroutine.create(function()
    local a <close> = closer"a"
    local b <close> = closer"b"
    coroutine.yield()
    log[#log + 1] = "unreachable"
  end)
  coroutine.resume(co)
  check()
  assert(coroutine.close(co) == true)
  check("b:nil:1", "a:nil:1")
  assert(coroutine.status(co) == "dead")
  local ok, e = coroutine.resume(co)
  assert(not ok and e == "cannot resume dead coroutine")
end

-- an error in a close method is returned by close
do
  local co = coroutine.create(function()
    local a <close> = closer("a")
    local b <close> = closer("b", "EB")
    coroutine.yield()
  end)
  coroutine.resume(co)
  local ok, e = coroutine.close(co)
  assert(ok == false and e == "EB")
  check("b:nil:1", "a:EB:2")
  local co2 = coroutine.create(function()
    local x <close> = setmetatable({}, {__close = function() error("cerr", 0) end})
    coroutine.yield()
  end)
  coroutine.resume(co2)
  local ok2, e2 = coroutine.close(co2)
  assert(ok2 == false and e2 == "cerr" and coroutine.status(co2) == "dead")
end

-- a close method may yield while the coroutine finishes normally
do
  local co = coroutine.wrap(function()
    local x <close> = setmetatable({}, {__close = function() coroutine.yield("in close") end})
    return "result"
  end)
  assert(co() == "in close")
  assert(co() == "result")
end

-- cannot close the main thread or a running/normal coroutine
do
  local ok, e = pcall(coroutine.close, coroutine.running())
  assert(not ok and e == "cannot close main thread")
  local outer
  local res
  outer = coroutine.create(function()
    local inner = coroutine.create(function()
      res = {pcall(coroutine.close, outer)}
    end)
    coroutine.resume(inner)
  end)
  coroutine.resume(outer)
  assert(res[1] == false and res[2] == "cannot close a normal coroutine")
end

-- 5.5 self-close: coroutine.close() with no argument inside a coroutine
do
  local co = coroutine.create(function()
    local z <close> = closer"z"
    coroutine.close()
    log[#log + 1] = "unreachable"
  end)
  local r = {coroutine.resume(co)}
  assert(#r == 1 and r[1] == true)
  assert(coroutine.status(co) == "dead")
  check("z:nil:1")

  -- closing itself by name is the same
  local me
  me = coroutine.create(function()
    local z <close> = closer"byname"
    coroutine.close(me)
    log[#log + 1] = "unreachable"
  end)
  assert(coroutine.resume(me) == true)
  check("byname:nil:1")

  -- the resume that started the coroutine returns
  local co2 = coroutine.create(function()
    coroutine.yield(1)
    local y <close> = closer"y"
    coroutine.close()
  end)
  local ok, v = coroutine.resume(co2)
  assert(ok and v == 1)
  r = {coroutine.resume(co2)}
  assert(#r == 1 and r[1] == true)
  check("y:nil:1")

  -- an error raised by a close method during a self-close
  local co3 = coroutine.create(function()
    local z <close> = setmetatable({}, {__close = function() error("boom", 0) end})
    coroutine.close()
  end)
  local ok3, e3 = coroutine.resume(co3)
  assert(ok3 == false and e3 == "boom" and coroutine.status(co3) == "dead")

  -- self-close works even where the coroutine could not yield (under pcall)
  local co4 = coroutine.create(function()
    local z <close> = closer"p"
    pcall(coroutine.close)
    log[#log + 1] = "unreachable"
    return "after"
  end)
  r = {coroutine.resume(co4)}
  assert(#r == 1 and r[1] == true and coroutine.status(co4) == "dead")
  check("p:nil:1")

  -- self-close through wrap
  local w = coroutine.wrap(function()
    local z <close> = closer"w"
    coroutine.yield(1)
    coroutine.close()
  end)
  assert(w() == 1)
  assert(select("#", w()) == 0)
  check("w:nil:1")
end

-- closing a coroutine suspended inside nested functions and loops
do
  local function deep(n)
    local c <close> = closer("d" .. n)
    if n == 0 then coroutine.yield() else deep(n - 1) end
  end
  local co = coroutine.create(function() deep(2) end)
  coroutine.resume(co)
  assert(coroutine.close(co))
  check("d0:nil:1", "d1:nil:1", "d2:nil:1")
  local function iter() return function() coroutine.yield() end, nil, nil, closer"it" end
  co = coroutine.create(function() for x in iter() do end end)
  coroutine.resume(co)
  assert(coroutine.close(co))
  check("it:nil:1")
end

print("OK coclose")
