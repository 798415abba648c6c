-- cofuzz.lua: random coroutine programs (a fixed pseudo-random sequence)
-- mixing resume, wrap, yield, errors, pcall, close, to-be-closed variables,
-- generic for over wrap and tail-called yields; the log of what happened is
-- printed, so the differential suite compares it with the reference.

local seed = tonumber(arg and arg[1]) or 12345
local ROUNDS = tonumber(arg and arg[2]) or 300

local function rnd (n)   -- our own generator: same sequence everywhere
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

local log = {}
local function note (...)
  local t = table.pack(...)
  for i = 1, t.n do
    local v = t[i]
    if type(v) == "string" then v = string.gsub(v, "0x%x+", "ADDR") end
    t[i] = tostring(v)
  end
  log[#log + 1] = table.concat(t, " ", 1, t.n)
end

local cos = {}     -- coroutines (threads)
local wraps = {}   -- wrap functions
local depth = 0

local body

local function action (me, n)
  local a = rnd(14)
  if a <= 3 then
    note(me, "yield", n)
    local r = table.pack(coroutine.yield(n, me))
    note(me, "resumed with", r.n, r[1])
  elseif a == 4 then
    local c = cos[rnd(#cos)]
    if rnd(4) > 1 then
      local start = rnd(#cos)
      for k = 0, #cos - 1 do
        local c1 = cos[(start + k - 1) % #cos + 1]
        if coroutine.status(c1) == "suspended" then c = c1 break end
      end
    end
    local r = table.pack(coroutine.resume(c, me, n))
    note(me, "resume ->", r.n, r[1], r[2], coroutine.status(c))
  elseif a == 5 then
    local w = wraps[rnd(#wraps)]
    if rnd(2) == 1 then
      w = coroutine.wrap(body)
      wraps[#wraps + 1] = w
    end
    local r = table.pack(pcall(w, me))
    note(me, "wrap ->", r.n, r[1], r[2])
  elseif a == 6 then
    if rnd(3) == 1 then error(me .. " fails " .. n) end
    note(me, "no error")
  elseif a == 7 then
    local ok, e = pcall(action, me, n + 1)
    note(me, "pcall ->", ok, e)
  elseif a == 8 then
    local x <close> = setmetatable({}, {__close = function (_, e)
      note(me, "close", e)
      if rnd(4) == 1 then coroutine.yield("in close") end
    end})
    action(me, n + 1)
  elseif a == 9 then
    if #cos < 60 then
      local id = #cos + 1
      cos[id] = coroutine.create(body)
      wraps[#wraps + 1] = coroutine.wrap(body)
      note(me, "created", id)
    end
  elseif a == 10 then
    local c = cos[rnd(#cos)]
    local ok, e = pcall(coroutine.close, c)
    note(me, "close ->", ok, e, coroutine.status(c))
  elseif a == 11 then
    local w = coroutine.wrap(function (k)
      for i = 1, k do coroutine.yield(i) end
    end)
    local s = 0
    for v in function () return w(3) end do s = s + v end
    note(me, "for sum", s)
  elseif a == 12 then
    local function ty (v) return coroutine.yield(v) end
    note(me, "tail yield")
    note(me, "tail got", ty(n * 10))
  elseif a == 13 then
    local mt = {__index = function (_, k) return coroutine.yield("idx " .. k) end}
    local t = setmetatable({}, mt)
    note(me, "meta got", t.key)
  else
    local ok, e = pcall(coroutine.yield, "pcall yield")
    note(me, "pcall yield ->", ok, e)
  end
end

function body (who, n)
  depth = depth + 1
  local me = "co" .. depth
  note(me, "start", who)
  for i = 1, rnd(12) do action(me, i) end
  note(me, "end")
  return me .. " done"
end

for i = 1, 4 do
  cos[i] = coroutine.create(body)
  wraps[i] = coroutine.wrap(body)
end

local function pick ()   -- a suspended coroutine if there is one nearby
  local start = rnd(#cos)
  for k = 0, #cos - 1 do
    local c = cos[(start + k - 1) % #cos + 1]
    if coroutine.status(c) == "suspended" then return c end
  end
  cos[#cos + 1] = coroutine.create(body)
  return cos[#cos]
end

for round = 1, ROUNDS do
  local c = pick()
  local r = table.pack(coroutine.resume(c, "main", round))
  note("main resume", r.n, r[1], r[2], coroutine.status(c))
  if rnd(3) == 1 then
    local r2 = table.pack(pcall(wraps[rnd(#wraps)], "main"))
    note("main wrap", r2.n, r2[1], r2[2])
  end
  if round % 50 == 0 then collectgarbage() end
end

for i = 1, #log do print(log[i]) end
print("OK cofuzz")
