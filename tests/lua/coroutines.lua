-- coroutines.lua: the coroutine library basics: create/resume/yield value
-- passing, status transitions, running/isyieldable, wrap, errors inside
-- coroutines, resuming dead or running coroutines, argument errors,
-- generators and producer/consumer patterns.

local function perr(msg, f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok and e == msg, e)
end

-- value passing in both directions
do
  local co = coroutine.create(function(a, b)
    local c, d = coroutine.yield(a + b)
    local e = coroutine.yield(c * d)
    return e, "end"
  end)
  assert(coroutine.status(co) == "suspended")
  local ok, v = coroutine.resume(co, 1, 2)
  assert(ok and v == 3 and coroutine.status(co) == "suspended")
  ok, v = coroutine.resume(co, 3, 4)
  assert(ok and v == 12)
  local ok2, e, s = coroutine.resume(co, "x")
  assert(ok2 and e == "x" and s == "end")
  assert(coroutine.status(co) == "dead")
  local ok3, msg = coroutine.resume(co)
  assert(not ok3 and msg == "cannot resume dead coroutine")
end

-- number of values is preserved, including nils
do
  local co = coroutine.create(function(...)
    local n = select("#", ...)
    return n, select("#", coroutine.yield(n))
  end)
  local ok, n = coroutine.resume(co, nil, nil)
  assert(ok and n == 2)
  local ok2, a, b = coroutine.resume(co, nil, nil, nil)
  assert(ok2 and a == 2 and b == 3)
  local c2 = coroutine.create(function() return select("#", coroutine.yield()) end)
  local r = {coroutine.resume(c2)}
  assert(#r == 1 and r[1] == true)
  r = {coroutine.resume(c2)}
  assert(r[1] == true and r[2] == 0)
end

-- status: suspended, running, normal, dead
do
  local main = coroutine.running()
  local co1, co2
  local seen = {}
  co1 = coroutine.create(function()
    seen[#seen + 1] = coroutine.status(co1)         -- running
    coroutine.resume(co2)
    seen[#seen + 1] = coroutine.status(co2)         -- suspended
  end)
  co2 = coroutine.create(function()
    seen[#seen + 1] = coroutine.status(co1)         -- normal
    seen[#seen + 1] = coroutine.status(co2)         -- running
    coroutine.yield()
  end)
  coroutine.resume(co1)
  assert(seen[1] == "running" and seen[2] == "normal" and seen[3] == "running")
  assert(seen[4] == "suspended")
  assert(coroutine.status(co1) == "dead" and coroutine.status(co2) == "suspended")
  assert(coroutine.status(main) == "running")
end

-- running and isyieldable
do
  local main, ismain = coroutine.running()
  assert(type(main) == "thread" and ismain == true)
  assert(select("#", coroutine.running()) == 2)
  assert(coroutine.isyieldable() == false)
  assert(coroutine.isyieldable(main) == false)
  local co
  co = coroutine.create(function()
    local me, im = coroutine.running()
    assert(me == co and im == false)
    assert(coroutine.isyieldable())
    assert(coroutine.isyieldable(co))
    return "ok"
  end)
  local ok, r = coroutine.resume(co)
  assert(ok and r == "ok")
  assert(coroutine.isyieldable(coroutine.create(print)) == true)
  local w = coroutine.wrap(function() return coroutine.running() end)
  assert(type(w()) == "thread")
end

-- yielding from the main thread
perr("attempt to yield from outside a coroutine", coroutine.yield)
do
  local ok, e = pcall(coroutine.yield, 1)
  assert(not ok and e == "attempt to yield from outside a coroutine")
end

-- resuming a running or normal coroutine
do
  local ok, a, b = pcall(coroutine.resume, coroutine.running())
  assert(ok and a == false and b == "cannot resume non-suspended coroutine")
  local co
  co = coroutine.create(function() return coroutine.resume(co) end)
  local ok1, ok2, msg = coroutine.resume(co)
  assert(ok1 and ok2 == false and msg == "cannot resume non-suspended coroutine")
  local outer
  outer = coroutine.create(function()
    local inner = coroutine.create(function() return coroutine.resume(outer) end)
    return coroutine.resume(inner)
  end)
  local r1, r2, r3, r4 = coroutine.resume(outer)
  assert(r1 and r2 and r3 == false and r4 == "cannot resume non-suspended coroutine")
end

-- errors inside coroutines
do
  local co = coroutine.create(load("error('E')", "=c"))
  local ok, e = coroutine.resume(co)
  assert(not ok and e == "c:1: E")
  assert(coroutine.status(co) == "dead")
  local obj = {}
  co = coroutine.create(function() error(obj) end)
  ok, e = coroutine.resume(co)
  assert(not ok and e == obj)
  co = coroutine.create(function() error() end)
  ok, e = coroutine.resume(co)
  assert(not ok and e == "<no error object>")
  co = coroutine.create(load("local x; return x.y", "=c"))
  ok, e = coroutine.resume(co)
  assert(not ok and e == "c:1: attempt to index a nil value (local 'x')")
  -- a coroutine that died in error cannot be resumed
  ok, e = coroutine.resume(co)
  assert(not ok and e == "cannot resume dead coroutine")
end

-- wrap
do
  local gen = coroutine.wrap(function(a)
    local b = coroutine.yield(a + 1)
    local c = coroutine.yield(b + 1)
    return c + 1
  end)
  assert(gen(1) == 2 and gen(10) == 11 and gen(100) == 101)
  -- errors propagate; string messages get the caller's position added
  local w = coroutine.wrap(function() return 1 end)
  w()
  perr("cannot resume dead coroutine", w)
  perr("c:1: cannot resume dead coroutine", load("local w = ... return w()", "=c"), w)
  perr("c:1: cannot resume dead coroutine", load("local w = ... w()", "=c"), w)
  local w2 = coroutine.wrap(function() error("oops", 0) end)
  perr("c:1: oops", load("local w = ... w()", "=c"), w2)
  local w3 = coroutine.wrap(load("local x = nil; x.y = 1", "=inner"))
  perr("c:1: inner:1: attempt to index a nil value (local 'x')", load("local w = ... w()", "=c"), w3)
  local obj = {}
  local w4 = coroutine.wrap(function() error(obj) end)
  local ok, e = pcall(w4)
  assert(not ok and e == obj)
  -- a generator that finishes returns nothing
  local g = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
  local a, b, c = g(), g(), g()
  assert(a == 1 and b == 2 and c == 3)
  assert(select("#", g()) == 0)
  perr("cannot resume dead coroutine", g)
end

-- argument errors
perr("bad argument #1 to 'coroutine.create' (function expected, got number)", coroutine.create, 1)
perr("bad argument #1 to 'coroutine.resume' (thread expected, got number)", coroutine.resume, 1)
perr("bad argument #1 to 'coroutine.status' (thread expected, got nil)", coroutine.status, nil)
perr("bad argument #1 to 'coroutine.wrap' (function expected, got table)", coroutine.wrap, {})
perr("bad argument #1 to 'coroutine.close' (thread expected, got table)", coroutine.close, {})
perr("bad argument #1 to 'coroutine.resume' (thread expected, got no value)", coroutine.resume)

-- a callable object is not a function for create
perr("bad argument #1 to 'coroutine.create' (function expected, got table)",
     coroutine.create, setmetatable({}, {__call = print}))

-- generators: permutations
do
  local function permgen(a, n)
    n = n or #a
    if n <= 1 then coroutine.yield(a)
    else
      for i = 1, n do
        a[n], a[i] = a[i], a[n]
        permgen(a, n - 1)
        a[n], a[i] = a[i], a[n]
      end
    end
  end
  local count, sig = 0, ""
  for p in coroutine.wrap(function() permgen({1, 2, 3, 4}) end) do
    count = count + 1
    if count <= 3 then sig = sig .. p[1] .. p[2] .. p[3] .. p[4] .. " " end
  end
  assert(count == 24 and sig == "2341 3241 3421 ")
end

-- producer / consumer
do
  local function producer()
    return coroutine.create(function()
      for i = 1, 5 do coroutine.yield(i * i) end
      return nil
    end)
  end
  local function filter(prod)
    return coroutine.create(function()
      while true do
        local _, v = coroutine.resume(prod)
        if v == nil then return nil end
        if v % 2 == 1 then coroutine.yield(v) end
      end
    end)
  end
  local f = filter(producer())
  local got = ""
  while true do
    local _, v = coroutine.resume(f)
    if v == nil then break end
    got = got .. v .. " "
  end
  assert(got == "1 9 25 ")
end

-- many coroutines alive at once
do
  local cos = {}
  for i = 1, 1000 do
    cos[i] = coroutine.create(function(x) local y = coroutine.yield(x * 2); return x + y end)
  end
  local sum = 0
  for i = 1, 1000 do local _, v = coroutine.resume(cos[i], i); sum = sum + v end
  for i = 1, 1000 do local _, v = coroutine.resume(cos[i], 1); sum = sum + v end
  assert(sum == 1001000 + 500500 + 1000)
end

-- deep recursion inside a coroutine, with yields from deep frames
do
  local function rec(n) if n == 0 then return coroutine.yield("bottom") end return rec(n - 1) end
  local function nontail(n) if n == 0 then coroutine.yield("deep"); return 0 end return 1 + nontail(n - 1) end
  local co = coroutine.wrap(function() rec(5000); return nontail(5000) end)
  assert(co() == "bottom" and co() == "deep" and co() == 5000)
end

print("OK coroutines")
